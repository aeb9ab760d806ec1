#!/usr/bin/env bash
# The hub's journal read back at start: a day file written by hand (three contacts on phone,
# then a line torn by a power cut) rebuilds exactly that day: 2 answered, 1 abandoned, 0
# waiting; the torn line is skipped, counted, and cut off before anything is appended. Day
# files older than --keep-days are removed; other files in the directory are left alone. A day
# file that cannot be written (a link to /dev/full: the disk is full) is said once on stderr,
# and the hub goes on counting and forwarding.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
python3 -c 'import ctypes; ctypes.CDLL("libnanomsg.so.5")' 2>/dev/null ||
    { echo "SKIP: libnanomsg.so.5 cannot be loaded from Python"; exit 77; }

journal="$TMP/journal"
mkdir -p "$journal"
now=$(now_ms)
# Times today: a few minutes ago. Day files are named after the local date in the hub's zone,
# one where it is now about noon, so that these times are today's at any hour the test runs.
zone=$(noon_zone)
# E-mails wait for days, as in the example configuration.
printf '[wallboard]\ntimezone = %s\n[channel.email]\nwaiting_expiry_min = 2880\n' "$zone" >"$TMP/hub.ini"
day_of() { TZ="$zone" date -d "@$1" +%F; }
t0=$((now - 300000))
today=$(day_of $((now / 1000)))
line() { # line RX TYPE ID TS SEQ
    printf '{"rx":%s,"msg":{"v":1,"type":"%s","ts":%s,"src":"acd","seq":%s,"id":"%s","channel":"phone"}}\n' \
        "$1" "$2" "$4" "$5" "$3"
}
{
    line "$t0" contact.queued c1 "$t0" 1
    line "$((t0 + 10000))" contact.answered c1 "$((t0 + 10000))" 2
    line "$((t0 + 20000))" contact.queued c2 "$((t0 + 20000))" 3
    line "$((t0 + 25000))" contact.answered c2 "$((t0 + 25000))" 4
    line "$((t0 + 30000))" contact.queued c3 "$((t0 + 30000))" 5
    line "$((t0 + 90000))" contact.abandoned c3 "$((t0 + 90000))" 6
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"acd","seq":7,"id":"c4","cha' \
        "$((t0 + 95000))" "$((t0 + 95000))"
} >"$journal/$today.jsonl"
touch "$journal/2001-01-01.jsonl" "$journal/notes.txt"
# Yesterday, from another publisher: an agent signs in, an e-mail is queued and still waits,
# a phone call is queued and abandoned. Today starts with the agent signed in and the e-mail
# waiting; the abandon is yesterday's and counts nowhere today.
ty=$((t0 - 86400000))
{
    printf '{"rx":%s,"msg":{"v":1,"type":"agent.state","ts":%s,"src":"pbx","seq":1,"agent":"a1","state":"available","channels":["phone","email"]}}\n' "$ty" "$ty"
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"pbx","seq":2,"id":"e1","channel":"email"}}\n' "$((ty + 1000))" "$((ty + 1000))"
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"pbx","seq":3,"id":"y1","channel":"phone"}}\n' "$((ty + 2000))" "$((ty + 2000))"
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.abandoned","ts":%s,"src":"pbx","seq":4,"id":"y1","channel":"phone"}}\n' "$((ty + 9000))" "$((ty + 9000))"
} >"$journal/$(day_of $((now / 1000 - 86400))).jsonl"

start_bg "$HUB" --config "$TMP/hub.ini" --listen "ipc://$TMP/in.ipc" --bind "ipc://$TMP/hub.ipc" --journal "$journal" \
    --keep-days 3 --stats-json "$TMP/hub.jsonl" --exit-after 60 2>"$TMP/hub.err"
hub=$BG_PID
wait_grep "$TMP/hub.err" "$today.jsonl: "
grep -q "$(day_of $((now / 1000 - 86400))).jsonl: 4 lines rebuilt in .* 0 torn, 0 bad" "$TMP/hub.err" ||
    fail "yesterday's file not read first: $(cat "$TMP/hub.err")"
grep -q "$today.jsonl: 6 lines rebuilt in .* 1 torn, 0 bad" "$TMP/hub.err" || fail "$(cat "$TMP/hub.err")"
wait_stats "$TMP/hub.jsonl" \
    '(ch("phone")["today"]["answered"] == 2 and ch("phone")["today"]["abandoned"] == 1 and ch("phone")["waiting"] == 0
     and ch("email")["waiting"] == 1 and ch("email")["today"]["answered"] == 0 and d["agents"]["available"] == 1)' \
    10 >/dev/null
echo "ok: yesterday's 4 lines and today's 6 rebuilt (today 2 answered, 1 abandoned, 0 waiting on phone; the e-mail queued yesterday still waits, the agent signed in yesterday is available), 1 torn line skipped"

