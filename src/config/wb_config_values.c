/*
 * wb_config_values.c - the value readers of the configuration loader: numbers, whole numbers,
 * durations, booleans, texts, clock times, time zones and asset names, each checked against
 * its range, and the one error message a failed load reports.
 *
 * Data structure: none of its own; every reader works on the caller's parser (wb_config_int.h)
 * and records at most the first error in it.
 */
#include "wb_config_int.h"
#include "wb_utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

void wb_cfg_copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/*
 * Copies a value into a message safely: control bytes become '?', and a long value is cut
 * (the message must stay one line whatever the file contains).
 */
static void quote_value(char *dst, size_t cap, const char *v)
{
    size_t o = 0, max_len = 60;
    for (size_t i = 0; v[i] && o + 4 < cap; i++) {
        if (i == max_len) {
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        unsigned char c = (unsigned char)v[i];
        dst[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    dst[o] = '\0';
}

/*
 * Records the first error as "FILE:LINE: [section] key: what (got 'value')", or without the
 * section and key when in_section is false: a line that is not part of any section's reading
 * (a broken section header) must not be blamed on the section before it.
 */
static void vfail(parser *p, bool in_section, const char *key, const char *value, const char *fmt,
                  va_list ap)
{
    if (p->failed)
        return;
    p->failed = true;
    if (!p->err || p->errlen == 0)
        return;
    char what[320], where[120], got[80];
    vsnprintf(what, sizeof what, fmt, ap);
    where[0] = '\0';
    if (in_section) {
        char sname[80];
        quote_value(sname, sizeof sname, p->section_name);
        snprintf(where, sizeof where, " [%s]%s%s:", sname, key ? " " : "", key ? key : "");
    }
    if (value) {
        quote_value(got, sizeof got, value);
        snprintf(p->err, p->errlen, "%s:%d:%s %s (got '%s')", p->name, p->line, where, what, got);
    } else {
        snprintf(p->err, p->errlen, "%s:%d:%s %s", p->name, p->line, where, what);
    }
}

void wb_cfg_fail(parser *p, const char *key, const char *value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p, true, key, value, fmt, ap);
    va_end(ap);
}

void wb_cfg_fail_line(parser *p, const char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p, false, NULL, text, fmt, ap);
    va_end(ap);
}

/* A decimal number: optional sign, digits, optional fraction. No hex, inf, nan or exponent. */
static bool parse_number(const char *v, double *out)
{
    const char *s = v;
    if (*s == '+' || *s == '-')
        s++;
    size_t digits = 0, dots = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (*s == '.' && dots == 0)
            dots++;
        else
            return false;
    }
    if (digits == 0 || digits > 15)
        return false;
    *out = strtod(v, NULL);
    return isfinite(*out);
}

/* A number within [lo, hi]; on error records a message and returns false. */
bool wb_cfg_number(parser *p, const char *key, const char *v, double lo, double hi, double *out)
{
    double x;
    if (!parse_number(v, &x)) {
        wb_cfg_fail(p, key, v, "not a number");
        return false;
    }
    if (x < lo || x > hi) {
        wb_cfg_fail(p, key, v, "must be between %g and %g", lo, hi);
        return false;
    }
    *out = x;
    return true;
}

bool wb_cfg_int(parser *p, const char *key, const char *v, int lo, int hi, int *out)
{
    double x;
    if (!parse_number(v, &x) || strchr(v, '.')) {
        wb_cfg_fail(p, key, v, "not a whole number");
        return false;
    }
    if (x < lo || x > hi) {
        wb_cfg_fail(p, key, v, "must be between %d and %d", lo, hi);
        return false;
    }
    *out = (int)x;
    return true;
}

/* Seconds (fractions allowed) within [lo_s, hi_s], as milliseconds. */
bool wb_cfg_ms(parser *p, const char *key, const char *v, double lo_s, double hi_s, wb_ms *out)
{
    double s;
    if (!wb_cfg_number(p, key, v, lo_s, hi_s, &s))
        return false;
    *out = (wb_ms)llround(s * 1000.0);
    return true;
}

bool wb_cfg_bool(parser *p, const char *key, const char *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "1"}, *const no[] = {"false", "no", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    wb_cfg_fail(p, key, v, "expected true, false, yes, no, 1 or 0");
    return false;
}

/* A UTF-8 text that fits in cap bytes with its terminator. */
bool wb_cfg_text(parser *p, const char *key, const char *v, char *dst, size_t cap)
{
    if (strlen(v) >= cap) {
        wb_cfg_fail(p, key, v, "longer than %zu bytes", cap - 1);
        return false;
    }
    if (!wb_utf8_valid(v, strlen(v))) {
        wb_cfg_fail(p, key, v, "not valid UTF-8");
        return false;
    }
    wb_cfg_copy_str(dst, cap, v);
    return true;
}

/* "HH:MM" as minutes after midnight. */
/* "HH:MM" from 00:00 to 23:59 at the start of s, as minutes after midnight; -1 if not. */
static int clock_at(const char *s)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

