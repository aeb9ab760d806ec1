/*
 * test_config_sound.c - the [sound] section (wb_config_sound.c; its defaults are the core's
 * wb_config_defaults): its defaults, every key read, and one exact message (file, line,
 * section, key) for each kind of mistake, which leaves the configuration as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_fixture.h"
#include "wb_config.h"
#include "wb_config_load.h"

static void defaults(void **state)
{
    (void)state;
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    assert_false(c->sound.enabled);
    assert_int_equal(c->sound.volume_pct, 80);
    assert_int_equal(c->sound.repeat_ms, 5 * 60 * 1000);
    assert_false(c->sound.at_night);
    assert_string_equal(c->sound.file, "");
    /* A file without [sound] keeps the defaults. */
    cf_load(c, "t.ini", "[wallboard]\nsite = x\n");
    assert_false(c->sound.enabled);
    assert_int_equal(c->sound.repeat_ms, 300000);
    free(c);
}

static void keys(void **state)
{
    (void)state;
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    char text[1024];
    /* The test's own source file stands in for a readable sound file. */
    snprintf(text, sizeof text,
             "[sound]\nenabled = yes\nvolume_pct = 35\nrepeat_min = 2.5\nat_night = true\n"
             "file = %s\n",
             WB_SRCDIR "/tests/config/test_config_sound.c");
    cf_load(c, "t.ini", text);
    assert_true(c->sound.enabled);
    assert_int_equal(c->sound.volume_pct, 35);
    /* 2.5 minutes = 150 000 ms. */
    assert_int_equal(c->sound.repeat_ms, 150000);
    assert_true(c->sound.at_night);
    assert_string_equal(c->sound.file, WB_SRCDIR "/tests/config/test_config_sound.c");
    /* Zero repeat (once per alarm) and zero volume (muted) are allowed. */
    cf_load(c, "t.ini", "[sound]\nrepeat_min = 0\nvolume_pct = 0\n");
    assert_int_equal(c->sound.repeat_ms, 0);
    assert_int_equal(c->sound.volume_pct, 0);
    /* Each load starts from the defaults: enabled is false again. */
    assert_false(c->sound.enabled);
    free(c);
}

static void expect_error(const char *text, const char *want)
{
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    c->sound.enabled = true;
    c->sound.volume_pct = 55;
    char err[512];
    cf_refused(c, "t.ini", text, want, err, sizeof err);
    free(c);
}

static void errors(void **state)
{
    (void)state;
    expect_error("[sound]\nenabled = true\nvolume_pct = 101\n",
                 "t.ini:3: [sound] volume_pct: must be between 0 and 100 (got '101')");
    expect_error("[sound]\nvolume_pct = loud\n",
                 "t.ini:2: [sound] volume_pct: not a whole number (got 'loud')");
    expect_error("[sound]\nrepeat_min = -1\n",
                 "t.ini:2: [sound] repeat_min: must be between 0 and 1440 (got '-1')");
    expect_error("[sound]\n\nat_night = sometimes\n",
                 "t.ini:3: [sound] at_night: expected true, false, yes, no, 1 or 0 "
                 "(got 'sometimes')");
    expect_error("[sound]\nenabled = on\n",
                 "t.ini:2: [sound] enabled: expected true, false, yes, no, 1 or 0 (got 'on')");
    expect_error("[sound]\nfile = /nonexistent/chime.wav\n",
                 "t.ini:2: [sound] file: no readable sound file there "
                 "(got '/nonexistent/chime.wav')");
    expect_error("[sound]\nfile = /tmp\n",
                 "t.ini:2: [sound] file: no readable sound file there (got '/tmp')");
    expect_error("[sound]\nbeep = 1\n", "t.ini:2: [sound] beep: unknown key (got '1')");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(keys),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
