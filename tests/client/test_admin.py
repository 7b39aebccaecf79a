"""Security administration with the sync client.

Users, roles, privileges, whitelists and quotas run against an embedded
server of their own with security on (a Community Edition server has no
security, so those tests skip under AEROSPIKE_HOSTS); against the session's
server, which has no security, every admin command raises AdminError 51.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, Callable, Iterator

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import TestServer

SECURITY_SKIP = pytest.mark.skipif(
    bool(os.environ.get("AEROSPIKE_HOSTS")),
    reason="needs a server with security enabled (Enterprise); a Community Edition server has none",
)

ADMIN_CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("admin_create_user", ("u_x", "pw", ["read"])),
    ("admin_drop_user", ("u_x",)),
    ("admin_change_password", ("u_x", "pw2")),
    ("admin_grant_roles", ("u_x", ["read"])),
    ("admin_revoke_roles", ("u_x", ["read"])),
    ("admin_query_user_info", ("u_x",)),
    ("admin_query_users_info", ()),
    ("admin_create_role", ("r_x", [{"code": aerospike_py.PRIV_READ}])),
    ("admin_drop_role", ("r_x",)),
    ("admin_grant_privileges", ("r_x", [{"code": aerospike_py.PRIV_WRITE}])),
    ("admin_revoke_privileges", ("r_x", [{"code": aerospike_py.PRIV_WRITE}])),
    ("admin_query_role", ("r_x",)),
    ("admin_query_roles", ()),
    ("admin_set_whitelist", ("r_x", ["127.0.0.1"])),
    ("admin_set_quotas", ("r_x", 10, 20)),
]


@pytest.mark.parametrize("name,args", ADMIN_CALLS, ids=[c[0] for c in ADMIN_CALLS])
def test_admin_without_security(client: aerospike_py.Client, name: str, args: tuple[Any, ...]) -> None:
    # A server without security (Community Edition) refuses every admin command.
    with pytest.raises(exc.AdminError) as info:
        getattr(client, name)(*args)
    assert info.value.code == 51  # AEROSPIKE_SECURITY_NOT_SUPPORTED


def test_privilege_constants() -> None:
    assert (aerospike_py.PRIV_USER_ADMIN, aerospike_py.PRIV_SYS_ADMIN, aerospike_py.PRIV_DATA_ADMIN,
            aerospike_py.PRIV_UDF_ADMIN, aerospike_py.PRIV_SINDEX_ADMIN) == (0, 1, 2, 3, 4)
    assert (aerospike_py.PRIV_READ, aerospike_py.PRIV_READ_WRITE, aerospike_py.PRIV_READ_WRITE_UDF,
            aerospike_py.PRIV_WRITE, aerospike_py.PRIV_TRUNCATE) == (10, 11, 12, 13, 14)


@pytest.mark.parametrize("name,args,match", [
    ("admin_create_user", ("", "pw", []), "username"),
    ("admin_create_user", ("u" * 64, "pw", []), "username"),
    ("admin_create_user", ("u", 5, []), "password"),
    ("admin_create_user", ("u", "pw", "read"), "roles"),
    ("admin_create_user", ("u", "pw", ["r" * 64]), "roles"),
    ("admin_create_user", ("u", "pw", [None]), "roles"),
    ("admin_create_role", ("r", [{"code": 99}]), "privilege code 99"),
    ("admin_create_role", ("r", [{"code": "bogus"}]), "privilege name 'bogus'"),
    ("admin_create_role", ("r", [{"code": 0, "ns": "test"}]), "global"),
    ("admin_create_role", ("r", [{"code": 10, "set": "s"}]), "needs an 'ns'"),
    ("admin_create_role", ("r", [{"code": 10, "ns": "n" * 32}]), "'ns'"),
    ("admin_create_role", ("r", [{"code": 10, "bogus": 1}]), "unknown field"),
    ("admin_create_role", ("r", [{"ns": "test"}]), "'code' is required"),
    ("admin_create_role", ("r", [10]), "must be a dict"),
    ("admin_create_role", ("r", [{"code": 10}] * 256), "at most 255"),
    ("admin_create_role", ("r", [], None, ["x" * 200] * 60), "too large"),
    ("admin_create_role", ("r", [], None, None, -1), "read_quota"),
    ("admin_set_quotas", ("r", 0, 2**31), "write_quota"),
    ("admin_set_whitelist", ("r", "127.0.0.1"), "whitelist"),
    ("admin_query_role", (None,), "role"),
    ("admin_drop_user", ("a\x00b",), "username"),
])
def test_admin_bad_arguments(client: aerospike_py.Client, name: str, args: tuple[Any, ...], match: str) -> None:
    with pytest.raises(exc.InvalidArgError, match=match):
        getattr(client, name)(*args)


# --------------------------------------------------------------------------
# With security on
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secure_server() -> Iterator[TestServer]:
    if os.environ.get("AEROSPIKE_HOSTS"):
        pytest.skip("needs a server with security enabled (Enterprise); a Community Edition server has none")
    with TestServer(security_users={"admin": "admin"}) as srv:
        yield srv


@pytest.fixture
def admin(secure_server: TestServer) -> Iterator[aerospike_py.Client]:
    c = aerospike_py.client(dict(secure_server.config)).connect("admin", "admin")
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def login(secure_server: TestServer) -> Iterator[Callable[[str, str], aerospike_py.Client]]:
    opened: list[aerospike_py.Client] = []

    def connect(user: str, password: str) -> aerospike_py.Client:
        c = aerospike_py.client(dict(secure_server.config)).connect(user, password)
        opened.append(c)
        return c

    yield connect
    for c in opened:
        c.close()


def _name(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:8]


@SECURITY_SKIP
def test_users(admin: aerospike_py.Client, login: Callable[..., aerospike_py.Client]) -> None:
    user = _name("u")
    admin.admin_create_user(user, "pw1", ["read"])
    info = admin.admin_query_user_info(user)
    assert info["user"] == user and info["roles"] == ["read"] and info["conns_in_use"] == 0
    with pytest.raises(exc.AdminError) as err:
        admin.admin_create_user(user, "pw1", ["read"])
    assert err.value.code == 61  # USER_ALREADY_EXISTS

    reader = login(user, "pw1")
    assert admin.admin_query_user_info(user)["conns_in_use"] >= 1
    admin.admin_grant_roles(user, ["write", "truncate"])
    assert admin.admin_query_user_info(user)["roles"] == ["read", "write", "truncate"]
    admin.admin_revoke_roles(user, ["write"])
    assert admin.admin_query_user_info(user)["roles"] == ["read", "truncate"]
    names = {u["user"]: u for u in admin.admin_query_users_info()}
    assert set(names) >= {"admin", user} and names[user]["roles"] == ["read", "truncate"]

    # Another user's password set by a user admin: the old one stops working.
    admin.admin_change_password(user, "pw2")
    with pytest.raises(exc.AdminError) as err:
        login(user, "pw1")
    assert err.value.code == 65  # INVALID_CREDENTIAL
    assert login(user, "pw2").is_connected()
    reader.close()

    admin.admin_drop_user(user)
    for call, args in (("admin_query_user_info", (user,)), ("admin_drop_user", (user,)),
                       ("admin_change_password", (user, "x")), ("admin_grant_roles", (user, ["read"]))):
        with pytest.raises(exc.AdminError) as err:
            getattr(admin, call)(*args)
        assert err.value.code == 60, call  # INVALID_USER
    with pytest.raises(exc.AdminError) as err:
        login(user, "pw2")
    assert err.value.code == 60


@SECURITY_SKIP
def test_unknown_role_for_user(admin: aerospike_py.Client) -> None:
    user = _name("u")
    with pytest.raises(exc.AdminError) as err:
        admin.admin_create_user(user, "pw", ["no-such-role"])
    assert err.value.code == 70  # INVALID_ROLE
    admin.admin_create_user(user, "pw", [])
    with pytest.raises(exc.AdminError) as err:
        admin.admin_grant_roles(user, ["no-such-role"])
    assert err.value.code == 70
    admin.admin_drop_user(user)


@SECURITY_SKIP
def test_roles(admin: aerospike_py.Client) -> None:
    role = _name("r")
    admin.admin_create_role(role, [{"code": aerospike_py.PRIV_READ, "ns": "test", "set": "s1"},
                                   {"code": "sys_admin"}],
                            whitelist=["127.0.0.1", "10.0.0.0/8"], read_quota=100, write_quota=50)
    assert admin.admin_query_role(role) == {
        "name": role,
        "privileges": [{"code": 10, "ns": "test", "set": "s1"}, {"code": 1}],
        "allowlist": ["127.0.0.1", "10.0.0.0/8"],
        "read_quota": 100,
        "write_quota": 50,
    }
    with pytest.raises(exc.AdminError) as err:
        admin.admin_create_role(role, [{"code": "read"}])
    assert err.value.code == 71  # ROLE_ALREADY_EXISTS

    admin.admin_grant_privileges(role, [{"code": "READ-WRITE", "ns": "bar"}, {"code": aerospike_py.PRIV_TRUNCATE}])
    admin.admin_revoke_privileges(role, [{"code": 1}])
    assert admin.admin_query_role(role)["privileges"] == [
        {"code": 10, "ns": "test", "set": "s1"}, {"code": 11, "ns": "bar", "set": ""},
        {"code": 14, "ns": "", "set": ""}]
    admin.admin_set_whitelist(role, ["192.168.1.1"])
    admin.admin_set_quotas(role, 7, 8)
    got = admin.admin_query_role(role)
    assert (got["allowlist"], got["read_quota"], got["write_quota"]) == (["192.168.1.1"], 7, 8)
    admin.admin_set_whitelist(role, [])
    admin.admin_set_quotas(role)
    got = admin.admin_query_role(role)
    assert (got["allowlist"], got["read_quota"], got["write_quota"]) == ([], 0, 0)

    roles = {r["name"]: r for r in admin.admin_query_roles()}
    assert role in roles
    assert roles["read-write"]["privileges"] == [{"code": 11, "ns": "", "set": ""}]
    assert roles["user-admin"]["privileges"] == [{"code": 0}]

    with pytest.raises(exc.AdminError) as err:
        admin.admin_set_whitelist(role, ["not-an-address"])
    assert err.value.code == 73  # INVALID_WHITELIST

    admin.admin_drop_role(role)
    for call, args in (("admin_query_role", (role,)), ("admin_drop_role", (role,)),
                       ("admin_grant_privileges", (role, [{"code": 10}])), ("admin_set_quotas", (role, 1, 1))):
        with pytest.raises(exc.AdminError) as err:
            getattr(admin, call)(*args)
        assert err.value.code == 70, call  # INVALID_ROLE


@SECURITY_SKIP
def test_privileges_are_enforced(admin: aerospike_py.Client, login: Callable[..., aerospike_py.Client]) -> None:
    set_name = _name("s")
    role, user = _name("r"), _name("u")
    key = ("test", set_name, 1)
    admin.put(key, {"a": 1})
    admin.admin_create_role(role, [{"code": "read", "ns": "test", "set": set_name}])
    admin.admin_create_user(user, "pw", [role])
    c = login(user, "pw")
    assert c.get(key).bins == {"a": 1}
    with pytest.raises(exc.AdminError) as err:
        c.put(key, {"a": 2})
    assert err.value.code == 81  # ROLE_VIOLATION
    with pytest.raises(exc.AdminError) as err:
        c.get(("test", set_name + "x", 1))  # outside the role's set
    assert err.value.code == 81
    # Only a user admin manages users; anyone may look at themselves.
    with pytest.raises(exc.AdminError) as err:
        c.admin_create_user(_name("u"), "pw", [])
    assert err.value.code == 81
    assert c.admin_query_user_info(user)["roles"] == [role]
    # Granting a privilege takes effect at once.
    admin.admin_grant_privileges(role, [{"code": "write", "ns": "test"}])
    c.put(key, {"a": 3})
    assert admin.get(key).bins == {"a": 3}
    admin.admin_drop_user(user)
    admin.admin_drop_role(role)


@SECURITY_SKIP
def test_own_password_and_whitelist(admin: aerospike_py.Client, login: Callable[..., aerospike_py.Client]) -> None:
    user, role = _name("u"), _name("r")
    admin.admin_create_role(role, [{"code": "read-write"}], whitelist=["10.1.2.3"])
    admin.admin_create_user(user, "pw", [role])
    with pytest.raises(exc.AdminError) as err:
        login(user, "pw")
    assert err.value.code == 82  # NOT_WHITELISTED
    admin.admin_set_whitelist(role, ["127.0.0.0/8"])
    c = login(user, "pw")
    # Changing one's own password needs the old one: the client sends it and keeps the new one.
    c.admin_change_password(user, "new-pw")
    assert c.admin_query_user_info(user)["user"] == user
    assert login(user, "new-pw").is_connected()
    with pytest.raises(exc.AdminError):
        login(user, "pw")
    admin.admin_drop_user(user)
    admin.admin_drop_role(role)


@SECURITY_SKIP
def test_unauthenticated_and_bad_login(secure_server: TestServer) -> None:
    with pytest.raises(exc.AdminError) as err:
        aerospike_py.client(dict(secure_server.config)).connect("admin", "wrong")
    assert err.value.code == 65  # INVALID_CREDENTIAL
    anon = aerospike_py.client(dict(secure_server.config)).connect()
    try:
        with pytest.raises(exc.AdminError) as err:
            anon.put(("test", "s", 1), {"a": 1})
        assert err.value.code == 80  # NOT_AUTHENTICATED
        with pytest.raises(exc.AdminError) as err:
            anon.admin_query_users_info()
        assert err.value.code == 80
    finally:
        anon.close()


@SECURITY_SKIP
def test_rate_quotas(admin: aerospike_py.Client, login: Callable[..., aerospike_py.Client]) -> None:
    user, role, set_name = _name("u"), _name("r"), _name("s")
    admin.admin_create_role(role, [{"code": "read-write", "ns": "test"}], read_quota=3)
    admin.admin_create_user(user, "pw", [role])
    c = login(user, "pw")
    key = ("test", set_name, 1)
    c.put(key, {"a": 1})  # no write quota
    codes = []
    for _ in range(12):  # within a second or two: at least one second sees more than 3 reads
        try:
            c.get(key)
            codes.append(0)
        except exc.AdminError as err:
            codes.append(err.code)
    assert 83 in codes and codes.count(0) >= 3  # QUOTA_EXCEEDED
    info = admin.admin_query_user_info(user)
    assert info["read_info"][0] == 3 and info["write_info"][0] == 0
    # Lifting the quota lifts the limit.
    admin.admin_set_quotas(role, 0, 0)
    for _ in range(6):
        c.get(key)
    admin.admin_drop_user(user)
    admin.admin_drop_role(role)
