"""Migrations: applied once each, in one transaction each, recorded with a
checksum; an edited, already-applied migration stops everything with a
message naming it; a failing migration leaves nothing of itself behind.

Runs sql/migrate.sh for real, on a fresh database of the private cluster,
from a copy of sql/ so that the repository's files are never touched.
"""
import os
import shutil
import subprocess
import uuid

import pytest

PSQL = "/usr/lib/postgresql/15/bin/psql"


def _owner_conninfo(dbname):
    host = os.environ["ASR_TEST_PGHOST"]
    port = os.environ["ASR_TEST_PGPORT"]
    owner = os.environ["ASR_TEST_PGOWNER"]
    return "host=%s port=%s dbname=%s user=%s" % (host, port, dbname, owner)


def _psql(dbname, sql):
    out = subprocess.run([PSQL, "-X", "-tA", "-v", "ON_ERROR_STOP=1",
                          _owner_conninfo(dbname), "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture
def scratch(tmp_path):
    if "ASR_TEST_PGOWNER" not in os.environ:
        pytest.skip("run through `make test`")
    name = "asr_migtest_" + uuid.uuid4().hex[:12]
    _psql("postgres", 'CREATE DATABASE "%s"' % name)
    root = tmp_path / "checkout"
    shutil.copytree(os.path.join(os.environ["ASR_ROOT"], "sql"), root / "sql")
    env = dict(os.environ, MIGRATE_DATABASE_URL=_owner_conninfo(name))
    env.pop("DATABASE_URL", None)

    def migrate(*args):
        return subprocess.run([str(root / "sql" / "migrate.sh"), *args],
                              env=env, capture_output=True, text=True)

    yield name, root, migrate
    _psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def test_applies_each_migration_once_with_its_checksum(scratch):
    name, root, migrate = scratch
    first = migrate()
    assert first.returncode == 0, first.stderr
    assert "applied 0001_foundation" in first.stderr
    files = sorted(p.name for p in (root / "sql" / "migrations").glob("*.sql"))
    recorded = _psql(name, "SELECT string_agg(name || '.sql', ',' ORDER BY "
                     "version) FROM schema_migrations")
    assert recorded.split(",") == files
    checksum = _psql(name, "SELECT checksum FROM schema_migrations "
                     "WHERE version = '0001'")
    import hashlib
    expected = hashlib.sha256(
        (root / "sql" / "migrations" / files[0]).read_bytes()).hexdigest()
    assert checksum == expected

    second = migrate()
    assert second.returncode == 0, second.stderr
    assert "applied" not in second.stderr
    assert _psql(name, "SELECT count(*) FROM schema_migrations") == \
        str(len(files))


def test_edited_applied_migration_stops_with_a_clear_message(scratch):
    name, root, migrate = scratch
    assert migrate().returncode == 0
    first = root / "sql" / "migrations" / "0001_foundation.sql"
    first.write_text(first.read_text() + "\n-- an innocent-looking edit\n")
    again = migrate()
    assert again.returncode != 0
    assert "0001_foundation.sql was edited after it was applied" in again.stderr


def test_failing_migration_leaves_nothing_behind(scratch):
    name, root, migrate = scratch
    assert migrate().returncode == 0
    broken = root / "sql" / "migrations" / "9998_broken.sql"
    broken.write_text("CREATE TABLE half_done (id int);\n"
                      "SELECT no_such_function();\n")
    failed = migrate()
    assert failed.returncode != 0
    assert "9998_broken.sql failed" in failed.stderr
    assert _psql(name, "SELECT to_regclass('half_done') IS NULL") == "t"
    assert _psql(name, "SELECT count(*) FROM schema_migrations "
                 "WHERE version = '9998'") == "0"

    broken.write_text("CREATE TABLE half_done (id int);\n")
    fixed = migrate()
    assert fixed.returncode == 0, fixed.stderr
    assert _psql(name, "SELECT to_regclass('half_done') IS NOT NULL") == "t"


def test_reference_data_loads_idempotently(scratch):
    name, root, migrate = scratch
    assert migrate().returncode == 0
    assert migrate("reference").returncode == 0
    before = _psql(name, "SELECT (SELECT count(*) FROM communes) || '/' || "
                   "(SELECT count(*) FROM sectors) || '/' || "
                   "(SELECT count(*) FROM sector_groups)")
    again = migrate("reference")
    assert again.returncode == 0, again.stderr
    after = _psql(name, "SELECT (SELECT count(*) FROM communes) || '/' || "
                  "(SELECT count(*) FROM sectors) || '/' || "
                  "(SELECT count(*) FROM sector_groups)")
    assert before == after
    communes, sectors, groups = (int(x) for x in after.split("/"))
    assert communes == 17 and sectors >= 40 and groups >= 10


def test_application_role_cannot_change_reference_data(scratch):
    name, root, migrate = scratch
    assert migrate().returncode == 0
    assert migrate("reference").returncode == 0
    app = _owner_conninfo(name).replace(
        "user=" + os.environ["ASR_TEST_PGOWNER"], "user=asr_app")
    denied = subprocess.run([PSQL, "-X", "-v", "ON_ERROR_STOP=1", app, "-c",
                             "UPDATE communes SET label = 'x'"],
                            capture_output=True, text=True)
    assert denied.returncode != 0
    assert "permission denied" in denied.stderr
    allowed = subprocess.run([PSQL, "-X", "-tA", app, "-c",
                              "SELECT count(*) FROM communes"],
                             capture_output=True, text=True)
    assert allowed.stdout.strip() == "17"
