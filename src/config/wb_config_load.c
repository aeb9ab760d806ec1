/*
 * wb_config_load.c - the INI configuration loader (inih underneath), library wb_conf.
 *
 * Data structure: a load works on a heap-allocated temporary wb_config that starts from the
 * built-in defaults (wb_config_defaults, in the core) and is copied over the caller's only when
 * the whole file was accepted, so a bad file changes nothing. A `parser` (wb_config_int.h)
 * carries the state of one load: the text (a file is read into memory whole first, by
 * wb_read_text_file) and the position in it, the line number, the section being read, the
 * first error, and which thresholds were set explicitly (the service-level thresholds that
 * were not follow the channel's target, derived by the core's wb_cfg_derive_unset).
 *
 * The text is parsed twice. The first pass reads every section, checks every key and value
 * (channel keys against a scratch channel) and registers the channels. The second pass applies
 * the channel keys on top of the final [defaults], so [defaults] counts wherever it stands in
 * the file.
 *
 * inih sees the text through our own line reader. The reader numbers the lines, strips the
 * leading white space (so an indented key is a key and never a continuation of the previous
 * value), follows the section headers itself (inih does not report a section without keys
 * and truncates long section names), and stops at the first syntax error with a message.
 *
 * The value readers shared by every section are in wb_config_values.c; the [display] keys in
 * wb_config_display.c; [screen], [page.NAME] and [queue.NAME] in wb_config_screen.c. A new
 * section gets its own file and one line in on_key/on_section. The order of the warn/alarm
 * pairs, which depends on [defaults], the channels and the queues together, is checked in
 * wb_config_order.c after the second pass.
 */
#include "wb_config_int.h"
#include "wb_file.h"
#include "wb_utf8.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bit of one threshold in a "set explicitly" mask: 2 * rule + alarm, as wb_config.h says. */
static uint32_t th_bit(wb_rule r, bool alarm)
{
    return 1u << (2 * (int)r + (alarm ? 1 : 0));
}

/* ---------------------------------------------------------------- keys by section */

