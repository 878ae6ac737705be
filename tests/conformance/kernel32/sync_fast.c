/*
 * Kernel sync objects under the cases oriel's shared-memory fast path must get right (docs/server.md,
 * "Fast path"): rights of the handle, mutex ownership and abandonment by exiting threads, reused handle
 * values, wake-ups of blocked waiters by uncontended operations, and wait-all racing with them.
 */
#include "test.h"

#define WAIT_MS 10000

static HANDLE dup_with(HANDLE h, DWORD access)
{
    HANDLE out = NULL;
    ok(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &out, access, FALSE, 0),
       "DuplicateHandle failed: %lu\n", GetLastError());
    return out;
}

static void test_access(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), sem = CreateSemaphoreA(NULL, 1, 2, NULL);
    HANDLE sync_only = dup_with(ev, SYNCHRONIZE), modify_only = dup_with(ev, EVENT_MODIFY_STATE);
    HANDLE sem_sync = dup_with(sem, SYNCHRONIZE), sem_modify = dup_with(sem, SEMAPHORE_MODIFY_STATE);
    LONG prev;

    /* twice each: the second call finds whatever the first one cached */
    for (int i = 0; i < 2; i++) {
        SetLastError(0xdeadbeef);
        ok(!SetEvent(sync_only), "SetEvent without EVENT_MODIFY_STATE succeeded\n");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "got %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ok(!ResetEvent(sync_only), "ResetEvent without EVENT_MODIFY_STATE succeeded\n");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "got %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ok(WaitForSingleObject(modify_only, 0) == WAIT_FAILED, "wait without SYNCHRONIZE succeeded\n");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "got %lu\n", GetLastError());
    }
    ok(SetEvent(modify_only), "SetEvent failed: %lu\n", GetLastError());
    ok(SetEvent(modify_only), "SetEvent failed: %lu\n", GetLastError());
    ok(WaitForSingleObject(sync_only, 0) == WAIT_OBJECT_0, "manual event not signaled\n");
    ok(WaitForSingleObject(sync_only, 0) == WAIT_OBJECT_0, "manual event not signaled\n");
    ok(ResetEvent(modify_only), "ResetEvent failed: %lu\n", GetLastError());
    ok(WaitForSingleObject(sync_only, 0) == WAIT_TIMEOUT, "manual event still signaled\n");

    for (int i = 0; i < 2; i++) {
        SetLastError(0xdeadbeef);
        ok(!ReleaseSemaphore(sem_sync, 1, NULL), "release without SEMAPHORE_MODIFY_STATE succeeded\n");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "got %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        ok(WaitForSingleObject(sem_modify, 0) == WAIT_FAILED, "wait without SYNCHRONIZE succeeded\n");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "got %lu\n", GetLastError());
    }
    prev = 99;
    ok(ReleaseSemaphore(sem_modify, 1, &prev), "ReleaseSemaphore failed: %lu\n", GetLastError());
    ok(prev == 1, "previous count %ld\n", prev);
    prev = 99;
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(sem_modify, 1, &prev), "release past the maximum succeeded\n");
    ok(GetLastError() == ERROR_TOO_MANY_POSTS, "got %lu\n", GetLastError());
    ok(WaitForSingleObject(sem_sync, 0) == WAIT_OBJECT_0, "semaphore count 2 not signaled\n");
    ok(WaitForSingleObject(sem_sync, 0) == WAIT_OBJECT_0, "semaphore count 1 not signaled\n");
    ok(WaitForSingleObject(sem_sync, 0) == WAIT_TIMEOUT, "semaphore count 0 signaled\n");

    CloseHandle(sync_only);
    CloseHandle(modify_only);
    CloseHandle(sem_sync);
    CloseHandle(sem_modify);
    CloseHandle(ev);
    CloseHandle(sem);
}

static HANDLE shared_mutex;

static DWORD WINAPI take_mutex_and_exit(void *arg)
{
    DWORD times = (DWORD)(ULONG_PTR)arg;
    for (DWORD i = 0; i < times; i++)
        if (WaitForSingleObject(shared_mutex, 0) != WAIT_OBJECT_0)
            return 1;
    return 0; /* exits owning it */
}

static DWORD WINAPI release_foreign_mutex(void *arg)
{
    SetLastError(0xdeadbeef);
    if (ReleaseMutex(shared_mutex))
        return 1;
    return GetLastError();
}

