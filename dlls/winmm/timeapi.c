/*
 * Multimedia timer resolution (timeapi.h). Linux timers and sleeps already have sub-millisecond
 * resolution, so a resolution request changes nothing; the calls still validate their argument and
 * report the range Windows 10 reports.
 */
#include <windows.h>
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(winmm);

#define TIMERR_NOERROR 0
#define TIMERR_NOCANDO 97

/* Reported as Windows 10 does: 1 ms to 1,000,000 ms. */
#define PERIOD_MIN 1
#define PERIOD_MAX 1000000

typedef struct timecaps_tag {
    UINT wPeriodMin;
    UINT wPeriodMax;
} TIMECAPS, *LPTIMECAPS;

DECLSPEC_EXPORT UINT WINAPI timeGetDevCaps(LPTIMECAPS caps, UINT size)
{
    TRACE("%p %u\n", caps, size);
    if (!caps || size < sizeof(TIMECAPS))
        return TIMERR_NOCANDO;
    caps->wPeriodMin = PERIOD_MIN;
    caps->wPeriodMax = PERIOD_MAX;
    return TIMERR_NOERROR;
}

DECLSPEC_EXPORT UINT WINAPI timeBeginPeriod(UINT period)
{
    TRACE("%u\n", period);
    if (period < PERIOD_MIN || period > PERIOD_MAX)
        return TIMERR_NOCANDO;
    return TIMERR_NOERROR;
}

DECLSPEC_EXPORT UINT WINAPI timeEndPeriod(UINT period)
{
    TRACE("%u\n", period);
    if (period < PERIOD_MIN || period > PERIOD_MAX)
        return TIMERR_NOCANDO;
    return TIMERR_NOERROR;
}

/* Milliseconds since the system started, wrapping every 49.7 days. */
DECLSPEC_EXPORT DWORD WINAPI timeGetTime(void)
{
    return (DWORD)GetTickCount64();
}
