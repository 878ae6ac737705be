/*
 * Conformance tests for the command line (GetCommandLineA/W). The runner passes no arguments, so these
 * check the structure: the first token names this program, A and W agree, and the PEB holds the same
 * string.
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

/* End of the first token as CommandLineToArgvW splits it: quoted up to the next quote, or up to
 * the first space or tab. */
static const WCHAR *skip_argv0(const WCHAR *cmd)
{
    if (*cmd == '"') {
        cmd++;
        while (*cmd && *cmd != '"')
            cmd++;
        if (*cmd == '"')
            cmd++;
    } else {
        while (*cmd && *cmd != ' ' && *cmd != '\t')
            cmd++;
    }
    return cmd;
}

/* The other start-up data a process gets: startup info and its identity. */
static void test_startup_info(void)
{
    STARTUPINFOA sa;
    STARTUPINFOW sw;
    BYTE *teb = (BYTE *)read_gs(0x30);

    memset(&sa, 0xcc, sizeof(sa));
    GetStartupInfoA(&sa);
    ok(sa.cb == sizeof(sa), "cb %lu\n", sa.cb);
    ok(sa.lpReserved == NULL || broken(sa.lpReserved != NULL), "lpReserved %p\n", sa.lpReserved);
    memset(&sw, 0xcc, sizeof(sw));
    GetStartupInfoW(&sw);
    ok(sw.cb == sizeof(sw), "cb %lu\n", sw.cb);
    ok(sw.dwFlags == sa.dwFlags, "flags differ: %#lx %#lx\n", sw.dwFlags, sa.dwFlags);
    ok(sw.wShowWindow == sa.wShowWindow, "wShowWindow differs\n");
    ok((sw.lpTitle == NULL) == (sa.lpTitle == NULL), "title %p %p\n", sw.lpTitle, sa.lpTitle);
    if (sw.lpTitle && sa.lpTitle) {
        char title[MAX_PATH * 2];
        WideCharToMultiByte(CP_ACP, 0, sw.lpTitle, -1, title, sizeof(title), NULL, NULL);
        ok(!strcmp(title, sa.lpTitle), "titles differ: %s / %s\n", title, sa.lpTitle);
    }

    ok(GetCurrentProcess() == (HANDLE) ~(ULONG_PTR)0, "GetCurrentProcess %p\n", GetCurrentProcess());
    ok(GetCurrentThread() == (HANDLE) ~(ULONG_PTR)1, "GetCurrentThread %p\n", GetCurrentThread());
    ok(GetCurrentProcessId() == (DWORD) * (ULONG_PTR *)(teb + 0x40), "process id %lu, TEB %lu\n",
       GetCurrentProcessId(), (DWORD) * (ULONG_PTR *)(teb + 0x40));
    ok(GetCurrentThreadId() == (DWORD) * (ULONG_PTR *)(teb + 0x48), "thread id %lu\n", GetCurrentThreadId());
    ok(GetCurrentProcessId() != 0 && GetCurrentThreadId() != 0, "zero ids\n");
    ok(GetCurrentProcessId() % 4 == 0 && GetCurrentThreadId() % 4 == 0, "ids %lu %lu not multiples of 4\n",
       GetCurrentProcessId(), GetCurrentThreadId());
    /* the TEB's stack fields describe the stack we run on */
    NT_TIB *tib = (NT_TIB *)teb;
    BYTE *sp = (BYTE *)&tib;
    ok(sp < (BYTE *)tib->StackBase && sp >= (BYTE *)tib->StackLimit, "stack %p not in %p-%p\n", sp,
       tib->StackLimit, tib->StackBase);
    ok(tib->Self == tib, "Self %p\n", tib->Self);
}

START_TEST(cmdline)
{
    test_startup_info();

    WCHAR *cmdW = GetCommandLineW();
    char *cmdA = GetCommandLineA();
    WCHAR argv0[MAX_PATH], module[MAX_PATH];
    char converted[1024];
    BYTE *peb = (BYTE *)read_gs(0x60);
    RTL_USER_PROCESS_PARAMETERS *params = *(RTL_USER_PROCESS_PARAMETERS **)(peb + 0x20);

    ok(cmdW != NULL && cmdA != NULL, "no command line\n");
    if (!cmdW || !cmdA)
        return;
    ok(GetCommandLineW() == cmdW, "GetCommandLineW returns a new pointer each time\n");
    ok(GetCommandLineA() == cmdA, "GetCommandLineA returns a new pointer each time\n");
    ok(params->CommandLine.Buffer == cmdW, "not the PEB's command line\n");
    ok(params->CommandLine.Length == wcslen(cmdW) * sizeof(WCHAR), "length %u\n", params->CommandLine.Length);

    WideCharToMultiByte(CP_ACP, 0, cmdW, -1, converted, sizeof(converted), NULL, NULL);
    ok(!strcmp(converted, cmdA), "A %s, W %s\n", cmdA, converted);

    const WCHAR *end = skip_argv0(cmdW);
    const WCHAR *start = cmdW[0] == '"' ? cmdW + 1 : cmdW;
    size_t len = end - start - (cmdW[0] == '"' ? 1 : 0);
    ok(len > 0 && len < MAX_PATH, "first token length %u\n", (unsigned)len);
    memcpy(argv0, start, len * sizeof(WCHAR));
    argv0[len] = 0;
    ok((len >= 11 && !_wcsicmp(argv0 + len - 11, L"cmdline.exe")) ||
           (len >= 7 && !_wcsicmp(argv0 + len - 7, L"cmdline")),
       "first token %ls does not name the program\n", argv0);

    /* no arguments from the runner: only spaces may follow the program name */
    while (*end == ' ' || *end == '\t')
        end++;
    if (test_argc == 1)
        ok(*end == 0, "unexpected arguments %ls\n", end);
    else
        trace("started with %d arguments: %ls\n", test_argc - 1, end);

    GetModuleFileNameW(NULL, module, MAX_PATH);
    ok(module[1] == ':' && module[2] == '\\', "module path %ls\n", module);
    ok(!_wcsicmp(params->ImagePathName.Buffer, module), "ImagePathName %ls, module %ls\n",
       params->ImagePathName.Buffer, module);
}
