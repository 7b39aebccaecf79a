"""batch_write(..., retry=N): records refused with a transient code are written again.

A server of the test's own with a pending limit of 1: the rows of one batch
arrive together, so with eight writes of one record three go through (one
runs, one waits) and the rest are refused with KEY_BUSY (14).  Each retry
writes only the refused rows again, so the attempts needed are exact.
"""

from __future__ import annotations

from typing import Iterator

import pytest

import aerospike_py
from aerospike_py.testing import FaultProxy, TestServer

np = pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def busy_server() -> Iterator[TestServer]:
    with TestServer(transaction_pending_limit={"test": 1}) as srv:
        yield srv


@pytest.fixture(scope="module")
def busy_client(busy_server: TestServer) -> Iterator[aerospike_py.Client]:
    with aerospike_py.client(busy_server.config).connect() as c:
        yield c


def same_key(n: int, pk: str) -> list[tuple]:
    return [(("test", "retry", pk), {"v": i}) for i in range(n)]


def codes(result: aerospike_py.BatchWriteResult) -> list[int]:
    return [r.result for r in result.batch_records]


def test_retry_zero_makes_one_attempt(busy_client: aerospike_py.Client) -> None:
    result = busy_client.batch_write(same_key(8, "zero"))
    assert codes(result) == [0, 0, 0, 14, 14, 14, 14, 14]
    # No retry loop asked for: nothing counted as given up on.
    assert result.retry == aerospike_py.BatchRetryInfo(1, 1, False, 0)
    assert busy_client.get(("test", "retry", "zero")).bins == {"v": 2}


def test_refused_rows_are_retried_until_they_succeed(busy_client: aerospike_py.Client) -> None:
    result = busy_client.batch_write(same_key(8, "ten"), retry=10)
    assert codes(result) == [0] * 8
    assert result.retry == aerospike_py.BatchRetryInfo(3, 11, False, 0)  # 5 refused, then 2, then none
    assert busy_client.get(("test", "retry", "ten")).bins == {"v": 7}  # the retries run in the original order
    assert [r.key.user_key for r in result.batch_records] == ["ten"] * 8


def test_attempts_run_out(busy_client: aerospike_py.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="aerospike_py"):
        result = busy_client.batch_write(same_key(8, "one"), retry=1)
    # The last attempt's codes for the retried rows, the first ones for the rest, in order.
    assert codes(result) == [0, 0, 0, 0, 0, 0, 14, 14]
    assert result.retry == aerospike_py.BatchRetryInfo(2, 2, False, 2)
    assert busy_client.get(("test", "retry", "one")).bins == {"v": 5}
    assert "2 record(s) still failing after 2 of 2 attempt(s)" in caplog.text


def test_other_failures_are_not_retried(busy_client: aerospike_py.Client) -> None:
    key = ("test", "retry", "gen")
    busy_client.put(key, {"a": 1})
    result = busy_client.batch_write([(key, {"a": 2}, {"gen": 99})] + same_key(5, "mixed"), retry=5)
    assert codes(result) == [3, 0, 0, 0, 0, 0]  # the generation error stays; the busy rows went through
    assert result.retry == aerospike_py.BatchRetryInfo(2, 6, False, 0)
    assert busy_client.get(key).bins == {"a": 1}
    # Nothing transient: one attempt whatever retry says.
    result = busy_client.batch_write([(key, {"a": 2}, {"gen": 99})], retry=5)
    assert codes(result) == [3] and result.retry == aerospike_py.BatchRetryInfo(1, 6, False, 0)


def test_total_timeout_cuts_the_retries_short(busy_client: aerospike_py.Client) -> None:
    # 60 writes of one record need 20 attempts; the backoff ladder (up to 500 ms each) outlasts 300 ms.
    result = busy_client.batch_write(same_key(60, "cut"), retry=100, policy={"total_timeout": 300})
    info = result.retry
    assert info.truncated_by_timeout is True
    assert 1 < info.attempts < 20 and info.max_attempts == 101
    assert info.unresolved == codes(result).count(14) > 0


def test_batch_write_numpy_retries(busy_client: aerospike_py.Client) -> None:
    dtype = np.dtype([("_key", "i4"), ("v", "i4")])
    data = np.array([(1, i) for i in range(8)], dtype=dtype)
    once = busy_client.batch_write_numpy(data, "test", "retry_np", dtype)
    assert codes(once) == [0, 0, 0, 14, 14, 14, 14, 14] and once.retry.attempts == 1
    result = busy_client.batch_write_numpy(data, "test", "retry_np", dtype, retry=10)
    assert codes(result) == [0] * 8
    assert result.retry == aerospike_py.BatchRetryInfo(3, 11, False, 0)
    assert busy_client.get(("test", "retry_np", 1)).bins == {"v": 7}


def test_retry_is_checked(busy_client: aerospike_py.Client) -> None:
    for bad in (-1, 1.5, "2", None, True):
        with pytest.raises(aerospike_py.exception.InvalidArgError, match="retry"):
            busy_client.batch_write(same_key(1, "bad"), retry=bad)  # type: ignore[arg-type]
    huge = busy_client.batch_write(same_key(1, "huge"), retry=2**40)
    assert huge.retry == aerospike_py.BatchRetryInfo(1, 2**40 + 1, False, 0)


def test_requests_reused_after_retries(busy_client: aerospike_py.Client) -> None:
    for _ in range(20):  # pooled requests: each call's retry state is its own
        assert busy_client.batch_write(same_key(5, "again"), retry=3).retry.attempts == 2
        assert busy_client.batch_write(same_key(5, "again")).retry.attempts == 1


def test_a_failed_attempt_is_not_written_again(busy_server: TestServer) -> None:
    # The whole batch failing (a reset connection, in doubt) raises at once, as in aerospike-py 0.14.4:
    # what that attempt applied is unknown, so only per-record transient codes are retried.
    proxy = FaultProxy(busy_server.hosts[0])
    try:
        with aerospike_py.client({"hosts": [(proxy.host, proxy.port)]}).connect() as c:
            before = proxy.requests
            proxy.inject("reset")
            with pytest.raises(aerospike_py.exception.ClusterError) as info:
                c.batch_write(same_key(3, "reset"), retry=3)
            assert info.value.in_doubt is True
            assert proxy.requests == before + 1
            assert c.batch_write(same_key(3, "reset"), retry=3).retry.attempts == 1  # the client goes on
    finally:
        proxy.close()
