/*
 * input.c - SDL touch and mouse events to screen actions (input.h), and the input script.
 *
 * A wb_input owns the gesture recogniser's state and the script (an array of timed events
 * read at start). Coordinates go window -> renderer output (finger events come as fractions
 * of the window, mouse events in window points, which differ from pixels on a high-density
 * screen) -> layout (wb_gesture_to_layout).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

/* The mouse is one pointer of its own, apart from any finger id. */
#define MOUSE_ID (-1)
#define SCRIPT_MAX 512

typedef enum { S_DOWN, S_MOVE, S_UP, S_MDOWN, S_MMOVE, S_MUP, S_KEY } script_kind;

typedef struct script_ev {
    uint64_t at_ms;
    script_kind kind;
    int x, y;
    SDL_Keycode key;
} script_ev;

struct wb_input {
    wb_gesture g;
    script_ev *script;
    size_t n_script, next;
    bool scripted;
    uint64_t start_ms; /* SDL_GetTicks64 when created: script times count from here */
};

static const char *const KINDS[] = {"down", "move", "up", "mdown", "mmove", "mup", "key"};

/* Reads the script at path; false (after one message naming file and line) when it is bad. */
static bool read_script(wb_input *in, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "wallboard: WB_INPUT_SCRIPT %s: %s (ignored)\n", path, strerror(errno));
        return false;
    }
    in->script = calloc(SCRIPT_MAX, sizeof *in->script);
    char line[256];
    int lineno = 0;
    uint64_t last = 0;
    const char *why = NULL;
    while (in->script && fgets(line, sizeof line, f)) {
        lineno++;
        char kind[16], a[64] = "", b[16] = "";
        unsigned long long at;
        char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        int got = sscanf(p, "%llu %15s %63s %15s", &at, kind, a, b);
        if (got < 2) {
            why = "expected MS KIND [X Y]";
            break;
        }
        if (in->n_script == SCRIPT_MAX) {
            why = "too many events (at most 512)";
            break;
        }
        script_ev *e = &in->script[in->n_script];
        size_t k = 0;
        while (k < sizeof KINDS / sizeof KINDS[0] && strcmp(kind, KINDS[k]) != 0)
            k++;
        if (k == sizeof KINDS / sizeof KINDS[0]) {
            why = "unknown kind (expected down, move, up, mdown, mmove, mup or key)";
            break;
        }
        e->kind = (script_kind)k;
        if (e->kind == S_KEY) {
            e->key = got >= 3 ? SDL_GetKeyFromName(a) : SDLK_UNKNOWN;
            if (e->key == SDLK_UNKNOWN) {
                why = "unknown key name";
                break;
            }
        } else {
            char *end1, *end2;
            long x = strtol(a, &end1, 10), y = strtol(b, &end2, 10);
            if (got < 4 || *end1 || *end2 || x < 0 || y < 0 || x > 100000 || y > 100000) {
                why = "expected X Y: window pixels";
                break;
            }
            e->x = (int)x;
            e->y = (int)y;
        }
        if (at < last) {
            why = "times must not decrease";
            break;
        }
        e->at_ms = last = at;
        in->n_script++;
    }
    fclose(f);
    if (!in->script)
        why = "out of memory";
    if (why) {
        fprintf(stderr, "wallboard: WB_INPUT_SCRIPT %s:%d: %s (script ignored)\n", path, lineno,
                why);
        free(in->script);
        in->script = NULL;
        in->n_script = 0;
        return false;
    }
    fprintf(stderr, "wallboard: playing %zu input events from %s\n", in->n_script, path);
    return true;
}

wb_input *wb_input_new(void)
{
    wb_input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    wb_gesture_init(&in->g);
    in->start_ms = SDL_GetTicks64();
    const char *path = getenv("WB_INPUT_SCRIPT");
    if (path && path[0])
        in->scripted = read_script(in, path);
    return in;
}

void wb_input_free(wb_input *in)
{
    if (!in)
        return;
    free(in->script);
    free(in);
}

static const char *action_name(wb_action_kind k)
{
    switch (k) {
    case WB_ACT_OPEN_DETAIL:
        return "open the detail page of channel";
    case WB_ACT_CLOSE_DETAIL:
        return "back from the detail page";
    case WB_ACT_NEXT_PAGE:
        return "next page";
    case WB_ACT_PREV_PAGE:
        return "previous page";
    case WB_ACT_ACK:
        return "acknowledge";
    case WB_ACT_NONE:
        break;
    }
    return "nothing";
}

static const char *gesture_name(wb_gesture_kind g)
{
    static const char *const n[] = {"none", "tap", "long-press", "swipe left", "swipe right"};
    return (unsigned)g < sizeof n / sizeof n[0] ? n[g] : "?";
}

/* Turns a completed gesture into its action (logged while a script plays). */
static wb_action act(wb_input *in, wb_gesture_kind g, int x, int y, const wb_input_screen *s)
{
    wb_action a = wb_gesture_action(g, x, y, s->dl, s->detail_open, s->n_channels);
    if (in->scripted && g != WB_GESTURE_NONE) {
        if (a.kind == WB_ACT_OPEN_DETAIL)
            fprintf(stderr, "wallboard: input: %s at %d,%d: %s %d\n", gesture_name(g), x, y,
                    action_name(a.kind), a.tile);
        else
            fprintf(stderr, "wallboard: input: %s at %d,%d: %s\n", gesture_name(g), x, y,
                    action_name(a.kind));
    }
    return a;
}

