/*
 * wb_proto_daybefore.c - protocol v1: a snapshot's "day_before", each channel's arrivals per
 * interval of the day before (docs/protocol.md), decoded from the reader's tree; and the date
 * check that the decoder and the encoder share.
 *
 * Owns no data structure: it fills the snapshot's day_before array, which it allocates and
 * wb_snapshot_fini() frees.
 */
#include "wb_proto_dec_int.h"

#include <stdlib.h>

bool wb_proto_date_ok(int year, int month, int mday)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 0 || year > 9999 || month < 1 || month > 12 || mday < 1)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return mday <= days[month - 1] + (month == 2 && leap);
}

/* "YYYY-MM-DD": exactly ten bytes, digits and two hyphens, naming a real date. */
static int parse_date(const char *s, int *year, int *month, int *mday)
{
    int v[3] = {0, 0, 0};
    static const int widths[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int i = 0; i < widths[f]; i++, s++) {
            if (*s < '0' || *s > '9')
                return WB_ERR_VALUE;
            v[f] = v[f] * 10 + (*s - '0');
        }
        if (*s != (f < 2 ? '-' : '\0'))
            return WB_ERR_VALUE;
        s++;
    }
    if (!wb_proto_date_ok(v[0], v[1], v[2]))
        return WB_ERR_VALUE;
    *year = v[0];
    *month = v[1];
    *mday = v[2];
    return WB_OK;
}

enum { DB_CHANNEL, DB_DATE, DB_WIDTH, DB_ARRIVALS, DB_N };
static const char *const db_names[DB_N] = {"channel", "date", "interval_ms", "arrivals"};

/* One element: an object with the four members, all required. */
static int dec_one(const struct wb_jnode *o, wb_snap_day_before *d)
{
    const struct wb_jnode *f[DB_N];
    const char *date;
    size_t n;
    int rc;

    if (jtype(o) != WB_J_OBJECT)
        return WB_ERR_TYPE;
    collect(o, db_names, DB_N, f);
    if ((rc = get_str(f[DB_CHANNEL], REQ_ID, &d->channel)) ||
        (rc = get_str(f[DB_DATE], STR_REQ, &date)) ||
        (rc = parse_date(date, &d->year, &d->month, &d->mday)) ||
        (rc = get_int(f[DB_WIDTH], true, 1, 24 * 3600 * 1000, NULL, &d->interval_ms)) ||
        (rc = get_array(f[DB_ARRIVALS], true, &n)))
        return rc;
    if (n > WB_PROF_MAX)
        return WB_ERR_VALUE;
    for (const struct wb_jnode *c = f[DB_ARRIVALS]->child; c; c = c->next) {
        int64_t x = 0;
        /* An element is required: null is no count, which is a missing one. */
        if ((rc = get_int(c, true, 0, UINT32_MAX, NULL, &x)))
            return rc;
        d->arrivals[d->n_arrivals++] = (uint32_t)x;
    }
    return WB_OK;
}

int wb_proto_dec_day_before(const struct wb_jnode *root, wb_snapshot *s)
{
    static const char *const name[1] = {"day_before"};
    const struct wb_jnode *arr = NULL; /* collect() sets it; the compiler cannot see that */
    size_t n, i = 0;
    int rc;

    collect(root, name, 1, &arr);
    if ((rc = get_array(arr, false, &n)) || n == 0)
        return rc;
    if (n > WB_MAX_CHANNELS)
        return WB_ERR_VALUE;
    if (!(s->day_before = calloc(n, sizeof *s->day_before)))
        return WB_ERR_NOMEM;
    s->n_day_before = n;
    for (const struct wb_jnode *c = arr->child; c; c = c->next, i++)
        if ((rc = dec_one(c, &s->day_before[i])))
            return rc;
    return WB_OK;
}
