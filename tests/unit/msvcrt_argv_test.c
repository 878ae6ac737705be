/*
 * Unit test of msvcrt's command-line splitting (dlls/msvcrt/argv.c), the rules of "Parsing C
 * command-line arguments" in Microsoft's C runtime documentation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../dlls/msvcrt/argv.h"

static int passed, failed;

static void *test_alloc(size_t size)
{
    return malloc(size);
}

static void check(int line, const char *cmd, int expect_argc, const char *const *expect)
{
    char **argv;
    int argc = msvcrt_argv_split_a(cmd, &argv, test_alloc);
    int good = argc == expect_argc && argv[argc] == NULL;
    for (int i = 0; good && i < argc; i++)
        good = !strcmp(argv[i], expect[i]);
    /* the wide splitter must agree */
    uint16_t wcmd[256], **wargv;
    size_t n = strlen(cmd);
    for (size_t i = 0; i <= n; i++)
        wcmd[i] = (unsigned char)cmd[i];
    int wargc = msvcrt_argv_split_w(wcmd, &wargv, test_alloc);
    good = good && wargc == argc;
    for (int i = 0; good && i < argc; i++)
        for (size_t j = 0; good && j <= strlen(expect[i]); j++)
            good = wargv[i][j] == (unsigned char)expect[i][j];
    if (good)
        passed++;
    else {
        failed++;
        printf("line %d: [%s] -> %d args:", line, cmd, argc);
        for (int i = 0; i < argc; i++)
            printf(" [%s]", argv[i]);
        printf("\n");
    }
    free(argv);
    free(wargv);
}

#define T(cmd, ...)                                                                                          \
    do {                                                                                                     \
        static const char *const e[] = {__VA_ARGS__};                                                        \
        check(__LINE__, cmd, sizeof(e) / sizeof(e[0]), e);                                                   \
    } while (0)

int main(void)
{
    T("prog", "prog");
    T("prog a b  c", "prog", "a", "b", "c");
    T("\"C:\\Program Files\\x.exe\" arg", "C:\\Program Files\\x.exe", "arg");
    T("\"C:\\dir\\\"x y", "C:\\dir\\", "x", "y"); /* no escapes in the program name */
    T("p \"a b\" c", "p", "a b", "c");
    T("p a\\\\\\\"b", "p", "a\\\"b");   /* 3 backslashes + quote -> 1 backslash, literal quote */
    T("p a\\\\\"b c\"", "p", "a\\b c"); /* 2 backslashes + quote -> 1 backslash, toggle */
    T("p a\\\\b", "p", "a\\\\b");       /* backslashes not before a quote are literal */
    T("p \"\"", "p", "");
    T("p \"a\"\"b\"", "p", "a\"b"); /* "" inside quotes is a literal quote */
    T("p\ta\t\"b\tc\"", "p", "a", "b\tc");
    T("p   ", "p");
    T("p \"unterminated arg", "p", "unterminated arg");
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
