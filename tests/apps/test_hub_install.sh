#!/usr/bin/env bash
# Installing wallboard-hub: the unit verifies with systemd-analyze (against the program just
# built), `kiosk/install.sh --hub` on a scratch root writes the options file once and a second
# run changes nothing, a bad URL is refused, and the .deb carries the hub, the replayer, the
# unit, the installer and docs/deploy.md.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

SRC=${WB_SRC:?WB_SRC must name the source tree}
unit="$SRC/kiosk/wallboard-hub.service"

if command -v systemd-analyze >/dev/null 2>&1 && [[ -x "$WB_BIN/wallboard-hub" ]]; then
    mkdir -p "$TMP/unit"
    sed "s|^ExecStart=/usr/bin/wallboard-hub|ExecStart=$WB_BIN/wallboard-hub|" "$unit" \
        >"$TMP/unit/wallboard-hub.service"
    systemd-analyze verify "$TMP/unit/wallboard-hub.service" >"$TMP/verify.log" 2>&1 || true
    if grep -v -e '^$' "$TMP/verify.log" | grep -q .; then
        fail "systemd-analyze verify: $(cat "$TMP/verify.log")"
    fi
    echo "ok: systemd-analyze verify kiosk/wallboard-hub.service"
else
    echo "skip: systemd-analyze or the built program missing"
fi
# shellcheck disable=SC2016 # $WB_HUB_OPTS is meant literally
for want in '^Restart=always$' '^StateDirectory=wallboard-hub$' \
    '^ExecStart=/usr/bin/wallboard-hub --config /etc/wallboard/wallboard.ini --journal /var/lib/wallboard-hub \$WB_HUB_OPTS$'; do
    grep -qE "$want" "$unit" || fail "unit lacks $want"
done

root="$TMP/root"
mkdir -p "$root"
for i in 1 2; do
    WB_INSTALL_ROOT=$root bash "$SRC/kiosk/install.sh" --hub --no-start \
        --connect tcp://10.0.0.5:5555 --connect tcp://10.0.0.6:5555 --bind tcp://0.0.0.0:6000 \
        >"$TMP/run$i.log" 2>&1 || fail "install.sh --hub, run $i: $(cat "$TMP/run$i.log")"
    find "$root" -type f -exec sha256sum {} + | sort >"$TMP/files$i"
done
grep -qx 'WB_HUB_OPTS="--connect tcp://10.0.0.5:5555 --connect tcp://10.0.0.6:5555 --bind tcp://0.0.0.0:6000"' \
    "$root/etc/default/wallboard-hub" || fail "options file: $(cat "$root/etc/default/wallboard-hub")"
cmp -s "$TMP/files1" "$TMP/files2" || fail "a second run changed files"
grep -q "kept the existing" "$TMP/run2.log" || fail "a second run did not keep the file"
grep -q "would run: systemctl enable wallboard-hub.service" "$TMP/run2.log" ||
    fail "the unit is not enabled"
grep -q "would run: systemctl restart" "$TMP/run2.log" && fail "--no-start restarted the unit"
echo "ok: install.sh --hub installs once and a second run changes nothing"
if bash "$SRC/kiosk/install.sh" --hub --dry-run --connect http://x >"$TMP/bad.log" 2>&1; then
    fail "a bad --connect was accepted"
fi
grep -q "not a nanomsg URL" "$TMP/bad.log" || fail "bad URL message: $(cat "$TMP/bad.log")"
echo "ok: a bad URL is refused"

build=$(cd "$WB_BIN/../.." && pwd)
if ! command -v cpack >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1 ||
    [[ ! -f "$build/CPackConfig.cmake" ]]; then
    echo "skip: .deb contents (cpack, dpkg-deb or CPackConfig.cmake missing)"
else
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1 ||
        fail "cpack: $(cat "$TMP/cpack.log")"
    deb=$(find "$TMP/pkg" -maxdepth 1 -name 'wallboard_*.deb' | head -n1)
    dpkg-deb -c "$deb" | awk '{print $NF}' >"$TMP/deb-files"
    for f in /bin/wallboard-hub /bin/wallboard-replay /lib/systemd/system/wallboard-hub.service \
        /share/wallboard/kiosk/install-hub.sh /share/doc/wallboard/docs/deploy.md; do
        grep -q "$f\$" "$TMP/deb-files" || fail ".deb lacks ...$f"
    done
    echo "ok: the .deb carries the hub, the replayer, the unit, the installer and docs/deploy.md"
fi
echo "PASS"
