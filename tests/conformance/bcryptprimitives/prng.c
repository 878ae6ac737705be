/*
 * bcryptprimitives!ProcessPrng, which Go and Rust programs look up to get random bytes: it fills the
 * whole buffer, always succeeds, and two calls do not return the same bytes.
 */
#include "test.h"

typedef BOOL(WINAPI *ProcessPrng_fn)(BYTE *, SIZE_T);

START_TEST(prng)
{
    HMODULE dll = LoadLibraryA("bcryptprimitives.dll");
    ProcessPrng_fn prng;
    static BYTE a[4096], b[4096];
    int counts[256] = {0}, zeros = 0;

    if (!dll) {
        skip("bcryptprimitives.dll not available\n");
        return;
    }
    prng = (ProcessPrng_fn)GetProcAddress(dll, "ProcessPrng");
    ok(prng != NULL, "ProcessPrng not exported\n");
    if (!prng)
        return;

    ok(prng(a, sizeof(a)) == TRUE, "ProcessPrng failed\n");
    ok(prng(b, sizeof(b)) == TRUE, "ProcessPrng failed\n");
    ok(memcmp(a, b, sizeof(a)) != 0, "two calls returned the same bytes\n");
    for (int i = 0; i < (int)sizeof(a); i++)
        counts[a[i]]++;
    for (int i = 0; i < 256; i++)
        zeros += counts[i] == 0;
    /* 4096 random bytes leave a value out with probability ~1e-7 each. */
    ok(zeros == 0, "%d byte values never occurred\n", zeros);

    /* The end of the buffer is written too. */
    memset(a, 0, sizeof(a));
    ok(prng(a + 4000, 96), "ProcessPrng failed\n");
    ok(memcmp(a + 4000, b, 96) != 0 && (a[4095] | a[4094] | a[4093] | a[4092]) != 0, "tail not filled\n");
    ok(prng(a, 0), "zero-length request failed\n");
    FreeLibrary(dll);
}
