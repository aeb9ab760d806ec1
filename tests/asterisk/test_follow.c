/*
 * test_follow.c - following a file: lines as they are appended, a line waiting for its
 * newline, rotation by rename (the old file read to its end first), copytruncate, a file that
 * appears later, today's rotated files, and over-long lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "follow.h"

static char GOT[4096];
static char DIR_[256];
static char PATH_[300];

static void on_line(void *ud, const char *line, size_t len)
{
    (void)ud;
    char buf[64];
    if (len > 40)
        snprintf(buf, sizeof buf, "<%zu bytes>|", len);
    else
        snprintf(buf, sizeof buf, "%.*s|", (int)len, line);
    strncat(GOT, buf, sizeof GOT - strlen(GOT) - 1);
}

static void append(const char *path, const char *text)
{
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/wb_follow.XXXXXX");
    if (!mkdtemp(DIR_))
        return -1;
    snprintf(PATH_, sizeof PATH_, "%s/queue_log", DIR_);
    GOT[0] = '\0';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_append_rotate_truncate(void **state)
{
    (void)state;
    wb_follow f;
    assert_int_equal(wb_follow_init(&f, PATH_, on_line, NULL), WB_OK);
    /* No file yet: nothing, and no error but "not there". */
    assert_false(wb_follow_poll(&f));
    append(PATH_, "a\nb\npart");
    assert_true(wb_follow_poll(&f));
    assert_string_equal(GOT, "a|b|");
    append(PATH_, "ial\n");
    wb_follow_poll(&f);
    assert_string_equal(GOT, "a|b|partial|");

    /* Rotation by rename: a last line written to the old file before the rename is read. */
    GOT[0] = '\0';
    append(PATH_, "c\n");
    char old[400];
    snprintf(old, sizeof old, "%s.1", PATH_);
    assert_int_equal(rename(PATH_, old), 0);
    append(old, "late\n");
    wb_follow_poll(&f); /* no new file yet: keeps reading the old one */
    assert_string_equal(GOT, "c|late|");
    append(PATH_, "d\n");
    wb_follow_poll(&f);
    assert_string_equal(GOT, "c|late|d|");
    assert_int_equal(f.rotations, 1);

    /* copytruncate: the file is emptied and written again as far as before between two
     * polls; the bytes before the read position changed. */
    GOT[0] = '\0';
    assert_int_equal(truncate(PATH_, 0), 0);
    append(PATH_, "e\n");
    wb_follow_poll(&f);
    assert_string_equal(GOT, "e|");
    assert_int_equal(f.truncations, 1);
    /* And a truncation that leaves the file shorter than what was read. */
    append(PATH_, "a longer line\n");
    wb_follow_poll(&f);
    assert_int_equal(truncate(PATH_, 0), 0);
    append(PATH_, "g\n");
    wb_follow_poll(&f);
    assert_string_equal(GOT, "e|a longer line|g|");
    assert_int_equal(f.truncations, 2);
    wb_follow_fini(&f);
}

static void test_rotated_today_and_long_lines(void **state)
{
    (void)state;
    char p1[400], p2[400];
    snprintf(p1, sizeof p1, "%s.1", PATH_);
    snprintf(p2, sizeof p2, "%s.2", PATH_);
    append(p2, "old2\n");
    append(p1, "old1\nno newline");
    /* A line far over the limit (2 x 5,999 bytes), in two pieces, then a normal line. */
    _Static_assert(2 * 5999 > WB_FOLLOW_MAX_LINE + 1, "the line must pass the limit");
    static char big[6000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    append(PATH_, big);
    append(PATH_, big);
    append(PATH_, "\nnew\n");
    wb_follow f;
    assert_int_equal(wb_follow_init(&f, PATH_, on_line, NULL), WB_OK);
    /* Rotated files modified before day_from are skipped... */
    wb_follow_read_rotated(&f, INT64_C(4102444800000));
    assert_string_equal(GOT, "");
    /* ... today's are read oldest first, and a last line without newline still counts. */
    wb_follow_read_rotated(&f, 0);
    assert_string_equal(GOT, "old2|old1|no newline|");
    GOT[0] = '\0';
    wb_follow_poll(&f);
    char want[64];
    snprintf(want, sizeof want, "<%d bytes>|new|", WB_FOLLOW_MAX_LINE + 1);
    assert_string_equal(GOT, want);
    wb_follow_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_append_rotate_truncate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rotated_today_and_long_lines, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
