/*
 * Event objects: manual-reset (notification) and auto-reset (synchronization) events.
 */
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* The state (signaled) is in the object's shared slot (sync_shm.c); the slot's type says whether it
 * resets itself. signaled and satisfied run with the slot locked (wait.c). */
struct event {
    struct object obj;
    struct list wait_queue;
};

static int event_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return sync_slot_get(sync_object_slot(obj)) & 1;
}

static int event_satisfied(struct object *obj, struct thread *thread)
{
    struct sync_slot *slot = sync_object_slot(obj);

    (void)thread;
    if (slot->type == SYNC_SLOT_EVENT_AUTO)
        sync_slot_set(slot, 0);
    return 0;
}

static struct list *event_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct event *)obj)->wait_queue);
}

static void event_destroy(struct object *obj)
{
    namespace_remove(obj);
    sync_slot_free(obj);
}

const struct object_ops event_ops = {
    .name = "event",
    .type = SERVER_OBJ_EVENT,
    .mapping =
        {
            .read = SRV_READ_CONTROL | SRV_EVENT_QUERY_STATE,
            .write = SRV_READ_CONTROL | SRV_EVENT_MODIFY_STATE,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE,
            .all = SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0x3,
        },
    .close_handle = namespace_close_handle,
    .destroy = event_destroy,
    .signaled = event_signaled,
    .satisfied = event_satisfied,
    .wait_queue = event_wait_queue,
};

NTSTATUS event_operation(struct object *obj, enum server_event_op op, int32_t *prev_state)
{
    struct sync_slot *slot = sync_object_slot(obj);

    if (op > SERVER_EVENT_PULSE)
        return STATUS_INVALID_PARAMETER;
    *prev_state = (int32_t)(sync_slot_lock(slot) & 1);
    sync_slot_set(slot, op != SERVER_EVENT_RESET);
    sync_slot_unlock(slot);
    if (op == SERVER_EVENT_RESET)
        return STATUS_SUCCESS;
    wake_up(obj);
    if (op == SERVER_EVENT_PULSE) {
        /* release whoever waits right now, then leave it reset */
        sync_slot_lock(slot);
        sync_slot_set(slot, 0);
        sync_slot_unlock(slot);
    }
    return STATUS_SUCCESS;
}

void event_query(struct object *obj, int32_t values[3])
{
    struct sync_slot *slot = sync_object_slot(obj);

    values[0] = slot->type == SYNC_SLOT_EVENT_MANUAL;
    values[1] = (int32_t)(__atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) & 1);
    values[2] = 0;
}

DECL_HANDLER(create_event)
{
    struct object_name name;
    struct object *existing;
    struct event *event;
    NTSTATUS status;

    if ((status = get_request_name(ctx, &name)))
        return status;
    if (name.len && (existing = namespace_lookup(&name, req->attributes)))
        return open_existing_object(ctx, existing, &event_ops, req->access, req->attributes, &reply->handle);
    if (!(event = alloc_object(&event_ops, sizeof(*event))))
        return STATUS_NO_MEMORY;
    if (!sync_slot_alloc(&event->obj, req->manual_reset ? SYNC_SLOT_EVENT_MANUAL : SYNC_SLOT_EVENT_AUTO,
                         !!req->initial_state, 0)) {
        release_object(&event->obj);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return publish_object(ctx, &event->obj, &name, req->access, req->attributes, &reply->handle);
}

DECL_HANDLER(event_op)
{
    struct object *obj;
    NTSTATUS status;

    if (req->op > SERVER_EVENT_PULSE)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_handle_obj(&ctx->client->process->handles, req->handle, SRV_EVENT_MODIFY_STATE,
                                 &event_ops, &obj)))
        return status;
    status = event_operation(obj, req->op, &reply->prev_state);
    release_object(obj);
    return status;
}
