"""Eligibility (issue 8): the criteria as reference data, vouchings by prescribers that
lapse after the criterion's validity, the facilitator's validation of a reasoned opinion,
and beneficiary_eligible(person, day), the SQL function the clause code asks when an action
starts; "today" is the injectable clock (ASR_NOW)."""

import os

import pytest

import cataloguekit
import peoplekit
from authkit import assert_problem, assert_validation, DEMO_EMAILS, DEMO_PASSWORD

CRITERIA = {"deld", "detld", "rsa", "ass", "aah", "pension-invalidite", "jeune-peu-qualifie",
            "rqth", "accompagne-siae", "epide", "e2c", "qpv", "senior", "pass-iae",
            "avis-prescripteur"}


def test_reference_lists(api_as):
    client = api_as("anonymous")
    r = client.get("/v1/reference/criteria")
    assert r.status_code == 200 and r.headers["ETag"]
    items = {i["code"]: i for i in r.json()["items"]}
    assert set(items) == CRITERIA
    assert items["deld"]["validity_days"] == 183
    assert items["pass-iae"]["validity_days"] == 730
    assert items["avis-prescripteur"]["needs_validation"] is True
    r = client.get("/v1/reference/criteria", headers={"If-None-Match": r.headers["ETag"]})
    assert r.status_code == 304
    obstacles = {i["code"] for i in client.get("/v1/reference/obstacles").json()["items"]}
    assert obstacles == {"mobility", "childcare", "language", "health", "housing", "digital",
                         "other"}
    levels = client.get("/v1/reference/education-levels").json()["items"]
    assert "niveau-3" in {i["code"] for i in levels}
    groups = {i["group"] for i in client.get("/v1/reference/outcome-categories").json()["items"]}
    assert groups == {"sustainable", "transitional", "positive", "other"}


def test_prescribers_network(api_as, make_user):
    other = make_user("prescriber", organisation=None)
    r = api_as("supplier").get("/v1/prescribers", params={"subkind": "france_travail"})
    assert r.status_code == 200
    demo = [p for p in r.json()["items"] if p["id"] == peoplekit.DEMO_PRESCRIBER_ORG]
    assert demo and demo[0]["subkind"] == "france_travail"
    assert demo[0]["subkind_label"] == "France Travail"
    assert "00000000-0000-4000-9000-000000000006" in {u["id"] for u in demo[0]["referents"]}
    assert all(set(u) == {"id", "display_name"} for u in demo[0]["referents"])
    items, _, _ = cataloguekit.follow(api_as("facilitator"), "/v1/prescribers", limit=1)
    assert other.organisation["id"] in {p["id"] for p in items}
    r = api_as("facilitator").get("/v1/prescribers", params={"subkind": "France-Travail"})
    assert_problem(r, 400, "invalid-query")
    r = api_as("anonymous").get("/v1/prescribers")
    assert r.status_code == 401


def _eligible(person_id, day):
    return peoplekit.psql("SELECT beneficiary_eligible(:'a1', :'a2'::date)", person_id, day)


def test_a_vouching_lapses_after_the_criterion_validity(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber)
    assert person["eligible"] is False and person["criteria"] == []
    path = f"/v1/beneficiaries/{person['id']}/criteria"
    r = prescriber.post(path, json={"criterion": "deld", "vouched_on": cataloguekit.days(-180),
                                    "note": "Inscrit depuis 14 mois."})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    got = r.json()
    assert got["eligible"] is True and got["criteria"] == ["deld"]
    vouching = got["eligibility"][0]
    assert vouching["expires_on"] == cataloguekit.days(3)
    assert vouching["holds"] is True and vouching["note"] == "Inscrit depuis 14 mois."
    assert _eligible(person["id"], cataloguekit.days(2)) == "t"
    assert _eligible(person["id"], cataloguekit.days(3)) == "f"
    assert _eligible(person["id"], cataloguekit.days(-181)) == "f"


@pytest.mark.parametrize("body, field, code", [
    ({"criterion": "nope"}, "criterion", "invalid"),
    ({}, "criterion", "required"),
    ({"criterion": "deld", "vouched_on": cataloguekit.days(1)}, "vouched_on", "range"),
    ({"criterion": "deld", "vouched_on": cataloguekit.days(-183)}, "vouched_on", "range"),
    ({"criterion": "deld", "vouched_on": "2023-02-29"}, "vouched_on", "invalid"),
    ({"criterion": "deld", "note": "x" * 1001}, "note", "range"),
    ({"criterion": "deld", "by": "me"}, "by", "unknown"),
])
def test_hostile_vouchings(api_as, body, field, code):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber)
    r = prescriber.post(f"/v1/beneficiaries/{person['id']}/criteria", json=body)
    assert_validation(r, (field, code))


def test_unknown_person_is_404_before_400(api_as):
    r = api_as("prescriber").post("/v1/beneficiaries/00000000-0000-4000-8000-00000000dead"
                                  "/criteria", json={"criterion": "nope"})
    assert_problem(r, 404, "not-found")
    r = api_as("prescriber").post("/v1/beneficiaries/not-a-uuid/criteria",
                                  json={"criterion": "deld"})
    assert_problem(r, 404, "not-found")


def test_a_reasoned_opinion_counts_once_a_facilitator_agrees(api_as):
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber, criteria=["avis-prescripteur"])
    assert person["eligible"] is False and person["criteria"] == []
    assert person["eligibility"][0]["validated"] is False
    r = api_as("facilitator").post(f"/v1/beneficiaries/{person['id']}/criteria",
                                   json={"criterion": "avis-prescripteur",
                                         "note": "Avis motivé validé en comité."})
    assert r.status_code == 200
    got = r.json()
    assert got["eligible"] is True and got["criteria"] == ["avis-prescripteur"]
    # Recorded under the referring organisation, validated by the facilitator.
    assert {v["prescriber_id"] for v in got["eligibility"]} == {peoplekit.DEMO_PRESCRIBER_ORG}
    assert sorted(v["validated"] for v in got["eligibility"]) == [False, True]


def test_the_clock_makes_criteria_lapse(spawn_server, api_for, api_as, login):
    person = peoplekit.create(api_as("prescriber"), criteria=["rsa", "pass-iae"])
    later = cataloguekit.days(200)
    server = spawn_server(os.environ["ASR_TEST_DATABASE_URL"],
                          ASR_NOW=f"{later}T09:00:00Z")
    client = api_for(server.url)
    token = login(DEMO_EMAILS["facilitator"], DEMO_PASSWORD, server.url)["access_token"]
    client.session.headers["Authorization"] = f"Bearer {token}"
    got = client.get(f"/v1/beneficiaries/{person['id']}").json()
    assert got["criteria"] == ["pass-iae"] and got["eligible"] is True
    holds = {v["criterion"]: v["holds"] for v in got["eligibility"]}
    assert holds == {"rsa": False, "pass-iae": True}
