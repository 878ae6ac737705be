/*
 * Strings and numbers (string.h, wchar.h, stdlib.h conversions), errno.
 * msvcrt's long is 32-bit and its wchar_t 16-bit: every function here is written for those sizes.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

/* ---- errno ---- */

/* Only a pointer lives in TLS (the DLLs share the small static TLS space); the block is allocated on a
 * thread's first use and freed by a pthread key destructor when the thread ends. */
static __thread struct msvcrt_thread_data *thread_data;
static pthread_key_t thread_data_key;
static pthread_once_t thread_data_once = PTHREAD_ONCE_INIT;

static void free_thread_data(void *data)
{
    free(data);
}

static void create_thread_data_key(void)
{
    pthread_key_create(&thread_data_key, free_thread_data);
}

struct msvcrt_thread_data *msvcrt_thread_data(void)
{
    struct msvcrt_thread_data *data = thread_data;
    if (__builtin_expect(!data, 0)) {
        data = calloc(1, sizeof(*data));
        if (!data) {
            /* out of memory this early: share one block rather than crash */
            static struct msvcrt_thread_data fallback = {.rand_state = 1};
            return &fallback;
        }
        data->rand_state = 1;
        pthread_once(&thread_data_once, create_thread_data_key);
        pthread_setspecific(thread_data_key, data);
        thread_data = data;
    }
    return data;
}

#define thread_errno (msvcrt_thread_data()->errno_value)
#define thread_doserrno (msvcrt_thread_data()->doserrno)

int *CDECL MSVCRT__errno(void)
{
    return &thread_errno;
}

ULONG *CDECL MSVCRT___doserrno(void)
{
    return &thread_doserrno;
}

int CDECL MSVCRT__get_errno(int *value)
{
    if (!value)
        return MSVCRT_EINVAL;
    *value = thread_errno;
    return 0;
}

int CDECL MSVCRT__set_errno(int value)
{
    thread_errno = value;
    return 0;
}

void msvcrt_set_errno(DWORD err)
{
    int e;
    thread_doserrno = err;
    switch (err) {
    case 2:
    case 3:
    case 15:
    case 18:
    case 53:
    case 67:
    case 161:
    case 206:
        e = MSVCRT_ENOENT;
        break;
    case 4:
        e = MSVCRT_EMFILE;
        break;
    case 5:
    case 16:
    case 19:
    case 32:
    case 33:
    case 65:
    case 82:
    case 83:
    case 108:
    case 132:
    case 158:
    case 167:
        e = MSVCRT_EACCES;
        break;
    case 6:
    case 114:
    case 130:
        e = MSVCRT_EBADF;
        break;
    case 7:
    case 8:
    case 9:
    case 1816:
        e = MSVCRT_ENOMEM;
        break;
    case 10:
        e = MSVCRT_E2BIG;
        break;
    case 11:
        e = MSVCRT_ENOEXEC;
        break;
    case 17:
        e = MSVCRT_EXDEV;
        break;
    case 80:
    case 183:
        e = MSVCRT_EEXIST;
        break;
    case 109:
        e = MSVCRT_EPIPE;
        break;
    case 112:
        e = MSVCRT_ENOSPC;
        break;
    case 128:
    case 129:
        e = MSVCRT_ECHILD;
        break;
    case 145:
        e = MSVCRT_ENOTEMPTY;
        break;
    case 89:
    case 164:
    case 215:
        e = MSVCRT_EAGAIN;
        break;
    default:
        e = MSVCRT_EINVAL;
        break;
    }
    thread_errno = e;
}

