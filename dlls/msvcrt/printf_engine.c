/*
 * msvcrt printf engine (pure code; see printf_engine.h). Follows msvcrt.dll's documented format
 * specification: flags - + space # 0, width and precision with '*', size prefixes h hh l ll L I I32 I64
 * w (and z t j as pointer size), conversions c C d i o u x X e E f F g G n p s S. Differences from C99
 * that msvcrt.dll has and programs rely on: three-digit exponents, 1.#INF / 1.#IND / 1.#QNAN for
 * non-finite values (rounded as if they were digits), %p as 16 upper-case hex digits, %s/%c meaning
 * "the width of the function" (wide in wprintf), %S/%C meaning the other width.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printf_engine.h"

struct pf_state {
    const struct pf_sink *sink;
    int count;
    int failed;
};

static void emit_wide(struct pf_state *st, const uint16_t *s, int len);

/* ASCII text from the engine's own buffers: widened for a wide sink. */
static void emit_ascii(struct pf_state *st, const char *s, int len)
{
    if (st->failed || len <= 0)
        return;
    if (!st->sink->wide) {
        if (st->sink->write(st->sink->ctx, s, len) < 0)
            st->failed = 1;
        else
            st->count += len;
        return;
    }
    uint16_t buf[128];
    while (len > 0) {
        int n = len < 128 ? len : 128;
        for (int i = 0; i < n; i++)
            buf[i] = (unsigned char)s[i];
        emit_wide(st, buf, n);
        s += n;
        len -= n;
    }
}

static void emit_pad(struct pf_state *st, char c, int n)
{
    char buf[64];
    memset(buf, c, sizeof(buf));
    while (n > 0 && !st->failed) {
        int k = n < 64 ? n : 64;
        emit_ascii(st, buf, k);
        n -= k;
    }
}

static int latin1_wc_to_mb(uint16_t wc, char *out)
{
    if (wc > 0xff)
        return -1;
    *out = (char)wc;
    return 1;
}

static int latin1_mb_to_wc(const char *s, int avail, uint16_t *out)
{
    *out = (unsigned char)*s;
    return 1;
}

/* Wide text: written as is into a wide sink, converted into a narrow one. */
static void emit_wide(struct pf_state *st, const uint16_t *s, int len)
{
    if (st->failed || len <= 0)
        return;
    if (st->sink->wide) {
        if (st->sink->write(st->sink->ctx, s, len) < 0)
            st->failed = 1;
        else
            st->count += len;
        return;
    }
    int (*conv)(uint16_t, char *) = st->sink->wc_to_mb ? st->sink->wc_to_mb : latin1_wc_to_mb;
    for (int i = 0; i < len && !st->failed; i++) {
        char mb[8];
        int n = conv(s[i], mb);
        if (n < 0) {
            st->failed = 1;
            return;
        }
        if (st->sink->write(st->sink->ctx, mb, n) < 0)
            st->failed = 1;
        else
            st->count += n;
    }
}

/* Narrow text supplied by the caller (%s in printf, %hs in wprintf). */
static void emit_narrow(struct pf_state *st, const char *s, int len)
{
    if (st->failed || len <= 0)
        return;
    if (!st->sink->wide) {
        if (st->sink->write(st->sink->ctx, s, len) < 0)
            st->failed = 1;
        else
            st->count += len;
        return;
    }
    int (*conv)(const char *, int, uint16_t *) = st->sink->mb_to_wc ? st->sink->mb_to_wc : latin1_mb_to_wc;
    while (len > 0 && !st->failed) {
        uint16_t wc;
        int n = conv(s, len, &wc);
        if (n <= 0) {
            st->failed = 1;
            return;
        }
        emit_wide(st, &wc, 1);
        s += n;
        len -= n;
    }
}

struct spec {
    int left, plus, space, alt, zero;
    int width, prec; /* prec < 0: not given */
    int size;        /* 1 hh, 2 h, 4 default/l, 8 ll/I64/I */
    int wide_arg;    /* -1 narrow (h), 1 wide (l/w), 0 function default */
    char conv;
};

