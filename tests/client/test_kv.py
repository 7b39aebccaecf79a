"""Single-record commands with their meta and policy arguments."""

from __future__ import annotations

import time

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py.types import AerospikeKey, BinTuple, ExistsResult, OperateOrderedResult, Record, RecordMetadata

# A never-expiring record reads back as 4294967295 (TTL_NEVER_EXPIRE, -1, is what one writes).
NEVER_EXPIRES_READ = 4294967295

A = aerospike_py
R, W = A.OPERATOR_READ, A.OPERATOR_WRITE


# --- put / get / select / exists -----------------------------------------------------


def test_put_get_record_shape(client, key):
    assert client.put(key, {"a": 1, "s": "x"}) is None
    rec = client.get(key)
    assert isinstance(rec, Record)
    assert isinstance(rec.key, AerospikeKey) and isinstance(rec.meta, RecordMetadata)
    assert rec.key.namespace == key[0] and rec.key.set_name == key[1]
    assert len(rec.key.digest) == 20
    assert rec.meta.gen == 1
    assert rec.bins == {"a": 1, "s": "x"}


def test_put_merges_bins_and_bumps_generation(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"b": 2})
    rec = client.get(key)
    assert rec.bins == {"a": 1, "b": 2}
    assert rec.meta.gen == 2


def test_get_missing_raises_record_not_found(client, key):
    with pytest.raises(ex.RecordNotFound) as info:
        client.get(key)
    assert info.value.code == 2


def test_select(client, key):
    client.put(key, {"a": 1, "b": 2, "c": 3})
    rec = client.select(key, ["a", "c"])
    assert rec.bins == {"a": 1, "c": 3}
    assert rec.meta.gen == 1
    assert client.select(key, ("b",)).bins == {"b": 2}
    assert client.select(key, ["a", "missing"]).bins == {"a": 1}


def test_select_missing_record(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.select(key, ["a"])


@pytest.mark.parametrize("bins", ["a", None, 5, [1]], ids=["str", "none", "int", "int-name"])
def test_select_bad_bins(client, key, bins):
    client.put(key, {"a": 1})
    with pytest.raises(ex.InvalidArgError):
        client.select(key, bins)


def test_exists(client, key):
    res = client.exists(key)
    assert isinstance(res, ExistsResult)
    assert res.meta is None
    assert len(res.key.digest) == 20
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    client.put(key, {"a": 2})
    res = client.exists(key)
    assert res.meta.gen == 2
    assert 0 < res.meta.ttl <= 1000 or res.meta.ttl == 4294967295


# --- TTL ---------------------------------------------------------------------------


def test_put_ttl_in_meta(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 500})
    assert 490 <= client.get(key).meta.ttl <= 500


def test_ttl_never_expire(client, official, key):
    client.put(key, {"a": 1}, meta={"ttl": A.TTL_NEVER_EXPIRE})
    assert client.get(key).meta.ttl == NEVER_EXPIRES_READ
    assert client.exists(key).meta.ttl == NEVER_EXPIRES_READ
    assert official.get(key)[1]["ttl"] == NEVER_EXPIRES_READ
    [row] = client.batch_read([key]).batch_records
    assert row.record is not None and row.record.meta.ttl == NEVER_EXPIRES_READ


def test_ttl_dont_update_keeps_ttl(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    client.put(key, {"b": 2}, meta={"ttl": A.TTL_DONT_UPDATE})
    rec = client.get(key)
    assert rec.bins == {"a": 1, "b": 2}
    assert 990 <= rec.meta.ttl <= 1000
    client.put(key, {"a": 1}, meta={"ttl": A.TTL_NEVER_EXPIRE})
    client.put(key, {"c": 3}, meta={"ttl": A.TTL_DONT_UPDATE})
    assert client.get(key).meta.ttl == NEVER_EXPIRES_READ


def test_policy_ttl_and_meta_ttl(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 700})
    assert 690 <= client.get(key).meta.ttl <= 700
    client.put(key, {"a": 1}, meta={"ttl": 800}, policy={"ttl": 700})
    assert 790 <= client.get(key).meta.ttl <= 800
    client.put(key, {"a": 1}, meta={"ttl": A.TTL_CLIENT_DEFAULT}, policy={"ttl": 600})
    assert 590 <= client.get(key).meta.ttl <= 600


