/*
 * The "secure" (_s) variants msvcrt.dll exports since Windows Vista, which mingw-w64 programs use when
 * MINGW_HAS_SECURE_API is set. Invalid arguments go to the invalid parameter handler; when it returns,
 * the functions fail with EINVAL (or ERANGE for a destination that is too small).
 */
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

static int invalid(int err)
{
    MSVCRT__invalid_parameter(NULL, NULL, NULL, 0, 0);
    msvcrt_errno = err;
    return err;
}

#define TMPL_CPY(NAME, T, LEN)                                                                               \
    int CDECL NAME(T *dst, size_t size, const T *src)                                                        \
    {                                                                                                        \
        if (!dst || !size)                                                                                   \
            return invalid(MSVCRT_EINVAL);                                                                   \
        if (!src) {                                                                                          \
            dst[0] = 0;                                                                                      \
            return invalid(MSVCRT_EINVAL);                                                                   \
        }                                                                                                    \
        size_t n = LEN(src);                                                                                 \
        if (n >= size) {                                                                                     \
            dst[0] = 0;                                                                                      \
            return invalid(MSVCRT_ERANGE);                                                                   \
        }                                                                                                    \
        memcpy(dst, src, (n + 1) * sizeof(T));                                                               \
        return 0;                                                                                            \
    }

#define TMPL_CAT(NAME, T, LEN)                                                                               \
    int CDECL NAME(T *dst, size_t size, const T *src)                                                        \
    {                                                                                                        \
        if (!dst || !size)                                                                                   \
            return invalid(MSVCRT_EINVAL);                                                                   \
        if (!src) {                                                                                          \
            dst[0] = 0;                                                                                      \
            return invalid(MSVCRT_EINVAL);                                                                   \
        }                                                                                                    \
        size_t d = 0;                                                                                        \
        while (d < size && dst[d])                                                                           \
            d++;                                                                                             \
        size_t n = LEN(src);                                                                                 \
        if (d == size || d + n >= size) {                                                                    \
            dst[0] = 0;                                                                                      \
            return invalid(d == size ? MSVCRT_EINVAL : MSVCRT_ERANGE);                                       \
        }                                                                                                    \
        memcpy(dst + d, src, (n + 1) * sizeof(T));                                                           \
        return 0;                                                                                            \
    }

#define TMPL_NCPY(NAME, T)                                                                                   \
    int CDECL NAME(T *dst, size_t size, const T *src, size_t count)                                          \
    {                                                                                                        \
        if (!count && !dst && !size)                                                                         \
            return 0;                                                                                        \
        if (!dst || !size)                                                                                   \
            return invalid(MSVCRT_EINVAL);                                                                   \
        if (!src) {                                                                                          \
            dst[0] = 0;                                                                                      \
            if (!count)                                                                                      \
                return 0;                                                                                    \
            return invalid(MSVCRT_EINVAL);                                                                   \
        }                                                                                                    \
        size_t n = 0;                                                                                        \
        /* _TRUNCATE ((size_t)-1): copy what fits */                                                         \
        size_t limit = count == (size_t)-1 ? size - 1 : count;                                               \
        while (n < limit && src[n])                                                                          \
            n++;                                                                                             \
        if (n >= size) {                                                                                     \
            dst[0] = 0;                                                                                      \
            return invalid(MSVCRT_ERANGE);                                                                   \
        }                                                                                                    \
        memcpy(dst, src, n * sizeof(T));                                                                     \
        dst[n] = 0;                                                                                          \
        return (count == (size_t)-1 && src[n]) ? 80 /* STRUNCATE */ : 0;                                     \
    }

static size_t wlen(const WCHAR *s)
{
    return msvcrt_wcslen(s);
}

TMPL_CPY(MSVCRT_strcpy_s, char, strlen)
TMPL_CPY(MSVCRT_wcscpy_s, WCHAR, wlen)
TMPL_CAT(MSVCRT_strcat_s, char, strlen)
TMPL_CAT(MSVCRT_wcscat_s, WCHAR, wlen)
TMPL_NCPY(MSVCRT_strncpy_s, char)
TMPL_NCPY(MSVCRT_wcsncpy_s, WCHAR)

int CDECL MSVCRT_memcpy_s(void *dst, size_t size, const void *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst)
        return invalid(MSVCRT_EINVAL);
    if (!src) {
        memset(dst, 0, size);
        return invalid(MSVCRT_EINVAL);
    }
    if (count > size) {
        memset(dst, 0, size);
        return invalid(MSVCRT_ERANGE);
    }
    memmove(dst, src, count);
    return 0;
}

