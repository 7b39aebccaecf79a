"""The official ``aerospike`` client's API on this client's core.

``import aerospike_py.legacy as aerospike`` gives ``client(config)`` with the
official configuration keys, the official ``Client`` methods, signatures and
result shapes, ``exception`` with the official classes, the official
constants, ``predicates``, ``GeoJSON``, ``KeyOrderedDict``, ``null``,
``HyperLogLog`` and ``calc_digest``; :mod:`aerospike_py.legacy.helpers` mirrors
``aerospike_helpers``. Every command runs through the same command layer as
:class:`aerospike_py.Client`. ``install()`` registers all of it as
``aerospike`` and ``aerospike_helpers`` so unmodified code runs on this client.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Callable, Optional

from aerospike_py import _info
from aerospike_py._logging import logger as _logger
from aerospike_py._logging import set_log_level as _set_log_level
from aerospike_py.legacy import exception, predicates
from aerospike_py.legacy._client import Client, Query, Scan, client
from aerospike_py.legacy._constants import *  # noqa: F401,F403
from aerospike_py.legacy._values import CDTInfinite, CDTWildcard, GeoJSON, HyperLogLog, KeyOrderedDict, geodata
from aerospike_py.legacy._values import geojson, null

__all__ = ["client", "Client", "Query", "Scan", "exception", "predicates", "GeoJSON", "HyperLogLog",
           "KeyOrderedDict", "null", "CDTInfinite", "CDTWildcard", "geodata", "geojson", "calc_digest",
           "get_partition_id", "set_log_level", "set_log_handler", "install", "uninstall"]

_handler: Optional[logging.Handler] = None


def calc_digest(ns: str, set: str, key: Any) -> bytearray:
    """The 20-byte digest of a key (str, int or bytearray, as the official client takes), computed locally."""
    if type(key) not in (str, int, bytearray):
        raise TypeError(f"calc_digest: key must be str, int or bytearray, got {type(key).__name__}")
    return bytearray(_info.key_digest(ns, set, key))


def get_partition_id(digest: Any) -> int:
    """The partition (0..4095) of a digest."""
    data = bytes(digest)
    return (data[0] | (data[1] << 8)) & 4095


def set_log_level(log_level: int) -> None:
    """The C client's log level (LOG_LEVEL_*; -1 turns logging off)."""
    _set_log_level(log_level)


def set_log_handler(callback: Optional[Callable[..., Any]] = None) -> None:
    """Send C client log lines to ``callback(level, function, path, line, message)``; None removes it."""
    global _handler
    if _handler is not None:
        _logger.removeHandler(_handler)
        _handler = None
    if callback is not None:
        _handler = _CallbackHandler(callback)
        _logger.addHandler(_handler)


class _CallbackHandler(logging.Handler):
    """Hands each C client message to an official-style callback, with the official level numbers."""

    _LEVELS = {logging.ERROR: 0, logging.WARNING: 1, logging.INFO: 2, logging.DEBUG: 3}

    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        level = self._LEVELS.get(record.levelno, 4)
        self.callback(level, record.funcName, getattr(record, "c_file", record.pathname),
                      getattr(record, "c_line", record.lineno), record.getMessage())


def install() -> None:
    """Register this facade as ``aerospike`` and ``aerospike_helpers`` (and their submodules) in ``sys.modules``.

    Call it before the application imports ``aerospike``; its code then runs on this client unchanged.
    """
    from aerospike_py.legacy import helpers
    from aerospike_py.legacy.helpers import cdt_ctx, expressions
    from aerospike_py.legacy.helpers import operations
    from aerospike_py.legacy.helpers.batch import records
    from aerospike_py.legacy.helpers.expressions import arithmetic, base, resources
    from aerospike_py.legacy.helpers.expressions import list as exp_list
    from aerospike_py.legacy.helpers.expressions import map as exp_map
    from aerospike_py.legacy.helpers.operations import bitwise_operations, expression_operations, hll_operations
    from aerospike_py.legacy.helpers.operations import list_operations, map_operations
    from aerospike_py.legacy.helpers.operations import operations as basic_operations
    from aerospike_py.legacy.helpers import batch, metrics
    from aerospike_py.legacy.helpers.expressions import bitwise, hll

    modules = {
        "aerospike": sys.modules[__name__],
        "aerospike.exception": exception,
        "aerospike.predicates": predicates,
        "aerospike_helpers": helpers,
        "aerospike_helpers.cdt_ctx": cdt_ctx,
        "aerospike_helpers.batch": batch,
        "aerospike_helpers.batch.records": records,
        "aerospike_helpers.operations": operations,
        "aerospike_helpers.operations.operations": basic_operations,
        "aerospike_helpers.operations.list_operations": list_operations,
        "aerospike_helpers.operations.map_operations": map_operations,
        "aerospike_helpers.operations.bitwise_operations": bitwise_operations,
        "aerospike_helpers.operations.hll_operations": hll_operations,
        "aerospike_helpers.operations.expression_operations": expression_operations,
        "aerospike_helpers.expressions": expressions,
        "aerospike_helpers.expressions.base": base,
        "aerospike_helpers.expressions.arithmetic": arithmetic,
        "aerospike_helpers.expressions.list": exp_list,
        "aerospike_helpers.expressions.map": exp_map,
        "aerospike_helpers.expressions.resources": resources,
        "aerospike_helpers.expressions.bitwise": bitwise,
        "aerospike_helpers.expressions.hll": hll,
        "aerospike_helpers.metrics": metrics,
    }
    for name, module in modules.items():
        if name not in _replaced:
            _replaced[name] = sys.modules.get(name)
        sys.modules[name] = module


def uninstall() -> None:
    """Undo ``install()``: the modules it replaced (or their absence) come back."""
    for name, previous in _replaced.items():
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
    _replaced.clear()


_replaced: dict[str, Any] = {}
