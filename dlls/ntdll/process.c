/*
 * Process start-up and termination.
 *
 * __oriel_start (called by the launcher) builds the PEB and the main thread's TEB, connects to the
 * server, creates the process heap and the process parameters, maps the program, then moves onto the
 * program's own stack (sized from its PE header) where the loader resolves imports, runs DllMain of
 * every module and calls the entry point. See docs/loader.md.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(process);

/* Other areas' entry points: weak so that ntdll links while they are being written. */
#pragma weak server_init_process
#pragma weak server_exit_process
#pragma weak signal_init_process
#pragma weak signal_init_thread
#pragma weak RtlCreateHeap

PEB *ntdll_peb;
HANDLE ntdll_process_id;

/* The marker conformance tests look for to know they run on oriel (never present on Windows/Wine). */
DECLSPEC_EXPORT const char oriel_version_string[] = ORIEL_VERSION;

NTSYSAPI PEB *WINAPI RtlGetCurrentPeb(void)
{
    return NtCurrentTeb()->Peb;
}

void process_exit_now(DWORD code)
{
    fflush(NULL);
    if (server_exit_process)
        server_exit_process(code);
    _exit(code & 0xff);
}

NTSYSAPI void WINAPI RtlExitUserProcess(DWORD status)
{
    TRACE("status %#x\n", status);
    /* as Windows does: the other threads go first, never while one of them holds the loader lock */
    ldr_lock();
    thread_terminate_others();
    ldr_unlock();
    ldr_process_detach();
    process_exit_now(status);
}

NTSYSAPI NTSTATUS WINAPI NtTerminateProcess(HANDLE process, NTSTATUS status)
{
    /* NULL means "every other thread of the current process" */
    if (!process) {
        thread_terminate_others();
        return STATUS_SUCCESS;
    }
    if (process == NtCurrentProcess())
        process_exit_now(status);
    BOOL self = FALSE;
    NTSTATUS ret = process_terminate_other(process, status, &self); /* processapi.c */
    if (self)
        process_exit_now(status);
    return ret;
}

static PEB *alloc_peb(void)
{
    /* PEB and loader data share one page-aligned block, like Windows keeps the PEB on its own page. */
    PEB *peb = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (peb == MAP_FAILED)
        return NULL;
    peb->OSMajorVersion = 10;
    peb->OSMinorVersion = 0;
    peb->OSBuildNumber = 19045;
    peb->OSPlatformId = 2; /* VER_PLATFORM_WIN32_NT */
    peb->NumberOfProcessors = ntdll_cpu_count();
    peb->ActiveProcessAffinityMask =
        peb->NumberOfProcessors >= 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << peb->NumberOfProcessors) - 1;
    peb->SessionId = 1;
    peb->TlsBitmap = NULL;
    peb->HeapSegmentReserve = 0x100000;
    peb->HeapSegmentCommit = 0x2000;
    peb->CriticalSectionTimeout.QuadPart = -2592000LL * 10000000; /* 30 days, as Windows */
    return peb;
}

static void start_on_guest_stack(void *arg)
{
    ldr_run_process();
}

__attribute__((visibility("default"), noreturn)) void __oriel_start(const struct oriel_start_params *params)
{
    struct server_process_init info;
    NTSTATUS status;

    debug_init();
    if (!params || params->version != ORIEL_START_PARAMS_VERSION) {
        ERR("launcher and ntdll.dll.so do not match (start parameters version)\n");
        _exit(1);
    }
    ntdll_peb = alloc_peb();
    TEB *teb = ntdll_peb ? thread_alloc_teb() : NULL;
    if (!teb) {
        ERR("cannot allocate the PEB/TEB\n");
        _exit(1);
    }
    thread_set_teb(teb);
    user_shared_data_init();
    if (signal_init_process)
        signal_init_process();
    if (signal_init_thread)
        signal_init_thread();

    memset(&info, 0, sizeof(info));
    if (params->mode == ORIEL_START_RUN && server_init_process) {
        status = server_init_process(&info);
        if (status) {
            fprintf(stderr, "oriel: cannot connect to the server (status %#x)\n", (unsigned)status);
            _exit(1);
        }
    } else {
        info.pid = getpid();
        info.tid = syscall(SYS_gettid);
        if (params->mode == ORIEL_START_RUN)
            FIXME("no server client yet: using host ids and no std handles\n");
    }
    ntdll_process_id = (HANDLE)(ULONG_PTR)info.pid;
    teb->ClientId.UniqueProcess = ntdll_process_id;
    teb->ClientId.UniqueThread = (HANDLE)(ULONG_PTR)info.tid;
    thread_init_process();

    if (RtlCreateHeap)
        ntdll_peb->ProcessHeap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    else
        FIXME("no RtlCreateHeap yet: the process has no heap\n");

    status = env_init_process_params(params, info.std_handles);
    if (status) {
        fprintf(stderr, "oriel: cannot build the process parameters (status %#x)\n", (unsigned)status);
        _exit(1);
    }
    status = ldr_init_process(params);
    if (status)
        process_exit_now(status);

    const IMAGE_NT_HEADERS64 *nt =
        (const IMAGE_NT_HEADERS64 *)((BYTE *)ntdll_peb->ImageBaseAddress +
                                     ((IMAGE_DOS_HEADER *)ntdll_peb->ImageBaseAddress)->e_lfanew);
    ntdll_peb->ImageSubSystem = nt->OptionalHeader.Subsystem;
    ntdll_peb->ImageSubSystemMajorVersion = nt->OptionalHeader.MajorSubsystemVersion;
    ntdll_peb->ImageSubSystemMinorVersion = nt->OptionalHeader.MinorSubsystemVersion;
    status = thread_alloc_stack(teb, nt->OptionalHeader.SizeOfStackReserve);
    if (status) {
        fprintf(stderr, "oriel: cannot allocate the main thread's stack\n");
        process_exit_now(status);
    }
    thread_call_on_stack(start_on_guest_stack, NULL, teb->Tib.StackBase);
    process_exit_now(STATUS_UNSUCCESSFUL); /* not reached: ldr_run_process exits */
}
