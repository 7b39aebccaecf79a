"""Error answers leave no reference cycles behind.

A cycle per failed command (the error, its traceback, a frame holding the
future or the list the error sits in) is freed only when the cyclic
collector gets round to it, so a service seeing many "not found" answers
grows between collections.  These tests collect with DEBUG_SAVEALL and look
for the errors among what only the collector could free.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Any, Callable, Iterator

import pytest

import aerospike_py
from aerospike_py import exception as ex

pytestmark = pytest.mark.anyio


@contextlib.contextmanager
def cyclic_garbage() -> Iterator[list[Any]]:
    """The objects only the cyclic collector could free, made inside the block."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    found: list[Any] = []
    try:
        yield found
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def test_error_answers_leave_no_cycles(config: dict[str, Any], make_key: Callable[..., tuple]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        raised = 0
        with cyclic_garbage() as garbage:
            for _ in range(20):
                try:
                    await client.get(make_key())  # the fast path
                except ex.RecordNotFound:
                    raised += 1
                try:
                    await client.get(make_key(), {"total_timeout": 2000})  # the general path
                except ex.RecordNotFound:
                    raised += 1
                try:
                    await client.remove(make_key())
                except ex.RecordNotFound:
                    raised += 1
        assert raised == 60
        assert [o for o in garbage if isinstance(o, BaseException)] == []
