"""Behaviour of the foundation routes: health, errors and their order, request ids, security
headers, reference data, caching, the served contract, CORS, and the answers Kore gives
itself. Every answer goes through the contract checker unless the call says validate=False.
"""

import json
import re
import socket
from urllib.parse import urlsplit

import pytest
import yaml

import contract

PROBLEMS = "https://asr-mayotte.fr/problems/"
HOURS = "/v1/tools/required-hours"
JSON = {"Content-Type": "application/json"}
VALID_BODY = b'{"rule":"hours_share","hours_worked":20000}'
MIB = 1024 * 1024
HEX32 = re.compile(r"[0-9a-f]{32}")
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")
DENIED_ORIGIN = "https://evil.example.test"


def assert_problem(r, status, slug, path):
    """r is the problem+json answer `slug` for a request to `path`."""
    assert r.status_code == status, r.text[:300]
    assert r.headers["Content-Type"].split(";")[0] == "application/problem+json"
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert body["type"] == PROBLEMS + slug
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["instance"] == urlsplit(path).path
    assert body["request_id"] == r.headers["X-Request-Id"]
    return body


def error_fields(body):
    return {(e["field"], e["code"]) for e in body.get("errors", [])}


# Health

def test_health_answers_ok_and_is_not_cached(api):
    r = api.get("/v1/health")
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "application/json"
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert SEMVER.fullmatch(body["version"]), body["version"]


def test_head_answers_like_get_without_body(api):
    r = api.head("/v1/health")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Cache-Control"] == "no-store"
    get, head = api.get("/v1/reference/communes"), api.head("/v1/reference/communes")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == get.headers["ETag"]


# Errors and the order of checks

@pytest.mark.parametrize("path", ["/v1/nope", "/nope", "/v1/reference/nope"])
def test_unknown_path_is_a_404_problem(api, path):
    assert_problem(api.get(path), 404, "not-found", path)


@pytest.mark.parametrize("method, path, allow", [
    ("DELETE", "/v1/health", {"GET", "HEAD", "OPTIONS"}),
    ("POST", "/v1/reference/communes", {"GET", "HEAD", "OPTIONS"}),
    ("GET", HOURS, {"POST", "OPTIONS"}),
    ("PUT", HOURS, {"POST", "OPTIONS"}),
])
def test_method_not_allowed_is_a_405_problem_with_allow(api, method, path, allow):
    r = api.request(method, path)
    assert_problem(r, 405, "method-not-allowed", path)
    assert {m.strip() for m in r.headers["Allow"].split(",")} == allow


def test_405_comes_before_413(api):
    r = api.post("/v1/health", data=b" " * (2 * MIB), headers=JSON)
    assert_problem(r, 405, "method-not-allowed", "/v1/health")


def padded(size):
    """A valid required-hours body of exactly `size` bytes (spaces between tokens)."""
    head, tail = b'{"rule":"hours_share",', b'"hours_worked":20000}'
    return head + b" " * (size - len(head) - len(tail)) + tail


def test_body_over_1_mib_is_a_413_problem(api):
    assert_problem(api.post(HOURS, data=padded(2 * MIB), headers=JSON),
                   413, "payload-too-large", HOURS)


def test_1_mib_is_the_exact_limit(api):
    assert api.post(HOURS, data=padded(MIB), headers=JSON).status_code == 200
    assert_problem(api.post(HOURS, data=padded(MIB + 1), headers=JSON),
                   413, "payload-too-large", HOURS)


def test_413_comes_before_415(api):
    r = api.post(HOURS, data=padded(2 * MIB), headers={"Content-Type": "text/plain"})
    assert_problem(r, 413, "payload-too-large", HOURS)


@pytest.mark.parametrize("content_type", [
    "text/plain", None, "application/jsonx", "application/json-seq", "text/json",
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
])
def test_body_not_declared_json_is_a_415_problem(api, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = api.post(HOURS, data=VALID_BODY, headers=headers)
    assert_problem(r, 415, "unsupported-media-type", HOURS)


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
])
def test_json_with_or_without_charset_is_accepted(api, content_type):
    r = api.post(HOURS, data=VALID_BODY, headers={"Content-Type": content_type})
    assert r.status_code == 200


def test_415_comes_before_invalid_query(api):
    r = api.post(HOURS + "?x=1", data=VALID_BODY, headers={"Content-Type": "text/plain"})
    assert_problem(r, 415, "unsupported-media-type", HOURS)


