"""Beneficiaries (issue 8): a prescriber refers a person, reads and changes it with ETags,
lists and looks people up through the blind index; possible duplicates are flagged for
facilitators only; hostile input answers 400 naming the field; erasure and export."""

import pytest

import cataloguekit
import peoplekit
from authkit import assert_problem, assert_validation, assert_invalid_query

IDENTITY = ("first_name", "last_name", "birth_date", "phone", "email", "address")


def test_prescriber_refers_a_person_and_reads_it_back(api_as):
    prescriber = api_as("prescriber")
    body = peoplekit.identity(sex="F", commune_insee="97611", education_level="niveau-3",
                              qpv=True, obstacles=["mobility", "childcare"],
                              criteria=["rsa", "deld"])
    r = prescriber.post("/v1/beneficiaries", json=body)
    assert r.status_code == 201, r.text
    person = r.json()
    assert r.headers["Location"] == f"/v1/beneficiaries/{person['id']}"
    assert r.headers["ETag"] == '"1"'
    for field in IDENTITY:
        assert person[field] == body[field]
    assert person["code"].startswith("P-") and len(person["code"]) == 10
    assert person["prescriber_id"] == peoplekit.DEMO_PRESCRIBER_ORG
    assert person["referent_id"] == "00000000-0000-4000-9000-000000000006"
    assert person["birth_year"] == 1990 and person["sex"] == "F" and person["qpv"] is True
    assert person["obstacles"] == ["childcare", "mobility"]
    assert person["criteria"] == ["deld", "rsa"] and person["eligible"] is True
    assert {v["criterion"] for v in person["eligibility"]} == {"rsa", "deld"}
    vouching = person["eligibility"][0]
    assert vouching["vouched_on"] == cataloguekit.days(0)
    assert vouching["expires_on"] == cataloguekit.days(183)
    assert vouching["prescriber_id"] == peoplekit.DEMO_PRESCRIBER_ORG
    assert "possible_duplicate" not in person

    r = prescriber.get(f"/v1/beneficiaries/{person['id']}")
    assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    assert r.json() == person


def test_code_is_random_not_derived_from_the_identity(api_as):
    facilitator = api_as("facilitator")
    same = peoplekit.identity()
    a = facilitator.post("/v1/beneficiaries",
                         json=dict(same, prescriber_id=peoplekit.DEMO_PRESCRIBER_ORG)).json()
    b = facilitator.post("/v1/beneficiaries",
                         json=dict(same, prescriber_id=peoplekit.DEMO_PRESCRIBER_ORG)).json()
    assert a["code"] != b["code"] and a["id"] != b["id"]