/* msvcrt's messages, indexed by errno value (_sys_errlist). */
static const char *const errlist[] = {
    "No error",
    "Operation not permitted",
    "No such file or directory",
    "No such process",
    "Interrupted function call",
    "Input/output error",
    "No such device or address",
    "Arg list too long",
    "Exec format error",
    "Bad file descriptor",
    "No child processes",
    "Resource temporarily unavailable",
    "Not enough space",
    "Permission denied",
    "Bad address",
    "Unknown error",
    "Resource device",
    "File exists",
    "Improper link",
    "No such device",
    "Not a directory",
    "Is a directory",
    "Invalid argument",
    "Too many open files in system",
    "Too many open files",
    "Inappropriate I/O control operation",
    "Unknown error",
    "File too large",
    "No space left on device",
    "Invalid seek",
    "Read-only file system",
    "Too many links",
    "Broken pipe",
    "Domain error",
    "Result too large",
    "Unknown error",
    "Resource deadlock avoided",
    "Unknown error",
    "Filename too long",
    "No locks available",
    "Function not implemented",
    "Directory not empty",
    "Illegal byte sequence",
    "Unknown error",
};

const char *MSVCRT__sys_errlist[ARRAY_SIZE(errlist)];
int MSVCRT__sys_nerr = ARRAY_SIZE(errlist) - 1;

__attribute__((constructor)) static void init_errlist(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(errlist); i++)
        MSVCRT__sys_errlist[i] = errlist[i];
}

char *CDECL MSVCRT_strerror(int err)
{
    if (err < 0 || err > MSVCRT__sys_nerr)
        err = MSVCRT__sys_nerr;
    return (char *)errlist[err];
}

char *CDECL MSVCRT__strerror(const char *s)
{
    char *buf = msvcrt_thread_data()->strerror_buf;
    const char *msg = MSVCRT_strerror(thread_errno);
    if (s && *s)
        snprintf(buf, 256, "%.*s: %s\n", 94, s, msg);
    else
        snprintf(buf, 256, "%s\n", msg);
    return buf;
}

int *CDECL MSVCRT___sys_nerr(void)
{
    return &MSVCRT__sys_nerr;
}

/* ---- memory ---- */

void *CDECL MSVCRT_memcpy(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n); /* msvcrt's memcpy tolerates overlap and programs depend on it */
}

void *CDECL MSVCRT_memmove(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n);
}

void *CDECL MSVCRT_memset(void *dst, int c, size_t n)
{
    return memset(dst, c, n);
}

int CDECL MSVCRT_memcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

void *CDECL MSVCRT_memchr(const void *s, int c, size_t n)
{
    return memchr(s, c, n);
}

int CDECL MSVCRT__memicmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (size_t i = 0; i < n; i++) {
        int x = p[i], y = q[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return x - y;
    }
    return 0;
}

void *CDECL MSVCRT__memccpy(void *dst, const void *src, int c, size_t n)
{
    return memccpy(dst, src, c, n);
}

/* ---- narrow strings ---- */

size_t CDECL MSVCRT_strlen(const char *s)
{
    return strlen(s);
}

size_t CDECL MSVCRT_strnlen(const char *s, size_t max)
{
    return strnlen(s, max);
}

char *CDECL MSVCRT_strcpy(char *d, const char *s)
{
    return strcpy(d, s);
}

char *CDECL MSVCRT_strncpy(char *d, const char *s, size_t n)
{
    return strncpy(d, s, n);
}

char *CDECL MSVCRT_strcat(char *d, const char *s)
{
    return strcat(d, s);
}

char *CDECL MSVCRT_strncat(char *d, const char *s, size_t n)
{
    return strncat(d, s, n);
}

int CDECL MSVCRT_strcmp(const char *a, const char *b)
{
    int r = strcmp(a, b);
    return r < 0 ? -1 : r > 0; /* msvcrt returns -1/0/1 */
}

int CDECL MSVCRT_strncmp(const char *a, const char *b, size_t n)
{
    return strncmp(a, b, n);
}

char *CDECL MSVCRT_strchr(const char *s, int c)
{
    return strchr(s, c);
}

char *CDECL MSVCRT_strrchr(const char *s, int c)
{
    return strrchr(s, c);
}

