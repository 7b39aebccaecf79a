"""Connecting, closing and the state checks around them."""

from __future__ import annotations

import logging
import socket
import time

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py.testing import TestServer

NS = "test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connect_returns_self_and_is_connected(config):
    c = aerospike_py.client(config)
    assert isinstance(c, aerospike_py.Client)
    assert c.is_connected() is False
    try:
        assert c.connect() is c
        assert c.is_connected() is True
        assert c.connect() is c  # connecting again is a no-op
        assert c.is_connected() is True
    finally:
        c.close()
    assert c.is_connected() is False


def test_close_is_idempotent(config):
    c = aerospike_py.client(config).connect()
    c.close()
    c.close()
    assert c.is_connected() is False


def test_close_before_connect_is_harmless(config):
    c = aerospike_py.client(config)
    c.close()
    assert c.is_connected() is False


def test_context_manager_closes(config, key):
    with aerospike_py.client(config).connect() as c:
        assert c.is_connected()
        c.put(key, {"a": 1})
        assert c.get(key).bins == {"a": 1}
    assert c.is_connected() is False
    with pytest.raises(ex.ClientError):
        c.get(key)


def test_context_manager_closes_on_exception(config):
    with pytest.raises(RuntimeError):
        with aerospike_py.client(config).connect() as c:
            raise RuntimeError("boom")
    assert c.is_connected() is False


def test_reconnect_after_close(config, key):
    c = aerospike_py.client(config).connect()
    c.put(key, {"a": 1})
    c.close()
    try:
        c.connect()
        assert c.is_connected()
        assert c.get(key).bins == {"a": 1}
    finally:
        c.close()


def test_ping(config):
    c = aerospike_py.client(config)
    assert c.ping() is False
    c.connect()
    assert c.ping() is True
    c.close()
    assert c.ping() is False


def test_get_node_names(client):
    names = client.get_node_names()
    assert isinstance(names, list) and names
    assert all(isinstance(n, str) and n for n in names)
    assert len(set(names)) == len(names)
    assert set(names) == {r.node_name for r in client.info_all("build")}


def test_node_names_follow_cluster_membership():
    with TestServer(nodes=2) as srv:
        c = aerospike_py.client({"hosts": srv.hosts[:1]}).connect()
        try:
            assert sorted(c.get_node_names()) == sorted(n.name for n in srv.nodes)
        finally:
            c.close()


_AFTER_CLOSE = [
    ("put", lambda c, k: c.put(k, {"a": 1})),
    ("get", lambda c, k: c.get(k)),
    ("select", lambda c, k: c.select(k, ["a"])),
    ("exists", lambda c, k: c.exists(k)),
    ("remove", lambda c, k: c.remove(k)),
    ("touch", lambda c, k: c.touch(k, 10)),
    ("append", lambda c, k: c.append(k, "s", "x")),
    ("prepend", lambda c, k: c.prepend(k, "s", "x")),
    ("increment", lambda c, k: c.increment(k, "i", 1)),
    ("remove_bin", lambda c, k: c.remove_bin(k, ["a"])),
    ("operate", lambda c, k: c.operate(k, [{"op": aerospike_py.OPERATOR_READ, "bin": "a"}])),
    ("operate_ordered", lambda c, k: c.operate_ordered(k, [{"op": aerospike_py.OPERATOR_READ, "bin": "a"}])),
    ("info_all", lambda c, k: c.info_all("build")),
    ("info_random_node", lambda c, k: c.info_random_node("build")),
    ("get_node_names", lambda c, k: c.get_node_names()),
]


@pytest.mark.parametrize("name,call", _AFTER_CLOSE, ids=[n for n, _ in _AFTER_CLOSE])
def test_operations_after_close_raise_client_error(config, key, name, call):
    c = aerospike_py.client(config).connect()
    c.close()
    with pytest.raises(ex.ClientError) as info:
        call(c, key)
    assert info.value.code == -1
    assert info.value.msg == "Client is not connected. Call connect() first."


@pytest.mark.parametrize("name,call", _AFTER_CLOSE[:3], ids=[n for n, _ in _AFTER_CLOSE[:3]])
def test_operations_before_connect_raise_client_error(config, key, name, call):
    c = aerospike_py.client(config)
    with pytest.raises(ex.ClientError, match="Client is not connected"):
        call(c, key)


def test_connect_to_unreachable_port_fails_fast():
    port = _free_port()
    c = aerospike_py.client({"hosts": [("127.0.0.1", port)], "timeout": 300})
    start = time.monotonic()
    with pytest.raises(ex.ClusterError) as info:
        c.connect()
    assert time.monotonic() - start < 5
    assert info.value.code < 0 or info.value.code == 11
    assert info.value.msg
    assert c.is_connected() is False
    assert c.ping() is False
    with pytest.raises(ex.ClientError):
        c.get((NS, "s", "k"))


