/*
 * Threads (kernel32): the Win32 layer over ntdll's NtCreateThreadEx, NtSuspendThread,
 * NtQueryInformationThread and friends (dlls/ntdll/threadapi.c).
 */
#include <string.h>

#include "kernel32_private.h"
#include "oriel/ntdll.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(thread);

#define HRESULT_FROM_NT(status) ((HRESULT)((status) | 0x10000000))

/* ntdll (threadapi.c), ELF-only: the function RtlUserThreadStart hands every new thread to. */

/* Windows' BaseThreadInitThunk: the start routine, then ExitThread with its result so that FLS callbacks
 * run on the exiting thread. */
WINBASEAPI void WINAPI BaseThreadInitThunk(DWORD unknown, LPTHREAD_START_ROUTINE start, void *param)
{
    ExitThread(start(param));
}

__attribute__((constructor)) static void register_thread_init_thunk(void)
{
    __oriel_set_thread_init_thunk((void *)BaseThreadInitThunk);
}

WINBASEAPI HANDLE WINAPI CreateRemoteThreadEx(HANDLE process, LPSECURITY_ATTRIBUTES sa, SIZE_T stack,
                                              LPTHREAD_START_ROUTINE start, LPVOID param, DWORD flags,
                                              LPPROC_THREAD_ATTRIBUTE_LIST attributes, LPDWORD id)
{
    OBJECT_ATTRIBUTES attr = {sizeof(attr)};
    PS_ATTRIBUTE_LIST list;
    CLIENT_ID cid = {0};
    SIZE_T commit = 0, reserve = 0;
    HANDLE handle;
    NTSTATUS status;

    if (attributes)
        FIXME_ONCE("thread attribute list ignored\n");
    if (flags & ~(CREATE_SUSPENDED | STACK_SIZE_PARAM_IS_A_RESERVATION))
        FIXME_ONCE("flags %#x ignored\n", flags & ~(CREATE_SUSPENDED | STACK_SIZE_PARAM_IS_A_RESERVATION));
    if (flags & STACK_SIZE_PARAM_IS_A_RESERVATION)
        reserve = stack;
    else
        commit = stack;
    if (sa && sa->bInheritHandle)
        attr.Attributes |= OBJ_INHERIT;
    list.TotalLength = sizeof(list);
    list.Attributes[0].Attribute = PS_ATTRIBUTE_CLIENT_ID;
    list.Attributes[0].Size = sizeof(cid);
    list.Attributes[0].ValuePtr = &cid;
    list.Attributes[0].ReturnLength = NULL;
    status = NtCreateThreadEx(&handle, THREAD_ALL_ACCESS, &attr, process, (void *)start, param,
                              (flags & CREATE_SUSPENDED) ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0, 0,
                              commit, reserve, &list);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    if (id)
        *id = (DWORD)(ULONG_PTR)cid.UniqueThread;
    return handle;
}

WINBASEAPI HANDLE WINAPI CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES sa, SIZE_T stack,
                                            LPTHREAD_START_ROUTINE start, LPVOID param, DWORD flags,
                                            LPDWORD id)
{
    return CreateRemoteThreadEx(process, sa, stack, start, param, flags, NULL, id);
}

WINBASEAPI HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES sa, SIZE_T stack, LPTHREAD_START_ROUTINE start,
                                      LPVOID param, DWORD flags, LPDWORD id)
{
    return CreateRemoteThreadEx(GetCurrentProcess(), sa, stack, start, param, flags, NULL, id);
}

WINBASEAPI void WINAPI ExitThread(DWORD code)
{
    /* FLS callbacks run before DLL_THREAD_DETACH, as on Windows */
    k32_fls_thread_cleanup();
    RtlExitUserThread(code);
}

WINBASEAPI BOOL WINAPI TerminateThread(HANDLE thread, DWORD code)
{
    if (!thread) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_set_ntstatus(NtTerminateThread(thread, code));
}

static BOOL query_basic(HANDLE thread, THREAD_BASIC_INFORMATION *info)
{
    return k32_set_ntstatus(
        NtQueryInformationThread(thread, ThreadBasicInformation, info, sizeof(*info), NULL));
}

WINBASEAPI BOOL WINAPI GetExitCodeThread(HANDLE thread, LPDWORD code)
{
    THREAD_BASIC_INFORMATION info;

    if (!query_basic(thread, &info))
        return FALSE;
    if (code)
        *code = info.ExitStatus;
    return TRUE;
}

WINBASEAPI HANDLE WINAPI OpenThread(DWORD access, BOOL inherit, DWORD id)
{
    OBJECT_ATTRIBUTES attr = {sizeof(attr)};
    CLIENT_ID cid = {NULL, (HANDLE)(ULONG_PTR)id};
    HANDLE handle;

    if (inherit)
        attr.Attributes |= OBJ_INHERIT;
    if (!k32_set_ntstatus(NtOpenThread(&handle, access, &attr, &cid)))
        return NULL;
    return handle;
}

WINBASEAPI DWORD WINAPI GetThreadId(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;

    if (!query_basic(thread, &info))
        return 0;
    return (DWORD)(ULONG_PTR)info.ClientId.UniqueThread;
}

