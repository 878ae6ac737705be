/*
 * The Windows thread pool: pools of worker threads, work/timer/wait objects, cleanup groups, callback
 * instances, and the legacy RtlQueueWorkItem / timer queue / registered wait interfaces built over them.
 * Design notes: docs/threadpool.md.
 *
 * One process-wide SRW lock protects every pool, object, group and queue: callbacks run outside it, and
 * the critical sections under it are a few list operations, so contention stays low while the invariants
 * (pending/running counts, list membership, reference counts) stay simple to reason about.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <time.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(threadpool);

#define DEFAULT_MAX_WORKERS 500
/* An idle worker above the pool minimum exits after this long without work (100 ns units). */
#define WORKER_IDLE_TIMEOUT (10 * 10000000LL)
/* The wait thread's own update event takes one of the MAXIMUM_WAIT_OBJECTS slots. */
#define MAX_WAIT_HANDLES 64

/* ---- data ---- */

/* How a callback is invoked: the Vista pool's signatures and the legacy ones. */
enum tp_call {
    CALL_WORK,
    CALL_SIMPLE,
    CALL_TIMER,
    CALL_WAIT,
    CALL_LEGACY_WORK,  /* RtlQueueWorkItem: void (WINAPI *)(void *) */
    CALL_LEGACY_TIMER, /* timer queue timer: WAITORTIMERCALLBACK(param, TRUE) */
    CALL_LEGACY_WAIT,  /* registered wait: WAITORTIMERCALLBACK(param, timed_out) */
    CALL_INTERNAL,     /* our own host-ABI helper */
};

enum tp_kind { KIND_WORK, KIND_SIMPLE, KIND_TIMER, KIND_WAIT };

struct tp_pool {
    LONG refs; /* the creator's handle, each object, each worker */
    BOOL released;
    DWORD max_workers;
    DWORD min_workers;
    DWORD workers;    /* threads alive */
    DWORD idle;       /* threads alive and not running a callback */
    DWORD pending;    /* queued callbacks over all objects */
    LIST_ENTRY queue; /* objects with pending callbacks, round robin */
    RTL_CONDITION_VARIABLE work_cv;
};

struct tp_group {
    LIST_ENTRY members;
};

struct timer_queue {
    LIST_ENTRY timers;
};

struct tp_object {
    LONG refs; /* the caller's handle (not for simple callbacks), the pool queue, each running callback */
    enum tp_kind kind;
    enum tp_call call;
    struct tp_pool *pool;
    void *callback;
    void *userdata;
    struct tp_group *group;
    LIST_ENTRY group_entry;
    PTP_CLEANUP_GROUP_CANCEL_CALLBACK cancel_callback;
    PTP_SIMPLE_CALLBACK finalization_callback;
    BOOL long_function;
    BOOL released;
    LONG pending; /* submitted callbacks not started yet */
    LONG running; /* callbacks executing (and still associated) */
    BOOL queued;
    LIST_ENTRY queue_entry;
    HANDLE completion_event; /* legacy deletion: set once the object is gone */
    /* timers */
    BOOL timer_set;
    BOOL timer_listed;
    LIST_ENTRY timer_entry;
    ULONGLONG due;
    LONG period;
    struct timer_queue *timer_queue;
    LIST_ENTRY timer_queue_entry;
    /* waits */
    HANDLE wait_handle;
    BOOL wait_set;
    ULONG wait_generation;
    ULONGLONG wait_deadline; /* ~0: infinite */
    ULONG wait_rearm_ms;     /* registered waits re-arm with this timeout (INFINITE: none) */
    BOOL wait_once;
    LIST_ENTRY wait_entry;
    TP_WAIT_RESULT wait_result;
};

struct tp_instance {
    struct tp_object *object;
    BOOL associated;
    BOOL may_run_long;
    HANDLE event;
    HANDLE semaphore;
    DWORD semaphore_count;
    HANDLE mutex;
    RTL_CRITICAL_SECTION *crit;
    HMODULE module;
};

static RTL_SRWLOCK tp_lock = {0};
static RTL_CONDITION_VARIABLE done_cv = {0}; /* an object's callbacks all completed */
static struct tp_pool default_pool = {
    .refs = 1, .max_workers = DEFAULT_MAX_WORKERS, .queue = {&default_pool.queue, &default_pool.queue}};

static LIST_ENTRY timer_list = {&timer_list, &timer_list}; /* armed timers by due time */
static RTL_CONDITION_VARIABLE timer_cv = {0};
static BOOL timer_thread_running;

static LIST_ENTRY wait_list = {&wait_list, &wait_list}; /* armed waits */
static HANDLE wait_update_event;
static BOOL wait_thread_running;

static struct timer_queue default_timer_queue = {
    .timers = {&default_timer_queue.timers, &default_timer_queue.timers}};

static void lock(void)
{
    RtlAcquireSRWLockExclusive(&tp_lock);
}

static void unlock(void)
{
    RtlReleaseSRWLockExclusive(&tp_lock);
}

/* Monotonic clock in 100 ns units: timers must not move with the wall clock. */
static ULONGLONG mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
}

/* NT time (negative relative, positive absolute system time, 0 now) -> monotonic deadline. */
static ULONGLONG deadline_from_nt(const LARGE_INTEGER *time)
{
    ULONGLONG now = mono_now();
    LARGE_INTEGER sys;

    if (time->QuadPart < 0)
        return now + (ULONGLONG)-time->QuadPart;
    if (time->QuadPart == 0)
        return now;
    NtQuerySystemTime(&sys);
    return time->QuadPart > sys.QuadPart ? now + (ULONGLONG)(time->QuadPart - sys.QuadPart) : now;
}

/* Sleeps on cv (tp_lock held) until woken or the monotonic deadline (~0: none). */
static NTSTATUS sleep_until(RTL_CONDITION_VARIABLE *cv, ULONGLONG deadline)
{
    LARGE_INTEGER timeout;
    ULONGLONG now;

    if (deadline == ~0ULL)
        return RtlSleepConditionVariableSRW(cv, &tp_lock, NULL, 0);
    now = mono_now();
    if (deadline <= now)
        return STATUS_TIMEOUT;
    timeout.QuadPart = -(LONGLONG)(deadline - now);
    return RtlSleepConditionVariableSRW(cv, &tp_lock, &timeout, 0);
}

