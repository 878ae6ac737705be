/*
 * The report printed when an exception is not handled, and the end of the process that follows.
 * The report is for the user, so it goes to stderr whatever the debug channels say.
 *
 * Written for oriel.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(seh);

struct report {
    char buf[8192];
    size_t len;
};

static void __attribute__((format(printf, 2, 3))) report_add(struct report *r, const char *fmt, ...)
{
    va_list args;
    int n;

    if (r->len >= sizeof(r->buf))
        return;
    va_start(args, fmt);
    n = vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, args);
    va_end(args);
    if (n > 0)
        r->len = r->len + n < sizeof(r->buf) ? r->len + n : sizeof(r->buf) - 1;
}

static void report_flush(struct report *r)
{
    size_t done = 0;

    while (done < r->len) {
        ssize_t n = write(2, r->buf + done, r->len - done);
        if (n <= 0)
            break;
        done += n;
    }
    r->len = 0;
}

static const char *exception_name(DWORD code)
{
    switch (code) {
    case STATUS_ACCESS_VIOLATION:
        return "EXCEPTION_ACCESS_VIOLATION";
    case STATUS_DATATYPE_MISALIGNMENT:
        return "EXCEPTION_DATATYPE_MISALIGNMENT";
    case STATUS_BREAKPOINT:
        return "EXCEPTION_BREAKPOINT";
    case STATUS_SINGLE_STEP:
        return "EXCEPTION_SINGLE_STEP";
    case STATUS_ARRAY_BOUNDS_EXCEEDED:
        return "EXCEPTION_ARRAY_BOUNDS_EXCEEDED";
    case STATUS_FLOAT_DENORMAL_OPERAND:
        return "EXCEPTION_FLT_DENORMAL_OPERAND";
    case STATUS_FLOAT_DIVIDE_BY_ZERO:
        return "EXCEPTION_FLT_DIVIDE_BY_ZERO";
    case STATUS_FLOAT_INEXACT_RESULT:
        return "EXCEPTION_FLT_INEXACT_RESULT";
    case STATUS_FLOAT_INVALID_OPERATION:
        return "EXCEPTION_FLT_INVALID_OPERATION";
    case STATUS_FLOAT_OVERFLOW:
        return "EXCEPTION_FLT_OVERFLOW";
    case STATUS_FLOAT_STACK_CHECK:
        return "EXCEPTION_FLT_STACK_CHECK";
    case STATUS_FLOAT_UNDERFLOW:
        return "EXCEPTION_FLT_UNDERFLOW";
    case STATUS_INTEGER_DIVIDE_BY_ZERO:
        return "EXCEPTION_INT_DIVIDE_BY_ZERO";
    case STATUS_INTEGER_OVERFLOW:
        return "EXCEPTION_INT_OVERFLOW";
    case STATUS_PRIVILEGED_INSTRUCTION:
        return "EXCEPTION_PRIV_INSTRUCTION";
    case STATUS_IN_PAGE_ERROR:
        return "EXCEPTION_IN_PAGE_ERROR";
    case STATUS_ILLEGAL_INSTRUCTION:
        return "EXCEPTION_ILLEGAL_INSTRUCTION";
    case STATUS_NONCONTINUABLE_EXCEPTION:
        return "EXCEPTION_NONCONTINUABLE_EXCEPTION";
    case STATUS_STACK_OVERFLOW:
        return "EXCEPTION_STACK_OVERFLOW";
    case STATUS_INVALID_DISPOSITION:
        return "EXCEPTION_INVALID_DISPOSITION";
    case STATUS_GUARD_PAGE_VIOLATION:
        return "EXCEPTION_GUARD_PAGE";
    case STATUS_INVALID_HANDLE:
        return "EXCEPTION_INVALID_HANDLE";
    case STATUS_STACK_BUFFER_OVERRUN:
        return "STATUS_STACK_BUFFER_OVERRUN (fail fast)";
    case STATUS_HEAP_CORRUPTION:
        return "STATUS_HEAP_CORRUPTION";
    case STATUS_BAD_STACK:
        return "STATUS_BAD_STACK";
    case STATUS_INVALID_UNWIND_TARGET:
        return "STATUS_INVALID_UNWIND_TARGET";
    case STATUS_ASSERTION_FAILURE:
        return "STATUS_ASSERTION_FAILURE";
    case 0xe06d7363:
        return "Microsoft C++ exception";
    case 0x20474343:
        return "GCC C++ exception";
    case 0x21474343:
        return "GCC C++ unwind";
    default:
        return "unknown exception";
    }
}

/* "module+0xoffset" for a PE module, "lib.so!symbol+0xoffset" for host code */
static const char *describe_address(ULONG64 addr, char *buf, size_t size)
{
    LDR_DATA_TABLE_ENTRY *mod = unwind_find_module(addr);
    Dl_info info;

    /* builtin modules are ELF code behind a PE header: the host symbol says more */
    if ((!mod || !unwind_pc_in_pe_code(addr)) && addr && dladdr((void *)addr, &info) && info.dli_fname) {
        const char *lib = strrchr(info.dli_fname, '/');
        lib = lib ? lib + 1 : info.dli_fname;
        if (info.dli_sname)
            snprintf(buf, size, "%s!%s+%#llx", lib, info.dli_sname,
                     (unsigned long long)(addr - (ULONG64)info.dli_saddr));
        else
            snprintf(buf, size, "%s+%#llx", lib, (unsigned long long)(addr - (ULONG64)info.dli_fbase));
    } else if (mod && mod->BaseDllName.Buffer) {
        char name[128];
        size_t i, n = mod->BaseDllName.Length / sizeof(WCHAR);
        if (n >= sizeof(name))
            n = sizeof(name) - 1;
        for (i = 0; i < n; i++) {
            WCHAR c = mod->BaseDllName.Buffer[i];
            name[i] = c < 0x80 ? (char)c : '?';
        }
        name[n] = 0;
        snprintf(buf, size, "%s+%#llx", name, (unsigned long long)(addr - (ULONG64)mod->DllBase));
    } else
        snprintf(buf, size, "?");
    return buf;
}

