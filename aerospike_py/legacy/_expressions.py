"""Official compiled expressions -> :mod:`aerospike_py.exp` descriptions.

The official helpers compile an expression into a flat prefix list of
``(code, result_type, fixed_args, child_count)`` tuples, variadic nodes
closed by an end marker. It is rebuilt here as the tree ``aerospike_py.exp``
builds, then compiled by this client's one expression compiler. The codes are
the official helpers' own numbering (its metadata codes differ from the wire's).
"""

from __future__ import annotations

from typing import Any, Callable

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
}


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
        entry = _CDT.get(code)
        if entry is not None:
            build, names = entry
            args = [fixed.get(n) for n in names]
            return build(*args, *kids, ctx=_ctx(fixed.get("ctx")))
        raise param_error(f"expression code {code} is not supported by aerospike_py.legacy")


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
