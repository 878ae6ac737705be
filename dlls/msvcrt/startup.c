/*
 * Start-up and shut-down of the CRT (process.h, stdlib.h exit functions, signal.h), the CRT locks,
 * DllMain. mingw-w64's start-up code calls __set_app_type, __getmainargs, _initterm and friends before
 * main and exit() after it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

static int init_done, init_started;
static pthread_mutex_t init_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/* Runs once, from DllMain(PROCESS_ATTACH) or from the first CRT call that needs process state,
 * whichever comes first (builtin DLLs may be entered before their DllMain has run). Other threads wait
 * on the lock; the initialising thread itself may re-enter and then sees a partial state, by design. */
void msvcrt_ensure_init(void)
{
    if (__atomic_load_n(&init_done, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&init_lock);
    if (!init_started) {
        init_started = 1;
        msvcrt_init_clock();
        msvcrt_init_io();
        msvcrt_init_stdio();
        msvcrt_init_cmdline();
        msvcrt_init_environ();
        __atomic_store_n(&init_done, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&init_lock);
}

BOOL WINAPI msvcrt_DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        msvcrt_ensure_init();
        break;
    case DLL_PROCESS_DETACH:
        /* ExitProcess from anywhere: buffered output must still reach its file. */
        if (init_done)
            msvcrt_flush_all_streams();
        break;
    }
    return TRUE;
}

/* ---- locks ---- */

static pthread_mutex_t crt_locks[MSVCRT_LOCK_MAX] = {
    [0 ... MSVCRT_LOCK_MAX - 1] = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,
};

void CDECL MSVCRT__lock(int locknum)
{
    if (locknum < 0 || locknum >= MSVCRT_LOCK_MAX) {
        ERR("bad lock number %d\n", locknum);
        return;
    }
    pthread_mutex_lock(&crt_locks[locknum]);
}

void CDECL MSVCRT__unlock(int locknum)
{
    if (locknum < 0 || locknum >= MSVCRT_LOCK_MAX)
        return;
    pthread_mutex_unlock(&crt_locks[locknum]);
}

/* ---- application type, math errors ---- */

static int app_type;
typedef int(CDECL *matherr_func)(void *exception);
static matherr_func user_matherr;

void CDECL MSVCRT___set_app_type(int type)
{
    app_type = type;
}

void CDECL MSVCRT___setusermatherr(matherr_func func)
{
    user_matherr = func;
}

/* ---- initializer tables ---- */

typedef void(CDECL *vfunc)(void);
typedef int(CDECL *ifunc)(void);

void CDECL MSVCRT__initterm(vfunc *start, vfunc *end)
{
    msvcrt_ensure_init();
    for (; start < end; start++)
        if (*start)
            (*start)();
}

int CDECL MSVCRT__initterm_e(ifunc *start, ifunc *end)
{
    msvcrt_ensure_init();
    for (; start < end; start++) {
        if (*start) {
            int r = (*start)();
            if (r)
                return r;
        }
    }
    return 0;
}

/* ---- exit handlers ---- */

typedef int(CDECL *onexit_func)(void);
static onexit_func *exit_table;
static size_t exit_count, exit_cap;

onexit_func CDECL MSVCRT__onexit(onexit_func func)
{
    if (!func)
        return NULL;
    MSVCRT__lock(MSVCRT_LOCK_EXIT);
    if (exit_count == exit_cap) {
        size_t cap = exit_cap ? exit_cap * 2 : 32;
        onexit_func *t = MSVCRT_realloc(exit_table, cap * sizeof(*t));
        if (!t) {
            MSVCRT__unlock(MSVCRT_LOCK_EXIT);
            return NULL;
        }
        exit_table = t;
        exit_cap = cap;
    }
    exit_table[exit_count++] = func;
    MSVCRT__unlock(MSVCRT_LOCK_EXIT);
    return func;
}

int CDECL MSVCRT_atexit(vfunc func)
{
    return MSVCRT__onexit((onexit_func)func) ? 0 : -1;
}

