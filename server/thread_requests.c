/*
 * Thread requests: termination, queries, priorities and opening a thread by id. Thread creation
 * (new_thread) lives in thread.c; suspension and contexts are handled inside the client process,
 * which is the only one that can touch a thread's registers.
 */
#include "request.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Thread access rights (Windows SDK values). */
#define THREAD_TERMINATE 0x0001
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_SET_LIMITED_INFORMATION 0x0400
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800

/* The full rights imply their limited forms, as on Windows Vista and later. */
static ACCESS_MASK implied_access(ACCESS_MASK access)
{
    if (access & THREAD_QUERY_INFORMATION)
        access |= THREAD_QUERY_LIMITED_INFORMATION;
    if (access & THREAD_SET_INFORMATION)
        access |= THREAD_SET_LIMITED_INFORMATION;
    return access;
}

/* The thread behind a handle of the calling process (grabbed), checking access. */
static NTSTATUS get_thread(struct request_ctx *ctx, obj_handle_t handle, ACCESS_MASK access,
                           struct thread **thread)
{
    struct handle_entry *entry;

    if (handle == SERVER_CURRENT_THREAD) {
        if (!ctx->client->thread)
            return STATUS_INVALID_HANDLE;
        *thread = (struct thread *)grab_object(&ctx->client->thread->obj);
        return STATUS_SUCCESS;
    }
    if (!(entry = get_handle_entry(&ctx->client->process->handles, handle)))
        return STATUS_INVALID_HANDLE;
    if (entry->obj->ops != &thread_ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if ((implied_access(entry->access) & access) != access)
        return STATUS_ACCESS_DENIED;
    *thread = (struct thread *)grab_object(entry->obj);
    return STATUS_SUCCESS;
}

static int only_running_thread(struct thread *thread)
{
    struct list *threads = &thread->process->threads;
    return thread->running && threads->next == &thread->proc_entry && threads->prev == &thread->proc_entry;
}

DECL_HANDLER(terminate_thread)
{
    struct thread *thread;
    NTSTATUS status;

    if (req->flags & ~SERVER_TERMINATE_UNLESS_LAST)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_thread(ctx, req->handle, THREAD_TERMINATE, &thread)))
        return status;
    reply->self = thread == ctx->client->thread;
    if (reply->self && (req->flags & SERVER_TERMINATE_UNLESS_LAST) && only_running_thread(thread)) {
        reply->last = 1;
    } else if (thread->running) {
        TRACE("thread %04x exits with %#x\n", thread->id, req->exit_code);
        thread_exit(thread, req->exit_code); /* wakes the waits on the thread */
    }
    release_object(&thread->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(get_thread_info)
{
    struct thread *thread;
    NTSTATUS status;

    if ((status = get_thread(ctx, req->handle, req->access, &thread)))
        return status;
    reply->pid = thread->process->id;
    reply->tid = thread->id;
    reply->exit_code = thread->exit_code;
    reply->priority = thread->priority;
    reply->affinity = thread->affinity;
    reply->running = thread->running;
    reply->last = only_running_thread(thread);
    release_object(&thread->obj);
    return STATUS_SUCCESS;
}

DECL_HANDLER(set_thread_info)
{
    struct thread *thread;
    NTSTATUS status;

    if (req->mask & ~(SERVER_THREAD_INFO_PRIORITY | SERVER_THREAD_INFO_AFFINITY))
        return STATUS_INVALID_PARAMETER;
    if ((status = get_thread(ctx, req->handle, THREAD_SET_LIMITED_INFORMATION, &thread)))
        return status;
    if (req->mask & SERVER_THREAD_INFO_PRIORITY)
        thread->priority = req->priority;
    if (req->mask & SERVER_THREAD_INFO_AFFINITY)
        thread->affinity = req->affinity;
    release_object(&thread->obj);
    return STATUS_SUCCESS;
}

static struct list all_threads = LIST_INIT(all_threads);

void thread_list_add(struct thread *thread)
{
    list_add_tail(&all_threads, &thread->all_entry);
}

void thread_list_remove(struct thread *thread)
{
    if (thread->all_entry.next)
        list_remove(&thread->all_entry);
}

/* A thread object lives (and keeps its id) while handles refer to it, so an exited thread can still be
 * opened, as on Windows. */
DECL_HANDLER(open_thread)
{
    struct process *process = ctx->client->process;
    struct list *entry;
    NTSTATUS status;

    if (!req->tid || (req->tid & 3))
        return STATUS_INVALID_CID;
    for (entry = all_threads.next; entry != &all_threads; entry = entry->next) {
        struct thread *thread = LIST_ENTRY_OF(entry, struct thread, all_entry);
        if (thread->id != req->tid)
            continue;
        reply->handle =
            alloc_handle(&process->handles, &thread->obj, map_access(&thread->obj, req->access),
                         (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
        reply->pid = thread->process->id;
        return status;
    }
    return STATUS_INVALID_CID;
}
