/*
 * msvcrt low-level I/O: fds over Win32 handles, text-mode translation in _read/_write, stat, access,
 * dup, unlink and rename.
 */
#include "test.h"
#include <errno.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utime.h>

static char path[MAX_PATH], path2[MAX_PATH];

static void test_read_write(void)
{
    char buf[32];
    int fd = _open(path, _O_CREAT | _O_TRUNC | _O_RDWR | _O_TEXT, _S_IREAD | _S_IWRITE);
    ok(fd >= 3, "_open: %d errno %d\n", fd, errno);
    if (fd < 0)
        return;
    ok(_write(fd, "x\ny", 3) == 3, "_write in text mode returns the caller's count\n");
    ok(_lseeki64(fd, 0, SEEK_END) == 4, "file holds CR LF: size %d\n", (int)_lseeki64(fd, 0, SEEK_END));
    ok(_lseek(fd, 0, SEEK_SET) == 0, "_lseek\n");
    ok(_read(fd, buf, sizeof(buf)) == 3 && !memcmp(buf, "x\ny", 3), "_read text strips CR\n");
    ok(_read(fd, buf, sizeof(buf)) == 0, "_read at end\n");
    ok(_eof(fd) == 1, "_eof\n");
    ok(_setmode(fd, _O_BINARY) == _O_TEXT, "_setmode returns the old mode\n");
    ok(_lseek(fd, 0, SEEK_SET) == 0 && _read(fd, buf, sizeof(buf)) == 4 && !memcmp(buf, "x\r\ny", 4),
       "binary _read keeps CR\n");
    ok(_setmode(fd, 0x1234) == -1 && errno == EINVAL, "_setmode bad mode\n");

    struct _stat64 st;
    ok(_fstat64(fd, &st) == 0 && st.st_size == 4 && (st.st_mode & _S_IFREG), "_fstat64: size %d mode %x\n",
       (int)st.st_size, st.st_mode);
    ok(_filelengthi64(fd) == 4, "_filelengthi64\n");
    ok(!_isatty(fd), "a file is not a tty\n");

    int fd2 = _dup(fd);
    ok(fd2 >= 0 && fd2 != fd, "_dup: %d\n", fd2);
    ok(_lseek(fd2, 1, SEEK_SET) == 1, "seek dup\n");
    ok(_tell(fd) == 1, "dup shares the file position: %ld\n", _tell(fd));
    ok(_dup2(fd, 25) == 0, "_dup2\n");
    ok(_get_osfhandle(25) != -1, "_dup2 target open\n");
    ok(_close(25) == 0, "_close dup2 target\n");
    ok(_close(fd2) == 0, "_close dup\n");
    ok(_close(fd) == 0, "_close\n");
    errno = 0;
    ok(_close(fd) == -1 && errno == EBADF, "double _close: errno %d\n", errno);
    errno = 0;
    ok(_write(fd, "a", 1) == -1 && errno == EBADF, "_write on closed fd: errno %d\n", errno);
    errno = 0;
    ok(_get_osfhandle(fd) == -1 && errno == EBADF, "_get_osfhandle on closed fd\n");
}

static void test_names(void)
{
    struct _stat64 st;
    char dir[MAX_PATH];

    ok(_access(path, 0) == 0, "_access existing\n");
    ok(_access(path, 6) == 0, "_access read/write\n");
    errno = 0;
    ok(_access("Z:\\no\\such\\file", 0) == -1 && errno == ENOENT, "_access missing: errno %d\n", errno);
    ok(_stat64(path, &st) == 0 && st.st_size == 4 && (st.st_mode & _S_IFREG) && (st.st_mode & _S_IWRITE),
       "_stat64 file: size %d mode %x\n", (int)st.st_size, st.st_mode);
    GetTempPathA(sizeof(dir), dir);
    dir[strlen(dir) - 1] = 0; /* no trailing backslash */
    ok(_stat64(dir, &st) == 0 && (st.st_mode & _S_IFDIR), "_stat64 dir: mode %x\n", st.st_mode);

    ok(_chmod(path, _S_IREAD) == 0, "_chmod read-only\n");
    errno = 0;
    ok(_access(path, 2) == -1 && errno == EACCES, "_access W on a read-only file: errno %d\n", errno);
    ok(_stat64(path, &st) == 0 && !(st.st_mode & _S_IWRITE), "read-only mode %x\n", st.st_mode);
    ok(_chmod(path, _S_IREAD | _S_IWRITE) == 0 && _access(path, 2) == 0, "_chmod writable\n");
    struct __utimbuf64 ut = {1000000000, 1100000000};
    ok(_utime64(path, &ut) == 0, "_utime64: errno %d\n", errno);
    ok(_stat64(path, &st) == 0 && st.st_mtime == 1100000000 && st.st_atime == 1000000000, "times %d %d\n",
       (int)st.st_mtime, (int)st.st_atime);

    DeleteFileA(path2);
    ok(rename(path, path2) == 0, "rename: errno %d\n", errno);
    ok(_access(path, 0) == -1 && _access(path2, 0) == 0, "rename moved the file\n");
    ok(_unlink(path2) == 0, "_unlink\n");
    errno = 0;
    ok(_unlink(path2) == -1 && errno == ENOENT, "_unlink missing: errno %d\n", errno);
    errno = 0;
    ok(_open(path2, _O_RDONLY) == -1 && errno == ENOENT, "_open missing: errno %d\n", errno);
    int fd = _open(path, _O_CREAT | _O_EXCL | _O_WRONLY, _S_IREAD | _S_IWRITE);
    ok(fd >= 0, "_open O_EXCL new\n");
    _close(fd);
    errno = 0;
    ok(_open(path, _O_CREAT | _O_EXCL | _O_WRONLY, _S_IREAD | _S_IWRITE) == -1 && errno == EEXIST,
       "_open O_EXCL existing: errno %d\n", errno);
    DeleteFileA(path);
}

static void test_pipe(void)
{
    int fds[2];
    char buf[16];
    ok(_pipe(fds, 256, _O_BINARY) == 0, "_pipe: errno %d\n", errno);
    ok(_write(fds[1], "ab\ncd", 5) == 5, "write to pipe\n");
    ok(_read(fds[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "ab\ncd", 5), "read from pipe\n");
    struct _stat64 st;
    ok(_fstat64(fds[0], &st) == 0 && (st.st_mode & _S_IFIFO), "pipe mode %x\n", st.st_mode);
    _close(fds[1]);
    ok(_read(fds[0], buf, sizeof(buf)) == 0, "end of pipe after the writer closed\n");
    _close(fds[0]);

    ok(_pipe(fds, 256, _O_TEXT) == 0, "_pipe text\n");
    ok(_write(fds[1], "x\ny", 3) == 3, "text write\n");
    _close(fds[1]);
    int n = _read(fds[0], buf, sizeof(buf));
    ok(n == 3 && !memcmp(buf, "x\ny", 3), "text pipe round trip: %d\n", n);
    _close(fds[0]);
}

START_TEST(file)
{
    char dir[MAX_PATH];
    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%sofi%lu.tmp", dir, GetCurrentProcessId());
    snprintf(path2, sizeof(path2), "%sofj%lu.tmp", dir, GetCurrentProcessId());
    DeleteFileA(path2);
    test_read_write();
    test_names();
    test_pipe();
}
