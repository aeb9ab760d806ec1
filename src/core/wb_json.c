/*
 * wb_json.c - the protocol decoder's JSON reader (see wb_json_int.h): a one-pass reader for the
 * plain messages publishers send, and for every other text jsmn, then one pass that checks what
 * jsmn does not and links the tree.
 *
 * The one-pass reader (fast_parse()) takes a text without a backslash, with no whitespace
 * between tokens but space, tab, CR and LF, holding one object and nothing after it: what every
 * encoder writes. It fills the same nodes the general path would, string ends, primitive runs
 * and all, and gives up at the first thing it does not expect, leaving the text to the general
 * path, which alone decides every refusal.
 *
 * jsmn (with parent links) finds where each string, number, literal, object and array starts
 * and ends, without allocating and without decoding anything. It is lax about the text between
 * tokens (it skips stray commas and colons, and takes "tru" or "1x" for a primitive), so the
 * second pass reads the whole text again from token to token like a recursive-descent parser:
 * it checks every separator, every literal and number, the nesting depth and that each token
 * starts where the grammar says, and fills the wb_jnode of each token as it goes. jsmn's strict
 * mode would refuse a little more by itself, but the second pass refuses all of it anyway, and
 * the default mode measured a few per cent faster.
 */
#include "wb_json_int.h"

#include "wb_proto.h"
#include "wb_proto_int.h"
#include "wb_types.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *wb_json_string_end(const char *open, const char *e)
{
    const char *q = open + 1;
    while (q < e && (q = memchr(q, '"', (size_t)(e - q))) != NULL) {
        const char *b = q;
        while (b > open + 1 && b[-1] == '\\')
            b--;
        if ((q - b) % 2 == 0)
            return q;
        q++;
    }
    return NULL;
}
#include <threads.h>

#define JSMN_STATIC
#define JSMN_PARENT_LINKS
#include <jsmn.h>

/* cJSON's CJSON_NESTING_LIMIT: an array or object inside 1000 others is refused. */
#define NESTING_LIMIT 1000
/* A number up to this long is copied for strtod() on the stack. */
#define NUMBER_SMALL_CHARS 63
/* Scratch above this many tokens is given back after the parse (a huge snapshot). */
#define SCRATCH_KEEP_TOKENS 8192
#define SCRATCH_FIRST_TOKENS 256

/* ---- per-thread scratch: jsmn's tokens and the nodes, one of each per token ---- */

struct scratch {
    jsmntok_t *tok;
    wb_jnode *node;
    size_t cap; /* tokens (and nodes) allocated */
};

static _Thread_local struct scratch tl_scratch;
static once_flag scratch_once = ONCE_FLAG_INIT;
static tss_t scratch_key;
static bool scratch_key_ok;

static void scratch_free(struct scratch *s)
{
    free(s->tok);
    free(s->node);
    s->tok = NULL;
    s->node = NULL;
    s->cap = 0;
}

/* tss destructor: frees the exiting thread's scratch (p is its tl_scratch). */
static void scratch_thread_exit(void *p)
{
    scratch_free(p);
}

static void scratch_init_once(void)
{
    scratch_key_ok = tss_create(&scratch_key, scratch_thread_exit) == thrd_success;
}

/* Grows s to at least n tokens (keeping the tokens jsmn has filled). */
static bool scratch_grow(struct scratch *s, size_t n)
{
    size_t cap = s->cap ? s->cap : SCRATCH_FIRST_TOKENS;
    jsmntok_t *t;

    while (cap < n)
        cap *= 2;
    if (cap <= s->cap)
        return true;
    if (cap > UINT_MAX / 2)
        return false;
    if (!s->cap) {
        call_once(&scratch_once, scratch_init_once);
        /* Without the key the scratch would leak at thread exit: work without keeping it. */
        if (scratch_key_ok && tss_set(scratch_key, s) != thrd_success)
            return false;
    }
    if (!(t = realloc(s->tok, cap * sizeof *t)))
        return false;
    s->tok = t;
    /* The nodes are filled after jsmn is done: their old contents need not survive. */
    free(s->node);
    if (!(s->node = malloc(cap * sizeof *s->node))) {
        scratch_free(s);
        return false;
    }
    s->cap = cap;
    return true;
}

