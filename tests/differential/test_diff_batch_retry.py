"""batch_write's retry loop through aerospike-py 0.14.4 and this client, on a server of the test's own.

With a pending limit of 1, eight writes of one record in one batch have five
rows refused with KEY_BUSY (14) on every attempt that carries them all, so
both clients must report the same codes, attempts and unresolved counts.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import _diffcore
import aerospike_py
from aerospike_py.testing import TestServer
from conftest import ContractRunner, Differ


@pytest.fixture(scope="module")
def busy_differ() -> Iterator[Differ]:
    with TestServer(transaction_pending_limit={"test": 1}) as srv:
        config = {"hosts": [tuple(h) for h in srv.config["hosts"]]}
        contract = ContractRunner(config)
        ours = _diffcore.Session(aerospike_py, config)
        try:
            yield Differ(contract, ours)
        finally:
            ours.close()
            contract.close()


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_batch_write_retry(busy_differ: Differ, set_name: str, mode: str) -> None:
    key = ("test", set_name, "dup")
    other = ("test", set_name, "gen")
    rows = [(key, {"v": i}) for i in range(8)]
    steps = [cl("put", other, {"a": 1})]
    for retry in (0, 1, 2, 10):
        steps += [cl("batch_write", rows, retry=retry), cl("get", key)]
    steps += [cl("batch_write", [(other, {"a": 2}, {"gen": 99})] + rows[:5], retry=5), cl("get", other)]
    busy_differ.same(steps, cleanup=[cl("remove", key), cl("remove", other)], mode=mode)
