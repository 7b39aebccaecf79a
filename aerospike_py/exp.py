"""Expression builders for server-side filters and expression operations.

Each builder returns a description: a dict ``{"__expr__": name, ...}`` whose
children are descriptions too, so an expression can be printed, compared and
built by hand. Nothing is checked or encoded here: the client compiles an
expression into the server's wire format the first time it is used, checks
every node then (a malformed expression raises ``InvalidArgError`` naming the
node), and keeps the compiled bytes on the expression object, so a filter
reused across calls is compiled once.

    from aerospike_py import exp

    adults = exp.ge(exp.int_bin("age"), exp.int_val(21))
    client.get(key, policy={"filter_expression": adults})
"""

from __future__ import annotations

from typing import Any, Optional

Expr = dict[str, Any]

EXP_TYPE_NIL = 0
EXP_TYPE_BOOL = 1
EXP_TYPE_INT = 2
EXP_TYPE_STRING = 3
EXP_TYPE_LIST = 4
EXP_TYPE_MAP = 5
EXP_TYPE_BLOB = 6
EXP_TYPE_FLOAT = 7
EXP_TYPE_GEO = 8
EXP_TYPE_HLL = 9

# Flags of expression operations (aerospike_py.expression_operations).
EXP_READ_DEFAULT = 0
EXP_READ_EVAL_NO_FAIL = 16
EXP_WRITE_DEFAULT = 0
EXP_WRITE_CREATE_ONLY = 1
EXP_WRITE_UPDATE_ONLY = 2
EXP_WRITE_ALLOW_DELETE = 4
EXP_WRITE_POLICY_NO_FAIL = 8
EXP_WRITE_EVAL_NO_FAIL = 16


