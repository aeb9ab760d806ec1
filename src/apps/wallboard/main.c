/*
 * main.c - the wallboard program: configuration, the libuv loop and its handles, and the one
 * place where the program's parts are wired together.
 *
 * One wb_main per process owns everything: the wb_app that the demo and the display read, the
 * loop, the subscriber or the demo simulator, the display, the 1 s tick timer (board tick,
 * stats line, the alarm chime, watchdog), the exit timer, the signal handles and the config file
 * watch. The parts never call into this file: the display gets a wb_display_host (now, wall
 * clock, quit) and the demo a callback for applied events, both with the wb_main as their
 * user data. Every handle is initialised at start and closed in app_quit(), after which
 * uv_run() returns because nothing is left active. The command line is read by options.c.
 *
 * Threads: everything here runs on the loop thread. The subscriber receives on a thread of
 * its own (wb_sub.h) but hands every message to on_message() on the loop, in batches; each
 * message pokes the display, which draws once for the whole batch.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef WB_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "app.h"
#include "daywarn.h"
#include "demo.h"
#include "display.h"
#include "hubjoin.h"
#include "options.h"
#include "osrandom.h"
#include "refusals.h"
#include "sound.h"
#include "stats.h"
#include "statsfile.h"
#include "sublog.h"
#include "systz.h"
#include "wallclock.h"
#include "wb_config_load.h"
#include "wb_sub.h"

#ifndef WB_VERSION
#define WB_VERSION "0.1.0"
#endif

/* Editors write a file in several steps; reload once they have been quiet this long. */
#define WB_RELOAD_SETTLE_MS 250

typedef struct wb_main {
    wb_app app;
    uv_loop_t loop;
    wb_sub *sub;
    wb_hubjoin *join; /* parts, --hub and --record on the receive path */
    wb_demo *demo;
    uint64_t seed;
    bool seed_set;
    wb_display *display; /* NULL when headless or stopped */
    wb_display_host display_host;
    wb_sound *sound; /* the alarm chime; NULL when headless */
    const char *connect[WB_MAX_URLS];
    size_t n_connect;
    const char *bind[WB_MAX_URLS];
    size_t n_bind;
    /*
     * URLs taken from the file are copied here: a reload replaces the configuration, but the
     * sockets change only as reload_sources() applies it, so these say what is in use.
     */
    bool urls_from_file;
    char file_connect[WB_MAX_URLS][256];
    char file_bind[WB_MAX_URLS][256];
    char config_path[PATH_MAX]; /* "" when running on the built-in configuration */
    char config_dir[PATH_MAX];
    char config_base[NAME_MAX + 1];
    wb_statsfile stats;
    bool stats_open, stats_failed; /* stats_failed: write no more lines */
    wb_board_view *view;
    uv_timer_t tick, exit_timer, reload_timer;
    uv_signal_t sig_int, sig_term, sig_hup;
    uv_fs_event_t watch;
    wb_refusal_log refusals;
    wb_sublog sublog;         /* the receive side's losses, said once a minute */
    bool day_mismatch_logged; /* the time-zone line was written (daywarn.h) */
    bool tz_system;           /* the configuration named no zone: the system's is used */
} wb_main;

static void notify(const char *state)
{
#ifdef WB_HAVE_SYSTEMD
    sd_notify(0, state);
#else
    (void)state;
#endif
}

/* Now, by the --clock mode: the wall clock, or the newest event time seen. */
static wb_ms app_now(wb_main *m)
{
    const wb_app *app = &m->app;
    if (m->demo && app->opts.clock == WB_CLOCK_EVENT)
        return wb_demo_now(m->demo);
    if (app->opts.clock == WB_CLOCK_EVENT) {
        /* Before the first event there is no event time: show the wall clock meanwhile. */
        wb_ms t = wb_model_newest_ts(wb_board_model_const(app->board));
        if (t > 0)
            return t;
    }
    return wb_wall_ms();
}

/* ---- headless stats ---- */

static void write_stats(wb_main *m)
{
    if (!m->stats_open || m->stats_failed)
        return;
    wb_sub_stats ts;
    wb_sub_stats_get(m->sub, &ts);
    char *line = wb_stats_json(m->app.board, m->view, app_now(m), wb_wall_ms(), m->sub ? &ts : NULL,
                               m->display ? (int64_t)m->app.frames : -1);
    if (!line) {
        fprintf(stderr, "wallboard: stats: out of memory\n");
        return;
    }
    /* Whole lines only; a failed one is reported and the next one tries again. */
    wb_statsfile_write(&m->stats, line);
    free(line);
}

