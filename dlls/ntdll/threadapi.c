/*
 * Threads: creation, exit, termination, suspension, contexts and thread information.
 *
 * A Windows thread is a detached pthread that switches onto a guest stack (reserved like Windows does,
 * with a guard page) and its own TEB (GS base), registers with oriel-server over its own connection
 * (the server hands out the thread id and keeps the exit code; a thread handle is signaled once the
 * thread has exited) and calls the start routine with the Windows x64 ABI.
 *
 * Suspension is done inside the process: SuspendThread sends the target a real-time signal whose handler
 * records the interrupted registers as a CONTEXT and parks on a futex until the suspend count drops to
 * zero; SetThreadContext on a parked thread edits that CONTEXT, which the handler writes back into the
 * signal frame before returning (the Go runtime preempts goroutines that way). TerminateThread of
 * another thread uses the same signal: the handler leaves the guest stack for good.
 *
 * Per-thread state lives in struct oriel_thread_data, reached through TEB.oriel (never through a
 * __thread variable, which ms_abi code must not touch) and, for other threads, through a list keyed
 * by thread id.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/ntdll.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(thread);

typedef DWORD(WINAPI *thread_start_fn)(void *);

struct oriel_thread_data {
    LIST_ENTRY entry; /* in thread_list while the thread can be signalled */
    int refcount;     /* the thread itself and lookups */
    TEB *teb;
    DWORD tid;
    pid_t unix_tid;
    pthread_t pthread;
    int is_pthread;        /* created here: has a host stack to return to */
    thread_start_fn start; /* ms_abi start routine */
    void *arg;
    int server_fd;
    void *host_sp;           /* saved host stack pointer (thread_run_guest) */
    int skip_attach;         /* THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH */
    volatile int started;    /* futex: unix_tid is known */
    int suspend_count;       /* SuspendThread count */
    volatile int parked;     /* futex: stopped with its registers in context, until resumed */
    volatile int resume_gen; /* futex: bumped each time the suspend count drops to zero */
    volatile int terminate;  /* TerminateThread asked the thread to go */
    volatile int exiting;    /* no more signals may be sent */
    int context_set;         /* SetThreadContext edited context while parked */
    CONTEXT context;         /* registers while parked */
    WCHAR *description;      /* SetThreadDescription (malloc'ed) */
    int priority_boost_disabled;
    int hide_from_debugger;
    ULONG ideal_processor;
    LARGE_INTEGER create_time;
    void *win32_start;
};

/* One lock for the thread list and every field above that other threads change. Its holders block the
 * suspend signal: a thread must never park while holding it (the one resuming it would need it), and the
 * signal handler itself takes it. */
static int thread_lock;
static sigset_t thread_lock_saved_mask; /* the holder's signal mask before lock_threads */
static LIST_ENTRY thread_list = {&thread_list, &thread_list};

static void lock_threads(void);
static void unlock_threads(void);

#define MAXIMUM_PROCESSORS 64

/* ---- small helpers ---- */

static int suspend_signal(void)
{
    return SIGRTMIN + 3;
}

static pid_t get_unix_tid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

static int send_signal(struct oriel_thread_data *t)
{
    return syscall(SYS_tgkill, getpid(), t->unix_tid, suspend_signal());
}

static void block_suspend_signal(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, suspend_signal());
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock_suspend_signal(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, suspend_signal());
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static void lock_threads(void)
{
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, suspend_signal());
    pthread_sigmask(SIG_BLOCK, &set, &old);
    ntdll_lock(&thread_lock);
    thread_lock_saved_mask = old;
}

static void unlock_threads(void)
{
    sigset_t old = thread_lock_saved_mask;
    ntdll_unlock(&thread_lock);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void release_thread_data(struct oriel_thread_data *t)
{
    int last;
    lock_threads();
    last = !--t->refcount;
    unlock_threads();
    if (last) {
        free(t->description);
        free(t);
    }
}

/* The data of a live thread of this process by id, with a reference. */
static struct oriel_thread_data *find_thread_data(DWORD tid)
{
    struct oriel_thread_data *ret = NULL;

    lock_threads();
    for (LIST_ENTRY *e = thread_list.Flink; e != &thread_list; e = e->Flink) {
        struct oriel_thread_data *t = CONTAINING_RECORD(e, struct oriel_thread_data, entry);
        if (t->tid == tid) {
            t->refcount++;
            ret = t;
            break;
        }
    }
    unlock_threads();
    return ret;
}

static void suspend_handler(int sig, siginfo_t *info, void *ucontext);

/* Through /proc rather than pthread_setname_np: the thread may be exiting, its pthread_t going away. */
static void set_host_thread_name(pid_t unix_tid, const char *name)
{
    char path[64];
    int fd;

    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)unix_tid);
    if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
        return;
    if (write(fd, name, strlen(name)) < 0) {
        /* only a debugging aid */
    }
    close(fd);
}

static void install_suspend_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = suspend_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(suspend_signal(), &sa, NULL);
}

/* Registers the calling thread (the main thread at start-up, or a thread oriel did not create) so that
 * other threads can suspend it and find its data. */
static struct oriel_thread_data *register_current_thread(void)
{
    TEB *teb = NtCurrentTeb();
    struct oriel_thread_data *t = teb->oriel;

    if (t)
        return t;
    if (!(t = calloc(1, sizeof(*t))))
        return NULL;
    t->refcount = 1;
    t->teb = teb;
    t->tid = (DWORD)(ULONG_PTR)teb->ClientId.UniqueThread;
    t->unix_tid = get_unix_tid();
    t->pthread = pthread_self();
    t->started = 1;
    t->server_fd = -1;
    NtQuerySystemTime(&t->create_time);
    teb->oriel = t;
    lock_threads();
    ntdll_list_add_tail(&thread_list, &t->entry);
    unlock_threads();
    return t;
}

void thread_init_process(void)
{
    install_suspend_handler();
    register_current_thread();
}

/* ---- contexts ---- */

