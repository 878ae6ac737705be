/*
 * In-process synchronization that never needs the server: SRW locks, condition variables, run-once,
 * wait-on-address and interlocked singly linked lists. Everything blocks on Linux futexes so the
 * uncontended paths are a single atomic instruction.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(sync);

/* ---- futex helpers ---- */

/* Converts an NT timeout (NULL: infinite; negative: relative in 100 ns units; positive: absolute
 * system time) to a relative timespec. Returns 0 for infinite, 1 when *ts is set. */
static int nt_timeout_to_timespec(const LARGE_INTEGER *timeout, struct timespec *ts)
{
    LONGLONG rel;

    if (!timeout)
        return 0;
    if (timeout->QuadPart <= 0) {
        rel = -timeout->QuadPart;
    } else {
        LARGE_INTEGER now;
        NtQuerySystemTime(&now);
        rel = timeout->QuadPart > now.QuadPart ? timeout->QuadPart - now.QuadPart : 0;
    }
    ts->tv_sec = rel / 10000000;
    ts->tv_nsec = (rel % 10000000) * 100;
    return 1;
}

/* Waits while *addr == val. Returns STATUS_TIMEOUT when the timeout expired, else STATUS_SUCCESS
 * (which includes spurious wake-ups: callers re-check their condition). */
static NTSTATUS futex_wait(int *addr, int val, const LARGE_INTEGER *timeout)
{
    struct timespec ts;
    int has_timeout = nt_timeout_to_timespec(timeout, &ts);

    if (has_timeout && !ts.tv_sec && !ts.tv_nsec)
        return *(volatile int *)addr == val ? STATUS_TIMEOUT : STATUS_SUCCESS;
    if (ntdll_futex_wait(addr, val, has_timeout ? &ts : NULL) == -1 && errno == ETIMEDOUT)
        return STATUS_TIMEOUT;
    return STATUS_SUCCESS;
}

/* ---- SRW locks ----
 * The low 32 bits of the lock word: bit 31 set while held exclusively, bit 30 set while somebody
 * waits, bits 0-29 the number of shared owners. Waiting writers block new readers, so writers are
 * not starved; every release that sees waiters wakes them all and they compete again. */

#define SRW_EXCLUSIVE 0x80000000u
#define SRW_WAITERS 0x40000000u
#define SRW_SHARED_MASK 0x3fffffffu

static int *srw_word(RTL_SRWLOCK *lock)
{
    return (int *)&lock->Ptr;
}

NTSYSAPI void WINAPI RtlInitializeSRWLock(RTL_SRWLOCK *lock)
{
    lock->Ptr = NULL;
}

