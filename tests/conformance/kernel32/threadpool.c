/*
 * Thread pool: QueueUserWorkItem, the Vista pool's work objects (CreateThreadpoolWork, SubmitThreadpoolWork,
 * WaitForThreadpoolWorkCallbacks, TrySubmitThreadpoolCallback) and timer-queue timers
 * (CreateTimerQueueTimer, DeleteTimerQueueTimer).
 */
#define _WIN32_WINNT 0x0A00
#include "test.h"

#define WAIT_MS 5000

/* Calls that block by design (waiting for callbacks) run on a helper thread given WAIT_MS, so that a broken
 * pool fails the test instead of hanging it. */
struct blocking_call {
    int kind;
    void *a, *b;
    BOOL ret;
};

static DWORD WINAPI blocking_thread(void *param)
{
    struct blocking_call *c = param;
    switch (c->kind) {
    case 0:
        WaitForThreadpoolWorkCallbacks(c->a, (BOOL)(ULONG_PTR)c->b);
        c->ret = TRUE;
        break;
    case 1:
        c->ret = DeleteTimerQueueTimer(c->a, c->b, INVALID_HANDLE_VALUE);
        break;
    case 2:
        c->ret = DeleteTimerQueueEx(c->a, INVALID_HANDLE_VALUE);
        break;
    }
    return 0;
}

static BOOL bounded(int kind, void *a, void *b)
{
    struct blocking_call c = {kind, a, b, FALSE};
    HANDLE th = CreateThread(NULL, 0, blocking_thread, &c, 0, NULL);
    DWORD ret = WaitForSingleObject(th, WAIT_MS);
    ok(ret == WAIT_OBJECT_0, "blocking call %d did not return within %d ms\n", kind, WAIT_MS);
    if (ret != WAIT_OBJECT_0) {
        TerminateThread(th, 1);
        WaitForSingleObject(th, WAIT_MS);
    }
    CloseHandle(th);
    return ret == WAIT_OBJECT_0 && c.ret;
}

static void wait_work_callbacks(PTP_WORK work, BOOL cancel)
{
    bounded(0, work, (void *)(ULONG_PTR)cancel);
}

static BOOL delete_timer_wait(HANDLE queue, HANDLE timer)
{
    return bounded(1, queue, timer);
}

static BOOL delete_queue_wait(HANDLE queue)
{
    return bounded(2, queue, NULL);
}

static volatile LONG work_calls;
static volatile DWORD work_tid;
static void *volatile work_context;

static DWORD WINAPI legacy_work(void *context)
{
    work_context = context;
    work_tid = GetCurrentThreadId();
    InterlockedIncrement(&work_calls);
    SetEvent((HANDLE)((void **)context)[0]);
    return 0;
}

static void test_queue_user_work_item(void)
{
    HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
    void *ctx[1] = {done};

    work_calls = 0;
    ok(QueueUserWorkItem(legacy_work, ctx, WT_EXECUTEDEFAULT), "QueueUserWorkItem failed %lu\n",
       GetLastError());
    ok(WaitForSingleObject(done, WAIT_MS) == WAIT_OBJECT_0, "work item never ran\n");
    ok(work_calls == 1, "work item ran %ld times\n", work_calls);
    ok(work_context == ctx, "context %p\n", work_context);
    /* work items run on pool threads, never on the caller */
    ok(work_tid != GetCurrentThreadId(), "work item ran on the queueing thread\n");

    ok(QueueUserWorkItem(legacy_work, ctx, WT_EXECUTELONGFUNCTION), "WT_EXECUTELONGFUNCTION failed\n");
    ok(WaitForSingleObject(done, WAIT_MS) == WAIT_OBJECT_0, "long work item never ran\n");
    CloseHandle(done);
}

static volatile LONG tp_calls;
static void *volatile tp_context;
static PTP_WORK volatile tp_work_seen;

static void CALLBACK tp_work_callback(PTP_CALLBACK_INSTANCE instance, void *context, PTP_WORK work)
{
    tp_context = context;
    tp_work_seen = work;
    Sleep(30);
    InterlockedIncrement(&tp_calls);
}

static void test_threadpool_work(void)
{
    PTP_WORK work;
    DWORD start;

    tp_calls = 0;
    work = CreateThreadpoolWork(tp_work_callback, (void *)0x4321, NULL);
    ok(work != NULL, "CreateThreadpoolWork failed %lu\n", GetLastError());
    /* no callback until submitted */
    Sleep(50);
    ok(tp_calls == 0, "callback ran without a submit\n");

    /* each submit is one callback; WaitForThreadpoolWorkCallbacks waits for all outstanding ones */
    for (int i = 0; i < 6; i++)
        SubmitThreadpoolWork(work);
    start = GetTickCount();
    wait_work_callbacks(work, FALSE);
    ok(tp_calls == 6, "%ld callbacks after the wait, expected 6\n", tp_calls);
    ok(GetTickCount() - start < WAIT_MS, "waiting took %lu ms\n", GetTickCount() - start);
    ok(tp_context == (void *)0x4321, "context %p\n", tp_context);
    ok(tp_work_seen == work, "callback got work %p, expected %p\n", tp_work_seen, work);

    /* fCancelPendingCallbacks: callbacks that have not started are dropped; none runs after the wait */
    tp_calls = 0;
    for (int i = 0; i < 20; i++)
        SubmitThreadpoolWork(work);
    wait_work_callbacks(work, TRUE);
    {
        LONG after_wait = tp_calls;
        ok(after_wait <= 20, "%ld callbacks for 20 submits\n", after_wait);
        Sleep(100);
        ok(tp_calls == after_wait, "callbacks ran after WaitForThreadpoolWorkCallbacks(TRUE)\n");
    }
    CloseThreadpoolWork(work);
}

