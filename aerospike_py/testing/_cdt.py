"""List and map (CDT) operations.

The bin is decoded, the operation applied to the (possibly nested, via a
context path) container, and the bin re-encoded. The commonly used list and
map operations are implemented; any other operation code is answered with
PARAMETER (4), the code a server gives for an operation it does not accept.
"""

from __future__ import annotations

from typing import Any

from . import _proto as P
from ._msgpack import AList, AMap, INF, WILDCARD, bin_to_value, pack, sort_key, unpack, \
    value_to_bin
from ._proto import Op, ServerError

# return types
RT_NONE, RT_INDEX, RT_REV_INDEX, RT_RANK, RT_REV_RANK, RT_COUNT = 0, 1, 2, 3, 4, 5
RT_KEY, RT_VALUE, RT_KEY_VALUE, RT_EXISTS, RT_UNORDERED_MAP, RT_ORDERED_MAP = 6, 7, 8, 13, 16, 17
RT_INVERTED = 0x10000

# list write flags
L_ADD_UNIQUE, L_INSERT_BOUNDED, L_NO_FAIL, L_DO_PARTIAL = 1, 2, 4, 8
# map write flags
M_CREATE_ONLY, M_UPDATE_ONLY, M_NO_FAIL, M_DO_PARTIAL = 1, 2, 4, 8

CTX_LIST_INDEX, CTX_LIST_RANK, CTX_LIST_VALUE = 0x10, 0x11, 0x13
CTX_MAP_INDEX, CTX_MAP_RANK, CTX_MAP_KEY, CTX_MAP_VALUE = 0x20, 0x21, 0x22, 0x23

LIST_READ_OPS = frozenset({16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27})
MAP_READ_OPS = frozenset({96, 97, 98, 100, 102, 103, 104, 105, 106, 107, 108, 109, 110})


def _err(code: int = P.ERR_PARAMETER) -> ServerError:
    return ServerError(code)


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _err()
    return v


# -- selection helpers ------------------------------------------------------
def _norm_index(index: int, n: int) -> int | None:
    i = index + n if index < 0 else index
    return i if 0 <= i < n else None


def _range(index: int, count: int | None, n: int) -> tuple[int, int]:
    """Resolve (index, count) to [start, end) the way the server clamps them."""
    start = index + n if index < 0 else index
    if count is None:
        if start < 0:
            start = 0
        return min(start, n), n
    if count < 0:
        raise _err(P.ERR_PARAMETER)
    end = start + count
    start = max(start, 0)
    end = max(min(end, n), start)
    return min(start, n), end


def _in_interval(v: Any, begin: Any, end: Any) -> bool:
    k = sort_key(v)
    if begin is not None and begin is not WILDCARD and k < sort_key(begin):
        return False
    if end is INF or end is None:
        return True
    return k < sort_key(end)


def _values_equal(a: Any, b: Any) -> bool:
    if b is WILDCARD:
        return True
    if isinstance(b, list) and isinstance(a, list):
        if len(b) and b[-1] is WILDCARD:
            return len(a) >= len(b) - 1 and all(_values_equal(x, y) for x, y in zip(a, b[:-1]))
        return len(a) == len(b) and all(_values_equal(x, y) for x, y in zip(a, b))
    return sort_key(a) == sort_key(b)


def _ranks(values: list[Any]) -> list[int]:
    """Positions of values in rank order (stable)."""
    return sorted(range(len(values)), key=lambda i: sort_key(values[i]))


def _result(rt: int, selected: list[int], values: list[Any], n: int, single: bool,
            keys: list[Any] | None = None, map_out: bool = False) -> Any:
    """Build the op result for the selected element positions."""
    base = rt & ~RT_INVERTED
    if base == RT_NONE:
        return None
    if base == RT_COUNT:
        return len(selected)
    if base == RT_EXISTS:
        return bool(selected)
    if base in (RT_INDEX, RT_REV_INDEX):
        out = [(i if base == RT_INDEX else n - 1 - i) for i in selected]
    elif base in (RT_RANK, RT_REV_RANK):
        order = _ranks(values)
        rank_of = {pos: r for r, pos in enumerate(order)}
        out = [(rank_of[i] if base == RT_RANK else n - 1 - rank_of[i]) for i in selected]
    elif base == RT_VALUE:
        out = [values[i] for i in selected]
    elif base == RT_KEY:
        if keys is None:
            raise _err()
        out = [keys[i] for i in selected]
    elif base == RT_KEY_VALUE:
        if keys is None:
            raise _err()
        flat: list[Any] = []
        for i in selected:
            flat.extend((keys[i], values[i]))
        return AList(flat)
    elif base in (RT_UNORDERED_MAP, RT_ORDERED_MAP):
        if keys is None:
            raise _err()
        return AMap([(keys[i], values[i]) for i in selected], 1 if base == RT_ORDERED_MAP else 0)
    else:
        raise _err()
    if single:
        return out[0] if out else None
    return AList(out)


