"""The one module that loads the compiled cffi extension.

Everything else imports ``ffi`` and ``lib`` from here, so a missing or stale
build fails once, at import, with a message that says how to fix it.
"""

from __future__ import annotations

try:
    from aerospike_py._aerospike import ffi, lib
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError(
        "aerospike_py's compiled module is missing; build it with `pip install .` "
        "(libaerospike must be installed, see ci/setup.sh)"
    ) from exc

EXPECTED_ABI = 3

if lib.ASPY_ABI_VERSION != EXPECTED_ABI:  # pragma: no cover - stale build
    raise ImportError(
        f"aerospike_py._aerospike was built for ABI {lib.ASPY_ABI_VERSION}, "
        f"this package needs {EXPECTED_ABI}: rebuild with `pip install .`"
    )

__all__ = ["ffi", "lib"]
