"""Clauses and their required hours (exact, half-up to 2 decimals, the same as the public
simulator), overrides with a reason, defaults from the territory's parameters, attributions
and insertion actions: rules, hostile input and reach."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest

from authkit import assert_problem, assert_validation
from clausekit import DEMO_BUYER_ORG, World, created, day, market_body


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


def new_lot(staff, amount=1000000, labour_share=0.5, buyer=DEMO_BUYER_ORG):
    body = market_body(buyer, lots=[{"number": 1, "title": "Lot", "amount": amount,
                                     "labour_share": labour_share}])
    m = created(staff.post("/v1/markets", json=body), "market")
    return staff.get(f"/v1/markets/{m['id']}/lots").json()["items"][0]


def expected_hours(amount, share, rate, cost):
    exact = Decimal(str(amount)) * Decimal(str(share)) * Decimal(str(rate)) / Decimal(str(cost))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("amount, share, rate, cost", [
    (1000000, 0.5, 0.05, 30), (1000000, 0.5, 0.05, 25), (123456.78, 0.7, 0.07, 27.5),
    (999.99, 0.2, 0.1, 33.33), (18000, 0.5, 0.05, 24), (10000000000, 0.5, 0.05, 25),
    (0.01, 0.000001, 0.000001, 1000),
    (1000.1, 1, 1, 20),         # 50.005 exactly: half-up gives 50.01
    (2000.3, 0.5, 0.1, 10),     # 10.0015 → 10.00
])
def test_amount_based_hours_are_exact_and_agree_with_the_simulator(api_as, amount, share,
                                                                   rate, cost):
    staff = api_as("facilitator")
    lot = new_lot(staff, amount, share)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "insertion_rate": rate,
        "hourly_cost": cost}), "clause")
    want = expected_hours(amount, share, rate, cost)
    assert c["required_hours"] == want, (c["required_hours"], want)
    tool = staff.post("/v1/tools/required-hours", json={
        "rule": "amount_based", "amount": amount, "labour_share": share,
        "insertion_rate": rate, "hourly_cost": cost}).json()
    assert tool["required_hours"] == c["required_hours"]


def test_defaults_come_from_the_territory(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based"}), "clause")
    # 25 EUR/h and 5 % (sql/reference/0030_parameters.sql)
    assert (c["hourly_cost"], c["insertion_rate"], c["required_hours"]) == (25, 0.05, 1000)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "hours_share", "hours_worked": 10000.5}),
        "clause")
    assert (c["insertion_rate"], c["required_hours"], c["hourly_cost"]) == (0.05, 500.03, None)


def test_override_needs_a_reason_and_can_be_undone(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    body = {"type": "execution_condition", "rule": "amount_based", "hourly_cost": 30,
            "override_hours": 900}
    assert_validation(staff.post(f"/v1/lots/{lot['id']}/clauses", json=body),
                      ("override_reason", "required"))
    body["override_reason"] = "Convention avec l'acheteur"
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json=body), "clause")
    assert (c["required_hours"], c["computed_hours"]) == (900, 833.33)
    r = staff.patch(f"/v1/clauses/{c['id']}", json={"override_hours": None},
                    headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert (r.json()["required_hours"], r.json()["override_reason"]) == (833.33, None)
    assert_validation(staff.patch(f"/v1/clauses/{c['id']}", json={
        "override_hours": 5, "override_reason": None}, headers={"If-Match": "*"}),
        ("override_reason", "required"))


def test_lot_changes_recompute_the_clause(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "hourly_cost": 30}), "clause")
    r = staff.patch(f"/v1/lots/{lot['id']}", json={"amount": 2000000},
                    headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    c2 = staff.get(f"/v1/clauses/{c['id']}")
    assert c2.json()["required_hours"] == 1666.67 and c2.headers["ETag"] == '"2"'


@pytest.mark.parametrize("fields, expected", [
    ({"type": "social"}, ("type", "enum")),
    ({"rule": "flat"}, ("rule", "enum")),
    ({"insertion_rate": 0}, ("insertion_rate", "range")),
    ({"insertion_rate": 1.5}, ("insertion_rate", "range")),
    ({"insertion_rate": 0.0500001}, ("insertion_rate", "precision")),
    ({"hourly_cost": -30}, ("hourly_cost", "range")),
    ({"hourly_cost": 30.001}, ("hourly_cost", "precision")),
    ({"criterion_weight": 101}, ("criterion_weight", "range")),
    ({"override_hours": -1, "override_reason": "x"}, ("override_hours", "range")),
    ({"penalty_per_hour": -5}, ("penalty_per_hour", "range")),
    ({"rule": "hours_share", "hours_worked": 1e10}, ("hours_worked", "range")),
    ({"override_hours": 1e10, "override_reason": "x"}, ("override_hours", "range")),
    ({"reserved_kind": "L2113-16"}, ("reserved_kind", "enum")),
    ({"pool_id": "pool"}, ("pool_id", "invalid")),
    ({"required_hours": 10}, ("required_hours", "unknown")),
    ({"type": "reserved"}, ("reserved_kind", "required")),
    ({"type": "award_criterion"}, ("criterion_weight", "required")),
    ({"rule": "hours_share"}, ("hours_worked", "required")),
])
def test_hostile_clauses_answer_400(api_as, fields, expected):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    body = {"type": "execution_condition", "rule": "amount_based"}
    body.update(fields)
    assert_validation(staff.post(f"/v1/lots/{lot['id']}/clauses", json=body), expected)


def test_required_hours_beyond_10_billion_are_refused(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff, 10000000000, 1)
    assert_validation(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "insertion_rate": 1,
        "hourly_cost": 0.01}), ("rule", "range"))
    lot = new_lot(staff, 1000000, 1)
    created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "insertion_rate": 1,
        "hourly_cost": 0.01}), "clause")
    assert_validation(staff.patch(f"/v1/lots/{lot['id']}", json={"amount": 10000000000},
                                  headers={"If-Match": "*"}), ("amount", "range"))


def test_amount_based_needs_the_labour_share(api_as):
    staff = api_as("facilitator")
    m = created(staff.post("/v1/markets", json=market_body(DEMO_BUYER_ORG)), "market")
    lot = staff.get(f"/v1/markets/{m['id']}/lots").json()["items"][0]
    assert_validation(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based"}), ("rule", "invalid"))


def test_reserved_and_criterion_clauses(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "reserved", "reserved_kind": "L2113-13", "rule": "amount_based"}), "clause")
    assert c["reserved_kind"] == "L2113-13"
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "award_criterion", "criterion_weight": 15, "rule": "amount_based"}), "clause")
    assert c["criterion_weight"] == 15
    assert len(staff.get(f"/v1/lots/{lot['id']}/clauses").json()["items"]) == 2


def test_pools_stay_within_one_buyer(world):
    staff = world.staff
    pool = str(uuid.uuid4())
    lot_a = new_lot(staff, buyer=world.buyer_org["id"])
    lot_b = new_lot(staff, buyer=world.buyer_org["id"])
    body = {"type": "execution_condition", "rule": "amount_based", "pool_id": pool}
    created(staff.post(f"/v1/lots/{lot_a['id']}/clauses", json=body), "clause")
    created(staff.post(f"/v1/lots/{lot_b['id']}/clauses", json=body), "clause")
    other = new_lot(staff)
    assert_validation(staff.post(f"/v1/lots/{other['id']}/clauses", json=body),
                      ("pool_id", "invalid"))


def test_clause_if_match(api_as):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    c = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based"}), "clause")
    assert_problem(staff.patch(f"/v1/clauses/{c['id']}", json={"hourly_cost": 20}), 428,
                   "precondition-required")
    assert_problem(staff.patch(f"/v1/clauses/{c['id']}", json={"hourly_cost": 20},
                               headers={"If-Match": '"3"'}), 412, "precondition-failed")
    r = staff.patch(f"/v1/clauses/{c['id']}", json={"hourly_cost": 20},
                    headers={"If-Match": '"1"'})
    assert r.json()["required_hours"] == 1250 and r.headers["ETag"] == '"2"'


def test_buyer_drafts_clauses_on_its_own_markets(world):
    buyer = world.buyer
    m = created(buyer.post("/v1/markets", json=market_body(world.buyer_org["id"], lots=[
        {"number": 1, "title": "x", "amount": 1000000, "labour_share": 0.5}])), "market")
    lot = buyer.get(f"/v1/markets/{m['id']}/lots").json()["items"][0]
    c = created(buyer.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based", "hourly_cost": 30}), "clause")
    assert c["required_hours"] == 833.33
    other = world.outsiders["buyer"]
    assert_problem(other.post(f"/v1/lots/{lot['id']}/clauses", json={
        "type": "execution_condition", "rule": "amount_based"}), 404, "not-found")
    assert_problem(other.get(f"/v1/clauses/{c['id']}"), 404, "not-found")
    # Only staff attribute.
    assert_problem(buyer.post(f"/v1/lots/{lot['id']}/attributions", json={
        "organisation_id": world.buyer_org["id"], "role": "holder"}), 403, "forbidden")


def test_actions_by_the_attributed_company(world):
    chain = world.chain(siae=False)
    att = chain["attribution"]["id"]
    body = {"mode": "staff_provision_etti", "siae_id": world.siae_org["id"],
            "contract_type": "interim_insertion", "start_date": day(-30),
            "end_date": day(60), "planned_hours": 300.5}
    a = created(world.company.post(f"/v1/attributions/{att}/actions", json=body), "action")
    assert a["siae_id"] == world.siae_org["id"] and a["beneficiary_id"] is None
    # The SIAE now reads the action, the attribution and the lot; it may not add actions.
    assert world.siae.get(f"/v1/actions/{a['id']}").status_code == 200
    assert world.siae.get(f"/v1/attributions/{att}").status_code == 200
    assert world.siae.get(f"/v1/lots/{chain['lot']['id']}").status_code == 200
    assert_problem(world.siae.post(f"/v1/attributions/{att}/actions", json=body), 403,
                   "forbidden")
    assert_problem(world.buyer.post(f"/v1/attributions/{att}/actions", json=body), 403,
                   "forbidden")
    for client in world.outsiders.values():
        assert_problem(client.get(f"/v1/actions/{a['id']}"), 404, "not-found")
        assert_problem(client.get(f"/v1/attributions/{att}/actions"), 404, "not-found")
    r = world.company.patch(f"/v1/actions/{a['id']}", json={"planned_hours": 320},
                            headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["planned_hours"] == 320
    assert_problem(world.company.patch(f"/v1/actions/{a['id']}", json={"planned_hours": 1}),
                   428, "precondition-required")


@pytest.mark.parametrize("fields, expected", [
    ({"mode": "hire"}, ("mode", "enum")),
    ({"contract_type": "cdx"}, ("contract_type", "invalid")),
    ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, ("end_date", "invalid")),
    ({"planned_hours": -1}, ("planned_hours", "range")),
    ({"planned_hours": 1.234}, ("planned_hours", "precision")),
    ({"siae_id": DEMO_BUYER_ORG}, ("siae_id", "invalid")),
    ({"beneficiary_id": 12}, ("beneficiary_id", "type")),
])
def test_hostile_actions_answer_400(world, fields, expected):
    att = world.chain(siae=False)["attribution"]["id"]
    body = {"mode": "direct_hire", "start_date": "2026-01-01"}
    body.update(fields)
    assert_validation(world.staff.post(f"/v1/attributions/{att}/actions", json=body),
                      expected)


@pytest.mark.parametrize("fields, expected", [
    ({"role": "winner"}, ("role", "enum")),
    ({"amount": -1}, ("amount", "range")),
    ({"organisation_id": str(uuid.uuid4())}, ("organisation_id", "invalid")),
])
def test_hostile_attributions_answer_400(api_as, fields, expected):
    staff = api_as("facilitator")
    lot = new_lot(staff)
    body = {"organisation_id": DEMO_BUYER_ORG, "role": "holder"}
    body.update(fields)
    assert_validation(staff.post(f"/v1/lots/{lot['id']}/attributions", json=body), expected)


@pytest.mark.parametrize("path, codes", [
    ("/v1/reference/insertion-modes", {"direct_hire", "staff_provision_etti",
                                       "staff_provision_ai", "staff_provision_geiq",
                                       "subcontracting_siae", "cocontracting_siae", "training"}),
    ("/v1/reference/contract-types", {"cdi", "cdd", "cddi", "interim", "interim_insertion",
                                      "apprenticeship", "professionalisation"}),
])
def test_reference_lists_of_the_clauses(api_as, path, codes):
    anonymous = api_as("anonymous")
    r = anonymous.get(path)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "public, max-age=3600"
    items = r.json()["items"]
    assert codes <= {i["code"] for i in items} and all(i["label"] for i in items)
    again = anonymous.get(path, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    assert_problem(anonymous.get(path + "?x=1"), 400, "invalid-query")
