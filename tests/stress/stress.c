/*
 * Stress test of oriel's synchronization objects across processes (tests/stress/run, docs/robustness.md).
 *
 *     stress.exe TAG INDEX NPROCS SECONDS THREADS
 *
 * NPROCS copies run at once on one prefix (INDEX 0..NPROCS-1); all objects are named TAG-... so that
 * concurrent runs do not meet. Every wait has a long timeout: a wait that times out is a lost wake-up.
 *
 * - start barrier: each process releases TAG-ready; process 0 waits for NPROCS-1 of them and sets the
 *   manual-reset event TAG-go, which every thread of every process waits for.
 * - tokens: TAG-tokens is a semaphore of TOKENS tokens. A holder also puts one count into TAG-inuse
 *   (max TOKENS): more holders than tokens makes that ReleaseSemaphore fail with ERROR_TOO_MANY_POSTS.
 *   ReleaseSemaphore's previous count must stay below the maximum.
 * - mutex: TAG-mutex is taken (recursively, twice) and while held TAG-guard (max 1) goes from 0 to 1
 *   and back: two owners at once make the release fail or see a previous count of 1.
 * - wait-all: TAG-mutex and TAG-tokens taken together by WaitForMultipleObjects(bWaitAll).
 * - ping-pong: processes 2p and 2p+1 bounce the auto-reset events TAG-ping-p and TAG-pong-p; both count
 *   the round trips and print them (the runner checks that both sides agree).
 * - abandonment: a thread that ends owning TAG-abandon-INDEX leaves WAIT_ABANDONED to the next waiter.
 * - balance: every process adds its operation count to TAG-ops; process 0 waits for the others
 *   (TAG-done), reads the sum from ReleaseSemaphore's previous count and prints it (the runner checks it
 *   against the per-process counts), then checks that every token is back and TAG-inuse and TAG-guard
 *   are 0.
 * Output: per-process lines `stress INDEX: ...`, last `stress INDEX: PASS` or `stress INDEX: FAIL ...`.
 *
 * Two more modes (victim, watcher; see victim() below) check what a process killed from outside leaves
 * behind: an abandoned mutex and a signaled process object with an exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define TOKENS 3
#define WAIT_MS 15000 /* far above any legitimate wait, even on a loaded machine */
#define MAX_THREADS 16

static char tag[64];
static int index_, nprocs, threads;
static DWORD run_ms;

/* every thread times its own run from the moment the go event lets it start */
static ULONGLONG start_deadline(void)
{
    return GetTickCount64() + run_ms;
}
static volatile LONG errors, ops, abandons;
static volatile LONG first_error_taken;
static char first_error[256];
static HANDLE go, tokens, inuse, mutex, guard;

static void fail(const char *what, DWORD value)
{
    InterlockedIncrement(&errors);
    if (!InterlockedExchange(&first_error_taken, 1))
        snprintf(first_error, sizeof(first_error), "%s (%lu, error %lu)", what, (unsigned long)value,
                 (unsigned long)GetLastError());
}

static const char *object_name(char *buf, size_t size, const char *what, int n)
{
    if (n >= 0)
        snprintf(buf, size, "%s-%s-%d", tag, what, n);
    else
        snprintf(buf, size, "%s-%s", tag, what);
    return buf;
}

static HANDLE named_semaphore(const char *what, LONG initial, LONG max)
{
    char name[128];
    HANDLE h = CreateSemaphoreA(NULL, initial, max, object_name(name, sizeof(name), what, -1));
    if (!h)
        fail("CreateSemaphore", 0);
    return h;
}

static HANDLE named_event(const char *what, int n, BOOL manual)
{
    char name[128];
    HANDLE h = CreateEventA(NULL, manual, FALSE, object_name(name, sizeof(name), what, n));
    if (!h)
        fail("CreateEvent", n);
    return h;
}

