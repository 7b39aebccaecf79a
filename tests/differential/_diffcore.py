"""Run a script of client calls and describe every result as plain data.

Imported twice: by ``_runner.py`` in a separate process where ``aerospike_py``
is aerospike-py 0.14.4, and by the differential tests in-process where it is
this project's package.  It therefore depends on nothing but the standard
library and the ``aerospike_py`` module handed to it.

A script is a list of steps ``(target, method, args, kwargs)``:

- target ``"client"``: a method of the connected client;
- target ``"module"``: a function of ``aerospike_py`` (dotted: ``"predicates.equals"``);
- target ``"unconnected"`` / ``"closed"``: a method of a client never connected / closed;
- method ``"query"`` on ``"client"``: ``args = (namespace, set)`` and kwargs
  ``select``, ``where``, ``policy``: runs ``results()``, records sorted by digest
  (with ``stop_after=n``: ``foreach()`` stopped after n records, their count);
- method ``"batch_views"`` on ``"client"``: ``args = (keys, probe, missing)``:
  every view of one ``batch_read`` result, dict-style ones included;
- method ``"connect_with"`` on ``"module"``: ``client(config).connect()``, then
  whether it is connected (closed again);
- method ``"numpy_read"`` on ``"client"``: ``args = (keys, dtype_spec, probes)``:
  ``batch_read(keys).to_numpy(numpy.dtype(dtype_spec))`` as lists, with
  ``get()`` and ``in`` for each probe key;
- method ``"numpy_write"`` on ``"client"``: ``args = (rows, dtype_spec,
  namespace, set)`` and kwargs of ``batch_write_numpy``: the rows as a
  structured array, written.

Arguments may contain ``(CALL, "dotted.name", args)`` tuples, replaced by the
result of calling that module function (e.g. a predicate) before the call.

A result is described as nested tuples: ``("int", 1)``, ``("float", "1.5")``,
``("list", [...])``, ``("dict", [(k, v), ...])`` sorted, ``("nt", "Record",
[(field, value), ...])`` for NamedTuples, ``("exc", class_name, result_code,
message, base_class_names)`` for an exception, ``("obj", type_name)`` for anything else.
"""

from __future__ import annotations

import asyncio
import inspect
import math
from typing import Any, Sequence

CALL = "__aspy_diff_call__"

Desc = Any

# Result classes that one implementation may provide as a native class with attributes.
_PLAIN_RECORD_CLASSES = {"BatchRecord": ("key", "result", "record", "in_doubt")}


def describe(value: Any) -> Desc:
    """Plain-data description of a result, comparable across processes."""
    if value is None:
        return ("None", None)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, bytearray):
        return ("bytearray", bytes(value))
    if isinstance(value, bytes):
        return ("bytes", bytes(value))
    if isinstance(value, BaseException):
        return describe_exception(value)
    if isinstance(value, tuple) and hasattr(type(value), "_fields"):
        fields: tuple[str, ...] = getattr(type(value), "_fields")
        return ("nt", type(value).__name__, [(f, describe(getattr(value, f))) for f in fields])
    if isinstance(value, tuple):
        return ("tuple", [describe(v) for v in value])
    if isinstance(value, list):
        return ("list", [describe(v) for v in value])
    if isinstance(value, dict):
        items = [(describe(k), describe(v)) for k, v in value.items()]
        return ("dict", sorted(items, key=repr))
    attrs = _PLAIN_RECORD_CLASSES.get(type(value).__name__)
    if attrs is not None and not isinstance(value, tuple):  # a native class standing in for a NamedTuple
        return ("nt", type(value).__name__, [(f, describe(getattr(value, f))) for f in attrs])
    if type(value).__name__ == "LazyBatchRecords":
        handle: Any = value
        return ("LazyBatchRecords", [
            ("batch_records", describe(list(handle.batch_records))),
            ("to_dict", describe(handle.to_dict())),
            ("to_list", describe(handle.to_list())),
            ("len", describe(len(handle))),
            ("found_count", describe(handle.found_count())),
        ])
    return ("obj", type(value).__name__)


def describe_exception(exc: BaseException) -> Desc:
    code = getattr(exc, "result_code", None)
    if not isinstance(code, int):
        code = None
    lineage = tuple(c.__name__ for c in type(exc).__mro__ if c not in (BaseException, object))
    return ("exc", type(exc).__name__, code, str(exc)[:300], lineage)


def _resolve(module: Any, dotted: str) -> Any:
    obj = module
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _materialize(module: Any, value: Any) -> Any:
    """Replace ``(CALL, name, args)`` markers by the module's own objects."""
    if isinstance(value, tuple) and len(value) == 3 and value[0] == CALL:
        return _resolve(module, value[1])(*[_materialize(module, a) for a in value[2]])
    if isinstance(value, list):
        return [_materialize(module, v) for v in value]
    if isinstance(value, tuple) and not hasattr(type(value), "_fields"):
        return tuple(_materialize(module, v) for v in value)
    if isinstance(value, dict):
        return {_materialize(module, k): _materialize(module, v) for k, v in value.items()}
    return value


