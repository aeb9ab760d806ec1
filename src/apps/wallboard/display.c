/*
 * display.c - the SDL screen of the wallboard program (display.h).
 *
 * A wb_display owns the SDL window and renderer, the wb_render caches, the display list, a
 * heap copy of the board view and of the agent list, and one uv_timer that polls SDL events
 * and the clock 20 times a second (POLL_MS). A frame is drawn only when something visible changed:
 * the board was poked (new messages, the 1 s tick), the clock's second, the alarm flash phase, the
 * burn-in shift step, the page, the night state or the window changed. A poke brings the
 * next poll forward (but never closer than FRAME_MS to the last frame), so new data reaches
 * the screen within a frame while an idle screen wakes only 20 times a second. A frame redraws
 * and presents only the parts of the screen that changed (render.h); window events make the
 * next one whole. Everything runs on the loop thread; the struct is freed from the timer's
 * close callback.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "display.h"
#include "input.h"
#include "layout.h"
#include "render.h"
#include "wb_time.h"
#include "winsize.h"

#define POLL_MS 50 /* idle polling of SDL events and of the clock: 20 Hz */
/*
 * Shortest time between two frames: 8 ms (at most 125 a second). A change waits at most this
 * long for its frame, which keeps event-to-pixel within its budget (12 ms at p99) under a
 * steady stream; 16 ms (60 Hz) cannot, since an event arriving just after a frame would wait
 * 16 ms plus the drawing. Frames are drawn only when something changed, and partially, so the
 * cost is paid only under a busy stream; a renderer with vsync is held to the display's
 * refresh by its present, while the receive thread keeps draining the sockets.
 */
#define FRAME_MS 8
/* Alarm flash: half a period, so the border changes at most twice a second (1 Hz blink). */
#define FLASH_MS 500
#define SHOT_DEFAULT_MS 2000 /* screenshot without data: after this long anyway */
/* A detail page left alone goes back to the page after this long. */
#define DETAIL_TIMEOUT_MS 30000

struct wb_display {
    wb_app *app;
    const wb_display_host *host;
    bool stopped; /* wb_display_stop() ran; the timer's close callback frees the rest */
    SDL_Window *win;
    SDL_Renderer *ren;
    wb_render *rd;
    bool ttf_inited, sdl_inited;
    wb_dlist dl;
    wb_board_view *view;
    wb_agent_info *agents;
    size_t agents_cap;
    wb_counts *iv; /* the interval page's counters: channels x intervals, then queues x intervals */
    size_t iv_cap;
    wb_lay_intervals ivs;
    size_t iv_queue[WB_MAX_QUEUES_VIEW]; /* intervals:NAME of a queue: its places in view->q */
    uv_timer_t timer;
    bool timer_inited;

    bool dirty;
    bool fullscreen;
    int page;
    int rotate;
    wb_lang lang;
    uint64_t start_ms;      /* uv_now at start */
    uint64_t page_since_ms; /* uv_now when the current page was shown */

    /* What the last frame showed, to tell whether the next one would differ. */
    long long last_sec;
    long long last_wall_sec;
    int last_flash;
    long long last_shift;
    int last_night; /* 0 off, 1 dim, 2 blank */
    bool any_flashing;
    uint64_t last_frame_ms; /* uv_now of the last frame */
    bool drawn_with_data;
    bool shot_done;

    /* Touch and mouse (input.c); a channel's detail page opened by a tap. */
    wb_input *input;
    bool detail;
    int detail_ch;
    uint64_t detail_since_ms; /* uv_now when opened or last touched */
    int shift_x, shift_y;     /* burn-in shift of the last frame, to map touches back */
};

static const char *driver_name(void)
{
    const char *d = SDL_GetCurrentVideoDriver();
    return d ? d : "";
}

static bool is_headless_driver(void)
{
    const char *d = driver_name();
    return strcmp(d, "offscreen") == 0 || strcmp(d, "dummy") == 0;
}

/* No window manager: a Pi kiosk on KMSDRM, or no X11/Wayland session at all. */
static bool no_window_manager(void)
{
    if (strcmp(driver_name(), "KMSDRM") == 0)
        return true;
    if (is_headless_driver())
        return false;
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return !(x && x[0]) && !(w && w[0]);
}

