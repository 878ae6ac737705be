/*
 * Conformance tests for environment variables (processenv.h).
 */
#include "test.h"

static void test_get_set(void)
{
    char buf[256];
    WCHAR bufW[256];
    DWORD ret;

    ok(SetEnvironmentVariableA("ORIEL_ENV_TEST", "value1"), "set failed\n");
    ret = GetEnvironmentVariableA("ORIEL_ENV_TEST", buf, sizeof(buf));
    ok(ret == 6 && !strcmp(buf, "value1"), "got %lu %s\n", ret, buf);
    /* names are case-insensitive */
    ret = GetEnvironmentVariableA("oriel_env_test", buf, sizeof(buf));
    ok(ret == 6 && !strcmp(buf, "value1"), "got %lu %s\n", ret, buf);
    ret = GetEnvironmentVariableW(L"Oriel_Env_Test", bufW, ARRAYSIZE(bufW));
    ok(ret == 6 && !wcscmp(bufW, L"value1"), "got %lu %ls\n", ret, bufW);

    /* buffer too small: the size needed including the terminator */
    memset(buf, 'x', sizeof(buf));
    ret = GetEnvironmentVariableA("ORIEL_ENV_TEST", buf, 6);
    ok(ret == 7, "got %lu\n", ret);
    ret = GetEnvironmentVariableA("ORIEL_ENV_TEST", NULL, 0);
    ok(ret == 7, "got %lu\n", ret);
    ret = GetEnvironmentVariableW(L"ORIEL_ENV_TEST", bufW, 6);
    ok(ret == 7, "got %lu\n", ret);
    ret = GetEnvironmentVariableA("ORIEL_ENV_TEST", buf, 7);
    ok(ret == 6 && !strcmp(buf, "value1"), "got %lu %s\n", ret, buf);

    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableA("ORIEL_ENV_NOT_SET_XYZ", buf, sizeof(buf));
    ok(ret == 0, "got %lu\n", ret);
    ok(GetLastError() == ERROR_ENVVAR_NOT_FOUND, "got error %lu\n", GetLastError());

    /* an empty value exists */
    ok(SetEnvironmentVariableA("ORIEL_ENV_EMPTY", ""), "set empty failed\n");
    buf[0] = 'x';
    ret = GetEnvironmentVariableA("ORIEL_ENV_EMPTY", buf, sizeof(buf));
    ok(ret == 0 && buf[0] == 0, "got %lu %s\n", ret, buf);

    /* NULL deletes; deleting a missing variable succeeds */
    ok(SetEnvironmentVariableA("ORIEL_ENV_TEST", NULL), "delete failed\n");
    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableA("ORIEL_ENV_TEST", buf, sizeof(buf));
    ok(ret == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND, "got %lu, error %lu\n", ret, GetLastError());
    ok(SetEnvironmentVariableA("ORIEL_ENV_TEST", NULL), "deleting a missing variable failed\n");

    /* '=' is not allowed inside a name */
    SetLastError(0xdeadbeef);
    ok(!SetEnvironmentVariableA("ORIEL=BAD", "x"), "name with '=' accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());

    /* replacing keeps one entry */
    SetEnvironmentVariableW(L"ORIEL_ENV_W", L"one");
    SetEnvironmentVariableW(L"oriel_env_w", L"two");
    ret = GetEnvironmentVariableW(L"ORIEL_ENV_W", bufW, ARRAYSIZE(bufW));
    ok(ret == 3 && !wcscmp(bufW, L"two"), "got %lu %ls\n", ret, bufW);
}

static int count_in_block(const WCHAR *env, const WCHAR *prefix)
{
    int n = 0;
    size_t len = wcslen(prefix);
    for (const WCHAR *p = env; *p; p += wcslen(p) + 1)
        if (!_wcsnicmp(p, prefix, len))
            n++;
    return n;
}

static void test_block(void)
{
    WCHAR *env;
    char *envA;

    SetEnvironmentVariableW(L"ORIEL_BLOCK", L"b");
    env = GetEnvironmentStringsW();
    ok(env != NULL, "GetEnvironmentStringsW failed\n");
    ok(count_in_block(env, L"ORIEL_BLOCK=b") == 1, "variable not in the block once\n");
    ok(count_in_block(env, L"ORIEL_BLOCK=") == 1, "duplicate names\n");
    /* a copy: changes after the call do not show up in it */
    SetEnvironmentVariableW(L"ORIEL_BLOCK", L"changed");
    ok(count_in_block(env, L"ORIEL_BLOCK=b") == 1, "the block is not a snapshot\n");
    ok(FreeEnvironmentStringsW(env), "FreeEnvironmentStringsW failed\n");

    envA = GetEnvironmentStringsA();
    ok(envA != NULL, "GetEnvironmentStringsA failed\n");
    int found = 0;
    for (const char *p = envA; *p; p += strlen(p) + 1)
        if (!strcmp(p, "ORIEL_BLOCK=changed"))
            found++;
    ok(found == 1, "ANSI block has the variable %d times\n", found);
    ok(FreeEnvironmentStringsA(envA), "FreeEnvironmentStringsA failed\n");

    /* every Windows process has these */
    char buf[MAX_PATH];
    ok(GetEnvironmentVariableA("SystemRoot", buf, sizeof(buf)) > 0, "no SystemRoot\n");
    ok(GetEnvironmentVariableA("windir", buf, sizeof(buf)) > 0, "no windir\n");
    ok(GetEnvironmentVariableA("TEMP", buf, sizeof(buf)) > 0, "no TEMP\n");
    ok(GetEnvironmentVariableA("ComSpec", buf, sizeof(buf)) > 0, "no ComSpec\n");
}

static void test_expand(void)
{
    char buf[256];
    WCHAR bufW[256];
    DWORD ret;

    SetEnvironmentVariableA("ORIEL_EXP", "abc");
    ret = ExpandEnvironmentStringsA("x%ORIEL_EXP%y", buf, sizeof(buf));
    ok(ret == 6 && !strcmp(buf, "xabcy"), "got %lu %s\n", ret, buf);
    ret = ExpandEnvironmentStringsW(L"%oriel_exp%%ORIEL_EXP%", bufW, ARRAYSIZE(bufW));
    ok(ret == 7 && !wcscmp(bufW, L"abcabc"), "got %lu %ls\n", ret, bufW);
    /* unknown names and a lone % stay as they are */
    ret = ExpandEnvironmentStringsA("%ORIEL_NOT_SET_XYZ%-%", buf, sizeof(buf));
    ok(ret == 22 && !strcmp(buf, "%ORIEL_NOT_SET_XYZ%-%"), "got %lu %s\n", ret, buf);
    /* too small: the size needed */
    ret = ExpandEnvironmentStringsW(L"%ORIEL_EXP%", bufW, 2);
    ok(ret == 4, "got %lu\n", ret);
    ret = ExpandEnvironmentStringsW(L"%ORIEL_EXP%", NULL, 0);
    ok(ret == 4, "got %lu\n", ret);
}

START_TEST(environ)
{
    test_get_set();
    test_block();
    test_expand();
}
