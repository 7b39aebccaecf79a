"""Prometheus metrics and OpenTelemetry spans for every command.

Both clients funnel each command through ``_run``.  That method reads one module flag,
``enabled``; while it is False -- neither metrics, nor stage profiling, nor
tracing switched on -- they run the command exactly as before, so an
application that does not ask for telemetry pays one attribute read per
command.  When it is True they hand the command to ``observe_sync`` /
``observe_async`` here, which time it, label it and re-enter ``_run`` with
the prepare function wrapped in ``Observed`` (so it is not observed twice).

Metrics are off by default: recording a labelled histogram sample and a
counter increment costs about 1-3 µs of CPU per command, several percent of
what the client itself spends on a read.  ``set_metrics_enabled(True)`` or
``start_metrics_server()`` switches them on.  They live in a registry of
their own, so they never mix with (or collide with) an application's metrics
in prometheus_client's global default registry.

Tracing is off until ``init_tracing()``.  Spans follow the OpenTelemetry
database semantic conventions (``db.system.name``, ``db.namespace``,
``db.collection.name``, ``db.operation.name``, ``server.address``,
``server.port``) plus ``db.aerospike.cluster_name``.  A failed command ends its
span with status ERROR, the exception recorded, ``error.type`` and
``db.response.status_code`` (the Aerospike status code, as a string like the
conventions ask).

Cancellation (asyncio/trio cancellation, KeyboardInterrupt) is not a database
error: the span ends with status UNSET and ``db.aerospike.cancelled=true``, and
no metric sample is recorded, since the command's latency is unknown.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from time import perf_counter
from typing import Any, Awaitable, Callable, Iterator, Optional

from aerospike_py._config import parse_host

__all__ = [
    "start_metrics_server",
    "stop_metrics_server",
    "get_metrics",
    "set_metrics_enabled",
    "is_metrics_enabled",
    "set_internal_stage_metrics_enabled",
    "is_internal_stage_metrics_enabled",
    "internal_stage_profiling",
    "init_tracing",
    "shutdown_tracing",
]

DB_SYSTEM = "aerospike"

# The one flag the clients' hot path reads: metrics or stage profiling or tracing is on.
enabled: bool = False

_metrics_on = False
_stages_on = os.environ.get("AEROSPIKE_PY_INTERNAL_METRICS", "").strip().lower() in ("1", "true", "yes", "on")
_tracer: Any = None  # an opentelemetry Tracer while tracing is on
_client_kind: Any = None  # SpanKind.CLIENT, imported with the tracer
_provider: Any = None
_owns_provider = False
_state_lock = threading.RLock()


def _refresh() -> None:
    global enabled
    enabled = _metrics_on or _stages_on or _tracer is not None


_refresh()

# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------

_LABELS = ("db_system_name", "db_namespace", "db_collection_name", "db_operation_name", "error_type")
# Cached reads answer in tens of microseconds; the semantic conventions' default
# buckets start at 1 ms and would lump them all together.
_DURATION_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
                     2.5, 5.0, 10.0)
_STAGE_BUCKETS = (0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                  0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)

class _Metrics:
    """The registry and its metrics, built on first use: importing prometheus_client takes ~40 ms."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        self.duration = Histogram(
            "db_client_operation_duration_seconds",
            "Duration of database client operations.",
            _LABELS,
            buckets=_DURATION_BUCKETS,
            registry=self.registry,
        )
        self.operations = Counter(
            "db_client_operations",
            "Database client operations, by outcome.",
            _LABELS,
            registry=self.registry,
        )
        self.stages = Histogram(
            "db_client_internal_stage_seconds",
            "Time spent in each internal stage of an operation: prepare (arguments to the C request), "
            "execute (C client and network, including waiting for a free slot), finish (C result to Python).",
            ("stage", "db_operation_name"),
            buckets=_STAGE_BUCKETS,
            registry=self.registry,
        )
        # (namespace, set, operation, error type) -> (histogram child, counter child):
        # prometheus_client's labels() takes a lock and formats every label on each call.
        self.children: dict[tuple[str, str, str, str], tuple[Any, Any]] = {}
        self.stage_children: dict[tuple[str, str], Any] = {}


_m: Optional[_Metrics] = None


def _metrics() -> _Metrics:
    global _m
    m = _m
    if m is None:
        with _state_lock:
            if _m is None:
                _m = _Metrics()
            m = _m
    return m


