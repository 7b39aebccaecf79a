"""NumPy conversions for batches: arrays filled in C from batch results, arrays written as batches.

``to_numpy`` hands the batch read's encoded rows and a description of the
dtype (per field: bin name, kind, element size, offset) to
``aspy_numpy_fill``, which writes the values straight into the array's
buffer with the GIL released: no Python object is made per record.
``batch_write_records`` turns a structured array into the ``(key, bins)``
records of ``batch_write`` (one column conversion per field).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py import _fastbatch
from aerospike_py._convert import invalid
from aerospike_py.numpy_batch import NumpyBatchRecords

_KINDS = frozenset("iufSV")
_ERRORS: dict[int, type[Exception]] = {1: TypeError, 2: OverflowError, 3: ValueError}
_INT64_MAX = 2**63 - 1
_PK = itemgetter(2)


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("NumPy batches need numpy: pip install 'aerospike_py[numpy]'") from None
    return numpy


def _fields(np: Any, dtype: Any) -> list[tuple[str, Any, int]]:
    """(name, base dtype, offset) per field, refusing what cannot be filled natively."""
    if not isinstance(dtype, np.dtype) or dtype.names is None:
        raise TypeError(f"dtype must be a structured numpy.dtype (e.g. np.dtype([('score', 'f8')])), got {dtype!r}")
    out = []
    for name in dtype.names:
        field, offset = dtype.fields[name][:2]
        base = field.base
        if base.kind not in _KINDS or (base.kind == "f" and base.itemsize not in (2, 4, 8)):
            raise TypeError(f"dtype field {name!r} must be numeric (int/uint/float) or fixed-length bytes (S/V), "
                            f"got {field} (kind={base.kind!r})")
        if base.kind in "iuf" and not base.isnative:
            raise ValueError(f"dtype field {name!r} has non-native byte order ({base}); declare it natively, "
                             f"e.g. {base.newbyteorder('=')!s}")
        out.append((name, base, offset))
    return out


def to_numpy(raw: Any, keys: list[Any], dtype: Any) -> NumpyBatchRecords:
    """A ``NumpyBatchRecords`` filled from a batch read's encoded rows, or from its kept records (not bytes)."""
    np = _numpy()
    fields = _fields(np, dtype)
    n = len(keys)
    data = np.zeros(n, dtype=dtype)
    meta = np.zeros(n, dtype=[("gen", "u4"), ("ttl", "u4")])
    codes = np.zeros(n, dtype=np.int32)
    names = [ffi.new("char[]", name.encode()) for name, _, _ in fields]
    c_names = ffi.new("const char *[]", names or [ffi.NULL])
    kinds = ffi.new("char[]", "".join(base.kind for _, base, _ in fields).encode() or b"\0")
    sizes = ffi.new("uint32_t[]", [base.itemsize for _, base, _ in fields] or [0])
    offsets = ffi.new("uint32_t[]", [offset for _, _, offset in fields] or [0])
    err = ffi.new("char[256]")
    c_meta = ffi.cast("uint32_t *", ffi.from_buffer(meta))
    c_codes = ffi.cast("int32_t *", ffi.from_buffer(codes))
    if isinstance(raw, bytes):
        rc = lib.aspy_numpy_fill(raw, len(raw), n, ffi.from_buffer(data), dtype.itemsize, len(fields), c_names,
                                 kinds, sizes, offsets, c_meta, c_codes, err, 256)
    else:  # the records a plain batch read keeps (aspy_fast_batch.c), held alive by `raw` meanwhile
        rc = lib.aspy_numpy_fill_records(_fastbatch.records(raw), n, ffi.from_buffer(data), dtype.itemsize,
                                         len(fields), c_names, kinds, sizes, offsets, c_meta, c_codes, err, 256)
    if rc:
        message = ffi.string(err).decode("utf-8", "replace")
        raise _ERRORS.get(rc, _exc.ClientError)(message)
    pks = list(map(_PK, keys))  # batch keys are checked (ns, set, pk[, digest]) tuples
    try:
        index = dict(zip(pks, range(n)))
    except TypeError:  # a bytearray (blob) key: found by its bytes, as batch results give it
        index = {bytes(pk) if type(pk) is bytearray else pk: i for i, pk in enumerate(pks)}
    return NumpyBatchRecords(data, meta, codes, index)


def prepare_batch_write_numpy(as_: Any, req: Any, data: Any, namespace: Any, set_name: Any, dtype: Any,
                              key_field: Any, policy: Any, retry: Any) -> Any:
    """``batch_write`` of the array's rows."""
    from aerospike_py._command import prepare_batch_write
    return prepare_batch_write(as_, req, batch_write_records(data, namespace, set_name, dtype, key_field),
                               policy, retry)


def batch_write_records(data: Any, namespace: Any, set_name: Any, dtype: Any, key_field: Any) -> list[Any]:
    """``[(key, bins), ...]``: the key from ``key_field``, a bin per field not starting with ``_``.

    Numbers become int or float; a bytes field (S/V) or a sub-array field is
    written as the raw bytes of its element, padding included.
    """
    np = _numpy()
    if not isinstance(data, np.ndarray):
        raise invalid(f"data must be a numpy structured array, got {type(data).__name__}")
    if dtype is not None and dtype != data.dtype:
        raise invalid(f"dtype {dtype} does not match the array's dtype {data.dtype}")
    fields = _fields(np, data.dtype)
    if data.ndim != 1:
        raise invalid(f"data must be a one-dimensional structured array, got {data.ndim} dimensions")
    if type(key_field) is not str or key_field not in (data.dtype.names or ()):
        raise invalid(f"dtype must contain a {key_field!r} field for the record key")
    key_base = data.dtype[key_field].base
    if key_base.kind not in "iuS" or data.dtype[key_field].shape:
        raise invalid(f"key field {key_field!r} must be an int or fixed-length bytes field, got {data.dtype[key_field]}")
    bin_fields = [(name, base) for name, base, _ in fields if not name.startswith("_") and name != key_field]
    if not bin_fields:
        raise invalid("data has no bin field: every field other than the key starts with '_'")
    columns = []
    for name, base in bin_fields:
        column = data[name]
        if base.kind in "SV" or column.ndim > 1:
            buf = np.ascontiguousarray(column).tobytes()
            width = len(buf) // len(column) if len(column) else 0
            values = [buf[i * width:(i + 1) * width] for i in range(len(column))]
        else:
            values = column.tolist()
            if base.kind == "u" and base.itemsize == 8 and len(values) and max(values) > _INT64_MAX:
                raise OverflowError(f"unsigned value {max(values)} in field {name!r} exceeds the signed 64-bit "
                                    "integer range of Aerospike")
        columns.append((name, values))
    keys = data[key_field].tolist()
    records = []
    for row, pk in enumerate(keys):
        records.append(((namespace, set_name, pk), {name: values[row] for name, values in columns}))
    return records
