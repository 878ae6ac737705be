/*
 * In-process synchronization under contention (the multi-threaded counterpart of sync.c): SRW locks
 * exclusive and shared, condition variables (wake one / wake all, with SRW locks and critical sections),
 * critical sections with a count that must balance, InitOnce races and WaitOnAddress wake-ups.
 */
#define _WIN32_WINNT 0x0A00
#include "test.h"

#define WAIT_MS 5000
#define THREADS 4
#define ITERATIONS 20000

static SRWLOCK srw = SRWLOCK_INIT;
static CRITICAL_SECTION cs;
static volatile LONG counter_plain; /* modified non-atomically under the lock */
static volatile LONG inside, overlap;

static void run_threads(LPTHREAD_START_ROUTINE fn, void *param, int n)
{
    HANDLE h[16];
    for (int i = 0; i < n; i++)
        h[i] = CreateThread(NULL, 0, fn, param, 0, NULL);
    ok(WaitForMultipleObjects(n, h, TRUE, 20000) == WAIT_OBJECT_0, "threads did not finish\n");
    for (int i = 0; i < n; i++)
        CloseHandle(h[i]);
}

static DWORD WINAPI srw_exclusive_thread(void *param)
{
    for (int i = 0; i < ITERATIONS; i++) {
        AcquireSRWLockExclusive(&srw);
        if (InterlockedIncrement(&inside) != 1)
            InterlockedIncrement(&overlap);
        counter_plain = counter_plain + 1;
        InterlockedDecrement(&inside);
        ReleaseSRWLockExclusive(&srw);
    }
    return 0;
}

static volatile LONG readers_now, readers_max;
static volatile LONG writer_saw_reader;

static DWORD WINAPI srw_shared_thread(void *param)
{
    HANDLE go = param;
    AcquireSRWLockShared(&srw);
    LONG now = InterlockedIncrement(&readers_now);
    LONG max;
    while ((max = readers_max) < now && InterlockedCompareExchange(&readers_max, now, max) != max)
        ;
    /* hold the shared lock until every reader is in: proves they share it */
    WaitForSingleObject(go, WAIT_MS);
    InterlockedDecrement(&readers_now);
    ReleaseSRWLockShared(&srw);
    return 0;
}

static DWORD WINAPI srw_writer_thread(void *param)
{
    AcquireSRWLockExclusive(&srw);
    if (readers_now)
        writer_saw_reader = 1;
    ReleaseSRWLockExclusive(&srw);
    return 0;
}