class _Expr(dict):  # type: ignore[type-arg]
    """A description dict that can also hold its compiled wire bytes.

    It compares, prints and serialises as a plain dict; editing it through
    the dict methods forgets the compiled form.
    """

    __slots__ = ("_wire",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wire: bytes | None = None

    def __setitem__(self, key: Any, value: Any) -> None:
        self._wire = None
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._wire = None
        super().__delitem__(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._wire = None
        super().update(*args, **kwargs)

    def __reduce__(self) -> Any:
        return (_Expr, (dict(self),))


def _node(_kind: str, **fields: Any) -> Expr:
    node = _Expr(__expr__=_kind)
    dict.update(node, fields)
    return node


# -- values -----------------------------------------------------------------


def int_val(val: int) -> Expr:
    """A 64-bit integer constant."""
    return _node("int_val", val=val)


def float_val(val: float) -> Expr:
    """A 64-bit float constant."""
    return _node("float_val", val=val)


def string_val(val: str) -> Expr:
    """A string constant."""
    return _node("string_val", val=val)


def bool_val(val: bool) -> Expr:
    """A boolean constant."""
    return _node("bool_val", val=val)


def blob_val(val: bytes) -> Expr:
    """A bytes constant."""
    return _node("blob_val", val=val)


def list_val(val: list[Any]) -> Expr:
    """A list constant."""
    return _node("list_val", val=val)


def map_val(val: dict[Any, Any]) -> Expr:
    """A map constant."""
    return _node("map_val", val=val)


def geo_val(val: str) -> Expr:
    """A GeoJSON constant (the JSON text)."""
    return _node("geo_val", val=val)


def nil() -> Expr:
    """The nil constant."""
    return _node("nil")


def infinity() -> Expr:
    """Infinity: the open upper end of a range."""
    return _node("infinity")


def wildcard() -> Expr:
    """Wildcard: matches any value in a comparison of lists."""
    return _node("wildcard")


# -- bins -------------------------------------------------------------------


def int_bin(name: str) -> Expr:
    """The integer value of bin ``name`` (unknown when it is not an int)."""
    return _node("int_bin", name=name)


def float_bin(name: str) -> Expr:
    """The float value of bin ``name``."""
    return _node("float_bin", name=name)


def string_bin(name: str) -> Expr:
    """The string value of bin ``name``."""
    return _node("string_bin", name=name)


def bool_bin(name: str) -> Expr:
    """The boolean value of bin ``name``."""
    return _node("bool_bin", name=name)


def blob_bin(name: str) -> Expr:
    """The bytes value of bin ``name``."""
    return _node("blob_bin", name=name)


def list_bin(name: str) -> Expr:
    """The list value of bin ``name``."""
    return _node("list_bin", name=name)


def map_bin(name: str) -> Expr:
    """The map value of bin ``name``."""
    return _node("map_bin", name=name)


def geo_bin(name: str) -> Expr:
    """The GeoJSON value of bin ``name``."""
    return _node("geo_bin", name=name)


def hll_bin(name: str) -> Expr:
    """The HyperLogLog value of bin ``name``."""
    return _node("hll_bin", name=name)


def bin_exists(name: str) -> Expr:
    """True when bin ``name`` exists."""
    return _node("bin_exists", name=name)


def bin_type(name: str) -> Expr:
    """The particle type of bin ``name`` (0 when it does not exist)."""
    return _node("bin_type", name=name)


# -- record metadata --------------------------------------------------------


def key(exp_type: int) -> Expr:
    """The stored primary key as ``exp_type`` (EXP_TYPE_INT, _STRING or _BLOB)."""
    return _node("key", exp_type=exp_type)


def key_exists() -> Expr:
    """True when the record stores its primary key."""
    return _node("key_exists")


def set_name() -> Expr:
    """The record's set name."""
    return _node("set_name")


def record_size() -> Expr:
    """The record's size in bytes (server 7.0+)."""
    return _node("record_size")


def last_update() -> Expr:
    """The record's last-update time, nanoseconds since the Unix epoch."""
    return _node("last_update")


def since_update() -> Expr:
    """Milliseconds since the record was last updated."""
    return _node("since_update")


def void_time() -> Expr:
    """The record's expiration time, nanoseconds since the Unix epoch (-1: never)."""
    return _node("void_time")


def ttl() -> Expr:
    """The record's remaining time to live in seconds (-1: never expires)."""
    return _node("ttl")


def is_tombstone() -> Expr:
    """True when the record is a tombstone."""
    return _node("is_tombstone")


def digest_modulo(modulo: int) -> Expr:
    """The record digest modulo ``modulo`` (to sample records)."""
    return _node("digest_modulo", modulo=modulo)


# -- comparisons ------------------------------------------------------------


def eq(left: Expr, right: Expr) -> Expr:
    """``left == right``."""
    return _node("eq", left=left, right=right)


def ne(left: Expr, right: Expr) -> Expr:
    """``left != right``."""
    return _node("ne", left=left, right=right)


def gt(left: Expr, right: Expr) -> Expr:
    """``left > right``."""
    return _node("gt", left=left, right=right)


def ge(left: Expr, right: Expr) -> Expr:
    """``left >= right``."""
    return _node("ge", left=left, right=right)


def lt(left: Expr, right: Expr) -> Expr:
    """``left < right``."""
    return _node("lt", left=left, right=right)


def le(left: Expr, right: Expr) -> Expr:
    """``left <= right``."""
    return _node("le", left=left, right=right)


# -- logic ------------------------------------------------------------------


def and_(*exprs: Expr) -> Expr:
    """True when every expression is true."""
    return _node("and", exprs=list(exprs))


def or_(*exprs: Expr) -> Expr:
    """True when any expression is true."""
    return _node("or", exprs=list(exprs))


def not_(expr: Expr) -> Expr:
    """The negation of a boolean expression."""
    return _node("not", expr=expr)


def xor_(*exprs: Expr) -> Expr:
    """True when exactly one expression is true."""
    return _node("xor", exprs=list(exprs))


# -- arithmetic -------------------------------------------------------------


def num_add(*exprs: Expr) -> Expr:
    """The sum (all ints or all floats)."""
    return _node("num_add", exprs=list(exprs))


def num_sub(*exprs: Expr) -> Expr:
    """The first minus the others; with one argument, its negation."""
    return _node("num_sub", exprs=list(exprs))


def num_mul(*exprs: Expr) -> Expr:
    """The product."""
    return _node("num_mul", exprs=list(exprs))


def num_div(*exprs: Expr) -> Expr:
    """The first divided by the others (integer division for ints)."""
    return _node("num_div", exprs=list(exprs))


def num_mod(numerator: Expr, denominator: Expr) -> Expr:
    """Integer remainder."""
    return _node("num_mod", exprs=[numerator, denominator])


def num_pow(base: Expr, exponent: Expr) -> Expr:
    """``base ** exponent`` (floats)."""
    return _node("num_pow", exprs=[base, exponent])


def num_log(num: Expr, base: Expr) -> Expr:
    """Logarithm of ``num`` in ``base`` (floats)."""
    return _node("num_log", exprs=[num, base])


def num_abs(value: Expr) -> Expr:
    """Absolute value."""
    return _node("num_abs", exprs=[value])


def num_floor(num: Expr) -> Expr:
    """Float rounded down."""
    return _node("num_floor", exprs=[num])


def num_ceil(num: Expr) -> Expr:
    """Float rounded up."""
    return _node("num_ceil", exprs=[num])


def to_int(num: Expr) -> Expr:
    """Float converted to int."""
    return _node("to_int", exprs=[num])


def to_float(num: Expr) -> Expr:
    """Int converted to float."""
    return _node("to_float", exprs=[num])


def min_(*exprs: Expr) -> Expr:
    """The smallest value."""
    return _node("min", exprs=list(exprs))


def max_(*exprs: Expr) -> Expr:
    """The largest value."""
    return _node("max", exprs=list(exprs))


# -- integer bitwise --------------------------------------------------------


def int_and(*exprs: Expr) -> Expr:
    """Bitwise AND of ints."""
    return _node("int_and", exprs=list(exprs))


def int_or(*exprs: Expr) -> Expr:
    """Bitwise OR of ints."""
    return _node("int_or", exprs=list(exprs))


def int_xor(*exprs: Expr) -> Expr:
    """Bitwise XOR of ints."""
    return _node("int_xor", exprs=list(exprs))


def int_not(expr: Expr) -> Expr:
    """Bitwise NOT of an int."""
    return _node("int_not", exprs=[expr])


def int_lshift(value: Expr, shift: Expr) -> Expr:
    """``value << shift``."""
    return _node("int_lshift", exprs=[value, shift])


def int_rshift(value: Expr, shift: Expr) -> Expr:
    """Logical right shift."""
    return _node("int_rshift", exprs=[value, shift])


def int_arshift(value: Expr, shift: Expr) -> Expr:
    """Arithmetic (sign-keeping) right shift."""
    return _node("int_arshift", exprs=[value, shift])


def int_count(expr: Expr) -> Expr:
    """Number of bits set."""
    return _node("int_count", exprs=[expr])


def int_lscan(value: Expr, search: Expr) -> Expr:
    """Index of the first bit equal to ``search`` (bool), from the most significant bit."""
    return _node("int_lscan", exprs=[value, search])


def int_rscan(value: Expr, search: Expr) -> Expr:
    """Index of the first bit equal to ``search`` (bool), from the least significant bit."""
    return _node("int_rscan", exprs=[value, search])


# -- pattern matching -------------------------------------------------------


def regex_compare(regex: str, flags: int, bin_expr: Expr) -> Expr:
    """True when the string ``bin_expr`` matches ``regex`` (REGEX_* flags)."""
    return _node("regex_compare", regex=regex, flags=flags, bin=bin_expr)


def geo_compare(left: Expr, right: Expr) -> Expr:
    """True when the point lies in the region, or the region contains the point."""
    return _node("geo_compare", left=left, right=right)


def in_list(value: Expr, list_: Expr) -> Expr:
    """True when ``value`` equals an item of the list ``list_`` (a list bin or ``list_val``)."""
    return _node("in_list", left=value, right=list_)


def map_keys(map_value: Expr) -> Expr:
    """The keys of the map ``map_value`` (a map bin or ``map_val``) as a list (server 8.1.2+).

    A key-ordered map gives its keys in key order; a value that is not a map
    makes the expression unknown.
    """
    return _node("map_keys", expr=map_value)


def map_values(map_value: Expr) -> Expr:
    """The values of the map ``map_value`` as a list, in the map's order (server 8.1.2+)."""
    return _node("map_values", expr=map_value)


# The C client's names for the same expressions (as_exp_map_keys_in / as_exp_map_values_in).
map_keys_in = map_keys
map_values_in = map_values


def unknown() -> Expr:
    """No value: the expression fails (a filter leaves the record out), e.g. as ``cond``'s default."""
    return _node("unknown")


# -- variables and control flow ---------------------------------------------


def cond(*exprs: Expr) -> Expr:
    """``cond(bool1, action1, bool2, action2, ..., default)``: the first action whose condition holds."""
    return _node("cond", exprs=list(exprs))


def var(name: str) -> Expr:
    """The value of variable ``name`` defined by an enclosing ``let_``."""
    return _node("var", name=name)


def def_(name: str, value: Expr) -> Expr:
    """Define variable ``name`` (only inside ``let_``)."""
    return _node("def", name=name, value=value)


def let_(*exprs: Expr) -> Expr:
    """``let_(def_("x", ...), def_("y", ...), scope)``: ``scope`` evaluated with the variables set."""
    return _node("let", exprs=list(exprs))


# -- list, map and bit reads (the official client's ListGetBy*, MapGetBy*, Bit*) --
#
# ``bin`` is a bin expression (``list_bin("l")``) or a bin name; values are
# expressions or plain Python values; ``ctx`` is a list of
# ``aerospike_py.cdt_ctx`` items selecting a nested list or map. Functions
# that select one item take the ``value_type`` (EXP_TYPE_*) of that item;
# ``return_type`` is a LIST_RETURN_* / MAP_RETURN_* constant.

Ctx = Optional[list[Any]]


def list_size(bin: Any, ctx: Ctx = None) -> Expr:
    """Number of items in the list."""
    return _node("list_size", bin=bin, ctx=ctx)


def list_get_by_value(return_type: int, value: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Items equal to ``value``."""
    return _node("list_get_by_value", return_type=return_type, value=value, bin=bin, ctx=ctx)


def list_get_by_value_range(return_type: int, value_begin: Any, value_end: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Items in ``[value_begin, value_end)`` (None: open end)."""
    return _node("list_get_by_value_range", return_type=return_type, value_begin=value_begin,
                 value_end=value_end, bin=bin, ctx=ctx)


def list_get_by_value_list(return_type: int, value: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Items equal to any value of the list ``value``."""
    return _node("list_get_by_value_list", return_type=return_type, value=value, bin=bin, ctx=ctx)


def list_get_by_index(return_type: int, value_type: int, index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The item at ``index``."""
    return _node("list_get_by_index", return_type=return_type, value_type=value_type, index=index, bin=bin, ctx=ctx)


def list_get_by_index_range_to_end(return_type: int, index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Items from ``index`` to the end."""
    return _node("list_get_by_index_range_to_end", return_type=return_type, index=index, bin=bin, ctx=ctx)


def list_get_by_index_range(return_type: int, index: Any, count: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """``count`` items from ``index``."""
    return _node("list_get_by_index_range", return_type=return_type, index=index, count=count, bin=bin, ctx=ctx)


def list_get_by_rank(return_type: int, value_type: int, rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The item of rank ``rank`` (0: smallest, -1: largest)."""
    return _node("list_get_by_rank", return_type=return_type, value_type=value_type, rank=rank, bin=bin, ctx=ctx)


def list_get_by_rank_range_to_end(return_type: int, rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Items from rank ``rank`` up."""
    return _node("list_get_by_rank_range_to_end", return_type=return_type, rank=rank, bin=bin, ctx=ctx)


def list_get_by_rank_range(return_type: int, rank: Any, count: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """``count`` items from rank ``rank`` up."""
    return _node("list_get_by_rank_range", return_type=return_type, rank=rank, count=count, bin=bin, ctx=ctx)


def map_size(bin: Any, ctx: Ctx = None) -> Expr:
    """Number of entries in the map."""
    return _node("map_size", bin=bin, ctx=ctx)


def map_get_by_key(return_type: int, value_type: int, key: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The entry under ``key``."""
    return _node("map_get_by_key", return_type=return_type, value_type=value_type, key=key, bin=bin, ctx=ctx)


def map_get_by_key_range(return_type: int, key_begin: Any, key_end: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries with keys in ``[key_begin, key_end)`` (None: open end)."""
    return _node("map_get_by_key_range", return_type=return_type, key_begin=key_begin, key_end=key_end,
                 bin=bin, ctx=ctx)


def map_get_by_key_list(return_type: int, keys: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries under any of ``keys``."""
    return _node("map_get_by_key_list", return_type=return_type, keys=keys, bin=bin, ctx=ctx)


def map_get_by_value(return_type: int, value: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries whose value equals ``value``."""
    return _node("map_get_by_value", return_type=return_type, value=value, bin=bin, ctx=ctx)


def map_get_by_value_range(return_type: int, value_begin: Any, value_end: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries with values in ``[value_begin, value_end)`` (None: open end)."""
    return _node("map_get_by_value_range", return_type=return_type, value_begin=value_begin,
                 value_end=value_end, bin=bin, ctx=ctx)


def map_get_by_value_list(return_type: int, values: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries whose value equals any of ``values``."""
    return _node("map_get_by_value_list", return_type=return_type, values=values, bin=bin, ctx=ctx)


def map_get_by_index(return_type: int, value_type: int, index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The entry at key-order position ``index``."""
    return _node("map_get_by_index", return_type=return_type, value_type=value_type, index=index, bin=bin, ctx=ctx)


def map_get_by_index_range_to_end(return_type: int, index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries from key-order position ``index`` to the end."""
    return _node("map_get_by_index_range_to_end", return_type=return_type, index=index, bin=bin, ctx=ctx)


def map_get_by_index_range(return_type: int, index: Any, count: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """``count`` entries from key-order position ``index``."""
    return _node("map_get_by_index_range", return_type=return_type, index=index, count=count, bin=bin, ctx=ctx)


def map_get_by_rank(return_type: int, value_type: int, rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The entry whose value has rank ``rank``."""
    return _node("map_get_by_rank", return_type=return_type, value_type=value_type, rank=rank, bin=bin, ctx=ctx)


def map_get_by_rank_range_to_end(return_type: int, rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """Entries from value rank ``rank`` up."""
    return _node("map_get_by_rank_range_to_end", return_type=return_type, rank=rank, bin=bin, ctx=ctx)


def map_get_by_rank_range(return_type: int, rank: Any, count: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """``count`` entries from value rank ``rank`` up."""
    return _node("map_get_by_rank_range", return_type=return_type, rank=rank, count=count, bin=bin, ctx=ctx)


def bit_get(bit_offset: Any, bit_size: Any, bin: Any) -> Expr:
    """``bit_size`` bits from ``bit_offset`` of a blob, as bytes."""
    return _node("bit_get", bit_offset=bit_offset, bit_size=bit_size, bin=bin)


def bit_count(bit_offset: Any, bit_size: Any, bin: Any) -> Expr:
    """Number of bits set in ``bit_size`` bits from ``bit_offset``."""
    return _node("bit_count", bit_offset=bit_offset, bit_size=bit_size, bin=bin)


def bit_lscan(bit_offset: Any, bit_size: Any, value: Any, bin: Any) -> Expr:
    """Position of the first bit equal to ``value`` (bool), scanning from the left; -1 if none."""
    return _node("bit_lscan", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin)


def bit_rscan(bit_offset: Any, bit_size: Any, value: Any, bin: Any) -> Expr:
    """Position of the last bit equal to ``value`` (bool), scanning from the right; -1 if none."""
    return _node("bit_rscan", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin)


def bit_get_int(bit_offset: Any, bit_size: Any, sign: bool, bin: Any) -> Expr:
    """``bit_size`` (at most 64) bits from ``bit_offset`` as an integer, signed if ``sign``."""
    return _node("bit_get_int", bit_offset=bit_offset, bit_size=bit_size, sign=sign, bin=bin)


def hll_get_count(bin: Any) -> Expr:
    """Estimated number of distinct values added to the HyperLogLog."""
    return _node("hll_get_count", bin=bin)


def hll_get_union(values: list[Any], bin: Any) -> Expr:
    """The HyperLogLog union of the bin and ``values`` (a list of HLL values)."""
    return _node("hll_get_union", values=values, bin=bin)


def hll_get_union_count(values: list[Any], bin: Any) -> Expr:
    """Estimated distinct count of the union of the bin and ``values``."""
    return _node("hll_get_union_count", values=values, bin=bin)


def hll_get_intersect_count(values: list[Any], bin: Any) -> Expr:
    """Estimated distinct count of the intersection of the bin and ``values``."""
    return _node("hll_get_intersect_count", values=values, bin=bin)


def hll_get_similarity(values: list[Any], bin: Any) -> Expr:
    """Estimated Jaccard similarity of the bin and ``values`` (a float)."""
    return _node("hll_get_similarity", values=values, bin=bin)


def hll_may_contain(values: Any, bin: Any) -> Expr:
    """1 if every one of ``values`` may have been added to the HyperLogLog, else 0 (no false negatives)."""
    return _node("hll_may_contain", values=values, bin=bin)


def hll_describe(bin: Any) -> Expr:
    """``[index_bit_count, minhash_bit_count]`` of the HyperLogLog."""
    return _node("hll_describe", bin=bin)


# -- list and map modifications inside an expression ----------------------------
#
# Each returns the bin's collection as modified, without storing it (write it
# with expression_operations.expression_write to keep it). ``policy`` is a
# list policy {"order", "flags"} or a map policy {"order", "write_mode",
# "flags"}, as in list_operations / map_operations; ``inverted=True`` removes
# everything but the selected items.


def list_append(value: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with ``value`` appended."""
    return _node("list_append", value=value, bin=bin, policy=policy, ctx=ctx)


def list_append_items(values: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with the items of ``values`` appended."""
    return _node("list_append_items", values=values, bin=bin, policy=policy, ctx=ctx)


def list_insert(index: Any, value: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with ``value`` inserted at ``index``."""
    return _node("list_insert", index=index, value=value, bin=bin, policy=policy, ctx=ctx)


def list_insert_items(index: Any, values: Any, bin: Any,
                      policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with ``values`` inserted at ``index``."""
    return _node("list_insert_items", index=index, values=values, bin=bin, policy=policy, ctx=ctx)


def list_set(index: Any, value: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with the item at ``index`` set to ``value``."""
    return _node("list_set", index=index, value=value, bin=bin, policy=policy, ctx=ctx)


def list_increment(index: Any, value: Any, bin: Any,
                   policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The list with the number at ``index`` incremented by ``value``."""
    return _node("list_increment", index=index, value=value, bin=bin, policy=policy, ctx=ctx)


def list_clear(bin: Any, ctx: Ctx = None) -> Expr:
    """The list emptied."""
    return _node("list_clear", bin=bin, ctx=ctx)


def list_sort(order: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The list sorted (LIST_SORT_* flags in ``order``)."""
    return _node("list_sort", order=order, bin=bin, ctx=ctx)


def list_remove_by_value(value: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without items equal to ``value``."""
    return _node("list_remove_by_value", value=value, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_value_list(values: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without items equal to any of ``values``."""
    return _node("list_remove_by_value_list", values=values, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_value_range(begin: Any, end: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without items in ``[begin, end)``."""
    return _node("list_remove_by_value_range", begin=begin, end=end, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_index(index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The list without the item at ``index``."""
    return _node("list_remove_by_index", index=index, bin=bin, ctx=ctx)


def list_remove_by_index_range(index: Any, count: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without ``count`` items from ``index``."""
    return _node("list_remove_by_index_range", index=index, count=count, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_index_range_to_end(index: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without the items from ``index`` on."""
    return _node("list_remove_by_index_range_to_end", index=index, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_rank(rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The list without the item of rank ``rank``."""
    return _node("list_remove_by_rank", rank=rank, bin=bin, ctx=ctx)


def list_remove_by_rank_range(rank: Any, count: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without ``count`` items from rank ``rank``."""
    return _node("list_remove_by_rank_range", rank=rank, count=count, bin=bin, inverted=inverted, ctx=ctx)


def list_remove_by_rank_range_to_end(rank: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The list without the items from rank ``rank`` up."""
    return _node("list_remove_by_rank_range_to_end", rank=rank, bin=bin, inverted=inverted, ctx=ctx)


def map_put(key: Any, value: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The map with ``key`` set to ``value``."""
    return _node("map_put", key=key, value=value, bin=bin, policy=policy, ctx=ctx)


def map_put_items(map: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The map with the entries of ``map`` written."""
    return _node("map_put_items", map=map, bin=bin, policy=policy, ctx=ctx)


def map_increment(key: Any, value: Any, bin: Any, policy: Optional[dict[str, Any]] = None, ctx: Ctx = None) -> Expr:
    """The map with the number under ``key`` incremented by ``value``."""
    return _node("map_increment", key=key, value=value, bin=bin, policy=policy, ctx=ctx)


def map_clear(bin: Any, ctx: Ctx = None) -> Expr:
    """The map emptied."""
    return _node("map_clear", bin=bin, ctx=ctx)


def map_remove_by_key(key: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The map without ``key``."""
    return _node("map_remove_by_key", key=key, bin=bin, ctx=ctx)


def map_remove_by_key_list(keys: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without any of ``keys``."""
    return _node("map_remove_by_key_list", keys=keys, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_key_range(begin: Any, end: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without keys in ``[begin, end)``."""
    return _node("map_remove_by_key_range", begin=begin, end=end, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_value(value: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without entries whose value is ``value``."""
    return _node("map_remove_by_value", value=value, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_value_list(values: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without entries whose value is in ``values``."""
    return _node("map_remove_by_value_list", values=values, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_value_range(begin: Any, end: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without entries with values in ``[begin, end)``."""
    return _node("map_remove_by_value_range", begin=begin, end=end, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_index(index: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The map without the entry at key-order position ``index``."""
    return _node("map_remove_by_index", index=index, bin=bin, ctx=ctx)


def map_remove_by_index_range(index: Any, count: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without ``count`` entries from position ``index``."""
    return _node("map_remove_by_index_range", index=index, count=count, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_index_range_to_end(index: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without the entries from position ``index`` on."""
    return _node("map_remove_by_index_range_to_end", index=index, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_rank(rank: Any, bin: Any, ctx: Ctx = None) -> Expr:
    """The map without the entry of value rank ``rank``."""
    return _node("map_remove_by_rank", rank=rank, bin=bin, ctx=ctx)


def map_remove_by_rank_range(rank: Any, count: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without ``count`` entries from value rank ``rank``."""
    return _node("map_remove_by_rank_range", rank=rank, count=count, bin=bin, inverted=inverted, ctx=ctx)


def map_remove_by_rank_range_to_end(rank: Any, bin: Any, inverted: bool = False, ctx: Ctx = None) -> Expr:
    """The map without the entries from value rank ``rank`` up."""
    return _node("map_remove_by_rank_range_to_end", rank=rank, bin=bin, inverted=inverted, ctx=ctx)


# -- bit modifications inside an expression: the blob as modified, not stored ----
#
# ``policy`` is BIT_WRITE_* flags, as an int or {"bit_write_flags": n}.


def bit_resize(byte_size: Any, flags: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob resized to ``byte_size`` bytes (BIT_RESIZE_* ``flags``)."""
    return _node("bit_resize", byte_size=byte_size, flags=flags, bin=bin, policy=policy)


def bit_insert(byte_offset: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with the bytes ``value`` inserted at ``byte_offset``."""
    return _node("bit_insert", byte_offset=byte_offset, value=value, bin=bin, policy=policy)


def bit_remove(byte_offset: Any, byte_size: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob without ``byte_size`` bytes from ``byte_offset``."""
    return _node("bit_remove", byte_offset=byte_offset, byte_size=byte_size, bin=bin, policy=policy)


def bit_set(bit_offset: Any, bit_size: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``bit_size`` bits from ``bit_offset`` set from the bytes ``value``."""
    return _node("bit_set", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin, policy=policy)


def bit_or(bit_offset: Any, bit_size: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob OR ``value`` over ``bit_size`` bits from ``bit_offset``."""
    return _node("bit_or", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin, policy=policy)


def bit_xor(bit_offset: Any, bit_size: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob XOR ``value`` over ``bit_size`` bits from ``bit_offset``."""
    return _node("bit_xor", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin, policy=policy)


def bit_and(bit_offset: Any, bit_size: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob AND ``value`` over ``bit_size`` bits from ``bit_offset``."""
    return _node("bit_and", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin, policy=policy)


def bit_not(bit_offset: Any, bit_size: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``bit_size`` bits from ``bit_offset`` inverted."""
    return _node("bit_not", bit_offset=bit_offset, bit_size=bit_size, bin=bin, policy=policy)


def bit_lshift(bit_offset: Any, bit_size: Any, shift: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``bit_size`` bits from ``bit_offset`` shifted left by ``shift``."""
    return _node("bit_lshift", bit_offset=bit_offset, bit_size=bit_size, shift=shift, bin=bin, policy=policy)


def bit_rshift(bit_offset: Any, bit_size: Any, shift: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``bit_size`` bits from ``bit_offset`` shifted right by ``shift``."""
    return _node("bit_rshift", bit_offset=bit_offset, bit_size=bit_size, shift=shift, bin=bin, policy=policy)


def bit_add(bit_offset: Any, bit_size: Any, value: Any, action: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``value`` added to the integer in ``bit_size`` bits from ``bit_offset`` (BIT_OVERFLOW_*)."""
    return _node("bit_add", bit_offset=bit_offset, bit_size=bit_size, value=value, action=action, bin=bin,
                 policy=policy)


def bit_subtract(bit_offset: Any, bit_size: Any, value: Any, action: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with ``value`` subtracted from that integer (BIT_OVERFLOW_* ``action``)."""
    return _node("bit_subtract", bit_offset=bit_offset, bit_size=bit_size, value=value, action=action, bin=bin,
                 policy=policy)


def bit_set_int(bit_offset: Any, bit_size: Any, value: Any, bin: Any, policy: Any = None) -> Expr:
    """The blob with the integer ``value`` written in ``bit_size`` bits from ``bit_offset``."""
    return _node("bit_set_int", bit_offset=bit_offset, bit_size=bit_size, value=value, bin=bin, policy=policy)


# -- HyperLogLog modifications inside an expression: the HLL as modified, not stored ----
#
# ``policy`` is HLL_WRITE_* flags, as an int or {"flags": n}; -1 bit counts keep the bin's.


def hll_init(index_bit_count: Any, bin: Any, minhash_bit_count: Any = -1, policy: Any = None) -> Expr:
    """A new, empty HyperLogLog with the given bit counts."""
    return _node("hll_init", index_bit_count=index_bit_count, minhash_bit_count=minhash_bit_count, bin=bin,
                 policy=policy)


def hll_add(values: Any, bin: Any, index_bit_count: Any = -1, minhash_bit_count: Any = -1,
            policy: Any = None) -> Expr:
    """The HyperLogLog with ``values`` added (created with the bit counts if the bin has none)."""
    return _node("hll_add", values=values, index_bit_count=index_bit_count, minhash_bit_count=minhash_bit_count,
                 bin=bin, policy=policy)


# -- selections relative to a value or key ----------------------------------------


def list_get_by_value_rel_rank_range(return_type: int, value: Any, rank: Any, count: Any, bin: Any,
                                     ctx: Ctx = None) -> Expr:
    """``count`` items from rank ``rank`` counted from where ``value`` would rank."""
    return _node("list_get_by_value_rel_rank_range", return_type=return_type, value=value, rank=rank, count=count,
                 bin=bin, ctx=ctx)


def list_get_by_value_rel_rank_range_to_end(return_type: int, value: Any, rank: Any, bin: Any,
                                            ctx: Ctx = None) -> Expr:
    """Items from rank ``rank`` (counted from where ``value`` would rank) up."""
    return _node("list_get_by_value_rel_rank_range_to_end", return_type=return_type, value=value, rank=rank,
                 bin=bin, ctx=ctx)


def map_get_by_key_rel_index_range(return_type: int, key: Any, index: Any, count: Any, bin: Any,
                                   ctx: Ctx = None) -> Expr:
    """``count`` entries from key-order position ``index`` counted from where ``key`` would sort."""
    return _node("map_get_by_key_rel_index_range", return_type=return_type, key=key, index=index, count=count,
                 bin=bin, ctx=ctx)


def map_get_by_key_rel_index_range_to_end(return_type: int, key: Any, index: Any, bin: Any,
                                          ctx: Ctx = None) -> Expr:
    """Entries from key-order position ``index`` (counted from where ``key`` would sort) on."""
    return _node("map_get_by_key_rel_index_range_to_end", return_type=return_type, key=key, index=index,
                 bin=bin, ctx=ctx)


def map_get_by_value_rel_rank_range(return_type: int, value: Any, rank: Any, count: Any, bin: Any,
                                    ctx: Ctx = None) -> Expr:
    """``count`` entries from value rank ``rank`` counted from where ``value`` would rank."""
    return _node("map_get_by_value_rel_rank_range", return_type=return_type, value=value, rank=rank, count=count,
                 bin=bin, ctx=ctx)


def map_get_by_value_rel_rank_range_to_end(return_type: int, value: Any, rank: Any, bin: Any,
                                           ctx: Ctx = None) -> Expr:
    """Entries from value rank ``rank`` (counted from where ``value`` would rank) up."""
    return _node("map_get_by_value_rel_rank_range_to_end", return_type=return_type, value=value, rank=rank,
                 bin=bin, ctx=ctx)


def list_remove_by_value_rel_rank_range(value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False,
                                        ctx: Ctx = None) -> Expr:
    """The list without ``count`` items from rank ``rank`` relative to ``value``."""
    return _node("list_remove_by_value_rel_rank_range", value=value, rank=rank, count=count, bin=bin,
                 inverted=inverted, ctx=ctx)


def list_remove_by_value_rel_rank_range_to_end(value: Any, rank: Any, bin: Any, inverted: bool = False,
                                               ctx: Ctx = None) -> Expr:
    """The list without the items from rank ``rank`` relative to ``value`` up."""
    return _node("list_remove_by_value_rel_rank_range_to_end", value=value, rank=rank, bin=bin,
                 inverted=inverted, ctx=ctx)


def map_remove_by_key_rel_index_range(key: Any, index: Any, count: Any, bin: Any, inverted: bool = False,
                                      ctx: Ctx = None) -> Expr:
    """The map without ``count`` entries from position ``index`` relative to ``key``."""
    return _node("map_remove_by_key_rel_index_range", key=key, index=index, count=count, bin=bin,
                 inverted=inverted, ctx=ctx)


def map_remove_by_key_rel_index_range_to_end(key: Any, index: Any, bin: Any, inverted: bool = False,
                                             ctx: Ctx = None) -> Expr:
    """The map without the entries from position ``index`` relative to ``key`` on."""
    return _node("map_remove_by_key_rel_index_range_to_end", key=key, index=index, bin=bin,
                 inverted=inverted, ctx=ctx)


def map_remove_by_value_rel_rank_range(value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False,
                                       ctx: Ctx = None) -> Expr:
    """The map without ``count`` entries from value rank ``rank`` relative to ``value``."""
    return _node("map_remove_by_value_rel_rank_range", value=value, rank=rank, count=count, bin=bin,
                 inverted=inverted, ctx=ctx)


def map_remove_by_value_rel_rank_range_to_end(value: Any, rank: Any, bin: Any, inverted: bool = False,
                                              ctx: Ctx = None) -> Expr:
    """The map without the entries from value rank ``rank`` relative to ``value`` up."""
    return _node("map_remove_by_value_rel_rank_range_to_end", value=value, rank=rank, bin=bin,
                 inverted=inverted, ctx=ctx)


# -- path expressions (server 8.1.1+) -------------------------------------------

# Which part of the element a path context is looking at (loopvar_*).
LOOPVAR_KEY = 0
LOOPVAR_VALUE = 1
LOOPVAR_INDEX = 2

# select_by_path flags (also aerospike_py.path_operations.select_by_path).
PATH_SELECT_MATCHING_TREE = 0
PATH_SELECT_VALUE = 1
PATH_SELECT_LIST_VALUE = 1
PATH_SELECT_MAP_VALUE = 1
PATH_SELECT_MAP_KEY = 2
PATH_SELECT_MAP_KEY_VALUE = 3
PATH_SELECT_NO_FAIL = 0x10
# modify_by_path flags.
PATH_MODIFY_DEFAULT = 0
PATH_MODIFY_NO_FAIL = 0x10


def _loopvar(exp_type: int, var_id: int) -> Expr:
    return _node("loopvar", exp_type=exp_type, var_id=var_id)


def loopvar_nil(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as nil."""
    return _loopvar(EXP_TYPE_NIL, var_id)


def loopvar_bool(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as a bool."""
    return _loopvar(EXP_TYPE_BOOL, var_id)


def loopvar_int(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as an int."""
    return _loopvar(EXP_TYPE_INT, var_id)


def loopvar_str(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as a string."""
    return _loopvar(EXP_TYPE_STRING, var_id)


def loopvar_list(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as a list."""
    return _loopvar(EXP_TYPE_LIST, var_id)


def loopvar_map(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as a map."""
    return _loopvar(EXP_TYPE_MAP, var_id)


def loopvar_blob(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as bytes."""
    return _loopvar(EXP_TYPE_BLOB, var_id)


def loopvar_float(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as a float."""
    return _loopvar(EXP_TYPE_FLOAT, var_id)


def loopvar_geo(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as GeoJSON."""
    return _loopvar(EXP_TYPE_GEO, var_id)


def loopvar_hll(var_id: int) -> Expr:
    """A path context's loop variable (``LOOPVAR_*``) read as an HLL."""
    return _loopvar(EXP_TYPE_HLL, var_id)


def remove_result() -> Expr:
    """As the value of a ``modify_by_path`` expression: remove the selected element."""
    return _node("remove_result")


def select_by_path(ctx: list[Any], value_type: int, flags: int, bin: Any) -> Expr:
    """The elements of a list/map bin (or expression) that the path ``ctx`` selects.

    ``flags`` is a ``PATH_SELECT_*`` mode (tree, values, keys, key-values) with
    ``PATH_SELECT_NO_FAIL`` optionally ORed in; ``value_type`` is the
    ``EXP_TYPE_*`` of the result.
    """
    return _node("select_by_path", ctx=ctx, value_type=value_type, flags=flags, bin=bin)


def modify_by_path(ctx: list[Any], value_type: int, mod_exp: Expr, flags: int, bin: Any) -> Expr:
    """The list/map bin with every element the path ``ctx`` selects replaced by ``mod_exp``.

    ``mod_exp`` sees each element through loop variables; ``remove_result()``
    removes it instead.
    """
    return _node("modify_by_path", ctx=ctx, value_type=value_type, mod_exp=mod_exp, flags=flags, bin=bin)
