"""The official ``aerospike.predicates``: the same calls, building this client's predicate tuples."""

from __future__ import annotations

import json
from typing import Any, Optional

from aerospike_py import predicates as _p
from aerospike_py.legacy.exception import param_error


def _text(geo: Any) -> str:
    return geo if isinstance(geo, str) else geo.dumps()


def equals(bin: Optional[str], val: Any) -> tuple[Any, ...]:
    return _p.equals(bin, val)  # type: ignore[arg-type]


def between(bin: Optional[str], min: int, max: int) -> tuple[Any, ...]:
    return _p.between(bin, min, max)  # type: ignore[arg-type]


def contains(bin: Optional[str], index_type: int, val: Any) -> tuple[Any, ...]:
    return _p.contains(bin, index_type, val)  # type: ignore[arg-type]


def range(bin: Optional[str], index_type: int, min: int, max: int) -> tuple[Any, ...]:
    """``between`` on the items of a list or map bin (``index_type`` is INDEX_TYPE_*)."""
    if index_type != 0:
        raise param_error("predicates.range on list or map items is not supported by aerospike_py.legacy")
    return _p.between(bin, min, max)  # type: ignore[arg-type]


def geo_within_geojson_region(bin: Optional[str], shape: Any, index_type: int = 0) -> tuple[Any, ...]:
    return _p.geo_within_geojson_region(bin, _text(shape))  # type: ignore[arg-type]


def geo_within_radius(bin: Optional[str], long: float, lat: float, radius_meters: float,
                      index_type: int = 0) -> tuple[Any, ...]:
    region = json.dumps({"type": "AeroCircle", "coordinates": [[long, lat], radius_meters]})
    return _p.geo_within_geojson_region(bin, region)  # type: ignore[arg-type]


def geo_contains_geojson_point(bin: Optional[str], point: Any, index_type: int = 0) -> tuple[Any, ...]:
    return _p.geo_contains_geojson_point(bin, _text(point))  # type: ignore[arg-type]


def geo_contains_point(bin: Optional[str], long: float, lat: float, index_type: int = 0) -> tuple[Any, ...]:
    point = json.dumps({"type": "Point", "coordinates": [long, lat]})
    return _p.geo_contains_geojson_point(bin, point)  # type: ignore[arg-type]
