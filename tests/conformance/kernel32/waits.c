/*
 * Waiting: WaitForSingleObject(Ex), WaitForMultipleObjects(Ex) (any/all, return codes, the 64-handle limit,
 * timeouts), SignalObjectAndWait, and user APCs delivered by alertable waits (QueueUserAPC,
 * WAIT_IO_COMPLETION).
 */
#include "test.h"

#define WAIT_MS 5000

static DWORD WINAPI take_mutex_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS);
}

static void test_single(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD start, elapsed;

    start = GetTickCount();
    ok(WaitForSingleObject(ev, 200) == WAIT_TIMEOUT, "wait on an unsignalled event did not time out\n");
    elapsed = GetTickCount() - start;
    ok(elapsed >= 184 && elapsed < 2000, "200 ms timeout took %lu ms\n", elapsed);
    start = GetTickCount();
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "zero timeout\n");
    ok(WaitForSingleObjectEx(ev, 0, TRUE) == WAIT_TIMEOUT, "zero timeout, alertable\n");
    ok(GetTickCount() - start < 100, "zero timeouts waited\n");

    SetEvent(ev);
    ok(WaitForSingleObject(ev, INFINITE) == WAIT_OBJECT_0, "INFINITE wait on a set event\n");
    ok(WaitForSingleObjectEx(ev, 0, FALSE) == WAIT_OBJECT_0, "WaitForSingleObjectEx\n");

    /* process and thread pseudo handles: the current thread never ends during its own wait */
    ok(WaitForSingleObject(GetCurrentThread(), 10) == WAIT_TIMEOUT, "waiting on the current thread\n");
    ok(WaitForSingleObject(GetCurrentProcess(), 10) == WAIT_TIMEOUT, "waiting on the current process\n");

    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject(NULL, 0) == WAIT_FAILED, "WaitForSingleObject(NULL) did not fail\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(ev);
}

static void test_multiple(void)
{
    HANDLE h[MAXIMUM_WAIT_OBJECTS + 1], mtx, th;
    DWORD ret, start, elapsed;
    int i;

    for (i = 0; i < 3; i++)
        h[i] = CreateEventA(NULL, FALSE, FALSE, NULL);

    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_TIMEOUT, "nothing signalled\n");
    /* wait-any returns the lowest index among the signalled objects and consumes only that one */
    SetEvent(h[2]);
    SetEvent(h[1]);
    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_OBJECT_0 + 1, "not the lowest signalled index\n");
    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_OBJECT_0 + 2, "second wait did not get index 2\n");
    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_TIMEOUT, "auto events not consumed\n");

    /* wait-all succeeds only when all are signalled, and then consumes all of them */
    SetEvent(h[0]);
    SetEvent(h[2]);
    ok(WaitForMultipleObjects(3, h, TRUE, 0) == WAIT_TIMEOUT, "wait-all with one unsignalled\n");
    ok(WaitForSingleObject(h[0], 0) == WAIT_OBJECT_0, "a failed wait-all consumed an event\n");
    SetEvent(h[0]);
    SetEvent(h[1]);
    ok(WaitForMultipleObjects(3, h, TRUE, 0) == WAIT_OBJECT_0, "wait-all with all signalled\n");
    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_TIMEOUT, "wait-all did not consume all\n");

    start = GetTickCount();
    ok(WaitForMultipleObjects(3, h, TRUE, 150) == WAIT_TIMEOUT, "wait-all timeout\n");
    elapsed = GetTickCount() - start;
    ok(elapsed >= 134 && elapsed < 2000, "150 ms timeout took %lu ms\n", elapsed);
    ok(WaitForMultipleObjectsEx(3, h, FALSE, 0, TRUE) == WAIT_TIMEOUT, "WaitForMultipleObjectsEx\n");
    SetEvent(h[2]);
    ok(WaitForMultipleObjectsEx(3, h, FALSE, 0, FALSE) == WAIT_OBJECT_0 + 2, "WaitForMultipleObjectsEx\n");

    /* an abandoned mutex reports WAIT_ABANDONED_0 + its index */
    mtx = CreateMutexA(NULL, FALSE, NULL);
    th = CreateThread(NULL, 0, take_mutex_thread, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    CloseHandle(th);
    CloseHandle(h[1]);
    h[1] = mtx;
    ok(WaitForMultipleObjects(3, h, FALSE, 0) == WAIT_ABANDONED_0 + 1, "abandoned mutex at index 1\n");
    ok(ReleaseMutex(mtx), "abandoned mutex not owned after the wait\n");
    CloseHandle(mtx);
    h[1] = CreateEventA(NULL, TRUE, FALSE, NULL);

    /* the limit: 1..MAXIMUM_WAIT_OBJECTS (64) handles */
    for (i = 3; i <= MAXIMUM_WAIT_OBJECTS; i++)
        h[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetEvent(h[MAXIMUM_WAIT_OBJECTS - 1]);
    ret = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1, "64 handles: %lu\n", ret);
    SetLastError(0xdeadbeef);
    ok(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, h, FALSE, 0) == WAIT_FAILED, "65 handles accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(WaitForMultipleObjects(0, h, FALSE, 0) == WAIT_FAILED, "0 handles accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    /* one invalid handle fails the whole wait */
    CloseHandle(h[MAXIMUM_WAIT_OBJECTS]);
    h[MAXIMUM_WAIT_OBJECTS] = NULL;
    SetLastError(0xdeadbeef);
    ok(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1 - 63, h + 63, FALSE, 0) == WAIT_FAILED,
       "invalid handle in the array accepted\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        CloseHandle(h[i]);
}

