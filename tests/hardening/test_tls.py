"""TLS against the embedded server: server and client certificates, TLS names, PKI logins."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
import trustme

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import ServerTLS, TestServer

from _hardening import TLS_NAME, Pki, needs_own_server

pytestmark = needs_own_server
KEY = ("test", "tls", "k1")


def _tls_config(srv: TestServer, cafile: str, **tls: Any) -> dict[str, Any]:
    cfg = srv.config
    cfg["tls"] = {"enable": True, "cafile": cafile, **tls}
    cfg["timeout"] = 2000
    return cfg


def test_every_node_speaks_tls_and_names_itself_in_peers(pki: Pki) -> None:
    tls = ServerTLS(pki.server_context(), TLS_NAME)
    with TestServer(nodes=3, tls=tls) as srv:
        # Seed only the first node: the other two are found through peers-tls-std.
        cfg = _tls_config(srv, pki.cafile)
        cfg["hosts"] = cfg["hosts"][:1]
        with aerospike_py.client(cfg).connect() as c:
            deadline = time.monotonic() + 5
            while len(c.get_node_names()) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(c.get_node_names()) == 3
            for i in range(30):
                c.put(("test", "tls", i), {"i": i})
            assert [r.record.bins["i"] for r in c.batch_read([("test", "tls", i) for i in range(30)]).batch_records
                    if r.record is not None] == list(range(30))
            # Scans and queries stream over TLS from every node.
            assert sorted(r.bins["i"] for r in c.query("test", "tls").results()) == list(range(30))
            peers = c.info_random_node("peers-tls-std")
            # gen,default-port,[[node-name,tls-name,[address]],...]: the two other nodes.
            assert peers.count(f",{TLS_NAME},[127.0.0.1:") == 2
            assert c.info_random_node("peers-clear-std").strip().endswith("[]")
            assert c.info_random_node("service-tls-std").strip().startswith("127.0.0.1:")
            assert c.info_random_node("service-clear-std").strip() == ""
        assert "clear" not in tls.accepted and tls.accepted.count("tls") >= 3


def test_sync_round_trip_over_tls(pki: Pki) -> None:
    with TestServer(tls=ServerTLS(pki.server_context(), TLS_NAME)) as srv:
        with aerospike_py.client(_tls_config(srv, pki.cafile)).connect() as c:
            c.put(KEY, {"s": "secret", "b": b"\x00\x01" * 40000})
            assert c.get(KEY).bins == {"s": "secret", "b": b"\x00\x01" * 40000}


@pytest.mark.anyio
async def test_async_round_trip_over_tls(pki: Pki) -> None:
    with TestServer(tls=ServerTLS(pki.server_context(), TLS_NAME)) as srv:
        async with aerospike_py.async_client(_tls_config(srv, pki.cafile)) as c:
            await c.connect()
            await c.put(KEY, {"n": 7, "big": "x" * 100000})
            rec = await c.get(KEY)
            assert rec.bins == {"n": 7, "big": "x" * 100000}


def _connect_fails(cfg: dict[str, Any]) -> str:
    start = time.monotonic()
    with pytest.raises(exc.ClusterError) as info:
        aerospike_py.client(cfg).connect()
    assert time.monotonic() - start < 5, "a refused handshake must not hang connect()"
    return str(info.value.msg)


def test_wrong_ca_fails_connect_with_the_reason(pki: Pki, tmp_path: Any) -> None:
    other = trustme.CA()
    other_file = tmp_path / "other-ca.pem"
    other.cert_pem.write_to_path(str(other_file))
    tls = ServerTLS(pki.server_context(), TLS_NAME)
    with TestServer(tls=tls) as srv:
        msg = _connect_fails(_tls_config(srv, str(other_file)))
        assert "TLS handshake failed: certificate verify failed" in msg
        assert any("unknown ca" in f for f in tls.failures)


def test_wrong_tls_name_fails_connect_with_the_reason(pki: Pki) -> None:
    with TestServer(tls=ServerTLS(pki.server_context(), TLS_NAME)) as srv:
        cfg = _tls_config(srv, pki.cafile)
        cfg["hosts"] = [(h, p, "someone.else.test") for h, p in srv.hosts]
        msg = _connect_fails(cfg)
        assert "does not match TLS name 'someone.else.test'" in msg


def test_clear_client_cannot_talk_to_a_tls_node(pki: Pki) -> None:
    with TestServer(tls=ServerTLS(pki.server_context(), TLS_NAME)) as srv:
        cfg = {"hosts": srv.hosts, "timeout": 2000}
        _connect_fails(cfg)


def test_mutual_tls_needs_a_client_certificate(pki: Pki) -> None:
    tls = ServerTLS(pki.server_context(require_client_cert=True), TLS_NAME)
    with TestServer(tls=tls) as srv:
        msg = _connect_fails(_tls_config(srv, pki.cafile))
        assert "TLS handshake failed" in msg
        assert any("certificate" in f for f in tls.failures)
        certfile, keyfile = pki.client_cert("app")
        with aerospike_py.client(_tls_config(srv, pki.cafile, certfile=certfile, keyfile=keyfile)).connect() as c:
            c.put(KEY, {"m": "tls"})
            assert c.get(KEY).bins == {"m": "tls"}


@pytest.mark.anyio
async def test_async_mutual_tls(pki: Pki) -> None:
    tls = ServerTLS(pki.server_context(require_client_cert=True), TLS_NAME)
    certfile, keyfile = pki.client_cert("app")
    with TestServer(nodes=2, tls=tls) as srv:
        async with aerospike_py.async_client(_tls_config(srv, pki.cafile, certfile=certfile, keyfile=keyfile)) as c:
            await c.connect()
            for i in range(20):
                await c.put(("test", "tls", i), {"i": i})
            assert [(await c.get(("test", "tls", i))).bins["i"] for i in range(20)] == list(range(20))


def test_pki_login_maps_the_certificate_common_name_to_a_user(pki: Pki) -> None:
    tls = ServerTLS(pki.server_context(require_client_cert=True), TLS_NAME)
    with TestServer(tls=tls, security_users={"pkiuser": "unused-password"}) as srv:
        certfile, keyfile = pki.client_cert("pkiuser")
        cfg = _tls_config(srv, pki.cafile, certfile=certfile, keyfile=keyfile)
        cfg["auth_mode"] = aerospike_py.AUTH_PKI
        with aerospike_py.client(cfg).connect() as c:
            c.put(KEY, {"who": "pkiuser"})
            assert c.get(KEY).bins == {"who": "pkiuser"}
        # A certificate for a user the server does not know: the login is refused.
        certfile, keyfile = pki.client_cert("stranger")
        cfg = _tls_config(srv, pki.cafile, certfile=certfile, keyfile=keyfile)
        cfg["auth_mode"] = aerospike_py.AUTH_PKI
        with pytest.raises(exc.AerospikeError) as info:
            aerospike_py.client(cfg).connect()
        assert info.value.code == 60  # INVALID_USER


def test_security_refuses_commands_without_a_pki_login(pki: Pki) -> None:
    """With security on, a TLS client that does not log in cannot run commands."""
    tls = ServerTLS(pki.server_context(require_client_cert=True), TLS_NAME)
    with TestServer(tls=tls, security_users={"pkiuser": "pw"}) as srv:
        certfile, keyfile = pki.client_cert("pkiuser")
        with aerospike_py.client(_tls_config(srv, pki.cafile, certfile=certfile, keyfile=keyfile)).connect() as c:
            with pytest.raises(exc.AerospikeError) as info:
                c.put(KEY, {"a": 1})
            assert info.value.code == 80  # NOT_AUTHENTICATED


def test_tls_for_login_only(pki: Pki) -> None:
    """Logins go over TLS, commands over clear connections to the same nodes."""
    tls = ServerTLS(pki.server_context(), TLS_NAME, accept_clear=True)
    with TestServer(nodes=2, tls=tls, security_users={"admin": "admin"}) as srv:
        cfg = _tls_config(srv, pki.cafile, for_login_only=True)
        with aerospike_py.client(cfg).connect("admin", "admin") as c:
            c.put(KEY, {"a": 1})
            assert c.get(KEY).bins == {"a": 1}
        assert "tls" in tls.accepted and "clear" in tls.accepted
        # Without for_login_only every connection of the same client is TLS.
        tls.accepted.clear()
        with aerospike_py.client(_tls_config(srv, pki.cafile)).connect("admin", "admin") as c:
            c.put(KEY, {"a": 2})
        assert set(tls.accepted) == {"tls"}


@pytest.mark.anyio
async def test_async_wrong_ca_fails_connect(pki: Pki, tmp_path: Any) -> None:
    other_file = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_file))
    with TestServer(tls=ServerTLS(pki.server_context(), TLS_NAME)) as srv:
        start = time.monotonic()
        with pytest.raises(exc.ClusterError, match="TLS handshake failed: certificate verify failed"):
            await aerospike_py.AsyncClient(_tls_config(srv, str(other_file))).connect()
        assert time.monotonic() - start < 5


def test_a_silent_client_does_not_stall_a_tls_node(pki: Pki) -> None:
    """Handshakes run beside the node's I/O thread: one that never starts blocks nobody."""
    tls = ServerTLS(pki.server_context(), TLS_NAME)
    with TestServer(tls=tls) as srv:
        silent = [socket.create_connection(srv.hosts[0]) for _ in range(3)]
        try:
            with aerospike_py.client(_tls_config(srv, pki.cafile)).connect() as c:
                start = time.monotonic()
                for i in range(20):
                    c.put(("test", "tls", i), {"i": i})
                assert time.monotonic() - start < 2
        finally:
            for s in silent:
                s.close()


def test_tls_node_restart_reconnects_over_tls(pki: Pki) -> None:
    tls = ServerTLS(pki.server_context(), TLS_NAME)
    with TestServer(nodes=2, tls=tls) as srv:
        cfg = {**_tls_config(srv, pki.cafile), "tend_interval": 250}
        with aerospike_py.client(cfg).connect() as c:
            keys = [("test", "tls", i) for i in range(40)]
            for k in keys:
                c.put(k, {"v": k[2]})
            srv.nodes[0].stop()
            deadline = time.monotonic() + 3
            while len(c.get_node_names()) != 1:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            srv.nodes[0].start()
            while len(c.get_node_names()) != 2:
                assert time.monotonic() < deadline + 1
                time.sleep(0.01)
            assert [c.get(k).bins["v"] for k in keys] == list(range(40))
        assert "clear" not in tls.accepted
