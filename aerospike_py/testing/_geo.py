"""GeoJSON predicates for geo queries and the geo-compare expression.

The server answers these with S2 cell coverings; here the shapes are tested
directly: points against polygons (ray casting on longitude/latitude, which
agrees with the server for the small regions tests use) and against
``AeroCircle`` regions (great-circle distance). A query region matches point
bins inside it ("within"); a query point matches region bins containing it
("contains").
"""

from __future__ import annotations

import json
import math
from typing import Any

EARTH_RADIUS_M = 6371008.8


def parse(text: str) -> dict[str, Any] | None:
    """A GeoJSON object, or None if the text is not one."""
    try:
        obj = json.loads(text)
    except (ValueError, TypeError):
        return None
    return obj if isinstance(obj, dict) and "type" in obj else None


def _haversine(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def _point_in_region(pt: list[float], region: dict[str, Any]) -> bool:
    x, y = float(pt[0]), float(pt[1])
    kind = region.get("type")
    coords = region.get("coordinates")
    if kind == "Polygon" and coords:
        if not _in_ring(x, y, coords[0]):
            return False
        return not any(_in_ring(x, y, hole) for hole in coords[1:])
    if kind == "MultiPolygon" and coords:
        return any(_point_in_region(pt, {"type": "Polygon", "coordinates": poly})
                   for poly in coords)
    if kind == "AeroCircle" and coords and len(coords) == 2:
        (cx, cy), radius = coords[0], coords[1]
        return _haversine(x, y, float(cx), float(cy)) <= float(radius)
    return False


def matches(bin_value: dict[str, Any], query: dict[str, Any]) -> bool:
    """Whether a stored GeoJSON value satisfies a geo query shape."""
    if query.get("type") == "Point":
        # "contains": the stored region contains the query point.
        return _point_in_region(query.get("coordinates", [0, 0]), bin_value)
    if bin_value.get("type") == "Point":
        return _point_in_region(bin_value.get("coordinates", [0, 0]), query)
    return False
