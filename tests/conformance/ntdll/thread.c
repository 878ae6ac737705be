/*
 * ntdll thread functions (NtCreateThreadEx, RtlCreateUserThread, NtQueryInformationThread,
 * NtSetInformationThread, NtSuspendThread/NtResumeThread, NtOpenThread) and the kernel32 thread queries
 * the Win32 thread tests do not cover (affinity, ideal processor, priority boost, times).
 */
#define _WIN32_WINNT 0x0A00
#include "test.h"

#define WAIT_MS 5000

typedef struct {
    LONG ExitStatus;
    void *TebBaseAddress;
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
    ULONG_PTR AffinityMask;
    LONG Priority;
    LONG BasePriority;
} TBI;

typedef struct {
    USHORT Length;
    USHORT MaximumLength;
    WCHAR *Buffer;
} USTR;

typedef struct {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CID;

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    USTR *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor;
    void *SecurityQualityOfService;
} OBJATTR;

typedef struct {
    ULONG_PTR Attribute;
    SIZE_T Size;
    void *ValuePtr;
    SIZE_T *ReturnLength;
} PSATTR;

typedef struct {
    SIZE_T TotalLength;
    PSATTR Attributes[1];
} PSATTRLIST;

#define ThreadBasicInformation 0
#define ThreadTimes 1
#define ThreadBasePriority 3
#define ThreadHideFromDebugger 17
#define ThreadDescription 38
#define PS_ATTRIBUTE_CLIENT_ID 0x00010003

static LONG(WINAPI *pNtQueryInformationThread)(HANDLE, int, void *, ULONG, ULONG *);
static LONG(WINAPI *pNtSetInformationThread)(HANDLE, int, const void *, ULONG);
static LONG(WINAPI *pNtSuspendThread)(HANDLE, ULONG *);
static LONG(WINAPI *pNtResumeThread)(HANDLE, ULONG *);
static LONG(WINAPI *pNtOpenThread)(HANDLE *, ACCESS_MASK, OBJATTR *, CID *);
static LONG(WINAPI *pRtlCreateUserThread)(HANDLE, void *, BOOLEAN, ULONG, SIZE_T, SIZE_T, void *, void *,
                                          HANDLE *, CID *);
static LONG(WINAPI *pNtCreateThreadEx)(HANDLE *, ACCESS_MASK, OBJATTR *, HANDLE, void *, void *, ULONG,
                                       SIZE_T, SIZE_T, SIZE_T, PSATTRLIST *);

static HRESULT(WINAPI *pSetThreadDescription)(HANDLE, const WCHAR *);

static DWORD WINAPI return_param_thread(void *param)
{
    return (DWORD)(ULONG_PTR)param;
}

static DWORD WINAPI wait_event_thread(void *param)
{
    return WaitForSingleObject((HANDLE)param, WAIT_MS) == WAIT_OBJECT_0 ? 3 : 4;
}

static void test_basic_information(void)
{
    TBI info;
    ULONG len = 0;
    LONG status;

    memset(&info, 0xcc, sizeof(info));
    status = pNtQueryInformationThread(GetCurrentThread(), ThreadBasicInformation, &info, sizeof(info), &len);
    ok(!status, "status %lx\n", status);
    ok(len == sizeof(info), "length %lu\n", len);
    ok(info.ExitStatus == STILL_ACTIVE, "ExitStatus %lx, expected STILL_ACTIVE\n", info.ExitStatus);
    ok(info.TebBaseAddress == NtCurrentTeb(), "TebBaseAddress %p, NtCurrentTeb %p\n", info.TebBaseAddress,
       NtCurrentTeb());
    ok((DWORD)(ULONG_PTR)info.UniqueThread == GetCurrentThreadId(), "thread id %p\n", info.UniqueThread);
    ok((DWORD)(ULONG_PTR)info.UniqueProcess == GetCurrentProcessId(), "process id %p\n", info.UniqueProcess);
    ok(info.AffinityMask != 0, "no affinity\n");
    ok(info.BasePriority == THREAD_PRIORITY_NORMAL, "BasePriority %ld\n", info.BasePriority);

    status = pNtQueryInformationThread(NULL, ThreadBasicInformation, &info, sizeof(info), NULL);
    ok(status == (LONG)0xc0000008, "NULL handle: status %lx, expected STATUS_INVALID_HANDLE\n", status);

    ok(GetProcessIdOfThread(GetCurrentThread()) == GetCurrentProcessId(), "GetProcessIdOfThread\n");
}

