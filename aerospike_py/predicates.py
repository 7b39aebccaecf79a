"""Secondary-index predicates for ``Query.where()``.

Each helper returns a plain tuple ``(name, bin, ...)``; the query checks it
when ``where()`` is called, so a bad predicate fails there, naming the value.

    from aerospike_py import predicates as p
    query.where(p.between("age", 18, 65))
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "equals",
    "between",
    "contains",
    "geo_within_geojson_region",
    "geo_within_radius",
    "geo_contains_geojson_point",
]


def equals(bin_name: str, val: Any) -> tuple[str, str, Any]:
    """Records whose ``bin_name`` equals ``val`` (int, str or bytes)."""
    return ("equals", bin_name, val)


def between(bin_name: str, min_val: Any, max_val: Any) -> tuple[str, str, Any, Any]:
    """Records whose integer ``bin_name`` lies in ``[min_val, max_val]``."""
    return ("between", bin_name, min_val, max_val)


def contains(bin_name: str, index_type: int, val: Any) -> tuple[str, str, int, Any]:
    """Records whose list/map ``bin_name`` contains ``val`` (INDEX_TYPE_LIST, _MAPKEYS, _MAPVALUES)."""
    return ("contains", bin_name, index_type, val)


def geo_within_geojson_region(bin_name: str, geojson: str) -> tuple[str, str, str]:
    """Records whose GeoJSON point in ``bin_name`` lies inside the region ``geojson``."""
    return ("geo_within_geojson_region", bin_name, geojson)


def geo_within_radius(bin_name: str, lat: float, lng: float, radius: float) -> tuple[str, str, float, float, float]:
    """Records whose GeoJSON point lies within ``radius`` metres of (``lat``, ``lng``)."""
    return ("geo_within_radius", bin_name, lat, lng, radius)


def geo_contains_geojson_point(bin_name: str, geojson: str) -> tuple[str, str, str]:
    """Records whose GeoJSON region in ``bin_name`` contains the point ``geojson``."""
    return ("geo_contains_geojson_point", bin_name, geojson)
