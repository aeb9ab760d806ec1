/*
 * render.h - draws a display list (layout.h) with SDL2 and SDL2_ttf. It makes no decisions:
 * every position, string and colour comes from the list.
 *
 * A wb_render owns: the font files loaded in memory (one per font role), the TTF_Font handles
 * opened per (role, pixel size), a cache of text measurements keyed by (string, role, size)
 * with the textures of that text keyed by colour (a texture is rendered only when its string,
 * size or colour is new), the icon textures and, when the screen is rotated, one target
 * texture at the logical size. Cache entries that a frame did not use are evicted at the end
 * of that frame, so memory follows what is on screen.
 *
 * It also remembers what the last frame drew (a hash and the extent of each item), so that
 * the next wb_render_draw() redraws only the rectangles where the two lists differ, and
 * wb_render_present() copies only those to the screen. The result is the same picture as a full
 * redraw; anything global (size, rotation, pixel shift, dimming, the first frame, a call to
 * wb_render_invalidate()) redraws everything. WB_FULL_REDRAW=1 in the environment turns this
 * off (every frame whole), as a fallback for a driver that loses pixels between frames.
 *
 * Ownership: the SDL_Renderer is the caller's; it must outlive the wb_render. Surfaces
 * returned by wb_render_read() and wb_png_read() belong to the caller (SDL_FreeSurface).
 */
#ifndef WB_RENDER_H
#define WB_RENDER_H

#include <SDL.h>

#include "layout.h"

typedef struct wb_render wb_render;

/*
 * Loads the fonts (font_path, or the bundled DejaVu fonts when NULL or "") and prepares the
 * caches for renderer r. TTF_Init() must have been called. Returns NULL and writes one clear
 * message into err when a font cannot be found or loaded.
 */
wb_render *wb_render_new(SDL_Renderer *r, const char *font_path, char *err, size_t errlen);
void wb_render_free(wb_render *rd);

/* The measuring callback for wb_layout_in (ud is the wb_render). */
int wb_render_measure(void *ud, wb_font_role role, int px, const char *utf8, int *w, int *h);

typedef struct wb_render_opts {
    int rotate;           /* 0, 90, 180, 270 degrees clockwise */
    int shift_x, shift_y; /* burn-in pixel shift, in logical pixels */
    int dim_pct;          /* brightness 1..100 (100 = normal; the night schedule dims) */
    bool blank;           /* draw nothing but black (the night schedule blanks) */
} wb_render_opts;

/*
 * Draws dl onto the renderer's output: to a logical-size target texture that is then copied
 * (rotated when opts->rotate is not 0) when rotated or on a GPU renderer, directly otherwise.
 * Only what differs from the previous call's list is drawn again (see above); the output then
 * holds the whole frame either way. Does not present. Returns 0 or a negative code (WB_ERR_IO
 * when SDL fails; the message is in SDL_GetError()).
 */
int wb_render_draw(wb_render *rd, const wb_dlist *dl, const wb_render_opts *opts);

/*
 * Presents what was drawn since the last present: with the software renderer on a window,
 * only the changed rectangles are copied to the screen; otherwise SDL_RenderPresent().
 * Returns 0 or WB_ERR_IO.
 */
int wb_render_present(wb_render *rd);

/*
 * The next draw redraws and the next present copies everything. Call it when the window
 * system may have lost or changed the pixels (window events, SDL_RENDER_TARGETS_RESET).
 */
void wb_render_invalidate(wb_render *rd);

/* Reads back what the last wb_render_draw() produced (call before presenting). */
SDL_Surface *wb_render_read(wb_render *rd);

typedef struct wb_render_stats {
    uint64_t frames;
    uint64_t text_renders;   /* text textures created since start */
    size_t textures;         /* text textures cached now */
    size_t fonts;            /* TTF_Font handles open now */
    size_t measures;         /* cached measurements now */
    uint64_t full_frames;    /* frames drawn whole */
    uint64_t partial_frames; /* frames that redrew only what changed */
    bool last_full;          /* the last frame was drawn whole */
    int last_rects;          /* rectangles the last frame redrew (1 when whole) */
    long long last_px;       /* pixels the last frame redrew (logical) */
    wb_rect last_bounds;     /* the box around them (logical; empty when nothing changed) */
} wb_render_stats;
void wb_render_stats_get(const wb_render *rd, wb_render_stats *out);

/* Horizontal advance in pixels of one glyph in role at px (for the tabular-digit check). */
int wb_render_glyph_advance(wb_render *rd, wb_font_role role, int px, uint16_t ch, int *adv);

/*
 * Finds a data file (e.g. "fonts/DejaVuSans.ttf") in $WB_DATADIR, the installed data
 * directory, then the source tree. Writes the path into buf and returns buf, or NULL.
 */
const char *wb_data_path(const char *rel, char *buf, size_t n);

/* PNG files (libpng). Return 0 / a surface, or WB_ERR_IO / NULL with a message in err. */
int wb_png_write(const char *path, SDL_Surface *s, char *err, size_t errlen);
SDL_Surface *wb_png_read(const char *path, char *err, size_t errlen);

#endif
