"""Property tests: generated list and map operations give the same value and
leave the same record through this client as through the official client's
helpers (same server, same wire format)."""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aerospike_py as A
from aerospike_py import list_operations as lo
from aerospike_py import map_operations as mo

hl = pytest.importorskip("aerospike_helpers.operations.list_operations")
hm = pytest.importorskip("aerospike_helpers.operations.map_operations")

NS = "test"
INV = 0x10000
SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

small = st.one_of(st.integers(-5, 5), st.sampled_from(["a", "b", "c", "zz"]))
lists = st.lists(small, max_size=8)
maps = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(-5, 5), max_size=6)
index = st.integers(-9, 9)
count = st.integers(0, 9)
list_rt = st.sampled_from([A.LIST_RETURN_NONE, A.LIST_RETURN_INDEX, A.LIST_RETURN_REVERSE_INDEX, A.LIST_RETURN_RANK,
                           A.LIST_RETURN_REVERSE_RANK, A.LIST_RETURN_COUNT, A.LIST_RETURN_VALUE])
map_rt = st.sampled_from([A.MAP_RETURN_NONE, A.MAP_RETURN_INDEX, A.MAP_RETURN_REVERSE_INDEX, A.MAP_RETURN_RANK,
                          A.MAP_RETURN_REVERSE_RANK, A.MAP_RETURN_COUNT, A.MAP_RETURN_KEY, A.MAP_RETURN_VALUE,
                          A.MAP_RETURN_KEY_VALUE])
inverted = st.booleans()


@st.composite
def list_ops(draw: Callable[..., Any]) -> tuple[Any, Any]:
    kind = draw(st.sampled_from(["by_index_range", "by_rank_range", "by_value", "by_value_list", "by_value_range",
                                 "get_range", "pop_range", "trim", "insert", "by_index"]))
    get = draw(st.booleans())
    rt, inv = draw(list_rt), draw(inverted)
    i, n = draw(index), draw(count)
    if kind == "by_index_range":
        ours = (lo.list_get_by_index_range if get else lo.list_remove_by_index_range)("l", i, rt | (INV if inv else 0), n)
        theirs = (hl.list_get_by_index_range if get else hl.list_remove_by_index_range)("l", i, rt, n, inv)
    elif kind == "by_rank_range":
        ours = (lo.list_get_by_rank_range if get else lo.list_remove_by_rank_range)("l", i, rt | (INV if inv else 0), n)
        theirs = (hl.list_get_by_rank_range if get else hl.list_remove_by_rank_range)("l", i, rt, n, inv)
    elif kind == "by_value":
        v = draw(small)
        ours = (lo.list_get_by_value if get else lo.list_remove_by_value)("l", v, rt | (INV if inv else 0))
        theirs = (hl.list_get_by_value if get else hl.list_remove_by_value)("l", v, rt, inv)
    elif kind == "by_value_list":
        vs = draw(st.lists(small, max_size=3))
        ours = (lo.list_get_by_value_list if get else lo.list_remove_by_value_list)("l", vs, rt | (INV if inv else 0))
        theirs = (hl.list_get_by_value_list if get else hl.list_remove_by_value_list)("l", vs, rt, inv)
    elif kind == "by_value_range":
        lo_v, hi_v = draw(st.integers(-5, 5)), draw(st.one_of(st.none(), st.integers(-5, 6)))
        ours = (lo.list_get_by_value_range if get else lo.list_remove_by_value_range)(
            "l", lo_v, hi_v, rt | (INV if inv else 0))
        theirs = (hl.list_get_by_value_range if get else hl.list_remove_by_value_range)("l", rt, lo_v, hi_v, inv)
    elif kind == "by_index":
        ours = (lo.list_get_by_index if get else lo.list_remove_by_index)("l", i, rt)
        theirs = (hl.list_get_by_index if get else hl.list_remove_by_index)("l", i, rt)
    elif kind == "get_range":
        ours, theirs = lo.list_get_range("l", i, n), hl.list_get_range("l", i, n)
    elif kind == "pop_range":
        ours, theirs = lo.list_pop_range("l", i, n), hl.list_pop_range("l", i, n)
    elif kind == "trim":
        ours, theirs = lo.list_trim("l", i, n), hl.list_trim("l", i, n)
    else:
        v = draw(small)
        ours, theirs = lo.list_insert("l", i, v), hl.list_insert("l", i, v)
    return ours, theirs


