#!/usr/bin/env bash
# kiosk/install.sh - turns a Raspberry Pi OS Lite or Debian 12 machine without a desktop into
# a wallboard kiosk. Run as root. Safe to run again: every step checks before it changes
# anything, and an existing /etc/wallboard/wallboard.ini is never overwritten.
#
# Usage: kiosk/install.sh [options] [path/to/wallboard_VERSION_ARCH.deb]
#
#   (no .deb)          build from this source tree with cmake and install that (or, run
#                      from the installed package, use the installed program)
#   --publisher URL    set the publisher to connect to in /etc/wallboard/wallboard.ini,
#                      for example tcp://10.1.2.3:5555 (nanomsg URL: tcp://, ipc:// or ws://)
#   --no-start         enable the service but do not (re)start it now
#   --dry-run          print every step it would take and change nothing
#   -h, --help         this text
#   --asterisk         on an Asterisk host: install and start the publisher
#                      wallboard-asterisk instead of a kiosk (kiosk/install-asterisk.sh,
#                      which takes the other options; see its --help)
#   --hub              on the hub machine of a floor or a site: install and start
#                      wallboard-hub instead of a kiosk (kiosk/install-hub.sh, which takes
#                      the other options; see its --help)
#
# What it does: installs the program and its runtime packages (apt-get), creates the system
# user `wallboard` in the video, input, render and audio groups, installs the config if missing,
# turns console blanking off on the kernel command line, makes sure the display is driven by
# KMS (the unit sets SDL_VIDEODRIVER=kmsdrm), frees tty1 from its login prompt, and enables
# and starts wallboard.service.
#
# Testing aid: WB_INSTALL_ROOT=DIR makes every file it reads or edits (boot command line,
# GRUB defaults, config) live under DIR, and only prints the system commands (apt-get,
# useradd, systemctl) instead of running them.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# --asterisk: an Asterisk host, not a kiosk; --hub: a hub machine. Each has its own installer,
# which takes every other option given here.
for arg in "$@"; do
    if [[ "$arg" == --asterisk ]]; then
        exec bash "$SRC/kiosk/install-asterisk.sh" "$@"
    fi
    # --hub: the hub machine, not a kiosk; its installer takes every other option.
    if [[ "$arg" == --hub ]]; then
        exec bash "$SRC/kiosk/install-hub.sh" "$@"
    fi
done
ROOT=${WB_INSTALL_ROOT:-}
CONF_EXISTED=0
[[ -f "$ROOT/etc/wallboard/wallboard.ini" ]] && CONF_EXISTED=1
DRY=0
DEB=""
PUBLISHER=""
START=1
CONF="/etc/wallboard/wallboard.ini"
UNIT="wallboard.service"
USER_NAME="wallboard"
GROUPS_NEEDED=(video input render audio)
DONE=()

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while (($#)); do
    case "$1" in
    --publisher)
        [[ $# -ge 2 ]] || {
            echo "install: --publisher needs a URL" >&2
            exit 2
        }
        PUBLISHER=$2
        shift
        ;;
    --publisher=*) PUBLISHER=${1#--publisher=} ;;
    --dry-run) DRY=1 ;;
    --no-start) START=0 ;;
    -h | --help)
        usage
        exit 0
        ;;
    -*)
        echo "install: unknown option: $1 (see --help)" >&2
        exit 2
        ;;
    *.deb) DEB=$1 ;;
    *)
        echo "install: unexpected argument: $1 (a .deb file or options; see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

# System commands are only printed in a dry run or when files go to a test root.
CMD_DRY=$DRY
[[ -n "$ROOT" ]] && CMD_DRY=1

say() { printf 'install: %s\n' "$*"; }
warn() { printf 'install: WARNING: %s\n' "$*" >&2; }
die() {
    printf 'install: ERROR: %s\n' "$*" >&2
    exit 1
}
did() { DONE+=("$*"); }

# Runs a system command, or prints it in a dry run.
run() {
    if ((CMD_DRY)); then
        printf 'install: would run: %s\n' "$*"
    else
        printf 'install: running: %s\n' "$*"
        "$@"
    fi
}

# Writes stdin to a file (under ROOT), or says it would.
write_file() {
    local path=$1 what=$2
    if ((DRY)); then
        cat >/dev/null
        say "would write $path: $what"
    else
        cat >"$path.wb-new"
        mv "$path.wb-new" "$path"
        say "wrote $path: $what"
    fi
}

