/*
 * Directories and path names (direct.h, io.h _find*, stdlib.h _fullpath/_splitpath/_makepath, temporary
 * files), over kernel32.
 */
#include <stdio.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

/* Copies a result into the caller's buffer, or a malloc'ed one when buf is NULL (size is then a
 * minimum), as _getcwd and _fullpath do. */
static char *return_ansi(const WCHAR *w, char *buf, int size)
{
    char *s = msvcrt_strdup_w_to_a(w);
    if (!s) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    size_t len = strlen(s) + 1;
    if (!buf) {
        if ((size_t)size > len) {
            char *r = MSVCRT_realloc(s, size);
            return r ? r : s;
        }
        return s;
    }
    if (len > (size_t)size) {
        MSVCRT_free(s);
        msvcrt_errno = MSVCRT_ERANGE;
        return NULL;
    }
    memcpy(buf, s, len);
    MSVCRT_free(s);
    return buf;
}

static WCHAR *return_wide(const WCHAR *w, WCHAR *buf, int size)
{
    size_t len = msvcrt_wcslen(w) + 1;
    if (!buf) {
        size_t n = (size_t)size > len ? (size_t)size : len;
        WCHAR *r = MSVCRT_malloc(n * sizeof(WCHAR));
        if (!r) {
            msvcrt_errno = MSVCRT_ENOMEM;
            return NULL;
        }
        memcpy(r, w, len * sizeof(WCHAR));
        return r;
    }
    if (len > (size_t)size) {
        msvcrt_errno = MSVCRT_ERANGE;
        return NULL;
    }
    memcpy(buf, w, len * sizeof(WCHAR));
    return buf;
}

WCHAR *CDECL MSVCRT__wgetcwd(WCHAR *buf, int size)
{
    WCHAR dir[MAX_PATH * 4];
    DWORD n = GetCurrentDirectoryW(ARRAY_SIZE(dir), dir);
    if (!n || n >= ARRAY_SIZE(dir)) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    return return_wide(dir, buf, size);
}

char *CDECL MSVCRT__getcwd(char *buf, int size)
{
    WCHAR dir[MAX_PATH * 4];
    DWORD n = GetCurrentDirectoryW(ARRAY_SIZE(dir), dir);
    if (!n || n >= ARRAY_SIZE(dir)) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    return return_ansi(dir, buf, size);
}

#define WIDE_WRAPPER(ret_fail, call)                                                                         \
    WCHAR *w = msvcrt_strdup_a_to_w(path);                                                                   \
    if (!w)                                                                                                  \
        return ret_fail;                                                                                     \
    int r = call;                                                                                            \
    MSVCRT_free(w);                                                                                          \
    return r;

