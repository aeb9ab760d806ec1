#!/usr/bin/env bash
# wallboard-asterisk against a real headless wallboard. A queue_log is written line by line
# while the adapter follows it; the screen's stats are compared with totals worked by hand
# from the lines (service-level threshold 20 s inclusive, short abandons off, formula
# "answered" as Asterisk's SL). Then: a rotation by rename, a copytruncate, an adapter restart
# (the day is rebuilt from the file and the files rotated today), a screen restart (the day
# arrives by snapshot), a bad config refused with file, line and key, and a recorded log of
# two days whose first day, heard through its quiet hours, is the screen's day before; since
# when a rebuilt today is heard (a file rotated away before midnight included); a caller
# waiting since before midnight in a day rebuilt after it; and a log two hours ahead of this
# host's clock.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

ADAPTER="$WB_BIN/wallboard-asterisk"
[ -x "$ADAPTER" ] || fail "$ADAPTER is not built"

# Every line is stamped within the last 300 s. Adapter and screen both count "today" in a
# zone where it is now about noon, so that the lines are today's at any hour the test runs.
now=$(date -u +%s)
zone=$(noon_zone)
B=$((now - 250))
# epoch ZONE 'DATE TIME': the Unix time of a local time in a zone, as a queue_log stamps it.
epoch() { TZ="$1" date -d "$2" +%s; }

cfg="$TMP/asterisk.ini"
cat >"$cfg" <<'EOF'
[asterisk]
src = pbx-test
[queue.support]
name = Support
[agent.a-alice]
name = Alice Aalto
team = Blue
member = Alice
member = PJSIP/2001
[wallboard]
stale_after_s = 3
timezone = @ZONE@
[defaults]
sl_threshold_s = 20
short_abandon_s = 0
sl_formula = answered
EOF
sed -i "s|@ZONE@|$zone|" "$cfg"
# The screen uses the same service-level settings (the adapter's snapshots carry its counts).
wbcfg="$TMP/wallboard.ini"
printf '[wallboard]\nstale_after_s = 3\ntimezone = %s\n[defaults]\nsl_threshold_s = 20\nshort_abandon_s = 0\nsl_formula = answered\n' "$zone" >"$wbcfg"

ql="$TMP/queue_log"
url="ipc://$TMP/asterisk.ipc"
line() { printf '%s\n' "$*" >>"$ql"; }

# --- before the adapter starts: three members, one answered call, one abandoned -----------
line "$B|NONE|sales|PJSIP/2001|ADDMEMBER|"
line "$B|NONE|sales|Bob|ADDMEMBER|"
line "$B|NONE|support|Carol|ADDMEMBER|"
line "$((B + 1))|c1|sales|NONE|ENTERQUEUE||5550001|1"
line "$((B + 5))|c2|sales|NONE|ENTERQUEUE||5550002|2"
line "$((B + 11))|c1|sales|Alice|CONNECT|10|1700000000.11|2"
line "$((B + 40))|c2|sales|NONE|ABANDON|1|2|35"

start_adapter() {
    start_bg "$ADAPTER" --queue-log "$ql" --bind "$url" --config "$cfg" --snapshot-s 1 \
        2>>"$TMP/adapter.log"
    ADAPTER_PID=$BG_PID
}
start_screen() { # start_screen STATS
    start_bg "$WALLBOARD" --headless --config "$wbcfg" --connect "$url" --stats-json "$1" \
        --exit-after 300
    SCREEN_PID=$BG_PID
}

start_adapter
stats="$TMP/stats1.jsonl"
start_screen "$stats"
# Rebuilt day: c1 answered after 10 s (in SL), c2 abandoned after 35 s.
wait_stats "$stats" '(ch("phone") and ch("phone")["today"]["answered"] == 1 and
    ch("phone")["today"]["abandoned"] == 1 and ch("phone")["today"]["answered_in_sl"] == 1 and
    ch("phone")["agents"]["busy"] == 1 and ch("phone")["agents"]["available"] == 2)' >/dev/null
echo "ok: the day so far is rebuilt from the file and arrives by snapshot"

