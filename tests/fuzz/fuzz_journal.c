/*
 * fuzz_journal.c - libFuzzer target for the journal's line parser (wb_journal_parse()).
 *
 * The input is one line without its newline. It must either be refused with a reason or give
 * a message that lies inside the line and is one JSON object ('{' ... '}'). An accepted line
 * written again in the journal's own compact form ({"rx":N,"msg":...}) must parse to the same
 * receive time and the same message bytes: the reader takes back what the writer writes,
 * whatever white space or member order the line had. The message is then handed to the
 * protocol decoder, as the hub and the replayer do. Any other outcome aborts, which libFuzzer
 * reports as a crash.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "wb_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_journal: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so that a read past the line is caught by ASan. */
    char *line = malloc(size ? size : 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    wb_ms rx = -1;
    const char *msg = NULL, *why = NULL;
    size_t msg_len = 0;
    int rc = wb_journal_parse(line, size, &rx, &msg, &msg_len, &why);
    if (rc != 0) {
        check(rc == WB_ERR_VALUE, "a refusal other than WB_ERR_VALUE");
        check(why && why[0], "a refusal without its reason");
        free(line);
        return 0;
    }
    check(msg && msg >= line && msg_len >= 2 && msg + msg_len <= line + size,
          "the message is not inside the line");
    check(msg[0] == '{' && msg[msg_len - 1] == '}', "the message is not one object");

    /* The journal's own form of the same line parses to the same receive time and message. */
    size_t cap = msg_len + 64;
    char *again = malloc(cap);
    if (again) {
        /* Put together with memcpy: the message may hold a NUL, which %s would stop at. */
        int h = snprintf(again, cap, "{\"rx\":%" PRId64 ",\"msg\":", (int64_t)rx);
        check(h > 0 && (size_t)h + msg_len + 1 < cap, "the compact form does not fit");
        memcpy(again + h, msg, msg_len);
        again[(size_t)h + msg_len] = '}';
        size_t n = (size_t)h + msg_len + 1;
        wb_ms rx2 = -1;
        const char *msg2 = NULL;
        size_t len2 = 0;
        check(wb_journal_parse(again, n, &rx2, &msg2, &len2, NULL) == 0,
              "the compact form of an accepted line is refused");
        check(rx2 == rx, "the compact form reads another receive time");
        check(len2 == msg_len && memcmp(msg2, msg, msg_len) == 0,
              "the compact form reads another message");
        free(again);
    }

    wb_event ev;
    if (wb_event_decode_max(&ev, msg, msg_len, size) == WB_OK)
        wb_event_fini(&ev);
    free(line);
    return 0;
}
