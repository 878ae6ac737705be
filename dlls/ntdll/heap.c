/*
 * Heaps (ntdll): RtlCreateHeap, RtlAllocateHeap and friends.
 *
 * Each block is a host malloc() chunk with a 32-byte header in front of the caller's data. The header
 * links the block into its heap (so HeapDestroy frees everything, HeapWalk can enumerate, and
 * HeapValidate can check the whole heap) and carries a magic value so that HeapFree/HeapSize of a
 * pointer that does not belong to the heap fail as documented instead of corrupting memory. The host
 * allocator is thread-safe, so the per-heap lock only protects the block list; it is recursive because
 * HeapLock() holders may keep calling the heap functions.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <asm/prctl.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(heap);

#define HEAP_MAGIC 0x50414548u /* "HEAP" */
#define BLOCK_MAGIC 0x4f52ull  /* top 16 bits of size_magic of a busy block */
#define BLOCK_SIZE_MASK ((1ull << 48) - 1)
#define HEAP_MAX_BLOCK (BLOCK_SIZE_MASK - 0x10000)
/* fixed-size heaps (dwMaximumSize != 0) only hold blocks below this (documented as "slightly less than
 * 1,024 KB" for 64-bit processes) */
#define FIXED_HEAP_MAX_BLOCK 0xfe000

#define HEAP_CREATE_VALID_FLAGS 0x0004107f

struct heap_block {
    struct heap_block *next;
    struct heap_block *prev;
    struct heap *heap;
    ULONGLONG size_magic; /* caller's size | BLOCK_MAGIC << 48 */
};
C_ASSERT(sizeof(struct heap_block) == 32);

struct heap {
    DWORD magic;
    ULONG flags;
    pthread_mutex_t lock;
    struct heap_block head; /* circular list of busy blocks */
    SIZE_T max_size;        /* 0 = growable */
    SIZE_T used;
    ULONG compat_info; /* HeapCompatibilityInformation (2 = low-fragmentation heap) */
};

static pthread_mutex_t heaps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct heap **heaps;
static ULONG heap_count, heap_capacity;

extern void WINAPI RtlRaiseException(EXCEPTION_RECORD *rec) __attribute__((weak));

/* The heap functions may run before the thread has a TEB (GS base 0): only touch it when present. */
static int have_teb(void)
{
    unsigned long gs = 0;
    return !syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) && gs;
}

static void set_last_status(NTSTATUS status)
{
    if (have_teb()) {
        TEB *teb = NtCurrentTeb();
        teb->LastStatusValue = status;
        teb->LastErrorValue = RtlNtStatusToDosErrorNoTeb(status);
    }
}

static void heap_failed(ULONG flags, NTSTATUS status)
{
    if ((flags & HEAP_GENERATE_EXCEPTIONS) && RtlRaiseException) {
        EXCEPTION_RECORD rec = {0};
        rec.ExceptionCode = status;
        rec.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
        rec.ExceptionAddress = __builtin_return_address(0);
        RtlRaiseException(&rec);
    }
    set_last_status(status);
}

static struct heap *get_heap(PVOID handle)
{
    struct heap *heap = handle;
    if (!heap || ((ULONG_PTR)heap & 15) || heap->magic != HEAP_MAGIC) {
        WARN("invalid heap %p\n", handle);
        return NULL;
    }
    return heap;
}

static void heap_lock(struct heap *heap, ULONG flags)
{
    if (!(flags & HEAP_NO_SERIALIZE))
        pthread_mutex_lock(&heap->lock);
}

static void heap_unlock(struct heap *heap, ULONG flags)
{
    if (!(flags & HEAP_NO_SERIALIZE))
        pthread_mutex_unlock(&heap->lock);
}

static inline SIZE_T block_size(const struct heap_block *block)
{
    return block->size_magic & BLOCK_SIZE_MASK;
}

static inline void block_set_size(struct heap_block *block, SIZE_T size)
{
    block->size_magic = size | (BLOCK_MAGIC << 48);
}

