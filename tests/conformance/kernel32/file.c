/*
 * kernel32 file API conformance: CreateFile dispositions, read/write, file pointer and size, share
 * modes, attributes, directories, current directory, full path names, FindFirstFile, MoveFile, CopyFile.
 * Every expectation is Windows' documented behaviour (learn.microsoft.com, fileapi.h).
 */
#include "test.h"

static char base_dir[MAX_PATH];

static void path_in_base(char *out, const char *name)
{
    snprintf(out, MAX_PATH, "%s\\%s", base_dir, name);
}

static HANDLE create(const char *name, DWORD access, DWORD share, DWORD creation)
{
    char path[MAX_PATH];
    path_in_base(path, name);
    return CreateFileA(path, access, share, NULL, creation, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void test_dispositions(void)
{
    char path[MAX_PATH];
    HANDLE h;
    DWORD written, size;

    path_in_base(path, "disp.txt");
    DeleteFileA(path);

    /* CREATE_NEW: creates; fails with ERROR_FILE_EXISTS when the file is there */
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW failed: %lu\n", GetLastError());
    ok(((ULONG_PTR)h & 3) == 0, "handle %p is not a multiple of 4\n", h);
    ok(WriteFile(h, "hello world", 11, &written, NULL) && written == 11, "WriteFile: %lu\n", GetLastError());
    ok(CloseHandle(h), "CloseHandle failed\n");
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS, "CREATE_NEW on existing: %p %lu\n",
       h, GetLastError());

    /* OPEN_ALWAYS: ERROR_ALREADY_EXISTS when it existed, 0 when created (documented) */
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS, "OPEN_ALWAYS existing: %lu\n",
       GetLastError());
    size = GetFileSize(h, NULL);
    ok(size == 11, "OPEN_ALWAYS must not truncate: size %lu\n", size);
    CloseHandle(h);

    /* TRUNCATE_EXISTING empties the file; needs GENERIC_WRITE */
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "TRUNCATE_EXISTING failed: %lu\n", GetLastError());
    ok(GetFileSize(h, NULL) == 0, "TRUNCATE_EXISTING left %lu bytes\n", GetFileSize(h, NULL));
    CloseHandle(h);

    /* CREATE_ALWAYS: ERROR_ALREADY_EXISTS and truncated when it existed */
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    WriteFile(h, "abc", 3, &written, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS, "CREATE_ALWAYS existing: %lu\n",
       GetLastError());
    ok(GetFileSize(h, NULL) == 0, "CREATE_ALWAYS must truncate: %lu\n", GetFileSize(h, NULL));
    CloseHandle(h);
    ok(DeleteFileA(path), "DeleteFile: %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CREATE_ALWAYS new: %lu\n", GetLastError());
    CloseHandle(h);
    DeleteFileA(path);
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "OPEN_ALWAYS new: %lu\n", GetLastError());
    CloseHandle(h);
    DeleteFileA(path);

    /* missing file vs missing directory */
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "OPEN_EXISTING missing: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "TRUNCATE_EXISTING missing: %lu\n", GetLastError());
    path_in_base(path, "no-such-dir\\file.txt");
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND, "missing directory: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateFileA(path, GENERIC_READ, 0, NULL, 0, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "disposition 0: %lu\n",
       GetLastError());

    /* a directory without FILE_FLAG_BACKUP_SEMANTICS cannot be opened */
    SetLastError(0xdeadbeef);
    h = CreateFileA(base_dir, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED, "directory: %lu\n",
       GetLastError());
    h = CreateFileA(base_dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(h != INVALID_HANDLE_VALUE, "directory with backup semantics: %lu\n", GetLastError());
    CloseHandle(h);
}

