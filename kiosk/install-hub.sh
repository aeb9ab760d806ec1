#!/usr/bin/env bash
# kiosk/install-hub.sh - installs wallboard-hub on the hub machine of a floor or a site
# (Debian 12) and starts it. Run as root, as `kiosk/install.sh --hub [options]` or directly.
# Safe to run again: an existing /etc/default/wallboard-hub is never overwritten.
#
# Usage: kiosk/install-hub.sh [options] [path/to/wallboard_VERSION_ARCH.deb]
#
#   (no .deb)          use the installed package, else build it from this source tree
#   --connect URL      a publisher to subscribe to (repeatable; default tcp://127.0.0.1:5555)
#   --listen URL       an address where publishers connect (repeatable)
#   --bind URL         where screens connect (default tcp://0.0.0.0:5560; snapshot requests
#                      on the next port, 5561)
#   --no-start         enable the service but do not (re)start it now
#   --dry-run          print every step it would take and change nothing
#   -h, --help         this text
#
# What it does: installs the package (apt-get) if a .deb is given, writes
# /etc/default/wallboard-hub (WB_HUB_OPTS) if missing, and enables and restarts
# wallboard-hub.service. The journal lives in /var/lib/wallboard-hub (StateDirectory).
#
# Testing aid: WB_INSTALL_ROOT=DIR makes every file it writes live under DIR, and only prints
# the system commands (apt-get, systemctl) instead of running them.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=${WB_INSTALL_ROOT:-}
DRY=0
DEB=""
START=1
UNIT="wallboard-hub.service"
OPTS_FILE="/etc/default/wallboard-hub"
CONNECT=()
LISTEN=()
BIND="tcp://0.0.0.0:5560"

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}
say() { printf 'install-hub: %s\n' "$*"; }
die() {
    printf 'install-hub: ERROR: %s\n' "$*" >&2
    exit 1
}

while (($#)); do
    case "$1" in
    --connect | --listen | --bind)
        [[ $# -ge 2 ]] || {
            echo "install-hub: $1 needs a URL" >&2
            exit 2
        }
        [[ "$2" =~ ^(tcp|ipc|ws)://[^[:space:]]+$ ]] || {
            echo "install-hub: $1 '$2' is not a nanomsg URL (tcp://ADDRESS:PORT, ipc:///PATH or ws://ADDRESS:PORT)" >&2
            exit 2
        }
        case "$1" in
        --connect) CONNECT+=("$2") ;;
        --listen) LISTEN+=("$2") ;;
        --bind) BIND=$2 ;;
        esac
        shift
        ;;
    --hub) ;; # passed on by install.sh --hub
    --dry-run) DRY=1 ;;
    --no-start) START=0 ;;
    -h | --help)
        usage
        exit 0
        ;;
    -*)
        echo "install-hub: unknown option: $1 (see --help)" >&2
        exit 2
        ;;
    *.deb) DEB=$1 ;;
    *)
        echo "install-hub: unexpected argument: $1 (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done
((${#CONNECT[@]} + ${#LISTEN[@]})) || CONNECT=(tcp://127.0.0.1:5555)

CMD_DRY=$DRY
[[ -n "$ROOT" ]] && CMD_DRY=1
run() {
    if ((CMD_DRY)); then
        printf 'install-hub: would run: %s\n' "$*"
    else
        printf 'install-hub: running: %s\n' "$*"
        "$@"
    fi
}
[[ -z "$DEB" || -f "$DEB" ]] || die "no such package file: $DEB"
if ((!CMD_DRY)) && ((EUID != 0)); then
    die "run me as root (sudo $0 ...), or with --dry-run to see what I would do"
fi
((DRY)) && say "dry run: nothing will be changed"

# --- 1. The program
if [[ -n "$DEB" ]]; then
    run apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")"
elif [[ -x /usr/bin/wallboard-hub && -f "/lib/systemd/system/$UNIT" ]]; then
    say "using the installed wallboard-hub"
elif [[ -f "$SRC/CMakeLists.txt" && -f "$SRC/kiosk/$UNIT" ]]; then
    # From a source tree, as the kiosk and the Asterisk installers do: the package carries the
    # program, the unit and the configuration's example (which its postinst installs).
    build="$SRC/build-hub-install"
    say "building the package from the source tree $SRC"
    run cmake -S "$SRC" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DWB_BUILD_TESTS=OFF -DWB_BUILD_BENCH=OFF -DWB_WERROR=OFF
    run cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
    run cpack --config "$build/CPackConfig.cmake" -G DEB -B "$build/pkg"
    if ((CMD_DRY)); then
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$build/pkg/wallboard_VERSION_ARCH.deb"
    else
        deb=$(find "$build/pkg" -maxdepth 1 -name 'wallboard_*.deb' | sort | tail -n1)
        [[ -n "$deb" ]] || die "cpack made no .deb in $build/pkg"
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
    fi
else
    die "wallboard-hub is not installed: give the .deb, or run me from the source tree"
fi

# --- 2. Options
opts_line="WB_HUB_OPTS=\""
for u in "${CONNECT[@]}"; do opts_line+="--connect $u "; done
for u in "${LISTEN[@]}"; do opts_line+="--listen $u "; done
opts_line+="--bind $BIND\""
opts="$ROOT$OPTS_FILE"
if [[ -f "$opts" ]]; then
    say "kept the existing $opts (never overwritten)"
elif ((DRY)); then
    say "would write $opts: $opts_line"
else
    install -d -m 0755 "$(dirname "$opts")"
    printf '# Options of wallboard-hub (see wallboard-hub --help and docs/deploy.md).\n%s\n' \
        "$opts_line" >"$opts.wb-new"
    mv "$opts.wb-new" "$opts"
    say "wrote $opts: $opts_line"
fi

# --- 3. The service
run systemctl daemon-reload
run systemctl enable "$UNIT"
((START)) && run systemctl restart "$UNIT"
((DRY)) && say "dry run finished: nothing was changed"
if ((!DRY)) && [[ -z "$ROOT" ]]; then
    say "status: systemctl status $UNIT; logs: journalctl -u $UNIT -f"
fi
exit 0
