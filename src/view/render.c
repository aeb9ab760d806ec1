/*
 * render.c - the SDL2 + SDL2_ttf renderer of display lists (see render.h).
 *
 * The data structures owned here:
 *  - fonts: a small array of TTF_Font handles keyed by (role, px), opened from font files
 *    kept in memory, each stamped with the last frame that used it;
 *  - a text cache: a chained hash table keyed by (string, role, px); an entry holds the
 *    measurement and up to TEX_PER_ENTRY textures of that text in different colours. The
 *    colour is baked into the texture rather than applied as a colour modulation, because
 *    SDL's software blitter has a fast path for plain alpha blending only. Entries and
 *    textures not touched during a frame are freed at its end;
 *  - icons: one texture per asset name, loaded once from assets/NAME.bmp;
 *  - the frame target: a texture at the logical size, recreated when that size changes, used
 *    when the screen is rotated or the renderer is not the software one (see below);
 *  - what the last frame drew: one wb_item_rec per item (render_int.h), the options and sizes
 *    it was drawn with, and the rectangles drawn since the last present.
 *
 * Redrawing only what changed. The next frame's items are hashed and compared with the last
 * frame's (render_dirty.c); each dirty rectangle is cleared and every item that reaches into it
 * is drawn again, in list order, clipped to it. The pixels drawn before must still be there:
 * the software renderer draws into the window's own surface, which keeps them, and
 * wb_render_present() then copies only the dirty rectangles to the screen. A GPU renderer's back
 * buffer is undefined after a present, so there the frame is kept in the target texture, which
 * is copied whole to the screen (cheap on a GPU). Anything global forces a full redraw: a new
 * size, rotation, pixel shift, dimming, background colour, an incomplete list, the first frame,
 * or wb_render_invalidate() (a window event: the window system may have lost the pixels).
 */
#include "render.h"
#include "render_int.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Open fonts (one per role and pixel size), least recently used closed first. Each costs about
 * 150 KB (FreeType's face, HarfBuzz's tables, SDL_ttf's caches), so the bound is what keeps a
 * 1080p screen with 300 agents under its 32 MB: in bench_day's real program (both pages, a
 * page every 2 s) 48 fonts peaked at 35.3 MB, 24 at 31.8-32.4 MB, 20 at 31.4-31.5 MB. A page
 * uses fewer than 20 sizes; turning to another page reopens some (each a fraction of a
 * millisecond).
 */
#define MAX_FONTS 20
#define FONT_IDLE_FRAMES 120
#define TEXT_BUCKETS 1024
#define MAX_ICONS 32

static const char *FONT_FILES[WB_FONT_NROLES] = {
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSansCondensed-Bold.ttf",
};

typedef struct font_slot {
    TTF_Font *f;
    int role, px;
    uint64_t used;
} font_slot;

#define TEX_PER_ENTRY 2

typedef struct text_tex {
    SDL_Texture *tex; /* NULL: free slot */
    wb_color color;
    uint64_t used;
} text_tex;

typedef struct text_entry {
    struct text_entry *next;
    uint32_t hash;
    int role, px;
    int w, h;
    text_tex tex[TEX_PER_ENTRY];
    uint64_t used; /* frame stamp */
    char s[];      /* the string */
} text_entry;

typedef struct icon_slot {
    char name[WB_MAX_NAME];
    SDL_Texture *tex; /* NULL: the asset is missing; a drawn fallback is used */
} icon_slot;

struct wb_render {
    SDL_Renderer *r;
    void *font_data[WB_FONT_NROLES];
    size_t font_size[WB_FONT_NROLES];
    font_slot fonts[MAX_FONTS];
    text_entry *bucket[TEXT_BUCKETS];
    icon_slot icons[MAX_ICONS];
    size_t n_icons;
    SDL_Texture *target;
    int target_w, target_h;
    uint64_t frame; /* current frame stamp; starts at 1 */
    uint64_t text_renders;
    size_t n_text, n_tex;
    int ox, oy; /* drawing offset: the pixel shift when drawing without a target */

