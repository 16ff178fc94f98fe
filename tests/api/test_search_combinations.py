"""The catalogue's SQL is composed from the filters a request gives (one prepared text per
combination of filters, src/core/searchsql.c): every combination of the supplier filters,
with and without q, in every sort, paged, must select exactly the suppliers each filter
selects alone (test_catalogue.FILTERS, checked by hand), intersected. And network membership
follows the program's clock (ASR_NOW), not PostgreSQL's.
"""

import itertools

import authkit
import cataloguekit as kit
from cataloguekit import ids_of, search_ids, word
from conftest import login_pair
from test_catalogue import SUPPLIERS, admin, fold, letters, world  # noqa: F401 (fixtures)

# One value per filter and the module world's suppliers it selects alone.
SINGLE = {
    "kind": (["siae", "geiq"], "ABE"),
    "subkind": (["EI", "ESAT"], "AC"),
    "sector": (["btp-peinture", "proprete-locaux"], "ACE"),
    "sector_group": (["espaces-verts", "proprete"], "BCE"),
    "commune": (["97601", "97610"], "BDE"),
    "label": (["L0"], "AD"),
    "offer_type": (["service", "staff_provision"], "CE"),
    "member": ("false", "BCDE"),
}
SORTS = ("relevance", "name", "-updated_at")


def combinations():
    names = sorted(SINGLE)
    for size in range(len(names) + 1):
        yield from itertools.combinations(names, size)


def request_of(world, combo):
    labels = dict(zip(("L0", "L1"), world["labels"]))
    params, expected = {}, set("ABCDE")
    for name in combo:
        value, selected = SINGLE[name]
        params[name] = [labels.get(v, v) for v in value] if isinstance(value, list) else value
        expected &= set(selected)
    return params, "".join(sorted(expected))


def assert_sorted(items, sort):
    if sort == "name":
        keys = [(fold(s["name"]), s["id"]) for s in items]
        assert keys == sorted(keys), keys
    elif sort == "-updated_at":
        stamps = [authkit.parse_time(s["updated_at"]) for s in items]
        assert stamps == sorted(stamps, reverse=True), stamps


def test_every_combination_of_filters_with_q(api, world):
    """256 combinations, the sort and the page size varying with them (pages of 1 or 2
    follow cursors through the composed SQL), half with updated_since (selecting all)."""
    first = min(authkit.parse_time(o["updated_at"]) for o in world["orgs"].values())
    since = authkit.rfc3339(first.replace(microsecond=0))
    for n, combo in enumerate(combinations()):
        params, expected = request_of(world, combo)
        params["q"] = world["tok"]
        if n % 2:
            params["updated_since"] = since
        sort = SORTS[n % 3]
        items, _, body = kit.follow(api, SUPPLIERS, dict(params, sort=sort),
                                    limit=(1, 2, 100)[n % 3])
        got = ids_of(items)
        assert not got & set(world["hidden"]), f"{combo}: a hidden organisation is listed"
        assert letters(world, got) == expected, f"{combo} sort={sort}"
        assert_sorted(items, sort)
        kinds = body["facets"]["kinds"]
        assert sum(k["count"] for k in kinds) == len(expected), f"{combo}: {kinds}"


def test_every_combination_of_filters_without_q(api, world):
    """Without q another text is composed: the module's suppliers among the rest."""
    mine = set(world["ids"].values())
    for n, combo in enumerate(combinations()):
        if not combo or n % 3:
            continue
        params, expected = request_of(world, combo)
        got = search_ids(api, sort=SORTS[1 + n % 2], **params) & mine
        assert letters(world, got) == expected, f"{combo}"


def test_member_follows_the_clock(api, admin, spawn_server, server_env, api_as):
    """member is computed with Mayotte's today from the clock (ASR_NOW in test builds): true
    the evening before the membership ends, false from Mayotte's midnight (UTC+3) on, in the
    search, its member filter, the supplier page and the organisation itself."""
    tok = word()
    org = kit.public_supplier(admin, "ess", name=f"Membre {tok}",
                              member_since="2020-01-01", member_until="2031-01-01")
    database_url, key_file = server_env[0], server_env[1]
    for now, member in (("2030-12-31T20:59:59Z", True), ("2030-12-31T21:00:00Z", False)):
        server = spawn_server(database_url, ASR_TOKEN_KEY_FILE=key_file, ASR_NOW=now)
        client = api_as("anonymous", base=server.url)
        body = client.get(SUPPLIERS, params={"q": tok}).json()
        assert [s["member"] for s in body["items"]] == [member], now
        filtered = client.get(SUPPLIERS, params={"q": tok, "member": "true"}).json()
        assert len(filtered["items"]) == (1 if member else 0), now
        page = client.get(f"{SUPPLIERS}/{org['id']}")
        assert page.status_code == 200 and page.json()["member"] is member, now
        token = login_pair(server.url, authkit.DEMO_EMAILS["admin"],
                           authkit.DEMO_PASSWORD)["access_token"]
        staff = api_as(token=token, base=server.url)
        r = staff.get(f"/v1/organisations/{org['id']}")
        assert r.status_code == 200 and r.json()["member"] is member, now
        assert staff.get("/v1/auth/me").status_code == 200
