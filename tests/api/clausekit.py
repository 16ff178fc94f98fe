"""Helpers of the social-clause tests: a market made through the API down to an insertion
action (market → lot → clause → attribution → action), each level by staff unless the test
says otherwise, and a world of organisations and accounts made for the test (a buyer, a
company, an SIAE and an outsider of each role), so that reach rules are tested on objects
nobody else touches."""

import random
from datetime import date, datetime, timedelta, timezone

import authkit

MERGE = "application/merge-patch+json"


def mayotte_today():
    return (datetime.now(timezone.utc) + timedelta(hours=3)).date()


def day(n):
    """Mayotte's today + n days, as YYYY-MM-DD."""
    return (mayotte_today() + timedelta(days=n)).isoformat()


def reference():
    return f"T-{random.randrange(10**9):09d}"


def created(r, what):
    assert r.status_code == 201, f"create {what}: {r.status_code} {r.text[:400]}"
    return r.json()


def market_body(buyer_id, **fields):
    body = {"buyer_id": buyer_id, "reference": reference(), "object": "Travaux de test",
            "amount": 1000000, "start_date": day(-180), "end_date": day(185)}
    body.update(fields)
    return body


DEMO_BUYER_ORG = "00000000-0000-4000-8000-000000000002"


class World:
    """Organisations and accounts of one test, made on first use: buyer, company (the
    attributed one), siae (of the action), and outsiders (a buyer, a company, a supplier)
    that reach nothing."""

    def __init__(self, api_as, make_user, make_org):
        self.staff = api_as("facilitator")
        self.api_as = api_as
        self.make_user = make_user
        self._people = {}
        self._clients = {}

    def person(self, name):
        if name not in self._people:
            role = {"buyer": "buyer", "company": "company", "siae": "supplier",
                    "other_buyer": "buyer", "other_company": "company",
                    "other_supplier": "supplier"}[name]
            self._people[name] = self.make_user(role)
        return self._people[name]

    def client(self, name):
        if name not in self._clients:
            token = self.person(name).login()["access_token"]
            self._clients[name] = self.api_as(token=token)
        return self._clients[name]

    buyer_org = property(lambda self: self.person("buyer").organisation)
    company_org = property(lambda self: self.person("company").organisation)
    siae_org = property(lambda self: self.person("siae").organisation)
    buyer = property(lambda self: self.client("buyer"))
    company = property(lambda self: self.client("company"))
    siae = property(lambda self: self.client("siae"))

    @property
    def outsiders(self):
        return {"buyer": self.client("other_buyer"), "company": self.client("other_company"),
                "supplier": self.client("other_supplier")}

    def chain(self, amount=1000000, labour_share=0.5, clause=None, start=-180, end=185,
              mode="direct_hire", siae=True, **market_fields):
        """Market (staff) → its lot 1 with labour_share → clause → attribution to the
        company → action (with the SIAE when siae). Returns a dict of the objects."""
        staff = self.staff
        market = created(staff.post("/v1/markets", json=market_body(
            self.buyer_org["id"], amount=amount, start_date=day(start), end_date=day(end),
            **market_fields)), "market")
        lots = staff.get(f"/v1/markets/{market['id']}/lots").json()["items"]
        assert len(lots) == 1 and lots[0]["number"] == 1, lots
        lot = staff.patch(f"/v1/lots/{lots[0]['id']}", json={"labour_share": labour_share},
                          headers={"If-Match": '"1"'}).json()
        body = {"type": "execution_condition", "rule": "amount_based", "insertion_rate": 0.05,
                "hourly_cost": 30, "penalty_per_hour": 10}
        body.update(clause or {})
        clause = created(staff.post(f"/v1/lots/{lot['id']}/clauses", json=body), "clause")
        attribution = created(staff.post(f"/v1/lots/{lot['id']}/attributions", json={
            "organisation_id": self.company_org["id"], "role": "holder",
            "amount": amount}), "attribution")
        action_body = {"mode": mode, "contract_type": "cdd", "start_date": day(start),
                       "planned_hours": 600}
        if siae:
            action_body["siae_id"] = self.siae_org["id"]
        action = created(staff.post(f"/v1/attributions/{attribution['id']}/actions",
                                    json=action_body), "action")
        return {"market": market, "lot": lot, "clause": clause, "attribution": attribution,
                "action": action}


def month(offset):
    """The month `offset` months from Mayotte's current month, YYYY-MM."""
    today = mayotte_today()
    n = today.year * 12 + today.month - 1 + offset
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def declare(client, action_id, month_text, hours, **extra):
    return client.post(f"/v1/actions/{action_id}/hours",
                       json={"month": month_text, "hours": hours, **extra})


def validate(staff, hours_id):
    r = staff.post(f"/v1/hours/{hours_id}/validate")
    assert r.status_code == 200, f"validate: {r.status_code} {r.text[:300]}"
    return r.json()


def pinned_date(text):
    return date.fromisoformat(text)


assert_problem = authkit.assert_problem
assert_validation = authkit.assert_validation
