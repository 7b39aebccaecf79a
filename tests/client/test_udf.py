"""Record UDFs, batch UDFs, UDF modules and background jobs with the sync client.

The UDFs live in tests/udf_source.lua (the session's ``udf_module``); the
embedded server runs them in Lua like a real server does.
"""

from __future__ import annotations

import pathlib
import time
import uuid
from typing import Any, Callable

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py import predicates as p

NS = "test"

VALUES = [
    0, -7, 2**63 - 1, -(2**63), 1.5, -0.25, "", "text", "ünïcode", b"", b"\x00\xffbytes",
    [], [1, "two", 3.0, None, b"x", [True]], {}, {"a": 1, "b": [1, 2], 3: {"x": None}},
    None, True, False,
    aerospike_py.GeoJSON({"type": "Point", "coordinates": [-122.5, 37.5]}),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_arguments_and_results_round_trip(client: aerospike_py.Client, key: tuple, udf_module: str,
                                          value: Any) -> None:
    client.put(key, {"a": 1})
    result = client.apply(key, udf_module, "echo", [value])
    assert result == value
    assert type(result) is type(value)


def test_apply_computes_and_writes(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    assert client.apply(key, udf_module, "add", [2, 40]) == 42
    assert client.apply(key, udf_module, "add", [0.5, 1]) == 1.5
    # A missing record is created by aerospike:create.
    assert client.apply(key, udf_module, "write_bin", ["b", [1, 2]]) == "b"
    record = client.get(key)
    assert record.bins == {"b": [1, 2]}
    assert record.meta.gen == 1
    assert client.apply(key, udf_module, "incr", ["n", 5]) == 5
    assert client.apply(key, udf_module, "incr", ["n", 5]) == 10
    record = client.get(key)
    assert record.bins == {"b": [1, 2], "n": 10}
    assert record.meta.gen == 3


def test_apply_without_args(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1, "y": "z"})
    assert client.apply(key, udf_module, "names") == ["x", "y"]
    assert client.apply(key, udf_module, "names", []) == ["x", "y"]


def test_record_api(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1, "y": "z"})
    client.put(key, {"x": 2})
    meta = client.apply(key, udf_module, "meta")
    assert meta["gen"] == 2
    assert meta["set"] == key[1]
    assert meta["numbins"] == 2
    assert meta["digest"] == client.exists(key).key.digest
    assert client.apply(key, udf_module, "read_bin", ["y"]) == "z"
    assert client.apply(key, udf_module, "read_bin", ["nope"]) is None
    assert client.apply(key, udf_module, "exists") is True
    assert client.apply(key, udf_module, "drop_bin", ["y"]) == 1
    assert client.get(key).bins == {"x": 2}