char *CDECL MSVCRT_strstr(const char *h, const char *n)
{
    return strstr(h, n);
}

size_t CDECL MSVCRT_strspn(const char *s, const char *set)
{
    return strspn(s, set);
}

size_t CDECL MSVCRT_strcspn(const char *s, const char *set)
{
    return strcspn(s, set);
}

char *CDECL MSVCRT_strpbrk(const char *s, const char *set)
{
    return strpbrk(s, set);
}

char *CDECL MSVCRT_strtok(char *s, const char *delim)
{
    return strtok_r(s, delim, &msvcrt_thread_data()->strtok_next);
}

char *CDECL MSVCRT_strtok_s(char *s, const char *delim, char **ctx)
{
    if (!delim || !ctx || (!s && !*ctx)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    return strtok_r(s, delim, ctx);
}

char *CDECL MSVCRT__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *r = MSVCRT_malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

static inline int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static inline int ascii_upper(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

int CDECL MSVCRT__strnicmp(const char *a, const char *b, size_t n)
{
    if (!a || !b) {
        msvcrt_errno = MSVCRT_EINVAL;
        return 0x7fffffff;
    }
    for (size_t i = 0; i < n; i++) {
        int x = ascii_lower((unsigned char)a[i]), y = ascii_lower((unsigned char)b[i]);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

int CDECL MSVCRT__stricmp(const char *a, const char *b)
{
    return MSVCRT__strnicmp(a, b, (size_t)-1);
}

char *CDECL MSVCRT__strlwr(char *s)
{
    for (char *p = s; *p; p++)
        *p = ascii_lower((unsigned char)*p);
    return s;
}

char *CDECL MSVCRT__strupr(char *s)
{
    for (char *p = s; *p; p++)
        *p = ascii_upper((unsigned char)*p);
    return s;
}

char *CDECL MSVCRT__strrev(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

char *CDECL MSVCRT__strset(char *s, int c)
{
    for (char *p = s; *p; p++)
        *p = (char)c;
    return s;
}

char *CDECL MSVCRT__strnset(char *s, int c, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++)
        s[i] = (char)c;
    return s;
}

/* ---- wide strings ---- */

size_t msvcrt_wcslen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return p - s;
}

size_t CDECL MSVCRT_wcslen(const WCHAR *s)
{
    return msvcrt_wcslen(s);
}

size_t CDECL MSVCRT_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

WCHAR *CDECL MSVCRT_wcscpy(WCHAR *d, const WCHAR *s)
{
    WCHAR *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

WCHAR *CDECL MSVCRT_wcsncpy(WCHAR *d, const WCHAR *s, size_t n)
{
    size_t i = 0;
    for (; i < n && s[i]; i++)
        d[i] = s[i];
    for (; i < n; i++)
        d[i] = 0;
    return d;
}

WCHAR *CDECL MSVCRT_wcscat(WCHAR *d, const WCHAR *s)
{
    MSVCRT_wcscpy(d + msvcrt_wcslen(d), s);
    return d;
}

WCHAR *CDECL MSVCRT_wcsncat(WCHAR *d, const WCHAR *s, size_t n)
{
    WCHAR *p = d + msvcrt_wcslen(d);
    size_t i = 0;
    for (; i < n && s[i]; i++)
        p[i] = s[i];
    p[i] = 0;
    return d;
}

int CDECL MSVCRT_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
        if (!a[i])
            break;
    }
    return 0;
}

int CDECL MSVCRT_wcscmp(const WCHAR *a, const WCHAR *b)
{
    return MSVCRT_wcsncmp(a, b, (size_t)-1);
}

WCHAR *CDECL MSVCRT_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (!*s)
            return NULL;
    }
}

WCHAR *CDECL MSVCRT_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *r = NULL;
    for (;; s++) {
        if (*s == c)
            r = s;
        if (!*s)
            return (WCHAR *)r;
    }
}

