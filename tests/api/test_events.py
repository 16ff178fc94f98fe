"""Events of the territorial animation: staff record them (kind, date, commune, audiences,
organisations present, head-count), under If-Match; people read the public ones; anyone
reads the public agenda of upcoming events, cached like the catalogue's public answers.
Hostile inputs answer 400 naming the field.
"""

import uuid

import pytest

import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem, assert_validation
from cataloguekit import MERGE

EVENTS = "/v1/events"
EVENT_FIELDS = {"id", "kind", "title", "starts_on", "commune_insee", "place", "audiences",
                "organisation_ids", "head_count", "description", "public", "created_at",
                "updated_at", "version"}


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def event_body(**fields):
    body = {"kind": "workshop", "title": f"Atelier {kit.word(8)}", "starts_on": kit.days(10)}
    body.update(fields)
    return body


def create(client, **fields):
    r = client.post(EVENTS, json=event_body(**fields))
    assert r.status_code == 201, r.text[:300]
    return r.json()


def test_staff_record_an_event_with_its_attendance(api_as, admin):
    orgs = [kit.create_org(admin, "buyer_public")["id"], kit.public_supplier(admin)["id"]]
    client = api_as("facilitator")
    r = client.post(EVENTS, json=event_body(
        kind="awareness-buyers", commune_insee="97611", place="Hôtel de ville",
        audiences=["buyer_public", "company"], organisation_ids=orgs, head_count=24,
        description="Les clauses sociales pour les acheteurs publics.", public=True))
    assert r.status_code == 201, r.text[:300]
    event = r.json()
    assert set(event) == EVENT_FIELDS
    assert (event["head_count"], sorted(event["organisation_ids"]), event["version"]) == \
        (24, sorted(orgs), 1)
    assert r.headers["Location"] == f"{EVENTS}/{event['id']}"
    assert client.get(r.headers["Location"]).json() == event
    items, _, _ = kit.follow(client, EVENTS, {"organisation_id": orgs[0]})
    assert [e["id"] for e in items] == [event["id"]]


@pytest.mark.parametrize("mutate, field, code", [
    (lambda b: b.pop("kind"), "kind", "required"),
    (lambda b: b.pop("starts_on"), "starts_on", "required"),
    (lambda b: b.update(kind="party"), "kind", "invalid"),
    (lambda b: b.update(title=""), "title", "range"),
    (lambda b: b.update(starts_on="2026-13-01"), "starts_on", "invalid"),
    (lambda b: b.update(commune_insee="97699"), "commune_insee", "invalid"),
    (lambda b: b.update(commune_insee="75001"), "commune_insee", "invalid"),
    (lambda b: b.update(audiences=["aliens"]), "audiences", "invalid"),
    (lambda b: b.update(organisation_ids=["not-a-uuid"]), "organisation_ids", "invalid"),
    (lambda b: b.update(organisation_ids=[str(uuid.uuid4())]), "organisation_ids", "invalid"),
    (lambda b: b.update(head_count=-1), "head_count", "range"),
    (lambda b: b.update(head_count=2.5), "head_count", "type"),
    (lambda b: b.update(head_count="12"), "head_count", "type"),
    (lambda b: b.update(public="yes"), "public", "type"),
    (lambda b: b.update(id=str(uuid.uuid4())), "id", "unknown"),
])
def test_validation(admin, mutate, field, code):
    body = event_body()
    mutate(body)
    assert_validation(admin.post(EVENTS, json=body), (field, code))


def test_updates_need_if_match_and_deletes(admin):
    event = create(admin)
    path = f"{EVENTS}/{event['id']}"
    r = admin.patch(path, json={"head_count": 30}, headers={"Content-Type": MERGE})
    assert_problem(r, 428, "precondition-required")
    r = admin.patch(path, json={"head_count": 30},
                    headers={"Content-Type": MERGE, "If-Match": '"9"'})
    assert_problem(r, 412, "precondition-failed")
    r = admin.patch(path, json={"head_count": 30, "place": None},
                    headers={"Content-Type": MERGE, "If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["head_count"] == 30
    assert r.headers["ETag"] == '"2"'
    missing = f"{EVENTS}/{uuid.uuid4()}"
    assert_problem(admin.patch(missing, json={"head_count": -4},
                               headers={"Content-Type": MERGE, "If-Match": "*"}),
                   404, "not-found")
    assert_problem(admin.delete(path), 428, "precondition-required")
    assert admin.delete(path, headers={"If-Match": '"2"'}).status_code == 204
    assert_problem(admin.get(path), 404, "not-found")


def test_people_read_public_events_only(api_as, admin):
    private = create(admin)
    public = create(admin, public=True)
    buyer = api_as("buyer")
    assert_problem(buyer.get(f"{EVENTS}/{private['id']}"), 404, "not-found")
    assert buyer.get(f"{EVENTS}/{public['id']}").status_code == 200
    items, _, _ = kit.follow(buyer, EVENTS)
    assert all(e["public"] for e in items)
    assert_problem(buyer.post(EVENTS, json=event_body()), 403, "forbidden")


def test_public_agenda_is_anonymous_and_cached(api, admin):
    commune = "97608"
    soon = create(admin, public=True, commune_insee=commune, starts_on=kit.days(2))
    later = create(admin, public=True, commune_insee=commune, starts_on=kit.days(40))
    past = create(admin, public=True, commune_insee=commune, starts_on=kit.days(-3))
    hidden = create(admin, public=False, commune_insee=commune, starts_on=kit.days(5))
    r = api.get(f"{EVENTS}/upcoming", params={"commune": commune})
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=60"
    ids = [e["id"] for e in r.json()["items"]]
    assert soon["id"] in ids and later["id"] in ids
    assert ids.index(soon["id"]) < ids.index(later["id"])
    assert past["id"] not in ids and hidden["id"] not in ids
    assert "organisation_ids" not in r.json()["items"][0]
    again = api.get(f"{EVENTS}/upcoming", params={"commune": commune},
                    headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    assert_invalid_query(api.get(f"{EVENTS}/upcoming", params={"commune": "x"}),
                         ("commune", "invalid"))
    assert_invalid_query(api.get(f"{EVENTS}/upcoming", params={"kind": "DROP TABLE"}),
                         ("kind", "invalid"))
    assert api.get("/v1/reference/event-kinds").status_code == 200
