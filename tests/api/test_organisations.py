"""Organisations: creation by staff with its rules (kind, SIRET and its Luhn checksum, La
Poste's exception, uniqueness), reading by every person, listing by staff (pagination,
`kind` filter)."""

import uuid

import pytest

import authkit
from authkit import assert_invalid_query, assert_problem, assert_validation, error_fields

ORG_FIELDS = {"id", "name", "kind", "subkind", "siret", "created_at", "updated_at", "version"}


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
    assert (org["name"], org["kind"], org["subkind"], org["siret"]) == \
        ("Chantier d'insertion de Mtsangamouji", "siae", "ACI", siret)
    assert org["version"] == 1
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
    assert (r.json()["subkind"], r.json()["siret"]) == (None, None)
    r = create(api_as("admin"), kind="company", subkind=None, siret=None)
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["subkind"], r.json()["siret"]) == (None, None)


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
    r = create(admin, name="Ô" * 200, subkind="é" * 64)
    assert r.status_code == 201, r.text[:300]
    assert (r.json()["name"], r.json()["subkind"]) == ("Ô" * 200, "é" * 64)
    for field, value in (("name", "a" * 201), ("name", "Ô" * 201), ("subkind", "é" * 65)):
        body = assert_problem(create(admin, **{field: value}), 400, "validation-failed")
        assert field in {f for f, _ in error_fields(body)}, body


@pytest.mark.parametrize("field, value", [("name", 5), ("kind", None), ("subkind", 3),
                                          ("siret", 73282932000074)])
def test_wrong_json_types(api_as, field, value):
    assert_validation(create(api_as("admin"), **{field: value}), (field, "type"))


@pytest.mark.parametrize("field", ["id", "version", "members", "siren"])
def test_unknown_fields_are_refused(api_as, field):
    assert_validation(create(api_as("admin"), **{field: "x"}), (field, "unknown"))


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
    items, cursor, pages = [], None, 0
    while True:
        params = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        r = client.get("/v1/organisations" + (f"?{query}" if query else ""), params=params)
        assert r.status_code == 200, r.text[:300]
        assert r.headers["Cache-Control"] == "no-store"
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        pages += 1
        assert pages < 2000, "next_cursor never ends"
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert page["items"], "an empty page with a next_cursor"


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


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("limit=", "limit"),
    ("cursor=garbage", "cursor"), ("cursor=", "cursor"),
    ("kind=nope", "kind"), ("kind=SIAE", "kind"), ("kind=", "kind"),
])
def test_bad_query_values(api_as, query, field):
    assert_invalid_query(api_as("admin").get("/v1/organisations?" + query), (field, "invalid"))


def test_unknown_query_parameter(api_as):
    assert_invalid_query(api_as("facilitator").get("/v1/organisations?name=x"),
                         ("name", "unknown"))
