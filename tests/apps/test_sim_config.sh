#!/usr/bin/env bash
# wallboard-sim judges as the site does. Its snapshots (every --snapshot-every seconds) carry
# the day's and the rolling window's counters as its own board judged them: answered within T,
# short abandons. A screen takes them in place of its own counts, so the simulator must judge
# by the screen's wallboard.ini, found as the wallboard finds it (--config, else $WB_CONFIG).
#
# The file used here sets T = 7 days (604800 s, the largest T a file may set) and short
# abandons under 1 h for every channel: phone in its own section, the other four by [defaults]
# (a channel the file leaves out is judged by [defaults], on the screen and in the simulator).
# Worked by hand from the definitions (docs/metrics.md sections 3 and 4): the simulated run
# lasts about 20 simulated minutes, so every answered contact waited under 7 days (answered
# within T = answered, service level 100 %) and every abandon came under 1 h (short abandons
# = abandons, and none within T counts). The screen must show that on every line, snapshots
# or not. The simulator's own settings (phone T = 20 s, short abandons under 5 s) put calls
# over T within minutes of the 10:00 phone surge; a control run judged by a file with those
# two values shows that this window does hold such calls, so the check above is not empty.
# Before wallboard-sim read a configuration, its snapshots brought its own judgement to the
# screen (phone answered within T below answered), and its day was UTC's, not the file's.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
SIM="$WB_BIN/wallboard-sim"
[ -x "$SIM" ] || fail "$SIM is not built"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Sim config
timezone = Europe/Helsinki
[defaults]
sl_threshold_s = 604800
short_abandon_s = 3600
[channel.phone]
sl_threshold_s = 604800
short_abandon_s = 3600
realtime = true
INI
cat >"$TMP/control.ini" <<'INI'
[wallboard]
timezone = Europe/Helsinki
[channel.phone]
sl_threshold_s = 20
short_abandon_s = 5
INI
# The same simulated morning in every run: seed, scenario, start and speed fix the contacts
# and their waits (the simulator is deterministic in simulated time).
DAY=(--scenario surge --seed 5 --start 09:58 --speed 60 --snapshot-every 0.5)

# (0) Control, no screen: its own board judged by phone T = 20 s.
start_bg "$SIM" --bind "ipc://$TMP/c.ipc" "${DAY[@]}" --config "$TMP/control.ini" --duration 20 \
    --stats-json "$TMP/c.jsonl" 2>"$TMP/c.err"
ctl_pid=$BG_PID
# (1) --config FILE, (2) $WB_CONFIG without --config: a screen reading the file on each.
start_event_wallboard "ipc://$TMP/s1.ipc" "$TMP/w1.jsonl"
start_event_wallboard "ipc://$TMP/s2.ipc" "$TMP/w2.jsonl"
sleep 1
start_bg "$SIM" --bind "ipc://$TMP/s1.ipc" "${DAY[@]}" --config "$TMP/wallboard.ini" \
    --duration 20 --stats-json "$TMP/s1.jsonl" 2>"$TMP/s1.err"
sim1=$BG_PID
WB_CONFIG="$TMP/wallboard.ini" start_bg "$SIM" --bind "ipc://$TMP/s2.ipc" "${DAY[@]}" \
    --duration 20 --stats-json "$TMP/s2.jsonl" 2>"$TMP/s2.err"
sim2=$BG_PID
for p in "$ctl_pid" "$sim1" "$sim2"; do
    wait_exit "$p" 60
    [ "$RC" = 0 ] || fail "wallboard-sim exited $RC: $(cat "$TMP/c.err" "$TMP/s1.err" "$TMP/s2.err")"
done
sleep 1.5 # the screens' last stats lines, after the last snapshot

# The control's first moment (event time) with a phone call answered over 20 s.
over_ts=$(python3 - "$TMP/c.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]).read().split("\n")[:-1]:
    d = json.loads(l)
    p = [c for c in d["channels"] if c["channel"] == "phone"][0]["today"]
    if p["answered_in_sl"] < p["answered"]:
        print(d["ts"])
        sys.exit(0)
sys.exit("the control run never answered a phone call over 20 s: the window tests nothing")
PY
) || fail "control: $(tail -n 1 "$TMP/c.jsonl" | cut -c1-300)"

