/*
 * msvcrt string and number conversions. msvcrt's long is 32-bit; strtol saturates with ERANGE;
 * strtod accepts a 'd' exponent but no hexadecimal or "inf" forms; strerror's texts are msvcrt's own.
 */
#include "test.h"
#include <errno.h>

static double(__cdecl *p_strtod)(const char *, char **);

static void test_strtol(void)
{
    char *end;
    long l;
    unsigned long ul;

    errno = 0;
    l = strtol("  -123xyz", &end, 10);
    ok(l == -123 && !strcmp(end, "xyz") && errno == 0, "got %ld %s %d\n", l, end, errno);
    l = strtol("0x1F", &end, 0);
    ok(l == 31 && !*end, "hex: got %ld\n", l);
    l = strtol("017", &end, 0);
    ok(l == 15, "octal: got %ld\n", l);
    l = strtol("zz", &end, 36);
    ok(l == 35 * 36 + 35, "base 36: got %ld\n", l);
    errno = 0;
    l = strtol("99999999999", &end, 10);
    ok(l == 0x7fffffff && errno == ERANGE && !*end, "overflow: got %ld errno %d\n", l, errno);
    errno = 0;
    l = strtol("-99999999999", &end, 10);
    ok(l == (long)0x80000000 && errno == ERANGE, "underflow: got %ld errno %d\n", l, errno);
    l = strtol("abc", &end, 10);
    ok(l == 0 && !strcmp(end, "abc"), "no digits: end %s\n", end);
    ul = strtoul("-1", &end, 10);
    ok(ul == 0xffffffff, "strtoul(-1): got %lx\n", ul);
    errno = 0;
    ul = strtoul("4294967296", &end, 10);
    ok(ul == 0xffffffff && errno == ERANGE, "strtoul overflow: got %lx errno %d\n", ul, errno);
    ok(_strtoi64("-9223372036854775808", NULL, 10) == (-9223372036854775807LL - 1), "_strtoi64 min\n");
    ok(_strtoui64("18446744073709551615", NULL, 10) == ~0ULL, "_strtoui64 max\n");
    ok(atoi(" 42abc") == 42, "atoi\n");
    ok(_atoi64("123456789012") == 123456789012LL, "_atoi64\n");
    ok(wcstol(L" -77", NULL, 10) == -77, "wcstol\n");
}

static void test_strtod(void)
{
    char *end;
    double d;

    d = p_strtod("1.5e3xyz", &end);
    ok(d == 1500.0 && !strcmp(end, "xyz"), "got %f %s\n", d, end);
    d = p_strtod("2.5d2", &end);
    ok(d == 250.0 && !*end, "d exponent: got %f %s\n", d, end);
    d = p_strtod("1e", &end);
    ok(d == 1.0 && !strcmp(end, "e"), "dangling exponent: got %f %s\n", d, end);
    d = p_strtod("  -.25", &end);
    ok(d == -0.25 && !*end, "got %f\n", d);
    d = p_strtod("abc", &end);
    ok(d == 0.0 && !strcmp(end, "abc"), "no digits: %s\n", end);
    errno = 0;
    d = p_strtod("1e999", &end);
    ok(errno == ERANGE, "overflow: errno %d\n", errno);
    ok(atof("3.25") == 3.25, "atof\n");
}

static void test_compare_copy(void)
{
    char buf[32];

    ok(_stricmp("HeLLo", "hello") == 0, "_stricmp equal\n");
    ok(_stricmp("a", "B") < 0, "_stricmp order\n");
    ok(_strnicmp("abcX", "ABCy", 3) == 0, "_strnicmp\n");
    ok(strcmp("b", "a") > 0 && strcmp("a", "b") < 0 && strcmp("a", "a") == 0, "strcmp\n");
    ok(strncmp("abc", "abd", 2) == 0, "strncmp\n");
    char *dup = _strdup("copy");
    ok(dup && !strcmp(dup, "copy"), "_strdup\n");
    free(dup);
    wchar_t *wdup = _wcsdup(L"wide");
    ok(wdup && !wcscmp(wdup, L"wide"), "_wcsdup\n");
    free(wdup);
    ok(wcslen(L"12345") == 5, "wcslen\n");
    ok(_wcsicmp(L"ABC", L"abc") == 0, "_wcsicmp\n");
    ok(!strcmp(_strupr(strcpy(buf, "mixed Case")), "MIXED CASE"), "_strupr\n");
    ok(!strcmp(_strlwr(strcpy(buf, "MIXED Case")), "mixed case"), "_strlwr\n");
    ok(!strcmp(_strrev(strcpy(buf, "abc")), "cba"), "_strrev\n");
    ok(memchr("abcdef", 'd', 6) != NULL, "memchr\n");
    ok(strstr("haystack", "st") != NULL, "strstr\n");
    ok(strspn("aabbc", "ab") == 4 && strcspn("xyz,", ",") == 3, "strspn/strcspn\n");
    ok(!strcmp(_itoa(-255, buf, 16), "ffffff01"), "_itoa negative hex: %s\n", buf);
    ok(!strcmp(_itoa(-255, buf, 10), "-255"), "_itoa negative decimal: %s\n", buf);
    ok(!strcmp(_ultoa(4000000000u, buf, 10), "4000000000"), "_ultoa: %s\n", buf);
    ok(!strcmp(_i64toa(-1234567890123LL, buf, 10), "-1234567890123"), "_i64toa: %s\n", buf);
}

