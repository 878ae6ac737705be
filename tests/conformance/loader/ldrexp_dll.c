/* Helper DLL for loader.c: exports by name, by ordinal only (NONAME) and data (see ldrexp.def). */
#include <windows.h>

int ldr_data = 1234;

int WINAPI ldr_add(int a, int b)
{
    return a + b;
}

int WINAPI ldr_mul(int a, int b)
{
    return a * b;
}

int WINAPI ldr_hidden(void)
{
    return 0x5eed;
}
