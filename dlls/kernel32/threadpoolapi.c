/*
 * Thread pool, timer queue and registered wait entry points (kernel32 side). The pool lives in ntdll's
 * threadpool.c; functions whose signature matches an ntdll export are spec forwards, the ones here turn
 * NTSTATUS into the Win32 return conventions.
 */
#include "kernel32_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(threadpool);

WINBASEAPI BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE function, PVOID context, ULONG flags)
{
    /* the DWORD result of a LPTHREAD_START_ROUTINE is ignored: same call, different prototype */
    return k32_ok_or_set_error(RtlQueueWorkItem((PRTL_WORK_ITEM_ROUTINE)(void *)function, context, flags));
}

WINBASEAPI PTP_POOL WINAPI CreateThreadpool(PVOID reserved)
{
    TP_POOL *pool;
    return k32_ok_or_set_error(TpAllocPool(&pool, reserved)) ? pool : NULL;
}

WINBASEAPI PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK callback, PVOID userdata,
                                                PTP_CALLBACK_ENVIRON environment)
{
    TP_WORK *work;
    return k32_ok_or_set_error(TpAllocWork(&work, callback, userdata, environment)) ? work : NULL;
}

WINBASEAPI BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK callback, PVOID userdata,
                                                   PTP_CALLBACK_ENVIRON environment)
{
    return k32_ok_or_set_error(TpSimpleTryPost(callback, userdata, environment));
}

WINBASEAPI PTP_TIMER WINAPI CreateThreadpoolTimer(PTP_TIMER_CALLBACK callback, PVOID userdata,
                                                  PTP_CALLBACK_ENVIRON environment)
{
    TP_TIMER *timer;
    return k32_ok_or_set_error(TpAllocTimer(&timer, callback, userdata, environment)) ? timer : NULL;
}

/* "Returns TRUE if the timer was previously set and was canceled; otherwise returns FALSE." */
WINBASEAPI BOOL WINAPI SetThreadpoolTimerEx(PTP_TIMER timer, PFILETIME due, DWORD period, DWORD window)
{
    BOOL was_set = TpIsTimerSet(timer);
    TpSetTimer(timer, (LARGE_INTEGER *)due, period, window);
    return was_set;
}

WINBASEAPI PTP_WAIT WINAPI CreateThreadpoolWait(PTP_WAIT_CALLBACK callback, PVOID userdata,
                                                PTP_CALLBACK_ENVIRON environment)
{
    TP_WAIT *wait;
    return k32_ok_or_set_error(TpAllocWait(&wait, callback, userdata, environment)) ? wait : NULL;
}

WINBASEAPI PTP_CLEANUP_GROUP WINAPI CreateThreadpoolCleanupGroup(void)
{
    TP_CLEANUP_GROUP *group;
    return k32_ok_or_set_error(TpAllocCleanupGroup(&group)) ? group : NULL;
}

WINBASEAPI BOOL WINAPI CallbackMayRunLong(PTP_CALLBACK_INSTANCE instance)
{
    return k32_ok_or_set_error(TpCallbackMayRunLong(instance));
}

WINBASEAPI HANDLE WINAPI CreateTimerQueue(void)
{
    HANDLE queue;
    return k32_ok_or_set_error(RtlCreateTimerQueue(&queue)) ? queue : NULL;
}

WINBASEAPI BOOL WINAPI CreateTimerQueueTimer(PHANDLE timer, HANDLE queue, WAITORTIMERCALLBACK callback,
                                             PVOID param, DWORD due, DWORD period, ULONG flags)
{
    return k32_ok_or_set_error(RtlCreateTimer(queue, timer, callback, param, due, period, flags));
}

WINBASEAPI BOOL WINAPI ChangeTimerQueueTimer(HANDLE queue, HANDLE timer, ULONG due, ULONG period)
{
    return k32_ok_or_set_error(RtlUpdateTimer(queue, timer, due, period));
}

/* STATUS_PENDING (callbacks still running) becomes FALSE with ERROR_IO_PENDING, as documented. */
WINBASEAPI BOOL WINAPI DeleteTimerQueueTimer(HANDLE queue, HANDLE timer, HANDLE event)
{
    return k32_ok_or_set_error(RtlDeleteTimer(queue, timer, event));
}

WINBASEAPI BOOL WINAPI DeleteTimerQueueEx(HANDLE queue, HANDLE event)
{
    return k32_ok_or_set_error(RtlDeleteTimerQueueEx(queue, event));
}

WINBASEAPI BOOL WINAPI DeleteTimerQueue(HANDLE queue)
{
    return DeleteTimerQueueEx(queue, NULL);
}

WINBASEAPI BOOL WINAPI RegisterWaitForSingleObject(PHANDLE out, HANDLE object, WAITORTIMERCALLBACK callback,
                                                   PVOID context, ULONG timeout, ULONG flags)
{
    return k32_ok_or_set_error(RtlRegisterWait(out, object, callback, context, timeout, flags));
}

WINBASEAPI BOOL WINAPI UnregisterWait(HANDLE wait)
{
    return k32_ok_or_set_error(RtlDeregisterWaitEx(wait, NULL));
}

WINBASEAPI BOOL WINAPI UnregisterWaitEx(HANDLE wait, HANDLE event)
{
    return k32_ok_or_set_error(RtlDeregisterWaitEx(wait, event));
}
