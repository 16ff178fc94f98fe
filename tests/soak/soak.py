"""Load with faults: the proof that nothing acknowledged is lost (issue 11, `make soak`).

Clients run for SOAK_SECONDS: anonymous catalogue searches, logins of the demo accounts,
and writes: offers created by the demo supplier (each with a unique title), insertion hours
declared by the demo company on actions made for the run (one month each), both with an
Idempotency-Key, and their validation by a facilitator. A write is retried with the same key after a closed connection or a 503,
as a careful client does. Meanwhile PostgreSQL is restarted twice and one Kore worker is
killed. Afterwards every write acknowledged with 2xx must be in the database exactly once,
every 5xx must have been a 503 problem+json, and the API must serve again within 5 s of the
database's return. Prints one `name: value` line per figure; exits 1 when a rule is broken.
"""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "16"))
RUNDIR = Path(os.environ["ASR_RUNDIR"])
PASSWORD = "demo-password-2026"
ACCOUNTS = ["admin", "facilitateur", "acheteur", "entreprise", "fournisseur", "prescripteur"]
QUERIES = ["nettoyage", "espace vert", "menuiserie", "netoyage", "restauration", "btp",
           "couture", "informatique", "transport", "recyclage"]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.acknowledged = {}          # title -> offer id answered
        self.declared = {}              # (action id, month) -> hours entry id answered
        self.validated = set()          # hours entry ids whose validation was answered 200
        self.unexpected = []            # descriptions of 5xx other than 503 problem+json
        self.refused = []               # writes refused with a 4xx they should not get
        self.closed = 0
        self.unavailable = 0
        self.probe_ok = []              # monotonic times of successful probes

    def count(self, n=1):
        with self.lock:
            self.requests += n


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server():
    port = free_port()
    env = dict(os.environ, PORT=str(port), BIND="127.0.0.1", WORKERS="2")
    log = open(RUNDIR / "server.log", "wb")
    proc = subprocess.Popen([str(ROOT / "conf/serve.sh")], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/v1/health", timeout=1)
            return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    sys.exit("soak: the server did not start; see " + str(RUNDIR / "server.log"))


def check_answer(tally, r, what):
    """Counts one answer; records a 5xx that is not a 503 problem+json."""
    tally.count()
    if r.status_code >= 500:
        ok = (r.status_code == 503
              and r.headers.get("content-type", "").startswith("application/problem+json"))
        if ok:
            with tally.lock:
                tally.unavailable += 1
        else:
            with tally.lock:
                tally.unexpected.append(f"{what}: {r.status_code} {r.text[:120]!r}")
    return r


def login(session, url, who):
    r = session.post(url + "/v1/auth/login", timeout=10,
                     json={"email": f"{who}@demo.asr.yt", "password": PASSWORD})
    return r


def searcher(tally, url, stop):
    s = requests.Session()
    while not stop.is_set():
        q = random.choice(QUERIES)
        try:
            check_answer(tally, s.get(url + "/v1/catalogue/suppliers", timeout=10,
                                      params={"q": q, "limit": 5}), "search")
        except requests.RequestException:
            tally.count()
            with tally.lock:
                tally.closed += 1
            s = requests.Session()
            time.sleep(0.05)


def logger_in(tally, url, stop):
    s = requests.Session()
    while not stop.is_set():
        try:
            check_answer(tally, login(s, url, random.choice(ACCOUNTS)), "login")
        except requests.RequestException:
            tally.count()
            with tally.lock:
                tally.closed += 1
            s = requests.Session()
        time.sleep(0.2)


def supplier_token(url):
    for _ in range(100):
        try:
            r = login(requests.Session(), url, "fournisseur")
            if r.status_code == 200:
                me = requests.get(url + "/v1/auth/me", timeout=10, headers={
                    "Authorization": "Bearer " + r.json()["access_token"]}).json()
                return r.json()["access_token"], me["organisation_id"]
        except requests.RequestException:
            pass
        time.sleep(0.1)
    sys.exit("soak: the demo supplier cannot log in")


def writer(tally, url, stop, token_box):
    """Creates offers; retries each with its Idempotency-Key until answered or given up."""
    s = requests.Session()
    while not stop.is_set():
        title = "soak-" + uuid.uuid4().hex
        key = str(uuid.uuid4())
        body = {"organisation_id": token_box["org"], "title": title,
                "offer_type": "service", "description": "Soak test offer."}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                r = check_answer(tally, s.post(
                    url + "/v1/offers", json=body, timeout=10,
                    headers={"Authorization": "Bearer " + token_box["token"],
                             "Idempotency-Key": key}), "create offer")
            except requests.RequestException:
                tally.count()
                with tally.lock:
                    tally.closed += 1
                s = requests.Session()
                time.sleep(0.2)
                continue
            if r.status_code in (200, 201):
                with tally.lock:
                    tally.acknowledged[title] = r.json().get("id")
                break
            if r.status_code == 401:
                token_box["token"], token_box["org"] = supplier_token(url)
                continue
            if r.status_code == 503:
                time.sleep(0.2)
                continue
            with tally.lock:
                tally.refused.append(f"create offer: {r.status_code} {r.text[:120]!r}")
            break


def login_token(url, who):
    for _ in range(100):
        try:
            r = login(requests.Session(), url, who)
            if r.status_code == 200:
                return r.json()["access_token"]
        except requests.RequestException:
            pass
        time.sleep(0.1)
    sys.exit(f"soak: {who} cannot log in")


def clause_actions(url, count=2):
    """Actions made for the run (market of the demo buyer → lot 1 → clause → attribution
    to the demo company → action): the declarer's months are theirs alone."""
    staff = {"Authorization": "Bearer " + login_token(url, "facilitateur")}
    company = requests.get(url + "/v1/auth/me", timeout=10, headers={
        "Authorization": "Bearer " + login_token(url, "entreprise")}).json()
    buyer = requests.get(url + "/v1/auth/me", timeout=10, headers={
        "Authorization": "Bearer " + login_token(url, "acheteur")}).json()

    def post(path, body):
        r = requests.post(url + path, json=body, headers=staff, timeout=10)
        if r.status_code != 201:
            sys.exit(f"soak: POST {path}: {r.status_code} {r.text[:200]}")
        return r.json()

    actions = []
    for _ in range(count):
        market = post("/v1/markets", {"buyer_id": buyer["organisation_id"],
                                      "reference": "SOAK-" + uuid.uuid4().hex[:10],
                                      "object": "Soak", "amount": 1000000,
                                      "start_date": "2000-01-01", "end_date": "2099-12-31"})
        lots = requests.get(url + f"/v1/markets/{market['id']}/lots", headers=staff,
                            timeout=10).json()["items"]
        lot = lots[0]["id"]
        post(f"/v1/lots/{lot}/clauses", {"type": "execution_condition", "rule": "hours_share",
                                         "insertion_rate": 0.05, "hours_worked": 100000})
        attribution = post(f"/v1/lots/{lot}/attributions", {
            "organisation_id": company["organisation_id"], "role": "holder", "amount": 1000000})
        action = post(f"/v1/attributions/{attribution['id']}/actions", {
            "mode": "direct_hire", "contract_type": "cdd", "start_date": "2000-01-01",
            "planned_hours": 100000})
        actions.append(action["id"])
    return actions


def declarer(tally, url, stop, own_actions):
    """Declares hours on its own actions, one month after another, as the demo company."""
    s = requests.Session()
    token = login_token(url, "entreprise")
    months = iter([(action, f"{y:04d}-{m:02d}") for action in own_actions
                   for y in range(2000, 2100) for m in range(1, 13)])
    while not stop.is_set():
        action, month = next(months, (None, None))
        if action is None:
            with tally.lock:
                tally.refused.append("declare hours: the run's months ran out")
            return
        key = str(uuid.uuid4())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                r = check_answer(tally, s.post(
                    url + f"/v1/actions/{action}/hours", json={"month": month, "hours": 7},
                    timeout=10, headers={"Authorization": "Bearer " + token,
                                         "Idempotency-Key": key}), "declare hours")
            except requests.RequestException:
                tally.count()
                with tally.lock:
                    tally.closed += 1
                s = requests.Session()
                time.sleep(0.2)
                continue
            if r.status_code == 201:
                with tally.lock:
                    tally.declared[(action, month)] = r.json()["id"]
                break
            if r.status_code == 401:
                token = login_token(url, "entreprise")
                continue
            if r.status_code == 503:
                time.sleep(0.2)
                continue
            with tally.lock:
                tally.refused.append(f"declare hours: {r.status_code} {r.text[:120]!r}")
            break


def validator(tally, url, stop, actions):
    """Validates what the declarer declared, as a facilitator, from the queue."""
    s = requests.Session()
    token = login_token(url, "facilitateur")
    while not stop.is_set():
        try:
            r = check_answer(tally, s.get(url + "/v1/hours", timeout=10, params={
                "status": "declared", "limit": 20},
                headers={"Authorization": "Bearer " + token}), "hours queue")
            if r.status_code == 401:
                token = login_token(url, "facilitateur")
                continue
            if r.status_code != 200:
                time.sleep(0.2)
                continue
            for item in r.json()["items"]:
                if item["action_id"] not in actions:
                    continue
                v = check_answer(tally, s.post(url + f"/v1/hours/{item['id']}/validate",
                                               timeout=10, headers={
                                                   "Authorization": "Bearer " + token}),
                                 "validate hours")
                if v.status_code == 200:
                    with tally.lock:
                        tally.validated.add(item["id"])
        except requests.RequestException:
            tally.count()
            with tally.lock:
                tally.closed += 1
            s = requests.Session()
            time.sleep(0.2)


def prober(tally, url, stop, token_box):
    """A database-backed read every 50 ms: when the service answers again."""
    s = requests.Session()
    while not stop.is_set():
        try:
            r = s.get(url + "/v1/offers", params={"limit": 1}, timeout=2,
                      headers={"Authorization": "Bearer " + token_box["token"]})
            check_answer(tally, r, "probe")
            if r.status_code == 200:
                with tally.lock:
                    tally.probe_ok.append(time.monotonic())
        except requests.RequestException:
            tally.count()
            s = requests.Session()
        time.sleep(0.05)


def cluster(action):
    # The private cluster itself, not the server's DATABASE_URL.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    subprocess.run([str(ROOT / "sql/cluster.sh"), action], check=True, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL)


def kill_a_worker(parent):
    out = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True)
    workers = [int(p) for p in out.stdout.split()]
    if workers:
        os.kill(random.choice(workers), signal.SIGKILL)
    return len(workers)


