/*
 * Synchronization benchmark, Windows side (tests/bench/sync_run runs it under oriel and Wine; sync_native.c
 * measures the same things with Linux primitives).
 *
 *     sync.exe [BENCH...] [-t SECONDS]     BENCH: mutex event critsect thread spawn (default: all)
 *     sync.exe child                       exits at once with 0 (the trivial program `spawn` starts)
 *
 * Each benchmark repeats its operation for about SECONDS (default 1; spawn at least 5 times) and prints
 * one line `NAME OPS_PER_SECOND COUNT`. A failed API call prints `NAME failed ...` and exits with 1.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double seconds = 1.0;
static LARGE_INTEGER freq;

static double now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)freq.QuadPart;
}

static void report(const char *name, unsigned long long count, double elapsed)
{
    printf("%s %.0f %llu\n", name, count / elapsed, count);
    fflush(stdout);
}

static void fail(const char *name, const char *what)
{
    printf("%s failed: %s (error %lu)\n", name, what, GetLastError());
    fflush(stdout);
    ExitProcess(1);
}

/* Runs `op` in batches of `batch` until `seconds` have passed (at least `min_count` operations). */
#define TIMED_LOOP(name, batch, min_count, op)                                                               \
    do {                                                                                                     \
        unsigned long long count_ = 0;                                                                       \
        double start_ = now(), elapsed_;                                                                     \
        do {                                                                                                 \
            for (int i_ = 0; i_ < (batch); i_++) {                                                           \
                op;                                                                                          \
            }                                                                                                \
            count_ += (batch);                                                                               \
            elapsed_ = now() - start_;                                                                       \
        } while (elapsed_ < seconds || count_ < (min_count));                                                \
        report(name, count_, elapsed_);                                                                      \
    } while (0)

static void bench_mutex(void)
{
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    if (!m)
        fail("mutex", "CreateMutex");
    TIMED_LOOP("mutex", 1000, 1000, {
        if (WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0)
            fail("mutex", "WaitForSingleObject");
        if (!ReleaseMutex(m))
            fail("mutex", "ReleaseMutex");
    });
    CloseHandle(m);
}

static HANDLE ping, pong;
static volatile LONG stop_pong;

static DWORD WINAPI pong_thread(void *arg)
{
    for (;;) {
        if (WaitForSingleObject(ping, 10000) != WAIT_OBJECT_0)
            return 1;
        if (stop_pong)
            return 0;
        SetEvent(pong);
    }
}

static void bench_event(void)
{
    HANDLE th;
    ping = CreateEventA(NULL, FALSE, FALSE, NULL);
    pong = CreateEventA(NULL, FALSE, FALSE, NULL);
    th = CreateThread(NULL, 0, pong_thread, NULL, 0, NULL);
    if (!ping || !pong || !th)
        fail("event", "setup");
    /* one operation = SetEvent to the other thread and wait for its answer */
    TIMED_LOOP("event", 100, 100, {
        SetEvent(ping);
        if (WaitForSingleObject(pong, 10000) != WAIT_OBJECT_0)
            fail("event", "no answer within 10 s");
    });
    stop_pong = 1;
    SetEvent(ping);
    WaitForSingleObject(th, 10000);
    CloseHandle(th);
    CloseHandle(ping);
    CloseHandle(pong);
}

static void bench_critsect(void)
{
    CRITICAL_SECTION cs;
    static volatile LONG sink;
    InitializeCriticalSection(&cs);
    TIMED_LOOP("critsect", 10000, 10000, {
        EnterCriticalSection(&cs);
        sink++;
        LeaveCriticalSection(&cs);
    });
    DeleteCriticalSection(&cs);
}

static DWORD WINAPI empty_thread(void *arg)
{
    return 0;
}

static void bench_thread(void)
{
    TIMED_LOOP("thread", 10, 10, {
        HANDLE h = CreateThread(NULL, 0, empty_thread, NULL, 0, NULL);
        if (!h)
            fail("thread", "CreateThread");
        if (WaitForSingleObject(h, 10000) != WAIT_OBJECT_0)
            fail("thread", "thread did not exit within 10 s");
        CloseHandle(h);
    });
}

static void bench_spawn(void)
{
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(cmd, sizeof(cmd), "\"%s\" child", self);
    TIMED_LOOP("spawn", 1, 5, {
        STARTUPINFOA si = {sizeof(si)};
        PROCESS_INFORMATION pi;
        DWORD code = 1;
        if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
            fail("spawn", "CreateProcess");
        if (WaitForSingleObject(pi.hProcess, 30000) != WAIT_OBJECT_0)
            fail("spawn", "child did not exit within 30 s");
        GetExitCodeProcess(pi.hProcess, &code);
        if (code != 0)
            fail("spawn", "child exit code");
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    });
}

static const struct {
    const char *name;
    void (*fn)(void);
} benches[] = {
    {"mutex", bench_mutex},   {"event", bench_event}, {"critsect", bench_critsect},
    {"thread", bench_thread}, {"spawn", bench_spawn},
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

int main(int argc, char **argv)
{
    int selected[NBENCH] = {0}, any = 0;

    if (argc > 1 && !strcmp(argv[1], "child"))
        return 0;
    QueryPerformanceFrequency(&freq);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            seconds = atof(argv[++i]);
            continue;
        }
        size_t j;
        for (j = 0; j < NBENCH; j++)
            if (!strcmp(argv[i], benches[j].name))
                break;
        if (j == NBENCH) {
            fprintf(stderr, "usage: sync.exe [mutex|event|critsect|thread|spawn]... [-t SECONDS]\n");
            return 2;
        }
        selected[j] = any = 1;
    }
    for (size_t j = 0; j < NBENCH; j++)
        if (!any || selected[j])
            benches[j].fn();
    return 0;
}
