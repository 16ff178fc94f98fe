"""The contract itself (openapi.yaml) and the server's agreement with it.

Static checks of the document (version, operation metadata, references, shared headers),
then the server's side: it has no route and no method the contract does not describe.
"""

import re
import uuid

import pytest
import yaml

import contract

SPEC = contract.SPEC
OPERATIONS = list(contract.iter_operations())
PROBLEM = "application/problem+json"


def responses_of_spec():
    """(where, resolved response object) for every response the document declares."""
    for template, method, op in OPERATIONS:
        for status, response in op["responses"].items():
            yield f"{op['operationId']} {status}", status, contract.resolve(response)
    for name, response in SPEC["components"]["responses"].items():
        yield f"components/responses/{name}", None, response


def test_no_key_is_given_twice():
    """YAML keeps the last of two equal keys, silently: two schemas of one name (as two
    merged branches once made) would leave one of them unused and its users wrong."""
    seen = []

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in keys:
                seen.append(f"{key!r} twice (line {key_node.start_mark.line + 1})")
            keys.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    with open(contract.SPEC_PATH, encoding="utf-8") as f:
        yaml.load(f, Loader=Strict)
    assert not seen, seen


def test_spec_is_openapi_3_1():
    assert SPEC["openapi"].startswith("3.1."), SPEC["openapi"]
    assert [server["url"] for server in SPEC["servers"]] == ["/"]
    assert SPEC["info"]["title"] and SPEC["info"]["version"]
    assert SPEC["paths"], "no paths"
    for template in SPEC["paths"]:
        assert template.startswith("/v1/"), template


def test_every_operation_has_id_summary_tags_roles_and_scopes():
    ids = []
    tags = {t["name"] for t in SPEC.get("tags", [])}
    for template, method, op in OPERATIONS:
        where = f"{method.upper()} {template}"
        assert re.fullmatch(r"[a-z][A-Za-z0-9]+", op.get("operationId", "")), where
        ids.append(op["operationId"])
        assert op.get("summary"), f"{where}: summary"
        assert op.get("tags") and set(op["tags"]) <= tags, f"{where}: tags {op.get('tags')}"
        roles = op.get("x-roles")
        assert isinstance(roles, list) and roles, f"{where}: x-roles must be a non-empty list"
        assert set(roles) <= contract.ROLES, f"{where}: unknown roles {set(roles) - contract.ROLES}"
        assert len(set(roles)) == len(roles), f"{where}: repeated role"
        scopes = op.get("x-scopes")
        assert isinstance(scopes, list), f"{where}: x-scopes must be a list"
        assert all(re.fullmatch(r"[a-z]+:[a-z]+", s) for s in scopes), f"{where}: {scopes}"
        if "partner" in roles and "anonymous" not in roles:
            # A public operation with no scope takes any key; others name the one needed.
            assert scopes, f"{where}: a partner key needs a scope to call it"
        if "partner" not in roles:
            assert not scopes, f"{where}: x-scopes without partner in x-roles"
        if "anonymous" in roles:
            assert op.get("security") == [], f"{where}: public operation must say security: []"
            # A public operation needs no credential; a scope there only says which partner
            # keys may call it (the public catalogue: catalogue:read), never a write scope.
            assert all(s.endswith(":read") for s in scopes), \
                f"{where}: a public operation takes read scopes only: {scopes}"
        else:
            assert op.get("security") == [{"bearer": []}], \
                f"{where}: an operation that needs credentials must say security: [bearer]"
    assert len(ids) == len(set(ids)), "operationId repeated"


PEOPLE = {"admin", "facilitator", "buyer", "company", "supplier", "prescriber"}


