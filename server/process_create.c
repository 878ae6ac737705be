/*
 * Process creation (CreateProcess), opening, querying and terminating other processes.
 *
 * The parent asks for the child's objects first (new_process): the process and main thread objects,
 * the child's handle table (inherited handles at the same values) and the startup block the child will
 * read. It then starts the launcher with a token in the host environment; the child's init_process
 * presents the token and adopts the prepared objects instead of creating new ones.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "process.h"
#include "request.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

#define PROCESS_TERMINATE 0x0001
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_ALL_ACCESS (SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0xffff)
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_ALL_ACCESS (SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0xffff)
#define NORMAL_PRIORITY_CLASS 0x20

/* The resume gate of a CREATE_SUSPENDED child: signaled once its main thread is resumed. */
struct resume_gate {
    struct object obj;
    int suspended;
    struct list wait_queue;
};

static int gate_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return !((struct resume_gate *)obj)->suspended;
}

static struct list *gate_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct resume_gate *)obj)->wait_queue);
}

static const struct object_ops resume_gate_ops = {
    .name = "resume_gate",
    .type = SERVER_OBJ_EVENT,
    .mapping = {.read = SRV_SYNCHRONIZE, .write = 0, .execute = SRV_SYNCHRONIZE, .all = SRV_SYNCHRONIZE},
    .signaled = gate_signaled,
    .wait_queue = gate_wait_queue,
};

/* A child made by new_process, until it has read its startup block. */
struct child_record {
    struct list entry;
    uint64_t token;
    struct process *process;  /* grabbed */
    struct thread *thread;    /* grabbed */
    struct resume_gate *gate; /* grabbed, or NULL */
    obj_handle_t gate_handle; /* in the child's table */
    obj_handle_t std_handles[3];
    int startup_fd;
    int connected; /* init_process done */
    int delivered; /* startup block sent: freed at the next request of this file */
};

static struct list children = LIST_INIT(children);

static void free_record(struct child_record *rec)
{
    list_remove(&rec->entry);
    if (rec->startup_fd != -1)
        close(rec->startup_fd);
    release_object(&rec->thread->obj);
    release_object(&rec->process->obj);
    if (rec->gate)
        release_object(&rec->gate->obj);
    free(rec);
}

/* Records whose fd went out with a reply (the reply is sent after the handler returns), and those of
 * processes that ended without ever connecting. */
static void purge_records(void)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &children)
    {
        struct child_record *rec = LIST_ENTRY_OF(cur, struct child_record, entry);
        if (!rec->process->running)
            free_record(rec);
        else if (rec->delivered) {
            if (rec->startup_fd != -1)
                close(rec->startup_fd);
            rec->startup_fd = -1;
            /* a suspended child's record stays for resume_process_thread */
            if (!rec->gate || !rec->gate->suspended)
                free_record(rec);
        }
    }
}

uint64_t filetime_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 10000000 + ts.tv_nsec / 100 + 116444736000000000ULL;
}

static uint64_t new_token(void)
{
    uint64_t token = 0;

    while (!token) {
        if (getrandom(&token, sizeof(token), 0) != sizeof(token)) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            token = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 16);
        }
    }
    return token;
}

/* The child's table starts as the inheritable part of the parent's, slot for slot. */
static NTSTATUS inherit_handles(struct handle_table *dst, const struct handle_table *src)
{
    if (!src->last)
        return STATUS_SUCCESS;
    if (!(dst->entries = calloc(src->size, sizeof(*dst->entries))))
        return STATUS_NO_MEMORY;
    dst->size = src->size;
    for (unsigned int i = 0; i < src->last; i++) {
        const struct handle_entry *entry = &src->entries[i];
        if (!entry->obj || !(entry->flags & SERVER_HANDLE_FLAG_INHERIT))
            continue;
        dst->entries[i].obj = grab_object(entry->obj);
        dst->entries[i].access = entry->access;
        dst->entries[i].flags = entry->flags;
        entry->obj->handle_count++;
        dst->count++;
        dst->last = i + 1;
    }
    return STATUS_SUCCESS;
}

