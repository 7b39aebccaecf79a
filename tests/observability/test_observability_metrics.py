"""Prometheus metrics: on by default, labelled per operation and outcome as in aerospike-py, served over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import urllib.error
import urllib.request
from typing import Any, Callable

import pytest
from prometheus_client.parser import text_string_to_metric_families

import aerospike_py
from aerospike_py import _observability as obs
from aerospike_py.exception import RecordNotFound


def fetch(port: int, path: str = "/metrics") -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


# -- enabling ------------------------------------------------------------------


def test_metrics_are_on_by_default_in_a_fresh_process(config: dict[str, Any], metrics: Any) -> None:
    """A new interpreter records a fresh client's get with no call to switch metrics on."""
    script = textwrap.dedent(f"""
        import aerospike_py
        assert aerospike_py.is_metrics_enabled() is True
        client = aerospike_py.client({config!r}).connect()
        try:
            client.get(("test", "fresh-process-set", "no-such-key"))
        except aerospike_py.exception.RecordNotFound:
            pass
        client.close()
        print(aerospike_py.get_metrics())
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    (sample,) = [s for s in metrics.samples("db_client_operation_duration_seconds_count", proc.stdout)
                 if s.labels["db_collection_name"] == "fresh-process-set"]
    assert sample.labels["db_operation_name"] == "get"
    assert sample.labels["error_type"] == "KeyNotFoundError"
    assert sample.value == 1


def test_a_fresh_clients_get_is_recorded_without_enabling_anything(config: dict[str, Any], make_key: Callable,
                                                                   set_name: str, metrics: Any) -> None:
    assert aerospike_py.is_metrics_enabled() is True
    with aerospike_py.client(config).connect() as fresh:
        key = make_key()
        fresh.put(key, {"a": 1})
        fresh.get(key)
    assert metrics.count("get", set_name=set_name) == 1
    assert metrics.count("put", set_name=set_name) == 1


def test_disabled_metrics_record_nothing(client: aerospike_py.Client, make_key: Callable, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(False)
    assert aerospike_py.is_metrics_enabled() is False
    assert obs.enabled is False  # nothing else on either: the hot path does no telemetry at all
    key = make_key()
    client.put(key, {"a": 1})
    client.get(key)
    with pytest.raises(RecordNotFound):
        client.get(make_key())
    assert metrics.recorded() == 0
    assert metrics.samples("db_client_operation_duration_seconds_count") == []


def test_get_metrics_is_valid_exposition_text_before_any_operation() -> None:
    text = aerospike_py.get_metrics()
    families = {f.name: f.type for f in text_string_to_metric_families(text)}
    assert families == {"db_client_operation_duration_seconds": "histogram",
                        "db_client_internal_stage_seconds": "histogram"}


def test_set_metrics_enabled_toggles_the_hot_path_flags() -> None:
    aerospike_py.set_metrics_enabled(False)
    assert aerospike_py.is_metrics_enabled() is False
    assert obs.enabled is False and obs.timing is False
    aerospike_py.set_metrics_enabled(True)
    assert aerospike_py.is_metrics_enabled() is True
    assert obs.enabled is True and obs.timing is True


# -- what gets recorded --------------------------------------------------------


def test_the_histogram_has_the_labels_and_buckets_of_aerospike_py(client: aerospike_py.Client,
                                                                 make_key: Callable, set_name: str) -> None:
    key = make_key()
    client.put(key, {"a": 1})
    (family,) = [f for f in text_string_to_metric_families(aerospike_py.get_metrics())
                 if f.name == "db_client_operation_duration_seconds"]
    assert family.type == "histogram"
    assert family.documentation == "Duration of database client operations."
    mine = [s for s in family.samples if s.labels["db_collection_name"] == set_name]
    buckets = [s for s in mine if s.name.endswith("_bucket")]
    assert [s.labels["le"] for s in buckets] == ["0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0",
                                                 "10.0", "+Inf"]
    assert [s.value for s in buckets] == sorted(s.value for s in buckets)  # cumulative
    assert buckets[-1].value == 1
    for s in mine:
        labels = {k: v for k, v in s.labels.items() if k != "le"}
        assert labels == {"db_system_name": "aerospike", "db_namespace": "test", "db_collection_name": set_name,
                          "db_operation_name": "put", "error_type": ""}
    (total,) = [s for s in mine if s.name.endswith("_sum")]
    assert 0 < total.value < 10


def test_put_get_and_not_found_are_recorded_with_their_labels(client: aerospike_py.Client, make_key: Callable,
                                                              set_name: str, metrics: Any) -> None:
    key = make_key()
    client.put(key, {"a": 1})
    assert client.get(key)[2] == {"a": 1}
    with pytest.raises(RecordNotFound):
        client.get(make_key())

    assert metrics.count("put", set_name=set_name) == 1
    assert metrics.count("get", set_name=set_name) == 1
    assert metrics.count("get", "KeyNotFoundError", set_name=set_name) == 1
    sums = [s for s in metrics.samples("db_client_operation_duration_seconds_sum")
            if s.labels["db_collection_name"] == set_name]
    assert len(sums) == 3 and all(0 < s.value < 10 for s in sums)


def test_error_types_are_named_as_in_aerospike_py(client: aerospike_py.Client, make_key: Callable,
                                                  set_name: str, metrics: Any) -> None:
    key = make_key()
    client.put(key, {"a": 1, "s": "x"})
    with pytest.raises(aerospike_py.exception.RecordExistsError):
        client.put(key, {"a": 2}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY})
    with pytest.raises(aerospike_py.exception.RecordGenerationError):
        client.put(key, {"a": 2}, meta={"gen": 99}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    with pytest.raises(aerospike_py.exception.BinTypeError):
        client.increment(key, "s", 1)
    assert metrics.count("put", "KeyExistsError", set_name=set_name) == 1
    assert metrics.count("put", "GenerationError", set_name=set_name) == 1
    assert metrics.count("increment", "BinTypeError", set_name=set_name) == 1


def test_every_key_command_takes_its_name_from_the_command(client: aerospike_py.Client, make_key: Callable,
                                                           set_name: str, metrics: Any) -> None:
    key = make_key()
    client.put(key, {"a": 1, "s": "x"})
    client.exists(key)
    client.select(key, ["a"])
    client.increment(key, "a", 2)
    client.append(key, "s", "y")
    client.touch(key)
    client.remove(key)
    for op in ("put", "exists", "select", "increment", "append", "touch", "delete"):  # remove is "delete"
        assert metrics.count(op, set_name=set_name) == 1, op


def test_batches_are_labelled_with_their_first_key(client: aerospike_py.Client, make_key: Callable,
                                                   set_name: str, metrics: Any) -> None:
    keys = [make_key() for _ in range(3)]
    client.batch_read(keys)
    assert metrics.count("batch_read", set_name=set_name) == 1


def test_info_commands_have_no_namespace(client: aerospike_py.Client, metrics: Any) -> None:
    client.info_random_node("build")
    assert metrics.count("info_random_node", ns="", set_name="") == 1


def test_argument_errors_are_recorded_as_invalid_argument(client: aerospike_py.Client, metrics: Any) -> None:
    with pytest.raises(aerospike_py.InvalidArgError):
        client.get(("test", "s", object()))
    with pytest.raises(aerospike_py.InvalidArgError):
        client.get(("test",))
    assert metrics.count("get", "InvalidArgument", set_name="s") == 1
    assert metrics.count("get", "InvalidArgument", ns="", set_name="") == 1


def test_errors_are_reraised_unchanged(client: aerospike_py.Client, make_key: Callable) -> None:
    with pytest.raises(RecordNotFound) as info:
        client.get(make_key())
    assert type(info.value) is RecordNotFound
    assert info.value.code == 2


def test_disabling_stops_recording(client: aerospike_py.Client, make_key: Callable, metrics: Any) -> None:
    key = make_key()
    client.put(key, {"a": 1})
    aerospike_py.set_metrics_enabled(False)
    client.put(key, {"a": 2})
    aerospike_py.set_metrics_enabled(True)
    client.put(key, {"a": 3})
    assert metrics.count("put") == 2


def test_no_sample_is_lost_across_threads(config: dict[str, Any], make_key: Callable, set_name: str,
                                          metrics: Any) -> None:
    key = make_key()
    with aerospike_py.client(config).connect() as shared:
        shared.put(key, {"a": 1})

        def work() -> None:
            for _ in range(200):
                shared.get(key)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert metrics.count("get", set_name=set_name) == 1600


def test_metrics_use_their_own_registry(client: aerospike_py.Client, make_key: Callable) -> None:
    from prometheus_client import REGISTRY

    client.put(make_key(), {"a": 1})
    assert obs.get_registry() is not REGISTRY
    assert aerospike_py.get_registry() is obs.get_registry()
    assert REGISTRY.get_sample_value("db_client_operation_duration_seconds_count") is None


# -- internal stages -----------------------------------------------------------


def test_internal_stage_profiling_enables_inside_the_block_and_restores() -> None:
    aerospike_py.set_metrics_enabled(False)
    assert aerospike_py.is_internal_stage_metrics_enabled() is False
    with aerospike_py.internal_stage_profiling():
        assert aerospike_py.is_internal_stage_metrics_enabled() is True
        assert obs.enabled is True
    assert aerospike_py.is_internal_stage_metrics_enabled() is False
    assert obs.enabled is False

    aerospike_py.set_internal_stage_metrics_enabled(True)
    with aerospike_py.internal_stage_profiling():
        pass
    assert aerospike_py.is_internal_stage_metrics_enabled() is True  # the previous state, not False


def test_internal_stage_profiling_restores_on_error() -> None:
    with pytest.raises(ZeroDivisionError):
        with aerospike_py.internal_stage_profiling():
            1 / 0
    assert aerospike_py.is_internal_stage_metrics_enabled() is False


def test_internal_stages_are_recorded_per_operation(client: aerospike_py.Client, make_key: Callable,
                                                    metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(False)
    key = make_key()
    with aerospike_py.internal_stage_profiling():
        client.put(key, {"a": 1})
        client.get(key)
    client.get(key)  # after the block: not profiled
    counts = {(s.labels["stage"], s.labels["db_operation_name"]): s.value
              for s in metrics.samples("db_client_internal_stage_seconds_count")}
    for op in ("put", "get"):
        for stage in ("prepare", "execute", "finish"):
            assert counts[(stage, op)] == 1, (stage, op)
    assert metrics.recorded() == 0  # stage profiling alone records no operation metrics


# -- the HTTP server -----------------------------------------------------------


def test_metrics_server_serves_stops_and_restarts(client: aerospike_py.Client, make_key: Callable,
                                                  free_port: Callable[[], int], metrics: Any) -> None:
    port = free_port()
    aerospike_py.start_metrics_server(port)
    assert aerospike_py.is_metrics_enabled() is True  # implied by serving them
    client.put(make_key(), {"a": 1})

    text = fetch(port)
    served = {s.labels["db_operation_name"]: s.value for s in metrics.samples("db_client_operation_duration_seconds_count", text)}
    assert served == {"put": 1.0}

    aerospike_py.start_metrics_server(port)  # again on the same port: a no-op
    assert obs.metrics_server_port() == port
    assert 'db_operation_name="put"' in fetch(port)

    aerospike_py.stop_metrics_server()
    assert obs.metrics_server_port() is None
    with pytest.raises(urllib.error.URLError) as info:
        fetch(port)
    assert isinstance(info.value.reason, ConnectionRefusedError)
    aerospike_py.stop_metrics_server()  # stopping twice is fine


def test_metrics_server_moves_to_another_port(free_port: Callable[[], int]) -> None:
    first = free_port()
    aerospike_py.start_metrics_server(first)
    second = free_port()
    aerospike_py.start_metrics_server(second)
    assert obs.metrics_server_port() == second
    assert "db_client_operation_duration_seconds" in fetch(second)
    with pytest.raises(urllib.error.URLError):
        fetch(first)


def test_metrics_server_on_any_port() -> None:
    aerospike_py.start_metrics_server(0)
    port = obs.metrics_server_port()
    assert port
    assert "db_client_operation_duration_seconds" in fetch(port)


def test_metrics_server_rejects_a_bad_port() -> None:
    with pytest.raises(ValueError):
        aerospike_py.start_metrics_server(70000)
    assert obs.metrics_server_port() is None


def test_metrics_server_binds_the_given_address(free_port: Callable[[], int]) -> None:
    port = free_port()
    aerospike_py.start_metrics_server(port=port, addr="127.0.0.1")
    assert aerospike_py.metrics_server_port() == port
    assert "db_client_operation_duration_seconds" in fetch(port)


def test_metrics_server_default_address_is_prometheus_clients() -> None:
    import inspect

    from prometheus_client import start_http_server

    ours = inspect.signature(aerospike_py.start_metrics_server).parameters
    assert ours["port"].default == 9464
    assert ours["addr"].default == inspect.signature(start_http_server).parameters["addr"].default


def test_a_busy_port_raises_an_error_naming_it(free_port: Callable[[], int]) -> None:
    with socket.socket() as blocker:
        blocker.bind(("0.0.0.0", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(OSError) as info:
            aerospike_py.start_metrics_server(port)
    assert str(port) in str(info.value)
    assert "in use" in str(info.value)
    assert aerospike_py.metrics_server_port() is None


def test_a_busy_port_leaves_the_running_server_alone(free_port: Callable[[], int]) -> None:
    first = free_port()
    aerospike_py.start_metrics_server(first)
    with socket.socket() as blocker:
        blocker.bind(("0.0.0.0", 0))
        blocker.listen()
        with pytest.raises(OSError, match=str(blocker.getsockname()[1])):
            aerospike_py.start_metrics_server(blocker.getsockname()[1])
    assert aerospike_py.metrics_server_port() == first
    assert "db_client_operation_duration_seconds" in fetch(first)


# -- the public names ------------------------------------------------------------

# aerospike-py's observability and logging functions, and the ones its documentation mentions.
OBSERVABILITY_NAMES = [
    "get_metrics", "set_metrics_enabled", "is_metrics_enabled", "set_internal_stage_metrics_enabled",
    "is_internal_stage_metrics_enabled", "internal_stage_profiling", "dropped_log_count", "set_log_level",
    "start_metrics_server", "stop_metrics_server", "init_tracing", "shutdown_tracing",
    "metrics_server_port", "is_tracing_enabled", "get_registry",
]


@pytest.mark.parametrize("name", OBSERVABILITY_NAMES)
def test_observability_functions_are_exported(name: str) -> None:
    assert callable(getattr(aerospike_py, name))
    assert name in aerospike_py.__all__


def test_fast_and_general_paths_share_one_series(client: aerospike_py.Client, make_key: Callable, set_name: str,
                                                 metrics: Any) -> None:
    """A plain get (counted in C) and a get with a policy (counted in Python) land in one histogram series."""
    key = make_key()
    client.put(key, {"a": 1})
    client.put(key, {"a": 2}, policy={})
    for _ in range(3):
        client.get(key)
    client.get(key, policy={})
    with pytest.raises(RecordNotFound):
        client.get(make_key())
    assert metrics.count("get", set_name=set_name) == 4
    assert metrics.count("put", set_name=set_name) == 2
    assert metrics.count("get", error_type="KeyNotFoundError", set_name=set_name) == 1
    (bucket,) = [s for s in metrics.samples("db_client_operation_duration_seconds_bucket")
                 if s.labels["db_operation_name"] == "get" and s.labels["error_type"] == ""
                 and s.labels["db_collection_name"] == set_name and s.labels["le"] == "+Inf"]
    assert bucket.value == 4
    (total,) = [s for s in metrics.samples("db_client_operation_duration_seconds_sum")
                if s.labels["db_operation_name"] == "get" and s.labels["error_type"] == ""
                and s.labels["db_collection_name"] == set_name]
    assert 0 < total.value < 4 * 10


def test_reset_forgets_fast_path_series(client: aerospike_py.Client, make_key: Callable, set_name: str,
                                        metrics: Any) -> None:
    key = make_key()
    client.put(key, {"a": 1})
    client.get(key)
    obs._reset_metrics()
    assert metrics.count("get", set_name=set_name) == 0
    client.get(key)  # recorded into a new series, not into the freed one
    assert metrics.count("get", set_name=set_name) == 1
