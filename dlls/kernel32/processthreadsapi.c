/*
 * Current process/thread identity, process exit, startup info, TLS and FLS slots.
 *
 * TLS slots live where Windows keeps them, so guest code that reads the TEB directly agrees with
 * TlsGetValue: the first 64 in TEB.TlsSlots, the next 1024 in TEB.TlsExpansionSlots (allocated on
 * first use); the allocation bitmaps are PEB.TlsBitmapBits and PEB.TlsExpansionBitmapBits.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel32_private.h"
#include "oriel/ntdll.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(process);

WINBASEAPI HANDLE WINAPI GetCurrentProcess(void)
{
    return NtCurrentProcess();
}

WINBASEAPI HANDLE WINAPI GetCurrentThread(void)
{
    return NtCurrentThread();
}

WINBASEAPI DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess;
}

WINBASEAPI DWORD WINAPI GetCurrentThreadId(void)
{
    return (DWORD)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread;
}

WINBASEAPI void WINAPI ExitProcess(UINT code)
{
    RtlExitUserProcess(code);
}

WINBASEAPI BOOL WINAPI TerminateProcess(HANDLE process, UINT code)
{
    if (!process) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_set_ntstatus(NtTerminateProcess(process, code));
}

/* ---- startup info ---- */

WINBASEAPI void WINAPI GetStartupInfoW(LPSTARTUPINFOW info)
{
    RTL_USER_PROCESS_PARAMETERS *params = RtlGetCurrentPeb()->ProcessParameters;
    memset(info, 0, sizeof(*info));
    info->cb = sizeof(*info);
    info->lpDesktop = params->Desktop.Buffer;
    info->lpTitle = params->WindowTitle.Buffer;
    info->dwX = params->StartingX;
    info->dwY = params->StartingY;
    info->dwXSize = params->CountX;
    info->dwYSize = params->CountY;
    info->dwXCountChars = params->CountCharsX;
    info->dwYCountChars = params->CountCharsY;
    info->dwFillAttribute = params->FillAttribute;
    info->dwFlags = params->WindowFlags;
    info->wShowWindow = params->ShowWindowFlags;
    info->cbReserved2 = params->RuntimeInfo.MaximumLength;
    info->lpReserved2 = params->RuntimeInfo.MaximumLength ? (LPBYTE)params->RuntimeInfo.Buffer : NULL;
    info->hStdInput = params->StdInput;
    info->hStdOutput = params->StdOutput;
    info->hStdError = params->StdError;
}

static STARTUPINFOA startup_a;
static pthread_once_t startup_once = PTHREAD_ONCE_INIT;

static char *dup_ansi(const WCHAR *str)
{
    if (!str)
        return NULL;
    ULONG len = k32_wide_to_ansi(str, -1, NULL, 0);
    char *ret = malloc(len ? len : 1);
    if (ret)
        k32_wide_to_ansi(str, -1, ret, len);
    return ret;
}

static void init_startup_a(void)
{
    STARTUPINFOW w;
    GetStartupInfoW(&w);
    memcpy(&startup_a, &w, sizeof(startup_a)); /* same layout; the string pointers are replaced */
    startup_a.cb = sizeof(startup_a);
    startup_a.lpReserved = NULL;
    startup_a.lpDesktop = dup_ansi(w.lpDesktop);
    startup_a.lpTitle = dup_ansi(w.lpTitle);
}

WINBASEAPI void WINAPI GetStartupInfoA(LPSTARTUPINFOA info)
{
    pthread_once(&startup_once, init_startup_a);
    *info = startup_a;
}

/* ---- TLS ---- */

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
/* ntdll (threadapi.c), ELF-only: clears a TLS slot in every thread's TEB. */

