/*
 * Paths: Win32 path normalisation (RtlGetFullPathName_U and friends), DOS -> NT names, the current
 * directory, and the mapping between NT paths and host paths through the prefix's dosdevices/.
 *
 * The mapping functions that take the prefix as an argument (path_full_name, path_nt_to_unix_in,
 * path_unix_to_dos_in) use no process state, so tests/unit/path_test.c runs them on a temporary prefix.
 * See docs/server.md ("Paths").
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

static pthread_mutex_t curdir_mutex = PTHREAD_MUTEX_INITIALIZER;

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static const WCHAR *wmemchr_w(const WCHAR *s, WCHAR c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return s + i;
    return NULL;
}

static int is_sep(WCHAR c)
{
    return c == '\\' || c == '/';
}

static WCHAR upcase(WCHAR c)
{
    return ntdll_towupper(c);
}

static int wcsnicmp_ascii(const WCHAR *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!b[i] || upcase(a[i]) != upcase((unsigned char)b[i]))
            return 1;
    }
    return 0;
}

/* ---- UTF-8 <-> UTF-16 (host names are UTF-8) ---- */

/* Returns the UTF-8 byte count (not NUL-terminated) or -1 on an unpaired surrogate; writes when out. */
static int utf16_to_utf8(const WCHAR *s, size_t len, char *out)
{
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned int c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (s[i + 1] - 0xdc00);
            i++;
        } else if (c >= 0xd800 && c < 0xe000)
            return -1;
        if (c < 0x80) {
            if (out)
                out[n] = c;
            n += 1;
        } else if (c < 0x800) {
            if (out) {
                out[n] = 0xc0 | (c >> 6);
                out[n + 1] = 0x80 | (c & 0x3f);
            }
            n += 2;
        } else if (c < 0x10000) {
            if (out) {
                out[n] = 0xe0 | (c >> 12);
                out[n + 1] = 0x80 | ((c >> 6) & 0x3f);
                out[n + 2] = 0x80 | (c & 0x3f);
            }
            n += 3;
        } else {
            if (out) {
                out[n] = 0xf0 | (c >> 18);
                out[n + 1] = 0x80 | ((c >> 12) & 0x3f);
                out[n + 2] = 0x80 | ((c >> 6) & 0x3f);
                out[n + 3] = 0x80 | (c & 0x3f);
            }
            n += 4;
        }
    }
    return n;
}