static bool wallboard_key(parser *p, const char *key, const char *v)
{
    wb_config *c = p->cfg;
    int n;
    if (strcmp(key, "site") == 0)
        return wb_cfg_text(p, key, v, c->site, sizeof c->site);
    if (strcmp(key, "timezone") == 0)
        return wb_cfg_tz(p, key, v, c->tz, sizeof c->tz);
    if (strcmp(key, "rolling_window_min") == 0) {
        if (!wb_cfg_int(p, key, v, 1, 24 * 60, &n))
            return false;
        c->rolling_ms = (wb_ms)n * 60000;
        return true;
    }
    if (strcmp(key, "waiting_expiry_min") == 0) {
        if (!wb_cfg_int(p, key, v, 0, 7 * 24 * 60, &n))
            return false;
        c->waiting_expiry_ms = (wb_ms)n * 60000;
        return true;
    }
    if (strcmp(key, "bucket_s") == 0) {
        if (!wb_cfg_int(p, key, v, 1, 10, &n))
            return false;
        /* Buckets must tile a minute exactly, so that the rolling window is whole buckets. */
        if (60 % n != 0) {
            wb_cfg_fail(p, key, v, "must divide 60 (1, 2, 3, 4, 5, 6 or 10)");
            return false;
        }
        c->bucket_ms = (wb_ms)n * 1000;
        return true;
    }
    if (strcmp(key, "stale_after_s") == 0)
        return wb_cfg_ms(p, key, v, 1, 3600, &c->stale_after_ms);
    if (strcmp(key, "interval_min") == 0) {
        if (!wb_cfg_int(p, key, v, 1, 60, &n))
            return false;
        /* Intervals must tile an hour, so that every hour of the day starts one. */
        if (60 % n != 0) {
            wb_cfg_fail(p, key, v, "must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)");
            return false;
        }
        c->interval_ms = (wb_ms)n * 60000;
        return true;
    }
    if (strcmp(key, "forecast_smoothing_min") == 0) {
        if (!wb_cfg_int(p, key, v, 1, 24 * 60, &n))
            return false;
        c->forecast_tau_ms = (wb_ms)n * 60000;
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown key");
    return false;
}

static bool transport_key(parser *p, const char *key, const char *v)
{
    wb_config *c = p->cfg;
    char(*urls)[256];
    size_t *n;
    if (strcmp(key, "connect") == 0) {
        urls = c->connect;
        n = &c->n_connect;
    } else if (strcmp(key, "bind") == 0) {
        urls = c->bind;
        n = &c->n_bind;
    } else {
        wb_cfg_fail(p, key, v, "unknown key");
        return false;
    }
    /* inproc:// is refused with its reason: it only reaches sockets inside this same process. */
    if (strncmp(v, "inproc://", 9) == 0) {
        wb_cfg_fail(p, key, v,
                    "an inproc:// address reaches only sockets inside this same process, never "
                    "another program; use tcp://HOST:PORT, ipc://PATH or ws://HOST:PORT");
        return false;
    }
    /* The schemes wb_url_check (src/transport) takes, which the core cannot call. */
    if (strncmp(v, "tcp://", 6) != 0 && strncmp(v, "ipc://", 6) != 0 &&
        strncmp(v, "ws://", 5) != 0) {
        wb_cfg_fail(p, key, v, "expected a URL starting with tcp://, ipc:// or ws://");
        return false;
    }
    if (*n >= WB_MAX_URLS) {
        wb_cfg_fail(p, key, v, "more than %d %s URLs", WB_MAX_URLS, key);
        return false;
    }
    if (!wb_cfg_text(p, key, v, urls[*n], sizeof urls[*n]))
        return false;
    (*n)++;
    return true;
}

/* A threshold key: "warn_" or "alarm_" followed by the rule's key stem. */
typedef struct th_key {
    const char *stem;
    wb_rule rule;
    double max;
} th_key;

static const th_key th_keys[] = {
    {"waiting", WB_RULE_WAITING, 1e6},
    {"oldest_wait_s", WB_RULE_OLDEST_WAIT, 7 * 86400},
    {"sl_today_pct", WB_RULE_SL_TODAY, 100},
    {"sl_rolling_pct", WB_RULE_SL_ROLLING, 100},
    {"forecast_sl_pct", WB_RULE_FORECAST_SL, 100},
};

const char *wb_cfg_th_stem(wb_rule r)
{
    for (size_t i = 0; i < sizeof th_keys / sizeof th_keys[0]; i++)
        if (th_keys[i].rule == r)
            return th_keys[i].stem;
    return "unknown";
}

/*
 * Where the lines of the keys of the section being read are recorded, or NULL: a channel's
 * keys are recorded in pass 2, where they are applied to the channel itself (pass 1 only
 * checks them on a scratch copy); [defaults] and [queue.NAME] are read in pass 1 only.
 */
static wb_cfg_lines *section_lines(parser *p)
{
    if (p->section == SEC_DEFAULTS && p->pass == 1)
        return &p->lines_defaults;
    if (p->section == SEC_CHANNEL && p->pass == 2 && p->chan >= 0)
        return &p->lines_chan[p->chan];
    if (p->section == SEC_QUEUE && p->pass == 1 && p->sub >= 0)
        return &p->lines_queue[p->sub];
    return NULL;
}

static int threshold_key(parser *p, wb_channel_cfg *ch, const char *key, const char *v,
                         uint32_t *set)
{
    bool alarm;
    const char *stem;
    if (strncmp(key, "warn_", 5) == 0) {
        alarm = false;
        stem = key + 5;
    } else if (strncmp(key, "alarm_", 6) == 0) {
        alarm = true;
        stem = key + 6;
    } else {
        return 0; /* not a threshold key */
    }
    for (size_t i = 0; i < sizeof th_keys / sizeof th_keys[0]; i++) {
        if (strcmp(stem, th_keys[i].stem) != 0)
            continue;
        wb_threshold *th = &ch->th[th_keys[i].rule];
        bool on = strcmp(v, "off") != 0;
        double x = 0;
        if (on && !wb_cfg_number(p, key, v, 0, th_keys[i].max, &x))
            return -1;
        if (alarm) {
            th->alarm_on = on;
            th->alarm = x;
        } else {
            th->warn_on = on;
            th->warn = x;
        }
        *set |= th_bit(th_keys[i].rule, alarm);
        wb_cfg_lines *lines = section_lines(p);
        if (lines)
            lines->th[2 * (int)th_keys[i].rule + (alarm ? 1 : 0)] = p->line;
        return 1;
    }
    return 0;
}

/* Applies one channel or [defaults] key to ch; `set` collects explicitly set thresholds. */
bool wb_cfg_channel_key(parser *p, wb_channel_cfg *ch, const char *key, const char *v,
                        uint32_t *set)
{
    double x;
    int f;
    /*
     * A Finnish screen shows label_fi; a channel given only an English label shows that one
     * rather than its bare id ("Chat", not "chat"), in whichever order the keys come.
     */
    if (strcmp(key, "label_en") == 0) {
        if (!wb_cfg_text(p, key, v, ch->label_en, sizeof ch->label_en))
            return false;
        if (!ch->label_fi_set)
            wb_cfg_copy_str(ch->label_fi, sizeof ch->label_fi, ch->label_en);
        return true;
    }
    if (strcmp(key, "label_fi") == 0) {
        if (!wb_cfg_text(p, key, v, ch->label_fi, sizeof ch->label_fi))
            return false;
        ch->label_fi_set = true;
        return true;
    }
    if (strcmp(key, "icon") == 0)
        return wb_cfg_icon(p, key, v, ch->icon, sizeof ch->icon);
    if (strcmp(key, "sl_threshold_s") == 0)
        return wb_cfg_ms(p, key, v, 0, 7 * 86400, &ch->sl_t_ms);
    if (strcmp(key, "sl_target_pct") == 0) {
        if (!wb_cfg_number(p, key, v, 0, 100, &x))
            return false;
        ch->sl_target = x / 100.0;
        wb_cfg_lines *lines = section_lines(p);
        if (lines)
            lines->target = p->line;
        return true;
    }
    if (strcmp(key, "sl_formula") == 0) {
        if ((f = wb_sl_formula_parse(v)) < 0) {
            wb_cfg_fail(p, key, v, "expected answered, offered, ignore_abandoned or positive");
            return false;
        }
        ch->formula = (wb_sl_formula)f;
        return true;
    }
    if (strcmp(key, "short_abandon_s") == 0)
        return wb_cfg_ms(p, key, v, 0, 3600, &ch->short_abandon_ms);
    if (strcmp(key, "realtime") == 0)
        return wb_cfg_bool(p, key, v, &ch->realtime);
    if (strcmp(key, "default_aht_s") == 0) {
        if (!wb_cfg_number(p, key, v, 1, 86400, &x))
            return false;
        ch->default_aht_s = x;
        return true;
    }
    if (strcmp(key, "patience_s") == 0) {
        /* Under a second is not a patience the forecast can use (its rate of giving up would
         * swamp every other rate): 0 says nobody gives up. */
        double pat;
        if (!wb_cfg_number(p, key, v, 0, 86400, &pat))
            return false;
        if (pat > 0 && pat < 1) {
            wb_cfg_fail(p, key, v, "expected 0 (nobody gives up) or 1 to 86400 seconds");
            return false;
        }
        ch->patience_s = pat;
        return true;
    }
    if (strcmp(key, "min_agents") == 0)
        return wb_cfg_int(p, key, v, 0, 10000, &ch->min_agents);
    if (strcmp(key, "arrival_profile") == 0) {
        bool append = p->shape_section == p->section_no;
        p->shape_section = p->section_no;
        return wb_cfg_shape(p, key, v, ch, append);
    }
    if (strcmp(key, "hold_s") == 0)
        return wb_cfg_ms(p, key, v, 0, 86400, &ch->hold_ms);
    if (strcmp(key, "waiting_expiry_min") == 0) {
        int n;
        if (!wb_cfg_int(p, key, v, 0, 7 * 24 * 60, &n))
            return false;
        ch->expiry_ms = (wb_ms)n * 60000;
        return true;
    }
    int t = threshold_key(p, ch, key, v, set);
    if (t != 0)
        return t > 0;
    wb_cfg_fail(p, key, v, "unknown key");
    return false;
}

/* The inih callback: inih's own section argument is ignored, the reader tracks sections. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    parser *p = user;
    (void)section;
    if (p->failed)
        return 1;
    if (p->pass == 2) {
        if (p->section == SEC_CHANNEL && p->chan >= 0)
            wb_cfg_channel_key(p, &p->cfg->channels[p->chan], key, value, &p->set_chan[p->chan]);
        wb_cfg_screen_check(p, key, value);
        return 1;
    }
    uint32_t scratch_set = 0;
    switch (p->section) {
    case SEC_NONE:
        wb_cfg_fail(p, key, value, "key outside any section");
        break;
    case SEC_WALLBOARD:
        wallboard_key(p, key, value);
        break;
    case SEC_DISPLAY:
        wb_cfg_display_key(p, key, value);
        break;
    case SEC_SOUND:
        wb_cfg_sound_key(p, key, value);
        break;
    case SEC_TRANSPORT:
        transport_key(p, key, value);
        break;
    case SEC_DEFAULTS:
        wb_cfg_channel_key(p, &p->cfg->defaults, key, value, &p->set_defaults);
        break;
    case SEC_CHANNEL:
        wb_cfg_channel_key(p, &p->scratch, key, value, &scratch_set);
        break;
    case SEC_SCREEN:
    case SEC_PAGE:
    case SEC_QUEUE:
        wb_cfg_screen_key(p, key, value);
        break;
    case SEC_KPI:
        wb_cfg_kpi_key(p, key, value);
        break;
    }
    /* Returning 1 always: the first error is ours to report, with its own message. */
    return 1;
}

