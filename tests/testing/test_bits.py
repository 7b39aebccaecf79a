"""Bitwise blob operations through the official client."""

from __future__ import annotations

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402
from aerospike_helpers.operations import bitwise_operations as bo  # noqa: E402

NS = "test"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _bin(client, k):
    return bytes(client.get(k)[2]["b"])


def test_bit_modify_ops(client, set_name):
    k = (NS, set_name, "b")
    client.put(k, {"b": bytearray(b"\x00\x00\x00\x00")})
    client.operate(k, [bo.bit_set("b", 0, 8, 1, bytearray(b"\xff"))])
    assert _bin(client, k) == b"\xff\x00\x00\x00"
    client.operate(k, [bo.bit_or("b", 8, 8, 1, bytearray(b"\x0f"))])
    client.operate(k, [bo.bit_xor("b", 0, 4, 1, bytearray(b"\xf0"))])
    assert _bin(client, k) == b"\x0f\x0f\x00\x00"
    client.operate(k, [bo.bit_and("b", 0, 16, 2, bytearray(b"\x03\x01"))])
    assert _bin(client, k) == b"\x03\x01\x00\x00"
    client.operate(k, [bo.bit_not("b", 16, 8)])
    assert _bin(client, k) == b"\x03\x01\xff\x00"
    client.operate(k, [bo.bit_lshift("b", 0, 8, 2), bo.bit_rshift("b", 16, 8, 4)])
    assert _bin(client, k) == b"\x0c\x01\x0f\x00"
    client.operate(k, [bo.bit_resize("b", 6)])
    assert _bin(client, k) == b"\x0c\x01\x0f\x00\x00\x00"
    client.operate(k, [bo.bit_insert("b", 1, 2, bytearray(b"\xaa\xbb"))])
    assert _bin(client, k) == b"\x0c\xaa\xbb\x01\x0f\x00\x00\x00"
    client.operate(k, [bo.bit_remove("b", 1, 2)])
    assert _bin(client, k) == b"\x0c\x01\x0f\x00\x00\x00"


def test_bit_integer_ops(client, set_name):
    k = (NS, set_name, "i")
    client.put(k, {"b": bytearray(b"\x00\x00")})
    client.operate(k, [bo.bit_set_int("b", 0, 8, 250)])
    client.operate(k, [bo.bit_add("b", 0, 8, 5, False, aerospike.BIT_OVERFLOW_FAIL)])
    assert _bin(client, k)[0] == 255
    with pytest.raises(ex.OpNotApplicable):
        client.operate(k, [bo.bit_add("b", 0, 8, 1, False, aerospike.BIT_OVERFLOW_FAIL)])
    client.operate(k, [bo.bit_add("b", 0, 8, 1, False, aerospike.BIT_OVERFLOW_WRAP)])
    assert _bin(client, k)[0] == 0
    client.operate(k, [bo.bit_subtract("b", 0, 8, 1, False, aerospike.BIT_OVERFLOW_SATURATE)])
    assert _bin(client, k)[0] == 0
    _, _, bins = client.operate(k, [bo.bit_set_int("b", 8, 8, 0x80),
                                    bo.bit_get_int("b", 8, 8, True)])
    assert bins["b"] == -128


def test_bit_read_ops(client, set_name):
    k = (NS, set_name, "r")
    client.put(k, {"b": bytearray(b"\x0f\xf0")})
    _, _, bins = client.operate(k, [bo.bit_count("b", 0, 16)])
    assert bins["b"] == 8
    _, _, bins = client.operate(k, [bo.bit_lscan("b", 0, 16, True)])
    assert bins["b"] == 4
    _, _, bins = client.operate(k, [bo.bit_rscan("b", 0, 16, True)])
    assert bins["b"] == 11
    _, _, bins = client.operate(k, [bo.bit_get("b", 4, 8)])
    assert bytes(bins["b"]) == b"\xff"
    _, _, bins = client.operate(k, [bo.bit_get_int("b", 0, 8, False)])
    assert bins["b"] == 15


def test_bit_errors(client, set_name):
    k = (NS, set_name, "e")
    client.put(k, {"b": bytearray(b"\x00"), "s": "str"})
    with pytest.raises(ex.OpNotApplicable):
        client.operate(k, [bo.bit_set("b", 8, 8, 1, bytearray(b"\x01"))])
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(k, [bo.bit_set("s", 0, 8, 1, bytearray(b"\x01"))])
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(k, [bo.bit_set("missing", 0, 8, 1, bytearray(b"\x01"))])
    assert info.value.code == 17
    client.operate(k, [bo.bit_resize("new", 2)])
    assert bytes(client.get(k)[2]["new"]) == b"\x00\x00"
