"""DECP v2 import (POST /v1/sync/decp) and export (GET /v1/markets/{id}/decp,
GET /v1/reports/decp): the example file of ../shared/vectors/decp imports; a malformed
record is rejected with reasons while the others import; invalid SIRETs and places outside
Mayotte are warnings; concessions are skipped; the export validates against the DECP schema
(python jsonschema), merges what changed here, or answers 409 naming what is missing."""

import copy
import json
import uuid

import pytest

import authkit
import clausekit
import dbkit
from authkit import assert_invalid_query, assert_problem, assert_validation
from keyskit import admin, create_key, key_client  # noqa: F401
from synckit import (DECP, ext, file_validator, fresh_example, marche_validator, vectors)


@pytest.fixture
def decp():
    return vectors()


@pytest.fixture
def staff(api_as):
    return api_as("facilitator")


def imported(client, data, status=200):
    r = client.post(DECP, json=data)
    assert r.status_code == status, f"POST {DECP}: {r.status_code} {r.text[:600]}"
    return r.json()["items"]


def by_field(entries):
    return {(e["field"], e["code"]) for e in entries}


def test_the_example_file_imports(staff, decp):
    schema, example = decp
    data = fresh_example(example)
    items = imported(staff, data)
    assert [(i["kind"], i["status"], i["index"]) for i in items] == [
        ("marche", "created", 0), ("marche", "created", 1)]
    records = data["marches"]["marche"]
    for item, record in zip(items, records):
        assert item["decp_id"] == record["id"] and item["errors"] == []
        # Paris's postal code is no commune of Mayotte: kept, flagged.
        assert ("/lieuExecution/code", "invalid") in by_field(item["warnings"])
        market = staff.get(f"/v1/markets/{item['market_id']}").json()
        assert market["reference"] == record["id"] and market["decp_id"] == record["id"]
        assert float(market["amount"]) == record["montant"]
        assert market["notification_date"] == record["dateNotification"]
        assert market["duration_months"] == 48 and market["nature"] == "works"
        assert market["commune_insee"] is None and market["status"] == "awarded"
        lots = staff.get(f"/v1/markets/{item['market_id']}/lots").json()["items"]
        assert len(lots) == 1
    rows = dbkit.sql("SELECT clause_kinds, record = :'p2'::jsonb FROM decp_records"
                     " WHERE market_id = :'p1'", items[0]["market_id"], json.dumps(records[0]))
    assert rows == [("{execution_condition,award_criterion}", "t")], "kinds; kept whole"

    # Again: the same markets, unchanged: nothing written, no version, nothing in the feed.
    ids = [i["market_id"] for i in items]
    feed = "SELECT count(*) FROM changes WHERE id = ANY (:'p1'::uuid[])"
    ids_literal = "{" + ",".join(ids) + "}"
    before = dbkit.sql(feed, ids_literal)
    stamp = dbkit.sql("SELECT string_agg(imported_at::text, ',' ORDER BY market_id)"
                      " FROM decp_records WHERE market_id = ANY (:'p1'::uuid[])", ids_literal)
    again = imported(staff, data)
    assert [(i["status"], i["market_id"]) for i in again] == [
        ("unchanged", ids[0]), ("unchanged", ids[1])]
    assert [staff.get(f"/v1/markets/{i}").json()["version"] for i in ids] == [1, 1]
    assert dbkit.sql(feed, ids_literal) == before
    assert dbkit.sql("SELECT string_agg(imported_at::text, ',' ORDER BY market_id)"
                     " FROM decp_records WHERE market_id = ANY (:'p1'::uuid[])",
                     ids_literal) == stamp
    # One record changed (its amount), the other not: updated and unchanged.
    changed = copy.deepcopy(data)
    changed["marches"]["marche"][1]["montant"] = records[1]["montant"] + 1000
    again = imported(staff, changed)
    assert [i["status"] for i in again] == ["unchanged", "updated"]
    market = staff.get(f"/v1/markets/{ids[1]}").json()
    assert market["version"] == 2 and float(market["amount"]) == records[1]["montant"] + 1000
    # A record changed in the stored record only (a field no market column holds).
    changed["marches"]["marche"][0]["offresRecues"] = records[0]["offresRecues"] + 1
    again = imported(staff, changed)
    assert [i["status"] for i in again] == ["updated", "unchanged"]
    assert staff.get(f"/v1/markets/{ids[0]}").json()["version"] == 2
    # Back to the example, for the export below.
    assert [i["status"] for i in imported(staff, data)] == ["updated", "updated"]

    # The export: the record merged with what changed here, valid against the schema.
    market = staff.get(f"/v1/markets/{items[0]['market_id']}")
    r = staff.patch(f"/v1/markets/{items[0]['market_id']}", json={"object": "Objet revu"},
                    headers={"If-Match": market.headers["ETag"]})
    assert r.status_code == 200, r.text
    r = staff.get(f"/v1/markets/{items[0]['market_id']}/decp")
    assert r.status_code == 200, r.text
    out = r.json()
    assert not list(marche_validator(schema).iter_errors(out))
    assert out["objet"] == "Objet revu" and out["id"] == records[0]["id"]
    assert out["modifications"] == records[0]["modifications"]
    assert out["lieuExecution"] == records[0]["lieuExecution"]


