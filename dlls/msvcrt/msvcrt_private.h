/*
 * Interfaces shared between the source files of msvcrt only.
 * Exported functions are ms_abi (CDECL) and carry an MSVCRT_ prefix in C so they never clash with the
 * host libc that this .so also links against; msvcrt.spec maps the Windows names to them.
 */
#ifndef ORIEL_MSVCRT_PRIVATE_H
#define ORIEL_MSVCRT_PRIVATE_H

#include <stdint.h>
#include <windows.h>

/* ---- errno values (msvcrt's, which are not all the host's) ---- */
#define MSVCRT_EPERM 1
#define MSVCRT_ENOENT 2
#define MSVCRT_ESRCH 3
#define MSVCRT_EINTR 4
#define MSVCRT_EIO 5
#define MSVCRT_ENXIO 6
#define MSVCRT_E2BIG 7
#define MSVCRT_ENOEXEC 8
#define MSVCRT_EBADF 9
#define MSVCRT_ECHILD 10
#define MSVCRT_EAGAIN 11
#define MSVCRT_ENOMEM 12
#define MSVCRT_EACCES 13
#define MSVCRT_EFAULT 14
#define MSVCRT_EBUSY 16
#define MSVCRT_EEXIST 17
#define MSVCRT_EXDEV 18
#define MSVCRT_ENODEV 19
#define MSVCRT_ENOTDIR 20
#define MSVCRT_EISDIR 21
#define MSVCRT_EINVAL 22
#define MSVCRT_ENFILE 23
#define MSVCRT_EMFILE 24
#define MSVCRT_ENOTTY 25
#define MSVCRT_EFBIG 27
#define MSVCRT_ENOSPC 28
#define MSVCRT_ESPIPE 29
#define MSVCRT_EROFS 30
#define MSVCRT_EMLINK 31
#define MSVCRT_EPIPE 32
#define MSVCRT_EDOM 33
#define MSVCRT_ERANGE 34
#define MSVCRT_EDEADLK 36
#define MSVCRT_ENAMETOOLONG 38
#define MSVCRT_ENOLCK 39
#define MSVCRT_ENOSYS 40
#define MSVCRT_ENOTEMPTY 41
#define MSVCRT_EILSEQ 42

/* ---- time.c ---- */
struct MSVCRT_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

/* ---- string.c ---- */
/* Per-thread CRT state. Reached only through msvcrt_thread_data(), a plain SysV function: an ms_abi
 * function that touches a __thread variable directly calls __tls_get_addr without saving the
 * registers the Windows ABI wants preserved (rsi, rdi, xmm6-15), which corrupts the caller. */
struct msvcrt_thread_data {
    int errno_value;
    ULONG doserrno;
    char *strtok_next;
    WCHAR *wcstok_next;
    unsigned int rand_state;
    int fpecode;
    struct MSVCRT_tm tm;
    char asctime_buf[64];
    char strerror_buf[256];
    EXCEPTION_RECORD longjmp_rec;
};
struct msvcrt_thread_data *msvcrt_thread_data(void) __attribute__((noinline, noipa));

int *CDECL MSVCRT__errno(void);
ULONG *CDECL MSVCRT___doserrno(void);
#define msvcrt_errno (*MSVCRT__errno())
/* Sets errno (and _doserrno) from a Win32 error code the way msvcrt maps them. */
void msvcrt_set_errno(DWORD win32_error);
size_t msvcrt_wcslen(const WCHAR *s);
int CDECL MSVCRT__stricmp(const char *a, const char *b);
int CDECL MSVCRT__strnicmp(const char *a, const char *b, size_t n);
int CDECL MSVCRT_wcscmp(const WCHAR *a, const WCHAR *b);
int CDECL MSVCRT__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n);
char *CDECL MSVCRT__strdup(const char *s);
WCHAR *CDECL MSVCRT__wcsdup(const WCHAR *s);
char *CDECL MSVCRT__itoa(int v, char *buf, int radix);
char *CDECL MSVCRT__i64toa(int64_t v, char *buf, int radix);
char *CDECL MSVCRT_strerror(int err);

/* ---- heap.c ---- */
void *CDECL MSVCRT_malloc(size_t size);
void *CDECL MSVCRT_calloc(size_t count, size_t size);
void *CDECL MSVCRT_realloc(void *ptr, size_t size);
void CDECL MSVCRT_free(void *ptr);
int CDECL MSVCRT__set_new_mode(int mode);

/* ---- ctype.c (the "C" locale) ---- */
int msvcrt_mb_to_wc(const char *s, int avail, uint16_t *out); /* printf engine callbacks */
int msvcrt_wc_to_mb(uint16_t wc, char *out);
/* Narrow string -> freshly malloc'ed wide string through the ANSI code page (file names). */
WCHAR *msvcrt_strdup_a_to_w(const char *s);
/* Wide string -> freshly malloc'ed ANSI code page string; NULL on failure, errno left alone. */
char *msvcrt_strdup_w_to_a(const WCHAR *w);

/* ---- file.c (low-level I/O on CRT file descriptors) ---- */
#define MSVCRT_O_RDONLY 0x0000
#define MSVCRT_O_WRONLY 0x0001
#define MSVCRT_O_RDWR 0x0002
#define MSVCRT_O_APPEND 0x0008
#define MSVCRT_O_RANDOM 0x0010
#define MSVCRT_O_SEQUENTIAL 0x0020
#define MSVCRT_O_TEMPORARY 0x0040
#define MSVCRT_O_NOINHERIT 0x0080
#define MSVCRT_O_CREAT 0x0100
#define MSVCRT_O_TRUNC 0x0200
#define MSVCRT_O_EXCL 0x0400
#define MSVCRT_O_SHORT_LIVED 0x1000
#define MSVCRT_O_TEXT 0x4000
#define MSVCRT_O_BINARY 0x8000
#define MSVCRT_O_WTEXT 0x10000
#define MSVCRT_O_U16TEXT 0x20000
#define MSVCRT_O_U8TEXT 0x40000

