"""The official client's value types: ``GeoJSON``, ``HyperLogLog``, ``KeyOrderedDict``, ``null``.

``GeoJSON`` extends this client's own, so it is sent as it is; a
``HyperLogLog`` (a ``bytes`` subclass there) becomes this client's ``HLL`` on
the way in. On the way out, top-level bin values of those two kinds are given
back as the official types.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from aerospike_py._values import HLL
from aerospike_py._values import GeoJSON as _GeoJSON


class GeoJSON(_GeoJSON):
    """A GeoJSON value, built from a dict (or with ``loads`` from its JSON text)."""

    __slots__ = ()

    def __init__(self, geo_data: Any = None) -> None:
        super().__init__({} if geo_data is None else geo_data)
        if isinstance(geo_data, dict):
            self.wrap(geo_data)

    def wrap(self, geo_data: dict[str, Any]) -> None:
        """Replace the value by the dict ``geo_data`` (written as the official client writes it)."""
        self._text = json.dumps(geo_data)

    def unwrap(self) -> dict[str, Any]:
        """The value as a dict."""
        return self.to_dict()

    def loads(self, raw_geo: str) -> None:
        """Replace the value by the JSON text ``raw_geo``."""
        json.loads(raw_geo)
        self._text = raw_geo

    def __str__(self) -> str:
        return self.dumps()

    def __repr__(self) -> str:
        return self.dumps()


GeoJSON.__name__ = GeoJSON.__qualname__ = "Geospatial"  # the official class's own name


class HyperLogLog(bytes):
    """An HLL bin's value: its bytes, typed so the server stores an HLL, not a blob."""


class KeyOrderedDict(dict):  # type: ignore[type-arg]
    """A dict whose map is stored key-ordered (sent as a plain map here)."""


class null:
    """The official sentinel for "no value" in some operations."""


class CDTInfinite:
    """The largest value in CDT range operations."""


class CDTWildcard:
    """Any value in CDT value operations."""


def geodata(geo_data: dict[str, Any]) -> GeoJSON:
    return GeoJSON(geo_data)


def geojson(geojson_str: str) -> GeoJSON:
    value = GeoJSON()
    value.loads(geojson_str)
    return value


def value_in(value: Any) -> Any:
    """One official value as this client's (HyperLogLog -> HLL; containers walked)."""
    if isinstance(value, HyperLogLog):
        return HLL(bytes(value))
    if isinstance(value, list):
        return [value_in(v) for v in value]
    if isinstance(value, dict) and any(isinstance(v, (HyperLogLog, list, dict)) for v in value.values()):
        return {k: value_in(v) for k, v in value.items()}
    return value


def bins_in(bins: Any) -> Any:
    if isinstance(bins, dict) and any(isinstance(v, (HyperLogLog, list, dict)) for v in bins.values()):
        return {k: value_in(v) for k, v in bins.items()}
    return bins


def value_out(value: Any) -> Any:
    if type(value) is _GeoJSON:
        out = GeoJSON()
        out.loads(value.dumps())
        return out
    if isinstance(value, HLL):
        return HyperLogLog(bytes(value))
    return value


def bins_out(bins: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """Bins with GeoJSON / HLL values given back as the official types."""
    if bins:
        for name, value in bins.items():
            if isinstance(value, (_GeoJSON, HLL)):
                bins[name] = value_out(value)
    return bins