def test_every_operation_documents_the_answers_of_its_checks():
    """401 everywhere (a bad token is refused even where anonymous callers are allowed),
    403 where a people role is refused, 404 for objects named in the path, 412/428 where
    If-Match is taken, each with the problem slug of its shared response."""
    expected = {"401": ("Unauthorized", "CredentialsRejected"), "403": ("Forbidden",),
                "404": ("ObjectNotFound",), "409": ("Conflict", "ConflictOrIneligible"),
                "412": ("PreconditionFailed",), "428": ("PreconditionRequired",)}
    for template, method, op in OPERATIONS:
        where = f"{method.upper()} {template}"
        responses = op["responses"]
        roles = set(op["x-roles"])
        params = [contract.resolve(p) for p in
                  SPEC["paths"][template].get("parameters", []) + op.get("parameters", [])]
        takes_if_match = any(p["in"] == "header" and p["name"] == "If-Match" for p in params)
        assert "401" in responses, f"{where}: 401 not documented"
        if "anonymous" not in roles or not PEOPLE <= roles:
            assert "403" in responses, f"{where}: 403 not documented"
        if "{" in template:
            assert "404" in responses, f"{where}: 404 not documented"
        assert ("412" in responses) == takes_if_match, f"{where}: 412 and If-Match"
        assert ("428" in responses) == takes_if_match, f"{where}: 428 and If-Match"
        for status, names in expected.items():
            if status in responses:
                ref = responses[status].get("$ref", "")
                assert ref.rsplit("/", 1)[-1] in names, f"{where} {status}: {ref}"
        if "401" in responses:
            www = contract.resolve(responses["401"])["headers"]["WWW-Authenticate"]
            assert contract.resolve(www)["required"], f"{where}: WWW-Authenticate required"


