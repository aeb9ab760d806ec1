/*
 * test_render.c - the SDL renderer on the offscreen video driver (dummy as a fallback).
 *
 * A board is built from hand-made events: "phone" has 5 contacts waiting with a waiting
 * alarm at 3 (so it is in alarm), "email" has 1 waiting and no limit (ok). The frame is read
 * back and checked for what must be there: the alarm colour on phone's border, ok on
 * email's, the stale banner's colour, sparkline pixels, rotation. Whole frames are compared
 * with reference images in tests/view/ref/ (per-channel tolerance, maximum fraction of
 * differing pixels); a failing comparison keeps the actual image in the build directory.
 *
 * Regenerate the reference images (after an intended change of the screen) with:
 *     WB_UPDATE_REFS=1 ctest --test-dir BUILD -R view_test_render
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
#include "wb_board.h"

/* 2025-11-25 10:00:00 UTC: 20417 days after the epoch, plus 10 h. */
#define T0 ((wb_ms)(20417LL * 86400 + 10 * 3600) * 1000)

/* Per-channel difference that still counts as equal (anti-aliasing, FreeType versions). */
#define REF_TOLERANCE 40
/* Largest fraction of pixels allowed to differ beyond the tolerance. */
#define REF_MAX_FRACTION 0.005

typedef struct fixture {
    rf_screen scr;
    wb_dlist dl;
    wb_board *board;
    wb_config cfg;
    wb_board_view *view;
} fixture;

static void channel(wb_config *cfg, const char *name, const char *label, bool realtime)
{
    wb_channel_cfg *ch = &cfg->channels[cfg->n_channels++];
    wb_channel_cfg_default(cfg, ch, name);
    snprintf(ch->label_en, sizeof ch->label_en, "%s", label);
    snprintf(ch->icon, sizeof ch->icon, "%s", name);
    ch->realtime = realtime;
}

static void apply(fixture *f, wb_event *ev)
{
    assert_true(wb_board_apply(f->board, ev, ev->ts) >= 0);
}

static void agent(fixture *f, wb_ms ts, const char *id, const char *team, wb_agent_state st,
                  const char *ch)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_AGENT_STATE, ts);
    ev.agent = id;
    ev.name = id;
    ev.team = team;
    ev.state = st;
    ev.channels[0] = ch;
    ev.n_channels = 1;
    apply(f, &ev);
}

static void queued(fixture *f, wb_ms ts, const char *id, const char *ch)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_QUEUED, ts);
    ev.id = id;
    ev.channel = ch;
    ev.queue = ch;
    apply(f, &ev);
}

/*
 * The board: agents at T0, contacts queued over the first 40 s, ticks every 10 s up to
 * T0 + 300 s, and a heartbeat at T0 + 299 s.
 */
static void build_board(fixture *f)
{
    wb_config_defaults(&f->cfg);
    snprintf(f->cfg.site, sizeof f->cfg.site, "Render test");
    channel(&f->cfg, "phone", "Phone", true);
    channel(&f->cfg, "email", "Email", false);
    wb_threshold *th = &f->cfg.channels[0].th[WB_RULE_WAITING];
    th->alarm_on = true;
    th->alarm = 3;
    th->warn_on = true;
    th->warn = 2;
    f->cfg.display.pixel_shift_px = 0;
    f->board = wb_board_new(&f->cfg);
    assert_non_null(f->board);
    static const char *names[6] = {"Aino", "Eero", "Liisa", "Mikko", "Sanna", "Juha"};
    for (int i = 0; i < 6; i++)
        agent(f, T0, names[i], i < 3 ? "Aurora" : "Borealis", (wb_agent_state)(1 + i % 4),
              i < 4 ? "phone" : "email");
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "p%d", i);
        queued(f, T0 + i * 10000, id, "phone");
    }
    queued(f, T0 + 5000, "e0", "email");
    for (wb_ms t = T0; t <= T0 + 300000; t += 10000)
        wb_board_tick(f->board, t);
    /* A heartbeat keeps the board fresh at T0 + 300 s (the frames below are drawn then). */
    wb_event hb;
    memset(&hb, 0, sizeof hb);
    wb_event_init(&hb, WB_EV_HEARTBEAT, T0 + 299000);
    assert_true(wb_board_apply(f->board, &hb, hb.ts) >= 0);
    f->view = calloc(1, sizeof *f->view);
    assert_non_null(f->view);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    rf_video_init();
    wb_dlist_init(&f->dl);
    build_board(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wb_dlist_fini(&f->dl);
    free(f->view);
    wb_board_free(f->board);
    rf_video_quit();
    free(f);
    return 0;
}