static HANDLE start_thread(PRTL_THREAD_START_ROUTINE proc, void *arg)
{
    HANDLE handle = NULL;
    NTSTATUS status = RtlCreateUserThread(NtCurrentProcess(), NULL, FALSE, 0, 0, 0, proc, arg, &handle, NULL);
    if (status) {
        ERR("cannot create a pool thread: %#x\n", (unsigned int)status);
        return NULL;
    }
    return handle;
}

/* ---- pools and workers ---- */

static void pool_release_locked(struct tp_pool *pool)
{
    if (pool == &default_pool)
        return;
    if (!--pool->refs) {
        TRACE("freeing pool %p\n", pool);
        free(pool);
    }
}

static DWORD WINAPI worker_proc(void *arg);

/* Starts one more worker (tp_lock held). It counts as idle until it picks up work, so concurrent posts
 * do not start a thread each for the same callback. */
static BOOL pool_add_worker(struct tp_pool *pool)
{
    HANDLE thread;

    pool->workers++;
    pool->idle++;
    pool->refs++;
    if (!(thread = start_thread(worker_proc, pool))) {
        pool->workers--;
        pool->idle--;
        pool->refs--;
        return FALSE;
    }
    NtClose(thread);
    return TRUE;
}

/* A callback was queued or a worker became busy: make sure someone will run the queue. */
static void pool_kick(struct tp_pool *pool)
{
    if (pool->pending > pool->idle && pool->workers < pool->max_workers)
        pool_add_worker(pool);
    RtlWakeConditionVariable(&pool->work_cv);
}

static BOOL object_release_locked(struct tp_object *obj)
{
    return !--obj->refs;
}

static void object_destroy(struct tp_object *obj);

static void object_post_locked(struct tp_object *obj)
{
    struct tp_pool *pool = obj->pool;

    obj->pending++;
    pool->pending++;
    if (!obj->queued) {
        obj->queued = TRUE;
        obj->refs++;
        ntdll_list_add_tail(&pool->queue, &obj->queue_entry);
    }
    pool_kick(pool);
}

/* Drops the callbacks that have not started (tp_lock held). The queue's reference cannot be the last:
 * the caller holds one. */
static void object_cancel_pending_locked(struct tp_object *obj)
{
    if (!obj->queued)
        return;
    obj->pool->pending -= obj->pending;
    obj->pending = 0;
    obj->queued = FALSE;
    ntdll_list_remove(&obj->queue_entry);
    obj->refs--;
    RtlWakeAllConditionVariable(&done_cv);
}

static void object_wait_idle_locked(struct tp_object *obj)
{
    while (obj->pending || obj->running)
        sleep_until(&done_cv, ~0ULL);
}

static void run_callback(struct tp_object *obj, struct tp_instance *inst, TP_WAIT_RESULT result)
{
    switch (obj->call) {
    case CALL_WORK:
        ((PTP_WORK_CALLBACK)obj->callback)((TP_CALLBACK_INSTANCE *)inst, obj->userdata, (TP_WORK *)obj);
        break;
    case CALL_SIMPLE:
        ((PTP_SIMPLE_CALLBACK)obj->callback)((TP_CALLBACK_INSTANCE *)inst, obj->userdata);
        break;
    case CALL_TIMER:
        ((PTP_TIMER_CALLBACK)obj->callback)((TP_CALLBACK_INSTANCE *)inst, obj->userdata, (TP_TIMER *)obj);
        break;
    case CALL_WAIT:
        ((PTP_WAIT_CALLBACK)obj->callback)((TP_CALLBACK_INSTANCE *)inst, obj->userdata, (TP_WAIT *)obj,
                                           result);
        break;
    case CALL_LEGACY_WORK:
        ((PRTL_WORK_ITEM_ROUTINE)obj->callback)(obj->userdata);
        break;
    case CALL_LEGACY_TIMER:
        ((RTL_WAITORTIMERCALLBACKFUNC)obj->callback)(obj->userdata, TRUE);
        break;
    case CALL_LEGACY_WAIT:
        ((RTL_WAITORTIMERCALLBACKFUNC)obj->callback)(obj->userdata, result == WAIT_TIMEOUT);
        break;
    case CALL_INTERNAL:
        ((void (*)(void *))obj->callback)(obj->userdata);
        break;
    }
}

/* The *OnCompletion requests, in the order Windows documents no guarantee for; done before the callback
 * counts as finished so that TpWaitFor* returning implies they happened. */
static void instance_complete(struct tp_instance *inst)
{
    if (inst->crit)
        RtlLeaveCriticalSection(inst->crit);
    if (inst->mutex)
        NtReleaseMutant(inst->mutex, NULL);
    if (inst->semaphore)
        NtReleaseSemaphore(inst->semaphore, inst->semaphore_count, NULL);
    if (inst->event)
        NtSetEvent(inst->event, NULL);
    if (inst->module)
        FIXME_ONCE("FreeLibraryWhenCallbackReturns: module %p stays loaded\n", inst->module);
}

static void instance_disassociate_locked(struct tp_instance *inst)
{
    if (!inst->associated)
        return;
    inst->associated = FALSE;
    if (!--inst->object->running && !inst->object->pending)
        RtlWakeAllConditionVariable(&done_cv);
}

