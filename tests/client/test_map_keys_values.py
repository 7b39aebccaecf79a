"""The keys and the values of a map as expressions (``exp.map_keys`` / ``exp.map_values``, server 8.1.2+).

The wire form is compared byte for byte with the official client's
``MapGetKeys`` / ``MapGetValues``; behaviour is compared with the official
client on the same server, and asserted directly only where the order is
defined (a key-ordered map gives its keys in key order).
"""

from __future__ import annotations

import base64
from typing import Any, Callable, Iterator

import pytest

import aerospike_py
from aerospike_py import exp
from aerospike_py import expression_operations as eo
from aerospike_py import map_operations as mo
from aerospike_py._exp_compile import compile_expression
from aerospike_py.exception import FilteredOut, InvalidArgError

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers import expressions as oe  # noqa: E402
from aerospike_helpers.operations import expression_operations as oeo  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BINS = {"m": {"b": 2, "a": 1, "c": [3]}, "e": {}, "n": 5, "s": "text", "l": [1, 2]}


@pytest.fixture(scope="module")
def official(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    c = aerospike.client({"hosts": [tuple(h) for h in aerospike_config["hosts"]]}).connect()
    try:
        yield c
    finally:
        c.close()


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except Exception as err:  # noqa: BLE001 - the error code is the outcome
        return ("error", getattr(err, "code", type(err).__name__))


def _pairs() -> list[tuple[Any, Any]]:
    """(ours, theirs) read expressions over every kind of operand."""
    out: list[tuple[Any, Any]] = []
    for ours, theirs in ((exp.map_keys, oe.MapGetKeys), (exp.map_values, oe.MapGetValues)):
        out += [
            (ours(exp.map_bin("m")), theirs(oe.MapBin("m"))),
            (ours(exp.map_bin("e")), theirs("e")),
            (ours(exp.map_bin("missing")), theirs("missing")),
            (ours(exp.map_bin("n")), theirs("n")),
            (ours(exp.map_bin("s")), theirs(oe.MapBin("s"))),
            (ours(exp.map_bin("l")), theirs(oe.MapBin("l"))),
            (ours(exp.map_val({"y": {"q": 2}})), theirs(oe.Val({"y": {"q": 2}}))),
            (ours(exp.int_val(7)), theirs(oe.Val(7))),
        ]
    return out


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_wire_form_is_the_official_clients(official: Any) -> None:
    for ours, theirs in _pairs():
        assert _b64(compile_expression(ours, "expr")) == official.get_expression_base64(theirs.compile()), ours
    nested = exp.list_size(exp.map_keys(exp.map_bin("m")))
    assert _b64(compile_expression(nested, "expr")) == official.get_expression_base64(
        oe.ListSize(None, oe.MapGetKeys("m")).compile())


def test_c_client_names_are_the_same_builders() -> None:
    assert exp.map_keys_in is exp.map_keys and exp.map_values_in is exp.map_values


def test_expression_read_matches_official(client: Any, official: Any, make_key: Any) -> None:
    mine, theirs = make_key(), make_key()
    client.put(mine, BINS)
    official.put(theirs, BINS)
    for ours, t in _pairs():
        for flags in (0, eo.EXP_READ_EVAL_NO_FAIL):
            got = _outcome(lambda: client.operate(mine, [eo.expression_read("r", ours, flags)]).bins)
            want = _outcome(lambda: official.operate(theirs, [oeo.expression_read("r", t.compile(), flags)])[2])
            assert got == want, (ours, flags)


def test_filter_matches_official(client: Any, official: Any, make_key: Any) -> None:
    mine, theirs = make_key(), make_key()
    client.put(mine, BINS)
    official.put(theirs, BINS)
    tests: list[tuple[Any, Any]] = []
    for ours, t in _pairs():
        tests.append((exp.in_list(exp.string_val("a"), ours), oe.InList("a", t)))
        tests.append((exp.eq(exp.list_size(ours), exp.int_val(3)), oe.Eq(oe.ListSize(None, t), 3)))
    for ours, t in tests:
        got = _outcome(lambda: client.get(mine, policy={"filter_expression": ours}).bins)
        want = _outcome(lambda: official.get(theirs, policy={"expressions": t.compile()})[2])
        assert got == want, ours


def test_key_ordered_map_gives_keys_in_key_order(client: Any, make_key: Any) -> None:
    key = make_key()
    client.operate(key, [mo.map_put_items("m", {"b": 2, "a": 1, "c": 3}, {"order": aerospike_py.MAP_KEY_ORDERED})])
    bins = client.operate(key, [eo.expression_read("k", exp.map_keys(exp.map_bin("m"))),
                                eo.expression_read("v", exp.map_values(exp.map_bin("m")))]).bins
    assert bins == {"k": ["a", "b", "c"], "v": [1, 2, 3]}


def test_unordered_map_gives_every_key_and_value(client: Any, make_key: Any) -> None:
    key = make_key()
    client.put(key, {"m": {"x": 10, 7: "seven", b"k": [1]}})
    bins = client.operate(key, [eo.expression_read("k", exp.map_keys(exp.map_bin("m"))),
                                eo.expression_read("v", exp.map_values(exp.map_bin("m")))]).bins
    assert sorted(map(repr, bins["k"])) == sorted(map(repr, ["x", 7, b"k"]))
    assert len(bins["v"]) == 3 and 10 in bins["v"] and "seven" in bins["v"] and [1] in bins["v"]
    # Each key's value sits at the same position as the key.
    pairs = dict(zip(bins["k"], bins["v"]))
    assert pairs == {"x": 10, 7: "seven", b"k": [1]}
    with pytest.raises(FilteredOut):
        client.get(key, policy={"filter_expression": exp.in_list(exp.string_val("y"), exp.map_keys(exp.map_bin("m")))})
    assert client.get(key, policy={"filter_expression": exp.in_list(
        exp.int_val(10), exp.map_values(exp.map_bin("m")))}).bins["m"] == {"x": 10, 7: "seven", b"k": [1]}


def test_bad_operand_is_refused() -> None:
    for bad in (exp.map_keys("m"), exp.map_values(None)):  # type: ignore[arg-type]
        with pytest.raises(InvalidArgError, match="expr"):
            compile_expression(bad, "expr")