/* Pads and writes a field made of a prefix (sign, 0x) and a body, honouring '-' and '0'. */
static void emit_field(struct pf_state *st, const struct spec *sp, const char *prefix, int plen,
                       const char *body, int blen, int zero_ok)
{
    int pad = sp->width - plen - blen;
    if (pad < 0)
        pad = 0;
    if (sp->left) {
        emit_ascii(st, prefix, plen);
        emit_ascii(st, body, blen);
        emit_pad(st, ' ', pad);
    } else if (sp->zero && zero_ok) {
        emit_ascii(st, prefix, plen);
        emit_pad(st, '0', pad);
        emit_ascii(st, body, blen);
    } else {
        emit_pad(st, ' ', pad);
        emit_ascii(st, prefix, plen);
        emit_ascii(st, body, blen);
    }
}

static void format_integer(struct pf_state *st, struct spec *sp, int64_t raw)
{
    char buf[96], prefix[4];
    int plen = 0, is_signed = (sp->conv == 'd' || sp->conv == 'i');
    uint64_t v;

    switch (sp->size) {
    case 1:
        raw = is_signed ? (int64_t)(signed char)raw : (int64_t)(unsigned char)raw;
        break;
    case 2:
        raw = is_signed ? (int64_t)(short)raw : (int64_t)(unsigned short)raw;
        break;
    case 4:
        raw = is_signed ? (int64_t)(int32_t)raw : (int64_t)(uint32_t)raw;
        break;
    default:
        break;
    }
    if (is_signed && raw < 0) {
        prefix[plen++] = '-';
        v = -(uint64_t)raw;
    } else {
        v = (uint64_t)raw;
        if (is_signed && sp->plus)
            prefix[plen++] = '+';
        else if (is_signed && sp->space)
            prefix[plen++] = ' ';
    }

    int base = 10;
    const char *digits = "0123456789abcdef";
    if (sp->conv == 'o')
        base = 8;
    else if (sp->conv == 'x')
        base = 16;
    else if (sp->conv == 'X' || sp->conv == 'p') {
        base = 16;
        digits = "0123456789ABCDEF";
    }
    if (sp->alt && v && base == 16) {
        prefix[plen++] = '0';
        prefix[plen++] = sp->conv == 'x' ? 'x' : 'X';
    }

    char *end = buf + sizeof(buf), *p = end;
    while (v) {
        *--p = digits[v % base];
        v /= base;
    }
    int prec = sp->prec;
    if (sp->alt && base == 8 && (prec <= end - p))
        *--p = '0';
    if (p == end && prec != 0 && !(sp->alt && base == 8))
        *--p = '0';
    int ndig = end - p;
    int zeros = prec > ndig ? prec - ndig : 0;

    /* Precision zeros may be many: emit them without a fixed buffer. */
    int body = ndig + zeros;
    int pad = sp->width - plen - body;
    if (pad < 0)
        pad = 0;
    int zero_fill = sp->zero && !sp->left && prec < 0;
    if (!sp->left && !zero_fill)
        emit_pad(st, ' ', pad);
    emit_ascii(st, prefix, plen);
    if (zero_fill)
        emit_pad(st, '0', pad);
    emit_pad(st, '0', zeros);
    emit_ascii(st, p, ndig);
    if (sp->left)
        emit_pad(st, ' ', pad);
}

/* Rewrites glibc's "d.ddde+XX" exponent to msvcrt's three digits (at least two with
 * PF_TWO_DIGIT_EXPONENT); returns the new length. */
static int fix_exponent(char *s, int len, int two_digits)
{
    char *e = strpbrk(s, "eE");
    if (!e)
        return len;
    char sign = e[1];
    int exp = atoi(e + 2);
    return (e - s) + sprintf(e, two_digits ? "%c%c%02d" : "%c%c%03d", *e, sign, exp);
}

