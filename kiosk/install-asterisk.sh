#!/usr/bin/env bash
# kiosk/install-asterisk.sh - installs wallboard-asterisk on an Asterisk host (Debian 12) and
# starts it. Run as root, as `kiosk/install.sh --asterisk [options]` or directly. Safe to run
# again: every step checks before it changes anything, and an existing
# /etc/wallboard/wallboard-asterisk.ini or /etc/default/wallboard-asterisk is never
# overwritten.
#
# Usage: kiosk/install-asterisk.sh [options] [path/to/wallboard_VERSION_ARCH.deb]
#
#   (no .deb)          use the installed package, or build one from this source tree
#   --bind URL         where screens connect, written to /etc/default/wallboard-asterisk
#                      the first time (default tcp://0.0.0.0:5555)
#   --queue-log PATH   the queue_log (default /var/log/asterisk/queue_log)
#   --no-start         enable the service but do not (re)start it now
#   --dry-run          print every step it would take and change nothing
#   -h, --help         this text
#
# What it does: installs the package (apt-get), checks that the group asterisk exists (the
# service runs with it to read the log), installs the example configuration if missing,
# writes the options file if missing, and enables and restarts wallboard-asterisk.service.
#
# Testing aid: WB_INSTALL_ROOT=DIR makes every file it writes live under DIR, and only prints
# the system commands (apt-get, systemctl) instead of running them.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=${WB_INSTALL_ROOT:-}
DRY=0
DEB=""
BIND="tcp://0.0.0.0:5555"
QUEUE_LOG="/var/log/asterisk/queue_log"
START=1
UNIT="wallboard-asterisk.service"
CONF="/etc/wallboard/wallboard-asterisk.ini"
OPTS_FILE="/etc/default/wallboard-asterisk"
DONE=()

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while (($#)); do
    case "$1" in
    --bind | --queue-log)
        [[ $# -ge 2 ]] || {
            echo "install-asterisk: $1 needs a value" >&2
            exit 2
        }
        if [[ "$1" == --bind ]]; then BIND=$2; else QUEUE_LOG=$2; fi
        shift
        ;;
    --asterisk) ;; # passed on by install.sh --asterisk
    --dry-run) DRY=1 ;;
    --no-start) START=0 ;;
    -h | --help)
        usage
        exit 0
        ;;
    -*)
        echo "install-asterisk: unknown option: $1 (see --help)" >&2
        exit 2
        ;;
    *.deb) DEB=$1 ;;
    *)
        echo "install-asterisk: unexpected argument: $1 (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

CMD_DRY=$DRY
[[ -n "$ROOT" ]] && CMD_DRY=1

say() { printf 'install-asterisk: %s\n' "$*"; }
warn() { printf 'install-asterisk: WARNING: %s\n' "$*" >&2; }
die() {
    printf 'install-asterisk: ERROR: %s\n' "$*" >&2
    exit 1
}
did() { DONE+=("$*"); }
run() {
    if ((CMD_DRY)); then
        printf 'install-asterisk: would run: %s\n' "$*"
    else
        printf 'install-asterisk: running: %s\n' "$*"
        "$@"
    fi
}

if [[ ! "$BIND" =~ ^(tcp|ipc|ws)://[^[:space:]]+$ ]]; then
    die "--bind '$BIND' is not a nanomsg URL (tcp://ADDRESS:PORT, ipc:///PATH or ws://ADDRESS:PORT)"
fi
[[ "$QUEUE_LOG" == /* && "$QUEUE_LOG" != *[[:space:]]* ]] ||
    die "--queue-log '$QUEUE_LOG' must be an absolute path without spaces"
[[ -z "$DEB" || -f "$DEB" ]] || die "no such package file: $DEB"
if ((!CMD_DRY)) && ((EUID != 0)); then
    die "run me as root (sudo $0 ...), or with --dry-run to see what I would do"
fi
((DRY)) && say "dry run: nothing will be changed"

# --- 1. The program --------------------------------------------------------------------------
if [[ -n "$DEB" ]]; then
    run apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")"
    did "installed $(basename "$DEB")"
elif [[ -x /usr/bin/wallboard-asterisk && -f "/lib/systemd/system/$UNIT" ]]; then
    say "wallboard-asterisk is installed"
elif [[ -f "$SRC/CMakeLists.txt" && -f "$SRC/kiosk/$UNIT" ]]; then
    build="$SRC/build-asterisk-install"
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
    did "built and installed the wallboard package from source"
else
    die "give the .deb to install, or run me from the source tree"
fi

# --- 2. The group that reads the log ---------------------------------------------------------
if getent group asterisk >/dev/null; then
    say "group asterisk exists: the service reads $QUEUE_LOG with it"
else
    warn "no group asterisk on this machine: is Asterisk installed here? The service runs with SupplementaryGroups=asterisk and will not start without that group"
fi

# --- 3. Configuration and options ------------------------------------------------------------
conf="$ROOT$CONF"
example=""
for e in "$ROOT/usr/share/wallboard/wallboard-asterisk.ini" "$SRC/wallboard-asterisk.ini"; do
    if [[ -f "$e" ]]; then
        example=$e
        break
    fi
done
if [[ -f "$conf" ]]; then
    say "kept the existing $conf (never overwritten)"
elif ((DRY)); then
    say "would copy the example ${example:-/usr/share/wallboard/wallboard-asterisk.ini} to $conf"
else
    [[ -n "$example" ]] || die "no example configuration found to copy to $conf"
    install -d -m 0755 "$(dirname "$conf")"
    install -m 0644 "$example" "$conf"
    did "installed $conf from $example"
fi

opts="$ROOT$OPTS_FILE"
if [[ -f "$opts" ]]; then
    say "kept the existing $opts (never overwritten)"
elif ((DRY)); then
    say "would write $opts: --queue-log $QUEUE_LOG --bind $BIND"
else
    install -d -m 0755 "$(dirname "$opts")"
    printf '# Options of wallboard-asterisk (see wallboard-asterisk --help and docs/asterisk.md).\nWB_ASTERISK_OPTS="--queue-log %s --bind %s"\n' \
        "$QUEUE_LOG" "$BIND" >"$opts.wb-new"
    mv "$opts.wb-new" "$opts"
    did "wrote $opts (--queue-log $QUEUE_LOG --bind $BIND)"
fi

# --- 4. The service --------------------------------------------------------------------------
if ((CMD_DRY)) || [[ -d /run/systemd/system ]]; then
    run systemctl daemon-reload
    run systemctl enable "$UNIT"
    if ((START)); then
        run systemctl restart "$UNIT"
        did "enabled and (re)started $UNIT"
    else
        did "enabled $UNIT (not started: --no-start)"
    fi
else
    warn "systemd is not running here: enabling $UNIT for the next boot only"
    run systemctl enable "$UNIT"
    did "enabled $UNIT for the next boot"
fi

if ((DRY)); then
    say "dry run finished: nothing was changed"
elif ((${#DONE[@]} == 0)); then
    say "nothing to do: already installed and configured"
else
    say "done:"
    for d in "${DONE[@]}"; do
        printf '  - %s\n' "$d"
    done
fi
if ((!DRY)) && [[ -z "$ROOT" ]]; then
    say "status: systemctl status $UNIT; logs: journalctl -u $UNIT -f"
fi
