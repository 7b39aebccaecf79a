"""Exception hierarchy of aerospike_py.

Every failure reported by the C client arrives as an ``as_status`` code plus a
message.  :func:`exception_for` turns that pair into the most specific class
below, so callers can write ``except RecordNotFound`` instead of comparing
integers, while still having the raw code at hand (``exc.code``) when they need
it::

    AerospikeError
      +-- ClientError              client-side failures
      |     +-- BackpressureError  the client refused work because it is saturated
      |     +-- RustPanicError     kept for compatibility, never raised
      +-- ServerError              the server answered with an error
      |     +-- AerospikeIndexError
      |     |     +-- IndexNotFound
      |     |     +-- IndexFoundError
      |     +-- QueryError
      |     |     +-- QueryAbortedError
      |     +-- AdminError
      |     +-- UDFError
      +-- RecordError              record- and bin-level refusals
      |     +-- RecordNotFound, RecordExistsError, RecordGenerationError,
      |     +-- RecordTooBig, BinNameError, BinExistsError, BinNotFound,
      |     +-- BinTypeError, FilteredOut
      +-- ClusterError             cannot reach the cluster or a node
      +-- AerospikeTimeoutError
      +-- InvalidArgError          a request argument was rejected

``TimeoutError`` and ``IndexError`` remain importable as deprecated aliases of
``AerospikeTimeoutError`` and ``AerospikeIndexError``; they shadow builtins,
which is why they were renamed.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

__all__ = [
    "STATUS_NAMES",
    "AerospikeError",
    "ClientError",
    "ServerError",
    "RecordError",
    "ClusterError",
    "AerospikeTimeoutError",
    "BackpressureError",
    "RustPanicError",
    "InvalidArgError",
    "RecordNotFound",
    "RecordExistsError",
    "RecordGenerationError",
    "RecordTooBig",
    "BinNameError",
    "BinExistsError",
    "BinNotFound",
    "BinTypeError",
    "FilteredOut",
    "AerospikeIndexError",
    "IndexNotFound",
    "IndexFoundError",
    "QueryError",
    "QueryAbortedError",
    "AdminError",
    "UDFError",
    "exception_for",
    "status_name",
]

# BEGIN STATUS TABLE
# Generated from the C client's as_status.h by tools/gen_status_table.py.
# Do not edit by hand: run the tool after upgrading the C client.
STATUS_NAMES: dict[int, str] = {
    -20: "AEROSPIKE_METRICS_CONFLICT",
    -19: "AEROSPIKE_TXN_ALREADY_ABORTED",
    -18: "AEROSPIKE_TXN_ALREADY_COMMITTED",
    -17: "AEROSPIKE_TXN_FAILED",
    -16: "AEROSPIKE_BATCH_FAILED",
    -15: "AEROSPIKE_NO_RESPONSE",
    -14: "AEROSPIKE_MAX_ERROR_RATE",
    -13: "AEROSPIKE_USE_NORMAL_RETRY",
    -12: "AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED",
    -11: "AEROSPIKE_ERR_ASYNC_QUEUE_FULL",
    -10: "AEROSPIKE_ERR_CONNECTION",
    -9: "AEROSPIKE_ERR_TLS_ERROR",
    -8: "AEROSPIKE_ERR_INVALID_NODE",
    -7: "AEROSPIKE_ERR_NO_MORE_CONNECTIONS",
    -6: "AEROSPIKE_ERR_ASYNC_CONNECTION",
    -5: "AEROSPIKE_ERR_CLIENT_ABORT",
    -4: "AEROSPIKE_ERR_INVALID_HOST",
    -3: "AEROSPIKE_NO_MORE_RECORDS",
    -2: "AEROSPIKE_ERR_PARAM",
    -1: "AEROSPIKE_ERR_CLIENT",  # also AEROSPIKE_ERR
    0: "AEROSPIKE_OK",
    1: "AEROSPIKE_ERR_SERVER",
    2: "AEROSPIKE_ERR_RECORD_NOT_FOUND",
    3: "AEROSPIKE_ERR_RECORD_GENERATION",
    4: "AEROSPIKE_ERR_REQUEST_INVALID",
    5: "AEROSPIKE_ERR_RECORD_EXISTS",
    6: "AEROSPIKE_ERR_BIN_EXISTS",
    7: "AEROSPIKE_ERR_CLUSTER_CHANGE",
    8: "AEROSPIKE_ERR_SERVER_FULL",
    9: "AEROSPIKE_ERR_TIMEOUT",
    10: "AEROSPIKE_ERR_ALWAYS_FORBIDDEN",
    11: "AEROSPIKE_ERR_CLUSTER",
    12: "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE",
    13: "AEROSPIKE_ERR_RECORD_TOO_BIG",
    14: "AEROSPIKE_ERR_RECORD_BUSY",
    15: "AEROSPIKE_ERR_SCAN_ABORTED",
    16: "AEROSPIKE_ERR_UNSUPPORTED_FEATURE",
    17: "AEROSPIKE_ERR_BIN_NOT_FOUND",
    18: "AEROSPIKE_ERR_DEVICE_OVERLOAD",
    19: "AEROSPIKE_ERR_RECORD_KEY_MISMATCH",
    20: "AEROSPIKE_ERR_NAMESPACE_NOT_FOUND",
    21: "AEROSPIKE_ERR_BIN_NAME",
    22: "AEROSPIKE_ERR_FAIL_FORBIDDEN",
    23: "AEROSPIKE_ERR_FAIL_ELEMENT_NOT_FOUND",
    24: "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS",
    25: "AEROSPIKE_ERR_ENTERPRISE_ONLY",
    26: "AEROSPIKE_ERR_OP_NOT_APPLICABLE",
    27: "AEROSPIKE_FILTERED_OUT",
    28: "AEROSPIKE_LOST_CONFLICT",
    29: "AEROSPIKE_INVALID_ENCODING",
    32: "AEROSPIKE_XDR_KEY_BUSY",
    50: "AEROSPIKE_QUERY_END",
    51: "AEROSPIKE_SECURITY_NOT_SUPPORTED",
    52: "AEROSPIKE_SECURITY_NOT_ENABLED",
    53: "AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED",
    54: "AEROSPIKE_INVALID_COMMAND",
    55: "AEROSPIKE_INVALID_FIELD",
    56: "AEROSPIKE_ILLEGAL_STATE",
    60: "AEROSPIKE_INVALID_USER",
    61: "AEROSPIKE_USER_ALREADY_EXISTS",
    62: "AEROSPIKE_INVALID_PASSWORD",
    63: "AEROSPIKE_EXPIRED_PASSWORD",
    64: "AEROSPIKE_FORBIDDEN_PASSWORD",
    65: "AEROSPIKE_INVALID_CREDENTIAL",
    66: "AEROSPIKE_EXPIRED_SESSION",
    70: "AEROSPIKE_INVALID_ROLE",
    71: "AEROSPIKE_ROLE_ALREADY_EXISTS",
    72: "AEROSPIKE_INVALID_PRIVILEGE",
    73: "AEROSPIKE_INVALID_WHITELIST",
    74: "AEROSPIKE_QUOTAS_NOT_ENABLED",
    75: "AEROSPIKE_INVALID_QUOTA",
    80: "AEROSPIKE_NOT_AUTHENTICATED",
    81: "AEROSPIKE_ROLE_VIOLATION",
    82: "AEROSPIKE_NOT_WHITELISTED",
    83: "AEROSPIKE_QUOTA_EXCEEDED",
    100: "AEROSPIKE_ERR_UDF",
    120: "AEROSPIKE_MRT_BLOCKED",
    121: "AEROSPIKE_MRT_VERSION_MISMATCH",
    122: "AEROSPIKE_MRT_EXPIRED",
    123: "AEROSPIKE_MRT_TOO_MANY_WRITES",
    124: "AEROSPIKE_MRT_COMMITTED",
    125: "AEROSPIKE_MRT_ABORTED",
    126: "AEROSPIKE_MRT_ALREADY_LOCKED",
    127: "AEROSPIKE_MRT_MONITOR_EXISTS",
    150: "AEROSPIKE_ERR_BATCH_DISABLED",
    151: "AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED",
    152: "AEROSPIKE_ERR_BATCH_QUEUES_FULL",
    160: "AEROSPIKE_ERR_GEO_INVALID_GEOJSON",
    200: "AEROSPIKE_ERR_INDEX_FOUND",
    201: "AEROSPIKE_ERR_INDEX_NOT_FOUND",
    202: "AEROSPIKE_ERR_INDEX_OOM",
    203: "AEROSPIKE_ERR_INDEX_NOT_READABLE",
    204: "AEROSPIKE_ERR_INDEX",
    205: "AEROSPIKE_ERR_INDEX_NAME_MAXLEN",
    206: "AEROSPIKE_ERR_INDEX_MAXCOUNT",
    210: "AEROSPIKE_ERR_QUERY_ABORTED",
    211: "AEROSPIKE_ERR_QUERY_QUEUE_FULL",
    212: "AEROSPIKE_ERR_QUERY_TIMEOUT",
    213: "AEROSPIKE_ERR_QUERY",
    1301: "AEROSPIKE_ERR_UDF_NOT_FOUND",
    1302: "AEROSPIKE_ERR_LUA_FILE_NOT_FOUND",
}
# END STATUS TABLE

# code -> class, filled by AerospikeError.__init_subclass__.
_CLASS_BY_CODE: dict[int, type[AerospikeError]] = {}


def status_name(code: int) -> str:
    """C enum name of ``code``; unknown codes still get a stable, greppable label."""
    return STATUS_NAMES.get(code, f"AEROSPIKE_UNKNOWN_STATUS_{code}")


class AerospikeError(Exception):
    """Base of every error raised by aerospike_py.

    Attributes:
        code: the C client's ``as_status`` code.
        result_code: the same code, under the name older callers use.
        msg: the message reported by the client or the server.
        in_doubt: True when a write may have been applied even though it
            failed, so a blind retry could apply it twice.
        file, line: C source location reported by the client, if any.

    Subclasses declare the codes they stand for with class keywords, e.g.
    ``class RecordNotFound(RecordError, codes=(2,))``; the first code becomes
    the default ``code`` when the class is instantiated directly, and
    ``default_code=`` overrides it for classes grouping many codes.
    """

    default_code: ClassVar[int] = -1  # AEROSPIKE_ERR_CLIENT
    codes: ClassVar[tuple[int, ...]] = ()

    code: int
    msg: str
    in_doubt: bool
    file: str | None
    line: int | None

    def __init_subclass__(
        cls,
        /,
        codes: tuple[int, ...] = (),
        default_code: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.codes = tuple(codes)
        if default_code is not None:
            cls.default_code = default_code
        elif codes:
            cls.default_code = codes[0]
        # Check everything before registering anything, so a rejected class
        # leaves the table untouched.
        for code in codes:
            owner = _CLASS_BY_CODE.get(code)
            if owner is not None:
                raise TypeError(f"status {code} is already mapped to {owner.__name__}, not {cls.__name__}")
        _CLASS_BY_CODE.update(dict.fromkeys(codes, cls))

    def __init__(
        self,
        msg: str = "",
        code: int | None = None,
        in_doubt: bool = False,
        *,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.code = self.default_code if code is None else int(code)
        self.in_doubt = bool(in_doubt)
        self.file = file
        self.line = line

    @property
    def result_code(self) -> int:
        """Alias of :attr:`code`, kept because existing callers read this name."""
        return self.code

    @result_code.setter
    def result_code(self, value: int) -> None:
        self.code = int(value)

    def __str__(self) -> str:
        text = f"{type(self).__name__}: {status_name(self.code)} ({self.code})"
        if self.msg:
            text += f": {self.msg}"
        if self.in_doubt:
            text += " [in doubt]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.msg!r}, code={self.code}, in_doubt={self.in_doubt})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep code/in_doubt/file/line across pickling (multiprocessing, logging).
        return (type(self), (self.msg, self.code, self.in_doubt), dict(self.__dict__))


# --- first level ---------------------------------------------------------------


class ClientError(AerospikeError, codes=(-1,)):
    """The client failed before or without a usable server answer."""


class ServerError(AerospikeError, codes=(1,)):
    """The server answered with an error status."""


class RecordError(AerospikeError, default_code=1):
    """A record or bin refused the operation; groups the record-level classes."""


class ClusterError(
    AerospikeError,
    codes=(
        -10,  # AEROSPIKE_ERR_CONNECTION
        -4,  # AEROSPIKE_ERR_INVALID_HOST
        -6,  # AEROSPIKE_ERR_ASYNC_CONNECTION
        -7,  # AEROSPIKE_ERR_NO_MORE_CONNECTIONS
        -8,  # AEROSPIKE_ERR_INVALID_NODE
        -9,  # AEROSPIKE_ERR_TLS_ERROR
        -14,  # AEROSPIKE_MAX_ERROR_RATE
        7,  # AEROSPIKE_ERR_CLUSTER_CHANGE
        11,  # AEROSPIKE_ERR_CLUSTER (partition unavailable)
    ),
):
    """The cluster or a node could not be reached or used; usually transient.

    Server codes 7 and 11 belong here rather than under :class:`ServerError`:
    they report cluster membership trouble, and callers handle them like lost
    connections (wait, then retry).
    """


class AerospikeTimeoutError(AerospikeError, codes=(9,)):
    """The operation ran out of time (client or server side); may be in doubt."""


class InvalidArgError(
    AerospikeError,
    codes=(-2,),  # AEROSPIKE_ERR_PARAM: rejected by the client
):
    """A request argument was rejected by the client before anything was sent.

    The server's own refusal (status 4, AEROSPIKE_ERR_REQUEST_INVALID) is a
    :class:`ServerError`, as in aerospike-py 0.14.4 and the official client.
    """


# --- client errors -------------------------------------------------------------


class BackpressureError(ClientError, codes=(-11,)):  # AEROSPIKE_ERR_ASYNC_QUEUE_FULL
    """The client's command queue is full; back off and retry later."""


