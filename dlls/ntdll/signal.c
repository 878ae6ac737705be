/*
 * Hardware exceptions: SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP become Windows exceptions.
 *
 * The handler runs on a per-thread alternate stack. It turns the signal frame into an
 * EXCEPTION_RECORD and a CONTEXT, copies both onto the faulting thread's Windows stack and makes the
 * signal return land in a trampoline that dispatches from there: handlers then run on the guest stack
 * with the signal no longer blocked, as on Windows, and may resume any context or unwind.
 *
 * Written for oriel.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(seh);

#define ALT_STACK_SIZE (64 * 1024)
#define RED_ZONE 128 /* host (SysV) code may keep data below its rsp */

/* trap numbers of the x86 exceptions behind the signals */
#define TRAP_DIVIDE 0
#define TRAP_DEBUG 1
#define TRAP_BREAKPOINT 3
#define TRAP_OVERFLOW 4
#define TRAP_BOUND 5
#define TRAP_INVALID_OPCODE 6
#define TRAP_STACK_FAULT 12
#define TRAP_PROTECTION 13
#define TRAP_PAGE_FAULT 14
#define TRAP_ALIGNMENT 17

struct signal_frame {
    CONTEXT context; /* first: 16-byte aligned */
    EXCEPTION_RECORD rec;
};

void signal_dispatch_trampoline(void) DECLSPEC_HIDDEN;
static void signal_dispatch(struct signal_frame *frame) __attribute__((used, noreturn));

/* Entered through the signal return with rsp = rdi = the signal_frame. */
__asm__(".text\n\t"
        ".globl signal_dispatch_trampoline\n\t"
        ".hidden signal_dispatch_trampoline\n\t"
        ".type signal_dispatch_trampoline,@function\n"
        "signal_dispatch_trampoline:\n\t"
        "call signal_dispatch\n\t"
        "ud2\n\t"
        ".size signal_dispatch_trampoline, .-signal_dispatch_trampoline\n");

static void signal_dispatch(struct signal_frame *frame)
{
    NtRaiseException(&frame->rec, &frame->context, TRUE);
    exception_terminate(&frame->rec, &frame->context);
}

/* The TEB of the current thread, or NULL on a host thread (GS base not set up by the loader). */
static TEB *signal_teb(void)
{
    unsigned long gs = 0;
    TEB *teb;

    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs)
        return NULL;
    teb = (TEB *)gs;
    return teb->Tib.Self == &teb->Tib ? teb : NULL;
}

