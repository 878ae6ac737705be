/*
 * Waits: the select request, wait queues and timeouts.
 *
 * A select that cannot end at once becomes a struct wait: one entry on the queue of every object it
 * names, and a deadline. Whenever an object's state changes (wake_up) the waits on its queue are
 * retried oldest first; the main loop ends expired waits (wait_next_timeout, wait_check_timeouts).
 * The answer then goes out on the waiting thread's own connection (send_wait_reply): the dispatcher
 * sent nothing for the request (SERVER_REPLY_DEFERRED).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "file.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Not a wait status: the wait goes on. */
#define WAIT_PENDING ((NTSTATUS)-1)

/* How often a wait on an object nobody reports changes of (console input) looks again. */
#define POLL_INTERVAL_NS 10000000u

struct wait;

struct wait_entry {
    struct list entry; /* in the object's wait queue */
    struct wait *wait;
    struct object *obj; /* holds a reference */
};

struct wait {
    struct list entry; /* in all_waits */
    struct client *client;
    struct thread *thread; /* holds a reference */
    uint32_t flags;        /* SERVER_SELECT_* */
    uint64_t deadline;     /* CLOCK_MONOTONIC ns or SERVER_TIMEOUT_INFINITE */
    int poll;              /* an object must be tested again every POLL_INTERVAL_NS */
    unsigned int count;
    struct wait_entry entries[];
};

static struct list all_waits = LIST_INIT(all_waits);

/* User APCs waiting for their thread's next alertable wait, oldest first. */
struct apc {
    struct list entry;
    struct thread *thread; /* holds a reference */
    uint64_t func;
    uint64_t args[3];
};

static struct list queued_apcs = LIST_INIT(queued_apcs);

static struct wait *find_thread_wait(struct thread *thread);

static struct apc *first_apc(struct thread *thread)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &queued_apcs)
    {
        struct apc *apc = LIST_ENTRY_OF(cur, struct apc, entry);
        if (apc->thread == thread)
            return apc;
    }
    return NULL;
}

static void free_apc(struct apc *apc)
{
    list_remove(&apc->entry);
    release_object(&apc->thread->obj);
    free(apc);
}

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Locks the shared slot of obj, if it has one, against clients' fast paths (sync_shm.c); returns
 * whether this call took the lock. */
static int lock_object(struct object *obj)
{
    struct sync_slot *slot = sync_object_slot(obj);
    return slot && sync_slot_trylock(slot);
}

static void unlock_object(struct object *obj)
{
    sync_slot_unlock(sync_object_slot(obj));
}

/* Ends the wait now if its objects allow: consumes them and returns the wait status. */
static NTSTATUS try_satisfy(struct thread *thread, struct object **objs, unsigned int count, uint32_t flags)
{
    if (flags & SERVER_SELECT_ALL) {
        uint64_t locked = 0;
        NTSTATUS status = STATUS_WAIT_0;
        unsigned int i;

        /* all at once: nobody may take one of them between the test and the consumption */
        for (i = 0; i < count; i++)
            if (lock_object(objs[i]))
                locked |= 1ull << i;
        for (i = 0; i < count; i++)
            if (!objs[i]->ops->signaled(objs[i], thread)) {
                status = WAIT_PENDING;
                break;
            }
        for (i = 0; status != WAIT_PENDING && i < count; i++)
            if (objs[i]->ops->satisfied && objs[i]->ops->satisfied(objs[i], thread))
                status = STATUS_ABANDONED_WAIT_0;
        for (i = 0; i < count; i++)
            if (locked & (1ull << i))
                unlock_object(objs[i]);
        return status;
    }
    for (unsigned int i = 0; i < count; i++) {
        int locked = lock_object(objs[i]);
        NTSTATUS status = WAIT_PENDING;

        if (objs[i]->ops->signaled(objs[i], thread)) {
            status = STATUS_WAIT_0 + i;
            if (objs[i]->ops->satisfied && objs[i]->ops->satisfied(objs[i], thread))
                status = STATUS_ABANDONED_WAIT_0 + i;
        }
        if (locked)
            unlock_object(objs[i]);
        if (status != WAIT_PENDING)
            return status;
    }
    return WAIT_PENDING;
}

