"""Hostile-input sweep, derived from openapi.yaml when the tests run, so that every route
added to the contract is swept without editing this file.

For every operation with a body or parameters, as the roles that may call it (demo
accounts: a staff role and a role of an organisation when x-roles has them), it sends wrong
types, null, missing required fields, an unknown field, empty and over-long strings, NUL
bytes, invalid UTF-8, JSON nested 10,000 deep, duplicate keys, numbers out of range,
NaN/Infinity, SQL and tsquery metacharacters, non-object bodies, wrong media types, bodies
over the API's limit, and hostile path ids (traversal, encoded NUL, SQL) and query values.

Every answer is below 500; every 4xx is a problem+json whose `status` is the HTTP status
(or one of Kore's own empty answers, KORE_NOTES: a body over Kore's http_body_max, a URI of
2,000 bytes or more), and it validates against the contract. Afterwards /v1/health answers
and the server's log shows no worker gone, no sandbox violation, no sanitizer report.

Nothing is changed in the database: POST bodies always carry one unknown field (so they end
in 400 once every field has been checked), PATCH is sent without If-Match (428 at worst) or
with an If-Match that cannot match, and POST/DELETE on a path id get random or hostile ids.
Random choices are seeded (HOSTILE_SEED) so that a failure replays.
"""

import http.client
import json
import os
import random
import re
import sys
import uuid
from urllib.parse import quote

import pytest
import requests

import authkit
import contract

SEED = int(os.environ.get("HOSTILE_SEED", "1127"))
STAFF = ("admin", "facilitator")
MEMBERS = ("supplier", "buyer", "company", "prescriber")
MARKER = "zz_hostile_sweep"         # an unknown field: a POST never succeeds
API_BODY_MAX = 1024 * 1024          # src/http/http.h ASR_BODY_MAX
KORE_BODY_MAX = 4194304             # conf/asr.conf.in http_body_max
URI_MAX = 2000                      # Kore's HTTP_URI_LEN
TIMEOUT = 60                        # sanitizer builds are slow
DEPTH = 10000

SQL = "'; DROP TABLE organisations; --"
TSQUERY = "a & b | !c <-> (d:* | 'e"
STRINGS = ["", " ", "a\u0000b", SQL, TSQUERY, "\u202e\u0000\u200b", "%00%ff", "../../etc/passwd",
           "\\x00\\'", "é" * 3, "\U0001F600", "<script>alert(1)</script>", "a" * 2001]
NUMBERS = ["1e400", "-1e400", "1e308", "-1e308", "-0", "9223372036854775808",
           "-9223372036854775809", "18446744073709551617", "1.0000000000000001",
           "0.001", "NaN", "Infinity", "-Infinity", "0x10", "01", "1e-400"]
RAW_STRINGS = [b'"\xff\xfe"', b'"\xc0\xaf"', b'"\xed\xa0\x80"', b'"\\ud800"', b'"a\x00b"',
               b'"\\u0000"', b'"\x01\x1f"']
BODIES = [b"", b"[]", b'"x"', b"1", b"null", b"true", b"{", b"{}}", b"\xef\xbb\xbf{}",
          b'{"a":1,}', b"{'a':1}", b"\x00", b"{\x00}", b"NaN", b"[" * DEPTH + b"]" * DEPTH,
          b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, b" " * 1000 + b"{}"]
IDS = ["..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "1%20OR%201%3D1", "%27%3B--", "%00", "%ff%fe",
       "x" * 1500, "00000000-0000-0000-0000-000000000000", "-1", "9" * 40, "%E2%80%AE",
       "%7B%7D", "*"]
QUERY_VALUES = ["", "%00", "%ff", "%ZZ", quote(SQL, safe=""), quote(TSQUERY, safe=""), "-1",
                "0", "1e309", "NaN", "Infinity", "99999999999999999999", "%5B%5D", "true",
                "x" * 1500, "a%26b%3Dc", quote("é" * 10), "%E2%80%AE"]
IF_MATCH = ['"99999999999"', '"-1"', '"abc"', 'W/"1"', '"99998", "99999"',
            '"99999999999999999999999"',
            "garbage", '"']
# Kore's parent on a dead worker: "worker 2 (pid: 123) (hdlr: none) gone", "restarting".
LOG_BAD = re.compile(r"\) gone|sandbox violation|AddressSanitizer|runtime error|restarting worker")


def operations():
    ops = []
    for template, method, op in contract.iter_operations():
        params = [contract.resolve(p) for p in
                  op.get("parameters", []) + contract.SPEC["paths"][template].get("parameters", [])]
        if "requestBody" in op or any(p["in"] in ("path", "query") for p in params):
            ops.append((template, method, op, params))
    return ops


OPERATIONS = operations()