static void test_read_write_seek(void)
{
    char buf[64];
    DWORD n, ret, high;
    LARGE_INTEGER li, pos;
    HANDLE h = create("rw.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);

    ok(h != INVALID_HANDLE_VALUE, "create failed: %lu\n", GetLastError());
    ok(GetFileType(h) == FILE_TYPE_DISK, "GetFileType %lu\n", GetFileType(h));
    ok(WriteFile(h, "0123456789", 10, &n, NULL) && n == 10, "WriteFile %lu\n", n);
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 10, "position after write\n");
    ok(SetFilePointer(h, 2, NULL, FILE_BEGIN) == 2, "FILE_BEGIN\n");
    ok(ReadFile(h, buf, 3, &n, NULL) && n == 3 && !memcmp(buf, "234", 3), "ReadFile %lu\n", n);
    ok(SetFilePointer(h, -2, NULL, FILE_END) == 8, "FILE_END\n");
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 2 && !memcmp(buf, "89", 2), "read to end %lu\n", n);
    /* at the end of the file a synchronous read succeeds with 0 bytes */
    n = 0xdeadbeef;
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 0, "ReadFile at EOF: %lu\n", n);

    SetLastError(0xdeadbeef);
    ret = SetFilePointer(h, -20, NULL, FILE_CURRENT);
    ok(ret == INVALID_SET_FILE_POINTER && GetLastError() == ERROR_NEGATIVE_SEEK, "negative seek %lu %lu\n",
       ret, GetLastError());
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 10, "failed seek must not move\n");

    /* 64-bit positions */
    li.QuadPart = 0x100000000LL + 5;
    ok(SetFilePointerEx(h, li, &pos, FILE_BEGIN) && pos.QuadPart == li.QuadPart, "SetFilePointerEx\n");
    high = 0;
    ret = SetFilePointer(h, 0, (LONG *)&high, FILE_CURRENT);
    ok(ret == 5 && high == 1, "high part %lu %lu\n", ret, high);

    /* SetEndOfFile at the pointer: extends, then cuts */
    li.QuadPart = 100;
    ok(SetFilePointerEx(h, li, NULL, FILE_BEGIN), "seek 100\n");
    ok(SetEndOfFile(h), "SetEndOfFile: %lu\n", GetLastError());
    ok(GetFileSize(h, NULL) == 100, "size %lu\n", GetFileSize(h, NULL));
    ok(GetFileSizeEx(h, &li) && li.QuadPart == 100, "GetFileSizeEx\n");
    SetFilePointer(h, 4, NULL, FILE_BEGIN);
    ok(SetEndOfFile(h) && GetFileSize(h, NULL) == 4, "cut to 4: %lu\n", GetFileSize(h, NULL));
    ok(FlushFileBuffers(h), "FlushFileBuffers: %lu\n", GetLastError());

    /* explicit offsets through OVERLAPPED on a synchronous handle */
    OVERLAPPED ov = {0};
    ov.Offset = 1;
    ok(ReadFile(h, buf, 2, &n, &ov) && n == 2 && !memcmp(buf, "12", 2), "ReadFile at offset\n");
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 3, "pointer follows the offset read\n");
    ov.Offset = 10;
    SetLastError(0xdeadbeef);
    ok(!ReadFile(h, buf, 2, &n, &ov) && GetLastError() == ERROR_HANDLE_EOF, "offset read past EOF: %lu\n",
       GetLastError());
    CloseHandle(h);

    /* access is enforced on the handle */
    h = create("rw.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    ok(!WriteFile(h, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "write on read handle: %lu\n", GetLastError());
    CloseHandle(h);
    h = create("rw.txt", GENERIC_WRITE, 0, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    ok(!ReadFile(h, buf, 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED, "read on write handle: %lu\n",
       GetLastError());
    CloseHandle(h);

    /* FILE_APPEND_DATA alone always writes at the end */
    h = create("rw.txt", FILE_APPEND_DATA, 0, OPEN_EXISTING);
    ok(h != INVALID_HANDLE_VALUE, "append open: %lu\n", GetLastError());
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok(WriteFile(h, "XY", 2, &n, NULL) && n == 2, "append write\n");
    CloseHandle(h);
    h = create("rw.txt", GENERIC_READ, 0, OPEN_EXISTING);
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 6 && !memcmp(buf, "0123XY", 6), "after append: %.*s\n",
       (int)n, buf);
    CloseHandle(h);
    path_in_base((char *)buf, "rw.txt");
    ok(DeleteFileA(buf), "delete rw.txt: %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    ok(!ReadFile(INVALID_HANDLE_VALUE, buf, 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "ReadFile on an invalid handle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetFileType(NULL) == FILE_TYPE_UNKNOWN && GetLastError() == ERROR_INVALID_HANDLE,
       "GetFileType(NULL): %lu\n", GetLastError());
}

static void test_sharing(void)
{
    char path[MAX_PATH];
    HANDLE h1, h2;

    path_in_base(path, "share.txt");
    h1 = create("share.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h1 != INVALID_HANDLE_VALUE, "create: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    h2 = create("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION, "exclusive: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(path) && GetLastError() == ERROR_SHARING_VIOLATION, "delete while open: %lu\n",
       GetLastError());
    /* attribute access is not subject to sharing */
    ok(GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES, "attributes while open: %lu\n", GetLastError());
    CloseHandle(h1);

    h1 = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    h2 = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(h2 != INVALID_HANDLE_VALUE, "two readers sharing read: %lu\n", GetLastError());
    CloseHandle(h2);
    SetLastError(0xdeadbeef);
    h2 = create("share.txt", GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING);
    ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION, "writer vs read share: %lu\n",
       GetLastError());
    /* the new open must share what the existing one has: read access needs FILE_SHARE_READ */
    SetLastError(0xdeadbeef);
    h2 = create("share.txt", GENERIC_READ, FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "reader not sharing read: %lu\n", GetLastError());
    /* CREATE_ALWAYS refused by sharing must not truncate */
    CloseHandle(h1);
    h1 = create("share.txt", GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING);
    DWORD n;
    WriteFile(h1, "data", 4, &n, NULL);
    h2 = create("share.txt", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS);
    ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION, "CREATE_ALWAYS shared: %lu\n",
       GetLastError());
    ok(GetFileSize(h1, NULL) == 4, "refused CREATE_ALWAYS truncated the file: %lu\n", GetFileSize(h1, NULL));
    CloseHandle(h1);

    h1 = create("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING);
    ok(DeleteFileA(path), "delete with FILE_SHARE_DELETE: %lu\n", GetLastError());
    CloseHandle(h1);
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES, "file still there after the last close\n");
}