/* UTF-8 -> UTF-16 (invalid bytes become U+FFFD). Returns the count of WCHARs; writes when out. */
static size_t utf8_to_utf16(const char *s, size_t len, WCHAR *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0;

    while (p < end) {
        unsigned int c = *p++, extra = 0;
        if (c >= 0xf0 && c < 0xf8) {
            c &= 7;
            extra = 3;
        } else if (c >= 0xe0) {
            c &= 15;
            extra = 2;
        } else if (c >= 0xc0) {
            c &= 31;
            extra = 1;
        } else if (c >= 0x80) {
            c = 0xfffd;
        }
        if (extra > (size_t)(end - p))
            c = 0xfffd, extra = 0, p = end;
        for (unsigned int i = 0; i < extra; i++) {
            if ((p[i] & 0xc0) != 0x80) {
                c = 0xfffd;
                extra = i;
                break;
            }
            c = (c << 6) | (p[i] & 0x3f);
        }
        p += extra;
        if (c >= 0x10000 && c < 0x110000) {
            if (out) {
                out[n] = 0xd800 + ((c - 0x10000) >> 10);
                out[n + 1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
            }
            n += 2;
        } else {
            if (out)
                out[n] = c >= 0x110000 ? 0xfffd : c;
            n++;
        }
    }
    return n;
}

/* ---- DOS device names ---- */

/* Length of the device name if the last component of name[0..len) is a DOS device (NUL, CON, AUX, PRN,
 * COM1-9, LPT1-9, and CONIN$/CONOUT$ as whole names), else 0. *start gets its offset. */
static size_t dos_device_name(const WCHAR *name, size_t len, size_t *start)
{
    size_t s = len, n;

    while (s > 0 && !is_sep(name[s - 1]) && !(s == 2 && name[1] == ':'))
        s--;
    *start = s;
    n = len - s;
    if (n == 6 && !wcsnicmp_ascii(name + s, "CONIN$", 6))
        return 6;
    if (n == 7 && !wcsnicmp_ascii(name + s, "CONOUT$", 7))
        return 7;
    /* the device part ends at an extension or a colon; trailing spaces are ignored */
    for (n = 0; s + n < len && name[s + n] != '.' && name[s + n] != ':'; n++)
        ;
    while (n > 0 && name[s + n - 1] == ' ')
        n--;
    if (n == 3 && (!wcsnicmp_ascii(name + s, "NUL", 3) || !wcsnicmp_ascii(name + s, "CON", 3) ||
                   !wcsnicmp_ascii(name + s, "AUX", 3) || !wcsnicmp_ascii(name + s, "PRN", 3)))
        return 3;
    if (n == 4 && (!wcsnicmp_ascii(name + s, "COM", 3) || !wcsnicmp_ascii(name + s, "LPT", 3)) &&
        name[s + 3] >= '1' && name[s + 3] <= '9')
        return 4;
    return 0;
}

/* ---- full path names (pure) ---- */

/* Appends the components of src[0..len) to out (which holds root_len chars of root), resolving "." and
 * "..", never above the root. out has room for PATH_BUF chars. Returns the new length. */
#define PATH_BUF 32768
static size_t append_components(WCHAR *out, size_t out_len, size_t root_len, const WCHAR *src, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t start, n;
        while (i < len && is_sep(src[i]))
            i++;
        start = i;
        while (i < len && !is_sep(src[i]))
            i++;
        n = i - start;
        if (!n)
            continue;
        if (n == 1 && src[start] == '.')
            continue;
        if (n == 2 && src[start] == '.' && src[start + 1] == '.') {
            while (out_len > root_len && out[out_len - 1] != '\\')
                out_len--;
            if (out_len > root_len)
                out_len--; /* the separator before the popped component */
            continue;
        }
        /* a component ending in a single period loses it; the last one loses all trailing dots and
         * spaces (below) */
        if (n > 1 && src[start + n - 1] == '.' && src[start + n - 2] != '.')
            n--;
        if (out_len + n + 2 >= PATH_BUF)
            return PATH_BUF;
        if (out_len > 0 && out[out_len - 1] != '\\')
            out[out_len++] = '\\';
        memcpy(out + out_len, src + start, n * sizeof(WCHAR));
        out_len += n;
    }
    return out_len;
}

