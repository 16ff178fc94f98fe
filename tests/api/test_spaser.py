"""SPASER of a public buyer: written whole with PUT (created without If-Match, replaced
under If-Match), read by the buyer itself and staff; `subject` follows art. L2111-3 (public
buyers above 50 M€ a year); other organisations and private buyers meet 404. Hostile
yearly lines answer 400 naming `years`.
"""

import uuid

import pytest

from authkit import assert_problem, assert_validation


@pytest.fixture
def buyer(make_user, api_as):
    person = make_user("buyer")
    person.client = api_as(token=person.login()["access_token"])
    person.path = f"/v1/organisations/{person.organisation['id']}/spaser"
    return person


def test_a_buyer_records_its_spaser(buyer):
    assert_problem(buyer.client.get(buyer.path), 404, "not-found")
    body = {"yearly_purchase_volume": 62000000, "adopted": True, "adopted_on": "2024-06-20",
            "document_url": "https://example.yt/spaser.pdf",
            "years": [{"year": 2025, "social_contracts_share_target": 0.3,
                       "social_contracts_share_result": 0.22,
                       "insertion_hours_target": 20000, "insertion_hours_result": 14500,
                       "ess_iae_share_target": 0.1, "ess_iae_share_result": None}]}
    r = buyer.client.request("PUT", buyer.path, json=body)
    assert r.status_code == 200, r.text[:300]
    spaser = r.json()
    assert (spaser["subject"], spaser["threshold"], spaser["version"]) == (True, 50000000, 1)
    assert spaser["years"] == body["years"]
    assert r.headers["ETag"] == '"1"'
    assert buyer.client.get(buyer.path).json() == spaser
    # Replacing needs If-Match.
    small = {"yearly_purchase_volume": 12000000}
    assert_problem(buyer.client.request("PUT", buyer.path, json=small), 428, "precondition-required")
    assert_problem(buyer.client.request("PUT", buyer.path, json=small, headers={"If-Match": '"7"'}),
                   412, "precondition-failed")
    r = buyer.client.request("PUT", buyer.path, json=small, headers={"If-Match": '"1"'})
    assert r.status_code == 200
    assert (r.json()["subject"], r.json()["adopted"], r.json()["years"], r.json()["version"]) \
        == (False, False, [], 2)


def test_reach(buyer, make_user, api_as, make_org):
    other = make_user("buyer")
    client = api_as(token=other.login()["access_token"])
    assert_problem(client.get(buyer.path), 404, "not-found")
    assert_problem(client.request("PUT", buyer.path, json={}), 404, "not-found")
    private = make_org(kind="buyer_private")
    admin = api_as("admin")
    assert_problem(admin.request("PUT", f"/v1/organisations/{private['id']}/spaser", json={}),
                   404, "not-found")
    assert_problem(admin.request("PUT", f"/v1/organisations/{uuid.uuid4()}/spaser", json={}),
                   404, "not-found")
    assert admin.request("PUT", buyer.path, json={"adopted": False}).status_code == 200
    assert_problem(api_as("supplier").get(buyer.path), 403, "forbidden")
    # A first PUT with If-Match finds nothing to match.
    fresh = make_user("buyer")
    path = f"/v1/organisations/{fresh.organisation['id']}/spaser"
    assert_problem(admin.request("PUT", path, json={}, headers={"If-Match": '"1"'}),
                   412, "precondition-failed")


@pytest.mark.parametrize("body, field, code", [
    ({"yearly_purchase_volume": -1}, "yearly_purchase_volume", "range"),
    ({"yearly_purchase_volume": "beaucoup"}, "yearly_purchase_volume", "type"),
    ({"adopted": "oui"}, "adopted", "type"),
    ({"adopted_on": "2024-02-31", "adopted": True}, "adopted_on", "invalid"),
    ({"adopted_on": "2024-02-01"}, "adopted_on", "invalid"),
    ({"document_url": "ftp://x"}, "document_url", "invalid"),
    ({"years": {}}, "years", "type"),
    ({"years": [1]}, "years", "type"),
    ({"years": [{}]}, "years", "invalid"),
    ({"years": [{"year": "2025"}]}, "years", "invalid"),
    ({"years": [{"year": 2025, "bonus": 1}]}, "years", "invalid"),
    ({"years": [{"year": 2010}]}, "years", "range"),
    ({"years": [{"year": 2025.5}]}, "years", "range"),
    ({"years": [{"year": 2025, "ess_iae_share_result": 30}]}, "years", "range"),
    ({"years": [{"year": 2025, "insertion_hours_result": -3}]}, "years", "range"),
    ({"years": [{"year": 2025}, {"year": 2025}]}, "years", "invalid"),
    ({"owner": "me"}, "owner", "unknown"),
])
def test_validation(buyer, body, field, code):
    assert_validation(buyer.client.request("PUT", buyer.path, json=body), (field, code))
