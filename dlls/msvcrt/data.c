/*
 * Process-wide CRT data: the command line and its argv split, the environment, _fmode/_commode,
 * _pgmptr and the __p_* accessors mingw-w64's start-up code uses.
 */
#include <string.h>

#include "argv.h"
#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

char *MSVCRT__acmdln;
WCHAR *MSVCRT__wcmdln;
int MSVCRT___argc;
char **MSVCRT___argv;
WCHAR **MSVCRT___wargv;
char **MSVCRT__environ;
WCHAR **MSVCRT__wenviron;
char **MSVCRT___initenv;
WCHAR **MSVCRT___winitenv;
unsigned int MSVCRT__fmode; /* _O_TEXT is 0 for the global default: msvcrt starts in text mode */
unsigned int MSVCRT__commode;
char *MSVCRT__pgmptr;
WCHAR *MSVCRT__wpgmptr;
/* Windows 10 as reported by msvcrt (GetVersion layout) */
unsigned int MSVCRT__osver = 19041;
unsigned int MSVCRT__winmajor = 10;
unsigned int MSVCRT__winminor = 0;
unsigned int MSVCRT__winver = 0x0a00;
unsigned int MSVCRT__osplatform = 2;

static int wargv_ready;

static void *argv_alloc(size_t size)
{
    return MSVCRT_malloc(size);
}

int msvcrt_split_cmdline_a(const char *cmd, char ***argv_out)
{
    return msvcrt_argv_split_a(cmd, argv_out, argv_alloc);
}

int msvcrt_split_cmdline_w(const WCHAR *cmd, WCHAR ***argv_out)
{
    return msvcrt_argv_split_w(cmd, argv_out, argv_alloc);
}

/* ---- environment ---- */

void msvcrt_init_environ(void)
{
    WCHAR *block = GetEnvironmentStringsW();
    size_t count = 0;
    if (block)
        for (WCHAR *p = block; *p; p += msvcrt_wcslen(p) + 1)
            if (*p != '=')
                count++;
    MSVCRT__environ = MSVCRT_calloc(count + 1, sizeof(char *));
    MSVCRT__wenviron = MSVCRT_calloc(count + 1, sizeof(WCHAR *));
    if (!MSVCRT__environ || !MSVCRT__wenviron)
        MSVCRT__amsg_exit(9); /* _RT_SPACEENV */
    size_t i = 0;
    if (block) {
        for (WCHAR *p = block; *p; p += msvcrt_wcslen(p) + 1) {
            /* "=C:=C:\dir" entries are the per-drive current directories, not variables */
            if (*p == '=')
                continue;
            MSVCRT__wenviron[i] = MSVCRT__wcsdup(p);
            MSVCRT__environ[i] = msvcrt_strdup_w_to_a(p);
            i++;
        }
        FreeEnvironmentStringsW(block);
    }
    MSVCRT___initenv = MSVCRT__environ;
    MSVCRT___winitenv = MSVCRT__wenviron;
}

static size_t name_len_a(const char *s)
{
    const char *eq = strchr(s, '=');
    return eq ? (size_t)(eq - s) : strlen(s);
}

static int env_match_a(const char *entry, const char *name, size_t len)
{
    return !MSVCRT__strnicmp(entry, name, len) && entry[len] == '=';
}

static int env_match_w(const WCHAR *entry, const WCHAR *name, size_t len)
{
    return !MSVCRT__wcsnicmp(entry, name, len) && entry[len] == '=';
}

char *CDECL MSVCRT_getenv(const char *name)
{
    if (!name) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    size_t len = strlen(name);
    char *ret = NULL;
    MSVCRT__lock(MSVCRT_LOCK_ENV);
    for (char **e = MSVCRT__environ; e && *e; e++)
        if (env_match_a(*e, name, len)) {
            ret = *e + len + 1;
            break;
        }
    MSVCRT__unlock(MSVCRT_LOCK_ENV);
    return ret;
}

WCHAR *CDECL MSVCRT__wgetenv(const WCHAR *name)
{
    if (!name) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    size_t len = msvcrt_wcslen(name);
    WCHAR *ret = NULL;
    MSVCRT__lock(MSVCRT_LOCK_ENV);
    for (WCHAR **e = MSVCRT__wenviron; e && *e; e++)
        if (env_match_w(*e, name, len)) {
            ret = *e + len + 1;
            break;
        }
    MSVCRT__unlock(MSVCRT_LOCK_ENV);
    return ret;
}

int CDECL MSVCRT_getenv_s(size_t *needed, char *buf, size_t size, const char *name)
{
    if (!needed || !name || (!buf && size)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EINVAL;
    }
    const char *v = MSVCRT_getenv(name);
    if (!v) {
        *needed = 0;
        if (buf && size)
            *buf = 0;
        return 0;
    }
    *needed = strlen(v) + 1;
    if (!buf || !size)
        return 0;
    if (*needed > size) {
        *buf = 0;
        msvcrt_errno = MSVCRT_ERANGE;
        return MSVCRT_ERANGE;
    }
    memcpy(buf, v, *needed);
    return 0;
}

