/*
 * Event, mutex and semaphore objects and the waits on any waitable handle (kernel32 side). The objects
 * live in oriel-server; ntdll's syncobj.c talks to it.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel32_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(sync);

static const WCHAR base_named_objects[] = u"\\BaseNamedObjects\\";
#define BASE_LEN (sizeof(base_named_objects) / sizeof(WCHAR) - 1)

/* Win32 object names live in \BaseNamedObjects (the server maps Global\ and Local\ there too). They
 * compare case-sensitively: no OBJ_CASE_INSENSITIVE. */
struct k32_object_name {
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING str;
    WCHAR buffer[BASE_LEN + MAX_PATH + 1];
};

/* Fills in attributes for a create/open. Returns FALSE with the last error set on a bad name. */
static BOOL init_object_attributes(struct k32_object_name *obj, const WCHAR *name, BOOL inherit,
                                   const SECURITY_ATTRIBUTES *sa, ULONG extra)
{
    size_t len = 0;

    memset(&obj->attr, 0, sizeof(obj->attr));
    obj->attr.Length = sizeof(obj->attr);
    obj->attr.Attributes = extra | ((inherit || (sa && sa->bInheritHandle)) ? OBJ_INHERIT : 0);
    if (sa)
        obj->attr.SecurityDescriptor = sa->lpSecurityDescriptor;
    if (!name || !name[0])
        return TRUE;
    while (name[len])
        len++;
    if (len > MAX_PATH) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    memcpy(obj->buffer, base_named_objects, BASE_LEN * sizeof(WCHAR));
    memcpy(obj->buffer + BASE_LEN, name, len * sizeof(WCHAR));
    obj->buffer[BASE_LEN + len] = 0;
    obj->str.Buffer = obj->buffer;
    obj->str.Length = (USHORT)((BASE_LEN + len) * sizeof(WCHAR));
    obj->str.MaximumLength = obj->str.Length + sizeof(WCHAR);
    obj->attr.ObjectName = &obj->str;
    return TRUE;
}

/* CreateEvent/CreateMutex/CreateSemaphore: Microsoft documents that GetLastError tells whether the
 * named object existed (ERROR_ALREADY_EXISTS), so success sets the last error too (to 0 otherwise). */
static HANDLE finish_create(NTSTATUS status, HANDLE handle)
{
    if (status == STATUS_OBJECT_NAME_EXISTS)
        SetLastError(ERROR_ALREADY_EXISTS);
    else
        SetLastError(RtlNtStatusToDosError(status));
    return NT_SUCCESS(status) ? handle : NULL;
}

static HANDLE finish_open(NTSTATUS status, HANDLE handle)
{
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    return handle;
}

/* ---- events ---- */

WINBASEAPI HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags, DWORD access)
{
    struct k32_object_name obj;
    HANDLE handle = NULL;
    NTSTATUS status;

    TRACE("%p %s %#x %#x\n", sa, debugstr_w(name), flags, access);
    if (!init_object_attributes(&obj, name, FALSE, sa, OBJ_OPENIF))
        return NULL;
    status = NtCreateEvent(&handle, access, &obj.attr,
                           (flags & CREATE_EVENT_MANUAL_RESET) ? NotificationEvent : SynchronizationEvent,
                           (flags & CREATE_EVENT_INITIAL_SET) != 0);
    return finish_create(status, handle);
}

WINBASEAPI HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags, DWORD access)
{
    WCHAR *nameW;
    HANDLE ret;

    if (!k32_ansi_name(name, &nameW))
        return NULL;
    ret = CreateEventExW(sa, nameW, flags, access);
    free(nameW);
    return ret;
}