def faults(t0, returns, parent, killed):
    """PostgreSQL restarted at 25 % and 60 % of the run, a worker killed at 40 %."""
    plan = [(0.25, "restart"), (0.40, "kill"), (0.60, "restart")]
    for at, what in plan:
        time.sleep(max(0.0, t0 + at * SECONDS - time.monotonic()))
        if what == "restart":
            cluster("stop")
            time.sleep(2)
            cluster("start")
            returns.append(time.monotonic())
        elif kill_a_worker(parent):
            killed.append(time.monotonic())


def query(sql):
    out = subprocess.run(["/usr/lib/postgresql/15/bin/psql", "-X", "-At", "-F", "\t",
                          os.environ["DATABASE_URL"], "-c", sql],
                         capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines()]


def found_in_database(actions):
    """{title: count} of the run's offers; {(action, month): [(id, status)...]} of its
    hours entries."""
    offers = {t: int(n) for t, n in query(
        "SELECT title, count(*) FROM offers WHERE title LIKE 'soak-%' GROUP BY title")}
    hours = {}
    listed = ",".join(f"'{a}'" for a in actions)
    for action, month, entry, status in query(
            "SELECT action_id, month, id, status FROM hours_entries"
            f" WHERE action_id IN ({listed})"):
        hours.setdefault((action, month), []).append((entry, status))
    return offers, hours