# --- live, line by line ---------------------------------------------------------------------
for l in \
    "$((B + 50))|c3|support|NONE|ENTERQUEUE||5550003|1" \
    "$((B + 60))|c4|sales|NONE|ENTERQUEUE||5550004|1" \
    "$((B + 65))|c4|sales|NONE|EXITWITHKEY|1|1|1|5" \
    "$((B + 70))|c5|sales|NONE|ENTERQUEUE||5550005|1" \
    "$((B + 75))|c3|support|Carol|CONNECT|25|1700000000.33|3" \
    "$((B + 90))|c5|sales|Bob|CONNECT|20|1700000000.55|2" \
    "$((B + 100))|c1|sales|Alice|COMPLETECALLER|10|89|1" \
    "$((B + 105))|NONE|NONE|Bob|PAUSEALL|lunch|break" \
    "$((B + 110))|c6|sales|NONE|ENTERQUEUE||5550006|1" \
    "$((B + 112))|c7|support|NONE|ENTERQUEUE||5550007|1" \
    "$((B + 115))|c8|sales|NONE|ENTERQUEUE||5550008|2" \
    "$((B + 118))|c8|sales|NONE|EXITEMPTY|2|2|3" \
    "this is not a queue_log line" \
    "$((B + 119))|c9|sales|NONE|FROBNICATE|1"; do
    line "$l"
    sleep 0.05
done
# By hand: answered c1 (10 s), c3 (25 s), c5 (20 s) -> 3, in SL (<= 20 s) c1 and c5 -> 2;
# abandoned c2 (35 s) and c8 (3 s, EXITEMPTY) -> 2, in SL 1; c4 pressed a key: not counted.
# ASA (10 + 25 + 20) / 3 = 18.333 s; SL answered 2/3 = 66.667 %; completed 1, AHT 89 s
# (talk); waiting now c6 and c7. Agents: Alice back from her call; Bob, paused during his
# call, busy on it with the pause to follow (pausing); Carol busy.
expect_day() { # expect_day STATS answered in_sl abandoned ab_in_sl asa waiting [timeout]
    # A screen that has just started may write lines before the phone channel exists.
    wait_stats "$1" "(ch('phone') is not None and ch('phone')['today']['answered'] == $2 and
        ch('phone')['today']['answered_in_sl'] == $3 and ch('phone')['today']['abandoned'] == $4
        and ch('phone')['today']['abandoned_in_sl'] == $5
        and abs(ch('phone')['today']['asa_s'] - $6) < 0.01 and ch('phone')['waiting'] == $7)" \
        "${8:-30}"
}
got=$(expect_day "$stats" 3 2 2 1 18.333 2)
python3 - "$got" <<'EOF' || fail "live totals differ from the hand-worked ones: $got"
import json, sys
d = json.loads(sys.argv[1])
ph = next(c for c in d["channels"] if c["channel"] == "phone")
t = ph["today"]
assert abs(t["sl_pct"] - 66.667) < 0.01, t
assert t["completed"] == 1 and abs(t["aht_s"] - 89) < 0.01, t
assert {k: ph["agents"][k] for k in ("available", "busy", "wrapup", "paused", "offline")} == {"available": 1, "busy": 2, "wrapup": 0, "paused": 0, "offline": 0}, ph
# The busy agents are on phone calls they answered (CONNECT): busy here on phone; Bob's pause
# comes after his call.
assert ph["agents"]["busy_here"] == 2 and ph["agents"]["wrapup_here"] == 0, ph
assert ph["agents"]["pausing"] == 1, ph
qs = {q["queue"]: q for q in d["queues"]}
assert qs["sales"]["today"]["answered"] == 2 and qs["sales"]["today"]["abandoned"] == 2, qs
# The configured display name replaces the Asterisk queue name.
assert qs["Support"]["today"]["answered"] == 1 and qs["Support"]["waiting"] == 1, qs
EOF
echo "ok: live lines give the hand-worked totals (answered 3, in SL 2, abandoned 2, ASA 18.333 s, waiting 2)"

