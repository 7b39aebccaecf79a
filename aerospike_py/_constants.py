"""Public integer constants of aerospike_py and the ``Literal`` aliases naming their sets.

The values are part of the public contract: applications persist them in
configuration and compare them against results, so they never change here even
where the C client numbers the same concept differently.  The binding
translates them to C enums at the boundary.

Note that the ``AEROSPIKE_*`` status constants keep their published values
(e.g. ``AEROSPIKE_ERR_PARAM == 4``), which do not all equal the C client's
``as_status`` codes; exceptions carry the C code in ``code`` and
:data:`aerospike_py.exception.STATUS_NAMES` names it.
"""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

# --- policies ------------------------------------------------------------------

# Whether the user key is sent to and stored by the server, or only its digest.
POLICY_KEY_DIGEST: Final = 0
POLICY_KEY_SEND: Final = 1

# How a write treats an existing (or missing) record.
POLICY_EXISTS_IGNORE: Final = 0
POLICY_EXISTS_UPDATE: Final = 1
POLICY_EXISTS_UPDATE_ONLY: Final = 1
POLICY_EXISTS_REPLACE: Final = 2
POLICY_EXISTS_REPLACE_ONLY: Final = 3
POLICY_EXISTS_CREATE_ONLY: Final = 4

# Optimistic concurrency through the record generation.
POLICY_GEN_IGNORE: Final = 0
POLICY_GEN_EQ: Final = 1
POLICY_GEN_GT: Final = 2

# Which replica serves a command.
POLICY_REPLICA_MASTER: Final = 0
POLICY_REPLICA_SEQUENCE: Final = 1
POLICY_REPLICA_PREFER_RACK: Final = 2

# When a write is acknowledged.
POLICY_COMMIT_LEVEL_ALL: Final = 0
POLICY_COMMIT_LEVEL_MASTER: Final = 1

# Read consistency in AP namespaces.
POLICY_READ_MODE_AP_ONE: Final = 0
POLICY_READ_MODE_AP_ALL: Final = 1

BATCH_CONCURRENCY_SEQUENTIAL: Final = 0
BATCH_CONCURRENCY_PARALLEL: Final = 1

# Reads may refresh a record's TTL (server 7.1+); these are the special percentages.
READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT: Final = 0
READ_TOUCH_TTL_PERCENT_DONT_RESET: Final = -1

# Expected query duration, which lets the server pick a cheaper execution mode.
QUERY_DURATION_LONG: Final = 0
QUERY_DURATION_SHORT: Final = 1
QUERY_DURATION_LONG_RELAX_AP: Final = 2

# --- record TTL ----------------------------------------------------------------

TTL_NAMESPACE_DEFAULT: Final = 0
TTL_NEVER_EXPIRE: Final = -1
TTL_DONT_UPDATE: Final = -2
TTL_CLIENT_DEFAULT: Final = -3

# --- authentication ------------------------------------------------------------

AUTH_INTERNAL: Final = 0
AUTH_EXTERNAL: Final = 1
AUTH_PKI: Final = 2

# --- single-bin operators (``op`` of an Operation dict) ---------------------------

OPERATOR_READ: Final = 1
OPERATOR_WRITE: Final = 2
OPERATOR_INCR: Final = 5
OPERATOR_APPEND: Final = 9
OPERATOR_PREPEND: Final = 10
OPERATOR_TOUCH: Final = 11
OPERATOR_DELETE: Final = 12

# --- secondary indexes -----------------------------------------------------------

# Data type of the indexed values.
INDEX_NUMERIC: Final = 0
INDEX_STRING: Final = 1
INDEX_BLOB: Final = 2
INDEX_GEO2DSPHERE: Final = 3

# Which part of a bin is indexed.
INDEX_TYPE_DEFAULT: Final = 0
INDEX_TYPE_LIST: Final = 1
INDEX_TYPE_MAPKEYS: Final = 2
INDEX_TYPE_MAPVALUES: Final = 3

# --- logging -------------------------------------------------------------------

LOG_LEVEL_OFF: Final = -1
LOG_LEVEL_ERROR: Final = 0
LOG_LEVEL_WARN: Final = 1
LOG_LEVEL_INFO: Final = 2
LOG_LEVEL_DEBUG: Final = 3
LOG_LEVEL_TRACE: Final = 4

# --- serialization of values the server has no type for --------------------------

SERIALIZER_NONE: Final = 0
SERIALIZER_PYTHON: Final = 1
SERIALIZER_USER: Final = 2

# --- list CDT ------------------------------------------------------------------

LIST_RETURN_NONE: Final = 0
LIST_RETURN_INDEX: Final = 1
LIST_RETURN_REVERSE_INDEX: Final = 2
LIST_RETURN_RANK: Final = 3
LIST_RETURN_REVERSE_RANK: Final = 4
LIST_RETURN_COUNT: Final = 5
LIST_RETURN_VALUE: Final = 7
LIST_RETURN_EXISTS: Final = 13

