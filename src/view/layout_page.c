/*
 * layout_page.c - a configured page ([page.NAME]): its items, in order, as tiles of one grid,
 * or one whole page (the agent page, with its team and channel filters).
 *
 * The item table (item_defs) says, per kind of item, either how to draw the whole page or how
 * many tiles the item stands for and how to draw one. A new kind of tile or page (KPI tiles,
 * the interval page) is one line there, beside its word in the configuration's table.
 *
 * Data structure: a page's tiles are expanded into a small array of tile_ref on the stack
 * (channels expand to one tile per channel); nothing outlives the build. The filtered agent
 * list of an agent page is allocated for the build and freed before it returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

/* The most tiles a page holds: every channel plus every other item. */
#define MAX_TILES (WB_MAX_CHANNELS + WB_MAX_KPIS_VIEW + WB_MAX_PAGE_ITEMS)

typedef struct tile_ref {
    const wb_page_item *item;
    int idx; /* channel index for channel tiles; the group's index for group tiles */
} tile_ref;

static int channel_of(const wb_board_view *v, const char *name)
{
    for (size_t i = 0; i < v->n_channels; i++)
        if (v->ch[i].m.name && strcmp(v->ch[i].m.name, name) == 0)
            return (int)i;
    return -1;
}

/* ---------------------------------------------------------------- tiles */

static size_t tiles_channels(wb_lay_ctx *c, const wb_page_item *it, tile_ref *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < c->in->view->n_channels && n < max; i++)
        out[n++] = (tile_ref){it, (int)i};
    return n;
}

/* A channel that is neither configured nor seen yet has no tile (it has nothing to show). */
static size_t tiles_channel(wb_lay_ctx *c, const wb_page_item *it, tile_ref *out, size_t max)
{
    int ch = channel_of(c->in->view, it->name);
    if (ch < 0 || max == 0)
        return 0;
    out[0] = (tile_ref){it, ch};
    return 1;
}

static size_t tiles_one(wb_lay_ctx *c, const wb_page_item *it, tile_ref *out, size_t max)
{
    int idx =
        it->kind == WB_ITEM_GROUP && c->in->cfg ? wb_config_group_index(c->in->cfg, it->name) : 0;
    if (max == 0 || idx < 0)
        return 0;
    out[0] = (tile_ref){it, idx};
    return 1;
}

static void draw_channel(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r)
{
    (void)k;
    wb_lay_channel_tile(c, t->idx, r);
}

static void draw_summary(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r)
{
    (void)t;
    (void)k;
    wb_lay_summary(c, r);
}

/* A queue's label: its [queue.NAME] label in the layout's language, else its name. */
const char *wb_lay_queue_label(const wb_lay_ctx *c, const char *name)
{
    const wb_board_view *v = c->in->view;
    for (size_t i = 0; i < v->n_queues; i++) {
        const wb_queue_metrics *q = &v->q[i];
        if (!q->cfg || !q->name || strcmp(q->name, name) != 0)
            continue;
        if (c->in->lang == WB_LANG_FI && q->cfg->label_fi[0])
            return q->cfg->label_fi;
        if (q->cfg->label_en[0])
            return q->cfg->label_en;
    }
    return name;
}

static void draw_queue(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r)
{
    const char *names[1] = {t->item->name};
    wb_lay_qsum s;
    wb_lay_queue_sum(c->in->view, names, 1, &s);
    wb_lay_queue_tile(c, WB_TILE_QUEUE0 + k, r, wb_lay_queue_label(c, t->item->name), NULL, &s);
}

static void draw_group(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r)
{
    const wb_group_cfg *g = &c->in->cfg->screen.groups[t->idx];
    const char *names[WB_MAX_GROUP_QUEUES];
    char members[WB_MAX_GROUP_QUEUES * (WB_MAX_NAME + 3)] = "";
    size_t len = 0;
    for (size_t i = 0; i < g->n_queues; i++) {
        names[i] = g->queues[i];
        len += (size_t)snprintf(members + len, sizeof members - len, "%s%s", i ? " + " : "",
                                wb_lay_queue_label(c, g->queues[i]));
        if (len >= sizeof members)
            len = sizeof members - 1;
    }
    wb_lay_qsum s;
    wb_lay_queue_sum(c->in->view, names, g->n_queues, &s);
    wb_lay_queue_tile(c, WB_TILE_QUEUE0 + k, r, g->name, members, &s);
}

