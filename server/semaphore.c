/*
 * Semaphore objects.
 */
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* The count is the state of the object's shared slot (sync_shm.c), the maximum its max. */
struct semaphore {
    struct object obj;
    struct list wait_queue;
};

static int semaphore_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return sync_slot_get(sync_object_slot(obj)) > 0;
}

static int semaphore_satisfied(struct object *obj, struct thread *thread)
{
    struct sync_slot *slot = sync_object_slot(obj);

    (void)thread;
    sync_slot_set(slot, sync_slot_get(slot) - 1);
    return 0;
}

static struct list *semaphore_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct semaphore *)obj)->wait_queue);
}

static void semaphore_destroy(struct object *obj)
{
    namespace_remove(obj);
    sync_slot_free(obj);
}

const struct object_ops semaphore_ops = {
    .name = "semaphore",
    .type = SERVER_OBJ_SEMAPHORE,
    .mapping =
        {
            .read = SRV_READ_CONTROL | SRV_SEMAPHORE_QUERY_STATE,
            .write = SRV_READ_CONTROL | SRV_SEMAPHORE_MODIFY_STATE,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE,
            .all = SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0x3,
        },
    .close_handle = namespace_close_handle,
    .destroy = semaphore_destroy,
    .signaled = semaphore_signaled,
    .satisfied = semaphore_satisfied,
    .wait_queue = semaphore_wait_queue,
};

NTSTATUS semaphore_release(struct object *obj, uint32_t count, uint32_t *prev_count)
{
    struct sync_slot *slot = sync_object_slot(obj);
    uint32_t current = (uint32_t)sync_slot_lock(slot);

    *prev_count = current;
    if (!count || count > (uint32_t)INT32_MAX || count > slot->max - current) {
        sync_slot_unlock(slot);
        return !count || count > (uint32_t)INT32_MAX ? STATUS_INVALID_PARAMETER
                                                     : STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    }
    sync_slot_set(slot, current + count);
    sync_slot_unlock(slot);
    wake_up(obj);
    return STATUS_SUCCESS;
}

void semaphore_query(struct object *obj, int32_t values[3])
{
    struct sync_slot *slot = sync_object_slot(obj);

    values[0] = (int32_t)(uint32_t)__atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);
    values[1] = (int32_t)slot->max;
    values[2] = 0;
}

DECL_HANDLER(create_semaphore)
{
    struct object_name name;
    struct object *existing;
    struct semaphore *sem;
    NTSTATUS status;

    if (req->max <= 0 || req->initial < 0 || req->initial > req->max)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_request_name(ctx, &name)))
        return status;
    if (name.len && (existing = namespace_lookup(&name, req->attributes)))
        return open_existing_object(ctx, existing, &semaphore_ops, req->access, req->attributes,
                                    &reply->handle);
    if (!(sem = alloc_object(&semaphore_ops, sizeof(*sem))))
        return STATUS_NO_MEMORY;
    if (!sync_slot_alloc(&sem->obj, SYNC_SLOT_SEMAPHORE, (uint32_t)req->initial, (uint32_t)req->max)) {
        release_object(&sem->obj);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return publish_object(ctx, &sem->obj, &name, req->access, req->attributes, &reply->handle);
}

DECL_HANDLER(release_semaphore)
{
    struct object *obj;
    NTSTATUS status;

    if ((status = get_handle_obj(&ctx->client->process->handles, req->handle, SRV_SEMAPHORE_MODIFY_STATE,
                                 &semaphore_ops, &obj)))
        return status;
    status = semaphore_release(obj, req->count, &reply->prev_count);
    release_object(obj);
    return status;
}
