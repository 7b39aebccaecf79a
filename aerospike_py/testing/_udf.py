"""UDF modules and UDF calls: the udf-* info commands and record UDFs run in Lua.

Modules are registered, listed, fetched and removed like on a real server
(``udf-put`` compiles the module first and answers ``error=compile_error``
when it does not load).  A call runs the module's function in the Lua
runtime of ``_lua`` on the record, under the store lock, and commits what
the function staged with ``aerospike:create/update/remove`` only if it
returned without error.  The function's return value comes back in a
``SUCCESS`` bin; any failure is result code 100 (UDF) with the message in a
``FAILURE`` bin, which the C client turns into the error message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import weakref
from typing import TYPE_CHECKING, Any, Callable

from . import _proto as P
from ._lua import LuaError, LuaModule, ModuleCache, compile_check
from ._msgpack import bin_to_value, unpack, value_to_bin
from ._proto import Message
from ._record import Result, compute_void_time, encode_result, filter_passes
from ._storage import Namespace, Record, Store

if TYPE_CHECKING:
    from ._server import Node

_caches: "weakref.WeakKeyDictionary[Store, ModuleCache]" = weakref.WeakKeyDictionary()
# Background jobs each node ran: task id -> (namespace, set, records read).
_jobs: "weakref.WeakKeyDictionary[Node, dict[int, tuple[str, str, int]]]" = weakref.WeakKeyDictionary()


def record_job(node: "Node", msg: Message, records: int) -> None:
    """Remember a finished background job for query-show / jobs."""
    fields = msg.fields
    raw = fields.get(P.FIELD_TASK_ID, b"")
    trid = int.from_bytes(raw, "big") if raw else 0
    ns = fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace")
    set_name = fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace")
    jobs = _jobs.setdefault(node, {})
    jobs[trid] = (ns, set_name, records)
    while len(jobs) > 1000:  # keep the most recent, as a server keeps a bounded job history
        del jobs[next(iter(jobs))]


def job_info_text(node: "Node", params: dict[str, str]) -> str:
    """A job's monitor line: jobs run to completion before their request is answered, so all are done."""
    trid = params.get("trid") or params.get("id") or "0"
    try:
        ns, set_name, records = _jobs.get(node, {})[int(trid)]
    except (KeyError, ValueError):
        ns, set_name, records = "", "", 0
    return (f"trid={trid}:job-type=basic:ns={ns}:set={set_name}:status=done(ok):job-progress=100.00:"
            f"recs-read={records}:recs-succeeded={records}:recs-failed=0")


def _cache(store: Store) -> ModuleCache:
    cache = _caches.get(store)
    if cache is None:
        cache = _caches[store] = ModuleCache()
    return cache


def _smd_hash(name: str, content: bytes) -> str:
    """The udf-list hash: SHA-1 of the module's metadata entry (name, type, base64 content)."""
    entry = json.dumps({"content64": base64.b64encode(content).decode(), "type": "LUA", "name": name},
                       separators=(",", ":"))
    return hashlib.sha1(entry.encode()).hexdigest()


def _valid_filename(name: str) -> bool:
    return bool(name) and not name.startswith(".") and all(c.isalnum() or c in "._-$" for c in name)


def udf_info(node: "Node", action: str, params: dict[str, str]) -> str:
    """Answer udf-put / udf-get / udf-remove / udf-list as server 8 does."""
    store = node.cluster.store
    with store.lock:
        if action == "list":
            return "".join(f"filename={name},hash={_smd_hash(name, content)},type={utype};"
                           for name, (utype, content) in sorted(store.udfs.items()))
        name = params.get("filename", "")
        if not _valid_filename(name):
            return "error=invalid_filename"
        if action == "put":
            dot = name.find(".")
            if dot <= 0 or dot == len(name) - 1:
                return "error=invalid_filename"
            if params.get("udf-type", "LUA") != "LUA":
                return "error=invalid_udf_type"
            try:
                content = base64.b64decode(params.get("content", ""), validate=True)
            except (binascii.Error, ValueError):
                return "error=invalid_base64_content"
            error = compile_check(name.rsplit(".", 1)[0], content)
            if error is not None:
                line = error.split(":")[1] if error.count(":") >= 2 else "0"
                return (f"error=compile_error;file={name};line={line};message="
                        f"{base64.b64encode(error.encode()).decode()}")
            store.udfs[name] = ("LUA", content)
            _cache(store).drop(name)
            return "ok"
        if action == "get":
            item = store.udfs.get(name)
            if item is None:
                return "error=not_found"
            return f"type={item[0]};content={base64.b64encode(item[1]).decode()};"
        if action == "remove":
            store.udfs.pop(name, None)
            _cache(store).drop(name)
            return "ok"
    return "error=unknown_command"