    /* Partial redraw: what the renderer can do, and what the last frame drew. */
    bool always_full;  /* WB_FULL_REDRAW=1: every frame whole (a fallback, and a peer) */
    bool software;     /* SDL's software renderer: its output keeps its pixels */
    bool has_targets;  /* target textures work */
    SDL_Window *win;   /* the renderer's window, or NULL */
    wb_item_rec *prev; /* the last frame's items */
    wb_item_rec *cur;  /* this frame's items (swapped with prev at the end) */
    size_t prev_n, rec_cap;
    wb_dirty_key *key_old, *key_new;
    bool have_prev; /* the output (or target) holds the frame that prev describes */
    int prev_w, prev_h, prev_ow, prev_oh;
    wb_color prev_clear;
    wb_render_opts prev_opts;
    bool prev_target;
    wb_dirty dirty; /* the last frame's, logical coordinates */
    bool last_full;
    /* Output rectangles drawn since the last present; present_full when that was all. */
    SDL_Rect present[WB_DIRTY_MAX];
    int n_present;
    bool present_full;
    uint64_t full_frames, partial_frames;
};

const char *wb_data_path(const char *rel, char *buf, size_t n)
{
    const char *dirs[3] = {getenv("WB_DATADIR"), WB_DATADIR, WB_SRCDIR};
    for (int i = 0; i < 3; i++) {
        if (!dirs[i] || !dirs[i][0])
            continue;
        snprintf(buf, n, "%s/%s", dirs[i], rel);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    return NULL;
}

/* Fonts larger than this are refused: no real TTF is, and the whole file is read into memory. */
#define WB_FONT_MAX_BYTES (32L * 1024 * 1024)

static void *slurp(const char *path, size_t *len)
{
    /*
     * Only a regular file of sane size: a directory would "open" and report an absurd size,
     * and a FIFO would block the kiosk forever in fopen().
     */
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > WB_FONT_MAX_BYTES) {
        errno = S_ISREG(st.st_mode) ? EFBIG : EISDIR;
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    void *buf = NULL;
    if (fseek(f, 0, SEEK_END) != 0)
        goto fail;
    long sz = ftell(f);
    if (sz <= 0 || fseek(f, 0, SEEK_SET) != 0)
        goto fail;
    buf = malloc((size_t)sz);
    if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz)
        goto fail;
    fclose(f);
    *len = (size_t)sz;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
}

wb_render *wb_render_new(SDL_Renderer *r, const char *font_path, char *err, size_t errlen)
{
    wb_render *rd = calloc(1, sizeof *rd);
    if (!rd) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    rd->r = r;
    rd->frame = 1;
    rd->present_full = true;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) == 0) {
        rd->software = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
        rd->has_targets = (info.flags & SDL_RENDERER_TARGETTEXTURE) != 0;
    }
    rd->win = SDL_RenderGetWindow(r);
    const char *full = getenv("WB_FULL_REDRAW");
    rd->always_full = full && strcmp(full, "1") == 0;
    for (int i = 0; i < WB_FONT_NROLES; i++) {
        char buf[1024];
        const char *path =
            font_path && font_path[0] ? font_path : wb_data_path(FONT_FILES[i], buf, sizeof buf);
        if (!path) {
            snprintf(err, errlen,
                     "font %s not found (looked in $WB_DATADIR, %s and %s); set WB_DATADIR "
                     "or [display] font",
                     FONT_FILES[i], WB_DATADIR, WB_SRCDIR);
            goto fail;
        }
        rd->font_data[i] = slurp(path, &rd->font_size[i]);
        if (!rd->font_data[i]) {
            snprintf(err, errlen, "cannot read font %s: %s", path, strerror(errno));
            goto fail;
        }
        /* Open one size now, so that a file that is not a font fails here and not later. */
        SDL_RWops *rw = SDL_RWFromConstMem(rd->font_data[i], (int)rd->font_size[i]);
        TTF_Font *probe = rw ? TTF_OpenFontRW(rw, 1, 16) : NULL;
        if (!probe) {
            snprintf(err, errlen, "cannot load font %s: %s", path, TTF_GetError());
            goto fail;
        }
        TTF_CloseFont(probe);
    }
    return rd;
fail:
    wb_render_free(rd);
    return NULL;
}

static void free_tex(wb_render *rd, text_tex *t)
{
    if (t->tex) {
        SDL_DestroyTexture(t->tex);
        t->tex = NULL;
        rd->n_tex--;
    }
}

