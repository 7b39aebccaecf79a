"""Wire-protocol constants and framing helpers.

The numbers mirror what the Aerospike server puts on the wire; they are kept
in one module so every part of the test server speaks with the same
vocabulary and a reader can check them against the protocol in one place.
"""

from __future__ import annotations

import struct
import time

PROTO_VERSION = 2
TYPE_INFO = 1
TYPE_ADMIN = 2
TYPE_MSG = 3
TYPE_COMPRESSED = 4

MSG_HEADER = struct.Struct(">BBBBBBIIIHH")  # 22 bytes after the proto header
MSG_HEADER_SIZE = 22
PROTO_HEADER = struct.Struct(">Q")
FIELD_HEADER = struct.Struct(">IB")
OP_HEADER = struct.Struct(">IBBBB")

# Citrusleaf epoch (2010-01-01T00:00:00Z) used for void times.
CITRUS_EPOCH = 1262304000
N_PARTITIONS = 4096
MAX_BIN_NAME = 15
WRITE_BLOCK_SIZE = 1024 * 1024
MAX_TTL = 10 * 365 * 24 * 3600

# info1
INFO1_READ = 1 << 0
INFO1_GET_ALL = 1 << 1
INFO1_SHORT_QUERY = 1 << 2
INFO1_BATCH = 1 << 3
INFO1_NOBINDATA = 1 << 5
INFO1_COMPRESS_RESPONSE = 1 << 7
# info2
INFO2_WRITE = 1 << 0
INFO2_DELETE = 1 << 1
INFO2_GENERATION = 1 << 2
INFO2_GENERATION_GT = 1 << 3
INFO2_DURABLE_DELETE = 1 << 4
INFO2_CREATE_ONLY = 1 << 5
INFO2_RELAX_AP_LONG_QUERY = 1 << 6
INFO2_RESPOND_ALL_OPS = 1 << 7
# info3
INFO3_LAST = 1 << 0
INFO3_PARTITION_DONE = 1 << 2
INFO3_UPDATE_ONLY = 1 << 3
INFO3_CREATE_OR_REPLACE = 1 << 4
INFO3_REPLACE_ONLY = 1 << 5

# field types
FIELD_NAMESPACE = 0
FIELD_SETNAME = 1
FIELD_KEY = 2
FIELD_RECORD_VERSION = 3
FIELD_DIGEST = 4
FIELD_TXN_ID = 5
FIELD_TXN_DEADLINE = 6
FIELD_TASK_ID = 7
FIELD_SOCKET_TIMEOUT = 9
FIELD_RPS = 10
FIELD_PID_ARRAY = 11
FIELD_DIGEST_ARRAY = 12
FIELD_MAX_RECORDS = 13
FIELD_BVAL_ARRAY = 15
FIELD_INDEX_NAME = 21
FIELD_INDEX_RANGE = 22
FIELD_INDEX_CONTEXT = 23
FIELD_INDEX_EXPRESSION = 24
FIELD_INDEX_TYPE = 26
FIELD_UDF_PACKAGE_NAME = 30
FIELD_UDF_FUNCTION = 31
FIELD_UDF_ARGLIST = 32
FIELD_UDF_OP = 33
FIELD_QUERY_BINS = 40
FIELD_BATCH_INDEX = 41
FIELD_FILTER = 43

# wire operation codes
OP_READ = 1
OP_WRITE = 2
OP_CDT_READ = 3
OP_CDT_MODIFY = 4
OP_INCR = 5
OP_EXP_READ = 7
OP_EXP_MODIFY = 8
OP_APPEND = 9
OP_PREPEND = 10
OP_TOUCH = 11
OP_BIT_READ = 12
OP_BIT_MODIFY = 13
OP_DELETE = 14
OP_HLL_READ = 15
OP_HLL_MODIFY = 16

# particle types
PT_NULL = 0
PT_INTEGER = 1
PT_FLOAT = 2
PT_STRING = 3
PT_BLOB = 4
PT_BOOL = 17
PT_HLL = 18
PT_MAP = 19
PT_LIST = 20
PT_GEOJSON = 23
BLOB_TYPES = frozenset({4, 7, 8, 9, 10, 11, 12, 16, 18})

# result codes
OK = 0
ERR_SERVER = 1
ERR_NOT_FOUND = 2
ERR_GENERATION = 3
ERR_PARAMETER = 4
ERR_RECORD_EXISTS = 5
ERR_BIN_EXISTS = 6
ERR_FORBIDDEN_ALWAYS = 10
ERR_UNAVAILABLE = 11
ERR_INCOMPATIBLE_TYPE = 12
ERR_RECORD_TOO_BIG = 13
ERR_KEY_BUSY = 14
ERR_UNSUPPORTED_FEATURE = 16
ERR_BIN_NOT_FOUND = 17
ERR_NAMESPACE = 20
ERR_BIN_NAME = 21
ERR_FORBIDDEN = 22
ERR_ELEMENT_NOT_FOUND = 23
ERR_ELEMENT_EXISTS = 24
ERR_ENTERPRISE_ONLY = 25
ERR_OP_NOT_APPLICABLE = 26
ERR_FILTERED_OUT = 27
ERR_SECURITY_NOT_SUPPORTED = 51
ERR_SECURITY_NOT_ENABLED = 52
ERR_UDF = 100
ERR_INDEX_FOUND = 200
ERR_INDEX_NOT_FOUND = 201


