/*
 * Heap API (kernel32) over ntdll's Rtl heap. HeapAlloc, HeapReAlloc and HeapSize are forwarded to ntdll
 * in the spec (the Rtl functions set the last error themselves, as on Windows); functions returning BOOL
 * are wrapped here because the Rtl versions return a BOOLEAN.
 */
#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(heap);

#define HEAP_CREATE_FLAGS (HEAP_GENERATE_EXCEPTIONS | HEAP_NO_SERIALIZE | HEAP_CREATE_ENABLE_EXECUTE)

HANDLE WINAPI GetProcessHeap(void)
{
    return NtCurrentTeb()->Peb->ProcessHeap;
}

DWORD WINAPI GetProcessHeaps(DWORD count, PHANDLE heaps)
{
    return RtlGetProcessHeaps(count, heaps);
}

HANDLE WINAPI HeapCreate(DWORD flags, SIZE_T initial, SIZE_T maximum)
{
    flags &= HEAP_CREATE_FLAGS;
    if (!maximum)
        flags |= HEAP_GROWABLE;
    HANDLE heap = RtlCreateHeap(flags, NULL, maximum, initial, NULL, NULL);
    if (!heap)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return heap;
}

BOOL WINAPI HeapDestroy(HANDLE heap)
{
    if (RtlDestroyHeap(heap)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, LPVOID ptr)
{
    return RtlFreeHeap(heap, flags, ptr) ? TRUE : FALSE;
}

BOOL WINAPI HeapValidate(HANDLE heap, DWORD flags, LPCVOID ptr)
{
    return RtlValidateHeap(heap, flags, ptr) ? TRUE : FALSE;
}

SIZE_T WINAPI HeapCompact(HANDLE heap, DWORD flags)
{
    return RtlCompactHeap(heap, flags);
}

BOOL WINAPI HeapLock(HANDLE heap)
{
    return RtlLockHeap(heap) ? TRUE : FALSE;
}

BOOL WINAPI HeapUnlock(HANDLE heap)
{
    return RtlUnlockHeap(heap) ? TRUE : FALSE;
}

BOOL WINAPI HeapWalk(HANDLE heap, LPPROCESS_HEAP_ENTRY entry)
{
    return k32_ok_or_set_error(RtlWalkHeap(heap, entry));
}

BOOL WINAPI HeapSetInformation(HANDLE heap, HEAP_INFORMATION_CLASS cls, PVOID info, SIZE_T size)
{
    return k32_ok_or_set_error(RtlSetHeapInformation(heap, cls, info, size));
}

BOOL WINAPI HeapQueryInformation(HANDLE heap, HEAP_INFORMATION_CLASS cls, PVOID info, SIZE_T size,
                                 PSIZE_T needed)
{
    return k32_ok_or_set_error(RtlQueryHeapInformation(heap, cls, info, size, needed));
}

/* Real functions rather than spec forwards so that builtin C code can call them too. */
LPVOID WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size)
{
    return RtlAllocateHeap(heap, flags, size);
}

LPVOID WINAPI HeapReAlloc(HANDLE heap, DWORD flags, LPVOID ptr, SIZE_T size)
{
    return RtlReAllocateHeap(heap, flags, ptr, size);
}

SIZE_T WINAPI HeapSize(HANDLE heap, DWORD flags, LPCVOID ptr)
{
    return RtlSizeHeap(heap, flags, ptr);
}