static void free_entry(wb_render *rd, text_entry *e)
{
    for (int i = 0; i < TEX_PER_ENTRY; i++)
        free_tex(rd, &e->tex[i]);
    rd->n_text--;
    free(e);
}

void wb_render_free(wb_render *rd)
{
    if (!rd)
        return;
    for (int i = 0; i < MAX_FONTS; i++)
        if (rd->fonts[i].f)
            TTF_CloseFont(rd->fonts[i].f);
    for (int b = 0; b < TEXT_BUCKETS; b++) {
        text_entry *e = rd->bucket[b];
        while (e) {
            text_entry *nx = e->next;
            free_entry(rd, e);
            e = nx;
        }
    }
    for (size_t i = 0; i < rd->n_icons; i++)
        if (rd->icons[i].tex)
            SDL_DestroyTexture(rd->icons[i].tex);
    if (rd->target)
        SDL_DestroyTexture(rd->target);
    for (int i = 0; i < WB_FONT_NROLES; i++)
        free(rd->font_data[i]);
    free(rd->prev);
    free(rd->cur);
    free(rd->key_old);
    free(rd->key_new);
    free(rd);
}

static TTF_Font *font(wb_render *rd, int role, int px)
{
    if (role < 0 || role >= WB_FONT_NROLES || px < 1 || px > 2000)
        return NULL;
    int free_slot = -1, lru = 0;
    for (int i = 0; i < MAX_FONTS; i++) {
        font_slot *fs = &rd->fonts[i];
        if (!fs->f) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        if (fs->role == role && fs->px == px) {
            fs->used = rd->frame;
            return fs->f;
        }
        if (fs->used < rd->fonts[lru].used)
            lru = i;
    }
    if (free_slot < 0) {
        TTF_CloseFont(rd->fonts[lru].f);
        rd->fonts[lru].f = NULL;
        free_slot = lru;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(rd->font_data[role], (int)rd->font_size[role]);
    TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!f)
        return NULL;
    font_slot *fs = &rd->fonts[free_slot];
    fs->f = f;
    fs->role = role;
    fs->px = px;
    fs->used = rd->frame;
    return f;
}

static uint32_t hash_key(const char *s, int role, int px)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ (uint32_t)role) * 16777619u;
    h = (h ^ (uint32_t)px) * 16777619u;
    return h;
}

/* Finds or creates the cache entry of (s, role, px), measured. NULL if it cannot measure. */
static text_entry *entry(wb_render *rd, const char *s, int role, int px)
{
    uint32_t h = hash_key(s, role, px);
    text_entry **b = &rd->bucket[h % TEXT_BUCKETS];
    for (text_entry *e = *b; e; e = e->next) {
        if (e->hash == h && e->role == role && e->px == px && strcmp(e->s, s) == 0) {
            e->used = rd->frame;
            return e;
        }
    }
    TTF_Font *f = font(rd, role, px);
    if (!f)
        return NULL;
    int w = 0, hh = 0;
    if (TTF_SizeUTF8(f, s, &w, &hh) != 0)
        return NULL;
    size_t len = strlen(s);
    text_entry *e = malloc(sizeof *e + len + 1);
    if (!e)
        return NULL;
    memcpy(e->s, s, len + 1);
    e->hash = h;
    e->role = role;
    e->px = px;
    e->w = w;
    e->h = hh;
    memset(e->tex, 0, sizeof e->tex);
    e->used = rd->frame;
    e->next = *b;
    *b = e;
    rd->n_text++;
    return e;
}

int wb_render_measure(void *ud, wb_font_role role, int px, const char *utf8, int *w, int *h)
{
    wb_render *rd = ud;
    text_entry *e = entry(rd, utf8, (int)role, px);
    if (!e)
        return WB_ERR_IO;
    *w = e->w;
    *h = e->h;
    return 0;
}

int wb_render_glyph_advance(wb_render *rd, wb_font_role role, int px, uint16_t ch, int *adv)
{
    TTF_Font *f = font(rd, (int)role, px);
    int minx, maxx, miny, maxy;
    if (!f || TTF_GlyphMetrics(f, ch, &minx, &maxx, &miny, &maxy, adv) != 0)
        return WB_ERR_IO;
    return 0;
}