@st.composite
def map_ops(draw: Callable[..., Any]) -> tuple[Any, Any]:
    kind = draw(st.sampled_from(["by_key_range", "by_value_range", "by_index_range", "by_rank_range", "by_key_list",
                                 "by_value", "by_key", "by_rank"]))
    get = draw(st.booleans())
    rt, inv = draw(map_rt), draw(inverted)
    i, n = draw(index), draw(count)
    flag = rt | (INV if inv else 0)
    if kind == "by_key_range":
        b, e = draw(st.sampled_from(["a", "b", "c"])), draw(st.one_of(st.none(), st.sampled_from(["c", "e", "g"])))
        ours = (mo.map_get_by_key_range if get else mo.map_remove_by_key_range)("m", b, e, flag)
        theirs = (hm.map_get_by_key_range if get else hm.map_remove_by_key_range)("m", b, e, rt, inv)
    elif kind == "by_value_range":
        b, e = draw(st.integers(-5, 5)), draw(st.one_of(st.none(), st.integers(-5, 6)))
        ours = (mo.map_get_by_value_range if get else mo.map_remove_by_value_range)("m", b, e, flag)
        theirs = (hm.map_get_by_value_range if get else hm.map_remove_by_value_range)("m", b, e, rt, inv)
    elif kind == "by_index_range":
        ours = (mo.map_get_by_index_range if get else mo.map_remove_by_index_range)("m", i, flag, n)
        theirs = (hm.map_get_by_index_range if get else hm.map_remove_by_index_range)("m", i, n, rt, inv)
    elif kind == "by_rank_range":
        ours = (mo.map_get_by_rank_range if get else mo.map_remove_by_rank_range)("m", i, flag, n)
        theirs = (hm.map_get_by_rank_range if get else hm.map_remove_by_rank_range)("m", i, n, rt, inv)
    elif kind == "by_key_list":
        ks = draw(st.lists(st.sampled_from(["a", "c", "e", "q"]), max_size=3))
        ours = (mo.map_get_by_key_list if get else mo.map_remove_by_key_list)("m", ks, flag)
        theirs = (hm.map_get_by_key_list if get else hm.map_remove_by_key_list)("m", ks, rt, inv)
    elif kind == "by_value":
        v = draw(st.integers(-5, 5))
        ours = (mo.map_get_by_value if get else mo.map_remove_by_value)("m", v, flag)
        theirs = (hm.map_get_by_value if get else hm.map_remove_by_value)("m", v, rt, inv)
    elif kind == "by_key":
        k = draw(st.sampled_from(["a", "b", "q"]))
        ours = (mo.map_get_by_key if get else mo.map_remove_by_key)("m", k, rt)
        theirs = (hm.map_get_by_key if get else hm.map_remove_by_key)("m", k, rt)
    else:
        ours = (mo.map_get_by_rank if get else mo.map_remove_by_rank)("m", i, rt)
        theirs = (hm.map_get_by_rank if get else hm.map_remove_by_rank)("m", i, rt)
    return ours, theirs


@pytest.fixture(scope="module")
def official(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    """The official ``aerospike`` client on the same cluster."""
    aerospike = pytest.importorskip("aerospike")
    c = aerospike.client({"hosts": list(aerospike_config["hosts"])}).connect()
    try:
        yield c
    finally:
        c.close()


def _flat(value: Any) -> Any:
    """The official client gives KEY_VALUE results as (k, v) pairs; compare the flat form."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return [x for pair in value for x in pair]
    return value


def _run_both(client: Any, official: Any, set_name: str, bins: dict[str, Any], ours: Any, theirs: Any) -> None:
    mine, ref = (NS, set_name, uuid.uuid4().hex), (NS, set_name, uuid.uuid4().hex)
    client.put(mine, bins)
    client.put(ref, bins)
    try:
        got: Any = client.operate(mine, [ours]).bins
    except A.exception.AerospikeError as exc:
        got = ("error", exc.code)
    try:
        expected: Any = {k: _flat(v) for k, v in (official.operate(ref, [theirs])[2] or {}).items() if v is not None}
    except Exception as exc:  # noqa: BLE001 - the official client's own exception classes
        expected = ("error", getattr(exc, "code", None))
    if isinstance(got, dict):
        got = {k: _flat(v) for k, v in got.items()}
    assert got == expected
    assert client.get(mine).bins == client.get(ref).bins


@SETTINGS
@given(lst=lists, op=list_ops())
def test_list_operations_match_official(client: Any, official: Any, set_name: str, lst: list[Any],
                                        op: tuple[Any, Any]) -> None:
    _run_both(client, official, set_name, {"l": lst, "pad": 0}, *op)


@SETTINGS
@given(m=maps, op=map_ops())
def test_map_operations_match_official(client: Any, official: Any, set_name: str, m: dict[str, int],
                                       op: tuple[Any, Any]) -> None:
    _run_both(client, official, set_name, {"m": m, "pad": 0}, *op)
