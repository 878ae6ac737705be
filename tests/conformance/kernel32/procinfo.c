/*
 * Processes, second part: what a parent learns about its children (GetExitCodeProcess,
 * NtQueryInformationProcess(ProcessBasicInformation), priority classes), what the
 * child learns from its STARTUPINFO, waits on several process handles, and CreateProcess refusing files
 * that are not programs. The child mode is `procinfo.exe child MODE ...`.
 */
#include "test.h"
#include <winternl.h>

#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#endif

#define WAIT_MS 5000

static char self_path[MAX_PATH];

typedef NTSTATUS(WINAPI *query_process_fn)(HANDLE, PROCESSINFOCLASS, PVOID, ULONG, PULONG);
static query_process_fn pNtQueryInformationProcess;

static void child_main(int argc, char **argv)
{
    const char *mode = argv[2];
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    char buf[512];
    DWORD written;

    if (!strcmp(mode, "exit") && argc > 3)
        ExitProcess(strtoul(argv[3], NULL, 0));
    if (!strcmp(mode, "wait")) {
        /* ends when the parent closes the write end of our stdin */
        ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof(buf), &written, NULL);
        ExitProcess(3);
    }
    if (!strcmp(mode, "startup")) {
        STARTUPINFOA si;
        GetStartupInfoA(&si);
        sprintf(buf, "flags=%lx show=%u title=%s x=%lu y=%lu", si.dwFlags, si.wShowWindow,
                si.lpTitle ? si.lpTitle : "(null)", si.dwX, si.dwY);
        WriteFile(out, buf, (DWORD)strlen(buf), &written, NULL);
        ExitProcess(0);
    }
    if (!strcmp(mode, "parent")) {
        PROCESS_BASIC_INFORMATION pbi;
        NTSTATUS status =
            pNtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi, sizeof(pbi), NULL);
        sprintf(buf, "%lx %Iu %Iu", status, pbi.UniqueProcessId, pbi.InheritedFromUniqueProcessId);
        WriteFile(out, buf, (DWORD)strlen(buf), &written, NULL);
        ExitProcess(0);
    }
    ExitProcess(255);
}

/* Starts `procinfo.exe child ARGS` with stdout on a pipe (returned in *rd) and, when stdin_wr is not
 * NULL, stdin on another pipe whose write end goes to *stdin_wr. */
static BOOL start_child(const char *args, STARTUPINFOA *si_in, DWORD flags, PROCESS_INFORMATION *pi,
                        HANDLE *rd, HANDLE *stdin_wr)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si = {sizeof(si)};
    char cmd[MAX_PATH * 2];
    HANDLE wr, in_rd = NULL;
    BOOL ret;

    if (si_in)
        si = *si_in;
    CreatePipe(rd, &wr, &sa, 0);
    SetHandleInformation(*rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags |= STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = wr;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    if (stdin_wr) {
        CreatePipe(&in_rd, stdin_wr, &sa, 0);
        SetHandleInformation(*stdin_wr, HANDLE_FLAG_INHERIT, 0);
        si.hStdInput = in_rd;
    }
    sprintf(cmd, "\"%s\" child %s", self_path, args);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, flags, NULL, NULL, &si, pi);
    CloseHandle(wr);
    if (in_rd)
        CloseHandle(in_rd);
    return ret;
}

static void read_all(HANDLE rd, char *buf, DWORD size)
{
    DWORD total = 0, got;
    while (total + 1 < size && ReadFile(rd, buf + total, size - 1 - total, &got, NULL) && got)
        total += got;
    buf[total] = 0;
}

