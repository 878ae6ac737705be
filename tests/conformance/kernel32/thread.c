/*
 * Threads: creation, exit codes, termination, suspension, contexts, priorities, sleeping, per-thread TLS and
 * FLS, DLL and TLS-callback thread notifications, descriptions and stack limits.
 * Every wait is bounded so that a broken implementation fails instead of hanging.
 */
#define _WIN32_WINNT 0x0A00
#include "test.h"

#define WAIT_MS 5000

static DWORD WINAPI return_param_thread(void *param)
{
    return (DWORD)(ULONG_PTR)param;
}

static DWORD WINAPI exit_thread_thread(void *param)
{
    ExitThread((DWORD)(ULONG_PTR)param + 1);
    return 0; /* not reached */
}

static volatile LONG spin_stop;
static volatile LONG spin_count;

static DWORD WINAPI spin_thread(void *param)
{
    while (!spin_stop)
        InterlockedIncrement(&spin_count);
    return 7;
}

/* Waits (bounded) until spin_thread has started counting. */
static BOOL wait_for_spin(void)
{
    DWORD start = GetTickCount();
    while (!spin_count && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    return spin_count != 0;
}

static DWORD WINAPI wait_event_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS) == WAIT_OBJECT_0 ? 3 : 4;
}

static DWORD seen_tid;
static DWORD WINAPI record_tid_thread(void *param)
{
    seen_tid = GetCurrentThreadId();
    ok(GetThreadId(GetCurrentThread()) == seen_tid, "GetThreadId(GetCurrentThread()) differs\n");
    return 0;
}