static void read_config(wb_display *d)
{
    const wb_app *app = d->app;
    d->lang = wb_lang_parse(app->opts.lang ? app->opts.lang : app->cfg.display.lang);
    int rot = app->opts.rotate >= 0 ? app->opts.rotate : app->cfg.display.rotate;
    d->rotate = (rot == 90 || rot == 180 || rot == 270) ? rot : 0;
}

/* Burn-in shift: a slow walk around a small square, one step every pixel_shift_s. */
static void pixel_shift(const wb_display_cfg *dc, wb_ms wall, int *dx, int *dy, long long *step)
{
    static const int PATH[8][2] = {{0, 0},  {1, 0},  {1, 1},   {0, 1},
                                   {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}};
    *dx = *dy = 0;
    *step = 0;
    if (dc->pixel_shift_s <= 0 || dc->pixel_shift_px <= 0)
        return;
    *step = (long long)(wall / 1000 / dc->pixel_shift_s);
    int k = (int)(*step % 8);
    *dx = PATH[k][0] * dc->pixel_shift_px;
    *dy = PATH[k][1] * dc->pixel_shift_px;
}

static int fill_agents(wb_display *d)
{
    const wb_model *m = wb_board_model_const(d->app->board);
    size_t n = wb_model_agent_count(m);
    if (n > d->agents_cap) {
        wb_agent_info *na = realloc(d->agents, n * sizeof *na);
        if (!na)
            return WB_ERR_NOMEM;
        d->agents = na;
        d->agents_cap = n;
    }
    for (size_t i = 0; i < n; i++)
        wb_model_agent_info(m, i, &d->agents[i]);
    return (int)n;
}

/*
 * --screen-text: every text of the frame, one a line: its tile, its tag's name and the text,
 * separated by tabs. Tests read the screen's numbers from it (and compare them with the stats).
 */
