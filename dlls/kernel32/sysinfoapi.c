/*
 * System information, time and version (kernel32).
 *
 * Version reporting follows the documented compatibility rule of GetVersionEx/GetVersion: an
 * application whose manifest does not declare Windows 8.1 or 10 support sees Windows 8 (6.2.9200);
 * RtlGetVersion and the PEB always hold the real version (10.0.19045).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(sysinfo);

#define TICKS_PER_MSEC 10000

void WINAPI GetSystemInfo(LPSYSTEM_INFO info)
{
    SYSTEM_BASIC_INFORMATION basic;
    SYSTEM_CPU_INFORMATION cpu;
    NtQuerySystemInformation(SystemBasicInformation, &basic, sizeof(basic), NULL);
    NtQuerySystemInformation(SystemProcessorInformation, &cpu, sizeof(cpu), NULL);

    memset(info, 0, sizeof(*info));
    info->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    info->dwPageSize = basic.PageSize;
    info->lpMinimumApplicationAddress = (void *)basic.MinimumUserModeAddress;
    info->lpMaximumApplicationAddress = (void *)basic.MaximumUserModeAddress;
    info->dwActiveProcessorMask = basic.ActiveProcessorsAffinityMask;
    info->dwNumberOfProcessors = (BYTE)basic.NumberOfProcessors;
    info->dwProcessorType = PROCESSOR_AMD_X8664;
    info->dwAllocationGranularity = basic.AllocationGranularity;
    info->wProcessorLevel = cpu.ProcessorLevel;
    info->wProcessorRevision = cpu.ProcessorRevision;
}

void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO info)
{
    GetSystemInfo(info); /* a 64-bit process sees the native system */
}

BOOL WINAPI IsProcessorFeaturePresent(DWORD feature)
{
    return RtlIsProcessorFeaturePresent(feature) ? TRUE : FALSE;
}

/* ---- time ---- */

DWORD WINAPI GetTickCount(void)
{
    return (DWORD)(ntdll_monotonic_time() / TICKS_PER_MSEC);
}

ULONGLONG WINAPI GetTickCount64(void)
{
    return ntdll_monotonic_time() / TICKS_PER_MSEC;
}

void WINAPI GetSystemTimeAsFileTime(LPFILETIME time)
{
    LARGE_INTEGER now;
    NtQuerySystemTime(&now);
    time->dwLowDateTime = now.LowPart;
    time->dwHighDateTime = (DWORD)now.HighPart;
}

void WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME time)
{
    GetSystemTimeAsFileTime(time); /* NtQuerySystemTime already has 100 ns resolution */
}

static void time_to_systemtime(const LARGE_INTEGER *t, LPSYSTEMTIME st)
{
    TIME_FIELDS tf;
    RtlTimeToTimeFields(t, &tf);
    st->wYear = tf.Year;
    st->wMonth = tf.Month;
    st->wDay = tf.Day;
    st->wHour = tf.Hour;
    st->wMinute = tf.Minute;
    st->wSecond = tf.Second;
    st->wMilliseconds = tf.Milliseconds;
    st->wDayOfWeek = tf.Weekday;
}

void WINAPI GetSystemTime(LPSYSTEMTIME st)
{
    LARGE_INTEGER now;
    NtQuerySystemTime(&now);
    time_to_systemtime(&now, st);
}

void WINAPI GetLocalTime(LPSYSTEMTIME st)
{
    LARGE_INTEGER now, local;
    NtQuerySystemTime(&now);
    RtlSystemTimeToLocalTime(&now, &local);
    time_to_systemtime(&local, st);
}

