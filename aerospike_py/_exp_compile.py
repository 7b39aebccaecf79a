"""Expression descriptions (aerospike_py.exp) -> the server's wire format.

An expression is a msgpack tree ``[code, args...]`` (the layout the C
client's ``as_exp_build`` writes, see as_exp.h). It is compiled here once, in
Python, and the bytes are kept on the description (``exp._Expr._wire``): a
filter reused on every call costs one attribute read, and the C layer only
copies the bytes into the request's ``as_exp``. Plain dicts built by hand
(without the builders) are compiled on each use.

Every node is checked; a malformed one raises ``InvalidArgError`` naming the
field that holds the expression and the path to the bad node.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from typing import Any

from aerospike_py import exception as _exc
from aerospike_py._values import HLL, GeoJSON
from aerospike_py.exp import _Expr

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# Particle-type prefixes of strings inside msgpack (as_bytes_type).
_BYTES_STRING = 3
_BYTES_BLOB = 4
_BYTES_HLL = 18
_BYTES_GEOJSON = 23

# Wire operation codes (as_exp_ops).
_CMP = {"eq": 1, "ne": 2, "gt": 3, "ge": 4, "lt": 5, "le": 6}
_REGEX, _GEO = 7, 8
_AND, _OR, _NOT, _XOR = 16, 17, 18, 19
_VARIADIC = {
    "and": _AND, "or": _OR, "xor": _XOR,
    "num_add": 20, "num_sub": 21, "num_mul": 22, "num_div": 23,
    "int_and": 32, "int_or": 33, "int_xor": 34,
    "min": 50, "max": 51,
}
_FIXED = {  # name -> (code, number of operands)
    "num_pow": (24, 2), "num_log": (25, 2), "num_mod": (26, 2), "num_abs": (27, 1),
    "num_floor": (28, 1), "num_ceil": (29, 1), "to_int": (30, 1), "to_float": (31, 1),
    "int_not": (35, 1), "int_lshift": (36, 2), "int_rshift": (37, 2), "int_arshift": (38, 2),
    "int_count": (39, 1), "int_lscan": (40, 2), "int_rscan": (41, 2),
}
_META = {
    "last_update": 66, "since_update": 67, "void_time": 68, "ttl": 69, "set_name": 70,
    "key_exists": 71, "is_tombstone": 72, "record_size": 74,
}
_DIGEST_MODULO, _KEY, _BIN, _BIN_TYPE = 64, 80, 81, 82
_COND, _VAR, _LET, _QUOTE = 123, 124, 125, 126
_BIN_TYPES = {
    "int_bin": 2, "float_bin": 7, "string_bin": 3, "bool_bin": 1, "blob_bin": 6,
    "list_bin": 4, "map_bin": 5, "geo_bin": 8, "hll_bin": 9,
}
_KEY_TYPES = (2, 3, 6)  # EXP_TYPE_INT, _STRING, _BLOB

_INF = b"\xd4\xff\x01"
_WILDCARD = b"\xd4\xff\x00"


class ExpError(Exception):
    """A malformed node: its path inside the expression and what is wrong."""

    def __init__(self, path: str, msg: str) -> None:
        super().__init__(path, msg)
        self.path = path
        self.msg = msg


# -- msgpack (the subset expressions use, written like the C client) ----------


def _int(n: int) -> bytes:
    if n >= 0:
        if n < 0x80:
            return bytes((n,))
        if n < 0x100:
            return b"\xcc" + bytes((n,))
        if n < 0x10000:
            return b"\xcd" + n.to_bytes(2, "big")
        if n < 0x100000000:
            return b"\xce" + n.to_bytes(4, "big")
        return b"\xcf" + n.to_bytes(8, "big")
    if n >= -32:
        return bytes((n & 0xFF,))
    if n >= -128:
        return b"\xd0" + n.to_bytes(1, "big", signed=True)
    if n >= -32768:
        return b"\xd1" + n.to_bytes(2, "big", signed=True)
    if n >= -(2**31):
        return b"\xd2" + n.to_bytes(4, "big", signed=True)
    return b"\xd3" + n.to_bytes(8, "big", signed=True)


def _str_head(n: int) -> bytes:
    if n < 32:
        return bytes((0xA0 | n,))
    if n < 0x100:
        return b"\xd9" + bytes((n,))
    if n < 0x10000:
        return b"\xda" + n.to_bytes(2, "big")
    return b"\xdb" + n.to_bytes(4, "big")


def _list_head(n: int) -> bytes:
    if n < 16:
        return bytes((0x90 | n,))
    if n < 0x10000:
        return b"\xdc" + n.to_bytes(2, "big")
    return b"\xdd" + n.to_bytes(4, "big")


def _map_head(n: int) -> bytes:
    if n < 16:
        return bytes((0x80 | n,))
    if n < 0x10000:
        return b"\xde" + n.to_bytes(2, "big")
    return b"\xdf" + n.to_bytes(4, "big")


def _raw_str(text: str) -> bytes:
    data = text.encode()
    return _str_head(len(data)) + data


def _typed(prefix: int, data: bytes) -> bytes:
    return _str_head(len(data) + 1) + bytes((prefix,)) + data


def _float(x: float) -> bytes:
    return b"\xcb" + struct.pack(">d", x)


def pack_value(value: Any, path: str) -> bytes:
    """A Python value as the C client packs an ``as_val`` (typed strings, plain containers)."""
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise ExpError(path, f"integer {value} is outside the signed 64-bit range")
        return _int(int(value))
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, GeoJSON):
        return _typed(_BYTES_GEOJSON, value.dumps().encode())
    if isinstance(value, str):
        return _typed(_BYTES_STRING, value.encode())
    if isinstance(value, HLL):
        return _typed(_BYTES_HLL, bytes(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _typed(_BYTES_BLOB, bytes(value))
    if isinstance(value, (list, tuple)):
        return _list_head(len(value)) + b"".join(pack_value(v, f"{path}[{i}]") for i, v in enumerate(value))
    if isinstance(value, Mapping):
        return _map_head(len(value)) + b"".join(
            pack_value(k, f"{path} key") + pack_value(v, f"{path}[{k!r}]") for k, v in value.items()
        )
    raise ExpError(path, f"values of type {type(value).__name__} cannot be sent")


# -- nodes --------------------------------------------------------------------

Compiler = Callable[[Mapping[str, Any], str], bytes]
_COMPILERS: dict[str, Compiler] = {}


def _field(node: Mapping[str, Any], name: str, path: str) -> Any:
    try:
        return node[name]
    except KeyError:
        raise ExpError(path, f"{node.get('__expr__')!r} needs a {name!r} field") from None


def _text(node: Mapping[str, Any], name: str, path: str, what: str) -> str:
    value = _field(node, name, path)
    if not isinstance(value, str):
        raise ExpError(path, f"{what} must be str, got {type(value).__name__} ({value!r})")
    return str(value)


def _bin_name(node: Mapping[str, Any], path: str) -> bytes:
    name = _text(node, "name", path, "bin name")
    if not name or len(name.encode()) > 15:
        raise ExpError(path, f"bin name {name!r} must be 1 to 15 bytes")
    return _raw_str(name)


def _children(node: Mapping[str, Any], path: str, name: str = "exprs") -> list[Any]:
    items = _field(node, name, path)
    if not isinstance(items, (list, tuple)):
        raise ExpError(path, f"{name!r} must be a list of expressions, got {type(items).__name__}")
    return list(items)


def compile_node(node: Any, path: str) -> bytes:
    """One description node (and its children) as wire bytes."""
    if not isinstance(node, Mapping):
        raise ExpError(path, f"expected an expression (a dict from aerospike_py.exp), got {type(node).__name__} "
                             f"({node!r:.60})")
    if type(node) is _Expr and node._wire is not None:
        return node._wire
    name = node.get("__expr__")
    compiler = _COMPILERS.get(name) if type(name) is str else None
    if compiler is None:
        raise ExpError(path, f"unknown expression {name!r}")
    wire = compiler(node, f"{path}.{name}" if path else str(name))
    if type(node) is _Expr:
        node._wire = wire
    return wire


def _operand(node: Any, path: str, label: str) -> bytes:
    return compile_node(node, f"{path}.{label}" if path else label)


def _register(*names: str) -> Callable[[Compiler], Compiler]:
    def deco(fn: Compiler) -> Compiler:
        for n in names:
            _COMPILERS[n] = fn
        return fn
    return deco


def _value_node(name: str, check: Callable[[Any], bool], what: str, pack: Callable[[Any, str], bytes]) -> None:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        value = _field(node, "val", path)
        if not check(value):
            raise ExpError(path, f"'val' must be {what}, got {type(value).__name__} ({value!r:.60})")
        return pack(value, path)
    _COMPILERS[name] = compiler


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _pack_int(v: Any, path: str) -> bytes:
    if not INT64_MIN <= v <= INT64_MAX:
        raise ExpError(path, f"integer {v} is outside the signed 64-bit range")
    return _int(int(v))


_value_node("int_val", _is_int, "an int", _pack_int)
_value_node("float_val", lambda v: isinstance(v, (float, int)) and not isinstance(v, bool), "a float",
            lambda v, p: _float(float(v)))
_value_node("string_val", lambda v: isinstance(v, str), "a str", lambda v, p: _typed(_BYTES_STRING, v.encode()))
_value_node("bool_val", lambda v: isinstance(v, bool), "a bool", lambda v, p: b"\xc3" if v else b"\xc2")
_value_node("blob_val", lambda v: isinstance(v, (bytes, bytearray, memoryview)), "bytes",
            lambda v, p: _typed(_BYTES_BLOB, bytes(v)))
_value_node("list_val", lambda v: isinstance(v, (list, tuple)), "a list",
            lambda v, p: _list_head(2) + _int(_QUOTE) + pack_value(v, p))
_value_node("map_val", lambda v: isinstance(v, Mapping), "a dict", pack_value)
_value_node("geo_val", lambda v: isinstance(v, (str, GeoJSON)), "a GeoJSON str",
            lambda v, p: _typed(_BYTES_GEOJSON, (v.dumps() if isinstance(v, GeoJSON) else v).encode()))
_COMPILERS["nil"] = lambda node, path: b"\xc0"
_COMPILERS["infinity"] = lambda node, path: _INF
_COMPILERS["wildcard"] = lambda node, path: _WILDCARD


def _bin(particle: int) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        return _list_head(3) + _int(_BIN) + _int(particle) + _bin_name(node, path)
    return compiler


for _name, _particle in _BIN_TYPES.items():
    _COMPILERS[_name] = _bin(_particle)


@_register("bin_type")
def _c_bin_type(node: Mapping[str, Any], path: str) -> bytes:
    return _list_head(2) + _int(_BIN_TYPE) + _bin_name(node, path)


@_register("bin_exists")
def _c_bin_exists(node: Mapping[str, Any], path: str) -> bytes:
    # bin_type(name) != 0, as the C client's as_exp_bin_exists.
    return _list_head(3) + _int(_CMP["ne"]) + _c_bin_type(node, path) + _int(0)


def _meta(code: int) -> Compiler:
    return lambda node, path: _list_head(1) + _int(code)


for _name, _code in _META.items():
    _COMPILERS[_name] = _meta(_code)
_COMPILERS["unknown"] = _meta(0)


@_register("key")
def _c_key(node: Mapping[str, Any], path: str) -> bytes:
    kind = _field(node, "exp_type", path)
    if not _is_int(kind) or kind not in _KEY_TYPES:
        raise ExpError(path, f"'exp_type' must be EXP_TYPE_INT, EXP_TYPE_STRING or EXP_TYPE_BLOB, got {kind!r}")
    return _list_head(2) + _int(_KEY) + _int(kind)


@_register("digest_modulo")
def _c_digest_modulo(node: Mapping[str, Any], path: str) -> bytes:
    mod = _field(node, "modulo", path)
    if not _is_int(mod) or not 0 < mod <= INT64_MAX:
        raise ExpError(path, f"'modulo' must be a positive int, got {mod!r}")
    return _list_head(2) + _int(_DIGEST_MODULO) + _int(mod)


def _binary(code: int) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        left = _operand(_field(node, "left", path), path, "left")
        right = _operand(_field(node, "right", path), path, "right")
        return _list_head(3) + _int(code) + left + right
    return compiler


for _name, _code in _CMP.items():
    _COMPILERS[_name] = _binary(_code)
_COMPILERS["geo_compare"] = _binary(_GEO)
_COMPILERS["in_list"] = _binary(9)


@_register("not")
def _c_not(node: Mapping[str, Any], path: str) -> bytes:
    return _list_head(2) + _int(_NOT) + _operand(_field(node, "expr", path), path, "expr")


def _unary(code: int) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        return _list_head(2) + _int(code) + _operand(_field(node, "expr", path), path, "expr")
    return compiler


# [101 | 102, map]: the keys / values of a map as a list (as_exp_map_keys_in / _values_in).
_COMPILERS["map_keys"] = _unary(101)
_COMPILERS["map_values"] = _unary(102)


def _variadic(code: int, minimum: int) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        items = _children(node, path)
        if len(items) < minimum:
            raise ExpError(path, f"needs at least {minimum} expression(s), got {len(items)}")
        body = b"".join(_operand(item, path, f"exprs[{i}]") for i, item in enumerate(items))
        return _list_head(len(items) + 1) + _int(code) + body
    return compiler


for _name, _code in _VARIADIC.items():
    _COMPILERS[_name] = _variadic(_code, 1)


def _fixed(code: int, count: int) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        items = _children(node, path)
        if len(items) != count:
            raise ExpError(path, f"takes {count} expression(s), got {len(items)}")
        body = b"".join(_operand(item, path, f"exprs[{i}]") for i, item in enumerate(items))
        return _list_head(count + 1) + _int(code) + body
    return compiler


for _name, (_code, _count) in _FIXED.items():
    _COMPILERS[_name] = _fixed(_code, _count)


@_register("regex_compare")
def _c_regex(node: Mapping[str, Any], path: str) -> bytes:
    regex = _text(node, "regex", path, "'regex'")
    flags = _field(node, "flags", path)
    if not _is_int(flags) or not 0 <= flags <= 15:
        raise ExpError(path, f"'flags' must be a combination of REGEX_* flags, got {flags!r}")
    target = _operand(_field(node, "bin", path), path, "bin")
    return _list_head(4) + _int(_REGEX) + _int(flags) + _raw_str(regex) + target


@_register("cond")
def _c_cond(node: Mapping[str, Any], path: str) -> bytes:
    items = _children(node, path)
    if len(items) < 3 or len(items) % 2 == 0:
        raise ExpError(path, f"needs condition/action pairs and a default (an odd count >= 3), got {len(items)}")
    body = b"".join(_operand(item, path, f"exprs[{i}]") for i, item in enumerate(items))
    return _list_head(len(items) + 1) + _int(_COND) + body


def _var_name(node: Mapping[str, Any], path: str) -> bytes:
    name = _text(node, "name", path, "variable name")
    if not name:
        raise ExpError(path, "variable name must not be empty")
    return _raw_str(name)


@_register("var")
def _c_var(node: Mapping[str, Any], path: str) -> bytes:
    return _list_head(2) + _int(_VAR) + _var_name(node, path)


@_register("def")
def _c_def(node: Mapping[str, Any], path: str) -> bytes:
    raise ExpError(path, "def_() is only valid as one of the first arguments of let_()")


@_register("let")
def _c_let(node: Mapping[str, Any], path: str) -> bytes:
    items = _children(node, path)
    if len(items) < 2:
        raise ExpError(path, "needs at least one def_() and a scope expression")
    parts: list[bytes] = []
    for i, item in enumerate(items[:-1]):
        where = f"{path}.exprs[{i}]"
        if not isinstance(item, Mapping) or item.get("__expr__") != "def":
            raise ExpError(where, "every argument of let_() but the last must be a def_()")
        parts.append(_var_name(item, where))
        parts.append(_operand(_field(item, "value", where), where, "value"))
    parts.append(_operand(items[-1], path, f"exprs[{len(items) - 1}]"))
    return _list_head(len(parts) + 1) + _int(_LET) + b"".join(parts)


# -- entry points ---------------------------------------------------------------


def _invalid(field: str, err: ExpError) -> _exc.InvalidArgError:
    where = f" at {err.path}" if err.path else ""
    return _exc.InvalidArgError(f"{field}: malformed expression{where}: {err.msg}", -2)


def compile_expression(expr: Any, field: str) -> bytes:
    """The wire bytes of ``expr``, compiled once per builder-made expression."""
    if type(expr) is _Expr:
        wire = expr._wire
        if wire is not None:
            return wire
    try:
        return compile_node(expr, "")
    except ExpError as err:
        raise _invalid(field, err) from None
    except RecursionError:
        raise _exc.InvalidArgError(f"{field}: expression is nested too deeply", -2) from None
    except UnicodeEncodeError as err:
        raise _exc.InvalidArgError(f"{field}: malformed expression: text that is not valid UTF-8: {err}", -2) from None


# Operation codes of aerospike_py.expression_operations (ASPY_OP_EXP_* in aspy.h).
OPERATOR_EXP_READ = 5001
OPERATOR_EXP_WRITE = 5002
EXP_OPERATORS = frozenset((OPERATOR_EXP_READ, OPERATOR_EXP_WRITE))
_READ_FLAGS = 16
_WRITE_FLAGS = 31


def encode_exp_operation(index: int, op: Mapping[str, Any]) -> tuple[int, Any, Any]:
    """An expression read/write operation dict as the (code, bin, (wire, flags)) entry the C layer takes."""
    code = op["op"]
    bin_name = op.get("bin")
    if type(bin_name) is not str or not bin_name or len(bin_name.encode()) > 15:
        raise _exc.InvalidArgError(f"operation {index}: 'bin' must be a bin name of 1 to 15 bytes, "
                                   f"got {bin_name!r}", -2)
    flags = op.get("expr_flags", 0)
    allowed = _READ_FLAGS if code == OPERATOR_EXP_READ else _WRITE_FLAGS
    if type(flags) is not int or flags & ~allowed or flags < 0:
        kind = "EXP_READ_*" if code == OPERATOR_EXP_READ else "EXP_WRITE_*"
        raise _exc.InvalidArgError(f"operation {index}: 'expr_flags' must be a combination of {kind} flags, "
                                   f"got {flags!r}", -2)
    if "expr" not in op:
        raise _exc.InvalidArgError(f"operation {index}: an expression operation needs an 'expr'", -2)
    wire = compile_expression(op["expr"], f"operation {index} 'expr'")
    return (code, bin_name, (wire, flags))


# -- list, map and bit reads: [call, result type, system, [op, params...] or [0xff, ctx, [...]], bin] ----

_CALL = 127
_SYS_CDT, _SYS_BITS = 0, 1
_CTX_EVAL = 0xFF
_TYPE_NIL, _TYPE_BOOL, _TYPE_INT, _TYPE_LIST, _TYPE_MAP, _TYPE_BLOB = 0, 1, 2, 4, 5, 6
_TYPE_AUTO = -1
_INVERTED = 0x10000
_CTX_KINDS = frozenset((0x10, 0x11, 0x13, 0x20, 0x21, 0x22, 0x23))
_CTX_INT_KINDS = frozenset((0x10, 0x11, 0x20, 0x21))
# Path contexts: every child / filter expression, AND-combined filter, map keys in.
_CTX_EXP, _CTX_AND_EXP, _CTX_KEYS_IN = 0x04, 0x204, 0x2A
_CTX_EXP_KINDS = frozenset((_CTX_EXP, _CTX_AND_EXP))
_CTX_PATH_KINDS = frozenset((_CTX_EXP, _CTX_AND_EXP, _CTX_KEYS_IN))


def _result_type(path: str, node: Mapping[str, Any], is_map: bool, multi: bool) -> tuple[int, int]:
    """(return type flag, expression type) as the C client's as_exp_get_list/map_type works them out."""
    rtype = _field(node, "return_type", path)
    if not _is_int(rtype):
        raise ExpError(path, f"'return_type' must be a {'MAP' if is_map else 'LIST'}_RETURN_* constant, got {rtype!r}")
    wanted = _field(node, "value_type", path) if "value_type" in node else _TYPE_AUTO
    if wanted != _TYPE_AUTO and (not _is_int(wanted) or not 0 <= wanted <= 9):
        raise ExpError(path, f"'value_type' must be an EXP_TYPE_* constant, got {wanted!r}")
    base = rtype & ~_INVERTED
    if base in (1, 2, 3, 4):  # index, reverse index, rank, reverse rank
        expected = _TYPE_LIST if multi else _TYPE_INT
    elif base == 5:  # count
        expected = _TYPE_INT
    elif base == 7 or (is_map and base == 6):  # value (or key)
        expected = _TYPE_LIST if multi else wanted
    elif is_map and base in (8, 16, 17):  # key-value, unordered/ordered map
        expected = _TYPE_MAP
    elif base == 13:  # exists
        expected = _TYPE_BOOL
    else:
        raise ExpError(path, f"'return_type' {rtype!r} cannot be used in an expression")
    if expected == _TYPE_AUTO or (wanted != _TYPE_AUTO and wanted != expected):
        raise ExpError(path, f"'value_type' {wanted!r} does not fit 'return_type' {rtype!r}")
    return rtype, expected


