"""Path operations and expressions (select_by_path / modify_by_path, fan-out contexts, loop variables).

The wire form is compared byte for byte with the official client's; behaviour
is compared with the official client on the same server (results and error
codes), and asserted directly only for the cases the server documentation
spells out.
"""

from __future__ import annotations

import base64
from typing import Any, Callable, Iterator

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as C
from aerospike_py import exp
from aerospike_py import expression_operations as eo
from aerospike_py import path_operations as po
from aerospike_py._exp_compile import _ctx, compile_expression
from aerospike_py.exception import InvalidArgError

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers import cdt_ctx as oc  # noqa: E402
from aerospike_helpers import expressions as oe  # noqa: E402
from aerospike_helpers.operations import expression_operations as oeo  # noqa: E402
from aerospike_helpers.operations import operations as oops  # noqa: E402

DOC = {
    "a": {"qty": 1, "price": 7, "name": "pen"},
    "b": {"qty": 9, "price": 2, "name": "ink"},
    "c": {"qty": 0, "price": 12, "name": "pad"},
}
LIST = [1, 5, 10, [3, 4], "x"]


@pytest.fixture(scope="module")
def official(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    c = aerospike.client({"hosts": [tuple(h) for h in aerospike_config["hosts"]]}).connect()
    try:
        yield c
    finally:
        c.close()


# -- one corpus, written once per client ------------------------------------------------------------------------

def _mine_filters() -> list[Any]:
    return [
        exp.gt(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(5)),
        exp.eq(exp.loopvar_str(exp.LOOPVAR_KEY), exp.string_val("qty")),
        exp.lt(exp.loopvar_int(exp.LOOPVAR_INDEX), exp.int_val(2)),
        exp.gt(exp.map_get_by_key(aerospike_py.MAP_RETURN_VALUE, exp.EXP_TYPE_INT, exp.string_val("qty"),
                                  exp.loopvar_map(exp.LOOPVAR_VALUE)), exp.int_val(0)),
    ]


def _theirs_filters() -> list[Any]:
    return [
        oe.GT(oe.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 5).compile(),
        oe.Eq(oe.LoopVarStr(aerospike.EXP_LOOPVAR_KEY), "qty").compile(),
        oe.LT(oe.LoopVarInt(aerospike.EXP_LOOPVAR_INDEX), 2).compile(),
        oe.GT(oe.MapGetByKey(None, aerospike.MAP_RETURN_VALUE, oe.ResultType.INTEGER, "qty",
                             oe.LoopVarMap(aerospike.EXP_LOOPVAR_VALUE)), 0).compile(),
    ]


def _paths(ctx: Any, filters: list[Any]) -> list[tuple[str, list[Any]]]:
    """(bin, path) pairs: plain steps, every child, filters, keys-in with an and-filter."""
    return [
        ("m", [ctx.cdt_ctx_all_children()]),
        ("m", [ctx.cdt_ctx_all_children(), ctx.cdt_ctx_all_children_with_filter(filters[0])]),
        ("m", [ctx.cdt_ctx_all_children(), ctx.cdt_ctx_all_children_with_filter(filters[1])]),
        ("m", [ctx.cdt_ctx_all_children_with_filter(filters[3]), ctx.cdt_ctx_map_key("price")]),
        ("m", [ctx.cdt_ctx_map_keys_in(["a", "c", "zz"]), ctx.cdt_ctx_map_key("qty")]),
        ("m", [ctx.cdt_ctx_map_key("b"), ctx.cdt_ctx_map_keys_in(["qty", "name"]),
               ctx.cdt_ctx_and_filter(filters[1])]),
        ("m", [ctx.cdt_ctx_map_key("zz"), ctx.cdt_ctx_all_children()]),
        ("l", [ctx.cdt_ctx_all_children_with_filter(filters[2])]),
        ("l", [ctx.cdt_ctx_all_children_with_filter(filters[0])]),
        ("l", [ctx.cdt_ctx_list_index(3), ctx.cdt_ctx_all_children()]),
        ("l", [ctx.cdt_ctx_all_children(), ctx.cdt_ctx_all_children()]),
        ("n", [ctx.cdt_ctx_all_children()]),
    ]


SELECT_FLAGS = [0, 1, 2, 3, 0x10, 0x11, 0x12, 0x13]


def _mine_paths() -> list[tuple[str, list[Any]]]:
    return _paths(C, _mine_filters())


def _theirs_paths() -> list[tuple[str, list[Any]]]:
    return _paths(oc, _theirs_filters())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# -- wire form ---------------------------------------------------------------------------------------------------

def test_contexts_encode_like_the_official_client(official: Any) -> None:
    for (_b, mine), (_b2, theirs) in zip(_mine_paths(), _theirs_paths()):
        assert _b64(_ctx({"ctx": mine}, "ctx") or b"") == official.get_cdtctx_base64(theirs), mine


def test_expressions_encode_like_the_official_client(official: Any) -> None:
    mine: list[Any] = [exp.loopvar_nil(0), exp.loopvar_bool(1), exp.loopvar_int(2), exp.loopvar_str(0),
                       exp.loopvar_list(1), exp.loopvar_map(1), exp.loopvar_blob(1), exp.loopvar_float(1),
                       exp.loopvar_geo(1), exp.loopvar_hll(1), exp.remove_result()]
    theirs: list[Any] = [oe.LoopVarNil(0), oe.LoopVarBool(1), oe.LoopVarInt(2), oe.LoopVarStr(0),
                         oe.LoopVarList(1), oe.LoopVarMap(1), oe.LoopVarBlob(1), oe.LoopVarFloat(1),
                         oe.LoopVarGeoJson(1), oe.LoopVarHLL(1), oe.RemoveResult()]
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(10))
    o_bump = oe.Add(oe.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 10).compile()
    for (b, path), (_b, o_path) in zip(_mine_paths(), _theirs_paths()):
        for flags in (0, 1, 0x13):
            mine.append(exp.select_by_path(path, exp.EXP_TYPE_LIST, flags, exp.map_bin(b)))
            theirs.append(oe.SelectByPath(o_path, oe.ResultType.LIST, flags, oe.MapBin(b)))
        mine.append(exp.modify_by_path(path, exp.EXP_TYPE_MAP, bump, 0x10, exp.map_bin(b)))
        theirs.append(oe.ModifyByPath(o_path, oe.ResultType.MAP, o_bump, 0x10, oe.MapBin(b)))
    mine.append(exp.modify_by_path([C.cdt_ctx_all_children()], exp.EXP_TYPE_LIST, exp.remove_result(), 0,
                                   exp.list_bin("l")))
    theirs.append(oe.ModifyByPath([oc.cdt_ctx_all_children()], oe.ResultType.LIST, oe.RemoveResult().compile(), 0,
                                  oe.ListBin("l")))
    for m, t in zip(mine, theirs, strict=True):
        assert _b64(compile_expression(m, "expr")) == official.get_expression_base64(t.compile()), m


