/*
 * Events, mutants, semaphores and waits: clients of oriel-server (server/event.c, mutex.c, semaphore.c,
 * wait.c). The state of events, mutexes and semaphores lives in slots of memory shared with the
 * server; uncontended operations change it there without a request (the fast path below;
 * docs/server.md, "Fast path"; ORIEL_SYNC_FASTPATH=0 turns it off).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

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

/* ---- the fast path (docs/server.md, "Fast path") ----
 * Events, mutexes and semaphores keep their state in slots of a region shared with the server
 * (include/oriel/protocol.h, struct sync_slot). Uncontended operations change the slot with one
 * compare-and-swap from an unlocked value; anything else (the server holds the slot's lock, the object
 * is not available and the caller must block, an error to report) goes to the server as before. */

/* Per handle, one 64-bit word so that readers need no lock: */
#define CACHE_KIND_MASK 0x3   /* 0: not asked yet */
#define CACHE_NO_SLOT 0x1     /* not an object with a slot */
#define CACHE_SLOT 0x2        /* bits 4-7 type, 8-31 slot index, 32-63 serial */
#define CACHE_WAITED 0x3      /* not asked yet, waited on once */
#define CACHE_SYNCHRONIZE 0x4 /* the handle has SYNCHRONIZE */
#define CACHE_MODIFY 0x8      /* EVENT_MODIFY_STATE / SEMAPHORE_MODIFY_STATE (both 2) */
#define CACHE_BLOCK_BITS 10
#define CACHE_BLOCKS 1024 /* handles below 4 << 20 are cached */

static uint64_t *handle_cache[CACHE_BLOCKS];
static struct sync_slot *shm_slots;
static int fastpath_state; /* 0: not set up yet, 1: on, -1: off */
static pthread_mutex_t fastpath_mutex = PTHREAD_MUTEX_INITIALIZER;

static int fastpath_enabled(void)
{
    int state = __atomic_load_n(&fastpath_state, __ATOMIC_ACQUIRE);
    const char *env;
    struct get_sync_shm_request req = {{0}};
    struct get_sync_shm_reply reply;
    int fd = -1;
    void *map;

    if (state)
        return state > 0;
    pthread_mutex_lock(&fastpath_mutex);
    if (!(state = fastpath_state)) {
        NTSTATUS status = STATUS_SUCCESS;

        state = -1;
        env = getenv("ORIEL_SYNC_FASTPATH");
        if ((!env || strcmp(env, "0")) && !(status = SERVER_CALL(get_sync_shm, &req, &reply, NULL, 0, &fd)) &&
            fd != -1 && reply.slots == SYNC_SHM_SLOTS) {
            map = mmap(NULL, (size_t)SYNC_SHM_SLOTS * sizeof(struct sync_slot), PROT_READ | PROT_WRITE,
                       MAP_SHARED, fd, 0);
            if (map != MAP_FAILED) {
                shm_slots = map;
                state = 1;
            }
        }
        if (fd != -1)
            close(fd);
        TRACE("fast path %s\n", state > 0 ? "on" : "off");
        /* not connected yet (no server handle can exist either): decide later */
        if (status != STATUS_INVALID_HANDLE)
            __atomic_store_n(&fastpath_state, state, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&fastpath_mutex);
    return state > 0;
}

static uint64_t *cache_entry(HANDLE handle, int create)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    unsigned int index, block;
    uint64_t *entries;

    if (!value || (value & 3) || value / 4 >= CACHE_BLOCKS << CACHE_BLOCK_BITS)
        return NULL;
    index = (unsigned int)(value / 4);
    block = index >> CACHE_BLOCK_BITS;
    if (!(entries = __atomic_load_n(&handle_cache[block], __ATOMIC_ACQUIRE))) {
        if (!create)
            return NULL;
        pthread_mutex_lock(&fastpath_mutex);
        if (!(entries = handle_cache[block]) && (entries = calloc(1u << CACHE_BLOCK_BITS, sizeof(*entries))))
            __atomic_store_n(&handle_cache[block], entries, __ATOMIC_RELEASE);
        pthread_mutex_unlock(&fastpath_mutex);
        if (!entries)
            return NULL;
    }
    return &entries[index & ((1u << CACHE_BLOCK_BITS) - 1)];
}

void sync_forget_handle(HANDLE handle)
{
    uint64_t *entry = cache_entry(handle, 0);

    if (entry)
        __atomic_store_n(entry, 0, __ATOMIC_RELEASE);
}

/* The slot of a handle's object (NULL: ask the server) with its type and the handle's CACHE_* rights.
 * A wait (lazy) asks the server about a handle only the second time, so that handles waited on once
 * (threads, processes) cost no extra round trip. */
