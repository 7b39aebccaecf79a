"""CDT (list/map) operations."""

from __future__ import annotations

from . import _proto as P
from ._proto import Op, ServerError


def run_cdt_op(ctx, op: Op):
    raise ServerError(P.ERR_PARAMETER, "cdt op not supported")
