#!/usr/bin/env bash
# scripts/cross-arm64.sh - builds the whole wallboard for aarch64 (64-bit Raspberry Pi OS,
# Debian arm64) with Debian's cross compiler and multiarch arm64 libraries, then runs the unit
# tests under qemu-user.
#
#   scripts/cross-arm64.sh            build and test if the tools are there, else say SKIPPED
#   scripts/cross-arm64.sh --install  first install what is missing (root or sudo, Debian 12)
#
# Options: --build-dir DIR (default: build-arm64 in the source tree), --jobs N,
# --labels REGEX (ctest labels run under qemu, default core|config|sim|transport|view),
# --no-tests (build only); arguments after -- go to cmake (e.g. -- -DWB_BUILD_VIEW=OFF).
#
# libnanomsg-dev and libnanomsg5 are not "Multi-Arch: same" in Debian 12, so their arm64
# versions cannot be installed next to the amd64 ones the native build needs. This script
# downloads the two arm64 .debs with `apt-get download` (no root needed, nothing installed)
# and unpacks them under BUILD_DIR/sysroot, where the toolchain file's pkg-config finds them.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$SRC/build-arm64"
JOBS=$(nproc 2>/dev/null || echo 2)
LABELS='core|config|sim|transport|view'
INSTALL=0
RUN_TESTS=1
CMAKE_ARGS=()

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while (($#)); do
    case "$1" in
    --install) INSTALL=1 ;;
    --build-dir)
        BUILD=$2
        shift
        ;;
    --jobs)
        JOBS=$2
        shift
        ;;
    --labels)
        LABELS=$2
        shift
        ;;
    --no-tests) RUN_TESTS=0 ;;
    --)
        shift
        CMAKE_ARGS=("$@")
        break
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "cross-arm64: unknown option: $1" >&2
        usage >&2
        exit 2
        ;;
    esac
    shift
done
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)

# Multiarch packages (co-installable with their amd64 twins) and the host tools.
# libjsmn-dev is one header (architecture "all"): the host's copy serves the arm64 build too.
CROSS_TOOLS=(crossbuild-essential-arm64 qemu-user cmake pkg-config libjsmn-dev)
CROSS_LIBS=(libsdl2-dev libsdl2-ttf-dev libuv1-dev libcjson-dev libinih-dev libcmocka-dev
    libsystemd-dev libpng-dev)
# pkg-config modules the build needs, checked against the arm64 .pc directories only.
PC_MODULES=(sdl2 SDL2_ttf libuv libcjson inih cmocka)
NN_PKGS=(libnanomsg5:arm64 libnanomsg-dev:arm64)
SYSROOT="$BUILD/sysroot"
NN_PC_DIR="$SYSROOT/usr/lib/aarch64-linux-gnu/pkgconfig"
ARM_PC_DIRS="/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig"

skip() {
    echo "SKIPPED: $*"
    echo "         (run scripts/cross-arm64.sh --install, as root or with sudo, to install the tools)"
    exit 0
}

qemu_bin() {
    command -v qemu-aarch64-static || command -v qemu-aarch64 || true
}

# Prints what is missing, one item a line; prints nothing when the cross build can run.
missing_tools() {
    command -v aarch64-linux-gnu-gcc >/dev/null || echo "aarch64-linux-gnu-gcc (crossbuild-essential-arm64)"
    command -v cmake >/dev/null || echo "cmake"
    command -v pkg-config >/dev/null || echo "pkg-config"
    if ((RUN_TESTS)) && [[ -z "$(qemu_bin)" ]]; then
        echo "qemu-aarch64 (qemu-user)"
    fi
    local m
    for m in "${PC_MODULES[@]}"; do
        if ! PKG_CONFIG_LIBDIR="$ARM_PC_DIRS" PKG_CONFIG_PATH='' pkg-config --exists "$m" 2>/dev/null; then
            echo "arm64 pkg-config module $m (the -dev:arm64 package)"
        fi
    done
}

# As root, or through sudo as scripts/deps.sh does: the README's test command is run by
# either.
do_install() {
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "cross-arm64: --install needs root or sudo (it runs dpkg --add-architecture and apt-get)" >&2
            exit 1
        fi
    fi
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "cross-arm64: adding the arm64 architecture to dpkg"
        "${sudo[@]}" dpkg --add-architecture arm64
    fi
    local want=("${CROSS_TOOLS[@]}") p
    for p in "${CROSS_LIBS[@]}"; do
        want+=("$p:arm64")
    done
    echo "cross-arm64: apt-get update; installing: ${want[*]}"
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}"
}