# --- rotation by rename, then copytruncate ----------------------------------------------------
mv "$ql" "$ql.1"
line "$((B + 120))|c6|sales|Alice|CONNECT|10|1700000000.66|2"
# c6 entered in the rotated file and is answered in the new one: answered 4, in SL 3,
# ASA (55 + 10) / 4 = 16.25 s, waiting 1.
expect_day "$stats" 4 3 2 1 16.25 1 >/dev/null
echo "ok: a rotation by rename is followed"
mv "$ql.1" "$ql.2"
cp "$ql" "$ql.1"
: >"$ql"
sleep 0.5
line "$((B + 125))|c7|support|NONE|ABANDON|1|1|13"
# c7 abandoned after 13 s: abandoned 3, in SL 2; nobody waits.
expect_day "$stats" 4 3 3 2 16.25 0 >/dev/null
echo "ok: a copytruncate is followed"

# --- adapter restart: the day is rebuilt from the file and today's rotated files ------------
kill "$ADAPTER_PID"
wait "$ADAPTER_PID" 2>/dev/null || true
old_seq=$(tail -n1 "$stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sources"][0]["last_seq"])')
start_adapter
# The restarted adapter numbers from 1 again: wait until the screen follows the new one.
wait_stats "$stats" "(d['sources'][0]['last_seq'] < $old_seq and not d['stale'])" >/dev/null
expect_day "$stats" 4 3 3 2 16.25 0 >/dev/null
wait_stats "$stats" 'not d["stale"] and d["resyncing"] == 0' >/dev/null
grep -q "read $ql.2 (rotated today)" "$TMP/adapter.log" || fail "the rotated file was not read"
echo "ok: an adapter restart keeps the day"

# --- screen restart: the day arrives within one snapshot interval -----------------------------
kill "$SCREEN_PID"
wait "$SCREEN_PID" 2>/dev/null || true
stats2="$TMP/stats2.jsonl"
start_screen "$stats2"
expect_day "$stats2" 4 3 3 2 16.25 0 10 >/dev/null
echo "ok: a restarted screen gets the day by snapshot"

# --- Asterisk restarts: the calls in progress are gone, the day's counts stay ----------------
line "$((B + 130))|c10|sales|NONE|ENTERQUEUE||5550010|1"
expect_day "$stats2" 4 3 3 2 16.25 1 >/dev/null
line "$((B + 131))|NONE|NONE|NONE|QUEUESTART|"
expect_day "$stats2" 4 3 3 2 16.25 0 >/dev/null
grep -q "QUEUESTART at $((B + 131))" "$TMP/adapter.log" || fail "QUEUESTART not logged"
echo "ok: QUEUESTART drops the waiting call and keeps the day"

# --- refusals are counted, never fatal; a bad config names file, line and key ----------------
kill -0 "$ADAPTER_PID" || fail "the adapter died"
kill -TERM "$ADAPTER_PID"
wait_exit "$ADAPTER_PID" 10
[ "$RC" -eq 0 ] || fail "adapter exit code $RC after SIGTERM"
grep -q "line refused (fields): this is not a queue_log line" "$TMP/adapter.log" ||
    fail "the malformed line was not reported"
grep -q "unknown_verb 1" "$TMP/adapter.log" || fail "the unknown verb was not counted"
printf '[asterisk]\nsrc = x\n[queue.sales]\nwrapup_s = soon\n' >"$TMP/bad.ini"
if "$ADAPTER" --queue-log "$ql" --bind "ipc://$TMP/bad.ipc" --config "$TMP/bad.ini" \
    2>"$TMP/bad.err"; then
    fail "a bad config was accepted"
fi
grep -qF "$TMP/bad.ini:4: [queue.sales] wrapup_s: expected seconds from 0 to 86400 (got 'soon')" \
    "$TMP/bad.err" || fail "bad config message: $(cat "$TMP/bad.err")"
echo "ok: bad lines counted, bad config refused with file, line and key"

# --- --from-start replays a recorded day as that day (a screen on the event clock) ------------
R=1700000000
rec="$TMP/recorded_queue_log"
printf '%s\n' "$R|NONE|sales|Alice|ADDMEMBER|" "$((R + 1))|r1|sales|NONE|ENTERQUEUE||1|1" \
    "$((R + 11))|r1|sales|Alice|CONNECT|10|x|1" "$((R + 100))|r1|sales|Alice|COMPLETECALLER|10|89|1" \
    "$((R + 200))|r2|sales|NONE|ENTERQUEUE||1|1" "$((R + 230))|r2|sales|NONE|ABANDON|1|1|30" \
    "$((R + 300))|r3|sales|NONE|ENTERQUEUE||1|1" >"$rec"