static DWORD WINAPI worker_proc(void *arg)
{
    struct tp_pool *pool = arg;
    struct tp_object *obj;
    struct tp_instance inst;
    TP_WAIT_RESULT result;
    NTSTATUS status = STATUS_SUCCESS;

    TRACE("worker of pool %p started\n", pool);
    lock();
    for (;;) {
        if (!ntdll_list_empty(&pool->queue)) {
            obj = CONTAINING_RECORD(pool->queue.Flink, struct tp_object, queue_entry);
            ntdll_list_remove(&obj->queue_entry);
            pool->pending--;
            if (--obj->pending) {
                ntdll_list_add_tail(&pool->queue, &obj->queue_entry); /* round robin between objects */
                obj->refs++;
            } else {
                obj->queued = FALSE; /* the queue's reference becomes this callback's */
            }
            obj->running++;
            pool->idle--;
            result = obj->wait_result;
            /* more work than idle threads: start the next worker before this one goes busy */
            if (pool->pending)
                pool_kick(pool);
            unlock();

            inst =
                (struct tp_instance){.object = obj, .associated = TRUE, .may_run_long = obj->long_function};
            run_callback(obj, &inst, result);
            instance_complete(&inst);

            lock();
            pool->idle++;
            instance_disassociate_locked(&inst);
            if (object_release_locked(obj)) {
                unlock();
                object_destroy(obj);
                lock();
            }
            status = STATUS_SUCCESS;
            continue;
        }
        if (pool->released)
            break;
        if (status == STATUS_TIMEOUT && pool->workers > pool->min_workers)
            break;
        status = sleep_until(&pool->work_cv, mono_now() + WORKER_IDLE_TIMEOUT);
    }
    pool->workers--;
    pool->idle--;
    TRACE("worker of pool %p exits, %u left\n", pool, (unsigned int)pool->workers);
    pool_release_locked(pool);
    unlock();
    return 0;
}

NTSYSAPI NTSTATUS WINAPI TpAllocPool(TP_POOL **out, PVOID reserved)
{
    struct tp_pool *pool;

    TRACE("%p %p\n", out, reserved);
    if (reserved)
        FIXME_ONCE("reserved %p ignored\n", reserved);
    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (!(pool = calloc(1, sizeof(*pool))))
        return STATUS_NO_MEMORY;
    pool->refs = 1;
    pool->max_workers = DEFAULT_MAX_WORKERS;
    ntdll_list_init(&pool->queue);
    RtlInitializeConditionVariable(&pool->work_cv);
    *out = (TP_POOL *)pool;
    return STATUS_SUCCESS;
}

NTSYSAPI void WINAPI TpReleasePool(TP_POOL *handle)
{
    struct tp_pool *pool = (struct tp_pool *)handle;

    TRACE("%p\n", pool);
    if (!pool || pool == &default_pool)
        return;
    lock();
    /* Workers drain what is queued, then exit; the pool goes with its last object or worker. */
    pool->released = TRUE;
    RtlWakeAllConditionVariable(&pool->work_cv);
    pool_release_locked(pool);
    unlock();
}

NTSYSAPI void WINAPI TpSetPoolMaxThreads(TP_POOL *handle, DWORD maximum)
{
    struct tp_pool *pool = handle ? (struct tp_pool *)handle : &default_pool;

    TRACE("%p %u\n", pool, (unsigned int)maximum);
    lock();
    pool->max_workers = maximum ? maximum : 1;
    if (pool->min_workers > pool->max_workers)
        pool->min_workers = pool->max_workers;
    unlock();
}

/* Returns a BOOL, unlike its neighbours: kernel32's SetThreadpoolThreadMinimum is a forward to it. */
NTSYSAPI BOOL WINAPI TpSetPoolMinThreads(TP_POOL *handle, DWORD minimum)
{
    struct tp_pool *pool = handle ? (struct tp_pool *)handle : &default_pool;
    NTSTATUS status = STATUS_SUCCESS;

    TRACE("%p %u\n", pool, (unsigned int)minimum);
    lock();
    /* the minimum is kept alive from now on, so start it now */
    while (pool->workers < minimum) {
        if (!pool_add_worker(pool)) {
            status = STATUS_NO_MEMORY;
            break;
        }
    }
    if (!status) {
        pool->min_workers = minimum;
        if (pool->max_workers < minimum)
            pool->max_workers = minimum;
    }
    unlock();
    if (status)
        RtlSetLastWin32Error(RtlNtStatusToDosError(status));
    return !status;
}

/* ---- objects ---- */

static NTSTATUS object_alloc(struct tp_object **out, enum tp_kind kind, enum tp_call call, void *callback,
                             void *userdata, const TP_CALLBACK_ENVIRON *env)
{
    struct tp_object *obj;
    struct tp_pool *pool = &default_pool;

    if (env) {
        if (env->Version != 1 && env->Version != 3)
            FIXME_ONCE("callback environment version %u\n", (unsigned int)env->Version);
        if (env->Pool)
            pool = (struct tp_pool *)env->Pool;
        if (env->ActivationContext)
            FIXME_ONCE("activation context %p ignored\n", env->ActivationContext);
        if (env->RaceDll)
            FIXME_ONCE("race DLL %p not kept loaded\n", env->RaceDll);
    }
    if (!(obj = calloc(1, sizeof(*obj))))
        return STATUS_NO_MEMORY;
    obj->refs = kind == KIND_SIMPLE ? 0 : 1;
    obj->kind = kind;
    obj->call = call;
    obj->callback = callback;
    obj->userdata = userdata;
    obj->wait_deadline = ~0ULL;
    obj->wait_rearm_ms = INFINITE;
    ntdll_list_init(&obj->group_entry);
    ntdll_list_init(&obj->queue_entry);
    ntdll_list_init(&obj->timer_entry);
    ntdll_list_init(&obj->wait_entry);
    ntdll_list_init(&obj->timer_queue_entry);
    if (env) {
        obj->cancel_callback = env->CleanupGroupCancelCallback;
        obj->finalization_callback = env->FinalizationCallback;
        obj->long_function = env->u.s.LongFunction;
    }
    lock();
    obj->pool = pool;
    pool->refs++;
    if (env && env->CleanupGroup) {
        obj->group = (struct tp_group *)env->CleanupGroup;
        ntdll_list_add_tail(&obj->group->members, &obj->group_entry);
    }
    if (kind == KIND_SIMPLE) {
        /* posted at once, under the same lock: nobody holds a handle, it goes after its one callback */
        obj->released = TRUE;
        object_post_locked(obj);
    }
    unlock();
    *out = obj;
    return STATUS_SUCCESS;
}

