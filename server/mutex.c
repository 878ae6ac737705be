/*
 * Mutex (mutant) objects: owned by a thread, recursive, abandoned when the owner exits.
 */
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Owner and recursion count live in the object's shared slot (sync_shm.c): owner thread id in the low
 * 32 bits (0 free, SYNC_MUTEX_ABANDONED free after its owner died), count above. Clients take and
 * release a mutex there without the server, so the owner is a thread id rather than a pointer, and a
 * dying thread's mutexes are found by scanning every mutex. */
struct mutex {
    struct object obj;
    struct list wait_queue;
    struct list all_entry; /* in all_mutexes */
};

static struct list all_mutexes = LIST_INIT(all_mutexes);

#define MUTEX_OWNER(state) ((uint32_t)(state))
#define MUTEX_COUNT(state) ((uint32_t)((state) >> 32))
#define MUTEX_STATE(owner, count) ((uint64_t)(owner) | ((uint64_t)(count) << 32))

static int mutex_signaled(struct object *obj, struct thread *thread)
{
    uint64_t state = sync_slot_get(sync_object_slot(obj));
    uint32_t owner = MUTEX_OWNER(state);

    return !owner || owner == SYNC_MUTEX_ABANDONED ||
           (owner == thread->id && MUTEX_COUNT(state) < 0x7fffffff);
}

static int mutex_satisfied(struct object *obj, struct thread *thread)
{
    struct sync_slot *slot = sync_object_slot(obj);
    uint64_t state = sync_slot_get(slot);
    uint32_t owner = MUTEX_OWNER(state), count = MUTEX_COUNT(state);

    if (owner != thread->id)
        count = 0;
    sync_slot_set(slot, MUTEX_STATE(thread->id, count + 1));
    return owner == SYNC_MUTEX_ABANDONED;
}

static struct list *mutex_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct mutex *)obj)->wait_queue);
}

static void mutex_destroy(struct object *obj)
{
    struct mutex *mutex = (struct mutex *)obj;

    if (mutex->all_entry.next)
        list_remove(&mutex->all_entry);
    namespace_remove(obj);
    sync_slot_free(obj);
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
static int32_t mutex_signal_state(uint64_t state)
{
    return 1 - (int32_t)MUTEX_COUNT(state);
}

NTSTATUS mutex_release(struct object *obj, struct thread *thread, int32_t *prev_count)
{
    struct sync_slot *slot = sync_object_slot(obj);
    uint64_t state = sync_slot_lock(slot);
    uint32_t count = MUTEX_COUNT(state);

    if (MUTEX_OWNER(state) != thread->id) {
        sync_slot_unlock(slot);
        return STATUS_MUTANT_NOT_OWNED;
    }
    *prev_count = mutex_signal_state(state);
    sync_slot_set(slot, --count ? MUTEX_STATE(thread->id, count) : 0);
    sync_slot_unlock(slot);
    if (!count)
        wake_up(obj);
    return STATUS_SUCCESS;
}

void mutex_abandon_owned(struct thread *thread)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &all_mutexes)
    {
        struct mutex *mutex = LIST_ENTRY_OF(cur, struct mutex, all_entry);
        struct sync_slot *slot = sync_object_slot(&mutex->obj);

        if (MUTEX_OWNER(sync_slot_lock(slot)) != thread->id) {
            sync_slot_unlock(slot);
            continue;
        }
        sync_slot_set(slot, MUTEX_STATE(SYNC_MUTEX_ABANDONED, 0));
        sync_slot_unlock(slot);
        /* waking may free other mutexes (the waits' references): start over */
        grab_object(&mutex->obj);
        wake_up(&mutex->obj);
        release_object(&mutex->obj);
        next = all_mutexes.next;
    }
}

void mutex_query(struct object *obj, struct thread *thread, int32_t values[3])
{
    uint64_t state = __atomic_load_n(&sync_object_slot(obj)->state, __ATOMIC_SEQ_CST) & ~SYNC_SLOT_LOCK;

    values[0] = mutex_signal_state(state);
    values[1] = MUTEX_OWNER(state) == thread->id;
    values[2] = MUTEX_OWNER(state) == SYNC_MUTEX_ABANDONED;
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
    if (!sync_slot_alloc(&mutex->obj, SYNC_SLOT_MUTEX,
                         req->owned ? MUTEX_STATE(ctx->client->thread->id, 1) : 0, 0)) {
        release_object(&mutex->obj);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    list_add_tail(&all_mutexes, &mutex->all_entry);
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
