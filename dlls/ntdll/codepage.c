/*
 * Code page conversion (ntdll): Windows-1252 (the ANSI code page), 437 (the OEM code page), ISO-8859-1,
 * UTF-8 and UTF-7, and simple Unicode case mapping. Pure functions without TEB or heap use, shared by
 * rtlstr.c, kernel32's MultiByteToWideChar/WideCharToMultiByte and tests/unit/codepage_test.c.
 *
 * The single-byte tables were generated once from the host's iconv (CP1252, CP437) and are kept here as
 * data so the conversion never depends on the host's gconv modules. Windows maps the five bytes that
 * CP1252 leaves undefined (0x81 0x8d 0x8f 0x90 0x9d) to the C1 control with the same value.
 * The case tables hold Windows' simple 1:1 case mappings of the BMP (generated once from the reference
 * implementation's RtlUpcaseUnicodeChar/RtlDowncaseUnicodeChar; unlike the Unicode database they leave
 * e.g. U+00B5, U+0131 and the title-case digraphs alone) and are stored as runs: {first, count, delta, step}.
 */
#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(nls);

#define CP_MB_USEGLYPHCHARS 0x04
#define CP_MB_ERR_INVALID_CHARS 0x08
#define CP_WC_ERR_INVALID_CHARS 0x80
#define CP_WC_NO_BEST_FIT_CHARS 0x400

#include "codepage_bestfit.h"

#define CP_ERR_BUFFER (-1)
#define CP_ERR_INVALID (-2)
#define CP_ERR_CODEPAGE (-3)

