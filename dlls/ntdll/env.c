/*
 * Process parameters and environment blocks.
 *
 * The environment is a UTF-16 block of NAME=VALUE strings, each NUL-terminated, ended by an empty
 * string. Names compare case-insensitively; the block is kept sorted by name like Windows keeps it,
 * so that GetEnvironmentStrings and child processes see a familiar order. Blocks are allocated with
 * host malloc: only these functions allocate and free them.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(environ);

#pragma weak path_unix_to_dos
#pragma weak process_init_spawned_params

static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER; /* guards the process environment */

static WCHAR wupper(WCHAR c)
{
    /* FIXME: ASCII and Latin-1 only; variable names are ASCII in practice. */
    if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7))
        return c - 0x20;
    return c;
}

/* UTF-8 -> UTF-16 into a malloc'ed NUL-terminated string (invalid bytes become U+FFFD). */
WCHAR *ntdll_utf8_to_wide(const char *s)
{
    size_t len = strlen(s);
    WCHAR *out = malloc((len + 1) * sizeof(WCHAR)), *p = out;
    const unsigned char *u = (const unsigned char *)s;
    if (!out)
        return NULL;
    while (*u) {
        unsigned int c = *u, n = 0;
        if (c < 0x80)
            n = 0;
        else if ((c & 0xe0) == 0xc0)
            n = 1, c &= 0x1f;
        else if ((c & 0xf0) == 0xe0)
            n = 2, c &= 0x0f;
        else if ((c & 0xf8) == 0xf0)
            n = 3, c &= 0x07;
        else {
            *p++ = 0xfffd;
            u++;
            continue;
        }
        u++;
        unsigned int i;
        for (i = 0; i < n && (u[i] & 0xc0) == 0x80; i++)
            c = (c << 6) | (u[i] & 0x3f);
        if (i < n) {
            *p++ = 0xfffd;
            u += i;
            continue;
        }
        u += n;
        if (c >= 0x10000) {
            c -= 0x10000;
            *p++ = 0xd800 | (c >> 10);
            *p++ = 0xdc00 | (c & 0x3ff);
        } else
            *p++ = c;
    }
    *p = 0;
    return out;
}

/* Host path -> DOS path; falls back to the Z: drive when the path helper is not there. */
WCHAR *ntdll_unix_to_dos_path(const char *unix_path)
{
    WCHAR *dos = NULL;
    if (path_unix_to_dos && !path_unix_to_dos(unix_path, &dos) && dos)
        return dos;
    size_t len = strlen(unix_path);
    char *tmp = malloc(len + 3);
    if (!tmp)
        return NULL;
    tmp[0] = 'Z';
    tmp[1] = ':';
    for (size_t i = 0; i <= len; i++)
        tmp[i + 2] = unix_path[i] == '/' ? '\\' : unix_path[i];
    dos = ntdll_utf8_to_wide(tmp);
    free(tmp);
    return dos;
}

/* ---- environment blocks ---- */

static size_t env_block_len(const WCHAR *env) /* in WCHARs, including the final empty string */
{
    const WCHAR *p = env;
    while (*p)
        p += NTDLL_wcslen(p) + 1;
    return p - env + 1;
}

/* Compares the name part of "NAME=VALUE" with name[0..len), case-insensitively. Windows entries may
 * start with '=' (e.g. "=C:=C:\dir"), so the separator is the first '=' after the first character. */
static int env_name_cmp(const WCHAR *entry, const WCHAR *name, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        WCHAR a = entry[i];
        if (!a || (a == '=' && i))
            return -1;
        int d = (int)wupper(a) - (int)wupper(name[i]);
        if (d)
            return d;
    }
    return (entry[i] == '=' && i) ? 0 : 1;
}

static const WCHAR *env_find(const WCHAR *env, const WCHAR *name, size_t len)
{
    for (const WCHAR *p = env; *p; p += NTDLL_wcslen(p) + 1)
        if (!env_name_cmp(p, name, len))
            return p + len + 1;
    return NULL;
}

static WCHAR *process_env(void)
{
    return NtCurrentTeb()->Peb->ProcessParameters->Environment;
}

