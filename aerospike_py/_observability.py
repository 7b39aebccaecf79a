"""Prometheus metrics and OpenTelemetry spans for every command.

Both clients funnel each command through ``_run``, which reads one module
flag, ``enabled`` (metrics, stage profiling or tracing on), and hands the
command to ``observe_sync`` / ``observe_async`` here.  They time it and
re-enter ``_run`` with the prepare function wrapped in ``Observed`` (so it is
not observed twice).  The fast paths of get and put (include/aspy_fast.c)
record their metrics in C, into ``_c_series``; the async ones when the drain
completes them.

Metrics are on by default, as in aerospike-py: every command adds one sample
to the histogram ``db_client_operation_duration_seconds`` (labels
``db_system_name``, ``db_namespace``, ``db_collection_name``,
``db_operation_name``, ``error_type``; buckets 1 ms to 10 s).  Recording must
cost next to nothing, so a sample is two clock reads, one dict lookup and two
list increments under a lock (``record``); the counts become a Prometheus
histogram only when scraped (``_DurationCollector``).
``set_metrics_enabled(False)`` turns recording off.  The metrics live in a
registry of their own (``get_registry()``), so they never mix with (or
collide with) an application's metrics in prometheus_client's default
registry.

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
import functools
import os
import sys
import threading
import weakref
from bisect import bisect_left
from time import perf_counter
from typing import Any, Awaitable, Callable, Iterator, Optional

from aerospike_py._binding import ffi, lib
from aerospike_py._config import parse_host

__all__ = [
    "start_metrics_server",
    "stop_metrics_server",
    "metrics_server_port",
    "get_metrics",
    "get_registry",
    "set_metrics_enabled",
    "is_metrics_enabled",
    "set_internal_stage_metrics_enabled",
    "is_internal_stage_metrics_enabled",
    "internal_stage_profiling",
    "init_tracing",
    "shutdown_tracing",
    "is_tracing_enabled",
]

DB_SYSTEM = "aerospike"

# What the clients' hot path reads: ``enabled`` -- any telemetry on (metrics
# are on by default); ``full`` -- tracing or stage profiling on, which only the
# general observing path serves; ``metrics_on`` -- operation metrics on;
# ``timing`` -- metrics on and nothing else, so the sync client records them inline.
enabled: bool = True
full: bool = False
metrics_on: bool = True
timing: bool = True

_stages_on = os.environ.get("AEROSPIKE_PY_INTERNAL_METRICS", "").strip().lower() in ("1", "true", "yes", "on")
_tracer: Any = None  # an opentelemetry Tracer while tracing is on
_client_kind: Any = None  # SpanKind.CLIENT, imported with the tracer
_provider: Any = None
_owns_provider = False
_state_lock = threading.RLock()


def _refresh() -> None:
    global enabled, full, timing
    full = _stages_on or _tracer is not None
    enabled = metrics_on or full
    timing = metrics_on and not full
    # The C fast path (aspy_fast.c) serves plain get/put unless tracing or stage profiling is on;
    # it relies on the GIL, so a free-threaded interpreter never takes it.
    free_threaded = not getattr(sys, "_is_gil_enabled", lambda: True)()
    lib.aspy_fast_set_mode(lib.ASPY_FAST_OFF if full or free_threaded
                           else lib.ASPY_FAST_METRICS if metrics_on else lib.ASPY_FAST_ON)


_refresh()

# ---------------------------------------------------------------------------
# Operation metrics: plain counters on the hot path, a histogram at scrape time
# ---------------------------------------------------------------------------

_DURATION = "db_client_operation_duration_seconds"
_DURATION_HELP = "Duration of database client operations."
_LABELS = ("db_system_name", "db_namespace", "db_collection_name", "db_operation_name", "error_type")
# aerospike-py's buckets, so dashboards and alerts built on it keep working.
_BOUNDS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0)
_N_BUCKETS = len(_BOUNDS) + 1  # the last one is +Inf
# Index of the sum of durations in a series' list; ``record`` spells out 10
# (and the first two bounds) to save a name lookup per command.
_SUM = _N_BUCKETS
_STAGE_BUCKETS = (0.000001, 0.000005, 0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                  0.05, 0.1, 0.5, 1.0)

# (prepare function, namespace, set[, error type]) -> [count per bucket (not
# cumulative)..., sum of seconds]; successes have no error type.
_series: dict[tuple[Any, ...], list[Any]] = {}
# prepare function -> (namespace, set, counts) of the series its last success went to.
_last: dict[Any, tuple[Any, Any, list[Any]]] = {}
_series_lock = threading.Lock()
_clock = perf_counter
# Series the C fast path records into (aspy_fast.c): the same labels, C counts
# (``aspy_histogram``: counts per bucket, then the sum); merged at scrape time.
_c_series: dict[tuple[Any, ...], Any] = {}

# Error types as aerospike-py names them (its Rust client's error and result
# code names), by Aerospike status code; other errors use the exception's class name.
_ERROR_TYPES: dict[int, str] = {
    -10: "Connection",
    -8: "InvalidNode",
    -7: "NoMoreConnections",
    -6: "Connection",
    -2: "InvalidArgument",
    2: "KeyNotFoundError",
    3: "GenerationError",
    5: "KeyExistsError",
    9: "Timeout",
    12: "BinTypeError",
    13: "RecordTooBig",
    17: "BinNotFound",
    27: "FilteredOut",
}


def record(prepare: Any, key: Any, started: float) -> None:
    """One successful command: ``prepare`` names it, ``key`` is its first argument (its key, for key commands).

    The series a command used last is remembered per command with its
    namespace and set objects, so a run of commands on one set costs two
    identity checks instead of a tuple key's hash and comparison.

    No lock: with the GIL, nothing between reading and writing a count can
    switch threads (no call into Python code, no eval-breaker check), and a new
    series is added with the atomic ``setdefault``.  Interpreters without a GIL
    use the locked variant below instead.
    """
    seconds = _clock() - started
    try:
        ns, set_name, counts = _last[prepare]
        if type(key) is not tuple or key[0] is not ns or key[1] is not set_name:
            counts = _counts_of(prepare, key)
    except (KeyError, IndexError):
        counts = _counts_of(prepare, key)
    if seconds <= 0.001:
        counts[0] += 1
    elif seconds <= 0.005:
        counts[1] += 1
    else:
        counts[bisect_left(_BOUNDS, seconds)] += 1
    counts[10] += seconds  # _SUM


def _counts_of(prepare: Any, key: Any) -> list[Any]:
    """The counts of a successful command's series, made on first use, and remembered as its last."""
    if type(key) is tuple and len(key) > 2:  # a key command that succeeded: its key is valid
        ns, set_name = key[0], key[1]
    else:
        ns, set_name = _target((key,))
    label = (prepare, ns, set_name)
    counts = _series.get(label)
    if counts is None:
        counts = _series.setdefault(label, [0] * _N_BUCKETS + [0.0])
    if type(key) is tuple:
        _last[prepare] = (ns, set_name, counts)
    return counts