class RustPanicError(ClientError):
    """Never raised by this implementation; kept so existing ``except`` clauses import."""


# --- record errors -------------------------------------------------------------


class RecordNotFound(RecordError, codes=(2,)):
    """The record does not exist."""


class RecordGenerationError(RecordError, codes=(3,)):
    """The record changed since it was read (generation check failed)."""


class RecordExistsError(RecordError, codes=(5,)):
    """A create-only write found an existing record."""


class BinExistsError(RecordError, codes=(6,)):
    """A create-only bin write found an existing bin."""


class BinTypeError(RecordError, codes=(12,)):
    """The bin holds a type the operation cannot work on."""


class RecordTooBig(RecordError, codes=(13,)):
    """The record would exceed the namespace's size limit."""


class BinNotFound(RecordError, codes=(17,)):
    """An update-only bin operation targeted a missing bin."""


class BinNameError(RecordError, codes=(21,)):
    """The bin name is too long or the namespace has too many bin names."""


class FilteredOut(RecordError, codes=(27,)):
    """The filter expression excluded the record; nothing was done."""


# --- server errors -------------------------------------------------------------


class AerospikeIndexError(
    ServerError,
    codes=(
        204,  # AEROSPIKE_ERR_INDEX
        202,  # AEROSPIKE_ERR_INDEX_OOM
        203,  # AEROSPIKE_ERR_INDEX_NOT_READABLE
        205,  # AEROSPIKE_ERR_INDEX_NAME_MAXLEN
        206,  # AEROSPIKE_ERR_INDEX_MAXCOUNT
    ),
):
    """A secondary index operation failed."""


