/*
 * File API: CreateFile, ReadFile/WriteFile, file pointer and size, attributes, directories, the current
 * directory, full path names, the temp path, FindFirstFile/FindNextFile, MoveFile and CopyFile.
 *
 * Everything goes through ntdll (Nt*File, Rtl* path functions). FindFirstFile enumerates on the host
 * side over the directory's fd until ntdll grows NtQueryDirectoryFile.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel32_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

/* Windows x64 layouts (checked against mingw-w64's headers) */
C_ASSERT(sizeof(WIN32_FIND_DATAA) == 320);
C_ASSERT(sizeof(WIN32_FIND_DATAW) == 592);
C_ASSERT(sizeof(BY_HANDLE_FILE_INFORMATION) == 52);
C_ASSERT(sizeof(WIN32_FILE_ATTRIBUTE_DATA) == 36);
C_ASSERT(sizeof(OVERLAPPED) == 32);

/* Open by DOS name through NtCreateFile. */
static NTSTATUS open_dos_name(const WCHAR *name, HANDLE *handle, ACCESS_MASK access, ULONG attributes,
                              ULONG sharing, ULONG disposition, ULONG options, ULONG obj_attributes,
                              ULONG_PTR *info)
{
    UNICODE_STRING nt_name;
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = RtlDosPathNameToNtPathName_U_WithStatus(name, &nt_name, NULL, NULL)))
        return status;
    attr.Length = sizeof(attr);
    attr.RootDirectory = NULL;
    attr.ObjectName = &nt_name;
    attr.Attributes = obj_attributes | OBJ_CASE_INSENSITIVE;
    attr.SecurityDescriptor = NULL;
    attr.SecurityQualityOfService = NULL;
    io.Information = 0;
    status =
        NtCreateFile(handle, access, &attr, &io, NULL, attributes, sharing, disposition, options, NULL, 0);
    if (info)
        *info = io.Information;
    RtlFreeUnicodeString(&nt_name);
    return status;
}

static NTSTATUS query_by_name(const WCHAR *name, FILE_NETWORK_OPEN_INFORMATION *info)
{
    UNICODE_STRING nt_name;
    OBJECT_ATTRIBUTES attr = {sizeof(attr), NULL, &nt_name, OBJ_CASE_INSENSITIVE, NULL, NULL};
    NTSTATUS status;

    if ((status = RtlDosPathNameToNtPathName_U_WithStatus(name, &nt_name, NULL, NULL)))
        return status;
    status = NtQueryFullAttributesFile(&attr, info);
    RtlFreeUnicodeString(&nt_name);
    return status;
}

/* ---- CreateFile ---- */