/* ---- numbers ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether c can be part of a JSON number after its first character (cJSON's set). */
static bool in_number(char c)
{
    return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

int wb_json_number_check(const char *p, const char *e)
{
    const char *d = p + (*p == '-');
    uint64_t v = 0;

    if (e - d >= 2 && d[0] == '0' && is_digit(d[1]))
        return WB_ERR_JSON;
    if (!(d < e && is_digit(*d)))
        return WB_OK;
    for (p = d; p < e && is_digit(*p); p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > (uint64_t)WB_PROTO_MAX_EXACT_INT)
            break;
    }
    if (v <= (uint64_t)WB_PROTO_MAX_EXACT_INT)
        return WB_OK;
    /* A fraction or an exponent makes it another spelling: the decoder judges its value. */
    while (p < e && is_digit(*p))
        p++;
    return (p < e && (*p == '.' || *p == 'e' || *p == 'E')) ? WB_OK : WB_ERR_VALUE;
}

/*
 * cJSON's reading of a number: the characters of its set (the decimal point turned into the
 * locale's) given to strtod(), which must take them all (a character it leaves is one cJSON
 * would then have refused as a separator). Debian's cJSON 1.7.15 copies a number of any length
 * (upstream stops at 63 characters), and so does this reader.
 */
static bool number_strtod(const char *s, size_t n, double *out)
{
    char small[NUMBER_SMALL_CHARS + 1], *buf = small, *end;
    char point = localeconv()->decimal_point[0];
    bool ok;

    if (n > NUMBER_SMALL_CHARS && !(buf = malloc(n + 1)))
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] == '.' ? point : s[i];
    buf[n] = '\0';
    *out = strtod(buf, &end);
    ok = n > 0 && end == buf + n;
    for (size_t i = 0; ok && i < n; i++)
        ok = in_number(s[i]);
    if (buf != small)
        free(buf);
    return ok;
}

/*
 * Reads the number token s[0..n) into *out. An integer of at most 15 digits without a leading
 * zero (below 2^53, so exactly what strtod() would give, and never one that
 * wb_json_number_check() refuses) is read here; anything else is checked and goes through
 * number_strtod().
 */
static bool number(const char *s, size_t n, double *out)
{
    const char *p = s, *e = s + n;
    bool neg = *p == '-';
    uint64_t v = 0;

    p += neg;
    if (e - p >= 1 && e - p <= 15 && !(*p == '0' && e - p > 1)) {
        for (; p < e && is_digit(*p); p++)
            v = v * 10 + (uint64_t)(*p - '0');
        if (p == e) {
            double d = (double)v;
            *out = neg ? -d : d;
            return true;
        }
    }
    if (wb_json_number_check(s, e))
        return false;
    return number_strtod(s, n, out);
}

/* ---- strings ---- */

static unsigned hex4(const char *p)
{
    unsigned v = 0;

    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else
            v |= (unsigned)(c - 'A' + 10);
    }
    return v;
}

/*
 * Decodes the escapes of s[0..n) in place (the result is never longer) and returns the new
 * length. jsmn has checked the escape letters and the decoder's scan_escapes() every \u (four
 * hex digits, not zero, surrogates in pairs), so nothing can fail here.
 */
static size_t unescape(char *s, size_t n)
{
    char *o = s;
    const char *p = s, *e = s + n;

    while (p < e) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        char c = p[1];
        p += 2;
        switch (c) {
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            unsigned cp = hex4(p);
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                cp = 0x10000 + (((cp & 0x3FF) << 10) | (hex4(p + 2) & 0x3FF));
                p += 6;
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: /* '"', '\\', '/' */
            *o++ = c;
            break;
        }
    }
    return (size_t)(o - s);
}

/* ---- the checking pass ---- */

struct pass {
    char *text;
    size_t len, p; /* the text and the reading position */
    const jsmntok_t *tok;
    wb_jnode *node;
    int i, n; /* next token, tokens */
    bool has_escape;
};

static inline void skip_space(struct pass *ps)
{
    /* cJSON skips every byte up to 32 (the NUL cannot occur: the decoder refused it). */
    if (ps->p < ps->len && (unsigned char)ps->text[ps->p] > 32)
        return; /* the usual case: encoders write no spaces */
    while (ps->p < ps->len && (unsigned char)ps->text[ps->p] <= 32)
        ps->p++;
}

/* Skips spaces, then whether the next byte is c (which it then passes). */
static bool expect(struct pass *ps, char c)
{
    skip_space(ps);
    if (ps->p < ps->len && ps->text[ps->p] == c) {
        ps->p++;
        return true;
    }
    return false;
}

/*
 * The string token t, which must open (its quote) at ps->p: terminates it in place (on its
 * closing quote), decodes its escapes, and returns its text and length.
 */
