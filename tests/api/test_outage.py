"""A real database outage, without touching the shared PostgreSQL cluster.

A second server reaches PostgreSQL through a small TCP proxy (127.0.0.1 → the cluster's unix
socket). Cutting the proxy (refusing new connections and closing every forwarded one) is an
outage as the server sees it; restoring it on the same port ends the outage. The server must
answer 503 during the outage and recover by itself afterwards, without a restart.
"""

import os
import socket
import threading
import time

import pytest


class PgProxy:
    """Forwards TCP connections on 127.0.0.1:<port> to a unix socket; cut() and restore()."""

    def __init__(self, unix_path):
        self.unix_path = unix_path
        self.port = None
        self._listener = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sockets = set()

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener, self._stop = listener, threading.Event()
        threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True).start()

    restore = start     # on the same port: SO_REUSEADDR lets it rebind at once

    def cut(self):
        """Refuses new connections and closes every forwarded one."""
        self._stop.set()
        if self._listener is not None:
            _close(self._listener)      # shutdown() stops listening at once, even mid-accept
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for s in sockets:
            _close(s)

    stop = cut

    def _accept(self, listener, stop):
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                upstream.connect(self.unix_path)
            except OSError:
                _close(client)
                _close(upstream)
                continue
            with self._lock:
                if stop.is_set():
                    _close(client)
                    _close(upstream)
                    return
                self._sockets |= {client, upstream}
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets -= {src, dst}
            _close(src)
            _close(dst)


def _close(s):
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


def poll(what, check, timeout):
    """Calls check() -> (ok, what was seen) until ok, failing after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        ok, seen = check()
        if ok:
            return
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s; last seen {seen}"
        time.sleep(0.2)


@pytest.fixture
def proxy():
    for name in ("ASR_TEST_PGHOST", "ASR_TEST_PGPORT", "ASR_TEST_PGDATABASE", "ASR_TEST_PGUSER"):
        if not os.environ.get(name):
            pytest.skip(f"{name} is not set: run through `make test`")
    unix_path = os.path.join(os.environ["ASR_TEST_PGHOST"],
                             f".s.PGSQL.{os.environ['ASR_TEST_PGPORT']}")
    p = PgProxy(unix_path)
    p.start()
    yield p
    p.stop()


def test_database_outage_answers_503_then_recovers(spawn_server, api_for, proxy):
    url = (f"host=127.0.0.1 port={proxy.port} dbname={os.environ['ASR_TEST_PGDATABASE']} "
           f"user={os.environ['ASR_TEST_PGUSER']} connect_timeout=2")
    server = spawn_server(url)
    api = api_for(server.url)
    pid = server.proc.pid

    def get(path):
        # A new connection each time, as a client coming back after the outage would open.
        # (Kore 4.1 leaves the accept lock with one worker until it is busy, so these mostly
        # reach the same worker: the other's recovery is not observable from here.)
        return api.get(path, timeout=5, headers={"Connection": "close"})

    def health():
        r = get("/v1/health")
        return r.status_code, r.json()["database"], r.headers.get("Retry-After")

    def communes():
        r = get("/v1/reference/communes")
        problem = r.json().get("type") if r.status_code != 200 else None
        return r.status_code, problem, r.headers.get("Retry-After")

    def every_answer(expected):
        def check():
            seen = [health() for _ in range(3)] + [communes() for _ in range(3)]
            return all(answer in expected for answer in seen), seen
        return check

    up = [(200, "ok", None), (200, None, None)]
    down = [(503, "unavailable", "5"),
            (503, "https://asr-mayotte.fr/problems/database-unavailable", "5")]

    poll("200 through the proxy", every_answer(up), 10)

    proxy.cut()
    poll("503 from /v1/health and /v1/reference/communes", every_answer(down), 5)

    proxy.restore()
    poll("200 again from /v1/health and /v1/reference/communes", every_answer(up), 10)
    assert server.alive() and server.proc.pid == pid, "the server was not restarted"