def c_series_address(prepare: Any, key: Any) -> int:
    """The address of the C counts of a fast-path command's series, made on first use (GIL held)."""
    label = (prepare, key[0], key[1])
    counts = _c_series.get(label)
    if counts is None:
        counts = _c_series.setdefault(label, ffi.new("aspy_histogram *"))
    return int(ffi.cast("uintptr_t", counts))


def record_error(prepare: Any, args: tuple, started: float, exc: BaseException) -> None:
    """One failed command, labelled with its error type."""
    record_error_seconds(prepare, args, _clock() - started, exc)


def record_error_seconds(prepare: Any, args: tuple, seconds: float, exc: BaseException) -> None:
    """One failed command that took ``seconds``, labelled with its error type."""
    label = (prepare, *_target(args), error_type(exc))
    counts = _series.get(label)
    if counts is None:
        counts = _series.setdefault(label, [0] * _N_BUCKETS + [0.0])
    counts[bisect_left(_BOUNDS, seconds)] += 1
    counts[_SUM] += seconds


def _locked(function: Callable[..., None]) -> Callable[..., None]:
    def locked(*args: Any) -> None:
        with _series_lock:
            function(*args)

    locked.__doc__ = function.__doc__
    return locked


_is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
if _is_gil_enabled is not None and not _is_gil_enabled():  # free-threaded build: no GIL to lean on
    record = _locked(record)  # type: ignore[assignment]
    record_error_seconds = _locked(record_error_seconds)  # type: ignore[assignment]


