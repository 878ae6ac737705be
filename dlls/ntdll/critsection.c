/*
 * Critical sections (ntdll). The RTL_CRITICAL_SECTION layout is the documented one and guest code may
 * read it: LockCount is -1 when free and counts the owner's acquisitions plus the waiters (the pre-Vista
 * convention that Wine also uses), RecursionCount and OwningThread (the thread id) are what debuggers and
 * some programs inspect. Contention is resolved in the process with a futex whose word lives in the low
 * half of LockSemaphore, used as a counting semaphore of wake-ups: no server round trip, no handle.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(sync);

#define CRITSECT_MAX_SPIN 0x00ffffff

static inline HANDLE current_tid(void)
{
    return NtCurrentTeb()->ClientId.UniqueThread;
}

static inline int *crit_sem(RTL_CRITICAL_SECTION *crit)
{
    return (int *)&crit->LockSemaphore;
}

int ntdll_futex_wait(volatile int *addr, int val, const struct timespec *timeout)
{
    return (int)syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, timeout, NULL, 0);
}

void ntdll_futex_wake(volatile int *addr, int count)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

/* ---- a small lock for ntdll internals that cannot rely on a TEB (0 free, 1 held, 2 contended) ---- */

void ntdll_lock(int *lock)
{
    int c = 0;
    if (__atomic_compare_exchange_n(lock, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE);
    while (c) {
        ntdll_futex_wait(lock, 2, NULL);
        c = __atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE);
    }
}

void ntdll_unlock(int *lock)
{
    if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2)
        ntdll_futex_wake(lock, 1);
}

/* ---- critical sections ---- */

NTSTATUS WINAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION crit, ULONG spin, ULONG flags)
{
    if (spin & RTL_CRITICAL_SECTION_ALL_FLAG_BITS)
        return STATUS_INVALID_PARAMETER_2;
    if (flags & ~RTL_CRITICAL_SECTION_ALL_FLAG_BITS)
        return STATUS_INVALID_PARAMETER_3;
    if (flags & (RTL_CRITICAL_SECTION_FLAG_DYNAMIC_SPIN | RTL_CRITICAL_SECTION_FLAG_STATIC_INIT))
        FIXME_ONCE("flags %#x not supported\n", (unsigned)flags);

    crit->DebugInfo = (PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1;
    if (!(flags & RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO)) {
        PEB *peb = NtCurrentTeb()->Peb;
        RTL_CRITICAL_SECTION_DEBUG *debug =
            peb && peb->ProcessHeap ? RtlAllocateHeap(peb->ProcessHeap, HEAP_ZERO_MEMORY, sizeof(*debug))
                                    : NULL;
        if (debug) {
            debug->CriticalSection = crit;
            debug->ProcessLocksList.Flink = debug->ProcessLocksList.Blink = &debug->ProcessLocksList;
            crit->DebugInfo = debug;
        }
    }
    crit->LockCount = -1;
    crit->RecursionCount = 0;
    crit->OwningThread = 0;
    crit->LockSemaphore = 0;
    if (ntdll_cpu_count() <= 1)
        spin = 0; /* spinning cannot help on a single processor */
    crit->SpinCount = spin & CRITSECT_MAX_SPIN;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION crit, ULONG spin)
{
    /* the high bit used to ask for a preallocated event; it is ignored since Vista */
    return RtlInitializeCriticalSectionEx(crit, spin & CRITSECT_MAX_SPIN, 0);
}

NTSTATUS WINAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION crit)
{
    return RtlInitializeCriticalSectionEx(crit, 0, 0);
}

ULONG WINAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION crit, ULONG spin)
{
    ULONG old = (ULONG)crit->SpinCount;
    crit->SpinCount = ntdll_cpu_count() > 1 ? (spin & CRITSECT_MAX_SPIN) : 0;
    return old;
}

