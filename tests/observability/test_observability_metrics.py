"""Prometheus metrics: off by default, labelled per operation and outcome, served over HTTP."""

from __future__ import annotations

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


def test_metrics_are_off_by_default_and_record_nothing(client: aerospike_py.Client, make_key: Callable,
                                                       metrics: Any) -> None:
    assert aerospike_py.is_metrics_enabled() is False
    assert aerospike_py.is_internal_stage_metrics_enabled() is False
    assert obs.enabled is False
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
    assert families["db_client_operation_duration_seconds"] == "histogram"
    assert families["db_client_operations"] == "counter"
    assert families["db_client_internal_stage_seconds"] == "histogram"


def test_set_metrics_enabled_toggles_the_hot_path_flag() -> None:
    aerospike_py.set_metrics_enabled(True)
    assert aerospike_py.is_metrics_enabled() is True
    assert obs.enabled is True
    aerospike_py.set_metrics_enabled(False)
    assert aerospike_py.is_metrics_enabled() is False
    assert obs.enabled is False


# -- what gets recorded --------------------------------------------------------


def test_put_get_and_not_found_are_recorded_with_their_labels(client: aerospike_py.Client, make_key: Callable,
                                                              set_name: str, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    key = make_key()
    client.put(key, {"a": 1})
    assert client.get(key)[2] == {"a": 1}
    with pytest.raises(RecordNotFound):
        client.get(make_key())

    assert metrics.count("put", set_name=set_name) == 1
    assert metrics.count("get", set_name=set_name) == 1
    assert metrics.count("get", "RecordNotFound", set_name=set_name) == 1

    counts = {(s.labels["db_operation_name"], s.labels["error_type"]): s
              for s in metrics.samples("db_client_operation_duration_seconds_count")}
    for op, error_type in (("put", ""), ("get", ""), ("get", "RecordNotFound")):
        sample = counts[(op, error_type)]
        assert sample.value == 1
        assert sample.labels == {
            "db_system_name": "aerospike",
            "db_namespace": "test",
            "db_collection_name": set_name,
            "db_operation_name": op,
            "error_type": error_type,
        }
    sums = [s for s in metrics.samples("db_client_operation_duration_seconds_sum")
            if s.labels["db_collection_name"] == set_name]
    assert sums and all(0 < s.value < 10 for s in sums)


def test_every_key_command_takes_its_name_from_the_command(client: aerospike_py.Client, make_key: Callable,
                                                           set_name: str, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    key = make_key()
    client.put(key, {"a": 1, "s": "x"})
    client.exists(key)
    client.select(key, ["a"])
    client.increment(key, "a", 2)
    client.append(key, "s", "y")
    client.touch(key)
    client.remove(key)
    for op in ("put", "exists", "select", "increment", "append", "touch", "remove"):
        assert metrics.count(op, set_name=set_name) == 1, op


def test_info_commands_have_no_namespace(client: aerospike_py.Client, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    client.info_random_node("build")
    assert metrics.count("info_random_node", ns="", set_name="") == 1


def test_argument_errors_are_recorded_under_their_class(client: aerospike_py.Client, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    with pytest.raises(aerospike_py.AerospikeError) as info:
        client.get(("test", "s", object()))
    assert metrics.count("get", type(info.value).__name__, set_name="s") == 1


def test_errors_are_reraised_unchanged(client: aerospike_py.Client, make_key: Callable) -> None:
    aerospike_py.set_metrics_enabled(True)
    with pytest.raises(RecordNotFound) as info:
        client.get(make_key())
    assert type(info.value) is RecordNotFound
    assert info.value.code == 2


def test_disabling_stops_recording(client: aerospike_py.Client, make_key: Callable, metrics: Any) -> None:
    aerospike_py.set_metrics_enabled(True)
    key = make_key()
    client.put(key, {"a": 1})
    aerospike_py.set_metrics_enabled(False)
    client.put(key, {"a": 2})
    assert metrics.count("put") == 1


def test_metrics_use_their_own_registry() -> None:
    from prometheus_client import REGISTRY

    assert obs.get_registry() is not REGISTRY
    assert REGISTRY.get_sample_value("db_client_operations_total") is None


# -- internal stages -----------------------------------------------------------


def test_internal_stage_profiling_enables_inside_the_block_and_restores() -> None:
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
    served = {s.labels["db_operation_name"]: s.value for s in metrics.samples("db_client_operations_total", text)}
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
    assert "db_client_operations" in fetch(second)
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
