"""Helpers of the catalogue tests: unique search words, reference data, organisations and
offers made through the API (by staff), following pages, Mayotte's today.

Tests that need data make their own: every organisation of a test carries a word of its own
(`word()`), so that a search for that word sees that test's organisations and nothing else,
whatever the demo data holds.
"""

import random
from datetime import datetime, timedelta, timezone

import authkit

CONSONANTS = "bcdfghjklmnpqrstvwxz"
VOWELS = "aeiouy"
MERGE = "application/merge-patch+json"
SUPPLIER_KINDS = ("siae", "ess", "handicap", "geiq")

ORG_FIELDS = {"id", "name", "brand", "kind", "subkind", "siret", "siren", "legal_form", "esus",
              "address", "commune_insee", "communes_served", "latitude", "longitude",
              "contact_email", "contact_phone", "website", "description", "sectors", "labels",
              "member", "member_since", "member_until", "published", "active", "approved",
              "created_at", "updated_at", "version"}
SUMMARY_FIELDS = {"id", "name", "brand", "kind", "subkind", "siret", "siren", "commune_insee",
                  "communes_served", "description", "sectors", "labels", "member",
                  "contact_email", "contact_phone", "website", "updated_at"}
PAGE_FIELDS = SUMMARY_FIELDS | {"address", "latitude", "longitude", "offers"}
OFFER_FIELDS = {"id", "organisation_id", "title", "description", "offer_type", "sectors",
                "communes", "price_indication", "published", "created_at", "updated_at",
                "version"}
PUBLIC_OFFER_FIELDS = {"id", "title", "description", "offer_type", "sectors", "communes",
                       "price_indication", "updated_at"}
CATALOGUE_OFFER_FIELDS = PUBLIC_OFFER_FIELDS | {"supplier"}
OFFER_TYPES = ("good", "service", "works", "staff_provision")
COMMUNES = tuple(f"976{n:02d}" for n in range(1, 18))


def word(length=12):
    """A pronounceable made-up word no text of the catalogue holds (letters only, so that
    the French parser reads it as one word)."""
    letters = [random.choice(CONSONANTS if i % 2 == 0 else VOWELS) for i in range(length - 2)]
    return "zq" + "".join(letters)


def mayotte_today():
    return (datetime.now(timezone.utc) + timedelta(hours=3)).date()


def days(n):
    """Mayotte's today + n days, as YYYY-MM-DD."""
    return (mayotte_today() + timedelta(days=n)).isoformat()


# Reference data

def reference(client):
    """{'sectors': {code: group}, 'groups': {code: label}, 'communes': {code: label},
    'kinds': {kind: [subkind codes]}, 'labels': [codes]} from the public reference routes."""
    def get(path):
        r = client.get(path)
        assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:300]}"
        return r.json()

    sectors = get("/v1/reference/sectors")
    kinds = get("/v1/reference/organisation-kinds")["items"]
    return {
        "sectors": {s["code"]: s["group_code"] for s in sectors["items"]},
        "groups": {g["code"]: g["label"] for g in sectors["groups"]},
        "communes": {c["code"]: c["label"] for c in get("/v1/reference/communes")["items"]},
        "kinds": {k["code"]: [s["code"] for s in k["subkinds"]] for k in kinds},
        "labels": [item["code"] for item in get("/v1/reference/labels")["items"]],
    }


# Writes, as staff

def create_org(admin, kind="siae", **fields):
    body = {"name": f"Organisation {word(8)}", "kind": kind}
    body.update(fields)
    r = admin.post("/v1/organisations", json=body)
    assert r.status_code == 201, f"POST /v1/organisations {body}: {r.status_code} {r.text[:300]}"
    return r.json()


def public_supplier(admin, kind="siae", **fields):
    """A supplier of the public catalogue (published, active, approved)."""
    fields.setdefault("published", True)
    return create_org(admin, kind, **fields)


def create_offer(admin, organisation_id, **fields):
    body = {"organisation_id": organisation_id, "title": f"Offre {word(8)}",
            "offer_type": "service"}
    body.update(fields)
    r = admin.post("/v1/offers", json=body)
    assert r.status_code == 201, f"POST /v1/offers {body}: {r.status_code} {r.text[:300]}"
    return r.json()


def patch_org(client, org_id, body, etag="*"):
    headers = {"Content-Type": MERGE}
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"/v1/organisations/{org_id}", json=body, headers=headers)


def patch_offer(client, offer_id, body, etag="*"):
    headers = {"Content-Type": MERGE}
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"/v1/offers/{offer_id}", json=body, headers=headers)


def archive_org(admin, org_id):
    r = admin.delete(f"/v1/organisations/{org_id}", headers={"If-Match": "*"})
    assert r.status_code == 204, f"DELETE /v1/organisations/{org_id}: {r.status_code} {r.text[:300]}"


# Reading lists

def get_page(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 200, f"GET {path} {params}: {r.status_code} {r.text[:400]}"
    return r


def follow(client, path, params=None, limit=100, max_pages=2000):
    """Every item of every page, following next_cursor until null. Checks that each page is
    at most `limit` long, that no page but the last is empty, that `total` is the same on
    every page and equals the number of items; returns (items, pages, last page body)."""
    params = list((params or {}).items()) if isinstance(params, dict) else list(params or [])
    items, cursor, pages, totals = [], None, 0, set()
    while True:
        query = params + [("limit", str(limit))]
        if cursor is not None:
            query.append(("cursor", cursor))
        body = get_page(client, path, query).json()
        assert len(body["items"]) <= limit, f"page of {len(body['items'])} > limit {limit}"
        if "total" in body:
            totals.add(body["total"])
        items += body["items"]
        pages += 1
        assert pages < max_pages, "next_cursor never ends"
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert body["items"], "an empty page with a next_cursor"
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), f"{path} {params}: an item on two pages"
    if totals:
        assert len(totals) == 1, f"{path} {params}: total changes between pages: {totals}"
        assert totals.pop() == len(items), \
            f"{path} {params}: total says one thing, the pages hold {len(items)}"
    return items, pages, body


def ids_of(items):
    return {item["id"] for item in items}


def search(client, **params):
    """One page of GET /v1/catalogue/suppliers (repeat a parameter with a list)."""
    return get_page(client, "/v1/catalogue/suppliers", params).json()


def search_ids(client, **params):
    items, _, _ = follow(client, "/v1/catalogue/suppliers", params)
    return ids_of(items)


def random_siret():
    return authkit.siret()
