/*
 * Debug channels (ORIEL_DEBUG=[class][+-]channel,...), shared by the loader, the DLLs and the server.
 * Every .c file declares one default channel:  ORIEL_DEFAULT_DEBUG_CHANNEL(file);
 * and logs with TRACE/WARN/FIXME/ERR. FIXME_ONCE prints its message the first time only.
 */
#ifndef ORIEL_DEBUG_H
#define ORIEL_DEBUG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum debug_class { DBCL_FIXME = 0, DBCL_ERR = 1, DBCL_WARN = 2, DBCL_TRACE = 3 };

struct debug_channel {
    unsigned char flags; /* bit (1 << class); 0x80 = not yet initialised */
    char name[15];
};

#define ORIEL_DBG_UNINIT 0x80

/* Implemented in dlls/ntdll/debug.c (and, for the launcher and the server, in the same file linked
 * statically). Exported from ntdll.dll.so to other builtins as ELF symbols only. */
__attribute__((visibility("default"))) unsigned char __oriel_dbg_get_flags(struct debug_channel *ch);
__attribute__((visibility("default"), format(printf, 4, 5))) int
__oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...);
/* Render strings for logging into a small per-thread ring of buffers. */
__attribute__((visibility("default"))) const char *__oriel_dbgstr_an(const char *s, int n);
__attribute__((visibility("default"))) const char *__oriel_dbgstr_wn(const uint16_t *s, int n);
__attribute__((visibility("default"), format(printf, 1, 2))) const char *__oriel_dbg_sprintf(const char *fmt,
                                                                                             ...);

static inline int __oriel_dbg_on(struct debug_channel *ch, enum debug_class cls)
{
    unsigned char f = ch->flags;
    if (__builtin_expect(f & ORIEL_DBG_UNINIT, 0))
        f = __oriel_dbg_get_flags(ch);
    return (f >> cls) & 1;
}

#define ORIEL_DEFAULT_DEBUG_CHANNEL(ch)                                                                      \
    static struct debug_channel __oriel_dbch_default __attribute__((unused)) = {ORIEL_DBG_UNINIT, #ch}
#define ORIEL_DECLARE_DEBUG_CHANNEL(ch)                                                                      \
    static struct debug_channel __oriel_dbch_##ch __attribute__((unused)) = {ORIEL_DBG_UNINIT, #ch}

#define ORIEL_DPRINTF(cls, ch, ...)                                                                          \
    do {                                                                                                     \
        if (__oriel_dbg_on(ch, cls))                                                                         \
            __oriel_dbg_log(cls, ch, __func__, __VA_ARGS__);                                                 \
    } while (0)

#define TRACE(...) ORIEL_DPRINTF(DBCL_TRACE, &__oriel_dbch_default, __VA_ARGS__)
#define WARN(...) ORIEL_DPRINTF(DBCL_WARN, &__oriel_dbch_default, __VA_ARGS__)
#define FIXME(...) ORIEL_DPRINTF(DBCL_FIXME, &__oriel_dbch_default, __VA_ARGS__)
#define ERR(...) ORIEL_DPRINTF(DBCL_ERR, &__oriel_dbch_default, __VA_ARGS__)
#define TRACE_(ch, ...) ORIEL_DPRINTF(DBCL_TRACE, &__oriel_dbch_##ch, __VA_ARGS__)
#define WARN_(ch, ...) ORIEL_DPRINTF(DBCL_WARN, &__oriel_dbch_##ch, __VA_ARGS__)
#define ERR_(ch, ...) ORIEL_DPRINTF(DBCL_ERR, &__oriel_dbch_##ch, __VA_ARGS__)
#define TRACE_ON(ch) __oriel_dbg_on(&__oriel_dbch_##ch, DBCL_TRACE)
#define TRACE_ON_DEFAULT() __oriel_dbg_on(&__oriel_dbch_default, DBCL_TRACE)

/* A partial implementation says so once per process. */
#define FIXME_ONCE(...)                                                                                      \
    do {                                                                                                     \
        static int __once;                                                                                   \
        if (!__once) {                                                                                       \
            __once = 1;                                                                                      \
            FIXME(__VA_ARGS__);                                                                              \
        }                                                                                                    \
    } while (0)

#define debugstr_a(s) __oriel_dbgstr_an((s), -1)
#define debugstr_an(s, n) __oriel_dbgstr_an((s), (n))
#define debugstr_w(s) __oriel_dbgstr_wn((const uint16_t *)(s), -1)
#define debugstr_wn(s, n) __oriel_dbgstr_wn((const uint16_t *)(s), (n))
#define debugstr_us(us)                                                                                      \
    ((us) ? __oriel_dbgstr_wn((const uint16_t *)(us)->Buffer, (us)->Length / 2) : "(null)")
#define oriel_dbg_sprintf __oriel_dbg_sprintf

#endif /* ORIEL_DEBUG_H */