def _param(node: Mapping[str, Any], name: str, path: str) -> bytes:
    """An argument that is an expression, or a plain value sent as the C client's as_exp_val does."""
    value = _field(node, name, path)
    where = f"{path}.{name}"
    if isinstance(value, Mapping) and "__expr__" in value:
        return compile_node(value, where)
    if isinstance(value, (list, tuple)):
        return _list_head(2) + _int(_QUOTE) + pack_value(value, where)
    return pack_value(value, where)


def _bin_operand(node: Mapping[str, Any], path: str, accessor: str) -> bytes:
    target = _field(node, "bin", path)
    if isinstance(target, str):
        return _COMPILERS[accessor]({"__expr__": accessor, "name": target}, f"{path}.bin")
    return _operand(target, path, "bin")


def _ctx(node: Mapping[str, Any], path: str) -> bytes | None:
    items = node.get("ctx")
    if items is None:
        return None
    if not isinstance(items, (list, tuple)) or not items:
        raise ExpError(path, f"'ctx' must be a non-empty list of cdt_ctx items or None, got {items!r:.60}")
    parts = [_list_head(2 * len(items))]
    for i, item in enumerate(items):
        where = f"{path}.ctx[{i}]"
        if not isinstance(item, tuple) or len(item) != 2 or not _is_int(item[0]) or (
                item[0] & 0x3F not in _CTX_KINDS and item[0] not in _CTX_PATH_KINDS):
            raise ExpError(where, f"expected a cdt_ctx item (kind, value), got {item!r:.60}")
        kind, value = item
        if kind in _CTX_EXP_KINDS:
            # every child (true) or the filter expression itself, inline
            if value is None and kind == _CTX_EXP:
                parts.append(_int(kind) + b"\xc3")
            else:
                parts.append(_int(kind) + compile_node(value, f"{where}.filter"))
            continue
        if kind == _CTX_KEYS_IN and not isinstance(value, (list, tuple)):
            raise ExpError(where, f"map_keys_in needs a list of keys, got {value!r:.60}")
        if kind & 0x3F in _CTX_INT_KINDS and kind not in _CTX_PATH_KINDS and not _is_int(value):
            raise ExpError(where, f"index or rank must be an int, got {value!r:.60}")
        parts.append(_int(kind) + pack_value(value, where))
    return b"".join(parts)


