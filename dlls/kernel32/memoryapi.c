/*
 * Virtual memory API and the Local/Global heap functions (kernel32).
 *
 * Fixed Local/Global memory is a plain process heap block (16-byte aligned). Moveable memory is a handle:
 * the address of the `ptr` field of a small heap-allocated entry, so handles are 8 modulo 16 and can
 * never be mistaken for a fixed block. The data of a moveable block starts with a back pointer to its
 * entry so LocalHandle/GlobalHandle can find it.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(virtual);

#define ERROR_NOT_LOCKED 158
#define ERROR_DISCARDED 157
#define ERROR_WORKING_SET_QUOTA 1453

/* ---- VirtualAlloc and friends ---- */

LPVOID WINAPI VirtualAllocEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type, DWORD protect)
{
    PVOID base = addr;
    SIZE_T len = size;
    if (!k32_ok_or_set_error(NtAllocateVirtualMemory(process, &base, 0, &len, type, protect)))
        return NULL;
    return base;
}

LPVOID WINAPI VirtualAlloc(LPVOID addr, SIZE_T size, DWORD type, DWORD protect)
{
    return VirtualAllocEx(GetCurrentProcess(), addr, size, type, protect);
}

BOOL WINAPI VirtualFreeEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type)
{
    /* documented: MEM_RELEASE frees the whole region and takes a size of 0 */
    if (type == MEM_RELEASE && size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    PVOID base = addr;
    SIZE_T len = size;
    return k32_ok_or_set_error(NtFreeVirtualMemory(process, &base, &len, type));
}

BOOL WINAPI VirtualFree(LPVOID addr, SIZE_T size, DWORD type)
{
    return VirtualFreeEx(GetCurrentProcess(), addr, size, type);
}

BOOL WINAPI VirtualProtectEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD new_prot, PDWORD old_prot)
{
    if (!old_prot) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    PVOID base = addr;
    SIZE_T len = size;
    ULONG old;
    if (!k32_ok_or_set_error(NtProtectVirtualMemory(process, &base, &len, new_prot, &old)))
        return FALSE;
    *old_prot = old;
    return TRUE;
}

BOOL WINAPI VirtualProtect(LPVOID addr, SIZE_T size, DWORD new_prot, PDWORD old_prot)
{
    return VirtualProtectEx(GetCurrentProcess(), addr, size, new_prot, old_prot);
}

SIZE_T WINAPI VirtualQueryEx(HANDLE process, LPCVOID addr, PMEMORY_BASIC_INFORMATION info, SIZE_T len)
{
    SIZE_T ret = 0;
    if (!k32_ok_or_set_error(NtQueryVirtualMemory(process, addr, MemoryBasicInformation, info, len, &ret)))
        return 0;
    return ret;
}

SIZE_T WINAPI VirtualQuery(LPCVOID addr, PMEMORY_BASIC_INFORMATION info, SIZE_T len)
{
    return VirtualQueryEx(GetCurrentProcess(), addr, info, len);
}

static BOOL range_committed(LPCVOID addr, SIZE_T size)
{
    ULONG_PTR p = (ULONG_PTR)addr, end = p + (size ? size : 1);
    while (p < end) {
        MEMORY_BASIC_INFORMATION mbi;
        if (!VirtualQuery((void *)p, &mbi, sizeof(mbi)) || mbi.State != MEM_COMMIT)
            return FALSE;
        p = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;
    }
    return TRUE;
}

