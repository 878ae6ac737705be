/*
 * Structured exception handling on x64: vectored handlers, hardware exceptions, frame handlers found
 * through .pdata, RtlUnwindEx, RtlCaptureContext/RtlLookupFunctionEntry/RtlVirtualUnwind and the
 * unhandled exception filter. Each check states what Windows does (documentation of RaiseException,
 * AddVectoredExceptionHandler, EXCEPTION_RECORD, RtlUnwindEx and the x64 exception handling pages).
 */
#include "test.h"

static PVOID(WINAPI *pRtlAddVectoredExceptionHandler)(ULONG, PVECTORED_EXCEPTION_HANDLER);

/* ---- helpers in assembly, with SEH unwind data (gas .seh_* directives) ---- */

/* LONG_PTR frame_call(fn): calls fn(establisher_frame, landing) from a frame that has an exception
 * handler (frame_handler, for both dispatch and unwind). Returns what fn returns, or RAX as set by
 * an unwind to `landing`, provided RBX (which fn clobbers) was restored there; -2 otherwise. */
LONG_PTR frame_call(LONG_PTR (*fn)(void *frame, void *landing));
EXCEPTION_DISPOSITION frame_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, DISPATCHER_CONTEXT *dc);
extern char frame_call_landing[];

__asm__(".text\n\t"
        ".globl frame_call\n\t"
        ".def frame_call; .scl 2; .type 32; .endef\n\t"
        ".seh_proc frame_call\n"
        "frame_call:\n\t"
        "pushq %rbx\n\t"
        ".seh_pushreg %rbx\n\t"
        "subq $0x20, %rsp\n\t"
        ".seh_stackalloc 0x20\n\t"
        ".seh_endprologue\n\t"
        ".seh_handler frame_handler, @except, @unwind\n\t"
        "movq %rcx, %rax\n\t"
        "movq $0x1111, %rbx\n\t"
        "movq %rsp, %rcx\n\t"
        "leaq frame_call_landing(%rip), %rdx\n\t"
        "call *%rax\n\t"
        "jmp 1f\n\t"
        ".globl frame_call_landing\n"
        "frame_call_landing:\n\t"
        "cmpq $0x1111, %rbx\n\t"
        "je 1f\n\t"
        "movq $-2, %rax\n"
        "1:\n\t"
        "nop\n\t"
        "addq $0x20, %rsp\n\t"
        "popq %rbx\n\t"
        "ret\n\t"
        ".seh_endproc\n");

static int handler_dispatch_calls, handler_unwind_calls;
static DWORD handler_unwind_flags;
static void *handler_frame_seen;

static DWORD handler_last_code, handler_last_flags, handler_chained_code;

#define CODE_CONTINUE 0xe0000001
#define CODE_NONCONTINUABLE 0xe0000005
#define CODE_UNWIND 0xe0000002

EXCEPTION_DISPOSITION frame_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, DISPATCHER_CONTEXT *dc)
{
    handler_frame_seen = frame;
    if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) {
        handler_unwind_calls++;
        handler_unwind_flags = rec->ExceptionFlags;
        return ExceptionContinueSearch;
    }
    handler_dispatch_calls++;
    handler_last_code = rec->ExceptionCode;
    handler_last_flags = rec->ExceptionFlags;
    handler_chained_code = rec->ExceptionRecord ? rec->ExceptionRecord->ExceptionCode : 0;
    if (rec->ExceptionCode == CODE_CONTINUE || rec->ExceptionCode == CODE_NONCONTINUABLE)
        return ExceptionContinueExecution;
    if (rec->ExceptionCode == STATUS_NONCONTINUABLE_EXCEPTION)
        RtlUnwindEx(frame, frame_call_landing, rec, (void *)0x98, dc->ContextRecord, dc->HistoryTable);
    if (rec->ExceptionCode == CODE_UNWIND || rec->ExceptionCode == 0xe0000003 /* CODE_THROW */)
        RtlUnwindEx(frame, frame_call_landing, rec, (void *)0x99, dc->ContextRecord, dc->HistoryTable);
    return ExceptionContinueSearch;
}

/* ---- vectored handlers ---- */

static int veh_calls;
static EXCEPTION_RECORD veh_rec;
static CONTEXT veh_ctx;
static LONG veh_ret = EXCEPTION_CONTINUE_SEARCH;

