/*
 * Mutex (mutant) objects: owned by a thread, recursive, abandoned when the owner exits.
 */
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

struct mutex {
    struct object obj;
    struct list wait_queue;
    struct list owned_entry; /* in owned_mutexes while owned */
    struct thread *owner;    /* no reference: an exiting owner abandons its mutexes first */
    uint32_t count;          /* recursion count, 0 when free */
    int abandoned;           /* the owner exited holding it; the next owner is told */
};

/* Owned mutexes of every thread: short, and only walked when a thread exits. */
static struct list owned_mutexes = LIST_INIT(owned_mutexes);

static int mutex_signaled(struct object *obj, struct thread *thread)
{
    struct mutex *mutex = (struct mutex *)obj;
    return !mutex->owner || (mutex->owner == thread && mutex->count < 0x7fffffff);
}

static int mutex_satisfied(struct object *obj, struct thread *thread)
{
    struct mutex *mutex = (struct mutex *)obj;
    int abandoned = mutex->abandoned;

    if (mutex->owner != thread) {
        mutex->owner = thread;
        mutex->count = 0;
        list_add_tail(&owned_mutexes, &mutex->owned_entry);
    }
    mutex->count++;
    mutex->abandoned = 0;
    return abandoned;
}

static struct list *mutex_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct mutex *)obj)->wait_queue);
}

static void mutex_destroy(struct object *obj)
{
    struct mutex *mutex = (struct mutex *)obj;

    if (mutex->owner)
        list_remove(&mutex->owned_entry);
    namespace_remove(obj);
}

const struct object_ops mutex_ops = {
    .name = "mutex",
    .type = SERVER_OBJ_MUTEX,
    .mapping =
        {
            .read = SRV_READ_CONTROL | SRV_MUTANT_QUERY_STATE,
            .write = SRV_READ_CONTROL,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE,
            .all = SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | SRV_MUTANT_QUERY_STATE,
        },
    .close_handle = namespace_close_handle,
    .destroy = mutex_destroy,
    .signaled = mutex_signaled,
    .satisfied = mutex_satisfied,
    .wait_queue = mutex_wait_queue,
};

/* Windows reports a mutant's state as a signal count: 1 free, 1 - recursion count when owned. */
static int32_t mutex_signal_state(const struct mutex *mutex)
{
    return 1 - (int32_t)mutex->count;
}

NTSTATUS mutex_release(struct object *obj, struct thread *thread, int32_t *prev_count)
{
    struct mutex *mutex = (struct mutex *)obj;

    if (mutex->owner != thread)
        return STATUS_MUTANT_NOT_OWNED;
    *prev_count = mutex_signal_state(mutex);
    if (!--mutex->count) {
        mutex->owner = NULL;
        list_remove(&mutex->owned_entry);
        wake_up(obj);
    }
    return STATUS_SUCCESS;
}

void mutex_abandon_owned(struct thread *thread)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &owned_mutexes)
    {
        struct mutex *mutex = LIST_ENTRY_OF(cur, struct mutex, owned_entry);
        if (mutex->owner != thread)
            continue;
        list_remove(&mutex->owned_entry);
        mutex->owner = NULL;
        mutex->count = 0;
        mutex->abandoned = 1;
        /* the waiter woken may take it and re-enter owned_mutexes: start over */
        grab_object(&mutex->obj);
        wake_up(&mutex->obj);
        release_object(&mutex->obj);
        next = owned_mutexes.next;
    }
}

void mutex_query(struct object *obj, struct thread *thread, int32_t values[3])
{
    struct mutex *mutex = (struct mutex *)obj;

    values[0] = mutex_signal_state(mutex);
    values[1] = mutex->owner && mutex->owner == thread;
    values[2] = mutex->abandoned;
}

DECL_HANDLER(create_mutex)
{
    struct object_name name;
    struct object *existing;
    struct mutex *mutex;
    NTSTATUS status;

    if ((status = get_request_name(ctx, &name)))
        return status;
    if (name.len && (existing = namespace_lookup(&name, req->attributes)))
        return open_existing_object(ctx, existing, &mutex_ops, req->access, req->attributes, &reply->handle);
    if (!(mutex = alloc_object(&mutex_ops, sizeof(*mutex))))
        return STATUS_NO_MEMORY;
    if (req->owned)
        mutex_satisfied(&mutex->obj, ctx->client->thread);
    return publish_object(ctx, &mutex->obj, &name, req->access, req->attributes, &reply->handle);
}

DECL_HANDLER(release_mutex)
{
    struct object *obj;
    NTSTATUS status;

    if ((status = get_handle_obj(&ctx->client->process->handles, req->handle, 0, &mutex_ops, &obj)))
        return status;
    status = mutex_release(obj, ctx->client->thread, &reply->prev_count);
    release_object(obj);
    return status;
}
