"""Markets and lots through HTTP: the whole chain of the social clause (the issue's first
"done when"), creation rules (lot 1 by default, buyers' drafts), hostile input, If-Match,
lists and who reaches what (another organisation's objects answer 404, never 403)."""

import uuid

import pytest

from authkit import assert_problem, assert_validation, error_fields
from clausekit import DEMO_BUYER_ORG, MERGE, World, created, day, declare, market_body, month


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


def test_end_to_end_market_to_progress(world):
    """Create market → lot → clause (required hours computed) → attribution → action,
    declare hours as the attributed company, validate as a facilitator, see the progress;
    a buyer of another organisation gets 404 on every object; a company gets 403 on
    validation."""
    staff, company = world.staff, world.company
    market = created(staff.post("/v1/markets", json=market_body(
        world.buyer_org["id"], cpv_code="45214200-2", nature="works",
        lots=[{"number": 1, "title": "Gros œuvre", "amount": 1000000,
               "labour_share": 0.5}])), "market")
    lot = staff.get(f"/v1/markets/{market['id']}/lots").json()["items"][0]
    assert (lot["number"], lot["amount"], lot["labour_share"]) == (1, 1000000, 0.5)
    clause = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "insertion_rate": 0.05,
        "hourly_cost": 30}), "clause")
    assert clause["required_hours"] == 833.33 and clause["computed_hours"] == 833.33
    attribution = created(staff.post(f"/v1/lots/{lot['id']}/attributions", json={
        "organisation_id": world.company_org["id"], "role": "holder"}), "attribution")
    action = created(staff.post(f"/v1/attributions/{attribution['id']}/actions", json={
        "mode": "direct_hire", "contract_type": "cdi", "start_date": day(-100)}), "action")

    entry = created(declare(company, action["id"], month(-1), 151.67), "hours")
    assert entry["status"] == "declared"
    assert_problem(company.post(f"/v1/hours/{entry['id']}/validate"), 403, "forbidden")
    r = staff.post(f"/v1/hours/{entry['id']}/validate")
    assert r.status_code == 200 and r.json()["status"] == "validated", r.text

    progress = company.get(f"/v1/clauses/{clause['id']}/progress").json()
    assert progress["validated_hours"] == 151.67
    assert progress["required_hours"] == 833.33
    assert progress["remaining_hours"] == 681.66
    assert progress["hours_by_mode"] == {"direct_hire": 151.67}
    assert world.buyer.get(f"/v1/markets/{market['id']}/progress").json()[
        "validated_hours"] == 151.67

    other = world.outsiders["buyer"]
    for path in (f"/v1/markets/{market['id']}", f"/v1/markets/{market['id']}/lots",
                 f"/v1/markets/{market['id']}/progress", f"/v1/lots/{lot['id']}",
                 f"/v1/lots/{lot['id']}/clauses", f"/v1/clauses/{clause['id']}",
                 f"/v1/clauses/{clause['id']}/progress", f"/v1/attributions/{attribution['id']}",
                 f"/v1/lots/{lot['id']}/attributions", f"/v1/actions/{action['id']}",
                 f"/v1/attributions/{attribution['id']}/actions",
                 f"/v1/actions/{action['id']}/hours", f"/v1/hours/{entry['id']}"):
        assert_problem(other.get(path), 404, "not-found")
    assert market["id"] not in {m["id"] for m in other.get("/v1/markets").json()["items"]}
    assert entry["id"] not in {h["id"] for h in other.get("/v1/hours").json()["items"]}


def test_a_market_without_lots_gets_lot_1(world):
    m = created(world.staff.post("/v1/markets", json=market_body(
        world.buyer_org["id"], amount=250000.5)), "market")
    assert m["lots"] == 1 and m["status"] == "draft"
    lots = world.staff.get(f"/v1/markets/{m['id']}/lots").json()
    assert lots["next_cursor"] is None
    assert [(x["number"], x["amount"], x["labour_share"]) for x in lots["items"]] == \
        [(1, 250000.5, None)]


def test_lots_given_at_creation_and_added(world):
    staff = world.staff
    m = created(staff.post("/v1/markets", json=market_body(world.buyer_org["id"], lots=[
        {"number": 1, "title": "Peinture", "amount": 300000, "labour_share": 0.7},
        {"number": 2, "title": "Charpente", "amount": 700000, "labour_share": 0.2}])),
        "market")
    assert m["lots"] == 2
    lot = created(staff.post(f"/v1/markets/{m['id']}/lots", json={
        "number": 3, "title": "VRD", "amount": 10000}), "lot")
    assert lot["market_id"] == m["id"]
    assert [x["number"] for x in staff.get(f"/v1/markets/{m['id']}/lots").json()["items"]] \
        == [1, 2, 3]
    r = staff.post(f"/v1/markets/{m['id']}/lots", json={"number": 3, "title": "X",
                                                         "amount": 1})
    assert_problem(r, 409, "conflict")


