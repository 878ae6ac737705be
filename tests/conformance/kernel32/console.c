/*
 * kernel32 std handles and console API conformance. The runner starts tests with stdin from /dev/null and
 * stdout/stderr redirected to a file or a pipe, so most checks are about what Windows does for
 * redirected std handles: they are files/pipes/character devices, not consoles, and console calls on
 * them fail with ERROR_INVALID_HANDLE (learn.microsoft.com: GetConsoleMode, WriteConsole).
 */
#include "test.h"

static const char *type_name(DWORD type)
{
    switch (type) {
    case FILE_TYPE_DISK:
        return "disk";
    case FILE_TYPE_CHAR:
        return "char";
    case FILE_TYPE_PIPE:
        return "pipe";
    default:
        return "unknown";
    }
}

static BOOL is_console(HANDLE h)
{
    DWORD mode;
    return GetConsoleMode(h, &mode);
}

static void check_not_console(HANDLE h, const char *what)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD mode = 0xdeadbeef, written = 0xdeadbeef, events;

    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(h, &mode) && GetLastError() == ERROR_INVALID_HANDLE, "%s: GetConsoleMode: %lu\n", what,
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleMode(h, 0) && GetLastError() == ERROR_INVALID_HANDLE, "%s: SetConsoleMode: %lu\n", what,
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(h, "x", 1, &written, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "%s: WriteConsoleA: %lu\n", what, GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleW(h, L"x", 1, &written, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "%s: WriteConsoleW: %lu\n", what, GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetConsoleScreenBufferInfo(h, &info) && GetLastError() == ERROR_INVALID_HANDLE,
       "%s: GetConsoleScreenBufferInfo: %lu\n", what, GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetNumberOfConsoleInputEvents(h, &events) && GetLastError() == ERROR_INVALID_HANDLE,
       "%s: GetNumberOfConsoleInputEvents: %lu\n", what, GetLastError());
}

static void test_std_handles(void)
{
    static const DWORD which[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    static const char *names[3] = {"stdin", "stdout", "stderr"};
    HANDLE h;
    DWORD type, n;

    for (int i = 0; i < 3; i++) {
        h = GetStdHandle(which[i]);
        ok(h != INVALID_HANDLE_VALUE, "%s: GetStdHandle failed: %lu\n", names[i], GetLastError());
        if (!h || h == INVALID_HANDLE_VALUE) {
            skip("%s: no std handle\n", names[i]);
            continue;
        }
        type = GetFileType(h);
        trace("%s is %s\n", names[i], type_name(type));
        ok(type == FILE_TYPE_DISK || type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE, "%s: type %lu\n",
           names[i], type);
        if (type == FILE_TYPE_DISK || type == FILE_TYPE_PIPE)
            check_not_console(h, names[i]);
        else if (type == FILE_TYPE_CHAR && !is_console(h))
            check_not_console(h, names[i]); /* NUL and other devices are not consoles */
    }

    /* WriteFile works on whatever stdout is */
    h = GetStdHandle(STD_OUTPUT_HANDLE);
    if (h && h != INVALID_HANDLE_VALUE) {
        static const char msg[] = "console: a line written with WriteFile\n";
        ok(WriteFile(h, msg, sizeof(msg) - 1, &n, NULL) && n == sizeof(msg) - 1, "WriteFile(stdout): %lu\n",
           GetLastError());
    }

    SetLastError(0xdeadbeef);
    ok(GetStdHandle(5) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_HANDLE,
       "GetStdHandle(5): %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetStdHandle(5, NULL) && GetLastError() == ERROR_INVALID_HANDLE, "SetStdHandle(5): %lu\n",
       GetLastError());
}

static void test_redirect_to_file(void)
{
    char tmp[MAX_PATH], path[MAX_PATH], buf[64];
    HANDLE file, saved;
    DWORD n;

    GetTempPathA(sizeof(tmp), tmp);
    snprintf(path, sizeof(path), "%soriel-console-test-%lu.txt", tmp, GetCurrentProcessId());
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "create: %lu\n", GetLastError());

    saved = GetStdHandle(STD_OUTPUT_HANDLE);
    ok(SetStdHandle(STD_OUTPUT_HANDLE, file), "SetStdHandle: %lu\n", GetLastError());
    ok(GetStdHandle(STD_OUTPUT_HANDLE) == file, "GetStdHandle after SetStdHandle\n");
    ok(GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) == FILE_TYPE_DISK, "redirected type\n");
    ok(WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "redirected", 10, &n, NULL) && n == 10, "write: %lu\n",
       GetLastError());
    check_not_console(GetStdHandle(STD_OUTPUT_HANDLE), "file as stdout");
    ok(SetStdHandle(STD_OUTPUT_HANDLE, saved), "restore: %lu\n", GetLastError());

    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ok(ReadFile(file, buf, sizeof(buf), &n, NULL) && n == 10 && !memcmp(buf, "redirected", 10),
       "read back\n");
    ok(ReadFile(file, buf, sizeof(buf), &n, NULL) && n == 0, "EOF of a file: TRUE with 0 bytes\n");
    CloseHandle(file);
    DeleteFileA(path);
}