static SDL_Texture *text_texture(wb_render *rd, text_entry *e, wb_color color)
{
    text_tex *slot = &e->tex[0];
    for (int i = 0; i < TEX_PER_ENTRY; i++) {
        if (e->tex[i].tex && e->tex[i].color == color) {
            e->tex[i].used = rd->frame;
            return e->tex[i].tex;
        }
        /* Otherwise reuse a free slot, or the one used least recently. */
        if (slot->tex && (!e->tex[i].tex || e->tex[i].used < slot->used))
            slot = &e->tex[i];
    }
    free_tex(rd, slot);
    TTF_Font *f = font(rd, e->role, e->px);
    if (!f)
        return NULL;
    SDL_Color c = {(Uint8)(color >> 24), (Uint8)(color >> 16), (Uint8)(color >> 8), (Uint8)color};
    SDL_Surface *s = TTF_RenderUTF8_Blended(f, e->s, c);
    if (!s)
        return NULL;
    slot->tex = SDL_CreateTextureFromSurface(rd->r, s);
    SDL_FreeSurface(s);
    if (!slot->tex)
        return NULL;
    SDL_SetTextureBlendMode(slot->tex, SDL_BLENDMODE_BLEND);
    slot->color = color;
    slot->used = rd->frame;
    rd->n_tex++;
    rd->text_renders++;
    return slot->tex;
}

