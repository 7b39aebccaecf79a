"""Expression filters and expression operations."""

from __future__ import annotations

from . import _proto as P
from ._proto import Op, ServerError


def eval_filter(exp: bytes, ns, rec, digest: bytes) -> bool:
    raise ServerError(P.ERR_PARAMETER, "expressions not supported")


def run_exp_op(ctx, op: Op):
    raise ServerError(P.ERR_PARAMETER, "expressions not supported")
