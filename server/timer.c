/*
 * Waitable timers: signaled at their due time, then again every period. Armed timers sit on a list
 * the main loop looks at through wait.c (timer_next_deadline, timer_expire).
 */
#include <time.h>

#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

#define SRV_TIMER_QUERY_STATE 0x0001
#define SRV_TIMER_MODIFY_STATE 0x0002

struct timer {
    struct object obj;
    struct list wait_queue;
    struct list armed_entry; /* in armed_timers while when != 0 */
    int manual_reset;
    int signaled;
    uint64_t when;   /* CLOCK_MONOTONIC ns of the next expiry, 0: not armed */
    uint32_t period; /* ms */
    /* completion routine: an APC to the thread that set the timer, at each expiry */
    struct thread *apc_thread; /* holds a reference while set */
    uint64_t apc_func, apc_arg;
};

static struct list armed_timers = LIST_INIT(armed_timers);

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int timer_signaled(struct object *obj, struct thread *thread)
{
    (void)thread;
    return ((struct timer *)obj)->signaled;
}

static int timer_satisfied(struct object *obj, struct thread *thread)
{
    struct timer *timer = (struct timer *)obj;

    (void)thread;
    if (!timer->manual_reset)
        timer->signaled = 0;
    return 0;
}

static struct list *timer_wait_queue(struct object *obj)
{
    return wait_queue_init(&((struct timer *)obj)->wait_queue);
}

static void disarm(struct timer *timer)
{
    if (timer->when) {
        list_remove(&timer->armed_entry);
        timer->when = 0;
    }
    if (timer->apc_thread) {
        release_object(&timer->apc_thread->obj);
        timer->apc_thread = NULL;
    }
}

/* The routine gets the UTC FILETIME of the expiry. */
static void queue_timer_apc(struct timer *timer)
{
    struct timespec ts;
    uint64_t filetime;

    clock_gettime(CLOCK_REALTIME, &ts);
    filetime = (uint64_t)ts.tv_sec * 10000000 + (uint64_t)ts.tv_nsec / 100 + 116444736000000000ULL;
    queue_user_apc(timer->apc_thread, timer->apc_func, timer->apc_arg, (uint32_t)filetime, filetime >> 32);
}

static void timer_destroy(struct object *obj)
{
    disarm((struct timer *)obj);
    namespace_remove(obj);
}

const struct object_ops timer_ops = {
    .name = "timer",
    .type = SERVER_OBJ_TIMER,
    .mapping =
        {
            .read = SRV_READ_CONTROL | SRV_TIMER_QUERY_STATE,
            .write = SRV_READ_CONTROL | SRV_TIMER_MODIFY_STATE,
            .execute = SRV_READ_CONTROL | SRV_SYNCHRONIZE,
            .all = SRV_STANDARD_RIGHTS_REQUIRED | SRV_SYNCHRONIZE | 0x3,
        },
    .close_handle = namespace_close_handle,
    .destroy = timer_destroy,
    .signaled = timer_signaled,
    .satisfied = timer_satisfied,
    .wait_queue = timer_wait_queue,
};

uint64_t timer_next_deadline(void)
{
    uint64_t nearest = SERVER_TIMEOUT_INFINITE;
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &armed_timers)
    {
        struct timer *timer = LIST_ENTRY_OF(cur, struct timer, armed_entry);
        if (timer->when < nearest)
            nearest = timer->when;
    }
    return nearest;
}

void timer_expire(void)
{
    uint64_t now = monotonic_ns();
    struct list *cur, *next;

restart:
    LIST_FOR_EACH_SAFE(cur, next, &armed_timers)
    {
        struct timer *timer = LIST_ENTRY_OF(cur, struct timer, armed_entry);

        if (timer->when > now)
            continue;
        timer->signaled = 1;
        if (timer->apc_thread)
            queue_timer_apc(timer);
        if (timer->period) {
            uint64_t period = (uint64_t)timer->period * 1000000;
            /* periods missed while nobody looked are skipped, not replayed */
            timer->when += ((now - timer->when) / period + 1) * period;
        } else
            disarm(timer);
        grab_object(&timer->obj);
        wake_up(&timer->obj);
        release_object(&timer->obj);
        goto restart; /* wake_up may have released other timers */
    }
}

void timer_query(struct object *obj, int32_t values[3])
{
    struct timer *timer = (struct timer *)obj;
    uint64_t now = monotonic_ns(), remaining = 0;

    if (timer->when > now)
        remaining = (timer->when - now) / 100;
    values[0] = timer->signaled;
    values[1] = (int32_t)(uint32_t)remaining;
    values[2] = (int32_t)(uint32_t)(remaining >> 32);
}

DECL_HANDLER(create_timer)
{
    struct object_name name;
    struct object *existing;
    struct timer *timer;
    NTSTATUS status;

    if ((status = get_request_name(ctx, &name)))
        return status;
    if (name.len && (existing = namespace_lookup(&name, req->attributes)))
        return open_existing_object(ctx, existing, &timer_ops, req->access, req->attributes, &reply->handle);
    if (!(timer = alloc_object(&timer_ops, sizeof(*timer))))
        return STATUS_NO_MEMORY;
    timer->manual_reset = !!req->manual_reset;
    return publish_object(ctx, &timer->obj, &name, req->access, req->attributes, &reply->handle);
}

DECL_HANDLER(set_timer)
{
    struct object *obj;
    struct timer *timer;
    NTSTATUS status;

    if (req->period > 0x7fffffff)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_handle_obj(&ctx->client->process->handles, req->handle, SRV_TIMER_MODIFY_STATE,
                                 &timer_ops, &obj)))
        return status;
    timer = (struct timer *)obj;
    reply->prev_state = timer->signaled;
    disarm(timer);
    /* setting a timer resets it */
    timer->signaled = 0;
    timer->period = req->period;
    if (req->apc_func) {
        timer->apc_thread = (struct thread *)grab_object(&ctx->client->thread->obj);
        timer->apc_func = req->apc_func;
        timer->apc_arg = req->apc_arg;
    }
    timer->when = req->deadline ? req->deadline : 1;
    list_add_tail(&armed_timers, &timer->armed_entry);
    release_object(obj);
    timer_expire(); /* a due time in the past signals at once */
    return STATUS_SUCCESS;
}

DECL_HANDLER(cancel_timer)
{
    struct object *obj;
    NTSTATUS status;

    if ((status = get_handle_obj(&ctx->client->process->handles, req->handle, SRV_TIMER_MODIFY_STATE,
                                 &timer_ops, &obj)))
        return status;
    reply->prev_state = ((struct timer *)obj)->signaled;
    disarm((struct timer *)obj);
    release_object(obj);
    return STATUS_SUCCESS;
}