int CDECL MSVCRT_memmove_s(void *dst, size_t size, const void *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst || !src)
        return invalid(MSVCRT_EINVAL);
    if (count > size)
        return invalid(MSVCRT_ERANGE);
    memmove(dst, src, count);
    return 0;
}

int CDECL MSVCRT__itoa_s(int v, char *buf, size_t size, int radix)
{
    char tmp[72];
    if (!buf || !size || radix < 2 || radix > 36) {
        if (buf && size)
            buf[0] = 0;
        return invalid(MSVCRT_EINVAL);
    }
    MSVCRT__itoa(v, tmp, radix);
    if (strlen(tmp) >= size) {
        buf[0] = 0;
        return invalid(MSVCRT_ERANGE);
    }
    strcpy(buf, tmp);
    return 0;
}

int CDECL MSVCRT__i64toa_s(int64_t v, char *buf, size_t size, int radix)
{
    char tmp[72];
    if (!buf || !size || radix < 2 || radix > 36) {
        if (buf && size)
            buf[0] = 0;
        return invalid(MSVCRT_EINVAL);
    }
    MSVCRT__i64toa(v, tmp, radix);
    if (strlen(tmp) >= size) {
        buf[0] = 0;
        return invalid(MSVCRT_ERANGE);
    }
    strcpy(buf, tmp);
    return 0;
}

/* ---- formatted output ---- */

static int vsnprintf_s_common(char *buf, size_t size, size_t count, const char *fmt, __ms_va_list ap)
{
    if (!fmt || !buf || !size) {
        if (buf && size)
            buf[0] = 0;
        invalid(MSVCRT_EINVAL);
        return -1;
    }
    size_t limit = count == (size_t)-1 || count >= size ? size - 1 : count;
    int r = MSVCRT__vsnprintf(buf, limit, fmt, ap);
    if (r < 0 || (size_t)r >= size) {
        buf[limit] = 0;
        if (count == (size_t)-1)
            return -1; /* _TRUNCATE: truncated but no error */
        if (count >= size) {
            buf[0] = 0;
            invalid(MSVCRT_ERANGE);
            return -1;
        }
        return -1;
    }
    buf[r] = 0;
    return r;
}

int CDECL MSVCRT__vsnprintf_s(char *buf, size_t size, size_t count, const char *fmt, __ms_va_list ap)
{
    return vsnprintf_s_common(buf, size, count, fmt, ap);
}

int CDECL MSVCRT_vsprintf_s(char *buf, size_t size, const char *fmt, __ms_va_list ap)
{
    if (!fmt || !buf || !size) {
        invalid(MSVCRT_EINVAL);
        return -1;
    }
    int r = MSVCRT__vsnprintf(buf, size, fmt, ap);
    if (r < 0 || (size_t)r >= size) {
        buf[0] = 0;
        invalid(MSVCRT_ERANGE);
        return -1;
    }
    return r;
}

int CDECL MSVCRT_sprintf_s(char *buf, size_t size, const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = MSVCRT_vsprintf_s(buf, size, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT__snprintf_s(char *buf, size_t size, size_t count, const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_s_common(buf, size, count, fmt, ap);
    __ms_va_end(ap);
    return r;
}

static int vsnwprintf_s_common(WCHAR *buf, size_t size, size_t count, const WCHAR *fmt, __ms_va_list ap)
{
    if (!fmt || !buf || !size) {
        if (buf && size)
            buf[0] = 0;
        invalid(MSVCRT_EINVAL);
        return -1;
    }
    size_t limit = count == (size_t)-1 || count >= size ? size - 1 : count;
    int r = MSVCRT__vsnwprintf(buf, limit, fmt, ap);
    if (r < 0 || (size_t)r >= size) {
        buf[limit] = 0;
        if (count != (size_t)-1 && count >= size) {
            buf[0] = 0;
            invalid(MSVCRT_ERANGE);
        }
        return -1;
    }
    buf[r] = 0;
    return r;
}

int CDECL MSVCRT__vsnwprintf_s(WCHAR *buf, size_t size, size_t count, const WCHAR *fmt, __ms_va_list ap)
{
    return vsnwprintf_s_common(buf, size, count, fmt, ap);
}

int CDECL MSVCRT_vswprintf_s(WCHAR *buf, size_t size, const WCHAR *fmt, __ms_va_list ap)
{
    return vsnwprintf_s_common(buf, size, size, fmt, ap);
}

int CDECL MSVCRT_swprintf_s(WCHAR *buf, size_t size, const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnwprintf_s_common(buf, size, size, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT__snwprintf_s(WCHAR *buf, size_t size, size_t count, const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnwprintf_s_common(buf, size, count, fmt, ap);
    __ms_va_end(ap);
    return r;
}