WINBASEAPI HANDLE WINAPI CreateFileW(LPCWSTR name, DWORD access, DWORD sharing, LPSECURITY_ATTRIBUTES sa,
                                     DWORD creation, DWORD attributes, HANDLE template_file)
{
    static const ULONG dispositions[] = {0,         FILE_CREATE,  FILE_OVERWRITE_IF,
                                         FILE_OPEN, FILE_OPEN_IF, FILE_OVERWRITE};
    ULONG options = 0, disposition;
    ULONG_PTR info = 0;
    HANDLE handle;
    NTSTATUS status;

    TRACE("%s %#x %#x %p %u %#x %p\n", debugstr_w(name), access, sharing, sa, creation, attributes,
          template_file);
    if (!name || !name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (creation < CREATE_NEW || creation > TRUNCATE_EXISTING) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    disposition = dispositions[creation];
    if (template_file)
        FIXME_ONCE("template files are ignored\n");
    if (!(attributes & FILE_FLAG_OVERLAPPED))
        options |= FILE_SYNCHRONOUS_IO_NONALERT;
    else
        FIXME_ONCE("FILE_FLAG_OVERLAPPED: I/O completes synchronously\n");
    if (!(attributes & FILE_FLAG_BACKUP_SEMANTICS))
        options |= FILE_NON_DIRECTORY_FILE;
    if (attributes & FILE_FLAG_DELETE_ON_CLOSE) {
        options |= FILE_DELETE_ON_CLOSE;
        access |= DELETE;
    }
    if (attributes & FILE_FLAG_WRITE_THROUGH)
        options |= FILE_WRITE_THROUGH;
    if (attributes & FILE_FLAG_NO_BUFFERING)
        options |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (attributes & FILE_FLAG_RANDOM_ACCESS)
        options |= FILE_RANDOM_ACCESS;
    if (attributes & FILE_FLAG_SEQUENTIAL_SCAN)
        options |= FILE_SEQUENTIAL_ONLY;
    if (attributes & FILE_FLAG_OPEN_REPARSE_POINT)
        options |= FILE_OPEN_REPARSE_POINT;

    status =
        open_dos_name(name, &handle, access | SYNCHRONIZE | FILE_READ_ATTRIBUTES, attributes & 0x7fff,
                      sharing, disposition, options, (sa && sa->bInheritHandle) ? OBJ_INHERIT : 0, &info);
    if (status) {
        /* CREATE_NEW on an existing file is "file exists", not the generic "already exists" */
        if (status == STATUS_OBJECT_NAME_COLLISION)
            SetLastError(ERROR_FILE_EXISTS);
        else
            SetLastError(RtlNtStatusToDosError(status));
        return INVALID_HANDLE_VALUE;
    }
    /* documented: OPEN_ALWAYS and CREATE_ALWAYS say whether the file existed through the last error */
    if (creation == OPEN_ALWAYS || creation == CREATE_ALWAYS)
        SetLastError(info == FILE_OPENED || info == FILE_OVERWRITTEN ? ERROR_ALREADY_EXISTS : 0);
    else
        SetLastError(0);
    return handle;
}

WINBASEAPI HANDLE WINAPI CreateFileA(LPCSTR name, DWORD access, DWORD sharing, LPSECURITY_ATTRIBUTES sa,
                                     DWORD creation, DWORD attributes, HANDLE template_file)
{
    WCHAR *wname;
    HANDLE ret;

    if (!name)
        return CreateFileW(NULL, access, sharing, sa, creation, attributes, template_file);
    if (!(wname = k32_ansi_to_wide(name))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    ret = CreateFileW(wname, access, sharing, sa, creation, attributes, template_file);
    free(wname);
    return ret;
}

/* ---- read, write ---- */

WINBASEAPI BOOL WINAPI ReadFile(HANDLE file, LPVOID buffer, DWORD count, LPDWORD read,
                                LPOVERLAPPED overlapped)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER offset, *poffset = NULL;
    NTSTATUS status;

    TRACE("%p %p %u %p %p\n", file, buffer, count, read, overlapped);
    if (read)
        *read = 0;
    if (overlapped) {
        offset.QuadPart = ((LONGLONG)overlapped->OffsetHigh << 32) | overlapped->Offset;
        poffset = &offset;
    }
    io.Information = 0;
    status = NtReadFile(file, NULL, NULL, NULL, &io, buffer, count, poffset, NULL);
    if (overlapped) {
        overlapped->Internal = status;
        overlapped->InternalHigh = io.Information;
    }
    if (status == STATUS_END_OF_FILE) {
        /* a synchronous read at the end of a file succeeds with nothing read; with an offset it fails */
        if (!overlapped)
            return TRUE;
        SetLastError(ERROR_HANDLE_EOF);
        return FALSE;
    }
    if (!k32_set_ntstatus(status))
        return FALSE;
    if (read)
        *read = io.Information;
    return TRUE;
}

WINBASEAPI BOOL WINAPI WriteFile(HANDLE file, LPCVOID buffer, DWORD count, LPDWORD written,
                                 LPOVERLAPPED overlapped)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER offset, *poffset = NULL;
    NTSTATUS status;

    TRACE("%p %p %u %p %p\n", file, buffer, count, written, overlapped);
    if (written)
        *written = 0;
    if (!overlapped) {
        BOOL ret;
        if (k32_console_write_file(file, buffer, count, written, &ret))
            return ret;
    }
    if (overlapped) {
        offset.QuadPart = ((LONGLONG)overlapped->OffsetHigh << 32) | overlapped->Offset;
        poffset = &offset;
    }
    io.Information = 0;
    status = NtWriteFile(file, NULL, NULL, NULL, &io, buffer, count, poffset, NULL);
    if (overlapped) {
        overlapped->Internal = status;
        overlapped->InternalHigh = io.Information;
    }
    if (written)
        *written = io.Information;
    return k32_set_ntstatus(status);
}

/* ---- position and size ---- */

WINBASEAPI BOOL WINAPI SetFilePointerEx(HANDLE file, LARGE_INTEGER distance, PLARGE_INTEGER new_pos,
                                        DWORD method)
{
    FILE_POSITION_INFORMATION pos;
    FILE_STANDARD_INFORMATION std;
    IO_STATUS_BLOCK io;
    LONGLONG base;
    NTSTATUS status;

    TRACE("%p %lld %p %u\n", file, (long long)distance.QuadPart, new_pos, method);
    switch (method) {
    case FILE_BEGIN:
        base = 0;
        break;
    case FILE_CURRENT:
        if ((status = NtQueryInformationFile(file, &io, &pos, sizeof(pos), FilePositionInformation)))
            return k32_set_ntstatus(status);
        base = pos.CurrentByteOffset.QuadPart;
        break;
    case FILE_END:
        if ((status = NtQueryInformationFile(file, &io, &std, sizeof(std), FileStandardInformation)))
            return k32_set_ntstatus(status);
        base = std.EndOfFile.QuadPart;
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (base + distance.QuadPart < 0) {
        SetLastError(ERROR_NEGATIVE_SEEK);
        return FALSE;
    }
    pos.CurrentByteOffset.QuadPart = base + distance.QuadPart;
    if ((status = NtSetInformationFile(file, &io, &pos, sizeof(pos), FilePositionInformation)))
        return k32_set_ntstatus(status);
    if (new_pos)
        new_pos->QuadPart = pos.CurrentByteOffset.QuadPart;
    return TRUE;
}

WINBASEAPI DWORD WINAPI SetFilePointer(HANDLE file, LONG distance, PLONG high, DWORD method)
{
    LARGE_INTEGER dist, res;

    if (high)
        dist.QuadPart = ((LONGLONG)*high << 32) | (DWORD)distance;
    else
        dist.QuadPart = distance;
    if (!SetFilePointerEx(file, dist, &res, method))
        return INVALID_SET_FILE_POINTER;
    if (high)
        *high = res.HighPart;
    else if (res.HighPart) {
        /* the new position does not fit the 32-bit result */
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    /* documented: a valid position equal to INVALID_SET_FILE_POINTER is told apart by NO_ERROR */
    if (res.LowPart == INVALID_SET_FILE_POINTER)
        SetLastError(NO_ERROR);
    return res.LowPart;
}

WINBASEAPI BOOL WINAPI GetFileSizeEx(HANDLE file, PLARGE_INTEGER size)
{
    FILE_STANDARD_INFORMATION std;
    IO_STATUS_BLOCK io;
    NTSTATUS status = NtQueryInformationFile(file, &io, &std, sizeof(std), FileStandardInformation);

    if (!k32_set_ntstatus(status))
        return FALSE;
    if (std.Directory) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    size->QuadPart = std.EndOfFile.QuadPart;
    return TRUE;
}

WINBASEAPI DWORD WINAPI GetFileSize(HANDLE file, LPDWORD high)
{
    LARGE_INTEGER size;

    if (!GetFileSizeEx(file, &size))
        return INVALID_FILE_SIZE;
    if (high)
        *high = size.HighPart;
    /* documented: a real size whose low part is INVALID_FILE_SIZE is told apart by NO_ERROR */
    if (size.LowPart == INVALID_FILE_SIZE)
        SetLastError(NO_ERROR);
    return size.LowPart;
}

WINBASEAPI BOOL WINAPI SetEndOfFile(HANDLE file)
{
    FILE_POSITION_INFORMATION pos;
    FILE_END_OF_FILE_INFORMATION eof;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(file, &io, &pos, sizeof(pos), FilePositionInformation)))
        return k32_set_ntstatus(status);
    eof.EndOfFile = pos.CurrentByteOffset;
    return k32_set_ntstatus(NtSetInformationFile(file, &io, &eof, sizeof(eof), FileEndOfFileInformation));
}

