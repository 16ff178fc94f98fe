"""Fixtures of the black-box API suite: the server under test and a contract-checked client.

`make test` sets the ASR_* environment (see below) and runs pytest; without it every test
here is skipped. The session's server is started through conf/serve.sh on a free port of
127.0.0.1, its output goes to a log file whose tail is shown when a test fails, and it is
stopped with its whole process group at the end. ASR_TEST_URL points the suite at a server
already running instead (started with ASR_CORS_ORIGINS set to CORS_ORIGINS below); the
tests that need their own server then skip.

Environment: ASR_ROOT, ASR_SERVE, ASR_TEST_MODULE, ASR_TEST_DATABASE_URL, ASR_TEST_PGHOST,
ASR_TEST_PGPORT, ASR_TEST_PGDATABASE, ASR_TEST_PGUSER, ASR_TEST_URL (optional).
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

import authkit
import contract

HERE = Path(__file__).resolve().parent
CORS_ORIGINS = ("https://app.example.test", "https://partner.example.test")
START_TIMEOUT = 20
_logs = []      # log files of the servers started, for the failure report


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ASR_TEST_DATABASE_URL") or os.environ.get("ASR_TEST_URL"):
        return
    skip = pytest.mark.skip(reason="run through `make test`")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _logs:
        for log in _logs:
            report.sections.append((f"server log {log} (tail)", log_tail(log)))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no log: {e})"


class Server:
    """One Kore server started through conf/serve.sh, in its own process group."""

    def __init__(self, workdir, database_url, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(workdir) / "server.log"
        rundir = Path(workdir) / "run"
        rundir.mkdir(parents=True, exist_ok=True)
        serve = os.environ["ASR_SERVE"]
        argv = [serve] if os.access(serve, os.X_OK) else ["bash", serve]
        full_env = dict(os.environ, PORT=str(self.port), BIND="127.0.0.1",
                        DATABASE_URL=database_url, ASR_MODULE=os.environ["ASR_TEST_MODULE"],
                        ASR_RUNDIR=str(rundir), WORKERS="2",
                        ASR_CORS_ORIGINS=",".join(CORS_ORIGINS))
        full_env.update(env)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(argv, cwd=os.environ.get("ASR_ROOT"), env=full_env,
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        _logs.append(self.log)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited with {self.proc.returncode} before answering; "
                            f"log {self.log}:\n{log_tail(self.log)}")
            try:
                requests.get(self.url + "/v1/health", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        pytest.fail(f"server did not answer GET /v1/health within {START_TIMEOUT} s; "
                    f"log {self.log}:\n{log_tail(self.log)}")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM to the process group, SIGKILL after 10 s; leaves no process behind."""
        pgid = self.proc.pid
        _signal_group(pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        deadline = time.monotonic() + 5     # workers may outlive their parent briefly
        while _signal_group(pgid, 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _signal_group(pgid, 0):
            _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid, sig):
    """Sends sig to the group; False when no process of the group is left."""
    try:
        os.killpg(pgid, sig)
        return True
    except ProcessLookupError:
        return False


class Api:
    """requests.Session on a base URL; every answer is checked against openapi.yaml
    unless the call says validate=False (answers Kore gives itself). With a token, every
    request carries `Authorization: Bearer <token>` (a call may override it with
    headers={"Authorization": ...}, or drop it with headers={"Authorization": None})."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url
        self.session = requests.Session()
        self.token = token
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, path, validate=True, **kwargs):
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        response = self.session.request(method, self.base_url + path, **kwargs)
        if validate:
            contract.validate(method, path, response)
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def head(self, path, **kwargs):
        return self.request("HEAD", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def options(self, path, **kwargs):
        return self.request("OPTIONS", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def close(self):
        self.session.close()


def own_server_needed():
    """Skips the calling test when the suite runs against an external server."""
    if os.environ.get("ASR_TEST_URL"):
        pytest.skip("ASR_TEST_URL is set: this test starts its own server")
    for name in ("ASR_SERVE", "ASR_TEST_MODULE", "ASR_TEST_DATABASE_URL"):
        if not os.environ.get(name):
            pytest.skip(f"{name} is not set: run through `make test`")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    if os.environ.get("ASR_TEST_URL"):
        yield os.environ["ASR_TEST_URL"].rstrip("/")
        return
    own_server_needed()
    server = Server(tmp_path_factory.mktemp("server"), os.environ["ASR_TEST_DATABASE_URL"])
    yield server.url
    server.stop()


@pytest.fixture
def cors_origins():
    """The origins the server under test allows (an ASR_TEST_URL server must allow them)."""
    return CORS_ORIGINS


@pytest.fixture
def api(base_url):
    client = Api(base_url)
    yield client
    client.close()


@pytest.fixture
def api_for():
    """Contract-checked clients for other servers (see spawn_server)."""
    clients = []

    def make(base_url):
        clients.append(Api(base_url))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def spawn_server(tmp_path_factory):
    """Starts extra servers (e.g. on another DATABASE_URL); all are stopped afterwards."""
    own_server_needed()
    servers = []

    def spawn(database_url, **env):
        server = Server(tmp_path_factory.mktemp("extra-server"), database_url, **env)
        servers.append(server)
        return server

    yield spawn
    for server in servers:
        server.stop()


# Identity: logins, demo tokens, clients with a bearer token, fresh users and organisations.
# The demo accounts (one per role, password authkit.DEMO_PASSWORD) are never changed by the
# tests: tests that change an account make their own through the admin.

TOKEN_REUSE_S = 600     # access tokens live 15 minutes: log in again after 10


def login_pair(base_url, email, password):
    """The token pair of a successful login (fails the test otherwise)."""
    client = Api(base_url)
    try:
        r = client.post("/v1/auth/login", json={"email": email, "password": password})
    finally:
        client.close()
    assert r.status_code == 200, f"login {email}: {r.status_code} {r.text[:300]}"
    return r.json()


@pytest.fixture(scope="session")
def login(base_url):
    """login(email, password[, base_url]) → {access_token, refresh_token, ...}."""
    def do(email, password, base=None):
        return login_pair(base or base_url, email, password)
    return do


@pytest.fixture(scope="session")
def token_for(base_url):
    """token_for(role) → an access token of the demo account of that role (cached)."""
    cache = {}

    def get(role):
        hit = cache.get(role)
        if hit is None or time.monotonic() - hit[0] > TOKEN_REUSE_S:
            pair = login_pair(base_url, authkit.DEMO_EMAILS[role], authkit.DEMO_PASSWORD)
            hit = cache[role] = (time.monotonic(), pair["access_token"])
        return hit[1]
    return get


@pytest.fixture
def api_as(base_url, token_for):
    """api_as("buyer") → a contract-checked client with the demo buyer's token;
    api_as(token="...") with any token; api_as("anonymous") without credentials."""
    clients = []

    def make(role=None, token=None, base=None):
        if role is not None and role != "anonymous":
            token = token_for(role)
        clients.append(Api(base or base_url, token))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


class Person:
    """An account a test made: its user object, email, password and organisation."""

    def __init__(self, base_url, user, password, organisation):
        self.base_url = base_url
        self.user = user
        self.id = user["id"]
        self.email = user["email"]
        self.password = password
        self.organisation = organisation

    def login(self, base=None):
        """A fresh token pair of this account (on another server with base)."""
        return login_pair(base or self.base_url, self.email, self.password)


@pytest.fixture
def make_org(api_as):
    """make_org(kind="siae", **fields) → a new organisation (made by the demo admin)."""
    def make(kind="siae", **fields):
        body = {"name": f"Test org {authkit.random_uuid()[:8]}", "kind": kind}
        body.update(fields)
        r = api_as("admin").post("/v1/organisations", json=body)
        assert r.status_code == 201, f"POST /v1/organisations: {r.status_code} {r.text[:300]}"
        return r.json()
    return make


@pytest.fixture
def make_user(base_url, api_as, make_org):
    """make_user(role, organisation=None, **fields) → a Person: a new active account of that
    role (with a new organisation of a fitting kind when the role needs one)."""
    def make(role="buyer", organisation=None, **fields):
        if organisation is None and role in authkit.ROLES_WITH_ORGANISATION:
            organisation = make_org(kind=authkit.KIND_FOR_ROLE[role])
        password = fields.pop("password", authkit.password())
        body = {"email": authkit.unique_email(role), "display_name": f"Test {role}",
                "role": role, "password": password}
        if organisation is not None:
            body["organisation_id"] = organisation["id"]
        body.update(fields)
        r = api_as("admin").post("/v1/users", json=body)
        assert r.status_code == 201, f"POST /v1/users: {r.status_code} {r.text[:300]}"
        return Person(base_url, r.json(), password, organisation)
    return make


@pytest.fixture
def server_env(tmp_path):
    """Environment for extra servers sharing the suite's database and a token key file of
    the test's own: (database_url, key_file, seed, public_key)."""
    seed, pk = authkit.keygen()
    key_file = authkit.write_key_file(tmp_path / "token.keys", authkit.paserk_secret(seed, pk))
    return os.environ.get("ASR_TEST_DATABASE_URL"), key_file, seed, pk
