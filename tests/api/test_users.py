"""Accounts, as the administrator manages them: creation and its every rule, reading,
listing (pagination, filters, order), merge-patch updates under If-Match, disabling.

Every account here is made by the test itself (the demo accounts are never changed).
"""

import uuid

import pytest

import authkit
from authkit import (assert_invalid_query, assert_problem, assert_validation, error_fields,
                     unique_email)

USER_FIELDS = {"id", "email", "display_name", "role", "organisation_id", "status",
               "last_login_at", "created_at", "updated_at", "version"}
MERGE = "application/merge-patch+json"


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def new_user_body(role="facilitator", organisation=None, **fields):
    body = {"email": unique_email(role), "display_name": "Zaïnaba Madi", "role": role,
            "password": authkit.password()}
    if organisation is not None:
        body["organisation_id"] = organisation["id"]
    body.update(fields)
    return body


def patch(client, user_id, body, etag="*", content_type=MERGE):
    headers = {"Content-Type": content_type}
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"/v1/users/{user_id}", json=body, headers=headers)


# Creation

def test_create_user(admin, make_org):
    org = make_org("buyer_private")
    body = new_user_body("buyer", org)
    r = admin.post("/v1/users", json=body)
    assert r.status_code == 201, r.text[:300]
    user = r.json()
    assert set(user) == USER_FIELDS
    assert r.headers["Location"] == f"/v1/users/{user['id']}"
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Cache-Control"] == "no-store"
    assert (user["email"], user["display_name"], user["role"], user["organisation_id"]) == \
        (body["email"], body["display_name"], "buyer", org["id"])
    assert (user["status"], user["last_login_at"], user["version"]) == ("active", None, 1)
    assert user["created_at"] == user["updated_at"]

    got = admin.get(r.headers["Location"])
    assert got.status_code == 200
    assert got.json() == user
    assert got.headers["ETag"] == '"1"'
    assert got.headers["Cache-Control"] == "no-store"
    # The new account logs in with its password.
    assert authkit.Token(login_with(admin, body)["access_token"]).claims["org"] == org["id"]


def login_with(client, body):
    r = client.post("/v1/auth/login", json={"email": body["email"], "password": body["password"]},
                    headers={"Authorization": None})
    assert r.status_code == 200, r.text[:300]
    return r.json()


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_staff_need_no_organisation(admin, role):
    r = admin.post("/v1/users", json=new_user_body(role))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["organisation_id"] is None
    assert r.json()["role"] == role


def test_staff_may_belong_to_an_organisation(admin, make_org):
    org = make_org("cress")
    r = admin.post("/v1/users", json=new_user_body("facilitator", org))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["organisation_id"] == org["id"]


def test_password_is_never_shown(admin, make_user):
    person = make_user("company")
    for r in (admin.get(f"/v1/users/{person.id}"),
              admin.get(f"/v1/users?organisation_id={person.organisation['id']}")):
        assert r.status_code == 200
        assert person.password not in r.text
        assert "password" not in r.text and "hash" not in r.text and "$argon2" not in r.text


@pytest.mark.parametrize("role", authkit.ROLES_WITH_ORGANISATION)
def test_organisation_is_required_for_non_staff_roles(admin, role):
    assert_validation(admin.post("/v1/users", json=new_user_body(role)),
                      ("organisation_id", "required"))
    assert_validation(admin.post("/v1/users", json=new_user_body(role, organisation_id=None)),
                      ("organisation_id", "required"))


@pytest.mark.parametrize("value", [str(uuid.uuid4()), "not-a-uuid", "1234"])
def test_organisation_must_exist(admin, value):
    body = new_user_body("buyer", organisation_id=value)
    assert_validation(admin.post("/v1/users", json=body), ("organisation_id", "invalid"))


def test_every_missing_field_is_listed(admin):
    body = assert_validation(admin.post("/v1/users", json={}),
                             ("email", "required"), ("display_name", "required"),
                             ("role", "required"), ("password", "required"))
    assert len(body["errors"]) >= 4


@pytest.mark.parametrize("email", ["not-an-email", "a@b@c.yt", "a b@c.yt", "@c.yt", "a@",
                                   "a@ c.yt", "a@b.yt\n"])
def test_email_must_be_an_address(admin, email):
    assert_validation(admin.post("/v1/users", json=new_user_body(email=email)),
                      ("email", "invalid"))


