"""Fixtures for the facade's differential tests: the official client and ``aerospike_py.legacy`` side by side.

Both run in this process against the session's cluster. A test writes a
script as a function of one ``Side`` (the module, its helpers and a connected
client) and runs it on both; ``describe`` turns results and exceptions into
comparable plain data (types included: a ``bytearray`` is not ``bytes``).
"""

from __future__ import annotations

import types
from typing import Any, Callable, Iterator

import pytest

import aerospike_py.legacy as legacy
from aerospike_py.legacy import helpers as legacy_helpers
from aerospike_py.legacy.helpers import cdt_ctx as l_ctx
from aerospike_py.legacy.helpers import expressions as l_exp
from aerospike_py.legacy.helpers.batch import records as l_records
from aerospike_py.legacy.helpers.operations import bitwise_operations as l_bit
from aerospike_py.legacy.helpers.operations import expression_operations as l_eop
from aerospike_py.legacy.helpers.operations import hll_operations as l_hll
from aerospike_py.legacy.helpers.operations import list_operations as l_list
from aerospike_py.legacy.helpers.operations import map_operations as l_map
from aerospike_py.legacy.helpers.operations import operations as l_ops

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers import cdt_ctx as o_ctx  # noqa: E402
from aerospike_helpers import expressions as o_exp  # noqa: E402
from aerospike_helpers.batch import records as o_records  # noqa: E402
from aerospike_helpers.operations import bitwise_operations as o_bit  # noqa: E402
from aerospike_helpers.operations import expression_operations as o_eop  # noqa: E402
from aerospike_helpers.operations import hll_operations as o_hll  # noqa: E402
from aerospike_helpers.operations import list_operations as o_list  # noqa: E402
from aerospike_helpers.operations import map_operations as o_map  # noqa: E402
from aerospike_helpers.operations import operations as o_ops  # noqa: E402

_ = legacy_helpers


def _side(module: Any, client: Any, **helpers: Any) -> types.SimpleNamespace:
    return types.SimpleNamespace(m=module, exc=module.exception, c=client, **helpers)


@pytest.fixture(scope="module")
def sides(aerospike_config: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """(official side, facade side), each with a connected client."""
    config = {"hosts": [tuple(h) for h in aerospike_config["hosts"]]}
    theirs = aerospike.client(config).connect()
    ours = legacy.client(config).connect()
    try:
        yield (
            _side(aerospike, theirs, ops=o_ops, lo=o_list, mo=o_map, bo=o_bit, ho=o_hll, eo=o_eop, e=o_exp,
                  ctx=o_ctx, rec=o_records),
            _side(legacy, ours, ops=l_ops, lo=l_list, mo=l_map, bo=l_bit, ho=l_hll, eo=l_eop, e=l_exp,
                  ctx=l_ctx, rec=l_records),
        )
    finally:
        theirs.close()
        ours.close()


from _legacy_diff import differences, run  # noqa: E402


@pytest.fixture
def same(sides: tuple[Any, Any]) -> Callable[..., Any]:
    """``same(script)``: run ``script(side)`` on both sides, assert equal descriptions, return them."""

    def check(script: Callable[[Any], Any]) -> Any:
        theirs, ours = sides
        a = run(theirs, script)
        b = run(ours, script)
        found = differences(a, b)
        assert not found, "\n".join(found)
        return b

    return check

