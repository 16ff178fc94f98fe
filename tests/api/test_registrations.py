"""Registrations: a supplier asks to join the catalogue (anonymously or logged in), stays
out of every public answer and cannot log in until a facilitator approves it; approval
publishes the organisation and enables the account, rejection keeps both out; a decision is
taken once.
"""

import uuid

import pytest

import authkit
import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem, assert_validation, error_fields

REGISTRATIONS = "/v1/registrations"
REGISTRATION_FIELDS = {"id", "status", "organisation", "user", "reason", "created_at",
                       "decided_at"}


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def new_body(kind="siae", **org_fields):
    org = {"name": f"Atelier {kit.word(8)}", "kind": kind, "siret": authkit.siret()}
    org.update(org_fields)
    user = {"email": authkit.unique_email("registration"), "display_name": "Anli Madi",
            "password": authkit.password()}
    return {"organisation": org, "user": user}


def register(api, body=None):
    body = body or new_body()
    r = api.post(REGISTRATIONS, json=body)
    assert r.status_code == 201, f"POST {REGISTRATIONS}: {r.status_code} {r.text[:300]}"
    return r.json(), body


def login_status(api, body):
    r = api.post("/v1/auth/login", json={"email": body["user"]["email"],
                                         "password": body["user"]["password"]})
    return r


def find(admin, registration_id, **params):
    items, _, _ = kit.follow(admin, REGISTRATIONS, params, limit=100)
    return next((i for i in items if i["id"] == registration_id), None)


def approve(client, registration_id):
    return client.post(f"{REGISTRATIONS}/{registration_id}/approve")


def reject(client, registration_id, reason="Hors du champ de l'ESS et de l'IAE."):
    return client.post(f"{REGISTRATIONS}/{registration_id}/reject", json={"reason": reason})


# Registering

def test_anyone_registers_and_waits(api, admin):
    body = new_body("siae", subkind="ACI", commune_insee="97611",
                    description="Chantier d'insertion en espaces verts.",
                    contact_email="contact@atelier.test.asr.yt", contact_phone="0269 00 00 00",
                    website="https://atelier.test.asr.yt", sectors=["espaces-verts-entretien"])
    r = api.post(REGISTRATIONS, json=body)
    assert r.status_code == 201, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    created = r.json()
    assert set(created) == {"id", "status", "organisation_id", "created_at"}
    assert created["status"] == "pending"

    org = admin.get(f"/v1/organisations/{created['organisation_id']}").json()
    for field, value in body["organisation"].items():
        assert org[field] == value, field
    assert (org["approved"], org["published"], org["active"]) == (False, False, True)

    users = admin.get("/v1/users", params={"organisation_id": org["id"]}).json()["items"]
    assert [(u["email"], u["display_name"], u["role"], u["status"]) for u in users] == \
        [(body["user"]["email"], "Anli Madi", "supplier", "disabled")]
    assert body["user"]["password"] not in r.text

    authkit.assert_unauthorized(login_status(api, body), authkit.WWW_MISSING,
                                "invalid-credentials")
    listed = find(admin, created["id"])
    assert listed == {
        "id": created["id"], "status": "pending",
        "organisation": {"id": org["id"], "name": org["name"], "kind": "siae",
                         "subkind": "ACI", "siret": body["organisation"]["siret"]},
        "user": {"id": users[0]["id"], "email": body["user"]["email"],
                 "display_name": "Anli Madi"},
        "reason": None, "created_at": created["created_at"], "decided_at": None}


@pytest.mark.parametrize("role", authkit.PEOPLE_ROLES)
def test_people_may_register_too(api_as, role):
    r = api_as(role).post(REGISTRATIONS, json=new_body("ess"))
    assert r.status_code == 201, r.text[:300]


@pytest.mark.parametrize("kind", kit.SUPPLIER_KINDS)
def test_every_supplier_kind(api, kind):
    created, _ = register(api, new_body(kind))
    assert created["status"] == "pending"


def test_a_pending_registration_is_in_no_public_answer(api, admin):
    word = kit.word()
    created, body = register(api, new_body("ess", name=f"Coopérative {word}",
                                           description=f"Mot {word}."))
    org_id = created["organisation_id"]
    assert kit.search(api, q=word)["total"] == 0
    assert kit.search(api, q=body["organisation"]["siret"])["total"] == 0
    path = f"/v1/catalogue/suppliers/{org_id}"
    assert_problem(api.get(path), 404, "not-found", path)
    # Even published by staff, an unapproved organisation stays out of the catalogue.
    r = kit.patch_org(admin, org_id, {"published": True})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["approved"] is False
    assert kit.search(api, q=word)["total"] == 0
    assert api.get(f"/v1/catalogue/suppliers/{org_id}").status_code == 404