static void test_create_user_thread(void)
{
    HANDLE h = NULL, ev;
    CID cid = {0};
    DWORD code;
    ULONG prev;
    LONG status;
    TBI info;

    status = pRtlCreateUserThread(GetCurrentProcess(), NULL, FALSE, 0, 0, 0, return_param_thread,
                                  (void *)0x77, &h, &cid);
    ok(!status, "RtlCreateUserThread status %lx\n", status);
    ok(cid.UniqueThread != 0, "no thread id\n");
    ok((DWORD)(ULONG_PTR)cid.UniqueProcess == GetCurrentProcessId(), "process id %p\n", cid.UniqueProcess);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(h, &code) && code == 0x77, "exit code %lx\n", code);
    ok(GetThreadId(h) == (DWORD)(ULONG_PTR)cid.UniqueThread, "GetThreadId %lu\n", GetThreadId(h));
    /* an exited thread still answers queries through its handle */
    status = pNtQueryInformationThread(h, ThreadBasicInformation, &info, sizeof(info), NULL);
    ok(!status && info.ExitStatus == 0x77, "status %lx exit %lx\n", status, info.ExitStatus);
    CloseHandle(h);

    /* created suspended: the suspend count is 1 */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    status = pRtlCreateUserThread(GetCurrentProcess(), NULL, TRUE, 0, 0, 0, wait_event_thread, ev, &h, NULL);
    ok(!status, "status %lx\n", status);
    ok(WaitForSingleObject(h, 50) == WAIT_TIMEOUT, "suspended thread finished\n");
    status = pNtSuspendThread(h, &prev);
    ok(!status && prev == 1, "NtSuspendThread status %lx previous count %lu\n", status, prev);
    status = pNtResumeThread(h, &prev);
    ok(!status && prev == 2, "NtResumeThread status %lx previous count %lu\n", status, prev);
    status = pNtResumeThread(h, &prev);
    ok(!status && prev == 1, "NtResumeThread status %lx previous count %lu\n", status, prev);
    status = pNtResumeThread(h, &prev);
    ok(!status && prev == 0, "resuming a running thread: status %lx previous count %lu\n", status, prev);
    SetEvent(ev);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(h, &code) && code == 3, "exit code %lu\n", code);
    CloseHandle(h);
    CloseHandle(ev);

    status = pNtResumeThread(NULL, &prev);
    ok(status == (LONG)0xc0000008, "NULL handle: status %lx\n", status);
}

static void test_create_thread_ex(void)
{
    PSATTRLIST list;
    CID cid = {0};
    SIZE_T ret_len = 0;
    HANDLE h = NULL;
    DWORD code;
    LONG status;

    if (!pNtCreateThreadEx) {
        win_skip("NtCreateThreadEx not available\n");
        return;
    }
    list.TotalLength = sizeof(list);
    list.Attributes[0].Attribute = PS_ATTRIBUTE_CLIENT_ID;
    list.Attributes[0].Size = sizeof(cid);
    list.Attributes[0].ValuePtr = &cid;
    list.Attributes[0].ReturnLength = &ret_len;
    status = pNtCreateThreadEx(&h, THREAD_ALL_ACCESS, NULL, GetCurrentProcess(), return_param_thread,
                               (void *)5, 0, 0, 0, 0, &list);
    ok(!status, "NtCreateThreadEx status %lx\n", status);
    ok(cid.UniqueThread != 0, "client id not returned\n");
    ok(ret_len == sizeof(cid), "return length %Iu\n", ret_len);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(h, &code) && code == 5, "exit code %lu\n", code);
    ok(GetThreadId(h) == (DWORD)(ULONG_PTR)cid.UniqueThread, "ids differ\n");
    CloseHandle(h);
}

static void test_set_information(void)
{
    LONG status, prio;
    ULONG len;
    BYTE buffer[128];

    status = pNtSetInformationThread(GetCurrentThread(), ThreadHideFromDebugger, NULL, 0);
    ok(!status, "ThreadHideFromDebugger status %lx\n", status);
    status = pNtSetInformationThread(GetCurrentThread(), ThreadHideFromDebugger, buffer, 1);
    ok(status == (LONG)0xc0000004, "ThreadHideFromDebugger with data: status %lx\n", status);

    prio = 3;
    status = pNtSetInformationThread(GetCurrentThread(), ThreadBasePriority, &prio, sizeof(prio));
    ok(status == (LONG)0xc000000d, "base priority 3: status %lx, expected STATUS_INVALID_PARAMETER\n",
       status);
    prio = -1;
    status = pNtSetInformationThread(GetCurrentThread(), ThreadBasePriority, &prio, sizeof(prio));
    ok(!status, "base priority -1: status %lx\n", status);
    ok(GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_BELOW_NORMAL, "priority %d\n",
       GetThreadPriority(GetCurrentThread()));
    ok(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL), "reset failed\n");

    /* a description too long for the buffer: STATUS_BUFFER_TOO_SMALL and the size needed */
    if (!pSetThreadDescription) {
        win_skip("SetThreadDescription not available\n");
        return;
    }
    /* documented only as "an HRESULT that denotes a successful operation" */
    ok(SUCCEEDED(pSetThreadDescription(GetCurrentThread(), L"a fairly long thread description")),
       "set failed\n");
    len = 0;
    memset(buffer, 0xcc, sizeof(buffer));
    status = pNtQueryInformationThread(GetCurrentThread(), ThreadDescription, buffer, sizeof(buffer), &len);
    ok(!status, "ThreadDescription status %lx\n", status);
    {
        const USTR *desc = (const USTR *)buffer;
        ok(desc->Length == 32 * sizeof(WCHAR), "description length %u\n", desc->Length);
        ok(desc->Buffer && !memcmp(desc->Buffer, L"a fairly long thread description", 32 * sizeof(WCHAR)),
           "description not read back\n");
    }
    pSetThreadDescription(GetCurrentThread(), L"");
}

