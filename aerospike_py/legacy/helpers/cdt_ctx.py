"""Nested-value contexts (``aerospike_helpers.cdt_ctx``): objects with ``id``, ``value`` and ``extra_args``."""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy import _constants as C

# Keys of a context item's ``extra_args`` (the official module's names for them).
CDT_CTX_ORDER_KEY = "order_key"
CDT_CTX_PAD_KEY = "pad_key"



class _cdt_ctx:
    """One step into a nested list or map."""

    def __init__(self, *, id: int, value: Any = None, extra_args: Optional[dict[str, Any]] = None) -> None:
        self.id = id
        self.value = value
        self.extra_args = extra_args

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _cdt_ctx) and (self.id, self.value, self.extra_args)
                == (other.id, other.value, other.extra_args))

    def __repr__(self) -> str:
        return f"cdt_ctx(id={self.id}, value={self.value!r}, extra_args={self.extra_args!r})"


def cdt_ctx_list_index(index: int) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_LIST_INDEX, value=index)


def cdt_ctx_list_rank(rank: int) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_LIST_RANK, value=rank)


def cdt_ctx_list_value(value: Any) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_LIST_VALUE, value=value)


def cdt_ctx_list_index_create(index: int, order: int = 0, pad: bool = False) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_LIST_INDEX_CREATE, value=index, extra_args={"order_key": order, "pad_key": pad})


def cdt_ctx_map_index(index: int) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_MAP_INDEX, value=index)


def cdt_ctx_map_rank(rank: int) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_MAP_RANK, value=rank)


def cdt_ctx_map_key(key: Any) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_MAP_KEY, value=key)


def cdt_ctx_map_value(value: Any) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_MAP_VALUE, value=value)


def cdt_ctx_map_key_create(key: Any, order: int = 0) -> _cdt_ctx:
    return _cdt_ctx(id=C.CDT_CTX_MAP_KEY_CREATE, value=key, extra_args={"order_key": order})


def cdt_ctx_all_children() -> _cdt_ctx:
    """Every child of the current list or map (path operations and expressions)."""
    return _cdt_ctx(id=C._AS_CDT_CTX_EXP)


def cdt_ctx_all_children_with_filter(expression: Any) -> _cdt_ctx:
    """The children for which the compiled boolean ``expression`` (using ``LoopVar*``) is true."""
    return _cdt_ctx(id=C._AS_CDT_CTX_EXP, extra_args={C._CDT_CTX_FILTER_EXPR_KEY: expression})


def cdt_ctx_and_filter(expression: Any) -> _cdt_ctx:
    """Narrows the previous context item (e.g. ``cdt_ctx_map_keys_in``) with a compiled boolean expression."""
    return _cdt_ctx(id=C._AS_CDT_CTX_AND | C._AS_CDT_CTX_EXP,
                    extra_args={C._CDT_CTX_FILTER_EXPR_KEY: expression})


def cdt_ctx_map_keys_in(keys: list[Any]) -> _cdt_ctx:
    """The entries of the current map whose key is in ``keys`` (missing keys are skipped)."""
    return _cdt_ctx(id=C._AS_CDT_CTX_MAP_KEYS_IN, value=keys)


def index_datatype_string(index_datatype: int) -> str:
    """An ``INDEX_*`` datatype constant as the server's name for it ("invalid" when unknown)."""
    from aerospike_py.legacy import _constants as C
    names = {C.INDEX_NUMERIC: "numeric", C.INDEX_STRING: "string", C.INDEX_GEO2DSPHERE: "geo2dsphere"}
    return names.get(index_datatype, "invalid")


def index_type_string(index_type: int) -> str:
    """An ``INDEX_TYPE_*`` constant as the server's name for it ("invalid" when unknown)."""
    from aerospike_py.legacy import _constants as C
    names = {C.INDEX_TYPE_DEFAULT: "default", C.INDEX_TYPE_LIST: "list", C.INDEX_TYPE_MAPKEYS: "mapkeys",
             C.INDEX_TYPE_MAPVALUES: "mapvalues"}
    return names.get(index_type, "invalid")