static LONG WINAPI record_handler(EXCEPTION_POINTERS *ptrs)
{
    veh_calls++;
    veh_rec = *ptrs->ExceptionRecord;
    veh_ctx = *ptrs->ContextRecord;
    return veh_ret;
}

static void test_raise_vectored(void)
{
    ULONG_PTR args[20];
    PVOID handle;
    int i;

    for (i = 0; i < 20; i++)
        args[i] = 0x100 + i;
    handle = AddVectoredExceptionHandler(TRUE, record_handler);
    ok(handle != NULL, "AddVectoredExceptionHandler failed\n");

    veh_calls = 0;
    veh_ret = EXCEPTION_CONTINUE_EXECUTION;
    RaiseException(0xe0001234, 0, 3, args);
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.ExceptionCode == 0xe0001234, "code %#lx\n", veh_rec.ExceptionCode);
    ok(veh_rec.ExceptionFlags == 0, "flags %#lx\n", veh_rec.ExceptionFlags);
    ok(veh_rec.NumberParameters == 3, "NumberParameters %lu\n", veh_rec.NumberParameters);
    ok(veh_rec.ExceptionInformation[0] == 0x100 && veh_rec.ExceptionInformation[2] == 0x102,
       "parameters %#llx %#llx\n", (unsigned long long)veh_rec.ExceptionInformation[0],
       (unsigned long long)veh_rec.ExceptionInformation[2]);
    ok(veh_rec.ExceptionRecord == NULL, "chained record %p\n", veh_rec.ExceptionRecord);
    ok(veh_rec.ExceptionAddress != NULL, "no exception address\n");

    /* no arguments: lpArguments NULL makes the count irrelevant */
    veh_calls = 0;
    RaiseException(0xe0001235, EXCEPTION_NONCONTINUABLE & 0, 5, NULL);
    ok(veh_calls == 1 && veh_rec.NumberParameters == 0, "calls %d NumberParameters %lu\n", veh_calls,
       veh_rec.NumberParameters);

    /* more than EXCEPTION_MAXIMUM_PARAMETERS: the record holds at most that many */
    veh_calls = 0;
    RaiseException(0xe0001236, 0, 20, args);
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.NumberParameters == EXCEPTION_MAXIMUM_PARAMETERS, "NumberParameters %lu\n",
       veh_rec.NumberParameters);
    ok(veh_rec.ExceptionInformation[14] == 0x10e, "last parameter %#llx\n",
       (unsigned long long)veh_rec.ExceptionInformation[14]);

    ok(RemoveVectoredExceptionHandler(handle) == TRUE, "remove failed\n");
    ok(RemoveVectoredExceptionHandler(handle) == FALSE, "second remove succeeded\n");
    veh_ret = EXCEPTION_CONTINUE_SEARCH;
}

static char order[8];
static int order_len;

