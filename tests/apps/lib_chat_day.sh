# shellcheck shell=bash
# lib_chat_day.sh - a hand-made day for the tests of the programs whose snapshots carry judged
# counters (test_hub_config.sh, test_replay_config.sh): its configuration, its eight messages
# and the figures a screen must show for it. Sourced after lib_wallboard.sh.
#
# The configuration: chat has T = 30 s (the [defaults] value is 20 s), short abandons under
# 10 s (default 5 s), the ignore_abandoned formula, and the day is Europe/Helsinki's.
#
# The day, worked by hand (docs/metrics.md sections 3 and 4), with those settings; it starts at
# 2024-03-05 10:00:00 in Europe/Helsinki (EET, UTC+2) = 08:00:00 UTC = 1709625600000:
#   c1 and c2 answered after 25 s: within T = 30 s (over a T of 20 s).
#   c3 answered after 40 s: over T.
#   c4 abandoned after 7 s: a short abandon (under 10 s), left out of every rate.
#   A = 3, A<=T = 2, abandoned 1, short 1, B = 0, B<=T = 0:
#   SL ignore_abandoned = A<=T / (A + B - B<=T) = 2 / 3 = 66.667 %; abandon % = 0 / 3 = 0 %.
# Judged by the [defaults] values instead (T 20 s, short under 5 s), A<=T = 0 and c4 is an
# abandon within T (B = 1, B<=T = 1): 0 / (3 + 1 - 1) = 0 %.

CHAT_DAY_D=1709625600000

# chat_day_ini FILE SITE: writes the day's wallboard.ini to FILE, its site named SITE.
chat_day_ini() {
    cat >"$1" <<INI
[wallboard]
site = $2
timezone = Europe/Helsinki
[channel.chat]
sl_threshold_s = 30
sl_target_pct = 80
sl_formula = ignore_abandoned
short_abandon_s = 10
realtime = true
INI
}

# chat_day_line FORM OFFSET_S TYPE ID SEQ: one message of the day, OFFSET_S seconds after its
# start, from source acd on chat; FORM is "message" (as a publisher sends it) or "journal" (as
# a journal line, received then).
chat_day_line() {
    local t=$((CHAT_DAY_D + $2 * 1000)) msg
    msg=$(printf '{"v":1,"type":"%s","ts":%s,"src":"acd","seq":%s,"id":"%s","channel":"chat"}' \
        "$3" "$t" "$5" "$4")
    if [ "$1" = journal ]; then
        printf '{"rx":%s,"msg":%s}\n' "$t" "$msg"
    else
        printf '%s\n' "$msg"
    fi
}

# chat_day FORM: the day's eight messages, one a line, in FORM (see chat_day_line).
chat_day() {
    chat_day_line "$1" 0 contact.queued c1 1
    chat_day_line "$1" 25 contact.answered c1 2  # 10:00:25, waited 25 s
    chat_day_line "$1" 30 contact.queued c2 3
    chat_day_line "$1" 55 contact.answered c2 4  # 10:00:55, waited 25 s
    chat_day_line "$1" 60 contact.queued c3 5
    chat_day_line "$1" 100 contact.answered c3 6 # 10:01:40, waited 40 s
    chat_day_line "$1" 110 contact.queued c4 7
    chat_day_line "$1" 117 contact.abandoned c4 8 # 10:01:57, gave up after 7 s
}
# check_chat STATS_LINE: the figures worked by hand above, today and in the rolling window
# (30 minutes: the whole day here). The day is the screen's: a snapshot's "today" was taken,
# not left out as another zone's.
check_chat() {
    python3 - "$1" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
c = [c for c in d["channels"] if c["channel"] == "chat"][0]
want = {"answered": 3, "abandoned": 1, "short_abandoned": 1, "answered_in_sl": 2,
        "abandoned_in_sl": 0, "sl_pct": 66.667, "abandon_pct": 0.0}
for w in ("today", "rolling"):
    for k, v in want.items():
        assert c[w][k] is not None and abs(c[w][k] - v) < 1e-3, (w, k, c[w][k], v)
assert d["snapshot_day_mismatch"] == 0, d["snapshot_day_mismatch"]
PY
}

# The whole day counted (a wait_stats expression).
# shellcheck disable=SC2034 # read by the tests that source this file
CHAT_DONE_TODAY='ch("chat")["today"]["answered"] == 3 and ch("chat")["today"]["abandoned"] == 1'
