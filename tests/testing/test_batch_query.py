"""Batch, scan and query through the official client."""

from __future__ import annotations

import uuid

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402
from aerospike import predicates as p  # noqa: E402

NS = "test"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_batch_read_variants(client, set_name):
    keys = [(NS, set_name, i) for i in range(10)]
    for i, k in enumerate(keys[:8]):
        client.put(k, {"a": i, "b": str(i)})
    res = client.batch_read(keys)
    recs = res.batch_records
    assert len(recs) == 10
    assert [r.result for r in recs] == [0] * 8 + [2, 2]
    assert recs[3].record[2] == {"a": 3, "b": "3"}
    sel = client.batch_read(keys, ["b"]).batch_records
    assert sel[5].record[2] == {"b": "5"}
    hdr = client.batch_read(keys, []).batch_records
    assert hdr[0].result == 0 and hdr[0].record[1]["gen"] == 1
    assert hdr[8].result == 2


def test_batch_operate_write_remove(client, set_name):
    from aerospike_helpers.batch import records as br
    from aerospike_helpers.operations import operations as op
    keys = [(NS, set_name, i) for i in range(4)]
    client.put(keys[0], {"a": 1})
    batch = br.BatchRecords([
        br.Write(keys[0], [op.increment("a", 1), op.read("a")]),
        br.Write(keys[1], [op.write("a", 10)]),
        br.Read(keys[2], [op.read("a")]),
        br.Remove(keys[0]),
        br.Remove(keys[3]),
    ])
    res = client.batch_write(batch)
    codes = [r.result for r in res.batch_records]
    assert codes[0] == 0 and codes[1] == 0
    assert res.batch_records[0].record[2] == {"a": 2}
    assert codes[2] == 2 and codes[3] == 0 and codes[4] == 2
    assert client.get(keys[1])[2] == {"a": 10}
    with pytest.raises(ex.RecordNotFound):
        client.get(keys[0])


def test_batch_operate_and_remove_helpers(client, set_name):
    from aerospike_helpers.operations import operations as op
    keys = [(NS, set_name, i) for i in range(3)]
    for k in keys:
        client.put(k, {"n": 1})
    res = client.batch_operate(keys, [op.increment("n", 2), op.read("n")])
    assert [r.record[2]["n"] for r in res.batch_records] == [3, 3, 3]
    res = client.batch_remove(keys)
    assert all(r.result == 0 for r in res.batch_records)
    assert all(r.result == 2 for r in client.batch_read(keys, []).batch_records)


def test_batch_udf_missing_module(client, set_name):
    key = (NS, set_name, 1)
    client.put(key, {"a": 1})
    res = client.batch_apply([key], "no_such_module", "fn", [])
    assert res.batch_records[0].result == 100


def test_scan_all_and_select(client, set_name):
    for i in range(50):
        client.put((NS, set_name, i), {"a": i, "b": "x"}, policy={"key": aerospike.POLICY_KEY_SEND})
    recs = client.scan(NS, set_name).results()
    assert sorted(r[0][2] for r in recs) == list(range(50))
    scan = client.scan(NS, set_name)
    scan.select("a")
    recs = scan.results()
    assert all(set(r[2]) == {"a"} for r in recs)


def test_scan_max_records_and_pagination(client, set_name):
    for i in range(120):
        client.put((NS, set_name, i), {"a": i})
    q = client.query(NS, set_name)
    q.max_records = 30
    assert len(q.results()) == 30

    q = client.query(NS, set_name)
    q.paginate()
    q.max_records = 25
    seen: list[int] = []
    pages = 0
    while not q.is_done():
        page = q.results()
        seen.extend(r[2]["a"] for r in page)
        pages += 1
        assert pages < 20
    assert sorted(seen) == list(range(120))
    assert pages >= 5


def test_scan_partition_filter(client, set_name):
    for i in range(60):
        client.put((NS, set_name, i), {"a": i})
    total = 0
    for begin in range(0, 4096, 1024):
        q = client.query(NS, set_name)
        recs = q.results(policy={"partition_filter": {"begin": begin, "count": 1024}})
        total += len(recs)
    assert total == 60


@pytest.fixture
def indexed_set(client):
    """A fresh set plus a factory for indexes on it, removed afterwards.

    Indexes are created with the info command (as admin tools do) because the
    client's create helpers sleep a full second before polling for completion.
    """
    set_name = "q" + uuid.uuid4().hex[:10]
    names = []

    def make(bin_name: str, ktype: str, itype: str = "default") -> str:
        name = f"idx_{set_name}_{bin_name}_{ktype}_{itype}"
        cmd = (f"sindex-create:namespace={NS};set={set_name};indexname={name};"
               f"indextype={itype.upper()};bin={bin_name};type={ktype.upper()}")
        for _node, (err, resp) in client.info_all(cmd).items():
            assert err is None, resp
        names.append(name)
        return name

    yield set_name, make
    for n in names:
        try:
            client.index_remove(NS, n)
        except ex.AerospikeError:
            pass


