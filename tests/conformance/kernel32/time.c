/*
 * Time, performance counter, system information and version conformance tests.
 */
#include "test.h"
#include <intrin.h>

static ULONGLONG ft_to_u64(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static void test_filetime_systemtime(void)
{
    SYSTEMTIME st;
    FILETIME ft;

    /* 1601-01-01 00:00:00 is FILETIME 0, a Monday */
    ft.dwLowDateTime = ft.dwHighDateTime = 0;
    ok(FileTimeToSystemTime(&ft, &st), "FileTimeToSystemTime failed\n");
    ok(st.wYear == 1601 && st.wMonth == 1 && st.wDay == 1 && st.wDayOfWeek == 1 && st.wHour == 0,
       "epoch %u-%u-%u dow %u\n", st.wYear, st.wMonth, st.wDay, st.wDayOfWeek);

    /* 2000-02-29 12:34:56.789, a Tuesday */
    SYSTEMTIME in = {2000, 2, 0, 29, 12, 34, 56, 789};
    ok(SystemTimeToFileTime(&in, &ft), "SystemTimeToFileTime failed\n");
    ok(ft_to_u64(ft) == 125963012967890000ull, "FILETIME %I64u\n", ft_to_u64(ft));
    ok(FileTimeToSystemTime(&ft, &st), "back conversion failed\n");
    ok(st.wYear == 2000 && st.wMonth == 2 && st.wDay == 29 && st.wHour == 12 && st.wMinute == 34 &&
           st.wSecond == 56 && st.wMilliseconds == 789 && st.wDayOfWeek == 2,
       "round trip %u-%u-%u %u:%u:%u.%u dow %u\n", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
       st.wSecond, st.wMilliseconds, st.wDayOfWeek);

    /* 1970-01-01 is 11644473600 seconds after 1601 */
    SYSTEMTIME unix_epoch = {1970, 1, 0, 1, 0, 0, 0, 0};
    ok(SystemTimeToFileTime(&unix_epoch, &ft) && ft_to_u64(ft) == 116444736000000000ull, "1970 %I64u\n",
       ft_to_u64(ft));

    SYSTEMTIME bad = {2001, 2, 0, 29, 0, 0, 0, 0};
    SetLastError(0xdeadbeef);
    /* Windows validates the day against the month (SystemTimeToFileTime fails with ERROR_INVALID_PARAMETER
     * for an invalid SYSTEMTIME); Wine 8.0 normalises 2001-02-29 to March 1st */
    BOOL ret = SystemTimeToFileTime(&bad, &ft);
    ok(!ret || broken(ret), "2001-02-29 accepted\n");
    ok((!ret && GetLastError() == ERROR_INVALID_PARAMETER) || broken(ret), "error %lu\n", GetLastError());
    SYSTEMTIME bad2 = {2001, 13, 0, 1, 0, 0, 0, 0};
    ok(!SystemTimeToFileTime(&bad2, &ft), "month 13 accepted\n");
    SYSTEMTIME bad3 = {2001, 1, 0, 1, 24, 0, 0, 0};
    ok(!SystemTimeToFileTime(&bad3, &ft), "hour 24 accepted\n");

    ft.dwHighDateTime = 0x80000000;
    ft.dwLowDateTime = 0;
    SetLastError(0xdeadbeef);
    ok(!FileTimeToSystemTime(&ft, &st), "negative FILETIME accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
}

static void test_current_time(void)
{
    FILETIME ft1, ft2;
    SYSTEMTIME st, lt;
    GetSystemTimeAsFileTime(&ft1);
    GetSystemTime(&st);
    GetSystemTimePreciseAsFileTime(&ft2);
    ok(ft_to_u64(ft2) >= ft_to_u64(ft1), "time went backwards\n");
    ok(ft_to_u64(ft1) > 132000000000000000ull, "system time before 2019: %I64u\n", ft_to_u64(ft1));
    ok(st.wYear >= 2019 && st.wMonth >= 1 && st.wMonth <= 12, "GetSystemTime year %u\n", st.wYear);
    GetLocalTime(&lt);
    ok(lt.wYear >= 2019, "GetLocalTime year %u\n", lt.wYear);
    FILETIME back;
    ok(SystemTimeToFileTime(&st, &back), "converting the current time failed\n");
    LONGLONG diff = (LONGLONG)(ft_to_u64(back) - ft_to_u64(ft1));
    ok(diff >= -10000000 && diff <= 10000000, "GetSystemTime disagrees with the FILETIME by %I64d\n", diff);
}

static void test_counters(void)
{
    LARGE_INTEGER freq, c1, c2;
    ok(QueryPerformanceFrequency(&freq), "QueryPerformanceFrequency failed\n");
    /* Windows 10 reports a 10 MHz counter */
    ok(freq.QuadPart == 10000000 || broken(freq.QuadPart > 0), "frequency %I64d\n", freq.QuadPart);
    ok(QueryPerformanceCounter(&c1), "QueryPerformanceCounter failed\n");
    DWORD t1 = GetTickCount();
    ULONGLONG t64 = GetTickCount64();
    Sleep(50);
    ok(QueryPerformanceCounter(&c2), "QueryPerformanceCounter failed\n");
    DWORD t2 = GetTickCount();
    LONGLONG elapsed_ms = (c2.QuadPart - c1.QuadPart) * 1000 / freq.QuadPart;
    ok(elapsed_ms >= 45 && elapsed_ms < 2000, "Sleep(50) took %I64d ms by the counter\n", elapsed_ms);
    ok(t2 - t1 >= 30 && t2 - t1 < 2000, "Sleep(50) took %lu ticks\n", t2 - t1);
    ok((DWORD)t64 - t1 < 100, "GetTickCount64 %I64u vs GetTickCount %lu\n", t64, t1);
    ok(SleepEx(0, FALSE) == 0, "SleepEx(0) returned non-zero\n");
    ULONGLONG unbiased = 0;
    ok(QueryUnbiasedInterruptTime(&unbiased) && unbiased > 0, "QueryUnbiasedInterruptTime\n");
    DWORD adj, inc;
    BOOL disabled;
    ok(GetSystemTimeAdjustment(&adj, &inc, &disabled) && inc > 0, "GetSystemTimeAdjustment\n");
    ULONGLONG kb = 0;
    MEMORYSTATUSEX ms = {sizeof(ms)};
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx failed\n");
    ok(ms.ullTotalPhys > 0 && ms.ullAvailPhys <= ms.ullTotalPhys && ms.dwMemoryLoad <= 100,
       "memory status\n");
    ok(GetPhysicallyInstalledSystemMemory(&kb) && kb > 0, "GetPhysicallyInstalledSystemMemory\n");
}

static void test_system_info(void)
{
    SYSTEM_INFO si, nsi;
    GetSystemInfo(&si);
    GetNativeSystemInfo(&nsi);
    ok(si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "arch %u\n", si.wProcessorArchitecture);
    ok(si.dwPageSize == 0x1000, "page size %lx\n", si.dwPageSize);
    ok(si.lpMinimumApplicationAddress == (void *)0x10000, "min address %p\n", si.lpMinimumApplicationAddress);
    ok(si.lpMaximumApplicationAddress == (void *)0x7ffffffeffff, "max address %p\n",
       si.lpMaximumApplicationAddress);
    ok(si.dwNumberOfProcessors >= 1, "processors %lu\n", si.dwNumberOfProcessors);
    ok(si.dwActiveProcessorMask != 0, "processor mask\n");
    ok(si.dwProcessorType == PROCESSOR_AMD_X8664, "processor type %lu\n", si.dwProcessorType);
    ok(si.dwAllocationGranularity == 0x10000, "granularity %lx\n", si.dwAllocationGranularity);
    ok(!memcmp(&si, &nsi, sizeof(si)), "native info differs\n");
    ok(GetActiveProcessorCount(0xffff) == si.dwNumberOfProcessors, "GetActiveProcessorCount %lu\n",
       GetActiveProcessorCount(0xffff));
    ok(GetActiveProcessorCount(0) == si.dwNumberOfProcessors, "group 0 count\n");
    ok(GetActiveProcessorGroupCount() == 1, "groups %u\n", GetActiveProcessorGroupCount());

    /* features every x86-64 processor has */
    ok(IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE), "no SSE2\n");
    ok(IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE), "no SSE\n");
    ok(IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE_DOUBLE), "no cmpxchg8b\n");
    ok(IsProcessorFeaturePresent(PF_RDTSC_INSTRUCTION_AVAILABLE), "no rdtsc\n");
    ok(IsProcessorFeaturePresent(PF_NX_ENABLED), "no NX\n");
    ok(!IsProcessorFeaturePresent(PF_FLOATING_POINT_EMULATED), "emulated FP\n");
    ok(!IsProcessorFeaturePresent(1000), "feature 1000 present\n");
    int regs[4];
    __cpuid(regs, 1);
    ok(!!IsProcessorFeaturePresent(PF_SSE3_INSTRUCTIONS_AVAILABLE) == !!(regs[2] & 1),
       "SSE3 disagrees with CPUID\n");
    ok(!!IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE128) == !!(regs[2] & (1 << 13)),
       "CMPXCHG16B disagrees with CPUID\n");
}