NTSYSAPI NTSTATUS WINAPI RtlCreateEnvironment(BOOLEAN inherit, PWSTR *env)
{
    if (!env)
        return STATUS_INVALID_PARAMETER;
    if (inherit) {
        pthread_mutex_lock(&env_lock);
        const WCHAR *cur = process_env();
        size_t len = env_block_len(cur);
        *env = malloc(len * sizeof(WCHAR));
        if (*env)
            memcpy(*env, cur, len * sizeof(WCHAR));
        pthread_mutex_unlock(&env_lock);
    } else {
        *env = calloc(2, sizeof(WCHAR));
    }
    return *env ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

NTSYSAPI NTSTATUS WINAPI RtlDestroyEnvironment(PWSTR env)
{
    free(env);
    return STATUS_SUCCESS;
}

NTSYSAPI void WINAPI RtlSetCurrentEnvironment(PWSTR env, PWSTR *old)
{
    pthread_mutex_lock(&env_lock);
    RTL_USER_PROCESS_PARAMETERS *params = NtCurrentTeb()->Peb->ProcessParameters;
    if (old)
        *old = params->Environment;
    else
        free(params->Environment);
    params->Environment = env;
    params->EnvironmentSize = env_block_len(env) * sizeof(WCHAR);
    pthread_mutex_unlock(&env_lock);
}

static NTSTATUS query_env(const WCHAR *env, const WCHAR *name, size_t name_len, WCHAR *value,
                          size_t value_len, size_t *ret_len)
{
    const WCHAR *v = env_find(env, name, name_len);
    if (!v)
        return STATUS_VARIABLE_NOT_FOUND;
    size_t len = NTDLL_wcslen(v);
    if (len >= value_len) {
        *ret_len = len; /* without the terminator, as Windows: callers add one */
        return STATUS_BUFFER_TOO_SMALL;
    }
    memcpy(value, v, (len + 1) * sizeof(WCHAR));
    *ret_len = len;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlQueryEnvironmentVariable_U(PWSTR env, PUNICODE_STRING name, PUNICODE_STRING value)
{
    size_t ret;
    NTSTATUS status;

    if (!name || !value)
        return STATUS_INVALID_PARAMETER;
    if (!env)
        pthread_mutex_lock(&env_lock);
    const WCHAR *block = env ? env : process_env();
    const WCHAR *v = env_find(block, name->Buffer, name->Length / sizeof(WCHAR));
    if (!v)
        status = STATUS_VARIABLE_NOT_FOUND;
    else {
        size_t len = NTDLL_wcslen(v) * sizeof(WCHAR);
        value->Length = len > 0xfffe ? 0xfffe : (USHORT)len;
        if (len > value->MaximumLength)
            status = STATUS_BUFFER_TOO_SMALL;
        else {
            memcpy(value->Buffer, v, len);
            if (len + sizeof(WCHAR) <= value->MaximumLength)
                value->Buffer[len / sizeof(WCHAR)] = 0;
            status = STATUS_SUCCESS;
        }
    }
    (void)ret;
    if (!env)
        pthread_mutex_unlock(&env_lock);
    return status;
}

NTSYSAPI NTSTATUS WINAPI RtlQueryEnvironmentVariable(PWSTR env, PCWSTR name, SIZE_T name_len, PWSTR value,
                                                     SIZE_T value_len, PSIZE_T ret_len)
{
    size_t len = 0;
    if (!name || !ret_len)
        return STATUS_INVALID_PARAMETER;
    if (!env)
        pthread_mutex_lock(&env_lock);
    NTSTATUS status = query_env(env ? env : process_env(), name, name_len, value, value_len, &len);
    if (!env)
        pthread_mutex_unlock(&env_lock);
    *ret_len = len;
    return status;
}

/* Returns a new block with name set to value (value NULL removes it), keeping the block sorted. */
static WCHAR *env_set(const WCHAR *env, const WCHAR *name, size_t name_len, const WCHAR *value,
                      size_t value_len)
{
    size_t total = env_block_len(env);
    WCHAR *out = malloc((total + name_len + value_len + 2) * sizeof(WCHAR)), *o = out;
    int inserted = !value;
    if (!out)
        return NULL;
    for (const WCHAR *p = env; *p; p += NTDLL_wcslen(p) + 1) {
        int cmp = env_name_cmp(p, name, name_len);
        if (!cmp)
            continue; /* replaced (or removed) */
        if (!inserted && cmp > 0 && p[0] != '=') {
            memcpy(o, name, name_len * sizeof(WCHAR));
            o += name_len;
            *o++ = '=';
            memcpy(o, value, value_len * sizeof(WCHAR));
            o += value_len;
            *o++ = 0;
            inserted = 1;
        }
        size_t l = NTDLL_wcslen(p) + 1;
        memcpy(o, p, l * sizeof(WCHAR));
        o += l;
    }
    if (!inserted) {
        memcpy(o, name, name_len * sizeof(WCHAR));
        o += name_len;
        *o++ = '=';
        memcpy(o, value, value_len * sizeof(WCHAR));
        o += value_len;
        *o++ = 0;
    }
    *o = 0;
    return out;
}

NTSYSAPI NTSTATUS WINAPI RtlSetEnvironmentVariable(PWSTR *env, PUNICODE_STRING name, PUNICODE_STRING value)
{
    if (!name || !name->Buffer || !name->Length)
        return STATUS_INVALID_PARAMETER;
    size_t name_len = name->Length / sizeof(WCHAR);
    for (size_t i = 1; i < name_len; i++)
        if (name->Buffer[i] == '=')
            return STATUS_INVALID_PARAMETER;
    const WCHAR *v = value ? (value->Buffer ? value->Buffer : u"") : NULL;
    size_t v_len = value ? value->Length / sizeof(WCHAR) : 0;

    if (env) {
        WCHAR *res = env_set(*env, name->Buffer, name_len, v, v_len);
        if (!res)
            return STATUS_NO_MEMORY;
        free(*env);
        *env = res;
        return STATUS_SUCCESS;
    }
    pthread_mutex_lock(&env_lock);
    RTL_USER_PROCESS_PARAMETERS *params = NtCurrentTeb()->Peb->ProcessParameters;
    WCHAR *res = env_set(params->Environment, name->Buffer, name_len, v, v_len);
    if (res) {
        free(params->Environment);
        params->Environment = res;
        params->EnvironmentSize = env_block_len(res) * sizeof(WCHAR);
    }
    pthread_mutex_unlock(&env_lock);
    return res ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* %NAME% is replaced by the variable's value; unknown names and a lone % are kept literally. */
NTSYSAPI NTSTATUS WINAPI RtlExpandEnvironmentStrings(PCWSTR env, PCWSTR src, SIZE_T src_len, PWSTR dst,
                                                     SIZE_T dst_len, PSIZE_T ret_len)
{
    size_t needed = 0;
    if (!env)
        pthread_mutex_lock(&env_lock);
    const WCHAR *block = env ? env : process_env();
    const WCHAR *end = src + src_len;

#define EMIT(c)                                                                                              \
    do {                                                                                                     \
        if (needed < dst_len)                                                                                \
            dst[needed] = (c);                                                                               \
        needed++;                                                                                            \
    } while (0)

    while (src < end) {
        if (*src == '%') {
            const WCHAR *close = src + 1;
            while (close < end && *close != '%')
                close++;
            if (close < end) {
                const WCHAR *v = env_find(block, src + 1, close - src - 1);
                if (v && close > src + 1) {
                    for (; *v; v++)
                        EMIT(*v);
                    src = close + 1;
                    continue;
                }
                /* an unknown name is kept with both percent signs */
                for (; src <= close; src++)
                    EMIT(*src);
                continue;
            }
        }
        EMIT(*src);
        src++;
    }
    EMIT(0);
#undef EMIT
    if (!env)
        pthread_mutex_unlock(&env_lock);
    if (ret_len)
        *ret_len = needed;
    return needed > dst_len ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlExpandEnvironmentStrings_U(PCWSTR env, PCUNICODE_STRING src, PUNICODE_STRING dst,
                                                       PULONG ret_len)
{
    SIZE_T len;
    NTSTATUS status = RtlExpandEnvironmentStrings(env, src->Buffer, src->Length / sizeof(WCHAR), dst->Buffer,
                                                  dst->MaximumLength / sizeof(WCHAR), &len);
    if (ret_len)
        *ret_len = len * sizeof(WCHAR);
    if (status == STATUS_SUCCESS && len * sizeof(WCHAR) <= 0xffff)
        dst->Length = (len - 1) * sizeof(WCHAR);
    else if (status == STATUS_SUCCESS)
        status = STATUS_BUFFER_TOO_SMALL;
    return status;
}

/* ---- initial process parameters ---- */

static void set_ustr(UNICODE_STRING *us, WCHAR *buf, size_t max_chars)
{
    size_t len = buf ? NTDLL_wcslen(buf) : 0;
    us->Buffer = buf;
    us->Length = len * sizeof(WCHAR);
    us->MaximumLength = (max_chars > len ? max_chars : len + 1) * sizeof(WCHAR);
}

/* Appends one argument quoted so that CommandLineToArgvW and the CRT split it back unchanged. */
static size_t quote_arg(WCHAR *out, const WCHAR *arg, int first)
{
    size_t n = 0;
    int need = !*arg;
    for (const WCHAR *p = arg; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '"' || *p == '\n' || *p == '\v')
            need = 1;
    if (!need) {
        for (const WCHAR *p = arg; *p; p++)
            out ? out[n++] = *p : n++;
        return n;
    }
#define PUT(c) (out ? (void)(out[n++] = (c)) : (void)n++)
    PUT('"');
    if (first) {
        /* argv[0] is taken literally up to the next quote: a path never contains one. */
        for (const WCHAR *p = arg; *p; p++)
            if (*p != '"')
                PUT(*p);
    } else {
        for (const WCHAR *p = arg;; p++) {
            size_t bs = 0;
            while (*p == '\\')
                p++, bs++;
            if (!*p) {
                for (size_t i = 0; i < bs * 2; i++)
                    PUT('\\');
                break;
            }
            if (*p == '"') {
                for (size_t i = 0; i < bs * 2 + 1; i++)
                    PUT('\\');
                PUT('"');
            } else {
                for (size_t i = 0; i < bs; i++)
                    PUT('\\');
                PUT(*p);
            }
        }
    }
    PUT('"');
#undef PUT
    return n;
}

WCHAR *env_build_command_line(const WCHAR *argv0, int argc, WCHAR **argv)
{
    size_t len = quote_arg(NULL, argv0, 1) + 1;
    for (int i = 0; i < argc; i++)
        len += quote_arg(NULL, argv[i], 0) + 1;
    WCHAR *cmd = malloc(len * sizeof(WCHAR)), *p = cmd;
    if (!cmd)
        return NULL;
    p += quote_arg(p, argv0, 1);
    for (int i = 0; i < argc; i++) {
        *p++ = ' ';
        p += quote_arg(p, argv[i], 0);
    }
    *p = 0;
    return cmd;
}

static int cmp_env_entries(const void *a, const void *b)
{
    const WCHAR *x = *(const WCHAR *const *)a, *y = *(const WCHAR *const *)b;
    for (;; x++, y++) {
        WCHAR cx = *x == '=' ? 0 : wupper(*x), cy = *y == '=' ? 0 : wupper(*y);
        if (cx != cy || !cx)
            return (int)cx - (int)cy;
    }
}

static const char *host_user(const char *from_launcher)
{
    const char *user = getenv("USER");
    if (user && *user && !strchr(user, '/'))
        return user;
    /* the launcher knows it from the prefix's setup stamp: a passwd lookup costs tens of us */
    if (from_launcher && *from_launcher && !strchr(from_launcher, '/'))
        return from_launcher;
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_name ? pw->pw_name : "user";
}

/* The host environment as a sorted UTF-16 block, plus the variables every Windows process has. */
static WCHAR *build_environment(const char *launcher_user)
{
    extern char **environ;
    char user_profile[PATH_MAX], temp[PATH_MAX], extra_user[256];
    const char *user = host_user(launcher_user);
    snprintf(user_profile, sizeof(user_profile), "USERPROFILE=C:\\users\\%s", user);
    snprintf(temp, sizeof(temp), "C:\\users\\%s\\Temp", user);
    snprintf(extra_user, sizeof(extra_user), "USERNAME=%s", user);
    char temp_var[PATH_MAX + 8], tmp_var[PATH_MAX + 8];
    snprintf(temp_var, sizeof(temp_var), "TEMP=%s", temp);
    snprintf(tmp_var, sizeof(tmp_var), "TMP=%s", temp);
    const char *defaults[] = {
        "SystemRoot=C:\\windows",
        "windir=C:\\windows",
        "SystemDrive=C:",
        "ComSpec=C:\\windows\\system32\\cmd.exe",
        "PATHEXT=.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC",
        "ProgramData=C:\\ProgramData",
        "ProgramFiles=C:\\Program Files",
        "ALLUSERSPROFILE=C:\\ProgramData",
        "OS=Windows_NT",
        "PROCESSOR_ARCHITECTURE=AMD64",
        "NUMBER_OF_PROCESSORS=",
        user_profile,
        extra_user,
        temp_var,
        tmp_var,
    };
    size_t nhost = 0, ndef = ARRAY_SIZE(defaults);
    while (environ[nhost])
        nhost++;
    WCHAR **entries = calloc(nhost + ndef + 1, sizeof(WCHAR *));
    size_t n = 0, total = 1;
    char nproc[64];
    snprintf(nproc, sizeof(nproc), "NUMBER_OF_PROCESSORS=%u", (unsigned)ntdll_peb->NumberOfProcessors);
    defaults[10] = nproc;

    for (size_t i = 0; i < nhost; i++) {
        const char *eq = strchr(environ[i], '=');
        if (!eq || eq == environ[i])
            continue; /* not NAME=VALUE */
        entries[n] = ntdll_utf8_to_wide(environ[i]);
        if (entries[n])
            n++;
    }
    for (size_t i = 0; i < ndef; i++) {
        WCHAR *w = ntdll_utf8_to_wide(defaults[i]);
        size_t name_len = strchr(defaults[i], '=') - defaults[i];
        int present = 0;
        for (size_t j = 0; j < n && !present; j++)
            present = !env_name_cmp(entries[j], w, name_len);
        if (present)
            free(w);
        else
            entries[n++] = w;
    }
    qsort(entries, n, sizeof(*entries), cmp_env_entries);
    for (size_t i = 0; i < n; i++)
        total += NTDLL_wcslen(entries[i]) + 1;
    WCHAR *block = malloc(total * sizeof(WCHAR)), *p = block;
    for (size_t i = 0; i < n; i++) {
        size_t l = NTDLL_wcslen(entries[i]) + 1;
        if (block) {
            memcpy(p, entries[i], l * sizeof(WCHAR));
            p += l;
        }
        free(entries[i]);
    }
    free(entries);
    if (block)
        *p = 0;
    return block;
}

NTSTATUS env_init_process_params(const struct oriel_start_params *params, const HANDLE std_handles[3])
{
    RTL_USER_PROCESS_PARAMETERS *pp = calloc(1, sizeof(*pp));
    char cwd[PATH_MAX];

    if (!pp)
        return STATUS_NO_MEMORY;
    pp->MaximumLength = pp->Length = sizeof(*pp);
    pp->Flags = 1; /* PROCESS_PARAMS_FLAG_NORMALIZED: pointers, not offsets */
    pp->StdInput = std_handles[0];
    pp->StdOutput = std_handles[1];
    pp->StdError = std_handles[2];
    /* a CreateProcess child: everything else comes from the parent (processapi.c) */
    if (process_init_spawned_params && !process_init_spawned_params(pp)) {
        ntdll_peb->ProcessParameters = pp;
        return STATUS_SUCCESS;
    }

    WCHAR *image = ntdll_unix_to_dos_path(params->exe_path);
    if (!image)
        return STATUS_NO_MEMORY;
    set_ustr(&pp->ImagePathName, image, 0);

    WCHAR **argv = calloc(params->argc + 1, sizeof(WCHAR *));
    for (int i = 0; i < params->argc; i++)
        argv[i] = ntdll_utf8_to_wide(params->argv[i]);
    WCHAR *cmd = env_build_command_line(image, params->argc, argv);
    for (int i = 0; i < params->argc; i++)
        free(argv[i]);
    free(argv);
    if (!cmd)
        return STATUS_NO_MEMORY;
    set_ustr(&pp->CommandLine, cmd, 0);

    /* The current directory always ends with a backslash and has a MAX_PATH buffer to change in place. */
    WCHAR *dir = NULL;
    if (getcwd(cwd, sizeof(cwd)))
        dir = ntdll_unix_to_dos_path(cwd);
    if (!dir)
        dir = ntdll_utf8_to_wide("C:\\");
    size_t dlen = NTDLL_wcslen(dir);
    WCHAR *curdir = calloc(MAX_PATH > dlen + 2 ? MAX_PATH : dlen + 2, sizeof(WCHAR));
    memcpy(curdir, dir, dlen * sizeof(WCHAR));
    if (!dlen || curdir[dlen - 1] != '\\')
        curdir[dlen++] = '\\';
    free(dir);
    set_ustr(&pp->CurrentDirectory.DosPath, curdir, MAX_PATH > dlen + 1 ? MAX_PATH : dlen + 1);

    WCHAR *title = malloc((NTDLL_wcslen(image) + 1) * sizeof(WCHAR));
    memcpy(title, image, (NTDLL_wcslen(image) + 1) * sizeof(WCHAR));
    set_ustr(&pp->WindowTitle, title, 0);
    set_ustr(&pp->Desktop, ntdll_utf8_to_wide("WinSta0\\Default"), 0);
    set_ustr(&pp->DllPath, ntdll_utf8_to_wide(""), 0);
    set_ustr(&pp->ShellInfo, ntdll_utf8_to_wide(""), 0);
    set_ustr(&pp->RuntimeInfo, NULL, 0);
    pp->RuntimeInfo.MaximumLength = 0;
    pp->ShowWindowFlags = 1; /* SW_SHOWNORMAL */

    pp->Environment = build_environment(params->user_name);
    if (!pp->Environment)
        return STATUS_NO_MEMORY;
    pp->EnvironmentSize = env_block_len(pp->Environment) * sizeof(WCHAR);
    ntdll_peb->ProcessParameters = pp;
    TRACE("command line %s, current dir %s\n", debugstr_w(cmd), debugstr_w(curdir));
    return STATUS_SUCCESS;
}
