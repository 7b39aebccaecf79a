"""Admin protocol (type 2): login, session authentication, users and roles.

Without ``security_users`` the server answers every admin command with
SECURITY_NOT_SUPPORTED (51), exactly like a Community Edition server, where
security is not built in; the C client accepts only SECURITY_NOT_ENABLED (52)
as "no login needed", so configuring credentials fails to connect just as it
does against a real CE server. With ``security_users`` it behaves like an
Enterprise server with security (and quotas) enabled: the internal-auth login
checks the client's bcrypt credential (computed with the system's
``crypt(3)``, reached through ctypes so only the standard library is used)
and the roles' whitelists, hands out a session token; data commands on
unauthenticated connections are refused with NOT_AUTHENTICATED (80) and
commands the user's roles do not allow with ROLE_VIOLATION (81). Users and
roles (predefined and user-defined, with privileges scoped to a namespace or
set, whitelists and quotas) are managed with the real server's result codes.
Rate quotas are enforced per node and per second on each command
(QUOTA_EXCEEDED, 83): a batch or a scan counts as one command.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import struct
import ipaddress
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import _proto as P

if TYPE_CHECKING:
    from ._server import Node

AUTHENTICATE = 0
CREATE_USER = 1
DROP_USER = 2
SET_PASSWORD = 3
CHANGE_PASSWORD = 4
GRANT_ROLES = 5
REVOKE_ROLES = 6
QUERY_USERS = 9
CREATE_ROLE = 10
DROP_ROLE = 11
GRANT_PRIVILEGES = 12
REVOKE_PRIVILEGES = 13
SET_WHITELIST = 14
SET_QUOTAS = 15
QUERY_ROLES = 16
LOGIN = 20

F_USER = 0
F_PASSWORD = 1
F_OLD_PASSWORD = 2
F_CREDENTIAL = 3
F_CLEAR_PASSWORD = 4
F_SESSION_TOKEN = 5
F_SESSION_TTL = 6
F_ROLES = 10
F_ROLE = 11
F_PRIVILEGES = 12
F_WHITELIST = 13
F_READ_QUOTA = 14
F_WRITE_QUOTA = 15
F_READ_INFO = 16
F_WRITE_INFO = 17
F_CONNECTIONS = 18

OK = 0
QUERY_END = 50
SECURITY_NOT_SUPPORTED = 51
SECURITY_NOT_ENABLED = 52
INVALID_COMMAND = 54
INVALID_USER = 60
USER_ALREADY_EXISTS = 61
INVALID_PASSWORD = 62
INVALID_CREDENTIAL = 65
INVALID_ROLE = 70
ROLE_ALREADY_EXISTS = 71
INVALID_PRIVILEGE = 72
INVALID_WHITELIST = 73
INVALID_QUOTA = 75
NOT_AUTHENTICATED = 80
ROLE_VIOLATION = 81
NOT_WHITELISTED = 82
QUOTA_EXCEEDED = 83

SALT = "$2a$10$7EqJtq98hPqEX7fNZaFWoO"
SESSION_TTL = 24 * 3600
# Predefined roles: each holds the one global privilege of the same name.
PRIVILEGES = {"user-admin": 0, "sys-admin": 1, "data-admin": 2, "udf-admin": 3, "sindex-admin": 4,
              "read": 10, "read-write": 11, "read-write-udf": 12, "write": 13, "truncate": 14}
BUILTIN_ROLES = tuple(PRIVILEGES)
GLOBAL_ONLY = frozenset(code for code in PRIVILEGES.values() if code < 10)
# What each data privilege allows.
_CAN_READ = frozenset((10, 11, 12))
_CAN_WRITE = frozenset((11, 12, 13))
_CAN_UDF = frozenset((12,))

_crypt_lock = threading.Lock()
_crypt_fn = None


def bcrypt_hash(password: str) -> str | None:
    """The client's constant-salt bcrypt hash of a password, or None if unavailable."""
    global _crypt_fn
    with _crypt_lock:
        if _crypt_fn is None:
            name = ctypes.util.find_library("crypt") or "libcrypt.so.1"
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                return None
            fn = lib.crypt
            fn.restype = ctypes.c_char_p
            fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
            _crypt_fn = fn
        out = _crypt_fn(password.encode(), SALT.encode())
    return out.decode() if out else None


@dataclass
class Role:
    privileges: list[tuple[int, str, str]] = field(default_factory=list)
    whitelist: list[str] = field(default_factory=list)
    read_quota: int = 0
    write_quota: int = 0