static LONG WINAPI order_a(EXCEPTION_POINTERS *ptrs)
{
    order[order_len++] = 'a';
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI order_b(EXCEPTION_POINTERS *ptrs)
{
    order[order_len++] = 'b';
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI order_c(EXCEPTION_POINTERS *ptrs)
{
    order[order_len++] = 'c';
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_vectored_order(void)
{
    PVOID a, b, c;

    /* documented: First nonzero calls the handler first, zero last */
    b = AddVectoredExceptionHandler(0, order_b);
    a = AddVectoredExceptionHandler(1, order_a);
    c = AddVectoredContinueHandler(0, order_c);
    ok(a && b && c, "add failed\n");
    order_len = 0;
    memset(order, 0, sizeof(order));
    RaiseException(0xe0000010, 0, 0, NULL);
    /* The continue handlers run once a handler chose EXCEPTION_CONTINUE_EXECUTION (AddVectoredContinueHandler
     * registers handlers "called when execution continues"); Wine 8 skips them after a vectored handler. */
    ok(!strcmp(order, "abc") || broken(!strcmp(order, "ab")), "order %s\n", order);
    ok(RemoveVectoredExceptionHandler(a), "remove a failed\n");
    ok(RemoveVectoredExceptionHandler(b), "remove b failed\n");
    ok(RemoveVectoredContinueHandler(c), "remove c failed\n");
}

/* ---- hardware exceptions ---- */

static LONG WINAPI fixup_handler(EXCEPTION_POINTERS *ptrs)
{
    const BYTE *pc = (const BYTE *)ptrs->ContextRecord->Rip;

    veh_calls++;
    veh_rec = *ptrs->ExceptionRecord;
    veh_ctx = *ptrs->ContextRecord;
    switch (ptrs->ExceptionRecord->ExceptionCode) {
    case EXCEPTION_ACCESS_VIOLATION:
    case EXCEPTION_INT_DIVIDE_BY_ZERO:
        /* all faulting instructions below are two bytes long */
        ptrs->ContextRecord->Rip += 2;
        ptrs->ContextRecord->Rax = 0x1234;
        return EXCEPTION_CONTINUE_EXECUTION;
    case EXCEPTION_BREAKPOINT:
        if (pc[0] == 0xcc)
            ptrs->ContextRecord->Rip++;
        ptrs->ContextRecord->Rax = 0x4321;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_hardware(void)
{
    PVOID handle = AddVectoredExceptionHandler(TRUE, fixup_handler);
    ULONG_PTR result, rbx_value;

    /* read of NULL */
    veh_calls = 0;
    __asm__ volatile("movq $0x5555, %%rbx\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "movl (%%rax), %%eax\n\t" /* 8b 00 */
                     "movq %%rbx, %1"
                     : "=a"(result), "=r"(rbx_value)
                     :
                     : "rbx", "memory");
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.ExceptionCode == EXCEPTION_ACCESS_VIOLATION, "code %#lx\n", veh_rec.ExceptionCode);
    ok(veh_rec.NumberParameters == 2, "NumberParameters %lu\n", veh_rec.NumberParameters);
    ok(veh_rec.ExceptionInformation[0] == 0, "access type %llu\n",
       (unsigned long long)veh_rec.ExceptionInformation[0]);
    ok(veh_rec.ExceptionInformation[1] == 0, "address %#llx\n",
       (unsigned long long)veh_rec.ExceptionInformation[1]);
    ok(veh_rec.ExceptionAddress == (void *)veh_ctx.Rip, "address %p rip %#llx\n", veh_rec.ExceptionAddress,
       (unsigned long long)veh_ctx.Rip);
    ok(veh_ctx.Rbx == 0x5555, "rbx %#llx\n", (unsigned long long)veh_ctx.Rbx);
    ok(result == 0x1234, "execution did not continue with the fixed context: %#llx\n",
       (unsigned long long)result);
    ok(rbx_value == 0x5555, "rbx %#llx after resuming\n", (unsigned long long)rbx_value);

    /* write to NULL + 0x10 */
    veh_calls = 0;
    __asm__ volatile("movl $0x10, %%edx\n\t"
                     "movl %%eax, (%%rdx)\n\t" /* 89 02 */
                     : "=a"(result)
                     :
                     : "rdx", "memory");
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.ExceptionCode == EXCEPTION_ACCESS_VIOLATION, "code %#lx\n", veh_rec.ExceptionCode);
    ok(veh_rec.ExceptionInformation[0] == 1, "access type %llu\n",
       (unsigned long long)veh_rec.ExceptionInformation[0]);
    ok(veh_rec.ExceptionInformation[1] == 0x10, "address %#llx\n",
       (unsigned long long)veh_rec.ExceptionInformation[1]);

    /* integer division by zero */
    veh_calls = 0;
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $7, %%eax\n\t"
                     "xorl %%edx, %%edx\n\t"
                     "divl %%ecx\n\t" /* f7 f1 */
                     : "=a"(result)
                     :
                     : "rcx", "rdx", "memory");
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.ExceptionCode == EXCEPTION_INT_DIVIDE_BY_ZERO, "code %#lx\n", veh_rec.ExceptionCode);
    ok(result == 0x1234, "result %#llx\n", (unsigned long long)result);

    /* int3 */
    veh_calls = 0;
    __asm__ volatile("xorl %%eax, %%eax\n\t"
                     "int3\n\t"
                     "nop\n\t"
                     : "=a"(result)
                     :
                     : "memory");
    ok(veh_calls == 1, "handler called %d times\n", veh_calls);
    ok(veh_rec.ExceptionCode == EXCEPTION_BREAKPOINT, "code %#lx\n", veh_rec.ExceptionCode);
    ok(*(const BYTE *)veh_rec.ExceptionAddress == 0xcc, "address %p is not the int3\n",
       veh_rec.ExceptionAddress);
    ok(result == 0x4321, "result %#llx\n", (unsigned long long)result);

    RemoveVectoredExceptionHandler(handle);
}

/* ---- frame handlers and unwinding ---- */

static LONG_PTR raise_continue(void *frame, void *landing)
{
    RaiseException(CODE_CONTINUE, 0, 0, NULL);
    return 5;
}

static LONG_PTR raise_unwind(void *frame, void *landing)
{
    __asm__ volatile("movq $0x2222, %%rbx" ::: "rbx");
    RaiseException(CODE_UNWIND, 0, 0, NULL);
    return 6;
}

static LONG_PTR raise_noncontinuable(void *frame, void *landing)
{
    RaiseException(CODE_NONCONTINUABLE, EXCEPTION_NONCONTINUABLE, 0, NULL);
    return 9;
}

static LONG_PTR direct_unwind(void *frame, void *landing)
{
    CONTEXT ctx;
    __asm__ volatile("movq $0x3333, %%rbx" ::: "rbx");
    RtlUnwindEx(frame, landing, NULL, (void *)0x77, &ctx, NULL);
    return 7;
}

static void test_frame_handlers(void)
{
    LONG_PTR ret;

    handler_dispatch_calls = handler_unwind_calls = 0;
    ret = frame_call(raise_continue);
    ok(ret == 5, "returned %Id\n", ret);
    ok(handler_dispatch_calls == 1, "dispatch calls %d\n", handler_dispatch_calls);
    ok(handler_unwind_calls == 0, "unwind calls %d\n", handler_unwind_calls);

    /* the handler unwinds to a landing pad in its frame: RAX is the return value, RBX restored */
    handler_dispatch_calls = handler_unwind_calls = 0;
    ret = frame_call(raise_unwind);
    ok(ret == 0x99, "returned %#Ix\n", ret);
    ok(handler_dispatch_calls == 1, "dispatch calls %d\n", handler_dispatch_calls);
    ok(handler_unwind_calls == 1, "unwind calls %d\n", handler_unwind_calls);
    ok(handler_unwind_flags == (EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND), "flags %#lx\n",
       handler_unwind_flags);

    /* continuing a noncontinuable exception raises STATUS_NONCONTINUABLE_EXCEPTION, chained to it */
    handler_dispatch_calls = handler_unwind_calls = 0;
    ret = frame_call(raise_noncontinuable);
    ok(ret == 0x98, "returned %#Ix\n", ret);
    ok(handler_dispatch_calls == 2, "dispatch calls %d\n", handler_dispatch_calls);
    ok(handler_last_code == STATUS_NONCONTINUABLE_EXCEPTION, "code %#lx\n", handler_last_code);
    ok(handler_last_flags & EXCEPTION_NONCONTINUABLE, "flags %#lx\n", handler_last_flags);
    /* EXCEPTION_RECORD.ExceptionRecord chains the record of the exception that caused this one (documented
     * for nested exceptions); Wine 8 leaves it NULL here */
    ok(handler_chained_code == CODE_NONCONTINUABLE || broken(handler_chained_code == 0),
       "chained code %#lx\n", handler_chained_code);

    /* RtlUnwindEx called directly, like longjmp */
    handler_dispatch_calls = handler_unwind_calls = 0;
    handler_frame_seen = NULL;
    ret = frame_call(direct_unwind);
    ok(ret == 0x77, "returned %#Ix\n", ret);
    ok(handler_dispatch_calls == 0, "dispatch calls %d\n", handler_dispatch_calls);
    ok(handler_unwind_calls == 1, "unwind calls %d\n", handler_unwind_calls);
    ok(handler_unwind_flags == (EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND), "flags %#lx\n",
       handler_unwind_flags);
}

/* ---- libgcc's protocol: a cleanup during the unwind raises a second exception whose handler starts a
 * second unwind, which collides with the first one ---- */

#define CODE_THROW 0xe0000003
#define CODE_CLEANUP 0xe0000004

/* like frame_call, with cleanup_handler; its landing pad calls cleanup_resume(rax) */
LONG_PTR cleanup_call(LONG_PTR (*fn)(void *frame, void *landing));
EXCEPTION_DISPOSITION cleanup_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                      DISPATCHER_CONTEXT *dc);
void cleanup_resume(LONG_PTR value);
extern char cleanup_call_landing[];

