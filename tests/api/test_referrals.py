"""Job offers under clauses and referrals (issue 8, second half): the attributed company
publishes an offer, prescribers see the open ones, a prescriber proposes one of its people,
the company accepts and hires, and the hire creates the insertion action under the clause;
steps out of order, closed offers and other organisations' people are refused. Eligibility
when an action starts (409 beneficiary-ineligible unless staff override) and the person named
by an action (unknown → 400, never 500)."""

import base64
import csv
import io

import pytest

import peoplekit
from authkit import assert_problem, assert_validation
from clausekit import World, created, day


@pytest.fixture
def world(api_as, make_user, make_org):
    return World(api_as, make_user, make_org)


@pytest.fixture
def prescriber(api_as):
    return api_as("prescriber")


def offer_body(attribution_id, **fields):
    body = {"attribution_id": attribution_id, "title": "Ouvrier VRD", "commune_insee": "97611",
            "contract_type": "cdd", "weekly_hours": 35, "start_date": day(10), "posts": 1,
            "description": "Chantier de voirie à Mamoudzou."}
    body.update(fields)
    return body


def publish(world, **fields):
    chain = world.chain()
    offer = created(world.company.post("/v1/job-offers", json=offer_body(
        chain["attribution"]["id"], **fields)), "job offer")
    return chain, offer


def cursor_of(*parts):
    """A cursor as the server makes them (base64url of the parts joined by US)."""
    return base64.urlsafe_b64encode("\x1f".join(parts).encode()).decode().rstrip("=")


def propose(client, person, offer, **fields):
    return client.post("/v1/referrals", json={"beneficiary_id": person["id"],
                                              "job_offer_id": offer["id"], **fields})