def test_a_malformed_record_fails_alone(staff, decp):
    _, example = decp
    data = fresh_example(example)
    good = data["marches"]["marche"][0]
    bad_types = copy.deepcopy(good)
    bad_types.update(id=ext("T")[:16], montant="cher", dureeMois=1.5, titulaires="x")
    bad_dates = copy.deepcopy(good)
    bad_dates.update(id=ext("B")[:16], dateNotification="2024-02-30",
                     datePublicationDonnees="x2024-01-01y")
    missing = copy.deepcopy(good)
    missing["id"] = ext("M")[:16]
    del missing["acheteur"], missing["objet"]
    too_long = copy.deepcopy(good)
    too_long.update(id="X" * 17, dureeMois=601)
    data["marches"]["marche"] = [bad_types, good, bad_dates, missing, too_long, 42]
    items = imported(staff, data)
    assert [i["status"] for i in items] == ["error", "created", "error", "error", "error",
                                           "error"]
    assert {("/montant", "type"), ("/dureeMois", "type"), ("/titulaires", "type")} <= \
        by_field(items[0]["errors"])
    assert {("/dateNotification", "invalid"), ("/datePublicationDonnees", "invalid")} <= \
        by_field(items[2]["errors"])
    assert {("/acheteur", "required"), ("/objet", "required")} <= by_field(items[3]["errors"])
    assert ("/id", "range") in by_field(items[4]["errors"])
    assert ("/", "type") in by_field(items[5]["errors"])
    assert items[5]["decp_id"] is None
    for item in items:
        if item["status"] == "error":
            assert item["market_id"] is None
            assert all(e["detail"] for e in item["errors"])


def test_invalid_sirets_are_warnings(staff, decp):
    _, example = decp
    data = fresh_example(example)
    record = data["marches"]["marche"][0]
    data["marches"]["marche"] = [record]
    record["acheteur"]["id"] = authkit.siret_bad_checksum()
    holder = authkit.siret()
    record["titulaires"] = [
        {"titulaire": {"id": holder, "typeIdentifiant": "SIRET"}},
        {"titulaire": {"id": "123", "typeIdentifiant": "SIRET"}},
        {"titulaire": {"id": "FR12345678901", "typeIdentifiant": "TVA"}}]
    record["lieuExecution"] = {"code": "97600", "typeCode": "Code postal"}
    item = imported(staff, data)[0]
    assert item["status"] == "created", item
    assert {("/acheteur/id", "invalid"), ("/titulaires/1/titulaire/id", "invalid")} <= \
        by_field(item["warnings"])
    market = staff.get(f"/v1/markets/{item['market_id']}").json()
    assert market["commune_insee"] == "97611", "97600 is Mamoudzou's alone"
    lot = staff.get(f"/v1/markets/{item['market_id']}/lots").json()["items"][0]
    holders = staff.get(f"/v1/lots/{lot['id']}/attributions").json()["items"]
    assert len(holders) == 1, "only the valid SIRET is linked"
    org = staff.get(f"/v1/organisations/{holders[0]['organisation_id']}").json()
    assert org["siret"] == holder


def test_concessions_are_skipped(staff, decp):
    _, example = decp
    data = fresh_example(example)
    data["marches"]["contrat-concession"] = [{"id": "C1", "whatever": True}]
    items = imported(staff, data)
    assert [(i["kind"], i["status"]) for i in items] == [
        ("marche", "created"), ("marche", "created"), ("concession", "skipped")]
    assert items[2]["decp_id"] == "C1" and items[2]["market_id"] is None


@pytest.mark.parametrize("body, field", [
    ({}, "marches"),
    ({"marches": []}, "marches"),
    ({"marches": {}}, "marches.marche"),
    ({"marches": {"marche": {}}}, "marches.marche"),
    ({"marches": {"contrat-concession": "x"}}, "marches.contrat-concession"),
    ({"marches": {"marche": []}, "other": 1}, "other"),
])
def test_not_a_decp_file(staff, body, field):
    body = assert_validation(staff.post(DECP, json=body))
    assert field in {e["field"] for e in body["errors"]}


