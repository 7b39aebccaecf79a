"""info_single_node, get_nodes and local key digests / partition ids."""

from __future__ import annotations

from typing import Any

import aerospike
import pytest

import aerospike_py
from aerospike_py import exception as exc


def test_get_nodes(client: aerospike_py.Client) -> None:
    nodes = client.get_nodes()
    assert [n.name for n in nodes] == client.get_node_names()
    for node in nodes:
        assert isinstance(node, aerospike_py.NodeInfo)
        assert type(node.address) is str and node.address and 0 < node.port < 65536
        # Each node answers at the address the client lists for it.
        assert client.info_single_node("node", (node.address, node.port)) == node.name
        assert client.info_single_node("node", node) == node.name


def test_info_single_node(client: aerospike_py.Client) -> None:
    node = client.get_nodes()[0]
    by_name = client.info_single_node("namespaces", node.name)
    by_address = client.info_single_node("namespaces", f"{node.address}:{node.port}")
    assert by_name == by_address and "test" in by_name.split(";")
    assert client.info_single_node("build", node.name) == client.info_all("build")[
        [r.node_name for r in client.info_all("build")].index(node.name)].response
    with pytest.raises(exc.ClusterError) as info:
        client.info_single_node("build", "NO_SUCH_NODE")
    assert info.value.code == -8  # AEROSPIKE_ERR_INVALID_NODE
    for bad in (None, 3000, ("127.0.0.1",), "", ("127.0.0.1", "3000")):
        with pytest.raises(exc.InvalidArgError, match="host"):
            client.info_single_node("build", bad)
    with pytest.raises(exc.InvalidArgError, match="info command"):
        client.info_single_node(b"build", node.name)


@pytest.mark.parametrize("pk", ["k", "héllo", 0, -1, 2**63 - 1, "x" * 1000])
def test_digest_matches_official_client(client: aerospike_py.Client, pk: Any) -> None:
    assert client.get_key_digest("test", "demo", pk) == bytes(aerospike.calc_digest("test", "demo", pk))
    digest = client.get_key_digest("test", "demo", pk)
    assert client.get_key_partition_id("test", "demo", pk) == int.from_bytes(digest[:2], "little") % 4096


def test_digest_is_the_server_s(client: aerospike_py.Client, make_key: Any) -> None:
    for pk in ("s", 7, b"b", bytearray(b"blob")):
        key = make_key(pk)
        client.put(key, {"a": 1})
        assert client.get(key).key.digest == client.get_key_digest(*key)
    # bytes is a string-typed key, bytearray a blob.
    assert client.get_key_digest("test", "s", b"k") == client.get_key_digest("test", "s", "k")
    assert client.get_key_digest("test", "s", bytearray(b"k")) != client.get_key_digest("test", "s", "k")
    assert client.get_key_digest("test", "", "k") != client.get_key_digest("test", "s", "k")


def test_partition_id_matches_official_client(config: dict[str, Any]) -> None:
    official = aerospike.client(dict(config)).connect()
    ours = aerospike_py.client(config)  # no connection needed: computed locally
    try:
        for pk in ["a", "b", 1, 99, 12345678901, "partition"]:
            assert ours.get_key_partition_id("test", "demo", pk) == official.get_key_partition_id("test", "demo", pk)
    finally:
        official.close()


@pytest.mark.parametrize("pk", [None, 1.5, [1], {"a": 1}])
def test_digest_bad_keys(client: aerospike_py.Client, pk: Any) -> None:
    with pytest.raises(exc.InvalidArgError):
        client.get_key_digest("test", "demo", pk)
    with pytest.raises(exc.InvalidArgError):
        client.get_key_partition_id("test", "demo", pk)


def test_nodes_need_a_connection(config: dict[str, Any]) -> None:
    with pytest.raises(exc.ClientError):
        aerospike_py.client(config).get_nodes()
