/*
 * wb_json_int.h - the protocol decoder's JSON reader: jsmn tokenizes a message, one checking
 * pass turns the tokens into a flat tree of wb_jnode; a plain message (no escapes, ordinary
 * whitespace) is read into the same tree in one pass. Internal to the core (wb_proto.c).
 *
 * The reader accepts exactly what cJSON 1.7 (the decoder's parser before this one) accepted, so
 * that the refusal reasons did not change: any bytes 1..32 are whitespace between tokens, a
 * UTF-8 byte-order mark may open the text, strings may hold raw control characters, a number
 * is what strtod() reads whole (so "1." and "-.5" pass), nesting
 * stops at 1000 levels, duplicate members are all kept (the accessors take the first), and
 * only the first value is read (the caller judges what follows it). On top of cJSON it refuses
 * the numbers the decoder's own pre-scan refused (wb_json_number_check()), so that a message
 * it accepts needs no such scan.
 *
 * Ownership: wb_json_parse() writes into the caller's copy of the message (strings are decoded
 * in place and NUL-terminated there), so every string of the tree lives as long as that copy.
 * The nodes live in per-thread scratch memory until the next wb_json_parse() on the same
 * thread: read the tree before parsing again, and keep only the strings.
 */
#ifndef WB_JSON_INT_H
#define WB_JSON_INT_H

#include <stdbool.h>
#include <stddef.h>

/* JSON types of a wb_jnode. */
enum { WB_J_NULL = 1, WB_J_FALSE, WB_J_TRUE, WB_J_NUMBER, WB_J_STRING, WB_J_ARRAY, WB_J_OBJECT };

/*
 * One JSON value. The names are cJSON's (child, next, string, valuestring, valuedouble), so that
 * code written against a cJSON tree reads the same against this one.
 */
typedef struct wb_jnode {
    const struct wb_jnode *child; /* first element or member of an array or object, or NULL */
    const struct wb_jnode *next;  /* next element or member of the parent, or NULL */
    const char *string;           /* the member's name when the parent is an object */
    const char *valuestring;      /* a string's decoded bytes, NUL-terminated */
    double valuedouble;           /* a number's value, as strtod() reads it */
    unsigned len;                 /* bytes of valuestring without the NUL */
    int type;                     /* WB_J_* */
} wb_jnode;

/*
 * Parses the object at the start of text[0..len) (a writable copy of the message, which it
 * changes, and which holds no NUL byte: the decoder refuses those first). has_escape says
 * whether the text holds a backslash at all (strings are decoded only then, and a text without
 * one is first tried on the one-pass reader of wb_json.c). On success returns 0, sets *root
 * and *end (the offset just past the object). Returns WB_ERR_JSON when the text does not start
 * with one JSON object that cJSON would read, or when a number fails wb_json_number_check()
 * (the caller finds the reason with its own scan), and WB_ERR_NOMEM.
 */
int wb_json_parse(char *text, size_t len, bool has_escape, const wb_jnode **root, size_t *end);

/* Gives back this thread's scratch if a huge message made it large (the tree dies with it). */
void wb_json_release(void);

/*
 * The checks JSON makes on a number that cJSON does not: for the number whose text starts at p
 * (a digit or a minus) and runs at most to e, WB_ERR_JSON for a leading zero ("0123"), and
 * WB_ERR_VALUE for a plain integer beyond +-2^53 (it would read as a double that may be another
 * integer). Otherwise 0.
 */
int wb_json_number_check(const char *p, const char *e);

#endif
