/*
 * ProcessPrng (bcryptprimitives.dll): fills a buffer with cryptographically secure random bytes.
 * Windows documents that it always succeeds; the Linux kernel's getrandom() is the source.
 */
#include <errno.h>
#include <sys/random.h>

#include <windows.h>
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(bcrypt);

DECLSPEC_EXPORT BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    TRACE("%p %lu\n", data, (unsigned long)size);
    while (size) {
        ssize_t got = getrandom(data, size, 0);
        if (got < 0) {
            /* EINTR: a signal arrived; anything else would mean the kernel lacks getrandom(), which
             * oriel does not support running on. */
            if (errno == EINTR)
                continue;
            ERR("getrandom failed: errno %d\n", errno);
            return FALSE;
        }
        data += got;
        size -= (SIZE_T)got;
    }
    return TRUE;
}