static void test_mutex(void)
{
    HANDLE th;
    DWORD code;

    shared_mutex = CreateMutexA(NULL, FALSE, NULL);
    /* recursion on the fast path, then the releases */
    for (int i = 0; i < 5; i++)
        ok(WaitForSingleObject(shared_mutex, 0) == WAIT_OBJECT_0, "acquisition %d failed\n", i);
    th = CreateThread(NULL, 0, release_foreign_mutex, NULL, 0, NULL);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    GetExitCodeThread(th, &code);
    ok(code == ERROR_NOT_OWNER, "release by another thread: %lu\n", code);
    CloseHandle(th);
    for (int i = 0; i < 5; i++)
        ok(ReleaseMutex(shared_mutex), "release %d failed: %lu\n", i, GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(shared_mutex), "release of a free mutex succeeded\n");
    ok(GetLastError() == ERROR_NOT_OWNER, "got %lu\n", GetLastError());

    /* a thread that takes it (three times) and exits: the next owner is told it was abandoned */
    th = CreateThread(NULL, 0, take_mutex_and_exit, (void *)(ULONG_PTR)3, 0, NULL);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    GetExitCodeThread(th, &code);
    ok(code == 0, "thread could not take the mutex\n");
    CloseHandle(th);
    ok(WaitForSingleObject(shared_mutex, 0) == WAIT_ABANDONED, "abandoned mutex not reported\n");
    ok(WaitForSingleObject(shared_mutex, 0) == WAIT_OBJECT_0, "second acquisition not plain\n");
    ok(ReleaseMutex(shared_mutex), "release failed: %lu\n", GetLastError());
    ok(ReleaseMutex(shared_mutex), "release failed: %lu\n", GetLastError());

    /* the same while we wait for it (the owner's exit wakes us) */
    th = CreateThread(NULL, 0, take_mutex_and_exit, (void *)(ULONG_PTR)1, CREATE_SUSPENDED, NULL);
    ResumeThread(th);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(WaitForSingleObject(shared_mutex, WAIT_MS) == WAIT_ABANDONED, "abandoned mutex not reported\n");
    ok(ReleaseMutex(shared_mutex), "release failed: %lu\n", GetLastError());
    CloseHandle(th);
    CloseHandle(shared_mutex);
}

static void test_reused_handle(void)
{
    for (int i = 0; i < 20; i++) {
        HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL), sem, mutex;
        ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signaled\n");
        ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signaled\n");
        CloseHandle(ev);
        /* usually the same handle value again, for an object in another state */
        sem = CreateSemaphoreA(NULL, 0, 1, NULL);
        ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "empty semaphore signaled (handle %p was %p)\n", sem,
           ev);
        ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "empty semaphore signaled\n");
        SetLastError(0xdeadbeef);
        ok(!SetEvent(sem), "SetEvent on a semaphore succeeded\n");
        ok(GetLastError() == ERROR_INVALID_HANDLE, "got %lu\n", GetLastError());
        CloseHandle(sem);
        mutex = CreateMutexA(NULL, FALSE, NULL);
        SetLastError(0xdeadbeef);
        ok(!ReleaseSemaphore(mutex, 1, NULL), "ReleaseSemaphore on a mutex succeeded\n");
        ok(GetLastError() == ERROR_INVALID_HANDLE, "got %lu\n", GetLastError());
        CloseHandle(mutex);
    }
    SetLastError(0xdeadbeef);
    ok(!SetEvent((HANDLE)0x7ffc), "SetEvent on a bad handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "got %lu\n", GetLastError());
}

/* ---- producer and consumer: every release must wake a blocked waiter ---- */

#define ITEMS 20000
static HANDLE full, empty, ping, pong;
static volatile LONG consumed;

static DWORD WINAPI consumer(void *arg)
{
    for (int i = 0; i < ITEMS; i++) {
        if (WaitForSingleObject(full, WAIT_MS) != WAIT_OBJECT_0)
            return 1;
        InterlockedIncrement(&consumed);
        if (!ReleaseSemaphore(empty, 1, NULL))
            return 2;
    }
    return 0;
}

static DWORD WINAPI ponger(void *arg)
{
    for (int i = 0; i < ITEMS; i++) {
        if (WaitForSingleObject(ping, WAIT_MS) != WAIT_OBJECT_0)
            return 1;
        SetEvent(pong);
    }
    return 0;
}