def _select(kind: str, args: list[Any], values: list[Any], keys: list[Any] | None
            ) -> tuple[list[int], bool]:
    """Positions chosen by a get/remove-by selector, and whether it is a single element."""
    n = len(values)
    if kind == "index":
        i = _norm_index(_int(args[0]), n)
        return ([] if i is None else [i]), True
    if kind == "index_range":
        start, end = _range(_int(args[0]), _int(args[1]) if len(args) > 1 else None, n)
        return list(range(start, end)), False
    order = _ranks(values)
    if kind == "rank":
        r = _norm_index(_int(args[0]), n)
        return ([] if r is None else [order[r]]), True
    if kind == "rank_range":
        start, end = _range(_int(args[0]), _int(args[1]) if len(args) > 1 else None, n)
        return order[start:end], False
    if kind == "value":
        return [i for i in range(n) if _values_equal(values[i], args[0])], False
    if kind == "value_list":
        wanted = args[0] if isinstance(args[0], list) else []
        return [i for i in range(n) if any(_values_equal(values[i], w) for w in wanted)], False
    if kind == "value_interval":
        lo = args[0]
        hi = args[1] if len(args) > 1 else INF
        return [i for i in range(n) if _in_interval(values[i], lo, hi)], False
    if kind in ("value_rel_rank_range", "key_rel_index_range"):
        # Relative to where args[0] would sort: rank (or key index) offset args[1], args[2] items or to the end.
        items = values
        if kind == "key_rel_index_range":
            if keys is None:
                raise _err()
            items = keys
            order = sorted(range(n), key=lambda i: sort_key(items[i]))
        anchor = sum(1 for x in items if sort_key(x) < sort_key(args[0]))
        start = anchor + _int(args[1])
        if len(args) > 2 and _int(args[2]) < 0:
            raise _err(P.ERR_PARAMETER)
        end = n if len(args) < 3 else start + _int(args[2])
        return order[max(start, 0):max(min(end, n), 0)], False
    assert keys is not None
    if kind == "key":
        return [i for i in range(n) if _values_equal(keys[i], args[0])], True
    if kind == "key_list":
        wanted = args[0] if isinstance(args[0], list) else []
        return [i for i in range(n) if any(_values_equal(keys[i], w) for w in wanted)], False
    if kind == "key_interval":
        lo = args[0]
        hi = args[1] if len(args) > 1 else INF
        return [i for i in range(n) if _in_interval(keys[i], lo, hi)], False
    raise _err()


def _apply_inverted(rt: int, selected: list[int], n: int) -> list[int]:
    if rt & RT_INVERTED:
        chosen = set(selected)
        return [i for i in range(n) if i not in chosen]
    return selected


# -- list operations --------------------------------------------------------
_LIST_SELECT = {19: "index", 21: "rank", 22: "value", 23: "value_list", 24: "index_range",
                25: "value_interval", 26: "rank_range", 27: "value_rel_rank_range"}


def _list_add_sorted(lst: AList, v: Any) -> None:
    k = sort_key(v)
    pos = len(lst)
    for i, x in enumerate(lst):
        if sort_key(x) > k:
            pos = i
            break
    lst.insert(pos, v)