static int must_wait(HANDLE h, const char *what)
{
    DWORD r = WaitForSingleObject(h, WAIT_MS);
    if (r == WAIT_OBJECT_0)
        return 1;
    fail(what, r);
    return 0;
}

static void token_op(void)
{
    LONG prev;

    if (!must_wait(tokens, "token wait"))
        return;
    if (!ReleaseSemaphore(inuse, 1, &prev))
        fail("more holders than tokens", 0);
    else if (prev >= TOKENS)
        fail("inuse count", prev);
    if (WaitForSingleObject(inuse, 0) != WAIT_OBJECT_0)
        fail("inuse lost its count", 0);
    if (!ReleaseSemaphore(tokens, 1, &prev))
        fail("token release", 0);
    else if (prev >= TOKENS)
        fail("token count above its maximum", prev);
    InterlockedIncrement(&ops);
}

static void mutex_held_checks(void)
{
    LONG prev;

    if (!ReleaseSemaphore(guard, 1, &prev))
        fail("two mutex owners (guard full)", 0);
    else if (prev != 0)
        fail("two mutex owners (guard count)", prev);
    if (WaitForSingleObject(guard, 0) != WAIT_OBJECT_0)
        fail("guard lost its count", 0);
}

static void mutex_op(void)
{
    DWORD r = WaitForSingleObject(mutex, WAIT_MS);

    if (r != WAIT_OBJECT_0) {
        fail(r == WAIT_ABANDONED ? "shared mutex abandoned" : "mutex wait", r);
        if (r != WAIT_ABANDONED)
            return;
    }
    /* recursion */
    if (WaitForSingleObject(mutex, 0) != WAIT_OBJECT_0)
        fail("recursive acquire", 0);
    mutex_held_checks();
    if (!ReleaseMutex(mutex))
        fail("inner ReleaseMutex", 0);
    if (!ReleaseMutex(mutex))
        fail("outer ReleaseMutex", 0);
    InterlockedIncrement(&ops);
}

static void wait_all_op(void)
{
    HANDLE both[2] = {mutex, tokens};
    DWORD r = WaitForMultipleObjects(2, both, TRUE, WAIT_MS);
    LONG prev;

    if (r != WAIT_OBJECT_0) {
        fail("wait all", r);
        return;
    }
    mutex_held_checks();
    if (!ReleaseSemaphore(tokens, 1, &prev) || prev >= TOKENS)
        fail("token release after wait all", prev);
    if (!ReleaseMutex(mutex))
        fail("ReleaseMutex after wait all", 0);
    InterlockedIncrement(&ops);
}

static void not_owner_op(void)
{
    /* a thread that does not own the mutex cannot release it */
    SetLastError(0xdeadbeef);
    if (ReleaseMutex(mutex))
        fail("ReleaseMutex without owning it succeeded", 0);
    else if (GetLastError() != ERROR_NOT_OWNER)
        fail("ReleaseMutex without owning it: error", GetLastError());
    /* a release past the maximum changes nothing */
    SetLastError(0xdeadbeef);
    if (ReleaseSemaphore(tokens, TOKENS + 1, NULL))
        fail("ReleaseSemaphore over its maximum succeeded", 0);
    else if (GetLastError() != ERROR_TOO_MANY_POSTS)
        fail("ReleaseSemaphore over its maximum: error", GetLastError());
}

static DWORD WINAPI worker(void *arg)
{
    unsigned int seed = (unsigned int)(index_ * 7919 + (int)(INT_PTR)arg * 104729 + 1);

    if (!must_wait(go, "start barrier (go event)"))
        return 1;
    ULONGLONG deadline = start_deadline();
    while (GetTickCount64() < deadline && !errors) {
        seed = seed * 1103515245 + 12345;
        switch ((seed >> 16) % 8) {
        case 0:
        case 1:
        case 2:
            token_op();
            break;
        case 3:
        case 4:
        case 5:
            mutex_op();
            break;
        case 6:
            wait_all_op();
            break;
        default:
            not_owner_op();
            break;
        }
    }
    return 0;
}

