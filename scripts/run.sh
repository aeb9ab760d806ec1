#!/usr/bin/env bash
# scripts/run.sh - builds the wallboard and runs the main job: the display fed by its built-in
# simulator (wallboard --demo). On a fresh Debian 12 machine (root or sudo) it first installs
# the Debian packages that are missing and says which.
#
# Where it draws: in a window when a desktop is there (DISPLAY or WAYLAND_DISPLAY), full-screen
# on the console through KMSDRM when a DRM device is there and no desktop, and otherwise
# headless, printing the stats as JSON lines. Extra arguments go to wallboard, for example:
#
#   scripts/run.sh --scenario surge --speed 10
#   scripts/run.sh --window 1280x720 --lang fi
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$SRC/build"

# shellcheck source=scripts/deps.sh
source "$SRC/scripts/deps.sh"
wb_install_deps "${WB_DEPS_RUN[@]}"

# The same configuration as scripts/test.sh, so both share build/.
cmake -S "$SRC" -B "$BUILD" -DWB_WERROR=ON -DWB_SANITIZE=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" --target wallboard

mode=()
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    echo "run.sh: desktop found: wallboard in a window (F: full screen, Space: next page, Q: quit)"
elif compgen -G '/dev/dri/card*' >/dev/null; then
    echo "run.sh: no desktop, DRM device found: wallboard full-screen on the console (KMSDRM)"
    export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-kmsdrm}
    mode=(--fullscreen)
else
    echo "run.sh: no desktop and no DRM device: running headless, stats as JSON lines on stdout"
    mode=(--headless --stats-json -)
fi
echo "run.sh: $BUILD/src/apps/wallboard --demo ${mode[*]} $*"
exec "$BUILD/src/apps/wallboard" --demo "${mode[@]}" "$@"
