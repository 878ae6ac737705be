/*
 * msvcrt setjmp/longjmp, signal/raise, time conversions and strftime in the "C" locale, heap sizes.
 */
#include "test.h"
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#include <setjmp.h>
#include <signal.h>
#include <time.h>
#include <malloc.h>
#include <errno.h>

static jmp_buf jb;
static volatile int depth;

static void __attribute__((noinline)) jump_deep(int n)
{
    if (n > 0) {
        depth++;
        jump_deep(n - 1);
    }
    longjmp(jb, 0); /* 0 becomes 1 */
}

static void test_setjmp(void)
{
    volatile int local = 5;
    int r = setjmp(jb);
    if (r == 0) {
        local = 6;
        jump_deep(10);
        ok(0, "longjmp returned\n");
    }
    ok(r == 1, "setjmp returned %d after longjmp(.., 0)\n", r);
    ok(local == 6 && depth == 10, "local %d depth %d\n", local, depth);
    r = setjmp(jb);
    if (r == 0)
        longjmp(jb, 42);
    ok(r == 42, "second longjmp: %d\n", r);
}

static int signalled;
static void __cdecl handler(int sig)
{
    signalled = sig;
}

static void test_signal(void)
{
    ok(signal(SIGTERM, handler) == SIG_DFL, "previous handler\n");
    ok(raise(SIGTERM) == 0 && signalled == SIGTERM, "raise: %d\n", signalled);
    /* the handler is reset to SIG_DFL before it runs */
    ok(signal(SIGTERM, SIG_IGN) == SIG_DFL, "handler reset after raise\n");
    ok(raise(SIGTERM) == 0, "ignored signal\n");
    ok(signal(12345, handler) == SIG_ERR, "bad signal\n");
    signal(SIGTERM, SIG_DFL);
}

static void test_time(void)
{
    time_t t = 951782400; /* 2000-02-29 00:00:00 UTC */
    struct tm *tm = gmtime(&t);
    char buf[128];
    ok(tm && tm->tm_year == 100 && tm->tm_mon == 1 && tm->tm_mday == 29 && tm->tm_wday == 2 &&
           tm->tm_yday == 59,
       "gmtime\n");
    ok(strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %A %b %B %j %p %y %%", tm) > 0 &&
           !strcmp(buf, "2000-02-29 00:00:00 Tue Tuesday Feb February 060 AM 00 %"),
       "strftime: %s\n", buf);
    ok(strftime(buf, sizeof(buf), "%c|%x|%X", tm) > 0 && !strcmp(buf, "02/29/00 00:00:00|02/29/00|00:00:00"),
       "strftime %%c: %s\n", buf);
    ok(strftime(buf, sizeof(buf), "%#d|%#m", tm) > 0 && !strcmp(buf, "29|2"), "strftime #: %s\n", buf);
    ok(strftime(buf, 5, "%Y-%m", tm) == 0, "strftime overflow\n");
    struct tm in = {0, 0, 12, 1, 0, 100, 0, 0, -1};
    time_t lt = mktime(&in);
    ok(lt != (time_t)-1 && in.tm_wday == 6 && in.tm_yday == 0, "mktime normalises: wday %d\n", in.tm_wday);
    struct tm *back = localtime(&lt);
    ok(back && back->tm_hour == 12 && back->tm_mday == 1, "localtime round trip\n");
    ok(time(NULL) > 1600000000, "time\n");
    t = -1;
    ok(gmtime(&t) == NULL, "gmtime of a negative time\n");
}

static void test_heap(void)
{
    char *p = malloc(13);
    ok(p && _msize(p) == 13, "_msize %u\n", (unsigned)_msize(p));
    p = realloc(p, 100);
    ok(p && _msize(p) == 100, "_msize after realloc\n");
    free(p);
    void *a = _aligned_malloc(100, 64);
    ok(a && ((UINT_PTR)a & 63) == 0, "_aligned_malloc alignment\n");
    _aligned_free(a);
    int *z = calloc(10, sizeof(int));
    ok(z && !z[0] && !z[9], "calloc zeroes\n");
    free(z);
    volatile size_t huge = ~(size_t)0 - 8;
    errno = 0;
    ok(!malloc(huge) && errno == ENOMEM, "huge malloc: errno %d\n", errno);
}

START_TEST(misc)
{
    test_setjmp();
    test_signal();
    test_time();
    test_heap();
}
