/*
 * Processes: CreateProcessA/W of this executable in a child mode (`process.exe child MODE ...`), command
 * line and application name resolution, environment blocks, current directory, std handle redirection
 * through anonymous pipes, handle inheritance, CREATE_SUSPENDED, exit codes, TerminateProcess, OpenProcess,
 * ExitProcess with other threads running and DuplicateHandle across processes.
 */
#include "test.h"

#define WAIT_MS 5000

static char self_path[MAX_PATH];

/* ---- child side: every mode ends in ExitProcess so the harness never prints a summary ---- */

static void child_write(HANDLE h, const char *text)
{
    DWORD written;
    WriteFile(h, text, (DWORD)strlen(text), &written, NULL);
}

static DWORD WINAPI child_sleeping_thread(void *param)
{
    Sleep(INFINITE);
    return 0;
}

static DWORD WINAPI child_spinning_thread(void *param)
{
    for (;;)
        InterlockedIncrement((LONG *)param);
    return 0;
}

static void child_main(int argc, char **argv)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    const char *mode = argv[2];
    char buf[MAX_PATH * 2];

    if (!strcmp(mode, "exit") && argc > 3)
        ExitProcess(strtoul(argv[3], NULL, 0));
    if (!strcmp(mode, "print") && argc > 3) {
        child_write(out, argv[3]);
        ExitProcess(0);
    }
    if (!strcmp(mode, "stderr") && argc > 3) {
        child_write(GetStdHandle(STD_ERROR_HANDLE), argv[3]);
        ExitProcess(0);
    }
    if (!strcmp(mode, "cmdline")) {
        child_write(out, GetCommandLineA());
        ExitProcess(0);
    }
    if (!strcmp(mode, "cmdlinew")) {
        /* report the UTF-16 command line as UTF-8 so the parent compares both views */
        WideCharToMultiByte(CP_UTF8, 0, GetCommandLineW(), -1, buf, sizeof(buf), NULL, NULL);
        child_write(out, buf);
        ExitProcess(0);
    }
    if (!strcmp(mode, "env") && argc > 3) {
        if (!GetEnvironmentVariableA(argv[3], buf, sizeof(buf)))
            strcpy(buf, "<unset>");
        child_write(out, buf);
        ExitProcess(0);
    }
    if (!strcmp(mode, "cwd")) {
        GetCurrentDirectoryA(sizeof(buf), buf);
        child_write(out, buf);
        ExitProcess(0);
    }
    if (!strcmp(mode, "setevent") && argc > 3) {
        /* the handle value comes from the parent: valid here only if it was inherited */
        HANDLE h = (HANDLE)(ULONG_PTR)strtoull(argv[3], NULL, 16);
        ExitProcess(SetEvent(h) ? 0 : GetLastError());
    }
    if (!strcmp(mode, "handleinfo") && argc > 3) {
        HANDLE h = (HANDLE)(ULONG_PTR)strtoull(argv[3], NULL, 16);
        DWORD flags = 0xdeadbeef;
        ExitProcess(GetHandleInformation(h, &flags) ? flags : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "sleep")) {
        Sleep(30000);
        ExitProcess(1);
    }
    if (!strcmp(mode, "exitthread"))
        ExitThread(17); /* the last thread: the process ends with the thread's code */
    if (!strcmp(mode, "exitthreads")) {
        static LONG counter;
        CreateThread(NULL, 0, child_sleeping_thread, NULL, 0, NULL);
        CreateThread(NULL, 0, child_spinning_thread, &counter, 0, NULL);
        while (!counter)
            Sleep(1);
        ExitProcess(5);
    }
    if (!strcmp(mode, "dupwait")) {
        /* print an unnamed event's handle value; the parent duplicates it out of this process (closing
         * it here) and sets it. The wait uses a second handle: closing a handle that a wait is using is
         * undefined. */
        HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), ev2 = NULL;
        DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &ev2, 0, FALSE, DUPLICATE_SAME_ACCESS);
        sprintf(buf, "%Ix", (ULONG_PTR)ev);
        child_write(out, buf);
        CloseHandle(out);
        ExitProcess(WaitForSingleObject(ev2, WAIT_MS) == WAIT_OBJECT_0 ? 0 : 1);
    }
    if (!strcmp(mode, "readhandle")) {
        /* the parent duplicated an event into this process and writes its value to our stdin */
        DWORD got = 0;
        memset(buf, 0, sizeof(buf));
        if (!ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof(buf) - 1, &got, NULL))
            ExitProcess(2);
        ExitProcess(SetEvent((HANDLE)(ULONG_PTR)strtoull(buf, NULL, 16)) ? 0 : 3);
    }
    ExitProcess(255);
}