def test_sindex_queries(client, indexed_set):
    set_name, make = indexed_set
    make("age", "numeric")
    make("name", "string")
    make("tags", "numeric", "list")
    make("attrs", "string", "mapkeys")
    for i in range(30):
        client.put((NS, set_name, i), {"age": i, "name": f"n{i % 3}", "tags": [i, i + 100],
                                       "attrs": {f"k{i % 2}": i}})
    q = client.query(NS, set_name)
    q.where(p.equals("age", 7))
    assert [r[2]["age"] for r in q.results()] == [7]
    q = client.query(NS, set_name)
    q.where(p.between("age", 10, 14))
    assert sorted(r[2]["age"] for r in q.results()) == [10, 11, 12, 13, 14]
    q = client.query(NS, set_name)
    q.where(p.equals("name", "n1"))
    assert len(q.results()) == 10
    q = client.query(NS, set_name)
    q.where(p.contains("tags", aerospike.INDEX_TYPE_LIST, 105))
    assert [r[2]["age"] for r in q.results()] == [5]
    q = client.query(NS, set_name)
    q.where(p.contains("attrs", aerospike.INDEX_TYPE_MAPKEYS, "k1"))
    assert len(q.results()) == 15
    q = client.query(NS, set_name)
    q.select("age")
    q.where(p.between("age", 0, 4))
    assert all(set(r[2]) == {"age"} for r in q.results())


def test_query_without_index_fails(client, set_name):
    client.put((NS, set_name, 1), {"zz": 1})
    q = client.query(NS, set_name)
    q.where(p.equals("zz_no_index", 1))
    with pytest.raises(ex.AerospikeError) as info:
        q.results()
    assert info.value.code == 201


def test_sindex_list_info(client, indexed_set):
    set_name, make = indexed_set
    name = make("v", "numeric")
    listing = client.info_random_node(f"sindex-list:ns={NS}")
    assert name in listing


def test_background_query_ops(client, set_name):
    from aerospike_helpers.operations import operations as op
    for i in range(10):
        client.put((NS, set_name, i), {"a": i})
    q = client.query(NS, set_name)
    q.add_ops([op.write("flag", 1)])
    job = q.execute_background()
    client.job_info(job, aerospike.JOB_QUERY)
    import time
    deadline = time.time() + 5
    while time.time() < deadline:
        if client.job_info(job, aerospike.JOB_QUERY)["status"] == aerospike.JOB_STATUS_COMPLETED:
            break
        time.sleep(0.1)
    assert all(client.get((NS, set_name, i))[2]["flag"] == 1 for i in range(10))


def test_index_create_helper(client, set_name):
    name = f"idx_{set_name}_helper"
    client.index_integer_create(NS, set_name, "h", name)
    try:
        client.put((NS, set_name, 1), {"h": 5})
        q = client.query(NS, set_name)
        q.where(p.equals("h", 5))
        assert len(q.results()) == 1
    finally:
        client.index_remove(NS, name)
    q = client.query(NS, set_name)
    q.where(p.equals("h", 5))
    with pytest.raises(ex.IndexNotFound):
        q.results()


def test_udf_registry_and_missing_execution(client, set_name):
    import base64
    source = b'function hello(rec)\n  return "hi"\nend\n'
    name = f"m{set_name}.lua"
    b64 = base64.b64encode(source).decode()
    cmd = f"udf-put:filename={name};content={b64};content-len={len(b64)};udf-type=LUA;"
    for _node, (err, _resp) in client.info_all(cmd).items():
        assert err is None
    assert any(f["name"] == name for f in client.udf_list())
    assert client.udf_get(name).encode() == source
    client.put((NS, set_name, 1), {"a": 1})
    with pytest.raises(ex.UDFError):
        client.apply((NS, set_name, 1), "no_such_module_xyz", "hello", [])
    for _node, (err, _resp) in client.info_all(f"udf-remove:filename={name};").items():
        assert err is None
    assert not any(f["name"] == name for f in client.udf_list())


def test_query_with_read_ops(client, set_name):
    from aerospike_helpers.operations import list_operations as lo
    from aerospike_helpers.operations import operations as op
    for i in range(3):
        client.put((NS, set_name, i), {"l": list(range(i + 1)), "a": i})
    q = client.query(NS, set_name)
    q.add_ops([lo.list_size("l"), op.read("a")])
    assert sorted((r[2]["l"], r[2]["a"]) for r in q.results()) == [(1, 0), (2, 1), (3, 2)]


def test_geo_queries(client, indexed_set):
    set_name, make = indexed_set
    make("loc", "geo2dsphere")
    points = {"in1": [-122.0, 37.5], "in2": [-122.1, 37.55], "out": [-100.0, 40.0]}
    for name, (lon, lat) in points.items():
        client.put((NS, set_name, name),
                   {"loc": aerospike.GeoJSON({"type": "Point", "coordinates": [lon, lat]}),
                    "name": name})
    region = {"type": "Polygon", "coordinates": [[[-122.5, 37.0], [-121.5, 37.0],
                                                  [-121.5, 38.0], [-122.5, 38.0],
                                                  [-122.5, 37.0]]]}
    q = client.query(NS, set_name)
    q.where(p.geo_within_geojson_region("loc", aerospike.GeoJSON(region).dumps()))
    assert sorted(r[2]["name"] for r in q.results()) == ["in1", "in2"]
    q = client.query(NS, set_name)
    q.where(p.geo_within_radius("loc", -122.0, 37.5, 20000))
    assert sorted(r[2]["name"] for r in q.results()) == ["in1", "in2"]
    q = client.query(NS, set_name)
    q.where(p.geo_within_radius("loc", -122.0, 37.5, 100))
    assert [r[2]["name"] for r in q.results()] == ["in1"]