/* ---- quitting ---- */

static void close_if_open(uv_handle_t *h)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

/* Asks the program to end cleanly (stats written once more, display closed). */
static void app_quit(wb_main *m, int exit_code)
{
    wb_app *app = &m->app;
    if (app->quitting) {
        /* A failure reported while quitting still decides the exit code. */
        if (exit_code != 0 && app->exit_code == 0)
            app->exit_code = exit_code;
        return;
    }
    app->quitting = true;
    app->exit_code = exit_code;
    notify("STOPPING=1");
    /* The last line describes the very end, alarms included. */
    wb_board_tick(app->board, app_now(m));
    wb_daywarn_log(app->board, "wallboard", "screen", &m->day_mismatch_logged);
    write_stats(m);
    if (m->display) {
        wb_display *d = m->display;
        m->display = NULL;
        wb_display_stop(d);
    }
    wb_sound_free(m->sound);
    m->sound = NULL;
    wb_sub_free(m->sub);
    m->sub = NULL;
    wb_hubjoin_free(m->join);
    m->join = NULL;
    wb_demo_free(m->demo);
    m->demo = NULL;
    close_if_open((uv_handle_t *)&m->tick);
    close_if_open((uv_handle_t *)&m->exit_timer);
    close_if_open((uv_handle_t *)&m->reload_timer);
    close_if_open((uv_handle_t *)&m->sig_int);
    close_if_open((uv_handle_t *)&m->sig_term);
    close_if_open((uv_handle_t *)&m->sig_hup);
    close_if_open((uv_handle_t *)&m->watch);
}

/* ---- receiving ---- */

static void on_message(void *ud, const char *buf, size_t len)
{
    wb_main *m = ud;
    /* Receive times are the receiver's wall clock: staleness is about this machine's view. */
    wb_ms wall = wb_wall_ms();
    int rc = wb_hubjoin_ingest(m->join, buf, len, wall);
    /* Refusals are logged once per reason per minute (docs/architecture.md, "Bad input"). */
    if (rc < 0)
        wb_refusal_note(&m->refusals, "wallboard", rc, wall);
    if (m->app.latency.log)
        wb_latency_note(&m->app, wb_model_newest_ts(wb_board_model_const(m->app.board)));
    wb_display_poke(m->display);
}

/*
 * Messages the receive thread had to drop because the loop fell too far behind (a full ring:
 * wb_sub.h), and publisher connections lost, are logged like refusals: at most once a minute,
 * with the count since the last line. The stats show the running totals.
 */
static void log_drops(wb_main *m)
{
    if (!m->sub)
        return;
    wb_sub_stats ts;
    wb_sub_stats_get(m->sub, &ts);
    wb_sublog_tick(&m->sublog, "wallboard", &ts, wb_wall_ms());
}

static void on_tick(uv_timer_t *t)
{
    wb_main *m = t->data;
    log_drops(m);
    wb_board_tick(m->app.board, app_now(m));
    wb_daywarn_log(m->app.board, "wallboard", "screen", &m->day_mismatch_logged);
    write_stats(m);
    wb_sound_tick(m->sound, app_now(m), wb_wall_ms());
    wb_hubjoin_tick(m->join, wb_wall_ms());
    /* The watchdog is fed from the loop itself, so a frozen loop stops feeding it. */
    notify("WATCHDOG=1");
    wb_display_poke(m->display);
}

static void on_exit_timer(uv_timer_t *t)
{
    wb_main *m = t->data;
    app_quit(m, 0);
}

/* ---- what the demo and the display get from the program ---- */

static void on_demo_applied(void *ud, size_t n)
{
    wb_main *m = ud;
    wb_display_poke(m->display);
}

static wb_ms host_now(void *ud)
{
    return app_now(ud);
}

static wb_ms host_wall_ms(void *ud)
{
    return wb_wall_ms();
}

static void host_quit(void *ud, int exit_code)
{
    app_quit(ud, exit_code);
}

/* ---- configuration ---- */

/*
 * Loads path into *cfg (unchanged on failure); err gets the loader's one-line message. A file
 * without a timezone gets the system's (systz.h), resolved again on every load so that a
 * reload follows a zone the installer has since set; *tz_system says which it was.
 */
