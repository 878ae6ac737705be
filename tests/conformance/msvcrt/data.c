/*
 * msvcrt data exports and locale state seen by mingw-w64 programs: _iob, _pctype, __mb_cur_max,
 * the "C" locale, _fmode, the floating-point control word.
 */
#include "test.h"
#include <ctype.h>
#include <locale.h>
#include <float.h>
#ifndef _SW_ZERODIVIDE
#define _SW_ZERODIVIDE 0x08
#endif
#include <wctype.h>

static void test_iob(void)
{
    FILE *iob = __iob_func();
    ok(iob[0]._file == 0 && iob[1]._file == 1 && iob[2]._file == 2, "std streams: %d %d %d\n", iob[0]._file,
       iob[1]._file, iob[2]._file);
    ok(&iob[1] == stdout, "stdout\n");
    ok(iob[2]._flag & _IOWRT, "stderr open for writing: flag %x\n", iob[2]._flag);
}

static void test_ctype(void)
{
    HMODULE msvcrt = GetModuleHandleA("msvcrt.dll");
    int(__cdecl * p___mb_cur_max_func)(void) = (void *)GetProcAddress(msvcrt, "___mb_cur_max_func");
    unsigned(__cdecl * p___lc_codepage_func)(void) = (void *)GetProcAddress(msvcrt, "___lc_codepage_func");
    const unsigned short *(__cdecl * p___pctype_func)(void) = (void *)GetProcAddress(msvcrt, "__pctype_func");
    const unsigned short *pctype = p___pctype_func();

    ok(pctype['A'] == (_UPPER | _HEX), "'A': %x\n", pctype['A']);
    ok(pctype['z'] == _LOWER, "'z': %x\n", pctype['z']);
    ok(pctype['5'] == (_DIGIT | _HEX), "'5': %x\n", pctype['5']);
    ok(pctype[' '] == (_SPACE | _BLANK), "' ': %x\n", pctype[' ']);
    ok(pctype['\t'] == (_SPACE | _CONTROL), "tab: %x\n", pctype['\t']);
    ok(pctype['!'] == _PUNCT, "'!': %x\n", pctype['!']);
    ok(pctype[0xe9] == 0, "0xe9 in the C locale: %x\n", pctype[0xe9]);
    ok(pctype[-1] == 0, "EOF: %x\n", pctype[-1]);
    ok(p___mb_cur_max_func() == 1, "mb_cur_max %d\n", p___mb_cur_max_func());
    ok(p___lc_codepage_func() == 0, "C locale code page %u\n", p___lc_codepage_func());
    ok(isalpha('q') && !isalpha('1') && isxdigit('F') && isspace('\n'), "is* functions\n");
    ok(toupper('a') == 'A' && tolower('Q') == 'q' && toupper('1') == '1', "toupper/tolower\n");
    ok(iswalpha(0xe9) && iswlower(0xe9) && iswupper(0xc9), "iswctype for Latin-1 letters\n");
    ok(iswctype(L'7', _DIGIT) && !iswctype(L'x', _DIGIT), "iswctype\n");
    ok(towupper(L'a') == L'A' && towlower(L'B') == L'b', "towupper/towlower\n");
}

static void test_locale(void)
{
    char *name = setlocale(LC_ALL, NULL);
    ok(name && !strcmp(name, "C"), "initial locale %s\n", name);
    name = setlocale(LC_ALL, "C");
    ok(name && !strcmp(name, "C"), "setlocale C: %s\n", name);
    struct lconv *lc = localeconv();
    ok(lc && !strcmp(lc->decimal_point, ".") && !strcmp(lc->thousands_sep, ""), "localeconv\n");
    ok(lc && lc->int_frac_digits == CHAR_MAX, "int_frac_digits %d\n", lc->int_frac_digits);
    ok(strcoll("a", "b") < 0 && strcoll("b", "b") == 0, "strcoll\n");
    char buf[8];
    ok(strxfrm(buf, "abc", sizeof(buf)) == 3 && !strcmp(buf, "abc"), "strxfrm\n");
    ok(wcscoll(L"a", L"b") < 0, "wcscoll\n");
}

static void test_fp(void)
{
    unsigned int cw = _controlfp(0, 0);
    ok((cw & _MCW_EM) == _MCW_EM, "exceptions masked: %x\n", cw);
    ok((cw & _MCW_RC) == _RC_NEAR, "round to nearest: %x\n", cw);
    _controlfp(_RC_CHOP, _MCW_RC);
    ok((_controlfp(0, 0) & _MCW_RC) == _RC_CHOP, "set rounding\n");
    _controlfp(_RC_NEAR, _MCW_RC);
    _clearfp();
    volatile double zero = 0.0, one = 1.0;
    volatile double r = one / zero;
    (void)r;
    ok(_statusfp() & _SW_ZERODIVIDE, "zero divide flag: %x\n", _statusfp());
    ok(_clearfp() & _SW_ZERODIVIDE, "_clearfp returns the old flags\n");
    ok(!(_statusfp() & _SW_ZERODIVIDE), "_clearfp cleared\n");
    ok(_isnan(zero / zero) && !_finite(one / zero) && _finite(one), "_isnan/_finite\n");
    ok(_fpclass(-0.0) == _FPCLASS_NZ && _fpclass(one / zero) == _FPCLASS_PINF, "_fpclass\n");
}

START_TEST(data)
{
    test_iob();
    test_ctype();
    test_locale();
    test_fp();
}
