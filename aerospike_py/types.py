"""Result and argument types of the aerospike_py API.

Results are ``NamedTuple`` so they unpack like the tuples older code expects
(``key, meta, bins = client.get(k)``) while still offering named fields.
Arguments are ``TypedDict`` (all keys optional): callers keep passing plain
dicts and type checkers can still catch misspelled keys.
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeAlias, TypedDict

__all__ = [
    "AerospikeKey",
    "RecordMetadata",
    "Bins",
    "Record",
    "ExistsResult",
    "InfoNodeResult",
    "NodeInfo",
    "BinTuple",
    "OperateOrderedResult",
    "BatchRecord",
    "BatchRetryInfo",
    "BatchWriteResult",
    "UserKey",
    "AerospikeRecord",
    "BatchRecords",
    "ReadPolicy",
    "WritePolicy",
    "BatchPolicy",
    "BatchReadPolicy",
    "BatchDeletePolicy",
    "BatchDeleteMeta",
    "BatchUDFPolicy",
    "BatchUDFMeta",
    "AdminPolicy",
    "InfoPolicy",
    "QueryPolicy",
    "ScanPolicy",
    "WriteMeta",
    "TLSConfig",
    "LuaConfig",
    "ClientPolicies",
    "ClientConfig",
    "Privilege",
    "UserInfo",
    "RoleInfo",
]

# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class AerospikeKey(NamedTuple):
    """Key of a returned record; ``user_key`` is None unless the key was stored (POLICY_KEY_SEND)."""

    namespace: str
    set_name: str
    user_key: str | int | bytes | None
    digest: bytes


class RecordMetadata(NamedTuple):
    """Generation (for optimistic concurrency) and remaining TTL in seconds."""

    gen: int
    ttl: int


Bins = dict[str, Any]
"""Bin name to value."""


class Record(NamedTuple):
    """A record as returned by reads; fields are None when the server sent no such part."""

    key: AerospikeKey | None
    meta: RecordMetadata | None
    bins: Bins | None


class ExistsResult(NamedTuple):
    """Result of ``exists()``; ``meta`` is None when the record is absent."""

    key: AerospikeKey | None
    meta: RecordMetadata | None


class InfoNodeResult(NamedTuple):
    """One node's answer to an info command; ``error_code`` is 0 on success."""

    node_name: str
    error_code: int
    response: str


class NodeInfo(NamedTuple):
    """One cluster node as the client sees it (``get_nodes()``)."""

    name: str
    address: str
    port: int


class BinTuple(NamedTuple):
    """One operation result, kept in request order by ``operate_ordered()``."""

    name: str
    value: Any


class OperateOrderedResult(NamedTuple):
    """Result of ``operate_ordered()``: results in the order the operations were given."""

    key: AerospikeKey | None
    meta: RecordMetadata | None
    ordered_bins: list[BinTuple]


class BatchRecord(NamedTuple):
    """Outcome for one key of a batch write, operate, remove or apply.

    ``result`` is the status code for this key (0 on success), so one failing
    key does not fail the whole batch.
    """

    key: AerospikeKey | None
    result: int
    record: Record | None
    in_doubt: bool = False


class BatchRetryInfo(NamedTuple):
    """What a batch retry loop really did, versus what the caller asked for.

    A large ``retry`` can be cut short by ``total_timeout``; these counters
    make that visible.  The defaults describe one attempt and no retry, which
    is what batch calls without a retry loop report.
    """

    attempts: int = 1
    max_attempts: int = 1
    truncated_by_timeout: bool = False
    unresolved: int = 0


class BatchWriteResult(NamedTuple):
    """Per-key outcomes of a batch write-type call, plus its retry summary."""

    batch_records: list[BatchRecord]
    retry: BatchRetryInfo = BatchRetryInfo()


UserKey: TypeAlias = str | int
"""User key as used to index ``batch_read`` results."""

AerospikeRecord: TypeAlias = dict[str, Any]
"""Bins of one record."""

BatchRecords: TypeAlias = dict[UserKey, AerospikeRecord]
"""``batch_read`` results keyed by user key."""

# ---------------------------------------------------------------------------
# Policies and metadata (all keys optional; omitted keys use client defaults)
# ---------------------------------------------------------------------------


class ReadPolicy(TypedDict, total=False):
    """Options for single-record reads. Times are in milliseconds."""

    socket_timeout: int
    total_timeout: int
    max_retries: int
    sleep_between_retries: int
    timeout_delay: int
    filter_expression: Any
    replica: int
    read_mode_ap: int
    read_touch_ttl_percent: int


class WritePolicy(TypedDict, total=False):
    """Options for single-record writes, removes, operate and apply."""

    socket_timeout: int
    total_timeout: int
    max_retries: int
    sleep_between_retries: int
    timeout_delay: int
    durable_delete: bool
    key: int
    exists: int
    gen: int
    commit_level: int
    ttl: int
    filter_expression: Any
    read_mode_ap: int
    read_touch_ttl_percent: int


class BatchPolicy(TypedDict, total=False):
    """Options for a whole batch call; the write keys are defaults for each record."""

    socket_timeout: int
    total_timeout: int
    max_retries: int
    sleep_between_retries: int
    timeout_delay: int
    filter_expression: Any
    allow_inline: bool
    allow_inline_ssd: bool
    respond_all_keys: bool
    replica: int
    read_mode_ap: int
    read_touch_ttl_percent: int
    concurrency: int
    key: int
    exists: int
    gen: int
    commit_level: int
    durable_delete: bool
    ttl: int


