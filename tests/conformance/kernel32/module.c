/*
 * Conformance tests for module handles, names and loading (libloaderapi.h) and the PEB loader lists.
 */
#include <winternl.h>

#include "test.h"

/* gs:offset of the TEB (mingw's __readgsqword triggers -Warray-bounds with constant offsets) */
#define read_gs(offset)                                                                                      \
    ({                                                                                                       \
        ULONG_PTR value_;                                                                                    \
        __asm__ volatile("movq %%gs:" #offset ", %0" : "=r"(value_));                                        \
        value_;                                                                                              \
    })

/* The documented prefix of LDR_DATA_TABLE_ENTRY with the three links (mingw's winternl.h only
 * declares the memory-order link). */
typedef struct {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    void *DllBase;
    void *EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
} ldr_entry;

typedef struct {
    ULONG Length;
    BOOLEAN Initialized;
    void *SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
} ldr_data;

static ldr_data *get_ldr(void)
{
    BYTE *peb = (BYTE *)read_gs(0x60);
    return *(ldr_data **)(peb + 0x18);
}

static void test_get_module_handle(void)
{
    HMODULE exe = GetModuleHandleA(NULL), k32, ntdll, mod;
    BYTE *peb = (BYTE *)read_gs(0x60);

    ok(exe != NULL, "GetModuleHandleA(NULL) failed\n");
    ok(exe == *(HMODULE *)(peb + 0x10), "not the PEB's ImageBaseAddress\n");
    ok(((IMAGE_DOS_HEADER *)exe)->e_magic == IMAGE_DOS_SIGNATURE, "no MZ header at %p\n", exe);
    ok(GetModuleHandleW(NULL) == exe, "W differs\n");

    k32 = GetModuleHandleA("kernel32.dll");
    ok(k32 != NULL, "kernel32 not loaded\n");
    ok(GetModuleHandleA("KERNEL32") == k32, "name without extension or case differs\n");
    ok(GetModuleHandleW(L"KeRnEl32.DlL") == k32, "case-insensitive lookup failed\n");
    ntdll = GetModuleHandleA("ntdll.dll");
    ok(ntdll != NULL && ntdll != k32, "ntdll %p\n", ntdll);
    ok(((IMAGE_DOS_HEADER *)k32)->e_magic == IMAGE_DOS_SIGNATURE, "kernel32 has no MZ header\n");

    SetLastError(0xdeadbeef);
    mod = GetModuleHandleA("does_not_exist_oriel.dll");
    ok(mod == NULL, "got %p\n", mod);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());

    /* "kernel32." with a trailing dot means "no extension": no such module */
    SetLastError(0xdeadbeef);
    mod = GetModuleHandleA("kernel32.");
    ok(mod == NULL, "got %p\n", mod);

    mod = (HMODULE)0xdeadbeef;
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "kernel32.dll", &mod), "failed\n");
    ok(mod == k32, "got %p\n", mod);
    ok(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                              GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCWSTR)test_get_module_handle, &mod),
       "FROM_ADDRESS failed\n");
    ok(mod == exe, "got %p, expected %p\n", mod, exe);
    ok(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                              GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCWSTR)GetProcAddress(k32, "GetModuleHandleA"), &mod),
       "FROM_ADDRESS failed\n");
    ok(mod == k32 || broken(mod != NULL) /* forwarded to kernelbase on Windows */, "got %p\n", mod);

    SetLastError(0xdeadbeef);
    mod = (HMODULE)0xdeadbeef;
    ok(!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           "kernel32.dll", &mod),
       "PIN|UNCHANGED_REFCOUNT succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
    ok(mod == NULL, "got %p\n", mod);

    SetLastError(0xdeadbeef);
    ok(!GetModuleHandleExA(0, "kernel32.dll", NULL), "NULL out pointer accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    mod = (HMODULE)0xdeadbeef;
    ok(!GetModuleHandleExA(0, "does_not_exist_oriel.dll", &mod), "succeeded\n");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());
    ok(mod == NULL, "got %p\n", mod);
}