static void test_attributes_and_directories(void)
{
    char path[MAX_PATH], sub[MAX_PATH];
    WIN32_FILE_ATTRIBUTE_DATA data;
    BY_HANDLE_FILE_INFORMATION info;
    DWORD attr, n;
    HANDLE h;

    h = create("attr.txt", GENERIC_WRITE, 0, CREATE_ALWAYS);
    WriteFile(h, "12345", 5, &n, NULL);
    ok(GetFileInformationByHandle(h, &info), "GetFileInformationByHandle: %lu\n", GetLastError());
    ok(info.nFileSizeLow == 5 && info.nFileSizeHigh == 0 && info.nNumberOfLinks == 1, "info %lu %lu\n",
       info.nFileSizeLow, info.nNumberOfLinks);
    ok(!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "file has the directory attribute\n");
    CloseHandle(h);

    /* SetFileTime / GetFileTime round trip (FILETIME resolution is 100 ns) */
    {
        FILETIME set = {0x12345670, 0x01d00000}, got_write, got_access;
        HANDLE ht = create("attr.txt", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
        ok(SetFileTime(ht, NULL, &set, &set), "SetFileTime: %lu\n", GetLastError());
        ok(GetFileTime(ht, NULL, &got_access, &got_write) && got_write.dwLowDateTime == set.dwLowDateTime &&
               got_write.dwHighDateTime == set.dwHighDateTime &&
               got_access.dwLowDateTime == set.dwLowDateTime &&
               got_access.dwHighDateTime == set.dwHighDateTime,
           "times %08lx%08lx\n", got_write.dwHighDateTime, got_write.dwLowDateTime);
        CloseHandle(ht);
        ht = create("attr.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
        /* learn.microsoft.com SetFileTime: "The handle must have been created ... with the
         * FILE_WRITE_ATTRIBUTES access right"; Wine 8 does not check */
        SetLastError(0xdeadbeef);
        BOOL ret = SetFileTime(ht, NULL, NULL, &set);
        ok((!ret && GetLastError() == ERROR_ACCESS_DENIED) || broken(ret),
           "SetFileTime without write access: %lu\n", GetLastError());
        CloseHandle(ht);
    }

    /* two opens of one file report the same volume and index; another file differs */
    {
        BY_HANDLE_FILE_INFORMATION info2, info3;
        HANDLE h2 = create("attr.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
        HANDLE h3 = create("attr2.txt", GENERIC_READ, 0, CREATE_ALWAYS);
        ok(GetFileInformationByHandle(h2, &info2) && GetFileInformationByHandle(h3, &info3), "info: %lu\n",
           GetLastError());
        ok(info2.dwVolumeSerialNumber == info.dwVolumeSerialNumber &&
               info2.nFileIndexLow == info.nFileIndexLow && info2.nFileIndexHigh == info.nFileIndexHigh,
           "same file, different identity\n");
        ok(info3.dwVolumeSerialNumber == info.dwVolumeSerialNumber &&
               (info3.nFileIndexLow != info.nFileIndexLow || info3.nFileIndexHigh != info.nFileIndexHigh),
           "different files, same identity\n");
        CloseHandle(h2);
        CloseHandle(h3);
        path_in_base(path, "attr2.txt");
        DeleteFileA(path);
    }

    path_in_base(path, "attr.txt");
    attr = GetFileAttributesA(path);
    ok(attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY), "file attributes %#lx\n", attr);
    ok(GetFileAttributesExA(path, GetFileExInfoStandard, &data) && data.nFileSizeLow == 5,
       "GetFileAttributesEx: %lu\n", GetLastError());
    attr = GetFileAttributesA(base_dir);
    ok(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY), "directory attributes %#lx\n",
       attr);
    /* SetFileAttributes: the read-only bit round trips */
    path_in_base(path, "attr.txt");
    ok(SetFileAttributesA(path, FILE_ATTRIBUTE_READONLY), "SetFileAttributes: %lu\n", GetLastError());
    attr = GetFileAttributesA(path);
    ok(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_READONLY), "read-only: %#lx\n", attr);
    ok(SetFileAttributesA(path, FILE_ATTRIBUTE_NORMAL), "SetFileAttributes: %lu\n", GetLastError());
    attr = GetFileAttributesA(path);
    ok(attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_READONLY), "writable again: %#lx\n", attr);
    path_in_base(path, "missing.txt");
    SetLastError(0xdeadbeef);
    ok(!SetFileAttributesA(path, FILE_ATTRIBUTE_NORMAL) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "SetFileAttributes on a missing file: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND,
       "missing file: %lu\n", GetLastError());
    path_in_base(path, "missing\\x.txt");
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_PATH_NOT_FOUND,
       "missing path: %lu\n", GetLastError());

    /* names are case-insensitive */
    path_in_base(path, "ATTR.TXT");
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 5, "case-insensitive open: %lu\n",
       GetLastError());
    CloseHandle(h);

    /* directories */
    path_in_base(sub, "subdir");
    ok(CreateDirectoryA(sub, NULL), "CreateDirectory: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CreateDirectoryA(sub, NULL) && GetLastError() == ERROR_ALREADY_EXISTS, "existing directory: %lu\n",
       GetLastError());
    path_in_base(path, "nodir\\subdir");
    SetLastError(0xdeadbeef);
    ok(!CreateDirectoryA(path, NULL) && GetLastError() == ERROR_PATH_NOT_FOUND, "missing parent: %lu\n",
       GetLastError());
    path_in_base(path, "subdir\\inner.txt");
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(!RemoveDirectoryA(sub) && GetLastError() == ERROR_DIR_NOT_EMPTY, "non-empty directory: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(sub) && GetLastError() == ERROR_ACCESS_DENIED, "DeleteFile on a directory: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!RemoveDirectoryA(path) && GetLastError() == ERROR_DIRECTORY, "RemoveDirectory on a file: %lu\n",
       GetLastError());
    ok(DeleteFileA(path), "DeleteFile: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(path) && GetLastError() == ERROR_FILE_NOT_FOUND, "delete twice: %lu\n", GetLastError());
    ok(RemoveDirectoryA(sub), "RemoveDirectory: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!RemoveDirectoryA(sub) && GetLastError() == ERROR_FILE_NOT_FOUND, "remove twice: %lu\n",
       GetLastError());
    path_in_base(path, "attr.txt");
    DeleteFileA(path);
}