BOOL WINAPI FileTimeToSystemTime(const FILETIME *ft, LPSYSTEMTIME st)
{
    LARGE_INTEGER t;
    t.LowPart = ft->dwLowDateTime;
    t.HighPart = (LONG)ft->dwHighDateTime;
    /* documented: the value must be less than 0x8000000000000000 */
    if (t.QuadPart < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    time_to_systemtime(&t, st);
    return TRUE;
}

BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *st, LPFILETIME ft)
{
    TIME_FIELDS tf = {(SHORT)st->wYear,   (SHORT)st->wMonth,  (SHORT)st->wDay,          (SHORT)st->wHour,
                      (SHORT)st->wMinute, (SHORT)st->wSecond, (SHORT)st->wMilliseconds, 0};
    LARGE_INTEGER t;
    /* wDayOfWeek is ignored, as documented */
    if (st->wYear > 30827 || !RtlTimeFieldsToTime(&tf, &t)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ft->dwLowDateTime = t.LowPart;
    ft->dwHighDateTime = (DWORD)t.HighPart;
    return TRUE;
}

/* ---- version ---- */

static int contains(const char *data, ULONG size, const char *needle)
{
    size_t n = strlen(needle);
    for (ULONG i = 0; i + n <= size; i++) {
        ULONG k = 0;
        while (k < n && (data[i + k] | 0x20) == (needle[k] | 0x20))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* What the application may see, from the <supportedOS> entries of its manifest (RT_MANIFEST 1). */
static void get_compat_version(DWORD *major, DWORD *minor, DWORD *build)
{
    static const char win10[] = "8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a";
    static const char win81[] = "1f676c76-80e1-4239-95bb-83d0f6d0da78";
    RTL_OSVERSIONINFOW real = {sizeof(real)};
    RtlGetVersion(&real);
    *major = real.dwMajorVersion;
    *minor = real.dwMinorVersion;
    *build = real.dwBuildNumber;

    HMODULE exe = NtCurrentTeb()->Peb->ImageBaseAddress;
    LDR_RESOURCE_INFO res = {24 /* RT_MANIFEST */, 1, 0};
    const IMAGE_RESOURCE_DATA_ENTRY *entry;
    void *data = NULL;
    ULONG size = 0;
    if (exe && !LdrFindResource_U(exe, &res, 3, &entry) && !LdrAccessResource(exe, entry, &data, &size) &&
        contains(data, size, win10))
        return;
    if (data && contains(data, size, win81)) {
        *major = 6;
        *minor = 3;
        *build = 9600;
        return;
    }
    *major = 6;
    *minor = 2;
    *build = 9200;
}

BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW info)
{
    if (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOW) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXW)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    RtlGetVersion((PRTL_OSVERSIONINFOW)info);
    get_compat_version(&info->dwMajorVersion, &info->dwMinorVersion, &info->dwBuildNumber);
    return TRUE;
}

BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA info)
{
    OSVERSIONINFOEXW w;
    if (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOA) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXA)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    w.dwOSVersionInfoSize = sizeof(w);
    GetVersionExW((LPOSVERSIONINFOW)&w);
    info->dwMajorVersion = w.dwMajorVersion;
    info->dwMinorVersion = w.dwMinorVersion;
    info->dwBuildNumber = w.dwBuildNumber;
    info->dwPlatformId = w.dwPlatformId;
    memset(info->szCSDVersion, 0, sizeof(info->szCSDVersion));
    for (int i = 0; i < 127 && w.szCSDVersion[i]; i++)
        info->szCSDVersion[i] = (CHAR)w.szCSDVersion[i];
    if (info->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXA)) {
        OSVERSIONINFOEXA *ex = (OSVERSIONINFOEXA *)info;
        ex->wServicePackMajor = w.wServicePackMajor;
        ex->wServicePackMinor = w.wServicePackMinor;
        ex->wSuiteMask = w.wSuiteMask;
        ex->wProductType = w.wProductType;
        ex->wReserved = 0;
    }
    return TRUE;
}

/* low word: major | minor << 8; high word: build; bit 31 clear on NT */
DWORD WINAPI GetVersion(void)
{
    DWORD major, minor, build;
    get_compat_version(&major, &minor, &build);
    return major | (minor << 8) | ((build & 0x7fff) << 16);
}

/* ---- processor topology, from the host's sysfs ---- */

#define MAX_SLPI 256

/* Parses a sysfs CPU bitmap ("00000000,0000000f") into a mask of the first 64 processors. */
static ULONG_PTR read_cpu_mask(const char *path)
{
    char buf[256];
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    if (!fgets(buf, sizeof(buf), f)) {
        fclose(f);
        return 0;
    }
    fclose(f);
    ULONGLONG mask = 0;
    for (const char *p = buf; *p && *p != '\n'; p++) {
        if (*p == ',')
            continue;
        int digit = (*p >= '0' && *p <= '9')                     ? *p - '0'
                    : ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f') ? (*p | 0x20) - 'a' + 10
                                                                 : -1;
        if (digit < 0)
            break;
        mask = (mask << 4) | digit;
    }
    return (ULONG_PTR)mask;
}

static int read_sysfs_string(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        buf[strcspn(buf, "\n")] = 0;
    return ok;
}

static int add_entry(SYSTEM_LOGICAL_PROCESSOR_INFORMATION *info, int count, ULONG_PTR mask,
                     LOGICAL_PROCESSOR_RELATIONSHIP rel, const CACHE_DESCRIPTOR *cache)
{
    for (int i = 0; i < count; i++) {
        if (info[i].Relationship != rel || info[i].ProcessorMask != mask)
            continue;
        if (rel != RelationCache ||
            (info[i].Cache.Level == cache->Level && info[i].Cache.Type == cache->Type))
            return count; /* already listed */
    }
    if (count >= MAX_SLPI)
        return count;
    memset(&info[count], 0, sizeof(info[count]));
    info[count].ProcessorMask = mask;
    info[count].Relationship = rel;
    if (rel == RelationCache)
        info[count].Cache = *cache;
    else if (rel == RelationProcessorCore)
        info[count].ProcessorCore.Flags = (mask & (mask - 1)) ? 1 : 0; /* LTP_PC_SMT */
    return count + 1;
}

