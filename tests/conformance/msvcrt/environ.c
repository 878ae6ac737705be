/*
 * msvcrt environment and start-up data: _putenv keeps _environ, _wenviron and the Win32 environment in
 * step; getenv is case-insensitive; __getmainargs returns the same argv as __argc/__argv.
 */
#include "test.h"
#include <errno.h>

typedef struct {
    int newmode;
} startupinfo_t;
static int(__cdecl *p___getmainargs)(int *, char ***, char ***, int, startupinfo_t *);
static char ***p_environ; /* the _environ data export */

static int in_environ(char **env, const char *entry)
{
    for (; env && *env; env++)
        if (!strcmp(*env, entry))
            return 1;
    return 0;
}

static void test_putenv(void)
{
    char buf[64];

    ok(_putenv("ORIEL_MSVCRT_TEST=value1") == 0, "_putenv\n");
    ok(getenv("ORIEL_MSVCRT_TEST") && !strcmp(getenv("ORIEL_MSVCRT_TEST"), "value1"), "getenv\n");
    ok(getenv("oriel_msvcrt_test") != NULL, "getenv is case-insensitive\n");
    ok(_wgetenv(L"ORIEL_MSVCRT_TEST") && !wcscmp(_wgetenv(L"ORIEL_MSVCRT_TEST"), L"value1"), "_wgetenv\n");
    ok(GetEnvironmentVariableA("ORIEL_MSVCRT_TEST", buf, sizeof(buf)) == 6 && !strcmp(buf, "value1"),
       "the Win32 environment follows\n");
    ok(in_environ(*p_environ, "ORIEL_MSVCRT_TEST=value1"), "entry in _environ\n");
    ok(_putenv("ORIEL_MSVCRT_TEST=value2") == 0 && !strcmp(getenv("ORIEL_MSVCRT_TEST"), "value2"),
       "replace\n");
    ok(_putenv("ORIEL_MSVCRT_TEST=") == 0, "remove\n");
    ok(getenv("ORIEL_MSVCRT_TEST") == NULL, "removed from getenv\n");
    SetLastError(0xdeadbeef);
    ok(!GetEnvironmentVariableA("ORIEL_MSVCRT_TEST", buf, sizeof(buf)) &&
           GetLastError() == ERROR_ENVVAR_NOT_FOUND,
       "removed from the Win32 environment\n");
    errno = 0;
    ok(_putenv("NOEQUALSIGN") == -1, "_putenv without an equal sign succeeded\n");
    ok(getenv("ORIEL_NOT_SET_ANYWHERE") == NULL, "unset variable\n");
}

static void test_mainargs(void)
{
    int argc;
    char **argv, **envp;
    startupinfo_t si = {0};
    ok(p___getmainargs(&argc, &argv, &envp, 0, &si) == 0, "__getmainargs\n");
    ok(argc == __argc && argv == __argv, "argc %d/%d\n", argc, __argc);
    ok(argc >= 1 && argv[argc] == NULL, "argv is NULL-terminated\n");
    ok(strstr(argv[0], "environ") != NULL, "argv[0] %s\n", argv[0]);
    ok(argc == test_argc && !strcmp(argv[0], test_argv[0]), "matches main's argv\n");
    if (argc >= 4) {
        /* run as: environ.exe "a b" c\"d e\\\\"f g" — the child mode below checks msvcrt's splitting */
        ok(!strcmp(argv[1], "a b"), "argv[1] %s\n", argv[1]);
        ok(!strcmp(argv[2], "c\"d"), "argv[2] %s\n", argv[2]);
        ok(!strcmp(argv[3], "e\\f g"), "argv[3] %s\n", argv[3]);
    }
}

static void test_split_child(void)
{
    char cmd[MAX_PATH + 64], exe[MAX_PATH];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    DWORD code = 1;
    BOOL(WINAPI * pCreateProcessA)
    (const char *, char *, SECURITY_ATTRIBUTES *, SECURITY_ATTRIBUTES *, BOOL, DWORD, void *, const char *,
     STARTUPINFOA *, PROCESS_INFORMATION *);
    pCreateProcessA = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "CreateProcessA");
    if (!pCreateProcessA) {
        skip("CreateProcessA not available\n");
        return;
    }
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" \"a b\" c\\\"d e\\\\\"f g\"", exe);
    if (!pCreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        skip("CreateProcess failed: %lu\n", GetLastError());
        return;
    }
    WaitForSingleObject(pi.hProcess, 20000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    ok(code == 0, "child saw a different argv split (%lu failures)\n", code);
}

START_TEST(environ)
{
    HMODULE msvcrt = GetModuleHandleA("msvcrt.dll");
    p___getmainargs = (void *)GetProcAddress(msvcrt, "__getmainargs");
    p_environ = (void *)GetProcAddress(msvcrt, "_environ");
    if (test_argc >= 4) {
        test_mainargs();
        return;
    }
    test_putenv();
    test_mainargs();
    test_split_child();
}