static void test_current_directory_and_full_paths(void)
{
    char saved[MAX_PATH], cur[MAX_PATH], full[MAX_PATH], expect[MAX_PATH], *part;
    DWORD len;

    len = GetCurrentDirectoryA(sizeof(saved), saved);
    ok(len > 0 && len < sizeof(saved) && strlen(saved) == len, "GetCurrentDirectory %lu\n", len);
    ok(GetCurrentDirectoryA(1, cur) == len + 1, "too small a buffer must return the size needed\n");

    ok(SetCurrentDirectoryA(base_dir), "SetCurrentDirectory: %lu\n", GetLastError());
    len = GetCurrentDirectoryA(sizeof(cur), cur);
    ok(len == strlen(base_dir) && !_stricmp(cur, base_dir), "current directory %s, expected %s\n", cur,
       base_dir);

    /* relative names resolve against the current directory; . and .. are folded */
    len = GetFullPathNameA("a\\.\\b\\..\\c.txt", sizeof(full), full, &part);
    snprintf(expect, sizeof(expect), "%s\\a\\c.txt", base_dir);
    ok(len == strlen(expect) && !_stricmp(full, expect), "full path %s, expected %s\n", full, expect);
    ok(part && !strcmp(part, "c.txt"), "file part %s\n", part ? part : "(null)");
    len = GetFullPathNameA("x.txt", 3, full, NULL);
    ok(len == strlen(base_dir) + strlen("\\x.txt") + 1, "small buffer: %lu\n", len);
    len = GetFullPathNameA("C:\\dir/sub//file.", sizeof(full), full, NULL);
    ok(len == 15 && !strcmp(full, "C:\\dir\\sub\\file"), "normalised: %s\n", full);
    len = GetFullPathNameA("C:\\a\\..\\..\\b", sizeof(full), full, NULL);
    ok(!strcmp(full, "C:\\b"), ".. stops at the root: %s\n", full);
    len = GetFullPathNameA("\\root.txt", sizeof(full), full, NULL);
    ok(len == 11 && full[1] == ':' && !strcmp(full + 2, "\\root.txt"), "rooted: %s\n", full);

    /* DOS device names, \\?\ taken literally */
    len = GetFullPathNameA("nul", sizeof(full), full, NULL);
    ok(len == 7 && !strcmp(full, "\\\\.\\nul"), "nul: %s\n", full);
    len = GetFullPathNameA("\\\\?\\C:\\a\\..\\b", sizeof(full), full, NULL);
    ok(!strcmp(full, "\\\\?\\C:\\b"), "\\\\?\\ path: %s\n", full);
    len = GetFullPathNameA("\\\\server\\share\\a\\..\\b", sizeof(full), full, NULL);
    ok(!strcmp(full, "\\\\server\\share\\b"), "UNC: %s\n", full);

    /* a relative open uses the current directory */
    HANDLE h = CreateFileA("relative.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "relative create: %lu\n", GetLastError());
    CloseHandle(h);
    snprintf(full, sizeof(full), "%s\\relative.txt", base_dir);
    ok(GetFileAttributesA(full) != INVALID_FILE_ATTRIBUTES, "relative file not in the current directory\n");
    SetLastError(0xdeadbeef);
    ok(!SetCurrentDirectoryA("relative.txt") && GetLastError() == ERROR_DIRECTORY, "cd to a file: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetCurrentDirectoryA("no-such-dir") && GetLastError() == ERROR_FILE_NOT_FOUND, "cd to nothing: %lu\n",
       GetLastError());
    DeleteFileA("relative.txt");

    ok(SetCurrentDirectoryA(saved), "restore current directory: %lu\n", GetLastError());

    len = GetTempPathA(sizeof(cur), cur);
    ok(len > 0 && len == strlen(cur) && cur[len - 1] == '\\', "GetTempPath %s\n", cur);
    ok(GetTempPathA(1, cur) == len + 1, "GetTempPath size needed\n");
}

static void test_find(void)
{
    static const char *names[] = {"one.txt", "two.txt", "three.dat"};
    char path[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE h, find;
    int txt = 0, all = 0, dots = 0;

    for (int i = 0; i < 3; i++) {
        h = create(names[i], GENERIC_WRITE, 0, CREATE_ALWAYS);
        CloseHandle(h);
    }
    path_in_base(path, "*.txt");
    find = FindFirstFileA(path, &fd);
    ok(find != INVALID_HANDLE_VALUE, "FindFirstFile: %lu\n", GetLastError());
    if (find != INVALID_HANDLE_VALUE) {
        do
            txt++;
        while (FindNextFileA(find, &fd));
        ok(GetLastError() == ERROR_NO_MORE_FILES, "end of enumeration: %lu\n", GetLastError());
        ok(FindClose(find), "FindClose\n");
    }
    ok(txt == 2, "%d .txt files\n", txt);

    path_in_base(path, "*");
    find = FindFirstFileA(path, &fd);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            all++;
            if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, ".."))
                dots++;
            else
                ok(!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && fd.nFileSizeLow == 0,
                   "%s attributes %#lx\n", fd.cFileName, fd.dwFileAttributes);
        } while (FindNextFileA(find, &fd));
        FindClose(find);
    }
    ok(all == 5 && dots == 2, "%d entries, %d dot entries\n", all, dots);

    /* the root of a drive has no "." and ".." entries */
    dots = 0;
    find = FindFirstFileA("C:\\*", &fd);
    ok(find != INVALID_HANDLE_VALUE, "FindFirstFile(C:\\*): %lu\n", GetLastError());
    if (find != INVALID_HANDLE_VALUE) {
        do
            if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, ".."))
                dots++;
        while (FindNextFileA(find, &fd));
        FindClose(find);
    }
    ok(!dots, "%d dot entries at the drive root\n", dots);

    path_in_base(path, "*.none");
    SetLastError(0xdeadbeef);
    find = FindFirstFileA(path, &fd);
    ok(find == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "no match: %lu\n",
       GetLastError());
    path_in_base(path, "nodir\\*");
    SetLastError(0xdeadbeef);
    find = FindFirstFileA(path, &fd);
    ok(find == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND, "no dir: %lu\n",
       GetLastError());

    for (int i = 0; i < 3; i++) {
        path_in_base(path, names[i]);
        DeleteFileA(path);
    }
}

