/* Helper DLL for loader.c: imported through a delay-load import library (see ldrdelay.def). */
#include <windows.h>

__declspec(dllexport) int delay_value(void)
{
    return 99;
}
