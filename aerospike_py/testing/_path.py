"""Path select / modify (server 8.1.1+): CDT operations and expressions whose
context may fan out.

A path is the usual context list plus four fan-out items: every child
(``[0x04, true]``), the children a boolean filter keeps (``[0x04, exp]``), the
map entries whose key is in a list (``[0x2a, keys]``) and a filter AND-ed
onto the previous item (``[0x204, exp]``). Filters see each element through
loop variables (key, value, index). Every step is applied to every element
the previous steps selected, so all selected elements sit at the same depth.

Select returns, by the low flag bits, the bin pruned to the selected elements
(0), their values (1), map keys (2) or key/value pairs (3); modify replaces
each selected element by the modifying expression's value (or removes it).
``NO_FAIL`` (0x10) skips elements a step or filter cannot apply to; without
it the whole operation fails.
"""

from __future__ import annotations

from typing import Any, Callable

from . import _proto as P
from ._cdt import _map_find, _norm_index, _ranks, _values_equal
from ._msgpack import AList, AMap, materialize, sort_key
from ._proto import ServerError

CTX_SELECT = 0xFE
CTX_EXP, CTX_AND_EXP, CTX_KEYS_IN = 0x04, 0x204, 0x2A
LOOPVAR_KEY, LOOPVAR_VALUE, LOOPVAR_INDEX = 0, 1, 2
MODE_TREE, MODE_VALUE, MODE_KEY, MODE_KEY_VALUE = 0, 1, 2, 3
NO_FAIL, APPLY = 0x10, 0x04

# One selected element: its steps from the root (("l", index) or ("m", pair position)),
# its value and its loop variables.
Sel = tuple[tuple[tuple[str, int], ...], Any, dict[int, Any]]
# Evaluates a raw filter / modifying expression with the given loop variables.
Eval = Callable[[Any, dict[int, Any]], Any]


def _fail(code: int = P.ERR_PARAMETER, msg: str = "path expression") -> ServerError:
    return ServerError(code, msg)


def is_path_payload(payload: Any) -> bool:
    return isinstance(payload, list) and len(payload) in (3, 4) and payload[0] == CTX_SELECT


def _children(value: Any) -> list[tuple[tuple[str, int], Any, dict[int, Any]]] | None:
    if isinstance(value, list):
        return [(("l", i), v, {LOOPVAR_VALUE: v, LOOPVAR_INDEX: i}) for i, v in enumerate(value)]
    if isinstance(value, AMap):
        order = sorted(range(len(value.pairs)), key=lambda j: sort_key(value.pairs[j][0]))
        rank = {pos: n for n, pos in enumerate(order)}
        return [(("m", j), v, {LOOPVAR_KEY: k, LOOPVAR_VALUE: v, LOOPVAR_INDEX: rank[j]})
                for j, (k, v) in enumerate(value.pairs)]
    return None


def _keep(filter_exp: Any, lv: dict[int, Any], evaluate: Eval, no_fail: bool) -> bool:
    r = evaluate(filter_exp, lv)
    if r is True or r is False:
        return r
    if no_fail:
        return False
    raise _fail(P.ERR_OP_NOT_APPLICABLE, "path filter is not a boolean")


