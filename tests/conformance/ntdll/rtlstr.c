/*
 * Counted string and Rtl code page conformance tests (ntdll).
 */
#include "test.h"
#include <winternl.h>

#ifndef STATUS_BUFFER_OVERFLOW
#define STATUS_BUFFER_OVERFLOW ((LONG)0x80000005)
#endif
#define STATUS_BUFFER_TOO_SMALL_ ((LONG)0xC0000023)
#define STATUS_SOME_NOT_MAPPED_ ((LONG)0x00000107)

static void(WINAPI *pRtlInitUnicodeString)(UNICODE_STRING *, const WCHAR *);
static void(WINAPI *pRtlInitAnsiString)(ANSI_STRING *, const char *);
static LONG(WINAPI *pRtlAnsiStringToUnicodeString)(UNICODE_STRING *, const ANSI_STRING *, BOOLEAN);
static LONG(WINAPI *pRtlUnicodeStringToAnsiString)(ANSI_STRING *, const UNICODE_STRING *, BOOLEAN);
static void(WINAPI *pRtlFreeUnicodeString)(UNICODE_STRING *);
static void(WINAPI *pRtlFreeAnsiString)(ANSI_STRING *);
static BOOLEAN(WINAPI *pRtlCreateUnicodeStringFromAsciiz)(UNICODE_STRING *, const char *);
static LONG(WINAPI *pRtlCompareUnicodeString)(const UNICODE_STRING *, const UNICODE_STRING *, BOOLEAN);
static BOOLEAN(WINAPI *pRtlEqualUnicodeString)(const UNICODE_STRING *, const UNICODE_STRING *, BOOLEAN);
static BOOLEAN(WINAPI *pRtlPrefixUnicodeString)(const UNICODE_STRING *, const UNICODE_STRING *, BOOLEAN);
static LONG(WINAPI *pRtlAppendUnicodeToString)(UNICODE_STRING *, const WCHAR *);
static LONG(WINAPI *pRtlAppendUnicodeStringToString)(UNICODE_STRING *, const UNICODE_STRING *);
static void(WINAPI *pRtlCopyUnicodeString)(UNICODE_STRING *, const UNICODE_STRING *);
static LONG(WINAPI *pRtlUpcaseUnicodeString)(UNICODE_STRING *, const UNICODE_STRING *, BOOLEAN);
static WCHAR(WINAPI *pRtlUpcaseUnicodeChar)(WCHAR);
static LONG(WINAPI *pRtlMultiByteToUnicodeN)(WCHAR *, ULONG, ULONG *, const char *, ULONG);
static LONG(WINAPI *pRtlUnicodeToMultiByteN)(char *, ULONG, ULONG *, const WCHAR *, ULONG);
static LONG(WINAPI *pRtlMultiByteToUnicodeSize)(ULONG *, const char *, ULONG);
static LONG(WINAPI *pRtlUTF8ToUnicodeN)(WCHAR *, ULONG, ULONG *, const char *, ULONG);
static LONG(WINAPI *pRtlUnicodeToUTF8N)(char *, ULONG, ULONG *, const WCHAR *, ULONG);
static LONG(WINAPI *pRtlIntegerToChar)(ULONG, ULONG, ULONG, char *);
static LONG(WINAPI *pRtlUnicodeStringToInteger)(const UNICODE_STRING *, ULONG, ULONG *);

#define LOAD(name) (p##name = (void *)GetProcAddress(ntdll, #name))

static const WCHAR hello[] = {'H', 'e', 'l', 'l', 'o', 0};
static const WCHAR hello_lower[] = {'h', 'e', 'l', 'l', 'o', 0};

static void test_init(void)
{
    UNICODE_STRING us;
    ANSI_STRING as;
    pRtlInitUnicodeString(&us, hello);
    ok(us.Length == 10 && us.MaximumLength == 12 && us.Buffer == hello, "Init %u %u\n", us.Length,
       us.MaximumLength);
    pRtlInitUnicodeString(&us, NULL);
    ok(us.Length == 0 && us.MaximumLength == 0 && us.Buffer == NULL, "Init NULL\n");
    pRtlInitAnsiString(&as, "abc");
    ok(as.Length == 3 && as.MaximumLength == 4, "InitAnsi %u %u\n", as.Length, as.MaximumLength);
}