class IndexFoundError(AerospikeIndexError, codes=(200,)):
    """The secondary index to create already exists."""


class IndexNotFound(AerospikeIndexError, codes=(201,)):
    """The secondary index does not exist."""


class QueryError(
    ServerError,
    codes=(
        213,  # AEROSPIKE_ERR_QUERY
        211,  # AEROSPIKE_ERR_QUERY_QUEUE_FULL
        212,  # AEROSPIKE_ERR_QUERY_TIMEOUT
    ),
):
    """The server failed to run a query."""


class QueryAbortedError(QueryError, codes=(210,)):
    """The server aborted the query (e.g. a user abort or cluster change)."""


class AdminError(
    ServerError,
    default_code=1,
    codes=(
        51,  # AEROSPIKE_SECURITY_NOT_SUPPORTED
        52,  # AEROSPIKE_SECURITY_NOT_ENABLED
        53,  # AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED
        54,  # AEROSPIKE_INVALID_COMMAND
        55,  # AEROSPIKE_INVALID_FIELD
        56,  # AEROSPIKE_ILLEGAL_STATE
        60,  # AEROSPIKE_INVALID_USER
        61,  # AEROSPIKE_USER_ALREADY_EXISTS
        62,  # AEROSPIKE_INVALID_PASSWORD
        63,  # AEROSPIKE_EXPIRED_PASSWORD
        64,  # AEROSPIKE_FORBIDDEN_PASSWORD
        65,  # AEROSPIKE_INVALID_CREDENTIAL
        66,  # AEROSPIKE_EXPIRED_SESSION
        70,  # AEROSPIKE_INVALID_ROLE
        71,  # AEROSPIKE_ROLE_ALREADY_EXISTS
        72,  # AEROSPIKE_INVALID_PRIVILEGE
        73,  # AEROSPIKE_INVALID_WHITELIST
        74,  # AEROSPIKE_QUOTAS_NOT_ENABLED
        75,  # AEROSPIKE_INVALID_QUOTA
        80,  # AEROSPIKE_NOT_AUTHENTICATED
        81,  # AEROSPIKE_ROLE_VIOLATION
        82,  # AEROSPIKE_NOT_WHITELISTED
        83,  # AEROSPIKE_QUOTA_EXCEEDED
    ),
):
    """Security or user/role administration failed (authentication, roles, quotas)."""


