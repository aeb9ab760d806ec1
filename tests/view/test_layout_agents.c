/*
 * test_layout_agents.c - the agent page's parts (layout_agents.c): names shortened to
 * "First L." with a whole UTF-8 initial, a page of agents grouped by team, no team last,
 * available before busy within a team, and what each card says below the name: the pause
 * reason, the channel of the contact, and where an agent goes after it when it asked for a
 * pause or to sign out during the contact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_fixture.h"
#include "layout_int.h"

static int measure(void *ud, wb_font_role role, int px, const char *s, int *w, int *h)
{
    *w = (int)strlen(s) * px / 2;
    *h = px;
    return 0;
}

/* The text item of tile with tag whose text is s, or NULL. */
static const wb_dl_item *card_text(const wb_dlist *dl, int tile, wb_dl_tag tag, const char *s)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].kind == WB_DL_TEXT && dl->items[i].tile == tile &&
            dl->items[i].tag == tag && strcmp(wb_dl_text(dl, &dl->items[i]), s) == 0)
            return &dl->items[i];
    return NULL;
}

static void test_abbreviate(void **state)
{
    char out[64];
    assert_true(wb_lay_abbreviate("Aino Virtanen", out, sizeof out));
    assert_string_equal(out, "Aino V.");
    /* First word and the initial of the last word, middle names dropped. */
    assert_true(wb_lay_abbreviate("Anna Maria Korhonen", out, sizeof out));
    assert_string_equal(out, "Anna K.");
    /* The initial is a whole two-byte character. */
    assert_true(wb_lay_abbreviate("Jussi \xC3\x96hman", out, sizeof out));
    assert_string_equal(out, "Jussi \xC3\x96.");
    assert_false(wb_lay_abbreviate("Madonna", out, sizeof out));
    assert_false(wb_lay_abbreviate("Trailing ", out, sizeof out));
}

/*
 * Lays out the agent page of n agents at 1280x720 (its area 1280x600) into dl, at now = 10
 * minutes, in lang, with one channel of that name (none when NULL). The caller finishes dl.
 */
static void agents_page(const wb_agent_info *agents, size_t n, wb_lang lang, const char *channel,
                        wb_dlist *dl)
{
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->now = 600000;
    v->n_channels = channel ? 1 : 0;
    v->ch[0].m.name = channel;
    wb_layout_in in = {.w = 1280,
                       .h = 720,
                       .view = v,
                       .measure = measure,
                       .agents = agents,
                       .n_agents = n,
                       .lang = lang};
    wb_dlist_init(dl);
    wb_lay_ctx c = {.dl = dl, .in = &in, .lb = wb_lay_labels(lang), .tz = ""};
    wb_lay_agents_page(&c, (wb_rect){0, 0, 1280, 600});
    assert_false(dl->oom);
    free(v);
}

static void test_teams_in_order(void **state)
{
    const wb_agent_info agents[] = {
        {.agent = "a1", .name = "Zed", .team = NULL, .state = WB_AGENT_AVAILABLE, .since = 0},
        {.agent = "a2", .name = "Bea", .team = "Sales", .state = WB_AGENT_BUSY, .since = 0},
        {.agent = "a3",
         .name = "Cid",
         .team = "Sales",
         .state = WB_AGENT_AVAILABLE,
         .since = 540000},
        {.agent = "a4", .name = "Ann", .team = "Billing", .state = WB_AGENT_PAUSED, .since = 0},
    };
    wb_dlist dl;
    agents_page(agents, 4, WB_LANG_EN, NULL, &dl);

    /* Team headings in order: Billing, Sales, then the agents with no team. */
    const char *want_heads[] = {"Billing (1)", "Sales (2)", "No team (1)"};
    size_t h = 0;
    /* Card names in order: Ann; Cid (available) before Bea (busy); Zed. */
    const char *want_names[] = {"Ann", "Cid", "Bea", "Zed"};
    size_t nm = 0;
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        const char *s = wb_dl_text(&dl, it);
        if (it->tag == WB_TAG_TEAM && it->kind == WB_DL_TEXT && strchr(s, '(')) {
            assert_true(h < 3);
            assert_string_equal(s, want_heads[h++]);
        }
        /* Each card has its name (left) and its time in state (right). */
        if (it->tag == WB_TAG_CARD_TEXT && it->align == WB_ALIGN_LEFT) {
            assert_true(nm < 4);
            assert_string_equal(s, want_names[nm++]);
        }
        /* Cid has been available for 600000 - 540000 ms = 1:00. */
        if (it->tag == WB_TAG_CARD_TEXT && it->align == WB_ALIGN_RIGHT && it->tile == 1)
            assert_string_equal(s, "1:00");
    }
    assert_int_equal(h, 3);
    assert_int_equal(nm, 4);
    wb_dlist_fini(&dl);
}

