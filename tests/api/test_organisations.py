"""Organisations: creation by staff with its rules (kind, subkind, SIRET and its Luhn
checksum, La Poste's exception, uniqueness, the directory's fields), reading (staff, the
organisation's own people, everyone for public suppliers), listing by staff (pagination,
`kind` and `published` filters), merge-patch updates (staff: every field; a supplier: its
own catalogue page only) and archiving."""

import uuid
from urllib.parse import parse_qsl

import pytest

import authkit
import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem, assert_validation, error_fields
from cataloguekit import MERGE, ORG_FIELDS


def create(client, **fields):
    body = {"name": f"Association Test {uuid.uuid4().hex[:8]}", "kind": "ess"}
    body.update(fields)
    return client.post("/v1/organisations", json=body)


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_create_organisation(api_as, role):
    client = api_as(role)
    siret = authkit.siret()
    r = create(client, name="Chantier d'insertion de Mtsangamouji", kind="siae", subkind="ACI",
               siret=siret)
    assert r.status_code == 201, r.text[:300]
    org = r.json()
    assert set(org) == ORG_FIELDS
    assert (org["name"], org["kind"], org["subkind"], org["siret"], org["siren"]) == \
        ("Chantier d'insertion de Mtsangamouji", "siae", "ACI", siret, siret[:9])
    assert org["version"] == 1
    assert org["created_at"] == org["updated_at"]
    # Every field not given has its default.
    for field in ("brand", "legal_form", "address", "commune_insee", "latitude", "longitude",
                  "contact_email", "contact_phone", "website", "member_since", "member_until"):
        assert org[field] is None, field
    assert (org["description"], org["communes_served"], org["sectors"], org["labels"]) == \
        ("", [], [], [])
    assert (org["esus"], org["member"], org["published"], org["active"], org["approved"]) == \
        (False, False, False, True, True)
    assert r.headers["Location"] == f"/v1/organisations/{org['id']}"
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Cache-Control"] == "no-store"
    got = client.get(r.headers["Location"])
    assert got.status_code == 200
    assert got.json() == org
    assert got.headers["ETag"] == '"1"'


def test_subkind_and_siret_are_optional(api_as):
    r = create(api_as("admin"), kind="buyer_public")
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["subkind"], r.json()["siret"], r.json()["siren"]) == (None, None, None)
    r = create(api_as("admin"), kind="company", subkind=None, siret=None)
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["subkind"], r.json()["siret"], r.json()["siren"]) == (None, None, None)


@pytest.mark.parametrize("kind", authkit.ORGANISATION_KINDS)
def test_every_kind(api_as, kind):
    r = create(api_as("facilitator"), kind=kind)
    assert r.status_code == 201, r.text[:300]
    assert r.json()["kind"] == kind


@pytest.mark.parametrize("kind", ["SIAE", "association", "partner", "buyer", ""])
def test_kind_is_one_of_the_kinds(api_as, kind):
    assert_validation(create(api_as("admin"), kind=kind), ("kind", "enum"))


def test_missing_fields_are_listed(api_as):
    assert_validation(api_as("admin").post("/v1/organisations", json={}),
                      ("name", "required"), ("kind", "required"))


def test_name_may_not_be_empty(api_as):
    body = assert_problem(create(api_as("admin"), name=""), 400, "validation-failed")
    assert {c for f, c in error_fields(body) if f == "name"} & {"required", "range"}, body


def test_lengths_count_characters_not_bytes(api_as):
    admin = api_as("admin")
    r = create(admin, name="Ô" * 200, brand="é" * 200, legal_form="ô" * 100,
               address="à" * 300, description="ç" * 5000, contact_phone="☎" * 30)
    assert r.status_code == 201, r.text[:300]
    org = r.json()
    assert (org["name"], org["brand"], org["legal_form"], org["address"], org["contact_phone"]) \
        == ("Ô" * 200, "é" * 200, "ô" * 100, "à" * 300, "☎" * 30)
    assert org["description"] == "ç" * 5000
    for field, value in (("name", "a" * 201), ("name", "Ô" * 201), ("subkind", "é" * 65),
                         ("brand", "é" * 201), ("legal_form", "é" * 101),
                         ("address", "é" * 301), ("description", "é" * 5001),
                         ("contact_phone", "0" * 31)):
        body = assert_problem(create(admin, **{field: value}), 400, "validation-failed")
        assert field in {f for f, _ in error_fields(body)}, body


