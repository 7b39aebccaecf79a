"""Batch, query, info, index, truncate and lifecycle calls through aerospike-py 0.14.4 and this client."""

from __future__ import annotations

import os
import uuid
from typing import Any

import aerospike_py as A
from _diffcore import CALL

NS = "test"
R, W, INCR = A.OPERATOR_READ, A.OPERATOR_WRITE, A.OPERATOR_INCR


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def pred(name: str, *args: Any) -> tuple:
    return (CALL, f"predicates.{name}", args)


def keys_of(set_name: str, pks: list[Any]) -> list[tuple]:
    return [(NS, set_name, pk) for pk in pks]


def test_batch_read(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, ["a", 1, "b", "missing"])
    steps = [cl("put", k, {"n": i, "s": str(i)}, policy={"key": A.POLICY_KEY_SEND}) for i, k in enumerate(keys[:3])]
    steps += [
        cl("batch_read", keys),
        cl("batch_read", keys, ["n"]),
        cl("batch_read", keys, []),
        cl("batch_read", keys, ["nope"]),
        cl("batch_read", []),
        cl("batch_read", keys, policy={"total_timeout": 2000}),
    ]
    differ.same(steps, cleanup=[cl("remove", k) for k in keys])


def test_batch_key_forms(differ: Any, set_name: str) -> None:
    digest_key = (NS, set_name, None, os.urandom(20))
    keys = [(NS, set_name, b"raw"), (NS, set_name, bytearray(b"blob")), (NS, set_name, -(2**63)), digest_key]
    differ.same([
        cl("batch_write", [(k, {"v": i}) for i, k in enumerate(keys)], policy={"key": A.POLICY_KEY_SEND}),
        cl("batch_write", [(k, {"w": i}, {"key": A.POLICY_KEY_SEND}) for i, k in enumerate(keys)]),
        cl("batch_read", keys),
        cl("batch_operate", keys, [{"op": R, "bin": "v"}]),
        cl("batch_remove", keys),
        cl("batch_read", keys, ["v"]),
    ], cleanup=[cl("remove", k) for k in keys])


def test_node_names(differ: Any) -> None:
    theirs, mine = differ.run([cl("get_node_names")])
    assert theirs[0][0] == mine[0][0] == "list" and len(theirs[0][1]) == len(mine[0][1]) >= 1
    assert all(n[0] == "str" for n in mine[0][1])


def test_batch_read_views(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, ["a", 1, b"raw", "missing"])
    steps = [cl("put", k, {"n": i}) for i, k in enumerate(keys[:3])]
    steps += [cl("batch_views", keys, "a", "missing")]
    differ.same(steps, cleanup=[cl("remove", k) for k in keys])


def test_batch_read_bad_input(differ: Any, set_name: str) -> None:
    differ.same([
        cl("batch_read", "not a list"),
        cl("batch_read", [(NS, set_name, 1.5)]),
        cl("batch_read", [(NS, set_name, "a")], "n"),
        cl("batch_read", None),
    ])


def test_batch_write(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, ["w1", "w2", 3])
    differ.same([
        cl("batch_write", [(keys[0], {"a": 1}), (keys[1], {"b": [1, 2]}, {"ttl": 500}), (keys[2], {"c": {"x": 1}})]),
        cl("batch_read", keys),
        cl("batch_write", [(keys[0], {"a": 2})], policy={"exists": A.POLICY_EXISTS_CREATE_ONLY}),
        cl("batch_write", [(keys[0], {"a": 3}, {"gen": 1})]),
        cl("batch_write", [(keys[0], {"a": 4}, {"gen": 99})]),
        cl("batch_write", [(keys[1], {"k": 1})], policy={"key": A.POLICY_KEY_SEND}),
        cl("batch_read", keys),
        cl("batch_write", []),
    ], cleanup=[cl("remove", k) for k in keys])


def test_batch_write_bad_input(differ: Any, set_name: str) -> None:
    key = (NS, set_name, "bw")
    differ.same([
        cl("batch_write", [(key,)]),
        cl("batch_write", [(key, "bins")]),
        cl("batch_write", [(key, {"a": 1j})]),
        cl("batch_write", "nope"),
        cl("exists", key),
    ], cleanup=[cl("remove", key)])


def test_batch_operate_and_remove(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, ["o1", "o2", "o3"])
    differ.same([
        cl("put", keys[0], {"v": 1}),
        cl("put", keys[1], {"v": 10}),
        cl("batch_operate", keys, [{"op": INCR, "bin": "v", "val": 1}]),
        cl("batch_operate", keys, [{"op": R, "bin": "v"}]),
        cl("batch_operate", keys, [{"op": W, "bin": "w", "val": "x"}]),
        cl("batch_read", keys),
        cl("batch_remove", keys),
        cl("batch_remove", keys),
        cl("batch_read", keys),
        cl("batch_operate", keys, [{"op": 999, "bin": "v"}]),
    ], cleanup=[cl("remove", k) for k in keys])


