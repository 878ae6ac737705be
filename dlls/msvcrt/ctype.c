/*
 * Character classification and the locale (ctype.h, wctype.h, locale.h, multibyte conversions).
 * Only the "C" locale is implemented: single-byte, ASCII classification, bytes map to the Unicode
 * code points of the same value (what msvcrt's "C" locale does for mbtowc).
 */
#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define C_UPPER 0x0001
#define C_LOWER 0x0002
#define C_DIGIT 0x0004
#define C_SPACE 0x0008
#define C_PUNCT 0x0010
#define C_CONTROL 0x0020
#define C_BLANK 0x0040
#define C_HEX 0x0080
#define C_LEADBYTE 0x8000
#define C_ALPHA (0x0100 | C_UPPER | C_LOWER)

/* _ctype[0] describes EOF; _pctype points at _ctype + 1. Filled at load time from the rules below. */
unsigned short MSVCRT__ctype[257];
const unsigned short *MSVCRT__pctype = MSVCRT__ctype + 1;
/* _pwctype: the same classification for wide characters 0-255 (Unicode rules for 128-255). */
static unsigned short wctype_table[256];
const unsigned short *MSVCRT__pwctype = wctype_table;
int MSVCRT___mb_cur_max = 1;
unsigned char MSVCRT__mbctype[257];

static unsigned short classify_ascii(int c)
{
    unsigned short f = 0;
    if (c < 0x20 || c == 0x7f)
        f |= C_CONTROL;
    if (c >= 9 && c <= 13)
        f |= C_SPACE;
    if (c == ' ')
        f |= C_SPACE | C_BLANK;
    if (c >= '0' && c <= '9')
        f |= C_DIGIT | C_HEX;
    if (c >= 'A' && c <= 'Z')
        f |= C_UPPER;
    if (c >= 'a' && c <= 'z')
        f |= C_LOWER;
    if ((c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))
        f |= C_HEX;
    if (c > 0x20 && c < 0x7f && !(f & (C_DIGIT | C_UPPER | C_LOWER)))
        f |= C_PUNCT;
    return f;
}

static unsigned short classify_unicode(unsigned wc)
{
    if (wc < 0x80) {
        unsigned short f = classify_ascii(wc);
        return (f & (C_UPPER | C_LOWER)) ? f | 0x100 : f; /* the wide table marks letters with 0x100 */
    }
    /* msvcrt classifies wide characters with the system's CT_CTYPE1 tables, whose C1_* bits are
     * exactly the _UPPER/_LOWER/... flags (C1_ALPHA is the 0x100 letter bit of _pwctype) */
    WCHAR ch = (WCHAR)wc;
    WORD type = 0;
    if (wc > 0xffff || !GetStringTypeW(CT_CTYPE1, &ch, 1, &type))
        return 0;
    return type;
}

__attribute__((constructor)) static void init_ctype(void)
{
    WCHAR latin1[128];
    WORD types[128];

    MSVCRT__ctype[0] = 0;
    for (int c = 0; c < 256; c++) {
        MSVCRT__ctype[c + 1] = c < 0x80 ? classify_ascii(c) : 0;
        if (c < 0x80)
            wctype_table[c] = classify_unicode(c);
        else
            latin1[c - 0x80] = c;
    }
    /* one call for the upper half rather than one per character: this runs at every start-up */
    if (GetStringTypeW(CT_CTYPE1, latin1, 128, types))
        for (int c = 0x80; c < 256; c++)
            wctype_table[c] = types[c - 0x80];
}

const unsigned short *CDECL MSVCRT___pctype_func(void)
{
    return MSVCRT__pctype;
}

const unsigned short *CDECL MSVCRT___pwctype_func(void)
{
    return MSVCRT__pwctype;
}

int CDECL MSVCRT____mb_cur_max_func(void)
{
    return MSVCRT___mb_cur_max;
}

unsigned int CDECL MSVCRT____lc_codepage_func(void)
{
    return 0; /* the "C" locale has no ANSI code page */
}

unsigned int CDECL MSVCRT____lc_collate_cp_func(void)
{
    return 0;
}

static DWORD lc_handles[6];

DWORD *CDECL MSVCRT____lc_handle_func(void)
{
    return lc_handles; /* all zero: every category is in the "C" locale */
}

int CDECL MSVCRT__isctype(int c, int mask)
{
    if (c < -1 || c > 255)
        return 0;
    return MSVCRT__ctype[c + 1] & mask;
}

#define CTYPE_FN(name, mask)                                                                                 \
    int CDECL MSVCRT_##name(int c)                                                                           \
    {                                                                                                        \
        return MSVCRT__isctype(c, mask);                                                                     \
    }