@pytest.mark.parametrize("role", ["partner", "anonymous", "root", "Admin"])
def test_role_is_one_of_the_people_roles(admin, role):
    assert_validation(admin.post("/v1/users", json=new_user_body(role=role)), ("role", "enum"))


def test_password_has_at_least_12_characters(admin):
    assert_validation(admin.post("/v1/users", json=new_user_body(password="p" * 11)),
                      ("password", "range"))
    assert admin.post("/v1/users", json=new_user_body(password="p" * 12)).status_code == 201


@pytest.mark.parametrize("field, value", [
    ("email", 42), ("display_name", ["x"]), ("role", None), ("password", 123456789012),
    ("organisation_id", 7),
])
def test_wrong_json_types(admin, field, value):
    assert_validation(admin.post("/v1/users", json=new_user_body(**{field: value})),
                      (field, "type"))


@pytest.mark.parametrize("field", ["id", "status", "version", "password_hash", "nickname"])
def test_unknown_fields_are_refused(admin, field):
    body = new_user_body(**{field: "x"})
    assert_validation(admin.post("/v1/users", json=body), (field, "unknown"))


def test_display_name_may_not_be_empty(admin):
    body = assert_problem(admin.post("/v1/users", json=new_user_body(display_name="")),
                          400, "validation-failed")
    assert {c for f, c in error_fields(body) if f == "display_name"} & {"required", "range"}


def test_lengths_count_characters_not_bytes(admin):
    r = admin.post("/v1/users", json=new_user_body(display_name="é" * 200))
    assert r.status_code == 201, r.text[:300]
    assert r.json()["display_name"] == "é" * 200
    for too_long in ("a" * 201, "é" * 201):
        body = assert_problem(admin.post("/v1/users", json=new_user_body(display_name=too_long)),
                              400, "validation-failed")
        assert "display_name" in {f for f, _ in error_fields(body)}, body


def test_email_longer_than_254_characters_is_refused(admin):
    email = "a" * 245 + "@test.asr.yt"
    assert len(email) == 257
    body = assert_problem(admin.post("/v1/users", json=new_user_body(email=email)),
                          400, "validation-failed")
    assert "email" in {f for f, _ in error_fields(body)}, body


def test_email_is_unique_case_insensitively(admin):
    body = new_user_body(email=f"Dup.{uuid.uuid4().hex[:12]}@Test.Asr.yt")
    assert admin.post("/v1/users", json=body).status_code == 201
    for email in (body["email"], body["email"].lower(), body["email"].upper()):
        r = admin.post("/v1/users", json=new_user_body(email=email))
        assert_problem(r, 409, "conflict", "/v1/users")


def test_demo_email_is_taken(admin):
    r = admin.post("/v1/users", json=new_user_body(email=authkit.DEMO_EMAILS["buyer"]))
    assert_problem(r, 409, "conflict", "/v1/users")


def test_validation_comes_before_conflict(admin):
    r = admin.post("/v1/users", json=new_user_body(email=authkit.DEMO_EMAILS["buyer"],
                                                   password="short"))
    assert_validation(r, ("password", "range"))


# Reading

@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid", "0", "a" * 300,
                                     str(uuid.uuid4()).upper().replace("-", "")])
def test_unknown_user_is_404(admin, user_id):
    path = f"/v1/users/{user_id}"
    assert_problem(admin.get(path), 404, "not-found", path)


def test_get_takes_no_query(admin, make_user):
    path = f"/v1/users/{make_user('buyer').id}?fields=email"
    assert_invalid_query(admin.get(path), ("fields", "unknown"))


# Listing

def list_users(client, query=""):
    r = client.get("/v1/users" + query)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == "no-store"
    return r.json()


def follow(client, query, limit):
    """Every item of every page, following next_cursor; checks each page's size."""
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if query else ""
        q = f"?{query}{sep}limit={limit}"
        if cursor is not None:
            r = client.get("/v1/users" + q, params={"cursor": cursor})
        else:
            r = client.get("/v1/users" + q)
        assert r.status_code == 200, r.text[:300]
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        pages += 1
        assert pages < 1000, "next_cursor never ends"
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert page["items"], "an empty page with a next_cursor"


def test_list_is_paged_and_ordered_by_email(admin, make_org, make_user):
    org = make_org("company")
    people = [make_user("company", organisation=org) for _ in range(5)]
    expected = sorted(p.email for p in people)
    items, pages = follow(admin, f"organisation_id={org['id']}", 2)
    assert [u["email"] for u in items] == expected
    assert pages == 3
    assert {u["id"] for u in items} == {p.id for p in people}
    one_page = list_users(admin, f"?organisation_id={org['id']}&limit=5")
    assert [u["email"] for u in one_page["items"]] == expected
    assert one_page["next_cursor"] is None