/* clang-format off */
static const WCHAR cp1252_80[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static const WCHAR cp437_80[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee,
    0x00ec, 0x00c4, 0x00c5, 0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9, 0x00ff, 0x00d6,
    0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192, 0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa,
    0x00ba, 0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510, 0x2514,
    0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
    0x256c, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b, 0x256a, 0x2518, 0x250c,
    0x2588, 0x2584, 0x258c, 0x2590, 0x2580, 0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229, 0x2261, 0x00b1, 0x2265, 0x2264, 0x2320,
    0x2321, 0x00f7, 0x2248, 0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

/* MB_USEGLYPHCHARS: the OEM glyphs of the control characters 0x01-0x1f (0x7f is U+2302) */
static const WCHAR cp437_glyphs[32] = {
    0x0000, 0x263a, 0x263b, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022, 0x25d8, 0x25cb, 0x25d9,
    0x2642, 0x2640, 0x266a, 0x266b, 0x263c, 0x25ba, 0x25c4, 0x2195, 0x203c, 0x00b6, 0x00a7,
    0x25ac, 0x21a8, 0x2191, 0x2193, 0x2192, 0x2190, 0x221f, 0x2194, 0x25b2, 0x25bc,
};

struct case_run {
    WCHAR first;
    USHORT count;
    int delta;
    int step;
};

static const struct case_run upper_runs[] = {
    {0x0061, 26, -32, 1}, {0x00e0, 23, -32, 1}, {0x00f8, 7, -32, 1}, {0x00ff, 1, 121, 1},
    {0x0101, 24, -1, 2}, {0x0133, 3, -1, 2}, {0x013a, 8, -1, 2}, {0x014b, 23, -1, 2},
    {0x017a, 3, -1, 2}, {0x0180, 1, 195, 1}, {0x0183, 2, -1, 2}, {0x0188, 1, -1, 1},
    {0x018c, 1, -1, 1}, {0x0192, 1, -1, 1}, {0x0195, 1, 97, 1}, {0x0199, 1, -1, 1},
    {0x019a, 1, 163, 1}, {0x019e, 1, 130, 1}, {0x01a1, 3, -1, 2}, {0x01a8, 1, -1, 1},
    {0x01ad, 1, -1, 1}, {0x01b0, 1, -1, 1}, {0x01b4, 2, -1, 2}, {0x01b9, 1, -1, 1},
    {0x01bd, 1, -1, 1}, {0x01bf, 1, 56, 1}, {0x01c6, 1, -2, 1}, {0x01c9, 1, -2, 1},
    {0x01cc, 1, -2, 1}, {0x01ce, 8, -1, 2}, {0x01dd, 1, -79, 1}, {0x01df, 9, -1, 2},
    {0x01f3, 1, -2, 1}, {0x01f5, 1, -1, 1}, {0x01f9, 20, -1, 2}, {0x0223, 9, -1, 2},
    {0x023c, 1, -1, 1}, {0x023f, 2, 10815, 1}, {0x0242, 1, -1, 1}, {0x0247, 5, -1, 2},
    {0x0250, 1, 10783, 1}, {0x0251, 1, 10780, 1}, {0x0252, 1, 10782, 1}, {0x0253, 1, -210, 1},
    {0x0254, 1, -206, 1}, {0x0256, 2, -205, 1}, {0x0259, 1, -202, 1}, {0x025b, 1, -203, 1},
    {0x025c, 1, 42319, 1}, {0x0260, 1, -205, 1}, {0x0261, 1, 42315, 1}, {0x0263, 1, -207, 1},
    {0x0265, 1, 42280, 1}, {0x0266, 1, 42308, 1}, {0x0268, 1, -209, 1}, {0x0269, 1, -211, 1},
    {0x026a, 1, 42308, 1}, {0x026b, 1, 10743, 1}, {0x026c, 1, 42305, 1}, {0x026f, 1, -211, 1},
    {0x0271, 1, 10749, 1}, {0x0272, 1, -213, 1}, {0x0275, 1, -214, 1}, {0x027d, 1, 10727, 1},
    {0x0280, 1, -218, 1}, {0x0282, 1, 42307, 1}, {0x0283, 1, -218, 1}, {0x0287, 1, 42282, 1},
    {0x0288, 1, -218, 1}, {0x0289, 1, -69, 1}, {0x028a, 2, -217, 1}, {0x028c, 1, -71, 1},
    {0x0292, 1, -219, 1}, {0x029d, 1, 42261, 1}, {0x029e, 1, 42258, 1}, {0x0371, 2, -1, 2},
    {0x0377, 1, -1, 1}, {0x037b, 3, 130, 1}, {0x03ac, 1, -38, 1}, {0x03ad, 3, -37, 1},
    {0x03b1, 17, -32, 1}, {0x03c3, 9, -32, 1}, {0x03cc, 1, -64, 1}, {0x03cd, 2, -63, 1},
    {0x03d7, 1, -8, 1}, {0x03d9, 12, -1, 2}, {0x03f2, 1, 7, 1}, {0x03f3, 1, -116, 1},
    {0x03f8, 1, -1, 1}, {0x03fb, 1, -1, 1}, {0x0430, 32, -32, 1}, {0x0450, 16, -80, 1},
    {0x0461, 17, -1, 2}, {0x048b, 27, -1, 2}, {0x04c2, 7, -1, 2}, {0x04cf, 1, -15, 1},
    {0x04d1, 48, -1, 2}, {0x0561, 38, -48, 1}, {0x10d0, 43, 3008, 1}, {0x10fd, 3, 3008, 1},
    {0x13f8, 6, -8, 1}, {0x1d79, 1, 35332, 1}, {0x1d7d, 1, 3814, 1}, {0x1d8e, 1, 35384, 1},
    {0x1e01, 75, -1, 2}, {0x1ea1, 48, -1, 2}, {0x1f00, 8, 8, 1}, {0x1f10, 6, 8, 1},
    {0x1f20, 8, 8, 1}, {0x1f30, 8, 8, 1}, {0x1f40, 6, 8, 1}, {0x1f51, 4, 8, 2},
    {0x1f60, 8, 8, 1}, {0x1f70, 2, 74, 1}, {0x1f72, 4, 86, 1}, {0x1f76, 2, 100, 1},
    {0x1f78, 2, 128, 1}, {0x1f7a, 2, 112, 1}, {0x1f7c, 2, 126, 1}, {0x1f80, 8, 8, 1},
    {0x1f90, 8, 8, 1}, {0x1fa0, 8, 8, 1}, {0x1fb0, 2, 8, 1}, {0x1fb3, 1, 9, 1},
    {0x1fc3, 1, 9, 1}, {0x1fd0, 2, 8, 1}, {0x1fe0, 2, 8, 1}, {0x1fe5, 1, 7, 1},
    {0x1ff3, 1, 9, 1}, {0x214e, 1, -28, 1}, {0x2170, 16, -16, 1}, {0x2184, 1, -1, 1},
    {0x24d0, 26, -26, 1}, {0x2c30, 48, -48, 1}, {0x2c61, 1, -1, 1}, {0x2c65, 1, -10795, 1},
    {0x2c66, 1, -10792, 1}, {0x2c68, 3, -1, 2}, {0x2c73, 1, -1, 1}, {0x2c76, 1, -1, 1},
    {0x2c81, 50, -1, 2}, {0x2cec, 2, -1, 2}, {0x2cf3, 1, -1, 1}, {0x2d00, 38, -7264, 1},
    {0x2d27, 1, -7264, 1}, {0x2d2d, 1, -7264, 1}, {0xa641, 23, -1, 2}, {0xa681, 14, -1, 2},
    {0xa723, 7, -1, 2}, {0xa733, 31, -1, 2}, {0xa77a, 2, -1, 2}, {0xa77f, 5, -1, 2},
    {0xa78c, 1, -1, 1}, {0xa791, 2, -1, 2}, {0xa794, 1, 48, 1}, {0xa797, 10, -1, 2},
    {0xa7b5, 8, -1, 2}, {0xa7c8, 2, -1, 2}, {0xa7d1, 1, -1, 1}, {0xa7d7, 2, -1, 2},
    {0xa7f6, 1, -1, 1}, {0xab53, 1, -928, 1}, {0xab70, 80, -38864, 1}, {0xff41, 26, -32, 1},
};

static const struct case_run lower_runs[] = {
    {0x0041, 26, 32, 1}, {0x00c0, 23, 32, 1}, {0x00d8, 7, 32, 1}, {0x0100, 24, 1, 2},
    {0x0132, 3, 1, 2}, {0x0139, 8, 1, 2}, {0x014a, 23, 1, 2}, {0x0178, 1, -121, 1},
    {0x0179, 3, 1, 2}, {0x0181, 1, 210, 1}, {0x0182, 2, 1, 2}, {0x0186, 1, 206, 1},
    {0x0187, 1, 1, 1}, {0x0189, 2, 205, 1}, {0x018b, 1, 1, 1}, {0x018e, 1, 79, 1},
    {0x018f, 1, 202, 1}, {0x0190, 1, 203, 1}, {0x0191, 1, 1, 1}, {0x0193, 1, 205, 1},
    {0x0194, 1, 207, 1}, {0x0196, 1, 211, 1}, {0x0197, 1, 209, 1}, {0x0198, 1, 1, 1},
    {0x019c, 1, 211, 1}, {0x019d, 1, 213, 1}, {0x019f, 1, 214, 1}, {0x01a0, 3, 1, 2},
    {0x01a6, 1, 218, 1}, {0x01a7, 1, 1, 1}, {0x01a9, 1, 218, 1}, {0x01ac, 1, 1, 1},
    {0x01ae, 1, 218, 1}, {0x01af, 1, 1, 1}, {0x01b1, 2, 217, 1}, {0x01b3, 2, 1, 2},
    {0x01b7, 1, 219, 1}, {0x01b8, 1, 1, 1}, {0x01bc, 1, 1, 1}, {0x01c4, 1, 2, 1},
    {0x01c7, 1, 2, 1}, {0x01ca, 1, 2, 1}, {0x01cd, 8, 1, 2}, {0x01de, 9, 1, 2},
    {0x01f1, 1, 2, 1}, {0x01f4, 1, 1, 1}, {0x01f6, 1, -97, 1}, {0x01f7, 1, -56, 1},
    {0x01f8, 20, 1, 2}, {0x0220, 1, -130, 1}, {0x0222, 9, 1, 2}, {0x023a, 1, 10795, 1},
    {0x023b, 1, 1, 1}, {0x023d, 1, -163, 1}, {0x023e, 1, 10792, 1}, {0x0241, 1, 1, 1},
    {0x0243, 1, -195, 1}, {0x0244, 1, 69, 1}, {0x0245, 1, 71, 1}, {0x0246, 5, 1, 2},
    {0x0370, 2, 1, 2}, {0x0376, 1, 1, 1}, {0x037f, 1, 116, 1}, {0x0386, 1, 38, 1},
    {0x0388, 3, 37, 1}, {0x038c, 1, 64, 1}, {0x038e, 2, 63, 1}, {0x0391, 17, 32, 1},
    {0x03a3, 9, 32, 1}, {0x03cf, 1, 8, 1}, {0x03d8, 12, 1, 2}, {0x03f7, 1, 1, 1},
    {0x03f9, 1, -7, 1}, {0x03fa, 1, 1, 1}, {0x03fd, 3, -130, 1}, {0x0400, 16, 80, 1},
    {0x0410, 32, 32, 1}, {0x0460, 17, 1, 2}, {0x048a, 27, 1, 2}, {0x04c0, 1, 15, 1},
    {0x04c1, 7, 1, 2}, {0x04d0, 48, 1, 2}, {0x0531, 38, 48, 1}, {0x10a0, 38, 7264, 1},
    {0x10c7, 1, 7264, 1}, {0x10cd, 1, 7264, 1}, {0x13a0, 80, 38864, 1}, {0x13f0, 6, 8, 1},
    {0x1c90, 43, -3008, 1}, {0x1cbd, 3, -3008, 1}, {0x1e00, 75, 1, 2}, {0x1ea0, 48, 1, 2},
    {0x1f08, 8, -8, 1}, {0x1f18, 6, -8, 1}, {0x1f28, 8, -8, 1}, {0x1f38, 8, -8, 1},
    {0x1f48, 6, -8, 1}, {0x1f59, 4, -8, 2}, {0x1f68, 8, -8, 1}, {0x1f88, 8, -8, 1},
    {0x1f98, 8, -8, 1}, {0x1fa8, 8, -8, 1}, {0x1fb8, 2, -8, 1}, {0x1fba, 2, -74, 1},
    {0x1fbc, 1, -9, 1}, {0x1fc8, 4, -86, 1}, {0x1fcc, 1, -9, 1}, {0x1fd8, 2, -8, 1},
    {0x1fda, 2, -100, 1}, {0x1fe8, 2, -8, 1}, {0x1fea, 2, -112, 1}, {0x1fec, 1, -7, 1},
    {0x1ff8, 2, -128, 1}, {0x1ffa, 2, -126, 1}, {0x1ffc, 1, -9, 1}, {0x2132, 1, 28, 1},
    {0x2160, 16, 16, 1}, {0x2183, 1, 1, 1}, {0x24b6, 26, 26, 1}, {0x2c00, 48, 48, 1},
    {0x2c60, 1, 1, 1}, {0x2c62, 1, -10743, 1}, {0x2c63, 1, -3814, 1}, {0x2c64, 1, -10727, 1},
    {0x2c67, 3, 1, 2}, {0x2c6d, 1, -10780, 1}, {0x2c6e, 1, -10749, 1}, {0x2c6f, 1, -10783, 1},
    {0x2c70, 1, -10782, 1}, {0x2c72, 1, 1, 1}, {0x2c75, 1, 1, 1}, {0x2c7e, 2, -10815, 1},
    {0x2c80, 50, 1, 2}, {0x2ceb, 2, 1, 2}, {0x2cf2, 1, 1, 1}, {0xa640, 23, 1, 2},
    {0xa680, 14, 1, 2}, {0xa722, 7, 1, 2}, {0xa732, 31, 1, 2}, {0xa779, 2, 1, 2},
    {0xa77d, 1, -35332, 1}, {0xa77e, 5, 1, 2}, {0xa78b, 1, 1, 1}, {0xa78d, 1, -42280, 1},
    {0xa790, 2, 1, 2}, {0xa796, 10, 1, 2}, {0xa7aa, 1, -42308, 1}, {0xa7ab, 1, -42319, 1},
    {0xa7ac, 1, -42315, 1}, {0xa7ad, 1, -42305, 1}, {0xa7ae, 1, -42308, 1}, {0xa7b0, 1, -42258, 1},
    {0xa7b1, 1, -42282, 1}, {0xa7b2, 1, -42261, 1}, {0xa7b3, 1, 928, 1}, {0xa7b4, 8, 1, 2},
    {0xa7c4, 1, -48, 1}, {0xa7c5, 1, -42307, 1}, {0xa7c6, 1, -35384, 1}, {0xa7c7, 2, 1, 2},
    {0xa7d0, 1, 1, 1}, {0xa7d6, 2, 1, 2}, {0xa7f5, 1, 1, 1}, {0xff21, 26, 32, 1},
};

/* clang-format on */

static WCHAR case_map(const struct case_run *runs, size_t n, WCHAR ch)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct case_run *r = &runs[mid];
        if (ch < r->first) {
            hi = mid;
        } else if (ch > r->first + (r->count - 1) * r->step) {
            lo = mid + 1;
        } else {
            if ((ch - r->first) % r->step)
                return ch;
            return (WCHAR)(ch + r->delta);
        }
    }
    return ch;
}

