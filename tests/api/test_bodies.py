"""Steering bodies and committees, their meetings and action items: staff write them under
If-Match; the member organisations read them, others meet 404; obstacles and levers belong
to prescriber committees only. Hostile inputs answer 400 naming the field.
"""

import uuid

import pytest

import cataloguekit as kit
from authkit import assert_problem, assert_validation
from cataloguekit import MERGE

BODIES = "/v1/bodies"


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def create_body(client, **fields):
    body = {"kind": "steering_committee", "name": f"COPIL {kit.word(6)}"}
    body.update(fields)
    r = client.post(BODIES, json=body)
    assert r.status_code == 201, r.text[:300]
    return r.json()


def create_meeting(client, body_id, **fields):
    body = {"held_on": kit.days(-7)}
    body.update(fields)
    r = client.post(f"{BODIES}/{body_id}/meetings", json=body)
    assert r.status_code == 201, r.text[:300]
    return r.json()


def test_body_meeting_and_action_items(admin, make_user, api_as):
    buyer = make_user("buyer")
    outsider = make_user("buyer")
    body = create_body(admin, member_ids=[buyer.organisation["id"]])
    meeting = create_meeting(admin, body["id"], place="CRESS", agenda="1. Bilan",
                             minutes="Bilan 2026 présenté.",
                             attendee_ids=[buyer.organisation["id"]],
                             decisions=["Relancer les acheteurs", "Former deux facilitateurs"])
    assert meeting["body_id"] == body["id"] and len(meeting["decisions"]) == 2
    r = admin.post(f"/v1/meetings/{meeting['id']}/action-items",
                   json={"title": "Relancer la commune", "owner_id": buyer.organisation["id"],
                         "due_on": kit.days(30)})
    assert r.status_code == 201, r.text[:300]
    action = r.json()
    assert (action["status"], action["body_id"]) == ("open", body["id"])
    assert r.headers["Location"] == f"/v1/action-items/{action['id']}"
    r = admin.patch(f"/v1/action-items/{action['id']}", json={"status": "done"},
                    headers={"Content-Type": MERGE, "If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["status"] == "done"

    member = api_as(token=buyer.login()["access_token"])
    assert member.get(f"{BODIES}/{body['id']}").status_code == 200
    meetings, _, _ = kit.follow(member, f"{BODIES}/{body['id']}/meetings")
    assert [m["id"] for m in meetings] == [meeting["id"]]
    actions, _, _ = kit.follow(member, f"/v1/meetings/{meeting['id']}/action-items")
    assert [a["id"] for a in actions] == [action["id"]]

    other = api_as(token=outsider.login()["access_token"])
    for path in (f"{BODIES}/{body['id']}", f"/v1/meetings/{meeting['id']}",
                 f"/v1/action-items/{action['id']}", f"{BODIES}/{body['id']}/meetings",
                 f"/v1/meetings/{meeting['id']}/action-items"):
        assert_problem(other.get(path), 404, "not-found")
    items, _, _ = kit.follow(other, BODIES)
    assert body["id"] not in {b["id"] for b in items}
    assert_problem(member.post(f"{BODIES}/{body['id']}/meetings",
                               json={"held_on": kit.days(1)}), 403, "forbidden")


def test_obstacles_and_levers_belong_to_prescriber_committees(admin):
    copil = create_body(admin)
    r = admin.post(f"{BODIES}/{copil['id']}/meetings",
                   json={"held_on": kit.days(-1), "obstacles": ["Mobilité"]})
    assert_validation(r, ("obstacles", "invalid"))
    committee = create_body(admin, kind="prescriber_committee")
    meeting = create_meeting(admin, committee["id"], obstacles=["Mobilité", "Garde d'enfants"],
                             levers=["Permis de conduire financé"])
    assert meeting["obstacles"] == ["Mobilité", "Garde d'enfants"]
    r = admin.patch(f"{BODIES}/{committee['id']}", json={"kind": "other"},
                    headers={"Content-Type": MERGE, "If-Match": "*"})
    assert_validation(r, ("kind", "invalid"))


@pytest.mark.parametrize("mutate, field, code", [
    (lambda b: b.pop("name"), "name", "required"),
    (lambda b: b.update(kind="club"), "kind", "enum"),
    (lambda b: b.update(name="x" * 201), "name", "range"),
    (lambda b: b.update(member_ids=[str(uuid.uuid4())]), "member_ids", "invalid"),
    (lambda b: b.update(member_ids="all"), "member_ids", "type"),
])
def test_body_validation(admin, mutate, field, code):
    body = {"kind": "technical_committee", "name": "COTECH"}
    mutate(body)
    assert_validation(admin.post(BODIES, json=body), (field, code))


@pytest.mark.parametrize("body, field, code", [
    ({}, "held_on", "required"),
    ({"held_on": "hier"}, "held_on", "invalid"),
    ({"held_on": "2026-01-01", "decisions": "tout"}, "decisions", "type"),
    ({"held_on": "2026-01-01", "decisions": [""]}, "decisions", "invalid"),
    ({"held_on": "2026-01-01", "attendee_ids": ["x"]}, "attendee_ids", "invalid"),
    ({"held_on": "2026-01-01", "minutes": "x" * 50001}, "minutes", "range"),
])
def test_meeting_validation(admin, body, field, code):
    copil = create_body(admin)
    assert_validation(admin.post(f"{BODIES}/{copil['id']}/meetings", json=body), (field, code))


def test_children_of_missing_parents_and_concurrency(admin):
    assert_problem(admin.post(f"{BODIES}/{uuid.uuid4()}/meetings",
                              json={"held_on": "2026-01-01"}), 404, "not-found")
    assert_problem(admin.post(f"/v1/meetings/{uuid.uuid4()}/action-items",
                              json={"title": "x"}), 404, "not-found")
    copil = create_body(admin)
    meeting = create_meeting(admin, copil["id"])
    r = admin.post(f"/v1/meetings/{meeting['id']}/action-items",
                   json={"title": "x", "status": "maybe"})
    assert_validation(r, ("status", "enum"))
    path = f"/v1/meetings/{meeting['id']}"
    assert_problem(admin.patch(path, json={"agenda": "x"}, headers={"Content-Type": MERGE}),
                   428, "precondition-required")
    assert_problem(admin.patch(path, json={"agenda": "x"},
                               headers={"Content-Type": MERGE, "If-Match": '"5"'}),
                   412, "precondition-failed")
    assert admin.delete(f"{BODIES}/{copil['id']}", headers={"If-Match": "*"}).status_code == 204
    assert_problem(admin.get(path), 404, "not-found")