WINBASEAPI DWORD WINAPI GetProcessIdOfThread(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;

    if (!query_basic(thread, &info))
        return 0;
    return (DWORD)(ULONG_PTR)info.ClientId.UniqueProcess;
}

WINBASEAPI DWORD WINAPI SuspendThread(HANDLE thread)
{
    ULONG prev;

    if (!k32_set_ntstatus(NtSuspendThread(thread, &prev)))
        return (DWORD)-1;
    return prev;
}

WINBASEAPI DWORD WINAPI ResumeThread(HANDLE thread)
{
    ULONG prev;

    if (!k32_set_ntstatus(NtResumeThread(thread, &prev)))
        return (DWORD)-1;
    return prev;
}

WINBASEAPI BOOL WINAPI GetThreadContext(HANDLE thread, PCONTEXT context)
{
    return k32_set_ntstatus(NtGetContextThread(thread, context));
}

WINBASEAPI BOOL WINAPI SetThreadContext(HANDLE thread, const CONTEXT *context)
{
    return k32_set_ntstatus(NtSetContextThread(thread, context));
}

WINBASEAPI int WINAPI GetThreadPriority(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;

    if (!query_basic(thread, &info))
        return THREAD_PRIORITY_ERROR_RETURN;
    return info.BasePriority;
}

WINBASEAPI BOOL WINAPI SetThreadPriority(HANDLE thread, int priority)
{
    LONG base = priority;

    if (priority == THREAD_MODE_BACKGROUND_BEGIN || priority == THREAD_MODE_BACKGROUND_END) {
        FIXME_ONCE("background mode not supported\n");
        return TRUE;
    }
    return k32_set_ntstatus(NtSetInformationThread(thread, ThreadBasePriority, &base, sizeof(base)));
}

WINBASEAPI BOOL WINAPI GetThreadPriorityBoost(HANDLE thread, PBOOL disabled)
{
    ULONG value;

    if (!k32_set_ntstatus(NtQueryInformationThread(thread, ThreadPriorityBoost, &value, sizeof(value), NULL)))
        return FALSE;
    if (disabled)
        *disabled = !!value;
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetThreadPriorityBoost(HANDLE thread, BOOL disable)
{
    ULONG value = !!disable;
    return k32_set_ntstatus(NtSetInformationThread(thread, ThreadPriorityBoost, &value, sizeof(value)));
}

WINBASEAPI BOOL WINAPI SwitchToThread(void)
{
    return NtYieldExecution() == STATUS_SUCCESS; /* STATUS_NO_YIELD_PERFORMED: nothing else was ready */
}

WINBASEAPI HRESULT WINAPI SetThreadDescription(HANDLE thread, PCWSTR description)
{
    THREAD_DESCRIPTION_INFORMATION info;
    size_t len = 0;
    NTSTATUS status;

    if (!description)
        return HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    while (description[len])
        len++;
    if (len * sizeof(WCHAR) > 0xfffe)
        return HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    info.Description.Length = info.Description.MaximumLength = (USHORT)(len * sizeof(WCHAR));
    info.Description.Buffer = (WCHAR *)description;
    status = NtSetInformationThread(thread, ThreadDescription, &info, sizeof(info));
    return status ? HRESULT_FROM_NT(status) : S_OK;
}

WINBASEAPI HRESULT WINAPI GetThreadDescription(HANDLE thread, PWSTR *description)
{
    THREAD_DESCRIPTION_INFORMATION *info;
    ULONG len = 0;
    NTSTATUS status;

    if (!description)
        return HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    *description = NULL;
    status = NtQueryInformationThread(thread, ThreadDescription, NULL, 0, &len);
    if (status != STATUS_BUFFER_TOO_SMALL)
        return HRESULT_FROM_NT(status);
    if (!(info = RtlAllocateHeap(GetProcessHeap(), 0, len)))
        return HRESULT_FROM_NT(STATUS_NO_MEMORY);
    status = NtQueryInformationThread(thread, ThreadDescription, info, len, &len);
    if (!status) {
        USHORT chars = info->Description.Length / sizeof(WCHAR);
        /* the caller frees it with LocalFree */
        if ((*description = LocalAlloc(0, (chars + 1) * sizeof(WCHAR)))) {
            memcpy(*description, info->Description.Buffer, chars * sizeof(WCHAR));
            (*description)[chars] = 0;
        } else
            status = STATUS_NO_MEMORY;
    }
    RtlFreeHeap(GetProcessHeap(), 0, info);
    return status ? HRESULT_FROM_NT(status) : S_OK;
}

WINBASEAPI void WINAPI GetCurrentThreadStackLimits(PULONG_PTR low, PULONG_PTR high)
{
    TEB *teb = NtCurrentTeb();
    /* the whole reservation, guard page included, as documented */
    *low = (ULONG_PTR)teb->DeallocationStack;
    *high = (ULONG_PTR)teb->Tib.StackBase;
}

WINBASEAPI BOOL WINAPI GetThreadTimes(HANDLE thread, LPFILETIME creation, LPFILETIME exit, LPFILETIME kernel,
                                      LPFILETIME user)
{
    KERNEL_USER_TIMES times;

    if (!k32_set_ntstatus(NtQueryInformationThread(thread, ThreadTimes, &times, sizeof(times), NULL)))
        return FALSE;
    if (creation) {
        creation->dwLowDateTime = (DWORD)times.CreateTime.QuadPart;
        creation->dwHighDateTime = (DWORD)(times.CreateTime.QuadPart >> 32);
    }
    if (exit) {
        exit->dwLowDateTime = (DWORD)times.ExitTime.QuadPart;
        exit->dwHighDateTime = (DWORD)(times.ExitTime.QuadPart >> 32);
    }
    if (kernel) {
        kernel->dwLowDateTime = (DWORD)times.KernelTime.QuadPart;
        kernel->dwHighDateTime = (DWORD)(times.KernelTime.QuadPart >> 32);
    }
    if (user) {
        user->dwLowDateTime = (DWORD)times.UserTime.QuadPart;
        user->dwHighDateTime = (DWORD)(times.UserTime.QuadPart >> 32);
    }
    return TRUE;
}

WINBASEAPI DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE thread, DWORD_PTR mask)
{
    THREAD_BASIC_INFORMATION info;
    KAFFINITY affinity = mask;

    if (!query_basic(thread, &info))
        return 0;
    if (!k32_set_ntstatus(NtSetInformationThread(thread, ThreadAffinityMask, &affinity, sizeof(affinity))))
        return 0;
    return info.AffinityMask;
}