/* For DLLs with their own table: *start..*end is a malloc'ed array the CRT grows. */
onexit_func CDECL MSVCRT___dllonexit(onexit_func func, onexit_func **start, onexit_func **end)
{
    if (!start || !end || !func)
        return NULL;
    size_t len = *end - *start;
    onexit_func *t = MSVCRT_realloc(*start, (len + 1) * sizeof(*t));
    if (!t)
        return NULL;
    t[len] = func;
    *start = t;
    *end = t + len + 1;
    return func;
}

static void run_exit_handlers(void)
{
    MSVCRT__lock(MSVCRT_LOCK_EXIT);
    while (exit_count) {
        onexit_func f = exit_table[--exit_count];
        MSVCRT__unlock(MSVCRT_LOCK_EXIT);
        f();
        MSVCRT__lock(MSVCRT_LOCK_EXIT);
    }
    MSVCRT__unlock(MSVCRT_LOCK_EXIT);
}

void CDECL MSVCRT__cexit(void)
{
    run_exit_handlers();
    msvcrt_flush_all_streams();
}

void CDECL MSVCRT__c_exit(void)
{
    /* no handlers, no flushing: the caller keeps running */
}

DECLSPEC_NORETURN void CDECL MSVCRT_exit(int code)
{
    TRACE("(%d)\n", code);
    MSVCRT__cexit();
    ExitProcess(code);
}

DECLSPEC_NORETURN void CDECL MSVCRT__exit(int code)
{
    ExitProcess(code);
}

static void write_stderr(const char *msg)
{
    MSVCRT__write(2, msg, strlen(msg));
}

DECLSPEC_NORETURN void CDECL MSVCRT__amsg_exit(int errnum)
{
    static const struct {
        int num;
        const char *text;
    } msgs[] = {
        {2, "floating point support not loaded"},
        {8, "not enough space for arguments"},
        {9, "not enough space for environment"},
        {10, "abnormal program termination"},
        {16, "unable to initialize heap"},
        {24, "pure virtual function call"},
        {25, "not enough space for _onexit/atexit table"},
        {27, "unexpected multithread lock error"},
        {28, "unexpected heap error"},
    };
    char buf[160];
    const char *text = "runtime error";
    for (size_t i = 0; i < ARRAY_SIZE(msgs); i++)
        if (msgs[i].num == errnum)
            text = msgs[i].text;
    snprintf(buf, sizeof(buf), "\nruntime error R60%02d\n- %s\n", errnum, text);
    write_stderr(buf);
    ExitProcess(255);
}

/* ---- signals ---- */

#define MS_SIGINT 2
#define MS_SIGILL 4
#define MS_SIGFPE 8
#define MS_SIGSEGV 11
#define MS_SIGTERM 15
#define MS_SIGBREAK 21
#define MS_SIGABRT 22
#define MS_SIGABRT_COMPAT 6
#define MS_SIG_DFL ((sighandler_t)0)
#define MS_SIG_IGN ((sighandler_t)1)
#define MS_SIG_ERR ((sighandler_t)-1)

typedef void(CDECL *sighandler_t)(int);
static sighandler_t sig_handlers[23];

static int valid_signal(int sig)
{
    switch (sig) {
    case MS_SIGINT:
    case MS_SIGILL:
    case MS_SIGFPE:
    case MS_SIGSEGV:
    case MS_SIGTERM:
    case MS_SIGBREAK:
    case MS_SIGABRT:
    case MS_SIGABRT_COMPAT:
        return 1;
    }
    return 0;
}

sighandler_t CDECL MSVCRT_signal(int sig, sighandler_t handler)
{
    if (!valid_signal(sig) || handler == MS_SIG_ERR) {
        msvcrt_errno = MSVCRT_EINVAL;
        return MS_SIG_ERR;
    }
    if (sig == MS_SIGABRT_COMPAT)
        sig = MS_SIGABRT;
    if (sig == MS_SIGINT || sig == MS_SIGBREAK)
        FIXME_ONCE("console control events do not raise signal %d yet\n", sig);
    sighandler_t old = sig_handlers[sig];
    sig_handlers[sig] = handler;
    return old;
}