int CDECL MSVCRT__wchdir(const WCHAR *path)
{
    if (!SetCurrentDirectoryW(path)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__chdir(const char *path)
{
    WIDE_WRAPPER(-1, MSVCRT__wchdir(w))
}

int CDECL MSVCRT__wmkdir(const WCHAR *path)
{
    if (!CreateDirectoryW(path, NULL)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__mkdir(const char *path)
{
    WIDE_WRAPPER(-1, MSVCRT__wmkdir(w))
}

int CDECL MSVCRT__wrmdir(const WCHAR *path)
{
    if (!RemoveDirectoryW(path)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__rmdir(const char *path){WIDE_WRAPPER(-1, MSVCRT__wrmdir(w))}

WCHAR *CDECL MSVCRT__wfullpath(WCHAR *buf, const WCHAR *path, size_t size)
{
    WCHAR full[MAX_PATH * 4];
    static const WCHAR dot[] = {'.', 0};
    if (!path || !*path)
        path = dot;
    DWORD n = GetFullPathNameW(path, ARRAY_SIZE(full), full, NULL);
    if (!n || n >= ARRAY_SIZE(full)) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    return return_wide(full, buf, (int)size);
}

char *CDECL MSVCRT__fullpath(char *buf, const char *path, size_t size)
{
    WCHAR full[MAX_PATH * 4];
    WCHAR *w = msvcrt_strdup_a_to_w(path && *path ? path : ".");
    if (!w)
        return NULL;
    DWORD n = GetFullPathNameW(w, ARRAY_SIZE(full), full, NULL);
    MSVCRT_free(w);
    if (!n || n >= ARRAY_SIZE(full)) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    return return_ansi(full, buf, (int)size);
}

/* ---- _find* ---- */

struct MSVCRT__finddata64_t {
    unsigned int attrib;
    int64_t time_create, time_access, time_write;
    int64_t size;
    char name[260];
};

struct MSVCRT__finddata_t { /* _finddata64i32_t in the x64 msvcrt.dll */
    unsigned int attrib;
    int64_t time_create, time_access, time_write;
    ULONG size;
    char name[260];
};

struct MSVCRT__wfinddata64_t {
    unsigned int attrib;
    int64_t time_create, time_access, time_write;
    int64_t size;
    WCHAR name[260];
};

static int64_t ft_to_time(const FILETIME *ft)
{
    uint64_t t = ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
    return t ? (int64_t)(t - 116444736000000000ull) / 10000000 : -1;
}

static void fill_w(struct MSVCRT__wfinddata64_t *out, const WIN32_FIND_DATAW *fd)
{
    out->attrib = fd->dwFileAttributes;
    out->time_create = ft_to_time(&fd->ftCreationTime);
    out->time_access = ft_to_time(&fd->ftLastAccessTime);
    out->time_write = ft_to_time(&fd->ftLastWriteTime);
    out->size = ((int64_t)fd->nFileSizeHigh << 32) | fd->nFileSizeLow;
    memcpy(out->name, fd->cFileName, sizeof(out->name));
}

static void fill_a64(struct MSVCRT__finddata64_t *out, const WIN32_FIND_DATAW *fd)
{
    out->attrib = fd->dwFileAttributes;
    out->time_create = ft_to_time(&fd->ftCreationTime);
    out->time_access = ft_to_time(&fd->ftLastAccessTime);
    out->time_write = ft_to_time(&fd->ftLastWriteTime);
    out->size = ((int64_t)fd->nFileSizeHigh << 32) | fd->nFileSizeLow;
    WideCharToMultiByte(CP_ACP, 0, fd->cFileName, -1, out->name, sizeof(out->name), NULL, NULL);
}

static void fill_a(struct MSVCRT__finddata_t *out, const WIN32_FIND_DATAW *fd)
{
    struct MSVCRT__finddata64_t d64;
    fill_a64(&d64, fd);
    out->attrib = d64.attrib;
    out->time_create = d64.time_create;
    out->time_access = d64.time_access;
    out->time_write = d64.time_write;
    out->size = (ULONG)d64.size;
    memcpy(out->name, d64.name, sizeof(out->name));
}

static intptr_t find_first(const WCHAR *spec, WIN32_FIND_DATAW *fd)
{
    HANDLE h = FindFirstFileW(spec, fd);
    if (h == INVALID_HANDLE_VALUE) {
        msvcrt_set_errno(GetLastError());
        /* msvcrt reports "no match" as ENOENT */
        return -1;
    }
    return (intptr_t)h;
}

static int find_next(intptr_t handle, WIN32_FIND_DATAW *fd)
{
    if (!FindNextFileW((HANDLE)handle, fd)) {
        msvcrt_errno = MSVCRT_ENOENT;
        return -1;
    }
    return 0;
}

static intptr_t find_first_a(const char *spec, WIN32_FIND_DATAW *fd)
{
    WCHAR *w = msvcrt_strdup_a_to_w(spec);
    if (!w)
        return -1;
    intptr_t h = find_first(w, fd);
    MSVCRT_free(w);
    return h;
}

intptr_t CDECL MSVCRT__wfindfirst64(const WCHAR *spec, struct MSVCRT__wfinddata64_t *out)
{
    WIN32_FIND_DATAW fd;
    intptr_t h = find_first(spec, &fd);
    if (h != -1)
        fill_w(out, &fd);
    return h;
}

int CDECL MSVCRT__wfindnext64(intptr_t handle, struct MSVCRT__wfinddata64_t *out)
{
    WIN32_FIND_DATAW fd;
    if (find_next(handle, &fd))
        return -1;
    fill_w(out, &fd);
    return 0;
}

intptr_t CDECL MSVCRT__findfirst64(const char *spec, struct MSVCRT__finddata64_t *out)
{
    WIN32_FIND_DATAW fd;
    intptr_t h = find_first_a(spec, &fd);
    if (h != -1)
        fill_a64(out, &fd);
    return h;
}

int CDECL MSVCRT__findnext64(intptr_t handle, struct MSVCRT__finddata64_t *out)
{
    WIN32_FIND_DATAW fd;
    if (find_next(handle, &fd))
        return -1;
    fill_a64(out, &fd);
    return 0;
}

intptr_t CDECL MSVCRT__findfirst(const char *spec, struct MSVCRT__finddata_t *out)
{
    WIN32_FIND_DATAW fd;
    intptr_t h = find_first_a(spec, &fd);
    if (h != -1)
        fill_a(out, &fd);
    return h;
}

int CDECL MSVCRT__findnext(intptr_t handle, struct MSVCRT__finddata_t *out)
{
    WIN32_FIND_DATAW fd;
    if (find_next(handle, &fd))
        return -1;
    fill_a(out, &fd);
    return 0;
}

int CDECL MSVCRT__findclose(intptr_t handle)
{
    if (!FindClose((HANDLE)handle)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

/* ---- path pieces ---- */

void CDECL MSVCRT__splitpath(const char *path, char *drive, char *dir, char *fname, char *ext)
{
    const char *p = path, *last_slash = NULL, *dot = NULL, *end;
    if (path[0] && path[1] == ':') {
        if (drive) {
            drive[0] = path[0];
            drive[1] = ':';
            drive[2] = 0;
        }
        p += 2;
    } else if (drive)
        *drive = 0;
    for (end = p; *end; end++) {
        if (*end == '/' || *end == '\\')
            last_slash = end;
        else if (*end == '.')
            dot = end;
    }
    if (dot && last_slash && dot < last_slash)
        dot = NULL;
    const char *name = last_slash ? last_slash + 1 : p;
    if (dir) {
        size_t n = name - p;
        memcpy(dir, p, n);
        dir[n] = 0;
    }
    if (!dot)
        dot = end;
    if (fname) {
        memcpy(fname, name, dot - name);
        fname[dot - name] = 0;
    }
    if (ext)
        strcpy(ext, dot);
}

void CDECL MSVCRT__makepath(char *path, const char *drive, const char *dir, const char *fname,
                            const char *ext)
{
    char *p = path;
    if (drive && *drive) {
        *p++ = drive[0];
        *p++ = ':';
    }
    if (dir && *dir) {
        size_t n = strlen(dir);
        memcpy(p, dir, n);
        p += n;
        if (dir[n - 1] != '/' && dir[n - 1] != '\\')
            *p++ = '\\';
    }
    if (fname) {
        size_t n = strlen(fname);
        memcpy(p, fname, n);
        p += n;
    }
    if (ext && *ext) {
        if (*ext != '.')
            *p++ = '.';
        size_t n = strlen(ext);
        memcpy(p, ext, n);
        p += n;
    }
    *p = 0;
}

/* ---- temporary files ---- */

static LONG tmp_counter;

MSVCRT_FILE *CDECL MSVCRT_tmpfile(void)
{
    WCHAR dir[MAX_PATH], name[MAX_PATH + 32];
    static const WCHAR mode[] = {'w', '+', 'b', 'D', 0};
    DWORD n = GetTempPathW(MAX_PATH, dir);
    if (!n || n >= MAX_PATH) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    for (int tries = 0; tries < 100; tries++) {
        char suffix[32];
        LONG id = __atomic_add_fetch(&tmp_counter, 1, __ATOMIC_RELAXED);
        snprintf(suffix, sizeof(suffix), "t%lx_%lx.tmp", (unsigned long)GetCurrentProcessId(),
                 (unsigned long)id);
        size_t len = msvcrt_wcslen(dir), i;
        memcpy(name, dir, len * sizeof(WCHAR));
        for (i = 0; suffix[i]; i++)
            name[len + i] = suffix[i];
        name[len + i] = 0;
        if (GetFileAttributesW(name) != INVALID_FILE_ATTRIBUTES)
            continue;
        /* 'D' (_O_TEMPORARY) deletes the file when the stream is closed or the process ends */
        return MSVCRT__wfopen(name, mode);
    }
    msvcrt_errno = MSVCRT_EEXIST;
    return NULL;
}
