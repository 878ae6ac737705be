/* dyndll.dll: loaded only through LoadLibrary by usedll.exe and found in the application's
 * directory.  It imports mydll.dll, which is already loaded by then, so loading it must not notify
 * mydll again. */
#include <windows.h>
#include <string.h>

__declspec(dllimport) int mydll_add(int a, int b);

static void say(const char *text)
{
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)strlen(text), &written, NULL);
}

int dyndll_twice_sum(int a, int b)
{
    return 2 * mydll_add(a, b);
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        say(reserved ? "dyndll: DLL_PROCESS_ATTACH (static)\r\n"
                     : "dyndll: DLL_PROCESS_ATTACH (dynamic)\r\n");
        break;
    case DLL_THREAD_ATTACH:
        say("dyndll: DLL_THREAD_ATTACH\r\n");
        break;
    case DLL_THREAD_DETACH:
        say("dyndll: DLL_THREAD_DETACH\r\n");
        break;
    case DLL_PROCESS_DETACH:
        say(reserved ? "dyndll: DLL_PROCESS_DETACH (process exit)\r\n"
                     : "dyndll: DLL_PROCESS_DETACH (unload)\r\n");
        break;
    }
    return TRUE;
}