WCHAR ntdll_towupper(WCHAR ch)
{
    if (ch < 0x80)
        return (ch >= 'a' && ch <= 'z') ? ch - 0x20 : ch;
    return case_map(upper_runs, ARRAY_SIZE(upper_runs), ch);
}

WCHAR ntdll_towlower(WCHAR ch)
{
    if (ch < 0x80)
        return (ch >= 'A' && ch <= 'Z') ? ch + 0x20 : ch;
    return case_map(lower_runs, ARRAY_SIZE(lower_runs), ch);
}

static UINT resolve_cp(UINT cp)
{
    switch (cp) {
    case 0: /* CP_ACP */
    case 3: /* CP_THREAD_ACP */
        return ORIEL_ANSI_CP;
    case 1: /* CP_OEMCP */
        return ORIEL_OEM_CP;
    }
    return cp;
}

BOOL ntdll_cp_is_valid(UINT cp)
{
    switch (cp) {
    case 1252:
    case 437:
    case 28591:
    case 20127:
    case 65000:
    case 65001:
        return TRUE;
    }
    return FALSE;
}

UINT ntdll_cp_max_char_size(UINT cp)
{
    switch (resolve_cp(cp)) {
    case 65000:
        return 5;
    case 65001:
        return 4;
    }
    return 1;
}