static void context_to_ucontext(const CONTEXT *context, ucontext_t *uc)
{
    greg_t *g = uc->uc_mcontext.gregs;
    DWORD flags = context->ContextFlags & ~CONTEXT_AMD64;

    if (flags & (CONTEXT_INTEGER & ~CONTEXT_AMD64)) {
        g[REG_RAX] = context->Rax;
        g[REG_RCX] = context->Rcx;
        g[REG_RDX] = context->Rdx;
        g[REG_RBX] = context->Rbx;
        g[REG_RBP] = context->Rbp;
        g[REG_RSI] = context->Rsi;
        g[REG_RDI] = context->Rdi;
        g[REG_R8] = context->R8;
        g[REG_R9] = context->R9;
        g[REG_R10] = context->R10;
        g[REG_R11] = context->R11;
        g[REG_R12] = context->R12;
        g[REG_R13] = context->R13;
        g[REG_R14] = context->R14;
        g[REG_R15] = context->R15;
    }
    if (flags & (CONTEXT_CONTROL & ~CONTEXT_AMD64)) {
        g[REG_RSP] = context->Rsp;
        g[REG_RIP] = context->Rip;
        /* only the arithmetic and direction flags are the program's to change */
        g[REG_EFL] = (g[REG_EFL] & ~0xcd5) | (context->EFlags & 0xcd5);
    }
    if ((flags & (CONTEXT_FLOATING_POINT & ~CONTEXT_AMD64)) && uc->uc_mcontext.fpregs) {
        memcpy(uc->uc_mcontext.fpregs, &context->FltSave, sizeof(context->FltSave));
        ((XMM_SAVE_AREA32 *)uc->uc_mcontext.fpregs)->MxCsr = context->MxCsr;
    }
}

/* Copies the parts of src that flags select into dst (both full CONTEXTs). */
static void copy_context(CONTEXT *dst, const CONTEXT *src, DWORD flags)
{
    flags &= ~CONTEXT_AMD64;
    if (flags & (CONTEXT_CONTROL & ~CONTEXT_AMD64)) {
        dst->Rsp = src->Rsp;
        dst->Rip = src->Rip;
        dst->EFlags = src->EFlags;
        dst->SegCs = src->SegCs;
        dst->SegSs = src->SegSs;
    }
    if (flags & (CONTEXT_INTEGER & ~CONTEXT_AMD64)) {
        dst->Rax = src->Rax;
        dst->Rcx = src->Rcx;
        dst->Rdx = src->Rdx;
        dst->Rbx = src->Rbx;
        dst->Rbp = src->Rbp;
        dst->Rsi = src->Rsi;
        dst->Rdi = src->Rdi;
        dst->R8 = src->R8;
        dst->R9 = src->R9;
        dst->R10 = src->R10;
        dst->R11 = src->R11;
        dst->R12 = src->R12;
        dst->R13 = src->R13;
        dst->R14 = src->R14;
        dst->R15 = src->R15;
    }
    if (flags & (CONTEXT_SEGMENTS & ~CONTEXT_AMD64)) {
        dst->SegDs = src->SegDs;
        dst->SegEs = src->SegEs;
        dst->SegFs = src->SegFs;
        dst->SegGs = src->SegGs;
    }
    if (flags & (CONTEXT_FLOATING_POINT & ~CONTEXT_AMD64)) {
        dst->FltSave = src->FltSave;
        dst->MxCsr = src->MxCsr;
    }
    if (flags & (CONTEXT_DEBUG_REGISTERS & ~CONTEXT_AMD64)) {
        dst->Dr0 = src->Dr0;
        dst->Dr1 = src->Dr1;
        dst->Dr2 = src->Dr2;
        dst->Dr3 = src->Dr3;
        dst->Dr6 = src->Dr6;
        dst->Dr7 = src->Dr7;
    }
}

/* ---- running on the guest stack and leaving it ---- */

/* thread_run_guest(func, arg, stack_top, &saved_sp): saves the callee-saved registers on the host stack,
 * stores the host stack pointer in *saved_sp and calls func(arg) on stack_top. thread_leave_guest(saved_sp)
 * returns from thread_run_guest from anywhere (the guest stack, a signal handler). */
void thread_run_guest(void (*func)(void *), void *arg, void *stack_top, void **saved_sp);
void thread_leave_guest(void *saved_sp) __attribute__((noreturn));
__asm__(".text\n"
        ".type thread_run_guest, @function\n"
        "thread_run_guest:\n"
        "\tpushq %rbp\n"
        "\tpushq %rbx\n"
        "\tpushq %r12\n"
        "\tpushq %r13\n"
        "\tpushq %r14\n"
        "\tpushq %r15\n"
        "\tsubq $8, %rsp\n"
        "\tmovq %rsp, (%rcx)\n"
        "\tandq $~15, %rdx\n"
        "\tmovq %rdx, %rsp\n"
        "\tpushq $0\n" /* a zero return address ends backtraces here */
        "\tpushq $0\n"
        "\txorl %ebp, %ebp\n"
        "\tmovq %rdi, %rax\n"
        "\tmovq %rsi, %rdi\n"
        "\tcall *%rax\n"
        "\tud2\n" /* func never returns: it leaves through thread_leave_guest */
        ".size thread_run_guest, .-thread_run_guest\n"
        ".type thread_leave_guest, @function\n"
        "thread_leave_guest:\n"
        "\tmovq %rdi, %rsp\n"
        "\taddq $8, %rsp\n"
        "\tpopq %r15\n"
        "\tpopq %r14\n"
        "\tpopq %r13\n"
        "\tpopq %r12\n"
        "\tpopq %rbx\n"
        "\tpopq %rbp\n"
        "\tret\n"
        ".size thread_leave_guest, .-thread_leave_guest\n");

/* TEBs of exited threads are freed once their host thread is gone: pthread key destructors (FLS) may
 * still run guest code after the thread left its guest stack. */
struct dead_teb {
    struct dead_teb *next;
    TEB *teb;
    pid_t unix_tid;
};
static struct dead_teb *dead_tebs;
static int dead_teb_lock;

static void reap_dead_tebs(void)
{
    struct dead_teb **p, *d, *gone = NULL;

    ntdll_lock(&dead_teb_lock);
    for (p = &dead_tebs; (d = *p);) {
        if (syscall(SYS_tgkill, getpid(), d->unix_tid, 0) == -1 && errno == ESRCH) {
            *p = d->next;
            d->next = gone;
            gone = d;
        } else
            p = &d->next;
    }
    ntdll_unlock(&dead_teb_lock);
    while ((d = gone)) {
        gone = d->next;
        thread_free_teb(d->teb);
        free(d);
    }
}

/* The last steps of every thread, on the guest stack or in the suspend handler: no more signals, out of
 * the thread list, then off the guest stack (or, for a thread oriel did not start, out of existence). */