@pytest.mark.parametrize("body", [
    b'{"rule":', b"[]", b'[{"rule":"hours_share","hours_worked":1}]', b'"text"', b"42",
    b"null", b"", b"{} {}", b'{"rule":"hours_share",}', b"{'rule':'hours_share'}",
    b'{"rule":"hours_share","hours_worked":20000} trailing',
])
def test_body_not_a_json_object_is_malformed_json(api, body):
    assert_problem(api.post(HOURS, data=body, headers=JSON), 400, "malformed-json", HOURS)


@pytest.mark.parametrize("path, field, code", [
    ("/v1/health?x=1", "x", "unknown"),
    ("/v1/reference/communes?foo=bar", "foo", "unknown"),
    ("/v1/reference/communes?limit=10", "limit", "unknown"),
    ("/v1/reference/sectors?groups=btp", "groups", "unknown"),
    ("/v1/reference/sectors?group=nope", "group", "invalid"),
    ("/v1/openapi.json?x=1", "x", "unknown"),
])
def test_unknown_or_bad_query_is_invalid_query(api, path, field, code):
    body = assert_problem(api.get(path), 400, "invalid-query", path)
    assert (field, code) in error_fields(body), body


def test_invalid_query_comes_before_malformed_json(api):
    path = HOURS + "?x=1"
    body = assert_problem(api.post(path, data=b'{"rule":', headers=JSON),
                          400, "invalid-query", path)
    assert ("x", "unknown") in error_fields(body)


# Request ids

def test_request_id_is_generated_when_absent(api):
    first, second = api.get("/v1/health"), api.get("/v1/health")
    assert HEX32.fullmatch(first.headers["X-Request-Id"])
    assert HEX32.fullmatch(second.headers["X-Request-Id"])
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


@pytest.mark.parametrize("request_id", ["abc.DEF_123-x", "a" * 128, "7", "0-0.0_0"])
def test_valid_request_id_is_echoed(api, request_id):
    r = api.get("/v1/health", headers={"X-Request-Id": request_id})
    assert r.headers["X-Request-Id"] == request_id
    r = api.get("/v1/nope", headers={"X-Request-Id": request_id})
    assert r.headers["X-Request-Id"] == request_id
    assert r.json()["request_id"] == request_id


@pytest.mark.parametrize("request_id", ["a" * 129, "a" * 200, "a b", "a/b", "<script>",
                                        "a;b", "a,b", "ab%20"])
def test_invalid_request_id_is_replaced(api, request_id):
    r = api.get("/v1/nope", headers={"X-Request-Id": request_id})
    assert HEX32.fullmatch(r.headers["X-Request-Id"]), r.headers["X-Request-Id"]
    assert r.json()["request_id"] == r.headers["X-Request-Id"]


# Security headers on every answer, success or error

ANSWERS = {
    "200 health": ("GET", "/v1/health", {}),
    "200 communes": ("GET", "/v1/reference/communes", {}),
    "200 required-hours": ("POST", HOURS, {"data": VALID_BODY, "headers": JSON}),
    "204 options": ("OPTIONS", "/v1/health", {}),
    "400 invalid-query": ("GET", "/v1/health?x=1", {}),
    "400 malformed-json": ("POST", HOURS, {"data": b"[", "headers": JSON}),
    "404": ("GET", "/v1/nope", {}),
    "405": ("DELETE", "/v1/health", {}),
    "413": ("POST", HOURS, {"data": padded(2 * MIB), "headers": JSON}),
    "415": ("POST", HOURS, {"data": VALID_BODY}),
}


@pytest.mark.parametrize("name", ANSWERS)
def test_security_headers_on_every_answer(api, name):
    method, path, kwargs = ANSWERS[name]
    r = api.request(method, path, **kwargs)
    assert str(r.status_code) == name.split()[0]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Request-Id"]
    if r.status_code >= 400:
        assert r.headers["Cache-Control"] == "no-store"


# Reference data

def test_communes_are_the_17_of_mayotte_in_code_order(api):
    r = api.get("/v1/reference/communes")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    items = r.json()["items"]
    assert [c["code"] for c in items] == [f"976{n:02d}" for n in range(1, 18)]
    by_code = {c["code"]: c for c in items}
    assert by_code["97611"]["label"] == "Mamoudzou"
    assert by_code["97611"]["postal_code"] == "97600"
    assert abs(by_code["97611"]["latitude"] - -12.78) < 0.05
    assert abs(by_code["97611"]["longitude"] - 45.22) < 0.05
    assert by_code["97608"]["label"] == "Dzaoudzi"
    assert by_code["97608"]["postal_code"] == "97615"
    assert len({c["label"] for c in items}) == 17
    for c in items:
        for axis in ("latitude", "longitude"):
            assert type(c[axis]) in (int, float), f"{c['code']} {axis} is not a JSON number"
        assert -13.05 <= c["latitude"] <= -12.6, c
        assert 44.95 <= c["longitude"] <= 45.35, c
        assert re.fullmatch(r"976\d\d", c["postal_code"]), c


CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def sectors(api, query=""):
    r = api.get("/v1/reference/sectors" + query)
    assert r.status_code == 200
    return r.json()


def test_sectors_are_a_two_level_taxonomy(api):
    body = sectors(api)
    groups, items = body["groups"], body["items"]
    assert len(groups) >= 10 and len(items) >= 40, (len(groups), len(items))
    group_labels = {g["code"]: g["label"] for g in groups}
    assert len(group_labels) == len(groups), "group codes repeat"
    assert len({s["code"] for s in items}) == len(items), "sector codes repeat"
    for code in list(group_labels) + [s["code"] for s in items]:
        assert CODE.fullmatch(code), code
    for s in items:
        assert s["group_code"] in group_labels, s
        assert s["group_label"] == group_labels[s["group_code"]], s
    assert group_labels.get("btp") == "Bâtiment & travaux publics"


def test_sectors_filter_by_one_or_several_groups(api):
    full = sectors(api)
    count = {}
    for s in full["items"]:
        count[s["group_code"]] = count.get(s["group_code"], 0) + 1
    first, last = "btp", sorted(g for g in count if g != "btp")[-1]

    one = sectors(api, "?group=btp")
    assert {s["group_code"] for s in one["items"]} == {"btp"}
    assert len(one["items"]) == count["btp"]
    assert one["groups"] == full["groups"], "the groups list is complete whatever the filter"

    two = sectors(api, f"?group={first}&group={last}")
    assert {s["group_code"] for s in two["items"]} == {first, last}
    assert len(two["items"]) == count[first] + count[last]
    assert two["groups"] == full["groups"]


@pytest.mark.parametrize("query", ["?group=nope", "?group=", "?group=BTP",
                                   "?group=btp&group=nope", "?group=%ZZ"])
def test_unknown_group_is_invalid_query(api, query):
    path = "/v1/reference/sectors" + query
    body = assert_problem(api.get(path), 400, "invalid-query", path)
    assert ("group", "invalid") in error_fields(body), body


# Caching: strong ETag, If-None-Match → 304

CACHED = ["/v1/reference/communes", "/v1/reference/sectors", "/v1/reference/sectors?group=btp",
          "/v1/openapi.json", "/v1/openapi.yaml"]


@pytest.mark.parametrize("path", CACHED)
def test_etag_and_if_none_match(api, path):
    r = api.get(path)
    etag = r.headers["ETag"]
    assert re.fullmatch(r'"[\x21\x23-\x7e]*"', etag), f"not a strong ETag: {etag}"
    assert api.get(path).headers["ETag"] == etag, "ETag changes between identical answers"
    for held in (etag, f'"nope", {etag}', "*"):
        again = api.get(path, headers={"If-None-Match": held})
        assert again.status_code == 304, held
        assert again.content == b""
        assert again.headers["ETag"] == etag
        if path.startswith("/v1/reference/"):
            assert again.headers["Cache-Control"] == "public, max-age=3600"
    assert api.head(path, headers={"If-None-Match": etag}).status_code == 304
    assert api.get(path, headers={"If-None-Match": '"nope"'}).status_code == 200
    assert api.get(path, headers={"If-None-Match": "W/" + etag}).status_code == 304, \
        "If-None-Match uses the weak comparison (RFC 9110 13.1.2)"


# The contract, served

def test_openapi_json_is_the_contract(api):
    r = api.get("/v1/openapi.json")
    assert r.status_code == 200
    assert r.json() == contract.load_spec()
    # contract.load_spec() is yaml.safe_load of the file, normalised through JSON:
    assert contract.load_spec() == yaml.safe_load(contract.SPEC_PATH.read_text()), \
        "openapi.yaml has keys that JSON would turn into strings"


def test_openapi_yaml_is_served_verbatim(api):
    r = api.get("/v1/openapi.yaml")
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "application/yaml"
    assert r.content == contract.SPEC_PATH.read_bytes()


# CORS

PREFLIGHT_HEADERS = {"authorization", "content-type", "if-match", "if-none-match",
                     "idempotency-key", "x-api-key", "x-request-id"}


