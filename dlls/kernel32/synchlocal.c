/*
 * Process-local synchronization (synchapi.h, interlockedapi.h) that needs a Win32 wrapper around ntdll:
 * condition variable sleeps, one-time initialisation and wait-on-address. SRW locks and SLists are
 * forwarded to ntdll directly in kernel32.spec.
 */
#include "kernel32_private.h"

WINBASEAPI BOOL WINAPI SleepConditionVariableCS(CONDITION_VARIABLE *cv, CRITICAL_SECTION *crit, DWORD ms)
{
    LARGE_INTEGER li;
    return k32_ok_or_set_error(RtlSleepConditionVariableCS(cv, crit, k32_timeout(&li, ms)));
}

WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *lock, DWORD ms, ULONG flags)
{
    LARGE_INTEGER li;
    return k32_ok_or_set_error(RtlSleepConditionVariableSRW(cv, lock, k32_timeout(&li, ms), flags));
}

WINBASEAPI BOOL WINAPI InitOnceBeginInitialize(INIT_ONCE *once, DWORD flags, BOOL *pending, void **context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, flags, context);
    if (status >= 0) {
        *pending = (status == STATUS_PENDING);
        return TRUE;
    }
    SetLastError(RtlNtStatusToDosError(status));
    return FALSE;
}

WINBASEAPI BOOL WINAPI InitOnceComplete(INIT_ONCE *once, DWORD flags, void *context)
{
    return k32_ok_or_set_error(RtlRunOnceComplete(once, flags, context));
}

WINBASEAPI BOOL WINAPI InitOnceExecuteOnce(INIT_ONCE *once, PINIT_ONCE_FN func, void *param, void **context)
{
    return RtlRunOnceExecuteOnce(once, (PRTL_RUN_ONCE_INIT_FN)func, param, context) == STATUS_SUCCESS;
}

WINBASEAPI BOOL WINAPI WaitOnAddress(volatile void *addr, void *cmp, SIZE_T size, DWORD ms)
{
    LARGE_INTEGER li;
    return k32_ok_or_set_error(RtlWaitOnAddress((const void *)addr, cmp, size, k32_timeout(&li, ms)));
}