WINBASEAPI HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, BOOL initial_state,
                                      LPCWSTR name)
{
    DWORD flags =
        (manual_reset ? CREATE_EVENT_MANUAL_RESET : 0) | (initial_state ? CREATE_EVENT_INITIAL_SET : 0);
    return CreateEventExW(sa, name, flags, EVENT_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, BOOL initial_state,
                                      LPCSTR name)
{
    DWORD flags =
        (manual_reset ? CREATE_EVENT_MANUAL_RESET : 0) | (initial_state ? CREATE_EVENT_INITIAL_SET : 0);
    return CreateEventExA(sa, name, flags, EVENT_ALL_ACCESS);
}

/* OpenEvent/OpenMutex/OpenSemaphore share this: ntopen is the matching Nt*Open call. */
typedef NTSTATUS(WINAPI *nt_open_func)(PHANDLE, ACCESS_MASK, const OBJECT_ATTRIBUTES *);

static HANDLE open_named(nt_open_func ntopen, DWORD access, BOOL inherit, LPCWSTR name)
{
    struct k32_object_name obj;
    HANDLE handle = NULL;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!init_object_attributes(&obj, name, inherit, NULL, 0))
        return NULL;
    NTSTATUS status = ntopen(&handle, access, &obj.attr);
    return finish_open(status, handle);
}

static HANDLE open_named_a(nt_open_func ntopen, DWORD access, BOOL inherit, LPCSTR name)
{
    WCHAR *nameW;
    HANDLE ret;

    if (!k32_ansi_name(name, &nameW))
        return NULL;
    ret = open_named(ntopen, access, inherit, nameW);
    free(nameW);
    return ret;
}

WINBASEAPI HANDLE WINAPI OpenEventW(DWORD access, BOOL inherit, LPCWSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_w(name));
    return open_named(NtOpenEvent, access, inherit, name);
}

WINBASEAPI HANDLE WINAPI OpenEventA(DWORD access, BOOL inherit, LPCSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_a(name));
    return open_named_a(NtOpenEvent, access, inherit, name);
}

WINBASEAPI BOOL WINAPI SetEvent(HANDLE event)
{
    TRACE("%p\n", event);
    return k32_set_ntstatus(NtSetEvent(event, NULL));
}

WINBASEAPI BOOL WINAPI ResetEvent(HANDLE event)
{
    TRACE("%p\n", event);
    return k32_set_ntstatus(NtResetEvent(event, NULL));
}

WINBASEAPI BOOL WINAPI PulseEvent(HANDLE event)
{
    TRACE("%p\n", event);
    return k32_set_ntstatus(NtPulseEvent(event, NULL));
}

/* ---- mutexes ---- */

WINBASEAPI HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags, DWORD access)
{
    struct k32_object_name obj;
    HANDLE handle = NULL;
    NTSTATUS status;

    TRACE("%p %s %#x %#x\n", sa, debugstr_w(name), flags, access);
    if (!init_object_attributes(&obj, name, FALSE, sa, OBJ_OPENIF))
        return NULL;
    status = NtCreateMutant(&handle, access, &obj.attr, (flags & CREATE_MUTEX_INITIAL_OWNER) != 0);
    return finish_create(status, handle);
}

WINBASEAPI HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags, DWORD access)
{
    WCHAR *nameW;
    HANDLE ret;

    if (!k32_ansi_name(name, &nameW))
        return NULL;
    ret = CreateMutexExW(sa, nameW, flags, access);
    free(nameW);
    return ret;
}