static NTSTATUS try_satisfy_wait(struct wait *wait)
{
    struct object *objs[SERVER_SELECT_MAX];

    for (unsigned int i = 0; i < wait->count; i++)
        objs[i] = wait->entries[i].obj;
    return try_satisfy(wait->thread, objs, wait->count, wait->flags);
}

static void send_wait_reply(struct client *client, NTSTATUS status)
{
    struct {
        struct reply_header header;
        struct select_reply reply;
    } packet;

    memset(&packet, 0, sizeof(packet));
    packet.header.status = status;
    packet.header.size = status >= 0 ? sizeof(packet.reply) : 0;
    if (client->fd == -1)
        return; /* no socket (fuzzing) */
    /* a client that cannot take its answer is broken: epoll reports the hang-up and it goes */
    if (send(client->fd, &packet, sizeof(packet.header) + packet.header.size, MSG_DONTWAIT | MSG_NOSIGNAL) <
        0)
        WARN("cannot answer the wait of client %p\n", (void *)client);
}

/* Takes the wait off every queue and frees it; answers the client when reply is set. */
static void end_wait(struct wait *wait, NTSTATUS status, int reply)
{
    list_remove(&wait->entry);
    for (unsigned int i = 0; i < wait->count; i++) {
        struct sync_slot *slot = sync_object_slot(wait->entries[i].obj);
        list_remove(&wait->entries[i].entry);
        if (slot)
            __atomic_sub_fetch(&slot->waiters, 1, __ATOMIC_SEQ_CST);
    }
    if (reply)
        send_wait_reply(wait->client, status);
    TRACE("wait of client %p ends with %#x\n", (void *)wait->client, (unsigned)status);
    for (unsigned int i = 0; i < wait->count; i++)
        release_object(wait->entries[i].obj);
    release_object(&wait->thread->obj);
    free(wait);
}

void wake_up(struct object *obj)
{
    struct list *queue, *cur, *next;

    if (!obj->ops->wait_queue)
        return;
    queue = obj->ops->wait_queue(obj);
restart:
    LIST_FOR_EACH_SAFE(cur, next, queue)
    {
        struct wait *wait = LIST_ENTRY_OF(cur, struct wait_entry, entry)->wait;
        NTSTATUS status = try_satisfy_wait(wait);

        if (status == WAIT_PENDING)
            continue;
        /* ending it unlinks entries from several queues, ours included: walk again from the start */
        end_wait(wait, status, 1);
        goto restart;
    }
}

void sync_thread_exit(struct thread *thread)
{
    struct wait *wait;
    struct apc *apc;

    /* a thread terminated in the middle of a wait must not take objects any more */
    if ((wait = find_thread_wait(thread)))
        end_wait(wait, STATUS_THREAD_IS_TERMINATING, 0);
    while ((apc = first_apc(thread)))
        free_apc(apc);
    mutex_abandon_owned(thread);
    wake_up(&thread->obj);
}

void sync_process_exit(struct process *process)
{
    wake_up(&process->obj);
}

static struct wait *find_wait(struct client *client)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &all_waits)
    {
        struct wait *wait = LIST_ENTRY_OF(cur, struct wait, entry);
        if (wait->client == client)
            return wait;
    }
    return NULL;
}

static struct wait *find_thread_wait(struct thread *thread)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &all_waits)
    {
        struct wait *wait = LIST_ENTRY_OF(cur, struct wait, entry);
        if (wait->thread == thread)
            return wait;
    }
    return NULL;
}

NTSTATUS queue_user_apc(struct thread *thread, uint64_t func, uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
    struct apc *apc;
    struct wait *wait;

    if (!thread->running)
        return STATUS_THREAD_IS_TERMINATING;
    if (!(apc = malloc(sizeof(*apc))))
        return STATUS_NO_MEMORY;
    apc->thread = (struct thread *)grab_object(&thread->obj);
    apc->func = func;
    apc->args[0] = arg0;
    apc->args[1] = arg1;
    apc->args[2] = arg2;
    list_add_tail(&queued_apcs, &apc->entry);
    if ((wait = find_thread_wait(thread)) && (wait->flags & SERVER_SELECT_ALERTABLE))
        end_wait(wait, STATUS_USER_APC, 1);
    return STATUS_SUCCESS;
}

