"""Alerts at chosen dates (ASR_NOW): late clauses, declarations waiting over 30 days,
markets ending within 60 days with hours remaining; all for staff, its own for a buyer and
for an attributed organisation. And follow-up visits (staff only)."""

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from authkit import DEMO_EMAILS, DEMO_PASSWORD, assert_problem, assert_validation
from clausekit import World, created, declare, validate


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


@pytest.fixture
def at(spawn_server, login, api_as):
    """at(instant, *people) → clients (staff first, then each person) on a server whose
    clock reads that instant (RFC 3339 or YYYY-MM-DD, noon in Mayotte)."""
    def make(instant, *people):
        if len(instant) == 10:
            instant += "T09:00:00Z"
        server = spawn_server(os.environ["ASR_TEST_DATABASE_URL"], ASR_NOW=instant)
        pairs = [login(DEMO_EMAILS["facilitator"], DEMO_PASSWORD, server.url)]
        pairs += [login(p.email, p.password, server.url) for p in people]
        return [api_as(token=p["access_token"], base=server.url) for p in pairs]
    return make


def year_chain(world):
    chain = world.chain(start=0, end=0)
    r = world.staff.patch(f"/v1/markets/{chain['market']['id']}", json={
        "start_date": "2026-01-01", "end_date": "2026-12-31"}, headers={"If-Match": "*"})
    assert r.status_code == 200, r.text
    return chain


def alerts(client, market_id):
    r = client.get("/v1/alerts")
    assert r.status_code == 200, r.text
    return sorted((a["kind"], a["clause_id"] or a["hours_id"])
                  for a in r.json()["items"] if a["market_id"] == market_id)


def test_late_and_ending_clauses(world, at):
    chain = year_chain(world)
    m, clause = chain["market"]["id"], chain["clause"]["id"]
    entry = created(declare(world.company, chain["action"]["id"], "2026-02", 200), "hours")
    validate(world.staff, entry["id"])
    # In March, 200 h are ahead of the 136.99 expected: nothing to say.
    staff, buyer, company, other = at("2026-03-01", world.person("buyer"),
                                      world.person("company"), world.person("other_buyer"))
    assert alerts(staff, m) == []
    # In July, late; in December, late and ending within 60 days.
    staff, buyer, company, other, siae = at(
        "2026-07-02", world.person("buyer"), world.person("company"),
        world.person("other_buyer"), world.person("siae"))
    assert alerts(staff, m) == [("late_clause", clause)]
    assert alerts(buyer, m) == alerts(company, m) == alerts(siae, m) == \
        [("late_clause", clause)]
    assert alerts(other, m) == []
    staff, = at("2026-12-01")
    assert alerts(staff, m) == [("contract_ending", clause), ("late_clause", clause)]
    items = [a for a in staff.get("/v1/alerts").json()["items"] if a["market_id"] == m]
    assert {a["due"] for a in items} == {"2026-12-31"}
    # Ended and still short: late, no longer "ending"; closed markets say nothing.
    staff, = at("2027-02-01")
    assert alerts(staff, m) == [("late_clause", clause)]
    r = world.api_as("facilitator").patch(f"/v1/markets/{m}", json={"status": "closed"},
                          headers={"If-Match": "*"})
    assert r.status_code == 200
    assert alerts(staff, m) == []


def test_declarations_waiting_over_30_days(world, at):
    chain = year_chain(world)
    m = chain["market"]["id"]
    t0 = datetime.now(timezone.utc).replace(microsecond=0)
    staff, company = at(t0.strftime("%Y-%m-%dT%H:%M:%SZ"), world.person("company"))
    entry = created(declare(company, chain["action"]["id"], "2026-03", 20), "hours")

    def pending(days):
        client = at((t0 + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    world.person("company"))
        return [a for a in alerts(client[0], m) if a[0] == "pending_validation"], \
            [a for a in alerts(client[1], m) if a[0] == "pending_validation"]

    assert pending(29) == ([], [])
    assert pending(31) == ([("pending_validation", entry["id"])],
                           [("pending_validation", entry["id"])])
    # A fresh connection: the suite's may have idled past Kore's keep-alive meanwhile.
    validate(world.api_as("facilitator"), entry["id"])
    assert pending(31) == ([], [])


def test_alerts_take_no_query(api_as):
    assert_problem(api_as("facilitator").get("/v1/alerts?kind=late"), 400, "invalid-query")
    r = api_as("company").get("/v1/alerts")
    assert r.status_code == 200 and "today" in r.json()


def test_visits(world):
    chain = world.chain()
    staff = world.staff
    v = created(staff.post("/v1/visits", json={
        "date": "2026-05-12", "attribution_id": chain["attribution"]["id"],
        "place": "Chantier de Kawéni", "participants": "Conducteur de travaux, salarié",
        "notes": "Salarié en poste, tuteur désigné."}), "visit")
    assert v["visited_by"] and v["notes"].startswith("Salarié")
    created(staff.post("/v1/visits", json={"date": "2026-06-01",
                                           "action_id": chain["action"]["id"]}), "visit")
    page = staff.get(f"/v1/visits?attribution_id={chain['attribution']['id']}").json()
    assert [x["id"] for x in page["items"]] == [v["id"]] and page["total"] == 1
    assert staff.get(f"/v1/visits?action_id={chain['action']['id']}").json()["total"] == 1
    assert_problem(staff.patch(f"/v1/visits/{v['id']}", json={"notes": "x"}), 428,
                   "precondition-required")
    assert_problem(staff.patch(f"/v1/visits/{v['id']}", json={"notes": "x"},
                               headers={"If-Match": '"9"'}), 412, "precondition-failed")
    r = staff.patch(f"/v1/visits/{v['id']}", json={"notes": "Revu"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["notes"] == "Revu"
    assert staff.get(f"/v1/visits/{v['id']}").headers["ETag"] == '"2"'
    for client in (world.company, world.buyer):
        assert_problem(client.get(f"/v1/visits/{v['id']}"), 403, "forbidden")
    assert_validation(staff.post("/v1/visits", json={"date": "2026-05-12"}),
                      ("attribution_id", "required"))
    assert_validation(staff.post("/v1/visits", json={"date": "2026-13-01",
                                                     "action_id": "x"}),
                      ("date", "invalid"), ("action_id", "invalid"))
    assert_validation(staff.post("/v1/visits", json={"date": "2026-05-12",
                                                     "action_id": str(uuid.uuid4())}),
                      ("action_id", "invalid"))
    assert_problem(staff.get(f"/v1/visits/{uuid.uuid4()}"), 404, "not-found")
