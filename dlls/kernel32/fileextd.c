/*
 * Handle-based file information (fileextd.h / fileapi.h): GetFileInformationByHandleEx for directory
 * listings and GetVolumeInformationByHandleW. Go's os package lists directories with
 * GetFileInformationByHandleEx(FileFullDirectoryRestartInfo / FileFullDirectoryInfo).
 *
 * A directory listing reads the Linux directory with getdents64 on the handle's descriptor; the
 * descriptor's offset is the listing position, as the file object's position is on Windows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel32_private.h"
#include <oriel/debug.h>
#include <oriel/protocol.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

/* FILE_INFO_BY_HANDLE_CLASS values (minwinbase.h). */
#define FileBasicInfo_ 0
#define FileStandardInfo_ 1
#define FileIdBothDirectoryInfo_ 10
#define FileIdBothDirectoryRestartInfo_ 11
#define FileFullDirectoryInfo_ 14
#define FileFullDirectoryRestartInfo_ 15

#define TICKS_1601_TO_1970 116444736000000000ULL

/* FILE_FULL_DIR_INFO and FILE_ID_BOTH_DIR_INFO (winbase.h layout). */
struct full_dir_info {
    DWORD NextEntryOffset;
    DWORD FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    DWORD FileAttributes;
    DWORD FileNameLength;
    DWORD EaSize;
    WCHAR FileName[1];
};

struct id_both_dir_info {
    DWORD NextEntryOffset;
    DWORD FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    DWORD FileAttributes;
    DWORD FileNameLength;
    DWORD EaSize;
    CCHAR ShortNameLength;
    WCHAR ShortName[12];
    LARGE_INTEGER FileId;
    WCHAR FileName[1];
};

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static LONGLONG to_nt_time(const struct timespec *ts)
{
    return (LONGLONG)(ts->tv_sec * 10000000ULL + ts->tv_nsec / 100 + TICKS_1601_TO_1970);
}

/* Fills one entry at `out` (room: `room` bytes); returns its size before alignment, 0 when it does
 * not fit. */