def _failure(text: str) -> Result:
    return Result(P.ERR_UDF, 0, 0, [P.pack_op(P.OP_READ, P.PT_STRING, "FAILURE", text.encode())])


def _module(store: Store, package: str) -> LuaModule | str:
    """The loaded module, or the failure text when it cannot be run."""
    item = store.udfs.get(f"{package}.lua")
    if item is None:
        return f"UDF: Execution Error 1 : module not found: {package}"
    try:
        return _cache(store).get(package, item[1])
    except LuaError as exc:
        return str(exc)


def udf_result(node: "Node", msg: Message, digest: bytes | None) -> Result:
    """Result of a UDF call on one record (single or batch)."""
    fields = msg.fields
    store = node.cluster.store
    ns = store.namespaces.get(fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace"))
    if ns is None:
        return Result(P.ERR_NAMESPACE)
    if digest is None:
        digest = fields.get(P.FIELD_DIGEST)
    if digest is None or len(digest) != 20:
        return Result(P.ERR_PARAMETER)
    package = fields.get(P.FIELD_UDF_PACKAGE_NAME, b"").decode("utf-8", "replace")
    function = fields.get(P.FIELD_UDF_FUNCTION, b"").decode("utf-8", "replace")
    raw_args = fields.get(P.FIELD_UDF_ARGLIST)
    args = unpack(raw_args) if raw_args else []
    if not isinstance(args, list):
        return Result(P.ERR_PARAMETER)
    with store.lock:
        module = _module(store, package)
        if isinstance(module, str):
            return _failure(module)
        with module.lock:
            return run_udf(ns, module, function, args, msg, digest)


def run_udf(ns: Namespace, module: LuaModule, function: str, args: list[Any], msg: Message,
            digest: bytes) -> Result:
    """Run one call on the record ``digest`` of ``ns`` and commit what it staged."""
    fields = msg.fields
    rec = ns.get(digest)
    if rec is not None and not filter_passes(fields, ns, rec, digest):
        return Result(P.ERR_FILTERED_OUT)
    bins = {name: bin_to_value(pt, raw) for name, (pt, raw) in rec.bins.items()} if rec else {}
    now = P.now_citrus()
    meta: dict[str, Any] = {
        "ttl": max(rec.void_time - now, 0) if rec and rec.void_time else 0,
        "gen": rec.generation if rec else 0,
        "digest": digest,
        "key": _user_key(rec.key if rec and rec.key else fields.get(P.FIELD_KEY)),
        "setname": rec.set_name if rec else fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace"),
        "lut": (rec.lut // 1_000_000 if rec else 0),
        "size": rec.size() if rec else 0,
    }
    state: dict[str, Any] = {"exists": rec is not None, "op": None, "bins": dict(bins), "ttl": None}

    def on_op(op: str, lua_rec: Any) -> Any:
        if op == "exists":
            return bool(state["exists"])
        if op == "remove":
            if not state["exists"]:
                return 2
            state.update(op="remove", exists=False, bins={})
            return 0
        if op == "create" and state["exists"]:
            return 1
        if op == "update" and not state["exists"]:
            return 2  # update writes an existing record only; create makes new ones
        changes = module.all_bins(lua_rec) if op == "create" else module.dirty_bins(lua_rec)
        staged = {} if op == "create" else state["bins"]
        for name, value in changes.items():
            if value is None:
                staged.pop(name, None)
            else:
                staged[name] = value
        state.update(op="write", exists=True, bins=staged, ttl=module.new_ttl(lua_rec))
        return 0

    lua_rec = module.make_record(bins, meta)
    try:
        value = module.call(function, lua_rec, args, on_op)
    except LuaError as exc:
        if not exc.ran:
            return _failure(str(exc))
        # As on a real server, what the function wrote before its error stays written.
        committed = _finish(ns, rec, state, msg, digest, [])
        if committed.code != P.OK:
            return committed
        return Result(P.ERR_UDF, committed.generation, committed.void_time,
                      [P.pack_op(P.OP_READ, P.PT_STRING, "FAILURE", str(exc).encode())])
    try:
        ptype, raw = value_to_bin(value)
    except TypeError:
        ptype, raw = P.PT_NULL, b""
    return _finish(ns, rec, state, msg, digest, [P.pack_op(P.OP_READ, ptype, "SUCCESS", raw)])


def _finish(ns: Namespace, rec: Record | None, state: dict[str, Any], msg: Message, digest: bytes,
            response: list[bytes]) -> Result:
    """Commit what the call staged; the result carries ``response`` (the SUCCESS bin)."""
    empties = state["op"] == "remove" or (state["op"] == "write" and not state["bins"])
    if empties and rec is not None and msg.info2 & P.INFO2_DURABLE_DELETE:
        # Deleting an existing record durably: Community Edition refuses it.
        return Result(P.ERR_ENTERPRISE_ONLY)
    if state["op"] == "remove":
        if rec is not None:
            ns.delete(digest)
        return Result(P.OK, 0, 0, response)
    if state["op"] != "write":
        return Result(P.OK, rec.generation if rec else 0, rec.void_time if rec else 0, response)
    return _commit(ns, rec, state, msg, digest, response)


def _commit(ns: Namespace, rec: Record | None, state: dict[str, Any], msg: Message, digest: bytes,
            success: list[bytes]) -> Result:
    fields = msg.fields
    staged: dict[str, Any] = state["bins"]
    if not staged:
        if rec is not None:
            ns.delete(digest)
        return Result(P.OK, 0, 0, success)
    ttl = state["ttl"]
    try:
        if ttl is not None and type(ttl) is int:
            void_time = compute_void_time(ttl & 0xFFFFFFFF, ns, rec)
        else:
            void_time = compute_void_time(msg.record_ttl, ns, rec)
        new_bins = {name: value_to_bin(value) for name, value in staged.items()}
    except (P.ServerError, TypeError) as exc:
        return _failure(str(exc))
    new = Record(rec.set_name if rec is not None else fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace"),
                 rec.key if rec is not None else None)
    if P.FIELD_KEY in fields:
        new.key = fields[P.FIELD_KEY]
    new.bins = new_bins
    if new.size() > P.WRITE_BLOCK_SIZE:
        return Result(P.ERR_RECORD_TOO_BIG)
    gen = rec.generation + 1 if rec is not None else 1
    new.generation = gen if gen <= 0xFFFF else 1
    new.void_time = void_time
    new.lut = P.now_ns()
    ns.put(digest, new)
    return Result(P.OK, new.generation, void_time, success)


def _user_key(raw: bytes | None) -> Any:
    """A stored user key (particle type byte + value) as a value, or None."""
    if not raw:
        return None
    return bin_to_value(raw[0], raw[1:])


def background_udf(node: "Node", msg: Message) -> Callable[[Namespace, Message, bytes], None]:
    """What a background UDF query runs per matching record (raises ServerError when it cannot run)."""
    fields = msg.fields
    store = node.cluster.store
    package = fields.get(P.FIELD_UDF_PACKAGE_NAME, b"").decode("utf-8", "replace")
    function = fields.get(P.FIELD_UDF_FUNCTION, b"").decode("utf-8", "replace")
    raw_args = fields.get(P.FIELD_UDF_ARGLIST)
    args = unpack(raw_args) if raw_args else []
    if not isinstance(args, list):
        raise P.ServerError(P.ERR_PARAMETER)
    with store.lock:
        module = _module(store, package)
    if isinstance(module, str):
        raise P.ServerError(P.ERR_UDF, module)
    sub = Message(0, P.INFO2_WRITE, 0, 0, 0, msg.record_ttl, 0, {}, [])
    loaded: LuaModule = module

    def run(ns: Namespace, _msg: Message, digest: bytes) -> None:
        with store.lock, loaded.lock:
            if ns.get(digest) is not None:  # a background UDF never creates records
                run_udf(ns, loaded, function, args, sub, digest)

    return run


def udf_record_result(node: "Node", msg: Message) -> bytes:
    """Framed response to a single-record UDF call."""
    return encode_result(udf_result(node, msg, msg.fields.get(P.FIELD_DIGEST)))