def _step(ctype: int, cval: Any, value: Any) -> tuple[str, int] | None:
    """The child a plain context item points at (None: absent); TypeError when it cannot apply."""
    base = ctype & 0x3F
    if base in (0x10, 0x11, 0x13):
        if not isinstance(value, list):
            raise TypeError
        n = len(value)
        if base == 0x10:
            i = _norm_index(cval, n) if isinstance(cval, int) else None
        elif base == 0x11:
            r = _norm_index(cval, n) if isinstance(cval, int) else None
            i = _ranks(list(value))[r] if r is not None else None
        else:
            i = next((j for j in range(n) if _values_equal(value[j], cval)), None)
        return None if i is None else ("l", i)
    if base in (0x20, 0x21, 0x22, 0x23):
        if not isinstance(value, AMap):
            raise TypeError
        pairs = value.pairs
        pos: int | None
        if base == 0x22:
            pos = _map_find(value, cval)
        elif base == 0x20:
            order = sorted(range(len(pairs)), key=lambda j: sort_key(pairs[j][0]))
            r = _norm_index(cval, len(order)) if isinstance(cval, int) else None
            pos = order[r] if r is not None else None
        elif base == 0x21:
            r = _norm_index(cval, len(pairs)) if isinstance(cval, int) else None
            pos = _ranks([v for _k, v in pairs])[r] if r is not None else None
        else:
            pos = next((j for j, (_k, v) in enumerate(pairs) if _values_equal(v, cval)), None)
        return None if pos is None else ("m", pos)
    raise _fail(msg=f"unknown path context type {ctype:#x}")


def _select(root: Any, ctx: list[Any], flags: int, evaluate: Eval) -> list[Sel]:
    if not isinstance(ctx, list) or not ctx or len(ctx) % 2:
        raise _fail(msg="path needs a non-empty context")
    no_fail = bool(flags & NO_FAIL)
    frontier: list[Sel] = [((), root, {})]
    prev: int | None = None
    for j in range(0, len(ctx), 2):
        ctype, cval = ctx[j], ctx[j + 1]
        if isinstance(ctype, bool) or not isinstance(ctype, int):
            raise _fail(msg="path context type must be an int")
        if ctype == CTX_AND_EXP:
            if prev is None or prev == CTX_EXP or prev == CTX_AND_EXP:
                raise _fail(msg="and_filter must follow a non-expression context")
            frontier = [s for s in frontier if _keep(cval, s[2], evaluate, no_fail)]
            prev = ctype
            continue
        nxt: list[Sel] = []
        for steps, value, _lv in frontier:
            if ctype == CTX_EXP or ctype == CTX_KEYS_IN:
                kids = _children(value)
                if kids is None or (ctype == CTX_KEYS_IN and not isinstance(value, AMap)):
                    if no_fail:
                        continue
                    raise _fail(P.ERR_INCOMPATIBLE_TYPE, "path context applied to a non-collection")
                if ctype == CTX_KEYS_IN:
                    wanted = {sort_key(k) for k in materialize(cval)} if isinstance(cval, list) else None
                    if wanted is None:
                        raise _fail(msg="map_keys_in needs a list")
                    kids = [c for c in kids if sort_key(c[2][LOOPVAR_KEY]) in wanted]
                elif cval is not True:
                    kids = [c for c in kids if _keep(cval, c[2], evaluate, no_fail)]
                nxt.extend((steps + (step,), v, lv) for step, v, lv in kids)
                continue
            try:
                step = _step(ctype, materialize(cval), value)
            except TypeError:
                if no_fail:
                    continue
                raise _fail(P.ERR_INCOMPATIBLE_TYPE, "path context applied to the wrong collection type") from None
            if step is None:
                continue
            child = value[step[1]] if step[0] == "l" else value.pairs[step[1]][1]
            lv = {LOOPVAR_VALUE: child, LOOPVAR_INDEX: step[1]}
            if step[0] == "m":
                lv[LOOPVAR_KEY] = value.pairs[step[1]][0]
            nxt.append((steps + (step,), child, lv))
        frontier = nxt
        prev = ctype
    return frontier


def _prune(value: Any, paths: list[tuple[tuple[str, int], ...]]) -> Any:
    """The value with only the branches leading to the selected elements (whole subtrees below them)."""
    if any(not p for p in paths):
        return value
    by_child: dict[int, list[tuple[tuple[str, int], ...]]] = {}
    for p in paths:
        by_child.setdefault(p[0][1], []).append(p[1:])
    if isinstance(value, list):
        out = AList(_prune(value[i], by_child[i]) for i in sorted(by_child))
        out.flags = getattr(value, "flags", 0)
        return out
    return AMap([(k, _prune(v, by_child[j])) for j, (k, v) in enumerate(value.pairs) if j in by_child],
                value.flags)