[ ! -e "$journal/2001-01-01.jsonl" ] || fail "a day file older than --keep-days was kept"
[ -e "$journal/notes.txt" ] || fail "a file that is not a day file was removed"
[ -e "$journal/$(day_of $((now / 1000 - 86400))).jsonl" ] || fail "yesterday's file was removed"
echo "ok: old day files removed, others kept"

# A message now goes after the last whole line: the torn one is gone.
cat >"$TMP/pub.py" <<'PY'
import ctypes, sys, time
nn = ctypes.CDLL("libnanomsg.so.5")
s = nn.nn_socket(1, 32)
nn.nn_connect(s, sys.argv[1].encode())
m = ('{"v":1,"type":"contact.queued","ts":%s,"src":"acd","seq":8,"id":"c5","channel":"phone"}' % sys.argv[2]).encode()
for _ in range(30):
    nn.nn_send(s, m, len(m), 0)
    time.sleep(0.1)
PY
start_bg python3 "$TMP/pub.py" "ipc://$TMP/in.ipc" "$(now_ms)"
wait_stats "$TMP/hub.jsonl" 'ch("phone")["waiting"] == 1' 10 >/dev/null
sleep 1.5
python3 - "$journal/$today.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "the file does not end with a newline"
lines = lines[:-1]
for l in lines:
    json.loads(l)
assert len(lines) == 7, "expected the 6 old lines and 1 new one, got %d" % len(lines)
assert json.loads(lines[6])["msg"]["id"] == "c5"
PY
echo "ok: the torn line was cut off; the new message follows the last whole line"
kill -TERM "$hub"
wait_exit "$hub" 20
[ "$RC" -eq 0 ] || fail "hub exit code $RC"

# bad_day_file NAME WHY: a hub whose journal directory $TMP/NAME holds today's day file as
# made by the caller (not a regular file) is fed one contact: the file is said not to be read
# back, the write failure is said once with WHY, and the hub counts on and stops on SIGTERM.
bad_day_file() {
    local dir="$TMP/$1" err="$TMP/$1.err" stats="$TMP/$1.jsonl"
    start_bg "$HUB" --config "$TMP/hub.ini" --listen "ipc://$TMP/$1-in.ipc" \
        --bind "ipc://$TMP/$1-out.ipc" --journal "$dir" --stats-json "$stats" --exit-after 60 \
        2>"$err"
    hub=$BG_PID
    start_bg python3 "$TMP/pub.py" "ipc://$TMP/$1-in.ipc" "$(now_ms)"
    wait_stats "$stats" 'ch("phone")["waiting"] == 1' 10 >/dev/null
    wait_grep "$err" "cannot write"
    sleep 2.5
    n=$(grep -c "cannot write" "$err" || true)
    [ "$n" -eq 1 ] || fail "$1: the failure was said $n times, not once: $(cat "$err")"
    grep -qF "wallboard-hub: --journal: cannot write $dir/$today.jsonl: $2" "$err" ||
        fail "$1: $(cat "$err")"
    grep -qF "wallboard-hub: $dir/$today.jsonl: not a regular file (a device, a pipe or a directory): not read" \
        "$err" || fail "$1: $(cat "$err")"
    kill -TERM "$hub"
    wait_exit "$hub" 20
    [ "$RC" -eq 0 ] || fail "$1: hub exit code $RC"
}

# Today's day file on a full disk (a link to /dev/full): said once; the hub goes on.
mkdir -p "$TMP/full"
ln -s /dev/full "$TMP/full/$today.jsonl"
bad_day_file full "No space left on device"
echo "ok: a full disk said once; the hub went on counting"

# Today's day file a FIFO: its open once waited for a reader for ever, SIGTERM and all. It is
# neither read back nor written, said so once, and the hub forwards and stops as it should.
mkdir -p "$TMP/fifo"
mkfifo "$TMP/fifo/$today.jsonl"
bad_day_file fifo "not a regular file (a FIFO or a socket)"
echo "ok: a FIFO for today's file is neither read nor written, said once; the hub stops on SIGTERM"

# On event time the events say which day it is, not the files' names: a hub on --clock event
# reads today's file only (yesterday's may hold a later recorded day, or today's again).
mkdir -p "$TMP/ev"
cp "$journal/$(day_of $((now / 1000 - 86400))).jsonl" "$TMP/ev/"
: >"$TMP/ev/$today.jsonl"
start_bg "$HUB" --config "$TMP/hub.ini" --listen "ipc://$TMP/ev-in.ipc" --bind "ipc://$TMP/ev-out.ipc" \
    --journal "$TMP/ev" --clock event --exit-after 30 2>"$TMP/ev.err"
hub=$BG_PID
wait_grep "$TMP/ev.err" "$today.jsonl: "
if grep -q "$(day_of $((now / 1000 - 86400))).jsonl" "$TMP/ev.err"; then
    fail "a hub on event time read yesterday's file: $(cat "$TMP/ev.err")"
fi
kill -TERM "$hub"
wait_exit "$hub" 20
echo "ok: a hub on event time reads today's file only"
echo "PASS"
