"""Offers: creation by staff and by a supplier for its own organisation, validation, who
reads which offer, listing, merge-patch updates and deletion under If-Match. A supplier
never reaches another organisation's offers: 404, as if they did not exist.

Every supplier here is an account the test makes, in an organisation of its own.
"""

import uuid

import pytest

import authkit
import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem, assert_validation, error_fields
from cataloguekit import MERGE, OFFER_FIELDS

OFFERS = "/v1/offers"


@pytest.fixture
def admin(api_as):
    return api_as("admin")


@pytest.fixture
def supplier(make_user, api_as):
    """A new supplier account in a new (unpublished) siae, and a client logged in as it."""
    person = make_user("supplier")
    person.client = api_as(token=person.login()["access_token"])
    return person


def body_for(org_id, **fields):
    body = {"organisation_id": org_id, "title": "Entretien des espaces verts",
            "offer_type": "service"}
    body.update(fields)
    return body


def public_org(admin, kind="siae"):
    return kit.public_supplier(admin, kind)


# Creation

@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_create_an_offer(api_as, admin, role):
    org = public_org(admin)
    client = api_as(role)
    r = client.post(OFFERS, json=body_for(org["id"]))
    assert r.status_code == 201, r.text[:300]
    offer = r.json()
    assert set(offer) == OFFER_FIELDS
    assert (offer["organisation_id"], offer["title"], offer["offer_type"]) == \
        (org["id"], "Entretien des espaces verts", "service")
    assert (offer["description"], offer["sectors"], offer["communes"],
            offer["price_indication"], offer["published"], offer["version"]) == \
        ("", [], [], None, False, 1)
    assert offer["created_at"] == offer["updated_at"]
    assert r.headers["Location"] == f"/v1/offers/{offer['id']}"
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Cache-Control"] == "no-store"
    got = client.get(r.headers["Location"])
    assert got.status_code == 200
    assert got.json() == offer
    assert got.headers["ETag"] == '"1"'
    assert got.headers["Cache-Control"] == "no-store"


def test_every_field_round_trips(admin):
    org = public_org(admin)
    body = body_for(org["id"], title="Tenues de travail", offer_type="good",
                    description="Confection de tenues aux couleurs de votre structure.",
                    sectors=["textile-confection", "textile-marquage"],
                    communes=["97611", "97605"], price_indication="À partir de 25 € la pièce",
                    published=True)
    r = admin.post(OFFERS, json=body)
    assert r.status_code == 201, r.text[:300]
    offer = r.json()
    for field, value in body.items():
        assert offer[field] == value, field


@pytest.mark.parametrize("offer_type", kit.OFFER_TYPES)
def test_every_offer_type(admin, offer_type):
    org = public_org(admin)
    r = admin.post(OFFERS, json=body_for(org["id"], offer_type=offer_type))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["offer_type"] == offer_type


def test_whole_island(admin):
    org = public_org(admin)
    r = admin.post(OFFERS, json=body_for(org["id"], communes=["976"]))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["communes"] == ["976"]


def test_supplier_creates_offers_for_its_own_organisation(supplier):
    r = supplier.client.post(OFFERS, json=body_for(supplier.organisation["id"]))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["organisation_id"] == supplier.organisation["id"]
    assert r.headers["Location"] == f"/v1/offers/{r.json()['id']}"


def test_supplier_may_not_name_another_organisation(supplier, admin):
    other = public_org(admin)
    for org_id in (other["id"], str(uuid.uuid4())):
        r = supplier.client.post(OFFERS, json=body_for(org_id))
        assert_problem(r, 404, "not-found", OFFERS)
    listed = admin.get(OFFERS, params={"organisation_id": other["id"]}).json()
    assert listed["items"] == [] and listed["total"] == 0, "an offer was made after all"


def test_supplier_gets_404_for_another_organisation_before_field_errors(supplier, admin):
    other = public_org(admin)
    r = supplier.client.post(OFFERS, json=body_for(other["id"], offer_type="nope"))
    assert_problem(r, 404, "not-found", OFFERS)


def test_staff_naming_no_organisation_get_404(admin):
    assert_problem(admin.post(OFFERS, json=body_for(str(uuid.uuid4()))), 404, "not-found",
                   OFFERS)
    # Not a UUID at all: a malformed field, not a missing object.
    assert_validation(admin.post(OFFERS, json=body_for("not-a-uuid")),
                      ("organisation_id", "invalid"))