int CDECL MSVCRT__write(int fd, const void *buf, unsigned int count);
int CDECL MSVCRT__read(int fd, void *buf, unsigned int count);
int CDECL MSVCRT__close(int fd);
int64_t CDECL MSVCRT__lseeki64(int fd, int64_t offset, int whence);
int CDECL MSVCRT__isatty(int fd);
int CDECL MSVCRT__wopen(const WCHAR *path, int flags, ...);
int CDECL MSVCRT__wsopen(const WCHAR *path, int oflags, int shflags, ...);
intptr_t CDECL MSVCRT__get_osfhandle(int fd);
void msvcrt_init_io(void);
int msvcrt_fd_is_text(int fd);
int msvcrt_fd_is_device(int fd);
/* a text-mode fd in _O_WTEXT/_O_U16TEXT/_O_U8TEXT: streams hand it UTF-16 units */
int msvcrt_fd_is_unicode(int fd);
int msvcrt_fd_at_eof(int fd);

/* ---- stdio.c ---- */
typedef struct MSVCRT__iobuf {
    char *_ptr;
    int _cnt;
    char *_base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char *_tmpfname;
} MSVCRT_FILE;
C_ASSERT(sizeof(MSVCRT_FILE) == 48);

#define MSVCRT_EOF (-1)
#define MSVCRT_WEOF 0xffff
#define MSVCRT_BUFSIZ 512
#define MSVCRT__IOREAD 0x0001
#define MSVCRT__IOWRT 0x0002
#define MSVCRT__IONBF 0x0004
#define MSVCRT__IOMYBUF 0x0008
#define MSVCRT__IOEOF 0x0010
#define MSVCRT__IOERR 0x0020
#define MSVCRT__IOSTRG 0x0040
#define MSVCRT__IORW 0x0080
#define MSVCRT__USERBUF 0x0100
#define MSVCRT__IOFBF 0x0000
#define MSVCRT__IOLBF 0x0040

extern MSVCRT_FILE MSVCRT__iob[];
int CDECL MSVCRT__flushall(void);
int CDECL MSVCRT_fflush(MSVCRT_FILE *file);
void msvcrt_init_stdio(void);
/* Flushes every stream; at exit or DLL_PROCESS_DETACH. */
void msvcrt_flush_all_streams(void);
/* Next byte / wide character of a stream the caller has locked; EOF / WEOF at the end. */
int msvcrt_stream_getc(MSVCRT_FILE *f);
int msvcrt_stream_getwc(MSVCRT_FILE *f);
void CDECL MSVCRT__lock_file(MSVCRT_FILE *f);
void CDECL MSVCRT__unlock_file(MSVCRT_FILE *f);
int CDECL MSVCRT_ungetc(int c, MSVCRT_FILE *f);
unsigned short CDECL MSVCRT_ungetwc(unsigned short wc, MSVCRT_FILE *f);
int CDECL MSVCRT_fprintf(MSVCRT_FILE *f, const char *fmt, ...);
int CDECL MSVCRT__vsnprintf(char *buf, size_t count, const char *fmt, __ms_va_list ap);
int CDECL MSVCRT__vsnwprintf(WCHAR *buf, size_t count, const WCHAR *fmt, __ms_va_list ap);
int CDECL MSVCRT__vscprintf(const char *fmt, __ms_va_list ap);
MSVCRT_FILE *CDECL MSVCRT__wfopen(const WCHAR *path, const WCHAR *mode);

/* ---- startup.c / data.c ---- */
DECLSPEC_NORETURN void CDECL MSVCRT__exit(int code);
void msvcrt_init_cmdline(void);
DECLSPEC_NORETURN void CDECL MSVCRT_abort(void);
void CDECL MSVCRT__invalid_parameter(const WCHAR *expr, const WCHAR *func, const WCHAR *file,
                                     unsigned int line, uintptr_t arg);
extern char **MSVCRT__environ;
extern WCHAR **MSVCRT__wenviron;
extern int MSVCRT___argc;
extern char **MSVCRT___argv;
extern WCHAR **MSVCRT___wargv;
extern char *MSVCRT__acmdln;
extern WCHAR *MSVCRT__wcmdln;
extern unsigned int MSVCRT__fmode;
extern unsigned int MSVCRT__commode;
void msvcrt_init_environ(void);
void msvcrt_init_clock(void);
/* Initialises the CRT's process state once (DllMain or the first call that needs it). */
void msvcrt_ensure_init(void);
void CDECL MSVCRT__lock(int locknum);
void CDECL MSVCRT__unlock(int locknum);
#define MSVCRT_LOCK_ENV 7
#define MSVCRT_LOCK_IOB 1
#define MSVCRT_LOCK_EXIT 13
#define MSVCRT_LOCK_MAX 36
/* Splits a command line as msvcrt does; returns argc and a malloc'ed argv (one block). */
int msvcrt_split_cmdline_a(const char *cmd, char ***argv_out);
int msvcrt_split_cmdline_w(const WCHAR *cmd, WCHAR ***argv_out);
void CDECL MSVCRT__amsg_exit(int errnum);

#endif /* ORIEL_MSVCRT_PRIVATE_H */