static void test_strerror(void)
{
    /* msvcrt.dll's _sys_errlist texts ("No error", "Illegal byte sequence"); Wine 8.0 on Linux returns
     * the host's texts for these two, hence broken(). */
    ok(!strcmp(strerror(0), "No error") || broken(!strcmp(strerror(0), "Success")), "0: %s\n", strerror(0));
    ok(!strcmp(strerror(ENOENT), "No such file or directory"), "ENOENT: %s\n", strerror(ENOENT));
    ok(!strcmp(strerror(EINVAL), "Invalid argument"), "EINVAL: %s\n", strerror(EINVAL));
    ok(!strcmp(strerror(EILSEQ), "Illegal byte sequence") ||
           broken(strcmp(strerror(EILSEQ), "Unknown error")),
       "EILSEQ: %s\n", strerror(EILSEQ));
    ok(!strcmp(strerror(1000), "Unknown error"), "1000: %s\n", strerror(1000));
    errno = EACCES;
    ok(!strcmp(_strerror("pfx"), "pfx: Permission denied\n"), "_strerror: %s\n", _strerror("pfx"));
}

static void test_rand(void)
{
    srand(1);
    int a = rand(), b = rand(), c = rand();
    ok(a == 41 && b == 18467 && c == 6334, "rand after srand(1): %d %d %d\n", a, b, c);
}

static int __cdecl cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void test_qsort(void)
{
    int v[100], i, sorted = 1;
    for (i = 0; i < 100; i++)
        v[i] = (i * 37) % 101;
    qsort(v, 100, sizeof(int), cmp_int);
    for (i = 1; i < 100; i++)
        if (v[i - 1] > v[i])
            sorted = 0;
    ok(sorted, "qsort did not sort\n");
    int key = 37;
    int *found = bsearch(&key, v, 100, sizeof(int), cmp_int);
    ok(found && *found == 37, "bsearch\n");
}

static void test_secure(void)
{
    HMODULE msvcrt = GetModuleHandleA("msvcrt.dll");
    int(__cdecl * p_strcpy_s)(char *, size_t, const char *) = (void *)GetProcAddress(msvcrt, "strcpy_s");
    int(__cdecl * p_strncpy_s)(char *, size_t, const char *, size_t) =
        (void *)GetProcAddress(msvcrt, "strncpy_s");
    int(__cdecl * p_strcat_s)(char *, size_t, const char *) = (void *)GetProcAddress(msvcrt, "strcat_s");
    int(__cdecl * p_sprintf_s)(char *, size_t, const char *, ...) =
        (void *)GetProcAddress(msvcrt, "sprintf_s");
    int(__cdecl * p__snprintf_s)(char *, size_t, size_t, const char *, ...) =
        (void *)GetProcAddress(msvcrt, "_snprintf_s");
    char buf[8];

    if (!p_strcpy_s || !p_strncpy_s || !p_strcat_s || !p_sprintf_s || !p__snprintf_s) {
        skip("secure CRT functions missing\n");
        return;
    }
    ok(p_strcpy_s(buf, sizeof(buf), "abc") == 0 && !strcmp(buf, "abc"), "strcpy_s\n");
    ok(p_strcat_s(buf, sizeof(buf), "def") == 0 && !strcmp(buf, "abcdef"), "strcat_s\n");
    ok(p_strncpy_s(buf, sizeof(buf), "0123456789", (size_t)-1) == 80 /* STRUNCATE */ &&
           !strcmp(buf, "0123456"),
       "strncpy_s _TRUNCATE: %s\n", buf);
    ok(p_strncpy_s(buf, sizeof(buf), "0123456789", 3) == 0 && !strcmp(buf, "012"), "strncpy_s count\n");
    ok(p_sprintf_s(buf, sizeof(buf), "%d-%d", 12, 34) == 5 && !strcmp(buf, "12-34"), "sprintf_s\n");
    ok(p__snprintf_s(buf, sizeof(buf), (size_t)-1, "%s", "truncated") == -1 && !strcmp(buf, "truncat"),
       "_snprintf_s _TRUNCATE: %s\n", buf);
}

START_TEST(string)
{
    p_strtod = (void *)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "strtod");
    test_strtol();
    if (p_strtod)
        test_strtod();
    test_compare_copy();
    test_strerror();
    test_rand();
    test_qsort();
    test_secure();
}