static void thread_leave(struct oriel_thread_data *t) __attribute__((noreturn));
static void thread_leave(struct oriel_thread_data *t)
{
    sigset_t old;

    block_suspend_signal(&old);
    lock_threads();
    t->exiting = 1;
    if (t->entry.Flink) {
        ntdll_list_remove(&t->entry);
        t->entry.Flink = t->entry.Blink = NULL;
    }
    unlock_threads();
    /* a suspender may be waiting for this thread to stop */
    ntdll_futex_wake(&t->parked, INT_MAX);
    if (t->is_pthread)
        thread_leave_guest(t->host_sp);
    /* the main thread (or a foreign one): its stack and TEB are not ours to free */
    for (;;)
        syscall(SYS_exit, 0);
}

/* Host side of a thread created by create_thread, after it left the guest stack. */
static void thread_host_cleanup(struct oriel_thread_data *t)
{
    TEB *teb = t->teb;
    struct dead_teb *d = malloc(sizeof(*d));

    munmap(teb->DeallocationStack, (char *)teb->Tib.StackBase - (char *)teb->DeallocationStack);
    teb->oriel = NULL;
    if (d) {
        d->teb = teb;
        d->unix_tid = t->unix_tid;
        ntdll_lock(&dead_teb_lock);
        d->next = dead_tebs;
        dead_tebs = d;
        ntdll_unlock(&dead_teb_lock);
    }
    release_thread_data(t);
}

/* ---- the suspend signal ---- */

/* Parks the calling thread, whose registers are in t->context, until its suspend count drops to zero or
 * it is terminated. Called with the thread lock held; returns without it. */
static void park(struct oriel_thread_data *t)
{
    int gen = t->resume_gen;

    t->context_set = 0;
    __atomic_store_n(&t->parked, 1, __ATOMIC_RELEASE);
    unlock_threads();
    ntdll_futex_wake(&t->parked, INT_MAX);
    while (__atomic_load_n(&t->resume_gen, __ATOMIC_ACQUIRE) == gen && !t->terminate)
        ntdll_futex_wait(&t->resume_gen, gen, NULL);
    if (t->terminate)
        thread_leave(t);
}

static void suspend_handler(int sig, siginfo_t *info, void *ucontext)
{
    TEB *teb = NtCurrentTeb();
    struct oriel_thread_data *t = teb ? teb->oriel : NULL;
    ucontext_t *uc = ucontext;
    int saved_errno = errno;

    if (!t)
        return;
    lock_threads();
    if (t->exiting || (!t->terminate && t->suspend_count <= 0)) {
        unlock_threads(); /* resumed before the signal arrived */
        return;
    }
    if (t->terminate) {
        unlock_threads();
        thread_leave(t);
    }
    signal_context_from_ucontext(&t->context, uc);
    park(t);
    lock_threads();
    if (t->context_set)
        context_to_ucontext(&t->context, uc);
    t->context_set = 0;
    unlock_threads();
    errno = saved_errno;
}

/* Waits (bounded) until a thread whose suspend count is above zero is parked. */
static BOOL wait_parked(struct oriel_thread_data *t)
{
    struct timespec ts = {0, 10 * 1000 * 1000};

    for (int i = 0; i < 200; i++) {
        if (t->exiting)
            return FALSE;
        if (__atomic_load_n(&t->parked, __ATOMIC_ACQUIRE))
            return TRUE;
        ntdll_futex_wait(&t->parked, 0, &ts);
    }
    WARN("thread %04x does not stop\n", t->tid);
    return FALSE;
}

/* ---- creation ---- */

/* kernel32's BaseThreadInitThunk(0, start, arg), registered when kernel32 loads: runs the start routine
 * and ExitThread (FLS callbacks) with its result. */
typedef void(WINAPI *thread_init_thunk_fn)(DWORD, thread_start_fn, void *);
static thread_init_thunk_fn thread_init_thunk;

__attribute__((visibility("default"))) void __oriel_set_thread_init_thunk(void *thunk)
{
    thread_init_thunk = (thread_init_thunk_fn)thunk;
}

/* Where every new thread's guest code begins, with the start routine in Rcx and its parameter in Rdx as on
 * Windows: a thread created suspended shows this context and may have it changed before it runs. */
NTSYSAPI void WINAPI RtlUserThreadStart(PRTL_THREAD_START_ROUTINE start, void *arg)
{
    if (thread_init_thunk)
        thread_init_thunk(0, (thread_start_fn)start, arg);
    RtlExitUserThread(start(arg));
}

static void call_user_thread_start(void *arg)
{
    struct oriel_thread_data *t = arg;
    RtlUserThreadStart((PRTL_THREAD_START_ROUTINE)t->start, t->arg);
}

/* Runs on a scratch area below the top of the guest stack; the thread's own code starts at the top. */
static void guest_start(void *arg)
{
    struct oriel_thread_data *t = arg;
    char *top = (char *)((ULONG_PTR)t->teb->Tib.StackBase & ~(ULONG_PTR)15);

    /* only now, with a host stack to return to, may the thread be suspended or terminated */
    unblock_suspend_signal();
    lock_threads();
    if (t->suspend_count > 0 && !t->terminate) {
        /* CREATE_SUSPENDED: park before running anything of the program, showing the context it will
         * start from (SetThreadContext may change it) */
        RtlCaptureContext(&t->context);
        t->context.ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
        t->context.Rip = (ULONG_PTR)RtlUserThreadStart;
        t->context.Rcx = (ULONG_PTR)t->start;
        t->context.Rdx = (ULONG_PTR)t->arg;
        t->context.Rsp = (ULONG_PTR)(top - 0x28); /* as after a call, with a null return address */
        *(ULONG_PTR *)(top - 0x28) = 0;
        park(t);
    } else if (t->terminate) {
        unlock_threads();
        thread_leave(t);
    } else
        unlock_threads();
    if (!t->skip_attach)
        ldr_thread_attach();
    /* SetThreadContext while parked above: start from the context it set (a copy, since a later
     * suspension records its own context there) */
    lock_threads();
    if (t->context_set) {
        CONTEXT context = t->context;
        t->context_set = 0;
        unlock_threads();
        RtlRestoreContext(&context, NULL); /* does not return */
    } else
        unlock_threads();
    thread_call_on_stack(call_user_thread_start, t, top);
}

