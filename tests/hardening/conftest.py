"""Fixtures for TLS and fault tests: servers of their own, certificates made at test time."""

from __future__ import annotations

import pytest

from _hardening import TLS_NAME, Pki, trustme


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    ca = trustme.CA()
    d = tmp_path_factory.mktemp("pki")
    cafile = d / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return Pki(ca, ca.issue_cert(TLS_NAME), str(cafile), d)
