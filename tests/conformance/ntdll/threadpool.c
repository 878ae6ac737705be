/*
 * ntdll's thread pool (Tp*) and the Rtl timer queue / work item / registered wait functions, reached
 * through GetProcAddress since the SDK does not declare them.
 */
#define _WIN32_WINNT 0x0A00
#include "test.h"

#define WAIT_MS 5000

typedef LONG NTSTATUS_T;
static NTSTATUS_T(WINAPI *pTpAllocPool)(TP_POOL **, void *);
static void(WINAPI *pTpReleasePool)(TP_POOL *);
static void(WINAPI *pTpSetPoolMaxThreads)(TP_POOL *, DWORD);
static BOOL(WINAPI *pTpSetPoolMinThreads)(TP_POOL *, DWORD);
static NTSTATUS_T(WINAPI *pTpAllocWork)(TP_WORK **, PTP_WORK_CALLBACK, void *, TP_CALLBACK_ENVIRON *);
static void(WINAPI *pTpPostWork)(TP_WORK *);
static void(WINAPI *pTpReleaseWork)(TP_WORK *);
static void(WINAPI *pTpWaitForWork)(TP_WORK *, BOOL);
static NTSTATUS_T(WINAPI *pTpSimpleTryPost)(PTP_SIMPLE_CALLBACK, void *, TP_CALLBACK_ENVIRON *);
static NTSTATUS_T(WINAPI *pTpAllocTimer)(TP_TIMER **, PTP_TIMER_CALLBACK, void *, TP_CALLBACK_ENVIRON *);
static void(WINAPI *pTpSetTimer)(TP_TIMER *, LARGE_INTEGER *, LONG, LONG);
static BOOL(WINAPI *pTpIsTimerSet)(TP_TIMER *);
static void(WINAPI *pTpReleaseTimer)(TP_TIMER *);
static void(WINAPI *pTpWaitForTimer)(TP_TIMER *, BOOL);
static NTSTATUS_T(WINAPI *pTpAllocWait)(TP_WAIT **, PTP_WAIT_CALLBACK, void *, TP_CALLBACK_ENVIRON *);
static void(WINAPI *pTpSetWait)(TP_WAIT *, HANDLE, LARGE_INTEGER *);
static void(WINAPI *pTpReleaseWait)(TP_WAIT *);
static void(WINAPI *pTpWaitForWait)(TP_WAIT *, BOOL);
static NTSTATUS_T(WINAPI *pTpAllocCleanupGroup)(TP_CLEANUP_GROUP **);
static void(WINAPI *pTpReleaseCleanupGroupMembers)(TP_CLEANUP_GROUP *, BOOL, void *);
static void(WINAPI *pTpReleaseCleanupGroup)(TP_CLEANUP_GROUP *);
static NTSTATUS_T(WINAPI *pTpCallbackMayRunLong)(TP_CALLBACK_INSTANCE *);
static void(WINAPI *pTpCallbackSetEventOnCompletion)(TP_CALLBACK_INSTANCE *, HANDLE);
static void(WINAPI *pTpDisassociateCallback)(TP_CALLBACK_INSTANCE *);
static NTSTATUS_T(WINAPI *pRtlQueueWorkItem)(void(WINAPI *)(void *), void *, ULONG);
static NTSTATUS_T(WINAPI *pRtlCreateTimerQueue)(HANDLE *);
static NTSTATUS_T(WINAPI *pRtlCreateTimer)(HANDLE, HANDLE *, WAITORTIMERCALLBACK, void *, DWORD, DWORD,
                                           ULONG);
static NTSTATUS_T(WINAPI *pRtlUpdateTimer)(HANDLE, HANDLE, DWORD, DWORD);
static NTSTATUS_T(WINAPI *pRtlDeleteTimer)(HANDLE, HANDLE, HANDLE);
static NTSTATUS_T(WINAPI *pRtlDeleteTimerQueueEx)(HANDLE, HANDLE);
static NTSTATUS_T(WINAPI *pRtlRegisterWait)(HANDLE *, HANDLE, WAITORTIMERCALLBACK, void *, ULONG, ULONG);
static NTSTATUS_T(WINAPI *pRtlDeregisterWaitEx)(HANDLE, HANDLE);

