/*
 * FormatMessageA/W from strings: inserts with and without printf formats, escapes, %0, width limit,
 * argument arrays and va_lists, FORMAT_MESSAGE_ALLOCATE_BUFFER, too-small buffers, IGNORE_INSERTS.
 */
#include "test.h"

static DWORD fmt_va_w(DWORD flags, const WCHAR *src, WCHAR *buf, DWORD size, ...)
{
    va_list args;
    DWORD ret;
    va_start(args, size);
    ret = FormatMessageW(flags | FORMAT_MESSAGE_FROM_STRING, src, 0, 0, buf, size, &args);
    va_end(args);
    return ret;
}

static DWORD fmt_va_a(DWORD flags, const char *src, char *buf, DWORD size, ...)
{
    va_list args;
    DWORD ret;
    va_start(args, size);
    ret = FormatMessageA(flags | FORMAT_MESSAGE_FROM_STRING, src, 0, 0, buf, size, &args);
    va_end(args);
    return ret;
}

static void test_inserts(void)
{
    WCHAR bufw[128];
    char buf[128];
    DWORD ret;

    ret = fmt_va_w(0, L"%1 and %2", bufw, 128, L"one", L"two");
    ok(ret == 11 && !lstrcmpW(bufw, L"one and two"), "got %lu %ls\n", ret, bufw);
    ret = fmt_va_a(0, "%2-%1", buf, 128, "a", "b");
    ok(ret == 3 && !strcmp(buf, "b-a"), "got %lu %s\n", ret, buf);
    ret = fmt_va_a(0, "[%1!5d!] [%2!-4u!] [%3!x!] [%4!04X!]", buf, 128, 42, 7, 255, 171);
    ok(!strcmp(buf, "[   42] [7   ] [ff] [00AB]"), "got %s\n", buf);
    ret = fmt_va_a(0, "%1!d!", buf, 128, -5);
    ok(!strcmp(buf, "-5"), "got %s\n", buf);
    ret = fmt_va_a(0, "%1!I64u!", buf, 128, (ULONGLONG)1 << 40);
    ok(!strcmp(buf, "1099511627776"), "got %s\n", buf);
    ret = fmt_va_w(0, L"%1!S! %2!s!", bufw, 128, "ansi", L"wide");
    ok(!lstrcmpW(bufw, L"ansi wide"), "got %ls\n", bufw);
    ret = fmt_va_a(0, "%1!S! %2!s!", buf, 128, L"wide", "ansi");
    ok(!strcmp(buf, "wide ansi"), "got %s\n", buf);
    ret = fmt_va_a(0, "%1!c!%2!c!", buf, 128, 'h', 'i');
    ok(!strcmp(buf, "hi"), "got %s\n", buf);
    ret = fmt_va_a(0, "%1!*s!|", buf, 128, 6, "ab");
    ok(!strcmp(buf, "    ab|"), "got %s\n", buf);
    ret = fmt_va_a(0, "%1!.2s!|", buf, 128, "abcdef");
    ok(!strcmp(buf, "ab|"), "got %s\n", buf);
    /* Two-digit insert numbers. */
    ret = fmt_va_a(0, "%10", buf, 128, "1", "2", "3", "4", "5", "6", "7", "8", "9", "ten");
    ok(!strcmp(buf, "ten"), "got %s\n", buf);

    /* An argument array instead of a va_list. */
    DWORD_PTR array[2] = {(DWORD_PTR) "x", 12};
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1=%2!u!", 0, 0, buf,
                         128, (va_list *)array);
    ok(ret == 4 && !strcmp(buf, "x=12"), "got %lu %s\n", ret, buf);
}

static void test_escapes(void)
{
    char buf[128];
    DWORD ret;

    ret = fmt_va_a(0, "a%nb%%c%.d%!e% f", buf, 128);
    ok(ret == 12 && !strcmp(buf, "a\r\nb%c.d!e f"), "got %lu [%s]\n", ret, buf);
    ret = fmt_va_a(0, "abc%0def", buf, 128);
    ok(ret == 3 && !strcmp(buf, "abc"), "got %lu [%s]\n", ret, buf);
    /* With a width limit the text's own line breaks become spaces; %n stays a line break. */
    ret = fmt_va_a(FORMAT_MESSAGE_MAX_WIDTH_MASK, "a\r\nb%nc", buf, 128);
    ok(!strcmp(buf, "a b\r\nc"), "got [%s]\n", buf);
    ret = fmt_va_a(0, "a\r\nb", buf, 128);
    ok(!strcmp(buf, "a\r\nb"), "got [%s]\n", buf);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%1 and %2!d!", 0, 0,
                         buf, 128, NULL);
    ok(ret == 12 && !strcmp(buf, "%1 and %2!d!"), "got %lu [%s]\n", ret, buf);
}

static void test_buffers(void)
{
    char buf[8], *alloc = NULL;
    WCHAR *allocw = NULL;
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = fmt_va_a(0, "%1", buf, 3, "abc");
    ok(ret == 0, "ret %lu\n", ret);
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    ret = fmt_va_a(0, "%1", buf, 4, "abc");
    ok(ret == 3 && !strcmp(buf, "abc"), "got %lu %s\n", ret, buf);

    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                             FORMAT_MESSAGE_IGNORE_INSERTS,
                         "allocated text", 0, 0, (char *)&alloc, 0, NULL);
    ok(ret == 14 && alloc && !strcmp(alloc, "allocated text"), "got %lu %s\n", ret, alloc);
    ok(LocalFree(alloc) == NULL, "LocalFree failed\n");
    ret = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                             FORMAT_MESSAGE_IGNORE_INSERTS,
                         L"wide", 0, 0, (WCHAR *)&allocw, 0, NULL);
    ok(ret == 4 && allocw && !lstrcmpW(allocw, L"wide"), "got %lu\n", ret);
    LocalFree(allocw);

    /* Inserts without arguments. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "%1", 0, 0, buf, 8, NULL);
    ok(ret == 0, "ret %lu\n", ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    /* No source flag. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(0, "x", 0, 0, buf, 8, NULL);
    ok(ret == 0, "ret %lu\n", ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
}

START_TEST(formatmsg)
{
    test_inserts();
    test_escapes();
    test_buffers();
}
