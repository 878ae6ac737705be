/*
 * Command line, environment variables and the system directories.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel32_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(environ);

/* ---- command line ---- */

static char *command_line_a;
static pthread_once_t command_line_once = PTHREAD_ONCE_INIT;

static void init_command_line_a(void)
{
    const UNICODE_STRING *cmd = &RtlGetCurrentPeb()->ProcessParameters->CommandLine;
    ULONG len = k32_wide_to_ansi(cmd->Buffer, cmd->Length / sizeof(WCHAR), NULL, 0);
    command_line_a = malloc(len + 1);
    if (command_line_a) {
        len = k32_wide_to_ansi(cmd->Buffer, cmd->Length / sizeof(WCHAR), command_line_a, len);
        command_line_a[len] = 0;
    }
}

WINBASEAPI LPWSTR WINAPI GetCommandLineW(void)
{
    return RtlGetCurrentPeb()->ProcessParameters->CommandLine.Buffer;
}

WINBASEAPI LPSTR WINAPI GetCommandLineA(void)
{
    pthread_once(&command_line_once, init_command_line_a);
    return command_line_a;
}

/* ---- environment block ---- */

WINBASEAPI LPWCH WINAPI GetEnvironmentStringsW(void)
{
    WCHAR *env;
    NTSTATUS status = RtlCreateEnvironment(TRUE, &env);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    return env;
}

WINBASEAPI LPCH WINAPI GetEnvironmentStringsA(void)
{
    WCHAR *env = GetEnvironmentStringsW();
    if (!env)
        return NULL;
    const WCHAR *p = env;
    while (*p)
        p += NTDLL_wcslen(p) + 1;
    int len = p - env + 1;
    ULONG size = k32_wide_to_ansi(env, len, NULL, 0);
    char *ret = malloc(size ? size : 2);
    if (ret)
        k32_wide_to_ansi(env, len, ret, size);
    else
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    RtlDestroyEnvironment(env);
    return ret;
}

WINBASEAPI BOOL WINAPI FreeEnvironmentStringsW(LPWCH env)
{
    RtlDestroyEnvironment(env);
    return TRUE;
}

WINBASEAPI BOOL WINAPI FreeEnvironmentStringsA(LPCH env)
{
    free(env);
    return TRUE;
}

/* ---- variables ---- */

WINBASEAPI DWORD WINAPI GetEnvironmentVariableW(LPCWSTR name, LPWSTR value, DWORD size)
{
    SIZE_T len;
    if (!name || !*name) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    NTSTATUS status =
        RtlQueryEnvironmentVariable(NULL, name, NTDLL_wcslen(name), value, value ? size : 0, &len);
    if (status == STATUS_BUFFER_TOO_SMALL)
        return len + 1;
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return 0;
    }
    return len;
}

WINBASEAPI DWORD WINAPI GetEnvironmentVariableA(LPCSTR name, LPSTR value, DWORD size)
{
    WCHAR *wname = k32_ansi_to_wide(name);
    DWORD ret = 0;
    if (!name || !wname) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    DWORD wsize = GetEnvironmentVariableW(wname, NULL, 0);
    if (wsize) {
        WCHAR *wvalue = malloc(wsize * sizeof(WCHAR));
        DWORD wlen_ = wvalue ? GetEnvironmentVariableW(wname, wvalue, wsize) : 0;
        if (wvalue && wlen_ < wsize) {
            ULONG needed = k32_wide_to_ansi(wvalue, wlen_, NULL, 0);
            if (needed < size) {
                ret = k32_wide_to_ansi(wvalue, wlen_, value, size);
                value[ret] = 0;
            } else
                ret = needed + 1;
        }
        free(wvalue);
    } else if (GetLastError() != ERROR_ENVVAR_NOT_FOUND && size) {
        /* an existing variable with an empty value */
        value[0] = 0;
    }
    free(wname);
    return ret;
}