static BOOL init(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
#define GET(name)                                                                                            \
    do {                                                                                                     \
        if (!(p##name = (void *)GetProcAddress(ntdll, #name))) {                                             \
            skip("%s is missing\n", #name);                                                                  \
            return FALSE;                                                                                    \
        }                                                                                                    \
    } while (0)
    GET(TpAllocPool);
    GET(TpReleasePool);
    GET(TpSetPoolMaxThreads);
    GET(TpSetPoolMinThreads);
    GET(TpAllocWork);
    GET(TpPostWork);
    GET(TpReleaseWork);
    GET(TpWaitForWork);
    GET(TpSimpleTryPost);
    GET(TpAllocTimer);
    GET(TpSetTimer);
    GET(TpIsTimerSet);
    GET(TpReleaseTimer);
    GET(TpWaitForTimer);
    GET(TpAllocWait);
    GET(TpSetWait);
    GET(TpReleaseWait);
    GET(TpWaitForWait);
    GET(TpAllocCleanupGroup);
    GET(TpReleaseCleanupGroupMembers);
    GET(TpReleaseCleanupGroup);
    GET(TpCallbackMayRunLong);
    GET(TpCallbackSetEventOnCompletion);
    GET(TpDisassociateCallback);
    GET(RtlQueueWorkItem);
    GET(RtlCreateTimerQueue);
    GET(RtlCreateTimer);
    GET(RtlUpdateTimer);
    GET(RtlDeleteTimer);
    GET(RtlDeleteTimerQueueEx);
    GET(RtlRegisterWait);
    GET(RtlDeregisterWaitEx);
#undef GET
    return TRUE;
}

/* Calls that block by design run on a helper thread bounded by WAIT_MS, so a broken pool fails the test
 * instead of hanging it. */
struct bounded_call {
    int kind;
    void *obj;
    BOOL arg;
    void *arg2;
};

static DWORD WINAPI bounded_thread(void *param)
{
    struct bounded_call *c = param;
    switch (c->kind) {
    case 0:
        pTpWaitForWork(c->obj, c->arg);
        break;
    case 1:
        pTpWaitForTimer(c->obj, c->arg);
        break;
    case 2:
        pTpWaitForWait(c->obj, c->arg);
        break;
    case 3:
        pTpReleaseCleanupGroupMembers(c->obj, c->arg, c->arg2);
        break;
    case 4:
        pTpReleasePool(c->obj);
        break;
    }
    return 0;
}

static void bounded(int kind, void *obj, BOOL arg, void *arg2)
{
    struct bounded_call c = {kind, obj, arg, arg2};
    HANDLE th = CreateThread(NULL, 0, bounded_thread, &c, 0, NULL);
    DWORD ret = WaitForSingleObject(th, WAIT_MS);
    ok(ret == WAIT_OBJECT_0, "blocking call %d did not return within %d ms\n", kind, WAIT_MS);
    if (ret != WAIT_OBJECT_0) {
        TerminateThread(th, 1);
        WaitForSingleObject(th, WAIT_MS);
    }
    CloseHandle(th);
}

/* ---- work objects on a private pool ---- */

static volatile LONG work_calls, work_active, work_max_active;
static volatile DWORD work_tid_first, work_tid_other;

static void CALLBACK serial_work(TP_CALLBACK_INSTANCE *inst, void *context, TP_WORK *work)
{
    LONG active = InterlockedIncrement(&work_active);
    DWORD tid = GetCurrentThreadId();
    if (active > work_max_active)
        work_max_active = active;
    if (!work_tid_first)
        work_tid_first = tid;
    else if (tid != work_tid_first)
        work_tid_other = tid;
    Sleep(10);
    InterlockedDecrement(&work_active);
    InterlockedIncrement(&work_calls);
}

static void CALLBACK parallel_work(TP_CALLBACK_INSTANCE *inst, void *context, TP_WORK *work)
{
    LONG active = InterlockedIncrement(&work_active);
    if (active > work_max_active)
        work_max_active = active;
    /* rendezvous: wait (bounded) until a second callback runs alongside */
    for (int i = 0; i < 200 && work_max_active < 2; i++)
        Sleep(5);
    InterlockedDecrement(&work_active);
    InterlockedIncrement(&work_calls);
}

static volatile NTSTATUS_T long_status;

static void CALLBACK may_run_long_cb(TP_CALLBACK_INSTANCE *inst, void *context)
{
    long_status = pTpCallbackMayRunLong(inst);
    SetEvent(context);
}

static void test_pool_work(void)
{
    TP_CALLBACK_ENVIRON env;
    TP_POOL *pool = NULL;
    TP_WORK *work = NULL;
    NTSTATUS_T status;

    status = pTpAllocPool(&pool, NULL);
    ok(!status, "TpAllocPool returned %#lx\n", status);
    ok(pool != NULL, "no pool\n");
    /* a one-thread pool runs its callbacks one after the other on the same thread */
    pTpSetPoolMaxThreads(pool, 1);
    TpInitializeCallbackEnviron(&env);
    TpSetCallbackThreadpool(&env, pool);
    status = pTpAllocWork(&work, serial_work, NULL, &env);
    ok(!status, "TpAllocWork returned %#lx\n", status);
    work_calls = work_active = work_max_active = 0;
    work_tid_first = work_tid_other = 0;
    for (int i = 0; i < 5; i++)
        pTpPostWork(work);
    bounded(0, work, FALSE, NULL);
    ok(work_calls == 5, "%ld callbacks, expected 5\n", work_calls);
    ok(work_max_active == 1, "%ld callbacks ran at once on a one-thread pool\n", work_max_active);
    ok(!work_tid_other, "a one-thread pool used threads %lx and %lx\n", work_tid_first, work_tid_other);
    ok(work_tid_first != GetCurrentThreadId(), "callback ran on the posting thread\n");
    pTpReleaseWork(work);

    /* the only thread of a full pool cannot be replaced: TpCallbackMayRunLong refuses */
    {
        HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
        long_status = -1;
        ok(!pTpSimpleTryPost(may_run_long_cb, event, &env), "TpSimpleTryPost failed\n");
        ok(WaitForSingleObject(event, WAIT_MS) == WAIT_OBJECT_0, "callback never ran\n");
        ok(long_status == (NTSTATUS_T)0xc0000129 /* STATUS_TOO_MANY_THREADS */,
           "TpCallbackMayRunLong on a full pool returned %#lx\n", long_status);
        CloseHandle(event);
    }

    /* two threads: two callbacks run concurrently */
    pTpSetPoolMaxThreads(pool, 2);
    /* unlike the other Tp functions it returns a BOOL (kernel32's SetThreadpoolThreadMinimum forwards here)
     */
    ok(pTpSetPoolMinThreads(pool, 2) == TRUE, "TpSetPoolMinThreads failed\n");
    status = pTpAllocWork(&work, parallel_work, NULL, &env);
    ok(!status, "TpAllocWork returned %#lx\n", status);
    work_calls = work_active = work_max_active = 0;
    pTpPostWork(work);
    pTpPostWork(work);
    bounded(0, work, FALSE, NULL);
    ok(work_calls == 2, "%ld callbacks, expected 2\n", work_calls);
    ok(work_max_active == 2, "%ld callbacks ran at once on a two-thread pool\n", work_max_active);
    pTpReleaseWork(work);
    bounded(4, pool, FALSE, NULL);
}

/* ---- simple callbacks and callback instances ---- */

static volatile LONG simple_calls;
static volatile NTSTATUS_T may_run_long_status = -1;

static void CALLBACK simple_cb(TP_CALLBACK_INSTANCE *inst, void *context)
{
    may_run_long_status = pTpCallbackMayRunLong(inst);
    Sleep(50);
    InterlockedIncrement(&simple_calls);
    /* the event is set after the callback returns */
    pTpCallbackSetEventOnCompletion(inst, context);
}

static void test_simple(void)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    NTSTATUS_T status;

    simple_calls = 0;
    status = pTpSimpleTryPost(simple_cb, event, NULL);
    ok(!status, "TpSimpleTryPost returned %#lx\n", status);
    ok(WaitForSingleObject(event, WAIT_MS) == WAIT_OBJECT_0, "completion event never set\n");
    ok(simple_calls == 1, "simple callback ran %ld times\n", simple_calls);
    ok(!may_run_long_status, "TpCallbackMayRunLong returned %#lx\n", may_run_long_status);
    CloseHandle(event);
}

static HANDLE disassoc_go;
static volatile LONG disassoc_done;

static void CALLBACK disassoc_work(TP_CALLBACK_INSTANCE *inst, void *context, TP_WORK *work)
{
    pTpDisassociateCallback(inst);
    WaitForSingleObject(disassoc_go, WAIT_MS);
    InterlockedIncrement(&disassoc_done);
}

static void test_disassociate(void)
{
    TP_WORK *work = NULL;

    disassoc_go = CreateEventA(NULL, TRUE, FALSE, NULL);
    disassoc_done = 0;
    ok(!pTpAllocWork(&work, disassoc_work, NULL, NULL), "TpAllocWork failed\n");
    pTpPostWork(work);
    Sleep(50);
    /* a disassociated callback no longer counts as outstanding for the object */
    bounded(0, work, FALSE, NULL);
    ok(!disassoc_done, "the wait waited for a disassociated callback\n");
    SetEvent(disassoc_go);
    for (int i = 0; i < 500 && !disassoc_done; i++)
        Sleep(10);
    ok(disassoc_done == 1, "disassociated callback did not finish\n");
    pTpReleaseWork(work);
    CloseHandle(disassoc_go);
}

/* ---- timers ---- */

static volatile LONG timer_calls;
static TP_TIMER *volatile timer_seen;

static void CALLBACK timer_cb(TP_CALLBACK_INSTANCE *inst, void *context, TP_TIMER *timer)
{
    timer_seen = timer;
    InterlockedIncrement(&timer_calls);
}

static void test_timer(void)
{
    TP_TIMER *timer = NULL;
    LARGE_INTEGER due;
    NTSTATUS_T status;
    DWORD start;
    LONG calls;

    status = pTpAllocTimer(&timer, timer_cb, NULL, NULL);
    ok(!status, "TpAllocTimer returned %#lx\n", status);
    ok(!pTpIsTimerSet(timer), "new timer is set\n");

    /* one-shot, relative 100 ms */
    timer_calls = 0;
    due.QuadPart = -100 * 10000;
    start = GetTickCount();
    pTpSetTimer(timer, &due, 0, 0);
    ok(pTpIsTimerSet(timer), "armed timer is not set\n");
    Sleep(40);
    ok(timer_calls == 0, "timer fired early\n");
    while (!timer_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(timer_calls == 1, "timer fired %ld times\n", timer_calls);
    ok(GetTickCount() - start >= 84, "timer fired after %lu ms, due 100\n", GetTickCount() - start);
    ok(timer_seen == timer, "callback got %p, expected %p\n", timer_seen, timer);
    bounded(1, timer, FALSE, NULL);
    /* "set" means armed by the caller: it stays so after a one-shot expiry, until cancelled or released */
    ok(pTpIsTimerSet(timer), "one-shot timer no longer set after it fired\n");
    Sleep(150);
    ok(timer_calls == 1, "one-shot timer fired again\n");

    /* a zero due time fires at once */
    timer_calls = 0;
    due.QuadPart = 0;
    pTpSetTimer(timer, &due, 0, 0);
    start = GetTickCount();
    while (!timer_calls && GetTickCount() - start < WAIT_MS)
        Sleep(5);
    ok(timer_calls == 1, "zero due time: fired %ld times\n", timer_calls);

    /* periodic, then cancelled with a NULL due time */
    timer_calls = 0;
    due.QuadPart = -10 * 10000;
    pTpSetTimer(timer, &due, 30, 0);
    Sleep(300);
    pTpSetTimer(timer, NULL, 0, 0);
    ok(!pTpIsTimerSet(timer), "cancelled timer is still set\n");
    bounded(1, timer, FALSE, NULL);
    calls = timer_calls;
    ok(calls >= 4 && calls <= 12, "30 ms periodic timer fired %ld times in 300 ms\n", calls);
    Sleep(100);
    ok(timer_calls == calls, "cancelled timer kept firing\n");
    pTpReleaseTimer(timer);
}

/* ---- waits ---- */

static volatile LONG wait_calls;
static volatile DWORD wait_result_seen;

static void CALLBACK wait_cb(TP_CALLBACK_INSTANCE *inst, void *context, TP_WAIT *wait, TP_WAIT_RESULT result)
{
    wait_result_seen = result;
    InterlockedIncrement(&wait_calls);
}

static void test_wait(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    TP_WAIT *wait = NULL;
    LARGE_INTEGER timeout;
    NTSTATUS_T status;
    DWORD start;

    status = pTpAllocWait(&wait, wait_cb, NULL, NULL);
    ok(!status, "TpAllocWait returned %#lx\n", status);

    /* signalled object */
    wait_calls = 0;
    wait_result_seen = 0xdead;
    pTpSetWait(wait, event, NULL);
    Sleep(50);
    ok(wait_calls == 0, "wait fired before the event was set\n");
    SetEvent(event);
    start = GetTickCount();
    while (!wait_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(wait_calls == 1, "wait fired %ld times\n", wait_calls);
    ok(wait_result_seen == WAIT_OBJECT_0, "result %#lx\n", wait_result_seen);
    /* a wait fires once per TpSetWait */
    SetEvent(event);
    Sleep(100);
    ok(wait_calls == 1, "wait fired again without being re-armed\n");
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "the pool consumed an unwatched event\n");

    /* timeout */
    ResetEvent(event);
    wait_calls = 0;
    timeout.QuadPart = -50 * 10000;
    pTpSetWait(wait, event, &timeout);
    start = GetTickCount();
    while (!wait_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(wait_calls == 1, "timed wait fired %ld times\n", wait_calls);
    ok(wait_result_seen == WAIT_TIMEOUT, "result %#lx\n", wait_result_seen);
    ok(GetTickCount() - start >= 35, "timed out after %lu ms, timeout 50\n", GetTickCount() - start);

    /* disarmed with a NULL handle */
    wait_calls = 0;
    pTpSetWait(wait, event, NULL);
    pTpSetWait(wait, NULL, NULL);
    SetEvent(event);
    Sleep(100);
    ok(wait_calls == 0, "disarmed wait fired\n");
    bounded(2, wait, FALSE, NULL);
    pTpReleaseWait(wait);
    CloseHandle(event);
}

/* ---- cleanup groups ---- */

static volatile LONG group_calls, group_cancels;
static void *volatile group_cancel_arg;

static void CALLBACK group_work(TP_CALLBACK_INSTANCE *inst, void *context, TP_WORK *work)
{
    Sleep(20);
    InterlockedIncrement(&group_calls);
}

static void CALLBACK group_cancel(void *object_context, void *cleanup_context)
{
    group_cancel_arg = cleanup_context;
    InterlockedIncrement(&group_cancels);
}

static void test_cleanup_group(void)
{
    TP_CALLBACK_ENVIRON env;
    TP_CLEANUP_GROUP *group = NULL;
    TP_POOL *pool = NULL;
    TP_WORK *work1 = NULL, *work2 = NULL;
    NTSTATUS_T status;

    status = pTpAllocCleanupGroup(&group);
    ok(!status, "TpAllocCleanupGroup returned %#lx\n", status);
    ok(!pTpAllocPool(&pool, NULL), "TpAllocPool failed\n");
    pTpSetPoolMaxThreads(pool, 1);
    TpInitializeCallbackEnviron(&env);
    TpSetCallbackThreadpool(&env, pool);
    TpSetCallbackCleanupGroup(&env, group, group_cancel);

    /* without cancelling, releasing the members waits for every submitted callback */
    group_calls = group_cancels = 0;
    ok(!pTpAllocWork(&work1, group_work, NULL, &env), "TpAllocWork failed\n");
    ok(!pTpAllocWork(&work2, group_work, NULL, &env), "TpAllocWork failed\n");
    for (int i = 0; i < 3; i++) {
        pTpPostWork(work1);
        pTpPostWork(work2);
    }
    bounded(3, group, FALSE, (void *)0x1234);
    ok(group_calls == 6, "%ld callbacks after releasing the members, expected 6\n", group_calls);
    ok(group_cancels == 0, "cancel callback called %ld times without cancelling\n", group_cancels);

    /* cancelling drops callbacks that have not started and calls the cancel callback */
    group_calls = group_cancels = 0;
    ok(!pTpAllocWork(&work1, group_work, NULL, &env), "TpAllocWork failed\n");
    for (int i = 0; i < 20; i++)
        pTpPostWork(work1);
    Sleep(30);
    bounded(3, group, TRUE, (void *)0x5678);
    {
        LONG calls = group_calls;
        ok(calls < 20, "all %ld callbacks ran although pending ones were cancelled\n", calls);
        Sleep(100);
        ok(group_calls == calls, "callbacks ran after the members were released\n");
    }
    ok(group_cancels == 1, "cancel callback called %ld times\n", group_cancels);
    ok(group_cancel_arg == (void *)0x5678, "cancel callback got %p\n", group_cancel_arg);

    pTpReleaseCleanupGroup(group);
    bounded(4, pool, FALSE, NULL);
}

/* ---- Rtl work items, timer queues and registered waits ---- */

static volatile LONG legacy_calls;
static volatile BOOLEAN legacy_fired;

static void WINAPI legacy_work(void *context)
{
    InterlockedIncrement(&legacy_calls);
    SetEvent(context);
}

static void WINAPI legacy_timer(void *param, BOOLEAN fired)
{
    legacy_fired = fired;
    InterlockedIncrement(&legacy_calls);
    if (param)
        Sleep((DWORD)(ULONG_PTR)param);
}

static void test_rtl(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL), done = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE queue = NULL, timer = NULL, wait = NULL;
    NTSTATUS_T status;
    DWORD start;

    legacy_calls = 0;
    status = pRtlQueueWorkItem(legacy_work, event, WT_EXECUTEDEFAULT);
    ok(!status, "RtlQueueWorkItem returned %#lx\n", status);
    ok(WaitForSingleObject(event, WAIT_MS) == WAIT_OBJECT_0, "work item never ran\n");
    ok(legacy_calls == 1, "work item ran %ld times\n", legacy_calls);

    status = pRtlCreateTimerQueue(&queue);
    ok(!status, "RtlCreateTimerQueue returned %#lx\n", status);

    /* a timer due in a minute moved to now by RtlUpdateTimer */
    legacy_calls = 0;
    status = pRtlCreateTimer(queue, &timer, legacy_timer, NULL, 60000, 0, WT_EXECUTEONLYONCE);
    ok(!status, "RtlCreateTimer returned %#lx\n", status);
    status = pRtlUpdateTimer(queue, timer, 10, 0);
    ok(!status, "RtlUpdateTimer returned %#lx\n", status);
    start = GetTickCount();
    while (!legacy_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(legacy_calls == 1, "updated timer fired %ld times\n", legacy_calls);
    ok(legacy_fired == TRUE, "TimerOrWaitFired %d\n", legacy_fired);

    /* deletion with an event: the event is set once the running callback has finished */
    legacy_calls = 0;
    status = pRtlCreateTimer(queue, &timer, legacy_timer, (void *)200, 0, 0, WT_EXECUTEONLYONCE);
    ok(!status, "RtlCreateTimer returned %#lx\n", status);
    start = GetTickCount();
    while (!legacy_calls && GetTickCount() - start < WAIT_MS)
        Sleep(5);
    ok(legacy_calls == 1, "timer never fired\n");
    status = pRtlDeleteTimer(queue, timer, done);
    ok(status == 0x103 /* STATUS_PENDING */, "RtlDeleteTimer of a running timer returned %#lx\n", status);
    ok(WaitForSingleObject(done, 0) == WAIT_TIMEOUT, "completion event set while the callback runs\n");
    ok(WaitForSingleObject(done, WAIT_MS) == WAIT_OBJECT_0, "completion event never set\n");

    status = pRtlDeleteTimerQueueEx(queue, INVALID_HANDLE_VALUE);
    ok(!status, "RtlDeleteTimerQueueEx returned %#lx\n", status);

    /* a registered wait fires on every signal until deregistered */
    legacy_calls = 0;
    legacy_fired = 0xcc;
    status = pRtlRegisterWait(&wait, event, legacy_timer, NULL, INFINITE, WT_EXECUTEDEFAULT);
    ok(!status, "RtlRegisterWait returned %#lx\n", status);
    SetEvent(event);
    start = GetTickCount();
    while (legacy_calls < 1 && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(legacy_fired == FALSE, "TimerOrWaitFired %d for a signalled object\n", legacy_fired);
    SetEvent(event);
    while (legacy_calls < 2 && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(legacy_calls == 2, "registered wait fired %ld times for two signals\n", legacy_calls);
    status = pRtlDeregisterWaitEx(wait, INVALID_HANDLE_VALUE);
    ok(!status, "RtlDeregisterWaitEx returned %#lx\n", status);
    SetEvent(event);
    Sleep(100);
    ok(legacy_calls == 2, "deregistered wait fired\n");

    /* a timed-out registered wait reports TRUE */
    legacy_calls = 0;
    ResetEvent(event);
    status = pRtlRegisterWait(&wait, event, legacy_timer, NULL, 30, WT_EXECUTEONLYONCE);
    ok(!status, "RtlRegisterWait returned %#lx\n", status);
    start = GetTickCount();
    while (!legacy_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(legacy_calls == 1, "timed registered wait fired %ld times\n", legacy_calls);
    ok(legacy_fired == TRUE, "TimerOrWaitFired %d for a timeout\n", legacy_fired);
    status = pRtlDeregisterWaitEx(wait, INVALID_HANDLE_VALUE);
    ok(!status, "RtlDeregisterWaitEx returned %#lx\n", status);

    CloseHandle(event);
    CloseHandle(done);
}

START_TEST(threadpool)
{
    if (!init())
        return;
    test_pool_work();
    test_simple();
    test_disassociate();
    test_timer();
    test_wait();
    test_cleanup_group();
    test_rtl();
}