static void set_color(SDL_Renderer *r, wb_color c)
{
    SDL_SetRenderDrawColor(r, (Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c);
}

static SDL_Rect sdl_rect(const wb_render *rd, wb_rect b)
{
    SDL_Rect r = {b.x + rd->ox, b.y + rd->oy, b.w, b.h};
    return r;
}

static SDL_Texture *icon_texture(wb_render *rd, const char *name)
{
    for (size_t i = 0; i < rd->n_icons; i++)
        if (strcmp(rd->icons[i].name, name) == 0)
            return rd->icons[i].tex;
    if (rd->n_icons == MAX_ICONS)
        return NULL;
    icon_slot *ic = &rd->icons[rd->n_icons++];
    snprintf(ic->name, sizeof ic->name, "%s", name);
    ic->tex = NULL;
    /* Asset names come from the configuration: only plain names are looked up. */
    if (strchr(name, '/') || strstr(name, ".."))
        return NULL;
    char rel[WB_MAX_NAME + 16], path[1024];
    snprintf(rel, sizeof rel, "assets/%s.bmp", name);
    if (!wb_data_path(rel, path, sizeof path) &&
        !wb_data_path("assets/generic.bmp", path, sizeof path))
        return NULL;
    SDL_Surface *s = SDL_LoadBMP(path);
    if (!s)
        return NULL;
    ic->tex = SDL_CreateTextureFromSurface(rd->r, s);
    SDL_FreeSurface(s);
    if (ic->tex) {
        SDL_SetTextureBlendMode(ic->tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(ic->tex, SDL_ScaleModeLinear);
    }
    return ic->tex;
}

static void draw_outline(wb_render *rd, wb_rect b, int t)
{
    if (t < 1)
        t = 1;
    if (t * 2 > b.w || t * 2 > b.h) {
        SDL_Rect r = sdl_rect(rd, b);
        SDL_RenderFillRect(rd->r, &r);
        return;
    }
    wb_rect sides[4] = {{b.x, b.y, b.w, t},
                        {b.x, b.y + b.h - t, b.w, t},
                        {b.x, b.y + t, t, b.h - 2 * t},
                        {b.x + b.w - t, b.y + t, t, b.h - 2 * t}};
    for (int i = 0; i < 4; i++) {
        SDL_Rect r = sdl_rect(rd, sides[i]);
        SDL_RenderFillRect(rd->r, &r);
    }
}

/* Where the text of it lands (logical coordinates, before the pixel shift). */
static wb_rect text_dst(const text_entry *e, const wb_dl_item *it)
{
    int w = e->w, h = e->h;
    /* Layout measured with these metrics, so this only guards against a foreign font. */
    if (w > it->box.w && w > 0) {
        h = h * it->box.w / w;
        w = it->box.w;
    }
    int x = it->box.x;
    if (it->align == WB_ALIGN_CENTER)
        x += (it->box.w - w) / 2;
    else if (it->align == WB_ALIGN_RIGHT)
        x += it->box.w - w;
    int y = it->box.y + (it->box.h - h) / 2;
    wb_rect r = {x, y, w, h};
    return r;
}

static void draw_text(wb_render *rd, const wb_dlist *dl, const wb_dl_item *it)
{
    text_entry *e = entry(rd, wb_dl_text(dl, it), (int)it->font, it->px);
    if (!e)
        return;
    SDL_Texture *t = text_texture(rd, e, it->color);
    if (!t)
        return;
    SDL_Rect dst = sdl_rect(rd, text_dst(e, it));
    SDL_RenderCopy(rd->r, t, NULL, &dst);
}

static void draw_icon(wb_render *rd, const wb_dlist *dl, const wb_dl_item *it)
{
    int side = it->box.w < it->box.h ? it->box.w : it->box.h;
    wb_rect sq = {it->box.x + (it->box.w - side) / 2, it->box.y + (it->box.h - side) / 2, side,
                  side};
    SDL_Texture *t = icon_texture(rd, wb_dl_text(dl, it));
    if (!t) {
        /* A missing asset shows a plain ring rather than nothing. */
        wb_rect in = {sq.x + side / 6, sq.y + side / 6, side - side / 3, side - side / 3};
        draw_outline(rd, in, side / 10 + 1);
        return;
    }
    SDL_SetTextureColorMod(t, (Uint8)(it->color >> 24), (Uint8)(it->color >> 16),
                           (Uint8)(it->color >> 8));
    SDL_Rect dst = sdl_rect(rd, sq);
    SDL_RenderCopy(rd->r, t, NULL, &dst);
}

static void draw_points(wb_render *rd, const wb_dlist *dl, const wb_dl_item *it)
{
    if (it->pt0 + it->npts > dl->npts || it->npts == 0)
        return;
    const wb_point *p = &dl->pts[it->pt0];
    if (it->kind == WB_DL_BARS) {
        int bottom = it->box.y + it->box.h;
        for (uint32_t i = 0; i < it->npts; i++) {
            int x = p[i].x, w = it->thick;
            if (x + w > it->box.x + it->box.w)
                w = it->box.x + it->box.w - x;
            SDL_Rect r = {x + rd->ox, p[i].y + rd->oy, w, bottom - p[i].y};
            if (r.w > 0 && r.h > 0)
                SDL_RenderFillRect(rd->r, &r);
        }
        return;
    }
    /* A thick polyline: the same line repeated at vertical offsets inside the box. */
    for (int k = 0; k < it->thick; k++) {
        int dy = k - it->thick / 2;
        for (uint32_t i = 0; i + 1 < it->npts; i++) {
            int y0 = p[i].y + dy, y1 = p[i + 1].y + dy;
            int lo = it->box.y, hi = it->box.y + it->box.h - 1;
            y0 = y0 < lo ? lo : y0 > hi ? hi : y0;
            y1 = y1 < lo ? lo : y1 > hi ? hi : y1;
            SDL_RenderDrawLine(rd->r, p[i].x + rd->ox, y0 + rd->oy, p[i + 1].x + rd->ox,
                               y1 + rd->oy);
        }
    }
}

static void draw_item(wb_render *rd, const wb_dlist *dl, const wb_dl_item *it)
{
    set_color(rd->r, it->color);
    SDL_SetRenderDrawBlendMode(rd->r, ((uint8_t)it->color) == 0xFF ? SDL_BLENDMODE_NONE
                                                                   : SDL_BLENDMODE_BLEND);
    switch (it->kind) {
    case WB_DL_FILL: {
        SDL_Rect r = sdl_rect(rd, it->box);
        SDL_RenderFillRect(rd->r, &r);
        break;
    }
    case WB_DL_OUTLINE:
        draw_outline(rd, it->box, it->thick);
        break;
    case WB_DL_TEXT:
        draw_text(rd, dl, it);
        break;
    case WB_DL_POLYLINE:
    case WB_DL_BARS:
        draw_points(rd, dl, it);
        break;
    case WB_DL_ICON:
        draw_icon(rd, dl, it);
        break;
    }
}

static void draw_list(wb_render *rd, const wb_dlist *dl)
{
    set_color(rd->r, dl->clear);
    SDL_RenderClear(rd->r);
    for (size_t i = 0; i < dl->n; i++)
        draw_item(rd, dl, &dl->items[i]);
}

/*
 * Redraws the dirty rectangles of the frame: each one cleared and every item that reaches into
 * it drawn again in list order, clipped to it; dimmed again when dim (the output is dimmed as
 * the items are drawn, without a target). SDL_RenderClear ignores the clip rectangle, so the
 * rectangle is filled instead.
 */
static void draw_dirty(wb_render *rd, const wb_dlist *dl, int dim_alpha)
{
    for (int k = 0; k < rd->dirty.n; k++) {
        wb_rect d = rd->dirty.r[k];
        SDL_Rect clip = sdl_rect(rd, d);
        SDL_RenderSetClipRect(rd->r, &clip);
        SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_NONE);
        set_color(rd->r, dl->clear);
        SDL_RenderFillRect(rd->r, &clip);
        for (size_t i = 0; i < dl->n; i++)
            if (wb_rect_overlap(rd->cur[i].ext, d))
                draw_item(rd, dl, &dl->items[i]);
        if (dim_alpha > 0) {
            SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(rd->r, 0, 0, 0, (Uint8)dim_alpha);
            SDL_RenderFillRect(rd->r, &clip);
        }
    }
    SDL_RenderSetClipRect(rd->r, NULL);
}

/*
 * Records what each item of dl will draw (its hash and extent) into rd->cur, and stamps the text
 * textures that the frame shows as used, so that eviction keeps what is on screen although a
 * partial frame draws only some of it. False when out of memory.
 */
static bool record_items(wb_render *rd, const wb_dlist *dl)
{
    if (dl->n > rd->rec_cap) {
        size_t cap = dl->n * 2;
        wb_item_rec *np = realloc(rd->prev, cap * sizeof *np);
        if (!np)
            return false;
        rd->prev = np;
        wb_item_rec *nc = realloc(rd->cur, cap * sizeof *nc);
        if (!nc)
            return false;
        rd->cur = nc;
        wb_dirty_key *ko = realloc(rd->key_old, cap * sizeof *ko);
        if (!ko)
            return false;
        rd->key_old = ko;
        wb_dirty_key *kn = realloc(rd->key_new, cap * sizeof *kn);
        if (!kn)
            return false;
        rd->key_new = kn;
        rd->rec_cap = cap;
    }
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        wb_item_rec *rec = &rd->cur[i];
        const char *text = NULL;
        const wb_point *pts = NULL;
        rec->ext = it->box;
        rec->outline = it->kind == WB_DL_OUTLINE ? (it->thick < 1 ? 1 : it->thick) : 0;
        if (it->kind == WB_DL_TEXT || it->kind == WB_DL_ICON)
            text = wb_dl_text(dl, it);
        if (it->kind == WB_DL_TEXT) {
            text_entry *e = entry(rd, text, (int)it->font, it->px);
            if (e) {
                rec->ext = wb_rect_union(it->box, text_dst(e, it));
                for (int k = 0; k < TEX_PER_ENTRY; k++)
                    if (e->tex[k].tex && e->tex[k].color == it->color)
                        e->tex[k].used = rd->frame;
            }
        }
        if ((it->kind == WB_DL_POLYLINE || it->kind == WB_DL_BARS) && it->npts > 0 &&
            it->pt0 + it->npts <= dl->npts) {
            pts = &dl->pts[it->pt0];
            for (uint32_t k = 0; k < it->npts; k++) {
                wb_rect p = {pts[k].x - it->thick, pts[k].y - it->thick, 2 * it->thick + 1,
                             2 * it->thick + 1};
                rec->ext = wb_rect_union(rec->ext, p);
            }
        }
        rec->hash = wb_item_hash(it, text, pts);
    }
    return true;
}

