"""Comparing the official client and the facade: plain descriptions of results and exceptions."""

from __future__ import annotations

from typing import Any, Callable


def describe(value: Any) -> Any:
    """Plain, comparable data: type names with values, containers walked, exceptions by class and code."""
    if isinstance(value, BaseException):
        names = [k.__name__ for k in type(value).__mro__ if k.__name__ not in ("object", "BaseException")]
        return ("exc", names, getattr(value, "code", None), getattr(value, "in_doubt", None))
    if isinstance(value, dict):
        return ("dict", sorted(((repr(k), describe(v)) for k, v in value.items()), key=lambda kv: kv[0]))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [describe(v) for v in value])
    if hasattr(value, "batch_records") and hasattr(value, "result"):
        return ("BatchRecords", value.result, [describe(r) for r in value.batch_records])
    if hasattr(value, "in_doubt") and hasattr(value, "record"):
        return (type(value).__name__, describe(value.key), value.result, describe(value.record), value.in_doubt)
    if type(value).__name__ == "Geospatial":
        return ("Geospatial", value.dumps(), value.unwrap())
    if type(value).__name__ == "HyperLogLog":
        return ("HyperLogLog", bytes(value))
    return (type(value).__name__, value)


def run(side: Any, script: Callable[[Any], Any]) -> Any:
    try:
        return describe(script(side))
    except Exception as exc:  # noqa: BLE001 - exceptions are results here
        return describe(exc)


def _ttl_close(a: Any, b: Any) -> bool:
    """A TTL read a moment later may have ticked down by a second or two."""
    return (isinstance(a, tuple) and isinstance(b, tuple) and a[:1] == b[:1] == ("dict",)
            and [k for k, _ in a[1]] == [k for k, _ in b[1]] == ["'gen'", "'ttl'"]
            and a[1][0] == b[1][0] and abs(a[1][1][1][1] - b[1][1][1][1]) <= 2)


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    if a == b or _ttl_close(a, b):
        return []
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and a[:1] == b[:1]:
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
                for j, (p, q) in enumerate(zip(x, y)):
                    out += differences(p, q, f"{path}[{i}][{j}]")
            elif x != y:
                out += differences(x, y, f"{path}[{i}]") if isinstance(x, tuple) else [f"{path}[{i}]: {x!r} != {y!r}"]
        return out or [f"{path}: {a!r} != {b!r}"]
    return [f"{path}: official {a!r} != facade {b!r}"]



def fresh(side: Any, *keys: Any) -> None:
    """Remove ``keys`` if present, so each side starts from the same state."""
    for key in keys:
        try:
            side.c.remove(key)
        except side.exc.RecordNotFound:
            pass
