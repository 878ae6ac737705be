/*
 * KUSER_SHARED_DATA at 0x7ffe0000, read directly as Go's runtime and C runtimes do: the clocks
 * advance and agree with the API clocks, the version and image fields, the page is read-only.
 */
#include "test.h"

#define KUSD ((const volatile BYTE *)0x7ffe0000)

static ULONGLONG read_ksystem_time(size_t offset)
{
    const volatile LONG *p = (const volatile LONG *)(KUSD + offset);
    for (;;) {
        LONG high1 = p[1];
        ULONG low = (ULONG)p[0];
        LONG high2 = p[2];
        if (high1 == high2)
            return ((ULONGLONG)(ULONG)high1 << 32) | low;
    }
}

START_TEST(usershared)
{
    MEMORY_BASIC_INFORMATION mbi;
    FILETIME ft;
    ULONGLONG interrupt1, interrupt2, system, now, ticks;
    ULONG multiplier;
    OSVERSIONINFOW ver = {sizeof(ver)};

    ok(VirtualQuery((void *)KUSD, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed %lu\n",
       GetLastError());
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READONLY, "state %#lx protect %#lx\n", mbi.State,
       mbi.Protect);

    /* Windows x64 stores its machine type here; Wine 8 leaves it 0. */
    ok(*(const volatile USHORT *)(KUSD + 0x2c) == IMAGE_FILE_MACHINE_AMD64 || broken(is_reference()),
       "ImageNumberLow %#x\n", *(const volatile USHORT *)(KUSD + 0x2c));
    /* The real version, as RtlGetVersion reports it (GetVersionEx lies to programs without a manifest). */
    LONG(WINAPI * pRtlGetVersion)
    (OSVERSIONINFOW *) = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    pRtlGetVersion(&ver);
    ok(*(const volatile ULONG *)(KUSD + 0x26c) == ver.dwMajorVersion,
       "NtMajorVersion %lu, RtlGetVersion %lu\n", *(const volatile ULONG *)(KUSD + 0x26c),
       ver.dwMajorVersion);
    ok(*(const volatile ULONG *)(KUSD + 0x270) == ver.dwMinorVersion, "NtMinorVersion %lu\n",
       *(const volatile ULONG *)(KUSD + 0x270));
    ok(KUSD[0x274 + 10] == (BYTE)IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE),
       "SSE2 feature\n");

    /* InterruptTime: 100 ns units, advancing with real time. */
    interrupt1 = read_ksystem_time(0x8);
    Sleep(100);
    interrupt2 = read_ksystem_time(0x8);
    ok(interrupt2 - interrupt1 >= 500000 && interrupt2 - interrupt1 < 50000000, "100 ms sleep: %llu units\n",
       interrupt2 - interrupt1);

    /* SystemTime: the wall clock GetSystemTimeAsFileTime reads. */
    system = read_ksystem_time(0x14);
    GetSystemTimeAsFileTime(&ft);
    now = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    ok(now - system < 10000000 || system - now < 10000000, "SystemTime %llu, GetSystemTimeAsFileTime %llu\n",
       system, now);

    /* TickCount scaled by TickCountMultiplier (8.24 fixed point) is GetTickCount's millisecond clock. */
    multiplier = *(const volatile ULONG *)(KUSD + 0x4);
    ticks = (read_ksystem_time(0x320) * multiplier) >> 24;
    ok((ULONG)(GetTickCount() - (ULONG)ticks) < 1000, "TickCount %llu ms, GetTickCount %lu\n", ticks,
       GetTickCount());
}