def test_missing_fields_are_listed(admin, supplier):
    assert_validation(admin.post(OFFERS, json={}), ("organisation_id", "required"),
                      ("title", "required"), ("offer_type", "required"))
    assert_validation(supplier.client.post(OFFERS, json={"title": "x", "offer_type": "good"}),
                      ("organisation_id", "required"))
    assert_validation(supplier.client.post(OFFERS, json={
        "organisation_id": supplier.organisation["id"]}), ("title", "required"),
        ("offer_type", "required"))


@pytest.mark.parametrize("field, value, code", [
    ("offer_type", "goods", "invalid"), ("offer_type", "GOOD", "invalid"),
    ("offer_type", "nope-nope", "invalid"),
    ("offer_type", None, "type"), ("offer_type", 1, "type"),
    ("title", 5, "type"), ("title", None, "type"), ("title", "a" * 201, "range"),
    ("title", "é" * 201, "range"),
    ("description", "a" * 5001, "range"), ("description", None, "type"),
    ("price_indication", "a" * 201, "range"), ("price_indication", 12, "type"),
    ("sectors", ["nope"], "invalid"), ("sectors", ["btp"], "invalid"),
    ("sectors", ["btp-peinture", "nope"], "invalid"), ("sectors", "btp-peinture", "type"),
    ("communes", ["97618"], "invalid"), ("communes", ["97600"], "invalid"),
    ("communes", ["97"], "invalid"), ("communes", ["Mamoudzou"], "invalid"),
    ("communes", ["97611", "9761"], "invalid"), ("communes", "97611", "type"),
    ("published", "true", "type"), ("published", 1, "type"),
    ("organisation_id", 7, "type"),
    ("id", str(uuid.uuid4()), "unknown"), ("version", 1, "unknown"),
    ("created_at", "2026-01-01T00:00:00Z", "unknown"), ("supplier", {}, "unknown"),
    ("price", 10, "unknown"),
])
def test_field_validation(admin, field, value, code):
    org = public_org(admin)
    assert_validation(admin.post(OFFERS, json=body_for(org["id"], **{field: value})),
                      (field, code))


def test_title_and_offer_type_may_not_be_empty(admin):
    org = public_org(admin)
    for field in ("title", "offer_type"):
        body = assert_problem(admin.post(OFFERS, json=body_for(org["id"], **{field: ""})), 400,
                              "validation-failed")
        assert {c for f, c in error_fields(body) if f == field} & \
            {"required", "range", "invalid"}, body


def test_lengths_count_characters(admin):
    org = public_org(admin)
    r = admin.post(OFFERS, json=body_for(org["id"], title="é" * 200, description="ô" * 5000,
                                         price_indication="€" * 200))
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["title"], r.json()["price_indication"]) == ("é" * 200, "€" * 200)


def test_post_takes_no_query(admin):
    org = public_org(admin)
    r = admin.post(OFFERS + "?draft=1", json=body_for(org["id"]))
    assert_invalid_query(r, ("draft", "unknown"))


# Who reads which offer

def make_offers(admin):
    """(public org, published offer, unpublished offer, offer of an unpublished org, offer of
    an archived org)."""
    org = public_org(admin)
    published = kit.create_offer(admin, org["id"], published=True)
    draft = kit.create_offer(admin, org["id"], published=False)
    hidden_org = kit.create_org(admin, "siae", published=False)
    of_hidden = kit.create_offer(admin, hidden_org["id"], published=True)
    archived = public_org(admin, "ess")
    of_archived = kit.create_offer(admin, archived["id"], published=True)
    kit.archive_org(admin, archived["id"])
    return org, published, draft, of_hidden, of_archived


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_read_every_offer(api_as, admin, role):
    for offer in make_offers(admin)[1:]:
        r = api_as(role).get(f"{OFFERS}/{offer['id']}")
        assert r.status_code == 200, r.text[:300]
        assert r.json()["id"] == offer["id"]


@pytest.mark.parametrize("role", ["buyer", "company", "prescriber", "supplier"])
def test_others_read_only_published_offers_of_public_suppliers(api_as, admin, role):
    _, published, draft, of_hidden, of_archived = make_offers(admin)
    client = api_as(role)
    r = client.get(f"{OFFERS}/{published['id']}")
    assert r.status_code == 200, r.text[:300]
    assert r.json() == admin.get(f"{OFFERS}/{published['id']}").json()
    for offer in (draft, of_hidden, of_archived):
        path = f"{OFFERS}/{offer['id']}"
        assert_problem(client.get(path), 404, "not-found", path)


