/*
 * KUSER_SHARED_DATA: the read-only page Windows maps at 0x7ffe0000 in every process. Programs read
 * it directly, without calling any function: Go's runtime takes its monotonic clock from
 * InterruptTime and its wall clock from SystemTime there, and C runtimes read the version and
 * processor features. Each process has its own copy; a host thread refreshes the clocks.
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(usershared);

#define USER_SHARED_DATA_ADDRESS ((ULONG_PTR)0x7ffe0000)
#define TICKS_PER_SEC 10000000LL
#define TICKS_1601_TO_1970 (11644473600LL * TICKS_PER_SEC)
/* Windows' clock interrupt updates the page every 0.5-15.6 ms; 1 ms matches a program that asked
 * timeBeginPeriod(1), which Go's timers assume. */
#define UPDATE_INTERVAL_NS 1000000L

/* Offsets of the fields set here (SDK ntddk.h / ntkeapi layout of the x64 KUSER_SHARED_DATA). */
#define KUSD_TICK_COUNT_MULTIPLIER 0x004
#define KUSD_INTERRUPT_TIME 0x008
#define KUSD_SYSTEM_TIME 0x014
#define KUSD_TIME_ZONE_BIAS 0x020
#define KUSD_IMAGE_NUMBER_LOW 0x02c
#define KUSD_IMAGE_NUMBER_HIGH 0x02e
#define KUSD_NT_SYSTEM_ROOT 0x030
#define KUSD_NT_BUILD_NUMBER 0x260
#define KUSD_NT_PRODUCT_TYPE 0x264
#define KUSD_PRODUCT_TYPE_IS_VALID 0x268
#define KUSD_NATIVE_PROCESSOR_ARCHITECTURE 0x26a
#define KUSD_NT_MAJOR_VERSION 0x26c
#define KUSD_NT_MINOR_VERSION 0x270
#define KUSD_PROCESSOR_FEATURES 0x274
#define KUSD_NUMBER_OF_PHYSICAL_PAGES 0x2e8
#define KUSD_TICK_COUNT 0x320
#define KUSD_ACTIVE_PROCESSOR_COUNT 0x3c0
#define KUSD_ACTIVE_GROUP_COUNT 0x3c4

/* KSYSTEM_TIME: a 64-bit value readers take without a lock: they read High1Time, LowPart,
 * High2Time and retry until both high parts agree, so the writer stores High2Time first and
 * High1Time last. */
struct ksystem_time {
    volatile ULONG LowPart;
    volatile LONG High1Time;
    volatile LONG High2Time;
};

static unsigned char *user_shared_data;

static void write_ksystem_time(size_t offset, ULONGLONG value)
{
    struct ksystem_time *t = (struct ksystem_time *)(user_shared_data + offset);
    __atomic_store_n(&t->High2Time, (LONG)(value >> 32), __ATOMIC_RELEASE);
    __atomic_store_n(&t->LowPart, (ULONG)value, __ATOMIC_RELEASE);
    __atomic_store_n(&t->High1Time, (LONG)(value >> 32), __ATOMIC_RELEASE);
}

static void update_times(void)
{
    struct timespec ts;
    ULONGLONG interrupt = ntdll_monotonic_time();
    clock_gettime(CLOCK_REALTIME, &ts);
    write_ksystem_time(KUSD_INTERRUPT_TIME, interrupt);
    write_ksystem_time(KUSD_SYSTEM_TIME,
                       (ULONGLONG)ts.tv_sec * TICKS_PER_SEC + ts.tv_nsec / 100 + TICKS_1601_TO_1970);
    /* With a multiplier of 1.0 (in 8.24 fixed point) the tick count is in milliseconds. */
    write_ksystem_time(KUSD_TICK_COUNT, interrupt / 10000);
}

static void *update_thread(void *arg)
{
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        next.tv_nsec += UPDATE_INTERVAL_NS;
        if (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL)) {
        }
        update_times();
    }
    return NULL;
}

static void put32(size_t offset, ULONG value)
{
    memcpy(user_shared_data + offset, &value, sizeof(value));
}

static void put16(size_t offset, USHORT value)
{
    memcpy(user_shared_data + offset, &value, sizeof(value));
}