def test_record_expires(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1})
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        if client.exists(key).meta is None:
            break
        time.sleep(0.1)
    assert client.exists(key).meta is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


@pytest.mark.parametrize(
    "meta", [{"ttl": "10"}, {"ttl": -4}, {"ttl": 2**32}, {"gen": -1}, {"gen": 70000}, {"gen": "1"}, {"tll": 5}, [("ttl", 5)]],
    ids=["ttl-str", "ttl-neg", "ttl-big", "gen-neg", "gen-big", "gen-str", "unknown", "list"],
)
def test_bad_meta(client, key, meta):
    with pytest.raises(ex.InvalidArgError):
        client.put(key, {"a": 1}, meta=meta)
    assert client.exists(key).meta is None


# --- exists policies -------------------------------------------------------------


def test_exists_ignore(client, key):
    client.put(key, {"a": 1}, policy={"exists": A.POLICY_EXISTS_IGNORE})
    client.put(key, {"b": 2}, policy={"exists": A.POLICY_EXISTS_IGNORE})
    assert client.get(key).bins == {"a": 1, "b": 2}


def test_exists_create_only(client, key):
    client.put(key, {"a": 1}, policy={"exists": A.POLICY_EXISTS_CREATE_ONLY})
    with pytest.raises(ex.RecordExistsError) as info:
        client.put(key, {"a": 2}, policy={"exists": A.POLICY_EXISTS_CREATE_ONLY})
    assert info.value.code == 5
    assert client.get(key).bins == {"a": 1}


@pytest.mark.parametrize("policy_value", [A.POLICY_EXISTS_UPDATE, A.POLICY_EXISTS_UPDATE_ONLY])
def test_exists_update_only(client, key, policy_value):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={"exists": policy_value})
    assert client.exists(key).meta is None
    client.put(key, {"a": 1})
    client.put(key, {"b": 2}, policy={"exists": policy_value})
    assert client.get(key).bins == {"a": 1, "b": 2}


def test_exists_replace(client, key):
    client.put(key, {"a": 1}, policy={"exists": A.POLICY_EXISTS_REPLACE})  # creates
    client.put(key, {"b": 2}, policy={"exists": A.POLICY_EXISTS_REPLACE})  # replaces
    rec = client.get(key)
    assert rec.bins == {"b": 2}
    assert rec.meta.gen == 2


def test_exists_replace_only(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={"exists": A.POLICY_EXISTS_REPLACE_ONLY})
    assert client.exists(key).meta is None
    client.put(key, {"a": 1})
    client.put(key, {"b": 2}, policy={"exists": A.POLICY_EXISTS_REPLACE_ONLY})
    assert client.get(key).bins == {"b": 2}


# --- generation ------------------------------------------------------------------


def test_gen_eq(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2})
    with pytest.raises(ex.RecordGenerationError) as info:
        client.put(key, {"a": 3}, meta={"gen": 1}, policy={"gen": A.POLICY_GEN_EQ})
    assert info.value.code == 3
    assert client.get(key).bins == {"a": 2}
    client.put(key, {"a": 3}, meta={"gen": 2}, policy={"gen": A.POLICY_GEN_EQ})
    assert client.get(key).meta.gen == 3


def test_gen_gt(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2})
    for gen in (1, 2):
        with pytest.raises(ex.RecordGenerationError):
            client.put(key, {"a": 9}, meta={"gen": gen}, policy={"gen": A.POLICY_GEN_GT})
    client.put(key, {"a": 3}, meta={"gen": 5}, policy={"gen": A.POLICY_GEN_GT})
    assert client.get(key).bins == {"a": 3}


