/*
 * Low-level I/O on CRT file descriptors (io.h): a table from fds to Win32 handles, text-mode CR/LF
 * translation done in _read/_write exactly where msvcrt does it, _stat and friends.
 * All I/O goes through kernel32.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define MAX_FDS 2048

/* per-fd flags (msvcrt's wxflag values) */
#define FD_OPEN 0x01
#define FD_EOF 0x02
#define FD_CRLF 0x04 /* the last read ended on a CR that may start a CR LF pair */
#define FD_PIPE 0x08
#define FD_NOINHERIT 0x10
#define FD_APPEND 0x20
#define FD_DEV 0x40
#define FD_TEXT 0x80

#define SH_DENYRW 0x10
#define SH_DENYWR 0x20
#define SH_DENYRD 0x30
#define SH_DENYNO 0x40

#define S_IFDIR_ 0x4000
#define S_IFCHR_ 0x2000
#define S_IFIFO_ 0x1000
#define S_IFREG_ 0x8000
#define S_IREAD_ 0x0100
#define S_IWRITE_ 0x0080
#define S_IEXEC_ 0x0040

struct fdinfo {
    HANDLE handle;
    unsigned char flags;
    char has_peek; /* a byte read ahead while translating CR LF on a pipe or device */
    char peek;
    unsigned char unicode; /* text mode flavour: UNI_* */
};

#define UNI_NONE 0
#define UNI_UTF16 1 /* _O_WTEXT, _O_U16TEXT */
#define UNI_UTF8 2  /* _O_U8TEXT */

static int write_all(HANDLE h, const char *buf, DWORD len, DWORD *done);

static unsigned char unicode_mode(int oflags)
{
    if (oflags & MSVCRT_O_U8TEXT)
        return UNI_UTF8;
    if (oflags & (MSVCRT_O_WTEXT | MSVCRT_O_U16TEXT))
        return UNI_UTF16;
    return UNI_NONE;
}

static struct fdinfo fds[MAX_FDS];
static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;

static struct fdinfo *get_fd(int fd)
{
    msvcrt_ensure_init();
    if (fd < 0 || fd >= MAX_FDS || !(fds[fd].flags & FD_OPEN)) {
        msvcrt_errno = MSVCRT_EBADF;
        return NULL;
    }
    return &fds[fd];
}

/* Smallest free fd at or above `from`, claimed for handle; -1 with EMFILE when the table is full. */
static int alloc_fd(HANDLE handle, unsigned char flags, int from)
{
    int fd = -1;
    pthread_mutex_lock(&fd_lock);
    for (int i = from; i < MAX_FDS; i++) {
        if (!(fds[i].flags & FD_OPEN)) {
            fds[i].handle = handle;
            fds[i].flags = flags | FD_OPEN;
            fds[i].has_peek = 0;
            fd = i;
            break;
        }
    }
    pthread_mutex_unlock(&fd_lock);
    if (fd < 0)
        msvcrt_errno = MSVCRT_EMFILE;
    return fd;
}

static unsigned char type_flags(HANDLE h)
{
    switch (GetFileType(h)) {
    case FILE_TYPE_CHAR:
        return FD_DEV;
    case FILE_TYPE_PIPE:
        return FD_PIPE;
    default:
        return 0;
    }
}