int CDECL MSVCRT_raise(int sig)
{
    if (!valid_signal(sig)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return -1;
    }
    if (sig == MS_SIGABRT_COMPAT)
        sig = MS_SIGABRT;
    sighandler_t h = sig_handlers[sig];
    if (h == MS_SIG_IGN)
        return 0;
    if (h == MS_SIG_DFL) {
        if (sig == MS_SIGABRT)
            MSVCRT__exit(3);
        MSVCRT__exit(sig == MS_SIGINT || sig == MS_SIGBREAK ? 0xc000013a : 3);
    }
    /* handlers are reset to the default before they run, as on Windows (not for SIGFPE's caller state) */
    sig_handlers[sig] = MS_SIG_DFL;
    h(sig);
    return 0;
}

DECLSPEC_NORETURN void CDECL MSVCRT_abort(void)
{
    write_stderr("\nThis application has requested the Runtime to terminate it in an unusual way.\n"
                 "Please contact the application's support team for more information.\n");
    MSVCRT_raise(MS_SIGABRT);
    MSVCRT__exit(3);
}

/* Exception filter of the start-up code: turns hardware exceptions into the signals a program
 * installed handlers for. */
int CDECL MSVCRT__XcptFilter(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    int sig;
    switch (code) {
    case 0xc0000005:
        sig = MS_SIGSEGV;
        break; /* EXCEPTION_ACCESS_VIOLATION */
    case 0xc000001d:
    case 0xc0000096:
        sig = MS_SIGILL;
        break;
    case 0xc000008d:
    case 0xc000008e:
    case 0xc000008f:
    case 0xc0000090:
    case 0xc0000091:
    case 0xc0000092:
    case 0xc0000093:
    case 0xc00002b4:
    case 0xc00002b5:
        sig = MS_SIGFPE;
        break;
    default:
        return 0; /* EXCEPTION_CONTINUE_SEARCH */
    }
    sighandler_t h = sig_handlers[sig];
    if (h == MS_SIG_DFL)
        return 0;
    if (h == MS_SIG_IGN)
        return -1; /* EXCEPTION_CONTINUE_EXECUTION */
    if (sig != MS_SIGFPE)
        sig_handlers[sig] = MS_SIG_DFL;
    h(sig);
    return -1;
}

int CDECL MSVCRT___CppXcptFilter(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    if (code != 0xe06d7363) /* only the C++ exception is handled by the C++ filter */
        return MSVCRT__XcptFilter(code, ptrs);
    return 0;
}

/* ---- invalid parameter handler ---- */

typedef void(CDECL *invalid_param_handler)(const WCHAR *, const WCHAR *, const WCHAR *, unsigned int,
                                           uintptr_t);
static invalid_param_handler invalid_handler;

invalid_param_handler CDECL MSVCRT__set_invalid_parameter_handler(invalid_param_handler handler)
{
    invalid_param_handler old = invalid_handler;
    invalid_handler = handler;
    return old;
}

invalid_param_handler CDECL MSVCRT__get_invalid_parameter_handler(void)
{
    return invalid_handler;
}

void CDECL MSVCRT__invalid_parameter(const WCHAR *expr, const WCHAR *func, const WCHAR *file,
                                     unsigned int line, uintptr_t arg)
{
    if (invalid_handler) {
        invalid_handler(expr, func, file, line, arg);
        return;
    }
    ERR("invalid parameter detected: %s in %s\n", debugstr_w(expr), debugstr_w(func));
    TerminateProcess(GetCurrentProcess(), 0xc0000417); /* STATUS_INVALID_CRUNTIME_PARAMETER */
}

/* ---- process, threads ---- */

int CDECL MSVCRT__getpid(void)
{
    return GetCurrentProcessId();
}

/* Thread creation is looked up at run time: kernel32's CreateThread arrives with the threads work, and
 * until then _beginthread(ex) fails cleanly instead of keeping msvcrt from loading. */