static void test_conversions(void)
{
    UNICODE_STRING us;
    ANSI_STRING as;
    WCHAR wbuf[16];
    char buf[16];
    ULONG len;

    pRtlInitAnsiString(&as, "caf\xe9 \x80");
    ok(!pRtlAnsiStringToUnicodeString(&us, &as, TRUE), "AnsiToUnicode failed\n");
    ok(us.Length == 12 && us.MaximumLength == 14, "lengths %u %u\n", us.Length, us.MaximumLength);
    ok(us.Buffer[3] == 0xe9 && us.Buffer[5] == 0x20ac && us.Buffer[6] == 0, "converted %04x %04x\n",
       us.Buffer[3], us.Buffer[5]);

    ANSI_STRING back;
    ok(!pRtlUnicodeStringToAnsiString(&back, &us, TRUE), "UnicodeToAnsi failed\n");
    ok(back.Length == 6 && !strcmp(back.Buffer, "caf\xe9 \x80"), "round trip %u\n", back.Length);
    pRtlFreeAnsiString(&back);

    /* a caller buffer that is too small: what fits is converted, STATUS_BUFFER_OVERFLOW */
    back.Buffer = buf;
    back.MaximumLength = 4;
    back.Length = 0;
    LONG status = pRtlUnicodeStringToAnsiString(&back, &us, FALSE);
    ok(status == STATUS_BUFFER_OVERFLOW, "status %08lx\n", status);
    ok(back.Length == 3 && !memcmp(buf, "caf", 3) && buf[3] == 0, "truncated %u\n", back.Length);
    pRtlFreeUnicodeString(&us);
    ok(us.Buffer == NULL && us.Length == 0, "free did not reset\n");

    UNICODE_STRING small = {0, 4, wbuf};
    status = pRtlAnsiStringToUnicodeString(&small, &as, FALSE);
    ok(status == STATUS_BUFFER_OVERFLOW, "status %08lx\n", status);

    ok(pRtlCreateUnicodeStringFromAsciiz(&us, "xyz"), "CreateFromAsciiz failed\n");
    ok(us.Length == 6 && us.MaximumLength == 8 && us.Buffer[2] == 'z' && !us.Buffer[3], "asciiz %u\n",
       us.Length);
    pRtlFreeUnicodeString(&us);

    ok(!pRtlMultiByteToUnicodeN(wbuf, sizeof(wbuf), &len, "ab\x80", 3), "MultiByteToUnicodeN failed\n");
    ok(len == 6 && wbuf[2] == 0x20ac, "len %lu\n", len);
    ok(!pRtlMultiByteToUnicodeN(wbuf, 4, &len, "abcd", 4), "truncating MultiByteToUnicodeN failed\n");
    ok(len == 4, "truncated len %lu\n", len);
    ok(!pRtlMultiByteToUnicodeSize(&len, "abc", 3) && len == 6, "MultiByteToUnicodeSize %lu\n", len);
    static const WCHAR w[] = {'x', 0x20ac, 0x3042};
    ok(!pRtlUnicodeToMultiByteN(buf, sizeof(buf), &len, w, sizeof(w)), "UnicodeToMultiByteN failed\n");
    ok(len == 3 && buf[0] == 'x' && (BYTE)buf[1] == 0x80 && buf[2] == '?', "len %lu %02x\n", len,
       (BYTE)buf[2]);
}

static void test_utf8(void)
{
    WCHAR wbuf[16];
    char buf[16];
    ULONG len = 0xdead;
    LONG status;

    status = pRtlUTF8ToUnicodeN(NULL, 0, &len, "a\xe2\x82\xac", 4);
    ok(status == 0 && len == 4, "size query %08lx %lu\n", status, len);
    status = pRtlUTF8ToUnicodeN(wbuf, sizeof(wbuf), &len, "a\xe2\x82\xac", 4);
    ok(status == 0 && len == 4 && wbuf[1] == 0x20ac, "convert %08lx %lu\n", status, len);
    status = pRtlUTF8ToUnicodeN(wbuf, sizeof(wbuf), &len, "a\xff", 2);
    ok(status == STATUS_SOME_NOT_MAPPED_ && len == 4 && wbuf[1] == 0xfffd, "invalid %08lx %lu\n", status,
       len);
    status = pRtlUTF8ToUnicodeN(wbuf, 2, &len, "abc", 3);
    ok(status == STATUS_BUFFER_TOO_SMALL_ && len == 2 && wbuf[0] == 'a', "small %08lx %lu\n", status, len);

    static const WCHAR w[] = {'a', 0x20ac};
    status = pRtlUnicodeToUTF8N(buf, sizeof(buf), &len, w, sizeof(w));
    ok(status == 0 && len == 4 && !memcmp(buf, "a\xe2\x82\xac", 4), "to UTF-8 %08lx %lu\n", status, len);
}

