"""The contract checker: validates one HTTP answer against openapi.yaml.

validate(method, path, response) finds the operation the request reached and fails (with
AssertionError) on anything the contract does not say: a route it lacks, a method it does not
describe, an undocumented status, a Content-Type or body that does not match, a missing
required header. Answers the dispatcher gives on every path (404 for an unknown path, 405,
OPTIONS) are checked against the shared responses in components/responses.

Schemas are checked with jsonschema's Draft 2020-12 validator (OpenAPI 3.1 schemas are JSON
Schema 2020-12); `$ref`s to `#/components/...` resolve against the whole document.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import yaml

ROOT = Path(os.environ.get("ASR_ROOT") or Path(__file__).resolve().parents[2])
SPEC_PATH = ROOT / "openapi.yaml"

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROLES = {"admin", "facilitator", "buyer", "company", "supplier", "prescriber",
         "partner", "anonymous"}


def load_spec():
    """The contract as plain JSON data (status codes as strings, as JSON would have them)."""
    with open(SPEC_PATH, "rb") as f:
        return json.loads(json.dumps(yaml.safe_load(f)))


SPEC = load_spec()
RESOLVER = jsonschema.RefResolver.from_schema(SPEC)
_FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def resolve(node):
    """Follows `$ref` (possibly chained) to the object it names."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref not in seen, f"$ref loop at {ref}"
        seen.add(ref)
        _, node = RESOLVER.resolve(ref)
    return node


def _template_regex(template):
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("^" + "".join(
        "[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


_PATHS = sorted(
    ((t, _template_regex(t), t.count("{")) for t in SPEC.get("paths", {})),
    key=lambda x: x[2])   # literal paths win over templated ones, as OpenAPI says


def match_path(path):
    """The templated path of the contract that `path` (query string ignored) falls under."""
    path = urlsplit(path).path
    for template, regex, _ in _PATHS:
        if regex.match(path):
            return template
    return None


def documented_methods(template):
    """Upper-case methods an operation is described for on this path."""
    item = SPEC["paths"][template]
    return {m.upper() for m in METHODS if m in item}


def allowed_methods(template):
    """What `Allow` must list for this path: documented + HEAD for GET + OPTIONS."""
    methods = documented_methods(template) | {"OPTIONS"}
    if "GET" in methods:
        methods.add("HEAD")
    return methods


def _shared(name):
    return SPEC["components"]["responses"][name]


def _fail(method, path, response, why):
    body = response.content[:500].decode("utf-8", "replace")
    raise AssertionError(
        f"contract: {method} {path} answered {response.status_code}: {why}\n"
        f"  Content-Type: {response.headers.get('Content-Type')}\n  body: {body}")


def _response_spec(method, path, response):
    """(name for messages, response object) documenting this answer, or fail."""
    status = response.status_code
    template = match_path(path)
    if template is None:
        if status == 404:
            return "components/responses/NotFound", _shared("NotFound")
        _fail(method, path, response, "route the contract lacks")
    item = SPEC["paths"][template]
    op_method = "get" if method == "HEAD" else method.lower()
    if op_method not in item:
        if method == "OPTIONS" and status == 204:
            return "components/responses/Options", _shared("Options")
        if method == "OPTIONS" and status == 403:
            return "components/responses/CorsOriginDenied", _shared("CorsOriginDenied")
        if status == 405:
            return "components/responses/MethodNotAllowed", _shared("MethodNotAllowed")
        _fail(method, path, response,
              f"method {method} is not described for {template} (expected 405)")
    responses = item[op_method]["responses"]
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in responses:
            op_id = item[op_method].get("operationId", f"{op_method.upper()} {template}")
            return f"{op_id} {key}", resolve(responses[key])
    _fail(method, path, response,
          f"status {status} not documented for {op_method.upper()} {template} "
          f"(documented: {', '.join(sorted(responses))})")


def _check_header(where, name, spec, value):
    schema = spec.get("schema")
    if schema is None:
        return
    if schema.get("type") == "integer":
        assert re.fullmatch(r"-?[0-9]+", value.strip()), \
            f"{where}: header {name}: {value!r} is not an integer"
        value = int(value)
    errors = list(jsonschema.Draft202012Validator(schema, resolver=RESOLVER)
                  .iter_errors(value))
    assert not errors, f"{where}: header {name}: {value!r}: {errors[0].message}"


def _media_type(value):
    return (value or "").split(";")[0].strip().lower()


def _is_json(media_type):
    return media_type == "application/json" or media_type.endswith("+json")


def validate(method, path, response):
    """Fails with AssertionError unless `response` is what the contract documents.

    method: the HTTP method sent; path: the path sent (with or without query string);
    response: a requests.Response (or anything with status_code, headers, content).
    """
    method = method.upper()
    where, spec = _response_spec(method, path, response)
    where = f"{method} {path} → {response.status_code} ({where})"

    for name, header in (spec.get("headers") or {}).items():
        header = resolve(header)
        value = response.headers.get(name)
        if value is None:
            assert not header.get("required"), f"{where}: required header {name} missing"
            continue
        _check_header(where, name, header, value)

    content = spec.get("content") or {}
    body = response.content
    if response.status_code in (204, 304) or not content:
        assert body == b"", f"{where}: body must be empty, got {body[:200]!r}"
        return
    media_type = _media_type(response.headers.get("Content-Type"))
    documented = {_media_type(k): v for k, v in content.items()}
    assert media_type in documented, (
        f"{where}: Content-Type {response.headers.get('Content-Type')!r} is not one of "
        f"{', '.join(sorted(documented))}")
    if method == "HEAD":
        assert body == b"", f"{where}: HEAD answer has a body"
        return
    assert body != b"", f"{where}: empty body, {media_type} documented"
    schema = documented[media_type].get("schema")
    if schema is None:
        return
    if _is_json(media_type):
        try:
            instance = json.loads(body)
        except ValueError as e:
            raise AssertionError(f"{where}: body is not JSON ({e}): {body[:200]!r}")
    else:
        instance = body.decode("utf-8")
    validator = jsonschema.Draft202012Validator(
        schema, resolver=RESOLVER, format_checker=_FORMATS)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [line for e in errors[:10] for line in _explain(e)]
        raise AssertionError(f"{where}: body does not match the schema:\n"
                             + "\n".join(lines) + f"\n  body: {body[:500]!r}")


def _explain(error, depth=1):
    """Lines saying where and why; for oneOf/anyOf, why each branch failed."""
    at = "/" + "/".join(map(str, error.absolute_path))
    message = error.message if len(error.message) < 160 else error.message[:160] + "…"
    lines = [f"{'  ' * depth}at {at}: {message}"]
    branches = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for branch, subs in sorted(branches.items()):
        lines.append(f"{'  ' * (depth + 1)}{error.validator}[{branch}]:")
        for sub in subs[:3]:
            lines += _explain(sub, depth + 2)
    return lines


def iter_refs(node, where="#"):
    """Yields (location, $ref) for every `$ref` in the document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield where, v
            else:
                yield from iter_refs(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_refs(v, f"{where}/{i}")


def iter_operations():
    """Yields (path template, method, operation) for every described operation."""
    for template, item in SPEC["paths"].items():
        for method in METHODS:
            if method in item:
                yield template, method, item[method]
