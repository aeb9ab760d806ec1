/*
 * wb_sim_int.h - what the simulator's two halves share: the engine (wb_sim.c: options, life
 * cycle, the clocks, the agenda and the messages it emits) and the center's behaviour
 * (wb_sim_flow.c: contacts, queues and routing, arrivals, the agents' day, the scenario
 * actions). Internal to wb_sim.
 *
 * Ownership: struct wb_sim owns everything it points to (the agenda, the contact pool, the
 * agents, its board, the snapshot buffer); wb_sim_new() creates them and wb_sim_free() frees
 * them. The functions below borrow the wb_sim and free nothing.
 */
#ifndef WB_SIM_INT_H
#define WB_SIM_INT_H

#include "wb_sim.h"
#include "wb_sim_heap.h"
#include "wb_sim_profile.h"
#include "wb_sim_rng.h"

#define MAX_AGENTS 1000

enum { C_FREE, C_WAITING, C_SERVICE };

typedef struct contact {
    uint64_t num; /* id number */
    uint32_t gen;
    uint8_t state;
    int8_t ch, q;
    int agent;
    int prev, next; /* FIFO links (contact indexes), -1 = none; next is the free list too */
    wb_ms queued, answered;
    wb_ms talk_ms, wrap_ms;
} contact;

typedef struct fifo {
    int head, tail;
    uint32_t n;
} fifo;

typedef struct agent {
    char id[16];
    char name[WB_MAX_NAME];
    int team;
    uint32_t skills;
    double speed_x; /* multiplies the contact's handle time: some agents are quicker */
    wb_agent_state state;
    int reason; /* when paused */
    wb_ms avail_since;
    int contact;     /* while busy or in wrap-up */
    int pend_reason; /* a pause to take after the current contact, -1 none */
    wb_ms pend_ms;
    bool pend_logout;
    uint32_t pause_gen; /* invalidates scheduled pause ends after a logout or a newer pause */
} agent;

enum {
    I_ARRIVAL,     /* a: channel */
    I_SWITCH,      /* a phone caller comes back on chat; x/y/z: talk, wrap, patience ms */
    I_PATIENCE,    /* a: contact, gen */
    I_READY,       /* a: contact, gen: its pick-up delay is over */
    I_TALK_END,    /* a: agent */
    I_WRAP_END,    /* a: agent */
    I_SHIFT_START, /* a: agent */
    I_SHIFT_END,   /* a: agent */
    I_PAUSE_START, /* a: agent, b: reason, x: duration */
    I_PAUSE_END,   /* a: agent, gen: pause_gen */
    I_DAY,         /* schedule the day that starts now */
    I_GROUP_BREAK, /* scenario "break" */
    I_KPI,         /* every team's quality figures (wb_sim_kpi.c) */
};

typedef wb_sim_item item;

struct wb_sim {
    /* options */
    uint64_t seed;
    double speed;
    int scenario;
    char src[WB_MAX_STR_BYTES + 1];
    char run_id[64];
    wb_ms start;
    wb_ms snap_every, hb_every;
    double volume_x; /* n_agents / 60 */

    /* clocks */
    bool started;
    wb_ms wall0;
    wb_ms now; /* simulated time reached */
    double last_emit_wall;
    double next_snap_wall;

    /* the day the arrival profiles refer to */
    wb_ms day_start, day_end;

    wb_rng arr[N_CH];
    wb_rng agents_rng, scen_rng;

    wb_sim_heap heap;

    contact *c;
    size_t n_c, cap_c;
    int free_c;
    uint64_t next_num;

    fifo q[N_Q];
    agent *ag;
    int n_ag;

    wb_board *board;
    uint64_t seq;
    wb_sim_emit_fn emit;
    void *ud;
    int err;

    char idbuf[96];
    char *snapbuf; /* WB_MAX_MSG_BYTES + 1 */
    wb_sim_stats st;
};

/* ---- the engine (wb_sim.c) */

/* Puts an item on the agenda; a failure is kept in s->err for wb_sim_advance() to report. */
void wb_sim_sched(wb_sim *s, wb_ms t, int kind, int a, int b, uint32_t gen, wb_ms x);

/* Stamps ev with the source and the next seq, applies it to the engine's board and emits it. */
void wb_sim_emit_event(wb_sim *s, wb_event *ev);

/* A contact event of c at s->now; wait and handle in ms, -1 when the type has none. */
void wb_sim_emit_contact(wb_sim *s, wb_event_type type, const contact *c, wb_ms wait, wb_ms handle);

/* Sets a's state and emits it, with the pause or logout to come after the current contact. */
void wb_sim_set_agent_state(wb_sim *s, agent *a, wb_agent_state st);

/* ---- the center's behaviour (wb_sim_flow.c) */

/* Sets s->day_start and s->day_end to the local day (the board's time zone) that holds t. */
void wb_sim_set_day_of(wb_sim *s, wb_ms t);

/* The next arrival of channel ch after t, drawn from the channel's own random stream. */
wb_ms wb_sim_next_arrival(wb_sim *s, int ch, wb_ms t);

/* Carries out one agenda item at s->now. */
void wb_sim_run_item(wb_sim *s, const item *it);

#endif
