/*
 * Unit tests of the pure code page conversion code (dlls/ntdll/codepage.c).
 */
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include <winternl.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond) {                                                                                          \
            passed++;                                                                                        \
        } else {                                                                                             \
            failed++;                                                                                        \
            printf("%s:%d: ", __FILE__, __LINE__);                                                           \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
        }                                                                                                    \
    } while (0)

static int wcs_eq(const WCHAR *a, const WCHAR *b, int n)
{
    return !memcmp(a, b, n * sizeof(WCHAR));
}

static void test_sbcs(void)
{
    WCHAR w[16];
    char a[16];
    BOOL used;
    int r;

    r = ntdll_cp_mbstowcs(1252, 0,
                          "\x80\x81\x9f\xa0\xff"
                          "A",
                          6, w, 16);
    CHECK(r == 6, "got %d", r);
    CHECK(w[0] == 0x20ac && w[1] == 0x0081 && w[2] == 0x0178 && w[3] == 0xa0 && w[4] == 0xff && w[5] == 'A',
          "1252 mapping %04x %04x %04x", w[0], w[1], w[2]);
    r = ntdll_cp_mbstowcs(0, 0, "abc", 3, NULL, 0);
    CHECK(r == 3, "CP_ACP size %d", r);
    r = ntdll_cp_mbstowcs(1252, 0, "abc", 3, w, 2);
    CHECK(r == -1, "short buffer %d", r);

    r = ntdll_cp_mbstowcs(437, 0, "\x80\xe1\xff\x01\x7f", 5, w, 16);
    CHECK(r == 5 && w[0] == 0xc7 && w[1] == 0xdf && w[2] == 0xa0 && w[3] == 1 && w[4] == 0x7f, "437 %04x",
          w[0]);
    r = ntdll_cp_mbstowcs(1, 0x04 /* MB_USEGLYPHCHARS */, "\x01\x7f", 2, w, 16);
    CHECK(r == 2 && w[0] == 0x263a && w[1] == 0x2302, "glyphs %04x %04x", w[0], w[1]);

    const WCHAR src[] = {0x20ac, 'x', 0x0100, 0xe9};
    r = ntdll_cp_wcstombs(1252, 0x400 /* WC_NO_BEST_FIT_CHARS */, src, 4, a, 16, NULL, &used);
    CHECK(r == 4 && (unsigned char)a[0] == 0x80 && a[1] == 'x' && a[2] == '?' && (unsigned char)a[3] == 0xe9,
          "1252 back %d %02x", r, (unsigned char)a[2]);
    CHECK(used, "default char not reported");
    r = ntdll_cp_wcstombs(1252, 0, src, 4, a, 16, NULL, &used);
    CHECK(r == 4 && a[2] == 'A' && !used, "best fit of U+0100: %02x %d", (unsigned char)a[2], used);
    r = ntdll_cp_wcstombs(1252, 0, src, 2, a, 16, "#", &used);
    CHECK(r == 2 && !used, "no default needed");
    r = ntdll_cp_wcstombs(1252, 0x400, src, 3, a, 16, "#", &used);
    CHECK(r == 3 && a[2] == '#' && used, "custom default %c", a[2]);
    r = ntdll_cp_wcstombs(437, 0, src + 3, 1, a, 16, NULL, NULL);
    CHECK(r == 1 && (unsigned char)a[0] == 0x82, "437 e-acute %02x", (unsigned char)a[0]);
    CHECK(ntdll_cp_mbstowcs(932, 0, "a", 1, w, 16) == -3, "932 unsupported");
}

