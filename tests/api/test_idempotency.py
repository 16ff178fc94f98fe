"""Idempotency-Key on POST creates (API_CONVENTIONS): the same key from the same credential
on the same path with the same body within 24 hours answers the first answer again and
creates nothing; with another body or path it answers 422; concurrent duplicates create one
object; a malformed key answers 400. The creates are derived from openapi.yaml: every POST
answering 201 takes the header, but for the documented exceptions.
"""

import threading
import uuid
from datetime import timedelta

import pytest

import authkit
import cataloguekit
import clausekit
import contract
import needskit
import peoplekit
from authkit import assert_problem, error_fields
from keyskit import admin, app_url, audit, later, pinned_env, psql  # noqa: F401

# POSTs answering 201 that do not take Idempotency-Key, and why.
EXEMPT = {
    "issuePasswordReset": "its answer is a secret that is never stored",
}


def creates():
    """operationId → path of every POST of the contract that answers 201."""
    return {op["operationId"]: template for template, method, op in contract.iter_operations()
            if method == "post" and "201" in op["responses"]}


def takes_key(op):
    return any(contract.resolve(p).get("name") == "Idempotency-Key"
               for p in op.get("parameters", []))


def test_every_create_of_the_contract_takes_the_header():
    found = creates()
    assert {"createOffer", "createOrganisation", "createUser", "createRegistration",
            "createApiKey"} <= set(found)
    for template, method, op in contract.iter_operations():
        if op["operationId"] in found and op["operationId"] not in EXEMPT:
            assert takes_key(op), f"POST {template}: Idempotency-Key not documented"
            assert "422" in op["responses"], f"POST {template}: 422 not documented"
    assert set(EXEMPT) <= set(found)


# One body maker per create the tests can make; the derivation test below fails when a new
# create appears in the contract without one here.

def body_for(operation_id, api_as, make_org, make_user):
    """(client, body, path) of one create the test can repeat, or (None, None, None)."""
    made = made_for(operation_id, api_as, make_org, make_user)
    if made is None:
        return None, None, None
    role_or_client, body, path = made
    client = api_as(role_or_client) if isinstance(role_or_client, str) else role_or_client
    return client, body, path or creates()[operation_id]


def made_for(operation_id, api_as, make_org, make_user):
    admin = api_as("admin")
    if operation_id == "createOffer":
        org = make_org(kind="siae")
        return "admin", {"organisation_id": org["id"], "title": "Idem",
                         "offer_type": "service"}, None
    if operation_id == "createOrganisation":
        return "admin", {"name": f"Idem {authkit.random_uuid()[:8]}", "kind": "ess"}, None
    if operation_id == "createUser":
        return "admin", {"email": authkit.unique_email("idem"), "display_name": "Idem",
                         "role": "facilitator", "password": authkit.password()}, None
    if operation_id == "createRegistration":
        return "anonymous", {
            "organisation": {"name": f"Idem {authkit.random_uuid()[:8]}", "kind": "ess",
                             "siret": authkit.siret()},
            "user": {"email": authkit.unique_email("idem"), "display_name": "Idem",
                     "password": authkit.password()}}, None
    if operation_id == "createApiKey":
        return "admin", {"organisation_id": make_org(kind="siae")["id"], "name": "Idem",
                         "scopes": ["catalogue:read"]}, None
    if operation_id == "createBeneficiary":
        return "prescriber", peoplekit.identity(), None
    if operation_id in ("createNeed", "answerNeed"):
        sectors = needskit.two_sectors(admin)
        body = needskit.need_body(sectors[:1], ["97610"])
        if operation_id == "createNeed":
            return "buyer", body, None
        buyer = api_as("buyer")
        supplier = needskit.supplier_with_account(admin, make_user, api_as, subkind="ACI",
                                                  sectors=[sectors[0]],
                                                  communes_served=["97610"])
        need = needskit.create_need(buyer, body)
        needskit.publish(buyer, need["id"])
        return supplier.client, {"interest": "interested", "message": "Idem"}, \
            f"/v1/needs/{need['id']}/answers"
    if operation_id == "createEvent":
        return "admin", {"kind": "workshop", "title": f"Atelier {cataloguekit.word(8)}",
                         "starts_on": cataloguekit.days(10)}, None
    if operation_id in ("createBody", "createMeeting", "createActionItem"):
        body = {"kind": "steering_committee", "name": f"COPIL {cataloguekit.word(6)}"}
        if operation_id == "createBody":
            return "admin", body, None
        r = admin.post("/v1/bodies", json=body)
        assert r.status_code == 201, r.text
        meeting = {"held_on": cataloguekit.days(-7)}
        path = f"/v1/bodies/{r.json()['id']}/meetings"
        if operation_id == "createMeeting":
            return "admin", meeting, path
        r = admin.post(path, json=meeting)
        assert r.status_code == 201, r.text
        return "admin", {"title": "Relancer", "due_on": cataloguekit.days(30)}, \
            f"/v1/meetings/{r.json()['id']}/action-items"
    if operation_id in ("createJobOffer", "createReferral", "createOutcome"):
        return people_made_for(operation_id, api_as, make_org, make_user)
    return clause_made_for(operation_id, api_as, make_org, make_user)