WINBASEAPI BOOL WINAPI FlushFileBuffers(HANDLE file)
{
    IO_STATUS_BLOCK io;
    return k32_set_ntstatus(NtFlushBuffersFile(file, &io));
}

WINBASEAPI DWORD WINAPI GetFileType(HANDLE file)
{
    FILE_FS_DEVICE_INFORMATION dev;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    status = NtQueryVolumeInformationFile(file, &io, &dev, sizeof(dev), FileFsDeviceInformation);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return FILE_TYPE_UNKNOWN;
    }
    switch (dev.DeviceType) {
    case FILE_DEVICE_DISK:
    case FILE_DEVICE_CD_ROM:
        return FILE_TYPE_DISK;
    case FILE_DEVICE_CONSOLE:
    case FILE_DEVICE_NULL:
    case FILE_DEVICE_SERIAL_PORT:
        return FILE_TYPE_CHAR;
    case FILE_DEVICE_NAMED_PIPE:
        return FILE_TYPE_PIPE;
    default:
        /* documented: FILE_TYPE_UNKNOWN with NO_ERROR means a real but unknown type */
        SetLastError(NO_ERROR);
        return FILE_TYPE_UNKNOWN;
    }
}

static void nt_time_to_filetime(const LARGE_INTEGER *t, FILETIME *ft)
{
    ft->dwLowDateTime = t->LowPart;
    ft->dwHighDateTime = t->HighPart;
}

WINBASEAPI BOOL WINAPI GetFileInformationByHandle(HANDLE file, LPBY_HANDLE_FILE_INFORMATION info)
{
    FILE_BASIC_INFORMATION basic;
    FILE_STANDARD_INFORMATION std;
    FILE_INTERNAL_INFORMATION internal;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(file, &io, &basic, sizeof(basic), FileBasicInformation)) ||
        (status = NtQueryInformationFile(file, &io, &std, sizeof(std), FileStandardInformation)) ||
        (status = NtQueryInformationFile(file, &io, &internal, sizeof(internal), FileInternalInformation)))
        return k32_set_ntstatus(status);
    info->dwFileAttributes = basic.FileAttributes;
    nt_time_to_filetime(&basic.CreationTime, &info->ftCreationTime);
    nt_time_to_filetime(&basic.LastAccessTime, &info->ftLastAccessTime);
    nt_time_to_filetime(&basic.LastWriteTime, &info->ftLastWriteTime);
    struct {
        FILE_FS_VOLUME_INFORMATION info;
        WCHAR label[32];
    } volume;
    if (NtQueryVolumeInformationFile(file, &io, &volume, sizeof(volume), FileFsVolumeInformation))
        volume.info.VolumeSerialNumber = 0;
    info->dwVolumeSerialNumber = volume.info.VolumeSerialNumber;
    info->nFileSizeHigh = std.EndOfFile.HighPart;
    info->nFileSizeLow = std.EndOfFile.LowPart;
    info->nNumberOfLinks = std.NumberOfLinks;
    info->nFileIndexHigh = internal.IndexNumber.HighPart;
    info->nFileIndexLow = internal.IndexNumber.LowPart;
    return TRUE;
}

WINBASEAPI BOOL WINAPI GetFileTime(HANDLE file, LPFILETIME creation, LPFILETIME access, LPFILETIME write)
{
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK io;
    NTSTATUS status = NtQueryInformationFile(file, &io, &basic, sizeof(basic), FileBasicInformation);

    if (!k32_set_ntstatus(status))
        return FALSE;
    if (creation)
        nt_time_to_filetime(&basic.CreationTime, creation);
    if (access)
        nt_time_to_filetime(&basic.LastAccessTime, access);
    if (write)
        nt_time_to_filetime(&basic.LastWriteTime, write);
    return TRUE;
}

/* ---- by name: delete, attributes, directories ---- */