/* ---------------------------------------------------------------- sections */

/* A channel id: printable, no spaces or brackets, valid UTF-8, fits WB_MAX_NAME. */
static bool channel_name_ok(const char *n)
{
    if (!n[0] || strlen(n) >= WB_MAX_NAME || !wb_utf8_valid(n, strlen(n)))
        return false;
    for (const unsigned char *c = (const unsigned char *)n; *c; c++)
        if (*c <= 0x20 || *c == 0x7f || *c == '[' || *c == ']' || *c == ';')
            return false;
    return true;
}

static void on_section(parser *p, const char *name)
{
    wb_cfg_copy_str(p->section_name, sizeof p->section_name, name);
    p->section_no++;
    p->chan = -1;
    p->sub = -1;
    if (strcmp(name, "wallboard") == 0) {
        p->section = SEC_WALLBOARD;
    } else if (strcmp(name, "display") == 0) {
        p->section = SEC_DISPLAY;
    } else if (strcmp(name, "transport") == 0) {
        p->section = SEC_TRANSPORT;
    } else if (strcmp(name, "sound") == 0) {
        p->section = SEC_SOUND;
    } else if (strcmp(name, "defaults") == 0) {
        p->section = SEC_DEFAULTS;
    } else if (strncmp(name, "kpi.", 4) == 0) {
        wb_cfg_kpi_section(p, name + 4);
    } else if (strncmp(name, "channel.", 8) == 0) {
        const char *ch = name + 8;
        p->section = SEC_CHANNEL;
        wb_config *c = p->cfg;
        if (p->pass == 2) {
            p->chan = wb_config_channel_index(c, ch);
            return;
        }
        if (!channel_name_ok(ch)) {
            wb_cfg_fail(p, NULL, ch,
                        "bad channel name: 1 to %d bytes of UTF-8 without spaces, ';' or brackets",
                        WB_MAX_NAME - 1);
            return;
        }
        int dup = wb_config_channel_index(c, ch);
        if (dup >= 0) {
            wb_cfg_fail(p, NULL, NULL, "duplicate channel (first defined on line %d)",
                        p->chan_line[dup]);
            return;
        }
        if (c->n_channels >= WB_MAX_CHANNELS) {
            wb_cfg_fail(p, NULL, NULL, "too many channels (at most %d)", WB_MAX_CHANNELS);
            return;
        }
        p->chan_line[c->n_channels] = p->line;
        wb_cfg_copy_str(c->channels[c->n_channels].name, sizeof c->channels[0].name, ch);
        c->n_channels++;
    } else if (wb_cfg_screen_section(p, name)) {
        /* [screen], [page.NAME] and [queue.NAME]: wb_config_screen.c */
    } else {
        p->section = SEC_NONE;
        wb_cfg_fail(p, NULL, NULL,
                    "unknown section (expected wallboard, display, transport, defaults, "
                    "channel.NAME, screen, page.NAME, queue.NAME, kpi.ID or sound)");
    }
}