/* ---- parent side ---- */

struct capture {
    HANDLE rd;
    char *buf;
    DWORD size, total;
};

/* Reads a pipe until the last writer is gone: ReadFile then fails with ERROR_BROKEN_PIPE. */
static DWORD WINAPI capture_thread(void *param)
{
    struct capture *c = param;
    DWORD got;
    while (c->total + 1 < c->size && ReadFile(c->rd, c->buf + c->total, c->size - 1 - c->total, &got, NULL) &&
           got)
        c->total += got;
    c->buf[c->total] = 0;
    return 0;
}

/* Captures a pipe's output on a helper thread so that a pipe that never breaks cannot hang the test. */
static HANDLE start_capture(struct capture *c, HANDLE rd, char *buf, DWORD size)
{
    c->rd = rd;
    c->buf = buf;
    c->size = size;
    c->total = 0;
    buf[0] = 0;
    return CreateThread(NULL, 0, capture_thread, c, 0, NULL);
}

static void finish_capture(HANDLE th)
{
    if (WaitForSingleObject(th, WAIT_MS) != WAIT_OBJECT_0) {
        ok(0, "the child's output pipe was not broken by its exit\n");
        TerminateThread(th, 1);
        WaitForSingleObject(th, WAIT_MS);
    }
    CloseHandle(th);
}

/* Runs `cmdline` with stdout and stderr on a pipe; returns the exit code (or -1 on timeout, -2 when
 * CreateProcess fails, leaving its last error). */
static DWORD run_child_ex(const char *app, char *cmdline, DWORD flags, void *env, const char *cwd,
                          char *output, DWORD output_size)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    struct capture cap;
    HANDLE rd, wr, reader = NULL;
    DWORD code = (DWORD)-1, err;

    if (!CreatePipe(&rd, &wr, &sa, 0))
        return (DWORD)-1;
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    if (!CreateProcessA(app, cmdline, NULL, NULL, TRUE, flags, env, cwd, &si, &pi)) {
        err = GetLastError();
        CloseHandle(rd);
        CloseHandle(wr);
        SetLastError(err);
        return (DWORD)-2;
    }
    CloseHandle(wr);
    if (output)
        reader = start_capture(&cap, rd, output, output_size);
    if (WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi.hProcess, &code);
    else
        TerminateProcess(pi.hProcess, 1);
    if (reader)
        finish_capture(reader);
    CloseHandle(rd);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static DWORD run_child(const char *args, char *output, DWORD output_size)
{
    char cmd[MAX_PATH * 2];
    sprintf(cmd, "\"%s\" child %s", self_path, args);
    return run_child_ex(NULL, cmd, 0, NULL, NULL, output, output_size);
}

static void test_exit_code_and_output(void)
{
    char out[512];
    DWORD code;

    ok(run_child("exit 42", NULL, 0) == 42, "child exit code not 42\n");
    ok(run_child("exit 0xc0000005", NULL, 0) == 0xc0000005, "32-bit exit code not preserved\n");
    code = run_child("print hello-from-child", out, sizeof(out));
    ok(code == 0, "print child exit code %lu\n", code);
    ok(!strcmp(out, "hello-from-child"), "captured stdout '%s'\n", out);
    code = run_child("stderr on-stderr", out, sizeof(out));
    ok(code == 0 && !strcmp(out, "on-stderr"), "captured stderr '%s' (code %lu)\n", out, code);
}

