/*
 * WerSetFlags/WerGetFlags, GetProcessAffinityMask and Get/SetProcessPriorityBoost, as Go's runtime
 * calls them at start-up.
 */
#include "test.h"

typedef HRESULT(WINAPI *WerSetFlags_fn)(DWORD);
typedef HRESULT(WINAPI *WerGetFlags_fn)(HANDLE, DWORD *);

static void test_wer_flags(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    WerSetFlags_fn set = (WerSetFlags_fn)GetProcAddress(k32, "WerSetFlags");
    WerGetFlags_fn get = (WerGetFlags_fn)GetProcAddress(k32, "WerGetFlags");
    DWORD flags = 0xdeadbeef;
    HRESULT hr;

    if (!set || !get) {
        skip("WerSetFlags/WerGetFlags not exported\n");
        return;
    }
    /* WER_FAULT_REPORTING_FLAG_NOHEAP | WER_FAULT_REPORTING_NO_UI */
    ok(set(0x21) == S_OK, "WerSetFlags failed\n");
    hr = get(GetCurrentProcess(), &flags);
    /* Windows returns the flags set; Wine 8 does not implement WerGetFlags. */
    ok(hr == S_OK || broken(is_reference()), "WerGetFlags returned %#lx\n", hr);
    if (hr == S_OK)
        ok(flags == 0x21, "flags %#lx\n", flags);
    ok(set(0) == S_OK, "WerSetFlags(0) failed\n");
    if (get(GetCurrentProcess(), &flags) == S_OK)
        ok(flags == 0, "flags %#lx\n", flags);
}

static void test_affinity(void)
{
    DWORD_PTR process_mask = 0, system_mask = 0;
    SYSTEM_INFO si;

    GetSystemInfo(&si);
    ok(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask), "failed %lu\n",
       GetLastError());
    ok(system_mask == si.dwActiveProcessorMask, "system mask %#llx, GetSystemInfo %#llx\n",
       (ULONGLONG)system_mask, (ULONGLONG)si.dwActiveProcessorMask);
    ok(process_mask && (process_mask & ~system_mask) == 0, "process mask %#llx outside %#llx\n",
       (ULONGLONG)process_mask, (ULONGLONG)system_mask);

    SetLastError(0xdeadbeef);
    ok(!GetProcessAffinityMask(NULL, &process_mask, &system_mask), "NULL handle accepted\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static void test_priority_boost(void)
{
    BOOL disabled = 2;

    ok(GetProcessPriorityBoost(GetCurrentProcess(), &disabled), "failed %lu\n", GetLastError());
    ok(disabled == FALSE, "boost disabled by default\n");
    ok(SetProcessPriorityBoost(GetCurrentProcess(), TRUE), "failed %lu\n", GetLastError());
    ok(GetProcessPriorityBoost(GetCurrentProcess(), &disabled), "failed %lu\n", GetLastError());
    /* Microsoft's documentation: GetProcessPriorityBoost reports the state SetProcessPriorityBoost set;
     * Wine 8 ignores the setting. */
    ok(disabled == TRUE || broken(is_reference()), "boost not disabled\n");
    ok(SetProcessPriorityBoost(GetCurrentProcess(), FALSE), "failed %lu\n", GetLastError());
    ok(GetProcessPriorityBoost(GetCurrentProcess(), &disabled) && disabled == FALSE,
       "boost still disabled\n");

    SetLastError(0xdeadbeef);
    /* Windows fails on a handle that is not a process; Wine 8's stub accepts anything. */
    ok(!SetProcessPriorityBoost(NULL, TRUE) || broken(is_reference()), "NULL handle accepted\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE || broken(is_reference()), "error %lu\n", GetLastError());
}

START_TEST(werapi)
{
    test_wer_flags();
    test_affinity();
    test_priority_boost();
}
