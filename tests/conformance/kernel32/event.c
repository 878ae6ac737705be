/*
 * Kernel synchronization objects: events (manual/auto reset, PulseEvent), mutexes (recursion, ownership,
 * abandonment), semaphores (limits, previous counts) and the handles to them: CloseHandle,
 * DuplicateHandle within the process, Get/SetHandleInformation.
 */
#include "test.h"

#define WAIT_MS 5000

static DWORD WINAPI wait_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS);
}

static DWORD WINAPI wait_short_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, 500);
}

/* Waits until `thread` is blocked: there is no API for that, so give it time to get into its wait. */
static void let_block(void)
{
    Sleep(100);
}

static void test_event(void)
{
    HANDLE ev, th[2];
    DWORD code;

    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(ev != NULL, "CreateEvent failed\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "new event signalled\n");
    ok(SetEvent(ev), "SetEvent failed\n");
    ok(SetEvent(ev), "SetEvent on a set event failed\n");
    /* manual reset: stays signalled through any number of waits */
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "manual event not signalled\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "manual event reset by a wait\n");
    ok(ResetEvent(ev), "ResetEvent failed\n");
    ok(WaitForSingleObject(ev, 10) == WAIT_TIMEOUT, "reset event signalled\n");
    CloseHandle(ev);

    ev = CreateEventA(NULL, TRUE, TRUE, NULL);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "initially set event not signalled\n");
    CloseHandle(ev);

    /* auto reset: one wait consumes the signal */
    ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "auto event not initially signalled\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "auto event still signalled after a wait\n");
    SetEvent(ev);
    SetEvent(ev);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "auto event not signalled\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "two SetEvents counted twice\n");

    /* an auto-reset event wakes exactly one of two waiters per SetEvent */
    th[0] = CreateThread(NULL, 0, wait_short_thread, ev, 0, NULL);
    th[1] = CreateThread(NULL, 0, wait_short_thread, ev, 0, NULL);
    let_block();
    SetEvent(ev);
    ok(WaitForMultipleObjects(2, th, TRUE, WAIT_MS) == WAIT_OBJECT_0, "waiters did not finish\n");
    {
        DWORD c0, c1;
        GetExitCodeThread(th[0], &c0);
        GetExitCodeThread(th[1], &c1);
        ok((c0 == WAIT_OBJECT_0) + (c1 == WAIT_OBJECT_0) == 1, "auto event woke %lu/%lu\n", c0, c1);
        ok((c0 == WAIT_TIMEOUT) + (c1 == WAIT_TIMEOUT) == 1, "other waiter %lu/%lu\n", c0, c1);
    }
    CloseHandle(th[0]);
    CloseHandle(th[1]);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "auto event left signalled after waking a thread\n");

    /* PulseEvent on an auto-reset event with no waiter leaves it unsignalled */
    ok(PulseEvent(ev), "PulseEvent failed\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "pulse with no waiter left the event set\n");
    CloseHandle(ev);

    /* PulseEvent on a manual-reset event releases the current waiters and resets it */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    th[0] = CreateThread(NULL, 0, wait_thread, ev, 0, NULL);
    th[1] = CreateThread(NULL, 0, wait_thread, ev, 0, NULL);
    let_block();
    ok(PulseEvent(ev), "PulseEvent failed\n");
    ok(WaitForMultipleObjects(2, th, TRUE, WAIT_MS) == WAIT_OBJECT_0, "pulse did not release the waiters\n");
    GetExitCodeThread(th[0], &code);
    ok(code == WAIT_OBJECT_0, "first waiter got %lu\n", code);
    GetExitCodeThread(th[1], &code);
    ok(code == WAIT_OBJECT_0, "second waiter got %lu\n", code);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "pulsed manual event left signalled\n");
    CloseHandle(th[0]);
    CloseHandle(th[1]);
    CloseHandle(ev);

    ev = CreateEventExA(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
    ok(ev != NULL && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "CreateEventEx initial state\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "CreateEventEx manual reset\n");
    CloseHandle(ev);

    SetLastError(0xdeadbeef);
    ok(!SetEvent(NULL), "SetEvent(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static DWORD WINAPI take_mutex_and_exit(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS);
}

static DWORD WINAPI release_foreign_mutex(void *param)
{
    SetLastError(0xdeadbeef);
    if (ReleaseMutex((HANDLE)param))
        return 0;
    return GetLastError();
}

static void test_mutex(void)
{
    HANDLE mtx, th;
    DWORD code;

    mtx = CreateMutexA(NULL, FALSE, NULL);
    ok(mtx != NULL, "CreateMutex failed\n");
    /* recursive: the owner may wait again; it must release as many times */
    ok(WaitForSingleObject(mtx, 0) == WAIT_OBJECT_0, "first acquire\n");
    ok(WaitForSingleObject(mtx, 0) == WAIT_OBJECT_0, "recursive acquire\n");
    ok(WaitForSingleObject(mtx, 0) == WAIT_OBJECT_0, "third acquire\n");
    ok(ReleaseMutex(mtx), "release 1\n");
    ok(ReleaseMutex(mtx), "release 2\n");

    /* still owned once: another thread cannot take it */
    th = CreateThread(NULL, 0, wait_short_thread, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_TIMEOUT, "other thread took an owned mutex (%lu)\n", code);
    CloseHandle(th);

    /* a thread that does not own it cannot release it */
    th = CreateThread(NULL, 0, release_foreign_mutex, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == ERROR_NOT_OWNER, "ReleaseMutex by a non-owner: %lu\n", code);
    CloseHandle(th);

    ok(ReleaseMutex(mtx), "release 3\n");
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(mtx), "ReleaseMutex of a free mutex succeeded\n");
    ok(GetLastError() == ERROR_NOT_OWNER, "error %lu\n", GetLastError());

    /* now free: another thread takes it and exits still owning it -> abandoned */
    th = CreateThread(NULL, 0, take_mutex_and_exit, mtx, 0, NULL);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    GetExitCodeThread(th, &code);
    ok(code == WAIT_OBJECT_0, "thread could not take the free mutex (%lu)\n", code);
    CloseHandle(th);
    ok(WaitForSingleObject(mtx, 0) == WAIT_ABANDONED, "mutex of an exited owner not abandoned\n");
    /* the abandoned wait gives ownership; the next acquisition is normal */
    ok(ReleaseMutex(mtx), "release after WAIT_ABANDONED failed\n");
    ok(WaitForSingleObject(mtx, 0) == WAIT_OBJECT_0, "abandonment reported twice\n");
    ok(ReleaseMutex(mtx), "release\n");
    CloseHandle(mtx);

    /* bInitialOwner: owned by the creator */
    mtx = CreateMutexA(NULL, TRUE, NULL);
    th = CreateThread(NULL, 0, wait_short_thread, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_TIMEOUT, "initially owned mutex taken by another thread (%lu)\n", code);
    CloseHandle(th);
    ok(ReleaseMutex(mtx), "creator cannot release its initial ownership\n");
    th = CreateThread(NULL, 0, wait_short_thread, mtx, 0, NULL);
    WaitForSingleObject(th, WAIT_MS);
    GetExitCodeThread(th, &code);
    ok(code == WAIT_OBJECT_0 || code == WAIT_ABANDONED, "released mutex not available (%lu)\n", code);
    CloseHandle(th);
    CloseHandle(mtx);

    mtx = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    ok(mtx != NULL, "CreateMutexEx failed\n");
    ok(ReleaseMutex(mtx), "CreateMutexEx initial owner not set\n");
    CloseHandle(mtx);
}

static void test_semaphore(void)
{
    HANDLE sem, th[3];
    LONG prev;
    DWORD code;
    int woken;

    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 3, 2, NULL) == NULL, "initial count above the maximum accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 0, 0, NULL) == NULL, "maximum 0 accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, -1, 2, NULL) == NULL, "negative initial count accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    sem = CreateSemaphoreA(NULL, 2, 3, NULL);
    ok(sem != NULL, "CreateSemaphore failed\n");
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0, "count 2 -> 1\n");
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0, "count 1 -> 0\n");
    ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "count 0 signalled\n");

    prev = 0xdead;
    ok(ReleaseSemaphore(sem, 2, &prev), "ReleaseSemaphore failed\n");
    ok(prev == 0, "previous count %ld\n", prev);
    ok(ReleaseSemaphore(sem, 1, &prev) && prev == 2, "previous count %ld, expected 2\n", prev);
    /* count is 3 == maximum: any further release fails and leaves the count alone */
    prev = 0xdead;
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(sem, 1, &prev), "release above the maximum succeeded\n");
    ok(GetLastError() == ERROR_TOO_MANY_POSTS, "error %lu\n", GetLastError());
    WaitForSingleObject(sem, 0);
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(sem, 2, NULL), "release of 2 onto count 2 of max 3 succeeded\n");
    ok(GetLastError() == ERROR_TOO_MANY_POSTS, "error %lu\n", GetLastError());
    ok(ReleaseSemaphore(sem, 1, &prev) && prev == 2, "count changed by a failed release (%ld)\n", prev);
    /* lReleaseCount "must be greater than zero": Windows fails a release of 0 with ERROR_INVALID_PARAMETER;
     * Wine 8.0 accepts it as a no-op (broken) */
    SetLastError(0xdeadbeef);
    BOOL ret = ReleaseSemaphore(sem, 0, NULL);
    ok((!ret && GetLastError() == ERROR_INVALID_PARAMETER) || broken(ret), "release of 0: ret %d error %lu\n",
       ret, GetLastError());
    for (int i = 0; i < 3; i++)
        WaitForSingleObject(sem, 0);
    ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "count not back to 0\n");

    /* releasing 2 wakes exactly two of three waiters */
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, wait_short_thread, sem, 0, NULL);
    let_block();
    ok(ReleaseSemaphore(sem, 2, &prev) && prev == 0, "release with waiters: prev %ld\n", prev);
    WaitForMultipleObjects(3, th, TRUE, WAIT_MS);
    woken = 0;
    for (int i = 0; i < 3; i++) {
        GetExitCodeThread(th[i], &code);
        woken += code == WAIT_OBJECT_0;
        CloseHandle(th[i]);
    }
    ok(woken == 2, "%d waiters woken by a release of 2\n", woken);
    ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "count not consumed by the waiters\n");
    CloseHandle(sem);
}

