#!/usr/bin/env bash
# Configuration from the outside: a bad file stops the program with a message naming file,
# line and key (exit 2); a running wallboard reloads on SIGHUP and when the file is saved,
# shows the new values in its stats, and refuses a broken file with one line on stderr while
# it keeps running on the old configuration; a font that does not exist is refused at load.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

# 1. Bad config at start: non-zero exit, "FILE:LINE: ... KEY" on stderr, nothing on stdout.
bad="$TMP/bad.ini"
cat >"$bad" <<'INI'
[wallboard]
site = Test floor

[channel.phone]
sl_threshold_s = 20
sl_target_pct = 180
INI
rc=0
"$WALLBOARD" --headless --config "$bad" --exit-after 5 >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -ne 0 ] || fail "a bad config was accepted (exit 0)"
grep -qF "$bad:6:" "$TMP/err" || fail "message does not name file and line: $(cat "$TMP/err")"
grep -qF "sl_target_pct" "$TMP/err" || fail "message does not name the key: $(cat "$TMP/err")"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$TMP/err")"
echo "ok: bad config -> exit $rc: $(cat "$TMP/err")"

# Thresholds in the wrong order (alarm below the warning of a "higher is worse" rule) are a
# bad config too: the alarm's line and key are named.
order="$TMP/order.ini"
cat >"$order" <<'INI'
[channel.phone]
warn_waiting = 12
alarm_waiting = 10
INI
rc=0
"$WALLBOARD" --headless --config "$order" --exit-after 5 >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "thresholds in the wrong order: exit $rc, expected 2"
grep -qF "$order:3: [channel.phone] alarm_waiting: the alarm threshold must be above" "$TMP/err" ||
    fail "wrong-order message: $(cat "$TMP/err")"
echo "ok: thresholds in the wrong order -> exit $rc"

# An unclosed section header is the header line's own mistake: exit 2, the file, its line and
# what is wrong with it, and not the section before it (which was read without a fault).
hdr="$TMP/header.ini"
cat >"$hdr" <<'INI'
[channel.voice]
sl_target_pct = 80
[channel.chat
sl_target_pct = 70
INI
rc=0
"$WALLBOARD" --headless --config "$hdr" --exit-after 5 >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "unclosed section header: exit $rc, expected 2"
grep -qxF "wallboard: $hdr:3: unclosed section header: expected ']' after the section name (got '[channel.chat')" \
    "$TMP/err" || fail "unclosed header message: $(cat "$TMP/err")"
! grep -qF "channel.voice" "$TMP/err" || fail "the section before the header is blamed: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "something ran on an unclosed header: $(cat "$TMP/out")"
echo "ok: unclosed section header -> exit $rc: $(cat "$TMP/err")"

# A config file that does not exist is an error too, not a silent fallback.
rc=0
"$WALLBOARD" --headless --config "$TMP/missing.ini" --exit-after 5 2>"$TMP/err" || rc=$?
[ "$rc" -ne 0 ] || fail "a missing config file was accepted"
grep -qF "$TMP/missing.ini" "$TMP/err" || fail "missing file not named: $(cat "$TMP/err")"
echo "ok: missing config -> exit $rc"

# Bad options: exit 2 with a hint.
rc=0
"$WALLBOARD" --headless --clock sideways 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--clock sideways: exit $rc, expected 2"
grep -qF -- "--clock" "$TMP/err" || fail "bad option message: $(cat "$TMP/err")"
# A window below the smallest screen the layout is made for: the message names that minimum.
rc=0
"$WALLBOARD" --headless --window 100x100 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--window 100x100: exit $rc, expected 2"
grep -qF -- "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright)" "$TMP/err" ||
    fail "--window 100x100 does not name the minimum: $(cat "$TMP/err")"

# 2. Reload: SIGHUP with a changed valid file changes what the stats show.
cfg="$TMP/wallboard.ini"
write_cfg() { # write_cfg SITE TARGET_PCT
    cat >"$cfg.tmp" <<INI
[wallboard]
site = $1

[channel.phone]
sl_threshold_s = 20
sl_target_pct = $2
INI
    mv "$cfg.tmp" "$cfg"
}
write_cfg "Floor one" 80
stats="$TMP/stats.jsonl"
start_bg "$WALLBOARD" --headless --config "$cfg" --connect "ipc://$TMP/nobody.ipc" \
    --stats-json "$stats" --exit-after 120 2>"$TMP/run.err"
wb=$BG_PID
wait_stats "$stats" 'd["site"] == "Floor one" and ch("phone")["sl_target_pct"] == 80' >/dev/null

# The file watch picks up a saved file by itself.
write_cfg "Floor two" 90
wait_stats "$stats" 'd["site"] == "Floor two" and ch("phone")["sl_target_pct"] == 90' >/dev/null
echo "ok: file watch reload"

# SIGHUP reloads too. The watch may already have seen this change: either way it shows.
write_cfg "Floor three" 70
kill -HUP "$wb"
wait_stats "$stats" 'd["site"] == "Floor three" and ch("phone")["sl_target_pct"] == 70' >/dev/null
wait_grep "$TMP/run.err" "(SIGHUP)"
echo "ok: SIGHUP reload"

# 3. A broken file is refused: message on stderr, the process runs on, old values stay.
cp "$bad" "$cfg"
kill -HUP "$wb"
wait_grep "$TMP/run.err" "config not reloaded"
grep -F "config not reloaded" "$TMP/run.err" | grep -qF "sl_target_pct" ||
    fail "refusal does not name the key: $(cat "$TMP/run.err")"
kill -0 "$wb" 2>/dev/null || fail "wallboard died on a broken config"
# A fresh line after the refusal still shows the running configuration.
n=$(wc -l <"$stats")
wait_stats "$stats" "len(open('$stats').read().splitlines()) > $n + 1" >/dev/null
wait_stats "$stats" 'd["site"] == "Floor three" and ch("phone")["sl_target_pct"] == 70' 5 >/dev/null
echo "ok: broken config refused, running one kept"

# 4. A font that does not exist is refused at reload and at start, naming file, line and key
#    (found only at the next start, it would put a systemd service into a restart loop).
printf '[wallboard]\nsite = Fonts\n\n[display]\nfont = %s/no-such-font.ttf\n' "$TMP" >"$cfg"
kill -HUP "$wb"
wait_grep "$TMP/run.err" "$cfg:5: [display] font: no readable font file there"
kill -0 "$wb" 2>/dev/null || fail "wallboard died on a missing font"
rc=0
"$WALLBOARD" --headless --config "$cfg" --exit-after 5 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "a missing font at start: exit $rc, expected 2"
grep -qF "$cfg:5: [display] font" "$TMP/err" || fail "missing font not named: $(cat "$TMP/err")"
echo "ok: missing font refused at reload and at start"

kill -TERM "$wb"
wait_exit "$wb" 30
[ "$RC" -eq 0 ] || fail "exit code $RC after SIGTERM"
echo "PASS"