static void test_basic_information(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    PROCESS_INFORMATION pi;
    HANDLE rd, in_wr;
    NTSTATUS status;
    char out[256], expect[64];
    DWORD code;
    ULONG len;

    if (!pNtQueryInformationProcess) {
        skip("no NtQueryInformationProcess\n");
        return;
    }
    ok(start_child("wait", NULL, 0, &pi, &rd, &in_wr), "CreateProcess failed %lu\n", GetLastError());
    memset(&pbi, 0xcc, sizeof(pbi));
    status = pNtQueryInformationProcess(pi.hProcess, ProcessBasicInformation, &pbi, sizeof(pbi), &len);
    ok(!status, "status %lx\n", status);
    ok(len == sizeof(pbi), "len %lu\n", len);
    ok(pbi.UniqueProcessId == pi.dwProcessId, "pid %Iu, expected %lu\n", pbi.UniqueProcessId, pi.dwProcessId);
    ok(pbi.InheritedFromUniqueProcessId == GetCurrentProcessId(), "parent %Iu, expected %lu\n",
       pbi.InheritedFromUniqueProcessId, GetCurrentProcessId());
    ok(pbi.ExitStatus == STILL_ACTIVE, "running child's ExitStatus %lx\n", pbi.ExitStatus);
    status = pNtQueryInformationProcess(pi.hProcess, ProcessBasicInformation, &pbi, sizeof(pbi) - 1, &len);
    ok(status == STATUS_INFO_LENGTH_MISMATCH, "short buffer: status %lx\n", status);

    CloseHandle(in_wr); /* the child's ReadFile fails: it exits with 3 */
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "child did not exit\n");
    status = pNtQueryInformationProcess(pi.hProcess, ProcessBasicInformation, &pbi, sizeof(pbi), NULL);
    ok(!status && pbi.ExitStatus == 3, "status %lx, exit status %lx\n", status, pbi.ExitStatus);
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 3, "exit code %lu\n", code);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* the child sees us as its parent */
    ok(start_child("parent", NULL, 0, &pi, &rd, NULL), "CreateProcess failed %lu\n", GetLastError());
    read_all(rd, out, sizeof(out));
    sprintf(expect, "0 %lu %lu", pi.dwProcessId, GetCurrentProcessId());
    ok(!strcmp(out, expect), "child says '%s', expected '%s'\n", out, expect);
    WaitForSingleObject(pi.hProcess, WAIT_MS);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void test_priority_class(void)
{
    PROCESS_INFORMATION pi;
    HANDLE rd, in_wr;

    ok(GetPriorityClass(GetCurrentProcess()) == NORMAL_PRIORITY_CLASS, "own class %lx\n",
       GetPriorityClass(GetCurrentProcess()));
    ok(start_child("wait", NULL, 0, &pi, &rd, &in_wr), "CreateProcess failed %lu\n", GetLastError());
    ok(GetPriorityClass(pi.hProcess) == NORMAL_PRIORITY_CLASS, "child class %lx\n",
       GetPriorityClass(pi.hProcess));
    ok(SetPriorityClass(pi.hProcess, BELOW_NORMAL_PRIORITY_CLASS), "SetPriorityClass failed %lu\n",
       GetLastError());
    ok(GetPriorityClass(pi.hProcess) == BELOW_NORMAL_PRIORITY_CLASS, "child class %lx\n",
       GetPriorityClass(pi.hProcess));
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(pi.hProcess, 0x12345), "invalid class accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetPriorityClass(NULL), "GetPriorityClass(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(in_wr);
    WaitForSingleObject(pi.hProcess, WAIT_MS);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* CreateProcess: dwCreationFlags "also control the new process's priority class". Wine 8.0 leaves
     * the child at NORMAL_PRIORITY_CLASS (broken). */
    ok(start_child("wait", NULL, IDLE_PRIORITY_CLASS, &pi, &rd, &in_wr), "CreateProcess failed %lu\n",
       GetLastError());
    ok(GetPriorityClass(pi.hProcess) == IDLE_PRIORITY_CLASS ||
           broken(GetPriorityClass(pi.hProcess) == NORMAL_PRIORITY_CLASS),
       "child class %lx\n", GetPriorityClass(pi.hProcess));
    CloseHandle(in_wr);
    WaitForSingleObject(pi.hProcess, WAIT_MS);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void test_startup_info(void)
{
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char out[256];
    HANDLE rd;

    si.dwFlags = STARTF_USESHOWWINDOW | STARTF_USEPOSITION;
    si.wShowWindow = SW_HIDE;
    si.dwX = 12;
    si.dwY = 34;
    si.lpTitle = (char *)"oriel title";
    ok(start_child("startup", &si, CREATE_NO_WINDOW, &pi, &rd, NULL), "CreateProcess failed %lu\n",
       GetLastError());
    read_all(rd, out, sizeof(out));
    ok(!strcmp(out, "flags=105 show=0 title=oriel title x=12 y=34"), "child's startup info '%s'\n", out);
    WaitForSingleObject(pi.hProcess, WAIT_MS);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void test_wait_many(void)
{
    PROCESS_INFORMATION pi[3];
    HANDLE rd[3], handles[3];
    char args[32];
    DWORD code, ret;
    int i;

    for (i = 0; i < 3; i++) {
        sprintf(args, "exit %d", 20 + i);
        ok(start_child(args, NULL, 0, &pi[i], &rd[i], NULL), "CreateProcess %d failed %lu\n", i,
           GetLastError());
        handles[i] = pi[i].hProcess;
    }
    ret = WaitForMultipleObjects(3, handles, TRUE, WAIT_MS);
    ok(ret == WAIT_OBJECT_0, "WaitForMultipleObjects(all) returned %lu\n", ret);
    for (i = 0; i < 3; i++) {
        ok(GetExitCodeProcess(pi[i].hProcess, &code) && code == 20 + i, "child %d code %lu\n", i, code);
        CloseHandle(rd[i]);
        CloseHandle(pi[i].hThread);
    }
    for (i = 0; i < 3; i++)
        CloseHandle(pi[i].hProcess);

    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(NULL, &code), "GetExitCodeProcess(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    ok(GetExitCodeProcess(GetCurrentProcess(), &code) && code == STILL_ACTIVE, "own exit code %lu\n", code);
}

static void test_not_a_program(void)
{
    char path[MAX_PATH], dir[MAX_PATH], cmd[MAX_PATH + 8];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    DWORD written;
    HANDLE f;
    BOOL ret;

    GetTempPathA(sizeof(dir), dir);
    sprintf(path, "%soriel_notexe.exe", dir);
    f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "CreateFile failed %lu\n", GetLastError());
    WriteFile(f, "this is not a program\r\n", 23, &written, NULL);
    CloseHandle(f);
    sprintf(cmd, "\"%s\"", path);
    SetLastError(0xdeadbeef);
    ret = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
    ok(!ret, "a text file started as a program\n");
    ok(GetLastError() == ERROR_BAD_EXE_FORMAT, "error %lu\n", GetLastError());
    if (ret) {
        WaitForSingleObject(pi.hProcess, WAIT_MS);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    DeleteFileA(path);
}

static ULONGLONG ft64(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static void test_times(void)
{
    FILETIME create, exit_ft, kernel, user, now_ft;
    PROCESS_INFORMATION pi;
    ULONGLONG now;
    HANDLE rd;
    volatile DWORD spin = 0;
    DWORD start = GetTickCount();

    while (GetTickCount() - start < 50) /* some user time to report */
        spin++;
    GetSystemTimeAsFileTime(&now_ft);
    now = ft64(&now_ft);
    ok(GetProcessTimes(GetCurrentProcess(), &create, &exit_ft, &kernel, &user),
       "GetProcessTimes failed %lu\n", GetLastError());
    ok(ft64(&create) <= now && ft64(&create) > now - 3600ULL * 10000000, "creation time %I64u, now %I64u\n",
       ft64(&create), now);
    ok(ft64(&user) + ft64(&kernel) > 0, "no CPU time used\n");

    ok(start_child("exit 0", NULL, 0, &pi, &rd, NULL), "CreateProcess failed %lu\n", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "child did not exit\n");
    GetSystemTimeAsFileTime(&now_ft);
    ok(GetProcessTimes(pi.hProcess, &create, &exit_ft, &kernel, &user),
       "GetProcessTimes of the child failed %lu\n", GetLastError());
    ok(ft64(&create) >= now - 10000000 && ft64(&create) <= ft64(&exit_ft),
       "child created %I64u, exited %I64u\n", ft64(&create), ft64(&exit_ft));
    ok(ft64(&exit_ft) <= ft64(&now_ft) + 10000000, "child exited %I64u after now %I64u\n", ft64(&exit_ft),
       ft64(&now_ft));
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    SetLastError(0xdeadbeef);
    ok(!GetProcessTimes(NULL, &create, &exit_ft, &kernel, &user), "GetProcessTimes(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
}

static void test_image_name(void)
{
    char name[MAX_PATH], module[MAX_PATH];
    DWORD size = sizeof(name), len;

    len = GetModuleFileNameA(NULL, module, sizeof(module));
    ok(QueryFullProcessImageNameA(GetCurrentProcess(), 0, name, &size),
       "QueryFullProcessImageNameA failed %lu\n", GetLastError());
    ok(size == len && !_stricmp(name, module), "image '%s' (%lu), module '%s' (%lu)\n", name, size, module,
       len);
    size = 3;
    SetLastError(0xdeadbeef);
    ok(!QueryFullProcessImageNameA(GetCurrentProcess(), 0, name, &size), "tiny buffer accepted\n");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
}

START_TEST(procinfo)
{
    pNtQueryInformationProcess =
        (query_process_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryInformationProcess");
    if (test_argc >= 3 && !strcmp(test_argv[1], "child"))
        child_main(test_argc, test_argv);
    GetModuleFileNameA(NULL, self_path, sizeof(self_path));

    test_basic_information();
    test_priority_class();
    test_startup_info();
    test_wait_many();
    test_not_a_program();
    test_times();
    test_image_name();
}
