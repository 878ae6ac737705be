/*
 * Virtual memory conformance tests: VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery.
 */
#include "test.h"

static void test_alloc_reserve_commit(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    ok(si.dwAllocationGranularity == 0x10000, "granularity %lx\n", si.dwAllocationGranularity);

    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(NULL, 0, MEM_RESERVE, PAGE_NOACCESS), "zero-size VirtualAlloc succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(NULL, 0x1000, MEM_RESERVE, 0x1234), "bad protection accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(NULL, 0x1000, 0, PAGE_READWRITE), "no allocation type accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    BYTE *base = VirtualAlloc(NULL, 0x30000, MEM_RESERVE, PAGE_NOACCESS);
    ok(base != NULL, "reserve failed %lu\n", GetLastError());
    ok(((ULONG_PTR)base & 0xffff) == 0, "reservation %p not 64K aligned\n", base);

    ok(VirtualQuery(base, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed\n");
    ok(mbi.BaseAddress == base && mbi.AllocationBase == base, "base %p alloc %p\n", mbi.BaseAddress,
       mbi.AllocationBase);
    ok(mbi.State == MEM_RESERVE, "state %lx\n", mbi.State);
    ok(mbi.Protect == 0, "reserved protect %lx\n", mbi.Protect);
    ok(mbi.AllocationProtect == PAGE_NOACCESS, "alloc protect %lx\n", mbi.AllocationProtect);
    ok(mbi.RegionSize == 0x30000, "region size %Ix\n", mbi.RegionSize);
    ok(mbi.Type == MEM_PRIVATE, "type %lx\n", mbi.Type);

    /* commit two pages in the middle */
    BYTE *p = VirtualAlloc(base + 0x10800, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(p == base + 0x10000, "commit returned %p, expected %p\n", p, base + 0x10000);
    ok(VirtualQuery(base + 0x10000, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed\n");
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE, "state %lx protect %lx\n", mbi.State,
       mbi.Protect);
    ok(mbi.RegionSize == 0x2000, "committed region %Ix\n", mbi.RegionSize);
    ok(mbi.AllocationBase == base, "allocation base %p\n", mbi.AllocationBase);
    p[0] = 1;
    p[0x1fff] = 2; /* committed memory is usable */
    ok(VirtualQuery(base + 0x12000, &mbi, sizeof(mbi)) && mbi.State == MEM_RESERVE &&
           mbi.RegionSize == 0x1e000,
       "tail state %lx size %Ix\n", mbi.State, mbi.RegionSize);

    DWORD old = 0;
    ok(VirtualProtect(p, 0x1000, PAGE_READONLY, &old), "VirtualProtect failed %lu\n", GetLastError());
    ok(old == PAGE_READWRITE, "old protection %lx\n", old);
    ok(VirtualQuery(p, &mbi, sizeof(mbi)) && mbi.Protect == PAGE_READONLY && mbi.RegionSize == 0x1000,
       "after protect %lx %Ix\n", mbi.Protect, mbi.RegionSize);
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(base, 0x1000, PAGE_READWRITE, &old), "protecting reserved memory succeeded\n");
    ok(GetLastError() == ERROR_INVALID_ADDRESS, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(p, 0x1000, PAGE_READWRITE, NULL), "NULL old protection accepted\n");
    ok(GetLastError() == ERROR_NOACCESS, "error %lu\n", GetLastError());

    /* decommit: contents are gone, the range is reserved again */
    ok(VirtualFree(p, 0x2000, MEM_DECOMMIT), "decommit failed %lu\n", GetLastError());
    ok(VirtualQuery(p, &mbi, sizeof(mbi)) && mbi.State == MEM_RESERVE, "state after decommit %lx\n",
       mbi.State);
    p = VirtualAlloc(p, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(p && p[0] == 0, "recommitted memory is not zero\n");

    /* MEM_RELEASE needs the allocation base and a size of 0 */
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(base, 0x30000, MEM_RELEASE), "release with a size succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(base + 0x10000, 0, MEM_RELEASE), "release not at base succeeded\n");
    ok(GetLastError() == ERROR_INVALID_ADDRESS, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(base, 0, MEM_RELEASE | MEM_DECOMMIT), "both free types accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    ok(VirtualFree(base, 0, MEM_RELEASE), "release failed %lu\n", GetLastError());
    ok(VirtualQuery(base, &mbi, sizeof(mbi)) && mbi.State == MEM_FREE, "state after release %lx\n",
       mbi.State);
    ok(mbi.Protect == PAGE_NOACCESS && mbi.AllocationBase == NULL, "free protect %lx base %p\n", mbi.Protect,
       mbi.AllocationBase);
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(base, 0, MEM_RELEASE), "double release succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());

    /* reserving at a chosen address, and over an existing reservation */
    BYTE *want = base;
    BYTE *got = VirtualAlloc(want, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    ok(got == want, "reserve at %p returned %p\n", want, got);
    if (got) {
        ok(VirtualQuery(got, &mbi, sizeof(mbi)) && mbi.RegionSize == 0x2000 && mbi.State == MEM_COMMIT,
           "size %Ix state %lx\n", mbi.RegionSize, mbi.State);
        SetLastError(0xdeadbeef);
        ok(!VirtualAlloc(got, 0x1000, MEM_RESERVE, PAGE_READWRITE), "double reservation succeeded\n");
        ok(GetLastError() == ERROR_INVALID_ADDRESS, "error %lu\n", GetLastError());
        VirtualFree(got, 0, MEM_RELEASE);
    }
}

static void test_commit_without_reserve(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    BYTE *p = VirtualAlloc(NULL, 0x5000, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    ok(p != NULL, "MEM_COMMIT alone failed %lu\n", GetLastError());
    ok(VirtualQuery(p + 0x4fff, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery failed\n");
    ok(mbi.BaseAddress == p + 0x4000 && mbi.AllocationBase == p, "base %p alloc %p\n", mbi.BaseAddress,
       mbi.AllocationBase);
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_EXECUTE_READWRITE, "state %lx protect %lx\n", mbi.State,
       mbi.Protect);
    ok(mbi.RegionSize == 0x1000, "region %Ix\n", mbi.RegionSize);
    /* the end of the reservation is not part of it */
    ok(VirtualQuery(p + 0x10000, &mbi, sizeof(mbi)) && mbi.AllocationBase != p, "beyond reservation\n");
    VirtualFree(p, 0, MEM_RELEASE);
}

static void test_guard_page(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    BYTE *p = VirtualAlloc(NULL, 0x2000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    ok(p != NULL, "guard allocation failed %lu\n", GetLastError());
    ok(VirtualQuery(p, &mbi, sizeof(mbi)) && mbi.Protect == (PAGE_READWRITE | PAGE_GUARD),
       "guard protect %lx\n", mbi.Protect);
    ok(mbi.AllocationProtect == (PAGE_READWRITE | PAGE_GUARD), "allocation protect %lx\n",
       mbi.AllocationProtect);
    DWORD old;
    ok(VirtualProtect(p, 0x1000, PAGE_READWRITE, &old) && old == (PAGE_READWRITE | PAGE_GUARD),
       "removing the guard: old %lx\n", old);
    p[0] = 1; /* the page is usable again */
    ok(VirtualQuery(p, &mbi, sizeof(mbi)) && mbi.Protect == PAGE_READWRITE && mbi.RegionSize == 0x1000,
       "protect %lx size %Ix\n", mbi.Protect, mbi.RegionSize);
    VirtualFree(p, 0, MEM_RELEASE);
}

static int global_var = 42;

static void test_query_image_and_stack(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    HMODULE exe = GetModuleHandleA(NULL);

    /* the CRT relies on VirtualQuery/VirtualProtect of its own image */
    ok(VirtualQuery(&global_var, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery on .data failed\n");
    ok(mbi.AllocationBase == exe, "image allocation base %p, module %p\n", mbi.AllocationBase, exe);
    ok(mbi.Type == MEM_IMAGE, "image type %lx\n", mbi.Type);
    ok(mbi.State == MEM_COMMIT, "image state %lx\n", mbi.State);
    ok(mbi.Protect == PAGE_READWRITE || mbi.Protect == PAGE_WRITECOPY, ".data protect %lx\n", mbi.Protect);

    ok(VirtualQuery((void *)test_query_image_and_stack, &mbi, sizeof(mbi)), "VirtualQuery on code\n");
    ok(mbi.Protect == PAGE_EXECUTE_READ, ".text protect %lx\n", mbi.Protect);
    ok(mbi.AllocationBase == exe, "code allocation base %p\n", mbi.AllocationBase);

    DWORD old;
    ok(VirtualProtect((void *)test_query_image_and_stack, 1, PAGE_EXECUTE_READWRITE, &old),
       "VirtualProtect on code failed %lu\n", GetLastError());
    ok(old == PAGE_EXECUTE_READ, "old protection of code %lx\n", old);
    ok(VirtualProtect((void *)test_query_image_and_stack, 1, old, &old), "restoring failed\n");
    /* image pages are copy-on-write: writable protections read back as *_WRITECOPY */
    ok(old == PAGE_EXECUTE_WRITECOPY, "old protection %lx\n", old);

    int local = 0;
    ok(VirtualQuery(&local, &mbi, sizeof(mbi)) == sizeof(mbi), "VirtualQuery on the stack failed\n");
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE, "stack state %lx protect %lx\n", mbi.State,
       mbi.Protect);
    ok(mbi.Type == MEM_PRIVATE, "stack type %lx\n", mbi.Type);

    SetLastError(0xdeadbeef);
    ok(!VirtualQuery((void *)~(ULONG_PTR)0xfff, &mbi, sizeof(mbi)), "query of kernel space succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualQuery(&local, &mbi, sizeof(mbi) - 1), "short buffer accepted\n");
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu\n", GetLastError());

    ok(VirtualQuery(NULL, &mbi, sizeof(mbi)) == sizeof(mbi), "query of NULL failed\n");
    ok(mbi.State == MEM_FREE && mbi.BaseAddress == NULL, "NULL page state %lx\n", mbi.State);
}

static void test_isbad(void)
{
    int x = 0;
    ok(!IsBadReadPtr(&x, sizeof(x)), "stack variable is bad to read\n");
    ok(!IsBadWritePtr(&x, sizeof(x)), "stack variable is bad to write\n");
    ok(IsBadReadPtr(NULL, 1), "NULL is readable\n");
    ok(IsBadWritePtr((void *)test_isbad, 1), "code is writable\n");
    ok(!IsBadStringPtrA("abc", 100), "string literal is bad\n");
    BYTE *p = VirtualAlloc(NULL, 0x1000, MEM_RESERVE, PAGE_READWRITE);
    ok(IsBadReadPtr(p, 1), "reserved memory is readable\n");
    VirtualFree(p, 0, MEM_RELEASE);
}

START_TEST(virtual)
{
    test_alloc_reserve_commit();
    test_commit_without_reserve();
    test_guard_page();
    test_query_image_and_stack();
    test_isbad();
}