static int get_topology(SYSTEM_LOGICAL_PROCESSOR_INFORMATION *info)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    DWORD cpus = si.dwNumberOfProcessors;
    int count = 0;
    char path[128], value[64];

    for (DWORD cpu = 0; cpu < cpus; cpu++) {
        ULONG_PTR self = (ULONG_PTR)1 << cpu;
        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/topology/thread_siblings", (unsigned)cpu);
        ULONG_PTR core = read_cpu_mask(path) & si.dwActiveProcessorMask;
        count = add_entry(info, count, core ? core : self, RelationProcessorCore, NULL);
        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/topology/core_siblings", (unsigned)cpu);
        ULONG_PTR package = read_cpu_mask(path) & si.dwActiveProcessorMask;
        count = add_entry(info, count, package ? package : si.dwActiveProcessorMask, RelationProcessorPackage,
                          NULL);

        for (int index = 0; index < 8; index++) {
            CACHE_DESCRIPTOR cache = {0};
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/level", (unsigned)cpu,
                     index);
            if (!read_sysfs_string(path, value, sizeof(value)))
                break;
            cache.Level = (BYTE)atoi(value);
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/type", (unsigned)cpu,
                     index);
            read_sysfs_string(path, value, sizeof(value));
            cache.Type = !strcmp(value, "Data")          ? CacheData
                         : !strcmp(value, "Instruction") ? CacheInstruction
                                                         : CacheUnified;
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/size", (unsigned)cpu,
                     index);
            if (read_sysfs_string(path, value, sizeof(value))) {
                char *end;
                unsigned long size = strtoul(value, &end, 10);
                if (*end == 'K')
                    size <<= 10;
                else if (*end == 'M')
                    size <<= 20;
                cache.Size = (DWORD)size;
            }
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/coherency_line_size",
                     (unsigned)cpu, index);
            if (read_sysfs_string(path, value, sizeof(value)))
                cache.LineSize = (WORD)atoi(value);
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/ways_of_associativity",
                     (unsigned)cpu, index);
            if (read_sysfs_string(path, value, sizeof(value)))
                cache.Associativity = (BYTE)atoi(value);
            snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/cache/index%d/shared_cpu_map",
                     (unsigned)cpu, index);
            ULONG_PTR shared = read_cpu_mask(path) & si.dwActiveProcessorMask;
            count = add_entry(info, count, shared ? shared : self, RelationCache, &cache);
        }
    }
    /* one NUMA node holding every processor */
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION node = {0};
    if (count < MAX_SLPI) {
        node.ProcessorMask = si.dwActiveProcessorMask;
        node.Relationship = RelationNumaNode;
        info[count++] = node;
    }
    return count;
}

BOOL WINAPI GetLogicalProcessorInformation(PSYSTEM_LOGICAL_PROCESSOR_INFORMATION buffer, PDWORD len)
{
    if (!len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *info = HeapAlloc(GetProcessHeap(), 0, MAX_SLPI * sizeof(*info));
    if (!info) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    DWORD needed = get_topology(info) * sizeof(*info);
    BOOL ret = FALSE;
    if (*len < needed || !buffer) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else {
        memcpy(buffer, info, needed);
        ret = TRUE;
    }
    *len = needed;
    HeapFree(GetProcessHeap(), 0, info);
    return ret;
}

/* The clock is not adjusted by Windows' mechanism: report the default 15.625 ms tick, adjustment off. */
BOOL WINAPI GetSystemTimeAdjustment(PDWORD adjustment, PDWORD increment, PBOOL disabled)
{
    *adjustment = 156250;
    *increment = 156250;
    *disabled = TRUE;
    return TRUE;
}

BOOL WINAPI GetPhysicallyInstalledSystemMemory(PULONGLONG kilobytes)
{
    if (!kilobytes) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    MEMORYSTATUSEX status = {sizeof(status)};
    if (!GlobalMemoryStatusEx(&status))
        return FALSE;
    *kilobytes = status.ullTotalPhys / 1024;
    return TRUE;
}

/* ---- processor counts (one processor group, as on machines with up to 64 processors) ---- */

#define ALL_PROCESSOR_GROUPS 0xffff

static DWORD processor_count(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwNumberOfProcessors;
}

DWORD WINAPI GetActiveProcessorCount(WORD group)
{
    if (group && group != ALL_PROCESSOR_GROUPS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return processor_count();
}

DWORD WINAPI GetMaximumProcessorCount(WORD group)
{
    return GetActiveProcessorCount(group);
}

WORD WINAPI GetActiveProcessorGroupCount(void)
{
    return 1;
}

WORD WINAPI GetMaximumProcessorGroupCount(void)
{
    return 1;
}
