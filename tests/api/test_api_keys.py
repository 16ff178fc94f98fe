"""Partner API keys: made by administrators for an organisation with scopes, the secret shown
once and stored only as a hash; sent as `X-API-Key` or `Authorization: Bearer`; a key acts for
its organisation within its scopes (a supplier's key reaches its own offers only), is refused
outside them (403 naming the scope) and stops at once when revoked (401). The scope sweep at
the end checks, operation by operation, that the server and openapi.yaml (`x-roles` partner,
`x-scopes`) agree.
"""

import re
import uuid

import pytest

import authkit
import cataloguekit
import contract
from authkit import assert_problem, assert_unauthorized, error_fields
from test_roles import concrete, minimal_request
from keyskit import (KEY_FIELDS, SCOPES, admin, audit, create_key, key_clients,  # noqa: F401
                     later, pinned_env, revoke, rfc3339, walk)

KEY_RE = re.compile(r"^asr_[A-Za-z0-9_-]{43}$")


@pytest.fixture
def supplier_key(admin, key_clients, base_url):
    """(organisation, key object, X-API-Key client) of a new supplier with catalogue:*."""
    org = cataloguekit.create_org(admin, "siae")
    key = create_key(admin, org["id"])
    return org, key, key_clients(base_url, key["key"])


# Making, listing, revoking

def test_create_shows_the_secret_once_and_lists_without_it(admin, make_org):
    org = make_org(kind="ess")
    expires = rfc3339(later(days=30))
    r = admin.post("/v1/api-keys", json={"organisation_id": org["id"], "name": "Sync",
                                         "scopes": ["sync:read", "catalogue:read"],
                                         "expires_at": expires})
    assert r.status_code == 201, r.text
    key = r.json()
    assert KEY_RE.match(key["key"])
    assert set(key) == KEY_FIELDS | {"key"}
    assert key["organisation_id"] == org["id"] and key["name"] == "Sync"
    assert key["scopes"] == ["catalogue:read", "sync:read"]
    assert key["prefix"] == key["key"][:12]
    assert key["expires_at"] == expires and key["last_used_at"] is None
    assert key["revoked_at"] is None and key["version"] == 1
    assert r.headers["Location"] == f"/v1/api-keys/{key['id']}"
    assert r.headers["ETag"] == '"1"'

    r = admin.get("/v1/api-keys", params={"organisation_id": org["id"]})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 1 and [k["id"] for k in page["items"]] == [key["id"]]
    assert "key" not in page["items"][0]
    assert key["key"] not in r.text


def test_list_pages_and_filters(admin, make_org):
    org = make_org(kind="siae")
    made = [create_key(admin, org["id"], scopes=["catalogue:read"])["id"] for _ in range(3)]
    seen = walk(admin, "/v1/api-keys", organisation_id=org["id"], limit=2)
    assert [k["id"] for k in seen] == made
    for bad in ({"organisation_id": "nope"}, {"limit": 0}, {"cursor": "xyz"}, {"bogus": 1}):
        assert_problem(admin.get("/v1/api-keys", params=bad), 400, "invalid-query")


@pytest.mark.parametrize("body, field, code", [
    ({"scopes": []}, "scopes", "type"),
    ({"scopes": "catalogue:read"}, "scopes", "type"),
    ({"scopes": ["catalogue:admin"]}, "scopes", "enum"),
    ({"scopes": ["catalogue:read", "catalogue:read"]}, "scopes", "enum"),
    ({"scopes": [1]}, "scopes", "enum"),
    ({"scopes": list(SCOPES) + ["sync:read"]}, "scopes", "type"),
    ({"name": ""}, "name", "range"),
    ({"name": "x" * 201}, "name", "range"),
    ({"name": None}, "name", "type"),
    ({"organisation_id": "not-a-uuid"}, "organisation_id", "invalid"),
    ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at", "range"),
    ({"expires_at": "tomorrow"}, "expires_at", "type"),
    ({"expires_at": 1893456000}, "expires_at", "type"),
    ({"owner": "me"}, "owner", "unknown"),
])
def test_create_refuses_bad_fields(admin, make_org, body, field, code):
    full = {"organisation_id": make_org()["id"], "name": "K", "scopes": ["catalogue:read"]}
    full.update(body)
    body = assert_problem(admin.post("/v1/api-keys", json=full), 400, "validation-failed")
    assert (field, code) in error_fields(body), body