static void test_open_thread(void)
{
    OBJATTR attr = {sizeof(attr)};
    CID cid = {0, (HANDLE)(ULONG_PTR)GetCurrentThreadId()};
    HANDLE h = NULL;
    LONG status;

    status = pNtOpenThread(&h, THREAD_QUERY_LIMITED_INFORMATION, &attr, &cid);
    ok(!status && h, "NtOpenThread of the current thread: status %lx\n", status);
    ok(GetThreadId(h) == GetCurrentThreadId(), "wrong thread\n");
    SetLastError(0xdeadbeef);
    ok(!TerminateThread(h, 0), "TerminateThread through a query-only handle succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());
    CloseHandle(h);

    cid.UniqueThread = (HANDLE)(ULONG_PTR)0xfffffffc;
    status = pNtOpenThread(&h, THREAD_QUERY_INFORMATION, &attr, &cid);
    ok(status == (LONG)0xc000000b, "unknown id: status %lx, expected STATUS_INVALID_CID\n", status);
}

static void test_kernel32_queries(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, wait_event_thread, ev, 0, NULL);
    DWORD_PTR process_mask, prev;
    SYSTEM_INFO si;
    FILETIME creation, exit_time, kernel, user, now;
    ULARGE_INTEGER c, n;
    BOOL disabled = TRUE;

    /* a process that did not restrict itself runs on every active processor */
    GetSystemInfo(&si);
    process_mask = si.dwActiveProcessorMask;
    prev = SetThreadAffinityMask(h, 1);
    ok(prev == process_mask, "previous thread mask %Ix, process mask %Ix\n", prev, process_mask);
    prev = SetThreadAffinityMask(h, process_mask);
    ok(prev == 1, "previous thread mask %Ix, expected 1\n", prev);
    SetLastError(0xdeadbeef);
    ok(!SetThreadAffinityMask(h, 0), "empty mask accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    {
        GROUP_AFFINITY ga;
        PROCESSOR_NUMBER pn;
        ok(GetThreadGroupAffinity(h, &ga), "GetThreadGroupAffinity failed %lu\n", GetLastError());
        ok(ga.Group == 0 && ga.Mask == process_mask, "group %u mask %Ix\n", ga.Group, ga.Mask);
        /* "retrieves the processor number of the ideal processor for the specified thread" (Microsoft's
         * documentation of GetThreadIdealProcessorEx); Wine 8.0 fails it (not implemented) */
        BOOL ret;
        DWORD err;
        pn.Group = 0xffff;
        SetLastError(0xdeadbeef);
        ret = GetThreadIdealProcessorEx(h, &pn);
        err = GetLastError();
        ok(ret || broken(err == ERROR_INVALID_FUNCTION), "GetThreadIdealProcessorEx failed %lu\n", err);
        ok(pn.Group == 0 || broken(pn.Group == 0xffff), "ideal processor group %u\n", pn.Group);
    }
    ok(SetThreadIdealProcessor(h, 0) != (DWORD)-1, "SetThreadIdealProcessor(0) failed %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(SetThreadIdealProcessor(h, 65) == (DWORD)-1, "processor 65 accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    ok(GetThreadPriorityBoost(h, &disabled) && !disabled, "priority boost disabled by default\n");
    ok(SetThreadPriorityBoost(h, TRUE), "SetThreadPriorityBoost failed\n");
    /* GetThreadPriorityBoost reports "the priority boost control state" that SetThreadPriorityBoost sets
     * (Microsoft's documentation of both); Wine 8.0 does not keep it */
    ok(GetThreadPriorityBoost(h, &disabled) && (disabled || broken(!disabled)),
       "priority boost not disabled\n");

    GetSystemTimeAsFileTime(&now);
    ok(GetThreadTimes(h, &creation, &exit_time, &kernel, &user), "GetThreadTimes failed %lu\n",
       GetLastError());
    c.LowPart = creation.dwLowDateTime;
    c.HighPart = creation.dwHighDateTime;
    n.LowPart = now.dwLowDateTime;
    n.HighPart = now.dwHighDateTime;
    ok(c.QuadPart && c.QuadPart <= n.QuadPart && n.QuadPart - c.QuadPart < 600000000ull,
       "creation time %I64x, now %I64x\n", c.QuadPart, n.QuadPart);
    ok(!exit_time.dwLowDateTime && !exit_time.dwHighDateTime, "running thread has an exit time\n");

    SetEvent(ev);
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(h);
    CloseHandle(ev);
}

static void test_stack_guarantee(void)
{
    ULONG size, first;

    /* "If this parameter is 0 (zero), the function succeeds and the parameter contains the size of the
     * current stack"; a smaller size is ignored; it cannot exceed the reservation */
    first = 0;
    ok(SetThreadStackGuarantee(&first), "query failed %lu\n", GetLastError());
    size = first + 0x10000;
    ok(SetThreadStackGuarantee(&size), "set failed %lu\n", GetLastError());
    ok(size == first, "previous guarantee %lu, queried %lu\n", size, first);
    size = 0;
    ok(SetThreadStackGuarantee(&size) && size == first + 0x10000, "guarantee now %lu\n", size);
    size = 0x1000;
    ok(SetThreadStackGuarantee(&size) && size == first + 0x10000, "smaller request: previous %lu\n", size);
    size = 0;
    ok(SetThreadStackGuarantee(&size) && size == first + 0x10000, "smaller request changed it to %lu\n",
       size);
    size = 0x7fff0000;
    SetLastError(0xdeadbeef);
    ok(!SetThreadStackGuarantee(&size), "a guarantee beyond the reservation succeeded\n");
}

static volatile LONG spin_stop, spin_count;

static DWORD WINAPI spin_thread(void *param)
{
    while (!spin_stop)
        InterlockedIncrement(&spin_count);
    return 1;
}

/* What a garbage collector does to preempt threads, many times in a row: a suspended thread stays
 * stopped while its context is read, and runs again after each resume. */
static void test_suspend_cycles(void)
{
    HANDLE h;
    LONG before;
    int still = 0, ran = 0, ctx_ok = 0;
    CONTEXT ctx;

    spin_stop = 0;
    spin_count = 0;
    h = CreateThread(NULL, 0, spin_thread, NULL, 0, NULL);
    while (!spin_count)
        Sleep(1);
    for (int i = 0; i < 200; i++) {
        if (SuspendThread(h) != 0)
            break;
        before = spin_count;
        ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
        ctx_ok += GetThreadContext(h, &ctx) && ctx.Rip && ctx.Rsp;
        still += spin_count == before;
        if (ResumeThread(h) != 1)
            break;
        before = spin_count;
        for (DWORD start = GetTickCount(); spin_count == before && GetTickCount() - start < WAIT_MS;)
            SwitchToThread();
        ran += spin_count != before;
    }
    ok(still == 200, "the thread ran while suspended in %d of 200 cycles\n", 200 - still);
    ok(ctx_ok == 200, "GetThreadContext failed in %d of 200 cycles\n", 200 - ctx_ok);
    ok(ran == 200, "the thread did not run again after %d of 200 resumes\n", 200 - ran);
    spin_stop = 1;
    ok(WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(h);
}

START_TEST(thread)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    pNtQueryInformationThread = (void *)GetProcAddress(ntdll, "NtQueryInformationThread");
    pNtSetInformationThread = (void *)GetProcAddress(ntdll, "NtSetInformationThread");
    pNtSuspendThread = (void *)GetProcAddress(ntdll, "NtSuspendThread");
    pNtResumeThread = (void *)GetProcAddress(ntdll, "NtResumeThread");
    pNtOpenThread = (void *)GetProcAddress(ntdll, "NtOpenThread");
    pRtlCreateUserThread = (void *)GetProcAddress(ntdll, "RtlCreateUserThread");
    pNtCreateThreadEx = (void *)GetProcAddress(ntdll, "NtCreateThreadEx");
    pSetThreadDescription = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "SetThreadDescription");
    ok(pNtQueryInformationThread && pNtSetInformationThread && pNtSuspendThread && pNtResumeThread &&
           pNtOpenThread && pRtlCreateUserThread,
       "missing exports\n");
    if (!pNtQueryInformationThread || !pNtSetInformationThread || !pNtSuspendThread || !pNtResumeThread ||
        !pNtOpenThread || !pRtlCreateUserThread)
        return;
    test_basic_information();
    test_create_user_thread();
    test_create_thread_ex();
    test_set_information();
    test_open_thread();
    test_kernel32_queries();
    test_stack_guarantee();
    test_suspend_cycles();
}
