"""Batch read results as NumPy structured arrays (``LazyBatchRecords.to_numpy``).

NumPy is an optional dependency (``pip install aerospike_py[numpy]``); this
module imports it only when an array is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Union

__all__ = ["NumpyBatchRecords"]

UserKey = Union[str, int, bytes]


class NumpyBatchRecords:
    """A batch read as arrays: one row per requested key, in request order.

    ``batch_records`` holds the bins named by the caller's dtype, ``meta``
    the ``gen`` and ``ttl`` (``uint32``) of each record and ``result_codes``
    (``int32``) each key's outcome.  Misses and failures stay zero in
    ``batch_records`` and ``meta``: mask with ``result_codes == 0``.
    """

    __slots__ = ("_map", "batch_records", "meta", "result_codes")

    def __init__(self, batch_records: Any, meta: Any, result_codes: Any, _map: dict[Any, int]) -> None:
        self.batch_records = batch_records
        self.meta = meta
        self.result_codes = result_codes
        self._map = _map

    def get(self, key: UserKey) -> Any:
        """The row read for primary key ``key`` (the last one if it was requested twice)."""
        try:
            index = self._map[key]
        except (KeyError, TypeError):
            raise KeyError(f"key {key!r} not found in NumpyBatchRecords ({len(self._map)} keys)") from None
        return self.batch_records[index]

    def __len__(self) -> int:
        return len(self.batch_records)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.batch_records)

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._map
        except TypeError:
            return False

    def __repr__(self) -> str:
        ok = int((self.result_codes == 0).sum())
        fields = list(self.batch_records.dtype.names or ())
        return f"NumpyBatchRecords(count={len(self)}, ok={ok}, fields={fields})"