LIST_UNORDERED: Final = 0
LIST_ORDERED: Final = 1

LIST_SORT_DEFAULT: Final = 0
LIST_SORT_DROP_DUPLICATES: Final = 2

LIST_WRITE_DEFAULT: Final = 0
LIST_WRITE_ADD_UNIQUE: Final = 1
LIST_WRITE_INSERT_BOUNDED: Final = 2
LIST_WRITE_NO_FAIL: Final = 4
LIST_WRITE_PARTIAL: Final = 8

# --- map CDT -------------------------------------------------------------------

MAP_RETURN_NONE: Final = 0
MAP_RETURN_INDEX: Final = 1
MAP_RETURN_REVERSE_INDEX: Final = 2
MAP_RETURN_RANK: Final = 3
MAP_RETURN_REVERSE_RANK: Final = 4
MAP_RETURN_COUNT: Final = 5
MAP_RETURN_KEY: Final = 6
MAP_RETURN_VALUE: Final = 7
MAP_RETURN_KEY_VALUE: Final = 8
MAP_RETURN_EXISTS: Final = 13

MAP_UNORDERED: Final = 0
MAP_KEY_ORDERED: Final = 1
MAP_KEY_VALUE_ORDERED: Final = 3

MAP_WRITE_FLAGS_DEFAULT: Final = 0
MAP_WRITE_FLAGS_CREATE_ONLY: Final = 1
MAP_WRITE_FLAGS_UPDATE_ONLY: Final = 2
MAP_WRITE_FLAGS_NO_FAIL: Final = 4
MAP_WRITE_FLAGS_PARTIAL: Final = 8

# Older write-mode names, still accepted as ``MapPolicy["write_mode"]``.
MAP_UPDATE: Final = 0
MAP_UPDATE_ONLY: Final = 2
MAP_CREATE_ONLY: Final = 1

# --- bitwise CDT ---------------------------------------------------------------

BIT_WRITE_DEFAULT: Final = 0
BIT_WRITE_CREATE_ONLY: Final = 1
BIT_WRITE_UPDATE_ONLY: Final = 2
BIT_WRITE_NO_FAIL: Final = 4
BIT_WRITE_PARTIAL: Final = 8

BIT_RESIZE_DEFAULT: Final = 0
BIT_RESIZE_FROM_FRONT: Final = 1
BIT_RESIZE_GROW_ONLY: Final = 2
BIT_RESIZE_SHRINK_ONLY: Final = 4

BIT_OVERFLOW_FAIL: Final = 0
BIT_OVERFLOW_SATURATE: Final = 2
BIT_OVERFLOW_WRAP: Final = 4

# --- HyperLogLog ---------------------------------------------------------------

HLL_WRITE_DEFAULT: Final = 0
HLL_WRITE_CREATE_ONLY: Final = 1
HLL_WRITE_UPDATE_ONLY: Final = 2
HLL_WRITE_NO_FAIL: Final = 4
HLL_WRITE_ALLOW_FOLD: Final = 8

# --- regex flags for expression string matching (POSIX regcomp flags) -----------

REGEX_NONE: Final = 0
REGEX_EXTENDED: Final = 1
REGEX_ICASE: Final = 2
REGEX_NOSUB: Final = 4
REGEX_NEWLINE: Final = 8

# --- security privileges -----------------------------------------------------------

PRIV_USER_ADMIN: Final = 0
PRIV_SYS_ADMIN: Final = 1
PRIV_DATA_ADMIN: Final = 2
PRIV_UDF_ADMIN: Final = 3
PRIV_SINDEX_ADMIN: Final = 4
PRIV_READ: Final = 10
PRIV_READ_WRITE: Final = 11
PRIV_READ_WRITE_UDF: Final = 12
PRIV_WRITE: Final = 13
PRIV_TRUNCATE: Final = 14

# --- status codes (published values; see the module docstring) --------------------