static void test_srw_contention(void)
{
    HANDLE go, readers[3], writer;
    DWORD start;

    counter_plain = 0;
    overlap = 0;
    run_threads(srw_exclusive_thread, NULL, THREADS);
    ok(counter_plain == THREADS * ITERATIONS, "counter %ld, expected %d\n", counter_plain,
       THREADS * ITERATIONS);
    ok(overlap == 0, "%ld overlapping exclusive owners\n", overlap);
    ok(srw.Ptr == NULL, "lock word %p after contention\n", srw.Ptr);

    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    readers_now = readers_max = 0;
    writer_saw_reader = 0;
    for (int i = 0; i < 3; i++)
        readers[i] = CreateThread(NULL, 0, srw_shared_thread, go, 0, NULL);
    start = GetTickCount();
    while (readers_now < 3 && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    ok(readers_max == 3, "only %ld readers held the shared lock together\n", readers_max);
    ok(!TryAcquireSRWLockExclusive(&srw), "exclusive acquire while shared\n");
    /* a writer blocks until all readers are gone */
    writer = CreateThread(NULL, 0, srw_writer_thread, NULL, 0, NULL);
    ok(WaitForSingleObject(writer, 100) == WAIT_TIMEOUT, "writer got in with readers inside\n");
    SetEvent(go);
    ok(WaitForMultipleObjects(3, readers, TRUE, WAIT_MS) == WAIT_OBJECT_0, "readers did not finish\n");
    ok(WaitForSingleObject(writer, WAIT_MS) == WAIT_OBJECT_0, "writer never got the lock\n");
    ok(!writer_saw_reader, "writer overlapped a reader\n");
    for (int i = 0; i < 3; i++)
        CloseHandle(readers[i]);
    CloseHandle(writer);
    CloseHandle(go);
}

static DWORD WINAPI cs_thread(void *param)
{
    for (int i = 0; i < ITERATIONS; i++) {
        EnterCriticalSection(&cs);
        /* recursion inside contention must balance too */
        EnterCriticalSection(&cs);
        if (InterlockedIncrement(&inside) != 1)
            InterlockedIncrement(&overlap);
        counter_plain = counter_plain + 1;
        InterlockedDecrement(&inside);
        LeaveCriticalSection(&cs);
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI cs_try_thread(void *param)
{
    BOOL got = TryEnterCriticalSection(&cs);
    if (got)
        LeaveCriticalSection(&cs);
    return got;
}

static void test_critical_section_contention(void)
{
    HANDLE th;
    DWORD code;

    InitializeCriticalSection(&cs);
    counter_plain = 0;
    overlap = 0;
    run_threads(cs_thread, NULL, THREADS);
    ok(counter_plain == THREADS * ITERATIONS, "counter %ld, expected %d\n", counter_plain,
       THREADS * ITERATIONS);
    ok(overlap == 0, "%ld overlapping owners\n", overlap);
    /* balanced: free, not owned, no recursion, no waiter left */
    ok(cs.LockCount == -1, "LockCount %ld after contention\n", cs.LockCount);
    ok(cs.RecursionCount == 0, "RecursionCount %ld\n", cs.RecursionCount);
    ok(cs.OwningThread == NULL, "OwningThread %p\n", cs.OwningThread);

    /* owned here: another thread's TryEnterCriticalSection fails */
    EnterCriticalSection(&cs);
    th = CreateThread(NULL, 0, cs_try_thread, NULL, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == FALSE, "TryEnterCriticalSection succeeded on a section owned by another thread\n");
    CloseHandle(th);
    ok(cs.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId(), "OwningThread %p\n", cs.OwningThread);
    LeaveCriticalSection(&cs);
    th = CreateThread(NULL, 0, cs_try_thread, NULL, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == TRUE, "TryEnterCriticalSection failed on a free section\n");
    CloseHandle(th);
    DeleteCriticalSection(&cs);
}

/* ---- condition variables: a bounded producer/consumer queue ---- */

#define QUEUE_SIZE 4
#define ITEMS 2000
static CONDITION_VARIABLE not_empty = CONDITION_VARIABLE_INIT, not_full = CONDITION_VARIABLE_INIT;
static int queue[QUEUE_SIZE], q_head, q_count;
static volatile LONG consumed_sum, consumed_items;
static BOOL use_cs;

static void q_lock(void)
{
    if (use_cs)
        EnterCriticalSection(&cs);
    else
        AcquireSRWLockExclusive(&srw);
}

static void q_unlock(void)
{
    if (use_cs)
        LeaveCriticalSection(&cs);
    else
        ReleaseSRWLockExclusive(&srw);
}

static BOOL q_sleep(CONDITION_VARIABLE *cv, DWORD ms)
{
    return use_cs ? SleepConditionVariableCS(cv, &cs, ms) : SleepConditionVariableSRW(cv, &srw, ms, 0);
}

static DWORD WINAPI producer(void *param)
{
    for (int i = 1; i <= ITEMS; i++) {
        q_lock();
        while (q_count == QUEUE_SIZE)
            if (!q_sleep(&not_full, WAIT_MS)) {
                q_unlock();
                return 1;
            }
        queue[(q_head + q_count++) % QUEUE_SIZE] = i;
        q_unlock();
        WakeConditionVariable(&not_empty);
    }
    return 0;
}

static DWORD WINAPI consumer(void *param)
{
    for (;;) {
        int item;
        q_lock();
        while (q_count == 0)
            if (!q_sleep(&not_empty, WAIT_MS)) {
                q_unlock();
                return 1;
            }
        item = queue[q_head];
        q_head = (q_head + 1) % QUEUE_SIZE;
        q_count--;
        q_unlock();
        WakeConditionVariable(&not_full);
        if (item < 0)
            return 0; /* poison pill */
        InterlockedExchangeAdd(&consumed_sum, item);
        InterlockedIncrement(&consumed_items);
    }
}

static void run_queue(BOOL with_cs)
{
    HANDLE prod[2], cons[2];
    DWORD code;

    use_cs = with_cs;
    q_head = q_count = 0;
    consumed_sum = consumed_items = 0;
    for (int i = 0; i < 2; i++) {
        prod[i] = CreateThread(NULL, 0, producer, NULL, 0, NULL);
        cons[i] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    }
    ok(WaitForMultipleObjects(2, prod, TRUE, 20000) == WAIT_OBJECT_0, "producers did not finish\n");
    for (int i = 0; i < 2; i++) {
        GetExitCodeThread(prod[i], &code);
        ok(code == 0, "producer %d timed out waiting for room\n", i);
        /* one poison pill per consumer */
        q_lock();
        while (q_count == QUEUE_SIZE)
            q_sleep(&not_full, WAIT_MS);
        queue[(q_head + q_count++) % QUEUE_SIZE] = -1;
        q_unlock();
        WakeConditionVariable(&not_empty);
    }
    ok(WaitForMultipleObjects(2, cons, TRUE, 20000) == WAIT_OBJECT_0, "consumers did not finish\n");
    for (int i = 0; i < 2; i++) {
        GetExitCodeThread(cons[i], &code);
        ok(code == 0, "consumer %d timed out waiting for an item\n", i);
        CloseHandle(prod[i]);
        CloseHandle(cons[i]);
    }
    ok(consumed_items == 2 * ITEMS, "%s: %ld items consumed, expected %d\n", with_cs ? "CS" : "SRW",
       consumed_items, 2 * ITEMS);
    ok(consumed_sum == ITEMS * (ITEMS + 1), "%s: sum %ld\n", with_cs ? "CS" : "SRW", consumed_sum);
}

static CONDITION_VARIABLE gate = CONDITION_VARIABLE_INIT;
static volatile LONG gate_open, gate_waiting, gate_passed;

static DWORD WINAPI gate_thread(void *param)
{
    BOOL ok_wait = TRUE;
    AcquireSRWLockShared(&srw);
    InterlockedIncrement(&gate_waiting);
    while (!gate_open && ok_wait)
        ok_wait = SleepConditionVariableSRW(&gate, &srw, WAIT_MS, CONDITION_VARIABLE_LOCKMODE_SHARED);
    ReleaseSRWLockShared(&srw);
    if (ok_wait)
        InterlockedIncrement(&gate_passed);
    return 0;
}

static void test_condition_variables(void)
{
    HANDLE th[3];
    DWORD start;

    InitializeCriticalSection(&cs);
    run_queue(FALSE);
    run_queue(TRUE);
    DeleteCriticalSection(&cs);

    /* WakeAllConditionVariable releases every waiter (here shared-mode SRW waiters) */
    gate_open = gate_waiting = gate_passed = 0;
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, gate_thread, NULL, 0, NULL);
    start = GetTickCount();
    while (gate_waiting < 3 && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    Sleep(50);
    ok(gate_passed == 0, "waiters passed a closed gate\n");
    AcquireSRWLockExclusive(&srw);
    gate_open = 1;
    ReleaseSRWLockExclusive(&srw);
    WakeAllConditionVariable(&gate);
    ok(WaitForMultipleObjects(3, th, TRUE, WAIT_MS) == WAIT_OBJECT_0, "waiters not released\n");
    ok(gate_passed == 3, "%ld of 3 waiters woken by WakeAll\n", gate_passed);
    for (int i = 0; i < 3; i++)
        CloseHandle(th[i]);
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG once_calls;

static BOOL CALLBACK once_callback(PINIT_ONCE init_once, void *param, void **context)
{
    InterlockedIncrement(&once_calls);
    Sleep(50); /* let the other threads pile up behind us */
    *context = (void *)0x1230;
    return TRUE;
}

static DWORD WINAPI once_thread(void *param)
{
    void *ctx = NULL;
    if (!InitOnceExecuteOnce(&once, once_callback, NULL, &ctx))
        return 1;
    return ctx == (void *)0x1230 ? 0 : 2;
}

static void test_init_once_race(void)
{
    HANDLE h[THREADS];
    DWORD code;

    once_calls = 0;
    for (int i = 0; i < THREADS; i++)
        h[i] = CreateThread(NULL, 0, once_thread, NULL, 0, NULL);
    ok(WaitForMultipleObjects(THREADS, h, TRUE, WAIT_MS) == WAIT_OBJECT_0, "threads did not finish\n");
    for (int i = 0; i < THREADS; i++) {
        GetExitCodeThread(h[i], &code);
        ok(code == 0, "thread %d: InitOnceExecuteOnce result %lu\n", i, code);
        CloseHandle(h[i]);
    }
    ok(once_calls == 1, "init function ran %ld times\n", once_calls);
}

static volatile LONG address_value;
static volatile LONG address_woken;

static DWORD WINAPI wait_on_address_thread(void *param)
{
    LONG undesired = 0;
    DWORD start = GetTickCount();
    while (address_value == 0 && GetTickCount() - start < WAIT_MS)
        WaitOnAddress(&address_value, &undesired, sizeof(undesired), WAIT_MS);
    if (address_value != 0)
        InterlockedIncrement(&address_woken);
    return 0;
}

static void test_wait_on_address(void)
{
    HANDLE h[3];
    DWORD start;

    address_value = 0;
    address_woken = 0;
    for (int i = 0; i < 3; i++)
        h[i] = CreateThread(NULL, 0, wait_on_address_thread, NULL, 0, NULL);
    Sleep(100);
    ok(address_woken == 0, "waiters passed an unchanged value\n");
    start = GetTickCount();
    InterlockedExchange(&address_value, 1);
    WakeByAddressAll((void *)&address_value);
    ok(WaitForMultipleObjects(3, h, TRUE, WAIT_MS) == WAIT_OBJECT_0, "waiters not woken\n");
    ok(GetTickCount() - start < 2000, "WakeByAddressAll took %lu ms\n", GetTickCount() - start);
    ok(address_woken == 3, "%ld waiters saw the change\n", address_woken);
    for (int i = 0; i < 3; i++)
        CloseHandle(h[i]);
}

START_TEST(sync_mt)
{
    test_srw_contention();
    test_critical_section_contention();
    test_condition_variables();
    test_init_once_race();
    test_wait_on_address();
}
