"""In-memory record storage shared by every node of a test cluster.

Records are keyed by (namespace, digest) exactly like the real server; the
set name and the user key travel with the record. Bin values are kept as
(particle type, raw wire bytes) so that a put/get round trip returns the very
bytes the client sent, and decoding only happens for operations that need it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ._proto import N_PARTITIONS, now_citrus


class Record:
    """One stored record."""

    __slots__ = ("set_name", "key", "bins", "generation", "void_time", "lut")

    def __init__(self, set_name: str, key: bytes | None) -> None:
        self.set_name = set_name
        self.key = key
        self.bins: dict[str, tuple[int, bytes]] = {}
        self.generation = 0
        self.void_time = 0
        self.lut = 0  # last update time, ns since the unix epoch, whole milliseconds

    def expired(self, now: int) -> bool:
        """A record whose void time has passed is gone for every reader."""
        return self.void_time != 0 and self.void_time <= now

    def size(self) -> int:
        """Approximate device size, used for the record-too-big check."""
        total = 64 + len(self.set_name) + (len(self.key) if self.key else 0)
        for name, (_pt, val) in self.bins.items():
            total += len(name) + len(val) + 8
        return total


def partition_id(digest: bytes) -> int:
    """Partition of a digest: the low 12 bits of its first two bytes (LE)."""
    return (digest[0] | (digest[1] << 8)) & (N_PARTITIONS - 1)


@dataclass
class SIndex:
    """A secondary index definition (the data is found by scanning)."""

    name: str
    ns: str
    set_name: str
    bin: str
    ktype: str  # "numeric" | "string" | "geo2dsphere" | "blob"
    itype: str  # "default" | "list" | "mapkeys" | "mapvalues"
    ctx: bytes | None = None
    exp: bytes | None = None


@dataclass
class Namespace:
    """A namespace: records bucketed by partition for cheap partition scans."""

    name: str
    default_ttl: int = 0
    # Commands allowed to wait on one record before more are refused with
    # KEY_BUSY (14); 0 = no limit. The server's ``transaction-pending-limit``.
    transaction_pending_limit: int = 20
    partitions: list[dict[bytes, Record]] = field(
        default_factory=lambda: [{} for _ in range(N_PARTITIONS)])
    # Truncate cut-offs in ms since the unix epoch: per set, and for the namespace.
    set_truncate_lut: dict[str, int] = field(default_factory=dict)
    truncate_lut: int = 0
    sindexes: dict[str, SIndex] = field(default_factory=dict)

    def get(self, digest: bytes) -> Record | None:
        """Live record for a digest; expired records are removed on sight."""
        part = self.partitions[partition_id(digest)]
        rec = part.get(digest)
        if rec is not None and rec.expired(now_citrus()):
            del part[digest]
            return None
        return rec

    def put(self, digest: bytes, rec: Record) -> None:
        self.partitions[partition_id(digest)][digest] = rec

    def delete(self, digest: bytes) -> bool:
        return self.partitions[partition_id(digest)].pop(digest, None) is not None

    def count(self) -> int:
        now = now_citrus()
        return sum(1 for p in self.partitions for r in p.values() if not r.expired(now))

    def set_names(self) -> dict[str, int]:
        """Object count per set name (sets with zero objects after truncate stay listed)."""
        now = now_citrus()
        out: dict[str, int] = {s: 0 for s in self.set_truncate_lut}
        for part in self.partitions:
            for rec in part.values():
                if rec.set_name and not rec.expired(now):
                    out[rec.set_name] = out.get(rec.set_name, 0) + 1
        return out

    def truncate(self, set_name: str | None, lut_ms: int) -> None:
        """Drop records last updated strictly before ``lut_ms``, optionally of one set.

        Like the server, cut-offs only move forward (an older or equal one is
        ignored) and a record written in the cut-off's millisecond survives.
        """
        if set_name is not None:
            if lut_ms <= self.set_truncate_lut.get(set_name, 0):
                return
            self.set_truncate_lut[set_name] = lut_ms
        else:
            if lut_ms <= self.truncate_lut:
                return
            self.truncate_lut = lut_ms
        for part in self.partitions:
            doomed = [d for d, r in part.items()
                      if r.lut // 1_000_000 < lut_ms and (set_name is None or r.set_name == set_name)]
            for d in doomed:
                del part[d]


class Store:
    """All namespaces plus the lock that serialises every command."""

    def __init__(self, namespaces: list[str]) -> None:
        self.lock = threading.RLock()
        self.namespaces: dict[str, Namespace] = {n: Namespace(n) for n in namespaces}
        self.udfs: dict[str, tuple[str, bytes]] = {}  # name -> (type, content)
