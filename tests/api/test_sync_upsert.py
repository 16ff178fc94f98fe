"""Bulk upsert (POST /v1/sync/organisations, /v1/sync/offers): per-item answers created,
updated, unchanged and error; external ids namespaced by the caller's organisation; what a
partner may and may not write (no take-over, kinds, approval, CRESS fields); one bad item
never fails the others; batch bounds; Idempotency-Key replays the whole answer."""

import uuid

import pytest

import authkit
import cataloguekit as kit
from authkit import assert_problem, assert_validation
from keyskit import admin, create_key, key_client  # noqa: F401
from synckit import (OFFERS, ORGS, batch, ext, offer_item, org_item, partner,
                     statuses)


@pytest.fixture
def pair(base_url, admin):  # noqa: F811
    """A partner key (of an ess organisation) with sync scopes, and its organisation."""
    client, org = partner(base_url, admin)
    yield client, org
    client.close()


def test_create_update_unchanged(pair, admin):  # noqa: F811
    client, _ = pair
    item = org_item(commune_insee="97611", description="Avant")
    first = batch(client, ORGS, [item])[0]
    assert first["status"] == "created" and first["version"] == 1 and first["errors"] == []
    assert first["external_id"] == item["external_id"]
    org = admin.get(f"/v1/organisations/{first['id']}").json()
    assert org["name"] == item["name"] and org["commune_insee"] == "97611"

    again = batch(client, ORGS, [item])[0]
    assert (again["status"], again["id"], again["version"]) == ("unchanged", first["id"], 1)

    changed = batch(client, ORGS, [dict(item, description="Après")])[0]
    assert (changed["status"], changed["id"], changed["version"]) == ("updated", first["id"], 2)
    assert admin.get(f"/v1/organisations/{first['id']}").json()["description"] == "Après"


def test_partner_organisations_wait_for_a_facilitator(pair, admin, api_as):  # noqa: F811
    client, _ = pair
    made = batch(client, ORGS, [org_item()])[0]
    assert made["status"] == "created"
    assert admin.get(f"/v1/organisations/{made['id']}").json()["published"] is False
    assert_problem(api_as("buyer").get(f"/v1/organisations/{made['id']}"), 404, "not-found")
    refused = batch(client, ORGS, [org_item(published=True)])[0]
    assert refused["status"] == "error"
    assert refused["errors"][0]["field"] == "published"
    # A facilitator publishes it: then the buyer sees it.
    assert kit.patch_org(admin, made["id"], {"published": True}).status_code == 200
    assert api_as("buyer").get(f"/v1/organisations/{made['id']}").status_code == 200


def test_one_bad_item_does_not_fail_the_others(pair):
    client, _ = pair
    items = [org_item(), org_item(commune_insee="12345"), org_item(name=""),
             org_item(kind="cress"), org_item(sectors="x"), {"name": "no id"}, "not an object",
             org_item()]
    answer = batch(client, ORGS, items)
    assert statuses(answer) == ["created", "error", "error", "error", "error", "error",
                                "error", "created"]
    fields = [{(e["field"], e["code"]) for e in a["errors"]} for a in answer]
    assert ("commune_insee", "invalid") in fields[1] or ("commune_insee", "range") in fields[1]
    assert ("name", "range") in fields[2]
    assert ("kind", "invalid") in fields[3]
    assert ("sectors", "type") in fields[4]
    assert ("external_id", "required") in fields[5]
    assert ("items", "type") in fields[6]
    assert answer[5]["external_id"] is None and answer[1]["id"] is None
    for a in answer:
        for e in a["errors"]:
            assert e["detail"]


def test_partner_may_not_set_what_the_cress_vouches_for(pair):
    client, _ = pair
    answer = batch(client, ORGS, [org_item(labels=["esus"]), org_item(esus=True),
                                  org_item(member_since="2024-01-01"), org_item(active=False)])
    assert statuses(answer) == ["error"] * 4
    assert [a["errors"][0]["field"] for a in answer] == ["labels", "esus", "member_since",
                                                         "active"]