# -- behaviour: the same results and errors as the official client on this server -----------------------------------

def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except Exception as err:  # noqa: BLE001 - the error code is the outcome
        return ("error", getattr(err, "code", type(err).__name__))


def _seed(client: Any, official: Any, mine: Any, theirs: Any) -> None:
    for c, k in ((client, mine), (official, theirs)):
        c.put(k, {"m": DOC, "l": LIST, "n": 5})


def test_select_by_path_matches_official(client: Any, official: Any, make_key: Any) -> None:
    mine, theirs = make_key(), make_key()
    _seed(client, official, mine, theirs)
    for (b, path), (_b, o_path) in zip(_mine_paths(), _theirs_paths()):
        for flags in SELECT_FLAGS:
            got = _outcome(lambda: client.operate(mine, [po.select_by_path(b, path, flags)]).bins)
            want = _outcome(lambda: official.operate(theirs, [oops.select_by_path(b, o_path, flags)])[2])
            assert got == want, (b, path, flags)


def test_modify_by_path_matches_official(client: Any, official: Any, make_key: Any) -> None:
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(10))
    o_bump = oe.Add(oe.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 10).compile()
    for (b, path), (_b, o_path) in zip(_mine_paths(), _theirs_paths()):
        for mod, o_mod in ((bump, o_bump), (exp.remove_result(), oe.RemoveResult().compile())):
            for flags in (0, 0x10):
                mine, theirs = make_key(), make_key()
                _seed(client, official, mine, theirs)
                got = _outcome(lambda: client.operate(mine, [po.modify_by_path(b, path, mod, flags)]).bins)
                want = _outcome(lambda: official.operate(theirs, [oops.modify_by_path(b, o_path, o_mod, flags)])[2])
                assert got == want, (b, path, flags)
                assert client.get(mine).bins == official.get(theirs)[2], (b, path, flags)


