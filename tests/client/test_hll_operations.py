"""HyperLogLog operations: estimates are checked against error bounds (never
exact counts, so the tests hold on a real server too), and each operation is
compared with the official client's ``hll_operations`` on the same data."""

from __future__ import annotations

import math

import pytest

import aerospike_py as A
from aerospike_py import exception as ex
from aerospike_py import hll_operations as ho

oh = pytest.importorskip("aerospike_helpers.operations.hll_operations")
helpers = pytest.importorskip("aerospike_helpers")


def close(estimate: float, actual: float, index_bits: int, sigmas: float = 4.0) -> bool:
    """Within ``sigmas`` standard errors (1.04 / sqrt(2**index_bits)) of ``actual``."""
    return abs(estimate - actual) <= sigmas * 1.04 / math.sqrt(2**index_bits) * actual + 2


def words(start: int, stop: int) -> list[str]:
    return [f"w{i}" for i in range(start, stop)]


def test_init_add_count_describe(client, make_key):
    key = make_key()
    rec = client.operate(key, [ho.hll_init("h", 12), ho.hll_add("h", words(0, 3000)), ho.hll_get_count("h"),
                               ho.hll_describe("h")])
    added, count, describe = rec.bins["h"]
    assert 0 < added <= 3000
    assert close(count, 3000, 12)
    assert describe == [12, 0]
    value = client.get(key).bins["h"]
    assert isinstance(value, A.HLL)
    # adding the same values again changes no register
    assert client.operate(key, [ho.hll_add("h", words(0, 3000))]).bins == {"h": 0}


def test_add_creates_with_bit_counts(client, make_key):
    key = make_key()
    rec = client.operate(key, [ho.hll_add("h", words(0, 500), 10, 16), ho.hll_describe("h"), ho.hll_get_count("h")])
    assert rec.bins["h"][1] == [10, 16]
    assert close(rec.bins["h"][2], 500, 10)


def test_union_intersect_similarity(client, make_key):
    key, other_key = make_key(), make_key()
    client.operate(key, [ho.hll_add("h", words(0, 4000), 12, 20)])
    client.operate(other_key, [ho.hll_add("h", words(2000, 6000), 12, 20)])
    other = client.get(other_key).bins["h"]
    rec = client.operate(key, [ho.hll_get_union_count("h", [other]), ho.hll_get_intersect_count("h", [other]),
                               ho.hll_get_similarity("h", [other])])
    union, inter, sim = rec.bins["h"]
    assert close(union, 6000, 12)
    assert abs(inter - 2000) <= 0.25 * 2000
    assert isinstance(sim, float) and abs(sim - 1 / 3) <= 0.08
    merged = client.operate(key, [ho.hll_get_union("h", [other])]).bins["h"]
    assert isinstance(merged, A.HLL)
    target = make_key()
    client.put(target, {"u": merged})
    assert close(client.operate(target, [ho.hll_get_count("u")]).bins["u"], 6000, 12)


def test_set_union_and_fold(client, make_key):
    key, other_key = make_key(), make_key()
    client.operate(key, [ho.hll_add("h", words(0, 1000), 12)])
    client.operate(other_key, [ho.hll_add("h", words(1000, 2000), 12)])
    other = client.get(other_key).bins["h"]
    rec = client.operate(key, [ho.hll_set_union("h", [other]), ho.hll_get_count("h")])
    assert close(rec.bins["h"], 2000, 12)
    rec = client.operate(key, [ho.hll_fold("h", 8), ho.hll_describe("h"), ho.hll_get_count("h")])
    assert rec.bins["h"][0] == [8, 0]
    assert close(rec.bins["h"][1], 2000, 8)


def test_fold_refused_with_minhash(client, make_key):
    key = make_key()
    client.operate(key, [ho.hll_init("h", 10, 8)])
    with pytest.raises(ex.AerospikeError):
        client.operate(key, [ho.hll_fold("h", 6)])
    assert client.operate(key, [ho.hll_describe("h")]).bins == {"h": [10, 8]}


def test_write_flags(client, make_key):
    key = make_key()
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [ho.hll_init("h", 8, policy={"flags": A.HLL_WRITE_UPDATE_ONLY})])
    assert info.value.code == 17  # BIN_NOT_FOUND
    client.operate(key, [ho.hll_init("h", 8)])
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [ho.hll_init("h", 9, policy={"flags": A.HLL_WRITE_CREATE_ONLY})])
    assert info.value.code == 6  # BIN_EXISTS
    client.operate(key, [ho.hll_init("h", 9, policy={"flags": A.HLL_WRITE_CREATE_ONLY | A.HLL_WRITE_NO_FAIL})])
    assert client.operate(key, [ho.hll_describe("h")]).bins == {"h": [8, 0]}


