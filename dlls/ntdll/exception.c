/*
 * x64 structured exception handling: raising, dispatching (vectored handlers, frame handlers found
 * through .pdata, the unhandled exception filter), unwinding, context capture and restore, and
 * __C_specific_handler.
 *
 * Builtin DLLs are ELF code without unwind data, so a walk over the stack cannot step through them.
 * Two measures keep guest frames reachable anyway:
 *   - the entry points that start a walk (RtlRaiseException, RtlUnwindEx, RtlUnwind,
 *     RtlCaptureStackBackTrace) are assembly stubs that capture the context of their guest caller;
 *   - every guest handler, filter and termination handler is called through call_guest_handler,
 *     whose return address the walkers recognize. Its frame leads to a struct handler_frame telling
 *     how the walk goes on past the host frames below it, the way the handler-calling frames of
 *     Windows' ntdll report nested exceptions and collided unwinds.
 *
 * Written for oriel from Microsoft's documentation of x64 exception handling.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(seh);

#define HANDLER_FRAME_MAGIC 0x53454866726d6521ull

enum handler_kind {
    CALL_DISPATCH, /* a handler called while dispatching an exception (or a vectored handler, a filter) */
    CALL_UNWIND    /* a handler called while unwinding */
};

struct handler_frame {
    DISPATCHER_CONTEXT dispatch; /* first: handlers receive a pointer to it */
    ULONG64 magic;
    enum handler_kind kind;
    const CONTEXT *orig_context;   /* dispatch: the exception's context, where a nested walk resumes */
    ULONG64 nested_frame;          /* dispatch: establisher frame whose handler runs (0: none) */
    const CONTEXT *caller_context; /* unwind: the context RtlUnwindEx was called with */
};

/* assembly below */
EXCEPTION_DISPOSITION WINAPI call_guest_handler(void *arg1, void *arg2, void *arg3, void *arg4, void *func,
                                                struct handler_frame *frame) DECLSPEC_HIDDEN;
extern const char call_guest_handler_ret[] DECLSPEC_HIDDEN;
void restore_context_regs(const CONTEXT *context) DECLSPEC_HIDDEN __attribute__((noreturn));

/* ---- assembly ---- */

/* Stores the registers as they are at the call into *context (rcx). Clobbers nothing. */
__asm__(".text\n\t"
        ".globl RtlCaptureContext\n\t"
        ".type RtlCaptureContext,@function\n\t"
        ".globl capture_context\n\t"
        ".hidden capture_context\n"
        "RtlCaptureContext:\n"
        "capture_context:\n\t"
        ".cfi_startproc\n\t"
        "movq %rax, 0x78(%rcx)\n\t"
        "pushfq\n\t"
        ".cfi_adjust_cfa_offset 8\n\t"
        "popq %rax\n\t"
        ".cfi_adjust_cfa_offset -8\n\t"
        "movl %eax, 0x44(%rcx)\n\t" /* EFlags */
        "movq %rcx, 0x80(%rcx)\n\t"
        "movq %rdx, 0x88(%rcx)\n\t"
        "movq %rbx, 0x90(%rcx)\n\t"
        "leaq 8(%rsp), %rax\n\t"
        "movq %rax, 0x98(%rcx)\n\t" /* Rsp after the return */
        "movq %rbp, 0xa0(%rcx)\n\t"
        "movq %rsi, 0xa8(%rcx)\n\t"
        "movq %rdi, 0xb0(%rcx)\n\t"
        "movq %r8, 0xb8(%rcx)\n\t"
        "movq %r9, 0xc0(%rcx)\n\t"
        "movq %r10, 0xc8(%rcx)\n\t"
        "movq %r11, 0xd0(%rcx)\n\t"
        "movq %r12, 0xd8(%rcx)\n\t"
        "movq %r13, 0xe0(%rcx)\n\t"
        "movq %r14, 0xe8(%rcx)\n\t"
        "movq %r15, 0xf0(%rcx)\n\t"
        "movq (%rsp), %rax\n\t"
        "movq %rax, 0xf8(%rcx)\n\t" /* Rip: the return address */
        "movw %cs, 0x38(%rcx)\n\t"
        "movw %ds, 0x3a(%rcx)\n\t"
        "movw %es, 0x3c(%rcx)\n\t"
        "movw %fs, 0x3e(%rcx)\n\t"
        "movw %gs, 0x40(%rcx)\n\t"
        "movw %ss, 0x42(%rcx)\n\t"
        "fxsave 0x100(%rcx)\n\t"
        "stmxcsr 0x34(%rcx)\n\t"
        "movl $0x10000f, 0x30(%rcx)\n\t" /* CONTEXT_FULL | CONTEXT_SEGMENTS */
        "movq 0x78(%rcx), %rax\n\t"
        "ret\n\t"
        ".cfi_endproc\n\t"
        ".size RtlCaptureContext, .-RtlCaptureContext\n");