@pytest.mark.parametrize("role", ["buyer", "company", "supplier", "prescriber"])
def test_others_do_not_read_a_pending_organisation(api, api_as, role):
    created, _ = register(api)
    path = f"/v1/organisations/{created['organisation_id']}"
    assert_problem(api_as(role).get(path), 404, "not-found", path)


# Validation and conflicts

@pytest.mark.parametrize("mutate, field, code", [
    (lambda b: b.pop("organisation"), "organisation", "required"),
    (lambda b: b.pop("user"), "user", "required"),
    (lambda b: b.update(organisation="x"), "organisation", "type"),
    (lambda b: b.update(user=None), "user", "type"),
    (lambda b: b.update(extra=1), "extra", "unknown"),
    (lambda b: b["organisation"].pop("name"), "organisation.name", "required"),
    (lambda b: b["organisation"].pop("kind"), "organisation.kind", "required"),
    (lambda b: b["organisation"].pop("siret"), "organisation.siret", "required"),
    (lambda b: b["organisation"].update(kind="company"), "organisation.kind", "enum"),
    (lambda b: b["organisation"].update(kind="cress"), "organisation.kind", "enum"),
    (lambda b: b["organisation"].update(kind="nope"), "organisation.kind", "enum"),
    (lambda b: b["organisation"].update(siret="73282932000075"), "organisation.siret", "invalid"),
    (lambda b: b["organisation"].update(siret=None), "organisation.siret", "type"),
    (lambda b: b["organisation"].update(subkind="ESAT"), "organisation.subkind", "invalid"),
    (lambda b: b["organisation"].update(commune_insee="97618"), "organisation.commune_insee",
     "invalid"),
    (lambda b: b["organisation"].update(sectors=["nope"]), "organisation.sectors", "invalid"),
    (lambda b: b["organisation"].update(website="atelier.yt"), "organisation.website",
     "invalid"),
    (lambda b: b["organisation"].update(contact_email="nope"), "organisation.contact_email",
     "invalid"),
    (lambda b: b["organisation"].update(published=True), "organisation.published", "unknown"),
    (lambda b: b["organisation"].update(approved=True), "organisation.approved", "unknown"),
    (lambda b: b["organisation"].update(labels=[]), "organisation.labels", "unknown"),
    (lambda b: b["user"].pop("email"), "user.email", "required"),
    (lambda b: b["user"].update(email="not-an-email"), "user.email", "invalid"),
    (lambda b: b["user"].update(password="p" * 11), "user.password", "range"),
    (lambda b: b["user"].pop("display_name"), "user.display_name", "required"),
    (lambda b: b["user"].update(role="admin"), "user.role", "unknown"),
    (lambda b: b["user"].update(organisation_id=str(uuid.uuid4())), "user.organisation_id",
     "unknown"),
])
def test_validation(api, mutate, field, code):
    body = new_body()
    mutate(body)
    assert_validation(api.post(REGISTRATIONS, json=body), (field, code))


def test_every_missing_field_is_listed(api):
    r = api.post(REGISTRATIONS, json={"organisation": {}, "user": {}})
    body = assert_validation(r, ("organisation.name", "required"),
                             ("organisation.kind", "required"),
                             ("organisation.siret", "required"), ("user.email", "required"),
                             ("user.display_name", "required"), ("user.password", "required"))
    assert len(error_fields(body)) >= 6


def test_nothing_is_made_when_validation_fails(api, admin):
    body = new_body()
    body["user"]["password"] = "short"
    assert_validation(api.post(REGISTRATIONS, json=body), ("user.password", "range"))
    body["user"]["password"] = authkit.password()
    register(api, body)     # neither the SIRET nor the email was taken by the failed attempt


