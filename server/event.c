/*
 * Event objects: manual-reset (notification) and auto-reset (synchronization) events.
 */
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

struct event {
    struct object obj;
    struct list wait_queue;
    int manual_reset;
    int signaled;
};

static int event_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return ((struct event *)obj)->signaled;
}

static int event_satisfied(struct object *obj, struct thread *thread)
{
    struct event *event = (struct event *)obj;

    (void)thread;
    if (!event->manual_reset)
        event->signaled = 0;
    return 0;
}

static struct list *event_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct event *)obj)->wait_queue);
}

static void event_destroy(struct object *obj)
{
    namespace_remove(obj);
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
    struct event *event = (struct event *)obj;

    *prev_state = event->signaled;
    switch (op) {
    case SERVER_EVENT_SET:
        event->signaled = 1;
        wake_up(obj);
        return STATUS_SUCCESS;
    case SERVER_EVENT_RESET:
        event->signaled = 0;
        return STATUS_SUCCESS;
    case SERVER_EVENT_PULSE:
        /* release whoever waits right now, then leave it reset */
        event->signaled = 1;
        wake_up(obj);
        event->signaled = 0;
        return STATUS_SUCCESS;
    }
    return STATUS_INVALID_PARAMETER;
}

void event_query(struct object *obj, int32_t values[3])
{
    struct event *event = (struct event *)obj;

    values[0] = event->manual_reset;
    values[1] = event->signaled;
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
    event->manual_reset = !!req->manual_reset;
    event->signaled = !!req->initial_state;
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
