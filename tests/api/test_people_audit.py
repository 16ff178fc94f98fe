"""Every read and write of a person is in the audit log (issues 5 and 8): creation and
vouching by the prescriber, reads by a facilitator (one entry per person, in lists too), the
export, the erasure; each with its actor, role and request id, written by the statement that
read or wrote, so no answer leaves without its entry.
"""
import peoplekit
from keyskit import audit


def actions_on(admin, person_id):
    return [(e["action"], e["role"]) for e in reversed(audit(admin, object_id=person_id))]


def test_reads_and_writes_of_a_person_are_audited(api_as):
    prescriber, facilitator, admin = api_as("prescriber"), api_as("facilitator"), api_as("admin")
    person = peoplekit.create(prescriber)
    pid = person["id"]

    r = facilitator.get(f"/v1/beneficiaries/{pid}")
    assert r.status_code == 200, r.text
    read = audit(admin, object_id=pid, action="beneficiary.read")
    assert len(read) == 1
    assert read[0]["request_id"] == r.headers["X-Request-Id"]
    assert read[0]["role"] == "facilitator"

    r = prescriber.get("/v1/beneficiaries", params={"limit": 100})
    assert r.status_code == 200, r.text
    listed = [item["id"] for item in r.json()["items"]]
    assert pid in listed
    for other in listed[:3]:
        assert audit(admin, object_id=other, action="beneficiary.read"), other

    assert facilitator.get(f"/v1/beneficiaries/{pid}/export").status_code == 200
    r = facilitator.delete(f"/v1/beneficiaries/{pid}", headers={"If-Match": "*"})
    assert r.status_code == 204, r.text

    assert actions_on(admin, pid) == [
        ("beneficiary.create", "prescriber"),
        ("beneficiary.read", "facilitator"),
        ("beneficiary.read", "prescriber"),
        ("beneficiary.export", "facilitator"),
        ("beneficiary.delete", "facilitator"),
    ]


def test_a_refused_read_leaves_no_entry(api_as, make_user):
    prescriber, admin = api_as("prescriber"), api_as("admin")
    person = peoplekit.create(prescriber)
    other = make_user("prescriber")
    stranger = api_as(token=other.login()["access_token"])
    assert stranger.get(f"/v1/beneficiaries/{person['id']}").status_code == 404
    assert [e["action"] for e in audit(admin, object_id=person["id"])] == ["beneficiary.create"]