__asm__(".text\n\t"
        ".globl cleanup_call\n\t"
        ".def cleanup_call; .scl 2; .type 32; .endef\n\t"
        ".seh_proc cleanup_call\n"
        "cleanup_call:\n\t"
        "pushq %rbx\n\t"
        ".seh_pushreg %rbx\n\t"
        "subq $0x20, %rsp\n\t"
        ".seh_stackalloc 0x20\n\t"
        ".seh_endprologue\n\t"
        ".seh_handler cleanup_handler, @except, @unwind\n\t"
        "movq %rcx, %rax\n\t"
        "movq %rsp, %rcx\n\t"
        "leaq cleanup_call_landing(%rip), %rdx\n\t"
        "call *%rax\n\t"
        "jmp 1f\n\t"
        ".globl cleanup_call_landing\n"
        "cleanup_call_landing:\n\t"
        "movq %rax, %rcx\n\t"
        "call cleanup_resume\n"
        "1:\n\t"
        "nop\n\t"
        "addq $0x20, %rsp\n\t"
        "popq %rbx\n\t"
        "ret\n\t"
        ".seh_endproc\n");

static void *catch_frame;
static EXCEPTION_RECORD throw_rec;
static int cleanup_dispatch_calls, cleanup_unwind_calls, cleanup_ran;
static DWORD cleanup_collided_flags;
static LONG_PTR cleanup_value;