def get_registry() -> Any:
    """The ``CollectorRegistry`` holding this client's metrics (to serve it from an existing exporter)."""
    return _metrics().registry


def _record(ns: str, set_name: str, op: str, error_type: str, seconds: float) -> None:
    m = _m or _metrics()
    key = (ns, set_name, op, error_type)
    pair = m.children.get(key)
    if pair is None:
        labels = (DB_SYSTEM, ns, set_name, op, error_type)
        pair = m.children[key] = (m.duration.labels(*labels), m.operations.labels(*labels))
    pair[0].observe(seconds)
    pair[1].inc()


def _stage(stage: str, op: str) -> Any:
    m = _m or _metrics()
    child = m.stage_children.get((stage, op))
    if child is None:
        child = m.stage_children[(stage, op)] = m.stages.labels(stage, op)
    return child


def set_metrics_enabled(on: bool) -> None:
    """Switch operation metrics on or off (off by default: they cost ~1-2 µs per command)."""
    global _metrics_on
    with _state_lock:
        if on:
            _metrics()
        _metrics_on = bool(on)
        _refresh()


def is_metrics_enabled() -> bool:
    return _metrics_on


def set_internal_stage_metrics_enabled(on: bool) -> None:
    """Switch the per-stage histogram ``db_client_internal_stage_seconds`` on or off.

    Off by default (``AEROSPIKE_PY_INTERNAL_METRICS=1`` turns it on at import):
    it adds three clock reads and three histogram samples to every command.
    It is independent of ``set_metrics_enabled``.
    """
    global _stages_on
    with _state_lock:
        if on:
            _metrics()
        _stages_on = bool(on)
        _refresh()


def is_internal_stage_metrics_enabled() -> bool:
    return _stages_on


@contextlib.contextmanager
def internal_stage_profiling() -> Iterator[None]:
    """Collect internal stage metrics inside the block only; the previous setting is restored on exit."""
    previous = _stages_on
    set_internal_stage_metrics_enabled(True)
    try:
        yield
    finally:
        set_internal_stage_metrics_enabled(previous)


def get_metrics() -> str:
    """Every metric of this client in the Prometheus text exposition format."""
    from prometheus_client import generate_latest

    return generate_latest(_metrics().registry).decode("utf-8")


def _reset_metrics() -> None:
    """Forget every recorded sample (tests)."""
    with _state_lock:
        m = _m
        if m is not None:
            for metric in (m.duration, m.operations, m.stages):
                metric.clear()
            m.children.clear()
            m.stage_children.clear()


# ---------------------------------------------------------------------------
# The /metrics HTTP server
# ---------------------------------------------------------------------------

_server: Any = None
_server_thread: Optional[threading.Thread] = None
_server_port: Optional[int] = None


def start_metrics_server(port: int = 9464) -> None:
    """Serve ``/metrics`` over HTTP on ``port`` in a daemon thread, and switch metrics on.

    Calling it again with the same port is a no-op; with another port the
    server moves there.  Port 0 picks a free port (``metrics_server_port()``).
    """
    from prometheus_client import start_http_server

    global _server, _server_thread, _server_port
    if type(port) is not int or not 0 <= port <= 65535:
        raise ValueError(f"port must be an int in 0..65535, got {port!r}")
    with _state_lock:
        if _server is not None and (port == 0 or port == _server_port):
            set_metrics_enabled(True)
            return
        _stop_server_locked()
        server, thread = start_http_server(port, registry=_metrics().registry)
        _server, _server_thread, _server_port = server, thread, int(server.server_address[1])
        set_metrics_enabled(True)


def stop_metrics_server() -> None:
    """Stop the ``/metrics`` server (metrics stay enabled); a no-op when none runs."""
    with _state_lock:
        _stop_server_locked()


def metrics_server_port() -> Optional[int]:
    """The port the ``/metrics`` server listens on, or None when it is not running."""
    return _server_port


def _stop_server_locked() -> None:
    global _server, _server_thread, _server_port
    server, thread = _server, _server_thread
    _server = _server_thread = _server_port = None
    if server is not None:
        server.shutdown()
        server.server_close()
    if thread is not None:
        thread.join(timeout=5)


# ---------------------------------------------------------------------------
# Tracing
# ---------------------------------------------------------------------------