static DWORD WINAPI set_later_thread(void *param)
{
    Sleep(100);
    SetEvent((HANDLE)param);
    return 0;
}

static void test_wakeup(void)
{
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL), h[2], th;
    DWORD start = GetTickCount();

    th = CreateThread(NULL, 0, set_later_thread, ev, 0, NULL);
    ok(WaitForSingleObject(ev, WAIT_MS) == WAIT_OBJECT_0, "event set by another thread not seen\n");
    ok(GetTickCount() - start < 3000, "wake-up took %lu ms\n", GetTickCount() - start);
    WaitForSingleObject(th, WAIT_MS);
    CloseHandle(th);

    h[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
    h[1] = ev;
    th = CreateThread(NULL, 0, set_later_thread, ev, 0, NULL);
    ok(WaitForMultipleObjects(2, h, FALSE, WAIT_MS) == WAIT_OBJECT_0 + 1, "wait-any woken by index 1\n");
    /* a thread handle is signalled when the thread ends */
    h[1] = th;
    ok(WaitForMultipleObjects(2, h, FALSE, WAIT_MS) == WAIT_OBJECT_0 + 1, "thread handle in wait-any\n");
    CloseHandle(th);
    CloseHandle(h[0]);
    CloseHandle(ev);
}

static DWORD WINAPI wait_return_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS);
}