static void *host_start(void *arg)
{
    struct oriel_thread_data *t = arg;
    int terminated, server_fd;

    t->unix_tid = get_unix_tid();
    thread_set_teb(t->teb);
    server_init_thread(t->server_fd);
    signal_init_thread();
    __atomic_store_n(&t->started, 1, __ATOMIC_RELEASE);
    ntdll_futex_wake(&t->started, INT_MAX);
    thread_run_guest(guest_start, t, (char *)t->teb->Tib.StackBase - 0x1000, &t->host_sp);
    terminated = t->terminate;
    server_fd = t->server_fd;
    signal_exit_thread();
    thread_host_cleanup(t);
    if (terminated) {
        /* TerminateThread: no FLS callbacks or other thread-exit code, as on Windows; skipping glibc's
         * thread exit (pthread key destructors) costs the host stack of the thread */
        close(server_fd);
        for (;;)
            syscall(SYS_exit, 0);
    }
    return NULL;
}

static SIZE_T default_stack_reserve(SIZE_T *commit_out)
{
    const IMAGE_DOS_HEADER *dos = ntdll_peb->ImageBaseAddress;
    const IMAGE_NT_HEADERS64 *nt;

    *commit_out = 0x1000;
    if (!dos)
        return 0x100000;
    nt = (const IMAGE_NT_HEADERS64 *)((const BYTE *)dos + dos->e_lfanew);
    *commit_out = nt->OptionalHeader.SizeOfStackCommit;
    return nt->OptionalHeader.SizeOfStackReserve ? nt->OptionalHeader.SizeOfStackReserve : 0x100000;
}

static NTSTATUS create_thread(HANDLE process, ULONG attributes, thread_start_fn start, void *arg, ULONG flags,
                              SIZE_T commit, SIZE_T reserve, HANDLE *handle_out, CLIENT_ID *id)
{
    struct oriel_thread_data *t;
    SIZE_T default_commit, default_reserve;
    pthread_attr_t attr;
    sigset_t old;
    HANDLE handle;
    DWORD tid;
    NTSTATUS status;
    TEB *teb;
    int err;

    if (process != NtCurrentProcess()) {
        PROCESS_BASIC_INFORMATION pbi;
        NTSTATUS query = NtQueryInformationProcess(process, ProcessBasicInformation, &pbi, sizeof(pbi), NULL);
        if (query)
            return query;
        if (pbi.UniqueProcessId != (ULONG_PTR)ntdll_process_id) {
            FIXME_ONCE("threads in another process (%p) are not supported\n", process);
            return STATUS_NOT_SUPPORTED;
        }
    }
    if (!start)
        return STATUS_INVALID_PARAMETER;
    reap_dead_tebs();
    register_current_thread();

    default_reserve = default_stack_reserve(&default_commit);
    if (!reserve)
        reserve = default_reserve;
    if (commit >= reserve) /* Windows: the reservation grows to the commit size rounded up to 1 MiB */
        reserve = (commit + 0xfffff) & ~(SIZE_T)0xfffff;

    if (!(t = calloc(1, sizeof(*t))))
        return STATUS_NO_MEMORY;
    if (!(teb = thread_alloc_teb())) {
        free(t);
        return STATUS_NO_MEMORY;
    }
    if ((status = thread_alloc_stack(teb, reserve))) {
        thread_free_teb(teb);
        free(t);
        return status;
    }
    if ((status = server_new_thread(attributes, &tid, &handle, &t->server_fd))) {
        munmap(teb->DeallocationStack, (char *)teb->Tib.StackBase - (char *)teb->DeallocationStack);
        thread_free_teb(teb);
        free(t);
        return status;
    }
    teb->ClientId.UniqueThread = (HANDLE)(ULONG_PTR)tid;
    teb->oriel = t;
    t->refcount = 2; /* the thread's and ours until it has started */
    t->teb = teb;
    t->tid = tid;
    t->is_pthread = 1;
    t->start = start;
    t->arg = arg;
    t->win32_start = (void *)start;
    t->skip_attach = !!(flags & THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH);
    t->hide_from_debugger = !!(flags & THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER);
    t->suspend_count = (flags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED) ? 1 : 0;
    NtQuerySystemTime(&t->create_time);
    lock_threads();
    ntdll_list_add_tail(&thread_list, &t->entry);
    unlock_threads();

    TRACE("thread %04x start %p arg %p stack %p-%p\n", tid, start, arg, teb->Tib.StackLimit,
          teb->Tib.StackBase);
    /* the host stack only carries start-up, exit and signal delivery: the program runs on the guest stack */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    user_shared_data_start_updater();
    block_suspend_signal(&old); /* the new thread unblocks it once its TEB is set */
    err = pthread_create(&t->pthread, &attr, host_start, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        struct terminate_thread_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle, .exit_code = 0};
        struct terminate_thread_reply reply;
        ERR("pthread_create failed: %s\n", strerror(err));
        SERVER_CALL(terminate_thread, &req, &reply, NULL, 0, NULL);
        NtClose(handle);
        close(t->server_fd);
        lock_threads();
        ntdll_list_remove(&t->entry);
        unlock_threads();
        munmap(teb->DeallocationStack, (char *)teb->Tib.StackBase - (char *)teb->DeallocationStack);
        thread_free_teb(teb);
        free(t);
        return STATUS_NO_MEMORY;
    }
    /* SuspendThread right after creation needs the host thread id */
    while (!__atomic_load_n(&t->started, __ATOMIC_ACQUIRE))
        ntdll_futex_wait(&t->started, 0, NULL);
    release_thread_data(t);
    if (handle_out)
        *handle_out = handle;
    else
        NtClose(handle);
    if (id) {
        id->UniqueProcess = ntdll_process_id;
        id->UniqueThread = (HANDLE)(ULONG_PTR)tid;
    }
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtCreateThreadEx(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                          HANDLE process, PVOID start, PVOID param, ULONG flags,
                                          SIZE_T zero_bits, SIZE_T stack_commit, SIZE_T stack_reserve,
                                          PPS_ATTRIBUTE_LIST attr_list)
{
    CLIENT_ID id;
    NTSTATUS status;

    if (!handle)
        return STATUS_INVALID_PARAMETER;
    if (access != THREAD_ALL_ACCESS && access != MAXIMUM_ALLOWED && access)
        FIXME_ONCE("access %#x: the handle gets THREAD_ALL_ACCESS\n", access);
    status = create_thread(process, attr ? attr->Attributes : 0, (thread_start_fn)start, param, flags,
                           stack_commit, stack_reserve, handle, &id);
    if (status || !attr_list)
        return status;
    SIZE_T count = (attr_list->TotalLength - sizeof(SIZE_T)) / sizeof(PS_ATTRIBUTE);
    for (SIZE_T i = 0; i < count; i++) {
        PS_ATTRIBUTE *a = &attr_list->Attributes[i];
        if (a->Attribute == PS_ATTRIBUTE_CLIENT_ID && a->Size >= sizeof(CLIENT_ID)) {
            *(CLIENT_ID *)a->ValuePtr = id;
            if (a->ReturnLength)
                *a->ReturnLength = sizeof(CLIENT_ID);
        } else if (a->Attribute == PS_ATTRIBUTE_TEB_ADDRESS && a->Size >= sizeof(void *)) {
            struct oriel_thread_data *t = find_thread_data((DWORD)(ULONG_PTR)id.UniqueThread);
            *(void **)a->ValuePtr = t ? t->teb : NULL;
            if (t)
                release_thread_data(t);
            if (a->ReturnLength)
                *a->ReturnLength = sizeof(void *);
        } else
            FIXME_ONCE("attribute %#lx ignored\n", (unsigned long)a->Attribute);
    }
    return status;
}

