"""Official compiled expressions -> :mod:`aerospike_py.exp` descriptions.

The official helpers compile an expression into a flat prefix list of
``(code, result_type, fixed_args, child_count)`` tuples, variadic nodes
closed by an end marker. It is rebuilt here as the tree ``aerospike_py.exp``
builds, then compiled by this client's one expression compiler. The codes are
the official helpers' own numbering (its metadata codes differ from the wire's).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from aerospike_py import exp as E
from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.exception import param_error

_END = 150  # end of variadic arguments
_VAL = 200
_AS_VAL = 128
_TRUE, _FALSE = 151, 152

_BIN_BY_TYPE: dict[int, Callable[[str], Any]] = {
    1: E.bool_bin, 2: E.int_bin, 3: E.string_bin, 4: E.list_bin, 5: E.map_bin, 6: E.blob_bin,
    7: E.float_bin, 8: E.geo_bin, 9: E.hll_bin,
}
_CMP = {1: E.eq, 2: E.ne, 3: E.gt, 4: E.ge, 5: E.lt, 6: E.le}
_VARIADIC: dict[int, Callable[..., Any]] = {16: E.and_, 17: E.or_, 19: E.xor_, 20: E.num_add, 21: E.num_sub, 22: E.num_mul, 23: E.num_div,
             32: E.int_and, 33: E.int_or, 34: E.int_xor, 50: E.min_, 51: E.max_, 123: E.cond, 125: E.let_}
_FIXED: dict[int, Callable[..., Any]] = {18: E.not_, 24: E.num_pow, 25: E.num_log, 26: E.num_mod, 27: E.num_abs, 28: E.num_floor,
          29: E.num_ceil, 30: E.to_int, 31: E.to_float, 35: E.int_not, 36: E.int_lshift, 37: E.int_rshift,
          38: E.int_arshift, 39: E.int_count, 40: E.int_lscan, 41: E.int_rscan}
_META = {66: E.last_update, 67: E.void_time, 68: E.ttl, 69: E.set_name, 70: E.key_exists,
         71: E.since_update, 72: E.is_tombstone, 74: E.record_size}

# CDT read expressions: official code -> (builder, fixed args before the children).
# Children are the operands in order, the bin last.
_CDT: dict[int, tuple[Callable[..., Any], tuple[str, ...]]] = {
    C.OP_LIST_SIZE: (E.list_size, ()),
    C.OP_LIST_GET_BY_VALUE: (E.list_get_by_value, ("return_type",)),
    C.OP_LIST_GET_BY_VALUE_RANGE: (E.list_get_by_value_range, ("return_type",)),
    C.OP_LIST_GET_BY_VALUE_LIST: (E.list_get_by_value_list, ("return_type",)),
    C.OP_LIST_GET_BY_INDEX: (E.list_get_by_index, ("return_type", "value_type")),
    C.OP_LIST_GET_BY_INDEX_RANGE_TO_END: (E.list_get_by_index_range_to_end, ("return_type",)),
    C.OP_LIST_GET_BY_INDEX_RANGE: (E.list_get_by_index_range, ("return_type",)),
    C.OP_LIST_GET_BY_RANK: (E.list_get_by_rank, ("return_type", "value_type")),
    C.OP_LIST_GET_BY_RANK_RANGE_TO_END: (E.list_get_by_rank_range_to_end, ("return_type",)),
    C.OP_LIST_GET_BY_RANK_RANGE: (E.list_get_by_rank_range, ("return_type",)),
    C.OP_MAP_SIZE: (E.map_size, ()),
    C.OP_MAP_GET_BY_KEY: (E.map_get_by_key, ("return_type", "value_type")),
    C.OP_MAP_GET_BY_KEY_RANGE: (E.map_get_by_key_range, ("return_type",)),
    C.OP_MAP_GET_BY_KEY_LIST: (E.map_get_by_key_list, ("return_type",)),
    C.OP_MAP_GET_BY_VALUE: (E.map_get_by_value, ("return_type",)),
    C.OP_MAP_GET_BY_VALUE_RANGE: (E.map_get_by_value_range, ("return_type",)),
    C.OP_MAP_GET_BY_VALUE_LIST: (E.map_get_by_value_list, ("return_type",)),
    C.OP_MAP_GET_BY_INDEX: (E.map_get_by_index, ("return_type", "value_type")),
    C.OP_MAP_GET_BY_INDEX_RANGE_TO_END: (E.map_get_by_index_range_to_end, ("return_type",)),
    C.OP_MAP_GET_BY_INDEX_RANGE: (E.map_get_by_index_range, ("return_type",)),
    C.OP_MAP_GET_BY_RANK: (E.map_get_by_rank, ("return_type", "value_type")),
    C.OP_MAP_GET_BY_RANK_RANGE_TO_END: (E.map_get_by_rank_range_to_end, ("return_type",)),
    C.OP_MAP_GET_BY_RANK_RANGE: (E.map_get_by_rank_range, ("return_type",)),
    1033: (E.list_get_by_value_rel_rank_range, ("return_type",)),
    1034: (E.list_get_by_value_rel_rank_range_to_end, ("return_type",)),
    1140: (E.map_get_by_key_rel_index_range, ("return_type",)),
    1136: (E.map_get_by_key_rel_index_range_to_end, ("return_type",)),
    1130: (E.map_get_by_value_rel_rank_range, ("return_type",)),
    1141: (E.map_get_by_value_rel_rank_range_to_end, ("return_type",)),
}

# CDT writes: official code -> (builder, "list" / "map" policy or None, "inverted" when the
# return type's inverted flag selects the complement). Children: operands, [policy node], bin.
_WRITES: dict[int, tuple[Callable[..., Any], Optional[str], bool]] = {
    1001: (E.list_append, "list", False), 1002: (E.list_append_items, "list", False),
    1003: (E.list_insert, "list", False), 1004: (E.list_insert_items, "list", False),
    1015: (E.list_increment, "list", False), 1010: (E.list_set, "list", False),
    1009: (E.list_clear, None, False), 1031: (E.list_sort, None, False),
    1027: (E.list_remove_by_value, None, True), 1028: (E.list_remove_by_value_list, None, True),
    1029: (E.list_remove_by_value_range, None, True),
    1037: (E.list_remove_by_value_rel_rank_range_to_end, None, True),
    1038: (E.list_remove_by_value_rel_rank_range, None, True),
    1023: (E.list_remove_by_index, None, False), 1039: (E.list_remove_by_index_range_to_end, None, True),
    1024: (E.list_remove_by_index_range, None, True), 1025: (E.list_remove_by_rank, None, False),
    1040: (E.list_remove_by_rank_range_to_end, None, True), 1026: (E.list_remove_by_rank_range, None, True),
    1102: (E.map_put, "map", False), 1103: (E.map_put_items, "map", False), 1104: (E.map_increment, "map", False),
    1107: (E.map_clear, None, False),
    1108: (E.map_remove_by_key, None, False), 1109: (E.map_remove_by_key_list, None, True),
    1110: (E.map_remove_by_key_range, None, True),
    1132: (E.map_remove_by_key_rel_index_range_to_end, None, True),
    1137: (E.map_remove_by_key_rel_index_range, None, True),
    1111: (E.map_remove_by_value, None, True), 1112: (E.map_remove_by_value_list, None, True),
    1113: (E.map_remove_by_value_range, None, True),
    1133: (E.map_remove_by_value_rel_rank_range_to_end, None, True),
    1139: (E.map_remove_by_value_rel_rank_range, None, True),
    1114: (E.map_remove_by_index, None, False), 1134: (E.map_remove_by_index_range_to_end, None, True),
    1115: (E.map_remove_by_index_range, None, True), 1116: (E.map_remove_by_rank, None, False),
    1135: (E.map_remove_by_rank_range_to_end, None, True), 1117: (E.map_remove_by_rank_range, None, True),
}
_POLICY_NODES = (140, 141, 142)
# LoopVar* classes: official code -> the EXP_TYPE_* the loop variable is read as.
_LOOPVARS = {3000: E.EXP_TYPE_FLOAT, 3001: E.EXP_TYPE_INT, 3002: E.EXP_TYPE_LIST, 3003: E.EXP_TYPE_MAP,
             3004: E.EXP_TYPE_STRING, 3005: E.EXP_TYPE_BLOB, 3006: E.EXP_TYPE_BOOL, 3007: E.EXP_TYPE_NIL,
             3008: E.EXP_TYPE_GEO, 3009: E.EXP_TYPE_HLL}
_BIT_FLAGS = 153
# Bit expressions: official code -> builder; the children are its arguments in order, the
# write policy's flags node (153) becomes ``policy=``.
_BITS: dict[int, Callable[..., Any]] = {
    2000: E.bit_resize, 2001: E.bit_insert, 2002: E.bit_remove, 2003: E.bit_set, 2004: E.bit_or,
    2005: E.bit_xor, 2006: E.bit_and, 2007: E.bit_not, 2008: E.bit_lshift, 2009: E.bit_rshift,
    2010: E.bit_add, 2011: E.bit_subtract, 2013: E.bit_set_int,
}
_BIT_READS: dict[int, Callable[..., Any]] = {
    2014: E.bit_get, 2015: E.bit_count, 2016: E.bit_lscan, 2017: E.bit_rscan, 2012: E.bit_get_int,
}
_HLL_READS: dict[int, Callable[..., Any]] = {
    2103: E.hll_get_count, 2101: E.hll_describe, 2104: E.hll_get_intersect_count, 2105: E.hll_get_similarity,
    2106: E.hll_get_union, 2107: E.hll_get_union_count, 2111: E.hll_may_contain,
}
_LIST_POLICY = {"list_order": "order", "write_flags": "flags"}
_MAP_POLICY = {"map_order": "order", "map_write_flags": "write_mode", "map_write_mode": "write_mode"}


class _Flags:
    """A policy or flags node, read as a fixed argument of its parent."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _cdt_policy(given: Any, names: dict[str, str]) -> Any:
    if not given:
        return None
    if not isinstance(given, dict):
        raise param_error(f"expression policy must be a dict, got {given!r}")
    return {names[k]: v for k, v in given.items() if k in names}


