"""Direct access to the test database, for what HTTP cannot show: what is stored, what the
application's role may not do, transactions held open across API calls.

Uses psql with the URLs tests/run.sh exports (ASR_TEST_DATABASE_URL for the application's
role asr_app, ASR_TEST_OWNER_DATABASE_URL for the owner); tests that need it skip without.
"""
import os
import subprocess
import time

import pytest

PSQL = "/usr/lib/postgresql/15/bin/psql"
SEP = "\x1f"
NULL = "<NULL>"


def url(owner=False):
    name = "ASR_TEST_OWNER_DATABASE_URL" if owner else "ASR_TEST_DATABASE_URL"
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: run through make test")
    return value


def psql(query, *params, on=None, owner=False, name="p"):
    """The finished psql run of one statement on the URL on (or the suite's database),
    params bound as variables :'p1', :'p2'… (or another name), unaligned, tuples only."""
    argv = [PSQL, "-X", "-q", "-At", "-F", SEP, "-P", "null=" + NULL, "-v", "ON_ERROR_STOP=1",
            on or url(owner)]
    for i, p in enumerate(params, 1):
        argv += ["-v", f"{name}{i}={p}"]
    return subprocess.run(argv, input=query, capture_output=True, text=True, timeout=60)


def sql(query, *params, owner=False, check=True):
    """Runs one statement; params are bound as psql variables :'p1', :'p2'… (quoted
    literals). Returns the rows as tuples of strings (None for NULL), or raises
    AssertionError with PostgreSQL's message when check and the statement fails."""
    out = psql(query, *params, owner=owner)
    if check and out.returncode != 0:
        raise AssertionError(f"psql failed: {out.stderr.strip()}")
    if not check:
        return out
    rows = []
    # Not splitlines(): it also cuts at \x1c-\x1e, which values may hold.
    for line in out.stdout.split("\n")[:-1]:
        rows.append(tuple(None if v == NULL else v for v in line.split(SEP)))
    return rows


class OpenTransaction:
    """A psql session with a transaction left open: statements run in it until commit()."""

    def __init__(self, owner=True):
        self.proc = subprocess.Popen([PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                                      url(owner)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.send("BEGIN;")

    def send(self, statement):
        self.proc.stdin.write(statement.rstrip(";") + ";\n")
        self.proc.stdin.flush()

    def run(self, statement):
        """Runs a statement and waits until PostgreSQL has done it (psql echoes a marker)."""
        marker = f"done-{time.monotonic_ns()}"
        self.send(statement)
        self.send(f"SELECT '{marker}'")
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"psql ended: {self.proc.stderr.read()}")
            if line.strip() == marker:
                return

    def commit(self):
        self.send("COMMIT")
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0, self.proc.stderr.read()