static void object_destroy(struct tp_object *obj)
{
    TRACE("destroying %p\n", obj);
    if (obj->finalization_callback) {
        struct tp_instance inst = {.object = obj};
        obj->finalization_callback((TP_CALLBACK_INSTANCE *)&inst, obj->userdata);
        instance_complete(&inst);
    }
    lock();
    if (obj->group) {
        ntdll_list_remove(&obj->group_entry);
        obj->group = NULL;
    }
    pool_release_locked(obj->pool);
    unlock();
    if (obj->completion_event)
        NtSetEvent(obj->completion_event, NULL);
    free(obj);
}

static void timer_unlist_locked(struct tp_object *obj)
{
    if (obj->timer_listed) {
        ntdll_list_remove(&obj->timer_entry);
        obj->timer_listed = FALSE;
    }
}

static void wait_unlist_locked(struct tp_object *obj)
{
    if (obj->wait_set) {
        ntdll_list_remove(&obj->wait_entry);
        obj->wait_set = FALSE;
        obj->wait_generation++;
        /* the wait thread must stop waiting on the handle: its owner may close it next */
        NtSetEvent(wait_update_event, NULL);
    }
}

/* The caller gives up its handle: no new timer firings or waits, queued callbacks still run. */
static void object_release_handle(struct tp_object *obj)
{
    BOOL last;

    if (!obj)
        return;
    lock();
    obj->released = TRUE;
    obj->timer_set = FALSE;
    timer_unlist_locked(obj);
    wait_unlist_locked(obj);
    if (obj->group) {
        ntdll_list_remove(&obj->group_entry);
        obj->group = NULL;
    }
    last = object_release_locked(obj);
    unlock();
    if (last)
        object_destroy(obj);
}

static void object_wait(struct tp_object *obj, BOOL cancel_pending)
{
    if (!obj)
        return;
    lock();
    if (cancel_pending)
        object_cancel_pending_locked(obj);
    object_wait_idle_locked(obj);
    unlock();
}

NTSYSAPI NTSTATUS WINAPI TpAllocWork(TP_WORK **out, PTP_WORK_CALLBACK callback, PVOID userdata,
                                     TP_CALLBACK_ENVIRON *env)
{
    TRACE("%p %p %p %p\n", out, callback, userdata, env);
    if (!out)
        return STATUS_INVALID_PARAMETER;
    return object_alloc((struct tp_object **)out, KIND_WORK, CALL_WORK, callback, userdata, env);
}

NTSYSAPI void WINAPI TpPostWork(TP_WORK *work)
{
    struct tp_object *obj = (struct tp_object *)work;

    TRACE("%p\n", work);
    if (!obj)
        return;
    lock();
    object_post_locked(obj);
    unlock();
}

NTSYSAPI void WINAPI TpReleaseWork(TP_WORK *work)
{
    TRACE("%p\n", work);
    object_release_handle((struct tp_object *)work);
}

NTSYSAPI void WINAPI TpWaitForWork(TP_WORK *work, BOOL cancel_pending)
{
    TRACE("%p %d\n", work, cancel_pending);
    object_wait((struct tp_object *)work, cancel_pending);
}

/* Posts a one-shot callback; object_alloc queues it at once. */
static NTSTATUS simple_post(enum tp_call call, void *callback, void *userdata, const TP_CALLBACK_ENVIRON *env,
                            BOOL long_function)
{
    TP_CALLBACK_ENVIRON long_env = {.Version = 1};
    struct tp_object *obj;

    if (long_function && !env) {
        long_env.u.s.LongFunction = 1;
        env = &long_env;
    }
    return object_alloc(&obj, KIND_SIMPLE, call, callback, userdata, env);
}

NTSYSAPI NTSTATUS WINAPI TpSimpleTryPost(PTP_SIMPLE_CALLBACK callback, PVOID userdata,
                                         TP_CALLBACK_ENVIRON *env)
{
    TRACE("%p %p %p\n", callback, userdata, env);
    return simple_post(CALL_SIMPLE, callback, userdata, env, FALSE);
}

/* ---- timers: one timer thread moves due timers to their pool's queue ---- */

static void timer_insert_locked(struct tp_object *obj)
{
    LIST_ENTRY *entry;

    for (entry = timer_list.Flink; entry != &timer_list; entry = entry->Flink)
        if (CONTAINING_RECORD(entry, struct tp_object, timer_entry)->due > obj->due)
            break;
    ntdll_list_add_tail(entry, &obj->timer_entry);
    obj->timer_listed = TRUE;
}

static DWORD WINAPI timer_thread_proc(void *arg)
{
    struct tp_object *obj;
    ULONGLONG now;

    (void)arg;
    lock();
    for (;;) {
        if (ntdll_list_empty(&timer_list)) {
            /* the thread goes when unused, so that a process whose last own thread exits can end */
            if (sleep_until(&timer_cv, mono_now() + WORKER_IDLE_TIMEOUT) == STATUS_TIMEOUT &&
                ntdll_list_empty(&timer_list))
                break;
            continue;
        }
        obj = CONTAINING_RECORD(timer_list.Flink, struct tp_object, timer_entry);
        now = mono_now();
        if (obj->due > now) {
            sleep_until(&timer_cv, obj->due);
            continue;
        }
        timer_unlist_locked(obj);
        object_post_locked(obj);
        if (obj->period) {
            obj->due += (ULONGLONG)obj->period * 10000;
            if (obj->due <= now) /* fell behind (suspended, overloaded): skip the missed periods */
                obj->due = now + (ULONGLONG)obj->period * 10000;
            timer_insert_locked(obj);
        }
        /* a fired one-shot stays "set" (TpIsTimerSet) until the caller cancels or re-arms it */
    }
    timer_thread_running = FALSE;
    unlock();
    return 0;
}

