"""Bit operations: each one round-trips against the server and is compared with
the official client's ``bitwise_operations`` doing the same on another key."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import aerospike_py as A
from aerospike_py import bit_operations as bo
from aerospike_py import exception as ex

hb = pytest.importorskip("aerospike_helpers.operations.bitwise_operations")

B0 = {"b": bytes([0b11110000, 0x0F, 0xAA, 0x01])}
CREATE = {"bit_write_flags": A.BIT_WRITE_CREATE_ONLY}


def _cases() -> list[tuple[str, dict[str, Any], Any, Any]]:
    return [
    ("bit_resize-grow", B0, bo.bit_resize("b", 6), hb.bit_resize("b", 6)),
    ("bit_resize-from-front", B0, bo.bit_resize("b", 2, A.BIT_RESIZE_FROM_FRONT),
     hb.bit_resize("b", 2, resize_flags=A.BIT_RESIZE_FROM_FRONT)),
    ("bit_resize-create", {}, bo.bit_resize("b", 3, policy=A.BIT_WRITE_CREATE_ONLY),
     hb.bit_resize("b", 3, policy=CREATE)),
    ("bit_insert", B0, bo.bit_insert("b", 1, b"\x01\x02"), hb.bit_insert("b", 1, 2, b"\x01\x02")),
    ("bit_remove", B0, bo.bit_remove("b", 1, 2), hb.bit_remove("b", 1, 2)),
    ("bit_set", B0, bo.bit_set("b", 4, 8, b"\xff"), hb.bit_set("b", 4, 8, 1, b"\xff")),
    ("bit_or", B0, bo.bit_or("b", 0, 16, b"\x0f\xf0"), hb.bit_or("b", 0, 16, 2, b"\x0f\xf0")),
    ("bit_xor", B0, bo.bit_xor("b", 8, 8, b"\xff"), hb.bit_xor("b", 8, 8, 1, b"\xff")),
    ("bit_and", B0, bo.bit_and("b", 0, 24, b"\x3c\x3c\x3c"), hb.bit_and("b", 0, 24, 3, b"\x3c\x3c\x3c")),
    ("bit_not", B0, bo.bit_not("b", 2, 10), hb.bit_not("b", 2, 10)),
    ("bit_lshift", B0, bo.bit_lshift("b", 0, 16, 3), hb.bit_lshift("b", 0, 16, 3)),
    ("bit_rshift", B0, bo.bit_rshift("b", 8, 24, 5), hb.bit_rshift("b", 8, 24, 5)),
    ("bit_add", B0, bo.bit_add("b", 8, 8, 3), hb.bit_add("b", 8, 8, 3, False, A.BIT_OVERFLOW_FAIL)),
    ("bit_add-wrap", B0, bo.bit_add("b", 0, 8, 100, action=A.BIT_OVERFLOW_WRAP),
     hb.bit_add("b", 0, 8, 100, False, A.BIT_OVERFLOW_WRAP)),
    ("bit_add-saturate-signed", B0, bo.bit_add("b", 16, 8, 100, True, A.BIT_OVERFLOW_SATURATE),
     hb.bit_add("b", 16, 8, 100, True, A.BIT_OVERFLOW_SATURATE)),
    ("bit_subtract", B0, bo.bit_subtract("b", 0, 8, 16), hb.bit_subtract("b", 0, 8, 16, False, A.BIT_OVERFLOW_FAIL)),
    ("bit_set_int", B0, bo.bit_set_int("b", 4, 12, 0xABC), hb.bit_set_int("b", 4, 12, 0xABC)),
    ("bit_get", B0, bo.bit_get("b", 4, 12), hb.bit_get("b", 4, 12)),
    ("bit_count", B0, bo.bit_count("b", 0, 32), hb.bit_count("b", 0, 32)),
    ("bit_lscan", B0, bo.bit_lscan("b", 4, 20, True), hb.bit_lscan("b", 4, 20, True)),
    ("bit_rscan", B0, bo.bit_rscan("b", 0, 32, False), hb.bit_rscan("b", 0, 32, False)),
    ("bit_get_int", B0, bo.bit_get_int("b", 0, 8), hb.bit_get_int("b", 0, 8, False)),
    ("bit_get_int-signed", B0, bo.bit_get_int("b", 0, 8, True), hb.bit_get_int("b", 0, 8, True)),
    ("bit_get-negative-offset", B0, bo.bit_get("b", -8, 8), hb.bit_get("b", -8, 8)),
    ]


with warnings.catch_warnings():  # the helpers' value_byte_size argument is deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    CASES = _cases()


@pytest.mark.parametrize("init,ours,theirs", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matches_official(client, official, make_key, init, ours, theirs):
    mine, ref = make_key(), make_key()
    seed = {"pad": 0, **init}
    client.put(mine, seed)
    client.put(ref, seed)
    rec = client.operate(mine, [ours])
    _, _, expected = official.operate(ref, [theirs])
    assert rec.bins == {k: v for k, v in (expected or {}).items() if v is not None}
    assert client.get(mine).bins == client.get(ref).bins


def test_several_bit_ops(client, make_key):
    key = make_key()
    client.put(key, {"b": b"\x00\x00"})
    rec = client.operate(key, [bo.bit_set_int("b", 0, 16, 0x1234), bo.bit_get_int("b", 0, 8),
                               bo.bit_count("b", 0, 16), bo.bit_get("b", 8, 8)])
    assert rec.bins == {"b": [0x12, 5, b"\x34"]}
    assert client.get(key).bins == {"b": b"\x12\x34"}


def test_policy_flags(client, make_key):
    key = make_key()
    client.put(key, {"b": b"\x01"})
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [bo.bit_resize("b", 4, policy=A.BIT_WRITE_CREATE_ONLY)])
    assert info.value.code == 6  # BIN_EXISTS_ERROR
    client.operate(key, [bo.bit_resize("b", 4, policy=A.BIT_WRITE_CREATE_ONLY | A.BIT_WRITE_NO_FAIL)])
    assert client.get(key).bins == {"b": b"\x01"}
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [bo.bit_add("b", 0, 8, 255)])
    assert info.value.code == 26  # overflow with BIT_OVERFLOW_FAIL


@pytest.mark.parametrize(
    "op,field",
    [
        (bo.bit_set("b", 0, 8, "x"), "val"),  # type: ignore[arg-type]
        (bo.bit_get("b", "0", 8), "bit_offset"),  # type: ignore[arg-type]
        (bo.bit_get("b", 0, -1), "bit_size"),
        (bo.bit_add("b", 0, 8, 1, action=99), "action"),
        (bo.bit_resize("b", 1, policy="x"), "bit_policy"),  # type: ignore[arg-type]
        (bo.bit_lscan("b", 0, 8, "yes"), "val"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(client, make_key, op, field):
    key = make_key()
    client.put(key, {"b": b"\x01"})
    with pytest.raises(ex.InvalidArgError, match=f"operation 0: '{field}"):
        client.operate(key, [op])
    assert client.get(key).bins == {"b": b"\x01"}