def error_type(exc: BaseException) -> str:
    """The ``error_type`` label of a failed command."""
    code = getattr(exc, "code", None)
    if type(code) is int:
        name = _ERROR_TYPES.get(code)
        if name is not None:
            return name
    return type(exc).__name__


def _label_value(value: Any) -> str:
    return value if type(value) is str else ""


class _DurationCollector:
    """Turns the recorded counts into the duration histogram when the registry is scraped."""

    def describe(self) -> list[Any]:
        from prometheus_client.core import HistogramMetricFamily

        return [HistogramMetricFamily(_DURATION, _DURATION_HELP, labels=_LABELS)]

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import HistogramMetricFamily
        from prometheus_client.utils import floatToGoString

        with _series_lock:  # (copying is atomic with the GIL; the lock serves free-threaded builds)
            snapshot = [(label, list(counts)) for label, counts in list(_series.items())]
            snapshot += [(label, [*counts.counts, counts.sum]) for label, counts in list(_c_series.items())]
        merged: dict[tuple[str, str, str, str], list[Any]] = {}
        for label, counts in snapshot:
            error = label[3] if len(label) > 3 else ""
            labels = (_op_name(label[0]), _label_value(label[1]), _label_value(label[2]), error)
            total = merged.get(labels)
            if total is None:
                merged[labels] = counts
            else:
                for i, value in enumerate(counts):
                    total[i] += value
        family = HistogramMetricFamily(_DURATION, _DURATION_HELP, labels=_LABELS)
        bounds = [floatToGoString(b) for b in _BOUNDS] + ["+Inf"]
        for (op, ns, set_name, error), counts in merged.items():
            cumulative, buckets = 0, []
            for bound, count in zip(bounds, counts):
                cumulative += count
                buckets.append((bound, cumulative))
            family.add_metric([DB_SYSTEM, ns, set_name, op, error], buckets, counts[_SUM])
        yield family


