#!/usr/bin/env bash
# Installing wallboard-asterisk: the unit verifies with systemd-analyze (against the program
# just built) and has the settings the adapter relies on, `kiosk/install.sh --asterisk` on a
# scratch root writes the configuration and options files once and a second run changes
# nothing, a bad --bind is refused, and the .deb carries the program, its unit, its example
# configuration and its installer. Each check is a ctest test of its own
# (apps_test_asterisk_install_NAME, the names in CHECKS below), so that one whose tool is
# missing is reported as skipped (tests/apps/lib_checks.sh).
# shellcheck disable=SC2317  # the check functions are called through run_check
set -euo pipefail
CHECKS=(unit_verify unit_settings install deb)
# shellcheck source=tests/apps/lib_checks.sh
. "$(dirname "$0")/lib_checks.sh"
checks_parse "$@"
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

SRC=${WB_SRC:?WB_SRC must name the source tree}
unit="$SRC/kiosk/wallboard-asterisk.service"

check_unit_verify() {
    command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze missing"
    [[ -x "$WB_BIN/wallboard-asterisk" ]] || skip "$WB_BIN/wallboard-asterisk not built"
    mkdir -p "$CHECK_DIR/unit"
    sed "s|^ExecStart=/usr/bin/wallboard-asterisk|ExecStart=$WB_BIN/wallboard-asterisk|" "$unit" \
        >"$CHECK_DIR/unit/wallboard-asterisk.service"
    # The group asterisk (or Asterisk's own unit) may not exist on a build machine; those are
    # the only messages allowed. Every name of the unit and of the program (its path, its bare
    # name, both of which say asterisk too) is taken out of the messages first, or a message
    # about any of its lines (an unknown key) would pass for one about the group.
    systemd-analyze verify "$CHECK_DIR/unit/wallboard-asterisk.service" >"$CHECK_DIR/verify.log" 2>&1 || true
    if sed -e "s|$CHECK_DIR/unit/wallboard-asterisk.service|the unit|g" \
        -e "s|wallboard-asterisk|the-unit|g" "$CHECK_DIR/verify.log" |
        grep -v -e '^$' -e 'asterisk' | grep -q .; then
        fail "systemd-analyze verify: $(cat "$CHECK_DIR/verify.log")"
    fi
    echo "ok: systemd-analyze verify kiosk/wallboard-asterisk.service"
}

check_unit_settings() {
    local want
    # shellcheck disable=SC2016 # $WB_ASTERISK_OPTS is meant literally
    for want in '^Restart=on-failure$' '^SupplementaryGroups=asterisk$' \
        '^ExecStart=/usr/bin/wallboard-asterisk --config /etc/wallboard/wallboard-asterisk.ini \$WB_ASTERISK_OPTS$'; do
        grep -qE "$want" "$unit" || fail "unit lacks $want"
    done
    echo "ok: the unit's restart, group and command line"
}

check_install() {
    local root="$CHECK_DIR/root" d="$CHECK_DIR" i
    mkdir -p "$root"
    for i in 1 2; do
        WB_INSTALL_ROOT=$root bash "$SRC/kiosk/install.sh" --asterisk --no-start \
            --bind tcp://0.0.0.0:5560 >"$d/run$i.log" 2>&1 || fail "install.sh --asterisk, run $i: $(cat "$d/run$i.log")"
        find "$root" -type f -exec sha256sum {} + | sort >"$d/files$i"
    done
    grep -qx 'WB_ASTERISK_OPTS="--queue-log /var/log/asterisk/queue_log --bind tcp://0.0.0.0:5560"' \
        "$root/etc/default/wallboard-asterisk" || fail "options file: $(cat "$root/etc/default/wallboard-asterisk")"
    cmp -s "$SRC/wallboard-asterisk.ini" "$root/etc/wallboard/wallboard-asterisk.ini" ||
        fail "the configuration is not the example"
    cmp -s "$d/files1" "$d/files2" || fail "a second run changed files"
    grep -q "kept the existing" "$d/run2.log" || fail "a second run did not keep the files"
    grep -q "would run: systemctl enable wallboard-asterisk.service" "$d/run2.log" ||
        fail "the unit is not enabled"
    echo "ok: install.sh --asterisk installs once and a second run changes nothing"
    # ws:// is a nanomsg URL the adapter binds (it was refused here).
    bash "$SRC/kiosk/install.sh" --asterisk --dry-run --bind ws://0.0.0.0:5555 >"$d/ws.log" 2>&1 ||
        fail "--bind ws:// refused: $(cat "$d/ws.log")"
    grep -qF -- "--bind ws://0.0.0.0:5555" "$d/ws.log" || fail "ws:// options: $(cat "$d/ws.log")"
    echo "ok: --bind ws:// is taken"
    if bash "$SRC/kiosk/install.sh" --asterisk --dry-run --bind http://x >"$d/bad.log" 2>&1; then
        fail "a bad --bind was accepted"
    fi
    grep -q "not a nanomsg URL" "$d/bad.log" || fail "bad --bind message: $(cat "$d/bad.log")"
    echo "ok: a bad --bind is refused"
}

check_deb() {
    local f build
    build=$(cd "$WB_BIN/../.." && pwd) || die "no build directory above $WB_BIN"
    deb_build "$build"
    for f in /bin/wallboard-asterisk /lib/systemd/system/wallboard-asterisk.service \
        /share/wallboard/wallboard-asterisk.ini /share/wallboard/kiosk/install-asterisk.sh \
        /share/doc/wallboard/docs/asterisk.md; do
        grep -q "$f\$" "$CHECK_DIR/deb-files" || fail ".deb lacks ...$f"
    done
    echo "ok: the .deb carries the adapter, its unit, example, installer and docs"
}

run_checks