/* Every KPI figure of the view, or (kpi:ID) those of one KPI, one tile per scope. */
static size_t tiles_kpis(wb_lay_ctx *c, const wb_page_item *it, tile_ref *out, size_t max)
{
    const wb_board_view *v = c->in->view;
    size_t n = 0;
    for (size_t k = 0; k < v->n_kpis && n < max; k++)
        if (it->kind == WB_ITEM_KPIS || (v->kpi[k].k.kpi && strcmp(v->kpi[k].k.kpi, it->name) == 0))
            out[n++] = (tile_ref){it, (int)k};
    return n;
}

static void draw_kpi(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r)
{
    (void)k;
    wb_lay_kpi_tile(c, r, (size_t)t->idx);
}

/*
 * Today by interval; intervals:NAME draws one channel's panel only, from a copy of the
 * interval rows that names it (as the agent page is drawn from a filtered copy). When NAME is
 * a queue, the caller has put that queue's rows in the intervals (n_queues), drawn instead of
 * the channels.
 */
static void page_intervals(wb_lay_ctx *c, const wb_page_cfg *pg, wb_rect area)
{
    const wb_layout_in *orig = c->in;
    if (!pg->items[0].name[0] || !orig->intervals || orig->intervals->n_queues > 0) {
        wb_lay_intervals_page(c, area);
        return;
    }
    wb_lay_intervals iv = *orig->intervals;
    iv.only_channel = pg->items[0].name;
    wb_layout_in in = *orig;
    in.intervals = &iv;
    c->in = &in;
    wb_lay_intervals_page(c, area);
    c->in = orig;
}

/* ---------------------------------------------------------------- the agent page */

static bool agent_shown(const wb_page_cfg *pg, const wb_agent_info *a, uint32_t chmask)
{
    if (pg->n_teams > 0) {
        bool in = false;
        for (size_t i = 0; i < pg->n_teams && !in; i++)
            in = a->team && strcmp(a->team, pg->teams[i]) == 0;
        if (!in)
            return false;
    }
    return pg->n_channels == 0 || (a->channels & chmask) != 0;
}

/*
 * The agent page with the page's filters: only agents of its teams (if it names any) who
 * serve one of its channels (if it names any). The page is drawn from a filtered copy of the
 * agent list, so that its headings count the agents it shows.
 */
static void page_agents(wb_lay_ctx *c, const wb_page_cfg *pg, wb_rect area)
{
    if (pg->n_teams == 0 && pg->n_channels == 0) {
        wb_lay_agents_page(c, area);
        return;
    }
    uint32_t chmask = 0;
    for (size_t i = 0; i < pg->n_channels; i++) {
        int ch = channel_of(c->in->view, pg->channels[i]);
        if (ch >= 0)
            chmask |= 1u << ch;
    }
    const wb_layout_in *orig = c->in;
    wb_agent_info *keep = malloc((orig->n_agents + 1) * sizeof *keep);
    if (!keep) {
        c->dl->oom = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < orig->n_agents; i++)
        if (agent_shown(pg, &orig->agents[i], chmask))
            keep[n++] = orig->agents[i];
    wb_layout_in in = *orig;
    in.agents = keep;
    in.n_agents = n;
    c->in = &in;
    wb_lay_agents_page(c, area);
    c->in = orig;
    free(keep);
}

/* ---------------------------------------------------------------- the item table */

typedef struct item_def {
    wb_item_kind kind;
    /* A whole page: draws the page (NULL for tiles). */
    void (*page)(wb_lay_ctx *c, const wb_page_cfg *pg, wb_rect area);
    /* Tiles: the tiles the item stands for, and how to draw the k-th tile of the page. */
    size_t (*tiles)(wb_lay_ctx *c, const wb_page_item *it, tile_ref *out, size_t max);
    void (*draw)(wb_lay_ctx *c, const tile_ref *t, int k, wb_rect r);
} item_def;

