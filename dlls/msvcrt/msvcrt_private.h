/*
 * Interfaces shared between the source files of msvcrt only.
 * Exported functions are ms_abi (CDECL) and carry an MSVCRT_ prefix in C so they never clash with the
 * host libc that this .so also links against; msvcrt.spec maps the Windows names to them.
 */
#ifndef ORIEL_MSVCRT_PRIVATE_H
#define ORIEL_MSVCRT_PRIVATE_H

#include <stdint.h>
#include <windows.h>

/* ---- kernel32 entry points msvcrt calls ----
 * Declared here under private C names bound to the kernel32 symbols with asm labels, so msvcrt does
 * not depend on the order in which the kernel32 helpers add prototypes and structures to winbase.h.
 * Structures we need are passed as void * or small local mirrors of the SDK layout. */
#define K32(ret, name, args) WINBASEAPI ret WINAPI k32_##name args __asm__(#name)
K32(HANDLE, GetStdHandle, (DWORD id));
K32(BOOL, WriteFile, (HANDLE h, const void *buf, DWORD len, DWORD *written, void *overlapped));
K32(BOOL, ReadFile, (HANDLE h, void *buf, DWORD len, DWORD *read, void *overlapped));
K32(HANDLE, CreateFileW,
    (const WCHAR *name, DWORD access, DWORD share, void *sa, DWORD disposition, DWORD flags, HANDLE tmpl));
K32(BOOL, CloseHandle, (HANDLE h));
K32(BOOL, SetFilePointerEx, (HANDLE h, LARGE_INTEGER dist, LARGE_INTEGER *newpos, DWORD method));
K32(DWORD, GetFileType, (HANDLE h));
K32(BOOL, GetFileSizeEx, (HANDLE h, LARGE_INTEGER *size));
K32(BOOL, GetFileTime, (HANDLE h, FILETIME *creation, FILETIME *access, FILETIME *write));
K32(DWORD, GetFileAttributesW, (const WCHAR *name));
K32(BOOL, FlushFileBuffers, (HANDLE h));
K32(BOOL, SetEndOfFile, (HANDLE h));
K32(BOOL, DeleteFileW, (const WCHAR *name));
K32(BOOL, MoveFileExW, (const WCHAR *from, const WCHAR *to, DWORD flags));
K32(BOOL, DuplicateHandle,
    (HANDLE src_process, HANDLE src, HANDLE dst_process, HANDLE *dst, DWORD access, BOOL inherit,
     DWORD options));
K32(HANDLE, GetCurrentProcess, (void));
K32(DWORD, GetCurrentProcessId, (void));
K32(LPSTR, GetCommandLineA, (void));
K32(LPWSTR, GetCommandLineW, (void));
K32(LPWSTR, GetEnvironmentStringsW, (void));
K32(BOOL, FreeEnvironmentStringsW, (LPWSTR env));
K32(BOOL, SetEnvironmentVariableW, (const WCHAR *name, const WCHAR *value));
K32(DECLSPEC_NORETURN void, ExitProcess, (UINT code));
K32(BOOL, TerminateProcess, (HANDLE process, UINT code));
K32(int, MultiByteToWideChar, (UINT cp, DWORD flags, const char *src, int srclen, WCHAR *dst, int dstlen));
K32(int, WideCharToMultiByte,
    (UINT cp, DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen, const char *def, BOOL *used));
K32(void, GetSystemTimeAsFileTime, (FILETIME * ft));
K32(BOOL, QueryPerformanceCounter, (LARGE_INTEGER * count));
K32(BOOL, QueryPerformanceFrequency, (LARGE_INTEGER * freq));
K32(DWORD, GetModuleFileNameA, (HMODULE module, char *name, DWORD size));
K32(DWORD, GetModuleFileNameW, (HMODULE module, WCHAR *name, DWORD size));
K32(HMODULE, GetModuleHandleW, (const WCHAR *name));
K32(FARPROC, GetProcAddress, (HMODULE module, const char *name));
K32(void, Sleep, (DWORD ms));
K32(void, InitializeCriticalSection, (CRITICAL_SECTION * cs));
K32(void, EnterCriticalSection, (CRITICAL_SECTION * cs));
K32(void, LeaveCriticalSection, (CRITICAL_SECTION * cs));
K32(void, DeleteCriticalSection, (CRITICAL_SECTION * cs));
/* for declarations local to one file */
#define K32_DECL K32

#ifndef FILE_TYPE_UNKNOWN
#define FILE_TYPE_UNKNOWN 0x0000
#define FILE_TYPE_DISK 0x0001
#define FILE_TYPE_CHAR 0x0002
#define FILE_TYPE_PIPE 0x0003
#endif
#define MSVCRT_FILE_BEGIN 0
#define MSVCRT_FILE_CURRENT 1
#define MSVCRT_FILE_END 2
#define MSVCRT_INVALID_FILE_ATTRIBUTES ((DWORD)-1)
#define MSVCRT_FILE_ATTRIBUTE_READONLY 0x01
#define MSVCRT_FILE_ATTRIBUTE_DIRECTORY 0x10
#define MSVCRT_CP_ACP 0

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

/* ---- heap.c ---- */
void *CDECL MSVCRT_malloc(size_t size);
void *CDECL MSVCRT_calloc(size_t count, size_t size);
void *CDECL MSVCRT_realloc(void *ptr, size_t size);
void CDECL MSVCRT_free(void *ptr);

/* ---- ctype.c (the "C" locale) ---- */
int msvcrt_mb_to_wc(const char *s, int avail, uint16_t *out); /* printf engine callbacks */
int msvcrt_wc_to_mb(uint16_t wc, char *out);
/* Narrow string -> freshly malloc'ed wide string through the ANSI code page (file names). */
WCHAR *msvcrt_strdup_a_to_w(const char *s);

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

/* ---- startup.c / data.c ---- */
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
