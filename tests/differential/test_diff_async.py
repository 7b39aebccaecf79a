"""The AsyncClient of aerospike-py 0.14.4 and ours, on the same scripts (asyncio)."""

from __future__ import annotations

import math
import os
from typing import Any

import aerospike_py as A

NS = "test"


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def test_async_key_value(differ: Any, set_name: str) -> None:
    keys = [(NS, set_name, pk) for pk in ("a", 7, b"raw", -(2**63))]
    steps = []
    for k in keys:
        steps += [cl("put", k, {"i": 1, "f": math.inf, "s": "ü", "l": [1, {"m": b"x"}]}, policy={"key": 1}),
                  cl("get", k), cl("exists", k), cl("select", k, ["i"])]
    k = keys[0]
    steps += [
        cl("increment", k, "i", 2), cl("append", k, "s", "x"), cl("prepend", k, "s", "<"),
        cl("touch", k, 300), cl("remove_bin", k, ["f"]), cl("get", k),
        cl("operate", k, [{"op": A.OPERATOR_INCR, "bin": "i", "val": 1}, {"op": A.OPERATOR_READ, "bin": "i"}]),
        cl("put", k, {"i": 1}, meta={"gen": 9}, policy={"gen": A.POLICY_GEN_EQ}),
        cl("put", k, {"i": 1}, policy={"exists": A.POLICY_EXISTS_CREATE_ONLY}),
        cl("get", (NS, set_name, "missing")),
        cl("exists", (NS, set_name, "missing")),
        cl("remove", (NS, set_name, "missing")),
        cl("get", (NS, set_name, 1.5)),
        cl("put", k, {"x" * 15: 1}),
        cl("put", k, {"b": {1, 2}}),
        cl("remove", k),
        cl("get", k),
    ]
    differ.same(steps, cleanup=[cl("remove", key) for key in keys], mode="async")


def test_async_batch_and_info(differ: Any, set_name: str) -> None:
    keys = [(NS, set_name, f"b{i}") for i in range(3)] + [(NS, set_name, None, os.urandom(20))]
    differ.same([
        cl("batch_write", [(k, {"n": i}) for i, k in enumerate(keys[:3])]),
        cl("batch_write", [(keys[3], {"d": 1})], policy={"key": A.POLICY_KEY_SEND}),
        cl("batch_read", keys),
        cl("batch_read", keys, ["n"]),
        cl("batch_operate", keys, [{"op": A.OPERATOR_INCR, "bin": "n", "val": 10}]),
        cl("batch_remove", keys),
        cl("batch_read", keys),
        cl("info_random_node", "namespaces"),
        cl("is_connected"),
        cl("truncate", NS, set_name + "_none"),
    ], cleanup=[cl("remove", k) for k in keys], mode="async")


def test_async_operate_ordered_keeps_operation_order(differ: Any, set_name: str) -> None:
    """Intentional difference: 0.14.4's AsyncClient.operate_ordered returns bins out of operation order."""
    key = (NS, set_name, "order")
    ops = [{"op": A.OPERATOR_READ, "bin": "s"}, {"op": A.OPERATOR_READ, "bin": "i"}]
    theirs, mine = differ.run([cl("put", key, {"i": 1, "s": "x"}), cl("operate_ordered", key, ops)],
                              cleanup=[cl("remove", key)], mode="async")
    names = [dict(b[2])["name"][1] for b in dict(mine[1][2])["ordered_bins"][1]]
    assert names == ["s", "i"]
    their_names = [dict(b[2])["name"][1] for b in dict(theirs[1][2])["ordered_bins"][1]]
    assert sorted(their_names) == ["i", "s"]


def test_async_commands_on_a_client_not_connected(differ: Any, set_name: str) -> None:
    key = (NS, set_name, "nc")
    differ.same([
        cl("get", key), cl("put", key, {"a": 1}), cl("exists", key), cl("remove", key),
        cl("operate", key, [{"op": A.OPERATOR_READ, "bin": "a"}]), cl("batch_read", [key]),
        cl("batch_write", [(key, {"a": 1})]), cl("info_random_node", "build"), cl("truncate", NS, set_name),
        cl("is_connected"),
    ], mode="async-unconnected")


def test_async_udf_info_truncate(differ: Any, set_name: str, udf_module: str) -> None:
    key = (NS, set_name, "audf")
    differ.same([
        cl("put", key, {"a": 1}),
        cl("apply", key, udf_module, "echo", [[1, {"b": b"x"}]]),
        cl("apply", key, udf_module, "write_bin", ["w", 5]),
        cl("get", key),
        cl("batch_apply", [key, (NS, set_name, "audf2")], udf_module, "echo", [7]),
        cl("info_all", "namespaces"),
        cl("get_node_names"),
        cl("truncate", NS, set_name + "_none"),
        cl("ping"),
    ], cleanup=[cl("remove", key), cl("remove", (NS, set_name, "audf2"))], mode="async")