def _list_insert_values(lst: AList, index: int | None, items: list[Any], flags: int) -> None:
    """Append (index None) or insert items honouring order and write flags."""
    accepted: list[Any] = []
    for v in items:
        if flags & L_ADD_UNIQUE and (any(_values_equal(x, v) for x in lst) or
                                     any(_values_equal(x, v) for x in accepted)):
            if flags & L_NO_FAIL:
                if flags & L_DO_PARTIAL or len(items) == 1:
                    continue
                return
            raise _err(P.ERR_ELEMENT_EXISTS)
        accepted.append(v)
    if lst.flags & 1:
        for v in accepted:
            _list_add_sorted(lst, v)
        return
    if index is None:
        lst.extend(accepted)
        return
    n = len(lst)
    if index < 0:
        index += n
        if index < 0:
            if flags & L_NO_FAIL:
                return
            raise _err(P.ERR_OP_NOT_APPLICABLE)
    if index > n:
        if flags & L_INSERT_BOUNDED:
            if flags & L_NO_FAIL:
                return
            raise _err(P.ERR_OP_NOT_APPLICABLE)
        lst.extend([None] * (index - n))
    lst[index:index] = accepted


def _list_op(lst: AList, code: int, args: list[Any]) -> Any:
    n = len(lst)
    if code == 0:  # set type
        lst.flags = 1 if (_int(args[0]) & 1) else 0
        if lst.flags:
            lst.sort(key=sort_key)
        return None
    if code in (1, 2):  # append / append items
        items = [args[0]] if code == 1 else list(args[0]) if isinstance(args[0], list) else None
        if items is None:
            raise _err()
        if n == 0 and len(args) > 1 and _int(args[1]) & 1:
            lst.flags = 1
        flags = _int(args[2]) if len(args) > 2 else 0
        _list_insert_values(lst, None, items, flags)
        return len(lst)
    if code in (3, 4):  # insert / insert items
        items = [args[1]] if code == 3 else list(args[1]) if isinstance(args[1], list) else None
        if items is None or lst.flags & 1:
            raise _err(P.ERR_OP_NOT_APPLICABLE if items is not None else P.ERR_PARAMETER)
        flags = _int(args[2]) if len(args) > 2 else 0
        _list_insert_values(lst, _int(args[0]), items, flags)
        return len(lst)
    if code in (5, 7, 17):  # pop / remove / get
        i = _norm_index(_int(args[0]), n)
        if i is None:
            if code == 7:
                return 0
            raise _err(P.ERR_OP_NOT_APPLICABLE)
        if code == 17:
            return lst[i]
        v = lst.pop(i)
        return v if code == 5 else 1
    if code in (6, 8, 18):  # pop range / remove range / get range
        start, end = _range(_int(args[0]), _int(args[1]) if len(args) > 1 else None, n)
        part = AList(lst[start:end])
        if code == 18:
            return part
        del lst[start:end]
        return part if code == 6 else len(part)
    if code == 9:  # set
        if lst.flags & 1:
            raise _err(P.ERR_OP_NOT_APPLICABLE)
        index = _int(args[0])
        flags = _int(args[2]) if len(args) > 2 else 0
        i = index + n if index < 0 else index
        if i < 0:
            raise _err(P.ERR_OP_NOT_APPLICABLE)
        if i >= n:
            if flags & L_INSERT_BOUNDED:
                if flags & L_NO_FAIL:
                    return None
                raise _err(P.ERR_OP_NOT_APPLICABLE)
            lst.extend([None] * (i - n + 1))
        if flags & L_ADD_UNIQUE and any(_values_equal(x, args[1]) for j, x in enumerate(lst)
                                        if j != i):
            if flags & L_NO_FAIL:
                return None
            raise _err(P.ERR_ELEMENT_EXISTS)
        lst[i] = args[1]
        return None
    if code == 10:  # trim
        start, end = _range(_int(args[0]), _int(args[1]) if len(args) > 1 else None, n)
        removed = n - (end - start)
        lst[:] = lst[start:end]
        return removed
    if code == 11:  # clear
        lst.clear()
        return None
    if code == 12:  # increment
        i = _norm_index(_int(args[0]), n)
        delta = args[1] if len(args) > 1 else 1
        if i is None:
            index = _int(args[0])
            if index < 0:
                raise _err(P.ERR_OP_NOT_APPLICABLE)
            lst.extend([None] * (index - n + 1))
            i = index
        cur = lst[i]
        if cur is None:
            cur = 0 if isinstance(delta, int) else 0.0
        if isinstance(cur, bool) or not isinstance(cur, (int, float)) or \
                isinstance(delta, bool) or not isinstance(delta, (int, float)):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        if isinstance(cur, int) != isinstance(delta, int):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        new = cur + delta
        if lst.flags & 1:
            del lst[i]
            _list_add_sorted(lst, new)
        else:
            lst[i] = new
        return new
    if code == 13:  # sort
        flags = _int(args[0]) if args else 0
        vals = sorted(lst, key=sort_key, reverse=bool(flags & 1))
        if flags & 2:
            dedup: list[Any] = []
            for v in vals:
                if not dedup or sort_key(dedup[-1]) != sort_key(v):
                    dedup.append(v)
            vals = dedup
        lst[:] = vals
        return None
    if code == 16:
        return n
    if code in _LIST_SELECT or (code - 13) in _LIST_SELECT and code >= 32:
        get = code in _LIST_SELECT
        kind = _LIST_SELECT[code if get else code - 13]
        rt = _int(args[0])
        selected, single = _select(kind, args[1:], list(lst), None)
        selected = _apply_inverted(rt, selected, n)
        if rt & RT_INVERTED:
            single = False
        res = _result(rt, selected, list(lst), n, single)
        if not get:
            drop = set(selected)
            lst[:] = [x for i, x in enumerate(lst) if i not in drop]
        return res
    raise _err()


