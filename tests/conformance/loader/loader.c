/*
 * Conformance tests for the module loader: exports by name and ordinal, forwarders, static TLS and TLS
 * callbacks of a DLL loaded at run time, DllMain order, failing DllMain, relocation, delay-load
 * imports and the static TLS of the program itself. The helper DLLs are built from *_dll.c beside
 * this file and must be in the same directory as loader.exe (the application directory).
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

typedef int(WINAPI *int2_func)(int, int);
typedef int(WINAPI *int0_func)(void);
typedef int *(*intptr_func)(void);
typedef ULONG (*ulong_func)(void);
typedef const char *(*str_func)(void);

static char *get_log(void)
{
    static char buf[256];
    buf[0] = 0;
    GetEnvironmentVariableA("ORIEL_LDRLOG", buf, sizeof(buf));
    return buf;
}

static void test_exports(void)
{
    HMODULE mod = LoadLibraryA("ldrexp.dll");
    FARPROC p1, p2;

    ok(mod != NULL, "cannot load ldrexp.dll: %lu\n", GetLastError());
    if (!mod)
        return;
    p1 = GetProcAddress(mod, "ldr_add");
    ok(p1 != NULL, "ldr_add not found\n");
    if (p1)
        ok(((int2_func)p1)(2, 3) == 5, "ldr_add(2, 3) failed\n");
    p2 = GetProcAddress(mod, MAKEINTRESOURCEA(1));
    ok(p2 == p1, "ordinal 1 is %p, ldr_add %p\n", p2, p1);
    p2 = GetProcAddress(mod, MAKEINTRESOURCEA(2));
    ok(p2 == GetProcAddress(mod, "ldr_mul"), "ordinal 2 is not ldr_mul\n");
    ok(p2 && ((int2_func)p2)(4, 5) == 20, "ldr_mul failed\n");

    int *data = (int *)GetProcAddress(mod, "ldr_data");
    ok(data && *data == 1234, "ldr_data %p\n", data);

    /* exported by ordinal only */
    SetLastError(0xdeadbeef);
    p1 = GetProcAddress(mod, "ldr_hidden");
    ok(p1 == NULL, "NONAME export found by name\n");
    ok(GetLastError() == ERROR_PROC_NOT_FOUND, "got error %lu\n", GetLastError());
    p1 = GetProcAddress(mod, MAKEINTRESOURCEA(5));
    ok(p1 && ((int0_func)p1)() == 0x5eed, "ordinal 5 %p\n", p1);

    SetLastError(0xdeadbeef);
    p1 = GetProcAddress(mod, MAKEINTRESOURCEA(4));
    ok(p1 == NULL, "unused ordinal 4 gave %p\n", p1);
    SetLastError(0xdeadbeef);
    p1 = GetProcAddress(mod, MAKEINTRESOURCEA(100));
    ok(p1 == NULL, "ordinal 100 gave %p\n", p1);

    /* the second load returns the same module; the module stays until the last FreeLibrary */
    ok(LoadLibraryA("LDREXP") == mod, "second load differs\n");
    ok(FreeLibrary(mod), "FreeLibrary failed\n");
    ok(GetModuleHandleA("ldrexp.dll") == mod, "unloaded too early\n");
    ok(FreeLibrary(mod), "FreeLibrary failed\n");
    ok(GetModuleHandleA("ldrexp.dll") == NULL, "still loaded after the last FreeLibrary\n");
}

static void test_forwarders(void)
{
    HMODULE fwd = LoadLibraryA("ldrfwd.dll"), exp;
    FARPROC p;

    ok(fwd != NULL, "cannot load ldrfwd.dll: %lu\n", GetLastError());
    if (!fwd)
        return;
    p = GetProcAddress(fwd, "fwd_own");
    ok(p && ((int0_func)p)() == 77, "fwd_own %p\n", p);

    p = GetProcAddress(fwd, "fwd_add");
    exp = GetModuleHandleA("ldrexp.dll");
    ok(exp != NULL, "the forwarder did not load ldrexp.dll\n");
    ok(p != NULL && p == GetProcAddress(exp, "ldr_add"), "fwd_add %p\n", p);
    ok(p && ((int2_func)p)(20, 22) == 42, "forwarded call failed\n");

    p = GetProcAddress(fwd, "fwd_hidden");
    ok(p != NULL && p == GetProcAddress(exp, MAKEINTRESOURCEA(5)), "forward by ordinal %p\n", p);

    SetLastError(0xdeadbeef);
    p = GetProcAddress(fwd, "fwd_missing");
    ok(p == NULL, "forward to a missing export gave %p\n", p);
    ok(GetLastError() == ERROR_PROC_NOT_FOUND, "got error %lu\n", GetLastError());

    FreeLibrary(fwd);
}

