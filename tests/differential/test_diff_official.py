"""Interoperability with the official ``aerospike`` 19.3.0 client and aerospike-py 0.14.4.

Digests decide where a record lives: a key must digest the same in all three
clients, and a record written by any one of them must read back the same
through the other two.
"""

from __future__ import annotations

import math
from typing import Any, Iterator

import pytest

import aerospike_py
from _diffcore import describe

aerospike = pytest.importorskip("aerospike")

NS = "test"

DIGEST_KEYS: list[Any] = ["", "plain", "ключ", 0, 1, -1, 2**63 - 1, -(2**63), b"bytes", b"\xff\x01not-utf8",
                         bytearray(b"blob"), bytearray(b"\x00blob")]

# Values every client writes and reads the same way.
SHARED_VALUES: dict[str, Any] = {
    "i": 42,
    "imax": 2**63 - 1,
    "imin": -(2**63),
    "f": 1.5,
    "inf": math.inf,
    "s": "ünï©ødé",
    "e": "",
    "b": b"\x00\x01\xff",
    "l": [1, "a", 2.5, b"x", [1, [2]], {"k": "v"}],
    "m": {"a": 1, "b": {"c": [1, 2]}},
    "im": {1: "one", -5: "minus"},
    "el": [],
    "em": {},
}


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


