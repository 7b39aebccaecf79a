"""OpenTelemetry spans of the synchronous client."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

import aerospike_py
from aerospike_py import _observability as obs
from aerospike_py.exception import RecordNotFound


def test_tracing_is_off_until_init(client: aerospike_py.Client, make_key: Callable) -> None:
    assert obs.is_tracing_enabled() is False
    assert obs.full is False
    client.put(make_key(), {"a": 1})  # no tracer: nothing to assert but that it works


def test_spans_carry_the_database_attributes(client: aerospike_py.Client, make_key: Callable, set_name: str,
                                             span_exporter: InMemorySpanExporter,
                                             aerospike_hosts: list[tuple[str, int]]) -> None:
    key = make_key()
    client.put(key, {"a": 1})
    client.get(key)
    spans = span_exporter.get_finished_spans()
    assert [s.attributes["db.operation.name"] for s in spans] == ["put", "get"]
    host, port = aerospike_hosts[0]
    for span in spans:
        assert span.kind is SpanKind.CLIENT
        assert span.status.status_code is StatusCode.UNSET
        assert span.name == f"{span.attributes['db.operation.name']} test.{set_name}"
        assert dict(span.attributes) == {
            "db.system.name": "aerospike",
            "db.namespace": "test",
            "db.collection.name": set_name,
            "db.operation.name": span.attributes["db.operation.name"],
            "server.address": host,
            "server.port": port,
            "db.aerospike.cluster_name": "",
        }
        assert span.end_time >= span.start_time


def test_a_failed_command_ends_its_span_with_an_error(client: aerospike_py.Client, make_key: Callable,
                                                      span_exporter: InMemorySpanExporter) -> None:
    with pytest.raises(RecordNotFound) as info:
        client.get(make_key())
    (span,) = span_exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["error.type"] == "RecordNotFound"
    assert span.attributes["db.response.status_code"] == "2"
    (event,) = span.events
    assert event.name == "exception"
    assert event.attributes["exception.type"].endswith("RecordNotFound")
    assert event.attributes["exception.message"] == str(info.value)


def test_info_spans_have_no_namespace(client: aerospike_py.Client, span_exporter: InMemorySpanExporter) -> None:
    client.info_random_node("build")
    (span,) = span_exporter.get_finished_spans()
    assert span.name == "info_random_node"
    assert "db.namespace" not in span.attributes
    assert span.attributes["db.system.name"] == "aerospike"


def test_host_strings_and_cluster_name_come_from_the_config(aerospike_hosts: list[tuple[str, int]]) -> None:
    host, port = aerospike_hosts[0]
    string_hosts = aerospike_py.client({"hosts": [f"{host}:{port}"], "cluster_name": "prod"})
    assert obs._server_of(string_hosts) == (host, port, "prod")
    tuple_hosts = aerospike_py.client({"hosts": [(host, port), ("10.0.0.9", 3000)]})
    assert obs._server_of(tuple_hosts) == (host, port, "")


def test_tracing_and_metrics_together(client: aerospike_py.Client, make_key: Callable,
                                      span_exporter: InMemorySpanExporter, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    client.put(make_key(), {"a": 1})
    assert len(span_exporter.get_finished_spans()) == 1
    assert metrics.count("put") == 1


def test_shutdown_tracing_flushes_pending_spans(client: aerospike_py.Client, make_key: Callable) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=600_000))
    aerospike_py.init_tracing(tracer_provider=provider)
    try:
        client.put(make_key(), {"a": 1})
        assert exporter.get_finished_spans() == ()  # still queued in the batch processor
        aerospike_py.shutdown_tracing()
        assert len(exporter.get_finished_spans()) == 1
        assert obs.is_tracing_enabled() is False and obs.full is False
        client.put(make_key(), {"a": 2})
        provider.force_flush()
        assert len(exporter.get_finished_spans()) == 1  # no span after shutdown
    finally:
        provider.shutdown()


def test_init_tracing_from_the_environment(monkeypatch: pytest.MonkeyPatch, client: aerospike_py.Client,
                                           make_key: Callable) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    monkeypatch.setenv("OTEL_SERVICE_NAME", "obs-test")
    aerospike_py.init_tracing()
    assert obs.is_tracing_enabled()
    provider = obs._provider
    assert isinstance(provider, TracerProvider)
    assert provider.resource.attributes["service.name"] == "obs-test"
    client.put(make_key(), {"a": 1})
    aerospike_py.shutdown_tracing()
    assert obs._provider is None


def test_init_tracing_honours_sdk_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    aerospike_py.init_tracing()
    assert obs.is_tracing_enabled() is False
    assert obs.full is False


def test_init_tracing_again_replaces_the_provider(span_exporter: InMemorySpanExporter, client: aerospike_py.Client,
                                                  make_key: Callable) -> None:
    other = InMemorySpanExporter()
    provider = TracerProvider()
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor

    provider.add_span_processor(SimpleSpanProcessor(other))
    aerospike_py.init_tracing(tracer_provider=provider)
    client.put(make_key(), {"a": 1})
    assert span_exporter.get_finished_spans() == ()
    assert len(other.get_finished_spans()) == 1
    aerospike_py.shutdown_tracing()
    provider.shutdown()


def test_spans_are_children_of_the_current_span(client: aerospike_py.Client, make_key: Callable,
                                                span_exporter: InMemorySpanExporter) -> None:
    provider = obs._provider
    with provider.get_tracer("app").start_as_current_span("request") as parent:
        client.put(make_key(), {"a": 1})
    put_span = next(s for s in span_exporter.get_finished_spans() if s.name.startswith("put"))
    assert put_span.parent is not None
    assert put_span.parent.span_id == parent.get_span_context().span_id


# -- the application's own tracer provider -------------------------------------


def test_init_tracing_emits_into_the_applications_global_provider(
        monkeypatch: pytest.MonkeyPatch, client: aerospike_py.Client, make_key: Callable,
        app_provider: tuple[TracerProvider, InMemorySpanExporter]) -> None:
    provider, exporter = app_provider
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")  # would be used only for a provider built here
    aerospike_py.init_tracing()
    assert obs._provider is provider and obs._owns_provider is False
    client.put(make_key(), {"a": 1})
    (span,) = exporter.get_finished_spans()
    assert span.attributes["db.operation.name"] == "put"


def test_shutdown_tracing_leaves_the_applications_provider_running(
        client: aerospike_py.Client, make_key: Callable,
        app_provider: tuple[TracerProvider, InMemorySpanExporter]) -> None:
    provider, exporter = app_provider
    aerospike_py.init_tracing()
    client.put(make_key(), {"a": 1})
    aerospike_py.shutdown_tracing()
    assert obs.is_tracing_enabled() is False
    client.put(make_key(), {"a": 2})  # no span of ours after shutdown
    with provider.get_tracer("app").start_as_current_span("after"):  # the application still traces
        pass
    assert [s.name.split()[0] for s in exporter.get_finished_spans()] == ["put", "after"]


def test_a_provider_is_built_from_the_environment_only_without_a_global_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from opentelemetry import trace

    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)  # nothing installed
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    aerospike_py.init_tracing()
    assert obs._owns_provider is True
    assert obs._provider is not trace.get_tracer_provider()


def test_the_global_provider_is_used_even_with_sdk_disabled_in_the_environment(
        monkeypatch: pytest.MonkeyPatch, app_provider: tuple[TracerProvider, InMemorySpanExporter]) -> None:
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")  # it concerns providers we would build, not the application's
    aerospike_py.init_tracing()
    assert obs._provider is app_provider[0]


def test_spans_are_children_of_the_applications_current_span(
        client: aerospike_py.Client, make_key: Callable,
        app_provider: tuple[TracerProvider, InMemorySpanExporter]) -> None:
    from opentelemetry import trace

    provider, exporter = app_provider
    aerospike_py.init_tracing()
    with trace.get_tracer("app").start_as_current_span("request") as parent:
        client.put(make_key(), {"a": 1})
    put_span = next(s for s in exporter.get_finished_spans() if s.name.startswith("put"))
    assert put_span.parent is not None
    assert put_span.parent.span_id == parent.get_span_context().span_id
    assert put_span.context.trace_id == parent.get_span_context().trace_id
