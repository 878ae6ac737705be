/*
 * Heap API conformance tests (HeapCreate, HeapAlloc, HeapReAlloc, HeapFree, HeapSize, HeapValidate,
 * HeapWalk, GetProcessHeaps, Local* and Global*).
 */
#include "test.h"

static void test_process_heap(void)
{
    HANDLE heap = GetProcessHeap();
    ok(heap != NULL, "no process heap\n");
    /* the PEB's ProcessHeap (offset 0x30) is what GetProcessHeap returns */
    BYTE *peb = (BYTE *)__readgsqword(0x60);
    ok(*(HANDLE *)(peb + 0x30) == heap, "PEB heap %p vs %p\n", *(HANDLE *)(peb + 0x30), heap);

    HANDLE heaps[64];
    DWORD count = GetProcessHeaps(64, heaps);
    ok(count >= 1, "GetProcessHeaps returned %lu\n", count);
    BOOL found = FALSE;
    for (DWORD i = 0; i < count && i < 64; i++)
        if (heaps[i] == heap)
            found = TRUE;
    ok(found, "process heap not listed\n");
    ok(GetProcessHeaps(0, NULL) == count, "count changed\n");
}

static void test_alloc_free(void)
{
    HANDLE heap = GetProcessHeap();
    BYTE *p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    ok(p != NULL, "HeapAlloc failed\n");
    ok(((ULONG_PTR)p & 15) == 0, "block %p is not 16-byte aligned\n", p);
    BOOL zero = TRUE;
    for (int i = 0; i < 100; i++)
        if (p[i])
            zero = FALSE;
    ok(zero, "HEAP_ZERO_MEMORY block is not zeroed\n");
    ok(HeapSize(heap, 0, p) == 100, "HeapSize %Iu\n", HeapSize(heap, 0, p));
    ok(HeapValidate(heap, 0, p), "HeapValidate failed\n");
    memset(p, 0x55, 100);

    BYTE *q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 300);
    ok(q != NULL, "HeapReAlloc failed\n");
    ok(q[0] == 0x55 && q[99] == 0x55, "contents lost\n");
    ok(q[100] == 0 && q[299] == 0, "grown part not zeroed\n");
    ok(HeapSize(heap, 0, q) == 300, "HeapSize after realloc %Iu\n", HeapSize(heap, 0, q));

    BYTE *r = HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 10);
    ok(r == q, "shrinking in place moved the block %p -> %p\n", q, r);
    ok(HeapSize(heap, 0, q) == 10, "HeapSize after shrink %Iu\n", HeapSize(heap, 0, q));
    SetLastError(0xdeadbeef);
    r = HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 1 << 20);
    ok(!r, "growing a small block to 1 MB in place succeeded\n");
    ok(GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "error %lu\n", GetLastError());
    ok(HeapSize(heap, 0, q) == 10, "failed realloc changed the size\n");

    ok(HeapFree(heap, 0, q), "HeapFree failed\n");
    ok(HeapFree(heap, 0, NULL), "HeapFree(NULL) failed\n");

    void *z = HeapAlloc(heap, 0, 0);
    ok(z != NULL, "zero-size allocation failed\n");
    ok(HeapSize(heap, 0, z) == 0, "zero-size block size %Iu\n", HeapSize(heap, 0, z));
    HeapFree(heap, 0, z);

    SetLastError(0xdeadbeef);
    void *big = HeapAlloc(heap, 0, ~(SIZE_T)0 - 0x1000);
    ok(!big, "huge allocation succeeded\n");
}

static void test_private_heap(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    ok(heap != NULL, "HeapCreate failed %lu\n", GetLastError());
    ok(heap != GetProcessHeap(), "got the process heap\n");

    void *blocks[20];
    for (int i = 0; i < 20; i++)
        blocks[i] = HeapAlloc(heap, 0, 16 * (i + 1));
    ok(HeapValidate(heap, 0, NULL), "heap not valid\n");

    /* HeapWalk reports every busy block */
    PROCESS_HEAP_ENTRY entry;
    int busy = 0, mine = 0;
    ok(HeapLock(heap), "HeapLock failed\n");
    entry.lpData = NULL;
    while (HeapWalk(heap, &entry)) {
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            busy++;
            for (int i = 0; i < 20; i++)
                if (entry.lpData == blocks[i] && entry.cbData == 16 * (i + 1))
                    mine++;
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_ITEMS, "HeapWalk ended with %lu\n", GetLastError());
    ok(HeapUnlock(heap), "HeapUnlock failed\n");
    ok(mine == 20, "HeapWalk found %d of 20 blocks (%d busy)\n", mine, busy);

    /* a block of another heap is not a block of this one */
    void *other = HeapAlloc(GetProcessHeap(), 0, 32);
    ok(!HeapValidate(heap, 0, other), "foreign block validated\n");
    HeapFree(GetProcessHeap(), 0, other);

    for (int i = 0; i < 20; i += 2)
        ok(HeapFree(heap, 0, blocks[i]), "HeapFree %d failed\n", i);
    ok(HeapDestroy(heap), "HeapDestroy failed\n");

    /* fixed-size heaps refuse blocks that do not fit */
    heap = HeapCreate(0, 0x10000, 0x10000);
    ok(heap != NULL, "fixed heap creation failed\n");
    void *p = HeapAlloc(heap, 0, 0x100);
    ok(p != NULL, "small block from fixed heap failed\n");
    ok(!HeapAlloc(heap, 0, 0x100000), "1 MB block from a 64K heap succeeded\n");
    ok(HeapDestroy(heap), "HeapDestroy failed\n");

    ULONG info = 0xdead;
    SIZE_T needed = 0;
    ok(HeapQueryInformation(GetProcessHeap(), HeapCompatibilityInformation, &info, sizeof(info), &needed),
       "HeapQueryInformation failed %lu\n", GetLastError());
    ok(needed == sizeof(ULONG), "needed %Iu\n", needed);
    ok(info == 0 || info == 2, "compatibility %lu\n", info);
    ok(HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0),
       "HeapSetInformation failed %lu\n", GetLastError());
}

