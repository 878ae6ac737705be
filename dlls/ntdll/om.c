/*
 * Object manager calls on handles: NtClose, NtDuplicateObject, NtQueryObject, NtSetInformationObject.
 * Handles live in oriel-server; pseudo-handles (current process/thread) are resolved here.
 */
#include <string.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(handle);

C_ASSERT(sizeof(OBJECT_BASIC_INFORMATION) == 56);
C_ASSERT(sizeof(OBJECT_TYPE_INFORMATION) == 104);

/* Pseudo-handles: -1 process, -2 thread, -3..-6 tokens; never closed, never in the server's table. */
static int is_pseudo_handle(HANDLE handle)
{
    LONG_PTR value = (LONG_PTR)handle;
    return value < 0 && value >= -6;
}

/* Wire value of a handle; 0 for values that cannot be ours (the server then says invalid handle). */
static obj_handle_t wire_handle(HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    if (handle == NtCurrentProcess())
        return SERVER_CURRENT_PROCESS;
    if (handle == NtCurrentThread())
        return SERVER_CURRENT_THREAD;
    return value > 0xffffffff ? 0 : (obj_handle_t)value;
}

NTSYSAPI NTSTATUS WINAPI NtClose(HANDLE handle)
{
    struct close_handle_request req = {.handle = wire_handle(handle)};
    struct close_handle_reply reply;

    TRACE("%p\n", handle);
    if (is_pseudo_handle(handle))
        return STATUS_SUCCESS;
    NTSTATUS status;

    /* drop the cached fd first: once the server frees the value another thread may get it back */
    server_remove_fd_cache(handle);
    status = SERVER_CALL(close_handle, &req, &reply, NULL, 0, NULL);
    /* a thread still using the handle meanwhile may have cached its sync slot again; forgetting it
     * once more at worst costs a new object with a reused value one lookup */
    sync_forget_handle(handle);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtDuplicateObject(HANDLE src_process, HANDLE src, HANDLE dst_process, PHANDLE dst,
                                           ACCESS_MASK access, ULONG attributes, ULONG options)
{
    struct dup_handle_request req = {
        .src_process = wire_handle(src_process),
        .src_handle = wire_handle(src),
        .dst_process = wire_handle(dst_process),
        .access = access,
        .attributes = attributes,
        .options = options & (DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS),
    };
    struct dup_handle_reply reply;
    NTSTATUS status;

    TRACE("%p %p %p %p %#x %#x %#x\n", src_process, src, dst_process, dst, access, attributes, options);
    if (options & DUPLICATE_SAME_ATTRIBUTES)
        FIXME_ONCE("DUPLICATE_SAME_ATTRIBUTES not supported\n");
    if ((options & DUPLICATE_CLOSE_SOURCE) && !is_pseudo_handle(src))
        server_remove_fd_cache(src);
    status = SERVER_CALL(dup_handle, &req, &reply, NULL, 0, NULL);
    if (!status && dst)
        *dst = (HANDLE)(ULONG_PTR)reply.handle;
    else if (!status && reply.handle) {
        /* no place to return it: Windows accepts a NULL target only with DUPLICATE_CLOSE_SOURCE */
        struct close_handle_request creq = {.handle = reply.handle};
        struct close_handle_reply creply;
        SERVER_CALL(close_handle, &creq, &creply, NULL, 0, NULL);
    }
    return status;
}

static const WCHAR *type_name(ULONG type)
{
    switch (type) {
    case SERVER_OBJ_PROCESS:
        return u"Process";
    case SERVER_OBJ_THREAD:
        return u"Thread";
    case SERVER_OBJ_FILE:
        return u"File";
    case SERVER_OBJ_EVENT:
        return u"Event";
    case SERVER_OBJ_MUTEX:
        return u"Mutant";
    case SERVER_OBJ_SEMAPHORE:
        return u"Semaphore";
    case SERVER_OBJ_TIMER:
        return u"Timer";
    default:
        return u"Unknown";
    }
}

NTSYSAPI NTSTATUS WINAPI NtQueryObject(HANDLE handle, OBJECT_INFORMATION_CLASS info_class, PVOID info,
                                       ULONG len, PULONG ret_len)
{
    struct get_handle_info_request req = {.handle = wire_handle(handle)};
    struct get_handle_info_reply reply;
    NTSTATUS status;

    TRACE("%p %u %p %u\n", handle, info_class, info, len);
    if (info_class != ObjectBasicInformation && info_class != ObjectHandleFlagInformation &&
        info_class != ObjectTypeInformation) {
        FIXME("info class %u not supported\n", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (is_pseudo_handle(handle)) {
        FIXME_ONCE("information on pseudo-handles not supported yet\n");
        return STATUS_NOT_IMPLEMENTED;
    }
    if ((status = SERVER_CALL(get_handle_info, &req, &reply, NULL, 0, NULL)))
        return status;

    switch (info_class) {
    case ObjectBasicInformation: {
        OBJECT_BASIC_INFORMATION *basic = info;
        if (len < sizeof(*basic))
            return STATUS_INFO_LENGTH_MISMATCH;
        memset(basic, 0, sizeof(*basic));
        basic->Attributes = (reply.flags & SERVER_HANDLE_FLAG_INHERIT) ? OBJ_INHERIT : 0;
        if (reply.flags & SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE)
            basic->Attributes |= 0x1; /* OBJ_PROTECT_CLOSE */
        basic->GrantedAccess = reply.access;
        basic->HandleCount = reply.handle_count;
        basic->PointerCount = reply.ref_count;
        if (ret_len)
            *ret_len = sizeof(*basic);
        return STATUS_SUCCESS;
    }
    case ObjectHandleFlagInformation: {
        OBJECT_HANDLE_FLAG_INFORMATION *flags = info;
        if (len < sizeof(*flags))
            return STATUS_INFO_LENGTH_MISMATCH;
        flags->Inherit = !!(reply.flags & SERVER_HANDLE_FLAG_INHERIT);
        flags->ProtectFromClose = !!(reply.flags & SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE);
        if (ret_len)
            *ret_len = sizeof(*flags);
        return STATUS_SUCCESS;
    }
    default: {
        /* OBJECT_TYPE_INFORMATION followed by the name it points to */
        const WCHAR *name = type_name(reply.object_type);
        ULONG name_len = 0, needed;
        OBJECT_TYPE_INFORMATION *type = info;
        while (name[name_len])
            name_len++;
        needed = sizeof(*type) + (name_len + 1) * sizeof(WCHAR);
        if (ret_len)
            *ret_len = needed;
        if (len < needed)
            return STATUS_INFO_LENGTH_MISMATCH;
        memset(type, 0, sizeof(*type));
        WCHAR *dst = (WCHAR *)(type + 1);
        memcpy(dst, name, (name_len + 1) * sizeof(WCHAR));
        type->TypeName.Buffer = dst;
        type->TypeName.Length = name_len * sizeof(WCHAR);
        type->TypeName.MaximumLength = (name_len + 1) * sizeof(WCHAR);
        return STATUS_SUCCESS;
    }
    }
}

NTSYSAPI NTSTATUS WINAPI NtSetInformationObject(HANDLE handle, OBJECT_INFORMATION_CLASS info_class,
                                                PVOID info, ULONG len)
{
    struct set_handle_info_request req = {.handle = wire_handle(handle)};
    struct set_handle_info_reply reply;
    const OBJECT_HANDLE_FLAG_INFORMATION *flags = info;

    TRACE("%p %u %p %u\n", handle, info_class, info, len);
    if (info_class != ObjectHandleFlagInformation) {
        FIXME("info class %u not supported\n", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (len < sizeof(*flags))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (is_pseudo_handle(handle))
        return STATUS_INVALID_HANDLE;
    req.mask = SERVER_HANDLE_FLAG_INHERIT | SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE;
    req.flags = (flags->Inherit ? SERVER_HANDLE_FLAG_INHERIT : 0) |
                (flags->ProtectFromClose ? SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
    return SERVER_CALL(set_handle_info, &req, &reply, NULL, 0, NULL);
}

/* Live server objects and the process's handle count (leak tests). ELF-only export. */
__attribute__((visibility("default"))) NTSTATUS __oriel_get_object_counts(ULONG *counts, ULONG count,
                                                                          ULONG *handles)
{
    struct get_object_counts_request req = {{0}};
    struct get_object_counts_reply reply;
    NTSTATUS status = SERVER_CALL(get_object_counts, &req, &reply, NULL, 0, NULL);

    if (status)
        return status;
    for (ULONG i = 0; i < count && i < SERVER_OBJ_COUNT_SLOTS; i++)
        counts[i] = reply.counts[i];
    if (handles)
        *handles = reply.handles;
    return STATUS_SUCCESS;
}