@pytest.mark.parametrize("field, value", [
    ("name", 5), ("kind", None), ("subkind", 3), ("siret", 73282932000074), ("brand", 1),
    ("esus", "true"), ("esus", None), ("address", ["x"]), ("commune_insee", 97611),
    ("communes_served", "97611"), ("communes_served", None), ("latitude", "-12.7"),
    ("longitude", True), ("contact_email", 5), ("website", {}), ("description", None),
    ("description", 5), ("sectors", "btp-peinture"), ("labels", "x"), ("member_since", 2020),
    ("published", "yes"), ("published", None), ("active", 1),
])
def test_wrong_json_types(api_as, field, value):
    assert_validation(create(api_as("admin"), **{field: value}), (field, "type"))


@pytest.mark.parametrize("field", ["id", "version", "members", "siren", "member", "approved",
                                   "created_at", "updated_at", "offers", "search"])
def test_unknown_fields_are_refused(api_as, field):
    assert_validation(create(api_as("admin"), **{field: "x"}), (field, "unknown"))


# The directory's fields

def full_body(ref=None, **fields):
    body = {"name": f"Atelier {uuid.uuid4().hex[:8]}", "brand": "Les Jardins de Passamaïnty",
            "kind": "siae", "subkind": "ACI", "siret": authkit.siret(),
            "legal_form": "Association loi 1901", "esus": True,
            "address": "12 rue du Commerce, Kawéni", "commune_insee": "97611",
            "communes_served": ["97611", "97610"], "latitude": -12.76667,
            "longitude": 45.22751, "contact_email": "contact@jardins.test.asr.yt",
            "contact_phone": "+262 269 61 00 00", "website": "https://jardins.test.asr.yt/",
            "description": "Entretien des espaces verts.",
            "sectors": ["espaces-verts-entretien", "btp-peinture"],
            "labels": ref["labels"][:1] if ref else [], "member_since": "2020-01-01",
            "member_until": "2099-01-01", "published": True, "active": True}
    body.update(fields)
    return body


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_every_writable_field_round_trips(api_as, role):
    client = api_as(role)
    body = full_body(kit.reference(client))
    r = client.post("/v1/organisations", json=body)
    assert r.status_code == 201, r.text[:300]
    org = r.json()
    for field, value in body.items():
        assert org[field] == value, field
    assert (org["siren"], org["member"], org["approved"]) == (body["siret"][:9], True, True)
    assert client.get(f"/v1/organisations/{org['id']}").json() == org


def test_whole_island_and_every_commune(api_as):
    admin = api_as("admin")
    r = create(admin, communes_served=["976"])
    assert r.status_code == 201 and r.json()["communes_served"] == ["976"], r.text[:300]
    r = create(admin, communes_served=list(kit.COMMUNES), commune_insee="97617")
    assert r.status_code == 201, r.text[:300]
    assert sorted(r.json()["communes_served"]) == list(kit.COMMUNES)


@pytest.mark.parametrize("kind", ["siae", "handicap", "ess", "prescriber"])
def test_every_subkind_of_the_reference_fits_its_kind(api_as, kind):
    admin = api_as("admin")
    subkinds = kit.reference(admin)["kinds"][kind]
    assert subkinds, f"no subkind of {kind} in /v1/reference/organisation-kinds"
    for subkind in subkinds:
        r = create(admin, kind=kind, subkind=subkind)
        assert r.status_code == 201, f"{kind}/{subkind}: {r.text[:300]}"


def test_subkind_of_another_kind_is_invalid(api_as):
    admin = api_as("admin")
    kinds = kit.reference(admin)["kinds"]
    assert_validation(create(admin, kind="handicap", subkind="ACI"), ("subkind", "invalid"))
    assert_validation(create(admin, kind="siae", subkind="ESAT"), ("subkind", "invalid"))
    assert_validation(create(admin, kind="company", subkind=kinds["siae"][0]),
                      ("subkind", "invalid"))
    for subkind in ("nope", "aci", "E I", "é" * 64):
        assert_validation(create(admin, kind="siae", subkind=subkind), ("subkind", "invalid"))