# -- map operations ---------------------------------------------------------
_MAP_SELECT = {97: "key", 98: "index", 100: "rank", 102: "value", 103: "key_interval",
               104: "index_range", 105: "value_interval", 106: "rank_range", 107: "key_list",
               108: "value_list", 109: "key_rel_index_range", 110: "value_rel_rank_range"}
_MAP_REMOVE = {76: "key", 77: "index", 79: "rank", 81: "key_list", 82: "value",
               83: "value_list", 84: "key_interval", 85: "index_range",
               86: "value_interval", 87: "rank_range", 88: "key_rel_index_range",
               89: "value_rel_rank_range"}


def _map_sorted(m: AMap) -> None:
    m.pairs.sort(key=lambda kv: sort_key(kv[0]))


def _map_find(m: AMap, key: Any) -> int | None:
    k = sort_key(key)
    for i, (mk, _v) in enumerate(m.pairs):
        if sort_key(mk) == k:
            return i
    return None


def _map_put(m: AMap, key: Any, value: Any, flags: int, item_cmd: int) -> bool:
    """Write one entry; returns False when skipped by NO_FAIL."""
    if isinstance(key, (list, AMap)) or key is None:
        raise _err()
    i = _map_find(m, key)
    create_only = item_cmd == 65 or flags & M_CREATE_ONLY
    update_only = item_cmd == 69 or flags & M_UPDATE_ONLY
    if i is not None and create_only:
        if flags & M_NO_FAIL:
            return False
        raise _err(P.ERR_ELEMENT_EXISTS)
    if i is None and update_only:
        if flags & M_NO_FAIL:
            return False
        raise _err(P.ERR_ELEMENT_NOT_FOUND)
    if i is None:
        m.pairs.append((key, value))
    else:
        m.pairs[i] = (m.pairs[i][0], value)
    return True


