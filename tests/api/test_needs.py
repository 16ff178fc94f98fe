"""Purchase needs: a buyer writes and publishes a need, exactly the suppliers of the
catalogue that match it are stored and notified (tested with suppliers that match on every
condition but one), a matched supplier sees and answers it, the buyer reads the answers and
the funnel and records who got the work. A supplier that was not matched meets 404 on the
need and cannot answer. Validation, roles, If-Match and state conflicts, with hostile
inputs.
"""

import uuid

import pytest

import authkit
import cataloguekit as kit
import needskit as nk
from needskit import admin, buyer  # noqa: F401 (fixtures)
from authkit import assert_invalid_query, assert_problem, assert_validation
from cataloguekit import MERGE
from needskit import NEEDS




@pytest.fixture
def sectors(admin):
    return nk.two_sectors(admin)


def draft(buyer, sectors, **fields):
    return nk.create_need(buyer.client, nk.need_body([sectors[0]], ["97611"], **fields))


# The "Done when" of the issue, end to end

def test_exactly_the_matching_suppliers_are_told_and_answer(
        admin, buyer, sectors, make_user, api_as, api):
    wanted, other = sectors
    supplier = lambda kind="siae", **f: nk.supplier_with_account(admin, make_user, api_as,
                                                                 kind, **f)
    base = {"subkind": "EI", "sectors": [wanted], "communes_served": ["97611"]}
    match = supplier(**base)
    match_whole_island = supplier(**dict(base, communes_served=["976"]))
    # Reaches the sector and the commune through a published offer only.
    match_by_offer = supplier(subkind="ACI")
    kit.create_offer(admin, match_by_offer.org["id"], sectors=[wanted], communes=["97611"],
                     published=True)

    misses = {
        "unpublished": supplier(**dict(base, published=False)),
        "other sector": supplier(**dict(base, sectors=[other])),
        "other commune": supplier(**dict(base, communes_served=["97601"])),
        "subkind not wanted": supplier("ess", **dict(base, subkind="association")),
        "offer not published": supplier(subkind="ACI"),
        "inactive": supplier(**base),
    }
    kit.create_offer(admin, misses["offer not published"].org["id"], sectors=[wanted],
                     communes=["97611"], published=False)
    r = kit.patch_org(admin, misses["inactive"].org["id"], {"active": False})
    assert r.status_code == 200, r.text[:300]
    # Not approved: a registration still pending, otherwise complete.
    reg = api.post("/v1/registrations", json={
        "organisation": {"name": f"Atelier {kit.word(8)}", "kind": "siae", "subkind": "EI",
                         "siret": authkit.siret(), "sectors": [wanted]},
        "user": {"email": authkit.unique_email("registration"), "display_name": "Anli",
                 "password": authkit.password()}})
    assert reg.status_code == 201, reg.text[:300]
    pending = reg.json()["organisation_id"]
    r = kit.patch_org(admin, pending, {"communes_served": ["97611"], "published": True})
    assert r.status_code == 200, r.text[:300]

    need = draft(buyer, sectors, supplier_kinds=["EI", "ACI"], budget_band="40k_90k",
                 questions=["Disposez-vous d'un véhicule ?", "Délai d'intervention ?"])
    assert (need["status"], need["buyer_id"]) == ("draft", buyer.organisation["id"])
    assert set(need) == nk.NEED_FIELDS
    # Nobody is matched while it is a draft.
    assert nk.about(nk.notifications(match.client), need["id"]) == []

    published = nk.publish(buyer.client, need["id"])
    assert published["status"] == "published" and published["published_at"]
    assert published["version"] == need["version"] + 1

    matched = {match.org["id"], match_whole_island.org["id"], match_by_offer.org["id"]}
    ours = matched | {p.org["id"] for p in misses.values()} | {pending}
    items = kit.get_page(buyer.client, f"{NEEDS}/{need['id']}/matches",
                         {"limit": "100"}).json()["items"]
    # The demo catalogue may hold matching suppliers too: only ours are compared.
    assert {m["organisation_id"] for m in items} & ours == matched
    assert all(set(m) == nk.MATCH_FIELDS and m["seen_at"] is None and m["interest"] is None
               for m in items)
    assert pending not in {m["organisation_id"] for m in items}

    for person in (match, match_whole_island, match_by_offer):
        told = nk.about(nk.notifications(person.client), need["id"])
        assert [n["kind"] for n in told] == ["need_matched"], person.org["name"]
        assert told[0]["read_at"] is None
        inbox, _, _ = kit.follow(person.client, f"{NEEDS}/inbox")
        assert need["id"] in {n["id"] for n in inbox}
    for why, person in misses.items():
        if why == "inactive":
            continue        # its account still reads, its organisation is out
        assert nk.about(nk.notifications(person.client), need["id"]) == [], why
        inbox, _, _ = kit.follow(person.client, f"{NEEDS}/inbox")
        assert need["id"] not in {n["id"] for n in inbox}, why

    # A supplier that was not matched: 404 on the need, cannot see it nor answer it.
    outsider = misses["other commune"].client
    assert_problem(outsider.get(f"{NEEDS}/{need['id']}"), 404, "not-found")
    assert_problem(outsider.post(f"{NEEDS}/{need['id']}/seen"), 404, "not-found")
    assert_problem(outsider.post(f"{NEEDS}/{need['id']}/answers",
                                 json={"interest": "interested"}), 404, "not-found")
    assert_problem(outsider.post(f"{NEEDS}/{need['id']}/answers", json={"interest": 7}),
                   404, "not-found")

    # The matched supplier reads it, marks it seen, answers interested.
    got = match.client.get(f"{NEEDS}/{need['id']}")
    assert got.status_code == 200 and got.json()["title"] == need["title"]
    seen = match.client.post(f"{NEEDS}/{need['id']}/seen")
    assert seen.status_code == 200, seen.text[:300]
    assert seen.json()["seen_at"] is not None
    r = match.client.post(f"{NEEDS}/{need['id']}/answers", json={
        "interest": "interested", "message": "Disponibles dès janvier.",
        "answers": ["Oui, deux.", "Une semaine."]})
    assert r.status_code == 201, r.text[:300]
    answer = r.json()
    assert set(answer) == nk.ANSWER_FIELDS
    assert (answer["interest"], answer["organisation_id"], answer["answers"]) == \
        ("interested", match.org["id"], ["Oui, deux.", "Une semaine."])
    assert r.headers["Location"] == f"{NEEDS}/{need['id']}/answers/{answer['id']}"
    assert match.client.get(r.headers["Location"]).json() == answer
    assert_problem(match.client.post(f"{NEEDS}/{need['id']}/answers",
                                     json={"interest": "not_interested"}), 409, "conflict")
    r = match_by_offer.client.post(f"{NEEDS}/{need['id']}/answers",
                                   json={"interest": "not_interested"})
    assert r.status_code == 201, r.text[:300]
    r = match_whole_island.client.post(f"{NEEDS}/{need['id']}/answers",
                                       json={"interest": "interested", "message": "Oui"})
    assert r.status_code == 201, r.text[:300]

    # The buyer sees the answers, the funnel, and is told of the interested one.
    answers, _, _ = kit.follow(buyer.client, f"{NEEDS}/{need['id']}/answers")
    assert {(a["organisation_id"], a["interest"]) for a in answers} == {
        (match.org["id"], "interested"), (match_by_offer.org["id"], "not_interested"),
        (match_whole_island.org["id"], "interested")}
    funnel = buyer.client.get(f"{NEEDS}/{need['id']}/funnel").json()
    assert funnel == {"need_id": need["id"], "matched": len(items), "seen": 3,
                      "answered": 3, "interested": 2, "not_interested": 1}
    # Each interested answer is told to the buyer.
    told = nk.about(nk.notifications(buyer.client), need["id"], "answer_received")
    assert len(told) == 2
    assert_problem(match.client.get(f"{NEEDS}/{need['id']}/answers"), 403, "forbidden")

    # The buyer records who got the work; no more answers then.
    r = nk.act(buyer.client, need["id"], "award",
               json={"organisation_id": match.org["id"], "note": "Devis retenu."})
    assert r.status_code == 200, r.text[:300]
    assert (r.json()["status"], r.json()["awarded_to"]) == ("awarded", match.org["id"])
    late = misses["unpublished"]
    assert_problem(late.client.post(f"{NEEDS}/{need['id']}/answers",
                                    json={"interest": "interested"}), 404, "not-found")
    r = match.client.get(f"{NEEDS}/{need['id']}")
    assert r.json()["status"] == "awarded"


