/*
 * Critical section conformance tests: initialisation, recursion, ownership, TryEnter and contention.
 */
#include "test.h"

static CRITICAL_SECTION cs;
static volatile LONG counter;
static volatile LONG inside;
static volatile LONG overlap;

static DWORD WINAPI hammer_thread(void *arg)
{
    for (int i = 0; i < 20000; i++) {
        EnterCriticalSection(&cs);
        if (InterlockedIncrement(&inside) != 1)
            overlap = 1;
        counter++;
        InterlockedDecrement(&inside);
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI try_thread(void *arg)
{
    /* the section is held by the main thread: TryEnter must fail here */
    return TryEnterCriticalSection(&cs);
}

static void test_basic(void)
{
    CRITICAL_SECTION c;
    InitializeCriticalSection(&c);
    ok(c.LockCount == -1, "LockCount %ld\n", c.LockCount);
    ok(c.RecursionCount == 0 && c.OwningThread == NULL, "fresh section owned\n");

    EnterCriticalSection(&c);
    ok(c.RecursionCount == 1, "RecursionCount %ld\n", c.RecursionCount);
    ok(c.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId(), "OwningThread %p, thread %lu\n",
       c.OwningThread, GetCurrentThreadId());
    EnterCriticalSection(&c);
    ok(TryEnterCriticalSection(&c), "recursive TryEnter failed\n");
    ok(c.RecursionCount == 3, "RecursionCount %ld\n", c.RecursionCount);
    LeaveCriticalSection(&c);
    LeaveCriticalSection(&c);
    ok(c.RecursionCount == 1 && c.OwningThread != NULL, "still owned after partial leave\n");
    LeaveCriticalSection(&c);
    ok(c.RecursionCount == 0 && c.OwningThread == NULL, "owner %p after final leave\n", c.OwningThread);
    ok(TryEnterCriticalSection(&c), "TryEnter on a free section failed\n");
    LeaveCriticalSection(&c);
    DeleteCriticalSection(&c);

    ok(InitializeCriticalSectionAndSpinCount(&c, 4000), "InitializeCriticalSectionAndSpinCount failed\n");
    DWORD old = SetCriticalSectionSpinCount(&c, 100);
    ok(old == 4000 || old == 0 /* single processor */, "old spin count %lu\n", old);
    DeleteCriticalSection(&c);

    ok(InitializeCriticalSectionEx(&c, 0, CRITICAL_SECTION_NO_DEBUG_INFO),
       "InitializeCriticalSectionEx failed\n");
    ok(c.DebugInfo == (void *)(ULONG_PTR)-1 || broken(c.DebugInfo != NULL), "DebugInfo %p\n", c.DebugInfo);
    EnterCriticalSection(&c);
    LeaveCriticalSection(&c);
    DeleteCriticalSection(&c);
    /* only the high flag byte is defined (RTL_CRITICAL_SECTION_ALL_FLAG_BITS); Windows rejects the rest with
     * ERROR_INVALID_PARAMETER, Wine 8.0 accepts them */
    SetLastError(0xdeadbeef);
    BOOL ret = InitializeCriticalSectionEx(&c, 0, 1);
    ok(!ret || broken(ret), "invalid flags accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER || broken(ret), "error %lu\n", GetLastError());
    if (ret)
        DeleteCriticalSection(&c);
}

static void test_threads(void)
{
    InitializeCriticalSection(&cs);

    EnterCriticalSection(&cs);
    HANDLE t = CreateThread(NULL, 0, try_thread, NULL, 0, NULL);
    ok(t != NULL, "CreateThread failed\n");
    DWORD code = 0xdead;
    WaitForSingleObject(t, 5000);
    GetExitCodeThread(t, &code);
    ok(code == 0, "TryEnter from another thread succeeded (%lu)\n", code);
    CloseHandle(t);
    LeaveCriticalSection(&cs);

    HANDLE threads[4];
    counter = 0;
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, hammer_thread, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, threads, TRUE, 60000) == WAIT_OBJECT_0, "threads did not finish\n");
    for (int i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    ok(counter == 80000, "counter %ld: lost updates\n", counter);
    ok(!overlap, "two threads were inside the section at once\n");
    ok(cs.LockCount == -1 && cs.RecursionCount == 0, "section not released: %ld %ld\n", cs.LockCount,
       cs.RecursionCount);
    DeleteCriticalSection(&cs);
}

START_TEST(critsect)
{
    test_basic();
    test_threads();
}