static void test_tls_dll(void)
{
    HMODULE mod = LoadLibraryA("ldrtls.dll");
    intptr_func get_ptr, get_template;
    str_func get_events;

    ok(mod != NULL, "cannot load ldrtls.dll: %lu\n", GetLastError());
    if (!mod)
        return;
    get_ptr = (intptr_func)GetProcAddress(mod, "tls_get_ptr");
    get_template = (intptr_func)GetProcAddress(mod, "tls_get_template");
    get_events = (str_func)GetProcAddress(mod, "tls_get_events");
    ok(get_ptr && get_template && get_events, "missing exports\n");
    if (!get_ptr || !get_template || !get_events)
        return;

    /* The TLS callback runs before DllMain, both with DLL_PROCESS_ATTACH. */
    ok(!strcmp(get_events(), "pP"), "events %s\n", get_events());

    int *slot = get_ptr();
    ok(slot != NULL, "no static TLS block for a DLL loaded at run time\n");
    if (slot) {
        ok(*slot == 0x1234, "TLS value %#x, expected the template's 0x1234\n", *slot);
        ok(slot != get_template(), "the TLS block is the template itself\n");
        *slot = 5;
        ok(*get_ptr() == 5, "TLS block not stable\n");
    }
    ok(((ulong_func)GetProcAddress(mod, "tls_get_index"))() != 0, "DLL got TLS index 0 (the exe's)\n");
    FreeLibrary(mod);
}

/* The exe's own static TLS (mingw's tlssup gives every program a TLS directory). */
extern char _tls_start;
extern ULONG _tls_index;
__attribute__((section(".tls$AAB"))) int exe_tls_value = 0x4321;

static void test_tls_exe(void)
{
    void **array = (void **)read_gs(0x58);
    ok(_tls_index == 0, "exe TLS index %lu\n", _tls_index);
    ok(array && array[_tls_index], "no TLS block for the exe\n");
    if (array && array[_tls_index]) {
        int *p = (int *)((char *)array[_tls_index] + ((char *)&exe_tls_value - &_tls_start));
        ok(*p == 0x4321, "exe TLS value %#x\n", *p);
    }
}

static void test_init_order(void)
{
    HMODULE a, b;
    SetEnvironmentVariableA("ORIEL_LDRLOG", "");
    a = LoadLibraryA("ldrorda.dll");
    ok(a != NULL, "cannot load ldrorda.dll: %lu\n", GetLastError());
    if (!a)
        return;
    b = GetModuleHandleA("ldrordb.dll");
    ok(b != NULL, "dependency not loaded\n");
    /* dependencies first; lpReserved is NULL for a dynamic load */
    ok(!strcmp(get_log(), "b+ a+ "), "attach order %s\n", get_log());
    ok(((int0_func)GetProcAddress(a, "orda_value"))() == 23, "imported call failed\n");

    /* the initialization order list ends with b then a */
    {
        BYTE *peb = (BYTE *)read_gs(0x60);
        BYTE *ldr = *(BYTE **)(peb + 0x18);
        LIST_ENTRY *head = (LIST_ENTRY *)(ldr + 0x30);
        LIST_ENTRY *last = head->Blink, *prev = last->Blink;
        /* InInitializationOrderLinks is at offset 0x20 of the entry; DllBase at 0x30 */
        ok(*(HMODULE *)((BYTE *)last - 0x20 + 0x30) == a, "last initialized is not ldrorda\n");
        ok(*(HMODULE *)((BYTE *)prev - 0x20 + 0x30) == b, "ldrordb not initialized before ldrorda\n");
        LIST_ENTRY *load_head = (LIST_ENTRY *)(ldr + 0x10);
        ok(*(HMODULE *)((BYTE *)load_head->Blink + 0x30) == b, "ldrordb is not last in load order\n");
        ok(*(HMODULE *)((BYTE *)load_head->Blink->Blink + 0x30) == a, "ldrorda not loaded before ldrordb\n");
    }

    SetEnvironmentVariableA("ORIEL_LDRLOG", "");
    ok(FreeLibrary(a), "FreeLibrary failed\n");
    ok(!strcmp(get_log(), "a- b- "), "detach order %s\n", get_log());
    ok(GetModuleHandleA("ldrorda.dll") == NULL, "ldrorda still loaded\n");
    ok(GetModuleHandleA("ldrordb.dll") == NULL, "ldrordb still loaded\n");
}

static void test_failing_dllmain(void)
{
    HMODULE mod;
    SetEnvironmentVariableA("ORIEL_LDRLOG", "");
    SetLastError(0xdeadbeef);
    mod = LoadLibraryA("ldrfail.dll");
    ok(mod == NULL, "loaded a DLL whose DllMain failed\n");
    ok(GetLastError() == ERROR_DLL_INIT_FAILED, "got error %lu\n", GetLastError());
    ok(GetModuleHandleA("ldrfail.dll") == NULL, "ldrfail.dll stays loaded\n");
    /* documented: "the system immediately calls your entry-point function with DLL_PROCESS_DETACH" */
    ok(!strcmp(get_log(), "fail- "), "log %s\n", get_log());
}

