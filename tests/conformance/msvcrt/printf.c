/*
 * msvcrt printf family. The functions are taken from msvcrt.dll with GetProcAddress so mingw-w64's own
 * printf replacements never get in the way. Expected strings are msvcrt.dll's documented behaviour:
 * three-digit exponents, %p as 16 upper-case hex digits, _snprintf returning -1 on truncation.
 */
#include "test.h"
#include <math.h>

static int(__cdecl *p_sprintf)(char *, const char *, ...);
static int(__cdecl *p__snprintf)(char *, size_t, const char *, ...);
static int(__cdecl *p__scprintf)(const char *, ...);
static int(__cdecl *p_swprintf)(wchar_t *, const wchar_t *, ...);
static int(__cdecl *p__snwprintf)(wchar_t *, size_t, const wchar_t *, ...);

#define CHECK(expect, ...)                                                                                   \
    do {                                                                                                     \
        char buf_[256];                                                                                      \
        memset(buf_, 0x55, sizeof(buf_));                                                                    \
        int r_ = p_sprintf(buf_, __VA_ARGS__);                                                               \
        ok(r_ == (int)strlen(expect) && !strcmp(buf_, expect), "%s: got \"%s\" (%d), expected \"%s\"\n",     \
           #__VA_ARGS__, buf_, r_, expect);                                                                  \
    } while (0)

static void test_integers(void)
{
    CHECK("42", "%d", 42);
    CHECK("-42", "%i", -42);
    CHECK("+42", "%+d", 42);
    CHECK(" 42", "% d", 42);
    CHECK("   42", "%5d", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("  042", "%5.3d", 42);
    CHECK("", "%.0d", 0);
    CHECK("4294967295", "%u", -1);
    CHECK("ff", "%x", 255);
    CHECK("0XFF", "%#X", 255);
    CHECK("0x1f", "%#x", 31);
    CHECK("017", "%#o", 15);
    CHECK("-1", "%I64d", (__int64)-1);
    CHECK("18446744073709551615", "%I64u", (__int64)-1);
    CHECK("-1", "%I32d", -1);
    CHECK("-1", "%Id", (INT_PTR)-1);
    CHECK("65535", "%hu", 0xffff);
    CHECK("-1", "%hd", 0xffff);
    CHECK("   12", "%*d", 5, 12);
    CHECK("12   |", "%*d|", -5, 12);
    CHECK("%", "%%");
}

static void test_pointers_strings(void)
{
    CHECK("0000000000001234", "%p", (void *)0x1234);
    CHECK("abc", "%s", "abc");
    CHECK("ab", "%.2s", "abc");
    CHECK("  abc", "%5s", "abc");
    CHECK("abc  |", "%-5s|", "abc");
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("wide", "%ls", L"wide");
    CHECK("wide", "%S", L"wide");
    CHECK("narrow", "%hs", "narrow");
    CHECK("x", "%c", 'x');
    CHECK("y", "%C", L'y');
    CHECK("z", "%lc", L'z');
    {
        char buf[64];
        int n = -1;
        int r = p_sprintf(buf, "abc%n def", &n);
        ok(r == 7 && n == 3, "%%n: r %d n %d\n", r, n);
    }
}

static void test_floats(void)
{
    CHECK("1.000000e+000", "%e", 1.0);
    CHECK("1.500000E+010", "%E", 1.5e10);
    CHECK("1.234560e-005", "%e", 1.23456e-5);
    CHECK("3.141593", "%f", 3.14159265);
    CHECK("3", "%.0f", 3.14159265);
    CHECK("3.", "%#.0f", 3.14159265);
    CHECK("-0.500000", "%f", -0.5);
    CHECK("1e+006", "%g", 1e6);
    CHECK("100000", "%g", 1e5);
    CHECK("1e-005", "%g", 1e-5);
    CHECK("0.0001", "%g", 1e-4);
    CHECK("3.14159", "%g", 3.14159265);
    CHECK("00012.50", "%08.2f", 12.5);
    CHECK("+12.50", "%+.2f", 12.5);
    CHECK("0.10000000000000000555", "%.20f", 0.1);
    CHECK("1.235e+005", "%.3e", 123456.789);
    CHECK("100000000000000000000.000000", "%f", 1e20);
    CHECK("1e-300", "%g", 1e-300);
    CHECK("1.00000", "%#g", 1.0);
    CHECK("0.000000e+000", "%e", 0.0);
    CHECK("0.3333333333333333148296163", "%.25g", 1.0 / 3);
    CHECK("    a|7    |+0007", "%5.1s|%-05d|%+05d", "abc", 7, 7);
    CHECK("1.#INF00", "%f", INFINITY);
    CHECK("-1.#INF00", "%f", -INFINITY);
    CHECK("1.#INF00e+000", "%e", INFINITY);
    CHECK("1.#INF", "%g", INFINITY);
    CHECK("1.#QNAN0", "%f", NAN);
    CHECK("1.#J", "%.2f", INFINITY);
    CHECK("1", "%.0f", INFINITY);
    {
        /* the "indefinite" NaN that 0/0 produces on x86 has the sign bit set */
        volatile double zero = 0.0;
        CHECK("-1.#IND00", "%f", zero / zero);
    }
}

static void test_snprintf(void)
{
    char buf[16];
    int r;

    memset(buf, 'x', sizeof(buf));
    r = p__snprintf(buf, 5, "%s", "hello world");
    ok(r == -1, "truncated: got %d\n", r);
    ok(!memcmp(buf, "hellox", 6), "truncated: got %.6s\n", buf);

    memset(buf, 'x', sizeof(buf));
    r = p__snprintf(buf, 5, "%s", "hello");
    ok(r == 5, "exact fit: got %d\n", r);
    ok(!memcmp(buf, "hellox", 6), "exact fit writes no terminator: %.6s\n", buf);

    memset(buf, 'x', sizeof(buf));
    r = p__snprintf(buf, 6, "%s", "hello");
    ok(r == 5 && !strcmp(buf, "hello"), "fits: got %d %s\n", r, buf);

    r = p__scprintf("%d-%s", 1234, "ab");
    ok(r == 7, "_scprintf: got %d\n", r);
}

static void test_wide(void)
{
    wchar_t wbuf[64];
    int r;

    r = p_swprintf(wbuf, L"%s|%hs|%S|%c|%d", L"wi", "na", "NA", L'x', 5);
    ok(r == 12 && !wcscmp(wbuf, L"wi|na|NA|x|5"), "swprintf: got %d %ls\n", r, wbuf);

    memset(wbuf, 0x55, sizeof(wbuf));
    r = p__snwprintf(wbuf, 3, L"%s", L"abcdef");
    ok(r == -1 && wbuf[0] == 'a' && wbuf[2] == 'c' && wbuf[3] == 0x5555, "_snwprintf: got %d\n", r);
}

static void test_output_format(void)
{
    HMODULE msvcrt = GetModuleHandleA("msvcrt.dll");
    unsigned int(__cdecl * p_set)(unsigned int) = (void *)GetProcAddress(msvcrt, "_set_output_format");
    unsigned int(__cdecl * p_get)(void) = (void *)GetProcAddress(msvcrt, "_get_output_format");
    if (!p_set || !p_get) {
        skip("_set_output_format missing\n");
        return;
    }
    ok(p_get() == 0, "default output format %u\n", p_get());
    ok(p_set(1 /* _TWO_DIGIT_EXPONENT */) == 0, "_set_output_format returns the old format\n");
    CHECK("1.000000e+00", "%e", 1.0);
    CHECK("1.5e+100", "%g", 1.5e100);
    CHECK("1e-05", "%g", 1e-5);
    ok(p_set(0) == 1, "restore\n");
    CHECK("1.000000e+000", "%e", 1.0);
}

START_TEST(printf)
{
    HMODULE msvcrt = LoadLibraryA("msvcrt.dll");
    p_sprintf = (void *)GetProcAddress(msvcrt, "sprintf");
    p__snprintf = (void *)GetProcAddress(msvcrt, "_snprintf");
    p__scprintf = (void *)GetProcAddress(msvcrt, "_scprintf");
    p_swprintf = (void *)GetProcAddress(msvcrt, "swprintf");
    p__snwprintf = (void *)GetProcAddress(msvcrt, "_snwprintf");
    if (!p_sprintf || !p__snprintf || !p__scprintf || !p_swprintf || !p__snwprintf) {
        skip("msvcrt printf functions missing\n");
        return;
    }
    test_integers();
    test_pointers_strings();
    test_floats();
    test_snprintf();
    test_wide();
    test_output_format();
}
