"""Aerospike's flavour of msgpack, used for list/map bins and CDT arguments.

Differences from plain msgpack that matter here: strings and blobs are both
msgpack "raw" values whose first byte is the Aerospike particle type (3 for
strings, 4 for blobs, 23 for GeoJSON), ordered lists/maps carry an ext header
element with their flags, and fixext1 type 0xff encodes the wildcard and
infinity values used in range operations.
"""

from __future__ import annotations

import struct
from typing import Any

from ._proto import ProtocolError


class Blob(bytes):
    """A blob whose particle type is not the plain blob type (e.g. Python/Java)."""

    ptype: int

    def __new__(cls, data: bytes, ptype: int = 4) -> "Blob":
        obj = super().__new__(cls, data)
        obj.ptype = ptype
        return obj


class Geo(str):
    """A GeoJSON string."""


class AList(list):
    """A list with its CDT order flags (0 = unordered, 1 = ordered)."""

    flags: int = 0


class AMap:
    """A map as an ordered sequence of pairs plus its order flags."""

    __slots__ = ("pairs", "flags")

    def __init__(self, pairs: list[tuple[Any, Any]] | None = None, flags: int = 0) -> None:
        self.pairs = pairs if pairs is not None else []
        self.flags = flags

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AMap):
            return NotImplemented
        return sorted_pairs(self.pairs) == sorted_pairs(other.pairs)

    def __repr__(self) -> str:
        return f"AMap({self.pairs!r}, flags={self.flags})"


class RawStr(bytes):
    """An undecoded msgpack string (expressions mix typed and plain strings)."""


class _Special:
    def __init__(self, name: str, code: int) -> None:
        self.name = name
        self.code = code

    def __repr__(self) -> str:
        return self.name


WILDCARD = _Special("WILDCARD", 0)
INF = _Special("INF", 1)