static void layout(fixture *f, int w, int h, wb_ms now, wb_page page, bool flash_on)
{
    wb_board_view_fill(f->board, now, now, f->view);
    static wb_agent_info ag[16];
    wb_model *m = wb_board_model(f->board);
    size_t n = wb_model_agent_count(m);
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        wb_model_agent_info(m, i, &ag[i]);
    wb_layout_in in = rf_layout_in(f->scr.rd, w, h, f->view, &f->cfg);
    in.page = page;
    in.lang = WB_LANG_EN;
    in.agents = ag;
    in.n_agents = n;
    in.flash_on = flash_on;
    assert_int_equal(wb_layout_build(&f->dl, &in), 0);
}

static SDL_Surface *draw_and_read(fixture *f, const wb_render_opts *o)
{
    return rf_draw_read(f->scr.rd, &f->dl, o);
}

/* A point in the middle of the left edge of a tile border. */
static void border_point(const wb_dl_item *b, int *x, int *y)
{
    *x = b->box.x + b->thick / 2;
    *y = b->box.y + b->box.h / 2;
}

static void test_alarm_border_colour(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1280, 720);
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    assert_false(f->view->stale);
    assert_int_equal(f->view->n_channels, 2);
    assert_int_equal(f->view->ch[0].level, WB_LEVEL_ALARM);
    assert_int_equal(f->view->ch[1].level, WB_LEVEL_OK);
    SDL_Surface *s = draw_and_read(f, NULL);
    int x, y;
    border_point(fx_find(&f->dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE), &x, &y);
    assert_int_equal(rf_pixel(s, x, y), WB_COL_ALARM);
    const wb_dl_item *ok = fx_find(&f->dl, WB_TAG_BORDER, 1, WB_DL_OUTLINE);
    border_point(ok, &x, &y);
    assert_int_equal(rf_pixel(s, x, y), ok->color);
    assert_int_not_equal(rf_pixel(s, x, y), WB_COL_ALARM);
    SDL_FreeSurface(s);

    /* The dark flash phase changes phone's border and nothing of email's. */
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, false);
    s = draw_and_read(f, NULL);
    border_point(fx_find(&f->dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE), &x, &y);
    assert_int_equal(rf_pixel(s, x, y), WB_COL_ALARM_OFF);
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

static void test_sparkline_has_pixels(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1920, 1080);
    layout(f, 1920, 1080, T0 + 300000, WB_PAGE_OVERVIEW, true);
    SDL_Surface *s = draw_and_read(f, NULL);
    const wb_dl_item *sp = fx_find(&f->dl, WB_TAG_SPARK, 0, WB_DL_POLYLINE);
    assert_non_null(sp);
    int line = 0, fill = 0, left = 0;
    for (int y = sp->box.y; y < sp->box.y + sp->box.h; y++)
        for (int x = sp->box.x; x < sp->box.x + sp->box.w; x++) {
            wb_color c = rf_pixel(s, x, y);
            line += c == WB_COL_SPARK;
            fill += c == WB_COL_SPARK_FILL;
            left +=
                (c == WB_COL_SPARK || c == WB_COL_SPARK_FILL) && x < sp->box.x + sp->box.w * 4 / 5;
        }
    /*
     * The waiting count rose to 5 over the 5 minutes the board was ticked (T0 to T0 + 300 s):
     * the last 31 of the 180 slots, from 149/179 of the box's width (more than 4/5) to its
     * right edge, with area under the line; the 25 minutes before were never sampled and
     * draw nothing, not a line at zero.
     */
    assert_true(line >= sp->box.w * 30 / 179);
    assert_true(fill > 0);
    assert_int_equal(left, 0);
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

static void test_stale_banner(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1280, 720);
    /* The last message (the heartbeat) arrived at T0 + 299 s; a minute later it is stale. */
    layout(f, 1280, 720, T0 + 360000, WB_PAGE_OVERVIEW, true);
    assert_true(f->view->stale);
    SDL_Surface *s = draw_and_read(f, NULL);
    const wb_dl_item *b = fx_find(&f->dl, WB_TAG_BANNER, -1, WB_DL_FILL);
    assert_non_null(b);
    assert_int_equal(rf_pixel(s, b->box.x + 2, b->box.y + 2), WB_COL_STALE);
    assert_int_equal(rf_pixel(s, b->box.x + b->box.w - 3, b->box.y + b->box.h - 3), WB_COL_STALE);
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