void signal_context_from_ucontext(CONTEXT *context, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    unsigned short ds, es, ss;

    memset(context, 0, sizeof(*context));
    context->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    context->Rax = g[REG_RAX];
    context->Rcx = g[REG_RCX];
    context->Rdx = g[REG_RDX];
    context->Rbx = g[REG_RBX];
    context->Rsp = g[REG_RSP];
    context->Rbp = g[REG_RBP];
    context->Rsi = g[REG_RSI];
    context->Rdi = g[REG_RDI];
    context->R8 = g[REG_R8];
    context->R9 = g[REG_R9];
    context->R10 = g[REG_R10];
    context->R11 = g[REG_R11];
    context->R12 = g[REG_R12];
    context->R13 = g[REG_R13];
    context->R14 = g[REG_R14];
    context->R15 = g[REG_R15];
    context->Rip = g[REG_RIP];
    context->EFlags = (DWORD)g[REG_EFL];
    context->SegCs = g[REG_CSGSFS] & 0xffff;
    context->SegGs = (g[REG_CSGSFS] >> 16) & 0xffff;
    context->SegFs = (g[REG_CSGSFS] >> 32) & 0xffff;
    __asm__("movw %%ds, %0; movw %%es, %1; movw %%ss, %2" : "=m"(ds), "=m"(es), "=m"(ss));
    context->SegDs = ds;
    context->SegEs = es;
    context->SegSs = ss;
    if (uc->uc_mcontext.fpregs) {
        /* the kernel's fpstate starts with the FXSAVE image */
        memcpy(&context->FltSave, uc->uc_mcontext.fpregs, sizeof(context->FltSave));
        context->MxCsr = context->FltSave.MxCsr;
        context->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

static BOOL is_privileged_instruction(const BYTE *pc)
{
    switch (pc[0]) {
    case 0xf4: /* hlt */
    case 0xfa: /* cli */
    case 0xfb: /* sti */
    case 0xe4:
    case 0xe5:
    case 0xe6:
    case 0xe7: /* in/out imm8 */
    case 0xec:
    case 0xed:
    case 0xee:
    case 0xef: /* in/out dx */
    case 0x6c:
    case 0x6d:
    case 0x6e:
    case 0x6f: /* ins/outs */
        return TRUE;
    case 0x0f:
        return pc[1] == 0x06 || pc[1] == 0x08 || pc[1] == 0x09 || pc[1] == 0x20 || pc[1] == 0x22 ||
               pc[1] == 0x30 || pc[1] == 0x32;
    }
    return FALSE;
}

/* Fills the exception record for a signal (and fixes up the context where Windows reports it differently). */
static void record_from_signal(EXCEPTION_RECORD *rec, CONTEXT *context, int sig, const siginfo_t *info,
                               const ucontext_t *uc, const TEB *teb)
{
    ULONG64 trap = uc->uc_mcontext.gregs[REG_TRAPNO], err = uc->uc_mcontext.gregs[REG_ERR];
    ULONG64 addr = (ULONG64)info->si_addr;

    memset(rec, 0, sizeof(*rec));
    rec->ExceptionAddress = (void *)context->Rip;
    switch (sig) {
    case SIGSEGV:
        if (trap == TRAP_PROTECTION) {
            const BYTE *pc = (const BYTE *)context->Rip;
            if (pc[0] == 0xcd && pc[1] == 0x29) {
                /* __fastfail: the process ends at once, handlers are not called */
                rec->ExceptionCode = STATUS_STACK_BUFFER_OVERRUN;
                rec->ExceptionFlags = EXCEPTION_NONCONTINUABLE;
                rec->NumberParameters = 1;
                rec->ExceptionInformation[0] = context->Rcx;
                exception_terminate(rec, context);
            }
            if (pc[0] == 0xcd && pc[1] == 0x03) {
                rec->ExceptionCode = STATUS_BREAKPOINT;
                rec->NumberParameters = 1;
                break;
            }
            if (is_privileged_instruction(pc)) {
                rec->ExceptionCode = STATUS_PRIVILEGED_INSTRUCTION;
                break;
            }
            /* a general protection fault has no address: Windows reports all bits set */
            rec->ExceptionCode = STATUS_ACCESS_VIOLATION;
            rec->NumberParameters = 2;
            rec->ExceptionInformation[0] = EXCEPTION_READ_FAULT;
            rec->ExceptionInformation[1] = ~(ULONG_PTR)0;
            break;
        }
        rec->ExceptionCode = STATUS_ACCESS_VIOLATION;
        rec->NumberParameters = 2;
        if (trap == TRAP_PAGE_FAULT && (err & 0x10))
            rec->ExceptionInformation[0] = EXCEPTION_EXECUTE_FAULT;
        else if (trap == TRAP_PAGE_FAULT && (err & 0x02))
            rec->ExceptionInformation[0] = EXCEPTION_WRITE_FAULT;
        else
            rec->ExceptionInformation[0] = EXCEPTION_READ_FAULT;
        rec->ExceptionInformation[1] = addr;
        if (teb && teb->Tib.StackBase) {
            ULONG64 low = (ULONG64)(teb->DeallocationStack ? teb->DeallocationStack : teb->Tib.StackLimit);
            /* a fault in the pages at the bottom of the stack, or just below it */
            if (addr + 0x10000 >= low && addr < (ULONG64)teb->Tib.StackLimit + 0x1000 &&
                addr + 0x10000 >= context->Rsp && addr < context->Rsp + 0x1000) {
                rec->ExceptionCode = STATUS_STACK_OVERFLOW;
                rec->NumberParameters = 2;
            }
        }
        break;
    case SIGBUS:
        if (info->si_code == BUS_ADRALN || trap == TRAP_ALIGNMENT) {
            rec->ExceptionCode = STATUS_DATATYPE_MISALIGNMENT;
        } else if (trap == TRAP_STACK_FAULT || trap == TRAP_PROTECTION) {
            rec->ExceptionCode = STATUS_ACCESS_VIOLATION;
            rec->NumberParameters = 2;
            rec->ExceptionInformation[1] = ~(ULONG_PTR)0;
        } else {
            /* a mapped file page that no longer exists */
            rec->ExceptionCode = STATUS_IN_PAGE_ERROR;
            rec->NumberParameters = 3;
            rec->ExceptionInformation[0] = (err & 0x02) ? EXCEPTION_WRITE_FAULT : EXCEPTION_READ_FAULT;
            rec->ExceptionInformation[1] = addr;
            rec->ExceptionInformation[2] = (ULONG_PTR)STATUS_END_OF_FILE;
        }
        break;
    case SIGILL:
        rec->ExceptionCode =
            info->si_code == ILL_PRVOPC ? STATUS_PRIVILEGED_INSTRUCTION : STATUS_ILLEGAL_INSTRUCTION;
        break;
    case SIGFPE:
        switch (info->si_code) {
        case FPE_INTDIV:
            rec->ExceptionCode = STATUS_INTEGER_DIVIDE_BY_ZERO;
            break;
        case FPE_INTOVF:
            rec->ExceptionCode = STATUS_INTEGER_OVERFLOW;
            break;
        case FPE_FLTDIV:
            rec->ExceptionCode = STATUS_FLOAT_DIVIDE_BY_ZERO;
            break;
        case FPE_FLTOVF:
            rec->ExceptionCode = STATUS_FLOAT_OVERFLOW;
            break;
        case FPE_FLTUND:
            rec->ExceptionCode = STATUS_FLOAT_UNDERFLOW;
            break;
        case FPE_FLTRES:
            rec->ExceptionCode = STATUS_FLOAT_INEXACT_RESULT;
            break;
        case FPE_FLTSUB:
            rec->ExceptionCode = STATUS_ARRAY_BOUNDS_EXCEEDED;
            break;
        case FPE_FLTINV:
        default:
            rec->ExceptionCode = STATUS_FLOAT_INVALID_OPERATION;
            break;
        }
        break;
    case SIGTRAP:
        if (info->si_code == TRAP_TRACE || trap == TRAP_DEBUG) {
            rec->ExceptionCode = STATUS_SINGLE_STEP;
            context->EFlags &= ~0x100;
        } else {
            /* int3: Windows reports the address of the instruction itself */
            rec->ExceptionCode = STATUS_BREAKPOINT;
            rec->NumberParameters = 1;
            context->Rip--;
            rec->ExceptionAddress = (void *)context->Rip;
        }
        break;
    }
}

/* A fault with no Windows thread to dispatch it on. */
static void host_fault(int sig, const siginfo_t *info, const ucontext_t *uc)
{
    struct sigaction sa;

    ERR("signal %d (%s) in host code at %#llx, address %p: aborting\n", sig, strsignal(sig),
        (unsigned long long)uc->uc_mcontext.gregs[REG_RIP], info->si_addr);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(SIGABRT, &sa, NULL);
    abort();
}

static void fault_handler(int sig, siginfo_t *info, void *ucontext)
{
    ucontext_t *uc = ucontext;
    greg_t *g = uc->uc_mcontext.gregs;
    TEB *teb = signal_teb();
    ULONG64 rsp = g[REG_RSP], low, high, sp;
    struct signal_frame *frame;
    struct signal_frame local;

    if (!teb || !teb->Tib.StackBase) {
        host_fault(sig, info, uc);
        return;
    }
    high = (ULONG64)teb->Tib.StackBase;
    low = (ULONG64)(teb->DeallocationStack ? teb->DeallocationStack : teb->Tib.StackLimit);
    if (rsp <= low - 0x10000 || rsp > high) {
        /* not on the Windows stack: a host thread borrowing the TEB, or a corrupt rsp */
        host_fault(sig, info, uc);
        return;
    }

    sp = (rsp - RED_ZONE - sizeof(struct signal_frame)) & ~(ULONG64)63;
    if ((ULONG64)__builtin_frame_address(0) > low && (ULONG64)__builtin_frame_address(0) < high) {
        /* no alternate stack on this thread (signal_init_thread was not called): this handler runs
         * below the signal frame on the same stack, so keep clear of what it still uses */
        ULONG64 here = (ULONG64)__builtin_frame_address(0) - 0x4000 - sizeof(struct signal_frame);
        if (here < sp)
            sp = here & ~(ULONG64)63;
    }
    if (sp < low + 0x1000) {
        /* no room left on the stack (overflow): report from here */
        signal_context_from_ucontext(&local.context, uc);
        record_from_signal(&local.rec, &local.context, sig, info, uc, teb);
        ERR("no stack left to dispatch exception %#x\n", local.rec.ExceptionCode);
        exception_terminate(&local.rec, &local.context);
    }
    frame = (struct signal_frame *)sp;
    signal_context_from_ucontext(&frame->context, uc);
    record_from_signal(&frame->rec, &frame->context, sig, info, uc, teb);
    TRACE("signal %d -> exception %#x at %p\n", sig, frame->rec.ExceptionCode, frame->rec.ExceptionAddress);

    g[REG_RSP] = sp;
    g[REG_RDI] = sp;
    g[REG_RIP] = (greg_t)signal_dispatch_trampoline;
    g[REG_EFL] &= ~(0x100 | 0x400); /* no single-stepping into the dispatcher; DF clear for C code */
}

/* The alternate stack signal_init_thread allocated for this thread (initial-exec TLS, touched only
 * from System V code). */
static __thread void *alt_stack_mem;

/* Frees the thread's alternate signal stack; called by a thread about to end, off that stack. */
void signal_exit_thread(void)
{
    stack_t ss = {.ss_flags = SS_DISABLE}, old;

    if (!alt_stack_mem || sigaltstack(NULL, &old) || (old.ss_flags & SS_ONSTACK))
        return;
    if (sigaltstack(&ss, NULL))
        return;
    munmap(alt_stack_mem, ALT_STACK_SIZE + 4096);
    alt_stack_mem = NULL;
}

void signal_init_thread(void)
{
    stack_t ss, old;
    void *mem;

    if (!sigaltstack(NULL, &old) && !(old.ss_flags & SS_DISABLE) && old.ss_size >= ALT_STACK_SIZE)
        return;
    mem = mmap(NULL, ALT_STACK_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        ERR("cannot allocate the signal stack\n");
        return;
    }
    mprotect(mem, 4096, PROT_NONE); /* guard page */
    ss.ss_sp = (char *)mem + 4096;
    ss.ss_size = ALT_STACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL)) {
        ERR("sigaltstack failed\n");
        munmap(mem, ALT_STACK_SIZE + 4096);
        return;
    }
    alt_stack_mem = mem;
}

void signal_init_process(void)
{
    static const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    struct sigaction sa;
    unsigned int i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < ARRAY_SIZE(signals); i++)
        sigaddset(&sa.sa_mask, signals[i]);
    for (i = 0; i < ARRAY_SIZE(signals); i++)
        if (sigaction(signals[i], &sa, NULL))
            ERR("sigaction(%d) failed\n", signals[i]);
    signal_init_thread();
}
