"""Helpers of the bulk upsert and DECP tests (issue 10): partner keys with sync scopes,
batches, the answers' items by external_id, and the DECP vectors of ../shared."""

import copy
import json
import os

import pytest

import authkit
import cataloguekit
from keyskit import create_key, key_client

ORGS = "/v1/sync/organisations"
OFFERS = "/v1/sync/offers"
DECP = "/v1/sync/decp"
VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "vectors",
                       "decp")
SCHEMA = os.path.join(VECTORS, "schema_decp_v2.0.3.json")
EXAMPLE = os.path.join(VECTORS, "marches_avec_modifications.json")


def partner(base_url, admin, kind="ess", scopes=("sync:write", "sync:read"), **org):
    """(client, organisation) of a new partner key of a new organisation of that kind."""
    organisation = cataloguekit.create_org(admin, kind, **org)
    key = create_key(admin, organisation["id"], scopes=scopes)
    return key_client(base_url, key["key"]), organisation


def ext(prefix="e"):
    return f"{prefix}-{authkit.random_uuid()[:12]}"


def org_item(external_id=None, **fields):
    item = {"external_id": external_id or ext("org"),
            "name": f"Structure {cataloguekit.word(8)}", "kind": "siae"}
    item.update(fields)
    return item


def offer_item(external_id=None, **fields):
    item = {"external_id": external_id or ext("off"), "title": f"Offre {cataloguekit.word(8)}",
            "offer_type": "service"}
    item.update(fields)
    return item


def batch(client, path, items, status=200, **kwargs):
    """The answer's items; asserts one per item sent, in order."""
    r = client.post(path, json={"items": items}, **kwargs)
    assert r.status_code == status, f"POST {path}: {r.status_code} {r.text[:500]}"
    answer = r.json()["items"]
    assert [a["index"] for a in answer] == list(range(len(items)))
    return answer


def statuses(answer):
    return [a["status"] for a in answer]


def vectors():
    """(schema, example file) of ../shared/vectors/decp, or skip."""
    if not os.path.exists(SCHEMA) or not os.path.exists(EXAMPLE):
        pytest.skip("../shared/vectors/decp is absent (a user's clone): DECP vectors untested")
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    with open(EXAMPLE, encoding="utf-8") as f:
        example = json.load(f)
    return schema, example


def fresh_example(example, year="2024"):
    """The example file with ids and buyer SIRETs of this test's own, so that tests do not
    update each other's markets."""
    data = copy.deepcopy(example)
    for record in data["marches"]["marche"]:
        record["id"] = ext("D")[:16]
        record["acheteur"]["id"] = authkit.siret()
        record["dateNotification"] = f"{year}-05-15"
    return data


def marche_validator(schema):
    """A jsonschema validator of one marche record."""
    import jsonschema
    sub = dict(schema)
    sub["$ref"] = "#/definitions/marche"
    sub.pop("properties", None)
    sub.pop("required", None)
    return jsonschema.Draft7Validator(sub)


def file_validator(schema):
    import jsonschema
    return jsonschema.Draft7Validator(schema)
