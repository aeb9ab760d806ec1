# shellcheck shell=bash
# lib_hub.sh - helpers for the tests of wallboard-hub (sourced after lib_wallboard.sh).
#
# same_today REF FILE [TIMEOUT_S]: waits until the newest stats line of FILE shows, for every
# channel of the newest line of REF, the same "today" counters and the same waiting count
# (REF is typically `wallboard-sim --stats-json`, the publisher's own model). Prints the
# channels compared; fails with both lines' figures on timeout.

# shellcheck disable=SC2034 # HUB and SIM are read by the tests that source this file
HUB="$WB_BIN/wallboard-hub"
SIM="$WB_BIN/wallboard-sim"
[ -x "$HUB" ] || fail "$HUB is not built"

same_today() {
    python3 - "$1" "$2" "${3:-20}" <<'PY'
import json, sys, time
ref, path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
KEYS = ("answered", "abandoned", "short_abandoned", "answered_in_sl", "abandoned_in_sl", "completed")
def last(p):
    try:
        lines = [l for l in open(p).read().split("\n")[:-1] if l.strip()]
        return json.loads(lines[-1]) if lines else None
    except FileNotFoundError:
        return None
def figures(d):
    return {c["channel"]: tuple(c["today"][k] for k in KEYS) + (c["waiting"],)
            for c in d["channels"] if c.get("today")}
end = time.time() + timeout
while True:
    r, d = last(ref), last(path)
    if r and d:
        fr, fd = figures(r), figures(d)
        if all(fd.get(ch) == v for ch, v in fr.items()) and sum(v[0] for v in fr.values()) > 0:
            print(" ".join("%s=%s" % (ch, v[0]) for ch, v in sorted(fr.items())))
            sys.exit(0)
    if time.time() > end:
        print("not the same today after %gs:\n  %s: %s\n  %s: %s" % (timeout, ref, r and figures(r),
              path, d and figures(d)), file=sys.stderr)
        sys.exit(1)
    time.sleep(0.2)
PY
}

# today_total FILE: answered + abandoned + waiting over every channel of FILE's newest line.
today_total() {
    python3 - "$1" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]).read().split("\n")[:-1] if l.strip()]
d = json.loads(lines[-1]) if lines else {"channels": []}
print(sum(c["today"]["answered"] + c["today"]["abandoned"] + c["waiting"] for c in d["channels"]))
PY
}
