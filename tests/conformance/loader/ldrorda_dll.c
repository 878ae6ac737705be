/* Helper DLL for loader.c: DllMain appends "a+" / "a-" to the environment variable ORIEL_LDRLOG so
 * the test sees the order of the notifications. ldrorda.dll imports ldrordb.dll. */
#include <windows.h>
#include <string.h>

static void log_event(const char *event)
{
    char buf[256] = "";
    GetEnvironmentVariableA("ORIEL_LDRLOG", buf, sizeof(buf));
    if (strlen(buf) + strlen(event) < sizeof(buf) - 1)
        strcat(buf, event);
    SetEnvironmentVariableA("ORIEL_LDRLOG", buf);
}

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        log_event(reserved ? "a+static " : "a+ ");
    else if (reason == DLL_PROCESS_DETACH)
        log_event("a- ");
    return TRUE;
}

__declspec(dllimport) int ordb_value(void);

__declspec(dllexport) int orda_value(void)
{
    return ordb_value() + 1;
}