CTYPE_FN(isalpha, C_ALPHA)
CTYPE_FN(isupper, C_UPPER)
CTYPE_FN(islower, C_LOWER)
CTYPE_FN(isdigit, C_DIGIT)
CTYPE_FN(isxdigit, C_HEX)
CTYPE_FN(isspace, C_SPACE)
CTYPE_FN(ispunct, C_PUNCT)
CTYPE_FN(isalnum, C_ALPHA | C_DIGIT)
CTYPE_FN(isprint, C_ALPHA | C_DIGIT | C_PUNCT | C_BLANK)
CTYPE_FN(isgraph, C_ALPHA | C_DIGIT | C_PUNCT)
CTYPE_FN(iscntrl, C_CONTROL)

int CDECL MSVCRT_isblank(int c)
{
    return c == '\t' ? C_BLANK : MSVCRT__isctype(c, C_BLANK);
}

int CDECL MSVCRT___isascii(int c)
{
    return (unsigned)c < 0x80;
}

int CDECL MSVCRT___toascii(int c)
{
    return c & 0x7f;
}

int CDECL MSVCRT___iscsym(int c)
{
    return c == '_' || MSVCRT_isalnum(c);
}

int CDECL MSVCRT___iscsymf(int c)
{
    return c == '_' || MSVCRT_isalpha(c);
}

int CDECL MSVCRT_toupper(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

int CDECL MSVCRT_tolower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int CDECL MSVCRT__toupper(int c)
{
    return c - 0x20; /* the unchecked macro versions */
}

int CDECL MSVCRT__tolower(int c)
{
    return c + 0x20;
}

/* ---- wide classification (Unicode, like msvcrt's GetStringTypeW-based one) ---- */

int CDECL MSVCRT_iswctype(unsigned short wc, unsigned short mask)
{
    if (wc == MSVCRT_WEOF)
        return 0;
    return (wc < 256 ? wctype_table[wc] : classify_unicode(wc)) & mask;
}

int CDECL MSVCRT_is_wctype(unsigned short wc, unsigned short mask)
{
    return MSVCRT_iswctype(wc, mask);
}

#define WCTYPE_FN(name, mask)                                                                                \
    int CDECL MSVCRT_##name(unsigned short wc)                                                               \
    {                                                                                                        \
        return MSVCRT_iswctype(wc, mask);                                                                    \
    }
WCTYPE_FN(iswalpha, C_ALPHA)
WCTYPE_FN(iswupper, C_UPPER)
WCTYPE_FN(iswlower, C_LOWER)
WCTYPE_FN(iswdigit, C_DIGIT)
WCTYPE_FN(iswxdigit, C_HEX)
WCTYPE_FN(iswspace, C_SPACE)
WCTYPE_FN(iswpunct, C_PUNCT)
WCTYPE_FN(iswalnum, C_ALPHA | C_DIGIT)
WCTYPE_FN(iswprint, C_ALPHA | C_DIGIT | C_PUNCT | C_BLANK)
WCTYPE_FN(iswgraph, C_ALPHA | C_DIGIT | C_PUNCT)
WCTYPE_FN(iswcntrl, C_CONTROL)

int CDECL MSVCRT_iswascii(unsigned short wc)
{
    return wc < 0x80;
}

/* In the "C" locale msvcrt maps only a-z and A-Z. */
unsigned short CDECL MSVCRT_towupper(unsigned short wc)
{
    return (wc >= 'a' && wc <= 'z') ? wc - 32 : wc;
}

unsigned short CDECL MSVCRT_towlower(unsigned short wc)
{
    return (wc >= 'A' && wc <= 'Z') ? wc + 32 : wc;
}

/* ---- locale ---- */

struct MSVCRT_lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol, *mon_decimal_point,
        *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space,
        p_sign_posn, n_sign_posn;
};

static char lc_dot[] = ".", lc_empty[] = "";
static struct MSVCRT_lconv c_lconv = {
    lc_dot,   lc_empty, lc_empty, lc_empty, lc_empty, lc_empty, lc_empty, lc_empty, lc_empty,
    lc_empty, 127,      127,      127,      127,      127,      127,      127,      127,
};

struct MSVCRT_lconv *CDECL MSVCRT_localeconv(void)
{
    return &c_lconv;
}

static char c_locale_name[] = "C";

char *CDECL MSVCRT_setlocale(int category, const char *locale)
{
    if (category < 0 || category > 5) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    if (!locale || !strcmp(locale, "C"))
        return c_locale_name;
    if (!*locale) {
        /* FIXME: the user's default locale; we stay in "C", which is what a fresh process has. */
        FIXME_ONCE("setlocale(%d, \"\"): only the \"C\" locale is supported\n", category);
        return c_locale_name;
    }
    FIXME("locale %s not supported\n", debugstr_a(locale));
    return NULL;
}