/* Ends a frame: frees the text entries and fonts that it did not use. */
static void evict(wb_render *rd)
{
    for (int b = 0; b < TEXT_BUCKETS; b++) {
        text_entry **pp = &rd->bucket[b];
        while (*pp) {
            text_entry *e = *pp;
            if (e->used < rd->frame) {
                *pp = e->next;
                free_entry(rd, e);
            } else {
                for (int i = 0; i < TEX_PER_ENTRY; i++)
                    if (e->tex[i].tex && e->tex[i].used < rd->frame)
                        free_tex(rd, &e->tex[i]);
                pp = &e->next;
            }
        }
    }
    for (int i = 0; i < MAX_FONTS; i++) {
        font_slot *fs = &rd->fonts[i];
        if (fs->f && fs->used + FONT_IDLE_FRAMES < rd->frame) {
            TTF_CloseFont(fs->f);
            fs->f = NULL;
        }
    }
    rd->frame++;
}

/* (Re)creates the logical-size target texture; false when SDL cannot. */
static bool ensure_target(wb_render *rd, int w, int h)
{
    if (rd->target && rd->target_w == w && rd->target_h == h)
        return true;
    if (rd->target)
        SDL_DestroyTexture(rd->target);
    rd->target = SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    rd->have_prev = false; /* a new texture holds nothing */
    if (!rd->target)
        return false;
    rd->target_w = w;
    rd->target_h = h;
    return true;
}