/* "1.#INF" and friends: msvcrt formats the tag as if it were the fraction digits of 1.xxx and rounds
 * it to the precision, which gives the well-known "1.#J" for %.2f. */
static int format_special(char *out, const struct spec *sp, const char *tag, char conv, int prec,
                          int two_digits)
{
    char frac[512];
    int flen = strlen(tag), want;
    char lc = conv | 0x20;

    if (lc == 'g')
        want = (prec == 0 ? 1 : prec) - 1;
    else
        want = prec;
    if (want > (int)sizeof(frac) - 1)
        want = sizeof(frac) - 1;
    for (int i = 0; i < want; i++)
        frac[i] = i < flen ? tag[i] : '0';
    int lead = '1';
    if (want < flen && tag[want] >= '5') {
        if (want == 0)
            lead++;
        else
            frac[want - 1]++;
    }
    if (lc == 'g' && !sp->alt)
        while (want > 0 && frac[want - 1] == '0')
            want--;
    int n = 0;
    out[n++] = lead;
    if (want || sp->alt)
        out[n++] = '.';
    memcpy(out + n, frac, want);
    n += want;
    if (lc == 'e') {
        int len = two_digits ? 4 : 5;
        memcpy(out + n, conv == 'E' ? "E+000" : "e+000", len);
        n += len;
    }
    return n;
}

static void format_float(struct pf_state *st, struct spec *sp, double v)
{
    char prefix[2];
    int plen = 0;
    int prec = sp->prec < 0 ? 6 : sp->prec;
    char conv = sp->conv == 'F' ? 'f' : sp->conv;

    if (signbit(v))
        prefix[plen++] = '-';
    else if (sp->plus)
        prefix[plen++] = '+';
    else if (sp->space)
        prefix[plen++] = ' ';

    if (!isfinite(v)) {
        char tmp[600];
        const char *tag;
        uint64_t bits;
        memcpy(&bits, &v, sizeof(bits));
        if (isinf(v))
            tag = "#INF";
        else if (bits == 0xfff8000000000000ull)
            tag = "#IND";
        else if (bits & 0x0008000000000000ull)
            tag = "#QNAN";
        else
            tag = "#SNAN";
        int n = format_special(tmp, sp, tag, conv, prec, st->sink->flags & PF_TWO_DIGIT_EXPONENT);
        emit_field(st, sp, prefix, plen, tmp, n, 1);
        return;
    }

    double a = fabs(v);
    char small[400], *buf = small;
    size_t cap = sizeof(small);
    int n;
    /* %f of a large value with a large precision needs up to 309 integer digits plus the precision. */
    size_t need = (size_t)prec + 330;
    if (need > cap) {
        buf = malloc(need);
        if (!buf) {
            st->failed = 1;
            return;
        }
        cap = need;
    }

    switch (conv) {
    case 'e':
    case 'E':
        n = snprintf(buf, cap, conv == 'e' ? "%.*e" : "%.*E", prec, a);
        n = fix_exponent(buf, n, st->sink->flags & PF_TWO_DIGIT_EXPONENT);
        break;
    case 'f':
        n = snprintf(buf, cap, "%.*f", prec, a);
        break;
    default: { /* g, G */
        int p = prec == 0 ? 1 : prec;
        int x;
        n = snprintf(buf, cap, "%.*e", p - 1, a);
        x = atoi(strchr(buf, 'e') + 1);
        if (x < -4 || x >= p) {
            n = snprintf(buf, cap, conv == 'g' ? "%.*e" : "%.*E", p - 1, a);
            if (!sp->alt) {
                char *e = strchr(buf, conv == 'g' ? 'e' : 'E'), *q = e;
                if (strchr(buf, '.')) {
                    while (q[-1] == '0')
                        q--;
                    if (q[-1] == '.')
                        q--;
                    memmove(q, e, strlen(e) + 1);
                }
                n = strlen(buf);
            }
            n = fix_exponent(buf, n, st->sink->flags & PF_TWO_DIGIT_EXPONENT);
        } else {
            n = snprintf(buf, cap, sp->alt ? "%#.*f" : "%.*f", p - 1 - x, a);
            if (!sp->alt && strchr(buf, '.')) {
                while (buf[n - 1] == '0')
                    n--;
                if (buf[n - 1] == '.')
                    n--;
                buf[n] = 0;
            }
        }
        break;
    }
    }
    if (sp->alt && !strchr(buf, '.') && (conv == 'f' || conv == 'e' || conv == 'E')) {
        /* '#' forces the decimal point even without fraction digits. */
        char *e = strpbrk(buf, "eE");
        int at = e ? e - buf : n;
        memmove(buf + at + 1, buf + at, n - at + 1);
        buf[at] = '.';
        n++;
    }
    emit_field(st, sp, prefix, plen, buf, n, 1);
    if (buf != small)
        free(buf);
}

