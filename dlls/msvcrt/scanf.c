/*
 * The scanf family (sscanf, fscanf, scanf and their wide forms). One engine works on 16-bit code units:
 * narrow formats and inputs are widened byte by byte ("C" locale), so both families share the rules:
 * white space skipping, width, '*' suppression, size prefixes h hh l ll L I I32 I64 w, conversions
 * d i u o x X p e f g E G a c C s S [ ] n and %%. As in msvcrt, %s and %c store the width of the function
 * (wide in wscanf), %S and %C the other one, h forces narrow and l/w wide.
 */
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define SCAN_EOF (-1)

struct scan_src {
    MSVCRT_FILE *file;
    int file_wide; /* read the stream with getwc */
    const char *str;
    const WCHAR *wstr;
    size_t pos;
    int consumed;
};

static int scan_get(struct scan_src *s)
{
    int c;
    if (s->file) {
        if (s->file_wide) {
            c = msvcrt_stream_getwc(s->file);
            if (c == MSVCRT_WEOF)
                c = SCAN_EOF;
        } else
            c = msvcrt_stream_getc(s->file);
    } else if (s->wstr)
        c = s->wstr[s->pos] ? s->wstr[s->pos++] : SCAN_EOF;
    else
        c = s->str[s->pos] ? (unsigned char)s->str[s->pos++] : SCAN_EOF;
    if (c != SCAN_EOF)
        s->consumed++;
    return c;
}

static void scan_unget(struct scan_src *s, int c)
{
    if (c == SCAN_EOF)
        return;
    s->consumed--;
    if (s->file) {
        if (s->file_wide)
            MSVCRT_ungetwc(c, s->file);
        else
            MSVCRT_ungetc(c, s->file);
    } else
        s->pos--;
}

static int is_space(int c)
{
    return c == ' ' || (c >= 9 && c <= 13);
}

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static void store_char(void *out, int n, int wide, int c)
{
    if (wide)
        ((WCHAR *)out)[n] = (WCHAR)c;
    else {
        char mb[8];
        ((char *)out)[n] = msvcrt_wc_to_mb((uint16_t)c, mb) == 1 ? mb[0] : '?';
    }
}

