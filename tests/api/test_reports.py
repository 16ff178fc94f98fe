"""Reports (issue 10): indicators on clauses and people, activity, the national survey, the
end-of-clause report; their figures against figures computed here from the same data
(reportkit), masking for buyers, roles, hostile filters, and CSV parsed back and compared
with the JSON."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

import authkit
import dbkit
import reportkit as rk


@pytest.fixture
def world(make_user, make_org, api_as):
    """A buyer (account and organisation), a company, a prescriber, and a seed of data on
    two markets of that buyer and one of another buyer, far from other tests' dates."""
    buyer = make_user("buyer")
    other = make_user("buyer")
    company = make_org(kind="company")
    prescriber = make_org(kind="prescriber")
    seed = rk.Seed(buyer.organisation["id"], company["id"], prescriber["id"], buyer.id)
    m1 = seed.market("2030-01-01", "2031-12-31", commune="97611")
    m2 = seed.market("2031-06-01", "2032-06-30", commune="97608")
    m3 = seed.market("2030-01-01", "2031-12-31", buyer_id=other.organisation["id"])
    l1, l2, l3, l4 = seed.lot(m1), seed.lot(m1), seed.lot(m2), seed.lot(m3)
    seed.clause(l1, 1000, penalty=Decimal("12.50"))
    seed.clause(l2, 300, kind="award_criterion")
    seed.clause(l3, 200, kind="reserved", penalty=Decimal("5"))
    seed.clause(l4, 999)
    a1, a2 = seed.attribution(l1), seed.attribution(l2)
    a3, a4 = seed.attribution(l3), seed.attribution(l4)
    births = [2008, 2005, 1990, 1980, 1970, 1975, 1960, 2001, None]
    communes = ["97611"] * 5 + ["97608"] * 3 + [None]
    people = [seed.person(sex="F" if i < 6 else "M", birth_year=births[i],
                          commune=communes[i],
                          obstacles=["mobility"] if i < 7 else ["language", "mobility"],
                          criteria=["deld"] if i < 5 else ["rsa", "qpv"])
              for i in range(9)]
    actions = []
    for i, p in enumerate(people):
        attribution = [a1, a1, a1, a2, a2, a3, a3, a3, a1][i]
        actions.append(seed.action(
            attribution, mode=["direct_hire", "staff_provision_etti"][i % 2],
            contract=["cdd", "cddi", "cdi"][i % 3], person=p,
            start=["2030-02-01", "2030-03-01", "2031-01-01"][i % 3],
            end=["2030-12-31", None, "2031-08-31"][i % 3]))
    outsider = seed.person(sex="M", birth_year=1999, commune="97601")
    x4 = seed.action(a4, person=outsider, start="2030-02-01")
    # Hours: validated, declared, rejected, a validated correction, a pending correction.
    e = seed.entry(actions[0], "2030-02", 100)
    seed.entry(actions[0], "2030-02", 80, corrects=e)                  # validated: replaces
    e2 = seed.entry(actions[0], "2030-03", 50)
    seed.entry(actions[0], "2030-03", 70, status="declared", corrects=e2)  # pending
    seed.entry(actions[1], "2030-04", 40.5)
    seed.entry(actions[1], "2030-05", 12.25, status="declared")
    seed.entry(actions[2], "2031-02", 300)
    seed.entry(actions[3], "2030-06", 60, status="rejected")
    seed.entry(actions[3], "2031-01", 75)
    seed.entry(actions[5], "2031-07", 33.33)
    seed.entry(actions[6], "2031-08", 10)
    seed.entry(x4, "2030-05", 500)
    for i, (end, m6) in enumerate([("cdi", "cdi"), ("cdd-6-mois-plus", "cdi"),
                                   ("recherche-emploi", "cdd-moins-6-mois"),
                                   ("cdi", "formation-qualifiante"), ("contrat-aide", None),
                                   ("cdi", "cdi"), ("inactif", None)]):
        seed.outcome(actions[i], "end", end)
        if m6:
            seed.outcome(actions[i], "m6", m6)
    seed.outcome(x4, "end", "cdi")
    seed.commit()
    return {"seed": seed, "buyer": buyer, "other": other, "mine": [m1, m2],
            "actions": actions, "buyer_api": api_as(token=buyer.login()["access_token"]),
            "other_api": api_as(token=other.login()["access_token"])}


