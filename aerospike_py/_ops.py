"""List, map, bit and HLL operation dicts -> the entries the C layer runs.

An operation dict (built by the ``*_operations`` modules, or by hand) becomes
``(code, bin, [ctx, policy, a0, a1, ...])``: the arguments in the order the C
client's ``as_operations_*`` function takes them (include/aspy_ops.c). Every
argument is checked here, so a bad one fails naming the operation's index and
the field, before anything reaches C. ``encode_ctx`` is the one conversion of
a ``ctx=`` path, shared with expressions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from aerospike_py import bit_operations as _bit
from aerospike_py import hll_operations as _hll
from aerospike_py import list_operations as _list
from aerospike_py import map_operations as _map
from aerospike_py import path_operations as _path
from aerospike_py._convert import INT64_MAX, INT64_MIN, encode_value, invalid
from aerospike_py._exp_compile import compile_expression
from aerospike_py._values import HLL
from aerospike_py.cdt_ctx import BASE_KINDS, CDT_CTX_EXP, CDT_CTX_MAP_KEYS_IN, CREATE_FLAGS, EXP_KINDS, INT_KINDS

__all__ = ["encode_ctx", "encode_cdt_operation", "CDT_CODES"]

_INVERTED = 0x10000
_LIST_RETURN = frozenset({0, 1, 2, 3, 4, 5, 7, 13})
_MAP_RETURN = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 8, 13})
_MISSING: Any = object()


def encode_ctx(ctx: Any, where: str) -> list[list[Any]] | None:
    """A ``ctx=`` list of ``CDTContext`` items as ``[[kind, value], ...]`` (None when empty)."""
    if ctx is None:
        return None
    if isinstance(ctx, (str, bytes)) or not isinstance(ctx, (list, tuple)):
        raise invalid(f"{where}: 'ctx' must be a list of cdt_ctx items, got {type(ctx).__name__}")
    out = []
    for i, item in enumerate(ctx):
        if not isinstance(item, tuple) or len(item) != 2 or type(item[0]) is not int:
            raise invalid(f"{where}: 'ctx' item {i} must be built by aerospike_py.cdt_ctx, got {item!r}")
        kind, value = item
        if kind in EXP_KINDS:
            # every child (None) or a filter expression, compiled here once for C
            if value is None and kind == CDT_CTX_EXP:
                out.append([kind, None])
            else:
                out.append([kind, compile_expression(value, f"{where} 'ctx' item {i}")])
            continue
        if kind == CDT_CTX_MAP_KEYS_IN:
            if not isinstance(value, (list, tuple)):
                raise invalid(f"{where}: 'ctx' item {i} needs a list of map keys, got {value!r}")
            out.append([kind, encode_value(list(value), f"{where} 'ctx' item {i}")])
            continue
        base = kind & ~CREATE_FLAGS
        if base not in BASE_KINDS or (kind & CREATE_FLAGS and base not in (0x10, 0x22)):
            raise invalid(f"{where}: 'ctx' item {i} has unknown kind {kind:#x}")
        if base in INT_KINDS:
            if type(value) is not int or not INT64_MIN <= value <= INT64_MAX:
                raise invalid(f"{where}: 'ctx' item {i} needs an int index or rank, got {value!r}")
            out.append([kind, value])
        else:
            out.append([kind, encode_value(value, f"{where} 'ctx' item {i}")])
    return out or None


# -- argument checkers: (where, field, value) -> encoded value -----------------

Check = Callable[[str, str, Any], Any]


def _int_between(low: int, high: int, what: str) -> Check:
    def check(where: str, field: str, value: Any) -> Any:
        if type(value) is not int:
            raise invalid(f"{where}: '{field}' must be an int, got {type(value).__name__} ({value!r})")
        if not low <= value <= high:
            raise invalid(f"{where}: '{field}' must be {what}, got {value}")
        return value
    return check


_i64 = _int_between(INT64_MIN, INT64_MAX, "a signed 64-bit int")
_count = _int_between(0, INT64_MAX, "an int >= 0")
_i32 = _int_between(-(2**31), 2**31 - 1, "a signed 32-bit int")
_u32 = _int_between(0, 2**32 - 1, "an int from 0 to 2**32-1")
_flags = _int_between(0, 2**32 - 1, "an int of flags")


_OPTIONAL: set[Check] = set()


def _opt(check: Check, default: Any) -> Check:
    """An optional argument: absent or None gives ``default``."""
    def opt(where: str, field: str, value: Any) -> Any:
        return default if value is None or value is _MISSING else check(where, field, value)
    _OPTIONAL.add(opt)
    return opt


def _value(where: str, field: str, value: Any) -> Any:
    if value is _MISSING:
        raise invalid(f"{where}: '{field}' is missing")
    return encode_value(value, f"{where} '{field}'")


def _bound(where: str, field: str, value: Any) -> Any:
    """A range bound: None means unbounded."""
    return None if value is _MISSING else encode_value(value, f"{where} '{field}'")


def _list_arg(where: str, field: str, value: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        raise invalid(f"{where}: '{field}' must be a list, got {type(value).__name__}")
    return encode_value(list(value), f"{where} '{field}'")


def _hll_list(where: str, field: str, value: Any) -> Any:
    """HLL values to combine with the bin: ``HLL`` objects (raw bytes are taken as HLLs here)."""
    if not isinstance(value, (list, tuple)) or not value:
        raise invalid(f"{where}: '{field}' must be a non-empty list of HLL values, got {value!r}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, (bytes, bytearray)):
            item = HLL(item)
        elif not isinstance(item, HLL):
            raise invalid(f"{where}: '{field}' item {i} must be an HLL value, got {type(item).__name__}")
        out.append(encode_value(item, f"{where} '{field}'"))
    return out


def _dict_arg(where: str, field: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise invalid(f"{where}: '{field}' must be a dict, got {type(value).__name__}")
    return encode_value(dict(value), f"{where} '{field}'")


def _bytes_arg(where: str, field: str, value: Any) -> Any:
    if not isinstance(value, (bytes, bytearray)):
        raise invalid(f"{where}: '{field}' must be bytes, got {type(value).__name__}")
    return bytes(value)


def _bool(where: str, field: str, value: Any) -> Any:
    if type(value) is not bool and value not in (0, 1):
        raise invalid(f"{where}: '{field}' must be a bool, got {value!r}")
    return bool(value)


def _return_type(allowed: frozenset[int], prefix: str) -> Check:
    def check(where: str, field: str, value: Any) -> Any:
        if type(value) is not int or (value & ~_INVERTED) not in allowed or value & ~(_INVERTED | 0xFF):
            raise invalid(f"{where}: '{field}' {value!r} is not a {prefix}_RETURN_* constant")
        return value
    return check


_lrt = _return_type(_LIST_RETURN, "LIST")
_mrt = _return_type(_MAP_RETURN, "MAP")


def _policy_fields(where: str, field: str, policy: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(policy, Mapping):
        raise invalid(f"{where}: '{field}' must be a dict, got {type(policy).__name__}")
    for name in policy:
        if name not in allowed:
            raise invalid(f"{where}: '{field}' has unknown field {name!r} (expected {', '.join(allowed)})")
    return policy


def _list_policy(where: str, field: str, policy: Any) -> Any:
    if policy is None or policy is _MISSING:
        return None
    p = _policy_fields(where, field, policy, ("order", "flags"))
    return [_int_between(0, 1, "LIST_UNORDERED or LIST_ORDERED")(where, f"{field}.order", p.get("order", 0)),
            _flags(where, f"{field}.flags", p.get("flags", 0))]


def _map_policy(where: str, field: str, policy: Any) -> Any:
    if policy is None or policy is _MISSING:
        return None
    p = _policy_fields(where, field, policy, ("order", "write_mode", "flags"))
    order = p.get("order", 0)
    if order not in (0, 1, 3) or type(order) is not int:
        raise invalid(f"{where}: '{field}.order' {order!r} is not a MAP_*ORDERED constant")
    return [order, _flags(where, f"{field}.write_mode", p.get("write_mode", 0))
            | _flags(where, f"{field}.flags", p.get("flags", 0))]


def _bit_policy(where: str, field: str, policy: Any) -> Any:
    if policy is None or policy is _MISSING:
        return None
    if isinstance(policy, Mapping):   # also accept {"bit_write_flags": n} as the official client does
        policy = _policy_fields(where, field, policy, ("bit_write_flags", "flags"))
        policy = policy.get("bit_write_flags", policy.get("flags", 0))
    return _flags(where, field, policy)


def _hll_policy(where: str, field: str, policy: Any) -> Any:
    if policy is None or policy is _MISSING:
        return None
    p = _policy_fields(where, field, policy, ("flags",))
    return _flags(where, f"{field}.flags", p.get("flags", 0))


def _map_order(where: str, field: str, value: Any) -> Any:
    if type(value) is not int or value not in (0, 1, 3):
        raise invalid(f"{where}: '{field}' {value!r} is not a MAP_*ORDERED constant")
    return value


_MAP_ORDER = ("map_order", _map_order)


def _map_order_policy(where: str, field: str, policy: Any) -> Any:
    """``{"order", "persist_index"}`` as the two trailing C arguments (a list spliced in by the encoder)."""
    if policy is _MISSING:
        raise invalid(f"{where}: '{field}' is missing")
    p = _policy_fields(where, field, policy, ("order", "write_mode", "flags", "persist_index"))
    return _Splice([_map_order(where, f"{field}.order", p.get("order", 0)),
                    _bool(where, f"{field}.persist_index", p.get("persist_index", False))])


class _Splice(list):  # type: ignore[type-arg]
    """Several C arguments produced by one field."""


def _mod_exp(where: str, field: str, value: Any) -> Any:
    """The modifying expression of modify_by_path, as its wire bytes."""
    if value is _MISSING:
        raise invalid(f"{where}: '{field}' is missing")
    return compile_expression(value, f"{where} '{field}'")


# -- per-operation argument layout --------------------------------------------

Spec = tuple[str, Check]
_LP = ("list_policy", _list_policy)
_MP = ("map_policy", _map_policy)
_BP = ("bit_policy", _bit_policy)
_HP = ("hll_policy", _hll_policy)
_NP: Spec = ("", lambda where, field, value: None)
_INDEX = ("index", _i64)
_RANK = ("rank", _i64)
_COUNT = ("count", _count)
_OCOUNT = ("count", _opt(_count, None))
_VAL = ("val", _value)
_VLIST = ("val", _list_arg)
_BEGIN, _END = ("val", _bound), ("val_end", _bound)
_LRT, _MRT = ("return_type", _lrt), ("return_type", _mrt)
_KEY = ("map_key", _value)
_BOFF, _BSIZE = ("bit_offset", _i32), ("bit_size", _u32)
_BYTES = ("val", _bytes_arg)
_HLLS = ("val", _hll_list)

# code -> (policy spec, argument specs in C order)
_SPECS: dict[int, tuple[Spec, tuple[Spec, ...]]] = {
    _list.OP_LIST_APPEND: (_LP, (_VAL,)),
    _list.OP_LIST_APPEND_ITEMS: (_LP, (_VLIST,)),
    _list.OP_LIST_INSERT: (_LP, (_INDEX, _VAL)),
    _list.OP_LIST_INSERT_ITEMS: (_LP, (_INDEX, _VLIST)),
    _list.OP_LIST_POP: (_NP, (_INDEX,)),
    _list.OP_LIST_POP_RANGE: (_NP, (_INDEX, _COUNT)),
    _list.OP_LIST_REMOVE: (_NP, (_INDEX,)),
    _list.OP_LIST_REMOVE_RANGE: (_NP, (_INDEX, _COUNT)),
    _list.OP_LIST_SET: (_NP, (_INDEX, _VAL)),
    _list.OP_LIST_TRIM: (_NP, (_INDEX, _COUNT)),
    _list.OP_LIST_CLEAR: (_NP, ()),
    _list.OP_LIST_SIZE: (_NP, ()),
    _list.OP_LIST_GET: (_NP, (_INDEX,)),
    _list.OP_LIST_GET_RANGE: (_NP, (_INDEX, _COUNT)),
    _list.OP_LIST_GET_BY_VALUE: (_NP, (_VAL, _LRT)),
    _list.OP_LIST_GET_BY_INDEX: (_NP, (_INDEX, _LRT)),
    _list.OP_LIST_GET_BY_INDEX_RANGE: (_NP, (_INDEX, _OCOUNT, _LRT)),
    _list.OP_LIST_GET_BY_RANK: (_NP, (_RANK, _LRT)),
    _list.OP_LIST_GET_BY_RANK_RANGE: (_NP, (_RANK, _OCOUNT, _LRT)),
    _list.OP_LIST_GET_BY_VALUE_LIST: (_NP, (_VLIST, _LRT)),
    _list.OP_LIST_GET_BY_VALUE_RANGE: (_NP, (_BEGIN, _END, _LRT)),
    _list.OP_LIST_REMOVE_BY_VALUE: (_NP, (_VAL, _LRT)),
    _list.OP_LIST_REMOVE_BY_VALUE_LIST: (_NP, (_VLIST, _LRT)),
    _list.OP_LIST_REMOVE_BY_VALUE_RANGE: (_NP, (_BEGIN, _END, _LRT)),
    _list.OP_LIST_REMOVE_BY_INDEX: (_NP, (_INDEX, _LRT)),
    _list.OP_LIST_REMOVE_BY_INDEX_RANGE: (_NP, (_INDEX, _OCOUNT, _LRT)),
    _list.OP_LIST_REMOVE_BY_RANK: (_NP, (_RANK, _LRT)),
    _list.OP_LIST_REMOVE_BY_RANK_RANGE: (_NP, (_RANK, _OCOUNT, _LRT)),
    _list.OP_LIST_INCREMENT: (_LP, (_INDEX, _VAL)),
    _list.OP_LIST_SORT: (_NP, (("val", _opt(_int_between(0, 0xFF, "LIST_SORT_* flags"), 0)),)),
    _list.OP_LIST_SET_ORDER: (_NP, (("val", _opt(_int_between(0, 1, "LIST_UNORDERED or LIST_ORDERED"), 0)),)),
    _map.OP_MAP_SET_ORDER: (_NP, (("val", _int_between(0, 3, "a MAP_*ORDERED constant")),)),
    _map.OP_MAP_PUT: (_MP, (_KEY, _VAL)),
    _map.OP_MAP_PUT_ITEMS: (_MP, (("val", _dict_arg),)),
    _map.OP_MAP_INCREMENT: (_MP, (_KEY, _VAL)),
    _map.OP_MAP_DECREMENT: (_MP, (_KEY, _VAL)),
    _map.OP_MAP_CLEAR: (_NP, ()),
    _map.OP_MAP_REMOVE_BY_KEY: (_NP, (_KEY, _MRT)),
    _map.OP_MAP_REMOVE_BY_KEY_LIST: (_NP, (_VLIST, _MRT)),
    _map.OP_MAP_REMOVE_BY_KEY_RANGE: (_NP, (_BEGIN, _END, _MRT)),
    _map.OP_MAP_REMOVE_BY_VALUE: (_NP, (_VAL, _MRT)),
    _map.OP_MAP_REMOVE_BY_VALUE_LIST: (_NP, (_VLIST, _MRT)),
    _map.OP_MAP_REMOVE_BY_VALUE_RANGE: (_NP, (_BEGIN, _END, _MRT)),
    _map.OP_MAP_REMOVE_BY_INDEX: (_NP, (_INDEX, _MRT)),
    _map.OP_MAP_REMOVE_BY_INDEX_RANGE: (_NP, (_INDEX, _OCOUNT, _MRT)),
    _map.OP_MAP_REMOVE_BY_RANK: (_NP, (_RANK, _MRT)),
    _map.OP_MAP_REMOVE_BY_RANK_RANGE: (_NP, (_RANK, _OCOUNT, _MRT)),
    _map.OP_MAP_SIZE: (_NP, ()),
    _map.OP_MAP_GET_BY_KEY: (_NP, (_KEY, _MRT)),
    _map.OP_MAP_GET_BY_KEY_RANGE: (_NP, (_BEGIN, _END, _MRT)),
    _map.OP_MAP_GET_BY_VALUE: (_NP, (_VAL, _MRT)),
    _map.OP_MAP_GET_BY_VALUE_RANGE: (_NP, (_BEGIN, _END, _MRT)),
    _map.OP_MAP_GET_BY_INDEX: (_NP, (_INDEX, _MRT)),
    _map.OP_MAP_GET_BY_INDEX_RANGE: (_NP, (_INDEX, _OCOUNT, _MRT)),
    _map.OP_MAP_GET_BY_RANK: (_NP, (_RANK, _MRT)),
    _map.OP_MAP_GET_BY_RANK_RANGE: (_NP, (_RANK, _OCOUNT, _MRT)),
    _map.OP_MAP_GET_BY_KEY_LIST: (_NP, (_VLIST, _MRT)),
    _map.OP_MAP_GET_BY_VALUE_LIST: (_NP, (_VLIST, _MRT)),
    _hll.OP_HLL_INIT: (_HP, (("index_bit_count", _i32), ("minhash_bit_count", _opt(_i32, -1)))),
    _hll.OP_HLL_ADD: (_HP, (_VLIST, ("index_bit_count", _opt(_i32, -1)), ("minhash_bit_count", _opt(_i32, -1)))),
    _hll.OP_HLL_GET_COUNT: (_NP, ()),
    _hll.OP_HLL_GET_UNION: (_NP, (_HLLS,)),
    _hll.OP_HLL_GET_UNION_COUNT: (_NP, (_HLLS,)),
    _hll.OP_HLL_GET_INTERSECT_COUNT: (_NP, (_HLLS,)),
    _hll.OP_HLL_GET_SIMILARITY: (_NP, (_HLLS,)),
    _hll.OP_HLL_DESCRIBE: (_NP, ()),
    _hll.OP_HLL_FOLD: (_NP, (("index_bit_count", _i32),)),
    _hll.OP_HLL_SET_UNION: (_HP, (_HLLS,)),
    _bit.OP_BIT_RESIZE: (_BP, (("byte_size", _u32), ("resize_flags", _opt(_flags, 0)))),
    _bit.OP_BIT_INSERT: (_BP, (("byte_offset", _i32), _BYTES)),
    _bit.OP_BIT_REMOVE: (_BP, (("byte_offset", _i32), ("byte_size", _u32))),
    _bit.OP_BIT_SET: (_BP, (_BOFF, _BSIZE, _BYTES)),
    _bit.OP_BIT_OR: (_BP, (_BOFF, _BSIZE, _BYTES)),
    _bit.OP_BIT_XOR: (_BP, (_BOFF, _BSIZE, _BYTES)),
    _bit.OP_BIT_AND: (_BP, (_BOFF, _BSIZE, _BYTES)),
    _bit.OP_BIT_NOT: (_BP, (_BOFF, _BSIZE)),
    _bit.OP_BIT_LSHIFT: (_BP, (_BOFF, _BSIZE, ("shift", _u32))),
    _bit.OP_BIT_RSHIFT: (_BP, (_BOFF, _BSIZE, ("shift", _u32))),
    _bit.OP_BIT_ADD: (_BP, (_BOFF, _BSIZE, ("val", _i64), ("signed", _opt(_bool, False)),
                            ("action", _opt(_int_between(0, 6, "a BIT_OVERFLOW_* constant"), 0)))),
    _bit.OP_BIT_SUBTRACT: (_BP, (_BOFF, _BSIZE, ("val", _i64), ("signed", _opt(_bool, False)),
                                 ("action", _opt(_int_between(0, 6, "a BIT_OVERFLOW_* constant"), 0)))),
    _bit.OP_BIT_SET_INT: (_BP, (_BOFF, _BSIZE, ("val", _i64))),
    _bit.OP_BIT_GET: (_NP, (_BOFF, _BSIZE)),
    _bit.OP_BIT_COUNT: (_NP, (_BOFF, _BSIZE)),
    _bit.OP_BIT_LSCAN: (_NP, (_BOFF, _BSIZE, ("val", _bool))),
    _bit.OP_BIT_RSCAN: (_NP, (_BOFF, _BSIZE, ("val", _bool))),
    _bit.OP_BIT_GET_INT: (_NP, (_BOFF, _BSIZE, ("signed", _opt(_bool, False)))),
    _list.OP_LIST_GET_BY_VALUE_REL_RANK_RANGE: (_NP, (_VAL, _RANK, _OCOUNT, _LRT)),
    _list.OP_LIST_REMOVE_BY_VALUE_REL_RANK_RANGE: (_NP, (_VAL, _RANK, _OCOUNT, _LRT)),
    _list.OP_LIST_CREATE: (_NP, (("list_order", _opt(_int_between(0, 1, "LIST_UNORDERED or LIST_ORDERED"), 0)),
                                 ("pad", _opt(_bool, False)), ("persist_index", _opt(_bool, False)))),
    _map.OP_MAP_GET_BY_KEY_REL_INDEX_RANGE: (_NP, (_KEY, _INDEX, _OCOUNT, _MRT)),
    _map.OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE: (_NP, (_KEY, _INDEX, _OCOUNT, _MRT)),
    _map.OP_MAP_GET_BY_VALUE_REL_RANK_RANGE: (_NP, (_VAL, _RANK, _OCOUNT, _MRT)),
    _map.OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE: (_NP, (_VAL, _RANK, _OCOUNT, _MRT)),
    _map.OP_MAP_CREATE: (_NP, (_MAP_ORDER, ("persist_index", _opt(_bool, False)))),
    _map.OP_MAP_SET_POLICY: (_NP, (("map_policy", _map_order_policy),)),
    _hll.OP_HLL_REFRESH_COUNT: (_NP, ()),
    _path.OP_SELECT_BY_PATH: (_NP, (("path_flags", _opt(_flags, 0)),)),
    _path.OP_MODIFY_BY_PATH: (_NP, (("mod_exp", _mod_exp), ("path_flags", _opt(_flags, 0)))),
}
_PATH_CODES = frozenset((_path.OP_SELECT_BY_PATH, _path.OP_MODIFY_BY_PATH))

CDT_CODES = frozenset(_SPECS)


_Layout = tuple[tuple[str, Check, bool], ...]


def _layout(policy_spec: Spec, arg_specs: tuple[Spec, ...]) -> tuple[Spec | None, _Layout]:
    """Precomputed per code: the policy spec and (field, check, required) per argument."""
    args = tuple((field, check, check is not _bound and check not in _OPTIONAL) for field, check in arg_specs)
    return (policy_spec if policy_spec[0] else None), args


_LAYOUTS = {code: _layout(*spec) for code, spec in _SPECS.items()}
_SCALARS = frozenset((str, float, bytes, bool))


def encode_cdt_operation(index: int, op: Mapping[str, Any], code: int, bin_name: Any) -> tuple[int, str, list[Any]]:
    """One list/map/bit/HLL operation dict as ``(code, bin, [ctx, policy, args...])``."""
    if type(bin_name) is not str:
        raise invalid(f"operation {index}: 'bin' must be str, got {bin_name!r}")
    policy_spec, arg_specs = _LAYOUTS[code]
    get = op.get
    ctx = get("ctx")
    args: list[Any] = [None if ctx is None else encode_ctx(ctx, f"operation {index}"), None]
    if args[0] is None and code in _PATH_CODES:
        raise invalid(f"operation {index}: a path operation needs a non-empty 'ctx' list")
    if policy_spec is not None:
        field, check = policy_spec
        policy = get(field)
        if policy is not None:
            args[1] = check(f"operation {index}", field, policy)
    for field, check, required in arg_specs:
        value = get(field, _MISSING)
        vt = type(value)
        if vt is int:
            if (check is _i64 or check is _value) and INT64_MIN <= value <= INT64_MAX:
                args.append(value)  # the common cases, without a call
                continue
        elif vt in _SCALARS and check is _value:
            args.append(value)
            continue
        if value is _MISSING and required:
            raise invalid(f"operation {index}: '{field}' is missing")
        checked = check(f"operation {index}", field, value)
        if type(checked) is _Splice:
            args.extend(checked)
        else:
            args.append(checked)
    return (code, bin_name, args)