static int load_config(wb_config *cfg, const char *path, bool *tz_system, char *err, size_t errlen)
{
    wb_config fresh;
    wb_config_defaults(&fresh);
    int rc = wb_config_load(&fresh, path, err, errlen);
    if (rc < 0)
        return rc;
    *tz_system = wb_systz_fill("wallboard", fresh.tz, sizeof fresh.tz);
    *cfg = fresh;
    return 0;
}

/* Whether url is one of the n in list. */
static bool url_in(const char *url, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(url, list[i]) == 0)
            return true;
    return false;
}

/* The n URLs of list, ", "-separated, into buf (cap bytes); "none" for none. */
static void url_list(const char *const *list, size_t n, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && at < cap; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%s", i ? ", " : "", list[i]);
    if (n == 0)
        snprintf(buf, cap, "none");
}

/*
 * A reloaded file's [transport] lists, applied to the running sockets: a publisher no longer
 * named is disconnected, a new one connected, and the change said on stderr. A changed bind
 * is not applied (the old address would have to be released and the new one might be taken),
 * and it is said so; URLs given on the command line win over the file's, as at start.
 */
static void reload_sources(wb_main *m, const wb_config *fresh)
{
    const char *now_c[WB_MAX_URLS], *now_b[WB_MAX_URLS];
    size_t nc = fresh->n_connect < WB_MAX_URLS ? fresh->n_connect : WB_MAX_URLS;
    size_t nb = fresh->n_bind < WB_MAX_URLS ? fresh->n_bind : WB_MAX_URLS;
    for (size_t i = 0; i < nc; i++)
        now_c[i] = fresh->connect[i];
    for (size_t i = 0; i < nb; i++)
        now_b[i] = fresh->bind[i];
    bool same_c = nc == m->n_connect, same_b = nb == m->n_bind;
    for (size_t i = 0; same_c && i < nc; i++)
        same_c = url_in(now_c[i], m->connect, m->n_connect);
    for (size_t i = 0; same_b && i < nb; i++)
        same_b = url_in(now_b[i], m->bind, m->n_bind);
    if (!m->sub || (same_c && same_b))
        return;
    if (!m->urls_from_file) {
        fprintf(stderr,
                "wallboard: connect/bind in %s not applied: the command line's "
                "--connect/--bind are in use\n",
                m->config_path);
        return;
    }
    char was[WB_MAX_URLS * 260], now[WB_MAX_URLS * 260];
    if (!same_b) {
        url_list(now_b, nb, now, sizeof now);
        url_list(m->bind, m->n_bind, was, sizeof was);
        fprintf(stderr,
                "wallboard: bind: the file now says %s, still bound to %s: a changed "
                "bind takes effect after a restart\n",
                now, was);
    }
    if (same_c)
        return;
    url_list(m->connect, m->n_connect, was, sizeof was);
    for (size_t i = 0; i < m->n_connect; i++)
        if (!url_in(m->connect[i], now_c, nc))
            wb_sub_disconnect(m->sub, m->connect[i]);
    char keep[WB_MAX_URLS][256];
    size_t n = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!url_in(now_c[i], m->connect, m->n_connect) && wb_sub_connect(m->sub, now_c[i]) < 0) {
            fprintf(stderr, "wallboard: %s (left out)\n", wb_sub_strerror(m->sub));
            continue;
        }
        snprintf(keep[n++], sizeof keep[0], "%s", now_c[i]);
    }
    memcpy(m->file_connect, keep, sizeof keep);
    for (size_t i = 0; i < n; i++)
        m->connect[i] = m->file_connect[i];
    m->n_connect = n;
    url_list(m->connect, m->n_connect, now, sizeof now);
    fprintf(stderr, "wallboard: connect: now %s (was %s)\n", now, was);
}