/* Arms obj (tp_lock held) for the monotonic deadline due, repeating every period ms. */
static void timer_arm_locked(struct tp_object *obj, ULONGLONG due, LONG period)
{
    HANDLE thread;

    timer_unlist_locked(obj);
    obj->due = due;
    obj->period = period;
    obj->timer_set = TRUE;
    timer_insert_locked(obj);
    if (!timer_thread_running) {
        if ((thread = start_thread(timer_thread_proc, NULL))) {
            timer_thread_running = TRUE;
            NtClose(thread);
        }
    }
    if (timer_list.Flink == &obj->timer_entry)
        RtlWakeAllConditionVariable(&timer_cv);
}

NTSYSAPI NTSTATUS WINAPI TpAllocTimer(TP_TIMER **out, PTP_TIMER_CALLBACK callback, PVOID userdata,
                                      TP_CALLBACK_ENVIRON *env)
{
    TRACE("%p %p %p %p\n", out, callback, userdata, env);
    if (!out)
        return STATUS_INVALID_PARAMETER;
    return object_alloc((struct tp_object **)out, KIND_TIMER, CALL_TIMER, callback, userdata, env);
}

NTSYSAPI void WINAPI TpSetTimer(TP_TIMER *timer, LARGE_INTEGER *due, LONG period, LONG window)
{
    struct tp_object *obj = (struct tp_object *)timer;

    TRACE("%p %p(%lld) %d %d\n", timer, due, due ? (long long)due->QuadPart : 0LL, (int)period, (int)window);
    if (!obj)
        return;
    if (window)
        TRACE("window %d ms: timers are not coalesced\n", (int)window);
    lock();
    if (!due) {
        /* cancels future firings; callbacks already queued still run */
        obj->timer_set = FALSE;
        timer_unlist_locked(obj);
    } else {
        timer_arm_locked(obj, deadline_from_nt(due), period > 0 ? period : 0);
    }
    unlock();
}

NTSYSAPI BOOL WINAPI TpIsTimerSet(TP_TIMER *timer)
{
    struct tp_object *obj = (struct tp_object *)timer;
    BOOL ret;

    lock();
    ret = obj->timer_set;
    unlock();
    return ret;
}

NTSYSAPI void WINAPI TpReleaseTimer(TP_TIMER *timer)
{
    TRACE("%p\n", timer);
    object_release_handle((struct tp_object *)timer);
}

NTSYSAPI void WINAPI TpWaitForTimer(TP_TIMER *timer, BOOL cancel_pending)
{
    TRACE("%p %d\n", timer, cancel_pending);
    object_wait((struct tp_object *)timer, cancel_pending);
}

/* ---- waits: one wait thread waits on every armed wait's handle ---- */

/* A wait completed (tp_lock held): queue its callback and disarm it, or re-arm a repeating
 * registered wait. */
static void wait_fire_locked(struct tp_object *obj, TP_WAIT_RESULT result)
{
    obj->wait_result = result;
    object_post_locked(obj);
    if (obj->call == CALL_LEGACY_WAIT && !obj->wait_once) {
        obj->wait_deadline =
            obj->wait_rearm_ms == INFINITE ? ~0ULL : mono_now() + (ULONGLONG)obj->wait_rearm_ms * 10000;
        /* move to the end so that other waits get their turn when there are more than fit */
        ntdll_list_remove(&obj->wait_entry);
        ntdll_list_add_tail(&wait_list, &obj->wait_entry);
        return;
    }
    wait_unlist_locked(obj);
}

static DWORD WINAPI wait_thread_proc(void *arg)
{
    HANDLE handles[MAX_WAIT_HANDLES];
    struct tp_object *objs[MAX_WAIT_HANDLES];
    ULONG generations[MAX_WAIT_HANDLES];
    struct tp_object *dead[MAX_WAIT_HANDLES];
    ULONG count, ndead, i;
    ULONGLONG deadline, now;
    LARGE_INTEGER timeout;
    LIST_ENTRY *entry;
    NTSTATUS status;

    (void)arg;
    for (;;) {
        lock();
        handles[0] = wait_update_event;
        count = 1;
        deadline = ~0ULL;
        for (entry = wait_list.Flink; entry != &wait_list; entry = entry->Flink) {
            struct tp_object *obj = CONTAINING_RECORD(entry, struct tp_object, wait_entry);
            if (count == MAX_WAIT_HANDLES) {
                FIXME_ONCE("more than %u armed waits: the rest wait for a free slot\n", MAX_WAIT_HANDLES - 1);
                break;
            }
            obj->refs++;
            objs[count] = obj;
            generations[count] = obj->wait_generation;
            handles[count++] = obj->wait_handle;
            if (obj->wait_deadline < deadline)
                deadline = obj->wait_deadline;
        }
        unlock();

        if (count == 1) {
            /* nothing armed: exit when it stays so, like idle workers */
            timeout.QuadPart = -WORKER_IDLE_TIMEOUT;
            status = NtWaitForMultipleObjects(count, handles, WaitAny, FALSE, &timeout);
            lock();
            if (status == STATUS_TIMEOUT && ntdll_list_empty(&wait_list)) {
                wait_thread_running = FALSE;
                unlock();
                return 0;
            }
            unlock();
            continue;
        } else if (deadline == ~0ULL) {
            status = NtWaitForMultipleObjects(count, handles, WaitAny, FALSE, NULL);
        } else {
            now = mono_now();
            timeout.QuadPart = deadline > now ? -(LONGLONG)(deadline - now) : 0;
            status = NtWaitForMultipleObjects(count, handles, WaitAny, FALSE, &timeout);
        }

        lock();
        if (status >= STATUS_WAIT_0 + 1 && status < STATUS_WAIT_0 + count) {
            i = status - STATUS_WAIT_0;
            if (objs[i]->wait_set && objs[i]->wait_generation == generations[i])
                wait_fire_locked(objs[i], WAIT_OBJECT_0);
        } else if (status >= STATUS_ABANDONED_WAIT_0 + 1 && status < STATUS_ABANDONED_WAIT_0 + count) {
            i = status - STATUS_ABANDONED_WAIT_0;
            if (objs[i]->wait_set && objs[i]->wait_generation == generations[i])
                wait_fire_locked(objs[i], WAIT_ABANDONED_0);
        } else if (status != STATUS_WAIT_0 && status != STATUS_TIMEOUT) {
            /* a handle went bad under an armed wait: find it and disarm it rather than spin */
            LARGE_INTEGER zero = {.QuadPart = 0};
            for (i = 1; i < count; i++) {
                NTSTATUS s = NtWaitForSingleObject(handles[i], FALSE, &zero);
                if (s != STATUS_WAIT_0 && s != STATUS_TIMEOUT && s != STATUS_ABANDONED_WAIT_0 &&
                    objs[i]->wait_set && objs[i]->wait_generation == generations[i]) {
                    WARN("wait %p: handle %p failed with %#x\n", objs[i], handles[i], (unsigned int)s);
                    wait_unlist_locked(objs[i]);
                }
            }
        }
        now = mono_now();
        for (i = 1; i < count; i++)
            if (objs[i]->wait_set && objs[i]->wait_generation == generations[i] &&
                objs[i]->wait_deadline <= now)
                wait_fire_locked(objs[i], WAIT_TIMEOUT);
        ndead = 0;
        for (i = 1; i < count; i++)
            if (object_release_locked(objs[i]))
                dead[ndead++] = objs[i];
        unlock();
        for (i = 0; i < ndead; i++)
            object_destroy(dead[i]);
    }
    return 0;
}