static void test_get_module_file_name(void)
{
    char buf[MAX_PATH], small[8];
    WCHAR bufW[MAX_PATH], smallW[8];
    DWORD len, lenW;
    HMODULE k32 = GetModuleHandleA("kernel32.dll");

    SetLastError(0xdeadbeef);
    len = GetModuleFileNameA(NULL, buf, sizeof(buf));
    ok(len > 4 && len == strlen(buf), "got %lu, %s\n", len, buf);
    ok(GetLastError() == 0xdeadbeef || broken(GetLastError() == ERROR_SUCCESS), "got error %lu\n",
       GetLastError());
    ok(len > 10 && !_stricmp(buf + len - 10, "module.exe"), "got %s\n", buf);
    ok(buf[1] == ':' && buf[2] == '\\', "not a DOS path: %s\n", buf);

    lenW = GetModuleFileNameW(NULL, bufW, MAX_PATH);
    ok(lenW == len, "W length %lu, A length %lu\n", lenW, len);
    ok(bufW[lenW] == 0, "not terminated\n");

    /* too small: truncated, terminated, returns the buffer size, ERROR_INSUFFICIENT_BUFFER */
    memset(small, 'x', sizeof(small));
    SetLastError(0xdeadbeef);
    len = GetModuleFileNameA(NULL, small, sizeof(small));
    ok(len == sizeof(small), "got %lu\n", len);
    /* Documented: truncated to nSize characters including the terminating null character (only
     * Windows XP left it unterminated); Wine 8 does not terminate the ANSI version. */
    ok(small[sizeof(small) - 1] == 0 || broken(small[sizeof(small) - 1] != 0), "not terminated\n");
    ok(!memcmp(small, buf, sizeof(small) - 1), "got %.8s\n", small);
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "got error %lu\n", GetLastError());

    memset(smallW, 'x', sizeof(smallW));
    SetLastError(0xdeadbeef);
    lenW = GetModuleFileNameW(NULL, smallW, ARRAYSIZE(smallW));
    ok(lenW == ARRAYSIZE(smallW), "got %lu\n", lenW);
    ok(smallW[ARRAYSIZE(smallW) - 1] == 0 || broken(smallW[ARRAYSIZE(smallW) - 1] != 0), "not terminated\n");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "got error %lu\n", GetLastError());

    len = GetModuleFileNameA(k32, buf, sizeof(buf));
    ok(len > 12 && !_stricmp(buf + len - 12, "kernel32.dll"), "got %s\n", buf);
    {
        char sysdir[MAX_PATH];
        UINT n = GetSystemDirectoryA(sysdir, sizeof(sysdir));
        ok(n && !_strnicmp(buf, sysdir, n) && buf[n] == '\\', "kernel32 %s not in %s\n", buf, sysdir);
    }

    SetLastError(0xdeadbeef);
    len = GetModuleFileNameA((HMODULE)0xdead0000, buf, sizeof(buf));
    ok(len == 0, "got %lu\n", len);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());
}