static void test_signal_and_wait(void)
{
    HANDLE ev1 = CreateEventA(NULL, FALSE, FALSE, NULL), ev2 = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE mtx, sem, th;
    DWORD code;
    LONG prev;

    /* signals the first and waits on the second */
    ok(SignalObjectAndWait(ev1, ev2, 50, FALSE) == WAIT_TIMEOUT, "unsignalled wait did not time out\n");
    ok(WaitForSingleObject(ev1, 0) == WAIT_OBJECT_0, "object not signalled\n");
    SetEvent(ev2);
    ok(SignalObjectAndWait(ev1, ev2, 0, FALSE) == WAIT_OBJECT_0, "signalled wait\n");
    ok(WaitForSingleObject(ev1, 0) == WAIT_OBJECT_0, "object not signalled\n");

    /* the signal wakes a waiter */
    th = CreateThread(NULL, 0, wait_return_thread, ev1, 0, NULL);
    Sleep(50);
    ok(SignalObjectAndWait(ev1, th, WAIT_MS, FALSE) == WAIT_OBJECT_0, "waiting for the woken thread\n");
    GetExitCodeThread(th, &code);
    ok(code == WAIT_OBJECT_0, "thread got %lu\n", code);
    CloseHandle(th);

    /* a mutex to signal is released; one not owned fails with ERROR_NOT_OWNER */
    mtx = CreateMutexA(NULL, TRUE, NULL);
    ok(SignalObjectAndWait(mtx, ev2, 0, FALSE) == WAIT_TIMEOUT, "mutex release + wait\n");
    th = CreateThread(NULL, 0, wait_return_thread, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_OBJECT_0 || code == WAIT_ABANDONED, "mutex not released by SignalObjectAndWait (%lu)\n",
       code);
    CloseHandle(th);
    SetLastError(0xdeadbeef);
    ok(SignalObjectAndWait(mtx, ev2, 0, FALSE) == WAIT_FAILED, "releasing a foreign mutex succeeded\n");
    ok(GetLastError() == ERROR_NOT_OWNER, "error %lu\n", GetLastError());
    CloseHandle(mtx);

    /* a semaphore is released by one */
    sem = CreateSemaphoreA(NULL, 0, 2, NULL);
    ok(SignalObjectAndWait(sem, ev2, 0, FALSE) == WAIT_TIMEOUT, "semaphore release + wait\n");
    ok(ReleaseSemaphore(sem, 1, &prev) && prev == 1, "semaphore count %ld after SignalObjectAndWait\n", prev);
    CloseHandle(sem);

    /* a thread cannot be signalled (STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE) */
    SetLastError(0xdeadbeef);
    ok(SignalObjectAndWait(GetCurrentThread(), ev2, 0, FALSE) == WAIT_FAILED, "signalling a thread\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(ev1);
    CloseHandle(ev2);
}

/* ---- APCs ---- */

static int apc_order[8], apc_count;
static DWORD apc_tid;

static void CALLBACK record_apc(ULONG_PTR data)
{
    apc_tid = GetCurrentThreadId();
    if (apc_count < 8)
        apc_order[apc_count] = (int)data;
    apc_count++;
}

static void test_apc_self(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), h[1] = {ev}, other;

    apc_count = 0;
    ok(QueueUserAPC(record_apc, GetCurrentThread(), 1), "QueueUserAPC failed %lu\n", GetLastError());
    ok(QueueUserAPC(record_apc, GetCurrentThread(), 2), "QueueUserAPC failed\n");
    /* not delivered outside an alertable wait */
    Sleep(10);
    ok(WaitForSingleObject(ev, 10) == WAIT_TIMEOUT, "non-alertable wait\n");
    ok(SleepEx(10, FALSE) == 0, "SleepEx non-alertable\n");
    ok(apc_count == 0, "APC ran outside an alertable wait\n");

    /* an alertable wait runs all queued APCs in FIFO order and returns WAIT_IO_COMPLETION */
    ok(SleepEx(WAIT_MS, TRUE) == WAIT_IO_COMPLETION, "SleepEx did not return WAIT_IO_COMPLETION\n");
    ok(apc_count == 2, "%d APCs ran\n", apc_count);
    ok(apc_order[0] == 1 && apc_order[1] == 2, "APC order %d %d\n", apc_order[0], apc_order[1]);
    ok(apc_tid == GetCurrentThreadId(), "APC on another thread\n");
    ok(SleepEx(0, TRUE) == 0, "APC delivered twice\n");

    QueueUserAPC(record_apc, GetCurrentThread(), 3);
    ok(WaitForSingleObjectEx(ev, WAIT_MS, TRUE) == WAIT_IO_COMPLETION, "WaitForSingleObjectEx\n");
    ok(apc_count == 3, "APC not run by WaitForSingleObjectEx\n");
    QueueUserAPC(record_apc, GetCurrentThread(), 4);
    ok(WaitForMultipleObjectsEx(1, h, FALSE, WAIT_MS, TRUE) == WAIT_IO_COMPLETION,
       "WaitForMultipleObjectsEx\n");
    ok(apc_count == 4, "APC not run by WaitForMultipleObjectsEx\n");
    other = CreateEventA(NULL, FALSE, FALSE, NULL);
    QueueUserAPC(record_apc, GetCurrentThread(), 5);
    ok(SignalObjectAndWait(other, ev, WAIT_MS, TRUE) == WAIT_IO_COMPLETION,
       "SignalObjectAndWait did not return WAIT_IO_COMPLETION\n");
    ok(apc_count == 5, "%d APCs after SignalObjectAndWait\n", apc_count);
    ok(WaitForSingleObject(other, 0) == WAIT_OBJECT_0, "object not signalled before the alertable wait\n");
    CloseHandle(other);

    CloseHandle(ev);
}

static DWORD WINAPI alertable_thread(void *param)
{
    return SleepEx(WAIT_MS, TRUE);
}

static DWORD WINAPI nonalertable_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, 300);
}

static void test_apc_other_thread(void)
{
    HANDLE th, ev;
    DWORD code, tid, start;

    apc_count = 0;
    th = CreateThread(NULL, 0, alertable_thread, NULL, 0, &tid);
    Sleep(50);
    start = GetTickCount();
    ok(QueueUserAPC(record_apc, th, 10), "QueueUserAPC to another thread failed\n");
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "thread did not wake\n");
    ok(GetTickCount() - start < 3000, "APC wake-up took %lu ms\n", GetTickCount() - start);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", code);
    ok(apc_count == 1 && apc_order[0] == 10, "APC not run (%d)\n", apc_count);
    ok(apc_tid == tid, "APC ran on thread %lu, target was %lu\n", apc_tid, tid);

    /* queueing to a thread that has exited fails */
    SetLastError(0xdeadbeef);
    ok(!QueueUserAPC(record_apc, th, 11), "QueueUserAPC to an exited thread succeeded\n");
    CloseHandle(th);

    /* a non-alertable waiter keeps waiting; the APC is still pending when the thread exits */
    apc_count = 0;
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    th = CreateThread(NULL, 0, nonalertable_thread, ev, 0, NULL);
    Sleep(50);
    QueueUserAPC(record_apc, th, 12);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_TIMEOUT, "non-alertable wait returned %lu\n", code);
    ok(apc_count == 0, "APC ran in a non-alertable wait\n");
    CloseHandle(th);
    CloseHandle(ev);

    SetLastError(0xdeadbeef);
    ok(!QueueUserAPC(record_apc, NULL, 0), "QueueUserAPC(NULL thread) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

START_TEST(waits)
{
    test_single();
    test_multiple();
    test_wakeup();
    test_signal_and_wait();
    test_apc_self();
    test_apc_other_thread();
}