NTSYSAPI NTSTATUS WINAPI TpAllocWait(TP_WAIT **out, PTP_WAIT_CALLBACK callback, PVOID userdata,
                                     TP_CALLBACK_ENVIRON *env)
{
    TRACE("%p %p %p %p\n", out, callback, userdata, env);
    if (!out)
        return STATUS_INVALID_PARAMETER;
    return object_alloc((struct tp_object **)out, KIND_WAIT, CALL_WAIT, callback, userdata, env);
}

/* Arms obj on handle until deadline (tp_lock held), starting the wait thread on first use. */
static NTSTATUS wait_arm_locked(struct tp_object *obj, HANDLE handle, ULONGLONG deadline)
{
    HANDLE thread;
    NTSTATUS status;

    if (!wait_thread_running) {
        if (!wait_update_event &&
            (status = NtCreateEvent(&wait_update_event, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE)))
            return status;
        if (!(thread = start_thread(wait_thread_proc, NULL)))
            return STATUS_NO_MEMORY;
        wait_thread_running = TRUE;
        NtClose(thread);
    }
    wait_unlist_locked(obj);
    obj->wait_handle = handle;
    obj->wait_deadline = deadline;
    obj->wait_set = TRUE;
    obj->wait_generation++;
    ntdll_list_add_tail(&wait_list, &obj->wait_entry);
    NtSetEvent(wait_update_event, NULL);
    return STATUS_SUCCESS;
}

NTSYSAPI void WINAPI TpSetWait(TP_WAIT *wait, HANDLE handle, LARGE_INTEGER *timeout)
{
    struct tp_object *obj = (struct tp_object *)wait;
    NTSTATUS status;

    TRACE("%p %p %p\n", wait, handle, timeout);
    if (!obj)
        return;
    lock();
    if (!handle)
        wait_unlist_locked(obj);
    else if ((status = wait_arm_locked(obj, handle, timeout ? deadline_from_nt(timeout) : ~0ULL))) {
        ERR("cannot arm wait %p: %#x\n", obj, (unsigned int)status);
    }
    unlock();
}

NTSYSAPI void WINAPI TpReleaseWait(TP_WAIT *wait)
{
    TRACE("%p\n", wait);
    object_release_handle((struct tp_object *)wait);
}

NTSYSAPI void WINAPI TpWaitForWait(TP_WAIT *wait, BOOL cancel_pending)
{
    TRACE("%p %d\n", wait, cancel_pending);
    object_wait((struct tp_object *)wait, cancel_pending);
}

/* ---- cleanup groups ---- */

NTSYSAPI NTSTATUS WINAPI TpAllocCleanupGroup(TP_CLEANUP_GROUP **out)
{
    struct tp_group *group;

    TRACE("%p\n", out);
    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (!(group = calloc(1, sizeof(*group))))
        return STATUS_NO_MEMORY;
    ntdll_list_init(&group->members);
    *out = (TP_CLEANUP_GROUP *)group;
    return STATUS_SUCCESS;
}

NTSYSAPI void WINAPI TpReleaseCleanupGroupMembers(TP_CLEANUP_GROUP *handle, BOOL cancel_pending,
                                                  PVOID userdata)
{
    struct tp_group *group = (struct tp_group *)handle;
    LIST_ENTRY members, *entry;
    struct tp_object *obj;
    BOOL last;

    TRACE("%p %d %p\n", group, cancel_pending, userdata);
    if (!group)
        return;
    ntdll_list_init(&members);
    lock();
    /* take the members over, each with a reference of ours so they outlive the waits below */
    while (!ntdll_list_empty(&group->members)) {
        entry = group->members.Flink;
        ntdll_list_remove(entry);
        ntdll_list_add_tail(&members, entry);
        obj = CONTAINING_RECORD(entry, struct tp_object, group_entry);
        obj->group = NULL;
        obj->refs++;
        obj->timer_set = FALSE;
        timer_unlist_locked(obj);
        wait_unlist_locked(obj);
        if (cancel_pending)
            object_cancel_pending_locked(obj);
    }
    unlock();

    while (!ntdll_list_empty(&members)) {
        entry = members.Flink;
        ntdll_list_remove(entry);
        obj = CONTAINING_RECORD(entry, struct tp_object, group_entry);
        if (cancel_pending && obj->cancel_callback)
            obj->cancel_callback(obj->userdata, userdata);
        lock();
        object_wait_idle_locked(obj);
        last = object_release_locked(obj);
        /* members are closed by the group: drop the creator's reference too (simple callbacks have none) */
        if (!last && !obj->released) {
            obj->released = TRUE;
            last = object_release_locked(obj);
        }
        unlock();
        if (last)
            object_destroy(obj);
    }
}

