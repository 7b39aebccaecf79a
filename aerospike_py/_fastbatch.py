"""The plain batch read's C side (include/aspy_fast_batch.c): keys read from the list, rows built in C.

``prepare_batch_read`` hands a list of plain keys (reading every bin) to
``set_keys``; the completed batch is not encoded but kept, as a capsule
owning its records (``take``), inside the ``LazyBatchRecords``.  Its rows are
built from the records on first use (``decode``): in C when every bin is a
scalar, else through the one value codec (``encode`` then ``marshal.loads``),
as every other batch result is.  ``to_numpy`` fills its arrays from the
records directly (``pointer``).
"""

from __future__ import annotations

import marshal
from typing import Any, Callable, Optional

from aerospike_py._binding import ffi, lib
from aerospike_py._convert import _revive

set_keys: Callable[[int, list[Any]], int]
take: Callable[[int], Any]
rows: Callable[[Any], Optional[list[Any]]]
encode: Callable[[Any], tuple[bytes, bool]]
pointer: Callable[[Any], int]
dict_of: Callable[[list[Any], list[Any]], dict[Any, Any]]

if lib.aspy_fast_batch_install():
    raise ImportError("aerospike_py: cannot install the batch fast path (see the error printed above)")

_loads = marshal.loads
_cast = ffi.cast


def address(req: Any) -> int:
    """A request's address, as set_keys and take receive it."""
    return int(_cast("uintptr_t", req))


def decode(kept: Any) -> list[Any]:
    """The rows of kept batch records: built in C, or decoded from their encoding when a bin is not a scalar."""
    built = rows(kept)
    if built is not None:
        return built
    raw, special = encode(kept)
    decoded: list[Any] = _revive(_loads(raw)) if special else _loads(raw)
    return decoded


def records(kept: Any) -> Any:
    """The kept records as a C pointer, for aspy_numpy_fill_records."""
    return _cast("as_batch_records *", pointer(kept))