def test_create_requires_its_fields_and_a_real_organisation(admin):
    body = assert_problem(admin.post("/v1/api-keys", json={}), 400, "validation-failed")
    assert {("organisation_id", "required"), ("name", "required"),
            ("scopes", "required")} <= error_fields(body)
    body = assert_problem(admin.post("/v1/api-keys", json={
        "organisation_id": str(uuid.uuid4()), "name": "K", "scopes": ["catalogue:read"]}),
        400, "validation-failed")
    assert ("organisation_id", "invalid") in error_fields(body)


def test_only_admins_manage_keys(api_as, make_org):
    org = make_org()
    for role in ("facilitator", "supplier", "buyer"):
        client = api_as(role)
        assert_problem(client.post("/v1/api-keys", json={
            "organisation_id": org["id"], "name": "K", "scopes": ["catalogue:read"]}),
            403, "forbidden")
        assert_problem(client.get("/v1/api-keys"), 403, "forbidden")
        assert_problem(client.delete(f"/v1/api-keys/{uuid.uuid4()}",
                                     headers={"If-Match": "*"}), 403, "forbidden")


def test_revoke_needs_if_match_and_happens_once(admin, make_org):
    key = create_key(admin, make_org()["id"])
    assert_problem(admin.delete(f"/v1/api-keys/{key['id']}"), 428, "precondition-required")
    assert_problem(admin.delete(f"/v1/api-keys/{key['id']}", headers={"If-Match": '"9"'}),
                   412, "precondition-failed")
    assert admin.delete(f"/v1/api-keys/{key['id']}",
                        headers={"If-Match": '"1"'}).status_code == 204
    assert_problem(admin.delete(f"/v1/api-keys/{key['id']}", headers={"If-Match": "*"}),
                   404, "not-found")
    assert_problem(admin.delete("/v1/api-keys/not-a-uuid", headers={"If-Match": "*"}),
                   404, "not-found")
    listed = admin.get("/v1/api-keys", params={"organisation_id": key["organisation_id"]})
    assert listed.json()["items"][0]["revoked_at"] is not None


# The "done when": a supplier's catalogue:write key

def test_supplier_key_creates_its_own_offers_only(admin, supplier_key):
    org, key, client = supplier_key
    r = client.post("/v1/offers", json={"organisation_id": org["id"], "title": "Par clé",
                                        "offer_type": "service"})
    assert r.status_code == 201, r.text
    offer = r.json()
    assert offer["organisation_id"] == org["id"]
    assert client.get(f"/v1/offers/{offer['id']}").status_code == 200
    r = cataloguekit.patch_offer(client, offer["id"], {"title": "Renommée"})
    assert r.status_code == 200 and r.json()["title"] == "Renommée"

    other = cataloguekit.create_org(admin, "siae")
    theirs = cataloguekit.create_offer(admin, other["id"])
    assert_problem(client.get(f"/v1/offers/{theirs['id']}"), 404, "not-found")
    assert_problem(cataloguekit.patch_offer(client, theirs["id"], {"title": "X"}),
                   404, "not-found")
    assert_problem(client.delete(f"/v1/offers/{theirs['id']}", headers={"If-Match": "*"}),
                   404, "not-found")
    assert_problem(client.post("/v1/offers", json={
        "organisation_id": other["id"], "title": "Chez l'autre", "offer_type": "service"}),
        404, "not-found")
    mine = client.get("/v1/offers").json()
    assert [o["id"] for o in mine["items"]] == [offer["id"]]
    # Its own organisation's public face, not what the CRESS vouches for.
    assert cataloguekit.patch_org(client, org["id"], {"description": "Par clé"}).status_code \
        == 200
    assert_problem(cataloguekit.patch_org(client, org["id"], {"labels": []}), 403, "forbidden")
    assert_problem(cataloguekit.patch_org(client, other["id"], {"description": "X"}),
                   404, "not-found")
    # Organisations' administration stays the CRESS's.
    assert_problem(client.post("/v1/organisations", json={"name": "X", "kind": "siae"}),
                   403, "forbidden")


