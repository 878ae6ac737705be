/* Helper DLL for loader.c: ldrrel1.dll and ldrrel2.dll have the same preferred base, so one of them must
 * be relocated. */
#include <windows.h>

static int value = 100;
int *value_ptr = &value; /* an absolute address: needs a base relocation */

__declspec(dllexport) int *rel1_get(void)
{
    return value_ptr;
}