static obj_handle_t child_std_handle(struct process *parent, struct process *child, obj_handle_t handle)
{
    struct handle_entry *entry, *inherited;
    NTSTATUS status;

    if (!handle || !(entry = get_handle_entry(&parent->handles, handle)))
        return 0;
    inherited = get_handle_entry(&child->handles, handle);
    if (inherited && inherited->obj == entry->obj)
        return handle;
    /* not inherited: the child still gets the object (Windows does so for console handles) */
    return alloc_handle(&child->handles, entry->obj, entry->access, SERVER_HANDLE_FLAG_INHERIT, &status);
}

/* The host pid a spawned child reports: the kernel's SO_PEERCRED when it connected through the
 * socket itself, else it must be a child of its creator's host process (it was spawned by it). */
static pid_t spawned_unix_pid(struct process *process, struct client *client, uint32_t claimed)
{
    struct process *parent = get_process_from_id(process->parent_id);

    if (client->peer_pid > 1 && (uint32_t)client->peer_pid == claimed)
        return client->peer_pid;
    return checked_unix_pid(claimed, parent && parent->unix_pid > 1 ? parent->unix_pid : -1);
}

DECL_HANDLER(new_process)
{
    struct process *parent = ctx->client->process, *process;
    struct thread *thread;
    struct child_record *rec;
    NTSTATUS status;

    purge_records();
    if (ctx->fd_count < 1 || ctx->fd_count > 2 ||
        (req->flags & ~(SERVER_NEW_PROCESS_INHERIT | SERVER_NEW_PROCESS_SUSPENDED)))
        return STATUS_INVALID_PARAMETER;
    if (ctx->fd_count == 2) {
        int type;
        socklen_t len = sizeof(type);
        if (!attach_client_fd || getsockopt(ctx->fds[1], SOL_SOCKET, SO_TYPE, &type, &len) ||
            type != SOCK_SEQPACKET)
            return STATUS_INVALID_PARAMETER;
    }
    if (!(rec = calloc(1, sizeof(*rec))))
        return STATUS_NO_MEMORY;
    if (!(process = create_process(0))) {
        free(rec);
        return STATUS_NO_MEMORY;
    }
    if (!(thread = create_thread(process))) {
        process_exit(process, 0);
        release_object(&process->obj);
        free(rec);
        return STATUS_NO_MEMORY;
    }
    rec->process = process;
    rec->thread = thread;
    rec->startup_fd = -1;
    list_add_tail(&children, &rec->entry);
    process->parent_id = parent->id;
    process->priority_class = NORMAL_PRIORITY_CLASS;

    status = (req->flags & SERVER_NEW_PROCESS_INHERIT) ? inherit_handles(&process->handles, &parent->handles)
                                                       : STATUS_SUCCESS;
    for (unsigned int i = 0; i < 3 && !status; i++)
        rec->std_handles[i] = child_std_handle(parent, process, req->std_handles[i]);
    if (!status && (req->flags & SERVER_NEW_PROCESS_SUSPENDED)) {
        if (!(rec->gate = alloc_object(&resume_gate_ops, sizeof(*rec->gate))))
            status = STATUS_NO_MEMORY;
        else {
            rec->gate->suspended = 1;
            rec->gate_handle = alloc_handle(&process->handles, &rec->gate->obj, SRV_SYNCHRONIZE, 0, &status);
        }
    }
    if (!status)
        reply->process_handle = alloc_handle(
            &parent->handles, &process->obj, PROCESS_ALL_ACCESS,
            (req->process_attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    if (!status) {
        reply->thread_handle = alloc_handle(
            &parent->handles, &thread->obj, THREAD_ALL_ACCESS,
            (req->thread_attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
        if (status)
            close_handle(&parent->handles, parent, reply->process_handle);
    }
    if (status) {
        thread_exit(thread, 0); /* the last thread: the process goes with it */
        free_record(rec);
        return status;
    }
    /* from now on the child's death, even before its init_process, closes this connection */
    if (ctx->fd_count == 2) {
        if (!attach_client_fd(ctx->fds[1], process, thread)) {
            close_handle(&parent->handles, parent, reply->process_handle);
            close_handle(&parent->handles, parent, reply->thread_handle);
            thread_exit(thread, 0);
            free_record(rec);
            return STATUS_NO_MEMORY;
        }
        ctx->fds[1] = -1;
    }
    rec->startup_fd = ctx->fds[0];
    ctx->fds[0] = -1;
    rec->token = new_token();
    reply->token = rec->token;
    reply->pid = process->id;
    reply->tid = thread->id;
    TRACE("process %04x (thread %04x) created by %04x\n", process->id, thread->id, parent->id);
    return STATUS_SUCCESS;
}

NTSTATUS init_spawned_process(struct request_ctx *ctx, const struct init_process_request *req,
                              struct init_process_reply *reply)
{
    struct child_record *rec = NULL;
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &children)
    {
        struct child_record *r = LIST_ENTRY_OF(cur, struct child_record, entry);
        if (r->token == req->token && !r->connected) {
            rec = r;
            break;
        }
    }
    if (!rec)
        return STATUS_ACCESS_DENIED;
    if (!rec->process->running || !rec->thread->running)
        return STATUS_PROCESS_IS_TERMINATING; /* terminated before it started */
    if (ctx->client->process && (ctx->client->process != rec->process || ctx->client->thread != rec->thread))
        return STATUS_ACCESS_DENIED;
    rec->connected = 1;
    rec->process->unix_pid = spawned_unix_pid(rec->process, ctx->client, req->unix_pid);
    if (!ctx->client->process) { /* it connected by itself rather than through new_process's socket */
        ctx->client->process = (struct process *)grab_object(&rec->process->obj);
        ctx->client->thread = (struct thread *)grab_object(&rec->thread->obj);
    }
    reply->pid = rec->process->id;
    reply->tid = rec->thread->id;
    for (unsigned int i = 0; i < 3; i++) {
        struct handle_entry *entry = get_handle_entry(&rec->process->handles, rec->std_handles[i]);
        if (!entry || entry->obj->ops != &file_ops)
            continue;
        /* the parent made the child's fd i the host fd behind this handle */
        reply->std_handles[i] = rec->std_handles[i];
        reply->std_types |= (uint32_t)((struct file *)entry->obj)->type << (8 * i);
        reply->std_access[i] = entry->access;
    }
    TRACE("process %04x started (unix %d)\n", rec->process->id, (int)req->unix_pid);
    return STATUS_SUCCESS;
}

DECL_HANDLER(get_startup_info)
{
    struct list *cur, *next;

    purge_records();
    LIST_FOR_EACH_SAFE(cur, next, &children)
    {
        struct child_record *rec = LIST_ENTRY_OF(cur, struct child_record, entry);
        if (rec->process != ctx->client->process || rec->delivered)
            continue;
        reply->parent_pid = rec->process->parent_id;
        reply->resume_gate = rec->gate_handle;
        ctx->reply_fd = rec->startup_fd;
        rec->delivered = 1;
        return STATUS_SUCCESS;
    }
    return STATUS_NOT_FOUND;
}

/* The process behind a handle (SERVER_CURRENT_PROCESS included), grabbed, if the handle grants access;
 * PROCESS_QUERY_INFORMATION implies the limited right, as on Windows. */
static NTSTATUS get_process(struct request_ctx *ctx, obj_handle_t handle, ACCESS_MASK access,
                            struct process **process)
{
    struct handle_entry *entry;
    ACCESS_MASK granted;

    if (handle == SERVER_CURRENT_PROCESS) {
        *process = (struct process *)grab_object(&ctx->client->process->obj);
        return STATUS_SUCCESS;
    }
    if (!(entry = get_handle_entry(&ctx->client->process->handles, handle)))
        return STATUS_INVALID_HANDLE;
    if (entry->obj->ops != &process_ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    granted = entry->access;
    if (granted & PROCESS_QUERY_INFORMATION)
        granted |= PROCESS_QUERY_LIMITED_INFORMATION;
    if ((granted & access) != access)
        return STATUS_ACCESS_DENIED;
    *process = (struct process *)grab_object(entry->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(get_process_info)
{
    struct process *process;
    NTSTATUS status;

    if ((status = get_process(ctx, req->handle, req->access, &process)))
        return status;
    reply->pid = process->id;
    reply->parent_pid = process->parent_id;
    reply->exit_code = process->running ? 259 /* STILL_ACTIVE */ : process->exit_code;
    reply->running = process->running;
    reply->priority_class = process->priority_class ? process->priority_class : NORMAL_PRIORITY_CLASS;
    reply->create_time = process->create_time;
    reply->exit_time = process->running ? 0 : process->exit_time;
    release_object(&process->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(set_process_info)
{
    struct process *process;
    NTSTATUS status;

    if ((status = get_process(ctx, req->handle, PROCESS_SET_INFORMATION, &process)))
        return status;
    if (req->mask & SERVER_PROCESS_INFO_PRIORITY)
        process->priority_class = req->priority_class;
    if ((req->mask & SERVER_PROCESS_INFO_UNIX_PID) && !process->unix_pid &&
        process->parent_id == ctx->client->process->id) {
        process->unix_pid = checked_unix_pid(req->unix_pid, ctx->client->process->unix_pid);
        if (!process->running && process->unix_pid) /* terminated before it could start */
            kill(process->unix_pid, SIGKILL);
    }
    release_object(&process->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(open_process)
{
    struct process *process = get_process_from_id(req->pid);
    NTSTATUS status;

    if (!process)
        return STATUS_INVALID_CID;
    reply->handle = alloc_handle(
        &ctx->client->process->handles, &process->obj,
        map_access(&process->obj, req->access & SRV_MAXIMUM_ALLOWED ? SRV_GENERIC_ALL : req->access),
        (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    return status;
}

DECL_HANDLER(terminate_process)
{
    struct process *process;
    struct list *cur, *next;
    NTSTATUS status;

    if ((status = get_process(ctx, req->handle, PROCESS_TERMINATE, &process)))
        return status;
    if (!process->running) {
        release_object(&process->obj);
        return STATUS_PROCESS_IS_TERMINATING;
    }
    process->exit_code = req->exit_code;
    process->exit_code_set = 1;
    if (process == ctx->client->process) {
        reply->self = 1; /* the client exits by itself */
        release_object(&process->obj);
        return STATUS_SUCCESS;
    }
    /* a connected process's connections close as the kernel tears it down: it is marked exited then */
    if (process->unix_pid > 1)
        kill(process->unix_pid, SIGKILL);
    LIST_FOR_EACH_SAFE(cur, next, &children)
    {
        struct child_record *rec = LIST_ENTRY_OF(cur, struct child_record, entry);
        if (rec->process != process || rec->connected)
            continue;
        /* not connected yet: nothing else will end it; its init_process will be refused */
        LIST_FOR_EACH_SAFE(cur, next, &process->threads)
        {
            thread_exit(LIST_ENTRY_OF(cur, struct thread, proc_entry), req->exit_code);
        }
        break;
    }
    release_object(&process->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(resume_process_thread)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);
    struct list *cur, *next;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (entry->obj->ops != &thread_ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    LIST_FOR_EACH_SAFE(cur, next, &children)
    {
        struct child_record *rec = LIST_ENTRY_OF(cur, struct child_record, entry);
        if (&rec->thread->obj != entry->obj || !rec->gate)
            continue;
        if (!(entry->access & THREAD_SUSPEND_RESUME))
            return STATUS_ACCESS_DENIED;
        reply->prev_count = rec->gate->suspended;
        if (rec->gate->suspended) {
            rec->gate->suspended = 0;
            wake_up(&rec->gate->obj);
        }
        return STATUS_SUCCESS;
    }
    return STATUS_NOT_FOUND;
}