NTSYSAPI NTSTATUS WINAPI RtlCreateUserThread(HANDLE process, PVOID descr, BOOLEAN suspended, ULONG zero_bits,
                                             SIZE_T stack_reserve, SIZE_T stack_commit,
                                             PRTL_THREAD_START_ROUTINE start, PVOID param, PHANDLE handle,
                                             PCLIENT_ID id)
{
    return create_thread(process, 0, (thread_start_fn)start, param,
                         suspended ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0, stack_commit, stack_reserve,
                         handle, id);
}

/* ---- exit and termination ---- */

static NTSTATUS query_thread(HANDLE handle, ACCESS_MASK access, struct get_thread_info_reply *reply)
{
    struct get_thread_info_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle, .access = access};
    if (!handle)
        return STATUS_INVALID_HANDLE;
    return SERVER_CALL(get_thread_info, &req, reply, NULL, 0, NULL);
}

NTSYSAPI void WINAPI RtlExitUserThread(ULONG status)
{
    struct oriel_thread_data *t = register_current_thread();
    struct get_thread_info_reply info;
    struct terminate_thread_request req = {
        .handle = SERVER_CURRENT_THREAD, .exit_code = status, .flags = SERVER_TERMINATE_UNLESS_LAST};
    struct terminate_thread_reply reply;

    TRACE("status %#x\n", status);
    /* the last thread takes the process with it, as on Windows */
    if (!query_thread(NtCurrentThread(), 0, &info) && info.last)
        RtlExitUserProcess(status);
    ldr_thread_detach();
    if (!SERVER_CALL(terminate_thread, &req, &reply, NULL, 0, NULL) && reply.last)
        RtlExitUserProcess(status); /* the others went meanwhile */
    if (!t)
        for (;;)
            syscall(SYS_exit, 0);
    thread_leave(t);
}

NTSYSAPI NTSTATUS WINAPI NtTerminateThread(HANDLE handle, NTSTATUS exit_code)
{
    struct terminate_thread_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle,
                                           .exit_code = (uint32_t)exit_code,
                                           .flags = SERVER_TERMINATE_UNLESS_LAST};
    struct terminate_thread_reply reply;
    struct get_thread_info_reply info;
    struct oriel_thread_data *t;
    NTSTATUS status;

    if (!handle)
        return STATUS_INVALID_HANDLE;
    if ((status = query_thread(handle, THREAD_TERMINATE, &info)))
        return status;
    if (info.pid != (DWORD)(ULONG_PTR)ntdll_process_id) {
        FIXME_ONCE("terminating a thread of another process\n");
        return STATUS_NOT_SUPPORTED;
    }
    if ((status = SERVER_CALL(terminate_thread, &req, &reply, NULL, 0, NULL)))
        return status;
    if (reply.self) {
        /* no DLL notifications for a terminated thread; the last one ends the process */
        if (reply.last)
            process_exit_now(exit_code);
        if (!(t = register_current_thread()))
            for (;;)
                syscall(SYS_exit, 0);
        t->terminate = 1;
        thread_leave(t);
    }
    if (!(t = find_thread_data(info.tid)))
        return STATUS_SUCCESS; /* another process' thread, or already gone */
    lock_threads();
    t->terminate = 1;
    if (!t->exiting)
        send_signal(t);
    unlock_threads();
    ntdll_futex_wake(&t->resume_gen, INT_MAX); /* a parked thread must notice */
    release_thread_data(t);
    return STATUS_SUCCESS;
}

/* ExitProcess: the other threads stop before DLL_PROCESS_DETACH, as on Windows (bounded wait: a thread
 * that blocks the signal is left running). */
void thread_terminate_others(void)
{
    struct timespec ts = {0, 1000 * 1000};
    pid_t self = get_unix_tid();
    int pending;

    lock_threads();
    for (LIST_ENTRY *e = thread_list.Flink; e != &thread_list; e = e->Flink) {
        struct oriel_thread_data *t = CONTAINING_RECORD(e, struct oriel_thread_data, entry);
        if (t->unix_tid == self || t->exiting)
            continue;
        t->terminate = 1;
        send_signal(t);
        ntdll_futex_wake(&t->resume_gen, INT_MAX);
    }
    unlock_threads();
    for (int i = 0; i < 200; i++) {
        pending = 0;
        lock_threads();
        for (LIST_ENTRY *e = thread_list.Flink; e != &thread_list; e = e->Flink) {
            struct oriel_thread_data *t = CONTAINING_RECORD(e, struct oriel_thread_data, entry);
            if (t->unix_tid != self && !t->exiting)
                pending++;
        }
        unlock_threads();
        if (!pending)
            break;
        nanosleep(&ts, NULL);
    }
}

/* ---- suspension ---- */