static void test_logical_processors(void)
{
    SYSTEM_INFO si;
    DWORD len = 0;
    GetSystemInfo(&si);
    SetLastError(0xdeadbeef);
    ok(!GetLogicalProcessorInformation(NULL, &len), "NULL buffer accepted\n");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    ok(len && len % sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) == 0, "length %lu\n", len);
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *info = HeapAlloc(GetProcessHeap(), 0, len);
    ok(GetLogicalProcessorInformation(info, &len), "GetLogicalProcessorInformation failed %lu\n",
       GetLastError());
    ULONG_PTR cores = 0;
    int packages = 0, caches = 0;
    for (DWORD i = 0; i < len / sizeof(*info); i++) {
        switch (info[i].Relationship) {
        case RelationProcessorCore:
            ok(!(cores & info[i].ProcessorMask), "processors in two cores\n");
            cores |= info[i].ProcessorMask;
            break;
        case RelationProcessorPackage:
            packages++;
            break;
        case RelationCache:
            caches++;
            ok(info[i].Cache.Level >= 1 && info[i].Cache.Level <= 4, "cache level %u\n", info[i].Cache.Level);
            break;
        default:
            break;
        }
    }
    /* every processor belongs to exactly one core */
    ok(cores == si.dwActiveProcessorMask, "core masks %Ix, processors %Ix\n", cores,
       si.dwActiveProcessorMask);
    ok(packages >= 1, "no package\n");
    HeapFree(GetProcessHeap(), 0, info);
}