def test_gen_ignore(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2}, meta={"gen": 99}, policy={"gen": A.POLICY_GEN_IGNORE})
    assert client.get(key).bins == {"a": 2}


@pytest.mark.parametrize(
    "call",
    [
        lambda c, k, m, p: c.touch(k, 100, meta=m, policy=p),
        lambda c, k, m, p: c.append(k, "s", "x", meta=m, policy=p),
        lambda c, k, m, p: c.prepend(k, "s", "x", meta=m, policy=p),
        lambda c, k, m, p: c.increment(k, "i", 1, meta=m, policy=p),
        lambda c, k, m, p: c.remove_bin(k, ["s"], meta=m, policy=p),
        lambda c, k, m, p: c.operate(k, [{"op": W, "bin": "i", "val": 5}], meta=m, policy=p),
        lambda c, k, m, p: c.operate_ordered(k, [{"op": W, "bin": "i", "val": 5}], meta=m, policy=p),
        lambda c, k, m, p: c.remove(k, meta=m, policy=p),
    ],
    ids=["touch", "append", "prepend", "increment", "remove_bin", "operate", "operate_ordered", "remove"],
)
def test_gen_eq_on_every_write(client, key, call):
    client.put(key, {"s": "v", "i": 1})
    with pytest.raises(ex.RecordGenerationError):
        call(client, key, {"gen": 7}, {"gen": A.POLICY_GEN_EQ})
    rec = client.get(key)
    assert rec.bins == {"s": "v", "i": 1} and rec.meta.gen == 1
    call(client, key, {"gen": 1}, {"gen": A.POLICY_GEN_EQ})


