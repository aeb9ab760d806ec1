#!/usr/bin/env bash
# tests/apps/test_kiosk.sh - checks the kiosk installation pieces without touching the
# machine: shellcheck on every script in the repository, systemd-analyze verify on the unit,
# the unit's settings, sd_notify, kiosk/install.sh --dry-run, install.sh's file edits (boot
# command line, GRUB, config) on a scratch root, twice, to prove they are idempotent, and the
# .deb's contents when cpack is configured. Each check is a ctest test of its own
# (apps_test_kiosk_NAME, the names in CHECKS below): one whose tool is missing is reported as
# skipped, never as passed. `test_kiosk.sh NAME` runs one, `--list` names them, no argument
# runs them all (tests/apps/lib_checks.sh).
# Run by ctest with WB_SRC (source tree) and WB_BIN (directory of the built programs).
# shellcheck disable=SC2317  # the check functions are called through run_check
set -uo pipefail
CHECKS=(shellcheck unit_verify unit_verify_built unit_settings sd_notify install_dry_run
    install_pi_root install_example_config install_grub deb maintainer_scripts)
# shellcheck source=tests/apps/lib_checks.sh
. "$(dirname "$0")/lib_checks.sh"
checks_parse "$@"

SRC=${WB_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=${WB_BIN:-$SRC/build/src/apps}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ok TEXT: an assertion held. bad TEXT: one did not; the check goes on, and fails at its end.
ok() {
    echo "ok: $*"
}
bad() {
    echo "FAILED: $*"
    CHECK_FAILED=1
}
# expect NAME FILE REGEX: the file has a line matching the extended regex.
expect() {
    if grep -Eq -- "$3" "$2"; then
        ok "$1"
    else
        bad "$1: no line matching /$3/ in:"
        sed 's/^/    | /' "$2"
    fi
}

cd "$SRC" || exit 1

# --- shellcheck ------------------------------------------------------------------------------
check_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 || skip "shellcheck: tool missing (apt-get install shellcheck)"
    local scripts
    mapfile -t scripts < <(
        {
            find . -path ./.git -prune -o -path './build*' -prune -o -name '*.sh' -type f -print
            [[ -f .ci/run ]] && echo ./.ci/run
            find ./kiosk/deb -maxdepth 1 -type f 2>/dev/null
        } | sed 's|^\./||' | sort -u
    )
    if shellcheck -x "${scripts[@]}" >"$CHECK_DIR/sc.log" 2>&1; then
        ok "shellcheck clean on ${#scripts[@]} scripts: ${scripts[*]}"
    else
        bad "shellcheck:"
        cat "$CHECK_DIR/sc.log"
    fi
}

# --- systemd-analyze verify ------------------------------------------------------------------
unit="$SRC/kiosk/wallboard.service"

# The unit as shipped. The only message allowed is the one about /usr/bin/wallboard when it
# is not installed on this machine; anything else (unknown key, bad value, bad section) fails.
check_unit_verify() {
    command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze verify: tool missing (apt-get install systemd)"
    systemd-analyze verify "$unit" >"$CHECK_DIR/verify.log" 2>&1
    grep -v -E '^$' "$CHECK_DIR/verify.log" >"$CHECK_DIR/verify-msgs.log" || true
    if [[ ! -x /usr/bin/wallboard ]]; then
        grep -v -F 'Command /usr/bin/wallboard is not executable' "$CHECK_DIR/verify-msgs.log" \
            >"$CHECK_DIR/verify-other.log" || true
    else
        cp "$CHECK_DIR/verify-msgs.log" "$CHECK_DIR/verify-other.log"
    fi
    if [[ -s "$CHECK_DIR/verify-other.log" ]]; then
        bad "systemd-analyze verify kiosk/wallboard.service:"
        sed 's/^/    | /' "$CHECK_DIR/verify-other.log"
    else
        ok "systemd-analyze verify kiosk/wallboard.service (no messages besides a missing /usr/bin/wallboard)"
    fi
}

# The same unit with ExecStart pointing at the program just built: must verify with no message
# at all and exit 0.
check_unit_verify_built() {
    command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze verify: tool missing (apt-get install systemd)"
    [[ -x "$BIN/wallboard" ]] || skip "verify with the built program: $BIN/wallboard not built"
    mkdir -p "$CHECK_DIR/unit"
    sed "s|^ExecStart=/usr/bin/wallboard|ExecStart=$BIN/wallboard|" "$unit" \
        >"$CHECK_DIR/unit/wallboard.service"
    if systemd-analyze verify "$CHECK_DIR/unit/wallboard.service" >"$CHECK_DIR/verify2.log" 2>&1 &&
        ! grep -q . "$CHECK_DIR/verify2.log"; then
        ok "systemd-analyze verify with ExecStart=$BIN/wallboard: exit 0, no messages"
    else
        bad "systemd-analyze verify with the built program:"
        sed 's/^/    | /' "$CHECK_DIR/verify2.log"
    fi
}

