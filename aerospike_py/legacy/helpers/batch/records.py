"""``Read``, ``Write``, ``Apply``, ``Remove`` and ``BatchRecords``: what ``batch_write`` takes and fills in."""

from __future__ import annotations

from typing import Any, Optional


class BatchRecord:
    """One key of a batch and, once run, its ``result``, ``record`` and ``in_doubt``."""

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key
        self.record: Any = None
        self.result = 0
        self.message: Optional[str] = None
        self.subcode = 0
        self.in_doubt = False


class Write(BatchRecord):
    """Operations (writes and reads) on one record."""

    def __init__(self, key: tuple[Any, ...], ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                 policy: Optional[dict[str, Any]] = None) -> None:
        super().__init__(key)
        self.ops = ops
        self.meta = meta
        self.policy = policy


class Read(BatchRecord):
    """Read operations on one record, or all its bins (``read_all_bins=True``, ``ops=None``)."""

    def __init__(self, key: tuple[Any, ...], ops: Optional[list[dict[str, Any]]], read_all_bins: bool = False,
                 meta: Optional[dict[str, Any]] = None, policy: Optional[dict[str, Any]] = None) -> None:
        super().__init__(key)
        self.ops = ops
        self.read_all_bins = read_all_bins
        self.meta = meta
        self.policy = policy


class Apply(BatchRecord):
    """A record UDF call on one record."""

    def __init__(self, key: tuple[Any, ...], module: str, function: str, args: list[Any],
                 policy: Optional[dict[str, Any]] = None) -> None:
        super().__init__(key)
        self.module = module
        self.function = function
        self.args = args
        self.policy = policy


class Remove(BatchRecord):
    """The removal of one record."""

    def __init__(self, key: tuple[Any, ...], policy: Optional[dict[str, Any]] = None) -> None:
        super().__init__(key)
        self.policy = policy


class BatchRecords:
    """The records of one ``batch_write``; ``result`` is the batch's own status."""

    def __init__(self, batch_records: Optional[list[BatchRecord]] = None) -> None:
        self.batch_records: list[BatchRecord] = list(batch_records) if batch_records is not None else []
        self.result = 0


# Parameter type aliases of the official module (for annotations in application code).
TypeBatchPolicyApply = Optional[dict[str, Any]]
TypeBatchPolicyRead = Optional[dict[str, Any]]
TypeBatchPolicyRemove = Optional[dict[str, Any]]
TypeBatchPolicyWrite = Optional[dict[str, Any]]
TypeBatchRecordList = list[BatchRecord]
TypeOps = list[dict[str, Any]]
TypeRecord = Optional[tuple[Any, ...]]
TypeUDFArgs = list[Any]