static void test_command_line(void)
{
    char cmd[MAX_PATH * 3], out[MAX_PATH * 2], noext[MAX_PATH], dir[MAX_PATH], spaced[MAX_PATH], *p;
    WCHAR cmdw[MAX_PATH * 3];
    STARTUPINFOW siw = {sizeof(siw)};
    PROCESS_INFORMATION pi;
    DWORD code;

    /* the child sees the command line exactly as given */
    sprintf(cmd, "\"%s\" child cmdline  extra\targ", self_path);
    strcpy(out, "");
    code = run_child_ex(NULL, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, cmd), "command line '%s', expected '%s'\n", out, cmd);

    /* an explicit application name runs that file whatever the command line's first token says */
    strcpy(cmd, "not-a-program child cmdline");
    code = run_child_ex(self_path, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, "not-a-program child cmdline"), "app name + cmdline: '%s'\n", out);

    /* the module name in the command line gets ".exe" appended when it has no extension */
    strcpy(noext, self_path);
    p = strrchr(noext, '.');
    ok(p && !_stricmp(p, ".exe"), "own path %s\n", self_path);
    *p = 0;
    sprintf(cmd, "\"%s\" child exit 4", noext);
    ok(run_child_ex(NULL, cmd, 0, NULL, NULL, NULL, 0) == 4, "'.exe' not appended to '%s'\n", noext);

    /* "lpApplicationName ... must include the file name extension; no default extension is assumed" */
    sprintf(cmd, "x child exit 4");
    SetLastError(0xdeadbeef);
    code = run_child_ex(noext, cmd, 0, NULL, NULL, NULL, 0);
    ok(code == (DWORD)-2, "application name without extension ran (%ld)\n", code);
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "error %lu\n", GetLastError());

    /* a bare module name is found in the directory the parent was loaded from */
    p = strrchr(self_path, '\\');
    sprintf(cmd, "%s child exit 7", p + 1);
    GetTempPathA(sizeof(dir), dir);
    ok(run_child_ex(NULL, cmd, 0, NULL, dir, NULL, 0) == 7, "'%s' not found in the application directory\n",
       cmd);

    /* paths with spaces: quoted, and unquoted (then each space-separated prefix is tried in turn) */
    GetTempPathA(sizeof(dir), dir);
    strcat(dir, "oriel proc test");
    CreateDirectoryA(dir, NULL);
    sprintf(spaced, "%s\\child prog.exe", dir);
    ok(CopyFileA(self_path, spaced, FALSE), "CopyFile failed %lu\n", GetLastError());
    sprintf(cmd, "\"%s\" child exit 5", spaced);
    ok(run_child_ex(NULL, cmd, 0, NULL, NULL, NULL, 0) == 5, "quoted path with spaces failed\n");
    sprintf(cmd, "%s child exit 6", spaced);
    ok(run_child_ex(NULL, cmd, 0, NULL, NULL, NULL, 0) == 6, "unquoted path with spaces failed\n");
    sprintf(cmd, "\"%s\" child cmdline", spaced);
    code = run_child_ex(spaced, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, cmd), "spaced app name: '%s'\n", out);

    /* CreateProcessW; the UTF-16 and ANSI command lines of the child agree */
    swprintf(cmdw, MAX_PATH * 3, L"\"%hs\" child exit 8", self_path);
    ok(CreateProcessW(NULL, cmdw, NULL, NULL, FALSE, 0, NULL, NULL, &siw, &pi), "CreateProcessW failed %lu\n",
       GetLastError());
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "child did not exit\n");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 8, "CreateProcessW child code %lu\n", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    sprintf(cmd, "\"%s\" child cmdlinew", self_path);
    code = run_child_ex(NULL, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, cmd), "GetCommandLineW in the child: '%s'\n", out);

    DeleteFileA(spaced);
    RemoveDirectoryA(dir);
}

static void test_environment(void)
{
    static const char env_a[] = "ORIEL_A=alpha\0ORIEL_B=beta gamma\0";
    static const WCHAR env_w[] = L"ORIEL_W=wide\0ORIEL_A=from unicode\0";
    char cmd[MAX_PATH * 2], out[MAX_PATH];
    DWORD code;

    sprintf(cmd, "\"%s\" child env ORIEL_B", self_path);
    code = run_child_ex(NULL, cmd, 0, (void *)env_a, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, "beta gamma"), "ANSI environment block: '%s'\n", out);
    sprintf(cmd, "\"%s\" child env ORIEL_INHERITED", self_path);
    run_child_ex(NULL, cmd, 0, (void *)env_a, NULL, out, sizeof(out));
    ok(!strcmp(out, "<unset>"), "an explicit block still inherited a variable: '%s'\n", out);

    sprintf(cmd, "\"%s\" child env ORIEL_A", self_path);
    code = run_child_ex(NULL, cmd, CREATE_UNICODE_ENVIRONMENT, (void *)env_w, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, "from unicode"), "Unicode environment block: '%s'\n", out);

    /* NULL: the child inherits the parent's current environment */
    SetEnvironmentVariableA("ORIEL_INHERITED", "yes please");
    sprintf(cmd, "\"%s\" child env ORIEL_INHERITED", self_path);
    code = run_child_ex(NULL, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !strcmp(out, "yes please"), "inherited environment: '%s'\n", out);
    SetEnvironmentVariableA("ORIEL_INHERITED", NULL);
}

