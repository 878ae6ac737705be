/* Helper DLL for loader.c: static TLS data (.tls section) and a TLS callback, loaded with LoadLibrary. */
#include <windows.h>
#include <string.h>

/* gs:offset of the TEB (mingw's __readgsqword triggers -Warray-bounds with constant offsets) */
#define read_gs(offset)                                                                                      \
    ({                                                                                                       \
        ULONG_PTR value_;                                                                                    \
        __asm__ volatile("movq %%gs:" #offset ", %0" : "=r"(value_));                                        \
        value_;                                                                                              \
    })

/* mingw-w64's tlssup.c brackets the .tls data with _tls_start/_tls_end and stores the index here. */
extern char _tls_start;
extern ULONG _tls_index;

__attribute__((section(".tls$AAB"))) int tls_value = 0x1234;

static char events[64];

static void add_event(char c)
{
    size_t len = strlen(events);
    if (len < sizeof(events) - 1)
        events[len] = c;
}

static void WINAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    add_event("dpat"[reason]); /* detach, process attach, attach thread, thread detach */
}

__attribute__((section(".CRT$XLY"), used)) PIMAGE_TLS_CALLBACK tls_callback_ptr = tls_callback;

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved)
{
    add_event("DPAT"[reason]);
    return TRUE;
}

__declspec(dllexport) int *tls_get_ptr(void)
{
    void **array = (void **)read_gs(0x58);
    if (!array || !array[_tls_index])
        return NULL;
    return (int *)((char *)array[_tls_index] + ((char *)&tls_value - &_tls_start));
}

__declspec(dllexport) int *tls_get_template(void)
{
    return &tls_value;
}

__declspec(dllexport) ULONG tls_get_index(void)
{
    return _tls_index;
}

__declspec(dllexport) const char *tls_get_events(void)
{
    return events;
}