WINBASEAPI BOOL WINAPI SetEnvironmentVariableW(LPCWSTR name, LPCWSTR value)
{
    UNICODE_STRING us_name, us_value;
    if (!name) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return FALSE;
    }
    us_name.Buffer = (WCHAR *)name;
    us_name.Length = NTDLL_wcslen(name) * sizeof(WCHAR);
    us_name.MaximumLength = us_name.Length + sizeof(WCHAR);
    if (value) {
        us_value.Buffer = (WCHAR *)value;
        us_value.Length = NTDLL_wcslen(value) * sizeof(WCHAR);
        us_value.MaximumLength = us_value.Length + sizeof(WCHAR);
    }
    return k32_set_ntstatus(RtlSetEnvironmentVariable(NULL, &us_name, value ? &us_value : NULL));
}

WINBASEAPI BOOL WINAPI SetEnvironmentVariableA(LPCSTR name, LPCSTR value)
{
    if (!name) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return FALSE;
    }
    WCHAR *wname = k32_ansi_to_wide(name), *wvalue = k32_ansi_to_wide(value);
    BOOL ret = FALSE;
    if (wname && (!value || wvalue))
        ret = SetEnvironmentVariableW(wname, wvalue);
    else
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    free(wname);
    free(wvalue);
    return ret;
}

/* Returns the characters needed including the NUL (0 on failure); the result is copied only when
 * it fits. */
WINBASEAPI DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR src, LPWSTR dst, DWORD size)
{
    SIZE_T len;
    if (!src) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    NTSTATUS status = RtlExpandEnvironmentStrings(NULL, src, NTDLL_wcslen(src), dst, dst ? size : 0, &len);
    if (status && status != STATUS_BUFFER_TOO_SMALL) {
        SetLastError(RtlNtStatusToDosError(status));
        return 0;
    }
    if (status == STATUS_BUFFER_TOO_SMALL && dst && size)
        dst[size - 1] = 0;
    return len;
}

WINBASEAPI DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR src, LPSTR dst, DWORD size)
{
    if (!src) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WCHAR *wsrc = k32_ansi_to_wide(src);
    if (!wsrc) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD wsize = ExpandEnvironmentStringsW(wsrc, NULL, 0), ret = 0;
    WCHAR *wdst = wsize ? malloc(wsize * sizeof(WCHAR)) : NULL;
    if (wdst && ExpandEnvironmentStringsW(wsrc, wdst, wsize)) {
        ret = k32_wide_to_ansi(wdst, -1, NULL, 0);
        if (dst && ret <= size)
            k32_wide_to_ansi(wdst, -1, dst, size);
        else if (dst && size)
            dst[0] = 0;
    }
    free(wdst);
    free(wsrc);
    return ret;
}

/* ---- system directories ---- */

static UINT copy_dir_w(const WCHAR *dir, LPWSTR buffer, UINT size)
{
    UINT len = NTDLL_wcslen(dir);
    if (buffer && len < size) {
        memcpy(buffer, dir, (len + 1) * sizeof(WCHAR));
        return len;
    }
    return len + 1;
}

static UINT copy_dir_a(const WCHAR *dir, LPSTR buffer, UINT size)
{
    UINT len = k32_wide_to_ansi(dir, NTDLL_wcslen(dir), NULL, 0);
    if (buffer && len < size) {
        k32_wide_to_ansi(dir, -1, buffer, size);
        return len;
    }
    return len + 1;
}

WINBASEAPI UINT WINAPI GetSystemDirectoryW(LPWSTR buffer, UINT size)
{
    return copy_dir_w(u"C:\\windows\\system32", buffer, size);
}

WINBASEAPI UINT WINAPI GetSystemDirectoryA(LPSTR buffer, UINT size)
{
    return copy_dir_a(u"C:\\windows\\system32", buffer, size);
}

WINBASEAPI UINT WINAPI GetWindowsDirectoryW(LPWSTR buffer, UINT size)
{
    return copy_dir_w(u"C:\\windows", buffer, size);
}

WINBASEAPI UINT WINAPI GetWindowsDirectoryA(LPSTR buffer, UINT size)
{
    return copy_dir_a(u"C:\\windows", buffer, size);
}

WINBASEAPI UINT WINAPI GetSystemWindowsDirectoryW(LPWSTR buffer, UINT size)
{
    return GetWindowsDirectoryW(buffer, size);
}

WINBASEAPI UINT WINAPI GetSystemWindowsDirectoryA(LPSTR buffer, UINT size)
{
    return GetWindowsDirectoryA(buffer, size);
}