ULONG path_full_name(const WCHAR *name, const WCHAR *curdir, WCHAR *buffer, ULONG buffer_chars,
                     WCHAR **file_part)
{
    size_t len = wlen(name), root_len, out_len, dev_start, dev_len;
    size_t cur_len = curdir ? wlen(curdir) : 0;
    WCHAR *out;
    int trailing_sep;

    if (file_part)
        *file_part = NULL;
    if (!len)
        return 0;
    if (!(out = malloc(PATH_BUF * sizeof(WCHAR))))
        return 0;
    trailing_sep = is_sep(name[len - 1]);

    if (len >= 4 && is_sep(name[0]) && is_sep(name[1]) && (name[2] == '.' || name[2] == '?') &&
        is_sep(name[3])) {
        /* \\.\device\rest and \\?\device\rest: the device (or drive) is the root. Only the NT name
         * conversion takes \\?\ paths literally; the full path name folds them like the reference does. */
        size_t i = 4;
        memcpy(out, name[2] == '.' ? u"\\\\.\\" : u"\\\\?\\", 4 * sizeof(WCHAR));
        out_len = 4;
        while (i < len && !is_sep(name[i]) && out_len < PATH_BUF - 2)
            out[out_len++] = name[i++];
        root_len = out_len;
        out_len = append_components(out, out_len, root_len, name + i, len - i);
    } else if (len >= 2 && is_sep(name[0]) && is_sep(name[1])) {
        /* UNC: \\server\share is the root */
        size_t i = 2, parts = 0;
        out[0] = out[1] = '\\';
        out_len = 2;
        while (i < len && parts < 2 && out_len < PATH_BUF - 2) {
            if (is_sep(name[i])) {
                if (++parts == 2)
                    break;
                out[out_len++] = '\\';
                i++;
                continue;
            }
            out[out_len++] = name[i++];
        }
        root_len = out_len;
        out_len = append_components(out, out_len, root_len, name + i, len - i);
    } else if ((dev_len = dos_device_name(name, len, &dev_start))) {
        memcpy(out, u"\\\\.\\", 4 * sizeof(WCHAR));
        memcpy(out + 4, name + dev_start, dev_len * sizeof(WCHAR));
        out_len = 4 + dev_len;
        trailing_sep = 0;
        goto done;
    } else if (len >= 2 && name[1] == ':') {
        WCHAR drive = upcase(name[0]);
        out[0] = drive;
        out[1] = ':';
        out[2] = '\\';
        root_len = out_len = 3;
        if (!(len >= 3 && is_sep(name[2])) && cur_len >= 3 && upcase(curdir[0]) == drive &&
            curdir[1] == ':') {
            /* C:foo relative to the current directory of that drive (only the current drive is known) */
            if (cur_len >= PATH_BUF)
                goto too_long;
            out_len = append_components(out, 3, 3, curdir + 3, cur_len - 3);
        }
        out_len = append_components(out, out_len, root_len, name + 2, len - 2);
    } else {
        /* rooted or relative: needs the current directory */
        size_t cur_root = 0;
        if (cur_len >= 2 && curdir[1] == ':')
            cur_root = 3;
        else if (cur_len >= 2 && is_sep(curdir[0]) && is_sep(curdir[1])) {
            size_t parts = 0;
            for (cur_root = 2; cur_root < cur_len; cur_root++)
                if (is_sep(curdir[cur_root]) && ++parts == 2)
                    break;
            cur_root++;
        } else
            goto invalid;
        if (cur_root > cur_len)
            cur_root = cur_len;
        if (cur_len >= PATH_BUF)
            goto too_long;
        memcpy(out, curdir, cur_root * sizeof(WCHAR));
        out[cur_root - 1] = '\\';
        if (cur_root == 3)
            out[0] = upcase(out[0]);
        root_len = out_len = cur_root;
        if (!is_sep(name[0]))
            out_len = append_components(out, out_len, root_len, curdir + cur_root, cur_len - cur_root);
        out_len = append_components(out, out_len, root_len, name, len);
    }
    if (out_len >= PATH_BUF)
        goto too_long;
    /* the last component loses trailing dots and spaces unless the path ends with a separator */
    if (!trailing_sep)
        while (out_len > root_len && (out[out_len - 1] == '.' || out[out_len - 1] == ' '))
            out_len--;
    if (trailing_sep && out_len > root_len && out[out_len - 1] != '\\')
        out[out_len++] = '\\';
    if (out_len < root_len)
        out_len = root_len;

done:
    if (out_len + 1 > buffer_chars) {
        free(out);
        return out_len + 1;
    }
    memcpy(buffer, out, out_len * sizeof(WCHAR));
    buffer[out_len] = 0;
    if (file_part && out_len && buffer[out_len - 1] != '\\') {
        WCHAR *p = buffer + out_len;
        while (p > buffer && p[-1] != '\\')
            p--;
        *file_part = p;
    }
    free(out);
    return out_len;

too_long:
invalid:
    free(out);
    return 0;
}

/* ---- NT path -> host path (pure but for the file system) ---- */

static int name_is_valid(const WCHAR *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        WCHAR c = s[i];
        if (c < 32 || c == '/' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' ||
            c == '|')
            return 0;
    }
    return 1;
}

