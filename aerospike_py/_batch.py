"""Batch read results: decoded once, materialised into the view asked for.

A batch read returns one marshal list from C (see include/aspy_bq.c), one
row per requested key: ``(result, in_doubt, digest, gen, ttl, bins)``; the
plain batch read (every bin of plain keys) keeps the C client's records
instead, and builds the same rows from them in C (include/aspy_fast_batch.c).
``LazyBatchRecords`` keeps either with the keys the caller passed and builds
``BatchRecord`` tuples, dicts or arrays only when asked.
"""

from __future__ import annotations

from collections.abc import Iterator
import marshal
from typing import Any, Callable, Optional

from aerospike_py.types import AerospikeKey, BatchRecord, Record, RecordMetadata

Row = tuple[int, bool, bytes, int, int, Optional[dict[str, Any]]]


def _user_key(key: Any) -> Any:
    """The key's user key; a bytearray (unhashable) comes back as bytes, so it can key ``to_dict()``."""
    pk = key[2] if len(key) > 2 else None
    return bytes(pk) if type(pk) is bytearray else pk


def batch_record(key: Any, row: Row, with_record: bool = True) -> BatchRecord:
    """One key's outcome; ``record`` only for a success that carried bins."""
    result, in_doubt, digest, gen, ttl, bins = row
    akey = AerospikeKey(key[0], key[1], _user_key(key), digest)
    record = None
    if with_record and result == 0 and bins is not None:
        record = Record(akey, RecordMetadata(gen, ttl), bins)
    return BatchRecord(akey, result, record, in_doubt)


_dict_of: Optional[Callable[[list[Any], list[Row]], dict[Any, dict[str, Any]]]] = None


def _bind_dict_of() -> Callable[[list[Any], list[Row]], dict[Any, dict[str, Any]]]:
    """to_dict()'s loop, in C (include/aspy_fast_batch.c): bound on first use, so importing needs no binding."""
    global _dict_of
    from aerospike_py._fastbatch import dict_of

    _dict_of = dict_of
    return dict_of


class LazyBatchRecords:
    """The outcome of ``batch_read``: per-key rows, materialised on demand.

    Dict-style access (``handle[user_key]``, ``items()``, ...) is backed by a
    cached ``to_dict()``: successful reads keyed by user key.  Positional views
    (``to_list()``, ``batch_records``, ``all_user_keys()``) keep every key,
    including misses and failures.
    """

    __slots__ = ("_keys", "_decoded", "_raw", "_decode", "_dict", "_records")

    def __init__(self, keys: list[Any], rows: Optional[list[Row]], raw: Any = b"",
                 decode: Optional[Callable[[Any], list[Row]]] = None) -> None:
        self._keys = keys
        # Rows are decoded from the raw result (marshal bytes, or the kept C records of a plain
        # batch read) on first use: to_numpy reads the bytes or the records in C instead.
        self._decoded = rows
        self._raw = raw
        self._decode = decode
        self._dict: Optional[dict[Any, dict[str, Any]]] = None
        self._records: Optional[list[BatchRecord]] = None

    @property
    def _rows(self) -> list[Row]:
        rows = self._decoded
        if rows is None:
            assert self._decode is not None
            rows = self._decoded = self._decode(self._raw)
        return rows

    # -- views -----------------------------------------------------------------

    def to_dict(self) -> dict[Any, dict[str, Any]]:
        """``{user_key: bins}`` for every successful read with a user key (cached)."""
        if self._dict is None:
            # In C: this loop runs once per record of every batch read (bytearray user keys become bytes).
            dict_of = _dict_of or _bind_dict_of()
            self._dict = dict_of(self._keys, self._rows)
        return self._dict

    def to_list(self) -> list[Optional[dict[str, Any]]]:
        """Bins per requested key, in request order; None for a miss or failure."""
        return [dict(row[5]) if row[0] == 0 and row[5] is not None else None for row in self._rows]

    def to_numpy(self, dtype: Any) -> Any:
        """A ``NumpyBatchRecords``: the bins named by ``dtype``, per-record meta and result codes.

        Filled in C from the raw batch result with the GIL released (needs
        numpy).  Misses, failures and absent bins stay zero: mask with
        ``result_codes == 0``.
        """
        from aerospike_py._numpy import to_numpy

        raw = self._raw
        if self._decoded is not None and not raw:  # built from rows: encode them once
            raw = marshal.dumps(self._decoded, 2)
        return to_numpy(raw, self._keys, dtype)

    @property
    def batch_records(self) -> list[BatchRecord]:
        """Every key's ``BatchRecord``, including misses and failures (cached)."""
        if self._records is None:
            self._records = [batch_record(key, row) for key, row in zip(self._keys, self._rows)]
        return self._records

    def iter_records(self) -> Iterator[BatchRecord]:
        """Every key's ``BatchRecord`` in request order."""
        return iter(self.batch_records)

    def all_user_keys(self) -> list[Any]:
        """The user key of every request in order (None for digest-only keys)."""
        return [_user_key(key) for key in self._keys]

    def found_count(self) -> int:
        """How many keys were read successfully."""
        return sum(1 for row in self._rows if row[0] == 0)

    def release_cache(self) -> None:
        """Drop the cached dict view; it is rebuilt on the next dict-style access."""
        self._dict = None

    @staticmethod
    def merge_to_dict(handles: list["LazyBatchRecords"]) -> list[dict[Any, dict[str, Any]]]:
        """``to_dict()`` of each handle."""
        return [handle.to_dict() for handle in handles]

    # -- Mapping protocol over to_dict() ---------------------------------------

    def items(self) -> Any:
        return self.to_dict().items()

    def keys(self) -> Any:
        return self.to_dict().keys()

    def values(self) -> Any:
        return self.to_dict().values()

    def get(self, key: Any, default: Any = None) -> Any:
        return self.to_dict().get(key, default)

    def __len__(self) -> int:
        return len(self.to_dict())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.to_dict())

    def __contains__(self, key: Any) -> bool:
        return key in self.to_dict()

    def __getitem__(self, key: Any) -> dict[str, Any]:
        return self.to_dict()[key]

    def __repr__(self) -> str:
        return f"<LazyBatchRecords keys={len(self._rows)} found={self.found_count()}>"
