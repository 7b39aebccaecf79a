"""admin_* through the official client and the facade: refused without security, the same shapes with it.

The session's server has no security (a Community Edition answer: every admin
command fails alike). With security on, the embedded server of this module
is used (a Community Edition server has none, so those tests skip under
AEROSPIKE_HOSTS, as the core client's admin tests do).
"""

from __future__ import annotations

import os
import types
from typing import Any, Callable, Iterator

import pytest

import aerospike_py.legacy as legacy
from aerospike_py.testing import TestServer

from _legacy_diff import differences, run

aerospike = pytest.importorskip("aerospike")


def calls(m: Any) -> list[tuple[str, tuple[Any, ...]]]:
    read = [{"code": m.PRIV_READ, "ns": "test", "set": ""}]
    write = [{"code": m.PRIV_WRITE}]
    return [
        ("admin_create_user", ("lu_x", "pw", ["read"])),
        ("admin_drop_user", ("lu_x",)),
        ("admin_change_password", ("lu_x", "pw2")),
        ("admin_set_password", ("lu_x", "pw2")),
        ("admin_grant_roles", ("lu_x", ["read"])),
        ("admin_revoke_roles", ("lu_x", ["read"])),
        ("admin_query_user_info", ("lu_x",)),
        ("admin_query_users_info", ()),
        ("admin_create_role", ("lr_x", read)),
        ("admin_drop_role", ("lr_x",)),
        ("admin_grant_privileges", ("lr_x", write)),
        ("admin_revoke_privileges", ("lr_x", write)),
        ("admin_get_role", ("lr_x",)),
        ("admin_get_roles", ()),
        ("admin_query_role", ("lr_x",)),
        ("admin_query_roles", ()),
        ("admin_set_whitelist", ("lr_x", ["127.0.0.1"])),
        ("admin_set_quotas", ("lr_x", 10, 20)),
    ]


@pytest.mark.parametrize("index", range(18))
def test_admin_without_security(sides: Any, index: int) -> None:
    found = []
    for side in sides:
        name, args = calls(side.m)[index]
        found.append(run(side, lambda s: getattr(s.c, name)(*args)))
    assert found[0][0] == "exc", found[0]
    assert not differences(*found), differences(*found)


@pytest.fixture(scope="module")
def secure_sides() -> Iterator[tuple[Any, Any]]:
    if os.environ.get("AEROSPIKE_HOSTS"):
        pytest.skip("needs a server with security enabled (Enterprise); a Community Edition server has none")
    with TestServer(security_users={"admin": "admin"}) as srv:
        config = {"hosts": [tuple(h) for h in srv.config["hosts"]], "user": "admin", "password": "admin"}
        theirs = aerospike.client(config).connect()
        ours = legacy.client(config).connect()
        try:
            yield (types.SimpleNamespace(m=aerospike, exc=aerospike.exception, c=theirs),
                   types.SimpleNamespace(m=legacy, exc=legacy.exception, c=ours))
        finally:
            theirs.close()
            ours.close()


@pytest.fixture
def same_secure(secure_sides: tuple[Any, Any]) -> Callable[..., Any]:
    def check(script: Callable[[Any], Any]) -> Any:
        a = run(secure_sides[0], script)
        b = run(secure_sides[1], script)
        found = differences(a, b)
        assert not found, "\n".join(found)
        return b
    return check


def _attempt(out: list[Any], call: Callable[[], Any]) -> None:
    try:
        out.append(call())
    except Exception as exc:  # noqa: BLE001
        out.append(exc)


def _user_view(info: Any) -> Any:
    """A user's info without the connection counters (they depend on which client is logged in)."""
    if isinstance(info, dict):
        return {k: v for k, v in info.items() if k not in ("conns_in_use",)}
    return info


