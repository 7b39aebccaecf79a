"""Every Python example of the documentation runs against the cluster under test.

See docs_runner.py (and docs/contributing-docs.md) for how pages run.
"""

from __future__ import annotations

import inspect
from typing import Any, Optional

import anyio
import pytest

import aerospike_py
from docs_runner import (DOCS, Block, blocks, compile_block, free_port, open_clients, page_flavours, pages, plan,
                         rewrite)

PAGE_TIMEOUT_S = 120

CASES = [
    pytest.param(page, flavour, id=f"{page.relative_to(DOCS)}-{flavour}")
    for page in pages()
    for flavour in page_flavours(blocks(page))
]


def _fail(block: Block, flavour: str, exc: BaseException) -> AssertionError:
    return AssertionError(f"example at {block.where} failed in the {flavour} flavour: {exc!r}")


def _code(block: Block, cluster: tuple[tuple[str, int], Optional[str]], secured: tuple[str, int],
          metrics_port: int) -> Any:
    host, name = (secured, "docker") if block.marker == "secured" else cluster
    return compile_block(block, rewrite(block.code, host, name, metrics_port))


def _run_sync(page_blocks: list[Block], cluster: Any, secured: Any) -> None:
    host, name = cluster
    metrics_port = free_port()
    ns: dict[str, Any] = {"__name__": "__main__"}
    fixture_client = aerospike_py.client({"hosts": [host], "cluster_name": name}).connect()
    try:
        for block in plan(page_blocks, "sync"):
            target = dict(ns) if block.marker == "secured" else ns
            if block.tab is not None:
                target["client"] = fixture_client
            try:
                exec(_code(block, cluster, secured, metrics_port), target)
            except Exception as exc:
                raise _fail(block, "sync", exc) from exc
    finally:
        for c in open_clients(ns):
            if isinstance(c, aerospike_py.AsyncClient):
                anyio.run(c.close)
            else:
                c.close()
        fixture_client.close()


def _run_async(page_blocks: list[Block], flavour: str, cluster: Any, secured: Any) -> None:
    host, name = cluster
    metrics_port = free_port()

    async def main() -> None:
        ns: dict[str, Any] = {"__name__": "__main__"}
        fixture_client = await aerospike_py.AsyncClient({"hosts": [host], "cluster_name": name}).connect()
        try:
            with anyio.fail_after(PAGE_TIMEOUT_S):   # a hung example fails, it does not hang the suite
                await _blocks(ns, fixture_client)
        finally:
            for c in open_clients(ns):
                if isinstance(c, aerospike_py.AsyncClient):
                    await c.close()
                else:
                    c.close()
            await fixture_client.close()

    async def _blocks(ns: dict[str, Any], fixture_client: Any) -> None:
        for block in plan(page_blocks, flavour):
            code = _code(block, cluster, secured, metrics_port)
            try:
                if block.is_async:
                    ns["client"] = fixture_client
                    result = eval(code, ns)
                    if inspect.iscoroutine(result):
                        await result
                else:
                    await anyio.to_thread.run_sync(exec, code, ns)
            except Exception as exc:
                raise _fail(block, flavour, exc) from exc

    anyio.run(main, backend=flavour)


@pytest.mark.usefixtures("restore_global_state")
@pytest.mark.parametrize("page,flavour", CASES)
def test_page_examples(page: Any, flavour: str, docs_cluster: Any, secured_cluster: Any) -> None:
    page_blocks = blocks(page)
    if flavour == "sync":
        _run_sync(page_blocks, docs_cluster, secured_cluster)
    else:
        _run_async(page_blocks, flavour, docs_cluster, secured_cluster)


def test_every_example_runs_somewhere() -> None:
    """No block is left out by the flavour rules; skipped ones are few and say why."""
    skipped = []
    for page in pages():
        page_blocks = blocks(page)
        ran = {id(b) for f in page_flavours(page_blocks) for b in plan(page_blocks, f)}
        for block in page_blocks:
            compile_block(block, None)  # even a skipped example must stay valid Python
            if block.marker == "skip":
                assert block.reason
                skipped.append(block.where)
            else:
                assert id(block) in ran, f"{block.where} runs in no flavour"
    assert len(skipped) <= 6, f"too many examples that do not run: {skipped}"


def test_runner_rules(tmp_path: Any) -> None:
    """Tabs choose flavours; markers skip or isolate; the seed address is rewritten."""
    import docs_runner

    page = tmp_path / "p.md"
    page.write_text(
        "```python\nx = 1\n```\n\n"
        '=== "Sync"\n\n    ```python\n    client.get(k)\n    ```\n\n'
        '=== "Async"\n\n    ```python\n    await client.get(k)\n    ```\n\n'
        '=== "trio"\n\n    ```python\n    import trio\n    ```\n\n'
        '=== "asyncio"\n\n    ```python\n    await x()\n    ```\n\n'
        "<!-- docs-test: skip needs LDAP -->\n```python\nboom()\n```\n"
    )
    found = docs_runner.blocks(page)
    assert [(b.line, b.tab, b.marker) for b in found] == [
        (2, None, None), (8, "Sync", None), (14, "Async", None), (20, "trio", None), (26, "asyncio", None), (31, None, "skip")]
    assert [b.line for b in plan(found, "sync")] == [2, 8, 20]
    assert [b.line for b in plan(found, "asyncio")] == [2, 14, 26]
    assert [b.line for b in plan(found, "trio")] == [2, 14]
    assert page_flavours(found) == ["sync", "asyncio", "trio"]
    assert rewrite('{"hosts": [("127.0.0.1", 3000)], "cluster_name": "docker"}', ("10.0.0.1", 4000), None) == \
        '{"hosts": [("10.0.0.1", 4000)], "cluster_name": None}'
    bad = tmp_path / "bad.md"
    bad.write_text('=== "FastAPI"\n\n    ```python\n    x = 1\n    ```\n')
    with pytest.raises(ValueError, match="names no flavour"):
        plan(docs_runner.blocks(bad), "sync")
