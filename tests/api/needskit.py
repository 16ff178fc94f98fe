"""Helpers of the purchase-needs tests: needs written and published through the API,
suppliers of the catalogue made to match a need (or miss it by one condition), and the
accounts that read their notifications."""

import pytest

import cataloguekit as kit

NEEDS = "/v1/needs"
NEED_FIELDS = {"id", "buyer_id", "buyer_name", "title", "description", "sectors", "communes",
               "supplier_kinds", "budget_band", "deadline", "questions", "status",
               "awarded_to", "award_note", "published_at", "closed_at", "created_at",
               "updated_at", "version"}
MATCH_FIELDS = {"organisation_id", "organisation_name", "subkind", "matched_at", "seen_at",
                "interest"}
ANSWER_FIELDS = {"id", "need_id", "organisation_id", "organisation_name", "interest",
                 "message", "answers", "created_at", "updated_at", "version"}


def two_sectors(client):
    """Two sector codes of the reference data."""
    codes = sorted(kit.reference(client)["sectors"])
    return codes[0], codes[-1]


def need_body(sectors, communes, **fields):
    body = {"title": f"Besoin {kit.word(8)}", "sectors": list(sectors),
            "communes": list(communes), "deadline": kit.days(20)}
    body.update(fields)
    return body


def create_need(client, body):
    r = client.post(NEEDS, json=body)
    assert r.status_code == 201, f"POST {NEEDS}: {r.status_code} {r.text[:300]}"
    return r.json()


def act(client, need_id, action, **kwargs):
    """POST /v1/needs/{id}/<action>, with If-Match: * unless the call says otherwise
    (headers={"If-Match": None} sends none)."""
    headers = {"If-Match": "*"}
    headers.update(kwargs.pop("headers", {}))
    headers = {k: v for k, v in headers.items() if v is not None}
    return client.post(f"{NEEDS}/{need_id}/{action}", headers=headers, **kwargs)


def publish(client, need_id):
    r = act(client, need_id, "publish")
    assert r.status_code == 200, f"publish: {r.status_code} {r.text[:300]}"
    return r.json()


def supplier_with_account(admin, make_user, api_as, kind="siae", **fields):
    """A published supplier of the catalogue and a logged-in client of an account of it
    (attributes org, person, client)."""
    org = kit.public_supplier(admin, kind, **fields)
    person = make_user("supplier", organisation=org)
    person.org = org
    person.client = api_as(token=person.login()["access_token"])
    return person


def notifications(client, **params):
    items, _, _ = kit.follow(client, "/v1/notifications", params)
    return items


def about(items, need_id, kind=None):
    return [n for n in items if n["need_id"] == need_id and (kind is None or n["kind"] == kind)]


@pytest.fixture
def admin(api_as):
    return api_as("admin")


@pytest.fixture
def buyer(make_user, api_as):
    """A new buyer account in a new public buyer, with a logged-in client (.client)."""
    person = make_user("buyer")
    person.client = api_as(token=person.login()["access_token"])
    return person
