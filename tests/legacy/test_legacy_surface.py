"""The facade's surface: constants, exceptions, client methods and helpers, and install()."""

from __future__ import annotations

import inspect
import os
import pathlib
import subprocess
import sys
from typing import Any

import pytest

import aerospike_py.legacy as legacy
from aerospike_py.legacy import exception as l_exc
from aerospike_py.legacy.helpers.operations import list_operations as l_list
from aerospike_py.legacy.helpers.operations import map_operations as l_map

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers.operations import list_operations as o_list  # noqa: E402
from aerospike_helpers.operations import map_operations as o_map  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_constants_have_the_official_values() -> None:
    names = [n for n in dir(aerospike) if n.isupper() and not n.startswith("_")]
    assert names
    assert {n: getattr(legacy, n, None) for n in names} == {n: getattr(aerospike, n) for n in names}


def test_exception_classes_match() -> None:
    theirs = {n: c for n, c in vars(aerospike.exception).items() if inspect.isclass(c) and issubclass(c, Exception)}
    for name, cls in theirs.items():
        ours = getattr(l_exc, name)
        assert [k.__name__ for k in ours.__mro__[:-2]] == [k.__name__ for k in cls.__mro__[:-2]], name
        assert getattr(ours, "code", None) == getattr(cls, "code", None), name
    err = l_exc.RecordNotFound(2, "m", "f.c", 3, True)
    assert (err.code, err.msg, err.file, err.line, err.in_doubt, err.args) == (2, "m", "f.c", 3, True,
                                                                             (2, "m", "f.c", 3, True))


METHODS = ["connect", "close", "is_connected", "put", "get", "select", "exists", "remove", "touch", "append",
           "prepend", "increment", "remove_bin", "operate", "operate_ordered", "batch_read", "batch_write",
           "batch_operate", "batch_remove", "batch_apply", "query", "scan", "udf_put", "udf_remove", "udf_list",
           "udf_get", "apply", "index_integer_create", "index_string_create", "index_geo2dsphere_create",
           "index_blob_create", "index_list_create", "index_map_keys_create", "index_map_values_create",
           "index_cdt_create", "index_expr_create", "index_remove", "truncate", "info_all", "info_random_node",
           "info_single_node", "job_info", "get_key_partition_id", "get_nodes", "get_node_names", "shm_key",
           "admin_create_user", "admin_drop_user", "admin_change_password", "admin_set_password",
           "admin_grant_roles", "admin_revoke_roles", "admin_query_user_info", "admin_query_users_info",
           "admin_create_role", "admin_drop_role", "admin_grant_privileges", "admin_revoke_privileges",
           "admin_get_role", "admin_get_roles", "admin_query_role", "admin_query_roles", "admin_set_whitelist",
           "admin_set_quotas", "query_apply", "scan_apply", "get_stats", "get_expression_base64",
           "get_cdtctx_base64", "get_policies"]


@pytest.mark.parametrize("name", METHODS)
def test_client_methods_exist(name: str) -> None:
    assert hasattr(aerospike.Client, name)
    assert callable(getattr(legacy.Client, name))


@pytest.mark.parametrize("ours,theirs", [(l_list, o_list), (l_map, o_map)], ids=["list", "map"])
def test_helper_signatures(ours: Any, theirs: Any) -> None:
    for name in dir(ours):
        if name.startswith("_") or not inspect.isfunction(getattr(ours, name)) or not hasattr(theirs, name):
            continue
        assert list(inspect.signature(getattr(ours, name)).parameters) == \
            list(inspect.signature(getattr(theirs, name)).parameters), name


PROGRAM = """
import aerospike_py.legacy
aerospike_py.legacy.install()
import sys
import aerospike
from aerospike import exception as ex
from aerospike_helpers.operations import operations, list_operations
from aerospike_helpers import expressions as exp
from aerospike_helpers.batch.records import BatchRecords, Write

assert aerospike.__name__ == "aerospike_py.legacy", aerospike.__name__
host, port, set_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = aerospike.client({"hosts": [(host, port)], "policies": {"read": {"total_timeout": 2000}}}).connect()
key = ("test", set_name, "k")
client.put(key, {"n": 1, "l": []})
_, meta, bins = client.operate(key, [operations.increment("n", 1), list_operations.list_append("l", 5),
                                     operations.read("n")])
assert bins == {"n": 2, "l": 1} and meta["gen"] == 2, (meta, bins)
(_, _, _, digest), _ = client.exists(key)
assert isinstance(digest, bytearray)
_, _, bins = client.get(key, {"expressions": exp.Eq(exp.IntBin("n"), 2).compile()})
try:
    client.get(key, {"expressions": exp.Eq(exp.IntBin("n"), 3).compile()})
except ex.FilteredOut as e:
    assert e.code == 27
from aerospike_helpers.operations import map_operations, expression_operations
from aerospike_helpers.expressions import bitwise, hll
from aerospike_helpers.metrics import ClusterStats
client.put(key, {"m": {"a": 1, "b": 5, "c": 9}})
_, _, bins = client.operate(key, [map_operations.map_get_by_value_rank_range_relative(
    "m", 5, 0, aerospike.MAP_RETURN_KEY), expression_operations.expression_read(
    "x", exp.ListAppend(None, None, 7, "l").compile())])
assert bins == {"m": ["b", "c"], "x": [5, 7]}, bins
assert bitwise.BitCount and hll.HLLGetCount and isinstance(client.get_stats(), ClusterStats)
client.batch_write(BatchRecords([Write(key, [operations.write("w", 1)])]))
assert client.get(key)[2]["w"] == 1
client.remove(key)
try:
    client.get(key)
except ex.RecordNotFound:
    print("ok")
client.close()
"""


def test_install_runs_a_program_written_for_the_official_client(aerospike_config: dict[str, Any],
                                                                  set_name: str) -> None:
    host, port = aerospike_config["hosts"][0][:2]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROGRAM, host, str(port), set_name], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_config_keys_it_cannot_honour_warn() -> None:
    with pytest.warns(RuntimeWarning, match="shm"):
        from aerospike_py.legacy import _translate
        _translate.config({"hosts": [("127.0.0.1", 3000)], "shm": {}})


def test_uninstall_puts_the_official_modules_back() -> None:
    import aerospike_helpers

    legacy.install()
    try:
        assert sys.modules["aerospike"] is legacy
        assert sys.modules["aerospike_helpers.batch.records"].__name__ == "aerospike_py.legacy.helpers.batch.records"
    finally:
        legacy.uninstall()
    assert sys.modules["aerospike"] is aerospike
    assert sys.modules["aerospike_helpers"] is aerospike_helpers