/* The detail lines (left-aligned card texts after each name) of a one-team page, in order. */
static size_t card_details(const wb_agent_info *agents, size_t n, wb_lang lang, const char **out,
                           char (*buf)[64], size_t cap)
{
    wb_dlist dl;
    agents_page(agents, n, lang, "phone", &dl);
    size_t k = 0, left = 0;
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        if (it->tag != WB_TAG_CARD_TEXT || it->align != WB_ALIGN_LEFT)
            continue;
        /* Each card's name comes first; a second left-aligned text on it is its detail. */
        if (left++ % 2 == 1 && k < cap) {
            snprintf(buf[k], sizeof buf[k], "%s", wb_dl_text(&dl, it));
            out[k] = buf[k];
            k++;
        }
    }
    wb_dlist_fini(&dl);
    return k;
}

static void test_where_next(void **state)
{
    /* All busy or paused in one team, so the cards keep this order (by state, then name). */
    const wb_agent_info agents[] = {
        {.agent = "a1", .name = "Ann", .team = "T", .state = WB_AGENT_BUSY, .work_ch = 0},
        {.agent = "a2",
         .name = "Bea",
         .team = "T",
         .state = WB_AGENT_BUSY,
         .work_ch = 0,
         .has_next = true,
         .next = WB_AGENT_PAUSED,
         .reason = "lunch"},
        {.agent = "a3",
         .name = "Cid",
         .team = "T",
         .state = WB_AGENT_BUSY,
         .work_ch = 0,
         .has_next = true,
         .next = WB_AGENT_PAUSED},
        {.agent = "a4",
         .name = "Dan",
         .team = "T",
         .state = WB_AGENT_WRAPUP,
         .work_ch = -1,
         .has_next = true,
         .next = WB_AGENT_OFFLINE},
        {.agent = "a5", .name = "Eve", .team = "T", .state = WB_AGENT_PAUSED, .reason = "training"},
        {.agent = "a6",
         .name = "Fay",
         .team = "T",
         .state = WB_AGENT_BUSY,
         .work_ch = 0,
         .has_next = true,
         .next = WB_AGENT_OFFLINE,
         .reason = "end of shift"},
    };
    const char *got[8];
    char buf[8][64];
    /*
     * Ann is on a phone call; Bea goes to lunch after hers, Cid to a pause with no reason;
     * Dan, wrapping up a contact of no known channel, signs out after it; Eve is in training;
     * Fay signs out after her call, and says why (an offline reason, as a pause's).
     */
    size_t n = card_details(agents, 6, WB_LANG_EN, got, buf, 8);
    assert_int_equal(n, 6);
    assert_string_equal(got[0], "phone");
    assert_string_equal(got[1], "phone \xE2\x86\x92 lunch");
    assert_string_equal(got[2], "phone \xE2\x86\x92 Paused");
    assert_string_equal(got[3], "phone \xE2\x86\x92 end of shift");
    assert_string_equal(got[4], "\xE2\x86\x92 Offline");
    assert_string_equal(got[5], "training");
    /* In Finnish the states are Finnish; the reasons are the publisher's words. */
    n = card_details(agents, 6, WB_LANG_FI, got, buf, 8);
    assert_int_equal(n, 6);
    assert_string_equal(got[1], "phone \xE2\x86\x92 lunch");
    assert_string_equal(got[2], "phone \xE2\x86\x92 Tauko");
    assert_string_equal(got[3], "phone \xE2\x86\x92 end of shift");
    assert_string_equal(got[4], "\xE2\x86\x92 Poissa");
}

