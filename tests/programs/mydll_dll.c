/* mydll.dll: a native DLL that usedll.exe imports at load time.  Exports by name, by ordinal only
 * (NONAME), a data export and a forwarder (see mydll.def).  DllMain reports every notification on
 * stdout with WriteFile, unbuffered, so its lines interleave with the program's in the order
 * Windows delivers them. */
#include <windows.h>
#include <string.h>

__declspec(dllexport) int mydll_calls;

static void say(const char *text)
{
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)strlen(text), &written, NULL);
}

int mydll_add(int a, int b)
{
    mydll_calls++;
    return a + b;
}

const char *mydll_greeting(void)
{
    mydll_calls++;
    return "greetings from mydll";
}

int mydll_secret(int x)
{
    mydll_calls++;
    return x * 1000 + 7;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        /* lpReserved is non-NULL for a load-time import, NULL for LoadLibrary */
        say(reserved ? "mydll: DLL_PROCESS_ATTACH (static)\r\n" : "mydll: DLL_PROCESS_ATTACH (dynamic)\r\n");
        break;
    case DLL_THREAD_ATTACH:
        say("mydll: DLL_THREAD_ATTACH\r\n");
        break;
    case DLL_THREAD_DETACH:
        say("mydll: DLL_THREAD_DETACH\r\n");
        break;
    case DLL_PROCESS_DETACH:
        /* lpReserved is non-NULL when the process is terminating, NULL after FreeLibrary */
        say(reserved ? "mydll: DLL_PROCESS_DETACH (process exit)\r\n"
                     : "mydll: DLL_PROCESS_DETACH (unload)\r\n");
        break;
    }
    return TRUE;
}