def test_matches_official(client, official, make_key):
    """Same values, same sketch: the official client's operations read ours and vice versa."""
    mine, ref = make_key(), make_key()
    client.operate(mine, [ho.hll_add("h", words(0, 800), 11)])
    official.operate(ref, [oh.hll_add("h", words(0, 800), 11)])
    assert bytes(client.get(mine).bins["h"]) == bytes(client.get(ref).bins["h"])
    other = client.get(ref).bins["h"]
    theirs_other = helpers.HyperLogLog(bytes(other))
    pairs = [
        (ho.hll_get_count("h"), oh.hll_get_count("h")),
        (ho.hll_describe("h"), oh.hll_describe("h")),
        (ho.hll_get_union_count("h", [other]), oh.hll_get_union_count("h", [theirs_other])),
        (ho.hll_get_intersect_count("h", [other]), oh.hll_get_intersect_count("h", [theirs_other])),
        (ho.hll_get_similarity("h", [other]), oh.hll_get_similarity("h", [theirs_other])),
        (ho.hll_get_union("h", [other]), oh.hll_get_union("h", [theirs_other])),
    ]
    for ours, theirs in pairs:
        got = client.operate(mine, [ours]).bins["h"]
        expected = official.operate(ref, [theirs])[2]["h"]
        assert (bytes(got) if isinstance(got, A.HLL) else got) == expected
    for ours, theirs in [(ho.hll_fold("h", 9), oh.hll_fold("h", 9)),
                         (ho.hll_set_union("h", [other]), oh.hll_set_union("h", [theirs_other])),
                         (ho.hll_init("h", 6, 5), oh.hll_init("h", 6, 5))]:
        client.operate(mine, [ours])
        official.operate(ref, [theirs])
        assert bytes(client.get(mine).bins["h"]) == bytes(client.get(ref).bins["h"])


@pytest.mark.parametrize(
    "op,field",
    [
        (ho.hll_init("h", "8"), "index_bit_count"),  # type: ignore[arg-type]
        (ho.hll_add("h", "abc"), "val"),  # type: ignore[arg-type]
        (ho.hll_get_union("h", 5), "val"),  # type: ignore[arg-type]
        (ho.hll_get_union_count("h", ["not an hll"]), "val"),
        (ho.hll_set_union("h", []), "val"),
        (ho.hll_init("h", 8, policy={"flag": 1}), "hll_policy"),  # type: ignore[typeddict-unknown-key]
        (ho.hll_fold("h", None), "index_bit_count"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(client, make_key, op, field):
    key = make_key()
    with pytest.raises(ex.InvalidArgError, match=f"operation 0: '{field}"):
        client.operate(key, [op])
    assert client.exists(key).meta is None


def test_server_refuses_bad_bit_counts(client, make_key):
    key = make_key()
    for op in (ho.hll_init("h", 3), ho.hll_init("h", 17), ho.hll_init("h", 8, 2)):
        with pytest.raises(ex.AerospikeError) as info:
            client.operate(key, [op])
        assert info.value.code == 4  # PARAMETER
    assert client.exists(key).meta is None


def test_refresh_count_and_update_without_bits(client, official, make_key):
    key = make_key()
    client.operate(key, [ho.hll_add("h", words(0, 700), 10)])
    _, _, bins = official.operate(key, [oh.hll_refresh_count("h")])
    assert close(bins["h"], 700, 10)
    # adding to an HLL that does not exist needs the bit counts to create it
    missing = make_key()
    client.put(missing, {"x": 1})
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(missing, [ho.hll_add("h", ["a"])])
    assert info.value.code == 17  # BIN_NOT_FOUND
    assert client.get(missing).bins == {"x": 1}


def test_raw_bytes_are_taken_as_hll(client, make_key):
    key, other = make_key(), make_key()
    client.operate(key, [ho.hll_add("h", words(0, 100), 8)])
    client.operate(other, [ho.hll_add("h", words(50, 150), 8)])
    raw = bytes(client.get(other).bins["h"])
    assert close(client.operate(key, [ho.hll_get_union_count("h", [raw])]).bins["h"], 150, 8)