def test_supplier_reads_its_own_offers_in_any_state(supplier, admin):
    mine = kit.create_offer(admin, supplier.organisation["id"], published=False)
    r = supplier.client.get(f"{OFFERS}/{mine['id']}")
    assert r.status_code == 200, r.text[:300]
    assert r.json() == mine


def test_supplier_does_not_read_another_suppliers_draft(supplier, admin):
    other = kit.create_offer(admin, public_org(admin)["id"], published=False)
    path = f"{OFFERS}/{other['id']}"
    assert_problem(supplier.client.get(path), 404, "not-found", path)


@pytest.mark.parametrize("offer_id", [str(uuid.uuid4()), "not-a-uuid", "0", "a" * 300])
def test_unknown_offer_is_404(admin, offer_id):
    path = f"{OFFERS}/{offer_id}"
    assert_problem(admin.get(path), 404, "not-found", path)


def test_get_takes_no_query(admin):
    offer = kit.create_offer(admin, public_org(admin)["id"])
    assert_invalid_query(admin.get(f"{OFFERS}/{offer['id']}?x=1"), ("x", "unknown"))


# Listing

def test_staff_list_and_filter_by_organisation(admin, api_as):
    a, b = public_org(admin), kit.create_org(admin, "ess")
    of_a = {kit.create_offer(admin, a["id"], published=i % 2 == 0)["id"] for i in range(3)}
    of_b = {kit.create_offer(admin, b["id"])["id"]}
    for role in ("admin", "facilitator"):
        client = api_as(role)
        items, _, _ = kit.follow(client, OFFERS, {"organisation_id": a["id"]}, limit=2)
        assert kit.ids_of(items) == of_a
        assert all(set(o) == OFFER_FIELDS for o in items)
        items, _, _ = kit.follow(client, OFFERS, [("organisation_id", a["id"]),
                                                  ("organisation_id", b["id"])], limit=100)
        assert kit.ids_of(items) == of_a | of_b


def test_staff_list_everything_once(admin):
    org = public_org(admin)
    made = {kit.create_offer(admin, org["id"])["id"] for _ in range(3)}
    items, _, _ = kit.follow(admin, OFFERS, {}, limit=7)
    assert made <= kit.ids_of(items)
    big, _, _ = kit.follow(admin, OFFERS, {}, limit=100)
    assert [o["id"] for o in items] == [o["id"] for o in big]


def test_supplier_lists_only_its_own_offers(supplier, admin):
    mine = {kit.create_offer(admin, supplier.organisation["id"], published=p)["id"]
            for p in (True, False, False)}
    other = public_org(admin)
    kit.create_offer(admin, other["id"], published=True)
    items, _, _ = kit.follow(supplier.client, OFFERS, {}, limit=2)
    assert kit.ids_of(items) == mine
    items, _, _ = kit.follow(supplier.client, OFFERS,
                             {"organisation_id": supplier.organisation["id"]}, limit=100)
    assert kit.ids_of(items) == mine
    r = supplier.client.get(OFFERS, params={"organisation_id": other["id"]})
    assert r.status_code == 200, r.text[:300]
    assert (r.json()["items"], r.json()["total"], r.json()["next_cursor"]) == ([], 0, None)


def test_list_is_not_cached(admin):
    r = admin.get(OFFERS)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("limit=", "limit"),
    ("cursor=garbage", "cursor"), ("cursor=", "cursor"),
    ("organisation_id=nope", "organisation_id"), ("organisation_id=", "organisation_id"),
])
def test_bad_query_values(admin, query, field):
    assert_invalid_query(admin.get(f"{OFFERS}?{query}"), (field, "invalid"))


@pytest.mark.parametrize("query, field", [("q=x", "q"), ("published=true", "published"),
                                          ("sort=title", "sort")])
def test_unknown_query_parameters(admin, query, field):
    assert_invalid_query(admin.get(f"{OFFERS}?{query}"), (field, "unknown"))


# Updates