def test_remove_generation_policy_field(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.remove(key, policy={"gen": A.POLICY_GEN_EQ, "generation": 5})
    client.remove(key, policy={"gen": A.POLICY_GEN_EQ, "generation": 1})
    assert client.exists(key).meta is None


# --- other policy fields ------------------------------------------------------------

READ_POLICIES = [
    {"socket_timeout": 1000, "total_timeout": 2000, "max_retries": 2, "sleep_between_retries": 10},
    {"connect_timeout": 1000, "timeout_delay": 0},
    {"key": A.POLICY_KEY_DIGEST},
    {"key": A.POLICY_KEY_SEND},
    {"replica": A.POLICY_REPLICA_MASTER},
    {"replica": A.POLICY_REPLICA_SEQUENCE},
    {"replica": A.POLICY_REPLICA_PREFER_RACK},
    {"read_mode_ap": A.POLICY_READ_MODE_AP_ONE},
    {"read_mode_ap": A.POLICY_READ_MODE_AP_ALL},
    {"read_touch_ttl_percent": A.READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT},
    {"read_touch_ttl_percent": A.READ_TOUCH_TTL_PERCENT_DONT_RESET},
    {"read_touch_ttl_percent": 80},
    {"deserialize": True},
]


@pytest.mark.parametrize("policy", READ_POLICIES, ids=[",".join(p) + str(list(p.values())) for p in READ_POLICIES])
def test_read_policies_accepted(client, key, policy):
    client.put(key, {"a": 1, "b": 2}, meta={"ttl": 1000})
    assert client.get(key, policy=policy).bins == {"a": 1, "b": 2}
    assert client.select(key, ["a"], policy=policy).bins == {"a": 1}
    assert client.exists(key, policy=policy).meta.gen == 1
    # A read with a touch percentage never shortens the TTL.
    assert client.get(key).meta.ttl >= 990


WRITE_POLICIES = [
    {"socket_timeout": 1000, "total_timeout": 2000, "max_retries": 1, "sleep_between_retries": 5},
    {"key": A.POLICY_KEY_SEND},
    {"commit_level": A.POLICY_COMMIT_LEVEL_ALL},
    {"commit_level": A.POLICY_COMMIT_LEVEL_MASTER},
    {"replica": A.POLICY_REPLICA_SEQUENCE},
    {"compression_threshold": 100_000},
    {"durable_delete": False},
]


@pytest.mark.parametrize("policy", WRITE_POLICIES, ids=[",".join(p) + str(list(p.values())) for p in WRITE_POLICIES])
def test_write_policies_accepted(client, key, policy):
    client.put(key, {"a": 1, "s": "x" * 100}, policy=policy)
    assert client.get(key).bins == {"a": 1, "s": "x" * 100}


def test_key_send_per_call(client, set_name, official):
    client.put(("test", set_name, "sent"), {"n": 1}, policy={"key": A.POLICY_KEY_SEND})
    client.put(("test", set_name, "digest"), {"n": 2}, policy={"key": A.POLICY_KEY_DIGEST})
    client.put(("test", set_name, 77), {"n": 3}, policy={"key": A.POLICY_KEY_SEND})
    seen = {}
    official.scan("test", set_name).foreach(lambda r: seen.__setitem__(r[2]["n"], r[0][2]))
    assert seen == {1: "sent", 2: None, 3: 77}


def test_durable_delete(client, key):
    client.put(key, {"a": 1})
    missing = (key[0], key[1], key[2] + "-missing")
    if "Community" not in client.info_random_node("edition"):
        client.remove(key, policy={"durable_delete": True})
        assert client.exists(key).meta is None
        return
    # Community Edition refuses durable deletes (25, ENTERPRISE_ONLY) before
    # looking the record up: a missing record answers 25 too.
    for k in (key, missing):
        with pytest.raises(ex.ServerError) as info:
            client.remove(k, policy={"durable_delete": True})
        assert info.value.code == 25 and not info.value.in_doubt
    result = client.batch_remove([key, missing], policy={"durable_delete": True})
    assert [r.result for r in result.batch_records] == [25, 25]
    assert client.get(key).bins == {"a": 1}


def test_durable_delete_by_udf(client, key, udf_module):
    client.put(key, {"x": 1})
    durable = {"durable_delete": True}
    if "Community" not in client.info_random_node("edition"):
        assert client.apply(key, udf_module, "remove_record", policy=durable) is True
        assert client.exists(key).meta is None
        return
    # A UDF that removes (or empties) an existing record deletes it: refused on CE.
    for function, args in (("remove_record", None), ("drop_bin", ["x"])):
        with pytest.raises(ex.ServerError) as info:
            client.apply(key, udf_module, function, args, policy=durable)
        assert info.value.code == 25
    assert client.get(key).bins == {"x": 1}
    assert client.apply(key, udf_module, "remove_record", policy={"durable_delete": False}) is True


BAD_POLICIES = [
    ("get", {"total_timeout": -1}, "total_timeout"),
    ("get", {"total_timeout": "1"}, "total_timeout"),
    ("get", {"key": 5}, "key"),
    ("get", {"replica": 7}, "replica"),
    ("get", {"read_mode_ap": 2}, "read_mode_ap"),
    ("get", {"read_touch_ttl_percent": 101}, "read_touch_ttl_percent"),
    ("get", {"read_touch_ttl_percent": -2}, "read_touch_ttl_percent"),
    ("get", {"exists": A.POLICY_EXISTS_CREATE_ONLY}, "exists"),
    ("get", {"bogus": 1}, "bogus"),
    ("put", {"exists": 5}, "exists"),
    ("put", {"gen": 3}, "gen"),
    ("put", {"commit_level": 2}, "commit_level"),
    ("put", {"durable_delete": "yes"}, "durable_delete"),
    ("put", {"ttl": -4}, "ttl"),
    ("put", {"max_retries": 1.0}, "max_retries"),
    ("put", {"bogus": 1}, "bogus"),
    ("remove", {"generation": 70000}, "generation"),
    ("remove", {"exists": A.POLICY_EXISTS_UPDATE}, "exists"),
    ("operate", {"respond_all_ops": "yes"}, "respond_all_ops"),
]


@pytest.mark.parametrize("method,policy,needle", BAD_POLICIES, ids=[f"{m}-{n}-{p[n]!r}" for m, p, n in BAD_POLICIES])
def test_bad_policy_fields(client, key, method, policy, needle):
    client.put(key, {"a": 1})
    call = {
        "get": lambda: client.get(key, policy=policy),
        "put": lambda: client.put(key, {"a": 2}, policy=policy),
        "remove": lambda: client.remove(key, policy=policy),
        "operate": lambda: client.operate(key, [{"op": W, "bin": "a", "val": 2}], policy=policy),
    }[method]
    with pytest.raises(ex.InvalidArgError) as info:
        call()
    assert needle in info.value.msg
    assert client.get(key).bins == {"a": 1}


@pytest.mark.parametrize("policy", [5, "x", [("total_timeout", 5)]], ids=["int", "str", "list"])
def test_policy_not_a_dict(client, key, policy):
    with pytest.raises(ex.InvalidArgError):
        client.get(key, policy=policy)


# --- remove / touch -----------------------------------------------------------------


def test_remove(client, key):
    client.put(key, {"a": 1})
    assert client.remove(key) is None
    assert client.exists(key).meta is None
    with pytest.raises(ex.RecordNotFound) as info:
        client.remove(key)
    assert info.value.code == 2


def test_touch_sets_ttl_and_bumps_generation(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    assert client.touch(key, 5000) is None
    rec = client.get(key)
    assert 4990 <= rec.meta.ttl <= 5000
    assert rec.meta.gen == 2
    assert rec.bins == {"a": 1}


def test_touch_never_expire(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    client.touch(key, A.TTL_NEVER_EXPIRE)
    assert client.get(key).meta.ttl == NEVER_EXPIRES_READ


def test_touch_ttl_from_meta(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    client.touch(key, meta={"ttl": 3000})
    assert 2990 <= client.get(key).meta.ttl <= 3000


def test_touch_missing_record(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.touch(key, 100)
    assert client.exists(key).meta is None


@pytest.mark.parametrize("val", ["10", -4, 2**32, 1.5], ids=["str", "neg", "big", "float"])
def test_touch_bad_ttl(client, key, val):
    client.put(key, {"a": 1})
    with pytest.raises(ex.InvalidArgError):
        client.touch(key, val)


# --- append / prepend / increment / remove_bin --------------------------------------


def test_append_prepend_str_and_bytes(client, key):
    client.put(key, {"s": "mid", "b": b"mid"})
    client.append(key, "s", "-end")
    client.prepend(key, "s", "start-")
    client.append(key, "b", b"\x00")
    client.prepend(key, "b", bytearray(b"\xff"))
    client.append(key, "new", "created")
    rec = client.get(key)
    assert rec.bins == {"s": "start-mid-end", "b": b"\xffmid\x00", "new": "created"}
    assert rec.meta.gen == 6


def test_append_creates_record(client, key):
    client.append(key, "s", "x")
    assert client.get(key).bins == {"s": "x"}


def test_append_with_meta_ttl(client, key):
    client.append(key, "s", "x", meta={"ttl": 2000})
    assert 1990 <= client.get(key).meta.ttl <= 2000


@pytest.mark.parametrize("method", ["append", "prepend"])
def test_append_to_wrong_type(client, key, method):
    client.put(key, {"i": 1, "s": "x"})
    with pytest.raises(ex.BinTypeError) as info:
        getattr(client, method)(key, "i", "x")
    assert info.value.code == 12
    with pytest.raises(ex.BinTypeError):
        getattr(client, method)(key, "s", b"bytes")
    assert client.get(key).bins == {"i": 1, "s": "x"}


@pytest.mark.parametrize("val", [1, 1.5, None, ["x"]], ids=["int", "float", "none", "list"])
def test_append_bad_value(client, key, val):
    with pytest.raises(ex.InvalidArgError):
        client.append(key, "s", val)
    with pytest.raises(ex.InvalidArgError):
        client.prepend(key, "s", val)


def test_increment(client, key):
    client.put(key, {"i": 1, "f": 1.5})
    client.increment(key, "i", 10)
    client.increment(key, "i", -20)
    client.increment(key, "f", 0.25)
    client.increment(key, "new", 3)
    client.increment(key, "newf", 2.5)
    assert client.get(key).bins == {"i": -9, "f": 1.75, "new": 3, "newf": 2.5}


def test_increment_creates_record(client, key):
    client.increment(key, "i", 5, meta={"ttl": 2000})
    rec = client.get(key)
    assert rec.bins == {"i": 5}
    assert 1990 <= rec.meta.ttl <= 2000


def test_increment_extremes(client, key):
    client.put(key, {"i": 0})
    client.increment(key, "i", 2**63 - 1)
    assert client.get(key).bins["i"] == 2**63 - 1
    client.increment(key, "i", -(2**63 - 1))
    assert client.get(key).bins["i"] == 0


@pytest.mark.parametrize("start,offset", [("s", 1), (b"b", 1), ([1], 1), (1, 1.5), (1.5, 1)],
                         ids=["str+int", "bytes+int", "list+int", "int+float", "float+int"])
def test_increment_type_mismatch(client, key, start, offset):
    client.put(key, {"v": start})
    with pytest.raises(ex.BinTypeError) as info:
        client.increment(key, "v", offset)
    assert info.value.code == 12
    assert client.get(key).bins == {"v": start}


@pytest.mark.parametrize("offset", ["1", None, 2**63, True], ids=["str", "none", "overflow", "bool"])
def test_increment_bad_offset(client, key, offset):
    client.put(key, {"i": 1})
    with pytest.raises(ex.InvalidArgError):
        client.increment(key, "i", offset)
    assert client.get(key).bins == {"i": 1}


def test_remove_bin(client, key):
    client.put(key, {"a": 1, "b": 2, "c": 3})
    client.remove_bin(key, ["a", "c"])
    rec = client.get(key)
    assert rec.bins == {"b": 2}
    assert rec.meta.gen == 2
    client.remove_bin(key, ("b",))
    assert client.exists(key).meta is None  # no bins left, no record


@pytest.mark.parametrize("names", ["a", [1], None], ids=["str", "int-name", "none"])
def test_remove_bin_bad_names(client, key, names):
    client.put(key, {"a": 1})
    with pytest.raises(ex.InvalidArgError):
        client.remove_bin(key, names)
    assert client.get(key).bins == {"a": 1}


@pytest.mark.parametrize("method", ["append", "prepend", "increment"])
def test_single_bin_commands_bin_name_checks(client, key, method):
    val = 1 if method == "increment" else "x"
    with pytest.raises(ex.BinNameError):
        getattr(client, method)(key, "b" * 16, val)
    with pytest.raises(ex.InvalidArgError):
        getattr(client, method)(key, 5, val)
    assert client.exists(key).meta is None


# --- operate / operate_ordered -------------------------------------------------------


def test_operate_result_shape(client, key):
    client.put(key, {"i": 1, "s": "a"})
    rec = client.operate(
        key,
        [
            {"op": A.OPERATOR_INCR, "bin": "i", "val": 5},
            {"op": A.OPERATOR_APPEND, "bin": "s", "val": "b"},
            {"op": A.OPERATOR_PREPEND, "bin": "s", "val": "z"},
            {"op": W, "bin": "w", "val": [1, 2]},
            {"op": R, "bin": "i"},
            {"op": R, "bin": "s"},
        ],
    )
    assert isinstance(rec, Record)
    assert rec.bins == {"i": 6, "s": "zab"}
    assert rec.meta.gen == 2
    assert len(rec.key.digest) == 20
    assert client.get(key).bins == {"i": 6, "s": "zab", "w": [1, 2]}


def test_operate_read_all(client, key):
    client.put(key, {"a": 1, "b": "x"})
    rec = client.operate(key, [{"op": R}])
    assert rec.bins == {"a": 1, "b": "x"}
    assert rec.meta.gen == 1


def test_operate_write_only_returns_no_bins(client, key):
    rec = client.operate(key, [{"op": W, "bin": "a", "val": 1}])
    assert not rec.bins
    assert rec.meta.gen == 1


def test_operate_touch_and_meta_ttl(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    rec = client.operate(key, [{"op": A.OPERATOR_TOUCH}, {"op": R, "bin": "a"}], meta={"ttl": 4000})
    assert rec.bins == {"a": 1}
    assert 3990 <= client.get(key).meta.ttl <= 4000


def test_operate_delete(client, key):
    client.put(key, {"a": 1})
    client.operate(key, [{"op": A.OPERATOR_DELETE}])
    assert client.exists(key).meta is None


def test_operate_missing_record_read(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.operate(key, [{"op": R, "bin": "a"}])


def test_operate_type_error_applies_nothing(client, key):
    client.put(key, {"i": 1, "s": "x"})
    with pytest.raises(ex.BinTypeError):
        client.operate(key, [{"op": W, "bin": "n", "val": 1}, {"op": A.OPERATOR_INCR, "bin": "s", "val": 1}])
    assert client.get(key).bins == {"i": 1, "s": "x"}


def test_operate_ordered_result_shape(client, key):
    client.put(key, {"i": 1})
    res = client.operate_ordered(
        key,
        [
            {"op": R, "bin": "i"},
            {"op": A.OPERATOR_INCR, "bin": "i", "val": 2},
            {"op": R, "bin": "i"},
            {"op": W, "bin": "s", "val": "x"},
            {"op": R, "bin": "s"},
        ],
    )
    assert isinstance(res, OperateOrderedResult)
    assert res.meta.gen == 2
    assert len(res.key.digest) == 20
    assert all(isinstance(b, BinTuple) for b in res.ordered_bins)
    # Only operations that return a value have an entry (as in aerospike-py 0.14.4 and the official client).
    assert [tuple(b) for b in res.ordered_bins] == [("i", 1), ("i", 3), ("s", "x")]


def test_operate_ordered_reads_only(client, key):
    client.put(key, {"a": 1, "b": 2})
    res = client.operate_ordered(key, [{"op": R, "bin": "b"}, {"op": R, "bin": "a"}, {"op": R, "bin": "b"}])
    assert [tuple(b) for b in res.ordered_bins] == [("b", 2), ("a", 1), ("b", 2)]


@pytest.mark.parametrize(
    "ops",
    [
        "x",
        None,
        [5],
        [{"bin": "a"}],
        [{"op": 999, "bin": "a"}],
        [{"op": "read", "bin": "a"}],
        [{"op": W, "bin": 5, "val": 1}],
        [{"op": W, "bin": "a", "val": {1, 2}}],
        [{"op": A.OPERATOR_INCR, "bin": "a", "val": 2**63}],
        [{"op": W, "val": 1}],
    ],
    ids=["str", "none", "int-op", "no-op", "unknown-op", "str-op", "int-bin", "set-val", "incr-overflow", "write-no-bin"],
)
def test_operate_bad_ops(client, key, ops):
    client.put(key, {"a": 1})
    with pytest.raises(ex.InvalidArgError):
        client.operate(key, ops)
    with pytest.raises(ex.InvalidArgError):
        client.operate_ordered(key, ops)
    assert client.get(key).bins == {"a": 1}


def test_operate_bin_name_too_long(client, key):
    with pytest.raises(ex.BinNameError):
        client.operate(key, [{"op": W, "bin": "b" * 16, "val": 1}])
    assert client.exists(key).meta is None


def test_operate_policy_and_gen(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordExistsError):
        client.operate(key, [{"op": W, "bin": "a", "val": 2}], policy={"exists": A.POLICY_EXISTS_CREATE_ONLY})
    with pytest.raises(ex.RecordGenerationError):
        client.operate(key, [{"op": W, "bin": "a", "val": 2}], meta={"gen": 4}, policy={"gen": A.POLICY_GEN_EQ})
    rec = client.operate(
        key,
        [{"op": W, "bin": "a", "val": 2}, {"op": R, "bin": "a"}],
        meta={"gen": 1, "ttl": 900},
        policy={"gen": A.POLICY_GEN_EQ, "total_timeout": 2000, "read_mode_ap": A.POLICY_READ_MODE_AP_ALL},
    )
    assert rec.bins == {"a": 2}
    assert rec.meta.gen == 2
    assert 890 <= rec.meta.ttl <= 900


def test_operate_ordered_respond_all_ops_off(client, key):
    client.put(key, {"a": 1})
    res = client.operate_ordered(
        key, [{"op": W, "bin": "a", "val": 2}, {"op": R, "bin": "a"}], policy={"respond_all_ops": False}
    )
    assert [tuple(b) for b in res.ordered_bins] == [("a", 2)]


def test_operate_ordered_respond_all_ops_keeps_write_placeholders(client, key):
    # respond_all_ops=True gives every operation an entry, writes included, so positions match the ops.
    client.put(key, {"a": 1})
    res = client.operate_ordered(
        key, [{"op": W, "bin": "a", "val": 2}, {"op": R, "bin": "a"}], policy={"respond_all_ops": True}
    )
    assert [tuple(b) for b in res.ordered_bins] == [("a", None), ("a", 2)]


def test_operate_ordered_default_omits_writes_and_missing_bins(client, key):
    client.put(key, {"a": 1})
    res = client.operate_ordered(
        key, [{"op": A.OPERATOR_INCR, "bin": "a", "val": 1}, {"op": R, "bin": "a"}, {"op": R, "bin": "nope"}]
    )
    assert [tuple(b) for b in res.ordered_bins] == [("a", 2)]


@pytest.mark.parametrize(
    "policy,needle",
    [({"read_mode_ap": "bogus"}, "read_mode_ap"), ({"read_touch_ttl_percent": "x"}, "read_touch_ttl_percent"),
     ({"read_touch_ttl_percent": 500}, "read_touch_ttl_percent")],
    ids=["read_mode_ap", "read_touch_ttl_percent-str", "read_touch_ttl_percent-range"],
)
def test_write_policy_read_fields_are_still_type_checked(client, key, policy, needle):
    # The write policy takes these read fields for compatibility; a wrong value
    # must still be refused like everywhere else.
    with pytest.raises(ex.InvalidArgError) as info:
        client.put(key, {"a": 1}, policy=policy)
    assert needle in info.value.msg
    assert client.exists(key).meta is None


def test_unicode_bin_names(client, key):
    bins = {"é" * 7: 1, "日本": "x", "🙂🙂🙂": b"y"}
    client.put(key, bins)
    assert client.get(key).bins == bins
    assert client.select(key, ["日本"]).bins == {"日本": "x"}


def test_select_bad_bin_names(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.BinNameError):
        client.select(key, ["b" * 16])


def test_concurrent_use_from_threads(client, make_key):
    import threading

    errors: list[BaseException] = []
    keys = [make_key() for _ in range(8)]

    def work(k: tuple) -> None:
        try:
            for i in range(50):
                client.put(k, {"i": i, "k": k[2]})
                rec = client.get(k)
                assert rec.bins == {"i": i, "k": k[2]}
                client.increment(k, "i", 1)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    for k in keys:
        rec = client.get(k)
        assert rec.bins == {"i": 50, "k": k[2]}
        assert rec.meta.gen == 100
