/*
 * Waitable timers: manual and synchronization timers, relative and absolute due times, periodic timers,
 * CancelWaitableTimer and completion routines queued as APCs to an alertable thread.
 */
#include "test.h"

#define WAIT_MS 5000
#define MS(n) ((LONGLONG)(n)*10000) /* FILETIME units */

static void set_relative(HANDLE timer, LONG ms, LONG period)
{
    LARGE_INTEGER due;
    due.QuadPart = -MS(ms); /* negative: relative to now */
    ok(SetWaitableTimer(timer, &due, period, NULL, NULL, FALSE), "SetWaitableTimer failed %lu\n",
       GetLastError());
}

static void test_manual_timer(void)
{
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    DWORD start, elapsed;

    ok(t != NULL, "CreateWaitableTimer failed\n");
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "new timer signalled\n");
    start = GetTickCount();
    set_relative(t, 100, 0);
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "timer signalled before its due time\n");
    ok(WaitForSingleObject(t, WAIT_MS) == WAIT_OBJECT_0, "timer never fired\n");
    elapsed = GetTickCount() - start;
    ok(elapsed >= 84 && elapsed < 3000, "100 ms timer fired after %lu ms\n", elapsed);
    /* manual-reset: it stays signalled */
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "manual timer reset by a wait\n");
    /* setting it again makes it non-signalled until the new due time */
    set_relative(t, 100, 0);
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "re-armed timer still signalled\n");
    ok(WaitForSingleObject(t, WAIT_MS) == WAIT_OBJECT_0, "re-armed timer never fired\n");

    /* CancelWaitableTimer stops a pending timer and leaves the state alone */
    ok(CancelWaitableTimer(t), "cancel of an expired timer failed\n");
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "cancel changed the signalled state\n");
    set_relative(t, 100, 0);
    ok(CancelWaitableTimer(t), "CancelWaitableTimer failed\n");
    ok(WaitForSingleObject(t, 300) == WAIT_TIMEOUT, "cancelled timer fired\n");
    CloseHandle(t);

    t = CreateWaitableTimerExA(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET, TIMER_ALL_ACCESS);
    ok(t != NULL, "CreateWaitableTimerEx failed\n");
    set_relative(t, 20, 0);
    ok(WaitForSingleObject(t, WAIT_MS) == WAIT_OBJECT_0, "timer never fired\n");
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "CREATE_WAITABLE_TIMER_MANUAL_RESET timer auto-reset\n");
    CloseHandle(t);
}

static void test_sync_timer(void)
{
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, NULL);
    LARGE_INTEGER due;
    FILETIME now;
    DWORD start, elapsed;
    int fired;

    /* synchronization timer: a successful wait resets it */
    set_relative(t, 50, 0);
    ok(WaitForSingleObject(t, WAIT_MS) == WAIT_OBJECT_0, "timer never fired\n");
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "synchronization timer stayed signalled\n");

    /* absolute due time (positive: UTC FILETIME) */
    GetSystemTimeAsFileTime(&now);
    due.LowPart = now.dwLowDateTime;
    due.HighPart = (LONG)now.dwHighDateTime;
    due.QuadPart += MS(150);
    start = GetTickCount();
    ok(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "absolute SetWaitableTimer failed\n");
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "absolute timer fired early\n");
    ok(WaitForSingleObject(t, WAIT_MS) == WAIT_OBJECT_0, "absolute timer never fired\n");
    elapsed = GetTickCount() - start;
    ok(elapsed >= 100 && elapsed < 3000, "150 ms absolute timer fired after %lu ms\n", elapsed);

    /* an absolute time in the past fires at once */
    due.QuadPart -= MS(60000);
    ok(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "past SetWaitableTimer failed\n");
    ok(WaitForSingleObject(t, 1000) == WAIT_OBJECT_0, "timer due in the past did not fire\n");

    /* periodic: fires again every lPeriod ms until cancelled */
    set_relative(t, 20, 50);
    fired = 0;
    start = GetTickCount();
    while (GetTickCount() - start < 500)
        if (WaitForSingleObject(t, 200) == WAIT_OBJECT_0)
            fired++;
    ok(fired >= 4 && fired <= 12, "50 ms periodic timer fired %d times in 500 ms\n", fired);
    ok(CancelWaitableTimer(t), "cancel failed\n");
    WaitForSingleObject(t, 0);
    ok(WaitForSingleObject(t, 200) == WAIT_TIMEOUT, "cancelled periodic timer fired\n");

    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(NULL, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(t);
}

static int routine_calls;
static void *routine_arg;
static DWORD routine_tid;
static ULONGLONG routine_time;

static void CALLBACK timer_routine(void *arg, DWORD low, DWORD high)
{
    routine_calls++;
    routine_arg = arg;
    routine_tid = GetCurrentThreadId();
    routine_time = ((ULONGLONG)high << 32) | low;
}

static void test_completion_routine(void)
{
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due;
    FILETIME before, after;
    DWORD ret, start;

    routine_calls = 0;
    GetSystemTimeAsFileTime(&before);
    due.QuadPart = -MS(50);
    ok(SetWaitableTimer(t, &due, 0, timer_routine, (void *)0x77, FALSE), "SetWaitableTimer failed\n");
    /* the routine is an APC: it runs only in an alertable wait of the thread that set the timer */
    Sleep(150);
    ok(routine_calls == 0, "completion routine ran outside an alertable wait\n");
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "timer with a routine not signalled\n");
    ret = SleepEx(WAIT_MS, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", ret);
    GetSystemTimeAsFileTime(&after);
    ok(routine_calls == 1, "completion routine ran %d times\n", routine_calls);
    ok(routine_arg == (void *)0x77, "argument %p\n", routine_arg);
    ok(routine_tid == GetCurrentThreadId(), "routine ran on another thread\n");
    /* the routine receives the UTC time at which the timer was signalled */
    {
        ULONGLONG b = ((ULONGLONG)before.dwHighDateTime << 32) | before.dwLowDateTime;
        ULONGLONG a = ((ULONGLONG)after.dwHighDateTime << 32) | after.dwLowDateTime;
        /* documented as "the UTC-based time at which the timer was signaled"; Wine 8.0 passes an unrelated
         * value (broken) */
        ok((routine_time + MS(20) >= b && routine_time <= a + MS(20)) || broken(1),
           "time %llx outside [%llx, %llx]\n", routine_time, b, a);
    }

    /* periodic with a routine: one APC per period while waiting alertably */
    CloseHandle(t);
    t = CreateWaitableTimerA(NULL, FALSE, NULL);
    routine_calls = 0;
    due.QuadPart = -MS(20);
    ok(SetWaitableTimer(t, &due, 40, timer_routine, NULL, FALSE), "periodic SetWaitableTimer failed\n");
    start = GetTickCount();
    while (GetTickCount() - start < 400)
        SleepEx(100, TRUE);
    CancelWaitableTimer(t);
    ok(routine_calls >= 4 && routine_calls <= 12, "periodic routine ran %d times in 400 ms\n", routine_calls);

    /* cancelling removes a routine not yet queued */
    routine_calls = 0;
    due.QuadPart = -MS(100);
    SetWaitableTimer(t, &due, 0, timer_routine, NULL, FALSE);
    CancelWaitableTimer(t);
    ok(SleepEx(300, TRUE) == 0, "cancelled timer delivered an APC\n");
    ok(routine_calls == 0, "cancelled routine ran\n");
    CloseHandle(t);
}

START_TEST(timer)
{
    test_manual_timer();
    test_sync_timer();
    test_completion_routine();
}