def test_end_date_from_duration(world):
    m = created(world.staff.post("/v1/markets", json={
        "buyer_id": world.buyer_org["id"], "reference": "D-" + uuid.uuid4().hex[:8],
        "object": "x", "amount": 1, "start_date": "2026-03-01", "duration_months": 12}),
        "market")
    assert m["end_date"] == "2027-02-28" and m["duration_months"] == 12


def test_buyer_creates_its_own_drafts_only(world):
    buyer = world.buyer
    m = created(buyer.post("/v1/markets", json=market_body(world.buyer_org["id"])), "market")
    assert m["status"] == "draft"
    assert_problem(buyer.post("/v1/markets", json=market_body(world.buyer_org["id"],
                                                              status="published")),
                   403, "forbidden")
    other = world.outsiders["buyer"]
    assert_problem(other.post("/v1/markets", json=market_body(world.buyer_org["id"])),
                   404, "not-found")
    # Its draft it may change, not publish; another buyer never sees it.
    r = buyer.patch(f"/v1/markets/{m['id']}", json={"object": "Nouvel objet"},
                    headers={"If-Match": '"1"', "Content-Type": MERGE})
    assert r.status_code == 200 and r.json()["object"] == "Nouvel objet", r.text
    assert r.headers["ETag"] == '"2"'
    r = buyer.patch(f"/v1/markets/{m['id']}", json={"status": "published"},
                    headers={"If-Match": '"2"'})
    assert_problem(r, 403, "forbidden")
    assert_problem(other.patch(f"/v1/markets/{m['id']}", json={"object": "x"},
                               headers={"If-Match": "*"}), 404, "not-found")
    # Once staff published it, the buyer adds no lot.
    r = world.staff.patch(f"/v1/markets/{m['id']}", json={"status": "published"},
                          headers={"If-Match": '"2"'})
    assert r.status_code == 200, r.text
    assert_problem(buyer.post(f"/v1/markets/{m['id']}/lots", json={
        "number": 2, "title": "x", "amount": 1}), 403, "forbidden")


@pytest.mark.parametrize("fields, expected", [
    ({"amount": -1}, ("amount", "range")),
    ({"amount": 100000000000.01}, ("amount", "range")),
    ({"amount": 1e300}, ("amount", "range")),
    ({"start_date": "0000-01-01", "end_date": "0001-01-01"}, ("start_date", "invalid")),
    ({"amount": 10.001}, ("amount", "precision")),
    ({"amount": "1000"}, ("amount", "type")),
    ({"cpv_code": "4521420"}, ("cpv_code", "invalid")),
    ({"cpv_code": "45214200-22"}, ("cpv_code", "invalid")),
    ({"cpv_code": "4521420a"}, ("cpv_code", "invalid")),
    ({"start_date": "2026-05-01", "end_date": "2026-04-30"}, ("end_date", "invalid")),
    ({"start_date": "2026-02-30"}, ("start_date", "invalid")),
    ({"status": "signed"}, ("status", "enum")),
    ({"nature": "travaux"}, ("nature", "enum")),
    ({"duration_months": 1.5}, ("duration_months", "precision")),
    ({"duration_months": 0}, ("duration_months", "range")),
    ({"commune_insee": "97618"}, ("commune_insee", "invalid")),
    ({"buyer_id": "nope"}, ("buyer_id", "invalid")),
    ({"reference": ""}, ("reference", "range")),
    ({"secret": 1}, ("secret", "unknown")),
    ({"id": str(uuid.uuid4())}, ("id", "unknown")),
    ({"lots": [{"number": 1, "title": "x", "amount": 1, "labour_share": 1.5}]},
     ("lots[0].labour_share", "range")),
    ({"lots": [{"number": 1.5, "title": "x", "amount": -2}]},
     ("lots[0].amount", "range")),
    ({"lots": []}, ("lots", "range")),
    ({"lots": ["x"]}, ("lots", "type")),
])
def test_hostile_markets_answer_400_naming_the_field(api_as, fields, expected):
    body = market_body(DEMO_BUYER_ORG)
    body.update(fields)
    assert_validation(api_as("facilitator").post("/v1/markets", json=body), expected)


