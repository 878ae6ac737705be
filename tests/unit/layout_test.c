/*
 * Structure layouts that cross the ABI must match 64-bit Windows exactly. The expected numbers are
 * the documented x64 offsets (Windows SDK headers / PE-COFF specification / public symbol layouts).
 */
#include <stdio.h>
#include <windows.h>
#include <winternl.h>

static int passed, failed;

static void check(const char *what, size_t got, size_t want)
{
    if (got == want) {
        passed++;
    } else {
        failed++;
        printf("layout: %s is 0x%zx, want 0x%zx\n", what, got, want);
    }
}

#define SIZE(type, want) check("sizeof(" #type ")", sizeof(type), want)
#define OFF(type, field, want) check("offsetof(" #type ", " #field ")", offsetof(type, field), want)

int main(void)
{
    SIZE(IMAGE_DOS_HEADER, 64);
    OFF(IMAGE_DOS_HEADER, e_lfanew, 0x3c);
    SIZE(IMAGE_FILE_HEADER, 20);
    SIZE(IMAGE_OPTIONAL_HEADER64, 240);
    OFF(IMAGE_OPTIONAL_HEADER64, ImageBase, 24);
    OFF(IMAGE_OPTIONAL_HEADER64, SizeOfStackReserve, 72);
    OFF(IMAGE_OPTIONAL_HEADER64, DataDirectory, 112);
    SIZE(IMAGE_OPTIONAL_HEADER32, 224);
    SIZE(IMAGE_NT_HEADERS64, 264);
    SIZE(IMAGE_SECTION_HEADER, 40);
    SIZE(IMAGE_EXPORT_DIRECTORY, 40);
    SIZE(IMAGE_IMPORT_DESCRIPTOR, 20);
    SIZE(IMAGE_TLS_DIRECTORY64, 40);
    SIZE(IMAGE_DELAYLOAD_DESCRIPTOR, 32);
    SIZE(IMAGE_BASE_RELOCATION, 8);
    SIZE(IMAGE_RESOURCE_DIRECTORY, 16);
    SIZE(IMAGE_RESOURCE_DATA_ENTRY, 16);
    SIZE(RUNTIME_FUNCTION, 12);

    SIZE(CONTEXT, 0x4d0);
    OFF(CONTEXT, ContextFlags, 0x30);
    OFF(CONTEXT, MxCsr, 0x34);
    OFF(CONTEXT, SegCs, 0x38);
    OFF(CONTEXT, EFlags, 0x44);
    OFF(CONTEXT, Dr0, 0x48);
    OFF(CONTEXT, Rax, 0x78);
    OFF(CONTEXT, Rsp, 0x98);
    OFF(CONTEXT, R8, 0xb8);
    OFF(CONTEXT, Rip, 0xf8);
    OFF(CONTEXT, FltSave, 0x100);
    OFF(CONTEXT, Xmm0, 0x1a0);
    OFF(CONTEXT, VectorRegister, 0x300);
    OFF(CONTEXT, VectorControl, 0x4a0);
    SIZE(XMM_SAVE_AREA32, 512);
    SIZE(EXCEPTION_RECORD, 0x98);
    OFF(EXCEPTION_RECORD, ExceptionInformation, 0x20);
    SIZE(MEMORY_BASIC_INFORMATION, 48);
    SIZE(RTL_CRITICAL_SECTION, 40);
    SIZE(RTL_CRITICAL_SECTION_DEBUG, 48);
    SIZE(LIST_ENTRY, 16);

    OFF(TEB, Tib.StackBase, 0x08);
    OFF(TEB, Tib.StackLimit, 0x10);
    OFF(TEB, Tib.Self, 0x30);
    OFF(TEB, ClientId, 0x40);
    OFF(TEB, ThreadLocalStoragePointer, 0x58);
    OFF(TEB, Peb, 0x60);
    OFF(TEB, LastErrorValue, 0x68);
    OFF(TEB, CurrentLocale, 0x108);
    OFF(TEB, LastStatusValue, 0x1250);
    OFF(TEB, DeallocationStack, 0x1478);
    OFF(TEB, TlsSlots, 0x1480);
    OFF(TEB, TlsLinks, 0x1680);
    OFF(TEB, TlsExpansionSlots, 0x1780);

    OFF(PEB, BeingDebugged, 0x02);
    OFF(PEB, ImageBaseAddress, 0x10);
    OFF(PEB, Ldr, 0x18);
    OFF(PEB, ProcessParameters, 0x20);
    OFF(PEB, ProcessHeap, 0x30);
    OFF(PEB, TlsBitmap, 0x78);
    OFF(PEB, NumberOfProcessors, 0xb8);
    OFF(PEB, NtGlobalFlag, 0xbc);
    OFF(PEB, NumberOfHeaps, 0xe8);
    OFF(PEB, ProcessHeaps, 0xf0);
    OFF(PEB, LoaderLock, 0x110);
    OFF(PEB, OSMajorVersion, 0x118);
    OFF(PEB, OSBuildNumber, 0x120);
    OFF(PEB, OSPlatformId, 0x124);
    OFF(PEB, ImageSubSystem, 0x128);
    OFF(PEB, TlsExpansionBitmap, 0x238);
    OFF(PEB, SessionId, 0x2c0);

    SIZE(PEB_LDR_DATA, 0x58);
    OFF(PEB_LDR_DATA, InLoadOrderModuleList, 0x10);
    OFF(PEB_LDR_DATA, InMemoryOrderModuleList, 0x20);
    OFF(PEB_LDR_DATA, InInitializationOrderModuleList, 0x30);
    OFF(LDR_DATA_TABLE_ENTRY, InMemoryOrderLinks, 0x10);
    OFF(LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks, 0x20);
    OFF(LDR_DATA_TABLE_ENTRY, DllBase, 0x30);
    OFF(LDR_DATA_TABLE_ENTRY, EntryPoint, 0x38);
    OFF(LDR_DATA_TABLE_ENTRY, SizeOfImage, 0x40);
    OFF(LDR_DATA_TABLE_ENTRY, FullDllName, 0x48);
    OFF(LDR_DATA_TABLE_ENTRY, BaseDllName, 0x58);
    OFF(LDR_DATA_TABLE_ENTRY, Flags, 0x68);
    OFF(LDR_DATA_TABLE_ENTRY, HashLinks, 0x70);

    OFF(RTL_USER_PROCESS_PARAMETERS, ConsoleHandle, 0x10);
    OFF(RTL_USER_PROCESS_PARAMETERS, StdInput, 0x20);
    OFF(RTL_USER_PROCESS_PARAMETERS, StdError, 0x30);
    OFF(RTL_USER_PROCESS_PARAMETERS, CurrentDirectory, 0x38);
    OFF(RTL_USER_PROCESS_PARAMETERS, DllPath, 0x50);
    OFF(RTL_USER_PROCESS_PARAMETERS, ImagePathName, 0x60);
    OFF(RTL_USER_PROCESS_PARAMETERS, CommandLine, 0x70);
    OFF(RTL_USER_PROCESS_PARAMETERS, Environment, 0x80);
    OFF(RTL_USER_PROCESS_PARAMETERS, WindowFlags, 0xa4);
    OFF(RTL_USER_PROCESS_PARAMETERS, WindowTitle, 0xb0);
    OFF(RTL_USER_PROCESS_PARAMETERS, DLCurrentDirectory, 0xf0);
    OFF(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize, 0x3f0);

    SIZE(UNICODE_STRING, 16);
    SIZE(OBJECT_ATTRIBUTES, 48);
    SIZE(IO_STATUS_BLOCK, 16);
    SIZE(STARTUPINFOA, 104);
    SIZE(STARTUPINFOW, 104);
    OFF(STARTUPINFOA, hStdInput, 80);
    SIZE(SYSTEM_INFO, 48);
    SIZE(SYSTEMTIME, 16);
    SIZE(SECURITY_ATTRIBUTES, 24);
    SIZE(OSVERSIONINFOEXW, 284);
    SIZE(LARGE_INTEGER, 8);
    SIZE(FILETIME, 8);
    SIZE(WCHAR, 2);
    SIZE(LONG, 4);
    SIZE(ULONG_PTR, 8);

    printf("layout: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