class UDFError(
    ServerError,
    codes=(
        100,  # AEROSPIKE_ERR_UDF
        1301,  # AEROSPIKE_ERR_UDF_NOT_FOUND
        1302,  # AEROSPIKE_ERR_LUA_FILE_NOT_FOUND
    ),
):
    """A user-defined function failed, or its module is missing."""


def exception_for(
    code: int,
    msg: str,
    in_doubt: bool = False,
    *,
    file: str | None = None,
    line: int | None = None,
) -> AerospikeError:
    """Build the most specific exception for an ``as_status`` code.

    Codes without a dedicated class fall back by sign: positive codes are
    server answers (:class:`ServerError`), negative ones are client-side
    (:class:`ClientError`).  ``AEROSPIKE_OK`` (0) is not an error; it yields a
    bare :class:`AerospikeError` so a caller bug still surfaces with a clear
    message instead of crashing the error path.
    """
    code = int(code)
    cls = _CLASS_BY_CODE.get(code)
    if cls is None:
        cls = ServerError if code > 0 else ClientError if code < 0 else AerospikeError
    return cls(msg, code, in_doubt, file=file, line=line)


# Deprecated names; they shadow builtins, hence the Aerospike* replacements.
_DEPRECATED_ALIASES: dict[str, tuple[type[AerospikeError], str]] = {
    "TimeoutError": (AerospikeTimeoutError, "AerospikeTimeoutError"),
    "IndexError": (AerospikeIndexError, "AerospikeIndexError"),
}


def __getattr__(name: str) -> Any:
    """Serve the deprecated aliases with a warning instead of failing outright."""
    alias = _DEPRECATED_ALIASES.get(name)
    if alias is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    cls, replacement = alias
    warnings.warn(
        f"{__name__}.{name} is deprecated and will be removed in 1.0.0; use {replacement}",
        DeprecationWarning,
        stacklevel=2,
    )
    return cls