static struct sync_slot *handle_slot_ex(HANDLE handle, enum sync_slot_type *type, unsigned int *rights,
                                        int lazy)
{
    struct get_sync_slot_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle};
    struct get_sync_slot_reply reply;
    uint64_t *entry, value;
    struct sync_slot *slot;
    NTSTATUS status;

    if (!fastpath_enabled() || !(entry = cache_entry(handle, 1)))
        return NULL;
    value = __atomic_load_n(entry, __ATOMIC_ACQUIRE);
    if (!value && lazy) {
        __atomic_store_n(entry, CACHE_WAITED, __ATOMIC_RELEASE);
        return NULL;
    }
    if (!value || value == CACHE_WAITED) {
        status = SERVER_CALL(get_sync_slot, &req, &reply, NULL, 0, NULL);
        if (status == STATUS_OBJECT_TYPE_MISMATCH)
            value = CACHE_NO_SLOT;
        else if (status || !reply.index || reply.index >= SYNC_SHM_SLOTS || reply.type > 0xf)
            return NULL; /* a bad handle: the server reports it */
        else
            value = CACHE_SLOT | ((reply.access & 0x00100000 /* SYNCHRONIZE */) ? CACHE_SYNCHRONIZE : 0) |
                    ((reply.access & 0x2) ? CACHE_MODIFY : 0) | ((uint64_t)reply.type << 4) |
                    ((uint64_t)reply.index << 8) | ((uint64_t)reply.serial << 32);
        __atomic_store_n(entry, value, __ATOMIC_RELEASE);
    }
    if ((value & CACHE_KIND_MASK) != CACHE_SLOT)
        return NULL;
    slot = &shm_slots[(value >> 8) & 0xffffff];
    /* the object went and its slot serves another one: the handle is stale, the server answers */
    if (__atomic_load_n(&slot->serial, __ATOMIC_SEQ_CST) != (uint32_t)(value >> 32)) {
        __atomic_store_n(entry, 0, __ATOMIC_RELEASE);
        return NULL;
    }
    *type = (value >> 4) & 0xf;
    *rights = value & (CACHE_SYNCHRONIZE | CACHE_MODIFY);
    return slot;
}

static struct sync_slot *handle_slot(HANDLE handle, enum sync_slot_type *type, unsigned int *rights)
{
    return handle_slot_ex(handle, type, rights, 0);
}

/* Changes an unlocked slot state from *expected to desired; fails (with *expected updated) when it
 * changed meanwhile. */
static int slot_cas(struct sync_slot *slot, uint64_t *expected, uint64_t desired)
{
    return __atomic_compare_exchange_n(&slot->state, expected, desired, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/* After a change that may end waits: the server queued some, it must look at them. */
static void wake_waiters(HANDLE handle, struct sync_slot *slot)
{
    struct sync_wake_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle};

    /* one way: the caller need not wait until the waiters are woken */
    if (__atomic_load_n(&slot->waiters, __ATOMIC_SEQ_CST))
        server_post(REQ_sync_wake, &req, sizeof(req));
}

#define MUTEX_OWNER(state) ((uint32_t)(state))
#define MUTEX_COUNT(state) ((uint32_t)((state) >> 32))
#define MUTEX_STATE(owner, count) ((uint64_t)(owner) | ((uint64_t)(count) << 32))

/* Takes the object of handle if it is available without blocking. STATUS_WAIT_0: taken;
 * STATUS_TIMEOUT: not available; STATUS_PENDING: the server must decide. */
static NTSTATUS fast_acquire(HANDLE handle)
{
    enum sync_slot_type type;
    unsigned int rights;
    struct sync_slot *slot = handle_slot_ex(handle, &type, &rights, 1);
    DWORD tid;
    uint64_t state;

    if (!slot || !(rights & CACHE_SYNCHRONIZE))
        return STATUS_PENDING;
    state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);
    for (;;) {
        uint64_t desired;

        if (state & SYNC_SLOT_LOCK)
            return STATUS_PENDING;
        switch (type) {
        case SYNC_SLOT_EVENT_MANUAL:
            return state ? STATUS_WAIT_0 : STATUS_TIMEOUT;
        case SYNC_SLOT_EVENT_AUTO:
            if (!state)
                return STATUS_TIMEOUT;
            desired = 0;
            break;
        case SYNC_SLOT_SEMAPHORE:
            if (!(uint32_t)state)
                return STATUS_TIMEOUT;
            desired = state - 1;
            break;
        case SYNC_SLOT_MUTEX:
            if (!(tid = server_thread_id()))
                return STATUS_PENDING;
            if (!state)
                desired = MUTEX_STATE(tid, 1);
            else if (MUTEX_OWNER(state) == tid && MUTEX_COUNT(state) < 0x7fffffff)
                desired = MUTEX_STATE(tid, MUTEX_COUNT(state) + 1);
            else if (MUTEX_OWNER(state) == SYNC_MUTEX_ABANDONED)
                return STATUS_PENDING; /* the server tells the new owner */
            else
                return STATUS_TIMEOUT;
            break;
        default:
            return STATUS_PENDING;
        }
        if (slot_cas(slot, &state, desired))
            return STATUS_WAIT_0;
    }
}

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