def main():
    proc, url = start_server()
    parent = proc.pid
    pidfile = RUNDIR / "kore.pid"
    if pidfile.exists():
        parent = int(pidfile.read_text().strip())
    tally = Tally()
    token, org = supplier_token(url)
    token_box = {"token": token, "org": org}
    actions = clause_actions(url, count=6)
    stop = threading.Event()
    threads = []
    kinds = [searcher] * max(1, CLIENTS - 8) + [logger_in] + [writer] * 3 + \
        [declarer] * 2 + [validator]
    declaring = iter(actions)
    for fn in kinds:
        args = (tally, url, stop)
        if fn is writer:
            args += (token_box,)
        elif fn is declarer:
            args += ([next(declaring), next(declaring), next(declaring)],)
        elif fn is validator:
            args += (actions,)
        threads.append(threading.Thread(target=fn, args=args, daemon=True))
    threads.append(threading.Thread(target=prober, args=(tally, url, stop, token_box),
                                    daemon=True))
    returns, killed = [], []
    t0 = time.monotonic()
    for t in threads:
        t.start()
    fault_thread = threading.Thread(target=faults, args=(t0, returns, parent, killed), daemon=True)
    fault_thread.start()
    time.sleep(SECONDS)
    stop.set()
    fault_thread.join(timeout=30)
    for t in threads:
        t.join(timeout=40)

    recovery = 0.0
    for back in returns:
        after = [t for t in tally.probe_ok if t >= back]
        recovery = max(recovery, (after[0] - back) if after else float("inf"))
    alive = proc.poll() is None
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)

    counts, hours = found_in_database(actions)
    acknowledged = set(tally.acknowledged)
    lost = [t for t in acknowledged if counts.get(t, 0) == 0]
    lost += [k for k in tally.declared if k not in hours]
    # A validation answered 200 and the entry not validated is lost too.
    status_of = {e: st for rows in hours.values() for e, st in rows}
    lost += [e for e in tally.validated if status_of.get(e) != "validated"]
    duplicated = [t for t, n in counts.items() if n > 1]
    duplicated += [k for k, rows in hours.items() if len(rows) > 1]
    found = sum(1 for t in acknowledged if counts.get(t, 0) >= 1) + \
        sum(1 for k in tally.declared if k in hours) + \
        sum(1 for e in tally.validated if status_of.get(e) == "validated")
    print(f"requests: {tally.requests}")
    print(f"acknowledged: {len(acknowledged) + len(tally.declared) + len(tally.validated)}")
    print(f"found: {found}")
    print(f"lost: {len(lost)}")
    print(f"duplicated: {len(duplicated)}")
    print(f"offers_created: {len(acknowledged)}")
    print(f"hours_declared: {len(tally.declared)}")
    print(f"hours_validated: {len(tally.validated)}")
    print(f"unexpected_5xx: {len(tally.unexpected)}")
    print(f"unexpected_4xx: {len(tally.refused)}")
    print(f"recovery_seconds: {recovery:.2f}")
    print(f"unavailable_503: {tally.unavailable}")
    print(f"closed_connections: {tally.closed}")
    print(f"server_alive: {'yes' if alive else 'no'}")
    print(f"database_restarts: {len(returns)}")
    print(f"workers_killed: {len(killed)}")
    for u in (tally.unexpected + tally.refused)[:10]:
        print("  unexpected:", u, file=sys.stderr)
    broken = lost or duplicated or tally.unexpected or tally.refused or recovery > 5 \
        or not alive or len(returns) != 2 or len(killed) != 1
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