typedef HANDLE(WINAPI *create_thread_func)(void *, SIZE_T, LPTHREAD_START_ROUTINE, void *, DWORD, DWORD *);
typedef void(WINAPI *exit_thread_func)(DWORD);
typedef DWORD(WINAPI *resume_thread_func)(HANDLE);

static void *kernel32_func(const char *name)
{
    static const WCHAR kernel32W[] = {'k', 'e', 'r', 'n', 'e', 'l', '3', '2', '.', 'd', 'l', 'l', 0};
    HMODULE mod = GetModuleHandleW(kernel32W);
    return mod ? (void *)GetProcAddress(mod, name) : NULL;
}

static DECLSPEC_NORETURN void exit_thread(DWORD code)
{
    exit_thread_func p = (exit_thread_func)kernel32_func("ExitThread");
    if (p)
        p(code);
    ERR("ExitThread is not available\n");
    ExitProcess(code);
}

struct thread_start {
    unsigned int(CDECL *func)(void *);
    void(CDECL *func_simple)(void *);
    void *arg;
    HANDLE handle; /* _beginthread: the thread closes its own handle */
};

static DWORD WINAPI thread_trampoline(void *p)
{
    struct thread_start ts = *(struct thread_start *)p;
    MSVCRT_free(p);
    if (ts.func)
        return ts.func(ts.arg);
    ts.func_simple(ts.arg);
    CloseHandle(ts.handle);
    return 0;
}

static HANDLE start_thread(struct thread_start *ts, void *security, unsigned int stack, unsigned int flags,
                           unsigned int *tid)
{
    create_thread_func create = (create_thread_func)kernel32_func("CreateThread");
    DWORD id;
    if (!create) {
        FIXME_ONCE("CreateThread is not available yet: threads cannot be started\n");
        msvcrt_errno = MSVCRT_EAGAIN;
        MSVCRT_free(ts);
        return NULL;
    }
    HANDLE h = create(security, stack, thread_trampoline, ts, flags, &id);
    if (!h) {
        msvcrt_set_errno(GetLastError());
        MSVCRT_free(ts);
        return NULL;
    }
    if (tid)
        *tid = id;
    return h;
}

uintptr_t CDECL MSVCRT__beginthreadex(void *security, unsigned int stack, unsigned int(CDECL *start)(void *),
                                      void *arg, unsigned int flags, unsigned int *tid)
{
    if (!start) {
        msvcrt_errno = MSVCRT_EINVAL;
        return 0;
    }
    struct thread_start *ts = MSVCRT_calloc(1, sizeof(*ts));
    if (!ts)
        return 0;
    ts->func = start;
    ts->arg = arg;
    return (uintptr_t)start_thread(ts, security, stack, flags, tid);
}

DECLSPEC_NORETURN void CDECL MSVCRT__endthreadex(unsigned int code)
{
    exit_thread(code);
}

uintptr_t CDECL MSVCRT__beginthread(void(CDECL *start)(void *), unsigned int stack, void *arg)
{
    if (!start) {
        msvcrt_errno = MSVCRT_EINVAL;
        return (uintptr_t)-1;
    }
    struct thread_start *ts = MSVCRT_calloc(1, sizeof(*ts));
    if (!ts)
        return (uintptr_t)-1;
    ts->func_simple = start;
    ts->arg = arg;
    /* suspended, so that the handle is stored before the thread can close it */
    HANDLE h = start_thread(ts, NULL, stack, CREATE_SUSPENDED, NULL);
    if (!h)
        return (uintptr_t)-1;
    ts->handle = h;
    resume_thread_func resume = (resume_thread_func)kernel32_func("ResumeThread");
    if (resume)
        resume(h);
    return (uintptr_t)h;
}

DECLSPEC_NORETURN void CDECL MSVCRT__endthread(void)
{
    exit_thread(0);
}

void CDECL MSVCRT__sleep(ULONG ms)
{
    Sleep(ms);
}