/*
 * A card's name as the page may write it: whole, "First L.", the first name alone, or a
 * prefix of one of those cut with an ellipsis (at least one character before it).
 */
static bool name_form(const char *got, const char *name)
{
    char abbr[64], first[64];
    if (strcmp(got, name) == 0)
        return true;
    snprintf(first, sizeof first, "%.*s", (int)strcspn(name, " "), name);
    if (wb_lay_abbreviate(name, abbr, sizeof abbr) && strcmp(got, abbr) == 0)
        return true;
    if (strcmp(got, first) == 0)
        return true;
    size_t n = strlen(got);
    const size_t ell = sizeof "\xE2\x80\xA6" - 1;
    return n > ell && strcmp(got + n - ell, "\xE2\x80\xA6") == 0 &&
           strncmp(got, name, n - ell) == 0;
}

/*
 * 48 agents in teams of 15, 3, 9 and 21 (the demo's): agent n has name NAMES[n % 6] and
 * state n % 5 in the order available, busy, wrap-up, paused, offline, since (n + 1) minutes
 * before now = 6,000,000 ms; the last is paused for 75 minutes. Per team (available, busy,
 * wrap-up, paused, offline): Digital 3 3 3 3 3, Sales 1 1 1 0 0, Universal 2 2 1 2 2 and
 * Voice 4 4 4 5 4.
 */
static const char *const NAMES[6] = {"Aino Ahonen",   "Bo Li",      "Jonas Berg",
                                     "Ella Nieminen", "Maximilian", "Olivia Laine"};
static void demo_agents(wb_agent_info agents[48])
{
    static const char *const teams[4] = {"Digital", "Sales", "Universal", "Voice"};
    static const int team_n[4] = {15, 3, 9, 21};
    static const wb_agent_state states[5] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                             WB_AGENT_PAUSED, WB_AGENT_OFFLINE};
    size_t n = 0;
    for (int t = 0; t < 4; t++)
        for (int k = 0; k < team_n[t]; k++, n++)
            agents[n] = (wb_agent_info){.agent = "a",
                                        .name = NAMES[n % 6],
                                        .team = teams[t],
                                        .state = states[n % 5],
                                        .since = 6000000 - (wb_ms)(n + 1) * 60000,
                                        .work_ch = -1};
    agents[47].state = WB_AGENT_PAUSED;
    agents[47].since = 6000000 - 75 * 60000;
}

/*
 * The page's area at the smallest windows (wb_layout_build(): margin 4, header 30 or 40,
 * footer 24 or 32, gaps 4): 472x250 from y 38 at 480x320, 312x392 from y 48 at 320x480.
 */
static const int SMALL[2][6] = {{480, 320, 4, 38, 472, 250}, {320, 480, 4, 48, 312, 392}};

/* Lays out the 48 agents of demo_agents() at SMALL[z] in lang into dl (the caller finishes it),
 * measured by m, with limits of 10 minutes for a pause and 2 for a wrap-up. */
static void small_page(const wb_agent_info *agents, int z, wb_lang lang, wb_measure_fn m,
                       wb_dlist *dl)
{
    static wb_config cfg;
    cfg.display.max_pause_s = 600;
    cfg.display.max_wrapup_s = 120;
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->now = 6000000;
    v->ever_data = true;
    wb_layout_in in = {.w = SMALL[z][0],
                       .h = SMALL[z][1],
                       .lang = lang,
                       .view = v,
                       .cfg = &cfg,
                       .measure = m,
                       .agents = agents,
                       .n_agents = 48};
    wb_dlist_init(dl);
    wb_lay_ctx c = {.dl = dl, .in = &in, .lb = wb_lay_labels(lang), .tz = ""};
    wb_lay_agents_page(&c, (wb_rect){SMALL[z][2], SMALL[z][3], SMALL[z][4], SMALL[z][5]});
    assert_false(dl->oom);
    free(v);
}

/*
 * The smallest windows, 480x320 and 320x480: every card keeps its state's symbol, its name
 * (shortened) and its time in state, a card past its limit too. The 48 agents make the cards
 * 15 px high at 480x320, six to a row of 76 px.
 *
 * With the stub (w = bytes * px / 2) the time template "00:00h" is 24 px at 8 px, wider than
 * the 30 % of the card's text area that the time had (18 px), and the card's size had become
 * -1: every symbol (12 and 24 px in a 9 px strip), every name longer than ten bytes and every
 * time of five bytes was dropped.
 */
