"""Exceptions raised for real server answers: class, code and attributes."""

from __future__ import annotations

import pickle

import pytest

import aerospike_py
from aerospike_py import exception as ex

A = aerospike_py


def _raise_not_found(c, k):
    c.get(k)


def _raise_generation(c, k):
    c.put(k, {"a": 1})
    c.put(k, {"a": 2}, meta={"gen": 9}, policy={"gen": A.POLICY_GEN_EQ})


def _raise_exists(c, k):
    c.put(k, {"a": 1})
    c.put(k, {"a": 2}, policy={"exists": A.POLICY_EXISTS_CREATE_ONLY})


def _raise_bin_type(c, k):
    c.put(k, {"a": "text"})
    c.increment(k, "a", 1)


def _raise_bin_name(c, k):
    c.put(k, {"x" * 16: 1})


CASES = [
    (2, ex.RecordNotFound, _raise_not_found),
    (3, ex.RecordGenerationError, _raise_generation),
    (5, ex.RecordExistsError, _raise_exists),
    (12, ex.BinTypeError, _raise_bin_type),
    (21, ex.BinNameError, _raise_bin_name),
]


@pytest.mark.parametrize("code,cls,trigger", CASES, ids=[c[1].__name__ for c in CASES])
def test_error_class_and_attributes(client, key, code, cls, trigger):
    with pytest.raises(ex.AerospikeError) as info:
        trigger(client, key)
    e = info.value
    assert type(e) is cls
    assert isinstance(e, ex.RecordError)
    assert not isinstance(e, (ex.ServerError, ex.ClientError, ex.ClusterError))
    assert e.code == code
    assert e.result_code == code
    assert isinstance(e.msg, str)
    assert e.in_doubt is False
    assert ex.status_name(code) in str(e)
    assert type(ex.exception_for(e.code, e.msg)) is cls


@pytest.mark.parametrize("code,cls,trigger", CASES, ids=[c[1].__name__ for c in CASES])
def test_errors_pickle_with_their_attributes(client, key, code, cls, trigger):
    with pytest.raises(cls) as info:
        trigger(client, key)
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is cls
    assert (back.code, back.msg, back.in_doubt) == (code, info.value.msg, False)


def test_errors_leave_client_usable(client, key):
    for _, _, trigger in CASES:
        with pytest.raises(ex.AerospikeError):
            trigger(client, key)
        if client.exists(key).meta is not None:
            client.remove(key)
    client.put(key, {"ok": 1})
    assert client.get(key).bins == {"ok": 1}


def test_namespace_not_found_attributes(client):
    with pytest.raises(ex.ServerError) as info:
        client.get(("no_such_namespace_xyz", "s", "k"))
    e = info.value
    assert type(e) is ex.ServerError
    assert e.code == e.result_code == 20
    assert e.in_doubt is False
    assert "AEROSPIKE_ERR_NAMESPACE_NOT_FOUND" in str(e)


def test_client_side_argument_error_attributes(client, key):
    with pytest.raises(ex.InvalidArgError) as info:
        client.put(key, {"a": 2**64})
    e = info.value
    assert e.code == e.result_code == -2
    assert e.in_doubt is False
    assert e.msg and "AEROSPIKE_ERR_PARAM" in str(e)


def test_read_errors_are_never_in_doubt(client, key):
    with pytest.raises(ex.RecordNotFound) as info:
        client.select(key, ["a"])
    assert info.value.in_doubt is False


@pytest.fixture
def stalled_server():
    """A private embedded server and a context manager that makes it stop answering."""
    import contextlib

    from aerospike_py.testing import TestServer

    with TestServer(namespaces=("test",)) as srv:
        @contextlib.contextmanager
        def stalled():
            # Every record command runs under the store lock: holding it stalls them.
            with srv._cluster.store.lock:
                yield

        yield srv, stalled


TIMEOUT_POLICY = {"total_timeout": 300, "socket_timeout": 300, "max_retries": 0}


def test_write_timeout_is_in_doubt(stalled_server):
    srv, stalled = stalled_server
    key = ("test", "s", "k")
    with aerospike_py.client(srv.config).connect() as c:
        c.put(key, {"a": 1})
        with stalled():
            with pytest.raises(ex.AerospikeTimeoutError) as info:
                c.put(key, {"a": 2}, policy=TIMEOUT_POLICY)
        e = info.value
        assert e.code == e.result_code == 9
        assert e.in_doubt is True
        assert "[in doubt]" in str(e)
        assert c.get(key).meta is not None  # the client recovers


def test_read_timeout_is_not_in_doubt(stalled_server):
    srv, stalled = stalled_server
    key = ("test", "s", "k")
    with aerospike_py.client(srv.config).connect() as c:
        c.put(key, {"a": 1})
        with stalled():
            with pytest.raises(ex.AerospikeTimeoutError) as info:
                c.get(key, policy=TIMEOUT_POLICY)
        assert info.value.code == 9
        assert info.value.in_doubt is False
        assert c.get(key).bins == {"a": 1}
