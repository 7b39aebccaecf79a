"""TLS for the test server: per-node encrypted listeners and certificate logins.

A node given a ``ServerTLS`` wraps each accepted connection with the
standard library's ``ssl`` before serving it.  The handshake runs on a
short-lived thread, so a client that connects and never speaks (or speaks
with a certificate the node refuses) cannot stall the node's I/O thread.
With ``accept_clear`` the node looks at the first byte of a connection and
serves TLS (a handshake record, 0x16) and clear Aerospike frames (version
byte 2, or 0 for admin) on the same port: the C client's ``for_login_only``
opens its login connections with TLS and its command connections in clear.
"""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ._server import Node

_TLS_HANDSHAKE = 0x16
HANDSHAKE_TIMEOUT = 5.0


@dataclass
class ServerTLS:
    """How the nodes of a test server speak TLS.

    ``context`` is a server-side ``ssl.SSLContext`` holding the node
    certificate (set ``verify_mode = CERT_REQUIRED`` and load a CA to demand
    client certificates).  ``name`` is the TLS name the nodes announce in
    ``peers-tls-std``; clients verify the certificate against it.
    """

    context: ssl.SSLContext
    name: str
    accept_clear: bool = False
    # What was accepted, for tests: ("tls" | "clear") per served connection.
    accepted: list[str] = field(default_factory=list)
    # Successful handshakes and failed ones (with the ssl error's text).
    failures: list[str] = field(default_factory=list)

    def start_handshake(self, node: "Node", conn: socket.socket,
                        serve: Callable[[socket.socket], None]) -> None:
        """Complete the handshake off the I/O thread, then hand the connection to ``serve``."""
        threading.Thread(target=self._handshake, args=(node, conn, serve), daemon=True,
                         name=f"as-tls-{node.port}").start()

    def _handshake(self, node: "Node", conn: socket.socket,
                   serve: Callable[[socket.socket], None]) -> None:
        try:
            conn.settimeout(HANDSHAKE_TIMEOUT)
            if self.accept_clear:
                first = conn.recv(1, socket.MSG_PEEK)
                if not first:
                    raise ConnectionError("closed before the first byte")
                if first[0] != _TLS_HANDSHAKE:
                    conn.settimeout(None)
                    self.accepted.append("clear")
                    serve(conn)
                    return
            wrapped = self.context.wrap_socket(conn, server_side=True)
            wrapped.settimeout(None)
        except (OSError, ssl.SSLError, ConnectionError) as exc:
            self.failures.append(str(exc))
            node.forget(conn)
            try:
                conn.close()
            except OSError:
                pass
            return
        self.accepted.append("tls")
        node.forget(conn)
        serve(wrapped)


def peer_common_name(conn: socket.socket) -> str | None:
    """The common name of the client certificate on a TLS connection, if any."""
    if not isinstance(conn, ssl.SSLSocket):
        return None
    cert: Any = conn.getpeercert()
    if not cert:
        return None
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return str(value)
    return None
