#!/usr/bin/env bash
# Set up everything (ci/setup.sh) and run the whole test suite.
# Runs against the embedded test server, or a real cluster when
# AEROSPIKE_HOSTS=host:port is set.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
bash ci/setup.sh
PYTHON="${PYTHON:-python3}"
"$PYTHON" tools/gen_status_table.py --check
"$PYTHON" -m mypy
exec "$PYTHON" -m pytest -q -p no:cacheprovider tests "$@"