BOOL WINAPI VirtualLock(LPVOID addr, SIZE_T size)
{
    if (!range_committed(addr, size)) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    if (mlock(addr, size)) {
        SetLastError(ERROR_WORKING_SET_QUOTA);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI VirtualUnlock(LPVOID addr, SIZE_T size)
{
    if (!range_committed(addr, size)) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    if (munlock(addr, size)) {
        SetLastError(ERROR_NOT_LOCKED);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI FlushInstructionCache(HANDLE process, LPCVOID addr, SIZE_T size)
{
    return k32_ok_or_set_error(NtFlushInstructionCache(process, addr, size));
}

BOOL WINAPI GlobalMemoryStatusEx(LPMEMORYSTATUSEX status)
{
    if (status->dwLength != sizeof(*status)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct sysinfo si;
    if (sysinfo(&si)) {
        SetLastError(ERROR_GEN_FAILURE);
        return FALSE;
    }
    ULONGLONG unit = si.mem_unit ? si.mem_unit : 1;
    status->ullTotalPhys = si.totalram * unit;
    status->ullAvailPhys = (si.freeram + si.bufferram) * unit;
    status->ullTotalPageFile = status->ullTotalPhys + si.totalswap * unit;
    status->ullAvailPageFile = status->ullAvailPhys + si.freeswap * unit;
    status->ullTotalVirtual = 0x7ffffffe0000ull; /* user address space of 64-bit Windows */
    status->ullAvailVirtual = status->ullTotalVirtual - 0x100000000ull; /* rough: minus what we use */
    status->ullAvailExtendedVirtual = 0;
    status->dwMemoryLoad =
        status->ullTotalPhys ? (DWORD)(100 - status->ullAvailPhys * 100 / status->ullTotalPhys) : 0;
    return TRUE;
}

void WINAPI GlobalMemoryStatus(LPMEMORYSTATUS status)
{
    MEMORYSTATUSEX ex = {sizeof(ex)};
    GlobalMemoryStatusEx(&ex);
    status->dwLength = sizeof(*status);
    status->dwMemoryLoad = ex.dwMemoryLoad;
    status->dwTotalPhys = ex.ullTotalPhys;
    status->dwAvailPhys = ex.ullAvailPhys;
    status->dwTotalPageFile = ex.ullTotalPageFile;
    status->dwAvailPageFile = ex.ullAvailPageFile;
    status->dwTotalVirtual = ex.ullTotalVirtual;
    status->dwAvailVirtual = ex.ullAvailVirtual;
}

/* ---- IsBad*Ptr: answered from the memory map instead of catching faults ---- */

static BOOL range_accessible(LPCVOID ptr, UINT_PTR size, BOOL write)
{
    if (!size)
        return TRUE;
    if (!ptr)
        return FALSE;
    ULONG_PTR p = (ULONG_PTR)ptr, end = p + size;
    if (end < p)
        return FALSE;
    while (p < end) {
        MEMORY_BASIC_INFORMATION mbi;
        if (NtQueryVirtualMemory(GetCurrentProcess(), (void *)p, MemoryBasicInformation, &mbi, sizeof(mbi),
                                 NULL) ||
            mbi.State != MEM_COMMIT || (mbi.Protect & (PAGE_GUARD | PAGE_NOACCESS)))
            return FALSE;
        DWORD prot = mbi.Protect & 0xff;
        if (write &&
            !(prot & (PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)))
            return FALSE;
        if (!write && prot == PAGE_EXECUTE)
            return FALSE;
        p = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;
    }
    return TRUE;
}

BOOL WINAPI IsBadReadPtr(LPCVOID ptr, UINT_PTR size)
{
    return !range_accessible(ptr, size, FALSE);
}

BOOL WINAPI IsBadWritePtr(LPVOID ptr, UINT_PTR size)
{
    return !range_accessible(ptr, size, TRUE);
}

BOOL WINAPI IsBadCodePtr(FARPROC ptr)
{
    return !range_accessible((void *)ptr, 1, FALSE);
}

BOOL WINAPI IsBadStringPtrA(LPCSTR str, UINT_PTR max)
{
    for (UINT_PTR i = 0; i < max; i++) {
        if (((ULONG_PTR)(str + i) & 0xfff) == 0 || !i)
            if (!range_accessible(str + i, 1, FALSE))
                return TRUE;
        if (!str[i])
            break;
    }
    return FALSE;
}

BOOL WINAPI IsBadStringPtrW(LPCWSTR str, UINT_PTR max)
{
    for (UINT_PTR i = 0; i < max; i++) {
        if (((ULONG_PTR)(str + i) & 0xfff) <= 1 || !i)
            if (!range_accessible(str + i, sizeof(WCHAR), FALSE))
                return TRUE;
        if (!str[i])
            break;
    }
    return FALSE;
}

/* ---- Local / Global memory ---- */

#define MEM_ENTRY_MAGIC 0x5a4d
#define LMEM_VALID_FLAGS 0x7f72

struct mem_entry {
    WORD magic;
    WORD flags; /* LMEM_DISCARDABLE */
    BYTE lock_count;
    BYTE pad[3];
    void *ptr; /* the handle is the address of this field; NULL when discarded */
};
#define ENTRY_HEADER 16 /* back pointer in front of moveable data (keeps 16-byte alignment) */

static HANDLE heap(void)
{
    return GetProcessHeap();
}

static int is_handle(HLOCAL mem)
{
    return ((ULONG_PTR)mem & 15) == 8;
}

static struct mem_entry *get_entry(HLOCAL mem)
{
    if (!is_handle(mem))
        return NULL;
    struct mem_entry *entry = CONTAINING_RECORD(mem, struct mem_entry, ptr);
    if (!HeapValidate(heap(), 0, entry) || entry->magic != MEM_ENTRY_MAGIC)
        return NULL;
    return entry;
}

HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T size)
{
    DWORD heap_flags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    if (!(flags & LMEM_MOVEABLE)) {
        void *ptr = HeapAlloc(heap(), heap_flags, size);
        if (!ptr)
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return ptr;
    }
    struct mem_entry *entry = HeapAlloc(heap(), HEAP_ZERO_MEMORY, sizeof(*entry));
    if (!entry) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    entry->magic = MEM_ENTRY_MAGIC;
    entry->flags = flags & LMEM_DISCARDABLE;
    if (size) {
        char *data = HeapAlloc(heap(), heap_flags, size + ENTRY_HEADER);
        if (!data) {
            HeapFree(heap(), 0, entry);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        *(void **)data = &entry->ptr;
        entry->ptr = data + ENTRY_HEADER;
    }
    return &entry->ptr;
}

HLOCAL WINAPI LocalFree(HLOCAL mem)
{
    if (!mem)
        return NULL;
    if (is_handle(mem)) {
        struct mem_entry *entry = get_entry(mem);
        if (!entry) {
            SetLastError(ERROR_INVALID_HANDLE);
            return mem;
        }
        if (entry->ptr)
            HeapFree(heap(), 0, (char *)entry->ptr - ENTRY_HEADER);
        entry->magic = 0;
        HeapFree(heap(), 0, entry);
        return NULL;
    }
    if (!HeapFree(heap(), 0, mem)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return mem;
    }
    return NULL;
}

LPVOID WINAPI LocalLock(HLOCAL mem)
{
    if (!is_handle(mem))
        return mem;
    struct mem_entry *entry = get_entry(mem);
    if (!entry) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (!entry->ptr) {
        SetLastError(ERROR_DISCARDED);
        return NULL;
    }
    if (entry->lock_count < LMEM_LOCKCOUNT)
        entry->lock_count++;
    return entry->ptr;
}

BOOL WINAPI LocalUnlock(HLOCAL mem)
{
    if (!is_handle(mem)) {
        SetLastError(ERROR_NOT_LOCKED);
        return FALSE;
    }
    struct mem_entry *entry = get_entry(mem);
    if (!entry) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!entry->lock_count) {
        SetLastError(ERROR_NOT_LOCKED);
        return FALSE;
    }
    if (--entry->lock_count)
        return TRUE;
    SetLastError(NO_ERROR); /* documented: zero with NO_ERROR when the object is now unlocked */
    return FALSE;
}

SIZE_T WINAPI LocalSize(HLOCAL mem)
{
    if (!is_handle(mem)) {
        SIZE_T size = HeapSize(heap(), 0, mem);
        if (size == ~(SIZE_T)0) {
            SetLastError(ERROR_INVALID_HANDLE);
            return 0;
        }
        return size;
    }
    struct mem_entry *entry = get_entry(mem);
    if (!entry) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!entry->ptr)
        return 0;
    return HeapSize(heap(), 0, (char *)entry->ptr - ENTRY_HEADER) - ENTRY_HEADER;
}

UINT WINAPI LocalFlags(HLOCAL mem)
{
    if (!is_handle(mem)) {
        if (!HeapValidate(heap(), 0, mem)) {
            SetLastError(ERROR_INVALID_HANDLE);
            return LMEM_INVALID_HANDLE;
        }
        return 0;
    }
    struct mem_entry *entry = get_entry(mem);
    if (!entry) {
        SetLastError(ERROR_INVALID_HANDLE);
        return LMEM_INVALID_HANDLE;
    }
    return entry->lock_count | entry->flags | (entry->ptr ? 0 : LMEM_DISCARDED);
}

HLOCAL WINAPI LocalHandle(LPCVOID ptr)
{
    if (!ptr) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (is_handle((HLOCAL)ptr)) {
        if (get_entry((HLOCAL)ptr))
            return (HLOCAL)ptr;
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    /* the data of a moveable block is preceded by its handle */
    const char *data = ptr;
    if (HeapValidate(heap(), 0, data - ENTRY_HEADER)) {
        HLOCAL handle = *(HLOCAL *)(data - ENTRY_HEADER);
        struct mem_entry *entry = get_entry(handle);
        if (entry && entry->ptr == ptr)
            return handle;
    }
    if (HeapValidate(heap(), 0, ptr))
        return (HLOCAL)ptr;
    SetLastError(ERROR_INVALID_HANDLE);
    return NULL;
}

HLOCAL WINAPI LocalReAlloc(HLOCAL mem, SIZE_T size, UINT flags)
{
    DWORD heap_flags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;

    if (!is_handle(mem)) {
        if (flags & LMEM_MODIFY) {
            FIXME_ONCE("LMEM_MODIFY on fixed memory is ignored\n");
            return mem;
        }
        /* fixed memory only moves when the caller allows it */
        if (!(flags & LMEM_MOVEABLE))
            heap_flags |= HEAP_REALLOC_IN_PLACE_ONLY;
        void *ptr = HeapReAlloc(heap(), heap_flags, mem, size);
        if (!ptr)
            SetLastError(HeapValidate(heap(), 0, mem) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_HANDLE);
        return ptr;
    }

    struct mem_entry *entry = get_entry(mem);
    if (!entry) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (flags & LMEM_MODIFY) {
        if (flags & LMEM_DISCARDABLE)
            entry->flags |= LMEM_DISCARDABLE;
        return mem;
    }
    if (!size) {
        if (entry->lock_count) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY); /* locked memory cannot be discarded */
            return NULL;
        }
        if (entry->ptr)
            HeapFree(heap(), 0, (char *)entry->ptr - ENTRY_HEADER);
        entry->ptr = NULL;
        return mem;
    }
    char *data;
    if (entry->ptr)
        data = HeapReAlloc(heap(), heap_flags, (char *)entry->ptr - ENTRY_HEADER, size + ENTRY_HEADER);
    else
        data = HeapAlloc(heap(), heap_flags, size + ENTRY_HEADER);
    if (!data) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    *(void **)data = &entry->ptr;
    entry->ptr = data + ENTRY_HEADER;
    return mem;
}

/* Global memory is the same allocator; only GMEM_DISCARDABLE differs from its LMEM counterpart. */
static UINT global_to_local_flags(UINT flags)
{
    UINT local = flags & (GMEM_MOVEABLE | GMEM_ZEROINIT | GMEM_MODIFY | GMEM_NOCOMPACT | GMEM_NODISCARD);
    if (flags & GMEM_DISCARDABLE)
        local |= LMEM_DISCARDABLE;
    return local;
}

HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T size)
{
    return LocalAlloc(global_to_local_flags(flags), size);
}

HGLOBAL WINAPI GlobalFree(HGLOBAL mem)
{
    return LocalFree(mem);
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL mem, SIZE_T size, UINT flags)
{
    return LocalReAlloc(mem, size, global_to_local_flags(flags));
}

SIZE_T WINAPI GlobalSize(HGLOBAL mem)
{
    return LocalSize(mem);
}

LPVOID WINAPI GlobalLock(HGLOBAL mem)
{
    return LocalLock(mem);
}

BOOL WINAPI GlobalUnlock(HGLOBAL mem)
{
    if (!is_handle(mem))
        return TRUE; /* fixed memory is never locked; GlobalUnlock reports success for it */
    return LocalUnlock(mem);
}

UINT WINAPI GlobalFlags(HGLOBAL mem)
{
    UINT local = LocalFlags(mem);
    if (local == LMEM_INVALID_HANDLE)
        return GMEM_INVALID_HANDLE;
    return (local & (LMEM_LOCKCOUNT | LMEM_DISCARDED)) | ((local & LMEM_DISCARDABLE) ? GMEM_DISCARDABLE : 0);
}

HGLOBAL WINAPI GlobalHandle(LPCVOID ptr)
{
    return LocalHandle(ptr);
}

/* Large pages are not offered: VirtualAlloc(MEM_LARGE_PAGES) gives normal pages. */
SIZE_T WINAPI GetLargePageMinimum(void)
{
    return 0;
}
