"""Secondary-index predicates for ``Query.where()``.

Each helper returns a plain tuple ``(name, bin, ...)``; the query checks it
when ``where()`` is called, so a bad predicate fails there, naming the value.

    from aerospike_py import predicates as p
    query.where(p.between("age", 18, 65))

Each takes an optional ``ctx=[...]`` (from :mod:`aerospike_py.cdt_ctx`) to
match a value nested inside the bin, as indexed by ``index_create(...,
ctx=...)``; it is appended to the tuple as a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from aerospike_py.cdt_ctx import CDTContext

__all__ = [
    "equals",
    "between",
    "contains",
    "geo_within_geojson_region",
    "geo_within_radius",
    "geo_contains_geojson_point",
]


Ctx = Optional[Sequence[CDTContext]]


def _with_ctx(predicate: tuple[Any, ...], ctx: Ctx) -> tuple[Any, ...]:
    return predicate if ctx is None else (*predicate, list(ctx))


def equals(bin_name: str, val: Any, *, ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose ``bin_name`` equals ``val`` (int, str or bytes)."""
    return _with_ctx(("equals", bin_name, val), ctx)


def between(bin_name: str, min_val: Any, max_val: Any, *, ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose integer ``bin_name`` lies in ``[min_val, max_val]``."""
    return _with_ctx(("between", bin_name, min_val, max_val), ctx)


def contains(bin_name: str, index_type: int, val: Any, *, ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose list/map ``bin_name`` contains ``val`` (INDEX_TYPE_LIST, _MAPKEYS, _MAPVALUES)."""
    return _with_ctx(("contains", bin_name, index_type, val), ctx)


def geo_within_geojson_region(bin_name: str, geojson: str, *, ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose GeoJSON point in ``bin_name`` lies inside the region ``geojson``."""
    return _with_ctx(("geo_within_geojson_region", bin_name, geojson), ctx)


def geo_within_radius(bin_name: str, lat: float, lng: float, radius: float, *,
                      ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose GeoJSON point lies within ``radius`` metres of (``lat``, ``lng``)."""
    return _with_ctx(("geo_within_radius", bin_name, lat, lng, radius), ctx)


def geo_contains_geojson_point(bin_name: str, geojson: str, *, ctx: Ctx = None) -> tuple[Any, ...]:
    """Records whose GeoJSON region in ``bin_name`` contains the point ``geojson``."""
    return _with_ctx(("geo_contains_geojson_point", bin_name, geojson), ctx)
