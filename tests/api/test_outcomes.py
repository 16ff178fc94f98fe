"""Outcomes (issue 8): the person's situation at the end of an action and six months after
(followup_checkpoint_months), in the national categories; the situation sealed at rest, read
only by staff and the referring prescriber (each read audited), corrected with If-Match,
erased with the identity; GET /v1/outcomes/due as of the injectable clock (ASR_NOW)."""

import base64
import csv
import io
import os
from datetime import date

import pytest

import peoplekit
from authkit import assert_problem, assert_validation, DEMO_EMAILS, DEMO_PASSWORD
from clausekit import World, day


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


@pytest.fixture
def ended(world, api_as):
    """A person vouched for 150 days ago, whose action ran from day -100 to day -10."""
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber)
    r = prescriber.post(f"/v1/beneficiaries/{person['id']}/criteria",
                        json={"criterion": "rsa", "vouched_on": day(-150)})
    assert r.status_code == 200 and r.json()["eligible"]
    chain = world.chain(siae=False, start=-120)
    r = world.staff.post(f"/v1/attributions/{chain['attribution']['id']}/actions", json={
        "mode": "direct_hire", "contract_type": "cdd", "start_date": day(-100),
        "end_date": day(-10), "beneficiary_id": person["id"]})
    assert r.status_code == 201, r.text
    return {"person": person, "action": r.json(), "prescriber": prescriber}


def cursor_of(*parts):
    """A cursor as the server makes them (base64url of the parts joined by US)."""
    return base64.urlsafe_b64encode("\x1f".join(parts).encode()).decode().rstrip("=")


