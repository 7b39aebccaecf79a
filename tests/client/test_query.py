"""Queries and scans of the sync client, secondary indexes and truncate."""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py import predicates as p
from aerospike_py.types import Record

NS = "test"
COUNT = 40


@pytest.fixture
def filled(client: aerospike_py.Client, set_name: str) -> str:
    """COUNT records in this test's set: n (int), s (str), tags (list), b (bytes)."""
    client.batch_write([
        ((NS, set_name, i), {"n": i, "s": f"s{i % 4}", "tags": [f"t{i % 3}", "all"], "b": bytes([i % 2])})
        for i in range(COUNT)
    ])
    return set_name


@pytest.fixture
def indexed(client: aerospike_py.Client, filled: str) -> Iterator[str]:
    names = [f"{filled}_{suffix}" for suffix in ("n", "s", "tags")]
    client.index_integer_create(NS, filled, "n", names[0])
    client.index_string_create(NS, filled, "s", names[1])
    client.index_string_create(NS, filled, "tags", names[2])
    yield filled
    for name in names:
        client.index_remove(NS, name)


def _ns(records: list[Record]) -> list[int]:
    return sorted(r.bins["n"] for r in records)


def test_scan_returns_every_record(client: aerospike_py.Client, filled: str) -> None:
    records = client.query(NS, filled).results()
    assert _ns(records) == list(range(COUNT))
    first = records[0]
    assert isinstance(first, Record) and first.key.namespace == NS and first.key.set_name == filled
    assert len(first.key.digest) == 20 and first.meta.gen == 1
    assert first.key.user_key is None  # not stored: POLICY_KEY_DIGEST


def test_scan_digests_match_the_keys(client: aerospike_py.Client, filled: str) -> None:
    by_n = {r.bins["n"]: r.key.digest for r in client.query(NS, filled).results()}
    assert by_n[7] == client.get((NS, filled, 7)).key.digest


def test_select_and_without_bin_data(client: aerospike_py.Client, filled: str) -> None:
    query = client.query(NS, filled)
    query.select("n")
    assert all(set(r.bins) == {"n"} for r in query.results())
    headers = client.query(NS, filled).results({"include_bin_data": False})
    assert len(headers) == COUNT and all(not r.bins for r in headers)


def test_max_records_and_partition_filter(client: aerospike_py.Client, filled: str) -> None:
    assert len(client.query(NS, filled).results({"max_records": 5})) <= 5
    everything = client.query(NS, filled).results({"partition_filter": aerospike_py.partition_filter_all()})
    assert len(everything) == COUNT
    halves = [
        client.query(NS, filled).results({"partition_filter": aerospike_py.partition_filter_by_range(0, 2048)}),
        client.query(NS, filled).results({"partition_filter": aerospike_py.partition_filter_by_range(2048, 2048)}),
    ]
    assert _ns(halves[0] + halves[1]) == list(range(COUNT))
    assert client.query(NS, filled).results({"partition_filter": aerospike_py.partition_filter_by_range(0, 0)}) == []


def test_partition_filter_ranges_are_checked() -> None:
    with pytest.raises(ValueError):
        aerospike_py.partition_filter_by_range(4000, 200)
    with pytest.raises(ValueError):
        aerospike_py.partition_filter_by_id(4096)
    assert aerospike_py.partition_filter_by_id(5).count == 1


def test_where_between_equals_contains(client: aerospike_py.Client, indexed: str) -> None:
    query = client.query(NS, indexed)
    query.where(p.between("n", 10, 14))
    assert _ns(query.results()) == [10, 11, 12, 13, 14]
    query = client.query(NS, indexed)
    query.where(p.equals("n", 3))
    assert _ns(query.results()) == [3]
    query = client.query(NS, indexed)
    query.where(p.equals("s", "s1"))
    assert _ns(query.results()) == [i for i in range(COUNT) if i % 4 == 1]


def test_where_contains_on_list_and_map_indexes(client: aerospike_py.Client, filled: str) -> None:
    names = (f"{filled}_tl", f"{filled}_mk")
    client.index_create(NS, filled, "tags", names[0], aerospike_py.INDEX_STRING, aerospike_py.INDEX_TYPE_LIST)
    client.put((NS, filled, "m"), {"n": -1, "m": {"k1": 1, "k2": 2}})
    client.index_create(NS, filled, "m", names[1], aerospike_py.INDEX_STRING, aerospike_py.INDEX_TYPE_MAPKEYS)
    try:
        query = client.query(NS, filled)
        query.where(p.contains("tags", aerospike_py.INDEX_TYPE_LIST, "t1"))
        assert _ns(query.results()) == [i for i in range(COUNT) if i % 3 == 1]
        query = client.query(NS, filled)
        query.where(p.contains("m", aerospike_py.INDEX_TYPE_MAPKEYS, "k2"))
        assert _ns(query.results()) == [-1]
    finally:
        for name in names:
            client.index_remove(NS, name)


def test_query_without_an_index_fails(client: aerospike_py.Client, filled: str) -> None:
    query = client.query(NS, filled)
    query.where(p.equals("unindexed", 1))
    with pytest.raises(exc.AerospikeError) as info:
        query.results()
    assert info.value.code == 201  # AEROSPIKE_ERR_INDEX_NOT_FOUND