void crash_report(const EXCEPTION_RECORD *rec, const CONTEXT *context)
{
    static const char *const access[] = {"reading", "writing"};
    struct report r;
    char where[256];
    CONTEXT c = *context;
    TEB *teb = NtCurrentTeb();
    ULONG64 low = (ULONG64)teb->Tib.StackLimit, high = (ULONG64)teb->Tib.StackBase;
    unsigned int i;

    if (teb->DeallocationStack)
        low = (ULONG64)teb->DeallocationStack;
    r.len = 0;
    report_add(&r, "\noriel: unhandled exception %#010x (%s) in thread %04lx at %p (%s)\n",
               rec->ExceptionCode, exception_name(rec->ExceptionCode),
               (unsigned long)(ULONG_PTR)teb->ClientId.UniqueThread, rec->ExceptionAddress,
               describe_address((ULONG64)rec->ExceptionAddress, where, sizeof(where)));
    if (rec->ExceptionCode == STATUS_ACCESS_VIOLATION && rec->NumberParameters >= 2) {
        ULONG_PTR kind = rec->ExceptionInformation[0];
        report_add(&r, "  %s address %#llx\n",
                   kind == EXCEPTION_EXECUTE_FAULT ? "executing" : access[kind & 1],
                   (unsigned long long)rec->ExceptionInformation[1]);
    } else if (rec->NumberParameters) {
        report_add(&r, "  parameters:");
        for (i = 0; i < rec->NumberParameters && i < EXCEPTION_MAXIMUM_PARAMETERS; i++)
            report_add(&r, " %#llx", (unsigned long long)rec->ExceptionInformation[i]);
        report_add(&r, "\n");
    }
    report_add(&r, "registers:\n");
    report_add(&r, "  rip %016llx rsp %016llx rbp %016llx eflags %08x\n", (unsigned long long)c.Rip,
               (unsigned long long)c.Rsp, (unsigned long long)c.Rbp, (unsigned)c.EFlags);
    report_add(&r, "  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n", (unsigned long long)c.Rax,
               (unsigned long long)c.Rbx, (unsigned long long)c.Rcx, (unsigned long long)c.Rdx);
    report_add(&r, "  rsi %016llx rdi %016llx r8  %016llx r9  %016llx\n", (unsigned long long)c.Rsi,
               (unsigned long long)c.Rdi, (unsigned long long)c.R8, (unsigned long long)c.R9);
    report_add(&r, "  r10 %016llx r11 %016llx r12 %016llx r13 %016llx\n", (unsigned long long)c.R10,
               (unsigned long long)c.R11, (unsigned long long)c.R12, (unsigned long long)c.R13);
    report_add(&r, "  r14 %016llx r15 %016llx\n", (unsigned long long)c.R14, (unsigned long long)c.R15);
    report_add(&r, "backtrace:\n");
    for (i = 0; i < 64 && c.Rip; i++) {
        ULONG64 base, frame;
        PRUNTIME_FUNCTION func;
        void *data;

        report_add(&r, "  #%-2u %016llx %s\n", i, (unsigned long long)c.Rip,
                   describe_address(c.Rip, where, sizeof(where)));
        if ((func = RtlLookupFunctionEntry(c.Rip, &base, NULL)))
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, c.Rip, func, &c, &data, &frame, NULL);
        else if (unwind_pc_in_pe_code(c.Rip) && (!high || (c.Rsp >= low && c.Rsp < high))) {
            c.Rip = *(ULONG64 *)c.Rsp; /* leaf function */
            c.Rsp += 8;
        } else
            break; /* host code: no unwind data to follow */
        if (high && (c.Rsp < low || c.Rsp > high))
            break;
    }
    report_flush(&r);
}

void exception_terminate(const EXCEPTION_RECORD *rec, const CONTEXT *context)
{
    if (context)
        crash_report(rec, context);
    TRACE("terminating with %#x\n", rec->ExceptionCode);
    NtTerminateProcess(NtCurrentProcess(), rec->ExceptionCode);
    _exit(rec->ExceptionCode & 0xff);
}