static void test_compare_case(void)
{
    UNICODE_STRING a, b, prefix;
    pRtlInitUnicodeString(&a, hello);
    pRtlInitUnicodeString(&b, hello_lower);
    ok(pRtlCompareUnicodeString(&a, &b, FALSE) < 0, "case-sensitive compare\n");
    ok(pRtlCompareUnicodeString(&a, &b, TRUE) == 0, "case-insensitive compare\n");
    ok(!pRtlEqualUnicodeString(&a, &b, FALSE) && pRtlEqualUnicodeString(&a, &b, TRUE), "Equal\n");
    prefix = b;
    prefix.Length = 6;
    ok(pRtlPrefixUnicodeString(&prefix, &a, TRUE) && !pRtlPrefixUnicodeString(&prefix, &a, FALSE),
       "Prefix\n");
    ok(pRtlCompareUnicodeString(&prefix, &b, FALSE) < 0, "shorter sorts first\n");

    ok(pRtlUpcaseUnicodeChar('a') == 'A' && pRtlUpcaseUnicodeChar(0xe9) == 0xc9 &&
           pRtlUpcaseUnicodeChar(0x3b1) == 0x391 && pRtlUpcaseUnicodeChar('1') == '1',
       "RtlUpcaseUnicodeChar\n");

    WCHAR buf[8];
    UNICODE_STRING up = {0, sizeof(buf), buf};
    ok(!pRtlUpcaseUnicodeString(&up, &b, FALSE), "Upcase failed\n");
    ok(up.Length == 10 && buf[0] == 'H' && buf[4] == 'O', "upcased %u\n", up.Length);
    UNICODE_STRING tiny = {0, 4, buf};
    ok(pRtlUpcaseUnicodeString(&tiny, &b, FALSE) == STATUS_BUFFER_OVERFLOW, "Upcase overflow\n");
}

static void test_append_copy(void)
{
    WCHAR buf[8];
    UNICODE_STRING s = {0, sizeof(buf), buf}, src;
    static const WCHAR ab[] = {'a', 'b', 0};
    ok(!pRtlAppendUnicodeToString(&s, ab), "append failed\n");
    ok(s.Length == 4 && buf[2] == 0, "appended %u\n", s.Length);
    pRtlInitUnicodeString(&src, ab);
    ok(!pRtlAppendUnicodeStringToString(&s, &src), "append string failed\n");
    ok(s.Length == 8 && buf[3] == 'b', "appended %u\n", s.Length);
    ok(pRtlAppendUnicodeToString(&s, hello) == STATUS_BUFFER_TOO_SMALL_, "overflow not reported\n");
    ok(s.Length == 8, "failed append changed the length\n");

    WCHAR small_buf[3];
    UNICODE_STRING dst = {0, sizeof(small_buf), small_buf};
    pRtlInitUnicodeString(&src, hello);
    pRtlCopyUnicodeString(&dst, &src);
    ok(dst.Length == 6 && small_buf[0] == 'H' && small_buf[2] == 'l', "copy truncates: %u\n", dst.Length);
}