class _Reader:
    """Walks the prefix list once, building the tree."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.pos = 0

    def node(self) -> Any:
        if self.pos >= len(self.items):
            raise param_error("expression ends too early")
        item = self.items[self.pos]
        self.pos += 1
        if not isinstance(item, tuple) or len(item) != 4:
            raise param_error(f"expression item {self.pos - 1} is not a compiled expression entry: {item!r}")
        code, rtype, fixed, count = item
        fixed = fixed or {}
        children = [self.node() for _ in range(count)]
        children = [c for c in children if c is not _END_MARK]
        return self.build(code, rtype, fixed, children)

    def build(self, code: int, rtype: Any, fixed: dict[str, Any], kids: list[Any]) -> Any:
        if code == _END:
            return _END_MARK
        if code in (_VAL, _AS_VAL):
            return _value(fixed.get("val"))
        if code == _TRUE:
            return E.bool_val(True)
        if code == _FALSE:
            return E.bool_val(False)
        if code == 81:
            return _BIN_BY_TYPE[rtype](fixed["bin"])
        if code == 82:
            return E.bin_type(fixed["bin"])
        if code == 83:
            return E.bin_exists(fixed["bin"])
        if code == 80:
            return E.key(rtype)
        if code == 64:
            return E.digest_modulo(fixed["val"])
        if code in _META:
            return _META[code]()
        if code == 8:
            return E.geo_compare(*[_geo(k) for k in kids])
        if code == 9:
            return E.in_list(kids[0], kids[1])
        if code == 101:
            return E.map_keys(kids[0])
        if code == 102:
            return E.map_values(kids[0])
        if code == 0:
            return E.unknown()
        if code in _CMP:
            return _CMP[code](*kids)
        if code == 7:
            return E.regex_compare(fixed["val"], fixed.get("regex_options", 0), kids[0])
        if code in _VARIADIC:
            return _VARIADIC[code](*kids)
        if code in _FIXED:
            return _FIXED[code](*kids)
        if code == 124:
            return E.var(fixed["val"])
        if code == 126:
            return E.def_(fixed["val"], kids[0])
        if code in _LOOPVARS:
            var_id: Any = fixed.get("val")
            return E._loopvar(_LOOPVARS[code], var_id)
        if code == 100:
            return E.remove_result()
        if code in (3010, 3011):
            return self.path(code, fixed, kids)
        if code in _POLICY_NODES:
            return _Flags(next(iter(fixed.values()), None))
        if code == _BIT_FLAGS:
            return _Flags(fixed.get("val", 0))
        if code in _WRITES:
            return self.write(code, fixed, kids)
        if code in _BITS:
            args = [k for k in kids if not isinstance(k, _Flags)]
            flags = [k.value for k in kids if isinstance(k, _Flags)]
            if code in (2000, 2010, 2011):  # resize flags / overflow action: the node after the policy
                return _BITS[code](*args[:-1], flags[1], args[-1], policy=flags[0] or None)
            return _BITS[code](*args, policy=flags[0] or None if flags else None)
        if code in _BIT_READS:
            if code == 2012:
                return E.bit_get_int(kids[0], kids[1], bool(_plain(kids[2])), kids[3])
            return _BIT_READS[code](*kids)
        if code in _HLL_READS:
            return _HLL_READS[code](*kids)
        if code in (2100, 2108):  # HLL add / init: operands, bit counts, flags, bin
            flags = _plain(kids[-2])
            policy = {"flags": flags} if flags else None
            if code == 2108:
                return E.hll_init(_plain(kids[0]), kids[3], _plain(kids[1]), policy=policy)
            return E.hll_add(kids[0], kids[4], _plain(kids[1]), _plain(kids[2]), policy=policy)
        entry = _CDT.get(code)
        if entry is not None:
            build, names = entry
            args = [fixed.get(n) for n in names]
            return build(*args, *kids, ctx=_ctx(fixed.get("ctx")))
        raise param_error(f"expression code {code} is not supported by aerospike_py.legacy")


    def path(self, code: int, fixed: dict[str, Any], kids: list[Any]) -> Any:
        """SelectByPath (3010) / ModifyByPath (3011): ctx, value type, flags (and the modifying expression)."""
        ctx: Any = _ctx(fixed.get("ctx"))
        rtype: Any = fixed.get("value_type")
        flags: Any = fixed.get("cdt_flags", 0)
        if code == 3010:
            return E.select_by_path(ctx, rtype, flags, kids[0])
        mod: Any = fixed.get("mod_exp")
        if hasattr(mod, "compile"):
            mod = mod.compile()
        return E.modify_by_path(ctx, rtype, translate(mod), flags, kids[0])

    def write(self, code: int, fixed: dict[str, Any], kids: list[Any]) -> Any:
        build, policy_kind, has_inverted = _WRITES[code]
        args = [k for k in kids if not isinstance(k, _Flags)]
        kwargs: dict[str, Any] = {"ctx": _ctx(fixed.get("ctx"))}
        if policy_kind is not None:
            names = _LIST_POLICY if policy_kind == "list" else _MAP_POLICY
            kwargs["policy"] = _cdt_policy(fixed.get(f"{policy_kind}_policy"), names)
        if has_inverted:
            kwargs["inverted"] = bool((fixed.get("return_type") or 0) & 0x10000)
        if code == 1031:
            return E.list_sort(fixed.get("list_order", 0), args[0], ctx=kwargs["ctx"])
        return build(*args, **kwargs)


def _plain(node: Any) -> Any:
    """The Python value of a value node (bit counts, flags, signs are plain values there)."""
    if isinstance(node, dict) and "val" in node:
        return node["val"]
    return node


_END_MARK: Any = object()


def _value(value: Any) -> Any:
    from aerospike_py.legacy._values import GeoJSON
    if isinstance(value, GeoJSON):
        return E.geo_val(value.dumps())
    if value is None:
        return E.nil()
    if isinstance(value, bool):
        return E.bool_val(value)
    if isinstance(value, int):
        return E.int_val(value)
    if isinstance(value, float):
        return E.float_val(value)
    if isinstance(value, str):
        return E.string_val(value)
    if isinstance(value, (bytes, bytearray)):
        return E.blob_val(bytes(value))
    if isinstance(value, list):
        return E.list_val(value)
    if isinstance(value, dict):
        return E.map_val(value)
    raise param_error(f"expression value {value!r} has a type expressions cannot hold")


def _geo(node: Any) -> Any:
    """A string operand of a geo comparison is GeoJSON text."""
    if isinstance(node, dict) and node.get("__expr__") == "string_val":
        return E.geo_val(node["val"])
    return node


def _ctx(items: Any) -> Any:
    from aerospike_py.legacy._translate import ctx
    return ctx(items)


def translate(compiled: Any) -> Any:
    """The description of an official compiled expression (``Expr.compile()``'s result)."""
    if not isinstance(compiled, list) or not compiled:
        raise param_error(f"an expression must be the result of .compile(), got {compiled!r}")
    reader = _Reader(compiled)
    tree = reader.node()
    if reader.pos != len(compiled):
        raise param_error("expression has entries after its end")
    return tree
