/* Helper DLL for loader.c: forwarders to ldrexp.dll by name and by ordinal (see ldrfwd.def). */
#include <windows.h>

int WINAPI fwd_own(void)
{
    return 77;
}