WCHAR *CDECL MSVCRT__wsetlocale(int category, const WCHAR *locale)
{
    static WCHAR c_name_w[] = {'C', 0};
    char buf[64];
    size_t i = 0;
    if (locale) {
        for (; locale[i] && i < sizeof(buf) - 1; i++)
            buf[i] = locale[i] < 0x80 ? (char)locale[i] : '?';
        buf[i] = 0;
    }
    return MSVCRT_setlocale(category, locale ? buf : NULL) ? c_name_w : NULL;
}

int CDECL MSVCRT_strcoll(const char *a, const char *b)
{
    int r = strcmp(a, b);
    return r < 0 ? -1 : r > 0;
}

int CDECL MSVCRT__stricoll(const char *a, const char *b)
{
    return MSVCRT__stricmp(a, b);
}

size_t CDECL MSVCRT_strxfrm(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (len < n)
        memcpy(dst, src, len + 1);
    return len;
}

int CDECL MSVCRT_wcscoll(const WCHAR *a, const WCHAR *b)
{
    return MSVCRT_wcscmp(a, b);
}

size_t CDECL MSVCRT_wcsxfrm(WCHAR *dst, const WCHAR *src, size_t n)
{
    size_t len = msvcrt_wcslen(src);
    if (len < n)
        memcpy(dst, src, (len + 1) * sizeof(WCHAR));
    return len;
}

/* ---- multibyte conversions in the "C" locale ---- */

int msvcrt_mb_to_wc(const char *s, int avail, uint16_t *out)
{
    *out = (unsigned char)*s;
    return 1;
}

int msvcrt_wc_to_mb(uint16_t wc, char *out)
{
    if (wc > 0xff)
        return -1;
    *out = (char)wc;
    return 1;
}

int CDECL MSVCRT_mblen(const char *s, size_t n)
{
    if (!s || !n)
        return 0;
    return *s ? 1 : 0;
}

int CDECL MSVCRT_mbtowc(WCHAR *dst, const char *s, size_t n)
{
    if (!s || !n)
        return 0;
    if (dst)
        *dst = (unsigned char)*s;
    return *s ? 1 : 0;
}

int CDECL MSVCRT_wctomb(char *dst, WCHAR wc)
{
    if (!dst)
        return 0;
    if (wc > 0xff) {
        msvcrt_errno = MSVCRT_EILSEQ;
        return -1;
    }
    *dst = (char)wc;
    return 1;
}

size_t CDECL MSVCRT_mbstowcs(WCHAR *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (!dst)
        return len;
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = (unsigned char)src[i];
    if (i < n)
        dst[i] = 0;
    return i;
}

size_t CDECL MSVCRT_wcstombs(char *dst, const WCHAR *src, size_t n)
{
    size_t i = 0;
    for (; src[i] && (!dst || i < n); i++) {
        if (src[i] > 0xff) {
            msvcrt_errno = MSVCRT_EILSEQ;
            return (size_t)-1;
        }
        if (dst)
            dst[i] = (char)src[i];
    }
    if (dst && i < n)
        dst[i] = 0;
    return i;
}

unsigned short CDECL MSVCRT_btowc(int c)
{
    if (c == MSVCRT_EOF)
        return MSVCRT_WEOF;
    return (unsigned char)c;
}

int CDECL MSVCRT_wctob(unsigned short wc)
{
    return wc < 0x100 ? (int)wc : MSVCRT_EOF;
}

size_t CDECL MSVCRT_mbrtowc(WCHAR *dst, const char *s, size_t n, void *state)
{
    if (!s)
        return 0;
    if (!n)
        return (size_t)-2;
    if (dst)
        *dst = (unsigned char)*s;
    return *s ? 1 : 0;
}

size_t CDECL MSVCRT_mbrlen(const char *s, size_t n, void *state)
{
    return MSVCRT_mbrtowc(NULL, s, n, state);
}

size_t CDECL MSVCRT_wcrtomb(char *dst, WCHAR wc, void *state)
{
    if (!dst)
        return 1;
    if (wc > 0xff) {
        msvcrt_errno = MSVCRT_EILSEQ;
        return (size_t)-1;
    }
    *dst = (char)wc;
    return 1;
}

/* File names and other strings the CRT hands to kernel32 go through the ANSI code page. */
WCHAR *msvcrt_strdup_a_to_w(const char *s)
{
    if (!s) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
    WCHAR *w = n > 0 ? MSVCRT_malloc(n * sizeof(WCHAR)) : NULL;
    if (!w) {
        msvcrt_errno = n > 0 ? MSVCRT_ENOMEM : MSVCRT_EILSEQ;
        return NULL;
    }
    MultiByteToWideChar(CP_ACP, 0, s, -1, w, n);
    return w;
}

char *msvcrt_strdup_w_to_a(const WCHAR *w)
{
    int n = WideCharToMultiByte(CP_ACP, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? MSVCRT_malloc(n) : NULL;
    if (s)
        WideCharToMultiByte(CP_ACP, 0, w, -1, s, n, NULL, NULL);
    return s;
}
