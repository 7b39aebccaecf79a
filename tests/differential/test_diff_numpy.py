"""NumPy batches (to_numpy, batch_write_numpy) through aerospike-py 0.14.4 and this client."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("numpy")

NS = "test"


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def test_to_numpy(differ: Any, set_name: str) -> None:
    keys = [(NS, set_name, pk) for pk in (1, "two", "missing", 4)]
    steps = [
        cl("put", keys[0], {"i": 5, "f": 1.5, "s": "hello", "b": b"\x01\x02", "t": True, "n": -3}),
        cl("put", keys[1], {"i": 2**40, "f": 7, "s": "a-very-long-string", "b": bytearray(b"zz")}),
        cl("put", keys[3], {"i": -1, "f": "str", "l": [1, 2]}),
        cl("numpy_read", keys[:3], [("i", "i8"), ("f", "f4"), ("s", "S8"), ("b", "S4"), ("t", "u1"), ("x", "i2")],
           [1, "two", "missing", "nope"]),
        cl("numpy_read", keys[:2], [("f", "i4"), ("i", "f8")]),
        cl("numpy_read", keys[:2], [("i", "f2"), ("s", "V4")]),
        cl("numpy_read", keys[:1], [("i", "i4", (2,)), ("n", "i1")]),
        cl("numpy_read", [], [("i", "i8")]),
        cl("numpy_read", [keys[0], keys[0]], [("i", "i8")], [1]),
        # Refusals: the same exception classes.
        cl("numpy_read", keys[:2], [("i", "i4")]),
        cl("numpy_read", keys[:2], [("i", "u2")]),
        cl("numpy_read", keys[:1], [("n", "u4")]),
        cl("numpy_read", keys[3:], [("f", "f8")]),
        cl("numpy_read", keys[3:], [("l", "f8")]),
        cl("numpy_read", keys[:1], [("i", "S4")]),
        cl("numpy_read", keys[:1], [("i", "O")]),
        cl("numpy_read", keys[:1], [("t", "?")]),
        cl("numpy_read", keys[:1], [("i", ">i4")]),
    ]
    differ.same(steps, cleanup=[cl("remove", k) for k in keys])


def test_batch_write_numpy(differ: Any, set_name: str) -> None:
    spec = [("_key", "i4"), ("score", "f8"), ("count", "i4"), ("_hidden", "i4"), ("name", "S5"),
            ("vec", "f4", (2,)), ("u", "u8"), ("h", "f2")]
    rows = [(1, 0.5, 10, 7, b"ab", (1, 2), 2**62, 1.5), (2, 0.25, 20, 8, b"abcde", (3, 4), 5, 2)]
    bytes_spec = [("id", "S4"), ("v", "i8")]
    steps = [
        cl("numpy_write", rows, spec, NS, set_name),
        cl("get", (NS, set_name, 1)),
        cl("get", (NS, set_name, 2)),
        cl("numpy_write", [(b"k1", 1), (b"k2", 2)], bytes_spec, NS, set_name, key_field="id"),
        cl("get", (NS, set_name, "k1")),
        cl("numpy_write", [], [("_key", "i8"), ("v", "i8")], NS, set_name),
        # Refusals (the contract's built-in errors, our InvalidArgError, are alike).
        cl("numpy_write", [(1, 2**63)], [("_key", "i8"), ("u", "u8")], NS, set_name),
        cl("numpy_write", [(b"k1", 1)], bytes_spec, NS, set_name),
        cl("numpy_write", [(1.5, 1)], [("_key", "f8"), ("v", "i8")], NS, set_name),
        cl("numpy_write", [("k", 1)], [("_key", "U4"), ("v", "i8")], NS, set_name),
        cl("numpy_write", [(1, True)], [("_key", "i8"), ("b", "?")], NS, set_name),
    ]
    differ.same(steps, cleanup=[cl("remove", (NS, set_name, k)) for k in (1, 2, "k1", "k2")])
