"""The change feed (GET /v1/sync/changes): every create, update and delete once, in the
order of the transactions that made them, even when a transaction commits after later ones;
next_cursor never null; filters and bad input; what a partner's view leaves out.

Each test follows the feed from its current end (`tail()`), so other tests' changes before
it do not matter, and looks only at the objects it made.
"""
import threading
import time

import pytest

import cataloguekit as kit
import dbkit
from authkit import assert_invalid_query, assert_problem
from keyskit import create_key, key_clients  # noqa: F401

CHANGES = "/v1/sync/changes"


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def page(client, cursor=None, **params):
    if cursor is not None:
        params["cursor"] = cursor
    r = client.get(CHANGES, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"], "next_cursor is never null"
    return body


def tail(client):
    """The cursor at the feed's current end."""
    cursor = None
    while True:
        body = page(client, cursor, limit=100)
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


def follow(client, cursor, limit=100, **params):
    """Every change after cursor available now, and the cursor after them."""
    items = []
    while True:
        body = page(client, cursor, limit=limit, **params)
        items += body["items"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return items, cursor


def follow_until(client, cursor, ids, count, timeout=10):
    """Follows until count changes of the given ids are seen (a change shows once every
    transaction older than it has ended)."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        items, cursor = follow(client, cursor)
        seen += [c for c in items if c["id"] in ids]
        if len(seen) >= count or time.monotonic() > deadline:
            return seen, cursor
        time.sleep(0.05)


def ops(changes):
    return [(c["type"], c["id"], c["op"], c["version"]) for c in changes]


def test_create_update_delete_in_order(admin):
    start = tail(admin)
    org = kit.public_supplier(admin)
    offer = kit.create_offer(admin, org["id"], published=True)
    r = admin.patch(f"/v1/offers/{offer['id']}", json={"title": "Nouveau titre"},
                    headers={"Content-Type": kit.MERGE, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    r = admin.delete(f"/v1/offers/{offer['id']}", headers={"If-Match": '"2"'})
    assert r.status_code == 204, r.text

    seen, _ = follow_until(admin, start, {org["id"], offer["id"]}, 4)
    assert ops(seen) == [
        ("organisation", org["id"], "create", 1),
        ("offer", offer["id"], "create", 1),
        ("offer", offer["id"], "update", 2),
        ("offer", offer["id"], "delete", 2),
    ]
    for c in seen:
        assert c["changed_at"].endswith("Z")


def test_pages_of_one_give_the_same_sequence(admin):
    start = tail(admin)
    org = kit.create_org(admin)
    offers = [kit.create_offer(admin, org["id"]) for _ in range(4)]
    ids = {org["id"]} | {o["id"] for o in offers}
    whole, _ = follow_until(admin, start, ids, 5)
    one_by_one, cursor = [], start
    for _ in range(50):
        body = page(admin, cursor, limit=1)
        assert len(body["items"]) <= 1
        one_by_one += [c for c in body["items"] if c["id"] in ids]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert ops(one_by_one) == ops(whole)
    assert len(whole) == 5


def test_empty_page_gives_its_cursor_back(admin):
    cursor = tail(admin)
    body = page(admin, cursor)
    assert body == {"items": [], "next_cursor": cursor, "has_more": False}
    assert page(admin, limit=1)["next_cursor"] != cursor, "the start is not the end"


def test_types_filter(admin):
    start = tail(admin)
    org = kit.create_org(admin)
    offer = kit.create_offer(admin, org["id"])
    ids = {org["id"], offer["id"]}
    follow_until(admin, start, ids, 2)
    for params in ({"types": "offer"}, {"types": ["offer"]}):
        items, _ = follow(admin, start, **params)
        assert [c["id"] for c in items if c["id"] in ids] == [offer["id"]]
        assert {c["type"] for c in items} <= {"offer"}
    for params in ({"types": "offer,organisation"}, {"types": ["offer", "organisation"]}):
        items, _ = follow(admin, start, **params)
        assert [c["id"] for c in items if c["id"] in ids] == [org["id"], offer["id"]]


@pytest.mark.parametrize("types", ["", "offers", "offer,", ",offer", "offer,,organisation",
                                   "Offer", "markets", "offer;organisation", "o" * 300,
                                   "offer%00"])
def test_unknown_types_refused(admin, types):
    assert_invalid_query(admin.get(CHANGES, params={"types": types}), ("types", "invalid"))


@pytest.mark.parametrize("cursor", ["x", "WyIxIl0", "WyItMSIsIjEiXQ", "WyIxIiwieCJd",
                                    "WyIwMSIsIjEiXQ",
                                    "WyIxMjM0NTY3ODkwMTIzNDU2Nzg5MDEiLCIxIl0",
                                    "WyIyMDI2LTExLTI3VDEyOjAwOjAwWiIsIjNmMWMyYThlLTRiN2QtNGMxZS05YTU3LTBkNmY1YjJlOGM0MSJd"])
def test_bad_cursors_refused(admin, cursor):
    assert_invalid_query(admin.get(CHANGES, params={"cursor": cursor}), ("cursor", "invalid"))


@pytest.mark.parametrize("limit", ["0", "-1", "101", "x", "1.5", ""])
def test_bad_limits_refused(admin, limit):
    assert_invalid_query(admin.get(CHANGES, params={"limit": limit}), ("limit", "invalid"))


def test_late_commit_is_neither_missed_nor_repeated(admin):
    """A transaction that took its id first but commits last: the feed holds back the later
    ones until it ends, then serves all three once, the late one first (its id is older)."""
    org, other = kit.create_org(admin), kit.create_org(admin)
    early = kit.create_offer(admin, org["id"])
    start = tail(admin)
    held = dbkit.OpenTransaction(owner=True)
    try:
        held.run(f"UPDATE offers SET title = 'Tenue', version = version + 1 "
                 f"WHERE id = '{early['id']}'")
        # Another organisation: the held update locks its own offer's organisation.
        a = kit.create_offer(admin, other["id"])
        b = kit.create_offer(admin, other["id"])
        items, cursor = follow(admin, start)
        mine = [c for c in items if c["id"] in {early["id"], a["id"], b["id"]}]
        assert mine == [], "changes served past a transaction still running"
    finally:
        held.commit()
    seen, _ = follow_until(admin, cursor, {early["id"], a["id"], b["id"]}, 3)
    assert ops(seen) == [("offer", early["id"], "update", 2), ("offer", a["id"], "create", 1),
                         ("offer", b["id"], "create", 1)]


def test_concurrent_writers_each_change_once(admin, api_as):
    """Two writers update offers while a reader follows: the reader ends with every version
    of every offer exactly once."""
    org = kit.create_org(admin)
    offers = [kit.create_offer(admin, org["id"]) for _ in range(2)]
    start = tail(admin)
    rounds = 15
    errors = []

    def write(offer):
        client = api_as("admin")
        for version in range(1, rounds + 1):
            r = client.patch(f"/v1/offers/{offer['id']}", json={"title": f"v{version + 1}"},
                             headers={"Content-Type": kit.MERGE, "If-Match": f'"{version}"'})
            if r.status_code != 200:
                errors.append(r.text)

    seen, cursor = [], start
    writers = [threading.Thread(target=write, args=(o,)) for o in offers]
    for w in writers:
        w.start()
    ids = {o["id"] for o in offers}
    while any(w.is_alive() for w in writers):
        items, cursor = follow(admin, cursor, limit=7)
        seen += [c for c in items if c["id"] in ids]
    for w in writers:
        w.join()
    assert not errors, errors
    rest, _ = follow_until(admin, cursor, ids, 2 * rounds - len(seen))
    seen += rest
    got = sorted((c["id"], c["version"]) for c in seen)
    want = sorted((o["id"], v) for o in offers for v in range(2, rounds + 2))
    assert got == want


def test_partner_view_rules_in_sql(admin):
    """What a partner sees is decided in the feed's SQL from each change's owner and public
    view; checked here through the rows the triggers wrote."""
    start = tail(admin)
    org = kit.public_supplier(admin)
    hidden = kit.create_offer(admin, org["id"], published=False)
    shown = kit.create_offer(admin, org["id"], published=True)
    r = admin.patch(f"/v1/offers/{shown['id']}", json={"published": False},
                    headers={"Content-Type": kit.MERGE, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    follow_until(admin, start, {hidden["id"], shown["id"]}, 3)
    rows = dbkit.sql("SELECT id, op, was_public, is_public, organisation_id FROM changes "
                     "WHERE id IN (:'p1', :'p2') ORDER BY xid, seq",
                     hidden["id"], shown["id"])
    assert rows == [
        (hidden["id"], "create", "f", "f", org["id"]),
        (shown["id"], "create", "f", "t", org["id"]),
        (shown["id"], "update", "t", "f", org["id"]),
    ]


def test_application_cannot_rewrite_the_feed():
    for statement in ("UPDATE changes SET op = 'update'", "DELETE FROM changes",
                      "TRUNCATE changes"):
        out = dbkit.sql(statement, check=False)
        assert out.returncode != 0 and "permission denied" in out.stderr, statement



def test_partner_key_follows_its_own_and_the_public_view(admin, base_url, key_clients):
    """A supplier's key with sync:read: its own offers in every state; another
    organisation's offers only as the public sees them (entering: create, leaving:
    delete), never while private; a key without the scope gets 403."""
    mine = kit.public_supplier(admin)
    other = kit.public_supplier(admin)
    key = create_key(admin, mine["id"], scopes=["sync:read"])["key"]
    partner = key_clients(base_url, key)
    start = tail(admin)

    own_draft = kit.create_offer(admin, mine["id"], published=False)
    hidden = kit.create_offer(admin, other["id"], published=False)
    shown = kit.create_offer(admin, other["id"], published=True)
    r = admin.patch(f"/v1/offers/{shown['id']}", json={"published": False},
                    headers={"Content-Type": kit.MERGE, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    ids = {own_draft["id"], hidden["id"], shown["id"]}
    follow_until(admin, start, ids, 4)

    seen, _ = follow(partner, start)
    assert ops([c for c in seen if c["id"] in ids]) == [
        ("offer", own_draft["id"], "create", 1),
        ("offer", shown["id"], "create", 1),
        ("offer", shown["id"], "delete", 2),
    ]

    no_scope = key_clients(base_url, create_key(admin, mine["id"],
                                                scopes=["catalogue:read"])["key"])
    assert_problem(no_scope.get(CHANGES), 403, "forbidden")


def test_feed_as_csv_from_a_cursor(admin, base_url):
    """format=csv: every change visible from the cursor on, in feed order, streamed over
    several internal pages (of 500), the JSON items' fields as columns; the JSON answer
    keeps next_cursor and has_more; a bad format answers 400 naming it."""
    import csv
    import io

    import synckit
    start = tail(admin)
    partner, org = synckit.partner(base_url, admin, kind="siae")
    made = synckit.batch(partner, "/v1/sync/offers",
                         [synckit.offer_item(organisation_id=org["id"]) for _ in range(520)])
    ids = {org["id"]} | {a["id"] for a in made}
    whole, _ = follow_until(admin, start, ids, 521, timeout=30)
    assert len(whole) == 521
    for delimiter, extra in ((",", {}), (";", {"delimiter": "semicolon"})):
        r = admin.get(CHANGES, params={"cursor": start, "format": "csv", **extra})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
        assert r.headers.get("Transfer-Encoding") == "chunked"
        text = r.content.decode("utf-8")
        assert text.startswith("\ufeff") == (delimiter == ";")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
        assert rows[0] == ["type", "id", "op", "version", "changed_at"]
        got = [dict(zip(rows[0], row)) for row in rows[1:]]
        mine = [(g["type"], g["id"], g["op"], int(g["version"])) for g in got
                if g["id"] in ids]
        assert mine == ops(whole)
        assert len({(g["type"], g["id"], g["op"], g["version"], g["changed_at"])
                    for g in got}) == len(got), "no change twice"
    # The JSON answer is unchanged; the end of the feed answers CSV too.
    body = page(admin, start, limit=2)
    assert set(body) == {"items", "next_cursor", "has_more"} and body["has_more"]
    end = tail(admin)
    r = admin.get(CHANGES, params={"cursor": end, "format": "csv"}, validate=False)
    assert r.status_code == 200
    assert_invalid_query(admin.get(CHANGES, params={"format": "xlsx"}),
                         ("format", "invalid"))
    assert_invalid_query(admin.get(CHANGES, params={"format": "csv", "cursor": "!"}),
                         ("cursor", "invalid"))
    assert_invalid_query(admin.get(CHANGES, params={"format": "csv", "types": "person"}),
                         ("types", "invalid"))