int CDECL MSVCRT__dupenv_s(char **out, size_t *len, const char *name)
{
    if (!out || !name) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EINVAL;
    }
    *out = NULL;
    if (len)
        *len = 0;
    const char *v = MSVCRT_getenv(name);
    if (!v)
        return 0;
    size_t n = strlen(v) + 1;
    if (!(*out = MSVCRT_malloc(n))) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return MSVCRT_ENOMEM;
    }
    memcpy(*out, v, n);
    if (len)
        *len = n;
    return 0;
}

int CDECL MSVCRT__wdupenv_s(WCHAR **out, size_t *len, const WCHAR *name)
{
    if (!out || !name) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EINVAL;
    }
    *out = NULL;
    if (len)
        *len = 0;
    const WCHAR *v = MSVCRT__wgetenv(name);
    if (!v)
        return 0;
    size_t n = msvcrt_wcslen(v) + 1;
    if (!(*out = MSVCRT_malloc(n * sizeof(WCHAR)))) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return MSVCRT_ENOMEM;
    }
    memcpy(*out, v, n * sizeof(WCHAR));
    if (len)
        *len = n;
    return 0;
}

/* Replaces, adds or (value empty) removes NAME in a NULL-terminated array of malloc'ed strings. */
static void **env_update(void **env, void *entry, int remove, int wide, const void *name, size_t len)
{
    size_t count = 0, idx = (size_t)-1;
    for (; env && env[count]; count++)
        if (idx == (size_t)-1 &&
            (wide ? env_match_w(env[count], name, len) : env_match_a(env[count], name, len)))
            idx = count;
    if (idx != (size_t)-1) {
        MSVCRT_free(env[idx]);
        if (remove) {
            memmove(env + idx, env + idx + 1, (count - idx) * sizeof(void *));
            MSVCRT_free(entry);
        } else
            env[idx] = entry;
        return env;
    }
    if (remove) {
        MSVCRT_free(entry);
        return env;
    }
    void **n = MSVCRT_realloc(env, (count + 2) * sizeof(void *));
    if (!n) {
        MSVCRT_free(entry);
        return env;
    }
    n[count] = entry;
    n[count + 1] = NULL;
    return n;
}

int CDECL MSVCRT__wputenv(const WCHAR *str)
{
    if (!str) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    const WCHAR *eq = str;
    while (*eq && *eq != '=')
        eq++;
    if (!*eq || eq == str) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    size_t len = eq - str;
    int remove = !eq[1];
    WCHAR *name = MSVCRT_malloc((len + 1) * sizeof(WCHAR));
    if (!name)
        return -1;
    memcpy(name, str, len * sizeof(WCHAR));
    name[len] = 0;
    int ret = 0;
    MSVCRT__lock(MSVCRT_LOCK_ENV);
    if (!SetEnvironmentVariableW(name, remove ? NULL : eq + 1)) {
        /* removing a variable that does not exist is not an error */
        if (!remove) {
            msvcrt_set_errno(GetLastError());
            ret = -1;
        }
    }
    if (!ret) {
        MSVCRT__wenviron =
            (WCHAR **)env_update((void **)MSVCRT__wenviron, MSVCRT__wcsdup(str), remove, 1, name, len);
        char *a = msvcrt_strdup_w_to_a(str);
        if (a)
            MSVCRT__environ = (char **)env_update((void **)MSVCRT__environ, a, remove, 0, a, name_len_a(a));
    }
    MSVCRT__unlock(MSVCRT_LOCK_ENV);
    MSVCRT_free(name);
    return ret;
}

int CDECL MSVCRT__putenv(const char *str)
{
    if (!str) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    size_t len = name_len_a(str);
    if (!str[len] || !len) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    WCHAR *w = msvcrt_strdup_a_to_w(str);
    if (!w)
        return -1;
    int ret = 0;
    int remove = !str[len + 1];
    WCHAR *name = MSVCRT__wcsdup(w);
    if (!name) {
        MSVCRT_free(w);
        return -1;
    }
    size_t wlen = 0;
    while (name[wlen] && name[wlen] != '=')
        wlen++;
    name[wlen] = 0;
    MSVCRT__lock(MSVCRT_LOCK_ENV);
    if (!SetEnvironmentVariableW(name, remove ? NULL : w + wlen + 1) && !remove) {
        msvcrt_set_errno(GetLastError());
        ret = -1;
    }
    if (!ret) {
        char *copy = MSVCRT_malloc(strlen(str) + 1);
        if (copy)
            strcpy(copy, str);
        MSVCRT__environ = (char **)env_update((void **)MSVCRT__environ, copy, remove, 0, str, len);
        MSVCRT__wenviron =
            (WCHAR **)env_update((void **)MSVCRT__wenviron, MSVCRT__wcsdup(w), remove, 1, name, wlen);
    }
    MSVCRT__unlock(MSVCRT_LOCK_ENV);
    MSVCRT_free(name);
    MSVCRT_free(w);
    return ret;
}

