/*
 * Performance counter (kernel32): a 10 MHz counter, as on Windows 10.
 */
#include <time.h>

#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(time);

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *counter)
{
    counter->QuadPart = (LONGLONG)ntdll_monotonic_time();
    return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *frequency)
{
    frequency->QuadPart = 10000000;
    return TRUE;
}

/* Interrupt time without the time spent suspended, in 100 ns units (realtimeapiset.h). */
BOOL WINAPI QueryUnbiasedInterruptTime(PULONGLONG time)
{
    struct timespec ts;
    if (!time) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    *time = (ULONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
    return TRUE;
}
