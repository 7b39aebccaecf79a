"""The C client's log, routed into the ``logging`` logger ``aerospike_py``.

The C callback formats each message in C (it is variadic, which cffi cannot
call) and hands the text to Python through an ``extern "Python"`` function;
cffi takes the GIL for it, so messages from the tend thread and the event-loop
threads are safe.  A message that cannot be delivered (interpreter shutting
down, a failing handler) is counted, not lost silently: ``dropped_log_count()``.
"""

from __future__ import annotations

import logging
import threading

from aerospike_py._binding import ffi, lib
from aerospike_py._convert import invalid

LOG_LEVEL_OFF = -1
TRACE = 5
logging.addLevelName(TRACE, "TRACE")

logger = logging.getLogger("aerospike_py")

# C client level -> logging level.
_PY_LEVEL = {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO, 3: logging.DEBUG, 4: TRACE}

_installed = False
_install_lock = threading.Lock()


@ffi.def_extern(onerror=lambda *exc: lib.aspy_log_count_drop())
def aspy_log_emit(level: int, func: object, file: object, line: int, msg: object) -> None:
    py_level = _PY_LEVEL.get(level, logging.INFO)
    if logger.isEnabledFor(py_level):
        text = ffi.string(msg).decode("utf-8", "replace")  # type: ignore[union-attr]
        where = ffi.string(file).decode("utf-8", "replace")  # type: ignore[union-attr]
        logger.log(py_level, "%s", text, extra={"c_file": where, "c_line": line})


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            lib.aspy_log_install()
            _installed = True


def set_log_level(level: int) -> None:
    """Set the C client's log level (LOG_LEVEL_*) and forward its messages to ``logging``.

    ``LOG_LEVEL_OFF`` stops forwarding altogether.  The ``aerospike_py`` logger's
    own level is set to match, so the chosen messages reach its handlers.
    """
    if type(level) is not int or not -1 <= level <= 4:
        raise invalid(f"log level must be one of LOG_LEVEL_OFF..LOG_LEVEL_TRACE (-1..4), got {level!r}")
    _install()
    lib.aspy_log_set_level(level)
    if level >= 0:
        logger.setLevel(_PY_LEVEL[level])


def dropped_log_count() -> int:
    """How many C log messages could not be delivered to ``logging``."""
    return int(lib.aspy_log_dropped())


def shutdown() -> None:
    """Stop forwarding before the interpreter finalises (C threads may still log)."""
    lib.aspy_log_set_level(LOG_LEVEL_OFF)
