/*
 * The msvcrt printf engine: pure code, shared by msvcrt.dll.so and the host unit test
 * (tests/unit/printf_test.c). It knows nothing about calling conventions: arguments arrive through a
 * fetcher and output leaves through a sink, so the DLL can feed it an ms_abi va_list and the unit test
 * a host one.
 */
#ifndef ORIEL_MSVCRT_PRINTF_ENGINE_H
#define ORIEL_MSVCRT_PRINTF_ENGINE_H

#include <stdint.h>

struct pf_args {
    /* Next integer or pointer argument: every integer occupies one 64-bit slot on x64, the engine
     * truncates it to the size the format asks for. */
    int64_t (*next_int)(void *ctx);
    double (*next_double)(void *ctx);
    void *ctx;
};

struct pf_sink {
    /* Writes len characters (bytes for a narrow sink, 16-bit units for a wide one); returns 0 or -1. */
    int (*write)(void *ctx, const void *data, int len);
    void *ctx;
    int wide;
    /* Code page conversion for %ls into a narrow sink and %hs into a wide one (NULL: Latin-1, which is
     * what msvcrt's "C" locale does). wc_to_mb returns the byte count or -1; mb_to_wc returns the
     * number of bytes consumed (>= 1) or -1. */
    int (*wc_to_mb)(uint16_t wc, char *out);
    int (*mb_to_wc)(const char *s, int avail, uint16_t *out);
    int flags; /* PF_* */
};

#define PF_TWO_DIGIT_EXPONENT 0x1 /* _set_output_format(_TWO_DIGIT_EXPONENT) */

/* Formats like msvcrt's printf family. format is a narrow (format_wide == 0) or 16-bit string.
 * Returns the number of characters produced or -1 when the sink failed or a conversion failed. */
int pf_format(const struct pf_sink *sink, const void *format, int format_wide, struct pf_args *args);

#endif /* ORIEL_MSVCRT_PRINTF_ENGINE_H */