def select(root: Any, payload: list[Any], evaluate: Eval) -> Any:
    """The result of a path select on ``root`` (a decoded list or map)."""
    ctx, flags = payload[1], payload[2]
    if isinstance(flags, bool) or not isinstance(flags, int):
        raise _fail(msg="path flags must be an int")
    found = _select(root, ctx, flags, evaluate)
    mode = flags & 0x3
    if mode == MODE_TREE:
        return _prune(root, [s[0] for s in found])
    out = AList()
    for _steps, value, lv in found:
        has_key = LOOPVAR_KEY in lv
        if mode == MODE_VALUE:
            out.append(value)
        elif has_key:
            out.append(lv[LOOPVAR_KEY])
            if mode == MODE_KEY_VALUE:
                out.append(value)
    return out


class _Removed:
    def __repr__(self) -> str:
        return "REMOVE_RESULT"


REMOVE = _Removed()


def modify(root: Any, payload: list[Any], evaluate: Eval, unknown: Any) -> Any:
    """``root`` with every selected element replaced by the modifying expression (in place)."""
    if len(payload) != 4:
        raise _fail(msg="path modify needs a modifying expression")
    ctx, flags, mod = payload[1], payload[2], payload[3]
    if isinstance(flags, bool) or not isinstance(flags, int) or not flags & APPLY:
        raise _fail(msg="path modify flags")
    found = _select(root, ctx, flags, evaluate)
    updates: list[tuple[tuple[tuple[str, int], ...], Any]] = []
    for steps, _value, lv in found:
        new = evaluate(mod, lv)
        if new is unknown:
            if flags & NO_FAIL:
                continue
            raise _fail(P.ERR_OP_NOT_APPLICABLE, "modifying expression failed")
        updates.append((steps, new))
    # removals last-first so the positions of the others stay valid
    for steps, new in sorted(updates, key=lambda u: u[0], reverse=True):
        parent = root
        for kind, i in steps[:-1]:
            parent = parent[i] if kind == "l" else parent.pairs[i][1]
        kind, i = steps[-1]
        if new is REMOVE:
            if kind == "l":
                del parent[i]
            else:
                del parent.pairs[i]
        elif kind == "l":
            parent[i] = new
        else:
            parent.pairs[i] = (parent.pairs[i][0], new)
    return root


def run_path_op(ctx_obj: Any, op: P.Op) -> tuple[int, bytes] | None:
    """A select (CDT read) or modify (CDT modify) path operation on its bin."""
    from ._cdt import result_bin
    from ._exp import UNKNOWN, _Env, path_evaluator
    from ._msgpack import bin_to_value, unpack, value_to_bin
    try:
        payload = unpack(op.value, raw=True)
    except P.ProtocolError as exc:
        raise _fail() from exc
    if not is_path_payload(payload):
        raise _fail()
    modifying = len(payload) == 4
    if modifying != (op.op == P.OP_CDT_MODIFY):
        raise _fail(msg="path operation type does not match its payload")
    cur = ctx_obj.bins.get(op.name)
    if cur is None:
        return None if modifying else (P.PT_NULL, b"")
    if cur[0] not in (P.PT_LIST, P.PT_MAP):
        raise _fail(P.ERR_INCOMPATIBLE_TYPE, "path operation on a bin that is not a list or map")
    root = bin_to_value(*cur)
    evaluate = path_evaluator(_Env(ctx_obj.ns, ctx_obj.rec, ctx_obj.bins, None))
    if modifying:
        ctx_obj.bins[op.name] = value_to_bin(modify(root, payload, evaluate, UNKNOWN))
        return None
    return result_bin(select(root, payload, evaluate))