static void test_smallest_cards(void **state)
{
    wb_agent_info agents[48];
    demo_agents(agents);
    for (int z = 0; z < 2; z++) {
        wb_dlist dl;
        small_page(agents, z, WB_LANG_EN, measure, &dl);
        int sym[48] = {0}, nm[48] = {0}, tm[48] = {0}, framed = 0;
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            const char *s = wb_dl_text(&dl, it);
            if (it->tile < 0 || it->tile >= 48)
                continue;
            if (it->tag == WB_TAG_CARD_OVERRUN)
                framed++;
            if (it->kind != WB_DL_TEXT)
                continue;
            assert_true(it->px >= WB_LAY_MIN_PX);
            if (it->tag == WB_TAG_CARD_STATE)
                sym[it->tile]++;
            else if (it->tag == WB_TAG_CARD_TEXT && it->align == WB_ALIGN_LEFT) {
                nm[it->tile]++;
                bool any = false;
                for (int k = 0; k < 6; k++)
                    any = any || name_form(s, NAMES[k]);
                if (!any)
                    fail_msg("%dx%d card %d: name \"%s\"", SMALL[z][0], SMALL[z][1], it->tile, s);
            } else if (it->tag == WB_TAG_CARD_TEXT && it->align == WB_ALIGN_RIGHT) {
                tm[it->tile]++;
                /* A time in state: m:ss, or h:mmh from an hour on. */
                assert_true(strchr(s, ':') != NULL);
            }
        }
        for (int t = 0; t < 48; t++)
            if (sym[t] != 1 || nm[t] != 1 || tm[t] != 1)
                fail_msg("%dx%d card %d: %d symbol, %d name, %d time", SMALL[z][0], SMALL[z][1], t,
                         sym[t], nm[t], tm[t]);
        /* The longest pause, 75 minutes, reads "1:15h" beside the pause's two bars. */
        const wb_dl_item *longest = fx_text(&dl, "1:15h");
        assert_non_null(longest);
        assert_non_null(
            card_text(&dl, longest->tile, WB_TAG_CARD_STATE, "\xE2\x9D\x9A\xE2\x9D\x9A"));
        assert_true(framed > 0);
        wb_dlist_fini(&dl);
    }
}

/* The texts of the teams' counts, in order, joined by "|". */
static void heading_counts(const wb_dlist *dl, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        const char *s = wb_dl_text(dl, it);
        /* The symbols in the squares are centred; the team's name has its size in brackets. */
        if (it->tag != WB_TAG_TEAM || it->kind != WB_DL_TEXT || it->align != WB_ALIGN_LEFT ||
            strchr(s, '('))
            continue;
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", len ? "|" : "", s);
    }
}

#define SYM_AV "\xE2\x9C\x94"
#define SYM_BU "\xE2\x97\x8F"
#define SYM_WR "\xE2\x9C\x8E"
#define SYM_PA "\xE2\x9D\x9A\xE2\x9D\x9A"
#define SYM_OF "\xE2\x97\x8B"

/*
 * A team heading too narrow for "Available 0" even at 8 px keeps every count, with the state's
 * symbol in place of its word ("✔ 3 · ● 3 · ✎ 3 · ❚❚ 3 · ○ 3"), in English and in Finnish;
 * where the words fit they stay. At 320x480 a count's box is 29 px wide: measured as the
 * layout fixture does (0.6 em a character), "Available 3" is 53 px at 8 px, "❚❚ 3" 19. It read
 * "Availa…" (the figure cut off) before.
 */