@pytest.mark.parametrize("taken", ["email", "email-case", "demo-email", "siret", "siret-of-staff"])
def test_conflicts(api, admin, taken):
    first, first_body = register(api)
    body = new_body()
    if taken == "email":
        body["user"]["email"] = first_body["user"]["email"]
    elif taken == "email-case":
        body["user"]["email"] = first_body["user"]["email"].upper()
    elif taken == "demo-email":
        body["user"]["email"] = authkit.DEMO_EMAILS["supplier"]
    elif taken == "siret":
        body["organisation"]["siret"] = first_body["organisation"]["siret"]
    else:
        body["organisation"]["siret"] = kit.create_org(admin, siret=authkit.siret())["siret"]
    assert_problem(api.post(REGISTRATIONS, json=body), 409, "conflict", REGISTRATIONS)
    # The failed registration left nothing behind: its other half is still free.
    if taken.startswith("email") or taken == "demo-email":
        body["user"]["email"] = authkit.unique_email("retry")
    else:
        body["organisation"]["siret"] = authkit.siret()
    register(api, body)


def test_validation_comes_before_conflict(api):
    _, first_body = register(api)
    body = new_body()
    body["user"]["email"] = first_body["user"]["email"]
    body["organisation"]["kind"] = "company"
    assert_validation(api.post(REGISTRATIONS, json=body), ("organisation.kind", "enum"))


def test_post_takes_no_query(api):
    assert_invalid_query(api.post(REGISTRATIONS + "?x=1", json=new_body()), ("x", "unknown"))


# Approval

@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_approval_opens_the_catalogue_and_the_account(api, api_as, role):
    word = kit.word()
    created, body = register(api, new_body("handicap", name=f"Entreprise adaptée {word}"))
    r = approve(api_as(role), created["id"])
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    decided = r.json()
    assert set(decided) == REGISTRATION_FIELDS
    assert (decided["id"], decided["status"], decided["reason"]) == \
        (created["id"], "approved", None)
    assert authkit.parse_time(decided["decided_at"]) >= authkit.parse_time(decided["created_at"])
    assert find(api_as("admin"), created["id"]) == decided

    org = api_as("admin").get(f"/v1/organisations/{created['organisation_id']}").json()
    assert (org["approved"], org["published"], org["active"]) == (True, True, True)
    assert kit.search_ids(api, q=word) == {org["id"]}
    assert api.get(f"/v1/catalogue/suppliers/{org['id']}").status_code == 200

    pair = login_status(api, body)
    assert pair.status_code == 200, pair.text[:300]
    claims = authkit.Token(pair.json()["access_token"]).claims
    assert (claims["role"], claims["org"]) == ("supplier", org["id"])
    # The new supplier edits its own page and offers.
    client = api_as(token=pair.json()["access_token"])
    r = kit.patch_org(client, org["id"], {"description": "Mise à jour par le fournisseur."})
    assert r.status_code == 200, r.text[:300]
    r = client.post("/v1/offers", json={"organisation_id": org["id"], "title": "Conditionnement",
                                        "offer_type": "service", "published": True})
    assert r.status_code == 201, r.text[:300]


def test_a_decision_is_taken_once(api, admin):
    approved, _ = register(api)
    assert approve(admin, approved["id"]).status_code == 200
    path = f"{REGISTRATIONS}/{approved['id']}/approve"
    assert_problem(approve(admin, approved["id"]), 409, "conflict", path)
    assert_problem(reject(admin, approved["id"]), 409, "conflict",
                   f"{REGISTRATIONS}/{approved['id']}/reject")
    rejected, _ = register(api)
    assert reject(admin, rejected["id"]).status_code == 200
    assert_problem(reject(admin, rejected["id"]), 409, "conflict",
                   f"{REGISTRATIONS}/{rejected['id']}/reject")
    assert_problem(approve(admin, rejected["id"]), 409, "conflict",
                   f"{REGISTRATIONS}/{rejected['id']}/approve")
    assert find(admin, rejected["id"])["status"] == "rejected"


# Rejection

@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_rejection_keeps_everything_closed(api, api_as, role):
    word = kit.word()
    created, body = register(api, new_body("geiq", name=f"Groupement {word}"))
    reason = "Le SIRET ne correspond pas à une structure de l'ESS ou de l'IAE."
    r = reject(api_as(role), created["id"], reason)
    assert r.status_code == 200, r.text[:300]
    decided = r.json()
    assert (decided["status"], decided["reason"]) == ("rejected", reason)
    assert decided["decided_at"] is not None
    assert find(api_as("admin"), created["id"]) == decided
    org = api_as("admin").get(f"/v1/organisations/{created['organisation_id']}").json()
    assert (org["approved"], org["published"]) == (False, False)
    assert kit.search(api, q=word)["total"] == 0
    assert api.get(f"/v1/catalogue/suppliers/{org['id']}").status_code == 404
    authkit.assert_unauthorized(login_status(api, body), authkit.WWW_MISSING,
                                "invalid-credentials")


