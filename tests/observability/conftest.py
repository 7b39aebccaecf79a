"""Fixtures for the observability tests: clients, a span exporter, and a clean global state per test."""

from __future__ import annotations

import socket
from typing import Any, Callable, Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

import aerospike_py
from aerospike_py import _observability as obs

NS = "test"


def _defaults() -> None:
    obs.stop_metrics_server()
    obs.shutdown_tracing()
    obs.set_metrics_enabled(True)  # the default
    obs._reset_metrics()


@pytest.fixture(autouse=True)
def clean_observability() -> Iterator[None]:
    """Every test starts from the defaults (metrics on, no tracing, no samples), and leaves them so."""
    stages = obs.is_internal_stage_metrics_enabled()
    obs.set_internal_stage_metrics_enabled(False)
    _defaults()
    try:
        yield
    finally:
        obs.set_internal_stage_metrics_enabled(stages)
        _defaults()


@pytest.fixture
def span_exporter() -> Iterator[InMemorySpanExporter]:
    """Tracing on, every span exported synchronously into memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    aerospike_py.init_tracing(tracer_provider=provider)
    try:
        yield exporter
    finally:
        aerospike_py.shutdown_tracing()
        provider.shutdown()


@pytest.fixture
def free_port() -> Callable[[], int]:
    def pick() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    return pick


class Metrics:
    """Reads samples back out of the exposition text, as a scraper would."""

    @staticmethod
    def samples(name: str, text: str | None = None) -> list[Any]:
        text = aerospike_py.get_metrics() if text is None else text
        return [s for family in text_string_to_metric_families(text) for s in family.samples if s.name == name]

    def count(self, op: str, error_type: str = "", ns: str = NS, set_name: str | None = None) -> float:
        """Operations recorded under one label set (the histogram's count), 0 when never recorded."""
        total = 0.0
        for s in self.samples("db_client_operation_duration_seconds_count"):
            labels = s.labels
            if (labels["db_operation_name"] == op and labels["error_type"] == error_type
                    and labels["db_namespace"] == ns
                    and (set_name is None or labels["db_collection_name"] == set_name)):
                total += s.value
        return total

    def recorded(self) -> float:
        """Every operation recorded so far, whatever its labels."""
        return sum(s.value for s in self.samples("db_client_operation_duration_seconds_count"))


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def app_provider() -> Iterator[tuple[TracerProvider, InMemorySpanExporter]]:
    """The application's global SDK TracerProvider (as auto-instrumentation installs it), removed afterwards.

    OpenTelemetry lets a process set its global provider only once; the test
    resets that guard so each test installs (and removes) its own.
    """
    from opentelemetry import trace
    from opentelemetry.util._once import Once

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    saved = (trace._TRACER_PROVIDER, trace._TRACER_PROVIDER_SET_ONCE)
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace.set_tracer_provider(provider)
    try:
        yield provider, exporter
    finally:
        aerospike_py.shutdown_tracing()
        trace._TRACER_PROVIDER, trace._TRACER_PROVIDER_SET_ONCE = saved
        provider.shutdown()