static NTSTATUS thread_data_from_handle(HANDLE handle, ACCESS_MASK access, struct oriel_thread_data **t)
{
    struct get_thread_info_reply info;
    NTSTATUS status;

    if (handle == NtCurrentThread()) {
        *t = register_current_thread();
        if (!*t)
            return STATUS_NO_MEMORY;
        lock_threads();
        (*t)->refcount++;
        unlock_threads();
        return STATUS_SUCCESS;
    }
    if ((status = query_thread(handle, access, &info)))
        return status;
    if (info.pid != (DWORD)(ULONG_PTR)ntdll_process_id)
        return STATUS_NOT_SUPPORTED; /* a thread of another process: the callers say what they can do */
    if (!info.running || !(*t = find_thread_data(info.tid)))
        return STATUS_THREAD_IS_TERMINATING;
    return STATUS_SUCCESS;
}

static NTSTATUS suspend_thread(struct oriel_thread_data *t, ULONG *prev_count)
{
    int prev;

    lock_threads();
    if (t->exiting || t->terminate) {
        unlock_threads();
        return STATUS_THREAD_IS_TERMINATING;
    }
    prev = t->suspend_count;
    if (prev >= MAXIMUM_SUSPEND_COUNT) {
        unlock_threads();
        return STATUS_SUSPEND_COUNT_EXCEEDED;
    }
    t->suspend_count = prev + 1;
    unlock_threads();
    /* outside the lock: suspending ourselves parks right here, in the handler */
    if (!prev && t->started)
        send_signal(t);
    if (prev_count)
        *prev_count = prev;
    /* Windows returns at once; waiting here makes "suspended" mean stopped for GetThreadContext and for
     * callers that read the thread's memory next. Our own thread has parked and resumed by now. */
    if (!prev && t->unix_tid != get_unix_tid())
        wait_parked(t);
    return STATUS_SUCCESS;
}

