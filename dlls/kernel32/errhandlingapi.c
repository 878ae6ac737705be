/*
 * Error handling: last error, error modes, RaiseException and the unhandled exception filter.
 *
 * Written for oriel from the Windows SDK documentation.
 */
#include <string.h>

#include <windows.h>
#include <winternl.h>

#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(seh);

DWORD WINAPI GetLastError(void)
{
    return RtlGetLastWin32Error();
}

void WINAPI SetLastError(DWORD err)
{
    RtlSetLastWin32Error(err);
}

/* ---- RaiseException ---- */

/* RaiseException starts the dispatch at its guest caller: the entry stub captures the caller's context
 * (as RtlRaiseException does in ntdll) and hands it to raise_exception_impl. */
static __attribute__((used)) void WINAPI raise_exception_impl(CONTEXT *context)
{
    EXCEPTION_RECORD rec;
    DWORD count = (DWORD)context->R8;
    const ULONG_PTR *args = (const ULONG_PTR *)context->R9;

    memset(&rec, 0, sizeof(rec));
    rec.ExceptionCode = (DWORD)context->Rcx;
    /* documented: only EXCEPTION_NONCONTINUABLE is kept from the flags */
    rec.ExceptionFlags = (DWORD)context->Rdx & EXCEPTION_NONCONTINUABLE;
    rec.ExceptionAddress = (void *)RaiseException;
    if (args) {
        /* documented: more than EXCEPTION_MAXIMUM_PARAMETERS arguments are cut to that many */
        if (count > EXCEPTION_MAXIMUM_PARAMETERS)
            count = EXCEPTION_MAXIMUM_PARAMETERS;
        rec.NumberParameters = count;
        memcpy(rec.ExceptionInformation, args, count * sizeof(ULONG_PTR));
    }
    TRACE("code %#x flags %#x count %u from %#llx\n", rec.ExceptionCode, rec.ExceptionFlags,
          rec.NumberParameters, (unsigned long long)context->Rip);
    NtRaiseException(&rec, context, TRUE);
}

__asm__(".text\n\t"
        ".globl RaiseException\n\t"
        ".type RaiseException,@function\n"
        "RaiseException:\n\t"
        ".cfi_startproc\n\t"
        "subq $0x4f8, %rsp\n\t"
        ".cfi_adjust_cfa_offset 0x4f8\n\t"
        "movq %rcx, 0x4f0(%rsp)\n\t"
        "leaq 0x20(%rsp), %rcx\n\t"
        "call RtlCaptureContext@PLT\n\t"
        "movq 0x4f0(%rsp), %rax\n\t"
        "movq %rax, 0xa0(%rsp)\n\t" /* Rcx */
        "leaq 0x500(%rsp), %rax\n\t"
        "movq %rax, 0xb8(%rsp)\n\t" /* Rsp after the return */
        "movq 0x4f8(%rsp), %rax\n\t"
        "movq %rax, 0x118(%rsp)\n\t" /* Rip: the return address */
        "leaq 0x20(%rsp), %rcx\n\t"
        "call raise_exception_impl\n\t"
        "addq $0x4f8, %rsp\n\t"
        ".cfi_adjust_cfa_offset -0x4f8\n\t"
        "ret\n\t"
        ".cfi_endproc\n\t"
        ".size RaiseException, .-RaiseException\n");

/* ---- unhandled exception filter ---- */

static LPTOP_LEVEL_EXCEPTION_FILTER top_filter;

LONG WINAPI UnhandledExceptionFilter(EXCEPTION_POINTERS *info)
{
    LPTOP_LEVEL_EXCEPTION_FILTER filter = __atomic_load_n(&top_filter, __ATOMIC_ACQUIRE);
    LONG ret;

    if (filter) {
        ret = filter(info);
        TRACE("filter %p returned %d\n", filter, ret);
        if (ret != EXCEPTION_CONTINUE_SEARCH)
            return ret;
    }
    /* the default, without a debugger: the crash report, then the process ends with the code */
    NtRaiseException(info->ExceptionRecord, info->ContextRecord, FALSE);
    return EXCEPTION_EXECUTE_HANDLER;
}

LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER filter)
{
    TRACE("%p\n", filter);
    RtlSetUnhandledExceptionFilter(UnhandledExceptionFilter);
    return __atomic_exchange_n(&top_filter, filter, __ATOMIC_ACQ_REL);
}

/* ---- error modes ---- */

static UINT process_error_mode;

UINT WINAPI SetErrorMode(UINT mode)
{
    TRACE("%#x\n", mode);
    return __atomic_exchange_n(&process_error_mode, mode, __ATOMIC_ACQ_REL);
}

UINT WINAPI GetErrorMode(void)
{
    return __atomic_load_n(&process_error_mode, __ATOMIC_ACQUIRE);
}

/* TEB->HardErrorMode (not a __thread variable: gcc clobbers registers around __tls_get_addr in ms_abi
 * functions) */
static DWORD *thread_error_mode_ptr(void)
{
    return (DWORD *)((BYTE *)NtCurrentTeb() + 0x16b0);
}

BOOL WINAPI SetThreadErrorMode(DWORD mode, LPDWORD old_mode)
{
    /* documented: only these three flags are accepted */
    if (mode & ~(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (old_mode)
        *old_mode = *thread_error_mode_ptr();
    *thread_error_mode_ptr() = mode;
    return TRUE;
}

DWORD WINAPI GetThreadErrorMode(void)
{
    return *thread_error_mode_ptr();
}

/* ---- debugging ---- */

BOOL WINAPI IsDebuggerPresent(void)
{
    return FALSE;
}

void WINAPI OutputDebugStringA(LPCSTR str)
{
    TRACE("%s\n", debugstr_a(str));
}

void WINAPI OutputDebugStringW(LPCWSTR str)
{
    TRACE("%s\n", debugstr_w(str));
}

void WINAPI FatalAppExitA(UINT action, LPCSTR message)
{
    ERR("%s\n", debugstr_a(message));
    ExitProcess(0xff);
}

void WINAPI FatalAppExitW(UINT action, LPCWSTR message)
{
    ERR("%s\n", debugstr_w(message));
    ExitProcess(0xff);
}
