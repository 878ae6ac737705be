/*
 * Named kernel objects: creation and opening by name within the process and from a child process
 * (`named.exe child MODE NAME`), ERROR_ALREADY_EXISTS, type mismatches (ERROR_INVALID_HANDLE), case-sensitive
 * names, the Local\ prefix, lifetime, and a named mutex abandoned by a child.
 */
#include "test.h"
#include <ctype.h>

#define WAIT_MS 5000

static char self_path[MAX_PATH];
static char names[4][64];

static void child_main(int argc, char **argv)
{
    const char *mode = argv[2], *name = argc > 3 ? argv[3] : "";
    HANDLE h;

    if (!strcmp(mode, "setevent")) {
        h = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
        ExitProcess(h ? (SetEvent(h) ? 0 : 2) : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "createevent")) {
        SetLastError(0xdeadbeef);
        h = CreateEventA(NULL, FALSE, FALSE, name);
        ExitProcess(h ? GetLastError() : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "createmutex")) {
        SetLastError(0xdeadbeef);
        h = CreateMutexA(NULL, FALSE, name);
        ExitProcess(h ? GetLastError() : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "releasesem")) {
        LONG prev = -1;
        h = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name);
        ExitProcess(h && ReleaseSemaphore(h, 2, &prev) ? (DWORD)prev : 0x100 + GetLastError());
    }
    if (!strcmp(mode, "abandon")) {
        /* take the named mutex and exit without releasing it */
        h = OpenMutexA(SYNCHRONIZE, FALSE, name);
        ExitProcess(h && WaitForSingleObject(h, WAIT_MS) == WAIT_OBJECT_0 ? 0 : 0x100 + GetLastError());
    }
    ExitProcess(255);
}