EXCEPTION_DISPOSITION cleanup_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                      DISPATCHER_CONTEXT *dc)
{
    if (!(rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))) {
        cleanup_dispatch_calls++;
        /* the second exception reached the frame with the cleanup: unwind to its landing pad */
        if (rec->ExceptionCode == CODE_CLEANUP && rec->ExceptionInformation[1] == (ULONG_PTR)frame)
            RtlUnwindEx(frame, (void *)rec->ExceptionInformation[2], rec, (void *)0x55, ctx,
                        dc->HistoryTable);
        return ExceptionContinueSearch;
    }
    cleanup_unwind_calls++;
    if (rec->ExceptionCode == CODE_THROW && !cleanup_ran) {
        /* phase 2 reached a frame with a cleanup: cancel this unwind by raising (once: the pc is in the
         * landing pad when the resumed unwind passes again, where a personality finds no cleanup) */
        ULONG_PTR info[4] = {0, (ULONG_PTR)frame, (ULONG_PTR)cleanup_call_landing, 0};
        throw_rec = *rec;
        RaiseException(CODE_CLEANUP, EXCEPTION_NONCONTINUABLE, 4, info);
        cleanup_value = -100; /* not reached */
    } else if (rec->ExceptionCode == CODE_CLEANUP)
        cleanup_collided_flags = rec->ExceptionFlags;
    return ExceptionContinueSearch;
}

/* the landing pad ran the cleanup; resume the first exception's unwind, like _Unwind_Resume */
void cleanup_resume(LONG_PTR value)
{
    CONTEXT ctx;
    cleanup_ran++;
    cleanup_value = value;
    throw_rec.ExceptionFlags = 0;
    RtlUnwindEx(catch_frame, frame_call_landing, &throw_rec, (void *)0x99, &ctx, NULL);
}

static LONG_PTR do_throw(void *frame, void *landing)
{
    RaiseException(CODE_THROW, 0, 0, NULL);
    return 8;
}

static LONG_PTR with_cleanup(void *frame, void *landing)
{
    catch_frame = frame;
    __asm__ volatile("movq $0x4444, %%rbx" ::: "rbx");
    return cleanup_call(do_throw) + 1000;
}

static void test_collided_unwind(void)
{
    LONG_PTR ret;

    handler_dispatch_calls = handler_unwind_calls = 0;
    ret = frame_call(with_cleanup);
    ok(ret == 0x99, "returned %#Ix\n", ret);
    ok(cleanup_ran == 1, "cleanup ran %d times\n", cleanup_ran);
    ok(cleanup_value == 0x55, "landing pad value %#Ix\n", cleanup_value);
    /* EXCEPTION_NESTED_CALL may stay set from the dispatch of the second exception, which went through the
     * handler call of the first one (Windows' dispatcher reports nesting until the nested frame) */
    ok((cleanup_collided_flags & ~EXCEPTION_NESTED_CALL) ==
           (EXCEPTION_NONCONTINUABLE | EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND |
            EXCEPTION_COLLIDED_UNWIND),
       "flags of the collided call %#lx\n", cleanup_collided_flags);
    ok(cleanup_dispatch_calls == 2, "cleanup frame dispatch calls %d\n", cleanup_dispatch_calls);
    /* the first unwind, the collided second one, the resumed first one passing the landing pad */
    ok(cleanup_unwind_calls == 3, "cleanup frame unwind calls %d\n", cleanup_unwind_calls);
    /* frame_handler: the THROW dispatch that starts the unwind, the final unwind */
    ok(handler_dispatch_calls == 1, "catch frame dispatch calls %d\n", handler_dispatch_calls);
    ok(handler_unwind_calls == 1, "catch frame unwind calls %d\n", handler_unwind_calls);
}