def _map_op(m: AMap, code: int, args: list[Any]) -> Any:
    if code == 64:  # set type
        m.flags = _int(args[0]) & 3
        return None
    if code in (65, 67, 69):  # add / put / replace
        if code != 69 and len(args) > 2 and not m.pairs:
            m.flags = _int(args[2]) & 3
        flags = _int(args[3]) if len(args) > 3 else 0
        _map_put(m, args[0], args[1], flags, code)
        return len(m.pairs)
    if code in (66, 68, 70):  # add / put / replace items
        items = args[0]
        if not isinstance(items, AMap):
            raise _err()
        if code != 70 and len(args) > 1 and not m.pairs:
            m.flags = _int(args[1]) & 3
        flags = _int(args[2]) if len(args) > 2 else 0
        snapshot = list(m.pairs)
        try:
            for k, v in items.pairs:
                if not _map_put(m, k, v, flags, code - 1) and not flags & M_DO_PARTIAL:
                    m.pairs[:] = snapshot
                    break
        except ServerError:
            m.pairs[:] = snapshot
            raise
        return len(m.pairs)
    if code in (73, 74):  # increment / decrement
        key = args[0]
        delta = args[1] if len(args) > 1 else 1
        if isinstance(delta, bool) or not isinstance(delta, (int, float)):
            raise _err()
        if len(args) > 2 and not m.pairs:
            m.flags = _int(args[2]) & 3
        i = _map_find(m, key)
        cur = m.pairs[i][1] if i is not None else (0 if isinstance(delta, int) else 0.0)
        if isinstance(cur, bool) or not isinstance(cur, (int, float)) or \
                isinstance(cur, int) != isinstance(delta, int):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        new = cur + delta if code == 73 else cur - delta
        if i is None:
            m.pairs.append((key, new))
        else:
            m.pairs[i] = (m.pairs[i][0], new)
        return new
    if code == 75:
        m.pairs.clear()
        return None
    if code == 96:
        return len(m.pairs)
    get = code in _MAP_SELECT
    if get or code in _MAP_REMOVE:
        kind = _MAP_SELECT[code] if get else _MAP_REMOVE[code]
        rt = _int(args[0])
        ordered = sorted(m.pairs, key=lambda kv: sort_key(kv[0]))
        keys = [k for k, _ in ordered]
        values = [v for _, v in ordered]
        n = len(ordered)
        selected, single = _select(kind, args[1:], values, keys)
        if kind in ("key",):
            single = True
        selected = _apply_inverted(rt, selected, n)
        if rt & RT_INVERTED or kind in ("key_list", "value", "value_list", "key_interval",
                                        "value_interval", "index_range", "rank_range"):
            single = False
        if (rt & ~RT_INVERTED) in (RT_RANK, RT_REV_RANK):
            res = _result(rt, selected, values, n, single)
        else:
            res = _result(rt, selected, values, n, single, keys)
        if not get:
            drop = {sort_key(keys[i]) for i in selected}
            m.pairs[:] = [kv for kv in m.pairs if sort_key(kv[0]) not in drop]
        return res
    raise _err()


# -- context navigation -----------------------------------------------------
def _ctx_child(container: Any, ctype: int, cval: Any, create: bool) -> tuple[Any, Any, Any]:
    """Find the child a context step points at: (value, setter, container)."""
    base = ctype & 0x3f
    if base in (CTX_LIST_INDEX, CTX_LIST_RANK, CTX_LIST_VALUE):
        if not isinstance(container, list):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        n = len(container)
        if base == CTX_LIST_INDEX:
            i = _norm_index(_int(cval), n)
            if i is None and create and cval >= 0:
                container.extend([None] * (cval - n + 1))
                i = cval
        elif base == CTX_LIST_RANK:
            r = _norm_index(_int(cval), n)
            i = _ranks(list(container))[r] if r is not None else None
        else:
            i = next((j for j in range(n) if _values_equal(container[j], cval)), None)
        if i is None:
            raise _err(P.ERR_OP_NOT_APPLICABLE)

        def set_list(v: Any, c: list = container, j: int = i) -> None:
            c[j] = v
        return container[i], set_list, container
    if base in (CTX_MAP_INDEX, CTX_MAP_RANK, CTX_MAP_KEY, CTX_MAP_VALUE):
        if not isinstance(container, AMap):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        ordered = sorted(range(len(container.pairs)),
                         key=lambda j: sort_key(container.pairs[j][0]))
        pos: int | None
        if base == CTX_MAP_KEY:
            pos = _map_find(container, cval)
            if pos is None and create:
                container.pairs.append((cval, None))
                pos = len(container.pairs) - 1
        elif base == CTX_MAP_INDEX:
            r = _norm_index(_int(cval), len(ordered))
            pos = ordered[r] if r is not None else None
        elif base == CTX_MAP_RANK:
            vals = [container.pairs[j][1] for j in range(len(container.pairs))]
            r = _norm_index(_int(cval), len(vals))
            pos = _ranks(vals)[r] if r is not None else None
        else:
            pos = next((j for j, (_k, v) in enumerate(container.pairs)
                        if _values_equal(v, cval)), None)
        if pos is None:
            raise _err(P.ERR_OP_NOT_APPLICABLE)

        def set_map(v: Any, m: AMap = container, j: int = pos) -> None:
            m.pairs[j] = (m.pairs[j][0], v)
        return container.pairs[pos][1], set_map, container
    raise _err()


def _ctx_new_container(ctype: int, for_map: bool) -> Any:
    if ctype & 0xc0:
        if (ctype & 0x3f) in (CTX_LIST_INDEX, CTX_LIST_RANK, CTX_LIST_VALUE) and not for_map:
            lst = AList()
            lst.flags = 1 if (ctype & 0xc0) == 0xc0 else 0
            return lst
        m = AMap()
        m.flags = {0x40: 0, 0x80: 1, 0xc0: 3}.get(ctype & 0xc0, 0)
        return m
    return None