void wait_client_detach(struct client *client)
{
    struct wait *wait = find_wait(client);

    if (wait)
        end_wait(wait, STATUS_SUCCESS, 0);
}

int wait_next_timeout(void)
{
    uint64_t nearest = timer_next_deadline(), now;
    struct list *cur, *next;
    int polling = 0;

    LIST_FOR_EACH_SAFE(cur, next, &all_waits)
    {
        struct wait *wait = LIST_ENTRY_OF(cur, struct wait, entry);
        if (wait->deadline < nearest)
            nearest = wait->deadline;
        if (wait->poll)
            polling = 1;
    }
    now = monotonic_ns();
    if (polling && nearest > now + POLL_INTERVAL_NS)
        nearest = now + POLL_INTERVAL_NS;
    if (nearest == SERVER_TIMEOUT_INFINITE)
        return -1;
    if (nearest <= now)
        return 0;
    if (nearest - now > (uint64_t)INT32_MAX * 1000000)
        return INT32_MAX;
    return (int)((nearest - now + 999999) / 1000000);
}

void wait_check_timeouts(void)
{
    uint64_t now;
    struct list *cur, *next;

    timer_expire(); /* first: a timer due now ends waits rather than letting them time out */
    now = monotonic_ns();

restart:
    LIST_FOR_EACH_SAFE(cur, next, &all_waits)
    {
        struct wait *wait = LIST_ENTRY_OF(cur, struct wait, entry);
        NTSTATUS status = STATUS_TIMEOUT;

        /* before the deadline: signaled objects win over the timeout */
        if (wait->poll && (status = try_satisfy_wait(wait)) == WAIT_PENDING)
            status = STATUS_TIMEOUT;
        if (status == STATUS_TIMEOUT && wait->deadline > now)
            continue;
        end_wait(wait, status, 1);
        goto restart;
    }
}

/* SignalObjectAndWait's first half. */
static NTSTATUS signal_object(struct request_ctx *ctx, obj_handle_t handle)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, handle);
    struct object *obj;
    NTSTATUS status;
    int32_t prev;
    uint32_t uprev;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    obj = entry->obj;
    if (obj->ops == &event_ops) {
        if (!(entry->access & SRV_EVENT_MODIFY_STATE))
            return STATUS_ACCESS_DENIED;
        grab_object(obj);
        status = event_operation(obj, SERVER_EVENT_SET, &prev);
    } else if (obj->ops == &semaphore_ops) {
        if (!(entry->access & SRV_SEMAPHORE_MODIFY_STATE))
            return STATUS_ACCESS_DENIED;
        grab_object(obj);
        status = semaphore_release(obj, 1, &uprev);
    } else if (obj->ops == &mutex_ops) {
        if (!(entry->access & SRV_SYNCHRONIZE))
            return STATUS_ACCESS_DENIED;
        grab_object(obj);
        status = mutex_release(obj, ctx->client->thread, &prev);
    } else
        return STATUS_OBJECT_TYPE_MISMATCH;
    release_object(obj);
    return status;
}

