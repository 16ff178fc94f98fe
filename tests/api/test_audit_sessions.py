"""The audit log's session events, beside logins (test_audit.py): a login refused by the
limits (429) is written as `login.refused`, naming the account when the e-mail has one; a
logout that ends a session as `logout` by the token's user; a refresh as `token.refresh` by
its user, and a refused one as `token.refresh_failure` (or `token.reuse` when a used token is
presented again and its family revoked) by an anonymous caller, naming the token's user.
"""

from authkit import assert_problem, unique_email
from keyskit import admin, audit  # noqa: F401

LOGIN = "/v1/auth/login"


def only(entries):
    assert len(entries) == 1, entries
    return entries[0]


def refuse(api, email, password="wrong-password-123"):
    """Ten failures, then the refused attempt (429): returns its answer."""
    for _ in range(10):
        r = api.post(LOGIN, json={"email": email, "password": password})
        assert r.status_code == 401, r.text
    r = api.post(LOGIN, json={"email": email, "password": password})
    assert_problem(r, 429, "too-many-requests", LOGIN)
    return r


def test_refused_logins_are_audited(api, admin, make_user):
    person = make_user("supplier")
    r = refuse(api, person.email)
    entry = only(audit(admin, object_id=person.id, action="login.refused"))
    assert entry["actor_id"] is None and entry["actor_type"] == "anonymous"
    assert entry["role"] == "anonymous" and entry["object_type"] == "user"
    assert entry["request_id"] == r.headers["X-Request-Id"]
    assert entry["address"] == "127.0.0.1"
    assert len(audit(admin, object_id=person.id, action="login.failure")) == 10
    # The right password is refused too, and audited as such.
    r = api.post(LOGIN, json={"email": person.email, "password": person.password})
    assert r.status_code == 429
    assert len(audit(admin, object_id=person.id, action="login.refused")) == 2
    assert audit(admin, object_id=person.id, action="login.success") == []


def test_refused_logins_of_unknown_emails_are_audited(api, admin):
    r = refuse(api, unique_email("ghost"))
    entries = [e for e in audit(admin, action="login.refused")
               if e["request_id"] == r.headers["X-Request-Id"]]
    assert only(entries)["object_id"] is None


def test_logout_is_audited_once(api, admin, make_user):
    person = make_user("buyer")
    pair = person.login()
    r = api.post("/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 204
    entry = only(audit(admin, object_id=person.id, action="logout"))
    assert entry["actor_id"] == person.id and entry["actor_type"] == "user"
    assert entry["role"] == "buyer" and entry["organisation_id"] == person.organisation["id"]
    assert entry["request_id"] == r.headers["X-Request-Id"]
    # Logging out again ends nothing: no second entry; an unknown token none either.
    assert api.post("/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}) \
        .status_code == 204
    assert api.post("/v1/auth/logout", json={"refresh_token": "x" * 43}).status_code == 204
    assert len(audit(admin, object_id=person.id, action="logout")) == 1


def test_refresh_and_its_failures_are_audited(api, admin, make_user):
    person = make_user("supplier")
    first = person.login()["refresh_token"]
    r = api.post("/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200
    entry = only(audit(admin, object_id=person.id, action="token.refresh"))
    assert entry["actor_id"] == person.id and entry["role"] == "supplier"
    assert entry["request_id"] == r.headers["X-Request-Id"]

    # The used token again: the family is revoked, audited as a reuse.
    r = api.post("/v1/auth/refresh", json={"refresh_token": first})
    assert_problem(r, 401, "invalid-credentials", "/v1/auth/refresh")
    entry = only(audit(admin, object_id=person.id, action="token.reuse"))
    assert entry["actor_id"] is None and entry["actor_type"] == "anonymous"
    assert entry["request_id"] == r.headers["X-Request-Id"]

    # Once more: the family is already revoked, a plain failure.
    r = api.post("/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 401
    assert only(audit(admin, object_id=person.id, action="token.refresh_failure"))[
        "request_id"] == r.headers["X-Request-Id"]


def test_unknown_refresh_tokens_are_audited_anonymously(api, admin):
    r = api.post("/v1/auth/refresh", json={"refresh_token": "y" * 43})
    assert r.status_code == 401
    entries = [e for e in audit(admin, action="token.refresh_failure")
               if e["request_id"] == r.headers["X-Request-Id"]]
    entry = only(entries)
    assert entry["object_id"] is None and entry["actor_id"] is None
