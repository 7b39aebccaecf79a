"""Single-record commands through aerospike-py 0.14.4 and this client, compared result by result."""

from __future__ import annotations

import math
import os
from typing import Any, Callable

import pytest

import aerospike_py as A

NS = "test"


def fresh_digest() -> bytes:
    """A digest of this test's own: a record's set is fixed once written, so digests must not be shared."""
    return os.urandom(20)


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


KEY_CORPUS: list[Any] = [
    "plain",
    "",
    "ключ-🔑",
    0,
    -1,
    2**63 - 1,
    -(2**63),
    b"\x00\xffbytes",
]


@pytest.mark.parametrize("pk", KEY_CORPUS, ids=lambda v: f"{type(v).__name__}:{v!r}"[:40])
def test_key_types(differ: Any, set_name: str, pk: Any) -> None:
    key = (NS, set_name, pk)
    steps = [
        cl("put", key, {"a": 1}, policy={"key": 1}),
        cl("get", key),
        cl("exists", key),
        cl("select", key, ["a"]),
        cl("touch", key),
        cl("get", key),
        cl("remove", key),
        cl("exists", key),
    ]
    differ.same(steps, cleanup=[cl("remove", key)])


def test_digest_only_key(differ: Any, set_name: str) -> None:
    key = (NS, set_name, None, fresh_digest())
    steps = [
        cl("put", key, {"a": 1}),
        cl("get", key),
        cl("exists", key),
        cl("operate", key, [{"op": 2, "bin": "a", "val": 2}]),
        cl("remove", key),
        cl("get", key),
    ]
    differ.same(steps, cleanup=[cl("remove", key)])


BAD_KEYS: list[Any] = [
    (NS, "s", -(2**63) - 1),
    (NS, "s", 1.5),
    (NS, "s", None),
    (NS, "s", ["list"]),
    (NS, "s"),
    (NS, "s", "k", b"short-digest"),
    (NS, "s", None, b"short-digest"),
    (NS, "s", None, None),
    (NS, 5, "k"),
    (None, "s", "k"),
    "not-a-tuple",
    None,
]


@pytest.mark.parametrize("key", BAD_KEYS, ids=repr)
def test_bad_keys(differ: Any, key: Any) -> None:
    differ.same([cl("get", key), cl("put", key, {"a": 1}), cl("exists", key), cl("remove", key)])


VALUE_CORPUS: dict[str, Any] = {
    "int0": 0,
    "intmax": 2**63 - 1,
    "intmin": -(2**63),
    "float": 1.5,
    "negzero": -0.0,
    "inf": math.inf,
    "ninf": -math.inf,
    "nan": math.nan,
    "str": "text",
    "empty": "",
    "uni": "ünï©ødé 🔥",
    "bytes": b"\x00\x01\xff",
    "ebytes": b"",
    "barray": bytearray(b"\x02\x03"),
    "list": [1, "a", 2.5, b"x", None, [1, [2]], {"k": "v"}],
    "elist": [],
    "map": {"a": 1, "b": {"c": [1, 2, {"d": b"e"}]}},
    "emap": {},
    "intmap": {1: "one", -5: "minus", 2**40: "big"},
    "bytesmap": {b"k": 1},
    "t": True,
    "f": False,
}


