"""The audit log: logins (success and failure), the use of API keys and every write, each with
when, who (user or key), role, organisation, action, object, request id and client address,
written in the write's own transaction (a refused write leaves no entry); `GET /v1/audit`
filters and pages it; the application's database role may not change or remove entries.
"""

import uuid

import pytest

import cataloguekit
from authkit import DEMO_EMAILS, DEMO_PASSWORD, assert_problem
from keyskit import (admin, app_url, audit, create_key, key_clients, owner_url,  # noqa: F401
                     psql, revoke, walk)


def only(entries):
    assert len(entries) == 1, entries
    return entries[0]


def test_logins_are_audited(api, admin, make_user):
    person = make_user("supplier")
    bad = api.post("/v1/auth/login", json={"email": person.email, "password": "nope-nope-nope"})
    good = api.post("/v1/auth/login", json={"email": person.email, "password": person.password})
    assert bad.status_code == 401 and good.status_code == 200
    failure = only(audit(admin, object_id=person.id, action="login.failure"))
    assert failure["actor_id"] is None and failure["actor_type"] == "anonymous"
    assert failure["request_id"] == bad.headers["X-Request-Id"]
    success = only(audit(admin, object_id=person.id, action="login.success"))
    assert success["actor_id"] == person.id and success["role"] == "supplier"
    assert success["organisation_id"] == person.organisation["id"]
    assert success["object_type"] == "user" and success["address"] == "127.0.0.1"
    assert success["request_id"] == good.headers["X-Request-Id"]


def test_writes_are_audited_with_their_actor_and_request(api_as, admin, make_user):
    admin_id = api_as("admin").get("/v1/auth/me").json()["id"]
    r = admin.post("/v1/organisations", json={"name": "Audité", "kind": "siae"})
    org = r.json()
    entry = only(audit(admin, object_id=org["id"]))
    assert entry["action"] == "organisation.create" and entry["object_type"] == "organisation"
    assert entry["actor_id"] == admin_id and entry["actor_type"] == "user"
    assert entry["role"] == "admin" and entry["request_id"] == r.headers["X-Request-Id"]

    offer = cataloguekit.create_offer(admin, org["id"])
    assert cataloguekit.patch_offer(admin, offer["id"], {"title": "Autre"}).status_code == 200
    assert admin.delete(f"/v1/offers/{offer['id']}", headers={"If-Match": "*"}).status_code \
        == 204
    actions = [e["action"] for e in audit(admin, object_id=offer["id"])]
    assert actions == ["offer.delete", "offer.update", "offer.create"]

    cataloguekit.archive_org(admin, org["id"])
    assert audit(admin, object_id=org["id"])[0]["action"] == "organisation.delete"

    person = make_user("buyer")
    assert only(audit(admin, object_id=person.id, action="user.create"))["actor_id"] == admin_id
    r = admin.delete(f"/v1/users/{person.id}", headers={"If-Match": "*"})
    assert r.status_code == 204
    assert only(audit(admin, object_id=person.id, action="user.delete"))["request_id"] == \
        r.headers["X-Request-Id"]


def test_refused_writes_leave_no_entry(admin, make_org):
    org = make_org()
    assert_problem(cataloguekit.patch_org(admin, org["id"], {"sectors": ["nope"]}),
                   400, "validation-failed")
    assert_problem(cataloguekit.patch_org(admin, org["id"], {"name": "X"}, etag='"42"'),
                   412, "precondition-failed")
    missing = str(uuid.uuid4())
    assert_problem(cataloguekit.patch_offer(admin, missing, {"title": "X"}), 404, "not-found")
    assert [e["action"] for e in audit(admin, object_id=org["id"])] == ["organisation.create"]
    assert audit(admin, object_id=missing) == []


def test_registrations_and_their_decisions_are_audited(api, api_as, admin):
    import test_login_limits
    r = api.post("/v1/registrations", json=test_login_limits.registration())
    assert r.status_code == 201, r.text
    reg = r.json()
    entry = only(audit(admin, object_id=reg["id"], action="registration.create"))
    assert entry["actor_type"] == "anonymous" and entry["role"] == "anonymous"
    assert api_as("facilitator").post(f"/v1/registrations/{reg['id']}/approve").status_code \
        == 200
    entry = only(audit(admin, object_id=reg["id"], action="registration.approve"))
    assert entry["role"] == "facilitator"


