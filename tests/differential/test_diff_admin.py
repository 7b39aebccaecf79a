"""Security administration through aerospike-py 0.14.4 and this client, against a server without security."""

from __future__ import annotations

from typing import Any

import aerospike_py as A


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def test_admin_without_security(differ: Any) -> None:
    # The session's server has no security: every command is refused alike (AdminError 51).
    differ.same([
        cl("admin_create_user", "u_diff", "pw", ["read"]),
        cl("admin_drop_user", "u_diff"),
        cl("admin_change_password", "u_diff", "pw2"),
        cl("admin_grant_roles", "u_diff", ["read"]),
        cl("admin_revoke_roles", "u_diff", ["read"]),
        cl("admin_query_user_info", "u_diff"),
        cl("admin_query_users_info"),
        cl("admin_create_role", "r_diff", [{"code": A.PRIV_READ, "ns": "test"}], None, ["127.0.0.1"], 1, 2),
        cl("admin_drop_role", "r_diff"),
        cl("admin_grant_privileges", "r_diff", [{"code": "read-write"}]),
        cl("admin_revoke_privileges", "r_diff", [{"code": A.PRIV_TRUNCATE}]),
        cl("admin_query_role", "r_diff"),
        cl("admin_query_roles"),
        cl("admin_set_whitelist", "r_diff", ["10.0.0.0/8"]),
        cl("admin_set_quotas", "r_diff", 5, 6),
        # Privileges both refuse before sending.
        cl("admin_create_role", "r_diff", [{"code": "bogus"}]),
        cl("admin_create_role", "r_diff", [{"code": 99}]),
    ])