def test_whole_list_has_no_duplicates_nor_gaps(admin, make_user):
    made = {make_user("facilitator").id for _ in range(3)}
    items, _ = follow(admin, "", 2)
    ids = [u["id"] for u in items]
    assert len(ids) == len(set(ids)), "a user appears on two pages"
    assert made <= set(ids)
    demo = {u["email"] for u in items} & set(authkit.DEMO_EMAILS.values())
    assert demo == set(authkit.DEMO_EMAILS.values())
    big = list_users(admin, "?limit=100")
    assert len(big["items"]) == min(100, len(ids))


def test_default_limit_is_20(admin, make_org, make_user):
    org = make_org("siae")
    for _ in range(21):
        make_user("supplier", organisation=org)
    page = list_users(admin, f"?organisation_id={org['id']}")
    assert len(page["items"]) == 20
    assert page["next_cursor"] is not None
    rest = admin.get(f"/v1/users?organisation_id={org['id']}",
                     params={"cursor": page["next_cursor"]}).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None


def test_filters(admin, make_org, make_user):
    org_a, org_b = make_org("buyer_public"), make_org("buyer_public")
    a = make_user("buyer", organisation=org_a)
    b = make_user("buyer", organisation=org_b)
    c = make_user("buyer", organisation=org_b)
    r = admin.patch(f"/v1/users/{c.id}", json={"status": "disabled"},
                    headers={"If-Match": "*", "Content-Type": MERGE})
    assert r.status_code == 200, r.text[:300]

    def ids(query):
        items, _ = follow(admin, query, 100)
        return {u["id"] for u in items}

    assert ids(f"organisation_id={org_a['id']}") == {a.id}
    assert ids(f"organisation_id={org_a['id']}&organisation_id={org_b['id']}") == {a.id, b.id, c.id}
    assert ids(f"organisation_id={org_b['id']}&status=active") == {b.id}
    assert ids(f"organisation_id={org_b['id']}&status=disabled") == {c.id}
    assert ids(f"organisation_id={org_b['id']}&status=disabled&status=active") == {b.id, c.id}
    assert ids(f"organisation_id={org_b['id']}&role=company") == set()

    everyone = follow(admin, "role=buyer&role=company", 100)[0]
    assert {u["role"] for u in everyone} <= {"buyer", "company"}
    assert {"buyer", "company"} <= {u["role"] for u in everyone}, "demo buyer and company"
    disabled = follow(admin, "status=disabled", 100)[0]
    assert disabled and all(u["status"] == "disabled" for u in disabled)
    assert c.id in {u["id"] for u in disabled}
    admins = follow(admin, "role=admin", 100)[0]
    assert authkit.DEMO_EMAILS["admin"] in {u["email"] for u in admins}
    assert all(u["role"] == "admin" for u in admins)


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"),
    ("limit=", "limit"), ("limit=1.5", "limit"), ("limit=20&limit=30", "limit"),
    ("cursor=garbage", "cursor"), ("cursor=", "cursor"), ("cursor=%00", "cursor"),
    ("role=partner", "role"), ("role=nope", "role"), ("status=deleted", "status"),
    ("organisation_id=nope", "organisation_id"), ("organisation_id=", "organisation_id"),
])
def test_bad_query_values(admin, query, field):
    path = "/v1/users?" + query
    assert_invalid_query(admin.get(path), (field, "invalid"))


@pytest.mark.parametrize("query, field", [("sort=email", "sort"), ("email=x", "email"),
                                          ("page=2", "page")])
def test_unknown_query_parameters(admin, query, field):
    assert_invalid_query(admin.get("/v1/users?" + query), (field, "unknown"))


# Updates: JSON merge patch under If-Match

def test_patch_changes_the_fields_given(admin, make_user, make_org):
    person = make_user("buyer")
    other = make_org("buyer_private")
    r = patch(admin, person.id,
              {"display_name": "Ousseni Attoumani", "organisation_id": other["id"]}, etag='"1"')
    assert r.status_code == 200, r.text[:300]
    user = r.json()
    assert user["display_name"] == "Ousseni Attoumani"
    assert user["organisation_id"] == other["id"]
    assert (user["email"], user["role"], user["status"]) == (person.email, "buyer", "active")
    assert user["version"] == 2
    assert r.headers["ETag"] == '"2"'
    assert authkit.parse_time(user["updated_at"]) >= authkit.parse_time(user["created_at"])
    assert user["created_at"] == person.user["created_at"]
    assert admin.get(f"/v1/users/{person.id}").json() == user