/* ---------------------------------------------------------------- line reader */

/* Next raw line into p->linebuf (without its newline); false at the end. */
static bool next_raw_line(parser *p, size_t *len)
{
    {
        const char *s = p->text + p->pos;
        if (!*s)
            return false;
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
        if (n + 1 > p->linecap) {
            char *b = realloc(p->linebuf, n + 1);
            if (!b)
                return false;
            p->linebuf = b;
            p->linecap = n + 1;
        }
        memcpy(p->linebuf, s, n);
        p->linebuf[n] = '\0';
        p->pos += n;
        *len = n;
    }
    /* A NUL inside the line ends it, as it would for inih. */
    *len = strlen(p->linebuf);
    while (*len && (p->linebuf[*len - 1] == '\n' || p->linebuf[*len - 1] == '\r'))
        p->linebuf[--*len] = '\0';
    return true;
}

/* Like inih: the first of `chars`, or an inline comment (';' after white space), or the end. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
    bool was_space = false;
    while (*s && !strchr(chars, *s) && !(was_space && *s == ';')) {
        was_space = isspace((unsigned char)*s);
        s++;
    }
    return s;
}

/*
 * The ini_reader: hands inih one line at a time, with the leading white space removed, after
 * checking its syntax and following section headers. Returns NULL at the end of the text and
 * after the first error, which ends the parse.
 */