start_bg "$ADAPTER" --queue-log "$rec" --bind "ipc://$TMP/replay.ipc" --config "$cfg" \
    --from-start --snapshot-s 1 2>>"$TMP/replay.log"
wait_grep "$TMP/replay.log" "following $rec"
start_bg "$WALLBOARD" --headless --config "$wbcfg" --connect "ipc://$TMP/replay.ipc" \
    --clock event --stats-json "$TMP/replay.jsonl" --exit-after 120
# r1 answered after 10 s, r2 abandoned after 30 s, r3 still waiting; the clock is the log's.
expect_day "$TMP/replay.jsonl" 1 1 1 0 10 1 >/dev/null
wait_stats "$TMP/replay.jsonl" 'd["ts"] == 1700000300000' >/dev/null
echo "ok: --from-start replays a recorded day on its own clock"

# --- the log is heard through its quiet hours: a day it covers whole is the day before ------
# Two recorded days in Helsinki (2024-04-01 and 02; not a daylight-saving day, across which no
# day before is kept at all): an agent logs in at 05:00, a call every hour from 07:10 to 19:10
# but none from 11:11 to 14:10, nor overnight; the next morning three calls. The adapter's
# model hears the lines at their own times: hours of silence, unless the log counts as heard
# through them. It does (the log records every moment it spans), so the first day is watched
# from 05:00, an hour or more before its first call: whole. The snapshot carries it as the day
# before, and a screen started on the second day shapes its forecast by it. A log whose first
# line is the first call's says nothing of the hour before: not whole, no day before sent.
# Nor one whose agent logged in twelve days before (2024-03-20 05:00, then nothing until the
# first call): a gap of over a week between two lines is left as the silence it looks like.
# The second day's calls are today's (the log's clock is the adapter's with --from-start).
hel() { epoch Europe/Helsinki "$1"; }
two_days() { # two_days FILE FIRST_LINE(yes: 05:00 | gap: 12 days before | no: the first call's)
    local f=$1 t
    : >"$f"
    if [ "$2" = yes ]; then echo "$(hel '2024-04-01 05:00')|NONE|sales|Alice|ADDMEMBER|" >>"$f"; fi
    if [ "$2" = gap ]; then echo "$(hel '2024-03-20 05:00')|NONE|sales|Alice|ADDMEMBER|" >>"$f"; fi
    for h in 07 08 09 10 11 14 15 16 17 18 19 D07 D08 D09; do
        case $h in
        D*) t=$(hel "2024-04-02 ${h#D}:10") ;;
        *) t=$(hel "2024-04-01 $h:10") ;;
        esac
        if [ "$2" = no ] && [ "$h" = 07 ]; then echo "$t|NONE|sales|Alice|ADDMEMBER|" >>"$f"; fi
        printf '%s\n' "$t|w$h|sales|NONE|ENTERQUEUE||1|1" "$((t + 5))|w$h|sales|Alice|CONNECT|5|x|1" \
            "$((t + 65))|w$h|sales|Alice|COMPLETECALLER|5|60|1" >>"$f"
    done
}
printf '[asterisk]\nsrc = pbx-days\n[wallboard]\ntimezone = Europe/Helsinki\n' >"$TMP/hel.ini"
printf '[wallboard]\ntimezone = Europe/Helsinki\n' >"$TMP/hel-wb.ini"
for first in yes no gap; do
    two_days "$TMP/days_$first" "$first"
    start_bg "$ADAPTER" --queue-log "$TMP/days_$first" --bind "ipc://$TMP/days_$first.ipc" \
        --config "$TMP/hel.ini" --from-start --snapshot-s 1 2>>"$TMP/days_$first.log"
    wait_grep "$TMP/days_$first.log" "following $TMP/days_$first"
    start_bg "$WALLBOARD" --headless --config "$TMP/hel-wb.ini" --clock event \
        --connect "ipc://$TMP/days_$first.ipc" --stats-json "$TMP/days_$first.jsonl" --exit-after 120
    # The second day's three calls arrive by snapshot, and with them its day before (or none).
    wait_stats "$TMP/days_$first.jsonl" 'ch("phone")["today"]["answered"] == 3' >/dev/null
    if [ "$first" = yes ]; then want=day_before; else want=none; fi
    wait_stats "$TMP/days_$first.jsonl" "ch(\"phone\")[\"forecast\"][\"shape\"] == \"$want\"" 10 \
        >/dev/null || fail "a log whose first line is '$first': the screen's shape is not $want"