bool wb_cfg_clock(parser *p, const char *key, const char *v, int *out)
{
    int min = strlen(v) == 5 ? clock_at(v) : -1;
    if (min >= 0) {
        *out = min;
        return true;
    }
    wb_cfg_fail(p, key, v, "expected a time HH:MM from 00:00 to 23:59");
    return false;
}

int wb_config_tz_check(const char *tz, char *err, size_t errlen)
{
    size_t cap = sizeof(((wb_config *)0)->tz);
    if (strlen(tz) >= cap) {
        snprintf(err, errlen, "longer than %zu bytes", cap - 1);
        return WB_ERR_VALUE;
    }
    if (!tz[0] || strcmp(tz, "UTC") == 0)
        return 0;
    /* The name becomes part of a path: refuse anything that could leave the zone tree. */
    bool ok = tz[0] != '/' && !strstr(tz, "..");
    for (const char *c = tz; ok && *c; c++)
        ok = isalnum((unsigned char)*c) || strchr("/_-+", *c);
    struct stat st;
    char path[128];
    snprintf(path, sizeof path, WB_ZONEINFO_DIR "/%s", tz);
    if (!ok || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "unknown time zone (no " WB_ZONEINFO_DIR "/%s)", ok ? tz : "...");
        return WB_ERR_VALUE;
    }
    return 0;
}

/* An IANA zone name that the C library can load, "UTC", or "" for UTC. */
bool wb_cfg_tz(parser *p, const char *key, const char *v, char *dst, size_t cap)
{
    char why[128];
    if (wb_config_tz_check(v, why, sizeof why) < 0) {
        wb_cfg_fail(p, key, v, "%s", why);
        return false;
    }
    wb_cfg_copy_str(dst, cap, v);
    return true;
}

/* An asset name: it becomes part of a file name, so only letters, digits, '-' and '_'. */
bool wb_cfg_icon(parser *p, const char *key, const char *v, char *dst, size_t cap)
{
    for (const char *c = v; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_') {
            wb_cfg_fail(p, key, v, "expected letters, digits, '-' or '_' only");
            return false;
        }
    }
    return wb_cfg_text(p, key, v, dst, cap);
}

/*
 * The steps are read into a copy and stored only when every one is good, so that a bad
 * profile leaves the channel's as it was (and the whole configuration fails anyway). A step is
 * "HH:MM", blanks, then a plain decimal number (parse_number: digits with an optional sign
 * and fraction, no exponent or hex), then blanks and a comma or the end.
 */
bool wb_cfg_shape(parser *p, const char *key, const char *v, wb_channel_cfg *ch, bool append)
{
    uint16_t mins[WB_SHAPE_STEPS];
    float rates[WB_SHAPE_STEPS];
    int n = append ? ch->n_shape : 0, first = n;
    memcpy(mins, ch->shape_min, sizeof mins[0] * (size_t)n);
    memcpy(rates, ch->shape_per_h, sizeof rates[0] * (size_t)n);
    const char *s = v;
    while (*s == ' ' || *s == '\t')
        s++;
    while (*s) {
        int step = n - first + 1;
        if (n == WB_SHAPE_STEPS) {
            wb_cfg_fail(p, key, v, "more than %d steps", WB_SHAPE_STEPS);
            return false;
        }
        int at = clock_at(s);
        if (at < 0 || (s[5] != ' ' && s[5] != '\t')) {
            wb_cfg_fail(p, key, v, "step %d: expected HH:MM (00:00 to 23:59) and arrivals an hour",
                        step);
            return false;
        }
        s += 5;
        while (*s == ' ' || *s == '\t')
            s++;
        char num[32];
        size_t len = strcspn(s, ", \t");
        double x = 0;
        if (len == 0 || len >= sizeof num) {
            wb_cfg_fail(p, key, v, "step %d: expected HH:MM (00:00 to 23:59) and arrivals an hour",
                        step);
            return false;
        }
        memcpy(num, s, len);
        num[len] = '\0';
        if (!parse_number(num, &x) || x < 0 || x > 1e6) {
            wb_cfg_fail(p, key, v, "step %d: arrivals an hour must be a number from 0 to 1000000",
                        step);
            return false;
        }
        if (n > 0 && at <= mins[n - 1]) {
            wb_cfg_fail(p, key, v, "step %d: times must rise (after %02d:%02d)", step,
                        mins[n - 1] / 60, mins[n - 1] % 60);
            return false;
        }
        mins[n] = (uint16_t)at;
        rates[n++] = (float)(x + 0.0); /* + 0.0: a "-0" is stored as 0 */
        s += len;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == ',') {
            s++;
            while (*s == ' ' || *s == '\t')
                s++;
            if (!*s) {
                wb_cfg_fail(p, key, v, "a comma with no step after it");
                return false;
            }
        } else if (*s) {
            wb_cfg_fail(p, key, v, "step %d: expected ',' or the end after it", step);
            return false;
        }
    }
    ch->n_shape = n;
    memcpy(ch->shape_min, mins, sizeof mins[0] * (size_t)n);
    memcpy(ch->shape_per_h, rates, sizeof rates[0] * (size_t)n);
    return true;
}