static void reload_config(wb_main *m, const char *why)
{
    if (m->app.quitting)
        return;
    if (!m->config_path[0]) {
        fprintf(stderr, "wallboard: %s: running on the built-in configuration, nothing to reload\n",
                why);
        return;
    }
    char err[512];
    wb_config *fresh = malloc(sizeof *fresh);
    if (!fresh) {
        fprintf(stderr, "wallboard: config not reloaded: out of memory\n");
        return;
    }
    notify("RELOADING=1");
    bool tz_system;
    if (load_config(fresh, m->config_path, &tz_system, err, sizeof err) < 0) {
        fprintf(stderr, "wallboard: %s (config not reloaded; the running one stays)\n", err);
        goto done;
    }
    int rc = wb_board_set_config(m->app.board, fresh);
    if (rc < 0) {
        fprintf(stderr, "wallboard: %s: config not reloaded: %s\n", m->config_path,
                wb_strerror(rc));
        goto done;
    }
    reload_sources(m, fresh);
    if (strcmp(fresh->tz, m->app.cfg.tz) != 0)
        fprintf(stderr, "wallboard: time zone now %s%s (was %s)\n", fresh->tz,
                wb_systz_said(tz_system), m->app.cfg.tz[0] ? m->app.cfg.tz : "UTC");
    m->app.cfg = *fresh;
    wb_display_config_changed(m->display);
    wb_sound_config_changed(m->sound);
    fprintf(stderr, "wallboard: config reloaded from %s (%s)\n", m->config_path, why);
done:
    notify("READY=1");
    free(fresh);
}

static void on_reload_timer(uv_timer_t *t)
{
    reload_config(t->data, "file changed");
}

static void on_watch(uv_fs_event_t *h, const char *filename, int events, int status)
{
    wb_main *m = h->data;
    if (status < 0)
        return;
    /* The watch is on the directory (editors replace files by rename); only our file counts. */
    if (filename && strcmp(filename, m->config_base) != 0)
        return;
    uv_timer_start(&m->reload_timer, on_reload_timer, WB_RELOAD_SETTLE_MS, 0);
}

static void on_signal(uv_signal_t *h, int signum)
{
    wb_main *m = h->data;
    if (signum == SIGHUP)
        reload_config(m, "SIGHUP");
    else
        app_quit(m, 0);
}

/* ---- options ---- */

/* Returns -1 to continue, or the exit code (0 after --help/--version, 2 for a bad one). */
static int parse_args(wb_main *m, int argc, char **argv)
{
    wb_options o;
    char err[256];

    switch (wb_options_parse(&o, argc, argv, err, sizeof err)) {
    case WB_OPTS_RUN:
        break;
    case WB_OPTS_HELP:
        wb_options_usage(stdout);
        return 0;
    case WB_OPTS_VERSION:
        printf("wallboard " WB_VERSION "%s\n",
               wb_display_available() ? "" : " (headless only: built without a display)");
        return 0;
    case WB_OPTS_ERROR:
        fprintf(stderr, "wallboard: %s\n", err);
        return 2;
    }
    if (o.note)
        fprintf(stderr, "wallboard: note: %s\n", o.note);
    m->app.opts = o.app;
    memcpy(m->connect, o.connect, sizeof m->connect);
    m->n_connect = o.n_connect;
    memcpy(m->bind, o.bind, sizeof m->bind);
    m->n_bind = o.n_bind;
    m->seed = o.seed;
    m->seed_set = o.seed_set;
    return -1;
}

/* Picks the config file: --config, $WB_CONFIG, the system file if present, or none. */
static const char *config_file(const wb_app_opts *o)
{
    return wb_cli_config_file(o->config_path);
}

static int setup_config(wb_main *m)
{
    const char *path = config_file(&m->app.opts);
    wb_config *cfg = &m->app.cfg;
    if (!path) {
        wb_demo_default_config(cfg);
        m->tz_system = wb_systz_fill("wallboard", cfg->tz, sizeof cfg->tz);
        return 0;
    }
    char err[512];
    if (load_config(cfg, path, &m->tz_system, err, sizeof err) < 0) {
        fprintf(stderr, "wallboard: %s\n", err);
        return 2;
    }
    if (strlen(path) >= sizeof m->config_path) {
        fprintf(stderr, "wallboard: %s: path too long\n", path);
        return 2;
    }
    /* Keep the absolute path: the watch and SIGHUP must find the file whatever the cwd. */
    if (!realpath(path, m->config_path))
        snprintf(m->config_path, sizeof m->config_path, "%s", path);
    char tmp1[PATH_MAX], tmp2[PATH_MAX];
    snprintf(tmp1, sizeof tmp1, "%s", m->config_path);
    snprintf(tmp2, sizeof tmp2, "%s", m->config_path);
    snprintf(m->config_dir, sizeof m->config_dir, "%s", dirname(tmp1));
    snprintf(m->config_base, sizeof m->config_base, "%s", basename(tmp2));
    return 0;
}