static DWORD fill_entry(int dirfd, const char *uname, BOOL with_id, BYTE *out, DWORD room)
{
    WCHAR name[260];
    ULONG bytes;
    struct stat st;
    DWORD header =
        with_id ? offsetof(struct id_both_dir_info, FileName) : offsetof(struct full_dir_info, FileName);

    if (RtlUTF8ToUnicodeN(name, sizeof(name), &bytes, uname, strlen(uname)) || !bytes)
        return (DWORD)-1;
    if (fstatat(dirfd, uname, &st, 0) && fstatat(dirfd, uname, &st, AT_SYMLINK_NOFOLLOW))
        return (DWORD)-1;
    if (header + bytes > room)
        return 0;

    struct full_dir_info *info = (struct full_dir_info *)out;
    memset(out, 0, header);
    info->CreationTime.QuadPart = to_nt_time(&st.st_mtim); /* Linux keeps no portable birth time here */
    info->LastAccessTime.QuadPart = to_nt_time(&st.st_atim);
    info->LastWriteTime.QuadPart = to_nt_time(&st.st_mtim);
    info->ChangeTime.QuadPart = to_nt_time(&st.st_ctim);
    if (!S_ISDIR(st.st_mode)) {
        info->EndOfFile.QuadPart = st.st_size;
        info->AllocationSize.QuadPart = (LONGLONG)st.st_blocks * 512;
    }
    info->FileAttributes = S_ISDIR(st.st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        info->FileAttributes |= FILE_ATTRIBUTE_READONLY;
    info->FileNameLength = bytes;
    if (with_id) {
        struct id_both_dir_info *id = (struct id_both_dir_info *)out;
        id->FileId.QuadPart = (LONGLONG)st.st_ino;
        memcpy(id->FileName, name, bytes);
    } else
        memcpy(info->FileName, name, bytes);
    return header + bytes;
}

static BOOL list_directory(HANDLE handle, BOOL restart, BOOL with_id, BYTE *buffer, DWORD size)
{
    char raw[4096];
    int fd;
    uint32_t type;
    DWORD used = 0, *prev = NULL; /* prev: NextEntryOffset of the last entry written */

    if (__oriel_handle_unix_fd(handle, &fd, &type)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (type != FD_TYPE_DIR) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (restart)
        lseek(fd, 0, SEEK_SET);
    for (;;) {
        off_t resume = lseek(fd, 0, SEEK_CUR);
        long got = syscall(SYS_getdents64, fd, raw, sizeof(raw));
        if (got < 0) {
            SetLastError(ERROR_INVALID_FUNCTION);
            return FALSE;
        }
        if (got == 0)
            break;
        for (long pos = 0; pos < got;) {
            struct linux_dirent64 *de = (struct linux_dirent64 *)(raw + pos);
            DWORD n = fill_entry(fd, de->d_name, with_id, buffer + used, size - used);
            if (n == 0) {
                /* The buffer is full: the next call starts at this entry. */
                lseek(fd, resume, SEEK_SET);
                if (used)
                    return TRUE;
                SetLastError(ERROR_MORE_DATA);
                return FALSE;
            }
            pos += de->d_reclen;
            resume = de->d_off;
            if (n == (DWORD)-1)
                continue; /* vanished, or a name that is not UTF-8 */
            if (prev)
                *prev = (DWORD)(buffer + used - (BYTE *)prev);
            prev = (DWORD *)(buffer + used);
            DWORD aligned = (n + 7) & ~7u;
            used += aligned <= size - used ? aligned : size - used;
        }
    }
    if (!used) {
        SetLastError(ERROR_NO_MORE_FILES);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI GetFileInformationByHandleEx(HANDLE handle, int info_class, LPVOID info, DWORD size)
{
    TRACE("%p %d %p %u\n", handle, info_class, info, size);
    switch (info_class) {
    case FileFullDirectoryRestartInfo_:
    case FileFullDirectoryInfo_:
        return list_directory(handle, info_class == FileFullDirectoryRestartInfo_, FALSE, info, size);
    case FileIdBothDirectoryRestartInfo_:
    case FileIdBothDirectoryInfo_:
        return list_directory(handle, info_class == FileIdBothDirectoryRestartInfo_, TRUE, info, size);
    case FileBasicInfo_: {
        IO_STATUS_BLOCK io;
        return k32_set_ntstatus(NtQueryInformationFile(handle, &io, info, size, FileBasicInformation));
    }
    case FileStandardInfo_: {
        IO_STATUS_BLOCK io;
        return k32_set_ntstatus(NtQueryInformationFile(handle, &io, info, size, FileStandardInformation));
    }
    default:
        FIXME("information class %d not supported\n", info_class);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
}

/* FILE_FS_ATTRIBUTE_INFORMATION flags reported for host file systems: names are case-sensitive and
 * preserved, stored as Unicode. Object IDs and open-by-ID are not offered, so programs list
 * directories by name. */
#define VOLUME_FLAGS                                                                                         \
    (0x00000001 /* FILE_CASE_SENSITIVE_SEARCH */ | 0x00000002 /* FILE_CASE_PRESERVED_NAMES */ |              \
     0x00000004 /* FILE_UNICODE_ON_DISK */)

static BOOL copy_name(const WCHAR *src, LPWSTR dst, DWORD size)
{
    DWORD len = 0;
    while (src[len])
        len++;
    if (!dst)
        return TRUE;
    if (len + 1 > size) {
        SetLastError(ERROR_BAD_LENGTH);
        return FALSE;
    }
    memcpy(dst, src, (len + 1) * sizeof(WCHAR));
    return TRUE;
}

BOOL WINAPI GetVolumeInformationByHandleW(HANDLE handle, LPWSTR label, DWORD label_size, LPDWORD serial,
                                          LPDWORD max_component, LPDWORD flags, LPWSTR fs_name,
                                          DWORD fs_name_size)
{
    FILE_FS_VOLUME_INFORMATION vol;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    TRACE("%p %p %u %p %p %p %p %u\n", handle, label, label_size, serial, max_component, flags, fs_name,
          fs_name_size);
    status = NtQueryVolumeInformationFile(handle, &io, &vol, sizeof(vol), FileFsVolumeInformation);
    if (status)
        return k32_set_ntstatus(status);
    /* FIXME: volume labels are not stored; the file system is reported under the name Windows gives
     * local disks, which is what programs test for. */
    if (!copy_name(u"", label, label_size))
        return FALSE;
    if (!copy_name(u"NTFS", fs_name, fs_name_size))
        return FALSE;
    if (serial)
        *serial = vol.VolumeSerialNumber;
    if (max_component)
        *max_component = 255;
    if (flags)
        *flags = VOLUME_FLAGS;
    return TRUE;
}
