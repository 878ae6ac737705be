/*
 * Multimedia timer resolution (timeapi.h): timeGetDevCaps, timeBeginPeriod/timeEndPeriod argument
 * checks, timeGetTime against GetTickCount.
 */
#include "test.h"
#include <mmsystem.h>

START_TEST(timeapi)
{
    TIMECAPS caps;
    DWORD t1, t2, tick;

    memset(&caps, 0xcc, sizeof(caps));
    ok(timeGetDevCaps(&caps, sizeof(caps)) == TIMERR_NOERROR, "timeGetDevCaps failed\n");
    ok(caps.wPeriodMin >= 1 && caps.wPeriodMin <= 16, "wPeriodMin %u\n", caps.wPeriodMin);
    ok(caps.wPeriodMax >= caps.wPeriodMin, "wPeriodMax %u\n", caps.wPeriodMax);
    ok(timeGetDevCaps(NULL, sizeof(caps)) == TIMERR_NOCANDO, "NULL caps accepted\n");
    ok(timeGetDevCaps(&caps, 2) == TIMERR_NOCANDO, "short caps accepted\n");

    ok(timeBeginPeriod(1) == TIMERR_NOERROR, "timeBeginPeriod(1) failed\n");
    ok(timeEndPeriod(1) == TIMERR_NOERROR, "timeEndPeriod(1) failed\n");
    ok(timeBeginPeriod(0) == TIMERR_NOCANDO, "timeBeginPeriod(0) accepted\n");
    ok(timeEndPeriod(0) == TIMERR_NOCANDO, "timeEndPeriod(0) accepted\n");
    ok(timeBeginPeriod(caps.wPeriodMax + 1) == TIMERR_NOCANDO || caps.wPeriodMax == 0xffffffff,
       "period above the maximum accepted\n");

    /* Milliseconds since boot, the clock GetTickCount reads. */
    t1 = timeGetTime();
    tick = GetTickCount();
    ok((LONG)(tick - t1) < 100 && (LONG)(t1 - tick) < 100, "timeGetTime %lu, GetTickCount %lu\n", t1, tick);
    Sleep(50);
    t2 = timeGetTime();
    ok(t2 - t1 >= 40 && t2 - t1 < 2000, "50 ms sleep measured as %lu ms\n", t2 - t1);
}