def _call(rtype: int, system: int, op: bytes, args: list[bytes], ctx: bytes | None, target: bytes) -> bytes:
    body = _list_head(len(args) + 1) + op + b"".join(args)
    if ctx is not None:
        body = _list_head(3) + _int(_CTX_EVAL) + ctx + body
    return _list_head(5) + _int(_CALL) + _int(rtype) + _int(system) + body + target


def _cdt_read(code: int, params: tuple[str, ...], is_map: bool, multi: bool | None) -> Compiler:
    """multi None: the size function (no return type argument)."""
    accessor = "map_bin" if is_map else "list_bin"

    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        if multi is None:
            rtype, args = _TYPE_INT, []
        else:
            flag, rtype = _result_type(path, node, is_map, multi)
            args = [_int(flag)]
        args += [_param(node, p, path) for p in params]
        return _call(rtype, _SYS_CDT, _int(code), args, _ctx(node, path), _bin_operand(node, path, accessor))
    return compiler


_LIST_READS: dict[str, tuple[int, tuple[str, ...], bool | None]] = {
    "list_size": (16, (), None),
    "list_get_by_value": (22, ("value",), True),
    "list_get_by_value_range": (25, ("value_begin", "value_end"), True),
    "list_get_by_value_list": (23, ("value",), True),
    "list_get_by_index": (19, ("index",), False),
    "list_get_by_index_range_to_end": (24, ("index",), True),
    "list_get_by_index_range": (24, ("index", "count"), True),
    "list_get_by_rank": (21, ("rank",), False),
    "list_get_by_rank_range_to_end": (26, ("rank",), True),
    "list_get_by_rank_range": (26, ("rank", "count"), True),
}
_MAP_READS: dict[str, tuple[int, tuple[str, ...], bool | None]] = {
    "map_size": (96, (), None),
    "map_get_by_key": (97, ("key",), False),
    "map_get_by_key_range": (103, ("key_begin", "key_end"), True),
    "map_get_by_key_list": (107, ("keys",), True),
    "map_get_by_value": (102, ("value",), True),
    "map_get_by_value_range": (105, ("value_begin", "value_end"), True),
    "map_get_by_value_list": (108, ("values",), True),
    "map_get_by_index": (98, ("index",), False),
    "map_get_by_index_range_to_end": (104, ("index",), True),
    "map_get_by_index_range": (104, ("index", "count"), True),
    "map_get_by_rank": (100, ("rank",), False),
    "map_get_by_rank_range_to_end": (106, ("rank",), True),
    "map_get_by_rank_range": (106, ("rank", "count"), True),
}
for _name, (_code, _params, _multi) in _LIST_READS.items():
    _COMPILERS[_name] = _cdt_read(_code, _params, False, _multi)