def test_operation_outside_the_scopes_is_403_naming_the_scope(admin, make_org, key_clients,
                                                              base_url):
    org = make_org(kind="siae")
    reader = key_clients(base_url, create_key(admin, org["id"], ["catalogue:read"])["key"])
    body = assert_problem(reader.post("/v1/offers", json={
        "organisation_id": org["id"], "title": "X", "offer_type": "service"}), 403, "forbidden")
    assert "catalogue:write" in body["detail"]
    assert reader.get("/v1/offers").status_code == 200

    writer = key_clients(base_url, create_key(admin, org["id"], ["catalogue:write"])["key"])
    body = assert_problem(writer.get("/v1/offers"), 403, "forbidden")
    assert "catalogue:read" in body["detail"]

    other = key_clients(base_url, create_key(admin, org["id"], ["reports:read"])["key"])
    assert_problem(other.get("/v1/catalogue/suppliers"), 403, "forbidden")
    # Operations no key may use, whatever its scopes.
    full = key_clients(base_url, create_key(admin, org["id"], list(SCOPES))["key"])
    for method, path in (("GET", "/v1/auth/me"), ("GET", "/v1/users"),
                         ("GET", "/v1/api-keys"), ("GET", "/v1/audit"),
                         ("GET", "/v1/registrations")):
        assert_problem(full.request(method, path), 403, "forbidden")


def test_key_acts_as_its_organisations_people(admin, make_org, key_clients, base_url):
    buyer = make_org(kind="buyer_public")
    client = key_clients(base_url, create_key(admin, buyer["id"], list(SCOPES))["key"])
    # A buyer may not create offers, so neither may a buyer's key.
    assert_problem(client.post("/v1/offers", json={
        "organisation_id": buyer["id"], "title": "X", "offer_type": "service"}),
        403, "forbidden")
    assert client.get(f"/v1/organisations/{buyer['id']}").status_code == 200
    # The CRESS's key acts as a facilitator: every organisation, no accounts.
    cress = make_org(kind="cress")
    staff = key_clients(base_url, create_key(admin, cress["id"], list(SCOPES))["key"])
    assert staff.get("/v1/organisations").status_code == 200
    assert_problem(staff.get("/v1/users"), 403, "forbidden")


def test_revocation_takes_effect_at_once(admin, supplier_key, key_clients, base_url):
    org, key, client = supplier_key
    bearer = key_clients(base_url, key["key"], header="bearer")
    assert client.get("/v1/offers").status_code == 200
    assert bearer.get("/v1/offers").status_code == 200
    revoke(admin, key["id"])
    for c in (client, bearer):
        # Several requests: the server's workers all refuse it, none has it cached.
        for _ in range(4):
            r = c.get("/v1/offers")
            assert_unauthorized(r, authkit.WWW_INVALID)
            assert "revoked" in r.json()["detail"]
        assert_unauthorized(c.post("/v1/offers", json={
            "organisation_id": org["id"], "title": "X", "offer_type": "service"}),
            authkit.WWW_INVALID)


def test_bearer_and_x_api_key_are_the_same_key(admin, supplier_key, key_clients, base_url):
    org, key, client = supplier_key
    bearer = key_clients(base_url, key["key"], header="bearer")
    a = client.get("/v1/offers").json()
    b = bearer.get("/v1/offers").json()
    assert a == b


@pytest.mark.parametrize("credential", [
    "asr_", "asr_short", "asr_" + "A" * 42, "asr_" + "A" * 44, "ASR_" + "A" * 43,
    "asr_" + "A" * 21 + "+" + "A" * 21, "asr_" + "A" * 21 + "." + "A" * 21,
    "asr_" + "A" * 41 + "==", "asr_" + "A" * 42 + "B", "asr_" + "%" * 43,
])
def test_malformed_keys_are_401(api, credential):
    for headers in ({"X-API-Key": credential}, {"Authorization": f"Bearer {credential}"}):
        r = api.get("/v1/offers", headers=headers)
        assert_unauthorized(r, authkit.WWW_INVALID)


