#!/usr/bin/env bash
# An independent client: nanocat (Debian's nanomsg-utils) publishes one valid contact.queued
# event; the headless wallboard must show it in its stats: waiting 1 on that channel. Both
# directions are tried: nanocat binds ipc and the wallboard connects, then the wallboard binds
# tcp and nanocat connects. SIGTERM then ends the wallboard cleanly (exit 0, a last line).
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

command -v nanocat >/dev/null || { echo "SKIPPED: nanocat not installed (nanomsg-utils)"; exit 77; }

event() { # event ID CHANNEL
    printf '{"v":1,"type":"contact.queued","ts":%s,"src":"nanocat","id":"%s","channel":"%s"}' \
        "$(now_ms)" "$1" "$2"
}

# 1. nanocat binds ipc, the wallboard connects.
url="ipc://$TMP/nanocat.ipc"
start_bg nanocat --pub --bind "$url" --data "$(event nc-1 chat)" --interval 0.2
stats="$TMP/stats1.jsonl"
start_bg "$WALLBOARD" --headless --connect "$url" --stats-json "$stats" --exit-after 120
wb=$BG_PID
wait_stats "$stats" 'ch("chat") and ch("chat")["waiting"] == 1 and not d["stale"]' >/dev/null
# The same event repeated is applied once: the rest are duplicates, nothing is refused.
wait_stats "$stats" 'd["duplicates"] >= 1 and d["refused"] == 0 and q("chat")["waiting"] == 1' \
    >/dev/null
# Every documented field is there, with the documented JSON types (scripts rely on them).
tail -n 1 "$stats" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
num = (int, float)
def need(o, keys, where):
    for k, t in keys.items():
        if k not in o:
            sys.exit("missing %s.%s" % (where, k))
        if t is not None and not isinstance(o[k], t):
            sys.exit("%s.%s has type %s" % (where, k, type(o[k]).__name__))
win = {k: (num, type(None)) for k in ("sl_pct", "asa_s", "aht_s", "abandon_pct")}
win.update({k: int for k in ("answered", "abandoned", "short_abandoned", "answered_in_sl",
                             "abandoned_in_sl")})
need(d, {"ts": int, "stale": bool, "gaps": int, "refused": int, "channels": list,
         "queues": list, "received": int, "duplicates": int, "refused_by_reason": dict,
         "sources": list, "resyncing": int, "queues_omitted": int, "expired": int,
         "transport": dict}, "top")
need(d["transport"], {k: int for k in ("endpoints", "connections", "broken_connections",
                                       "messages", "bytes", "recv_errors", "resets",
                                       "dropped", "queued")},
     "transport")
# One event, a loop that keeps up: nothing dropped, and the reason is named even at zero.
assert d["transport"]["dropped"] == 0, d["transport"]
assert d["transport"]["dropped_by_reason"] == {"ring_full": 0}, d["transport"]
need(d["sources"][0], {"src": str, "resyncing": bool, "gaps": int, "missed": int,
                       "last_seq": int}, "sources[0]")
for c in d["channels"]:
    need(c, {"channel": str, "status": str, "waiting": int,
             "oldest_wait_s": (num, type(None)), "today": dict, "rolling": dict,
             "agents": dict, "forecast": dict}, "channel")
    assert c["status"] in ("ok", "warn", "alarm", "unknown"), c["status"]
    need(c["today"], win, "today")
    need(c["rolling"], win, "rolling")
    need(c["agents"], {k: int for k in ("available", "busy", "wrapup", "paused", "offline")},
         "agents")
    need(c["forecast"], {k: None for k in ("sl_pct", "asa_s", "required_agents", "ewt_s",
                                           "breach_in_min")}, "forecast")
    # No configuration and no day before: nothing shapes the forecast.
    assert c["forecast"].get("shape") == "none", c["forecast"]
for q in d["queues"]:
    need(q, {"queue": str, "channel": str, "waiting": int, "oldest_wait_s": None,
             "today": dict, "rolling": dict}, "queue")
# Nothing answered yet: rates are null, not 0; somebody waits: the oldest wait is a number.
chat = [c for c in d["channels"] if c["channel"] == "chat"][0]
assert chat["today"]["sl_pct"] is None and chat["today"]["asa_s"] is None
assert isinstance(chat["oldest_wait_s"], num) and chat["oldest_wait_s"] >= 0
' || fail "stats line does not match the documented fields"
echo "ok: documented fields present"