# check_all STATS OVER_TS: every line of STATS after data came shows the file's judgement
# (worked above), took the snapshots' day (no day mismatch), and the last one is past OVER_TS.
check_all() {
    python3 - "$1" "$2" <<'PY'
import json, sys
path, over_ts = sys.argv[1], int(sys.argv[2])
lines = [json.loads(l) for l in open(path).read().split("\n")[:-1] if l.strip()]
seen = [d for d in lines if d["applied"] > 0]
assert seen, "no data reached the screen"
for d in seen:
    assert d["snapshot_day_mismatch"] == 0, ("day mismatch", d["ts"])
    for c in d["channels"]:
        for w in ("today", "rolling"):
            x = c[w]
            assert x["answered_in_sl"] == x["answered"], (d["ts"], c["channel"], w, x)
            assert x["short_abandoned"] == x["abandoned"], (d["ts"], c["channel"], w, x)
            assert x["abandoned_in_sl"] == 0, (d["ts"], c["channel"], w, x)
            assert x["answered"] == 0 or x["sl_pct"] == 100, (d["ts"], c["channel"], w, x)
last = seen[-1]
assert last["ts"] >= over_ts, ("the run did not reach the control's call over T", last["ts"], over_ts)
phone = [c for c in last["channels"] if c["channel"] == "phone"][0]["today"]
print("phone answered %d, all within T; abandoned %d, all short" % (phone["answered"], phone["abandoned"]))
PY
}

got=$(check_all "$TMP/w1.jsonl" "$over_ts") || fail "--config: the screen did not show the file's judgement"
check_all "$TMP/s1.jsonl" "$over_ts" >/dev/null || fail "--config: the simulator's own board did not judge by the file"
grep -qF "snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" "$TMP/s1.err" ||
    fail "the configuration it judges by is not named: $(cat "$TMP/s1.err")"
grep -qF "chat, email, social, webform not in $TMP/wallboard.ini: judged by its [defaults]" \
    "$TMP/s1.err" || fail "the channels the file lacks are not named: $(cat "$TMP/s1.err")"
grep -qF " 09:58 Europe/Helsinki, snapshot every 0.5 s" "$TMP/s1.err" ||
    fail "--start is not the file's time zone: $(cat "$TMP/s1.err")"
echo "ok: --config: $got on every screen line, snapshots every 0.5 s (control: a call over 20 s)"

got=$(check_all "$TMP/w2.jsonl" "$over_ts") || fail "\$WB_CONFIG: the screen did not show the file's judgement"
grep -qF "snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" "$TMP/s2.err" ||
    fail "\$WB_CONFIG was not read: $(cat "$TMP/s2.err")"
echo "ok: \$WB_CONFIG without --config: $got"

# (3) A bad file: one line naming file, line and key, exit 2, nothing sent.
printf '[channel.chat]\nsl_threshold_s = soon\n' >"$TMP/bad.ini"
for how in flag env; do
    rc=0
    if [ $how = flag ]; then
        "$SIM" --bind "ipc://$TMP/b.ipc" --config "$TMP/bad.ini" --duration 1 2>"$TMP/b.err" || rc=$?
    else
        WB_CONFIG="$TMP/bad.ini" "$SIM" --bind "ipc://$TMP/b.ipc" --duration 1 2>"$TMP/b.err" || rc=$?
    fi
    [ "$rc" = 2 ] || fail "bad config ($how): exit $rc, want 2: $(cat "$TMP/b.err")"
    [ "$(wc -l <"$TMP/b.err")" = 1 ] || fail "bad config ($how): not one line: $(cat "$TMP/b.err")"
    grep -qF "wallboard-sim: $TMP/bad.ini:2: [channel.chat] sl_threshold_s" "$TMP/b.err" ||
        fail "bad config ($how): file, line and key not named: $(cat "$TMP/b.err")"
done
echo "ok: a bad file (--config or \$WB_CONFIG): exit 2, file, line and key named"

# (4) Nothing found: the built-in configuration, said so (when this machine has no system file).
if [ ! -e /etc/wallboard/wallboard.ini ]; then
    env -u WB_CONFIG "$SIM" --bind "ipc://$TMP/n.ipc" --duration 0.2 2>"$TMP/n.err" ||
        fail "no config: $(cat "$TMP/n.err")"
    grep -qF "snapshots judged by the wallboard's built-in configuration (no --config, \$WB_CONFIG or /etc/wallboard/wallboard.ini), time zone UTC" \
        "$TMP/n.err" || fail "no config: $(cat "$TMP/n.err")"
    echo "ok: no file: the built-in configuration, named"
fi
echo "PASS"