/* ---- ping-pong between processes 2p and 2p+1 ---- */
static LONG pair_rounds;

static DWORD WINAPI pinger(void *arg)
{
    int pair = index_ / 2;
    HANDLE ping = named_event("ping", pair, FALSE), pong = named_event("pong", pair, FALSE);
    HANDLE stop = named_event("stop", pair, TRUE);

    if (!ping || !pong || !stop || !must_wait(go, "start barrier (pinger)"))
        return 1;
    ULONGLONG deadline = start_deadline();
    while (GetTickCount64() < deadline && !errors) {
        if (!SetEvent(ping))
            fail("SetEvent ping", 0);
        if (!must_wait(pong, "pong lost (lost wake-up)"))
            break;
        pair_rounds++;
    }
    SetEvent(stop);
    SetEvent(ping);
    CloseHandle(ping);
    CloseHandle(pong);
    CloseHandle(stop);
    return 0;
}

static DWORD WINAPI ponger(void *arg)
{
    int pair = index_ / 2;
    HANDLE ping = named_event("ping", pair, FALSE), pong = named_event("pong", pair, FALSE);
    HANDLE stop = named_event("stop", pair, TRUE);

    if (!ping || !pong || !stop || !must_wait(go, "start barrier (ponger)"))
        return 1;
    for (;;) {
        /* the pinger stops at its own deadline, which may come a little after ours */
        if (!must_wait(ping, "ping lost (lost wake-up)"))
            break;
        if (WaitForSingleObject(stop, 0) == WAIT_OBJECT_0)
            break;
        pair_rounds++;
        if (!SetEvent(pong))
            fail("SetEvent pong", 0);
    }
    CloseHandle(ping);
    CloseHandle(pong);
    CloseHandle(stop);
    return 0;
}

/* ---- abandonment ---- */
static DWORD WINAPI abandon_owner(void *arg)
{
    DWORD r = WaitForSingleObject((HANDLE)arg, WAIT_MS);
    if (r != WAIT_OBJECT_0)
        fail("abandon owner wait", r);
    return 0; /* ends owning it */
}

static DWORD WINAPI abandoner(void *arg)
{
    char name[128];
    HANDLE m = CreateMutexA(NULL, FALSE, object_name(name, sizeof(name), "abandon", index_));

    if (!m) {
        fail("CreateMutex abandon", 0);
        return 1;
    }
    if (!must_wait(go, "start barrier (abandoner)"))
        return 1;
    ULONGLONG deadline = start_deadline();
    while (GetTickCount64() < deadline && !errors) {
        HANDLE t = CreateThread(NULL, 0, abandon_owner, m, 0, NULL);
        if (!t) {
            fail("CreateThread", 0);
            break;
        }
        if (!must_wait(t, "thread end"))
            break;
        CloseHandle(t);
        DWORD r = WaitForSingleObject(m, WAIT_MS);
        if (r != WAIT_ABANDONED)
            fail("expected WAIT_ABANDONED", r);
        if (WaitForSingleObject(m, 0) != WAIT_OBJECT_0) /* recursion: no longer abandoned */
            fail("second acquire after abandonment", 0);
        if (!ReleaseMutex(m) || !ReleaseMutex(m))
            fail("release after abandonment", 0);
        InterlockedIncrement(&abandons);
        Sleep(20);
    }
    CloseHandle(m);
    return 0;
}

/* ---- a process killed from outside (SIGKILL of its oriel process by tests/stress/run) ----
 *     stress.exe TAG victim          owns TAG-kmutex, then waits forever in several threads
 *     stress.exe TAG watcher PID     waits for TAG-kmutex (WAIT_ABANDONED) and for process PID */
static DWORD WINAPI victim_waiter(void *arg)
{
    WaitForSingleObject((HANDLE)arg, INFINITE);
    return 0;
}