static int write_screen_text(wb_display *d)
{
    const char *path = d->app->opts.screen_text;
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "wallboard: --screen-text: cannot write %s\n", path);
        return -1;
    }
    for (size_t i = 0; i < d->dl.n; i++) {
        const wb_dl_item *it = &d->dl.items[i];
        if (it->kind == WB_DL_TEXT)
            fprintf(f, "%d\t%s\t%s\n", it->tile, wb_dl_tag_name(it->tag), wb_dl_text(&d->dl, it));
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "wallboard: --screen-text: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* Today by interval for the interval page, one row per channel; NULL when out of memory. */
static const wb_lay_intervals *fill_intervals(wb_display *d)
{
    const wb_model *m = wb_board_model_const(d->app->board);
    wb_lay_intervals *iv = &d->ivs;
    iv->n = wb_model_interval_count(m, &iv->day_start, &iv->width);
    iv->n_rows = wb_model_channel_count(m);
    /*
     * A page of one queue's day (intervals:NAME where NAME is no channel): the queues of that
     * name, one row for each channel they are in. The view's queues are the model's first ones,
     * in the model's order, so a place in view->q is the model's queue index.
     */
    iv->n_queues = 0;
    const wb_page_cfg *pg = wb_layout_page_cfg(&d->app->cfg, d->page);
    const char *name = pg && pg->n_items > 0 ? pg->items[0].name : "";
    bool is_channel = false;
    for (size_t i = 0; name[0] && i < d->view->n_channels; i++)
        is_channel |= d->view->ch[i].m.name && strcmp(d->view->ch[i].m.name, name) == 0;
    for (size_t q = 0; name[0] && !is_channel && q < d->view->n_queues; q++)
        if (d->view->q[q].name && strcmp(d->view->q[q].name, name) == 0)
            d->iv_queue[iv->n_queues++] = q;
    size_t need = iv->n * (iv->n_rows + iv->n_queues);
    if (need > d->iv_cap) {
        wb_counts *c = realloc(d->iv, need * sizeof *c);
        if (!c)
            return NULL;
        d->iv = c;
        d->iv_cap = need;
    }
    for (size_t r = 0; r < iv->n_rows; r++)
        wb_model_channel_intervals(m, r, d->iv + r * iv->n, iv->n);
    iv->c = d->iv;
    for (size_t k = 0; k < iv->n_queues; k++)
        wb_model_queue_intervals(m, d->iv_queue[k], d->iv + (iv->n_rows + k) * iv->n, iv->n);
    iv->queue = d->iv_queue;
    iv->qc = d->iv + iv->n_rows * iv->n;
    return iv;
}

static int write_screenshot(wb_display *d)
{
    char err[512];
    SDL_Surface *s = wb_render_read(d->rd);
    if (!s) {
        fprintf(stderr, "wallboard: --screenshot: cannot read the screen back: %s\n",
                SDL_GetError());
        return -1;
    }
    int rc = wb_png_write(d->app->opts.screenshot, s, err, sizeof err);
    SDL_FreeSurface(s);
    if (rc < 0) {
        fprintf(stderr, "wallboard: --screenshot: %s\n", err);
        return -1;
    }
    fprintf(stderr, "wallboard: screenshot written to %s\n", d->app->opts.screenshot);
    if (d->app->opts.screen_text)
        return write_screen_text(d);
    return 0;
}

/* Lays out and draws one frame; takes the screenshot when it is due. */
static void draw(wb_display *d, wb_ms now, wb_ms wall, bool take_shot)
{
    wb_app *app = d->app;
    int ow = 0, oh = 0;
    if (SDL_GetRendererOutputSize(d->ren, &ow, &oh) != 0 || ow <= 0 || oh <= 0)
        return;
    int lw = ow, lh = oh;
    if (d->rotate == 90 || d->rotate == 270) {
        lw = oh;
        lh = ow;
    }
    wb_board_view_fill(app->board, now, wall, d->view);
    int n_agents = 0;
    if (wb_layout_page_is_agents(&app->cfg, d->page)) {
        n_agents = fill_agents(d);
        if (n_agents < 0)
            n_agents = 0;
    }
    wb_render_opts ro = {.rotate = d->rotate, .dim_pct = 100};
    long long step;
    pixel_shift(&app->cfg.display, wall, &ro.shift_x, &ro.shift_y, &step);
    int night = wb_night_state(&app->cfg, wall, d->view);
    if (night == 1)
        ro.dim_pct = app->cfg.display.night_dim_pct;
    ro.blank = night == 2;
    int flash = (int)((SDL_GetTicks64() / FLASH_MS) % 2 == 0);

    wb_layout_in in = {
        .w = lw,
        .h = lh,
        .reserve = app->cfg.display.pixel_shift_px > 0 ? app->cfg.display.pixel_shift_px : 0,
        .page = d->page,
        .lang = d->lang,
        .view = d->view,
        .rx_now = wall,
        .cfg = &app->cfg,
        .agents = d->agents,
        .n_agents = (size_t)n_agents,
        .intervals =
            wb_layout_page_kind(&app->cfg, d->page) == WB_PAGE_INTERVALS ? fill_intervals(d) : NULL,
        .flash_on = flash != 0,
        .measure = wb_render_measure,
        .measure_ud = d->rd,
        .detail = d->detail,
        .detail_ch = d->detail_ch,
    };
    if (wb_layout_build(&d->dl, &in) < 0 && d->dl.oom)
        fprintf(stderr, "wallboard: out of memory while laying out the screen\n");
    if (wb_render_draw(d->rd, &d->dl, &ro) < 0)
        fprintf(stderr, "wallboard: drawing failed: %s\n", SDL_GetError());
    if (take_shot) {
        d->shot_done = true;
        int rc = write_screenshot(d);
        if (app->opts.exit_after_s <= 0 || rc < 0) {
            wb_render_present(d->rd);
            d->host->quit(d->host->ud, rc < 0 ? 1 : 0);
            return;
        }
    }
    wb_render_present(d->rd);
    app->frames++;
    wb_latency_presented(app);

    d->any_flashing = false;
    for (size_t i = 0; i < d->view->n_channels; i++)
        d->any_flashing |= d->view->ch[i].flashing;
    /* A queue tile flashes on its own alarm (its thresholds may differ from its channel's). */
    for (size_t i = 0; i < d->view->n_queues; i++)
        d->any_flashing |= d->view->qa[i].flashing;
    d->last_sec = (long long)(now / 1000);
    d->last_wall_sec = (long long)(wall / 1000);
    d->last_flash = flash;
    d->last_shift = step;
    d->shift_x = ro.shift_x;
    d->shift_y = ro.shift_y;
    d->last_night = night;
    /* "With data": some channel shows numbers, not only a heartbeat having arrived. */
    d->last_frame_ms = uv_now(app->loop);
    d->drawn_with_data = false;
    for (size_t i = 0; i < d->view->n_channels; i++)
        d->drawn_with_data |= d->view->ch[i].m.had_data;
    d->dirty = false;
}

/* Space steps through every page; the timer only through the rotation (by_timer). */
static void next_page(wb_display *d, bool by_timer)
{
    if (d->app->cfg.screen.n_rotation > 0) {
        d->page = (d->page + 1) % wb_layout_page_count(&d->app->cfg);
    } else {
        /* The interval page, chosen by hand, stays until Space; the timer skips it. */
        if (by_timer && d->page == WB_PAGE_INTERVALS)
            return;
        bool kpis = wb_model_kpi_count(wb_board_model_const(d->app->board)) > 0;
        do {
            d->page = (d->page + 1) % WB_PAGE_COUNT;
            /* The KPI page is shown only once there are KPI figures: an empty page is no news. */
        } while ((by_timer && d->page == WB_PAGE_INTERVALS) || (d->page == WB_PAGE_KPIS && !kpis));
    }
    d->page_since_ms = uv_now(d->app->loop);
    d->dirty = true;
}

/* The page before: next_page() round the whole rotation but one, so that whatever decides
 * the number of pages is in one place only. */
static void prev_page(wb_display *d)
{
    int start = d->page, before = start;
    /* Bounded: a page that the rotation skips (the KPI page before any KPI) never comes back. */
    for (int i = 0; i <= WB_PAGE_COUNT + WB_MAX_PAGES; i++) {
        before = d->page;
        next_page(d, false);
        if (d->page == start)
            break;
    }
    d->page = before;
}

static void acknowledge(wb_display *d, const char *how)
{
    wb_board_ack(d->app->board);
    fprintf(stderr, "wallboard: alarms acknowledged (%s)\n", how);
    d->dirty = true;
}

/* Does what a touch or a click asked for (input.c decides what that is). */
static void apply_action(wb_display *d, const wb_action *a)
{
    uint64_t mono = uv_now(d->app->loop);
    switch (a->kind) {
    case WB_ACT_NONE:
        return;
    case WB_ACT_ACK:
        acknowledge(d, "long-press");
        if (d->detail)
            d->detail_since_ms = mono;
        return;
    case WB_ACT_OPEN_DETAIL:
        d->detail = true;
        d->detail_ch = a->tile;
        d->detail_since_ms = mono;
        break;
    case WB_ACT_CLOSE_DETAIL:
        d->detail = false;
        d->page_since_ms = mono;
        break;
    case WB_ACT_NEXT_PAGE:
        d->detail = false;
        next_page(d, false);
        break;
    case WB_ACT_PREV_PAGE:
        d->detail = false;
        prev_page(d);
        break;
    }
    d->dirty = true;
}

static wb_input_screen input_screen(const wb_display *d)
{
    wb_input_screen s = {.win = d->win,
                         .rotate = d->rotate,
                         .shift_x = d->shift_x,
                         .shift_y = d->shift_y,
                         .dl = &d->dl,
                         .detail_open = d->detail,
                         .n_channels = d->view->n_channels};
    if (d->ren)
        SDL_GetRendererOutputSize(d->ren, &s.out_w, &s.out_h);
    return s;
}

static void toggle_fullscreen(wb_display *d)
{
    d->fullscreen = !d->fullscreen;
    SDL_SetWindowFullscreen(d->win, d->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    SDL_ShowCursor(d->fullscreen ? SDL_DISABLE : SDL_ENABLE);
    d->dirty = true;
}

static void handle_events(wb_display *d)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        wb_action act;
        wb_input_screen scr = input_screen(d);
        if (d->input && wb_input_event(d->input, &ev, &scr, &act)) {
            apply_action(d, &act);
            continue;
        }
        switch (ev.type) {
        case SDL_QUIT:
            d->host->quit(d->host->ud, 0);
            return;
        case SDL_KEYDOWN:
            switch (ev.key.keysym.sym) {
            case SDLK_f:
                toggle_fullscreen(d);
                break;
            case SDLK_SPACE:
                d->detail = false;
                next_page(d, false);
                break;
            case SDLK_a:
                acknowledge(d, "key");
                break;
            case SDLK_q:
            case SDLK_ESCAPE:
                d->host->quit(d->host->ud, 0);
                return;
            default:
                break;
            }
            break;
        case SDL_WINDOWEVENT:
        case SDL_RENDER_TARGETS_RESET:
        case SDL_RENDER_DEVICE_RESET:
            /* The window system may have lost or moved the pixels: the next frame is whole. */
            wb_render_invalidate(d->rd);
            d->dirty = true;
            break;
        default:
            break;
        }
    }
}

