"""Key shapes: accepted forms, digests, and refused forms."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from aerospike_py import exception as ex

aerospike = pytest.importorskip("aerospike")

NS = "test"


@pytest.mark.parametrize(
    "pk",
    ["string-key", "ünïcødé", 0, 1, -1, 2**63 - 1, -(2**63), bytearray(b"\x00blob\xff")],
    ids=["str", "str-unicode", "int0", "int1", "int-neg", "int-max", "int-min", "bytearray"],
)
def test_primary_key_types_and_digest(client, set_name, pk):
    key = (NS, set_name, pk)
    client.put(key, {"pk": pk})
    rec = client.get(key)
    assert rec.bins == {"pk": bytes(pk) if isinstance(pk, bytearray) else pk}
    expected = bytes(aerospike.calc_digest(NS, set_name, pk))
    assert len(expected) == 20
    assert isinstance(rec.key.digest, bytes) and rec.key.digest == expected
    assert rec.key.namespace == NS and rec.key.set_name == set_name
    assert client.exists(key).key.digest == expected


def test_bytes_key_is_digested_as_a_string_key(client, set_name):
    """bytes keys are string-typed in both other Python clients: the same record as the str key."""
    client.put((NS, set_name, b"abc"), {"a": 1})
    rec = client.get((NS, set_name, "abc"))
    assert rec.bins == {"a": 1}
    assert rec.key.digest == bytes(aerospike.calc_digest(NS, set_name, "abc"))
    assert client.get((NS, set_name, b"abc")).key.digest == rec.key.digest
    assert client.exists((NS, set_name, bytearray(b"abc"))).meta is None


@pytest.mark.parametrize("pk", [b"\x00nul\xff not utf-8", b"nul\x00", b"\xff\xfe"], ids=["nul-first", "nul-last", "not-utf8"])
def test_binary_bytes_key_digest_covers_every_byte(client, set_name, pk):
    """RIPEMD-160 over set name, particle type 3 (string) and all of the bytes, NULs included."""
    client.put((NS, set_name, pk), {"a": 1})
    expected = hashlib.new("ripemd160", set_name.encode() + b"\x03" + pk).digest()
    assert client.get((NS, set_name, pk)).key.digest == expected
    assert client.get((NS, set_name, None, expected)).bins == {"a": 1}


def test_bytes_key_records_are_shared_with_the_official_client(client, official, set_name):
    pk = b"plain-ascii"
    official.put((NS, set_name, pk), {"by": "official"}, policy={"key": aerospike.POLICY_KEY_SEND})
    assert client.get((NS, set_name, pk)).bins == {"by": "official"}
    client.put((NS, set_name, pk), {"by": "us"}, policy={"key": 1})
    _, _, bins = official.get((NS, set_name, pk))
    assert bins == {"by": "us"}
    for batch_key_result in client.batch_read([(NS, set_name, pk)]).batch_records:
        assert batch_key_result.record is not None and batch_key_result.record.bins == {"by": "us"}


def test_bytearray_key_is_a_blob_key_in_every_command(client, set_name):
    pk = bytearray(b"raw")
    client.put((NS, set_name, pk), {"a": 1})
    digest = bytes(aerospike.calc_digest(NS, set_name, pk))
    assert client.get((NS, set_name, None, digest)).bins == {"a": 1}
    assert client.exists((NS, set_name, b"raw")).meta is None
    [row] = client.batch_read([(NS, set_name, pk)]).batch_records
    assert row.record is not None and row.record.bins == {"a": 1}
    client.batch_remove([(NS, set_name, pk)])
    assert client.exists((NS, set_name, pk)).meta is None


def test_str_int_bytes_keys_are_distinct_records(client, set_name):
    client.put((NS, set_name, "1"), {"t": "str"})
    client.put((NS, set_name, 1), {"t": "int"})
    client.put((NS, set_name, bytearray(b"1")), {"t": "blob"})
    assert client.get((NS, set_name, "1")).bins == {"t": "str"}
    assert client.get((NS, set_name, 1)).bins == {"t": "int"}
    assert client.get((NS, set_name, bytearray(b"1"))).bins == {"t": "blob"}


def test_digest_key_reaches_the_same_record(client, set_name):
    pk = uuid.uuid4().hex
    client.put((NS, set_name, pk), {"a": 1})
    digest = client.get((NS, set_name, pk)).key.digest
    rec = client.get((NS, set_name, None, digest))
    assert rec.bins == {"a": 1}
    assert rec.key.digest == digest
    assert client.get((NS, set_name, None, bytearray(digest))).bins == {"a": 1}
    client.put((NS, set_name, None, digest), {"b": 2})
    assert client.get((NS, set_name, pk)).bins == {"a": 1, "b": 2}
    client.remove((NS, set_name, None, digest))
    assert client.exists((NS, set_name, pk)).meta is None


def test_key_without_set(client):
    pk = uuid.uuid4().hex
    key = (NS, None, pk)
    client.put(key, {"a": 1})
    try:
        rec = client.get(key)
        assert rec.bins == {"a": 1}
        assert rec.key.digest == bytes(aerospike.calc_digest(NS, "", pk))
    finally:
        client.remove(key)


def test_digest_matches_official_client_records(client, set_name, official):
    pk = uuid.uuid4().hex
    official.put((NS, set_name, pk), {"from": "official"})
    assert client.get((NS, set_name, pk)).bins == {"from": "official"}
    digest = bytes(aerospike.calc_digest(NS, set_name, pk))
    assert client.get((NS, set_name, None, digest)).bins == {"from": "official"}


BAD_KEYS = {
    "list": [NS, "s", "k"],
    "2-tuple": (NS, "s"),
    "5-tuple": (NS, "s", "k", None, None),
    "str": "test:s:k",
    "none": None,
    "none-pk-no-digest": (NS, "s", None),
    "none-pk-none-digest": (NS, "s", None, None),
    "none-pk-str-digest": (NS, "s", None, "x" * 20),
    "float-pk": (NS, "s", 1.5),
    "bool-pk": (NS, "s", True),
    "list-pk": (NS, "s", [1]),
    "dict-pk": (NS, "s", {"a": 1}),
    "int-pk-overflow": (NS, "s", 2**63),
    "int-pk-underflow": (NS, "s", -(2**63) - 1),
    "digest-19": (NS, "s", None, b"\x01" * 19),
    "digest-21": (NS, "s", None, b"\x01" * 21),
    "digest-empty": (NS, "s", None, b""),
    "ns-int": (1, "s", "k"),
    "ns-bytes": (b"test", "s", "k"),
    "ns-none": (None, "s", "k"),
    "ns-empty": ("", "s", "k"),
    "ns-32-bytes": ("n" * 32, "s", "k"),
    "ns-nul": ("te\x00st", "s", "k"),
    "set-int": (NS, 5, "k"),
    "set-64-bytes": (NS, "s" * 64, "k"),
}


@pytest.mark.parametrize("key", list(BAD_KEYS.values()), ids=list(BAD_KEYS))
@pytest.mark.parametrize("method", ["get", "put", "exists", "remove"])
def test_bad_keys_raise_invalid_arg(client, key, method):
    call = {
        "get": lambda: client.get(key),
        "put": lambda: client.put(key, {"a": 1}),
        "exists": lambda: client.exists(key),
        "remove": lambda: client.remove(key),
    }[method]
    with pytest.raises(ex.InvalidArgError) as info:
        call()
    assert info.value.code == -2
    assert info.value.msg


def test_longest_names_are_accepted(client):
    set_name = ("s" + uuid.uuid4().hex) * 2
    set_name = (set_name + "x" * 63)[:63]
    key = (NS, set_name, "k")
    client.put(key, {"a": 1})
    assert client.get(key).bins == {"a": 1}
    client.remove(key)


@pytest.mark.parametrize("method", ["get", "put", "exists"])
def test_unknown_namespace_is_a_server_error(client, method):
    key = ("no_such_ns_" + uuid.uuid4().hex[:8], "s", "k")
    with pytest.raises(ex.ServerError) as info:
        if method == "get":
            client.get(key)
        elif method == "put":
            client.put(key, {"a": 1})
        else:
            client.exists(key)
    assert info.value.code == 20
    assert info.value.result_code == 20
    assert not isinstance(info.value, ex.ClientError)


@pytest.mark.parametrize("pk", ["\x00", "a\x00b", "tail\x00"], ids=["nul", "inner-nul", "trailing-nul"])
def test_str_key_digest_covers_every_character(client, set_name, pk):
    """A NUL inside a str key is part of it (as in aerospike-py): no truncation, no collision."""
    client.put((NS, set_name, pk), {"pk": pk})
    expected = hashlib.new("ripemd160", set_name.encode() + b"\x03" + pk.encode()).digest()
    assert client.get((NS, set_name, pk)).key.digest == expected
    assert client.exists((NS, set_name, pk.split("\x00")[0] or "x")).meta is None
    [row] = client.batch_read([(NS, set_name, pk)]).batch_records
    assert row.record is not None and row.record.bins == {"pk": pk}


def test_a_result_key_can_be_passed_back(client, set_name):
    """An AerospikeKey from a result addresses its record again, alone or in a batch (as in aerospike-py)."""
    client.put((NS, set_name, "k"), {"a": 1})
    result_key = client.get((NS, set_name, "k")).key
    assert client.get(result_key).bins == {"a": 1}
    assert client.exists(result_key).meta is not None
    [row] = client.batch_read([result_key]).batch_records
    assert row.record is not None and row.record.bins == {"a": 1}
    digest_only = result_key._replace(user_key=None)
    assert client.get(digest_only).bins == {"a": 1}
