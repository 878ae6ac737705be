/*
 * System information (ntdll): NtQuerySystemInformation basics, the reported Windows version and
 * processor features (from CPUID).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <string.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(sysinfo);

#define VER_PLATFORM_WIN32_NT 2
#define VER_NT_WORKSTATION 1
#define VER_SUITE_SINGLEUSERTS 0x100
#define PROCESSOR_ARCHITECTURE_AMD64 9

/* The number of processors, read once: sysconf(_SC_NPROCESSORS_ONLN) opens and parses a sysfs file
 * on every call, and critical sections ask at each initialisation. */
ULONG ntdll_cpu_count(void)
{
    static ULONG cached;
    ULONG n = __atomic_load_n(&cached, __ATOMIC_RELAXED);

    if (!n) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        n = online < 1 ? 1 : online > 64 ? 64 : (ULONG)online; /* one processor group */
        __atomic_store_n(&cached, n, __ATOMIC_RELAXED);
    }
    return n;
}

static ULONG cpu_count(void)
{
    return ntdll_cpu_count();
}

/* ---- processor features ---- */

struct cpu_features {
    unsigned int ecx1, edx1;   /* leaf 1 */
    unsigned int ebx7, ecx7;   /* leaf 7 */
    unsigned int ecx81, edx81; /* leaf 0x80000001 */
    unsigned int family, model, stepping;
};

static void get_cpu_features(struct cpu_features *f)
{
    unsigned int a, b, c, d, max;
    memset(f, 0, sizeof(*f));
    max = __get_cpuid_max(0, NULL);
    if (max >= 1) {
        __cpuid(1, a, b, c, d);
        f->ecx1 = c;
        f->edx1 = d;
        f->family = (a >> 8) & 0xf;
        f->model = (a >> 4) & 0xf;
        f->stepping = a & 0xf;
        if (f->family == 0xf)
            f->family += (a >> 20) & 0xff;
        if (f->family == 0x6 || f->family >= 0xf)
            f->model |= ((a >> 16) & 0xf) << 4;
    }
    if (max >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->ebx7 = b;
        f->ecx7 = c;
    }
    if (__get_cpuid_max(0x80000000, NULL) >= 0x80000001) {
        __cpuid(0x80000001, a, b, c, d);
        f->ecx81 = c;
        f->edx81 = d;
    }
}