class _Metrics:
    """The registry, built on first use: importing prometheus_client takes ~40 ms."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(_DurationCollector())  # type: ignore[arg-type]
        self.stages = Histogram(
            "db_client_internal_stage_seconds",
            "Time spent in each internal stage of an operation: prepare (arguments to the C request), "
            "execute (C client and network, including waiting for a free slot), finish (C result to Python).",
            ("stage", "db_operation_name"),
            buckets=_STAGE_BUCKETS,
            registry=self.registry,
        )
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


def _stage(stage: str, op: str) -> Any:
    m = _m or _metrics()
    child = m.stage_children.get((stage, op))
    if child is None:
        child = m.stage_children[(stage, op)] = m.stages.labels(stage, op)
    return child


def set_metrics_enabled(enabled: bool) -> None:
    """Switch operation metrics on (the default) or off (to save the ~1 µs they cost per command)."""
    global metrics_on
    with _state_lock:
        metrics_on = bool(enabled)
        _refresh()


def is_metrics_enabled() -> bool:
    """True while operation metrics are recorded (the default)."""
    return metrics_on


def set_internal_stage_metrics_enabled(enabled: bool) -> None:
    """Switch the per-stage histogram ``db_client_internal_stage_seconds`` on or off.

    Off by default (``AEROSPIKE_PY_INTERNAL_METRICS=1`` turns it on at import):
    it adds three clock reads and three histogram samples to every command.
    It is independent of ``set_metrics_enabled``.
    """
    global _stages_on
    with _state_lock:
        if enabled:
            _metrics()
        _stages_on = bool(enabled)
        _refresh()


def is_internal_stage_metrics_enabled() -> bool:
    """True while stage profiling is on (off by default)."""
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
        with _series_lock:
            _last.clear()
            _series.clear()
            kept = list(_c_series.values())  # alive until the C side has forgotten them
            _c_series.clear()
            lib.aspy_fast_forget_series()
            del kept
        m = _m
        if m is not None:
            m.stages.clear()
            m.stage_children.clear()


# ---------------------------------------------------------------------------
# The /metrics HTTP server
# ---------------------------------------------------------------------------

_server: Any = None
_server_thread: Optional[threading.Thread] = None
_server_port: Optional[int] = None
_server_addr: Optional[str] = None

# prometheus_client's own default bind address (all IPv4 interfaces).
DEFAULT_METRICS_ADDR = "0.0.0.0"


def start_metrics_server(port: int = 9464, addr: str = DEFAULT_METRICS_ADDR) -> None:
    """Serve ``/metrics`` over HTTP on ``addr:port`` in a daemon thread, and switch metrics on.

    Calling it again with the same address and port is a no-op; with another
    one the server moves there (the old one keeps serving if the new address
    cannot be bound).  Port 0 picks a free port (``metrics_server_port()``).
    A port already in use raises ``OSError`` naming the address and port.
    """
    from prometheus_client import start_http_server

    global _server, _server_thread, _server_port, _server_addr
    if type(port) is not int or not 0 <= port <= 65535:
        raise ValueError(f"port must be an int in 0..65535, got {port!r}")
    if type(addr) is not str:
        raise ValueError(f"addr must be a str (an address to bind), got {addr!r}")
    with _state_lock:
        if _server is not None and addr == _server_addr and (port == 0 or port == _server_port):
            set_metrics_enabled(True)
            return
        if _server is not None and port == _server_port:
            _stop_server_locked()  # the same port on another address: free it first
        try:
            server, thread = start_http_server(port, addr=addr, registry=_metrics().registry)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OSError(exc.errno, f"cannot serve metrics on {addr}:{port}: {reason}") from exc
        _stop_server_locked()
        _server, _server_thread = server, thread
        _server_port, _server_addr = int(server.server_address[1]), addr
        set_metrics_enabled(True)


def stop_metrics_server() -> None:
    """Stop the ``/metrics`` server (metrics stay enabled); a no-op when none runs."""
    with _state_lock:
        _stop_server_locked()


def metrics_server_port() -> Optional[int]:
    """The port the ``/metrics`` server listens on, or None when it is not running."""
    return _server_port


def _stop_server_locked() -> None:
    global _server, _server_thread, _server_port, _server_addr
    server, thread = _server, _server_thread
    _server = _server_thread = _server_port = _server_addr = None
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


def _application_provider() -> Any:
    """The global TracerProvider the application installed, or None while it is the default proxy / no-op."""
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    if isinstance(provider, (trace.ProxyTracerProvider, trace.NoOpTracerProvider)):
        return None
    return provider


def init_tracing(tracer_provider: Any = None) -> None:
    """Start emitting a span per command.

    The spans go to ``tracer_provider`` when given; otherwise to the global
    provider the application installed (``opentelemetry.trace.set_tracer_provider``,
    as auto-instrumentation does); otherwise to an SDK provider built here from
    the ``OTEL_*`` environment.  Only that last one is owned here:
    ``shutdown_tracing`` shuts it down, and merely flushes the others, whose
    owner keeps control of their lifetime.  Does nothing when
    ``OTEL_SDK_DISABLED=true`` and there is no provider to use.  Calling it
    again replaces the previous provider (shutting it down if owned here).
    """
    from opentelemetry.trace import SpanKind

    from aerospike_py import __version__

    global _tracer, _provider, _owns_provider, _client_kind
    provider = tracer_provider if tracer_provider is not None else _application_provider()
    owned = provider is None
    if owned:
        if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
            return
        provider = _env_provider()
    _client_kind = SpanKind.CLIENT
    tracer = provider.get_tracer("aerospike_py", __version__)
    with _state_lock:
        _shutdown_locked()
        _tracer, _provider, _owns_provider = tracer, provider, owned
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
    """True between ``init_tracing()`` and ``shutdown_tracing()``."""
    return _tracer is not None


# ---------------------------------------------------------------------------
# Observing one command
# ---------------------------------------------------------------------------

# prepare function -> operation name ("prepare_get" -> "get").
_op_names: dict[Any, str] = {}
# client -> (server.address, server.port, cluster name), from its config's first host.
_servers: "weakref.WeakKeyDictionary[Any, tuple[str, int, str]]" = weakref.WeakKeyDictionary()


# Operation names aerospike-py gives differently from the method's name.
_OP_RENAMES = {"remove": "delete"}


def _op_name(prepare: Any) -> str:
    name = _op_names.get(prepare)
    if name is None:
        name = getattr(prepare, "__name__", "unknown").removeprefix("prepare_")
        name = _op_names[prepare] = _OP_RENAMES.get(name, name)
    return name


def _target(args: tuple) -> tuple[str, str]:
    """(namespace, set) of a command's key, or of a batch's first key; ("", "") for commands without a key."""
    if args:
        key = args[0]
        if type(key) is list and key and type(key[0]) in (tuple, list):
            key = key[0]
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


class Observed(functools.partial):  # type: ignore[type-arg]
    """A prepare function already being observed: ``_run`` runs it without observing it again.

    Wrapping the prepare function, rather than passing a flag, keeps ``_run``'s
    signature -- and the cost of calling it while telemetry is off -- unchanged;
    a ``functools.partial`` calls through in C.
    """

    __slots__ = ()


class _StageClock(Observed):
    """Also times the command's prepare, execute and finish stages."""

    op: str
    prepared_at: float

    def __new__(cls, prepare: Callable[..., Any], op: str) -> "_StageClock":
        self = super().__new__(cls, prepare)
        self.op = op
        self.prepared_at = 0.0
        return self

    def __call__(self, as_: Any, req: Any, *args: Any) -> tuple[Callable[[Any, Any], Any], Any]:
        started = perf_counter()
        finish, context = self.func(as_, req, *args)
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
    if full:
        return _observe_sync_full(client, run, prepare, args)
    started = _clock()
    try:
        result = run(Observed(prepare), *args)
    except Exception as exc:
        record_error(prepare, args, started, exc)
        raise
    record(prepare, args[0] if args else None, started)
    return result


