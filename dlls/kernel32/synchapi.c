/*
 * Critical sections and Sleep (kernel32). Enter/TryEnter/Leave/Delete are forwarded to ntdll in the
 * spec; the initialisers are wrapped because their kernel32 return types differ from ntdll's.
 */
#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(sync);

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlInitializeCriticalSection(crit);
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return !RtlInitializeCriticalSectionAndSpinCount(crit, spin);
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION crit, DWORD spin, DWORD flags)
{
    return k32_ok_or_set_error(RtlInitializeCriticalSectionEx(crit, spin, flags));
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return RtlSetCriticalSectionSpinCount(crit, spin);
}

DWORD WINAPI SleepEx(DWORD ms, BOOL alertable)
{
    LARGE_INTEGER timeout;
    NTSTATUS status;

    status = NtDelayExecution(alertable ? TRUE : FALSE, k32_timeout(&timeout, ms));
    /* documented: WAIT_IO_COMPLETION when the wait ended because APCs ran, else zero */
    return status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

void WINAPI Sleep(DWORD ms)
{
    SleepEx(ms, FALSE);
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlEnterCriticalSection(crit);
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION crit)
{
    return RtlTryEnterCriticalSection(crit);
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlLeaveCriticalSection(crit);
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlDeleteCriticalSection(crit);
}