class Security:
    """Users, roles, password hashes and live sessions of one cluster."""

    def __init__(self, users: dict[str, str]) -> None:
        self.lock = threading.Lock()
        self.passwords = dict(users)  # user -> clear password (for the built-in users)
        self.hashes: dict[str, str] = {}
        self.roles: dict[str, list[str]] = {u: ["sys-admin", "user-admin", "read-write-udf"]
                                            for u in users}
        self.role_defs: dict[str, Role] = {name: Role([(code, "", "")]) for name, code in PRIVILEGES.items()}
        self.sessions: dict[bytes, str] = {}
        self.conn_users: "weakref.WeakKeyDictionary[socket.socket, str]" = weakref.WeakKeyDictionary()
        # (node, user, "read"/"write") -> (second, commands in that second), for rate quotas.
        self.rates: dict[tuple[int, str, str], tuple[int, int]] = {}

    def quotas_of(self, user: str) -> tuple[int, int]:
        """(read, write) quota of a user: the largest of its roles' (0 = unlimited)."""
        defs = [self.role_defs[r] for r in self.roles.get(user, []) if r in self.role_defs]
        return max((d.read_quota for d in defs), default=0), max((d.write_quota for d in defs), default=0)

    def count(self, node_id: int, user: str, kind: str, quota: int) -> bool:
        """Counts one command against a per-node, per-second quota; False once it is exceeded."""
        now = int(time.monotonic())
        second, n = self.rates.get((node_id, user, kind), (now, 0))
        n = n + 1 if second == now else 1
        self.rates[(node_id, user, kind)] = (now, n)
        return not quota or n <= quota

    def rate(self, user: str, kind: str) -> int:
        now = int(time.monotonic())
        return sum(n for (_, u, k), (second, n) in self.rates.items() if u == user and k == kind and second == now)

    @property
    def custom_roles(self) -> set[str]:
        return {r for r in self.role_defs if r not in PRIVILEGES}

    def user_hash(self, user: str) -> str | None:
        with self.lock:
            h = self.hashes.get(user)
            pw = self.passwords.get(user)
        if h is None and pw is not None:
            h = bcrypt_hash(pw)
            if h is not None:
                with self.lock:
                    self.hashes[user] = h
        return h

    def known(self, user: str) -> bool:
        return user in self.hashes or user in self.passwords

    def privileges_of(self, user: str) -> list[tuple[int, str, str]]:
        out: list[tuple[int, str, str]] = []
        for r in self.roles.get(user, []):
            role = self.role_defs.get(r)
            if role is not None:
                out.extend(role.privileges)
        return out

    def allows(self, user: str, codes: frozenset[int], ns: str = "", set_name: str = "") -> bool:
        """Whether one of the user's privileges in ``codes`` covers ns/set ("" = any scope)."""
        for code, pns, pset in self.privileges_of(user):
            if code in codes and (not pns or not ns or pns == ns) and (not pset or not set_name or pset == set_name):
                return True
        return False

    def whitelisted(self, user: str, address: str) -> bool:
        """A user whose roles carry whitelists may log in only from a listed address or network."""
        nets = [w for r in self.roles.get(user, []) for w in self.role_defs.get(r, Role()).whitelist]
        if not nets:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(w, strict=False) for w in nets)



def _fields(body: bytes, count: int) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    p = 16
    for _ in range(count):
        if p + 5 > len(body):
            raise P.ProtocolError("truncated admin field")
        (size,) = struct.unpack_from(">I", body, p)
        fid = body[p + 4]
        if size < 1 or p + 4 + size > len(body):
            raise P.ProtocolError("bad admin field size")
        out[fid] = body[p + 5:p + 4 + size]
        p += 4 + size
    return out


def _header(result: int, field_count: int = 0, command: int = 0) -> bytes:
    return bytes((0, result, command, field_count)) + bytes(12)


def _frame(payload: bytes) -> bytes:
    return P.proto_header(P.TYPE_ADMIN, len(payload)) + payload


def _field(fid: int, data: bytes) -> bytes:
    return struct.pack(">IB", len(data) + 1, fid) + data


def _roles(data: bytes) -> list[str]:
    if not data:
        return []
    n = data[0]
    p = 1
    out = []
    for _ in range(n):
        ln = data[p]
        out.append(data[p + 1:p + 1 + ln].decode("utf-8", "replace"))
        p += 1 + ln
    return out


def _int_field(data: bytes | None) -> int:
    if data is None:
        return 0
    if len(data) != 4:
        raise P.ProtocolError("bad admin int field")
    return struct.unpack(">i", data)[0]


