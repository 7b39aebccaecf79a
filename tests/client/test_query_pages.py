"""Query pagination: pages of max_records, is_done(), and cursors saved and restored."""

from __future__ import annotations

import uuid

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py import predicates as p

NS = "test"
COUNT = 45


def _fill(client: aerospike_py.Client, set_name: str, count: int = COUNT) -> None:
    result = client.batch_write([((NS, set_name, i), {"n": i}) for i in range(count)])
    assert all(r.result == 0 for r in result.batch_records)


def _read_pages(query: aerospike_py.Query, size: int, limit: int = 50) -> list[list[int]]:
    pages = []
    while not query.is_done() and len(pages) < limit:
        pages.append([r.bins["n"] for r in query.results({"max_records": size})])
    return pages


def test_pages_cover_every_record_once(client: aerospike_py.Client, set_name: str) -> None:
    _fill(client, set_name)
    query = client.query(NS, set_name)
    query.paginate()
    assert not query.is_done() and query.get_cursor() is None
    pages = _read_pages(query, 10)
    assert query.is_done()
    seen = [n for page in pages for n in page]
    assert sorted(seen) == list(range(COUNT))
    assert all(len(page) <= 10 for page in pages)
    assert len([page for page in pages if page]) >= COUNT // 10
    # Done: another run returns nothing; starting over reads everything again.
    assert query.results({"max_records": 10}) == []
    query.set_cursor(None)
    assert sorted(n for page in _read_pages(query, 100) for n in page) == list(range(COUNT))


def test_cursor_resumes_in_another_query(client: aerospike_py.Client, set_name: str) -> None:
    _fill(client, set_name)
    first = client.query(NS, set_name)
    first.paginate()
    page1 = [r.bins["n"] for r in first.results({"max_records": 20})]
    cursor = first.get_cursor()
    assert type(cursor) is bytes and not first.is_done()
    # A new query object (e.g. the next request of a web API) picks up where the first stopped.
    second = client.query(NS, set_name)
    second.set_cursor(cursor)
    rest = [n for page in _read_pages(second, 20) for n in page]
    assert second.is_done()
    assert sorted(page1 + rest) == list(range(COUNT))
    assert not set(page1) & set(rest)


def test_pages_with_a_predicate_and_foreach(client: aerospike_py.Client, set_name: str) -> None:
    index = "i" + uuid.uuid4().hex[:10]
    client.index_integer_create(NS, set_name, "n", index)
    try:
        _fill(client, set_name)
        query = client.query(NS, set_name)
        query.where(p.between("n", 10, 29))
        query.paginate()
        seen: list[int] = []
        for _ in range(20):
            if query.is_done():
                break
            query.foreach(lambda r: seen.append(r.bins["n"]), {"max_records": 7})
        assert query.is_done()
        assert sorted(seen) == list(range(10, 30))
    finally:
        client.index_remove(NS, index)


def test_unpaged_queries_do_not_resume(client: aerospike_py.Client, set_name: str) -> None:
    _fill(client, set_name, 10)
    query = client.query(NS, set_name)
    assert len(query.results()) == 10
    assert len(query.results()) == 10
    assert query.get_cursor() is None


def test_bad_cursor(client: aerospike_py.Client, set_name: str) -> None:
    query = client.query(NS, set_name)
    with pytest.raises(exc.InvalidArgError):
        query.set_cursor("text")  # type: ignore[arg-type]
    query.set_cursor(b"\x00garbage")
    with pytest.raises(exc.AerospikeError):
        query.results({"max_records": 5})