NTSYSAPI void WINAPI TpReleaseCleanupGroup(TP_CLEANUP_GROUP *handle)
{
    struct tp_group *group = (struct tp_group *)handle;
    struct tp_object *obj;

    TRACE("%p\n", group);
    if (!group)
        return;
    lock();
    while (!ntdll_list_empty(&group->members)) {
        obj = CONTAINING_RECORD(group->members.Flink, struct tp_object, group_entry);
        ntdll_list_remove(&obj->group_entry);
        obj->group = NULL;
    }
    unlock();
    free(group);
}

/* ---- callback instances ---- */

NTSYSAPI NTSTATUS WINAPI TpCallbackMayRunLong(TP_CALLBACK_INSTANCE *handle)
{
    struct tp_instance *inst = (struct tp_instance *)handle;
    struct tp_pool *pool;
    NTSTATUS status = STATUS_SUCCESS;

    TRACE("%p\n", inst);
    if (!inst || inst->may_run_long)
        return STATUS_SUCCESS;
    pool = inst->object->pool;
    lock();
    /* this thread may be gone for long: queued work needs another thread unless one is idle */
    if (pool->pending >= pool->idle) {
        if (pool->workers >= pool->max_workers || !pool_add_worker(pool))
            status = STATUS_TOO_MANY_THREADS;
        else
            RtlWakeConditionVariable(&pool->work_cv);
    }
    unlock();
    /* "If this function returns FALSE, the calling thread is not marked as long-running" */
    if (!status)
        inst->may_run_long = TRUE;
    return status;
}

NTSYSAPI void WINAPI TpDisassociateCallback(TP_CALLBACK_INSTANCE *handle)
{
    struct tp_instance *inst = (struct tp_instance *)handle;

    TRACE("%p\n", inst);
    if (!inst)
        return;
    lock();
    instance_disassociate_locked(inst);
    unlock();
}

NTSYSAPI void WINAPI TpCallbackSetEventOnCompletion(TP_CALLBACK_INSTANCE *handle, HANDLE event)
{
    ((struct tp_instance *)handle)->event = event;
}

NTSYSAPI void WINAPI TpCallbackReleaseSemaphoreOnCompletion(TP_CALLBACK_INSTANCE *handle, HANDLE semaphore,
                                                            DWORD count)
{
    struct tp_instance *inst = (struct tp_instance *)handle;
    inst->semaphore = semaphore;
    inst->semaphore_count = count;
}

NTSYSAPI void WINAPI TpCallbackReleaseMutexOnCompletion(TP_CALLBACK_INSTANCE *handle, HANDLE mutex)
{
    ((struct tp_instance *)handle)->mutex = mutex;
}

NTSYSAPI void WINAPI TpCallbackLeaveCriticalSectionOnCompletion(TP_CALLBACK_INSTANCE *handle,
                                                                RTL_CRITICAL_SECTION *crit)
{
    ((struct tp_instance *)handle)->crit = crit;
}

NTSYSAPI void WINAPI TpCallbackUnloadDllOnCompletion(TP_CALLBACK_INSTANCE *handle, HMODULE module)
{
    ((struct tp_instance *)handle)->module = module;
}

/* ---- legacy interfaces: work items, timer queues, registered waits ---- */

NTSYSAPI NTSTATUS WINAPI RtlQueueWorkItem(PRTL_WORK_ITEM_ROUTINE function, PVOID context, ULONG flags)
{
    TRACE("%p %p %#x\n", function, context, (unsigned int)flags);
    if (flags & ~(WT_EXECUTELONGFUNCTION | WT_EXECUTEINIOTHREAD | WT_EXECUTEINPERSISTENTTHREAD |
                  WT_TRANSFER_IMPERSONATION | WT_EXECUTEINUITHREAD | WT_EXECUTEINWAITTHREAD))
        FIXME_ONCE("flags %#x ignored\n", (unsigned int)flags);
    return simple_post(CALL_LEGACY_WORK, function, context, NULL, !!(flags & WT_EXECUTELONGFUNCTION));
}

NTSYSAPI NTSTATUS WINAPI RtlCreateTimerQueue(PHANDLE out)
{
    struct timer_queue *queue;

    TRACE("%p\n", out);
    if (!(queue = calloc(1, sizeof(*queue))))
        return STATUS_NO_MEMORY;
    ntdll_list_init(&queue->timers);
    *out = queue;
    return STATUS_SUCCESS;
}

static ULONGLONG deadline_from_ms(DWORD ms)
{
    return mono_now() + (ULONGLONG)ms * 10000;
}