static void test_load_library(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll"), mod, mod2;
    FARPROC proc;

    mod = LoadLibraryA("kernel32.dll");
    ok(mod == k32, "got %p, expected %p\n", mod, k32);
    ok(FreeLibrary(mod), "FreeLibrary failed\n");
    ok(GetModuleHandleA("kernel32.dll") == k32, "kernel32 unloaded\n");

    mod = LoadLibraryW(L"KERNEL32");
    ok(mod == k32, "got %p without extension\n", mod);
    FreeLibrary(mod);

    SetLastError(0xdeadbeef);
    mod = LoadLibraryA("does_not_exist_oriel.dll");
    ok(mod == NULL, "got %p\n", mod);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    mod = LoadLibraryA(NULL);
    ok(mod == NULL, "got %p\n", mod);
    /* not documented; Windows versions differ between these two */
    ok(GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n",
       GetLastError());

    /* a full path to the system directory */
    {
        char path[MAX_PATH];
        GetSystemDirectoryA(path, MAX_PATH);
        strcat(path, "\\kernel32.dll");
        mod2 = LoadLibraryA(path);
        ok(mod2 == k32, "full path %s gave %p\n", path, mod2);
        if (mod2)
            FreeLibrary(mod2);
    }

    proc = GetProcAddress(k32, "GetModuleHandleA");
    ok(proc != NULL, "GetProcAddress failed\n");
    ok(proc == (FARPROC)GetModuleHandleA || broken(proc != NULL) /* import thunks on Windows */, "%p vs %p\n",
       proc, GetModuleHandleA);

    SetLastError(0xdeadbeef);
    proc = GetProcAddress(k32, "NoSuchFunctionOriel");
    ok(proc == NULL, "got %p\n", proc);
    ok(GetLastError() == ERROR_PROC_NOT_FOUND, "got error %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    proc = GetProcAddress(k32, (LPCSTR)60000);
    ok(proc == NULL, "got %p\n", proc);
    ok(GetLastError() == ERROR_PROC_NOT_FOUND || GetLastError() == ERROR_INVALID_ORDINAL, "got error %lu\n",
       GetLastError());

    SetLastError(0xdeadbeef);
    proc = GetProcAddress((HMODULE)0xdead0000, "GetModuleHandleA");
    ok(proc == NULL, "got %p\n", proc);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());
}

static int module_name_is(const ldr_entry *e, const WCHAR *name)
{
    return e->BaseDllName.Buffer && !_wcsicmp(e->BaseDllName.Buffer, name);
}

static void test_peb_lists(void)
{
    ldr_data *ldr = get_ldr();
    LIST_ENTRY *e;
    ldr_entry *first, *second;
    int count_load = 0, count_mem = 0, count_init = 0, found_k32 = 0;

    ok(ldr != NULL, "no loader data\n");
    if (!ldr)
        return;
    ok(ldr->Initialized, "not initialized\n");

    first = CONTAINING_RECORD(ldr->InLoadOrderModuleList.Flink, ldr_entry, InLoadOrderLinks);
    ok(first->DllBase == GetModuleHandleA(NULL), "first in load order is %p, not the exe\n", first->DllBase);
    second = CONTAINING_RECORD(first->InLoadOrderLinks.Flink, ldr_entry, InLoadOrderLinks);
    ok(module_name_is(second, L"ntdll.dll"), "second in load order is %ls\n", second->BaseDllName.Buffer);
    ok(first->FullDllName.Length > first->BaseDllName.Length, "full name %u, base %u\n",
       first->FullDllName.Length, first->BaseDllName.Length);
    ok(!_wcsicmp(first->BaseDllName.Buffer, L"module.exe"), "exe base name %ls\n", first->BaseDllName.Buffer);
    ok(first->BaseDllName.Buffer ==
           first->FullDllName.Buffer +
               (first->FullDllName.Length - first->BaseDllName.Length) / sizeof(WCHAR),
       "base name does not point into the full name\n");

    for (e = ldr->InLoadOrderModuleList.Flink; e != &ldr->InLoadOrderModuleList; e = e->Flink) {
        ldr_entry *m = CONTAINING_RECORD(e, ldr_entry, InLoadOrderLinks);
        count_load++;
        if (module_name_is(m, L"kernel32.dll")) {
            found_k32 = 1;
            ok(m->DllBase == GetModuleHandleA("kernel32.dll"), "kernel32 base %p\n", m->DllBase);
            ok(m->SizeOfImage >= 0x1000, "kernel32 size %lu\n", m->SizeOfImage);
        }
    }
    ok(found_k32, "kernel32 not in the load order list\n");
    for (e = ldr->InMemoryOrderModuleList.Flink; e != &ldr->InMemoryOrderModuleList; e = e->Flink)
        count_mem++;
    ok(count_mem == count_load, "memory order has %d entries, load order %d\n", count_mem, count_load);

    /* initialization order: ntdll first, the exe is not in it */
    first =
        CONTAINING_RECORD(ldr->InInitializationOrderModuleList.Flink, ldr_entry, InInitializationOrderLinks);
    ok(module_name_is(first, L"ntdll.dll"), "first initialized is %ls\n", first->BaseDllName.Buffer);
    for (e = ldr->InInitializationOrderModuleList.Flink; e != &ldr->InInitializationOrderModuleList;
         e = e->Flink) {
        ldr_entry *m = CONTAINING_RECORD(e, ldr_entry, InInitializationOrderLinks);
        ok(m->DllBase != GetModuleHandleA(NULL), "the exe is in the initialization order list\n");
        count_init++;
    }
    ok(count_init == count_load - 1, "initialization order has %d entries, load order %d\n", count_init,
       count_load);
}