static BOOL delete_by_name(const WCHAR *name, ULONG options)
{
    FILE_DISPOSITION_INFORMATION disp = {TRUE};
    IO_STATUS_BLOCK io;
    HANDLE handle;
    NTSTATUS status;

    if (!name || !name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    status = open_dos_name(name, &handle, DELETE | SYNCHRONIZE, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                           options | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_REPARSE_POINT, 0, NULL);
    if (!k32_set_ntstatus(status))
        return FALSE;
    status = NtSetInformationFile(handle, &io, &disp, sizeof(disp), FileDispositionInformation);
    NtClose(handle);
    return k32_set_ntstatus(status);
}

WINBASEAPI BOOL WINAPI DeleteFileW(LPCWSTR name)
{
    TRACE("%s\n", debugstr_w(name));
    return delete_by_name(name, FILE_NON_DIRECTORY_FILE);
}

WINBASEAPI BOOL WINAPI RemoveDirectoryW(LPCWSTR name)
{
    TRACE("%s\n", debugstr_w(name));
    return delete_by_name(name, FILE_DIRECTORY_FILE);
}

WINBASEAPI BOOL WINAPI CreateDirectoryW(LPCWSTR name, LPSECURITY_ATTRIBUTES sa)
{
    HANDLE handle;
    NTSTATUS status;

    TRACE("%s %p\n", debugstr_w(name), sa);
    if (!name || !name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    status = open_dos_name(name, &handle, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_ATTRIBUTE_NORMAL,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                           FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, NULL);
    if (!k32_set_ntstatus(status))
        return FALSE;
    NtClose(handle);
    return TRUE;
}

WINBASEAPI DWORD WINAPI GetFileAttributesW(LPCWSTR name)
{
    FILE_NETWORK_OPEN_INFORMATION info;
    NTSTATUS status;

    TRACE("%s\n", debugstr_w(name));
    if (!name || !name[0]) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_FILE_ATTRIBUTES;
    }
    if ((status = query_by_name(name, &info))) {
        SetLastError(RtlNtStatusToDosError(status));
        return INVALID_FILE_ATTRIBUTES;
    }
    return info.FileAttributes;
}

WINBASEAPI BOOL WINAPI GetFileAttributesExW(LPCWSTR name, GET_FILEEX_INFO_LEVELS level, LPVOID ptr)
{
    WIN32_FILE_ATTRIBUTE_DATA *data = ptr;
    FILE_NETWORK_OPEN_INFORMATION info;
    NTSTATUS status;

    TRACE("%s %u %p\n", debugstr_w(name), level, ptr);
    if (level != GetFileExInfoStandard) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!name || !name[0]) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    if ((status = query_by_name(name, &info)))
        return k32_set_ntstatus(status);
    data->dwFileAttributes = info.FileAttributes;
    nt_time_to_filetime(&info.CreationTime, &data->ftCreationTime);
    nt_time_to_filetime(&info.LastAccessTime, &data->ftLastAccessTime);
    nt_time_to_filetime(&info.LastWriteTime, &data->ftLastWriteTime);
    data->nFileSizeHigh = info.EndOfFile.HighPart;
    data->nFileSizeLow = info.EndOfFile.LowPart;
    return TRUE;
}

/* The A variants convert the name (ANSI code page, as Windows) and call W. NULL stays NULL; FALSE when
 * out of memory (error set). */
WINBASEAPI BOOL WINAPI DeleteFileA(LPCSTR name)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = DeleteFileW(wname);
    free(wname);
    return ret;
}

WINBASEAPI BOOL WINAPI RemoveDirectoryA(LPCSTR name)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = RemoveDirectoryW(wname);
    free(wname);
    return ret;
}

WINBASEAPI BOOL WINAPI CreateDirectoryA(LPCSTR name, LPSECURITY_ATTRIBUTES sa)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = CreateDirectoryW(wname, sa);
    free(wname);
    return ret;
}

WINBASEAPI DWORD WINAPI GetFileAttributesA(LPCSTR name)
{
    WCHAR *wname;
    DWORD ret;

    if (!k32_ansi_name(name, &wname))
        return INVALID_FILE_ATTRIBUTES;
    ret = GetFileAttributesW(wname);
    free(wname);
    return ret;
}

WINBASEAPI BOOL WINAPI GetFileAttributesExA(LPCSTR name, GET_FILEEX_INFO_LEVELS level, LPVOID info)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = GetFileAttributesExW(wname, level, info);
    free(wname);
    return ret;
}

WINBASEAPI BOOL WINAPI SetCurrentDirectoryA(LPCSTR name)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = SetCurrentDirectoryW(wname);
    free(wname);
    return ret;
}

/* ---- current directory, full names, temp path ---- */

WINBASEAPI DWORD WINAPI GetCurrentDirectoryW(DWORD size, LPWSTR buffer)
{
    return RtlGetCurrentDirectory_U(size * sizeof(WCHAR), buffer) / sizeof(WCHAR);
}

/* Copies a wide result into an ANSI buffer with the W function's size convention: the length without
 * terminator when it fits, else the size needed including it. */
static DWORD copy_result_a(const WCHAR *src, DWORD wlen_, LPSTR buffer, DWORD size)
{
    ULONG needed = k32_wide_to_ansi(src, wlen_, NULL, 0);
    if (needed + 1 > size)
        return needed + 1;
    k32_wide_to_ansi(src, wlen_, buffer, size);
    buffer[needed] = 0;
    return needed;
}

