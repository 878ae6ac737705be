/*
 * Process scheduling settings declared in winbase.h and processthreadsapi.h that have no Linux
 * counterpart to drive: the affinity the process runs with and the dynamic priority boost switch.
 */
#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(process);

BOOL WINAPI GetProcessAffinityMask(HANDLE process, PDWORD_PTR process_mask, PDWORD_PTR system_mask)
{
    PROCESS_BASIC_INFORMATION pbi;
    SYSTEM_BASIC_INFORMATION sbi;
    NTSTATUS status;

    TRACE("%p %p %p\n", process, process_mask, system_mask);
    status = NtQueryInformationProcess(process, ProcessBasicInformation, &pbi, sizeof(pbi), NULL);
    if (status)
        return k32_set_ntstatus(status);
    status = NtQuerySystemInformation(SystemBasicInformation, &sbi, sizeof(sbi), NULL);
    if (status)
        return k32_set_ntstatus(status);
    if (process_mask)
        *process_mask = pbi.AffinityMask;
    if (system_mask)
        *system_mask = sbi.ActiveProcessorsAffinityMask;
    return TRUE;
}

/* Linux has no priority boost for threads leaving a wait, so the switch only records the choice. */
static volatile LONG boost_disabled;

BOOL WINAPI SetProcessPriorityBoost(HANDLE process, BOOL disable)
{
    TRACE("%p %d\n", process, disable);
    DWORD pid = GetProcessId(process);
    if (!pid)
        return FALSE;
    if (pid != GetCurrentProcessId()) {
        FIXME_ONCE("the boost setting of another process (%u) is not recorded\n", pid);
        return TRUE;
    }
    __atomic_store_n(&boost_disabled, disable ? 1 : 0, __ATOMIC_RELAXED);
    return TRUE;
}

BOOL WINAPI GetProcessPriorityBoost(HANDLE process, PBOOL disable)
{
    TRACE("%p %p\n", process, disable);
    DWORD pid = GetProcessId(process);
    if (!pid)
        return FALSE;
    if (!disable) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    if (pid != GetCurrentProcessId())
        FIXME_ONCE("the boost setting of another process (%u) is not known\n", pid);
    *disable = pid == GetCurrentProcessId() ? __atomic_load_n(&boost_disabled, __ATOMIC_RELAXED) : FALSE;
    return TRUE;
}
