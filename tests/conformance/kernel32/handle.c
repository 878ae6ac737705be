/*
 * kernel32 handle API conformance: CloseHandle, DuplicateHandle (same process), GetHandleInformation,
 * SetHandleInformation. Expectations follow Microsoft's handleapi.h documentation.
 */
#include "test.h"

static char path[MAX_PATH];

static HANDLE open_test_file(DWORD access, BOOL inherit)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, inherit};
    return CreateFileA(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa, OPEN_ALWAYS,
                       0, NULL);
}

static void test_close(void)
{
    HANDLE h = open_test_file(GENERIC_READ, FALSE);

    ok(h != INVALID_HANDLE_VALUE, "open: %lu\n", GetLastError());
    ok(CloseHandle(h), "CloseHandle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(h) && GetLastError() == ERROR_INVALID_HANDLE, "second close: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(NULL) && GetLastError() == ERROR_INVALID_HANDLE, "CloseHandle(NULL): %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CloseHandle((HANDLE)(ULONG_PTR)0xdead0) && GetLastError() == ERROR_INVALID_HANDLE,
       "CloseHandle(bogus): %lu\n", GetLastError());
    /* pseudo-handles close successfully and stay usable */
    ok(CloseHandle(GetCurrentProcess()), "CloseHandle(GetCurrentProcess())\n");
    ok(CloseHandle(GetCurrentThread()), "CloseHandle(GetCurrentThread())\n");
}

static void test_duplicate(void)
{
    HANDLE h, dup, dup2;
    DWORD n, flags;
    char buf[16];

    h = open_test_file(GENERIC_READ | GENERIC_WRITE, FALSE);
    ok(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle: %lu\n", GetLastError());
    ok(dup != h && ((ULONG_PTR)dup & 3) == 0, "dup %p of %p\n", dup, h);
    /* both handles refer to one file object: they share the file pointer */
    ok(WriteFile(dup, "abcd", 4, &n, NULL), "write through the duplicate: %lu\n", GetLastError());
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 4, "shared file pointer: %lu\n",
       SetFilePointer(h, 0, NULL, FILE_CURRENT));
    ok(CloseHandle(h), "close original\n");
    SetFilePointer(dup, 0, NULL, FILE_BEGIN);
    ok(ReadFile(dup, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "abcd", 4),
       "duplicate outlives the original\n");

    /* reduced access is enforced */
    ok(DuplicateHandle(GetCurrentProcess(), dup, GetCurrentProcess(), &dup2, GENERIC_READ, FALSE, 0),
       "DuplicateHandle read-only: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteFile(dup2, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "write on read dup: %lu\n", GetLastError());
    ok(CloseHandle(dup2), "close read dup\n");

    /* inheritance flag from bInheritHandle */
    ok(DuplicateHandle(GetCurrentProcess(), dup, GetCurrentProcess(), &dup2, 0, TRUE, DUPLICATE_SAME_ACCESS),
       "inheritable dup: %lu\n", GetLastError());
    ok(GetHandleInformation(dup2, &flags) && flags == HANDLE_FLAG_INHERIT, "flags %#lx\n", flags);
    CloseHandle(dup2);

    /* DUPLICATE_CLOSE_SOURCE closes the source */
    ok(DuplicateHandle(GetCurrentProcess(), dup, GetCurrentProcess(), &dup2, 0, FALSE,
                       DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
       "DUPLICATE_CLOSE_SOURCE: %lu\n", GetLastError());
    /* the freed source value may be handed out again for the new handle */
    if (dup2 != dup) {
        SetLastError(0xdeadbeef);
        ok(!CloseHandle(dup) && GetLastError() == ERROR_INVALID_HANDLE, "source still open: %lu\n",
           GetLastError());
    }
    ok(CloseHandle(dup2), "close\n");
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(dup2) && GetLastError() == ERROR_INVALID_HANDLE, "one handle left after CLOSE_SOURCE\n");

    SetLastError(0xdeadbeef);
    ok(!DuplicateHandle(GetCurrentProcess(), (HANDLE)(ULONG_PTR)0xdead0, GetCurrentProcess(), &dup2, 0, FALSE,
                        DUPLICATE_SAME_ACCESS) &&
           GetLastError() == ERROR_INVALID_HANDLE,
       "duplicating a bogus handle: %lu\n", GetLastError());

    /* a pseudo-handle duplicates into a real handle */
    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &dup2, 0, FALSE,
                       DUPLICATE_SAME_ACCESS),
       "duplicate the process pseudo-handle: %lu\n", GetLastError());
    ok(dup2 != GetCurrentProcess() && ((ULONG_PTR)dup2 & 3) == 0, "real process handle %p\n", dup2);
    ok(GetHandleInformation(dup2, &flags) && flags == 0, "process handle flags %#lx\n", flags);
    ok(CloseHandle(dup2), "close process handle: %lu\n", GetLastError());
}

static void test_handle_information(void)
{
    HANDLE h = open_test_file(GENERIC_READ, TRUE);
    DWORD flags = 0xdeadbeef;

    ok(GetHandleInformation(h, &flags) && flags == HANDLE_FLAG_INHERIT, "inheritable open: %#lx\n", flags);
    ok(SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE),
       "SetHandleInformation: %lu\n", GetLastError());
    ok(GetHandleInformation(h, &flags) && flags == (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE),
       "both flags: %#lx\n", flags);
    /* only the bits in the mask change */
    ok(SetHandleInformation(h, HANDLE_FLAG_INHERIT, 0), "clear inherit: %lu\n", GetLastError());
    ok(GetHandleInformation(h, &flags) && flags == HANDLE_FLAG_PROTECT_FROM_CLOSE, "after clear: %#lx\n",
       flags);
    ok(SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), "unprotect: %lu\n", GetLastError());
    ok(CloseHandle(h), "close: %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    ok(!GetHandleInformation(h, &flags) && GetLastError() == ERROR_INVALID_HANDLE, "closed handle: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetHandleInformation(h, HANDLE_FLAG_INHERIT, 0) && GetLastError() == ERROR_INVALID_HANDLE,
       "set on closed handle: %lu\n", GetLastError());
}

static void test_many_handles(void)
{
    HANDLE handles[200];
    int opened = 0, distinct = 1;

    /* values are reused after close and never collide while open */
    for (int i = 0; i < 200; i++) {
        handles[i] = open_test_file(GENERIC_READ, FALSE);
        if (handles[i] == INVALID_HANDLE_VALUE)
            break;
        opened++;
        for (int j = 0; j < i; j++)
            if (handles[j] == handles[i])
                distinct = 0;
    }
    ok(opened == 200 && distinct, "opened %d, distinct %d\n", opened, distinct);
    for (int i = 0; i < opened; i++)
        CloseHandle(handles[i]);
}

START_TEST(handle)
{
    char tmp[MAX_PATH];

    GetTempPathA(sizeof(tmp), tmp);
    snprintf(path, sizeof(path), "%soriel-handle-test-%lu.txt", tmp, GetCurrentProcessId());
    test_close();
    test_duplicate();
    test_handle_information();
    test_many_handles();
    ok(DeleteFileA(path), "DeleteFile: %lu\n", GetLastError());
}