def due_pages(client, limit=100):
    """Every checkpoint due, page after page, with each page's answer."""
    items, pages, cursor = [], [], None
    while True:
        r = client.get("/v1/outcomes/due", params={"limit": limit,
                                                   **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        pages.append(r.json())
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items, pages


def due_of(client, action_id):
    items, _ = due_pages(client)
    return sorted(i["checkpoint"] for i in items if i["action_id"] == action_id)


def months_after(text, months):
    d = date.fromisoformat(text)
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, d.day).isoformat()


def test_outcome_at_the_end_and_six_months_later(ended, world, api_as, make_user, spawn_server,
                                                  api_for, login):
    prescriber, action = ended["prescriber"], ended["action"]
    assert due_of(prescriber, action["id"]) == ["end"]
    assert due_of(world.staff, action["id"]) == ["end"]
    other = api_as(token=make_user("prescriber").login()["access_token"])
    assert due_of(other, action["id"]) == []
    assert_problem(api_as("buyer").get("/v1/outcomes/due"), 403, "forbidden")
    body = {"action_id": action["id"], "checkpoint": "end", "category": "cdd-6-mois-plus",
            "situation": "En CDD chez le même employeur, souhaite passer le permis."}
    assert_problem(other.post("/v1/outcomes", json=body), 404, "not-found")
    # Six months are not there yet.
    r = prescriber.post("/v1/outcomes", json={**body, "checkpoint": "m6"})
    assert_validation(r, ("checkpoint", "range"))
    r = prescriber.post("/v1/outcomes", json=body)
    assert r.status_code == 201, r.text
    outcome = r.json()
    assert outcome["situation"] == body["situation"] and outcome["checkpoint"] == "end"
    assert outcome["beneficiary_id"] == ended["person"]["id"]
    assert r.headers["Location"] == f"/v1/outcomes/{outcome['id']}"
    assert due_of(prescriber, action["id"]) == []
    assert_problem(prescriber.post("/v1/outcomes", json=body), 409, "conflict")
    # Sealed at rest: the text is nowhere in the database.
    assert peoplekit.tables_holding("souhaite passer le permis") == set()
    path = f"/v1/outcomes/{outcome['id']}"
    assert world.staff.get(path).json()["situation"] == body["situation"]
    assert_problem(other.get(path), 404, "not-found")
    assert_problem(world.company.get(path), 403, "forbidden")
    audit = api_as("admin").get("/v1/audit", params={"object_id": outcome["id"],
                                                     "limit": 50}).json()["items"]
    assert {"outcome.create", "outcome.read"} <= {a["action"] for a in audit}
    # A correction needs If-Match.
    assert_problem(prescriber.patch(path, json={"category": "cdi"}), 428,
                   "precondition-required")
    r = prescriber.patch(path, json={"category": "cdi", "situation": None},
                         headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["category"] == "cdi"
    assert r.json()["situation"] is None and r.headers["ETag"] == '"2"'
    assert_problem(prescriber.patch(path, json={"category": "cdi"},
                                    headers={"If-Match": '"1"'}), 412, "precondition-failed")
    # Six months after the end (ASR_NOW): m6 is due, and recorded.
    later = months_after(action["end_date"], 6)
    server = spawn_server(os.environ["ASR_TEST_DATABASE_URL"], ASR_NOW=f"{later}T09:00:00Z")
    client = api_for(server.url)
    token = login(DEMO_EMAILS["prescriber"], DEMO_PASSWORD, server.url)["access_token"]
    client.session.headers["Authorization"] = f"Bearer {token}"
    assert due_of(client, action["id"]) == ["m6"]
    r = client.post("/v1/outcomes", json={"action_id": action["id"], "category": "cdi",
                                           "situation": "CDI signé."})
    assert r.status_code == 201, r.text
    assert r.json()["checkpoint"] == "m6" and r.json()["recorded_at"] == later
    assert due_of(client, action["id"]) == []
    # The export holds both; erasure drops the situations and keeps the categories.
    person = ended["person"]
    export = prescriber.get(f"/v1/beneficiaries/{person['id']}/export").json()
    assert {o["checkpoint"]: o["situation"] for o in export["outcomes"]} == \
        {"end": None, "m6": "CDI signé."}
    assert prescriber.delete(f"/v1/beneficiaries/{person['id']}",
                             headers={"If-Match": "*"}).status_code == 204
    export = world.staff.get(f"/v1/beneficiaries/{person['id']}/export").json()
    assert {o["checkpoint"]: (o["category"], o["situation"]) for o in export["outcomes"]} == \
        {"end": ("cdi", None), "m6": ("cdi", None)}
    assert peoplekit.psql("SELECT count(*) FROM outcomes WHERE beneficiary_id = :'a1'"
                          " AND situation IS NOT NULL;", person["id"]) == "0"


def test_outcome_hostile_inputs(ended):
    prescriber, action = ended["prescriber"], ended["action"]
    r = prescriber.post("/v1/outcomes", json={"action_id": action["id"], "checkpoint": "m0",
                                               "category": "nope"})
    assert_validation(r, ("checkpoint", "invalid"), ("category", "invalid"))
    r = prescriber.post("/v1/outcomes", json={"action_id": action["id"], "category": "cdi",
                                               "recorded_at": day(5)})
    assert_validation(r, ("recorded_at", "range"))
    r = prescriber.post("/v1/outcomes", json={"action_id": 5, "situation": "x" * 2001,
                                               "checkpoint": "m12345", "extra": True})
    assert_validation(r, ("action_id", "type"), ("category", "required"),
                      ("situation", "range"), ("checkpoint", "range"), ("extra", "unknown"))
    missing = "/v1/outcomes/00000000-0000-4000-8000-00000000beef"
    assert_problem(prescriber.get(missing), 404, "not-found")
    assert_problem(prescriber.patch(missing, json={"category": 3}, headers={"If-Match": "*"}),
                   404, "not-found")
    assert_problem(prescriber.post("/v1/outcomes", json={
        "action_id": "00000000-0000-4000-8000-00000000beef", "category": "cdi"}),
        404, "not-found")


def test_due_checkpoints_are_a_paged_list_with_csv(world, api_as, make_user):
    """GET /v1/outcomes/due pages by (due day, action, checkpoint) like every list, with its
    total and as_of on each page, exports as CSV, and keeps its reach: a prescriber its own
    people's, another prescriber none of them."""
    owner = make_user("prescriber")
    prescriber = api_as(token=owner.login()["access_token"])
    chain = world.chain(siae=False, start=-120)
    actions = []
    for end in (-12, -11, -10):
        person = peoplekit.create(prescriber)
        r = prescriber.post(f"/v1/beneficiaries/{person['id']}/criteria",
                            json={"criterion": "rsa", "vouched_on": day(-150)})
        assert r.status_code == 200, r.text
        r = world.staff.post(f"/v1/attributions/{chain['attribution']['id']}/actions", json={
            "mode": "direct_hire", "contract_type": "cdd", "start_date": day(-100),
            "end_date": day(end), "beneficiary_id": person["id"]})
        assert r.status_code == 201, r.text
        actions.append(r.json()["id"])
    items, pages = due_pages(prescriber, limit=2)
    assert [i["action_id"] for i in items] == actions
    assert [i["due_on"] for i in items] == [day(-12), day(-11), day(-10)]
    assert [len(p["items"]) for p in pages] == [2, 1]
    assert {p["total"] for p in pages} == {3} and {p["as_of"] for p in pages} == {day(0)}
    r = prescriber.get("/v1/outcomes/due", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"))))
    assert rows[0] == list(items[0].keys())
    assert [dict(zip(rows[0], row))["action_id"] for row in rows[1:]] == actions
    r = prescriber.get("/v1/outcomes/due", params={"format": "csv", "delimiter": "semicolon",
                                                   "cursor": pages[0]["next_cursor"]})
    assert r.content.startswith("\ufeff".encode()) and len(r.content.splitlines()) == 2
    # Staff see them among every other; another prescriber sees none of them.
    assert set(actions) <= {i["action_id"] for i in due_pages(world.staff)[0]}
    other = api_as(token=make_user("prescriber").login()["access_token"])
    assert other.get("/v1/outcomes/due").json()["total"] == 0
    r = other.get("/v1/outcomes/due", params={"format": "csv"}, validate=False)
    assert r.status_code == 200 and r.content == b""
    assert_problem(api_as("buyer").get("/v1/outcomes/due", params={"format": "csv"}), 403,
                   "forbidden")
    # Hostile paging: each answers 400 naming the parameter.
    foreign = world.staff.get("/v1/markets", params={"limit": 1}).json()["next_cursor"]
    for bad, field in (({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
                       ({"limit": "x"}, "limit"), ({"limit": [1, 2]}, "limit"),
                       ({"cursor": "xyz"}, "cursor"), ({"cursor": foreign}, "cursor"),
                       ({"cursor": cursor_of(day(0), chain["market"]["id"], "m0")}, "cursor"),
                       ({"cursor": cursor_of("2026-02-30", chain["market"]["id"], "end")},
                        "cursor"),
                       ({"cursor": cursor_of(day(0), "nope", "end")}, "cursor"),
                       ({"format": "xml"}, "format"), ({"delimiter": "tab"}, "delimiter"),
                       ({"as_of": day(0)}, "as_of")):
        r = prescriber.get("/v1/outcomes/due", params=bad)
        assert_problem(r, 400, "invalid-query")
        assert field in {e["field"] for e in r.json()["errors"]}