static const item_def item_defs[] = {
    {WB_ITEM_CHANNELS, NULL, tiles_channels, draw_channel},
    {WB_ITEM_CHANNEL, NULL, tiles_channel, draw_channel},
    {WB_ITEM_QUEUE, NULL, tiles_one, draw_queue},
    {WB_ITEM_GROUP, NULL, tiles_one, draw_group},
    {WB_ITEM_SUMMARY, NULL, tiles_one, draw_summary},
    {WB_ITEM_AGENTS, page_agents, NULL, NULL},
    {WB_ITEM_KPIS, NULL, tiles_kpis, draw_kpi},
    {WB_ITEM_KPI, NULL, tiles_kpis, draw_kpi},
    {WB_ITEM_INTERVALS, page_intervals, NULL, NULL},
};

static const item_def *def_of(wb_item_kind k)
{
    for (size_t i = 0; i < sizeof item_defs / sizeof item_defs[0]; i++)
        if (item_defs[i].kind == k)
            return &item_defs[i];
    return NULL;
}

wb_page wb_layout_page_kind(const wb_config *cfg, int page)
{
    if (!cfg || cfg->screen.n_rotation == 0)
        return page >= 0 && page < WB_PAGE_COUNT ? (wb_page)page : WB_PAGE_OVERVIEW;
    const wb_page_cfg *pg = wb_layout_page_cfg(cfg, page);
    if (!pg || pg->n_items == 0)
        return WB_PAGE_OVERVIEW;
    if (pg->items[0].kind == WB_ITEM_AGENTS)
        return WB_PAGE_AGENTS;
    if (pg->items[0].kind == WB_ITEM_INTERVALS)
        return WB_PAGE_INTERVALS;
    /* A page of tiles is an overview, whatever tiles it holds. */
    return WB_PAGE_OVERVIEW;
}

/* Derived from the page's kind, so that the two never disagree. */
bool wb_layout_page_is_agents(const wb_config *cfg, int page)
{
    return wb_layout_page_kind(cfg, page) == WB_PAGE_AGENTS;
}

int wb_layout_page_count(const wb_config *cfg)
{
    return cfg && cfg->screen.n_rotation > 0 ? (int)cfg->screen.n_rotation : WB_PAGE_COUNT;
}

const wb_page_cfg *wb_layout_page_cfg(const wb_config *cfg, int page)
{
    if (!cfg || cfg->screen.n_rotation == 0 || page < 0)
        return NULL;
    int k = cfg->screen.rotation[(size_t)page % cfg->screen.n_rotation];
    return k >= 0 && (size_t)k < cfg->screen.n_pages ? &cfg->screen.pages[k] : NULL;
}

/* The view's queues named in names[0..n), as bits. */
static uint64_t queue_bits(const wb_board_view *v, const char (*names)[WB_MAX_NAME], size_t n)
{
    _Static_assert(WB_MAX_QUEUES_VIEW <= 64, "a queue is a bit of a uint64_t");
    uint64_t m = 0;
    for (size_t i = 0; i < v->n_queues && i < WB_MAX_QUEUES_VIEW; i++)
        for (size_t k = 0; k < n; k++)
            if (v->q[i].name && strcmp(v->q[i].name, names[k]) == 0)
                m |= (uint64_t)1 << i;
    return m;
}

/* The channels of the view's queues named in names[0..n). */
static uint32_t queue_channels(const wb_board_view *v, const char (*names)[WB_MAX_NAME], size_t n)
{
    uint64_t q = queue_bits(v, names, n);
    uint32_t m = 0;
    for (size_t i = 0; i < v->n_queues && i < WB_MAX_QUEUES_VIEW; i++)
        if (q >> i & 1u && v->q[i].channel >= 0 && v->q[i].channel < WB_MAX_CHANNELS)
            m |= 1u << v->q[i].channel;
    return m;
}

