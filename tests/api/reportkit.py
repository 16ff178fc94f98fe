"""Helpers of the report tests: a Seed writes markets, lots, clauses, attributions, actions,
hours (with corrections), people, criteria and outcomes straight into the database (one
script, as the owner), and keeps them as Python objects; the expected figures are computed
here from those objects with the rules of DOMAIN.md and 0012_clauses_progress.sql, never by
running the reports' SQL."""

import csv
import io
import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import dbkit

AT = "2026-01-01T00:00:00Z"
TWO = Decimal("0.01")


def q(v):
    """A SQL literal of a Python value (the values are ours: UUIDs, codes, numbers)."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal, float)):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "ARRAY[" + ",".join(q(x) for x in v) + "]::text[]" if v else "'{}'::text[]"
    return "'" + str(v).replace("'", "''") + "'"


def half_up(x):
    return Decimal(x).quantize(TWO, rounding=ROUND_HALF_UP)


class Seed:
    """Objects of one test, inserted by commit()."""

    def __init__(self, buyer_id, company_id, prescriber_id, user_id):
        self.buyer_id = buyer_id
        self.company_id = company_id
        self.prescriber_id = prescriber_id
        self.user_id = user_id
        self.markets, self.lots, self.clauses, self.attributions = [], [], [], []
        self.actions, self.hours, self.people, self.outcomes = [], [], [], []
        self.sql = []

    def _insert(self, table, **cols):
        self.sql.append(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                        f"({', '.join(q(v) for v in cols.values())});")

    def market(self, start, end, commune="97611", buyer_id=None, reference=None, obj=None):
        m = {"id": str(uuid.uuid4()), "buyer_id": buyer_id or self.buyer_id,
             "start": date.fromisoformat(start), "end": date.fromisoformat(end),
             "commune": commune}
        self.markets.append(m)
        self._insert("markets", id=m["id"], buyer_id=m["buyer_id"],
                     reference=reference or f"R-{m['id'][:8]}", object=obj or "Travaux",
                     amount=100000, start_date=start, end_date=end, commune_insee=commune,
                     created_at=AT, updated_at=AT)
        return m

    def lot(self, market):
        lot = {"id": str(uuid.uuid4()), "market": market}
        number = 1 + sum(1 for x in self.lots if x["market"] is market)
        self.lots.append(lot)
        self._insert("lots", id=lot["id"], market_id=market["id"], number=number,
                     title="Lot", amount=100000, created_at=AT, updated_at=AT)
        return lot

    def clause(self, lot, required, kind="execution_condition", penalty=None):
        c = {"id": str(uuid.uuid4()), "lot": lot, "type": kind,
             "required": Decimal(str(required)), "penalty": penalty}
        self.clauses.append(c)
        self._insert("clauses", id=c["id"], lot_id=lot["id"], type=kind, rule="hours_share",
                     insertion_rate=Decimal("0.05"), hours_worked=Decimal(str(required)) * 20,
                     computed_hours=Decimal(str(required)), penalty_per_hour=penalty,
                     created_at=AT, updated_at=AT)
        return c

    def attribution(self, lot, organisation_id=None, role="holder"):
        a = {"id": str(uuid.uuid4()), "lot": lot,
             "organisation_id": organisation_id or self.company_id, "role": role}
        self.attributions.append(a)
        self._insert("attributions", id=a["id"], lot_id=lot["id"],
                     organisation_id=a["organisation_id"], role=role, created_at=AT,
                     updated_at=AT)
        return a

    def person(self, sex=None, birth_year=None, commune=None, obstacles=(), criteria=()):
        p = {"id": str(uuid.uuid4()), "sex": sex, "birth_year": birth_year,
             "commune": commune, "obstacles": list(obstacles), "criteria": list(criteria)}
        self.people.append(p)
        code = "P-" + uuid.uuid4().hex[:8].upper()
        self._insert("beneficiaries", id=p["id"], code=code, sex=sex, birth_year=birth_year,
                     commune_insee=commune, obstacles=list(obstacles),
                     prescriber_id=self.prescriber_id, erased_at=AT, last_activity_at=AT,
                     created_at=AT, updated_at=AT)
        for c in criteria:
            self._insert("beneficiary_criteria", beneficiary_id=p["id"], criterion=c,
                         prescriber_id=self.prescriber_id, vouched_on="2025-01-01",
                         expires_on="2025-07-01", created_by=self.user_id, created_at=AT)
        return p

    def action(self, attribution, mode="direct_hire", contract="cdd", person=None,
               start="2025-01-01", end=None):
        x = {"id": str(uuid.uuid4()), "attribution": attribution, "mode": mode,
             "contract": contract, "person": person, "start": date.fromisoformat(start),
             "end": date.fromisoformat(end) if end else None}
        self.actions.append(x)
        self._insert("insertion_actions", id=x["id"], attribution_id=attribution["id"],
                     mode=mode, contract_type=contract,
                     beneficiary_id=person["id"] if person else None, start_date=start,
                     end_date=end, created_at=AT, updated_at=AT)
        return x

    def entry(self, action, month, hours, status="validated", corrects=None):
        """An hours entry; a validated correction replaces the entry it corrects."""
        h = {"id": str(uuid.uuid4()), "action": action, "month": month,
             "hours": Decimal(str(hours)), "status": status, "corrects": corrects,
             "replaced_by": None}
        self.hours.append(h)
        self._insert("hours_entries", id=h["id"], action_id=action["id"], month=month,
                     hours=h["hours"], status=status,
                     corrects_id=corrects["id"] if corrects else None,
                     declared_by=self.user_id, created_at=AT, updated_at=AT)
        if corrects is not None and status == "validated":
            corrects["replaced_by"] = h
            self.sql.append(f"UPDATE hours_entries SET replaced_by = {q(h['id'])} "
                            f"WHERE id = {q(corrects['id'])};")
        return h

    def outcome(self, action, checkpoint, category):
        o = {"action": action, "checkpoint": checkpoint, "category": category}
        self.outcomes.append(o)
        self._insert("outcomes", beneficiary_id=action["person"]["id"], action_id=action["id"],
                     checkpoint=checkpoint, category=category, recorded_at="2025-12-01",
                     created_at=AT, updated_at=AT)
        return o

    def commit(self):
        dbkit.sql("BEGIN;\n" + "\n".join(self.sql) + "\nCOMMIT;", owner=True)
        self.sql = []


# The figures, computed from the objects.

def live(seed):
    """Entries not rejected and not replaced by a validated correction."""
    return [h for h in seed.hours if h["status"] != "rejected" and h["replaced_by"] is None]


def declared_counts(seed, h, entries):
    return not any(c["corrects"] is h and c["status"] == "declared" for c in entries)


def lot_of(h):
    return h["action"]["attribution"]["lot"]


def in_period(market, start, end):
    return (start is None or market["end"] >= start) and (end is None or market["start"] <= end)


def expected_hours(required, start, end, today):
    if today <= start:
        return Decimal(0)
    if today >= end:
        return required
    return half_up(required * (today - start).days / Decimal((end - start).days))


def status_of(required, validated, expected):
    if validated >= required:
        return "met"
    if validated < Decimal("0.9") * expected:
        return "late"
    return "on_track"


def clause_figures(seed, c, today):
    entries = live(seed)
    validated = sum((h["hours"] for h in entries
                     if lot_of(h) is c["lot"] and h["status"] == "validated"), Decimal(0))
    m = c["lot"]["market"]
    expected = expected_hours(c["required"], m["start"], m["end"], today)
    penalty = half_up((c["penalty"] or 0) * max(expected - validated, 0))
    return validated, expected, status_of(c["required"], validated, expected), penalty


def fte(hours):
    cents = int(Decimal(hours) * 100)
    return float(Decimal((2 * cents + 1607) // (2 * 1607)) / 100)


def clauses_report(seed, today, start=None, end=None, markets=None):
    """What /v1/reports/clauses answers for the seed's markets (or those given)."""
    markets = [m for m in (markets or seed.markets) if in_period(m, start, end)]
    clauses = [c for c in seed.clauses if c["lot"]["market"] in markets]
    m0 = start.strftime("%Y-%m") if start else None
    m1 = end.strftime("%Y-%m") if end else None
    entries = live(seed)
    hp = [h for h in entries if lot_of(h)["market"] in markets
          and (m0 is None or h["month"] >= m0) and (m1 is None or h["month"] <= m1)]
    val = [h for h in hp if h["status"] == "validated"]
    dec = [h for h in hp if declared_counts(seed, h, entries)]
    out = {"markets": len({c["lot"]["market"]["id"] for c in clauses}),
           "lots": len({c["lot"]["id"] for c in clauses}), "clauses": len(clauses)}
    out["by_kind"] = {k: (len({c["lot"]["market"]["id"] for c in clauses if c["type"] == k}),
                          len({c["lot"]["id"] for c in clauses if c["type"] == k}),
                          sum(1 for c in clauses if c["type"] == k))
                      for k in ("execution_condition", "award_criterion", "reserved")}
    out["required"] = sum((c["required"] for c in clauses), Decimal(0))
    out["declared"] = sum((h["hours"] for h in dec), Decimal(0))
    out["validated"] = sum((h["hours"] for h in val), Decimal(0))
    modes = {}
    for h in hp:
        d = modes.setdefault(h["action"]["mode"], [Decimal(0), Decimal(0)])
        if h in dec:
            d[0] += h["hours"]
        if h in val:
            d[1] += h["hours"]
    out["by_mode"] = modes
    years = {}
    for h in hp:
        d = years.setdefault(int(h["month"][:4]), [Decimal(0), Decimal(0)])
        if h in dec:
            d[0] += h["hours"]
        if h in val:
            d[1] += h["hours"]
    out["by_year"] = years
    statuses = {"on_track": 0, "late": 0, "met": 0}
    penalties = Decimal(0)
    for c in clauses:
        _, _, s, p = clause_figures(seed, c, today)
        statuses[s] += 1
        penalties += p
    out["status"] = statuses
    out["penalties"] = penalties
    return out


