"""A short tour of the client: ``python -m aerospike_py.demo``.

Connects to ``AEROSPIKE_HOSTS`` (comma-separated ``host:port``) when it is
set; otherwise starts the embedded test server in this process, so the demo
runs anywhere with nothing else installed.  Each step prints what it did and
what came back; the C client's own log lines appear through ``logging``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import Any, Iterator

import aerospike_py

NAMESPACE = "test"
SET = "demo"


def hosts_from_env(raw: str) -> list[tuple[str, int]]:
    """``"h1:3000,h2"`` -> ``[("h1", 3000), ("h2", 3000)]``, so the demo takes the usual variable."""
    hosts = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        host, sep, port = part.rpartition(":")
        hosts.append((host.strip("[]"), int(port)) if sep and host else (part, 3000))
    return hosts


@contextlib.contextmanager
def server_config() -> Iterator[dict[str, Any]]:
    """The client config to use, starting the embedded server only when no cluster is given."""
    raw = os.environ.get("AEROSPIKE_HOSTS", "").strip()
    if raw:
        print(f"using AEROSPIKE_HOSTS={raw}", flush=True)
        yield {"hosts": hosts_from_env(raw)}
        return
    from aerospike_py.testing import TestServer

    with TestServer() as srv:
        host, port = srv.config["hosts"][0]
        print(f"started the embedded test server on {host}:{port}", flush=True)
        yield srv.config


def step(title: str, result: Any = None) -> None:
    """One numbered, readable line per step."""
    step.count += 1  # type: ignore[attr-defined]
    text = f"{step.count:>2}. {title}"  # type: ignore[attr-defined]
    print(text if result is None else f"{text:<48} -> {result}", flush=True)


step.count = 0  # type: ignore[attr-defined]


def show(record: Any) -> str:
    """A record without its 20-byte digest, which says nothing to a reader."""
    if record is None:
        return "None"
    meta = record.meta
    meta_text = "no record" if meta is None else f"gen={meta.gen} ttl={meta.ttl}"
    bins = getattr(record, "bins", None)
    return meta_text if bins is None else f"{bins}  ({meta_text})"


def tour(client: aerospike_py.Client) -> None:
    """Every basic single-record call once on one key, then batch and query on a few."""
    key = (NAMESPACE, SET, "user-1")

    client.put(key, {"name": "Ada", "visits": 1, "tags": ["math", "engines"], "score": 9.5})
    step("put name, visits, tags, score", "ok")
    step("get", show(client.get(key)))
    step("select name, visits", show(client.select(key, ["name", "visits"])))
    step("exists", show(client.exists(key)))

    client.increment(key, "visits", 41)
    step("increment visits by 41", (client.get(key).bins or {})["visits"])
    client.append(key, "name", " Lovelace")
    step("append ' Lovelace' to name", (client.get(key).bins or {})["name"])

    ops = [
        {"op": aerospike_py.OPERATOR_INCR, "bin": "visits", "val": 1},
        {"op": aerospike_py.OPERATOR_WRITE, "bin": "city", "val": "London"},
        {"op": aerospike_py.OPERATOR_READ, "bin": "visits"},
        {"op": aerospike_py.OPERATOR_READ, "bin": "city"},
    ]
    step("operate: incr visits, write city, read both", show(client.operate(key, ops)))

    client.remove(key)
    step("remove", "done")
    step("exists after remove", show(client.exists(key)))
    try:
        client.get(key)
    except aerospike_py.RecordNotFound as exc:
        step("get after remove raises", type(exc).__name__)

    set_name = key[1]
    keys = [(key[0], set_name, f"item-{i}") for i in range(10)]
    written = client.batch_write([(k, {"n": i, "kind": "even" if i % 2 == 0 else "odd"}) for i, k in enumerate(keys)])
    step("batch_write 10 records", f"{sum(r.result == 0 for r in written.batch_records)} ok")
    read = client.batch_read(keys[:3] + [(key[0], set_name, "missing")], bins=["n"])
    step("batch_read 3 + 1 missing", read.to_list())
    index = f"{set_name}_n"
    client.index_integer_create(key[0], set_name, "n", index)
    query = client.query(key[0], set_name)
    query.where(aerospike_py.predicates.between("n", 3, 6))
    step("query n between 3 and 6 (secondary index)", sorted((r.bins or {})["n"] for r in query.results()))
    client.index_remove(key[0], index)
    removed = client.batch_remove(keys)
    step("batch_remove", f"{sum(r.result == 0 for r in removed.batch_records)} removed")

    for node in client.info_all("build"):
        step(f"info 'build' on node {node.node_name}", node.response.strip())
    step("info 'namespaces' (random node)", client.info_random_node("namespaces").strip())


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("aerospike_py").setLevel(logging.INFO)
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_INFO)

    with server_config() as config:
        client = aerospike_py.client(config).connect()
        try:
            step("connected", f"nodes {client.get_node_names()}")
            tour(client)
        finally:
            client.close()
    print("demo finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
