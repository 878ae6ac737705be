/*
 * Windows Error Reporting settings (werapi.h) and fail-fast termination (errhandlingapi.h).
 * There is no error reporting service: the flags are kept so a program reads back what it set.
 */
#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(wer);

#ifndef HRESULT_FROM_WIN32
#define HRESULT_FROM_WIN32(err)                                                                              \
    ((HRESULT)(err) <= 0 ? (HRESULT)(err) : (HRESULT)(((err)&0xffff) | 0x80070000))
#endif
#ifndef STATUS_FAIL_FAST_EXCEPTION
#define STATUS_FAIL_FAST_EXCEPTION ((NTSTATUS)0xC0000602)
#endif

/* The WER_FAULT_REPORTING_* flags that werapi.h defines. */
#define WER_FAULT_REPORTING_VALID_FLAGS 0x3f

static volatile LONG wer_flags;

HRESULT WINAPI WerSetFlags(DWORD flags)
{
    TRACE("%#x\n", flags);
    if (flags & ~WER_FAULT_REPORTING_VALID_FLAGS)
        return E_INVALIDARG;
    __atomic_store_n(&wer_flags, (LONG)flags, __ATOMIC_RELAXED);
    return S_OK;
}

HRESULT WINAPI WerGetFlags(HANDLE process, PDWORD flags)
{
    TRACE("%p %p\n", process, flags);
    if (!flags)
        return E_INVALIDARG;
    DWORD pid = GetProcessId(process);
    if (!pid)
        return HRESULT_FROM_WIN32(GetLastError());
    if (pid != GetCurrentProcessId()) {
        /* The flags live in the other process's memory; nothing reads them from there yet. */
        FIXME_ONCE("flags of another process (%u) are not available\n", pid);
        return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
    }
    *flags = (DWORD)__atomic_load_n(&wer_flags, __ATOMIC_RELAXED);
    return S_OK;
}

/* Ends the process at once: no exception handler, filter or debugger gets a chance, which is the
 * point of a fail-fast (the program decided its state is corrupt). */
void WINAPI RaiseFailFastException(PEXCEPTION_RECORD record, PCONTEXT context, DWORD flags)
{
    DWORD code = record ? record->ExceptionCode : (DWORD)STATUS_FAIL_FAST_EXCEPTION;
    ERR("fail fast: code %#x at %p (context %p, flags %#x)\n", code, record ? record->ExceptionAddress : NULL,
        context, flags);
    TerminateProcess(GetCurrentProcess(), code);
    for (;;)
        TerminateProcess(GetCurrentProcess(), code);
}