WINBASEAPI HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES sa, BOOL owner, LPCWSTR name)
{
    return CreateMutexExW(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES sa, BOOL owner, LPCSTR name)
{
    return CreateMutexExA(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI OpenMutexW(DWORD access, BOOL inherit, LPCWSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_w(name));
    return open_named(NtOpenMutant, access, inherit, name);
}

WINBASEAPI HANDLE WINAPI OpenMutexA(DWORD access, BOOL inherit, LPCSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_a(name));
    return open_named_a(NtOpenMutant, access, inherit, name);
}

WINBASEAPI BOOL WINAPI ReleaseMutex(HANDLE mutex)
{
    TRACE("%p\n", mutex);
    return k32_set_ntstatus(NtReleaseMutant(mutex, NULL));
}

/* ---- semaphores ---- */

WINBASEAPI HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCWSTR name,
                                            DWORD flags, DWORD access)
{
    struct k32_object_name obj;
    HANDLE handle = NULL;
    NTSTATUS status;

    TRACE("%p %d %d %s %#x %#x\n", sa, initial, max, debugstr_w(name), flags, access);
    if (!init_object_attributes(&obj, name, FALSE, sa, OBJ_OPENIF))
        return NULL;
    status = NtCreateSemaphore(&handle, access, &obj.attr, initial, max);
    return finish_create(status, handle);
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCSTR name,
                                            DWORD flags, DWORD access)
{
    WCHAR *nameW;
    HANDLE ret;

    if (!k32_ansi_name(name, &nameW))
        return NULL;
    ret = CreateSemaphoreExW(sa, initial, max, nameW, flags, access);
    free(nameW);
    return ret;
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCWSTR name)
{
    return CreateSemaphoreExW(sa, initial, max, name, 0, SEMAPHORE_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCSTR name)
{
    return CreateSemaphoreExA(sa, initial, max, name, 0, SEMAPHORE_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreW(DWORD access, BOOL inherit, LPCWSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_w(name));
    return open_named(NtOpenSemaphore, access, inherit, name);
}

WINBASEAPI HANDLE WINAPI OpenSemaphoreA(DWORD access, BOOL inherit, LPCSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_a(name));
    return open_named_a(NtOpenSemaphore, access, inherit, name);
}

WINBASEAPI BOOL WINAPI ReleaseSemaphore(HANDLE semaphore, LONG count, LPLONG prev_count)
{
    TRACE("%p %d %p\n", semaphore, count, prev_count);
    return k32_set_ntstatus(NtReleaseSemaphore(semaphore, (ULONG)count, (ULONG *)prev_count));
}

/* ---- waits ---- */

/* The console's std handle values are accepted by the wait functions, as on Windows. */
static HANDLE normalize_handle(HANDLE handle)
{
    switch ((DWORD)(ULONG_PTR)handle) {
    case STD_INPUT_HANDLE:
    case STD_OUTPUT_HANDLE:
    case STD_ERROR_HANDLE:
        if ((LONG_PTR)handle < 0)
            return GetStdHandle((DWORD)(ULONG_PTR)handle);
    }
    return handle;
}

LARGE_INTEGER *k32_timeout(LARGE_INTEGER *buf, DWORD ms)
{
    if (ms == INFINITE)
        return NULL;
    buf->QuadPart = (LONGLONG)ms * -10000;
    return buf;
}

static DWORD wait_result(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return (DWORD)status; /* WAIT_OBJECT_0 + i, WAIT_ABANDONED_0 + i, WAIT_TIMEOUT, WAIT_IO_COMPLETION */
    SetLastError(RtlNtStatusToDosError(status));
    return WAIT_FAILED;
}

WINBASEAPI DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL wait_all,
                                                 DWORD timeout, BOOL alertable)
{
    HANDLE local[MAXIMUM_WAIT_OBJECTS];
    LARGE_INTEGER buf;

    TRACE("%u %p %d %u %d\n", count, handles, wait_all, timeout, alertable);
    if (!count || count > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    for (DWORD i = 0; i < count; i++)
        local[i] = normalize_handle(handles[i]);
    return wait_result(NtWaitForMultipleObjects(count, local, wait_all ? WaitAll : WaitAny, alertable != 0,
                                                k32_timeout(&buf, timeout)));
}

WINBASEAPI DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL wait_all,
                                               DWORD timeout)
{
    return WaitForMultipleObjectsEx(count, handles, wait_all, timeout, FALSE);
}

WINBASEAPI DWORD WINAPI WaitForSingleObjectEx(HANDLE handle, DWORD timeout, BOOL alertable)
{
    LARGE_INTEGER buf;

    TRACE("%p %u %d\n", handle, timeout, alertable);
    return wait_result(
        NtWaitForSingleObject(normalize_handle(handle), alertable != 0, k32_timeout(&buf, timeout)));
}

WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE handle, DWORD timeout)
{
    return WaitForSingleObjectEx(handle, timeout, FALSE);
}

