/*
 * Helper DLL for thread.exe: counts the DLL_THREAD_ATTACH / DLL_THREAD_DETACH notifications the loader
 * sends it and remembers the thread that received the last of each.
 */
#include <windows.h>

static volatile LONG attach_count, detach_count;
static volatile DWORD last_attach_tid, last_detach_tid;

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        break;
    case DLL_THREAD_ATTACH:
        /* the notification runs on the new thread itself */
        last_attach_tid = GetCurrentThreadId();
        InterlockedIncrement(&attach_count);
        break;
    case DLL_THREAD_DETACH:
        last_detach_tid = GetCurrentThreadId();
        InterlockedIncrement(&detach_count);
        break;
    }
    return TRUE;
}

__declspec(dllexport) void threaddll_get(LONG *attach, LONG *detach, DWORD *attach_tid, DWORD *detach_tid)
{
    *attach = attach_count;
    *detach = detach_count;
    *attach_tid = last_attach_tid;
    *detach_tid = last_detach_tid;
}
