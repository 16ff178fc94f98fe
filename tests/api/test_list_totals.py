"""Lists count their matches for JSON pages only (issue 10's leftovers): every
page of a JSON list, with or without a cursor, answers the same exact `total`,
while a CSV export (no total) asks its statement not to count, so that each of
its pages reads its own rows only. The figures are in the README (Reports and
exports); here, the totals and the CSV rows of each family of list statements
(clauses' RES_PAGE, the people's PEOPLE_PAGE, the network's NW_PAGE_SELECT,
API keys, prescribers) stay what they were."""
import csv
import io

import authkit
import dbkit
import needskit

N = 7


def rows_of(r):
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"))))
    return rows[0], rows[1:]


def pages_and_csv(client, path, params):
    """Every JSON page of limit 3 (each with its total), then the CSV."""
    items, totals, cursor = [], [], None
    while True:
        r = client.get(path, params={**params, "limit": 3,
                                     **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        totals.append(page["total"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    header, body = rows_of(client.get(path, params={**params, "format": "csv"}))
    assert header == list(items[0].keys())
    assert [row[header.index("id")] for row in body] == [i["id"] for i in items]
    return items, totals


def test_markets_total_on_every_page_and_csv_without(api_as, make_user):
    buyer = make_user("buyer")
    org = buyer.organisation["id"]
    dbkit.sql(
        "INSERT INTO markets (buyer_id, reference, object, amount, start_date,"
        " end_date, created_at, updated_at) SELECT $$" + org + "$$, 'TOT-' || i,"
        " 'Objet ' || i, i, '2030-01-01', '2030-12-31', '2026-01-01'::timestamptz"
        " + i * interval '1 second', now() FROM generate_series(1, "
        + str(N) + ") i", owner=True)
    staff = api_as("facilitator")
    items, totals = pages_and_csv(staff, "/v1/markets", {"buyer_id": org})
    assert len(items) == N and totals == [N, N, N]
    # The buyer's own reach, and a filter matching nothing: total 0, empty CSV.
    own = api_as(token=buyer.login()["access_token"])
    items, totals = pages_and_csv(own, "/v1/markets", {})
    assert len(items) == N and set(totals) == {N}
    r = staff.get("/v1/markets", params={"buyer_id": org, "status": "closed"})
    assert r.json() == {"items": [], "next_cursor": None, "total": 0}
    r = staff.get("/v1/markets", params={"buyer_id": org, "status": "closed",
                                         "format": "csv"}, validate=False)
    assert r.status_code == 200 and r.content == b""


def test_api_keys_and_prescribers_totals(api_as, make_org):
    admin = api_as("admin")
    org = make_org(kind="siae")
    for i in range(N):
        r = admin.post("/v1/api-keys", json={"organisation_id": org["id"],
                                              "name": f"k{i}", "scopes": ["catalogue:read"]})
        assert r.status_code == 201, r.text
    items, totals = pages_and_csv(admin, "/v1/api-keys", {"organisation_id": org["id"]})
    assert len(items) == N and totals == [N, N, N]
    full = admin.get("/v1/prescribers", params={"limit": 100}).json()
    items, totals = pages_and_csv(admin, "/v1/prescribers", {})
    assert len(items) == full["total"] and set(totals) == {full["total"]}


def test_network_list_total(api_as):
    """Needs (NW_PAGE_SELECT): the buyer's own, every page the same total."""
    buyer = api_as("buyer")
    before = buyer.get("/v1/needs", params={"limit": 1}).json()["total"]
    sectors = needskit.two_sectors(buyer)
    for _ in range(4):
        needskit.create_need(buyer, needskit.need_body(sectors, ["97611"]))
    items, totals = pages_and_csv(buyer, "/v1/needs", {})
    assert len(items) == before + 4 and set(totals) == {before + 4}


def test_catalogue_lists_total_on_every_page_and_csv_without(api_as, make_user):
    """Offers, organisations and registrations: the catalogue's own lists."""
    supplier = make_user("supplier")
    org = supplier.organisation["id"]
    staff = api_as("facilitator")
    for i in range(N):
        r = staff.post("/v1/offers", json={
            "organisation_id": org, "title": "Offre totale %d" % i,
            "description": "Une offre comptée.", "offer_type": "service",
            "sectors": ["proprete-locaux"], "communes": ["976"]})
        assert r.status_code == 201, r.text
    items, totals = pages_and_csv(staff, "/v1/offers", {"organisation_id": org})
    assert len(items) == N and set(totals) == {N}
    items, totals = pages_and_csv(staff, "/v1/organisations", {"kind": "siae"})
    assert len(set(totals)) == 1 and totals[0] == len(items)
    for _ in range(2):
        r = api_as("anonymous").post("/v1/registrations", json={
            "organisation": {"name": "Atelier compté", "kind": "siae",
                             "siret": authkit.siret()},
            "user": {"email": authkit.unique_email("registration"),
                     "display_name": "Anli Madi", "password": authkit.password()}})
        assert r.status_code == 201, r.text
    items, totals = pages_and_csv(staff, "/v1/registrations", {})
    assert len(set(totals)) == 1 and totals[0] == len(items) >= 2