def test_published_identity_is_the_cress(pair, admin):  # noqa: F811
    client, _ = pair
    item = org_item(siret=authkit.siret())
    made = batch(client, ORGS, [item])[0]
    # Before a facilitator published it, the partner may still correct the identity.
    fixed = batch(client, ORGS, [dict(item, kind="ess")])[0]
    assert (fixed["status"], fixed["version"]) == ("updated", 2)
    assert kit.patch_org(admin, made["id"], {"published": True}).status_code == 200
    locked = batch(client, ORGS, [dict(item, kind="geiq"), dict(item, subkind="ACI")])
    assert statuses(locked) == ["error", "error"]
    # The whole record sent again, identity unchanged: its public face may change.
    face = batch(client, ORGS, [dict(item, kind="ess", brand="Enseigne")])
    assert face[0]["status"] == "updated"
    # Staff write any kind through sync, in their own namespace.
    staff = batch(admin, ORGS, [org_item(kind="cress", published=True)])[0]
    assert staff["status"] == "created"
    assert admin.get(f"/v1/organisations/{staff['id']}").json()["kind"] == "cress"


def test_external_ids_are_namespaced(base_url, admin, pair):  # noqa: F811
    client, _ = pair
    other, _ = partner(base_url, admin)
    try:
        shared = ext("same")
        mine = batch(client, ORGS, [org_item(shared)])[0]
        theirs = batch(other, ORGS, [org_item(shared)])[0]
        assert mine["status"] == theirs["status"] == "created"
        assert mine["id"] != theirs["id"]
        # The other partner's offers cannot name my organisation, by either id.
        answer = batch(other, OFFERS, [offer_item(organisation_id=mine["id"]),
                                       offer_item(organisation_external_id=ext("nope"))])
        assert statuses(answer) == ["error", "error"]
        assert answer[0]["errors"][0]["field"] == "organisation_id"
        assert answer[1]["errors"][0]["field"] == "organisation_external_id"
    finally:
        other.close()


def test_no_take_over_of_existing_organisations(pair, admin):  # noqa: F811
    client, org = pair
    target = kit.create_org(admin, "siae", published=True)
    # Naming an existing organisation's SIRET or id never binds it.
    siret = authkit.siret()
    kit.create_org(admin, "ess", siret=siret)
    answer = batch(client, ORGS, [org_item(siret=siret), org_item(id=target["id"])])
    assert statuses(answer) == ["error", "error"]
    assert ("siret", "invalid") in {(e["field"], e["code"]) for e in answer[0]["errors"]}
    assert ("id", "unknown") in {(e["field"], e["code"]) for e in answer[1]["errors"]}
    assert admin.get(f"/v1/organisations/{target['id']}").json()["version"] == 1
    # Offers under an organisation the partner did not create: refused.
    bad = batch(client, OFFERS, [offer_item(organisation_id=target["id"])])[0]
    assert bad["status"] == "error"
    # Under its own organisation: allowed.
    good = batch(client, OFFERS, [offer_item(organisation_id=org["id"])])[0]
    assert good["status"] == "created"


def test_offers_by_organisation_external_id(pair, admin):  # noqa: F811
    client, _ = pair
    org_ext = ext("org")
    batch(client, ORGS, [org_item(org_ext)])
    items = [offer_item(organisation_external_id=org_ext, communes=["97611"]),
             offer_item(organisation_external_id=org_ext, offer_type="nonsense"),
             offer_item(organisation_external_id=org_ext, title=None),
             offer_item(organisation_external_id=org_ext, organisation_id=str(uuid.uuid4())),
             offer_item(organisation_external_id=org_ext, extra=1),
             offer_item(title="Sans organisation")]
    answer = batch(client, OFFERS, items)
    assert statuses(answer) == ["created", "error", "error", "error", "error", "error"]
    assert ("offer_type", "invalid") in {(e["field"], e["code"]) for e in answer[1]["errors"]}
    assert answer[5]["errors"][0] == {"field": "organisation_id", "code": "required",
                                      "detail": answer[5]["errors"][0]["detail"]}
    offer = admin.get(f"/v1/offers/{answer[0]['id']}").json()
    assert offer["communes"] == ["97611"]
    again = batch(client, OFFERS, [dict(items[0], title="Nouveau")])[0]
    assert (again["status"], again["id"], again["version"]) == ("updated", answer[0]["id"], 2)