def test_patch_merges_identity_and_statistics_with_if_match(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber)
    path = f"/v1/beneficiaries/{person['id']}"
    r = prescriber.patch(path, json={"phone": None})
    assert_problem(r, 428, "precondition-required", path)
    r = prescriber.patch(path, json={"phone": None}, headers={"If-Match": '"7"'})
    assert_problem(r, 412, "precondition-failed", path)

    r = prescriber.patch(path, json={"phone": None, "address": "3 rue de la Mairie",
                                     "education_level": "niveau-4", "obstacles": ["digital"]},
                         headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    changed = r.json()
    assert r.headers["ETag"] == '"2"' and changed["version"] == 2
    assert changed["phone"] is None and changed["address"] == "3 rue de la Mairie"
    assert changed["first_name"] == person["first_name"]
    assert changed["email"] == person["email"]
    assert changed["education_level"] == "niveau-4" and changed["obstacles"] == ["digital"]

    # Statistics only: the identity is left as it is.
    r = prescriber.patch(path, json={"qpv": True}, headers={"If-Match": "*"})
    assert r.status_code == 200 and r.json()["address"] == "3 rue de la Mairie"
    assert r.json()["version"] == 3


def test_prescriber_may_not_move_a_person_to_another_organisation(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber)
    r = prescriber.patch(f"/v1/beneficiaries/{person['id']}",
                         json={"prescriber_id": peoplekit.FACILITATOR_ORG},
                         headers={"If-Match": "*"})
    assert_problem(r, 403, "forbidden")
    r = prescriber.post("/v1/beneficiaries",
                        json=peoplekit.identity(prescriber_id=peoplekit.DEMO_PRESCRIBER_ORG))
    assert_problem(r, 403, "forbidden")


def test_staff_name_the_prescriber(api_as, make_user):
    facilitator = api_as("facilitator")
    r = facilitator.post("/v1/beneficiaries", json=peoplekit.identity())
    assert_validation(r, ("prescriber_id", "required"))
    r = facilitator.post("/v1/beneficiaries",
                         json=peoplekit.identity(prescriber_id=peoplekit.FACILITATOR_ORG))
    assert_validation(r, ("prescriber_id", "invalid"))
    other = make_user("prescriber")
    r = facilitator.post("/v1/beneficiaries", json=peoplekit.identity(
        prescriber_id=peoplekit.DEMO_PRESCRIBER_ORG, referent_id=other.id))
    assert_validation(r, ("referent_id", "invalid"))
    r = facilitator.post("/v1/beneficiaries", json=peoplekit.identity(
        prescriber_id=other.organisation["id"], referent_id=other.id))
    assert r.status_code == 201, r.text
    assert r.json()["prescriber_id"] == other.organisation["id"]
    assert r.json()["possible_duplicate"] is False


def test_list_pages_and_filters(api_as, make_user):
    prescriber = make_user("prescriber")
    client = api_as(token=prescriber.login()["access_token"])
    made = [peoplekit.create(client, commune_insee="97601" if i % 2 else "97602")
            for i in range(5)]
    items, pages, _ = cataloguekit.follow(client, "/v1/beneficiaries", limit=2)
    assert [p["id"] for p in items] == [p["id"] for p in reversed(made)]
    assert pages == 3
    items, _, _ = cataloguekit.follow(client, "/v1/beneficiaries",
                                      [("commune_insee", "97601")])
    assert {p["id"] for p in items} == {p["id"] for p in made if p["commune_insee"] == "97601"}
    facilitator = api_as("facilitator")
    items, _, _ = cataloguekit.follow(facilitator, "/v1/beneficiaries",
                                      [("prescriber_id", prescriber.organisation["id"])])
    assert {p["id"] for p in items} == {p["id"] for p in made}
    assert all(p["first_name"] for p in items)


@pytest.mark.parametrize("query, field", [
    ({"limit": "0"}, "limit"), ({"cursor": "nope"}, "cursor"),
    ({"prescriber_id": "x"}, "prescriber_id"), ({"commune_insee": "97A"}, "commune_insee"),
    ({"first_name": "Ali"}, "last_name"), ({"last_name": "Ali"}, "first_name"),
    ({"first_name": "'", "last_name": "-"}, "first_name"),
    ({"first_name": "A", "last_name": "B", "birth_date": "2023-02-29"}, "birth_date"),
    ({"possible_duplicate": "yes"}, "possible_duplicate"), ({"sort": "name"}, "sort")])
def test_list_rejects_bad_queries(api_as, query, field):
    r = api_as("facilitator").get("/v1/beneficiaries", params=query)
    body = assert_problem(r, 400, "invalid-query")
    assert field in {e["field"] for e in body["errors"]}, body


def test_lookup_by_name_through_the_blind_index(api_as):
    facilitator = api_as("facilitator")
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber, first_name="Zaïnaba", last_name="M'Madi-"
                              + cataloguekit.word(6), birth_date="1985-01-01")
    folded_last = person["last_name"].replace("'", "").replace("-", " ").upper()
    for client in (facilitator, prescriber):
        r = client.get("/v1/beneficiaries", params={
            "first_name": folded_last, "last_name": "zainaba"})
        assert r.status_code == 200
        assert [p["id"] for p in r.json()["items"]] == [person["id"]]
    r = facilitator.get("/v1/beneficiaries", params={
        "first_name": "Zainaba", "last_name": folded_last, "birth_date": "1985-01-01"})
    assert [p["id"] for p in r.json()["items"]] == [person["id"]]
    r = facilitator.get("/v1/beneficiaries", params={
        "first_name": "Zainaba", "last_name": folded_last, "birth_date": "1985-01-02"})
    assert r.json()["items"] == [] and r.json()["total"] == 0


def test_possible_duplicates_are_flagged_for_facilitators_only(api_as, make_user):
    facilitator = api_as("facilitator")
    first = peoplekit.create(api_as("prescriber"), birth_date="1979-01-01")
    other = make_user("prescriber")
    other_client = api_as(token=other.login()["access_token"])
    # Same names written otherwise, in the other order, another presumed birth date.
    r = other_client.post("/v1/beneficiaries", json=peoplekit.identity(
        first_name=first["last_name"].lower(), last_name=first["first_name"].upper(),
        birth_date="1980-01-01"))
    assert r.status_code == 201
    second = r.json()
    # The prescriber learns nothing: no flag, nothing of the other person.
    assert "possible_duplicate" not in second
    assert set(second) == set(first)
    r = other_client.get(f"/v1/beneficiaries/{first['id']}")
    assert_problem(r, 404, "not-found")
    r = other_client.get("/v1/beneficiaries", params={"possible_duplicate": "true"})
    assert_problem(r, 403, "forbidden")
    r = other_client.get("/v1/beneficiaries", params={
        "first_name": first["first_name"], "last_name": first["last_name"]})
    assert [p["id"] for p in r.json()["items"]] == [second["id"]]

    for person in (first, second):
        r = facilitator.get(f"/v1/beneficiaries/{person['id']}")
        assert r.json()["possible_duplicate"] is True
    items, _, _ = cataloguekit.follow(facilitator, "/v1/beneficiaries",
                                      [("possible_duplicate", "true")])
    assert {first["id"], second["id"]} <= {p["id"] for p in items}
    r = facilitator.get("/v1/beneficiaries", params={
        "first_name": first["first_name"], "last_name": first["last_name"]})
    assert {p["id"] for p in r.json()["items"]} == {first["id"], second["id"]}

    # The review: a facilitator says "not a duplicate"; a prescriber may not.
    r = other_client.patch(f"/v1/beneficiaries/{second['id']}",
                           json={"possible_duplicate": False}, headers={"If-Match": "*"})
    assert_problem(r, 403, "forbidden")
    for person in (first, second):
        r = facilitator.patch(f"/v1/beneficiaries/{person['id']}",
                              json={"possible_duplicate": False}, headers={"If-Match": "*"})
        assert r.status_code == 200 and r.json()["possible_duplicate"] is False


