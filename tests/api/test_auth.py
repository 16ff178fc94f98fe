"""Identity and access: login, the access token (PASETO v4.public), its independent
verification, every way a token is refused, expiry and key rotation (on extra servers with a
pinned clock and key files of the test's own), refresh rotation and reuse detection, logout,
password change, the administrator's reset, and what a disabled account may still do.

Tokens are taken apart and made with tests/api/authkit.py (standard library and the openssl
CLI only), never with the server's code. Tests that change an account make their own.
"""

import json
import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

import authkit
import contract
from authkit import (DEMO_EMAILS, DEMO_PASSWORD, PEOPLE_ROLES, WWW_INVALID, WWW_MISSING,
                     Token, assert_problem, assert_unauthorized, assert_validation, b64u,
                     keygen, make_token, pid, rfc3339, unb64u, utc_now)

JSON = {"Content-Type": "application/json"}


def schema_errors(name, instance):
    schema = contract.SPEC["components"]["schemas"][name]
    validator = contract.jsonschema.Draft202012Validator(
        schema, resolver=contract.RESOLVER, format_checker=contract._FORMATS)
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def refresh(api, refresh_token):
    return api.post("/v1/auth/refresh", json={"refresh_token": refresh_token})


def logout(api, refresh_token):
    return api.post("/v1/auth/logout", json={"refresh_token": refresh_token})


def try_login(api, email, password):
    return api.post("/v1/auth/login", json={"email": email, "password": password})


def etag_of(api_admin, user_id):
    r = api_admin.get(f"/v1/users/{user_id}")
    assert r.status_code == 200, r.text[:300]
    return r.headers["ETag"]


def set_status(api_admin, user_id, status):
    r = api_admin.patch(f"/v1/users/{user_id}", json={"status": status},
                        headers={"If-Match": etag_of(api_admin, user_id),
                                 "Content-Type": "application/merge-patch+json"})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["status"] == status
    return r.json()


# Login

@pytest.mark.parametrize("role", PEOPLE_ROLES)
def test_login_answers_a_token_pair(api, role):
    r = try_login(api, DEMO_EMAILS[role], DEMO_PASSWORD)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["access_token"].startswith("v4.public.")
    assert body["refresh_token"] != body["access_token"]


def test_login_compares_emails_case_insensitively(api):
    r = try_login(api, DEMO_EMAILS["buyer"].upper(), DEMO_PASSWORD)
    assert r.status_code == 200, r.text[:300]


def test_login_sets_last_login_at(api, api_as, make_user):
    person = make_user("company")
    assert person.user["last_login_at"] is None
    before = utc_now() - timedelta(seconds=5)
    person.login()
    user = api_as("admin").get(f"/v1/users/{person.id}").json()
    assert user["last_login_at"] is not None
    moment = authkit.parse_time(user["last_login_at"])
    assert before <= moment <= utc_now() + timedelta(seconds=5), user["last_login_at"]


def test_login_failures_are_all_the_same_answer(api, api_as, make_user):
    # Wrong passwords go to an account of the test's own, never to a demo account.
    person = make_user("buyer")
    disabled = make_user("supplier")
    set_status(api_as("admin"), disabled.id, "disabled")
    answers = {
        "wrong password": try_login(api, person.email, person.password + "x"),
        "unknown email": try_login(api, authkit.unique_email("nobody"), DEMO_PASSWORD),
        "disabled account": try_login(api, disabled.email, disabled.password),
    }
    bodies = {}
    for why, r in answers.items():
        bodies[why] = assert_unauthorized(r, WWW_MISSING, "invalid-credentials")
    details = {(b["title"], b["detail"]) for b in bodies.values()}
    assert len(details) == 1, f"the answers tell the reasons apart: {details}"
    assert "errors" not in bodies["wrong password"]


