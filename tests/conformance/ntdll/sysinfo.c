/*
 * NtQuerySystemInformation, NtQueryInformationProcess and RtlGetNtVersionNumbers conformance tests.
 */
#include "test.h"

typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    CCHAR NumberOfProcessors;
} BASIC_INFO;

typedef struct {
    LONG ExitStatus;
    void *PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PBI;

START_TEST(sysinfo)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    LONG(WINAPI * pNtQuerySystemInformation)
    (int, void *, ULONG, ULONG *) = (void *)GetProcAddress(ntdll, "NtQuerySystemInformation");
    LONG(WINAPI * pNtQueryInformationProcess)
    (HANDLE, int, void *, ULONG, ULONG *) = (void *)GetProcAddress(ntdll, "NtQueryInformationProcess");
    void(WINAPI * pRtlGetNtVersionNumbers)(DWORD *, DWORD *, DWORD *) =
        (void *)GetProcAddress(ntdll, "RtlGetNtVersionNumbers");
    ok(pNtQuerySystemInformation && pNtQueryInformationProcess && pRtlGetNtVersionNumbers,
       "missing exports\n");
    if (!pNtQuerySystemInformation || !pNtQueryInformationProcess || !pRtlGetNtVersionNumbers)
        return;

    BASIC_INFO bi;
    ULONG len = 0;
    ok(sizeof(bi) == 64, "sizeof %u\n", (unsigned)sizeof(bi));
    ok(pNtQuerySystemInformation(0, &bi, sizeof(bi), &len) == 0, "SystemBasicInformation failed\n");
    ok(len == sizeof(bi), "len %lu\n", len);
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    ok(bi.PageSize == si.dwPageSize && bi.AllocationGranularity == si.dwAllocationGranularity, "sizes\n");
    ok(bi.NumberOfProcessors == (CCHAR)si.dwNumberOfProcessors, "processors %d\n", bi.NumberOfProcessors);
    ok(bi.MaximumUserModeAddress == (ULONG_PTR)si.lpMaximumApplicationAddress, "max address\n");
    ok(pNtQuerySystemInformation(0, &bi, sizeof(bi) + 4, &len) == (LONG)0xC0000004, "wrong size accepted\n");

    PBI pbi;
    ok(pNtQueryInformationProcess(GetCurrentProcess(), 0, &pbi, sizeof(pbi), &len) == 0,
       "ProcessBasicInformation\n");
    ok(len == sizeof(pbi), "len %lu\n", len);
    ok(pbi.PebBaseAddress == (void *)__readgsqword(0x60), "PEB %p\n", pbi.PebBaseAddress);
    ok(pbi.UniqueProcessId == GetCurrentProcessId(), "pid %Iu vs %lu\n", pbi.UniqueProcessId,
       GetCurrentProcessId());
    ok(pbi.ExitStatus == 0x103, "exit status %lx\n", pbi.ExitStatus);
    ULONG_PTR port = 1;
    ok(pNtQueryInformationProcess(GetCurrentProcess(), 7, &port, sizeof(port), NULL) == 0 && port == 0,
       "ProcessDebugPort %Iu\n", port);
    ULONG_PTR wow = 1;
    ok(pNtQueryInformationProcess(GetCurrentProcess(), 26, &wow, sizeof(wow), NULL) == 0 && wow == 0,
       "ProcessWow64Information %Iu\n", wow);
    ok(pNtQueryInformationProcess(GetCurrentProcess(), 0, &pbi, sizeof(pbi) - 1, &len) == (LONG)0xC0000004,
       "short buffer accepted\n");

    DWORD major = 0, minor = 0, build = 0;
    pRtlGetNtVersionNumbers(&major, &minor, &build);
    OSVERSIONINFOW real = {sizeof(real)};
    LONG(WINAPI * pRtlGetVersion)(OSVERSIONINFOW *) = (void *)GetProcAddress(ntdll, "RtlGetVersion");
    pRtlGetVersion(&real);
    ok(major == real.dwMajorVersion && minor == real.dwMinorVersion, "version %lu.%lu\n", major, minor);
    ok((build & 0xffff) == real.dwBuildNumber && (build & 0xf0000000) == 0xf0000000, "build %lx\n", build);
}