@pytest.mark.parametrize("field, value, code", [
    ("commune_insee", "97618", "invalid"), ("commune_insee", "97600", "invalid"),
    ("commune_insee", "976", "invalid"), ("commune_insee", "", "invalid"),
    ("commune_insee", "9761", "invalid"),
    ("communes_served", ["97618"], "invalid"), ("communes_served", ["97611", "97600"], "invalid"),
    ("communes_served", ["Mamoudzou"], "invalid"), ("communes_served", [""], "invalid"),
    ("communes_served", ["974"], "invalid"),
    ("sectors", ["nope"], "invalid"), ("sectors", ["btp"], "invalid"),
    ("sectors", ["btp-peinture", "BTP-PEINTURE"], "invalid"),
    ("labels", ["nope-nope-nope"], "invalid"),
    ("contact_email", "not-an-email", "invalid"), ("contact_email", "a@b@c.yt", "invalid"),
    ("contact_email", "a b@c.yt", "invalid"),
    ("website", "jardins.yt", "invalid"), ("website", "ftp://jardins.yt", "invalid"),
    ("website", "javascript:alert(1)", "invalid"), ("website", "https://", "invalid"),
    ("website", "https://a b.yt", "invalid"),
    ("latitude", 90.5, "range"), ("latitude", -91, "range"), ("longitude", 180.01, "range"),
    ("longitude", -181, "range"),
    ("member_since", "2026-02-30", "invalid"), ("member_since", "01/02/2026", "invalid"),
    ("member_since", "2026-1-1", "invalid"), ("member_since", "", "invalid"),
    ("member_until", "2026-13-01", "invalid"),
])
def test_field_validation(api_as, field, value, code):
    assert_validation(create(api_as("admin"), **{field: value}), (field, code))


def test_membership_must_end_after_it_starts(api_as):
    admin = api_as("admin")
    assert_validation(create(admin, member_since="2024-06-01", member_until="2024-05-31"),
                      ("member_until", "invalid"))
    assert_validation(create(admin, member_until="2030-01-01"), ("member_until", "invalid"))
    r = create(admin, member_since="2024-06-01", member_until="2024-06-01")
    assert r.status_code == 201, r.text[:300]
    assert r.json()["member"] is False


@pytest.mark.parametrize("since, until, member", [
    (0, None, True), (-1, None, True), (1, None, False), (-10, 0, False), (-10, 1, True),
    (-10, -1, False), (None, None, False), (-3650, 3650, True),
])
def test_member_is_derived_from_the_dates_in_mayotte(api_as, since, until, member):
    body = {"member_since": kit.days(since) if since is not None else None,
            "member_until": kit.days(until) if until is not None else None}
    r = create(api_as("admin"), **body)
    assert r.status_code == 201, r.text[:300]
    assert r.json()["member"] is member, body


def test_coordinates_keep_five_decimals(api_as):
    r = create(api_as("admin"), latitude=-12.78234, longitude=45.22751)
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["latitude"], r.json()["longitude"]) == (-12.78234, 45.22751)
    assert type(r.json()["latitude"]) is float


# SIRET

@pytest.mark.parametrize("known", ["73282932000074", "55203253400646", "35600000000048"])
def test_real_sirets_are_accepted_once(api_as, known):
    """Real SIRETs (Apple France, Danone, and La Poste's head office, which keeps a valid
    Luhn key although its digit sum is no multiple of 5): accepted, then taken. Run twice
    against one database, the first creation is the 409 of an earlier run."""
    first = create(api_as("admin"), siret=known)
    assert first.status_code in (201, 409), first.text[:300]
    assert_problem(create(api_as("admin"), siret=known), 409, "conflict", "/v1/organisations")


def test_valid_luhn_siret_is_accepted(api_as):
    for _ in range(5):
        r = create(api_as("admin"), siret=authkit.siret())
        assert r.status_code == 201, r.text[:300]


def test_la_poste_sums_its_digits(api_as):
    siret = authkit.la_poste_siret(valid=True)       # fails Luhn, digit sum % 5 == 0
    r = create(api_as("admin"), siret=siret)
    assert r.status_code == 201, f"{siret}: {r.text[:300]}"
    bad = authkit.la_poste_siret(valid=False)        # fails both
    assert_validation(create(api_as("admin"), siret=bad), ("siret", "invalid"))