static int str_len_a(const char *s, int max)
{
    int n = 0;
    while ((max < 0 || n < max) && s[n])
        n++;
    return n;
}

static int str_len_w(const uint16_t *s, int max)
{
    int n = 0;
    while ((max < 0 || n < max) && s[n])
        n++;
    return n;
}

static void format_string(struct pf_state *st, struct spec *sp, int wide, const void *ptr)
{
    static const uint16_t null_w[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
    int len, pad;

    if (!ptr)
        ptr = wide ? (const void *)null_w : (const void *)"(null)";
    len = wide ? str_len_w(ptr, sp->prec) : str_len_a(ptr, sp->prec);
    pad = sp->width > len ? sp->width - len : 0;
    if (!sp->left)
        emit_pad(st, sp->zero ? '0' : ' ', pad);
    if (wide)
        emit_wide(st, ptr, len);
    else
        emit_narrow(st, ptr, len);
    if (sp->left)
        emit_pad(st, ' ', pad);
}

static void format_char(struct pf_state *st, struct spec *sp, int wide, int64_t raw)
{
    int pad = sp->width > 1 ? sp->width - 1 : 0;
    if (!sp->left)
        emit_pad(st, sp->zero ? '0' : ' ', pad);
    if (wide) {
        uint16_t wc = (uint16_t)raw;
        emit_wide(st, &wc, 1);
    } else {
        char c = (char)raw;
        emit_narrow(st, &c, 1);
    }
    if (sp->left)
        emit_pad(st, ' ', pad);
}

static inline unsigned fmt_at(const void *fmt, int wide, int i)
{
    return wide ? ((const uint16_t *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

int pf_format(const struct pf_sink *sink, const void *format, int format_wide, struct pf_args *args)
{
    struct pf_state st = {sink, 0, 0};
    int i = 0;

    for (;;) {
        unsigned c = fmt_at(format, format_wide, i);
        if (!c)
            break;
        if (c != '%') {
            int start = i;
            while ((c = fmt_at(format, format_wide, i)) && c != '%')
                i++;
            if (format_wide)
                emit_wide(&st, (const uint16_t *)format + start, i - start);
            else
                emit_ascii(&st, (const char *)format + start, i - start);
            if (st.failed)
                return -1;
            continue;
        }
        i++;
        struct spec sp = {0};
        sp.prec = -1;
        sp.size = 4;
        for (;; i++) {
            c = fmt_at(format, format_wide, i);
            if (c == '-')
                sp.left = 1;
            else if (c == '+')
                sp.plus = 1;
            else if (c == ' ')
                sp.space = 1;
            else if (c == '#')
                sp.alt = 1;
            else if (c == '0')
                sp.zero = 1;
            else
                break;
        }
        if (c == '*') {
            sp.width = (int)args->next_int(args->ctx);
            if (sp.width < 0) {
                sp.left = 1;
                sp.width = -sp.width;
            }
            c = fmt_at(format, format_wide, ++i);
        } else {
            while (c >= '0' && c <= '9') {
                sp.width = sp.width * 10 + (c - '0');
                c = fmt_at(format, format_wide, ++i);
            }
        }
        if (c == '.') {
            c = fmt_at(format, format_wide, ++i);
            sp.prec = 0;
            if (c == '*') {
                sp.prec = (int)args->next_int(args->ctx);
                if (sp.prec < 0)
                    sp.prec = -1;
                c = fmt_at(format, format_wide, ++i);
            } else {
                while (c >= '0' && c <= '9') {
                    sp.prec = sp.prec * 10 + (c - '0');
                    c = fmt_at(format, format_wide, ++i);
                }
            }
        }
        /* size prefixes */
        for (;;) {
            if (c == 'h') {
                sp.size = sp.size == 2 ? 1 : 2;
                sp.wide_arg = -1;
            } else if (c == 'l') {
                if (fmt_at(format, format_wide, i + 1) == 'l') {
                    i++;
                    sp.size = 8;
                } else
                    sp.wide_arg = 1;
            } else if (c == 'w')
                sp.wide_arg = 1;
            else if (c == 'L')
                ; /* long double is double in msvcrt */
            else if (c == 'I') {
                unsigned c1 = fmt_at(format, format_wide, i + 1), c2 = fmt_at(format, format_wide, i + 2);
                if (c1 == '6' && c2 == '4') {
                    sp.size = 8;
                    i += 2;
                } else if (c1 == '3' && c2 == '2') {
                    sp.size = 4;
                    i += 2;
                } else
                    sp.size = 8;
            } else if (c == 'z' || c == 't' || c == 'j')
                sp.size = 8;
            else if (c == 'F' || c == 'N')
                ; /* far/near pointer modifiers of 16-bit days, accepted and ignored */
            else
                break;
            c = fmt_at(format, format_wide, ++i);
        }
        if (!c)
            break;
        i++;
        sp.conv = (char)c;
        switch (c) {
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            format_integer(&st, &sp, args->next_int(args->ctx));
            break;
        case 'p':
            sp.size = 8;
            if (sp.prec < 0)
                sp.prec = 16;
            format_integer(&st, &sp, args->next_int(args->ctx));
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            format_float(&st, &sp, args->next_double(args->ctx));
            break;
        case 'a':
        case 'A': {
            /* msvcrt.dll predates %a; produce the C99 form so the output is at least meaningful. */
            char tmp[64];
            double v = args->next_double(args->ctx);
            int n = snprintf(tmp, sizeof(tmp), c == 'a' ? "%.*a" : "%.*A", sp.prec < 0 ? 13 : sp.prec, v);
            emit_field(&st, &sp, "", 0, tmp, n, 0);
            break;
        }
        case 's':
        case 'S': {
            int wide = sp.wide_arg ? sp.wide_arg > 0 : ((c == 'S') != !!sink->wide);
            format_string(&st, &sp, wide, (const void *)(intptr_t)args->next_int(args->ctx));
            break;
        }
        case 'c':
        case 'C': {
            int wide = sp.wide_arg ? sp.wide_arg > 0 : ((c == 'C') != !!sink->wide);
            format_char(&st, &sp, wide, args->next_int(args->ctx));
            break;
        }
        case 'n': {
            void *p = (void *)(intptr_t)args->next_int(args->ctx);
            if (sp.size == 2)
                *(short *)p = (short)st.count;
            else if (sp.size == 8)
                *(int64_t *)p = st.count;
            else
                *(int *)p = st.count;
            break;
        }
        default: {
            /* An unknown conversion character is written as is (this covers "%%"). */
            char ch = (char)c;
            if (c < 0x80)
                emit_ascii(&st, &ch, 1);
            else if (format_wide) {
                uint16_t wc = (uint16_t)c;
                emit_wide(&st, &wc, 1);
            } else
                emit_narrow(&st, &ch, 1);
            break;
        }
        }
        if (st.failed)
            return -1;
    }
    return st.failed ? -1 : st.count;
}
