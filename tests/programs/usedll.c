/* A program with its own DLLs: mydll.dll imported at load time (functions and data), and
 * dyndll.dll loaded at run time from the application's directory.  Checks exports by name, by
 * ordinal, NONAME and forwarded exports, reference counting of LoadLibrary/FreeLibrary, and the
 * order of DllMain notifications (process and thread attach/detach) that the DLLs print. */
#include <windows.h>
#include <stdio.h>

__declspec(dllimport) int mydll_add(int a, int b);
__declspec(dllimport) const char *mydll_greeting(void);
__declspec(dllimport) int mydll_calls;

typedef int (*add_fn)(int, int);
typedef int (*secret_fn)(int);
typedef DWORD(WINAPI *pid_fn)(void);

static const char *yes(int cond)
{
    return cond ? "yes" : "no";
}

static DWORD WINAPI thread_proc(void *arg)
{
    printf("thread: running, mydll_add(20, 22) = %d\n", mydll_add(20, 22));
    return 5;
}

static void run_thread(void)
{
    DWORD code = 0;
    HANDLE th = CreateThread(NULL, 0, thread_proc, NULL, 0, NULL);

    WaitForSingleObject(th, INFINITE);
    GetExitCodeThread(th, &code);
    CloseHandle(th);
    printf("main: thread exited with %lu\n", code);
}

int main(void)
{
    HMODULE mod, again, k32, dyn;
    add_fn add, add_by_ordinal, twice;
    secret_fn secret;
    pid_fn getpid_fwd;
    DWORD err;

    setvbuf(stdout, NULL, _IONBF, 0); /* interleave with the DLLs' direct writes */
    printf("main: start\n");
    printf("main: mydll_add(2, 3) = %d, greeting \"%s\"\n", mydll_add(2, 3), mydll_greeting());
    printf("main: imported data mydll_calls = %d\n", mydll_calls);

    mod = GetModuleHandleA("mydll.dll");
    again = LoadLibraryA("mydll.dll");
    printf("main: LoadLibraryA(mydll.dll) returns the loaded module: %s\n", yes(mod && again == mod));
    add = (add_fn)GetProcAddress(mod, "mydll_add");
    add_by_ordinal = (add_fn)GetProcAddress(mod, MAKEINTRESOURCEA(1));
    printf("main: by name is the import: %s, ordinal 1 is the same: %s\n", yes(add == mydll_add),
           yes(add_by_ordinal == add));
    secret = (secret_fn)GetProcAddress(mod, MAKEINTRESOURCEA(10));
    printf("main: NONAME ordinal 10: %s, result %d\n", secret ? "found" : "NULL", secret ? secret(4) : -1);
    SetLastError(0xdeadbeef);
    printf("main: NONAME by name: %s", GetProcAddress(mod, "mydll_secret") ? "found" : "NULL");
    err = GetLastError();
    printf(", error %lu\n", err);
    /* (the error code for a missing ordinal is not printed: Windows versions differ) */
    printf("main: ordinal 99, beyond the export table: %s\n",
           GetProcAddress(mod, MAKEINTRESOURCEA(99)) ? "found" : "NULL");
    k32 = GetModuleHandleA("kernel32.dll");
    getpid_fwd = (pid_fn)GetProcAddress(mod, "mydll_getpid");
    printf("main: forwarded export resolves to kernel32's: %s, works: %s\n",
           yes(getpid_fwd && (FARPROC)getpid_fwd == GetProcAddress(k32, "GetCurrentProcessId")),
           yes(getpid_fwd && getpid_fwd() == GetCurrentProcessId()));
    printf("main: FreeLibrary(mydll) (still imported): %s\n", yes(FreeLibrary(again)));
    printf("main: mydll still loaded: %s\n", yes(GetModuleHandleA("mydll.dll") == mod));

    printf("main: creating a thread\n");
    run_thread();

    printf("main: loading dyndll.dll\n");
    dyn = LoadLibraryA("dyndll.dll");
    printf("main: dyndll loaded: %s\n", yes(dyn != NULL));
    if (dyn) {
        twice = (add_fn)GetProcAddress(dyn, "dyndll_twice_sum");
        printf("main: dyndll_twice_sum(3, 4) = %d\n", twice ? twice(3, 4) : -1);
        printf("main: second LoadLibraryA(dyndll.dll) same: %s\n", yes(LoadLibraryA("dyndll.dll") == dyn));
        printf("main: creating a thread\n");
        run_thread();
        printf("main: FreeLibrary(dyndll) once: %s\n", yes(FreeLibrary(dyn)));
        printf("main: dyndll still loaded: %s\n", yes(GetModuleHandleA("dyndll.dll") == dyn));
        printf("main: FreeLibrary(dyndll) again\n");
        FreeLibrary(dyn);
        printf("main: dyndll unloaded: %s\n", yes(GetModuleHandleA("dyndll.dll") == NULL));
    }
    printf("main: mydll_calls = %d, returning 7\n", mydll_calls);
    return 7;
}
