"""Every public call fed generated arguments raises a clear error or succeeds: never a crash.

The allowed outcomes are a result, an ``AerospikeError`` subclass, or the
``TypeError``/``ValueError`` Python itself raises for a wrong call shape (and
``OverflowError`` for a number that does not fit a NumPy field).
Anything else (a ``SystemError`` from the C boundary, a ``BaseException``, a
segfault that kills the run) fails the test.  Keys are aimed at one set of their
own so a real server's data is never touched; commands that change a whole
namespace (truncate, index create/remove) are fuzzed only in their arguments'
shapes, through names that cannot exist.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import predicates

NS = "test"
FUZZ_SET = "fuzz-" + uuid.uuid4().hex[:8]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=24),
    st.just(...),
    st.just(object()),
    st.just(1j),
    st.frozensets(st.integers(), max_size=2),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.tuples(inner, inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.none(), st.floats()), inner, max_size=4),
    ),
    max_leaves=12,
)
pks = st.one_of(st.text(max_size=12), st.integers(min_value=-(2**64), max_value=2**64), st.binary(max_size=12),
                st.none(), st.floats(), st.booleans())
keys = st.one_of(
    st.tuples(st.just(NS), st.just(FUZZ_SET), pks),
    st.tuples(st.just(NS), st.just(FUZZ_SET), st.none(), st.binary(min_size=0, max_size=24)),
    st.tuples(st.one_of(st.text(max_size=40), st.none(), st.integers()), st.one_of(st.text(max_size=70), st.none()), pks),
    anything,
)
op_dicts = st.fixed_dictionaries(
    {"op": st.one_of(st.integers(min_value=-2, max_value=20), anything)},
    optional={"bin": st.one_of(st.text(max_size=20), anything), "val": anything},
)
policies = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["total_timeout", "socket_timeout", "max_retries", "key", "exists", "gen", "ttl",
                         "commit_level", "durable_delete", "read_mode_ap", "replica", "filter_expression",
                         "send_key", "nonsense"]),
        st.one_of(st.integers(min_value=-5, max_value=2**40), anything),
        max_size=3,
    ),
    anything,
)
metas = st.one_of(st.none(), st.dictionaries(st.sampled_from(["ttl", "gen", "other"]), anything, max_size=2), anything)
bins_arg = st.one_of(st.dictionaries(st.text(max_size=20), anything, max_size=3), anything)

# OverflowError: a value that does not fit a NumPy field, as numpy itself reports it.
ALLOWED = (ex.AerospikeError, TypeError, ValueError, OverflowError)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Each public call with a strategy for its arguments (positional).
CALLS: dict[str, tuple[Callable[..., Any], Any]] = {
    "put": (lambda c, *a: c.put(*a), st.tuples(keys, bins_arg, metas, policies)),
    "get": (lambda c, *a: c.get(*a), st.tuples(keys, policies)),
    "select": (lambda c, *a: c.select(*a), st.tuples(keys, anything, policies)),
    "exists": (lambda c, *a: c.exists(*a), st.tuples(keys, policies)),
    "remove": (lambda c, *a: c.remove(*a), st.tuples(keys, metas, policies)),
    "touch": (lambda c, *a: c.touch(*a), st.tuples(keys, anything, metas, policies)),
    "append": (lambda c, *a: c.append(*a), st.tuples(keys, anything, anything, metas, policies)),
    "prepend": (lambda c, *a: c.prepend(*a), st.tuples(keys, anything, anything, metas, policies)),
    "increment": (lambda c, *a: c.increment(*a), st.tuples(keys, anything, anything, metas, policies)),
    "remove_bin": (lambda c, *a: c.remove_bin(*a), st.tuples(keys, anything, metas, policies)),
    "operate": (lambda c, *a: c.operate(*a), st.tuples(keys, st.one_of(st.lists(op_dicts, max_size=3), anything),
                                                        metas, policies)),
    "operate_ordered": (lambda c, *a: c.operate_ordered(*a),
                        st.tuples(keys, st.one_of(st.lists(op_dicts, max_size=3), anything), metas, policies)),
    "batch_read": (lambda c, *a: c.batch_read(*a), st.tuples(st.one_of(st.lists(keys, max_size=3), anything),
                                                             st.one_of(st.none(), anything), policies)),
    "batch_write": (lambda c, *a: c.batch_write(*a),
                    st.tuples(st.one_of(st.lists(st.tuples(keys, bins_arg), max_size=3), anything), policies)),
    "batch_remove": (lambda c, *a: c.batch_remove(*a), st.tuples(st.one_of(st.lists(keys, max_size=3), anything),
                                                                 policies)),
    "batch_operate": (lambda c, *a: c.batch_operate(*a),
                      st.tuples(st.one_of(st.lists(keys, max_size=3), anything), st.lists(op_dicts, max_size=2),
                                policies)),
    "apply": (lambda c, *a: c.apply(*a), st.tuples(keys, st.one_of(st.just("no_such_module"), anything),
                                                    st.one_of(st.just("echo"), anything), anything, policies)),
    "batch_apply": (lambda c, *a: c.batch_apply(*a),
                    st.tuples(st.one_of(st.lists(keys, max_size=3), anything), st.one_of(st.just("no_such_module"),
                              anything), st.one_of(st.just("echo"), anything), anything, policies)),
    "info_random_node": (lambda c, *a: c.info_random_node(*a), st.tuples(st.one_of(st.sampled_from(
        ["build", "namespaces", "statistics", ""]), anything), policies)),
    "truncate": (lambda c, *a: c.truncate(*a), st.tuples(st.one_of(st.just("no-such-ns-" + uuid.uuid4().hex[:6]),
                                                                     st.integers(), st.none()),
                                                           anything, anything, policies)),
    "index_remove": (lambda c, *a: c.index_remove(*a), st.tuples(st.one_of(st.just("no-such-ns"), anything),
                                                                 anything, policies)),
    "query": (lambda c, ns, set_name, pred, pol: _query(c, ns, set_name, pred, pol),
              st.tuples(st.one_of(st.just(NS), anything), st.one_of(st.just(FUZZ_SET), anything),
                        st.one_of(st.none(), anything, st.builds(predicates.equals, anything, anything),
                                  st.builds(predicates.between, anything, anything, anything)), policies)),
}


# Security administration: names that cannot exist, so a server with security is never changed
# (a grant, revoke, drop or password change on them fails); creations only get names the client
# refuses.  Without security every call is refused with AdminError 51.
NO_USER = "no-such-user-" + uuid.uuid4().hex[:8]
NO_ROLE = "no-such-role-" + uuid.uuid4().hex[:8]
unknown_user = st.one_of(st.just(NO_USER), anything.filter(lambda v: not isinstance(v, str)))
unknown_role = st.one_of(st.just(NO_ROLE), anything.filter(lambda v: not isinstance(v, str)))
not_a_name = anything.filter(lambda v: not isinstance(v, str))
privilege_lists = st.one_of(
    st.lists(st.fixed_dictionaries({"code": st.one_of(st.sampled_from([0, 1, 10, 11, 14, 5, 99, "read", "SYS_ADMIN",
                                                                       "bogus"]), anything)},
                                   optional={"ns": st.one_of(st.text(max_size=40), anything),
                                             "set": st.one_of(st.text(max_size=70), anything)}), max_size=3),
    anything,
)
name_lists = st.one_of(st.lists(st.one_of(st.text(max_size=70), anything), max_size=3), anything)
quotas = st.one_of(st.integers(min_value=-(2**33), max_value=2**33), anything)

CALLS.update({
    "admin_create_user": (lambda c, *a: c.admin_create_user(*a), st.tuples(not_a_name, anything, name_lists, policies)),
    "admin_drop_user": (lambda c, *a: c.admin_drop_user(*a), st.tuples(unknown_user, policies)),
    "admin_change_password": (lambda c, *a: c.admin_change_password(*a),
                              st.tuples(unknown_user, st.one_of(st.text(max_size=70), anything), policies)),
    "admin_grant_roles": (lambda c, *a: c.admin_grant_roles(*a), st.tuples(unknown_user, name_lists, policies)),
    "admin_revoke_roles": (lambda c, *a: c.admin_revoke_roles(*a), st.tuples(unknown_user, name_lists, policies)),
    "admin_query_user_info": (lambda c, *a: c.admin_query_user_info(*a), st.tuples(unknown_user, policies)),
    "admin_query_users_info": (lambda c, *a: c.admin_query_users_info(*a), st.tuples(policies)),
    "admin_create_role": (lambda c, *a: c.admin_create_role(*a),
                          st.tuples(not_a_name, privilege_lists, policies, name_lists, quotas, quotas)),
    "admin_drop_role": (lambda c, *a: c.admin_drop_role(*a), st.tuples(unknown_role, policies)),
    "admin_grant_privileges": (lambda c, *a: c.admin_grant_privileges(*a),
                               st.tuples(unknown_role, privilege_lists, policies)),
    "admin_revoke_privileges": (lambda c, *a: c.admin_revoke_privileges(*a),
                                st.tuples(unknown_role, privilege_lists, policies)),
    "admin_query_role": (lambda c, *a: c.admin_query_role(*a), st.tuples(unknown_role, policies)),
    "admin_query_roles": (lambda c, *a: c.admin_query_roles(*a), st.tuples(policies)),
    "admin_set_whitelist": (lambda c, *a: c.admin_set_whitelist(*a),
                            st.tuples(unknown_role, st.one_of(st.lists(st.sampled_from(
                                ["127.0.0.1", "10.0.0.0/8", "::1", "nonsense", ""]), max_size=3), anything), policies)),
    "admin_set_quotas": (lambda c, *a: c.admin_set_quotas(*a), st.tuples(unknown_role, quotas, quotas, policies)),
    # Info extras: read-only.
    "info_single_node": (lambda c, *a: c.info_single_node(*a),
                         st.tuples(st.one_of(st.sampled_from(["build", "node", ""]), anything),
                                   st.one_of(st.sampled_from(["127.0.0.1:3000", "NOPE"]), st.tuples(
                                       st.text(max_size=20), st.integers(min_value=-1, max_value=70000)), anything),
                                   policies)),
    "get_nodes": (lambda c: c.get_nodes(), st.tuples()),
    "get_key_digest": (lambda c, *a: c.get_key_digest(*a),
                       st.tuples(st.one_of(st.just(NS), anything), st.one_of(st.just(FUZZ_SET), anything), pks)),
    "get_key_partition_id": (lambda c, *a: c.get_key_partition_id(*a),
                             st.tuples(st.one_of(st.just(NS), anything), st.one_of(st.just(FUZZ_SET), anything), pks)),
})

try:
    import numpy as np
except ImportError:  # numpy is an optional extra
    np = None

if np is not None:
    np_dtypes = st.one_of(
        st.sampled_from([np.dtype([("_key", "i8"), ("a", "f8")]), np.dtype([("_key", "S6"), ("a", "i1"), ("b", "S3")]),
                         np.dtype([("_key", "u8"), ("a", "u8"), ("_c", "i4")]), np.dtype([("a", "i4", (2,))]),
                         np.dtype([("_key", "i4"), ("a", "?")]), np.dtype([("_key", "i4"), ("a", ">f4")]),
                         np.dtype([("a", "O")]), np.dtype("i8")]),
        anything,
    )

    def _array(dtype: Any, rows: Any) -> Any:
        try:
            return np.array(rows, dtype=dtype)
        except Exception:  # a shape numpy refuses: hand the rows over as they are
            return rows

    CALLS.update({
        "batch_write_numpy": (lambda c, dt, rows, *a: c.batch_write_numpy(_array(dt, rows), NS, FUZZ_SET, dt, *a),
                              st.tuples(np_dtypes, st.lists(st.tuples(pks, st.one_of(st.integers(), st.floats(),
                                                                                     st.binary(max_size=4))),
                                                            max_size=3),
                                        st.one_of(st.just("_key"), anything), policies)),
        "to_numpy": (lambda c, ks, dt: c.batch_read(ks).to_numpy(dt),
                     st.tuples(st.lists(st.tuples(st.just(NS), st.just(FUZZ_SET), pks), max_size=3), np_dtypes)),
    })


def _query(client: aerospike_py.Client, ns: Any, set_name: Any, pred: Any, policy: Any) -> Any:
    query = client.query(ns, set_name)
    if pred is not None:
        query.where(pred)
    return query.results(policy)


@pytest.mark.parametrize("name", list(CALLS))
def test_public_call_with_generated_arguments(client: aerospike_py.Client, name: str) -> None:
    call, strategy = CALLS[name]

    @SETTINGS
    @given(args=strategy)
    def run(args: tuple[Any, ...]) -> None:
        try:
            call(client, *args)
        except ALLOWED:
            pass

    run()
    assert client.is_connected()  # the client survived every generated call


@SETTINGS
@given(config=st.one_of(
    anything,
    st.dictionaries(st.sampled_from(["hosts", "timeout", "user", "password", "policies", "max_conns_per_node",
                                     "cluster_name", "tend_interval", "nonsense"]), anything, max_size=3),
))
def test_client_config_with_generated_values(config: Any) -> None:
    try:
        client = aerospike_py.client(config)
    except ALLOWED:
        return
    client.close()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
async def test_async_calls_with_generated_arguments(config: dict[str, Any], anyio_backend: str) -> None:
    cases: list[tuple[str, tuple[Any, ...]]] = []

    @SETTINGS
    @given(name=st.sampled_from(["put", "get", "select", "exists", "remove", "operate", "batch_read",
                                 "batch_write", "increment", "admin_create_role", "admin_grant_privileges",
                                 "info_single_node"]), data=st.data())
    def collect(name: str, data: Any) -> None:
        cases.append((name, data.draw(CALLS[name][1])))

    collect()
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for name, args in cases:
            try:
                await getattr(client, name)(*args)
            except ALLOWED:
                pass
        assert client.is_connected()
