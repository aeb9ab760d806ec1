/*
 * wb_config_screen.c - the screen composition and the queues' own settings: the [screen],
 * [page.NAME] and [queue.NAME] sections of the configuration.
 *
 *   [screen]      pages = NAME, NAME ...     the rotation order (default: the pages in file order)
 *                 group.NAME = QUEUE, ...    a queue group, summed in one tile
 *   [page.NAME]   items = ITEM, ITEM ...     what the page shows, in order (repeat to add more)
 *                 team = TEAM, ...           agent page: only these teams
 *                 channel = CHANNEL, ...     agent page: only agents serving these channels
 *   [queue.NAME]  channel = CHANNEL          only the queue of this name in that channel
 *                 sl_threshold_s, sl_target_pct, sl_formula, short_abandon_s, hold_s,
 *                 warn_/alarm_ waiting, oldest_wait_s, sl_today_pct, sl_rolling_pct,
 *                 label_en, label_fi
 *
 * The item words are one table (item_words); a new kind of tile or page is one line there and
 * one in the layout's table.
 *
 * Data structure: none of its own. Pass 1 registers pages and queue sections and checks every
 * value; pass 2 resolves what may refer forward in the file (the rotation's page names, the
 * groups a page names, agent filters on a page that has the agents item). What a [queue.NAME]
 * section then does to its queue's settings (wb_config_queue_settings) is the core's, since the
 * model applies it.
 */
#include "wb_config_int.h"
#include "wb_utf8.h"

#include <string.h>

/* ---------------------------------------------------------------- the item words */

/* Whether an item is written with a name: word alone, word:NAME, or either. */
enum { NAME_NONE, NAME_NEEDED, NAME_OPTIONAL };

typedef struct item_word {
    const char *word;
    wb_item_kind kind;
    int name;   /* NAME_NONE, NAME_NEEDED or NAME_OPTIONAL */
    bool whole; /* a whole page: the only item of its page */
} item_word;

static const item_word item_words[] = {
    {"channels", WB_ITEM_CHANNELS, NAME_NONE, false},
    {"channel", WB_ITEM_CHANNEL, NAME_NEEDED, false},
    {"queue", WB_ITEM_QUEUE, NAME_NEEDED, false},
    {"group", WB_ITEM_GROUP, NAME_NEEDED, false},
    {"summary", WB_ITEM_SUMMARY, NAME_NONE, false},
    {"agents", WB_ITEM_AGENTS, NAME_NONE, true},
    {"kpis", WB_ITEM_KPIS, NAME_NONE, false},
    {"kpi", WB_ITEM_KPI, NAME_NEEDED, false},
    {"intervals", WB_ITEM_INTERVALS, NAME_OPTIONAL, true},
};
#define ITEM_WORDS_HELP                                                                            \
    "channels, channel:NAME, queue:NAME, group:NAME, summary, kpis, kpi:ID, agents, "              \
    "intervals or intervals:NAME"

static const item_word *item_word_of(wb_item_kind k)
{
    for (size_t i = 0; i < sizeof item_words / sizeof item_words[0]; i++)
        if (item_words[i].kind == k)
            return &item_words[i];
    return NULL;
}

/* ---------------------------------------------------------------- names and lists */

/* A name: printable, no spaces, commas, colons or brackets, valid UTF-8, fits WB_MAX_NAME. */
static bool name_ok(const char *n)
{
    if (!n[0] || strlen(n) >= WB_MAX_NAME || !wb_utf8_valid(n, strlen(n)))
        return false;
    for (const unsigned char *c = (const unsigned char *)n; *c; c++)
        if (*c <= 0x20 || *c == 0x7f || *c == '[' || *c == ']' || *c == ';' || *c == ',' ||
            *c == ':')
            return false;
    return true;
}

#define NAME_RULE "1 to 63 bytes of UTF-8 without spaces, ',', ':', ';' or brackets"

/*
 * Splits a comma-separated list into at most max entries of WB_MAX_NAME bytes, each trimmed
 * of surrounding blanks. Returns the count, or -1 after reporting an error (an empty entry,
 * one too long, or too many).
 */
static int split_list(parser *p, const char *key, const char *v, char (*out)[WB_MAX_NAME],
                      size_t max)
{
    size_t n = 0;
    const char *s = v;
    for (;;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len == 0) {
            wb_cfg_fail(p, key, v, "empty entry in the list");
            return -1;
        }
        if (len >= WB_MAX_NAME) {
            wb_cfg_fail(p, key, v, "entry longer than %d bytes", WB_MAX_NAME - 1);
            return -1;
        }
        if (n >= max) {
            wb_cfg_fail(p, key, v, "more than %zu entries", max);
            return -1;
        }
        memcpy(out[n], s, len);
        out[n][len] = '\0';
        if (!wb_utf8_valid(out[n], len)) {
            wb_cfg_fail(p, key, v, "not valid UTF-8");
            return -1;
        }
        n++;
        if (!e)
            return (int)n;
        s = e + 1;
    }
}

