/*
 * Name handling for the module loader: API set contracts, KnownDLLs, case-insensitive file lookup,
 * builtin .so paths and DOS -> host path conversion (with a fallback for when path.c is absent).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(module);

#pragma weak path_dos_to_unix

/* ---- small string helpers ---- */

static WCHAR wlower(WCHAR c)
{
    return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
}

int ldr_wcsicmp_n(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen)
{
    if (alen != blen)
        return 1;
    for (size_t i = 0; i < alen; i++)
        if (wlower(a[i]) != wlower(b[i]))
            return 1;
    return 0;
}

/* UTF-16 -> UTF-8, malloc'ed. */
char *ldr_wide_to_utf8(const WCHAR *s, size_t len)
{
    char *out = malloc(len * 3 + 1), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned int c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (s[i + 1] - 0xdc00);
            i++;
        }
        if (c < 0x80)
            *p++ = c;
        else if (c < 0x800)
            *p++ = 0xc0 | (c >> 6), *p++ = 0x80 | (c & 0x3f);
        else if (c < 0x10000)
            *p++ = 0xe0 | (c >> 12), *p++ = 0x80 | ((c >> 6) & 0x3f), *p++ = 0x80 | (c & 0x3f);
        else
            *p++ = 0xf0 | (c >> 18), *p++ = 0x80 | ((c >> 12) & 0x3f), *p++ = 0x80 | ((c >> 6) & 0x3f),
            *p++ = 0x80 | (c & 0x3f);
    }
    *p = 0;
    return out;
}

void ldr_lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s += 0x20;
}

/* ---- API sets: the contract name maps to the DLL that implements it here ---- */

static const struct {
    const char *prefix;
    const char *dll;
} api_sets[] = {
    {"api-ms-win-core-rtlsupport-", "ntdll.dll"},
    {"api-ms-win-core-", "kernel32.dll"},
    {"api-ms-win-crt-", "ucrtbase.dll"},
    {"api-ms-win-eventing-", "advapi32.dll"},
    {"api-ms-win-security-", "advapi32.dll"},
    {"api-ms-win-service-", "advapi32.dll"},
    {"api-ms-win-downlevel-advapi32-", "advapi32.dll"},
    {"api-ms-win-downlevel-kernel32-", "kernel32.dll"},
    {"api-ms-win-downlevel-user32-", "user32.dll"},
    {"api-ms-win-downlevel-shlwapi-", "shlwapi.dll"},
    {"api-ms-win-downlevel-ole32-", "ole32.dll"},
    {"api-ms-win-shcore-", "shcore.dll"},
    {"api-ms-win-ntuser-", "user32.dll"},
    {"ext-ms-win-ntuser-", "user32.dll"},
    {"ext-ms-win-gdi-", "gdi32.dll"},
    {"ext-ms-win-kernel32-", "kernel32.dll"},
};

/* Lower-case base name (with extension) of an API set's host DLL, or NULL when not an API set. */
const char *ldr_apiset_target(const char *lower_name, int *is_apiset)
{
    *is_apiset = !strncmp(lower_name, "api-ms-", 7) || !strncmp(lower_name, "ext-ms-", 7);
    if (!*is_apiset)
        return NULL;
    for (unsigned int i = 0; i < ARRAY_SIZE(api_sets); i++)
        if (!strncmp(lower_name, api_sets[i].prefix, strlen(api_sets[i].prefix)))
            return api_sets[i].dll;
    return NULL;
}

/* Windows' KnownDLLs: always taken from the system directory, never from the application directory. */
static const char *const known_dlls[] = {
    "advapi32.dll", "combase.dll", "comdlg32.dll", "gdi32.dll",      "gdiplus.dll",
    "imagehlp.dll", "imm32.dll",   "kernel32.dll", "kernelbase.dll", "msvcrt.dll",
    "normaliz.dll", "nsi.dll",     "ntdll.dll",    "ole32.dll",      "oleaut32.dll",
    "psapi.dll",    "rpcrt4.dll",  "sechost.dll",  "setupapi.dll",   "shcore.dll",
    "shell32.dll",  "shlwapi.dll", "user32.dll",   "wldap32.dll",    "ws2_32.dll",
};

int ldr_is_known_dll(const char *lower_name)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(known_dlls); i++)
        if (!strcmp(lower_name, known_dlls[i]))
            return 1;
    return 0;
}

/* ---- finding DLL files ---- */

/* Host path of `name` in `dir`, matched case-insensitively; malloc'ed or NULL. */
char *ldr_find_file_nocase(const char *dir, const char *name)
{
    char *path;
    if (!dir || asprintf(&path, "%s/%s", dir, name) < 0)
        return NULL;
    if (!access(path, F_OK))
        return path;
    free(path);
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    struct dirent *de;
    path = NULL;
    while ((de = readdir(d)))
        if (!strcasecmp(de->d_name, name)) {
            if (asprintf(&path, "%s/%s", dir, de->d_name) < 0)
                path = NULL;
            break;
        }
    closedir(d);
    return path;
}

char *ldr_builtin_so_path(const char *dll_dir, const char *lower_base)
{
    char name[NAME_MAX], *path;
    size_t len = strlen(lower_base);
    if (len > 4 && !strcmp(lower_base + len - 4, ".dll"))
        len -= 4;
    if (len >= sizeof(name) - 8)
        return NULL;
    memcpy(name, lower_base, len);
    name[len] = 0;
    if (asprintf(&path, "%s/%s/%s.dll.so", dll_dir, name, name) >= 0) {
        if (!access(path, R_OK))
            return path;
        free(path);
    }
    if (asprintf(&path, "%s/%s.dll.so", dll_dir, name) >= 0) {
        if (!access(path, R_OK))
            return path;
        free(path);
    }
    return NULL;
}

/* DOS path -> host path; without the path helper only Z: and C: (the prefix) are understood. */
char *ldr_dos_to_unix(const char *prefix, const WCHAR *dos)
{
    char *unix_path = NULL;
    if (path_dos_to_unix && !path_dos_to_unix(dos, &unix_path) && unix_path)
        return unix_path;
    char *utf8 = ldr_wide_to_utf8(dos, NTDLL_wcslen(dos)), *res = NULL;
    if (!utf8)
        return NULL;
    for (char *p = utf8; *p; p++)
        if (*p == '\\')
            *p = '/';
    if ((utf8[0] == 'z' || utf8[0] == 'Z') && utf8[1] == ':')
        res = strdup(utf8[2] ? utf8 + 2 : "/");
    else if ((utf8[0] == 'c' || utf8[0] == 'C') && utf8[1] == ':') {
        if (asprintf(&res, "%s/drive_c%s", prefix, utf8 + 2) < 0)
            res = NULL;
    } else if (utf8[0] == '/')
        res = strdup(utf8);
    else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof(cwd)) && asprintf(&res, "%s/%s", cwd, utf8) < 0)
            res = NULL;
    }
    free(utf8);
    return res;
}
