#!/bin/sh
# `make bench`, partner sync (issue 10): a partner key upserts BENCH_OFFERS
# offers (10,000) through POST /v1/sync/offers in batches of BENCH_BATCH
# (1,000, the most a batch holds), 500 under each of 20 organisations it
# created through POST /v1/sync/organisations, on a database of its own; then the
# same offers again, changed (updates), and unchanged. Prints one table;
# the target is under 5 seconds for the creates. Not a test: nothing here
# passes or fails.
set -eu

OFFERS=${BENCH_OFFERS:-10000}
BATCH=${BENCH_BATCH:-1000}
DB=asr_bench_sync
DROP_DB=1
. "$(dirname "$0")/lib.sh"

echo "bench: preparing database $DB" >&2
fresh_db >/dev/null
start_server

BASE=$base OFFERS=$OFFERS BATCH=$BATCH $PY - <<'PYEOF'
import json
import os
import time
import urllib.request

base, n, size = os.environ["BASE"], int(os.environ["OFFERS"]), int(os.environ["BATCH"])


def call(method, path, body=None, token=None, key=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if key:
        req.add_header("X-API-Key", key)
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.loads(r.read() or b"null")


token = call("POST", "/v1/auth/login", {"email": "admin@demo.asr.yt",
                                        "password": "demo-password-2026"})["access_token"]
org = call("POST", "/v1/organisations", {"name": "Plateforme partenaire", "kind": "ess"},
           token=token)
key = call("POST", "/v1/api-keys", {"organisation_id": org["id"], "name": "bench",
                                    "scopes": ["sync:write"]}, token=token)["key"]
orgs = [{"external_id": f"org-{i}", "name": f"Structure {i}", "kind": "siae"}
        for i in range(20)]
answer = call("POST", "/v1/sync/organisations", {"items": orgs}, key=key)
assert all(a["status"] == "created" for a in answer["items"]), answer


def offers(title):
    # 500 offers per organisation, sent organisation by organisation (as a
    # partner's export is ordered): each batch refreshes the search documents
    # of the organisations it touched, once each.
    return [{"external_id": f"off-{i}", "organisation_external_id": f"org-{i // 500}",
             "title": f"{title} {i}", "offer_type": "service",
             "description": "Entretien des espaces verts, tonte et taille.",
             "sectors": [], "communes": ["976"], "published": True} for i in range(n)]


def run(label, items, want):
    start = time.monotonic()
    counts = {}
    for i in range(0, len(items), size):
        for a in call("POST", "/v1/sync/offers", {"items": items[i:i + size]},
                      key=key)["items"]:
            counts[a["status"]] = counts.get(a["status"], 0) + 1
    took = time.monotonic() - start
    assert counts == {want: len(items)}, counts
    print(f"| {label:<34} | {len(items):>6} | {took:>7.2f} s | {len(items) / took:>8.0f} |")


print()
print(f"ASR Mayotte sync benchmark: {os.cpu_count()} cores, batches of {size}")
print()
print(f"| {'scenario':<34} | {'offers':>6} | {'total':>9} | {'offers/s':>8} |")
print(f"|{'-' * 36}|{'-' * 8}|{'-' * 11}|{'-' * 10}|")
run("bulk upsert, creates (target < 5 s)", offers("Offre"), "created")
run("bulk upsert, updates", offers("Offre revue"), "updated")
run("bulk upsert, unchanged", offers("Offre revue"), "unchanged")
PYEOF