@pytest.mark.parametrize("body, code", [
    ({}, "required"), ({"reason": None}, "type"), ({"reason": 5}, "type"),
    ({"reason": "a" * 2001}, "range"), ({"reason": "é" * 2001}, "range"),
])
def test_reject_needs_a_reason(api, admin, body, code):
    created, _ = register(api)
    path = f"{REGISTRATIONS}/{created['id']}/reject"
    assert_validation(admin.post(path, json=body), ("reason", code))
    assert find(admin, created["id"])["status"] == "pending"


def test_reason_may_not_be_empty_and_counts_characters(api, admin):
    created, _ = register(api)
    path = f"{REGISTRATIONS}/{created['id']}/reject"
    problem = assert_problem(admin.post(path, json={"reason": ""}), 400, "validation-failed")
    assert {c for f, c in error_fields(problem) if f == "reason"} & {"required", "range"}
    assert_validation(admin.post(path, json={"reason": "x", "notify": True}),
                      ("notify", "unknown"))
    r = admin.post(path, json={"reason": "é" * 2000})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["reason"] == "é" * 2000


@pytest.mark.parametrize("registration_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_unknown_registration_is_404(admin, registration_id):
    for action in ("approve", "reject"):
        path = f"{REGISTRATIONS}/{registration_id}/{action}"
        r = admin.post(path, json={"reason": "x"}) if action == "reject" else admin.post(path)
        assert_problem(r, 404, "not-found", path)
    # The object is looked up before the body is validated.
    path = f"{REGISTRATIONS}/{registration_id}/reject"
    assert_problem(admin.post(path, json={}), 404, "not-found", path)


@pytest.mark.parametrize("role", ["buyer", "company", "supplier", "prescriber"])
def test_only_staff_decide(api, api_as, role):
    created, _ = register(api)
    for action in ("approve", "reject"):
        path = f"{REGISTRATIONS}/{created['id']}/{action}"
        assert_problem(api_as(role).post(path, json={"reason": "x"}), 403, "forbidden", path)
    authkit.assert_unauthorized(approve(api, created["id"]), authkit.WWW_MISSING)


# Listing

def test_list_filters_by_status(api, admin):
    pending, _ = register(api)
    approved, _ = register(api)
    rejected, _ = register(api)
    assert approve(admin, approved["id"]).status_code == 200
    assert reject(admin, rejected["id"]).status_code == 200

    def ids(*statuses):
        items, _, _ = kit.follow(admin, REGISTRATIONS, [("status", s) for s in statuses],
                                 limit=3)
        assert all(i["status"] in statuses for i in items)
        return kit.ids_of(items)

    assert pending["id"] in ids("pending") and approved["id"] not in ids("pending")
    assert approved["id"] in ids("approved") and rejected["id"] not in ids("approved")
    assert rejected["id"] in ids("rejected")
    both = ids("pending", "rejected")
    assert {pending["id"], rejected["id"]} <= both and approved["id"] not in both
    everything, _, _ = kit.follow(admin, REGISTRATIONS, {}, limit=2)
    assert {pending["id"], approved["id"], rejected["id"]} <= kit.ids_of(everything)
    assert len(everything) == len(ids("pending")) + len(ids("approved")) + len(ids("rejected"))


def test_list_is_oldest_first(api, admin):
    made = [register(api)[0]["id"] for _ in range(3)]
    items = kit.follow(admin, REGISTRATIONS, {}, limit=50)[0]
    assert [i["id"] for i in items][-3:] == made
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps)


def test_list_is_not_cached(admin):
    r = admin.get(REGISTRATIONS)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("query, field, code", [
    ("limit=0", "limit", "invalid"), ("limit=101", "limit", "invalid"),
    ("cursor=garbage", "cursor", "invalid"), ("status=nope", "status", "invalid"),
    ("status=", "status", "invalid"), ("status=Pending", "status", "invalid"),
    ("kind=siae", "kind", "unknown"), ("q=x", "q", "unknown"),
])
def test_bad_list_queries(admin, query, field, code):
    assert_invalid_query(admin.get(f"{REGISTRATIONS}?{query}"), (field, code))
