/*
 * The CRT heap (malloc.h). Blocks come from the host allocator with a 16-byte header that records the
 * requested size: _msize must return exactly what was asked for (as HeapSize does on Windows), and the
 * host allocator is faster than a server-free process heap could be. Alignment stays 16 bytes, like
 * Windows x64's heap.
 */
#include <stdlib.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define HDR 16
#define BLOCK_MAGIC 0x4d53565243525448ull /* "MSVRCRTH" */

struct header {
    size_t size;
    uint64_t magic;
};
C_ASSERT(sizeof(struct header) == HDR);

typedef int(CDECL *new_handler_func)(size_t size);
static new_handler_func new_handler;
static int new_mode;

static struct header *get_header(void *ptr)
{
    return (struct header *)((char *)ptr - HDR);
}

static void *alloc_block(size_t size)
{
    if (size > (size_t)-1 - HDR - 64) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    for (;;) {
        struct header *h = malloc(size + HDR);
        if (h) {
            h->size = size;
            h->magic = BLOCK_MAGIC;
            return (char *)h + HDR;
        }
        if (!new_mode || !new_handler || !new_handler(size))
            break;
    }
    msvcrt_errno = MSVCRT_ENOMEM;
    return NULL;
}

void *CDECL MSVCRT_malloc(size_t size)
{
    return alloc_block(size);
}

void CDECL MSVCRT_free(void *ptr)
{
    if (!ptr)
        return;
    struct header *h = get_header(ptr);
    if (h->magic != BLOCK_MAGIC) {
        ERR("freeing %p which was not allocated by malloc\n", ptr);
        return;
    }
    h->magic = 0;
    free(h);
}

void *CDECL MSVCRT_calloc(size_t count, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(count, size, &total)) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    void *p = alloc_block(total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *CDECL MSVCRT_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return alloc_block(size);
    if (!size) {
        MSVCRT_free(ptr);
        return NULL;
    }
    struct header *h = get_header(ptr);
    if (h->magic != BLOCK_MAGIC) {
        ERR("reallocating %p which was not allocated by malloc\n", ptr);
        return NULL;
    }
    if (size > (size_t)-1 - HDR - 64) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    struct header *n = realloc(h, size + HDR);
    if (!n) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    n->size = size;
    return (char *)n + HDR;
}

void *CDECL MSVCRT__recalloc(void *ptr, size_t count, size_t size)
{
    size_t total, old = ptr ? get_header(ptr)->size : 0;
    if (__builtin_mul_overflow(count, size, &total)) {
        msvcrt_errno = MSVCRT_ENOMEM;
        return NULL;
    }
    char *p = MSVCRT_realloc(ptr, total);
    if (p && total > old)
        memset(p + old, 0, total - old);
    return p;
}

size_t CDECL MSVCRT__msize(void *ptr)
{
    if (!ptr) {
        msvcrt_errno = MSVCRT_EINVAL;
        return (size_t)-1;
    }
    return get_header(ptr)->size;
}

void *CDECL MSVCRT__expand(void *ptr, size_t size)
{
    /* Growing in place is not something the host allocator offers; shrinking is always possible. */
    if (!ptr) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    struct header *h = get_header(ptr);
    if (size <= h->size) {
        h->size = size;
        return ptr;
    }
    msvcrt_errno = MSVCRT_ENOMEM;
    return NULL;
}

int CDECL MSVCRT__heapchk(void)
{
    return -2; /* _HEAPOK */
}

int CDECL MSVCRT__heapmin(void)
{
    return 0;
}

new_handler_func CDECL MSVCRT__set_new_handler(new_handler_func func)
{
    new_handler_func old = new_handler;
    new_handler = func;
    return old;
}

new_handler_func CDECL MSVCRT__query_new_handler(void)
{
    return new_handler;
}

int CDECL MSVCRT__set_new_mode(int mode)
{
    int old = new_mode;
    new_mode = mode;
    return old;
}

int CDECL MSVCRT__query_new_mode(void)
{
    return new_mode;
}

/* ---- aligned blocks: [padding][original pointer][aligned data] ---- */

void *CDECL MSVCRT__aligned_offset_malloc(size_t size, size_t alignment, size_t offset)
{
    if (alignment & (alignment - 1)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    if (offset >= size && size) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    if (alignment < sizeof(void *))
        alignment = sizeof(void *);
    char *raw = MSVCRT_malloc(size + alignment + sizeof(void *));
    if (!raw)
        return NULL;
    uintptr_t p = (uintptr_t)raw + sizeof(void *) + offset;
    p = (p + alignment - 1) & ~(uintptr_t)(alignment - 1);
    p -= offset;
    ((void **)p)[-1] = raw;
    return (void *)p;
}

void *CDECL MSVCRT__aligned_malloc(size_t size, size_t alignment)
{
    return MSVCRT__aligned_offset_malloc(size, alignment, 0);
}

void CDECL MSVCRT__aligned_free(void *ptr)
{
    if (ptr)
        MSVCRT_free(((void **)ptr)[-1]);
}

void *CDECL MSVCRT__aligned_offset_realloc(void *ptr, size_t size, size_t alignment, size_t offset)
{
    if (!ptr)
        return MSVCRT__aligned_offset_malloc(size, alignment, offset);
    if (!size) {
        MSVCRT__aligned_free(ptr);
        return NULL;
    }
    char *raw = ((void **)ptr)[-1];
    size_t old = MSVCRT__msize(raw) - ((char *)ptr - raw);
    void *n = MSVCRT__aligned_offset_malloc(size, alignment, offset);
    if (!n)
        return NULL;
    memcpy(n, ptr, old < size ? old : size);
    MSVCRT__aligned_free(ptr);
    return n;
}

void *CDECL MSVCRT__aligned_realloc(void *ptr, size_t size, size_t alignment)
{
    return MSVCRT__aligned_offset_realloc(ptr, size, alignment, 0);
}

/* C++ operators exported by msvcrt.dll (??2@YAPEAX_K@Z and ??3@YAXPEAX@Z). */
void *CDECL MSVCRT_operator_new(size_t size)
{
    void *p = MSVCRT_malloc(size);
    if (!p)
        ERR("out of memory allocating %zu bytes\n", size);
    return p;
}

void CDECL MSVCRT_operator_delete(void *ptr)
{
    MSVCRT_free(ptr);
}