@pytest.mark.parametrize("siret", [
    "7328293200007", "732829320000745", "7328293200007A", "732 829 320 00074",
    "73282932000075", "00000000000001", "", " 73282932000074",
    "７３２８２９３２０００７４",     # fullwidth digits: 14 characters, not 14 digits
])
def test_invalid_siret(api_as, siret):
    assert_validation(create(api_as("admin"), siret=siret), ("siret", "invalid"))


def test_random_bad_checksums(api_as):
    for _ in range(5):
        assert_validation(create(api_as("admin"), siret=authkit.siret_bad_checksum()),
                          ("siret", "invalid"))


def test_duplicate_siret_is_a_conflict(api_as):
    siret = authkit.siret()
    assert create(api_as("admin"), siret=siret).status_code == 201
    r = create(api_as("facilitator"), name="Another name", kind="company", siret=siret)
    assert_problem(r, 409, "conflict", "/v1/organisations")


def test_validation_comes_before_conflict(api_as):
    siret = authkit.siret()
    assert create(api_as("admin"), siret=siret).status_code == 201
    assert_validation(create(api_as("admin"), siret=siret, kind="nope"), ("kind", "enum"))


# Reading

@pytest.mark.parametrize("role", authkit.PEOPLE_ROLES)
def test_everyone_reads_their_own_organisation(api_as, role):
    client = api_as(role)
    me = client.get("/v1/auth/me").json()
    path = f"/v1/organisations/{me['organisation_id']}"
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.json() == me["organisation"]
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("org_id", [str(uuid.uuid4()), "not-a-uuid", "1", "a" * 300])
def test_unknown_organisation_is_404(api_as, org_id):
    path = f"/v1/organisations/{org_id}"
    assert_problem(api_as("admin").get(path), 404, "not-found", path)


def test_get_takes_no_query(api_as):
    me = api_as("buyer").get("/v1/auth/me").json()
    path = f"/v1/organisations/{me['organisation_id']}?x=1"
    assert_invalid_query(api_as("buyer").get(path), ("x", "unknown"))


# Listing

def follow(client, query, limit):
    """Every organisation of every page (cataloguekit.follow: no duplicates, `total` the same
    on every page and equal to the number of items)."""
    r = client.get("/v1/organisations" + (f"?{query}&" if query else "?") + "limit=1")
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    return kit.follow(client, "/v1/organisations", parse_qsl(query), limit=limit)[0]


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_list_pages_cover_everything_once(api_as, role):
    client = api_as(role)
    made = {create(api_as("admin"), kind="geiq").json()["id"] for _ in range(3)}
    items = follow(client, "", 2)
    ids = [o["id"] for o in items]
    assert len(ids) == len(set(ids)), "an organisation appears on two pages"
    assert made <= set(ids)
    everything = follow(client, "", 100)
    assert sorted(o["id"] for o in everything) == sorted(ids)


def test_kind_filter(api_as):
    admin = api_as("admin")
    handicap = {create(admin, kind="handicap").json()["id"] for _ in range(3)}
    prescriber = create(admin, kind="prescriber").json()["id"]
    items = follow(admin, "kind=handicap", 2)
    assert handicap <= {o["id"] for o in items}
    assert {o["kind"] for o in items} == {"handicap"}
    both = follow(admin, "kind=handicap&kind=prescriber", 100)
    assert {o["kind"] for o in both} == {"handicap", "prescriber"}
    assert handicap | {prescriber} <= {o["id"] for o in both}


def test_default_limit_is_20(api_as):
    admin = api_as("admin")
    for _ in range(21):
        create(admin)
    page = admin.get("/v1/organisations").json()
    assert len(page["items"]) == 20
    assert page["next_cursor"] is not None


def test_published_filter(api_as):
    admin = api_as("admin")
    shown = create(admin, kind="ess", published=True).json()["id"]
    hidden = create(admin, kind="ess", published=False).json()["id"]
    published = follow(admin, "kind=ess&published=true", 100)
    assert shown in {o["id"] for o in published} and hidden not in {o["id"] for o in published}
    assert all(o["published"] for o in published)
    unpublished = follow(admin, "kind=ess&published=false", 100)
    assert hidden in {o["id"] for o in unpublished}
    assert not any(o["published"] for o in unpublished)
    every = follow(admin, "kind=ess", 100)
    assert len(every) == len(published) + len(unpublished)