/* Adds the output rectangles of this frame to what the next present must copy. */
static void note_present(wb_render *rd, bool full, int ow, int oh)
{
    if (full || rd->present_full) {
        rd->present_full = true;
        return;
    }
    for (int k = 0; k < rd->dirty.n; k++) {
        wb_rect o = rd->dirty.r[k];
        o.x += rd->ox;
        o.y += rd->oy;
        o = wb_rect_clip(o, ow, oh);
        if (wb_rect_empty(o))
            continue;
        if (rd->n_present == WB_DIRTY_MAX) {
            rd->present_full = true;
            return;
        }
        rd->present[rd->n_present++] = (SDL_Rect){o.x, o.y, o.w, o.h};
    }
}

/* Field by field: the struct's padding bytes are not defined. */
static bool same_opts(const wb_render_opts *a, const wb_render_opts *b)
{
    return a->rotate == b->rotate && a->shift_x == b->shift_x && a->shift_y == b->shift_y &&
           a->dim_pct == b->dim_pct && a->blank == b->blank;
}

int wb_render_draw(wb_render *rd, const wb_dlist *dl, const wb_render_opts *opts)
{
    wb_render_opts def = {.dim_pct = 100};
    if (!opts)
        opts = &def;
    int ow = 0, oh = 0;
    if (SDL_GetRendererOutputSize(rd->r, &ow, &oh) != 0)
        return WB_ERR_IO;
    int rot = ((opts->rotate % 360) + 360) % 360;
    int dim_alpha =
        opts->dim_pct > 0 && opts->dim_pct < 100 ? 255 * (100 - opts->dim_pct) / 100 : 0;
    int rc = 0;
    if (opts->blank) {
        SDL_SetRenderTarget(rd->r, NULL);
        SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
        SDL_RenderClear(rd->r);
        rd->have_prev = false;
        rd->last_full = true;
        rd->present_full = true;
        wb_dirty_reset(&rd->dirty, ow, oh);
        wb_dirty_all(&rd->dirty);
        rd->full_frames++;
        evict(rd);
        return 0;
    }
    /* Where the frame is kept between frames: see the file comment. */
    bool use_target = rot != 0 || !rd->software;
    bool keep = !use_target || rd->has_targets;
    if (use_target && keep && !ensure_target(rd, dl->w, dl->h)) {
        if (rot != 0)
            return WB_ERR_IO;
        use_target = keep = false; /* a GPU without targets: full frames, straight to screen */
    }
    bool recorded = record_items(rd, dl);
    bool full = rd->always_full || !keep || !recorded || !rd->have_prev || dl->oom ||
                rd->prev_w != dl->w || rd->prev_h != dl->h || rd->prev_ow != ow ||
                rd->prev_oh != oh || rd->prev_clear != dl->clear || rd->prev_target != use_target ||
                !same_opts(&rd->prev_opts, opts);
    wb_dirty_reset(&rd->dirty, dl->w, dl->h);
    if (!full) {
        wb_dirty_diff(&rd->dirty, rd->prev, rd->prev_n, rd->cur, dl->n, rd->key_old, rd->key_new);
        full = rd->dirty.full;
    }
    if (full)
        wb_dirty_all(&rd->dirty);

    if (!use_target) {
        rd->ox = opts->shift_x;
        rd->oy = opts->shift_y;
        if (full) {
            draw_list(rd, dl);
            if (dim_alpha > 0) {
                SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
                SDL_SetRenderDrawColor(rd->r, 0, 0, 0, (Uint8)dim_alpha);
                SDL_RenderFillRect(rd->r, NULL);
            }
        } else {
            draw_dirty(rd, dl, dim_alpha);
        }
        note_present(rd, full, ow, oh);
    } else {
        if (SDL_SetRenderTarget(rd->r, rd->target) != 0)
            return WB_ERR_IO;
        rd->ox = rd->oy = 0;
        if (full)
            draw_list(rd, dl);
        else
            draw_dirty(rd, dl, 0);
        SDL_SetRenderTarget(rd->r, NULL);
        /* Unrotated, the area the shift uncovers shows the background, as without a target. */
        wb_color bg = rot == 0 ? dl->clear : 0x000000FFu;
        set_color(rd->r, bg);
        SDL_RenderClear(rd->r);
        /* Rotating a w x h rectangle about its centre covers the h x w output when both are
         * centred; the pixel shift moves the whole picture. */
        SDL_Rect dst = {(ow - dl->w) / 2 + opts->shift_x, (oh - dl->h) / 2 + opts->shift_y, dl->w,
                        dl->h};
        if (SDL_RenderCopyEx(rd->r, rd->target, NULL, &dst, (double)rot, NULL, SDL_FLIP_NONE) != 0)
            rc = WB_ERR_IO;
        if (dim_alpha > 0) {
            SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(rd->r, 0, 0, 0, (Uint8)dim_alpha);
            SDL_RenderFillRect(rd->r, NULL);
        }
        rd->present_full = true; /* the whole output was composed again */
    }
    rd->ox = rd->oy = 0;
    rd->last_full = full;
    if (full)
        rd->full_frames++;
    else
        rd->partial_frames++;
    /* This frame becomes the one the next is compared with. */
    rd->have_prev = keep && recorded && !dl->oom;
    if (recorded) {
        wb_item_rec *t = rd->prev;
        rd->prev = rd->cur;
        rd->cur = t;
        rd->prev_n = dl->n;
    }
    rd->prev_w = dl->w;
    rd->prev_h = dl->h;
    rd->prev_ow = ow;
    rd->prev_oh = oh;
    rd->prev_clear = dl->clear;
    rd->prev_opts = *opts;
    rd->prev_target = use_target;
    evict(rd);
    return rc;
}