def op_id(item):
    return f"{item[1].upper()} {item[0]}"


def callers(op):
    """A staff role and a member role among x-roles (or anonymous when it is alone)."""
    roles = op["x-roles"]
    picked = [r for r in STAFF if r in roles][:1] + [r for r in MEMBERS if r in roles][:1]
    return picked or (["anonymous"] if "anonymous" in roles else [])


# Samples from the schemas

def alternatives(schema):
    schema = contract.resolve(schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            alts = [contract.resolve(a) for a in schema[key]]
            return [a for a in alts if a.get("type") != "null"] or alts
    return [schema]


def kind_of(schema):
    s = alternatives(schema)[0]
    t = s.get("type", "object" if "properties" in s else "string")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    return t, s


def sample(schema, name=""):
    t, s = kind_of(schema)
    if "example" in s:
        return s["example"]
    if "enum" in s:
        return s["enum"][0]
    if t == "string":
        fmt = s.get("format", "")
        if fmt == "uuid" or name.endswith("_id"):
            return str(uuid.uuid4())
        if fmt == "email" or "email" in name:
            return authkit.unique_email("hostile")
        if fmt == "date":
            return "2026-01-15"
        if fmt == "date-time":
            return "2026-01-15T10:00:00Z"
        if "siret" in name:
            return authkit.siret()
        if "commune" in name:
            return "97611"
        return "x" * max(1, s.get("minLength", 1))
    if t in ("integer", "number"):
        return s.get("minimum", 1)
    if t == "boolean":
        return True
    if t == "array":
        return [sample(s.get("items", {}), name)] if s.get("minItems") else []
    return {p: sample(v, p) for p, v in s.get("properties", {}).items()
            if p in s.get("required", [])}


def wrong_type(schema):
    t, _ = kind_of(schema)
    return {"string": 12345, "integer": "12", "number": "1.5", "boolean": "yes",
            "array": "x", "object": [1]}.get(t, {"a": 1})


def properties(schema):
    s = alternatives(schema)[0]
    return s.get("properties", {}), s.get("required", [])


# Requests and checks

class Sweep:
    """Sends requests as one caller and collects what breaks the rules."""

    def __init__(self, base_url, token):
        self.base_url = base_url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.failures = []
        self.count = 0

    def send(self, method, path, where, data=None, ctype=None, headers=None, ok_2xx=False):
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        self.count += 1
        try:
            if "/../" in path or path.endswith("/.."):
                r = self.raw(method, path, data, h)
            else:
                r = self.session.request(method, self.base_url + path, data=data, headers=h,
                                         timeout=TIMEOUT, allow_redirects=False)
        except (requests.ConnectionError, OSError) as e:
            if data is not None and len(data) > KORE_BODY_MAX:
                return None         # Kore may close on a body it refuses
            self.failures.append(f"{where}: connection error {e}")
            return None
        self.check(method, path, where, r, data, ok_2xx)
        return r

    def raw(self, method, path, data, headers):
        """The request with its path as written: requests (urllib3) would resolve "..",
        sending another route's path, which the server never sees then."""
        host, port = self.base_url.split("//", 1)[1].split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
        try:
            conn.request(method, path, body=data, headers=dict(self.session.headers, **headers))
            answer = conn.getresponse()
            r = requests.models.Response()
            r.status_code = answer.status
            r.headers = requests.structures.CaseInsensitiveDict(answer.getheaders())
            r._content = answer.read()
            r.url = self.base_url + path
            r.encoding = "utf-8"
            return r
        finally:
            conn.close()

    def check(self, method, path, where, r, data, ok_2xx):
        where = f"{where} → {r.status_code}"
        if r.status_code >= 500:
            self.failures.append(f"{where}: {r.text[:200]}")
            return
        if r.status_code < 400:
            if not ok_2xx:
                self.failures.append(f"{where}: accepted")
            return
        kore_own = (r.status_code == 413 and data is not None and len(data) > KORE_BODY_MAX) \
            or (r.status_code == 414 and len(path) >= URI_MAX)
        if kore_own and r.content == b"":
            return
        ctype = r.headers.get("Content-Type", "")
        try:
            body = r.json()
        except ValueError:
            body = None
        if not ctype.startswith("application/problem+json") or not isinstance(body, dict) \
                or body.get("status") != r.status_code \
                or not str(body.get("type", "")).startswith(authkit.PROBLEMS):
            self.failures.append(f"{where}: not a problem+json: {ctype} {r.content[:200]!r}")
            return
        try:
            contract.validate(method, path, r)
        except AssertionError as e:
            self.failures.append(f"{where}: contract: {str(e)[:300]}")

    def close(self):
        self.session.close()


@pytest.fixture(scope="module", autouse=True)
def server_log():
    """The log of the suite's server (None against ASR_TEST_URL) and its length now."""
    logs = getattr(sys.modules.get("conftest"), "_logs", [])
    if os.environ.get("ASR_TEST_URL") or not logs:
        return None, 0
    return logs[0], os.path.getsize(logs[0])


@pytest.fixture(scope="module")
def real_ids(base_url, token_for):
    """template → the id of an existing object (the first of its collection, as admin), so
    that GET and PATCH get past 404 to the validation; random UUIDs where none is found."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token_for('admin')}"
    found = {}
    for template, _, _, _ in OPERATIONS:
        if "{" not in template:
            continue
        collection = template.split("/{")[0]
        if "get" not in contract.SPEC["paths"].get(collection, {}):
            continue
        r = session.get(base_url + collection, params={"limit": 1}, timeout=TIMEOUT)
        items = r.json().get("items") if r.status_code == 200 else None
        if items and isinstance(items[0], dict) and "id" in items[0]:
            found[template] = items[0]["id"]
    session.close()
    return found


def concrete(template, real_ids, method):
    real = real_ids.get(template) if method in ("get", "patch") else None
    return re.sub(r"\{[^}/]+\}", lambda m: real or str(uuid.uuid4()), template, count=1) \
        .replace("{", "").replace("}", "")


def sweeps(base_url, token_for, op):
    for role in callers(op):
        token = None if role == "anonymous" else token_for(role)
        yield role, Sweep(base_url, token)


def report(sweep_list, what):
    failures = [f for s in sweep_list for f in s.failures]
    count = sum(s.count for s in sweep_list)
    for s in sweep_list:
        s.close()
    assert not failures, f"{len(failures)} of {count} {what} broke the rules:\n" + \
        "\n".join(failures[:40])


def body_cases(op, method, rng):
    """(label, raw bytes, media type) of hostile bodies for this operation."""
    content = contract.resolve(op["requestBody"])["content"]
    media = sorted(content)
    schema = content[media[0]]["schema"]
    props, required = properties(schema)
    base = sample(schema)
    if not isinstance(base, dict):
        base = {}
    if method == "post":
        base[MARKER] = True
    cases = []

    def add(label, obj=None, raw=None, ctype=None):
        data = raw if raw is not None else json.dumps(obj).encode()
        cases.append((label, data, ctype or rng.choice(media)))

    def with_raw(name, token):
        text = json.dumps(dict(base, **{name: "__RAW__"})).encode()
        return text.replace(b'"__RAW__"', token if isinstance(token, bytes) else token.encode())

    add("base", base)
    add("unknown field", dict(base, **{"zz_unknown": 1}))
    for name in required:
        add(f"missing {name}", {k: v for k, v in base.items() if k != name})
    for name, sub in props.items():
        add(f"{name}: wrong type", dict(base, **{name: wrong_type(sub)}))
        add(f"{name}: null", dict(base, **{name: None}))
        add(f"{name}: object", dict(base, **{name: {"$gt": ""}}))
        t, s = kind_of(sub)
        if t == "string":
            for value in rng.sample(STRINGS, 4):
                add(f"{name}: {value[:20]!r}", dict(base, **{name: value}))
            limit = s.get("maxLength", 10000)
            add(f"{name}: {limit + 1} chars", dict(base, **{name: "é" * (limit + 1)}))
            raw = rng.choice(RAW_STRINGS)
            add(f"{name}: raw {raw!r}", raw=with_raw(name, raw))
        elif t in ("integer", "number"):
            for token in rng.sample(NUMBERS, 4):
                add(f"{name}: {token}", raw=with_raw(name, token))
        elif t == "array":
            add(f"{name}: 10,000 items", dict(base, **{name: ["x"] * 10000}))
            add(f"{name}: nested", dict(base, **{name: [[["x"]]]}))
        add(f"{name}: duplicate", raw=json.dumps(base).encode()[:-1] +
            (b", " if base else b"") + f'"{name}": 1, "{name}": 2}}'.encode())
    for raw in BODIES:
        add(f"body {raw[:16]!r}", raw=raw)
    first_string = next((n for n, s in props.items() if kind_of(s)[0] == "string"), "x")
    add("a string near the API's limit", dict(base, **{first_string: "y" * (API_BODY_MAX - 200)}))
    add("a body over the API's limit", raw=b'{"x":"' + b"y" * API_BODY_MAX + b'"}')
    add("text/plain", base, ctype="text/plain")
    add("no media type", base, ctype="")
    add("latin-1", base, ctype=media[0] + "; charset=latin1")
    add("multipart", base, ctype="multipart/form-data; boundary=x")
    return cases


BODY_OPS = [o for o in OPERATIONS if "requestBody" in o[2]]
QUERY_OPS = [o for o in OPERATIONS if any(p["in"] == "query" for p in o[3])]
PATH_OPS = [o for o in OPERATIONS if "{" in o[0]]


@pytest.mark.parametrize("item", BODY_OPS, ids=[op_id(o) for o in BODY_OPS])
def test_hostile_bodies(base_url, token_for, real_ids, item):
    template, method, op, _ = item
    rng = random.Random(f"{SEED} {method} {template}")
    path = concrete(template, real_ids, method)
    done = []
    for role, sweep in sweeps(base_url, token_for, op):
        for label, data, ctype in body_cases(op, method, rng):
            sweep.send(method.upper(), path, f"{method.upper()} {path} as {role}: {label}",
                       data=data, ctype=ctype or None)
        done.append(sweep)
    report(done, "hostile bodies")


@pytest.mark.parametrize("item", QUERY_OPS, ids=[op_id(o) for o in QUERY_OPS])
def test_hostile_query_strings(base_url, token_for, real_ids, item):
    template, method, op, params = item
    rng = random.Random(f"{SEED} {method} {template} query")
    path = concrete(template, real_ids, method)
    names = [p["name"] for p in params if p["in"] == "query"]
    done = []
    for role, sweep in sweeps(base_url, token_for, op):
        send = lambda q, label: sweep.send(  # noqa: E731
            method.upper(), f"{path}?{q}", f"{method.upper()} {path}?{q[:60]} as {role}: {label}",
            ok_2xx=True)
        for name in names:
            for value in rng.sample(QUERY_VALUES, 6):
                send(f"{name}={value}", name)
            send(f"{name}=1&{name}=2", f"{name} twice")
            send(f"{name}", f"{name} without =")
        send("zz_unknown=1", "unknown parameter")
        send("&".join(f"{n}={rng.choice(QUERY_VALUES)[:40]}" for n in names), "all at once")
        send("&".join(["limit=1"] * 70), "70 parameters")
        send("=&=&&", "empty names")
        done.append(sweep)
    report(done, "hostile query strings")


@pytest.mark.parametrize("item", PATH_OPS, ids=[op_id(o) for o in PATH_OPS])
def test_hostile_path_ids(base_url, token_for, item):
    template, method, op, _ = item
    done = []
    for role, sweep in sweeps(base_url, token_for, op):
        for bad in IDS:
            path = re.sub(r"\{[^}/]+\}", bad, template)
            body, ctype = None, None
            if "requestBody" in op:
                body, ctype = json.dumps({MARKER: True}).encode(), "application/json"
            sweep.send(method.upper(), path, f"{method.upper()} {path[:80]} as {role}",
                       data=body, ctype=ctype)
        done.append(sweep)
    report(done, "hostile path ids")


PATCH_OPS = [o for o in OPERATIONS if o[1] in ("patch", "delete") and "{" in o[0]]


@pytest.mark.parametrize("item", PATCH_OPS, ids=[op_id(o) for o in PATCH_OPS])
def test_hostile_if_match(base_url, token_for, real_ids, item):
    """Preconditions that cannot match: never a write, never a 5xx."""
    template, method, op, _ = item
    path = concrete(template, real_ids, "get")
    done = []
    for role, sweep in sweeps(base_url, token_for, op):
        for value in IF_MATCH:
            body, ctype = (b"{}", "application/json") if "requestBody" in op else (None, None)
            sweep.send(method.upper(), path, f"{method.upper()} {path} If-Match {value!r}",
                       data=body, ctype=ctype, headers={"If-Match": value})
        done.append(sweep)
    report(done, "hostile If-Match headers")


def test_kore_limits_answer_without_killing_a_worker(base_url, token_for):
    """Over Kore's own limits: its empty 413 and 414 (or a closed connection)."""
    sweep = Sweep(base_url, token_for("admin"))
    sweep.send("POST", "/v1/organisations", "body over Kore's http_body_max",
               data=b"{" + b" " * (KORE_BODY_MAX + 10) + b"}", ctype="application/json")
    sweep.send("GET", "/v1/organisations?q=" + "x" * URI_MAX, "URI over Kore's limit")
    sweep.send("GET", "/v1/catalogue/suppliers?q=" + "x" * (URI_MAX - 40), "URI just under",
               ok_2xx=True)
    report([sweep], "over-limit requests")


def test_zz_server_survived(base_url, server_log):
    """Runs last in this file: the server answers and its log shows no casualty."""
    r = requests.get(base_url + "/v1/health", timeout=TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    path, start = server_log
    if path is None:
        pytest.skip("external server: its log is not ours to read")
    with open(path, "rb") as f:
        f.seek(start)
        new = f.read().decode("utf-8", "replace")
    bad = [line for line in new.splitlines() if LOG_BAD.search(line)]
    assert not bad, "the server's log during the sweep:\n" + "\n".join(bad[:30])