def test_archived_organisations_are_listed(api_as):
    admin = api_as("admin")
    org = create(admin, kind="geiq").json()
    kit.archive_org(admin, org["id"])
    listed = {o["id"]: o for o in follow(admin, "kind=geiq", 100)}
    assert listed[org["id"]]["active"] is False


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("limit=", "limit"),
    ("cursor=garbage", "cursor"), ("cursor=", "cursor"),
    ("kind=nope", "kind"), ("kind=SIAE", "kind"), ("kind=", "kind"),
    ("published=yes", "published"), ("published=1", "published"), ("published=", "published"),
    ("published=true&published=false", "published"),
])
def test_bad_query_values(api_as, query, field):
    assert_invalid_query(api_as("admin").get("/v1/organisations?" + query), (field, "invalid"))


def test_unknown_query_parameter(api_as):
    assert_invalid_query(api_as("facilitator").get("/v1/organisations?name=x"),
                         ("name", "unknown"))


# Reading: staff see everything; others their own organisation and the public suppliers

@pytest.mark.parametrize("role", ["buyer", "company", "supplier", "prescriber"])
def test_others_read_public_suppliers_only(api_as, role):
    admin = api_as("admin")
    public = kit.public_supplier(admin, "handicap")
    unpublished = create(admin, kind="siae", published=False).json()
    archived = kit.public_supplier(admin, "ess")
    kit.archive_org(admin, archived["id"])
    company = create(admin, kind="company", published=True).json()
    client = api_as(role)
    r = client.get(f"/v1/organisations/{public['id']}")
    assert r.status_code == 200, r.text[:300]
    assert r.json() == admin.get(f"/v1/organisations/{public['id']}").json()
    assert r.headers["Cache-Control"] == "no-store"
    for org in (unpublished, archived):
        path = f"/v1/organisations/{org['id']}"
        assert_problem(client.get(path), 404, "not-found", path)
    # A published, active, approved organisation of any kind is readable.
    assert client.get(f"/v1/organisations/{company['id']}").status_code == 200


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_read_every_organisation(api_as, role):
    admin = api_as("admin")
    hidden = create(admin, kind="siae").json()
    kit.archive_org(admin, hidden["id"])
    r = api_as(role).get(f"/v1/organisations/{hidden['id']}")
    assert r.status_code == 200 and r.json()["active"] is False


def test_a_supplier_reads_its_own_organisation_in_any_state(api_as, make_user):
    person = make_user("supplier")
    client = api_as(token=person.login()["access_token"])
    org_id = person.organisation["id"]
    assert client.get(f"/v1/organisations/{org_id}").json()["published"] is False
    kit.archive_org(api_as("admin"), org_id)
    r = client.get(f"/v1/organisations/{org_id}")
    assert r.status_code == 200 and r.json()["active"] is False


# Updates by staff: every writable field, merge patch, If-Match

def patch(client, org_id, body, etag="*", content_type=MERGE):
    headers = {"Content-Type": content_type}
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"/v1/organisations/{org_id}", json=body, headers=headers)


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_patch_every_writable_field(api_as, role):
    client = api_as(role)
    ref = kit.reference(client)
    org = create(client, kind="ess").json()
    body = full_body(ref, name="Nouveau nom", kind="handicap", subkind="ESAT",
                     published=False, active=False)
    r = patch(client, org["id"], body, etag='"1"')
    assert r.status_code == 200, r.text[:300]
    got = r.json()
    for field, value in body.items():
        assert got[field] == value, field
    assert (got["version"], got["siren"], got["created_at"]) == \
        (2, body["siret"][:9], org["created_at"])
    assert r.headers["ETag"] == '"2"'
    assert r.headers["Cache-Control"] == "no-store"
    assert authkit.parse_time(got["updated_at"]) >= authkit.parse_time(org["updated_at"])
    assert client.get(f"/v1/organisations/{org['id']}").json() == got


