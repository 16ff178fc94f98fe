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
    unless the call says validate=False (answers Kore gives itself)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()

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