def _env_provider() -> Any:
    """An SDK TracerProvider configured from the OTEL_* environment.

    ``OTEL_TRACES_EXPORTER`` picks the exporter: ``otlp`` (the default; used
    only when an OTLP exporter package is installed), ``console`` or ``none``.
    Resource attributes (``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``),
    the sampler and the batch processor's limits are read by the SDK itself.
    """
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    provider = TracerProvider(resource=Resource.create())
    names = os.environ.get("OTEL_TRACES_EXPORTER", "otlp").lower()
    for name in (n.strip() for n in names.split(",")):
        exporter: Any = None
        if name == "otlp":
            exporter = _otlp_exporter()
        elif name == "console":
            exporter = ConsoleSpanExporter()
        if exporter is not None:
            provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def _otlp_exporter() -> Any:
    """The OTLP span exporter for ``OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL``, or None when not installed."""
    protocol = (os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
                or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "grpc").lower()
    modules = ["opentelemetry.exporter.otlp.proto.grpc.trace_exporter",
               "opentelemetry.exporter.otlp.proto.http.trace_exporter"]
    if protocol.startswith("http"):
        modules.reverse()
    for name in modules:
        try:
            module = __import__(name, fromlist=["OTLPSpanExporter"])
        except ImportError:
            continue
        return module.OTLPSpanExporter()
    return None


def init_tracing(tracer_provider: Any = None) -> None:
    """Start emitting a span per command.

    Without ``tracer_provider`` an SDK provider is built from the ``OTEL_*``
    environment (and owned here: ``shutdown_tracing`` shuts it down); with
    one, spans go to it and its owner keeps control of its lifetime.  Does
    nothing when ``OTEL_SDK_DISABLED=true`` and no provider is given.
    Calling it again replaces the previous provider (shutting it down if
    owned here).
    """
    from opentelemetry.trace import SpanKind

    from aerospike_py import __version__

    global _tracer, _provider, _owns_provider, _client_kind
    if tracer_provider is None and os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return
    provider = tracer_provider if tracer_provider is not None else _env_provider()
    _client_kind = SpanKind.CLIENT
    tracer = provider.get_tracer("aerospike_py", __version__)
    with _state_lock:
        _shutdown_locked()
        _tracer, _provider, _owns_provider = tracer, provider, tracer_provider is None
        _refresh()


def shutdown_tracing() -> None:
    """Stop emitting spans and flush the ones not exported yet (shutting down a provider built by init_tracing)."""
    with _state_lock:
        _shutdown_locked()
        _refresh()


def _shutdown_locked() -> None:
    global _tracer, _provider, _owns_provider
    provider, owned = _provider, _owns_provider
    _tracer = _provider = None
    _owns_provider = False
    _refresh()  # commands started from now on make no span
    if provider is None:
        return
    if owned:
        provider.shutdown()  # flushes its processors first
    elif hasattr(provider, "force_flush"):
        provider.force_flush()


def is_tracing_enabled() -> bool:
    return _tracer is not None


# ---------------------------------------------------------------------------
# Observing one command
# ---------------------------------------------------------------------------

# prepare function -> operation name ("prepare_get" -> "get").
_op_names: dict[Any, str] = {}
# client -> (server.address, server.port, cluster name), from its config's first host.
_servers: "weakref.WeakKeyDictionary[Any, tuple[str, int, str]]" = weakref.WeakKeyDictionary()


def _op_name(prepare: Any) -> str:
    name = _op_names.get(prepare)
    if name is None:
        name = _op_names[prepare] = getattr(prepare, "__name__", "unknown").removeprefix("prepare_")
    return name


def _target(args: tuple) -> tuple[str, str]:
    """(namespace, set) of a key command's key; ("", "") for commands without a key."""
    if args:
        key = args[0]
        if type(key) is tuple or type(key) is list:
            if len(key) >= 2:
                ns, set_name = key[0], key[1]
                return (ns if type(ns) is str else "", set_name if type(set_name) is str else "")
    return "", ""


def _server_of(client: Any) -> tuple[str, int, str]:
    try:
        return _servers[client]
    except KeyError:
        pass
    config = getattr(client, "_config", None) or {}
    address, port = "", 0
    hosts = config.get("hosts") or ()
    if hosts:
        try:
            address, port, _tls = parse_host(hosts[0])
        except Exception:  # validated at construction; never let telemetry fail a command
            pass
    cluster = config.get("cluster_name") or ""
    info = (address, port, cluster if type(cluster) is str else str(cluster))
    _servers[client] = info
    return info