/* ---- context capture and virtual unwind ---- */

static void *expected_return;

static __attribute__((noinline)) int unwind_to_caller(void)
{
    CONTEXT ctx;
    ULONG64 base = 0, frame = 0;
    PRUNTIME_FUNCTION func;
    void *data = NULL;
    PEXCEPTION_ROUTINE handler;

    expected_return = __builtin_return_address(0);
    RtlCaptureContext(&ctx);
    ok((ctx.ContextFlags & CONTEXT_FULL) == CONTEXT_FULL, "flags %#lx\n", ctx.ContextFlags);
    func = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
    ok(func != NULL, "no function entry for %#llx\n", (unsigned long long)ctx.Rip);
    if (!func)
        return 0;
    ok(base == (ULONG64)GetModuleHandleA(NULL), "base %#llx\n", (unsigned long long)base);
    ok(base + func->BeginAddress == (ULONG64)unwind_to_caller, "function begins at %#llx\n",
       (unsigned long long)(base + func->BeginAddress));
    handler = RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, ctx.Rip, func, &ctx, &data, &frame, NULL);
    ok(handler == NULL, "handler %p\n", handler);
    ok(ctx.Rip == (ULONG64)expected_return, "unwound to %#llx, expected %p\n", (unsigned long long)ctx.Rip,
       expected_return);
    ok(ctx.Rsp == (ULONG64)__builtin_frame_address(0) + 16 || ctx.Rsp > (ULONG64)&ctx, "rsp %#llx\n",
       (unsigned long long)ctx.Rsp);
    /* one more level: into test_capture_unwind's caller chain, still inside this module */
    func = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
    ok(func != NULL, "no function entry for the caller %#llx\n", (unsigned long long)ctx.Rip);
    return 1;
}

static __attribute__((noinline)) void back_trace(void)
{
    void *frames[8];
    USHORT n = RtlCaptureStackBackTrace(0, 8, frames, NULL);

    /* the first frame is in the caller of RtlCaptureStackBackTrace, the second in its caller */
    ok(n >= 2, "%u frames\n", n);
    if (n < 2)
        return;
    ok((char *)frames[0] > (char *)back_trace && (char *)frames[0] < (char *)back_trace + 0x100,
       "frame 0 %p, function at %p\n", frames[0], back_trace);
    ok(frames[1] == __builtin_return_address(0), "frame 1 %p, expected %p\n", frames[1],
       __builtin_return_address(0));
    n = RtlCaptureStackBackTrace(1, 1, frames, NULL);
    ok(n == 1 && frames[0] == __builtin_return_address(0), "skipping one: %u %p\n", n, frames[0]);
}

static void test_capture_unwind(void)
{
    ok(unwind_to_caller() == 1, "unwind failed\n");
    back_trace();
}

/* ---- dynamic function tables ---- */

static RUNTIME_FUNCTION callback_entry = {0x100, 0x180, 0x200};
static int callback_calls;
static DWORD64 callback_pc;

static PRUNTIME_FUNCTION WINAPI table_callback(DWORD64 pc, PVOID context)
{
    callback_calls++;
    callback_pc = pc;
    ok(context == (void *)0x1234, "context %p\n", context);
    return &callback_entry;
}