BAD_FIELDS = [
    ({"birth_date": "2999-01-01"}, "birth_date", "range"),
    ({"birth_date": "1899-12-31"}, "birth_date", "range"),
    ({"birth_date": "2023-02-29"}, "birth_date", "invalid"),
    ({"birth_date": "1990-1-1"}, "birth_date", "invalid"),
    ({"birth_date": 19900101}, "birth_date", "type"),
    ({"first_name": ""}, "first_name", "range"),
    ({"first_name": "x" * 101}, "first_name", "range"),
    ({"first_name": "'-'"}, "first_name", "invalid"),
    ({"last_name": " . "}, "last_name", "invalid"),
    ({"last_name": None}, "last_name", "type"),
    ({"email": "not-an-email"}, "email", "invalid"),
    ({"email": "a@" + "b" * 300}, "email", "invalid"),
    ({"phone": "12345"}, "phone", "invalid"),
    ({"phone": "06 39 AB CD EF"}, "phone", "invalid"),
    ({"phone": "+" + "1" * 20}, "phone", "invalid"),
    ({"phone": "0" * 31}, "phone", "range"),
    ({"address": "a" * 301}, "address", "range"),
    ({"sex": "X"}, "sex", "enum"),
    ({"commune_insee": "75001"}, "commune_insee", "invalid"),
    ({"commune_insee": "97699"}, "commune_insee", "invalid"),
    ({"criteria": ["nope"]}, "criteria", "invalid"),
    ({"criteria": "rsa"}, "criteria", "type"),
    ({"criteria": ["rsa"] * 21}, "criteria", "range"),
    ({"obstacles": ["flying"]}, "obstacles", "invalid"),
    ({"education_level": "phd"}, "education_level", "invalid"),
    ({"qpv": "yes"}, "qpv", "type"),
    ({"referent_id": "not-a-uuid"}, "referent_id", "invalid"),
    ({"code": "P-00000000"}, "code", "unknown"),
    ({"version": 3}, "version", "unknown"),
]


@pytest.mark.parametrize("fields, field, code", BAD_FIELDS,
                         ids=[f"{f}-{c}-{i}" for i, (_, f, c) in enumerate(BAD_FIELDS)])
def test_hostile_input_names_the_field(api_as, fields, field, code):
    r = api_as("prescriber").post("/v1/beneficiaries", json=peoplekit.identity(**fields))
    assert_validation(r, (field, code))


def test_required_fields_and_a_patch_of_criteria(api_as):
    prescriber = api_as("prescriber")
    r = prescriber.post("/v1/beneficiaries", json={})
    assert_validation(r, ("first_name", "required"), ("last_name", "required"),
                      ("birth_date", "required"))
    person = peoplekit.create(prescriber)
    r = prescriber.patch(f"/v1/beneficiaries/{person['id']}", json={"criteria": ["rsa"]},
                         headers={"If-Match": "*"})
    assert_validation(r, ("criteria", "unknown"))
    r = prescriber.patch(f"/v1/beneficiaries/{person['id']}",
                         json={"birth_date": "2023-02-29"}, headers={"If-Match": "*"})
    assert_validation(r, ("birth_date", "invalid"))


def test_huge_bodies_and_malformed_json(api_as):
    prescriber = api_as("prescriber")
    r = prescriber.post("/v1/beneficiaries", data=b'{"first_name": "' + b"a" * (2 << 20)
                        + b'"}', headers={"Content-Type": "application/json"})
    assert_problem(r, 413, "payload-too-large")
    r = prescriber.post("/v1/beneficiaries", data=b'{"first_name": ',
                        headers={"Content-Type": "application/json"})
    assert_problem(r, 400, "malformed-json")


