"""Property tests: every value the server can store comes back exactly, through every write path.

Generated values cover the whole int64 range, floats with infinities and NaN, any
Unicode text, bytes, and nested lists and maps keyed by int, str and bytes.
"""

from __future__ import annotations

import math
import uuid
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aerospike_py

NS = "test"

int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
floats = st.floats(allow_nan=True, allow_infinity=True)
text = st.text(max_size=40)
# libaerospike reads a str nested in a list or map only up to a NUL, so the client refuses those
# (test_nul_inside_nested_str_is_refused); top-level str bins keep every character.
nested_text = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=40)
blobs = st.binary(max_size=40)
nested_scalars = st.one_of(st.booleans(), int64, floats, nested_text, blobs)
map_keys = st.one_of(int64, nested_text, blobs)
containers = st.recursive(
    st.one_of(st.lists(nested_scalars, max_size=5), st.dictionaries(map_keys, nested_scalars, max_size=5)),
    lambda inner: st.one_of(
        st.lists(st.one_of(nested_scalars, inner), max_size=5),
        st.dictionaries(map_keys, st.one_of(nested_scalars, inner), max_size=5),
    ),
    max_leaves=20,
)
values = st.one_of(st.booleans(), int64, floats, text, blobs, containers)
bin_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=14)
bins_strategy = st.dictionaries(bin_names, values, min_size=1, max_size=4)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def same(a: Any, b: Any) -> bool:
    """Exact equality, with NaN equal to NaN, and bool kept apart from int."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def fresh_key() -> tuple:
    return (NS, "prop", uuid.uuid4().hex)


@SETTINGS
@given(bins=bins_strategy)
def test_put_get_round_trip(client: aerospike_py.Client, bins: dict[str, Any]) -> None:
    key = fresh_key()
    client.put(key, bins)
    got = client.get(key).bins
    assert same(got, bins), (got, bins)
    client.remove(key)


@SETTINGS
@given(bins=bins_strategy)
def test_batch_write_read_round_trip(client: aerospike_py.Client, bins: dict[str, Any]) -> None:
    keys = [fresh_key(), fresh_key()]
    result = client.batch_write([(k, bins) for k in keys])
    assert [r.result for r in result.batch_records] == [0, 0]
    rows = client.batch_read(keys).batch_records
    for row in rows:
        assert row.record is not None and same(row.record.bins, bins)
    client.batch_remove(keys)


@SETTINGS
@given(bins=bins_strategy)
def test_operate_write_read_round_trip(client: aerospike_py.Client, bins: dict[str, Any]) -> None:
    key = fresh_key()
    ops = [{"op": aerospike_py.OPERATOR_WRITE, "bin": name, "val": value} for name, value in bins.items()]
    ops += [{"op": aerospike_py.OPERATOR_READ, "bin": name, "val": None} for name in bins]
    record = client.operate(key, ops)
    assert same(record.bins, bins)
    client.remove(key)


@SETTINGS
@given(pk=st.one_of(int64, st.text(min_size=1, max_size=40), st.binary(min_size=1, max_size=40)), value=values)
def test_any_primary_key_addresses_one_record(client: aerospike_py.Client, pk: Any, value: Any) -> None:
    key = (NS, "prop-" + uuid.uuid4().hex[:8], pk)
    client.put(key, {"v": value})
    assert same(client.get(key).bins, {"v": value})
    assert client.exists(key).meta is not None
    client.remove(key)
    assert client.exists(key).meta is None


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
async def test_async_round_trip_of_generated_values(config: dict[str, Any], anyio_backend: str) -> None:
    samples: list[dict[str, Any]] = []

    @SETTINGS
    @given(bins=bins_strategy)
    def collect(bins: dict[str, Any]) -> None:
        samples.append(bins)

    collect()
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for bins in samples:
            key = fresh_key()
            await client.put(key, bins)
            got = (await client.get(key)).bins
            assert same(got, bins), (got, bins)
            await client.remove(key)


@pytest.mark.parametrize("value", [["a\x00b"], {"k\x00": 1}, {"k": ["\x00"]}], ids=["list", "map-key", "deep"])
def test_nul_inside_nested_str_is_refused(client: aerospike_py.Client, value: Any) -> None:
    key = fresh_key()
    with pytest.raises(aerospike_py.exception.InvalidArgError, match="bin 'v': a str inside a list or map"):
        client.put(key, {"v": value})
    with pytest.raises(aerospike_py.exception.InvalidArgError, match="must not contain NUL"):
        client.operate(key, [{"op": aerospike_py.OPERATOR_WRITE, "bin": "v", "val": value}])
    assert client.exists(key).meta is None
    client.put(key, {"v": "top\x00level"})
    assert client.get(key).bins == {"v": "top\x00level"}


# Lua keeps floats and integers apart (5.4), but integral floats are avoided so the
# test holds on any server build's Lua; NaN and the infinities pass through as they are.
lua_floats = st.floats(allow_nan=True, allow_infinity=True).filter(lambda f: not f.is_integer())
lua_scalars = st.one_of(st.booleans(), int64, lua_floats, nested_text, blobs)
lua_values = st.recursive(
    lua_scalars,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=5),
        st.dictionaries(st.one_of(int64, nested_text), inner, min_size=1, max_size=5),
    ),
    max_leaves=15,
)


@SETTINGS
@given(value=lua_values)
def test_udf_arguments_and_results_round_trip(client: aerospike_py.Client, udf_module: str, value: Any) -> None:
    key = fresh_key()
    client.put(key, {"a": 1})
    got = client.apply(key, udf_module, "echo", [value])
    assert same(got, value), (got, value)
    client.remove(key)


def test_nul_in_a_str_given_to_a_list_or_map_operation_is_refused(client: aerospike_py.Client) -> None:
    from aerospike_py import list_operations, map_operations

    key = fresh_key()
    client.put(key, {"l": ["kept"], "m": {"k": "kept"}})
    for op in (list_operations.list_append("l", "a\x00b"), list_operations.list_append_items("l", ["x\x00"]),
               map_operations.map_put("m", "k\x00", 1), map_operations.map_put("m", "k", "v\x00")):
        with pytest.raises(aerospike_py.exception.InvalidArgError, match="must not contain NUL"):
            client.operate(key, [op])
    assert client.get(key).bins == {"l": ["kept"], "m": {"k": "kept"}}