def _privileges(data: bytes) -> list[tuple[int, str, str]] | None:
    """(code, ns, set) per privilege, or None when one is invalid."""
    if not data:
        return []
    n, p = data[0], 1
    out = []
    for _ in range(n):
        if p >= len(data):
            return None
        code = data[p]
        p += 1
        ns = set_name = ""
        if code >= 10:
            ln = data[p]
            ns = data[p + 1:p + 1 + ln].decode("utf-8", "replace")
            p += 1 + ln
            ln = data[p]
            set_name = data[p + 1:p + 1 + ln].decode("utf-8", "replace")
            p += 1 + ln
        if code not in PRIVILEGES.values() or (code in GLOBAL_ONLY and (ns or set_name)) or (set_name and not ns):
            return None
        out.append((code, ns, set_name))
    return out


def _whitelist(data: bytes) -> list[str] | None:
    out = [w for w in data.decode("utf-8", "replace").split(",") if w]
    for w in out:
        try:
            ipaddress.ip_network(w, strict=False)
        except ValueError:
            return None
    return out


def _str_list(items: list[str]) -> bytes:
    return bytes((len(items),)) + b"".join(bytes((len(x.encode()),)) + x.encode() for x in items)


def _u32_list(items: list[int]) -> bytes:
    return bytes((len(items),)) + b"".join(struct.pack(">I", x) for x in items)


def _priv_bytes(privs: list[tuple[int, str, str]]) -> bytes:
    out = bytearray((len(privs),))
    for code, ns, set_name in privs:
        out.append(code)
        if code >= 10:
            out += bytes((len(ns.encode()),)) + ns.encode() + bytes((len(set_name.encode()),)) + set_name.encode()
    return bytes(out)


def is_authenticated(node: "Node", conn: socket.socket) -> bool:
    """Whether data commands may run on this connection."""
    return node.cluster.security is None or conn in node.authed


def data_access(node: "Node", conn: socket.socket, msg: P.Message) -> int:
    """OK, or ROLE_VIOLATION when the connection's user may not run this data command."""
    sec = node.cluster.security
    if sec is None:
        return OK
    with sec.lock:
        user = sec.conn_users.get(conn)
    if user is None:
        return NOT_AUTHENTICATED
    ns = msg.fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace")
    set_name = msg.fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace")
    write = bool(msg.info2 & P.INFO2_WRITE)
    with sec.lock:
        if P.FIELD_UDF_FUNCTION in msg.fields or P.FIELD_UDF_OP in msg.fields:
            ok = sec.allows(user, _CAN_UDF, ns, set_name)
        elif write:
            ok = sec.allows(user, _CAN_WRITE, ns, set_name)
        else:
            ok = sec.allows(user, _CAN_READ, ns, set_name)
        if not ok:
            return ROLE_VIOLATION
        # Rate quotas apply per node and per second, the largest of the user's roles.
        read_quota, write_quota = sec.quotas_of(user)
        kind, quota = ("write", write_quota) if write else ("read", read_quota)
        return OK if sec.count(id(node), user, kind, quota) else QUOTA_EXCEEDED


def _login(node: "Node", conn: socket.socket, sec: Security, user: str) -> None:
    node.authed.add(conn)
    with sec.lock:
        sec.conn_users[conn] = user


def handle_admin(node: "Node", conn: socket.socket, body: bytes) -> bytes:
    """Answer one admin request with a framed response."""
    if len(body) < 16:
        raise P.ProtocolError("truncated admin header")
    sec = node.cluster.security
    if sec is None:
        return _frame(_header(SECURITY_NOT_SUPPORTED))
    command, count = body[2], body[3]
    f = _fields(body, count)
    user = f.get(F_USER, b"").decode("utf-8", "replace")
    if command == LOGIN and not f:  # PKI: the user is the client certificate's common name
        return _pki_login(node, conn, sec)
    if command == LOGIN:
        expected = sec.user_hash(user)
        if expected is None:
            return _frame(_header(INVALID_USER))
        cred = f.get(F_CREDENTIAL, b"").decode("utf-8", "replace")
        if cred != expected:
            return _frame(_header(INVALID_CREDENTIAL))
        try:
            address = conn.getpeername()[0]
        except OSError:
            address = ""
        with sec.lock:
            allowed = sec.whitelisted(user, address)
        if not allowed:
            return _frame(_header(NOT_WHITELISTED))
        return _session(node, conn, sec, user)
    if command == AUTHENTICATE:
        token = f.get(F_SESSION_TOKEN, b"")
        with sec.lock:
            owner = sec.sessions.get(token)
        if owner is None or (user and owner != user):
            return _frame(_header(INVALID_CREDENTIAL))
        _login(node, conn, sec, owner)
        return _frame(_header(OK))
    with sec.lock:
        caller = sec.conn_users.get(conn) if conn in node.authed else None
    if caller is None:
        return _frame(_header(NOT_AUTHENTICATED))
    return b"".join(_frame(x) for x in _user_admin(node, sec, caller, command, user, f))


