/* Helper DLL for loader.c: DllMain fails its initialisation. */
#include <windows.h>
#include <string.h>

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved)
{
    char buf[64] = "";
    if (reason == DLL_PROCESS_ATTACH)
        return FALSE;
    if (reason == DLL_PROCESS_DETACH) {
        GetEnvironmentVariableA("ORIEL_LDRLOG", buf, sizeof(buf) - 8);
        strcat(buf, "fail- ");
        SetEnvironmentVariableA("ORIEL_LDRLOG", buf);
    }
    return TRUE;
}