def people_made_for(operation_id, api_as, make_org, make_user):
    """Job offers, referrals and outcomes (issue 8) on a chain of clausekit.World."""
    world = clausekit.World(api_as, make_user, make_org)
    chain = world.chain(siae=False, start=-120)
    offer = {"attribution_id": chain["attribution"]["id"], "title": "Maçon",
             "commune_insee": "97611", "contract_type": "cdd", "start_date": clausekit.day(9)}
    if operation_id == "createJobOffer":
        return world.company, offer, None
    prescriber = api_as("prescriber")
    person = peoplekit.create(prescriber, criteria=["rsa"])
    if operation_id == "createReferral":
        r = world.company.post("/v1/job-offers", json=offer)
        assert r.status_code == 201, r.text
        return prescriber, {"beneficiary_id": person["id"], "job_offer_id": r.json()["id"],
                            "reason": "Motivée"}, None
    r = prescriber.post(f"/v1/beneficiaries/{person['id']}/criteria",
                        json={"criterion": "deld", "vouched_on": clausekit.day(-150)})
    assert r.status_code == 200, r.text
    r = world.staff.post(f"/v1/attributions/{chain['attribution']['id']}/actions", json={
        "mode": "direct_hire", "start_date": clausekit.day(-100),
        "end_date": clausekit.day(-5), "beneficiary_id": person["id"]})
    assert r.status_code == 201, r.text
    return prescriber, {"action_id": r.json()["id"], "checkpoint": "end", "category": "cdi",
                        "situation": "En poste."}, None


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def clause_made_for(operation_id, api_as, make_org, make_user):
    """The creates of social clause tracking, on a chain market → lot → clause →
    attribution → action made by staff (clausekit.World)."""
    world = clausekit.World(api_as, make_user, make_org)
    if operation_id == "createMarket":
        return "facilitator", clausekit.market_body(world.buyer_org["id"]), None
    chain = world.chain()
    if operation_id == "createVisit":
        return "facilitator", {"date": clausekit.day(-1), "notes": "Visite de chantier",
                               "action_id": chain["action"]["id"]}, None
    lot, action = chain["lot"]["id"], chain["action"]["id"]
    made = {
        "createAmendment": ({"date": clausekit.day(-1), "reason": "Avenant",
                             "amount": 1100000}, f"/v1/markets/{chain['market']['id']}"
                                                 "/amendments"),
        "createLot": ({"number": 2, "title": "Lot deux", "amount": 1000},
                      f"/v1/markets/{chain['market']['id']}/lots"),
        "createClause": ({"type": "award_criterion", "criterion_weight": 10,
                          "rule": "hours_share", "insertion_rate": 0.05,
                          "hours_worked": 1000}, f"/v1/lots/{lot}/clauses"),
        "createAttribution": ({"organisation_id": world.company_org["id"],
                               "role": "co_contractor", "amount": 10},
                              f"/v1/lots/{lot}/attributions"),
        "createAction": ({"mode": "training", "start_date": clausekit.day(-1),
                          "planned_hours": 10}, f"/v1/attributions/"
                                                f"{chain['attribution']['id']}/actions"),
        "declareHours": ({"month": clausekit.month(-1), "hours": 10},
                         f"/v1/actions/{action}/hours"),
        "addActionDocument": (PDF, f"/v1/actions/{action}/documents?kind=contract"),
    }
    if operation_id in ("addHoursDocument", "addVisitDocument"):
        if operation_id == "addHoursDocument":
            r = clausekit.declare(world.staff, action, clausekit.month(-2), 5)
            parent = f"/v1/hours/{clausekit.created(r, 'hours')['id']}"
        else:
            r = world.staff.post("/v1/visits", json={"date": clausekit.day(-1),
                                                     "action_id": action})
            parent = f"/v1/visits/{clausekit.created(r, 'visit')['id']}"
        made[operation_id] = (PDF, f"{parent}/documents?kind=timesheet")
    if operation_id not in made:
        return None
    body, path = made[operation_id]
    return "facilitator", body, path


CREATES = sorted(op for op in creates() if op not in EXEMPT)


@pytest.mark.parametrize("operation_id", CREATES)
def test_same_key_same_body_creates_once(api_as, admin, make_org, make_user, operation_id):
    client, body, path = body_for(operation_id, api_as, make_org, make_user)
    assert body is not None, f"{operation_id}: no body maker in this test: add one"
    key = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    post = poster(client, path)
    first = post(body, key)
    assert first.status_code == 201, first.text
    again = post(body, key)
    assert again.status_code == 201, again.text
    created = first.json()
    replay = again.json()
    if operation_id == "createApiKey":
        assert created["key"] and replay["key"] is None
        created.pop("key"), replay.pop("key")
    assert replay == created
    for header in ("Location", "ETag"):
        assert again.headers.get(header) == first.headers.get(header)
    # One object: one create in the audit log.
    creations = [e for e in audit(admin, object_id=created["id"])
                 if e["action"].endswith(".create")]
    assert len(creations) == 1, creations

    # Another body with the same key: 422; nothing created.
    other = different(body)
    assert_problem(post(other, key), 422, "idempotency-key-reused", path.split("?")[0])
    # Without a key, or a new one, the same body acts again (or conflicts, for unique ones).
    r = post(body, {"Idempotency-Key": f"idem-{uuid.uuid4()}"})
    assert r.status_code in (201, 409), r.text
    if r.status_code == 201:
        assert r.json()["id"] != created["id"]