NTSYSAPI BOOLEAN WINAPI RtlTryAcquireSRWLockExclusive(RTL_SRWLOCK *lock)
{
    unsigned int expected = 0;
    return __atomic_compare_exchange_n((unsigned int *)srw_word(lock), &expected, SRW_EXCLUSIVE, 0,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

NTSYSAPI void WINAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *lock)
{
    unsigned int *word = (unsigned int *)srw_word(lock);
    unsigned int val = __atomic_load_n(word, __ATOMIC_RELAXED);

    for (;;) {
        if (!(val & ~SRW_WAITERS)) {
            /* free (maybe with waiters): take it, keeping the waiters bit so our release wakes them */
            if (__atomic_compare_exchange_n(word, &val, val | SRW_EXCLUSIVE, 1, __ATOMIC_ACQUIRE,
                                            __ATOMIC_RELAXED))
                return;
            continue;
        }
        if (!(val & SRW_WAITERS) && !__atomic_compare_exchange_n(word, &val, val | SRW_WAITERS, 1,
                                                                 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        futex_wait((int *)word, (int)(val | SRW_WAITERS), NULL);
        val = __atomic_load_n(word, __ATOMIC_RELAXED);
    }
}

NTSYSAPI BOOLEAN WINAPI RtlTryAcquireSRWLockShared(RTL_SRWLOCK *lock)
{
    unsigned int *word = (unsigned int *)srw_word(lock);
    unsigned int val = __atomic_load_n(word, __ATOMIC_RELAXED);

    while (!(val & (SRW_EXCLUSIVE | SRW_WAITERS))) {
        if (__atomic_compare_exchange_n(word, &val, val + 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return TRUE;
    }
    return FALSE;
}

NTSYSAPI void WINAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *lock)
{
    unsigned int *word = (unsigned int *)srw_word(lock);
    unsigned int val = __atomic_load_n(word, __ATOMIC_RELAXED);

    for (;;) {
        if (!(val & (SRW_EXCLUSIVE | SRW_WAITERS))) {
            if (__atomic_compare_exchange_n(word, &val, val + 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return;
            continue;
        }
        if (!(val & SRW_WAITERS) && !__atomic_compare_exchange_n(word, &val, val | SRW_WAITERS, 1,
                                                                 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        futex_wait((int *)word, (int)(val | SRW_WAITERS), NULL);
        val = __atomic_load_n(word, __ATOMIC_RELAXED);
    }
}

NTSYSAPI void WINAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *lock)
{
    unsigned int *word = (unsigned int *)srw_word(lock);
    unsigned int old = __atomic_exchange_n(word, 0, __ATOMIC_RELEASE);

    if (!(old & SRW_EXCLUSIVE))
        ERR("lock %p not held exclusively (%#x)\n", lock, old);
    if (old & SRW_WAITERS)
        ntdll_futex_wake((int *)word, INT_MAX);
}

NTSYSAPI void WINAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *lock)
{
    unsigned int *word = (unsigned int *)srw_word(lock);
    unsigned int val = __atomic_sub_fetch(word, 1, __ATOMIC_RELEASE);

    if ((val & SRW_SHARED_MASK) == SRW_SHARED_MASK)
        ERR("lock %p not held shared\n", lock);
    if (val == SRW_WAITERS) {
        unsigned int expected = SRW_WAITERS;
        if (__atomic_compare_exchange_n(word, &expected, 0, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            ntdll_futex_wake((int *)word, INT_MAX);
    }
}

/* ---- condition variables: a sequence number that every wake increments ---- */

static int *cv_word(RTL_CONDITION_VARIABLE *cv)
{
    return (int *)&cv->Ptr;
}

NTSYSAPI void WINAPI RtlInitializeConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    cv->Ptr = NULL;
}

NTSYSAPI void WINAPI RtlWakeConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(cv_word(cv), 1, __ATOMIC_RELEASE);
    ntdll_futex_wake(cv_word(cv), 1);
}

NTSYSAPI void WINAPI RtlWakeAllConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(cv_word(cv), 1, __ATOMIC_RELEASE);
    ntdll_futex_wake(cv_word(cv), INT_MAX);
}

NTSYSAPI NTSTATUS WINAPI RtlSleepConditionVariableCS(RTL_CONDITION_VARIABLE *cv, RTL_CRITICAL_SECTION *crit,
                                                     const LARGE_INTEGER *timeout)
{
    int seq = __atomic_load_n(cv_word(cv), __ATOMIC_ACQUIRE);
    NTSTATUS status;

    RtlLeaveCriticalSection(crit);
    status = futex_wait(cv_word(cv), seq, timeout);
    RtlEnterCriticalSection(crit);
    return status;
}

NTSYSAPI NTSTATUS WINAPI RtlSleepConditionVariableSRW(RTL_CONDITION_VARIABLE *cv, RTL_SRWLOCK *lock,
                                                      const LARGE_INTEGER *timeout, ULONG flags)
{
    int seq = __atomic_load_n(cv_word(cv), __ATOMIC_ACQUIRE);
    NTSTATUS status;

    if (flags & CONDITION_VARIABLE_LOCKMODE_SHARED)
        RtlReleaseSRWLockShared(lock);
    else
        RtlReleaseSRWLockExclusive(lock);
    status = futex_wait(cv_word(cv), seq, timeout);
    if (flags & CONDITION_VARIABLE_LOCKMODE_SHARED)
        RtlAcquireSRWLockShared(lock);
    else
        RtlAcquireSRWLockExclusive(lock);
    return status;
}

/* ---- run once ----
 * The pointer-sized word: low two bits are the state (0 not started, 1 in progress synchronously,
 * 2 done, 3 in progress asynchronously), the rest the context stored on completion (callers must
 * keep its low RTL_RUN_ONCE_CTX_RESERVED_BITS clear, as documented for InitOnceComplete). */

#define RUN_ONCE_STATE_MASK 3
#define RUN_ONCE_IDLE 0
#define RUN_ONCE_SYNC 1
#define RUN_ONCE_DONE 2
#define RUN_ONCE_ASYNC 3

static ULONG_PTR *run_once_word(RTL_RUN_ONCE *once)
{
    return (ULONG_PTR *)&once->Ptr;
}

NTSYSAPI void WINAPI RtlRunOnceInitialize(RTL_RUN_ONCE *once)
{
    once->Ptr = NULL;
}

NTSYSAPI NTSTATUS WINAPI RtlRunOnceBeginInitialize(RTL_RUN_ONCE *once, ULONG flags, void **context)
{
    ULONG_PTR *word = run_once_word(once);

    if (flags & ~(RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC))
        return STATUS_INVALID_PARAMETER;
    if ((flags & RTL_RUN_ONCE_CHECK_ONLY) && (flags & RTL_RUN_ONCE_ASYNC))
        return STATUS_INVALID_PARAMETER;

    for (;;) {
        ULONG_PTR val = __atomic_load_n(word, __ATOMIC_ACQUIRE);

        switch (val & RUN_ONCE_STATE_MASK) {
        case RUN_ONCE_DONE:
            if (context)
                *context = (void *)(val & ~(ULONG_PTR)RUN_ONCE_STATE_MASK);
            return STATUS_SUCCESS;
        case RUN_ONCE_IDLE:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY)
                return STATUS_UNSUCCESSFUL;
            if (__atomic_compare_exchange_n(word, &val,
                                            (flags & RTL_RUN_ONCE_ASYNC) ? RUN_ONCE_ASYNC : RUN_ONCE_SYNC, 0,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return STATUS_PENDING;
            break;
        case RUN_ONCE_ASYNC:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY)
                return STATUS_UNSUCCESSFUL;
            if (!(flags & RTL_RUN_ONCE_ASYNC))
                return STATUS_INVALID_PARAMETER;
            return STATUS_PENDING;
        case RUN_ONCE_SYNC:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY)
                return STATUS_UNSUCCESSFUL;
            if (flags & RTL_RUN_ONCE_ASYNC)
                return STATUS_INVALID_PARAMETER;
            /* somebody else initialises: wait on the low 32 bits of the word until it changes */
            futex_wait((int *)word, (int)val, NULL);
            break;
        }
    }
}

NTSYSAPI NTSTATUS WINAPI RtlRunOnceComplete(RTL_RUN_ONCE *once, ULONG flags, void *context)
{
    ULONG_PTR *word = run_once_word(once);
    ULONG_PTR val, newval;

    if (flags & ~(RTL_RUN_ONCE_ASYNC | RTL_RUN_ONCE_INIT_FAILED))
        return STATUS_INVALID_PARAMETER;
    if (flags & RTL_RUN_ONCE_INIT_FAILED) {
        if (context || (flags & RTL_RUN_ONCE_ASYNC))
            return STATUS_INVALID_PARAMETER;
        newval = RUN_ONCE_IDLE;
    } else {
        if ((ULONG_PTR)context & RUN_ONCE_STATE_MASK)
            return STATUS_INVALID_PARAMETER;
        newval = (ULONG_PTR)context | RUN_ONCE_DONE;
    }

    val = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    for (;;) {
        ULONG_PTR state = val & RUN_ONCE_STATE_MASK;
        if ((flags & RTL_RUN_ONCE_ASYNC) ? state != RUN_ONCE_ASYNC : state != RUN_ONCE_SYNC)
            return STATUS_UNSUCCESSFUL;
        if (__atomic_compare_exchange_n(word, &val, newval, 0, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
            break;
    }
    if (!(flags & RTL_RUN_ONCE_ASYNC))
        ntdll_futex_wake((int *)word, INT_MAX);
    /* a second asynchronous completer loses: the first one's context stands */
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI RtlRunOnceExecuteOnce(RTL_RUN_ONCE *once, PRTL_RUN_ONCE_INIT_FN func, void *param,
                                               void **context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, 0, context);

    if (status != STATUS_PENDING)
        return status;
    if (!func(once, param, context)) {
        RtlRunOnceComplete(once, RTL_RUN_ONCE_INIT_FAILED, NULL);
        return STATUS_UNSUCCESSFUL;
    }
    return RtlRunOnceComplete(once, 0, context ? *context : NULL);
}

/* ---- wait on address: a small table of futex sequence words hashed by address ---- */

#define ADDR_BUCKETS 256

static int addr_seq[ADDR_BUCKETS];

static int *addr_bucket(const void *addr)
{
    ULONG_PTR a = (ULONG_PTR)addr;
    return &addr_seq[((a >> 3) ^ (a >> 11)) % ADDR_BUCKETS];
}

static int addr_equal(const volatile void *addr, const void *cmp, SIZE_T size)
{
    switch (size) {
    case 1:
        return *(const volatile BYTE *)addr == *(const BYTE *)cmp;
    case 2:
        return *(const volatile WORD *)addr == *(const WORD *)cmp;
    case 4:
        return *(const volatile DWORD *)addr == *(const DWORD *)cmp;
    default:
        return *(const volatile DWORD64 *)addr == *(const DWORD64 *)cmp;
    }
}

NTSYSAPI NTSTATUS WINAPI RtlWaitOnAddress(const void *addr, const void *cmp, SIZE_T size,
                                          const LARGE_INTEGER *timeout)
{
    int *bucket = addr_bucket(addr);
    int seq;

    if (size != 1 && size != 2 && size != 4 && size != 8)
        return STATUS_INVALID_PARAMETER;
    seq = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
    if (!addr_equal(addr, cmp, size))
        return STATUS_SUCCESS;
    return futex_wait(bucket, seq, timeout);
}

NTSYSAPI void WINAPI RtlWakeAddressAll(const void *addr)
{
    int *bucket = addr_bucket(addr);
    __atomic_add_fetch(bucket, 1, __ATOMIC_RELEASE);
    ntdll_futex_wake(bucket, INT_MAX);
}

NTSYSAPI void WINAPI RtlWakeAddressSingle(const void *addr)
{
    /* other addresses may share the bucket, so waking only one could wake the wrong waiter; spurious
     * wake-ups are allowed by the WaitOnAddress contract */
    RtlWakeAddressAll(addr);
}

/* ---- interlocked singly linked lists (SLIST_HEADER, 16 bytes, 16-byte aligned) ----
 * First quadword: Depth (bits 0-15) and Sequence (bits 16-63); second: the first entry (entries are
 * 16-byte aligned, so its low four bits are zero as in the Windows x64 header). */

/* __sync builtins on 16 bytes compile to an inline lock cmpxchg16b with -mcx16 (the __atomic ones
 * would call libatomic). Updates *expected with the current value on failure. */
static int slist_cas(SLIST_HEADER *list, SLIST_HEADER *expected, SLIST_HEADER desired)
{
    unsigned __int128 prev = __sync_val_compare_and_swap(&list->Whole, expected->Whole, desired.Whole);
    if (prev == expected->Whole)
        return 1;
    expected->Whole = prev;
    return 0;
}

static SLIST_HEADER slist_load(SLIST_HEADER *list)
{
    SLIST_HEADER h;
    /* a 16-byte atomic read: a CAS that writes back the value it finds */
    h.Whole = __sync_val_compare_and_swap(&list->Whole, 0, 0);
    return h;
}

NTSYSAPI void WINAPI RtlInitializeSListHead(SLIST_HEADER *list)
{
    list->Alignment = list->Region = 0;
}

NTSYSAPI WORD WINAPI RtlQueryDepthSList(SLIST_HEADER *list)
{
    return (WORD)(__atomic_load_n(&list->Alignment, __ATOMIC_ACQUIRE) & 0xffff);
}

NTSYSAPI SLIST_ENTRY *WINAPI RtlFirstEntrySList(const SLIST_HEADER *list)
{
    return (SLIST_ENTRY *)(ULONG_PTR)(list->Region & ~(ULONGLONG)0xf);
}

NTSYSAPI SLIST_ENTRY *WINAPI RtlInterlockedPushEntrySList(SLIST_HEADER *list, SLIST_ENTRY *entry)
{
    SLIST_HEADER old = slist_load(list), new;

    do {
        entry->Next = (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
        new.Alignment = ((old.Alignment + 0x10000) & ~(ULONGLONG)0xffff) | ((old.Alignment + 1) & 0xffff);
        new.Region = (ULONG_PTR)entry;
    } while (!slist_cas(list, &old, new));
    return (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
}

NTSYSAPI SLIST_ENTRY *WINAPI RtlInterlockedPushListSListEx(SLIST_HEADER *list, SLIST_ENTRY *first,
                                                           SLIST_ENTRY *last, ULONG count)
{
    SLIST_HEADER old = slist_load(list), new;

    do {
        last->Next = (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
        new.Alignment = ((old.Alignment + 0x10000) & ~(ULONGLONG)0xffff) | ((old.Alignment + count) & 0xffff);
        new.Region = (ULONG_PTR)first;
    } while (!slist_cas(list, &old, new));
    return (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
}

NTSYSAPI SLIST_ENTRY *WINAPI RtlInterlockedPopEntrySList(SLIST_HEADER *list)
{
    SLIST_HEADER old = slist_load(list), new;
    SLIST_ENTRY *entry;

    do {
        entry = (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
        if (!entry)
            return NULL;
        /* the entry may be popped and freed by another thread between the load and the CAS; the
         * sequence number makes the CAS fail then, and Windows has the same read hazard */
        new.Region = (ULONG_PTR)entry->Next;
        new.Alignment = ((old.Alignment + 0x10000) & ~(ULONGLONG)0xffff) | ((old.Alignment - 1) & 0xffff);
    } while (!slist_cas(list, &old, new));
    return entry;
}

NTSYSAPI SLIST_ENTRY *WINAPI RtlInterlockedFlushSList(SLIST_HEADER *list)
{
    SLIST_HEADER old = slist_load(list), new;

    do {
        if (!(old.Region & ~(ULONGLONG)0xf))
            return NULL;
        new.Region = 0;
        new.Alignment = (old.Alignment + 0x10000) & ~(ULONGLONG)0xffff;
    } while (!slist_cas(list, &old, new));
    return (SLIST_ENTRY *)(ULONG_PTR)(old.Region & ~(ULONGLONG)0xf);
}
