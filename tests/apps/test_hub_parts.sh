#!/usr/bin/env bash
# Snapshots above 64 KiB: two publishers of 1,000 agents each (the per-publisher limit) and
# 100 queues each, one contact waiting in every queue: 2,000 agents and 200 queues. Each of
# the hub's snapshots of one publisher is larger than one message, so it goes out in parts.
# A screen started after the publishers went quiet learns the day only from those parts
# (--connect) or from the hub's answer (--hub): both show 2,000 available agents and 200
# contacts waiting on phone.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
python3 -c 'import ctypes; ctypes.CDLL("libnanomsg.so.5")' 2>/dev/null ||
    { echo "SKIP: libnanomsg.so.5 cannot be loaded from Python"; exit 77; }

cat >"$TMP/pub.py" <<'PY'
import ctypes, sys, time
nn = ctypes.CDLL("libnanomsg.so.5")
s = nn.nn_socket(1, 32)
nn.nn_connect(s, sys.argv[1].encode())
time.sleep(1.0)
now = int(time.time() * 1000)
msgs = []
for src in ("site-a", "site-b"):
    seq = 0
    for i in range(1000):
        seq += 1
        msgs.append('{"v":1,"type":"agent.state","ts":%d,"src":"%s","seq":%d,"agent":"%s-agent-%04d",'
                    '"name":"Agent %d of %s","team":"Team %d","state":"available","channels":["phone"]}'
                    % (now, src, seq, src, i, i, src, i % 20))
    for q in range(100):
        seq += 1
        msgs.append('{"v":1,"type":"contact.queued","ts":%d,"src":"%s","seq":%d,"id":"%s-c%d",'
                    '"channel":"phone","queue":"%s-queue-%03d"}' % (now, src, seq, src, q, src, q))
for k, m in enumerate(msgs):
    b = m.encode()
    nn.nn_send(s, b, len(b), 0)
    if k % 50 == 49:
        time.sleep(0.01)
# Heartbeats keep both publishers live on the hub.
seq_after = {"site-a": 1101, "site-b": 1101}
end = time.time() + 60
while time.time() < end:
    for src in seq_after:
        b = ('{"v":1,"type":"heartbeat","ts":%d,"src":"%s","seq":%d}'
             % (int(time.time() * 1000), src, seq_after[src])).encode()
        seq_after[src] += 1
        nn.nn_send(s, b, len(b), 0)
    time.sleep(0.5)
PY

in_url="ipc://$TMP/in.ipc"
hub_url="ipc://$TMP/hub.ipc"
start_bg "$HUB" --listen "$in_url" --bind "$hub_url" --snapshot-s 1 --stats-json "$TMP/hub.jsonl" \
    --exit-after 60 2>"$TMP/hub.err"
hub=$BG_PID
start_bg python3 "$TMP/pub.py" "$in_url"
all='d["agents"]["available"] == 2000 and ch("phone")["waiting"] == 200'
wait_stats "$TMP/hub.jsonl" "$all" 30 >/dev/null || fail "the hub did not get the 2,200 events"
echo "ok: hub holds 2,000 agents and 200 queues"

start_bg "$WALLBOARD" --headless --connect "$hub_url" --stats-json "$TMP/parts.jsonl" --exit-after 60
start_bg "$WALLBOARD" --headless --hub "$hub_url" --stats-json "$TMP/join.jsonl" --exit-after 60 \
    2>"$TMP/join.err"
wait_stats "$TMP/parts.jsonl" "$all and len(d['sources']) >= 2" 15 >/dev/null
echo "ok: screen on the stream alone reassembled the parts: 2,000 agents, 200 waiting"
wait_stats "$TMP/join.jsonl" "$all" 15 >/dev/null
grep -q "joined the hub: 2 snapshot" "$TMP/join.err" || fail "$(cat "$TMP/join.err")"
first=$(head -n 1 "$TMP/join.jsonl" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["agents"]["available"])')
[ "$first" -eq 2000 ] || fail "the joining screen's first line shows $first agents, not 2000"
echo "ok: joining screen showed all 2,000 agents in its first stats line"

kill -TERM "$hub"
wait_exit "$hub" 20
grep -Eq "snapshots \([1-9][0-9]* parts, 0 not made\)" "$TMP/hub.err" || fail "no parts sent: $(cat "$TMP/hub.err")"
echo "PASS"
