/*
 * Thread objects.
 */
#include "process.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Thread-specific access rights (Windows SDK values). */
#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_SET_THREAD_TOKEN 0x0080
#define THREAD_IMPERSONATE 0x0100
#define THREAD_DIRECT_IMPERSONATION 0x0200
#define THREAD_SET_LIMITED_INFORMATION 0x0400
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800
#define THREAD_ALL_ACCESS (SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0xffff)

static void thread_destroy(struct object *obj);

/* A thread handle is signaled once the thread has exited (and stays so). */
static int thread_signaled(struct object *obj, struct thread *waiter)
{
    return !((struct thread *)obj)->running;
}

static struct list *thread_wait_queue(struct object *obj)
{
    struct list *queue = &((struct thread *)obj)->wait_queue;
    if (!queue->next)
        list_init(queue);
    return queue;
}

const struct object_ops thread_ops = {
    .name = "thread",
    .type = SERVER_OBJ_THREAD,
    .mapping =
        {
            .read = SRV_READ_CONTROL | THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION,
            .write = SRV_READ_CONTROL | THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_INFORMATION |
                     THREAD_SET_CONTEXT,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION,
            .all = THREAD_ALL_ACCESS,
        },
    .get_unix_fd = NULL,
    .close_handle = NULL,
    .destroy = thread_destroy,
    .signaled = thread_signaled,
    .wait_queue = thread_wait_queue,
};

struct thread *create_thread(struct process *process)
{
    struct thread *thread = alloc_object(&thread_ops, sizeof(*thread));

    if (!thread)
        return NULL;
    if (!(thread->id = alloc_id())) {
        release_object(&thread->obj);
        return NULL;
    }
    thread->process = (struct process *)grab_object(&process->obj);
    thread->running = 1;
    thread->exit_code = 259; /* STILL_ACTIVE */
    thread->affinity = ~(uint64_t)0;
    list_add_tail(&process->threads, &thread->proc_entry);
    thread_list_add(thread);
    TRACE("thread %04x in process %04x\n", thread->id, process->id);
    return thread;
}

void thread_exit(struct thread *thread, uint32_t exit_code)
{
    struct process *process = thread->process;

    if (!thread->running)
        return;
    thread->running = 0;
    thread->exit_code = exit_code;
    sync_thread_exit(thread); /* abandons its mutexes, wakes those waiting for it (server/wait.c) */
    list_remove(&thread->proc_entry);
    if (list_empty(&process->threads))
        process_exit(process, process->exit_code_set ? process->exit_code : exit_code);
}

static void thread_destroy(struct object *obj)
{
    struct thread *thread = (struct thread *)obj;

    thread_list_remove(thread);
    /* a terminated thread may have taken a mutex through the client fast path before it really ended:
     * abandon it before the id can be reused */
    mutex_abandon_owned(thread);
    if (thread->running)
        list_remove(&thread->proc_entry);
    release_object(&thread->process->obj);
    free_id(thread->id);
}

/* ---- requests ---- */

#include <sys/socket.h>

#include "request.h"

DECL_HANDLER(new_thread)
{
    struct process *process = ctx->client->process;
    struct thread *thread;
    NTSTATUS status;
    int fd, type;
    socklen_t len = sizeof(type);

    if (ctx->fd_count != 1)
        return STATUS_INVALID_PARAMETER;
    fd = ctx->fds[0];
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) || type != SOCK_SEQPACKET)
        return STATUS_INVALID_PARAMETER; /* dispatch_request closes the fd */
    if (!attach_client_fd)
        return STATUS_NOT_SUPPORTED;
    if (!(thread = create_thread(process)))
        return STATUS_NO_MEMORY;
    reply->handle =
        alloc_handle(&process->handles, &thread->obj, THREAD_ALL_ACCESS,
                     (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    if (!status && !attach_client_fd(fd, process, thread)) {
        close_handle(&process->handles, process, reply->handle);
        status = STATUS_NO_MEMORY;
    }
    if (status) {
        thread_exit(thread, 0);
        release_object(&thread->obj);
        return status;
    }
    ctx->fds[0] = -1; /* the new client owns it now */
    reply->tid = thread->id;
    release_object(&thread->obj);
    return STATUS_SUCCESS;
}