@pytest.mark.parametrize("body, expected", [
    ({}, [("email", "required"), ("password", "required")]),
    ({"email": DEMO_EMAILS["buyer"]}, [("password", "required")]),
    ({"password": DEMO_PASSWORD}, [("email", "required")]),
    ({"email": "", "password": DEMO_PASSWORD}, [("email", None)]),
    ({"email": DEMO_EMAILS["buyer"], "password": ""}, [("password", None)]),
    ({"email": 42, "password": DEMO_PASSWORD}, [("email", "type")]),
    ({"email": DEMO_EMAILS["buyer"], "password": None}, [("password", "type")]),
    ({"email": DEMO_EMAILS["buyer"], "password": DEMO_PASSWORD, "remember": True},
     [("remember", "unknown")]),
])
def test_login_validation(api, body, expected):
    r = api.post("/v1/auth/login", json=body)
    problem = assert_problem(r, 400, "validation-failed", "/v1/auth/login")
    got = authkit.error_fields(problem)
    for field, code in expected:
        if code is None:    # an empty string: `required` or `range`, the field is named
            assert {c for f, c in got if f == field} & {"required", "range"}, got
        else:
            assert (field, code) in got, got


def test_login_takes_json_only(api):
    r = api.post("/v1/auth/login", data=f"email={DEMO_EMAILS['buyer']}&password=x",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_problem(r, 415, "unsupported-media-type", "/v1/auth/login")


# The access token

@pytest.mark.parametrize("role", PEOPLE_ROLES)
def test_access_token_claims_match_the_account(api, api_as, login, role):
    before = utc_now() - timedelta(seconds=5)
    pair = login(DEMO_EMAILS[role], DEMO_PASSWORD)
    after = utc_now() + timedelta(seconds=5)
    token = Token(pair["access_token"])
    assert not schema_errors("AccessTokenClaims", token.claims), \
        (schema_errors("AccessTokenClaims", token.claims), token.claims)
    assert not schema_errors("AccessTokenFooter", token.footer_json), token.footer_json
    assert json.loads(token.footer) == {"kid": token.kid}
    iat, exp = authkit.parse_time(token.claims["iat"]), authkit.parse_time(token.claims["exp"])
    assert before <= iat <= after, token.claims
    assert exp - iat == timedelta(minutes=15), token.claims

    r = api_as(token=pair["access_token"]).get("/v1/auth/me")
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    me = r.json()
    assert me["email"] == DEMO_EMAILS[role]
    assert me["role"] == role == token.claims["role"]
    assert me["id"] == token.claims["sub"]
    assert me["organisation_id"] == token.claims["org"]
    assert me["status"] == "active"
    assert not {k for k in me if "password" in k or "hash" in k}


@pytest.mark.parametrize("role", PEOPLE_ROLES)
def test_me_has_the_demo_organisation_of_the_fitting_kind(api_as, role):
    me = api_as(role).get("/v1/auth/me").json()
    org = me["organisation"]
    assert org is not None, f"demo {role} has no organisation"
    assert org["id"] == me["organisation_id"]
    assert org["kind"] in authkit.DEMO_KINDS[role], org


def test_every_token_has_its_own_jti(login):
    first = Token(login(DEMO_EMAILS["prescriber"], DEMO_PASSWORD)["access_token"])
    second = Token(login(DEMO_EMAILS["prescriber"], DEMO_PASSWORD)["access_token"])
    assert first.claims["jti"] != second.claims["jti"]
    assert first.text != second.text


def test_keys_are_published_with_their_paserk_ids(api, api_as):
    r = api.get("/v1/auth/keys")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    keys = r.json()["keys"]
    assert [k["current"] for k in keys].count(True) == 1, keys
    assert len({k["kid"] for k in keys}) == len(keys)
    for key in keys:
        assert key["kid"] == pid(authkit.public_key_of(key["public_key"])), key
    # The same with a token, and cached like reference data.
    assert api_as("buyer").get("/v1/auth/keys").json() == r.json()
    etag = r.headers["ETag"]
    again = api.get("/v1/auth/keys", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert api.get("/v1/auth/keys", headers={"If-None-Match": '"nope"'}).status_code == 200


def test_token_footer_names_the_current_key(api, login):
    token = Token(login(DEMO_EMAILS["admin"], DEMO_PASSWORD)["access_token"])
    keys = {k["kid"]: k for k in api.get("/v1/auth/keys").json()["keys"]}
    assert token.kid in keys, (token.kid, list(keys))
    assert keys[token.kid]["current"] is True


def test_token_verifies_with_the_published_key_by_openssl(api, login):
    token = Token(login(DEMO_EMAILS["facilitator"], DEMO_PASSWORD)["access_token"])
    key = {k["kid"]: k for k in api.get("/v1/auth/keys").json()["keys"]}[token.kid]
    pk = authkit.public_key_of(key["public_key"])
    assert authkit.ed25519_verify(pk, token.signed_bytes(), token.signature), \
        "openssl does not verify the server's signature over PAE(v4.public., m, f, '')"
    # The check is real: one bit changed anywhere fails it.
    flipped = bytearray(token.message)
    flipped[len(flipped) // 2] ^= 0x01
    assert not authkit.ed25519_verify(
        pk, authkit.pae(b"v4.public.", bytes(flipped), token.footer, b""), token.signature)
    assert not authkit.ed25519_verify(
        pk, authkit.pae(b"v4.public.", token.message, token.footer + b" ", b""),
        token.signature)


# Bad tokens: 401 `unauthorized` with error="invalid_token", wherever they are presented

def _flip(data, index):
    data = bytearray(data)
    data[index] ^= 0x01
    return bytes(data)


def _rebuild(token, message=None, signature=None, footer=None):
    message = token.message if message is None else message
    signature = token.signature if signature is None else signature
    footer = token.footer if footer is None else footer
    return "v4.public." + b64u(message + signature) + "." + b64u(footer)


def _forged_by_a_stranger(token, kid_of_server):
    seed, pk = keygen()
    return make_token(seed, dict(token.claims, jti=os.urandom(16).hex()),
                      kid=kid_of_server or pid(pk))


BAD_TOKENS = {
    "claims byte flipped": lambda t: _rebuild(t, message=_flip(t.message, len(t.message) // 2)),
    "first claims byte flipped": lambda t: _rebuild(t, message=_flip(t.message, 0)),
    "signature byte flipped": lambda t: _rebuild(t, signature=_flip(t.signature, 63)),
    "footer byte flipped": lambda t: _rebuild(t, footer=_flip(t.footer, len(t.footer) - 3)),
    "footer removed": lambda t: t.text.rsplit(".", 1)[0],
    "footer emptied": lambda t: t.text.rsplit(".", 1)[0] + ".",
    "truncated": lambda t: t.text[:-8],
    "trailing dot": lambda t: t.text + ".",
    "unknown key": lambda t: _forged_by_a_stranger(t, None),
    "server's kid, stranger's key": lambda t: _forged_by_a_stranger(t, t.kid),
    "v4.local": lambda t: "v4.local." + b64u(os.urandom(96)) + "." + t.text.rsplit(".", 1)[1],
    "v3.public": lambda t: "v3" + t.text[2:],
    "v2.public": lambda t: "v2" + t.text[2:],
    "garbage": lambda t: "garbage",
    "not base64": lambda t: "v4.public.!!!!.@@@@",
}
PROTECTED_AND_PUBLIC = [("GET", "/v1/auth/me"), ("GET", "/v1/auth/keys"),
                        ("GET", "/v1/reference/communes"), ("GET", "/v1/health")]


@pytest.mark.parametrize("method, path", PROTECTED_AND_PUBLIC)
@pytest.mark.parametrize("variant", BAD_TOKENS)
def test_bad_token_is_refused(api_as, token_for, variant, method, path):
    good = Token(token_for("buyer"))
    assert api_as(token=good.text).request(method, path).status_code == 200
    bad = BAD_TOKENS[variant](good)
    assert bad != good.text
    r = api_as(token=bad).request(method, path)
    assert_unauthorized(r, WWW_INVALID)
    assert r.json()["instance"] == path


def test_bad_token_is_refused_even_at_login(api_as):
    r = api_as(token="garbage").post("/v1/auth/login", json={
        "email": DEMO_EMAILS["buyer"], "password": DEMO_PASSWORD})
    assert_unauthorized(r, WWW_INVALID)


BAD_HEADERS = {
    "Bearer alone": lambda t: "Bearer",
    "two spaces": lambda t: "Bearer  " + t,
    "Basic": lambda t: "Basic YWRtaW5AZGVtby5hc3IueXQ6eA==",
    "Basic x": lambda t: "Basic x",
    "no scheme": lambda t: t,
    "other scheme": lambda t: "Token " + t,
    "two tokens": lambda t: f"Bearer {t} {t}",
    "token then junk": lambda t: f"Bearer {t}, x",
}


@pytest.mark.parametrize("path", ["/v1/auth/me", "/v1/auth/keys"])
@pytest.mark.parametrize("variant", BAD_HEADERS)
def test_malformed_authorization_header_is_refused(api_as, token_for, variant, path):
    header = BAD_HEADERS[variant](token_for("buyer"))
    r = api_as("anonymous").get(path, headers={"Authorization": header})
    assert_unauthorized(r, WWW_INVALID)


def test_no_credentials_is_a_401_without_error(api_as):
    r = api_as("anonymous").get("/v1/auth/me")
    body = assert_unauthorized(r, WWW_MISSING)
    assert body["instance"] == "/v1/auth/me"


# Expiry, validity and tokens made elsewhere: extra servers with a pinned clock (ASR_NOW)
# and a key file of the test's own, on the suite's database

def spawn(spawn_server, server_env, now=None, key_file=None):
    database_url, default_key_file, _, _ = server_env
    env = {"ASR_TOKEN_KEY_FILE": key_file or default_key_file}
    if now is not None:
        env["ASR_NOW"] = rfc3339(now)
    return spawn_server(database_url, **env)


def test_access_token_lives_15_minutes(spawn_server, server_env, api_as, make_user):
    person = make_user("buyer")
    t0 = utc_now()
    first = spawn(spawn_server, server_env, t0)
    pair = person.login(first.url)
    token = Token(pair["access_token"])
    assert authkit.parse_time(token.claims["iat"]) == t0, token.claims
    assert authkit.parse_time(token.claims["exp"]) == t0 + timedelta(minutes=15), token.claims
    assert api_as(token=token.text, base=first.url).get("/v1/auth/me").status_code == 200

    # A server whose clock is behind accepts a token issued up to 30 s in its future
    # (clock skew), not more.
    for offset, valid in ((timedelta(minutes=14, seconds=59), True),
                          (timedelta(minutes=15), False),
                          (timedelta(minutes=16), False),
                          (-authkit.IAT_SKEW, True),
                          (-authkit.IAT_SKEW - timedelta(seconds=1), False)):
        later = spawn(spawn_server, server_env, t0 + offset)
        r = api_as(token=token.text, base=later.url).get("/v1/auth/me")
        where = f"token issued at {rfc3339(t0)}, server clock at iat + ({offset})"
        if valid:
            assert r.status_code == 200, f"{where}: {r.status_code} {r.text[:200]}"
        else:
            assert r.status_code == 401, f"{where}: {r.status_code} {r.text[:200]}"
            assert_unauthorized(r, WWW_INVALID)
            # Public operations refuse it too.
            r = api_as(token=token.text, base=later.url).get("/v1/reference/communes")
            assert_unauthorized(r, WWW_INVALID)
        later.stop()


def test_tokens_made_independently_with_the_server_key(spawn_server, server_env, api_as,
                                                       make_user):
    """A token this test signs with openssl and the server's key is accepted when its claims
    are valid, and refused when they are not."""
    _, _, seed, pk = server_env
    person = make_user("company")
    t0 = utc_now()
    server = spawn(spawn_server, server_env, t0)
    kid = pid(pk)
    org = person.organisation["id"]

    def call(claims, **footer):
        token = make_token(seed, claims, **footer) if footer else make_token(seed, claims, kid=kid)
        return api_as(token=token, base=server.url).get("/v1/auth/me")

    r = call(authkit.claims_for(person.id, "company", org, iat=t0))
    assert r.status_code == 200, r.text[:300]
    assert r.json()["id"] == person.id
    fifteen = timedelta(minutes=15)
    r = call(authkit.claims_for(person.id, "company", org, iat=t0 - fifteen + timedelta(seconds=1)))
    assert r.status_code == 200, "exp one second after now is still valid"

    refused = {
        "exp equal to now": authkit.claims_for(person.id, "company", org, iat=t0 - fifteen),
        "exp in the past": authkit.claims_for(person.id, "company", org,
                                              iat=t0 - timedelta(hours=2)),
        "iat in the future": authkit.claims_for(person.id, "company", org,
                                                iat=t0 + timedelta(minutes=5)),
        "no exp": {k: v for k, v in authkit.claims_for(person.id, "company", org,
                                                       iat=t0).items() if k != "exp"},
        "exp not a time": dict(authkit.claims_for(person.id, "company", org, iat=t0),
                               exp="tomorrow"),
        "no sub": {k: v for k, v in authkit.claims_for(person.id, "company", org,
                                                       iat=t0).items() if k != "sub"},
    }
    for why, claims in refused.items():
        r = call(claims)
        assert r.status_code == 401, f"{why}: {r.status_code} {r.text[:200]}"
        assert_unauthorized(r, WWW_INVALID)
    good = authkit.claims_for(person.id, "company", org, iat=t0)
    for why, footer in {"no footer": b"", "footer without kid": b"{}",
                        "footer not JSON": b"k4.pid.x"}.items():
        r = call(good, footer=footer)
        assert r.status_code == 401, f"{why}: {r.status_code} {r.text[:200]}"
        assert_unauthorized(r, WWW_INVALID)


def test_key_rotation(spawn_server, server_env, tmp_path, api_as, api_for, make_user):
    database_url = server_env[0]
    old_seed, old_pk = keygen()
    new_seed, new_pk = keygen()
    old_line = authkit.paserk_secret(old_seed, old_pk)
    new_line = authkit.paserk_secret(new_seed, new_pk)
    files = {
        "old": authkit.write_key_file(tmp_path / "old.keys", "# the first key", old_line),
        "rotated": authkit.write_key_file(tmp_path / "rotated.keys", "# current", new_line, "",
                                          "# previous, still accepted", old_line),
        "verify-only": authkit.write_key_file(tmp_path / "verify.keys", new_line,
                                              authkit.paserk_public(old_pk)),
        "new": authkit.write_key_file(tmp_path / "new.keys", new_line),
    }
    person = make_user("supplier")

    def server(name):
        return spawn_server(database_url, ASR_TOKEN_KEY_FILE=files[name])

    def keys_of(srv):
        r = api_for(srv.url).get("/v1/auth/keys")
        assert r.status_code == 200
        return {k["kid"]: (k["public_key"], k["current"]) for k in r.json()["keys"]}

    def me(srv, token):
        return api_as(token=token, base=srv.url).get("/v1/auth/me")

    a = server("old")
    assert keys_of(a) == {pid(old_pk): (authkit.paserk_public(old_pk), True)}
    old_token = person.login(a.url)["access_token"]
    assert Token(old_token).kid == pid(old_pk)
    assert me(a, old_token).status_code == 200

    for name in ("rotated", "verify-only"):
        b = server(name)
        assert keys_of(b) == {pid(new_pk): (authkit.paserk_public(new_pk), True),
                              pid(old_pk): (authkit.paserk_public(old_pk), False)}, name
        r = me(b, old_token)
        assert r.status_code == 200, \
            f"{name}: a token of the previous key is refused: {r.text[:200]}"
        new_token = Token(person.login(b.url)["access_token"])
        assert new_token.kid == pid(new_pk), name
        assert authkit.ed25519_verify(new_pk, new_token.signed_bytes(), new_token.signature)
        b.stop()

    c = server("new")
    assert keys_of(c) == {pid(new_pk): (authkit.paserk_public(new_pk), True)}
    assert_unauthorized(me(c, old_token), WWW_INVALID)
    assert me(c, person.login(c.url)["access_token"]).status_code == 200


def test_asr_admin_makes_keys_openssl_agrees_with():
    tool = Path(os.environ.get("ASR_ROOT", Path(__file__).resolve().parents[2])) / "build/asr-admin"
    assert tool.exists(), f"{tool} is missing: the key tool is part of issue 4"
    lines = []
    for _ in range(2):
        out = subprocess.run([str(tool), "keygen"], capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        line = out.stdout.strip()
        assert re.fullmatch(r"k4\.secret\.[A-Za-z0-9_-]{86}", line), line
        lines.append(line)
    assert lines[0] != lines[1]
    raw = unb64u(lines[0][len("k4.secret."):])
    seed, pk = raw[:32], raw[32:]
    assert authkit.public_of_seed(seed) == pk, "the secret key's second half is not its public key"
    out = subprocess.run([str(tool), "public", lines[0]], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    printed = out.stdout.split()
    assert printed[0] == authkit.paserk_public(pk), out.stdout
    assert printed[1:] in ([], [pid(pk)]), f"only the public key and its id: {out.stdout}"


# Refresh

def test_refresh_rotates_the_refresh_token(api, api_as, make_user):
    person = make_user("prescriber")
    first = person.login()
    r = refresh(api, first["refresh_token"])
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["token_type"] == "Bearer" and second["expires_in"] == 900
    token = Token(second["access_token"])
    assert token.claims["sub"] == person.id
    assert token.claims["jti"] != Token(first["access_token"]).claims["jti"]
    assert api_as(token=token.text).get("/v1/auth/me").json()["id"] == person.id
    third = refresh(api, second["refresh_token"])
    assert third.status_code == 200, third.text[:300]


def test_reused_refresh_token_revokes_the_whole_family(api, make_user):
    person = make_user("buyer")
    other = person.login()      # another family of the same account
    first = person.login()
    second = refresh(api, first["refresh_token"]).json()
    third = refresh(api, second["refresh_token"]).json()
    # second is used: presenting it again is a replay.
    assert_unauthorized(refresh(api, second["refresh_token"]), WWW_MISSING, "invalid-credentials")
    # The newest token of the family is revoked with it, and so is the oldest.
    assert_unauthorized(refresh(api, third["refresh_token"]), WWW_MISSING, "invalid-credentials")
    assert_unauthorized(refresh(api, first["refresh_token"]), WWW_MISSING, "invalid-credentials")
    # Another family is untouched.
    assert refresh(api, other["refresh_token"]).status_code == 200


@pytest.mark.parametrize("value", ["garbage", "A" * 43, b64u(os.urandom(32)), "x"])
def test_unknown_refresh_token_is_refused(api, value):
    assert_unauthorized(refresh(api, value), WWW_MISSING, "invalid-credentials")


def test_access_token_is_no_refresh_token(api, token_for):
    assert_unauthorized(refresh(api, token_for("buyer")), WWW_MISSING, "invalid-credentials")


@pytest.mark.parametrize("path", ["/v1/auth/refresh", "/v1/auth/logout"])
@pytest.mark.parametrize("body, field, code", [
    ({}, "refresh_token", "required"),
    ({"refresh_token": 7}, "refresh_token", "type"),
    ({"refresh_token": None}, "refresh_token", "type"),
    ({"refresh_token": "x", "access_token": "y"}, "access_token", "unknown"),
])
def test_refresh_and_logout_validation(api, path, body, field, code):
    assert_validation(api.post(path, json=body), (field, code))


# Logout

def test_logout_revokes_the_family(api, make_user):
    person = make_user("company")
    first = person.login()
    second = refresh(api, first["refresh_token"]).json()
    r = logout(api, second["refresh_token"])
    assert r.status_code == 204 and r.content == b""
    assert_unauthorized(refresh(api, second["refresh_token"]), WWW_MISSING, "invalid-credentials")


def test_logout_with_an_older_token_revokes_its_successors(api, make_user):
    person = make_user("company")
    first = person.login()
    second = refresh(api, first["refresh_token"]).json()
    assert logout(api, first["refresh_token"]).status_code == 204
    assert_unauthorized(refresh(api, second["refresh_token"]), WWW_MISSING, "invalid-credentials")


def test_logout_leaves_other_sessions(api, make_user):
    person = make_user("supplier")
    phone, laptop = person.login(), person.login()
    assert logout(api, phone["refresh_token"]).status_code == 204
    assert refresh(api, laptop["refresh_token"]).status_code == 200


@pytest.mark.parametrize("value", ["garbage", b64u(os.urandom(32))])
def test_logout_of_an_unknown_token_is_204(api, value):
    for _ in range(2):
        r = logout(api, value)
        assert r.status_code == 204 and r.content == b""


def test_logout_twice_is_204(api, make_user):
    pair = make_user("buyer").login()
    assert logout(api, pair["refresh_token"]).status_code == 204
    assert logout(api, pair["refresh_token"]).status_code == 204


# Password change

def change_password(client, current, new):
    return client.post("/v1/auth/password",
                       json={"current_password": current, "new_password": new})


def test_password_change(api, api_as, make_user):
    person = make_user("prescriber")
    client = api_as(token=person.login()["access_token"])
    new = authkit.password()
    r = change_password(client, person.password, new)
    assert r.status_code == 204 and r.content == b""
    assert try_login(api, person.email, new).status_code == 200
    assert_unauthorized(try_login(api, person.email, person.password), WWW_MISSING,
                        "invalid-credentials")


def test_password_change_with_a_wrong_current_password(api, api_as, make_user):
    person = make_user("buyer")
    client = api_as(token=person.login()["access_token"])
    r = change_password(client, person.password + "x", authkit.password())
    assert_validation(r, ("current_password", "invalid"))
    assert try_login(api, person.email, person.password).status_code == 200


def test_new_password_has_at_least_12_characters(api, api_as, make_user):
    person = make_user("supplier")
    client = api_as(token=person.login()["access_token"])
    assert_validation(change_password(client, person.password, "a" * 11), ("new_password", "range"))
    assert try_login(api, person.email, person.password).status_code == 200
    assert change_password(client, person.password, "b" * 12).status_code == 204
    assert try_login(api, person.email, "b" * 12).status_code == 200


@pytest.mark.parametrize("body, expected", [
    ({}, [("current_password", "required"), ("new_password", "required")]),
    ({"current_password": "x"}, [("new_password", "required")]),
    ({"current_password": 5, "new_password": "c" * 12}, [("current_password", "type")]),
    ({"current_password": "x", "new_password": "c" * 12, "confirm": "c" * 12},
     [("confirm", "unknown")]),
])
def test_password_change_validation(api_as, body, expected):
    # The demo account's password is never changed: each body here is invalid.
    r = api_as("buyer").post("/v1/auth/password", json=body)
    assert_validation(r, *expected)


# The administrator's password reset

def issue_reset(admin, user_id):
    r = admin.post(f"/v1/users/{user_id}/password-reset")
    assert r.status_code == 201, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    return r.json()


def use_reset(api, token, new):
    return api.post("/v1/auth/password-reset", json={"reset_token": token, "new_password": new})


def test_password_reset_flow(api, api_as, make_user):
    person = make_user("company")
    before = utc_now()
    reset = issue_reset(api_as("admin"), person.id)
    expires = authkit.parse_time(reset["expires_at"])
    assert before + timedelta(hours=24) - timedelta(seconds=5) <= expires \
        <= utc_now() + timedelta(hours=24, seconds=5), reset["expires_at"]
    new = authkit.password()
    r = use_reset(api_as("anonymous"), reset["reset_token"], new)
    assert r.status_code == 204 and r.content == b""
    assert try_login(api, person.email, new).status_code == 200
    assert_unauthorized(try_login(api, person.email, person.password), WWW_MISSING,
                        "invalid-credentials")
    # One use only.
    assert_validation(use_reset(api, reset["reset_token"], authkit.password()),
                      ("reset_token", "invalid"))
    assert try_login(api, person.email, new).status_code == 200


@pytest.mark.parametrize("token", ["garbage", b64u(os.urandom(32))])
def test_unknown_reset_token_is_invalid(api, token):
    assert_validation(use_reset(api, token, authkit.password()), ("reset_token", "invalid"))


@pytest.mark.parametrize("body, expected", [
    ({}, [("reset_token", "required"), ("new_password", "required")]),
    ({"reset_token": 1, "new_password": "d" * 12}, [("reset_token", "type")]),
    ({"reset_token": "x", "new_password": "d" * 12, "email": "a@b.c"}, [("email", "unknown")]),
])
def test_password_reset_validation(api, body, expected):
    assert_validation(api.post("/v1/auth/password-reset", json=body), *expected)


def test_reset_new_password_has_at_least_12_characters(api, api_as, make_user):
    person = make_user("buyer")
    reset = issue_reset(api_as("admin"), person.id)
    assert_validation(use_reset(api, reset["reset_token"], "e" * 11), ("new_password", "range"))


@pytest.mark.parametrize("user_id", [authkit.random_uuid(), "not-a-uuid"])
def test_reset_of_an_unknown_account_is_404(api_as, user_id):
    path = f"/v1/users/{user_id}/password-reset"
    assert_problem(api_as("admin").post(path), 404, "not-found", path)


def test_reset_token_expires_after_24_hours(spawn_server, server_env, api_as, make_user):
    admin = make_user("admin")
    person = make_user("prescriber")
    t0 = utc_now()
    issuer = spawn(spawn_server, server_env, t0)
    admin_client = api_as(token=admin.login(issuer.url)["access_token"], base=issuer.url)
    late, in_time = issue_reset(admin_client, person.id), issue_reset(admin_client, person.id)
    assert authkit.parse_time(late["expires_at"]) == t0 + timedelta(hours=24), late
    after = spawn(spawn_server, server_env, t0 + timedelta(hours=24, seconds=1))
    assert_validation(use_reset(api_as("anonymous", base=after.url), late["reset_token"],
                                authkit.password()), ("reset_token", "invalid"))
    before = spawn(spawn_server, server_env, t0 + timedelta(hours=24) - timedelta(seconds=1))
    new = authkit.password()
    r = use_reset(api_as("anonymous", base=before.url), in_time["reset_token"], new)
    assert r.status_code == 204, r.text[:300]
    assert try_login(api_as("anonymous", base=before.url), person.email, new).status_code == 200


# Disabled accounts: their tokens read until they expire; every write fails

def test_disabled_account_reads_but_never_writes(api, api_as, make_user):
    person = make_user("admin")
    pair = person.login()
    client = api_as(token=pair["access_token"])
    admin = api_as("admin")
    wrong = try_login(api, person.email, person.password + "x")
    set_status(admin, person.id, "disabled")

    me = client.get("/v1/auth/me")
    assert me.status_code == 200, me.text[:300]
    assert me.json()["status"] == "disabled"
    assert client.get("/v1/users?limit=1").status_code == 200

    siret = authkit.siret()
    r = client.post("/v1/organisations", json={"name": "Never made", "kind": "ess",
                                               "siret": siret})
    assert_problem(r, 401, "unauthorized")
    assert admin.post("/v1/organisations", json={"name": "Made", "kind": "ess",
                                                  "siret": siret}).status_code == 201, \
        "the disabled account's organisation was created after all"
    email = authkit.unique_email("never")
    r = client.post("/v1/users", json={"email": email, "display_name": "Never", "role":
                                       "facilitator", "password": authkit.password()})
    assert_problem(r, 401, "unauthorized")
    assert admin.post("/v1/users", json={"email": email, "display_name": "Made", "role":
                                         "facilitator", "password": authkit.password()}
                      ).status_code == 201, "the disabled account's user was created after all"
    r = change_password(client, person.password, authkit.password())
    assert_problem(r, 401, "unauthorized")
    assert r.headers["WWW-Authenticate"].startswith('Bearer realm="asr"')

    assert_unauthorized(refresh(api, pair["refresh_token"]), WWW_MISSING, "invalid-credentials")
    denied = assert_unauthorized(try_login(api, person.email, person.password), WWW_MISSING,
                                 "invalid-credentials")
    assert denied["detail"] == wrong.json()["detail"]


def test_enabled_again_the_account_logs_in(api, api_as, make_user):
    person = make_user("buyer")
    admin = api_as("admin")
    set_status(admin, person.id, "disabled")
    assert try_login(api, person.email, person.password).status_code == 401
    set_status(admin, person.id, "active")
    assert try_login(api, person.email, person.password).status_code == 200


def test_deleted_account_is_disabled_not_erased(api, api_as, make_user):
    person = make_user("supplier")
    pair = person.login()
    admin = api_as("admin")
    etag = etag_of(admin, person.id)
    r = admin.delete(f"/v1/users/{person.id}", headers={"If-Match": etag})
    assert r.status_code == 204 and r.content == b""
    user = admin.get(f"/v1/users/{person.id}").json()
    assert user["status"] == "disabled"
    assert user["version"] == person.user["version"] + 1
    assert_unauthorized(try_login(api, person.email, person.password), WWW_MISSING,
                        "invalid-credentials")
    assert_unauthorized(refresh(api, pair["refresh_token"]), WWW_MISSING, "invalid-credentials")
    assert api_as(token=pair["access_token"]).get("/v1/auth/me").status_code == 200
