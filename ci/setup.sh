#!/usr/bin/env bash
# Prepare a Debian machine for building and testing aerospike_py:
#   1. Debian packages the C client and the cffi build need;
#   2. libaerospike 7.6.1 under $AEROSPIKE_C_PREFIX (default /usr/local), built from the
#      source tree bundled in the aerospike==19.3.0 sdist unless it is already there;
#   3. the package itself (editable) with its test and docs extras;
#   4. aerospike-py 0.14.4, the API contract the differential tests compare against, in a
#      private directory ($AEROSPIKE_PY_CONTRACT_DIR, default $CACHE_DIR/contract): its
#      package is also named aerospike_py, so it must never land in site-packages.
# Idempotent: a second run only checks what is already in place.
set -euo pipefail

PREFIX="${AEROSPIKE_C_PREFIX:-/usr/local}"
EVENT_LIB="${AEROSPIKE_EVENT_LIB:-libuv}"
C_CLIENT_VERSION="7.6.1"
SDIST_VERSION="19.3.0"
CACHE_DIR="${AEROSPIKE_PY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aerospike_py}"
STAMP="$PREFIX/share/aerospike_py/libaerospike.stamp"
CONTRACT_VERSION="0.14.4"
CONTRACT_DIR="${AEROSPIKE_PY_CONTRACT_DIR:-$CACHE_DIR/contract}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
    local wanted=(build-essential libssl-dev zlib1g-dev libyaml-dev libuv1-dev libev-dev valgrind)
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

c_client_present() {
    [ -f "$PREFIX/include/aerospike/aerospike.h" ] || return 1
    [ -f "$PREFIX/lib/libaerospike.so" ] || [ -f "$PREFIX/lib/libaerospike.a" ] || return 1
    # A library we built ourselves must match the wanted version and event library; a
    # library installed by other means (no stamp) is taken as it is.
    if [ -f "$STAMP" ]; then
        [ "$(cat "$STAMP")" = "$C_CLIENT_VERSION $EVENT_LIB" ] || return 1
    fi
    return 0
}

build_c_client() {
    mkdir -p "$CACHE_DIR"
    local tarball="$CACHE_DIR/aerospike-$SDIST_VERSION.tar.gz"
    if [ ! -f "$tarball" ]; then
        log "downloading aerospike==$SDIST_VERSION sdist (bundles C client $C_CLIENT_VERSION)"
        "$PYTHON" -m pip download -q --no-binary :all: --no-deps "aerospike==$SDIST_VERSION" -d "$CACHE_DIR"
    fi
    local src="$CACHE_DIR/aerospike-$SDIST_VERSION"
    if [ ! -d "$src/aerospike-client-c" ]; then
        tar -xzf "$tarball" -C "$CACHE_DIR"
    fi
    local cdir="$src/aerospike-client-c"
    local target
    target="$cdir/target/$(uname -s)-$(uname -m)"
    if [ ! -f "$target/lib/libaerospike.so" ]; then
        log "building C client with EVENT_LIB=$EVENT_LIB (about a minute)"
        make -C "$cdir" -j"$(nproc)" EVENT_LIB="$EVENT_LIB" >"$CACHE_DIR/build.log" 2>&1 || {
            tail -40 "$CACHE_DIR/build.log" >&2
            exit 1
        }
    fi
    log "installing libaerospike into $PREFIX"
    as_root mkdir -p "$PREFIX/include" "$PREFIX/lib" "$(dirname "$STAMP")"
    as_root cp -r "$target/include/." "$PREFIX/include/"
    as_root cp "$target/lib/libaerospike.so" "$target/lib/libaerospike.a" "$PREFIX/lib/"
    echo "$C_CLIENT_VERSION $EVENT_LIB" | as_root tee "$STAMP" >/dev/null
    as_root ldconfig 2>/dev/null || true
}

install_python_package() {
    if [ "${ASPY_SKIP_PIP:-0}" = 1 ]; then return; fi
    log "installing aerospike_py (editable) with test and docs extras"
    AEROSPIKE_C_PREFIX="$PREFIX" "$PYTHON" -m pip install -q --disable-pip-version-check -e "$HERE[test,docs]"
}

install_contract_client() {
    if [ -d "$CONTRACT_DIR/aerospike_py-$CONTRACT_VERSION.dist-info" ]; then
        return
    fi
    log "installing aerospike-py==$CONTRACT_VERSION into $CONTRACT_DIR (differential tests)"
    mkdir -p "$CONTRACT_DIR"
    "$PYTHON" -m pip install -q --disable-pip-version-check --no-deps --target "$CONTRACT_DIR" \
        "aerospike-py==$CONTRACT_VERSION"
}

install_debian_packages
if c_client_present; then
    log "libaerospike found under $PREFIX"
else
    build_c_client
fi
install_python_package
install_contract_client
log "ready"
