"""``exp.in_list`` and ``exp.unknown``: membership in a list, and the value that makes an expression fail."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import exp as E
from aerospike_py import expression_operations as eo


def _read(client: aerospike_py.Client, key: tuple, expr: dict, flags: int = 0) -> object:
    return client.operate(key, [eo.expression_read("r", expr, flags)]).bins.get("r")


def test_in_list(client: aerospike_py.Client, make_key) -> None:
    key = make_key()
    client.put(key, {"l": [0, 4, "x", [1, 2]], "n": 4, "s": "y"})
    assert _read(client, key, E.in_list(E.int_val(4), E.list_bin("l"))) is True
    assert _read(client, key, E.in_list(E.int_val(5), E.list_bin("l"))) is False
    assert _read(client, key, E.in_list(E.int_bin("n"), E.list_bin("l"))) is True
    assert _read(client, key, E.in_list(E.string_val("x"), E.list_val(["x", "z"]))) is True
    assert _read(client, key, E.in_list(E.list_val([1, 2]), E.list_bin("l"))) is True
    assert client.get(key, {"filter_expression": E.in_list(E.string_bin("s"), E.list_val(["x", "y"]))}).bins["n"] == 4
    with pytest.raises(ex.FilteredOut):
        client.get(key, {"filter_expression": E.in_list(E.string_bin("s"), E.list_val(["x"]))})


def test_unknown(client: aerospike_py.Client, make_key) -> None:
    key = make_key()
    client.put(key, {"n": 10})
    guarded = E.cond(E.gt(E.int_bin("n"), E.int_val(5)), E.int_val(1), E.unknown())
    assert _read(client, key, guarded) == 1
    failing = E.cond(E.gt(E.int_bin("n"), E.int_val(50)), E.int_val(1), E.unknown())
    with pytest.raises(ex.ServerError) as info:
        _read(client, key, failing)
    assert info.value.code == 26  # AEROSPIKE_ERR_OP_NOT_APPLICABLE
    assert _read(client, key, failing, eo.EXP_READ_EVAL_NO_FAIL) is None
    with pytest.raises(ex.FilteredOut):
        client.get(key, {"filter_expression": E.eq(failing, E.int_val(1))})


def test_bad_operands(client: aerospike_py.Client, make_key) -> None:
    key = make_key()
    client.put(key, {"n": 1})
    with pytest.raises(ex.InvalidArgError, match="in_list"):
        _read(client, key, E.in_list(E.int_val(1), 5))  # type: ignore[arg-type]
