#!/usr/bin/env bash
# wallboard-asterisk's AMI client against a scripted AMI server run by this test on
# 127.0.0.1. The server greets like Asterisk, checks the Login (user and the secret from the
# file), answers QueueStatus with QueueMember entries, then replays member events recorded in
# Asterisk 20's format: Alice busy on a call that is not a queue call (device state 2),
# Bob paused with a reason, Carol's phone unregistered (5). queue_log alone says all three are
# available. Then the server drops the connection; the adapter logs in again (backoff) and
# resyncs with QueueStatus, which now says Carol is back. A wrong secret is refused and
# retried, never fatal.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

ADAPTER="$WB_BIN/wallboard-asterisk"
[ -x "$ADAPTER" ] || fail "$ADAPTER is not built"

now=$(date -u +%s)
ql="$TMP/queue_log"
{
    echo "$((now - 60))|NONE|sales|Alice|ADDMEMBER|"
    echo "$((now - 60))|NONE|sales|Bob|ADDMEMBER|"
    echo "$((now - 60))|NONE|sales|Carol|ADDMEMBER|"
} >"$ql"
printf 's3cret\n' >"$TMP/secret"
chmod 600 "$TMP/secret"
printf '[wallboard]\nstale_after_s = 3\n' >"$TMP/wallboard.ini"

port=$(free_port)
# The server: one scripted session per connection, two connections; what it saw goes to
# server.log.
cat >"$TMP/ami_server.py" <<'EOF'
import socket, sys, time
port, log = int(sys.argv[1]), open(sys.argv[2], "w", buffering=1)
CRLF = "\r\n"

def msg(**kv):
    return "".join("%s: %s%s" % (k, v, CRLF) for k, v in kv.items()) + CRLF

def member(ev, name, status, paused, reason=""):
    return msg(Event=ev, Queue="sales", MemberName=name, Interface="PJSIP/" + name,
               StateInterface="PJSIP/" + name, Membership="dynamic", Penalty=0, CallsTaken=0,
               LastCall=0, LastPause=0, LoginTime=0, InCall=0, Status=status, Paused=paused,
               PausedReason=reason, Ringinuse=0, Wrapuptime=0)

def read_action(f):
    a = {}
    while True:
        line = f.readline()
        if not line:
            return None
        line = line.rstrip("\r\n")
        if not line:
            return a
        k, _, v = line.partition(":")
        a[k.strip()] = v.strip()

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
log.write("listening\n")
for session in (1, 2):
    c, _ = srv.accept()
    f = c.makefile("r", newline="")
    c.sendall(b"Asterisk Call Manager/9.0.0\r\n")
    login = read_action(f)
    log.write("session %d login %s %s %s\n" % (session, login.get("Action"),
              login.get("Username"), login.get("Secret")))
    ok = login.get("Username") == "wb" and login.get("Secret") == "s3cret"
    if not ok:
        c.sendall(msg(Response="Error", ActionID=login.get("ActionID", ""),
                      Message="Authentication failed").encode())
        c.shutdown(socket.SHUT_RDWR)
        f.close()
        c.close()
        continue
    c.sendall(msg(Response="Success", ActionID=login.get("ActionID", ""),
                  Message="Authentication accepted").encode())
    qs = read_action(f)
    log.write("session %d action %s\n" % (session, qs.get("Action")))
    out = msg(Response="Success", ActionID=qs.get("ActionID", ""),
              EventList="start", Message="Queue status will follow")
    out += msg(Event="QueueParams", Queue="sales", Max=0, Strategy="ringall", Calls=0,
               Holdtime=0, TalkTime=0, Completed=0, Abandoned=0, ServiceLevel=20,
               ServicelevelPerf="0.0", ServicelevelPerf2="0.0", Weight=0)
    carol = "5" if session == 1 else "1"
    for name, st in (("Alice", "1"), ("Bob", "1"), ("Carol", carol)):
        out += member("QueueMember", name, st, "0")
    out += msg(Event="QueueStatusComplete", ActionID=qs.get("ActionID", ""),
               EventList="Complete", ListItems=4)
    c.sendall(out.encode())
    if session == 1:
        time.sleep(0.3)
        c.sendall((member("QueueMemberStatus", "Alice", "2", "0") +
                   member("QueueMemberPause", "Bob", "1", "1", "coaching")).encode())
        # Hold the session until the test has seen the states, then drop it.
        while not open(sys.argv[3]).read().strip():
            time.sleep(0.05)
        c.shutdown(socket.SHUT_RDWR)
        f.close()
        c.close()
    else:
        time.sleep(30)
        c.close()