def header_set(value):
    return {v.strip().lower() for v in (value or "").split(",") if v.strip()}


def cors_headers(r):
    return {k for k in r.headers if k.lower().startswith("access-control-")}


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("path, method", [("/v1/reference/communes", "GET"), (HOURS, "POST")])
def test_preflight_from_allowed_origin(api, cors_origins, which, path, method):
    origin = cors_origins[which]
    r = api.options(path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type, x-request-id"})
    assert r.status_code == 204
    assert r.content == b""
    assert r.headers["Access-Control-Allow-Origin"] == origin
    allowed = header_set(r.headers["Access-Control-Allow-Methods"])
    assert method.lower() in allowed
    assert allowed <= {m.lower() for m in contract.allowed_methods(path)}, allowed
    assert PREFLIGHT_HEADERS <= header_set(r.headers["Access-Control-Allow-Headers"])
    assert r.headers["Access-Control-Max-Age"] == "600"
    assert "origin" in header_set(r.headers.get("Vary"))


@pytest.mark.parametrize("origin", [DENIED_ORIGIN, "https://app.example.test.evil.test",
                                    "http://app.example.test", "null"])
def test_preflight_from_other_origin_is_denied(api, origin):
    path = "/v1/reference/communes"
    r = api.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
    assert_problem(r, 403, "cors-origin-denied", path)
    assert not cors_headers(r), cors_headers(r)


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/v1/reference/communes", {}),
    ("POST", HOURS, {"data": VALID_BODY, "headers": JSON}),
    ("GET", "/v1/nope", {}),
])
def test_request_from_allowed_origin_gets_cors_headers(api, cors_origins, method, path, kwargs):
    origin = cors_origins[1]
    kwargs = dict(kwargs, headers=dict(kwargs.get("headers", {}), Origin=origin))
    r = api.request(method, path, **kwargs)
    assert r.headers["Access-Control-Allow-Origin"] == origin
    assert "origin" in header_set(r.headers.get("Vary"))
    exposed = header_set(r.headers["Access-Control-Expose-Headers"])
    assert {"x-request-id", "etag", "retry-after"} <= exposed, exposed


def test_request_from_other_origin_is_served_without_cors_headers(api):
    r = api.get("/v1/reference/communes", headers={"Origin": DENIED_ORIGIN})
    assert r.status_code == 200
    assert len(r.json()["items"]) == 17
    assert not cors_headers(r), cors_headers(r)


def test_options_without_origin_lists_the_methods(api):
    r = api.options(HOURS)
    assert r.status_code == 204
    assert r.content == b""
    assert header_set(r.headers["Allow"]) == {"post", "options"}
    assert not cors_headers(r)


# Answers Kore gives itself (documented in info.description): empty bodies

def raw_exchange(api, data):
    """Sends raw bytes; returns what the server sent back before closing (b'' if nothing)."""
    url = urlsplit(api.base_url)
    received = b""
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        try:
            s.sendall(data)
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
                if b"\r\n\r\n" in received:
                    break
        except (ConnectionResetError, BrokenPipeError):
            pass
    return received


def test_uri_of_2100_bytes_is_414(api):
    path = "/v1/reference/communes?x="
    path += "a" * (2100 - len(path))
    r = api.get(path, validate=False)
    assert r.status_code == 414
    assert r.content == b""


def test_chunked_body_is_411(api):
    # Kore answers on the headers alone and closes; sending the chunks too would race with
    # that close (a reset can swallow the answer), so the request stops after its headers.
    answer = raw_exchange(api, (
        f"POST {HOURS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n").encode())
    assert answer.startswith(b"HTTP/1.1 411 "), answer[:100]
    assert re.search(rb"(?i)\r\ncontent-length: 0\r\n", answer), answer


def test_body_over_12_mib_is_an_empty_413(api):
    answer = raw_exchange(api, (
        f"POST {HOURS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {13 * MIB}\r\n\r\n").encode())
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    assert re.search(rb"(?i)\r\ncontent-length: 0\r\n", answer), answer


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
def test_trace_and_unknown_methods_are_400(api, method):
    r = api.request(method, "/v1/health", validate=False)
    assert r.status_code == 400
    assert r.content == b""


def test_header_block_up_to_16_kib_is_read_and_above_is_refused(api):
    assert api.get("/v1/health", headers={"X-Padding": "a" * 12000}).status_code == 200
    answer = raw_exchange(api, b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                          + b"a" * (17 * 1024) + b"\r\n\r\n")
    assert answer == b"", answer[:100]