def test_missing_fields_and_end(world):
    body = assert_validation(world.staff.post("/v1/markets", json={}),
                             ("buyer_id", "required"), ("reference", "required"),
                             ("object", "required"), ("amount", "required"),
                             ("start_date", "required"))
    assert body["instance"] == "/v1/markets"
    r = world.staff.post("/v1/markets", json={"buyer_id": world.buyer_org["id"],
                                              "reference": "E", "object": "x", "amount": 1,
                                              "start_date": "2026-01-01"})
    assert_validation(r, ("end_date", "required"))
    # A company is not a buyer.
    assert_validation(world.staff.post("/v1/markets", json=market_body(
        world.company_org["id"])), ("buyer_id", "invalid"))


def test_same_reference_twice_is_409(world):
    body = market_body(world.buyer_org["id"])
    created(world.staff.post("/v1/markets", json=body), "market")
    assert_problem(world.staff.post("/v1/markets", json=body), 409, "conflict")


def test_if_match_on_markets_and_lots(world):
    staff = world.staff
    m = created(staff.post("/v1/markets", json=market_body(world.buyer_org["id"])), "market")
    r = staff.get(f"/v1/markets/{m['id']}")
    assert r.headers["ETag"] == '"1"'
    assert_problem(staff.patch(f"/v1/markets/{m['id']}", json={"object": "x"}), 428,
                   "precondition-required")
    assert_problem(staff.patch(f"/v1/markets/{m['id']}", json={"object": "x"},
                               headers={"If-Match": '"7"'}), 412, "precondition-failed")
    assert staff.get(f"/v1/markets/{m['id']}").json()["object"] == m["object"]
    lot = staff.get(f"/v1/markets/{m['id']}/lots").json()["items"][0]
    assert_problem(staff.patch(f"/v1/lots/{lot['id']}", json={"title": "x"}), 428,
                   "precondition-required")
    assert_problem(staff.patch(f"/v1/lots/{lot['id']}", json={"title": "x"},
                               headers={"If-Match": '"2"'}), 412, "precondition-failed")
    r = staff.patch(f"/v1/lots/{lot['id']}", json={"title": "Lot A"},
                    headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    # 400 comes before 428.
    assert_validation(staff.patch(f"/v1/lots/{lot['id']}", json={"labour_share": 2}),
                      ("labour_share", "range"))


def test_404_before_400(world):
    bad = {"amount": -1}
    assert_problem(world.staff.patch(f"/v1/markets/{uuid.uuid4()}", json=bad,
                                     headers={"If-Match": "*"}), 404, "not-found")
    assert_problem(world.staff.patch("/v1/markets/not-a-uuid", json=bad,
                                     headers={"If-Match": "*"}), 404, "not-found")
    mine = created(world.buyer.post("/v1/markets", json=market_body(world.buyer_org["id"])),
                   "market")
    other = world.outsiders["buyer"]
    assert_problem(other.patch(f"/v1/markets/{mine['id']}", json=bad,
                               headers={"If-Match": "*"}), 404, "not-found")
    assert_problem(other.post(f"/v1/markets/{mine['id']}/lots", json={"number": -1}), 404,
                   "not-found")


def test_lists_filter_and_page(world):
    staff = world.staff
    ids = [created(staff.post("/v1/markets", json=market_body(world.buyer_org["id"])),
                   "market")["id"] for _ in range(3)]
    seen, cursor = [], None
    while True:
        q = f"/v1/markets?buyer_id={world.buyer_org['id']}&limit=2"
        page = staff.get(q + (f"&cursor={cursor}" if cursor else "")).json()
        assert page["total"] == 3
        seen += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    mine = world.buyer.get("/v1/markets?status=draft").json()
    assert {m["id"] for m in mine["items"]} == set(ids)
    assert world.buyer.get("/v1/markets?status=closed").json()["total"] == 0
    r = staff.get("/v1/markets?status=signed")
    assert_problem(r, 400, "invalid-query")
    assert ("status", "invalid") in error_fields(r.json())
    assert_problem(staff.get("/v1/markets?bogus=1"), 400, "invalid-query")
    assert_problem(staff.get("/v1/markets?buyer_id=x"), 400, "invalid-query")


def test_attributed_organisations_read_their_markets_only(world):
    chain = world.chain()
    m = chain["market"]["id"]
    for client in (world.company, world.siae, world.buyer):
        assert client.get(f"/v1/markets/{m}").status_code == 200
        assert m in {x["id"] for x in client.get("/v1/markets").json()["items"]}
    for role, client in world.outsiders.items():
        assert_problem(client.get(f"/v1/markets/{m}"), 404, "not-found")
        assert m not in {x["id"] for x in client.get("/v1/markets").json()["items"]}
    # Progress of a whole market is the buyer's and staff's.
    assert world.buyer.get(f"/v1/markets/{m}/progress").status_code == 200
    # The company may read the market but not change it.
    assert_problem(world.company.patch(f"/v1/markets/{m}", json={"object": "x"},
                                       headers={"If-Match": "*"}), 403, "forbidden")
