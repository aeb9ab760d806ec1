/*
 * test_render_partial.c - redrawing only what changed gives the same picture as a full
 * redraw, and redraws little when little changed (render.h), on SDL's offscreen driver with
 * the software renderer.
 *
 * Two screens of the same size: "partial" keeps one wb_render for a whole sequence of changes
 * (so any pixel a partial frame forgets stays wrong in every later frame), "fresh" draws each
 * frame whole (wb_render_invalidate() before each draw). After each change both draw the same
 * display list and are read back and compared, pixel by pixel, with a small tolerance.
 *
 * The view is the hand-filled one of layout_fixture.h, measured with the real fonts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_fixture.h"
#include "render_fixture.h"

/*
 * Per-channel difference that still counts as equal, and how many pixels may differ beyond
 * it: a line clipped at a dirty rectangle's edge may step one pixel differently from the
 * same line drawn whole. (With SDL 2.26 the two pictures are identical.)
 */
#define TOLERANCE 8
#define MAX_DIFFER 16

#define N_AGENTS 8

/* Built with AddressSanitizer (GCC says so one way, clang another). */
#if defined(__SANITIZE_ADDRESS__)
#define WITH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WITH_ASAN 1
#endif
#endif

typedef struct fixture {
    rf_screen part, fresh;
    int w, h; /* logical size */
    wb_dlist dl;
    wb_board_view *v;
    wb_page page;
    bool flash_off;
    wb_render_opts opts;
    wb_agent_info agents[N_AGENTS];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    rf_video_init();
    wb_dlist_init(&f->dl);
    fx_make_cfg();
    f->v = fx_view(6);
    f->opts.dim_pct = 100;
    static const char *names[N_AGENTS] = {"Aino Virtanen",     "Eero Korhonen", "Liisa Nieminen",
                                          "Mikko Laine",       "Sanna Koski",   "Juha Heikkinen",
                                          "Kaisa M\xC3\xA4ki", "Tuomas Lehto"};
    for (int i = 0; i < N_AGENTS; i++) {
        f->agents[i].agent = f->agents[i].name = names[i];
        f->agents[i].team = i < 4 ? "Aurora" : "Borealis";
        f->agents[i].state = (wb_agent_state)(1 + i % 4);
        f->agents[i].since = FX_T - (wb_ms)(i + 1) * 47000;
        f->agents[i].channels = 1u << (i % 6);
        f->agents[i].work_ch = -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rf_close(&f->part);
    rf_close(&f->fresh);
    wb_dlist_fini(&f->dl);
    free(f->v);
    rf_video_quit();
    free(f);
    return 0;
}

/* Both screens at output size ow x oh, laying out at w x h (they differ when rotated). */
static void open_both(fixture *f, int ow, int oh, int w, int h)
{
    rf_open(&f->part, ow, oh);
    rf_open(&f->fresh, ow, oh);
    f->w = w;
    f->h = h;
}

static void layout(fixture *f)
{
    wb_layout_in in = rf_layout_in(f->part.rd, f->w, f->h, f->v, &fx_cfg);
    in.page = f->page;
    in.agents = f->agents;
    in.n_agents = N_AGENTS;
    in.flash_on = !f->flash_off;
    assert_int_equal(wb_layout_build(&f->dl, &in), 0);
}

static long differing(SDL_Surface *a, SDL_Surface *b)
{
    assert_int_equal(a->w, b->w);
    assert_int_equal(a->h, b->h);
    long n = 0;
    for (int y = 0; y < a->h; y++) {
        const Uint8 *pa = (const Uint8 *)a->pixels + y * a->pitch;
        const Uint8 *pb = (const Uint8 *)b->pixels + y * b->pitch;
        for (int x = 0; x < a->w * 4; x += 4)
            for (int k = 0; k < 3; k++)
                if (abs(pa[x + k] - pb[x + k]) > TOLERANCE) {
                    n++;
                    break;
                }
    }
    return n;
}

/*
 * Lays out the current view, draws it on both screens (the fresh one whole) and compares.
 * Returns the partial screen's stats for that frame.
 */
static wb_render_stats frame(fixture *f, const char *what)
{
    layout(f);
    assert_int_equal(wb_render_draw(f->part.rd, &f->dl, &f->opts), 0);
    wb_render_invalidate(f->fresh.rd);
    assert_int_equal(wb_render_draw(f->fresh.rd, &f->dl, &f->opts), 0);
    SDL_Surface *a = wb_render_read(f->part.rd), *b = wb_render_read(f->fresh.rd);
    assert_non_null(a);
    assert_non_null(b);
    long n = differing(a, b);
    if (n > MAX_DIFFER)
        fail_msg("%s: %ld pixels differ between the partial and the full redraw (max %d)", what, n,
                 MAX_DIFFER);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    assert_int_equal(wb_render_present(f->part.rd), 0);
    assert_int_equal(wb_render_present(f->fresh.rd), 0);
    wb_render_stats st;
    wb_render_stats_get(f->part.rd, &st);
    wb_render_stats fs;
    wb_render_stats_get(f->fresh.rd, &fs);
    assert_true(fs.last_full);
    return st;
}

static const wb_dl_item *find(const wb_dlist *dl, wb_dl_tag tag, int tile, wb_dl_kind kind)
{
    const wb_dl_item *it = fx_find(dl, tag, tile, kind);
    assert_non_null(it);
    return it;
}

/*
 * The sequence of the issue: a number, the clock, a flash phase, a tile going to alarm, a page
 * change and back; each frame the same picture as a full redraw, and each small change drawn
 * in part.
 */
static void run_sequence(fixture *f, bool expect_partial)
{
    wb_render_stats st = frame(f, "first frame");
    assert_true(st.last_full);

    f->v->ch[2].m.waiting = 7;
    st = frame(f, "a waiting count");
    assert_true(st.last_full != expect_partial);

    f->v->now += 1000;
    f->v->last_rx += 1000;
    st = frame(f, "the clock");
    assert_true(st.last_full != expect_partial);

    fx_level(f->v, 4, WB_LEVEL_ALARM, WB_RULE_WAITING);
    f->v->ch[4].m.waiting = 12;
    st = frame(f, "a tile going to alarm");
    assert_true(st.last_full != expect_partial);

    f->flash_off = true;
    st = frame(f, "the dark flash phase");
    assert_true(st.last_full != expect_partial);
    f->flash_off = false;
    st = frame(f, "the lit flash phase");
    assert_true(st.last_full != expect_partial);

    /* The data stops: the banner, dimmed numbers. */
    f->v->stale = true;
    f->v->now += 9000;
    frame(f, "stale");
    f->v->stale = false;
    f->v->last_rx = f->v->now - 300;
    frame(f, "fresh again");

    f->page = WB_PAGE_AGENTS;
    st = frame(f, "the agent page");
    f->agents[3].state = WB_AGENT_AVAILABLE;
    f->agents[3].since = f->v->now;
    frame(f, "an agent's state");
    f->page = WB_PAGE_OVERVIEW;
    frame(f, "the overview again");
    f->v->ch[0].m.waiting = 0;
    f->v->ch[0].m.oldest_wait_ms = -1;
    st = frame(f, "a queue emptied");
    assert_true(st.last_full != expect_partial);
}

static void test_sequence_1280(void **state)
{
    fixture *f = *state;
    open_both(f, 1280, 720, 1280, 720);
    run_sequence(f, true);
    wb_render_stats st;
    wb_render_stats_get(f->part.rd, &st);
    assert_true(st.partial_frames >= 7);
}

/* The same at 4K, where the software renderer most needs it. */
static void test_sequence_4k(void **state)
{
    fixture *f = *state;
    open_both(f, 3840, 2160, 3840, 2160);
    run_sequence(f, true);
}

/* Dimmed and shifted: the overlay and the offset apply to the redrawn parts alike. */
static void test_sequence_dim_shift(void **state)
{
    fixture *f = *state;
    open_both(f, 1280, 720, 1280, 720);
    f->opts.dim_pct = 40;
    f->opts.shift_x = 2;
    f->opts.shift_y = -1;
    run_sequence(f, true);
}

/* Rotated: drawn in part into the logical target, which is then turned onto the screen. */
static void test_sequence_rotated(void **state)
{
    fixture *f = *state;
    open_both(f, 720, 1280, 1280, 720);
    f->opts.rotate = 90;
    run_sequence(f, true);
}

/*
 * A GPU renderer (here Mesa's OpenGL on the offscreen driver, where there is one): its back
 * buffer is not kept between frames, so the frame is kept in a target texture and drawn there
 * in part. Both screens use it, so that the comparison is of the same rasteriser. Skipped
 * without an accelerated renderer, and under AddressSanitizer, whose leak check would report
 * the GL driver's own allocations.
 */
static void test_sequence_gpu(void **state)
{
#if defined(WITH_ASAN)
    (void)state;
    skip();
#else
    fixture *f = *state;
    Uint32 flags = SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE;
    SDL_Window *probe = SDL_CreateWindow("probe", 0, 0, 64, 64, SDL_WINDOW_HIDDEN);
    assert_non_null(probe);
    SDL_Renderer *r = SDL_CreateRenderer(probe, -1, flags);
    SDL_RendererInfo info = {0};
    bool gpu = r && SDL_GetRendererInfo(r, &info) == 0 && !(info.flags & SDL_RENDERER_SOFTWARE) &&
               (info.flags & SDL_RENDERER_TARGETTEXTURE);
    if (r)
        SDL_DestroyRenderer(r);
    SDL_DestroyWindow(probe);
    if (!gpu)
        skip();
    rf_open_with(&f->part, 1280, 720, flags);
    rf_open_with(&f->fresh, 1280, 720, flags);
    f->w = 1280;
    f->h = 720;
    run_sequence(f, true);
#endif
}

/* WB_FULL_REDRAW=1 draws every frame whole, with the same pictures. */
static void test_full_redraw_switch(void **state)
{
    fixture *f = *state;
    setenv("WB_FULL_REDRAW", "1", 1);
    open_both(f, 1280, 720, 1280, 720);
    unsetenv("WB_FULL_REDRAW");
    run_sequence(f, false);
}

/*
 * One number changing redraws that number's place only: every dirty rectangle lies inside the
 * channel's tile, and together they cover less than 2 % of the screen (a tile is one sixth).
 */
static void test_one_number_is_small(void **state)
{
    fixture *f = *state;
    open_both(f, 1920, 1080, 1920, 1080);
    frame(f, "first frame");
    f->v->ch[2].m.waiting = 9;
    wb_render_stats st = frame(f, "a waiting count");
    assert_false(st.last_full);
    assert_true(st.last_rects >= 1);
    const wb_dl_item *tile = find(&f->dl, WB_TAG_TILE, 2, WB_DL_FILL);
    assert_true(fx_inside(st.last_bounds, tile->box));
    assert_true(st.last_px * 100 < 2LL * 1920 * 1080);
    const wb_dl_item *num = find(&f->dl, WB_TAG_WAITING, 2, WB_DL_TEXT);
    /* What was redrawn reaches the waiting number's box. */
    wb_rect b = st.last_bounds;
    assert_true(num->box.x < b.x + b.w && b.x < num->box.x + num->box.w && num->box.y < b.y + b.h &&
                b.y < num->box.y + num->box.h);

    /* The clock: only the header changes (the fixture's waits are fixed figures). */
    f->v->now += 1000;
    f->v->last_rx += 1000;
    st = frame(f, "the clock");
    assert_false(st.last_full);
    const wb_dl_item *hdr = find(&f->dl, WB_TAG_HEADER, -1, WB_DL_FILL);
    assert_true(fx_inside(st.last_bounds, hdr->box));

    /* Nothing changed: nothing redrawn. */
    st = frame(f, "the same frame");
    assert_false(st.last_full);
    assert_int_equal(st.last_rects, 0);
    assert_int_equal(st.last_px, 0);
}

/*
 * A flash phase redraws the alarm border's four sides and nothing else: for a border of
 * thickness t around a w x h tile, w * h - (w - 2t) * (h - 2t) pixels.
 */
static void test_flash_redraws_border_only(void **state)
{
    fixture *f = *state;
    open_both(f, 1920, 1080, 1920, 1080);
    fx_level(f->v, 1, WB_LEVEL_ALARM, WB_RULE_WAITING);
    frame(f, "first frame");
    f->flash_off = true;
    wb_render_stats st = frame(f, "the dark flash phase");
    assert_false(st.last_full);
    const wb_dl_item *b = find(&f->dl, WB_TAG_BORDER, 1, WB_DL_OUTLINE);
    assert_int_equal(b->color, WB_COL_ALARM_OFF);
    long long w = b->box.w, h = b->box.h, t = b->thick;
    assert_true(t >= 1);
    assert_int_equal(st.last_rects, 4);
    assert_int_equal(st.last_px, w * h - (w - 2 * t) * (h - 2 * t));
}

/*
 * Text that a partial frame does not draw stays cached: after a partial frame, drawing the
 * same list whole renders no text at all.
 */
static void test_cache_survives_partial(void **state)
{
    fixture *f = *state;
    open_both(f, 1280, 720, 1280, 720);
    frame(f, "first frame");
    f->v->now += 1000;
    f->v->last_rx += 1000;
    frame(f, "the clock");
    wb_render_stats st0, st1;
    wb_render_stats_get(f->part.rd, &st0);
    assert_false(st0.last_full);
    wb_render_invalidate(f->part.rd);
    assert_int_equal(wb_render_draw(f->part.rd, &f->dl, &f->opts), 0);
    wb_render_stats_get(f->part.rd, &st1);
    assert_true(st1.last_full);
    assert_int_equal(st1.text_renders, st0.text_renders);
}

/* A global change (here the night dim level) redraws everything. */
static void test_global_change_is_full(void **state)
{
    fixture *f = *state;
    open_both(f, 1280, 720, 1280, 720);
    frame(f, "first frame");
    assert_false(frame(f, "again").last_full);
    f->opts.dim_pct = 60;
    assert_true(frame(f, "dimmed").last_full);
    f->opts.shift_x = 1;
    assert_true(frame(f, "shifted").last_full);
    assert_false(frame(f, "again").last_full);
    wb_render_invalidate(f->part.rd);
    assert_true(frame(f, "after invalidate").last_full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sequence_1280, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_4k, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_dim_shift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_rotated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_gpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_redraw_switch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_number_is_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flash_redraws_border_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_survives_partial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_change_is_full, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