log.write("done\n")
EOF
: >"$TMP/drop"
start_server() {
    port=$(free_port)
    : >"$TMP/server.log"
    start_bg python3 "$TMP/ami_server.py" "$port" "$TMP/server.log" "$TMP/drop"
    server=$BG_PID
    wait_grep "$TMP/server.log" "listening" 20
}

# First a wrong secret: refused, logged, retried, and the adapter keeps running.
printf 'wrong\n' >"$TMP/badsecret"
chmod 600 "$TMP/badsecret"
start_server
url="ipc://$TMP/ami.ipc"
start_bg "$ADAPTER" --queue-log "$ql" --bind "$url" --snapshot-s 1 --ami "127.0.0.1:$port" \
    --ami-user wb --ami-secret-file "$TMP/badsecret" 2>"$TMP/bad.log"
bad=$BG_PID
wait_grep "$TMP/bad.log" "login refused (Authentication failed)" 20
kill -0 "$bad" || fail "a refused AMI login stopped the adapter"
kill "$bad"
wait "$bad" 2>/dev/null || true
echo "ok: a wrong secret is refused and retried, not fatal"

# The scripted sessions went to the bad logins: a fresh server for the real run.
kill "$server"
wait "$server" 2>/dev/null || true
start_server

start_bg "$ADAPTER" --queue-log "$ql" --bind "$url" --snapshot-s 1 --ami "127.0.0.1:$port" \
    --ami-user wb --ami-secret-file "$TMP/secret" 2>"$TMP/adapter.log"
adapter=$BG_PID
stats="$TMP/stats.jsonl"
start_bg "$WALLBOARD" --headless --config "$TMP/wallboard.ini" --connect "$url" \
    --stats-json "$stats" --exit-after 120
# queue_log says three available; AMI: Alice busy (non-queue call), Bob paused, Carol offline.
# Alice's call is outside the queues: busy, but busy "here" on no channel.
wait_stats "$stats" '(ch("phone") and ch("phone")["agents"] == {"available": 0, "busy": 1,
    "wrapup": 0, "paused": 1, "offline": 1, "busy_here": 0, "wrapup_here": 0,
    "pausing": 0})' 30 >/dev/null
grep -q "session 1 login Login wb s3cret" "$TMP/server.log" || fail "login not as expected"
grep -q "session 1 action QueueStatus" "$TMP/server.log" || fail "no QueueStatus after login"
echo "ok: AMI member states reach the screen (busy off-queue, paused, offline)"

# Drop the connection: the adapter logs in again and resyncs from QueueStatus, which now says
# all three are idle, unpaused and registered.
echo drop >"$TMP/drop"
wait_grep "$TMP/server.log" "session 2 action QueueStatus" 20
wait_stats "$stats" '(ch("phone")["agents"] == {"available": 3, "busy": 0, "wrapup": 0,
    "paused": 0, "offline": 0, "busy_here": 0, "wrapup_here": 0, "pausing": 0})' 30 >/dev/null
grep -q "connection closed; retrying" "$TMP/adapter.log" || fail "the drop was not logged"
echo "ok: reconnects with backoff and resyncs with QueueStatus"
kill -TERM "$adapter"
wait_exit "$adapter" 10
[ "$RC" -eq 0 ] || fail "adapter exit code $RC"
grep -q "AMI: 2 connections" "$TMP/adapter.log" || fail "summary: $(tail -1 "$TMP/adapter.log")"
echo "PASS"