/* Like split_list, and every entry must be a name (name_ok) and appear once. */
static int split_names(parser *p, const char *key, const char *v, char (*out)[WB_MAX_NAME],
                       size_t max, const char *what)
{
    int n = split_list(p, key, v, out, max);
    for (int i = 0; i < n; i++) {
        if (!name_ok(out[i])) {
            wb_cfg_fail(p, key, v, "bad %s name '%s': " NAME_RULE, what, out[i]);
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(out[i], out[j]) == 0) {
                wb_cfg_fail(p, key, v, "%s '%s' named twice", what, out[i]);
                return -1;
            }
    }
    return n;
}

static int page_index(const wb_config *c, const char *name)
{
    for (size_t i = 0; i < c->screen.n_pages; i++)
        if (strcmp(c->screen.pages[i].name, name) == 0)
            return (int)i;
    return WB_NOT_FOUND;
}

/* ---------------------------------------------------------------- sections */

bool wb_cfg_screen_section(parser *p, const char *name)
{
    wb_config *c = p->cfg;
    p->sub = -1;
    if (strcmp(name, "screen") == 0) {
        p->section = SEC_SCREEN;
        return true;
    }
    bool page = strncmp(name, "page.", 5) == 0, queue = strncmp(name, "queue.", 6) == 0;
    if (!page && !queue)
        return false;
    const char *n = name + (page ? 5 : 6);
    p->section = page ? SEC_PAGE : SEC_QUEUE;
    if (p->pass == 2) {
        /* Pages are unique by name; queue sections have nothing left to check. */
        p->sub = page ? page_index(c, n) : -1;
        return true;
    }
    if (!name_ok(n)) {
        wb_cfg_fail(p, NULL, n, "bad %s name: " NAME_RULE, page ? "page" : "queue");
        return true;
    }
    if (page) {
        int dup = page_index(c, n);
        if (dup >= 0) {
            wb_cfg_fail(p, NULL, NULL, "duplicate page (first defined on line %d)",
                        p->page_line[dup]);
            return true;
        }
        if (c->screen.n_pages >= WB_MAX_PAGES) {
            wb_cfg_fail(p, NULL, NULL, "too many pages (at most %d)", WB_MAX_PAGES);
            return true;
        }
        size_t k = c->screen.n_pages++;
        memset(&c->screen.pages[k], 0, sizeof c->screen.pages[k]);
        wb_cfg_copy_str(c->screen.pages[k].name, WB_MAX_NAME, n);
        p->page_line[k] = p->line;
        /* Until [screen] pages says otherwise, the pages rotate in file order. */
        if (!p->screen_pages_set)
            c->screen.rotation[c->screen.n_rotation++] = (int)k;
        p->sub = (int)k;
        return true;
    }
    if (c->n_queues >= WB_MAX_QUEUE_CFGS) {
        wb_cfg_fail(p, NULL, NULL, "too many queue sections (at most %d)", WB_MAX_QUEUE_CFGS);
        return true;
    }
    size_t k = c->n_queues++;
    memset(&c->queues[k], 0, sizeof c->queues[k]);
    wb_cfg_copy_str(c->queues[k].name, WB_MAX_NAME, n);
    p->queue_line[k] = p->line;
    p->sub = (int)k;
    return true;
}

/* ---------------------------------------------------------------- [screen] */