@pytest.mark.parametrize("content_type", [MERGE, "application/json",
                                          "application/merge-patch+json; charset=utf-8"])
def test_patch_takes_merge_patch_and_json(admin, make_user, content_type):
    person = make_user("facilitator")
    r = patch(admin, person.id, {"display_name": "Anli"}, content_type=content_type)
    assert r.status_code == 200, r.text[:300]


@pytest.mark.parametrize("content_type", ["text/plain", "application/json-patch+json",
                                          "application/x-www-form-urlencoded"])
def test_patch_refuses_other_media_types(admin, make_user, content_type):
    person = make_user("facilitator")
    path = f"/v1/users/{person.id}"
    r = admin.patch(path, data=b'{"display_name":"x"}',
                    headers={"Content-Type": content_type, "If-Match": "*"})
    assert_problem(r, 415, "unsupported-media-type", path)


def test_patch_changes_role_and_organisation_together(admin, make_user, make_org):
    person = make_user("facilitator")
    org = make_org("prescriber")
    r = patch(admin, person.id, {"role": "prescriber", "organisation_id": org["id"]})
    assert r.status_code == 200, r.text[:300]
    assert (r.json()["role"], r.json()["organisation_id"]) == ("prescriber", org["id"])
    token = authkit.Token(person.login()["access_token"])
    assert (token.claims["role"], token.claims["org"]) == ("prescriber", org["id"])


def test_patch_may_not_leave_a_non_staff_account_without_organisation(admin, make_user):
    buyer = make_user("buyer")
    assert_validation(patch(admin, buyer.id, {"organisation_id": None}),
                      ("organisation_id", "required"))
    staff = make_user("facilitator")
    assert_validation(patch(admin, staff.id, {"role": "company"}),
                      ("organisation_id", "required"))
    assert admin.get(f"/v1/users/{buyer.id}").json()["version"] == 1


def test_patch_null_removes_a_staff_organisation(admin, make_user, make_org):
    person = make_user("facilitator", organisation=make_org("cress"))
    r = patch(admin, person.id, {"organisation_id": None})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["organisation_id"] is None


@pytest.mark.parametrize("body, field, code", [
    ({"status": "deleted"}, "status", "enum"),
    ({"role": "partner"}, "role", "enum"),
    ({"display_name": 5}, "display_name", "type"),
    ({"organisation_id": str(uuid.uuid4())}, "organisation_id", "invalid"),
    ({"email": "new@test.asr.yt"}, "email", "unknown"),
    ({"password": "p" * 20}, "password", "unknown"),
    ({"version": 9}, "version", "unknown"),
    ({"id": str(uuid.uuid4())}, "id", "unknown"),
])
def test_patch_validation(admin, make_user, body, field, code):
    person = make_user("buyer")
    assert_validation(patch(admin, person.id, body), (field, code))
    assert admin.get(f"/v1/users/{person.id}").json() == person.user


def test_patch_display_name_may_not_be_empty_or_null(admin, make_user):
    person = make_user("facilitator")
    for value in ("", None):
        body = assert_problem(patch(admin, person.id, {"display_name": value}),
                              400, "validation-failed")
        assert "display_name" in {f for f, _ in error_fields(body)}


def test_patch_requires_if_match(admin, make_user):
    person = make_user("company")
    path = f"/v1/users/{person.id}"
    assert_problem(patch(admin, person.id, {"display_name": "x"}, etag=None), 428,
                   "precondition-required", path)
    assert admin.get(path).json() == person.user


@pytest.mark.parametrize("etag", ['"2"', '"0"', '"999"', 'W/"1"', '"abc"'])
def test_patch_with_a_stale_or_foreign_etag_is_412(admin, make_user, etag):
    person = make_user("company")
    path = f"/v1/users/{person.id}"
    assert_problem(patch(admin, person.id, {"display_name": "x"}, etag=etag), 412,
                   "precondition-failed", path)
    assert admin.get(path).json() == person.user