static void test_current_directory(void)
{
    char dir[MAX_PATH], cmd[MAX_PATH * 2], out[MAX_PATH], mine[MAX_PATH];
    size_t len;
    DWORD code;

    GetTempPathA(sizeof(dir), dir);
    len = strlen(dir);
    if (len > 3 && dir[len - 1] == '\\')
        dir[len - 1] = 0;
    sprintf(cmd, "\"%s\" child cwd", self_path);
    code = run_child_ex(NULL, cmd, 0, NULL, dir, out, sizeof(out));
    ok(code == 0 && !_stricmp(out, dir), "child directory '%s', expected '%s'\n", out, dir);

    GetCurrentDirectoryA(sizeof(mine), mine);
    code = run_child_ex(NULL, cmd, 0, NULL, NULL, out, sizeof(out));
    ok(code == 0 && !_stricmp(out, mine), "inherited directory '%s', expected '%s'\n", out, mine);

    SetLastError(0xdeadbeef);
    code = run_child_ex(NULL, cmd, 0, NULL, "C:\\no\\such\\oriel\\dir", NULL, 0);
    ok(code == (DWORD)-2, "CreateProcess with a missing directory succeeded\n");
    ok(GetLastError() == ERROR_DIRECTORY, "error %lu\n", GetLastError());
}

static DWORD run_with_inherit(HANDLE h, const char *mode, BOOL inherit)
{
    char cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    DWORD code = (DWORD)-1;

    sprintf(cmd, "\"%s\" child %s %Ix", self_path, mode, (ULONG_PTR)h);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, &pi))
        return (DWORD)-2;
    if (WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi.hProcess, &code);
    else
        TerminateProcess(pi.hProcess, 1);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void test_inheritance(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE inh = CreateEventA(&sa, TRUE, FALSE, NULL);
    HANDLE priv = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD code;

    /* an inheritable handle has the same value in the child when bInheritHandles is TRUE */
    code = run_with_inherit(inh, "setevent", TRUE);
    ok(code == 0, "child could not use the inherited handle (%lu)\n", code);
    ok(WaitForSingleObject(inh, 0) == WAIT_OBJECT_0, "the child's SetEvent did not reach our event\n");
    code = run_with_inherit(inh, "handleinfo", TRUE);
    ok(code == HANDLE_FLAG_INHERIT, "inherited handle flags %lx in the child\n", code);
    ResetEvent(inh);

    /* not inherited without bInheritHandles, nor when the handle itself is not inheritable */
    code = run_with_inherit(inh, "setevent", FALSE);
    ok(code != 0, "handle inherited with bInheritHandles FALSE\n");
    ok(WaitForSingleObject(inh, 0) == WAIT_TIMEOUT, "event set by a child that should not have it\n");
    code = run_with_inherit(priv, "setevent", TRUE);
    ok(code != 0, "non-inheritable handle inherited\n");
    ok(WaitForSingleObject(priv, 0) == WAIT_TIMEOUT, "event set by a child that should not have it\n");

    /* SetHandleInformation makes an existing handle inheritable */
    ok(SetHandleInformation(priv, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT), "SetHandleInformation failed\n");
    code = run_with_inherit(priv, "setevent", TRUE);
    ok(code == 0, "handle made inheritable was not inherited (%lu)\n", code);
    ok(WaitForSingleObject(priv, 0) == WAIT_OBJECT_0, "event not set by the child\n");
    CloseHandle(inh);
    CloseHandle(priv);
}