/* Loads every register from the context (rdi) and jumps to its Rip through iretq, which switches
 * rip, rsp and rflags at once. */
__asm__(".text\n\t"
        ".globl restore_context_regs\n\t"
        ".hidden restore_context_regs\n\t"
        ".type restore_context_regs,@function\n"
        "restore_context_regs:\n\t"
        "movq %rdi, %rcx\n\t"
        "testl $0x8, 0x30(%rcx)\n\t" /* CONTEXT_FLOATING_POINT */
        "jz 1f\n\t"
        "fxrstor 0x100(%rcx)\n\t"
        "ldmxcsr 0x34(%rcx)\n"
        "1:\n\t"
        "movl %ss, %eax\n\t"
        "pushq %rax\n\t"
        "pushq 0x98(%rcx)\n\t"
        "movl 0x44(%rcx), %eax\n\t"
        "andl $0x240fd5, %eax\n\t" /* arithmetic flags, TF, DF, OF, AC, ID */
        "orl $0x202, %eax\n\t"
        "pushq %rax\n\t"
        "movl %cs, %eax\n\t"
        "pushq %rax\n\t"
        "pushq 0xf8(%rcx)\n\t"
        "movq 0x78(%rcx), %rax\n\t"
        "movq 0x88(%rcx), %rdx\n\t"
        "movq 0x90(%rcx), %rbx\n\t"
        "movq 0xa0(%rcx), %rbp\n\t"
        "movq 0xa8(%rcx), %rsi\n\t"
        "movq 0xb0(%rcx), %rdi\n\t"
        "movq 0xb8(%rcx), %r8\n\t"
        "movq 0xc0(%rcx), %r9\n\t"
        "movq 0xc8(%rcx), %r10\n\t"
        "movq 0xd0(%rcx), %r11\n\t"
        "movq 0xd8(%rcx), %r12\n\t"
        "movq 0xe0(%rcx), %r13\n\t"
        "movq 0xe8(%rcx), %r14\n\t"
        "movq 0xf0(%rcx), %r15\n\t"
        "movq 0x80(%rcx), %rcx\n\t"
        "iretq\n\t"
        ".size restore_context_regs, .-restore_context_regs\n");

/* EXCEPTION_DISPOSITION call_guest_handler(a1, a2, a3, a4, func, frame): calls func(a1, a2, a3, a4) with
 * the Windows ABI, leaving frame at 0x20(%rsp) where the walkers find it when they meet the return
 * address call_guest_handler_ret. */
__asm__(".text\n\t"
        ".globl call_guest_handler\n\t"
        ".hidden call_guest_handler\n\t"
        ".globl call_guest_handler_ret\n\t"
        ".hidden call_guest_handler_ret\n\t"
        ".type call_guest_handler,@function\n"
        "call_guest_handler:\n\t"
        ".cfi_startproc\n\t"
        "pushq %rbp\n\t"
        ".cfi_adjust_cfa_offset 8\n\t"
        ".cfi_rel_offset %rbp, 0\n\t"
        "movq %rsp, %rbp\n\t"
        ".cfi_def_cfa_register %rbp\n\t"
        "subq $0x30, %rsp\n\t"
        "movq 0x38(%rbp), %rax\n\t"
        "movq %rax, 0x20(%rsp)\n\t"
        "call *0x30(%rbp)\n"
        "call_guest_handler_ret:\n\t"
        "leave\n\t"
        ".cfi_def_cfa %rsp, 8\n\t"
        "ret\n\t"
        ".cfi_endproc\n\t"
        ".size call_guest_handler, .-call_guest_handler\n");

/* An exported entry point that starts from the context of its (guest) caller: captures it (Rsp and
 * Rip as after the return, argument registers as passed) and calls IMPL(&context) with the Windows
 * ABI. Stack arguments stay readable at context.Rsp + 0x20. */
