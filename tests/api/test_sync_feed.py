"""The change feed over markets, lots, clauses, attributions and needs (issue 10), and over
bulk upserts: who sees which change, and two writers in parallel while a reader follows,
the reader ending with every change exactly once."""

import threading

import clausekit
import dbkit
import needskit
from keyskit import admin  # noqa: F401
from synckit import OFFERS, batch, offer_item, partner
from test_sync_changes import follow, follow_until, ops, tail


def test_clause_tables_enter_the_feed(api_as, make_user, make_org):
    world = clausekit.World(api_as, make_user, make_org)
    staff = world.staff
    start = tail(staff)
    chain = world.chain()
    market, lot, clause, attribution = (chain[k] for k in ("market", "lot", "clause",
                                                           "attribution"))
    ids = {market["id"], lot["id"], clause["id"], attribution["id"]}
    seen, _ = follow_until(staff, start, ids, 5)
    assert ops(seen) == [
        ("market", market["id"], "create", 1),
        ("lot", lot["id"], "create", 1),
        ("lot", lot["id"], "update", 2),
        ("clause", clause["id"], "create", 1),
        ("attribution", attribution["id"], "create", 1),
    ]
    only, _ = follow(staff, start, types="market,attribution")
    assert [c["type"] for c in only if c["id"] in ids] == ["market", "attribution"]

    # The buyer owns them all; the holder reaches what changed once it held the lot.
    mine, _ = follow(world.buyer, start)
    assert ops([c for c in mine if c["id"] in ids]) == ops(seen)
    held, _ = follow(world.company, start)
    assert ops([c for c in held if c["id"] in ids]) == [
        ("attribution", attribution["id"], "create", 1)]
    for outsider in world.outsiders.values():
        theirs, _ = follow(outsider, start)
        assert not [c for c in theirs if c["id"] in ids]


def test_needs_enter_the_feed_for_their_buyer(api_as, make_user):
    buyer = make_user("buyer")
    client = api_as(token=buyer.login()["access_token"])
    staff = api_as("facilitator")
    start = tail(staff)
    sectors = needskit.two_sectors(staff)
    need = needskit.create_need(client, needskit.need_body(sectors[:1], ["97610"]))
    seen, _ = follow_until(staff, start, {need["id"]}, 1)
    assert ops(seen) == [("need", need["id"], "create", 1)]
    mine, _ = follow(client, start)
    assert ops([c for c in mine if c["id"] == need["id"]]) == ops(seen)
    other, _ = follow(api_as("supplier"), start)
    assert not [c for c in other if c["id"] == need["id"]]


def test_two_writers_and_a_reader(base_url, admin, api_as, make_user, make_org):  # noqa: F811
    """A partner upserts offers in batches while staff write markets; a reader follows
    the feed meanwhile. The reader ends with exactly the changes the triggers wrote for
    those objects: none missed, none twice."""
    client, org = partner(base_url, admin)
    world = clausekit.World(api_as, make_user, make_org)
    buyer_id = world.buyer_org["id"]
    start = tail(admin)
    ids, errors = set(), []
    lock = threading.Lock()

    def offers():
        items = [offer_item(organisation_id=org["id"]) for _ in range(20)]
        for round_ in range(4):
            try:
                answer = batch(client, OFFERS, [dict(i, description=f"r{round_}")
                                                for i in items])
            except AssertionError as e:
                errors.append(str(e))
                return
            with lock:
                ids.update(a["id"] for a in answer)

    def markets():
        staff = api_as("admin")
        for _ in range(6):
            r = staff.post("/v1/markets", json=clausekit.market_body(buyer_id))
            if r.status_code != 201:
                errors.append(r.text)
                return
            m = r.json()
            r = staff.patch(f"/v1/markets/{m['id']}", json={"object": "Revu"},
                            headers={"If-Match": '"1"'})
            if r.status_code != 200:
                errors.append(r.text)
            with lock:
                ids.add(m["id"])

    reader = api_as("admin")
    writers = [threading.Thread(target=offers), threading.Thread(target=markets)]
    for w in writers:
        w.start()
    seen, cursor = [], start
    while any(w.is_alive() for w in writers):
        items, cursor = follow(reader, cursor, limit=13)
        seen += items
    for w in writers:
        w.join()
    assert not errors, errors
    client.close()

    truth = dbkit.sql("SELECT type, id, op, version FROM changes"
                      " WHERE id = ANY (string_to_array(:'p1', ',')::uuid[])"
                      " ORDER BY xid, seq", ",".join(sorted(ids)))
    want = [(t, i, o, int(v)) for t, i, o, v in truth]
    assert len(want) == 20 * 4 + 6 * 2, "offers: 4 writes each; markets: create, patch"
    mine = [c for c in seen if c["id"] in ids]
    rest, _ = follow_until(reader, cursor, ids, len(want) - len(mine))
    mine += rest
    assert ops(mine) == want, "every change once, in commit order"