static void test_suspended_and_flags(void)
{
    char cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    DWORD code;

    sprintf(cmd, "\"%s\" child exit 9", self_path);
    ok(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi),
       "CreateProcess suspended failed %lu\n", GetLastError());
    ok(pi.dwProcessId && pi.dwThreadId && pi.hProcess && pi.hThread, "PROCESS_INFORMATION incomplete\n");
    ok(GetProcessId(pi.hProcess) == pi.dwProcessId, "GetProcessId %lu vs %lu\n", GetProcessId(pi.hProcess),
       pi.dwProcessId);
    ok(GetThreadId(pi.hThread) == pi.dwThreadId, "GetThreadId of the main thread\n");
    ok(WaitForSingleObject(pi.hProcess, 200) == WAIT_TIMEOUT, "suspended child exited\n");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "suspended child code %lu\n", code);
    ok(ResumeThread(pi.hThread) == 1, "main thread suspend count was not 1\n");
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "resumed child did not exit\n");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 9, "child code %lu\n", code);
    /* the main thread's exit code is the process's */
    ok(WaitForSingleObject(pi.hThread, WAIT_MS) == WAIT_OBJECT_0, "main thread handle not signalled\n");
    ok(GetExitCodeThread(pi.hThread, &code) && code == 9, "main thread code %lu\n", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* a process that never ran can be terminated; its exit code is the one given */
    ok(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi),
       "CreateProcess suspended failed %lu\n", GetLastError());
    ok(TerminateProcess(pi.hProcess, 44), "TerminateProcess of a suspended process failed\n");
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0,
       "terminated suspended child not signalled\n");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 44, "terminated suspended child code %lu\n", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(NULL, &code), "GetExitCodeProcess(NULL) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());

    /* Process Creation Flags: DETACHED_PROCESS "cannot be used with the CREATE_NEW_CONSOLE flag"; Windows
     * rejects the pair with ERROR_INVALID_PARAMETER. Wine 8.0 starts the process anyway (broken). */
    SetLastError(0xdeadbeef);
    BOOL ret = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, DETACHED_PROCESS | CREATE_NEW_CONSOLE, NULL, NULL,
                              &si, &pi);
    ok((!ret && GetLastError() == ERROR_INVALID_PARAMETER) || broken(ret),
       "DETACHED_PROCESS | CREATE_NEW_CONSOLE: ret %d error %lu\n", ret, GetLastError());
    if (ret) {
        WaitForSingleObject(pi.hProcess, WAIT_MS);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }

    SetLastError(0xdeadbeef);
    strcpy(cmd, "C:\\no\\such\\program_oriel.exe");
    ok(!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "missing program started\n");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND, "error %lu\n",
       GetLastError());
}

static void test_terminate_open(void)
{
    char cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    HANDLE h, hq;
    DWORD code, start;

    sprintf(cmd, "\"%s\" child sleep", self_path);
    ok(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "CreateProcess failed\n");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "running child code %lu\n", code);

    h = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                    pi.dwProcessId);
    ok(h != NULL, "OpenProcess failed %lu\n", GetLastError());
    ok(GetProcessId(h) == pi.dwProcessId, "OpenProcess handle for pid %lu\n", GetProcessId(h));
    hq = OpenProcess(SYNCHRONIZE, FALSE, pi.dwProcessId);
    ok(hq != NULL, "OpenProcess(SYNCHRONIZE) failed\n");
    SetLastError(0xdeadbeef);
    ok(!TerminateProcess(hq, 1), "TerminateProcess without PROCESS_TERMINATE succeeded\n");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu\n", GetLastError());

    start = GetTickCount();
    ok(TerminateProcess(h, 123), "TerminateProcess failed %lu\n", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "terminated child not signalled\n");
    ok(WaitForSingleObject(hq, 0) == WAIT_OBJECT_0, "OpenProcess handle not signalled\n");
    ok(GetTickCount() - start < 3000, "termination took %lu ms\n", GetTickCount() - start);
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 123, "terminated code %lu\n", code);
    CloseHandle(h);
    CloseHandle(hq);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    SetLastError(0xdeadbeef);
    ok(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0) == NULL, "OpenProcess(0) succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    h = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());
    ok(h != NULL && GetProcessId(h) == GetCurrentProcessId(), "OpenProcess of self failed\n");
    CloseHandle(h);
    ok(GetProcessId(GetCurrentProcess()) == GetCurrentProcessId(), "GetProcessId of the pseudo handle\n");
    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess() is %p\n", GetCurrentProcess());

    /* "If the thread is the last thread in the process when this function is called, the thread's process
     * is also terminated": ExitThread of the only thread, exit code included */
    ok(run_child("exitthread", NULL, 0) == 17, "ExitThread of the last thread\n");

    /* ExitProcess ends the process even while other threads run or sleep */
    start = GetTickCount();
    ok(run_child("exitthreads", NULL, 0) == 5, "ExitProcess with running threads\n");
    ok(GetTickCount() - start < WAIT_MS, "ExitProcess took %lu ms\n", GetTickCount() - start);
}