class BatchReadPolicy(TypedDict, total=False):
    """Per-record overrides for batch reads."""

    read_touch_ttl_percent: int
    filter_expression: Any


class BatchDeletePolicy(TypedDict, total=False):
    """Per-record overrides for batch removes."""

    gen: int
    key: int
    commit_level: int
    durable_delete: bool
    filter_expression: Any


class BatchDeleteMeta(TypedDict, total=False):
    """Metadata attached to one key in ``batch_remove`` as ``(key, meta)``."""

    gen: int
    key: int
    commit_level: int
    durable_delete: bool


class BatchUDFPolicy(TypedDict, total=False):
    """Per-record overrides for batch UDF calls."""

    commit_level: int
    ttl: int
    key: int
    durable_delete: bool
    filter_expression: Any


class BatchUDFMeta(TypedDict, total=False):
    """Metadata attached to one key in ``batch_apply`` as ``(key, meta)``."""

    module: str
    function: str
    args: list[Any]
    ttl: int
    commit_level: int
    key: int
    durable_delete: bool


class AdminPolicy(TypedDict, total=False):
    """Options for user and role administration."""

    timeout: int


class InfoPolicy(TypedDict, total=False):
    """Options for info commands (``info_all``, ``info_random_node``)."""

    timeout: int
    send_as_is: bool
    check_bounds: bool


class QueryPolicy(TypedDict, total=False):
    """Options for secondary-index queries and full-set queries."""

    socket_timeout: int
    total_timeout: int
    max_retries: int
    sleep_between_retries: int
    timeout_delay: int
    max_records: int
    records_per_second: int
    filter_expression: Any
    replica: int
    read_mode_ap: int
    read_touch_ttl_percent: int
    max_concurrent_nodes: int
    record_queue_size: int
    expected_duration: int
    include_bin_data: bool
    partition_filter: Any


class ScanPolicy(TypedDict, total=False):
    """Options for scans."""

    socket_timeout: int
    total_timeout: int
    max_retries: int
    sleep_between_retries: int
    timeout_delay: int
    filter_expression: Any
    replica: int
    read_mode_ap: int
    records_per_second: int
    max_records: int
    durable_delete: bool
    ttl: int
    partition_filter: Any


class WriteMeta(TypedDict, total=False):
    """Per-call write metadata (the ``meta`` argument), overriding the policy."""

    gen: int
    ttl: int
    key: int
    exists: int
    commit_level: int
    durable_delete: bool


# ---------------------------------------------------------------------------
# Client configuration
# ---------------------------------------------------------------------------


class TLSConfig(TypedDict, total=False):
    """TLS settings passed to the C client's ``as_config_tls``."""

    enable: bool
    cafile: str
    capath: str
    certfile: str
    keyfile: str
    keyfile_password: str
    protocols: str
    cipher_suite: str
    crl_check: bool
    crl_check_all: bool
    log_session_info: bool
    for_login_only: bool


class LuaConfig(TypedDict, total=False):
    """Where the client finds Lua modules for client-side UDF work."""

    system_path: str
    user_path: str


class ClientPolicies(TypedDict, total=False):
    """Client-wide default policies, one per command kind.

    Per-call ``policy`` arguments override these key by key.
    """

    read: ReadPolicy
    write: WritePolicy
    operate: WritePolicy
    remove: WritePolicy
    batch: BatchPolicy
    query: QueryPolicy
    scan: ScanPolicy
    apply: WritePolicy
    info: InfoPolicy
    admin: AdminPolicy


class ClientConfig(TypedDict, total=False):
    """Configuration given to ``client()`` / ``async_client()``.

    The first group is shared with other aerospike_py implementations; the
    second exposes C client settings.  Times are in milliseconds unless the
    name says otherwise.
    """

    hosts: list[tuple[str, int]]
    cluster_name: str | None
    auth_mode: int
    user: str
    password: str
    timeout: int
    idle_timeout: int
    max_conns_per_node: int
    min_conns_per_node: int
    conn_pools_per_node: int
    tend_interval: int
    use_services_alternate: bool
    max_concurrent_operations: int
    operation_queue_timeout_ms: int

    policies: ClientPolicies
    tls: TLSConfig
    rack_aware: bool
    rack_id: int
    rack_ids: list[int]
    login_timeout_ms: int
    max_error_rate: int
    error_rate_window: int
    app_id: str
    lua: LuaConfig
    async_max_conns_per_node: int
    event_loops: int
    thread_pool_size: int


# ---------------------------------------------------------------------------
# Security administration
# ---------------------------------------------------------------------------


class Privilege(TypedDict, total=False):
    """A privilege grant; ``code`` is a PRIV_* value or its name, scoped by ``ns``/``set``."""

    code: int | str
    ns: str
    set: str


class UserInfo(TypedDict):
    """A user as reported by ``admin_query_user_info``."""

    user: str
    roles: list[str]
    conns_in_use: int


class RoleInfo(TypedDict):
    """A role as reported by ``admin_query_role``."""

    name: str
    privileges: list[Privilege]
    allowlist: list[str]
    read_quota: int
    write_quota: int