def sorted_pairs(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return sorted(pairs, key=lambda kv: sort_key(kv[0]))


# -- ordering ---------------------------------------------------------------
# Aerospike orders values by type first: nil, bool, int, string, list, map,
# bytes, float, geojson, then infinity.
def sort_key(v: Any) -> tuple:
    """Key that sorts values the way the server's CDT ordering does."""
    if v is None:
        return (1,)
    if v is WILDCARD:
        return (0,)
    if v is INF:
        return (10,)
    if isinstance(v, bool):
        return (2, int(v))
    if isinstance(v, int):
        return (3, v)
    if isinstance(v, Geo):
        return (9, str(v))
    if isinstance(v, str):
        return (4, v.encode())
    if isinstance(v, list):
        return (5, len(v), tuple(sort_key(x) for x in v))
    if isinstance(v, AMap):
        return (6, len(v.pairs), tuple((sort_key(k), sort_key(x)) for k, x in sorted_pairs(v.pairs)))
    if isinstance(v, (bytes, bytearray)):
        return (7, bytes(v))
    if isinstance(v, float):
        return (8, v)
    return (11, repr(v))


# -- decoding ---------------------------------------------------------------
class Unpacker:
    """Sequential decoder over one buffer."""

    def __init__(self, data: bytes, offset: int = 0, raw: bool = False) -> None:
        self.data = data
        self.pos = offset
        self.raw = raw

    def _take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise ProtocolError("truncated msgpack")
        out = self.data[self.pos:end]
        self.pos = end
        return out

    def _byte(self) -> int:
        if self.pos >= len(self.data):
            raise ProtocolError("truncated msgpack")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def _unpack_fmt(self, fmt: str, n: int) -> Any:
        return struct.unpack(fmt, self._take(n))[0]

    def peek_ext(self) -> bool:
        return self.pos < len(self.data) and self.data[self.pos] in (0xc7, 0xc8, 0xc9, 0xd4, 0xd5,
                                                                     0xd6, 0xd7, 0xd8)

    def unpack(self) -> Any:
        b = self._byte()
        if b <= 0x7f:
            return b
        if b >= 0xe0:
            return b - 0x100
        if 0x80 <= b <= 0x8f:
            return self._map(b & 0x0f)
        if 0x90 <= b <= 0x9f:
            return self._list(b & 0x0f)
        if 0xa0 <= b <= 0xbf:
            return self._raw(b & 0x1f)
        if b == 0xc0:
            return None
        if b == 0xc2:
            return False
        if b == 0xc3:
            return True
        if b in (0xc4, 0xd9):
            return self._raw(self._byte())
        if b in (0xc5, 0xda):
            return self._raw(self._unpack_fmt(">H", 2))
        if b in (0xc6, 0xdb):
            return self._raw(self._unpack_fmt(">I", 4))
        if b == 0xca:
            return float(self._unpack_fmt(">f", 4))
        if b == 0xcb:
            return self._unpack_fmt(">d", 8)
        if b == 0xcc:
            return self._byte()
        if b == 0xcd:
            return self._unpack_fmt(">H", 2)
        if b == 0xce:
            return self._unpack_fmt(">I", 4)
        if b == 0xcf:
            return self._unpack_fmt(">Q", 8)
        if b == 0xd0:
            return self._unpack_fmt(">b", 1)
        if b == 0xd1:
            return self._unpack_fmt(">h", 2)
        if b == 0xd2:
            return self._unpack_fmt(">i", 4)
        if b == 0xd3:
            return self._unpack_fmt(">q", 8)
        if b == 0xdc:
            return self._list(self._unpack_fmt(">H", 2))
        if b == 0xdd:
            return self._list(self._unpack_fmt(">I", 4))
        if b == 0xde:
            return self._map(self._unpack_fmt(">H", 2))
        if b == 0xdf:
            return self._map(self._unpack_fmt(">I", 4))
        if b in (0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xc7, 0xc8, 0xc9):
            etype, data = self._ext(b)
            if etype == 0xff and data[:1] == b"\x01":
                return INF
            if etype == 0xff:
                return WILDCARD
            return _Ext(etype, data)
        raise ProtocolError(f"bad msgpack byte 0x{b:02x}")

    def _ext(self, b: int) -> tuple[int, bytes]:
        sizes = {0xd4: 1, 0xd5: 2, 0xd6: 4, 0xd7: 8, 0xd8: 16}
        if b in sizes:
            n = sizes[b]
        elif b == 0xc7:
            n = self._byte()
        elif b == 0xc8:
            n = self._unpack_fmt(">H", 2)
        else:
            n = self._unpack_fmt(">I", 4)
        etype = self._byte()
        return etype, self._take(n)

    def _raw(self, n: int) -> Any:
        data = self._take(n)
        if self.raw:
            return RawStr(data)
        return typed_raw(data)

    def _list(self, n: int) -> AList:
        out = AList()
        if n and self.peek_ext():
            etype, _ = self._ext(self._byte())
            out.flags = etype
            n -= 1
        for _ in range(n):
            out.append(self.unpack())
        return out

    def _map(self, n: int) -> AMap:
        m = AMap()
        if n and self.peek_ext():
            etype, _ = self._ext(self._byte())
            self.unpack()  # the nil value paired with the ext key
            m.flags = etype
            n -= 1
        pairs = m.pairs
        for _ in range(n):
            k = self.unpack()
            pairs.append((k, self.unpack()))
        return m


def typed_raw(data: bytes) -> Any:
    """Interpret a msgpack string whose first byte is the particle type."""
    if not data:
        return ""
    t = data[0]
    if t == 3:
        return data[1:].decode("utf-8", "surrogateescape")
    if t == 4:
        return bytes(data[1:])
    if t == 23:
        return Geo(data[1:].decode("utf-8", "replace"))
    return Blob(data[1:], t)


class _Ext:
    __slots__ = ("etype", "data")

    def __init__(self, etype: int, data: bytes) -> None:
        self.etype = etype
        self.data = data


def unpack(data: bytes, raw: bool = False) -> Any:
    """Decode one value; with raw=True strings stay undecoded ``RawStr``."""
    return Unpacker(data, raw=raw).unpack()


def materialize(v: Any) -> Any:
    """Turn every ``RawStr`` inside v into its typed value."""
    if isinstance(v, RawStr):
        return typed_raw(bytes(v))
    if isinstance(v, list):
        out = AList(materialize(x) for x in v)
        out.flags = getattr(v, "flags", 0)
        return out
    if isinstance(v, AMap):
        return AMap([(materialize(k), materialize(x)) for k, x in v.pairs], v.flags)
    return v


# -- encoding ---------------------------------------------------------------
def _pack_len(out: bytearray, n: int, fix: int, fixmax: int, c16: int, c32: int) -> None:
    if n <= fixmax:
        out.append(fix | n)
    elif n <= 0xffff:
        out.append(c16)
        out += struct.pack(">H", n)
    else:
        out.append(c32)
        out += struct.pack(">I", n)


def _pack_raw(out: bytearray, payload: bytes) -> None:
    n = len(payload)
    if n < 32:
        out.append(0xa0 | n)
    elif n < 256:
        out += bytes((0xd9, n))
    elif n < 65536:
        out.append(0xda)
        out += struct.pack(">H", n)
    else:
        out.append(0xdb)
        out += struct.pack(">I", n)
    out += payload


def _pack_int(out: bytearray, v: int) -> None:
    if 0 <= v <= 0x7f:
        out.append(v)
    elif -32 <= v < 0:
        out.append(v & 0xff)
    elif 0 <= v <= 0xff:
        out += bytes((0xcc, v))
    elif 0 <= v <= 0xffff:
        out.append(0xcd)
        out += struct.pack(">H", v)
    elif 0 <= v <= 0xffffffff:
        out.append(0xce)
        out += struct.pack(">I", v)
    elif v > 0:
        out.append(0xcf)
        out += struct.pack(">Q", v)
    elif v >= -0x80:
        out.append(0xd0)
        out += struct.pack(">b", v)
    elif v >= -0x8000:
        out.append(0xd1)
        out += struct.pack(">h", v)
    elif v >= -0x80000000:
        out.append(0xd2)
        out += struct.pack(">i", v)
    else:
        out.append(0xd3)
        out += struct.pack(">q", v)


def pack_into(out: bytearray, v: Any) -> None:
    """Append the encoding of v to out."""
    if v is None:
        out.append(0xc0)
    elif v is True:
        out.append(0xc3)
    elif v is False:
        out.append(0xc2)
    elif isinstance(v, int):
        _pack_int(out, v)
    elif isinstance(v, float):
        out.append(0xcb)
        out += struct.pack(">d", v)
    elif isinstance(v, Geo):
        _pack_raw(out, b"\x17" + v.encode())
    elif isinstance(v, str):
        _pack_raw(out, b"\x03" + v.encode("utf-8", "surrogateescape"))
    elif isinstance(v, Blob):
        _pack_raw(out, bytes((v.ptype,)) + bytes(v))
    elif isinstance(v, (bytes, bytearray)):
        _pack_raw(out, b"\x04" + bytes(v))
    elif isinstance(v, list):
        flags = getattr(v, "flags", 0)
        n = len(v) + (1 if flags else 0)
        _pack_len(out, n, 0x90, 15, 0xdc, 0xdd)
        if flags:
            out += bytes((0xd4, flags, 0))
        for x in v:
            pack_into(out, x)
    elif isinstance(v, AMap):
        n = len(v.pairs) + (1 if v.flags else 0)
        _pack_len(out, n, 0x80, 15, 0xde, 0xdf)
        if v.flags:
            out += bytes((0xd4, v.flags, 0, 0xc0))
        pairs = sorted_pairs(v.pairs) if v.flags & 1 else v.pairs
        for k, x in pairs:
            pack_into(out, k)
            pack_into(out, x)
    elif v is WILDCARD or v is INF:
        out += bytes((0xd4, 0xff, v.code))
    elif isinstance(v, _Ext):
        out += bytes((0xc7, len(v.data), v.etype)) + v.data
    else:
        raise TypeError(f"cannot pack {type(v).__name__}")


def pack(v: Any) -> bytes:
    """Encode one value."""
    out = bytearray()
    pack_into(out, v)
    return bytes(out)


# -- bins <-> values --------------------------------------------------------
def bin_to_value(ptype: int, raw: bytes) -> Any:
    """Decode a stored bin (particle type + wire bytes) into a value."""
    if ptype == 1:
        return int.from_bytes(raw, "big", signed=True) if raw else 0
    if ptype == 2:
        return struct.unpack(">d", raw)[0] if len(raw) == 8 else 0.0
    if ptype == 3:
        return raw.decode("utf-8", "surrogateescape")
    if ptype == 17:
        return bool(raw[0]) if raw else False
    if ptype in (19, 20):
        return unpack(raw)
    if ptype == 23:
        if len(raw) < 3:
            return Geo("")
        ncells = struct.unpack_from(">H", raw, 1)[0]
        return Geo(raw[3 + 8 * ncells:].decode("utf-8", "replace"))
    if ptype == 0:
        return None
    if ptype == 4:
        return bytes(raw)
    return Blob(raw, ptype)


def value_to_bin(v: Any) -> tuple[int, bytes]:
    """Encode a value as a bin (particle type + wire bytes)."""
    if v is None:
        return 0, b""
    if isinstance(v, bool):
        return 17, b"\x01" if v else b"\x00"
    if isinstance(v, int):
        return 1, struct.pack(">q", v)
    if isinstance(v, float):
        return 2, struct.pack(">d", v)
    if isinstance(v, Geo):
        return 23, b"\x00\x00\x00" + v.encode()
    if isinstance(v, str):
        return 3, v.encode("utf-8", "surrogateescape")
    if isinstance(v, Blob):
        return v.ptype, bytes(v)
    if isinstance(v, (bytes, bytearray)):
        return 4, bytes(v)
    if isinstance(v, list):
        return 20, pack(v)
    if isinstance(v, AMap):
        return 19, pack(v)
    raise TypeError(f"cannot store {type(v).__name__}")