#define CALLER_CONTEXT_ENTRY(name, impl)                                                                     \
    __asm__(".text\n\t"                                                                                      \
            ".globl " #name "\n\t"                                                                           \
            ".type " #name ",@function\n" #name ":\n\t"                                                      \
            ".cfi_startproc\n\t"                                                                             \
            "subq $0x4f8, %rsp\n\t"                                                                          \
            ".cfi_adjust_cfa_offset 0x4f8\n\t"                                                               \
            "movq %rcx, 0x4f0(%rsp)\n\t"                                                                     \
            "leaq 0x20(%rsp), %rcx\n\t"                                                                      \
            "call capture_context\n\t"                                                                       \
            "movq 0x4f0(%rsp), %rax\n\t"                                                                     \
            "movq %rax, 0xa0(%rsp)\n\t" /* Rcx */                                                            \
            "leaq 0x500(%rsp), %rax\n\t"                                                                     \
            "movq %rax, 0xb8(%rsp)\n\t" /* Rsp */                                                            \
            "movq 0x4f8(%rsp), %rax\n\t"                                                                     \
            "movq %rax, 0x118(%rsp)\n\t" /* Rip */                                                           \
            "leaq 0x20(%rsp), %rcx\n\t"                                                                      \
            "call " #impl "\n\t"                                                                             \
            "addq $0x4f8, %rsp\n\t"                                                                          \
            ".cfi_adjust_cfa_offset -0x4f8\n\t"                                                              \
            "ret\n\t"                                                                                        \
            ".cfi_endproc\n\t"                                                                               \
            ".size " #name ", .-" #name "\n")

/* ---- helpers ---- */

static void raise_status(NTSTATUS status, EXCEPTION_RECORD *chained, const CONTEXT *from)
    __attribute__((noreturn));

/* Raises a noncontinuable status exception as if from the guest context `from`: raised from here, the
 * walk would start in host code and see no handler at all. */
static void raise_status(NTSTATUS status, EXCEPTION_RECORD *chained, const CONTEXT *from)
{
    EXCEPTION_RECORD rec;
    CONTEXT context = *from;

    memset(&rec, 0, sizeof(rec));
    rec.ExceptionCode = status;
    rec.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    rec.ExceptionRecord = chained;
    rec.ExceptionAddress = (void *)context.Rip;
    NtRaiseException(&rec, &context, TRUE);
    exception_terminate(&rec, &context); /* not reached: NtRaiseException does not return */
}

static BOOL is_valid_frame(ULONG64 frame)
{
    TEB *teb = NtCurrentTeb();
    ULONG64 high = (ULONG64)teb->Tib.StackBase;
    ULONG64 low = (ULONG64)(teb->DeallocationStack ? teb->DeallocationStack : teb->Tib.StackLimit);

    if (frame & 7)
        return FALSE;
    if (!high)
        return TRUE; /* stack bounds unknown */
    return frame >= low && frame <= high;
}

static struct handler_frame *handler_frame_at(const CONTEXT *context)
{
    struct handler_frame *frame = *(struct handler_frame **)(context->Rsp + 0x20);
    return frame && frame->magic == HANDLER_FRAME_MAGIC ? frame : NULL;
}

static struct handler_frame *handler_frame_from_dispatch(DISPATCHER_CONTEXT *dispatch)
{
    struct handler_frame *frame = (struct handler_frame *)dispatch;
    return frame && frame->magic == HANDLER_FRAME_MAGIC ? frame : NULL;
}

/* ---- vectored handlers ---- */

struct vectored_handler {
    struct vectored_handler *next, *prev;
    PVECTORED_EXCEPTION_HANDLER func;
    ULONG refs;
    BOOL removed;
};

struct vectored_list {
    struct vectored_handler *head, *tail;
};

static struct vectored_list exception_handlers, continue_handlers;
static pthread_mutex_t vectored_lock = PTHREAD_MUTEX_INITIALIZER;

static void vectored_unlink(struct vectored_list *list, struct vectored_handler *h)
{
    if (h->prev)
        h->prev->next = h->next;
    else
        list->head = h->next;
    if (h->next)
        h->next->prev = h->prev;
    else
        list->tail = h->prev;
    free(h);
}

static PVOID vectored_add(struct vectored_list *list, ULONG first, PVECTORED_EXCEPTION_HANDLER func)
{
    struct vectored_handler *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    h->func = func;
    pthread_mutex_lock(&vectored_lock);
    if (first) {
        h->next = list->head;
        if (list->head)
            list->head->prev = h;
        else
            list->tail = h;
        list->head = h;
    } else {
        h->prev = list->tail;
        if (list->tail)
            list->tail->next = h;
        else
            list->head = h;
        list->tail = h;
    }
    pthread_mutex_unlock(&vectored_lock);
    TRACE("%p -> %p\n", func, h);
    return h;
}

static ULONG vectored_remove(struct vectored_list *list, PVOID handle)
{
    struct vectored_handler *h;
    ULONG ret = FALSE;

    pthread_mutex_lock(&vectored_lock);
    for (h = list->head; h; h = h->next) {
        if (h != handle || h->removed)
            continue;
        h->removed = TRUE;
        if (!h->refs)
            vectored_unlink(list, h);
        ret = TRUE;
        break;
    }
    pthread_mutex_unlock(&vectored_lock);
    return ret;
}

/* Calls the handlers in order until one returns EXCEPTION_CONTINUE_EXECUTION. The lock is not held
 * while a handler runs: it may add or remove handlers, or raise. */
static LONG vectored_call(struct vectored_list *list, EXCEPTION_RECORD *rec, CONTEXT *context)
{
    EXCEPTION_POINTERS ptrs = {rec, context};
    struct handler_frame frame;
    struct vectored_handler *h, *next;
    LONG ret = EXCEPTION_CONTINUE_SEARCH;

    memset(&frame, 0, sizeof(frame));
    frame.magic = HANDLER_FRAME_MAGIC;
    frame.kind = CALL_DISPATCH;
    frame.orig_context = context;

    pthread_mutex_lock(&vectored_lock);
    for (h = list->head; h; h = next) {
        if (h->removed) {
            next = h->next;
            continue;
        }
        h->refs++;
        pthread_mutex_unlock(&vectored_lock);
        TRACE("calling handler %p code %#x\n", h->func, rec->ExceptionCode);
        ret = (LONG)call_guest_handler(&ptrs, NULL, NULL, NULL, (void *)h->func, &frame);
        TRACE("handler %p returned %d\n", h->func, ret);
        pthread_mutex_lock(&vectored_lock);
        next = h->next;
        if (!--h->refs && h->removed)
            vectored_unlink(list, h);
        if (ret == EXCEPTION_CONTINUE_EXECUTION)
            break;
    }
    pthread_mutex_unlock(&vectored_lock);
    return ret;
}

PVOID WINAPI RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return vectored_add(&exception_handlers, first, handler);
}

