"""Brute force: failed logins are limited per e-mail (10 in 15 minutes: then 429 with
Retry-After, even for the right password, whether the e-mail has an account or not) and per
client address (a higher bound, after which the address may not retry the e-mails that failed
from it, while a correct password of any other account still logs in). An unknown e-mail costs
as much time as a wrong password. Anonymous registrations are limited per address. The client
address is the peer, or X-Forwarded-For only from a trusted proxy.
"""

import statistics
import time
from datetime import timedelta

import authkit
from authkit import DEMO_EMAILS, DEMO_PASSWORD, assert_problem
from keyskit import (admin, app_url, audit, later, pinned_env, proxied_server,  # noqa: F401
                     psql, random_address)

LOGIN = "/v1/auth/login"


def attempt(client, email, password, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post(LOGIN, json={"email": email, "password": password}, headers=headers)


def assert_limited(r, window=900):
    body = assert_problem(r, 429, "too-many-requests", LOGIN)
    retry = int(r.headers["Retry-After"])
    assert 1 <= retry <= window, retry
    return body


def test_ten_failures_lock_the_account_and_others_still_log_in(api, make_user):
    person = make_user("supplier")
    for _ in range(10):
        assert_problem(attempt(api, person.email, "wrong-password-123"), 401,
                       "invalid-credentials")
    assert_limited(attempt(api, person.email, "wrong-password-123"))
    # Locked: even the right password waits.
    assert_limited(attempt(api, person.email, person.password))
    assert_limited(attempt(api, person.email.upper(), person.password))
    # The same address logs in to another account at once.
    assert attempt(api, DEMO_EMAILS["buyer"], DEMO_PASSWORD).status_code == 200


def test_unknown_emails_lock_alike(api):
    email = authkit.unique_email("ghost")
    for _ in range(10):
        assert_problem(attempt(api, email, "whatever-password"), 401, "invalid-credentials")
    assert_limited(attempt(api, email, "whatever-password"))


def test_a_success_forgets_earlier_failures(api, make_user):
    person = make_user("buyer")
    for _ in range(9):
        assert attempt(api, person.email, "wrong-password-123").status_code == 401
    assert attempt(api, person.email, person.password).status_code == 200
    for _ in range(9):
        assert attempt(api, person.email, "wrong-password-123").status_code == 401
    assert attempt(api, person.email, person.password).status_code == 200


def test_lockout_ends_with_the_window(make_user, spawn_server, api_for):
    person = make_user("company")
    start = later(minutes=0)
    first = api_for(spawn_server(app_url(), **pinned_env(start)).url)
    for _ in range(10):
        assert attempt(first, person.email, "wrong-password-123").status_code == 401
    r = attempt(first, person.email, person.password)
    assert_limited(r)
    assert int(r.headers["Retry-After"]) == 900
    ten_later = api_for(spawn_server(app_url(), **pinned_env(start + timedelta(minutes=10))).url)
    r = attempt(ten_later, person.email, person.password)
    assert_limited(r)
    assert int(r.headers["Retry-After"]) == 300
    after = api_for(spawn_server(app_url(), **pinned_env(start + timedelta(minutes=16))).url)
    assert attempt(after, person.email, person.password).status_code == 200


def test_limits_are_configurable_and_per_address(make_user, proxied_server, api_for):
    server = proxied_server(ASR_LOGIN_ACCOUNT_MAX="3", ASR_LOGIN_ADDRESS_MAX="4")
    client = api_for(server.url)
    here, there = random_address(), random_address()
    person, other = make_user("prescriber"), make_user("buyer")
    failed = [authkit.unique_email("spray") for _ in range(4)]
    for email in failed:
        assert attempt(client, email, "wrong-password-1", here).status_code == 401
    # The address is over its bound: the e-mails that failed from it wait...
    assert_limited(attempt(client, failed[0], "wrong-password-1", here))
    # ...not from elsewhere (one failure each, under the account bound of 3)...
    assert attempt(client, failed[0], "wrong-password-1", there).status_code == 401
    # ...and a correct password of another account still logs in from it.
    assert attempt(client, person.email, person.password, here).status_code == 200
    # A new e-mail may still fail once from it, then waits too.
    assert attempt(client, other.email, "wrong-password-1", here).status_code == 401
    assert_limited(attempt(client, other.email, other.password, here))
    assert attempt(client, other.email, other.password, there).status_code == 200
    # The account bound, set to 3 here.
    third = make_user("buyer")
    for _ in range(3):
        assert attempt(client, third.email, "wrong-password-1", there).status_code == 401
    assert_limited(attempt(client, third.email, third.password, there))


def test_forwarded_for_is_believed_from_trusted_proxies_only(api, admin, make_user,
                                                             proxied_server, api_for):
    person = make_user("buyer")
    spoofed = random_address()
    r = attempt(api, person.email, "wrong-password-1", spoofed)
    assert r.status_code == 401
    entry = audit(admin, object_id=person.id, action="login.failure")[0]
    assert entry["address"] == "127.0.0.1" and entry["request_id"] == r.headers["X-Request-Id"]

    client = api_for(proxied_server().url)
    r = attempt(client, person.email, "wrong-password-1", f"198.51.100.7, {spoofed}")
    assert r.status_code == 401
    entry = audit(admin, object_id=person.id, action="login.failure")[0]
    assert entry["address"] == spoofed


def test_unknown_email_takes_as_long_as_a_wrong_password(api, make_user):
    person = make_user("buyer")

    def timed(email):
        start = time.monotonic()
        assert attempt(api, email, "wrong-password-123").status_code == 401
        return time.monotonic() - start

    known, unknown = [], []
    for _ in range(4):
        known.append(timed(person.email))
        unknown.append(timed(authkit.unique_email("nobody")))
    k, u = statistics.median(known), statistics.median(unknown)
    # Both run argon2id (against a dummy hash for the unknown e-mail): alike, within noise.
    assert u > 0.5 * k and k > 0.5 * u, (known, unknown)


def registration(kind="ess"):
    return {"organisation": {"name": f"Assoc {authkit.random_uuid()[:8]}", "kind": kind,
                             "siret": authkit.siret()},
            "user": {"email": authkit.unique_email("reg"), "display_name": "Inscrit",
                     "password": authkit.password()}}


def test_registrations_are_limited_per_address(proxied_server, api_for):
    client = api_for(proxied_server(ASR_REGISTRATION_ADDRESS_MAX="2").url)
    here, there = random_address(), random_address()
    while there == here:    # 254 IPv4 test addresses: they meet now and then
        there = random_address()
    for _ in range(2):
        r = client.post("/v1/registrations", json=registration(),
                        headers={"X-Forwarded-For": here})
        assert r.status_code == 201, r.text
    r = client.post("/v1/registrations", json=registration(), headers={"X-Forwarded-For": here})
    assert_problem(r, 429, "too-many-requests", "/v1/registrations")
    assert 1 <= int(r.headers["Retry-After"]) <= 3600
    r = client.post("/v1/registrations", json=registration(), headers={"X-Forwarded-For": there})
    assert r.status_code == 201, r.text