static bool screen_key(parser *p, const char *key, const char *v)
{
    wb_config *c = p->cfg;
    char names[WB_MAX_GROUP_QUEUES > WB_MAX_PAGES ? WB_MAX_GROUP_QUEUES : WB_MAX_PAGES]
              [WB_MAX_NAME];
    if (strcmp(key, "pages") == 0) {
        /* The names are checked in pass 2, when every [page.NAME] is known. */
        int n = split_list(p, key, v, names, WB_MAX_PAGES);
        if (n < 0)
            return false;
        p->screen_pages_set = true;
        return true;
    }
    if (strncmp(key, "group.", 6) == 0) {
        const char *g = key + 6;
        if (!name_ok(g)) {
            wb_cfg_fail(p, key, v, "bad group name: " NAME_RULE);
            return false;
        }
        if (wb_config_group_index(c, g) >= 0) {
            wb_cfg_fail(p, key, v, "group '%s' defined twice", g);
            return false;
        }
        if (c->screen.n_groups >= WB_MAX_GROUPS) {
            wb_cfg_fail(p, key, v, "too many groups (at most %d)", WB_MAX_GROUPS);
            return false;
        }
        /* A queue named twice would be counted twice: the sum would be wrong. */
        int n = split_names(p, key, v, names, WB_MAX_GROUP_QUEUES, "queue");
        if (n < 0)
            return false;
        wb_group_cfg *gr = &c->screen.groups[c->screen.n_groups++];
        memset(gr, 0, sizeof *gr);
        wb_cfg_copy_str(gr->name, WB_MAX_NAME, g);
        for (int i = 0; i < n; i++)
            wb_cfg_copy_str(gr->queues[i], WB_MAX_NAME, names[i]);
        gr->n_queues = (size_t)n;
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown key (expected pages or group.NAME)");
    return false;
}

/* ---------------------------------------------------------------- [page.NAME] */

/* Parses one item, "word" or "word:NAME", into *it. */
static bool parse_item(parser *p, const char *key, const char *v, const char *s, wb_page_item *it)
{
    const char *colon = strchr(s, ':');
    size_t wl = colon ? (size_t)(colon - s) : strlen(s);
    for (size_t i = 0; i < sizeof item_words / sizeof item_words[0]; i++) {
        const item_word *w = &item_words[i];
        if (strlen(w->word) != wl || strncmp(s, w->word, wl) != 0)
            continue;
        if ((w->name == NAME_NEEDED && !colon) || (w->name == NAME_NONE && colon)) {
            wb_cfg_fail(p, key, v,
                        colon ? "item '%s' takes no name (%s alone)"
                              : "item '%s' needs a name: %s:NAME",
                        s, w->word);
            return false;
        }
        memset(it, 0, sizeof *it);
        it->kind = w->kind;
        if (colon) {
            if (!name_ok(colon + 1)) {
                wb_cfg_fail(p, key, v, "bad name in item '%s': " NAME_RULE, s);
                return false;
            }
            wb_cfg_copy_str(it->name, WB_MAX_NAME, colon + 1);
        }
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown item '%s' (expected " ITEM_WORDS_HELP ")", s);
    return false;
}

static bool page_items(parser *p, wb_page_cfg *pg, const char *key, const char *v)
{
    char words[WB_MAX_PAGE_ITEMS][WB_MAX_NAME];
    int n = split_list(p, key, v, words, WB_MAX_PAGE_ITEMS);
    if (n < 0)
        return false;
    for (int i = 0; i < n; i++) {
        wb_page_item it;
        if (!parse_item(p, key, v, words[i], &it))
            return false;
        if (pg->n_items >= WB_MAX_PAGE_ITEMS) {
            wb_cfg_fail(p, key, v, "more than %d items on one page", WB_MAX_PAGE_ITEMS);
            return false;
        }
        bool whole = item_word_of(it.kind)->whole;
        bool had_whole = pg->n_items > 0 && item_word_of(pg->items[0].kind)->whole;
        if ((whole && pg->n_items > 0) || had_whole) {
            wb_cfg_fail(p, key, v, "'%s' is a whole page: it must be the only item of its page",
                        whole ? words[i] : item_word_of(pg->items[0].kind)->word);
            return false;
        }
        pg->items[pg->n_items++] = it;
    }
    return true;
}

static bool page_key(parser *p, const char *key, const char *v)
{
    if (p->sub < 0)
        return false;
    wb_page_cfg *pg = &p->cfg->screen.pages[p->sub];
    if (strcmp(key, "items") == 0)
        return page_items(p, pg, key, v);
    if (strcmp(key, "team") == 0) {
        /* Team names come from the events and may hold spaces: any text but a comma. */
        int n = split_list(p, key, v, pg->teams + pg->n_teams, WB_MAX_AGENT_FILTERS - pg->n_teams);
        if (n < 0)
            return false;
        pg->n_teams += (size_t)n;
        return true;
    }
    if (strcmp(key, "channel") == 0) {
        int n = split_names(p, key, v, pg->channels + pg->n_channels,
                            WB_MAX_AGENT_FILTERS - pg->n_channels, "channel");
        if (n < 0)
            return false;
        pg->n_channels += (size_t)n;
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown key (expected items, team or channel)");
    return false;
}

/* ---------------------------------------------------------------- [queue.NAME] */

/* The channel keys a queue may set, with the bit that says it did (0: a threshold). */
static const struct {
    const char *key;
    uint32_t bit;
} queue_keys[] = {
    {"sl_threshold_s", WB_QSET_SL_T},
    {"sl_target_pct", WB_QSET_SL_TARGET},
    {"sl_formula", WB_QSET_FORMULA},
    {"short_abandon_s", WB_QSET_SHORT},
    {"hold_s", WB_QSET_HOLD},
    {"label_en", WB_QSET_LABEL_EN},
    {"label_fi", WB_QSET_LABEL_FI},
    {"warn_waiting", 0},
    {"alarm_waiting", 0},
    {"warn_oldest_wait_s", 0},
    {"alarm_oldest_wait_s", 0},
    {"warn_sl_today_pct", 0},
    {"alarm_sl_today_pct", 0},
    {"warn_sl_rolling_pct", 0},
    {"alarm_sl_rolling_pct", 0},
};

static bool queue_key(parser *p, const char *key, const char *v)
{
    if (p->sub < 0)
        return false;
    wb_queue_cfg *q = &p->cfg->queues[p->sub];
    if (strcmp(key, "channel") == 0) {
        if (!name_ok(v)) {
            wb_cfg_fail(p, key, v, "bad channel name: " NAME_RULE);
            return false;
        }
        /* The same queue twice would leave the second section without effect. */
        for (int i = 0; i < p->sub; i++) {
            const wb_queue_cfg *o = &p->cfg->queues[i];
            if (strcmp(o->name, q->name) == 0 && strcmp(o->channel, v) == 0) {
                wb_cfg_fail(p, key, v, "queue %s of channel %s already has a section (line %d)",
                            q->name, v, p->queue_line[i]);
                return false;
            }
        }
        wb_cfg_copy_str(q->channel, WB_MAX_NAME, v);
        return true;
    }
    for (size_t i = 0; i < sizeof queue_keys / sizeof queue_keys[0]; i++) {
        if (strcmp(key, queue_keys[i].key) != 0)
            continue;
        if (!wb_cfg_channel_key(p, &q->over, key, v, &q->th_set))
            return false;
        q->set |= queue_keys[i].bit;
        return true;
    }
    wb_cfg_fail(p, key, v,
                "not a queue setting (expected channel, label_en, label_fi, sl_threshold_s, "
                "sl_target_pct, sl_formula, short_abandon_s, hold_s or a warn_/alarm_ "
                "threshold other than forecast_sl_pct)");
    return false;
}

bool wb_cfg_screen_key(parser *p, const char *key, const char *v)
{
    switch (p->section) {
    case SEC_SCREEN:
        return screen_key(p, key, v);
    case SEC_PAGE:
        return page_key(p, key, v);
    case SEC_QUEUE:
        return queue_key(p, key, v);
    default:
        return false;
    }
}

/* ---------------------------------------------------------------- pass 2 */

void wb_cfg_screen_check(parser *p, const char *key, const char *v)
{
    wb_config *c = p->cfg;
    if (p->failed)
        return;
    if (p->section == SEC_SCREEN && strcmp(key, "pages") == 0) {
        char names[WB_MAX_PAGES][WB_MAX_NAME];
        int n = split_list(p, key, v, names, WB_MAX_PAGES);
        if (n < 0)
            return;
        c->screen.n_rotation = 0;
        for (int i = 0; i < n; i++) {
            int k = page_index(c, names[i]);
            if (k < 0) {
                wb_cfg_fail(p, key, v, "unknown page '%s' (no [page.%s] section)", names[i],
                            names[i]);
                return;
            }
            c->screen.rotation[c->screen.n_rotation++] = k;
        }
        return;
    }
    if (p->section != SEC_PAGE || p->sub < 0)
        return;
    const wb_page_cfg *pg = &c->screen.pages[p->sub];
    if (strcmp(key, "items") == 0) {
        for (size_t i = 0; i < pg->n_items; i++)
            if (pg->items[i].kind == WB_ITEM_GROUP &&
                wb_config_group_index(c, pg->items[i].name) < 0) {
                wb_cfg_fail(p, key, v, "unknown group '%s' (define it in [screen] as group.%s)",
                            pg->items[i].name, pg->items[i].name);
                return;
            }
        return;
    }
    if (strcmp(key, "team") == 0 || strcmp(key, "channel") == 0) {
        bool agents = pg->n_items > 0 && pg->items[0].kind == WB_ITEM_AGENTS;
        if (!agents)
            wb_cfg_fail(p, key, v, "%s filters the agent page: this page has no agents item", key);
    }
}