def test_job_offer_visibility(world, prescriber, api_as, make_user):
    chain, offer = publish(world)
    assert offer["status"] == "open" and offer["organisation_id"] == world.company_org["id"]
    assert offer["hired"] == 0 and offer["weekly_hours"] == 35
    path = f"/v1/job-offers/{offer['id']}"
    for client in (world.company, world.staff, prescriber):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    ids = {o["id"] for o in prescriber.get("/v1/job-offers", params={"limit": 100,
                                           "attribution_id": chain["attribution"]["id"]}
                                           ).json()["items"]}
    assert ids == {offer["id"]}
    # Another company: 404, and not in its list; a buyer: 403.
    outsider = world.outsiders["company"]
    assert_problem(outsider.get(path), 404, "not-found")
    assert offer["id"] not in {o["id"] for o in outsider.get(
        "/v1/job-offers", params={"limit": 100}).json()["items"]}
    assert_problem(world.buyer.get(path), 403, "forbidden")
    assert_problem(prescriber.post("/v1/job-offers", json=offer_body(
        chain["attribution"]["id"])), 403, "forbidden")
    # Another company cannot publish under this attribution.
    assert_validation(outsider.post("/v1/job-offers", json=offer_body(
        chain["attribution"]["id"])), ("attribution_id", "invalid"))
    # Closing hides it from prescribers; the company still sees it.
    r = world.company.patch(path, json={"status": "closed"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert_problem(prescriber.get(path), 404, "not-found")
    assert world.company.get(path).json()["status"] == "closed"
    closed = world.company.get("/v1/job-offers", params={"status": "closed", "limit": 100})
    assert offer["id"] in {o["id"] for o in closed.json()["items"]}
    assert_problem(world.company.patch(path, json={"title": "x"}), 428,
                   "precondition-required")
    assert_problem(world.company.patch(path, json={"title": "x"},
                                       headers={"If-Match": '"1"'}), 412, "precondition-failed")


def test_job_offer_hostile_inputs(world):
    chain = world.chain()
    attribution = chain["attribution"]["id"]
    r = world.company.post("/v1/job-offers", json=offer_body(
        attribution, commune_insee="97699", contract_type="nope", weekly_hours=80, posts=0,
        status="maybe", extra=1))
    assert_validation(r, ("weekly_hours", "range"),
                      ("posts", "range"), ("status", "enum"), ("extra", "unknown"))
    r = world.company.post("/v1/job-offers", json=offer_body(attribution, contract_type="nope",
                                                             commune_insee="97699"))
    assert_validation(r, ("contract_type", "invalid"), ("commune_insee", "invalid"))
    r = world.company.post("/v1/job-offers", json={"title": 3})
    assert_validation(r, ("title", "type"), ("attribution_id", "required"),
                      ("start_date", "required"))
    assert_validation(world.company.post("/v1/job-offers", json=offer_body(
        attribution, posts=1.5)), ("posts", "precision"))
    r = world.company.get("/v1/job-offers", params={"status": "nope"})
    assert_problem(r, 400, "invalid-query")


def test_referral_workflow_to_hired(world, prescriber, api_as):
    chain, offer = publish(world)
    person = peoplekit.create(prescriber, criteria=["rsa"])
    r = propose(prescriber, person, offer, reason="Motivé, permis B.")
    assert r.status_code == 201, r.text
    referral = r.json()
    assert r.headers["Location"] == f"/v1/referrals/{referral['id']}"
    assert referral["status"] == "proposed" and referral["organisation_id"] == \
        world.company_org["id"]
    # The company sees the code and eligibility, never the identity.
    seen = world.company.get(f"/v1/referrals/{referral['id']}")
    assert seen.status_code == 200
    assert seen.json()["beneficiary"] == {"code": person["code"], "eligible": True,
                                          "erased": False}
    assert person["last_name"] not in seen.text and person["first_name"] not in seen.text
    # A person already proposed there: 409.
    assert_problem(propose(prescriber, person, offer), 409, "conflict")
    base = f"/v1/referrals/{referral['id']}"
    # Out of order: hire before accept.
    assert_problem(world.company.post(base + "/hire", json={}), 409, "conflict")
    # The prescriber does not accept; the company does not withdraw.
    assert_problem(prescriber.post(base + "/accept", json={}), 403, "forbidden")
    assert_problem(world.company.post(base + "/withdraw", json={}), 403, "forbidden")
    r = world.company.post(base + "/accept", json={"reason": "Entretien concluant."})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert_problem(world.company.post(base + "/accept", json={}), 409, "conflict")
    r = world.company.post(base + "/hire", json={"end_date": day(200), "planned_hours": 700})
    assert r.status_code == 200, r.text
    hired = r.json()
    assert hired["status"] == "hired" and hired["action_id"]
    assert [h["status"] for h in hired["history"]] == ["proposed", "accepted", "hired"]
    assert hired["history"][1]["reason"] == "Entretien concluant."
    assert hired["history"][1]["organisation_id"] == world.company_org["id"]
    # The action appears under the clause's attribution.
    actions = world.buyer.get(f"/v1/attributions/{chain['attribution']['id']}/actions").json()
    action = next(a for a in actions["items"] if a["id"] == hired["action_id"])
    assert action["beneficiary_id"] == person["id"] and action["contract_type"] == "cdd"
    assert action["start_date"] == offer["start_date"] and action["end_date"] == day(200)
    assert action["eligibility_overridden"] is False
    # The offer's only post is filled; no more referrals to it.
    got = world.company.get(f"/v1/job-offers/{offer['id']}").json()
    assert got["status"] == "filled" and got["hired"] == 1
    other = peoplekit.create(prescriber, criteria=["rsa"])
    assert_problem(propose(world.staff, other, offer), 409, "conflict")
    # Every later step is out of order.
    for verb in ("accept", "decline", "hire"):
        assert_problem(world.company.post(f"{base}/{verb}", json={}), 409, "conflict")
    assert_problem(prescriber.post(base + "/withdraw", json={}), 409, "conflict")
    # The person's export holds the referral and the action.
    export = prescriber.get(f"/v1/beneficiaries/{person['id']}/export").json()
    assert [x["id"] for x in export["referrals"]] == [referral["id"]]
    assert [x["id"] for x in export["actions"]] == [hired["action_id"]]


def test_referral_decline_and_withdraw(world, prescriber):
    chain, offer = publish(world, posts=3)
    one = propose(prescriber, peoplekit.create(prescriber), offer).json()
    two = propose(prescriber, peoplekit.create(prescriber), offer).json()
    r = world.company.post(f"/v1/referrals/{one['id']}/decline",
                           json={"reason": "Poste pourvu en interne."})
    assert r.status_code == 200 and r.json()["status"] == "declined"
    r = prescriber.post(f"/v1/referrals/{two['id']}/withdraw", json={})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert_problem(world.company.post(f"/v1/referrals/{two['id']}/accept", json={}), 409,
                   "conflict")
    listed = prescriber.get("/v1/referrals", params={"job_offer_id": offer["id"]}).json()
    assert {x["status"] for x in listed["items"]} == {"declined", "withdrawn"}
    assert listed["total"] == 2
    mine = world.company.get("/v1/referrals", params={"status": "declined",
                                                      "job_offer_id": offer["id"]}).json()
    assert [x["id"] for x in mine["items"]] == [one["id"]]


def test_referral_hostile_inputs(world, prescriber, make_user, api_as):
    chain, offer = publish(world)
    person = peoplekit.create(prescriber)
    # Another prescriber's person: 404.
    other = api_as(token=make_user("prescriber").login()["access_token"])
    assert_problem(propose(other, person, offer), 404, "not-found")
    assert_problem(other.get("/v1/referrals/00000000-0000-4000-8000-0000000000aa"), 404,
                   "not-found")
    # Neither or both targets, bad types, unknown fields.
    r = prescriber.post("/v1/referrals", json={"beneficiary_id": person["id"]})
    assert_validation(r, ("job_offer_id", "required"))
    r = prescriber.post("/v1/referrals", json={"beneficiary_id": person["id"],
                                               "job_offer_id": offer["id"],
                                               "siae_id": world.siae_org["id"]})
    assert_validation(r, ("siae_id", "invalid"))
    r = prescriber.post("/v1/referrals", json={"beneficiary_id": 3, "job_offer_id": "x",
                                               "status": "hired"})
    assert_validation(r, ("beneficiary_id", "type"), ("job_offer_id", "invalid"),
                      ("status", "unknown"))
    r = prescriber.post("/v1/referrals", json={"beneficiary_id": person["id"],
                                               "siae_id": world.company_org["id"]})
    assert_validation(r, ("siae_id", "invalid"))
    # A closed offer: 409.
    world.company.patch(f"/v1/job-offers/{offer['id']}", json={"status": "closed"},
                        headers={"If-Match": "*"})
    assert_problem(propose(prescriber, person, offer), 409, "conflict")
    # Unknown referral: 404 before the body's 400.
    missing = "/v1/referrals/00000000-0000-4000-8000-0000000000ab"
    assert_problem(world.company.post(missing + "/accept", json={"reason": 5}), 404,
                   "not-found")
    assert_problem(world.company.post("/v1/referrals/nope/accept", json={}), 404, "not-found")


def test_referral_to_an_siae_links_its_action(world, prescriber):
    chain = world.chain(start=0)        # the action starts today
    person = peoplekit.create(prescriber, criteria=["deld"])
    r = prescriber.post("/v1/referrals", json={"beneficiary_id": person["id"],
                                               "siae_id": world.siae_org["id"]})
    assert r.status_code == 201, r.text
    base = f"/v1/referrals/{r.json()['id']}"
    assert world.siae.post(base + "/accept", json={}).status_code == 200
    assert_validation(world.siae.post(base + "/hire", json={}), ("action_id", "required"))
    r = world.siae.post(base + "/hire", json={"action_id": chain["action"]["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["action_id"] == chain["action"]["id"]
    action = world.staff.get(f"/v1/actions/{chain['action']['id']}").json()
    assert action["beneficiary_id"] == person["id"]


def test_ineligible_person_and_the_override(world, prescriber):
    chain, offer = publish(world)
    person = peoplekit.create(prescriber)           # no criterion
    referral = propose(prescriber, person, offer).json()
    base = f"/v1/referrals/{referral['id']}"
    assert world.company.post(base + "/accept", json={}).status_code == 200
    body = assert_problem(world.company.post(base + "/hire", json={}), 409,
                          "beneficiary-ineligible")
    assert body["errors"][0]["field"] == "beneficiary_id"
    r = world.company.post(base + "/hire", json={"eligibility_override": "Comité du 3."})
    assert_validation(r, ("eligibility_override", "invalid"))
    assert world.company.get(base).json()["status"] == "accepted"
    r = world.staff.post(base + "/hire", json={"eligibility_override": "Avis du comité."})
    assert r.status_code == 200, r.text
    action = world.staff.get(f"/v1/actions/{r.json()['action_id']}").json()
    assert action["eligibility_overridden"] is True
    export = prescriber.get(f"/v1/beneficiaries/{person['id']}/export").json()
    assert export["actions"][0]["eligibility_override"] == "Avis du comité."
    assert export["actions"][0]["override_by"]


def test_actions_naming_a_person(world, prescriber, api_as):
    chain = world.chain()
    path = f"/v1/attributions/{chain['attribution']['id']}/actions"
    body = {"mode": "direct_hire", "contract_type": "cdd", "start_date": day(0)}
    # Unknown person: 400 naming the field, never 500.
    unknown = "00000000-0000-4000-8000-00000000dead"
    for client in (world.staff, world.company):
        assert_validation(client.post(path, json={**body, "beneficiary_id": unknown}),
                          ("beneficiary_id", "invalid"))
    # A real person the company was never referred: 400 too.
    eligible = peoplekit.create(prescriber, criteria=["rsa"])
    assert_validation(world.company.post(path, json={**body, "beneficiary_id": eligible["id"]}),
                      ("beneficiary_id", "invalid"))
    # Staff name an eligible person; not an ineligible one without an override.
    r = world.staff.post(path, json={**body, "beneficiary_id": eligible["id"]})
    assert r.status_code == 201 and r.json()["beneficiary_id"] == eligible["id"]
    ineligible = peoplekit.create(prescriber)
    assert_problem(world.staff.post(path, json={**body, "beneficiary_id": ineligible["id"]}),
                   409, "beneficiary-ineligible")
    # Eligible today, but not on a start date two years ahead (rsa lapses).
    assert_problem(world.staff.post(path, json={**body, "beneficiary_id": eligible["id"],
                                                "start_date": day(400)}),
                   409, "beneficiary-ineligible")
    r = world.staff.post(path, json={**body, "beneficiary_id": ineligible["id"],
                                     "eligibility_override": "Situation validée en comité."})
    assert r.status_code == 201 and r.json()["eligibility_overridden"] is True
    # A PATCH naming an ineligible person is refused alike; unknown person is 400.
    action = chain["action"]
    r = world.staff.patch(f"/v1/actions/{action['id']}", json={"beneficiary_id": unknown},
                          headers={"If-Match": "*"})
    assert_validation(r, ("beneficiary_id", "invalid"))
    r = world.staff.patch(f"/v1/actions/{action['id']}",
                          json={"beneficiary_id": ineligible["id"]}, headers={"If-Match": "*"})
    assert_problem(r, 409, "beneficiary-ineligible")
    # An erased person cannot be named.
    erased = peoplekit.create(prescriber, criteria=["rsa"])
    prescriber.delete(f"/v1/beneficiaries/{erased['id']}", headers={"If-Match": "*"})
    assert_validation(world.staff.post(path, json={**body, "beneficiary_id": erased["id"]}),
                      ("beneficiary_id", "invalid"))


def test_an_action_moves_the_last_activity(world, prescriber):
    chain = world.chain()
    person = peoplekit.create(prescriber, criteria=["rsa"])
    path = f"/v1/attributions/{chain['attribution']['id']}/actions"
    r = world.staff.post(path, json={"mode": "direct_hire", "start_date": day(0),
                                     "end_date": day(150), "beneficiary_id": person["id"]})
    assert r.status_code == 201
    export = prescriber.get(f"/v1/beneficiaries/{person['id']}/export").json()
    assert export["last_activity_at"][:10] == day(150)


def test_job_offers_enter_the_change_feed_people_never(world, prescriber, api_as):
    chain, offer = publish(world)
    world.company.patch(f"/v1/job-offers/{offer['id']}", json={"posts": 2},
                        headers={"If-Match": '"1"'})
    person = peoplekit.create(prescriber, criteria=["rsa"])
    referral = propose(prescriber, person, offer).json()
    assert peoplekit.psql("SELECT string_agg(op || ':' || organisation_id, ',' ORDER BY seq)"
                          " FROM changes WHERE type = 'job_offer' AND id = :'a1';",
                          offer["id"]) == \
        f"create:{world.company_org['id']},update:{world.company_org['id']}"
    assert peoplekit.psql("SELECT count(*) FROM changes WHERE id IN (:'a1', :'a2');",
                          person["id"], referral["id"]) == "0"
    r = api_as("admin").get("/v1/sync/changes", params={"types": "job_offer", "limit": 5})
    assert r.status_code == 200 and all(i["type"] == "job_offer" for i in r.json()["items"])


def test_merge_moves_actions_and_referrals(world, prescriber):
    chain, offer = publish(world)
    kept = peoplekit.create(prescriber, criteria=["rsa"])
    copy = peoplekit.create(prescriber, criteria=["rsa"])
    referral = propose(prescriber, copy, offer).json()
    r = world.staff.post(f"/v1/attributions/{chain['attribution']['id']}/actions", json={
        "mode": "direct_hire", "start_date": day(0), "beneficiary_id": copy["id"]})
    assert r.status_code == 201, r.text
    action = r.json()
    r = world.staff.post(f"/v1/beneficiaries/{kept['id']}/merge",
                         json={"duplicate_id": copy["id"]})
    assert r.status_code == 200, r.text
    assert world.staff.get(f"/v1/actions/{action['id']}").json()["beneficiary_id"] == kept["id"]
    moved = world.staff.get(f"/v1/referrals/{referral['id']}").json()
    assert moved["beneficiary_id"] == kept["id"] and moved["beneficiary"]["code"] == kept["code"]
    export = prescriber.get(f"/v1/beneficiaries/{kept['id']}/export").json()
    assert [x["id"] for x in export["actions"]] == [action["id"]]
    assert [x["id"] for x in export["referrals"]] == [referral["id"]]


def test_job_offers_as_csv_match_the_json_list(world, prescriber):
    """The job-offer list exports as CSV like every list: the same offers, in order,
    with the JSON's fields as columns; another company's export stays empty."""
    chain, first = publish(world)
    _, second = publish(world, title="=Chef d'équipe")
    query = {"attribution_id": [chain["attribution"]["id"], second["attribution_id"]],
             "limit": 100}
    listed = prescriber.get("/v1/job-offers", params=query).json()["items"]
    assert {o["id"] for o in listed} == {first["id"], second["id"]}
    for delimiter, extra in ((",", {}), (";", {"delimiter": "semicolon"})):
        r = prescriber.get("/v1/job-offers", params={**query, "format": "csv", **extra})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
        text = r.content.decode("utf-8")
        if delimiter == ";":
            assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
        header, body = rows[0], rows[1:]
        assert header == list(listed[0].keys())
        got = [dict(zip(header, row)) for row in body]
        assert [g["id"] for g in got] == [o["id"] for o in listed]
        titles = {g["id"]: g["title"] for g in got}
        assert titles[second["id"]] == "'=Chef d'équipe"
        assert titles[first["id"]] == first["title"]
    outsider = world.outsiders["company"]
    r = outsider.get("/v1/job-offers", params={**query, "format": "csv"}, validate=False)
    assert r.status_code == 200 and r.content == b""


def test_referrals_are_a_paged_list_with_csv_in_reach(world, prescriber, api_as, make_user):
    """The referral list pages, counts and exports as CSV like every list, within the
    caller's reach: the prescriber its people's, the deciding company its own, staff all;
    another prescriber and another company see none of them."""
    _, offer = publish(world)
    made = [created(propose(prescriber, peoplekit.create(prescriber), offer), "referral")
            for _ in range(3)]
    query = {"job_offer_id": offer["id"]}
    for client in (prescriber, world.company, world.staff):
        seen, cursor = [], None
        while True:
            page = client.get("/v1/referrals", params={
                **query, "limit": 2, **({"cursor": cursor} if cursor else {})}).json()
            assert page["total"] == 3
            seen += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert [r["id"] for r in seen] == [m["id"] for m in made]
        r = client.get("/v1/referrals", params={**query, "format": "csv"})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"))))
        assert rows[0] == list(seen[0].keys())
        assert [dict(zip(rows[0], row))["id"] for row in rows[1:]] == [m["id"] for m in made]
    other = api_as(token=make_user("prescriber").login()["access_token"])
    for client in (other, world.outsiders["company"]):
        assert client.get("/v1/referrals", params=query).json()["total"] == 0
        r = client.get("/v1/referrals", params={**query, "format": "csv"}, validate=False)
        assert r.status_code == 200 and r.content == b""
    assert_problem(world.buyer.get("/v1/referrals", params={"format": "csv"}), 403,
                   "forbidden")
    for bad, field in (({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
                       ({"limit": "2x"}, "limit"), ({"cursor": "xyz"}, "cursor"),
                       ({"cursor": cursor_of("x")}, "cursor"),
                       ({"cursor": cursor_of("yesterday", "nope")}, "cursor"),
                       ({"format": "pdf"}, "format"),
                       ({"delimiter": ";"}, "delimiter"), ({"status": "lost"}, "status")):
        r = prescriber.get("/v1/referrals", params=bad)
        assert_problem(r, 400, "invalid-query")
        assert field in {e["field"] for e in r.json()["errors"]}