ULONG WINAPI RtlRemoveVectoredExceptionHandler(PVOID handle)
{
    return vectored_remove(&exception_handlers, handle);
}

PVOID WINAPI RtlAddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return vectored_add(&continue_handlers, first, handler);
}

ULONG WINAPI RtlRemoveVectoredContinueHandler(PVOID handle)
{
    return vectored_remove(&continue_handlers, handle);
}

/* ---- dispatching ---- */

static PRTL_UNHANDLED_EXCEPTION_FILTER unhandled_filter;

void WINAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER filter)
{
    __atomic_store_n(&unhandled_filter, filter, __ATOMIC_RELEASE);
}

/* One step of a walk where the context is not in a function with unwind data. Returns FALSE where the
 * walk ends (host code, the end of the stack). */
static BOOL step_leaf(CONTEXT *context)
{
    if (!context->Rip || !unwind_pc_in_pe_code(context->Rip))
        return FALSE;
    context->Rip = *(ULONG64 *)context->Rsp;
    context->Rsp += 8;
    return TRUE;
}

/* The frame-based part of RtlDispatchException. */
static BOOL dispatch_to_frames(EXCEPTION_RECORD *rec, CONTEXT *orig)
{
    UNWIND_HISTORY_TABLE table;
    struct handler_frame frame;
    CONTEXT context = *orig, new_context;
    ULONG64 nested_frame = 0;

    memset(&table, 0, sizeof(table));
    memset(&frame, 0, sizeof(frame));
    frame.magic = HANDLER_FRAME_MAGIC;
    frame.kind = CALL_DISPATCH;
    frame.orig_context = orig;

    for (;;) {
        ULONG64 pc = context.Rip, base, establisher;
        PRUNTIME_FUNCTION func;
        PEXCEPTION_ROUTINE handler;
        void *data;
        EXCEPTION_DISPOSITION res;

        if (pc == (ULONG64)call_guest_handler_ret) {
            struct handler_frame *outer = handler_frame_at(&context);
            if (!outer)
                break;
            if (outer->kind == CALL_DISPATCH) {
                /* raised inside a handler: go on from the outer exception's context, with the nested
                 * flag up to the frame whose handler was running */
                if (outer->nested_frame) {
                    nested_frame = outer->nested_frame;
                    rec->ExceptionFlags |= EXCEPTION_NESTED_CALL;
                }
                context = *outer->orig_context;
            } else {
                context = *outer->caller_context;
            }
            continue;
        }
        if (!(func = RtlLookupFunctionEntry(pc, &base, &table))) {
            if (!step_leaf(&context))
                break;
            continue;
        }
        new_context = context;
        handler =
            RtlVirtualUnwind(UNW_FLAG_EHANDLER, base, pc, func, &new_context, &data, &establisher, NULL);
        if (!is_valid_frame(establisher)) {
            WARN("invalid frame %#llx\n", (unsigned long long)establisher);
            rec->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            break;
        }
        if (handler) {
            frame.dispatch.ControlPc = pc;
            frame.dispatch.ImageBase = base;
            frame.dispatch.FunctionEntry = func;
            frame.dispatch.EstablisherFrame = establisher;
            frame.dispatch.TargetIp = 0;
            frame.dispatch.ContextRecord = &context;
            frame.dispatch.LanguageHandler = handler;
            frame.dispatch.HandlerData = data;
            frame.dispatch.HistoryTable = &table;
            frame.dispatch.ScopeIndex = 0;
            frame.nested_frame = establisher;
            TRACE("calling handler %p frame %#llx pc %#llx\n", handler, (unsigned long long)establisher,
                  (unsigned long long)pc);
            res =
                call_guest_handler(rec, (void *)establisher, orig, &frame.dispatch, (void *)handler, &frame);
            TRACE("handler %p returned %d\n", handler, res);
            if (nested_frame == establisher) {
                rec->ExceptionFlags &= ~EXCEPTION_NESTED_CALL;
                nested_frame = 0;
            }
            switch (res) {
            case ExceptionContinueExecution:
                if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                    raise_status(STATUS_NONCONTINUABLE_EXCEPTION, rec, orig);
                return TRUE;
            case ExceptionContinueSearch:
                break;
            case ExceptionNestedException:
                rec->ExceptionFlags |= EXCEPTION_NESTED_CALL;
                if (frame.dispatch.EstablisherFrame > nested_frame)
                    nested_frame = frame.dispatch.EstablisherFrame;
                break;
            case ExceptionCollidedUnwind:
                /* the handler left the state of an interrupted walk in the dispatcher context */
                context = *frame.dispatch.ContextRecord;
                new_context = context;
                RtlVirtualUnwind(UNW_FLAG_NHANDLER, frame.dispatch.ImageBase, frame.dispatch.ControlPc,
                                 frame.dispatch.FunctionEntry, &new_context, &data, &establisher, NULL);
                break;
            default:
                raise_status(STATUS_INVALID_DISPOSITION, rec, orig);
            }
        }
        context = new_context;
    }
    return FALSE;
}