def apply_ctx_read(value: Any, ctx_raw: bytes) -> Any:
    """Follow a packed context (as stored with an index) for reading; None if absent."""
    try:
        ctx = unpack(ctx_raw)
        cur = value
        for j in range(0, len(ctx), 2):
            cur, _set, _c = _ctx_child(cur, ctx[j], ctx[j + 1], False)
        return cur
    except ServerError:
        return None


# -- entry point ------------------------------------------------------------
def _split_payload(payload: Any) -> tuple[list[Any], int, list[Any]]:
    """(context path, op code, args) of a decoded CDT op."""
    if not isinstance(payload, list) or not payload:
        raise _err()
    path: list[Any] = []
    if payload[0] == 0xff:
        if len(payload) != 3 or not isinstance(payload[1], list) or \
                not isinstance(payload[2], list) or not payload[2]:
            raise _err()
        path = list(payload[1])
        payload = payload[2]
    code = payload[0]
    if isinstance(code, bool) or not isinstance(code, int):
        raise _err()
    return path, code, list(payload[1:])


def is_read_payload(payload: Any) -> bool:
    _path, code, _args = _split_payload(payload)
    return code in (MAP_READ_OPS if code >= 64 else LIST_READ_OPS)


def cdt_apply(root: Any, payload: Any) -> tuple[Any, Any, bool]:
    """Apply a decoded CDT op to a value (None = absent bin).

    Returns (op result, new root, whether the op was a read).
    """
    path, code, args = _split_payload(payload)
    is_map = code >= 64
    is_read = code in (MAP_READ_OPS if is_map else LIST_READ_OPS)
    if root is None:
        if is_read:
            return None, None, True
        if path:
            root = _ctx_new_container(path[0], False) if isinstance(path[0], int) else None
            if root is None:
                raise _err(P.ERR_OP_NOT_APPLICABLE)
        else:
            root = AMap() if is_map else AList()
    elif not isinstance(root, (list, AMap)):
        raise _err(P.ERR_INCOMPATIBLE_TYPE)
    if isinstance(root, list) and not isinstance(root, AList):
        root = AList(root)
    target = root
    for j in range(0, len(path), 2):
        ctype, cval = path[j], path[j + 1]
        create = bool(ctype & 0xc0) and not is_read
        child, setter, _c = _ctx_child(target, ctype, cval, create)
        if child is None and create:
            nxt = path[j + 2] if j + 2 < len(path) else None
            child = _ctx_new_container(nxt, False) if nxt is not None else \
                (AMap() if is_map else AList())
            setter(child)
        target = child
    if is_map:
        if not isinstance(target, AMap):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        res = _map_op(target, code, args)
        if target.flags & 1:
            _map_sorted(target)
    else:
        if not isinstance(target, AList):
            raise _err(P.ERR_INCOMPATIBLE_TYPE)
        res = _list_op(target, code, args)
    return res, root, is_read


def result_bin(res: Any) -> tuple[int, bytes]:
    if isinstance(res, list):
        return P.PT_LIST, pack(res)
    if isinstance(res, AMap):
        return P.PT_MAP, pack(res)
    return value_to_bin(res)


def run_cdt_op(ctx_obj: Any, op: Op) -> tuple[int, bytes] | None:
    """Apply one CDT op to its bin in ctx_obj.bins; returns the result bin or None."""
    if op.value[1:3] == b"\xcc\xfe":
        from ._path import run_path_op
        return run_path_op(ctx_obj, op)
    try:
        payload = unpack(op.value)
    except P.ProtocolError as exc:
        raise _err() from exc
    read = is_read_payload(payload)
    if op.op == P.OP_CDT_READ and not read:
        raise _err()
    bins = ctx_obj.bins
    cur = bins.get(op.name)
    if cur is not None and cur[0] not in (P.PT_LIST, P.PT_MAP):
        raise _err(P.ERR_INCOMPATIBLE_TYPE)
    root = bin_to_value(*cur) if cur is not None else None
    if cur is None and read:
        return (P.PT_NULL, b"")
    res, new_root, _is_read = cdt_apply(root, payload)
    if not read:
        bins[op.name] = value_to_bin(new_root)
    if res is None:
        return None
    return result_bin(res)