WCHAR *CDECL MSVCRT_wcsstr(const WCHAR *h, const WCHAR *n)
{
    size_t len = msvcrt_wcslen(n);
    for (; *h; h++)
        if (!MSVCRT_wcsncmp(h, n, len))
            return (WCHAR *)h;
    return len ? NULL : (WCHAR *)h;
}

size_t CDECL MSVCRT_wcsspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;
    while (s[n] && MSVCRT_wcschr(set, s[n]))
        n++;
    return n;
}

size_t CDECL MSVCRT_wcscspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;
    while (s[n] && !MSVCRT_wcschr(set, s[n]))
        n++;
    return n;
}

WCHAR *CDECL MSVCRT_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    for (; *s; s++)
        if (MSVCRT_wcschr(set, *s))
            return (WCHAR *)s;
    return NULL;
}

WCHAR *CDECL MSVCRT_wcstok(WCHAR *s, const WCHAR *delim)
{
    WCHAR **nextp = &msvcrt_thread_data()->wcstok_next;
#define next (*nextp)
    if (!s)
        s = next;
    if (!s)
        return NULL;
    s += MSVCRT_wcsspn(s, delim);
    if (!*s) {
        next = NULL;
        return NULL;
    }
    WCHAR *end = s + MSVCRT_wcscspn(s, delim);
    if (*end)
        *end++ = 0;
    next = end;
    return s;
#undef next
}

WCHAR *CDECL MSVCRT__wcsdup(const WCHAR *s)
{
    if (!s)
        return NULL;
    size_t n = (msvcrt_wcslen(s) + 1) * sizeof(WCHAR);
    WCHAR *r = MSVCRT_malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

int CDECL MSVCRT__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = ascii_lower(a[i]), y = ascii_lower(b[i]);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

int CDECL MSVCRT__wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return MSVCRT__wcsnicmp(a, b, (size_t)-1);
}

WCHAR *CDECL MSVCRT__wcslwr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        *p = ascii_lower(*p);
    return s;
}

WCHAR *CDECL MSVCRT__wcsupr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        *p = ascii_upper(*p);
    return s;
}

/* ---- integer conversions ---- */

/* Parses an integer the way strtol does on msvcrt: leading white space, sign, 0x/0 prefixes, and
 * saturates at [min, max] with ERANGE. `chars` is a narrow or 16-bit string. */
static uint64_t parse_int(const void *str, int wide, const void **end, int base, int is_signed,
                          uint64_t max_pos, uint64_t max_neg)
{
#define CH(i) (wide ? ((const WCHAR *)str)[i] : ((const unsigned char *)str)[i])
    size_t i = 0;
    int neg = 0, any = 0, overflow = 0;
    uint64_t v = 0;

    if (base < 0 || base == 1 || base > 36) {
        msvcrt_errno = MSVCRT_EINVAL;
        if (end)
            *end = str;
        return 0;
    }
    while (CH(i) == ' ' || (CH(i) >= 9 && CH(i) <= 13))
        i++;
    if (CH(i) == '-' || CH(i) == '+')
        neg = CH(i++) == '-';
    if ((base == 0 || base == 16) && CH(i) == '0' && (CH(i + 1) == 'x' || CH(i + 1) == 'X')) {
        unsigned c = CH(i + 2);
        if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')) {
            i += 2;
            base = 16;
        }
    }
    if (!base)
        base = CH(i) == '0' ? 8 : 10;
    uint64_t limit = neg ? max_neg : max_pos;
    for (;; i++) {
        unsigned c = CH(i), d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            d = (c | 0x20) - 'a' + 10;
        else
            break;
        if (d >= (unsigned)base)
            break;
        any = 1;
        if (v > (limit - d) / base)
            overflow = 1;
        else
            v = v * base + d;
    }
    if (end)
        *end = any ? (const void *)((const char *)str + i * (wide ? 2 : 1)) : str;
    if (overflow) {
        msvcrt_errno = MSVCRT_ERANGE;
        return neg ? (is_signed ? -max_neg : max_neg) : max_pos;
    }
    return neg ? -v : v;