def test_if_match_list_and_star(admin, make_user):
    person = make_user("supplier")
    r = patch(admin, person.id, {"display_name": "list"}, etag='"7", "1"')
    assert r.status_code == 200, r.text[:300]
    r = patch(admin, person.id, {"display_name": "star"}, etag="*")
    assert r.status_code == 200, r.text[:300]
    assert r.json()["version"] == 3
    assert_problem(patch(admin, person.id, {"display_name": "stale"}, etag='"2"'), 412,
                   "precondition-failed")


def test_concurrent_edits_one_wins(admin, make_user):
    person = make_user("prescriber")
    etag = admin.get(f"/v1/users/{person.id}").headers["ETag"]
    first = patch(admin, person.id, {"display_name": "first"}, etag=etag)
    second = patch(admin, person.id, {"display_name": "second"}, etag=etag)
    assert first.status_code == 200
    assert_problem(second, 412, "precondition-failed")
    assert admin.get(f"/v1/users/{person.id}").json()["display_name"] == "first"


def test_empty_patch_changes_nothing_it_should_not(admin, make_user):
    person = make_user("facilitator")
    r = patch(admin, person.id, {})
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    for field in ("email", "display_name", "role", "organisation_id", "status", "created_at"):
        assert body[field] == person.user[field]


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_patch_unknown_user_is_404(admin, user_id):
    path = f"/v1/users/{user_id}"
    assert_problem(patch(admin, user_id, {"display_name": "x"}), 404, "not-found", path)
    # 404 comes before 428: the object is looked up before the precondition.
    assert_problem(patch(admin, user_id, {"display_name": "x"}, etag=None), 404, "not-found", path)


def test_order_of_checks_around_the_object(admin, make_user):
    """415 → malformed JSON → 404 → validation → 428/412 (openapi.yaml, info)."""
    user_id = str(uuid.uuid4())
    path = f"/v1/users/{user_id}"
    r = admin.patch(path, data=b'{"status":"nope"}', headers={"Content-Type": "text/plain"})
    assert_problem(r, 415, "unsupported-media-type", path)
    r = admin.patch(path, data=b"{", headers={"Content-Type": MERGE})
    assert_problem(r, 400, "malformed-json", path)
    # An unknown object with an invalid body: the object does not exist, whatever the body.
    assert_problem(patch(admin, user_id, {"status": "nope"}, etag=None), 404, "not-found", path)
    assert_problem(patch(admin, user_id, {"status": "nope"}, etag='"9"'), 404, "not-found",
                   path)
    # An existing object: validation before the precondition.
    person = make_user("buyer")
    assert_validation(patch(admin, person.id, {"status": "nope"}, etag=None), ("status", "enum"))
    assert_validation(patch(admin, person.id, {"status": "nope"}, etag='"9"'),
                      ("status", "enum"))
    assert_problem(patch(admin, person.id, {"status": "disabled"}, etag='"9"'), 412,
                   "precondition-failed")


def test_patch_malformed_json(admin, make_user):
    person = make_user("buyer")
    path = f"/v1/users/{person.id}"
    for data in (b"{", b"[]", b"null", b'"x"'):
        r = admin.patch(path, data=data, headers={"Content-Type": MERGE, "If-Match": "*"})
        assert_problem(r, 400, "malformed-json", path)


# Disabling (DELETE)

def test_delete_requires_if_match_and_disables(admin, make_user):
    person = make_user("buyer")
    path = f"/v1/users/{person.id}"
    assert_problem(admin.delete(path), 428, "precondition-required", path)
    assert_problem(admin.delete(path, headers={"If-Match": '"5"'}), 412, "precondition-failed",
                   path)
    assert admin.get(path).json()["status"] == "active"
    r = admin.delete(path, headers={"If-Match": '"1"'})
    assert r.status_code == 204 and r.content == b""
    got = admin.get(path)
    assert got.status_code == 200
    assert got.json()["status"] == "disabled"
    assert got.headers["ETag"] == '"2"'


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_delete_unknown_user_is_404(admin, user_id):
    path = f"/v1/users/{user_id}"
    assert_problem(admin.delete(path, headers={"If-Match": "*"}), 404, "not-found", path)
    assert_problem(admin.delete(path), 404, "not-found", path)


def test_delete_takes_no_query(admin, make_user):
    person = make_user("buyer")
    path = f"/v1/users/{person.id}?hard=1"
    assert_invalid_query(admin.delete(path, headers={"If-Match": "*"}), ("hard", "unknown"))
    assert admin.get(f"/v1/users/{person.id}").json()["status"] == "active"
