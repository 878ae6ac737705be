/*
 * File objects and Windows share-mode checks.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* File access rights and share flags (Windows SDK values). */
#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_READ_EA 0x0008
#define FILE_WRITE_EA 0x0010
#define FILE_EXECUTE 0x0020
#define FILE_READ_ATTRIBUTES 0x0080
#define FILE_WRITE_ATTRIBUTES 0x0100
#define FILE_ALL_ACCESS (SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0x1ff)
#define FILE_SHARE_READ 0x1
#define FILE_SHARE_WRITE 0x2
#define FILE_SHARE_DELETE 0x4
#define FILE_DELETE_ON_CLOSE 0x1000

static int file_get_unix_fd(struct object *obj);
static void file_destroy(struct object *obj);
static int file_signaled(struct object *obj, struct thread *thread);
static struct list *file_wait_queue(struct object *obj);

const struct object_ops file_ops = {
    .name = "file",
    .type = SERVER_OBJ_FILE,
    .mapping =
        {
            .read = SRV_READ_CONTROL | SRV_SYNCHRONIZE | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA,
            .write = SRV_READ_CONTROL | SRV_SYNCHRONIZE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES |
                     FILE_WRITE_EA | FILE_APPEND_DATA,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE | FILE_READ_ATTRIBUTES | FILE_EXECUTE,
            .all = FILE_ALL_ACCESS,
        },
    .get_unix_fd = file_get_unix_fd,
    .close_handle = NULL,
    .destroy = file_destroy,
    .signaled = file_signaled,
    .wait_queue = file_wait_queue,
};

/* All open regular files and directories, for share checks. A hash on (dev, ino) can replace the list
 * when prefixes with thousands of open files show up in profiles. */
static struct list open_files = LIST_INIT(open_files);

static enum server_fd_type fd_type_of(int fd, const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return FD_TYPE_FILE;
    if (S_ISDIR(st->st_mode))
        return FD_TYPE_DIR;
    if (S_ISFIFO(st->st_mode))
        return FD_TYPE_PIPE;
    if (S_ISSOCK(st->st_mode))
        return FD_TYPE_SOCKET;
    if (S_ISCHR(st->st_mode))
        return isatty(fd) ? FD_TYPE_CONSOLE : FD_TYPE_CHAR;
    return FD_TYPE_CHAR;
}

ACCESS_MASK file_access_from_fd(int unix_fd)
{
    int flags = fcntl(unix_fd, F_GETFL);
    ACCESS_MASK access = SRV_SYNCHRONIZE | SRV_READ_CONTROL | FILE_READ_ATTRIBUTES;

    if (flags == -1)
        return access;
    if ((flags & O_ACCMODE) != O_WRONLY)
        access |= file_ops.mapping.read;
    if ((flags & O_ACCMODE) != O_RDONLY)
        access |= file_ops.mapping.write;
    return access;
}

/* Windows' rule: an open conflicts with an existing one when either asks for a kind of access
 * (read/execute, write/append, delete) the other does not share. */
static int share_conflict(ACCESS_MASK access, uint32_t sharing, ACCESS_MASK other_access,
                          uint32_t other_sharing)
{
    if ((access & (FILE_READ_DATA | FILE_EXECUTE)) && !(other_sharing & FILE_SHARE_READ))
        return 1;
    if ((access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) && !(other_sharing & FILE_SHARE_WRITE))
        return 1;
    if ((access & SRV_DELETE) && !(other_sharing & FILE_SHARE_DELETE))
        return 1;
    if ((other_access & (FILE_READ_DATA | FILE_EXECUTE)) && !(sharing & FILE_SHARE_READ))
        return 1;
    if ((other_access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) && !(sharing & FILE_SHARE_WRITE))
        return 1;
    if ((other_access & SRV_DELETE) && !(sharing & FILE_SHARE_DELETE))
        return 1;
    return 0;
}

NTSTATUS create_file_object(int unix_fd, ACCESS_MASK access, uint32_t sharing, uint32_t options,
                            struct file **ret)
{
    struct file *file;
    struct stat st;
    struct list *cur, *next;

