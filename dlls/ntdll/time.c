/*
 * Time (ntdll): system time in 100 ns units since 1601-01-01 UTC, the performance counter (10 MHz over
 * CLOCK_MONOTONIC, like Windows 10's QueryPerformanceFrequency), sleeping, and calendar conversions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(time);

#define TICKS_PER_SEC 10000000LL
#define TICKS_PER_MSEC 10000LL
#define SECS_1601_TO_1970 11644473600LL
#define TICKS_1601_TO_1970 (SECS_1601_TO_1970 * TICKS_PER_SEC)
#define SECS_PER_DAY 86400LL
#define DAYS_PER_400_YEARS 146097

static LONGLONG realtime_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * TICKS_PER_SEC + ts.tv_nsec / 100 + TICKS_1601_TO_1970;
}

ULONGLONG ntdll_monotonic_time(void)
{
    struct timespec ts;
    /* CLOCK_BOOTTIME keeps counting during suspend, like Windows' interrupt time */
    if (clock_gettime(CLOCK_BOOTTIME, &ts))
        clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * TICKS_PER_SEC + ts.tv_nsec / 100;
}

NTSTATUS WINAPI NtQuerySystemTime(PLARGE_INTEGER time)
{
    time->QuadPart = realtime_ticks();
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtQueryPerformanceCounter(PLARGE_INTEGER counter, PLARGE_INTEGER frequency)
{
    if (!counter)
        return STATUS_ACCESS_VIOLATION;
    counter->QuadPart = (LONGLONG)ntdll_monotonic_time();
    if (frequency)
        frequency->QuadPart = TICKS_PER_SEC;
    return STATUS_SUCCESS;
}

BOOLEAN WINAPI RtlQueryPerformanceCounter(PLARGE_INTEGER counter)
{
    counter->QuadPart = (LONGLONG)ntdll_monotonic_time();
    return TRUE;
}

BOOLEAN WINAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER frequency)
{
    frequency->QuadPart = TICKS_PER_SEC;
    return TRUE;
}

ULONG WINAPI NtGetTickCount(void)
{
    return (ULONG)(ntdll_monotonic_time() / TICKS_PER_MSEC);
}

NTSTATUS WINAPI NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}

/* A NULL timeout waits forever; negative values are relative, positive ones absolute system times. */
static NTSTATUS delay_execution(BOOLEAN alertable, const LARGE_INTEGER *timeout);

NTSTATUS WINAPI NtDelayExecution(BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    NTSTATUS status = delay_execution(alertable, timeout);
    user_shared_data_refresh(); /* a single-threaded program polling the shared page sees time pass */
    return status;
}

static NTSTATUS delay_execution(BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    /* an alertable sleep must be woken by user APCs, which the server queues: wait there */
    if (alertable)
        return sync_delay(alertable, timeout);
    if (!timeout) {
        for (;;)
            pause();
    }
    LONGLONG ticks = timeout->QuadPart;
    if (ticks > 0)
        ticks = realtime_ticks() - ticks; /* absolute: turn into a (negative) relative delay */
    if (ticks >= 0) {
        sched_yield();
        return STATUS_SUCCESS;
    }
    ticks = -ticks;
    struct timespec ts = {ticks / TICKS_PER_SEC, (ticks % TICKS_PER_SEC) * 100};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
    return STATUS_SUCCESS;
}

/* ---- calendar ---- */