static BOOL dispatch_exception(EXCEPTION_RECORD *rec, CONTEXT *context)
{
    TRACE("code %#x flags %#x addr %p rip %#llx rsp %#llx\n", rec->ExceptionCode, rec->ExceptionFlags,
          rec->ExceptionAddress, (unsigned long long)context->Rip, (unsigned long long)context->Rsp);

    if (vectored_call(&exception_handlers, rec, context) == EXCEPTION_CONTINUE_EXECUTION ||
        dispatch_to_frames(rec, context)) {
        vectored_call(&continue_handlers, rec, context);
        return TRUE;
    }
    return FALSE;
}

/* What Windows does when no frame handles an exception: the top-level filter decides between resuming,
 * ending the process silently, and the default (here: the crash report). */
/* per-thread "inside the unhandled exception filter" (a pthread key: ntdll keeps its static TLS small) */
static pthread_key_t filter_key;
static pthread_once_t filter_key_once = PTHREAD_ONCE_INIT;

static void create_filter_key(void)
{
    pthread_key_create(&filter_key, NULL);
}

static void unhandled_exception(EXCEPTION_RECORD *rec, CONTEXT *context)
{
    PRTL_UNHANDLED_EXCEPTION_FILTER filter = __atomic_load_n(&unhandled_filter, __ATOMIC_ACQUIRE);

    /* an exception the filter itself does not survive must not call the filter again */
    pthread_once(&filter_key_once, create_filter_key);
    if (filter && !pthread_getspecific(filter_key)) {
        EXCEPTION_POINTERS ptrs = {rec, context};
        struct handler_frame frame;
        LONG ret;

        memset(&frame, 0, sizeof(frame));
        frame.magic = HANDLER_FRAME_MAGIC;
        frame.kind = CALL_DISPATCH;
        frame.orig_context = context;
        pthread_setspecific(filter_key, (void *)1);
        ret = (LONG)call_guest_handler(&ptrs, NULL, NULL, NULL, (void *)filter, &frame);
        pthread_setspecific(filter_key, NULL);
        TRACE("unhandled exception filter %p returned %d\n", filter, ret);
        if (ret == EXCEPTION_CONTINUE_EXECUTION && !(rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE))
            NtContinue(context, FALSE);
        if (ret == EXCEPTION_EXECUTE_HANDLER)
            exception_terminate(rec, NULL);
    }
    exception_terminate(rec, context);
}

NTSTATUS WINAPI NtRaiseException(PEXCEPTION_RECORD rec, PCONTEXT context, BOOLEAN first_chance)
{
    if (first_chance) {
        if (dispatch_exception(rec, context))
            NtContinue(context, FALSE);
        unhandled_exception(rec, context);
    }
    /* second chance without a debugger: the process ends */
    exception_terminate(rec, context);
}

static __attribute__((used)) void WINAPI raise_exception_impl(CONTEXT *context)
{
    EXCEPTION_RECORD *rec = (EXCEPTION_RECORD *)context->Rcx;

    rec->ExceptionAddress = (void *)context->Rip;
    NtRaiseException(rec, context, TRUE);
}
CALLER_CONTEXT_ENTRY(RtlRaiseException, raise_exception_impl);