void wb_render_invalidate(wb_render *rd)
{
    rd->have_prev = false;
    rd->present_full = true;
}

int wb_render_present(wb_render *rd)
{
    int rc = 0;
    /*
     * The software renderer's present copies the whole window surface to the screen (about
     * 33 MB at 4K); after a partial frame only the rectangles that changed need copying. The
     * queued drawing is flushed first, as SDL_RenderPresent would.
     */
    if (rd->software && rd->win && !rd->present_full) {
        if (rd->n_present > 0 &&
            (SDL_RenderFlush(rd->r) != 0 ||
             SDL_UpdateWindowSurfaceRects(rd->win, rd->present, rd->n_present) != 0))
            rc = WB_ERR_IO;
    } else {
        SDL_RenderPresent(rd->r);
    }
    rd->n_present = 0;
    rd->present_full = false;
    return rc;
}

SDL_Surface *wb_render_read(wb_render *rd)
{
    int w, h;
    if (SDL_GetRendererOutputSize(rd->r, &w, &h) != 0)
        return NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    if (SDL_RenderReadPixels(rd->r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

void wb_render_stats_get(const wb_render *rd, wb_render_stats *out)
{
    memset(out, 0, sizeof *out);
    out->frames = rd->frame - 1;
    out->text_renders = rd->text_renders;
    out->textures = rd->n_tex;
    out->measures = rd->n_text;
    for (int i = 0; i < MAX_FONTS; i++)
        out->fonts += rd->fonts[i].f != NULL;
    out->full_frames = rd->full_frames;
    out->partial_frames = rd->partial_frames;
    out->last_full = rd->last_full;
    out->last_rects = rd->dirty.n;
    out->last_px = wb_dirty_area(&rd->dirty);
    for (int i = 0; i < rd->dirty.n; i++)
        out->last_bounds = wb_rect_union(out->last_bounds, rd->dirty.r[i]);
}
