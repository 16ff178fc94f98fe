"""Progress of clauses and markets at chosen dates (servers with a pinned clock, ASR_NOW):
expected hours pro rata of the days elapsed, met / late / on_track, penalties, hours by
mode, pools; amendments recompute the required hours and keep their history."""

import os
import uuid

import pytest

from authkit import DEMO_EMAILS, DEMO_PASSWORD, assert_problem, assert_validation
from clausekit import World, created, declare, validate


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


@pytest.fixture
def at(spawn_server, login, api_as):
    """at("2026-07-02") → (staff client, client of a World person or None) on a server whose
    clock reads that Mayotte day at noon."""
    def make(day, person=None):
        server = spawn_server(os.environ["ASR_TEST_DATABASE_URL"],
                              ASR_NOW=f"{day}T09:00:00Z")
        staff = login(DEMO_EMAILS["facilitator"], DEMO_PASSWORD, server.url)
        clients = [api_as(token=staff["access_token"], base=server.url)]
        if person is not None:
            pair = login(person.email, person.password, server.url)
            clients.append(api_as(token=pair["access_token"], base=server.url))
        return clients
    return make


def year_chain(world, **kw):
    """2026-01-01 to 2026-12-31 (364 days), 1,000,000 EUR × 0.5 × 0.05 ÷ 30 = 833.33 h,
    10 EUR per missing hour."""
    chain = world.chain(start=0, end=0, **kw)
    m = chain["market"]
    r = world.staff.patch(f"/v1/markets/{m['id']}", json={
        "start_date": "2026-01-01", "end_date": "2026-12-31"}, headers={"If-Match": "*"})
    assert r.status_code == 200, r.text
    return chain


def validated(world, chain, month, hours, client=None):
    entry = created(declare(client or world.company, chain["action"]["id"], month, hours),
                    "hours")
    return validate(world.staff, entry["id"])


def clause_progress(client, chain):
    r = client.get(f"/v1/clauses/{chain['clause']['id']}/progress")
    assert r.status_code == 200, r.text
    return r.json()


def test_late_on_track_and_met_at_chosen_dates(world, at):
    chain = year_chain(world)
    validated(world, chain, "2026-02", 150)
    validated(world, chain, "2026-03", 150)
    staff, company = at("2026-07-02", world.person("company"))
    p = clause_progress(company, chain)
    # 182 of 364 days: 833.33 / 2 = 416.665 → 416.67; 300 < 90 % of it.
    assert p["today"] == "2026-07-02"
    assert (p["required_hours"], p["expected_hours"], p["validated_hours"]) == \
        (833.33, 416.67, 300)
    assert (p["status"], p["percent"], p["remaining_hours"]) == ("late", 36, 533.33)
    assert p["penalties"] == 1166.70
    assert p["hours_by_mode"] == {"direct_hire": 300}
    validated(world, chain, "2026-04", 80)
    p = clause_progress(company, chain)
    assert (p["validated_hours"], p["status"], p["penalties"]) == (380, "on_track", 366.7)
    # Before the start nothing is expected; after the end, everything.
    assert clause_progress(at("2025-12-01")[0], chain)["expected_hours"] == 0
    late = clause_progress(at("2027-01-05")[0], chain)
    assert (late["expected_hours"], late["status"]) == (833.33, "late")
    validated(world, chain, "2026-05", 208)
    validated(world, chain, "2026-06", 208)
    validated(world, chain, "2026-07", 40, client=world.siae)
    done = clause_progress(staff, chain)
    assert (done["validated_hours"], done["status"], done["remaining_hours"]) == \
        (836, "met", 0)
    assert done["percent"] == 100.32 and done["penalties"] == 0
    market = staff.get(f"/v1/markets/{chain['market']['id']}/progress").json()
    assert (market["status"], market["validated_hours"]) == ("met", 836)
    assert market["clauses"] == [{"clause_id": chain["clause"]["id"], "status": "met",
                                  "required_hours": 833.33, "validated_hours": 836,
                                  "expected_hours": 416.67}]