def test_users_with_security(same_secure: Callable[..., Any]) -> None:
    def script(s: Any) -> Any:
        c = s.c
        out: list[Any] = []
        _attempt(out, lambda: c.admin_create_user("lu_a", "pw1", ["read"]))
        _attempt(out, lambda: c.admin_create_user("lu_a", "pw1", ["read"]))
        _attempt(out, lambda: _user_view(c.admin_query_user_info("lu_a")))
        _attempt(out, lambda: c.admin_grant_roles("lu_a", ["write", "truncate"]))
        _attempt(out, lambda: sorted(c.admin_query_user_info("lu_a")["roles"]))
        _attempt(out, lambda: c.admin_revoke_roles("lu_a", ["write"]))
        _attempt(out, lambda: sorted(c.admin_query_user_info("lu_a")["roles"]))
        _attempt(out, lambda: c.admin_set_password("lu_a", "pw2"))
        _attempt(out, lambda: c.admin_grant_roles("lu_a", ["no_such_role"]))
        _attempt(out, lambda: sorted(k for k in c.admin_query_users_info() if k in ("admin", "lu_a")))
        _attempt(out, lambda: _user_view(c.admin_query_users_info()["lu_a"]))
        _attempt(out, lambda: c.admin_drop_user("lu_a"))
        _attempt(out, lambda: c.admin_drop_user("lu_a"))
        _attempt(out, lambda: c.admin_query_user_info("lu_a"))
        _attempt(out, lambda: c.admin_create_user("lu_b", "pw", "read"))
        return out

    same_secure(script)


def test_roles_with_security(same_secure: Callable[..., Any]) -> None:
    def script(s: Any) -> Any:
        c, m = s.c, s.m
        out: list[Any] = []
        read = [{"code": m.PRIV_READ, "ns": "test", "set": "demo"}]
        _attempt(out, lambda: c.admin_create_role("lr_a", read))
        _attempt(out, lambda: c.admin_create_role("lr_a", read))
        _attempt(out, lambda: c.admin_get_role("lr_a"))
        _attempt(out, lambda: c.admin_query_role("lr_a"))
        _attempt(out, lambda: c.admin_grant_privileges("lr_a", [{"code": m.PRIV_WRITE}]))
        _attempt(out, lambda: c.admin_get_role("lr_a"))
        _attempt(out, lambda: c.admin_revoke_privileges("lr_a", [{"code": m.PRIV_WRITE}]))
        _attempt(out, lambda: c.admin_query_role("lr_a"))
        _attempt(out, lambda: c.admin_set_whitelist("lr_a", ["127.0.0.1", "10.0.0.0/8"]))
        _attempt(out, lambda: c.admin_set_quotas("lr_a", 100, 200))
        _attempt(out, lambda: c.admin_get_role("lr_a"))
        _attempt(out, lambda: c.admin_get_roles()["lr_a"])
        _attempt(out, lambda: c.admin_query_roles()["lr_a"])
        _attempt(out, lambda: sorted(r for r in c.admin_get_roles() if r in ("read", "lr_a")))
        _attempt(out, lambda: c.admin_create_role("lr_b", [{"code": m.PRIV_READ_WRITE}], None, ["127.0.0.1"], 5, 6))
        _attempt(out, lambda: c.admin_get_role("lr_b"))
        _attempt(out, lambda: c.admin_create_user("lu_r", "pw", ["lr_a", "lr_b"]))
        _attempt(out, lambda: sorted(c.admin_query_user_info("lu_r")["roles"]))
        _attempt(out, lambda: c.admin_drop_user("lu_r"))
        _attempt(out, lambda: c.admin_drop_role("lr_a"))
        _attempt(out, lambda: c.admin_drop_role("lr_b"))
        _attempt(out, lambda: c.admin_drop_role("lr_a"))
        _attempt(out, lambda: c.admin_get_role("lr_a"))
        _attempt(out, lambda: c.admin_create_role("lr_c", [{"code": 999}]))
        return out

    same_secure(script)
