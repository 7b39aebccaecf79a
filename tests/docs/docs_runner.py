"""Collect the Python examples of docs/**/*.md and run them as the reader would.

How a page runs (docs/contributing-docs.md tells authors the same):

- A page is one program: its ```python blocks run in order, in one namespace
  whose ``__name__`` is ``"__main__"``, so a later block may use what an
  earlier one defined.
- A block with top-level ``await`` is an *async block*. A page runs in the
  ``sync`` flavour, and also in the ``asyncio`` and ``trio`` flavours when it
  has async blocks:
  * ``sync`` runs every block without top-level ``await``;
  * ``asyncio`` / ``trio`` run, inside one event loop of that kind, the async
    blocks (those in a tab meant for the other library excepted) and the
    blocks outside tabs (in a worker thread, as set-up). Blocks in tabs without
    ``await`` (the Sync side of a pair of tabs, or a whole program that starts
    its own event loop) already ran in ``sync``.
- Tabs (``=== "Label"``) say which flavour a block is for: ``Sync...`` ->
  sync; ``Async...`` -> asyncio and trio; ``asyncio...`` or ``uvloop...`` ->
  asyncio; ``trio...`` -> trio.
- Before a block in a tab, and before any async block, ``client`` names a
  connected client of the flavour's kind (``Client`` or ``AsyncClient``), as the
  guides say: "``client`` is a connected client".
- The cluster: examples connect to ``("127.0.0.1", 3000)`` with cluster name
  ``"docker"`` (those of the official Docker image); the runner replaces that
  address with the cluster under test and, where its name differs, the name.
- An HTML comment right before a block changes how it runs:
  ``<!-- docs-test: skip reason -->`` compiles it but does not run it (a
  reason is required); ``<!-- docs-test: secured -->`` runs it once, in the
  sync flavour, against an embedded server with security on (user ``admin``,
  password ``admin``), in a copy of the namespace so the page goes on unchanged.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import socket
import textwrap
from pathlib import Path
from typing import Any, Optional

DOCS = Path(__file__).resolve().parents[2] / "docs"
FLAVOURS = ("sync", "asyncio", "trio")
SEED_HOST = '("127.0.0.1", 3000)'
SEED_CLUSTER = '"cluster_name": "docker"'
SEED_METRICS_PORT = "9464"

_TAB = re.compile(r'^(?P<indent>\s*)=== "(?P<label>[^"]+)"\s*$')
_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>```+)\s*(?P<lang>[\w+-]*)(?P<rest>.*)$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<what>\w+)\s*(?P<reason>.*?)\s*-->\s*$")


@dataclasses.dataclass
class Block:
    """One ```python block: where it is, its code, its tab and marker."""

    path: Path
    line: int  # 1-based line of the first line of code
    code: str
    tab: Optional[str]  # the label of the tab it sits in
    marker: Optional[str] = None  # "skip" or "secured"
    reason: str = ""

    @property
    def where(self) -> str:
        path = self.path.relative_to(DOCS.parent) if self.path.is_relative_to(DOCS) else self.path
        return f"{path}:{self.line}"

    @property
    def is_async(self) -> bool:
        return bool(compile_block(self, None).co_flags & inspect.CO_COROUTINE)

    @property
    def tab_flavours(self) -> Optional[tuple[str, ...]]:
        return None if self.tab is None else tab_flavours(self.tab, self.where)


def tab_flavours(label: str, where: str) -> tuple[str, ...]:
    low = label.lower()
    if low.startswith("sync"):
        return ("sync",)
    if low.startswith(("asyncio", "uvloop")):
        return ("asyncio",)
    if low.startswith("trio"):
        return ("trio",)
    if low.startswith("async"):
        return ("asyncio", "trio")
    raise ValueError(f"{where}: tab {label!r} names no flavour (Sync..., Async..., asyncio..., uvloop..., trio...)")


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def blocks(path: Path) -> list[Block]:
    """Every ```python block of a page, with its tab and marker."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    tab: Optional[tuple[int, str]] = None
    marker: Optional[tuple[str, str]] = None
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        m = _TAB.match(line)
        if m:
            tab = (len(m["indent"]), m["label"])
            i += 1
            continue
        if line.strip() and tab is not None and indent <= tab[0]:
            tab = None
        mk = _MARKER.match(line)
        if mk:
            if mk["what"] not in ("skip", "secured"):
                raise ValueError(f"{path}:{i + 1}: unknown docs-test marker {mk['what']!r}")
            if mk["what"] == "skip" and not mk["reason"]:
                raise ValueError(f"{path}:{i + 1}: a skipped example must say why")
            marker = (mk["what"], mk["reason"])
            i += 1
            continue
        f = _FENCE_OPEN.match(line)
        if f:
            fence, fence_indent = f["fence"], len(f["indent"])
            j = i + 1
            while j < len(lines) and not (lines[j].strip() == fence and
                                          len(lines[j]) - len(lines[j].lstrip()) == fence_indent):
                j += 1
            if f["lang"] in ("python", "py"):
                code = textwrap.dedent("\n".join(lines[i + 1:j]))
                found.append(Block(path, i + 2, code, tab[1] if tab else None,
                                   marker[0] if marker else None, marker[1] if marker else ""))
            elif marker is not None:
                raise ValueError(f"{path}:{i + 1}: docs-test marker before a non-python block")
            marker = None
            i = j + 1
            continue
        if line.strip():
            marker = None
        i += 1
    return found


def compile_block(block: Block, source_override: Optional[str]) -> Any:
    """Compile with the page's line numbers, so a traceback points into the .md file."""
    code = block.code if source_override is None else source_override
    return compile("\n" * (block.line - 1) + code, str(block.path), "exec",
                   flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def plan(page_blocks: list[Block], flavour: str) -> list[Block]:
    """The blocks one flavour runs, in page order."""
    chosen = []
    for block in page_blocks:
        if block.marker == "skip":
            continue
        tabs = block.tab_flavours
        if block.is_async:
            if tabs == ("sync",):
                raise ValueError(f"{block.where}: an async block in a Sync tab")
            if flavour != "sync" and (tabs is None or flavour in tabs):
                chosen.append(block)
        elif block.marker == "secured":
            if flavour == "sync":
                chosen.append(block)
        elif flavour == "sync" or tabs is None:
            chosen.append(block)
    return chosen


def page_flavours(page_blocks: list[Block]) -> list[str]:
    has_async = any(b.is_async and b.marker != "skip" for b in page_blocks)
    return list(FLAVOURS) if has_async else ["sync"]


def rewrite(code: str, host: tuple[str, int], cluster_name: Optional[str], metrics_port: int = 9464) -> str:
    """Point the seed address (and cluster name) of an example at the cluster under test.

    The metrics port 9464 becomes ``metrics_port``, a free one: test runs may share a machine.
    """
    code = code.replace(SEED_HOST, repr(tuple(host)).replace("'", '"'))
    code = code.replace(SEED_METRICS_PORT, str(metrics_port))
    if cluster_name != "docker":
        code = code.replace(SEED_CLUSTER, f'"cluster_name": {cluster_name!r}')
    return code


def open_clients(namespace: dict[str, Any]) -> list[Any]:
    """Clients a page left in its namespace, to close after it."""
    import aerospike_py

    return [v for v in namespace.values() if isinstance(v, (aerospike_py.Client, aerospike_py.AsyncClient))]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