SLUGS = {400: "invalid-query", 401: "unauthorized", 403: "forbidden", 404: "not-found"}


def problem(r, status):
    return authkit.assert_problem(r, status, SLUGS[status])


def dec(v):
    return Decimal(str(v))


def check_clauses(answer, want):
    assert answer["markets"] == want["markets"]
    assert answer["lots"] == want["lots"]
    assert answer["clauses"] == want["clauses"]
    assert {k["code"]: (k["markets"], k["lots"], k["clauses"]) for k in answer["by_kind"]} \
        == want["by_kind"]
    hours = answer["hours"]
    assert dec(hours["required_hours"]) == want["required"]
    assert dec(hours["declared_hours"]) == want["declared"]
    assert dec(hours["validated_hours"]) == want["validated"]
    assert hours["validated_fte"] == rk.fte(want["validated"])
    assert {m["code"]: [dec(m["declared_hours"]), dec(m["validated_hours"])]
            for m in answer["hours_by_mode"]} == want["by_mode"]
    assert {y["year"]: [dec(y["declared_hours"]), dec(y["validated_hours"])]
            for y in answer["hours_by_year"]} == want["by_year"]
    assert answer["status"] == want["status"]
    assert dec(answer["penalties"]) == want["penalties"]


def test_clauses_report_matches_figures_computed_from_the_data(world, api_as):
    seed, buyer_id = world["seed"], world["buyer"].organisation["id"]
    staff = api_as("facilitator")
    r = staff.get(f"/v1/reports/clauses?buyer_id={buyer_id}")
    assert r.status_code == 200, r.text
    answer = r.json()
    today = date.fromisoformat(answer["today"])
    want = rk.clauses_report(seed, today, markets=world["mine"])
    check_clauses(answer, want)
    assert want["validated"] == Decimal("80") + 50 + Decimal("40.5") + 300 + 75 + \
        Decimal("33.33") + 10     # the figures above, by hand
    assert answer["filters"]["buyer_id"] == buyer_id
    [row] = answer["hours_by_buyer"]
    assert row["buyer_id"] == buyer_id and dec(row["validated_hours"]) == want["validated"]
    assert dec(row["required_hours"]) == want["required"]

    # The buyer sees the same figures of its own, without asking.
    mine = world["buyer_api"].get("/v1/reports/clauses").json()
    check_clauses(mine, want)

    # A year: markets running in it, hours of its months.
    r = staff.get(f"/v1/reports/clauses?buyer_id={buyer_id}&year=2030")
    want = rk.clauses_report(seed, today, date(2030, 1, 1), date(2030, 12, 31), world["mine"])
    check_clauses(r.json(), want)
    assert r.json()["markets"] == 1
    # A period, a market, a commune.
    r = staff.get(f"/v1/reports/clauses?buyer_id={buyer_id}&from=2031-03-01&to=2031-07-31")
    check_clauses(r.json(), rk.clauses_report(seed, today, date(2031, 3, 1),
                                              date(2031, 7, 31), world["mine"]))
    m2 = world["mine"][1]
    r = staff.get(f"/v1/reports/clauses?market_id={m2['id']}")
    check_clauses(r.json(), rk.clauses_report(seed, today, markets=[m2]))
    r = staff.get(f"/v1/reports/clauses?buyer_id={buyer_id}&commune=97608")
    check_clauses(r.json(), rk.clauses_report(seed, today, markets=[m2]))


def check_people(answer, want, masked=False):
    def shown(n):
        return None if masked and n < 5 else n

    assert answer["participants"]["people"] == shown(want["participants"])
    for name in ("by_sex", "by_age_band", "by_commune", "by_criterion", "by_obstacle"):
        got = rk.rows_dict(answer[name])
        expected = {k: shown(v) for k, v in want[name].items()}
        if name == "by_age_band":
            expected = {b: shown(want[name].get(b, 0))
                        for b in ("under_26", "26_49", "50_over", "unknown")}
        assert got == expected, name
        for row in answer[name]:
            assert (row.get("masked") == "small_count") == (row["people"] is None), row
    assert rk.rows_dict(answer["contracts"], value="contracts") == \
        {k: shown(v) for k, v in want["contracts"].items()}
    for o in answer["outcomes"]:
        w = want[o["checkpoint"]]
        assert o["people"] == shown(w["people"])
        assert rk.rows_dict(o["by_category"]) == {k: shown(v)
                                                  for k, v in w["by_category"].items()}
        assert o["sustainable"]["people"] == shown(w["sustainable"])
        rate = None if masked and w["sustainable"] < 5 else w["rate"]
        assert o["sustainable"]["rate"] == rate