for _name, (_code, _params, _multi) in _MAP_READS.items():
    _COMPILERS[_name] = _cdt_read(_code, _params, True, _multi)


def _bit_read(code: int, rtype: int, params: tuple[str, ...]) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        args = [_param(node, p, path) for p in params]
        if code == 54:  # get_int: the sign flag is always sent
            sign = _field(node, "sign", path)
            if not isinstance(sign, (bool, int)):
                raise ExpError(path, f"'sign' must be a bool, got {sign!r}")
            args.append(_int(1 if sign else 0))
        return _call(rtype, _SYS_BITS, _int(code), args, None, _bin_operand(node, path, "blob_bin"))
    return compiler


_COMPILERS["bit_get"] = _bit_read(50, _TYPE_BLOB, ("bit_offset", "bit_size"))
_COMPILERS["bit_count"] = _bit_read(51, _TYPE_INT, ("bit_offset", "bit_size"))
_COMPILERS["bit_lscan"] = _bit_read(52, _TYPE_INT, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_rscan"] = _bit_read(53, _TYPE_INT, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_get_int"] = _bit_read(54, _TYPE_INT, ("bit_offset", "bit_size"))

_SYS_HLL = 2
_TYPE_FLOAT, _TYPE_HLL = 7, 9


def _hll_read(code: int, rtype: int, params: tuple[str, ...]) -> Compiler:
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        args = []
        for p in params:
            values = _field(node, p, path)
            if not (isinstance(values, Mapping) and "__expr__" in values) and (
                    not isinstance(values, (list, tuple)) or not all(isinstance(v, HLL) for v in values)):
                raise ExpError(path, f"{p!r} must be a list of HLL values, got {values!r:.60}")
            args.append(_param(node, p, path))
        return _call(rtype, _SYS_HLL, _int(code), args, None, _bin_operand(node, path, "hll_bin"))
    return compiler