/* Case-insensitive match of a host directory entry against a Windows name. */
static int entry_matches(const char *entry, const WCHAR *name, size_t n)
{
    WCHAR buf[256];
    size_t len = strlen(entry), wn = utf8_to_utf16(entry, len, NULL);

    if (wn != n || wn > ARRAY_SIZE(buf))
        return 0;
    utf8_to_utf16(entry, len, buf);
    for (size_t i = 0; i < n; i++)
        if (upcase(buf[i]) != upcase(name[i]))
            return 0;
    return 1;
}

/* Appends "/component" to path (of *len bytes, PATH_MAX room) finding the on-disk spelling. Returns 1 if
 * it exists, 0 if not (the name is appended as given), -1 if the path grows too long. */
static int append_host_component(char *path, size_t *len, const WCHAR *name, size_t n)
{
    int bytes = utf16_to_utf8(name, n, NULL);
    struct stat st;
    DIR *dir;
    struct dirent *de;

    if (bytes < 0 || *len + 1 + bytes + 1 > PATH_MAX)
        return -1;
    path[*len] = '/';
    utf16_to_utf8(name, n, path + *len + 1);
    path[*len + 1 + bytes] = 0;
    if (!lstat(path, &st)) {
        *len += 1 + bytes;
        return 1;
    }
    /* FIXME: cache directory scans; every miss reads the directory. */
    path[*len] = 0;
    if ((dir = opendir(*len ? path : "/"))) {
        while ((de = readdir(dir))) {
            size_t elen = strlen(de->d_name);
            if (!entry_matches(de->d_name, name, n) || *len + 1 + elen + 1 > PATH_MAX)
                continue;
            path[*len] = '/';
            memcpy(path + *len + 1, de->d_name, elen + 1);
            *len += 1 + elen;
            closedir(dir);
            return 1;
        }
        closedir(dir);
    }
    path[*len] = '/';
    utf16_to_utf8(name, n, path + *len + 1);
    path[*len + 1 + bytes] = 0;
    *len += 1 + bytes;
    return 0;
}

