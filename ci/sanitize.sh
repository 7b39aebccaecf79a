#!/usr/bin/env bash
# Build the compiled module with AddressSanitizer + UndefinedBehaviorSanitizer in a
# scratch copy of the tree and run the test suite against it (the normal build is
# left alone).  Leak checking stays off: the interpreter itself keeps memory until
# exit; use-after-free, overflows and undefined behaviour in our C are what it finds.
#   bash ci/sanitize.sh [pytest args...]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
bash "$HERE/ci/setup.sh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$HERE" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$WORK"
(cd "$WORK" && ASPY_SANITIZE=1 "$PYTHON" build_ffi.py >/dev/null)
ASAN_LIB="$(gcc -print-file-name=libasan.so)"
UBSAN_LIB="$(gcc -print-file-name=libubsan.so)"
cd "$WORK"
LD_PRELOAD="$ASAN_LIB $UBSAN_LIB" \
ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:allocator_may_return_null=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
PYTHONPATH="$WORK" \
    "$PYTHON" -m pytest -q -p no:cacheprovider --capture=sys -W ignore::DeprecationWarning tests "$@"