static NTSTATUS resume_thread(struct oriel_thread_data *t, ULONG *prev_count)
{
    int prev;

    lock_threads();
    prev = t->suspend_count;
    if (prev > 0)
        t->suspend_count = prev - 1;
    if (prev == 1) {
        /* cleared here, not by the waking thread: a SuspendThread that follows at once must wait for the
         * next park instead of trusting this one */
        __atomic_store_n(&t->parked, 0, __ATOMIC_RELEASE);
        __atomic_add_fetch(&t->resume_gen, 1, __ATOMIC_RELEASE);
    }
    unlock_threads();
    if (prev == 1)
        ntdll_futex_wake(&t->resume_gen, INT_MAX);
    if (prev_count)
        *prev_count = prev;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI NtSuspendThread(HANDLE handle, PULONG prev_count)
{
    struct oriel_thread_data *t;
    NTSTATUS status;

    if ((status = thread_data_from_handle(handle, THREAD_SUSPEND_RESUME, &t))) {
        if (status == STATUS_NOT_SUPPORTED)
            FIXME_ONCE("suspending a thread of another process\n");
        return status;
    }
    status = suspend_thread(t, prev_count);
    release_thread_data(t);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtResumeThread(HANDLE handle, PULONG prev_count)
{
    struct oriel_thread_data *t;
    NTSTATUS status;

    if ((status = thread_data_from_handle(handle, THREAD_SUSPEND_RESUME, &t))) {
        /* the main thread of a CREATE_SUSPENDED child (processapi.c) */
        if (status == STATUS_NOT_SUPPORTED && !process_resume_remote_thread(handle, prev_count))
            return STATUS_SUCCESS;
        return status;
    }
    status = resume_thread(t, prev_count);
    release_thread_data(t);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtAlertResumeThread(HANDLE handle, PULONG prev_count)
{
    FIXME_ONCE("no alert: APCs are not delivered yet\n");
    return NtResumeThread(handle, prev_count);
}

/* ---- contexts ---- */

NTSYSAPI NTSTATUS WINAPI NtGetContextThread(HANDLE handle, PCONTEXT context)
{
    struct oriel_thread_data *t;
    NTSTATUS status;
    DWORD flags;

    if (!context)
        return STATUS_INVALID_PARAMETER;
    flags = context->ContextFlags;
    if (handle == NtCurrentThread()) {
        CONTEXT full;
        RtlCaptureContext(&full);
        copy_context(context, &full, flags);
        context->ContextFlags = flags & (CONTEXT_FULL | CONTEXT_SEGMENTS);
        return STATUS_SUCCESS;
    }
    if ((status = thread_data_from_handle(handle, THREAD_GET_CONTEXT, &t)))
        return status;
    if (t->unix_tid == get_unix_tid()) {
        CONTEXT full;
        RtlCaptureContext(&full);
        copy_context(context, &full, flags);
        context->ContextFlags = flags & (CONTEXT_FULL | CONTEXT_SEGMENTS);
        release_thread_data(t);
        return STATUS_SUCCESS;
    }
    /* a running thread is stopped for the time of the read */
    if (!(status = suspend_thread(t, NULL))) {
        if (wait_parked(t)) {
            lock_threads();
            copy_context(context, &t->context, flags);
            unlock_threads();
            context->ContextFlags = flags & (CONTEXT_ALL & ~(CONTEXT_DEBUG_REGISTERS & ~CONTEXT_AMD64));
        } else
            status = STATUS_UNSUCCESSFUL;
        resume_thread(t, NULL);
    }
    release_thread_data(t);
    return status;
}

NTSYSAPI NTSTATUS WINAPI NtSetContextThread(HANDLE handle, const CONTEXT *context)
{
    struct oriel_thread_data *t;
    NTSTATUS status;

    if (!context)
        return STATUS_INVALID_PARAMETER;
    if ((status = thread_data_from_handle(handle, THREAD_SET_CONTEXT, &t)))
        return status;
    if (t->unix_tid == get_unix_tid()) {
        CONTEXT full;
        release_thread_data(t);
        RtlCaptureContext(&full);
        copy_context(&full, context, context->ContextFlags);
        if (context->ContextFlags & (CONTEXT_CONTROL & ~CONTEXT_AMD64))
            RtlRestoreContext(&full, NULL);
        FIXME_ONCE("setting the current thread's registers without CONTEXT_CONTROL is ignored\n");
        return STATUS_SUCCESS;
    }
    if (!(status = suspend_thread(t, NULL))) {
        if (wait_parked(t)) {
            lock_threads();
            copy_context(&t->context, context, context->ContextFlags);
            t->context.ContextFlags |= context->ContextFlags;
            t->context_set = 1;
            unlock_threads();
        } else
            status = STATUS_UNSUCCESSFUL;
        resume_thread(t, NULL);
    }
    release_thread_data(t);
    return status;
}

/* ---- information ---- */

/* CPU time of a live host thread in 100 ns units: the total from its CPU clock, the kernel part from
 * /proc (clock ticks). By thread id, since the thread may be exiting. */
static void thread_cpu_times(pid_t unix_tid, LONGLONG *kernel, LONGLONG *user)
{
    clockid_t clock = (~(clockid_t)unix_tid << 3) | 6; /* the kernel's per-thread CPUCLOCK_SCHED clock */
    LONGLONG total = 0, sys = 0;
    struct timespec ts;
    char path[64], buf[1024], *p;
    unsigned long long utime, stime;
    ssize_t n;
    int fd;

    if (!clock_gettime(clock, &ts))
        total = (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)unix_tid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        /* fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15) */
        if (n > 0 && (buf[n] = 0, p = strrchr(buf, ')')) &&
            sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) == 2)
            sys = (LONGLONG)stime * 10000000 / sysconf(_SC_CLK_TCK);
    }
    if (sys > total)
        sys = total;
    *kernel = sys;
    *user = total - sys;
}

static LONG base_priority_to_priority(LONG base)
{
    if (base >= 15)
        return 15;
    if (base <= -15)
        return 1;
    return 8 + base; /* relative to a NORMAL_PRIORITY_CLASS process */
}

NTSYSAPI NTSTATUS WINAPI NtQueryInformationThread(HANDLE handle, THREADINFOCLASS cls, PVOID info, ULONG size,
                                                  PULONG ret_size)
{
    struct get_thread_info_reply reply;
    struct oriel_thread_data *t;
    NTSTATUS status;
    ULONG len = 0;

    switch (cls) {
    case ThreadBasicInformation: {
        THREAD_BASIC_INFORMATION *basic = info;
        len = sizeof(*basic);
        if (size != len)
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = query_thread(handle, THREAD_QUERY_LIMITED_INFORMATION, &reply)))
            return status;
        memset(basic, 0, sizeof(*basic));
        basic->ExitStatus = reply.exit_code;
        basic->ClientId.UniqueProcess = (HANDLE)(ULONG_PTR)reply.pid;
        basic->ClientId.UniqueThread = (HANDLE)(ULONG_PTR)reply.tid;
        basic->AffinityMask = reply.affinity & ntdll_peb->ActiveProcessAffinityMask;
        basic->BasePriority = reply.priority;
        basic->Priority = base_priority_to_priority(reply.priority);
        if (reply.running && (t = find_thread_data(reply.tid))) {
            basic->TebBaseAddress = t->teb;
            release_thread_data(t);
        }
        break;
    }
    case ThreadTimes: {
        KERNEL_USER_TIMES *times = info;
        len = sizeof(*times);
        if (size != len)
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = query_thread(handle, THREAD_QUERY_LIMITED_INFORMATION, &reply)))
            return status;
        memset(times, 0, sizeof(*times));
        if (reply.running && (t = find_thread_data(reply.tid))) {
            times->CreateTime = t->create_time;
            thread_cpu_times(t->unix_tid, &times->KernelTime.QuadPart, &times->UserTime.QuadPart);
            release_thread_data(t);
        } else if (!reply.running)
            FIXME_ONCE("no times for an exited thread\n");
        break;
    }
    case ThreadAmILastThread: {
        len = sizeof(ULONG);
        if (size != len)
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = query_thread(NtCurrentThread(), 0, &reply)))
            return status;
        *(ULONG *)info = reply.last;
        break;
    }
    case ThreadQuerySetWin32StartAddress:
    case ThreadHideFromDebugger:
    case ThreadPriorityBoost:
    case ThreadIsTerminated:
    case ThreadSuspendCount:
    case ThreadIdealProcessor: {
        len = cls == ThreadQuerySetWin32StartAddress ? sizeof(void *)
              : cls == ThreadHideFromDebugger        ? sizeof(BOOLEAN)
                                                     : sizeof(ULONG);
        if (size != len)
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = query_thread(handle, THREAD_QUERY_LIMITED_INFORMATION, &reply)))
            return status;
        t = reply.running ? find_thread_data(reply.tid) : NULL;
        if (cls == ThreadQuerySetWin32StartAddress)
            *(void **)info = t ? t->win32_start : NULL;
        else if (cls == ThreadHideFromDebugger)
            *(BOOLEAN *)info = t ? t->hide_from_debugger : 0;
        else if (cls == ThreadPriorityBoost)
            *(ULONG *)info = t ? t->priority_boost_disabled : 0;
        else if (cls == ThreadIsTerminated)
            *(ULONG *)info = !reply.running;
        else if (cls == ThreadSuspendCount)
            *(ULONG *)info = t ? t->suspend_count : 0;
        else
            *(ULONG *)info = t ? t->ideal_processor : 0;
        if (t)
            release_thread_data(t);
        break;
    }
    case ThreadDescription: {
        THREAD_DESCRIPTION_INFORMATION *desc = info;
        size_t chars = 0;
        if ((status = query_thread(handle, THREAD_QUERY_LIMITED_INFORMATION, &reply)))
            return status;
        t = reply.running ? find_thread_data(reply.tid) : NULL;
        lock_threads();
        if (t && t->description)
            while (t->description[chars])
                chars++;
        len = sizeof(*desc) + chars * sizeof(WCHAR);
        if (size < len)
            status = STATUS_BUFFER_TOO_SMALL;
        else {
            desc->Description.Length = desc->Description.MaximumLength = chars * sizeof(WCHAR);
            desc->Description.Buffer = (WCHAR *)(desc + 1);
            if (chars)
                memcpy(desc + 1, t->description, chars * sizeof(WCHAR));
        }
        unlock_threads();
        if (t)
            release_thread_data(t);
        if (ret_size)
            *ret_size = len;
        return status;
    }
    default:
        FIXME("class %d not supported\n", cls);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (ret_size)
        *ret_size = len;
    return STATUS_SUCCESS;
}

static NTSTATUS set_server_info(HANDLE handle, uint32_t mask, int32_t priority, uint64_t affinity)
{
    struct set_thread_info_request req = {
        .handle = (obj_handle_t)(ULONG_PTR)handle, .mask = mask, .priority = priority, .affinity = affinity};
    struct set_thread_info_reply reply;
    if (!handle)
        return STATUS_INVALID_HANDLE;
    return SERVER_CALL(set_thread_info, &req, &reply, NULL, 0, NULL);
}

