"""Single-record commands and info commands through the official client."""

from __future__ import annotations

import time

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402

NS = "test"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def truncate(client, set_name: str, lut: int = 0) -> None:
    """Truncate through the info protocol.

    The official client's ``truncate()`` keeps the GIL while it waits for the
    server, which would stall an in-process server; the info command is the
    same request and releases it.
    """
    cmd = f"truncate:namespace={NS};set={set_name}"
    if lut:
        cmd += f";lut={lut}"
    for _node, (err, resp) in client.info_all(cmd).items():
        assert err is None and resp.strip().endswith("ok")


def key(set_name: str, k: object = "k") -> tuple:
    return (NS, set_name, k)


def test_put_get_all_types(client, set_name):
    bins = {
        "i": 42, "neg": -7, "big": 2**63 - 1, "f": 3.25, "s": "héllo", "empty": "",
        "b": b"\x00\x01\xff", "ba": bytearray(b"xy"), "t": True, "fa": False,
        "l": [1, "two", 3.0, b"four", [5, [6]], {"k": "v"}, None, True],
        "m": {"a": 1, "b": [1, 2], "c": {"d": "e"}, 7: "int-key"},
        "g": aerospike.GeoJSON({"type": "Point", "coordinates": [-122.0, 37.5]}),
    }
    client.put(key(set_name), bins)
    _, meta, got = client.get(key(set_name))
    assert meta["gen"] == 1
    expected = dict(bins)
    expected["ba"] = b"xy"
    g = got.pop("g")
    expected.pop("g")
    assert got == expected
    assert isinstance(got["b"], (bytes, bytearray))
    assert got["t"] is True and got["fa"] is False
    assert g.unwrap() == {"type": "Point", "coordinates": [-122.0, 37.5]}


def test_select_and_exists(client, set_name):
    client.put(key(set_name), {"a": 1, "b": 2, "c": 3})
    _, meta, got = client.select(key(set_name), ["a", "c", "missing"])
    assert got == {"a": 1, "c": 3}
    _, meta = client.exists(key(set_name))
    assert meta is not None and meta["gen"] == 1
    _, meta = client.exists(key(set_name, "nope"))
    assert meta is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key(set_name, "nope"))


def test_none_bin_deletes_and_empty_record_deleted(client, set_name):
    client.put(key(set_name), {"a": 1, "b": 2})
    client.put(key(set_name), {"a": None})
    assert client.get(key(set_name))[2] == {"b": 2}
    client.put(key(set_name), {"b": None})
    with pytest.raises(ex.RecordNotFound):
        client.get(key(set_name))


def test_write_without_bins_on_missing_record(client, set_name):
    # Deleting the only bin of a record that does not exist creates nothing.
    with pytest.raises(ex.RecordNotFound):
        client.put(key(set_name, "none"), {"a": None})
    # A bin delete cannot be combined with a record-level replace.
    client.put(key(set_name, "r"), {"a": 1})
    with pytest.raises(ex.InvalidRequest):
        client.put(key(set_name, "r"), {"a": None},
                   policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})


def test_set_name_mismatch(client, set_name):
    client.put(key(set_name, "x"), {"a": 1})
    digest = aerospike.calc_digest(NS, set_name, "x")
    with pytest.raises(ex.InvalidRequest):
        client.put((NS, set_name + "other", None, digest), {"a": 2})


def test_remove_and_missing(client, set_name):
    client.put(key(set_name), {"a": 1})
    client.remove(key(set_name))
    with pytest.raises(ex.RecordNotFound):
        client.remove(key(set_name))


