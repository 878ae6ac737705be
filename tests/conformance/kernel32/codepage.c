/*
 * Code page conformance tests: MultiByteToWideChar, WideCharToMultiByte, GetCPInfo(Ex), IsValidCodePage,
 * GetACP/GetOEMCP, lstr* and CompareStringOrdinal.
 */
#include "test.h"

static void test_acp_oemcp(void)
{
    /* Windows en-US: ANSI 1252, OEM 437 */
    ok(GetACP() == 1252, "GetACP %u\n", GetACP());
    ok(GetOEMCP() == 437, "GetOEMCP %u\n", GetOEMCP());
    ok(IsValidCodePage(1252) && IsValidCodePage(437) && IsValidCodePage(CP_UTF8) && IsValidCodePage(CP_UTF7),
       "common code pages invalid\n");
    ok(!IsValidCodePage(CP_ACP) && !IsValidCodePage(CP_OEMCP), "pseudo code pages are valid\n");
    ok(!IsValidCodePage(12345), "code page 12345 is valid\n");
    ok(!IsDBCSLeadByte(0x81), "0x81 is a lead byte in 1252\n");
}

static void test_mbtowc(void)
{
    WCHAR buf[16];
    int r;

    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, 0, "abc", -1, buf, 16);
    ok(r == 4 && buf[3] == 0 && buf[0] == 'a', "got %d\n", r);
    r = MultiByteToWideChar(CP_ACP, 0, "abc", 3, NULL, 0);
    ok(r == 3, "size query %d\n", r);
    r = MultiByteToWideChar(1252, 0, "\x80\x9f\xe9", 3, buf, 16);
    ok(r == 3 && buf[0] == 0x20ac && buf[1] == 0x0178 && buf[2] == 0xe9, "1252: %04x %04x %04x\n", buf[0],
       buf[1], buf[2]);
    r = MultiByteToWideChar(CP_OEMCP, 0, "\x80\xb0\xe1", 3, buf, 16);
    ok(r == 3 && buf[0] == 0xc7 && buf[1] == 0x2591 && buf[2] == 0xdf, "437: %04x %04x %04x\n", buf[0],
       buf[1], buf[2]);

    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, 0, "abcdef", -1, buf, 3);
    ok(r == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "short buffer: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, 0, NULL, 3, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "NULL source: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, 0, "abc", 0, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "zero length: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, 0, "abc", 3, NULL, 5);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "NULL dest: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(12345, 0, "abc", 3, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "bad code page: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED | MB_COMPOSITE, "abc", 3, buf, 16);
    /* MB_PRECOMPOSED and MB_COMPOSITE are mutually exclusive (MultiByteToWideChar documentation,
     * ERROR_INVALID_FLAGS); Wine 8.0 accepts them */
    ok((r == 0 && GetLastError() == ERROR_INVALID_FLAGS) || broken(r == 3), "conflicting flags: %d %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "abc", 3, buf, 16);
    /* documented: for UTF-8 dwFlags must be 0 or MB_ERR_INVALID_CHARS, else ERROR_INVALID_FLAGS (Wine 8.0
     * accepts) */
    ok((r == 0 && GetLastError() == ERROR_INVALID_FLAGS) || broken(r == 3),
       "UTF-8 with MB_PRECOMPOSED: %d %lu\n", r, GetLastError());

    /* UTF-8 */
    r = MultiByteToWideChar(CP_UTF8, 0, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, buf, 16);
    ok(r == 5 && buf[1] == 0xe9 && buf[2] == 0x20ac && buf[3] == 0xd83d && buf[4] == 0xde00, "UTF-8: %d\n",
       r);
    r = MultiByteToWideChar(CP_UTF8, 0,
                            "\xff"
                            "a",
                            2, buf, 16);
    ok(r == 2 && buf[0] == 0xfffd && buf[1] == 'a', "invalid byte: %d %04x\n", r, buf[0]);
    r = MultiByteToWideChar(CP_UTF8, 0, "\x80", 1, buf, 16);
    ok(r == 1 && buf[0] == 0xfffd, "lone continuation: %d %04x\n", r, buf[0]);
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", 2, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "MB_ERR_INVALID_CHARS: %d %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xed\xa0\x80", 3, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "encoded surrogate: %d %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xc0\x80", 2, buf, 16);
    ok(r == 0 && GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "overlong: %d %lu\n", r, GetLastError());
    r = MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", 4, NULL, 0);
    ok(r == 2, "surrogate pair size %d\n", r);
    /* how much of an ill-formed sequence one U+FFFD covers */
    r = MultiByteToWideChar(CP_UTF8, 0, "\xed\xa0\x80", 3, buf, 16);
    ok(r == 2 && buf[0] == 0xfffd && buf[1] == 0xfffd, "encoded surrogate: %d\n", r);
    r = MultiByteToWideChar(CP_UTF8, 0, "a\xe2\x82", 3, buf, 16);
    ok(r == 2 && buf[1] == 0xfffd, "truncated at the end: %d\n", r);
    r = MultiByteToWideChar(CP_UTF8, 0,
                            "\xe2\x82"
                            "a",
                            3, buf, 16);
    ok(r == 2 && buf[0] == 0xfffd && buf[1] == 'a', "interrupted sequence: %d\n", r);
    r = MultiByteToWideChar(CP_UTF8, 0, "\xf4\x90\x80\x80", 4, buf, 16);
    ok(r == 3, "above U+10FFFF: %d\n", r);
    r = MultiByteToWideChar(CP_UTF8, 0, "\xc0\xaf", 2, buf, 16);
    ok(r == 2 && buf[0] == 0xfffd && buf[1] == 0xfffd, "overlong: %d\n", r);
}

static void test_wctomb(void)
{
    char buf[32];
    BOOL used;
    int r;
    static const WCHAR abc[] = {'a', 'b', 'c', 0};
    static const WCHAR mixed[] = {'x', 0x20ac, 0x0100, 0x3042, 0};

    r = WideCharToMultiByte(CP_ACP, 0, abc, -1, buf, 32, NULL, NULL);
    ok(r == 4 && !strcmp(buf, "abc"), "got %d\n", r);
    r = WideCharToMultiByte(CP_ACP, 0, abc, 3, NULL, 0, NULL, NULL);
    ok(r == 3, "size query %d\n", r);

    used = 0xdead;
    r = WideCharToMultiByte(1252, 0, mixed, 2, buf, 32, NULL, &used);
    ok(r == 2 && buf[0] == 'x' && (BYTE)buf[1] == 0x80, "euro: %d %02x\n", r, (BYTE)buf[1]);
    ok(used == FALSE, "used default %d\n", used);
    used = FALSE;
    r = WideCharToMultiByte(1252, WC_NO_BEST_FIT_CHARS, mixed + 3, 1, buf, 32, "*", &used);
    ok(r == 1 && buf[0] == '*' && used == TRUE, "hiragana: %d %c %d\n", r, buf[0], used);
    /* best fit: U+0100 becomes 'A' and is not a default character; WC_NO_BEST_FIT_CHARS turns that off */
    used = TRUE;
    r = WideCharToMultiByte(1252, 0, mixed + 2, 1, buf, 32, NULL, &used);
    ok(r == 1 && buf[0] == 'A' && used == FALSE, "best fit: %d %c %d\n", r, buf[0], used);
    used = FALSE;
    r = WideCharToMultiByte(1252, WC_NO_BEST_FIT_CHARS, mixed + 2, 1, buf, 32, NULL, &used);
    ok(r == 1 && buf[0] == '?' && used == TRUE, "no best fit: %d %c %d\n", r, buf[0], used);
    used = FALSE;
    r = WideCharToMultiByte(1252, 0, mixed + 3, 1, buf, 32, NULL, &used);
    ok(r == 1 && buf[0] == '?' && used == TRUE, "default char: %d %c %d\n", r, buf[0], used);

    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_ACP, 0, abc, -1, buf, 2, NULL, NULL);
    ok(r == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "short buffer: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_ACP, 0, NULL, 3, buf, 32, NULL, NULL);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "NULL source: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_ACP, 0, abc, 3, NULL, 4, NULL, NULL);
    ok(r == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "NULL dest: %d %lu\n", r, GetLastError());

    /* documented (WideCharToMultiByte): for CP_UTF7 and CP_UTF8 lpDefaultChar and lpUsedDefaultChar must be
     * NULL, otherwise ERROR_INVALID_PARAMETER; for CP_UTF8 dwFlags must be 0 or WC_ERR_INVALID_CHARS,
     * otherwise ERROR_INVALID_FLAGS. Wine 8.0 accepts all three. */
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_UTF8, 0, abc, 3, buf, 32, NULL, &used);
    ok((r == 0 && GetLastError() == ERROR_INVALID_PARAMETER) || broken(r == 3),
       "UTF-8 with lpUsedDefaultChar: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_UTF8, 0, abc, 3, buf, 32, "?", NULL);
    ok((r == 0 && GetLastError() == ERROR_INVALID_PARAMETER) || broken(r == 3),
       "UTF-8 with lpDefaultChar: %d %lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS, abc, 3, buf, 32, NULL, NULL);
    ok((r == 0 && GetLastError() == ERROR_INVALID_FLAGS) || broken(r == 3), "UTF-8 flags: %d %lu\n", r,
       GetLastError());

    r = WideCharToMultiByte(CP_UTF8, 0, mixed, 4, buf, 32, NULL, NULL);
    ok(r == 9 && !memcmp(buf, "x\xe2\x82\xac\xc4\x80\xe3\x81\x82", 9), "UTF-8 encode %d\n", r);
    static const WCHAR pair[] = {0xd83d, 0xde00};
    r = WideCharToMultiByte(CP_UTF8, 0, pair, 2, buf, 32, NULL, NULL);
    ok(r == 4 && !memcmp(buf, "\xf0\x9f\x98\x80", 4), "pair %d\n", r);
    static const WCHAR lone[] = {'a', 0xdc00, 'b'};
    r = WideCharToMultiByte(CP_UTF8, 0, lone, 3, buf, 32, NULL, NULL);
    ok(r == 5 && !memcmp(buf,
                         "a\xef\xbf\xbd"
                         "b",
                         5),
       "lone surrogate %d\n", r);
    SetLastError(0xdeadbeef);
    r = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, 3, buf, 32, NULL, NULL);
    ok(r == 0 && GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "WC_ERR_INVALID_CHARS: %d %lu\n", r,
       GetLastError());
}

static void test_utf7(void)
{
    static const WCHAR smile[] = {'A', 0x263a, '.'};
    char buf[32];
    WCHAR wbuf[16];
    int r = WideCharToMultiByte(CP_UTF7, 0, smile, 3, buf, 32, NULL, NULL);
    ok(r == 7 && !memcmp(buf, "A+Jjo-.", 7), "UTF-7 encode %d %.*s\n", r, r, buf);
    r = MultiByteToWideChar(CP_UTF7, 0, "A+Jjo-.", 7, wbuf, 16);
    ok(r == 3 && wbuf[1] == 0x263a && wbuf[2] == '.', "UTF-7 decode %d\n", r);
    r = MultiByteToWideChar(CP_UTF7, 0, "1+-1", 4, wbuf, 16);
    ok(r == 3 && wbuf[1] == '+', "+- decodes to + (%d)\n", r);
}

static void test_cpinfo(void)
{
    CPINFO info;
    CPINFOEXW ex;
    ok(GetCPInfo(1252, &info), "GetCPInfo failed\n");
    ok(info.MaxCharSize == 1 && info.DefaultChar[0] == '?' && !info.LeadByte[0], "1252 info %u %x\n",
       info.MaxCharSize, info.DefaultChar[0]);
    ok(GetCPInfo(CP_UTF8, &info) && info.MaxCharSize == 4, "UTF-8 max %u\n", info.MaxCharSize);
    ok(GetCPInfo(CP_UTF7, &info) && info.MaxCharSize == 5, "UTF-7 max %u\n", info.MaxCharSize);
    SetLastError(0xdeadbeef);
    ok(!GetCPInfo(12345, &info) && GetLastError() == ERROR_INVALID_PARAMETER, "bad cp %lu\n", GetLastError());
    ok(GetCPInfoExW(CP_ACP, 0, &ex), "GetCPInfoExW failed\n");
    ok(ex.CodePage == 1252 && ex.UnicodeDefaultChar == '?', "cp %u default %04x\n", ex.CodePage,
       ex.UnicodeDefaultChar);
    static const WCHAR name1252[] = {'1', '2', '5', '2', ' ', ' ', '(', 'A', 'N', 'S', 'I', ' ',
                                     '-', ' ', 'L', 'a', 't', 'i', 'n', ' ', 'I', ')', 0};
    /* Windows names code pages "1252  (ANSI - Latin I)"; Wine 8.0 uses its own names */
    ok(!lstrcmpW(ex.CodePageName, name1252) || broken(ex.CodePageName[0] != 0), "name %ls\n",
       ex.CodePageName);
}

static void test_lstr(void)
{
    char buf[16];
    WCHAR wbuf[16];
    static const WCHAR hello[] = {'h', 'e', 'l', 'l', 'o', 0};
    static const WCHAR HELLO[] = {'H', 'E', 'L', 'L', 'O', 0};

    ok(lstrlenA("hello") == 5 && lstrlenA(NULL) == 0, "lstrlenA\n");
    ok(lstrlenW(hello) == 5 && lstrlenW(NULL) == 0, "lstrlenW\n");
    ok(lstrcpyA(buf, "abc") == buf && !strcmp(buf, "abc"), "lstrcpyA\n");
    ok(lstrcpyW(wbuf, hello) == wbuf && wbuf[4] == 'o' && !wbuf[5], "lstrcpyW\n");
    ok(lstrcpynA(buf, "abcdef", 4) == buf && !strcmp(buf, "abc"), "lstrcpynA %s\n", buf);
    ok(lstrcatA(buf, "xy") == buf && !strcmp(buf, "abcxy"), "lstrcatA %s\n", buf);

    ok(lstrcmpA("abc", "abc") == 0, "equal\n");
    ok(lstrcmpA("abc", "abd") < 0 && lstrcmpA("abd", "abc") > 0, "order\n");
    /* linguistic order: case is secondary, lower case first */
    ok(lstrcmpA("a", "B") < 0, "a vs B\n");
    ok(lstrcmpA("a", "A") < 0, "a vs A\n");
    ok(lstrcmpiA("abc", "ABC") == 0, "lstrcmpiA\n");
    ok(lstrcmpiA("abc", "ABD") < 0, "lstrcmpiA order\n");
    ok(lstrcmpW(hello, HELLO) < 0 && lstrcmpiW(hello, HELLO) == 0, "wide compare\n");
    ok(lstrcmpA(NULL, "a") < 0 && lstrcmpA("a", NULL) > 0 && lstrcmpA(NULL, NULL) == 0, "NULL compare\n");
    ok(lstrcmpA("co-op", "coop") > 0, "hyphen is ignored first, then decides\n");
    ok(lstrcmpA("1", "a") < 0, "digits before letters\n");

    ok(CompareStringOrdinal(hello, -1, HELLO, -1, FALSE) == CSTR_GREATER_THAN, "ordinal case\n");
    ok(CompareStringOrdinal(hello, -1, HELLO, -1, TRUE) == CSTR_EQUAL, "ordinal ignore case\n");
    ok(CompareStringOrdinal(hello, 4, hello, 5, FALSE) == CSTR_LESS_THAN, "ordinal length\n");
    SetLastError(0xdeadbeef);
    ok(CompareStringOrdinal(NULL, -1, hello, -1, FALSE) == 0 && GetLastError() == ERROR_INVALID_PARAMETER,
       "ordinal NULL %lu\n", GetLastError());
}

static void test_string_type(void)
{
    static const WCHAR chars[] = {'a', 'Z', '5', ' ', '\t', '!', 0xe9, 0x3b1, 0x20ac, 0x3000, 0x4e00, 0};
    WORD types[12];
    ok(GetStringTypeW(CT_CTYPE1, chars, -1, types), "GetStringTypeW failed\n");
    ok(types[0] == (C1_LOWER | C1_ALPHA | C1_XDIGIT | C1_DEFINED), "a: %04x\n", types[0]);
    ok(types[1] == (C1_UPPER | C1_ALPHA | C1_DEFINED), "Z: %04x\n", types[1]);
    ok(types[2] == (C1_DIGIT | C1_XDIGIT | C1_DEFINED), "5: %04x\n", types[2]);
    ok(types[3] == (C1_SPACE | C1_BLANK | C1_DEFINED), "space: %04x\n", types[3]);
    ok(types[4] == (C1_SPACE | C1_BLANK | C1_CNTRL | C1_DEFINED), "tab: %04x\n", types[4]);
    ok(types[5] == (C1_PUNCT | C1_DEFINED), "!: %04x\n", types[5]);
    ok(types[6] == (C1_LOWER | C1_ALPHA | C1_DEFINED), "e acute: %04x\n", types[6]);
    ok(types[7] == (C1_LOWER | C1_ALPHA | C1_DEFINED), "alpha: %04x\n", types[7]);
    ok(types[8] & C1_DEFINED, "euro: %04x\n", types[8]);
    ok(types[9] & C1_SPACE, "ideographic space: %04x\n", types[9]);
    ok(types[10] & C1_ALPHA, "CJK ideograph: %04x\n", types[10]);
    ok(types[11] == (C1_CNTRL | C1_DEFINED), "terminator: %04x\n", types[11]);
    WORD a_types[3];
    ok(GetStringTypeA(LOCALE_USER_DEFAULT, CT_CTYPE1, "a\x80", 2, a_types), "GetStringTypeA failed\n");
    ok(a_types[0] == types[0] && (a_types[1] & C1_DEFINED) && !(a_types[1] & C1_CNTRL),
       "0x80 is the euro sign in 1252, not a control: %04x\n", a_types[1]);
    SetLastError(0xdeadbeef);
    ok(!GetStringTypeW(0x10, chars, 1, types) && GetLastError() == ERROR_INVALID_PARAMETER, "bad type: %lu\n",
       GetLastError());
}

static void test_compare_string(void)
{
    static const WCHAR coop[] = {'c', 'o', '-', 'o', 'p', 0}, coop2[] = {'c', 'o', 'o', 'p', 0};
    ok(CompareStringA(LOCALE_USER_DEFAULT, 0, "abc", -1, "abc", -1) == CSTR_EQUAL, "equal\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, 0, "a", -1, "B", -1) == CSTR_LESS_THAN, "a < B\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, 0, "a", -1, "A", -1) == CSTR_LESS_THAN, "a < A\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "abc", -1, "ABC", -1) == CSTR_EQUAL,
       "ignore case\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORESYMBOLS, "a.b!c", -1, "abc", -1) == CSTR_EQUAL,
       "ignore symbols\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, 0, "abcdef", 3, "abcxyz", 3) == CSTR_EQUAL, "explicit lengths\n");
    ok(CompareStringW(LOCALE_USER_DEFAULT, 0, coop, -1, coop2, -1) == CSTR_GREATER_THAN, "word sort\n");
    ok(CompareStringW(LOCALE_USER_DEFAULT, SORT_STRINGSORT, coop, -1, coop2, -1) == CSTR_LESS_THAN,
       "string sort\n");
    ok(CompareStringA(LOCALE_USER_DEFAULT, 0, "+", -1, "{", -1) == CSTR_GREATER_THAN, "symbol order\n");
    SetLastError(0xdeadbeef);
    ok(!CompareStringA(LOCALE_USER_DEFAULT, 0, NULL, -1, "a", -1) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL string %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CompareStringA(LOCALE_USER_DEFAULT, 0x80000000, "a", -1, "a", -1) &&
           GetLastError() == ERROR_INVALID_FLAGS,
       "bad flags %lu\n", GetLastError());
}

START_TEST(codepage)
{
    test_acp_oemcp();
    test_mbtowc();
    test_wctomb();
    test_utf7();
    test_cpinfo();
    test_lstr();
    test_string_type();
    test_compare_string();
}