def test_foreach_streams_and_stops_early(client: aerospike_py.Client, filled: str) -> None:
    seen: list[Record] = []
    client.query(NS, filled).foreach(lambda r: seen.append(r) or len(seen) < 5)
    assert len(seen) == 5
    seen.clear()
    client.query(NS, filled).foreach(seen.append)
    assert len(seen) == COUNT


def test_foreach_callback_can_use_the_client(client: aerospike_py.Client, filled: str) -> None:
    totals: list[int] = []

    def lookup(record: Record) -> None:
        again = client.get((NS, filled, record.bins["n"]))  # re-enters the client mid-query
        totals.append(again.bins["n"])

    client.query(NS, filled).foreach(lookup)
    assert sorted(totals) == list(range(COUNT))


def test_foreach_callback_exception_propagates_and_stops(client: aerospike_py.Client, filled: str) -> None:
    def boom(record: Record) -> None:
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        client.query(NS, filled).foreach(boom)
    assert len(client.query(NS, filled).results()) == COUNT  # the client is still fine


def test_iteration_with_a_small_record_queue(client: aerospike_py.Client, filled: str) -> None:
    query = client.query(NS, filled)
    assert _ns(list(query.records({"record_queue_size": 2}))) == list(range(COUNT))
    for n, _ in enumerate(query):
        if n == 3:
            break  # leaving the loop cancels the query
    assert not [t for t in threading.enumerate() if t.name == "aerospike_py query"]  # stopped and joined
    assert len(query.results()) == COUNT


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda q: q.where(("equals", "n")), "a predicate is a tuple"),
        (lambda q: q.where(p.equals("n", 1.5)), "equals value must be int, str or bytes"),
        (lambda q: q.where(p.between("n", "a", 2)), "between min"),
        (lambda q: q.where(p.contains("n", 9, 1)), "index_type"),
        (lambda q: q.where(p.equals("x" * 16, 1)), "bin name"),
        (lambda q: q.where("n = 1"), "predicate"),
        (lambda q: q.select("ok", 3), "bin name"),
        (lambda q: q.results({"max_records": -1}), "max_records"),
        (lambda q: q.results({"partition_filter": (0, 1)}), "partition_filter"),
        (lambda q: q.results({"record_queue_size": 0}), "record_queue_size"),
        (lambda q: q.results({"nonsense": 1}), "nonsense"),
        (lambda q: q.results("fast"), "query policy must be a dict"),
    ],
)
def test_bad_query_arguments_name_the_problem(client: aerospike_py.Client, set_name: str, build: Any,
                                              message: str) -> None:
    with pytest.raises(exc.InvalidArgError) as info:
        build(client.query(NS, set_name))
    assert message in str(info.value)


def test_bad_index_arguments(client: aerospike_py.Client, set_name: str) -> None:
    with pytest.raises(exc.InvalidArgError, match="index data type"):
        client.index_create(NS, set_name, "n", "i", 9)
    with pytest.raises(exc.InvalidArgError, match="index type"):
        client.index_create(NS, set_name, "n", "i", aerospike_py.INDEX_STRING, 7)
    with pytest.raises(exc.InvalidArgError, match="index name"):
        client.index_integer_create(NS, set_name, "n", "")
    with pytest.raises(exc.InvalidArgError, match="namespace"):
        client.index_remove(3, "x")  # type: ignore[arg-type]


def test_truncate_empties_the_set(client: aerospike_py.Client, filled: str) -> None:
    # Truncate removes records updated strictly before its cut-off, in whole
    # milliseconds: one written in the truncate's own millisecond survives.
    time.sleep(0.003)
    client.truncate(NS, filled)
    assert client.query(NS, filled).results() == []
    with pytest.raises(exc.InvalidArgError, match="nanos"):
        client.truncate(NS, filled, nanos=-1)


def test_geo_queries(client: aerospike_py.Client, set_name: str) -> None:
    points = {"in": (-122.0, 37.5), "near": (-122.001, 37.501), "far": (10.0, 50.0)}
    for name, (lng, lat) in points.items():
        client.put((NS, set_name, name), {"name": name, "loc": aerospike_py.GeoJSON({"type": "Point",
                                                                                   "coordinates": [lng, lat]})})
    index = f"{set_name}_geo"
    client.index_geo2dsphere_create(NS, set_name, "loc", index)
    try:
        region = {"type": "Polygon", "coordinates": [[[-123, 37], [-121, 37], [-121, 38], [-123, 38], [-123, 37]]]}
        query = client.query(NS, set_name)
        query.where(p.geo_within_geojson_region("loc", aerospike_py.GeoJSON(region)))
        assert sorted(r.bins["name"] for r in query.results()) == ["in", "near"]
        query = client.query(NS, set_name)
        query.where(p.geo_within_radius("loc", 37.5, -122.0, 500.0))
        assert sorted(r.bins["name"] for r in query.results()) == ["in", "near"]
    finally:
        client.index_remove(NS, index)