static int setup_sources(wb_main *m)
{
    const wb_config *cfg = &m->app.cfg;
    /* URLs on the command line replace the config's lists, so a test can point anywhere. */
    if (m->n_connect == 0 && m->n_bind == 0) {
        m->urls_from_file = true;
        for (size_t i = 0; i < cfg->n_connect && i < WB_MAX_URLS; i++) {
            snprintf(m->file_connect[i], sizeof m->file_connect[i], "%s", cfg->connect[i]);
            m->connect[m->n_connect++] = m->file_connect[i];
        }
        for (size_t i = 0; i < cfg->n_bind && i < WB_MAX_URLS; i++) {
            snprintf(m->file_bind[i], sizeof m->file_bind[i], "%s", cfg->bind[i]);
            m->bind[m->n_bind++] = m->file_bind[i];
        }
    }
    if (m->n_connect == 0 && m->n_bind == 0)
        fprintf(stderr, "wallboard: warning: no --connect/--bind and none in the config: "
                        "no data will arrive (try --demo)\n");
    m->sub = wb_sub_new(&m->loop, on_message, m);
    if (!m->sub) {
        fprintf(stderr, "wallboard: out of memory\n");
        return 1;
    }
    /* A malformed URL is a usage error (2); a socket that cannot be opened is a failure (1). */
    for (size_t i = 0; i < m->n_connect + m->n_bind; i++) {
        int rc = i < m->n_connect ? wb_sub_connect(m->sub, m->connect[i])
                                  : wb_sub_bind(m->sub, m->bind[i - m->n_connect]);
        if (rc < 0) {
            fprintf(stderr, "wallboard: %s\n", wb_sub_strerror(m->sub));
            return rc == WB_ERR_INVAL ? 2 : 1;
        }
    }
    char err[512];
    const wb_app_opts *o = &m->app.opts;
    wb_hubjoin_record rec = {o->record, o->record_dir, o->keep_days, m->app.cfg.tz,
                             o->clock == WB_CLOCK_EVENT};
    int jrc = wb_hubjoin_new(&m->loop, m->app.board, o->hub, &rec, &m->join, err, sizeof err);
    if (jrc < 0)
        fprintf(stderr, "wallboard: %s\n", err);
    return jrc == 0 ? 0 : jrc == WB_ERR_INVAL ? 2 : 1;
}

static int open_stats(wb_main *m)
{
    const char *p = m->app.opts.stats_json;
    if (!p)
        return 0;
    char err[512];
    int rc = wb_statsfile_open(&m->stats, p, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "wallboard: %s\n", err);
        return rc == WB_ERR_INVAL ? 2 : 1;
    }
    m->stats_open = true;
    m->view = malloc(sizeof *m->view);
    if (!m->view) {
        fprintf(stderr, "wallboard: out of memory\n");
        return 1;
    }
    return 0;
}

static void init_handles(wb_main *m)
{
    uv_timer_init(&m->loop, &m->tick);
    uv_timer_init(&m->loop, &m->exit_timer);
    uv_timer_init(&m->loop, &m->reload_timer);
    uv_signal_init(&m->loop, &m->sig_int);
    uv_signal_init(&m->loop, &m->sig_term);
    uv_signal_init(&m->loop, &m->sig_hup);
    uv_fs_event_init(&m->loop, &m->watch);
    m->tick.data = m->exit_timer.data = m->reload_timer.data = m;
    m->sig_int.data = m->sig_term.data = m->sig_hup.data = m;
    m->watch.data = m;
}

static void close_all(uv_handle_t *h, void *arg)
{
    close_if_open(h);
}

