"""The exp module's surface: builder names, signatures and the description each returns.

The expected descriptions are what ``aerospike-py`` 0.14.4 returns for the
same calls, so code that inspects or builds expressions by hand keeps working.
No server or compiled module needed, except the wire checks at the end.
"""

from __future__ import annotations

import inspect
import pickle

import pytest

from aerospike_py import exp

CONTRACT = {
    'and_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'and', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'bin_exists': (['n'], {'__expr__': 'bin_exists', 'name': 'n'}),
    'bin_type': (['n'], {'__expr__': 'bin_type', 'name': 'n'}),
    'blob_bin': (['n'], {'__expr__': 'blob_bin', 'name': 'n'}),
    'blob_val': ([b'x'], {'__expr__': 'blob_val', 'val': b'x'}),
    'bool_bin': (['n'], {'__expr__': 'bool_bin', 'name': 'n'}),
    'bool_val': ([True], {'__expr__': 'bool_val', 'val': True}),
    'cond': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'cond', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'def_': (['n', {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'def', 'name': 'n', 'value': {'__expr__': 'int_val', 'val': 1}}),
    'digest_modulo': ([2], {'__expr__': 'digest_modulo', 'modulo': 2}),
    'eq': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'eq', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'float_bin': (['n'], {'__expr__': 'float_bin', 'name': 'n'}),
    'float_val': ([1.5], {'__expr__': 'float_val', 'val': 1.5}),
    'ge': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'ge', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'geo_bin': (['n'], {'__expr__': 'geo_bin', 'name': 'n'}),
    'geo_compare': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'geo_compare', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'geo_val': (['{}'], {'__expr__': 'geo_val', 'val': '{}'}),
    'gt': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'gt', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'hll_bin': (['n'], {'__expr__': 'hll_bin', 'name': 'n'}),
    'infinity': ([], {'__expr__': 'infinity'}),
    'int_and': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'int_and', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'int_arshift': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_arshift', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'int_bin': (['n'], {'__expr__': 'int_bin', 'name': 'n'}),
    'int_count': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_count', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'int_lscan': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_lscan', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'int_lshift': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_lshift', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'int_not': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_not', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'int_or': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'int_or', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'int_rscan': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_rscan', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'int_rshift': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'int_rshift', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'int_val': ([5], {'__expr__': 'int_val', 'val': 5}),
    'int_xor': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'int_xor', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'is_tombstone': ([], {'__expr__': 'is_tombstone'}),
    'key': ([2], {'__expr__': 'key', 'exp_type': 2}),
    'key_exists': ([], {'__expr__': 'key_exists'}),
    'last_update': ([], {'__expr__': 'last_update'}),
    'le': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'le', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'let_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'let', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'list_bin': (['n'], {'__expr__': 'list_bin', 'name': 'n'}),
    'list_val': ([[1]], {'__expr__': 'list_val', 'val': [1]}),
    'lt': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'lt', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'map_bin': (['n'], {'__expr__': 'map_bin', 'name': 'n'}),
    'map_val': ([{'k': 1}], {'__expr__': 'map_val', 'val': {'k': 1}}),
    'max_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'max', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'min_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'min', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'ne': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'ne', 'left': {'__expr__': 'int_val', 'val': 1}, 'right': {'__expr__': 'int_val', 'val': 1}}),
    'nil': ([], {'__expr__': 'nil'}),
    'not_': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'not', 'expr': {'__expr__': 'int_val', 'val': 1}}),
    'num_abs': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_abs', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'num_add': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'num_add', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'num_ceil': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_ceil', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'num_div': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'num_div', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'num_floor': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_floor', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'num_log': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_log', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'num_mod': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_mod', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'num_mul': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'num_mul', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'num_pow': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'num_pow', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_val', 'val': 1}]}),
    'num_sub': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'num_sub', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'or_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'or', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
    'record_size': ([], {'__expr__': 'record_size'}),
    'regex_compare': (['r.*', 2, {'__expr__': 'int_val', 'val': 1}], {'__expr__': 'regex_compare', 'regex': 'r.*', 'flags': 2, 'bin': {'__expr__': 'int_val', 'val': 1}}),
    'set_name': ([], {'__expr__': 'set_name'}),
    'since_update': ([], {'__expr__': 'since_update'}),
    'string_bin': (['n'], {'__expr__': 'string_bin', 'name': 'n'}),
    'string_val': (['s'], {'__expr__': 'string_val', 'val': 's'}),
    'to_float': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'to_float', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'to_int': ([{'__expr__': 'int_val', 'val': 1}], {'__expr__': 'to_int', 'exprs': [{'__expr__': 'int_val', 'val': 1}]}),
    'ttl': ([], {'__expr__': 'ttl'}),
    'var': (['n'], {'__expr__': 'var', 'name': 'n'}),
    'void_time': ([], {'__expr__': 'void_time'}),
    'wildcard': ([], {'__expr__': 'wildcard'}),
    'xor_': ([{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}], {'__expr__': 'xor', 'exprs': [{'__expr__': 'int_val', 'val': 1}, {'__expr__': 'int_bin', 'name': 'b'}]}),
}

