"""The C fast path of the blocking client's plain get and put (include/aspy_fast.c).

``get(handle, key)`` and ``put(handle, key, bins)`` are built by the C side on
import (``aspy_fast_install``), as functions of CPython's own calling
convention: they take the key tuple and bins dict as they are, run the
command with the GIL released, and build the ``Record`` in C.  They answer
``NotImplemented`` for anything the general path must check or explain, so
the client falls back to ``_run`` and behaviour stays the same.
"""

from __future__ import annotations

import marshal
from typing import Any, Callable

from aerospike_py import _command as cmd
from aerospike_py import _observability as _obs
from aerospike_py import exception as _exc
from aerospike_py._binding import lib
from aerospike_py._convert import _revive
from aerospike_py.types import AerospikeKey, Record, RecordMetadata

get: Callable[[Any, Any], Any]
put: Callable[[Any, Any, Any], Any]
setup: Callable[..., None]
record: Callable[[int, Any, float], None]
record_from: Callable[[Any, Any], Any]
submit_get: Callable[[Any, int, int, Any], Any]
submit_put: Callable[[Any, int, int, Any, Any], Any]

if lib.aspy_fast_install():
    raise ImportError("aerospike_py: cannot install the C fast path (see the error printed above)")

# Op numbers of aspy_fast.c, and the command each is, for metrics labels.
OP_GET = 0
OP_PUT = 1
PREPARES = (cmd.prepare_get, cmd.prepare_put)


def _make_error(op: int, key: Any, code: int, message: bytes, in_doubt: bool, seconds: float) -> BaseException:
    """The exception of a failed fast-path command, its metric recorded when metrics are on."""
    exc = _exc.exception_for(code, message.decode("utf-8", "replace"), in_doubt)
    if seconds >= 0:
        _obs.record_error_seconds(PREPARES[op], (key,), seconds, exc)
    return exc


def _series_of(op: int, key: Any) -> int:
    return _obs.c_series_address(PREPARES[op], key)


setup(Record, AerospikeKey, RecordMetadata, marshal.loads, marshal.dumps, _make_error, _revive, _series_of)
