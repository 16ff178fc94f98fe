"""Helpers of the identity tests, independent of the server's own code.

PASETO v4.public (base64url, PAE, token parsing and making), PASERK ids, Ed25519 through the
`openssl` command (OpenSSL 3), SIRET numbers, problem assertions and unique test data. Only
the standard library and the openssl CLI: nothing here shares code with the server, so a
token the server makes that these helpers verify, or one they make that the server accepts,
is evidence that both follow the specifications.
"""

import base64
import hashlib
import json
import os
import random
import re
import subprocess
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

PROBLEMS = "https://asr-mayotte.fr/problems/"
DEMO_PASSWORD = "demo-password-2026"
DEMO_EMAILS = {
    "admin": "admin@demo.asr.yt",
    "facilitator": "facilitateur@demo.asr.yt",
    "buyer": "acheteur@demo.asr.yt",
    "company": "entreprise@demo.asr.yt",
    "supplier": "fournisseur@demo.asr.yt",
    "prescriber": "prescripteur@demo.asr.yt",
}
PEOPLE_ROLES = ("admin", "facilitator", "buyer", "company", "supplier", "prescriber")
ROLES_WITH_ORGANISATION = ("buyer", "company", "supplier", "prescriber")
ORGANISATION_KINDS = ("cress", "buyer_public", "buyer_private", "company", "siae", "geiq",
                      "ess", "handicap", "prescriber")
# The organisation kind that fits each role (for the users the tests make).
KIND_FOR_ROLE = {"admin": "cress", "facilitator": "cress", "buyer": "buyer_public",
                 "company": "company", "supplier": "siae", "prescriber": "prescriber"}
# The kinds a demo account's organisation may have.
DEMO_KINDS = {"admin": {"cress"}, "facilitator": {"cress"},
              "buyer": {"buyer_public", "buyer_private"}, "company": {"company"},
              "supplier": {"siae", "geiq", "ess", "handicap"}, "prescriber": {"prescriber"}}

WWW_MISSING = 'Bearer realm="asr"'
WWW_INVALID = 'Bearer realm="asr", error="invalid_token"'
ACCESS_TTL = timedelta(minutes=15)
IAT_SKEW = timedelta(seconds=30)    # a token issued up to 30 s in the future is accepted
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# Problems

def assert_problem(r, status, slug, path=None):
    """r is the problem+json answer `slug`; returns its body."""
    assert r.status_code == status, f"expected {status} {slug}, got {r.status_code}: {r.text[:400]}"
    assert r.headers["Content-Type"].split(";")[0] == "application/problem+json", \
        r.headers["Content-Type"]
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert body["type"] == PROBLEMS + slug, body
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if path is not None:
        assert body["instance"] == urlsplit(path).path
    assert body["request_id"] == r.headers["X-Request-Id"]
    return body


def error_fields(body):
    """{(field, code)} of a validation or query problem."""
    return {(e["field"], e["code"]) for e in body.get("errors", [])}


def assert_unauthorized(r, www=WWW_INVALID, slug="unauthorized"):
    """401 `slug` with exactly this WWW-Authenticate."""
    body = assert_problem(r, 401, slug)
    assert r.headers.get("WWW-Authenticate") == www, r.headers.get("WWW-Authenticate")
    return body


def assert_validation(r, *expected):
    """400 validation-failed listing at least these (field, code) pairs."""
    body = assert_problem(r, 400, "validation-failed")
    missing = set(expected) - error_fields(body)
    assert not missing, f"missing {missing} in {body.get('errors')}"
    return body


def assert_invalid_query(r, *expected):
    body = assert_problem(r, 400, "invalid-query")
    missing = set(expected) - error_fields(body)
    assert not missing, f"missing {missing} in {body.get('errors')}"
    return body


# Time

def utc_now():
    return datetime.now(timezone.utc).replace(microsecond=0)