static inline char *string_at(struct pass *ps, const jsmntok_t *t, unsigned *len)
{
    char *s = ps->text + t->start;
    size_t n = (size_t)(t->end - t->start);

    if (t->type != JSMN_STRING || (size_t)t->start != ps->p + 1)
        return NULL;
    if (ps->has_escape && memchr(s, '\\', n))
        n = unescape(s, n);
    s[n] = '\0';
    *len = (unsigned)n;
    ps->p = (size_t)t->end + 1;
    return s;
}

static bool container(struct pass *ps, const jsmntok_t *t, wb_jnode *nd, unsigned depth);

static bool is_scalar(const jsmntok_t *t)
{
    return t->type == JSMN_STRING || t->type == JSMN_PRIMITIVE;
}

/*
 * A primitive's run s[0..n) (a number or one of the three literals, as cJSON reads them) into
 * node nd: the one reading of both paths, jsmn's and the one-pass reader's. False otherwise.
 */
static inline bool primitive(const char *s, size_t n, wb_jnode *nd)
{
    if (*s == '-' || is_digit(*s)) {
        nd->type = WB_J_NUMBER;
        return number(s, n, &nd->valuedouble);
    }
    if (n == 4 && memcmp(s, "true", 4) == 0)
        nd->type = WB_J_TRUE;
    else if (n == 5 && memcmp(s, "false", 5) == 0)
        nd->type = WB_J_FALSE;
    else if (n == 4 && memcmp(s, "null", 4) == 0)
        nd->type = WB_J_NULL;
    else
        return false;
    return true;
}

/*
 * The string or primitive token t (node nd) at ps->p: checks it and fills its node (but for
 * next and string, which are the parent's to set). Returns false when the text is not what
 * cJSON reads.
 */
static inline bool scalar(struct pass *ps, const jsmntok_t *t, wb_jnode *nd)
{
    const char *s;
    size_t n;

    nd->child = NULL;
    if (t->type == JSMN_STRING) {
        nd->type = WB_J_STRING;
        return (nd->valuestring = string_at(ps, t, &nd->len)) != NULL;
    }
    if ((size_t)t->start != ps->p)
        return false;
    s = ps->text + t->start;
    n = (size_t)(t->end - t->start);
    ps->p = (size_t)t->end;
    return primitive(s, n, nd);
}

/*
 * The value at ps->p (spaces skipped) with depth containers around it: checks it and fills its
 * node. Returns the node, or NULL when the text is not what cJSON reads.
 */
static wb_jnode *value(struct pass *ps, unsigned depth)
{
    const jsmntok_t *t;
    wb_jnode *nd;

    if (ps->i >= ps->n)
        return NULL;
    t = &ps->tok[ps->i];
    nd = &ps->node[ps->i++];
    if (is_scalar(t))
        return scalar(ps, t, nd) ? nd : NULL;
    nd->child = NULL;
    if ((size_t)t->start != ps->p)
        return NULL;
    return container(ps, t, nd, depth) ? nd : NULL;
}

/* The object or array token t (node nd) that opens at ps->p. */
static bool container(struct pass *ps, const jsmntok_t *t, wb_jnode *nd, unsigned depth)
{
    bool obj = t->type == JSMN_OBJECT;
    char close = obj ? '}' : ']';
    const wb_jnode **link = &nd->child;

    if (depth >= NESTING_LIMIT)
        return false;
    nd->type = obj ? WB_J_OBJECT : WB_J_ARRAY;
    ps->p++;
    if (expect(ps, close))
        return (size_t)t->end == ps->p;
    do {
        const char *key = NULL;
        wb_jnode *v;

        skip_space(ps);
        if (obj) {
            unsigned klen;
            /* The key's token gets no node of its own: its value's node names it. */
            if (ps->i >= ps->n || !(key = string_at(ps, &ps->tok[ps->i++], &klen)) ||
                !expect(ps, ':'))
                return false;
            skip_space(ps);
        }
        /* Strings and primitives are read here; only a container recurses. */
        if (ps->i < ps->n && is_scalar(&ps->tok[ps->i])) {
            v = &ps->node[ps->i];
            if (!scalar(ps, &ps->tok[ps->i++], v))
                return false;
        } else if (!(v = value(ps, depth + 1))) {
            return false;
        }
        v->string = key;
        *link = v;
        link = &v->next;
    } while (expect(ps, ','));
    *link = NULL;
    /* expect() has skipped the spaces: the closing bracket must come now, jsmn's own. */
    return ps->p < ps->len && ps->text[ps->p] == close && (size_t)t->end == ++ps->p;
}

/* ---- the fast path: one pass over a plain message ---- */

/*
 * Containers nested deeper than this leave the message to the general path (which counts to
 * NESTING_LIMIT): the fast path recurses, and no publisher nests this deep.
 */