def test_not_json_and_huge_files(staff):
    r = staff.post(DECP, data=b"<marches/>", headers={"Content-Type": "application/json"})
    assert_problem(r, 400, "malformed-json")
    r = staff.post(DECP, json={"marches": {"marche": [{}] * 1001}})
    assert_problem(r, 413, "payload-too-large")


def test_roles(base_url, api_as, admin, decp):  # noqa: F811
    for role in ("buyer", "company", "supplier", "prescriber"):
        assert_problem(api_as(role).post(DECP, json={"marches": {"marche": []}}), 403,
                       "forbidden")
    assert api_as("anonymous").post(DECP, json={}).status_code == 401
    cress = admin.post("/v1/organisations", json={"name": f"CRESS {ext()}", "kind": "cress"})
    key = create_key(admin, cress.json()["id"], scopes=["sync:write"])
    client = key_client(base_url, key["key"])
    _, example = decp
    items = imported(client, fresh_example(example))
    assert [i["status"] for i in items] == ["created", "created"]
    reader = key_client(base_url, create_key(admin, cress.json()["id"],
                                             scopes=["sync:read"])["key"])
    assert_problem(reader.post(DECP, json={"marches": {"marche": []}}), 403, "forbidden")


def test_idempotent_import(staff, decp):
    _, example = decp
    data = fresh_example(example)
    key = {"Idempotency-Key": f"decp-{uuid.uuid4()}"}
    first = staff.post(DECP, json=data, headers=key)
    again = staff.post(DECP, json=data, headers=key)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert [i["status"] for i in again.json()["items"]] == ["created", "created"]


def test_market_made_here(api_as, make_user, make_org, decp):
    schema, _ = decp
    world = clausekit.World(api_as, make_user, make_org)
    staff = world.staff
    chain = world.chain(reference=ext("R")[:16], cpv_code="45000000-7",
                        notification_date=clausekit.day(-10), duration_months=12)
    market = chain["market"]
    r = staff.get(f"/v1/markets/{market['id']}/decp")
    body = assert_problem(r, 409, "conflict")
    missing = {e["field"] for e in body["errors"] if e["code"] == "required"}
    assert {"/techniques", "/ccag", "/formePrix"} <= missing
    assert "/objet" not in missing and "/considerationsSociales" not in missing
    assert "/id" not in missing and "/montant" not in missing
    # Too long a reference for a DECP id.
    long_ref = world.chain(reference="R" * 20)["market"]
    body = assert_problem(staff.get(f"/v1/markets/{long_ref['id']}/decp"), 409, "conflict")
    assert ("/id", "range") in by_field(body["errors"])
    # Reach: the buyer reads it, an outsider does not know it.
    assert world.buyer.get(f"/v1/markets/{market['id']}/decp").status_code == 409
    for outsider in world.outsiders.values():
        assert_problem(outsider.get(f"/v1/markets/{market['id']}/decp"), 404, "not-found")
    assert_problem(staff.get(f"/v1/markets/{uuid.uuid4()}/decp"), 404, "not-found")
    assert_problem(staff.get("/v1/markets/nope/decp"), 404, "not-found")
    del schema


def test_year_file(staff, api_as, decp):
    schema, example = decp
    data = fresh_example(example, year="2031")
    items = imported(staff, data)
    r = staff.get("/v1/reports/decp", params={"year": "2031"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert not list(file_validator(schema).iter_errors(out))
    ids = {m["id"] for m in out["marches"]["marche"]}
    assert {i["decp_id"] for i in items} <= ids
    # The round trip: the year's file imports again as updates of the same markets.
    mine = {"marches": {"marche": [m for m in out["marches"]["marche"]
                                   if m["id"] in {i["decp_id"] for i in items}]}}
    again = imported(staff, mine)
    assert {i["market_id"] for i in again} == {i["market_id"] for i in items}
    # A buyer reaches its own markets only.
    other = api_as("buyer").get("/v1/reports/decp", params={"year": "2031"})
    assert other.status_code == 200
    assert not ({m["id"] for m in other.json()["marches"]["marche"]} & ids)


@pytest.mark.parametrize("query", [{}, {"year": "31"}, {"year": "1999"}, {"year": "2031x"},
                                   {"year": ["2031", "2032"]}])
def test_year_is_checked(staff, query):
    r = staff.get("/v1/reports/decp", params=query)
    assert_invalid_query(r, ("year", "invalid"))