static int os_saves_avx(const struct cpu_features *f)
{
    if (!(f->ecx1 & (1u << 27))) /* OSXSAVE */
        return 0;
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

BOOLEAN WINAPI RtlIsProcessorFeaturePresent(UINT feature)
{
    struct cpu_features f;
    get_cpu_features(&f);
    switch (feature) {
    case 0: /* PF_FLOATING_POINT_PRECISION_ERRATA */
    case 1: /* PF_FLOATING_POINT_EMULATED */
        return FALSE;
    case 2: /* PF_COMPARE_EXCHANGE_DOUBLE */
        return !!(f.edx1 & (1u << 8));
    case 3: /* PF_MMX_INSTRUCTIONS_AVAILABLE */
        return !!(f.edx1 & (1u << 23));
    case 6: /* PF_XMMI_INSTRUCTIONS_AVAILABLE */
        return !!(f.edx1 & (1u << 25));
    case 7: /* PF_3DNOW_INSTRUCTIONS_AVAILABLE */
        return !!(f.edx81 & (1u << 31));
    case 8: /* PF_RDTSC_INSTRUCTION_AVAILABLE */
        return !!(f.edx1 & (1u << 4));
    case 9:  /* PF_PAE_ENABLED: always on in long mode */
    case 12: /* PF_NX_ENABLED */
    case 23: /* PF_FASTFAIL_AVAILABLE (int 0x29) */
        return TRUE;
    case 10: /* PF_XMMI64_INSTRUCTIONS_AVAILABLE */
        return !!(f.edx1 & (1u << 26));
    case 11: /* PF_SSE_DAZ_MODE_AVAILABLE */
        return !!(f.edx1 & (1u << 26));
    case 13: /* PF_SSE3_INSTRUCTIONS_AVAILABLE */
        return !!(f.ecx1 & 1u);
    case 14: /* PF_COMPARE_EXCHANGE128 */
        return !!(f.ecx1 & (1u << 13));
    case 17: /* PF_XSAVE_ENABLED */
        return !!(f.ecx1 & (1u << 27));
    case 28: /* PF_RDRAND_INSTRUCTION_AVAILABLE */
        return !!(f.ecx1 & (1u << 30));
    case 32: /* PF_RDTSCP_INSTRUCTION_AVAILABLE */
        return !!(f.edx81 & (1u << 27));
    case 36: /* PF_SSSE3_INSTRUCTIONS_AVAILABLE */
        return !!(f.ecx1 & (1u << 9));
    case 37: /* PF_SSE4_1_INSTRUCTIONS_AVAILABLE */
        return !!(f.ecx1 & (1u << 19));
    case 38: /* PF_SSE4_2_INSTRUCTIONS_AVAILABLE */
        return !!(f.ecx1 & (1u << 20));
    case 39: /* PF_AVX_INSTRUCTIONS_AVAILABLE */
        return (f.ecx1 & (1u << 28)) && os_saves_avx(&f);
    case 40: /* PF_AVX2_INSTRUCTIONS_AVAILABLE */
        return (f.ebx7 & (1u << 5)) && os_saves_avx(&f);
    case 41: /* PF_AVX512F_INSTRUCTIONS_AVAILABLE */
        return (f.ebx7 & (1u << 16)) && os_saves_avx(&f);
    default:
        return FALSE;
    }
}

/* ---- versions ---- */

static void get_version_numbers(DWORD *major, DWORD *minor, DWORD *build)
{
    PEB *peb = NtCurrentTeb()->Peb;
    if (peb && peb->OSMajorVersion) {
        *major = peb->OSMajorVersion;
        *minor = peb->OSMinorVersion;
        *build = peb->OSBuildNumber;
    } else {
        *major = ORIEL_OS_MAJOR;
        *minor = ORIEL_OS_MINOR;
        *build = ORIEL_OS_BUILD;
    }
}

/* RtlGetVersion is not subject to the manifest-based version lie of GetVersionEx: it returns the real
 * version. */
NTSTATUS WINAPI RtlGetVersion(PRTL_OSVERSIONINFOW info)
{
    if (info->dwOSVersionInfoSize != sizeof(RTL_OSVERSIONINFOW) &&
        info->dwOSVersionInfoSize != sizeof(RTL_OSVERSIONINFOEXW))
        return STATUS_INVALID_PARAMETER;
    get_version_numbers(&info->dwMajorVersion, &info->dwMinorVersion, &info->dwBuildNumber);
    info->dwPlatformId = VER_PLATFORM_WIN32_NT;
    memset(info->szCSDVersion, 0, sizeof(info->szCSDVersion));
    if (info->dwOSVersionInfoSize == sizeof(RTL_OSVERSIONINFOEXW)) {
        RTL_OSVERSIONINFOEXW *ex = (RTL_OSVERSIONINFOEXW *)info;
        ex->wServicePackMajor = 0;
        ex->wServicePackMinor = 0;
        ex->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        ex->wProductType = VER_NT_WORKSTATION;
        ex->wReserved = 0;
    }
    return STATUS_SUCCESS;
}

void WINAPI RtlGetNtVersionNumbers(LPDWORD major, LPDWORD minor, LPDWORD build)
{
    DWORD ma, mi, bu;
    get_version_numbers(&ma, &mi, &bu);
    if (major)
        *major = ma;
    if (minor)
        *minor = mi;
    if (build)
        *build = bu | 0xf0000000; /* the high nibble marks a free (retail) build */
}

/* ---- NtQuerySystemInformation ---- */

static void fill_basic_info(SYSTEM_BASIC_INFORMATION *info)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    ULONG cpus = cpu_count();
    memset(info, 0, sizeof(*info));
    info->TimerResolution = 156250; /* 15.625 ms, the default Windows clock interrupt */
    info->PageSize = 0x1000;
    info->NumberOfPhysicalPages = pages > 0 ? (ULONG)pages : 0;
    info->LowestPhysicalPageNumber = 1;
    info->HighestPhysicalPageNumber = info->NumberOfPhysicalPages;
    info->AllocationGranularity = 0x10000;
    info->MinimumUserModeAddress = 0x10000;
    info->MaximumUserModeAddress = 0x7ffffffeffff;
    info->ActiveProcessorsAffinityMask = cpus >= 64 ? ~(ULONG_PTR)0 : (((ULONG_PTR)1 << cpus) - 1);
    info->NumberOfProcessors = (CCHAR)cpus;
}