NTSTATUS WINAPI NtContinue(PCONTEXT context, BOOLEAN alertable)
{
    restore_context_regs(context);
}

/* ---- context restore ---- */

/* msvcrt's _JUMP_BUFFER, as handed to RtlRestoreContext by longjmp through STATUS_LONGJUMP */
struct jump_buffer {
    ULONG64 Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    ULONG MxCsr;
    USHORT FpCsr;
    USHORT Spare;
    M128A Xmm[10]; /* Xmm6..Xmm15 */
};

void WINAPI RtlRestoreContext(PCONTEXT context, PEXCEPTION_RECORD rec)
{
    if (rec && rec->ExceptionCode == STATUS_LONGJUMP && rec->NumberParameters >= 1) {
        const struct jump_buffer *jmp = (const struct jump_buffer *)rec->ExceptionInformation[0];
        context->Rbx = jmp->Rbx;
        context->Rsp = jmp->Rsp;
        context->Rbp = jmp->Rbp;
        context->Rsi = jmp->Rsi;
        context->Rdi = jmp->Rdi;
        context->R12 = jmp->R12;
        context->R13 = jmp->R13;
        context->R14 = jmp->R14;
        context->R15 = jmp->R15;
        context->Rip = jmp->Rip;
        context->MxCsr = jmp->MxCsr;
        context->FltSave.MxCsr = jmp->MxCsr;
        context->FltSave.ControlWord = jmp->FpCsr;
        memcpy(&context->Xmm6, jmp->Xmm, sizeof(jmp->Xmm));
    } else if (rec && rec->ExceptionCode == STATUS_UNWIND_CONSOLIDATE && rec->NumberParameters >= 1) {
        PVOID(WINAPI * callback)(EXCEPTION_RECORD *) = (void *)rec->ExceptionInformation[0];
        struct handler_frame frame;

        FIXME_ONCE("STATUS_UNWIND_CONSOLIDATE callback runs on the unwinder's stack\n");
        memset(&frame, 0, sizeof(frame));
        frame.magic = HANDLER_FRAME_MAGIC;
        frame.kind = CALL_DISPATCH;
        frame.orig_context = context;
        context->Rip = (ULONG64)call_guest_handler(rec, NULL, NULL, NULL, (void *)callback, &frame);
    }
    restore_context_regs(context);
}

/* ---- unwinding ---- */

static void unwind_from(PVOID target_frame, PVOID target_ip, EXCEPTION_RECORD *rec, PVOID retval,
                        CONTEXT *context, UNWIND_HISTORY_TABLE *history, const CONTEXT *start)
    __attribute__((noreturn));

