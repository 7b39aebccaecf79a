"""The embedded server needs nothing of the client's compiled binding."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import socket, struct, sys
    sys.modules["aerospike_py._aerospike"] = None  # any import of the binding now fails
    from aerospike_py.testing import TestServer
    with TestServer() as srv:
        host, port = srv.hosts[0]
        with socket.create_connection((host, port), timeout=5) as sock:
            body = b"build\\n"
            sock.sendall(struct.pack(">Q", (2 << 56) | (1 << 48) | len(body)) + body)
            header = sock.recv(8)
            size = struct.unpack(">Q", header)[0] & 0xFFFFFFFFFFFF
            reply = b""
            while len(reply) < size:
                reply += sock.recv(size - len(reply))
    assert "aerospike_py._client" not in sys.modules
    print(reply.decode().strip())
    """
)


def test_server_runs_without_the_compiled_binding() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().startswith("build\t8.1.2")