static void test_duplicate_across(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    char cmd[MAX_PATH * 2], out[64];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    HANDLE rd, wr, ev, mine, remote, dup2;
    DWORD got, code, total = 0;

    /* from the child to us: the child prints the value of its own event handle */
    CreatePipe(&rd, &wr, &sa, 0);
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = wr;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    sprintf(cmd, "\"%s\" child dupwait", self_path);
    ok(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi), "CreateProcess failed\n");
    CloseHandle(wr);
    /* the child keeps running after printing (it waits for its event): read what it printed, bounded */
    {
        DWORD start = GetTickCount(), avail = 0;
        while (GetTickCount() - start < WAIT_MS && PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL) && !avail)
            Sleep(10);
        if (avail && ReadFile(rd, out, sizeof(out) - 1, &got, NULL))
            total = got;
    }
    out[total] = 0;
    CloseHandle(rd);
    remote = (HANDLE)(ULONG_PTR)strtoull(out, NULL, 16);
    ok(remote != NULL, "child printed '%s'\n", out);
    mine = NULL;
    ok(DuplicateHandle(pi.hProcess, remote, GetCurrentProcess(), &mine, 0, FALSE,
                       DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
       "DuplicateHandle from the child failed %lu\n", GetLastError());
    /* DUPLICATE_CLOSE_SOURCE closed the child's handle (the child, blocked in its wait, allocates none) */
    dup2 = NULL;
    SetLastError(0xdeadbeef);
    ok(!DuplicateHandle(pi.hProcess, remote, GetCurrentProcess(), &dup2, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "the child's handle survived DUPLICATE_CLOSE_SOURCE\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    /* the child waits through a second handle of its own, which keeps the event alive */
    ok(mine != NULL && SetEvent(mine), "SetEvent on the duplicated handle failed\n");
    if (!ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "child did not exit\n"))
        TerminateProcess(pi.hProcess, 1);
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "child did not see its event set (%lu)\n", code);
    CloseHandle(mine);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    /* from us into the child: the value travels through the child's stdin */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    CreatePipe(&rd, &wr, &sa, 0);
    SetHandleInformation(wr, HANDLE_FLAG_INHERIT, 0);
    si.hStdInput = rd;
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    sprintf(cmd, "\"%s\" child readhandle", self_path);
    ok(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi), "CreateProcess failed\n");
    CloseHandle(rd);
    remote = NULL;
    ok(DuplicateHandle(GetCurrentProcess(), ev, pi.hProcess, &remote, EVENT_MODIFY_STATE, FALSE, 0),
       "DuplicateHandle into the child failed %lu\n", GetLastError());
    sprintf(out, "%Ix", (ULONG_PTR)remote);
    ok(WriteFile(wr, out, (DWORD)strlen(out), &got, NULL), "WriteFile to the child's stdin failed\n");
    CloseHandle(wr);
    if (!ok(WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0, "child did not exit\n"))
        TerminateProcess(pi.hProcess, 1);
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "child could not set the event (%lu)\n", code);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not set through the child's duplicate\n");
    CloseHandle(ev);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

START_TEST(process)
{
    if (test_argc >= 3 && !strcmp(test_argv[1], "child"))
        child_main(test_argc, test_argv);
    GetModuleFileNameA(NULL, self_path, sizeof(self_path));

    test_exit_code_and_output();
    test_command_line();
    test_environment();
    test_current_directory();
    test_inheritance();
    test_suspended_and_flags();
    test_terminate_open();
    test_duplicate_across();
}
