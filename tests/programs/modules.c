/* Module APIs as programs use them to find themselves and to bind functions at run time:
 * GetModuleFileNameA, GetModuleHandleA/ExA, LoadLibraryA, GetProcAddress, FreeLibrary, and the PE
 * headers and export directory a module handle points at (the same for builtin and native DLLs). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

typedef DWORD(WINAPI *pid_fn)(void);

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return lx <= ls && _stricmp(s + ls - lx, suffix) == 0;
}

static const char *yes(int cond)
{
    return cond ? "yes" : "no";
}

/* Look a name up in a module's export directory by hand, as some programs and protectors do. */
static void *find_export(HMODULE mod, const char *name)
{
    BYTE *base = (BYTE *)mod;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    IMAGE_EXPORT_DIRECTORY *exp;
    DWORD *names, *funcs;
    WORD *ords;

    if (!dir->VirtualAddress)
        return NULL;
    exp = (IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
    names = (DWORD *)(base + exp->AddressOfNames);
    funcs = (DWORD *)(base + exp->AddressOfFunctions);
    ords = (WORD *)(base + exp->AddressOfNameOrdinals);
    for (DWORD i = 0; i < exp->NumberOfNames; i++)
        if (!strcmp((char *)base + names[i], name))
            return base + funcs[ords[i]];
    return NULL;
}

int main(void)
{
    char path[MAX_PATH], small[8];
    HMODULE exe, k32, k32b, k32c, lib, from_addr;
    IMAGE_DOS_HEADER *dos;
    IMAGE_NT_HEADERS *nt;
    pid_fn fn;
    DWORD len, err;

    len = GetModuleFileNameA(NULL, path, sizeof(path));
    printf("GetModuleFileNameA(NULL): length matches: %s, ends with modules.exe: %s, absolute: %s\n",
           yes(len == strlen(path)), yes(ends_with_nocase(path, "\\modules.exe")),
           yes(len > 3 && path[1] == ':' && path[2] == '\\'));

    exe = GetModuleHandleA(NULL);
    dos = (IMAGE_DOS_HEADER *)exe;
    nt = (IMAGE_NT_HEADERS *)((BYTE *)exe + dos->e_lfanew);
    printf("GetModuleHandleA(NULL): MZ: %s, PE: %s, x64: %s, exe: %s\n",
           yes(dos->e_magic == IMAGE_DOS_SIGNATURE), yes(nt->Signature == IMAGE_NT_SIGNATURE),
           yes(nt->FileHeader.Machine == IMAGE_FILE_MACHINE_AMD64),
           yes(!(nt->FileHeader.Characteristics & IMAGE_FILE_DLL)));
    printf("entry point inside the image: %s\n",
           yes(nt->OptionalHeader.AddressOfEntryPoint < nt->OptionalHeader.SizeOfImage));
    from_addr = NULL;
    printf("GetModuleHandleExA(FROM_ADDRESS, main): %s\n",
           yes(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                      GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                  (LPCSTR)main, &from_addr) &&
               from_addr == exe));

    k32 = GetModuleHandleA("kernel32.dll");
    k32b = GetModuleHandleA("KERNEL32");
    printf("GetModuleHandleA(kernel32.dll): %s, without extension and upper case: same: %s\n",
           k32 ? "found" : "NULL", yes(k32b == k32));
    len = GetModuleFileNameA(k32, path, sizeof(path));
    printf("kernel32 file name ends with \\system32\\kernel32.dll: %s\n",
           yes(len && ends_with_nocase(path, "\\system32\\kernel32.dll")));
    dos = (IMAGE_DOS_HEADER *)k32;
    nt = (IMAGE_NT_HEADERS *)((BYTE *)k32 + dos->e_lfanew);
    printf("kernel32 headers: MZ: %s, PE: %s, DLL: %s\n", yes(dos->e_magic == IMAGE_DOS_SIGNATURE),
           yes(nt->Signature == IMAGE_NT_SIGNATURE), yes(nt->FileHeader.Characteristics & IMAGE_FILE_DLL));

    k32c = LoadLibraryA("kernel32.dll");
    printf("LoadLibraryA(kernel32.dll) returns the same handle: %s\n", yes(k32c == k32));
    fn = (pid_fn)GetProcAddress(k32c, "GetCurrentProcessId");
    printf("GetProcAddress(GetCurrentProcessId): %s, call agrees: %s\n", fn ? "found" : "NULL",
           yes(fn && fn() == GetCurrentProcessId()));
    printf("export directory lookup agrees with GetProcAddress: %s\n",
           yes(find_export(k32, "GetCurrentProcessId") == (void *)fn));
    printf("GetProcAddress(LoadLibraryA) is the imported function: %s\n",
           yes(GetProcAddress(k32, "LoadLibraryA") == (FARPROC)LoadLibraryA));

    SetLastError(0xdeadbeef);
    fn = (pid_fn)GetProcAddress(k32, "NoSuchFunctionAnywhere");
    err = GetLastError();
    printf("GetProcAddress(missing): %s, error %lu\n", fn ? "found" : "NULL", err);
    SetLastError(0xdeadbeef);
    lib = GetModuleHandleA("oriel_missing_module.dll");
    err = GetLastError();
    printf("GetModuleHandleA(missing.dll): %s, error %lu\n", lib ? "found" : "NULL", err);
    SetLastError(0xdeadbeef);
    lib = LoadLibraryA("oriel_missing_module.dll");
    err = GetLastError();
    printf("LoadLibraryA(missing.dll): %s, error %lu\n", lib ? "loaded" : "NULL", err);

    SetLastError(0xdeadbeef);
    len = GetModuleFileNameA(NULL, small, sizeof(small));
    err = GetLastError();
    /* Windows XP left the error alone; later versions set ERROR_INSUFFICIENT_BUFFER.  Whether the
     * truncated name is terminated differs between Windows (terminated) and Wine 8 (not): not printed. */
    printf("GetModuleFileNameA with an 8-byte buffer: returned %lu, error %lu\n", len, err);

    printf("FreeLibrary(kernel32): %s\n", yes(FreeLibrary(k32c)));
    printf("kernel32 still loaded: %s\n", yes(GetModuleHandleA("kernel32.dll") == k32));

    lib = LoadLibraryA("msvcrt.dll");
    printf("LoadLibraryA(msvcrt.dll): %s, has printf: %s, same as imported: %s\n", lib ? "loaded" : "NULL",
           yes(lib && GetProcAddress(lib, "printf")), yes(lib == GetModuleHandleA("msvcrt")));
    if (lib)
        FreeLibrary(lib);
    return 0;
}