kill -TERM "$wb"
wait_exit "$wb" 30
[ "$RC" -eq 0 ] || fail "wallboard exit code $RC after SIGTERM, expected 0"
lines=$(wc -l <"$stats")
[ "$lines" -ge 1 ] || fail "no stats line written"
echo "ok: ipc, nanocat binds ($lines stats lines)"

# 2. The wallboard binds tcp, nanocat connects (a publisher started after the wallboard).
port=$(free_port)
url="tcp://127.0.0.1:$port"
stats="$TMP/stats2.jsonl"
start_bg "$WALLBOARD" --headless --bind "$url" --stats-json "$stats" --exit-after 120
wb=$BG_PID
start_bg nanocat --pub --connect "$url" --data "$(event nc-2 email)" --interval 0.2
wait_stats "$stats" 'ch("email") and ch("email")["waiting"] == 1 and d["sources"][0]["src"] == "nanocat"' \
    >/dev/null
kill -INT "$wb"
wait_exit "$wb" 30
[ "$RC" -eq 0 ] || fail "wallboard exit code $RC after SIGINT, expected 0"
echo "ok: tcp, wallboard binds"

# 3. Large counts are written as plain integers: seq 10^15 is "1000000000000000", not "1e+15".
url="ipc://$TMP/nanocat3.ipc"
start_bg nanocat --pub --bind "$url" --interval 0.2 \
    --data "{\"v\":1,\"type\":\"heartbeat\",\"ts\":$(now_ms),\"src\":\"big\",\"seq\":1000000000000000}"
stats="$TMP/stats3.jsonl"
start_bg "$WALLBOARD" --headless --connect "$url" --stats-json "$stats" --exit-after 120
wb=$BG_PID
wait_stats "$stats" 'd["sources"] and d["sources"][0]["last_seq"] == 10**15' >/dev/null
grep -q '"last_seq":1000000000000000[,}]' "$stats" || fail "last_seq not written as an integer: $(grep -o '"last_seq":[^,]*' "$stats" | tail -n 1)"
kill -TERM "$wb"
wait_exit "$wb" 30
[ "$RC" -eq 0 ] || fail "wallboard exit code $RC after SIGTERM, expected 0"
echo "ok: large counts as plain integers"

# 4. An event stamped ten years ahead is refused from the very first one, before the first
#    1 s tick: it must not move "today" into the future.
url="ipc://$TMP/nanocat4.ipc"
future=$(($(now_ms) + 3650 * 86400000))
start_bg nanocat --pub --bind "$url" --interval 0.05 --data \
    "{\"v\":1,\"type\":\"contact.abandoned\",\"ts\":$future,\"src\":\"f\",\"id\":\"f1\",\"channel\":\"chat\",\"wait_ms\":30000}"
stats="$TMP/stats4.jsonl"
start_bg "$WALLBOARD" --headless --connect "$url" --stats-json "$stats" --exit-after 120
wb=$BG_PID
wait_stats "$stats" 'd["received"] >= 3' >/dev/null
wait_stats "$stats" 'd["applied"] == 0 and d["refused_by_reason"]["future_ts"] == d["received"]' 2 \
    >/dev/null || fail "an event ten years ahead was applied"
kill -TERM "$wb"
wait_exit "$wb" 30
echo "ok: an event ten years ahead refused from the first one"

# 5. A publisher whose clock runs five hours behind: its calls are refused as past_ts, and the
#    board, hearing nothing it can take, goes stale rather than live with 0 waiting (before,
#    each call was taken and dropped at once as expired: 0 waiting, live, no refusal).
url="ipc://$TMP/nanocat5.ipc"
behind=$(($(now_ms) - 5 * 3600000))
start_bg nanocat --pub --bind "$url" --interval 0.05 --data \
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":$behind,\"src\":\"lag\",\"id\":\"l1\",\"channel\":\"phone\"}"
stats="$TMP/stats5.jsonl"
start_bg "$WALLBOARD" --headless --connect "$url" --stats-json "$stats" --exit-after 120 \
    2>"$TMP/wb5.err"
wb=$BG_PID
wait_stats "$stats" 'd["received"] >= 3' >/dev/null
wait_stats "$stats" 'd["applied"] == 0 and d["expired"] == 0 and d["stale"] and d["refused_by_reason"]["past_ts"] == d["received"]' 2 \
    >/dev/null || fail "calls five hours old were taken: $(tail -n 1 "$stats")"
kill -TERM "$wb"
wait_exit "$wb" 30
grep -q "past_ts" "$TMP/wb5.err" || fail "the refusal was not said: $(cat "$TMP/wb5.err")"
echo "ok: calls stamped five hours ago refused as past_ts, said on stderr; the board stale"
echo "PASS"
