"""UDF module registry and UDF command answers.

Modules can be registered, listed, fetched and removed like on a real server.
Lua is not executed: every UDF call fails with result code 100 (UDF) and a
``FAILURE`` bin, which is what a real server answers when the module or
function cannot be run.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import TYPE_CHECKING

from . import _proto as P
from ._proto import Message
from ._record import Result, encode_result

if TYPE_CHECKING:
    from ._server import Node


def udf_info(node: "Node", action: str, params: dict[str, str]) -> str:
    """Answer udf-put / udf-get / udf-remove / udf-list."""
    store = node.cluster.store
    with store.lock:
        if action == "list":
            return "".join(
                f"filename={name},hash={hashlib.sha1(content).hexdigest()},type={utype};"
                for name, (utype, content) in sorted(store.udfs.items()))
        name = params.get("filename", "")
        if not name:
            return "error=invalid_filename"
        if action == "put":
            try:
                content = base64.b64decode(params.get("content", ""), validate=True)
            except (binascii.Error, ValueError):
                return "error=invalid_base64_content"
            store.udfs[name] = (params.get("udf-type", "LUA"), content)
            return ""
        if action == "get":
            item = store.udfs.get(name)
            if item is None:
                return "error=not_found"
            utype, content = item
            return f"gen={hashlib.sha1(content).hexdigest()};type={utype};content=" \
                   f"{base64.b64encode(content).decode()};"
        if action == "remove":
            if store.udfs.pop(name, None) is None:
                return "error=file_not_found"
            return "ok"
    return "error=unknown_command"


def udf_result(node: "Node", msg: Message, digest: bytes | None) -> Result:
    """Result of a UDF call on one record (single or batch)."""
    fields = msg.fields
    ns = fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace")
    if ns not in node.cluster.store.namespaces:
        return Result(P.ERR_NAMESPACE)
    package = fields.get(P.FIELD_UDF_PACKAGE_NAME, b"").decode("utf-8", "replace")
    func = fields.get(P.FIELD_UDF_FUNCTION, b"").decode("utf-8", "replace")
    with node.cluster.store.lock:
        registered = f"{package}.lua" in node.cluster.store.udfs or \
            package in node.cluster.store.udfs
    if not registered:
        text = f"UDF: Execution Error 1 : module not found: {package}"
    else:
        text = f"UDF: Execution Error 2 : function not found: {func}"
    fail = P.pack_op(P.OP_READ, P.PT_STRING, "FAILURE", text.encode())
    return Result(P.ERR_UDF, 0, 0, [fail])


def udf_record_result(node: "Node", msg: Message) -> bytes:
    """Framed response to a single-record UDF call."""
    return encode_result(udf_result(node, msg, msg.fields.get(P.FIELD_DIGEST)))