NTSTATUS WINAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION crit)
{
    RTL_CRITICAL_SECTION_DEBUG *debug = crit->DebugInfo;
    if (debug && debug != (PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1 && debug->CriticalSection == crit) {
        PEB *peb = NtCurrentTeb()->Peb;
        if (peb && peb->ProcessHeap)
            RtlFreeHeap(peb->ProcessHeap, 0, debug);
    }
    crit->DebugInfo = NULL;
    crit->LockCount = -1;
    crit->RecursionCount = 0;
    crit->OwningThread = 0;
    crit->LockSemaphore = 0;
    return STATUS_SUCCESS;
}

/* The slow paths are ms_abi too: an ms_abi function that calls SysV code must save xmm6-15, and keeping
 * host calls out of Enter/Leave themselves keeps that cost off the uncontended path. */
static void WINAPI __attribute__((noinline)) crit_wait(PRTL_CRITICAL_SECTION crit)
{
    int *sem = crit_sem(crit);
    RTL_CRITICAL_SECTION_DEBUG *debug = crit->DebugInfo;
    if (debug && debug != (PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1)
        __atomic_add_fetch(&debug->ContentionCount, 1, __ATOMIC_RELAXED);
    for (;;) {
        int v = __atomic_load_n(sem, __ATOMIC_ACQUIRE);
        if (v > 0) {
            if (__atomic_compare_exchange_n(sem, &v, v - 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return;
            continue;
        }
        ntdll_futex_wait(sem, v, NULL);
    }
}

static void WINAPI __attribute__((noinline)) crit_wake(PRTL_CRITICAL_SECTION crit)
{
    int *sem = crit_sem(crit);
    __atomic_add_fetch(sem, 1, __ATOMIC_RELEASE);
    ntdll_futex_wake(sem, 1);
}

BOOL WINAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION crit)
{
    HANDLE tid = current_tid();
    LONG expected = -1;
    if (__atomic_compare_exchange_n(&crit->LockCount, &expected, 0, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        crit->OwningThread = tid;
        crit->RecursionCount = 1;
        return TRUE;
    }
    if (crit->OwningThread == tid) {
        __atomic_add_fetch(&crit->LockCount, 1, __ATOMIC_RELAXED);
        crit->RecursionCount++;
        return TRUE;
    }
    return FALSE;
}

NTSTATUS WINAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION crit)
{
    HANDLE tid = current_tid();

    if (crit->SpinCount) {
        if (crit->OwningThread == tid) {
            __atomic_add_fetch(&crit->LockCount, 1, __ATOMIC_RELAXED);
            crit->RecursionCount++;
            return STATUS_SUCCESS;
        }
        for (ULONG_PTR i = crit->SpinCount; i; i--) {
            if (crit->LockCount > 0)
                break; /* others already wait: queue up rather than spin */
            if (crit->LockCount == -1 && RtlTryEnterCriticalSection(crit))
                return STATUS_SUCCESS;
            __builtin_ia32_pause();
        }
    }

    if (__atomic_add_fetch(&crit->LockCount, 1, __ATOMIC_ACQUIRE) > 0) {
        if (crit->OwningThread == tid) {
            crit->RecursionCount++;
            return STATUS_SUCCESS;
        }
        crit_wait(crit);
    }
    crit->OwningThread = tid;
    crit->RecursionCount = 1;
    return STATUS_SUCCESS;
}

static void WINAPI __attribute__((noinline)) leave_unowned(PRTL_CRITICAL_SECTION crit)
{
    ERR("section %p is not acquired\n", crit);
    crit->RecursionCount = 0;
}

NTSTATUS WINAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION crit)
{
    if (--crit->RecursionCount) {
        if (crit->RecursionCount > 0) {
            __atomic_sub_fetch(&crit->LockCount, 1, __ATOMIC_RELEASE);
        } else {
            leave_unowned(crit);
        }
        return STATUS_SUCCESS;
    }
    crit->OwningThread = 0;
    if (__atomic_sub_fetch(&crit->LockCount, 1, __ATOMIC_RELEASE) >= 0)
        crit_wake(crit); /* somebody is waiting */
    return STATUS_SUCCESS;
}

BOOL WINAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION crit)
{
    return crit->RecursionCount != 0;
}

BOOL WINAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION crit)
{
    return crit->OwningThread == current_tid() && crit->RecursionCount;
}