def test_path_expressions_match_official(client: Any, official: Any, make_key: Any) -> None:
    mine, theirs = make_key(), make_key()
    _seed(client, official, mine, theirs)
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(10))
    o_bump = oe.Add(oe.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 10).compile()
    for (b, path), (_b, o_path) in zip(_mine_paths(), _theirs_paths()):
        rtype, o_bin = (exp.EXP_TYPE_LIST, oe.ListBin(b)) if b == "l" else (exp.EXP_TYPE_MAP, oe.MapBin(b))
        my_bin = exp.list_bin(b) if b == "l" else exp.map_bin(b)
        cases = [
            (exp.select_by_path(path, exp.EXP_TYPE_LIST, 0x11, my_bin),
             oe.SelectByPath(o_path, oe.ResultType.LIST, 0x11, o_bin)),
            (exp.select_by_path(path, rtype, 0, my_bin), oe.SelectByPath(o_path, rtype, 0, o_bin)),
            (exp.modify_by_path(path, rtype, bump, 0x10, my_bin), oe.ModifyByPath(o_path, rtype, o_bump, 0x10, o_bin)),
        ]
        for m, t in cases:
            got = _outcome(lambda: client.operate(mine, [eo.expression_read("r", m, eo.EXP_READ_EVAL_NO_FAIL)]).bins)
            want = _outcome(lambda: official.operate(
                theirs, [oeo.expression_read("r", t.compile(), aerospike.EXP_READ_EVAL_NO_FAIL)])[2])
            assert got == want, (b, path, m)


# -- behaviour the server documentation states ---------------------------------------------------------------------

def test_select_values_keys_and_tree(client: Any, make_key: Any) -> None:
    key = make_key()
    client.put(key, {"m": DOC})
    priced = [C.cdt_ctx_all_children(), C.cdt_ctx_map_key("price")]
    values = client.operate(key, [po.select_by_path("m", priced, po.PATH_SELECT_VALUE)]).bins["m"]
    assert sorted(values) == [2, 7, 12]
    in_stock = exp.gt(exp.map_get_by_key(aerospike_py.MAP_RETURN_VALUE, exp.EXP_TYPE_INT, exp.string_val("qty"),
                                         exp.loopvar_map(exp.LOOPVAR_VALUE)), exp.int_val(0))
    keys = client.operate(key, [po.select_by_path("m", [C.cdt_ctx_all_children_with_filter(in_stock)],
                                                  po.PATH_SELECT_MAP_KEY)]).bins["m"]
    assert sorted(keys) == ["a", "b"]
    tree = client.operate(key, [po.select_by_path(
        "m", [C.cdt_ctx_all_children_with_filter(in_stock), C.cdt_ctx_map_key("qty")],
        po.PATH_SELECT_MATCHING_TREE)]).bins["m"]
    assert tree == {"a": {"qty": 1}, "b": {"qty": 9}}