static void test_heading_keeps_counts(void **state)
{
    wb_agent_info agents[48];
    demo_agents(agents);
    char got[1024];
    static const char *const want =
        SYM_AV " 3|" SYM_BU " 3|" SYM_WR " 3|" SYM_PA " 3|" SYM_OF " 3|" /* Digital */
        SYM_AV " 1|" SYM_BU " 1|" SYM_WR " 1|" SYM_PA " 0|" SYM_OF " 0|" /* Sales */
        SYM_AV " 2|" SYM_BU " 2|" SYM_WR " 1|" SYM_PA " 2|" SYM_OF " 2|" /* Universal */
        SYM_AV " 4|" SYM_BU " 4|" SYM_WR " 4|" SYM_PA " 5|" SYM_OF " 4"; /* Voice */
    for (int lang = 0; lang < 2; lang++) {
        wb_dlist dl;
        small_page(agents, 1, (wb_lang)lang, fx_measure, &dl);
        heading_counts(&dl, got, sizeof got);
        assert_string_equal(got, want);
        wb_dlist_fini(&dl);
    }
    /* At 1280x720 the words stay, in either language. */
    wb_dlist dl;
    agents_page(agents, 15, WB_LANG_EN, NULL, &dl);
    heading_counts(&dl, got, sizeof got);
    assert_string_equal(got, "Available 3|Busy 3|Wrap-up 3|Paused 3|Offline 3");
    wb_dlist_fini(&dl);
    agents_page(agents, 15, WB_LANG_FI, NULL, &dl);
    heading_counts(&dl, got, sizeof got);
    assert_string_equal(got, "Vapaa 3|Varattu 3|J\xC3\xA4lkity\xC3\xB6 3|Tauko 3|Poissa 3");
    wb_dlist_fini(&dl);
}

/*
 * A team's size in its heading is the sum of its counts: "Digital (15)" over 3 available,
 * 3 busy, 3 in wrap-up, 3 paused and 3 offline (the grey cards under it). The offline ones
 * had no count, and the heading read 15 over counts adding up to 12.
 */
static void test_heading_adds_up(void **state)
{
    wb_agent_info agents[48];
    demo_agents(agents);
    static const unsigned sizes[4] = {15, 3, 9, 21};
    wb_dlist dl;
    agents_page(agents, 48, WB_LANG_EN, NULL, &dl);
    int team = -1;
    unsigned sum[4] = {0}, size[4] = {0};
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        const char *s = wb_dl_text(&dl, it);
        if (it->tag != WB_TAG_TEAM || it->kind != WB_DL_TEXT || it->align != WB_ALIGN_LEFT)
            continue;
        const char *br = strchr(s, '(');
        if (br) {
            assert_true(++team < 4);
            size[team] = (unsigned)strtoul(br + 1, NULL, 10);
        } else {
            assert_true(team >= 0);
            sum[team] += (unsigned)strtoul(strrchr(s, ' ') + 1, NULL, 10);
        }
    }
    assert_int_equal(team, 3);
    for (int t = 0; t < 4; t++) {
        assert_int_equal(size[t], sizes[t]);
        assert_int_equal(sum[t], sizes[t]);
    }
    wb_dlist_fini(&dl);
}

/*
 * An agent page without agents: before the screen ever had data it says nothing is known yet
 * ("No agent data yet"), not a zero; with data it is a team with nobody signed in. English and
 * Finnish.
 */
static void test_no_agents_before_data(void **state)
{
    static const struct {
        bool ever;
        wb_lang lang;
        const char *want;
    } cases[] = {
        {false, WB_LANG_EN, "No agent data yet"},
        {true, WB_LANG_EN, "No agents signed in"},
        {false, WB_LANG_FI, "Ei viel\xC3\xA4 agenttitietoja"},
        {true, WB_LANG_FI, "Ei kirjautuneita agentteja"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        wb_board_view *v = calloc(1, sizeof *v);
        assert_non_null(v);
        v->ever_data = cases[k].ever;
        wb_layout_in in = {
            .w = 1280, .h = 720, .view = v, .measure = measure, .lang = cases[k].lang};
        wb_dlist dl;
        wb_dlist_init(&dl);
        wb_lay_ctx c = {.dl = &dl, .in = &in, .lb = wb_lay_labels(cases[k].lang), .tz = ""};
        wb_lay_agents_page(&c, (wb_rect){0, 0, 1280, 600});
        assert_false(dl.oom);
        const wb_dl_item *note = NULL;
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].kind == WB_DL_TEXT) {
                assert_null(note);
                note = &dl.items[i];
            }
        assert_non_null(note);
        assert_string_equal(wb_dl_text(&dl, note), cases[k].want);
        wb_dlist_fini(&dl);
        free(v);
    }
}