WINBASEAPI DWORD WINAPI TlsAlloc(void)
{
    PEB *peb = RtlGetCurrentPeb();
    TEB *teb = NtCurrentTeb();
    DWORD index = TLS_OUT_OF_INDEXES;

    pthread_mutex_lock(&tls_lock);
    for (DWORD i = 0; i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS; i++) {
        ULONG *bits = i < TLS_MINIMUM_AVAILABLE
                          ? &peb->TlsBitmapBits[i / 32]
                          : &peb->TlsExpansionBitmapBits[(i - TLS_MINIMUM_AVAILABLE) / 32];
        ULONG bit = 1u << (i % 32);
        if (*bits & bit)
            continue;
        *bits |= bit;
        index = i;
        break;
    }
    pthread_mutex_unlock(&tls_lock);
    if (index == TLS_OUT_OF_INDEXES) {
        SetLastError(ERROR_NO_MORE_ITEMS);
        return index;
    }
    /* FIXME: other threads' slots are cleared when the slot is freed only in the calling thread. */
    if (index < TLS_MINIMUM_AVAILABLE)
        teb->TlsSlots[index] = NULL;
    else if (teb->TlsExpansionSlots)
        teb->TlsExpansionSlots[index - TLS_MINIMUM_AVAILABLE] = NULL;
    return index;
}

WINBASEAPI BOOL WINAPI TlsFree(DWORD index)
{
    PEB *peb = RtlGetCurrentPeb();
    BOOL ret = FALSE;

    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&tls_lock);
    ULONG *bits = index < TLS_MINIMUM_AVAILABLE
                      ? &peb->TlsBitmapBits[index / 32]
                      : &peb->TlsExpansionBitmapBits[(index - TLS_MINIMUM_AVAILABLE) / 32];
    ULONG bit = 1u << (index % 32);
    if (*bits & bit) {
        *bits &= ~bit;
        ret = TRUE;
    }
    pthread_mutex_unlock(&tls_lock);
    if (!ret) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* every thread's slot is cleared, so the next TlsAlloc of the index starts from NULL everywhere */
    __oriel_clear_tls_slot(index);
    return TRUE;
}

WINBASEAPI LPVOID WINAPI TlsGetValue(DWORD index)
{
    TEB *teb = NtCurrentTeb();
    LPVOID ret;

    if (index < TLS_MINIMUM_AVAILABLE)
        ret = teb->TlsSlots[index];
    else if (index < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS)
        ret = teb->TlsExpansionSlots ? teb->TlsExpansionSlots[index - TLS_MINIMUM_AVAILABLE] : NULL;
    else {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* documented: a successful TlsGetValue clears the last error */
    SetLastError(ERROR_SUCCESS);
    return ret;
}

WINBASEAPI BOOL WINAPI TlsSetValue(DWORD index, LPVOID value)
{
    TEB *teb = NtCurrentTeb();

    if (index < TLS_MINIMUM_AVAILABLE) {
        teb->TlsSlots[index] = value;
        return TRUE;
    }
    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!teb->TlsExpansionSlots) {
        teb->TlsExpansionSlots = calloc(TLS_EXPANSION_SLOTS, sizeof(void *));
        if (!teb->TlsExpansionSlots) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
    }
    teb->TlsExpansionSlots[index - TLS_MINIMUM_AVAILABLE] = value;
    return TRUE;
}

/* ---- FLS ---- */

#define FLS_MAX 4080 /* FLS_MAXIMUM_AVAILABLE on Windows 10 */

struct fls_thread {
    struct fls_thread *next, *prev;
    void *values[FLS_MAX];
};

static PFLS_CALLBACK_FUNCTION fls_callbacks[FLS_MAX];
static unsigned char fls_used[FLS_MAX];
static struct fls_thread fls_threads = {&fls_threads, &fls_threads};
static pthread_mutex_t fls_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t fls_key;
static pthread_once_t fls_once = PTHREAD_ONCE_INIT;
/* initial-exec: the general-dynamic model calls __tls_get_addr, a SysV function that clobbers rsi/rdi,
 * which ms_abi callers expect preserved */