NTSTATUS path_nt_to_unix_in(const char *prefix, const WCHAR *nt, SIZE_T nt_len, char **unix_path)
{
    char *path;
    size_t len, base_len, i = 0, dev_start;
    struct stat st;

    *unix_path = NULL;
    /* the \??\ prefix is optional here */
    if (nt_len >= 4 && nt[0] == '\\' && nt[1] == '?' && nt[2] == '?' && nt[3] == '\\') {
        nt += 4;
        nt_len -= 4;
    }
    if (!nt_len)
        return STATUS_OBJECT_NAME_INVALID;
    if (!wmemchr_w(nt, '\\', nt_len) && dos_device_name(nt, nt_len, &dev_start) == nt_len) {
        const char *dev = (nt_len == 3 && !wcsnicmp_ascii(nt, "NUL", 3)) ? "/dev/null" : NULL;
        if (!dev && (nt_len == 3 || nt_len == 6 || nt_len == 7) && !wcsnicmp_ascii(nt, "CON", 3))
            dev = "/dev/tty";
        if (!dev)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        *unix_path = strdup(dev);
        return *unix_path ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    if (nt_len < 2 || nt[1] != ':' || !((nt[0] >= 'a' && nt[0] <= 'z') || (nt[0] >= 'A' && nt[0] <= 'Z')))
        return STATUS_OBJECT_PATH_NOT_FOUND; /* UNC and device namespaces are not mapped yet */
    if (nt_len > 2 && nt[2] != '\\')
        return STATUS_OBJECT_NAME_INVALID;
    if (!(path = malloc(PATH_MAX)))
        return STATUS_NO_MEMORY;
    len = snprintf(path, PATH_MAX, "%s/dosdevices/%c:", prefix, (char)(nt[0] | 0x20));
    if (len >= PATH_MAX || stat(path, &st) || !S_ISDIR(st.st_mode)) {
        free(path);
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    base_len = len;
    i = 2;
    while (i < nt_len) {
        size_t start, n;
        int found;

        while (i < nt_len && nt[i] == '\\')
            i++;
        start = i;
        while (i < nt_len && nt[i] != '\\')
            i++;
        n = i - start;
        if (!n)
            break;
        if (n == 1 && nt[start] == '.')
            continue;
        if (n == 2 && nt[start] == '.' && nt[start + 1] == '.') {
            while (len > base_len && path[len - 1] != '/')
                len--;
            if (len > base_len)
                len--;
            path[len] = 0;
            continue;
        }
        if (!name_is_valid(nt + start, n)) {
            free(path);
            return STATUS_OBJECT_NAME_INVALID;
        }
        found = append_host_component(path, &len, nt + start, n);
        if (found < 0) {
            free(path);
            return STATUS_NAME_TOO_LONG;
        }
        while (i < nt_len && nt[i] == '\\')
            i++;
        if (i >= nt_len)
            break; /* the last component need not exist */
        if (!found || stat(path, &st) || !S_ISDIR(st.st_mode)) {
            free(path);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
    }
    *unix_path = path;
    return STATUS_SUCCESS;
}

/* ---- host path -> DOS path ---- */

static char *canonical_host_path(const char *unix_path)
{
    char *full, *real, *slash;

    if (unix_path[0] == '/')
        full = strdup(unix_path);
    else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd)) || asprintf(&full, "%s/%s", cwd, unix_path) < 0)
            return NULL;
    }
    if (!full)
        return NULL;
    if ((real = realpath(full, NULL))) {
        free(full);
        return real;
    }
    /* a file that does not exist (yet): canonicalise its directory */
    slash = strrchr(full, '/');
    if (slash && slash != full) {
        *slash = 0;
        if ((real = realpath(full, NULL))) {
            char *res;
            if (asprintf(&res, "%s/%s", strcmp(real, "/") ? real : "", slash + 1) < 0)
                res = NULL;
            free(real);
            free(full);
            return res;
        }
    }
    return full;
}

/* The drives' host targets, resolved once per process (one prefix at a time): resolving all 26
 * dosdevices links on every conversion cost hundreds of system calls at each process start. */
static struct {
    char *prefix;
    char *targets[26]; /* realpath of dosdevices/X:, NULL when absent */
} drive_cache;
static pthread_mutex_t drive_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void drive_cache_load(const char *prefix)
{
    char dir_path[PATH_MAX], drive_path[PATH_MAX];
    struct dirent *de;
    DIR *dir;

    if (drive_cache.prefix && !strcmp(drive_cache.prefix, prefix))
        return;
    free(drive_cache.prefix);
    for (int d = 0; d < 26; d++) {
        free(drive_cache.targets[d]);
        drive_cache.targets[d] = NULL;
    }
    drive_cache.prefix = strdup(prefix);
    if (snprintf(dir_path, sizeof(dir_path), "%s/dosdevices", prefix) >= (int)sizeof(dir_path) ||
        !(dir = opendir(dir_path)))
        return;
    while ((de = readdir(dir))) {
        char c = de->d_name[0] | 0x20;
        if (c < 'a' || c > 'z' || de->d_name[1] != ':' || de->d_name[2])
            continue;
        if (snprintf(drive_path, sizeof(drive_path), "%s/%s", dir_path, de->d_name) >=
            (int)sizeof(drive_path))
            continue;
        if (!drive_cache.targets[c - 'a'])
            drive_cache.targets[c - 'a'] = realpath(drive_path, NULL);
    }
    closedir(dir);
}

