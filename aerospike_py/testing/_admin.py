"""Admin protocol (type 2): login, session authentication and user management.

Without ``security_users`` the server answers every admin command with
SECURITY_NOT_SUPPORTED (51), exactly like a Community Edition server, where
security is not built in; the C client accepts only SECURITY_NOT_ENABLED (52)
as "no login needed", so configuring credentials fails to connect just as it
does against a real CE server. With ``security_users`` the internal-auth
login checks the client's bcrypt credential (computed with the system's
``crypt(3)``, reached through ctypes so only the standard library is used),
hands out a session token, and data commands on unauthenticated connections
are refused with NOT_AUTHENTICATED (80).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import struct
import threading
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
NOT_AUTHENTICATED = 80

SALT = "$2a$10$7EqJtq98hPqEX7fNZaFWoO"
SESSION_TTL = 24 * 3600
BUILTIN_ROLES = ("read", "read-write", "read-write-udf", "sys-admin", "user-admin",
                 "data-admin", "write", "truncate", "udf-admin", "sindex-admin")

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


class Security:
    """Users, roles, password hashes and live sessions of one cluster."""

    def __init__(self, users: dict[str, str]) -> None:
        self.lock = threading.Lock()
        self.passwords = dict(users)  # user -> clear password (for the built-in users)
        self.hashes: dict[str, str] = {}
        self.roles: dict[str, list[str]] = {u: ["sys-admin", "user-admin", "read-write-udf"]
                                            for u in users}
        self.custom_roles: set[str] = set()
        self.sessions: dict[bytes, str] = {}

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


def is_authenticated(node: "Node", conn: socket.socket) -> bool:
    """Whether data commands may run on this connection."""
    return node.cluster.security is None or conn in node.authed


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
        token = os.urandom(32)
        with sec.lock:
            sec.sessions[token] = user
        node.authed.add(conn)
        payload = _header(OK, 2) + _field(F_SESSION_TOKEN, token) + \
            _field(F_SESSION_TTL, struct.pack(">I", SESSION_TTL))
        return _frame(payload)
    if command == AUTHENTICATE:
        token = f.get(F_SESSION_TOKEN, b"")
        with sec.lock:
            owner = sec.sessions.get(token)
        if owner is None or (user and owner != user):
            return _frame(_header(INVALID_CREDENTIAL))
        node.authed.add(conn)
        return _frame(_header(OK))
    if conn not in node.authed:
        return _frame(_header(NOT_AUTHENTICATED))
    return b"".join(_frame(x) for x in _user_admin(sec, command, user, f))


def _user_admin(sec: Security, command: int, user: str, f: dict[int, bytes]) -> list[bytes]:
    with sec.lock:
        if command == CREATE_USER:
            if user in sec.hashes or user in sec.passwords:
                return [_header(USER_ALREADY_EXISTS)]
            sec.hashes[user] = f.get(F_PASSWORD, b"").decode("utf-8", "replace")
            sec.roles[user] = _roles(f.get(F_ROLES, b""))
            return [_header(OK)]
        known = user in sec.hashes or user in sec.passwords
        if command in (DROP_USER, SET_PASSWORD, CHANGE_PASSWORD, GRANT_ROLES, REVOKE_ROLES) \
                and not known:
            return [_header(INVALID_USER)]
        if command == DROP_USER:
            sec.hashes.pop(user, None)
            sec.passwords.pop(user, None)
            sec.roles.pop(user, None)
            for tok in [t for t, u in sec.sessions.items() if u == user]:
                del sec.sessions[tok]
            return [_header(OK)]
        if command in (SET_PASSWORD, CHANGE_PASSWORD):
            sec.passwords.pop(user, None)
            sec.hashes[user] = f.get(F_PASSWORD, b"").decode("utf-8", "replace")
            return [_header(OK)]
        if command == GRANT_ROLES:
            cur = sec.roles.setdefault(user, [])
            for r in _roles(f.get(F_ROLES, b"")):
                if r not in BUILTIN_ROLES and r not in sec.custom_roles:
                    return [_header(INVALID_ROLE)]
                if r not in cur:
                    cur.append(r)
            return [_header(OK)]
        if command == REVOKE_ROLES:
            drop = set(_roles(f.get(F_ROLES, b"")))
            sec.roles[user] = [r for r in sec.roles.get(user, []) if r not in drop]
            return [_header(OK)]
        if command == CREATE_ROLE:
            role = f.get(F_ROLE, b"").decode("utf-8", "replace")
            if role in sec.custom_roles or role in BUILTIN_ROLES:
                return [_header(ROLE_ALREADY_EXISTS)]
            sec.custom_roles.add(role)
            return [_header(OK)]
        if command == DROP_ROLE:
            role = f.get(F_ROLE, b"").decode("utf-8", "replace")
            if role not in sec.custom_roles:
                return [_header(INVALID_ROLE)]
            sec.custom_roles.discard(role)
            return [_header(OK)]
        if command == QUERY_USERS:
            names = [user] if user else sorted(set(sec.hashes) | set(sec.passwords))
            blocks = []
            for name in names:
                if name not in sec.hashes and name not in sec.passwords:
                    return [_header(INVALID_USER)]
                roles = sec.roles.get(name, [])
                rdata = bytes((len(roles),)) + b"".join(
                    bytes((len(r.encode()),)) + r.encode() for r in roles)
                blocks.append(_header(OK, 2) + _field(F_USER, name.encode()) +
                              _field(F_ROLES, rdata))
            return [b"".join(blocks), _header(QUERY_END)] if blocks else [_header(QUERY_END)]
        if command == QUERY_ROLES:
            return [_header(QUERY_END)]
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
    token = os.urandom(32)
    with sec.lock:
        sec.sessions[token] = user
    node.authed.add(conn)
    return _frame(_header(OK, 2) + _field(F_SESSION_TOKEN, token) +
                  _field(F_SESSION_TTL, struct.pack(">I", SESSION_TTL)))