def test_exists_actions(client, set_name):
    k = key(set_name)
    update_only = {"exists": aerospike.POLICY_EXISTS_UPDATE}
    replace_only = {"exists": aerospike.POLICY_EXISTS_REPLACE}
    replace = {"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE}
    create_only = {"exists": aerospike.POLICY_EXISTS_CREATE}
    upsert = {"exists": aerospike.POLICY_EXISTS_IGNORE}
    with pytest.raises(ex.RecordNotFound):
        client.put(k, {"a": 1}, policy=update_only)
    with pytest.raises(ex.RecordNotFound):
        client.put(k, {"a": 1}, policy=replace_only)
    client.put(k, {"a": 1, "b": 1}, policy=create_only)
    with pytest.raises(ex.RecordExistsError):
        client.put(k, {"a": 2}, policy=create_only)
    client.put(k, {"c": 1}, policy=upsert)
    assert client.get(k)[2] == {"a": 1, "b": 1, "c": 1}
    client.put(k, {"d": 1}, policy=replace)
    assert client.get(k)[2] == {"d": 1}
    client.put(k, {"e": 1}, policy=replace_only)
    assert client.get(k)[2] == {"e": 1}
    client.put(k, {"f": 1}, policy=update_only)
    assert client.get(k)[2] == {"e": 1, "f": 1}
    client.put(key(set_name, "r"), {"x": 1}, policy=replace)
    assert client.get(key(set_name, "r"))[2] == {"x": 1}


def test_generation_checks(client, set_name):
    k = key(set_name)
    client.put(k, {"a": 1})
    client.put(k, {"a": 2})
    _, meta, _ = client.get(k)
    assert meta["gen"] == 2
    with pytest.raises(ex.RecordGenerationError):
        client.put(k, {"a": 3}, meta={"gen": 1},
                   policy={"gen": aerospike.POLICY_GEN_EQ})
    client.put(k, {"a": 3}, meta={"gen": 2}, policy={"gen": aerospike.POLICY_GEN_EQ})
    with pytest.raises(ex.RecordGenerationError):
        client.put(k, {"a": 4}, meta={"gen": 3}, policy={"gen": aerospike.POLICY_GEN_GT})
    client.put(k, {"a": 4}, meta={"gen": 10}, policy={"gen": aerospike.POLICY_GEN_GT})
    assert client.get(k)[1]["gen"] == 4
    with pytest.raises(ex.RecordGenerationError):
        client.remove(k, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    client.remove(k, meta={"gen": 4}, policy={"gen": aerospike.POLICY_GEN_EQ})


def test_ttl_semantics(client, set_name):
    k = key(set_name)
    client.put(k, {"a": 1}, meta={"ttl": 1000})
    ttl = client.get(k)[1]["ttl"]
    assert 990 <= ttl <= 1000
    client.put(k, {"a": 2}, meta={"ttl": aerospike.TTL_DONT_UPDATE})
    assert 990 <= client.get(k)[1]["ttl"] <= 1000
    client.put(k, {"a": 3}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
    assert client.get(k)[1]["ttl"] in (0xFFFFFFFF, -1)
    client.touch(k, 500)
    _, meta, _ = client.get(k)
    assert 490 <= meta["ttl"] <= 500 and meta["gen"] == 4


def test_ttl_expiry(client, set_name):
    k = key(set_name)
    client.put(k, {"a": 1}, meta={"ttl": 1})
    deadline = time.time() + 4
    while time.time() < deadline:
        try:
            client.get(k)
        except ex.RecordNotFound:
            return
        time.sleep(0.2)
    pytest.fail("record did not expire")


def test_stored_key(client, set_name):
    k = key(set_name, "user-key")
    client.put(k, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    rec_key, _, _ = client.get(k, policy={"key": aerospike.POLICY_KEY_SEND})
    assert rec_key[2] == "user-key"
    client.put(key(set_name, 77), {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    seen = {}
    client.scan(NS, set_name).foreach(lambda r: seen.__setitem__(r[0][2], r[2]))
    assert seen == {"user-key": {"a": 1}, 77: {"a": 1}}


def test_increment_append_prepend(client, set_name):
    k = key(set_name)
    client.put(k, {"i": 1, "f": 1.5, "s": "mid", "b": b"mid"})
    client.increment(k, "i", 10)
    client.increment(k, "f", 0.25)
    client.increment(k, "new", 3)
    client.append(k, "s", "-end")
    client.prepend(k, "s", "start-")
    client.append(k, "b", b"!")
    assert client.get(k)[2] == {"i": 11, "f": 1.75, "s": "start-mid-end", "b": b"mid!",
                                "new": 3}
    with pytest.raises(ex.BinIncompatibleType):
        client.increment(k, "s", 1)
    with pytest.raises(ex.BinIncompatibleType):
        client.increment(k, "i", 1.5)
    with pytest.raises(ex.BinIncompatibleType):
        client.append(k, "i", "x")
    client.increment(key(set_name, "fresh"), "c", 5)
    assert client.get(key(set_name, "fresh"))[2] == {"c": 5}


def test_operate(client, set_name):
    from aerospike_helpers.operations import operations as op
    k = key(set_name)
    client.put(k, {"a": 1, "s": "x"})
    _, meta, bins = client.operate(k, [
        op.increment("a", 5), op.read("a"), op.append("s", "y"), op.read("s"),
        op.write("w", "new"), op.touch(100),
    ])
    assert bins == {"a": 6, "s": "xy"}
    assert meta["gen"] == 2 and 90 <= meta["ttl"] <= 100
    _, _, results = client.operate_ordered(k, [op.read("a"), op.increment("a", 1), op.read("a")])
    assert [r[1] for r in results if r[0] == "a"][-1] == 7
    _, _, bins = client.operate(k, [op.delete()])
    with pytest.raises(ex.RecordNotFound):
        client.get(k)


def test_bin_name_too_long_and_namespace(client, set_name):
    with pytest.raises(ex.BinNameError):
        client.put(key(set_name), {"b" * 16: 1})
    with pytest.raises(ex.NamespaceNotFound):
        client.put(("no_such_ns", set_name, "k"), {"a": 1})


def test_record_too_big(client, set_name):
    with pytest.raises(ex.RecordTooBig):
        client.put(key(set_name), {"a": b"x" * (1024 * 1024 + 10)})
    client.put(key(set_name), {"a": b"x" * 100_000})


def test_durable_delete_is_enterprise_only(client, set_name):
    """Community Edition refuses durable deletes with ENTERPRISE_ONLY (25)."""
    from aerospike_helpers.operations import operations as op
    client.put(key(set_name), {"a": 1})
    durable = {"durable_delete": True}
    for k in (key(set_name), key(set_name, "missing")):
        # A delete is refused before the record is looked up: missing records too.
        with pytest.raises(ex.AerospikeError) as info:
            client.remove(k, policy=durable)
        assert info.value.code == 25
    res = client.batch_remove([key(set_name), key(set_name, "missing")], policy_batch_remove=durable)
    assert [r.result for r in res.batch_records] == [25, 25]
    # A write that would empty the record is a delete: refused only if the record exists.
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key(set_name), [op.delete()], policy=durable)
    assert info.value.code == 25
    with pytest.raises(ex.AerospikeError) as info:
        client.put(key(set_name), {"a": None}, policy=durable)
    assert info.value.code == 25
    with pytest.raises(ex.RecordNotFound):
        client.operate(key(set_name, "missing"), [op.delete()], policy=durable)
    # A durable write that leaves bins is an ordinary write.
    client.put(key(set_name), {"b": 2}, policy=durable)
    assert client.get(key(set_name))[2] == {"a": 1, "b": 2}
    client.remove(key(set_name), policy={"durable_delete": False})
    assert client.exists(key(set_name))[1] is None


def test_info_commands(client, set_name):
    client.put(key(set_name), {"a": 1, "zz": 2})
    resp = client.info_all("namespaces")
    for _name, (err, text) in resp.items():
        assert err is None
        assert "test" in text.split("\t")[-1].strip().split(";")
    node_info = client.info_random_node("build")
    assert node_info.strip().split("\t")[-1].split(".")[0] >= "8"
    assert client.info_random_node("status").strip().endswith("ok")
    ns_stats = client.info_random_node(f"namespace/{NS}")
    assert "objects=" in ns_stats
    sets = client.info_random_node(f"sets/{NS}")
    assert f"set={set_name}:objects=1" in sets
    # bins/<ns> was removed from the server: it is an unrecognized command now.
    with pytest.raises(ex.ServerError, match="(?i)unrecognized"):
        client.info_random_node(f"bins/{NS}")
    assert "cluster_size=" in client.info_random_node("statistics")
    assert "Aerospike" in client.info_random_node("edition")


def gap() -> None:
    """Let the clock move to a later millisecond, the unit of last-update times.

    Truncate removes records updated strictly before its cut-off, so a record
    written in the same millisecond as the truncate survives it.
    """
    time.sleep(0.003)


def test_truncate(client, set_name):
    for i in range(5):
        client.put(key(set_name, i), {"a": i})
    other = set_name + "x"
    client.put(key(other, 1), {"a": 1})
    gap()
    truncate(client, set_name)
    deadline = time.time() + 5
    while time.time() < deadline:
        if all(client.exists(key(set_name, i))[1] is None for i in range(5)):
            break
        time.sleep(0.05)
    assert all(client.exists(key(set_name, i))[1] is None for i in range(5))
    assert client.exists(key(other, 1))[1] is not None
    # Records written after the cut-off survive.
    client.put(key(set_name, 9), {"a": 9})
    assert client.get(key(set_name, 9))[2] == {"a": 9}
    gap()
    truncate(client, other)


def test_truncate_with_lut(client, set_name):
    client.put(key(set_name, "old"), {"a": 1})
    time.sleep(0.01)
    cutoff = time.time_ns()
    time.sleep(0.01)
    client.put(key(set_name, "new"), {"a": 2})
    truncate(client, set_name, cutoff)
    deadline = time.time() + 5
    while time.time() < deadline and client.exists(key(set_name, "old"))[1] is not None:
        time.sleep(0.05)
    assert client.exists(key(set_name, "old"))[1] is None
    assert client.exists(key(set_name, "new"))[1] is not None


def last_update_ns(client, k) -> int:
    """A record's last-update time as the server reports it (ns, whole ms)."""
    from aerospike_helpers import expressions as e
    from aerospike_helpers.operations import expression_operations as eo
    return client.operate(k, [eo.expression_read("lut", e.LastUpdateTime().compile())])[2]["lut"]


def test_truncate_cutoff_is_strict_and_in_milliseconds(client, set_name):
    client.put(key(set_name, "a"), {"a": 1})
    lut = last_update_ns(client, key(set_name, "a"))
    assert lut % 1_000_000 == 0  # last-update times have millisecond resolution
    gap()
    # A cut-off in the record's own millisecond keeps it: only older records go.
    truncate(client, set_name, lut + 999_999)
    time.sleep(0.2)
    assert client.exists(key(set_name, "a"))[1] is not None
    truncate(client, set_name, lut + 1_000_000)
    deadline = time.time() + 5
    while time.time() < deadline and client.exists(key(set_name, "a"))[1] is not None:
        time.sleep(0.05)
    assert client.exists(key(set_name, "a"))[1] is None


def test_concurrent_increments(client, set_name):
    import threading
    k = key(set_name, "counter")
    client.put(k, {"n": 0})
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(200):
                client.increment(k, "n", 1)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    _, meta, bins = client.get(k)
    assert bins["n"] == 800 and meta["gen"] == 801