def age_band(ref_year, birth_year):
    if not birth_year or birth_year > ref_year:
        return "unknown"
    age = ref_year - birth_year
    return "under_26" if age < 26 else "26_49" if age < 50 else "50_over"


def count_by(values):
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


SUSTAINABLE = {"cdi", "cdd-6-mois-plus", "fonction-publique", "creation-entreprise"}


def outcomes_of(outcomes, checkpoint):
    rows = [o for o in outcomes if o["checkpoint"] == checkpoint]
    n = len(rows)
    sus = sum(1 for o in rows if o["category"] in SUSTAINABLE)
    return {"people": n, "by_category": count_by(o["category"] for o in rows),
            "sustainable": sus, "rate": round(sus / n, 4) if n else None}


def people_report(seed, ref_year, actions=None, start=None, end=None):
    actions = [x for x in (actions or seed.actions)
               if (end is None or x["start"] <= end)
               and (start is None or x["end"] is None or x["end"] >= start)]
    people = {x["person"]["id"]: x["person"] for x in actions if x["person"]}.values()
    ids = {x["id"] for x in actions}
    return {
        "participants": len(people),
        "by_sex": count_by(p["sex"] for p in people),
        "by_age_band": count_by(age_band(ref_year, p["birth_year"]) for p in people),
        "by_commune": count_by(p["commune"] for p in people),
        "by_criterion": count_by(c for p in people for c in set(p["criteria"])),
        "by_obstacle": count_by(o for p in people for o in set(p["obstacles"])),
        "contracts": count_by(x["contract"] for x in actions if x["contract"]),
        "end": outcomes_of([o for o in seed.outcomes if o["action"]["id"] in ids], "end"),
        "m6": outcomes_of([o for o in seed.outcomes if o["action"]["id"] in ids], "m6"),
    }


