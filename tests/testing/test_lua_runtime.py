"""The embedded server's Lua runtime: sandboxing and limits (a server of its own, whatever AEROSPIKE_HOSTS says)."""

from __future__ import annotations

import pathlib
from typing import Iterator

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import TestServer

SOURCE = """
function reach(rec)
  return list{type(io), type(os.execute), type(python), type(require), type(load), type(dofile),
              type(debug), type(string.format), type(os.time)}
end
function spin(rec)
  while true do end
end
function internals(rec, name, v)
  rec[name] = v
  if aerospike:exists(rec) then aerospike:update(rec) else aerospike:create(rec) end
  local m = map()
  m[name] = v
  local l = list{v}
  return list{rec[name], m[name], map.size(m), list.size(l)}
end
function update_only(rec)
  rec["u"] = 1
  return aerospike:update(rec)
end
function globals(rec, v)
  counter = (counter or 0) + v
  return counter
end
"""


@pytest.fixture(scope="module")
def lua_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[aerospike_py.Client]:
    path: pathlib.Path = tmp_path_factory.mktemp("lua") / "sandbox.lua"
    path.write_text(SOURCE)
    with TestServer() as srv:
        client = aerospike_py.client(srv.config).connect()
        client.udf_put(str(path))
        try:
            yield client
        finally:
            client.close()


KEY = ("test", "lua", "k")


def test_host_is_out_of_reach(lua_client: aerospike_py.Client) -> None:
    assert lua_client.apply(KEY, "sandbox", "reach") == [
        "nil", "nil", "nil", "nil", "nil", "nil", "function", "function", "function"]


def test_runaway_loop_fails_instead_of_hanging(lua_client: aerospike_py.Client) -> None:
    with pytest.raises(exc.UDFError, match="instruction budget"):
        lua_client.apply(KEY, "sandbox", "spin", policy={"total_timeout": 30000})


@pytest.mark.parametrize("name", ["bins", "meta", "dirty", "n", "keys", "vals", "s", "items"])
def test_bin_and_key_names_never_clash_with_internals(lua_client: aerospike_py.Client, name: str) -> None:
    assert lua_client.apply(KEY, "sandbox", "internals", [name, 7]) == [7, 7, 1, 1]
    assert lua_client.get(KEY).bins[name] == 7


def test_update_writes_existing_records_only(lua_client: aerospike_py.Client) -> None:
    key = ("test", "lua", "fresh")
    assert lua_client.apply(key, "sandbox", "update_only") == 2
    assert lua_client.exists(key).meta is None
    lua_client.put(key, {"a": 1})
    assert lua_client.apply(key, "sandbox", "update_only") == 0
    assert lua_client.get(key).bins == {"a": 1, "u": 1}


def test_module_state_is_reused(lua_client: aerospike_py.Client) -> None:
    first = lua_client.apply(KEY, "sandbox", "globals", [1])
    assert lua_client.apply(KEY, "sandbox", "globals", [1]) == first + 1


def test_three_nodes(tmp_path: pathlib.Path) -> None:
    """Modules reach every node; a background job touches each record once across the cluster."""
    path = tmp_path / "multi.lua"
    path.write_text("function bump(rec)\n  rec['c'] = (rec['c'] or 0) + 1\n"
                    "  if aerospike:exists(rec) then aerospike:update(rec) else aerospike:create(rec) end\n"
                    "  return rec['c']\nend\n")
    with TestServer(nodes=3) as srv:
        client = aerospike_py.client(srv.config).connect()
        try:
            client.udf_put(str(path))
            keys = [("test", "multi", i) for i in range(30)]
            assert [r.record.bins["SUCCESS"] for r in client.batch_apply(keys, "multi", "bump").batch_records] \
                == [1] * 30
            query = client.query("test", "multi")
            query.apply("multi", "bump")
            info = client.job_info(query.execute_background(), aerospike_py.JOB_QUERY)
            assert info["records_read"] == 30
            assert [r["c"] for r in client.batch_read(keys).to_list()] == [2] * 30
            client.udf_remove("multi")
            assert client.udf_list() == []
        finally:
            client.close()
