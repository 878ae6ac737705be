/* The README's sample program: a greeting and the command line as the C runtime split it; it exits
 * with 0 so that the README's quick start succeeds (usedll.exe checks a non-zero exit status).
 * argv[0] is a full Windows path that differs between machines, so only its ending is printed. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    if (lx > ls)
        return 0;
    for (size_t i = 0; i < lx; i++)
        if (tolower((unsigned char)s[ls - lx + i]) != tolower((unsigned char)suffix[i]))
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    printf("Hello from a Windows program!\n");
    printf("argc=%d\n", argc);
    printf("argv[0] ends with hello.exe: %s\n", ends_with_nocase(argv[0], "hello.exe") ? "yes" : "no");
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    return 0;
}