/* SetEvent and ResetEvent in the slot; STATUS_PENDING: ask the server. */
static NTSTATUS fast_event_op(HANDLE handle, enum server_event_op op, LONG *prev_state)
{
    enum sync_slot_type type;
    unsigned int rights;
    struct sync_slot *slot = handle_slot(handle, &type, &rights);
    uint64_t state, desired = op == SERVER_EVENT_SET;

    if (!slot || (type != SYNC_SLOT_EVENT_AUTO && type != SYNC_SLOT_EVENT_MANUAL) || !(rights & CACHE_MODIFY))
        return STATUS_PENDING;
    state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);
    do
        if (state & SYNC_SLOT_LOCK)
            return STATUS_PENDING;
    while (!slot_cas(slot, &state, desired));
    if (prev_state)
        *prev_state = (LONG)state;
    if (desired && !state)
        wake_waiters(handle, slot);
    return STATUS_SUCCESS;
}

static NTSTATUS event_op(HANDLE handle, enum server_event_op op, LONG *prev_state)
{
    struct event_op_request req = {.handle = sync_wire_handle(handle), .op = op};
    struct event_op_reply reply;
    NTSTATUS status;

    if (op != SERVER_EVENT_PULSE && (status = fast_event_op(handle, op, prev_state)) != STATUS_PENDING)
        return status;
    status = SERVER_CALL(event_op, &req, &reply, NULL, 0, NULL);

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

/* STATUS_PENDING: ask the server. */
static NTSTATUS fast_release_mutex(HANDLE handle, LONG *prev_count)
{
    enum sync_slot_type type;
    unsigned int rights;
    struct sync_slot *slot = handle_slot(handle, &type, &rights);
    DWORD tid = server_thread_id();
    uint64_t state;
    uint32_t count;

    if (!slot || type != SYNC_SLOT_MUTEX || !tid)
        return STATUS_PENDING;
    state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);
    do {
        if (state & SYNC_SLOT_LOCK)
            return STATUS_PENDING;
        /* only the owner changes an owned mutex: no other thread can make this true meanwhile */
        if (MUTEX_OWNER(state) != tid)
            return STATUS_MUTANT_NOT_OWNED;
        count = MUTEX_COUNT(state) - 1;
    } while (!slot_cas(slot, &state, count ? MUTEX_STATE(tid, count) : 0));
    if (prev_count)
        *prev_count = 1 - (LONG)MUTEX_COUNT(state);
    if (!count)
        wake_waiters(handle, slot);
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtReleaseMutant(HANDLE handle, LONG *prev_count)
{
    struct release_mutex_request req = {.handle = sync_wire_handle(handle)};
    struct release_mutex_reply reply;
    NTSTATUS status;

    TRACE("%p %p\n", handle, prev_count);
    if ((status = fast_release_mutex(handle, prev_count)) != STATUS_PENDING)
        return status;
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

/* STATUS_PENDING: ask the server. */
static NTSTATUS fast_release_semaphore(HANDLE handle, ULONG count, ULONG *prev_count)
{
    enum sync_slot_type type;
    unsigned int rights;
    struct sync_slot *slot;
    uint64_t state;

    if (!count || count > (ULONG)INT32_MAX)
        return STATUS_PENDING; /* the server's error */
    if (!(slot = handle_slot(handle, &type, &rights)) || type != SYNC_SLOT_SEMAPHORE ||
        !(rights & CACHE_MODIFY))
        return STATUS_PENDING;
    state = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);
    do {
        if (state & SYNC_SLOT_LOCK)
            return STATUS_PENDING;
        if (count > slot->max - (uint32_t)state)
            return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    } while (!slot_cas(slot, &state, state + count));
    if (prev_count)
        *prev_count = (ULONG)state;
    wake_waiters(handle, slot);
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtReleaseSemaphore(HANDLE handle, ULONG count, ULONG *prev_count)
{
    struct release_semaphore_request req = {.handle = sync_wire_handle(handle), .count = count};
    struct release_semaphore_reply reply;
    NTSTATUS status;

    TRACE("%p %u %p\n", handle, count, prev_count);
    if ((status = fast_release_semaphore(handle, count, prev_count)) != STATUS_PENDING)
        return status;
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

#define SPIN_COUNT 500

static int multi_cpu(void)
{
    static int cpus;

    if (!cpus)
        cpus = ntdll_cpu_count() > 1 ? 2 : 1;
    return cpus > 1;
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
    /* one object: taken in its slot when available; a poll that finds it busy ends here too, unless
     * it is alertable (queued APCs would end it) */
    if (count == 1 && !signal) {
        status = fast_acquire(handles[0]);
        if (status == STATUS_WAIT_0 ||
            (status == STATUS_TIMEOUT && !alertable && timeout && !timeout->QuadPart))
            return status;
        /* The other side of a hand-off (ping-pong between threads) often answers within a few
         * microseconds: watching the slot that long saves two server round trips. */
        if (status == STATUS_TIMEOUT && (!timeout || timeout->QuadPart) && multi_cpu()) {
            for (unsigned int spin = 0; status == STATUS_TIMEOUT && spin < SPIN_COUNT; spin++) {
                __builtin_ia32_pause();
                status = fast_acquire(handles[0]);
            }
        }
        if (status == STATUS_WAIT_0)
            return status;
    }
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