def test_key_use_and_key_writes_are_audited(admin, make_org, key_clients, base_url):
    org = make_org(kind="siae")
    key = create_key(admin, org["id"])
    assert only(audit(admin, object_id=key["id"], action="api_key.create"))
    client = key_clients(base_url, key["key"])
    offer = client.post("/v1/offers", json={"organisation_id": org["id"], "title": "Clé",
                                            "offer_type": "good"}).json()
    entry = only(audit(admin, object_id=offer["id"]))
    assert entry["actor_id"] == key["id"] and entry["actor_type"] == "api_key"
    assert entry["role"] == "partner" and entry["organisation_id"] == org["id"]
    assert only(audit(admin, actor_id=key["id"], action="api_key.use"))
    revoke(admin, key["id"])
    assert only(audit(admin, object_id=key["id"], action="api_key.delete"))


def test_filters_and_pages(admin, make_org):
    org = make_org()
    for n in range(3):
        assert cataloguekit.patch_org(admin, org["id"], {"brand": f"B{n}"}).status_code == 200
    entries = audit(admin, object_id=org["id"])
    assert [e["action"] for e in entries] == ["organisation.update"] * 3 + \
        ["organisation.create"]
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids, key=int, reverse=True)

    walked = walk(admin, "/v1/audit", object_id=org["id"], limit=1)
    assert [e["id"] for e in walked] == ids

    newest, oldest = entries[0], entries[-1]
    assert [e["id"] for e in audit(admin, object_id=org["id"], action="organisation.create")] \
        == [oldest["id"]]
    assert [e["id"] for e in audit(admin, object_id=org["id"], to=oldest["at"])] == []
    assert [e["id"] for e in audit(admin, object_id=org["id"], **{"from": newest["at"]})] == \
        [e["id"] for e in entries if e["at"] >= newest["at"]]
    both = audit(admin, action=["organisation.create", "organisation.update"],
                 object_id=org["id"])
    assert len(both) == 4
    assert audit(admin, actor_id=str(uuid.uuid4())) == []


@pytest.mark.parametrize("params", [
    {"actor_id": "me"}, {"object_id": "1"}, {"action": "Offer.Create"}, {"action": "x;y"},
    {"from": "yesterday"}, {"to": "2026-13-01T00:00:00Z"}, {"from": ["2026-01-01T00:00:00Z",
                                                                   "2026-01-02T00:00:00Z"]},
    {"cursor": "junk"}, {"limit": 101}, {"actor": "x"},
])
def test_bad_filters_are_400(admin, params):
    assert_problem(admin.get("/v1/audit", params=params), 400, "invalid-query", "/v1/audit")


def test_only_admins_read_the_log(api_as):
    for role in ("facilitator", "buyer", "supplier"):
        assert_problem(api_as(role).get("/v1/audit"), 403, "forbidden")
    assert api_as("anonymous").get("/v1/audit").status_code == 401


def test_the_log_is_append_only_for_the_app_role():
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                "TRUNCATE audit_log"):
        rc, out = psql(app_url(), sql)
        assert rc != 0 and "permission denied" in out, (sql, out)
    # The owner's triggers refuse it too.
    for sql in ("UPDATE audit_log SET action = 'x' WHERE id = (SELECT min(id) FROM audit_log)",
                "DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)"):
        rc, out = psql(owner_url(), sql)
        assert rc != 0 and "append-only" in out, (sql, out)
    rc, out = psql(app_url(), "SELECT count(*) > 0 FROM audit_log")
    assert rc == 0 and out == "t"


def test_password_changes_are_audited(api, api_as, admin, make_user):
    person = make_user("buyer")
    own = api_as(token=person.login()["access_token"])
    fresh = person.password + "-2"
    assert own.post("/v1/auth/password", json={"current_password": person.password,
                                               "new_password": fresh}).status_code == 204
    entry = only(audit(admin, object_id=person.id, action="user.password"))
    assert entry["actor_id"] == person.id and entry["role"] == "buyer"

    r = admin.post(f"/v1/users/{person.id}/password-reset")
    assert r.status_code == 201
    assert only(audit(admin, object_id=person.id, action="user.password_reset_issue"))
    assert api.post("/v1/auth/password-reset", json={
        "reset_token": r.json()["reset_token"], "new_password": fresh + "-3"}).status_code == 204
    entry = only(audit(admin, object_id=person.id, action="user.password_reset"))
    assert entry["actor_type"] == "anonymous"