NTSYSAPI NTSTATUS WINAPI NtSetInformationThread(HANDLE handle, THREADINFOCLASS cls, LPCVOID info, ULONG size)
{
    struct get_thread_info_reply reply;
    struct oriel_thread_data *t;
    NTSTATUS status;

    switch (cls) {
    case ThreadBasePriority: {
        LONG base;
        if (size != sizeof(LONG))
            return STATUS_INFO_LENGTH_MISMATCH;
        base = *(const LONG *)info;
        /* -15 and 15 saturate (IDLE, TIME_CRITICAL); the rest is -2..2 */
        if (base != 15 && base != -15 && (base < -2 || base > 2))
            return STATUS_INVALID_PARAMETER;
        return set_server_info(handle, SERVER_THREAD_INFO_PRIORITY, base, 0);
    }
    case ThreadPriority: {
        LONG prio;
        if (size != sizeof(KPRIORITY))
            return STATUS_INFO_LENGTH_MISMATCH;
        prio = *(const LONG *)info;
        if (prio < 1 || prio > 31)
            return STATUS_INVALID_PARAMETER;
        return set_server_info(handle, SERVER_THREAD_INFO_PRIORITY,
                               prio >= 15  ? 15
                               : prio <= 1 ? -15
                                           : prio - 8,
                               0);
    }
    case ThreadAffinityMask: {
        KAFFINITY mask;
        if (size != sizeof(KAFFINITY))
            return STATUS_INFO_LENGTH_MISMATCH;
        mask = *(const KAFFINITY *)info;
        if (!mask || (mask & ~ntdll_peb->ActiveProcessAffinityMask))
            return STATUS_INVALID_PARAMETER;
        FIXME_ONCE("the affinity mask is recorded, not applied\n");
        return set_server_info(handle, SERVER_THREAD_INFO_AFFINITY, 0, mask);
    }
    case ThreadHideFromDebugger:
    case ThreadPriorityBoost:
    case ThreadIdealProcessor:
    case ThreadQuerySetWin32StartAddress:
    case ThreadZeroTlsCell:
    case ThreadDescription:
        if (cls == ThreadHideFromDebugger && size)
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((cls == ThreadPriorityBoost || cls == ThreadIdealProcessor || cls == ThreadZeroTlsCell) &&
            size != sizeof(ULONG))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (cls == ThreadQuerySetWin32StartAddress && size != sizeof(void *))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (cls == ThreadDescription && size != sizeof(THREAD_DESCRIPTION_INFORMATION))
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((status = query_thread(handle, THREAD_SET_LIMITED_INFORMATION, &reply)))
            return status;
        if (!reply.running || !(t = find_thread_data(reply.tid)))
            return cls == ThreadHideFromDebugger ? STATUS_SUCCESS : STATUS_THREAD_IS_TERMINATING;
        status = STATUS_SUCCESS;
        if (cls == ThreadHideFromDebugger)
            t->hide_from_debugger = 1;
        else if (cls == ThreadPriorityBoost)
            t->priority_boost_disabled = !!*(const ULONG *)info;
        else if (cls == ThreadQuerySetWin32StartAddress)
            t->win32_start = *(void *const *)info;
        else if (cls == ThreadIdealProcessor) {
            ULONG cpu = *(const ULONG *)info;
            if (cpu != MAXIMUM_PROCESSORS && cpu >= ntdll_peb->NumberOfProcessors)
                status = STATUS_INVALID_PARAMETER;
            else {
                /* the previous ideal processor comes back as the status, as Windows does */
                status = t->ideal_processor;
                if (cpu != MAXIMUM_PROCESSORS)
                    t->ideal_processor = cpu;
            }
        } else if (cls == ThreadZeroTlsCell) {
            FIXME_ONCE("ThreadZeroTlsCell ignored\n");
        } else {
            const UNICODE_STRING *str = &((const THREAD_DESCRIPTION_INFORMATION *)info)->Description;
            WCHAR *copy = NULL;
            if (str->Length % sizeof(WCHAR) || (str->Length && !str->Buffer))
                status = STATUS_INVALID_PARAMETER;
            else if (!(copy = malloc(str->Length + sizeof(WCHAR))))
                status = STATUS_NO_MEMORY;
            else {
                memcpy(copy, str->Buffer, str->Length);
                copy[str->Length / sizeof(WCHAR)] = 0;
                char name[16];
                size_t n = 0;
                lock_threads();
                free(t->description);
                t->description = copy;
                unlock_threads();
                /* host tools (gdb, top -H) show the description too: ASCII, 15 bytes at most */
                for (; copy[n] && n < sizeof(name) - 1; n++)
                    name[n] = copy[n] >= 0x20 && copy[n] < 0x7f ? (char)copy[n] : '?';
                name[n] = 0;
                set_host_thread_name(t->unix_tid, n ? name : "oriel");
            }
        }
        release_thread_data(t);
        return status;
    default:
        FIXME("class %d not supported\n", cls);
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSYSAPI NTSTATUS WINAPI NtOpenThread(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                      const CLIENT_ID *id)
{
    struct open_thread_request req = {.access = access, .attributes = attr ? attr->Attributes : 0};
    struct open_thread_reply reply;
    NTSTATUS status;

    if (!handle || !id)
        return STATUS_INVALID_PARAMETER;
    req.tid = (uint32_t)(ULONG_PTR)id->UniqueThread;
    if (!(status = SERVER_CALL(open_thread, &req, &reply, NULL, 0, NULL)))
        *handle = (HANDLE)(ULONG_PTR)reply.handle;
    return status;
}

/* ---- for other areas ---- */

/* TlsFree: clears a freed slot in every thread (kernel32, ELF-only export). */
static void clear_tls_slot(TEB *teb, void *ctx)
{
    DWORD index = (DWORD)(ULONG_PTR)ctx;
    if (index < TLS_MINIMUM_AVAILABLE)
        teb->TlsSlots[index] = NULL;
    else if (teb->TlsExpansionSlots)
        teb->TlsExpansionSlots[index - TLS_MINIMUM_AVAILABLE] = NULL;
}

__attribute__((visibility("default"))) void __oriel_clear_tls_slot(uint32_t index)
{
    thread_for_each_teb(clear_tls_slot, (void *)(ULONG_PTR)index);
}