class Session:
    """One connected client (and the lazily made unconnected/closed ones) of one library."""

    def __init__(self, module: Any, config: dict[str, Any]) -> None:
        self.module = module
        self.config = config
        self.client = module.client(dict(config)).connect()
        self._closed: Any = None

    def _target(self, name: str) -> Any:
        if name == "client":
            return self.client
        if name == "module":
            return self.module
        if name == "unconnected":
            return self.module.client(dict(self.config))
        if name == "closed":
            if self._closed is None:
                self._closed = self.module.client(dict(self.config)).connect()
                self._closed.close()
            return self._closed
        raise ValueError(f"unknown target {name!r}")

    def step(self, step: tuple) -> Desc:
        target, method, args, kwargs = step
        try:
            args = _materialize(self.module, tuple(args))
            kwargs = _materialize(self.module, dict(kwargs))
            if method == "query" and target == "client":
                return describe(self._query(*args, **kwargs))
            if method == "batch_views" and target == "client":
                return describe(self._batch_views(*args, **kwargs))
            if method == "connect_with" and target == "module":
                return describe(self._connect_with(*args, **kwargs))
            if method == "numpy_read" and target == "client":
                return describe(self._numpy_read(*args, **kwargs))
            if method == "numpy_write" and target == "client":
                return describe(self._numpy_write(*args, **kwargs))
            result = _resolve(self._target(target), method)(*args, **kwargs)
            return describe(result)
        except Exception as exc:  # the description of an error is a result
            return describe_exception(exc)
        except BaseException as exc:  # a Rust panic surfaces as PanicException (a BaseException)
            if type(exc).__name__ != "PanicException":
                raise
            return describe_exception(exc)

    def _batch_views(self, keys: list[Any], probe: Any, missing: Any) -> dict[str, Any]:
        """Every view a batch_read result offers, dict-style ones included."""
        handle = self.client.batch_read(keys)
        views: dict[str, Any] = {
            "keys": sorted(handle.keys(), key=repr),
            "values": sorted(handle.values(), key=repr),
            "items": sorted(handle.items(), key=repr),
            "iter": sorted(handle, key=repr),
            "get": handle.get(probe),
            "get_missing": handle.get(missing, "default"),
            "contains": probe in handle,
            "contains_missing": missing in handle,
            "getitem": handle[probe],
            "all_user_keys": handle.all_user_keys(),
            "iter_records": list(handle.iter_records()),
            "found_count": handle.found_count(),
            "merge": type(handle).merge_to_dict([handle, handle]),
        }
        handle.release_cache()
        views["after_release"] = handle.to_dict()
        try:
            handle[missing]
        except KeyError:
            views["getitem_missing"] = "KeyError"
        return views

    def _numpy_read(self, keys: list[Any], dtype_spec: Any, probes: Sequence[Any] = ()) -> dict[str, Any]:
        """A to_numpy result as plain lists (dtypes as strings), and key lookups."""
        import numpy

        result = self.client.batch_read(keys).to_numpy(numpy.dtype(dtype_spec))
        views: dict[str, Any] = {
            "type": type(result).__name__,
            "data": result.batch_records.tolist(),
            "dtype": str(result.batch_records.dtype),
            "meta": result.meta.tolist(),
            "meta_dtype": str(result.meta.dtype),
            "codes": result.result_codes.tolist(),
            "codes_dtype": str(result.result_codes.dtype),
            "len": len(result),
            "iter": [row.tolist() for row in result],
        }
        for i, probe in enumerate(probes):
            views[f"contains_{i}"] = probe in result
            try:
                views[f"get_{i}"] = result.get(probe).tolist()
            except KeyError:
                views[f"get_{i}"] = "KeyError"
        return views

    def _numpy_write(self, rows: list[Any], dtype_spec: Any, namespace: str, set_name: str, **kwargs: Any) -> Any:
        import numpy

        dtype = numpy.dtype(dtype_spec)
        return self.client.batch_write_numpy(numpy.array(rows, dtype=dtype), namespace, set_name, dtype, **kwargs)

    def _connect_with(self, config: Any, *args: Any) -> bool:
        """client(config).connect(*args): whether it connected (the client is closed again)."""
        client = self.module.client(config)
        try:
            client.connect(*args)
            return bool(client.is_connected())
        finally:
            client.close()

    def _query(self, namespace: str, set_name: str, select: Any = None, where: Any = None,
               policy: Any = None, stop_after: Any = None) -> Any:
        query = self.client.query(namespace, set_name)
        if select is not None:
            query.select(*select)
        if where is not None:
            query.where(where)
        if stop_after is not None:  # foreach, stopped by returning False: how many records were seen
            seen: list[Any] = []
            query.foreach(lambda record: seen.append(record) or len(seen) < stop_after, policy)
            return len(seen)
        records = query.results(policy)
        return sorted(records, key=lambda r: bytes(r.key.digest) if r.key is not None else b"")

    def run(self, steps: list[tuple], cleanup: Sequence[tuple] = ()) -> list[Desc]:
        results = [self.step(s) for s in steps]
        for s in cleanup:
            self.step(s)
        return results

    def run_async(self, steps: list[tuple], cleanup: Sequence[tuple] = (), connect: bool = True) -> list[Desc]:
        """The same script on a fresh AsyncClient under asyncio; every ``"client"`` step is awaited."""
        return asyncio.run(self._run_async(steps, cleanup, connect))

    async def _run_async(self, steps: list[tuple], cleanup: Sequence[tuple], connect: bool) -> list[Desc]:
        client = self.module.AsyncClient(dict(self.config))
        if connect:
            await client.connect()
        try:
            results = [await self._step_async(client, s) for s in steps]
            for s in cleanup:
                await self._step_async(client, s)
        finally:
            await client.close()
        return results

    async def _step_async(self, client: Any, step: tuple) -> Desc:
        target, method, args, kwargs = step
        if target != "client":
            raise ValueError(f"async scripts run on the client only, not {target!r}")
        try:
            result = getattr(client, method)(*_materialize(self.module, tuple(args)),
                                             **_materialize(self.module, dict(kwargs)))
            if inspect.isawaitable(result):
                result = await result
            return describe(result)
        except Exception as exc:
            return describe_exception(exc)
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            return describe_exception(exc)

    def close(self) -> None:
        self.client.close()
