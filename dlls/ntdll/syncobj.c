/*
 * Events, mutants, semaphores and waits: thin clients of oriel-server (server/event.c, mutex.c,
 * semaphore.c, wait.c). The object state lives in the server only, so that a shared-memory fast path
 * can later take over the uncontended cases without touching this API layer.
 */
#include <string.h>
#include <time.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(sync);

#define TICKS_1601_TO_1970 116444736000000000LL

/* Wire value of a handle (pseudo-handles become the protocol's); 0 for values that cannot be ours. */
static obj_handle_t sync_wire_handle(HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;

    if (handle == NtCurrentProcess())
        return SERVER_CURRENT_PROCESS;
    if (handle == NtCurrentThread())
        return SERVER_CURRENT_THREAD;
    return value > 0xffffffff ? 0 : (obj_handle_t)value;
}

/* The object name of attr as request data (full NT path, no terminator); none: unnamed. */
static NTSTATUS get_object_name(const OBJECT_ATTRIBUTES *attr, const void **data, unsigned int *size,
                                ULONG *attributes)
{
    *data = NULL;
    *size = 0;
    *attributes = 0;
    if (!attr)
        return STATUS_SUCCESS;
    if (attr->Length != sizeof(OBJECT_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    *attributes = attr->Attributes;
    if (!attr->ObjectName || !attr->ObjectName->Length)
        return STATUS_SUCCESS;
    if (attr->ObjectName->Length & 1)
        return STATUS_OBJECT_NAME_INVALID;
    if (attr->RootDirectory) {
        /* no directory objects yet: kernel32 passes full \BaseNamedObjects paths */
        FIXME_ONCE("names relative to a directory handle are not supported\n");
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    *data = attr->ObjectName->Buffer;
    *size = attr->ObjectName->Length;
    return STATUS_SUCCESS;
}

#define SERVER_CALL_DATA(name, req, data, size, reply)                                                       \
    server_call(REQ_##name, (req), sizeof(*(req)), (data), (size), NULL, 0, (reply), sizeof(*(reply)), NULL)

/* ---- events ---- */

NTSYSAPI NTSTATUS WINAPI NtCreateEvent(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                       EVENT_TYPE type, BOOLEAN state)
{
    struct create_event_request req = {
        .access = access, .manual_reset = type == NotificationEvent, .initial_state = state != 0};
    struct create_event_reply reply;
    const void *name;
    unsigned int size;
    ULONG attributes;
    NTSTATUS status;

    TRACE("%p %#x %p %d %d\n", handle, access, attr, type, state);
    if (type != NotificationEvent && type != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_object_name(attr, &name, &size, &attributes)))
        return status;
    req.attributes = attributes;
    status = SERVER_CALL_DATA(create_event, &req, name, size, &reply);
    *handle = NT_SUCCESS(status) ? (HANDLE)(ULONG_PTR)reply.handle : NULL;
    return status;
}

static NTSTATUS open_object(PHANDLE handle, enum server_object_type type, ACCESS_MASK access,
                            const OBJECT_ATTRIBUTES *attr)
{
    struct open_sync_object_request req = {.type = type, .access = access};
    struct open_sync_object_reply reply;
    const void *name;
    unsigned int size;
    ULONG attributes;
    NTSTATUS status;

    if (!handle)
        return STATUS_ACCESS_VIOLATION;
    *handle = NULL;
    if (!attr)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_object_name(attr, &name, &size, &attributes)))
        return status;
    if (!size)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    req.attributes = attributes;
    status = SERVER_CALL_DATA(open_sync_object, &req, name, size, &reply);
    if (!status)
        *handle = (HANDLE)(ULONG_PTR)reply.handle;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtOpenEvent(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr)
{
    TRACE("%p %#x %p\n", handle, access, attr);
    return open_object(handle, SERVER_OBJ_EVENT, access, attr);
}

static NTSTATUS event_op(HANDLE handle, enum server_event_op op, LONG *prev_state)
{
    struct event_op_request req = {.handle = sync_wire_handle(handle), .op = op};
    struct event_op_reply reply;
    NTSTATUS status = SERVER_CALL(event_op, &req, &reply, NULL, 0, NULL);

    if (!status && prev_state)
        *prev_state = reply.prev_state;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtSetEvent(HANDLE handle, LONG *prev_state)
{
    TRACE("%p\n", handle);
    return event_op(handle, SERVER_EVENT_SET, prev_state);
}

NTSYSAPI NTSTATUS WINAPI NtResetEvent(HANDLE handle, LONG *prev_state)
{
    TRACE("%p\n", handle);
    return event_op(handle, SERVER_EVENT_RESET, prev_state);
}

NTSYSAPI NTSTATUS WINAPI NtClearEvent(HANDLE handle)
{
    TRACE("%p\n", handle);
    return event_op(handle, SERVER_EVENT_RESET, NULL);
}

NTSYSAPI NTSTATUS WINAPI NtPulseEvent(HANDLE handle, LONG *prev_state)
{
    TRACE("%p\n", handle);
    return event_op(handle, SERVER_EVENT_PULSE, prev_state);
}

static NTSTATUS query_object(HANDLE handle, enum server_object_type type,
                             struct query_sync_object_reply *reply)
{
    struct query_sync_object_request req = {.handle = sync_wire_handle(handle)};
    NTSTATUS status = SERVER_CALL(query_sync_object, &req, reply, NULL, 0, NULL);

    if (!status && reply->type != (uint32_t)type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQueryEvent(HANDLE handle, EVENT_INFORMATION_CLASS cls, void *info, ULONG len,
                                      ULONG *ret_len)
{
    struct query_sync_object_reply reply;
    EVENT_BASIC_INFORMATION out;
    NTSTATUS status;

    TRACE("%p %d %p %u %p\n", handle, cls, info, len, ret_len);
    if (cls != EventBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (len != sizeof(out))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = query_object(handle, SERVER_OBJ_EVENT, &reply)))
        return status;
    out.EventType = reply.values[0] ? NotificationEvent : SynchronizationEvent;
    out.EventState = reply.values[1];
    memcpy(info, &out, sizeof(out));
    if (ret_len)
        *ret_len = sizeof(out);
    return STATUS_SUCCESS;
}

/* ---- mutants ---- */

NTSYSAPI NTSTATUS WINAPI NtCreateMutant(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                        BOOLEAN owned)
{
    struct create_mutex_request req = {.access = access, .owned = owned != 0};
    struct create_mutex_reply reply;
    const void *name;
    unsigned int size;
    ULONG attributes;
    NTSTATUS status;

    TRACE("%p %#x %p %d\n", handle, access, attr, owned);
    if ((status = get_object_name(attr, &name, &size, &attributes)))
        return status;
    req.attributes = attributes;
    status = SERVER_CALL_DATA(create_mutex, &req, name, size, &reply);
    *handle = NT_SUCCESS(status) ? (HANDLE)(ULONG_PTR)reply.handle : NULL;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtOpenMutant(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr)
{
    TRACE("%p %#x %p\n", handle, access, attr);
    return open_object(handle, SERVER_OBJ_MUTEX, access, attr);
}

NTSYSAPI NTSTATUS WINAPI NtReleaseMutant(HANDLE handle, LONG *prev_count)
{
    struct release_mutex_request req = {.handle = sync_wire_handle(handle)};
    struct release_mutex_reply reply;
    NTSTATUS status;

    TRACE("%p %p\n", handle, prev_count);
    status = SERVER_CALL(release_mutex, &req, &reply, NULL, 0, NULL);
    if (!status && prev_count)
        *prev_count = reply.prev_count;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQueryMutant(HANDLE handle, MUTANT_INFORMATION_CLASS cls, void *info, ULONG len,
                                       ULONG *ret_len)
{
    struct query_sync_object_reply reply;
    MUTANT_BASIC_INFORMATION out;
    NTSTATUS status;

    TRACE("%p %d %p %u %p\n", handle, cls, info, len, ret_len);
    if (cls != MutantBasicInformation) {
        FIXME_ONCE("information class %d not supported\n", cls);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (len != sizeof(out))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = query_object(handle, SERVER_OBJ_MUTEX, &reply)))
        return status;
    memset(&out, 0, sizeof(out));
    out.CurrentCount = reply.values[0];
    out.OwnedByCaller = reply.values[1] != 0;
    out.AbandonedState = reply.values[2] != 0;
    memcpy(info, &out, sizeof(out));
    if (ret_len)
        *ret_len = sizeof(out);
    return STATUS_SUCCESS;
}

/* ---- semaphores ---- */

NTSYSAPI NTSTATUS WINAPI NtCreateSemaphore(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                           LONG initial, LONG max)
{
    struct create_semaphore_request req = {.access = access, .initial = initial, .max = max};
    struct create_semaphore_reply reply;
    const void *name;
    unsigned int size;
    ULONG attributes;
    NTSTATUS status;

    TRACE("%p %#x %p %d %d\n", handle, access, attr, initial, max);
    if (max <= 0 || initial < 0 || initial > max)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_object_name(attr, &name, &size, &attributes)))
        return status;
    req.attributes = attributes;
    status = SERVER_CALL_DATA(create_semaphore, &req, name, size, &reply);
    *handle = NT_SUCCESS(status) ? (HANDLE)(ULONG_PTR)reply.handle : NULL;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtOpenSemaphore(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr)
{
    TRACE("%p %#x %p\n", handle, access, attr);
    return open_object(handle, SERVER_OBJ_SEMAPHORE, access, attr);
}

NTSYSAPI NTSTATUS WINAPI NtReleaseSemaphore(HANDLE handle, ULONG count, ULONG *prev_count)
{
    struct release_semaphore_request req = {.handle = sync_wire_handle(handle), .count = count};
    struct release_semaphore_reply reply;
    NTSTATUS status;

    TRACE("%p %u %p\n", handle, count, prev_count);
    status = SERVER_CALL(release_semaphore, &req, &reply, NULL, 0, NULL);
    if (!status && prev_count)
        *prev_count = reply.prev_count;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQuerySemaphore(HANDLE handle, SEMAPHORE_INFORMATION_CLASS cls, void *info,
                                          ULONG len, ULONG *ret_len)
{
    struct query_sync_object_reply reply;
    SEMAPHORE_BASIC_INFORMATION out;
    NTSTATUS status;

    TRACE("%p %d %p %u %p\n", handle, cls, info, len, ret_len);
    if (cls != SemaphoreBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (len != sizeof(out))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = query_object(handle, SERVER_OBJ_SEMAPHORE, &reply)))
        return status;
    out.CurrentCount = (ULONG)reply.values[0];
    out.MaximumCount = (ULONG)reply.values[1];
    memcpy(info, &out, sizeof(out));
    if (ret_len)
        *ret_len = sizeof(out);
    return STATUS_SUCCESS;
}

/* ---- waits ---- */

/* NT timeout (NULL: forever; negative: relative 100 ns units; else absolute system time) as the
 * protocol's CLOCK_MONOTONIC deadline in ns. */
static uint64_t timeout_to_deadline(const LARGE_INTEGER *timeout)
{
    struct timespec now;
    uint64_t mono;
    LONGLONG rel;

    if (!timeout)
        return SERVER_TIMEOUT_INFINITE;
    clock_gettime(CLOCK_MONOTONIC, &now);
    mono = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    if (timeout->QuadPart <= 0)
        rel = -timeout->QuadPart;
    else {
        struct timespec real;
        clock_gettime(CLOCK_REALTIME, &real);
        LONGLONG ticks_now = (LONGLONG)real.tv_sec * 10000000 + real.tv_nsec / 100 + TICKS_1601_TO_1970;
        rel = timeout->QuadPart > ticks_now ? timeout->QuadPart - ticks_now : 0;
    }
    if ((uint64_t)rel >= (SERVER_TIMEOUT_INFINITE - mono) / 100)
        return SERVER_TIMEOUT_INFINITE - 1;
    return mono + (uint64_t)rel * 100;
}

/* ---- user APCs ---- */

typedef void(WINAPI *apc_func)(ULONG_PTR arg1, ULONG_PTR arg2, ULONG_PTR arg3);

/* Runs the APCs the server holds for the calling thread (NtQueueApcThread, timer completion
 * routines), oldest first. Returns how many ran. */
static unsigned int run_user_apcs(void)
{
    struct get_apc_request req = {{0}};
    struct get_apc_reply reply;
    unsigned int count = 0;

    while (!SERVER_CALL(get_apc, &req, &reply, NULL, 0, NULL) && reply.func) {
        TRACE("running APC %p(%#llx, %#llx, %#llx)\n", (void *)(ULONG_PTR)reply.func,
              (unsigned long long)reply.args[0], (unsigned long long)reply.args[1],
              (unsigned long long)reply.args[2]);
        ((apc_func)(ULONG_PTR)reply.func)((ULONG_PTR)reply.args[0], (ULONG_PTR)reply.args[1],
                                          (ULONG_PTR)reply.args[2]);
        count++;
    }
    return count;
}

/* The queue lives in the server so that queueing to a thread blocked in an alertable wait ends that
 * wait at once (server/wait.c). */
NTSYSAPI NTSTATUS WINAPI NtQueueApcThread(HANDLE thread, PNTAPCFUNC func, ULONG_PTR arg1, ULONG_PTR arg2,
                                          ULONG_PTR arg3)
{
    struct queue_apc_request req = {
        .func = (ULONG_PTR)func, .args = {arg1, arg2, arg3}, .thread = sync_wire_handle(thread)};
    struct queue_apc_reply reply;

    TRACE("%p %p %#lx %#lx %#lx\n", thread, func, (unsigned long)arg1, (unsigned long)arg2,
          (unsigned long)arg3);
    if (!func)
        return STATUS_INVALID_PARAMETER;
    return SERVER_CALL(queue_apc, &req, &reply, NULL, 0, NULL);
}

NTSYSAPI NTSTATUS WINAPI NtTestAlert(void)
{
    run_user_apcs();
    return STATUS_SUCCESS;
}

static NTSTATUS wait_objects(ULONG count, const HANDLE *handles, BOOLEAN wait_all, BOOLEAN alertable,
                             const LARGE_INTEGER *timeout, HANDLE signal)
{
    struct select_request req = {.deadline = timeout_to_deadline(timeout)};
    struct select_reply reply;
    obj_handle_t wire[SERVER_SELECT_MAX];
    NTSTATUS status;

    if (!count || count > SERVER_SELECT_MAX)
        return STATUS_INVALID_PARAMETER_1;
    for (ULONG i = 0; i < count; i++)
        wire[i] = sync_wire_handle(handles[i]);
    if (wait_all)
        req.flags |= SERVER_SELECT_ALL;
    if (alertable)
        req.flags |= SERVER_SELECT_ALERTABLE;
    if (signal)
        req.signal = sync_wire_handle(signal);
    status = SERVER_CALL_DATA(select, &req, wire, count * sizeof(obj_handle_t), &reply);
    /* the wait ended for APCs: they run here, in the waiting thread, before it returns */
    if (status == STATUS_USER_APC)
        run_user_apcs();
    return status;
}

NTSTATUS sync_delay(BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    struct select_request req = {.deadline = timeout_to_deadline(timeout),
                                 .flags = alertable ? SERVER_SELECT_ALERTABLE : 0};
    struct select_reply reply;
    NTSTATUS status;

    status = SERVER_CALL_DATA(select, &req, NULL, 0, &reply);
    if (status == STATUS_USER_APC)
        run_user_apcs();
    return status == STATUS_TIMEOUT ? STATUS_SUCCESS : status;
}

NTSYSAPI NTSTATUS WINAPI NtWaitForSingleObject(HANDLE handle, BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    TRACE("%p %d %lld\n", handle, alertable, timeout ? (long long)timeout->QuadPart : -1LL);
    return wait_objects(1, &handle, FALSE, alertable, timeout, NULL);
}

NTSYSAPI NTSTATUS WINAPI NtWaitForMultipleObjects(ULONG count, const HANDLE *handles, WAIT_TYPE type,
                                                  BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    TRACE("%u %p %d %d\n", count, handles, type, alertable);
    if (type != WaitAll && type != WaitAny)
        return STATUS_INVALID_PARAMETER_3;
    return wait_objects(count, handles, type == WaitAll, alertable, timeout, NULL);
}

NTSYSAPI NTSTATUS WINAPI NtSignalAndWaitForSingleObject(HANDLE signal, HANDLE wait, BOOLEAN alertable,
                                                        const LARGE_INTEGER *timeout)
{
    TRACE("%p %p %d\n", signal, wait, alertable);
    if (!signal)
        return STATUS_INVALID_HANDLE;
    return wait_objects(1, &wait, FALSE, alertable, timeout, signal);
}

/* ---- timers ---- */

NTSYSAPI NTSTATUS WINAPI NtCreateTimer(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                       TIMER_TYPE type)
{
    struct create_timer_request req = {.access = access, .manual_reset = type == NotificationTimer};
    struct create_timer_reply reply;
    const void *name;
    unsigned int size;
    ULONG attributes;
    NTSTATUS status;

    TRACE("%p %#x %p %d\n", handle, access, attr, type);
    if (type != NotificationTimer && type != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER;
    if ((status = get_object_name(attr, &name, &size, &attributes)))
        return status;
    req.attributes = attributes;
    status = SERVER_CALL_DATA(create_timer, &req, name, size, &reply);
    *handle = NT_SUCCESS(status) ? (HANDLE)(ULONG_PTR)reply.handle : NULL;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtOpenTimer(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr)
{
    TRACE("%p %#x %p\n", handle, access, attr);
    return open_object(handle, SERVER_OBJ_TIMER, access, attr);
}

NTSYSAPI NTSTATUS WINAPI NtSetTimer(HANDLE handle, const LARGE_INTEGER *due, PTIMER_APC_ROUTINE routine,
                                    void *context, BOOLEAN resume, LONG period, BOOLEAN *prev_state)
{
    struct set_timer_request req = {.handle = sync_wire_handle(handle)};
    struct set_timer_reply reply;
    NTSTATUS status;

    TRACE("%p %lld %p %p %d %d %p\n", handle, due ? (long long)due->QuadPart : 0LL, routine, context, resume,
          period, prev_state);
    if (!due)
        return STATUS_ACCESS_VIOLATION;
    if (period < 0)
        return STATUS_INVALID_PARAMETER_6;
    req.apc_func = (ULONG_PTR)routine;
    req.apc_arg = (ULONG_PTR)context;
    req.deadline = timeout_to_deadline(due);
    req.period = (uint32_t)period;
    status = SERVER_CALL(set_timer, &req, &reply, NULL, 0, NULL);
    if (!status && prev_state)
        *prev_state = reply.prev_state != 0;
    if (!status && resume)
        status = STATUS_TIMER_RESUME_IGNORED; /* no power management: documented as not supported */
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtCancelTimer(HANDLE handle, BOOLEAN *prev_state)
{
    struct cancel_timer_request req = {.handle = sync_wire_handle(handle)};
    struct cancel_timer_reply reply;
    NTSTATUS status;

    TRACE("%p %p\n", handle, prev_state);
    status = SERVER_CALL(cancel_timer, &req, &reply, NULL, 0, NULL);
    if (!status && prev_state)
        *prev_state = reply.prev_state != 0;
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtQueryTimer(HANDLE handle, TIMER_INFORMATION_CLASS cls, void *info, ULONG len,
                                      ULONG *ret_len)
{
    struct query_sync_object_reply reply;
    TIMER_BASIC_INFORMATION out;
    NTSTATUS status;

    TRACE("%p %d %p %u %p\n", handle, cls, info, len, ret_len);
    if (cls != TimerBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (len != sizeof(out))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = query_object(handle, SERVER_OBJ_TIMER, &reply)))
        return status;
    memset(&out, 0, sizeof(out));
    out.TimerState = reply.values[0] != 0;
    out.RemainingTime.QuadPart =
        (LONGLONG)(((ULONGLONG)(uint32_t)reply.values[2] << 32) | (uint32_t)reply.values[1]);
    memcpy(info, &out, sizeof(out));
    if (ret_len)
        *ret_len = sizeof(out);
    return STATUS_SUCCESS;
}
