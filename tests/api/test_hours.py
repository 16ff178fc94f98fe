"""Insertion hours: declared per action and month by the attributed company or the action's
SIAE, one live declaration per month (409), validated or rejected by staff only, corrections
that replace a validated entry, the monthly maximum, and the validation queue."""

import uuid

import pytest

from authkit import assert_problem, assert_validation
from clausekit import World, created, declare, month, validate


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


@pytest.fixture
def chain(world):
    return world.chain()


def progress(client, chain):
    return client.get(f"/v1/clauses/{chain['clause']['id']}/progress").json()


def test_one_live_declaration_per_month(world, chain):
    action = chain["action"]["id"]
    first = created(declare(world.company, action, month(-2), 100), "hours")
    r = declare(world.siae, action, month(-2), 50)
    body = assert_problem(r, 409, "conflict")
    assert body["errors"][0]["field"] == "month"
    # Another month is fine, by the SIAE of the action too.
    created(declare(world.siae, action, month(-3), 50), "hours")
    # A rejected declaration frees its month.
    r = world.staff.post(f"/v1/hours/{first['id']}/reject", json={"reason": "Pas de relevé"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert r.json()["reason"] == "Pas de relevé"
    created(declare(world.company, action, month(-2), 90), "hours")


def test_only_staff_decide(world, chain):
    entry = created(declare(world.company, chain["action"]["id"], month(-1), 10), "hours")
    for client in (world.company, world.siae, world.buyer):
        assert_problem(client.post(f"/v1/hours/{entry['id']}/validate"), 403, "forbidden")
        assert_problem(client.post(f"/v1/hours/{entry['id']}/reject", json={"reason": "x"}),
                       403, "forbidden")
    assert validate(world.staff, entry["id"])["decided_by"]
    assert_problem(world.staff.post(f"/v1/hours/{entry['id']}/validate"), 409, "conflict")
    assert_problem(world.staff.post(f"/v1/hours/{entry['id']}/reject",
                                    json={"reason": "x"}), 409, "conflict")
    assert_problem(world.staff.post(f"/v1/hours/{uuid.uuid4()}/validate"), 404, "not-found")
    assert_validation(world.staff.post(f"/v1/hours/{entry['id']}/reject", json={}),
                      ("reason", "required"))
    assert_problem(world.staff.post(f"/v1/hours/{uuid.uuid4()}/reject", json={}), 404,
                   "not-found")


def test_the_buyer_and_outsiders_do_not_declare(world, chain):
    action = chain["action"]["id"]
    assert_problem(declare(world.buyer, action, month(-1), 10), 403, "forbidden")
    for role in ("company", "supplier"):
        client = world.outsiders[role]
        assert_problem(declare(client, action, month(-1), 10), 404, "not-found")
        assert_problem(declare(client, action, "bad", -1), 404, "not-found")
    # A buyer's role never declares.
    assert_problem(declare(world.outsiders["buyer"], action, month(-1), 10), 403, "forbidden")
    assert_problem(declare(world.company, str(uuid.uuid4()), month(-1), 10), 404, "not-found")


def test_corrections_replace_validated_hours(world, chain):
    action, staff = chain["action"]["id"], world.staff
    entry = created(declare(world.company, action, month(-1), 100), "hours")
    validate(staff, entry["id"])
    # A validated entry is never edited.
    r = world.company.patch(f"/v1/hours/{entry['id']}", json={"hours": 90},
                            headers={"If-Match": "*"})
    assert_problem(r, 409, "conflict")
    fix = created(declare(world.company, action, month(-1), 120, corrects_id=entry["id"]),
                  "hours")
    assert fix["corrects_id"] == entry["id"]
    p = progress(world.company, chain)
    assert (p["validated_hours"], p["declared_hours"]) == (100, 120)
    # One pending correction at a time; a correction names the month of its entry.
    assert_problem(declare(world.company, action, month(-1), 130, corrects_id=entry["id"]),
                   409, "conflict")
    validate(staff, fix["id"])
    assert staff.get(f"/v1/hours/{entry['id']}").json()["replaced_by"] == fix["id"]
    p = progress(world.company, chain)
    assert (p["validated_hours"], p["declared_hours"]) == (120, 120)
    # The replaced entry can no longer be corrected; the correction can.
    assert_validation(declare(world.company, action, month(-1), 1, corrects_id=entry["id"]),
                      ("corrects_id", "invalid"))
    assert_validation(declare(world.company, action, month(-2), 1, corrects_id=fix["id"]),
                      ("month", "invalid"))
    created(declare(world.company, action, month(-1), 110, corrects_id=fix["id"]), "hours")


def test_declared_hours_are_edited_with_if_match(world, chain):
    entry = created(declare(world.company, chain["action"]["id"], month(-1), 10), "hours")
    url = f"/v1/hours/{entry['id']}"
    assert_problem(world.company.patch(url, json={"hours": 12}), 428,
                   "precondition-required")
    assert_problem(world.company.patch(url, json={"hours": 12}, headers={"If-Match": '"2"'}),
                   412, "precondition-failed")
    r = world.siae.patch(url, json={"hours": 12, "comment": "Relevé corrigé"},
                         headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["hours"] == 12, r.text
    assert_problem(world.buyer.patch(url, json={"hours": 1}, headers={"If-Match": "*"}), 403,
                   "forbidden")
    assert_validation(world.company.patch(url, json={"month": "2026-01"},
                                          headers={"If-Match": "*"}), ("month", "unknown"))


@pytest.mark.parametrize("body, expected", [
    ({"month": "2026-13", "hours": 1}, ("month", "invalid")),
    ({"month": "2026-1", "hours": 1}, ("month", "invalid")),
    ({"month": "26-01", "hours": 1}, ("month", "invalid")),
    ({"month": "2026-00", "hours": 1}, ("month", "invalid")),
    ({"month": "2026-01-01", "hours": 1}, ("month", "invalid")),
    ({"month": 202601, "hours": 1}, ("month", "type")),
    ({"month": "2026-01", "hours": -1}, ("hours", "range")),
    ({"month": "2026-01", "hours": 1.001}, ("hours", "precision")),
    ({"month": "2026-01", "hours": "8"}, ("hours", "type")),
    ({"month": "2026-01", "hours": 208.01}, ("hours", "range")),
    ({"month": "2026-01", "hours": 1, "corrects_id": "x"}, ("corrects_id", "invalid")),
    ({"month": "2026-01", "hours": 1, "status": "validated"}, ("status", "unknown")),
    ({"hours": 1}, ("month", "required")),
])
def test_hostile_hours_answer_400(world, chain, body, expected):
    assert_validation(world.company.post(f"/v1/actions/{chain['action']['id']}/hours",
                                         json=body), expected)


def test_the_monthly_maximum_is_accepted_and_zero_too(world, chain):
    action = chain["action"]["id"]
    assert created(declare(world.company, action, month(-1), 208), "hours")["hours"] == 208
    assert created(declare(world.company, action, month(-2), 0), "hours")["hours"] == 0


def test_the_validation_queue(world, chain):
    action = chain["action"]["id"]
    a = created(declare(world.company, action, month(-1), 10), "hours")
    b = created(declare(world.company, action, month(-2), 20), "hours")
    validate(world.staff, b["id"])
    queue = world.staff.get(f"/v1/hours?status=declared&action_id={action}").json()
    assert [h["id"] for h in queue["items"]] == [a["id"]] and queue["total"] == 1
    # Staff's whole queue pages oldest first.
    page = world.staff.get("/v1/hours?status=declared&limit=1").json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    mine = world.company.get("/v1/hours").json()
    assert {h["id"] for h in mine["items"]} == {a["id"], b["id"]}
    assert world.siae.get("/v1/hours?status=validated").json()["items"][0]["id"] == b["id"]
    for client in world.outsiders.values():
        assert client.get(f"/v1/hours?action_id={action}").json()["total"] == 0
    assert_problem(world.staff.get("/v1/hours?status=pending"), 400, "invalid-query")
    listed = world.buyer.get(f"/v1/actions/{action}/hours").json()["items"]
    assert [h["month"] for h in listed] == sorted([month(-1), month(-2)])


def test_an_action_without_siae_is_no_one_elses(world, make_user, api_as):
    """An action with no SIAE must not be reachable by organisations outside it: a NULL
    siae_id once made the reach check NULL, which PL/pgSQL's IF took as 'reachable'."""
    chain = world.chain(siae=False)
    action = chain["action"]["id"]
    entry = created(declare(world.company, action, month(-1), 12), "hours")
    stranger = api_as(token=make_user("supplier").login()["access_token"])
    for path in (f"/v1/actions/{action}", f"/v1/hours/{entry['id']}",
                 f"/v1/actions/{action}/hours"):
        assert_problem(stranger.get(path), 404, "not-found")
    assert_problem(stranger.patch(f"/v1/hours/{entry['id']}", json={"hours": 1}),
                   404, "not-found")
    assert_problem(stranger.patch(f"/v1/hours/{entry['id']}", json={"hours": 1},
                                  headers={"If-Match": "*"}), 404, "not-found")
    assert_problem(declare(stranger, action, month(-2), 1), 404, "not-found")
