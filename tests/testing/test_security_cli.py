"""The test server's command line with security on (--user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import aerospike_py
from aerospike_py import exception as exc

REPO = Path(__file__).resolve().parents[2]


def test_cli_user_turns_security_on() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "aerospike_py.testing", "--port", "0", "--user", "root:pw"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "listening on" in line, line
        host, _, port = line.split("listening on", 1)[1].strip().rpartition(":")
        config = {"hosts": [(host, int(port))]}
        with aerospike_py.client(config).connect("root", "pw") as c:
            assert [u["user"] for u in c.admin_query_users_info()] == ["root"]
        with pytest.raises(exc.AdminError):
            aerospike_py.client(config).connect("root", "wrong")
    finally:
        proc.terminate()
        proc.wait(10)


def test_cli_user_needs_a_password() -> None:
    out = subprocess.run([sys.executable, "-m", "aerospike_py.testing", "--user", "nopassword"],
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    assert out.returncode == 2 and "NAME:PASSWORD" in out.stderr