def test_erasure_keeps_statistics_and_loses_the_identity(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber, sex="M", commune_insee="97608",
                              criteria=["rqth"], obstacles=["health"])
    path = f"/v1/beneficiaries/{person['id']}"
    r = prescriber.post(path + "/criteria", json={"criterion": "aah", "note": "Dossier CAF."})
    assert r.status_code == 200
    r = prescriber.delete(path)
    assert_problem(r, 428, "precondition-required", path)
    r = prescriber.delete(path, headers={"If-Match": '"2"'})
    assert r.status_code == 204 and r.content == b""

    r = api_as("facilitator").get(path)
    erased = r.json()
    assert erased["erased"] is True and erased["version"] == 3
    for field in IDENTITY:
        assert field not in erased
    assert erased["criteria"] == ["aah", "rqth"]
    for field in ("sex", "birth_year", "commune_insee", "obstacles",
                  "prescriber_id", "code"):
        assert erased[field] == person[field], field
    assert peoplekit.psql(
        "SELECT identity IS NULL AND identity_key IS NULL AND blind_name IS NULL"
        " AND blind_name_birth IS NULL AND erased_at IS NOT NULL FROM beneficiaries"
        " WHERE id = :'a1'", person["id"]) == "t"
    for needle in (person["last_name"], person["phone"], person["email"]):
        assert peoplekit.tables_holding(needle) == set()
    r = api_as("facilitator").get("/v1/beneficiaries", params={
        "first_name": person["first_name"], "last_name": person["last_name"]})
    assert r.json()["items"] == []

    r = api_as("facilitator").get(path + "/export")
    assert all(v["note"] is None for v in r.json()["eligibility"])
    r = prescriber.patch(path, json={"phone": "0639 00 00 00"}, headers={"If-Match": "*"})
    assert_problem(r, 409, "conflict", path)
    r = prescriber.patch(path, json={"qpv": True}, headers={"If-Match": "*"})
    assert_problem(r, 409, "conflict", path)
    r = prescriber.delete(path, headers={"If-Match": "*"})
    assert r.status_code == 204


def test_export_returns_everything_held(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber, criteria=["deld"])
    r = prescriber.post(f"/v1/beneficiaries/{person['id']}/criteria",
                        json={"criterion": "rqth", "note": "Notification MDPH reçue."})
    assert r.status_code == 200, r.text
    r = prescriber.get(f"/v1/beneficiaries/{person['id']}/export")
    assert r.status_code == 200, r.text
    doc = r.json()
    for field in IDENTITY:
        assert doc["beneficiary"][field] == person[field]
    assert doc["prescriber"]["id"] == peoplekit.DEMO_PRESCRIBER_ORG
    assert doc["referent"]["id"] == person["referent_id"]
    notes = {v["criterion"]: v["note"] for v in doc["eligibility"]}
    assert notes == {"deld": None, "rqth": "Notification MDPH reçue."}
    assert all(v["created_by"] == person["referent_id"] for v in doc["eligibility"])
    assert doc["sealed_with"].startswith("k4.lid.")
    assert doc["erased_at"] is None


def test_facilitator_merges_a_duplicate(api_as):
    facilitator = api_as("facilitator")
    prescriber = api_as("prescriber")
    kept = peoplekit.create(prescriber, criteria=["rsa"], obstacles=["mobility"])
    copy = peoplekit.create(prescriber, first_name=kept["first_name"],
                            last_name=kept["last_name"], criteria=["rqth"],
                            obstacles=["housing"])
    assert facilitator.get(f"/v1/beneficiaries/{kept['id']}").json()["possible_duplicate"]
    path = f"/v1/beneficiaries/{kept['id']}/merge"
    assert_problem(prescriber.post(path, json={"duplicate_id": copy["id"]}), 403, "forbidden")
    assert_validation(facilitator.post(path, json={}), ("duplicate_id", "required"))
    assert_validation(facilitator.post(path, json={"duplicate_id": kept["id"]}),
                      ("duplicate_id", "invalid"))
    assert_validation(facilitator.post(path, json={"duplicate_id": "nope"}),
                      ("duplicate_id", "invalid"))

    r = facilitator.post(path, json={"duplicate_id": copy["id"]})
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["criteria"] == ["rqth", "rsa"]
    assert merged["obstacles"] == ["housing", "mobility"]
    assert merged["possible_duplicate"] is False
    assert merged["first_name"] == kept["first_name"]
    gone = facilitator.get(f"/v1/beneficiaries/{copy['id']}").json()
    assert gone["erased"] is True and gone["merged_into"] == kept["id"]
    assert gone["eligibility"] == []
    r = facilitator.post(path, json={"duplicate_id": copy["id"]})
    assert_problem(r, 409, "conflict")
