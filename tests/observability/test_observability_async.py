"""The async client emits the same metrics and spans as the sync one, under asyncio and trio."""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator, Callable

import anyio
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

import aerospike_py
from aerospike_py.exception import RecordNotFound

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def aclient(config: dict[str, Any]) -> AsyncIterator[aerospike_py.AsyncClient]:
    client = aerospike_py.async_client(config)
    await client.connect()
    try:
        yield client
    finally:
        await client.close()


async def test_nothing_is_recorded_while_disabled(aclient: aerospike_py.AsyncClient, make_key: Callable,
                                                  metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(False)
    key = make_key()
    await aclient.put(key, {"a": 1})
    await aclient.get(key)
    assert metrics.recorded() == 0


async def test_metrics_are_recorded_by_default(aclient: aerospike_py.AsyncClient, make_key: Callable,
                                              set_name: str, metrics: Any) -> None:
    """The fast path for get and put records too (no tracing, no stage profiling)."""
    key = make_key()
    await aclient.put(key, {"a": 1})
    await aclient.get(key)
    await aclient.exists(key)
    assert metrics.count("put", set_name=set_name) == 1
    assert metrics.count("get", set_name=set_name) == 1
    assert metrics.count("exists", set_name=set_name) == 1


async def test_put_get_and_not_found_metrics(aclient: aerospike_py.AsyncClient, make_key: Callable,
                                             set_name: str, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    key = make_key()
    await aclient.put(key, {"a": 1})
    assert (await aclient.get(key))[2] == {"a": 1}
    with pytest.raises(RecordNotFound) as info:
        await aclient.get(make_key())
    assert info.value.code == 2
    assert metrics.count("put", set_name=set_name) == 1
    assert metrics.count("get", set_name=set_name) == 1
    assert metrics.count("get", "KeyNotFoundError", set_name=set_name) == 1
    durations = [s for s in metrics.samples("db_client_operation_duration_seconds_sum")
                 if s.labels["db_collection_name"] == set_name]
    assert len(durations) == 3 and all(s.value > 0 for s in durations)


async def test_concurrent_commands_are_each_recorded(aclient: aerospike_py.AsyncClient, make_key: Callable,
                                                     set_name: str, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(aclient.put, make_key(), {"a": 1})
    assert metrics.count("put", set_name=set_name) == 20


async def test_info_commands_are_observed(aclient: aerospike_py.AsyncClient, metrics: Any,
                                          span_exporter: InMemorySpanExporter) -> None:
    aerospike_py.set_metrics_enabled(True)
    await aclient.info_random_node("build")
    assert metrics.count("info_random_node", ns="", set_name="") == 1
    (span,) = span_exporter.get_finished_spans()
    assert span.attributes["db.operation.name"] == "info_random_node"


async def test_spans_match_the_sync_client(aclient: aerospike_py.AsyncClient, make_key: Callable, set_name: str,
                                           span_exporter: InMemorySpanExporter,
                                           aerospike_hosts: list[tuple[str, int]]) -> None:
    key = make_key()
    await aclient.put(key, {"a": 1})
    await aclient.get(key)
    with pytest.raises(RecordNotFound):
        await aclient.get(make_key())
    put, get, missing = span_exporter.get_finished_spans()
    host, port = aerospike_hosts[0]
    for span, op in ((put, "put"), (get, "get"), (missing, "get")):
        assert span.name == f"{op} test.{set_name}"
        assert span.attributes["db.system.name"] == "aerospike"
        assert span.attributes["db.namespace"] == "test"
        assert span.attributes["db.collection.name"] == set_name
        assert span.attributes["db.operation.name"] == op
        assert span.attributes["server.address"] == host
        assert span.attributes["server.port"] == port
        assert span.attributes["db.aerospike.cluster_name"] == ""
    assert put.status.status_code is StatusCode.UNSET
    assert get.status.status_code is StatusCode.UNSET
    assert missing.status.status_code is StatusCode.ERROR
    assert missing.attributes["db.response.status_code"] == "2"
    assert missing.attributes["error.type"] == "RecordNotFound"
    assert [e.name for e in missing.events] == ["exception"]


async def test_a_cancelled_command_is_not_an_error(aclient: aerospike_py.AsyncClient, make_key: Callable,
                                                   span_exporter: InMemorySpanExporter, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    key = make_key()
    with anyio.CancelScope() as scope:
        scope.cancel()
        await aclient.put(key, {"a": 1})
    assert scope.cancelled_caught
    (span,) = span_exporter.get_finished_spans()
    assert span.attributes["db.aerospike.cancelled"] is True
    assert span.status.status_code is StatusCode.UNSET
    assert span.events == ()
    assert metrics.recorded() == 0
    with contextlib.suppress(RecordNotFound):  # the abandoned put may or may not have landed yet
        await aclient.get(key)
    assert metrics.count("get") + metrics.count("get", "KeyNotFoundError") == 1


async def test_internal_stages_async(aclient: aerospike_py.AsyncClient, make_key: Callable, metrics: Any) -> None:
    key = make_key()
    with aerospike_py.internal_stage_profiling():
        await aclient.put(key, {"a": 1})
    counts = {s.labels["stage"]: s.value for s in metrics.samples("db_client_internal_stage_seconds_count")
              if s.labels["db_operation_name"] == "put"}
    assert counts == {"prepare": 1.0, "execute": 1.0, "finish": 1.0}


async def test_spans_are_children_of_the_tasks_current_span(
        aclient: aerospike_py.AsyncClient, make_key: Callable,
        app_provider: tuple[Any, InMemorySpanExporter]) -> None:
    """Under asyncio and trio, each task's command span hangs under that task's own current span."""
    from opentelemetry import trace

    _provider, exporter = app_provider
    aerospike_py.init_tracing()
    tracer = trace.get_tracer("app")
    parents: dict[str, Any] = {}

    async def request(name: str) -> None:
        with tracer.start_as_current_span(name) as parent:
            parents[name] = parent.get_span_context()
            key = make_key()
            await aclient.put(key, {"a": 1})
            await anyio.sleep(0)
            await aclient.get(key)

    async with anyio.create_task_group() as tg:
        for name in ("r1", "r2", "r3"):
            tg.start_soon(request, name)
    spans = exporter.get_finished_spans()
    by_id = {s.context.span_id: s for s in spans}
    commands = [s for s in spans if s.attributes.get("db.system.name") == "aerospike"]
    assert len(commands) == 6
    for name, parent in parents.items():
        children = [s for s in commands if s.parent is not None and s.parent.span_id == parent.span_id]
        assert sorted(s.attributes["db.operation.name"] for s in children) == ["get", "put"], name
        assert all(s.context.trace_id == parent.trace_id for s in children)
        assert by_id[parent.span_id].name == name