def rows_dict(rows, key="code", value="people"):
    return {r[key]: r[value] for r in rows}


# CSV

ID_KEYS = ("code", "checkpoint", "year", "birth_year", "buyer_id", "organisation_id",
           "clause_id", "id")


def cell(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return repr(v) if "e" in repr(v) else str(v)
    return str(v)


def flatten(obj, section="", item="", label="", idkey=None, out=None):
    """The rows (section, item, label, measure, value, masked) the CSV of a report holds,
    walked independently of the server's C code (csvjson.c)."""
    out = [] if out is None else out
    base = ".".join(x for x in (section, item) if x)
    masked = obj.get("masked") or ""
    for k, v in obj.items():
        path = f"{base}.{k}" if base else k
        if isinstance(v, dict):
            flatten(v, path, "", "", None, out)
        elif isinstance(v, list):
            for i, e in enumerate(v):
                if not isinstance(e, dict):
                    out.append((path, str(i), "", "value", cell(e), ""))
                    continue
                key = next((x for x in ID_KEYS if x in e), "")
                it = cell(e[key]) if key else str(i)
                lab = e.get("label", e.get("name"))
                flatten(e, path, it, lab if isinstance(lab, str) else "", key, out)
        elif k == "masked" or (idkey is not None and k in (idkey, "label", "name")):
            continue
        else:
            out.append((section, item, label, k, cell(v), masked if v is None else ""))
    return out


def parse_csv(response, delimiter=","):
    text = response.content.decode("utf-8")
    if delimiter == ";":
        assert text.startswith("\ufeff"), "a ;-separated export starts with a BOM"
        text = text[1:]
    assert "\r\n" in text or text == ""
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def numeric_rows(rows):
    """Rows with numeric values normalised (12.5 and 12.50 are the same figure)."""
    out = set()
    for r in rows:
        r = list(r)
        try:
            r[4] = str(Decimal(r[4]).normalize()) if r[4] not in ("", "true", "false") else r[4]
        except ArithmeticError:
            pass
        out.add(tuple(r))
    return out
