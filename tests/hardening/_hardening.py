"""Helpers shared by the TLS and fault tests."""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from pathlib import Path

import pytest

trustme = pytest.importorskip("trustme")

# These tests configure the server (TLS, security, stopping nodes), which a real cluster
# given by AEROSPIKE_HOSTS does not let them do.
needs_own_server = pytest.mark.skipif(
    bool(os.environ.get("AEROSPIKE_HOSTS")),
    reason="configures its own embedded servers (TLS, security, stopped nodes); not possible on AEROSPIKE_HOSTS")

TLS_NAME = "node.aerospike.test"


@dataclass
class Pki:
    """A test CA, the node certificate it signed, and files the C client reads."""

    ca: "trustme.CA"
    node_cert: "trustme.LeafCert"
    cafile: str
    dir: Path

    def server_context(self, require_client_cert: bool = False) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.node_cert.configure_cert(ctx)
        if require_client_cert:
            self.ca.configure_trust(ctx)
            ctx.verify_mode = ssl.CERT_REQUIRED
        return ctx

    def client_cert(self, common_name: str) -> tuple[str, str]:
        """(certfile, keyfile) of a client certificate with this common name."""
        leaf = self.ca.issue_cert(f"{common_name}.client.test", common_name=common_name)
        certfile, keyfile = self.dir / f"{common_name}.crt", self.dir / f"{common_name}.key"
        leaf.cert_chain_pems[0].write_to_path(str(certfile))
        leaf.private_key_pem.write_to_path(str(keyfile))
        return str(certfile), str(keyfile)