static void test_dynamic_tables(void)
{
    static RUNTIME_FUNCTION table[2] = {{0x10, 0x20, 0x40}, {0x20, 0x30, 0x40}};
    BYTE *code = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    DWORD64 base = 0;
    PRUNTIME_FUNCTION func;

    ok(code != NULL, "VirtualAlloc failed\n");
    if (!code)
        return;
    func = RtlLookupFunctionEntry((DWORD64)code + 0x15, &base, NULL);
    ok(func == NULL, "found %p before adding the table\n", func);

    ok(RtlAddFunctionTable(table, 2, (DWORD64)code), "RtlAddFunctionTable failed\n");
    func = RtlLookupFunctionEntry((DWORD64)code + 0x25, &base, NULL);
    ok(func == &table[1], "got %p, expected %p\n", func, &table[1]);
    ok(base == (DWORD64)code, "base %#llx\n", (unsigned long long)base);
    func = RtlLookupFunctionEntry((DWORD64)code + 0x35, &base, NULL);
    ok(func == NULL, "found %p past the table\n", func);
    ok(RtlDeleteFunctionTable(table), "RtlDeleteFunctionTable failed\n");
    ok(!RtlDeleteFunctionTable(table), "second RtlDeleteFunctionTable succeeded\n");
    func = RtlLookupFunctionEntry((DWORD64)code + 0x25, &base, NULL);
    ok(func == NULL, "found %p after deleting the table\n", func);

    /* documented: the identifier of a callback table has its two low bits set */
    ok(!RtlInstallFunctionTableCallback((DWORD64)code, (DWORD64)code, 0x1000, table_callback, (void *)0x1234,
                                        NULL),
       "identifier without the low bits accepted\n");
    ok(RtlInstallFunctionTableCallback((DWORD64)code | 3, (DWORD64)code, 0x1000, table_callback,
                                       (void *)0x1234, NULL),
       "RtlInstallFunctionTableCallback failed\n");
    callback_calls = 0;
    func = RtlLookupFunctionEntry((DWORD64)code + 0x120, &base, NULL);
    ok(func == &callback_entry, "got %p\n", func);
    ok(callback_calls == 1 && callback_pc == (DWORD64)code + 0x120, "calls %d pc %#llx\n", callback_calls,
       (unsigned long long)callback_pc);
    ok(base == (DWORD64)code, "base %#llx\n", (unsigned long long)base);
    ok(RtlDeleteFunctionTable((PRUNTIME_FUNCTION)((DWORD64)code | 3)),
       "deleting the callback table failed\n");
    VirtualFree(code, 0, MEM_RELEASE);
}

/* ---- unhandled exception filter ---- */

static LONG WINAPI filter1(EXCEPTION_POINTERS *ptrs)
{
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI filter2(EXCEPTION_POINTERS *ptrs)
{
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_unhandled_filter(void)
{
    LPTOP_LEVEL_EXCEPTION_FILTER prev, ret;

    /* returns the previous filter (the C runtime installs one before main) */
    prev = SetUnhandledExceptionFilter(filter1);
    ret = SetUnhandledExceptionFilter(filter2);
    ok(ret == filter1, "got %p, expected %p\n", ret, filter1);
    ret = SetUnhandledExceptionFilter(prev);
    ok(ret == filter2, "got %p, expected %p\n", ret, filter2);
    ret = SetUnhandledExceptionFilter(prev);
    ok(ret == prev, "got %p, expected %p\n", ret, prev);
}

static void test_error_mode(void)
{
    UINT old = SetErrorMode(SEM_FAILCRITICALERRORS);
    DWORD thread_old = 0xdeadbeef;

    ok(GetErrorMode() == SEM_FAILCRITICALERRORS, "mode %#x\n", GetErrorMode());
    SetErrorMode(old);
    ok(GetErrorMode() == old, "mode %#x\n", GetErrorMode());

    SetLastError(0xdeadbeef);
    ok(!SetThreadErrorMode(0x4000, &thread_old), "invalid mode accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    ok(SetThreadErrorMode(SEM_NOOPENFILEERRORBOX, &thread_old), "SetThreadErrorMode failed\n");
    ok(GetThreadErrorMode() == SEM_NOOPENFILEERRORBOX, "thread mode %#lx\n", GetThreadErrorMode());
    ok(SetThreadErrorMode(thread_old, NULL), "SetThreadErrorMode failed\n");
}

START_TEST(exception)
{
    pRtlAddVectoredExceptionHandler =
        (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlAddVectoredExceptionHandler");
    ok(pRtlAddVectoredExceptionHandler != NULL, "RtlAddVectoredExceptionHandler not exported\n");
    ok(!IsDebuggerPresent(), "debugger present\n");
    test_raise_vectored();
    test_vectored_order();
    test_hardware();
    test_frame_handlers();
    test_collided_unwind();
    test_capture_unwind();
    test_dynamic_tables();
    test_unhandled_filter();
    test_error_mode();
}
