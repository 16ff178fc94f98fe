"""The workers' in-memory search index (src/catalogue/index.c) answers the
supplier search exactly as the SQL path does, byte for byte, page after
page, and never answers from an index older than the catalogue.

Two servers run on a database of their own (the demo data and 400
generated suppliers): one with the index, one without (ASR_SEARCH_INDEX=0).
Every query is asked of both and the bodies compared; the test build says
which path answered in an x-asr-search header, so that the test knows the
index really answered the queries it can answer.
"""
import os
import subprocess
import time
import uuid

import pytest
import requests

import base64

import contract
from conftest import Server, own_server_needed

PSQL = "/usr/lib/postgresql/15/bin/psql"
GENERATED = 400
SUPPLIERS = "/v1/catalogue/suppliers"


def _conninfo(dbname, role):
    return "host=%s port=%s dbname=%s user=%s" % (
        os.environ["ASR_TEST_PGHOST"], os.environ["ASR_TEST_PGPORT"], dbname, role)


def _psql(conninfo, sql):
    out = subprocess.run([PSQL, "-X", "-tA", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture(scope="module")
def index_db():
    """A database of its own: migrated, reference and demo data, generated suppliers."""
    own_server_needed()
    if "ASR_TEST_PGOWNER" not in os.environ:
        pytest.skip("run through `make test`")
    name = "asr_indextest_" + uuid.uuid4().hex[:12]
    owner = _conninfo(name, os.environ["ASR_TEST_PGOWNER"])
    _psql(_conninfo("postgres", os.environ["ASR_TEST_PGOWNER"]), 'CREATE DATABASE "%s"' % name)
    root = os.environ["ASR_ROOT"]
    env = dict(os.environ, MIGRATE_DATABASE_URL=owner)
    env.pop("DATABASE_URL", None)
    for argv in (["sql/migrate.sh"], ["sql/migrate.sh", "reference"],
                 ["sql/migrate.sh", "demo"], ["sql/demo/large.sh", str(GENERATED)]):
        subprocess.run(argv, cwd=root, env=env, check=True, capture_output=True)
    app = _conninfo(name, os.environ["ASR_TEST_PGUSER"])
    yield owner, app
    _psql(_conninfo("postgres", os.environ["ASR_TEST_PGOWNER"]),
          'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


@pytest.fixture(scope="module")
def servers(index_db, tmp_path_factory):
    """(with the index, without): no cache of answers on either."""
    _, app = index_db
    indexed = Server(tmp_path_factory.mktemp("indexed"), app,
                     ASR_CACHE_TTL_MS="0", ASR_SEARCH_INDEX="1")
    plain = Server(tmp_path_factory.mktemp("plain"), app,
                   ASR_CACHE_TTL_MS="0", ASR_SEARCH_INDEX="0")
    yield indexed, plain
    indexed.stop()
    plain.stop()


def get(server, path, params):
    r = requests.get(server.url + path, params=params, timeout=10)
    contract.validate("GET", path, r)
    return r


def warm(server, params=None, timeout=30):
    """Asks until both workers answered from their index several times in a row."""
    params = params or {"q": "nettoyage"}
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline and streak < 12:
        r = requests.get(server.url + SUPPLIERS, params=params, timeout=10)
        streak = streak + 1 if r.headers.get("x-asr-search") == "index" else 0
        if streak == 0:
            time.sleep(0.05)
    assert streak >= 12, "the index never answered: see the server's log"


def same_pages(indexed, plain, params, pages=3):
    """Walks up to `pages` pages on both servers; returns how many the index answered."""
    answered = 0
    params = dict(params)
    for _ in range(pages):
        a = get(indexed, SUPPLIERS, params)
        b = get(plain, SUPPLIERS, params)
        assert b.headers.get("x-asr-search") != "index"
        assert a.status_code == b.status_code, (params, a.text[:300], b.text[:300])
        if a.status_code != 200:
            assert a.json()["errors"] == b.json()["errors"]
            return answered
        assert a.content == b.content, (params, a.text[:600], b.text[:600])
        assert a.headers["ETag"] == b.headers["ETag"]
        answered += a.headers.get("x-asr-search") == "index"
        cursor = a.json()["next_cursor"]
        if cursor is None:
            break
        params["cursor"] = cursor
    return answered


# Queries the index answers (text matches exist), then those it hands to SQL.
INDEXED = [
    {},
    {"sort": "-updated_at"},
    {"sector_group": "btp", "commune": "97611"},
    {"sector": "proprete-locaux"},
    {"sector": ["proprete-locaux", "btp-peinture"], "kind": "siae"},
    {"subkind": "ACI"},
    {"label": "lucie"},
    {"offer_type": "service", "member": "true"},
    {"member": "false", "commune": ["97601", "97617"]},
    {"updated_since": "2020-01-01"},
    {"q": "nettoyage"},
    {"q": "nettoyage", "sector": "proprete-locaux"},
    {"q": "Nettoyage", "sort": "name"},
    {"q": "nettoyage", "sort": "-updated_at"},
    {"q": "espaces verts"},
    {"q": "menuiserie"},
    {"q": "nettoyage -vitrerie"},
    {"q": "nettoyage or peinture"},
    {"q": "ÉCOLES Bureaux"},
    {"q": "insertion", "sector_group": "btp", "limit": "5"},
    {"q": "traiteur", "limit": "1"},
    {"q": "\"remise en état\""},       # a phrase: candidates checked one by one
    {"q": "\"espaces verts\"", "sort": "relevance"},
    {"q": "nettoyage \"bureaux et locaux\" or menuiserie"},
]
TO_SQL = [
    {"q": "netoyage"},                  # no text match: trigram similarity
    {"q": "les des"},                   # stop words only
    {"q": "vitrerie -\"remise en état\""},  # NOT of a phrase
    {"q": "90000012"},                  # a SIRET prefix (too short: text)
    {"q": "900000127"},                 # a SIREN
    {"q": "zzzzqqq"},
]


def test_index_answers_as_sql_does_page_after_page(servers):
    indexed, plain = servers
    warm(indexed)
    for params in INDEXED:
        params = dict({"limit": "7"}, **params)
        assert same_pages(indexed, plain, params) >= 1, params
    for params in TO_SQL:
        same_pages(indexed, plain, dict({"limit": "7"}, **params))


def test_every_page_of_a_long_walk_is_the_same(servers):
    indexed, plain = servers
    warm(indexed)
    for params in ({"q": "nettoyage", "limit": "50"}, {"limit": "100"},
                   {"sort": "-updated_at", "limit": "100", "sector_group": "btp"}):
        assert same_pages(indexed, plain, params, pages=40) >= 2


def cursor_of(*parts):
    raw = "\x1f".join(parts).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_unknown_codes_and_hostile_cursors_answer_as_sql(servers):
    indexed, plain = servers
    warm(indexed)
    some_id = "00000000-0000-4000-8100-000000000001"
    for params in ({"sector": "nope"}, {"sector": "nope", "label": "nada", "subkind": "X"},
                   {"sector_group": "nope", "q": "nettoyage"},
                   {"q": "nettoyage", "cursor": "bm9wZQ"},
                   # Ranks PostgreSQL would not read back: 400, not 5xx.
                   {"q": "nettoyage", "cursor": cursor_of("0x1p3", some_id)},
                   {"q": "nettoyage", "cursor": cursor_of("inf", some_id)},
                   {"q": "nettoyage", "cursor": cursor_of("NaN", some_id)},
                   {"q": "nettoyage", "sort": "-updated_at", "cursor": cursor_of("1e3", some_id)},
                   {"q": "x" * 201}, {"sort": "relevance"}, {"member": "maybe"}):
        a = get(indexed, SUPPLIERS, params)
        b = get(plain, SUPPLIERS, params)
        assert a.status_code == b.status_code == 400, params
        assert a.json()["errors"] == b.json()["errors"]


def test_a_change_is_seen_by_the_next_search(servers, index_db):
    """Changes through SQL, outside the server: the generation tells the index."""
    owner, _ = index_db
    indexed, _ = servers
    warm(indexed, {"q": "nettoyage"})
    word = "zyxoglossa" + uuid.uuid4().hex[:6]
    sid = _psql(owner, "SELECT id FROM organisations WHERE kind = 'siae' AND published"
                       " AND active AND approved ORDER BY id LIMIT 1")
    _psql(owner, "UPDATE organisations SET description = description || ' %s'"
                 " WHERE id = '%s'" % (word, sid))
    r = get(indexed, SUPPLIERS, {"q": word})
    assert [i["id"] for i in r.json()["items"]] == [sid]
    warm(indexed, {"q": word})
    r = get(indexed, SUPPLIERS, {"q": word})
    assert r.headers["x-asr-search"] == "index"
    assert [i["id"] for i in r.json()["items"]] == [sid]

    _psql(owner, "UPDATE organisations SET published = false WHERE id = '%s'" % sid)
    r = get(indexed, SUPPLIERS, {"q": word})
    assert r.json()["items"] == [] and r.json()["total"] == 0
    _psql(owner, "UPDATE organisations SET published = true WHERE id = '%s'" % sid)


def test_the_generation_moves_once_per_committed_catalogue_change(index_db):
    owner, _ = index_db

    def generation():
        return int(_psql(owner, "SELECT generation FROM catalogue_state"))

    before = generation()
    _psql(owner, "BEGIN; UPDATE organisations SET description = description"
                 " WHERE kind = 'siae'; UPDATE organisations SET description = description"
                 " WHERE kind = 'ess'; COMMIT")
    assert generation() == before + 1
    _psql(owner, "BEGIN; UPDATE organisations SET description = description"
                 " WHERE kind = 'siae'; ROLLBACK")
    assert generation() == before + 1
    # A buyer is not in the catalogue.
    _psql(owner, "UPDATE organisations SET description = description"
                 " WHERE kind = 'buyer_public'")
    assert generation() == before + 1
    _psql(owner, "UPDATE sector_groups SET label = label")
    assert generation() == before + 2