def test_duplicate_external_ids_in_one_batch(pair):
    client, _ = pair
    dup = ext("dup")
    answer = batch(client, ORGS, [org_item(dup), org_item(), org_item(dup)])
    assert statuses(answer) == ["error", "created", "error"]
    assert answer[0]["errors"][0]["field"] == "external_id"
    # Neither was written: the id is still free.
    assert batch(client, ORGS, [org_item(dup)])[0]["status"] == "created"


@pytest.mark.parametrize("body, field, code", [
    ({}, "items", "required"),
    ({"items": {}}, "items", "type"),
    ({"items": "x"}, "items", "type"),
    ({"items": [], "extra": 1}, "extra", "unknown"),
])
def test_malformed_batches(pair, body, field, code):
    client, _ = pair
    for path in (ORGS, OFFERS):
        assert_validation(client.post(path, json=body), (field, code))


def test_not_json_and_wrong_top_level(pair):
    client, _ = pair
    r = client.post(ORGS, data=b"{not json", headers={"Content-Type": "application/json"})
    assert_problem(r, 400, "malformed-json")
    r = client.post(ORGS, json=[org_item()])
    assert r.status_code == 400, r.text


def test_huge_batches_are_413(pair):
    client, _ = pair
    items = [{"external_id": str(i)} for i in range(1001)]
    for path in (ORGS, OFFERS):
        assert_problem(client.post(path, json={"items": items}), 413, "payload-too-large")
    assert batch(client, OFFERS, [])  == []


def test_idempotency_replays_the_whole_answer(pair, admin):  # noqa: F811
    client, org = pair
    key = {"Idempotency-Key": f"sync-{uuid.uuid4()}"}
    items = [offer_item(organisation_id=org["id"]), offer_item(organisation_id=org["id"])]
    first = batch(client, OFFERS, items, headers=key)
    assert statuses(first) == ["created", "created"]
    again = batch(client, OFFERS, items, headers=key)
    assert again == first, "the first answer, replayed (not 'unchanged')"
    r = client.post(OFFERS, json={"items": items[:1]}, headers=key)
    assert_problem(r, 422, "idempotency-key-reused")
    offers, _, _ = kit.follow(admin, "/v1/offers", {"organisation_id": org["id"]})
    assert len(offers) == 2


def test_roles_and_scopes(base_url, admin, api_as, make_user):  # noqa: F811
    # People: staff and suppliers (their organisation is the namespace).
    supplier = make_user("supplier")
    client = api_as(token=supplier.login()["access_token"])
    made = batch(client, OFFERS, [offer_item(organisation_id=supplier.organisation["id"])])
    assert made[0]["status"] == "created"
    for role in ("buyer", "company", "prescriber"):
        assert_problem(api_as(role).post(ORGS, json={"items": []}), 403, "forbidden")
    assert api_as("anonymous").post(ORGS, json={"items": []}).status_code == 401
    # Keys: sync:write needed; a buyer's key may not.
    org = kit.create_org(admin, "ess")
    reader = key_client(base_url, create_key(admin, org["id"], scopes=["sync:read"])["key"])
    assert_problem(reader.post(ORGS, json={"items": []}), 403, "forbidden")
    buyer_org = kit.create_org(admin, "buyer_public")
    buyer = key_client(base_url, create_key(admin, buyer_org["id"],
                                            scopes=["sync:write"])["key"])
    assert_problem(buyer.post(OFFERS, json={"items": []}), 403, "forbidden")


def test_audited_once_per_batch(pair, admin):  # noqa: F811
    client, _ = pair
    batch(client, ORGS, [org_item(), org_item()])
    r = admin.get("/v1/audit", params={"action": "organisation_batch.create", "limit": 5})
    assert r.status_code == 200, r.text
    assert r.json()["items"], "the batch is audited"