#define FAST_DEPTH 32

/*
 * The one-pass reader of the messages publishers send: no backslash anywhere, whitespace
 * between tokens (if any) only space, tab, CR and LF, one object and nothing after it but such
 * whitespace. It reads the text as jsmn and the checking pass would (the same string ends, the
 * same primitive runs, number() and the literals of scalar()) and fills the same nodes, without
 * the tokens: about a third of the cost of a small message. Anything else it meets (an error,
 * or a text outside that subset) it gives up on, and the general path reads the text from the
 * start and finds the outcome and the reason as it always has: the fast path only ever
 * succeeds where the general path gives the same tree.
 */
struct fast {
    char *p, *e; /* the reading position and the end of the text */
    wb_jnode *node;
    size_t i, n; /* next node, nodes */
};

/* jsmn's whitespace between tokens; any other byte up to 32 leaves to the general path. */
static inline void fast_space(struct fast *f)
{
    while (f->p < f->e && (*f->p == ' ' || *f->p == '\n' || *f->p == '\r' || *f->p == '\t'))
        f->p++;
}

/*
 * The string that opens at f->p: without a backslash in the text (and without a NUL, which the
 * decoder refuses first) it ends at the next quote, as jsmn's would. Terminated in place.
 */
static inline char *fast_string(struct fast *f, unsigned *len)
{
    char *s = f->p + 1, *q = s;

    /* A loop rather than memchr(): the strings of a message are a few bytes long. */
    while (q < f->e && *q != '"')
        q++;
    if (q == f->e)
        return NULL;
    *q = '\0';
    *len = (unsigned)(q - s);
    f->p = q + 1;
    return s;
}

/* The bytes that end a jsmn primitive (in its default, non-strict mode). */
static inline bool primitive_end(char c)
{
    return c == ':' || c == '\t' || c == '\r' || c == '\n' || c == ' ' || c == ',' || c == ']' ||
           c == '}';
}

static bool fast_container(struct fast *f, wb_jnode *nd, unsigned depth);

/* The value at f->p: its node, or NULL to give up. */
static wb_jnode *fast_value(struct fast *f, unsigned depth)
{
    wb_jnode *nd;
    const char *s;
    size_t n;

    if (f->i >= f->n || f->p >= f->e)
        return NULL;
    nd = &f->node[f->i++];
    nd->child = NULL;
    if (*f->p == '"') {
        nd->type = WB_J_STRING;
        return (nd->valuestring = fast_string(f, &nd->len)) ? nd : NULL;
    }
    if (*f->p == '{' || *f->p == '[')
        return fast_container(f, nd, depth) ? nd : NULL;
    s = f->p;
    /*
     * Most primitives are integers of at most 15 digits (times, sequence numbers): read as
     * number() reads them, in the same pass that finds where jsmn's primitive ends.
     */
    {
        const char *d = s + (*s == '-'), *p = d;
        uint64_t v = 0;
        while (p < f->e && is_digit(*p)) {
            v = v * 10 + (uint64_t)(*p - '0');
            p++;
        }
        size_t digits = (size_t)(p - d);
        if (digits >= 1 && digits <= 15 && !(*d == '0' && digits > 1) &&
            (p == f->e || primitive_end(*p))) {
            nd->type = WB_J_NUMBER;
            nd->valuedouble = *s == '-' ? -(double)v : (double)v;
            f->p = (char *)p;
            return nd;
        }
    }
    /* Any other primitive runs to jsmn's next delimiter; bytes outside 32..126 are its errors. */
    while (f->p < f->e && !primitive_end(*f->p)) {
        if ((unsigned char)*f->p < 32 || (unsigned char)*f->p >= 127)
            return NULL;
        f->p++;
    }
    n = (size_t)(f->p - s);
    if (n == 0)
        return NULL;
    /* What scalar() makes of the same run. */
    return primitive(s, n, nd) ? nd : NULL;
}

/* The object or array that opens at f->p (node nd), as container() reads it. */
static bool fast_container(struct fast *f, wb_jnode *nd, unsigned depth)
{
    bool obj = *f->p == '{';
    char close = obj ? '}' : ']';
    const wb_jnode **link = &nd->child;

    if (depth >= FAST_DEPTH)
        return false;
    nd->type = obj ? WB_J_OBJECT : WB_J_ARRAY;
    f->p++;
    fast_space(f);
    if (f->p < f->e && *f->p == close) {
        f->p++;
        return true;
    }
    for (;;) {
        const char *key = NULL;
        wb_jnode *v;

        if (obj) {
            unsigned klen;
            if (f->p >= f->e || *f->p != '"' || !(key = fast_string(f, &klen)))
                return false;
            fast_space(f);
            if (f->p >= f->e || *f->p != ':')
                return false;
            f->p++;
            fast_space(f);
        }
        if (!(v = fast_value(f, depth + 1)))
            return false;
        v->string = key;
        *link = v;
        link = &v->next;
        fast_space(f);
        if (f->p >= f->e || *f->p != ',')
            break;
        f->p++;
        fast_space(f);
    }
    *link = NULL;
    if (f->p >= f->e || *f->p != close)
        return false;
    f->p++;
    return true;
}

