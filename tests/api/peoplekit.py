"""Helpers of the people tests (issue 8): made-up identities no other row holds, creating a
person, and reading the database directly (psql as the owner, the suite's own database)."""

import random
import string

import cataloguekit
import dbkit

FACILITATOR_ORG = "00000000-0000-4000-8000-000000000001"
DEMO_PRESCRIBER_ORG = "00000000-0000-4000-8000-000000000005"


def identity(**fields):
    """A unique made-up identity: names no other row holds, a phone and an email."""
    digits = "".join(random.choice(string.digits) for _ in range(6))
    body = {"first_name": cataloguekit.word(10).capitalize(),
            "last_name": cataloguekit.word(10).upper(),
            "birth_date": "1990-01-01",
            "phone": f"0639 {digits[:2]} {digits[2:4]} {digits[4:]}",
            "email": f"{cataloguekit.word(9)}@example.yt",
            "address": f"{random.randint(1, 99)} rue {cataloguekit.word(8)}"}
    body.update(fields)
    return body


def create(client, **fields):
    """POST /v1/beneficiaries with a fresh identity (and fields); the person, asserted 201."""
    body = identity(**fields)
    r = client.post("/v1/beneficiaries", json=body)
    assert r.status_code == 201, f"POST /v1/beneficiaries: {r.status_code} {r.text[:400]}"
    return r.json()


def psql(sql, *args):
    """One statement as the owner on the suite's database; the output lines (-tA)."""
    out = dbkit.psql(sql, *args, owner=True, name="a")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def tables_holding(needle):
    """Every table.column of the public schema whose text, json(b), array or bytea values
    hold needle (case-insensitively for text; as UTF-8 bytes for bytea)."""
    columns = psql("SELECT table_name || ' ' || column_name || ' ' || data_type"
                   " FROM information_schema.columns c JOIN information_schema.tables t"
                   " USING (table_schema, table_name) WHERE c.table_schema = 'public'"
                   " AND t.table_type = 'BASE TABLE' AND data_type IN ('text',"
                   " 'character varying', 'character', 'bytea', 'json', 'jsonb', 'ARRAY')")
    parts = []
    for line in columns.splitlines():
        table, column, kind = line.split(" ", 2)
        if kind == "bytea":
            test = f"position(convert_to(:'a1', 'UTF8') in \"{column}\") > 0"
        else:
            test = f"\"{column}\"::text ILIKE '%' || :'a1' || '%'"
        parts.append(f"SELECT '{table}.{column}' WHERE EXISTS"
                     f" (SELECT 1 FROM \"{table}\" WHERE {test})")
    assert parts, "no columns found"
    found = psql(" UNION ALL ".join(parts) + ";", needle)
    return set(found.splitlines()) if found else set()
