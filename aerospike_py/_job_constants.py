"""Constants beyond the contract's: background job status and modules, UDF languages.

Kept apart from ``_constants`` (exactly the contract's set) and free of the
compiled binding, so ``import aerospike_py`` stays cheap.
"""

from __future__ import annotations

from typing import Final

# job_info()["status"] (the C client's as_job_status).
JOB_STATUS_UNDEF: Final = 0
JOB_STATUS_INPROGRESS: Final = 1
JOB_STATUS_COMPLETED: Final = 2

# job_info() modules.
JOB_QUERY: Final = "query"
JOB_SCAN: Final = "scan"

# udf_put() / udf_get() languages.
UDF_TYPE_LUA: Final = 0

__all__ = ["JOB_STATUS_UNDEF", "JOB_STATUS_INPROGRESS", "JOB_STATUS_COMPLETED", "JOB_QUERY", "JOB_SCAN",
           "UDF_TYPE_LUA"]