/* fmt is a 16-bit string; wide_func says whether the caller is a wscanf function. */
static int scan_common(struct scan_src *src, const WCHAR *fmt, int wide_func, __ms_va_list ap)
{
    int assigned = 0, matched_any = 0, c;
    /* one bit per code unit for %[...] */
    unsigned char *set = NULL;

    while (*fmt) {
        if (is_space(*fmt)) {
            while (is_space(*fmt))
                fmt++;
            while (is_space(c = scan_get(src)))
                ;
            scan_unget(src, c);
            continue;
        }
        if (*fmt != '%' || fmt[1] == '%') {
            if (*fmt == '%')
                fmt++;
            c = scan_get(src);
            if (c != *fmt) {
                scan_unget(src, c);
                if (c == SCAN_EOF && !matched_any)
                    assigned = SCAN_EOF;
                goto done;
            }
            fmt++;
            continue;
        }
        fmt++;
        int suppress = 0, width = 0, size = 4, width_mod = 0; /* width_mod: -1 h, 1 l/w */
        if (*fmt == '*') {
            suppress = 1;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        for (;;) {
            if (*fmt == 'h') {
                size = size == 2 ? 1 : 2;
                width_mod = -1;
                fmt++;
            } else if (*fmt == 'l') {
                if (fmt[1] == 'l') {
                    size = 8;
                    fmt++;
                } else {
                    size = 5; /* long, double, or a wide string */
                    width_mod = 1;
                }
                fmt++;
            } else if (*fmt == 'L') {
                size = 5;
                fmt++;
            } else if (*fmt == 'I' && fmt[1] == '6' && fmt[2] == '4') {
                size = 8;
                fmt += 3;
            } else if (*fmt == 'I' && fmt[1] == '3' && fmt[2] == '2') {
                size = 4;
                fmt += 3;
            } else if (*fmt == 'I') {
                size = 8;
                fmt++;
            } else if (*fmt == 'w') {
                width_mod = 1;
                fmt++;
            } else
                break;
        }
        int conv = *fmt++;
        if (!conv)
            break;
        if (conv != 'c' && conv != 'C' && conv != '[' && conv != 'n') {
            while (is_space(c = scan_get(src)))
                ;
            scan_unget(src, c);
        }
        if (!width)
            width = -1;
        switch (conv) {
        case 'n':
            if (!suppress) {
                void *p = __builtin_va_arg(ap, void *);
                if (size == 8)
                    *(int64_t *)p = src->consumed;
                else if (size == 2)
                    *(short *)p = src->consumed;
                else
                    *(int *)p = src->consumed;
            }
            continue;
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
        case 'p': {
            int base = conv == 'o'                                   ? 8
                       : (conv == 'x' || conv == 'X' || conv == 'p') ? 16
                       : conv == 'i'                                 ? 0
                                                                     : 10;
            int neg = 0, ndig = 0;
            uint64_t v = 0;
            if (conv == 'p')
                size = 8;
            c = scan_get(src);
            if ((c == '-' || c == '+') && width != 0) {
                neg = c == '-';
                width--;
                c = scan_get(src);
            }
            if (c == '0' && width != 0 && (base == 0 || base == 16)) {
                ndig = 1;
                width--;
                c = scan_get(src);
                if ((c == 'x' || c == 'X') && width != 0) {
                    base = 16;
                    width--;
                    c = scan_get(src);
                    ndig = 0;
                } else if (base == 0)
                    base = 8;
            }
            if (!base)
                base = 10;
            while (width != 0 && c != SCAN_EOF && digit_value(c) < base) {
                v = v * base + digit_value(c);
                ndig++;
                width--;
                c = scan_get(src);
            }
            scan_unget(src, c);
            if (!ndig) {
                if (c == SCAN_EOF && !matched_any)
                    assigned = SCAN_EOF;
                goto done;
            }
            matched_any = 1;
            if (neg)
                v = -v;
            if (!suppress) {
                void *p = __builtin_va_arg(ap, void *);
                if (size == 8)
                    *(uint64_t *)p = v;
                else if (size == 2)
                    *(uint16_t *)p = (uint16_t)v;
                else if (size == 1)
                    *(uint8_t *)p = (uint8_t)v;
                else
                    *(uint32_t *)p = (uint32_t)v;
                assigned++;
            }
            continue;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'g':
        case 'G':
        case 'a': {
            char num[128];
            int n = 0;
            c = scan_get(src);
            while (width != 0 && n < (int)sizeof(num) - 1 && c != SCAN_EOF) {
                int ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
                         ((c == '+' || c == '-') && (n == 0 || num[n - 1] == 'e' || num[n - 1] == 'E'));
                if (!ok)
                    break;
                num[n++] = (char)c;
                width--;
                c = scan_get(src);
            }
            scan_unget(src, c);
            num[n] = 0;
            char *end;
            double d = strtod(num, &end);
            if (!n || end == num) {
                if (c == SCAN_EOF && !matched_any)
                    assigned = SCAN_EOF;
                goto done;
            }
            matched_any = 1;
            if (!suppress) {
                void *p = __builtin_va_arg(ap, void *);
                if (size == 5)
                    *(double *)p = d;
                else
                    *(float *)p = (float)d;
                assigned++;
            }
            continue;
        }
        case 's':
        case 'S':
        case 'c':
        case 'C':
        case '[': {
            int store_wide;
            if (width_mod)
                store_wide = width_mod > 0;
            else
                store_wide = (conv == 'S' || conv == 'C') ? !wide_func : wide_func;
            if (conv == '[') {
                int invert = 0;
                if (!set && !(set = malloc(65536 / 8)))
                    goto done;
                memset(set, 0, 65536 / 8);
                if (*fmt == '^') {
                    invert = 1;
                    fmt++;
                }
                if (*fmt == ']') {
                    set[']' / 8] |= 1 << (']' % 8);
                    fmt++;
                }
                while (*fmt && *fmt != ']') {
                    unsigned lo = *fmt, hi = *fmt;
                    if (fmt[1] == '-' && fmt[2] && fmt[2] != ']') {
                        hi = fmt[2];
                        fmt += 3;
                    } else
                        fmt++;
                    for (unsigned k = lo; k <= hi; k++)
                        set[k / 8] |= 1 << (k % 8);
                }
                if (*fmt == ']')
                    fmt++;
                if (invert)
                    for (int k = 0; k < 65536 / 8; k++)
                        set[k] = ~set[k];
            }
            int is_c = conv == 'c' || conv == 'C';
            if (is_c && width < 0)
                width = 1;
            void *out = suppress ? NULL : __builtin_va_arg(ap, void *);
            int n = 0;
            c = scan_get(src);
            while (width != 0 && c != SCAN_EOF) {
                if (!is_c && conv != '[' && is_space(c))
                    break;
                if (conv == '[' && !(set[c / 8] & (1 << (c % 8))))
                    break;
                if (out)
                    store_char(out, n, store_wide, c);
                n++;
                width--;
                if (width == 0)
                    break;
                c = scan_get(src);
            }
            if (width != 0)
                scan_unget(src, c);
            if (!n) {
                if (c == SCAN_EOF && !matched_any)
                    assigned = SCAN_EOF;
                goto done;
            }
            matched_any = 1;
            if (out) {
                if (!is_c) {
                    if (store_wide)
                        ((WCHAR *)out)[n] = 0;
                    else
                        ((char *)out)[n] = 0;
                }
                assigned++;
            }
            continue;
        }
        default:
            FIXME("unsupported scanf conversion %c\n", conv);
            goto done;
        }
    }
done:
    free(set);
    return assigned;
}

/* Widens a narrow format byte by byte (the "C" locale). */
static WCHAR *widen_format(const char *fmt)
{
    size_t len = strlen(fmt);
    WCHAR *w = malloc((len + 1) * sizeof(WCHAR));
    if (w)
        for (size_t i = 0; i <= len; i++)
            w[i] = (unsigned char)fmt[i];
    return w;
}

static int scan_narrow(struct scan_src *src, const char *fmt, __ms_va_list ap)
{
    if (!fmt) {
        msvcrt_errno = MSVCRT_EINVAL;
        return SCAN_EOF;
    }
    WCHAR *w = widen_format(fmt);
    if (!w) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return SCAN_EOF;
    }
    if (src->file)
        MSVCRT__lock_file(src->file);
    int r = scan_common(src, w, 0, ap);
    if (src->file)
        MSVCRT__unlock_file(src->file);
    free(w);
    return r;
}

static int scan_wide(struct scan_src *src, const WCHAR *fmt, __ms_va_list ap)
{
    if (!fmt) {
        msvcrt_errno = MSVCRT_EINVAL;
        return SCAN_EOF;
    }
    if (src->file)
        MSVCRT__lock_file(src->file);
    int r = scan_common(src, fmt, 1, ap);
    if (src->file)
        MSVCRT__unlock_file(src->file);
    return r;
}

int CDECL MSVCRT_sscanf(const char *str, const char *fmt, ...)
{
    struct scan_src src = {.str = str};
    __ms_va_list ap;
    if (!str) {
        msvcrt_errno = MSVCRT_EINVAL;
        return SCAN_EOF;
    }
    __ms_va_start(ap, fmt);
    int r = scan_narrow(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_fscanf(MSVCRT_FILE *f, const char *fmt, ...)
{
    struct scan_src src = {.file = f};
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = scan_narrow(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_scanf(const char *fmt, ...)
{
    struct scan_src src = {.file = &MSVCRT__iob[0]};
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = scan_narrow(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_swscanf(const WCHAR *str, const WCHAR *fmt, ...)
{
    struct scan_src src = {.wstr = str};
    __ms_va_list ap;
    if (!str) {
        msvcrt_errno = MSVCRT_EINVAL;
        return SCAN_EOF;
    }
    __ms_va_start(ap, fmt);
    int r = scan_wide(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_fwscanf(MSVCRT_FILE *f, const WCHAR *fmt, ...)
{
    struct scan_src src = {.file = f, .file_wide = 1};
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = scan_wide(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_wscanf(const WCHAR *fmt, ...)
{
    struct scan_src src = {.file = &MSVCRT__iob[0], .file_wide = 1};
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = scan_wide(&src, fmt, ap);
    __ms_va_end(ap);
    return r;
}