done
# The summary says since when today is heard: the second day's midnight, as the log ran on.
grep -qF "published the file: 43 lines" "$TMP/days_yes.log" || fail "$(cat "$TMP/days_yes.log")"
grep -q "published the file: .*; today heard from 00:00:00" "$TMP/days_yes.log" ||
    fail "summary: $(cat "$TMP/days_yes.log")"
echo "ok: a recorded log heard through its quiet hours gives a whole day before; one begun at the first call, or after a gap of 12 days, does not"

# --- rebuilding today: heard from midnight when the file began before it --------------------
# In the noon zone it is now about 12:30. A file whose first line is yesterday's 22:00 has
# said everything since then: today is heard from 00:00:00, though its lines (07:10 and
# 09:10) leave hours of silence. A file that begins with today's 07:10 is heard from then,
# unless a file rotated away last written yesterday at 22:00 lies beside it (a nightly
# rotation after a quiet evening, FILE.1 or compressed FILE.1.gz, not read: not today's), so
# the log said nothing from then until 07:10; or until today's FILE.1, read first, begins at
# 06:10 (FILE.2 yesterday's). Not when that file was rotated away 12 days ago, nor when a
# rotated file the adapter does not read (FILE.0, Asterisk's own numbering) was written
# today: today then has lines that were not read.
rotated() { # rotated FILE SUFFIX 'WHEN': a rotated file of one line, last written then
    local t
    t=$(epoch "$zone" "$3")
    echo "$t|NONE|sales|Alice|ADDMEMBER|" >"$1.$2"
    touch -d "@$t" "$1.$2"
}
for first in yesterday today rotated rotated_gz rotated_old rotated_today rotated_zero; do
    f="$TMP/today_$first"
    : >"$f"
    case $first in
    yesterday) echo "$(epoch "$zone" 'yesterday 22:00')|NONE|sales|Alice|ADDMEMBER|" >>"$f" ;;
    rotated) rotated "$f" 1 'yesterday 22:00' ;;
    rotated_gz) rotated "$f" 1 'yesterday 22:00' && gzip "$f.1" ;;
    rotated_old) rotated "$f" 1 '12 days ago 22:00' ;;
    rotated_today) rotated "$f" 2 'yesterday 22:00' && rotated "$f" 1 'today 06:10' ;;
    rotated_zero) rotated "$f" 1 'yesterday 22:00' && rotated "$f" 0 'today 06:10' ;;
    esac
    for hm in 07:10 09:10; do
        t=$(epoch "$zone" "today $hm")
        printf '%s\n' "$t|NONE|sales|Alice|ADDMEMBER|" "$t|t$hm|sales|NONE|ENTERQUEUE||1|1" \
            "$((t + 5))|t$hm|sales|Alice|CONNECT|5|x|1" >>"$f"
    done
    start_bg "$ADAPTER" --queue-log "$f" --bind "ipc://$TMP/today_$first.ipc" --config "$cfg" \
        2>>"$TMP/today_$first.log"
    wait_grep "$TMP/today_$first.log" "following $f"
    case $first in
    today | rotated_old | rotated_zero) want="07:10:00" ;;
    *) want="00:00:00" ;;
    esac
    grep -q "rebuilt today: .*; today heard from $want" "$TMP/today_$first.log" ||
        fail "a file from $first: $(cat "$TMP/today_$first.log")"
done
# Nor when the file itself is not there yet (rotated away, not yet written again).
f="$TMP/today_missing"
rotated "$f" 1 'yesterday 22:00'
start_bg "$ADAPTER" --queue-log "$f" --bind "ipc://$TMP/today_missing.ipc" --config "$cfg" \
    2>>"$TMP/today_missing.log"
wait_grep "$TMP/today_missing.log" "rebuilt today"
if grep -q "today heard from 00:00:00" "$TMP/today_missing.log"; then
    fail "a missing file: $(cat "$TMP/today_missing.log")"
fi
echo "ok: a rebuilt day is heard from midnight when the file, or the file rotated away before it, began before it; else from its first line"