SIGNATURES = {
    'and_': ['*exprs'],
    'bin_exists': ['name'],
    'bin_type': ['name'],
    'blob_bin': ['name'],
    'blob_val': ['val'],
    'bool_bin': ['name'],
    'bool_val': ['val'],
    'cond': ['*exprs'],
    'def_': ['name', 'value'],
    'digest_modulo': ['modulo'],
    'eq': ['left', 'right'],
    'float_bin': ['name'],
    'float_val': ['val'],
    'ge': ['left', 'right'],
    'geo_bin': ['name'],
    'geo_compare': ['left', 'right'],
    'geo_val': ['val'],
    'gt': ['left', 'right'],
    'hll_bin': ['name'],
    'infinity': [],
    'int_and': ['*exprs'],
    'int_arshift': ['value', 'shift'],
    'int_bin': ['name'],
    'int_count': ['expr'],
    'int_lscan': ['value', 'search'],
    'int_lshift': ['value', 'shift'],
    'int_not': ['expr'],
    'int_or': ['*exprs'],
    'int_rscan': ['value', 'search'],
    'int_rshift': ['value', 'shift'],
    'int_val': ['val'],
    'int_xor': ['*exprs'],
    'is_tombstone': [],
    'key': ['exp_type'],
    'key_exists': [],
    'last_update': [],
    'le': ['left', 'right'],
    'let_': ['*exprs'],
    'list_bin': ['name'],
    'list_val': ['val'],
    'lt': ['left', 'right'],
    'map_bin': ['name'],
    'map_val': ['val'],
    'max_': ['*exprs'],
    'min_': ['*exprs'],
    'ne': ['left', 'right'],
    'nil': [],
    'not_': ['expr'],
    'num_abs': ['value'],
    'num_add': ['*exprs'],
    'num_ceil': ['num'],
    'num_div': ['*exprs'],
    'num_floor': ['num'],
    'num_log': ['num', 'base'],
    'num_mod': ['numerator', 'denominator'],
    'num_mul': ['*exprs'],
    'num_pow': ['base', 'exponent'],
    'num_sub': ['*exprs'],
    'or_': ['*exprs'],
    'record_size': [],
    'regex_compare': ['regex', 'flags', 'bin_expr'],
    'set_name': [],
    'since_update': [],
    'string_bin': ['name'],
    'string_val': ['val'],
    'to_float': ['num'],
    'to_int': ['num'],
    'ttl': [],
    'var': ['name'],
    'void_time': [],
    'wildcard': [],
    'xor_': ['*exprs'],
}
TYPES = {'EXP_TYPE_BLOB': 6, 'EXP_TYPE_BOOL': 1, 'EXP_TYPE_FLOAT': 7, 'EXP_TYPE_GEO': 8, 'EXP_TYPE_HLL': 9, 'EXP_TYPE_INT': 2, 'EXP_TYPE_LIST': 4, 'EXP_TYPE_MAP': 5, 'EXP_TYPE_NIL': 0, 'EXP_TYPE_STRING': 3}


def test_every_builder_and_constant_exists() -> None:
    for name in SIGNATURES:
        assert callable(getattr(exp, name)), name
    for name, value in TYPES.items():
        assert getattr(exp, name) == value


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature(name: str) -> None:
    params = [("*" if p.kind == p.VAR_POSITIONAL else "") + p.name
              for p in inspect.signature(getattr(exp, name)).parameters.values()]
    assert params == SIGNATURES[name]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_description(name: str) -> None:
    args, expected = CONTRACT[name]
    built = getattr(exp, name)(*args)
    assert built == expected
    assert isinstance(built, dict) and repr(built) == repr(expected)


def test_description_pickles_and_copies_as_dict() -> None:
    e = exp.and_(exp.eq(exp.int_bin("a"), exp.int_val(1)), exp.bin_exists("b"))
    assert pickle.loads(pickle.dumps(e)) == e
    assert dict(e) == e


def test_value_markers_are_sent_as_the_c_client_sends_them() -> None:
    from aerospike_py._exp_compile import compile_expression

    assert compile_expression(exp.infinity(), "f") == b"\xd4\xff\x01"
    assert compile_expression(exp.wildcard(), "f") == b"\xd4\xff\x00"
    assert compile_expression(exp.nil(), "f") == b"\xc0"
    # [ne, [bin_type, "a"], 0] as as_exp_bin_exists builds it
    assert compile_expression(exp.bin_exists("a"), "f") == b"\x93\x02\x92\x52\xa1a\x00"
    # list constants are quoted; strings carry their particle type
    assert compile_expression(exp.list_val(["x"]), "f") == b"\x92\x7e\x91\xa2\x03x"