WINBASEAPI DWORD WINAPI SignalObjectAndWait(HANDLE signal, HANDLE wait, DWORD timeout, BOOL alertable)
{
    LARGE_INTEGER buf;

    TRACE("%p %p %u %d\n", signal, wait, timeout, alertable);
    return wait_result(NtSignalAndWaitForSingleObject(normalize_handle(signal), normalize_handle(wait),
                                                      alertable != 0, k32_timeout(&buf, timeout)));
}

/* ---- waitable timers ---- */

WINBASEAPI HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags,
                                                DWORD access)
{
    struct k32_object_name obj;
    HANDLE handle = NULL;
    NTSTATUS status;

    TRACE("%p %s %#x %#x\n", sa, debugstr_w(name), flags, access);
    if (!init_object_attributes(&obj, name, FALSE, sa, OBJ_OPENIF))
        return NULL;
    status = NtCreateTimer(&handle, access, &obj.attr,
                           (flags & CREATE_WAITABLE_TIMER_MANUAL_RESET) ? NotificationTimer
                                                                        : SynchronizationTimer);
    return finish_create(status, handle);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags,
                                                DWORD access)
{
    WCHAR *nameW;
    HANDLE ret;

    if (!k32_ansi_name(name, &nameW))
        return NULL;
    ret = CreateWaitableTimerExW(sa, nameW, flags, access);
    free(nameW);
    return ret;
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, LPCWSTR name)
{
    return CreateWaitableTimerExW(sa, name, manual_reset ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0,
                                  TIMER_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, LPCSTR name)
{
    return CreateWaitableTimerExA(sa, name, manual_reset ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0,
                                  TIMER_ALL_ACCESS);
}

WINBASEAPI HANDLE WINAPI OpenWaitableTimerW(DWORD access, BOOL inherit, LPCWSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_w(name));
    return open_named(NtOpenTimer, access, inherit, name);
}

WINBASEAPI HANDLE WINAPI OpenWaitableTimerA(DWORD access, BOOL inherit, LPCSTR name)
{
    TRACE("%#x %d %s\n", access, inherit, debugstr_a(name));
    return open_named_a(NtOpenTimer, access, inherit, name);
}

WINBASEAPI BOOL WINAPI SetWaitableTimerEx(HANDLE timer, const LARGE_INTEGER *due, LONG period,
                                          PTIMERAPCROUTINE routine, LPVOID arg, PREASON_CONTEXT context,
                                          ULONG tolerable_delay)
{
    NTSTATUS status;

    TRACE("%p %p %d %p %p %p %u\n", timer, due, period, routine, arg, context, tolerable_delay);
    status = NtSetTimer(timer, due, (PTIMER_APC_ROUTINE)routine, arg, FALSE, period, NULL);
    return k32_set_ntstatus(status);
}

WINBASEAPI BOOL WINAPI SetWaitableTimer(HANDLE timer, const LARGE_INTEGER *due, LONG period,
                                        PTIMERAPCROUTINE routine, LPVOID arg, BOOL resume)
{
    NTSTATUS status;

    TRACE("%p %p %d %p %p %d\n", timer, due, period, routine, arg, resume);
    status = NtSetTimer(timer, due, (PTIMER_APC_ROUTINE)routine, arg, resume != 0, period, NULL);
    /* "If the system does not support resume, ... GetLastError returns ERROR_NOT_SUPPORTED" (success) */
    if (status == STATUS_TIMER_RESUME_IGNORED) {
        SetLastError(ERROR_NOT_SUPPORTED);
        return TRUE;
    }
    return k32_set_ntstatus(status);
}

WINBASEAPI BOOL WINAPI CancelWaitableTimer(HANDLE timer)
{
    TRACE("%p\n", timer);
    return k32_set_ntstatus(NtCancelTimer(timer, NULL));
}

/* ---- user APCs (processthreadsapi.h; they only run in alertable waits) ---- */

WINBASEAPI DWORD WINAPI QueueUserAPC(PAPCFUNC func, HANDLE thread, ULONG_PTR data)
{
    TRACE("%p %p %#lx\n", func, thread, (unsigned long)data);
    /* the function takes one argument; the two more the NT call passes are ignored by it */
    return k32_set_ntstatus(NtQueueApcThread(thread, (PNTAPCFUNC)(void *)func, data, 0, 0));
}