def test_modify_adds_to_every_selected_value(client: Any, make_key: Any) -> None:
    key = make_key()
    client.put(key, {"m": DOC})
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(10))
    client.operate(key, [po.modify_by_path("m", [C.cdt_ctx_all_children(), C.cdt_ctx_map_key("qty")], bump)])
    stored = client.get(key).bins["m"]
    assert {k: v["qty"] for k, v in stored.items()} == {"a": 11, "b": 19, "c": 10}
    assert {k: v["price"] for k, v in stored.items()} == {"a": 7, "b": 2, "c": 12}


def test_select_by_path_expression_as_filter(client: Any, make_key: Any) -> None:
    """A path expression inside a filter: records whose map holds a price above 10."""
    cheap, dear = make_key(), make_key()
    client.put(cheap, {"m": {"a": {"price": 3}}})
    client.put(dear, {"m": DOC})
    prices = exp.select_by_path([C.cdt_ctx_all_children(), C.cdt_ctx_map_key("price")], exp.EXP_TYPE_LIST,
                                exp.PATH_SELECT_VALUE, exp.map_bin("m"))
    has_dear = exp.gt(exp.list_size(prices), exp.int_val(0))
    over_ten = exp.select_by_path([C.cdt_ctx_all_children_with_filter(
        exp.gt(exp.map_get_by_key(aerospike_py.MAP_RETURN_VALUE, exp.EXP_TYPE_INT, exp.string_val("price"),
                                  exp.loopvar_map(exp.LOOPVAR_VALUE)), exp.int_val(10)))],
        exp.EXP_TYPE_LIST, exp.PATH_SELECT_MAP_KEY, exp.map_bin("m"))
    policy = {"filter_expression": exp.and_(has_dear, exp.gt(exp.list_size(over_ten), exp.int_val(0)))}
    assert client.get(dear, policy=policy).bins["m"] == DOC
    with pytest.raises(aerospike_py.exception.FilteredOut):
        client.get(cheap, policy=policy)


# -- bad input --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("op, field", [
    (po.select_by_path("m", []), "ctx"),
    ({"op": po.OP_SELECT_BY_PATH, "bin": "m"}, "ctx"),
    (po.select_by_path("m", [C.cdt_ctx_all_children()], -1), "path_flags"),
    (po.select_by_path("m", [C.cdt_ctx_all_children()], "x"), "path_flags"),  # type: ignore[arg-type]
    (po.modify_by_path("m", [C.cdt_ctx_all_children()], {"__expr__": "nope"}), "mod_exp"),
    ({"op": po.OP_MODIFY_BY_PATH, "bin": "m", "ctx": [C.cdt_ctx_all_children()]}, "mod_exp"),
    (po.select_by_path("m", [C.CDTContext(C.CDT_CTX_EXP, {"__expr__": "nope"})]), "ctx"),
    (po.select_by_path("m", [C.CDTContext(C.CDT_CTX_AND_EXP, None)]), "ctx"),
    (po.select_by_path("m", [C.CDTContext(C.CDT_CTX_MAP_KEYS_IN, "ab")]), "ctx"),
])
def test_bad_path_operations_are_refused(client: Any, make_key: Any, op: Any, field: str) -> None:
    key = make_key()
    client.put(key, {"m": DOC})
    with pytest.raises(InvalidArgError) as info:
        client.operate(key, [op])
    assert field in str(info.value)
    assert client.get(key).bins == {"m": DOC}


def test_bad_builders_and_expressions_are_refused() -> None:
    with pytest.raises(InvalidArgError, match="expression"):
        C.cdt_ctx_all_children_with_filter("x > 1")
    with pytest.raises(InvalidArgError, match="expression"):
        C.cdt_ctx_and_filter(None)
    with pytest.raises(InvalidArgError, match="keys"):
        C.cdt_ctx_map_keys_in("abc")
    for bad, what in ((exp.select_by_path([], exp.EXP_TYPE_LIST, 1, exp.map_bin("m")), "ctx"),
                      (exp.select_by_path([C.cdt_ctx_all_children()], 99, 1, exp.map_bin("m")), "value_type"),
                      (exp.modify_by_path([C.cdt_ctx_all_children()], exp.EXP_TYPE_MAP, 5, 0, exp.map_bin("m")),
                       "mod_exp"),
                      (exp.loopvar_int(-1), "var_id"), (exp._loopvar(12, 0), "exp_type")):
        with pytest.raises(InvalidArgError, match=what):
            compile_expression(bad, "expr")