# Roles and reach

def test_other_buyers_and_roles_do_not_reach_a_need(buyer, sectors, make_user, api_as):
    need = draft(buyer, sectors)
    other = make_user("buyer")
    client = api_as(token=other.login()["access_token"])
    path = f"{NEEDS}/{need['id']}"
    assert_problem(client.get(path), 404, "not-found")
    assert_problem(client.patch(path, json={"title": "x"},
                                headers={"Content-Type": MERGE, "If-Match": "*"}),
                   404, "not-found")
    # 404 comes before 400 for a need out of reach.
    assert_problem(client.patch(path, json={"title": 3},
                                headers={"Content-Type": MERGE, "If-Match": "*"}),
                   404, "not-found")
    for action in ("publish", "close", "cancel"):
        assert_problem(nk.act(client, need["id"], action), 404, "not-found")
    for sub in ("matches", "answers", "funnel"):
        assert_problem(client.get(f"{path}/{sub}"), 404, "not-found")
    items, _, _ = kit.follow(client, NEEDS)
    assert need["id"] not in {n["id"] for n in items}
    # A buyer cannot write for another organisation.
    r = client.post(NEEDS, json=nk.need_body([sectors[0]], ["97611"],
                                             buyer_id=buyer.organisation["id"]))
    assert_problem(r, 404, "not-found")
    assert_problem(api_as("supplier").post(NEEDS, json={}), 403, "forbidden")
    assert_problem(api_as("prescriber").get(NEEDS), 403, "forbidden")
    assert_problem(api_as("buyer").get(f"{NEEDS}/inbox"), 403, "forbidden")


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_write_for_a_buyer_and_see_every_need(api_as, buyer, sectors, role):
    client = api_as(role)
    need = nk.create_need(client, nk.need_body([sectors[0]], ["976"],
                                               buyer_id=buyer.organisation["id"]))
    assert need["buyer_id"] == buyer.organisation["id"]
    assert buyer.client.get(f"{NEEDS}/{need['id']}").status_code == 200
    items, _, _ = kit.follow(client, NEEDS, {"buyer_id": buyer.organisation["id"]})
    assert need["id"] in {n["id"] for n in items}
    assert_validation(client.post(NEEDS, json=nk.need_body([sectors[0]], ["97611"])),
                      ("buyer_id", "invalid"))