static char *read_line(char *str, int num, void *stream)
{
    parser *p = stream;
    size_t len;
    if (p->failed || !next_raw_line(p, &len))
        return NULL;
    p->line++;
    char *s = p->linebuf;
    if (p->line == 1 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
        (unsigned char)s[2] == 0xbf)
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    len = strlen(s);
    if (*s == '[') {
        const char *end = find_chars_or_comment(s + 1, "]");
        /* The header is the line's own mistake: the section before it is not named. */
        if (*end != ']') {
            wb_cfg_fail_line(p, s, "unclosed section header: expected ']' after the section name");
            return NULL;
        }
        char name[sizeof p->section_name];
        size_t n = (size_t)(end - (s + 1));
        if (n >= sizeof name)
            n = sizeof name - 1;
        memcpy(name, s + 1, n);
        name[n] = '\0';
        on_section(p, name);
        if (p->failed)
            return NULL;
    } else if (*s && *s != ';' && *s != '#') {
        const char *eq = find_chars_or_comment(s, "=:");
        if (*eq != '=' && *eq != ':') {
            wb_cfg_fail(p, NULL, s, "expected 'key = value', a [section] or a comment");
            return NULL;
        }
    }
    /* inih needs room for the line, its newline and a terminator. */
    if (num < 3 || len > (size_t)num - 3) {
        wb_cfg_fail(p, NULL, NULL, "line longer than %d characters", num < 3 ? 0 : num - 3);
        return NULL;
    }
    memcpy(str, s, len);
    str[len] = '\n';
    str[len + 1] = '\0';
    return str;
}