/* Window position (points, or fractions when frac) to layout coordinates. */
static void to_layout(const wb_input_screen *s, double wx, double wy, bool frac, int *lx, int *ly)
{
    int ww = 0, wh = 0;
    if (s->win)
        SDL_GetWindowSize(s->win, &ww, &wh);
    double px, py;
    if (frac) {
        px = wx * s->out_w;
        py = wy * s->out_h;
    } else {
        px = ww > 0 ? wx * s->out_w / ww : wx;
        py = wh > 0 ? wy * s->out_h / wh : wy;
    }
    int lw = s->dl ? s->dl->w : s->out_w, lh = s->dl ? s->dl->h : s->out_h;
    /* Rounded: a finger's fraction times the width is 699.99 for pixel 700. */
    wb_gesture_to_layout((int)lround(px), (int)lround(py), s->out_w, s->out_h, lw, lh, s->rotate,
                         s->shift_x, s->shift_y, lx, ly);
}

bool wb_input_event(wb_input *in, const SDL_Event *ev, const wb_input_screen *s, wb_action *out)
{
    *out = (wb_action){.kind = WB_ACT_NONE, .tile = -1};
    wb_ptr_event pe = {0};
    switch (ev->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        pe.kind = ev->type == SDL_FINGERDOWN ? WB_PTR_DOWN
                  : ev->type == SDL_FINGERUP ? WB_PTR_UP
                                             : WB_PTR_MOVE;
        pe.id = (int64_t)ev->tfinger.fingerId;
        pe.t = (wb_ms)ev->tfinger.timestamp;
        to_layout(s, ev->tfinger.x, ev->tfinger.y, true, &pe.x, &pe.y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        /* Touches also arrive as mouse events; the finger events above already count. */
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
            return true;
        pe.kind = ev->type == SDL_MOUSEBUTTONDOWN ? WB_PTR_DOWN : WB_PTR_UP;
        pe.id = MOUSE_ID;
        pe.t = (wb_ms)ev->button.timestamp;
        to_layout(s, ev->button.x, ev->button.y, false, &pe.x, &pe.y);
        break;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID || !(ev->motion.state & SDL_BUTTON_LMASK))
            return true;
        pe.kind = WB_PTR_MOVE;
        pe.id = MOUSE_ID;
        pe.t = (wb_ms)ev->motion.timestamp;
        to_layout(s, ev->motion.x, ev->motion.y, false, &pe.x, &pe.y);
        break;
    default:
        return false;
    }
    wb_gesture_cfg c = wb_gesture_cfg_for(s->dl ? s->dl->w : s->out_w, s->dl ? s->dl->h : s->out_h);
    int x = 0, y = 0;
    wb_gesture_kind g = wb_gesture_feed(&in->g, &c, &pe, &x, &y);
    *out = act(in, g, x, y, s);
    return true;
}

/* Pushes one script event into SDL's queue, as the window's own input would arrive. */
static void push(const script_ev *e, const wb_input_screen *s)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    int ww = 1, wh = 1;
    if (s->win)
        SDL_GetWindowSize(s->win, &ww, &wh);
    Uint32 wid = s->win ? SDL_GetWindowID(s->win) : 0;
    switch (e->kind) {
    case S_DOWN:
    case S_MOVE:
    case S_UP:
        ev.type = e->kind == S_DOWN ? SDL_FINGERDOWN
                  : e->kind == S_UP ? SDL_FINGERUP
                                    : SDL_FINGERMOTION;
        ev.tfinger.touchId = 1;
        ev.tfinger.fingerId = 1;
        ev.tfinger.x = (float)e->x / (float)(ww > 0 ? ww : 1);
        ev.tfinger.y = (float)e->y / (float)(wh > 0 ? wh : 1);
        ev.tfinger.pressure = e->kind == S_UP ? 0.0f : 1.0f;
        ev.tfinger.windowID = wid;
        break;
    case S_MDOWN:
    case S_MUP:
        ev.type = e->kind == S_MDOWN ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        ev.button.windowID = wid;
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.state = e->kind == S_MDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.clicks = 1;
        ev.button.x = e->x;
        ev.button.y = e->y;
        break;
    case S_MMOVE:
        ev.type = SDL_MOUSEMOTION;
        ev.motion.windowID = wid;
        ev.motion.state = SDL_BUTTON_LMASK;
        ev.motion.x = e->x;
        ev.motion.y = e->y;
        break;
    case S_KEY:
        ev.type = SDL_KEYDOWN;
        ev.key.windowID = wid;
        ev.key.state = SDL_PRESSED;
        ev.key.keysym.sym = e->key;
        ev.key.keysym.scancode = SDL_GetScancodeFromKey(e->key);
        break;
    }
    if (SDL_PushEvent(&ev) < 0)
        fprintf(stderr, "wallboard: input script: cannot push an event: %s\n", SDL_GetError());
}

wb_action wb_input_poll(wb_input *in, const wb_input_screen *s)
{
    uint64_t now = SDL_GetTicks64();
    while (in->next < in->n_script && now - in->start_ms >= in->script[in->next].at_ms)
        push(&in->script[in->next++], s);
    wb_gesture_cfg c = wb_gesture_cfg_for(s->dl ? s->dl->w : s->out_w, s->dl ? s->dl->h : s->out_h);
    int x = 0, y = 0;
    /* The events' clock: SDL_GetTicks(), 32 bits, as SDL stamps them. */
    wb_gesture_kind g = wb_gesture_poll(&in->g, &c, (wb_ms)SDL_GetTicks(), &x, &y);
    if (g == WB_GESTURE_NONE)
        return (wb_action){.kind = WB_ACT_NONE, .tile = -1};
    return act(in, g, x, y, s);
}