static void test_integers(void)
{
    char buf[16];
    ULONG value;
    UNICODE_STRING us;
    static const WCHAR num[] = {' ', '-', '1', '2', '3', 0};
    static const WCHAR hex[] = {'0', 'x', '1', 'f', 0};

    ok(!pRtlIntegerToChar(1234, 10, sizeof(buf), buf) && !strcmp(buf, "1234"), "IntegerToChar %s\n", buf);
    ok(!pRtlIntegerToChar(255, 16, sizeof(buf), buf) && !strcmp(buf, "FF"), "hex %s\n", buf);
    ok(pRtlIntegerToChar(1234, 10, 2, buf) == STATUS_BUFFER_OVERFLOW, "short buffer\n");
    pRtlInitUnicodeString(&us, num);
    ok(!pRtlUnicodeStringToInteger(&us, 10, &value) && value == (ULONG)-123, "StringToInteger %ld\n",
       (LONG)value);
    pRtlInitUnicodeString(&us, hex);
    ok(!pRtlUnicodeStringToInteger(&us, 0, &value) && value == 31, "hex prefix %lu\n", value);
}

static void test_memory(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    SIZE_T(WINAPI * pRtlCompareMemory)
    (const void *, const void *, SIZE_T) = (void *)GetProcAddress(ntdll, "RtlCompareMemory");
    SIZE_T(WINAPI * pRtlCompareMemoryUlong)
    (const void *, SIZE_T, ULONG) = (void *)GetProcAddress(ntdll, "RtlCompareMemoryUlong");
    void(WINAPI * pRtlFillMemory)(void *, SIZE_T, BYTE) =
        (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "RtlFillMemory");
    ok(pRtlCompareMemory && pRtlCompareMemoryUlong && pRtlFillMemory, "missing memory exports\n");
    if (!pRtlCompareMemory || !pRtlCompareMemoryUlong || !pRtlFillMemory)
        return;
    ok(pRtlCompareMemory("abcdef", "abcxef", 6) == 3, "RtlCompareMemory\n");
    ok(pRtlCompareMemory("abc", "abc", 3) == 3, "equal blocks\n");
    ULONG ul[4] = {7, 7, 7, 8};
    ok(pRtlCompareMemoryUlong(ul, 16, 7) == 12, "RtlCompareMemoryUlong %Iu\n",
       pRtlCompareMemoryUlong(ul, 16, 7));
    ok(pRtlCompareMemoryUlong(ul, 7, 7) == 4, "partial ULONG %Iu\n", pRtlCompareMemoryUlong(ul, 7, 7));
    BYTE buf[4] = {0};
    pRtlFillMemory(buf, 3, 0xab);
    ok(buf[0] == 0xab && buf[2] == 0xab && buf[3] == 0, "RtlFillMemory\n");
}

START_TEST(rtlstr)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    LOAD(RtlInitUnicodeString);
    LOAD(RtlInitAnsiString);
    LOAD(RtlAnsiStringToUnicodeString);
    LOAD(RtlUnicodeStringToAnsiString);
    LOAD(RtlFreeUnicodeString);
    LOAD(RtlFreeAnsiString);
    LOAD(RtlCreateUnicodeStringFromAsciiz);
    LOAD(RtlCompareUnicodeString);
    LOAD(RtlEqualUnicodeString);
    LOAD(RtlPrefixUnicodeString);
    LOAD(RtlAppendUnicodeToString);
    LOAD(RtlAppendUnicodeStringToString);
    LOAD(RtlCopyUnicodeString);
    LOAD(RtlUpcaseUnicodeString);
    LOAD(RtlUpcaseUnicodeChar);
    LOAD(RtlMultiByteToUnicodeN);
    LOAD(RtlUnicodeToMultiByteN);
    LOAD(RtlMultiByteToUnicodeSize);
    LOAD(RtlUTF8ToUnicodeN);
    LOAD(RtlUnicodeToUTF8N);
    LOAD(RtlIntegerToChar);
    LOAD(RtlUnicodeStringToInteger);
    ok(pRtlInitUnicodeString && pRtlAnsiStringToUnicodeString && pRtlUnicodeStringToAnsiString &&
           pRtlUTF8ToUnicodeN && pRtlUnicodeToUTF8N && pRtlIntegerToChar && pRtlUnicodeStringToInteger &&
           pRtlMultiByteToUnicodeN,
       "missing exports\n");
    if (!pRtlInitUnicodeString || !pRtlUTF8ToUnicodeN || !pRtlIntegerToChar || !pRtlUnicodeStringToInteger)
        return;
    test_init();
    test_conversions();
    test_utf8();
    test_compare_case();
    test_append_copy();
    test_integers();
    test_memory();
}
