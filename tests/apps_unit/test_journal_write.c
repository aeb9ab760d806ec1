/*
 * test_journal_write.c - a day file that cannot be opened (src/apps/common/journal.h): it is
 * tried again WB_JOURNAL_RETRY_MS after the last try at the soonest, not at every line; the
 * lines meanwhile are counted as lost; the failure is said once and the recovery once, with
 * that count; another day's file is tried at once, and so is the same one on a clock set back.
 * Lines lost to a flush that failed (a full disk) are counted too.
 *
 * The day file is made a directory, which no open for writing gets past, root's either.
 * Every count below is worked by hand in its comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"

#define MSG                                                                                        \
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":5,\"src\":\"a\",\"id\":\"c1\",\"channel\":\"p\"}"
/* 2026-01-14 12:00:00 UTC, in the day file 2026-01-14.jsonl; a day later, 2026-01-15.jsonl. */
#define DAY14 1768392000000LL
#define DAY15 (DAY14 + 86400000LL)

typedef struct fixture {
    char dir[64], blocker[128];
    char err_path[96]; /* what wb_journal_report() said */
    wb_journal j;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/wb_test_jwrite.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    /* The 14th's day file is a directory: its open fails, for root too (EISDIR). */
    snprintf(f->blocker, sizeof f->blocker, "%s/2026-01-14.jsonl", f->dir);
    if (mkdir(f->blocker, 0755) < 0)
        return -1;
    char err[256];
    if (wb_journal_open_dir(&f->j, f->dir, "UTC", err, sizeof err) < 0)
        return -1;
    snprintf(f->err_path, sizeof f->err_path, "%s/stderr", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wb_journal_close(&f->j);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static int append(fixture *f, wb_ms now, wb_ms rx)
{
    return wb_journal_append(&f->j, now, rx, MSG, strlen(MSG));
}

/* Flushes and reports as the programs do each second, stderr going to f->err_path meanwhile. */
static void tick(fixture *f)
{
    wb_journal_flush(&f->j);
    fflush(stderr);
    int saved = dup(2);
    FILE *e = fopen(f->err_path, "a");
    assert_true(saved >= 0 && e != NULL);
    dup2(fileno(e), 2);
    wb_journal_report(&f->j, "test", "--record-dir");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(e);
}

/* What the reports said, into out (cap bytes); returns how many lines. */
static int said(const fixture *f, char *out, size_t cap)
{
    FILE *e = fopen(f->err_path, "r");
    size_t n = 0;
    if (e) {
        n = fread(out, 1, cap - 1, e);
        fclose(e);
    }
    out[n] = '\0';
    int lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += out[i] == '\n';
    return lines;
}

/* Lines in path, or -1 when it cannot be read. */
static int lines_in(const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return -1;
    int n = 0, c;
    while ((c = fgetc(in)) != EOF)
        n += c == '\n';
    fclose(in);
    return n;
}

/*
 * Tries at now = 1000 (failed) and 6000 (1000 + 5000: failed), then, the blocker gone, at
 * 11000 (6000 + 5000: written). The lines at 1001 to 1099 (99), 5999 and 8000 wait for their
 * try: 103 lines lost in all, those of the two failed tries with them; 2 failures counted.
 */
static void test_failed_open_tried_every_5_s(void **state)
{
    fixture *f = *state;
    char text[2048], want[1024];
    assert_int_equal(WB_JOURNAL_RETRY_MS, 5000);
    assert_int_equal(append(f, 1000, DAY14), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 1);
    tick(f);
    for (wb_ms now = 1001; now <= 1099; now++)
        assert_int_equal(append(f, now, DAY14 + now), WB_ERR_IO);
    assert_int_equal(append(f, 5999, DAY14 + 5999), WB_ERR_IO);
    /* 101 lines and not one try more. */
    assert_int_equal(f->j.write_errors, 1);
    assert_int_equal(f->j.lines_lost, 101);
    assert_int_equal(append(f, 6000, DAY14 + 6000), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 2);
    tick(f);
    assert_int_equal(rmdir(f->blocker), 0);
    assert_int_equal(append(f, 8000, DAY14 + 8000), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 2);
    assert_int_equal(append(f, 11000, DAY14 + 11000), 0);
    assert_int_equal(f->j.lines, 1);
    assert_int_equal(f->j.lines_lost, 103);
    tick(f);
    assert_int_equal(f->j.write_errors, 2);
    assert_int_equal(lines_in(f->blocker), 1);
    /* Said twice in all: the failure, once, and the recovery with the count. */
    assert_int_equal(said(f, text, sizeof text), 2);
    snprintf(want, sizeof want,
             "test: --record-dir: cannot write %s: Is a directory; going on without it (said "
             "once, and again when it writes)\n"
             "test: --record-dir: writing %s again (103 lines not written meanwhile)\n",
             f->blocker, f->blocker);
    assert_string_equal(text, want);
}

/* The 14th's file failed at 1000; a line of the 15th at 1001 opens the 15th's file at once. */
static void test_another_day_tried_at_once(void **state)
{
    fixture *f = *state;
    char path[160];
    assert_int_equal(append(f, 1000, DAY14), WB_ERR_IO);
    assert_int_equal(append(f, 1001, DAY15), 0);
    assert_int_equal(f->j.write_errors, 1);
    assert_int_equal(f->j.lines, 1);
    assert_int_equal(wb_journal_flush(&f->j), 0);
    snprintf(path, sizeof path, "%s/2026-01-15.jsonl", f->dir);
    assert_int_equal(lines_in(path), 1);
}

/*
 * A try at 100000 fails; the clock is set back to 50000, more than 5 s before it: tried at
 * once (failing again), and from there every 5 s: not at 50001, again at 55000.
 */
static void test_clock_set_back_tries_at_once(void **state)
{
    fixture *f = *state;
    assert_int_equal(append(f, 100000, DAY14), WB_ERR_IO);
    assert_int_equal(append(f, 50000, DAY14), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 2);
    assert_int_equal(append(f, 50001, DAY14), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 2);
    assert_int_equal(append(f, 55000, DAY14), WB_ERR_IO);
    assert_int_equal(f->j.write_errors, 3);
    assert_int_equal(f->j.lines_lost, 4);
}

/*
 * A full disk under an open day file: the file's descriptor is pointed at /dev/full, where
 * every write fails with ENOSPC, as on a full disk. 3 lines written and flushed; 4 appended,
 * whose flush fails: the C library drops its buffer, so those 4 are lost and said to be at the
 * recovery; then the descriptor is the file again, 2 lines are appended and flushed. The file
 * holds 3 + 2 = 5 lines, and the recovery says "(4 lines not written meanwhile)", where it said
 * only "writing ... again" (nothing counted lines lost to a failed write).
 */
static void test_failed_flush_counts_its_lines(void **state)
{
    fixture *f = *state;
    char path[160], text[2048], want[1024];
    snprintf(path, sizeof path, "%s/2026-01-15.jsonl", f->dir);
    for (int i = 0; i < 3; i++)
        assert_int_equal(append(f, 1000 + i, DAY15 + i), 0);
    tick(f);
    assert_int_equal(lines_in(path), 3);
    for (int i = 0; i < 4; i++)
        assert_int_equal(append(f, 2000 + i, DAY15 + 1000 + i), 0);
    int fd = fileno(f->j.f), saved = dup(fd), full = open("/dev/full", O_WRONLY);
    assert_true(saved >= 0 && full >= 0);
    assert_int_equal(dup2(full, fd), fd);
    close(full);
    tick(f);
    assert_int_equal(f->j.write_errors, 1);
    assert_int_equal(f->j.lines_lost, 4);
    assert_int_equal(dup2(saved, fd), fd);
    close(saved);
    for (int i = 0; i < 2; i++)
        assert_int_equal(append(f, 3000 + i, DAY15 + 2000 + i), 0);
    tick(f);
    assert_int_equal(f->j.write_errors, 1);
    assert_int_equal(lines_in(path), 5);
    assert_int_equal(said(f, text, sizeof text), 2);
    snprintf(want, sizeof want,
             "test: --record-dir: cannot write %s: No space left on device; going on without it "
             "(said once, and again when it writes)\n"
             "test: --record-dir: writing %s again (4 lines not written meanwhile)\n",
             path, path);
    assert_string_equal(text, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_failed_open_tried_every_5_s, setup, teardown),
        cmocka_unit_test_setup_teardown(test_another_day_tried_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clock_set_back_tries_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_flush_counts_its_lines, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