WINBASEAPI DWORD WINAPI GetCurrentDirectoryA(DWORD size, LPSTR buffer)
{
    WCHAR buf[MAX_PATH * 4];
    DWORD len = GetCurrentDirectoryW(ARRAY_SIZE(buf), buf);

    if (!len || len >= ARRAY_SIZE(buf))
        return len;
    return copy_result_a(buf, len, buffer, size);
}

WINBASEAPI BOOL WINAPI SetCurrentDirectoryW(LPCWSTR name)
{
    UNICODE_STRING dir;

    TRACE("%s\n", debugstr_w(name));
    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    dir.Buffer = (WCHAR *)name;
    dir.Length = NTDLL_wcslen(name) * sizeof(WCHAR);
    dir.MaximumLength = dir.Length + sizeof(WCHAR);
    return k32_set_ntstatus(RtlSetCurrentDirectory_U(&dir));
}

WINBASEAPI DWORD WINAPI GetFullPathNameW(LPCWSTR name, DWORD size, LPWSTR buffer, LPWSTR *file_part)
{
    ULONG ret;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (size > 0x7fff)
        size = 0x7fff; /* the Rtl call counts bytes in a ULONG; longer paths are not supported anyway */
    ret = RtlGetFullPathName_U(name, size * sizeof(WCHAR), buffer, file_part);
    if (!ret)
        SetLastError(name[0] ? ERROR_FILENAME_EXCED_RANGE : ERROR_INVALID_NAME);
    return ret / sizeof(WCHAR);
}

WINBASEAPI DWORD WINAPI GetFullPathNameA(LPCSTR name, DWORD size, LPSTR buffer, LPSTR *file_part)
{
    WCHAR *wname, *wbuf, *wpart = NULL;
    DWORD len, ret;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(wname = k32_ansi_to_wide(name))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    len = GetFullPathNameW(wname, 0, NULL, NULL);
    if (!len || !(wbuf = malloc(len * sizeof(WCHAR)))) {
        free(wname);
        return 0;
    }
    len = GetFullPathNameW(wname, len, wbuf, &wpart);
    free(wname);
    ret = copy_result_a(wbuf, len, buffer, size);
    if (file_part)
        *file_part = (ret < size && wpart) ? buffer + k32_wide_to_ansi(wbuf, wpart - wbuf, NULL, 0) : NULL;
    free(wbuf);
    return ret;
}

WINBASEAPI DWORD WINAPI GetTempPathW(DWORD size, LPWSTR buffer)
{
    static const WCHAR *const vars[] = {u"TMP", u"TEMP", u"USERPROFILE"};
    WCHAR tmp[MAX_PATH + 1], full[MAX_PATH + 2];
    DWORD len = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(vars) && !len; i++) {
        len = GetEnvironmentVariableW(vars[i], tmp, ARRAY_SIZE(tmp));
        if (len >= ARRAY_SIZE(tmp))
            len = 0;
    }
    if (!len && !(len = GetWindowsDirectoryW(tmp, ARRAY_SIZE(tmp))))
        return 0;
    len = GetFullPathNameW(tmp, MAX_PATH, full, NULL);
    if (!len || len >= MAX_PATH)
        return 0;
    if (full[len - 1] != '\\') {
        full[len++] = '\\';
        full[len] = 0;
    }
    if (len + 1 > size)
        return len + 1;
    memcpy(buffer, full, (len + 1) * sizeof(WCHAR));
    return len;
}

WINBASEAPI DWORD WINAPI GetTempPathA(DWORD size, LPSTR buffer)
{
    WCHAR buf[MAX_PATH + 2];
    DWORD len = GetTempPathW(ARRAY_SIZE(buf), buf);

    if (!len || len >= ARRAY_SIZE(buf))
        return len;
    return copy_result_a(buf, len, buffer, size);
}

/* ---- FindFirstFile / FindNextFile ---- */

struct find_state {
    DWORD magic;
    DIR *dir;
    HANDLE handle; /* the open directory (keeps share modes honest) */
    WCHAR *mask;   /* the pattern's last component */
    BOOL is_root;  /* a drive root lists no "." and ".." entries */
};
#define FIND_MAGIC 0x646e6946 /* "Find" */

static WCHAR upcase(WCHAR c)
{
    return RtlUpcaseUnicodeChar(c);
}

/* Windows wildcard match: '*' any run, '?' one character (or none at the end, or before a dot),
 * case-insensitive. A mask "*.*" matches names without a dot too. */
static int match_mask(const WCHAR *mask, const WCHAR *name)
{
    while (*mask) {
        if (*mask == '*') {
            while (*mask == '*')
                mask++;
            if (!*mask)
                return 1;
            if (mask[0] == '.' && mask[1] == '*' && !mask[2])
                return 1;
            for (const WCHAR *p = name; *p; p++)
                if (match_mask(mask, p))
                    return 1;
            return match_mask(mask, name + NTDLL_wcslen(name));
        }
        if (*mask == '?') {
            if (*name && *name != '.')
                name++;
            mask++;
            continue;
        }
        if (*mask == '.' && !*name) {
            mask++; /* "name." matches "name" */
            continue;
        }
        if (upcase(*mask) != upcase(*name))
            return 0;
        mask++;
        name++;
    }
    return !*name;
}

