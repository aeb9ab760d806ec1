/*
 * config_fixture.h - what the configuration tests share (test_config.c, test_config_kpi.c,
 * test_config_screen.c, test_config_sound.c): loading a text that must load, and loading one
 * that must be refused with an exact message and leave the configuration as it was.
 *
 * Header-only: each test executable that includes it gets its own static copies. It asserts
 * with cmocka, so it comes after <cmocka.h>. cf_load_ok() returns a configuration that the
 * caller frees with free(); the others allocate nothing that they do not free themselves.
 */
#ifndef WB_CONFIG_FIXTURE_H
#define WB_CONFIG_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "wb_config.h"
#include "wb_config_load.h"

/* Loads text, named file in messages, into c; a refusal fails the test with its message. */
static inline void cf_load(wb_config *c, const char *file, const char *text)
{
    char err[512];
    int rc = wb_config_load_string(c, file, text, err, sizeof err);
    if (rc != WB_OK)
        fail_msg("load failed: %s", err);
}

/* A new configuration loaded from text (loading starts from the defaults); free() it. */
static inline wb_config *cf_load_ok(const char *file, const char *text)
{
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    cf_load(c, file, text);
    return c;
}

/*
 * Loads text, which must fail, into c: checks the exact message (left in err, of cap bytes,
 * for the caller's own checks) and that c is byte for byte what it was before.
 */
static inline void cf_refused(wb_config *c, const char *file, const char *text, const char *want,
                              char *err, size_t cap)
{
    wb_config *before = malloc(sizeof *before);
    assert_non_null(before);
    memcpy(before, c, sizeof *c);
    int rc = wb_config_load_string(c, file, text, err, cap);
    assert_int_equal(rc, WB_ERR_CONFIG);
    if (strcmp(err, want) != 0)
        fail_msg("message\n  got:  %s\n  want: %s", err, want);
    assert_memory_equal(c, before, sizeof *c);
    free(before);
}

#endif