# Unpacks arm64 nanomsg under $SYSROOT unless pkg-config already finds an arm64 nanomsg.
ensure_nanomsg() {
    if PKG_CONFIG_LIBDIR="$ARM_PC_DIRS" PKG_CONFIG_PATH='' pkg-config --exists nanomsg 2>/dev/null; then
        return 0
    fi
    if [[ -f "$NN_PC_DIR/nanomsg.pc" ]]; then
        return 0
    fi
    echo "cross-arm64: fetching arm64 nanomsg into $SYSROOT (apt-get download, nothing installed)"
    local dl="$BUILD/debs"
    mkdir -p "$dl"
    # apt's sandbox user cannot write into a root-owned build tree; that only costs a warning.
    if ! (cd "$dl" && apt-get download -q "${NN_PKGS[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed'); then
        true
    fi
    local deb found=0
    for deb in "$dl"/libnanomsg*_arm64.deb; do
        [[ -f "$deb" ]] || continue
        dpkg-deb -x "$deb" "$SYSROOT"
        found=1
    done
    if ((!found)) || [[ ! -f "$NN_PC_DIR/nanomsg.pc" ]]; then
        return 1
    fi
    # The .pc file says prefix=/usr; point it at the unpacked copy instead.
    sed -i "s|^prefix=.*|prefix=$SYSROOT/usr|" "$NN_PC_DIR/nanomsg.pc"
}

if ((INSTALL)); then
    mapfile -t MISSING < <(missing_tools)
    if ((${#MISSING[@]})); then
        do_install
    else
        echo "cross-arm64: --install: the cross tools are already installed"
    fi
fi

mapfile -t MISSING < <(missing_tools)
if ((${#MISSING[@]})); then
    if ((INSTALL)); then
        echo "cross-arm64: ERROR: still missing after --install: ${MISSING[*]}" >&2
        exit 1
    fi
    skip "missing $(printf '%s; ' "${MISSING[@]}" | sed 's/; $//')"
fi
if ! ensure_nanomsg; then
    if ((INSTALL)); then
        echo "cross-arm64: ERROR: could not fetch libnanomsg-dev:arm64" >&2
        exit 1
    fi
    skip "arm64 nanomsg not available (apt-get download libnanomsg-dev:arm64 failed; is arm64 added with dpkg --add-architecture?)"
fi

QEMU=$(qemu_bin)
echo "cross-arm64: source $SRC"
echo "cross-arm64: build  $BUILD ($JOBS jobs)"
echo "cross-arm64: $(aarch64-linux-gnu-gcc --version | head -n1)"
[[ -n "$QEMU" ]] && echo "cross-arm64: $("$QEMU" --version | head -n1)"

t0=$(date +%s)
cmake -S "$SRC" -B "$BUILD" \
    -DCMAKE_TOOLCHAIN_FILE="$SRC/cmake/toolchain-aarch64.cmake" \
    -DWB_CROSS_EXTRA_PKGCONFIG="$NN_PC_DIR" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWB_SANITIZE=OFF -DWB_FUZZ=OFF "${CMAKE_ARGS[@]}" >"$BUILD/configure.log" 2>&1 || {
    cat "$BUILD/configure.log"
    echo "cross-arm64: FAILED: cmake configure (log above)" >&2
    exit 1
}
if ! cmake --build "$BUILD" -j "$JOBS"; then
    echo "cross-arm64: FAILED: the aarch64 build" >&2
    exit 1
fi
t1=$(date +%s)

# Prove that what was built is ARM code, not a host binary from a confused toolchain.
app="$BUILD/src/apps/wallboard"
machine=$(readelf -h "$app" 2>/dev/null | sed -n 's/^ *Machine: *//p')
if [[ "$machine" != "AArch64" ]]; then
    echo "cross-arm64: FAILED: $app is not an AArch64 executable (readelf says: ${machine:-nothing})" >&2
    exit 1
fi
echo "cross-arm64: built in $((t1 - t0)) s; $app is $machine"

if ((!RUN_TESTS)); then
    echo "cross-arm64: tests not run (--no-tests)"
    exit 0
fi

# ctest runs every test executable through CMAKE_CROSSCOMPILING_EMULATOR (qemu-aarch64, set
# by the toolchain file). The shell tests (label apps) start binaries directly, which needs
# binfmt_misc, so only the unit-test labels run here.
log="$BUILD/ctest-qemu.log"
set +e
# transport_test_faults starts the real programs as child processes, which the emulator only
# wraps for ctest's own command: it runs in the native test stages instead.
ctest --test-dir "$BUILD" -L "$LABELS" -E 'transport_test_faults' --output-on-failure \
    --timeout 600 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
t2=$(date +%s)
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log" | tail -n1 || true)
if grep -q 'No tests were found' "$log"; then
    echo "cross-arm64: FAILED: no unit tests matched labels '$LABELS'" >&2
    exit 1
fi
echo "cross-arm64: under qemu ($QEMU): ${summary:-no ctest summary} in $((t2 - t1)) s"
if ((rc != 0)); then
    echo "cross-arm64: FAILED: unit tests under qemu" >&2
    exit 1
fi
echo "cross-arm64: OK: build $((t1 - t0)) s, tests $((t2 - t1)) s"