@pytest.fixture(scope="module")
def official(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    c = aerospike.client({"hosts": list(aerospike_config["hosts"])}).connect()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def mine(ours: Any) -> aerospike_py.Client:
    return ours.client


@pytest.mark.parametrize("pk", DIGEST_KEYS, ids=lambda v: f"{type(v).__name__}:{v!r}"[:40])
def test_digests_agree(contract: Any, mine: Any, official: Any, set_name: str, pk: Any) -> None:
    key = (NS, set_name, pk)
    official.put(key, {"a": 1})
    try:
        (_, _, _, digest), meta = official.exists(key)
        expected = bytes(digest)
        assert meta is not None
        found = mine.exists(key)
        assert bytes(found.key.digest) == expected
        assert found.meta is not None  # we find the record the official client wrote
        [theirs] = contract.run([cl("exists", key)])
        assert dict(dict(theirs[2])["key"][2])["digest"] == ("bytes", expected)
        assert dict(theirs[2])["meta"] != ("None", None)  # and so does 0.14.4
    finally:
        official.remove(key)


def test_bytes_keys_with_nul(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    """Intentional difference from the official client: it digests a bytes key only up to its first NUL
    (b"\\x00abc" and b"\\x00xyz" are the same record there); we digest every byte, as 0.14.4 does."""
    keys = [(NS, set_name, b"\x00abc"), (NS, set_name, b"\x00xyz"), (NS, set_name, b"ab\x00c")]
    theirs = contract.run([cl("exists", k) for k in keys])
    digests = [bytes(mine.exists(k).key.digest) for k in keys]
    assert [dict(dict(t[2])["key"][2])["digest"] for t in theirs] == [("bytes", d) for d in digests]
    assert len(set(digests)) == 3
    assert aerospike.calc_digest(NS, set_name, "") == official.exists(keys[0])[0][3] == official.exists(keys[1])[0][3]


def _same_bins(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert describe(a) == describe(b)


def test_written_by_official_read_by_both(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    key = (NS, set_name, "from-official")
    official.put(key, SHARED_VALUES, meta={"ttl": 1000}, policy={"key": aerospike.POLICY_KEY_SEND})
    try:
        rec = mine.get(key)
        _same_bins(rec.bins, SHARED_VALUES)
        assert rec.key.user_key == "from-official" and rec.meta.gen == 1 and 990 <= rec.meta.ttl <= 1000
        [theirs] = contract.run([cl("get", key)])
        assert theirs == describe(rec) or dict(theirs[2])["bins"] == describe(SHARED_VALUES)
    finally:
        official.remove(key)


def test_written_by_ours_read_by_both(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    key = (NS, set_name, "from-ours")
    mine.put(key, SHARED_VALUES, meta={"ttl": 1000}, policy={"key": aerospike_py.POLICY_KEY_SEND})
    try:
        _, meta, bins = official.get(key)
        _same_bins(bins, SHARED_VALUES)
        assert meta["gen"] == 1 and 990 <= meta["ttl"] <= 1000
        [theirs] = contract.run([cl("get", key)])
        assert dict(theirs[2])["bins"] == describe(SHARED_VALUES)
    finally:
        mine.remove(key)


def test_written_by_contract_read_by_both(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    key = (NS, set_name, "from-contract")
    contract.run([cl("put", key, SHARED_VALUES, meta={"ttl": 1000}, policy={"key": aerospike_py.POLICY_KEY_SEND})])
    try:
        rec = mine.get(key)
        _same_bins(rec.bins, SHARED_VALUES)
        assert rec.key.user_key == "from-contract" and rec.meta.gen == 1 and 990 <= rec.meta.ttl <= 1000
        _, meta, bins = official.get(key)
        _same_bins(bins, SHARED_VALUES)
        assert meta["gen"] == 1 and 990 <= meta["ttl"] <= 1000
    finally:
        mine.remove(key)


@pytest.mark.parametrize("writer", ["ours", "official", "contract"])
def test_bool_and_float_edge_values(contract: Any, mine: Any, official: Any, set_name: str, writer: str) -> None:
    """Booleans, -0.0 and NaN survive every writer/reader pair."""
    key = (NS, set_name, "edges-" + writer)
    bins = {"t": True, "f": False, "nz": -0.0, "nan": math.nan}
    if writer == "ours":
        mine.put(key, bins)
    elif writer == "official":
        official.put(key, bins)
    else:
        contract.run([cl("put", key, bins)])
    try:
        expected = describe(bins)
        assert describe(mine.get(key).bins) == expected
        assert describe(official.get(key)[2]) == expected
        [theirs] = contract.run([cl("get", key)])
        assert dict(theirs[2])["bins"] == expected
    finally:
        mine.remove(key)


@pytest.mark.parametrize("ttl", [1000, -1])
def test_ttl_as_read_by_each_client(contract: Any, mine: Any, official: Any, set_name: str, ttl: int) -> None:
    """A TTL written by one client reads the same through the others; never-expire reads 4294967295."""
    key = (NS, set_name, f"ttl{ttl}")
    mine.put(key, {"a": 1}, meta={"ttl": ttl})
    try:
        expected = 4294967295 if ttl == -1 else ttl
        assert abs(official.exists(key)[1]["ttl"] - expected) <= 2
        [theirs] = contract.run([cl("exists", key)])
        assert abs(dict(dict(theirs[2])["meta"][2])["ttl"][1] - expected) <= 2
        assert abs(mine.exists(key).meta.ttl - expected) <= 2
    finally:
        mine.remove(key)


def test_bytes_keys_interoperate(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    """A record written under a bytes key by any client is found under that key by the others."""
    for i, writer in enumerate(("ours", "official", "contract")):
        key = (NS, set_name, b"bk-%d" % i)
        if writer == "ours":
            mine.put(key, {"w": writer}, policy={"key": aerospike_py.POLICY_KEY_SEND})
        elif writer == "official":
            official.put(key, {"w": writer}, policy={"key": aerospike.POLICY_KEY_SEND})
        else:
            contract.run([cl("put", key, {"w": writer}, policy={"key": aerospike_py.POLICY_KEY_SEND})])
        try:
            assert mine.get(key).bins == {"w": writer}, writer
            assert official.get(key)[2] == {"w": writer}, writer
            [theirs] = contract.run([cl("get", key)])
            assert dict(theirs[2])["bins"] == describe({"w": writer}), writer
        finally:
            official.remove(key)


def test_geojson_values(contract: Any, mine: Any, official: Any, set_name: str) -> None:
    """A GeoJSON bin reads as aerospike_py.GeoJSON here (the official client: its GeoJSON object);
    0.14.4 returns the JSON text as a str."""
    key = (NS, set_name, "geo")
    point = {"type": "Point", "coordinates": [-122.0, 37.5]}
    official.put(key, {"g": aerospike.GeoJSON(point)})
    try:
        value = mine.get(key).bins["g"]
        assert isinstance(value, aerospike_py.GeoJSON) and value.to_dict() == point
        mine.put(key, {"h": value})
        assert official.get(key)[2]["h"].unwrap() == point
        [theirs] = contract.run([cl("get", key)])
        text = dict(dict(theirs[2])["bins"][1])[("str", "h")]
        assert text[0] == "str" and aerospike_py.GeoJSON(text[1]) == value
    finally:
        mine.remove(key)
