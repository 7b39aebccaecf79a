"""Info extras shared by Client and AsyncClient: one node's info, node addresses, key digests.

``info_single_node`` is a command like the others (the async client runs it
in a worker thread); the node list and key digests are computed locally, so
they are plain methods on both clients.  A key's digest uses the one key
conversion of every command: a ``bytes`` primary key is a string-typed key,
a ``bytearray`` a blob.
"""

from __future__ import annotations

import marshal
from typing import Any

from aerospike_py._binding import ffi, lib
from aerospike_py._command import Prepared, _begin_info, _check
from aerospike_py._convert import begin, decode, invalid, new_request
from aerospike_py.types import NodeInfo

N_PARTITIONS = 4096


def _finish_value(req: Any, context: Any) -> Any:
    return decode(req)


def _host_text(host: Any) -> str:
    """A node name, "address:port", an (address, port) tuple or a NodeInfo, as the C side matches it."""
    if isinstance(host, NodeInfo):
        return host.name
    if type(host) is tuple and len(host) == 2 and type(host[0]) is str and type(host[1]) is int:
        address, port = host
        return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    if type(host) is str and host and "\x00" not in host:
        return host
    raise invalid(f"host must be a node name, 'address:port' or an (address, port) tuple, got {host!r}")


def prepare_info_single_node(as_: Any, req: Any, command: Any, host: Any, policy: Any) -> Prepared:
    text = _host_text(host)
    _begin_info(as_, req, lib.ASPY_CMD_INFO_NODE, command, policy)
    _check(req, lib.aspy_request_set_host(req, text.encode()))
    return _finish_value, None


def _split_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)


def nodes(as_: Any) -> list[NodeInfo]:
    """The nodes the client currently knows (a local read of the tended node list)."""
    buf = ffi.new("aspy_buffer *")
    try:
        if lib.aspy_cluster_nodes(as_, buf):
            raise MemoryError("cannot list nodes")
        rows = marshal.loads(ffi.buffer(buf.data, buf.len))
    finally:
        lib.aspy_buffer_destroy(buf)
    return [NodeInfo(name, *_split_address(address)) for name, address in rows]


def key_digest(namespace: Any, set_name: Any, key: Any) -> bytes:
    """The 20-byte digest the server stores ``(namespace, set_name, key)`` under."""
    if key is None:
        raise invalid("key must be a str, int, bytes or bytearray primary key, got None")
    req = new_request()
    begin(req, lib.ASPY_CMD_GET, (namespace, set_name, key))
    out = ffi.new("uint8_t[20]")
    _check(req, lib.aspy_key_digest(req, out))
    return bytes(ffi.buffer(out, 20))


def partition_id(namespace: Any, set_name: Any, key: Any) -> int:
    """The partition (0..4095) a key lives in: the digest's first two bytes, little-endian."""
    digest = key_digest(namespace, set_name, key)
    return int.from_bytes(digest[:2], "little") & (N_PARTITIONS - 1)
