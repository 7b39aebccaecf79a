"""Security administration commands, shared by Client and AsyncClient.

Same shape as ``_command``: each ``prepare_*(as_, req, ...)`` checks its
arguments, fills the C request and returns ``(finish, context)``.  The C
client has no event-loop form for these: the async client runs them in a
worker thread.  Arguments are checked here against the sizes of the C
client's fixed buffers (names, namespaces, the whole request), which it does
not check itself.

A server without security (Community Edition) answers every command with
``AdminError`` code 51 (AEROSPIKE_SECURITY_NOT_SUPPORTED).
"""

from __future__ import annotations

import marshal
from typing import Any, Optional

from aerospike_py._binding import lib
from aerospike_py._command import Prepared, _check, _set_policy
from aerospike_py._convert import begin_keyless, decode, invalid

_ADMIN = lib.ASPY_CMD_ADMIN

# Sub-commands (include/aspy_admin.c).
CREATE_USER, DROP_USER, CHANGE_PASSWORD, GRANT_ROLES, REVOKE_ROLES = 1, 2, 3, 4, 5
QUERY_USER, QUERY_USERS, CREATE_ROLE, DROP_ROLE, GRANT_PRIVILEGES = 6, 7, 8, 9, 10
REVOKE_PRIVILEGES, QUERY_ROLE, QUERY_ROLES, SET_WHITELIST, SET_QUOTAS = 11, 12, 13, 14, 15

_NAME_MAX = 63        # AS_USER_SIZE / AS_ROLE_SIZE - 1
_PASSWORD_MAX = 63    # AS_PASSWORD_SIZE - 1
_NS_MAX = 31          # AS_NAMESPACE_MAX_SIZE - 1
_SET_MAX = 63         # AS_SET_MAX_SIZE - 1
_LIST_MAX = 255       # counts travel as one byte
_PAYLOAD_MAX = 8192   # well inside the C client's 16 KiB request buffer

PRIVILEGE_CODES: dict[str, int] = {
    "user-admin": 0, "sys-admin": 1, "data-admin": 2, "udf-admin": 3, "sindex-admin": 4,
    "read": 10, "read-write": 11, "read-write-udf": 12, "write": 13, "truncate": 14,
}
_GLOBAL_ONLY = frozenset(code for code in PRIVILEGE_CODES.values() if code < 10)


def _text(value: Any, what: str, limit: int, empty: bool = False) -> str:
    if type(value) is not str:
        raise invalid(f"{what} must be a str, got {type(value).__name__}")
    if (not value and not empty) or "\x00" in value or len(value.encode()) > limit:
        raise invalid(f"{what} must be a str of {0 if empty else 1} to {limit} bytes without NUL, got {value!r}")
    return value


def _texts(values: Any, what: str) -> list[str]:
    if not isinstance(values, (list, tuple)):
        raise invalid(f"{what} must be a list of str, got {type(values).__name__}")
    if len(values) > _LIST_MAX:
        raise invalid(f"{what}: at most {_LIST_MAX} entries, got {len(values)}")
    return [_text(v, f"{what}[{i}]", _NAME_MAX) for i, v in enumerate(values)]


def _whitelist(values: Any) -> list[str]:
    if not isinstance(values, (list, tuple)):
        raise invalid(f"whitelist must be a list of str, got {type(values).__name__}")
    return [_text(v, f"whitelist[{i}]", 255) for i, v in enumerate(values)]


def _privilege_code(code: Any, where: str) -> int:
    if type(code) is str:
        found = PRIVILEGE_CODES.get(code.lower().replace("_", "-"))
        if found is None:
            raise invalid(f"{where}: unknown privilege name {code!r}; expected one of {', '.join(PRIVILEGE_CODES)}")
        return found
    if type(code) is int and code in PRIVILEGE_CODES.values():
        return code
    raise invalid(f"{where}: unknown privilege code {code!r}; expected a PRIV_* constant or name")