/* ---- single-byte code pages ---- */

static WCHAR sbcs_to_unicode(UINT cp, DWORD flags, unsigned char c)
{
    switch (cp) {
    case 1252:
        return (c >= 0x80 && c < 0xa0) ? cp1252_80[c - 0x80] : c;
    case 437:
        if (c >= 0x80)
            return cp437_80[c - 0x80];
        if ((flags & CP_MB_USEGLYPHCHARS) && c && c < 0x20)
            return cp437_glyphs[c];
        if ((flags & CP_MB_USEGLYPHCHARS) && c == 0x7f)
            return 0x2302;
        return c;
    case 20127:
        return c & 0x7f; /* Windows strips the high bit in US-ASCII */
    default:             /* 28591 */
        return c;
    }
}

/* -1 when the character has no exact mapping */
static int unicode_to_sbcs(UINT cp, WCHAR ch)
{
    if (ch < 0x80)
        return ch;
    switch (cp) {
    case 1252:
        if (ch >= 0xa0 && ch <= 0xff)
            return ch;
        for (int i = 0; i < 32; i++)
            if (cp1252_80[i] == ch)
                return 0x80 + i;
        return -1;
    case 437:
        for (int i = 0; i < 128; i++)
            if (cp437_80[i] == ch)
                return 0x80 + i;
        return -1;
    case 28591:
        return ch <= 0xff ? ch : -1;
    default:
        return -1;
    }
}

