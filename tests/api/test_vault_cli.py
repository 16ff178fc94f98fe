"""build/asr-admin vaultkey: the key lines of the field vault (src/core/vault.h).

Each call prints one fresh "seal k4.local.…" or "blind k4.local.…" line (32 random bytes,
base64url without padding); any other use is refused with the usage on stderr.
"""
import base64
import os
import re
import subprocess
from pathlib import Path

TOOL = Path(os.environ.get("ASR_ROOT", Path(__file__).resolve().parents[2])) / "build/asr-admin"


def run(*args):
    assert TOOL.exists(), f"{TOOL} is missing: run make build"
    return subprocess.run([str(TOOL), *args], capture_output=True, text=True, timeout=30)


def test_vaultkey_prints_fresh_local_keys():
    for use in ("seal", "blind"):
        seen = set()
        for _ in range(3):
            out = run("vaultkey", use)
            assert out.returncode == 0, out.stderr
            line = out.stdout.strip()
            assert re.fullmatch(use + r" k4\.local\.[A-Za-z0-9_-]{43}", line), line
            raw = base64.urlsafe_b64decode(line.split(".", 2)[2] + "=")
            assert len(raw) == 32
            seen.add(raw)
        assert len(seen) == 3, "keys repeat"


def test_vaultkey_refuses_other_uses():
    for args in (("vaultkey",), ("vaultkey", "SEAL"), ("vaultkey", "seal", "x"),
                 ("vaultkey", "")):
        out = run(*args)
        assert out.returncode != 0, args
        assert out.stdout == "", args
        assert "usage" in out.stderr, args
