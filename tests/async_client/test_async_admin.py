"""Security administration with AsyncClient (worker thread), under asyncio and trio."""

from __future__ import annotations

import os
import uuid
from typing import Any, Iterator

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import TestServer

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def secure_config() -> Iterator[dict[str, Any]]:
    if os.environ.get("AEROSPIKE_HOSTS"):
        pytest.skip("needs a server with security enabled (Enterprise); a Community Edition server has none")
    with TestServer(security_users={"admin": "admin"}) as srv:
        yield dict(srv.config)


async def test_admin_without_security(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for call, args in (("admin_create_user", ("u", "p", ["read"])), ("admin_query_users_info", ()),
                           ("admin_create_role", ("r", [{"code": "read"}])), ("admin_query_roles", ()),
                           ("admin_set_quotas", ("r", 1, 2)), ("admin_change_password", ("u", "p"))):
            with pytest.raises(exc.AdminError) as info:
                await getattr(client, call)(*args)
            assert info.value.code == 51, call  # AEROSPIKE_SECURITY_NOT_SUPPORTED
        with pytest.raises(exc.InvalidArgError, match="privilege"):
            await client.admin_create_role("r", [{"code": 42}])


async def test_admin_round_trips(secure_config: dict[str, Any]) -> None:
    user, role = "u" + uuid.uuid4().hex[:8], "r" + uuid.uuid4().hex[:8]
    async with aerospike_py.AsyncClient(secure_config) as admin:
        await admin.connect("admin", "admin")
        await admin.admin_create_role(role, [{"code": aerospike_py.PRIV_READ_WRITE, "ns": "test"}],
                                      read_quota=5)
        await admin.admin_grant_privileges(role, [{"code": aerospike_py.PRIV_UDF_ADMIN}])
        await admin.admin_revoke_privileges(role, [{"code": aerospike_py.PRIV_UDF_ADMIN}])
        await admin.admin_set_whitelist(role, ["127.0.0.1"])
        await admin.admin_set_quotas(role, 1, 2)
        assert await admin.admin_query_role(role) == {
            "name": role, "privileges": [{"code": 11, "ns": "test", "set": ""}],
            "allowlist": ["127.0.0.1"], "read_quota": 1, "write_quota": 2}
        assert role in [r["name"] for r in await admin.admin_query_roles()]
        await admin.admin_create_user(user, "pw", [role])
        await admin.admin_grant_roles(user, ["read"])
        await admin.admin_revoke_roles(user, [role])
        assert (await admin.admin_query_user_info(user))["roles"] == ["read"]
        assert user in [u["user"] for u in await admin.admin_query_users_info()]
        await admin.admin_change_password(user, "pw2")
        async with aerospike_py.AsyncClient(secure_config) as c:
            await c.connect(user, "pw2")
            with pytest.raises(exc.AdminError) as info:
                await c.put(("test", "s", 1), {"a": 1})
            assert info.value.code == 81  # ROLE_VIOLATION: read only
        await admin.admin_drop_user(user)
        await admin.admin_drop_role(role)
        with pytest.raises(exc.AdminError) as info:
            await admin.admin_query_user_info(user)
        assert info.value.code == 60
        with pytest.raises(exc.AdminError) as info:
            await admin.admin_query_role(role)
        assert info.value.code == 70