def _conns_in_use(node: "Node", sec: Security, name: str) -> int:
    live = set().union(*(set(n.authed) for n in node.cluster.nodes))
    with sec.lock:
        return sum(1 for c, u in list(sec.conn_users.items()) if u == name and c in live)


def _user_admin(node: "Node", sec: Security, caller: str, command: int, user: str,
                f: dict[int, bytes]) -> list[bytes]:
    with sec.lock:
        is_admin = sec.allows(caller, frozenset((PRIVILEGES["user-admin"],)))
    own = user == caller
    if command == CHANGE_PASSWORD and own:
        old = f.get(F_OLD_PASSWORD, b"").decode("utf-8", "replace")
        if old != sec.user_hash(user):
            return [_header(INVALID_CREDENTIAL)]
    elif command == QUERY_USERS and own:
        pass
    elif not is_admin:
        return [_header(ROLE_VIOLATION)]
    conns = {name: _conns_in_use(node, sec, name) for name in list(sec.roles)} if command == QUERY_USERS else {}
    with sec.lock:
        return _run(sec, command, user, f, conns)


def _password_hash(f: dict[int, bytes]) -> str | None:
    pw = f.get(F_PASSWORD, b"").decode("utf-8", "replace")
    return pw if len(pw) == 60 and pw.startswith("$2") else None