NTSTATUS path_unix_to_dos_in(const char *prefix, const char *unix_path, WCHAR **dos_path)
{
    char *canon = canonical_host_path(unix_path);
    size_t best_len = 0, canon_len, rest_len, n;
    int best = -1;
    const char *rest;
    WCHAR *out;

    *dos_path = NULL;
    if (!canon)
        return STATUS_NO_MEMORY;
    canon_len = strlen(canon);
    pthread_mutex_lock(&drive_cache_lock);
    drive_cache_load(prefix);
    for (int d = 0; d < 26; d++) {
        const char *target = drive_cache.targets[d];
        size_t tlen;
        if (!target)
            continue;
        tlen = strlen(target);
        if (!strcmp(target, "/"))
            tlen = 0;
        if (tlen <= canon_len && !memcmp(canon, target, tlen) && (canon[tlen] == '/' || !canon[tlen]) &&
            (best < 0 || tlen > best_len)) {
            best = d;
            best_len = tlen;
        }
    }
    pthread_mutex_unlock(&drive_cache_lock);
    if (best < 0) {
        free(canon);
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    rest = canon + best_len;
    rest_len = strlen(rest);
    n = utf8_to_utf16(rest, rest_len, NULL);
    if (!(out = malloc((n + 4) * sizeof(WCHAR)))) {
        free(canon);
        return STATUS_NO_MEMORY;
    }
    out[0] = 'A' + best;
    out[1] = ':';
    utf8_to_utf16(rest, rest_len, out + 2);
    for (size_t i = 2; i < n + 2; i++)
        if (out[i] == '/')
            out[i] = '\\';
    if (!n)
        out[2 + n++] = '\\';
    out[2 + n] = 0;
    free(canon);
    *dos_path = out;
    return STATUS_SUCCESS;
}

/* ---- process state: the prefix and the current directory ---- */

static char *prefix;
static pthread_once_t prefix_once = PTHREAD_ONCE_INIT;

static void init_prefix(void)
{
    const char *env = getenv(ORIEL_ENV_PREFIX), *home = getenv("HOME");
    if (env && env[0])
        prefix = strdup(env);
    else if (home && asprintf(&prefix, "%s/.oriel", home) < 0)
        prefix = NULL;
}

static const char *prefix_path(void)
{
    pthread_once(&prefix_once, init_prefix);
    return prefix ? prefix : "/nonexistent";
}

static UNICODE_STRING *curdir_string(void)
{
    PEB *peb = NtCurrentTeb()->Peb;
    if (!peb || !peb->ProcessParameters)
        return NULL;
    return &peb->ProcessParameters->CurrentDirectory.DosPath;
}

/* Full DOS path of name against the current directory, malloc'ed. */
static WCHAR *full_path_alloc(const WCHAR *name)
{
    UNICODE_STRING *cur;
    WCHAR *curdir = NULL, *buf;
    ULONG len;

    pthread_mutex_lock(&curdir_mutex);
    if ((cur = curdir_string()) && cur->Buffer && (curdir = malloc(cur->Length + sizeof(WCHAR)))) {
        memcpy(curdir, cur->Buffer, cur->Length);
        curdir[cur->Length / sizeof(WCHAR)] = 0;
    }
    pthread_mutex_unlock(&curdir_mutex);
    len = path_full_name(name, curdir ? curdir : u"C:\\", NULL, 0, NULL);
    buf = len ? malloc(len * sizeof(WCHAR)) : NULL;
    if (buf && path_full_name(name, curdir ? curdir : u"C:\\", buf, len, NULL) >= len) {
        free(buf);
        buf = NULL;
    }
    free(curdir);
    return buf;
}

NTSTATUS path_dos_to_unix(const WCHAR *dos_path, char **unix_path)
{
    size_t len = wlen(dos_path);
    WCHAR *full;
    NTSTATUS status;

    *unix_path = NULL;
    if (len >= 4 && dos_path[0] == '\\' && dos_path[1] == '?' && dos_path[2] == '?' && dos_path[3] == '\\')
        return path_nt_to_unix_in(prefix_path(), dos_path, len, unix_path);
    if (!(full = full_path_alloc(dos_path)))
        return len ? STATUS_OBJECT_NAME_INVALID : STATUS_OBJECT_NAME_NOT_FOUND;
    if (full[0] == '\\' && full[1] == '\\' && (full[2] == '.' || full[2] == '?') && full[3] == '\\')
        status = path_nt_to_unix_in(prefix_path(), full + 4, wlen(full + 4), unix_path);
    else
        status = path_nt_to_unix_in(prefix_path(), full, wlen(full), unix_path);
    free(full);
    return status;
}

NTSTATUS path_unix_to_dos(const char *unix_path, WCHAR **dos_path)
{
    return path_unix_to_dos_in(prefix_path(), unix_path, dos_path);
}

/* ---- exports ---- */

NTSYSAPI ULONG WINAPI RtlGetFullPathName_U(PCWSTR name, ULONG size, PWSTR buffer, PWSTR *file_part)
{
    UNICODE_STRING *cur;
    ULONG len;

    TRACE("%s %u\n", debugstr_w(name), size);
    if (file_part)
        *file_part = NULL;
    if (!name || !*name)
        return 0;
    pthread_mutex_lock(&curdir_mutex);
    cur = curdir_string();
    WCHAR *curdir = cur && cur->Buffer ? malloc(cur->Length + sizeof(WCHAR)) : NULL;
    if (curdir) {
        memcpy(curdir, cur->Buffer, cur->Length);
        curdir[cur->Length / sizeof(WCHAR)] = 0;
    }
    pthread_mutex_unlock(&curdir_mutex);
    len = path_full_name(name, curdir ? curdir : u"C:\\", buffer, size / sizeof(WCHAR), file_part);
    free(curdir);
    /* fits: length in bytes without the terminator; else the bytes needed including it */
    return len * sizeof(WCHAR);
}

NTSYSAPI ULONG WINAPI RtlGetCurrentDirectory_U(ULONG size, PWSTR buffer)
{
    UNICODE_STRING *cur;
    ULONG len = 0;

    pthread_mutex_lock(&curdir_mutex);
    if ((cur = curdir_string()) && cur->Buffer) {
        len = cur->Length / sizeof(WCHAR);
        /* stored with a trailing backslash, returned without one unless it is a root */
        if (len > 3 && cur->Buffer[len - 1] == '\\')
            len--;
        if ((len + 1) * sizeof(WCHAR) > size)
            len = (len + 1) * sizeof(WCHAR);
        else {
            memcpy(buffer, cur->Buffer, len * sizeof(WCHAR));
            buffer[len] = 0;
            len *= sizeof(WCHAR);
        }
    }
    pthread_mutex_unlock(&curdir_mutex);
    return len;
}

NTSYSAPI NTSTATUS WINAPI RtlSetCurrentDirectory_U(PCUNICODE_STRING dir)
{
    UNICODE_STRING *cur;
    WCHAR *name, *full;
    char *unix_path;
    struct stat st;
    NTSTATUS status;
    size_t len;

    if (!dir || !dir->Buffer)
        return STATUS_INVALID_PARAMETER;
    TRACE("%s\n", debugstr_us(dir));
    if (!(name = malloc(dir->Length + sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    memcpy(name, dir->Buffer, dir->Length);
    name[dir->Length / sizeof(WCHAR)] = 0;
    full = full_path_alloc(name);
    free(name);
    if (!full)
        return STATUS_OBJECT_NAME_INVALID;
    if ((status = path_dos_to_unix(full, &unix_path))) {
        free(full);
        return status;
    }
    if (stat(unix_path, &st))
        status = errno == ENOTDIR ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_NAME_NOT_FOUND;
    else if (!S_ISDIR(st.st_mode))
        status = STATUS_NOT_A_DIRECTORY;
    free(unix_path);
    if (status) {
        free(full);
        return status;
    }
    len = wlen(full);
    pthread_mutex_lock(&curdir_mutex);
    if (!(cur = curdir_string()))
        status = STATUS_INVALID_PARAMETER;
    else if ((len + 2) * sizeof(WCHAR) > cur->MaximumLength || (len + 2) > MAX_PATH)
        status = STATUS_NAME_TOO_LONG;
    else {
        memcpy(cur->Buffer, full, len * sizeof(WCHAR));
        if (!len || cur->Buffer[len - 1] != '\\')
            cur->Buffer[len++] = '\\';
        cur->Buffer[len] = 0;
        cur->Length = len * sizeof(WCHAR);
    }
    pthread_mutex_unlock(&curdir_mutex);
    free(full);
    return status;
}

static NTSTATUS dos_to_nt_name(PCWSTR dos, PUNICODE_STRING nt, PWSTR *file_part)
{
    static const WCHAR nt_prefix[] = u"\\??\\";
    size_t len, skip = 0, extra = 0;
    const WCHAR *src;
    WCHAR *full = NULL, *buf;
    HANDLE heap = NtCurrentTeb()->Peb->ProcessHeap;

    if (file_part)
        *file_part = NULL;
    if (!dos || !*dos)
        return STATUS_OBJECT_NAME_INVALID;
    len = wlen(dos);
    if (len >= 4 && dos[0] == '\\' && dos[1] == '\\' && dos[2] == '?' && dos[3] == '\\') {
        src = dos;
        skip = 4;
    } else {
        if (!(full = full_path_alloc(dos)))
            return STATUS_OBJECT_NAME_INVALID;
        src = full;
        len = wlen(full);
        if (full[0] == '\\' && full[1] == '\\' && full[2] == '.' && full[3] == '\\')
            skip = 4;
        else if (full[0] == '\\' && full[1] == '\\') {
            skip = 2;
            extra = 4; /* "UNC\" */
        }
    }
    size_t total = 4 + extra + (len - skip);
    if ((total + 1) * sizeof(WCHAR) > 0xfffe) {
        free(full);
        return STATUS_NAME_TOO_LONG;
    }
    if (!(buf = RtlAllocateHeap(heap, 0, (total + 1) * sizeof(WCHAR)))) {
        free(full);
        return STATUS_NO_MEMORY;
    }
    memcpy(buf, nt_prefix, 4 * sizeof(WCHAR));
    if (extra)
        memcpy(buf + 4, u"UNC\\", 4 * sizeof(WCHAR));
    memcpy(buf + 4 + extra, src + skip, (len - skip) * sizeof(WCHAR));
    buf[total] = 0;
    free(full);
    nt->Buffer = buf;
    nt->Length = total * sizeof(WCHAR);
    nt->MaximumLength = (total + 1) * sizeof(WCHAR);
    if (file_part && total && buf[total - 1] != '\\') {
        WCHAR *p = buf + total;
        while (p > buf && p[-1] != '\\')
            p--;
        *file_part = p;
    }
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR dos, PUNICODE_STRING nt,
                                                                 PWSTR *file_part, void *relative)
{
    TRACE("%s\n", debugstr_w(dos));
    if (relative)
        memset(relative, 0, 3 * sizeof(void *) + sizeof(UNICODE_STRING)); /* RTL_RELATIVE_NAME_U: unused */
    return dos_to_nt_name(dos, nt, file_part);
}

NTSYSAPI BOOLEAN WINAPI RtlDosPathNameToNtPathName_U(PCWSTR dos, PUNICODE_STRING nt, PWSTR *file_part,
                                                     void *relative)
{
    return !RtlDosPathNameToNtPathName_U_WithStatus(dos, nt, file_part, relative);
}

/* Offset and length (bytes) of a DOS device name in the path, packed as Windows does; 0 if none. */
NTSYSAPI ULONG WINAPI RtlIsDosDeviceName_U(PCWSTR name)
{
    size_t len, start, dev;

    if (!name)
        return 0;
    len = wlen(name);
    if (len >= 4 && is_sep(name[0]) && is_sep(name[1]) && (name[2] == '.' || name[2] == '?'))
        return 0;
    if (!(dev = dos_device_name(name, len, &start)))
        return 0;
    return (ULONG)((start * sizeof(WCHAR)) << 16 | dev * sizeof(WCHAR));
}