static int sbcs_mbstowcs(UINT cp, DWORD flags, const unsigned char *src, int srclen, WCHAR *dst, int dstlen)
{
    if (!dstlen)
        return srclen;
    if (dstlen < srclen)
        return CP_ERR_BUFFER;
    for (int i = 0; i < srclen; i++)
        dst[i] = sbcs_to_unicode(cp, flags, src[i]);
    return srclen;
}

static int best_fit(UINT cp, WCHAR ch)
{
    const struct best_fit *table;
    size_t n;
    switch (cp) {
    case 1252:
        table = best_fit_1252;
        n = ARRAY_SIZE(best_fit_1252);
        break;
    case 437:
        table = best_fit_437;
        n = ARRAY_SIZE(best_fit_437);
        break;
    case 28591:
        table = best_fit_28591;
        n = ARRAY_SIZE(best_fit_28591);
        break;
    case 20127:
        table = best_fit_20127;
        n = ARRAY_SIZE(best_fit_20127);
        break;
    default:
        return -1;
    }
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (table[mid].ch == ch)
            return table[mid].byte;
        if (table[mid].ch < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int sbcs_wcstombs(UINT cp, DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen,
                         const char *defchar, BOOL *used)
{
    char def = defchar ? *defchar : '?';
    BOOL any_default = FALSE;
    if (dstlen && dstlen < srclen)
        return CP_ERR_BUFFER;
    for (int i = 0; i < srclen; i++) {
        int c = unicode_to_sbcs(cp, src[i]);
        if (c < 0 && !(flags & CP_WC_NO_BEST_FIT_CHARS))
            c = best_fit(cp, src[i]);
        if (c < 0) {
            any_default = TRUE;
            c = (unsigned char)def;
        }
        if (dstlen)
            dst[i] = (char)c;
    }
    if (used)
        *used = any_default;
    return srclen;
}

/* ---- UTF-8 ---- */

/* Decodes one character at src[*pos]; returns the code point, or -1 for an ill-formed sequence (one
 * U+FFFD). How much an ill-formed sequence consumes follows Windows, as observed on the reference:
 * a lead byte that announces more bytes than the input still holds swallows the rest of the input;
 * otherwise continuation bytes are taken one at a time and the sequence ends at the first byte that
 * cannot continue it, a continuation byte that would make the value too large being left for the next
 * character, while one that reveals an overlong form or a surrogate is consumed with it. */
static int utf8_decode(const unsigned char *src, int srclen, int *pos)
{
    unsigned char c = src[(*pos)++];
    int need;

    if (c < 0x80)
        return c;
    if (c >= 0xc2 && c <= 0xdf)
        need = 1;
    else if (c >= 0xe0 && c <= 0xef)
        need = 2;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 3;
    else
        return -1;
    if (*pos + need > srclen) {
        *pos = srclen;
        return -1;
    }
    unsigned int cp = c & (0x3f >> need);
    for (int left = need; left > 0; left--) {
        unsigned char t = src[*pos];
        if ((t & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (t & 0x3f);
        if (left == 2 && cp >= (0x110000 >> 6))
            return -1; /* beyond U+10FFFF: the byte is not part of this sequence */
        (*pos)++;
        if (left == 3 && cp < (0x10000 >> 12))
            return -1; /* overlong four-byte form */
        if (left == 2 && (cp < (0x800 >> 6) || (cp >= (0xd800 >> 6) && cp <= (0xdfff >> 6))))
            return -1; /* overlong three-byte form or a surrogate */
    }
    return (int)cp;
}

static int utf8_mbstowcs(DWORD flags, const unsigned char *src, int srclen, WCHAR *dst, int dstlen)
{
    int pos = 0, out = 0;
    while (pos < srclen) {
        int cp = utf8_decode(src, srclen, &pos);
        if (cp < 0) {
            if (flags & CP_MB_ERR_INVALID_CHARS)
                return CP_ERR_INVALID;
            cp = 0xfffd;
        }
        int units = cp >= 0x10000 ? 2 : 1;
        if (dstlen) {
            if (out + units > dstlen)
                return CP_ERR_BUFFER;
            if (units == 2) {
                dst[out] = 0xd800 | ((cp - 0x10000) >> 10);
                dst[out + 1] = 0xdc00 | (cp & 0x3ff);
            } else {
                dst[out] = (WCHAR)cp;
            }
        }
        out += units;
    }
    return out;
}

static int utf8_wcstombs(DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen)
{
    int out = 0;
    for (int i = 0; i < srclen; i++) {
        unsigned int cp = src[i];
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < srclen && src[i + 1] >= 0xdc00 && src[i + 1] <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (src[i + 1] - 0xdc00);
            i++;
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            if (flags & CP_WC_ERR_INVALID_CHARS)
                return CP_ERR_INVALID;
            cp = 0xfffd;
        }
        unsigned char buf[4];
        int len;
        if (cp < 0x80) {
            buf[0] = cp;
            len = 1;
        } else if (cp < 0x800) {
            buf[0] = 0xc0 | (cp >> 6);
            buf[1] = 0x80 | (cp & 0x3f);
            len = 2;
        } else if (cp < 0x10000) {
            buf[0] = 0xe0 | (cp >> 12);
            buf[1] = 0x80 | ((cp >> 6) & 0x3f);
            buf[2] = 0x80 | (cp & 0x3f);
            len = 3;
        } else {
            buf[0] = 0xf0 | (cp >> 18);
            buf[1] = 0x80 | ((cp >> 12) & 0x3f);
            buf[2] = 0x80 | ((cp >> 6) & 0x3f);
            buf[3] = 0x80 | (cp & 0x3f);
            len = 4;
        }
        if (dstlen) {
            if (out + len > dstlen)
                return CP_ERR_BUFFER;
            for (int k = 0; k < len; k++)
                dst[out + k] = (char)buf[k];
        }
        out += len;
    }
    return out;
}

/* ---- UTF-7 (RFC 2152), as Windows implements it ---- */

static const char utf7_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int utf7_b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static int utf7_put(WCHAR *dst, int dstlen, int *out, WCHAR ch)
{
    if (dstlen) {
        if (*out >= dstlen)
            return 0;
        dst[*out] = ch;
    }
    (*out)++;
    return 1;
}

static int utf7_mbstowcs(const unsigned char *src, int srclen, WCHAR *dst, int dstlen)
{
    int pos = 0, out = 0;
    while (pos < srclen) {
        unsigned char c = src[pos++];
        if (c != '+') {
            if (!utf7_put(dst, dstlen, &out, c))
                return CP_ERR_BUFFER;
            continue;
        }
        if (pos < srclen && src[pos] == '-') { /* "+-" is a literal '+' */
            pos++;
            if (!utf7_put(dst, dstlen, &out, '+'))
                return CP_ERR_BUFFER;
            continue;
        }
        unsigned int bits = 0;
        int nbits = 0;
        while (pos < srclen) {
            int v = utf7_b64_value(src[pos]);
            if (v < 0)
                break;
            pos++;
            bits = (bits << 6) | v;
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                if (!utf7_put(dst, dstlen, &out, (WCHAR)(bits >> nbits)))
                    return CP_ERR_BUFFER;
                bits &= (1u << nbits) - 1;
            }
        }
        if (pos < srclen && src[pos] == '-')
            pos++; /* the terminating '-' is absorbed */
    }
    return out;
}

static int char_in(const char *set, char c)
{
    for (; *set; set++)
        if (*set == c)
            return 1;
    return 0;
}

/* characters written directly: RFC 2152's set D plus space, tab, CR, LF and NUL; Windows encodes the
 * optional set O in base64 */
static int utf7_direct(WCHAR ch)
{
    if (ch >= 0x80)
        return 0;
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
        return 1;
    return !ch || char_in("'(),-./:? \t\r\n", (char)ch);
}

static int utf7_out(char *dst, int dstlen, int *out, char c)
{
    if (dstlen) {
        if (*out >= dstlen)
            return 0;
        dst[*out] = c;
    }
    (*out)++;
    return 1;
}

static int utf7_wcstombs(const WCHAR *src, int srclen, char *dst, int dstlen)
{
    int out = 0;
    int i = 0;
    while (i < srclen) {
        WCHAR ch = src[i];
        if (ch == '+') {
            if (!utf7_out(dst, dstlen, &out, '+') || !utf7_out(dst, dstlen, &out, '-'))
                return CP_ERR_BUFFER;
            i++;
            continue;
        }
        if (utf7_direct(ch)) {
            if (!utf7_out(dst, dstlen, &out, (char)ch))
                return CP_ERR_BUFFER;
            i++;
            continue;
        }
        if (!utf7_out(dst, dstlen, &out, '+'))
            return CP_ERR_BUFFER;
        unsigned int bits = 0;
        int nbits = 0;
        while (i < srclen && !utf7_direct(src[i]) && src[i] != '+') {
            bits = (bits << 16) | src[i++];
            nbits += 16;
            while (nbits >= 6) {
                nbits -= 6;
                if (!utf7_out(dst, dstlen, &out, utf7_b64[(bits >> nbits) & 0x3f]))
                    return CP_ERR_BUFFER;
            }
        }
        if (nbits && !utf7_out(dst, dstlen, &out, utf7_b64[(bits << (6 - nbits)) & 0x3f]))
            return CP_ERR_BUFFER;
        /* Windows always closes a shifted run with '-' */
        if (!utf7_out(dst, dstlen, &out, '-'))
            return CP_ERR_BUFFER;
    }
    return out;
}

/* ---- entry points ---- */

int ntdll_cp_mbstowcs(UINT cp, DWORD flags, const char *src, int srclen, WCHAR *dst, int dstlen)
{
    const unsigned char *s = (const unsigned char *)src;
    switch ((cp = resolve_cp(cp))) {
    case 65001:
        return utf8_mbstowcs(flags, s, srclen, dst, dstlen);
    case 65000:
        return utf7_mbstowcs(s, srclen, dst, dstlen);
    case 1252:
    case 437:
    case 28591:
    case 20127:
        return sbcs_mbstowcs(cp, flags, s, srclen, dst, dstlen);
    }
    return CP_ERR_CODEPAGE;
}

int ntdll_cp_wcstombs(UINT cp, DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen,
                      const char *defchar, BOOL *used)
{
    switch ((cp = resolve_cp(cp))) {
    case 65001:
        return utf8_wcstombs(flags, src, srclen, dst, dstlen);
    case 65000:
        return utf7_wcstombs(src, srclen, dst, dstlen);
    case 1252:
    case 437:
    case 28591:
    case 20127:
        return sbcs_wcstombs(cp, flags, src, srclen, dst, dstlen, defchar, used);
    }
    return CP_ERR_CODEPAGE;
}
