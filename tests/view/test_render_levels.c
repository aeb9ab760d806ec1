/*
 * test_render_levels.c - the three alarm levels as drawn, read back from the offscreen
 * renderer: their borders must differ in luminance by a clear margin, not only in hue, for a
 * normal viewer and under simulated protanopia and deuteranopia, so that no viewer has to
 * tell red from green to see which tile is in alarm.
 *
 * Colour-vision deficiency is simulated with the full-severity matrices of Machado, Oliveira
 * and Fernandes (2009), applied to linear RGB; luminance is the sRGB relative luminance and
 * the margin is the WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>

#include "layout_fixture.h"
#include "render_fixture.h"

/* The smallest contrast ratio between any two levels' borders, for any of the viewers. */
#define MIN_RATIO 1.5

static const double PROTAN[3][3] = {{0.152286, 1.052583, -0.204868},
                                    {0.114503, 0.786281, 0.099216},
                                    {-0.003882, -0.048116, 1.051998}};
static const double DEUTAN[3][3] = {{0.367322, 0.860646, -0.227968},
                                    {0.280085, 0.672501, 0.047413},
                                    {-0.011820, 0.042940, 0.968881}};

static double lin(int c8)
{
    double c = c8 / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Relative luminance of col as seen through m (NULL: normal vision). */
static double luminance(wb_color col, const double (*m)[3])
{
    double rgb[3] = {lin((int)(col >> 24)), lin((int)(col >> 16) & 0xFF),
                     lin((int)(col >> 8) & 0xFF)};
    double o[3];
    for (int i = 0; i < 3; i++) {
        o[i] = m ? m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2] : rgb[i];
        o[i] = o[i] < 0 ? 0 : o[i] > 1 ? 1 : o[i];
    }
    return 0.2126 * o[0] + 0.7152 * o[1] + 0.0722 * o[2];
}

/* The worked example that keeps luminance() honest: white is 1, black 0, pure green 0.7152. */
static void test_luminance_formula(void **state)
{
    (void)state;
    assert_true(fabs(luminance(0xFFFFFFFFu, NULL) - 1.0) < 1e-9);
    assert_true(fabs(luminance(0x000000FFu, NULL)) < 1e-9);
    assert_true(fabs(luminance(0x00FF00FFu, NULL) - 0.7152) < 1e-9);
    /* A protanope sees pure red much darker: 0.2126 * 0.152 + 0.7152 * 0.115 = 0.114. */
    assert_true(fabs(luminance(0xFF0000FFu, PROTAN) - (0.2126 * 0.152286 + 0.7152 * 0.114503)) <
                1e-6);
}

static void test_levels_differ_in_luminance(void **state)
{
    (void)state;
    rf_video_init();
    rf_screen scr;
    rf_open(&scr, 1280, 720);
    wb_render *rd = scr.rd;

    /* Tile 0 ok, tile 1 warn, tile 2 alarm (acknowledged, so steady). */
    wb_board_view *v = fx_view(3);
    fx_level(v, 1, WB_LEVEL_WARN, WB_RULE_WAITING);
    fx_level(v, 2, WB_LEVEL_ALARM, WB_RULE_WAITING);
    v->ch[2].flashing = false;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_layout_in in = rf_layout_in(rd, 1280, 720, v, &fx_cfg);
    assert_int_equal(wb_layout_build(&dl, &in), 0);
    SDL_Surface *s = rf_draw_read(rd, &dl, NULL);
    wb_color col[3];
    int thick[3];
    for (int t = 0; t < 3; t++) {
        const wb_dl_item *b = fx_find(&dl, WB_TAG_BORDER, t, WB_DL_OUTLINE);
        assert_non_null(b);
        /* The middle of the border's left edge, as drawn. */
        col[t] = rf_pixel(s, b->box.x + b->thick / 2, b->box.y + b->box.h / 2);
        thick[t] = b->thick;
    }
    /* The shape carries the level too: each level's border is heavier than the one below. */
    assert_true(thick[0] < thick[1] && thick[1] < thick[2]);
    const double(*viewers[3])[3] = {NULL, PROTAN, DEUTAN};
    static const char *names[3] = {"normal vision", "protanopia", "deuteranopia"};
    for (int k = 0; k < 3; k++) {
        double l[3];
        for (int t = 0; t < 3; t++)
            l[t] = luminance(col[t], viewers[k]);
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++) {
                double hi = fmax(l[a], l[b]), lo = fmin(l[a], l[b]);
                double ratio = (hi + 0.05) / (lo + 0.05);
                if (ratio < MIN_RATIO)
                    fail_msg("%s: levels %d and %d differ in luminance by %.2f:1 only (%.3f vs "
                             "%.3f), less than %.1f:1",
                             names[k], a, b, ratio, l[a], l[b], MIN_RATIO);
            }
    }
    /* The ok border is the darkest: the eye goes to what is not ok. */
    assert_true(luminance(col[0], NULL) < luminance(col[2], NULL));
    SDL_FreeSurface(s);
    free(v);
    wb_dlist_fini(&dl);
    rf_close(&scr);
    rf_video_quit();
}

int main(void)
{
    fx_make_cfg();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luminance_formula),
        cmocka_unit_test(test_levels_differ_in_luminance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
