#!/usr/bin/env bash
# Installing wallboard-asterisk: the unit verifies with systemd-analyze (against the program
# just built), `kiosk/install.sh --asterisk` on a scratch root writes the configuration and
# options files once and a second run changes nothing, a bad --bind is refused, and the .deb
# carries the program, its unit, its example configuration and its installer.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

SRC=${WB_SRC:?WB_SRC must name the source tree}
unit="$SRC/kiosk/wallboard-asterisk.service"

if command -v systemd-analyze >/dev/null 2>&1 && [[ -x "$WB_BIN/wallboard-asterisk" ]]; then
    mkdir -p "$TMP/unit"
    sed "s|^ExecStart=/usr/bin/wallboard-asterisk|ExecStart=$WB_BIN/wallboard-asterisk|" "$unit" \
        >"$TMP/unit/wallboard-asterisk.service"
    # The group asterisk may not exist on a build machine; that is the only message allowed.
    systemd-analyze verify "$TMP/unit/wallboard-asterisk.service" >"$TMP/verify.log" 2>&1 || true
    if grep -v -e '^$' -e 'asterisk' "$TMP/verify.log" | grep -q .; then
        fail "systemd-analyze verify: $(cat "$TMP/verify.log")"
    fi
    echo "ok: systemd-analyze verify kiosk/wallboard-asterisk.service"
else
    echo "skip: systemd-analyze or the built program missing"
fi
# shellcheck disable=SC2016 # $WB_ASTERISK_OPTS is meant literally
for want in '^Restart=on-failure$' '^SupplementaryGroups=asterisk$' \
    '^ExecStart=/usr/bin/wallboard-asterisk --config /etc/wallboard/wallboard-asterisk.ini \$WB_ASTERISK_OPTS$'; do
    grep -qE "$want" "$unit" || fail "unit lacks $want"
done

root="$TMP/root"
mkdir -p "$root"
for i in 1 2; do
    WB_INSTALL_ROOT=$root bash "$SRC/kiosk/install.sh" --asterisk --no-start \
        --bind tcp://0.0.0.0:5560 >"$TMP/run$i.log" 2>&1 || fail "install.sh --asterisk, run $i: $(cat "$TMP/run$i.log")"
    find "$root" -type f -exec sha256sum {} + | sort >"$TMP/files$i"
done
grep -qx 'WB_ASTERISK_OPTS="--queue-log /var/log/asterisk/queue_log --bind tcp://0.0.0.0:5560"' \
    "$root/etc/default/wallboard-asterisk" || fail "options file: $(cat "$root/etc/default/wallboard-asterisk")"
cmp -s "$SRC/wallboard-asterisk.ini" "$root/etc/wallboard/wallboard-asterisk.ini" ||
    fail "the configuration is not the example"
cmp -s "$TMP/files1" "$TMP/files2" || fail "a second run changed files"
grep -q "kept the existing" "$TMP/run2.log" || fail "a second run did not keep the files"
grep -q "would run: systemctl enable wallboard-asterisk.service" "$TMP/run2.log" ||
    fail "the unit is not enabled"
echo "ok: install.sh --asterisk installs once and a second run changes nothing"
if bash "$SRC/kiosk/install.sh" --asterisk --dry-run --bind http://x >"$TMP/bad.log" 2>&1; then
    fail "a bad --bind was accepted"
fi
grep -q "not a nanomsg URL" "$TMP/bad.log" || fail "bad --bind message: $(cat "$TMP/bad.log")"
echo "ok: a bad --bind is refused"

build=$(cd "$WB_BIN/../.." && pwd)
if ! command -v cpack >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1 ||
    [[ ! -f "$build/CPackConfig.cmake" ]]; then
    echo "skip: .deb contents (cpack, dpkg-deb or CPackConfig.cmake missing)"
else
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1 ||
        fail "cpack: $(cat "$TMP/cpack.log")"
    deb=$(find "$TMP/pkg" -maxdepth 1 -name 'wallboard_*.deb' | head -n1)
    dpkg-deb -c "$deb" | awk '{print $NF}' >"$TMP/deb-files"
    for f in /bin/wallboard-asterisk /lib/systemd/system/wallboard-asterisk.service \
        /share/wallboard/wallboard-asterisk.ini /share/wallboard/kiosk/install-asterisk.sh \
        /share/doc/wallboard/docs/asterisk.md; do
        grep -q "$f\$" "$TMP/deb-files" || fail ".deb lacks ...$f"
    done
    echo "ok: the .deb carries the adapter, its unit, example, installer and docs"
fi
echo "PASS"
