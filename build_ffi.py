"""cffi builder for aerospike_py._aerospike (API mode, out-of-line).

The declarations live in include/cdef/, one file per C header, read in name
order because later files use types from earlier ones.  The project's own C
(include/aspy_*.c) is compiled into the same module.  libaerospike is found
under $AEROSPIKE_C_PREFIX (default /usr/local); ci/setup.sh installs it there.
"""

from __future__ import annotations

import os
import pathlib

from cffi import FFI

HERE = pathlib.Path(__file__).resolve().parent
INCLUDE = HERE / "include"
PREFIX = pathlib.Path(os.environ.get("AEROSPIKE_C_PREFIX", "/usr/local"))


def _cdefs() -> str:
    return "\n".join(p.read_text() for p in sorted((INCLUDE / "cdef").glob("*.h")))


def _check_prefix() -> None:
    header = PREFIX / "include" / "aerospike" / "aerospike.h"
    if not header.exists():
        raise SystemExit(
            f"libaerospike headers not found at {header}; run ci/setup.sh or set AEROSPIKE_C_PREFIX"
        )


# ASPY_SANITIZE=1 (ci/sanitize.sh): AddressSanitizer and UndefinedBehaviorSanitizer in our C.
SANITIZE = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-g"] if os.environ.get("ASPY_SANITIZE") else []

ffibuilder = FFI()
ffibuilder.cdef(_cdefs())
_check_prefix()
ffibuilder.set_source(
    "aerospike_py._aerospike",
    '#include "aspy.h"\n',
    sources=[str(p.relative_to(HERE)) for p in sorted(INCLUDE.glob("aspy_*.c"))],
    include_dirs=[str(INCLUDE), str(PREFIX / "include")],
    library_dirs=[str(PREFIX / "lib")],
    runtime_library_dirs=[str(PREFIX / "lib")],
    libraries=["aerospike", "ssl", "crypto", "z", "yaml", "uv", "pthread", "m", "rt", "dl"],
    extra_compile_args=["-O2", "-std=gnu99", "-Wno-unused-parameter", *SANITIZE],
    extra_link_args=SANITIZE,
)

if __name__ == "__main__":
    os.chdir(HERE)
    ffibuilder.compile(tmpdir=".", verbose=False)
