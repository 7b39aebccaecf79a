"""HyperLogLog operations (operation types 15 read / 16 modify).

A bin holds the server's layout: a header of flags (1 byte), index bit count
(1), min-hash bit count (1) and a cached count (8), then 2**index_bits
registers packed most significant bit first, each a 6-bit HLL value followed
by ``minhash_bits`` of min-hash. Values are hashed (128 bits) from their
msgpack form: the high 64 bits pick the register and its leading-zero rank,
the low bits give the min-hash. Counts use the usual HyperLogLog estimate
with linear counting for small cardinalities; intersections and similarity
use the min-hash registers when present (HyperMinHash), inclusion-exclusion
otherwise. Estimates are approximate, as on a real server.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import struct
from typing import Any

from . import _proto as P
from ._msgpack import Blob, pack, unpack
from ._proto import Op, ServerError

INIT, ADD, SET_UNION, REFRESH_COUNT, FOLD = 0, 1, 2, 3, 4
COUNT, UNION, UNION_COUNT, INTERSECT_COUNT, SIMILARITY, DESCRIBE, MAY_CONTAIN = 50, 51, 52, 53, 54, 55, 56
CREATE_ONLY, UPDATE_ONLY, NO_FAIL, ALLOW_FOLD = 1, 2, 4, 8
MIN_INDEX, MAX_INDEX, MIN_MH, MAX_MH = 4, 16, 4, 51
HEADER = 11
VALUE_BITS = 6


class Hll:
    """Registers as (hll value, min-hash value) pairs."""

    def __init__(self, index_bits: int, mh_bits: int, regs: list[tuple[int, int]] | None = None) -> None:
        self.index_bits = index_bits
        self.mh_bits = mh_bits
        self.regs = regs if regs is not None else [(0, 0)] * (1 << index_bits)

    # -- wire form ---------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> "Hll":
        if len(data) < HEADER:
            raise ServerError(P.ERR_PARAMETER)
        ib, mb = data[1], data[2]
        width = VALUE_BITS + mb
        n = 1 << ib
        if not MIN_INDEX <= ib <= MAX_INDEX or len(data) != HEADER + (n * width + 7) // 8:
            raise ServerError(P.ERR_PARAMETER)
        bits = int.from_bytes(data[HEADER:], "big")
        total = (len(data) - HEADER) * 8
        regs = []
        mh_mask = (1 << mb) - 1
        for i in range(n):
            reg = (bits >> (total - (i + 1) * width)) & ((1 << width) - 1)
            regs.append((reg >> mb, reg & mh_mask))
        return cls(ib, mb, regs)

    def to_bytes(self) -> bytes:
        width = VALUE_BITS + self.mh_bits
        n = len(self.regs)
        nbytes = (n * width + 7) // 8
        bits = 0
        for value, mh in self.regs:
            bits = (bits << width) | (value << self.mh_bits) | mh
        bits <<= nbytes * 8 - n * width
        header = bytes([0, self.index_bits, self.mh_bits]) + struct.pack(">Q", self.count())
        return header + bits.to_bytes(nbytes, "big")

    # -- arithmetic ----------------------------------------------------------
    def may_contain(self, value: Any) -> bool:
        """False only if ``value`` was certainly never added: its register is below its rank."""
        index, rank, _ = self._position(value)
        return self.regs[index][0] >= rank

    def add(self, value: Any) -> bool:
        index, rank, mh = self._position(value)
        old_value, old_mh = self.regs[index]
        if rank > old_value or (rank == old_value and self.mh_bits and mh < old_mh):
            self.regs[index] = (rank, mh)
            return True
        return False

    def _position(self, value: Any) -> tuple[int, int, int]:
        digest = hashlib.blake2b(pack(value), digest_size=16).digest()
        h1, h2 = struct.unpack(">QQ", digest)
        ib = self.index_bits
        index = h1 >> (64 - ib)
        rest_bits = 64 - ib
        rest = h1 & ((1 << rest_bits) - 1)
        rank = min(rest_bits - rest.bit_length() + 1, (1 << VALUE_BITS) - 1)
        mh = h2 >> (64 - self.mh_bits) if self.mh_bits else 0
        return index, rank, mh

    def count(self) -> int:
        m = len(self.regs)
        zeros = sum(1 for v, _ in self.regs if v == 0)
        alpha = 0.7213 / (1 + 1.079 / m) if m >= 128 else {16: 0.673, 32: 0.697, 64: 0.709}[m]
        estimate = alpha * m * m / sum(2.0 ** -v for v, _ in self.regs)
        if estimate <= 2.5 * m and zeros:
            estimate = m * math.log(m / zeros)
        return int(round(estimate))

    def folded(self, index_bits: int) -> "Hll":
        """The same sketch with fewer index bits (only without min-hash bits)."""
        if index_bits == self.index_bits:
            return self
        shift = self.index_bits - index_bits
        regs = [0] * (1 << index_bits)
        for i, (value, _mh) in enumerate(self.regs):
            if value == 0:
                continue
            low = i & ((1 << shift) - 1)
            rank = shift - low.bit_length() + 1 if low else value + shift
            j = i >> shift
            regs[j] = max(regs[j], min(rank, (1 << VALUE_BITS) - 1))
        return Hll(index_bits, 0, [(v, 0) for v in regs])


def _union(sketches: list[Hll]) -> Hll:
    ib = min(h.index_bits for h in sketches)
    mb = min(h.mh_bits for h in sketches)
    if any(h.mh_bits != mb or h.index_bits != ib for h in sketches):
        sketches = [Hll(h.index_bits, 0, [(v, 0) for v, _ in h.regs]).folded(ib) for h in sketches]
        mb = 0
    regs = list(sketches[0].regs)
    for h in sketches[1:]:
        for i, (value, mh) in enumerate(h.regs):
            cur_value, cur_mh = regs[i]
            if value > cur_value or (value == cur_value and mh < cur_mh):
                regs[i] = (value, mh)
    return Hll(ib, mb, regs)


def _jaccard(sketches: list[Hll]) -> float:
    """Share of non-empty registers on which every sketch agrees (HyperMinHash)."""
    matches = nonempty = 0
    for regs in zip(*(h.regs for h in sketches)):
        if any(v for v, _ in regs):
            nonempty += 1
            if all(r == regs[0] for r in regs) and regs[0][0]:
                matches += 1
    return matches / nonempty if nonempty else 0.0


def _intersect_count(sketches: list[Hll]) -> float:
    if any(h.mh_bits for h in sketches):
        if len({(h.index_bits, h.mh_bits) for h in sketches}) != 1:
            raise ServerError(P.ERR_OP_NOT_APPLICABLE)  # min-hash bits must match
        return _jaccard(sketches) * _union(sketches).count()
    # inclusion-exclusion over the unions of every subset
    total = 0.0
    for size in range(1, len(sketches) + 1):
        for subset in itertools.combinations(sketches, size):
            total += (-1) ** (size + 1) * _union(list(subset)).count()
    return max(total, 0.0)


# -- argument checks --------------------------------------------------------
def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ServerError(P.ERR_PARAMETER)
    return v


def _check_bits(ib: int, mb: int) -> None:
    if not MIN_INDEX <= ib <= MAX_INDEX:
        raise ServerError(P.ERR_PARAMETER)
    if mb and not (MIN_MH <= mb <= MAX_MH and ib + mb <= 64):
        raise ServerError(P.ERR_PARAMETER)


def _sketches(v: Any) -> list[Hll]:
    if not isinstance(v, list) or not v:
        raise ServerError(P.ERR_PARAMETER)
    out = []
    for item in v:
        if not isinstance(item, Blob) or item.ptype != P.PT_HLL:
            raise ServerError(P.ERR_PARAMETER)
        out.append(Hll.from_bytes(bytes(item)))
    return out


def _int_result(v: float) -> tuple[int, bytes]:
    return P.PT_INTEGER, struct.pack(">q", int(round(v)))


def run_hll_op(ctx: Any, op: Op) -> tuple[int, bytes] | None:
    """Apply one HLL operation to ctx.bins; returns its result bin, if any."""
    try:
        payload = unpack(op.value)
    except P.ProtocolError as exc:
        raise ServerError(P.ERR_PARAMETER) from exc
    if not isinstance(payload, list) or not payload:
        raise ServerError(P.ERR_PARAMETER)
    if payload[0] == 0xff:  # a context: HLLs nested in lists/maps are not supported
        raise ServerError(P.ERR_PARAMETER)
    code, args = _int(payload[0]), payload[1:]
    read = op.op == P.OP_HLL_READ
    if read != (code >= COUNT):
        raise ServerError(P.ERR_PARAMETER)
    cur = ctx.bins.get(op.name)
    if cur is not None and cur[0] != P.PT_HLL:
        raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
    hll = Hll.from_bytes(cur[1]) if cur is not None else None
    if read:
        return _read(code, args, hll)
    return _modify(ctx, op.name, code, args, hll)


def _read(code: int, args: list[Any], hll: Hll | None) -> tuple[int, bytes] | None:
    if hll is None:
        return None
    if code == COUNT:
        return _int_result(hll.count())
    if code == DESCRIBE:
        return P.PT_LIST, pack([hll.index_bits, hll.mh_bits])
    if not args:
        raise ServerError(P.ERR_PARAMETER)
    if code == MAY_CONTAIN:
        if not isinstance(args[0], list):
            raise ServerError(P.ERR_PARAMETER)
        return _int_result(1 if all(hll.may_contain(v) for v in args[0]) else 0)
    others = _sketches(args[0])
    if code == UNION:
        return P.PT_HLL, _union([hll, *others]).to_bytes()
    if code == UNION_COUNT:
        return _int_result(_union([hll, *others]).count())
    if code == INTERSECT_COUNT:
        return _int_result(_intersect_count([hll, *others]))
    if code == SIMILARITY:
        union = _union([hll, *others]).count()
        sim = _intersect_count([hll, *others]) / union if union else 0.0
        return P.PT_FLOAT, struct.pack(">d", min(sim, 1.0))
    raise ServerError(P.ERR_PARAMETER)


def _modify(ctx: Any, name: str, code: int, args: list[Any], hll: Hll | None) -> tuple[int, bytes] | None:
    flags = _int(args[-1]) if code in (INIT, ADD, SET_UNION) and args else 0
    if code in (INIT, ADD, SET_UNION):
        if hll is not None and flags & CREATE_ONLY and code != ADD:
            if flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_BIN_EXISTS)
        if hll is None and flags & UPDATE_ONLY:
            if flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_BIN_NOT_FOUND)
    result: tuple[int, bytes] | None = None
    if code == INIT:
        if len(args) != 3:
            raise ServerError(P.ERR_PARAMETER)
        ib, mb = _int(args[0]), _int(args[1])
        if ib == -1:
            if hll is None:
                raise ServerError(P.ERR_PARAMETER)
            ib = hll.index_bits
        if mb == -1:
            mb = hll.mh_bits if hll is not None else 0
        _check_bits(ib, mb)
        new = Hll(ib, mb)
    elif code == ADD:
        if len(args) != 4 or not isinstance(args[0], list):
            raise ServerError(P.ERR_PARAMETER)
        ib, mb = _int(args[1]), _int(args[2])
        if hll is None:
            if ib == -1:
                raise ServerError(P.ERR_BIN_NOT_FOUND)
            mb = 0 if mb == -1 else mb
            _check_bits(ib, mb)
            hll = Hll(ib, mb)
        elif flags & CREATE_ONLY:
            if flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_BIN_EXISTS)
        changed = sum(1 for v in args[0] if hll.add(v))
        new = hll
        result = _int_result(changed)
    elif code == SET_UNION:
        if len(args) != 2:
            raise ServerError(P.ERR_PARAMETER)
        others = _sketches(args[0])
        if hll is not None and any(o.index_bits < hll.index_bits for o in others) and not flags & ALLOW_FOLD:
            if flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_OP_NOT_APPLICABLE)
        new = _union([hll, *others] if hll is not None else others)
    elif code == REFRESH_COUNT:
        if hll is None:
            raise ServerError(P.ERR_BIN_NOT_FOUND)
        new = hll
        result = _int_result(hll.count())
    elif code == FOLD:
        if hll is None:
            raise ServerError(P.ERR_BIN_NOT_FOUND)
        ib = _int(args[0]) if args else -1
        if not MIN_INDEX <= ib <= MAX_INDEX:
            raise ServerError(P.ERR_PARAMETER)
        if hll.mh_bits or ib > hll.index_bits:  # cannot fold min-hash, nor grow
            raise ServerError(P.ERR_OP_NOT_APPLICABLE)
        new = hll.folded(ib)
    else:
        raise ServerError(P.ERR_PARAMETER)
    ctx.bins[name] = (P.PT_HLL, new.to_bytes())
    return result