static void test_system_directories(void)
{
    char buf[MAX_PATH], win[MAX_PATH];
    UINT len, needed;

    len = GetSystemDirectoryA(buf, sizeof(buf));
    ok(len == strlen(buf), "got %u for %s\n", len, buf);
    needed = GetSystemDirectoryA(buf, 3);
    ok(needed == len + 1, "too small buffer returned %u, expected %u\n", needed, len + 1);
    len = GetWindowsDirectoryA(win, sizeof(win));
    ok(len == strlen(win), "got %u for %s\n", len, win);
    GetSystemDirectoryA(buf, sizeof(buf));
    ok(!_strnicmp(buf, win, len) && !_stricmp(buf + len, "\\system32"), "%s is not in %s\n", buf, win);
}

static void test_resources(void)
{
    HMODULE exe = GetModuleHandleA(NULL);
    HRSRC res;
    HGLOBAL data;

    /* module.rc: RCDATA 4243 and a named resource of a named type */
    res = FindResourceA(exe, MAKEINTRESOURCEA(4243), MAKEINTRESOURCEA(10));
    ok(res != NULL, "RCDATA 4243 not found: %lu\n", GetLastError());
    ok(FindResourceA(NULL, "#4243", MAKEINTRESOURCEA(10)) == res, "\"#4243\" or the NULL module differs\n");
    ok(FindResourceExW(exe, MAKEINTRESOURCEW(10), MAKEINTRESOURCEW(4243), 0) == res,
       "FindResourceExW differs\n");
    if (res) {
        ok(SizeofResource(exe, res) == 15, "size %lu\n", SizeofResource(exe, res));
        data = LoadResource(exe, res);
        ok(data != NULL, "LoadResource failed\n");
        ok(LockResource(data) == data, "LockResource changed the pointer\n");
        ok(data && !memcmp(data, "oriel resource", 15), "data %.15s\n", (char *)data);
        ok((BYTE *)data > (BYTE *)exe, "data %p outside the module %p\n", data, exe);
    }
    res = FindResourceA(exe, "orielname", "ORIELTYPE");
    ok(res != NULL, "named resource not found (names are case-insensitive): %lu\n", GetLastError());
    if (res)
        ok(SizeofResource(exe, res) == 6 && !strcmp(LockResource(LoadResource(exe, res)), "named"),
           "named resource data\n");
    res = FindResourceW(exe, L"ORIELNAME", L"orieltype");
    ok(res != NULL, "named type not found case-insensitively: %lu\n", GetLastError());

    SetLastError(0xdeadbeef);
    res = FindResourceA(exe, MAKEINTRESOURCEA(4243), MAKEINTRESOURCEA(77));
    ok(res == NULL, "found a missing type\n");
    ok(GetLastError() == ERROR_RESOURCE_TYPE_NOT_FOUND, "got error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    res = FindResourceA(exe, MAKEINTRESOURCEA(4244), MAKEINTRESOURCEA(10));
    ok(res == NULL, "found a missing name\n");
    ok(GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "got error %lu\n", GetLastError());
}

START_TEST(module)
{
    test_get_module_handle();
    test_get_module_file_name();
    test_load_library();
    test_peb_lists();
    test_system_directories();
    test_resources();
}