static void test_utf8(void)
{
    WCHAR w[16];
    char a[16];
    int r;

    r = ntdll_cp_mbstowcs(65001, 0, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, w, 16);
    CHECK(r == 5 && w[0] == 'a' && w[1] == 0xe9 && w[2] == 0x20ac && w[3] == 0xd83d && w[4] == 0xde00,
          "utf8 decode %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xf0\x9f\x98\x80", 4, NULL, 0);
    CHECK(r == 2, "surrogate pair size %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xf0\x9f\x98\x80", 4, w, 1);
    CHECK(r == -1, "pair in 1 unit %d", r);

    /* invalid sequences become U+FFFD; how many bytes each one swallows follows Windows */
    r = ntdll_cp_mbstowcs(65001, 0,
                          "\x80"
                          "a",
                          2, w, 16);
    CHECK(r == 2 && w[0] == 0xfffd && w[1] == 'a', "lone continuation");
    r = ntdll_cp_mbstowcs(65001, 0,
                          "\xe2\x82"
                          "a",
                          3, w, 16);
    CHECK(r == 2 && w[0] == 0xfffd && w[1] == 'a', "truncated sequence %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xc0\xaf", 2, w, 16);
    CHECK(r == 2 && w[0] == 0xfffd && w[1] == 0xfffd, "overlong %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xed\xa0\x80", 3, w, 16);
    CHECK(r == 2 && w[0] == 0xfffd && w[1] == 0xfffd, "encoded surrogate %d", r);
    r = ntdll_cp_mbstowcs(65001, 0x08, "\xed\xa0\x80", 3, w, 16);
    CHECK(r == -2, "MB_ERR_INVALID_CHARS %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xf4\x90\x80\x80", 4, w, 16);
    CHECK(r == 3 && w[0] == 0xfffd, "above U+10FFFF %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "a\xe2\x82", 3, w, 16);
    CHECK(r == 2 && w[1] == 0xfffd, "truncated at the end %d", r);
    r = ntdll_cp_mbstowcs(65001, 0, "\xf5\x80", 2, w, 16);
    CHECK(r == 2, "F5 is never a lead byte %d", r);

    const WCHAR src[] = {'a', 0xe9, 0x20ac, 0xd83d, 0xde00, 0xd800, 'b'};
    r = ntdll_cp_wcstombs(65001, 0, src, 5, a, 16, NULL, NULL);
    CHECK(r == 10 && !memcmp(a, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10), "utf8 encode %d", r);
    r = ntdll_cp_wcstombs(65001, 0, src + 5, 2, a, 16, NULL, NULL);
    CHECK(r == 4 && !memcmp(a,
                            "\xef\xbf\xbd"
                            "b",
                            4),
          "lone surrogate %d", r);
    r = ntdll_cp_wcstombs(65001, 0x80, src + 5, 2, a, 16, NULL, NULL);
    CHECK(r == -2, "WC_ERR_INVALID_CHARS %d", r);
    r = ntdll_cp_wcstombs(65001, 0, src, 3, a, 5, NULL, NULL);
    CHECK(r == -1, "short buffer %d", r);
}

static void test_utf7(void)
{
    WCHAR w[16];
    char a[32];
    int r;
    const WCHAR hi[] = {'H', 'i', ' ', 'M', 'o', 'm', ' ', '-', 0x263a, '-', '.'};

    /* RFC 2152's example, ending in '.' (Windows base64-encodes the optional direct characters like '!') */
    r = ntdll_cp_wcstombs(65000, 0, hi, 11, a, 32, NULL, NULL);
    CHECK(r == 15 && !memcmp(a, "Hi Mom -+Jjo--.", 15), "utf7 encode %d %.*s", r, r > 0 ? r : 0, a);
    r = ntdll_cp_mbstowcs(65000, 0, "Hi Mom -+Jjo--.", 15, w, 16);
    CHECK(r == 11 && wcs_eq(w, hi, 11), "utf7 decode %d", r);
    r = ntdll_cp_mbstowcs(65000, 0, "1 +- 1", 6, w, 16);
    CHECK(r == 5 && w[2] == '+', "+- %d", r);
    const WCHAR bang[] = {'!'};
    r = ntdll_cp_wcstombs(65000, 0, bang, 1, a, 32, NULL, NULL);
    CHECK(r == 5 && !memcmp(a, "+ACE-", 5), "'!' is encoded: %d", r);
}

static void test_case(void)
{
    CHECK(ntdll_towupper('a') == 'A' && ntdll_towupper('Z') == 'Z', "ascii upper");
    CHECK(ntdll_towupper(0xe9) == 0xc9, "e acute");
    CHECK(ntdll_towupper(0xff) == 0x178, "y diaeresis");
    CHECK(ntdll_towupper(0x3b1) == 0x391, "alpha");
    CHECK(ntdll_towupper(0x430) == 0x410, "cyrillic a");
    CHECK(ntdll_towupper(0x101) == 0x100 && ntdll_towupper(0x100) == 0x100, "latin ext-A pair");
    CHECK(ntdll_towlower(0x100) == 0x101 && ntdll_towlower(0x410) == 0x430, "lower");
    CHECK(ntdll_towupper(0xdf) == 0xdf, "sharp s has no single upper case");
    CHECK(ntdll_towupper(0x20ac) == 0x20ac, "euro unchanged");
}

int main(void)
{
    test_sbcs();
    test_utf8();
    test_utf7();
    test_case();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
