#!/usr/bin/env bash
# Installing wallboard-hub: the unit verifies with systemd-analyze (against the program just
# built) and has the settings the hub relies on, `kiosk/install.sh --hub` on a scratch root
# writes the options file once and a second run changes nothing, a bad URL is refused, and the
# .deb carries the hub, the replayer, the unit, the installer and docs/deploy.md. Each check is
# a ctest test of its own (apps_test_hub_install_NAME, the names in CHECKS below), so that one
# whose tool is missing is reported as skipped (tests/apps/lib_checks.sh).
# shellcheck disable=SC2317  # the check functions are called through run_check
set -euo pipefail
CHECKS=(unit_verify unit_settings install deb)
# shellcheck source=tests/apps/lib_checks.sh
. "$(dirname "$0")/lib_checks.sh"
checks_parse "$@"
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

SRC=${WB_SRC:?WB_SRC must name the source tree}
unit="$SRC/kiosk/wallboard-hub.service"

check_unit_verify() {
    command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze missing"
    [[ -x "$WB_BIN/wallboard-hub" ]] || skip "$WB_BIN/wallboard-hub not built"
    mkdir -p "$CHECK_DIR/unit"
    sed "s|^ExecStart=/usr/bin/wallboard-hub|ExecStart=$WB_BIN/wallboard-hub|" "$unit" \
        >"$CHECK_DIR/unit/wallboard-hub.service"
    systemd-analyze verify "$CHECK_DIR/unit/wallboard-hub.service" >"$CHECK_DIR/verify.log" 2>&1 || true
    if grep -v -e '^$' "$CHECK_DIR/verify.log" | grep -q .; then
        fail "systemd-analyze verify: $(cat "$CHECK_DIR/verify.log")"
    fi
    echo "ok: systemd-analyze verify kiosk/wallboard-hub.service"
}

check_unit_settings() {
    local want
    # shellcheck disable=SC2016 # $WB_HUB_OPTS is meant literally
    for want in '^Restart=always$' '^StateDirectory=wallboard-hub$' \
        '^ExecStart=/usr/bin/wallboard-hub --config /etc/wallboard/wallboard.ini --journal /var/lib/wallboard-hub \$WB_HUB_OPTS$'; do
        grep -qE "$want" "$unit" || fail "unit lacks $want"
    done
    echo "ok: the unit's restart, state directory and command line"
}

check_install() {
    local root="$CHECK_DIR/root" d="$CHECK_DIR" i
    mkdir -p "$root"
    for i in 1 2; do
        WB_INSTALL_ROOT=$root bash "$SRC/kiosk/install.sh" --hub --no-start \
            --connect tcp://10.0.0.5:5555 --connect tcp://10.0.0.6:5555 --bind tcp://0.0.0.0:6000 \
            >"$d/run$i.log" 2>&1 || fail "install.sh --hub, run $i: $(cat "$d/run$i.log")"
        find "$root" -type f -exec sha256sum {} + | sort >"$d/files$i"
    done
    grep -qx 'WB_HUB_OPTS="--connect tcp://10.0.0.5:5555 --connect tcp://10.0.0.6:5555 --bind tcp://0.0.0.0:6000"' \
        "$root/etc/default/wallboard-hub" || fail "options file: $(cat "$root/etc/default/wallboard-hub")"
    cmp -s "$d/files1" "$d/files2" || fail "a second run changed files"
    grep -q "kept the existing" "$d/run2.log" || fail "a second run did not keep the file"
    grep -q "would run: systemctl enable wallboard-hub.service" "$d/run2.log" ||
        fail "the unit is not enabled"
    grep -q "would run: systemctl restart" "$d/run2.log" && fail "--no-start restarted the unit"
    echo "ok: install.sh --hub installs once and a second run changes nothing"
    # Without a .deb: the installed hub, else the package built from this source tree, as the
    # kiosk and Asterisk installers do (it died "not installed" and its dry run claimed "using
    # the installed wallboard-hub" on a machine without one).
    bash "$SRC/kiosk/install.sh" --hub --dry-run >"$d/src.log" 2>&1 || fail "--dry-run: $(cat "$d/src.log")"
    if [[ -x /usr/bin/wallboard-hub && -f /lib/systemd/system/wallboard-hub.service ]]; then
        grep -q "using the installed wallboard-hub" "$d/src.log" || fail "installed hub: $(cat "$d/src.log")"
    else
        grep -q "building the package from the source tree $SRC" "$d/src.log" ||
            fail "no build from source: $(cat "$d/src.log")"
        grep -q "would run: cpack --config $SRC/build-hub-install/CPackConfig.cmake" "$d/src.log" ||
            fail "no package made: $(cat "$d/src.log")"
    fi
    echo "ok: without a .deb the hub is the installed one or built from the source tree"
    # ws:// is a nanomsg URL the hub takes (it was refused here).
    bash "$SRC/kiosk/install.sh" --hub --dry-run --connect ws://10.0.0.5:5555 \
        --listen ws://0.0.0.0:5557 --bind ws://0.0.0.0:6000 >"$d/ws.log" 2>&1 ||
        fail "ws:// refused: $(cat "$d/ws.log")"
    grep -qF 'WB_HUB_OPTS="--connect ws://10.0.0.5:5555 --listen ws://0.0.0.0:5557 --bind ws://0.0.0.0:6000"' \
        "$d/ws.log" || fail "ws:// options: $(cat "$d/ws.log")"
    echo "ok: ws:// URLs are taken"
    if bash "$SRC/kiosk/install.sh" --hub --dry-run --connect http://x >"$d/bad.log" 2>&1; then
        fail "a bad --connect was accepted"
    fi
    grep -q "not a nanomsg URL" "$d/bad.log" || fail "bad URL message: $(cat "$d/bad.log")"
    echo "ok: a bad URL is refused"
}

check_deb() {
    local f build
    build=$(cd "$WB_BIN/../.." && pwd) || die "no build directory above $WB_BIN"
    deb_build "$build"
    for f in /bin/wallboard-hub /bin/wallboard-replay /lib/systemd/system/wallboard-hub.service \
        /share/wallboard/kiosk/install-hub.sh /share/doc/wallboard/docs/deploy.md; do
        grep -q "$f\$" "$CHECK_DIR/deb-files" || fail ".deb lacks ...$f"
    done
    echo "ok: the .deb carries the hub, the replayer, the unit, the installer and docs/deploy.md"
}

run_checks