    if (fstat(unix_fd, &st)) {
        close(unix_fd);
        return STATUS_INVALID_HANDLE;
    }
    /* Like Windows' IoCheckShareAccess: an open without data or delete access is neither checked nor
     * recorded, so it never blocks another open. */
    if (!(access & (FILE_READ_DATA | FILE_EXECUTE | FILE_WRITE_DATA | FILE_APPEND_DATA | SRV_DELETE)))
        sharing = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    else if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
        LIST_FOR_EACH_SAFE(cur, next, &open_files)
        {
            struct file *other = LIST_ENTRY_OF(cur, struct file, inode_entry);
            if (other->dev == st.st_dev && other->ino == st.st_ino &&
                share_conflict(access, sharing, other->access, other->sharing)) {
                TRACE("sharing violation: access %#x sharing %#x vs %#x %#x\n", access, sharing,
                      other->access, other->sharing);
                close(unix_fd);
                return STATUS_SHARING_VIOLATION;
            }
        }
    }
    if (!(file = alloc_object(&file_ops, sizeof(*file)))) {
        close(unix_fd);
        return STATUS_NO_MEMORY;
    }
    file->unix_fd = unix_fd;
    file->type = fd_type_of(unix_fd, &st);
    file->dev = st.st_dev;
    file->ino = st.st_ino;
    file->access = access;
    file->sharing = sharing & (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    file->options = options;
    if (file->type == FD_TYPE_FILE || file->type == FD_TYPE_DIR)
        list_add_tail(&open_files, &file->inode_entry);
    else
        list_init(&file->inode_entry);
    *ret = file;
    return STATUS_SUCCESS;
}

static int file_get_unix_fd(struct object *obj)
{
    return ((struct file *)obj)->unix_fd;
}

/* Windows: a file object opened for synchronous I/O never has I/O pending, so it is signaled; that holds
 * for files, directories and anonymous pipe ends alike (Wine 8.0 agrees for an empty pipe). Console
 * input is signaled while unread input is there; a hung-up tty counts, as a read would not block. */
static int file_signaled(struct object *obj, struct thread *thread)
{
    struct file *file = (struct file *)obj;
    struct pollfd pfd = {.fd = file->unix_fd, .events = POLLIN};

    (void)thread;
    if (file->type != FD_TYPE_CONSOLE || !(file->access & FILE_READ_DATA))
        return 1;
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR));
}

static struct list *file_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct file *)obj)->wait_queue);
}

int file_wait_needs_poll(struct object *obj)
{
    struct file *file = (struct file *)obj;
    return obj->ops == &file_ops && file->type == FD_TYPE_CONSOLE && (file->access & FILE_READ_DATA);
}

static void file_destroy(struct object *obj)
{
    struct file *file = (struct file *)obj;
    struct stat st;

    list_remove(&file->inode_entry);
    /* only if the name still refers to this file: it may have been renamed or replaced meanwhile */
    if (file->delete_path && !lstat(file->delete_path, &st) && st.st_dev == file->dev &&
        st.st_ino == file->ino) {
        if (S_ISDIR(st.st_mode) ? rmdir(file->delete_path) : unlink(file->delete_path))
            WARN("cannot delete %s on close\n", file->delete_path);
    }
    free(file->delete_path);
    close(file->unix_fd);
}

/* ---- requests ---- */

#include "process.h"
#include "request.h"

DECL_HANDLER(get_handle_fd)
{
    struct process *process = ctx->client->process;
    struct handle_entry *entry = get_handle_entry(&process->handles, req->handle);
    struct file *file;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (entry->obj->ops != &file_ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    file = (struct file *)entry->obj;
    reply->type = file->type;
    reply->access = entry->access;
    reply->options = file->options;
    ctx->reply_fd = file->unix_fd;
    return STATUS_SUCCESS;
}

DECL_HANDLER(alloc_file_handle)
{
    struct process *process = ctx->client->process;
    struct file *file;
    ACCESS_MASK access;
    NTSTATUS status;
    char *delete_path = NULL;
    int fd;

    if (ctx->fd_count != 1)
        return STATUS_INVALID_PARAMETER;
    if (req->sharing & ~(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE))
        return STATUS_INVALID_PARAMETER;
    if (req->options & FILE_DELETE_ON_CLOSE) {
        if (!ctx->data_size || ctx->data_size >= 4096 || memchr(ctx->data, 0, ctx->data_size) ||
            ((const char *)ctx->data)[0] != '/')
            return STATUS_INVALID_PARAMETER;
        if (!(delete_path = malloc(ctx->data_size + 1)))
            return STATUS_NO_MEMORY;
        memcpy(delete_path, ctx->data, ctx->data_size);
        delete_path[ctx->data_size] = 0;
    }
    fd = ctx->fds[0];
    ctx->fds[0] = -1;
    access = req->access;
    if (access & (SRV_GENERIC_READ | SRV_GENERIC_WRITE | SRV_GENERIC_EXECUTE | SRV_GENERIC_ALL |
                  SRV_MAXIMUM_ALLOWED)) {
        struct object probe = {.ops = &file_ops};
        access = map_access(&probe, access);
    }
    /* Windows refuses delete-on-close without delete access */
    if (delete_path && !(access & SRV_DELETE)) {
        free(delete_path);
        close(fd);
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = create_file_object(fd, access, req->sharing, req->options, &file))) {
        free(delete_path);
        return status;
    }
    reply->handle =
        alloc_handle(&process->handles, &file->obj, access,
                     (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    reply->type = file->type;
    /* armed only once the open succeeded: a failed open must not delete anything */
    if (!status)
        file->delete_path = delete_path;
    else
        free(delete_path);
    release_object(&file->obj);
    return status;
}