/* Rotation by 90 degrees clockwise maps logical (x, y) to output (lh - 1 - y, x). */
static void test_rotation(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 720, 1280);
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    wb_render_opts o = {.rotate = 90, .dim_pct = 100};
    SDL_Surface *s = draw_and_read(f, &o);
    assert_int_equal(s->w, 720);
    assert_int_equal(s->h, 1280);
    int x, y;
    border_point(fx_find(&f->dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE), &x, &y);
    assert_int_equal(rf_pixel(s, 720 - 1 - y, x), WB_COL_ALARM);
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

/* Night dimming darkens every pixel to dim_pct; blanking leaves black; the shift moves all. */
static void test_dim_blank_shift(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1280, 720);
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    int x, y;
    border_point(fx_find(&f->dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE), &x, &y);
    wb_render_opts o = {.dim_pct = 50};
    SDL_Surface *s = draw_and_read(f, &o);
    /* WB_COL_ALARM is (255, 77, 64); black at alpha 255 * 50 / 100 = 127 over it leaves
     * c * (255 - 127) / 255, i.e. (128, 38.7, 32.1), give or take one in rounding. */
    wb_color c = rf_pixel(s, x, y);
    assert_in_range(c >> 24, 127, 129);
    assert_in_range((c >> 16) & 0xFF, 38, 40);
    assert_in_range((c >> 8) & 0xFF, 31, 33);
    SDL_FreeSurface(s);
    o.dim_pct = 100;
    o.blank = true;
    s = draw_and_read(f, &o);
    assert_int_equal(rf_pixel(s, x, y), 0x000000FFu);
    assert_int_equal(rf_pixel(s, 640, 360), 0x000000FFu);
    SDL_FreeSurface(s);
    /* Shifted by (+3, +2): the border's outer left column lands 3 pixels to the right. */
    o.blank = false;
    o.shift_x = 3;
    o.shift_y = 2;
    s = draw_and_read(f, &o);
    const wb_dl_item *b = fx_find(&f->dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE);
    assert_int_equal(rf_pixel(s, b->box.x + 3, b->box.y + 2 + b->box.h / 2), WB_COL_ALARM);
    assert_int_not_equal(rf_pixel(s, b->box.x + 2, b->box.y + 2 + b->box.h / 2), WB_COL_ALARM);
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

static void test_text_cache(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1280, 720);
    wb_render_stats st0, st1, st2;
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    SDL_FreeSurface(draw_and_read(f, NULL));
    wb_render_stats_get(f->scr.rd, &st0);
    assert_true(st0.text_renders > 10);
    /* The same frame again renders no text. */
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    SDL_FreeSurface(draw_and_read(f, NULL));
    wb_render_stats_get(f->scr.rd, &st1);
    assert_int_equal(st1.text_renders, st0.text_renders);
    /* A flash phase changes colours only: still nothing re-rendered. */
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, false);
    SDL_FreeSurface(draw_and_read(f, NULL));
    wb_render_stats_get(f->scr.rd, &st1);
    assert_int_equal(st1.text_renders, st0.text_renders);
    /* One second later: the clock, the data age and the two oldest waits change. */
    layout(f, 1280, 720, T0 + 301000, WB_PAGE_OVERVIEW, true);
    SDL_FreeSurface(draw_and_read(f, NULL));
    wb_render_stats_get(f->scr.rd, &st2);
    assert_true(st2.text_renders > st1.text_renders);
    assert_true(st2.text_renders - st1.text_renders <= 4);
    /* Unused entries were evicted: the cache holds what one frame shows. */
    assert_int_equal(st2.textures, st0.textures);
    rf_close(&f->scr);
}

static void test_tabular_digits(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 320, 200);
    for (int role = 0; role < WB_FONT_NROLES; role++) {
        int adv0 = 0;
        assert_int_equal(wb_render_glyph_advance(f->scr.rd, (wb_font_role)role, 48, '0', &adv0), 0);
        assert_true(adv0 > 0);
        for (uint16_t c = '1'; c <= '9'; c++) {
            int adv = 0;
            assert_int_equal(wb_render_glyph_advance(f->scr.rd, (wb_font_role)role, 48, c, &adv),
                             0);
            assert_int_equal(adv, adv0);
        }
    }
    rf_close(&f->scr);
}