#undef CH
}

LONG CDECL MSVCRT_strtol(const char *s, char **end, int base)
{
    return (LONG)parse_int(s, 0, (const void **)end, base, 1, 0x7fffffff, 0x80000000u);
}

ULONG CDECL MSVCRT_strtoul(const char *s, char **end, int base)
{
    return (ULONG)parse_int(s, 0, (const void **)end, base, 0, 0xffffffffu, 0xffffffffu);
}

int64_t CDECL MSVCRT__strtoi64(const char *s, char **end, int base)
{
    return (int64_t)parse_int(s, 0, (const void **)end, base, 1, INT64_MAX, (uint64_t)INT64_MAX + 1);
}

uint64_t CDECL MSVCRT__strtoui64(const char *s, char **end, int base)
{
    return parse_int(s, 0, (const void **)end, base, 0, UINT64_MAX, UINT64_MAX);
}

LONG CDECL MSVCRT_wcstol(const WCHAR *s, WCHAR **end, int base)
{
    return (LONG)parse_int(s, 1, (const void **)end, base, 1, 0x7fffffff, 0x80000000u);
}

ULONG CDECL MSVCRT_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
    return (ULONG)parse_int(s, 1, (const void **)end, base, 0, 0xffffffffu, 0xffffffffu);
}

int64_t CDECL MSVCRT__wcstoi64(const WCHAR *s, WCHAR **end, int base)
{
    return (int64_t)parse_int(s, 1, (const void **)end, base, 1, INT64_MAX, (uint64_t)INT64_MAX + 1);
}

uint64_t CDECL MSVCRT__wcstoui64(const WCHAR *s, WCHAR **end, int base)
{
    return parse_int(s, 1, (const void **)end, base, 0, UINT64_MAX, UINT64_MAX);
}

int CDECL MSVCRT_atoi(const char *s)
{
    return (int)MSVCRT_strtol(s, NULL, 10);
}

LONG CDECL MSVCRT_atol(const char *s)
{
    return MSVCRT_strtol(s, NULL, 10);
}

int64_t CDECL MSVCRT__atoi64(const char *s)
{
    return MSVCRT__strtoi64(s, NULL, 10);
}

int CDECL MSVCRT__wtoi(const WCHAR *s)
{
    return (int)MSVCRT_wcstol(s, NULL, 10);
}

LONG CDECL MSVCRT__wtol(const WCHAR *s)
{
    return MSVCRT_wcstol(s, NULL, 10);
}

int64_t CDECL MSVCRT__wtoi64(const WCHAR *s)
{
    return MSVCRT__wcstoi64(s, NULL, 10);
}

/* ---- floating point conversions ---- */

/* msvcrt.dll accepts [ws][sign]digits[.digits][(e|E|d|D)[sign]digits] only: no inf/nan/hex. */
static double parse_double(const void *str, int wide, const void **end)
{
#define CH(i) (wide ? ((const WCHAR *)str)[i] : ((const unsigned char *)str)[i])
    char buf[512];
    size_t i = 0, n = 0, digits = 0;
    while (CH(i) == ' ' || (CH(i) >= 9 && CH(i) <= 13))
        i++;
    if (CH(i) == '-' || CH(i) == '+')
        buf[n++] = CH(i++);
    while (CH(i) >= '0' && CH(i) <= '9') {
        if (n < sizeof(buf) - 32)
            buf[n++] = CH(i);
        i++;
        digits++;
    }
    if (CH(i) == '.') {
        buf[n++] = '.';
        i++;
        while (CH(i) >= '0' && CH(i) <= '9') {
            if (n < sizeof(buf) - 32)
                buf[n++] = CH(i);
            i++;
            digits++;
        }
    }
    if (!digits) {
        if (end)
            *end = str;
        return 0.0;
    }
    unsigned e = CH(i) | 0x20;
    if (e == 'e' || e == 'd') {
        size_t j = i + 1, save = n;
        buf[n++] = 'e';
        if (CH(j) == '-' || CH(j) == '+')
            buf[n++] = CH(j++);
        if (CH(j) >= '0' && CH(j) <= '9') {
            while (CH(j) >= '0' && CH(j) <= '9') {
                if (n < sizeof(buf) - 2)
                    buf[n++] = CH(j);
                j++;
            }
            i = j;
        } else
            n = save;
    }
    buf[n] = 0;
    if (end)
        *end = (const char *)str + i * (wide ? 2 : 1);
    double d = strtod(buf, NULL);
    if (isinf(d) || (d == 0.0 && strpbrk(buf, "123456789")))
        msvcrt_errno = MSVCRT_ERANGE;
    return d;
#undef CH
}

