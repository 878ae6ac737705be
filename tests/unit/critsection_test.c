/*
 * Unit test of the critical section implementation (dlls/ntdll/critsection.c) on host threads: each
 * thread gets a minimal TEB behind GS, as ntdll gives guest threads, so the contended futex path can be
 * exercised without the loader.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <windows.h>
#include <winternl.h>
#include <oriel/debug.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond) {                                                                                          \
            passed++;                                                                                        \
        } else {                                                                                             \
            failed++;                                                                                        \
            printf("%s:%d: ", __FILE__, __LINE__);                                                           \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
        }                                                                                                    \
    } while (0)

/* what critsection.c needs from the rest of ntdll */
unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    return 0;
}
int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...)
{
    return 0;
}
/* ntdll's sysinfo.c is not linked in: the processor count comes from the host directly */
ULONG ntdll_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (ULONG)n : 1;
}

PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size)
{
    return calloc(1, size);
}
BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    free(ptr);
    return TRUE;
}

static void setup_teb(ULONG_PTR tid)
{
    TEB *teb = calloc(1, sizeof(*teb));
    teb->Tib.Self = &teb->Tib;
    teb->ClientId.UniqueThread = (HANDLE)tid;
    syscall(SYS_arch_prctl, ARCH_SET_GS, teb);
}

static RTL_CRITICAL_SECTION cs;
static volatile long counter, inside, overlap;

static void *worker(void *arg)
{
    setup_teb((ULONG_PTR)arg);
    for (int i = 0; i < 200000; i++) {
        RtlEnterCriticalSection(&cs);
        if (__atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST) != 1)
            overlap = 1;
        if (i % 1000 == 0) {
            /* recursion under contention */
            RtlEnterCriticalSection(&cs);
            RtlLeaveCriticalSection(&cs);
        }
        counter++;
        __atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
        RtlLeaveCriticalSection(&cs);
    }
    return NULL;
}

static void *try_worker(void *arg)
{
    setup_teb(99);
    return (void *)(ULONG_PTR)RtlTryEnterCriticalSection(&cs);
}

int main(void)
{
    setup_teb(4);
    RtlInitializeCriticalSection(&cs);
    CHECK(cs.LockCount == -1 && cs.RecursionCount == 0 && !cs.OwningThread, "fresh section");
    RtlEnterCriticalSection(&cs);
    RtlEnterCriticalSection(&cs);
    CHECK(cs.RecursionCount == 2 && cs.OwningThread == (HANDLE)4 && cs.LockCount == 1, "recursion %d %d",
          (int)cs.RecursionCount, (int)cs.LockCount);

    pthread_t t;
    void *ret;
    pthread_create(&t, NULL, try_worker, NULL);
    pthread_join(t, &ret);
    CHECK(!ret, "TryEnter from another thread succeeded");
    RtlLeaveCriticalSection(&cs);
    RtlLeaveCriticalSection(&cs);
    CHECK(cs.LockCount == -1 && !cs.OwningThread, "released");
    pthread_create(&t, NULL, try_worker, NULL);
    pthread_join(t, &ret);
    CHECK(ret && cs.OwningThread == (HANDLE)99, "TryEnter of a free section failed");
    RtlLeaveCriticalSection(&cs); /* leaving on behalf of the exited thread resets the section */
    RtlDeleteCriticalSection(&cs);

    CHECK(RtlInitializeCriticalSectionEx(&cs, 0, 1) == STATUS_INVALID_PARAMETER_3, "invalid flags accepted");
    RtlInitializeCriticalSectionAndSpinCount(&cs, 0x80000100);
    CHECK(cs.SpinCount == 0x100 || cs.SpinCount == 0, "spin count %lx", (unsigned long)cs.SpinCount);

    pthread_t threads[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, worker, (void *)(i + 10));
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    CHECK(counter == 800000, "counter %ld: lost updates", counter);
    CHECK(!overlap, "two threads inside at once");
    CHECK(cs.LockCount == -1 && cs.RecursionCount == 0 && !cs.OwningThread, "not released: %d %d",
          (int)cs.LockCount, (int)cs.RecursionCount);
    RtlDeleteCriticalSection(&cs);

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