static int is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static const int month_days[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

void WINAPI RtlTimeToTimeFields(const LARGE_INTEGER *time, PTIME_FIELDS fields)
{
    LONGLONG ticks = time->QuadPart;
    LONGLONG secs = ticks / TICKS_PER_SEC;
    LONGLONG days = secs / SECS_PER_DAY;
    int rem = (int)(secs % SECS_PER_DAY);

    fields->Milliseconds = (SHORT)((ticks % TICKS_PER_SEC) / TICKS_PER_MSEC);
    fields->Hour = (SHORT)(rem / 3600);
    fields->Minute = (SHORT)(rem % 3600 / 60);
    fields->Second = (SHORT)(rem % 60);
    fields->Weekday = (SHORT)((days + 1) % 7); /* 1601-01-01 was a Monday */

    /* days since 1601-01-01: whole 400-year cycles, then centuries, 4-year groups and years */
    LONGLONG cycles = days / DAYS_PER_400_YEARS;
    int d = (int)(days % DAYS_PER_400_YEARS);
    int centuries = d / 36524;
    if (centuries == 4)
        centuries = 3;
    d -= centuries * 36524;
    int quads = d / 1461;
    d -= quads * 1461;
    int years = d / 365;
    if (years == 4)
        years = 3;
    d -= years * 365;
    int year = 1601 + (int)cycles * 400 + centuries * 100 + quads * 4 + years;
    const int *md = month_days[is_leap(year)];
    int month = 0;
    while (d >= md[month])
        d -= md[month++];
    fields->Year = (SHORT)year;
    fields->Month = (SHORT)(month + 1);
    fields->Day = (SHORT)(d + 1);
}

BOOLEAN WINAPI RtlTimeFieldsToTime(PTIME_FIELDS fields, PLARGE_INTEGER time)
{
    int year = fields->Year, month = fields->Month;
    if (year < 1601 || month < 1 || month > 12 || fields->Day < 1 ||
        fields->Day > month_days[is_leap(year)][month - 1] || fields->Hour < 0 || fields->Hour > 23 ||
        fields->Minute < 0 || fields->Minute > 59 || fields->Second < 0 || fields->Second > 59 ||
        fields->Milliseconds < 0 || fields->Milliseconds > 999)
        return FALSE;

    int y = year - 1601;
    LONGLONG days = (LONGLONG)y * 365 + y / 4 - y / 100 + y / 400;
    for (int m = 0; m < month - 1; m++)
        days += month_days[is_leap(year)][m];
    days += fields->Day - 1;
    LONGLONG secs = days * SECS_PER_DAY + fields->Hour * 3600 + fields->Minute * 60 + fields->Second;
    time->QuadPart = secs * TICKS_PER_SEC + fields->Milliseconds * TICKS_PER_MSEC;
    return TRUE;
}

BOOLEAN WINAPI RtlTimeToSecondsSince1970(const LARGE_INTEGER *time, PULONG seconds)
{
    LONGLONG secs = time->QuadPart / TICKS_PER_SEC - SECS_1601_TO_1970;
    if (secs < 0 || secs > 0xffffffffLL)
        return FALSE;
    *seconds = (ULONG)secs;
    return TRUE;
}

void WINAPI RtlSecondsSince1970ToTime(ULONG seconds, PLARGE_INTEGER time)
{
    time->QuadPart = (LONGLONG)seconds * TICKS_PER_SEC + TICKS_1601_TO_1970;
}

/* The host's time zone rules decide the bias (the registry's time zone is not consulted yet). */
static LONGLONG local_bias_ticks(LONGLONG utc_ticks)
{
    time_t t = (time_t)(utc_ticks / TICKS_PER_SEC - SECS_1601_TO_1970);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return (LONGLONG)tm.tm_gmtoff * TICKS_PER_SEC;
}

NTSTATUS WINAPI RtlSystemTimeToLocalTime(const LARGE_INTEGER *system, PLARGE_INTEGER local)
{
    local->QuadPart = system->QuadPart + local_bias_ticks(system->QuadPart);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlLocalTimeToSystemTime(const LARGE_INTEGER *local, PLARGE_INTEGER system)
{
    /* the bias depends on the UTC instant: guess with the local time, then correct once */
    LONGLONG guess = local->QuadPart - local_bias_ticks(local->QuadPart);
    system->QuadPart = local->QuadPart - local_bias_ticks(guess);
    return STATUS_SUCCESS;
}
