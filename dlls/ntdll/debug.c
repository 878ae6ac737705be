/*
 * Debug channels: ORIEL_DEBUG parsing and output.
 *
 * ORIEL_DEBUG is a comma-separated list of [class]+channel / [class]-channel items, where class is
 * one of fixme, err, warn, trace (none means all classes) and channel is a name or "all". Without it
 * only err and fixme messages are printed. Examples: +relay, warn+all, -all, +loaddll,-heap.
 *
 * The same file is linked into ntdll.dll.so and, built with ORIEL_HOST_DEBUG, into the launcher and
 * the server, which have no ntdll.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/syscall.h>

#include "oriel/debug.h"

#ifndef ORIEL_HOST_DEBUG
#include "ntdll_private.h"
#endif

#define MAX_OPTIONS 64

struct debug_option {
    char name[15];
    unsigned char set;   /* classes to set */
    unsigned char clear; /* classes to clear */
};

static struct debug_option options[MAX_OPTIONS];
static int option_count;
static unsigned char default_flags = (1 << DBCL_ERR) | (1 << DBCL_FIXME);
static pthread_once_t parse_once = PTHREAD_ONCE_INIT;

static const char *const class_names[] = {"fixme", "err", "warn", "trace"};

static void parse_item(const char *item, size_t len)
{
    unsigned char classes = 0xf;
    size_t i;
    int enable;

    for (i = 0; i < len && item[i] != '+' && item[i] != '-'; i++)
        ;
    if (i == len) {
        /* a bare name means +name */
        i = 0;
        enable = 1;
    } else {
        if (i) {
            classes = 0;
            for (int c = 0; c < 4; c++)
                if (strlen(class_names[c]) == i && !strncmp(item, class_names[c], i))
                    classes = 1 << c;
            if (!classes) {
                fprintf(stderr, "oriel: ORIEL_DEBUG: unknown debug class '%.*s'\n", (int)i, item);
                return;
            }
        }
        enable = item[i] == '+';
        i++;
    }
    const char *name = item + i;
    size_t name_len = len - i;
    if (name_len == 3 && !strncmp(name, "all", 3)) {
        if (enable)
            default_flags |= classes;
        else
            default_flags &= ~classes;
        return;
    }
    if (!name_len || name_len >= sizeof(options[0].name) || option_count == MAX_OPTIONS)
        return;
    struct debug_option *opt = &options[option_count++];
    memcpy(opt->name, name, name_len);
    opt->name[name_len] = 0;
    opt->set = enable ? classes : 0;
    opt->clear = enable ? 0 : classes;
}

static void parse_options(void)
{
    const char *env = getenv("ORIEL_DEBUG");
    if (!env)
        return;
    while (*env) {
        const char *end = strchr(env, ',');
        size_t len = end ? (size_t)(end - env) : strlen(env);
        if (len)
            parse_item(env, len);
        env += len;
        if (*env == ',')
            env++;
    }
}

#ifndef ORIEL_HOST_DEBUG
void debug_init(void)
{
    pthread_once(&parse_once, parse_options);
}
#endif

__attribute__((visibility("default"))) unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    unsigned char flags;

    pthread_once(&parse_once, parse_options);
    flags = default_flags;
    /* later options override earlier ones, as they are given left to right */
    for (int i = 0; i < option_count; i++) {
        if (strcmp(options[i].name, ch->name))
            continue;
        flags |= options[i].set;
        flags &= ~options[i].clear;
    }
    ch->flags = flags;
    return flags;
}

