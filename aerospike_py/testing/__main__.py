"""Run the test server in the foreground: ``python -m aerospike_py.testing``."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from . import TestServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aerospike_py.testing",
                                     description="Embedded Aerospike-protocol test server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000, help="first node port (0 = any)")
    parser.add_argument("--nodes", type=int, default=1)
    parser.add_argument("--namespace", action="append", dest="namespaces",
                        help="namespace name (repeatable; default: test, bar)")
    parser.add_argument("--cluster-name", default=None)
    parser.add_argument("--user", action="append", dest="users", metavar="NAME:PASSWORD",
                        help="turn security on with this user (repeatable); users get sys-admin, "
                             "user-admin and read-write-udf")
    parser.add_argument("--transaction-pending-limit", type=int, default=20,
                        help="writes that may wait on one record before KEY_BUSY (0 = no limit)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    users = None
    if args.users:
        users = {}
        for item in args.users:
            name, sep, password = item.partition(":")
            if not sep or not name:
                parser.error(f"--user takes NAME:PASSWORD, got {item!r}")
            users[name] = password
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    srv = TestServer(nodes=args.nodes, namespaces=tuple(args.namespaces or ("test", "bar")),
                     cluster_name=args.cluster_name, host=args.host, port=args.port, security_users=users,
                     transaction_pending_limit=args.transaction_pending_limit)
    srv.start()
    for node, (h, p) in zip(srv.nodes, srv.hosts):
        print(f"node {node.name} listening on {h}:{p}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
        print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
