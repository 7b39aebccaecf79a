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
# The documentation site: a broken link, page or API reference fails the run.
SITE_DIR="$(mktemp -d)"
NO_MKDOCS_2_WARNING=1 "$PYTHON" -m mkdocs build --strict --quiet --site-dir "$SITE_DIR"
rm -rf "$SITE_DIR"
exec "$PYTHON" -m pytest -q -p no:cacheprovider tests "$@"