def test_only_validated_hours_count_by_mode(world, at):
    chain = year_chain(world)
    validated(world, chain, "2026-02", 100)
    created(declare(world.company, chain["action"]["id"], "2026-03", 50), "hours")
    training = created(world.staff.post(
        f"/v1/attributions/{chain['attribution']['id']}/actions",
        json={"mode": "training", "start_date": "2026-02-01"}), "action")
    entry = created(declare(world.company, training["id"], "2026-02", 35), "hours")
    validate(world.staff, entry["id"])
    p = clause_progress(at("2026-07-02")[0], chain)
    assert (p["validated_hours"], p["declared_hours"]) == (135, 185)
    assert p["hours_by_mode"] == {"direct_hire": 100, "training": 35}


def test_pooled_clauses_report_the_pool(world, at):
    pool = str(uuid.uuid4())
    a = year_chain(world, clause={"pool_id": pool})
    b = year_chain(world, clause={"pool_id": pool})
    for month, hours in (("2026-02", 200), ("2026-03", 200), ("2026-04", 100)):
        validated(world, a, month, hours)
    p = clause_progress(at("2026-07-02")[0], b)
    assert p["validated_hours"] == 0 and p["status"] == "late"
    assert p["pool"] == {"pool_id": pool, "clauses": 2, "required_hours": 1666.66,
                         "declared_hours": 500, "validated_hours": 500,
                         "remaining_hours": 1166.66, "percent": 30, "expected_hours": 833.34,
                         "status": "late"}
    assert clause_progress(world.staff, a)["pool"]["clauses"] == 2


def test_amendments_recompute_required_hours(world, at):
    chain = year_chain(world)
    m = chain["market"]["id"]
    assert_problem(world.buyer.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-06-01", "reason": "x", "amount": 1}), 403, "forbidden")
    assert_validation(world.staff.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-06-01", "reason": "Rien"}), ("amount", "required"))
    assert_validation(world.staff.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-06-01", "reason": "x", "end_date": "2025-01-01"}), ("end_date", "invalid"))
    assert_validation(world.staff.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-06-01", "reason": "x", "amount": -5}), ("amount", "range"))
    validated(world, chain, "2026-02", 150)
    validated(world, chain, "2026-03", 150)
    staff, = at("2026-07-02")
    assert clause_progress(staff, chain)["status"] == "late"
    r = world.staff.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-06-15", "reason": "Travaux supplémentaires et délai prolongé",
        "amount": 1200000, "end_date": "2027-12-31"})
    a = created(r, "amendment")
    assert r.headers["Location"] == f"/v1/amendments/{a['id']}"
    assert (a["number"], a["previous"]["amount"], a["previous"]["end_date"]) == \
        (1, 1000000, "2026-12-31")
    assert a["required_hours"] == [{"clause_id": chain["clause"]["id"],
                                    "previous_hours": 833.33, "required_hours": 1000}]
    market = world.staff.get(f"/v1/markets/{m}").json()
    assert (market["amount"], market["end_date"]) == (1200000, "2027-12-31")
    lot = world.staff.get(f"/v1/lots/{chain['lot']['id']}").json()
    assert lot["amount"] == 1200000
    # 182 of 729 days of 1,000 h: 249.66 expected; 300 is ahead.
    p = clause_progress(staff, chain)
    assert (p["required_hours"], p["expected_hours"], p["status"]) == \
        (1000, 249.66, "on_track")
    listed = world.buyer.get(f"/v1/markets/{m}/amendments").json()["items"]
    assert [x["id"] for x in listed] == [a["id"]]
    assert world.company.get(f"/v1/amendments/{a['id']}").status_code == 200
    assert_problem(world.outsiders["buyer"].get(f"/v1/amendments/{a['id']}"), 404,
                   "not-found")
    second = created(world.staff.post(f"/v1/markets/{m}/amendments", json={
        "date": "2026-09-01", "reason": "Durée", "duration_months": 30}), "amendment")
    assert second["number"] == 2 and second["end_date"] == "2028-06-30"
    assert second["previous"]["end_date"] == "2027-12-31"
