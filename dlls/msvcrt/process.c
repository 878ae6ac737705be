/*
 * The _spawn and _exec families and _cwait, on top of CreateProcessA.
 *
 * As the Microsoft CRT does, the arguments are joined with single spaces and not quoted: a caller that
 * passes an argument with spaces quotes it itself. The child gets the CRT's fds 0-2 as its std
 * handles. _P_OVERLAY (and every _exec) starts the child and ends the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define MS_P_WAIT 0
#define MS_P_NOWAIT 1
#define MS_P_OVERLAY 2
#define MS_P_NOWAITO 3
#define MS_P_DETACH 4

static int is_file(const char *path)
{
    DWORD attrs = GetFileAttributesA(path);
    return attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY);
}

static int has_extension(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    return strchr(base, '.') != NULL;
}

/* dir\name, then dir\name.exe when name has no extension. malloc'ed, or NULL. */
static char *try_file(const char *dir, size_t dir_len, const char *name)
{
    size_t len = strlen(name);
    char *path = malloc(dir_len + len + 6);

    if (!path)
        return NULL;
    memcpy(path, dir, dir_len);
    if (dir_len && dir[dir_len - 1] != '\\' && dir[dir_len - 1] != '/')
        path[dir_len++] = '\\';
    memcpy(path + dir_len, name, len + 1);
    if (is_file(path))
        return path;
    if (!has_extension(name)) {
        memcpy(path + dir_len + len, ".exe", 5);
        if (is_file(path))
            return path;
    }
    free(path);
    return NULL;
}

/* The program to run: name as given (".exe" appended when it has no extension and does not exist);
 * with search, a bare name is looked for in the current directory and then along PATH. */
static char *find_program(const char *name, int search)
{
    char *found = try_file("", 0, name), *path;
    DWORD n;

    if (found || !search || strpbrk(name, "\\/:"))
        return found;
    if (!(n = GetEnvironmentVariableA("PATH", NULL, 0)) || !(path = malloc(n)))
        return NULL;
    if (GetEnvironmentVariableA("PATH", path, n) < n) {
        for (char *p = path; *p && !found;) {
            char *end = strchr(p, ';');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (len)
                found = try_file(p, len, name);
            p += len + (end ? 1 : 0);
        }
    }
    free(path);
    return found;
}

static char *join_args(const char *const *argv)
{
    size_t len = 1;
    char *cmd, *p;

    for (const char *const *a = argv; a && *a; a++)
        len += strlen(*a) + 1;
    if (!(cmd = malloc(len)))
        return NULL;
    p = cmd;
    for (const char *const *a = argv; a && *a; a++) {
        size_t l = strlen(*a);
        if (p != cmd)
            *p++ = ' ';
        memcpy(p, *a, l);
        p += l;
    }
    *p = 0;
    return cmd;
}

/* NAME=VALUE strings as an ANSI environment block. */
static char *env_block(const char *const *envp)
{
    size_t len = 2;
    char *block, *p;

    for (const char *const *e = envp; *e; e++)
        len += strlen(*e) + 1;
    if (!(block = calloc(1, len)))
        return NULL;
    p = block;
    for (const char *const *e = envp; *e; e++) {
        size_t l = strlen(*e) + 1;
        memcpy(p, *e, l);
        p += l;
    }
    return block;
}

static intptr_t spawn(int mode, const char *name, const char *const *argv, const char *const *envp,
                      int search)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char *exe = NULL, *cmd = NULL, *env = NULL;
    intptr_t ret = -1;
    DWORD code;

    TRACE("mode %d %s\n", mode, debugstr_a(name));
    if (!name || !argv || !argv[0] || mode < MS_P_WAIT || mode > MS_P_DETACH) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    if (!(exe = find_program(name, search))) {
        msvcrt_errno = MSVCRT_ENOENT;
        return -1;
    }
    if (!(cmd = join_args(argv)) || (envp && !(env = env_block(envp)))) {
        msvcrt_errno = MSVCRT_ENOMEM;
        goto done;
    }
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = (HANDLE)MSVCRT__get_osfhandle(0);
    si.hStdOutput = (HANDLE)MSVCRT__get_osfhandle(1);
    si.hStdError = (HANDLE)MSVCRT__get_osfhandle(2);
    /* what the child may print must come after what we printed */
    MSVCRT__flushall();
    if (!CreateProcessA(exe, cmd, NULL, NULL, TRUE, 0, env, NULL, &si, &pi)) {
        DWORD err = GetLastError();
        msvcrt_errno = err == ERROR_BAD_EXE_FORMAT      ? MSVCRT_ENOEXEC
                       : err == ERROR_NOT_ENOUGH_MEMORY ? MSVCRT_ENOMEM
                                                        : MSVCRT_ENOENT;
        goto done;
    }
    CloseHandle(pi.hThread);
    switch (mode) {
    case MS_P_WAIT:
        WaitForSingleObject(pi.hProcess, INFINITE);
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        ret = (int)code;
        break;
    case MS_P_NOWAIT:
    case MS_P_NOWAITO:
        ret = (intptr_t)pi.hProcess;
        break;
    case MS_P_DETACH:
        CloseHandle(pi.hProcess);
        ret = 0;
        break;
    case MS_P_OVERLAY:
        MSVCRT__exit(0);
    }