static int victim(void)
{
    char name[128];
    HANDLE m = CreateMutexA(NULL, TRUE, object_name(name, sizeof(name), "kmutex", -1));
    HANDLE never = named_event("knever", -1, TRUE), sem = named_semaphore("ksem", 0, 10);

    if (!m || GetLastError() == ERROR_ALREADY_EXISTS || !never || !sem) {
        printf("stress victim: FAIL setting up (error %lu)\n", (unsigned long)GetLastError());
        return 1;
    }
    /* recursion: abandonment must not depend on the count */
    WaitForSingleObject(m, 0);
    for (int i = 0; i < 3; i++)
        if (!CreateThread(NULL, 0, victim_waiter, i ? sem : never, 0, NULL))
            return 1;
    printf("stress victim: ready pid=%lu\n", (unsigned long)GetCurrentProcessId());
    /* the main thread too: killed in the middle of a wait */
    HANDLE both[2] = {never, sem};
    WaitForMultipleObjects(2, both, TRUE, INFINITE);
    printf("stress victim: FAIL the wait ended\n");
    return 1;
}

static int watcher(DWORD pid)
{
    char name[128];
    HANDLE m =
        OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, object_name(name, sizeof(name), "kmutex", -1));
    HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    DWORD r, code = 0;

    if (!m || !process) {
        printf("stress watcher: FAIL open mutex %p process %p (error %lu)\n", m, process,
               (unsigned long)GetLastError());
        return 1;
    }
    if ((r = WaitForSingleObject(m, 0)) != WAIT_TIMEOUT) {
        printf("stress watcher: FAIL the victim's mutex is not owned (%lu)\n", (unsigned long)r);
        return 1;
    }
    printf("stress watcher: ready\n");
    r = WaitForSingleObject(m, 30000);
    if (r != WAIT_ABANDONED)
        fail("watcher: mutex wait, expected WAIT_ABANDONED", r);
    else if (!ReleaseMutex(m))
        fail("watcher: ReleaseMutex", 0);
    r = WaitForSingleObject(process, 30000);
    if (r != WAIT_OBJECT_0)
        fail("watcher: process wait", r);
    else if (!GetExitCodeProcess(process, &code) || code == STILL_ACTIVE)
        fail("watcher: exit code of the killed process", code);
    /* nobody owns it now: a plain acquire */
    if ((r = WaitForSingleObject(m, 0)) != WAIT_OBJECT_0)
        fail("watcher: mutex after abandonment", r);
    else
        ReleaseMutex(m);
    if (errors) {
        printf("stress watcher: FAIL %s\n", first_error);
        return 1;
    }
    printf("stress watcher: killed process exit code %lu\n", (unsigned long)code);
    printf("stress watcher: PASS\n");
    return 0;
}