static void unwind_from(PVOID target_frame, PVOID target_ip, EXCEPTION_RECORD *rec, PVOID retval,
                        CONTEXT *context, UNWIND_HISTORY_TABLE *history, const CONTEXT *start)
{
    EXCEPTION_RECORD local_rec;
    UNWIND_HISTORY_TABLE local_table;
    CONTEXT cur, new_context, local_context;
    struct handler_frame frame;
    ULONG64 target = (ULONG64)target_frame;

    if (!rec) {
        memset(&local_rec, 0, sizeof(local_rec));
        local_rec.ExceptionCode = STATUS_UNWIND;
        local_rec.ExceptionAddress = (void *)start->Rip;
        rec = &local_rec;
    }
    if (!history) {
        memset(&local_table, 0, sizeof(local_table));
        history = &local_table;
    }
    if (!context)
        context = &local_context;
    rec->ExceptionFlags |= EXCEPTION_UNWINDING | (target_frame ? 0 : EXCEPTION_EXIT_UNWIND);
    TRACE("frame %p ip %p code %#x flags %#x retval %p\n", target_frame, target_ip, rec->ExceptionCode,
          rec->ExceptionFlags, retval);

    /* the walk works on a copy: the caller's context may be the one a nested walk resumes from */
    cur = *start;
    memset(&frame, 0, sizeof(frame));
    frame.magic = HANDLER_FRAME_MAGIC;
    frame.kind = CALL_UNWIND;
    frame.caller_context = start;
    frame.dispatch.TargetIp = (ULONG64)target_ip;
    frame.dispatch.HistoryTable = history;
    frame.dispatch.ContextRecord = &cur;

    for (;;) {
        ULONG64 pc = cur.Rip, base = 0, establisher = 0;
        PRUNTIME_FUNCTION func;
        PEXCEPTION_ROUTINE handler;
        void *data = NULL;
        ULONG scope_index = 0;
        EXCEPTION_DISPOSITION res;

        if (pc == (ULONG64)call_guest_handler_ret) {
            struct handler_frame *outer = handler_frame_at(&cur);
            if (!outer)
                goto bad_stack;
            if (outer->kind == CALL_DISPATCH) {
                cur = *outer->orig_context;
                continue;
            }
            /* collided with an unwind in progress: take over its state and call again the handler it
             * was running */
            cur = *outer->dispatch.ContextRecord;
            new_context = cur;
            pc = outer->dispatch.ControlPc;
            base = outer->dispatch.ImageBase;
            func = outer->dispatch.FunctionEntry;
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, pc, func, &new_context, NULL, &establisher, NULL);
            establisher = outer->dispatch.EstablisherFrame;
            handler = outer->dispatch.LanguageHandler;
            data = outer->dispatch.HandlerData;
            scope_index = outer->dispatch.ScopeIndex;
            rec->ExceptionFlags |= EXCEPTION_COLLIDED_UNWIND;
            goto call_handler;
        }
        if (!(func = RtlLookupFunctionEntry(pc, &base, history))) {
            if (step_leaf(&cur))
                continue;
            goto bad_stack;
        }
        new_context = cur;
        handler =
            RtlVirtualUnwind(UNW_FLAG_UHANDLER, base, pc, func, &new_context, &data, &establisher, NULL);
        if (!is_valid_frame(establisher) || (target && establisher > target)) {
            ERR("frame %#llx out of bounds (target %p)\n", (unsigned long long)establisher, target_frame);
            raise_status(STATUS_INVALID_UNWIND_TARGET, rec, start);
        }

    call_handler:
        while (handler) {
            frame.dispatch.ControlPc = pc;
            frame.dispatch.ImageBase = base;
            frame.dispatch.FunctionEntry = func;
            frame.dispatch.EstablisherFrame = establisher;
            frame.dispatch.ContextRecord = &cur;
            frame.dispatch.LanguageHandler = handler;
            frame.dispatch.HandlerData = data;
            frame.dispatch.ScopeIndex = scope_index;
            if (establisher == target)
                rec->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            TRACE("calling unwind handler %p frame %#llx pc %#llx flags %#x\n", handler,
                  (unsigned long long)establisher, (unsigned long long)pc, rec->ExceptionFlags);
            res =
                call_guest_handler(rec, (void *)establisher, &cur, &frame.dispatch, (void *)handler, &frame);
            TRACE("handler %p returned %d\n", handler, res);
            rec->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
            if (res == ExceptionContinueSearch)
                break;
            if (res != ExceptionCollidedUnwind)
                raise_status(STATUS_INVALID_DISPOSITION, rec, start);
            /* the handler copied an interrupted unwind's state into the dispatcher context */
            cur = *frame.dispatch.ContextRecord;
            frame.dispatch.ContextRecord = &cur;
            new_context = cur;
            pc = frame.dispatch.ControlPc;
            base = frame.dispatch.ImageBase;
            func = frame.dispatch.FunctionEntry;
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, pc, func, &new_context, NULL, &establisher, NULL);
            establisher = frame.dispatch.EstablisherFrame;
            handler = frame.dispatch.LanguageHandler;
            data = frame.dispatch.HandlerData;
            scope_index = frame.dispatch.ScopeIndex;
            rec->ExceptionFlags |= EXCEPTION_COLLIDED_UNWIND;
        }
        if (establisher == target)
            break;
        cur = new_context;
    }

    if (rec->ExceptionCode != STATUS_UNWIND_CONSOLIDATE)
        cur.Rip = (ULONG64)target_ip;
    cur.Rax = (ULONG64)retval;
    *context = cur;
    TRACE("resuming at %#llx rsp %#llx\n", (unsigned long long)context->Rip,
          (unsigned long long)context->Rsp);
    RtlRestoreContext(context, rec);

bad_stack:
    if (!target_frame) {
        /* an exit unwind ran every handler up to the end of the guest stack */
        FIXME_ONCE("exit unwind reached the end of the stack at %#llx\n", (unsigned long long)cur.Rip);
        exception_terminate(rec, NULL);
    }
    ERR("target frame %p not found (walk ended at %#llx)\n", target_frame, (unsigned long long)cur.Rip);
    raise_status(STATUS_BAD_STACK, rec, start);
}

static __attribute__((used)) void WINAPI unwind_ex_impl(CONTEXT *caller)
{
    const ULONG64 *stack_args = (const ULONG64 *)(caller->Rsp + 0x20);

    unwind_from((PVOID)caller->Rcx, (PVOID)caller->Rdx, (EXCEPTION_RECORD *)caller->R8, (PVOID)caller->R9,
                (CONTEXT *)stack_args[0], (UNWIND_HISTORY_TABLE *)stack_args[1], caller);
}
CALLER_CONTEXT_ENTRY(RtlUnwindEx, unwind_ex_impl);