WINBASEAPI DWORD WINAPI SetThreadIdealProcessor(HANDLE thread, DWORD processor)
{
    ULONG cpu = processor;
    NTSTATUS status = NtSetInformationThread(thread, ThreadIdealProcessor, &cpu, sizeof(cpu));

    /* success returns the previous ideal processor as the status */
    if (status < 0) {
        SetLastError(RtlNtStatusToDosError(status));
        return (DWORD)-1;
    }
    return (DWORD)status;
}

WINBASEAPI BOOL WINAPI GetThreadGroupAffinity(HANDLE thread, PGROUP_AFFINITY affinity)
{
    THREAD_BASIC_INFORMATION info;

    if (!affinity) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    if (!query_basic(thread, &info))
        return FALSE;
    memset(affinity, 0, sizeof(*affinity));
    affinity->Mask = info.AffinityMask; /* one processor group */
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetThreadGroupAffinity(HANDLE thread, const GROUP_AFFINITY *affinity,
                                              PGROUP_AFFINITY prev)
{
    THREAD_BASIC_INFORMATION info;
    KAFFINITY mask;

    if (!affinity || affinity->Group) {
        SetLastError(ERROR_INVALID_PARAMETER); /* the only group is 0 */
        return FALSE;
    }
    if (!query_basic(thread, &info))
        return FALSE;
    mask = affinity->Mask;
    if (!k32_set_ntstatus(NtSetInformationThread(thread, ThreadAffinityMask, &mask, sizeof(mask))))
        return FALSE;
    if (prev) {
        memset(prev, 0, sizeof(*prev));
        prev->Mask = info.AffinityMask;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI GetThreadIdealProcessorEx(HANDLE thread, PPROCESSOR_NUMBER number)
{
    ULONG cpu;

    if (!k32_set_ntstatus(NtQueryInformationThread(thread, ThreadIdealProcessor, &cpu, sizeof(cpu), NULL)))
        return FALSE;
    if (number) {
        number->Group = 0;
        number->Number = (BYTE)cpu;
        number->Reserved = 0;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetThreadIdealProcessorEx(HANDLE thread, PPROCESSOR_NUMBER number,
                                                 PPROCESSOR_NUMBER prev)
{
    DWORD ret;

    if (!number || number->Group) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if ((ret = SetThreadIdealProcessor(thread, number->Number)) == (DWORD)-1)
        return FALSE;
    if (prev) {
        prev->Group = 0;
        prev->Number = (BYTE)ret;
        prev->Reserved = 0;
    }
    return TRUE;
}

/* TEB.GuaranteedStackBytes, where Windows keeps it */
#define TEB_GUARANTEED_STACK_BYTES 0x1748

WINBASEAPI BOOL WINAPI SetThreadStackGuarantee(PULONG size)
{
    TEB *teb = NtCurrentTeb();
    ULONG *current = (ULONG *)((BYTE *)teb + TEB_GUARANTEED_STACK_BYTES);
    ULONG_PTR reserve = (ULONG_PTR)teb->Tib.StackBase - (ULONG_PTR)teb->DeallocationStack;
    ULONG prev = *current, wanted;

    if (!size) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    wanted = (*size + 0xfff) & ~0xfffu;
    if (wanted >= reserve) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* documented: a smaller size than the current one is ignored, 0 only queries */
    if (wanted > prev) {
        FIXME_ONCE("stack guarantee recorded; stack overflow handling does not reserve it yet\n");
        *current = wanted;
    }
    *size = prev;
    return TRUE;
}
