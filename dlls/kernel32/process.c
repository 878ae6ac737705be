/*
 * Processes: CreateProcessA/W (application name and command line resolution, environment, current
 * directory, creation flags), GetExitCodeProcess, OpenProcess, GetProcessId, priority classes.
 * ntdll starts the child (dlls/ntdll/processapi.c, include/oriel/process.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "kernel32_private.h"
#include "oriel/debug.h"
#include "oriel/ntdll.h"
#include "oriel/process.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(process);

#define PRIORITY_CLASS_MASK                                                                                  \
    (IDLE_PRIORITY_CLASS | BELOW_NORMAL_PRIORITY_CLASS | NORMAL_PRIORITY_CLASS |                             \
     ABOVE_NORMAL_PRIORITY_CLASS | HIGH_PRIORITY_CLASS | REALTIME_PRIORITY_CLASS)

static WCHAR *wdup_n(const WCHAR *s, size_t n)
{
    WCHAR *r = malloc((n + 1) * sizeof(WCHAR));
    if (r) {
        memcpy(r, s, n * sizeof(WCHAR));
        r[n] = 0;
    }
    return r;
}

static int is_space(WCHAR c)
{
    return c == ' ' || c == '\t';
}

/* An existing file (not a directory): its full path (malloc'ed), else NULL. */
static WCHAR *existing_file(const WCHAR *name)
{
    DWORD len = GetFullPathNameW(name, 0, NULL, NULL), attrs;
    WCHAR *full;

    if (!len || !(full = malloc(len * sizeof(WCHAR))))
        return NULL;
    if (!GetFullPathNameW(name, len, full, NULL) ||
        (attrs = GetFileAttributesW(full)) == INVALID_FILE_ATTRIBUTES || (attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        free(full);
        return NULL;
    }
    return full;
}

static WCHAR *try_in_dir(const WCHAR *dir, size_t dir_len, const WCHAR *name)
{
    size_t name_len = NTDLL_wcslen(name);
    WCHAR *path = malloc((dir_len + name_len + 2) * sizeof(WCHAR)), *found;

    if (!path)
        return NULL;
    memcpy(path, dir, dir_len * sizeof(WCHAR));
    if (dir_len && path[dir_len - 1] != '\\' && path[dir_len - 1] != '/')
        path[dir_len++] = '\\';
    memcpy(path + dir_len, name, (name_len + 1) * sizeof(WCHAR));
    found = existing_file(path);
    free(path);
    return found;
}

/* Finds a module named on the command line: ".exe" is appended when the name has no extension; a bare
 * name is searched in the application's directory, the current directory, the system directory, the
 * Windows directory and PATH, in that order (CreateProcess's documented order). */
static WCHAR *search_module(const WCHAR *token, size_t len)
{
    WCHAR *name, *found = NULL, buf[MAX_PATH + 1];
    const WCHAR *base = token;
    int has_dir = 0;
    DWORD n;

    for (size_t i = 0; i < len; i++)
        if (token[i] == '\\' || token[i] == '/' || token[i] == ':') {
            has_dir = 1;
            base = token + i + 1;
        }
    int has_ext = 0;
    for (const WCHAR *p = base; p < token + len; p++)
        if (*p == '.')
            has_ext = 1;
    if (!(name = malloc((len + 5) * sizeof(WCHAR))))
        return NULL;
    memcpy(name, token, len * sizeof(WCHAR));
    name[len] = 0;
    if (!has_ext)
        memcpy(name + len, u".exe", 5 * sizeof(WCHAR));
    if (has_dir) {
        found = existing_file(name);
        free(name);
        return found;
    }
    /* the directory the calling program was loaded from */
    n = GetModuleFileNameW(NULL, buf, MAX_PATH);
    if (n && n < MAX_PATH) {
        WCHAR *slash = NULL;
        for (WCHAR *p = buf; *p; p++)
            if (*p == '\\' || *p == '/')
                slash = p;
        if (slash)
            found = try_in_dir(buf, slash - buf, name);
    }
    if (!found)
        found = existing_file(name); /* the current directory */
    if (!found && (n = GetSystemDirectoryW(buf, MAX_PATH)) && n < MAX_PATH)
        found = try_in_dir(buf, n, name);
    if (!found && (n = GetWindowsDirectoryW(buf, MAX_PATH)) && n < MAX_PATH)
        found = try_in_dir(buf, n, name);
    if (!found && (n = GetEnvironmentVariableW(u"PATH", NULL, 0))) {
        WCHAR *path = malloc(n * sizeof(WCHAR));
        if (path && GetEnvironmentVariableW(u"PATH", path, n) < n) {
            for (WCHAR *p = path; *p && !found;) {
                WCHAR *end = p;
                while (*end && *end != ';')
                    end++;
                if (end > p)
                    found = try_in_dir(p, end - p, name);
                p = *end ? end + 1 : end;
            }
        }
        free(path);
    }
    free(name);
    return found;
}

/* The program of a command line when lpApplicationName is NULL: the first token, quoted or not; an
 * unquoted one containing spaces is tried prefix by prefix ("c:\program", "c:\program files\sub" ...). */
static WCHAR *resolve_from_cmdline(const WCHAR *cmdline, const WCHAR **token, size_t *token_len)
{
    const WCHAR *p = cmdline;

    while (is_space(*p))
        p++;
    if (*p == '"') {
        const WCHAR *end = p + 1;
        while (*end && *end != '"')
            end++;
        return search_module(p + 1, end - p - 1);
    }
    for (const WCHAR *end = p;; end++) {
        if (!*end || is_space(*end)) {
            if (end > p) {
                WCHAR *found = search_module(p, end - p);
                if (found) {
                    *token = p;
                    *token_len = end - p;
                    return found;
                }
            }
            if (!*end)
                return NULL;
        }
    }
}

/* An ANSI environment block (CP_ACP) as a malloc'ed UTF-16 block. */
static WCHAR *ansi_env_to_wide(const char *env)
{
    const char *p = env;
    int len;
    WCHAR *w;

    while (*p)
        p += strlen(p) + 1;
    len = MultiByteToWideChar(CP_ACP, 0, env, (int)(p - env + 1), NULL, 0);
    if (!(w = malloc((len ? len : 1) * sizeof(WCHAR))))
        return NULL;
    MultiByteToWideChar(CP_ACP, 0, env, (int)(p - env + 1), w, len);
    return w;
}

WINBASEAPI BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                                      LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                                      LPCWSTR cur_dir, LPSTARTUPINFOW si, LPPROCESS_INFORMATION pi)
{
    struct oriel_create_process cp = {0};
    WCHAR *image = NULL, *dir = NULL, *wenv = NULL, *cmd = NULL;
    NTSTATUS status;
    DWORD attrs;
    BOOL ret = FALSE;

    TRACE("%s %s inherit %d flags %#x env %p dir %s\n", debugstr_w(app), debugstr_w(cmdline), inherit, flags,
          env, debugstr_w(cur_dir));
    if (!pi || (!app && !cmdline)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* "DETACHED_PROCESS ... cannot be used with the CREATE_NEW_CONSOLE flag" */
    if ((flags & (DETACHED_PROCESS | CREATE_NEW_CONSOLE)) == (DETACHED_PROCESS | CREATE_NEW_CONSOLE)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (flags & (DEBUG_PROCESS | DEBUG_ONLY_THIS_PROCESS))
        FIXME_ONCE("debugging a child is not supported: flags %#x ignored\n",
                   flags & (DEBUG_PROCESS | DEBUG_ONLY_THIS_PROCESS));
    if (flags & EXTENDED_STARTUPINFO_PRESENT)
        FIXME_ONCE("the attribute list of STARTUPINFOEX is ignored\n");

    if (app) {
        /* "The function will not use the search path ... must include the file name extension" */
        if (!(image = existing_file(app))) {
            SetLastError(GetFileAttributesW(app) == INVALID_FILE_ATTRIBUTES ? GetLastError()
                                                                            : ERROR_ACCESS_DENIED);
            if (GetLastError() != ERROR_PATH_NOT_FOUND && GetLastError() != ERROR_ACCESS_DENIED)
                SetLastError(ERROR_FILE_NOT_FOUND);
            return FALSE;
        }
    } else {
        const WCHAR *token = NULL;
        size_t token_len = 0;
        if (!(image = resolve_from_cmdline(cmdline, &token, &token_len))) {
            SetLastError(ERROR_FILE_NOT_FOUND);
            return FALSE;
        }
        /* An unquoted name with spaces is quoted in the child's command line so that the child's CRT
         * finds its argv[0] and arguments where the parent meant them (Wine does the same; the tests
         * were validated against it). */
        for (size_t i = 0; token && i < token_len; i++) {
            if (!is_space(token[i]))
                continue;
            size_t before = token - cmdline, total = NTDLL_wcslen(cmdline);
            if (!(cmd = malloc((total + 3) * sizeof(WCHAR)))) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                goto done;
            }
            memcpy(cmd, cmdline, before * sizeof(WCHAR));
            cmd[before] = '"';
            memcpy(cmd + before + 1, token, token_len * sizeof(WCHAR));
            cmd[before + 1 + token_len] = '"';
            memcpy(cmd + before + 2 + token_len, token + token_len,
                   (total - before - token_len + 1) * sizeof(WCHAR));
            break;
        }
    }
    if (cur_dir) {
        DWORD len = GetFullPathNameW(cur_dir, 0, NULL, NULL);
        if (!len || !(dir = malloc(len * sizeof(WCHAR))) || !GetFullPathNameW(cur_dir, len, dir, NULL) ||
            (attrs = GetFileAttributesW(dir)) == INVALID_FILE_ATTRIBUTES ||
            !(attrs & FILE_ATTRIBUTE_DIRECTORY)) {
            SetLastError(ERROR_DIRECTORY);
            goto done;
        }
    }
    if (env && !(flags & CREATE_UNICODE_ENVIRONMENT) && !(wenv = ansi_env_to_wide(env))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    /* with no command line, the application name is the command line */
    if (!cmdline && !(cmd = wdup_n(app, NTDLL_wcslen(app)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }

    cp.image = image;
    cp.cmdline = cmd ? cmd : cmdline;
    cp.curdir = dir;
    cp.env = env ? (wenv ? wenv : env) : NULL;
    cp.si = si;
    cp.creation_flags = flags;
    cp.inherit_handles = inherit;
    cp.process_attributes = psa && psa->bInheritHandle ? OBJ_INHERIT : 0;
    cp.thread_attributes = tsa && tsa->bInheritHandle ? OBJ_INHERIT : 0;
    status = __oriel_create_process(&cp, pi);
    if (!status && (flags & PRIORITY_CLASS_MASK)) {
        /* with several, the lowest wins */
        static const DWORD classes[] = {IDLE_PRIORITY_CLASS,   BELOW_NORMAL_PRIORITY_CLASS,
                                        NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
                                        HIGH_PRIORITY_CLASS,   REALTIME_PRIORITY_CLASS};
        for (unsigned int i = 0; i < ARRAY_SIZE(classes); i++)
            if (flags & classes[i]) {
                __oriel_set_priority_class(pi->hProcess, classes[i]);
                break;
            }
    }
    if (status == STATUS_OBJECT_NAME_NOT_FOUND)
        SetLastError(ERROR_FILE_NOT_FOUND);
    else if (status == STATUS_INVALID_IMAGE_FORMAT)
        SetLastError(ERROR_BAD_EXE_FORMAT);
    else
        ret = k32_set_ntstatus(status);

done:
    free(image);
    free(dir);
    free(wenv);
    free(cmd);
    return ret;
}

WINBASEAPI BOOL WINAPI CreateProcessA(LPCSTR app, LPSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                                      LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                                      LPCSTR cur_dir, LPSTARTUPINFOA si, LPPROCESS_INFORMATION pi)
{
    WCHAR *wapp = k32_ansi_to_wide(app), *wcmd = k32_ansi_to_wide(cmdline), *wdir = k32_ansi_to_wide(cur_dir);
    WCHAR *desktop = NULL, *title = NULL;
    STARTUPINFOW siw, *psiw = NULL;
    BOOL ret = FALSE;

    if ((app && !wapp) || (cmdline && !wcmd) || (cur_dir && !wdir)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    if (si) {
        /* same layout; only the strings differ */
        memcpy(&siw, si, sizeof(siw));
        siw.cb = sizeof(siw);
        siw.lpReserved = NULL;
        siw.lpDesktop = desktop = k32_ansi_to_wide(si->lpDesktop);
        siw.lpTitle = title = k32_ansi_to_wide(si->lpTitle);
        psiw = &siw;
    }
    ret = CreateProcessW(wapp, wcmd, psa, tsa, inherit, flags, env, wdir, psiw, pi);
done:
    free(wapp);
    free(wcmd);
    free(wdir);
    free(desktop);
    free(title);
    return ret;
}

WINBASEAPI BOOL WINAPI GetExitCodeProcess(HANDLE process, LPDWORD code)
{
    uint32_t exit_code;
    NTSTATUS status =
        __oriel_process_info(process, PROCESS_QUERY_LIMITED_INFORMATION, NULL, &exit_code, NULL);

    if (!k32_set_ntstatus(status))
        return FALSE;
    if (code)
        *code = exit_code;
    return TRUE;
}

WINBASEAPI HANDLE WINAPI OpenProcess(DWORD access, BOOL inherit, DWORD pid)
{
    OBJECT_ATTRIBUTES attr = {sizeof(attr), NULL, NULL, inherit ? OBJ_INHERIT : 0, NULL, NULL};
    CLIENT_ID id = {(HANDLE)(ULONG_PTR)pid, NULL};
    HANDLE handle;

    if (!k32_set_ntstatus(NtOpenProcess(&handle, access, &attr, &id)))
        return NULL;
    return handle;
}

WINBASEAPI DWORD WINAPI GetProcessId(HANDLE process)
{
    uint32_t pid;

    if (!k32_set_ntstatus(__oriel_process_info(process, PROCESS_QUERY_LIMITED_INFORMATION, &pid, NULL, NULL)))
        return 0;
    return pid;
}

/* The subsystem version of the program's PE header (major << 16 | minor); only the current process's
 * image is mapped here. */
WINBASEAPI DWORD WINAPI GetProcessVersion(DWORD pid)
{
    PEB *peb = NtCurrentTeb()->Peb;

    if (pid && pid != GetCurrentProcessId()) {
        FIXME_ONCE("version of another process (%u): its image is not mapped here\n", pid);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return ((DWORD)peb->ImageSubSystemMajorVersion << 16) | peb->ImageSubSystemMinorVersion;
}

WINBASEAPI DWORD WINAPI GetPriorityClass(HANDLE process)
{
    int32_t cls;

    if (!k32_set_ntstatus(__oriel_process_info(process, PROCESS_QUERY_LIMITED_INFORMATION, NULL, NULL, &cls)))
        return 0;
    return (DWORD)cls;
}

WINBASEAPI BOOL WINAPI SetPriorityClass(HANDLE process, DWORD priority_class)
{
    switch (priority_class) {
    case IDLE_PRIORITY_CLASS:
    case BELOW_NORMAL_PRIORITY_CLASS:
    case NORMAL_PRIORITY_CLASS:
    case ABOVE_NORMAL_PRIORITY_CLASS:
    case HIGH_PRIORITY_CLASS:
    case REALTIME_PRIORITY_CLASS:
        break;
    case PROCESS_MODE_BACKGROUND_BEGIN:
    case PROCESS_MODE_BACKGROUND_END:
        FIXME_ONCE("background mode is not supported\n");
        return TRUE;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* stored only: the host scheduler is left alone */
    FIXME_ONCE("priority classes are recorded but do not change scheduling\n");
    return k32_set_ntstatus(__oriel_set_priority_class(process, (int32_t)priority_class));
}

static void set_filetime(FILETIME *ft, uint64_t value)
{
    ft->dwLowDateTime = (DWORD)value;
    ft->dwHighDateTime = (DWORD)(value >> 32);
}

static uint64_t timeval_to_100ns(const struct timeval *tv)
{
    return (uint64_t)tv->tv_sec * 10000000 + (uint64_t)tv->tv_usec * 10;
}

WINBASEAPI BOOL WINAPI GetProcessTimes(HANDLE process, LPFILETIME creation, LPFILETIME exit,
                                       LPFILETIME kernel, LPFILETIME user)
{
    uint64_t create_time, exit_time;
    struct rusage ru;
    DWORD pid = 0;

    if (!k32_set_ntstatus(__oriel_process_times(process, &create_time, &exit_time)))
        return FALSE;
    set_filetime(creation, create_time);
    set_filetime(exit, exit_time);
    if (process == GetCurrentProcess() || (pid = GetProcessId(process)) == GetCurrentProcessId()) {
        /* every thread of this process is a thread of the host process */
        getrusage(RUSAGE_SELF, &ru);
        set_filetime(kernel, timeval_to_100ns(&ru.ru_stime));
        set_filetime(user, timeval_to_100ns(&ru.ru_utime));
    } else {
        FIXME_ONCE("CPU times of another process (%04x) are not known: reported as 0\n", pid);
        set_filetime(kernel, 0);
        set_filetime(user, 0);
    }
    return TRUE;
}

/* ---- the program's path ---- */

WINBASEAPI BOOL WINAPI QueryFullProcessImageNameW(HANDLE process, DWORD flags, LPWSTR name, PDWORD size)
{
    const UNICODE_STRING *image = &NtCurrentTeb()->Peb->ProcessParameters->ImagePathName;
    DWORD len = image->Length / sizeof(WCHAR);

    if (!size || !name || (flags & ~PROCESS_NAME_NATIVE)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (process != GetCurrentProcess() && GetProcessId(process) != GetCurrentProcessId()) {
        if (GetLastError() == ERROR_INVALID_HANDLE)
            return FALSE;
        /* the server does not keep other processes' image paths yet */
        FIXME_ONCE("image name of another process\n");
        SetLastError(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    if (flags & PROCESS_NAME_NATIVE) {
        FIXME_ONCE("PROCESS_NAME_NATIVE: NT device paths are not supported\n");
        SetLastError(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    if (*size <= len) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(name, image->Buffer, len * sizeof(WCHAR));
    name[len] = 0;
    *size = len;
    return TRUE;
}

WINBASEAPI BOOL WINAPI QueryFullProcessImageNameA(HANDLE process, DWORD flags, LPSTR name, PDWORD size)
{
    WCHAR *wname;
    DWORD wsize, len;
    BOOL ret = FALSE;

    if (!size || !name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    wsize = MAX_PATH * 4;
    if (!(wname = malloc(wsize * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (QueryFullProcessImageNameW(process, flags, wname, &wsize)) {
        len = k32_wide_to_ansi(wname, -1, NULL, 0);
        if (len > *size)
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
        else {
            k32_wide_to_ansi(wname, -1, name, *size);
            *size = len - 1;
            ret = TRUE;
        }
    }
    free(wname);
    return ret;
}