static __attribute__((used)) void WINAPI unwind_impl(CONTEXT *caller)
{
    unwind_from((PVOID)caller->Rcx, (PVOID)caller->Rdx, (EXCEPTION_RECORD *)caller->R8, (PVOID)caller->R9,
                NULL, NULL, caller);
}
CALLER_CONTEXT_ENTRY(RtlUnwind, unwind_impl);

/* ---- stack back traces ---- */

static __attribute__((used)) USHORT WINAPI capture_backtrace_impl(CONTEXT *caller)
{
    ULONG skip = (ULONG)caller->Rcx, count = (ULONG)caller->Rdx;
    PVOID *buffer = (PVOID *)caller->R8;
    PULONG hash = (PULONG)caller->R9;
    CONTEXT context = *caller;
    ULONG n = 0, i = 0, sum = 0;

    while (n < count && context.Rip) {
        ULONG64 base, frame;
        PRUNTIME_FUNCTION func;
        void *data;

        if (i++ >= skip) {
            buffer[n++] = (PVOID)context.Rip;
            sum += (ULONG)context.Rip;
        }
        if ((func = RtlLookupFunctionEntry(context.Rip, &base, NULL)))
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, context.Rip, func, &context, &data, &frame, NULL);
        else if (!step_leaf(&context))
            break;
        if (!is_valid_frame(context.Rsp))
            break;
    }
    if (hash)
        *hash = sum;
    return n;
}
CALLER_CONTEXT_ENTRY(RtlCaptureStackBackTrace, capture_backtrace_impl);

/* ---- __C_specific_handler: __try/__except/__finally of C compilers ---- */

EXCEPTION_DISPOSITION WINAPI __C_specific_handler(PEXCEPTION_RECORD rec, PVOID frame, PCONTEXT context,
                                                  PVOID dispatch_ptr)
{
    DISPATCHER_CONTEXT *dispatch = dispatch_ptr;
    struct handler_frame *ours = handler_frame_from_dispatch(dispatch);
    const SCOPE_TABLE *table = dispatch->HandlerData;
    ULONG64 base = dispatch->ImageBase;
    ULONG pc = (ULONG)(dispatch->ControlPc - base);
    ULONG i;

    TRACE("code %#x flags %#x frame %p pc %#llx scopes %u\n", rec->ExceptionCode, rec->ExceptionFlags, frame,
          (unsigned long long)dispatch->ControlPc, table->Count);

    if (rec->ExceptionFlags & EXCEPTION_UNWIND) {
        ULONG target = (ULONG)(dispatch->TargetIp - base);

        for (i = dispatch->ScopeIndex; i < table->Count; i++) {
            if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress)
                continue;
            /* the unwind ends inside this scope: outer scopes stay alive */
            if ((rec->ExceptionFlags & EXCEPTION_TARGET_UNWIND) &&
                target >= table->ScopeRecord[i].BeginAddress && target < table->ScopeRecord[i].EndAddress)
                break;
            if (table->ScopeRecord[i].JumpTarget)
                continue; /* an __except scope has nothing to run on the way out */
            /* a collided unwind must not run this __finally again */
            dispatch->ScopeIndex = i + 1;
            TRACE("calling __finally %#x\n", table->ScopeRecord[i].HandlerAddress);
            call_guest_handler((void *)(ULONG_PTR)TRUE, frame, NULL, NULL,
                               (void *)(base + table->ScopeRecord[i].HandlerAddress), ours);
        }
        return ExceptionContinueSearch;
    }

    for (i = dispatch->ScopeIndex; i < table->Count; i++) {
        LONG filter_ret;

        if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress)
            continue;
        if (!table->ScopeRecord[i].JumpTarget)
            continue; /* __finally */
        if (table->ScopeRecord[i].HandlerAddress == EXCEPTION_EXECUTE_HANDLER)
            filter_ret = EXCEPTION_EXECUTE_HANDLER;
        else {
            EXCEPTION_POINTERS ptrs = {rec, context};
            TRACE("calling filter %#x\n", table->ScopeRecord[i].HandlerAddress);
            filter_ret = (LONG)call_guest_handler(
                &ptrs, frame, NULL, NULL, (void *)(base + table->ScopeRecord[i].HandlerAddress), ours);
        }
        if (filter_ret < 0)
            return ExceptionContinueExecution;
        if (filter_ret > 0) {
            /* the unwind starts where the exception happened: the frames between are host code */
            const CONTEXT *start = ours && ours->kind == CALL_DISPATCH ? ours->orig_context : context;
            TRACE("__except at %#x\n", table->ScopeRecord[i].JumpTarget);
            unwind_from(frame, (PVOID)(base + table->ScopeRecord[i].JumpTarget), rec,
                        (PVOID)(ULONG_PTR)rec->ExceptionCode, dispatch->ContextRecord, dispatch->HistoryTable,
                        start);
        }
    }
    return ExceptionContinueSearch;
}