def test_a_supplier_organisation_cannot_own_a_need(admin, sectors):
    org = kit.public_supplier(admin)
    assert_validation(admin.post(NEEDS, json=nk.need_body([sectors[0]], ["97611"],
                                                          buyer_id=org["id"])),
                      ("buyer_id", "invalid"))


# Validation

@pytest.mark.parametrize("mutate, field, code", [
    (lambda b: b.pop("title"), "title", "required"),
    (lambda b: b.pop("sectors"), "sectors", "required"),
    (lambda b: b.pop("communes"), "communes", "required"),
    (lambda b: b.pop("deadline"), "deadline", "required"),
    (lambda b: b.update(title=""), "title", "range"),
    (lambda b: b.update(title="x" * 201), "title", "range"),
    (lambda b: b.update(title=["a"]), "title", "type"),
    (lambda b: b.update(sectors=[]), "sectors", "range"),
    (lambda b: b.update(sectors="btp"), "sectors", "type"),
    (lambda b: b.update(sectors=["no-such-sector"]), "sectors", "invalid"),
    (lambda b: b.update(communes=["97699"]), "communes", "invalid"),
    (lambda b: b.update(communes=[1]), "communes", "invalid"),
    (lambda b: b.update(supplier_kinds=["SARL"]), "supplier_kinds", "invalid"),
    (lambda b: b.update(supplier_kinds=["commune"]), "supplier_kinds", "invalid"),
    (lambda b: b.update(budget_band="millions"), "budget_band", "invalid"),
    (lambda b: b.update(deadline="2026-02-30"), "deadline", "invalid"),
    (lambda b: b.update(deadline="demain"), "deadline", "invalid"),
    (lambda b: b.update(deadline=kit.days(-1)), "deadline", "range"),
    (lambda b: b.update(questions="Pourquoi ?"), "questions", "type"),
    (lambda b: b.update(questions=["ok", ""]), "questions", "invalid"),
    (lambda b: b.update(questions=[{"q": 1}]), "questions", "invalid"),
    (lambda b: b.update(questions=["q"] * 21), "questions", "range"),
    (lambda b: b.update(questions=["x" * 2001]), "questions", "invalid"),
    (lambda b: b.update(status="published"), "status", "unknown"),
    (lambda b: b.update(buyer_id="not-a-uuid"), "buyer_id", "invalid"),
    (lambda b: b.update(description="x" * 10001), "description", "range"),
])
def test_validation(buyer, sectors, mutate, field, code):
    body = nk.need_body([sectors[0]], ["97611"])
    mutate(body)
    assert_validation(buyer.client.post(NEEDS, json=body), (field, code))