static int run(wb_main *m)
{
    wb_app *app = &m->app;
    int rc = setup_config(m);
    if (rc)
        return rc;
    app->board = wb_board_new(&app->cfg);
    /* On event time, an event ahead of the newest one is simply the newest: no future. */
    if (app->board && app->opts.clock == WB_CLOCK_EVENT)
        wb_model_set_event_clock(wb_board_model(app->board), true);
    if (!app->board) {
        fprintf(stderr, "wallboard: cannot create the board: out of memory\n");
        return 1;
    }
    /* On the wall clock "now" is known from the start: an event far ahead is refused at once. */
    if (app->opts.clock == WB_CLOCK_WALL)
        wb_model_tick(wb_board_model(app->board), wb_wall_ms());
    /* Ids come from the network: a secret key keeps anyone from choosing colliding ones. */
    uint64_t key[2];
    if (wb_os_random(key, sizeof key) < 0 ||
        wb_model_set_hash_key(wb_board_model(app->board), key[0], key[1]) < 0)
        fprintf(stderr, "wallboard: warning: no random hash key; ids are hashed unkeyed\n");
    app->start_wall = wb_wall_ms();

    if (app->opts.demo) {
        char err[256];
        rc = wb_demo_start(app, app->opts.demo_scenario, app->opts.demo_speed,
                           m->seed_set ? m->seed : (uint64_t)app->start_wall, on_demo_applied, m,
                           &m->demo, err, sizeof err);
        if (rc < 0) {
            fprintf(stderr, "wallboard: --demo: %s\n", err);
            return 2;
        }
    } else {
        rc = setup_sources(m);
        if (rc)
            return rc;
    }
    /* Said once the sources are up, so that a usage error is the only line of a failed start. */
    fprintf(stderr, "wallboard: time zone %s%s\n", app->cfg.tz[0] ? app->cfg.tz : "UTC",
            wb_systz_said(m->tz_system));
    /* Outputs only once the sockets are up: an instance that cannot start touches no file. */
    rc = open_stats(m);
    if (rc)
        return rc;

    uv_signal_start(&m->sig_int, on_signal, SIGINT);
    uv_signal_start(&m->sig_term, on_signal, SIGTERM);
    uv_signal_start(&m->sig_hup, on_signal, SIGHUP);
    if (m->config_path[0]) {
        int wrc = uv_fs_event_start(&m->watch, on_watch, m->config_dir, 0);
        if (wrc < 0)
            fprintf(stderr, "wallboard: warning: cannot watch %s (%s); SIGHUP still reloads\n",
                    m->config_dir, uv_strerror(wrc));
    }
    uv_timer_start(&m->tick, on_tick, 1000, 1000);
    if (app->opts.exit_after_s > 0)
        uv_timer_start(&m->exit_timer, on_exit_timer, (uint64_t)(app->opts.exit_after_s * 1000.0),
                       0);

    if (!app->opts.headless) {
        m->display_host =
            (wb_display_host){.ud = m, .now = host_now, .wall_ms = host_wall_ms, .quit = host_quit};
        rc = wb_display_start(app, &m->display_host, &m->display);
        if (rc < 0)
            /* display.c printed why; a build without a display was asked for one: usage. */
            return wb_display_available() ? 1 : 2;
        m->sound = wb_sound_new(app);
    }
    notify("READY=1");
    return 0;
}

int main(int argc, char **argv)
{
    static wb_main m; /* large (config, paths): keep it off the stack */
    signal(SIGPIPE, SIG_IGN);
    int rc = parse_args(&m, argc, argv);
    if (rc >= 0)
        return rc;
    m.app.loop = &m.loop;
    if (uv_loop_init(&m.loop) != 0) {
        fprintf(stderr, "wallboard: cannot create the event loop\n");
        return 1;
    }
    init_handles(&m);
    if (wb_latency_init(&m.app) < 0)
        return 1;

    rc = run(&m);
    if (rc == 0) {
        uv_run(&m.loop, UV_RUN_DEFAULT);
        rc = m.app.exit_code;
    } else {
        /* Start-up failed: release what was opened without writing a stats line. */
        m.app.quitting = true;
        m.stats_failed = true;
        wb_display_stop(m.display);
        m.display = NULL;
        wb_sub_free(m.sub);
        wb_hubjoin_free(m.join);
        wb_demo_free(m.demo);
    }
    /* Close whatever is left (handles another module forgot), then let the callbacks run. */
    uv_walk(&m.loop, close_all, NULL);
    uv_run(&m.loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&m.loop) != 0)
        fprintf(stderr, "wallboard: warning: event loop not closed cleanly\n");
    wb_board_free(m.app.board);
    wb_latency_fini(&m.app);
    free(m.view);
    /* Stats that stopped for good (a disk that stayed full) are a failure of the run. */
    if (m.stats_open && wb_statsfile_close(&m.stats) < 0 && rc == 0)
        rc = 1;
    return rc;
}