int main(int argc, char **argv)
{
    HANDLE th[MAX_THREADS + 2], ready, done, opcount;
    int seconds, nth = 0;
    LONG prev;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc >= 3 && !strcmp(argv[2], "victim")) {
        snprintf(tag, sizeof(tag), "%s", argv[1]);
        return victim();
    }
    if (argc >= 4 && !strcmp(argv[2], "watcher")) {
        snprintf(tag, sizeof(tag), "%s", argv[1]);
        return watcher((DWORD)strtoul(argv[3], NULL, 10));
    }
    if (argc != 6) {
        printf("usage: stress TAG INDEX NPROCS SECONDS THREADS\n");
        return 2;
    }
    snprintf(tag, sizeof(tag), "%s", argv[1]);
    index_ = atoi(argv[2]);
    nprocs = atoi(argv[3]);
    seconds = atoi(argv[4]);
    threads = atoi(argv[5]);
    run_ms = (DWORD)seconds * 1000;
    if (threads < 1 || threads > MAX_THREADS || nprocs < 1 || index_ < 0 || index_ >= nprocs)
        return 2;

    go = named_event("go", -1, TRUE);
    tokens = named_semaphore("tokens", TOKENS, TOKENS);
    inuse = named_semaphore("inuse", 0, TOKENS);
    guard = named_semaphore("guard", 0, 1);
    ready = named_semaphore("ready", 0, 1000);
    done = named_semaphore("done", 0, 1000);
    opcount = named_semaphore("ops", 0, 0x7fffffff);
    char name[128];
    mutex = CreateMutexA(NULL, FALSE, object_name(name, sizeof(name), "mutex", -1));
    if (!mutex)
        fail("CreateMutex", 0);
    if (errors)
        goto report;

    /* the threads exist before the barrier opens, so that they all start at once */
    for (int i = 0; i < threads; i++)
        th[nth++] = CreateThread(NULL, 0, worker, (void *)(INT_PTR)i, 0, NULL);
    int paired = (index_ ^ 1) < nprocs;
    if (paired)
        th[nth++] = CreateThread(NULL, 0, (index_ & 1) ? ponger : pinger, NULL, 0, NULL);
    th[nth++] = CreateThread(NULL, 0, abandoner, NULL, 0, NULL);
    for (int i = 0; i < nth; i++)
        if (!th[i])
            fail("CreateThread", i);

    if (index_ == 0) {
        for (int i = 1; i < nprocs; i++)
            if (!must_wait(ready, "start barrier: another process never arrived"))
                break;
        if (!SetEvent(go))
            fail("SetEvent go", 0);
    } else {
        if (!ReleaseSemaphore(ready, 1, NULL))
            fail("ReleaseSemaphore ready", 0);
        must_wait(go, "start barrier (main)");
    }
    for (int i = 0; i < nth; i++) {
        if (th[i] && WaitForSingleObject(th[i], (DWORD)seconds * 1000 + 3 * WAIT_MS) != WAIT_OBJECT_0)
            fail("thread did not finish", i);
        DWORD code = 1;
        if (th[i] && (!GetExitCodeThread(th[i], &code) || code != 0))
            fail("thread exit code", code);
        if (th[i])
            CloseHandle(th[i]);
    }
    if (!ops)
        fail("no operation done", 0);
    if (!abandons)
        fail("no abandonment tested", 0);
    if (paired)
        printf("stress %d: pair %d rounds %ld\n", index_, index_ / 2, (long)pair_rounds);
    printf("stress %d: ops=%ld abandons=%ld\n", index_, (long)ops, (long)abandons);
    if (!ReleaseSemaphore(opcount, ops, &prev))
        fail("ReleaseSemaphore ops", 0);

    if (index_ == 0) {
        for (int i = 1; i < nprocs; i++)
            if (!must_wait(done, "another process never finished"))
                break;
        /* the sum of every process's count, as the object holds it */
        if (!ReleaseSemaphore(opcount, 1, &prev))
            fail("ReleaseSemaphore ops total", 0);
        else
            printf("stress 0: total ops=%ld\n", (long)prev);
        int got = 0;
        while (got <= TOKENS && WaitForSingleObject(tokens, 0) == WAIT_OBJECT_0)
            got++;
        if (got != TOKENS)
            fail("tokens at the end", got);
        if (WaitForSingleObject(inuse, 0) != WAIT_TIMEOUT)
            fail("inuse not 0 at the end", 0);
        if (WaitForSingleObject(guard, 0) != WAIT_TIMEOUT)
            fail("guard not 0 at the end", 0);
        if (WaitForSingleObject(mutex, 0) != WAIT_OBJECT_0)
            fail("mutex not free at the end", 0);
        else
            ReleaseMutex(mutex);
    } else if (!ReleaseSemaphore(done, 1, NULL))
        fail("ReleaseSemaphore done", 0);

report:
    if (errors) {
        printf("stress %d: FAIL %ld errors, first: %s\n", index_, (long)errors, first_error);
        return 1;
    }
    printf("stress %d: PASS\n", index_);
    return 0;
}