def test_hostile_bodies_never_500(buyer, sectors):
    for raw in (b"[]", b"null", b'{"title": "\\u0000"}', b"{" * 5000,
                b'{"sectors": [' + b'"a",' * 60 + b'"a"]}'):
        r = buyer.client.post(NEEDS, data=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (raw[:40], r.status_code, r.text[:200])
    r = buyer.client.post(NEEDS, json=nk.need_body([sectors[0]], ["97611"],
                                                  title="'; DROP TABLE needs; --"))
    assert r.status_code == 201


def test_bad_queries(buyer):
    assert_invalid_query(buyer.client.get(NEEDS, params={"status": "open"}), ("status", "invalid"))
    assert_invalid_query(buyer.client.get(NEEDS, params={"buyer_id": "x"}),
                         ("buyer_id", "invalid"))
    assert_invalid_query(buyer.client.get(NEEDS, params={"limit": "0"}), ("limit", "invalid"))
    assert_invalid_query(buyer.client.get(NEEDS, params={"cursor": "zz"}),
                         ("cursor", "invalid"))
    assert_problem(buyer.client.get(NEEDS, params={"bogus": "1"}), 400, "invalid-query")
    assert_problem(buyer.client.get(f"{NEEDS}/not-a-uuid"), 404, "not-found")


# Updates, If-Match, states

def test_patch_follows_if_match_and_stops_at_publication(buyer, sectors):
    need = draft(buyer, sectors)
    path = f"{NEEDS}/{need['id']}"
    got = buyer.client.get(path)
    assert got.headers["ETag"] == '"1"'
    r = buyer.client.patch(path, json={"title": "Nouveau titre"},
                           headers={"Content-Type": MERGE})
    assert_problem(r, 428, "precondition-required")
    r = buyer.client.patch(path, json={"title": "Nouveau titre"},
                           headers={"Content-Type": MERGE, "If-Match": '"7"'})
    assert_problem(r, 412, "precondition-failed")
    r = buyer.client.patch(path, json={"title": "Nouveau titre", "budget_band": None,
                                       "questions": ["Quand ?"]},
                           headers={"Content-Type": MERGE, "If-Match": '"1"'})
    assert r.status_code == 200, r.text[:300]
    assert (r.json()["title"], r.json()["questions"], r.json()["version"]) == \
        ("Nouveau titre", ["Quand ?"], 2)
    assert r.headers["ETag"] == '"2"'
    assert_validation(buyer.client.patch(path, json={"sectors": []},
                                         headers={"Content-Type": MERGE, "If-Match": "*"}),
                      ("sectors", "range"))
    nk.publish(buyer.client, need["id"])
    r = buyer.client.patch(path, json={"title": "Trop tard"},
                           headers={"Content-Type": MERGE, "If-Match": "*"})
    assert_problem(r, 409, "conflict")
    # Actions take If-Match too.
    assert_problem(nk.act(buyer.client, need["id"], "close", headers={"If-Match": '"1"'}),
                   412, "precondition-failed")
    assert_problem(nk.act(buyer.client, need["id"], "close", headers={"If-Match": None}),
                   428, "precondition-required")


def test_transitions(buyer, sectors, admin):
    need = draft(buyer, sectors)
    for action in ("close", "award"):
        kwargs = {"json": {"organisation_id": buyer.organisation["id"]}} \
            if action == "award" else {}
        assert_problem(nk.act(buyer.client, need["id"], action, **kwargs), 409, "conflict")
    nk.publish(buyer.client, need["id"])
    assert_problem(nk.act(buyer.client, need["id"], "publish"), 409, "conflict")
    r = nk.act(buyer.client, need["id"], "close")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert r.json()["closed_at"] is not None
    assert_validation(nk.act(buyer.client, need["id"], "award", json={}),
                      ("organisation_id", "required"))
    assert_validation(nk.act(buyer.client, need["id"], "award",
                             json={"organisation_id": str(uuid.uuid4())}),
                      ("organisation_id", "invalid"))
    assert_problem(nk.act(buyer.client, need["id"], "cancel"), 409, "conflict")
    other = draft(buyer, sectors)
    r = nk.act(buyer.client, other["id"], "cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert_problem(nk.act(buyer.client, other["id"], "publish"), 409, "conflict")
    items, _, _ = kit.follow(buyer.client, NEEDS, {"status": "cancelled"})
    assert {n["id"] for n in items} == {other["id"]}


def test_facilitators_validate_when_configured(spawn_server, api_for, buyer, sectors,
                                               token_for):
    server = spawn_server(kit_database_url(), ASR_NEEDS_VALIDATION="1")
    client = api_for(server.url)
    client.session.headers["Authorization"] = f"Bearer {buyer.login(server.url)['access_token']}"
    need = nk.create_need(client, nk.need_body([sectors[0]], ["97611"]))
    r = nk.act(client, need["id"], "publish")
    assert r.status_code == 200 and r.json()["status"] == "pending_validation"
    assert r.json()["published_at"] is None
    assert_problem(nk.act(client, need["id"], "publish"), 409, "conflict")
    staff = api_for(server.url)
    staff.session.headers["Authorization"] = f"Bearer {token_for('facilitator')}"
    r = nk.act(staff, need["id"], "publish")
    assert r.status_code == 200 and r.json()["status"] == "published"


def kit_database_url():
    import os
    return os.environ["ASR_TEST_DATABASE_URL"]


def test_budget_bands_are_public_reference(api):
    r = api.get("/v1/reference/budget-bands")
    assert r.status_code == 200
    codes = [b["code"] for b in r.json()["items"]]
    assert "40k_90k" in codes and len(codes) == len(set(codes))
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    again = api.get("/v1/reference/budget-bands", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_answers_only_while_published(admin, buyer, sectors, make_user, api_as):
    supplier = nk.supplier_with_account(admin, make_user, api_as, subkind="ACI",
                                        sectors=[sectors[0]], communes_served=["97605"])
    need = nk.create_need(buyer.client, nk.need_body([sectors[0]], ["97605"],
                                                     questions=["Délai ?"]))
    nk.publish(buyer.client, need["id"])
    path = f"{NEEDS}/{need['id']}/answers"
    assert_validation(supplier.client.post(path, json={"interest": "peut-être"}),
                      ("interest", "enum"))
    assert_validation(supplier.client.post(path, json={"interest": "interested",
                                                       "answers": ["a", "b"]}),
                      ("answers", "range"))
    assert_validation(supplier.client.post(path, json={}), ("interest", "required"))
    assert_validation(supplier.client.post(path, json={"interest": "interested",
                                                       "message": "x" * 5001}),
                      ("message", "range"))
    assert nk.act(buyer.client, need["id"], "close").status_code == 200
    assert_problem(supplier.client.post(path, json={"interest": "interested"}),
                   409, "conflict")
    # Still its need to read, and to mark seen.
    assert supplier.client.get(f"{NEEDS}/{need['id']}").json()["status"] == "closed"
    assert supplier.client.post(f"{NEEDS}/{need['id']}/seen").status_code == 200