static void on_timer(uv_timer_t *t)
{
    wb_display *d = t->data;
    wb_app *app = d->app;
    handle_events(d);
    if (app->quitting || d->stopped)
        return;
    uint64_t mono = uv_now(app->loop);
    if (d->input) {
        wb_input_screen scr = input_screen(d);
        wb_action act = wb_input_poll(d->input, &scr);
        apply_action(d, &act);
    }
    /* A detail page nobody looks at goes back to the rotation. */
    if (d->detail && mono - d->detail_since_ms >= DETAIL_TIMEOUT_MS) {
        d->detail = false;
        d->page_since_ms = mono;
        d->dirty = true;
    }
    wb_ms now = d->host->now(d->host->ud), wall = d->host->wall_ms(d->host->ud);

    int page_s = app->cfg.display.page_s;
    if (page_s > 0 && !d->detail && mono - d->page_since_ms >= (uint64_t)page_s * 1000)
        next_page(d, true);

    /* Redraw only when the next frame would look different from the last one. */
    bool redraw = d->dirty;
    if ((long long)(now / 1000) != d->last_sec)
        redraw = true;
    /* The ticker's pages and the data age turn on the wall clock, which runs when now does not. */
    if ((long long)(wall / 1000) != d->last_wall_sec)
        redraw = true;
    int flash = (int)((SDL_GetTicks64() / FLASH_MS) % 2 == 0);
    if (d->any_flashing && flash != d->last_flash)
        redraw = true;
    int dx, dy;
    long long step;
    pixel_shift(&app->cfg.display, wall, &dx, &dy, &step);
    if (step != d->last_shift)
        redraw = true;
    int night = wb_night_state(&app->cfg, wall, d->view);
    if (night != d->last_night)
        redraw = true;
    else if (night == 2)
        redraw = false; /* a blank screen stays blank */

    bool shot = false;
    if (app->opts.screenshot && !d->shot_done) {
        uint64_t el = mono - d->start_ms;
        if (app->opts.screenshot_after_s > 0)
            shot = el >= (uint64_t)(app->opts.screenshot_after_s * 1000.0);
        else
            shot = d->drawn_with_data || el >= SHOT_DEFAULT_MS;
        if (shot)
            redraw = true;
    }
    if (redraw)
        draw(d, now, wall, shot);
}