def _start_span(tracer: Any, client: Any, op: str, ns: str, set_name: str) -> Any:
    address, port, cluster = _server_of(client)
    attributes: dict[str, Any] = {
        "db.system.name": DB_SYSTEM,
        "db.operation.name": op,
        "db.aerospike.cluster_name": cluster,
    }
    if ns:
        attributes["db.namespace"] = ns
    if set_name:
        attributes["db.collection.name"] = set_name
    if address:
        attributes["server.address"] = address
        attributes["server.port"] = port
    name = f"{op} {ns}.{set_name}" if set_name else (f"{op} {ns}" if ns else op)
    return tracer.start_span(name, kind=_client_kind, attributes=attributes)


def _end_span_error(span: Any, exc: BaseException) -> None:
    from opentelemetry.trace import Status, StatusCode

    span.set_attribute("error.type", type(exc).__name__)
    code = getattr(exc, "code", None)
    if type(code) is int:
        span.set_attribute("db.response.status_code", str(code))
    span.record_exception(exc)
    span.set_status(Status(StatusCode.ERROR, str(exc)))
    span.end()


def _end_span_cancelled(span: Any) -> None:
    span.set_attribute("db.aerospike.cancelled", True)
    span.end()


class Observed:
    """A prepare function already being observed: ``_run`` runs it without observing it again.

    Wrapping the prepare function, rather than passing a flag, keeps ``_run``'s
    signature -- and the cost of calling it while telemetry is off -- unchanged.
    """

    __slots__ = ("prepare",)

    def __init__(self, prepare: Callable[..., Any]) -> None:
        self.prepare = prepare

    def __call__(self, as_: Any, req: Any, *args: Any) -> tuple[Callable[[Any, Any], Any], Any]:
        return self.prepare(as_, req, *args)


class _StageClock(Observed):
    """Also times the command's prepare, execute and finish stages."""

    __slots__ = ("op", "prepared_at")

    def __init__(self, prepare: Callable[..., Any], op: str) -> None:
        self.prepare = prepare
        self.op = op
        self.prepared_at = 0.0

    def __call__(self, as_: Any, req: Any, *args: Any) -> tuple[Callable[[Any, Any], Any], Any]:
        started = perf_counter()
        finish, context = self.prepare(as_, req, *args)
        self.prepared_at = now = perf_counter()
        _stage("prepare", self.op).observe(now - started)

        def timed_finish(req: Any, context: Any) -> Any:
            begun = perf_counter()
            _stage("execute", self.op).observe(begun - self.prepared_at)
            try:
                return finish(req, context)
            finally:
                _stage("finish", self.op).observe(perf_counter() - begun)

        return timed_finish, context


def observe_sync(client: Any, run: Callable[..., Any], prepare: Callable[..., Any], args: tuple) -> Any:
    """Run one blocking command through ``run`` (the client's ``_run``) with metrics and a span."""
    op = _op_name(prepare)
    ns, set_name = _target(args)
    metrics = _metrics_on
    tracer = _tracer
    span = _start_span(tracer, client, op, ns, set_name) if tracer is not None else None
    wrapped = _StageClock(prepare, op) if _stages_on else Observed(prepare)
    started = perf_counter()
    try:
        result = run(wrapped, *args)
    except Exception as exc:
        if metrics:
            _record(ns, set_name, op, type(exc).__name__, perf_counter() - started)
        if span is not None:
            _end_span_error(span, exc)
        raise
    except BaseException:
        if span is not None:
            _end_span_cancelled(span)
        raise
    if metrics:
        _record(ns, set_name, op, "", perf_counter() - started)
    if span is not None:
        span.end()
    return result


async def observe_async(client: Any, run: Callable[..., Awaitable[Any]], prepare: Callable[..., Any],
                        args: tuple) -> Any:
    """The async form of ``observe_sync``: the duration spans the await."""
    op = _op_name(prepare)
    ns, set_name = _target(args)
    metrics = _metrics_on
    tracer = _tracer
    span = _start_span(tracer, client, op, ns, set_name) if tracer is not None else None
    wrapped = _StageClock(prepare, op) if _stages_on else Observed(prepare)
    started = perf_counter()
    try:
        result = await run(wrapped, *args)
    except Exception as exc:
        if metrics:
            _record(ns, set_name, op, type(exc).__name__, perf_counter() - started)
        if span is not None:
            _end_span_error(span, exc)
        raise
    except BaseException:  # cancellation: neither an error nor a latency sample
        if span is not None:
            _end_span_cancelled(span)
        raise
    if metrics:
        _record(ns, set_name, op, "", perf_counter() - started)
    if span is not None:
        span.end()
    return result