uint32_t wb_lay_screen_channels(const wb_lay_ctx *c)
{
    const wb_board_view *v = c->in->view;
    const wb_config *cfg = c->in->cfg;
    uint32_t all = v->n_channels >= 32 ? UINT32_MAX : (1u << v->n_channels) - 1;
    if (!cfg || cfg->screen.n_rotation == 0)
        return all;
    uint32_t m = 0;
    for (size_t r = 0; r < cfg->screen.n_rotation; r++) {
        const wb_page_cfg *pg = &cfg->screen.pages[cfg->screen.rotation[r]];
        for (size_t i = 0; i < pg->n_items; i++) {
            const wb_page_item *it = &pg->items[i];
            int ch, g;
            switch (it->kind) {
            case WB_ITEM_CHANNELS:
                m |= all;
                break;
            case WB_ITEM_CHANNEL:
                if ((ch = channel_of(v, it->name)) >= 0)
                    m |= 1u << ch;
                break;
            case WB_ITEM_QUEUE:
                m |= queue_channels(v, &it->name, 1);
                break;
            case WB_ITEM_GROUP:
                if ((g = wb_config_group_index(cfg, it->name)) >= 0)
                    m |= queue_channels(v, cfg->screen.groups[g].queues,
                                        cfg->screen.groups[g].n_queues);
                break;
            case WB_ITEM_INTERVALS:
                if (it->name[0] && (ch = channel_of(v, it->name)) >= 0)
                    m |= 1u << ch;
                else if (!it->name[0])
                    m |= all;
                break;
            case WB_ITEM_AGENTS:
                for (size_t k = 0; k < pg->n_channels; k++)
                    if ((ch = channel_of(v, pg->channels[k])) >= 0)
                        m |= 1u << ch;
                break;
            default:
                break;
            }
        }
    }
    return m;
}

uint64_t wb_lay_screen_queues(const wb_lay_ctx *c)
{
    const wb_board_view *v = c->in->view;
    const wb_config *cfg = c->in->cfg;
    if (!cfg || cfg->screen.n_rotation == 0)
        return 0;
    uint64_t m = 0;
    for (size_t r = 0; r < cfg->screen.n_rotation; r++) {
        const wb_page_cfg *pg = &cfg->screen.pages[cfg->screen.rotation[r]];
        for (size_t i = 0; i < pg->n_items; i++) {
            const wb_page_item *it = &pg->items[i];
            int g;
            if (it->kind == WB_ITEM_QUEUE)
                m |= queue_bits(v, &it->name, 1);
            else if (it->kind == WB_ITEM_GROUP && (g = wb_config_group_index(cfg, it->name)) >= 0)
                m |= queue_bits(v, cfg->screen.groups[g].queues, cfg->screen.groups[g].n_queues);
        }
    }
    return m;
}

void wb_lay_page(wb_lay_ctx *c, const wb_page_cfg *pg, wb_rect area)
{
    if (pg->n_items > 0) {
        const item_def *d = def_of(pg->items[0].kind);
        if (d && d->page) {
            d->page(c, pg, area);
            return;
        }
    }
    tile_ref tiles[MAX_TILES];
    size_t n = 0;
    for (size_t i = 0; i < pg->n_items; i++) {
        const item_def *d = def_of(pg->items[i].kind);
        if (d && d->tiles)
            n += d->tiles(c, &pg->items[i], tiles + n, MAX_TILES - n);
    }
    if (n == 0) {
        wb_lay_empty_note(c, area, c->lb->no_channels);
        return;
    }
    /* The overview's grid: tiles near 4:3, a short last row centred. */
    wb_lay_cells g;
    wb_lay_cells_for(c, (int)n, area, &g);
    for (size_t k = 0; k < n; k++) {
        int row = (int)k / g.cols, col = (int)k % g.cols;
        int in_row = row == g.rows - 1 ? (int)n - row * g.cols : g.cols;
        def_of(tiles[k].item->kind)
            ->draw(c, &tiles[k], (int)k, wb_lay_cell_tile(&g, area, row, col, in_row));
    }
}
