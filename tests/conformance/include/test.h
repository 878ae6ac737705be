/*
 * oriel conformance test harness (written for oriel; the ok()/todo style of Windows conformance suites).
 * Built with x86_64-w64-mingw32-gcc against mingw-w64's headers. One executable per DLL area:
 *
 *     #include "test.h"
 *     START_TEST(heap)
 *     {
 *         SetLastError(0xdeadbeef);
 *         ok(!HeapFree(GetProcessHeap(), 0, (void *)1), "HeapFree succeeded\n");
 *         todo_oriel ok(GetLastError() == ERROR_INVALID_PARAMETER, "got %lu\n", GetLastError());
 *         ok(x == 1 || broken(x == 2), "...");   broken() is accepted on the reference only
 *     }
 *
 * ok() records file and line and never stops the run. A check inside todo_oriel is expected to fail on
 * oriel (an unexpected success counts as a failure there) and must pass on the reference.
 * The executable prints `AREA: N passed, N failed, N todo, N skipped` last and exits with the number
 * of failures (capped at 255). Set ORIEL_TEST_VERBOSE=1 to print every check.
 */
#ifndef ORIEL_TEST_H
#define ORIEL_TEST_H

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *test_area;
static const char *test_file = "";
static int test_line;
static int test_passed, test_failed, test_todo, test_skipped;
static int test_in_todo;
static int test_on_oriel = -1;
static int test_verbose = -1;

/* Where do we run? ntdll exports __oriel_version only on oriel. */
static inline int is_oriel(void)
{
    if (test_on_oriel < 0) {
        HMODULE ntdll = GetModuleHandleA("ntdll.dll");
        test_on_oriel = ntdll && GetProcAddress(ntdll, "__oriel_version") != NULL;
    }
    return test_on_oriel;
}

static inline int is_reference(void)
{
    return !is_oriel();
}

static inline int test_is_verbose(void)
{
    if (test_verbose < 0) {
        char buf[8];
        test_verbose = GetEnvironmentVariableA("ORIEL_TEST_VERBOSE", buf, sizeof(buf)) > 0 && buf[0] == '1';
    }
    return test_verbose;
}

static inline void test_vprint(const char *kind, const char *fmt, va_list args)
{
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, args);
    size_t len = strlen(msg);
    printf("%s:%d: %s%s%s", test_file, test_line, kind, msg, (len && msg[len - 1] == '\n') ? "" : "\n");
    fflush(stdout);
}

/* Accept a Windows behaviour that only the reference shows (never on oriel). */
static inline int broken(int condition)
{
    return is_reference() && condition;
}

static inline int test_ok(int condition, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    if (test_in_todo && is_oriel()) {
        if (condition) {
            test_vprint("Test succeeded inside todo block: ", fmt, args);
            test_failed++;
        } else {
            if (test_is_verbose())
                test_vprint("Test marked todo: ", fmt, args);
            test_todo++;
        }
    } else if (!condition) {
        test_vprint("Test failed: ", fmt, args);
        test_failed++;
    } else {
        if (test_is_verbose())
            test_vprint("Test succeeded: ", fmt, args);
        test_passed++;
    }
    va_end(args);
    return condition;
}

static inline void test_skip(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    test_vprint("Tests skipped: ", fmt, args);
    va_end(args);
    test_skipped++;
}

static inline void test_trace(const char *fmt, ...)
{
    va_list args;
    if (!test_is_verbose())
        return;
    va_start(args, fmt);
    test_vprint("", fmt, args);
    va_end(args);
}

static inline int test_set_location(const char *file, int line)
{
    const char *p = strrchr(file, '/');
    test_file = p ? p + 1 : file;
    test_line = line;
    return 1;
}

#define ok (test_set_location(__FILE__, __LINE__), test_ok)
#define skip (test_set_location(__FILE__, __LINE__), test_skip)
#define trace (test_set_location(__FILE__, __LINE__), test_trace)
#define win_skip skip

/* todo_oriel <statement>: the checks inside are known to fail on oriel. */
#define todo_oriel todo_oriel_if(1)
#define todo_oriel_if(cond)                                                                                  \
    for (int test_todo_once = (test_in_todo = (cond), 1); test_todo_once; test_todo_once = test_in_todo = 0)

static void test_main(void);

static inline int test_finish(void)
{
    printf("%s: %d passed, %d failed, %d todo, %d skipped\n", test_area, test_passed, test_failed, test_todo,
           test_skipped);
    fflush(stdout);
    return test_failed > 255 ? 255 : test_failed;
}

/* Tests that need the original argv (child-process modes) read test_argc/test_argv. */
static int test_argc;
static char **test_argv;

#define START_TEST(name)                                                                                     \
    int main(int argc, char **argv)                                                                          \
    {                                                                                                        \
        test_area = #name;                                                                                   \
        test_argc = argc;                                                                                    \
        test_argv = argv;                                                                                    \
        setvbuf(stdout, NULL, _IONBF, 0);                                                                    \
        test_main();                                                                                         \
        return test_finish();                                                                                \
    }                                                                                                        \
    static void test_main(void)

#endif /* ORIEL_TEST_H */