class ProtocolError(Exception):
    """A frame or message the server cannot parse; the connection is dropped."""


class ServerError(Exception):
    """Abort the current command with a result code for the client."""

    def __init__(self, code: int, msg: str = "") -> None:
        super().__init__(msg or f"result code {code}")
        self.code = code


class Op:
    """One operation of a message, with its raw value bytes."""

    __slots__ = ("op", "ptype", "name", "value")

    def __init__(self, op: int, ptype: int, name: str, value: bytes) -> None:
        self.op = op
        self.ptype = ptype
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return f"Op({self.op}, {self.ptype}, {self.name!r}, {self.value!r})"


class Message:
    """A parsed type-3 message (the fixed header, fields and operations)."""

    __slots__ = ("info1", "info2", "info3", "info4", "generation", "record_ttl", "timeout",
                 "fields", "ops")

    def __init__(self, info1: int, info2: int, info3: int, info4: int, generation: int,
                 record_ttl: int, timeout: int, fields: dict[int, bytes] | None = None,
                 ops: list[Op] | None = None) -> None:
        self.info1 = info1
        self.info2 = info2
        self.info3 = info3
        self.info4 = info4
        self.generation = generation
        self.record_ttl = record_ttl
        self.timeout = timeout
        self.fields: dict[int, bytes] = fields if fields is not None else {}
        self.ops: list[Op] = ops if ops is not None else []


def now_ns() -> int:
    """Wall clock in nanoseconds, in whole milliseconds like the server's last-update times."""
    return time.time_ns() // 1_000_000 * 1_000_000


def now_citrus() -> int:
    """Seconds since the citrusleaf epoch, the unit of void times."""
    return int(time.time()) - CITRUS_EPOCH


def proto_header(ptype: int, size: int) -> bytes:
    """Eight-byte frame header: version, type, 48-bit size."""
    return PROTO_HEADER.pack((PROTO_VERSION << 56) | (ptype << 48) | size)


def parse_message(buf: bytes | memoryview, offset: int = 0) -> tuple[Message, int]:
    """Parse a message starting at offset; returns it and the end offset."""
    try:
        (hsz, info1, info2, info3, info4, _rc, gen, ttl, timeout, n_fields,
         n_ops) = MSG_HEADER.unpack_from(buf, offset)
    except struct.error as exc:
        raise ProtocolError("truncated message header") from exc
    if hsz != MSG_HEADER_SIZE:
        raise ProtocolError(f"bad message header size {hsz}")
    p = offset + hsz
    end = len(buf)
    msg = Message(info1, info2, info3, info4, gen, ttl, timeout)
    fields = msg.fields
    for _ in range(n_fields):
        if p + 5 > end:
            raise ProtocolError("truncated field header")
        size, ftype = FIELD_HEADER.unpack_from(buf, p)
        if size < 1 or p + 4 + size > end:
            raise ProtocolError("bad field size")
        fields[ftype] = bytes(buf[p + 5:p + 4 + size])
        p += 4 + size
    ops = msg.ops
    for _ in range(n_ops):
        if p + 8 > end:
            raise ProtocolError("truncated op header")
        size, op, ptype, _ver, nlen = OP_HEADER.unpack_from(buf, p)
        vstart = p + 8 + nlen
        vend = p + 4 + size
        if size < 4 + nlen or vend > end:
            raise ProtocolError("bad op size")
        try:
            name = bytes(buf[p + 8:vstart]).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError("bin name is not utf-8") from exc
        ops.append(Op(op, ptype, name, bytes(buf[vstart:vend])))
        p = vend
    return msg, p


def pack_field(ftype: int, data: bytes) -> bytes:
    """Encode one message field."""
    return FIELD_HEADER.pack(len(data) + 1, ftype) + data


def pack_op(op: int, ptype: int, name: str, value: bytes) -> bytes:
    """Encode one operation (a bin in a response)."""
    nb = name.encode()
    return OP_HEADER.pack(len(nb) + len(value) + 4, op, ptype, 0, len(nb)) + nb + value


def build_message(result: int, generation: int = 0, void_time: int = 0,
                  fields: list[bytes] | None = None, ops: list[bytes] | None = None,
                  info1: int = 0, info2: int = 0, info3: int = 0,
                  framed: bool = True) -> bytes:
    """Build a response message, optionally with its proto header."""
    fields = fields or []
    ops = ops or []
    body = MSG_HEADER.pack(MSG_HEADER_SIZE, info1, info2, info3, 0, result,
                           generation, void_time, 0, len(fields), len(ops))
    body = body + b"".join(fields) + b"".join(ops)
    if not framed:
        return body
    return proto_header(TYPE_MSG, len(body)) + body