/* Header of a user pointer when it is a busy block of this heap (any heap when heap is NULL). */
static struct heap_block *get_block(struct heap *heap, const void *ptr)
{
    /* the header lies in the 32 bytes before ptr: reject pointers where it cannot be */
    if (((ULONG_PTR)ptr & 15) || (ULONG_PTR)ptr < 0x10000)
        return NULL;
    struct heap_block *block = (struct heap_block *)ptr - 1;
    if (((ULONG_PTR)ptr & 0xfff) < sizeof(*block)) {
        /* the header would start on the previous page: make sure it is mapped before reading it
         * (e.g. a VirtualAlloc'ed pointer handed to HeapFree) */
        unsigned char vec;
        if (mincore((void *)(((ULONG_PTR)block) & ~(ULONG_PTR)0xfff), 0x1000, &vec))
            return NULL;
    }
    if ((block->size_magic >> 48) != BLOCK_MAGIC)
        return NULL;
    if (heap && block->heap != heap)
        return NULL;
    return block;
}

/* HEAP_CREATE_ENABLE_EXECUTE: the pages under the block become executable (as on Windows, where the
 * whole heap is; neighbouring host allocations on those pages are affected too). */
static void make_executable(struct heap *heap, struct heap_block *block)
{
    if (!(heap->flags & HEAP_CREATE_ENABLE_EXECUTE))
        return;
    long page = sysconf(_SC_PAGESIZE);
    ULONG_PTR start = (ULONG_PTR)block & ~(ULONG_PTR)(page - 1);
    ULONG_PTR end = ((ULONG_PTR)block + malloc_usable_size(block) + page - 1) & ~(ULONG_PTR)(page - 1);
    if (mprotect((void *)start, end - start, PROT_READ | PROT_WRITE | PROT_EXEC))
        WARN("cannot make %p executable\n", block);
}

static void list_add(struct heap *heap, struct heap_block *block)
{
    block->next = &heap->head;
    block->prev = heap->head.prev;
    heap->head.prev->next = block;
    heap->head.prev = block;
}

static void list_remove(struct heap_block *block)
{
    block->prev->next = block->next;
    block->next->prev = block->prev;
}

PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock,
                           PRTL_HEAP_PARAMETERS params)
{
    TRACE("flags %#x base %p reserve %#zx commit %#zx\n", (unsigned)flags, base, (size_t)reserve,
          (size_t)commit);
    if (base)
        FIXME_ONCE("caller-supplied heap memory %p not used\n", base);
    if (lock)
        FIXME_ONCE("caller-supplied heap lock not used\n");

    struct heap *heap;
    if (posix_memalign((void **)&heap, 16, sizeof(*heap)))
        return NULL;
    memset(heap, 0, sizeof(*heap));
    heap->magic = HEAP_MAGIC;
    heap->flags = flags & HEAP_CREATE_VALID_FLAGS;
    if (!(flags & HEAP_GROWABLE) && reserve) {
        heap->max_size = (reserve + 0xffff) & ~(SIZE_T)0xffff;
        if (commit > heap->max_size)
            heap->max_size = commit;
    } else {
        heap->flags |= HEAP_GROWABLE;
    }
    heap->head.next = heap->head.prev = &heap->head;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&heap->lock, &attr);
    pthread_mutexattr_destroy(&attr);

    pthread_mutex_lock(&heaps_lock);
    if (heap_count == heap_capacity) {
        ULONG cap = heap_capacity ? heap_capacity * 2 : 16;
        struct heap **grown = realloc(heaps, cap * sizeof(*heaps));
        if (!grown) {
            pthread_mutex_unlock(&heaps_lock);
            free(heap);
            return NULL;
        }
        heaps = grown;
        heap_capacity = cap;
    }
    heaps[heap_count++] = heap;
    pthread_mutex_unlock(&heaps_lock);
    return heap;
}

static int is_process_heap(struct heap *heap)
{
    return have_teb() && NtCurrentTeb()->Peb && NtCurrentTeb()->Peb->ProcessHeap == heap;
}

/* Returns NULL on success, the heap itself on failure (the process heap cannot be destroyed). */
PVOID WINAPI RtlDestroyHeap(PVOID handle)
{
    struct heap *heap = get_heap(handle);
    if (!heap || is_process_heap(heap))
        return handle;

    pthread_mutex_lock(&heaps_lock);
    for (ULONG i = 0; i < heap_count; i++) {
        if (heaps[i] == heap) {
            heaps[i] = heaps[--heap_count];
            break;
        }
    }
    pthread_mutex_unlock(&heaps_lock);

    pthread_mutex_lock(&heap->lock);
    struct heap_block *block = heap->head.next;
    while (block != &heap->head) {
        struct heap_block *next = block->next;
        block->size_magic = 0;
        free(block);
        block = next;
    }
    heap->magic = 0;
    pthread_mutex_unlock(&heap->lock);
    pthread_mutex_destroy(&heap->lock);
    free(heap);
    return NULL;
}

