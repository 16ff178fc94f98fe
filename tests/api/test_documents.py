"""Supporting documents: PDF or image files up to 10 MiB sent as the raw body, stored with
type, size and SHA-256, downloaded by whoever may read the object; over 10 MiB → 413
problem+json; a file that is not what its Content-Type says → 400."""

import hashlib
import uuid

import pytest

from authkit import assert_problem, assert_validation
from clausekit import World, created, declare, month

MIB = 1024 * 1024
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


def upload(client, path, data, ctype="application/pdf", kind="payslip", filename=None):
    q = f"?kind={kind}" + (f"&filename={filename}" if filename else "")
    return client.post(path + q, data=data, headers={"Content-Type": ctype})


def test_upload_list_and_download(world):
    chain = world.chain()
    action = chain["action"]["id"]
    r = upload(world.company, f"/v1/actions/{action}/documents", PDF, kind="contract",
               filename="contrat-cdd.pdf")
    doc = created(r, "document")
    assert r.headers["Location"] == f"/v1/documents/{doc['id']}"
    assert (doc["kind"], doc["size"], doc["content_type"], doc["action_id"]) == \
        ("contract", len(PDF), "application/pdf", action)
    assert doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    for client in (world.buyer, world.siae, world.staff, world.company):
        r = client.get(f"/v1/documents/{doc['id']}/content")
        assert r.status_code == 200 and r.content == PDF
        assert r.headers["Content-Type"] == "application/pdf"
        assert r.headers["ETag"] == f'"{doc["sha256"]}"'
        assert 'filename="contrat-cdd.pdf"' in r.headers["Content-Disposition"]
        assert client.get(f"/v1/documents/{doc['id']}").json() == doc
    listed = world.buyer.get(f"/v1/actions/{action}/documents").json()["items"]
    assert [d["id"] for d in listed] == [doc["id"]]
    for client in world.outsiders.values():
        assert_problem(client.get(f"/v1/documents/{doc['id']}/content"), 404, "not-found")
        assert_problem(client.get(f"/v1/documents/{doc['id']}"), 404, "not-found")
        assert_problem(client.get(f"/v1/actions/{action}/documents"), 404, "not-found")
    # The buyer reads but does not attach.
    assert_problem(upload(world.buyer, f"/v1/actions/{action}/documents", PDF), 403,
                   "forbidden")


def test_documents_of_hours_and_visits(world):
    chain = world.chain()
    entry = created(declare(world.siae, chain["action"]["id"], month(-1), 35), "hours")
    doc = created(upload(world.siae, f"/v1/hours/{entry['id']}/documents", PNG,
                         ctype="image/png", kind="timesheet"), "document")
    assert doc["hours_id"] == entry["id"] and doc["filename"] is None
    r = world.company.get(f"/v1/documents/{doc['id']}/content")
    assert r.content == PNG and r.headers["Content-Type"] == "image/png"
    visit = created(world.staff.post("/v1/visits", json={
        "date": "2026-05-02", "action_id": chain["action"]["id"]}), "visit")
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 100
    vdoc = created(upload(world.staff, f"/v1/visits/{visit['id']}/documents", jpeg,
                          ctype="image/jpeg", kind="other"), "document")
    assert world.staff.get(f"/v1/visits/{visit['id']}/documents").json()["items"][0]["id"] \
        == vdoc["id"]
    assert_problem(world.company.get(f"/v1/documents/{vdoc['id']}"), 404, "not-found")


def test_a_document_over_10_mib_is_a_413_problem(world):
    action = world.chain()["action"]["id"]
    big = PDF + b"0" * (10 * MIB - len(PDF) + 1)
    r = upload(world.company, f"/v1/actions/{action}/documents", big)
    body = assert_problem(r, 413, "payload-too-large")
    assert "10 MiB" in body["detail"]
    exact = PDF + b"0" * (10 * MIB - len(PDF))
    doc = created(upload(world.company, f"/v1/actions/{action}/documents", exact), "document")
    assert doc["size"] == 10 * MIB
    r = world.company.get(f"/v1/documents/{doc['id']}/content")
    assert hashlib.sha256(r.content).hexdigest() == doc["sha256"]
    # JSON routes keep their 1 MiB limit.
    r = world.company.post(f"/v1/actions/{action}/hours", data=b" " * (MIB + 1),
                           headers={"Content-Type": "application/json"})
    assert_problem(r, 413, "payload-too-large")


def test_hostile_uploads(world):
    action = world.chain()["action"]["id"]
    path = f"/v1/actions/{action}/documents"
    assert_problem(upload(world.company, path, PDF, ctype="text/plain"), 415,
                   "unsupported-media-type")
    assert_problem(upload(world.company, path, PDF, ctype="image/gif"), 415,
                   "unsupported-media-type")
    assert_validation(upload(world.company, path, PNG), ("body", "invalid"))
    assert_validation(upload(world.company, path, b""), ("body", "required"))
    assert_validation(upload(world.company, path, PDF, kind="selfie"), ("kind", "enum"))
    r = world.company.post(path, data=PDF, headers={"Content-Type": "application/pdf"})
    assert_validation(r, ("kind", "required"))
    assert_validation(upload(world.company, path, PDF, filename="../etc/passwd"),
                      ("filename", "invalid"))
    assert_problem(world.company.post(path + "?kind=payslip&x=1", data=PDF,
                                      headers={"Content-Type": "application/pdf"}),
                   400, "invalid-query")
    # 404 before 400: an action out of reach, or none.
    other = world.outsiders["company"]
    assert_problem(upload(other, path, b"", kind="nope"), 404, "not-found")
    assert_problem(upload(world.company, f"/v1/actions/{uuid.uuid4()}/documents", PDF), 404,
                   "not-found")
    assert_problem(world.company.get(f"/v1/documents/{uuid.uuid4()}/content"), 404,
                   "not-found")