/* Resets the per-pass reading state: back to the first line, outside any section. */
static void start_pass(parser *p, int pass)
{
    p->pass = pass;
    p->line = 0;
    p->pos = 0;
    p->section = SEC_NONE;
    p->section_name[0] = '\0';
    p->section_no = 0;
    p->shape_section = -1;
    p->chan = -1;
    p->sub = -1;
}

static int run_pass(parser *p, int pass)
{
    start_pass(p, pass);
    int rc = ini_parse_stream(read_line, p, on_key, p);
    if (p->failed)
        return WB_ERR_CONFIG;
    if (rc != 0) {
        /* inih found something our reader let through (or ran out of memory). */
        if (rc > 0)
            p->line = rc;
        wb_cfg_fail(p, NULL, NULL, rc == -2 ? "out of memory" : "syntax error");
        return WB_ERR_CONFIG;
    }
    return WB_OK;
}

/* The two passes over one source; on success copies the result over *cfg. */
static int load(parser *p, wb_config *cfg)
{
    int rc = WB_ERR_NOMEM;
    p->cfg = malloc(sizeof *p->cfg);
    if (!p->cfg) {
        wb_cfg_fail(p, NULL, NULL, "out of memory");
        goto fail;
    }
    wb_config_defaults(p->cfg);
    wb_channel_cfg_default(p->cfg, &p->scratch, "");
    if ((rc = run_pass(p, 1)) < 0)
        goto fail;

    /* [defaults] is complete now: thresholds it did not set follow its target. */
    wb_config *c = p->cfg;
    wb_cfg_derive_unset(&c->defaults, p->set_defaults);
    for (size_t i = 0; i < c->n_channels; i++) {
        char name[WB_MAX_NAME];
        wb_cfg_copy_str(name, sizeof name, c->channels[i].name);
        wb_channel_cfg_default(c, &c->channels[i], name);
    }
    if ((rc = run_pass(p, 2)) < 0)
        goto fail;
    for (size_t i = 0; i < c->n_channels; i++)
        wb_cfg_derive_unset(&c->channels[i], p->set_defaults | p->set_chan[i]);
    /* Only now is every pair known as it will be used: inherited and derived values included. */
    if (!wb_cfg_check_order(p)) {
        rc = WB_ERR_CONFIG;
        goto fail;
    }

    *cfg = *c;
    rc = WB_OK;
fail:
    if (rc < 0) {
        rc = WB_ERR_CONFIG;
        if (!p->failed)
            wb_cfg_fail(p, NULL, NULL, "cannot load");
    }
    free(p->cfg);
    free(p->linebuf);
    return rc;
}

static void parser_init(parser *p, const char *name, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->name = name ? name : "(config)";
    p->err = err;
    p->errlen = errlen;
    p->chan = -1;
    if (err && errlen)
        err[0] = '\0';
}

int wb_config_load(wb_config *cfg, const char *path, char *err, size_t errlen)
{
    if (!cfg || !path)
        return WB_ERR_INVAL;
    char *text = wb_read_text_file(path, WB_CONFIG_MAX_BYTES, err, errlen);
    if (!text)
        return WB_ERR_CONFIG;
    parser p;
    parser_init(&p, path, err, errlen);
    p.text = text;
    int rc = load(&p, cfg);
    free(text);
    return rc;
}

int wb_config_load_string(wb_config *cfg, const char *name, const char *text, char *err,
                          size_t errlen)
{
    if (!cfg || !text)
        return WB_ERR_INVAL;
    parser p;
    parser_init(&p, name, err, errlen);
    p.text = text;
    return load(&p, cfg);
}
