"""Multi-node clusters, node restarts, cluster names and security."""

from __future__ import annotations

import os
import time

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402

from aerospike_py.testing import TestServer  # noqa: E402

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.skipif(bool(os.environ.get("AEROSPIKE_HOSTS")),
                       reason="needs embedded servers it can stop and reconfigure"),
]


def _wait(pred, timeout: float = 8.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if pred():
                return
        except ex.AerospikeError:
            pass
        time.sleep(0.1)
    raise AssertionError("condition not reached")


def test_discovery_routing_and_restart():
    with TestServer(nodes=3) as srv:
        seed = {"hosts": [srv.hosts[0]], "policies": {"read": {"max_retries": 3}}}
        c = aerospike.client(seed).connect()
        try:
            _wait(lambda: len(c.get_nodes()) == 3)
            for i in range(200):
                c.put(("test", "mn", i), {"i": i})
            assert sorted(r[2]["i"] for r in c.query("test", "mn").results()) == list(range(200))
            keys = [("test", "mn", i) for i in range(200)]
            res = c.batch_read(keys)
            assert [r.record[2]["i"] for r in res.batch_records] == list(range(200))
            q = c.query("test", "mn")
            q.paginate()
            q.max_records = 45
            seen: list[int] = []
            while not q.is_done():
                seen.extend(r[2]["i"] for r in q.results())
            assert sorted(seen) == list(range(200))
            replicas = c.info_all("replicas")
            assert len(replicas) == 3
            assert all("test:" in v[1] for v in replicas.values())

            victim = srv.nodes[1]
            port = victim.port
            victim.stop()
            _wait(lambda: len(c.get_nodes()) == 2)
            _wait(lambda: all(c.get(("test", "mn", i))[2]["i"] == i for i in range(200)))
            assert len(c.query("test", "mn").results()) == 200

            victim.start()
            assert victim.port == port
            _wait(lambda: len(c.get_nodes()) == 3)
            _wait(lambda: len(c.query("test", "mn").results()) == 200)
            for i in range(200):
                assert c.get(("test", "mn", i))[2] == {"i": i}
        finally:
            c.close()


def test_info_on_every_node():
    with TestServer(nodes=2) as srv:
        c = aerospike.client(srv.config).connect()
        try:
            _wait(lambda: len(c.get_nodes()) == 2)
            resp = c.info_all("node")
            names = {v[1].split("\t")[-1].strip() for v in resp.values()}
            assert names == {n.name for n in srv.nodes}
        finally:
            c.close()


def test_cluster_name():
    with TestServer(cluster_name="alpha") as srv:
        assert srv.config["cluster_name"] == "alpha"
        c = aerospike.client(srv.config).connect()
        assert c.info_random_node("cluster-name").split("\t")[-1].strip() == "alpha"
        c.close()
        with pytest.raises(ex.AerospikeError):
            aerospike.client({**srv.config, "cluster_name": "beta"}).connect()


def test_unnamed_cluster_reports_null():
    with TestServer() as srv:
        c = aerospike.client(srv.config).connect()
        assert c.info_random_node("cluster-name").split("\t")[-1].strip() == "null"
        c.close()


def test_fixed_port():
    probe = TestServer().start()
    port = probe.hosts[0][1]
    probe.stop()
    with TestServer(port=port) as srv:
        assert srv.hosts == [("127.0.0.1", port)]


def test_security_login_and_users():
    with TestServer(security_users={"admin": "secret"}) as srv:
        c = aerospike.client({**srv.config, "user": "admin", "password": "secret"}).connect()
        try:
            c.put(("test", "sec", 1), {"a": 1})
            c.admin_create_user("bob", "pw1", ["read"])
            assert c.admin_query_user_info("bob")["roles"] == ["read"]
            bob = aerospike.client({**srv.config, "user": "bob", "password": "pw1"}).connect()
            assert bob.get(("test", "sec", 1))[2] == {"a": 1}
            bob.close()
            c.admin_drop_user("bob")
        finally:
            c.close()
        with pytest.raises(ex.AerospikeError):
            aerospike.client({**srv.config, "user": "admin", "password": "wrong"}).connect()
        anon = aerospike.client(srv.config).connect()
        with pytest.raises(ex.AerospikeError) as info:
            anon.put(("test", "sec", 2), {"a": 1})
        assert info.value.code == 80
        anon.close()


def test_credentials_without_security():
    # Community Edition has no security: login is answered with
    # SECURITY_NOT_SUPPORTED (51), so a client configured with credentials
    # cannot connect, while one without credentials works.
    with TestServer() as srv:
        with pytest.raises(ex.AerospikeError) as info:
            aerospike.client({**srv.config, "user": "u", "password": "p"}).connect()
        assert info.value.code == 51
        c = aerospike.client(srv.config).connect()
        with pytest.raises(ex.AerospikeError) as info:
            c.admin_create_user("x", "y", ["read"])
        assert info.value.code == 51
        c.close()


def test_compression():
    with TestServer() as srv:
        c = aerospike.client({**srv.config, "policies": {
            "read": {"compress": True}, "write": {"compress": True}}}).connect()
        big = "x" * 10000
        c.put(("test", "cmp", 1), {"s": big}, policy={"compress": True})
        assert c.get(("test", "cmp", 1), policy={"compress": True})[2] == {"s": big}
        c.close()


def test_server_survives_garbage():
    import socket
    with TestServer() as srv:
        host, port = srv.hosts[0]
        for payload in (b"\x02\x03\x00\x00\x00\x00\x00\x05abc", b"\xff" * 8,
                        b"\x02\x03\x00\x00\x00\x00\x00\x16" + b"\x16" + b"\x00" * 21):
            s = socket.create_connection((host, port))
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
            s.settimeout(2)
            try:
                while s.recv(4096):
                    pass
            except OSError:
                pass
            s.close()
        c = aerospike.client(srv.config).connect()
        c.put(("test", "g", 1), {"a": 1})
        assert c.get(("test", "g", 1))[2] == {"a": 1}
        c.close()