/*
 * Reads text[0..len) on the fast path into nodes[0..n). Returns whether it did; when it gives
 * up, the text is as it was (the quotes it turned into NULs are put back: the text had no NUL
 * of its own).
 */
static bool fast_parse(char *text, size_t len, wb_jnode *nodes, size_t n, const wb_jnode **root,
                       size_t *end)
{
    struct fast f = {.p = text, .e = text + len, .node = nodes, .n = n};
    wb_jnode *r = NULL;

    fast_space(&f);
    if (f.p < f.e && *f.p == '{' && (r = fast_value(&f, 0))) {
        *end = (size_t)(f.p - text);
        fast_space(&f);
        if (f.p == f.e) {
            r->next = NULL;
            r->string = NULL;
            *root = r;
            return true;
        }
    }
    for (char *q = text; q < f.p; q++)
        if (*q == '\0')
            *q = '"';
    return false;
}

/*
 * jsmn refuses the bytes 1..31 other than tab, CR and LF between tokens, which cJSON skips as
 * spaces. When the text holds such a byte outside strings, it becomes a space in the copy and
 * jsmn runs again; inside strings (which cJSON keeps as they are) nothing changes. Returns
 * whether anything changed. Only refused texts and odd publishers come here.
 */
static bool spaces_to_blanks(char *text, size_t len)
{
    bool in_str = false, changed = false;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c < 32 && c != '\t' && c != '\n' && c != '\r') {
            text[i] = ' ';
            changed = true;
        }
    }
    return changed;
}

/* Runs jsmn over text, growing the scratch as it asks; the token count or a negative code. */
static int tokenize(struct scratch *s, const char *text, size_t len)
{
    jsmn_parser jp;
    int r;

    jsmn_init(&jp);
    for (;;) {
        r = jsmn_parse(&jp, text, len, s->tok, (unsigned)s->cap);
        if (r != JSMN_ERROR_NOMEM)
            return r;
        /* jsmn resumes where it stopped when given more tokens. */
        if (!scratch_grow(s, s->cap * 2))
            return WB_ERR_NOMEM;
    }
}

int wb_json_parse(char *text, size_t len, bool has_escape, const wb_jnode **root, size_t *end)
{
    struct scratch *s = &tl_scratch;
    struct pass ps = {.has_escape = has_escape};
    size_t skip = 0;
    int n, rc = WB_ERR_JSON;

    *root = NULL;
    *end = 0;
    if (len >= INT_MAX / 2)
        return WB_ERR_NOMEM; /* beyond jsmn's int offsets */
    if (!s->cap && !scratch_grow(s, SCRATCH_FIRST_TOKENS))
        return WB_ERR_NOMEM;
    /* cJSON skips a UTF-8 byte-order mark at the start of a text of at least five bytes. */
    if (len >= 5 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    ps.text = text + skip;
    ps.len = len - skip;

    if (!has_escape && fast_parse(ps.text, ps.len, s->node, s->cap, root, end)) {
        *end += skip;
        return WB_OK;
    }
    n = tokenize(s, ps.text, ps.len);
    if (n == JSMN_ERROR_INVAL && spaces_to_blanks(ps.text, ps.len))
        n = tokenize(s, ps.text, ps.len);
    if (n == WB_ERR_NOMEM) {
        rc = WB_ERR_NOMEM;
        goto out;
    }
    if (n <= 0)
        goto out;
    ps.tok = s->tok;
    ps.node = s->node;
    ps.n = n;
    skip_space(&ps);
    if (ps.tok[0].type != JSMN_OBJECT)
        goto out;
    wb_jnode *r = value(&ps, 0);
    if (!r)
        goto out;
    r->next = NULL;
    r->string = NULL;
    *root = r;
    *end = skip + ps.p;
    rc = WB_OK;
out:
    return rc;
}

void wb_json_release(void)
{
    if (tl_scratch.cap > SCRATCH_KEEP_TOKENS)
        scratch_free(&tl_scratch);
}