# The settings the kiosk depends on are really there.
check_unit_settings() {
    local want
    # shellcheck disable=SC2016 # $MAINPID is meant literally
    for want in '^Type=notify$' '^WatchdogSec=' '^Restart=always$' '^RestartSec=5s$' \
        '^User=wallboard$' \
        '^SupplementaryGroups=video input render audio$' '^Environment=SDL_VIDEODRIVER=kmsdrm$' \
        '^ExecStart=/usr/bin/wallboard --config /etc/wallboard/wallboard.ini --fullscreen \$WALLBOARD_OPTS$' \
        '^EnvironmentFile=-/etc/default/wallboard$' '^StateDirectory=wallboard$' \
        '^ExecReload=/bin/kill -HUP \$MAINPID$' '^DeviceAllow=char-drm rw$'; do
        expect "unit has $want" "$unit" "$want"
    done
}

# --- sd_notify: what Type=notify and WatchdogSec= rely on ------------------------------------
# A stand-in for systemd's notify socket: the program must say READY=1, then WATCHDOG=1 from
# its loop (once a second; two in a 4 s run is asked, leaving room for a loaded machine).
check_sd_notify() {
    [[ -x "$BIN/wallboard" ]] || skip "sd_notify: $BIN/wallboard not built"
    readelf -d "$BIN/wallboard" 2>/dev/null | grep -q 'libsystemd' ||
        skip "sd_notify: $BIN/wallboard is built without libsystemd (install libsystemd-dev)"
    command -v python3 >/dev/null 2>&1 || skip "sd_notify: python3 missing"
    python3 - "$CHECK_DIR/notify.sock" "$BIN/wallboard" --config "$SRC/wallboard.ini" --headless \
        --exit-after 4 >"$CHECK_DIR/notify.log" 2>&1 <<'EOF'
import os, socket, subprocess, sys
path, cmd = sys.argv[1], sys.argv[2:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(1.0)
env = dict(os.environ, NOTIFY_SOCKET=path)
p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while True:
    try:
        print(s.recv(4096).decode().strip(), flush=True)
    except socket.timeout:
        if p.poll() is not None:
            break
try:
    p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
print("exit=%d" % p.wait())
EOF
    if grep -qx 'READY=1' "$CHECK_DIR/notify.log" && grep -qx 'exit=0' "$CHECK_DIR/notify.log" &&
        [[ $(grep -cx 'WATCHDOG=1' "$CHECK_DIR/notify.log") -ge 2 ]]; then
        ok "sd_notify: READY=1 and $(grep -cx 'WATCHDOG=1' "$CHECK_DIR/notify.log") WATCHDOG=1 in a 4 s run"
    else
        bad "sd_notify: expected READY=1, at least 2 WATCHDOG=1 and exit 0, got:"
        sed 's/^/    | /' "$CHECK_DIR/notify.log"
    fi
}

# --- install.sh --dry-run on this machine ----------------------------------------------------
check_install_dry_run() {
    local conf_before d="$CHECK_DIR"
    conf_before=$(ls -l /etc/wallboard 2>&1 || true)
    if bash "$SRC/kiosk/install.sh" --dry-run --publisher tcp://127.0.0.1:5555 >"$d/dry.log" 2>&1; then
        ok "install.sh --dry-run exits 0"
    else
        bad "install.sh --dry-run failed:"
        sed 's/^/    | /' "$d/dry.log"
    fi
    expect "dry run says nothing changes" "$d/dry.log" '^install: dry run: nothing will be changed'
    expect "dry run builds from source" "$d/dry.log" 'would run: cmake --build '
    expect "dry run handles the user" "$d/dry.log" '(useradd --system .*wallboard|user wallboard exists)'
    expect "dry run handles the groups" "$d/dry.log" '(usermod -a -G .*wallboard|wallboard is in video input render)'
    expect "dry run handles the config" "$d/dry.log" '/etc/wallboard/wallboard.ini'
    expect "dry run sets the publisher" "$d/dry.log" 'connect.*tcp://127\.0\.0\.1:5555'
    expect "dry run mentions console blanking" "$d/dry.log" 'consoleblank=0|console blanking'
    expect "dry run mentions KMSDRM" "$d/dry.log" 'SDL_VIDEODRIVER=kmsdrm'
    expect "dry run enables the service" "$d/dry.log" 'would run: systemctl enable wallboard.service'
    expect "dry run starts the service" "$d/dry.log" 'would run: systemctl restart wallboard.service'
    expect "dry run finishes" "$d/dry.log" 'dry run finished: nothing was changed'
    if [[ "$(ls -l /etc/wallboard 2>&1 || true)" == "$conf_before" ]]; then
        ok "dry run left /etc/wallboard as it was"
    else
        bad "dry run changed /etc/wallboard"
    fi
    : >"$d/fake.deb"
    bash "$SRC/kiosk/install.sh" --dry-run "$d/fake.deb" >"$d/dry-deb.log" 2>&1
    expect "dry run with a .deb installs it with apt-get" "$d/dry-deb.log" "would run: .*apt-get install -y -q $d/fake.deb"
    # ws://, which every program and [transport] take, is taken here too (it was refused).
    if bash "$SRC/kiosk/install.sh" --dry-run --publisher ws://10.1.2.3:5555 >"$d/ws.log" 2>&1; then
        expect "dry run sets a ws:// publisher" "$d/ws.log" 'connect = ws://10\.1\.2\.3:5555'
    else
        bad "install.sh --dry-run refused --publisher ws://10.1.2.3:5555: $(cat "$d/ws.log")"
    fi
    if bash "$SRC/kiosk/install.sh" --dry-run --publisher 'http://bad' >"$d/bad.log" 2>&1; then
        bad "install.sh accepted --publisher http://bad"
    else
        expect "install.sh refuses a non-nanomsg URL" "$d/bad.log" 'not a nanomsg URL'
    fi
}

# --- install.sh file edits on a scratch root, twice ------------------------------------------
check_install_pi_root() {
    local pi="$CHECK_DIR/pi" d="$CHECK_DIR" i
    mkdir -p "$pi/boot/firmware" "$pi/usr/share/wallboard"
    echo 'console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootwait consoleblank=600' \
        >"$pi/boot/firmware/cmdline.txt"
    printf '[all]\ndtoverlay=vc4-fkms-v3d\n' >"$pi/boot/firmware/config.txt"
    printf '; example\n[transport]\nconnect = tcp://old:1\n\n[channel.phone]\nsl_target = 80\n' \
        >"$pi/usr/share/wallboard/wallboard.ini"
    for i in 1 2; do
        if ! WB_INSTALL_ROOT=$pi bash "$SRC/kiosk/install.sh" --publisher tcp://10.9.8.7:5555 \
            >"$d/pi$i.log" 2>&1; then
            bad "install.sh on a scratch Pi root, run $i:"
            sed 's/^/    | /' "$d/pi$i.log"
        fi
        cp "$pi/boot/firmware/cmdline.txt" "$d/cmdline$i"
        cp "$pi/etc/wallboard/wallboard.ini" "$d/conf$i" 2>/dev/null || : >"$d/conf$i"
    done
    if [[ $(wc -l <"$pi/boot/firmware/cmdline.txt") -eq 1 ]] &&
        [[ "$(cat "$pi/boot/firmware/cmdline.txt")" == 'console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootwait consoleblank=0' ]]; then
        ok "cmdline.txt: consoleblank=600 replaced by consoleblank=0, still one line"
    else
        bad "cmdline.txt is: $(cat "$pi/boot/firmware/cmdline.txt")"
    fi
    if cmp -s "$d/cmdline1" "$d/cmdline2" && cmp -s "$d/conf1" "$d/conf2"; then
        ok "a second run changes neither cmdline.txt nor the config"
    else
        bad "a second run changed cmdline.txt or the config"
    fi
    expect "second run reports blanking already off" "$d/pi2.log" 'console blanking already off'
    expect "second run keeps the config" "$d/pi2.log" 'kept the existing .*wallboard.ini \(never overwritten\)'
    expect "config connects to the publisher" "$pi/etc/wallboard/wallboard.ini" '^connect = tcp://10\.9\.8\.7:5555$'
    if [[ $(grep -c '^connect' "$pi/etc/wallboard/wallboard.ini") -eq 1 ]] &&
        grep -q '^sl_target = 80$' "$pi/etc/wallboard/wallboard.ini"; then
        ok "config: one connect line, the other settings kept"
    else
        bad "config after --publisher:"
        sed 's/^/    | /' "$pi/etc/wallboard/wallboard.ini"
    fi
    expect "config.txt: fake KMS replaced by vc4-kms-v3d" "$pi/boot/firmware/config.txt" '^dtoverlay=vc4-kms-v3d$'

    # A site's own config is never replaced by the example.
    printf '[transport]\nconnect = tcp://site:7\n# mine\n' >"$pi/etc/wallboard/wallboard.ini"
    WB_INSTALL_ROOT=$pi bash "$SRC/kiosk/install.sh" >"$d/pi3.log" 2>&1
    if grep -q '^# mine$' "$pi/etc/wallboard/wallboard.ini" &&
        grep -q '^connect = tcp://site:7$' "$pi/etc/wallboard/wallboard.ini"; then
        ok "an existing config is not overwritten"
    else
        bad "an existing config was overwritten"
    fi
}

# The real example, after --publisher, still loads in the real program.
check_install_example_config() {
    [[ -f "$SRC/wallboard.ini" && -x "$BIN/wallboard" ]] ||
        skip "example config check: wallboard.ini or $BIN/wallboard missing"
    local ex="$CHECK_DIR/example"
    mkdir -p "$ex/usr/share/wallboard"
    cp "$SRC/wallboard.ini" "$ex/usr/share/wallboard/"
    WB_INSTALL_ROOT=$ex bash "$SRC/kiosk/install.sh" --no-start --publisher tcp://10.1.2.3:5555 \
        >"$CHECK_DIR/ex.log" 2>&1
    expect "example config: connect set" "$ex/etc/wallboard/wallboard.ini" '^connect = tcp://10\.1\.2\.3:5555$'
    if timeout 60 "$BIN/wallboard" --config "$ex/etc/wallboard/wallboard.ini" --headless \
        --exit-after 0.2 >"$CHECK_DIR/ex-run.log" 2>&1; then
        ok "the edited example config loads in $BIN/wallboard"
    else
        bad "the edited example config does not load:"
        sed 's/^/    | /' "$CHECK_DIR/ex-run.log"
    fi
}

check_install_grub() {
    local pc="$CHECK_DIR/pc" i
    mkdir -p "$pc/etc/default" "$pc/etc/wallboard"
    printf 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet consoleblank=60"\nGRUB_CMDLINE_LINUX=""\n' \
        >"$pc/etc/default/grub"
    echo '[site]' >"$pc/etc/wallboard/wallboard.ini"
    for i in 1 2; do
        WB_INSTALL_ROOT=$pc bash "$SRC/kiosk/install.sh" --no-start >"$CHECK_DIR/pc$i.log" 2>&1
        cp "$pc/etc/default/grub" "$CHECK_DIR/grub$i"
    done
    expect "GRUB: consoleblank=0 replaces consoleblank=60" "$pc/etc/default/grub" '^GRUB_CMDLINE_LINUX_DEFAULT="quiet consoleblank=0"$'
    if cmp -s "$CHECK_DIR/grub1" "$CHECK_DIR/grub2" && [[ $(grep -c consoleblank "$pc/etc/default/grub") -eq 1 ]]; then
        ok "GRUB: a second run changes nothing"
    else
        bad "GRUB: a second run changed /etc/default/grub"
    fi
}

# --- the .deb --------------------------------------------------------------------------------
check_deb() {
    local build d="$CHECK_DIR" deb f dep
    build=$(cd "$BIN/../.." 2>/dev/null && pwd)
    if ! command -v cpack >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
        skip ".deb contents: cpack or dpkg-deb missing"
    fi
    [[ -f "$build/CPackConfig.cmake" ]] ||
        skip ".deb contents: $build has no CPackConfig.cmake (cmake/Packaging.cmake not included)"
    if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$d/pkg" >"$d/cpack.log" 2>&1; then
        bad "cpack -G DEB:"
        sed 's/^/    | /' "$d/cpack.log"
        return 0
    fi
    deb=$(find "$d/pkg" -maxdepth 1 -name 'wallboard_*.deb' | head -n1)
    dpkg-deb -c "$deb" | awk '{print $NF}' >"$d/deb-files"
    dpkg-deb -f "$deb" Depends >"$d/deb-depends"
    dpkg-deb -I "$deb" >"$d/deb-info"
    for f in /bin/wallboard /bin/wallboard-sim /lib/systemd/system/wallboard.service \
        /share/wallboard/wallboard.ini /share/wallboard/fonts/DejaVuSans.ttf \
        /share/doc/wallboard/examples/wallboard.ini; do
        expect ".deb has ...$f" "$d/deb-files" "$f\$"
    done
    # A headless-only build (-DWB_BUILD_VIEW=OFF) links no SDL and no libpng, so its package
    # must not pull them in either; a build with the display must.
    local deps=(libnanomsg5 libuv1 libcjson1 libinih1 libsystemd0 adduser)
    local view_deps=(libsdl2-2.0-0 libsdl2-ttf-2.0-0 libpng16-16)
    if [[ "$("$BIN/wallboard" --version)" == *'headless only'* ]]; then
        for dep in "${view_deps[@]}"; do
            if grep -Eq "(^|, )$dep( |,|$)" "$d/deb-depends"; then
                bad "the headless-only .deb depends on $dep: $(cat "$d/deb-depends")"
            else
                ok "the headless-only .deb does not depend on $dep"
            fi
        done
    else
        deps+=("${view_deps[@]}")
    fi
    for dep in "${deps[@]}"; do
        expect ".deb depends on $dep" "$d/deb-depends" "(^|, )$dep( |,|$)"
    done
    expect ".deb has a postinst" "$d/deb-info" ' postinst '
}

# --- the package's maintainer scripts ------------------------------------------------------
# postinst configure into a scratch root ($DPKG_ROOT), with getent and adduser stubbed: it must
# copy both examples to etc/wallboard (the Asterisk unit's --config file among them, whose
# absence made that unit exit 2 every 5 s), keep a file that exists, and purge must remove
# them. And every unit in kiosk/ is try-restarted by postinst and stopped and disabled by
# prerm (only the screen's was: the hub and the adapter kept running the old program).
check_maintainer_scripts() {
    local root="$CHECK_DIR/root" stub="$CHECK_DIR/stub" f u units
    mkdir -p "$root/usr/share/wallboard" "$stub"
    cp "$SRC/wallboard.ini" "$SRC/wallboard-asterisk.ini" "$root/usr/share/wallboard/"
    printf '#!/bin/sh\nexit 0\n' >"$stub/getent"
    printf '#!/bin/sh\nexit 0\n' >"$stub/adduser"
    chmod +x "$stub/getent" "$stub/adduser"
    DPKG_ROOT="$root" PATH="$stub:$PATH" sh "$SRC/kiosk/deb/postinst" configure \
        >"$CHECK_DIR/postinst.log" 2>&1 || bad "postinst configure: $(cat "$CHECK_DIR/postinst.log")"
    for f in wallboard.ini wallboard-asterisk.ini; do
        if cmp -s "$root/etc/wallboard/$f" "$SRC/$f"; then
            ok "postinst installed etc/wallboard/$f from the example"
        else
            bad "postinst did not install etc/wallboard/$f: $(cat "$CHECK_DIR/postinst.log")"
        fi
    done
    echo "; the site's own" >"$root/etc/wallboard/wallboard-asterisk.ini"
    DPKG_ROOT="$root" PATH="$stub:$PATH" sh "$SRC/kiosk/deb/postinst" configure >/dev/null 2>&1
    expect "postinst keeps an existing wallboard-asterisk.ini" \
        "$root/etc/wallboard/wallboard-asterisk.ini" "^; the site's own$"
    DPKG_ROOT="$root" sh "$SRC/kiosk/deb/postrm" purge >/dev/null 2>&1 || bad "postrm purge failed"
    if [[ -e "$root/etc/wallboard" ]]; then
        bad "postrm purge left $(find "$root/etc/wallboard" | tr '\n' ' ')"
    else
        ok "postrm purge removed both configurations and etc/wallboard"
    fi
    units=$(sed -n 's/^UNITS="\(.*\)"$/\1/p' "$SRC/kiosk/deb/postinst")
    for f in "$SRC"/kiosk/*.service; do
        u=$(basename "$f")
        if [[ " $units " == *" $u "* ]] &&
            [[ "$(sed -n 's/^UNITS="\(.*\)"$/\1/p' "$SRC/kiosk/deb/prerm")" == "$units" ]]; then
            ok "postinst try-restarts and prerm stops and disables $u"
        else
            bad "$u is not in UNITS of postinst and prerm (postinst: $units)"
        fi
    done
    # shellcheck disable=SC2016 # \$u is the scripts' own variable, matched literally
    expect "postinst try-restarts each of UNITS" "$SRC/kiosk/deb/postinst" 'systemctl try-restart "\$u"'
    # shellcheck disable=SC2016
    expect "prerm stops each of UNITS" "$SRC/kiosk/deb/prerm" 'systemctl stop "\$u"'
    # shellcheck disable=SC2016
    expect "prerm disables each of UNITS" "$SRC/kiosk/deb/prerm" 'systemctl disable "\$u"'
}

run_checks
