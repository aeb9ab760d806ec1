/*
 * layout_dlist.c - the display list (layout.h): three growable arrays, items, a text arena of
 * NUL-terminated strings addressed by offset, and polyline points. A build clears the counts
 * but keeps the memory, so a steady screen allocates nothing per frame.
 */
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

void wb_dlist_init(wb_dlist *dl)
{
    memset(dl, 0, sizeof *dl);
}

void wb_dlist_fini(wb_dlist *dl)
{
    free(dl->items);
    free(dl->arena);
    free(dl->pts);
    memset(dl, 0, sizeof *dl);
}

void wb_dlist_clear(wb_dlist *dl)
{
    dl->n = 0;
    dl->arena_n = 0;
    dl->npts = 0;
    dl->oom = false;
}

const char *wb_dl_text(const wb_dlist *dl, const wb_dl_item *it)
{
    if (!dl->arena || it->text >= dl->arena_n)
        return "";
    return dl->arena + it->text;
}

bool wb_lay_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np)
        return false;
    *p = np;
    *cap = nc;
    return true;
}

wb_dl_item *wb_lay_push(wb_dlist *dl, wb_dl_kind kind, wb_dl_tag tag, int tile, wb_rect box,
                        wb_color color)
{
    if (!wb_lay_grow((void **)&dl->items, &dl->cap, dl->n + 1, sizeof *dl->items)) {
        dl->oom = true;
        return NULL;
    }
    wb_dl_item *it = &dl->items[dl->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->tag = tag;
    it->tile = tile;
    it->box = box;
    it->color = color;
    it->thick = 1;
    return it;
}

uint32_t wb_lay_intern(wb_dlist *dl, const char *s)
{
    size_t len = strlen(s) + 1;
    if (!wb_lay_grow((void **)&dl->arena, &dl->arena_cap, dl->arena_n + len, 1)) {
        dl->oom = true;
        return UINT32_MAX;
    }
    memcpy(dl->arena + dl->arena_n, s, len);
    uint32_t off = (uint32_t)dl->arena_n;
    dl->arena_n += len;
    return off;
}

const char *wb_dl_tag_name(wb_dl_tag tag)
{
    static const char *const names[] = {
        [WB_TAG_NONE] = "none",
        [WB_TAG_HEADER] = "header",
        [WB_TAG_CLOCK] = "clock",
        [WB_TAG_CONN] = "conn",
        [WB_TAG_BANNER] = "banner",
        [WB_TAG_BANNER_TEXT] = "banner_text",
        [WB_TAG_TILE] = "tile",
        [WB_TAG_BORDER] = "border",
        [WB_TAG_TILE_TITLE] = "tile_title",
        [WB_TAG_WAITING] = "waiting",
        [WB_TAG_OLDEST] = "oldest",
        [WB_TAG_SL_TODAY] = "sl_today",
        [WB_TAG_SL_ROLLING] = "sl_rolling",
        [WB_TAG_COUNTS] = "counts",
        [WB_TAG_AGENTS] = "agents",
        [WB_TAG_SPARK] = "spark",
        [WB_TAG_FORECAST] = "forecast",
        [WB_TAG_STATUS] = "status",
        [WB_TAG_LABEL] = "label",
        [WB_TAG_TICKER] = "ticker",
        [WB_TAG_TEAM] = "team",
        [WB_TAG_CARD] = "card",
        [WB_TAG_CARD_TEXT] = "card_text",
        [WB_TAG_LEVEL] = "level",
        [WB_TAG_CARD_STATE] = "card_state",
        [WB_TAG_SUMMARY] = "summary",
        [WB_TAG_CARD_OVERRUN] = "card_overrun",
    };
    if ((int)tag < 0 || (size_t)tag >= sizeof names / sizeof names[0] || !names[tag])
        return "?";
    return names[tag];
}
