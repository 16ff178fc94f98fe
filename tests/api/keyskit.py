"""Helpers of the partner-key, limit, audit and idempotency tests: keys made through the API
(by the demo admin), clients that send a key, audit entries, SQL as the app's role or the
owner through psql, and servers of their own with a pinned clock or trusted proxies.

Fixtures here are imported by the test modules that use them (`from keyskit import ...`).
"""

import os
import random
from datetime import datetime, timedelta, timezone

import pytest

import authkit
import conftest
import dbkit

SCOPES = ("catalogue:read", "catalogue:write", "markets:read", "markets:write", "sync:read",
          "sync:write", "reports:read")
KEY_FIELDS = {"id", "organisation_id", "name", "scopes", "prefix", "expires_at", "created_at",
              "last_used_at", "revoked_at", "updated_at", "version"}


def rfc3339(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def now_utc():
    return datetime.now(timezone.utc)


def random_address():
    """A documentation address (TEST-NET-3) of this test's own."""
    return f"203.0.113.{random.randint(1, 254)}" if random.random() < 0.5 else \
        f"2001:db8::{random.randint(1, 0xffff):x}:{random.randint(1, 0xffff):x}"


def create_key(admin, organisation_id, scopes=("catalogue:read", "catalogue:write"), **fields):
    body = {"organisation_id": organisation_id, "name": f"Key {authkit.random_uuid()[:8]}",
            "scopes": list(scopes)}
    body.update(fields)
    r = admin.post("/v1/api-keys", json=body)
    assert r.status_code == 201, f"POST /v1/api-keys {body}: {r.status_code} {r.text[:300]}"
    return r.json()


def key_client(base_url, key, header="x-api-key"):
    """A contract-checked client sending the key in X-API-Key, or as a Bearer token."""
    client = conftest.Api(base_url)
    if header == "x-api-key":
        client.session.headers["X-API-Key"] = key
    else:
        client.session.headers["Authorization"] = f"Bearer {key}"
    return client


def revoke(admin, key_id):
    r = admin.delete(f"/v1/api-keys/{key_id}", headers={"If-Match": "*"})
    assert r.status_code == 204, f"DELETE /v1/api-keys/{key_id}: {r.status_code} {r.text[:300]}"


def walk(client, path, **params):
    """Every item of a paged list, following next_cursor."""
    items, cursor = [], None
    for _ in range(200):
        query = dict(params, cursor=cursor) if cursor else params
        r = client.get(path, params=query)
        assert r.status_code == 200, r.text[:300]
        page = r.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{path}: too many pages")


def audit(admin, **params):
    """Every audit entry matching params (newest first), across pages."""
    return walk(admin, "/v1/audit", **dict({"limit": 100}, **params))


def psql(url, sql):
    """(returncode, stdout+stderr) of one statement run by psql on the URL."""
    p = dbkit.psql(sql, on=url)
    return p.returncode, (p.stdout + p.stderr).strip()


def app_url():
    url = os.environ.get("ASR_TEST_DATABASE_URL")
    if not url:
        pytest.skip("ASR_TEST_DATABASE_URL is not set: run through `make test`")
    return url


def owner_url():
    url = os.environ.get("ASR_TEST_OWNER_DATABASE_URL")
    if not url:
        pytest.skip("ASR_TEST_OWNER_DATABASE_URL is not set: run through `make test`")
    return url


@pytest.fixture
def admin(api_as):
    return api_as("admin")


@pytest.fixture
def key_clients():
    """key_clients(base_url, key, header) → clients closed after the test."""
    clients = []

    def make(base_url, key, header="x-api-key"):
        clients.append(key_client(base_url, key, header))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def proxied_server(spawn_server):
    """A server of the test's own that trusts 127.0.0.1 as a proxy, so that requests may
    say which client they come from with X-Forwarded-For (extra environment as kwargs)."""
    def spawn(**env):
        env.setdefault("ASR_TRUSTED_PROXIES", "127.0.0.1,::1")
        return spawn_server(os.environ["ASR_TEST_DATABASE_URL"], **env)
    return spawn


def pinned_env(at):
    return {"ASR_NOW": rfc3339(at)}


def later(**delta):
    return now_utc() + timedelta(**delta)