static void on_closed(uv_handle_t *h)
{
    free(h->data);
}

/* Frees everything but the timer (which is closed separately, or was never started). */
static void release_sdl(wb_display *d)
{
    wb_render_free(d->rd);
    d->rd = NULL;
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    d->ren = NULL;
    if (d->win)
        SDL_DestroyWindow(d->win);
    d->win = NULL;
    if (d->ttf_inited)
        TTF_Quit();
    d->ttf_inited = false;
    if (d->sdl_inited)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    d->sdl_inited = false;
    wb_dlist_fini(&d->dl);
    free(d->view);
    d->view = NULL;
    free(d->agents);
    d->agents = NULL;
    d->agents_cap = 0;
    free(d->iv);
    d->iv = NULL;
    d->iv_cap = 0;
    wb_input_free(d->input);
    d->input = NULL;
}

bool wb_display_available(void)
{
    return true;
}

int wb_display_start(wb_app *app, const wb_display_host *host, wb_display **out)
{
    *out = NULL;
    wb_display *d = calloc(1, sizeof *d);
    if (!d) {
        fprintf(stderr, "wallboard: out of memory\n");
        return WB_ERR_NOMEM;
    }
    d->app = app;
    d->host = host;
    wb_dlist_init(&d->dl);
    d->view = calloc(1, sizeof *d->view);
    if (!d->view) {
        fprintf(stderr, "wallboard: out of memory\n");
        goto fail;
    }
    read_config(d);
    if (app->opts.page >= wb_layout_page_count(&app->cfg)) {
        fprintf(stderr, "wallboard: --page %d: this screen has %d pages (0 to %d)\n",
                app->opts.page, wb_layout_page_count(&app->cfg),
                wb_layout_page_count(&app->cfg) - 1);
        goto fail;
    }
    d->page = app->opts.page > 0 ? app->opts.page : 0;

    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr,
                "wallboard: cannot open a display: %s (no screen? use --headless, or "
                "SDL_VIDEODRIVER=offscreen for screenshots)\n",
                SDL_GetError());
        goto fail;
    }
    d->sdl_inited = true;
    if (TTF_Init() != 0) {
        fprintf(stderr, "wallboard: cannot start SDL_ttf: %s\n", TTF_GetError());
        goto fail;
    }
    d->ttf_inited = true;

    bool headless_driver = is_headless_driver();
    if (app->opts.fullscreen_set)
        d->fullscreen = app->opts.fullscreen;
    else
        d->fullscreen = app->opts.window_w <= 0 && no_window_manager();
    if (headless_driver)
        d->fullscreen = false;
    int w = app->opts.window_w > 0 ? app->opts.window_w : (headless_driver ? 1920 : 1280);
    int h = app->opts.window_h > 0 ? app->opts.window_h : (headless_driver ? 1080 : 720);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (d->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    d->win =
        SDL_CreateWindow("wallboard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->win) {
        fprintf(stderr, "wallboard: cannot open a %dx%d window on the %s video driver: %s\n", w, h,
                driver_name(), SDL_GetError());
        goto fail;
    }
    /* A resize by the user stops at the smallest window the layout is made for. */
    wb_winsize_set_minimum(d->win);
    /*
     * Off-screen drivers have no GPU: the software renderer is the one that works there, on
     * a plain memory framebuffer (SDL would otherwise back the window with Mesa's GL, about
     * 100 MB resident for nothing).
     */
    if (headless_driver)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    else
        d->ren = SDL_CreateRenderer(d->win, -1,
                                    SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC |
                                        SDL_RENDERER_TARGETTEXTURE);
    if (!d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
    if (!d->ren) {
        fprintf(stderr, "wallboard: cannot create a renderer: %s\n", SDL_GetError());
        goto fail;
    }
    if (d->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);

    char err[512];
    d->rd = wb_render_new(d->ren, app->cfg.display.font, err, sizeof err);
    if (!d->rd) {
        fprintf(stderr, "wallboard: %s\n", err);
        goto fail;
    }
    if (uv_timer_init(app->loop, &d->timer) != 0) {
        fprintf(stderr, "wallboard: cannot create the display timer\n");
        goto fail;
    }
    d->timer_inited = true;
    d->timer.data = d;
    d->start_ms = d->page_since_ms = uv_now(app->loop);
    d->last_sec = -1;
    d->last_shift = -1;
    d->last_night = -1;
    d->dirty = true;
    /* Without touch input the screen still works (keys, rotation): no reason to fail. */
    d->input = wb_input_new();
    uv_timer_start(&d->timer, on_timer, 0, POLL_MS);
    *out = d;
    return 0;
fail:
    release_sdl(d);
    free(d);
    return WB_ERR_IO;
}

void wb_display_stop(wb_display *d)
{
    if (!d || d->stopped)
        return;
    /* The program ends before the screenshot was due (--exit-after is shorter): take it now,
     * so that a screenshot run always leaves a picture. */
    if (d->app->opts.screenshot && !d->shot_done && d->rd)
        draw(d, d->host->now(d->host->ud), d->host->wall_ms(d->host->ud), true);
    d->stopped = true;
    release_sdl(d);
    if (d->timer_inited) {
        uv_timer_stop(&d->timer);
        uv_close((uv_handle_t *)&d->timer, on_closed);
    } else {
        free(d);
    }
}

void wb_display_poke(wb_display *d)
{
    if (!d || d->stopped || d->dirty)
        return;
    d->dirty = true;
    uint64_t now = uv_now(d->app->loop), due = d->last_frame_ms + FRAME_MS;
    uv_timer_start(&d->timer, on_timer, due > now ? due - now : 0, POLL_MS);
}

void wb_display_config_changed(wb_display *d)
{
    if (!d || d->stopped)
        return;
    read_config(d);
    /* A reload may leave fewer pages than the one shown: start again from the first. */
    if (d->page >= wb_layout_page_count(&d->app->cfg))
        d->page = 0;
    d->dirty = true;
}
