/*
 * GetFileInformationByHandleEx directory listings (FileFullDirectory[Restart]Info,
 * FileIdBothDirectory[Restart]Info) and GetVolumeInformationByHandleW, as Go's os package uses them.
 */
#include "test.h"

static WCHAR dir[MAX_PATH];

static void make_tree(void)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD written;

    GetTempPathW(MAX_PATH, dir);
    lstrcatW(dir, L"oriel-fileextd");
    CreateDirectoryW(dir, NULL);
    lstrcpyW(path, dir);
    lstrcatW(path, L"\\a.txt");
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "create a.txt failed %lu\n", GetLastError());
    WriteFile(f, "hello", 5, &written, NULL);
    CloseHandle(f);
    lstrcpyW(path, dir);
    lstrcatW(path, L"\\sub");
    CreateDirectoryW(path, NULL);
}

static void remove_tree(void)
{
    WCHAR path[MAX_PATH];
    lstrcpyW(path, dir);
    lstrcatW(path, L"\\a.txt");
    DeleteFileW(path);
    lstrcpyW(path, dir);
    lstrcatW(path, L"\\sub");
    RemoveDirectoryW(path);
    RemoveDirectoryW(dir);
}

static HANDLE open_dir(void)
{
    return CreateFileW(dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

/* Lists the directory with buffers of `size` bytes; returns a bit mask of the names seen. */
static int list(HANDLE h, DWORD size, BOOL with_id, int *calls)
{
    static BYTE buf[4096] __attribute__((aligned(8)));
    int seen = 0;
    FILE_INFO_BY_HANDLE_CLASS restart =
        with_id ? FileIdBothDirectoryRestartInfo : FileFullDirectoryRestartInfo;
    FILE_INFO_BY_HANDLE_CLASS next = with_id ? FileIdBothDirectoryInfo : FileFullDirectoryInfo;
    BOOL first = TRUE;

    *calls = 0;
    for (;;) {
        SetLastError(0xdeadbeef);
        if (!GetFileInformationByHandleEx(h, first ? restart : next, buf, size)) {
            ok(GetLastError() == ERROR_NO_MORE_FILES, "error %lu\n", GetLastError());
            break;
        }
        first = FALSE;
        (*calls)++;
        for (BYTE *p = buf;;) {
            WCHAR name[64] = {0};
            DWORD attrs, len, nextofs;
            LONGLONG eof;
            if (with_id) {
                FILE_ID_BOTH_DIR_INFO *e = (FILE_ID_BOTH_DIR_INFO *)p;
                attrs = e->FileAttributes, len = e->FileNameLength, nextofs = e->NextEntryOffset;
                eof = e->EndOfFile.QuadPart;
                memcpy(name, e->FileName, len < sizeof(name) - 2 ? len : sizeof(name) - 2);
                ok(e->FileId.QuadPart != 0 || broken(is_reference()), "no file id\n");
            } else {
                FILE_FULL_DIR_INFO *e = (FILE_FULL_DIR_INFO *)p;
                attrs = e->FileAttributes, len = e->FileNameLength, nextofs = e->NextEntryOffset;
                eof = e->EndOfFile.QuadPart;
                memcpy(name, e->FileName, len < sizeof(name) - 2 ? len : sizeof(name) - 2);
            }
            if (!lstrcmpW(name, L"."))
                seen |= 1;
            else if (!lstrcmpW(name, L".."))
                seen |= 2;
            else if (!lstrcmpW(name, L"a.txt")) {
                seen |= 4;
                ok(eof == 5, "a.txt size %lld\n", eof);
                ok(!(attrs & FILE_ATTRIBUTE_DIRECTORY), "a.txt attributes %#lx\n", attrs);
            } else if (!lstrcmpW(name, L"sub")) {
                seen |= 8;
                ok(attrs & FILE_ATTRIBUTE_DIRECTORY, "sub attributes %#lx\n", attrs);
            } else
                seen |= 16;
            if (!nextofs)
                break;
            ok(nextofs % 8 == 0, "entry offset %lu not aligned\n", nextofs);
            p += nextofs;
        }
    }
    return seen;
}

static void test_listing(void)
{
    HANDLE h = open_dir();
    int calls, seen;

    ok(h != INVALID_HANDLE_VALUE, "open directory failed %lu\n", GetLastError());
    seen = list(h, 4096, FALSE, &calls);
    ok(seen == 15, "names seen %#x\n", seen);
    ok(calls == 1, "%d calls with a large buffer\n", calls);

    /* Restarting lists everything again; a buffer with room for one entry takes a call each. */
    seen = list(h, 0x60 + 16, FALSE, &calls);
    ok(seen == 15, "names seen %#x\n", seen);
    ok(calls == 4, "%d calls with a one-entry buffer\n", calls);

    seen = list(h, 4096, TRUE, &calls);
    ok(seen == 15, "names seen with ids %#x\n", seen);
    CloseHandle(h);
}

static void test_not_directory(void)
{
    WCHAR path[MAX_PATH];
    BYTE buf[512];
    HANDLE f;

    lstrcpyW(path, dir);
    lstrcatW(path, L"\\a.txt");
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandleEx(f, FileFullDirectoryRestartInfo, buf, sizeof(buf)), "listed a file\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    FILE_STANDARD_INFO std;
    ok(GetFileInformationByHandleEx(f, FileStandardInfo, &std, sizeof(std)), "FileStandardInfo failed %lu\n",
       GetLastError());
    ok(std.EndOfFile.QuadPart == 5 && !std.Directory, "size %lld dir %d\n", std.EndOfFile.QuadPart,
       std.Directory);
    CloseHandle(f);
}

static void test_volume(void)
{
    HANDLE h = open_dir();
    WCHAR fs[MAX_PATH], label[MAX_PATH];
    DWORD serial = 0, serial2 = 0, maxlen = 0, flags = 0;

    ok(GetVolumeInformationByHandleW(h, label, MAX_PATH, &serial, &maxlen, &flags, fs, MAX_PATH),
       "GetVolumeInformationByHandleW failed %lu\n", GetLastError());
    ok(maxlen == 255, "max component length %lu\n", maxlen);
    ok(fs[0] != 0, "no file system name\n");
    ok(flags & FILE_CASE_PRESERVED_NAMES, "flags %#lx\n", flags);
    /* Only what the caller asks for. */
    ok(GetVolumeInformationByHandleW(h, NULL, 0, &serial2, NULL, NULL, NULL, 0), "failed %lu\n",
       GetLastError());
    ok(serial == serial2, "serial %#lx then %#lx\n", serial, serial2);
    CloseHandle(h);
}

START_TEST(fileextd)
{
    make_tree();
    test_listing();
    test_not_directory();
    test_volume();
    remove_tree();
}
