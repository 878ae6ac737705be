/*
 * Code page conversions and simple string functions (kernel32): MultiByteToWideChar,
 * WideCharToMultiByte, GetCPInfo(Ex), the lstr* family and CompareStringOrdinal. The conversions
 * themselves live in ntdll (codepage.c); this layer validates parameters and sets the Win32 errors.
 */
#include <string.h>

#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(nls);

#define ERROR_INVALID_FLAGS_ 1004

#include "stringtype_table.h"

static UINT resolve_cp(UINT cp)
{
    switch (cp) {
    case CP_ACP:
    case CP_THREAD_ACP:
        return ORIEL_ANSI_CP;
    case CP_OEMCP:
        return ORIEL_OEM_CP;
    }
    return cp;
}

UINT WINAPI GetACP(void)
{
    return ORIEL_ANSI_CP;
}

UINT WINAPI GetOEMCP(void)
{
    return ORIEL_OEM_CP;
}

BOOL WINAPI IsValidCodePage(UINT cp)
{
    /* the pseudo code pages (CP_ACP ...) are not code pages of their own */
    if (cp == CP_ACP || cp == CP_OEMCP || cp == CP_MACCP || cp == CP_THREAD_ACP)
        return FALSE;
    return ntdll_cp_is_valid(cp);
}