NTSTATUS WINAPI NtQuerySystemInformation(SYSTEM_INFORMATION_CLASS cls, PVOID buffer, ULONG size,
                                         PULONG ret_size)
{
    ULONG len;
    switch (cls) {
    case SystemBasicInformation: {
        len = sizeof(SYSTEM_BASIC_INFORMATION);
        if (size != len)
            goto mismatch;
        fill_basic_info(buffer);
        break;
    }
    case SystemProcessorInformation: {
        len = sizeof(SYSTEM_CPU_INFORMATION);
        if (size < len)
            goto mismatch;
        struct cpu_features f;
        get_cpu_features(&f);
        SYSTEM_CPU_INFORMATION *info = buffer;
        info->ProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
        info->ProcessorLevel = (USHORT)f.family;
        info->ProcessorRevision = (USHORT)((f.model << 8) | f.stepping);
        info->MaximumProcessors = (USHORT)cpu_count();
        info->ProcessorFeatureBits = 0;
        break;
    }
    case SystemTimeOfDayInformation: {
        SYSTEM_TIMEOFDAY_INFORMATION tod;
        memset(&tod, 0, sizeof(tod));
        NtQuerySystemTime(&tod.CurrentTime);
        tod.BootTime.QuadPart = tod.CurrentTime.QuadPart - (LONGLONG)ntdll_monotonic_time();
        LARGE_INTEGER local;
        RtlSystemTimeToLocalTime(&tod.CurrentTime, &local);
        tod.TimeZoneBias.QuadPart = tod.CurrentTime.QuadPart - local.QuadPart;
        len = size < sizeof(tod) ? size : sizeof(tod);
        if (size > sizeof(tod))
            goto mismatch;
        memcpy(buffer, &tod, len);
        break;
    }
    default:
        FIXME("class %d not supported\n", (int)cls);
        if (ret_size)
            *ret_size = 0;
        return STATUS_INVALID_INFO_CLASS;
    }
    if (ret_size)
        *ret_size = len;
    return STATUS_SUCCESS;

mismatch:
    if (ret_size)
        *ret_size = len;
    return STATUS_INFO_LENGTH_MISMATCH;
}

/* ---- NtQueryInformationProcess (the current process; the classes programs commonly ask for) ---- */

#define STATUS_PORT_NOT_SET ((NTSTATUS)0xC0000353)

NTSTATUS WINAPI NtQueryInformationProcess(HANDLE process, PROCESSINFOCLASS cls, PVOID info, ULONG size,
                                          PULONG ret_size)
{
    TEB *teb = NtCurrentTeb();
    ULONG len;

    if (cls == ProcessBasicInformation) { /* processapi.c: any process, with its parent's id */
        if (size != sizeof(PROCESS_BASIC_INFORMATION)) {
            if (ret_size)
                *ret_size = sizeof(PROCESS_BASIC_INFORMATION);
            return STATUS_INFO_LENGTH_MISMATCH;
        }
        NTSTATUS status = process_query_basic_info(process, info);
        if (!status && ret_size)
            *ret_size = sizeof(PROCESS_BASIC_INFORMATION);
        return status;
    }
    if (process != NtCurrentProcess() && (ULONG_PTR)process != (ULONG_PTR)teb->ClientId.UniqueProcess) {
        FIXME("process %p: only the current process is supported\n", process);
        return STATUS_NOT_IMPLEMENTED;
    }
    switch (cls) {
    case ProcessHandleCount: {
        ULONG handles;
        NTSTATUS status;
        len = sizeof(ULONG);
        if (size != len)
            goto mismatch;
        if ((status = __oriel_get_object_counts(NULL, 0, &handles)))
            return status;
        *(ULONG *)info = handles;
        break;
    }
    case ProcessDebugPort:
    case ProcessWow64Information: /* a 64-bit process is not under WOW64 */
        len = sizeof(ULONG_PTR);
        if (size != len)
            goto mismatch;
        *(ULONG_PTR *)info = 0;
        break;
    case ProcessDebugFlags: /* NoDebugInherit: no debugger attached */
        len = sizeof(ULONG);
        if (size != len)
            goto mismatch;
        *(ULONG *)info = 1;
        break;
    case ProcessDebugObjectHandle:
        len = sizeof(HANDLE);
        if (size != len)
            goto mismatch;
        *(HANDLE *)info = NULL;
        if (ret_size)
            *ret_size = len;
        return STATUS_PORT_NOT_SET;
    default:
        FIXME("class %d not supported\n", (int)cls);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (ret_size)
        *ret_size = len;
    return STATUS_SUCCESS;

mismatch:
    if (ret_size)
        *ret_size = len;
    return STATUS_INFO_LENGTH_MISMATCH;
}