def test_changes_without_update_are_not_written(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    assert client.apply(key, udf_module, "change_without_update", ["x", 99]) == 1
    record = client.get(key)
    assert record.bins == {"x": 1}
    assert record.meta.gen == 1


def test_remove_and_exists(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    assert client.apply(key, udf_module, "exists") is False
    assert client.apply(key, udf_module, "remove_record") is False
    client.put(key, {"x": 1})
    assert client.apply(key, udf_module, "remove_record") is True
    assert client.exists(key).meta is None


def test_removing_the_last_bin_removes_the_record(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    assert client.apply(key, udf_module, "drop_bin", ["x"]) == 0
    assert client.exists(key).meta is None


def test_set_ttl(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.apply(key, udf_module, "set_ttl", [5000])
    assert 4900 < client.get(key).meta.ttl <= 5000


def test_list_map_and_bytes_modules(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    assert client.apply(key, udf_module, "lists") == [5, 10, 1, [0, 1], [3, 4]]
    assert client.apply(key, udf_module, "maps") == [2, 3, 1, True]
    assert client.apply(key, udf_module, "make_bytes") == b"ABC"
    assert client.apply(key, udf_module, "append_to_list_bin", ["l", "a"]) == 1
    assert client.apply(key, udf_module, "append_to_list_bin", ["l", {"k": 1}]) == 2
    assert client.get(key).bins == {"x": 1, "l": ["a", {"k": 1}]}
    assert client.apply(key, udf_module, "logs") == 1


def test_lua_error_raises_udf_error_with_message(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    with pytest.raises(exc.UDFError) as info:
        client.apply(key, udf_module, "fail", ["custom failure text"])
    assert info.value.code == 100
    assert "custom failure text" in info.value.msg
    assert client.get(key).bins == {"x": 1}


def test_write_before_a_lua_error_is_kept(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    with pytest.raises(exc.UDFError) as info:
        client.apply(key, udf_module, "write_then_fail", ["x", 2])
    assert "failed after update" in info.value.msg
    assert client.get(key).bins == {"x": 2}


def test_missing_function_and_module(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    client.put(key, {"x": 1})
    with pytest.raises(exc.UDFError) as info:
        client.apply(key, udf_module, "no_such_function")
    assert info.value.code == 100
    with pytest.raises(exc.UDFError) as info:
        client.apply(key, "no_such_module_" + uuid.uuid4().hex[:8], "echo", [1])
    assert info.value.code == 100
    assert client.get(key).bins == {"x": 1}


@pytest.mark.parametrize("args", [
    ("", "echo", None), ("mod", "", None), (1, "echo", None), ("mod", None, None), ("mod", "echo", "notalist"),
    ("mod", "echo", [object()]),
])
def test_apply_bad_arguments(client: aerospike_py.Client, key: tuple, args: tuple) -> None:
    with pytest.raises(exc.InvalidArgError):
        client.apply(key, *args)


def test_apply_policy(client: aerospike_py.Client, key: tuple, udf_module: str) -> None:
    assert client.apply(key, udf_module, "write_bin", ["b", 1], policy={"key": aerospike_py.POLICY_KEY_SEND,
                                                                      "total_timeout": 2000}) == "b"
    assert client.get(key).key.user_key == key[2]
    with pytest.raises(exc.InvalidArgError, match="nonsense"):
        client.apply(key, udf_module, "echo", [1], policy={"nonsense": 1})


# -- batch_apply --------------------------------------------------------------


def test_batch_apply(client: aerospike_py.Client, make_key: Callable[..., tuple], udf_module: str) -> None:
    keys = [make_key(i) for i in range(5)]
    client.put(keys[0], {"n": 1})
    result = client.batch_apply(keys, udf_module, "incr", ["n", 10])
    assert [r.result for r in result.batch_records] == [0] * 5
    assert [r.record.bins for r in result.batch_records] == [{"SUCCESS": 11}] + [{"SUCCESS": 10}] * 4
    assert [r.key.user_key for r in result.batch_records] == list(range(5))
    assert client.batch_read(keys).to_list() == [{"n": 11}] + [{"n": 10}] * 4


def test_batch_apply_per_record_meta(client: aerospike_py.Client, make_key: Callable[..., tuple],
                                     udf_module: str) -> None:
    keys = [make_key(i) for i in range(4)]
    result = client.batch_apply(
        [keys[0],
         (keys[1], {"args": ["n", 5]}),
         (keys[2], {"function": "fail", "args": ["record two failed"]}),
         (keys[3], {"function": "echo", "args": [[1, {"a": b"b"}]]})],
        udf_module, "incr", args=["n", 1])
    records = result.batch_records
    assert [r.result for r in records] == [0, 0, 100, 0]
    assert records[0].record.bins == {"SUCCESS": 1}
    assert records[1].record.bins == {"SUCCESS": 5}
    assert "record two failed" in records[2].record.bins["FAILURE"]
    assert records[3].record.bins == {"SUCCESS": [1, {"a": b"b"}]}
    assert client.batch_read(keys, bins=["n"]).to_list() == [{"n": 1}, {"n": 5}, None, None]


def test_batch_apply_policy_fields(client: aerospike_py.Client, make_key: Callable[..., tuple],
                                   udf_module: str) -> None:
    keys = [make_key(i) for i in range(3)]
    result = client.batch_apply(keys, udf_module, "tag", ["x"],
                                policy={"key": aerospike_py.POLICY_KEY_SEND, "total_timeout": 5000})
    assert all(r.result == 0 for r in result.batch_records)
    got = client.batch_read(keys).batch_records
    assert [r.record.key.user_key for r in got] == [0, 1, 2]
    with pytest.raises(exc.InvalidArgError, match="nonsense"):
        client.batch_apply(keys, udf_module, "tag", ["x"], policy={"nonsense": 1})
    with pytest.raises(exc.InvalidArgError, match="unknown meta"):
        client.batch_apply([(keys[0], {"modul": "x"})], udf_module, "tag", ["x"])
    with pytest.raises(TypeError):
        client.batch_apply(keys, udf_module, "tag", ["x"], retry=1)  # type: ignore[call-arg]


# -- modules --------------------------------------------------------------------


def test_udf_put_list_get_remove(client: aerospike_py.Client, tmp_path: pathlib.Path) -> None:
    name = "aspy_m" + uuid.uuid4().hex[:8]
    source = "function hello(rec, who)\n  return 'hello ' .. who\nend\n"
    path = tmp_path / f"{name}.lua"
    path.write_text(source)
    client.udf_put(str(path))
    try:
        listed = {m["name"]: m for m in client.udf_list()}
        assert f"{name}.lua" in listed
        assert listed[f"{name}.lua"]["type"] == aerospike_py.UDF_TYPE_LUA
        assert len(listed[f"{name}.lua"]["hash"]) == 40
        assert client.udf_get(name) == source
        assert client.udf_get(f"{name}.lua") == source
        # Usable at once on every node.
        key = (NS, "udf", uuid.uuid4().hex)
        assert client.apply(key, name, "hello", ["you"]) == "hello you"
        # A new version replaces the old one.
        path.write_text(source.replace("hello ", "bye "))
        client.udf_put(str(path))
        assert client.apply(key, name, "hello", ["you"]) == "bye you"
    finally:
        client.udf_remove(name)
    assert f"{name}.lua" not in {m["name"] for m in client.udf_list()}
    with pytest.raises(exc.UDFError):
        client.apply((NS, "udf", "k"), name, "hello", ["you"])


def test_udf_put_compile_error(client: aerospike_py.Client, tmp_path: pathlib.Path) -> None:
    name = "aspy_bad" + uuid.uuid4().hex[:8]
    path = tmp_path / f"{name}.lua"
    path.write_text("function broken(rec\n  return 1\n")
    with pytest.raises(exc.UDFError, match="compile_error"):
        client.udf_put(str(path))
    assert f"{name}.lua" not in {m["name"] for m in client.udf_list()}


def test_udf_bad_arguments(client: aerospike_py.Client, tmp_path: pathlib.Path) -> None:
    with pytest.raises(exc.InvalidArgError, match="cannot read"):
        client.udf_put(str(tmp_path / "missing.lua"))
    path = tmp_path / "x.lua"
    path.write_text("function f(rec) return 1 end\n")
    with pytest.raises(exc.InvalidArgError, match="udf_type"):
        client.udf_put(str(path), 1)
    with pytest.raises(exc.InvalidArgError):
        client.udf_put(None)  # type: ignore[arg-type]
    with pytest.raises(exc.InvalidArgError):
        client.udf_remove("")
    with pytest.raises(exc.InvalidArgError):
        client.udf_get(5)  # type: ignore[arg-type]


# -- background jobs -------------------------------------------------------------------


def _wait_job(client: aerospike_py.Client, job_id: int) -> dict[str, int]:
    deadline = time.monotonic() + 20
    while True:
        info = client.job_info(job_id, aerospike_py.JOB_QUERY)
        if info["status"] == aerospike_py.JOB_STATUS_COMPLETED or time.monotonic() > deadline:
            return info
        time.sleep(0.05)


def test_background_udf_job(client: aerospike_py.Client, set_name: str, udf_module: str) -> None:
    keys = [(NS, set_name, i) for i in range(20)]
    client.batch_write([(k, {"n": i}) for i, k in enumerate(keys)])
    query = client.query(NS, set_name)
    query.apply(udf_module, "tag", ["done"])
    job_id = query.execute_background()
    assert type(job_id) is int and job_id > 0
    info = _wait_job(client, job_id)
    assert info["status"] == aerospike_py.JOB_STATUS_COMPLETED
    assert set(info) == {"status", "progress_pct", "records_read"}
    assert info["progress_pct"] == 100
    assert info["records_read"] == 20
    assert [r["tag"] for r in client.batch_read(keys).to_list()] == ["done"] * 20


def test_background_ops_job_with_predicate(client: aerospike_py.Client, set_name: str) -> None:
    index = "i" + uuid.uuid4().hex[:10]
    client.index_integer_create(NS, set_name, "n", index)
    try:
        keys = [(NS, set_name, i) for i in range(10)]
        client.batch_write([(k, {"n": i}) for i, k in enumerate(keys)])
        query = client.query(NS, set_name)
        query.where(p.between("n", 3, 5))
        job_id = query.execute_background([{"op": aerospike_py.OPERATOR_WRITE, "bin": "hit", "val": 1}])
        assert _wait_job(client, job_id)["status"] == aerospike_py.JOB_STATUS_COMPLETED
        hits = [r.get("hit") for r in client.batch_read(keys).to_list()]
        assert hits == [None, None, None, 1, 1, 1, None, None, None, None]
    finally:
        client.index_remove(NS, index)


def test_background_job_bad_arguments(client: aerospike_py.Client, set_name: str) -> None:
    query = client.query(NS, set_name)
    with pytest.raises(exc.InvalidArgError, match="apply"):
        query.execute_background()
    with pytest.raises(exc.InvalidArgError):
        query.apply("", "f")
    with pytest.raises(exc.InvalidArgError):
        client.job_info(-1, aerospike_py.JOB_QUERY)
    with pytest.raises(exc.InvalidArgError):
        client.job_info(1, "nope")