int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR src, int srclen, LPWSTR dst, int dstlen)
{
    if (!src || !srclen || dstlen < 0 || (!dst && dstlen) || (dst && (const void *)src == (void *)dst)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    cp = resolve_cp(cp);
    if (!ntdll_cp_is_valid(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    switch (cp) {
    case CP_UTF7:
        if (flags) {
            SetLastError(ERROR_INVALID_FLAGS_);
            return 0;
        }
        break;
    case CP_UTF8:
        if (flags & ~MB_ERR_INVALID_CHARS) {
            SetLastError(ERROR_INVALID_FLAGS_);
            return 0;
        }
        break;
    default:
        if ((flags & ~(MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS)) ||
            ((flags & MB_PRECOMPOSED) && (flags & MB_COMPOSITE))) {
            SetLastError(ERROR_INVALID_FLAGS_);
            return 0;
        }
        if (flags & MB_COMPOSITE)
            FIXME_ONCE("MB_COMPOSITE: characters are not decomposed\n");
        break;
    }
    if (srclen < 0)
        srclen = (int)strlen(src) + 1;

    int ret = ntdll_cp_mbstowcs(cp, flags, src, srclen, dst, dstlen);
    if (ret == -1) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (ret < 0) {
        SetLastError(ERROR_NO_UNICODE_TRANSLATION);
        return 0;
    }
    return ret;
}

int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR src, int srclen, LPSTR dst, int dstlen,
                               LPCSTR defchar, LPBOOL used)
{
    if (!src || !srclen || dstlen < 0 || (!dst && dstlen) || (dst && (const void *)src == (void *)dst)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    cp = resolve_cp(cp);
    if (!ntdll_cp_is_valid(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    switch (cp) {
    case CP_UTF7:
    case CP_UTF8:
        /* documented: lpDefaultChar and lpUsedDefaultChar must be NULL for UTF-7 and UTF-8 */
        if (defchar || used) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (flags & ~(cp == CP_UTF8 ? WC_ERR_INVALID_CHARS : 0)) {
            SetLastError(ERROR_INVALID_FLAGS_);
            return 0;
        }
        break;
    default:
        if (flags & ~(WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR | WC_NO_BEST_FIT_CHARS |
                      WC_ERR_INVALID_CHARS)) {
            SetLastError(ERROR_INVALID_FLAGS_);
            return 0;
        }
        if (flags & WC_COMPOSITECHECK)
            FIXME_ONCE("WC_COMPOSITECHECK: composed forms are not looked up\n");
        break;
    }
    if (srclen < 0)
        srclen = (int)NTDLL_wcslen(src) + 1;

    BOOL any_default = FALSE;
    int ret = ntdll_cp_wcstombs(cp, flags, src, srclen, dst, dstlen, defchar, used ? &any_default : NULL);
    if (ret == -1) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (ret < 0) {
        SetLastError(ERROR_NO_UNICODE_TRANSLATION);
        return 0;
    }
    if (used)
        *used = any_default;
    return ret;
}

static const char *cp_name(UINT cp)
{
    switch (cp) {
    case 1252:
        return "1252  (ANSI - Latin I)";
    case 437:
        return "437   (OEM - United States)";
    case 28591:
        return "28591 (ISO 8859-1 Latin I)";
    case 20127:
        return "20127 (US-ASCII)";
    case 65000:
        return "65000 (UTF-7)";
    case 65001:
        return "65001 (UTF-8)";
    }
    return "";
}

static BOOL fill_cpinfo(UINT cp, LPCPINFO info)
{
    if (!info) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    cp = resolve_cp(cp);
    if (!ntdll_cp_is_valid(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = ntdll_cp_max_char_size(cp);
    info->DefaultChar[0] = '?';
    return TRUE;
}

BOOL WINAPI GetCPInfo(UINT cp, LPCPINFO info)
{
    return fill_cpinfo(cp, info);
}

BOOL WINAPI GetCPInfoExW(UINT cp, DWORD flags, LPCPINFOEXW info)
{
    CPINFO base;
    if (!info) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!fill_cpinfo(cp, &base))
        return FALSE;
    cp = resolve_cp(cp);
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = base.MaxCharSize;
    memcpy(info->DefaultChar, base.DefaultChar, sizeof(base.DefaultChar));
    info->UnicodeDefaultChar = (cp == CP_UTF7 || cp == CP_UTF8) ? 0xfffd : '?';
    info->CodePage = cp;
    const char *name = cp_name(cp);
    for (int i = 0; name[i] && i < MAX_PATH - 1; i++)
        info->CodePageName[i] = (unsigned char)name[i];
    return TRUE;
}

BOOL WINAPI GetCPInfoExA(UINT cp, DWORD flags, LPCPINFOEXA info)
{
    CPINFOEXW w;
    if (!info) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!GetCPInfoExW(cp, flags, &w))
        return FALSE;
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = w.MaxCharSize;
    memcpy(info->DefaultChar, w.DefaultChar, sizeof(w.DefaultChar));
    memcpy(info->LeadByte, w.LeadByte, sizeof(w.LeadByte));
    info->UnicodeDefaultChar = w.UnicodeDefaultChar;
    info->CodePage = w.CodePage;
    for (int i = 0; w.CodePageName[i] && i < MAX_PATH - 1; i++)
        info->CodePageName[i] = (char)w.CodePageName[i];
    return TRUE;
}

/* none of the supported code pages has lead bytes */
BOOL WINAPI IsDBCSLeadByteEx(UINT cp, BYTE c)
{
    cp = resolve_cp(cp);
    if (!ntdll_cp_is_valid(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return FALSE;
}

BOOL WINAPI IsDBCSLeadByte(BYTE c)
{
    return IsDBCSLeadByteEx(CP_ACP, c);
}

/* ---- lstr* ---- */

int WINAPI lstrlenA(LPCSTR s)
{
    return s ? (int)strlen(s) : 0;
}

int WINAPI lstrlenW(LPCWSTR s)
{
    return s ? (int)NTDLL_wcslen(s) : 0;
}

LPSTR WINAPI lstrcpyA(LPSTR dst, LPCSTR src)
{
    if (!dst || !src)
        return NULL;
    memmove(dst, src, strlen(src) + 1);
    return dst;
}

LPWSTR WINAPI lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    if (!dst || !src)
        return NULL;
    memmove(dst, src, (NTDLL_wcslen(src) + 1) * sizeof(WCHAR));
    return dst;
}

LPSTR WINAPI lstrcpynA(LPSTR dst, LPCSTR src, int n)
{
    if (!dst || (!src && n > 1))
        return NULL;
    int i = 0;
    for (; i < n - 1 && src[i]; i++)
        dst[i] = src[i];
    if (n > 0)
        dst[i] = 0;
    return dst;
}

LPWSTR WINAPI lstrcpynW(LPWSTR dst, LPCWSTR src, int n)
{
    if (!dst || (!src && n > 1))
        return NULL;
    int i = 0;
    for (; i < n - 1 && src[i]; i++)
        dst[i] = src[i];
    if (n > 0)
        dst[i] = 0;
    return dst;
}

LPSTR WINAPI lstrcatA(LPSTR dst, LPCSTR src)
{
    if (!dst || !src)
        return NULL;
    strcat(dst, src);
    return dst;
}

LPWSTR WINAPI lstrcatW(LPWSTR dst, LPCWSTR src)
{
    if (!dst || !src)
        return NULL;
    NTDLL_wcscat(dst, src);
    return dst;
}

/*
 * lstrcmp is a linguistic comparison (CompareString with the user locale). Until the locale tables
 * exist this approximates Windows' word sort: hyphens and apostrophes are ignored at first, ASCII
 * punctuation follows Windows' order (below), then digits, then letters without regard to case; only
 * then does case decide (lower case first), and finally the ignored characters.
 */
/* ASCII symbols in Windows' sort order, as observed on the reference (controls sort before all; the
 * apostrophe and hyphen only count with SORT_STRINGSORT or as the last tie-breaker) */
static const char symbol_order[] = "'- \t\n\v\f\r!\"#$%&()*,./:;?@[\\]^_`{|}~+<=>";

static int primary_weight(WCHAR c)
{
    static BYTE weights[128];
    static int init;
    if (!init) {
        for (int i = 0; i < 128; i++)
            weights[i] = 1; /* control characters */
        for (int i = 0; symbol_order[i]; i++)
            weights[(unsigned char)symbol_order[i]] = (BYTE)(2 + i);
        for (int i = 0; i < 10; i++)
            weights['0' + i] = (BYTE)(64 + i);
        for (int i = 0; i < 26; i++)
            weights['a' + i] = weights['A' + i] = (BYTE)(80 + i);
        init = 1;
    }
    if (c < 0x80)
        return weights[c];
    WCHAR l = ntdll_towlower(c);
    if (l != c || ntdll_towupper(c) != c)
        return 0x10000 + l; /* other letters after the ASCII ones, by code point */
    return 0x8000 + c;      /* other symbols between ASCII symbols' order and letters */
}

static int is_ignored(WCHAR c)
{
    return c == '-' || c == '\'';
}

#define CMP_IGNORE_CASE 1
#define CMP_IGNORE_SYMBOLS 2
#define CMP_STRING_SORT 4 /* hyphen and apostrophe are ordinary symbols */

/* the next character that takes part in the primary comparison, or -1 at the end */
static int next_primary(const WCHAR *s, int len, int *i, int mode)
{
    while (*i < len) {
        WCHAR c = s[*i];
        if (!(mode & CMP_STRING_SORT) && is_ignored(c)) {
            (*i)++;
            continue;
        }
        if ((mode & CMP_IGNORE_SYMBOLS) && primary_weight(c) < 64) {
            (*i)++;
            continue;
        }
        return c;
    }
    return -1;
}

static int compare_linguistic(const WCHAR *a, int la, const WCHAR *b, int lb, int mode)
{
    int i = 0, j = 0, ca, cb;
    /* primary: weights, skipping what the mode ignores */
    for (;;) {
        ca = next_primary(a, la, &i, mode);
        cb = next_primary(b, lb, &j, mode);
        if (ca < 0 || cb < 0)
            break;
        int wa = primary_weight((WCHAR)ca), wb = primary_weight((WCHAR)cb);
        if (wa != wb)
            return wa < wb ? -1 : 1;
        i++;
        j++;
    }
    if (ca >= 0 || cb >= 0)
        return ca >= 0 ? 1 : -1;
    /* tertiary: case, lower case first */
    if (!(mode & CMP_IGNORE_CASE)) {
        for (i = j = 0;; i++, j++) {
            ca = next_primary(a, la, &i, mode);
            cb = next_primary(b, lb, &j, mode);
            if (ca < 0 || cb < 0)
                break;
            if (ca != cb) {
                int ua = ntdll_towlower((WCHAR)ca) != ca, ub = ntdll_towlower((WCHAR)cb) != cb;
                if (ua != ub)
                    return ua ? 1 : -1;
            }
        }
    }
    if (mode & (CMP_IGNORE_SYMBOLS | CMP_STRING_SORT))
        return 0;
    /* finally the ignored characters decide: the string that has more of them sorts later */
    int ia = 0, ib = 0;
    for (i = 0; i < la; i++)
        ia += is_ignored(a[i]);
    for (j = 0; j < lb; j++)
        ib += is_ignored(b[j]);
    if (ia != ib)
        return ia < ib ? -1 : 1;
    for (i = 0; i < la && i < lb; i++) {
        if (a[i] == b[i])
            continue;
        if (is_ignored(a[i]) != is_ignored(b[i]))
            return is_ignored(a[i]) ? -1 : 1;
        if ((mode & CMP_IGNORE_CASE) && ntdll_towlower(a[i]) == ntdll_towlower(b[i]))
            continue;
        int wa = primary_weight(a[i]), wb = primary_weight(b[i]);
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    return 0;
}

static int lstrcmp_common_w(LPCWSTR a, LPCWSTR b, BOOL ignore_case)
{
    if (!a && !b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    FIXME_ONCE("linguistic comparison is approximated without locale tables\n");
    return compare_linguistic(a, (int)NTDLL_wcslen(a), b, (int)NTDLL_wcslen(b),
                              ignore_case ? CMP_IGNORE_CASE : 0);
}

static WCHAR *ansi_to_wide(LPCSTR s)
{
    int len = MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
    WCHAR *w = HeapAlloc(GetProcessHeap(), 0, len * sizeof(WCHAR));
    if (w)
        MultiByteToWideChar(CP_ACP, 0, s, -1, w, len);
    return w;
}

static int lstrcmp_common_a(LPCSTR a, LPCSTR b, BOOL ignore_case)
{
    if (!a && !b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    WCHAR *wa = ansi_to_wide(a), *wb = ansi_to_wide(b);
    int ret = (wa && wb) ? lstrcmp_common_w(wa, wb, ignore_case) : strcmp(a, b);
    HeapFree(GetProcessHeap(), 0, wa);
    HeapFree(GetProcessHeap(), 0, wb);
    return ret;
}

int WINAPI lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    return lstrcmp_common_w(a, b, FALSE);
}

int WINAPI lstrcmpiW(LPCWSTR a, LPCWSTR b)
{
    return lstrcmp_common_w(a, b, TRUE);
}

int WINAPI lstrcmpA(LPCSTR a, LPCSTR b)
{
    return lstrcmp_common_a(a, b, FALSE);
}

int WINAPI lstrcmpiA(LPCSTR a, LPCSTR b)
{
    return lstrcmp_common_a(a, b, TRUE);
}

int WINAPI CompareStringOrdinal(LPCWSTR s1, int len1, LPCWSTR s2, int len2, BOOL ignore_case)
{
    if (!s1 || !s2) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (len1 < 0)
        len1 = (int)NTDLL_wcslen(s1);
    if (len2 < 0)
        len2 = (int)NTDLL_wcslen(s2);
    LONG r = RtlCompareUnicodeStrings(s1, len1, s2, len2, ignore_case ? TRUE : FALSE);
    return r < 0 ? CSTR_LESS_THAN : r > 0 ? CSTR_GREATER_THAN : CSTR_EQUAL;
}

/* ---- character types ---- */

static WORD lookup_ctype(const struct ctype_run *runs, size_t n, WCHAR ch)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (runs[mid].first <= ch)
            lo = mid;
        else
            hi = mid;
    }
    return runs[lo].value;
}

BOOL WINAPI GetStringTypeW(DWORD type, LPCWSTR src, int count, LPWORD chartype)
{
    const struct ctype_run *runs;
    size_t n;
    if (!src || !chartype) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    switch (type) {
    case CT_CTYPE1:
        runs = ctype1_runs;
        n = ARRAY_SIZE(ctype1_runs);
        break;
    case CT_CTYPE2:
        runs = ctype2_runs;
        n = ARRAY_SIZE(ctype2_runs);
        break;
    case CT_CTYPE3:
        runs = ctype3_runs;
        n = ARRAY_SIZE(ctype3_runs);
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER); /* what the reference reports for an unknown type */
        return FALSE;
    }
    if (count < 0)
        count = (int)NTDLL_wcslen(src) + 1;
    for (int i = 0; i < count; i++)
        chartype[i] = lookup_ctype(runs, n, src[i]);
    return TRUE;
}

BOOL WINAPI GetStringTypeExW(LCID locale, DWORD type, LPCWSTR src, int count, LPWORD chartype)
{
    return GetStringTypeW(type, src, count, chartype); /* character types do not depend on the locale */
}

BOOL WINAPI GetStringTypeA(LCID locale, DWORD type, LPCSTR src, int count, LPWORD chartype)
{
    if (!src || !chartype) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (count < 0)
        count = (int)strlen(src) + 1;
    if (!count)
        return TRUE;
    WCHAR *w = HeapAlloc(GetProcessHeap(), 0, count * sizeof(WCHAR));
    if (!w) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    /* the ANSI code page is single-byte: one WCHAR per byte */
    MultiByteToWideChar(CP_ACP, 0, src, count, w, count);
    BOOL ret = GetStringTypeW(type, w, count, chartype);
    HeapFree(GetProcessHeap(), 0, w);
    return ret;
}

BOOL WINAPI GetStringTypeExA(LCID locale, DWORD type, LPCSTR src, int count, LPWORD chartype)
{
    return GetStringTypeA(locale, type, src, count, chartype);
}

/* ---- CompareString ---- */

#define NORM_IGNORECASE 0x00000001
#define NORM_IGNORENONSPACE 0x00000002
#define NORM_IGNORESYMBOLS 0x00000004
#define LINGUISTIC_IGNORECASE 0x00000010
#define LINGUISTIC_IGNOREDIACRITIC 0x00000020
#define NORM_IGNOREKANATYPE 0x00010000
#define NORM_IGNOREWIDTH 0x00020000
#define NORM_LINGUISTIC_CASING 0x08000000
#define SORT_STRINGSORT 0x00001000
#define SORT_DIGITSASNUMBERS 0x00000008
#define COMPARE_STRING_FLAGS                                                                                 \
    (NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS | LINGUISTIC_IGNORECASE |                    \
     LINGUISTIC_IGNOREDIACRITIC | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH | NORM_LINGUISTIC_CASING |          \
     SORT_STRINGSORT | SORT_DIGITSASNUMBERS)

int WINAPI CompareStringEx(LPCWSTR locale, DWORD flags, LPCWSTR s1, int len1, LPCWSTR s2, int len2,
                           void *version, void *reserved, LPARAM handle)
{
    if (!s1 || !s2) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & ~COMPARE_STRING_FLAGS) {
        SetLastError(ERROR_INVALID_FLAGS_);
        return 0;
    }
    if (flags & (NORM_IGNORENONSPACE | LINGUISTIC_IGNOREDIACRITIC | SORT_DIGITSASNUMBERS))
        FIXME_ONCE("flags %#x partly ignored\n", (unsigned)flags);
    FIXME_ONCE("linguistic comparison is approximated without locale tables\n");
    if (len1 < 0)
        len1 = (int)NTDLL_wcslen(s1);
    if (len2 < 0)
        len2 = (int)NTDLL_wcslen(s2);
    int mode = 0;
    if (flags & (NORM_IGNORECASE | LINGUISTIC_IGNORECASE))
        mode |= CMP_IGNORE_CASE;
    if (flags & NORM_IGNORESYMBOLS)
        mode |= CMP_IGNORE_SYMBOLS;
    if (flags & SORT_STRINGSORT)
        mode |= CMP_STRING_SORT;
    int r = compare_linguistic(s1, len1, s2, len2, mode);
    return r < 0 ? CSTR_LESS_THAN : r > 0 ? CSTR_GREATER_THAN : CSTR_EQUAL;
}

int WINAPI CompareStringW(LCID lcid, DWORD flags, LPCWSTR s1, int len1, LPCWSTR s2, int len2)
{
    return CompareStringEx(NULL, flags, s1, len1, s2, len2, NULL, NULL, 0);
}

int WINAPI CompareStringA(LCID lcid, DWORD flags, LPCSTR s1, int len1, LPCSTR s2, int len2)
{
    if (!s1 || !s2) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (len1 < 0)
        len1 = (int)strlen(s1);
    if (len2 < 0)
        len2 = (int)strlen(s2);
    WCHAR *w1 = HeapAlloc(GetProcessHeap(), 0, (len1 + 1) * sizeof(WCHAR));
    WCHAR *w2 = HeapAlloc(GetProcessHeap(), 0, (len2 + 1) * sizeof(WCHAR));
    int ret = 0;
    if (!w1 || !w2) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        int n1 = len1 ? MultiByteToWideChar(CP_ACP, 0, s1, len1, w1, len1) : 0;
        int n2 = len2 ? MultiByteToWideChar(CP_ACP, 0, s2, len2, w2, len2) : 0;
        ret = CompareStringEx(NULL, flags, w1, n1, w2, n2, NULL, NULL, 0);
    }
    HeapFree(GetProcessHeap(), 0, w1);
    HeapFree(GetProcessHeap(), 0, w2);
    return ret;
}