static BOOL next_entry(struct find_state *find, WIN32_FIND_DATAW *data)
{
    struct dirent *de;
    struct stat st;

    while ((de = readdir(find->dir))) {
        WCHAR name[MAX_PATH];
        ULONG bytes;
        size_t len = strlen(de->d_name);
        if (RtlUTF8ToUnicodeN(name, sizeof(name) - sizeof(WCHAR), &bytes, de->d_name, len) || !bytes)
            continue;
        name[bytes / sizeof(WCHAR)] = 0;
        if (find->is_root && name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
            continue;
        if (!match_mask(find->mask, name))
            continue;
        if (fstatat(dirfd(find->dir), de->d_name, &st, 0) &&
            fstatat(dirfd(find->dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
            continue;
        memset(data, 0, sizeof(*data));
        data->dwFileAttributes = S_ISDIR(st.st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
        if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
            data->dwFileAttributes |= FILE_ATTRIBUTE_READONLY;
        ULONGLONG t =
            (ULONGLONG)st.st_mtim.tv_sec * 10000000 + st.st_mtim.tv_nsec / 100 + 116444736000000000ULL;
        data->ftLastWriteTime.dwLowDateTime = (DWORD)t;
        data->ftLastWriteTime.dwHighDateTime = (DWORD)(t >> 32);
        data->ftCreationTime = data->ftLastWriteTime;
        t = (ULONGLONG)st.st_atim.tv_sec * 10000000 + st.st_atim.tv_nsec / 100 + 116444736000000000ULL;
        data->ftLastAccessTime.dwLowDateTime = (DWORD)t;
        data->ftLastAccessTime.dwHighDateTime = (DWORD)(t >> 32);
        if (!S_ISDIR(st.st_mode)) {
            data->nFileSizeHigh = (DWORD)((ULONGLONG)st.st_size >> 32);
            data->nFileSizeLow = (DWORD)st.st_size;
        }
        memcpy(data->cFileName, name, (NTDLL_wcslen(name) + 1) * sizeof(WCHAR));
        return TRUE;
    }
    return FALSE;
}

WINBASEAPI HANDLE WINAPI FindFirstFileW(LPCWSTR pattern, LPWIN32_FIND_DATAW data)
{
    struct find_state *find;
    WCHAR *dir_name, *mask_start;
    size_t len;
    HANDLE dir_handle;
    NTSTATUS status;
    int fd, dup_fd;

    TRACE("%s %p\n", debugstr_w(pattern), data);
    if (!pattern || !pattern[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    len = NTDLL_wcslen(pattern);
    if (pattern[len - 1] == '\\' || pattern[len - 1] == '/') {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (!(dir_name = malloc((len + 3) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    memcpy(dir_name, pattern, (len + 1) * sizeof(WCHAR));
    mask_start = dir_name + len;
    while (mask_start > dir_name && mask_start[-1] != '\\' && mask_start[-1] != '/' &&
           !(mask_start - dir_name == 2 && dir_name[1] == ':'))
        mask_start--;
    if (!(find = calloc(1, sizeof(*find))) ||
        !(find->mask = malloc((NTDLL_wcslen(mask_start) + 1) * sizeof(WCHAR)))) {
        free(find);
        free(dir_name);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    memcpy(find->mask, mask_start, (NTDLL_wcslen(mask_start) + 1) * sizeof(WCHAR));
    if (mask_start == dir_name) {
        dir_name[0] = '.';
        dir_name[1] = 0;
    } else if (mask_start - dir_name == 2 && dir_name[1] == ':') {
        dir_name[2] = '.';
        dir_name[3] = 0;
    } else
        *mask_start = 0;

    {
        WCHAR full[8];
        DWORD len = GetFullPathNameW(dir_name, ARRAY_SIZE(full), full, NULL);
        find->is_root = len == 3 && full[1] == ':' && full[2] == '\\';
    }
    status = open_dos_name(dir_name, &dir_handle, FILE_LIST_DIRECTORY | SYNCHRONIZE, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                           FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, NULL);
    free(dir_name);
    if (status) {
        /* a missing directory in the pattern is a missing path */
        SetLastError(status == STATUS_OBJECT_NAME_NOT_FOUND ? ERROR_PATH_NOT_FOUND
                                                            : RtlNtStatusToDosError(status));
        goto fail;
    }
    find->handle = dir_handle;
    if (__oriel_handle_unix_fd(dir_handle, &fd, NULL) || (dup_fd = dup(fd)) == -1 ||
        !(find->dir = fdopendir(dup_fd))) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        goto fail;
    }
    rewinddir(find->dir);
    if (!next_entry(find, data)) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        goto fail;
    }
    find->magic = FIND_MAGIC;
    return (HANDLE)find;

fail:
    if (find->dir)
        closedir(find->dir);
    if (find->handle)
        NtClose(find->handle);
    free(find->mask);
    free(find);
    return INVALID_HANDLE_VALUE;
}

WINBASEAPI BOOL WINAPI FindNextFileW(HANDLE handle, LPWIN32_FIND_DATAW data)
{
    struct find_state *find = handle;

    if (!find || handle == INVALID_HANDLE_VALUE || find->magic != FIND_MAGIC) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!next_entry(find, data)) {
        SetLastError(ERROR_NO_MORE_FILES);
        return FALSE;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI FindClose(HANDLE handle)
{
    struct find_state *find = handle;

    if (!find || handle == INVALID_HANDLE_VALUE || find->magic != FIND_MAGIC) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    find->magic = 0;
    closedir(find->dir);
    NtClose(find->handle);
    free(find->mask);
    free(find);
    return TRUE;
}

static void find_data_to_a(const WIN32_FIND_DATAW *w, WIN32_FIND_DATAA *a)
{
    memcpy(a, w, offsetof(WIN32_FIND_DATAA, cFileName));
    ULONG n = k32_wide_to_ansi(w->cFileName, -1, a->cFileName, sizeof(a->cFileName));
    if (!n)
        a->cFileName[0] = 0;
    a->cFileName[sizeof(a->cFileName) - 1] = 0;
    a->cAlternateFileName[0] = 0;
}

WINBASEAPI HANDLE WINAPI FindFirstFileA(LPCSTR pattern, LPWIN32_FIND_DATAA data)
{
    WIN32_FIND_DATAW wdata;
    WCHAR *wpattern;
    HANDLE ret;

    if (!pattern) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (!(wpattern = k32_ansi_to_wide(pattern))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    ret = FindFirstFileW(wpattern, &wdata);
    free(wpattern);
    if (ret != INVALID_HANDLE_VALUE)
        find_data_to_a(&wdata, data);
    return ret;
}

WINBASEAPI BOOL WINAPI FindNextFileA(HANDLE handle, LPWIN32_FIND_DATAA data)
{
    WIN32_FIND_DATAW wdata;

    if (!FindNextFileW(handle, &wdata))
        return FALSE;
    find_data_to_a(&wdata, data);
    return TRUE;
}

/* ---- MoveFile ---- */

WINBASEAPI BOOL WINAPI MoveFileExW(LPCWSTR src, LPCWSTR dst, DWORD flags)
{
    FILE_RENAME_INFORMATION *info;
    UNICODE_STRING nt_dst;
    IO_STATUS_BLOCK io;
    HANDLE handle;
    NTSTATUS status;
    ULONG size;

    TRACE("%s %s %#x\n", debugstr_w(src), debugstr_w(dst), flags);
    if (!dst) {
        FIXME("deleting at reboot is not supported\n");
        SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT)
        FIXME_ONCE("MOVEFILE_DELAY_UNTIL_REBOOT: moving now\n");
    if (!src || !src[0] || !dst[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    status = open_dos_name(src, &handle, DELETE | SYNCHRONIZE, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                           FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_REPARSE_POINT, 0, NULL);
    if (!k32_set_ntstatus(status))
        return FALSE;
    if ((status = RtlDosPathNameToNtPathName_U_WithStatus(dst, &nt_dst, NULL, NULL))) {
        NtClose(handle);
        return k32_set_ntstatus(status);
    }
    size = offsetof(FILE_RENAME_INFORMATION, FileName) + nt_dst.Length;
    if (!(info = malloc(size))) {
        RtlFreeUnicodeString(&nt_dst);
        NtClose(handle);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    info->ReplaceIfExists = !!(flags & MOVEFILE_REPLACE_EXISTING);
    info->RootDirectory = NULL;
    info->FileNameLength = nt_dst.Length;
    memcpy(info->FileName, nt_dst.Buffer, nt_dst.Length);
    RtlFreeUnicodeString(&nt_dst);
    status = NtSetInformationFile(handle, &io, info, size, FileRenameInformation);
    free(info);
    NtClose(handle);
    if (status == STATUS_NOT_SAME_DEVICE && (flags & MOVEFILE_COPY_ALLOWED))
        FIXME("moving across file systems (copy and delete) is not supported yet\n");
    return k32_set_ntstatus(status);
}

WINBASEAPI BOOL WINAPI MoveFileW(LPCWSTR src, LPCWSTR dst)
{
    return MoveFileExW(src, dst, MOVEFILE_COPY_ALLOWED);
}

WINBASEAPI BOOL WINAPI MoveFileExA(LPCSTR src, LPCSTR dst, DWORD flags)
{
    WCHAR *wsrc, *wdst;
    BOOL ret;

    if (!k32_ansi_name(src, &wsrc))
        return FALSE;
    if (!k32_ansi_name(dst, &wdst)) {
        free(wsrc);
        return FALSE;
    }
    ret = MoveFileExW(wsrc, wdst, flags);
    free(wsrc);
    free(wdst);
    return ret;
}

WINBASEAPI BOOL WINAPI MoveFileA(LPCSTR src, LPCSTR dst)
{
    return MoveFileExA(src, dst, MOVEFILE_COPY_ALLOWED);
}

/* ---- CopyFile ---- */

/* Attributes CopyFile carries over to the new file; the others describe the source's storage. */
#define COPIED_ATTRIBUTES                                                                                    \
    (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE |      \
     FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED)

static BOOL copy_contents(HANDLE in, HANDLE out, const BOOL *cancel)
{
    enum { CHUNK = 65536 };
    char *buf = malloc(CHUNK);
    DWORD got, written;
    BOOL ok = TRUE;

    if (!buf) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (;;) {
        if (cancel && *(volatile const BOOL *)cancel) {
            SetLastError(ERROR_REQUEST_ABORTED);
            ok = FALSE;
            break;
        }
        if (!(ok = ReadFile(in, buf, CHUNK, &got, NULL)) || !got)
            break;
        if (!(ok = WriteFile(out, buf, got, &written, NULL)))
            break;
    }
    free(buf);
    return ok;
}

WINBASEAPI BOOL WINAPI CopyFileExW(LPCWSTR src, LPCWSTR dst, LPPROGRESS_ROUTINE progress, LPVOID data,
                                   LPBOOL cancel, DWORD flags)
{
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE in, out;
    DWORD err;

    TRACE("%s %s %p %p %p %#x\n", debugstr_w(src), debugstr_w(dst), progress, data, cancel, flags);
    if (!src || !dst) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (progress)
        FIXME_ONCE("progress routines are not called\n");
    if (flags & ~COPY_FILE_FAIL_IF_EXISTS)
        FIXME_ONCE("flags %#x ignored\n", flags & ~COPY_FILE_FAIL_IF_EXISTS);
    /* no write sharing: copying a file onto itself fails with a sharing violation, as on Windows */
    in = CreateFileW(src, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                     FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (in == INVALID_HANDLE_VALUE)
        return FALSE;
    if (!GetFileInformationByHandle(in, &info)) {
        err = GetLastError();
        CloseHandle(in);
        SetLastError(err);
        return FALSE;
    }
    /* documented: an existing read-only or hidden destination is not replaced */
    if (!(flags & COPY_FILE_FAIL_IF_EXISTS)) {
        DWORD attrs = GetFileAttributesW(dst);
        if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN))) {
            CloseHandle(in);
            SetLastError(ERROR_ACCESS_DENIED);
            return FALSE;
        }
    }
    out = CreateFileW(dst, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                      (flags & COPY_FILE_FAIL_IF_EXISTS) ? CREATE_NEW : CREATE_ALWAYS,
                      FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (out == INVALID_HANDLE_VALUE) {
        err = GetLastError();
        CloseHandle(in);
        SetLastError(err);
        return FALSE;
    }
    if (!copy_contents(in, out, cancel) || !SetFileTime(out, NULL, NULL, &info.ftLastWriteTime)) {
        /* a partial copy is not left behind */
        err = GetLastError();
        CloseHandle(in);
        CloseHandle(out);
        DeleteFileW(dst);
        SetLastError(err);
        return FALSE;
    }
    CloseHandle(in);
    CloseHandle(out);
    /* set last: a read-only source makes a read-only copy that we could not have written through */
    return SetFileAttributesW(dst, info.dwFileAttributes & COPIED_ATTRIBUTES);
}

WINBASEAPI BOOL WINAPI CopyFileW(LPCWSTR src, LPCWSTR dst, BOOL fail_if_exists)
{
    return CopyFileExW(src, dst, NULL, NULL, NULL, fail_if_exists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

WINBASEAPI BOOL WINAPI CopyFileExA(LPCSTR src, LPCSTR dst, LPPROGRESS_ROUTINE progress, LPVOID data,
                                   LPBOOL cancel, DWORD flags)
{
    WCHAR *wsrc, *wdst;
    BOOL ret;

    if (!k32_ansi_name(src, &wsrc))
        return FALSE;
    if (!k32_ansi_name(dst, &wdst)) {
        free(wsrc);
        return FALSE;
    }
    ret = CopyFileExW(wsrc, wdst, progress, data, cancel, flags);
    free(wsrc);
    free(wdst);
    return ret;
}

WINBASEAPI BOOL WINAPI CopyFileA(LPCSTR src, LPCSTR dst, BOOL fail_if_exists)
{
    return CopyFileExA(src, dst, NULL, NULL, NULL, fail_if_exists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

/* ---- times and attributes ---- */

static void filetime_to_nt(const FILETIME *ft, LARGE_INTEGER *t)
{
    /* 0 leaves the time alone (NtSetInformationFile), so does a NULL pointer */
    t->QuadPart = ft ? ((LONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime : 0;
}

WINBASEAPI BOOL WINAPI SetFileTime(HANDLE file, const FILETIME *creation, const FILETIME *access,
                                   const FILETIME *write)
{
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK io;

    memset(&basic, 0, sizeof(basic));
    filetime_to_nt(creation, &basic.CreationTime);
    filetime_to_nt(access, &basic.LastAccessTime);
    filetime_to_nt(write, &basic.LastWriteTime);
    return k32_set_ntstatus(NtSetInformationFile(file, &io, &basic, sizeof(basic), FileBasicInformation));
}

WINBASEAPI BOOL WINAPI SetFileAttributesW(LPCWSTR name, DWORD attributes)
{
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK io;
    HANDLE handle;
    NTSTATUS status;

    TRACE("%s %#x\n", debugstr_w(name), attributes);
    if (!name || !name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    status = open_dos_name(name, &handle, FILE_WRITE_ATTRIBUTES | SYNCHRONIZE, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                           FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_REPARSE_POINT, 0, NULL);
    if (!k32_set_ntstatus(status))
        return FALSE;
    memset(&basic, 0, sizeof(basic));
    /* 0 would mean "unchanged": FILE_ATTRIBUTE_NORMAL asks for no attributes */
    basic.FileAttributes = attributes ? attributes : FILE_ATTRIBUTE_NORMAL;
    status = NtSetInformationFile(handle, &io, &basic, sizeof(basic), FileBasicInformation);
    NtClose(handle);
    return k32_set_ntstatus(status);
}

WINBASEAPI BOOL WINAPI SetFileAttributesA(LPCSTR name, DWORD attributes)
{
    WCHAR *wname;
    BOOL ret;

    if (!k32_ansi_name(name, &wname))
        return FALSE;
    ret = SetFileAttributesW(wname, attributes);
    free(wname);
    return ret;
}