static void test_nul(void)
{
    char buf[8];
    DWORD n = 0xdeadbeef;
    HANDLE h = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);

    ok(h != INVALID_HANDLE_VALUE, "open NUL: %lu\n", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return;
    ok(GetFileType(h) == FILE_TYPE_CHAR, "NUL type %lu\n", GetFileType(h));
    check_not_console(h, "NUL");
    ok(WriteFile(h, "discard", 7, &n, NULL) && n == 7, "write to NUL: %lu\n", n);
    n = 0xdeadbeef;
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 0, "read from NUL: %lu\n", n);
    CloseHandle(h);
}

static void test_pipe(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE rd, wr, saved;
    char buf[16];
    DWORD n, flags;

    ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe: %lu\n", GetLastError());
    ok(GetFileType(rd) == FILE_TYPE_PIPE && GetFileType(wr) == FILE_TYPE_PIPE, "pipe types %lu %lu\n",
       GetFileType(rd), GetFileType(wr));
    ok(GetHandleInformation(rd, &flags) && flags == HANDLE_FLAG_INHERIT, "inheritable pipe: %#lx\n", flags);
    check_not_console(wr, "pipe");

    /* a pipe as stdout: WriteFile works, console calls do not */
    saved = GetStdHandle(STD_OUTPUT_HANDLE);
    SetStdHandle(STD_OUTPUT_HANDLE, wr);
    ok(WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "piped", 5, &n, NULL) && n == 5, "write to pipe: %lu\n",
       GetLastError());
    check_not_console(GetStdHandle(STD_OUTPUT_HANDLE), "pipe as stdout");
    SetStdHandle(STD_OUTPUT_HANDLE, saved);
    ok(ReadFile(rd, buf, sizeof(buf), &n, NULL) && n == 5 && !memcmp(buf, "piped", 5), "read from pipe\n");

    /* the writer gone: ReadFile fails with ERROR_BROKEN_PIPE */
    CloseHandle(wr);
    SetLastError(0xdeadbeef);
    n = 0xdeadbeef;
    ok(!ReadFile(rd, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE && n == 0,
       "read from a pipe without writer: %lu\n", GetLastError());
    CloseHandle(rd);

    /* the reader gone: WriteFile fails with ERROR_NO_DATA ("the pipe is being closed") */
    ok(CreatePipe(&rd, &wr, NULL, 0), "CreatePipe: %lu\n", GetLastError());
    CloseHandle(rd);
    SetLastError(0xdeadbeef);
    ok(!WriteFile(wr, "x", 1, &n, NULL) && GetLastError() == ERROR_NO_DATA, "write without reader: %lu\n",
       GetLastError());
    CloseHandle(wr);
}

static BOOL WINAPI handler1(DWORD type)
{
    return FALSE;
}

static void test_ctrl_handler(void)
{
    ok(SetConsoleCtrlHandler(handler1, TRUE), "add handler: %lu\n", GetLastError());
    ok(SetConsoleCtrlHandler(handler1, TRUE), "add handler twice: %lu\n", GetLastError());
    ok(SetConsoleCtrlHandler(handler1, FALSE), "remove handler: %lu\n", GetLastError());
    ok(SetConsoleCtrlHandler(handler1, FALSE), "remove second registration: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCtrlHandler(handler1, FALSE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "remove unknown handler: %lu\n", GetLastError());
    ok(SetConsoleCtrlHandler(NULL, TRUE), "ignore Ctrl-C: %lu\n", GetLastError());
    ok(SetConsoleCtrlHandler(NULL, FALSE), "restore Ctrl-C: %lu\n", GetLastError());
}

static void test_code_pages(void)
{
    UINT out_cp = GetConsoleOutputCP(), in_cp = GetConsoleCP();

    if (!out_cp || !in_cp) {
        /* no console attached at all: Windows returns 0 */
        skip("no console code pages\n");
        return;
    }
    ok(SetConsoleOutputCP(65001), "SetConsoleOutputCP(UTF-8): %lu\n", GetLastError());
    ok(GetConsoleOutputCP() == 65001, "output cp %u\n", GetConsoleOutputCP());
    ok(SetConsoleCP(1252), "SetConsoleCP(1252): %lu\n", GetLastError());
    ok(GetConsoleCP() == 1252, "input cp %u\n", GetConsoleCP());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleOutputCP(12345) && GetLastError() == ERROR_INVALID_PARAMETER, "invalid cp: %lu\n",
       GetLastError());
    ok(GetConsoleOutputCP() == 65001, "failed call changed the cp\n");
    SetConsoleOutputCP(out_cp);
    SetConsoleCP(in_cp);
}

static void test_real_console(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD mode, written;
    HANDLE h = CreateFileA("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);

    if (h == INVALID_HANDLE_VALUE || !is_console(h)) {
        skip("no console to test\n");
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        return;
    }
    ok(GetFileType(h) == FILE_TYPE_CHAR, "console type %lu\n", GetFileType(h));
    ok(GetConsoleMode(h, &mode), "GetConsoleMode: %lu\n", GetLastError());
    ok(GetConsoleScreenBufferInfo(h, &info) && info.dwSize.X > 0 && info.dwSize.Y > 0,
       "GetConsoleScreenBufferInfo: %lu\n", GetLastError());
    ok(WriteConsoleW(h, L"", 0, &written, NULL) && written == 0, "empty WriteConsoleW: %lu\n",
       GetLastError());
    CloseHandle(h);
}

START_TEST(console)
{
    test_std_handles();
    test_redirect_to_file();
    test_nul();
    test_pipe();
    test_ctrl_handler();
    test_code_pages();
    test_real_console();
}