def test_people_report_matches_figures_and_masks_small_counts_for_buyers(world, api_as):
    seed, buyer_id = world["seed"], world["buyer"].organisation["id"]
    staff = api_as("facilitator")
    answer = staff.get(f"/v1/reports/people?buyer_id={buyer_id}").json()
    ref = answer["age_reference_year"]
    assert ref == date.fromisoformat(answer["today"]).year
    mine = [x for x in seed.actions if x["attribution"]["lot"]["market"] in world["mine"]]
    want = rk.people_report(seed, ref, actions=mine)
    assert want["participants"] == 9
    check_people(answer, want)
    assert not any("masked" in row for row in answer["by_sex"])

    # The buyer: counts under 5 are null with "masked": "small_count".
    masked = world["buyer_api"].get("/v1/reports/people").json()
    check_people(masked, want, masked=True)
    end = next(o for o in masked["outcomes"] if o["checkpoint"] == "end")
    assert end["sustainable"] == {"people": None, "rate": None, "masked": "small_count"}
    assert end["people"] == 7 and "masked" not in end

    # A period: actions whose dates meet it (age reached at its end).
    answer = staff.get(f"/v1/reports/people?buyer_id={buyer_id}&year=2025").json()
    assert answer["age_reference_year"] == min(2025, ref)
    answer = staff.get(f"/v1/reports/people?buyer_id={buyer_id}&year=2031").json()
    assert answer["age_reference_year"] == ref   # the period's end or today, the earlier
    want = rk.people_report(seed, ref, actions=mine, start=date(2031, 1, 1),
                            end=date(2031, 12, 31))
    check_people(answer, want)


def test_clause_report_for_staff_and_its_buyer_only(world, api_as, make_user):
    seed = world["seed"]
    clause = seed.clauses[0]
    staff = api_as("facilitator")
    r = staff.get(f"/v1/clauses/{clause['id']}/report")
    assert r.status_code == 200, r.text
    report = r.json()
    today = date.fromisoformat(report["progress"]["today"])
    validated, expected, status, penalty = rk.clause_figures(seed, clause, today)
    assert dec(report["progress"]["validated_hours"]) == validated
    assert dec(report["progress"]["expected_hours"]) == expected
    assert report["progress"]["status"] == status
    assert dec(report["progress"]["penalties"]) == penalty
    assert report["clause"]["id"] == clause["id"]
    actions = [x for x in seed.actions if x["attribution"]["lot"] is clause["lot"]]
    assert report["participants"]["people"] == len({x["person"]["id"] for x in actions})
    [company] = report["companies"]
    assert dec(company["validated_hours"]) == validated
    assert company["validated_fte"] == rk.fte(validated)
    by_mode = {m["code"]: (m["actions"], m["people"]) for m in report["by_mode"]}
    want = {}
    for x in actions:
        a, p = want.get(x["mode"], (0, 0))
        want[x["mode"]] = (a + 1, p + 1)
    assert by_mode == want
    ids = {x["id"] for x in actions}
    end = rk.outcomes_of([o for o in seed.outcomes if o["action"]["id"] in ids], "end")
    got = next(o for o in report["outcomes"] if o["checkpoint"] == "end")
    assert got["people"] == end["people"] and got["sustainable"]["rate"] == end["rate"]
    assert rk.rows_dict(report["contracts"], value="contracts") == \
        rk.count_by(x["contract"] for x in actions)

    # Its buyer: the same, masked; another buyer: 404; a company: 403.
    mine = world["buyer_api"].get(f"/v1/clauses/{clause['id']}/report").json()
    assert mine["participants"] == {"people": None, "masked": "small_count"}
    assert mine["progress"] == report["progress"]
    r = world["other_api"].get(f"/v1/clauses/{clause['id']}/report")
    problem(r, 404)
    r = world["buyer_api"].get(f"/v1/clauses/{uuid.uuid4()}/report")
    problem(r, 404)
    company = api_as(token=make_user("company").login()["access_token"])
    problem(company.get(f"/v1/clauses/{clause['id']}/report"), 403)