static void test_create_exit(void)
{
    DWORD tid = 0, code;
    HANDLE h, ev;

    h = CreateThread(NULL, 0, return_param_thread, (void *)0x1234, 0, &tid);
    ok(h != NULL, "CreateThread failed %lu\n", GetLastError());
    ok(tid != 0, "no thread id returned\n");
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread handle not signalled at exit\n");
    ok(GetExitCodeThread(h, &code) && code == 0x1234, "exit code %lx, expected the return value\n", code);
    ok(GetThreadId(h) == tid, "GetThreadId %lu, CreateThread said %lu\n", GetThreadId(h), tid);
    CloseHandle(h);

    h = CreateThread(NULL, 0, exit_thread_thread, (void *)41, 0, NULL);
    ok(h != NULL, "CreateThread with no id pointer failed\n");
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "wait failed\n");
    ok(GetExitCodeThread(h, &code) && code == 42, "ExitThread code %lu\n", code);
    CloseHandle(h);

    /* a running thread reports STILL_ACTIVE */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    h = CreateThread(NULL, 0, wait_event_thread, ev, 0, &tid);
    code = 0;
    ok(GetExitCodeThread(h, &code) && code == STILL_ACTIVE, "running thread exit code %lu\n", code);
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "running thread handle is signalled\n");
    SetEvent(ev);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(h, &code) && code == 3, "exit code %lu\n", code);
    /* the handle stays signalled: a second wait succeeds immediately */
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "exited thread handle not signalled\n");
    CloseHandle(h);
    CloseHandle(ev);

    h = CreateThread(NULL, 0, record_tid_thread, NULL, 0, &tid);
    WaitForSingleObject(h, WAIT_MS);
    ok(seen_tid == tid, "GetCurrentThreadId in the thread %lu, CreateThread said %lu\n", seen_tid, tid);
    ok(tid != GetCurrentThreadId(), "new thread has the creator's id\n");
    CloseHandle(h);

    ok(GetThreadId(GetCurrentThread()) == GetCurrentThreadId(), "GetThreadId of the pseudo handle\n");
    ok(GetCurrentThread() == (HANDLE)(LONG_PTR)-2, "GetCurrentThread() %p is not the pseudo handle -2\n",
       GetCurrentThread());
    SetLastError(0xdeadbeef);
    ok(!GetExitCodeThread(NULL, &code), "GetExitCodeThread(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static void test_open_terminate(void)
{
    DWORD tid, code;
    HANDLE h, h2, ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    h = CreateThread(NULL, 0, wait_event_thread, ev, 0, &tid);
    h2 = OpenThread(THREAD_QUERY_INFORMATION | SYNCHRONIZE, FALSE, tid);
    ok(h2 != NULL && h2 != h, "OpenThread failed %lu\n", GetLastError());
    ok(GetThreadId(h2) == tid, "OpenThread handle is for thread %lu\n", GetThreadId(h2));

    /* a handle without THREAD_TERMINATE cannot terminate (access is checked on the handle) */
    SetLastError(0xdeadbeef);
    ok(!TerminateThread(h2, 1), "TerminateThread through a query-only handle succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());

    ok(TerminateThread(h, 0xbad), "TerminateThread failed %lu\n", GetLastError());
    ok(WaitForSingleObject(h2, WAIT_MS) == WAIT_OBJECT_0,
       "terminated thread not signalled via OpenThread handle\n");
    ok(GetExitCodeThread(h2, &code) && code == 0xbad, "terminated exit code %lx\n", code);
    CloseHandle(h);
    CloseHandle(h2);
    CloseHandle(ev);

    SetLastError(0xdeadbeef);
    h = OpenThread(THREAD_ALL_ACCESS, FALSE, 0);
    ok(h == NULL, "OpenThread of id 0 succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    h = OpenThread(THREAD_QUERY_INFORMATION, FALSE, GetCurrentThreadId());
    ok(h != NULL, "OpenThread of the current thread failed\n");
    ok(GetThreadId(h) == GetCurrentThreadId(), "wrong thread\n");
    CloseHandle(h);
}

static void test_suspend_resume(void)
{
    DWORD tid, code;
    LONG before;
    HANDLE h;

    /* CREATE_SUSPENDED: the thread starts with a suspend count of 1 and does not run */
    seen_tid = 0;
    h = CreateThread(NULL, 0, record_tid_thread, NULL, CREATE_SUSPENDED, &tid);
    ok(h != NULL, "CreateThread suspended failed\n");
    ok(WaitForSingleObject(h, 100) == WAIT_TIMEOUT, "suspended thread ran to completion\n");
    ok(seen_tid == 0, "suspended thread ran\n");
    ok(SuspendThread(h) == 1, "SuspendThread on a CREATE_SUSPENDED thread: previous count not 1\n");
    ok(ResumeThread(h) == 2, "ResumeThread previous count not 2\n");
    ok(ResumeThread(h) == 1, "ResumeThread previous count not 1\n");
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "resumed thread did not finish\n");
    ok(seen_tid == tid, "resumed thread did not run\n");
    CloseHandle(h);

    spin_stop = 0;
    spin_count = 0;
    h = CreateThread(NULL, 0, spin_thread, NULL, 0, &tid);
    ok(wait_for_spin(), "spinning thread never ran\n");
    ok(ResumeThread(h) == 0, "ResumeThread of a running thread: count not 0\n");
    ok(SuspendThread(h) == 0, "first SuspendThread: previous count not 0\n");
    ok(SuspendThread(h) == 1, "second SuspendThread: previous count not 1\n");
    ok(SuspendThread(h) == 2, "third SuspendThread: previous count not 2\n");
    /* SuspendThread may return before the target has stopped; GetThreadContext waits until it has */
    {
        CONTEXT ctx;
        ctx.ContextFlags = CONTEXT_CONTROL;
        ok(GetThreadContext(h, &ctx), "GetThreadContext failed %lu\n", GetLastError());
    }
    before = spin_count;
    Sleep(50);
    ok(spin_count == before, "suspended thread kept running (%ld -> %ld)\n", before, spin_count);
    ok(ResumeThread(h) == 3, "ResumeThread: previous count not 3\n");
    ok(ResumeThread(h) == 2, "ResumeThread: previous count not 2\n");
    Sleep(20);
    ok(spin_count == before, "thread runs with suspend count 1\n");
    ok(ResumeThread(h) == 1, "ResumeThread: previous count not 1\n");
    {
        DWORD start = GetTickCount();
        while (spin_count == before && GetTickCount() - start < WAIT_MS)
            Sleep(1);
    }
    ok(spin_count != before, "thread did not run again after the last ResumeThread\n");
    spin_stop = 1;
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "spinning thread did not finish\n");
    ok(GetExitCodeThread(h, &code) && code == 7, "exit code %lu\n", code);

    SetLastError(0xdeadbeef);
    ok(SuspendThread(NULL) == (DWORD)-1, "SuspendThread(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(ResumeThread(NULL) == (DWORD)-1, "ResumeThread(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(h);
}

/* Where a hijacked thread is sent: it exits with the value SetThreadContext put in its first argument. */
static void WINAPI hijack_target(ULONG_PTR arg)
{
    ExitThread((DWORD)arg);
}

static void test_context(void)
{
    CONTEXT ctx;
    DWORD code;
    HANDLE h;

    spin_stop = 0;
    spin_count = 0;
    h = CreateThread(NULL, 0, spin_thread, NULL, 0, NULL);
    ok(wait_for_spin(), "spinning thread never ran\n");
    ok(SuspendThread(h) == 0, "SuspendThread failed\n");

    memset(&ctx, 0xcc, sizeof(ctx));
    ctx.ContextFlags = CONTEXT_FULL;
    ok(GetThreadContext(h, &ctx), "GetThreadContext failed %lu\n", GetLastError());
    ok((ctx.ContextFlags & CONTEXT_FULL) == CONTEXT_FULL, "ContextFlags %lx\n", ctx.ContextFlags);
    ok(ctx.Rip != 0 && ctx.Rip != 0xcccccccccccccccc, "Rip %llx\n", ctx.Rip);
    ok(ctx.Rsp != 0 && ctx.Rsp != 0xcccccccccccccccc, "Rsp %llx\n", ctx.Rsp);
    ok(ctx.SegCs != 0 && ctx.SegCs != 0xcccc, "SegCs %x\n", ctx.SegCs);

    /* send the thread to hijack_target(0x5a5a) on a fresh, aligned part of its own stack */
    ctx.Rip = (ULONG_PTR)hijack_target;
    ctx.Rcx = 0x5a5a;
    ctx.Rsp = ((ctx.Rsp - 0x400) & ~(ULONG64)15) - 8; /* as after a call: return address slot */
    ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    ok(SetThreadContext(h, &ctx), "SetThreadContext failed %lu\n", GetLastError());

    memset(&ctx, 0, sizeof(ctx));
    ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    ok(GetThreadContext(h, &ctx), "GetThreadContext failed\n");
    ok(ctx.Rip == (ULONG_PTR)hijack_target, "Rip not changed: %llx\n", ctx.Rip);
    ok(ctx.Rcx == 0x5a5a, "Rcx not changed: %llx\n", ctx.Rcx);

    ok(ResumeThread(h) == 1, "ResumeThread failed\n");
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "hijacked thread did not exit\n");
    ok(GetExitCodeThread(h, &code) && code == 0x5a5a, "hijacked thread exit code %lx, expected 5a5a\n", code);
    spin_stop = 1;
    CloseHandle(h);

    /* a thread that has not started yet: x64 Windows starts it in RtlUserThreadStart(start, parameter), so
     * its context holds the start address in Rcx and the parameter in Rdx (programs that patch new threads
     * rely on it); changing Rdx changes the parameter the start routine receives */
    h = CreateThread(NULL, 0, return_param_thread, (void *)9, CREATE_SUSPENDED, NULL);
    memset(&ctx, 0, sizeof(ctx));
    ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    ok(GetThreadContext(h, &ctx), "GetThreadContext on a new suspended thread failed\n");
    ok(ctx.Rcx == (ULONG_PTR)return_param_thread, "Rcx %llx, expected the start address %p\n", ctx.Rcx,
       return_param_thread);
    ok(ctx.Rdx == 9, "Rdx %llx, expected the parameter 9\n", ctx.Rdx);
    ctx.Rdx = 10;
    ctx.ContextFlags = CONTEXT_INTEGER;
    ok(SetThreadContext(h, &ctx), "SetThreadContext on a new suspended thread failed\n");
    ResumeThread(h);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not run\n");
    ok(GetExitCodeThread(h, &code) && code == 10, "exit code %lu, expected the parameter set in Rdx\n", code);
    CloseHandle(h);
}

static void test_priority(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, wait_event_thread, ev, 0, NULL);
    static const int prios[] = {THREAD_PRIORITY_LOWEST,  THREAD_PRIORITY_BELOW_NORMAL,
                                THREAD_PRIORITY_NORMAL,  THREAD_PRIORITY_ABOVE_NORMAL,
                                THREAD_PRIORITY_HIGHEST, THREAD_PRIORITY_TIME_CRITICAL,
                                THREAD_PRIORITY_IDLE};

    ok(GetThreadPriority(h) == THREAD_PRIORITY_NORMAL, "default priority %d\n", GetThreadPriority(h));
    ok(GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_NORMAL, "main thread priority %d\n",
       GetThreadPriority(GetCurrentThread()));
    for (int i = 0; i < (int)(sizeof(prios) / sizeof(prios[0])); i++) {
        ok(SetThreadPriority(h, prios[i]), "SetThreadPriority(%d) failed %lu\n", prios[i], GetLastError());
        ok(GetThreadPriority(h) == prios[i], "priority %d, set %d\n", GetThreadPriority(h), prios[i]);
    }
    /* only the listed levels are valid: 3 is between HIGHEST (2) and TIME_CRITICAL (15) */
    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(h, 3), "SetThreadPriority(3) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    ok(GetThreadPriority(h) == THREAD_PRIORITY_IDLE, "failed call changed the priority\n");
    ok(SetThreadPriority(h, THREAD_PRIORITY_NORMAL), "reset failed\n");

    SetLastError(0xdeadbeef);
    ok(GetThreadPriority(NULL) == THREAD_PRIORITY_ERROR_RETURN, "GetThreadPriority(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());

    SetEvent(ev);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    CloseHandle(ev);
}

static volatile LONG switch_flag;
static DWORD WINAPI set_flag_thread(void *param)
{
    InterlockedExchange(&switch_flag, 1);
    return 0;
}

static void test_sleep(void)
{
    DWORD start, elapsed;
    HANDLE h;

    start = GetTickCount();
    Sleep(0);
    Sleep(100);
    elapsed = GetTickCount() - start;
    /* GetTickCount has a coarse resolution; allow one tick of slack below */
    ok(elapsed >= 84 && elapsed < 2000, "Sleep(100) took %lu ms\n", elapsed);

    start = GetTickCount();
    ok(SleepEx(100, FALSE) == 0, "SleepEx non-alertable did not return 0\n");
    ok(SleepEx(0, TRUE) == 0, "SleepEx(0, TRUE) with no APC did not return 0\n");
    elapsed = GetTickCount() - start;
    ok(elapsed >= 84 && elapsed < 2000, "SleepEx(100) took %lu ms\n", elapsed);

    /* SwitchToThread lets a ready thread run; keep yielding until it has */
    switch_flag = 0;
    h = CreateThread(NULL, 0, set_flag_thread, NULL, 0, NULL);
    start = GetTickCount();
    while (!switch_flag && GetTickCount() - start < WAIT_MS)
        SwitchToThread();
    ok(switch_flag, "the other thread never ran while yielding\n");
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
}

static DWORD tls_index;
static DWORD WINAPI tls_thread(void *param)
{
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(tls_index) == NULL, "new thread sees value %p in its slot\n", TlsGetValue(tls_index));
    ok(GetLastError() == ERROR_SUCCESS, "TlsGetValue error %lu\n", GetLastError());
    ok(TlsSetValue(tls_index, param), "TlsSetValue failed\n");
    Sleep(20);
    ok(TlsGetValue(tls_index) == param, "thread's slot changed under it\n");
    return 0;
}

static void test_tls_threads(void)
{
    HANDLE h[3];

    tls_index = TlsAlloc();
    ok(tls_index != TLS_OUT_OF_INDEXES, "TlsAlloc failed\n");
    ok(TlsSetValue(tls_index, (void *)0x1111), "TlsSetValue failed\n");
    for (int i = 0; i < 3; i++)
        h[i] = CreateThread(NULL, 0, tls_thread, (void *)(ULONG_PTR)(0x2000 + i), 0, NULL);
    ok(WaitForMultipleObjects(3, h, TRUE, WAIT_MS) == WAIT_OBJECT_0, "threads did not finish\n");
    for (int i = 0; i < 3; i++)
        CloseHandle(h[i]);
    ok(TlsGetValue(tls_index) == (void *)0x1111, "other threads changed the main thread's slot\n");
    ok(TlsFree(tls_index), "TlsFree failed\n");
}

static volatile LONG fls_calls;
static void *volatile fls_value_seen;
static volatile DWORD fls_callback_tid;
static DWORD fls_index;

static void WINAPI fls_callback(void *value)
{
    InterlockedIncrement(&fls_calls);
    fls_value_seen = value;
    fls_callback_tid = GetCurrentThreadId();
}

static DWORD WINAPI fls_thread(void *param)
{
    ok(FlsGetValue(fls_index) == NULL, "new thread sees FLS value %p\n", FlsGetValue(fls_index));
    ok(FlsSetValue(fls_index, param), "FlsSetValue failed\n");
    return 0;
}

static DWORD WINAPI fls_null_thread(void *param)
{
    ok(FlsSetValue(fls_index, NULL), "FlsSetValue failed\n");
    return 0;
}

static void test_fls_threads(void)
{
    DWORD tid;
    HANDLE h;

    fls_index = FlsAlloc(fls_callback);
    ok(fls_index != FLS_OUT_OF_INDEXES, "FlsAlloc failed %lu\n", GetLastError());

    /* the callback runs for a thread's non-NULL value when that thread exits, on that thread */
    fls_calls = 0;
    h = CreateThread(NULL, 0, fls_thread, (void *)0xf1f1, 0, &tid);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(h);
    ok(fls_calls == 1, "callback ran %ld times at thread exit\n", fls_calls);
    ok(fls_value_seen == (void *)0xf1f1, "callback got %p\n", fls_value_seen);
    ok(fls_callback_tid == tid, "callback ran on thread %lu, not the exiting thread %lu\n", fls_callback_tid,
       tid);

    /* ... and not for a NULL value */
    fls_calls = 0;
    h = CreateThread(NULL, 0, fls_null_thread, NULL, 0, NULL);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    ok(fls_calls == 0, "callback ran %ld times for a NULL value\n", fls_calls);

    /* FlsFree runs the callback for the value still stored (here the main thread's) */
    ok(FlsSetValue(fls_index, (void *)0xabab), "FlsSetValue failed\n");
    fls_calls = 0;
    ok(FlsFree(fls_index), "FlsFree failed\n");
    ok(fls_calls == 1, "FlsFree ran the callback %ld times\n", fls_calls);
    ok(fls_value_seen == (void *)0xabab, "FlsFree callback got %p\n", fls_value_seen);
}

/* TLS callbacks of the executable (.CRT$XLB lands in the TLS directory's callback array): Windows calls them
 * with DLL_THREAD_ATTACH / DLL_THREAD_DETACH on each thread that starts and ends. */
static volatile LONG tlscb_attach, tlscb_detach;
static volatile DWORD tlscb_attach_tid, tlscb_detach_tid;

static void NTAPI exe_tls_callback(void *module, DWORD reason, void *reserved)
{
    if (reason == DLL_THREAD_ATTACH) {
        tlscb_attach_tid = GetCurrentThreadId();
        InterlockedIncrement(&tlscb_attach);
    } else if (reason == DLL_THREAD_DETACH) {
        tlscb_detach_tid = GetCurrentThreadId();
        InterlockedIncrement(&tlscb_detach);
    }
}

__attribute__((section(".CRT$XLB"), used)) const PIMAGE_TLS_CALLBACK exe_tls_callback_ptr = exe_tls_callback;

typedef void(__cdecl *threaddll_get_fn)(LONG *, LONG *, DWORD *, DWORD *);

static void test_thread_notifications(void)
{
    LONG attach, detach, attach2, detach2, cb_attach, cb_detach;
    DWORD atid, dtid, tid;
    threaddll_get_fn get;
    HMODULE mod;
    HANDLE h, ev;

    mod = LoadLibraryA("threaddll.dll");
    if (!mod) {
        skip("threaddll.dll not found (%lu)\n", GetLastError());
        return;
    }
    get = (threaddll_get_fn)GetProcAddress(mod, "threaddll_get");
    ok(get != NULL, "helper export missing\n");
    if (!get)
        return;

    get(&attach, &detach, &atid, &dtid);
    cb_attach = tlscb_attach;
    cb_detach = tlscb_detach;
    h = CreateThread(NULL, 0, return_param_thread, NULL, 0, &tid);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(h);
    get(&attach2, &detach2, &atid, &dtid);
    ok(attach2 == attach + 1, "DLL_THREAD_ATTACH seen %ld times\n", attach2 - attach);
    ok(detach2 == detach + 1, "DLL_THREAD_DETACH seen %ld times\n", detach2 - detach);
    ok(atid == tid, "DLL_THREAD_ATTACH on thread %lu, expected the new thread %lu\n", atid, tid);
    ok(dtid == tid, "DLL_THREAD_DETACH on thread %lu, expected the exiting thread %lu\n", dtid, tid);
    ok(tlscb_attach == cb_attach + 1, "exe TLS callback: %ld attaches\n", tlscb_attach - cb_attach);
    ok(tlscb_detach == cb_detach + 1, "exe TLS callback: %ld detaches\n", tlscb_detach - cb_detach);
    ok(tlscb_attach_tid == tid && tlscb_detach_tid == tid, "TLS callback threads %lu/%lu, expected %lu\n",
       tlscb_attach_tid, tlscb_detach_tid, tid);

    /* ExitThread also notifies */
    h = CreateThread(NULL, 0, exit_thread_thread, NULL, 0, &tid);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    get(&attach, &detach, &atid, &dtid);
    ok(attach == attach2 + 1 && detach == detach2 + 1, "ExitThread: %ld attaches, %ld detaches\n",
       attach - attach2, detach - detach2);

    /* TerminateThread does not: "DLLs attached to the thread are not notified that the thread is
     * terminating" (TerminateThread documentation) */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    h = CreateThread(NULL, 0, wait_event_thread, ev, 0, &tid);
    {
        DWORD start = GetTickCount();
        do {
            Sleep(1);
            get(&attach2, &detach2, &atid, &dtid);
        } while (attach2 == attach && GetTickCount() - start < WAIT_MS);
    }
    ok(attach2 == attach + 1, "no attach for the thread to be terminated\n");
    TerminateThread(h, 1);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    CloseHandle(ev);
    get(&attach, &detach, &atid, &dtid);
    ok(detach == detach2, "DLL_THREAD_DETACH sent for a terminated thread\n");

    /* exe TLS callbacks run for every thread, independently of the DLLs */
    cb_attach = tlscb_attach;
    h = CreateThread(NULL, 0, return_param_thread, NULL, 0, NULL);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    ok(tlscb_attach == cb_attach + 1, "exe TLS callback did not run\n");
    FreeLibrary(mod);
}

typedef HRESULT(WINAPI *SetThreadDescription_fn)(HANDLE, const WCHAR *);
typedef HRESULT(WINAPI *GetThreadDescription_fn)(HANDLE, WCHAR **);

static void test_description(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    SetThreadDescription_fn pSet = (SetThreadDescription_fn)GetProcAddress(k32, "SetThreadDescription");
    GetThreadDescription_fn pGet = (GetThreadDescription_fn)GetProcAddress(k32, "GetThreadDescription");
    HANDLE ev, h;
    WCHAR *desc = NULL;
    HRESULT hr;

    if (!pSet || !pGet) {
        win_skip("Set/GetThreadDescription not available\n");
        return;
    }
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    h = CreateThread(NULL, 0, wait_event_thread, ev, 0, NULL);

    /* documented only as "an HRESULT that denotes a successful operation": test SUCCEEDED() */
    hr = pGet(h, &desc);
    ok(SUCCEEDED(hr), "GetThreadDescription hr %lx\n", hr);
    ok(desc && desc[0] == 0, "new thread description not empty\n");
    LocalFree(desc);

    hr = pSet(h, L"worker one");
    ok(SUCCEEDED(hr), "SetThreadDescription hr %lx\n", hr);
    desc = NULL;
    hr = pGet(h, &desc);
    ok(SUCCEEDED(hr) && desc && !wcscmp(desc, L"worker one"), "description not read back\n");
    /* the string is allocated with LocalAlloc and freed by the caller */
    ok(LocalFree(desc) == NULL, "LocalFree of the description failed\n");

    ok(SUCCEEDED(pSet(GetCurrentThread(), L"main")), "set on the pseudo handle failed\n");
    desc = NULL;
    ok(SUCCEEDED(pGet(GetCurrentThread(), &desc)) && desc && !wcscmp(desc, L"main"), "own description\n");
    LocalFree(desc);
    ok(SUCCEEDED(pSet(GetCurrentThread(), L"")), "clearing failed\n");

    SetEvent(ev);
    WaitForSingleObject(h, WAIT_MS);
    CloseHandle(h);
    CloseHandle(ev);
}

static ULONG_PTR thread_low, thread_high, thread_local_addr;
static DWORD WINAPI stack_limits_thread(void *param)
{
    int local;
    GetCurrentThreadStackLimits(&thread_low, &thread_high);
    thread_local_addr = (ULONG_PTR)&local;
    return 0;
}

static void test_stack_limits(void)
{
    ULONG_PTR low = 0, high = 0;
    int local;
    HANDLE h;

    GetCurrentThreadStackLimits(&low, &high);
    ok(low < (ULONG_PTR)&local && (ULONG_PTR)&local < high, "local %p outside [%Ix, %Ix)\n", &local, low,
       high);
    ok(high - low >= 0x10000, "stack only %Ix bytes\n", high - low);
    /* the limits describe the whole reservation, which is page granular */
    ok(low % 0x1000 == 0 && high % 0x1000 == 0, "unaligned limits %Ix %Ix\n", low, high);

    h = CreateThread(NULL, 0x400000, stack_limits_thread, NULL, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(h);
    ok(thread_low < thread_local_addr && thread_local_addr < thread_high,
       "thread local outside its limits\n");
    ok(thread_high - thread_low >= 0x400000, "4 MB reservation gave %Ix bytes\n", thread_high - thread_low);
    ok(thread_high <= low || thread_low >= high, "thread stack overlaps the main stack\n");
}

START_TEST(thread)
{
    test_create_exit();
    test_open_terminate();
    test_suspend_resume();
    test_context();
    test_priority();
    test_sleep();
    test_tls_threads();
    test_fls_threads();
    test_thread_notifications();
    test_description();
    test_stack_limits();
}
