/*
 * NT file I/O on host fds: NtCreateFile/NtOpenFile (regular files and directories), NtReadFile,
 * NtWriteFile, information classes, NtFlushBuffersFile, NtQueryVolumeInformationFile and attribute
 * queries by name.
 *
 * The client opens the host file itself after path mapping and hands the fd to the server
 * (alloc_file_handle), which records access and sharing and enforces share modes across handles and
 * processes. The fd stays cached here so reads and writes are plain syscalls. See docs/server.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

/* Windows x64 layouts of the structures this file fills */
C_ASSERT(sizeof(FILE_BASIC_INFORMATION) == 40);
C_ASSERT(sizeof(FILE_STANDARD_INFORMATION) == 24);
C_ASSERT(sizeof(FILE_NETWORK_OPEN_INFORMATION) == 56);
C_ASSERT(offsetof(FILE_RENAME_INFORMATION, FileName) == 20);
C_ASSERT(offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel) == 18);
C_ASSERT(sizeof(FILE_FS_DEVICE_INFORMATION) == 8);

#define STATUS_PIPE_CLOSING ((NTSTATUS)0xC00000B1)
#define STATUS_MEDIA_WRITE_PROTECTED ((NTSTATUS)0xC00000A2)
#define STATUS_FILE_TOO_LARGE ((NTSTATUS)0xC0000904)
#define TICKS_1601_TO_1970 116444736000000000LL

NTSTATUS errno_to_status(int err)
{
    switch (err) {
    case 0:
        return STATUS_SUCCESS;
    case ENOENT:
        return STATUS_OBJECT_NAME_NOT_FOUND;
    case ENOTDIR:
        return STATUS_OBJECT_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
        return STATUS_ACCESS_DENIED;
    case EROFS:
        return STATUS_MEDIA_WRITE_PROTECTED;
    case EEXIST:
        return STATUS_OBJECT_NAME_COLLISION;
    case EISDIR:
        return STATUS_FILE_IS_A_DIRECTORY;
    case ENOSPC:
    case EDQUOT:
        return STATUS_DISK_FULL;
    case EMFILE:
    case ENFILE:
        return STATUS_TOO_MANY_OPENED_FILES;
    case ENAMETOOLONG:
        return STATUS_NAME_TOO_LONG;
    case ENOTEMPTY:
        return STATUS_DIRECTORY_NOT_EMPTY;
    case EBADF:
        return STATUS_INVALID_HANDLE;
    case EINVAL:
        return STATUS_INVALID_PARAMETER;
    case EFBIG:
        return STATUS_DISK_FULL;
    case ENOMEM:
        return STATUS_NO_MEMORY;
    case EPIPE:
        return STATUS_PIPE_BROKEN;
    case ESPIPE:
        return STATUS_INVALID_PARAMETER;
    case ELOOP:
        return STATUS_OBJECT_NAME_INVALID;
    case EBUSY:
    case ETXTBSY:
        return STATUS_SHARING_VIOLATION;
    default:
        WARN("unmapped errno %d\n", err);
        return STATUS_UNSUCCESSFUL;
    }
}

static LONGLONG unix_time_to_nt(time_t sec, long nsec)
{
    return (LONGLONG)sec * 10000000 + nsec / 100 + TICKS_1601_TO_1970;
}

static ACCESS_MASK map_file_access(ACCESS_MASK access)
{
    if (access & GENERIC_READ)
        access |= FILE_GENERIC_READ;
    if (access & GENERIC_WRITE)
        access |= FILE_GENERIC_WRITE;
    if (access & GENERIC_EXECUTE)
        access |= FILE_GENERIC_EXECUTE;
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED))
        access |= FILE_ALL_ACCESS;
    return access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
}

/* Windows attributes of a host file. Hidden is not derived from dot names (a Wine habit we skip). */
static ULONG attributes_from_stat(const struct stat *st)
{
    ULONG attr;

    if (S_ISDIR(st->st_mode))
        attr = FILE_ATTRIBUTE_DIRECTORY;
    else if (S_ISREG(st->st_mode))
        attr = FILE_ATTRIBUTE_ARCHIVE;
    else
        attr = FILE_ATTRIBUTE_NORMAL;
    if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        attr |= FILE_ATTRIBUTE_READONLY;
    return attr;
}

