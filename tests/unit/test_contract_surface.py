"""Contract tests for the pure-Python surface: constants, exceptions and types.

These need neither a server nor the compiled binding, so they run first in CI
and pin every public name and value that applications may depend on.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from aerospike_py import _constants, _types, types
from aerospike_py import exception as exc_mod
from aerospike_py.exception import (
    STATUS_NAMES,
    AdminError,
    AerospikeError,
    AerospikeIndexError,
    AerospikeTimeoutError,
    BackpressureError,
    BinExistsError,
    BinNameError,
    BinNotFound,
    BinTypeError,
    ClientError,
    ClusterError,
    FilteredOut,
    IndexFoundError,
    IndexNotFound,
    InvalidArgError,
    QueryAbortedError,
    QueryError,
    RecordError,
    RecordExistsError,
    RecordGenerationError,
    RecordNotFound,
    RecordTooBig,
    RustPanicError,
    ServerError,
    UDFError,
    exception_for,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

# Published constant names and values; changing any of them breaks callers.
CONTRACT_CONSTANTS: dict[str, int] = {
    "POLICY_KEY_DIGEST": 0,
    "POLICY_KEY_SEND": 1,
    "POLICY_EXISTS_IGNORE": 0,
    "POLICY_EXISTS_UPDATE": 1,
    "POLICY_EXISTS_UPDATE_ONLY": 1,
    "POLICY_EXISTS_REPLACE": 2,
    "POLICY_EXISTS_REPLACE_ONLY": 3,
    "POLICY_EXISTS_CREATE_ONLY": 4,
    "POLICY_GEN_IGNORE": 0,
    "POLICY_GEN_EQ": 1,
    "POLICY_GEN_GT": 2,
    "POLICY_REPLICA_MASTER": 0,
    "POLICY_REPLICA_SEQUENCE": 1,
    "POLICY_REPLICA_PREFER_RACK": 2,
    "POLICY_COMMIT_LEVEL_ALL": 0,
    "POLICY_COMMIT_LEVEL_MASTER": 1,
    "POLICY_READ_MODE_AP_ONE": 0,
    "POLICY_READ_MODE_AP_ALL": 1,
    "BATCH_CONCURRENCY_SEQUENTIAL": 0,
    "BATCH_CONCURRENCY_PARALLEL": 1,
    "READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT": 0,
    "READ_TOUCH_TTL_PERCENT_DONT_RESET": -1,
    "QUERY_DURATION_LONG": 0,
    "QUERY_DURATION_SHORT": 1,
    "QUERY_DURATION_LONG_RELAX_AP": 2,
    "TTL_NAMESPACE_DEFAULT": 0,
    "TTL_NEVER_EXPIRE": -1,
    "TTL_DONT_UPDATE": -2,
    "TTL_CLIENT_DEFAULT": -3,
    "AUTH_INTERNAL": 0,
    "AUTH_EXTERNAL": 1,
    "AUTH_PKI": 2,
    "OPERATOR_READ": 1,
    "OPERATOR_WRITE": 2,
    "OPERATOR_INCR": 5,
    "OPERATOR_APPEND": 9,
    "OPERATOR_PREPEND": 10,
    "OPERATOR_TOUCH": 11,
    "OPERATOR_DELETE": 12,
    "INDEX_NUMERIC": 0,
    "INDEX_STRING": 1,
    "INDEX_BLOB": 2,
    "INDEX_GEO2DSPHERE": 3,
    "INDEX_TYPE_DEFAULT": 0,
    "INDEX_TYPE_LIST": 1,
    "INDEX_TYPE_MAPKEYS": 2,
    "INDEX_TYPE_MAPVALUES": 3,
    "LOG_LEVEL_OFF": -1,
    "LOG_LEVEL_ERROR": 0,
    "LOG_LEVEL_WARN": 1,
    "LOG_LEVEL_INFO": 2,
    "LOG_LEVEL_DEBUG": 3,
    "LOG_LEVEL_TRACE": 4,
    "SERIALIZER_NONE": 0,
    "SERIALIZER_PYTHON": 1,
    "SERIALIZER_USER": 2,
    "LIST_RETURN_NONE": 0,
    "LIST_RETURN_INDEX": 1,
    "LIST_RETURN_REVERSE_INDEX": 2,
    "LIST_RETURN_RANK": 3,
    "LIST_RETURN_REVERSE_RANK": 4,
    "LIST_RETURN_COUNT": 5,
    "LIST_RETURN_VALUE": 7,
    "LIST_RETURN_EXISTS": 13,
    "LIST_UNORDERED": 0,
    "LIST_ORDERED": 1,
    "LIST_SORT_DEFAULT": 0,
    "LIST_SORT_DROP_DUPLICATES": 2,
    "LIST_WRITE_DEFAULT": 0,
    "LIST_WRITE_ADD_UNIQUE": 1,
    "LIST_WRITE_INSERT_BOUNDED": 2,
    "LIST_WRITE_NO_FAIL": 4,
    "LIST_WRITE_PARTIAL": 8,
    "MAP_RETURN_NONE": 0,
    "MAP_RETURN_INDEX": 1,
    "MAP_RETURN_REVERSE_INDEX": 2,
    "MAP_RETURN_RANK": 3,
    "MAP_RETURN_REVERSE_RANK": 4,
    "MAP_RETURN_COUNT": 5,
    "MAP_RETURN_KEY": 6,
    "MAP_RETURN_VALUE": 7,
    "MAP_RETURN_KEY_VALUE": 8,
    "MAP_RETURN_EXISTS": 13,
    "MAP_UNORDERED": 0,
    "MAP_KEY_ORDERED": 1,
    "MAP_KEY_VALUE_ORDERED": 3,
    "MAP_WRITE_FLAGS_DEFAULT": 0,
    "MAP_WRITE_FLAGS_CREATE_ONLY": 1,
    "MAP_WRITE_FLAGS_UPDATE_ONLY": 2,
    "MAP_WRITE_FLAGS_NO_FAIL": 4,
    "MAP_WRITE_FLAGS_PARTIAL": 8,
    "MAP_UPDATE": 0,
    "MAP_UPDATE_ONLY": 2,
    "MAP_CREATE_ONLY": 1,
    "BIT_WRITE_DEFAULT": 0,
    "BIT_WRITE_CREATE_ONLY": 1,
    "BIT_WRITE_UPDATE_ONLY": 2,
    "BIT_WRITE_NO_FAIL": 4,
    "BIT_WRITE_PARTIAL": 8,
    "BIT_RESIZE_DEFAULT": 0,
    "BIT_RESIZE_FROM_FRONT": 1,
    "BIT_RESIZE_GROW_ONLY": 2,
    "BIT_RESIZE_SHRINK_ONLY": 4,
    "BIT_OVERFLOW_FAIL": 0,
    "BIT_OVERFLOW_SATURATE": 2,
    "BIT_OVERFLOW_WRAP": 4,
    "HLL_WRITE_DEFAULT": 0,
    "HLL_WRITE_CREATE_ONLY": 1,
    "HLL_WRITE_UPDATE_ONLY": 2,
    "HLL_WRITE_NO_FAIL": 4,
    "HLL_WRITE_ALLOW_FOLD": 8,
    "REGEX_NONE": 0,
    "REGEX_EXTENDED": 1,
    "REGEX_ICASE": 2,
    "REGEX_NOSUB": 4,
    "REGEX_NEWLINE": 8,
    "PRIV_READ": 10,
    "PRIV_WRITE": 13,
    "PRIV_READ_WRITE": 11,
    "PRIV_READ_WRITE_UDF": 12,
    "PRIV_SYS_ADMIN": 1,
    "PRIV_USER_ADMIN": 0,
    "PRIV_DATA_ADMIN": 2,
    "PRIV_UDF_ADMIN": 3,
    "PRIV_SINDEX_ADMIN": 4,
    "PRIV_TRUNCATE": 14,
    "AEROSPIKE_OK": 0,
    "AEROSPIKE_ERR_SERVER": 1,
    "AEROSPIKE_ERR_RECORD_NOT_FOUND": 2,
    "AEROSPIKE_ERR_RECORD_GENERATION": 3,
    "AEROSPIKE_ERR_PARAM": 4,
    "AEROSPIKE_ERR_RECORD_EXISTS": 5,
    "AEROSPIKE_ERR_BIN_EXISTS": 6,
    "AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH": 7,
    "AEROSPIKE_ERR_SERVER_MEM": 8,
    "AEROSPIKE_ERR_TIMEOUT": 9,
    "AEROSPIKE_ERR_ALWAYS_FORBIDDEN": 10,
    "AEROSPIKE_ERR_PARTITION_UNAVAILABLE": 11,
    "AEROSPIKE_ERR_BIN_TYPE": 12,
    "AEROSPIKE_ERR_RECORD_TOO_BIG": 13,
    "AEROSPIKE_ERR_KEY_BUSY": 14,
    "AEROSPIKE_ERR_SCAN_ABORT": 15,
    "AEROSPIKE_ERR_UNSUPPORTED_FEATURE": 16,
    "AEROSPIKE_ERR_BIN_NOT_FOUND": 17,
    "AEROSPIKE_ERR_DEVICE_OVERLOAD": 18,
    "AEROSPIKE_ERR_KEY_MISMATCH": 19,
    "AEROSPIKE_ERR_INVALID_NAMESPACE": 20,
    "AEROSPIKE_ERR_BIN_NAME": 21,
    "AEROSPIKE_ERR_FAIL_FORBIDDEN": 22,
    "AEROSPIKE_ERR_ELEMENT_NOT_FOUND": 23,
    "AEROSPIKE_ERR_ELEMENT_EXISTS": 24,
    "AEROSPIKE_ERR_ENTERPRISE_ONLY": 25,
    "AEROSPIKE_ERR_OP_NOT_APPLICABLE": 26,
    "AEROSPIKE_ERR_FILTERED_OUT": 27,
    "AEROSPIKE_ERR_LOST_CONFLICT": 28,
    "AEROSPIKE_QUERY_END": 50,
    "AEROSPIKE_SECURITY_NOT_SUPPORTED": 51,
    "AEROSPIKE_SECURITY_NOT_ENABLED": 52,
    "AEROSPIKE_ERR_INVALID_USER": 60,
    "AEROSPIKE_ERR_NOT_AUTHENTICATED": 80,
    "AEROSPIKE_ERR_ROLE_VIOLATION": 81,
    "AEROSPIKE_ERR_UDF": 100,
    "AEROSPIKE_ERR_BATCH_DISABLED": 150,
    "AEROSPIKE_ERR_INDEX_FOUND": 200,
    "AEROSPIKE_ERR_INDEX_NOT_FOUND": 201,
    "AEROSPIKE_ERR_QUERY_ABORTED": 210,
    "AEROSPIKE_ERR_CLIENT": -1,
    "AEROSPIKE_ERR_CONNECTION": -10,
    "AEROSPIKE_ERR_CLUSTER": -11,
    "AEROSPIKE_ERR_INVALID_HOST": -4,
    "AEROSPIKE_ERR_NO_MORE_CONNECTIONS": -7,
}

CONTRACT_TYPE_ALIASES: dict[str, tuple[object, ...]] = {
    "PolicyKey": (0, 1),
    "PolicyExists": (0, 1, 2, 3, 4),
    "PolicyGen": (0, 1, 2),
    "PolicyReplica": (0, 1, 2),
    "PolicyCommitLevel": (0, 1),
    "PolicyReadModeAP": (0, 1),
    "TTL": (0, -1, -2, -3),
    "AuthMode": (0, 1, 2),
    "IndexType": (0, 1, 2, 3),
    "IndexCollectionType": (0, 1, 2, 3),
    "LogLevel": (-1, 0, 1, 2, 3, 4),
    "Serializer": (0, 1, 2),
    "ListReturnType": (0, 1, 2, 3, 4, 5, 7, 13),
    "ListOrder": (0, 1),
    "MapReturnType": (0, 1, 2, 3, 4, 5, 6, 7, 8, 13),
    "MapOrder": (0, 1, 3),
    "PrivilegeCode": (0, 1, 2, 3, 4, 10, 11, 12, 13, 14),
    "PrivilegeName": (
        "read",
        "read-write",
        "read-write-udf",
        "write",
        "truncate",
        "user-admin",
        "sys-admin",
        "data-admin",
        "udf-admin",
        "sindex-admin",
    ),
}

# child -> parent, as published.
CONTRACT_HIERARCHY: dict[type[AerospikeError], type[Exception]] = {
    AerospikeError: Exception,
    ClientError: AerospikeError,
    ServerError: AerospikeError,
    RecordError: AerospikeError,
    ClusterError: AerospikeError,
    AerospikeTimeoutError: AerospikeError,
    InvalidArgError: AerospikeError,
    BackpressureError: ClientError,
    RustPanicError: ClientError,
    RecordNotFound: RecordError,
    RecordExistsError: RecordError,
    RecordGenerationError: RecordError,
    RecordTooBig: RecordError,
    BinNameError: RecordError,
    BinExistsError: RecordError,
    BinNotFound: RecordError,
    BinTypeError: RecordError,
    FilteredOut: RecordError,
    AerospikeIndexError: ServerError,
    IndexNotFound: AerospikeIndexError,
    IndexFoundError: AerospikeIndexError,
    QueryError: ServerError,
    QueryAbortedError: QueryError,
    AdminError: ServerError,
    UDFError: ServerError,
}


# --- constants -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "value"), sorted(CONTRACT_CONSTANTS.items()))
def test_constant_value(name: str, value: int) -> None:
    assert getattr(_constants, name) == value
    assert type(getattr(_constants, name)) is int
    assert name in _constants.__all__


def test_no_unpublished_constants() -> None:
    assert set(_constants.CONSTANTS) == set(CONTRACT_CONSTANTS)


@pytest.mark.parametrize(("name", "args"), sorted(CONTRACT_TYPE_ALIASES.items()))
def test_literal_alias(name: str, args: tuple[object, ...]) -> None:
    alias = getattr(_constants, name)
    assert typing.get_origin(alias) is typing.Literal
    assert typing.get_args(alias) == args
    assert name in _constants.__all__


def test_constants_all_resolves() -> None:
    for name in _constants.__all__:
        assert hasattr(_constants, name), name
    assert len(set(_constants.__all__)) == len(_constants.__all__)


# --- exception hierarchy ---------------------------------------------------------


@pytest.mark.parametrize("cls", list(CONTRACT_HIERARCHY), ids=lambda c: c.__name__)
def test_exception_parent(cls: type[AerospikeError]) -> None:
    assert cls.__bases__ == (CONTRACT_HIERARCHY[cls],)


def test_exception_module_exports() -> None:
    for cls in CONTRACT_HIERARCHY:
        assert cls.__name__ in exc_mod.__all__
        assert getattr(exc_mod, cls.__name__) is cls
    assert "TimeoutError" not in exc_mod.__all__
    assert "IndexError" not in exc_mod.__all__


@pytest.mark.parametrize(
    ("alias", "target"), [("TimeoutError", AerospikeTimeoutError), ("IndexError", AerospikeIndexError)]
)
def test_deprecated_alias(alias: str, target: type[AerospikeError]) -> None:
    with pytest.warns(DeprecationWarning, match=target.__name__):
        cls = getattr(exc_mod, alias)
    assert cls is target
    assert issubclass(cls, AerospikeError)


def test_unknown_module_attribute() -> None:
    with pytest.raises(AttributeError):
        exc_mod.NoSuchError  # noqa: B018


def test_error_attributes_and_str() -> None:
    err = RecordNotFound("record not found")
    assert err.code == 2
    assert err.result_code == 2
    assert err.msg == "record not found"
    assert err.in_doubt is False
    assert err.file is None and err.line is None
    assert err.args == ("record not found",)
    assert str(err) == "RecordNotFound: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): record not found"


def test_error_defaults() -> None:
    assert AerospikeError().code == -1
    assert AerospikeError().msg == ""
    assert ClientError().code == -1
    assert ServerError().code == 1
    assert InvalidArgError().code == -2
    assert AerospikeTimeoutError().code == 9
    assert ClusterError().code == -10
    assert AerospikeIndexError().code == 204
    assert QueryError().code == 213
    assert UDFError().code == 100
    assert str(ClientError()) == "ClientError: AEROSPIKE_ERR_CLIENT (-1)"


def test_error_explicit_code_and_in_doubt() -> None:
    err = AerospikeTimeoutError("late", 9, True)
    assert err.in_doubt is True
    assert str(err).endswith("[in doubt]")
    assert ServerError("x", code=14).code == 14
    assert "AEROSPIKE_UNKNOWN_STATUS_4242" in str(ServerError("x", code=4242))


def test_error_pickles() -> None:
    err = exception_for(5, "exists", True, file="as_command.c", line=42)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is RecordExistsError
    assert (copy.code, copy.msg, copy.in_doubt, copy.file, copy.line) == (5, "exists", True, "as_command.c", 42)


def test_duplicate_code_registration_rejected() -> None:
    with pytest.raises(TypeError):

        class Duplicate(ServerError, codes=(-4242, 2)):  # noqa: F841
            pass

    assert type(exception_for(-4242, "x")) is ClientError


# --- exception_for ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (2, RecordNotFound),
        (3, RecordGenerationError),
        (5, RecordExistsError),
        (6, BinExistsError),
        (9, AerospikeTimeoutError),
        (12, BinTypeError),
        (13, RecordTooBig),
        (17, BinNotFound),
        (21, BinNameError),
        (27, FilteredOut),
        (100, UDFError),
        (1301, UDFError),
        (200, IndexFoundError),
        (201, IndexNotFound),
        (202, AerospikeIndexError),
        (204, AerospikeIndexError),
        (210, QueryAbortedError),
        (211, QueryError),
        (213, QueryError),
        (51, AdminError),
        (65, AdminError),
        (81, AdminError),
        (83, AdminError),
        (1, ServerError),
        (14, ServerError),
        (22, ServerError),
        (150, ServerError),
        (4, ServerError),
        (-2, InvalidArgError),
        (-1, ClientError),
        (-3, ClientError),
        (-4, ClusterError),
        (-6, ClusterError),
        (-7, ClusterError),
        (-8, ClusterError),
        (-9, ClusterError),
        (-10, ClusterError),
        (-14, ClusterError),
        (7, ClusterError),
        (11, ClusterError),
        (-11, BackpressureError),
        (-20, ClientError),
        (9999, ServerError),
        (-9999, ClientError),
        (0, AerospikeError),
    ],
)
def test_exception_for_class(code: int, cls: type[AerospikeError]) -> None:
    err = exception_for(code, "boom")
    assert type(err) is cls
    assert err.code == code


@pytest.mark.parametrize("code", sorted(STATUS_NAMES))
def test_exception_for_every_status(code: int) -> None:
    err = exception_for(code, "m", in_doubt=True)
    assert isinstance(err, AerospikeError)
    assert (err.code, err.result_code, err.msg, err.in_doubt) == (code, code, "m", True)
    assert STATUS_NAMES[code] in str(err)


def test_status_table_spot_checks() -> None:
    assert STATUS_NAMES[0] == "AEROSPIKE_OK"
    assert STATUS_NAMES[-1] == "AEROSPIKE_ERR_CLIENT"
    assert STATUS_NAMES[2] == "AEROSPIKE_ERR_RECORD_NOT_FOUND"
    assert STATUS_NAMES[27] == "AEROSPIKE_FILTERED_OUT"
    assert STATUS_NAMES[210] == "AEROSPIKE_ERR_QUERY_ABORTED"
    assert all(name.startswith("AEROSPIKE_") for name in STATUS_NAMES.values())
    assert min(STATUS_NAMES) < -10 and max(STATUS_NAMES) > 1000


def test_status_table_matches_header() -> None:
    tool = REPO_ROOT / "tools" / "gen_status_table.py"
    sys.path.insert(0, str(tool.parent))
    try:
        import gen_status_table
    finally:
        sys.path.remove(str(tool.parent))
    header = gen_status_table.default_header()
    if not header.exists():
        pytest.skip(f"C client header not installed at {header}")
    proc = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_status_table_parser() -> None:
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import gen_status_table
    finally:
        sys.path.pop(0)
    text = """
    typedef enum as_status_e {
        /** doc = 3 */
        AEROSPIKE_A = -2, // comment
        AEROSPIKE_B,
        AEROSPIKE_C = -1,
        AEROSPIKE_OK = 0,
    } as_status;
    """
    entries = gen_status_table.parse_status_header(text)
    assert entries == [("AEROSPIKE_A", -2), ("AEROSPIKE_B", -1), ("AEROSPIKE_C", -1), ("AEROSPIKE_OK", 0)]
    block = gen_status_table.render_table(entries)
    assert '-1: "AEROSPIKE_B",  # also AEROSPIKE_C' in block
    spliced = gen_status_table.splice("a\n# BEGIN STATUS TABLE\nold\n# END STATUS TABLE\nb\n", block)
    assert spliced.startswith("a\n# BEGIN STATUS TABLE\n") and spliced.endswith("# END STATUS TABLE\nb\n")
    assert "old" not in spliced


# --- types -------------------------------------------------------------------------

CONTRACT_NAMEDTUPLES: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "AerospikeKey": (("namespace", "set_name", "user_key", "digest"), {}),
    "RecordMetadata": (("gen", "ttl"), {}),
    "Record": (("key", "meta", "bins"), {}),
    "ExistsResult": (("key", "meta"), {}),
    "InfoNodeResult": (("node_name", "error_code", "response"), {}),
    "BinTuple": (("name", "value"), {}),
    "OperateOrderedResult": (("key", "meta", "ordered_bins"), {}),
    "BatchRecord": (("key", "result", "record", "in_doubt"), {"in_doubt": False}),
    "BatchRetryInfo": (
        ("attempts", "max_attempts", "truncated_by_timeout", "unresolved"),
        {"attempts": 1, "max_attempts": 1, "truncated_by_timeout": False, "unresolved": 0},
    ),
    "BatchWriteResult": (("batch_records", "retry"), {"retry": types.BatchRetryInfo()}),
}


@pytest.mark.parametrize(("name", "spec"), sorted(CONTRACT_NAMEDTUPLES.items()))
def test_namedtuple_shape(name: str, spec: tuple[tuple[str, ...], dict[str, object]]) -> None:
    fields, defaults = spec
    cls = getattr(types, name)
    assert cls._fields == fields
    assert cls._field_defaults == defaults


def test_namedtuples_unpack_like_tuples() -> None:
    key = types.AerospikeKey("test", "demo", 1, b"\x00" * 20)
    rec = types.Record(key, types.RecordMetadata(gen=1, ttl=100), {"a": 1})
    k, meta, bins = rec
    assert k.namespace == "test" and meta.gen == 1 and bins == {"a": 1}
    assert types.BatchWriteResult([]).retry == types.BatchRetryInfo(1, 1, False, 0)


CONTRACT_TYPEDDICTS: dict[str, set[str]] = {
    "ReadPolicy": {
        "socket_timeout", "total_timeout", "max_retries", "sleep_between_retries", "timeout_delay",
        "filter_expression", "replica", "read_mode_ap", "read_touch_ttl_percent",
    },
    "WritePolicy": {
        "socket_timeout", "total_timeout", "max_retries", "sleep_between_retries", "timeout_delay",
        "durable_delete", "key", "exists", "gen", "commit_level", "ttl", "filter_expression",
        "read_mode_ap", "read_touch_ttl_percent",
    },
    "BatchPolicy": {
        "socket_timeout", "total_timeout", "max_retries", "sleep_between_retries", "timeout_delay",
        "filter_expression", "allow_inline", "allow_inline_ssd", "respond_all_keys", "replica",
        "read_mode_ap", "read_touch_ttl_percent", "concurrency", "key", "exists", "gen",
        "commit_level", "durable_delete", "ttl",
    },
    "BatchReadPolicy": {"read_touch_ttl_percent", "filter_expression"},
    "BatchDeletePolicy": {"gen", "key", "commit_level", "durable_delete", "filter_expression"},
    "BatchDeleteMeta": {"gen", "key", "commit_level", "durable_delete"},
    "BatchUDFPolicy": {"commit_level", "ttl", "key", "durable_delete", "filter_expression"},
    "BatchUDFMeta": {"module", "function", "args", "ttl", "commit_level", "key", "durable_delete"},
    "AdminPolicy": {"timeout"},
    "QueryPolicy": {
        "socket_timeout", "total_timeout", "max_retries", "sleep_between_retries", "timeout_delay",
        "max_records", "records_per_second", "filter_expression", "replica", "read_mode_ap",
        "read_touch_ttl_percent", "max_concurrent_nodes", "record_queue_size", "expected_duration",
        "include_bin_data", "partition_filter",
    },
    "ScanPolicy": {
        "socket_timeout", "total_timeout", "max_retries", "sleep_between_retries", "timeout_delay",
        "filter_expression", "replica", "read_mode_ap", "records_per_second", "max_records",
        "durable_delete", "ttl", "partition_filter",
    },
    "WriteMeta": {"gen", "ttl", "key", "exists", "commit_level", "durable_delete"},
    "ClientConfig": {
        "hosts", "cluster_name", "auth_mode", "user", "password", "timeout", "idle_timeout",
        "max_conns_per_node", "min_conns_per_node", "conn_pools_per_node", "tend_interval",
        "use_services_alternate", "max_concurrent_operations", "operation_queue_timeout_ms",
    },
    "Privilege": {"code", "ns", "set"},
    "UserInfo": {"user", "roles", "conns_in_use"},
    "RoleInfo": {"name", "privileges", "allowlist", "read_quota", "write_quota"},
}  # fmt: skip

CLIENT_CONFIG_EXTENSIONS: set[str] = {
    "policies", "tls", "rack_aware", "rack_id", "rack_ids", "login_timeout_ms", "max_error_rate",
    "error_rate_window", "app_id", "lua", "async_max_conns_per_node", "event_loops", "thread_pool_size",
}  # fmt: skip


@pytest.mark.parametrize(("name", "keys"), sorted(CONTRACT_TYPEDDICTS.items()))
def test_typeddict_keys(name: str, keys: set[str]) -> None:
    cls = getattr(types, name)
    expected = keys | CLIENT_CONFIG_EXTENSIONS if name == "ClientConfig" else keys
    assert set(cls.__annotations__) == expected
    if name in {"UserInfo", "RoleInfo"}:
        assert cls.__required_keys__ == frozenset(keys)
    else:
        assert cls.__required_keys__ == frozenset()


def test_client_config_nested_types() -> None:
    assert set(types.ClientPolicies.__annotations__) == {
        "read", "write", "operate", "remove", "batch", "query", "scan", "apply", "info", "admin",
    }  # fmt: skip
    assert set(types.TLSConfig.__annotations__) == {
        "enable", "cafile", "capath", "certfile", "keyfile", "keyfile_password", "protocols",
        "cipher_suite", "crl_check", "crl_check_all", "log_session_info", "for_login_only",
    }  # fmt: skip
    assert set(types.LuaConfig.__annotations__) == {"system_path", "user_path"}


def test_type_aliases() -> None:
    assert types.Bins == dict[str, typing.Any]
    assert types.AerospikeRecord == dict[str, typing.Any]
    assert types.BatchRecords == dict[types.UserKey, types.AerospikeRecord]
    for name in types.__all__:
        assert hasattr(types, name), name


def test_operation_helpers() -> None:
    assert _types.__all__ == ["Operation", "ListPolicy", "MapPolicy", "HLLPolicy"]
    assert set(_types.ListPolicy.__annotations__) == {"order", "flags"}
    assert set(_types.MapPolicy.__annotations__) == {"order", "write_mode"}
    assert set(_types.HLLPolicy.__annotations__) == {"flags"}
    op = _types._build_op(3, "b", val=None, index=_types._UNSET, return_type=1)
    assert op == {"op": 3, "bin": "b", "val": None, "return_type": 1}


def test_py_typed_marker() -> None:
    assert (REPO_ROOT / "aerospike_py" / "py.typed").is_file()
