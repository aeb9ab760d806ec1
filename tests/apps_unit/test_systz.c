/*
 * test_systz.c - the system's time zone (src/apps/common/systz.h), for a configuration that
 * names none: TZ first (with or without ':'), then the /etc/localtime link, then
 * /etc/timezone, then UTC. The link and the file are made in a temporary directory, so the
 * test needs no root; the zones named are ones the tzdata package has (the check stats them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "systz.h"

static char dir[64], lt[96], tzf[96];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/wb_systz.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(lt, sizeof lt, "%s/localtime", dir);
    snprintf(tzf, sizeof tzf, "%s/timezone", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(lt);
    unlink(tzf);
    rmdir(dir);
    return 0;
}

static void make_link(const char *target)
{
    unlink(lt);
    assert_int_equal(symlink(target, lt), 0);
}

static void make_file(const char *text)
{
    FILE *f = fopen(tzf, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* TZ names a zone, with or without the leading ':': it wins over the link. */
static void test_env_first(void **state)
{
    (void)state;
    char out[64], note[256];
    make_link("/usr/share/zoneinfo/Asia/Tokyo");
    assert_int_equal(wb_systz_find("America/New_York", lt, tzf, out, sizeof out, note, sizeof note),
                     WB_SYSTZ_ENV);
    assert_string_equal(out, "America/New_York");
    assert_string_equal(note, "");
    assert_int_equal(wb_systz_find(":Europe/Helsinki", lt, tzf, out, sizeof out, note, sizeof note),
                     WB_SYSTZ_ENV);
    assert_string_equal(out, "Europe/Helsinki");
    /* A path under the zone tree names its zone. */
    assert_int_equal(wb_systz_find(":/usr/share/zoneinfo/Europe/Paris", lt, tzf, out, sizeof out,
                                   note, sizeof note),
                     WB_SYSTZ_ENV);
    assert_string_equal(out, "Europe/Paris");
}

/* A POSIX rule is passed over with a note; the link decides. */
static void test_env_rule_passed_over(void **state)
{
    (void)state;
    char out[64], note[256];
    make_link("/usr/share/zoneinfo/Asia/Tokyo");
    assert_int_equal(wb_systz_find("EET-2EEST", lt, tzf, out, sizeof out, note, sizeof note),
                     WB_SYSTZ_LOCALTIME);
    assert_string_equal(out, "Asia/Tokyo");
    assert_non_null(strstr(note, "TZ=EET-2EEST"));
    assert_non_null(strstr(note, "passed over"));
}

/* The link: absolute, relative (Debian's "../usr/share/zoneinfo/..."), or into posix/. */
static void test_localtime_link(void **state)
{
    (void)state;
    char out[64];
    make_link("../usr/share/zoneinfo/Europe/Helsinki");
    assert_int_equal(wb_systz_find(NULL, lt, tzf, out, sizeof out, NULL, 0), WB_SYSTZ_LOCALTIME);
    assert_string_equal(out, "Europe/Helsinki");
    make_link("/usr/share/zoneinfo/posix/America/Chicago");
    assert_int_equal(wb_systz_find("", lt, tzf, out, sizeof out, NULL, 0), WB_SYSTZ_LOCALTIME);
    assert_string_equal(out, "America/Chicago");
}

/* No link (or one out of the zone tree): /etc/timezone's first line, blanks cut. */
static void test_timezone_file(void **state)
{
    (void)state;
    char out[64];
    make_link("/somewhere/else");
    make_file("Europe/Stockholm\n");
    assert_int_equal(wb_systz_find(NULL, lt, tzf, out, sizeof out, NULL, 0), WB_SYSTZ_FILE);
    assert_string_equal(out, "Europe/Stockholm");
    unlink(lt);
    assert_int_equal(wb_systz_find(NULL, lt, tzf, out, sizeof out, NULL, 0), WB_SYSTZ_FILE);
    assert_string_equal(out, "Europe/Stockholm");
}

/* Nothing known, or a name that would leave the zone tree: UTC. */
static void test_nothing_is_utc(void **state)
{
    (void)state;
    char out[64];
    unlink(lt);
    make_file("Nowhere/Atlantis\n");
    assert_int_equal(wb_systz_find(NULL, lt, tzf, out, sizeof out, NULL, 0), WB_SYSTZ_NONE);
    assert_string_equal(out, "UTC");
    make_link("/usr/share/zoneinfo/../../../etc/passwd");
    unlink(tzf);
    assert_int_equal(wb_systz_find("../../etc/passwd", lt, tzf, out, sizeof out, NULL, 0),
                     WB_SYSTZ_NONE);
    assert_string_equal(out, "UTC");
}

/* The programs' helper: a zone in the configuration stays; an empty one becomes TZ's. */
static void test_fill(void **state)
{
    (void)state;
    setenv("TZ", "Asia/Kolkata", 1);
    char tz[64] = "Europe/Helsinki";
    assert_false(wb_systz_fill("test", tz, sizeof tz));
    assert_string_equal(tz, "Europe/Helsinki");
    assert_string_equal(wb_systz_said(false), "");
    /* TZ changed after the first call (as wb_time.c does) is not read again. */
    setenv("TZ", "UTC0", 1);
    tz[0] = '\0';
    assert_true(wb_systz_fill("test", tz, sizeof tz));
    assert_string_equal(tz, "Asia/Kolkata");
    assert_string_equal(wb_systz_said(true), " (the system's)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_first),      cmocka_unit_test(test_env_rule_passed_over),
        cmocka_unit_test(test_localtime_link), cmocka_unit_test(test_timezone_file),
        cmocka_unit_test(test_nothing_is_utc), cmocka_unit_test(test_fill),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
