"""Query and scan specifications, shared by ``Query`` and ``AsyncQuery``.

A query is built in Python (bins, one predicate, policy) and sent to C as
one marshal tuple (see set_query in include/aspy_bq.c).  Records come back
in chunks from a stream; only how a client waits for the next chunk differs
between the sync and async faces.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Mapping
from typing import Any, Optional

from aerospike_py._binding import lib
from aerospike_py._command import _set_policy
from aerospike_py._convert import INT64_MAX, INT64_MIN, begin_keyless, decode, error_from, invalid
from aerospike_py._exp_compile import compile_expression
from aerospike_py._ops import encode_ctx
from aerospike_py._values import GeoJSON
from aerospike_py.types import AerospikeKey, Record, RecordMetadata

# How many records a blocking query buffers ahead of its consumer by default.
DEFAULT_RECORD_QUEUE_SIZE = 1024

_EQ_INT, _EQ_STR, _EQ_BLOB, _RANGE, _GEO_WITHIN, _GEO_CONTAINS = 1, 2, 3, 4, 5, 6
_COLLECTION_TYPES = (0, 1, 2, 3)  # INDEX_TYPE_DEFAULT, _LIST, _MAPKEYS, _MAPVALUES


class PartitionFilter:
    """A range of partitions to query or scan (``policy={"partition_filter": ...}``)."""

    __slots__ = ("begin", "count")

    def __init__(self, begin: int, count: int) -> None:
        if type(begin) is not int or type(count) is not int or begin < 0 or count < 0 or begin + count > 4096:
            raise ValueError(f"partitions {begin}..{begin}+{count} are outside 0..4095")
        self.begin = begin
        self.count = count

    def __repr__(self) -> str:
        return f"PartitionFilter(begin={self.begin}, count={self.count})"


def partition_filter_all() -> PartitionFilter:
    """All 4096 partitions (the same as no filter)."""
    return PartitionFilter(0, 4096)


def partition_filter_by_id(partition_id: int) -> PartitionFilter:
    """One partition, ``0..4095``."""
    return PartitionFilter(partition_id, 1)


def partition_filter_by_range(begin: int, count: int) -> PartitionFilter:
    """``count`` partitions from ``begin``; ``begin + count <= 4096``."""
    return PartitionFilter(begin, count)


def _int64(value: Any, what: str) -> int:
    if type(value) is not int or not INT64_MIN <= value <= INT64_MAX:
        raise invalid(f"{what} must be a signed 64-bit int, got {value!r}")
    return value


def _equality(bin_name: str, index_type: int, value: Any, what: str) -> tuple[Any, ...]:
    if type(value) is int:
        return (_EQ_INT, bin_name, index_type, _int64(value, what), None)
    if type(value) is str:
        if "\x00" in value:
            raise invalid(f"{what} must not contain NUL")
        return (_EQ_STR, bin_name, index_type, value, None)
    if type(value) in (bytes, bytearray):
        return (_EQ_BLOB, bin_name, index_type, bytes(value), None)
    raise invalid(f"{what} must be int, str or bytes, got {type(value).__name__} ({value!r})")


def _geojson_text(value: Any, what: str) -> str:
    if isinstance(value, GeoJSON):
        value = value.dumps()
    elif isinstance(value, Mapping):
        value = json.dumps(value)
    if type(value) is not str:
        raise invalid(f"{what} must be a GeoJSON str, got {type(value).__name__}")
    return value


def encode_predicate(predicate: Any) -> tuple[Any, ...]:
    """The C form of a ``predicates`` tuple; raises InvalidArgError naming what is wrong."""
    if not isinstance(predicate, tuple) or len(predicate) < 3 or type(predicate[0]) is not str:
        raise invalid(f"a predicate is a tuple from aerospike_py.predicates, got {predicate!r}")
    name, bin_name = predicate[0], predicate[1]
    if type(bin_name) is not str or not 0 < len(bin_name.encode()) <= 15:
        raise invalid(f"predicate bin name must be a str of 1 to 15 bytes, got {bin_name!r}")
    args = predicate[2:]
    if len(args) == _ARITY.get(name, -1) + 1:  # a trailing ctx list
        ctx = encode_ctx(args[-1], "predicate")
        encoded = _encode_base(name, bin_name, args[:-1], predicate)
        return encoded if ctx is None else (*encoded, ctx)
    return _encode_base(name, bin_name, args, predicate)


_ARITY = {"equals": 1, "between": 2, "contains": 2, "geo_within_geojson_region": 1,
          "geo_contains_geojson_point": 1, "geo_within_radius": 3}


def _encode_base(name: str, bin_name: str, args: tuple[Any, ...], predicate: Any) -> tuple[Any, ...]:
    if name == "equals" and len(args) == 1:
        return _equality(bin_name, 0, args[0], "equals value")
    if name == "between" and len(args) == 2:
        low, high = _int64(args[0], "between min"), _int64(args[1], "between max")
        return (_RANGE, bin_name, 0, low, high)
    if name == "contains" and len(args) == 2:
        index_type = args[0]
        if type(index_type) is not int or index_type not in _COLLECTION_TYPES:
            raise invalid(f"contains index_type must be one of INDEX_TYPE_*, got {index_type!r}")
        return _equality(bin_name, index_type, args[1], "contains value")
    if name == "geo_within_geojson_region" and len(args) == 1:
        return (_GEO_WITHIN, bin_name, 0, _geojson_text(args[0], "region"), None)
    if name == "geo_contains_geojson_point" and len(args) == 1:
        return (_GEO_CONTAINS, bin_name, 0, _geojson_text(args[0], "point"), None)
    if name == "geo_within_radius" and len(args) == 3:
        lat, lng, radius = args
        if not all(type(v) in (int, float) for v in args):
            raise invalid(f"geo_within_radius needs numeric lat, lng and radius, got {args!r}")
        circle = json.dumps({"type": "AeroCircle", "coordinates": [[float(lng), float(lat)], float(radius)]})
        return (_GEO_WITHIN, bin_name, 0, circle, None)
    raise invalid(f"unknown or malformed predicate {predicate!r}")


# Policy fields that describe the query itself rather than the C query policy.
_SPEC_FIELDS = ("max_records", "records_per_second", "include_bin_data", "partition_filter",
                "record_queue_size", "max_concurrent_nodes")


class QueryBase:
    """What a query asks for; ``Query`` and ``AsyncQuery`` add how it runs."""

    def __init__(self, client: Any, namespace: str, set_name: Optional[str]) -> None:
        if type(namespace) is not str or not namespace:
            raise invalid(f"namespace must be a non-empty str, got {namespace!r}")
        if set_name is not None and type(set_name) is not str:
            raise invalid(f"set name must be a str or None, got {set_name!r}")
        self._client = client
        self.namespace = namespace
        self.set_name = set_name or ""
        self._bins: Optional[list[str]] = None
        self._predicate: Optional[tuple[Any, ...]] = None
        self._udf: Optional[tuple[str, str, Any]] = None
        self._paginate = False
        self._cursor: Optional[bytes] = None
        self._done = False

    def select(self, *bins: str) -> None:
        """Return only these bins."""
        for name in bins:
            if type(name) is not str or not 0 < len(name.encode()) <= 15:
                raise invalid(f"bin name must be a str of 1 to 15 bytes, got {name!r}")
        self._bins = list(bins)

    def where(self, predicate: tuple[Any, ...]) -> None:
        """Filter with a secondary-index predicate (one per query)."""
        self._predicate = encode_predicate(predicate)

    def where_with_exp(self, expression: Any, predicate: tuple[Any, ...]) -> None:
        """Filter with a predicate on the expression index built from ``expression``.

        The predicate's bin name is not used (the expression names the index);
        any valid name will do, e.g. ``predicates.between("total", 10, 20)``.
        """
        wire = compile_expression(expression, "where_with_exp expression")
        encoded = encode_predicate(predicate)
        if len(encoded) != 5:
            raise invalid("where_with_exp takes a predicate without ctx: the expression selects the value")
        self._predicate = encoded + (wire,)

    def paginate(self) -> None:
        """Page through the records: each run returns the next ``max_records`` (policy) records."""
        self._paginate = True

    def is_done(self) -> bool:
        """True once a paged query has returned every record."""
        return self._done

    def get_cursor(self) -> Optional[bytes]:
        """Where the next page starts (opaque bytes; None before the first page)."""
        return self._cursor

    def set_cursor(self, cursor: Optional[bytes]) -> None:
        """Resume paging from a cursor saved by ``get_cursor()`` (None: start over)."""
        if cursor is not None and (type(cursor) is not bytes or not cursor):
            raise invalid(f"cursor must be bytes from get_cursor() or None, got {type(cursor).__name__}")
        self._paginate = True
        self._cursor = cursor
        self._done = False

    def apply(self, module: str, function: str, args: Optional[list[Any]] = None) -> None:
        """The record UDF a background job (``execute_background()``) runs on every matching record."""
        from aerospike_py._udf import udf_call
        self._udf = udf_call(module, function, args)

    def _spec(self, policy: Any) -> tuple[bytes, Any, int]:
        """(C query tuple as marshal bytes, C policy dict or None, record queue size).

        Empty bytes mean an empty partition filter: the query has no records.
        """
        if policy is not None and not isinstance(policy, Mapping):
            raise invalid(f"query policy must be a dict, got {type(policy).__name__}")
        policy = dict(policy or {})
        spec = {f: policy.pop(f) for f in _SPEC_FIELDS if f in policy}
        max_records = spec.get("max_records", 0)
        if type(max_records) is not int or not 0 <= max_records <= INT64_MAX:
            raise invalid(f"policy field 'max_records' must be an int >= 0, got {max_records!r}")
        rps = spec.get("records_per_second", 0)
        if type(rps) is not int or not 0 <= rps < 2**32:
            raise invalid(f"policy field 'records_per_second' must be an int >= 0, got {rps!r}")
        include = spec.get("include_bin_data", True)
        if type(include) is not bool:
            raise invalid(f"policy field 'include_bin_data' must be a bool, got {include!r}")
        queue = spec.get("record_queue_size", DEFAULT_RECORD_QUEUE_SIZE)
        if type(queue) is not int or not 0 < queue < 2**32:
            raise invalid(f"policy field 'record_queue_size' must be an int > 0, got {queue!r}")
        nodes = spec.get("max_concurrent_nodes", 0)
        if type(nodes) is not int or nodes < 0:
            raise invalid(f"policy field 'max_concurrent_nodes' must be an int >= 0, got {nodes!r}")
        partitions = spec.get("partition_filter")
        if partitions is not None and not isinstance(partitions, PartitionFilter):
            raise invalid(f"policy field 'partition_filter' must come from partition_filter_*(), got {partitions!r}")
        if partitions is not None and partitions.count == 0:
            return b"", policy or None, queue  # no partitions: nothing to ask the server
        query = (
            self.namespace, self.set_name, self._bins, self._predicate, max_records, rps, int(not include),
            None if partitions is None else (partitions.begin, partitions.count),
        )
        return marshal.dumps(query, 2), policy or None, queue


def prepare_query(as_: Any, req: Any, spec: bytes, policy: Any, queue: int) -> None:
    """Fill ``req`` with a query (the spec from ``QueryBase._spec``)."""
    begin_keyless(req, lib.ASPY_CMD_QUERY)
    if lib.aspy_request_set_query(req, spec, len(spec), queue):
        raise error_from(req)
    _set_policy(as_, req, "query", "query", policy)


def begin_page(req: Any, query: QueryBase) -> None:
    """Make the query in ``req`` a page of ``query`` when it is paged."""
    if query._paginate:
        cursor = query._cursor or b""
        if lib.aspy_query_page_begin(req, cursor, len(cursor)):
            raise error_from(req)


def end_page(req: Any, query: QueryBase) -> None:
    """Remember where a paged query stopped (after it ended without error)."""
    if query._paginate:
        if lib.aspy_query_page_end(req):
            raise error_from(req)
        query._done, query._cursor = decode(req)


def empty_page(query: QueryBase) -> None:
    """A paged query over no partitions: done at once."""
    if query._paginate:
        query._done = True


def take_records(req: Any) -> list[Record]:
    """The records taken into ``req.out`` by aspy_stream_take, as Record tuples."""
    return [
        Record(AerospikeKey(ns, set_name, user_key, digest), RecordMetadata(gen, ttl), bins)
        for ns, set_name, user_key, digest, gen, ttl, bins in decode(req)
    ]