def test_patch_null_clears_and_absent_keeps(api_as):
    admin = api_as("admin")
    org = admin.post("/v1/organisations", json=full_body(kit.reference(admin))).json()
    r = patch(admin, org["id"], {"brand": None, "website": None, "latitude": None,
                                 "longitude": None, "member_until": None, "siret": None,
                                 "subkind": None})
    assert r.status_code == 200, r.text[:300]
    got = r.json()
    for field in ("brand", "website", "latitude", "longitude", "member_until", "siret",
                  "siren", "subkind"):
        assert got[field] is None, field
    for field in ("name", "address", "contact_email", "sectors", "labels", "communes_served",
                  "description", "member_since", "esus", "published"):
        assert got[field] == org[field], field


def test_empty_patch_changes_nothing(api_as):
    admin = api_as("admin")
    org = admin.post("/v1/organisations", json=full_body(kit.reference(admin))).json()
    r = patch(admin, org["id"], {})
    assert r.status_code == 200, r.text[:300]
    for field in ORG_FIELDS - {"updated_at", "version"}:
        assert r.json()[field] == org[field], field


@pytest.mark.parametrize("body, field, code", [
    ({"name": None}, "name", "type"), ({"name": ""}, "name", None), ({"kind": "nope"}, "kind", "enum"),
    ({"kind": None}, "kind", "type"), ({"siret": "73282932000075"}, "siret", "invalid"),
    ({"commune_insee": "97618"}, "commune_insee", "invalid"),
    ({"communes_served": ["97600"]}, "communes_served", "invalid"),
    ({"sectors": ["nope"]}, "sectors", "invalid"), ({"labels": ["nope-nope"]}, "labels", "invalid"),
    ({"website": "www.example.yt"}, "website", "invalid"),
    ({"contact_email": "nope"}, "contact_email", "invalid"),
    ({"latitude": 100}, "latitude", "range"), ({"esus": None}, "esus", "type"),
    ({"published": None}, "published", "type"), ({"description": None}, "description", "type"),
    ({"member_until": "2000-01-01"}, "member_until", "invalid"),
    ({"approved": True}, "approved", "unknown"), ({"member": True}, "member", "unknown"),
    ({"siren": "123456789"}, "siren", "unknown"), ({"version": 5}, "version", "unknown"),
    ({"id": str(uuid.uuid4())}, "id", "unknown"),
])
def test_patch_validation(api_as, body, field, code):
    admin = api_as("admin")
    org = create(admin, kind="siae", subkind="ACI", member_since="2020-01-01").json()
    r = patch(admin, org["id"], body)
    if code is None:
        problem = assert_problem(r, 400, "validation-failed")
        assert field in {f for f, _ in error_fields(problem)}, problem
    else:
        assert_validation(r, (field, code))
    assert admin.get(f"/v1/organisations/{org['id']}").json() == org


def test_patch_checks_the_subkind_against_the_resulting_kind(api_as):
    admin = api_as("admin")
    org = create(admin, kind="siae", subkind="ACI").json()
    assert_validation(patch(admin, org["id"], {"kind": "handicap"}), ("subkind", "invalid"))
    r = patch(admin, org["id"], {"kind": "handicap", "subkind": "ESAT"})
    assert r.status_code == 200, r.text[:300]
    assert (r.json()["kind"], r.json()["subkind"]) == ("handicap", "ESAT")


def test_patch_checks_membership_dates_together(api_as):
    admin = api_as("admin")
    org = create(admin, member_since="2024-01-01", member_until="2025-01-01").json()
    assert_validation(patch(admin, org["id"], {"member_since": "2025-06-01"}),
                      ("member_until", "invalid"))
    r = patch(admin, org["id"], {"member_since": None, "member_until": None})
    assert r.status_code == 200, r.text[:300]


def test_patch_to_a_taken_siret_is_a_conflict(api_as):
    admin = api_as("admin")
    taken = create(admin, siret=authkit.siret()).json()["siret"]
    org = create(admin).json()
    path = f"/v1/organisations/{org['id']}"
    assert_problem(patch(admin, org["id"], {"siret": taken}), 409, "conflict", path)
    assert admin.get(path).json() == org
    r = patch(admin, org["id"], {"siret": authkit.siret()})
    assert r.status_code == 200, r.text[:300]


