/*
 * Unit test of dlls/ntdll/env.c: the command line built from the launcher's argv must split back into
 * the same argv with CommandLineToArgvW's rules, and environment blocks (given explicitly, so no
 * PEB is needed) behave like Windows': case-insensitive names, sorted insertion, %VAR% expansion.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../dlls/ntdll/ntdll_private.h"
#include "oriel/debug.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond)                                                                                            \
            passed++;                                                                                        \
        else {                                                                                               \
            failed++;                                                                                        \
            printf("%s:%d: failed: ", __FILE__, __LINE__);                                                   \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
        }                                                                                                    \
    } while (0)

/* What env.c needs from the rest of ntdll. */
PEB *ntdll_peb;
unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    return ch->flags = 0;
}
int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...)
{
    return 0;
}
const char *__oriel_dbgstr_wn(const uint16_t *s, int n)
{
    return "";
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
SIZE_T WINAPI NTDLL_wcslen(const WCHAR *s)
{
    return wlen(s);
}

static int wequal_a(const WCHAR *w, const char *a)
{
    while (*a && *w == (unsigned char)*a)
        w++, a++;
    return !*a && !*w;
}

/* CommandLineToArgvW's rules for the arguments after the program name: 2n backslashes + quote ->
 * n backslashes and a quote toggle; 2n+1 backslashes + quote -> n backslashes and a literal quote;
 * other backslashes are literal; "" inside quotes is a literal quote. */
static int split_args(const WCHAR *p, char out[][64], int max)
{
    int n = 0;
    /* argv[0]: up to the next quote when quoted, else up to white space */
    if (*p == '"') {
        p++;
        while (*p && *p != '"')
            p++;
        if (*p)
            p++;
    } else
        while (*p && *p != ' ' && *p != '\t')
            p++;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || n == max)
            return n;
        int len = 0, quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            int bs = 0;
            while (*p == '\\')
                p++, bs++;
            if (*p == '"') {
                for (int i = 0; i < bs / 2; i++)
                    out[n][len++] = '\\';
                if (bs % 2)
                    out[n][len++] = '"', p++;
                else if (quoted && p[1] == '"')
                    out[n][len++] = '"', p += 2;
                else
                    quoted = !quoted, p++;
            } else {
                for (int i = 0; i < bs; i++)
                    out[n][len++] = '\\';
                if (*p && (quoted || (*p != ' ' && *p != '\t')))
                    out[n][len++] = (char)*p++;
            }
        }
        out[n++][len] = 0;
    }
}

static void check_round_trip(int argc, const char **argv)
{
    WCHAR *wargv[16];
    char split[16][64];
    for (int i = 0; i < argc; i++)
        wargv[i] = ntdll_utf8_to_wide(argv[i]);
    WCHAR *argv0 = ntdll_utf8_to_wide("C:\\Program Files\\app dir\\app.exe");
    WCHAR *cmd = env_build_command_line(argv0, argc, wargv);
    CHECK(cmd != NULL, "no command line");
    if (!cmd)
        return;
    CHECK(cmd[0] == '"' && !memcmp(cmd + 1, argv0, wlen(argv0) * sizeof(WCHAR)) &&
              cmd[wlen(argv0) + 1] == '"',
          "argv0 with a space not quoted");
    int n = split_args(cmd, split, 16);
    CHECK(n == argc, "split into %d arguments, expected %d", n, argc);
    for (int i = 0; i < argc && i < n; i++)
        CHECK(!strcmp(split[i], argv[i]), "argument %d: got [%s], expected [%s]", i, split[i], argv[i]);
    for (int i = 0; i < argc; i++)
        free(wargv[i]);
    free(argv0);
    free(cmd);
}