_COMPILERS["hll_get_count"] = _hll_read(50, _TYPE_INT, ())
_COMPILERS["hll_get_union"] = _hll_read(51, _TYPE_HLL, ("values",))
_COMPILERS["hll_get_union_count"] = _hll_read(52, _TYPE_INT, ("values",))
_COMPILERS["hll_get_intersect_count"] = _hll_read(53, _TYPE_INT, ("values",))
_COMPILERS["hll_get_similarity"] = _hll_read(54, _TYPE_FLOAT, ("values",))
_COMPILERS["hll_describe"] = _hll_read(55, _TYPE_LIST, ())


def _hll_may_contain(node: Mapping[str, Any], path: str) -> bytes:
    values = _field(node, "values", path)
    if not (isinstance(values, Mapping) and "__expr__" in values) and not isinstance(values, (list, tuple)):
        raise ExpError(path, f"'values' must be a list, got {values!r:.60}")
    return _call(_TYPE_INT, _SYS_HLL, _int(56), [_param(node, "values", path)], None,
                 _bin_operand(node, path, "hll_bin"))


_COMPILERS["hll_may_contain"] = _hll_may_contain


# -- list and map modifications: [call, bin type, CDT | modify-local, [op, params..., policy...], bin] ----

_MODIFY_LOCAL = 0x40
_LIST_ORDERS = (0, 1)
_MAP_ORDERS = (0, 1, 3)