static void test_wakeups(void)
{
    HANDLE th;
    DWORD code = 99;
    int i;

    full = CreateSemaphoreA(NULL, 0, 4, NULL);
    empty = CreateSemaphoreA(NULL, 4, 4, NULL);
    th = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    for (i = 0; i < ITEMS; i++) {
        if (WaitForSingleObject(empty, WAIT_MS) != WAIT_OBJECT_0 || !ReleaseSemaphore(full, 1, NULL))
            break;
    }
    ok(i == ITEMS, "producer stopped at %d\n", i);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "consumer did not finish\n");
    GetExitCodeThread(th, &code);
    ok(code == 0, "consumer failed with %lu after %ld items\n", code, consumed);
    CloseHandle(th);
    CloseHandle(full);
    CloseHandle(empty);

    ping = CreateEventA(NULL, FALSE, FALSE, NULL);
    pong = CreateEventA(NULL, FALSE, FALSE, NULL);
    th = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
    for (i = 0; i < ITEMS; i++) {
        SetEvent(ping);
        if (WaitForSingleObject(pong, WAIT_MS) != WAIT_OBJECT_0)
            break;
    }
    ok(i == ITEMS, "ping-pong stopped at %d\n", i);
    ok(WaitForSingleObject(th, WAIT_MS) == WAIT_OBJECT_0, "ponger did not finish\n");
    GetExitCodeThread(th, &code);
    ok(code == 0, "ponger failed\n");
    ok(WaitForSingleObject(pong, 0) == WAIT_TIMEOUT, "an extra pong\n");
    CloseHandle(th);
    CloseHandle(ping);
    CloseHandle(pong);
}

/* ---- wait all against uncontended operations on the same objects ---- */

static HANDLE all_mutex, all_sem;
static volatile LONG in_critical, overlaps, stop_all;

static DWORD WINAPI wait_all_thread(void *arg)
{
    HANDLE objs[2] = {all_mutex, all_sem};
    for (int i = 0; i < 2000; i++) {
        DWORD r = WaitForMultipleObjects(2, objs, TRUE, WAIT_MS);
        if (r != WAIT_OBJECT_0)
            return 1;
        if (InterlockedIncrement(&in_critical) != 1)
            InterlockedIncrement(&overlaps);
        InterlockedDecrement(&in_critical);
        ReleaseSemaphore(all_sem, 1, NULL);
        ReleaseMutex(all_mutex);
    }
    return 0;
}

static DWORD WINAPI single_thread(void *arg)
{
    while (!stop_all) {
        if (WaitForSingleObject(all_mutex, WAIT_MS) != WAIT_OBJECT_0)
            return 1;
        if (InterlockedIncrement(&in_critical) != 1)
            InterlockedIncrement(&overlaps);
        InterlockedDecrement(&in_critical);
        ReleaseMutex(all_mutex);
    }
    return 0;
}

static void test_wait_all(void)
{
    HANDLE th[3];
    DWORD code;
    LONG count = -1;

    all_mutex = CreateMutexA(NULL, FALSE, NULL);
    all_sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    th[0] = CreateThread(NULL, 0, wait_all_thread, NULL, 0, NULL);
    th[1] = CreateThread(NULL, 0, wait_all_thread, NULL, 0, NULL);
    th[2] = CreateThread(NULL, 0, single_thread, NULL, 0, NULL);
    ok(WaitForMultipleObjects(2, th, TRUE, 60000) == WAIT_OBJECT_0, "wait-all threads did not finish\n");
    stop_all = 1;
    ok(WaitForSingleObject(th[2], WAIT_MS) == WAIT_OBJECT_0, "mutex thread did not finish\n");
    for (int i = 0; i < 3; i++) {
        GetExitCodeThread(th[i], &code);
        ok(code == 0, "thread %d failed\n", i);
        CloseHandle(th[i]);
    }
    ok(!overlaps, "%ld overlapping owners\n", overlaps);
    ok(WaitForSingleObject(all_sem, 0) == WAIT_OBJECT_0, "semaphore count lost\n");
    ok(ReleaseSemaphore(all_sem, 1, &count) && count == 0, "semaphore count %ld\n", count);
    ok(WaitForSingleObject(all_mutex, 0) == WAIT_OBJECT_0, "mutex left owned\n");
    ok(ReleaseMutex(all_mutex), "release failed\n");
    CloseHandle(all_mutex);
    CloseHandle(all_sem);
}

/* ---- other processes on the same objects ---- */

