/*
 * Buffered streams (stdio.h) over the CRT fds of file.c. The FILE structure is msvcrt's 48-byte
 * struct _iobuf because mingw-w64's headers and some programs look inside it; stdin, stdout and stderr
 * are _iob[0..2]. Text-mode translation happens below, in _read/_write, as in msvcrt.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include "printf_engine.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define STREAM_BUFSIZ 4096
#define MAX_STREAMS 512
#define IOB_COUNT 20
/* private _flag bit: a stream on a character device is flushed at the end of every call, which is
 * what msvcrt's temporary buffering of stdout/stderr on a console amounts to. */
#define IO_AUTOFLUSH 0x10000

/* msvcrt's layout for streams beyond _iob (its _FILEX): mingw-w64's _lock_file enters the critical
 * section that follows the FILE directly, and takes _lock(16 + index) for the _iob streams. */
struct stream {
    MSVCRT_FILE file;
    CRITICAL_SECTION cs;
};
C_ASSERT(offsetof(struct stream, cs) == 0x30);
#define IOB_LOCK_BASE 16

MSVCRT_FILE MSVCRT__iob[IOB_COUNT];
static MSVCRT_FILE *streams[MAX_STREAMS];
static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_iob(MSVCRT_FILE *f)
{
    return f >= MSVCRT__iob && f < MSVCRT__iob + IOB_COUNT;
}

static void lock_stream(MSVCRT_FILE *f)
{
    msvcrt_ensure_init();
    if (f->_flag & MSVCRT__IOSTRG)
        return;
    if (is_iob(f))
        MSVCRT__lock(IOB_LOCK_BASE + (f - MSVCRT__iob));
    else
        EnterCriticalSection(&((struct stream *)f)->cs);
}

static void unlock_stream(MSVCRT_FILE *f)
{
    if (f->_flag & MSVCRT__IOSTRG)
        return;
    if (is_iob(f))
        MSVCRT__unlock(IOB_LOCK_BASE + (f - MSVCRT__iob));
    else
        LeaveCriticalSection(&((struct stream *)f)->cs);
}

void CDECL MSVCRT__lock_file(MSVCRT_FILE *f)
{
    lock_stream(f);
}

void CDECL MSVCRT__unlock_file(MSVCRT_FILE *f)
{
    unlock_stream(f);
}

void msvcrt_init_stdio(void)
{
    for (int i = 0; i < 3; i++) {
        MSVCRT_FILE *f = &MSVCRT__iob[i];
        memset(f, 0, sizeof(*f));
        f->_file = i;
        f->_flag = i == 0 ? MSVCRT__IOREAD : MSVCRT__IOWRT;
        /* stderr, and stdout on a console, are flushed at the end of every call, like msvcrt's
         * temporary buffering; their _flag shows no _IONBF, as on Windows. */
        if (i == 2 || (i == 1 && MSVCRT__isatty(1)))
            f->_flag |= IO_AUTOFLUSH;
        streams[i] = f;
    }
}

MSVCRT_FILE *CDECL MSVCRT___iob_func(void)
{
    msvcrt_ensure_init();
    return MSVCRT__iob;
}

static MSVCRT_FILE *alloc_stream(void)
{
    MSVCRT_FILE *ret = NULL;
    pthread_mutex_lock(&streams_lock);
    for (int i = 3; i < MAX_STREAMS; i++) {
        if (streams[i] && streams[i]->_flag)
            continue;
        if (!streams[i]) {
            if (i < IOB_COUNT)
                streams[i] = &MSVCRT__iob[i];
            else {
                struct stream *s = calloc(1, sizeof(*s));
                if (!s)
                    break;
                InitializeCriticalSection(&s->cs);
                streams[i] = &s->file;
            }
        }
        ret = streams[i];
        memset(ret, 0, sizeof(*ret));
        ret->_flag = 0x8000; /* reserved until the caller sets the real flags */
        break;
    }
    pthread_mutex_unlock(&streams_lock);
    if (!ret)
        msvcrt_errno = MSVCRT_EMFILE;
    return ret;
}

static int alloc_buffer(MSVCRT_FILE *f)
{
    if (f->_base)
        return 1;
    if (!(f->_flag & MSVCRT__IONBF)) {
        f->_base = MSVCRT_calloc(1, STREAM_BUFSIZ);
        if (f->_base) {
            f->_bufsiz = STREAM_BUFSIZ;
            f->_flag |= MSVCRT__IOMYBUF;
            f->_ptr = f->_base;
            f->_cnt = 0;
            return 1;
        }
        f->_flag |= MSVCRT__IONBF;
    }
    f->_base = (char *)&f->_charbuf;
    f->_bufsiz = 1;
    f->_ptr = f->_base;
    f->_cnt = 0;
    return 1;
}

/* Writes out pending output; returns 0 or EOF. */
static int flush_stream(MSVCRT_FILE *f)
{
    if ((f->_flag & (MSVCRT__IOWRT | MSVCRT__IOREAD)) == MSVCRT__IOWRT && f->_base) {
        int n = f->_ptr - f->_base;
        f->_ptr = f->_base;
        f->_cnt = (f->_flag & MSVCRT__IONBF) ? 0 : f->_bufsiz;
        if (n > 0 && MSVCRT__write(f->_file, f->_base, n) != n) {
            f->_flag |= MSVCRT__IOERR;
            return MSVCRT_EOF;
        }
        if (f->_flag & MSVCRT__IORW)
            f->_flag &= ~MSVCRT__IOWRT;
    }
    return 0;
}

