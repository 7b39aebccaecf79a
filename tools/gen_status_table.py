#!/usr/bin/env python3
"""Regenerate the ``STATUS_NAMES`` table in ``aerospike_py/exception.py``.

The table maps every ``as_status`` code of the Aerospike C client to its enum
name.  It is derived from ``aerospike/as_status.h`` so that a C client upgrade
which adds or renumbers codes is noticed: run with ``--check`` in CI and the
build fails until the table is regenerated.

Header lookup order: ``--header``, then ``$AEROSPIKE_C_PREFIX/include``, then
``/usr/local/include``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

BEGIN_MARKER = "# BEGIN STATUS TABLE"
END_MARKER = "# END STATUS TABLE"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = REPO_ROOT / "aerospike_py" / "exception.py"

_ENUM_RE = re.compile(r"typedef\s+enum\s+as_status_e\s*\{(?P<body>.*?)\}\s*as_status\s*;", re.S)
_ENTRY_RE = re.compile(r"^\s*(?P<name>AEROSPIKE_\w+)\s*(?:=\s*(?P<value>-?(?:0x[0-9a-fA-F]+|\d+)))?\s*$")


def default_header() -> Path:
    """Where the C client installs ``as_status.h`` (honours ``AEROSPIKE_C_PREFIX``)."""
    prefix = os.environ.get("AEROSPIKE_C_PREFIX", "/usr/local")
    return Path(prefix) / "include" / "aerospike" / "as_status.h"


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_status_header(text: str) -> list[tuple[str, int]]:
    """Return ``(name, value)`` for every enumerator of ``as_status``, in header order.

    Enumerators without an explicit value follow C rules (previous value + 1).
    """
    match = _ENUM_RE.search(_strip_comments(text))
    if match is None:
        raise ValueError("as_status enum not found in header")
    entries: list[tuple[str, int]] = []
    previous = -1
    for item in match.group("body").split(","):
        if not item.strip():
            continue
        entry = _ENTRY_RE.match(item)
        if entry is None:
            raise ValueError(f"cannot parse enumerator: {item.strip()!r}")
        raw = entry.group("value")
        value = int(raw, 0) if raw is not None else previous + 1
        entries.append((entry.group("name"), value))
        previous = value
    if not entries:
        raise ValueError("as_status enum is empty")
    return entries


def render_table(entries: list[tuple[str, int]], header_name: str = "as_status.h") -> str:
    """Render the marker-delimited block; the first name wins when a code has aliases."""
    names: dict[int, str] = {}
    aliases: dict[int, list[str]] = {}
    for name, value in entries:
        if value in names:
            aliases.setdefault(value, []).append(name)
        else:
            names[value] = name
    lines = [
        BEGIN_MARKER,
        f"# Generated from the C client's {header_name} by tools/gen_status_table.py.",
        "# Do not edit by hand: run the tool after upgrading the C client.",
        "STATUS_NAMES: dict[int, str] = {",
    ]
    for value in sorted(names):
        comment = ""
        if value in aliases:
            comment = "  # also " + ", ".join(aliases[value])
        lines.append(f'    {value}: "{names[value]}",{comment}')
    lines.append("}")
    lines.append(END_MARKER)
    return "\n".join(lines) + "\n"


def splice(source: str, block: str) -> str:
    """Replace the marker-delimited section of ``source`` with ``block``."""
    start = source.find(BEGIN_MARKER)
    end = source.find(END_MARKER)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"markers {BEGIN_MARKER!r} / {END_MARKER!r} not found")
    line_end = source.find("\n", end)
    tail = "" if line_end < 0 else source[line_end + 1 :]
    return source[:start] + block + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--header", type=Path, default=None, help="path to as_status.h")
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET, help="file holding the table")
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is out of date")
    args = parser.parse_args(argv)

    header: Path = args.header or default_header()
    target: Path = args.target
    try:
        entries = parse_status_header(header.read_text(encoding="utf-8"))
        current = target.read_text(encoding="utf-8")
        updated = splice(current, render_table(entries, header.name))
    except (OSError, ValueError) as exc:
        print(f"gen_status_table: {exc}", file=sys.stderr)
        return 2

    if updated == current:
        if not args.check:
            print(f"{target}: up to date ({len(entries)} enumerators)")
        return 0
    if args.check:
        print(f"{target}: status table is out of date with {header}; rerun tools/gen_status_table.py", file=sys.stderr)
        return 1
    target.write_text(updated, encoding="utf-8")
    print(f"{target}: table regenerated from {header}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