static void test_delete_on_close(void)
{
    char path[MAX_PATH];
    HANDLE h, dup;
    DWORD n;

    path_in_base(path, "temp.tmp");
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                    CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(h != INVALID_HANDLE_VALUE, "FILE_FLAG_DELETE_ON_CLOSE: %lu\n", GetLastError());
    ok(WriteFile(h, "tmp", 3, &n, NULL), "write: %lu\n", GetLastError());
    ok(GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES, "file missing while open\n");
    /* a duplicate keeps the same open alive */
    ok(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "dup: %lu\n", GetLastError());
    CloseHandle(h);
    ok(GetFileSize(dup, NULL) == 3, "duplicate still usable\n");
    CloseHandle(dup);
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND,
       "file still there after the last close: %lu\n", GetLastError());
}

static void test_move(void)
{
    char src[MAX_PATH], dst[MAX_PATH];
    HANDLE h;

    path_in_base(src, "move-src.txt");
    path_in_base(dst, "move-dst.txt");
    h = CreateFileA(src, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    h = CreateFileA(dst, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(!MoveFileA(src, dst) && GetLastError() == ERROR_ALREADY_EXISTS, "move onto existing: %lu\n",
       GetLastError());
    ok(MoveFileExA(src, dst, MOVEFILE_REPLACE_EXISTING), "MoveFileEx replace: %lu\n", GetLastError());
    ok(GetFileAttributesA(src) == INVALID_FILE_ATTRIBUTES, "source still there\n");
    ok(MoveFileA(dst, src), "MoveFile: %lu\n", GetLastError());
    ok(DeleteFileA(src), "delete moved file: %lu\n", GetLastError());
}

static void write_file(const char *path, const char *text)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n = 0;

    ok(h != INVALID_HANDLE_VALUE, "create %s: %lu\n", path, GetLastError());
    ok(WriteFile(h, text, strlen(text), &n, NULL) && n == strlen(text), "write %s: %lu\n", path,
       GetLastError());
    CloseHandle(h);
}

static BOOL file_has(const char *path, const char *text)
{
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    char buf[64] = {0};
    DWORD n = 0;

    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ReadFile(h, buf, sizeof(buf) - 1, &n, NULL);
    CloseHandle(h);
    return n == strlen(text) && !memcmp(buf, text, n);
}

static void test_copy(void)
{
    char src[MAX_PATH], dst[MAX_PATH], missing[MAX_PATH];
    WCHAR wsrc[MAX_PATH], wdst[MAX_PATH];
    FILETIME when = {0x12345600, 0x01d00000}, got;
    HANDLE h;

    path_in_base(src, "copy-src.txt");
    path_in_base(dst, "copy-dst.txt");
    path_in_base(missing, "copy-missing.txt");
    write_file(src, "copy me");
    h = CreateFileA(src, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(SetFileTime(h, NULL, NULL, &when), "SetFileTime: %lu\n", GetLastError());
    CloseHandle(h);
    ok(SetFileAttributesA(src, FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE), "attrs: %lu\n",
       GetLastError());

    /* the new file gets the contents, the attributes and the last write time of the source */
    ok(CopyFileA(src, dst, TRUE), "CopyFile: %lu\n", GetLastError());
    ok(file_has(dst, "copy me"), "copy has different contents\n");
    ok((GetFileAttributesA(dst) & (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_DIRECTORY)) ==
           FILE_ATTRIBUTE_READONLY,
       "copy attributes %#lx\n", GetFileAttributesA(dst));
    h = CreateFileA(dst, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(GetFileTime(h, NULL, NULL, &got) && got.dwLowDateTime == when.dwLowDateTime &&
           got.dwHighDateTime == when.dwHighDateTime,
       "copy last write time %08lx%08lx\n", got.dwHighDateTime, got.dwLowDateTime);
    CloseHandle(h);

    /* bFailIfExists */
    SetLastError(0xdeadbeef);
    ok(!CopyFileA(src, dst, TRUE) && GetLastError() == ERROR_FILE_EXISTS, "fail if exists: %lu\n",
       GetLastError());
    /* documented (CopyFile, learn.microsoft.com): a destination with FILE_ATTRIBUTE_READONLY or
     * FILE_ATTRIBUTE_HIDDEN is not replaced, ERROR_ACCESS_DENIED; Wine 8.0 replaces it */
    SetLastError(0xdeadbeef);
    BOOL ret = CopyFileA(src, dst, FALSE);
    ok((!ret && GetLastError() == ERROR_ACCESS_DENIED) || broken(ret), "read-only destination: %d %lu\n", ret,
       GetLastError());
    ok(SetFileAttributesA(dst, FILE_ATTRIBUTE_NORMAL), "attrs: %lu\n", GetLastError());
    write_file(dst, "old contents, longer than the source");
    ok(CopyFileA(src, dst, FALSE), "CopyFile overwrite: %lu\n", GetLastError());
    ok(file_has(dst, "copy me"), "overwritten copy has different contents\n");
    ok(SetFileAttributesA(dst, FILE_ATTRIBUTE_NORMAL), "attrs: %lu\n", GetLastError());

    /* the source is open without write sharing: a file cannot be copied onto itself */
    ok(SetFileAttributesA(src, FILE_ATTRIBUTE_ARCHIVE), "attrs: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CopyFileA(src, src, FALSE) && GetLastError() == ERROR_SHARING_VIOLATION, "copy onto itself: %lu\n",
       GetLastError());
    ok(file_has(src, "copy me"), "source damaged\n");

    SetLastError(0xdeadbeef);
    ok(!CopyFileA(missing, dst, FALSE) && GetLastError() == ERROR_FILE_NOT_FOUND, "missing source: %lu\n",
       GetLastError());
    ok(file_has(dst, "copy me"), "destination touched by a failed copy\n");
    SetLastError(0xdeadbeef);
    ok(!CopyFileA(base_dir, missing, FALSE) && GetLastError() == ERROR_ACCESS_DENIED,
       "directory source: %lu\n", GetLastError());
    ok(GetFileAttributesA(missing) == INVALID_FILE_ATTRIBUTES, "directory copy left a file\n");

    /* wide and Ex versions */
    MultiByteToWideChar(CP_ACP, 0, src, -1, wsrc, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, dst, -1, wdst, MAX_PATH);
    SetLastError(0xdeadbeef);
    ok(!CopyFileW(wsrc, wdst, TRUE) && GetLastError() == ERROR_FILE_EXISTS, "CopyFileW fail if exists: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CopyFileExW(wsrc, wdst, NULL, NULL, NULL, COPY_FILE_FAIL_IF_EXISTS) &&
           GetLastError() == ERROR_FILE_EXISTS,
       "CopyFileExW fail if exists: %lu\n", GetLastError());
    ok(DeleteFileA(dst), "delete copy: %lu\n", GetLastError());
    ok(CopyFileExA(src, dst, NULL, NULL, NULL, COPY_FILE_FAIL_IF_EXISTS), "CopyFileExA: %lu\n",
       GetLastError());
    ok(file_has(dst, "copy me"), "CopyFileExA copy has different contents\n");
    ok(SetFileAttributesA(dst, FILE_ATTRIBUTE_NORMAL), "attrs: %lu\n", GetLastError());
    ok(DeleteFileA(dst), "delete copy: %lu\n", GetLastError());
    ok(CopyFileW(wsrc, wdst, FALSE), "CopyFileW: %lu\n", GetLastError());
    ok(file_has(dst, "copy me"), "CopyFileW copy has different contents\n");

    ok(SetFileAttributesA(dst, FILE_ATTRIBUTE_NORMAL) && DeleteFileA(dst), "delete copy: %lu\n",
       GetLastError());
    ok(SetFileAttributesA(src, FILE_ATTRIBUTE_NORMAL) && DeleteFileA(src), "delete source: %lu\n",
       GetLastError());
}

/* WaitForSingleObject: a file handle is waitable; opened for synchronous I/O it has no I/O pending and is
 * signaled (learn.microsoft.com, WaitForSingleObject "Remarks" lists files; "Synchronization and
 * Overlapped Input and Output"). Console input (signaled while input is unread) cannot be tested here:
 * the runner's stdin is /dev/null, see docs/server.md for the by-hand check. */
static void test_wait_on_handles(void)
{
    HANDLE file, event, read_end, write_end, handles[2];
    char path[MAX_PATH];
    DWORD ret, n;

    path_in_base(path, "wait.tmp");
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "create: %lu\n", GetLastError());
    ret = WaitForSingleObject(file, 0);
    ok(ret == WAIT_OBJECT_0, "wait on a file: %#lx (%lu)\n", ret, GetLastError());
    ret = WaitForSingleObject(file, INFINITE);
    ok(ret == WAIT_OBJECT_0, "infinite wait on a file: %#lx\n", ret);
    ok(WriteFile(file, "abc", 3, &n, NULL) && n == 3, "write: %lu\n", GetLastError());
    ret = WaitForSingleObject(file, 0);
    ok(ret == WAIT_OBJECT_0, "wait on a file after a write: %#lx\n", ret);

    /* any: the first signaled object in array order wins */
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    handles[0] = event;
    handles[1] = file;
    ret = WaitForMultipleObjects(2, handles, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + 1, "any of (reset event, file): %#lx\n", ret);
    ret = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok(ret == WAIT_TIMEOUT, "all of (reset event, file): %#lx\n", ret);
    SetEvent(event);
    ret = WaitForMultipleObjects(2, handles, FALSE, 0);
    ok(ret == WAIT_OBJECT_0, "any of (set event, file): %#lx\n", ret);
    ret = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok(ret == WAIT_OBJECT_0, "all of (set event, file): %#lx\n", ret);
    CloseHandle(event);
    CloseHandle(file);

    /* a directory handle is a file object too */
    file = CreateFileA(base_dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(file != INVALID_HANDLE_VALUE, "open directory: %lu\n", GetLastError());
    ret = WaitForSingleObject(file, 0);
    ok(ret == WAIT_OBJECT_0, "wait on a directory: %#lx\n", ret);
    CloseHandle(file);

    /* anonymous pipe ends are file objects with no I/O pending: signaled even with nothing to read */
    ok(CreatePipe(&read_end, &write_end, NULL, 0), "CreatePipe: %lu\n", GetLastError());
    ret = WaitForSingleObject(read_end, 0);
    ok(ret == WAIT_OBJECT_0, "wait on an empty pipe's read end: %#lx\n", ret);
    ret = WaitForSingleObject(write_end, 0);
    ok(ret == WAIT_OBJECT_0, "wait on a pipe's write end: %#lx\n", ret);
    ok(WriteFile(write_end, "x", 1, &n, NULL), "pipe write: %lu\n", GetLastError());
    ret = WaitForSingleObject(read_end, 0);
    ok(ret == WAIT_OBJECT_0, "wait on a pipe with data: %#lx\n", ret);
    CloseHandle(read_end);
    CloseHandle(write_end);
}

START_TEST(file)
{
    char tmp[MAX_PATH];

    GetTempPathA(sizeof(tmp), tmp);
    /* a crashed earlier run may have left its directory: pick a fresh one */
    BOOL created = FALSE;
    for (int i = 0; i < 100 && !created; i++) {
        snprintf(base_dir, sizeof(base_dir), "%soriel-file-test-%lu-%d", tmp, GetCurrentProcessId(), i);
        created = CreateDirectoryA(base_dir, NULL);
    }
    if (!created) {
        skip("cannot create %s: %lu\n", base_dir, GetLastError());
        return;
    }
    test_dispositions();
    test_read_write_seek();
    test_sharing();
    test_attributes_and_directories();
    test_current_directory_and_full_paths();
    test_find();
    test_delete_on_close();
    test_move();
    test_copy();
    test_wait_on_handles();

    char path[MAX_PATH];
    path_in_base(path, "rw.txt");
    DeleteFileA(path);
    path_in_base(path, "disp.txt");
    DeleteFileA(path);
    ok(RemoveDirectoryA(base_dir), "test directory not empty at the end: %lu\n", GetLastError());
}
