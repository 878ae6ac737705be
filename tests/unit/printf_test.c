/*
 * Unit test of the msvcrt printf engine (dlls/msvcrt/printf_engine.c) on the host. The expected strings
 * are what msvcrt.dll produces (three-digit exponents, 1.#INF, %p as 16 hex digits ...).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../dlls/msvcrt/printf_engine.h"

static int passed, failed;

struct buf {
    char data[1024];
    int len;
    uint16_t wdata[256];
};

static int sink_write(void *ctx, const void *data, int len)
{
    struct buf *b = ctx;
    if (b->len + len >= (int)sizeof(b->data))
        return -1;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

static int wsink_write(void *ctx, const void *data, int len)
{
    struct buf *b = ctx;
    if (b->len + len >= 255)
        return -1;
    memcpy(b->wdata + b->len, data, len * 2);
    b->len += len;
    return 0;
}

struct host_args {
    va_list ap;
};

static int64_t host_int(void *ctx)
{
    return va_arg(((struct host_args *)ctx)->ap, int64_t);
}

static double host_double(void *ctx)
{
    return va_arg(((struct host_args *)ctx)->ap, double);
}

static void check(int line, const char *expect, int expect_ret, const char *fmt, ...)
{
    struct buf b = {.len = 0};
    struct pf_sink sink = {sink_write, &b, 0, NULL, NULL, 0};
    struct host_args ha;
    struct pf_args args = {host_int, host_double, &ha};
    va_start(ha.ap, fmt);
    int ret = pf_format(&sink, fmt, 0, &args);
    va_end(ha.ap);
    b.data[b.len] = 0;
    if (expect_ret == -2)
        expect_ret = strlen(expect);
    if (ret == expect_ret && (ret < 0 || (b.len == (int)strlen(expect) && !memcmp(b.data, expect, b.len))))
        passed++;
    else {
        failed++;
        printf("line %d: format \"%s\": got \"%s\" (%d), expected \"%s\" (%d)\n", line, fmt, b.data, ret,
               expect, expect_ret);
    }
}

#define T(expect, ...) check(__LINE__, expect, -2, __VA_ARGS__)

static void test_wide(void)
{
    static const uint16_t fmt[] = {'%', 's', '|', '%', 'h', 's', '|', '%', 'S', '|', '%', 'c', 0};
    static const uint16_t ws[] = {'w', 'i', 0};
    struct buf b = {.len = 0};
    struct pf_sink sink = {wsink_write, &b, 1, NULL, NULL, 0};
    struct host_args ha;
    struct pf_args args = {host_int, host_double, &ha};
    int ret;
    /* fill the va_list through a helper */
    void run(int dummy, ...)
    {
        va_start(ha.ap, dummy);
        ret = pf_format(&sink, fmt, 1, &args);
        va_end(ha.ap);
    }
    run(0, ws, "na", "NA", (int64_t)'x');
    static const uint16_t expect[] = {'w', 'i', '|', 'n', 'a', '|', 'N', 'A', '|', 'x'};
    if (ret == 10 && !memcmp(b.wdata, expect, sizeof(expect)))
        passed++;
    else {
        failed++;
        printf("wide: ret %d\n", ret);
    }
}

int main(void)
{
    T("hello", "hello");
    T("%", "%%");
    T("42", "%d", 42);
    T("-42", "%d", -42);
    T("+42", "%+d", 42);
    T(" 42", "% d", 42);
    T("   42", "%5d", 42);
    T("42   |", "%-5d|", 42);
    T("00042", "%05d", 42);
    T("-0042", "%05d", -42);
    T("  042", "%5.3d", 42);
    T("", "%.0d", 0);
    T("4294967295", "%u", -1);
    T("-1", "%I64d", (int64_t)-1);
    T("18446744073709551615", "%I64u", (int64_t)-1);
    T("18446744073709551615", "%llu", (int64_t)-1);
    T("-1", "%Id", (int64_t)-1);
    T("-1", "%I32d", (int64_t)0xffffffff);
    T("65535", "%hu", 0xffff);
    T("-1", "%hd", 0xffff);
    T("ff", "%x", 255);
    T("0XFF", "%#X", 255);
    T("0x1f", "%#x", 31);
    T("0", "%#x", 0);
    T("017", "%#o", 15);
    T("0000000000001234", "%p", (void *)0x1234);
    T("abc", "%s", "abc");
    T("ab", "%.2s", "abc");
    T("  abc", "%5s", "abc");
    T("abc  |", "%-5s|", "abc");
    T("(null)", "%s", (char *)NULL);
    T("x", "%c", 'x');
    T("   12", "%*d", 5, 12);
    T("12   |", "%*d|", -5, 12);
    T("1.000000e+000", "%e", 1.0);
    T("1.500000E+010", "%E", 1.5e10);
    T("1.234560e-005", "%e", 1.23456e-5);
    T("3.141593", "%f", 3.14159265);
    T("3", "%.0f", 3.14159265);
    T("3.", "%#.0f", 3.14159265);
    T("-0.500000", "%f", -0.5);
    T("1e+006", "%g", 1e6);
    T("100000", "%g", 1e5);
    T("1e-005", "%g", 1e-5);
    T("0.0001", "%g", 1e-4);
    T("3.14159", "%g", 3.14159265);
    T("0.1", "%g", 0.1);
    T("1.#INF00", "%f", INFINITY);
    T("-1.#INF00", "%f", -INFINITY);
    T("1.#INF00e+000", "%e", INFINITY);
    T("1.#INF", "%g", INFINITY);
    T("1.#QNAN0", "%f", NAN);
    T("-1.#IND00", "%f", -NAN);
    T("1.#J", "%.2f", INFINITY);
    T("1.$", "%.1f", INFINITY);
    T("1", "%.0f", INFINITY);
    T("  1.#INF", "%8g", INFINITY);
    T("00012.50", "%08.2f", 12.5);
    T("+12.50", "%+.2f", 12.5);
    {
        int n = 0;
        T("abc", "abc%n", &n);
        if (n == 3)
            passed++;
        else {
            failed++;
            printf("%%n stored %d\n", n);
        }
    }
    test_wide();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
