/*
 * Command-line splitting of msvcrt's start-up code (pure code, also built into tests/unit/msvcrt_argv_test).
 */
#include <stddef.h>
#include <stdint.h>

#include "argv.h"

/* Splitting rules of msvcrt's start-up code (documented in "Parsing C command-line arguments"):
 * argv[0] ends at the first white space unless it starts with a quote, in which case it runs to the
 * next quote with no escapes; afterwards arguments are separated by blanks, 2n backslashes before a
 * quote give n backslashes and the quote toggles quoting, 2n+1 give n backslashes and a literal quote,
 * other backslashes are literal, and "" inside quotes is a literal quote. */
#define DEFINE_SPLIT(NAME, T)                                                                                \
    int NAME(const T *cmd, T ***argv_out, void *(*alloc)(size_t))                                            \
    {                                                                                                        \
        size_t len = 0;                                                                                      \
        while (cmd[len])                                                                                     \
            len++;                                                                                           \
        /* worst case: every character its own argument */                                                   \
        size_t max_args = len / 2 + 2;                                                                       \
        T **argv = alloc(max_args * sizeof(T *) + (len * 2 + 2) * sizeof(T));                                \
        if (!argv)                                                                                           \
            return -1;                                                                                       \
        T *out = (T *)(argv + max_args);                                                                     \
        const T *p = cmd;                                                                                    \
        int argc = 0;                                                                                        \
        /* program name */                                                                                   \
        argv[argc++] = out;                                                                                  \
        if (*p == '"') {                                                                                     \
            p++;                                                                                             \
            while (*p && *p != '"')                                                                          \
                *out++ = *p++;                                                                               \
            if (*p == '"')                                                                                   \
                p++;                                                                                         \
        } else {                                                                                             \
            while (*p && *p != ' ' && *p != '\t')                                                            \
                *out++ = *p++;                                                                               \
        }                                                                                                    \
        *out++ = 0;                                                                                          \
        for (;;) {                                                                                           \
            while (*p == ' ' || *p == '\t')                                                                  \
                p++;                                                                                         \
            if (!*p)                                                                                         \
                break;                                                                                       \
            argv[argc++] = out;                                                                              \
            int in_quotes = 0;                                                                               \
            while (*p && (in_quotes || (*p != ' ' && *p != '\t'))) {                                         \
                if (*p == '\\') {                                                                            \
                    size_t n = 0;                                                                            \
                    while (*p == '\\') {                                                                     \
                        n++;                                                                                 \
                        p++;                                                                                 \
                    }                                                                                        \
                    if (*p == '"') {                                                                         \
                        for (size_t i = 0; i < n / 2; i++)                                                   \
                            *out++ = '\\';                                                                   \
                        if (n & 1)                                                                           \
                            *out++ = *p++;                                                                   \
                    } else {                                                                                 \
                        for (size_t i = 0; i < n; i++)                                                       \
                            *out++ = '\\';                                                                   \
                    }                                                                                        \
                } else if (*p == '"') {                                                                      \
                    if (in_quotes && p[1] == '"') {                                                          \
                        *out++ = '"';                                                                        \
                        p += 2;                                                                              \
                    } else {                                                                                 \
                        in_quotes = !in_quotes;                                                              \
                        p++;                                                                                 \
                    }                                                                                        \
                } else                                                                                       \
                    *out++ = *p++;                                                                           \
            }                                                                                                \
            *out++ = 0;                                                                                      \
        }                                                                                                    \
        argv[argc] = NULL;                                                                                   \
        *argv_out = argv;                                                                                    \
        return argc;                                                                                         \
    }

DEFINE_SPLIT(msvcrt_argv_split_a, char)
DEFINE_SPLIT(msvcrt_argv_split_w, uint16_t)