def rfc3339(moment):
    """2026-11-27T12:00:00Z (to the second, UTC)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.utcoffset() == timedelta(0), f"{text} is not UTC"
    return moment


# base64url and PASETO v4.public

def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(text):
    assert re.fullmatch(r"[A-Za-z0-9_-]*", text), f"not base64url: {text[:40]!r}"
    assert len(text) % 4 != 1, "impossible base64url length"
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def le64(n):
    return (n & 0x7FFFFFFFFFFFFFFF).to_bytes(8, "little")


def pae(*pieces):
    """Pre-Authentication Encoding (PASETO, Common.md)."""
    out = le64(len(pieces))
    for piece in pieces:
        out += le64(len(piece)) + piece
    return out


class Token:
    """A parsed v4.public token: message, signature, footer and what they mean."""

    def __init__(self, text):
        parts = text.split(".")
        assert len(parts) == 4, f"expected v4.public.<body>.<footer>, got {len(parts)} parts"
        assert parts[:2] == ["v4", "public"], parts[:2]
        raw = unb64u(parts[2])
        assert len(raw) > 64, "body shorter than a signature"
        self.text = text
        self.message, self.signature = raw[:-64], raw[-64:]
        self.footer = unb64u(parts[3])
        self.claims = json.loads(self.message)
        self.footer_json = json.loads(self.footer)
        self.kid = self.footer_json.get("kid")

    def signed_bytes(self):
        return pae(b"v4.public.", self.message, self.footer, b"")


def make_token(seed, claims, footer=None, kid=None, header="v4.public."):
    """A v4.public token signed by the Ed25519 key `seed` (footer {"kid": kid} by default)."""
    message = claims if isinstance(claims, bytes) else json.dumps(
        claims, separators=(",", ":")).encode()
    if footer is None:
        footer = json.dumps({"kid": kid}, separators=(",", ":")).encode() if kid else b""
    signature = ed25519_sign(seed, pae(header.encode(), message, footer, b""))
    token = header + b64u(message + signature)
    return token + ("." + b64u(footer) if footer else "")


def claims_for(user_id, role, org=None, iat=None, ttl=ACCESS_TTL, **extra):
    iat = iat or utc_now()
    claims = {"sub": user_id, "role": role, "org": org, "iat": rfc3339(iat),
              "exp": rfc3339(iat + ttl), "jti": os.urandom(16).hex()}
    claims.update(extra)
    return claims


# PASERK

def paserk_public(pk):
    return "k4.public." + b64u(pk)


def paserk_secret(seed, pk):
    return "k4.secret." + b64u(seed + pk)


def pid(pk):
    """PASERK k4.pid of an Ed25519 public key (operations/ID.md: BLAKE2b-264)."""
    header = "k4.pid."
    digest = hashlib.blake2b((header + paserk_public(pk)).encode(), digest_size=33).digest()
    return header + b64u(digest)


def public_key_of(paserk):
    assert paserk.startswith("k4.public."), paserk
    pk = unb64u(paserk[len("k4.public."):])
    assert len(pk) == 32
    return pk


# Ed25519 through the openssl CLI

PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def _openssl(*args, data=None):
    out = subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=30)
    return out


def keygen():
    """A new Ed25519 key pair (seed, public key), each 32 raw bytes."""
    out = _openssl("genpkey", "-algorithm", "ed25519", "-outform", "DER")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(PKCS8_PREFIX) and len(out.stdout) == 48
    seed = out.stdout[-32:]
    return seed, public_of_seed(seed)


def public_of_seed(seed):
    out = _openssl("pkey", "-inform", "DER", "-pubout", "-outform", "DER",
                   data=PKCS8_PREFIX + seed)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(SPKI_PREFIX) and len(out.stdout) == 44
    return out.stdout[-32:]


def ed25519_sign(seed, message):
    with tempfile.TemporaryDirectory() as tmp:
        key, msg, sig = (os.path.join(tmp, n) for n in ("key.der", "msg", "sig"))
        with open(key, "wb") as f:
            f.write(PKCS8_PREFIX + seed)
        with open(msg, "wb") as f:
            f.write(message)
        out = _openssl("pkeyutl", "-sign", "-inkey", key, "-keyform", "DER", "-rawin",
                       "-in", msg, "-out", sig)
        assert out.returncode == 0, out.stderr
        with open(sig, "rb") as f:
            signature = f.read()
    assert len(signature) == 64
    return signature


def ed25519_verify(pk, message, signature):
    """True when openssl verifies the signature with the raw public key `pk`."""
    pem = (b"-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(SPKI_PREFIX + pk)
           + b"\n-----END PUBLIC KEY-----\n")
    with tempfile.TemporaryDirectory() as tmp:
        key, msg, sig = (os.path.join(tmp, n) for n in ("pub.pem", "msg", "sig"))
        for path, data in ((key, pem), (msg, message), (sig, signature)):
            with open(path, "wb") as f:
                f.write(data)
        out = _openssl("pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin",
                       "-in", msg, "-sigfile", sig)
    return out.returncode == 0 and b"Signature Verified Successfully" in out.stdout


def write_key_file(path, *lines):
    """A token key file: each line as given (k4.secret…, k4.public…, comments)."""
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return str(path)


# SIRET

def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def siret():
    """A random valid SIRET (Luhn), never La Poste's."""
    while True:
        body = "".join(random.choice("0123456789") for _ in range(13))
        if body.startswith("356000000") or body.startswith("0000"):
            continue
        for check in "0123456789":
            if luhn_ok(body + check):
                return body + check


def siret_bad_checksum():
    good = siret()
    last = str((int(good[-1]) + 1) % 10)
    bad = good[:-1] + last
    assert not luhn_ok(bad)
    return bad


def la_poste_siret(valid=True):
    """A SIRET of La Poste (SIREN 356000000) failing Luhn, whose digit sum is a multiple of
    5 (valid=True) or is not (valid=False)."""
    while True:
        value = "356000000" + "".join(random.choice("0123456789") for _ in range(5))
        if luhn_ok(value):
            continue
        if (sum(map(int, value)) % 5 == 0) == valid:
            return value


# Test data

def unique_email(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}@test.asr.yt"


def random_uuid():
    return str(uuid.uuid4())


def password():
    return "pw-" + uuid.uuid4().hex[:20]