def test_value_types(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("values")
    steps = [cl("put", key, VALUE_CORPUS), cl("get", key)]
    steps += [cl("put", key, {"one": value}) for value in VALUE_CORPUS.values()]
    steps += [cl("select", key, ["one"])]
    differ.same(steps, cleanup=[cl("remove", key)])


@pytest.mark.parametrize("name,value", sorted(VALUE_CORPUS.items()))
def test_each_value_round_trip(differ: Any, make_key: Callable[..., tuple], name: str, value: Any) -> None:
    key = make_key(name)
    differ.same([cl("put", key, {"v": value}), cl("get", key)], cleanup=[cl("remove", key)])


def test_none_bin_removes(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("nonebin")
    differ.same([
        cl("put", key, {"a": 1, "b": 2}),
        cl("put", key, {"a": None}),
        cl("get", key),
        cl("put", key, {"b": None}),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


BAD_BINS: list[Any] = [
    {1: "int bin name"},
    {"a": 1j},
    {"a": {1, 2}},
    {"a": 2**64},
    {"a": -(2**63) - 1},
    "not a dict",
    [("a", 1)],
    None,
]


@pytest.mark.parametrize("bins", BAD_BINS, ids=repr)
def test_bad_bins(differ: Any, make_key: Callable[..., tuple], bins: Any) -> None:
    key = make_key("badbins")
    differ.same([cl("put", key, bins), cl("exists", key)], cleanup=[cl("remove", key)])


def test_bin_name_limits(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("binnames")
    differ.same([
        cl("put", key, {"x" * 15: 1, "ü": 2}),
        cl("get", key),
        cl("select", key, ["x" * 15, "missing"]),
        cl("select", key, []),
    ], cleanup=[cl("remove", key)])


def test_meta_ttl_and_gen(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("meta")
    differ.same([
        cl("put", key, {"a": 1}, meta={"ttl": 1000}),
        cl("exists", key),
        cl("put", key, {"a": 2}, meta={"ttl": -1}),
        cl("get", key),
        cl("put", key, {"a": 3}, meta={"ttl": -2}),
        cl("get", key),
        cl("put", key, {"a": 4}, meta={"ttl": 0}),
        cl("get", key),
        cl("touch", key, 500),
        cl("exists", key),
        cl("put", key, {"a": 5}, meta={"gen": 99}, policy={"gen": 1}),
        cl("put", key, {"a": 5}, meta={"gen": 99}, policy={"gen": 2}),
        cl("get", key),
        cl("put", key, {"a": 6}, meta={"gen": 5}, policy={"gen": 1}),
        cl("remove", key, meta={"gen": 1}, policy={"gen": 1}),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_bad_meta(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("badmeta")
    differ.same([
        cl("put", key, {"a": 1}, meta={"ttl": "soon"}),
        cl("put", key, {"a": 1}, meta={"gen": "x"}),
        cl("put", key, {"a": 1}, meta={"ttl": -3}),
        cl("put", key, {"a": 1}, meta={"ttl": 2**32}),
        cl("put", key, {"a": 1}, meta="not a dict"),
        cl("exists", key),
    ], cleanup=[cl("remove", key)])


def test_exists_policies(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("exists")
    differ.same([
        cl("put", key, {"a": 1}, policy={"exists": 1}),  # UPDATE_ONLY on a missing record
        cl("put", key, {"a": 1}, policy={"exists": 2}),  # REPLACE
        cl("put", key, {"a": 1}, policy={"exists": 3}),  # REPLACE_ONLY
        cl("put", key, {"a": 1}, policy={"exists": 4}),  # CREATE_ONLY
        cl("put", key, {"a": 2}, policy={"exists": 4}),
        cl("put", key, {"b": 2}, policy={"exists": 2}),
        cl("get", key),
        cl("put", key, {"c": 3}, policy={"exists": 1}),
        cl("get", key),
        cl("put", key, {"c": 3}, policy={"exists": 0}),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_key_policy(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("sendkey")
    differ.same([
        cl("put", key, {"a": 1}),
        cl("get", key),
        cl("put", key, {"a": 2}, policy={"key": 1}),
        cl("get", key),
        cl("get", key, policy={"key": 0}),
    ], cleanup=[cl("remove", key)])


def test_missing_records(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("missing")
    differ.same([
        cl("get", key),
        cl("select", key, ["a"]),
        cl("exists", key),
        cl("remove", key),
        cl("touch", key),
        cl("remove_bin", key, ["a"]),
        cl("append", key, "s", "x"),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_append_prepend_increment(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("modify")
    differ.same([
        cl("append", key, "s", "lo"),
        cl("prepend", key, "s", "hel"),
        cl("append", key, "b", b"\x01"),
        cl("prepend", key, "b", b"\x00"),
        cl("increment", key, "i", 5),
        cl("increment", key, "i", -7),
        cl("increment", key, "f", 1.25),
        cl("increment", key, "f", 2),
        cl("get", key),
        cl("increment", key, "s", 1),
        cl("append", key, "i", "x"),
        cl("prepend", key, "i", b"x"),
        cl("increment", key, "i", "1"),
        cl("get", key),
        cl("remove_bin", key, ["s", "nope"]),
        cl("get", key),
        cl("remove_bin", key, []),
        cl("remove_bin", key, "i"),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_operate(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("operate")
    ops = [
        {"op": A.OPERATOR_INCR, "bin": "i", "val": 3},
        {"op": A.OPERATOR_READ, "bin": "i"},
        {"op": A.OPERATOR_WRITE, "bin": "s", "val": "v"},
        {"op": A.OPERATOR_APPEND, "bin": "s", "val": "w"},
        {"op": A.OPERATOR_PREPEND, "bin": "s", "val": "<"},
        {"op": A.OPERATOR_READ, "bin": "s"},
        {"op": A.OPERATOR_TOUCH},
    ]
    differ.same([
        cl("operate", key, ops),
        cl("operate_ordered", key, ops),
        cl("operate", key, [{"op": A.OPERATOR_WRITE, "bin": "x", "val": 1}, {"op": A.OPERATOR_READ, "bin": "x"}],
           meta={"ttl": 100}),
        cl("operate", key, [{"op": A.OPERATOR_READ}]),
        cl("operate_ordered", key, [{"op": A.OPERATOR_READ, "bin": "i"}, {"op": A.OPERATOR_READ, "bin": "s"},
                                    {"op": A.OPERATOR_READ, "bin": "i"}]),
        cl("operate", key, [{"op": A.OPERATOR_WRITE, "bin": "y", "val": [1, {"a": b"b"}]},
                            {"op": A.OPERATOR_READ, "bin": "y"}]),
        cl("operate", key, [{"op": A.OPERATOR_INCR, "bin": "s", "val": 1}]),
        cl("operate", key, [{"op": 999, "bin": "x"}]),
        cl("operate", key, [{"bin": "x"}]),
        cl("operate", key, ["not a dict"]),
        cl("operate", key, [{"op": A.OPERATOR_WRITE, "bin": "z", "val": 1j}]),
        cl("operate", key, [{"op": A.OPERATOR_DELETE}]),
        cl("get", key),
        cl("operate", key, [{"op": A.OPERATOR_READ, "bin": "i"}], meta={"gen": 7}, policy={"gen": 1}),
    ], cleanup=[cl("remove", key)])


def test_operate_missing_record(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("opmissing")
    differ.same([
        cl("operate", key, [{"op": A.OPERATOR_READ, "bin": "a"}]),
        cl("operate_ordered", key, [{"op": A.OPERATOR_READ, "bin": "a"}]),
        cl("operate", key, [{"op": A.OPERATOR_TOUCH}]),
        cl("operate", key, [{"op": A.OPERATOR_WRITE, "bin": "a", "val": 1}], policy={"exists": A.POLICY_EXISTS_UPDATE_ONLY}),
        cl("operate", key, [{"op": A.OPERATOR_WRITE, "bin": "a", "val": 1}, {"op": A.OPERATOR_READ, "bin": "a"}],
           policy={"key": A.POLICY_KEY_SEND}),
    ], cleanup=[cl("remove", key)])


# -- intentional differences: each asserts this client's behaviour and names the difference --


def test_int_key_outside_int64_is_refused(differ: Any, set_name: str) -> None:
    """aerospike-py 0.14.4 wraps 2**63 to -2**63 and writes that record; refused here (official: ParamError)."""
    key = (NS, set_name, 2**63)
    theirs, mine = differ.run([cl("put", key, {"a": 1}), cl("exists", (NS, set_name, -(2**63)))],
                              cleanup=[cl("remove", (NS, set_name, -(2**63)))])
    assert theirs[0] == ("None", None) and theirs[1][1] == "ExistsResult"
    assert mine[0][:3] == ("exc", "InvalidArgError", -2)
    assert dict(mine[1][2])["meta"] == ("None", None)  # nothing was written under the wrapped key


def test_none_set_name_is_accepted(differ: Any, set_name: str) -> None:
    """A None set means "no set" here and in the official client; aerospike-py 0.14.4 raises TypeError."""
    pk = "noset-" + set_name
    theirs, mine = differ.run([cl("put", (NS, None, pk), {"a": 1}), cl("get", (NS, "", pk))],
                              cleanup=[cl("remove", (NS, "", pk))])
    assert theirs[0][:2] == ("exc", "TypeError")
    assert mine[0] == ("None", None) and mine[1][1] == "Record"


def test_user_key_wins_over_digest(differ: Any, set_name: str) -> None:
    """(ns, set, pk, digest): the primary key decides, as in the official client; 0.14.4 uses the digest."""
    steps = [cl("put", (NS, set_name, "u1"), {"a": 1}), cl("get", (NS, set_name, "u1", fresh_digest()))]
    theirs, mine = differ.run(steps, cleanup=[cl("remove", (NS, set_name, "u1"))])
    assert theirs[1][:2] == ("exc", "RecordNotFound")
    assert mine[1][1] == "Record"


def test_unknown_namespace(differ: Any) -> None:
    """An unknown namespace fails at once with code 20 (as in the official client); 0.14.4 retries until timeout."""
    theirs, mine = differ.run([cl("get", ("no_such_ns", "s", "k")), cl("put", ("no_such_ns", "s", "k"), {"a": 1})])
    assert all(t[0] == "exc" for t in theirs)
    assert mine[0][:3] == mine[1][:3] == ("exc", "ServerError", 20)


def test_bytearray_key_comes_back_as_bytes(differ: Any, set_name: str) -> None:
    """A bytearray key is a blob key in both; a single-record result's AerospikeKey.user_key is bytes in both
    (as batch results give it)."""
    key = (NS, set_name, bytearray(b"\x00\xffblob"))
    theirs, mine = differ.run([cl("put", key, {"a": 1}, policy={"key": A.POLICY_KEY_SEND}), cl("get", key)],
                              cleanup=[cl("remove", key)])
    their_key, my_key = dict(dict(theirs[1][2])["key"][2]), dict(dict(mine[1][2])["key"][2])
    assert their_key["digest"] == my_key["digest"]
    assert their_key["user_key"] == ("bytes", b"\x00\xffblob")
    assert my_key["user_key"] == ("bytes", b"\x00\xffblob")
    assert dict(theirs[1][2])["bins"] == dict(mine[1][2])["bins"]


def test_set_name_too_long(differ: Any) -> None:
    """A set name over 63 bytes is refused by the client; 0.14.4 sends it."""
    _, mine = differ.run([cl("put", (NS, "s" * 64, "k"), {"a": 1})], cleanup=[cl("remove", (NS, "s" * 64, "k"))])
    assert mine[0][:3] == ("exc", "InvalidArgError", -2) and "set name" in mine[0][3]


def test_bin_name_too_long(differ: Any, make_key: Callable[..., tuple]) -> None:
    """A bin name over 15 bytes raises BinNameError (21), as in the official client; 0.14.4 raises ValueError."""
    key = make_key("longbin")
    steps = [cl("put", key, {"x" * 16: 1}), cl("put", key, {"": 1}), cl("select", key, ["x" * 16]),
             cl("append", key, "x" * 16, "v"), cl("increment", key, "x" * 16, 1)]
    theirs, mine = differ.run(steps, cleanup=[cl("remove", key)])
    assert all(t[1] in ("ValueError", "InvalidArgError") for t in theirs), theirs
    assert all(m[:3] == ("exc", "BinNameError", 21) for m in mine), mine


def test_increment_outside_int64_is_refused(differ: Any, make_key: Callable[..., tuple]) -> None:
    """0.14.4 wraps an offset of 2**63 to -2**63 and applies it; refused here."""
    key = make_key("incbig")
    theirs, mine = differ.run([cl("put", key, {"i": 0}), cl("increment", key, "i", 2**63), cl("get", key)],
                              cleanup=[cl("remove", key)])
    assert theirs[1] == ("None", None)
    assert mine[1][:3] == ("exc", "InvalidArgError", -2)
    assert ("bins", ("dict", [(("str", "i"), ("int", 0))])) in mine[2][2]


def test_append_wrong_type_is_refused_by_the_client(differ: Any, make_key: Callable[..., tuple]) -> None:
    """append/prepend of a non-str/bytes value: InvalidArgError before sending; 0.14.4 gets BinTypeError (12)."""
    key = make_key("appint")
    theirs, mine = differ.run([cl("put", key, {"s": "a"}), cl("append", key, "s", 5), cl("prepend", key, "s", 1.5)],
                              cleanup=[cl("remove", key)])
    assert theirs[1][0] == theirs[2][0] == "exc"  # the server refuses it (BinTypeError, 12)
    assert mine[1][:3] == mine[2][:3] == ("exc", "InvalidArgError", -2)


def test_operate_without_operations(differ: Any, make_key: Callable[..., tuple]) -> None:
    """operate(key, []): InvalidArgError (-2) as in the official client; 0.14.4 raises ServerError (4)."""
    key = make_key("noops")
    theirs, mine = differ.run([cl("put", key, {"a": 1}), cl("operate", key, []), cl("operate_ordered", key, [])],
                              cleanup=[cl("remove", key)])
    assert theirs[1][:3] == ("exc", "ServerError", 4)
    assert mine[1][:3] == mine[2][:3] == ("exc", "InvalidArgError", -2)


def test_unknown_policy_field(differ: Any, make_key: Callable[..., tuple]) -> None:
    """Intentional difference: a misspelt policy field raises InvalidArgError here, is ignored there."""
    key = make_key("policy")
    theirs, mine = differ.run([cl("put", key, {"a": 1}, policy={"total_timout": 5})], cleanup=[cl("remove", key)])
    assert theirs[0] == ("None", None)
    assert mine[0][:2] == ("exc", "InvalidArgError") and "total_timout" in mine[0][3]


# Map keys the server's map ordering has no place for.  0.14.4 raises a Rust panic for float and
# bool keys, TypeError for tuples, and writes None keys; we refuse them all by name before sending.
MAP_KEY_CASES: list[tuple[Any, Any]] = [
    ({1.5: "a", 2: "b"}, "PanicException"),
    ({True: "t", 2: "b"}, "PanicException"),
    ({(1, 2): "tuple"}, "TypeError"),
    ({"outer": {2.5: "nested"}}, "PanicException"),
    ([{"in": "list"}, {0.5: "x"}], "PanicException"),
    ({None: "n"}, None),
]


@pytest.mark.parametrize("value,their_error", MAP_KEY_CASES, ids=repr)
def test_unsupported_map_keys_are_refused(differ: Any, make_key: Callable[..., tuple], value: Any,
                                          their_error: Any) -> None:
    key = make_key("mapkeys")
    theirs, mine = differ.run([cl("put", key, {"m": value}), cl("exists", key)], cleanup=[cl("remove", key)])
    if their_error is not None:
        assert theirs[0][:2] == ("exc", their_error)
    assert mine[0][:3] == ("exc", "InvalidArgError", -2) and "map key" in mine[0][3] and "'m'" in mine[0][3]
    assert dict(mine[1][2])["meta"] == ("None", None)  # nothing written


def test_policy_fields(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("policies")
    differ.same([
        cl("put", key, {"a": 1}, policy={"ttl": 600, "total_timeout": 2000, "socket_timeout": 1000,
                                        "max_retries": 1, "sleep_between_retries": 0,
                                        "commit_level": A.POLICY_COMMIT_LEVEL_MASTER, "key": A.POLICY_KEY_SEND}),
        cl("exists", key),
        cl("get", key, policy={"replica": A.POLICY_REPLICA_MASTER, "read_mode_ap": A.POLICY_READ_MODE_AP_ALL,
                               "total_timeout": 2000}),
        cl("touch", key, 0, policy={"ttl": 700}),
        cl("exists", key),
        cl("put", key, {"a": 3}, policy={"exists": A.POLICY_EXISTS_UPDATE, "gen": A.POLICY_GEN_GT}, meta={"gen": 10}),
        cl("put", key, {"a": 4}, policy={"gen": A.POLICY_GEN_GT}, meta={"gen": 1}),
        cl("get", key),
        cl("remove", key, policy={"key": A.POLICY_KEY_SEND, "commit_level": A.POLICY_COMMIT_LEVEL_ALL}),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_bad_policy_values(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("badpolicy")
    differ.same([
        cl("put", key, {"a": 1}, policy="fast"),
        cl("put", key, {"a": 1}, policy={"total_timeout": "soon"}),
        cl("get", key, policy={"total_timeout": -1}),
        cl("exists", key),
    ], cleanup=[cl("remove", key)])


def test_meta_ttl_wins_over_policy_ttl(differ: Any, make_key: Callable[..., tuple]) -> None:
    """meta["ttl"] overrides policy["ttl"] (official client; 0.14.4's own rule for batch_write); 0.14.4's put
    lets the policy win."""
    key = make_key("ttlwins")
    theirs, mine = differ.run([cl("put", key, {"a": 1}, meta={"ttl": 900}, policy={"ttl": 600}), cl("exists", key)],
                              cleanup=[cl("remove", key)])
    assert abs(dict(dict(theirs[1][2])["meta"][2])["ttl"][1] - 600) <= 2
    assert abs(dict(dict(mine[1][2])["meta"][2])["ttl"][1] - 900) <= 2


def test_lenient_forms(differ: Any, make_key: Callable[..., tuple]) -> None:
    """Accepted here, refused by 0.14.4: bin names as a tuple, touch(key, -1) (TTL_NEVER_EXPIRE)."""
    key = make_key("forms")
    theirs, mine = differ.run([
        cl("put", key, {"a": 1, "b": 2}),
        cl("select", key, ("a",)),
        cl("remove_bin", key, ("a",)),
        cl("touch", key, -1),
        cl("get", key),
    ], cleanup=[cl("remove", key)])
    assert [t[1] for t in theirs[1:4]] == ["TypeError", "TypeError", "OverflowError"]
    assert mine[1][1] == "Record" and dict(mine[1][2])["bins"] == ("dict", [(("str", "a"), ("int", 1))])
    assert mine[2] == mine[3] == ("None", None)
    assert dict(mine[4][2])["bins"] == ("dict", [(("str", "b"), ("int", 2))])
    assert dict(dict(mine[4][2])["meta"][2])["ttl"] == ("int", 4294967295)


def test_select_and_touch_forms(differ: Any, make_key: Callable[..., tuple]) -> None:
    key = make_key("forms")
    differ.same([
        cl("put", key, {"a": 1, "b": 2}),
        cl("select", key, "a"),
        cl("select", key, [1]),
        cl("touch", key, "x"),
        cl("touch", key, 2**32),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_connect_twice_is_a_no_op(differ: Any) -> None:
    """connect() on a connected client returns it (as the official client); 0.14.4 raises ClientError."""
    theirs, mine = differ.run([cl("connect"), cl("is_connected")])
    assert theirs[0][:2] == ("exc", "ClientError")
    assert mine[0][:2] == ("obj", "Client") and mine[1] == ("bool", True)


def test_lifecycle(differ: Any) -> None:
    differ.same([
        cl("is_connected"),
        cl("ping"),
        ("closed", "close", (), {}),
        ("closed", "is_connected", (), {}),
        ("closed", "ping", (), {}),
        ("unconnected", "close", (), {}),
    ])


def test_meta_gen_without_gen_policy(differ: Any, make_key: Callable[..., tuple]) -> None:
    """meta["gen"] is checked only under policy["gen"] (as the official client); 0.14.4's put checks it anyway."""
    key = make_key("genonly")
    theirs, mine = differ.run([cl("put", key, {"a": 1}), cl("put", key, {"a": 2}, meta={"gen": 5}), cl("get", key)],
                              cleanup=[cl("remove", key)])
    assert theirs[1][:3] == ("exc", "RecordGenerationError", 3)
    assert mine[1] == ("None", None) and dict(mine[2][2])["bins"] == ("dict", [(("str", "a"), ("int", 2))])


def test_unknown_meta_field(differ: Any, make_key: Callable[..., tuple]) -> None:
    """An unknown meta field raises InvalidArgError naming it; 0.14.4 ignores it."""
    key = make_key("metafield")
    theirs, mine = differ.run([cl("put", key, {"a": 1}, meta={"tll": 5})], cleanup=[cl("remove", key)])
    assert theirs[0] == ("None", None)
    assert mine[0][:3] == ("exc", "InvalidArgError", -2) and "tll" in mine[0][3]


def test_tuple_values_are_stored_as_lists(differ: Any, make_key: Callable[..., tuple]) -> None:
    """A tuple value is written as a list (as the official client); 0.14.4 raises TypeError."""
    key = make_key("tuples")
    theirs, mine = differ.run([cl("put", key, {"t": (1, "a", (2,))}), cl("get", key)], cleanup=[cl("remove", key)])
    assert theirs[0][:2] == ("exc", "TypeError")
    assert dict(mine[1][2])["bins"] == ("dict", [(("str", "t"), ("list", [("int", 1), ("str", "a"),
                                                                             ("list", [("int", 2)])]))])


def test_filter_expression(differ: Any, make_key: Callable[..., tuple]) -> None:
    """Both clients apply filter_expression, built with each one's exp module: a record that does not
    match raises FilteredOut and is not written. A malformed expression is refused here by name
    (InvalidArgError) before anything is sent."""
    from _diffcore import CALL

    key = make_key("filterexp")
    never = (CALL, "exp.eq", [(CALL, "exp.int_bin", ["a"]), (CALL, "exp.int_val", [2])])
    always = (CALL, "exp.eq", [(CALL, "exp.int_bin", ["a"]), (CALL, "exp.int_val", [1])])
    steps = [cl("put", key, {"a": 1}), cl("get", key, policy={"filter_expression": never}),
             cl("get", key, policy={"filter_expression": always}),
             cl("put", key, {"a": 2}, policy={"filter_expression": never}), cl("get", key)]
    theirs, mine = differ.run(steps, cleanup=[cl("remove", key)])
    for i in (1, 3):
        assert theirs[i][:3] == mine[i][:3] == ("exc", "FilteredOut", 27)
    for i in (2, 4):
        assert dict(mine[i][2])["bins"] == dict(theirs[i][2])["bins"] == ("dict", [(("str", "a"), ("int", 1))])
    bad = differ.ours.run([cl("get", key, policy={"filter_expression": object()})])
    assert bad[0][:3] == ("exc", "InvalidArgError", -2) and "filter_expression" in bad[0][3]