def patch(client, offer_id, body, etag="*", content_type=MERGE):
    headers = {"Content-Type": content_type}
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"{OFFERS}/{offer_id}", json=body, headers=headers)


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_patch(api_as, admin, role):
    offer = kit.create_offer(admin, public_org(admin)["id"], price_indication="Sur devis")
    r = patch(api_as(role), offer["id"],
              {"title": "Nouveau titre", "sectors": ["btp-peinture"], "communes": ["976"],
               "price_indication": None, "published": True}, etag='"1"')
    assert r.status_code == 200, r.text[:300]
    got = r.json()
    assert (got["title"], got["sectors"], got["communes"], got["price_indication"],
            got["published"], got["version"]) == \
        ("Nouveau titre", ["btp-peinture"], ["976"], None, True, 2)
    assert (got["offer_type"], got["description"], got["organisation_id"], got["created_at"]) == \
        (offer["offer_type"], offer["description"], offer["organisation_id"], offer["created_at"])
    assert r.headers["ETag"] == '"2"'
    assert authkit.parse_time(got["updated_at"]) >= authkit.parse_time(offer["updated_at"])
    assert admin.get(f"{OFFERS}/{offer['id']}").json() == got


@pytest.mark.parametrize("content_type", [MERGE, "application/json"])
def test_supplier_patches_its_own_offer(supplier, admin, content_type):
    offer = kit.create_offer(admin, supplier.organisation["id"])
    r = patch(supplier.client, offer["id"], {"description": "Mieux décrite."},
              content_type=content_type)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["description"] == "Mieux décrite."


def test_supplier_may_not_patch_another_organisations_offer(supplier, admin):
    offer = kit.create_offer(admin, public_org(admin)["id"], published=True)
    path = f"{OFFERS}/{offer['id']}"
    assert_problem(patch(supplier.client, offer["id"], {"title": "Pris"}), 404, "not-found", path)
    assert_problem(patch(supplier.client, offer["id"], {"title": "Pris"}, etag=None), 404,
                   "not-found", path)
    assert admin.get(path).json() == offer


@pytest.mark.parametrize("body, field, code", [
    ({"offer_type": "nope"}, "offer_type", "invalid"),
    ({"title": None}, "title", "type"),
    ({"title": "a" * 201}, "title", "range"),
    ({"sectors": ["nope"]}, "sectors", "invalid"),
    ({"communes": ["97618"]}, "communes", "invalid"),
    ({"published": "yes"}, "published", "type"),
    ({"organisation_id": str(uuid.uuid4())}, "organisation_id", "invalid"),
    ({"organisation_id": None}, "organisation_id", "type"),
    ({"version": 3}, "version", "unknown"),
    ({"id": str(uuid.uuid4())}, "id", "unknown"),
])
def test_patch_validation(admin, body, field, code):
    offer = kit.create_offer(admin, public_org(admin)["id"])
    assert_validation(patch(admin, offer["id"], body), (field, code))
    assert admin.get(f"{OFFERS}/{offer['id']}").json() == offer


def test_staff_move_an_offer_to_another_organisation(admin, api):
    before, after = public_org(admin), public_org(admin, "ess")
    offer = kit.create_offer(admin, before["id"], published=True)
    r = patch(admin, offer["id"], {"organisation_id": after["id"]})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["organisation_id"] == after["id"]
    assert api.get(f"/v1/catalogue/suppliers/{before['id']}").json()["offers"] == []
    moved = api.get(f"/v1/catalogue/suppliers/{after['id']}").json()["offers"]
    assert [o["id"] for o in moved] == [offer["id"]]


def test_supplier_may_not_move_an_offer_away(supplier, admin):
    offer = kit.create_offer(admin, supplier.organisation["id"])
    other = public_org(admin)
    assert_validation(patch(supplier.client, offer["id"], {"organisation_id": other["id"]}),
                      ("organisation_id", "invalid"))
    assert admin.get(f"{OFFERS}/{offer['id']}").json() == offer
    r = patch(supplier.client, offer["id"], {"organisation_id": supplier.organisation["id"]})
    assert r.status_code == 200, r.text[:300]


def test_patch_requires_if_match(admin, supplier):
    offer = kit.create_offer(admin, supplier.organisation["id"])
    path = f"{OFFERS}/{offer['id']}"
    for client in (admin, supplier.client):
        assert_problem(patch(client, offer["id"], {"title": "x"}, etag=None), 428,
                       "precondition-required", path)
        for etag in ('"2"', '"0"', 'W/"1"', '"abc"'):
            assert_problem(patch(client, offer["id"], {"title": "x"}, etag=etag), 412,
                           "precondition-failed", path)
    assert admin.get(path).json() == offer