static void test_command_line(void)
{
    const char *plain[] = {"a", "b", "c"};
    check_round_trip(3, plain);
    const char *spaces[] = {"two words", "\ttab", "end "};
    check_round_trip(3, spaces);
    const char *quotes[] = {"say \"hi\"", "\"", "\"\"", "a\"b"};
    check_round_trip(4, quotes);
    const char *backslashes[] = {"C:\\dir\\", "C:\\dir with space\\", "a\\\\b", "x\\\"y", "\\\\\"", "\\"};
    check_round_trip(6, backslashes);
    const char *empty[] = {"", "x", ""};
    check_round_trip(3, empty);
    check_round_trip(0, NULL);

    /* plain arguments are not quoted at all */
    WCHAR *argv0 = ntdll_utf8_to_wide("Z:\\bin\\t.exe");
    WCHAR *args[2] = {ntdll_utf8_to_wide("a"), ntdll_utf8_to_wide("b\\c")};
    WCHAR *cmd = env_build_command_line(argv0, 2, args);
    CHECK(wequal_a(cmd, "Z:\\bin\\t.exe a b\\c"), "unexpected quoting");
    free(cmd);
    free(args[0]);
    free(args[1]);
    free(argv0);
}

static WCHAR *block(const char *entries) /* "A=1|B=2" */
{
    size_t len = strlen(entries);
    WCHAR *env = calloc(len + 2, sizeof(WCHAR));
    for (size_t i = 0; i < len; i++)
        env[i] = entries[i] == '|' ? 0 : (unsigned char)entries[i];
    return env;
}

static void us_init(UNICODE_STRING *us, const WCHAR *s)
{
    us->Buffer = (WCHAR *)s;
    us->Length = wlen(s) * sizeof(WCHAR);
    us->MaximumLength = us->Length + sizeof(WCHAR);
}

static void test_environment(void)
{
    WCHAR *env = block("ALPHA=1|Gamma=3|=C:=C:\\dir");
    UNICODE_STRING name, value;
    WCHAR buf[64];
    SIZE_T len;

    us_init(&name, u"beta");
    us_init(&value, u"2");
    CHECK(!RtlSetEnvironmentVariable(&env, &name, &value), "set failed");
    /* sorted insertion: ALPHA, beta, Gamma */
    CHECK(wequal_a(env, "ALPHA=1") && wequal_a(env + 8, "beta=2") && wequal_a(env + 15, "Gamma=3"),
          "not inserted in order");

    CHECK(!RtlQueryEnvironmentVariable(env, u"GAMMA", 5, buf, 64, &len) && len == 1 && wequal_a(buf, "3"),
          "case-insensitive query failed");
    CHECK(RtlQueryEnvironmentVariable(env, u"GAMMA", 5, buf, 1, &len) == STATUS_BUFFER_TOO_SMALL && len == 1,
          "small buffer: len %zu", (size_t)len);
    CHECK(RtlQueryEnvironmentVariable(env, u"DELTA", 5, buf, 64, &len) == STATUS_VARIABLE_NOT_FOUND,
          "missing variable found");
    CHECK(RtlQueryEnvironmentVariable(env, u"=C:", 3, buf, 64, &len) == STATUS_SUCCESS &&
              wequal_a(buf, "C:\\dir"),
          "=C: variable not found");

    us_init(&name, u"ALPHA");
    us_init(&value, u"one");
    CHECK(!RtlSetEnvironmentVariable(&env, &name, &value), "replace failed");
    CHECK(!RtlQueryEnvironmentVariable(env, u"alpha", 5, buf, 64, &len) && wequal_a(buf, "one"),
          "not replaced");
    CHECK(!RtlSetEnvironmentVariable(&env, &name, NULL), "delete failed");
    CHECK(RtlQueryEnvironmentVariable(env, u"ALPHA", 5, buf, 64, &len) == STATUS_VARIABLE_NOT_FOUND,
          "not deleted");

    us_init(&name, u"A=B");
    CHECK(RtlSetEnvironmentVariable(&env, &name, &value) == STATUS_INVALID_PARAMETER,
          "'=' in a name accepted");

    const WCHAR *src = u"%BETA%-%gamma%-%NOPE%-50%";
    CHECK(!RtlExpandEnvironmentStrings(env, src, wlen(src), buf, 64, &len), "expand failed");
    CHECK(wequal_a(buf, "2-3-%NOPE%-50%") && len == wlen(buf) + 1, "expanded to a wrong string (len %zu)",
          (size_t)len);
    CHECK(RtlExpandEnvironmentStrings(env, src, wlen(src), buf, 3, &len) == STATUS_BUFFER_TOO_SMALL &&
              len == 15,
          "small buffer: len %zu", (size_t)len);
    RtlDestroyEnvironment(env);
}

int main(void)
{
    test_command_line();
    test_environment();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