static void fill_basic_info(const struct stat *st, FILE_BASIC_INFORMATION *info)
{
    /* Linux does not expose the birth time through stat; the older of mtime and ctime stands in */
    const struct timespec *birth = st->st_mtim.tv_sec < st->st_ctim.tv_sec ? &st->st_mtim : &st->st_ctim;
    info->CreationTime.QuadPart = unix_time_to_nt(birth->tv_sec, birth->tv_nsec);
    info->LastAccessTime.QuadPart = unix_time_to_nt(st->st_atim.tv_sec, st->st_atim.tv_nsec);
    info->LastWriteTime.QuadPart = unix_time_to_nt(st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
    info->ChangeTime.QuadPart = unix_time_to_nt(st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
    info->FileAttributes = attributes_from_stat(st);
}

static void fill_network_info(const struct stat *st, FILE_NETWORK_OPEN_INFORMATION *info)
{
    FILE_BASIC_INFORMATION basic;
    fill_basic_info(st, &basic);
    info->CreationTime = basic.CreationTime;
    info->LastAccessTime = basic.LastAccessTime;
    info->LastWriteTime = basic.LastWriteTime;
    info->ChangeTime = basic.ChangeTime;
    info->AllocationSize.QuadPart = S_ISDIR(st->st_mode) ? 0 : (LONGLONG)st->st_blocks * 512;
    info->EndOfFile.QuadPart = S_ISDIR(st->st_mode) ? 0 : st->st_size;
    info->FileAttributes = basic.FileAttributes;
}

/* ---- names ---- */

/* Host path of an OBJECT_ATTRIBUTES name (absolute NT name, or relative to a directory handle). */
static NTSTATUS attr_to_unix(const OBJECT_ATTRIBUTES *attr, char **unix_path)
{
    const UNICODE_STRING *name;
    WCHAR *buf;
    size_t len;
    NTSTATUS status;

    *unix_path = NULL;
    if (!attr || !(name = attr->ObjectName) || (!name->Buffer && name->Length))
        return STATUS_INVALID_PARAMETER;
    len = name->Length / sizeof(WCHAR);
    if (attr->RootDirectory) {
        /* relative to a directory handle: its host path plus the name resolved below it */
        char link[64], dir[PATH_MAX];
        WCHAR *dos_dir = NULL;
        ssize_t n;
        int fd;
        if ((status = server_get_unix_fd(attr->RootDirectory, &fd)))
            return status;
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        if ((n = readlink(link, dir, sizeof(dir) - 1)) <= 0)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        dir[n] = 0;
        if ((status = path_unix_to_dos(dir, &dos_dir)))
            return status;
        size_t dlen = 0;
        while (dos_dir[dlen])
            dlen++;
        if (!(buf = malloc((dlen + len + 2) * sizeof(WCHAR)))) {
            free(dos_dir);
            return STATUS_NO_MEMORY;
        }
        memcpy(buf, dos_dir, dlen * sizeof(WCHAR));
        if (dlen && buf[dlen - 1] != '\\')
            buf[dlen++] = '\\';
        memcpy(buf + dlen, name->Buffer, len * sizeof(WCHAR));
        buf[dlen + len] = 0;
        free(dos_dir);
        status = path_dos_to_unix(buf, unix_path);
        free(buf);
        return status;
    }
    if (!len)
        return STATUS_OBJECT_NAME_INVALID;
    /* only the DOS device namespace (\??\) maps to host files for now */
    if (len < 4 || name->Buffer[0] != '\\' || name->Buffer[1] != '?' || name->Buffer[2] != '?' ||
        name->Buffer[3] != '\\') {
        WARN("unsupported NT name %s\n", debugstr_us(name));
        return name->Buffer[0] == '\\' ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    if (!(buf = malloc((len + 1) * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    memcpy(buf, name->Buffer, len * sizeof(WCHAR));
    buf[len] = 0;
    status = path_dos_to_unix(buf, unix_path);
    free(buf);
    return status;
}

/* ---- open and create ---- */

static int open_retry(const char *path, int flags, mode_t mode)
{
    int fd;
    do
        fd = open(path, flags, mode);
    while (fd == -1 && errno == EINTR);
    return fd;
}

NTSYSAPI NTSTATUS WINAPI NtCreateFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                      PIO_STATUS_BLOCK io, PLARGE_INTEGER alloc_size, ULONG attributes,
                                      ULONG sharing, ULONG disposition, ULONG options, PVOID ea_buffer,
                                      ULONG ea_length)
{
    struct alloc_file_handle_request req;
    struct alloc_file_handle_reply reply;
    ACCESS_MASK mapped = map_file_access(access);
    int want_read, want_write, flags, fd = -1, exists, created = 0, truncate_it = 0;
    char *unix_path = NULL;
    struct stat st;
    ULONG_PTR info = 0;
    NTSTATUS status;

    TRACE("%p %#x %s %#x %#x %u %#x\n", handle, access, attr ? debugstr_us(attr->ObjectName) : "(null)",
          attributes, sharing, disposition, options);
    if (!handle || !io)
        return STATUS_ACCESS_VIOLATION;
    *handle = NULL;
    if (disposition > FILE_OVERWRITE_IF)
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DIRECTORY_FILE) && (options & FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DIRECTORY_FILE) && disposition != FILE_CREATE && disposition != FILE_OPEN &&
        disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    if (sharing & ~(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DELETE_ON_CLOSE) && !(mapped & DELETE))
        return STATUS_INVALID_PARAMETER;
    if (ea_buffer && ea_length)
        FIXME_ONCE("extended attributes ignored\n");

    if ((status = attr_to_unix(attr, &unix_path)))
        goto done;

    exists = !stat(unix_path, &st);
    if (!exists && errno != ENOENT) {
        status = errno_to_status(errno);
        goto done;
    }
    if (exists && S_ISDIR(st.st_mode) && (options & FILE_NON_DIRECTORY_FILE)) {
        status = STATUS_FILE_IS_A_DIRECTORY;
        goto done;
    }
    if (exists && !S_ISDIR(st.st_mode) && (options & FILE_DIRECTORY_FILE)) {
        status = disposition == FILE_CREATE ? STATUS_OBJECT_NAME_COLLISION : STATUS_NOT_A_DIRECTORY;
        goto done;
    }
    switch (disposition) {
    case FILE_OPEN:
    case FILE_OVERWRITE:
        if (!exists) {
            status = STATUS_OBJECT_NAME_NOT_FOUND;
            goto done;
        }
        break;
    case FILE_CREATE:
        if (exists) {
            status = STATUS_OBJECT_NAME_COLLISION;
            goto done;
        }
        break;
    }

    want_read = !!(mapped & (FILE_READ_DATA | FILE_EXECUTE));
    want_write = !!(mapped & (FILE_WRITE_DATA | FILE_APPEND_DATA));
    if ((options & FILE_DIRECTORY_FILE) || (exists && S_ISDIR(st.st_mode))) {
        if (!exists) {
            if (mkdir(unix_path, 0777)) {
                status = errno_to_status(errno);
                goto done;
            }
            created = 1;
        }
        flags = O_RDONLY | O_DIRECTORY;
    } else {
        if (want_read && want_write)
            flags = O_RDWR;
        else if (want_write)
            flags = O_WRONLY;
        else
            flags = O_RDONLY;
        /* append-only access writes at the end whatever the file pointer says */
        if ((mapped & FILE_APPEND_DATA) && !(mapped & FILE_WRITE_DATA))
            flags |= O_APPEND;
        if (!exists) {
            if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
                status = STATUS_OBJECT_NAME_NOT_FOUND;
                goto done;
            }
            /* O_EXCL tells us whether we created it even when another process races us */
            flags |= O_CREAT | O_EXCL;
            created = 1;
        } else if (disposition == FILE_SUPERSEDE || disposition == FILE_OVERWRITE ||
                   disposition == FILE_OVERWRITE_IF)
            truncate_it = 1;
    }
    fd = open_retry(unix_path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
                    (attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666);
    if (fd == -1 && !want_read && !want_write && errno == EACCES)
        fd = open_retry(unix_path, O_PATH | O_CLOEXEC, 0); /* attributes-only access */
    if (fd == -1) {
        status = errno_to_status(errno);
        if (created && errno == EEXIST)
            status = STATUS_OBJECT_NAME_COLLISION;
        goto done;
    }
    /* regular files block as on Windows; O_NONBLOCK only kept open() from hanging on a FIFO */
    if (!(flags & O_DIRECTORY) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);

    req.access = mapped;
    req.sharing = sharing;
    req.attributes = attr->Attributes;
    req.options = options;
    /* with FILE_DELETE_ON_CLOSE the server deletes the path when the last handle of this open closes */
    status = server_call(REQ_alloc_file_handle, &req, sizeof(req), unix_path,
                         (options & FILE_DELETE_ON_CLOSE) ? strlen(unix_path) : 0, &fd, 1, &reply,
                         sizeof(reply), NULL);
    if (status) {
        close(fd);
        fd = -1;
        if (created)
            (flags & O_DIRECTORY) ? rmdir(unix_path) : unlink(unix_path);
        goto done;
    }
    /* truncate only once the share check passed: a refused open must not destroy the data */
    if (truncate_it && ftruncate(fd, 0) && truncate(unix_path, 0)) {
        status = errno_to_status(errno);
        server_add_fd_cache((HANDLE)(ULONG_PTR)reply.handle, fd, reply.type, mapped, options);
        NtClose((HANDLE)(ULONG_PTR)reply.handle);
        goto done;
    }
    server_add_fd_cache((HANDLE)(ULONG_PTR)reply.handle, fd, reply.type, mapped, options);
    *handle = (HANDLE)(ULONG_PTR)reply.handle;
    if (created)
        info = FILE_CREATED;
    else if (disposition == FILE_SUPERSEDE)
        info = FILE_SUPERSEDED;
    else if (truncate_it)
        info = FILE_OVERWRITTEN;
    else
        info = FILE_OPENED;

done:
    free(unix_path);
    io->Status = status;
    io->Information = info;
    TRACE("-> %#x handle %p info %lu\n", (unsigned)status, *handle, (unsigned long)info);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtOpenFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                    PIO_STATUS_BLOCK io, ULONG sharing, ULONG options)
{
    return NtCreateFile(handle, access, attr, io, NULL, 0, sharing, FILE_OPEN, options, NULL, 0);
}

/* ---- read and write ---- */

static int is_current_position(const LARGE_INTEGER *offset)
{
    return !offset || offset->QuadPart == FILE_USE_FILE_POINTER_POSITION;
}

static NTSTATUS wait_fd(int fd, short events)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    while (poll(&pfd, 1, -1) == -1)
        if (errno != EINTR)
            return errno_to_status(errno);
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                    PIO_STATUS_BLOCK io, PVOID buffer, ULONG length, PLARGE_INTEGER offset,
                                    PULONG key)
{
    enum server_fd_type type;
    ACCESS_MASK access;
    NTSTATUS status;
    ssize_t n;
    int fd;

    TRACE("%p %p %u %s\n", handle, buffer, length,
          offset ? oriel_dbg_sprintf("%lld", (long long)offset->QuadPart) : "-");
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (event || apc)
        FIXME_ONCE("asynchronous I/O (event %p, apc %p) is not supported: completing synchronously\n", event,
                   (void *)apc);
    if ((status = server_get_fd_info(handle, &fd, &type, &access, NULL)))
        return status;
    if (!(access & FILE_READ_DATA))
        return STATUS_ACCESS_DENIED;
    if (type == FD_TYPE_DIR)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (type == FD_TYPE_FILE && !is_current_position(offset)) {
        if (offset->QuadPart < 0)
            return STATUS_INVALID_PARAMETER;
        /* a synchronous handle's file pointer moves past what an explicit-offset read returned */
        if (lseek(fd, offset->QuadPart, SEEK_SET) == -1)
            return errno_to_status(errno);
    }
    for (;;) {
        n = read(fd, buffer, length);
        if (n >= 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {
            if ((status = wait_fd(fd, POLLIN)))
                return status;
            continue;
        }
        status = errno == EISDIR ? STATUS_INVALID_DEVICE_REQUEST : errno_to_status(errno);
        io->Status = status;
        io->Information = 0;
        return status;
    }
    io->Information = n;
    if (!n && length) {
        if (type == FD_TYPE_PIPE || type == FD_TYPE_SOCKET)
            status = STATUS_PIPE_BROKEN; /* the writer closed its end */
        else if (type == FD_TYPE_FILE)
            status = STATUS_END_OF_FILE;
    }
    io->Status = status;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                     PIO_STATUS_BLOCK io, const void *buffer, ULONG length,
                                     PLARGE_INTEGER offset, PULONG key)
{
    enum server_fd_type type;
    ACCESS_MASK access;
    NTSTATUS status;
    size_t done = 0;
    int fd;

    TRACE("%p %p %u\n", handle, buffer, length);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (event || apc)
        FIXME_ONCE("asynchronous I/O (event %p, apc %p) is not supported: completing synchronously\n", event,
                   (void *)apc);
    if ((status = server_get_fd_info(handle, &fd, &type, &access, NULL)))
        return status;
    if (!(access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return STATUS_ACCESS_DENIED;
    if (type == FD_TYPE_DIR)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (type == FD_TYPE_FILE && !is_current_position(offset)) {
        off_t pos;
        if (offset->QuadPart == FILE_WRITE_TO_END_OF_FILE)
            pos = lseek(fd, 0, SEEK_END);
        else if (offset->QuadPart < 0)
            return STATUS_INVALID_PARAMETER;
        else if (access & FILE_WRITE_DATA)
            pos = lseek(fd, offset->QuadPart, SEEK_SET);
        else
            pos = 0; /* append-only handles ignore the offset */
        if (pos == -1)
            return errno_to_status(errno);
    }
    while (done < length) {
        ssize_t n = write(fd, (const char *)buffer + done, length - done);
        if (n >= 0) {
            done += n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {
            if ((status = wait_fd(fd, POLLOUT)))
                break;
            continue;
        }
        /* Windows reports a pipe without reader as "being closed" (ERROR_NO_DATA) */
        status = errno == EPIPE ? STATUS_PIPE_CLOSING : errno_to_status(errno);
        break;
    }
    if (!length && type == FD_TYPE_FILE && (access & FILE_WRITE_DATA))
        status = STATUS_SUCCESS; /* a zero-byte write is a successful no-op */
    io->Status = status;
    io->Information = done;
    return status;
}

/* ---- information ---- */

NTSYSAPI NTSTATUS WINAPI NtQueryInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info, ULONG length,
                                                FILE_INFORMATION_CLASS info_class)
{
    enum server_fd_type type;
    ACCESS_MASK access;
    ULONG options, size;
    NTSTATUS status;
    struct stat st;
    int fd;

    TRACE("%p %p %u %u\n", handle, info, length, info_class);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    switch (info_class) {
    case FileBasicInformation:
        size = sizeof(FILE_BASIC_INFORMATION);
        break;
    case FileStandardInformation:
        size = sizeof(FILE_STANDARD_INFORMATION);
        break;
    case FileInternalInformation:
        size = sizeof(FILE_INTERNAL_INFORMATION);
        break;
    case FilePositionInformation:
        size = sizeof(FILE_POSITION_INFORMATION);
        break;
    case FileAccessInformation:
        size = sizeof(FILE_ACCESS_INFORMATION);
        break;
    case FileModeInformation:
        size = sizeof(FILE_MODE_INFORMATION);
        break;
    case FileNetworkOpenInformation:
        size = sizeof(FILE_NETWORK_OPEN_INFORMATION);
        break;
    case FileAttributeTagInformation:
        size = sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
        break;
    default:
        FIXME("information class %u not supported\n", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = server_get_fd_info(handle, &fd, &type, &access, &options)))
        return status;
    if (fstat(fd, &st))
        return errno_to_status(errno);

    switch (info_class) {
    case FileBasicInformation:
        fill_basic_info(&st, info);
        break;
    case FileStandardInformation: {
        FILE_STANDARD_INFORMATION *std = info;
        memset(std, 0, sizeof(*std));
        std->Directory = S_ISDIR(st.st_mode);
        if (!std->Directory) {
            std->AllocationSize.QuadPart = (LONGLONG)st.st_blocks * 512;
            std->EndOfFile.QuadPart = S_ISREG(st.st_mode) ? st.st_size : 0;
        }
        std->NumberOfLinks = st.st_nlink;
        break;
    }
    case FileInternalInformation:
        ((FILE_INTERNAL_INFORMATION *)info)->IndexNumber.QuadPart = st.st_ino;
        break;
    case FilePositionInformation: {
        off_t pos = type == FD_TYPE_FILE ? lseek(fd, 0, SEEK_CUR) : 0;
        if (pos == -1)
            return errno_to_status(errno);
        ((FILE_POSITION_INFORMATION *)info)->CurrentByteOffset.QuadPart = pos;
        break;
    }
    case FileAccessInformation:
        ((FILE_ACCESS_INFORMATION *)info)->AccessFlags = access;
        break;
    case FileModeInformation:
        ((FILE_MODE_INFORMATION *)info)->Mode =
            options & (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING |
                       FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE);
        break;
    case FileNetworkOpenInformation:
        fill_network_info(&st, info);
        break;
    case FileAttributeTagInformation: {
        FILE_ATTRIBUTE_TAG_INFORMATION *tag = info;
        tag->FileAttributes = attributes_from_stat(&st);
        tag->ReparseTag = 0;
        break;
    }
    default:
        break;
    }
    io->Status = STATUS_SUCCESS;
    io->Information = size;
    return STATUS_SUCCESS;
}

/* Host path of an open fd, for operations Linux only offers by name. */
static NTSTATUS fd_path(int fd, char *path, size_t size)
{
    char link[64];
    ssize_t n;

    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    if ((n = readlink(link, path, size - 1)) <= 0)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    path[n] = 0;
    return STATUS_SUCCESS;
}

static struct timespec nt_time_to_timespec(LONGLONG t)
{
    struct timespec ts;
    LONGLONG ticks = t - TICKS_1601_TO_1970;
    ts.tv_sec = ticks / 10000000;
    ts.tv_nsec = (ticks % 10000000) * 100;
    if (ts.tv_nsec < 0) {
        ts.tv_sec--;
        ts.tv_nsec += 1000000000;
    }
    return ts;
}

NTSYSAPI NTSTATUS WINAPI NtSetInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info, ULONG length,
                                              FILE_INFORMATION_CLASS info_class)
{
    enum server_fd_type type;
    ACCESS_MASK access;
    NTSTATUS status;
    char path[PATH_MAX];
    int fd;

    TRACE("%p %p %u %u\n", handle, info, length, info_class);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((status = server_get_fd_info(handle, &fd, &type, &access, NULL)))
        return status;

    switch (info_class) {
    case FilePositionInformation: {
        const FILE_POSITION_INFORMATION *pos = info;
        if (length < sizeof(*pos))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (pos->CurrentByteOffset.QuadPart < 0)
            return STATUS_INVALID_PARAMETER;
        if (type == FD_TYPE_FILE && lseek(fd, pos->CurrentByteOffset.QuadPart, SEEK_SET) == -1)
            return errno_to_status(errno);
        break;
    }
    case FileEndOfFileInformation:
    case FileAllocationInformation: {
        const FILE_END_OF_FILE_INFORMATION *eof = info;
        struct stat st;
        if (length < sizeof(*eof))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (!(access & FILE_WRITE_DATA))
            return STATUS_ACCESS_DENIED;
        if (type != FD_TYPE_FILE)
            return STATUS_INVALID_PARAMETER;
        if (eof->EndOfFile.QuadPart < 0)
            return STATUS_INVALID_PARAMETER;
        if (info_class == FileAllocationInformation) {
            /* only a smaller allocation changes the data: it cuts the file */
            if (fstat(fd, &st))
                return errno_to_status(errno);
            if (eof->EndOfFile.QuadPart >= st.st_size)
                break;
        }
        if (ftruncate(fd, eof->EndOfFile.QuadPart))
            return errno == EFBIG ? STATUS_DISK_FULL : errno_to_status(errno);
        break;
    }
    case FileDispositionInformation: {
        const FILE_DISPOSITION_INFORMATION *disp = info;
        struct stat st;
        if (length < sizeof(*disp))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (!(access & DELETE))
            return STATUS_ACCESS_DENIED;
        if (!disp->DoDeleteFile)
            break;
        if (fstat(fd, &st))
            return errno_to_status(errno);
        if (!S_ISDIR(st.st_mode) && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
            return STATUS_CANNOT_DELETE;
        if ((status = fd_path(fd, path, sizeof(path))))
            return status;
        /* FIXME: Windows deletes when the last handle closes; the name goes away now instead. */
        if (S_ISDIR(st.st_mode) ? rmdir(path) : unlink(path))
            return errno_to_status(errno);
        break;
    }
    case FileRenameInformation: {
        const FILE_RENAME_INFORMATION *rename_info = info;
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES attr = {sizeof(attr), NULL, &name, OBJ_CASE_INSENSITIVE, NULL, NULL};
        char *target;
        struct stat st;
        if (length < offsetof(FILE_RENAME_INFORMATION, FileName) ||
            length - offsetof(FILE_RENAME_INFORMATION, FileName) < rename_info->FileNameLength ||
            rename_info->FileNameLength > 0xfffe)
            return STATUS_INVALID_PARAMETER;
        if (!(access & DELETE))
            return STATUS_ACCESS_DENIED;
        if ((status = fd_path(fd, path, sizeof(path))))
            return status;
        name.Buffer = (WCHAR *)rename_info->FileName;
        name.Length = name.MaximumLength = rename_info->FileNameLength;
        attr.RootDirectory = rename_info->RootDirectory;
        if ((status = attr_to_unix(&attr, &target)))
            return status;
        if (!lstat(target, &st)) {
            if (!rename_info->ReplaceIfExists)
                status = STATUS_OBJECT_NAME_COLLISION;
            else if (S_ISDIR(st.st_mode))
                status = STATUS_ACCESS_DENIED;
        }
        if (!status && rename(path, target))
            status = errno == EXDEV ? STATUS_NOT_SAME_DEVICE : errno_to_status(errno);
        free(target);
        if (status)
            return status;
        break;
    }
    case FileBasicInformation: {
        const FILE_BASIC_INFORMATION *basic = info;
        struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
        struct stat st;
        char link[64];
        if (length < sizeof(*basic))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (!(access & FILE_WRITE_ATTRIBUTES))
            return STATUS_ACCESS_DENIED;
        /* through the fd's /proc link: also works for attribute-only (O_PATH) opens */
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        if (basic->LastAccessTime.QuadPart > 0)
            times[0] = nt_time_to_timespec(basic->LastAccessTime.QuadPart);
        if (basic->LastWriteTime.QuadPart > 0)
            times[1] = nt_time_to_timespec(basic->LastWriteTime.QuadPart);
        if ((times[0].tv_nsec != UTIME_OMIT || times[1].tv_nsec != UTIME_OMIT) &&
            utimensat(AT_FDCWD, link, times, 0))
            return errno_to_status(errno);
        if (basic->FileAttributes && !fstat(fd, &st)) {
            mode_t mode = st.st_mode & 07777;
            if (basic->FileAttributes & FILE_ATTRIBUTE_READONLY)
                mode &= ~(S_IWUSR | S_IWGRP | S_IWOTH);
            else
                mode |= S_IWUSR;
            if (mode != (st.st_mode & 07777) && chmod(link, mode))
                return errno_to_status(errno);
        }
        break;
    }
    default:
        FIXME("information class %u not supported\n", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    io->Status = STATUS_SUCCESS;
    io->Information = 0;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtFlushBuffersFile(HANDLE handle, PIO_STATUS_BLOCK io)
{
    enum server_fd_type type;
    ACCESS_MASK access;
    NTSTATUS status;
    int fd;

    TRACE("%p\n", handle);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((status = server_get_fd_info(handle, &fd, &type, &access, NULL)))
        return status;
    if (!(access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return STATUS_ACCESS_DENIED;
    if (type == FD_TYPE_FILE && fsync(fd))
        return errno_to_status(errno);
    io->Status = STATUS_SUCCESS;
    io->Information = 0;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtQueryVolumeInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info,
                                                      ULONG length, FS_INFORMATION_CLASS info_class)
{
    enum server_fd_type type;
    NTSTATUS status;
    struct stat st;
    int fd;

    TRACE("%p %p %u %u\n", handle, info, length, info_class);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (info_class == FileFsVolumeInformation) {
        FILE_FS_VOLUME_INFORMATION *vol = info;
        if (length < offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel))
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = server_get_fd_info(handle, &fd, &type, NULL, NULL)))
            return status;
        if (fstat(fd, &st))
            return errno_to_status(errno);
        /* FIXME: no labels or creation times; the serial number identifies the host file system */
        memset(vol, 0, offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel));
        vol->VolumeSerialNumber = (ULONG)(st.st_dev ^ (st.st_dev >> 32));
        io->Status = STATUS_SUCCESS;
        io->Information = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
        return STATUS_SUCCESS;
    }
    if (info_class != FileFsDeviceInformation) {
        FIXME("volume information class %u not supported\n", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (length < sizeof(FILE_FS_DEVICE_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = server_get_fd_info(handle, &fd, &type, NULL, NULL)))
        return status;

    FILE_FS_DEVICE_INFORMATION *dev = info;
    dev->Characteristics = 0;
    switch (type) {
    case FD_TYPE_FILE:
    case FD_TYPE_DIR:
        dev->DeviceType = FILE_DEVICE_DISK;
        dev->Characteristics = 0x20; /* FILE_DEVICE_IS_MOUNTED */
        break;
    case FD_TYPE_CONSOLE:
        dev->DeviceType = FILE_DEVICE_CONSOLE;
        break;
    case FD_TYPE_PIPE:
    case FD_TYPE_SOCKET:
        dev->DeviceType = FILE_DEVICE_NAMED_PIPE;
        break;
    case FD_TYPE_CHAR:
        /* /dev/null is Windows' NUL; other character devices look like serial ports (both "char") */
        if (!fstat(fd, &st) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
            dev->DeviceType = FILE_DEVICE_NULL;
        else
            dev->DeviceType = FILE_DEVICE_SERIAL_PORT;
        break;
    default:
        dev->DeviceType = FILE_DEVICE_UNKNOWN;
        break;
    }
    io->Status = STATUS_SUCCESS;
    io->Information = sizeof(*dev);
    return STATUS_SUCCESS;
}

/* ---- by name ---- */

static NTSTATUS stat_by_attr(const OBJECT_ATTRIBUTES *attr, struct stat *st)
{
    char *unix_path;
    NTSTATUS status;

    if ((status = attr_to_unix(attr, &unix_path)))
        return status;
    if (stat(unix_path, st))
        status = errno_to_status(errno);
    free(unix_path);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQueryAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_BASIC_INFORMATION *info)
{
    struct stat st;
    NTSTATUS status = stat_by_attr(attr, &st);

    if (!status)
        fill_basic_info(&st, info);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *attr,
                                                   FILE_NETWORK_OPEN_INFORMATION *info)
{
    struct stat st;
    NTSTATUS status = stat_by_attr(attr, &st);

    if (!status)
        fill_network_info(&st, info);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtDeleteFile(POBJECT_ATTRIBUTES attr)
{
    IO_STATUS_BLOCK io;
    FILE_DISPOSITION_INFORMATION disp = {TRUE};
    HANDLE handle;
    NTSTATUS status;

    status = NtOpenFile(&handle, DELETE, attr, &io, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        FILE_OPEN_REPARSE_POINT);
    if (status)
        return status;
    status = NtSetInformationFile(handle, &io, &disp, sizeof(disp), FileDispositionInformation);
    NtClose(handle);
    return status;
}

/* ---- anonymous pipes ---- */

/* FIXME: Windows builds anonymous pipes from named pipes (NtCreateNamedPipeFile); until the named pipe
 * device exists, a host socketpair backs them: unlike a host pipe it can be peeked (PeekNamedPipe). Each
 * end is shut down in the direction it does not serve, so the pair behaves as a one-way pipe. */
__attribute__((visibility("default"))) int32_t __oriel_create_pipe(void **read_end, void **write_end,
                                                                   uint32_t attributes)
{
    static const ACCESS_MASK access[2] = {FILE_GENERIC_READ | FILE_WRITE_ATTRIBUTES,
                                          FILE_GENERIC_WRITE | FILE_READ_ATTRIBUTES};
    HANDLE handles[2] = {NULL, NULL};
    NTSTATUS status = STATUS_SUCCESS;
    int fds[2];

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds))
        return errno_to_status(errno);
    shutdown(fds[0], SHUT_WR);
    shutdown(fds[1], SHUT_RD);
    for (int i = 0; i < 2; i++) {
        struct alloc_file_handle_request req = {
            .access = access[i],
            .sharing = FILE_SHARE_READ | FILE_SHARE_WRITE,
            .attributes = attributes & OBJ_INHERIT,
            .options = FILE_SYNCHRONOUS_IO_NONALERT,
        };
        struct alloc_file_handle_reply reply;
        if (!status)
            status = SERVER_CALL(alloc_file_handle, &req, &reply, &fds[i], 1, NULL);
        if (status) {
            close(fds[i]);
            continue;
        }
        handles[i] = (HANDLE)(ULONG_PTR)reply.handle;
        server_add_fd_cache(handles[i], fds[i], reply.type, access[i], req.options);
    }
    if (status) {
        if (handles[0])
            NtClose(handles[0]);
        return status;
    }
    *read_end = handles[0];
    *write_end = handles[1];
    TRACE("read %p write %p\n", handles[0], handles[1]);
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtFsControlFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                         PIO_STATUS_BLOCK io, ULONG code, PVOID in_buffer, ULONG in_size,
                                         PVOID out_buffer, ULONG out_size)
{
    enum server_fd_type type;
    FILE_PIPE_PEEK_BUFFER *peek = out_buffer;
    ULONG header = offsetof(FILE_PIPE_PEEK_BUFFER, Data);
    NTSTATUS status;
    int fd, avail = 0;
    ssize_t n = 0;

    TRACE("%p %#x %p %u %p %u\n", handle, code, in_buffer, in_size, out_buffer, out_size);
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (code != FSCTL_PIPE_PEEK) {
        FIXME("control code %#x not supported\n", code);
        return STATUS_NOT_SUPPORTED;
    }
    if ((status = server_get_fd_info(handle, &fd, &type, NULL, NULL)))
        return status;
    if (type != FD_TYPE_SOCKET && type != FD_TYPE_PIPE)
        return STATUS_INVALID_PARAMETER;
    if (out_size < header)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (ioctl(fd, FIONREAD, &avail) || avail < 0)
        avail = 0;
    if (type == FD_TYPE_SOCKET) {
        char probe;
        ULONG room = out_size - header;
        /* no data and the writer gone: the pipe is broken */
        n = recv(fd, room ? peek->Data : &probe, room ? room : 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            return STATUS_PIPE_BROKEN;
        if (!room || n < 0)
            n = 0;
    } else if (out_size > header)
        FIXME_ONCE("host pipes cannot be peeked: reporting the byte count only\n");
    peek->NamedPipeState = FILE_PIPE_CONNECTED_STATE;
    peek->ReadDataAvailable = avail;
    peek->NumberOfMessages = 0;
    peek->MessageLength = 0;
    io->Status = (ULONG)n < (ULONG)avail ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    io->Information = header + n;
    return io->Status;
}
