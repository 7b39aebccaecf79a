"""Value types the server has and Python lacks: GeoJSON and HyperLogLog."""

from __future__ import annotations

import json
from typing import Any


class GeoJSON:
    """A GeoJSON value, stored by the server as its own particle type.

    Build it from a dict (``GeoJSON({"type": "Point", "coordinates": [1, 2]})``)
    or from its JSON text; reads give it back as ``GeoJSON``.
    """

    __slots__ = ("_text",)

    def __init__(self, value: dict[str, Any] | str) -> None:
        if isinstance(value, str):
            json.loads(value)  # reject text that is not JSON now, not at the server
            self._text = value
        elif isinstance(value, dict):
            self._text = json.dumps(value, separators=(",", ":"))
        else:
            raise TypeError(f"GeoJSON takes a dict or JSON text, not {type(value).__name__}")

    def dumps(self) -> str:
        """The JSON text sent to the server."""
        return self._text

    def to_dict(self) -> dict[str, Any]:
        """The GeoJSON object as a dict."""
        result: dict[str, Any] = json.loads(self._text)
        return result

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GeoJSON):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __repr__(self) -> str:
        return f"GeoJSON({self._text})"


class HLL:
    """A HyperLogLog value: bytes the server keeps as an HLL particle.

    Deliberately not a ``bytes`` subclass, so it can never be sent as a plain
    blob by mistake; ``bytes(hll)`` gives the raw value.
    """

    __slots__ = ("_value",)

    def __init__(self, value: bytes | bytearray | memoryview) -> None:
        self._value = bytes(value)

    def __bytes__(self) -> bytes:
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HLL):
            return self._value == other._value
        if isinstance(other, (bytes, bytearray)):
            return self._value == bytes(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return f"HLL({self._value!r})"