def test_unknown_and_misplaced_credentials_are_401(api, token_for, supplier_key):
    _, key, _ = supplier_key
    unknown = "asr_" + "A" * 42 + "E"
    for headers in ({"X-API-Key": unknown}, {"Authorization": f"Bearer {unknown}"},
                    {"X-API-Key": token_for("admin")},
                    {"X-API-Key": key["key"], "Authorization": f"Bearer {key['key']}"},
                    {"X-API-Key": key["key"],
                     "Authorization": f"Bearer {token_for('admin')}"}):
        assert_unauthorized(api.get("/v1/offers", headers=headers), authkit.WWW_INVALID)
    # Even on a public operation: the caller learns its key is bad.
    assert_unauthorized(api.get("/v1/catalogue/offers", headers={"X-API-Key": unknown}),
                        authkit.WWW_INVALID)


def test_expired_key_is_401(admin, make_org, spawn_server, api_for):
    key = create_key(admin, make_org(kind="siae")["id"],
                     expires_at=rfc3339(later(hours=1)))
    server = spawn_server(contract_db(), **pinned_env(later(hours=2)))
    r = api_for(server.url).get("/v1/offers", headers={"X-API-Key": key["key"]})
    assert_unauthorized(r, authkit.WWW_INVALID)
    assert "expired" in r.json()["detail"]
    server = spawn_server(contract_db(), **pinned_env(later(minutes=30)))
    assert api_for(server.url).get("/v1/offers",
                                   headers={"X-API-Key": key["key"]}).status_code == 200


def contract_db():
    import os
    return os.environ["ASR_TEST_DATABASE_URL"]


def test_use_is_recorded_at_most_once_a_minute(admin, supplier_key):
    org, key, client = supplier_key
    for _ in range(3):
        assert client.get("/v1/offers").status_code == 200
    listed = admin.get("/v1/api-keys", params={"organisation_id": org["id"]}).json()["items"]
    assert listed[0]["last_used_at"] is not None
    uses = audit(admin, actor_id=key["id"], action="api_key.use")
    assert len(uses) == 1
    assert uses[0]["role"] == "partner" and uses[0]["actor_type"] == "api_key"
    assert uses[0]["organisation_id"] == org["id"]


# The scope sweep: routes.c and openapi.yaml agree on partner and x-scopes

OPERATIONS = sorted((t, m) for t, m, _ in contract.iter_operations())


@pytest.fixture(scope="module")
def sweep_keys(base_url):
    """Two keys of a CRESS organisation (it acts as a facilitator, whom most operations
    admit): one with every scope, one with none the catalogue needs."""
    import conftest
    pair = conftest.login_pair(base_url, authkit.DEMO_EMAILS["admin"], authkit.DEMO_PASSWORD)
    admin = conftest.Api(base_url, pair["access_token"])
    org = cataloguekit.create_org(admin, "cress")
    full = create_key(admin, org["id"], list(SCOPES))["key"]
    none = create_key(admin, org["id"], ["reports:read"])["key"]
    admin.close()
    return full, none


@pytest.mark.parametrize("template, method", OPERATIONS,
                         ids=[f"{m.upper()} {t}" for t, m in OPERATIONS])
def test_scope_gate_agrees_with_the_contract(api, sweep_keys, template, method):
    op = contract.SPEC["paths"][template][method]
    roles, scopes = set(op["x-roles"]), op["x-scopes"]
    full, none = sweep_keys
    kwargs = minimal_request(op)
    headers = dict(kwargs.pop("headers", {}), **{"If-Match": "*"})
    where = f"{method.upper()} {template} (x-roles {sorted(roles)}, x-scopes {scopes})"

    r = api.request(method.upper(), concrete(template),
                    headers=dict(headers, **{"X-API-Key": full}), **kwargs)
    if "partner" not in roles:
        assert r.status_code == 403, f"{where}: {r.status_code} {r.text[:200]}"
        return
    if "facilitator" in roles:
        assert r.status_code not in (401, 403), f"{where}: {r.status_code} {r.text[:200]}"

    r = api.request(method.upper(), concrete(template),
                    headers=dict(headers, **{"X-API-Key": none}), **kwargs)
    if scopes and "reports:read" not in scopes:
        body = assert_problem(r, 403, "forbidden")
        assert any(s in body["detail"] for s in scopes), f"{where}: {body['detail']}"
    else:
        assert r.status_code not in (401, 403), f"{where}: {r.status_code} {r.text[:200]}"