__attribute__((visibility("default"))) int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch,
                                                           const char *func, const char *fmt, ...)
{
    char buf[2048];
    int saved_errno = errno;
    /* func == NULL asks for the bare thread id prefix (relay lines: "0024:Call ...") */
    int len = func ? snprintf(buf, sizeof(buf), "%04x:%s:%s:%s ", (unsigned int)syscall(SYS_gettid),
                              class_names[cls], ch->name, func)
                   : snprintf(buf, sizeof(buf), "%04x:", (unsigned int)syscall(SYS_gettid));
    va_list args;

    if (len < 0 || len >= (int)sizeof(buf))
        len = 0;
    va_start(args, fmt);
    int n = vsnprintf(buf + len, sizeof(buf) - len, fmt, args);
    va_end(args);
    if (n >= 0) {
        len += n;
        if (len > (int)sizeof(buf) - 1)
            len = sizeof(buf) - 1;
    }
    /* one write per message so lines from several threads do not interleave */
    if (len > 0 && buf[len - 1] != '\n' && len < (int)sizeof(buf) - 1)
        buf[len++] = '\n';
    ssize_t ret = write(2, buf, len);
    (void)ret;
    errno = saved_errno;
    return len;
}

#define RING_SIZE 8
#define RING_BUFSIZE 512

struct debug_ring {
    unsigned int pos;
    char bufs[RING_SIZE][RING_BUFSIZE];
};

static pthread_key_t ring_key;
static pthread_once_t ring_once = PTHREAD_ONCE_INIT;

static void ring_init_key(void)
{
    pthread_key_create(&ring_key, free);
}

/* The buffers are per thread but not __thread: DLLs build with -ftls-model=initial-exec (a
 * __tls_get_addr call inside an ms_abi function clobbers rsi/rdi, which Windows callers expect
 * preserved), and 4 KiB of initial-exec TLS does not fit a dlopen()ed library's static TLS. */
static char *ring_next(void)
{
    static char fallback[RING_BUFSIZE];
    struct debug_ring *ring;

    pthread_once(&ring_once, ring_init_key);
    if (!(ring = pthread_getspecific(ring_key))) {
        if (!(ring = calloc(1, sizeof(*ring))))
            return fallback;
        pthread_setspecific(ring_key, ring);
    }
    return ring->bufs[ring->pos++ % RING_SIZE];
}

static void put_char_escaped(char **dst, char *end, unsigned int c)
{
    char tmp[12];
    const char *s = tmp;

    switch (c) {
    case '\n':
        s = "\\n";
        break;
    case '\r':
        s = "\\r";
        break;
    case '\t':
        s = "\\t";
        break;
    case '"':
        s = "\\\"";
        break;
    case '\\':
        s = "\\\\";
        break;
    default:
        if (c >= 0x20 && c < 0x7f) {
            tmp[0] = c;
            tmp[1] = 0;
        } else if (c < 0x100) {
            snprintf(tmp, sizeof(tmp), "\\x%02x", c);
        } else {
            snprintf(tmp, sizeof(tmp), "\\u%04x", c);
        }
    }
    while (*s && *dst < end)
        *(*dst)++ = *s++;
}

static const char *dbgstr_generic(const void *str, int n, int wide)
{
    char *buf = ring_next(), *p = buf, *end = buf + RING_BUFSIZE - 5;

    if (!str)
        return "(null)";
    if ((uintptr_t)str < 0x10000) {
        snprintf(buf, RING_BUFSIZE, "#%04x", (unsigned int)(uintptr_t)str);
        return buf;
    }
    *p++ = wide ? 'L' : '"';
    if (wide)
        *p++ = '"';
    for (int i = 0; n < 0 || i < n; i++) {
        unsigned int c = wide ? ((const uint16_t *)str)[i] : ((const unsigned char *)str)[i];
        if (n < 0 && !c)
            break;
        if (p >= end) {
            memcpy(p, "...", 3);
            p += 3;
            break;
        }
        put_char_escaped(&p, end, c);
    }
    *p++ = '"';
    *p = 0;
    return buf;
}

__attribute__((visibility("default"))) const char *__oriel_dbgstr_an(const char *s, int n)
{
    return dbgstr_generic(s, n, 0);
}

__attribute__((visibility("default"))) const char *__oriel_dbgstr_wn(const uint16_t *s, int n)
{
    return dbgstr_generic(s, n, 1);
}

__attribute__((visibility("default"))) const char *__oriel_dbg_sprintf(const char *fmt, ...)
{
    char *buf = ring_next();
    va_list args;
    va_start(args, fmt);
    vsnprintf(buf, RING_BUFSIZE, fmt, args);
    va_end(args);
    return buf;
}