def test_failed_connect_can_be_retried(config):
    c = aerospike_py.client({"hosts": [("127.0.0.1", _free_port())], "timeout": 300})
    with pytest.raises(ex.AerospikeError):
        c.connect()
    # A failed connect leaves no half-open state behind: a good config still works.
    good = aerospike_py.client(config).connect()
    try:
        assert good.ping()
    finally:
        good.close()


@pytest.fixture
def named_cluster(embedded_server, aerospike_hosts):
    """(hosts, actual cluster name) of a cluster that has a name."""
    if embedded_server is None:
        probe = aerospike_py.client({"hosts": list(aerospike_hosts)}).connect()
        try:
            name = probe.info_random_node("cluster-name").strip()
        finally:
            probe.close()
        if not name or name == "null":
            pytest.skip("the cluster under test has no cluster-name")
        yield list(aerospike_hosts), name
        return
    with TestServer(cluster_name="alpha") as srv:
        yield srv.hosts, "alpha"


def test_right_cluster_name_connects(named_cluster):
    hosts, name = named_cluster
    with aerospike_py.client({"hosts": hosts, "cluster_name": name}).connect() as c:
        assert c.is_connected()
        assert c.info_random_node("cluster-name").strip() == name


def test_wrong_cluster_name_fails_connect(named_cluster, caplog):
    hosts, name = named_cluster
    wrong = name + "-other"
    c = aerospike_py.client({"hosts": hosts, "cluster_name": wrong, "timeout": 500})
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_WARN)
    try:
        with caplog.at_level(logging.WARNING, logger="aerospike_py"):
            start = time.monotonic()
            with pytest.raises((ex.ClusterError, ex.ClientError)) as info:
                c.connect()
            assert time.monotonic() - start < 5
    finally:
        aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_OFF)
        logging.getLogger("aerospike_py").setLevel(logging.NOTSET)
    assert info.value.code != 0 and info.value.msg
    assert c.is_connected() is False
    # The reason reaches the log: both names are reported.
    texts = [r.getMessage() for r in caplog.records if r.name == "aerospike_py"]
    assert any(wrong in t and name in t for t in texts), texts


def test_node_down_and_back():
    with TestServer(namespaces=(NS,)) as srv:
        key = (NS, "s", "k")
        with aerospike_py.client(srv.config).connect() as c:
            c.put(key, {"a": 1})
            node = srv.nodes[0]
            node.stop()
            with pytest.raises((ex.ClusterError, ex.AerospikeTimeoutError)):
                c.get(key, policy={"total_timeout": 500, "max_retries": 0})
            assert c.ping() is False
            node.start()
            deadline = time.monotonic() + 3
            while True:
                try:
                    assert c.get(key).bins == {"a": 1}
                    break
                except ex.AerospikeError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            assert c.ping() is True


# --- why a connect failed is in the exception, not only in a log nobody reads ------------


def test_connect_refused_names_the_seed_and_the_cause():
    port, other = _free_port(), _free_port()
    c = aerospike_py.client({"hosts": [("127.0.0.1", port), ("127.0.0.1", other)], "timeout": 300})
    with pytest.raises(ex.ClusterError) as info:
        c.connect()
    assert f"127.0.0.1:{port}: connection refused" in info.value.msg
    assert f"127.0.0.1:{other}: connection refused" in info.value.msg


def test_connect_to_unresolvable_host_says_so():
    c = aerospike_py.client({"hosts": [("nohost.invalid", 3000)], "timeout": 300})
    with pytest.raises(ex.ClusterError) as info:
        c.connect()
    assert "cannot resolve 'nohost.invalid'" in info.value.msg


def test_cluster_name_mismatch_names_both_names(named_cluster):
    hosts, name = named_cluster
    c = aerospike_py.client({"hosts": hosts, "cluster_name": "prod-" + name, "timeout": 500})
    with pytest.raises(ex.ClusterError) as info:
        c.connect()
    assert f"cluster name mismatch: expected 'prod-{name}'" in info.value.msg
    assert f"reports '{name}'" in info.value.msg


def test_connect_causes_reach_the_exception_whatever_the_log_level(caplog):
    port = _free_port()
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_ERROR)
    try:
        with caplog.at_level(logging.DEBUG, logger="aerospike_py"):
            with pytest.raises(ex.ClusterError, match=f"127.0.0.1:{port}: connection refused"):
                aerospike_py.client({"hosts": [("127.0.0.1", port)], "timeout": 300}).connect()
    finally:
        aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_OFF)
        logging.getLogger("aerospike_py").setLevel(logging.NOTSET)
    # The warnings collected for the exception are not forwarded past the chosen level.
    assert not [r for r in caplog.records if r.name == "aerospike_py" and r.levelno < logging.ERROR]