async def observe_async(client: Any, run: Callable[..., Awaitable[Any]], prepare: Callable[..., Any],
                        args: tuple) -> Any:
    """The async form of ``observe_sync``: the duration spans the await."""
    if full:
        return await _observe_async_full(client, run, prepare, args)
    started = _clock()
    try:
        result = await run(Observed(prepare), *args)
    except Exception as exc:
        record_error(prepare, args, started, exc)
        raise
    record(prepare, args[0] if args else None, started)
    return result


def _observe_sync_full(client: Any, run: Callable[..., Any], prepare: Callable[..., Any], args: tuple) -> Any:
    """``observe_sync`` with a span and/or stage timings."""
    op = _op_name(prepare)
    ns, set_name = _target(args)
    metrics = metrics_on
    tracer = _tracer
    span = _start_span(tracer, client, op, ns, set_name) if tracer is not None else None
    wrapped = _StageClock(prepare, op) if _stages_on else Observed(prepare)
    started = _clock()
    try:
        result = run(wrapped, *args)
    except Exception as exc:
        if metrics:
            record_error(prepare, args, started, exc)
        if span is not None:
            _end_span_error(span, exc)
        raise
    except BaseException:
        if span is not None:
            _end_span_cancelled(span)
        raise
    if metrics:
        record(prepare, args[0] if args else None, started)
    if span is not None:
        span.end()
    return result


async def _observe_async_full(client: Any, run: Callable[..., Awaitable[Any]], prepare: Callable[..., Any],
                              args: tuple) -> Any:
    """``observe_async`` with a span and/or stage timings."""
    op = _op_name(prepare)
    ns, set_name = _target(args)
    metrics = metrics_on
    tracer = _tracer
    span = _start_span(tracer, client, op, ns, set_name) if tracer is not None else None
    wrapped = _StageClock(prepare, op) if _stages_on else Observed(prepare)
    started = _clock()
    try:
        result = await run(wrapped, *args)
    except Exception as exc:
        if metrics:
            record_error(prepare, args, started, exc)
        if span is not None:
            _end_span_error(span, exc)
        raise
    except BaseException:  # cancellation: neither an error nor a latency sample
        if span is not None:
            _end_span_cancelled(span)
        raise
    if metrics:
        record(prepare, args[0] if args else None, started)
    if span is not None:
        span.end()
    return result