def _policy(node: Mapping[str, Any], path: str, is_map: bool, style: str) -> list[bytes]:
    """The policy words a modification appends: (order, flags) to create, (flags) to modify."""
    policy = node.get("policy")
    if policy is None:
        return []
    allowed = ("order", "write_mode", "flags") if is_map else ("order", "flags")
    if not isinstance(policy, Mapping) or any(k not in allowed for k in policy):
        raise ExpError(path, f"'policy' must be a dict with {', '.join(allowed)}, got {policy!r:.60}")
    order = policy.get("order", 0)
    flags = policy.get("flags", 0)
    mode = policy.get("write_mode", 0)
    if not _is_int(order) or order not in (_MAP_ORDERS if is_map else _LIST_ORDERS):
        raise ExpError(path, f"'policy.order' {order!r} is not a {'MAP' if is_map else 'LIST'}_*ORDERED constant")
    if not _is_int(flags) or not _is_int(mode) or flags < 0 or mode < 0:
        raise ExpError(path, f"'policy' write flags must be non-negative ints, got {policy!r:.60}")
    if is_map and style == "modify":
        # map increment takes the order to create the map with, as the operation does
        # (the server reads no write flags there)
        return [_int(order)]
    words = [_int(order)] if style == "create" else []
    return words + [_int(flags | mode)]


def _bin_type(node: Mapping[str, Any], is_map: bool) -> int:
    """Type of what a modification returns: the bin, a list or map as its first context says."""
    items = node.get("ctx")
    if isinstance(items, (list, tuple)) and items and isinstance(items[0], tuple) and _is_int(items[0][0]):
        return _TYPE_LIST if items[0][0] & 0x10 else _TYPE_MAP
    return _TYPE_MAP if is_map else _TYPE_LIST


def _cdt_modify(code: int, params: tuple[str, ...], is_map: bool, rtype: str, style: str) -> Compiler:
    """rtype: "none" (RETURN_NONE first), "inverted" (NONE or INVERTED first), "" (no return type).

    style: "create" or "modify" when a policy may follow, "" otherwise.
    """
    accessor = "map_bin" if is_map else "list_bin"

    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        args: list[bytes] = []
        if rtype == "none":
            args.append(_int(0))
        elif rtype == "inverted":
            inverted = node.get("inverted", False)
            if not isinstance(inverted, bool):
                raise ExpError(path, f"'inverted' must be a bool, got {inverted!r}")
            args.append(_int(_INVERTED if inverted else 0))
        for p in params:
            if p == "order":
                order = _field(node, p, path)
                if not _is_int(order) or order < 0:
                    raise ExpError(path, f"'order' must be LIST_SORT_* flags, got {order!r}")
                args.append(_int(order))
            else:
                args.append(_param(node, p, path))
        if style:
            args += _policy(node, path, is_map, style)
        target = _bin_operand(node, path, accessor)
        return _call(_bin_type(node, is_map), _SYS_CDT | _MODIFY_LOCAL, _int(code), args, _ctx(node, path), target)
    return compiler


