#!/usr/bin/env bash
# Join requests in a loop: a hub holding a publisher's day, and 20 REQ sockets (set as a screen
# sets its own: asking again after 1 s) that each ask again as soon as their answer is in, for
# 4 s. Every request must get a whole, correct answer (a hub.reply header naming the one
# source, then that source's snapshot, its "today" never going back on one socket), but the hub
# may build at most one answer per 500 ms (wb_hubrep.h), plus the first: with the loop running
# E seconds, at most floor(E / 0.5) + 2 answers (the margin: a screen's request that came after
# the loop's last). Counted twice: on the client, the distinct answers received (two answers
# built apart differ at least in how long the hub has not heard the publisher, "silent_ms" on
# the wall clock, unless built within the same millisecond), and in the hub's own summary at
# exit. Before the change each request had an answer built for it alone: over a hundred a
# second here.
#
# A real screen started with --hub during the loop must still join at once (its request is
# answered by the next answer built) and then show the hub's "today" (compared once the
# publisher has ended): nothing missed or counted twice around the answer it waited for.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
need_py_nanomsg

pub="ipc://$TMP/pub.ipc"
hub_url="ipc://$TMP/hub.ipc"
start_bg "$SIM" --bind "$pub" --seed 9 --speed 40 --start 09:00 --snapshot-every 0 --duration 16
sim=$BG_PID
start_bg "$HUB" --connect "$pub" --bind "$hub_url" --clock event --snapshot-s 60 \
    --stats-json "$TMP/hub.jsonl" --exit-after 120 2>"$TMP/hub.err"
hub=$BG_PID
wait_stats "$TMP/hub.jsonl" 'sum(c["today"]["answered"] for c in d["channels"]) >= 10' 40 >/dev/null

# The loop, in the background; the screen joins one second into it.
python3 - "$hub_url.req" 20 4 >"$TMP/loop.out" 2>"$TMP/loop.err" <<'PY' &
import ctypes, hashlib, json, sys, time
url, n_sock, secs = sys.argv[1].encode(), int(sys.argv[2]), float(sys.argv[3])
nn = ctypes.CDLL("libnanomsg.so.5")
AF_SP, NN_REQ, NN_SOL_SOCKET, NN_RCVMAXSIZE, NN_REQ_RESEND_IVL = 1, 48, 0, 16, 1
NN_DONTWAIT, NN_POLLIN, NN_MSG = 1, 1, ctypes.c_size_t(2**64 - 1)
class pollfd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]
nn.nn_recv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
nn.nn_freemsg.argtypes = [ctypes.c_void_p]
socks = []
for _ in range(n_sock):
    s = nn.nn_socket(AF_SP, NN_REQ)
    one_s, unlimited = ctypes.c_int(1000), ctypes.c_int(-1)
    nn.nn_setsockopt(s, NN_REQ, NN_REQ_RESEND_IVL, ctypes.byref(one_s), 4)
    nn.nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, ctypes.byref(unlimited), 4)
    assert nn.nn_connect(s, url) >= 0
    socks.append(s)
time.sleep(0.3)

def answered(d):
    return sum(q["today"]["answered"] for q in d.get("queues", []) if "today" in q)

def check(msg, last):
    lines = msg.decode().split("\n")
    if lines[-1] == "":
        lines.pop()
    head = json.loads(lines[0])
    assert head["type"] == "hub.reply" and head["sources"] == 1, head
    assert len(lines) == 2, "%d lines for 1 source" % len(lines)
    snap = json.loads(lines[1])
    assert snap["type"] == "snapshot" and snap["src"] == "sim", snap["type"]
    assert answered(snap) >= last[1], "today went back: %d after %d" % (answered(snap), last[1])
    assert head["ts"] >= last[0], "an older answer after a newer one"
    return head["ts"], answered(snap)

sent = got = 0
answers = set()
last = [(0, 0)] * n_sock
t0 = time.time()
for s in socks:
    nn.nn_send(s, b"snapshot", 8, 0)
    sent += 1
pfd = (pollfd * n_sock)()
while got < sent and time.time() - t0 < secs + 5:
    for i, s in enumerate(socks):
        pfd[i].fd, pfd[i].events, pfd[i].revents = s, NN_POLLIN, 0
    if nn.nn_poll(pfd, n_sock, 100) <= 0:
        continue
    for i, s in enumerate(socks):
        if not pfd[i].revents & NN_POLLIN:
            continue
        buf = ctypes.c_void_p()
        n = nn.nn_recv(s, ctypes.byref(buf), NN_MSG, NN_DONTWAIT)
        if n < 0:
            continue
        msg = ctypes.string_at(buf, n)
        nn.nn_freemsg(buf)
        got += 1
        last[i] = check(msg, last[i])
        answers.add(hashlib.sha1(msg).digest())
        if time.time() - t0 < secs:
            nn.nn_send(s, b"snapshot", 8, 0)
            sent += 1
elapsed = time.time() - t0
print(sent, got, len(answers), "%.3f" % elapsed)
PY
loop=$!
sleep 1
start_bg "$WALLBOARD" --headless --clock event --hub "$hub_url" --stats-json "$TMP/screen.jsonl" \
    --exit-after 120 2>"$TMP/screen.err"
wait "$loop" || fail "the request loop failed: $(cat "$TMP/loop.err")"
read -r sent got built elapsed <"$TMP/loop.out"
bound=$(python3 -c "import math; print(math.floor($elapsed / 0.5) + 2)")
[ "$got" -eq "$sent" ] || fail "$sent requests, $got answers"
[ "$sent" -ge 40 ] || fail "only $sent requests in ${elapsed}s: the test proves nothing"
[ "$built" -le "$bound" ] ||
    fail "$sent requests in ${elapsed}s were answered by $built distinct answers, more than $bound"
echo "ok: $sent requests from 20 REQ sockets in ${elapsed}s, each answered whole and correct, $built distinct answers (at most $bound)"

wait_grep "$TMP/screen.err" "joined the hub: 1 snapshot" 10
wait_exit "$sim" 60
sleep 1
same=$(same_today "$TMP/hub.jsonl" "$TMP/screen.jsonl" 20) || fail "the joined screen is not the hub"
echo "ok: a screen started during the loop joined and equals the hub: $same"

kill -TERM "$hub"
wait_exit "$hub" 20
summary=$(grep -E "[0-9]+ requests \([0-9]+ answers built" "$TMP/hub.err") ||
    fail "the hub does not say how many answers it built: $(tail -n 2 "$TMP/hub.err")"
read -r requests hub_built < <(echo "$summary" | sed -E 's/.* ([0-9]+) requests \(([0-9]+) answers built.*/\1 \2/')
[ "$requests" -ge "$((sent + 1))" ] || fail "the hub counted $requests requests, $sent + 1 were sent"
[ "$hub_built" -le "$bound" ] || fail "the hub built $hub_built answers, more than $bound: $summary"
grep -q "they wait for the next answer and share it" "$TMP/hub.err" ||
    fail "the hub did not say that requests waited: $(cat "$TMP/hub.err")"
echo "ok: the hub counted $requests requests and $hub_built answers built"
echo "PASS"