static void test_relocation(void)
{
    HMODULE r1 = LoadLibraryA("ldrrel1.dll"), r2 = LoadLibraryA("ldrrel2.dll");
    ok(r1 && r2, "cannot load ldrrel1/2: %p %p\n", r1, r2);
    if (!r1 || !r2)
        return;
    ok(r1 != r2, "same base\n");
    ok(r1 != (HMODULE)0x6a000000 || r2 != (HMODULE)0x6a000000, "both at the preferred base\n");
    int *v1 = ((intptr_func)GetProcAddress(r1, "rel1_get"))();
    int *v2 = ((intptr_func)GetProcAddress(r2, "rel2_get"))();
    ok(*v1 == 100, "rel1 value %d\n", *v1);
    ok(*v2 == 200, "rel2 value %d\n", *v2);
    ok((BYTE *)v2 > (BYTE *)r2 && (BYTE *)v2 < (BYTE *)r2 + 0x100000, "relocated pointer %p outside %p\n", v2,
       r2);
    FreeLibrary(r1);
    FreeLibrary(r2);
}

__declspec(dllimport) int delay_value(void);

static void test_delay_load(void)
{
    ok(GetModuleHandleA("ldrdelay.dll") == NULL, "delay-loaded DLL loaded at start\n");
    ok(delay_value() == 99, "delay-loaded call failed\n");
    ok(GetModuleHandleA("ldrdelay.dll") != NULL, "delay-loaded DLL not loaded after the call\n");
}

static void test_missing(void)
{
    SetLastError(0xdeadbeef);
    HMODULE mod = LoadLibraryA("C:\\no\\such\\dir\\ldrexp.dll");
    ok(mod == NULL, "loaded from a missing directory\n");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND, "got error %lu\n",
       GetLastError());

    /* a text file is not an image */
    char path[MAX_PATH];
    GetModuleFileNameA(NULL, path, MAX_PATH);
    strcpy(strrchr(path, '\\') + 1, "ldrexp.def");
    SetLastError(0xdeadbeef);
    mod = LoadLibraryA(path);
    ok(mod == NULL, "loaded a text file\n");
    ok(GetLastError() == ERROR_BAD_EXE_FORMAT, "got error %lu\n", GetLastError());
}

static void test_full_path(void)
{
    char path[MAX_PATH];
    GetModuleFileNameA(NULL, path, MAX_PATH);
    strcpy(strrchr(path, '\\') + 1, "ldrexp.dll");
    HMODULE mod = LoadLibraryA(path);
    ok(mod != NULL, "cannot load %s: %lu\n", path, GetLastError());
    if (!mod)
        return;
    char name[MAX_PATH];
    DWORD len = GetModuleFileNameA(mod, name, MAX_PATH);
    ok(len == strlen(path) && !_stricmp(name, path), "name %s, loaded %s\n", name, path);
    ok(GetModuleHandleA(path) == mod, "GetModuleHandle by full path failed\n");
    ok(GetModuleHandleA("ldrexp") == mod, "GetModuleHandle by base name failed\n");
    FreeLibrary(mod);
}

static void test_datafile(void)
{
    HMODULE mod, mod2;

    /* no DllMain as data: ldrfail.dll's would fail the load */
    SetEnvironmentVariableA("ORIEL_LDRLOG", "");
    mod = LoadLibraryExA("ldrfail.dll", NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(mod != NULL, "cannot load ldrfail.dll as a data file: %lu\n", GetLastError());
    if (!mod)
        return;
    ok(((ULONG_PTR)mod & 3) == 1, "data file handle %p without the low bit\n", mod);
    ok(!strcmp(get_log(), ""), "DllMain called: %s\n", get_log());
    ok(GetModuleHandleA("ldrfail.dll") == NULL, "a data file is in the module list\n");
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)((ULONG_PTR)mod & ~(ULONG_PTR)3);
    ok(dos->e_magic == IMAGE_DOS_SIGNATURE, "no MZ header at %p\n", dos);
    SetLastError(0xdeadbeef);
    ok(FindResourceA(mod, MAKEINTRESOURCEA(1), MAKEINTRESOURCEA(10)) == NULL, "found a resource\n");
    ok(GetLastError() == ERROR_RESOURCE_DATA_NOT_FOUND || GetLastError() == ERROR_RESOURCE_TYPE_NOT_FOUND,
       "got error %lu\n", GetLastError());
    ok(FreeLibrary(mod), "FreeLibrary failed\n");

    mod2 = LoadLibraryExA("ldrfail.dll", NULL, LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    ok(mod2 != NULL && ((ULONG_PTR)mod2 & 3) == 2, "image resource handle %p\n", mod2);
    if (mod2)
        FreeLibrary(mod2);

    /* a module that is already loaded is returned as it is */
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    mod = LoadLibraryExA("kernel32.dll", NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(mod == k32, "kernel32 as data gave %p, module %p\n", mod, k32);
    if (mod)
        FreeLibrary(mod);
}

START_TEST(loader)
{
    test_datafile();
    test_exports();
    test_forwarders();
    test_tls_dll();
    test_tls_exe();
    test_init_order();
    test_failing_dllmain();
    test_relocation();
    test_delay_load();
    test_missing();
    test_full_path();
}