static void test_missing_font(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 320, 200);
    char err[512] = "";
    wb_render *rd = wb_render_new(f->scr.ren, "/nonexistent/font.ttf", err, sizeof err);
    assert_null(rd);
    assert_non_null(strstr(err, "/nonexistent/font.ttf"));
    rf_close(&f->scr);
}

static void test_png_round_trip(void **state)
{
    (void)state;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 7, 5, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 7; x++)
            ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] =
                SDL_MapRGBA(s->format, (Uint8)(x * 30), (Uint8)(y * 50), 200, 255);
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/view-png-round-trip.png", WB_BINDIR);
    int rc = wb_png_write(path, s, err, sizeof err);
    if (rc != 0)
        fail_msg("%s", err);
    SDL_Surface *r = wb_png_read(path, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    assert_int_equal(r->w, 7);
    assert_int_equal(r->h, 5);
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 7; x++) {
            Uint8 *p = (Uint8 *)r->pixels + y * r->pitch + x * 3;
            assert_int_equal(p[0], x * 30);
            assert_int_equal(p[1], y * 50);
            assert_int_equal(p[2], 200);
        }
    SDL_FreeSurface(r);
    SDL_FreeSurface(s);
    remove(path);
}

/* Compares s with tests/view/ref/NAME.png; see the file comment for WB_UPDATE_REFS. */
static void compare_ref(SDL_Surface *s, const char *name)
{
    char ref[1024], act[1024], err[512];
    snprintf(ref, sizeof ref, "%s/tests/view/ref/%s.png", WB_SRCDIR, name);
    snprintf(act, sizeof act, "%s/view-actual-%s.png", WB_BINDIR, name);
    const char *upd = getenv("WB_UPDATE_REFS");
    if (upd && strcmp(upd, "1") == 0) {
        if (wb_png_write(ref, s, err, sizeof err) != 0)
            fail_msg("%s", err);
        print_message("updated reference %s\n", ref);
        return;
    }
    SDL_Surface *r = wb_png_read(ref, err, sizeof err);
    if (!r) {
        wb_png_write(act, s, err, sizeof err);
        fail_msg("no reference image %s (actual kept at %s; WB_UPDATE_REFS=1 creates it)", ref,
                 act);
    }
    SDL_Surface *a = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    assert_non_null(a);
    long differ = 0;
    bool same_size = a->w == r->w && a->h == r->h;
    if (same_size) {
        for (int y = 0; y < a->h; y++) {
            const Uint8 *pa = (const Uint8 *)a->pixels + y * a->pitch;
            const Uint8 *pr = (const Uint8 *)r->pixels + y * r->pitch;
            for (int x = 0; x < a->w * 3; x += 3) {
                for (int k = 0; k < 3; k++) {
                    if (abs(pa[x + k] - pr[x + k]) > REF_TOLERANCE) {
                        differ++;
                        break;
                    }
                }
            }
        }
    }
    double frac = same_size ? (double)differ / ((double)a->w * a->h) : 1.0;
    SDL_FreeSurface(a);
    SDL_FreeSurface(r);
    if (frac > REF_MAX_FRACTION) {
        wb_png_write(act, s, err, sizeof err);
        fail_msg("%s: %.3f%% of pixels differ from %s (max %.3f%%); actual image kept at %s", name,
                 frac * 100, ref, REF_MAX_FRACTION * 100, act);
    }
}

static void test_reference_images(void **state)
{
    fixture *f = *state;
    rf_open(&f->scr, 1280, 720);
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_OVERVIEW, true);
    SDL_Surface *s = draw_and_read(f, NULL);
    compare_ref(s, "overview-1280x720");
    SDL_FreeSurface(s);
    layout(f, 1280, 720, T0 + 300000, WB_PAGE_AGENTS, true);
    s = draw_and_read(f, NULL);
    compare_ref(s, "agents-1280x720");
    SDL_FreeSurface(s);
    rf_close(&f->scr);
    rf_open(&f->scr, 800, 480);
    layout(f, 800, 480, T0 + 360000, WB_PAGE_OVERVIEW, true);
    s = draw_and_read(f, NULL);
    compare_ref(s, "stale-800x480");
    SDL_FreeSurface(s);
    rf_close(&f->scr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_alarm_border_colour, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparkline_has_pixels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_banner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dim_blank_shift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tabular_digits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_font, setup, teardown),
        cmocka_unit_test(test_png_round_trip),
        cmocka_unit_test_setup_teardown(test_reference_images, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