static void test_executable_heap(void)
{
    HANDLE heap = HeapCreate(HEAP_CREATE_ENABLE_EXECUTE, 0, 0);
    ok(heap != NULL, "HeapCreate failed\n");
    BYTE *code = HeapAlloc(heap, 0, 16);
    ok(code != NULL, "HeapAlloc failed\n");
    MEMORY_BASIC_INFORMATION mbi;
    ok(VirtualQuery(code, &mbi, sizeof(mbi)) && mbi.Protect == PAGE_EXECUTE_READWRITE, "protect %lx\n",
       mbi.Protect);
    code[0] = 0xb8; /* mov eax, 42; ret */
    *(DWORD *)(code + 1) = 42;
    code[5] = 0xc3;
    int(WINAPI * fn)(void) = (void *)code;
    ok(mbi.Protect != PAGE_EXECUTE_READWRITE || fn() == 42, "code in the heap did not run\n");
    HeapDestroy(heap);
}

static void test_local_global(void)
{
    HLOCAL fixed = LocalAlloc(LPTR, 64);
    ok(fixed != NULL, "LocalAlloc failed\n");
    ok(LocalLock(fixed) == fixed, "LocalLock of fixed memory\n");
    ok(LocalSize(fixed) == 64, "LocalSize %Iu\n", LocalSize(fixed));
    ok(LocalFlags(fixed) == 0, "LocalFlags %x\n", LocalFlags(fixed));
    ok(((BYTE *)fixed)[63] == 0, "LPTR memory not zeroed\n");
    ok(LocalHandle(fixed) == fixed, "LocalHandle of fixed memory\n");
    ok(LocalFree(fixed) == NULL, "LocalFree failed\n");

    HLOCAL mov = LocalAlloc(LMEM_MOVEABLE | LMEM_ZEROINIT, 32);
    ok(mov != NULL, "moveable LocalAlloc failed\n");
    BYTE *p = LocalLock(mov);
    ok(p != NULL && p != (BYTE *)mov, "LocalLock returned %p for %p\n", p, mov);
    ok(p && p[31] == 0, "moveable memory not zeroed\n");
    ok(LocalFlags(mov) == 1, "lock count %x\n", LocalFlags(mov));
    ok(LocalHandle(p) == mov, "LocalHandle(%p) = %p, expected %p\n", p, LocalHandle(p), mov);
    ok(LocalSize(mov) == 32, "LocalSize %Iu\n", LocalSize(mov));
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(mov), "LocalUnlock reported still locked\n");
    ok(GetLastError() == NO_ERROR, "LocalUnlock error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(mov), "second LocalUnlock succeeded\n");
    ok(GetLastError() == ERROR_NOT_LOCKED, "error %lu\n", GetLastError());
    HLOCAL grown = LocalReAlloc(mov, 4096, LMEM_MOVEABLE);
    ok(grown == mov, "moveable realloc changed the handle %p -> %p\n", mov, grown);
    ok(LocalSize(mov) == 4096, "LocalSize after realloc %Iu\n", LocalSize(mov));
    ok(LocalFree(mov) == NULL, "LocalFree(moveable) failed\n");

    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE, 100);
    ok(g != NULL, "GlobalAlloc failed\n");
    void *gp = GlobalLock(g);
    ok(gp != NULL, "GlobalLock failed\n");
    ok(GlobalFlags(g) == 1, "GlobalFlags %x\n", GlobalFlags(g));
    ok(GlobalHandle(gp) == g, "GlobalHandle\n");
    ok(!GlobalUnlock(g), "GlobalUnlock says still locked\n");
    ok(GlobalSize(g) == 100, "GlobalSize %Iu\n", GlobalSize(g));
    ok(GlobalFree(g) == NULL, "GlobalFree failed\n");

    HGLOBAL gf = GlobalAlloc(GPTR, 10);
    ok(gf != NULL && GlobalLock(gf) == gf, "fixed GlobalAlloc/GlobalLock\n");
    ok(GlobalUnlock(gf), "GlobalUnlock of fixed memory should report success\n");
    ok(GlobalFree(gf) == NULL, "GlobalFree failed\n");
}

START_TEST(heap)
{
    test_process_heap();
    test_alloc_free();
    test_private_heap();
    test_executable_heap();
    test_local_global();
}
