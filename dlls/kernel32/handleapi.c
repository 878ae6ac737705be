/*
 * Handles: CloseHandle, DuplicateHandle, Get/SetHandleInformation, CompareObjectHandles.
 */
#include "kernel32_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(handle);

WINBASEAPI BOOL WINAPI CloseHandle(HANDLE handle)
{
    TRACE("%p\n", handle);
    return k32_set_ntstatus(NtClose(handle));
}

WINBASEAPI BOOL WINAPI DuplicateHandle(HANDLE src_process, HANDLE src, HANDLE dst_process, LPHANDLE dst,
                                       DWORD access, BOOL inherit, DWORD options)
{
    TRACE("%p %p %p %p %#x %d %#x\n", src_process, src, dst_process, dst, access, inherit, options);
    return k32_set_ntstatus(
        NtDuplicateObject(src_process, src, dst_process, dst, access, inherit ? OBJ_INHERIT : 0, options));
}

WINBASEAPI BOOL WINAPI GetHandleInformation(HANDLE handle, LPDWORD flags)
{
    OBJECT_HANDLE_FLAG_INFORMATION info;
    NTSTATUS status = NtQueryObject(handle, ObjectHandleFlagInformation, &info, sizeof(info), NULL);

    if (!k32_set_ntstatus(status))
        return FALSE;
    if (flags)
        *flags = (info.Inherit ? HANDLE_FLAG_INHERIT : 0) |
                 (info.ProtectFromClose ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetHandleInformation(HANDLE handle, DWORD mask, DWORD flags)
{
    OBJECT_HANDLE_FLAG_INFORMATION info;
    NTSTATUS status;

    TRACE("%p %#x %#x\n", handle, mask, flags);
    /* only the bits in mask change: read the others first */
    status = NtQueryObject(handle, ObjectHandleFlagInformation, &info, sizeof(info), NULL);
    if (!k32_set_ntstatus(status))
        return FALSE;
    if (mask & HANDLE_FLAG_INHERIT)
        info.Inherit = (flags & HANDLE_FLAG_INHERIT) != 0;
    if (mask & HANDLE_FLAG_PROTECT_FROM_CLOSE)
        info.ProtectFromClose = (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
    return k32_set_ntstatus(NtSetInformationObject(handle, ObjectHandleFlagInformation, &info, sizeof(info)));
}