AEROSPIKE_OK: Final = 0
AEROSPIKE_ERR_SERVER: Final = 1
AEROSPIKE_ERR_RECORD_NOT_FOUND: Final = 2
AEROSPIKE_ERR_RECORD_GENERATION: Final = 3
AEROSPIKE_ERR_PARAM: Final = 4
AEROSPIKE_ERR_RECORD_EXISTS: Final = 5
AEROSPIKE_ERR_BIN_EXISTS: Final = 6
AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH: Final = 7
AEROSPIKE_ERR_SERVER_MEM: Final = 8
AEROSPIKE_ERR_TIMEOUT: Final = 9
AEROSPIKE_ERR_ALWAYS_FORBIDDEN: Final = 10
AEROSPIKE_ERR_PARTITION_UNAVAILABLE: Final = 11
AEROSPIKE_ERR_BIN_TYPE: Final = 12
AEROSPIKE_ERR_RECORD_TOO_BIG: Final = 13
AEROSPIKE_ERR_KEY_BUSY: Final = 14
AEROSPIKE_ERR_SCAN_ABORT: Final = 15
AEROSPIKE_ERR_UNSUPPORTED_FEATURE: Final = 16
AEROSPIKE_ERR_BIN_NOT_FOUND: Final = 17
AEROSPIKE_ERR_DEVICE_OVERLOAD: Final = 18
AEROSPIKE_ERR_KEY_MISMATCH: Final = 19
AEROSPIKE_ERR_INVALID_NAMESPACE: Final = 20
AEROSPIKE_ERR_BIN_NAME: Final = 21
AEROSPIKE_ERR_FAIL_FORBIDDEN: Final = 22
AEROSPIKE_ERR_ELEMENT_NOT_FOUND: Final = 23
AEROSPIKE_ERR_ELEMENT_EXISTS: Final = 24
AEROSPIKE_ERR_ENTERPRISE_ONLY: Final = 25
AEROSPIKE_ERR_OP_NOT_APPLICABLE: Final = 26
AEROSPIKE_ERR_FILTERED_OUT: Final = 27
AEROSPIKE_ERR_LOST_CONFLICT: Final = 28
AEROSPIKE_QUERY_END: Final = 50
AEROSPIKE_SECURITY_NOT_SUPPORTED: Final = 51
AEROSPIKE_SECURITY_NOT_ENABLED: Final = 52
AEROSPIKE_ERR_INVALID_USER: Final = 60
AEROSPIKE_ERR_NOT_AUTHENTICATED: Final = 80
AEROSPIKE_ERR_ROLE_VIOLATION: Final = 81
AEROSPIKE_ERR_UDF: Final = 100
AEROSPIKE_ERR_BATCH_DISABLED: Final = 150
AEROSPIKE_ERR_INDEX_FOUND: Final = 200
AEROSPIKE_ERR_INDEX_NOT_FOUND: Final = 201
AEROSPIKE_ERR_QUERY_ABORTED: Final = 210
AEROSPIKE_ERR_CLIENT: Final = -1
AEROSPIKE_ERR_CONNECTION: Final = -10
AEROSPIKE_ERR_CLUSTER: Final = -11
AEROSPIKE_ERR_INVALID_HOST: Final = -4
AEROSPIKE_ERR_NO_MORE_CONNECTIONS: Final = -7

# --- Literal aliases, so type checkers catch out-of-range policy values -------------

PolicyKey: TypeAlias = Literal[0, 1]
PolicyExists: TypeAlias = Literal[0, 1, 2, 3, 4]
PolicyGen: TypeAlias = Literal[0, 1, 2]
PolicyReplica: TypeAlias = Literal[0, 1, 2]
PolicyCommitLevel: TypeAlias = Literal[0, 1]
PolicyReadModeAP: TypeAlias = Literal[0, 1]
TTL: TypeAlias = Literal[0, -1, -2, -3]
AuthMode: TypeAlias = Literal[0, 1, 2]
IndexType: TypeAlias = Literal[0, 1, 2, 3]
IndexCollectionType: TypeAlias = Literal[0, 1, 2, 3]
LogLevel: TypeAlias = Literal[-1, 0, 1, 2, 3, 4]
Serializer: TypeAlias = Literal[0, 1, 2]
ListReturnType: TypeAlias = Literal[0, 1, 2, 3, 4, 5, 7, 13]
ListOrder: TypeAlias = Literal[0, 1]
MapReturnType: TypeAlias = Literal[0, 1, 2, 3, 4, 5, 6, 7, 8, 13]
MapOrder: TypeAlias = Literal[0, 1, 3]
PrivilegeCode: TypeAlias = Literal[0, 1, 2, 3, 4, 10, 11, 12, 13, 14]
PrivilegeName: TypeAlias = Literal[
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
]

TYPE_ALIASES: Final[tuple[str, ...]] = (
    "PolicyKey",
    "PolicyExists",
    "PolicyGen",
    "PolicyReplica",
    "PolicyCommitLevel",
    "PolicyReadModeAP",
    "TTL",
    "AuthMode",
    "IndexType",
    "IndexCollectionType",
    "LogLevel",
    "Serializer",
    "ListReturnType",
    "ListOrder",
    "MapReturnType",
    "MapOrder",
    "PrivilegeCode",
    "PrivilegeName",
)
"""Names of the ``Literal`` aliases above (not constants; kept out of CONSTANTS)."""

CONSTANTS: Final[tuple[str, ...]] = tuple(
    name
    for name, value in list(globals().items())
    if name.isupper() and not name.startswith("_") and type(value) is int
)
"""Names of every integer constant, in definition order, for re-export."""

__all__ = [*CONSTANTS, *TYPE_ALIASES]