_MODIFIES: dict[str, tuple[int, tuple[str, ...], bool, str, str]] = {
    "list_append": (1, ("value",), False, "", "create"),
    "list_append_items": (2, ("values",), False, "", "create"),
    "list_insert": (3, ("index", "value"), False, "", "modify"),
    "list_insert_items": (4, ("index", "values"), False, "", "modify"),
    "list_set": (9, ("index", "value"), False, "", "modify"),
    "list_increment": (12, ("index", "value"), False, "", "create"),
    "list_clear": (11, (), False, "", ""),
    "list_sort": (13, ("order",), False, "", ""),
    "list_remove_by_value": (35, ("value",), False, "inverted", ""),
    "list_remove_by_value_list": (36, ("values",), False, "inverted", ""),
    "list_remove_by_value_range": (38, ("begin", "end"), False, "inverted", ""),
    "list_remove_by_index": (32, ("index",), False, "none", ""),
    "list_remove_by_index_range": (37, ("index", "count"), False, "inverted", ""),
    "list_remove_by_index_range_to_end": (37, ("index",), False, "inverted", ""),
    "list_remove_by_rank": (34, ("rank",), False, "none", ""),
    "list_remove_by_rank_range": (39, ("rank", "count"), False, "inverted", ""),
    "list_remove_by_rank_range_to_end": (39, ("rank",), False, "inverted", ""),
    "map_put": (67, ("key", "value"), True, "", "create"),
    "map_put_items": (68, ("map",), True, "", "create"),
    "map_increment": (73, ("key", "value"), True, "", "modify"),
    "map_clear": (75, (), True, "", ""),
    "map_remove_by_key": (76, ("key",), True, "none", ""),
    "map_remove_by_key_list": (81, ("keys",), True, "inverted", ""),
    "map_remove_by_key_range": (84, ("begin", "end"), True, "inverted", ""),
    "map_remove_by_value": (82, ("value",), True, "inverted", ""),
    "map_remove_by_value_list": (83, ("values",), True, "inverted", ""),
    "map_remove_by_value_range": (86, ("begin", "end"), True, "inverted", ""),
    "map_remove_by_index": (77, ("index",), True, "none", ""),
    "map_remove_by_index_range": (85, ("index", "count"), True, "inverted", ""),
    "map_remove_by_index_range_to_end": (85, ("index",), True, "inverted", ""),
    "map_remove_by_rank": (79, ("rank",), True, "none", ""),
    "map_remove_by_rank_range": (87, ("rank", "count"), True, "inverted", ""),
    "map_remove_by_rank_range_to_end": (87, ("rank",), True, "inverted", ""),
}
for _name, (_code, _params, _is_map, _rtype, _style) in _MODIFIES.items():
    _COMPILERS[_name] = _cdt_modify(_code, _params, _is_map, _rtype, _style)


def _bit_flags(node: Mapping[str, Any], path: str) -> bytes:
    policy = node.get("policy")
    if isinstance(policy, Mapping):
        if any(k not in ("bit_write_flags", "flags") for k in policy):
            raise ExpError(path, f"'policy' must be BIT_WRITE_* flags or {{'bit_write_flags': n}}, got {policy!r:.60}")
        policy = policy.get("bit_write_flags", policy.get("flags", 0))
    flags = 0 if policy is None else policy
    if not _is_int(flags) or flags < 0:
        raise ExpError(path, f"'policy' must be BIT_WRITE_* flags, got {flags!r}")
    return _int(flags)


def _bit_modify(code: int, params: tuple[str, ...], trailing: tuple[str, ...] = ()) -> Compiler:
    """[op, params..., policy flags, trailing ints...] on the blob bin, returned modified."""
    def compiler(node: Mapping[str, Any], path: str) -> bytes:
        args = [_param(node, p, path) for p in params] + [_bit_flags(node, path)]
        for name in trailing:
            value = _field(node, name, path)
            if not _is_int(value) or value < 0:
                raise ExpError(path, f"{name!r} must be a non-negative int, got {value!r}")
            args.append(_int(value))
        return _call(_TYPE_BLOB, _SYS_BITS | _MODIFY_LOCAL, _int(code), args, None,
                     _bin_operand(node, path, "blob_bin"))
    return compiler