# --- rebuilding just after midnight: a caller waiting since yesterday -------------------------
# In a zone where it is now about 01:30, y1 entered at yesterday's 23:50 and t1 at today's
# 00:20; both still wait. The rebuilt day leaves yesterday's contacts out, but y1 waits today:
# the screen shows 2 waiting, the oldest y1 (about 100 minutes), where it showed t1 alone.
off=$((10#$(date -u +%H) - 1))
((off <= 12)) || off=$((off - 24))
if ((off < 0)); then early="Etc/GMT$off"; else early="Etc/GMT+$off"; fi
sed "s|^timezone = .*|timezone = $early|" "$cfg" >"$TMP/early.ini"
sed "s|^timezone = .*|timezone = $early|" "$wbcfg" >"$TMP/early_wb.ini"
f="$TMP/early"
y1=$(($(epoch "$early" 'today 00:00') - 600))
t1=$(epoch "$early" 'today 00:20')
printf '%s\n' "$y1|y1|sales|NONE|ENTERQUEUE||1|1" "$t1|t1|sales|NONE|ENTERQUEUE||1|1" >"$f"
start_bg "$ADAPTER" --queue-log "$f" --bind "ipc://$TMP/early.ipc" --config "$TMP/early.ini" \
    --snapshot-s 1 2>>"$TMP/early.log"
wait_grep "$TMP/early.log" "following $f"
start_bg "$WALLBOARD" --headless --config "$TMP/early_wb.ini" --connect "ipc://$TMP/early.ipc" \
    --stats-json "$TMP/early.jsonl" --exit-after 60
got=$(wait_stats "$TMP/early.jsonl" 'ch("phone") is not None and ch("phone")["waiting"] == 2') ||
    fail "a caller waiting since yesterday is not on the screen: $(tail -n 1 "$TMP/early.jsonl")"
python3 - "$got" "$y1" <<'PY' || fail "the oldest wait is not y1's: $got"
import json, sys, time
d = json.loads(sys.argv[1])
ph = next(c for c in d["channels"] if c["channel"] == "phone")
want = d["ts"] / 1000 - int(sys.argv[2])
assert abs(ph["oldest_wait_s"] - want) < 5, (ph["oldest_wait_s"], want)
assert ph["today"]["answered"] == 0 and ph["today"]["abandoned"] == 0, ph
PY
echo "ok: a caller waiting since before midnight is waiting in a day rebuilt after it"

# --- an Asterisk whose clock is two hours ahead of this host's -------------------------------
# The adapter's model takes the log's times as they are (no "too far ahead" refusal): the
# rebuilt call is in its snapshots. A screen on the wall clock would refuse them, stamped two
# hours ahead of its own clock (future_ts); one on the event clock takes them and shows it.
f="$TMP/ahead"
t=$((now + 7200))
printf '%s\n' "$t|NONE|sales|Alice|ADDMEMBER|" "$t|ah|sales|NONE|ENTERQUEUE||1|1" \
    "$((t + 5))|ah|sales|Alice|CONNECT|5|x|1" "$((t + 65))|ah|sales|Alice|COMPLETECALLER|5|60|1" >"$f"
start_bg "$ADAPTER" --queue-log "$f" --bind "ipc://$TMP/ahead.ipc" --config "$cfg" \
    --snapshot-s 1 2>>"$TMP/ahead.log"
wait_grep "$TMP/ahead.log" "following $f"
grep -q "rebuilt today: 4 lines" "$TMP/ahead.log" || fail "ahead: $(cat "$TMP/ahead.log")"
if grep -q "refused by the adapter's own model" "$TMP/ahead.log"; then
    fail "ahead: $(cat "$TMP/ahead.log")"
fi
start_bg "$WALLBOARD" --headless --config "$wbcfg" --clock event \
    --connect "ipc://$TMP/ahead.ipc" --stats-json "$TMP/ahead.jsonl" --exit-after 60
wait_stats "$TMP/ahead.jsonl" 'ch("phone") is not None and ch("phone")["today"]["answered"] == 1' >/dev/null ||
    fail "ahead: the rebuilt call is not on the screen"
echo "ok: a log two hours ahead of this host's clock is rebuilt whole"
echo "PASS"