typedef LONG(WINAPI *RtlGetVersion_t)(OSVERSIONINFOEXW *);

static void test_version(void)
{
    OSVERSIONINFOEXW vw = {sizeof(vw)};
    OSVERSIONINFOA va = {sizeof(va)};
    OSVERSIONINFOEXW real = {sizeof(real)};

    ok(GetVersionExW((OSVERSIONINFOW *)&vw), "GetVersionExW failed\n");
    ok(GetVersionExA(&va), "GetVersionExA failed\n");
    ok(vw.dwPlatformId == VER_PLATFORM_WIN32_NT, "platform %lu\n", vw.dwPlatformId);
    ok(va.dwMajorVersion == vw.dwMajorVersion && va.dwMinorVersion == vw.dwMinorVersion &&
           va.dwBuildNumber == vw.dwBuildNumber,
       "A and W versions differ\n");
    ok(vw.wProductType == VER_NT_WORKSTATION, "product type %u\n", vw.wProductType);
    DWORD v = GetVersion();
    ok(LOBYTE(v) == vw.dwMajorVersion && HIBYTE(LOWORD(v)) == vw.dwMinorVersion, "GetVersion %08lx\n", v);
    ok(HIWORD(v) == (vw.dwBuildNumber & 0x7fff) && !(v & 0x80000000), "GetVersion build %08lx\n", v);

    OSVERSIONINFOW small = {sizeof(small) - 1};
    SetLastError(0xdeadbeef);
    ok(!GetVersionExW(&small), "bad size accepted\n");
    /* Windows sets ERROR_INSUFFICIENT_BUFFER; Wine 8.0 leaves the last error alone */
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER || broken(GetLastError() == 0xdeadbeef), "error %lu\n",
       GetLastError());

    RtlGetVersion_t pRtlGetVersion =
        (RtlGetVersion_t)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    ok(pRtlGetVersion != NULL, "no RtlGetVersion\n");
    if (!pRtlGetVersion)
        return;
    ok(pRtlGetVersion(&real) == 0, "RtlGetVersion failed\n");
    /* This test has no manifest: Windows 8.1 and later report 6.2 (build 9200) through GetVersionEx
     * ("Operating system version changes in Windows 8.1", GetVersionEx documentation), while RtlGetVersion
     * tells the truth. The reference is configured as Windows 7, where both agree. */
    ok((vw.dwMajorVersion == 6 && vw.dwMinorVersion == 2 && vw.dwBuildNumber == 9200) ||
           broken(vw.dwMajorVersion == real.dwMajorVersion && vw.dwMinorVersion == real.dwMinorVersion),
       "GetVersionEx %lu.%lu.%lu\n", vw.dwMajorVersion, vw.dwMinorVersion, vw.dwBuildNumber);
    ok((real.dwMajorVersion == 10 && real.dwBuildNumber >= 10240) || broken(real.dwMajorVersion == 6),
       "RtlGetVersion %lu.%lu.%lu\n", real.dwMajorVersion, real.dwMinorVersion, real.dwBuildNumber);
    /* the PEB holds the real version */
    BYTE *peb = (BYTE *)__readgsqword(0x60);
    ok(*(ULONG *)(peb + 0x118) == real.dwMajorVersion && *(USHORT *)(peb + 0x120) == real.dwBuildNumber,
       "PEB version %lu.%u\n", *(ULONG *)(peb + 0x118), *(USHORT *)(peb + 0x120));
}

START_TEST(time)
{
    test_filetime_systemtime();
    test_current_time();
    test_counters();
    test_system_info();
    test_logical_processors();
    test_version();
}
