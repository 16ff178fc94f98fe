"""The audit log's retention: entries older than the territory parameter
audit_retention_days (365 days, sql/reference/0150_audit.sql; never under 30) are deleted by
an hourly job that every server runs and one runs at a time (audit_log_purge(), an advisory
lock); a purge that deleted entries leaves an `audit.purge` entry. It is the one exception to
the log being append-only, and a narrow one: the application's role still cannot delete an
entry itself, and no one, not even the owner with the purge's flag, deletes a recent one.
"""

import os
import time
import uuid

import dbkit
from keyskit import app_url, owner_url, psql

INSERT = ("INSERT INTO audit_log (at, actor_type, role, action, object_id)"
          " VALUES (now() - interval '{age}', 'anonymous', 'anonymous', 'test.purge',"
          " '{id}'::uuid)")


def entry(age):
    """A new entry of that age (inserted by the owner), by its object id."""
    object_id = str(uuid.uuid4())
    rc, out = psql(owner_url(), INSERT.format(age=age, id=object_id))
    assert rc == 0, out
    return object_id


def count(object_id):
    rc, out = psql(owner_url(), f"SELECT count(*) FROM audit_log WHERE object_id = "
                                f"'{object_id}'")
    assert rc == 0, out
    return int(out)


def test_the_job_deletes_what_is_older_than_the_retention(spawn_server):
    old, kept = entry("400 days"), entry("300 days")
    spawn_server(os.environ["ASR_TEST_DATABASE_URL"], ASR_AUDIT_PURGE_INTERVAL_S="1")
    deadline = time.monotonic() + 20
    while count(old) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert count(old) == 0 and count(kept) == 1
    rc, out = psql(owner_url(), "SELECT count(*) > 0 FROM audit_log"
                                " WHERE action = 'audit.purge' AND role = 'system'")
    assert rc == 0 and out == "t", out


def test_the_app_role_purges_only_through_the_function_and_only_old_entries():
    recent, old = entry("10 days"), entry("2 years")
    # No DELETE for the app's role, flag or not.
    for sql in (f"DELETE FROM audit_log WHERE object_id = '{recent}'",
                "SET asr.audit_purge = 'on'; DELETE FROM audit_log"
                f" WHERE object_id = '{recent}'",
                "TRUNCATE audit_log"):
        rc, out = psql(app_url(), sql)
        assert rc != 0 and "permission denied" in out, (sql, out)
    # A time in the future is not believed: the retention counts from now().
    rc, out = psql(app_url(), "SELECT audit_log_purge('infinity') >= 0")
    assert rc == 0 and out == "t", out
    assert count(old) == 0 and count(recent) == 1
    # The retention is the owner's to change, not the app's.
    rc, out = psql(app_url(), "UPDATE territory_parameters SET value = 0"
                              " WHERE code = 'audit_retention_days'")
    assert rc != 0 and "permission denied" in out, out


def test_the_flag_alone_deletes_nothing_recent():
    recent = entry("10 days")
    # The owner, setting the purge's flag by hand, still cannot delete a recent entry,
    # nor update or truncate.
    for sql in ("SELECT set_config('asr.audit_purge', 'on', false);"
                f" DELETE FROM audit_log WHERE object_id = '{recent}'",
                "SELECT set_config('asr.audit_purge', 'on', false);"
                f" UPDATE audit_log SET action = 'x' WHERE object_id = '{recent}'",
                "SELECT set_config('asr.audit_purge', 'on', false); TRUNCATE audit_log"):
        rc, out = psql(owner_url(), sql)
        assert rc != 0 and "append-only" in out, (sql, out)
    assert count(recent) == 1


def test_the_purge_function_runs_as_its_owner_with_a_fixed_search_path():
    rows = dbkit.sql("SELECT p.prosecdef, array_to_string(p.proconfig, ','),"
                     " has_function_privilege('public', p.oid, 'EXECUTE')"
                     " FROM pg_proc p WHERE p.proname = 'audit_log_purge'", owner=True)
    assert rows == [("t", "search_path=public, pg_temp", "f")], rows
