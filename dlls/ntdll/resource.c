/*
 * Resources of loaded modules (LdrFindResource_U, LdrAccessResource) and the loader lock exports.
 * The directory walk itself is the PE library's (pe_find_resource); this file adds the Windows
 * status codes that tell a missing type from a missing name.
 */
#include <string.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "../../loader/pe.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(resource);

#define LOADER_LOCK_MAGIC 0x4c4f434b

static WCHAR upcase(WCHAR c)
{
    return (c >= 'a' && c <= 'z') ? c - 0x20 : c;
}

/* Is there a root entry for `type` (an id <= 0xffff or a string, compared case-insensitively)? */
static int type_exists(const struct pe_image *img, ULONG_PTR type)
{
    DWORD size;
    const BYTE *root = pe_directory(img, IMAGE_DIRECTORY_ENTRY_RESOURCE, &size);
    if (!root || size < sizeof(IMAGE_RESOURCE_DIRECTORY))
        return 0;
    const IMAGE_RESOURCE_DIRECTORY *dir = (const IMAGE_RESOURCE_DIRECTORY *)root;
    const IMAGE_RESOURCE_DIRECTORY_ENTRY *entry = (const IMAGE_RESOURCE_DIRECTORY_ENTRY *)(dir + 1);
    unsigned int count = dir->NumberOfNamedEntries + dir->NumberOfIdEntries;
    if (sizeof(*dir) + (size_t)count * sizeof(*entry) > size)
        return 0;
    for (unsigned int i = 0; i < count; i++) {
        if (!(entry[i].Name & 0x80000000)) {
            if (type <= 0xffff && entry[i].Name == type)
                return 1;
            continue;
        }
        if (type <= 0xffff)
            continue;
        DWORD off = entry[i].Name & 0x7fffffff;
        if (off + sizeof(WORD) > size)
            continue;
        WORD len;
        memcpy(&len, root + off, sizeof(len));
        if (off + sizeof(WORD) + len * sizeof(WCHAR) > size)
            continue;
        const WCHAR *name = (const WCHAR *)type, *str = (const WCHAR *)(root + off + sizeof(WORD));
        unsigned int j;
        for (j = 0; j < len && name[j] && upcase(name[j]) == upcase(str[j]); j++)
            ;
        if (j == len && !name[j])
            return 1;
    }
    return 0;
}

NTSYSAPI NTSTATUS WINAPI LdrFindResource_U(HMODULE module, const LDR_RESOURCE_INFO *info, ULONG level,
                                           const IMAGE_RESOURCE_DATA_ENTRY **entry)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (!info || !entry || level != 3)
        return STATUS_INVALID_PARAMETER;
    ldr_lock();
    const struct pe_image *img = ldr_module_image(module);
    if (!img)
        status = STATUS_DLL_NOT_FOUND;
    else if (!pe_directory(img, IMAGE_DIRECTORY_ENTRY_RESOURCE, NULL))
        status = STATUS_RESOURCE_DATA_NOT_FOUND;
    else if (!type_exists(img, info->Type))
        status = STATUS_RESOURCE_TYPE_NOT_FOUND;
    else {
        *entry =
            pe_find_resource(img, (const WCHAR *)info->Type, (const WCHAR *)info->Name, (WORD)info->Language);
        if (!*entry && info->Language)
            *entry = pe_find_resource(img, (const WCHAR *)info->Type, (const WCHAR *)info->Name, 0);
        if (!*entry)
            status = STATUS_RESOURCE_NAME_NOT_FOUND;
    }
    ldr_unlock();
    TRACE("%p type %s name %s lang %#x -> %#x\n", module,
          info->Type >> 16 ? debugstr_w((const WCHAR *)info->Type)
                           : oriel_dbg_sprintf("#%u", (unsigned)info->Type),
          info->Name >> 16 ? debugstr_w((const WCHAR *)info->Name)
                           : oriel_dbg_sprintf("#%u", (unsigned)info->Name),
          info->Language, (unsigned)status);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrAccessResource(HMODULE module, const IMAGE_RESOURCE_DATA_ENTRY *entry, void **ptr,
                                           ULONG *size)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (!entry)
        return STATUS_INVALID_PARAMETER;
    ldr_lock();
    const struct pe_image *img = ldr_module_image(module);
    void *data = img ? pe_rva(img, entry->OffsetToData, entry->Size) : NULL;
    if (!data)
        status = STATUS_RESOURCE_DATA_NOT_FOUND;
    else {
        if (ptr)
            *ptr = data;
        if (size)
            *size = entry->Size;
    }
    ldr_unlock();
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrLockLoaderLock(ULONG flags, ULONG *result, ULONG_PTR *magic)
{
    if (flags & 2) { /* LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY */
        int got = ldr_trylock();
        if (result)
            *result = got ? 1 : 2;
        if (magic)
            *magic = got ? LOADER_LOCK_MAGIC : 0;
        return STATUS_SUCCESS;
    }
    ldr_lock();
    if (result)
        *result = 1;
    if (magic)
        *magic = LOADER_LOCK_MAGIC;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR magic)
{
    if (magic != LOADER_LOCK_MAGIC)
        return STATUS_INVALID_PARAMETER_2;
    ldr_unlock();
    return STATUS_SUCCESS;
}
