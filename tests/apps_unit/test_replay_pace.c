/*
 * test_replay_pace.c - wallboard-replay's send budget (src/apps/wallboard-replay/pace.h): a
 * message goes when it is due unless what went before used up the budget; a quiet spell saves
 * up no more than WB_PACE_SLACK_MS of it; a second at the pace sends no more than the budget,
 * that slack and one message. Every count below is worked by hand in its comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pace.h"

/* Sends messages of len bytes at now while the pace lets them go then; returns how many. */
static int burst(wb_pace *p, wb_ms now, uint64_t len)
{
    int n = 0;
    while (wb_pace_when(p, now) <= now) {
        wb_pace_sent(p, now, 1, len);
        n++;
    }
    return n;
}

/* Nothing sent yet: a message goes when it is due. */
static void test_first_goes_when_due(void **state)
{
    (void)state;
    wb_pace p;
    wb_pace_init(&p, 1e6);
    assert_true(wb_pace_when(&p, 1234) == 1234);
}

/*
 * 1,000,000 bytes a second is 1,000 a millisecond; a message of 488 bytes counts 488 + 512 =
 * 1,000: one a millisecond. The first, at 100 ms, starts the budget 10 ms back (the slack):
 * after k messages it is used up until 90 + k ms, and a message may go within the millisecond
 * in which it frees, so at 100 ms the 11th goes (used up until 100) and the 12th waits for
 * 101 (used up until 101).
 */
static void test_burst_then_one_a_ms(void **state)
{
    (void)state;
    wb_pace p;
    wb_pace_init(&p, 1e6);
    assert_int_equal(burst(&p, 100, 488), 11);
    assert_true(wb_pace_when(&p, 100) == 101);
    /* Then one a millisecond: 101 to 1,100 is 1,000 of them. */
    int n = 0;
    for (wb_ms now = 101; now <= 1100; now++)
        n += burst(&p, now, 488);
    assert_int_equal(n, 1000);
    /* A message due after the budget frees goes when due, not before. */
    assert_true(wb_pace_when(&p, 1500) == 1500);
}

/* After a quiet spell only the slack is saved up: at 5,000 ms again 11 go at once. */
static void test_quiet_spell_saves_only_the_slack(void **state)
{
    (void)state;
    wb_pace p;
    wb_pace_init(&p, 1e6);
    assert_int_equal(burst(&p, 100, 488), 11);
    assert_int_equal(burst(&p, 5000, 488), 11);
}

/*
 * Messages charged together count as many: 3 of 488 bytes count 3 * 1,000 = 3 ms. Sent at 0
 * with the budget started 10 ms back, it is used up until -7 ms: the next goes at once. A
 * 65,024-byte snapshot part counts 65,536: 65.536 ms, used up until 58.536, the next at 58.
 */
static void test_charges(void **state)
{
    (void)state;
    wb_pace p;
    wb_pace_init(&p, 1e6);
    wb_pace_sent(&p, 0, 3, 3 * 488);
    assert_true(wb_pace_when(&p, 0) == 0);
    wb_pace_sent(&p, 0, 1, 65024);
    assert_true(wb_pace_when(&p, 0) == 58);
    assert_true(wb_pace_when(&p, 70) == 70);
}

/*
 * The replay's pace, 4 MiB (4,194,304 bytes) a second, with 224-byte messages (a contact
 * event), each counting 224 + 512 = 736: 736 / 4,194.304 = 0.175476 ms each. Sending whenever
 * allowed from 0 to 999 ms, the k-th message goes while the budget of the k - 1 before it,
 * started at -10 ms, frees before 1,000: -10 + (k - 1) * 0.175476 < 1000, k - 1 <= 5,755, so
 * 5,756 messages, 4,236,416 counted bytes: no more than the 4,194,304 of the second, the
 * 41,943 of the 10 ms slack and one message of 736 (4,236,983).
 */
static void test_a_second_at_the_replay_pace(void **state)
{
    (void)state;
    wb_pace p;
    wb_pace_init(&p, 4194304.0);
    int n = 0;
    for (wb_ms now = 0; now < 1000; now++)
        n += burst(&p, now, 224);
    assert_int_equal(n, 5756);
    assert_true((uint64_t)n * 736 <= 4194304 + 41943 + 736);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_goes_when_due),
        cmocka_unit_test(test_burst_then_one_a_ms),
        cmocka_unit_test(test_quiet_spell_saves_only_the_slack),
        cmocka_unit_test(test_charges),
        cmocka_unit_test(test_a_second_at_the_replay_pace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