def test_survey_figures_of_a_year(api_as, make_user, make_org):
    """The survey counts everything of a year: this test alone writes in 2040 and 2041."""
    buyers = [make_user("buyer"), make_user("buyer")]
    company, prescriber = make_org(kind="company"), make_org(kind="prescriber")
    seed = rk.Seed(buyers[0].organisation["id"], company["id"], prescriber["id"],
                   buyers[0].id)
    m1 = seed.market("2040-03-01", "2041-02-28")
    m2 = seed.market("2041-01-01", "2041-12-31", buyer_id=buyers[1].organisation["id"])
    seed.market("2040-01-01", "2040-12-31")                       # no clause: not counted
    l1, l2 = seed.lot(m1), seed.lot(m2)
    seed.clause(l1, 500)
    seed.clause(l2, 100, kind="reserved")
    a1, a2 = seed.attribution(l1), seed.attribution(l2)
    people = [seed.person(sex="F", birth_year=1990) for _ in range(3)]
    x = [seed.action(a1, person=people[0], start="2040-03-01", end="2040-12-31"),
         seed.action(a1, person=people[1], start="2040-06-01", contract=None),
         seed.action(a2, person=people[1], start="2041-01-01"),
         seed.action(a2, person=people[2], start="2041-02-01", contract="cdi")]
    seed.entry(x[0], "2040-04", 800)
    e = seed.entry(x[1], "2040-12", 1000)
    seed.entry(x[1], "2040-12", 900.5, corrects=e)
    seed.entry(x[1], "2041-01", 1607)
    seed.entry(x[3], "2041-03", 250, status="declared")
    seed.commit()
    staff = api_as("facilitator")
    for year in (2040, 2041):
        r = staff.get(f"/v1/reports/survey?year={year}")
        assert r.status_code == 200, r.text
        s = r.json()
        start, end = date(year, 1, 1), date(year, 12, 31)
        markets = [m for m in seed.markets if rk.in_period(m, start, end)
                   and any(c["lot"]["market"] is m for c in seed.clauses)]
        assert s["markets"] == len(markets)
        assert s["buyers"] == len({m["buyer_id"] for m in markets})
        validated = sum((h["hours"] for h in rk.live(seed) if h["status"] == "validated"
                         and h["month"].startswith(str(year))), Decimal(0))
        assert dec(s["validated_hours"]) == validated
        assert s["validated_fte"] == rk.fte(validated)
        actions = [a for a in seed.actions if a["start"] <= end
                   and (a["end"] is None or a["end"] >= start)]
        assert s["contracts"] == sum(1 for a in actions if a["contract"])
        assert s["participants"] == len({a["person"]["id"] for a in actions})
    assert dec(staff.get("/v1/reports/survey?year=2040").json()["validated_hours"]) == \
        Decimal("1700.5")