done:
    free(exe);
    free(cmd);
    free(env);
    return ret;
}

/* The arguments of an l-form call after `first` up to the terminating NULL, and, with env, the
 * environment pointer after it. */
static const char **collect_args(const char *first, __ms_va_list ap, const char *const **envp)
{
    __ms_va_list copy;
    size_t n = 1;
    const char **argv;

    __builtin_ms_va_copy(copy, ap);
    while (__builtin_va_arg(copy, const char *))
        n++;
    __builtin_ms_va_end(copy);
    if (!(argv = malloc((n + 1) * sizeof(*argv))))
        return NULL;
    argv[0] = first;
    for (size_t i = 1; i < n; i++)
        argv[i] = __builtin_va_arg(ap, const char *);
    (void)__builtin_va_arg(ap, const char *); /* the NULL */
    argv[n] = NULL;
    if (envp)
        *envp = __builtin_va_arg(ap, const char *const *);
    return argv;
}

intptr_t CDECL MSVCRT__spawnv(int mode, const char *name, const char *const *argv)
{
    return spawn(mode, name, argv, NULL, 0);
}

intptr_t CDECL MSVCRT__spawnve(int mode, const char *name, const char *const *argv, const char *const *envp)
{
    return spawn(mode, name, argv, envp, 0);
}

intptr_t CDECL MSVCRT__spawnvp(int mode, const char *name, const char *const *argv)
{
    return spawn(mode, name, argv, NULL, 1);
}

intptr_t CDECL MSVCRT__spawnvpe(int mode, const char *name, const char *const *argv, const char *const *envp)
{
    return spawn(mode, name, argv, envp, 1);
}

/* The _spawnl* and _execl* bodies: argv (NULL: out of memory) collected from the variable arguments. */
static intptr_t spawn_list(int mode, const char *name, const char **argv, const char *const *envp, int search)
{
    intptr_t ret;

    if (!argv) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return -1;
    }
    ret = spawn(mode, name, argv, envp, search);
    free(argv);
    return ret;
}

#define SPAWN_L(fn, search, with_env)                                                                        \
    intptr_t CDECL fn(int mode, const char *name, const char *arg0, ...)                                     \
    {                                                                                                        \
        const char *const *envp = NULL;                                                                      \
        const char **argv;                                                                                   \
        __ms_va_list ap;                                                                                     \
        __ms_va_start(ap, arg0);                                                                             \
        argv = collect_args(arg0, ap, with_env ? &envp : NULL);                                              \
        __ms_va_end(ap);                                                                                     \
        return spawn_list(mode, name, argv, envp, search);                                                   \
    }
SPAWN_L(MSVCRT__spawnl, 0, 0)
SPAWN_L(MSVCRT__spawnle, 0, 1)
SPAWN_L(MSVCRT__spawnlp, 1, 0)
SPAWN_L(MSVCRT__spawnlpe, 1, 1)

/* _exec*: _spawn* with _P_OVERLAY; they return only on failure. */
intptr_t CDECL MSVCRT__execv(const char *name, const char *const *argv)
{
    return spawn(MS_P_OVERLAY, name, argv, NULL, 0);
}

intptr_t CDECL MSVCRT__execve(const char *name, const char *const *argv, const char *const *envp)
{
    return spawn(MS_P_OVERLAY, name, argv, envp, 0);
}

intptr_t CDECL MSVCRT__execvp(const char *name, const char *const *argv)
{
    return spawn(MS_P_OVERLAY, name, argv, NULL, 1);
}

intptr_t CDECL MSVCRT__execvpe(const char *name, const char *const *argv, const char *const *envp)
{
    return spawn(MS_P_OVERLAY, name, argv, envp, 1);
}

#define EXEC_L(fn, search, with_env)                                                                         \
    intptr_t CDECL fn(const char *name, const char *arg0, ...)                                               \
    {                                                                                                        \
        const char *const *envp = NULL;                                                                      \
        const char **argv;                                                                                   \
        __ms_va_list ap;                                                                                     \
        __ms_va_start(ap, arg0);                                                                             \
        argv = collect_args(arg0, ap, with_env ? &envp : NULL);                                              \
        __ms_va_end(ap);                                                                                     \
        return spawn_list(MS_P_OVERLAY, name, argv, envp, search);                                           \
    }
EXEC_L(MSVCRT__execl, 0, 0)
EXEC_L(MSVCRT__execle, 0, 1)
EXEC_L(MSVCRT__execlp, 1, 0)
EXEC_L(MSVCRT__execlpe, 1, 1)

/* Waits for a process started with _P_NOWAIT; the action argument is ignored, as in the Microsoft CRT. */
intptr_t CDECL MSVCRT__cwait(int *status, intptr_t process, int action)
{
    DWORD code;

    if (WaitForSingleObject((HANDLE)process, INFINITE) == 0 && GetExitCodeProcess((HANDLE)process, &code)) {
        if (status)
            *status = (int)code;
        CloseHandle((HANDLE)process);
        return process;
    }
    msvcrt_errno = GetLastError() == ERROR_INVALID_HANDLE ? MSVCRT_ECHILD : MSVCRT_EINVAL;
    return -1;
}