def test_batch_remove_with_meta(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, ["r1", "r2"])
    differ.same([
        cl("put", keys[0], {"v": 1}),
        cl("put", keys[1], {"v": 1}),
        cl("batch_remove", [(keys[0], {"gen": 5}), keys[1]]),
        cl("batch_read", keys),
        cl("batch_remove", [(keys[0], {"gen": 1})]),
        cl("batch_read", keys),
    ], cleanup=[cl("remove", k) for k in keys])


def test_scan_and_query(differ: Any, set_name: str) -> None:
    index = "diff_" + uuid.uuid4().hex[:10]
    keys = keys_of(set_name, [f"q{i}" for i in range(6)])
    steps = [cl("put", k, {"n": i, "s": f"v{i % 2}", "o": [i]}, policy={"key": A.POLICY_KEY_SEND})
             for i, k in enumerate(keys)]
    steps += [
        cl("query", NS, set_name),
        cl("query", NS, set_name, select=["n"]),
        cl("index_integer_create", NS, set_name, "n", index),
        cl("query", NS, set_name, where=pred("between", "n", 2, 4)),
        cl("query", NS, set_name, where=pred("equals", "n", 3), select=["s"]),
        cl("index_remove", NS, index),
        cl("query", NS, set_name + "_empty"),
        cl("query", NS, set_name, select=["nope"]),
        cl("query", NS, set_name, policy={"total_timeout": 5000}),
        cl("query", NS, set_name, policy={"partition_filter": (CALL, "partition_filter_all", [])}),
        cl("query", NS, set_name, policy={"partition_filter": (CALL, "partition_filter_by_range", [0, 2048])}),
        cl("query", NS, set_name, policy={"partition_filter": (CALL, "partition_filter_by_id", [4095])}),
        ("module", "partition_filter_by_id", (4096,), {}),
        ("module", "partition_filter_by_range", (4000, 200), {}),
        cl("query", NS, set_name, policy={"partition_filter": "all"}),
        cl("query", NS, set_name, stop_after=2),
        cl("query", NS, set_name, stop_after=100),
        cl("query", NS, set_name, where=pred("equals", "s", 5)),
        cl("query", NS, set_name, where=("bogus",)),
        cl("query", NS, set_name, select=[5]),
    ]
    differ.same(steps, cleanup=[cl("index_remove", NS, index)] + [cl("remove", k) for k in keys])


def test_index_commands(differ: Any, set_name: str) -> None:
    index = "diffi_" + uuid.uuid4().hex[:10]
    geo = "diffg_" + uuid.uuid4().hex[:10]
    differ.same([
        cl("index_string_create", NS, set_name, "s", index),
        cl("index_string_create", NS, set_name, "s", index),
        cl("index_geo2dsphere_create", NS, set_name, "g", geo),
        cl("index_integer_create", NS, set_name, 5, index + "x"),
        cl("index_remove", NS, index),
        cl("index_remove", NS, geo),
    ], cleanup=[cl("index_remove", NS, index), cl("index_remove", NS, geo)])


def test_info(differ: Any) -> None:
    theirs, mine = differ.run([
        cl("info_random_node", "namespaces"),
        cl("info_all", "namespaces"),
        cl("info_random_node", 5),
        cl("is_connected"),
        cl("ping"),
    ])
    assert theirs[0] == mine[0]
    # node names may differ in form; the shape and the answers must not.
    assert theirs[1][0] == mine[1][0] == "list" and len(theirs[1][1]) == len(mine[1][1])
    for t, m in zip(theirs[1][1], mine[1][1]):
        assert t[:2] == m[:2] == ("nt", "InfoNodeResult")
        assert t[2][1:] == m[2][1:]
    assert theirs[2][1] in ("TypeError", "InvalidArgError") and mine[2][:3] == ("exc", "InvalidArgError", -2)
    assert theirs[3:] == mine[3:] == [("bool", True), ("bool", True)]


# -- intentional differences: each asserts this client's behaviour and names the difference --


def test_info_error_answer_raises(differ: Any) -> None:
    """An info error raises ServerError (as in the official client); 0.14.4 returns the "ERROR::..." text."""
    theirs, mine = differ.run([cl("info_random_node", "no-such-command"), cl("info_all", "no-such-command")])
    assert theirs[0][0] == "str" and theirs[0][1].startswith("ERROR")
    assert mine[0][:2] == ("exc", "ServerError")
    # info_all reports each node's error code instead of 0 with the error text.
    assert all(dict(row[2])["error_code"] != ("int", 0) for row in mine[1][1])


def test_batch_read_len_with_repeated_keys(differ: Any, set_name: str) -> None:
    """len() of a batch_read result is len(to_dict()), as documented; 0.14.4 counts a repeated key twice."""
    key = (NS, set_name, "dup")
    theirs, mine = differ.run([cl("put", key, {"a": 1}, policy={"key": A.POLICY_KEY_SEND}),
                               cl("batch_read", [key, key])], cleanup=[cl("remove", key)])
    assert dict(theirs[1][1])["len"] == ("int", 2)
    assert dict(mine[1][1])["len"] == ("int", 1) and len(dict(mine[1][1])["to_dict"][1]) == 1