static void test_close_handle(void)
{
    HANDLE h;

    ok(CloseHandle(CreateEventA(NULL, FALSE, FALSE, NULL)), "CloseHandle(event)\n");
    ok(CloseHandle(CreateMutexA(NULL, FALSE, NULL)), "CloseHandle(mutex)\n");
    ok(CloseHandle(CreateSemaphoreA(NULL, 0, 1, NULL)), "CloseHandle(semaphore)\n");
    ok(CloseHandle(CreateWaitableTimerA(NULL, FALSE, NULL)), "CloseHandle(timer)\n");
    h = CreateThread(NULL, 0, wait_short_thread, GetCurrentProcess(), 0, NULL);
    ok(CloseHandle(h), "CloseHandle(thread)\n");
    h = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    ok(CloseHandle(h), "CloseHandle(process)\n");
    {
        HANDLE r, w;
        CreatePipe(&r, &w, NULL, 0);
        ok(CloseHandle(r) && CloseHandle(w), "CloseHandle(pipe)\n");
    }

    h = CreateEventA(NULL, FALSE, FALSE, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(h), "closing a closed handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CloseHandle((HANDLE)(ULONG_PTR)0xdead0), "closing a bogus handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(NULL), "CloseHandle(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject(h, 0) == WAIT_FAILED, "wait on a closed handle did not fail\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static void test_duplicate_handle(void)
{
    HANDLE ev, dup, dup2, sem;
    DWORD flags, before = 0, after = 0;

    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle failed %lu\n", GetLastError());
    ok(dup != ev, "duplicate has the same value\n");
    /* both handles name the same object */
    SetEvent(dup);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event set through the duplicate not seen\n");
    ResetEvent(ev);
    CloseHandle(ev);
    /* closing the original leaves the object alive through the duplicate */
    ok(SetEvent(dup), "duplicate died with the original\n");

    /* DUPLICATE_CLOSE_SOURCE closes the source handle: the handle count does not grow (the new handle may
     * reuse the source's value, so the count is the reliable witness) */
    GetProcessHandleCount(GetCurrentProcess(), &before);
    ok(DuplicateHandle(GetCurrentProcess(), dup, GetCurrentProcess(), &dup2, 0, FALSE,
                       DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
       "DuplicateHandle with DUPLICATE_CLOSE_SOURCE failed\n");
    GetProcessHandleCount(GetCurrentProcess(), &after);
    ok(after == before, "handle count %lu -> %lu with DUPLICATE_CLOSE_SOURCE\n", before, after);
    if (dup2 != dup) {
        SetLastError(0xdeadbeef);
        ok(!CloseHandle(dup), "source handle still open after DUPLICATE_CLOSE_SOURCE\n");
        ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    }
    ok(DuplicateHandle(GetCurrentProcess(), dup2, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle failed\n");
    GetProcessHandleCount(GetCurrentProcess(), &after);
    /* Wine 8.0's GetProcessHandleCount always reports 0 (broken) */
    ok(after == before + 1 || broken(!before && !after),
       "handle count %lu -> %lu without DUPLICATE_CLOSE_SOURCE\n", before, after);
    CloseHandle(dup);
    ok(WaitForSingleObject(dup2, 0) == WAIT_OBJECT_0, "object lost its state\n");

    /* the inherit flag comes from bInheritHandle, not from the source */
    ok(DuplicateHandle(GetCurrentProcess(), dup2, GetCurrentProcess(), &dup, 0, TRUE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle inheritable failed\n");
    ok(GetHandleInformation(dup, &flags) && flags == HANDLE_FLAG_INHERIT, "flags %lx\n", flags);
    CloseHandle(dup);

    /* reduced access: SYNCHRONIZE only allows waiting, not SetEvent */
    ok(DuplicateHandle(GetCurrentProcess(), dup2, GetCurrentProcess(), &dup, SYNCHRONIZE, FALSE, 0),
       "DuplicateHandle(SYNCHRONIZE) failed\n");
    ok(WaitForSingleObject(dup, 0) == WAIT_OBJECT_0, "cannot wait on a SYNCHRONIZE handle\n");
    SetLastError(0xdeadbeef);
    ok(!SetEvent(dup), "SetEvent through a SYNCHRONIZE-only handle succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ResetEvent(dup), "ResetEvent through a SYNCHRONIZE-only handle succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    CloseHandle(dup);

    /* EVENT_MODIFY_STATE only allows SetEvent, not waiting */
    ok(DuplicateHandle(GetCurrentProcess(), dup2, GetCurrentProcess(), &dup, EVENT_MODIFY_STATE, FALSE, 0),
       "DuplicateHandle(EVENT_MODIFY_STATE) failed\n");
    ok(ResetEvent(dup), "ResetEvent through EVENT_MODIFY_STATE failed\n");
    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject(dup, 0) == WAIT_FAILED, "waited without SYNCHRONIZE\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    CloseHandle(dup);
    CloseHandle(dup2);

    sem = CreateSemaphoreA(NULL, 0, 5, NULL);
    ok(DuplicateHandle(GetCurrentProcess(), sem, GetCurrentProcess(), &dup, SYNCHRONIZE, FALSE, 0),
       "DuplicateHandle(semaphore) failed\n");
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(dup, 1, NULL), "ReleaseSemaphore without SEMAPHORE_MODIFY_STATE succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    CloseHandle(dup);
    CloseHandle(sem);

    /* duplicating a pseudo handle yields a real handle to the same thread/process */
    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS),
       "duplicating GetCurrentThread() failed\n");
    ok(dup != GetCurrentThread() && GetThreadId(dup) == GetCurrentThreadId(), "duplicated thread handle\n");
    CloseHandle(dup);
    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS),
       "duplicating GetCurrentProcess() failed\n");
    ok(dup != GetCurrentProcess() && GetProcessId(dup) == GetCurrentProcessId(),
       "duplicated process handle\n");
    CloseHandle(dup);

    SetLastError(0xdeadbeef);
    ok(!DuplicateHandle(GetCurrentProcess(), (HANDLE)(ULONG_PTR)0xdead0, GetCurrentProcess(), &dup, 0, FALSE,
                        DUPLICATE_SAME_ACCESS),
       "duplicating an invalid handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static void test_handle_information(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL), inh = CreateEventA(&sa, FALSE, FALSE, NULL);
    DWORD flags;

    flags = 0xdeadbeef;
    ok(GetHandleInformation(ev, &flags) && flags == 0, "new handle flags %lx\n", flags);
    ok(GetHandleInformation(inh, &flags) && flags == HANDLE_FLAG_INHERIT, "inheritable handle flags %lx\n",
       flags);

    ok(SetHandleInformation(ev, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT), "SetHandleInformation failed\n");
    ok(GetHandleInformation(ev, &flags) && flags == HANDLE_FLAG_INHERIT, "flags %lx\n", flags);
    /* only the bits in the mask change */
    ok(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE | 0),
       "set protect failed\n");
    ok(GetHandleInformation(ev, &flags) && flags == (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE),
       "flags %lx\n", flags);
    ok(SetHandleInformation(ev, HANDLE_FLAG_INHERIT, 0), "clear inherit failed\n");
    ok(GetHandleInformation(ev, &flags) && flags == HANDLE_FLAG_PROTECT_FROM_CLOSE, "flags %lx\n", flags);

    /* a protected handle survives CloseHandle */
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(ev), "CloseHandle of a protected handle succeeded\n");
    ok(SetEvent(ev), "protected handle was closed\n");
    ok(SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), "unprotect failed\n");
    ok(CloseHandle(ev), "CloseHandle after unprotecting failed\n");

    SetLastError(0xdeadbeef);
    ok(!GetHandleInformation(ev, &flags), "GetHandleInformation on a closed handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetHandleInformation(ev, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation on a closed handle\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(inh);
}

START_TEST(event)
{
    test_event();
    test_mutex();
    test_semaphore();
    test_close_handle();
    test_duplicate_handle();
    test_handle_information();
}