def test_security_scheme_is_a_paseto_bearer():
    scheme = SPEC["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "PASETO" in scheme["bearerFormat"]


def test_every_ref_resolves():
    unresolved = []
    for where, ref in contract.iter_refs(SPEC):
        try:
            assert ref.startswith("#/"), "only local references"
            contract.resolve({"$ref": ref})
        except Exception as e:      # noqa: BLE001 - report them all at once
            unresolved.append(f"{where}: {ref} ({e})")
    assert not unresolved, "\n".join(unresolved)


def iter_examples():
    """(where, schema, example value) for every example in the document."""
    def media(where, content):
        for media_type, m in (content or {}).items():
            if "example" in m:
                yield f"{where} {media_type}", m.get("schema", {}), m["example"]
            for name, example in (m.get("examples") or {}).items():
                yield f"{where} {media_type} {name}", m.get("schema", {}), example["value"]

    for template, method, op in OPERATIONS:
        where = op["operationId"]
        if "requestBody" in op:
            yield from media(f"{where} request", contract.resolve(op["requestBody"])["content"])
        for status, response in op["responses"].items():
            yield from media(f"{where} {status}", contract.resolve(response).get("content"))
    for name, schema in SPEC["components"]["schemas"].items():
        for i, example in enumerate(schema.get("examples", [])):
            yield f"components/schemas/{name} example {i}", schema, example


def test_examples_match_their_schemas():
    examples = list(iter_examples())
    assert examples, "no examples?"
    for where, schema, example in examples:
        validator = contract.jsonschema.Draft202012Validator(schema, resolver=contract.RESOLVER)
        errors = [e.message for e in validator.iter_errors(example)]
        assert not errors, f"{where}: {errors}"


def test_every_response_declares_the_headers_every_answer_carries():
    for where, status, response in responses_of_spec():
        headers = response.get("headers") or {}
        for name in ("X-Request-Id", "X-Content-Type-Options", "Referrer-Policy"):
            assert name in headers, f"{where}: header {name} not declared"
            assert contract.resolve(headers[name]).get("required"), f"{where}: {name} required"


def test_every_error_is_a_problem_that_is_not_cached():
    for where, status, response in responses_of_spec():
        content = response.get("content") or {}
        if PROBLEM in content:
            cache = contract.resolve(response["headers"]["Cache-Control"])
            assert cache["required"] and cache["schema"]["const"] == "no-store", where
        # Every 4xx/5xx is a problem document, except /v1/health's 503 (its own JSON).
        is_error = status is not None and status[0] in "45" and status != "503"
        if is_error or PROBLEM in content:
            assert list(content) == [PROBLEM], f"{where}: errors are {PROBLEM} only"
    for template, method, op in OPERATIONS:
        assert "500" not in op["responses"], "500 is a bug: never documented"


def test_status_codes_are_strings():
    # YAML would read an unquoted 200 as an integer, and /v1/openapi.json as "200".
    raw = yaml.safe_load(contract.SPEC_PATH.read_text())
    for template, item in raw["paths"].items():
        for method, op in item.items():
            if method in contract.METHODS:
                assert all(isinstance(k, str) for k in op["responses"]), \
                    f"{method} {template}: quote the status codes"


# The server's side: nothing answers that the contract does not describe.

PATHS = sorted(SPEC["paths"])
PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def concrete(template):
    """A path of the template: each parameter a random UUID (the method check comes before
    any object lookup, so the object need not exist)."""
    return re.sub(r"\{[^}/]+\}", lambda m: str(uuid.uuid4()), template)


@pytest.mark.parametrize("template", PATHS)
def test_undocumented_methods_answer_405_with_exact_allow(api, template):
    allowed = contract.allowed_methods(template)
    path = concrete(template)
    for method in PROBED_METHODS:
        if method in allowed:
            continue
        r = api.request(method, path)
        assert r.status_code == 405, f"{method} {path}: {r.status_code}"
        assert parse_allow(r.headers["Allow"]) == allowed, (method, r.headers["Allow"])
        if method != "HEAD":
            assert r.json()["type"] == "https://asr-mayotte.fr/problems/method-not-allowed"


@pytest.mark.parametrize("template", PATHS)
def test_options_answers_the_documented_methods(api, template):
    r = api.options(concrete(template))
    assert r.status_code == 204
    assert parse_allow(r.headers["Allow"]) == contract.allowed_methods(template)


UNDOCUMENTED_PATHS = [
    "/", "/v1", "/v1/", "/v2/health", "/health", "/openapi.json", "/v1/openapi",
    "/v1/health/", "/V1/health", "/v1/HEALTH", "/v1/health/x", "/v1/health.json",
    "/v1/reference", "/v1/reference/", "/v1/reference/communes/97611",
    "/v1/reference/communes/", "/v1/reference/sectors/btp", "/v1/reference/kinds-nope",
    "/v1/tools", "/v1/tools/", "/v1/tools/required-hours/", "/v1/tools/required-hours/1",
    "/v1/admin", "/v1/metrics", "/metrics", "/debug", "/status", "/.env", "/.git/config",
    "/v1/docs", "/index.html", "/favicon.ico",
    "/v1/auth", "/v1/auth/", "/v1/auth/login/", "/v1/auth/me/", "/v1/auth/token",
    "/v1/auth/keys/x", "/v1/AUTH/login", "/v1/users/", "/v1/users//password-reset",
    "/v1/users/x/y", "/v1/users/x/password-reset/", "/v1/user", "/v1/organisations/",
    "/v1/organisations/x/users", "/v1/me",
    "/v1/catalogue", "/v1/catalogue/", "/v1/catalogue/suppliers/", "/v1/catalogue/offers/",
    "/v1/catalogue/offers/x", "/v1/catalogue/suppliers/x/offers", "/v1/catalogue/search",
    "/v1/offers/", "/v1/offers/x/y", "/v1/organisations/x/offers", "/v1/registrations/",
    "/v1/registrations/x", "/v1/registrations/x/approve/", "/v1/registrations/x/cancel",
    "/v1/reference/organisation-subkinds", "/v1/reference/kinds", "/v1/reference/labels/rge",
]


@pytest.mark.parametrize("path", UNDOCUMENTED_PATHS)
def test_undocumented_paths_answer_404(api, path):
    assert contract.match_path(path) is None, f"{path} is documented: drop it from this list"
    for method in ("GET", "POST"):
        r = api.request(method, path)
        assert r.status_code == 404, f"{method} {path}: {r.status_code}"
        assert r.json()["instance"] == path


def parse_allow(value):
    return {m.strip().upper() for m in value.split(",") if m.strip()}
