#!/usr/bin/env bash
# Set up everything (ci/setup.sh) and run the demo against the embedded
# server, or against AEROSPIKE_HOSTS=host:port when set.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
bash ci/setup.sh
exec "${PYTHON:-python3}" -m aerospike_py.demo