def test_concurrent_edits_one_wins(admin):
    offer = kit.create_offer(admin, public_org(admin)["id"])
    first = patch(admin, offer["id"], {"title": "first"}, etag='"1"')
    second = patch(admin, offer["id"], {"title": "second"}, etag='"1"')
    assert first.status_code == 200
    assert_problem(second, 412, "precondition-failed")
    assert admin.get(f"{OFFERS}/{offer['id']}").json()["title"] == "first"


@pytest.mark.parametrize("offer_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_patch_unknown_offer_is_404_before_428_and_400(admin, offer_id):
    path = f"{OFFERS}/{offer_id}"
    assert_problem(patch(admin, offer_id, {"title": "x"}), 404, "not-found", path)
    assert_problem(patch(admin, offer_id, {"offer_type": "nope"}, etag=None), 404, "not-found",
                   path)


def test_patch_malformed_json(admin):
    offer = kit.create_offer(admin, public_org(admin)["id"])
    path = f"{OFFERS}/{offer['id']}"
    for data in (b"{", b"[]", b"null"):
        r = admin.patch(path, data=data, headers={"Content-Type": MERGE, "If-Match": "*"})
        assert_problem(r, 400, "malformed-json", path)


# Deletion

def test_delete_requires_if_match_then_the_offer_is_gone(admin):
    org = public_org(admin)
    offer = kit.create_offer(admin, org["id"], published=True)
    path = f"{OFFERS}/{offer['id']}"
    assert_problem(admin.delete(path), 428, "precondition-required", path)
    assert_problem(admin.delete(path, headers={"If-Match": '"2"'}), 412, "precondition-failed",
                   path)
    assert admin.get(path).status_code == 200
    r = admin.delete(path, headers={"If-Match": '"1"'})
    assert r.status_code == 204 and r.content == b""
    assert_problem(admin.get(path), 404, "not-found", path)
    assert_problem(admin.delete(path, headers={"If-Match": "*"}), 404, "not-found", path)
    page = admin.get(f"/v1/catalogue/suppliers/{org['id']}").json()
    assert page["offers"] == [], "a deleted offer is still on the supplier's page"
    assert offer["id"] not in kit.ids_of(admin.get(OFFERS, params={
        "organisation_id": org["id"]}).json()["items"])


def test_supplier_deletes_its_own_offers_only(supplier, admin):
    mine = kit.create_offer(admin, supplier.organisation["id"])
    theirs = kit.create_offer(admin, public_org(admin)["id"], published=True)
    path = f"{OFFERS}/{theirs['id']}"
    assert_problem(supplier.client.delete(path, headers={"If-Match": "*"}), 404, "not-found",
                   path)
    assert admin.get(path).status_code == 200
    r = supplier.client.delete(f"{OFFERS}/{mine['id']}", headers={"If-Match": '"1"'})
    assert r.status_code == 204, r.text[:300]
    assert supplier.client.get(f"{OFFERS}/{mine['id']}").status_code == 404


@pytest.mark.parametrize("offer_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_delete_unknown_offer_is_404(admin, offer_id):
    path = f"{OFFERS}/{offer_id}"
    assert_problem(admin.delete(path, headers={"If-Match": "*"}), 404, "not-found", path)
    assert_problem(admin.delete(path), 404, "not-found", path)


# A disabled supplier stops writing at once

def test_disabled_supplier_cannot_write_offers(supplier, admin):
    offer = kit.create_offer(admin, supplier.organisation["id"])
    r = admin.patch(f"/v1/users/{supplier.id}", json={"status": "disabled"},
                    headers={"If-Match": "*", "Content-Type": MERGE})
    assert r.status_code == 200, r.text[:300]
    assert_problem(supplier.client.post(OFFERS, json=body_for(supplier.organisation["id"])),
                   401, "unauthorized")
    assert_problem(patch(supplier.client, offer["id"], {"title": "x"}), 401, "unauthorized")
    assert_problem(supplier.client.delete(f"{OFFERS}/{offer['id']}", headers={"If-Match": "*"}),
                   401, "unauthorized")
    assert admin.get(f"{OFFERS}/{offer['id']}").json() == offer
