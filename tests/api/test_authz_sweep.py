"""Authorisation sweep, derived from openapi.yaml when the tests run: organisations gate
objects (API_CONVENTIONS), so nothing of one organisation is readable or writable by another
beyond what is public, for every route by id that the contract has, now or after a merge.

Callers: the demo accounts of every role, and accounts made here in second organisations of
each kind a role belongs to (they own nothing). Objects: every item the admin lists from the
collection of each `GET /v1/<things>/{id}` (two pages, of which 30 are kept, private ones
first), and the object itself as the admin reads it. For each caller and object:

- an object is *the caller's* when its id, or one of its `*_id` fields, is the caller's
  organisation; it is *public* when it says `published: true` or when the same read
  answers 200 to an anonymous caller;
- GET by id: a role outside x-roles gets 403; else a private object of another
  organisation gets 404 (never 200, never 403: its existence is not revealed); a public
  one may answer 200 or 404;
- PATCH and DELETE by id (sent without If-Match, so that nothing is ever written: 404 comes
  before 428): another organisation's object answers 404 (or 403 where x-roles excludes the
  role, or where a public object is visible but not writable);
- lists the caller may call: every item is the caller's own or public.
"""

import os
import random
import re
import uuid

import pytest

import authkit
import contract
import dbkit

STAFF = ("admin", "facilitator")
# Second organisations: one account per role and kind that role belongs to.
SECOND = [("buyer", "buyer_public"), ("buyer", "buyer_private"), ("company", "company"),
          ("supplier", "siae"), ("supplier", "geiq"), ("prescriber", "prescriber")]
PAGES = 2
SAMPLE = 30
SEED = int(os.environ.get("AUTHZ_SEED", "1127"))
PARAM = re.compile(r"\{[^}/]+\}")


def by_id_operations():
    """(template, method, op, collection) for single-id templates with a listable collection."""
    found = []
    for template, method, op in contract.iter_operations():
        if method not in ("get", "patch", "delete") or len(PARAM.findall(template)) != 1 \
                or not PARAM.search(template.rsplit("/", 1)[-1]):
            continue
        collection = PARAM.split(template)[0].rstrip("/")
        if "get" in contract.SPEC["paths"].get(collection, {}):
            found.append((template, method, op, collection))
    return found


OPERATIONS = by_id_operations()
TEMPLATES = sorted({o[0] for o in OPERATIONS if o[1] == "get"})

# Organisations that reach an object through a relation the object's fields do not show
# (DOMAIN.md, API_CONVENTIONS: rights follow the organisation's link to the object),
# written here independently of the application's own reach functions: the organisations
# an object of that collection relates to, from its id (:'p1').
RELATIONS = {
    "/v1/markets": """
        SELECT m.buyer_id FROM markets m WHERE m.id = :'p1'
        UNION SELECT a.organisation_id FROM lots l JOIN attributions a ON a.lot_id = l.id
            WHERE l.market_id = :'p1'
        UNION SELECT x.siae_id FROM lots l JOIN attributions a ON a.lot_id = l.id
            JOIN insertion_actions x ON x.attribution_id = a.id
            WHERE l.market_id = :'p1' AND x.siae_id IS NOT NULL""",
    "/v1/hours": """
        SELECT o FROM hours_entries h JOIN insertion_actions x ON x.id = h.action_id
            JOIN attributions a ON a.id = x.attribution_id JOIN lots l ON l.id = a.lot_id
            JOIN markets m ON m.id = l.market_id,
            LATERAL (VALUES (x.siae_id), (a.organisation_id), (m.buyer_id)) v (o)
            WHERE h.id = :'p1' AND o IS NOT NULL""",
    "/v1/needs": """
        SELECT buyer_id FROM needs WHERE id = :'p1'
        UNION SELECT organisation_id FROM need_matches WHERE need_id = :'p1'""",
    "/v1/bodies": "SELECT unnest(member_ids) FROM bodies WHERE id = :'p1'",
    "/v1/events": "SELECT unnest(organisation_ids) FROM events WHERE id = :'p1'",
    # Open job offers are there for every prescriber to refer people to.
    "/v1/job-offers": """
        SELECT organisation_id FROM job_offers WHERE id = :'p1'
        UNION SELECT o.id FROM organisations o JOIN job_offers j ON j.id = :'p1'
            WHERE j.status = 'open' AND o.kind = 'prescriber'""",
}


