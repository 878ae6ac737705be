/*
 * Process objects.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "process.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Process-specific access rights (Windows SDK values). */
#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_DUP_HANDLE 0x0040
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_ALL_ACCESS (SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0xffff)

static void process_destroy(struct object *obj);

/* A process handle is signaled once the process has exited. */
static int process_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return !((struct process *)obj)->running;
}

static struct list *process_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct process *)obj)->wait_queue);
}

const struct object_ops process_ops = {
    .name = "process",
    .type = SERVER_OBJ_PROCESS,
    .mapping =
        {
            .read = SRV_READ_CONTROL | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
            .write = SRV_READ_CONTROL | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | PROCESS_VM_WRITE |
                     PROCESS_DUP_HANDLE | PROCESS_CREATE_PROCESS | PROCESS_SET_QUOTA |
                     PROCESS_SET_INFORMATION | PROCESS_SUSPEND_RESUME,
            .execute =
                SRV_READ_CONTROL | SRV_SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE,
            .all = PROCESS_ALL_ACCESS,
        },
    .get_unix_fd = NULL,
    .close_handle = NULL,
    .destroy = process_destroy,
    .signaled = process_signaled,
    .wait_queue = process_wait_queue,
};

static struct list process_list = LIST_INIT(process_list);

/* ---- ids ---- */
static uint32_t *free_ids;
static unsigned int free_id_count, free_id_size;
static uint32_t next_id = 0x20;

uint32_t alloc_id(void)
{
    if (free_id_count)
        return free_ids[--free_id_count];
    if (next_id >= 0xfffffff0)
        return 0;
    next_id += 4;
    return next_id - 4;
}

void free_id(uint32_t id)
{
    if (!id)
        return;
    if (free_id_count == free_id_size) {
        unsigned int size = free_id_size ? free_id_size * 2 : 64;
        uint32_t *ids = realloc(free_ids, size * sizeof(*ids));
        if (!ids)
            return; /* the id is simply never reused */
        free_ids = ids;
        free_id_size = size;
    }
    /* reuse ids late, like Windows: put them at the bottom of the stack */
    for (unsigned int i = free_id_count; i > 0; i--)
        free_ids[i] = free_ids[i - 1];
    free_ids[0] = id;
    free_id_count++;
}

struct process *create_process(pid_t unix_pid)
{
    struct process *process = alloc_object(&process_ops, sizeof(*process));

    if (!process)
        return NULL;
    if (!(process->id = alloc_id())) {
        release_object(&process->obj);
        return NULL;
    }
    process->unix_pid = unix_pid;
    process->running = 1;
    process->exit_code = 259;              /* STILL_ACTIVE */
    process->create_time = filetime_now(); /* GetProcessTimes (process_create.c) */
    handle_table_init(&process->handles);
    list_init(&process->threads);
    list_add_tail(&process_list, &process->entry);
    TRACE("process %04x (unix %d)\n", process->id, (int)unix_pid);
    return process;
}

void process_exit(struct process *process, uint32_t exit_code)
{
    if (!process->running)
        return;
    TRACE("process %04x exits with %#x\n", process->id, exit_code);
    process->running = 0;
    process->exit_code = exit_code;
    process->exit_time = filetime_now();
    list_remove(&process->entry);
    /* the handles may refer back to the process itself: hold it while closing them */
    grab_object(&process->obj);
    handle_table_destroy(&process->handles, process);
    sync_process_exit(process);
    release_object(&process->obj);
}

struct process *get_process_from_id(uint32_t id)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &process_list)
    {
        struct process *process = LIST_ENTRY_OF(cur, struct process, entry);
        if (process->id == id)
            return process;
    }
    return NULL;
}

static void process_destroy(struct object *obj)
{
    struct process *process = (struct process *)obj;

    if (process->running) {
        list_remove(&process->entry);
        handle_table_destroy(&process->handles, process);
    }
    free_id(process->id);
}

/* ---- requests ---- */

#include <unistd.h>

#include "file.h"
#include "request.h"

DECL_HANDLER(init_process)
{
    struct client *client = ctx->client;
    struct process *process;
    struct thread *thread;
    unsigned int wanted = 0, next_fd = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (req->token) /* a CreateProcess child: its objects exist already (server/process_create.c) */
        return init_spawned_process(ctx, req, reply);
    if (client->process)
        return STATUS_INVALID_PARAMETER;
    if (req->fd_mask & ~7u)
        return STATUS_INVALID_PARAMETER;
    for (unsigned int i = 0; i < 3; i++)
        wanted += (req->fd_mask >> i) & 1;
    if (wanted != ctx->fd_count)
        return STATUS_INVALID_PARAMETER;

    /* trust the kernel's SO_PEERCRED over the request: the server signals this pid later */
    if (!(process = create_process(ctx->client->peer_pid > 1 ? ctx->client->peer_pid
                                                             : checked_unix_pid(req->unix_pid, 0))))
        return STATUS_NO_MEMORY;
    if (!(thread = create_thread(process))) {
        process_exit(process, 0);
        release_object(&process->obj);
        return STATUS_NO_MEMORY;
    }
    for (unsigned int i = 0; i < 3; i++) {
        struct file *file;
        int fd;

        if (!(req->fd_mask & (1u << i)))
            continue;
        fd = ctx->fds[next_fd];
        ctx->fds[next_fd++] = -1;
        /* std handles share everything: another open of the same file must not fail because of them */
        status = create_file_object(fd, file_access_from_fd(fd), 7, 0x20 /* FILE_SYNCHRONOUS_IO_NONALERT */,
                                    &file);
        if (status)
            break;
        reply->std_handles[i] =
            alloc_handle(&process->handles, &file->obj, file->access, SERVER_HANDLE_FLAG_INHERIT, &status);
        reply->std_types |= (uint32_t)file->type << (8 * i);
        reply->std_access[i] = file->access;
        release_object(&file->obj);
        if (status)
            break;
    }
    if (status) {
        thread_exit(thread, 0);
        release_object(&thread->obj);
        release_object(&process->obj);
        return status;
    }
    client->process = process;
    client->thread = thread;
    reply->pid = process->id;
    reply->tid = thread->id;
    return STATUS_SUCCESS;
}

DECL_HANDLER(exit_process)
{
    struct process *process = ctx->client->process;

    process->exit_code = req->exit_code;
    process->exit_code_set = 1;
    return STATUS_SUCCESS;
}

pid_t checked_unix_pid(uint32_t pid, pid_t parent)
{
    char path[64], buf[512], *p;
    ssize_t len;
    long ppid;
    int fd;

    if (pid < 2 || pid > INT32_MAX || parent < 0)
        return 0;
    if (!parent)
        return (pid_t)pid;
    /* /proc/PID/stat: "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse
     * from the last ')' */
    snprintf(path, sizeof(path), "/proc/%u/stat", pid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
        return 0;
    len = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (len <= 0)
        return 0;
    buf[len] = 0;
    if (!(p = strrchr(buf, ')')) || sscanf(p + 1, " %*c %ld", &ppid) != 1 || ppid != parent) {
        WARN("host pid %u is not a child of %d: not recorded\n", pid, (int)parent);
        return 0;
    }
    return (pid_t)pid;
}