def test_patch_requires_if_match(api_as):
    admin = api_as("admin")
    org = create(admin).json()
    path = f"/v1/organisations/{org['id']}"
    assert_problem(patch(admin, org["id"], {"brand": "x"}, etag=None), 428,
                   "precondition-required", path)
    for etag in ('"2"', '"0"', 'W/"1"', '"abc"'):
        assert_problem(patch(admin, org["id"], {"brand": "x"}, etag=etag), 412,
                       "precondition-failed", path)
    assert admin.get(path).json() == org
    assert patch(admin, org["id"], {"brand": "x"}, etag='"7", "1"').status_code == 200


@pytest.mark.parametrize("org_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_patch_unknown_organisation_is_404_before_428(api_as, org_id):
    path = f"/v1/organisations/{org_id}"
    admin = api_as("admin")
    assert_problem(patch(admin, org_id, {"brand": "x"}), 404, "not-found", path)
    assert_problem(patch(admin, org_id, {"kind": "nope"}, etag=None), 404, "not-found", path)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json-patch+json"])
def test_patch_refuses_other_media_types(api_as, content_type):
    admin = api_as("admin")
    org = create(admin).json()
    path = f"/v1/organisations/{org['id']}"
    r = admin.patch(path, data=b'{"brand":"x"}',
                    headers={"Content-Type": content_type, "If-Match": "*"})
    assert_problem(r, 415, "unsupported-media-type", path)


# Updates by a supplier: its own catalogue page only

SUPPLIER_FIELDS = {
    "brand": "Les Ateliers du Lagon", "address": "3 route nationale, Tsingoni",
    "commune_insee": "97613", "communes_served": ["976"], "latitude": -12.79,
    "longitude": 45.1, "contact_email": "bonjour@lagon.test.asr.yt",
    "contact_phone": "0269 00 00 00", "website": "http://lagon.test.asr.yt",
    "description": "Menuiserie et ébénisterie.", "sectors": ["btp-menuiserie"],
    "published": True,
}
STAFF_ONLY = {   # each a valid change a facilitator could make, refused to the supplier
    "name": {"name": "Autre nom"}, "kind": {"kind": "ess"}, "subkind": {"subkind": "EI"},
    "siret": {"siret": authkit.siret()}, "legal_form": {"legal_form": "SCOP"},
    "esus": {"esus": True}, "labels": "first label", "member_since": {"member_since": "2020-01-01"},
    "member_until": {"member_since": "2020-01-01", "member_until": "2099-01-01"},
    "active": {"active": False},
}


@pytest.fixture
def supplier(make_user, api_as):
    person = make_user("supplier")
    person.client = api_as(token=person.login()["access_token"])
    return person


@pytest.mark.parametrize("field", sorted(SUPPLIER_FIELDS))
def test_supplier_patches_its_catalogue_page(supplier, field):
    org_id = supplier.organisation["id"]
    r = patch(supplier.client, org_id, {field: SUPPLIER_FIELDS[field]})
    assert r.status_code == 200, r.text[:300]
    assert r.json()[field] == SUPPLIER_FIELDS[field]
    assert r.json()["version"] == 2


def test_supplier_patches_them_all_at_once_and_publishes(supplier, api):
    org_id = supplier.organisation["id"]
    r = patch(supplier.client, org_id, SUPPLIER_FIELDS, etag='"1"')
    assert r.status_code == 200, r.text[:300]
    for field, value in SUPPLIER_FIELDS.items():
        assert r.json()[field] == value, field
    page = api.get(f"/v1/catalogue/suppliers/{org_id}")
    assert page.status_code == 200, "a published siae is not in the catalogue"
    assert page.json()["description"] == SUPPLIER_FIELDS["description"]


@pytest.mark.parametrize("field", sorted(STAFF_ONLY))
def test_supplier_may_not_patch_staff_fields(supplier, api_as, field):
    org_id = supplier.organisation["id"]
    path = f"/v1/organisations/{org_id}"
    body = STAFF_ONLY[field]
    if body == "first label":
        body = {"labels": kit.reference(supplier.client)["labels"][:1]}
    r = patch(supplier.client, org_id, body)
    assert_problem(r, 403, "forbidden", path)
    assert "WWW-Authenticate" not in r.headers
    # Mixed with allowed fields, nothing changes either.
    r = patch(supplier.client, org_id, dict(body, brand="x"))
    assert_problem(r, 403, "forbidden", path)
    assert api_as("admin").get(path).json() == supplier.organisation


def test_supplier_may_not_touch_approved_either(supplier):
    r = patch(supplier.client, supplier.organisation["id"], {"approved": True})
    assert_validation(r, ("approved", "unknown"))


def test_supplier_patch_validation(supplier):
    org_id = supplier.organisation["id"]
    assert_validation(patch(supplier.client, org_id, {"communes_served": ["97618"]}),
                      ("communes_served", "invalid"))
    assert_validation(patch(supplier.client, org_id, {"website": "lagon.yt"}),
                      ("website", "invalid"))
    assert_validation(patch(supplier.client, org_id, {"brand": 3}), ("brand", "type"))


def test_supplier_may_not_patch_another_organisation(supplier, api_as):
    admin = api_as("admin")
    other = kit.public_supplier(admin, "siae")
    path = f"/v1/organisations/{other['id']}"
    for body in ({"description": "Pris"}, {"name": "Pris"}, {"published": False}):
        assert_problem(patch(supplier.client, other["id"], body), 404, "not-found", path)
        assert_problem(patch(supplier.client, other["id"], body, etag=None), 404, "not-found",
                       path)
    assert admin.get(path).json() == other


def test_supplier_patch_requires_if_match(supplier):
    org_id = supplier.organisation["id"]
    path = f"/v1/organisations/{org_id}"
    assert_problem(patch(supplier.client, org_id, {"brand": "x"}, etag=None), 428,
                   "precondition-required", path)
    assert_problem(patch(supplier.client, org_id, {"brand": "x"}, etag='"9"'), 412,
                   "precondition-failed", path)


@pytest.mark.parametrize("role", ["buyer", "company", "prescriber"])
def test_other_roles_may_not_patch_even_their_own(api_as, role):
    client = api_as(role)
    org_id = client.get("/v1/auth/me").json()["organisation_id"]
    path = f"/v1/organisations/{org_id}"
    assert_problem(patch(client, org_id, {"brand": "x"}), 403, "forbidden", path)


# Archiving (DELETE)

def test_delete_archives(api_as, api):
    admin = api_as("admin")
    org = kit.public_supplier(admin, "geiq")
    path = f"/v1/organisations/{org['id']}"
    assert_problem(admin.delete(path), 428, "precondition-required", path)
    assert_problem(admin.delete(path, headers={"If-Match": '"2"'}), 412, "precondition-failed",
                   path)
    assert api.get(f"/v1/catalogue/suppliers/{org['id']}").status_code == 200
    r = api_as("facilitator").delete(path, headers={"If-Match": '"1"'})
    assert r.status_code == 204 and r.content == b""
    got = admin.get(path)
    assert got.status_code == 200
    assert got.json()["active"] is False
    assert got.json()["version"] == 2 and got.headers["ETag"] == '"2"'
    for field in ORG_FIELDS - {"active", "version", "updated_at"}:
        assert got.json()[field] == org[field], field
    assert api.get(f"/v1/catalogue/suppliers/{org['id']}").status_code == 404


def test_an_archived_organisation_may_be_reactivated(api_as, api):
    admin = api_as("admin")
    org = kit.public_supplier(admin, "geiq")
    kit.archive_org(admin, org["id"])
    r = patch(admin, org["id"], {"active": True})
    assert r.status_code == 200 and r.json()["active"] is True
    assert api.get(f"/v1/catalogue/suppliers/{org['id']}").status_code == 200


@pytest.mark.parametrize("org_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_delete_unknown_organisation_is_404(api_as, org_id):
    path = f"/v1/organisations/{org_id}"
    admin = api_as("admin")
    assert_problem(admin.delete(path, headers={"If-Match": "*"}), 404, "not-found", path)
    assert_problem(admin.delete(path), 404, "not-found", path)


def test_a_supplier_may_not_archive(supplier):
    path = f"/v1/organisations/{supplier.organisation['id']}"
    assert_problem(supplier.client.delete(path, headers={"If-Match": "*"}), 403, "forbidden",
                   path)