static int reserve_space(struct heap *heap, SIZE_T old_size, SIZE_T new_size)
{
    if (!heap->max_size)
        return 1;
    if (new_size >= FIXED_HEAP_MAX_BLOCK || heap->used - old_size + new_size > heap->max_size)
        return 0;
    heap->used = heap->used - old_size + new_size;
    return 1;
}

PVOID WINAPI RtlAllocateHeap(PVOID handle, ULONG flags, SIZE_T size)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return NULL;
    flags |= heap->flags;

    if (size > HEAP_MAX_BLOCK) {
        heap_failed(flags, STATUS_NO_MEMORY);
        return NULL;
    }
    struct heap_block *block;
    SIZE_T total = sizeof(*block) + (size ? size : 1);
    if (flags & HEAP_ZERO_MEMORY)
        block = calloc(1, total);
    else
        block = malloc(total);
    if (!block) {
        heap_failed(flags, STATUS_NO_MEMORY);
        return NULL;
    }
    block->heap = heap;
    block_set_size(block, size);

    heap_lock(heap, flags);
    if (!reserve_space(heap, 0, size)) {
        heap_unlock(heap, flags);
        block->size_magic = 0;
        free(block);
        heap_failed(flags, STATUS_NO_MEMORY);
        return NULL;
    }
    list_add(heap, block);
    heap_unlock(heap, flags);
    make_executable(heap, block);
    return block + 1;
}

BOOLEAN WINAPI RtlFreeHeap(PVOID handle, ULONG flags, PVOID ptr)
{
    if (!ptr)
        return TRUE;
    struct heap *heap = get_heap(handle);
    if (!heap) {
        set_last_status(STATUS_INVALID_HANDLE);
        return FALSE;
    }
    flags |= heap->flags;

    heap_lock(heap, flags);
    struct heap_block *block = get_block(heap, ptr);
    if (!block) {
        heap_unlock(heap, flags);
        WARN("heap %p: %p is not a busy block\n", handle, ptr);
        set_last_status(STATUS_INVALID_PARAMETER);
        return FALSE;
    }
    list_remove(block);
    reserve_space(heap, block_size(block), 0);
    block->size_magic = 0;
    heap_unlock(heap, flags);
    free(block);
    return TRUE;
}

PVOID WINAPI RtlReAllocateHeap(PVOID handle, ULONG flags, PVOID ptr, SIZE_T size)
{
    if (!ptr)
        return NULL;
    struct heap *heap = get_heap(handle);
    if (!heap) {
        set_last_status(STATUS_INVALID_HANDLE);
        return NULL;
    }
    flags |= heap->flags;
    if (size > HEAP_MAX_BLOCK) {
        heap_failed(flags, STATUS_NO_MEMORY);
        return NULL;
    }

    heap_lock(heap, flags);
    struct heap_block *block = get_block(heap, ptr);
    if (!block) {
        heap_unlock(heap, flags);
        set_last_status(STATUS_INVALID_PARAMETER);
        return NULL;
    }
    SIZE_T old_size = block_size(block);
    SIZE_T total = sizeof(*block) + (size ? size : 1);
    if (!reserve_space(heap, old_size, size))
        goto oom;

    struct heap_block *new_block;
    if (total <= malloc_usable_size(block)) {
        new_block = block; /* fits in the chunk we already have */
    } else if (flags & HEAP_REALLOC_IN_PLACE_ONLY) {
        reserve_space(heap, size, old_size);
        goto oom;
    } else {
        list_remove(block);
        new_block = realloc(block, total);
        if (!new_block) {
            list_add(heap, block);
            reserve_space(heap, size, old_size);
            goto oom;
        }
        list_add(heap, new_block);
    }
    block_set_size(new_block, size);
    heap_unlock(heap, flags);
    if (new_block != block)
        make_executable(heap, new_block);
    if (size > old_size && (flags & HEAP_ZERO_MEMORY))
        memset((char *)(new_block + 1) + old_size, 0, size - old_size);
    return new_block + 1;

oom:
    heap_unlock(heap, flags);
    heap_failed(flags, STATUS_NO_MEMORY);
    return NULL;
}

SIZE_T WINAPI RtlSizeHeap(PVOID handle, ULONG flags, const void *ptr)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return ~(SIZE_T)0;
    flags |= heap->flags;
    heap_lock(heap, flags);
    struct heap_block *block = get_block(heap, ptr);
    SIZE_T size = block ? block_size(block) : ~(SIZE_T)0;
    heap_unlock(heap, flags);
    if (!block)
        set_last_status(STATUS_INVALID_PARAMETER);
    return size;
}