# -- generated input: an answer or an AerospikeError, never a crash ----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**65), max_value=2**65),
                                 st.text(max_size=6), st.binary(max_size=6), st.floats(allow_nan=False)),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                       max_leaves=6)
_filters = st.one_of(st.none(), _values, st.sampled_from(_mine_filters()),
                     st.builds(lambda v: exp.eq(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(v)),
                               st.integers(min_value=-3, max_value=12)))
_items = st.builds(C.CDTContext, st.one_of(st.sampled_from([0x04, 0x204, 0x2A, 0x10, 0x11, 0x13, 0x20, 0x22, 0x23,
                                                            0x94, 0x62]), st.integers(-1, 2**33)),
                   st.one_of(_filters, _values))
_ctxs = st.one_of(st.lists(_items, max_size=4), _values)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(ctx=_ctxs, flags=st.one_of(st.integers(min_value=-1, max_value=2**33), _values),
       modify=st.booleans(), mod=st.one_of(_filters, st.just(exp.remove_result())))
def test_generated_paths_never_crash(client: Any, make_key: Any, ctx: Any, flags: Any, modify: bool,
                                     mod: Any) -> None:
    key = make_key()
    client.put(key, {"m": DOC, "l": LIST})
    op = po.modify_by_path("m", ctx, mod, flags) if modify else po.select_by_path("l", ctx, flags)
    try:
        client.operate(key, [op])
    except aerospike_py.exception.AerospikeError:
        pass
    try:
        client.operate(key, [eo.expression_read("r", exp.select_by_path(ctx, exp.EXP_TYPE_LIST, flags,
                                                                          exp.map_bin("m")))])
    except aerospike_py.exception.AerospikeError:
        pass


def test_operations_encode_like_the_official_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes of every path operation, as an embedded server receives them, are the official client's."""
    from aerospike_py.testing import TestServer
    from aerospike_py.testing import _path

    seen: list[tuple[int, bytes]] = []
    real = _path.run_path_op

    def record(ctx_obj: Any, op: Any) -> Any:
        seen.append((op.op, bytes(op.value)))
        return real(ctx_obj, op)

    monkeypatch.setattr(_path, "run_path_op", record)
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(10))
    o_bump = oe.Add(oe.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 10).compile()
    with TestServer() as server:
        config = {"hosts": server.hosts}
        with aerospike_py.client(config).connect() as mine:
            theirs = aerospike.client({"hosts": [tuple(h) for h in server.hosts]}).connect()
            try:
                key = ("test", "wire", "doc")
                mine.put(key, {"m": DOC, "l": LIST})
                for (b, path), (_b, o_path) in zip(_mine_paths(), _theirs_paths()):
                    for flags in (0, 3, 0x11):
                        seen.clear()
                        _outcome(lambda: mine.operate(key, [po.select_by_path(b, path, flags)]))
                        _outcome(lambda: theirs.operate(key, [oops.select_by_path(b, o_path, flags)]))
                        assert len(seen) == 2 and seen[0] == seen[1], (b, path, flags)
                    seen.clear()
                    _outcome(lambda: mine.operate(key, [po.modify_by_path(b, path, bump, 0x10)]))
                    _outcome(lambda: theirs.operate(key, [oops.modify_by_path(b, o_path, o_bump, 0x10)]))
                    assert len(seen) == 2 and seen[0] == seen[1], (b, path)
            finally:
                theirs.close()