def _privileges(values: Any) -> list[tuple[int, str, str]]:
    """(code, ns, set) per privilege; global privileges cannot be scoped."""
    if not isinstance(values, (list, tuple)):
        raise invalid(f"privileges must be a list of dicts, got {type(values).__name__}")
    if len(values) > _LIST_MAX:
        raise invalid(f"privileges: at most {_LIST_MAX} entries, got {len(values)}")
    out = []
    for i, p in enumerate(values):
        where = f"privileges[{i}]"
        if not isinstance(p, dict):
            raise invalid(f"{where} must be a dict with 'code' (and 'ns', 'set'), got {type(p).__name__}")
        unknown = set(p) - {"code", "ns", "set"}
        if unknown:
            raise invalid(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        if "code" not in p:
            raise invalid(f"{where}: 'code' is required")
        code = _privilege_code(p["code"], where)
        ns = _text(p.get("ns") or "", f"{where} 'ns'", _NS_MAX, empty=True)
        set_name = _text(p.get("set") or "", f"{where} 'set'", _SET_MAX, empty=True)
        if set_name and not ns:
            raise invalid(f"{where}: a 'set' scope needs an 'ns'")
        if code in _GLOBAL_ONLY and (ns or set_name):
            raise invalid(f"{where}: privilege {code} is global and takes no 'ns' or 'set'")
        out.append((code, ns, set_name))
    return out


def _quota(value: Any, what: str) -> int:
    if type(value) is not int or not 0 <= value <= 0x7FFFFFFF:
        raise invalid(f"{what} must be an int from 0 to 2147483647, got {value!r}")
    return value


def _prepare(as_: Any, req: Any, op: int, name: str, password: Optional[str] = None,
             roles: Optional[list[str]] = None, privileges: Optional[list[tuple[int, str, str]]] = None,
             whitelist: Optional[list[str]] = None, read_quota: int = 0, write_quota: int = 0,
             policy: Any = None) -> None:
    roles, privileges, whitelist = roles or [], privileges or [], whitelist or []
    size = (sum(len(r.encode()) + 1 for r in roles) + sum(len(w.encode()) + 1 for w in whitelist)
            + sum(3 + len(n.encode()) + len(s.encode()) for _, n, s in privileges))
    if size > _PAYLOAD_MAX:
        raise invalid(f"admin command too large: {size} bytes of roles, privileges and whitelist (max {_PAYLOAD_MAX})")
    begin_keyless(req, _ADMIN)
    data = marshal.dumps((op, name, password, roles, privileges, whitelist, read_quota, write_quota), 2)
    _check(req, lib.aspy_request_set_admin(req, data, len(data)))
    _set_policy(as_, req, "admin", "admin", policy)


def _finish_none(req: Any, context: Any) -> None:
    return None


def _user(row: Any) -> dict[str, Any]:
    name, roles, conns, read_info, write_info = row
    user: dict[str, Any] = {"user": name, "roles": roles, "conns_in_use": conns}
    if read_info:  # servers with quotas enabled report rates and quotas
        user["read_info"] = read_info
    if write_info:
        user["write_info"] = write_info
    return user


def _privilege(code: int, ns: str, set_name: str) -> dict[str, Any]:
    """Global privileges carry no scope, data privileges an ns and set ("" for all)."""
    return {"code": code} if code in _GLOBAL_ONLY else {"code": code, "ns": ns, "set": set_name}


def _role(row: Any) -> dict[str, Any]:
    name, privileges, whitelist, read_quota, write_quota = row
    return {
        "name": name,
        "privileges": [_privilege(*p) for p in privileges],
        "allowlist": whitelist,
        "read_quota": read_quota,
        "write_quota": write_quota,
    }


def _finish_user(req: Any, context: Any) -> dict[str, Any]:
    return _user(decode(req))


def _finish_users(req: Any, context: Any) -> list[dict[str, Any]]:
    return [_user(row) for row in decode(req)]


def _finish_role(req: Any, context: Any) -> dict[str, Any]:
    return _role(decode(req))


def _finish_roles(req: Any, context: Any) -> list[dict[str, Any]]:
    return [_role(row) for row in decode(req)]


def _user_name(value: Any) -> str:
    return _text(value, "username", _NAME_MAX)


def _role_name(value: Any) -> str:
    return _text(value, "role", _NAME_MAX)


# -- users -------------------------------------------------------------------


def prepare_admin_create_user(as_: Any, req: Any, username: Any, password: Any, roles: Any, policy: Any) -> Prepared:
    _prepare(as_, req, CREATE_USER, _user_name(username), _text(password, "password", _PASSWORD_MAX),
             _texts(roles, "roles"), policy=policy)
    return _finish_none, None


def prepare_admin_drop_user(as_: Any, req: Any, username: Any, policy: Any) -> Prepared:
    _prepare(as_, req, DROP_USER, _user_name(username), policy=policy)
    return _finish_none, None


def prepare_admin_change_password(as_: Any, req: Any, username: Any, password: Any, policy: Any) -> Prepared:
    _prepare(as_, req, CHANGE_PASSWORD, _user_name(username), _text(password, "password", _PASSWORD_MAX),
             policy=policy)
    return _finish_none, None


def prepare_admin_grant_roles(as_: Any, req: Any, username: Any, roles: Any, policy: Any) -> Prepared:
    _prepare(as_, req, GRANT_ROLES, _user_name(username), roles=_texts(roles, "roles"), policy=policy)
    return _finish_none, None


def prepare_admin_revoke_roles(as_: Any, req: Any, username: Any, roles: Any, policy: Any) -> Prepared:
    _prepare(as_, req, REVOKE_ROLES, _user_name(username), roles=_texts(roles, "roles"), policy=policy)
    return _finish_none, None


def prepare_admin_query_user_info(as_: Any, req: Any, username: Any, policy: Any) -> Prepared:
    _prepare(as_, req, QUERY_USER, _user_name(username), policy=policy)
    return _finish_user, None


def prepare_admin_query_users_info(as_: Any, req: Any, policy: Any) -> Prepared:
    _prepare(as_, req, QUERY_USERS, "", policy=policy)
    return _finish_users, None


# -- roles -------------------------------------------------------------------


def prepare_admin_create_role(as_: Any, req: Any, role: Any, privileges: Any, policy: Any, whitelist: Any,
                        read_quota: Any, write_quota: Any) -> Prepared:
    _prepare(as_, req, CREATE_ROLE, _role_name(role), privileges=_privileges(privileges),
             whitelist=_whitelist(whitelist) if whitelist is not None else None,
             read_quota=_quota(read_quota, "read_quota"), write_quota=_quota(write_quota, "write_quota"),
             policy=policy)
    return _finish_none, None


def prepare_admin_drop_role(as_: Any, req: Any, role: Any, policy: Any) -> Prepared:
    _prepare(as_, req, DROP_ROLE, _role_name(role), policy=policy)
    return _finish_none, None


def prepare_admin_grant_privileges(as_: Any, req: Any, role: Any, privileges: Any, policy: Any) -> Prepared:
    _prepare(as_, req, GRANT_PRIVILEGES, _role_name(role), privileges=_privileges(privileges), policy=policy)
    return _finish_none, None


def prepare_admin_revoke_privileges(as_: Any, req: Any, role: Any, privileges: Any, policy: Any) -> Prepared:
    _prepare(as_, req, REVOKE_PRIVILEGES, _role_name(role), privileges=_privileges(privileges), policy=policy)
    return _finish_none, None


def prepare_admin_query_role(as_: Any, req: Any, role: Any, policy: Any) -> Prepared:
    _prepare(as_, req, QUERY_ROLE, _role_name(role), policy=policy)
    return _finish_role, None


def prepare_admin_query_roles(as_: Any, req: Any, policy: Any) -> Prepared:
    _prepare(as_, req, QUERY_ROLES, "", policy=policy)
    return _finish_roles, None


def prepare_admin_set_whitelist(as_: Any, req: Any, role: Any, whitelist: Any, policy: Any) -> Prepared:
    _prepare(as_, req, SET_WHITELIST, _role_name(role), whitelist=_whitelist(whitelist), policy=policy)
    return _finish_none, None


def prepare_admin_set_quotas(as_: Any, req: Any, role: Any, read_quota: Any, write_quota: Any, policy: Any) -> Prepared:
    _prepare(as_, req, SET_QUOTAS, _role_name(role), read_quota=_quota(read_quota, "read_quota"),
             write_quota=_quota(write_quota, "write_quota"), policy=policy)
    return _finish_none, None