def related(collection, obj_id):
    """The organisations related to an object by RELATIONS (empty for other collections)."""
    if collection not in RELATIONS:
        return frozenset()
    return frozenset(row[0] for row in dbkit.sql(RELATIONS[collection], obj_id, owner=True))


def sample(items, callers):
    """The callers' own objects, then up to SAMPLE others, unpublished (private) ones first,
    at random (seeded): after the other tests a collection holds hundreds."""
    rng = random.Random(SEED)
    own = [i for i in items if any(c.owns(i) for c in callers)]
    private = [i for i in items if i not in own and i.get("published") is not True]
    public = [i for i in items if i not in own and i.get("published") is True]
    rng.shuffle(private)
    rng.shuffle(public)
    keep = private[:SAMPLE * 2 // 3]
    return own + keep + public[:SAMPLE - len(keep)]


class Caller:
    def __init__(self, name, role, client, organisation_id):
        self.name = name
        self.role = role
        self.client = client
        self.org = organisation_id

    def owns(self, obj, relations=frozenset()):
        if not self.org or not isinstance(obj, dict):
            return False
        if self.org in relations:
            return True
        return any(v == self.org for k, v in obj.items() if k == "id" or k.endswith("_id"))


@pytest.fixture(scope="module")
def callers(base_url, token_for):
    """Demo accounts of every member role, and accounts in fresh organisations."""
    from conftest import Api, login_pair
    admin = Api(base_url, token_for("admin"))
    made = []
    for role in ("buyer", "company", "supplier", "prescriber"):
        client = Api(base_url, token_for(role))
        me = client.get("/v1/auth/me").json()
        assert me.get("organisation_id"), f"demo {role} has no organisation"
        made.append(Caller(f"demo {role}", role, client, me["organisation_id"]))
    for role, kind in SECOND:
        r = admin.post("/v1/organisations",
                       json={"name": f"Authz sweep {kind} {uuid.uuid4().hex[:6]}", "kind": kind})
        assert r.status_code == 201, r.text[:300]
        org = r.json()["id"]
        password = authkit.password()
        r = admin.post("/v1/users", json={"email": authkit.unique_email(f"authz-{role}"),
                                          "display_name": f"Authz {role}", "role": role,
                                          "password": password, "organisation_id": org})
        assert r.status_code == 201, r.text[:300]
        token = login_pair(base_url, r.json()["email"], password)["access_token"]
        made.append(Caller(f"{role} of a second {kind}", role, Api(base_url, token), org))
    yield made
    for c in made:
        c.client.close()
    admin.close()


@pytest.fixture(scope="module")
def objects(base_url, token_for, callers):
    """template → [(id, object as the admin reads it)] from the admin's lists."""
    from conftest import Api
    admin = Api(base_url, token_for("admin"))
    found = {}
    for template in TEMPLATES:
        collection = PARAM.split(template)[0].rstrip("/")
        items, params = [], {"limit": 100}
        for _ in range(PAGES):
            r = admin.get(collection, params=params)
            if r.status_code != 200:
                break
            page = r.json()
            items += [i for i in page.get("items", []) if isinstance(i, dict) and "id" in i]
            if not page.get("next_cursor"):
                break
            params = {"limit": 100, "cursor": page["next_cursor"]}
        found[template] = []
        for item in sample(items, callers):
            path = PARAM.sub(item["id"], template)
            r = admin.get(path)
            if r.status_code == 200:
                found[template].append((item["id"], r.json()))
    admin.close()
    return found


def public(api, template, obj_id, obj, op_allows_anonymous):
    if isinstance(obj, dict) and (obj.get("published") is True or obj.get("public") is True):
        return True
    if op_allows_anonymous:
        return api.get(PARAM.sub(obj_id, template)).status_code == 200
    return False


@pytest.mark.parametrize("template", TEMPLATES)
def test_reads_by_id_stay_within_the_organisation(api, callers, objects, template):
    op = contract.SPEC["paths"][template]["get"]
    roles = set(op["x-roles"])
    anonymous = "anonymous" in roles
    assert objects[template] or template, template
    failures, checked = [], 0
    collection = PARAM.split(template)[0].rstrip("/")
    for obj_id, obj in objects[template]:
        is_public = public(api, template, obj_id, obj, anonymous)
        relations = related(collection, obj_id)
        path = PARAM.sub(obj_id, template)
        for c in callers:
            if c.role in STAFF:
                continue
            r = c.client.get(path)
            checked += 1
            where = f"GET {path} as {c.name}"
            if c.role not in roles:
                ok = r.status_code == 403
            elif c.owns(obj, relations):
                ok = r.status_code == 200
            elif is_public:
                ok = r.status_code in (200, 404)
            else:
                ok = r.status_code == 404
            if not ok:
                failures.append(f"{where} (public={is_public}): {r.status_code} {r.text[:120]}")
    assert not failures, f"{len(failures)} of {checked} reads:\n" + "\n".join(failures[:30])


WRITES = [(t, m, op) for t, m, op, _ in OPERATIONS if m in ("patch", "delete")]


@pytest.mark.parametrize("template, method, op", WRITES,
                         ids=[f"{m.upper()} {t}" for t, m, _ in WRITES])
def test_writes_by_id_stay_within_the_organisation(callers, objects, template, method, op):
    roles = set(op["x-roles"])
    failures, checked = [], 0
    collection = PARAM.split(template)[0].rstrip("/")
    for obj_id, obj in objects.get(template, []):
        path = PARAM.sub(obj_id, template)
        relations = related(collection, obj_id)
        for c in callers:
            if c.role in STAFF or c.owns(obj, relations):
                continue
            kwargs = {"json": {}} if "requestBody" in op else {}
            r = c.client.request(method.upper(), path, **kwargs)
            checked += 1
            allowed = {404} if c.role in roles else {403}
            if c.role in roles and isinstance(obj, dict) and obj.get("published") is True:
                allowed.add(403)
            if r.status_code not in allowed:
                failures.append(f"{method.upper()} {path} as {c.name}: {r.status_code} "
                                f"{r.text[:120]}")
    assert not failures, f"{len(failures)} of {checked} writes:\n" + "\n".join(failures[:30])


LISTS = sorted({o[3] for o in OPERATIONS})


@pytest.mark.parametrize("collection", LISTS)
def test_lists_show_only_own_or_public_items(callers, collection):
    op = contract.SPEC["paths"][collection]["get"]
    if "anonymous" in op["x-roles"]:
        pytest.skip("a public list: everything in it is public")
    failures, checked = [], 0
    for c in callers:
        if c.role in STAFF or c.role not in op["x-roles"]:
            continue
        r = c.client.get(collection, params={"limit": 100})
        assert r.status_code == 200, f"GET {collection} as {c.name}: {r.status_code}"
        for item in r.json().get("items", []):
            checked += 1
            if not c.owns(item, related(collection, item.get("id"))) and \
                    item.get("published") is not True and item.get("public") is not True:
                failures.append(f"GET {collection} as {c.name}: {item.get('id')} is "
                                f"neither theirs nor published")
    assert not failures, f"{len(failures)} of {checked} items:\n" + "\n".join(failures[:30])