# The same schemes the config loader accepts for [transport] connect (inproc:// only works
# inside one process, so not here).
if [[ -n "$PUBLISHER" && ! "$PUBLISHER" =~ ^(tcp|ipc|ws)://[^[:space:]]+$ ]]; then
    die "--publisher '$PUBLISHER' is not a nanomsg URL (tcp://HOST:PORT, ipc:///PATH or ws://HOST:PORT)"
fi
if [[ -n "$DEB" && ! -f "$DEB" ]]; then
    die "no such package file: $DEB"
fi
if ((!CMD_DRY)) && ((EUID != 0)); then
    die "run me as root (sudo $0 ...), or with --dry-run to see what I would do"
fi
((DRY)) && say "dry run: nothing will be changed"

# --- 1. The program and its runtime packages -----------------------------------------------

install_from_deb() {
    local deb
    deb=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
    say "installing $deb and the runtime packages it depends on"
    run apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
    did "installed $(basename "$deb")"
}

install_from_source() {
    local build="$SRC/build-kiosk-install" deb
    say "no .deb given: building from the source tree $SRC"
    # shellcheck source=scripts/deps.sh
    source "$SRC/scripts/deps.sh"
    if ((CMD_DRY)); then
        local missing
        missing=$(wb_missing_packages "${WB_DEPS_RUN[@]}" | tr '\n' ' ')
        say "would install the missing build packages: ${missing:-none}"
    else
        wb_install_deps "${WB_DEPS_RUN[@]}"
    fi
    run cmake -S "$SRC" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DWB_BUILD_TESTS=OFF -DWB_BUILD_BENCH=OFF -DWB_WERROR=OFF
    run cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
    # A package is cleaner than copying files: apt knows every file and removes them again.
    if ((CMD_DRY)) || [[ -f "$build/CPackConfig.cmake" ]]; then
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
        run cmake --install "$build"
        run install -D -m 0644 "$SRC/kiosk/$UNIT" "/lib/systemd/system/$UNIT"
        run install -D -m 0644 "$SRC/wallboard.ini" /usr/share/wallboard/wallboard.ini
        did "built from source and installed to /usr"
    fi
}

if [[ -n "$DEB" ]]; then
    install_from_deb
elif [[ -f "$SRC/CMakeLists.txt" && -f "$SRC/kiosk/$UNIT" ]]; then
    install_from_source
elif [[ -x /usr/bin/wallboard && -f "/lib/systemd/system/$UNIT" ]]; then
    # Run as /usr/share/wallboard/kiosk/install.sh from the installed package.
    say "wallboard is installed: $(dpkg-query -W -f='${Package} ${Version}' wallboard 2>/dev/null || echo /usr/bin/wallboard)"
else
    die "give the .deb to install (kiosk/install.sh wallboard_VERSION_ARCH.deb), or run me from the source tree"
fi

# --- 2. The user the service runs as -------------------------------------------------------

for g in "${GROUPS_NEEDED[@]}"; do
    if ! getent group "$g" >/dev/null; then
        run groupadd --system "$g"
        did "created group $g"
    fi
done
if getent passwd "$USER_NAME" >/dev/null; then
    say "user $USER_NAME exists"
else
    run useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --comment "wallboard kiosk" "$USER_NAME"
    did "created system user $USER_NAME"
fi
have_groups=" $(id -nG "$USER_NAME" 2>/dev/null || true) "
add_groups=()
for g in "${GROUPS_NEEDED[@]}"; do
    [[ "$have_groups" == *" $g "* ]] || add_groups+=("$g")
done
if ((${#add_groups[@]})); then
    run usermod -a -G "$(
        IFS=,
        echo "${add_groups[*]}"
    )" "$USER_NAME"
    did "added $USER_NAME to ${add_groups[*]}"
else
    say "user $USER_NAME is in ${GROUPS_NEEDED[*]}"
fi

# --- 3. The configuration ------------------------------------------------------------------

conf="$ROOT$CONF"
example=""
for e in "$ROOT/usr/share/wallboard/wallboard.ini" "$SRC/wallboard.ini"; do
    if [[ -f "$e" ]]; then
        example=$e
        break
    fi
done
if [[ -f "$conf" ]] && ((!CONF_EXISTED)); then
    say "$conf was installed from the example by the package"
    did "installed $conf from the example"
elif [[ -f "$conf" ]]; then
    say "kept the existing $conf (never overwritten)"
elif ((DRY)); then
    say "would copy the example configuration ${example:-/usr/share/wallboard/wallboard.ini} to $conf"
else
    [[ -n "$example" ]] || die "no example configuration found to copy to $conf"
    install -d -m 0755 "$(dirname "$conf")"
    install -m 0644 "$example" "$conf"
    did "installed $conf from $example"
fi

# Sets the connect URL: replaces the active connect lines with one, or adds one to the
# [transport] section (creating it if needed). Prints the new file on stdout.
set_connect() {
    awk -v url="$1" '
        function flush_new() { if (!done) { print "connect = " url; done = 1 } }
        /^[[:space:]]*\[/ {
            if (in_tr) flush_new()
            in_tr = ($0 ~ /^[[:space:]]*\[transport\][[:space:]]*$/)
            seen_tr = seen_tr || in_tr
        }
        /^[[:space:]]*connect[[:space:]]*=/ {
            if (!done) { print "connect = " url; done = 1 }
            next
        }
        { print }
        END {
            if (!done && !seen_tr) { print ""; print "[transport]" }
            if (!done) print "connect = " url
        }' "$2"
}

if [[ -n "$PUBLISHER" ]]; then
    if [[ -f "$conf" ]]; then
        current=$(sed -n 's/^[[:space:]]*connect[[:space:]]*=[[:space:]]*//p' "$conf" | head -n1)
        if [[ "$current" == "$PUBLISHER" ]] && [[ $(grep -c '^[[:space:]]*connect[[:space:]]*=' "$conf") -eq 1 ]]; then
            say "$conf already connects to $PUBLISHER"
        else
            ((DRY)) || cp -p "$conf" "$conf.bak"
            set_connect "$PUBLISHER" "$conf" | write_file "$conf" "connect = $PUBLISHER (previous file kept as $CONF.bak)"
            did "set the publisher to $PUBLISHER"
        fi
    else
        say "would set connect = $PUBLISHER in $conf"
    fi
fi

# --- 4. Console blanking off ---------------------------------------------------------------

# Adds consoleblank=0 to a one-line kernel command line (the Pi's cmdline.txt), replacing any
# other consoleblank= value. cmdline.txt must stay a single line.
fix_cmdline_txt() {
    local f=$1 line new
    line=$(head -n1 "$f")
    if [[ " $line " == *" consoleblank=0 "* ]]; then
        say "console blanking already off in $f"
        return
    fi
    new=$(printf '%s\n' "$line" | sed -E 's/(^| )consoleblank=[^ ]*//g; s/[[:space:]]+$//')
    new="$new consoleblank=0"
    printf '%s\n' "${new# }" | write_file "$f" "consoleblank=0 on the kernel command line"
    did "console blanking off in $f (takes effect at the next boot)"
}

# Same for GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then update-grub.
fix_grub() {
    local f=$1 cur new
    cur=$(sed -n 's/^GRUB_CMDLINE_LINUX_DEFAULT="\(.*\)"[[:space:]]*$/\1/p' "$f" | tail -n1)
    if [[ " $cur " == *" consoleblank=0 "* ]]; then
        say "console blanking already off in $f"
        return
    fi
    new=$(printf '%s' "$cur" | sed -E 's/(^| )consoleblank=[^ ]*//g; s/^ +//')
    new="${new:+$new }consoleblank=0"
    if grep -q '^GRUB_CMDLINE_LINUX_DEFAULT=' "$f"; then
        sed "s|^GRUB_CMDLINE_LINUX_DEFAULT=.*|GRUB_CMDLINE_LINUX_DEFAULT=\"$new\"|" "$f" |
            write_file "$f" "GRUB_CMDLINE_LINUX_DEFAULT=\"$new\""
    else
        {
            cat "$f"
            printf 'GRUB_CMDLINE_LINUX_DEFAULT="%s"\n' "$new"
        } | write_file "$f" "GRUB_CMDLINE_LINUX_DEFAULT=\"$new\""
    fi
    if command -v update-grub >/dev/null 2>&1; then
        run update-grub
    else
        warn "update-grub not found: run it (or your boot loader's equivalent) yourself"
    fi
    did "console blanking off in $f (takes effect at the next boot)"
}

if [[ -f "$ROOT/boot/firmware/cmdline.txt" ]]; then
    fix_cmdline_txt "$ROOT/boot/firmware/cmdline.txt"
elif [[ -f "$ROOT/boot/cmdline.txt" ]]; then
    fix_cmdline_txt "$ROOT/boot/cmdline.txt"
elif [[ -f "$ROOT/etc/default/grub" ]]; then
    fix_grub "$ROOT/etc/default/grub"
else
    warn "no /boot/firmware/cmdline.txt, /boot/cmdline.txt or /etc/default/grub: add consoleblank=0 to the kernel command line yourself"
fi
# Also now, without waiting for a reboot (best effort: only where a console exists).
if [[ -z "$ROOT" && -w /dev/tty1 ]] && command -v setterm >/dev/null 2>&1; then
    if ((DRY)); then
        say "would run: setterm --blank 0 --powersave off on /dev/tty1"
    else
        setterm --blank 0 --powersave off </dev/tty1 >/dev/tty1 2>/dev/null || true
    fi
fi

# --- 5. KMS display ------------------------------------------------------------------------

say "the unit runs SDL with SDL_VIDEODRIVER=kmsdrm: it draws on the KMS device, no X server"
# On a Pi the KMS driver comes from the vc4-kms-v3d overlay (the default since 2021); the
# older fake-KMS overlay or none at all leaves no DRM device the board can take.
for f in "$ROOT/boot/firmware/config.txt" "$ROOT/boot/config.txt"; do
    [[ -f "$f" ]] || continue
    if grep -Eq '^[[:space:]]*dtoverlay=vc4-kms-v3d' "$f"; then
        say "KMS driver vc4-kms-v3d enabled in $f"
    elif grep -Eq '^[[:space:]]*dtoverlay=vc4-fkms-v3d' "$f"; then
        sed -E 's/^([[:space:]]*)dtoverlay=vc4-fkms-v3d/\1dtoverlay=vc4-kms-v3d/' "$f" |
            write_file "$f" "dtoverlay=vc4-kms-v3d instead of vc4-fkms-v3d"
        did "switched $f to the full KMS driver (reboot needed)"
    else
        {
            cat "$f"
            printf '\n[all]\ndtoverlay=vc4-kms-v3d\n'
        } | write_file "$f" "dtoverlay=vc4-kms-v3d under [all]"
        did "enabled the KMS driver in $f (reboot needed)"
    fi
    break
done
if [[ -z "$ROOT" ]] && ! compgen -G '/dev/dri/card*' >/dev/null; then
    warn "no /dev/dri/card* yet: the board needs a KMS driver (on a Pi: reboot after this script)"
fi
if [[ -z "$ROOT" ]] && command -v systemctl >/dev/null 2>&1 &&
    systemctl is-enabled display-manager.service >/dev/null 2>&1; then
    warn "a display manager (desktop) is enabled and will hold the screen; for a kiosk run: systemctl set-default multi-user.target && systemctl disable display-manager"
fi

# --- 6. The service ------------------------------------------------------------------------

# tty1 belongs to the board (the unit Conflicts= with its getty); a login stays available on
# tty2 with Ctrl+Alt+F2 and over ssh.
if [[ -z "$ROOT" ]] && command -v systemctl >/dev/null 2>&1 &&
    systemctl is-enabled getty@tty1.service >/dev/null 2>&1; then
    run systemctl disable getty@tty1.service
    did "disabled the login prompt on tty1 (logins: tty2 or ssh)"
fi
if ((CMD_DRY)) || [[ -d /run/systemd/system ]]; then
    run systemctl daemon-reload
    run systemctl enable "$UNIT"
    if ((START)); then
        # restart, not start: a second run applies a new package or config right away.
        run systemctl restart "$UNIT"
        did "enabled and (re)started $UNIT"
    else
        did "enabled $UNIT (not started: --no-start)"
    fi
else
    warn "systemd is not running here (a container or chroot?): enabling $UNIT for the next boot only"
    run systemctl enable "$UNIT"
    did "enabled $UNIT for the next boot"
fi

# --- Summary -------------------------------------------------------------------------------

if ((DRY)); then
    say "dry run finished: nothing was changed"
elif ((${#DONE[@]} == 0)); then
    say "nothing to do: already installed and configured"
else
    if [[ -n "$ROOT" ]]; then
        say "done (files under $ROOT; system commands only printed):"
    else
        say "done:"
    fi
    for d in "${DONE[@]}"; do
        printf '  - %s\n' "$d"
    done
fi
if ((!DRY)) && [[ -z "$ROOT" ]] && ((START)) && [[ -d /run/systemd/system ]]; then
    say "status: systemctl status $UNIT; logs: journalctl -u $UNIT -f"
fi