static __thread struct fls_thread *fls_data __attribute__((tls_model("initial-exec")));

static void fls_destructor(void *data)
{
    k32_fls_thread_cleanup();
}

static void fls_init(void)
{
    pthread_key_create(&fls_key, fls_destructor);
}

static struct fls_thread *fls_get(BOOL create)
{
    if (fls_data || !create)
        return fls_data;
    struct fls_thread *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    pthread_once(&fls_once, fls_init);
    pthread_mutex_lock(&fls_lock);
    t->next = fls_threads.next;
    t->prev = &fls_threads;
    fls_threads.next->prev = t;
    fls_threads.next = t;
    pthread_mutex_unlock(&fls_lock);
    pthread_setspecific(fls_key, t);
    fls_data = t;
    return t;
}

void k32_fls_thread_cleanup(void)
{
    struct fls_thread *t = fls_data;
    if (!t)
        return;
    for (DWORD i = 1; i < FLS_MAX; i++) {
        void *value = t->values[i];
        PFLS_CALLBACK_FUNCTION cb = fls_used[i] ? fls_callbacks[i] : NULL;
        t->values[i] = NULL;
        if (value && cb)
            cb(value);
    }
    pthread_mutex_lock(&fls_lock);
    t->prev->next = t->next;
    t->next->prev = t->prev;
    pthread_mutex_unlock(&fls_lock);
    fls_data = NULL;
    free(t);
}

WINBASEAPI DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION callback)
{
    DWORD index = FLS_OUT_OF_INDEXES;
    pthread_mutex_lock(&fls_lock);
    for (DWORD i = 1; i < FLS_MAX; i++)
        if (!fls_used[i]) {
            fls_used[i] = 1;
            fls_callbacks[i] = callback;
            index = i;
            break;
        }
    if (index != FLS_OUT_OF_INDEXES)
        for (struct fls_thread *t = fls_threads.next; t != &fls_threads; t = t->next)
            t->values[index] = NULL;
    pthread_mutex_unlock(&fls_lock);
    if (index == FLS_OUT_OF_INDEXES)
        SetLastError(ERROR_NO_MORE_ITEMS);
    return index;
}

WINBASEAPI BOOL WINAPI FlsFree(DWORD index)
{
    if (!index || index >= FLS_MAX) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&fls_lock);
    if (!fls_used[index]) {
        pthread_mutex_unlock(&fls_lock);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    PFLS_CALLBACK_FUNCTION cb = fls_callbacks[index];
    /* The callback runs for every thread that holds a value (documented for FlsFree). */
    for (struct fls_thread *t = fls_threads.next; t != &fls_threads; t = t->next) {
        void *value = t->values[index];
        t->values[index] = NULL;
        if (value && cb)
            cb(value);
    }
    fls_used[index] = 0;
    fls_callbacks[index] = NULL;
    pthread_mutex_unlock(&fls_lock);
    return TRUE;
}

WINBASEAPI PVOID WINAPI FlsGetValue(DWORD index)
{
    if (!index || index >= FLS_MAX || !fls_used[index]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    struct fls_thread *t = fls_get(FALSE);
    SetLastError(ERROR_SUCCESS);
    return t ? t->values[index] : NULL;
}

WINBASEAPI BOOL WINAPI FlsSetValue(DWORD index, PVOID value)
{
    if (!index || index >= FLS_MAX || !fls_used[index]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct fls_thread *t = fls_get(TRUE);
    if (!t) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    t->values[index] = value;
    return TRUE;
}

WINBASEAPI BOOL WINAPI GetProcessHandleCount(HANDLE process, PDWORD count)
{
    ULONG handles;
    NTSTATUS status = NtQueryInformationProcess(process, ProcessHandleCount, &handles, sizeof(handles), NULL);

    if (status) {
        k32_set_ntstatus(status);
        return FALSE;
    }
    *count = handles;
    return TRUE;
}
