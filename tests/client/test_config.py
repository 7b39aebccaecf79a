"""ClientConfig: every field accepted with good values, refused with bad ones, and applied."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as ex

NS = "test"

H = ("127.0.0.1", 3000)

VALID = {
    "hosts-tuple": {"hosts": [H]},
    "hosts-tuple-of-tuples": {"hosts": (H, ("127.0.0.2", 3001))},
    "hosts-tls-name": {"hosts": [("127.0.0.1", 4333, "tls-name")]},
    "hosts-str": {"hosts": ["127.0.0.1:3000"]},
    "hosts-str-tls": {"hosts": ["127.0.0.1:tls-name:4333"]},
    "hosts-comma-str": {"hosts": "127.0.0.1:3000,127.0.0.2:3001"},
    "hosts-ipv6": {"hosts": ["[::1]:3000"]},
    "cluster_name": {"hosts": [H], "cluster_name": "prod"},
    "auth_internal": {"hosts": [H], "auth_mode": aerospike_py.AUTH_INTERNAL},
    "auth_external": {"hosts": [H], "auth_mode": aerospike_py.AUTH_EXTERNAL},
    "auth_pki": {"hosts": [H], "auth_mode": aerospike_py.AUTH_PKI},
    "user_password": {"hosts": [H], "user": "admin", "password": "secret"},
    "timeout": {"hosts": [H], "timeout": 1500},
    "idle_timeout": {"hosts": [H], "idle_timeout": 30},
    "max_conns_per_node": {"hosts": [H], "max_conns_per_node": 50},
    "min_conns_per_node": {"hosts": [H], "min_conns_per_node": 2},
    "tend_interval": {"hosts": [H], "tend_interval": 500},
    "use_services_alternate": {"hosts": [H], "use_services_alternate": True},
    "conn_pools_per_node": {"hosts": [H], "conn_pools_per_node": 2},
    "max_concurrent_operations": {"hosts": [H], "max_concurrent_operations": 64},
    "operation_queue_timeout_ms": {"hosts": [H], "operation_queue_timeout_ms": 100},
    "tls": {
        "hosts": [("127.0.0.1", 4333, "tls-name")],
        "tls": {
            "enable": True, "cafile": "/nonexistent/ca.pem", "capath": "/nonexistent",
            "certfile": "/nonexistent/c.pem", "keyfile": "/nonexistent/k.pem",
            "keyfile_password": "pw", "protocols": "TLSv1.2", "cipher_suite": "ALL",
            "cert_blacklist": "/nonexistent/bl", "crl_check": False, "crl_check_all": False,
            "log_session_info": False, "for_login_only": False,
        },
    },
    "rack": {"hosts": [H], "rack_aware": True, "rack_id": 3},
    "rack_ids": {"hosts": [H], "rack_aware": True, "rack_ids": [1, 2]},
    "login_timeout_ms": {"hosts": [H], "login_timeout_ms": 3000},
    "error_rate": {"hosts": [H], "max_error_rate": 50, "error_rate_window": 2},
    "app_id": {"hosts": [H], "app_id": "billing"},
    "lua": {"hosts": [H], "lua": {"user_path": "/tmp", "cache_enabled": False}},
    "policies-read": {"hosts": [H], "policies": {"read": {
        "socket_timeout": 100, "total_timeout": 500, "max_retries": 1, "sleep_between_retries": 5,
        "key": aerospike_py.POLICY_KEY_SEND, "replica": aerospike_py.POLICY_REPLICA_SEQUENCE,
        "read_mode_ap": aerospike_py.POLICY_READ_MODE_AP_ALL, "read_touch_ttl_percent": 50,
        "compress": False, "deserialize": True}}},
    "policies-write": {"hosts": [H], "policies": {"write": {
        "total_timeout": 500, "key": aerospike_py.POLICY_KEY_SEND,
        "exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY, "gen": aerospike_py.POLICY_GEN_EQ,
        "commit_level": aerospike_py.POLICY_COMMIT_LEVEL_MASTER, "ttl": 100,
        "durable_delete": False, "compression_threshold": 0}}},
    "policies-operate": {"hosts": [H], "policies": {"operate": {"total_timeout": 500, "respond_all_ops": True}}},
    "policies-remove": {"hosts": [H], "policies": {"remove": {"total_timeout": 500, "generation": 2}}},
    "policies-apply": {"hosts": [H], "policies": {"apply": {"total_timeout": 500, "ttl": 10}}},
    "policies-batch": {"hosts": [H], "policies": {"batch": {"total_timeout": 500, "concurrent": True}}},
    "policies-query": {"hosts": [H], "policies": {"query": {"total_timeout": 500,
                                                           "expected_duration": aerospike_py.QUERY_DURATION_SHORT}}},
    "policies-scan": {"hosts": [H], "policies": {"scan": {"total_timeout": 500, "records_per_second": 10}}},
    "policies-info": {"hosts": [H], "policies": {"info": {"timeout": 500}}},
    "policies-admin": {"hosts": [H], "policies": {"admin": {"timeout": 500}}},
}


@pytest.mark.parametrize("cfg", list(VALID.values()), ids=list(VALID))
def test_valid_config_is_accepted(cfg):
    c = aerospike_py.client(cfg)
    assert isinstance(c, aerospike_py.Client)
    assert c.is_connected() is False


# (config fields on top of a valid hosts list, text the error message must contain)
INVALID = {
    "no-hosts": ({"hosts": []}, "hosts"),
    "hosts-int": ({"hosts": 5}, "hosts"),
    "host-port-str": ({"hosts": [("127.0.0.1", "3000")]}, "port"),
    "host-port-zero": ({"hosts": [("127.0.0.1", 0)]}, "port"),
    "host-port-big": ({"hosts": [("127.0.0.1", 70000)]}, "port"),
    "host-1-tuple": ({"hosts": [("127.0.0.1",)]}, "127.0.0.1"),
    "host-str-port": ({"hosts": ["127.0.0.1:abc"]}, "port"),
    "host-tls-name-int": ({"hosts": [("127.0.0.1", 3000, 7)]}, "tls_name"),
    "unknown-key": ({"timeot": 5}, "timeot"),
    "cluster_name-int": ({"cluster_name": 5}, "cluster_name"),
    "auth_mode-bad": ({"auth_mode": 9}, "auth_mode"),
    "auth_mode-str": ({"auth_mode": "internal"}, "auth_mode"),
    "user-int": ({"user": 5, "password": "x"}, "user"),
    "password-int": ({"user": "u", "password": 5}, "password"),
    "timeout-str": ({"timeout": "1000"}, "timeout"),
    "timeout-negative": ({"timeout": -1}, "timeout"),
    "timeout-float": ({"timeout": 1.5}, "timeout"),
    "idle_timeout-str": ({"idle_timeout": "x"}, "idle_timeout"),
    "max_conns_per_node-str": ({"max_conns_per_node": "x"}, "max_conns_per_node"),
    "min_conns_per_node-neg": ({"min_conns_per_node": -1}, "min_conns_per_node"),
    "tend_interval-str": ({"tend_interval": "x"}, "tend_interval"),
    "use_services_alternate-int": ({"use_services_alternate": 1}, "use_services_alternate"),
    "conn_pools_per_node-str": ({"conn_pools_per_node": "x"}, "conn_pools_per_node"),
    "max_concurrent_operations-neg": ({"max_concurrent_operations": -5}, "max_concurrent_operations"),
    "operation_queue_timeout_ms-str": ({"operation_queue_timeout_ms": "x"}, "operation_queue_timeout_ms"),
    "rack_aware-str": ({"rack_aware": "yes"}, "rack_aware"),
    "rack_id-str": ({"rack_id": "1"}, "rack_id"),
    "rack_id-neg": ({"rack_id": -1}, "rack_id"),
    "rack_ids-int": ({"rack_ids": 3}, "rack_ids"),
    "rack_ids-neg": ({"rack_ids": [1, -2]}, "rack_ids"),
    "login_timeout_ms-str": ({"login_timeout_ms": "x"}, "login_timeout_ms"),
    "max_error_rate-neg": ({"max_error_rate": -1}, "max_error_rate"),
    "error_rate_window-str": ({"error_rate_window": "x"}, "error_rate_window"),
    "app_id-int": ({"app_id": 5}, "app_id"),
    "lua-str": ({"lua": "/tmp"}, "lua"),
    "lua-unknown": ({"lua": {"user_pth": "/tmp"}}, "lua"),
    "tls-str": ({"tls": "yes"}, "tls"),
    "tls-unknown-field": ({"tls": {"cafil": "x"}}, "cafil"),
    "tls-flag-int": ({"tls": {"enable": 1}}, "enable"),
    "tls-str-int": ({"tls": {"cafile": 5}}, "cafile"),
    "policies-list": ({"policies": []}, "policies"),
    "policy-kind-unknown": ({"policies": {"reed": {}}}, "reed"),
    "policy-not-dict": ({"policies": {"read": 5}}, "read"),
    "policy-field-unknown": ({"policies": {"read": {"socket_timout": 5}}}, "socket_timout"),
    "policy-field-type": ({"policies": {"read": {"total_timeout": "x"}}}, "total_timeout"),
    "policy-field-neg": ({"policies": {"write": {"max_retries": -1}}}, "max_retries"),
    "policy-key-bad": ({"policies": {"write": {"key": 7}}}, "key"),
    "policy-exists-bad": ({"policies": {"write": {"exists": 9}}}, "exists"),
    "policy-gen-bad": ({"policies": {"write": {"gen": "eq"}}}, "gen"),
    "policy-replica-bad": ({"policies": {"read": {"replica": 9}}}, "replica"),
    "policy-ttl-bad": ({"policies": {"write": {"ttl": -4}}}, "ttl"),
    "policy-durable-str": ({"policies": {"write": {"durable_delete": "yes"}}}, "durable_delete"),
    "policy-read-touch-bad": ({"policies": {"read": {"read_touch_ttl_percent": 101}}}, "read_touch_ttl_percent"),
    "policy-write-only-on-read": ({"policies": {"read": {"exists": 0}}}, "exists"),
}


@pytest.mark.parametrize("extra,needle", list(INVALID.values()), ids=list(INVALID))
def test_invalid_config_raises_invalid_arg_naming_field(extra, needle):
    cfg = {"hosts": [H], **extra}
    with pytest.raises(ex.InvalidArgError) as info:
        aerospike_py.client(cfg)
    assert info.value.code == -2
    assert needle in info.value.msg, info.value.msg


@pytest.mark.parametrize("cfg", [None, [("127.0.0.1", 3000)], "127.0.0.1:3000"], ids=["none", "list", "str"])
def test_config_not_a_dict(cfg):
    with pytest.raises(ex.InvalidArgError):
        aerospike_py.client(cfg)


# Wrong types that happen to be falsy must be refused like any other wrong type.
FALSY_WRONG = {
    "cluster_name-false": ({"cluster_name": False}, "cluster_name"),
    "cluster_name-zero": ({"cluster_name": 0}, "cluster_name"),
    "app_id-zero": ({"app_id": 0}, "app_id"),
    "app_id-empty-list": ({"app_id": []}, "app_id"),
    "user-zero": ({"user": 0}, "user"),
    "lua-cache_enabled-str": ({"lua": {"cache_enabled": "no"}}, "cache_enabled"),
}


@pytest.mark.parametrize("extra,needle", list(FALSY_WRONG.values()), ids=list(FALSY_WRONG))
def test_falsy_wrong_types_are_refused(extra, needle):
    with pytest.raises(ex.InvalidArgError) as info:
        aerospike_py.client({"hosts": [H], **extra})
    assert needle in info.value.msg


def test_tend_interval_below_client_minimum_is_refused_at_construction():
    # The C client refuses tend intervals under 250 ms; the config check should
    # say so up front instead of letting connect() fail with a generic error.
    with pytest.raises(ex.InvalidArgError) as info:
        aerospike_py.client({"hosts": [H], "tend_interval": 100})
    assert "tend_interval" in info.value.msg


def test_connect_with_tuning_fields(config, key):
    cfg = {
        **config, "timeout": 2000, "idle_timeout": 30, "max_conns_per_node": 20,
        "min_conns_per_node": 1, "tend_interval": 500, "conn_pools_per_node": 1,
        "login_timeout_ms": 2000, "max_error_rate": 100, "error_rate_window": 1,
        "app_id": "tests", "rack_aware": False, "use_services_alternate": False,
    }
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        assert c.get(key).bins == {"a": 1}


# --- default policies from the config take effect ------------------------------


def test_write_policy_key_send_stores_user_key(config, set_name, official):
    cfg = {**config, "policies": {"write": {"key": aerospike_py.POLICY_KEY_SEND}}}
    with aerospike_py.client(cfg).connect() as c:
        c.put((NS, set_name, "sent-key"), {"a": 1})
        c.put((NS, set_name, 42), {"a": 2})
    with aerospike_py.client(config).connect() as c:
        c.put((NS, set_name, "digest-only"), {"a": 3})
    seen = {}
    official.scan(NS, set_name).foreach(lambda r: seen.__setitem__(r[2]["a"], r[0][2]))
    assert seen == {1: "sent-key", 2: 42, 3: None}


def test_write_policy_create_only_refuses_second_put(config, key):
    cfg = {**config, "policies": {"write": {"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY}}}
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        with pytest.raises(ex.RecordExistsError):
            c.put(key, {"a": 2})
        assert c.get(key).bins == {"a": 1}
        # A per-call policy overrides the default field.
        c.put(key, {"a": 3}, policy={"exists": aerospike_py.POLICY_EXISTS_IGNORE})
        assert c.get(key).bins == {"a": 3}


def test_per_call_policy_merges_with_config_defaults(config, key):
    # Only total_timeout is given per call; exists=CREATE_ONLY still comes from the config.
    cfg = {**config, "policies": {"write": {"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY}}}
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        with pytest.raises(ex.RecordExistsError):
            c.put(key, {"a": 2}, policy={"total_timeout": 2000})


def test_write_policy_ttl_default(config, key):
    cfg = {**config, "policies": {"write": {"ttl": 1000}}}
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        assert 990 <= c.get(key).meta.ttl <= 1000
        c.put(key, {"a": 1}, meta={"ttl": 5000})  # meta ttl beats the policy ttl
        assert 4990 <= c.get(key).meta.ttl <= 5000


def test_operate_policy_default_applies_to_operate(config, key):
    cfg = {**config, "policies": {"operate": {"exists": aerospike_py.POLICY_EXISTS_UPDATE_ONLY}}}
    with aerospike_py.client(cfg).connect() as c:
        with pytest.raises(ex.RecordNotFound):
            c.operate(key, [{"op": aerospike_py.OPERATOR_WRITE, "bin": "a", "val": 1}])
        c.put(key, {"a": 1})
        c.operate(key, [{"op": aerospike_py.OPERATOR_WRITE, "bin": "a", "val": 2}])
        assert c.get(key).bins == {"a": 2}


def test_remove_policy_default_generation(config, key):
    cfg = {**config, "policies": {"remove": {"gen": aerospike_py.POLICY_GEN_EQ, "generation": 7}}}
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        with pytest.raises(ex.RecordGenerationError):
            c.remove(key)
        assert c.exists(key).meta is not None