/* Drops read-ahead data so the fd position and the stream agree (before a seek or a mode switch). */
static void discard_read_buffer(MSVCRT_FILE *f)
{
    if (f->_flag & MSVCRT__IOREAD) {
        f->_cnt = 0;
        f->_ptr = f->_base;
        if (f->_flag & MSVCRT__IORW)
            f->_flag &= ~MSVCRT__IOREAD;
    }
}

int CDECL MSVCRT_fflush(MSVCRT_FILE *f)
{
    if (!f)
        return MSVCRT__flushall() >= 0 ? 0 : MSVCRT_EOF;
    lock_stream(f);
    int r = flush_stream(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT__fflush_nolock(MSVCRT_FILE *f)
{
    return f ? flush_stream(f) : MSVCRT_fflush(NULL);
}

int CDECL MSVCRT__flushall(void)
{
    int count = 0;
    for (int i = 0; i < MAX_STREAMS; i++) {
        MSVCRT_FILE *f = streams[i];
        if (f && (f->_flag & (MSVCRT__IOREAD | MSVCRT__IOWRT | MSVCRT__IORW))) {
            lock_stream(f);
            if (f->_flag & MSVCRT__IOWRT)
                flush_stream(f);
            unlock_stream(f);
            count++;
        }
    }
    return count;
}

void msvcrt_flush_all_streams(void)
{
    MSVCRT__flushall();
}

static int switch_to_write(MSVCRT_FILE *f)
{
    if (f->_flag & MSVCRT__IOWRT) {
        if (!f->_base) {
            alloc_buffer(f);
            f->_ptr = f->_base;
            f->_cnt = (f->_flag & MSVCRT__IONBF) ? 0 : f->_bufsiz;
        }
        return 1;
    }
    if (!(f->_flag & MSVCRT__IORW) || (f->_flag & MSVCRT__IOREAD && f->_cnt && !(f->_flag & MSVCRT__IOEOF))) {
        if (!(f->_flag & MSVCRT__IORW)) {
            f->_flag |= MSVCRT__IOERR;
            msvcrt_errno = MSVCRT_EBADF;
            return 0;
        }
    }
    if (f->_flag & MSVCRT__IOREAD) {
        /* C requires a positioning call between reading and writing; be lenient like msvcrt. */
        if (f->_cnt)
            MSVCRT__lseeki64(f->_file, -(int64_t)f->_cnt, FILE_CURRENT);
        f->_flag &= ~(MSVCRT__IOREAD | MSVCRT__IOEOF);
    }
    f->_flag |= MSVCRT__IOWRT;
    alloc_buffer(f);
    f->_ptr = f->_base;
    f->_cnt = (f->_flag & MSVCRT__IONBF) ? 0 : f->_bufsiz;
    return 1;
}

static size_t write_stream(MSVCRT_FILE *f, const char *data, size_t len)
{
    size_t done = 0;
    if (!len)
        return 0;
    if (!switch_to_write(f))
        return 0;
    if (f->_flag & MSVCRT__IONBF) {
        int n = MSVCRT__write(f->_file, data, len);
        if (n < 0) {
            f->_flag |= MSVCRT__IOERR;
            return 0;
        }
        return n;
    }
    while (done < len) {
        if (f->_cnt <= 0 && flush_stream(f)) {
            return done;
        }
        if (!(f->_flag & MSVCRT__IOWRT))
            switch_to_write(f);
        /* Large writes with an empty buffer go straight to the fd. */
        if (f->_ptr == f->_base && len - done >= (size_t)f->_bufsiz) {
            size_t chunk = (len - done) - (len - done) % f->_bufsiz;
            int n = MSVCRT__write(f->_file, data + done, chunk);
            if (n < 0) {
                f->_flag |= MSVCRT__IOERR;
                return done;
            }
            done += n;
            if ((size_t)n < chunk)
                return done;
            continue;
        }
        size_t n = len - done;
        if (n > (size_t)f->_cnt)
            n = f->_cnt;
        memcpy(f->_ptr, data + done, n);
        f->_ptr += n;
        f->_cnt -= n;
        done += n;
    }
    return done;
}

static void end_call(MSVCRT_FILE *f)
{
    if ((f->_flag & IO_AUTOFLUSH) && (f->_flag & MSVCRT__IOWRT))
        flush_stream(f);
}

/* Temporary buffering of an unbuffered stream for the length of one call (msvcrt's _stbuf/_ftbuf), so
 * that one printf produces one write instead of one per piece. */
struct temp_buffer {
    int active;
    char *base, *ptr;
    int cnt, bufsiz;
    char data[1024];
};

static void temp_buffer_begin(MSVCRT_FILE *f, struct temp_buffer *tb)
{
    tb->active = 0;
    if (!(f->_flag & MSVCRT__IONBF) || (f->_flag & MSVCRT__IOSTRG) || !switch_to_write(f))
        return;
    tb->active = 1;
    tb->base = f->_base;
    tb->ptr = f->_ptr;
    tb->cnt = f->_cnt;
    tb->bufsiz = f->_bufsiz;
    f->_flag &= ~MSVCRT__IONBF;
    f->_base = f->_ptr = tb->data;
    f->_bufsiz = f->_cnt = sizeof(tb->data);
}

static void temp_buffer_end(MSVCRT_FILE *f, struct temp_buffer *tb)
{
    if (!tb->active)
        return;
    flush_stream(f);
    f->_flag |= MSVCRT__IONBF;
    f->_base = tb->base;
    f->_ptr = tb->ptr;
    f->_cnt = tb->cnt;
    f->_bufsiz = tb->bufsiz;
}

/* Refills the read buffer; returns the next byte or EOF. */
static int fill_buffer(MSVCRT_FILE *f)
{
    if (f->_flag & MSVCRT__IOSTRG) {
        f->_flag |= MSVCRT__IOEOF;
        return MSVCRT_EOF;
    }
    if (!(f->_flag & MSVCRT__IOREAD)) {
        if (!(f->_flag & MSVCRT__IORW)) {
            f->_flag |= MSVCRT__IOERR;
            msvcrt_errno = MSVCRT_EBADF;
            return MSVCRT_EOF;
        }
        if (f->_flag & MSVCRT__IOWRT) {
            if (flush_stream(f))
                return MSVCRT_EOF;
            f->_flag &= ~MSVCRT__IOWRT;
        }
        f->_flag |= MSVCRT__IOREAD;
    }
    alloc_buffer(f);
    /* Reading stdin interactively shows pending output first, as msvcrt does for consoles. */
    if (f == &MSVCRT__iob[0] && (MSVCRT__iob[1]._flag & IO_AUTOFLUSH))
        flush_stream(&MSVCRT__iob[1]);
    int n = MSVCRT__read(f->_file, f->_base, f->_bufsiz);
    if (n <= 0) {
        f->_flag |= n == 0 ? MSVCRT__IOEOF : MSVCRT__IOERR;
        f->_cnt = 0;
        return MSVCRT_EOF;
    }
    f->_ptr = f->_base + 1;
    f->_cnt = n - 1;
    return (unsigned char)f->_base[0];
}

static inline int getc_unlocked_(MSVCRT_FILE *f)
{
    if ((f->_flag & MSVCRT__IOREAD) && f->_cnt > 0) {
        f->_cnt--;
        return (unsigned char)*f->_ptr++;
    }
    return fill_buffer(f);
}

int CDECL MSVCRT__filbuf(MSVCRT_FILE *f)
{
    return fill_buffer(f);
}

int CDECL MSVCRT__flsbuf(int c, MSVCRT_FILE *f)
{
    char ch = (char)c;
    if (write_stream(f, &ch, 1) != 1)
        return MSVCRT_EOF;
    return c & 0xff;
}

static size_t read_stream(MSVCRT_FILE *f, char *dst, size_t len)
{
    size_t done = 0;
    while (done < len) {
        if ((f->_flag & MSVCRT__IOREAD) && f->_cnt > 0) {
            size_t n = len - done;
            if (n > (size_t)f->_cnt)
                n = f->_cnt;
            memcpy(dst + done, f->_ptr, n);
            f->_ptr += n;
            f->_cnt -= n;
            done += n;
            continue;
        }
        if (f->_flag & MSVCRT__IOEOF)
            break;
        /* large reads bypass the buffer, as msvcrt's fread does */
        if ((f->_flag & MSVCRT__IOREAD) && f->_base && len - done >= (size_t)f->_bufsiz &&
            !(f->_flag & MSVCRT__IOSTRG)) {
            unsigned int chunk = len - done > 0x40000000 ? 0x40000000 : (unsigned int)(len - done);
            int n = MSVCRT__read(f->_file, dst + done, chunk);
            if (n <= 0) {
                f->_flag |= n == 0 ? MSVCRT__IOEOF : MSVCRT__IOERR;
                break;
            }
            done += n;
            continue;
        }
        int c = fill_buffer(f);
        if (c == MSVCRT_EOF)
            break;
        dst[done++] = (char)c;
    }
    return done;
}

/* ---- opening and closing ---- */

static int parse_mode(const WCHAR *mode, int *oflags, int *sflags)
{
    int plus = 0;
    const WCHAR *m = mode;
    while (*m == ' ')
        m++;
    switch (*m++) {
    case 'r':
        *oflags = MSVCRT_O_RDONLY;
        *sflags = MSVCRT__IOREAD;
        break;
    case 'w':
        *oflags = MSVCRT_O_CREAT | MSVCRT_O_TRUNC | MSVCRT_O_WRONLY;
        *sflags = MSVCRT__IOWRT;
        break;
    case 'a':
        *oflags = MSVCRT_O_CREAT | MSVCRT_O_APPEND | MSVCRT_O_WRONLY;
        *sflags = MSVCRT__IOWRT;
        break;
    default:
        msvcrt_errno = MSVCRT_EINVAL;
        return 0;
    }
    for (; *m && *m != ','; m++) {
        switch (*m) {
        case '+':
            plus = 1;
            break;
        case 'b':
            *oflags = (*oflags & ~MSVCRT_O_TEXT) | MSVCRT_O_BINARY;
            break;
        case 't':
            *oflags = (*oflags & ~MSVCRT_O_BINARY) | MSVCRT_O_TEXT;
            break;
        case 'D':
            *oflags |= MSVCRT_O_TEMPORARY;
            break;
        case 'T':
            *oflags |= MSVCRT_O_SHORT_LIVED;
            break;
        case 'R':
            *oflags |= MSVCRT_O_RANDOM;
            break;
        case 'S':
            *oflags |= MSVCRT_O_SEQUENTIAL;
            break;
        case 'N':
            *oflags |= MSVCRT_O_NOINHERIT;
            break;
        case 'c':
        case 'n':
        case ' ':
            break;
        default:
            msvcrt_errno = MSVCRT_EINVAL;
            return 0;
        }
    }
    if (*m == ',')
        FIXME_ONCE("encoding in fopen mode %s ignored\n", debugstr_w(mode));
    if (plus) {
        *oflags = (*oflags & ~3) | MSVCRT_O_RDWR;
        *sflags = MSVCRT__IORW;
    }
    return 1;
}

static MSVCRT_FILE *open_stream_fd(int fd, int sflags)
{
    MSVCRT_FILE *f = alloc_stream();
    if (!f)
        return NULL;
    f->_file = fd;
    f->_flag = sflags;
    return f;
}

static MSVCRT_FILE *wfsopen(const WCHAR *path, const WCHAR *mode, int share)
{
    int oflags, sflags;
    if (!path || !mode) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    if (!parse_mode(mode, &oflags, &sflags))
        return NULL;
    int fd = MSVCRT__wsopen(path, oflags, share, 0x180 /* _S_IREAD | _S_IWRITE */);
    if (fd < 0)
        return NULL;
    MSVCRT_FILE *f = open_stream_fd(fd, sflags);
    if (!f)
        MSVCRT__close(fd);
    TRACE("%s %s -> %p\n", debugstr_w(path), debugstr_w(mode), f);
    return f;
}

static WCHAR *mode_to_w(const char *mode)
{
    return mode ? msvcrt_strdup_a_to_w(mode) : NULL;
}

MSVCRT_FILE *CDECL MSVCRT__wfsopen(const WCHAR *path, const WCHAR *mode, int share)
{
    return wfsopen(path, mode, share);
}

MSVCRT_FILE *CDECL MSVCRT__wfopen(const WCHAR *path, const WCHAR *mode)
{
    return wfsopen(path, mode, 0x40 /* _SH_DENYNO */);
}

MSVCRT_FILE *CDECL MSVCRT__fsopen(const char *path, const char *mode, int share)
{
    if (!path || !mode) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    WCHAR *wp = msvcrt_strdup_a_to_w(path), *wm = mode_to_w(mode);
    MSVCRT_FILE *f = NULL;
    if (wp && wm)
        f = wfsopen(wp, wm, share);
    MSVCRT_free(wp);
    MSVCRT_free(wm);
    return f;
}

MSVCRT_FILE *CDECL MSVCRT_fopen(const char *path, const char *mode)
{
    return MSVCRT__fsopen(path, mode, 0x40);
}

static int close_stream(MSVCRT_FILE *f)
{
    int r = 0;
    if (!(f->_flag & (MSVCRT__IOREAD | MSVCRT__IOWRT | MSVCRT__IORW))) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EOF;
    }
    if (f->_flag & MSVCRT__IOWRT)
        r = flush_stream(f);
    if (f->_flag & MSVCRT__IOMYBUF)
        MSVCRT_free(f->_base);
    if (MSVCRT__close(f->_file) < 0)
        r = MSVCRT_EOF;
    if (f->_tmpfname) {
        WCHAR *w = msvcrt_strdup_a_to_w(f->_tmpfname);
        if (w) {
            DeleteFileW(w);
            MSVCRT_free(w);
        }
        MSVCRT_free(f->_tmpfname);
    }
    int keep_std = f < MSVCRT__iob + 3 && f >= MSVCRT__iob;
    memset(f, 0, sizeof(*f));
    if (keep_std)
        f->_file = -1;
    return r;
}

int CDECL MSVCRT_fclose(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MSVCRT_EOF;
    }
    lock_stream(f);
    int r = close_stream(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT__fcloseall(void)
{
    int count = 0;
    for (int i = 3; i < MAX_STREAMS; i++) {
        MSVCRT_FILE *f = streams[i];
        if (f && (f->_flag & (MSVCRT__IOREAD | MSVCRT__IOWRT | MSVCRT__IORW))) {
            if (!MSVCRT_fclose(f))
                count++;
        }
    }
    return count;
}

MSVCRT_FILE *CDECL MSVCRT__wfdopen(int fd, const WCHAR *mode)
{
    int oflags, sflags;
    if (!mode) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    if (!parse_mode(mode, &oflags, &sflags))
        return NULL;
    if (MSVCRT__get_osfhandle(fd) == -1)
        return NULL;
    MSVCRT_FILE *f = open_stream_fd(fd, sflags);
    return f;
}

MSVCRT_FILE *CDECL MSVCRT__fdopen(int fd, const char *mode)
{
    WCHAR *wm = mode_to_w(mode);
    if (!wm) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    MSVCRT_FILE *f = MSVCRT__wfdopen(fd, wm);
    MSVCRT_free(wm);
    return f;
}

MSVCRT_FILE *CDECL MSVCRT_freopen(const char *path, const char *mode, MSVCRT_FILE *f)
{
    if (!f || !path || !mode) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    lock_stream(f);
    if (f->_flag & (MSVCRT__IOREAD | MSVCRT__IOWRT | MSVCRT__IORW))
        close_stream(f);
    WCHAR *wp = msvcrt_strdup_a_to_w(path), *wm = mode_to_w(mode);
    int oflags, sflags, fd = -1;
    if (wp && wm && parse_mode(wm, &oflags, &sflags))
        fd = MSVCRT__wsopen(wp, oflags, 0x40, 0x180);
    MSVCRT_free(wp);
    MSVCRT_free(wm);
    if (fd < 0) {
        unlock_stream(f);
        return NULL;
    }
    memset(f, 0, sizeof(*f));
    f->_file = fd;
    f->_flag = sflags;
    unlock_stream(f);
    return f;
}

int CDECL MSVCRT__fileno(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    return f->_file;
}

/* ---- byte I/O ---- */

size_t CDECL MSVCRT_fwrite(const void *ptr, size_t size, size_t count, MSVCRT_FILE *f)
{
    size_t total = size * count;
    if (!total)
        return 0;
    lock_stream(f);
    size_t done = write_stream(f, ptr, total);
    end_call(f);
    unlock_stream(f);
    return done / size;
}

size_t CDECL MSVCRT_fread(void *ptr, size_t size, size_t count, MSVCRT_FILE *f)
{
    size_t total = size * count;
    if (!total)
        return 0;
    lock_stream(f);
    size_t done = read_stream(f, ptr, total);
    unlock_stream(f);
    return done / size;
}

int CDECL MSVCRT_fputc(int c, MSVCRT_FILE *f)
{
    char ch = (char)c;
    lock_stream(f);
    int r = write_stream(f, &ch, 1) == 1 ? (c & 0xff) : MSVCRT_EOF;
    end_call(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT_putc(int c, MSVCRT_FILE *f)
{
    return MSVCRT_fputc(c, f);
}

int CDECL MSVCRT__fputchar(int c)
{
    return MSVCRT_fputc(c, &MSVCRT__iob[1]);
}

int CDECL MSVCRT_putchar(int c)
{
    return MSVCRT_fputc(c, &MSVCRT__iob[1]);
}

int CDECL MSVCRT_fgetc(MSVCRT_FILE *f)
{
    lock_stream(f);
    int c = getc_unlocked_(f);
    unlock_stream(f);
    return c;
}

int CDECL MSVCRT_getc(MSVCRT_FILE *f)
{
    return MSVCRT_fgetc(f);
}

int CDECL MSVCRT__fgetchar(void)
{
    return MSVCRT_fgetc(&MSVCRT__iob[0]);
}

int CDECL MSVCRT_getchar(void)
{
    return MSVCRT_fgetc(&MSVCRT__iob[0]);
}

int CDECL MSVCRT_ungetc(int c, MSVCRT_FILE *f)
{
    if (c == MSVCRT_EOF || !f)
        return MSVCRT_EOF;
    lock_stream(f);
    if (!(f->_flag & MSVCRT__IOREAD)) {
        if (!(f->_flag & MSVCRT__IORW) || (f->_flag & MSVCRT__IOWRT)) {
            unlock_stream(f);
            return MSVCRT_EOF;
        }
        f->_flag |= MSVCRT__IOREAD;
    }
    alloc_buffer(f);
    if (f->_ptr > f->_base) {
        f->_ptr--;
    } else if (f->_cnt < f->_bufsiz) {
        memmove(f->_base + 1, f->_base, f->_cnt);
        f->_ptr = f->_base;
    } else {
        unlock_stream(f);
        return MSVCRT_EOF;
    }
    *f->_ptr = (char)c;
    f->_cnt++;
    f->_flag &= ~MSVCRT__IOEOF;
    unlock_stream(f);
    return c & 0xff;
}

char *CDECL MSVCRT_fgets(char *s, int size, MSVCRT_FILE *f)
{
    int i = 0, c = 0;
    if (!s || size <= 0 || !f) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    lock_stream(f);
    while (i < size - 1) {
        c = getc_unlocked_(f);
        if (c == MSVCRT_EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    unlock_stream(f);
    if (!i && c == MSVCRT_EOF)
        return NULL;
    s[i] = 0;
    return s;
}

char *CDECL MSVCRT_gets(char *s)
{
    int i = 0, c;
    MSVCRT_FILE *f = &MSVCRT__iob[0];
    lock_stream(f);
    while ((c = getc_unlocked_(f)) != MSVCRT_EOF && c != '\n')
        s[i++] = (char)c;
    unlock_stream(f);
    if (c == MSVCRT_EOF && !i)
        return NULL;
    s[i] = 0;
    return s;
}

int CDECL MSVCRT_fputs(const char *s, MSVCRT_FILE *f)
{
    size_t len = strlen(s);
    lock_stream(f);
    int r = write_stream(f, s, len) == len ? 0 : MSVCRT_EOF;
    end_call(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT_puts(const char *s)
{
    MSVCRT_FILE *f = &MSVCRT__iob[1];
    size_t len = strlen(s);
    lock_stream(f);
    int r = (write_stream(f, s, len) == len && write_stream(f, "\n", 1) == 1) ? 0 : MSVCRT_EOF;
    end_call(f);
    unlock_stream(f);
    return r;
}

/* ---- wide characters ---- */

static int is_text_stream(MSVCRT_FILE *f)
{
    return !(f->_flag & MSVCRT__IOSTRG) && msvcrt_fd_is_text(f->_file);
}

static int putwc_unlocked(WCHAR wc, MSVCRT_FILE *f)
{
    if (!(f->_flag & MSVCRT__IOSTRG) && msvcrt_fd_is_unicode(f->_file))
        return write_stream(f, (const char *)&wc, 2) == 2 ? wc : MSVCRT_WEOF;
    if (is_text_stream(f)) {
        char mb[8];
        int n = msvcrt_wc_to_mb(wc, mb);
        if (n < 0) {
            msvcrt_errno = MSVCRT_EILSEQ;
            return MSVCRT_WEOF;
        }
        return write_stream(f, mb, n) == (size_t)n ? wc : MSVCRT_WEOF;
    }
    return write_stream(f, (const char *)&wc, 2) == 2 ? wc : MSVCRT_WEOF;
}

unsigned short CDECL MSVCRT_fputwc(unsigned short wc, MSVCRT_FILE *f)
{
    lock_stream(f);
    int r = putwc_unlocked(wc, f);
    end_call(f);
    unlock_stream(f);
    return r;
}

unsigned short CDECL MSVCRT_putwc(unsigned short wc, MSVCRT_FILE *f)
{
    return MSVCRT_fputwc(wc, f);
}

unsigned short CDECL MSVCRT_putwchar(unsigned short wc)
{
    return MSVCRT_fputwc(wc, &MSVCRT__iob[1]);
}

int CDECL MSVCRT_fputws(const WCHAR *s, MSVCRT_FILE *f)
{
    int r = 0;
    lock_stream(f);
    for (; *s; s++) {
        if (putwc_unlocked(*s, f) == MSVCRT_WEOF && *s != MSVCRT_WEOF) {
            r = MSVCRT_EOF;
            break;
        }
    }
    end_call(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT__putws(const WCHAR *s)
{
    static const WCHAR nl[] = {'\n', 0};
    if (MSVCRT_fputws(s, &MSVCRT__iob[1]))
        return MSVCRT_EOF;
    return MSVCRT_fputws(nl, &MSVCRT__iob[1]);
}

static int getwc_unlocked(MSVCRT_FILE *f)
{
    if (!(f->_flag & MSVCRT__IOSTRG) && msvcrt_fd_is_unicode(f->_file)) {
        int lo = getc_unlocked_(f), hi;
        if (lo == MSVCRT_EOF || (hi = getc_unlocked_(f)) == MSVCRT_EOF)
            return MSVCRT_WEOF;
        return lo | (hi << 8);
    }
    if (is_text_stream(f)) {
        /* "C" locale: one byte is one character */
        int c = getc_unlocked_(f);
        if (c == MSVCRT_EOF)
            return MSVCRT_WEOF;
        char ch = (char)c;
        uint16_t wc;
        msvcrt_mb_to_wc(&ch, 1, &wc);
        return wc;
    }
    int lo = getc_unlocked_(f);
    if (lo == MSVCRT_EOF)
        return MSVCRT_WEOF;
    int hi = getc_unlocked_(f);
    if (hi == MSVCRT_EOF)
        return MSVCRT_WEOF;
    return lo | (hi << 8);
}

unsigned short CDECL MSVCRT_fgetwc(MSVCRT_FILE *f)
{
    lock_stream(f);
    int r = getwc_unlocked(f);
    unlock_stream(f);
    return r;
}

unsigned short CDECL MSVCRT_getwc(MSVCRT_FILE *f)
{
    return MSVCRT_fgetwc(f);
}

unsigned short CDECL MSVCRT_getwchar(void)
{
    return MSVCRT_fgetwc(&MSVCRT__iob[0]);
}

unsigned short CDECL MSVCRT_ungetwc(unsigned short wc, MSVCRT_FILE *f)
{
    if (wc == MSVCRT_WEOF)
        return MSVCRT_WEOF;
    if (is_text_stream(f)) {
        char mb[8];
        int n = msvcrt_wc_to_mb(wc, mb);
        if (n != 1 || MSVCRT_ungetc((unsigned char)mb[0], f) == MSVCRT_EOF)
            return MSVCRT_WEOF;
        return wc;
    }
    lock_stream(f);
    if (MSVCRT_ungetc(wc >> 8, f) == MSVCRT_EOF || MSVCRT_ungetc(wc & 0xff, f) == MSVCRT_EOF) {
        unlock_stream(f);
        return MSVCRT_WEOF;
    }
    unlock_stream(f);
    return wc;
}

WCHAR *CDECL MSVCRT_fgetws(WCHAR *s, int size, MSVCRT_FILE *f)
{
    int i = 0, c = 0;
    if (!s || size <= 0)
        return NULL;
    lock_stream(f);
    while (i < size - 1) {
        c = getwc_unlocked(f);
        if (c == MSVCRT_WEOF)
            break;
        s[i++] = c;
        if (c == '\n')
            break;
    }
    unlock_stream(f);
    if (!i && c == MSVCRT_WEOF)
        return NULL;
    s[i] = 0;
    return s;
}

/* ---- positioning ---- */

static int64_t tell_stream(MSVCRT_FILE *f)
{
    int64_t pos = MSVCRT__lseeki64(f->_file, 0, FILE_CURRENT);
    if (pos < 0)
        return -1;
    int text = msvcrt_fd_is_text(f->_file);
    if ((f->_flag & MSVCRT__IOWRT) && f->_base) {
        int n = f->_ptr - f->_base;
        pos += n;
        if (text)
            for (int i = 0; i < n; i++)
                if (f->_base[i] == '\n')
                    pos++;
    } else if ((f->_flag & MSVCRT__IOREAD) && f->_cnt > 0) {
        pos -= f->_cnt;
        if (text)
            for (int i = 0; i < f->_cnt; i++)
                if (f->_ptr[i] == '\n')
                    pos--;
    }
    return pos;
}

int64_t CDECL MSVCRT__ftelli64(MSVCRT_FILE *f)
{
    lock_stream(f);
    int64_t r = tell_stream(f);
    unlock_stream(f);
    return r;
}

LONG CDECL MSVCRT_ftell(MSVCRT_FILE *f)
{
    int64_t r = MSVCRT__ftelli64(f);
    if (r > 0x7fffffff) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    return (LONG)r;
}

int CDECL MSVCRT__fseeki64(MSVCRT_FILE *f, int64_t offset, int whence)
{
    if (!f || whence < 0 || whence > 2) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    lock_stream(f);
    if (whence == FILE_CURRENT) {
        int64_t cur = tell_stream(f);
        if (cur < 0) {
            unlock_stream(f);
            return -1;
        }
        offset += cur;
        whence = FILE_BEGIN;
    }
    if (f->_flag & MSVCRT__IOWRT)
        flush_stream(f);
    discard_read_buffer(f);
    f->_flag &= ~MSVCRT__IOEOF;
    int r = MSVCRT__lseeki64(f->_file, offset, whence) < 0 ? -1 : 0;
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT_fseek(MSVCRT_FILE *f, LONG offset, int whence)
{
    return MSVCRT__fseeki64(f, offset, whence);
}

int CDECL MSVCRT_fgetpos(MSVCRT_FILE *f, int64_t *pos)
{
    *pos = MSVCRT__ftelli64(f);
    return *pos < 0 ? -1 : 0;
}

int CDECL MSVCRT_fsetpos(MSVCRT_FILE *f, const int64_t *pos)
{
    return MSVCRT__fseeki64(f, *pos, FILE_BEGIN);
}

void CDECL MSVCRT_rewind(MSVCRT_FILE *f)
{
    MSVCRT__fseeki64(f, 0, FILE_BEGIN);
    lock_stream(f);
    f->_flag &= ~(MSVCRT__IOERR | MSVCRT__IOEOF);
    unlock_stream(f);
}

int CDECL MSVCRT_feof(MSVCRT_FILE *f)
{
    return f->_flag & MSVCRT__IOEOF;
}

int CDECL MSVCRT_ferror(MSVCRT_FILE *f)
{
    return f->_flag & MSVCRT__IOERR;
}

void CDECL MSVCRT_clearerr(MSVCRT_FILE *f)
{
    lock_stream(f);
    f->_flag &= ~(MSVCRT__IOERR | MSVCRT__IOEOF);
    unlock_stream(f);
}

int CDECL MSVCRT_setvbuf(MSVCRT_FILE *f, char *buf, int mode, size_t size)
{
    if (!f || (mode != MSVCRT__IONBF && mode != MSVCRT__IOFBF && mode != MSVCRT__IOLBF) ||
        (mode != MSVCRT__IONBF && (size < 2 || size > 0x7fffffff))) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    lock_stream(f);
    if (f->_flag & MSVCRT__IOWRT)
        flush_stream(f);
    if (f->_flag & MSVCRT__IOMYBUF)
        MSVCRT_free(f->_base);
    f->_flag &= ~(MSVCRT__IONBF | MSVCRT__IOMYBUF | MSVCRT__USERBUF | IO_AUTOFLUSH);
    f->_cnt = 0;
    if (mode == MSVCRT__IONBF) {
        f->_flag |= MSVCRT__IONBF;
        f->_base = f->_ptr = (char *)&f->_charbuf;
        f->_bufsiz = 2;
    } else if (buf) {
        f->_flag |= MSVCRT__USERBUF;
        f->_base = f->_ptr = buf;
        f->_bufsiz = size & ~1;
    } else {
        f->_base = f->_ptr = MSVCRT_calloc(1, size);
        if (!f->_base) {
            f->_flag |= MSVCRT__IONBF;
            f->_base = f->_ptr = (char *)&f->_charbuf;
            f->_bufsiz = 2;
        } else {
            f->_flag |= MSVCRT__IOMYBUF;
            f->_bufsiz = size;
        }
    }
    if ((f->_flag & MSVCRT__IOWRT) && !(f->_flag & MSVCRT__IONBF))
        f->_cnt = f->_bufsiz;
    /* msvcrt's _IOLBF is full buffering; nothing more to do for it. */
    unlock_stream(f);
    return 0;
}

void CDECL MSVCRT_setbuf(MSVCRT_FILE *f, char *buf)
{
    MSVCRT_setvbuf(f, buf, buf ? MSVCRT__IOFBF : MSVCRT__IONBF, MSVCRT_BUFSIZ);
}

/* ---- formatted output ---- */

static unsigned int output_format; /* PF_TWO_DIGIT_EXPONENT is msvcrt's _TWO_DIGIT_EXPONENT (1) */

unsigned int CDECL MSVCRT__get_output_format(void)
{
    return output_format;
}

unsigned int CDECL MSVCRT__set_output_format(unsigned int format)
{
    unsigned int old = output_format;
    output_format = format & PF_TWO_DIGIT_EXPONENT;
    return old;
}

static int64_t ms_next_int(void *ctx)
{
    return __builtin_va_arg(*(__ms_va_list *)ctx, int64_t);
}

static double ms_next_double(void *ctx)
{
    return __builtin_va_arg(*(__ms_va_list *)ctx, double);
}

static int stream_sink_write(void *ctx, const void *data, int len)
{
    return write_stream(ctx, data, len) == (size_t)len ? 0 : -1;
}

static int stream_wsink_write(void *ctx, const void *data, int len)
{
    const WCHAR *w = data;
    for (int i = 0; i < len; i++)
        if (putwc_unlocked(w[i], ctx) == MSVCRT_WEOF && w[i] != MSVCRT_WEOF)
            return -1;
    return 0;
}

static int vfprintf_common(MSVCRT_FILE *f, const void *fmt, int wide, __ms_va_list ap)
{
    struct pf_sink sink = {wide ? stream_wsink_write : stream_sink_write,
                           f,
                           wide,
                           msvcrt_wc_to_mb,
                           msvcrt_mb_to_wc,
                           output_format};
    struct pf_args args = {ms_next_int, ms_next_double, &ap};
    if (!f || !fmt) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    struct temp_buffer tb;
    lock_stream(f);
    temp_buffer_begin(f, &tb);
    int r = pf_format(&sink, fmt, wide, &args);
    temp_buffer_end(f, &tb);
    end_call(f);
    unlock_stream(f);
    return r;
}

int CDECL MSVCRT_vfprintf(MSVCRT_FILE *f, const char *fmt, __ms_va_list ap)
{
    return vfprintf_common(f, fmt, 0, ap);
}

int CDECL MSVCRT_vfwprintf(MSVCRT_FILE *f, const WCHAR *fmt, __ms_va_list ap)
{
    return vfprintf_common(f, fmt, 1, ap);
}

int CDECL MSVCRT_vprintf(const char *fmt, __ms_va_list ap)
{
    return vfprintf_common(&MSVCRT__iob[1], fmt, 0, ap);
}

int CDECL MSVCRT_vwprintf(const WCHAR *fmt, __ms_va_list ap)
{
    return vfprintf_common(&MSVCRT__iob[1], fmt, 1, ap);
}

int CDECL MSVCRT_fprintf(MSVCRT_FILE *f, const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vfprintf_common(f, fmt, 0, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_fwprintf(MSVCRT_FILE *f, const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vfprintf_common(f, fmt, 1, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_printf(const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vfprintf_common(&MSVCRT__iob[1], fmt, 0, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_wprintf(const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vfprintf_common(&MSVCRT__iob[1], fmt, 1, ap);
    __ms_va_end(ap);
    return r;
}

/* String output: at most `limit` characters are stored (-1: unlimited); `total` counts them all. */
struct str_sink {
    char *buf;
    size_t limit;
    size_t total;
    int wide;
};

static int str_sink_write(void *ctx, const void *data, int len)
{
    struct str_sink *s = ctx;
    size_t unit = s->wide ? 2 : 1;
    if (s->buf && s->total < s->limit) {
        size_t n = s->limit - s->total;
        if (n > (size_t)len)
            n = len;
        memcpy(s->buf + s->total * unit, data, n * unit);
    }
    s->total += len;
    return 0;
}

/* _vsnprintf rules: the result fits -> terminated, length returned; exactly fills the buffer -> no
 * terminator, length returned; too long -> truncated, -1. */
static int vsnprintf_common(void *buf, size_t count, const void *fmt, int wide, __ms_va_list ap)
{
    struct str_sink s = {buf, count, 0, wide};
    struct pf_sink sink = {str_sink_write, &s, wide, msvcrt_wc_to_mb, msvcrt_mb_to_wc, output_format};
    struct pf_args args = {ms_next_int, ms_next_double, &ap};
    if (!fmt) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    int r = pf_format(&sink, fmt, wide, &args);
    if (r < 0)
        return -1;
    if (buf && s.total < count) {
        if (wide)
            ((WCHAR *)buf)[s.total] = 0;
        else
            ((char *)buf)[s.total] = 0;
    }
    if (buf && s.total > count)
        return -1;
    return r;
}

int CDECL MSVCRT__vsnprintf(char *buf, size_t count, const char *fmt, __ms_va_list ap)
{
    return vsnprintf_common(buf, count, fmt, 0, ap);
}

int CDECL MSVCRT__vsnwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, __ms_va_list ap)
{
    return vsnprintf_common(buf, count, fmt, 1, ap);
}

int CDECL MSVCRT_vsprintf(char *buf, const char *fmt, __ms_va_list ap)
{
    return vsnprintf_common(buf, (size_t)-1 / 2, fmt, 0, ap);
}

int CDECL MSVCRT_vswprintf(WCHAR *buf, const WCHAR *fmt, __ms_va_list ap)
{
    return vsnprintf_common(buf, (size_t)-1 / 4, fmt, 1, ap);
}

int CDECL MSVCRT__vscprintf(const char *fmt, __ms_va_list ap)
{
    return vsnprintf_common(NULL, 0, fmt, 0, ap);
}

int CDECL MSVCRT__vscwprintf(const WCHAR *fmt, __ms_va_list ap)
{
    return vsnprintf_common(NULL, 0, fmt, 1, ap);
}

int CDECL MSVCRT__snprintf(char *buf, size_t count, const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(buf, count, fmt, 0, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT__snwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(buf, count, fmt, 1, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT_sprintf(char *buf, const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(buf, (size_t)-1 / 2, fmt, 0, ap);
    __ms_va_end(ap);
    return r;
}

/* msvcrt.dll's swprintf is the pre-C99 one without a count. */
int CDECL MSVCRT_swprintf(WCHAR *buf, const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(buf, (size_t)-1 / 4, fmt, 1, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT__scprintf(const char *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(NULL, 0, fmt, 0, ap);
    __ms_va_end(ap);
    return r;
}

int CDECL MSVCRT__scwprintf(const WCHAR *fmt, ...)
{
    __ms_va_list ap;
    __ms_va_start(ap, fmt);
    int r = vsnprintf_common(NULL, 0, fmt, 1, ap);
    __ms_va_end(ap);
    return r;
}

/* ---- errors ---- */

void CDECL MSVCRT_perror(const char *s)
{
    MSVCRT_FILE *f = &MSVCRT__iob[2];
    const char *msg = MSVCRT_strerror(msvcrt_errno);
    lock_stream(f);
    if (s && *s) {
        write_stream(f, s, strlen(s));
        write_stream(f, ": ", 2);
    }
    write_stream(f, msg, strlen(msg));
    write_stream(f, "\n", 1);
    end_call(f);
    unlock_stream(f);
}

/* ---- unlocked reads for scanf.c ---- */

int msvcrt_stream_getc(MSVCRT_FILE *f)
{
    return getc_unlocked_(f);
}

int msvcrt_stream_getwc(MSVCRT_FILE *f)
{
    return getwc_unlocked(f);
}