def test_batch_operate_repeated_bin(differ: Any, set_name: str) -> None:
    """Two operations on one bin in batch_operate give the last value, as operate() does; 0.14.4 gives a list."""
    key = (NS, set_name, "bo")
    theirs, mine = differ.run([cl("put", key, {"v": 1}),
                               cl("batch_operate", [key], [{"op": INCR, "bin": "v", "val": 1}, {"op": R, "bin": "v"}]),
                               cl("operate", key, [{"op": INCR, "bin": "v", "val": 1}, {"op": R, "bin": "v"}])],
                              cleanup=[cl("remove", key)])
    row = dict(theirs[1][2])["batch_records"][1][0]
    assert dict(dict(row[2])["record"][2])["bins"] == ("dict", [(("str", "v"), ("list", [("None", None), ("int", 2)]))])
    row = dict(mine[1][2])["batch_records"][1][0]
    assert dict(dict(row[2])["record"][2])["bins"] == ("dict", [(("str", "v"), ("int", 2))])
    assert dict(mine[2][2])["bins"] == ("dict", [(("str", "v"), ("int", 3))])


def test_index_and_truncate_on_unknown_namespace(differ: Any, set_name: str) -> None:
    """The server's refusal keeps its class and status (ServerError, 4 here); 0.14.4 wraps it in ClientError (-1)."""
    theirs, mine = differ.run([cl("index_integer_create", "no_such_ns", set_name, "n", "diff_nons"),
                               cl("truncate", "no_such_ns", set_name)])
    assert [t[:3] for t in theirs] == [("exc", "ClientError", -1)] * 2
    assert all(m[0] == "exc" and m[1] not in ("ClientError", "ClusterError") and m[2] > 0 for m in mine), mine


def test_index_remove_of_a_missing_index(differ: Any) -> None:
    """Where the server refuses, the error keeps its class (IndexNotFound, 201); 0.14.4 wraps it in ClientError."""
    theirs, mine = differ.run([cl("index_remove", NS, "diff_missing_" + uuid.uuid4().hex[:8])])
    if theirs[0][0] == "exc":
        assert theirs[0][:3] == ("exc", "ClientError", -1)
        assert mine[0][0] == "exc" and mine[0][1] in ("IndexNotFound", "ServerError") and mine[0][2] > 0
    else:
        assert mine[0] == theirs[0] == ("None", None)


def test_empty_partition_filter(differ: Any, set_name: str) -> None:
    """partition_filter_by_range(b, 0) is an empty filter, as 0.14.4 documents: the query returns nothing;
    0.14.4 itself then raises InvalidArgError ("Invalid partition count 0")."""
    key = (NS, set_name, "pf")
    theirs, mine = differ.run([cl("put", key, {"a": 1}),
                               cl("query", NS, set_name,
                                  policy={"partition_filter": (CALL, "partition_filter_by_range", [0, 0])})],
                              cleanup=[cl("remove", key)])
    assert theirs[1][:2] == ("exc", "InvalidArgError")
    assert mine[1] == ("list", [])


def test_query_on_unknown_namespace(differ: Any, set_name: str) -> None:
    """ServerError (20) at once, as for single-record commands; 0.14.4 raises ClusterError (-1)."""
    theirs, mine = differ.run([cl("query", "no_such_ns", set_name)])
    assert theirs[0][:3] == ("exc", "ClusterError", -1)
    assert mine[0][:3] == ("exc", "ServerError", 20)


def test_truncate(differ: Any, set_name: str) -> None:
    differ.same([
        cl("truncate", NS, set_name + "_never_written"),
        cl("truncate", NS, set_name + "_never_written", 0),
        cl("truncate", NS, 5),
    ])


def test_commands_on_a_client_not_connected(differ: Any, set_name: str) -> None:
    key = (NS, set_name, "nc")
    calls = [("get", (key,)), ("put", (key, {"a": 1})), ("exists", (key,)), ("remove", (key,)),
             ("operate", (key, [{"op": R, "bin": "a"}])), ("batch_read", ([key],)),
             ("info_random_node", ("build",)), ("truncate", (NS, set_name))]
    steps: list[tuple] = [(target, method, args, {}) for target in ("unconnected", "closed") for method, args in calls]
    steps += [("unconnected", "is_connected", (), {}), ("closed", "is_connected", (), {}),
              ("unconnected", "ping", (), {}), ("closed", "close", (), {})]
    differ.same(steps)


def test_large_batch(differ: Any, set_name: str) -> None:
    keys = keys_of(set_name, list(range(300)))
    differ.same([
        cl("batch_write", [(k, {"i": i, "s": "x" * (i % 50)}) for i, k in enumerate(keys[:250])]),
        cl("batch_read", keys),
        cl("batch_operate", keys, [{"op": INCR, "bin": "i", "val": 1}]),
        cl("batch_remove", keys),
    ], cleanup=[])