/*
 * One publisher of several gone quiet (the board live on the others): its agents' timers stop
 * when it was last heard, and no card of it is framed as overrunning. At 10:00 (600 s), Ann
 * (heard 1 s ago) and Bob (his publisher silent 60 s) have been busy since 500 s: Ann's time
 * is 1:40, Bob's stops at 540 s, 0:40. Past a wrap-up limit of 30 s, Cy (in wrap-up since
 * 500 s, his publisher silent) reads 0:40 with no amber frame; Di, live, 1:40 with one.
 */
static void test_quiet_publisher_stops_timers(void **state)
{
    (void)state;
    const wb_agent_info agents[] = {
        {.agent = "a1", .name = "Ann", .state = WB_AGENT_BUSY, .since = 500000, .heard = 599000},
        {.agent = "a2", .name = "Bob", .state = WB_AGENT_BUSY, .since = 500000, .heard = 540000},
        {.agent = "a3", .name = "Cy", .state = WB_AGENT_WRAPUP, .since = 500000, .heard = 540000},
        {.agent = "a4", .name = "Di", .state = WB_AGENT_WRAPUP, .since = 500000, .heard = 599000},
    };
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->now = 600000;
    v->ever_data = true;
    v->last_rx = 599000;
    wb_config cfg;
    wb_config_defaults(&cfg);
    cfg.stale_after_ms = 5000;
    cfg.display.max_wrapup_s = 30;
    wb_layout_in in = {.w = 1280,
                       .h = 720,
                       .view = v,
                       .cfg = &cfg,
                       .rx_now = 600000,
                       .measure = measure,
                       .agents = agents,
                       .n_agents = 4,
                       .lang = WB_LANG_EN};
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_lay_ctx c = {.dl = &dl, .in = &in, .lb = wb_lay_labels(WB_LANG_EN), .tz = ""};
    wb_lay_agents_page(&c, (wb_rect){0, 0, 1280, 600});
    /* Cards: busy Ann, Bob, then wrap-up Cy, Di. */
    assert_non_null(card_text(&dl, 0, WB_TAG_CARD_TEXT, "1:40"));
    assert_non_null(card_text(&dl, 1, WB_TAG_CARD_TEXT, "0:40"));
    assert_non_null(card_text(&dl, 2, WB_TAG_CARD_TEXT, "0:40"));
    assert_non_null(card_text(&dl, 3, WB_TAG_CARD_TEXT, "1:40"));
    int frames[4] = {0};
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].tag == WB_TAG_CARD_OVERRUN && dl.items[i].tile >= 0 && dl.items[i].tile < 4)
            frames[dl.items[i].tile]++;
    assert_int_equal(frames[2], 0);
    assert_int_equal(frames[3], 1);

    /*
     * On event time (a replay at speed) the view's clock runs ahead of the receiver's: the
     * other publishers' events took it to 1,200 s while 60 s passed here. Bob's publisher
     * was last heard at 900 s of event time: his time stops at 900 - 800 = 1:40, not at the
     * view's now less the receiver's 60 s (5:40).
     */
    wb_agent_info ev[2] = {agents[0], agents[1]};
    ev[0].since = ev[1].since = 800000;
    ev[1].heard_t = 900000;
    v->now = 1200000;
    in.agents = ev;
    in.n_agents = 2;
    wb_dlist_clear(&dl);
    wb_lay_agents_page(&c, (wb_rect){0, 0, 1280, 600});
    assert_non_null(card_text(&dl, 0, WB_TAG_CARD_TEXT, "6:40"));
    assert_non_null(card_text(&dl, 1, WB_TAG_CARD_TEXT, "1:40"));
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviate),
        cmocka_unit_test(test_teams_in_order),
        cmocka_unit_test(test_where_next),
        cmocka_unit_test(test_smallest_cards),
        cmocka_unit_test(test_heading_keeps_counts),
        cmocka_unit_test(test_heading_adds_up),
        cmocka_unit_test(test_no_agents_before_data),
        cmocka_unit_test(test_quiet_publisher_stops_timers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