#define ROUNDS 2000
static char self_path[MAX_PATH];
static char names[3][64];

static void child_main(const char *mode)
{
    if (!strcmp(mode, "abandon")) {
        /* takes the named mutex three times (the later ones without the server) and exits */
        HANDLE h = OpenMutexA(SYNCHRONIZE, FALSE, names[0]);
        for (int i = 0; i < 3; i++)
            if (!h || WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
                ExitProcess(0x100 + i);
        ExitProcess(0);
    }
    if (!strcmp(mode, "setlater")) {
        HANDLE h = OpenEventA(EVENT_MODIFY_STATE, FALSE, names[1]);
        Sleep(200); /* the parent blocks meanwhile */
        ExitProcess(h && SetEvent(h) ? 0 : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "pingpong")) {
        HANDLE a = OpenSemaphoreA(SYNCHRONIZE, FALSE, names[1]);
        HANDLE b = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, names[2]);
        for (int i = 0; i < ROUNDS; i++)
            if (!a || !b || WaitForSingleObject(a, WAIT_MS) != WAIT_OBJECT_0 || !ReleaseSemaphore(b, 1, NULL))
                ExitProcess(0x100 + i);
        ExitProcess(0);
    }
    ExitProcess(255);
}

static HANDLE start_child(const char *mode)
{
    char cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;

    sprintf(cmd, "\"%s\" child %s %lu", self_path, mode, GetCurrentProcessId());
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

static DWORD finish_child(HANDLE process)
{
    DWORD code = (DWORD)-1;

    if (!process)
        return (DWORD)-2;
    if (WaitForSingleObject(process, WAIT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(process, &code);
    else
        TerminateProcess(process, 1);
    CloseHandle(process);
    return code;
}

static void test_processes(void)
{
    HANDLE mutex = CreateMutexA(NULL, FALSE, names[0]), ev, a, b, child;
    DWORD code;
    int i;

    code = finish_child(start_child("abandon"));
    ok(code == 0, "child could not take the mutex (%lx)\n", code);
    ok(WaitForSingleObject(mutex, 0) == WAIT_ABANDONED, "mutex left by an exited process not abandoned\n");
    ok(ReleaseMutex(mutex), "release failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(mutex), "second release succeeded\n");
    ok(GetLastError() == ERROR_NOT_OWNER, "got %lu\n", GetLastError());
    CloseHandle(mutex);

    /* a set from another process ends our blocked wait */
    ev = CreateEventA(NULL, FALSE, FALSE, names[1]);
    WaitForSingleObject(ev, 0); /* twice, so that the handle is known to the fast path */
    child = start_child("setlater");
    ok(WaitForSingleObject(ev, WAIT_MS) == WAIT_OBJECT_0, "the other process's SetEvent did not wake us\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "auto-reset event still signaled\n");
    code = finish_child(child);
    ok(code == 0, "child could not set the event (%lx)\n", code);
    CloseHandle(ev);

    a = CreateSemaphoreA(NULL, 0, 1, names[1]);
    b = CreateSemaphoreA(NULL, 0, 1, names[2]);
    child = start_child("pingpong");
    for (i = 0; i < ROUNDS; i++)
        if (!ReleaseSemaphore(a, 1, NULL) || WaitForSingleObject(b, WAIT_MS) != WAIT_OBJECT_0)
            break;
    ok(i == ROUNDS, "ping-pong with another process stopped at %d\n", i);
    code = finish_child(child);
    ok(code == 0, "child failed (%lx)\n", code);
    ok(WaitForSingleObject(a, 0) == WAIT_TIMEOUT && WaitForSingleObject(b, 0) == WAIT_TIMEOUT,
       "semaphores left signaled\n");
    CloseHandle(a);
    CloseHandle(b);
}

START_TEST(sync_fast)
{
    DWORD pid = test_argc >= 4 ? strtoul(test_argv[3], NULL, 10) : GetCurrentProcessId();

    /* names unique to this run (the child gets the parent's process id) */
    for (int i = 0; i < 3; i++)
        sprintf(names[i], "Oriel_SyncFast_%d_%lu", i, pid);
    if (test_argc >= 4 && !strcmp(test_argv[1], "child"))
        child_main(test_argv[2]);
    GetModuleFileNameA(NULL, self_path, sizeof(self_path));
    test_access();
    test_mutex();
    test_reused_handle();
    test_wakeups();
    test_wait_all();
    test_processes();
}