def test_activity_report(api_as, make_org):
    buyer = make_org(kind="buyer_public")
    company = make_org(kind="company")
    rows = [("awareness-buyers", "2033-03-01", "97611", [buyer["id"], company["id"]], 30),
            ("workshop", "2033-05-01", "97608", [company["id"]], 12),
            ("awareness-buyers", "2033-09-01", "97611", [buyer["id"]], None),
            ("workshop", "2034-01-05", "97611", [buyer["id"]], 99)]
    dbkit.sql("\n".join(
        f"INSERT INTO events (kind, title, starts_on, commune_insee, organisation_ids, "
        f"head_count, created_at, updated_at) VALUES ({rk.q(k)}, 'Test', {rk.q(d)}, "
        f"{rk.q(c)}, ARRAY[{','.join(rk.q(o) for o in orgs)}]::uuid[], {rk.q(n)}, "
        f"'{rk.AT}', '{rk.AT}');" for k, d, c, orgs, n in rows), owner=True)
    staff = api_as("facilitator")
    a = staff.get("/v1/reports/activity?year=2033").json()
    held = [r for r in rows if r[1].startswith("2033")]
    assert a["events"]["held"] == len(held)
    assert a["events"]["people_reached"] == sum(r[4] or 0 for r in held)
    assert {k["code"]: k["events"] for k in a["events"]["by_kind"]} == \
        rk.count_by(r[0] for r in held)
    assert a["buyers_made_aware"] == 1
    a = staff.get("/v1/reports/activity?from=2033-04-01&to=2034-12-31&commune=97611").json()
    assert a["events"]["held"] == 2 and a["events"]["people_reached"] == 99
    a = staff.get(f"/v1/reports/activity?year=2033&buyer_id={buyer['id']}").json()
    assert a["events"]["held"] == 2 and a["buyers_made_aware"] == 1
    # Catalogue size: counted here with plain SQL of what "published" means.
    [(suppliers, offers)] = dbkit.sql(
        "SELECT (SELECT count(*) FROM organisations WHERE published AND active AND approved),"
        " (SELECT count(*) FROM offers f JOIN organisations o ON o.id = f.organisation_id"
        " WHERE f.published AND o.published AND o.active AND o.approved)")
    assert a["catalogue"] == {"suppliers": int(suppliers), "offers": int(offers)}


@pytest.mark.parametrize("role", ["company", "supplier", "prescriber"])
def test_roles_without_reports(api_as, role):
    client = api_as(role)
    for path in ("/v1/reports/clauses", "/v1/reports/people", "/v1/reports/activity",
                 "/v1/reports/survey?year=2030", f"/v1/clauses/{uuid.uuid4()}/report"):
        problem(client.get(path), 403)


def test_buyers_get_neither_activity_nor_survey(api_as):
    buyer = api_as("buyer")
    problem(buyer.get("/v1/reports/activity"), 403)
    problem(buyer.get("/v1/reports/survey?year=2030"), 403)
    problem(api_as().get("/v1/reports/clauses"), 401)


HOSTILE = [
    ("year=abc", "year"), ("year=1999", "year"), ("year=20300", "year"),
    ("year=2030&from=2030-01-01", "year"), ("year=2030&year=2031", "year"),
    ("from=2030-02-30", "from"), ("from=30-01-01", "from"), ("to=2030-13-01", "to"),
    ("from=2030-03-01&to=2030-02-01", "to"), ("buyer_id=not-a-uuid", "buyer_id"),
    (f"buyer_id={uuid.uuid4()}", "buyer_id"), (f"market_id={uuid.uuid4()}", "market_id"),
    ("market_id=1%27%20OR%201=1", "market_id"), ("commune=97699", "commune"),
    ("commune=abcde", "commune"), ("zz_unknown=1", "zz_unknown"), ("format=xml", "format"),
    ("format=csv&delimiter=tab", "delimiter"), ("sort=name", "sort"),
]


@pytest.mark.parametrize("query,field", HOSTILE)
def test_hostile_filters_answer_400_naming_the_parameter(api_as, query, field):
    r = api_as("facilitator").get(f"/v1/reports/clauses?{query}")
    problem(r, 400)
    assert field in [e["field"] for e in r.json()["errors"]], r.json()


def test_survey_needs_a_year_and_activity_takes_no_market(api_as):
    staff = api_as("facilitator")
    r = staff.get("/v1/reports/survey")
    problem(r, 400)
    assert r.json()["errors"][0]["field"] == "year"
    r = staff.get(f"/v1/reports/activity?market_id={uuid.uuid4()}")
    problem(r, 400)
    assert r.json()["errors"][0]["field"] == "market_id"


def test_a_buyer_may_not_filter_on_another_buyer(world):
    other_id = world["other"].organisation["id"]
    r = world["buyer_api"].get(f"/v1/reports/clauses?buyer_id={other_id}")
    problem(r, 400)
    assert r.json()["errors"][0] == {"field": "buyer_id", "code": "unknown",
                                     "detail": r.json()["errors"][0]["detail"]}
    market = world["seed"].markets[2]
    r = world["buyer_api"].get(f"/v1/reports/people?market_id={market['id']}")
    problem(r, 400)