_COMPILERS["bit_resize"] = _bit_modify(0, ("byte_size",), ("flags",))
_COMPILERS["bit_insert"] = _bit_modify(1, ("byte_offset", "value"))
_COMPILERS["bit_remove"] = _bit_modify(2, ("byte_offset", "byte_size"))
_COMPILERS["bit_set"] = _bit_modify(3, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_or"] = _bit_modify(4, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_xor"] = _bit_modify(5, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_and"] = _bit_modify(6, ("bit_offset", "bit_size", "value"))
_COMPILERS["bit_not"] = _bit_modify(7, ("bit_offset", "bit_size"))
_COMPILERS["bit_lshift"] = _bit_modify(8, ("bit_offset", "bit_size", "shift"))
_COMPILERS["bit_rshift"] = _bit_modify(9, ("bit_offset", "bit_size", "shift"))
_COMPILERS["bit_add"] = _bit_modify(10, ("bit_offset", "bit_size", "value"), ("action",))
_COMPILERS["bit_subtract"] = _bit_modify(11, ("bit_offset", "bit_size", "value"), ("action",))
_COMPILERS["bit_set_int"] = _bit_modify(12, ("bit_offset", "bit_size", "value"))


def _hll_flags(node: Mapping[str, Any], path: str) -> bytes:
    policy = node.get("policy")
    if isinstance(policy, Mapping):
        if any(k != "flags" for k in policy):
            raise ExpError(path, f"'policy' must be HLL_WRITE_* flags or {{'flags': n}}, got {policy!r:.60}")
        policy = policy.get("flags", 0)
    flags = 0 if policy is None else policy
    if not _is_int(flags) or flags < 0:
        raise ExpError(path, f"'policy' must be HLL_WRITE_* flags, got {flags!r}")
    return _int(flags)


def _bit_count_arg(node: Mapping[str, Any], name: str, path: str) -> bytes:
    value = node.get(name, -1)
    if isinstance(value, Mapping) and "__expr__" in value:
        return compile_node(value, f"{path}.{name}")
    if not _is_int(value) or value < -1:
        raise ExpError(path, f"{name!r} must be an int (-1: keep the bin's), got {value!r}")
    return _int(value)


@_register("hll_init")
def _c_hll_init(node: Mapping[str, Any], path: str) -> bytes:
    args = [_bit_count_arg(node, "index_bit_count", path), _bit_count_arg(node, "minhash_bit_count", path),
            _hll_flags(node, path)]
    return _call(_TYPE_HLL, _SYS_HLL | _MODIFY_LOCAL, _int(0), args, None, _bin_operand(node, path, "hll_bin"))


@_register("hll_add")
def _c_hll_add(node: Mapping[str, Any], path: str) -> bytes:
    values = _field(node, "values", path)
    if not (isinstance(values, Mapping) and "__expr__" in values) and not isinstance(values, (list, tuple)):
        raise ExpError(path, f"'values' must be a list, got {values!r:.60}")
    args = [_param(node, "values", path), _bit_count_arg(node, "index_bit_count", path),
            _bit_count_arg(node, "minhash_bit_count", path), _hll_flags(node, path)]
    return _call(_TYPE_HLL, _SYS_HLL | _MODIFY_LOCAL, _int(1), args, None, _bin_operand(node, path, "hll_bin"))


_REL_READS: dict[str, tuple[int, tuple[str, ...], bool]] = {
    "list_get_by_value_rel_rank_range": (27, ("value", "rank", "count"), False),
    "list_get_by_value_rel_rank_range_to_end": (27, ("value", "rank"), False),
    "map_get_by_key_rel_index_range": (109, ("key", "index", "count"), True),
    "map_get_by_key_rel_index_range_to_end": (109, ("key", "index"), True),
    "map_get_by_value_rel_rank_range": (110, ("value", "rank", "count"), True),
    "map_get_by_value_rel_rank_range_to_end": (110, ("value", "rank"), True),
}
for _name, (_code, _params, _is_map) in _REL_READS.items():
    _COMPILERS[_name] = _cdt_read(_code, _params, _is_map, True)

_REL_REMOVES: dict[str, tuple[int, tuple[str, ...], bool]] = {
    "list_remove_by_value_rel_rank_range": (40, ("value", "rank", "count"), False),
    "list_remove_by_value_rel_rank_range_to_end": (40, ("value", "rank"), False),
    "map_remove_by_key_rel_index_range": (88, ("key", "index", "count"), True),
    "map_remove_by_key_rel_index_range_to_end": (88, ("key", "index"), True),
    "map_remove_by_value_rel_rank_range": (89, ("value", "rank", "count"), True),
    "map_remove_by_value_rel_rank_range_to_end": (89, ("value", "rank"), True),
}
for _name, (_code, _params, _is_map) in _REL_REMOVES.items():
    _COMPILERS[_name] = _cdt_modify(_code, _params, _is_map, "inverted", "")


# -- path expressions: [call, type, CDT (| modify-local), [0xfe, ctx, flags (, mod exp)], bin] ----

_LOOPVAR, _REMOVE_RESULT, _CTX_SELECT = 122, 100, 0xFE
_PATH_MODIFY_APPLY = 4


@_register("loopvar")
def _c_loopvar(node: Mapping[str, Any], path: str) -> bytes:
    kind = _field(node, "exp_type", path)
    var_id = _field(node, "var_id", path)
    if not _is_int(kind) or not 0 <= kind <= 9:
        raise ExpError(path, f"'exp_type' must be an EXP_TYPE_* constant, got {kind!r}")
    if not _is_int(var_id) or not 0 <= var_id <= 0xFFFF:
        raise ExpError(path, f"'var_id' must be a LOOPVAR_* constant, got {var_id!r}")
    return _list_head(3) + _int(_LOOPVAR) + _int(kind) + _int(var_id)


_COMPILERS["remove_result"] = lambda node, path: _list_head(1) + _int(_REMOVE_RESULT)


def _path_args(node: Mapping[str, Any], path: str) -> tuple[int, bytes, int, bytes]:
    """(value type, packed ctx, flags, bin) shared by select_by_path and modify_by_path."""
    rtype = _field(node, "value_type", path)
    if not _is_int(rtype) or not 0 <= rtype <= 9:
        raise ExpError(path, f"'value_type' must be an EXP_TYPE_* constant, got {rtype!r}")
    flags = _field(node, "flags", path)
    if not _is_int(flags) or not 0 <= flags <= 0xFFFFFFFF:
        raise ExpError(path, f"'flags' must be PATH_* flags, got {flags!r}")
    ctx = _ctx(node, path) if node.get("ctx") is not None else None
    if ctx is None:
        raise ExpError(path, "'ctx' must be a non-empty list of cdt_ctx items")
    return rtype, ctx, flags, _operand(_field(node, "bin", path), path, "bin")


@_register("select_by_path")
def _c_select_by_path(node: Mapping[str, Any], path: str) -> bytes:
    rtype, ctx, flags, target = _path_args(node, path)
    body = _list_head(3) + _int(_CTX_SELECT) + ctx + _int(flags)
    return _list_head(5) + _int(_CALL) + _int(rtype) + _int(_SYS_CDT) + body + target


@_register("modify_by_path")
def _c_modify_by_path(node: Mapping[str, Any], path: str) -> bytes:
    rtype, ctx, flags, target = _path_args(node, path)
    mod = _operand(_field(node, "mod_exp", path), path, "mod_exp")
    body = _list_head(4) + _int(_CTX_SELECT) + ctx + _int(flags | _PATH_MODIFY_APPLY) + mod
    return _list_head(5) + _int(_CALL) + _int(rtype) + _int(_SYS_CDT | _MODIFY_LOCAL) + body + target