def poster(client, path):
    """POST of a JSON body, or of a file's bytes as a PDF."""
    def post(body, headers):
        if isinstance(body, bytes):
            return client.post(path, data=body,
                               headers=dict(headers, **{"Content-Type": "application/pdf"}))
        return client.post(path, json=body, headers=headers)
    return post


def different(body):
    """body with one text changed."""
    if isinstance(body, bytes):
        return body + b"%"
    for field in ("reason", "notes", "object"):
        if field in body:
            return dict(body, **{field: "Autre"})
    if "month" in body:
        return dict(body, hours=11)
    for field in ("planned_hours", "criterion_weight", "amount"):
        if field in body:
            return dict(body, **{field: body[field] + 1})
    if "held_on" in body:
        return dict(body, held_on=cataloguekit.days(-8))
    for field in ("name", "title", "display_name", "first_name", "message", "situation"):
        if field in body:
            return dict(body, **{field: "Autre"})
    return dict(body, user=dict(body["user"], display_name="Autre"))


def test_keys_belong_to_their_credential(api_as, make_user):
    one, two = make_user("facilitator"), make_user("facilitator")
    key = {"Idempotency-Key": "shared-key"}
    body = {"name": "Partagée", "kind": "ess"}
    a = api_as(token=one.login()["access_token"]).post("/v1/organisations", json=body,
                                                      headers=key)
    b = api_as(token=two.login()["access_token"]).post("/v1/organisations", json=body,
                                                      headers=key)
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_same_key_on_another_path_is_422(admin, make_org):
    key = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    org = make_org()
    assert admin.post("/v1/organisations", json={"name": "P", "kind": "ess"},
                      headers=key).status_code == 201
    assert_problem(admin.post("/v1/offers", json={"organisation_id": org["id"], "title": "T",
                                                  "offer_type": "good"}, headers=key),
                   422, "idempotency-key-reused")


def test_a_refused_create_is_not_kept(admin):
    key = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    assert_problem(admin.post("/v1/organisations", json={"name": "Bad", "kind": "ess",
                                                         "sectors": ["nope"]}, headers=key),
                   400, "validation-failed")
    assert admin.post("/v1/organisations", json={"name": "Good", "kind": "ess"},
                      headers=key).status_code == 201


@pytest.mark.parametrize("value", ["x" * 256, "with space", "comma,then space"])
def test_malformed_keys_are_400(admin, value):
    r = admin.post("/v1/organisations", json={"name": "K", "kind": "ess"},
                   headers={"Idempotency-Key": value})
    body = assert_problem(r, 400, "invalid-header", "/v1/organisations")
    assert ("Idempotency-Key", "invalid") in error_fields(body)


def test_concurrent_duplicates_create_one(base_url, token_for, admin):
    import conftest
    key = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    body = {"name": f"Concurrente {authkit.random_uuid()[:8]}", "kind": "ess"}
    answers = []

    def send():
        client = conftest.Api(base_url, token_for("admin"))
        try:
            answers.append(client.post("/v1/organisations", json=body, headers=key))
        finally:
            client.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in answers] == [201] * 6, [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert len(audit(admin, object_id=answers[0].json()["id"])) == 1


def test_a_key_lives_24_hours(token_for, spawn_server, api_for):
    start = later(minutes=0)
    key = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    body = {"name": f"Jour {authkit.random_uuid()[:8]}", "kind": "ess"}

    def post_at(at, key=key, body=body):
        server = spawn_server(app_url(), **pinned_env(at))
        client = api_for(server.url)
        pair = client.post("/v1/auth/login", json={"email": authkit.DEMO_EMAILS["admin"],
                                                   "password": authkit.DEMO_PASSWORD}).json()
        r = client.post("/v1/organisations", json=body,
                        headers=dict(key, Authorization=f"Bearer {pair['access_token']}"))
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def kept(key):
        rc, out = psql(app_url(), "SELECT count(*) FROM idempotency_keys WHERE key = '%s'"
                       % key["Idempotency-Key"])
        assert rc == 0, out
        return int(out)

    other = {"Idempotency-Key": f"idem-{uuid.uuid4()}"}
    first = post_at(start)
    post_at(start, other, {"name": "Autre clé", "kind": "ess"})
    assert post_at(start + timedelta(hours=23)) == first
    assert post_at(start + timedelta(hours=25)) != first
    # The credential's keys past 24 hours are gone once it creates again.
    assert kept(other) == 0 and kept(key) == 1
