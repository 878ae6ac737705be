/*
 * Process-local synchronization (synchapi.h, interlockedapi.h) that needs a Win32 wrapper around ntdll:
 * condition variable sleeps, one-time initialisation and wait-on-address. SRW locks and SLists are
 * forwarded to ntdll directly in kernel32.spec.
 */
#include <windows.h>
#include <winternl.h>

static LARGE_INTEGER *timeout_from_ms(LARGE_INTEGER *li, DWORD ms)
{
    if (ms == INFINITE)
        return NULL;
    li->QuadPart = -(LONGLONG)ms * 10000;
    return li;
}

WINBASEAPI BOOL WINAPI SleepConditionVariableCS(CONDITION_VARIABLE *cv, CRITICAL_SECTION *crit, DWORD ms)
{
    LARGE_INTEGER li;
    NTSTATUS status = RtlSleepConditionVariableCS(cv, crit, timeout_from_ms(&li, ms));
    if (status != STATUS_SUCCESS) {
        SetLastError(RtlNtStatusToDosError(status));
        return FALSE;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *lock, DWORD ms, ULONG flags)
{
    LARGE_INTEGER li;
    NTSTATUS status = RtlSleepConditionVariableSRW(cv, lock, timeout_from_ms(&li, ms), flags);
    if (status != STATUS_SUCCESS) {
        SetLastError(RtlNtStatusToDosError(status));
        return FALSE;
    }
    return TRUE;
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
    NTSTATUS status = RtlRunOnceComplete(once, flags, context);
    if (status != STATUS_SUCCESS) {
        SetLastError(RtlNtStatusToDosError(status));
        return FALSE;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI InitOnceExecuteOnce(INIT_ONCE *once, PINIT_ONCE_FN func, void *param, void **context)
{
    return RtlRunOnceExecuteOnce(once, (PRTL_RUN_ONCE_INIT_FN)func, param, context) == STATUS_SUCCESS;
}

WINBASEAPI BOOL WINAPI WaitOnAddress(volatile void *addr, void *cmp, SIZE_T size, DWORD ms)
{
    LARGE_INTEGER li;
    NTSTATUS status = RtlWaitOnAddress((const void *)addr, cmp, size, timeout_from_ms(&li, ms));
    if (status != STATUS_SUCCESS) {
        SetLastError(RtlNtStatusToDosError(status));
        return FALSE;
    }
    return TRUE;
}
