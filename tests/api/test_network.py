"""The network: its members (membership dates of the catalogue), the history of their
joins and leaves, and the events each attended; an organisation reads only its own history
and events (others: 404), staff read all.
"""

import pytest

import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem
from cataloguekit import MERGE


def all_members(client, current):
    """Every page of the members list (items carry organisation_id, not id)."""
    items, cursor = [], None
    while True:
        params = {"current": current, "limit": "100"}
        if cursor:
            params["cursor"] = cursor
        body = kit.get_page(client, "/v1/network/members", params).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_members_history_and_events(api_as, make_user):
    admin = api_as("admin")
    person = make_user("supplier")
    org = person.organisation
    path = f"/v1/organisations/{org['id']}"
    r = admin.patch(path, json={"member_since": kit.days(-400)},
                    headers={"Content-Type": MERGE, "If-Match": "*"})
    assert r.status_code == 200, r.text[:300]
    r = admin.post("/v1/events", json={"kind": "network-meeting", "title": "Rencontre",
                                       "starts_on": kit.days(-30),
                                       "organisation_ids": [org["id"]]})
    assert r.status_code == 201, r.text[:300]
    event = r.json()

    members = all_members(admin, "true")
    mine = [m for m in members if m["organisation_id"] == org["id"]]
    assert len(mine) == 1 and mine[0]["member"] and mine[0]["events_attended"] == 1

    r = admin.patch(path, json={"member_until": kit.days(-1)},
                    headers={"Content-Type": MERGE, "If-Match": "*"})
    assert r.status_code == 200, r.text[:300]
    former = all_members(admin, "false")
    assert org["id"] in {m["organisation_id"] for m in former}

    client = api_as(token=person.login()["access_token"])
    r = client.get(f"/v1/network/members/{org['id']}/history")
    assert r.status_code == 200, r.text[:300]
    history = r.json()["items"]
    assert [(h["member_since"], h["member_until"]) for h in history] == \
        [(kit.days(-400), None), (kit.days(-400), kit.days(-1))]
    r = client.get(f"/v1/network/members/{org['id']}/events")
    assert [e["id"] for e in r.json()["items"]] == [event["id"]]

    other = api_as("supplier")
    assert_problem(other.get(f"/v1/network/members/{org['id']}/history"), 404, "not-found")
    assert_problem(other.get(f"/v1/network/members/{org['id']}/events"), 404, "not-found")


def test_bad_queries(api_as):
    assert_invalid_query(api_as("buyer").get("/v1/network/members", params={"current": "1"}),
                         ("current", "invalid"))
    assert_problem(api_as("anonymous").get("/v1/network/members"), 401, "unauthorized")