@pytest.mark.parametrize("path", ["/v1/reports/clauses", "/v1/reports/people"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_report_csv_holds_the_json_figures(world, api_as, path, delimiter):
    buyer_id = world["buyer"].organisation["id"]
    for client, query in ((api_as("facilitator"), f"?buyer_id={buyer_id}"),
                          (world["buyer_api"], "?")):
        answer = client.get(path + query).json()
        extra = "&delimiter=semicolon" if delimiter == ";" else ""
        r = client.get(f"{path}{query}&format=csv{extra}")
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = rk.parse_csv(r, delimiter)
        assert rows[0] == ["section", "item", "label", "measure", "value", "masked"]
        assert rk.numeric_rows(rows[1:]) == rk.numeric_rows(rk.flatten(answer))
        assert len(rows) - 1 == len(rk.flatten(answer))


def test_report_csv_by_accept_header_and_clause_report(world, api_as):
    staff = api_as("facilitator")
    clause = world["seed"].clauses[0]
    r = staff.get(f"/v1/clauses/{clause['id']}/report", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    answer = staff.get(f"/v1/clauses/{clause['id']}/report").json()
    assert rk.numeric_rows(rk.parse_csv(r)[1:]) == rk.numeric_rows(rk.flatten(answer))
    r = staff.get("/v1/reports/survey?year=2031&format=csv")
    rows = rk.parse_csv(r)
    answer = staff.get("/v1/reports/survey?year=2031").json()
    assert rk.numeric_rows(rows[1:]) == rk.numeric_rows(rk.flatten(answer))


def test_list_csv_streams_every_page_and_defuses_formulas(api_as, make_user):
    """A list as CSV: every item from the cursor on (several internal pages of 500),
    the same items as the JSON pages, one column per field, formulas defused."""
    buyer = make_user("buyer")
    org = buyer.organisation["id"]
    n = 1234
    dbkit.sql(
        "INSERT INTO markets (buyer_id, reference, object, amount, start_date, end_date,"
        " created_at, updated_at) SELECT $$" + org + "$$, 'CSV-' || i, CASE WHEN i = 7"
        " THEN '=HYPERLINK(\"http://x\")' WHEN i = 8 THEN '-2+3' ELSE 'Objet; \"n°' || i ||"
        " '\"' END, i, '2030-01-01', '2030-12-31', '2026-01-01'::timestamptz +"
        " i * interval '1 second', '2026-01-01'::timestamptz + i * interval '1 second'"
        " FROM generate_series(1, " + str(n) + ") i", owner=True)
    staff = api_as("facilitator")
    pages, cursor = [], None
    while True:
        r = staff.get(f"/v1/markets?buyer_id={org}&limit=100" +
                      (f"&cursor={cursor}" if cursor else ""))
        pages += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            break
    assert len(pages) == n
    for delimiter, extra in ((",", ""), (";", "&delimiter=semicolon")):
        r = staff.get(f"/v1/markets?buyer_id={org}&format=csv{extra}")
        assert r.status_code == 200, r.text[:300]
        assert r.headers.get("Transfer-Encoding") == "chunked"
        assert "Content-Length" not in r.headers
        rows = rk.parse_csv(r, delimiter)
        header, body = rows[0], rows[1:]
        assert header == list(pages[0].keys())
        assert len(body) == n
        got = [dict(zip(header, row)) for row in body]
        assert [g["id"] for g in got] == [p["id"] for p in pages]
        for g, p in zip(got, pages):
            obj = p["object"]
            if obj[0] in "=+-@":
                obj = "'" + obj
            assert g["object"] == obj
            assert Decimal(g["amount"]) == Decimal(str(p["amount"]))
            assert g["decp_id"] == ""
    # From a cursor on: the rest only.
    first = staff.get(f"/v1/markets?buyer_id={org}&limit=100").json()
    r = staff.get(f"/v1/markets?buyer_id={org}&format=csv&cursor={first['next_cursor']}")
    assert len(rk.parse_csv(r)) - 1 == n - 100
    # An empty list: an empty body; Accept: text/csv asks for CSV as well.
    r = staff.get(f"/v1/markets?buyer_id={uuid.uuid4()}&format=csv", validate=False)
    assert r.status_code == 200 and r.content == b""
    r = staff.get(f"/v1/markets?buyer_id={org}&limit=5", headers={"Accept": "text/csv"})
    assert r.headers["Content-Type"].startswith("text/csv")