static volatile LONG simple_calls;
static void CALLBACK simple_callback(PTP_CALLBACK_INSTANCE instance, void *context)
{
    InterlockedIncrement(&simple_calls);
    SetEvent(context);
}

static void test_try_submit(void)
{
    HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);

    simple_calls = 0;
    ok(TrySubmitThreadpoolCallback(simple_callback, done, NULL), "TrySubmitThreadpoolCallback failed\n");
    ok(WaitForSingleObject(done, WAIT_MS) == WAIT_OBJECT_0, "simple callback never ran\n");
    ok(simple_calls == 1, "simple callback ran %ld times\n", simple_calls);
    CloseHandle(done);
}

static volatile LONG timer_calls;
static volatile DWORD timer_first_tick;
static void *volatile timer_param;
static volatile BOOLEAN timer_fired_flag;

static void CALLBACK timer_callback(void *param, BOOLEAN fired)
{
    if (InterlockedIncrement(&timer_calls) == 1)
        timer_first_tick = GetTickCount();
    timer_param = param;
    timer_fired_flag = fired;
}

static void test_timer_queue(void)
{
    HANDLE timer = NULL, queue;
    DWORD start;
    LONG calls;

    /* one-shot on the default queue */
    timer_calls = 0;
    start = GetTickCount();
    ok(CreateTimerQueueTimer(&timer, NULL, timer_callback, (void *)0x99, 100, 0, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed %lu\n", GetLastError());
    ok(timer != NULL, "no timer handle\n");
    Sleep(40);
    ok(timer_calls == 0, "timer fired before its due time\n");
    while (!timer_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(timer_calls == 1, "one-shot timer fired %ld times\n", timer_calls);
    ok(timer_first_tick - start >= 84, "fired after %lu ms, due 100\n", timer_first_tick - start);
    ok(timer_param == (void *)0x99, "parameter %p\n", timer_param);
    /* "For timer callbacks, this parameter is always TRUE" */
    ok(timer_fired_flag == TRUE, "TimerOrWaitFired %d\n", timer_fired_flag);
    Sleep(150);
    ok(timer_calls == 1, "one-shot timer fired again\n");
    /* INVALID_HANDLE_VALUE: wait for running callbacks before returning */
    ok(delete_timer_wait(NULL, timer), "DeleteTimerQueueTimer failed %lu\n", GetLastError());

    /* periodic on a private queue */
    queue = CreateTimerQueue();
    ok(queue != NULL, "CreateTimerQueue failed\n");
    timer_calls = 0;
    ok(CreateTimerQueueTimer(&timer, queue, timer_callback, NULL, 10, 40, WT_EXECUTEDEFAULT),
       "periodic CreateTimerQueueTimer failed\n");
    Sleep(400);
    ok(delete_timer_wait(queue, timer), "DeleteTimerQueueTimer failed\n");
    calls = timer_calls;
    ok(calls >= 4 && calls <= 12, "40 ms periodic timer fired %ld times in 400 ms\n", calls);
    Sleep(100);
    ok(timer_calls == calls, "deleted timer kept firing\n");

    /* ChangeTimerQueueTimer re-arms a timer */
    timer_calls = 0;
    ok(CreateTimerQueueTimer(&timer, queue, timer_callback, NULL, 60000, 0, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed\n");
    ok(ChangeTimerQueueTimer(queue, timer, 10, 0), "ChangeTimerQueueTimer failed\n");
    start = GetTickCount();
    while (!timer_calls && GetTickCount() - start < WAIT_MS)
        Sleep(10);
    ok(timer_calls == 1, "changed timer fired %ld times\n", timer_calls);
    ok(delete_timer_wait(queue, timer), "DeleteTimerQueueTimer failed\n");

    /* deleting the queue with INVALID_HANDLE_VALUE waits for callbacks and deletes its timers */
    timer_calls = 0;
    ok(CreateTimerQueueTimer(&timer, queue, timer_callback, NULL, 10, 10, WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed\n");
    Sleep(50);
    ok(delete_queue_wait(queue), "DeleteTimerQueueEx failed %lu\n", GetLastError());
    calls = timer_calls;
    ok(calls >= 1, "queue timer never fired\n");
    Sleep(100);
    ok(timer_calls == calls, "timers of a deleted queue kept firing\n");
}

START_TEST(threadpool)
{
    test_queue_user_work_item();
    test_threadpool_work();
    test_try_submit();
    test_timer_queue();
}