double CDECL MSVCRT_strtod(const char *s, char **end)
{
    return parse_double(s, 0, (const void **)end);
}

double CDECL MSVCRT_wcstod(const WCHAR *s, WCHAR **end)
{
    return parse_double(s, 1, (const void **)end);
}

double CDECL MSVCRT_atof(const char *s)
{
    return parse_double(s, 0, NULL);
}

double CDECL MSVCRT__wtof(const WCHAR *s)
{
    return parse_double(s, 1, NULL);
}

/* ---- integer to string ---- */

static char *u64_to_str(uint64_t v, int neg, char *buf, int radix)
{
    char tmp[72], *p = tmp + sizeof(tmp);
    *--p = 0;
    do {
        int d = v % radix;
        *--p = d < 10 ? '0' + d : 'a' + d - 10;
        v /= radix;
    } while (v);
    if (neg)
        *--p = '-';
    strcpy(buf, p);
    return buf;
}

char *CDECL MSVCRT__itoa(int v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return u64_to_str(-(int64_t)v, 1, buf, 10);
    return u64_to_str((uint32_t)v, 0, buf, radix);
}

char *CDECL MSVCRT__ltoa(LONG v, char *buf, int radix)
{
    return MSVCRT__itoa(v, buf, radix);
}

char *CDECL MSVCRT__ultoa(ULONG v, char *buf, int radix)
{
    return u64_to_str(v, 0, buf, radix);
}

char *CDECL MSVCRT__i64toa(int64_t v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return u64_to_str(-(uint64_t)v, 1, buf, 10);
    return u64_to_str((uint64_t)v, 0, buf, radix);
}

char *CDECL MSVCRT__ui64toa(uint64_t v, char *buf, int radix)
{
    return u64_to_str(v, 0, buf, radix);
}

static WCHAR *widen_inplace(const char *src, WCHAR *dst)
{
    size_t i = 0;
    do
        dst[i] = (unsigned char)src[i];
    while (src[i++]);
    return dst;
}

WCHAR *CDECL MSVCRT__itow(int v, WCHAR *buf, int radix)
{
    char tmp[72];
    return widen_inplace(MSVCRT__itoa(v, tmp, radix), buf);
}

WCHAR *CDECL MSVCRT__ltow(LONG v, WCHAR *buf, int radix)
{
    char tmp[72];
    return widen_inplace(MSVCRT__ltoa(v, tmp, radix), buf);
}

WCHAR *CDECL MSVCRT__ultow(ULONG v, WCHAR *buf, int radix)
{
    char tmp[72];
    return widen_inplace(MSVCRT__ultoa(v, tmp, radix), buf);
}

WCHAR *CDECL MSVCRT__i64tow(int64_t v, WCHAR *buf, int radix)
{
    char tmp[72];
    return widen_inplace(MSVCRT__i64toa(v, tmp, radix), buf);
}

WCHAR *CDECL MSVCRT__ui64tow(uint64_t v, WCHAR *buf, int radix)
{
    char tmp[72];
    return widen_inplace(MSVCRT__ui64toa(v, tmp, radix), buf);
}
