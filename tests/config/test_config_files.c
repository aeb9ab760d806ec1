/*
 * test_config_files.c - the configuration loader under careless operation (cases 7 and 15 of
 * the hostile-input list that tests/core/test_hostile.c keeps): it reads regular files only
 * (a FIFO and /dev/zero are refused without blocking), at most WB_CONFIG_MAX_BYTES (1 MiB) of
 * them, and checks that a named font exists.
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

#include "wb_config.h"
#include "wb_config_load.h"

/* 7 and 15. The config loader reads regular files only, capped, and checks the font. */
static void test_config_files(void **state)
{
    char dir[] = "/tmp/wb-hostile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[512];
    wb_config cfg;
    wb_config_defaults(&cfg);
    snprintf(cfg.site, sizeof cfg.site, "kept");

    snprintf(path, sizeof path, "%s/fifo.ini", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(wb_config_load(&cfg, path, err, sizeof err), WB_ERR_CONFIG);
    assert_non_null(strstr(err, "not a regular file"));
    unlink(path);

    assert_int_equal(wb_config_load(&cfg, "/dev/zero", err, sizeof err), WB_ERR_CONFIG);
    assert_non_null(strstr(err, "/dev/zero: cannot read: not a regular file"));

    snprintf(path, sizeof path, "%s/big.ini", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 70000; i++)
        fputs("; a comment line\n", f); /* 17 bytes x 70,000 > 1 MiB */
    fclose(f);
    assert_int_equal(wb_config_load(&cfg, path, err, sizeof err), WB_ERR_CONFIG);
    assert_non_null(strstr(err, "larger than 1 MiB"));

    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[display]\nfont = %s/missing.ttf\n", dir);
    fclose(f);
    assert_int_equal(wb_config_load(&cfg, path, err, sizeof err), WB_ERR_CONFIG);
    char want[512];
    snprintf(want, sizeof want, "%s:2: [display] font: no readable font file there", path);
    assert_non_null(strstr(err, want));

    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[wallboard]\nwaiting_expiry_min = 90\n");
    fclose(f);
    assert_int_equal(wb_config_load(&cfg, path, err, sizeof err), WB_OK);
    assert_int_equal(cfg.waiting_expiry_ms, 90 * 60000);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