void user_shared_data_init(void)
{
    static const WCHAR system_root[] = u"C:\\windows";
    unsigned int eax, ebx, ecx, edx;
    /* Two views of one memory file: the updater writes through a private one, guest code sees the
     * page at its fixed address read-only, as on Windows. */
    int fd = memfd_create("KUSER_SHARED_DATA", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, 0x1000)) {
        ERR("cannot create KUSER_SHARED_DATA\n");
        if (fd >= 0)
            close(fd);
        return;
    }
    void *page =
        mmap((void *)USER_SHARED_DATA_ADDRESS, 0x1000, PROT_READ, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
    void *writable = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (page != (void *)USER_SHARED_DATA_ADDRESS || writable == MAP_FAILED) {
        if (page != MAP_FAILED)
            munmap(page, 0x1000);
        if (writable != MAP_FAILED)
            munmap(writable, 0x1000);
        ERR("cannot map KUSER_SHARED_DATA at %#lx\n", (unsigned long)USER_SHARED_DATA_ADDRESS);
        return;
    }
    user_shared_data = writable;

    put32(KUSD_TICK_COUNT_MULTIPLIER, 1u << 24);
    put16(KUSD_IMAGE_NUMBER_LOW, 0x8664);
    put16(KUSD_IMAGE_NUMBER_HIGH, 0x8664);
    memcpy(user_shared_data + KUSD_NT_SYSTEM_ROOT, system_root, sizeof(system_root));
    put32(KUSD_NT_BUILD_NUMBER, NtCurrentTeb()->Peb->OSBuildNumber);
    put32(KUSD_NT_PRODUCT_TYPE, 1); /* NtProductWinNt: a workstation */
    user_shared_data[KUSD_PRODUCT_TYPE_IS_VALID] = 1;
    put16(KUSD_NATIVE_PROCESSOR_ARCHITECTURE, 9); /* PROCESSOR_ARCHITECTURE_AMD64 */
    put32(KUSD_NT_MAJOR_VERSION, NtCurrentTeb()->Peb->OSMajorVersion);
    put32(KUSD_NT_MINOR_VERSION, NtCurrentTeb()->Peb->OSMinorVersion);
    put32(KUSD_ACTIVE_PROCESSOR_COUNT, NtCurrentTeb()->Peb->NumberOfProcessors);
    put32(KUSD_ACTIVE_GROUP_COUNT, 1);
    long pages = sysconf(_SC_PHYS_PAGES);
    put32(KUSD_NUMBER_OF_PHYSICAL_PAGES, pages > 0 && pages < 0xffffffffL ? (ULONG)pages : 0xffffffff);

    /* PF_* indexes (winnt.h) of the features every x86-64 CPU has, plus the ones cpuid reports. */
    unsigned char *features = user_shared_data + KUSD_PROCESSOR_FEATURES;
    features[2] = 1;  /* PF_COMPARE_EXCHANGE_DOUBLE */
    features[3] = 1;  /* PF_MMX_INSTRUCTIONS_AVAILABLE */
    features[6] = 1;  /* PF_XMMI_INSTRUCTIONS_AVAILABLE (SSE) */
    features[8] = 1;  /* PF_RDTSC_INSTRUCTION_AVAILABLE */
    features[9] = 1;  /* PF_PAE_ENABLED */
    features[10] = 1; /* PF_XMMI64_INSTRUCTIONS_AVAILABLE (SSE2) */
    features[12] = 1; /* PF_NX_ENABLED */
    __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    features[13] = (ecx & 1) != 0;          /* PF_SSE3_INSTRUCTIONS_AVAILABLE */
    features[14] = (ecx & (1u << 13)) != 0; /* PF_COMPARE_EXCHANGE128 */
    features[36] = (ecx & (1u << 9)) != 0;  /* PF_SSSE3_INSTRUCTIONS_AVAILABLE */
    features[37] = (ecx & (1u << 19)) != 0; /* PF_SSE4_1_INSTRUCTIONS_AVAILABLE */
    features[38] = (ecx & (1u << 20)) != 0; /* PF_SSE4_2_INSTRUCTIONS_AVAILABLE */
    update_times();
}

/* Refreshes the clocks from the calling thread (sleeps and waits of single-threaded programs). */
void user_shared_data_refresh(void)
{
    if (user_shared_data)
        update_times();
}

static void start_updater(void)
{
    /* The updater is a host thread: it never runs guest code, and blocks every signal so the
     * signals oriel uses to suspend or interrupt Windows threads never land on it. */
    pthread_t thread;
    pthread_attr_t attr;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (pthread_create(&thread, &attr, update_thread, NULL))
        ERR("cannot start the KUSER_SHARED_DATA updater\n");
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The 1 ms updater starts with the process's second thread rather than at start-up: it cost a
 * sizeable part of a short program's start (a thread and a thousand wake-ups a second), and the
 * programs that read the page directly (Go's runtime) always start threads early. A single-threaded
 * program still sees the clocks move at each sleep or wait (user_shared_data_refresh). */
void user_shared_data_start_updater(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (user_shared_data)
        pthread_once(&once, start_updater);
}