def _run(sec: Security, command: int, user: str, f: dict[int, bytes], conns: dict[str, int]) -> list[bytes]:
    role = f.get(F_ROLE, b"").decode("utf-8", "replace")
    if command == CREATE_USER:
        if sec.known(user):
            return [_header(USER_ALREADY_EXISTS)]
        pw = _password_hash(f)
        if not user or pw is None:
            return [_header(INVALID_USER if not user else INVALID_PASSWORD)]
        roles = _roles(f.get(F_ROLES, b""))
        if any(r not in sec.role_defs for r in roles):
            return [_header(INVALID_ROLE)]
        sec.hashes[user] = pw
        sec.roles[user] = list(dict.fromkeys(roles))
        return [_header(OK)]
    if command in (DROP_USER, SET_PASSWORD, CHANGE_PASSWORD, GRANT_ROLES, REVOKE_ROLES) \
            and not sec.known(user):
        return [_header(INVALID_USER)]
    if command == DROP_USER:
        sec.hashes.pop(user, None)
        sec.passwords.pop(user, None)
        sec.roles.pop(user, None)
        for tok in [t for t, u in sec.sessions.items() if u == user]:
            del sec.sessions[tok]
        return [_header(OK)]
    if command in (SET_PASSWORD, CHANGE_PASSWORD):
        pw = _password_hash(f)
        if pw is None:
            return [_header(INVALID_PASSWORD)]
        sec.passwords.pop(user, None)
        sec.hashes[user] = pw
        return [_header(OK)]
    if command in (GRANT_ROLES, REVOKE_ROLES):
        roles = _roles(f.get(F_ROLES, b""))
        if any(r not in sec.role_defs for r in roles):
            return [_header(INVALID_ROLE)]
        cur = sec.roles.setdefault(user, [])
        if command == GRANT_ROLES:
            cur.extend(r for r in dict.fromkeys(roles) if r not in cur)
        else:
            sec.roles[user] = [r for r in cur if r not in roles]
        return [_header(OK)]
    if command == QUERY_USERS:
        names = [user] if user else sorted(set(sec.hashes) | set(sec.passwords))
        blocks = []
        for name in names:
            if not sec.known(name):
                return [_header(INVALID_USER)]
            roles = sec.roles.get(name, [])
            rq, wq = sec.quotas_of(name)
            # [quota, commands per second, scan/query records per second, limitless scans/queries]
            blocks.append(_header(OK, 5) + _field(F_USER, name.encode()) + _field(F_ROLES, _str_list(roles)) +
                          _field(F_READ_INFO, _u32_list([rq, sec.rate(name, "read"), 0, 0])) +
                          _field(F_WRITE_INFO, _u32_list([wq, sec.rate(name, "write"), 0, 0])) +
                          _field(F_CONNECTIONS, struct.pack(">I", conns.get(name, 0))))
        return [b"".join(blocks), _header(QUERY_END)] if blocks else [_header(QUERY_END)]
    if command == CREATE_ROLE:
        if role in sec.role_defs:
            return [_header(ROLE_ALREADY_EXISTS)]
        if not role:
            return [_header(INVALID_ROLE)]
        privs = _privileges(f.get(F_PRIVILEGES, b""))
        if privs is None:
            return [_header(INVALID_PRIVILEGE)]
        white = _whitelist(f.get(F_WHITELIST, b""))
        if white is None:
            return [_header(INVALID_WHITELIST)]
        rq, wq = _int_field(f.get(F_READ_QUOTA)), _int_field(f.get(F_WRITE_QUOTA))
        if rq < 0 or wq < 0:
            return [_header(INVALID_QUOTA)]
        sec.role_defs[role] = Role(list(dict.fromkeys(privs)), white, rq, wq)
        return [_header(OK)]
    if command in (DROP_ROLE, GRANT_PRIVILEGES, REVOKE_PRIVILEGES, SET_WHITELIST, SET_QUOTAS):
        # Predefined roles cannot be changed.
        if role not in sec.role_defs or role in PRIVILEGES:
            return [_header(INVALID_ROLE)]
        r = sec.role_defs[role]
    if command == DROP_ROLE:
        del sec.role_defs[role]
        for name, roles in sec.roles.items():
            sec.roles[name] = [x for x in roles if x != role]
        return [_header(OK)]
    if command in (GRANT_PRIVILEGES, REVOKE_PRIVILEGES):
        privs = _privileges(f.get(F_PRIVILEGES, b""))
        if privs is None:
            return [_header(INVALID_PRIVILEGE)]
        if command == GRANT_PRIVILEGES:
            r.privileges.extend(p for p in dict.fromkeys(privs) if p not in r.privileges)
        else:
            r.privileges = [p for p in r.privileges if p not in privs]
        return [_header(OK)]
    if command == SET_WHITELIST:
        white = _whitelist(f.get(F_WHITELIST, b""))
        if white is None:
            return [_header(INVALID_WHITELIST)]
        r.whitelist = white
        return [_header(OK)]
    if command == SET_QUOTAS:
        rq, wq = _int_field(f.get(F_READ_QUOTA)), _int_field(f.get(F_WRITE_QUOTA))
        if rq < 0 or wq < 0:
            return [_header(INVALID_QUOTA)]
        r.read_quota, r.write_quota = rq, wq
        return [_header(OK)]
    if command == QUERY_ROLES:
        if role and role not in sec.role_defs:
            return [_header(INVALID_ROLE)]
        names = [role] if role else sorted(sec.role_defs)
        blocks = []
        for name in names:
            d = sec.role_defs[name]
            fields = [_field(F_ROLE, name.encode()), _field(F_PRIVILEGES, _priv_bytes(d.privileges))]
            if d.whitelist:
                fields.append(_field(F_WHITELIST, ",".join(d.whitelist).encode()))
            if d.read_quota:
                fields.append(_field(F_READ_QUOTA, struct.pack(">I", d.read_quota)))
            if d.write_quota:
                fields.append(_field(F_WRITE_QUOTA, struct.pack(">I", d.write_quota)))
            blocks.append(_header(OK, len(fields)) + b"".join(fields))
        return [b"".join(blocks), _header(QUERY_END)]
    return [_header(INVALID_COMMAND)]


def _pki_login(node: "Node", conn: socket.socket, sec: Security) -> bytes:
    """Log in the user named by the TLS client certificate (the server's PKI mode)."""
    from ._tls import peer_common_name
    user = peer_common_name(conn)
    if user is None:
        return _frame(_header(INVALID_CREDENTIAL))
    with sec.lock:
        known = user in sec.hashes or user in sec.passwords
    if not known:
        return _frame(_header(INVALID_USER))
    return _session(node, conn, sec, user)


def _session(node: "Node", conn: socket.socket, sec: Security, user: str) -> bytes:
    """A logged-in connection and the session token the client authenticates its other connections with."""
    token = os.urandom(32)
    with sec.lock:
        sec.sessions[token] = user
    _login(node, conn, sec, user)
    return _frame(_header(OK, 2) + _field(F_SESSION_TOKEN, token) +
                  _field(F_SESSION_TTL, struct.pack(">I", SESSION_TTL)))
