"""The container's entry point (deploy/entrypoint.sh) with ASR_DEMO=1 loads the demo people
as `make run` does (conf/demo-people.sh: identities sealed with ASR_VAULT_KEY_FILE), so that
a server using those keys opens them; in production ASR_DEMO=1 loads nothing. No container
engine here: the script runs as is, on a fresh database of the private cluster, its paths
being the checkout's (the image's /opt/asr holds the same files)."""
import os
import subprocess
import uuid

import pytest

PSQL = "/usr/lib/postgresql/15/bin/psql"


def conninfo(dbname, user):
    return "host=%s port=%s dbname=%s user=%s" % (
        os.environ["ASR_TEST_PGHOST"], os.environ["ASR_TEST_PGPORT"], dbname, user)


def psql(dbname, sql):
    out = subprocess.run([PSQL, "-X", "-tA", "-v", "ON_ERROR_STOP=1",
                          conninfo(dbname, os.environ["ASR_TEST_PGOWNER"]), "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture
def fresh(tmp_path):
    if "ASR_TEST_PGOWNER" not in os.environ:
        pytest.skip("run through `make test`")
    name = "asr_deploytest_" + uuid.uuid4().hex[:12]
    psql("postgres", 'CREATE DATABASE "%s"' % name)
    root = os.environ["ASR_ROOT"]
    keys = tmp_path / "vault.keys"
    with open(keys, "w") as f:
        for kind in ("seal", "blind"):
            f.write(subprocess.run([os.path.join(root, "build", "asr-admin"), "vaultkey",
                                    kind], capture_output=True, text=True,
                                   check=True).stdout)
    os.chmod(keys, 0o600)
    rundir = tmp_path / "run"
    rundir.mkdir()

    def entrypoint(**env):
        full = {k: v for k, v in os.environ.items()
                if not k.startswith(("ASR_", "DATABASE_", "MIGRATE_"))}
        full.update(DATABASE_URL=conninfo(name, os.environ["ASR_TEST_PGUSER"]),
                    MIGRATE_DATABASE_URL=conninfo(name, os.environ["ASR_TEST_PGOWNER"]),
                    ASR_RUNDIR=str(rundir), ASR_VAULT_KEY_FILE=str(keys), ASR_DB_WAIT="5",
                    **env)
        return subprocess.run([os.path.join(root, "deploy", "entrypoint.sh"), "migrate"],
                              env=full, capture_output=True, text=True, timeout=600)

    yield name, keys, entrypoint
    psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def test_production_never_loads_the_demo(fresh):
    name, _, entrypoint = fresh
    out = entrypoint(ASR_ENV="production", ASR_DEMO="1")
    assert out.returncode == 0, out.stderr
    assert "ignored: no demo data in production" in out.stderr
    assert psql(name, "SELECT count(*) FROM beneficiaries") == "0"
    assert psql(name, "SELECT count(*) FROM users") == "0"


def test_demo_people_load_and_open_with_the_vault_keys(fresh, spawn_server, api_for, login):
    name, keys, entrypoint = fresh
    out = entrypoint(ASR_ENV="development", ASR_DEMO="1")
    assert out.returncode == 0, out.stderr
    assert "demo-people: loaded" in out.stderr
    sealed = psql(name, "SELECT count(*), count(identity) FROM beneficiaries"
                        " WHERE erased_at IS NULL")
    count = int(sealed.split("|")[0])
    assert count >= 4 and sealed == f"{count}|{count}"
    assert psql(name, "SELECT count(*) FROM referrals") != "0"
    # Idempotent: a second start loads nothing twice.
    out = entrypoint(ASR_ENV="development", ASR_DEMO="1")
    assert out.returncode == 0, out.stderr
    assert psql(name, "SELECT count(*) FROM beneficiaries") == str(count)
    # The server that uses these keys opens the identities.
    server = spawn_server(conninfo(name, os.environ["ASR_TEST_PGUSER"]),
                          ASR_VAULT_KEY_FILE=str(keys))
    client = api_for(server.url)
    token = login("prescripteur@demo.asr.yt", "demo-password-2026", server.url)
    client.session.headers["Authorization"] = f"Bearer {token['access_token']}"
    r = client.get("/v1/beneficiaries", params={"limit": 100})
    assert r.status_code == 200, r.text
    people = r.json()["items"]
    assert len(people) >= 4 and all(p["last_name"] and p["first_name"] for p in people)