BOOLEAN WINAPI RtlLockHeap(PVOID handle)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return FALSE;
    pthread_mutex_lock(&heap->lock);
    return TRUE;
}

BOOLEAN WINAPI RtlUnlockHeap(PVOID handle)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return FALSE;
    return !pthread_mutex_unlock(&heap->lock);
}

BOOLEAN WINAPI RtlValidateHeap(PVOID handle, ULONG flags, const void *ptr)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return FALSE;
    flags |= heap->flags;
    BOOLEAN ret = TRUE;
    heap_lock(heap, flags);
    if (ptr) {
        ret = get_block(heap, ptr) != NULL;
    } else {
        for (struct heap_block *block = heap->head.next; block != &heap->head; block = block->next) {
            if ((block->size_magic >> 48) != BLOCK_MAGIC || block->heap != heap ||
                block->next->prev != block) {
                ERR("heap %p: corrupted block %p\n", handle, block + 1);
                ret = FALSE;
                break;
            }
        }
    }
    heap_unlock(heap, flags);
    return ret;
}

ULONG WINAPI RtlGetProcessHeaps(ULONG count, PVOID *out)
{
    pthread_mutex_lock(&heaps_lock);
    ULONG total = heap_count;
    for (ULONG i = 0; i < total && i < count; i++)
        out[i] = heaps[i];
    pthread_mutex_unlock(&heaps_lock);
    return total;
}

ULONG WINAPI RtlCompactHeap(PVOID handle, ULONG flags)
{
    if (!get_heap(handle))
        return 0;
    malloc_trim(0);
    return 0x10000; /* the host allocator does not tell the largest free block; report 64K */
}

/* Enumerates the heap's busy blocks in allocation order. The caller holds the heap lock (HeapLock), as
 * HeapWalk's documentation requires for heaps used by several threads. */
NTSTATUS WINAPI RtlWalkHeap(PVOID handle, PVOID ptr)
{
    struct heap *heap = get_heap(handle);
    PROCESS_HEAP_ENTRY *entry = ptr;
    if (!heap || !entry)
        return STATUS_INVALID_PARAMETER;

    struct heap_block *block;
    if (!entry->lpData) {
        block = heap->head.next;
    } else {
        struct heap_block *cur = get_block(heap, entry->lpData);
        if (!cur)
            return STATUS_INVALID_PARAMETER;
        block = cur->next;
    }
    if (block == &heap->head)
        return STATUS_NO_MORE_ENTRIES;
    memset(entry, 0, sizeof(*entry));
    entry->lpData = block + 1;
    entry->cbData = (DWORD)block_size(block);
    entry->cbOverhead = sizeof(*block);
    entry->wFlags = PROCESS_HEAP_ENTRY_BUSY;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlQueryHeapInformation(PVOID handle, ULONG info_class, PVOID info, SIZE_T size,
                                        PSIZE_T needed)
{
    struct heap *heap = get_heap(handle);
    if (!heap)
        return STATUS_INVALID_HANDLE;
    switch (info_class) {
    case HeapCompatibilityInformation:
        if (needed)
            *needed = sizeof(ULONG);
        if (size < sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        *(ULONG *)info = heap->compat_info;
        return STATUS_SUCCESS;
    default:
        FIXME("class %u not supported\n", (unsigned)info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS WINAPI RtlSetHeapInformation(PVOID handle, ULONG info_class, PVOID info, SIZE_T size)
{
    switch (info_class) {
    case HeapCompatibilityInformation: {
        struct heap *heap = get_heap(handle);
        if (!heap)
            return STATUS_INVALID_HANDLE;
        if (size < sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        ULONG value = *(ULONG *)info;
        /* 0 = standard heap, 2 = low-fragmentation heap (the host allocator already behaves like it);
         * look-aside lists (1) are not supported on Vista and later */
        if (value != 0 && value != 2)
            return STATUS_UNSUCCESSFUL;
        if (heap->flags & HEAP_NO_SERIALIZE && value == 2)
            return STATUS_INVALID_PARAMETER;
        heap->compat_info = value;
        return STATUS_SUCCESS;
    }
    case HeapEnableTerminationOnCorruption:
        return STATUS_SUCCESS; /* corruption already stops the process on the paths that detect it */
    default:
        FIXME("class %u not supported\n", (unsigned)info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
}