/* ---- argv ---- */

static void init_wargv(void)
{
    if (wargv_ready)
        return;
    WCHAR **wargv;
    int argc = msvcrt_split_cmdline_w(MSVCRT__wcmdln, &wargv);
    if (argc < 0)
        MSVCRT__amsg_exit(8); /* _RT_SPACEARG */
    MSVCRT___wargv = wargv;
    wargv_ready = 1;
}

void msvcrt_init_cmdline(void)
{
    MSVCRT__acmdln = GetCommandLineA();
    MSVCRT__wcmdln = GetCommandLineW();
    if (!MSVCRT__acmdln)
        MSVCRT__acmdln = (char *)"";
    char **argv;
    int argc = msvcrt_split_cmdline_a(MSVCRT__acmdln, &argv);
    if (argc < 0)
        MSVCRT__amsg_exit(8);
    MSVCRT___argc = argc;
    MSVCRT___argv = argv;
    char path[MAX_PATH * 2];
    DWORD n = GetModuleFileNameA(NULL, path, sizeof(path));
    MSVCRT__pgmptr = MSVCRT__strdup(n ? path : "");
    WCHAR wpath[MAX_PATH * 2];
    n = GetModuleFileNameW(NULL, wpath, ARRAY_SIZE(wpath));
    if (!n)
        wpath[0] = 0;
    MSVCRT__wpgmptr = MSVCRT__wcsdup(wpath);
}

typedef struct {
    int newmode;
} MSVCRT__startupinfo;

int CDECL MSVCRT___getmainargs(int *argc, char ***argv, char ***envp, int expand_wildcards,
                               MSVCRT__startupinfo *si)
{
    msvcrt_ensure_init();
    if (expand_wildcards)
        FIXME_ONCE("wildcard expansion of arguments is not implemented\n");
    *argc = MSVCRT___argc;
    *argv = MSVCRT___argv;
    *envp = MSVCRT__environ;
    if (si)
        MSVCRT__set_new_mode(si->newmode);
    return 0;
}

int CDECL MSVCRT___wgetmainargs(int *argc, WCHAR ***wargv, WCHAR ***wenvp, int expand_wildcards,
                                MSVCRT__startupinfo *si)
{
    msvcrt_ensure_init();
    if (expand_wildcards)
        FIXME_ONCE("wildcard expansion of arguments is not implemented\n");
    init_wargv();
    *argc = MSVCRT___argc;
    *wargv = MSVCRT___wargv;
    *wenvp = MSVCRT__wenviron;
    if (si)
        MSVCRT__set_new_mode(si->newmode);
    return 0;
}

int *CDECL MSVCRT___p___argc(void)
{
    msvcrt_ensure_init();
    return &MSVCRT___argc;
}

char ***CDECL MSVCRT___p___argv(void)
{
    msvcrt_ensure_init();
    return &MSVCRT___argv;
}

WCHAR ***CDECL MSVCRT___p___wargv(void)
{
    msvcrt_ensure_init();
    init_wargv();
    return &MSVCRT___wargv;
}

char **CDECL MSVCRT___p__acmdln(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__acmdln;
}

WCHAR **CDECL MSVCRT___p__wcmdln(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__wcmdln;
}

char ***CDECL MSVCRT___p__environ(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__environ;
}

WCHAR ***CDECL MSVCRT___p__wenviron(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__wenviron;
}

char ***CDECL MSVCRT___p___initenv(void)
{
    msvcrt_ensure_init();
    return &MSVCRT___initenv;
}

WCHAR ***CDECL MSVCRT___p___winitenv(void)
{
    msvcrt_ensure_init();
    return &MSVCRT___winitenv;
}

unsigned int *CDECL MSVCRT___p__fmode(void)
{
    return &MSVCRT__fmode;
}

unsigned int *CDECL MSVCRT___p__commode(void)
{
    return &MSVCRT__commode;
}

char **CDECL MSVCRT___p__pgmptr(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__pgmptr;
}

WCHAR **CDECL MSVCRT___p__wpgmptr(void)
{
    msvcrt_ensure_init();
    return &MSVCRT__wpgmptr;
}

int CDECL MSVCRT__get_pgmptr(char **p)
{
    msvcrt_ensure_init();
    if (!p)
        return MSVCRT_EINVAL;
    *p = MSVCRT__pgmptr;
    return 0;
}

int CDECL MSVCRT__set_fmode(int mode)
{
    if (mode != MSVCRT_O_TEXT && mode != MSVCRT_O_BINARY && mode != 0) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EINVAL;
    }
    MSVCRT__fmode = mode;
    return 0;
}

int CDECL MSVCRT__get_fmode(int *mode)
{
    if (!mode)
        return MSVCRT_EINVAL;
    *mode = MSVCRT__fmode;
    return 0;
}
