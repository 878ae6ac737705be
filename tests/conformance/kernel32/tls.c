/*
 * Conformance tests for thread and fiber local storage slots (TlsAlloc..., FlsAlloc...).
 */
#include "test.h"

/* gs:offset of the TEB (mingw's __readgsqword triggers -Warray-bounds with constant offsets) */
#define read_gs(offset)                                                                                      \
    ({                                                                                                       \
        ULONG_PTR value_;                                                                                    \
        __asm__ volatile("movq %%gs:" #offset ", %0" : "=r"(value_));                                        \
        value_;                                                                                              \
    })

static int fls_callback_calls;
static void *fls_callback_value;

static void WINAPI fls_callback(void *value)
{
    fls_callback_calls++;
    fls_callback_value = value;
}

static void test_tls(void)
{
    DWORD index = TlsAlloc(), index2;

    ok(index != TLS_OUT_OF_INDEXES, "TlsAlloc failed\n");
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(index) == NULL, "new slot not zero\n");
    /* documented: TlsGetValue clears the last error on success */
    ok(GetLastError() == ERROR_SUCCESS, "got error %lu\n", GetLastError());
    ok(TlsSetValue(index, (void *)0x1234), "TlsSetValue failed\n");
    ok(TlsGetValue(index) == (void *)0x1234, "wrong value\n");
    if (index < 64) {
        void **slots = (void **)((BYTE *)read_gs(0x30) + 0x1480);
        ok(slots[index] == (void *)0x1234, "not in TEB.TlsSlots\n");
    }

    index2 = TlsAlloc();
    ok(index2 != index, "same index twice\n");
    ok(TlsFree(index2), "TlsFree failed\n");
    ok(TlsFree(index), "TlsFree failed\n");
    SetLastError(0xdeadbeef);
    ok(!TlsFree(index), "double TlsFree succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());

    /* a reallocated slot starts at zero */
    index = TlsAlloc();
    ok(TlsGetValue(index) == NULL, "reused slot not cleared\n");
    TlsFree(index);

    SetLastError(0xdeadbeef);
    ok(TlsGetValue(5000) == NULL, "out of range\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!TlsSetValue(5000, NULL), "out of range set succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
}

static void test_tls_many(void)
{
    DWORD indexes[100];
    int n;
    /* more than the 64 slots in the TEB: expansion slots */
    for (n = 0; n < 100; n++) {
        indexes[n] = TlsAlloc();
        if (indexes[n] == TLS_OUT_OF_INDEXES)
            break;
    }
    ok(n == 100, "only %d slots\n", n);
    ok(TlsSetValue(indexes[n - 1], (void *)7), "set failed\n");
    ok(TlsGetValue(indexes[n - 1]) == (void *)7, "expansion slot value lost\n");
    while (n--)
        ok(TlsFree(indexes[n]), "TlsFree(%lu) failed\n", indexes[n]);
}

static void test_fls(void)
{
    DWORD index = FlsAlloc(fls_callback);

    ok(index != FLS_OUT_OF_INDEXES, "FlsAlloc failed\n");
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(index) == NULL, "new slot not zero\n");
    ok(FlsSetValue(index, (void *)0x55), "FlsSetValue failed\n");
    ok(FlsGetValue(index) == (void *)0x55, "wrong value\n");

    /* FlsFree runs the callback for a non-NULL value */
    fls_callback_calls = 0;
    ok(FlsFree(index), "FlsFree failed\n");
    ok(fls_callback_calls == 1 && fls_callback_value == (void *)0x55, "callback %d %p\n", fls_callback_calls,
       fls_callback_value);

    SetLastError(0xdeadbeef);
    ok(!FlsFree(index), "double FlsFree succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());

    /* no callback for a NULL value */
    index = FlsAlloc(fls_callback);
    fls_callback_calls = 0;
    ok(FlsFree(index), "FlsFree failed\n");
    ok(fls_callback_calls == 0, "callback called for NULL\n");

    SetLastError(0xdeadbeef);
    ok(!FlsSetValue(FLS_OUT_OF_INDEXES, NULL), "FLS_OUT_OF_INDEXES accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
}

START_TEST(tls)
{
    test_tls();
    test_tls_many();
    test_fls();
}
