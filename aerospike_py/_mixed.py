"""Command-layer variants the official-client facade needs: ungrouped results and mixed batches.

Both reuse the pieces of :mod:`aerospike_py._command` and :mod:`aerospike_py._udf`
(operation encoding, per-record metadata, the batch request), so nothing here
talks to C except through them:

- ``prepare_operate_pairs``: ``operate`` with one ``(bin, result)`` pair per
  operation that returned one, never grouped per bin;
- ``prepare_batch_operate_pairs``: ``batch_operate`` without grouping (a bin's
  last result is kept, as in the C client's record);
- ``prepare_batch_records``: one batch of reads, operations, removes and UDF
  calls, described as tuples ``("read", key, bins)``, ``("operate", key, ops,
  meta)``, ``("remove", key, meta)``, ``("apply", key, module, function, args, meta)``.
"""

from __future__ import annotations

from typing import Any

from aerospike_py import _command as cmd
from aerospike_py import _udf as udf
from aerospike_py._binding import lib
from aerospike_py._convert import invalid, wire_key


def prepare_operate_pairs(as_: Any, req: Any, key: Any, ops: Any, meta: Any, policy: Any) -> cmd.Prepared:
    encoded = cmd._encode_operations(ops)
    cmd._begin_operate(as_, req, key, encoded, meta, policy)
    req.flags |= lib.ASPY_FLAG_ORDERED
    return cmd._finish_ordered, key


def prepare_batch_operate_pairs(as_: Any, req: Any, keys: Any, ops: Any, policy: Any) -> cmd.Prepared:
    keys = cmd._key_list(keys)
    encoded = cmd._encode_operations(ops)
    if not encoded:
        raise invalid("batch_operate needs at least one operation")
    transport, defaults = cmd._split_policy(policy, cmd._RECORD_WRITE_FIELDS)
    meta = cmd._write_meta(defaults, None, "batch policy")
    cmd._begin_batch(as_, req, [(cmd._B_OPERATE, wire_key(key), encoded, meta) for key in keys], transport)
    return cmd._finish_batch_write, keys


def prepare_batch_records(as_: Any, req: Any, items: Any, policy: Any) -> cmd.Prepared:
    """One batch of mixed entries; the result lists every key's outcome in order."""
    items = cmd._key_list(items, "batch records")
    transport, defaults = cmd._split_policy(policy, cmd._RECORD_WRITE_FIELDS)
    remove_defaults = {k: v for k, v in defaults.items() if k in cmd._RECORD_REMOVE_FIELDS}
    keys, entries = [], []
    for index, item in enumerate(items):
        where = f"batch record {index}"
        kind, key = item[0], item[1]
        if kind == "read":
            bins = item[2]
            entry: tuple[Any, ...] = (cmd._B_READ, wire_key(key),
                                      None if bins is None else [cmd._bin_arg(b) for b in bins])
        elif kind == "operate":
            encoded = cmd._encode_operations(item[2])
            if not encoded:
                raise invalid(f"{where}: needs at least one operation")
            entry = (cmd._B_OPERATE, wire_key(key), encoded, cmd._write_meta(defaults, item[3], where))
        elif kind == "remove":
            entry = (cmd._B_REMOVE, wire_key(key), cmd._remove_meta(remove_defaults, item[2], where))
        elif kind == "apply":
            entry = (udf._B_APPLY, key, udf._name(item[2], f"{where}: module"),
                     udf._name(item[3], f"{where}: function"), udf._args(item[4], where),
                     udf._udf_meta({}, item[5], where))
        else:
            raise invalid(f"{where}: unknown kind {kind!r}")
        keys.append(key)
        entries.append(entry)
    cmd._begin_batch(as_, req, entries, transport)
    return cmd._finish_batch_write, keys