void msvcrt_init_io(void)
{
    static const DWORD std_ids[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    /* FIXME: fds inherited through STARTUPINFO.lpReserved2 from a CRT parent are not imported yet. */
    for (int i = 0; i < 3; i++) {
        HANDLE h = GetStdHandle(std_ids[i]);
        if (h && h != INVALID_HANDLE_VALUE) {
            fds[i].handle = h;
            fds[i].flags = FD_OPEN | FD_TEXT | type_flags(h);
        }
    }
}

int msvcrt_fd_is_text(int fd)
{
    return fd >= 0 && fd < MAX_FDS && (fds[fd].flags & FD_TEXT);
}

int msvcrt_fd_is_unicode(int fd)
{
    return fd >= 0 && fd < MAX_FDS && (fds[fd].flags & FD_TEXT) && fds[fd].unicode != UNI_NONE;
}

/* _write on a Unicode text-mode fd: buf holds UTF-16 units. LF becomes CR LF; a console gets the text
 * through WriteConsoleW, anything else UTF-16LE or UTF-8 bytes. */
static int write_unicode(struct fdinfo *info, const WCHAR *src, unsigned int units)
{
    WCHAR tmp[512];
    DWORD mode, done;
    int console = (info->flags & FD_DEV) && GetConsoleMode(info->handle, &mode);
    unsigned int pos = 0;
    while (pos < units) {
        int n = 0;
        while (pos < units && n < (int)ARRAY_SIZE(tmp) - 1) {
            if (src[pos] == '\n')
                tmp[n++] = '\r';
            tmp[n++] = src[pos++];
        }
        BOOL ok;
        if (console)
            ok = WriteConsoleW(info->handle, tmp, n, &done, NULL);
        else if (info->unicode == UNI_UTF8) {
            char utf8[ARRAY_SIZE(tmp) * 3];
            int len = WideCharToMultiByte(65001 /* CP_UTF8 */, 0, tmp, n, utf8, sizeof(utf8), NULL, NULL);
            ok = write_all(info->handle, utf8, len, &done);
        } else
            ok = write_all(info->handle, (const char *)tmp, n * sizeof(WCHAR), &done);
        if (!ok) {
            msvcrt_set_errno(GetLastError());
            return -1;
        }
    }
    return units * sizeof(WCHAR);
}

int msvcrt_fd_is_device(int fd)
{
    return fd >= 0 && fd < MAX_FDS && (fds[fd].flags & (FD_DEV | FD_PIPE));
}

int msvcrt_fd_at_eof(int fd)
{
    return fd >= 0 && fd < MAX_FDS && (fds[fd].flags & FD_EOF);
}

static int umask_value; /* _umask: permission bits _open removes from a new file's mode */

int CDECL MSVCRT__wsopen(const WCHAR *path, int oflags, int shflags, ...)
{
    DWORD access, share, disposition, attrs = FILE_ATTRIBUTE_NORMAL;
    unsigned char flags = 0;
    int pmode = 0;

    if (oflags & MSVCRT_O_CREAT) {
        __ms_va_list ap;
        __ms_va_start(ap, shflags);
        pmode = __builtin_va_arg(ap, int);
        __ms_va_end(ap);
    }
    if (!path) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    switch (oflags & 3) {
    case MSVCRT_O_RDONLY:
        access = GENERIC_READ;
        break;
    case MSVCRT_O_WRONLY:
        access = GENERIC_WRITE;
        break;
    case MSVCRT_O_RDWR:
        access = GENERIC_READ | GENERIC_WRITE;
        break;
    default:
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    switch (shflags) {
    case SH_DENYRW:
        share = 0;
        break;
    case SH_DENYWR:
        share = FILE_SHARE_READ;
        break;
    case SH_DENYRD:
        share = FILE_SHARE_WRITE;
        break;
    case SH_DENYNO:
        share = FILE_SHARE_READ | FILE_SHARE_WRITE;
        break;
    default:
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    if (oflags & MSVCRT_O_CREAT) {
        if (oflags & MSVCRT_O_EXCL)
            disposition = CREATE_NEW;
        else if (oflags & MSVCRT_O_TRUNC)
            disposition = CREATE_ALWAYS;
        else
            disposition = OPEN_ALWAYS;
        if (!(pmode & ~umask_value & S_IWRITE_))
            attrs = FILE_ATTRIBUTE_READONLY;
    } else if (oflags & MSVCRT_O_TRUNC)
        disposition = TRUNCATE_EXISTING;
    else
        disposition = OPEN_EXISTING;
    if (oflags & MSVCRT_O_TEMPORARY) {
        attrs |= FILE_FLAG_DELETE_ON_CLOSE;
        access |= DELETE;
        share |= FILE_SHARE_DELETE;
    }
    if (oflags & MSVCRT_O_RANDOM)
        attrs |= FILE_FLAG_RANDOM_ACCESS;
    if (oflags & MSVCRT_O_SEQUENTIAL)
        attrs |= FILE_FLAG_SEQUENTIAL_SCAN;

    if (oflags & MSVCRT_O_APPEND)
        flags |= FD_APPEND;
    if (oflags & MSVCRT_O_NOINHERIT)
        flags |= FD_NOINHERIT;
    if (oflags & (MSVCRT_O_TEXT | MSVCRT_O_WTEXT | MSVCRT_O_U16TEXT | MSVCRT_O_U8TEXT))
        flags |= FD_TEXT;
    else if (!(oflags & MSVCRT_O_BINARY) && MSVCRT__fmode != MSVCRT_O_BINARY)
        flags |= FD_TEXT;

    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, !(oflags & MSVCRT_O_NOINHERIT)};
    HANDLE h = CreateFileW(path, access, share, &sa, disposition, attrs, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    int fd = alloc_fd(h, flags | type_flags(h), 0);
    if (fd < 0)
        CloseHandle(h);
    else
        fds[fd].unicode = unicode_mode(oflags);
    TRACE("%s %#x -> %d\n", debugstr_w(path), oflags, fd);
    return fd;
}

int CDECL MSVCRT__wopen(const WCHAR *path, int flags, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __ms_va_list ap;
        __ms_va_start(ap, flags);
        pmode = __builtin_va_arg(ap, int);
        __ms_va_end(ap);
    }
    return MSVCRT__wsopen(path, flags, SH_DENYNO, pmode);
}

int CDECL MSVCRT__sopen(const char *path, int oflags, int shflags, ...)
{
    int pmode = 0;
    if (oflags & MSVCRT_O_CREAT) {
        __ms_va_list ap;
        __ms_va_start(ap, shflags);
        pmode = __builtin_va_arg(ap, int);
        __ms_va_end(ap);
    }
    if (!path) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int fd = MSVCRT__wsopen(w, oflags, shflags, pmode);
    MSVCRT_free(w);
    return fd;
}

int CDECL MSVCRT__open(const char *path, int flags, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __ms_va_list ap;
        __ms_va_start(ap, flags);
        pmode = __builtin_va_arg(ap, int);
        __ms_va_end(ap);
    }
    return MSVCRT__sopen(path, flags, SH_DENYNO, pmode);
}

int CDECL MSVCRT__creat(const char *path, int pmode)
{
    return MSVCRT__open(path, MSVCRT_O_CREAT | MSVCRT_O_TRUNC | MSVCRT_O_RDWR, pmode);
}

int CDECL MSVCRT__wcreat(const WCHAR *path, int pmode)
{
    return MSVCRT__wopen(path, MSVCRT_O_CREAT | MSVCRT_O_TRUNC | MSVCRT_O_RDWR, pmode);
}

int CDECL MSVCRT__close(int fd)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    HANDLE h = info->handle;
    pthread_mutex_lock(&fd_lock);
    info->flags = 0;
    info->handle = INVALID_HANDLE_VALUE;
    pthread_mutex_unlock(&fd_lock);
    if (!CloseHandle(h)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

static int write_all(HANDLE h, const char *buf, DWORD len, DWORD *done)
{
    *done = 0;
    while (*done < len) {
        DWORD n = 0;
        if (!WriteFile(h, buf + *done, len - *done, &n, NULL))
            return 0;
        if (!n)
            return 0;
        *done += n;
    }
    return 1;
}

int CDECL MSVCRT__write(int fd, const void *buf, unsigned int count)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    if (!count)
        return 0;
    if (!buf) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    if (info->flags & FD_APPEND) {
        LARGE_INTEGER zero = {.QuadPart = 0};
        SetFilePointerEx(info->handle, zero, NULL, FILE_END);
    }
    const char *src = buf;
    DWORD done;
    if (!(info->flags & FD_TEXT)) {
        if (!write_all(info->handle, src, count, &done)) {
            DWORD err = GetLastError();
            if (done)
                return done;
            msvcrt_set_errno(err);
            return -1;
        }
        return count;
    }
    if (info->unicode != UNI_NONE) {
        if (count & 1) {
            msvcrt_errno = MSVCRT_EINVAL;
            return -1;
        }
        return write_unicode(info, buf, count / sizeof(WCHAR));
    }
    /* Text mode: every LF goes out as CR LF; the result counts the caller's bytes. */
    char tmp[1024];
    unsigned int pos = 0;
    while (pos < count) {
        int n = 0;
        unsigned int start = pos;
        while (pos < count && n < (int)sizeof(tmp) - 1) {
            if (src[pos] == '\n')
                tmp[n++] = '\r';
            tmp[n++] = src[pos++];
        }
        if (!write_all(info->handle, tmp, n, &done)) {
            DWORD err = GetLastError();
            if (start)
                return start;
            msvcrt_set_errno(err);
            return -1;
        }
    }
    return count;
}

/* One raw read; 0 at end of file or when the writer of a pipe went away. */
static int raw_read(struct fdinfo *info, char *buf, unsigned int count)
{
    DWORD n = 0;
    if (info->has_peek && count) {
        buf[0] = info->peek;
        info->has_peek = 0;
        return 1;
    }
    if (!ReadFile(info->handle, buf, count, &n, NULL)) {
        DWORD err = GetLastError();
        if (err == ERROR_BROKEN_PIPE)
            return 0;
        msvcrt_set_errno(err);
        return -1;
    }
    return n;
}

int CDECL MSVCRT__read(int fd, void *buf, unsigned int count)
{
    struct fdinfo *info = get_fd(fd);
    char *dst = buf;
    if (!info)
        return -1;
    if (!count || (info->flags & FD_EOF))
        return 0;
    if (!buf) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    int n = raw_read(info, dst, count);
    if (n <= 0) {
        if (n == 0)
            info->flags |= FD_EOF;
        return n;
    }
    if (!(info->flags & FD_TEXT))
        return n;
    if (info->unicode != UNI_NONE) {
        /* UTF-16 text: CR LF units become LF. FIXME: _O_U8TEXT input is not decoded, consoles are not
         * read with ReadConsoleW. */
        if (info->unicode == UNI_UTF8)
            FIXME_ONCE("reading in _O_U8TEXT mode returns raw bytes\n");
        else {
            WCHAR *w = buf;
            int units = n / 2, out = 0;
            for (int i = 0; i < units; i++) {
                if (w[i] == '\r' && i + 1 < units && w[i + 1] == '\n')
                    continue;
                w[out++] = w[i];
            }
            if (n & 1) /* keep an odd trailing byte */
                ((char *)buf)[out * 2] = ((char *)buf)[n - 1];
            return out * 2 + (n & 1);
        }
        return n;
    }

    /* Text mode: CR LF becomes LF, Ctrl-Z ends the file. */
    int out = 0;
    for (int i = 0; i < n; i++) {
        char c = dst[i];
        if (c == 0x1a) {
            info->flags |= FD_EOF;
            if (!(info->flags & (FD_DEV | FD_PIPE))) {
                LARGE_INTEGER back = {.QuadPart = i - n};
                SetFilePointerEx(info->handle, back, NULL, FILE_CURRENT);
            }
            break;
        }
        if (c != '\r') {
            dst[out++] = c;
            continue;
        }
        if (i + 1 < n) {
            if (dst[i + 1] == '\n') {
                dst[out++] = '\n';
                i++;
            } else
                dst[out++] = '\r';
            continue;
        }
        /* CR at the end of what we read: look at the next byte. */
        char next;
        int m = raw_read(info, &next, 1);
        if (m <= 0) {
            dst[out++] = '\r';
        } else if (next == '\n') {
            dst[out++] = '\n';
        } else {
            dst[out++] = '\r';
            if (info->flags & (FD_DEV | FD_PIPE)) {
                info->peek = next;
                info->has_peek = 1;
            } else {
                LARGE_INTEGER back = {.QuadPart = -1};
                SetFilePointerEx(info->handle, back, NULL, FILE_CURRENT);
            }
        }
    }
    if (!out && !(info->flags & FD_EOF))
        return MSVCRT__read(fd, buf, count); /* only a CR that was dropped: read on */
    return out;
}

int64_t CDECL MSVCRT__lseeki64(int fd, int64_t offset, int whence)
{
    struct fdinfo *info = get_fd(fd);
    LARGE_INTEGER dist, pos;
    if (!info)
        return -1;
    if (whence < 0 || whence > 2) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    dist.QuadPart = offset;
    if (whence == FILE_CURRENT && info->has_peek)
        dist.QuadPart--;
    if (!SetFilePointerEx(info->handle, dist, &pos, whence)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    info->has_peek = 0;
    info->flags &= ~FD_EOF;
    return pos.QuadPart;
}

LONG CDECL MSVCRT__lseek(int fd, LONG offset, int whence)
{
    int64_t r = MSVCRT__lseeki64(fd, offset, whence);
    if (r > 0x7fffffff) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    return (LONG)r;
}

int64_t CDECL MSVCRT__telli64(int fd)
{
    return MSVCRT__lseeki64(fd, 0, FILE_CURRENT);
}

LONG CDECL MSVCRT__tell(int fd)
{
    return MSVCRT__lseek(fd, 0, FILE_CURRENT);
}

int64_t CDECL MSVCRT__filelengthi64(int fd)
{
    struct fdinfo *info = get_fd(fd);
    LARGE_INTEGER size;
    if (!info)
        return -1;
    if (!GetFileSizeEx(info->handle, &size)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return size.QuadPart;
}

LONG CDECL MSVCRT__filelength(int fd)
{
    int64_t r = MSVCRT__filelengthi64(fd);
    return r > 0x7fffffff ? -1 : (LONG)r;
}

int CDECL MSVCRT__eof(int fd)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    if (info->flags & FD_EOF)
        return 1;
    int64_t cur = MSVCRT__telli64(fd), len = MSVCRT__filelengthi64(fd);
    if (cur < 0 || len < 0)
        return -1;
    return cur >= len;
}

int CDECL MSVCRT__chsize_s(int fd, int64_t size)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return MSVCRT_EBADF;
    int64_t cur = MSVCRT__telli64(fd);
    LARGE_INTEGER pos = {.QuadPart = size};
    int ret = 0;
    if (!SetFilePointerEx(info->handle, pos, NULL, FILE_BEGIN) || !SetEndOfFile(info->handle)) {
        msvcrt_set_errno(GetLastError());
        ret = msvcrt_errno;
    }
    if (cur >= 0)
        MSVCRT__lseeki64(fd, cur, FILE_BEGIN);
    return ret;
}

int CDECL MSVCRT__chsize(int fd, LONG size)
{
    return MSVCRT__chsize_s(fd, size) ? -1 : 0;
}

int CDECL MSVCRT__commit(int fd)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    if (!FlushFileBuffers(info->handle)) {
        DWORD err = GetLastError();
        /* Consoles and pipes cannot be flushed; msvcrt reports success for them. */
        if (err == ERROR_INVALID_HANDLE && (info->flags & (FD_DEV | FD_PIPE)))
            return 0;
        msvcrt_set_errno(err);
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__isatty(int fd)
{
    msvcrt_ensure_init();
    if (fd < 0 || fd >= MAX_FDS || !(fds[fd].flags & FD_OPEN)) {
        msvcrt_errno = MSVCRT_EBADF;
        return 0;
    }
    return (fds[fd].flags & FD_DEV) ? FD_DEV : 0;
}

int CDECL MSVCRT__setmode(int fd, int mode)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    int old = !(info->flags & FD_TEXT)     ? MSVCRT_O_BINARY
              : info->unicode == UNI_UTF8  ? MSVCRT_O_U8TEXT
              : info->unicode == UNI_UTF16 ? MSVCRT_O_U16TEXT
                                           : MSVCRT_O_TEXT;
    if (mode == MSVCRT_O_TEXT || mode == MSVCRT_O_WTEXT || mode == MSVCRT_O_U16TEXT ||
        mode == MSVCRT_O_U8TEXT) {
        info->flags |= FD_TEXT;
        info->unicode = unicode_mode(mode);
    } else if (mode == MSVCRT_O_BINARY) {
        info->flags &= ~FD_TEXT;
        info->unicode = UNI_NONE;
    } else {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    return old;
}

intptr_t CDECL MSVCRT__get_osfhandle(int fd)
{
    struct fdinfo *info = get_fd(fd);
    return info ? (intptr_t)info->handle : -1;
}

int CDECL MSVCRT__open_osfhandle(intptr_t handle, int oflags)
{
    HANDLE h = (HANDLE)handle;
    if (!h || h == INVALID_HANDLE_VALUE) {
        msvcrt_errno = MSVCRT_EBADF;
        return -1;
    }
    unsigned char flags = type_flags(h);
    if (oflags & MSVCRT_O_APPEND)
        flags |= FD_APPEND;
    if (oflags & MSVCRT_O_TEXT)
        flags |= FD_TEXT;
    if (oflags & MSVCRT_O_NOINHERIT)
        flags |= FD_NOINHERIT;
    return alloc_fd(h, flags, 0);
}

static HANDLE dup_handle(HANDLE h)
{
    HANDLE dup;
    HANDLE self = GetCurrentProcess();
    if (!DuplicateHandle(self, h, self, &dup, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
        msvcrt_set_errno(GetLastError());
        return NULL;
    }
    return dup;
}

int CDECL MSVCRT__dup(int fd)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    HANDLE h = dup_handle(info->handle);
    if (!h)
        return -1;
    int nfd = alloc_fd(h, info->flags & ~(FD_OPEN | FD_EOF), 0);
    if (nfd < 0)
        CloseHandle(h);
    return nfd;
}

int CDECL MSVCRT__dup2(int fd1, int fd2)
{
    struct fdinfo *info = get_fd(fd1);
    if (!info)
        return -1;
    if (fd2 < 0 || fd2 >= MAX_FDS) {
        msvcrt_errno = MSVCRT_EBADF;
        return -1;
    }
    if (fd1 == fd2)
        return 0;
    HANDLE h = dup_handle(info->handle);
    if (!h)
        return -1;
    if (fds[fd2].flags & FD_OPEN)
        MSVCRT__close(fd2);
    pthread_mutex_lock(&fd_lock);
    fds[fd2].handle = h;
    fds[fd2].flags = (info->flags & ~FD_EOF) | FD_OPEN;
    fds[fd2].has_peek = 0;
    pthread_mutex_unlock(&fd_lock);
    if (fd2 < 3) /* msvcrt keeps the Win32 standard handles in step with fds 0-2 */
        SetStdHandle(STD_INPUT_HANDLE - fd2, h);
    return 0;
}

/* ---- names ---- */

int CDECL MSVCRT__waccess(const WCHAR *path, int mode)
{
    if (!path || (mode & ~6)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    DWORD attrs = GetFileAttributesW(path);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    if ((mode & 2) && (attrs & FILE_ATTRIBUTE_READONLY) && !(attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        msvcrt_errno = MSVCRT_EACCES;
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__access(const char *path, int mode)
{
    if (!path) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int r = MSVCRT__waccess(w, mode);
    MSVCRT_free(w);
    return r;
}

int CDECL MSVCRT__wunlink(const WCHAR *path)
{
    if (!DeleteFileW(path)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__unlink(const char *path)
{
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int r = MSVCRT__wunlink(w);
    MSVCRT_free(w);
    return r;
}

int CDECL MSVCRT__wrename(const WCHAR *from, const WCHAR *to)
{
    /* msvcrt's rename never replaces an existing target (MOVEFILE_COPY_ALLOWED only). */
    if (!MoveFileExW(from, to, MOVEFILE_COPY_ALLOWED)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT_rename(const char *from, const char *to)
{
    WCHAR *wf = msvcrt_strdup_a_to_w(from), *wt = msvcrt_strdup_a_to_w(to);
    int r = -1;
    if (wf && wt)
        r = MSVCRT__wrename(wf, wt);
    MSVCRT_free(wf);
    MSVCRT_free(wt);
    return r;
}

/* ---- stat ---- */

struct MSVCRT__stat64 {
    unsigned int st_dev;
    unsigned short st_ino;
    unsigned short st_mode;
    short st_nlink;
    short st_uid;
    short st_gid;
    unsigned int st_rdev;
    int64_t st_size;
    int64_t st_atime;
    int64_t st_mtime;
    int64_t st_ctime;
};
C_ASSERT(sizeof(struct MSVCRT__stat64) == 56);

/* struct _stat of the x64 msvcrt.dll: 32-bit size, 64-bit times (_stat64i32). */
struct MSVCRT__stat {
    unsigned int st_dev;
    unsigned short st_ino;
    unsigned short st_mode;
    short st_nlink;
    short st_uid;
    short st_gid;
    unsigned int st_rdev;
    LONG st_size;
    int64_t st_atime;
    int64_t st_mtime;
    int64_t st_ctime;
};
C_ASSERT(sizeof(struct MSVCRT__stat) == 48);

static int64_t filetime_to_time(const FILETIME *ft)
{
    uint64_t t = ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
    if (!t)
        return 0;
    return (int64_t)(t - 116444736000000000ull) / 10000000;
}

static void stat64_to_stat(const struct MSVCRT__stat64 *s64, struct MSVCRT__stat *s)
{
    s->st_dev = s64->st_dev;
    s->st_ino = s64->st_ino;
    s->st_mode = s64->st_mode;
    s->st_nlink = s64->st_nlink;
    s->st_uid = s64->st_uid;
    s->st_gid = s64->st_gid;
    s->st_rdev = s64->st_rdev;
    s->st_size = (LONG)s64->st_size;
    s->st_atime = s64->st_atime;
    s->st_mtime = s64->st_mtime;
    s->st_ctime = s64->st_ctime;
}

int CDECL MSVCRT__fstat64(int fd, struct MSVCRT__stat64 *buf)
{
    struct fdinfo *info = get_fd(fd);
    if (!info)
        return -1;
    if (!buf) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    memset(buf, 0, sizeof(*buf));
    DWORD type = GetFileType(info->handle);
    buf->st_nlink = 1;
    if (type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE) {
        buf->st_dev = buf->st_rdev = fd;
        buf->st_mode = type == FILE_TYPE_CHAR ? S_IFCHR_ : S_IFIFO_;
        if (type == FILE_TYPE_PIPE) {
            LARGE_INTEGER size;
            if (GetFileSizeEx(info->handle, &size))
                buf->st_size = size.QuadPart;
        }
        return 0;
    }
    LARGE_INTEGER size;
    FILETIME c, a, w;
    if (!GetFileSizeEx(info->handle, &size) || !GetFileTime(info->handle, &c, &a, &w)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    /* FIXME: read-only files still report _S_IWRITE (needs GetFileInformationByHandle). */
    buf->st_mode = S_IFREG_ | S_IREAD_ | S_IWRITE_;
    buf->st_mode |= (buf->st_mode & 0700) >> 3 | (buf->st_mode & 0700) >> 6;
    buf->st_size = size.QuadPart;
    buf->st_atime = filetime_to_time(&a);
    buf->st_mtime = filetime_to_time(&w);
    buf->st_ctime = filetime_to_time(&c);
    return 0;
}

int CDECL MSVCRT__fstat(int fd, struct MSVCRT__stat *buf)
{
    struct MSVCRT__stat64 s64;
    if (!buf) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    if (MSVCRT__fstat64(fd, &s64))
        return -1;
    stat64_to_stat(&s64, buf);
    return 0;
}

static int is_exe_name(const WCHAR *path)
{
    size_t len = msvcrt_wcslen(path);
    if (len < 4 || path[len - 4] != '.')
        return 0;
    char ext[4];
    for (int i = 0; i < 3; i++) {
        WCHAR c = path[len - 3 + i];
        ext[i] = (c >= 'A' && c <= 'Z') ? c + 32 : (c < 128 ? c : '?');
    }
    ext[3] = 0;
    return !strcmp(ext, "exe") || !strcmp(ext, "com") || !strcmp(ext, "bat") || !strcmp(ext, "cmd");
}

int CDECL MSVCRT__wstat64(const WCHAR *path, struct MSVCRT__stat64 *buf)
{
    if (!path || !buf) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    DWORD attrs = GetFileAttributesW(path);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    memset(buf, 0, sizeof(*buf));
    HANDLE h = CreateFileW(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h != INVALID_HANDLE_VALUE) {
        LARGE_INTEGER size;
        FILETIME c, a, w;
        if (!(attrs & FILE_ATTRIBUTE_DIRECTORY) && GetFileSizeEx(h, &size))
            buf->st_size = size.QuadPart;
        if (GetFileTime(h, &c, &a, &w)) {
            buf->st_atime = filetime_to_time(&a);
            buf->st_mtime = filetime_to_time(&w);
            buf->st_ctime = filetime_to_time(&c);
        }
        CloseHandle(h);
    }
    unsigned short mode = S_IREAD_;
    if (attrs & FILE_ATTRIBUTE_DIRECTORY)
        mode |= S_IFDIR_ | S_IEXEC_;
    else {
        mode |= S_IFREG_;
        if (is_exe_name(path))
            mode |= S_IEXEC_;
    }
    if (!(attrs & FILE_ATTRIBUTE_READONLY))
        mode |= S_IWRITE_;
    mode |= (mode & 0700) >> 3 | (mode & 0700) >> 6;
    buf->st_mode = mode;
    buf->st_nlink = 1;
    /* the drive number: C: is 2 */
    if (path[0] && path[1] == ':') {
        WCHAR d = path[0] | 0x20;
        buf->st_dev = buf->st_rdev = (d >= 'a' && d <= 'z') ? d - 'a' : 0;
    } else
        buf->st_dev = buf->st_rdev = 2;
    return 0;
}

int CDECL MSVCRT__stat64(const char *path, struct MSVCRT__stat64 *buf)
{
    if (!path) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int r = MSVCRT__wstat64(w, buf);
    MSVCRT_free(w);
    return r;
}

int CDECL MSVCRT__wstat(const WCHAR *path, struct MSVCRT__stat *buf)
{
    struct MSVCRT__stat64 s64;
    if (MSVCRT__wstat64(path, &s64))
        return -1;
    stat64_to_stat(&s64, buf);
    return 0;
}

int CDECL MSVCRT__stat(const char *path, struct MSVCRT__stat *buf)
{
    struct MSVCRT__stat64 s64;
    if (MSVCRT__stat64(path, &s64))
        return -1;
    stat64_to_stat(&s64, buf);
    return 0;
}

/* ---- pipes, umask ---- */

int CDECL MSVCRT__pipe(int *pfds, unsigned int size, int mode)
{
    HANDLE r, w;
    if (!pfds) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, !(mode & MSVCRT_O_NOINHERIT)};
    if (!CreatePipe(&r, &w, &sa, size)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    unsigned char flags = FD_PIPE | ((mode & MSVCRT_O_BINARY) ? 0 : FD_TEXT);
    if (mode & MSVCRT_O_NOINHERIT)
        flags |= FD_NOINHERIT;
    int fr = alloc_fd(r, flags, 0);
    int fw = fr < 0 ? -1 : alloc_fd(w, flags, 0);
    if (fw < 0) {
        if (fr >= 0)
            MSVCRT__close(fr);
        else
            CloseHandle(r);
        CloseHandle(w);
        return -1;
    }
    pfds[0] = fr;
    pfds[1] = fw;
    return 0;
}

int CDECL MSVCRT__umask(int mask)
{
    int old = umask_value;
    umask_value = mask;
    return old;
}

/* ---- attributes and times ---- */

int CDECL MSVCRT__wchmod(const WCHAR *path, int mode)
{
    DWORD attrs = path ? GetFileAttributesW(path) : INVALID_FILE_ATTRIBUTES;
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        if (!path)
            msvcrt_errno = MSVCRT_EINVAL;
        else
            msvcrt_set_errno(GetLastError());
        return -1;
    }
    /* only the write permission maps to something: the read-only attribute */
    DWORD n = (mode & S_IWRITE_) ? attrs & ~FILE_ATTRIBUTE_READONLY : attrs | FILE_ATTRIBUTE_READONLY;
    if (n != attrs && !SetFileAttributesW(path, n)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__chmod(const char *path, int mode)
{
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int r = MSVCRT__wchmod(w, mode);
    MSVCRT_free(w);
    return r;
}

struct MSVCRT__utimbuf64 {
    int64_t actime;
    int64_t modtime;
};

static void time_to_filetime(int64_t t, FILETIME *ft)
{
    uint64_t v = (uint64_t)t * 10000000 + 116444736000000000ull;
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

static int set_times(HANDLE h, const struct MSVCRT__utimbuf64 *t)
{
    FILETIME at, mt;
    if (t) {
        time_to_filetime(t->actime, &at);
        time_to_filetime(t->modtime, &mt);
    } else {
        GetSystemTimeAsFileTime(&at);
        mt = at;
    }
    if (!SetFileTime(h, NULL, &at, &mt)) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    return 0;
}

int CDECL MSVCRT__futime64(int fd, struct MSVCRT__utimbuf64 *t)
{
    struct fdinfo *info = get_fd(fd);
    return info ? set_times(info->handle, t) : -1;
}

int CDECL MSVCRT__wutime64(const WCHAR *path, struct MSVCRT__utimbuf64 *t)
{
    if (!path) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    HANDLE h =
        CreateFileW(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        msvcrt_set_errno(GetLastError());
        return -1;
    }
    int r = set_times(h, t);
    CloseHandle(h);
    return r;
}

int CDECL MSVCRT__utime64(const char *path, struct MSVCRT__utimbuf64 *t)
{
    WCHAR *w = msvcrt_strdup_a_to_w(path);
    if (!w)
        return -1;
    int r = MSVCRT__wutime64(w, t);
    MSVCRT_free(w);
    return r;
}