static DWORD run_child(const char *mode, const char *name)
{
    char cmd[MAX_PATH * 2];
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    DWORD code = (DWORD)-1;

    sprintf(cmd, "\"%s\" child %s %s", self_path, mode, name);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return (DWORD)-2;
    if (WaitForSingleObject(pi.hProcess, WAIT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi.hProcess, &code);
    else
        TerminateProcess(pi.hProcess, 1);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void test_same_process(void)
{
    const char *name = names[0];
    HANDLE ev, ev2, h;
    char lower[64];
    char *p;

    DWORD err;

    SetLastError(0xdeadbeef);
    ev = CreateEventA(NULL, TRUE, FALSE, name);
    err = GetLastError(); /* before the harness's first ok(), which may touch the last error */
    ok(ev != NULL, "CreateEvent failed %lu\n", err);
    ok(err == ERROR_SUCCESS, "new named event: error %lu\n", err);

    /* the second create opens the existing object; its other parameters are ignored */
    SetLastError(0xdeadbeef);
    ev2 = CreateEventA(NULL, FALSE, TRUE, name);
    ok(ev2 != NULL && ev2 != ev, "second CreateEvent failed\n");
    ok(GetLastError() == ERROR_ALREADY_EXISTS, "error %lu\n", GetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "bInitialState of the second create applied\n");
    SetEvent(ev2);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "not the same object\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "manual reset lost (second create's type applied)\n");
    ResetEvent(ev);

    h = OpenEventA(EVENT_ALL_ACCESS, FALSE, name);
    ok(h != NULL, "OpenEvent failed %lu\n", GetLastError());
    SetEvent(h);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "opened handle is another object\n");
    ResetEvent(ev);
    CloseHandle(h);

    /* another type under the same name */
    SetLastError(0xdeadbeef);
    ok(CreateMutexA(NULL, FALSE, name) == NULL, "CreateMutex over an event name succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "mutex: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 0, 1, name) == NULL, "CreateSemaphore over an event name succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "semaphore: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(CreateWaitableTimerA(NULL, FALSE, name) == NULL, "CreateWaitableTimer over an event name succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "timer: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(OpenMutexA(SYNCHRONIZE, FALSE, name) == NULL, "OpenMutex of an event succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "OpenMutex: error %lu\n", GetLastError());

    /* "The name comparison is case sensitive." */
    strcpy(lower, name);
    for (p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    SetLastError(0xdeadbeef);
    ok(OpenEventA(EVENT_ALL_ACCESS, FALSE, lower) == NULL, "name matched case-insensitively\n");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "error %lu\n", GetLastError());

    /* the Local\ prefix names the same session namespace */
    {
        char local[80];
        sprintf(local, "Local\\%s", name);
        h = OpenEventA(EVENT_ALL_ACCESS, FALSE, local);
        ok(h != NULL, "Local\\ prefix did not find the object (%lu)\n", GetLastError());
        CloseHandle(h);
    }
    SetLastError(0xdeadbeef);
    ok(CreateEventA(NULL, FALSE, FALSE, "oriel\\no\\such\\dir") == NULL, "name with backslashes succeeded\n");
    ok(GetLastError() == ERROR_PATH_NOT_FOUND, "error %lu\n", GetLastError());

    /* the object lives as long as a handle does */
    CloseHandle(ev);
    h = OpenEventA(SYNCHRONIZE, FALSE, name);
    ok(h != NULL, "object died with one of two handles\n");
    CloseHandle(h);
    CloseHandle(ev2);
    SetLastError(0xdeadbeef);
    ok(OpenEventA(SYNCHRONIZE, FALSE, name) == NULL, "object survived its last handle\n");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ev = CreateEventA(NULL, FALSE, FALSE, name);
    ok(ev != NULL && GetLastError() == ERROR_SUCCESS, "re-created name: error %lu\n", GetLastError());
    CloseHandle(ev);

    /* unnamed and empty names never collide */
    SetLastError(0xdeadbeef);
    ev = CreateEventA(NULL, FALSE, FALSE, "");
    ev2 = CreateEventA(NULL, FALSE, FALSE, "");
    ok(ev && ev2 && GetLastError() != ERROR_ALREADY_EXISTS, "empty names collided\n");
    SetEvent(ev);
    ok(WaitForSingleObject(ev2, 0) == WAIT_TIMEOUT, "two empty-named events are one object\n");
    CloseHandle(ev);
    CloseHandle(ev2);

    /* each type by name */
    {
        HANDLE m = CreateMutexA(NULL, FALSE, names[1]), m2;
        HANDLE s, s2, t, t2;
        LONG prev;
        SetLastError(0xdeadbeef);
        m2 = CreateMutexA(NULL, TRUE, names[1]);
        ok(m2 && GetLastError() == ERROR_ALREADY_EXISTS, "named mutex: error %lu\n", GetLastError());
        /* "If this value is TRUE and the caller created the mutex, the calling thread obtains initial
         * ownership": opening an existing one gives no ownership */
        SetLastError(0xdeadbeef);
        ok(!ReleaseMutex(m2), "bInitialOwner applied to an existing mutex\n");
        ok(GetLastError() == ERROR_NOT_OWNER, "error %lu\n", GetLastError());
        CloseHandle(m2);
        m2 = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, names[1]);
        ok(m2 != NULL, "OpenMutex failed\n");
        CloseHandle(m2);
        CloseHandle(m);

        s = CreateSemaphoreA(NULL, 1, 5, names[2]);
        SetLastError(0xdeadbeef);
        s2 = CreateSemaphoreA(NULL, 0, 1, names[2]);
        ok(s2 && GetLastError() == ERROR_ALREADY_EXISTS, "named semaphore: error %lu\n", GetLastError());
        ok(ReleaseSemaphore(s2, 4, &prev) && prev == 1, "existing semaphore's limits not kept (%ld)\n", prev);
        CloseHandle(s2);
        s2 = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, names[2]);
        ok(s2 != NULL, "OpenSemaphore failed\n");
        CloseHandle(s2);
        CloseHandle(s);

        t = CreateWaitableTimerA(NULL, TRUE, names[3]);
        SetLastError(0xdeadbeef);
        t2 = CreateWaitableTimerA(NULL, TRUE, names[3]);
        ok(t2 && GetLastError() == ERROR_ALREADY_EXISTS, "named timer: error %lu\n", GetLastError());
        CloseHandle(t2);
        t2 = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, names[3]);
        ok(t2 != NULL, "OpenWaitableTimer failed\n");
        CloseHandle(t2);
        CloseHandle(t);
    }
}

static void test_child_process(void)
{
    HANDLE ev, sem, mtx;
    DWORD code;
    LONG prev;

    ev = CreateEventA(NULL, TRUE, FALSE, names[0]);
    code = run_child("setevent", names[0]);
    ok(code == 0, "child could not open and set the event (%lx)\n", code);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "child's SetEvent not seen\n");
    code = run_child("createevent", names[0]);
    ok(code == ERROR_ALREADY_EXISTS, "child's CreateEvent: %lx, expected ERROR_ALREADY_EXISTS\n", code);
    code = run_child("createmutex", names[0]);
    ok(code == 0x100 + ERROR_INVALID_HANDLE, "child's CreateMutex over an event: %lx\n", code);
    CloseHandle(ev);

    /* once our last handle is gone the name is free again, also for the child */
    code = run_child("createevent", names[0]);
    ok(code == ERROR_SUCCESS, "child's CreateEvent of a free name: %lx\n", code);
    code = run_child("setevent", names[0]);
    ok(code == 0x100 + ERROR_FILE_NOT_FOUND, "child opened a destroyed event: %lx\n", code);

    sem = CreateSemaphoreA(NULL, 1, 10, names[2]);
    code = run_child("releasesem", names[2]);
    ok(code == 1, "child's ReleaseSemaphore previous count %lx\n", code);
    ok(ReleaseSemaphore(sem, 1, &prev) && prev == 3, "count %ld after the child's release of 2\n", prev);
    CloseHandle(sem);

    /* a named mutex whose owning process exits is abandoned */
    mtx = CreateMutexA(NULL, FALSE, names[1]);
    code = run_child("abandon", names[1]);
    ok(code == 0, "child could not take the mutex (%lx)\n", code);
    code = WaitForSingleObject(mtx, 0);
    ok(code == WAIT_ABANDONED, "mutex left by an exited process: %lu\n", code);
    if (code == WAIT_ABANDONED || code == WAIT_OBJECT_0)
        ReleaseMutex(mtx);
    CloseHandle(mtx);
}

START_TEST(named)
{
    if (test_argc >= 3 && !strcmp(test_argv[1], "child"))
        child_main(test_argc, test_argv);
    GetModuleFileNameA(NULL, self_path, sizeof(self_path));
    /* names unique to this run so that parallel runs do not collide */
    for (int i = 0; i < 4; i++)
        sprintf(names[i], "Oriel_Named_%d_%lu", i, GetCurrentProcessId());
    test_same_process();
    test_child_process();
}
