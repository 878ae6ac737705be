/*
 * Modules and resources: the Win32 face of ntdll's loader (Ldr*).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel32_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(module);

/* ---- ANSI helpers shared by kernel32 ---- */

WCHAR *k32_ansi_to_wide(const char *str)
{
    ULONG len, res;
    if (!str)
        return NULL;
    len = strlen(str) + 1;
    WCHAR *out = malloc(len * sizeof(WCHAR));
    if (!out)
        return NULL;
    RtlMultiByteToUnicodeN(out, len * sizeof(WCHAR), &res, str, len);
    out[res / sizeof(WCHAR) - (res ? 1 : 0)] = 0;
    return out;
}

BOOL k32_ansi_name(const char *name, WCHAR **wname)
{
    *wname = NULL;
    if (name && !(*wname = k32_ansi_to_wide(name))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

ULONG k32_wide_to_ansi(const WCHAR *src, int len, char *dst, ULONG dstlen)
{
    ULONG res = 0;
    if (len < 0) {
        len = 0;
        while (src[len])
            len++;
        len++;
    }
    if (!dst || !dstlen) {
        RtlUnicodeToMultiByteSize(&res, src, len * sizeof(WCHAR));
        return res;
    }
    RtlUnicodeToMultiByteN(dst, dstlen, &res, src, len * sizeof(WCHAR));
    return res;
}

BOOL k32_set_ntstatus(NTSTATUS status)
{
    if (status < 0)
        SetLastError(RtlNtStatusToDosError(status));
    return status >= 0;
}

BOOL k32_ok_or_set_error(NTSTATUS status)
{
    if (status != STATUS_SUCCESS)
        SetLastError(RtlNtStatusToDosError(status));
    return status == STATUS_SUCCESS;
}

static void init_unicode(UNICODE_STRING *us, const WCHAR *str)
{
    size_t len = 0;
    while (str[len])
        len++;
    us->Buffer = (WCHAR *)str;
    us->Length = len * sizeof(WCHAR);
    us->MaximumLength = us->Length + sizeof(WCHAR);
}

/* ---- module handles and names ---- */

WINBASEAPI BOOL WINAPI GetModuleHandleExW(DWORD flags, LPCWSTR name, HMODULE *module)
{
    NTSTATUS status;
    HMODULE handle = NULL;

    if (!module) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *module = NULL;
    if ((flags & ~(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT |
                   GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)) ||
        (flags & (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) ==
            (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!name) {
        handle = RtlGetCurrentPeb()->ImageBaseAddress;
        status = STATUS_SUCCESS;
    } else if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        LDR_DATA_TABLE_ENTRY *entry;
        status = LdrFindEntryForAddress(name, &entry);
        if (!status)
            handle = entry->DllBase;
        else
            status = STATUS_DLL_NOT_FOUND;
    } else {
        UNICODE_STRING us;
        init_unicode(&us, name);
        status = LdrGetDllHandle(NULL, NULL, &us, &handle);
    }
    if (!status && name && !(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))
        status = LdrAddRefDll((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) ? LDR_ADDREF_DLL_PIN : 0, handle);
    if (status) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    *module = handle;
    return TRUE;
}

WINBASEAPI BOOL WINAPI GetModuleHandleExA(DWORD flags, LPCSTR name, HMODULE *module)
{
    if (!name || (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS))
        return GetModuleHandleExW(flags, (LPCWSTR)name, module);
    WCHAR *wname = k32_ansi_to_wide(name);
    if (!wname) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL ret = GetModuleHandleExW(flags, wname, module);
    free(wname);
    return ret;
}

WINBASEAPI HMODULE WINAPI GetModuleHandleW(LPCWSTR name)
{
    HMODULE module;
    return GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, name, &module) ? module : NULL;
}

WINBASEAPI HMODULE WINAPI GetModuleHandleA(LPCSTR name)
{
    HMODULE module;
    return GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, name, &module) ? module : NULL;
}

/* The name is truncated to size - 1 characters plus a NUL; then the return value is size and the last
 * error ERROR_INSUFFICIENT_BUFFER (Vista and later). */
WINBASEAPI DWORD WINAPI GetModuleFileNameW(HMODULE module, LPWSTR buffer, DWORD size)
{
    LDR_DATA_TABLE_ENTRY *entry;
    if (!module)
        module = RtlGetCurrentPeb()->ImageBaseAddress;
    if (LdrFindEntryForAddress(module, &entry) || entry->DllBase != module) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    DWORD len = entry->FullDllName.Length / sizeof(WCHAR);
    if (len < size) {
        memcpy(buffer, entry->FullDllName.Buffer, len * sizeof(WCHAR));
        buffer[len] = 0;
        return len;
    }
    if (size) {
        memcpy(buffer, entry->FullDllName.Buffer, (size - 1) * sizeof(WCHAR));
        buffer[size - 1] = 0;
    }
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return size;
}

WINBASEAPI DWORD WINAPI GetModuleFileNameA(HMODULE module, LPSTR buffer, DWORD size)
{
    WCHAR *wbuf = malloc((MAX_PATH * 4 + 1) * sizeof(WCHAR));
    DWORD len, ret;
    if (!wbuf) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD last = GetLastError();
    len = GetModuleFileNameW(module, wbuf, MAX_PATH * 4 + 1);
    if (!len) {
        free(wbuf);
        return 0;
    }
    SetLastError(last);
    ULONG needed = k32_wide_to_ansi(wbuf, len, NULL, 0);
    if (needed < size) {
        ret = k32_wide_to_ansi(wbuf, len, buffer, size);
        buffer[ret] = 0;
    } else {
        if (size) {
            ret = k32_wide_to_ansi(wbuf, len, buffer, size - 1);
            buffer[size - 1] = 0;
        }
        ret = size;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    }
    free(wbuf);
    return ret;
}

/* ---- loading ---- */

WINBASEAPI HMODULE WINAPI LoadLibraryExW(LPCWSTR name, HANDLE file, DWORD flags)
{
    UNICODE_STRING us;
    HMODULE module = NULL;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flags &
        ~(LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32 |
          LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR |
          LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE |
          LOAD_LIBRARY_AS_IMAGE_RESOURCE))
        FIXME_ONCE("flags %#x not supported, loading %s normally\n", flags, debugstr_w(name));
    if (flags & (LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS |
                 LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_APPLICATION_DIR |
                 LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS))
        FIXME_ONCE("search flags %#x ignored: the default search order is used\n", flags);
    /* Windows ignores trailing spaces in the name. */
    size_t len = 0;
    while (name[len])
        len++;
    while (len && name[len - 1] == ' ')
        len--;
    if (!len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    us.Buffer = (WCHAR *)name;
    us.Length = len * sizeof(WCHAR);
    us.MaximumLength = us.Length;
    NTSTATUS status;
    if (flags &
        (LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE | LOAD_LIBRARY_AS_IMAGE_RESOURCE))
        status = __oriel_ldr_load_as_data(&us, (flags & LOAD_LIBRARY_AS_IMAGE_RESOURCE) ? 2 : 1, &module);
    else
        status = LdrLoadDll(NULL, &flags, &us, &module);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    return module;
}

WINBASEAPI HMODULE WINAPI LoadLibraryExA(LPCSTR name, HANDLE file, DWORD flags)
{
    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    WCHAR *wname = k32_ansi_to_wide(name);
    if (!wname) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    HMODULE ret = LoadLibraryExW(wname, file, flags);
    free(wname);
    return ret;
}

WINBASEAPI HMODULE WINAPI LoadLibraryW(LPCWSTR name)
{
    return LoadLibraryExW(name, NULL, 0);
}

WINBASEAPI HMODULE WINAPI LoadLibraryA(LPCSTR name)
{
    return LoadLibraryExA(name, NULL, 0);
}

WINBASEAPI BOOL WINAPI FreeLibrary(HMODULE module)
{
    if (!module) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_set_ntstatus(LdrUnloadDll(module));
}

WINBASEAPI FARPROC WINAPI GetProcAddress(HMODULE module, LPCSTR name)
{
    void *addr;
    NTSTATUS status;

    if (!module)
        module = RtlGetCurrentPeb()->ImageBaseAddress;
    if ((ULONG_PTR)name >> 16) {
        ANSI_STRING str;
        str.Buffer = (char *)name;
        str.Length = strlen(name);
        str.MaximumLength = str.Length + 1;
        status = LdrGetProcedureAddress(module, &str, 0, &addr);
    } else
        status = LdrGetProcedureAddress(module, NULL, LOWORD(name), &addr);
    if (status) {
        SetLastError(status == STATUS_DLL_NOT_FOUND ? ERROR_MOD_NOT_FOUND : ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    return (FARPROC)addr;
}

WINBASEAPI BOOL WINAPI DisableThreadLibraryCalls(HMODULE module)
{
    return k32_set_ntstatus(LdrDisableThreadCalloutsForDll(module));
}

/* ---- resources ---- */

/* "#123" names an integer id, as in the resource compiler. */
static ULONG_PTR resource_id(const WCHAR *name, WCHAR **alloc)
{
    *alloc = NULL;
    if (!((ULONG_PTR)name >> 16))
        return (ULONG_PTR)name;
    if (name[0] == '#') {
        ULONG_PTR id = 0;
        for (const WCHAR *p = name + 1; *p >= '0' && *p <= '9'; p++)
            id = id * 10 + (*p - '0');
        return id;
    }
    return (ULONG_PTR)name;
}

WINBASEAPI HRSRC WINAPI FindResourceExW(HMODULE module, LPCWSTR type, LPCWSTR name, WORD lang)
{
    LDR_RESOURCE_INFO info;
    const IMAGE_RESOURCE_DATA_ENTRY *entry;
    WCHAR *a1, *a2;

    if (!module)
        module = RtlGetCurrentPeb()->ImageBaseAddress;
    info.Type = resource_id(type, &a1);
    info.Name = resource_id(name, &a2);
    info.Language = lang;
    NTSTATUS status = LdrFindResource_U(module, &info, 3, &entry);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    return (HRSRC)entry;
}

WINBASEAPI HRSRC WINAPI FindResourceW(HMODULE module, LPCWSTR name, LPCWSTR type)
{
    return FindResourceExW(module, type, name, 0);
}

WINBASEAPI HRSRC WINAPI FindResourceExA(HMODULE module, LPCSTR type, LPCSTR name, WORD lang)
{
    WCHAR *wtype = (ULONG_PTR)type >> 16 ? k32_ansi_to_wide(type) : (WCHAR *)type;
    WCHAR *wname = (ULONG_PTR)name >> 16 ? k32_ansi_to_wide(name) : (WCHAR *)name;
    HRSRC ret = FindResourceExW(module, wtype, wname, lang);
    if ((ULONG_PTR)type >> 16)
        free(wtype);
    if ((ULONG_PTR)name >> 16)
        free(wname);
    return ret;
}

WINBASEAPI HRSRC WINAPI FindResourceA(HMODULE module, LPCSTR name, LPCSTR type)
{
    return FindResourceExA(module, type, name, 0);
}

WINBASEAPI HGLOBAL WINAPI LoadResource(HMODULE module, HRSRC rsrc)
{
    void *ptr;
    if (!rsrc)
        return NULL;
    if (!module)
        module = RtlGetCurrentPeb()->ImageBaseAddress;
    NTSTATUS status = LdrAccessResource(module, (const IMAGE_RESOURCE_DATA_ENTRY *)rsrc, &ptr, NULL);
    if (status) {
        SetLastError(RtlNtStatusToDosError(status));
        return NULL;
    }
    return ptr;
}

WINBASEAPI LPVOID WINAPI LockResource(HGLOBAL res)
{
    return res;
}

WINBASEAPI DWORD WINAPI SizeofResource(HMODULE module, HRSRC rsrc)
{
    if (!rsrc) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return ((const IMAGE_RESOURCE_DATA_ENTRY *)rsrc)->Size;
}

WINBASEAPI BOOL WINAPI FreeResource(HGLOBAL res)
{
    return FALSE; /* resources of loaded modules are never freed; FALSE means success here */
}