NTSYSAPI NTSTATUS WINAPI RtlCreateTimer(HANDLE queue_handle, PHANDLE out,
                                        RTL_WAITORTIMERCALLBACKFUNC callback, PVOID param, DWORD due,
                                        DWORD period, ULONG flags)
{
    struct timer_queue *queue = queue_handle ? queue_handle : &default_timer_queue;
    struct tp_object *obj;
    NTSTATUS status;

    TRACE("%p %p %p %p %u %u %#x\n", queue_handle, out, callback, param, (unsigned int)due,
          (unsigned int)period, (unsigned int)flags);
    if (!out)
        return STATUS_INVALID_PARAMETER;
    if (flags & WT_EXECUTEINTIMERTHREAD)
        FIXME_ONCE("WT_EXECUTEINTIMERTHREAD: callbacks run on pool threads\n");
    if ((status = object_alloc(&obj, KIND_TIMER, CALL_LEGACY_TIMER, callback, param, NULL)))
        return status;
    obj->long_function = !!(flags & WT_EXECUTELONGFUNCTION);
    if (flags & WT_EXECUTEONLYONCE)
        period = 0;
    lock();
    obj->timer_queue = queue;
    ntdll_list_add_tail(&queue->timers, &obj->timer_queue_entry);
    timer_arm_locked(obj, deadline_from_ms(due), (LONG)period);
    unlock();
    *out = obj;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlUpdateTimer(HANDLE queue, HANDLE timer, DWORD due, DWORD period)
{
    struct tp_object *obj = timer;

    TRACE("%p %p %u %u\n", queue, timer, (unsigned int)due, (unsigned int)period);
    if (!obj)
        return STATUS_INVALID_PARAMETER_2;
    lock();
    timer_arm_locked(obj, deadline_from_ms(due), (LONG)period);
    unlock();
    return STATUS_SUCCESS;
}

/* Shared by RtlDeleteTimer and RtlDeregisterWaitEx: event INVALID_HANDLE_VALUE waits for running
 * callbacks, another event is set once they are done, NULL just lets them finish. STATUS_PENDING
 * tells the caller callbacks were still outstanding when it returned. */
static NTSTATUS legacy_delete(struct tp_object *obj, HANDLE event)
{
    NTSTATUS status = STATUS_SUCCESS;
    BOOL last;

    lock();
    obj->released = TRUE;
    obj->timer_set = FALSE;
    timer_unlist_locked(obj);
    wait_unlist_locked(obj);
    if (obj->timer_queue) {
        ntdll_list_remove(&obj->timer_queue_entry);
        obj->timer_queue = NULL;
    }
    if (event == INVALID_HANDLE_VALUE)
        object_wait_idle_locked(obj);
    else if (obj->pending || obj->running)
        status = STATUS_PENDING;
    if (event != INVALID_HANDLE_VALUE)
        obj->completion_event = event;
    last = object_release_locked(obj);
    unlock();
    if (last)
        object_destroy(obj);
    return status;
}

NTSYSAPI NTSTATUS WINAPI RtlDeleteTimer(HANDLE queue, HANDLE timer, HANDLE event)
{
    TRACE("%p %p %p\n", queue, timer, event);
    if (!timer)
        return STATUS_INVALID_PARAMETER_1;
    return legacy_delete(timer, event);
}

struct queue_deletion {
    struct timer_queue *queue;
    HANDLE event;
};

/* Runs on a pool thread for an asynchronous RtlDeleteTimerQueueEx. */
static void finish_queue_deletion(void *arg)
{
    struct queue_deletion *del = arg;
    struct timer_queue *queue = del->queue;

    while (!ntdll_list_empty(&queue->timers))
        legacy_delete(CONTAINING_RECORD(queue->timers.Flink, struct tp_object, timer_queue_entry),
                      INVALID_HANDLE_VALUE);
    if (queue != &default_timer_queue)
        free(queue);
    if (del->event)
        NtSetEvent(del->event, NULL);
    free(del);
}

NTSYSAPI NTSTATUS WINAPI RtlDeleteTimerQueueEx(HANDLE queue_handle, HANDLE event)
{
    struct timer_queue *queue = queue_handle;
    struct queue_deletion *del;
    LIST_ENTRY *entry;
    BOOL busy = FALSE;
    NTSTATUS status;

    TRACE("%p %p\n", queue_handle, event);
    if (!queue)
        return STATUS_INVALID_HANDLE;
    lock();
    /* no timer of the queue fires from now on */
    for (entry = queue->timers.Flink; entry != &queue->timers; entry = entry->Flink) {
        struct tp_object *obj = CONTAINING_RECORD(entry, struct tp_object, timer_queue_entry);
        obj->timer_set = FALSE;
        timer_unlist_locked(obj);
        if (obj->pending || obj->running)
            busy = TRUE;
    }
    unlock();

    if (event == INVALID_HANDLE_VALUE || !busy) {
        while (!ntdll_list_empty(&queue->timers))
            legacy_delete(CONTAINING_RECORD(queue->timers.Flink, struct tp_object, timer_queue_entry),
                          INVALID_HANDLE_VALUE);
        free(queue);
        if (event && event != INVALID_HANDLE_VALUE)
            NtSetEvent(event, NULL);
        return STATUS_SUCCESS;
    }
    if (!(del = calloc(1, sizeof(*del))))
        return STATUS_NO_MEMORY;
    del->queue = queue;
    del->event = event;
    if ((status = simple_post(CALL_INTERNAL, finish_queue_deletion, del, NULL, TRUE))) {
        free(del);
        return status;
    }
    return STATUS_PENDING;
}

NTSYSAPI NTSTATUS WINAPI RtlRegisterWait(PHANDLE out, HANDLE object, RTL_WAITORTIMERCALLBACKFUNC callback,
                                         PVOID context, ULONG timeout, ULONG flags)
{
    struct tp_object *obj;
    NTSTATUS status;

    TRACE("%p %p %p %p %u %#x\n", out, object, callback, context, (unsigned int)timeout, (unsigned int)flags);
    if (!out)
        return STATUS_INVALID_PARAMETER;
    if (flags & (WT_EXECUTEINWAITTHREAD | WT_EXECUTEINIOTHREAD | WT_EXECUTEINPERSISTENTTHREAD))
        FIXME_ONCE("flags %#x: callbacks run on pool threads\n", (unsigned int)flags);
    if ((status = object_alloc(&obj, KIND_WAIT, CALL_LEGACY_WAIT, callback, context, NULL)))
        return status;
    obj->long_function = !!(flags & WT_EXECUTELONGFUNCTION);
    obj->wait_once = !!(flags & WT_EXECUTEONLYONCE);
    obj->wait_rearm_ms = timeout;
    lock();
    status = wait_arm_locked(obj, object, timeout == INFINITE ? ~0ULL : deadline_from_ms(timeout));
    unlock();
    if (status) {
        object_release_handle(obj);
        return status;
    }
    *out = obj;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlDeregisterWaitEx(HANDLE wait, HANDLE event)
{
    NTSTATUS status;

    TRACE("%p %p\n", wait, event);
    if (!wait)
        return STATUS_INVALID_HANDLE;
    status = legacy_delete(wait, event);
    return status;
}

NTSYSAPI NTSTATUS WINAPI RtlDeregisterWait(HANDLE wait)
{
    return RtlDeregisterWaitEx(wait, NULL);
}