static NTSTATUS get_wait_object(struct request_ctx *ctx, obj_handle_t handle, struct object **obj)
{
    NTSTATUS status;

    if (handle == SERVER_CURRENT_PROCESS)
        *obj = grab_object(&ctx->client->process->obj);
    else if (handle == SERVER_CURRENT_THREAD)
        *obj = grab_object(&ctx->client->thread->obj);
    else if ((status = get_handle_obj(&ctx->client->process->handles, handle, SRV_SYNCHRONIZE, NULL, obj)))
        return status;
    if (!(*obj)->ops->signaled) {
        release_object(*obj);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    return STATUS_SUCCESS;
}

DECL_HANDLER(select)
{
    struct object *objs[SERVER_SELECT_MAX];
    obj_handle_t handles[SERVER_SELECT_MAX];
    unsigned int count = ctx->data_size / sizeof(obj_handle_t), got = 0;
    struct wait *wait;
    NTSTATUS status = STATUS_SUCCESS;

    (void)reply;
    if (ctx->data_size % sizeof(obj_handle_t) || count > SERVER_SELECT_MAX)
        return STATUS_INVALID_PARAMETER;
    if (!count && (req->flags & SERVER_SELECT_ALL))
        return STATUS_INVALID_PARAMETER; /* no handles: a delay, which has nothing to wait all for */
    if (req->flags & ~(SERVER_SELECT_ALL | SERVER_SELECT_ALERTABLE))
        return STATUS_INVALID_PARAMETER;
    if (find_wait(ctx->client) || find_thread_wait(ctx->client->thread))
        return STATUS_INVALID_PARAMETER; /* one wait per thread */
    memcpy(handles, ctx->data, count * sizeof(obj_handle_t));
    for (got = 0; got < count; got++)
        if ((status = get_wait_object(ctx, handles[got], &objs[got])))
            goto done;
    if (req->flags & SERVER_SELECT_ALL) {
        /* an object twice would have to be consumed twice at once */
        for (unsigned int i = 0; i < count; i++)
            for (unsigned int j = i + 1; j < count; j++)
                if (objs[i] == objs[j]) {
                    status = STATUS_INVALID_PARAMETER_MIX;
                    goto done;
                }
    }
    if (req->signal && (status = signal_object(ctx, req->signal)))
        goto done;
    if ((status = try_satisfy(ctx->client->thread, objs, count, req->flags)) != WAIT_PENDING)
        goto done;
    /* as in Windows, signaled objects win over queued APCs */
    if ((req->flags & SERVER_SELECT_ALERTABLE) && first_apc(ctx->client->thread)) {
        status = STATUS_USER_APC;
        goto done;
    }
    if (req->deadline <= monotonic_ns()) {
        status = STATUS_TIMEOUT;
        goto done;
    }
    if (!(wait = malloc(sizeof(*wait) + count * sizeof(wait->entries[0])))) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    wait->client = ctx->client;
    wait->thread = (struct thread *)grab_object(&ctx->client->thread->obj);
    wait->flags = req->flags;
    wait->deadline = req->deadline;
    wait->poll = 0;
    wait->count = count;
    for (unsigned int i = 0; i < count; i++) {
        if (file_wait_needs_poll(objs[i]))
            wait->poll = 1;
        wait->entries[i].wait = wait;
        wait->entries[i].obj = objs[i]; /* the reference moves to the wait */
        list_add_tail(objs[i]->ops->wait_queue(objs[i]), &wait->entries[i].entry);
        if (sync_object_slot(objs[i]))
            __atomic_add_fetch(&sync_object_slot(objs[i])->waiters, 1, __ATOMIC_SEQ_CST);
    }
    list_add_tail(&all_waits, &wait->entry);
    /* A client that changed a slot before it saw our waiter count did not ask us to look again: the
     * objects are tested once more now that the count is up (both sides use sequentially consistent
     * atomics, so one of them sees the other). */
    if ((status = try_satisfy_wait(wait)) != WAIT_PENDING) {
        end_wait(wait, status, 0);
        return status;
    }
    TRACE("client %p waits for %u objects\n", (void *)ctx->client, count);
    return SERVER_REPLY_DEFERRED;

done:
    for (unsigned int i = 0; i < got; i++)
        release_object(objs[i]);
    return status;
}

DECL_HANDLER(queue_apc)
{
    struct object *obj;
    NTSTATUS status;

    if (!req->func)
        return STATUS_INVALID_PARAMETER;
    if (req->thread == SERVER_CURRENT_THREAD)
        obj = grab_object(&ctx->client->thread->obj);
    else if ((status = get_handle_obj(&ctx->client->process->handles, req->thread,
                                      0x0010 /* THREAD_SET_CONTEXT */, &thread_ops, &obj)))
        return status;
    /* only threads of the caller's process: the function pointer means nothing elsewhere */
    if (((struct thread *)obj)->process != ctx->client->process)
        status = STATUS_ACCESS_DENIED;
    else
        status = queue_user_apc((struct thread *)obj, req->func, req->args[0], req->args[1], req->args[2]);
    release_object(obj);
    return status;
}

DECL_HANDLER(get_apc)
{
    struct apc *apc;

    (void)req;
    if (!(apc = first_apc(ctx->client->thread)))
        return STATUS_SUCCESS; /* func 0: none */
    reply->func = apc->func;
    memcpy(reply->args, apc->args, sizeof(reply->args));
    free_apc(apc);
    return STATUS_SUCCESS;
}
