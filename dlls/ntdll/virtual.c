/*
 * Virtual memory (ntdll): NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory and
 * NtQueryVirtualMemory over mmap/mprotect.
 *
 * Every reservation made here is a "view" that remembers its allocation base, allocation protection,
 * type and the state of each page (committed or not, Windows protection). Reservations are 64 KiB
 * aligned and mapped PROT_NONE; committing mprotects, decommitting maps fresh PROT_NONE pages over the
 * range so the contents are discarded. PE images mapped by the loader are registered as MEM_IMAGE views
 * whose page protections are read back from the kernel (the loader applies section protections itself).
 * Memory that oriel did not allocate (host libraries, glibc's heap, stacks) is described from
 * /proc/self/maps, so VirtualQuery/VirtualProtect also give sensible answers there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <asm/prctl.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(virtual);

#define STATUS_NOT_COMMITTED ((NTSTATUS)0xC000002D)
#define STATUS_FREE_VM_NOT_AT_BASE ((NTSTATUS)0xC000009F)

#define PAGE_SIZE_ 0x1000
#define PAGE_MASK_ ((ULONG_PTR)PAGE_SIZE_ - 1)
#define GRANULARITY 0x10000
#define GRANULARITY_MASK ((ULONG_PTR)GRANULARITY - 1)
#define USER_SPACE_LIMIT ((ULONG_PTR)0x7ffffffeffff) /* MaximumApplicationAddress of 64-bit Windows */

#define PAGE_COMMITTED 0x8000 /* in view->pages: the rest is the page's Windows protection */
#define PROT_BITS 0x07ff
#define BASE_PROT_MASK 0xff
#define PROT_MODIFIERS (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE)

struct view {
    char *base;
    SIZE_T size;
    ULONG type; /* MEM_PRIVATE, MEM_IMAGE or MEM_MAPPED */
    ULONG alloc_prot;
    WORD *pages; /* per page state; NULL for images (read from the kernel) */
};

static int virtual_lock;
static struct view **views;
static size_t view_count, view_capacity;

/* ---- protections ---- */

static int valid_protection(ULONG prot)
{
    ULONG base = prot & BASE_PROT_MASK;
    if (prot & ~(BASE_PROT_MASK | PROT_MODIFIERS))
        return 0;
    if (!base || (base & (base - 1)))
        return 0; /* exactly one base protection */
    if ((prot & PAGE_NOCACHE) && (prot & PAGE_WRITECOMBINE))
        return 0;
    return 1;
}

static int unix_prot(ULONG prot)
{
    switch (prot & BASE_PROT_MASK) {
    case PAGE_READONLY:
        return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
        return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
        return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
        return PROT_NONE;
    }
}

static ULONG win_prot_from_perms(const char *perms)
{
    int r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';
    if (x)
        return w ? PAGE_EXECUTE_READWRITE : (r ? PAGE_EXECUTE_READ : PAGE_EXECUTE);
    if (w)
        return PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* ---- /proc/self/maps ---- */

struct host_map {
    ULONG_PTR start, end;
    char perms[5];
    unsigned long long inode;
    ULONG_PTR offset;
};

/* Reads /proc/self/maps into a malloc'ed array; returns the number of entries or -1. */
static int read_host_maps(struct host_map **out)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ssize_t n;
    while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
        len += n;
        if (len + 1 >= cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf)
        return -1;
    buf[len] = 0;

    int count = 0, alloc = 64;
    struct host_map *maps = malloc(alloc * sizeof(*maps));
    for (char *line = buf; maps && *line;) {
        char *eol = strchr(line, '\n');
        if (eol)
            *eol = 0;
        struct host_map m;
        char *p = line;
        m.start = strtoull(p, &p, 16);
        if (*p == '-')
            m.end = strtoull(p + 1, &p, 16);
        else
            m.end = m.start;
        while (*p == ' ')
            p++;
        memcpy(m.perms, p, 4);
        m.perms[4] = 0;
        p += 4;
        m.offset = strtoull(p, &p, 16);
        strtoul(p, &p, 16); /* device major:minor */
        if (*p == ':')
            strtoul(p + 1, &p, 16);
        m.inode = strtoull(p, &p, 10);
        if (m.end > m.start && m.start <= USER_SPACE_LIMIT) {
            if (count == alloc) {
                struct host_map *grown = realloc(maps, alloc * 2 * sizeof(*maps));
                if (!grown)
                    break;
                maps = grown;
                alloc *= 2;
            }
            maps[count++] = m;
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    free(buf);
    if (!maps)
        return -1;
    *out = maps;
    return count;
}

/* ---- views ---- */

/* index of the first view whose end lies above addr */
static size_t view_lower_bound(ULONG_PTR addr)
{
    size_t lo = 0, hi = view_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((ULONG_PTR)views[mid]->base + views[mid]->size <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct view *find_view(ULONG_PTR addr)
{
    size_t i = view_lower_bound(addr);
    if (i < view_count && (ULONG_PTR)views[i]->base <= addr)
        return views[i];
    return NULL;
}

static int view_range_free(ULONG_PTR start, SIZE_T size)
{
    size_t i = view_lower_bound(start);
    return i >= view_count || (ULONG_PTR)views[i]->base >= start + size;
}

static int insert_view(struct view *view)
{
    if (view_count == view_capacity) {
        size_t cap = view_capacity ? view_capacity * 2 : 64;
        struct view **grown = realloc(views, cap * sizeof(*views));
        if (!grown)
            return 0;
        views = grown;
        view_capacity = cap;
    }
    size_t i = view_lower_bound((ULONG_PTR)view->base);
    memmove(views + i + 1, views + i, (view_count - i) * sizeof(*views));
    views[i] = view;
    view_count++;
    return 1;
}

static void remove_view(struct view *view)
{
    size_t i = view_lower_bound((ULONG_PTR)view->base);
    if (i < view_count && views[i] == view) {
        memmove(views + i, views + i + 1, (view_count - i - 1) * sizeof(*views));
        view_count--;
    }
    free(view->pages);
    free(view);
}

static struct view *create_view(char *base, SIZE_T size, ULONG type, ULONG alloc_prot, int with_pages)
{
    struct view *view = calloc(1, sizeof(*view));
    if (!view)
        return NULL;
    view->base = base;
    view->size = size;
    view->type = type;
    view->alloc_prot = alloc_prot;
    if (with_pages && !(view->pages = calloc(size / PAGE_SIZE_, sizeof(WORD)))) {
        free(view);
        return NULL;
    }
    if (!insert_view(view)) {
        free(view->pages);
        free(view);
        return NULL;
    }
    return view;
}

/* Reserves size bytes at a 64K-aligned address (at base when non-NULL) with PROT_NONE. */
static char *reserve_memory(char *base, SIZE_T size)
{
    if (base) {
        void *p = mmap(base, size, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        if (p != base) { /* kernels without MAP_FIXED_NOREPLACE treat it as a hint */
            munmap(p, size);
            return NULL;
        }
        return p;
    }
    SIZE_T total = size + GRANULARITY - PAGE_SIZE_;
    char *p = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *aligned = (char *)(((ULONG_PTR)p + GRANULARITY_MASK) & ~GRANULARITY_MASK);
    if (aligned > p)
        munmap(p, aligned - p);
    if (p + total > aligned + size)
        munmap(aligned + size, p + total - (aligned + size));
    return aligned;
}

static int discard_pages(char *addr, SIZE_T size)
{
    return mmap(addr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) !=
           MAP_FAILED;
}

static void set_pages(struct view *view, char *addr, SIZE_T size, WORD state)
{
    SIZE_T first = (addr - view->base) / PAGE_SIZE_, count = size / PAGE_SIZE_;
    for (SIZE_T i = 0; i < count; i++)
        view->pages[first + i] = state;
}

/* Guard pages are mapped inaccessible; the first touch faults and the signal handler calls
 * virtual_clear_guard(), which restores the base protection so the access can be retried once the
 * STATUS_GUARD_PAGE_VIOLATION exception has been delivered. */
static int apply_protection(char *addr, SIZE_T size, ULONG prot)
{
    return !mprotect(addr, size, (prot & PAGE_GUARD) ? PROT_NONE : unix_prot(prot));
}

BOOL virtual_clear_guard(void *addr)
{
    ULONG_PTR page = (ULONG_PTR)addr & ~PAGE_MASK_;
    BOOL ret = FALSE;
    ntdll_lock(&virtual_lock);
    struct view *view = find_view(page);
    if (view && view->pages) {
        WORD *state = &view->pages[(page - (ULONG_PTR)view->base) / PAGE_SIZE_];
        if ((*state & PAGE_COMMITTED) && (*state & PAGE_GUARD)) {
            *state &= ~PAGE_GUARD;
            mprotect((void *)page, PAGE_SIZE_, unix_prot(*state & PROT_BITS));
            ret = TRUE;
        }
    }
    ntdll_unlock(&virtual_lock);
    return ret;
}

static int is_current_process(HANDLE process)
{
    if (process == NtCurrentProcess())
        return 1;
    FIXME("process %p: only the current process is supported\n", process);
    return 0;
}

/* Images the loader did not register: find them in the PEB's module list. */
static int find_ldr_image(ULONG_PTR addr, ULONG_PTR *base, SIZE_T *size)
{
    unsigned long gs = 0;
    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs)
        return 0; /* no TEB on this thread yet */
    PEB *peb = NtCurrentTeb()->Peb;
    if (!peb || !peb->Ldr || !peb->Ldr->InLoadOrderModuleList.Flink)
        return 0;
    LIST_ENTRY *head = &peb->Ldr->InLoadOrderModuleList;
    for (LIST_ENTRY *e = head->Flink; e && e != head; e = e->Flink) {
        LDR_DATA_TABLE_ENTRY *mod = CONTAINING_RECORD(e, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        ULONG_PTR start = (ULONG_PTR)mod->DllBase;
        if (addr >= start && addr - start < mod->SizeOfImage) {
            *base = start;
            *size = (mod->SizeOfImage + PAGE_MASK_) & ~PAGE_MASK_;
            return 1;
        }
    }
    return 0;
}

/* ---- NtAllocateVirtualMemory ---- */

NTSTATUS WINAPI NtAllocateVirtualMemory(HANDLE process, PVOID *ret_base, ULONG_PTR zero_bits,
                                        PSIZE_T ret_size, ULONG type, ULONG protect)
{
    TRACE("%p %p %#zx %#x %#x\n", process, *ret_base, (size_t)*ret_size, (unsigned)type, (unsigned)protect);
    if (!is_current_process(process))
        return STATUS_NOT_SUPPORTED;
    if (!*ret_size)
        return STATUS_INVALID_PARAMETER;
    if (type & ~(MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN | MEM_WRITE_WATCH | MEM_LARGE_PAGES))
        return STATUS_INVALID_PARAMETER;
    if (type & MEM_RESET) {
        if (type & ~(MEM_RESET | MEM_TOP_DOWN))
            return STATUS_INVALID_PARAMETER;
    } else if (!(type & (MEM_COMMIT | MEM_RESERVE))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!valid_protection(protect))
        return STATUS_INVALID_PAGE_PROTECTION;
    if ((protect & BASE_PROT_MASK) == PAGE_WRITECOPY || (protect & BASE_PROT_MASK) == PAGE_EXECUTE_WRITECOPY)
        return STATUS_INVALID_PAGE_PROTECTION; /* copy-on-write makes no sense for private memory */
    if (type & MEM_WRITE_WATCH)
        FIXME_ONCE("MEM_WRITE_WATCH is not tracked\n");
    if (type & MEM_LARGE_PAGES)
        FIXME_ONCE("MEM_LARGE_PAGES allocates normal pages\n");
    if (zero_bits)
        FIXME_ONCE("zero_bits %#zx ignored\n", (size_t)zero_bits);

    ULONG_PTR addr = (ULONG_PTR)*ret_base;
    SIZE_T size = *ret_size;
    if (addr > USER_SPACE_LIMIT || size > USER_SPACE_LIMIT || addr + size > USER_SPACE_LIMIT + 1)
        return STATUS_INVALID_PARAMETER;

    NTSTATUS status = STATUS_SUCCESS;
    ntdll_lock(&virtual_lock);

    if (type & MEM_RESET) {
        ULONG_PTR start = addr & ~PAGE_MASK_, end = (addr + size + PAGE_MASK_) & ~PAGE_MASK_;
        struct view *view = find_view(start);
        if (!view || end > (ULONG_PTR)view->base + view->size) {
            status = STATUS_CONFLICTING_ADDRESSES;
        } else {
            madvise((void *)start, end - start, MADV_FREE);
            *ret_base = (void *)start;
            *ret_size = end - start;
        }
        goto done;
    }

    if ((type & MEM_RESERVE) || !addr) {
        ULONG_PTR start = addr & ~GRANULARITY_MASK;
        SIZE_T rsize = ((addr + size + PAGE_MASK_) & ~PAGE_MASK_) - start;
        if (!addr)
            rsize = (size + PAGE_MASK_) & ~PAGE_MASK_;
        if (addr && !view_range_free(start, rsize)) {
            status = STATUS_CONFLICTING_ADDRESSES;
            goto done;
        }
        char *base = reserve_memory((char *)start, rsize);
        if (!base) {
            status = addr ? STATUS_CONFLICTING_ADDRESSES : STATUS_NO_MEMORY;
            goto done;
        }
        struct view *view = create_view(base, rsize, MEM_PRIVATE, protect, 1);
        if (!view) {
            munmap(base, rsize);
            status = STATUS_NO_MEMORY;
            goto done;
        }
        set_pages(view, base, rsize, protect & PROT_BITS);
        if (type & MEM_COMMIT) {
            if (!apply_protection(base, rsize, protect)) {
                remove_view(view);
                munmap(base, rsize);
                status = STATUS_NO_MEMORY;
                goto done;
            }
            set_pages(view, base, rsize, PAGE_COMMITTED | (protect & PROT_BITS));
        }
        *ret_base = base;
        *ret_size = rsize;
        goto done;
    }

    /* commit inside an existing reservation */
    ULONG_PTR start = addr & ~PAGE_MASK_, end = (addr + size + PAGE_MASK_) & ~PAGE_MASK_;
    struct view *view = find_view(start);
    if (!view || !view->pages || end > (ULONG_PTR)view->base + view->size) {
        status = STATUS_CONFLICTING_ADDRESSES;
        goto done;
    }
    if (!apply_protection((char *)start, end - start, protect)) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    set_pages(view, (char *)start, end - start, PAGE_COMMITTED | (protect & PROT_BITS));
    *ret_base = (void *)start;
    *ret_size = end - start;

done:
    ntdll_unlock(&virtual_lock);
    return status;
}

/* ---- NtFreeVirtualMemory ---- */

NTSTATUS WINAPI NtFreeVirtualMemory(HANDLE process, PVOID *ret_base, PSIZE_T ret_size, ULONG type)
{
    TRACE("%p %p %#zx %#x\n", process, *ret_base, (size_t)*ret_size, (unsigned)type);
    if (!is_current_process(process))
        return STATUS_NOT_SUPPORTED;
    if (type != MEM_RELEASE && type != MEM_DECOMMIT)
        return STATUS_INVALID_PARAMETER;

    ULONG_PTR addr = (ULONG_PTR)*ret_base;
    SIZE_T size = *ret_size;
    NTSTATUS status = STATUS_SUCCESS;
    ntdll_lock(&virtual_lock);

    struct view *view = find_view(addr);
    if (!view || view->type != MEM_PRIVATE) {
        status = STATUS_INVALID_PARAMETER; /* ERROR_INVALID_PARAMETER, as the reference reports */
        goto done;
    }
    ULONG_PTR view_end = (ULONG_PTR)view->base + view->size;

    if (type == MEM_RELEASE) {
        if ((ULONG_PTR)view->base != (addr & ~PAGE_MASK_)) {
            status = STATUS_FREE_VM_NOT_AT_BASE;
            goto done;
        }
        if (size && ((addr + size + PAGE_MASK_) & ~PAGE_MASK_) != view_end) {
            status = STATUS_UNABLE_TO_FREE_VM;
            goto done;
        }
        char *base = view->base;
        SIZE_T vsize = view->size;
        munmap(base, vsize);
        remove_view(view);
        *ret_base = base;
        *ret_size = vsize;
        goto done;
    }

    ULONG_PTR start = addr & ~PAGE_MASK_;
    ULONG_PTR end = size ? (addr + size + PAGE_MASK_) & ~PAGE_MASK_ : view_end;
    if (!size && start != (ULONG_PTR)view->base) {
        status = STATUS_FREE_VM_NOT_AT_BASE;
        goto done;
    }
    if (end > view_end) {
        status = STATUS_UNABLE_TO_FREE_VM;
        goto done;
    }
    if (!discard_pages((char *)start, end - start)) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    SIZE_T first = (start - (ULONG_PTR)view->base) / PAGE_SIZE_;
    for (SIZE_T i = 0; i < (end - start) / PAGE_SIZE_; i++)
        view->pages[first + i] &= ~PAGE_COMMITTED;
    *ret_base = (void *)start;
    *ret_size = end - start;

done:
    ntdll_unlock(&virtual_lock);
    return status;
}

/* ---- NtProtectVirtualMemory ---- */

/* Protection of host memory from /proc/self/maps; 0 when [start,end) is not fully mapped. */
static ULONG host_protection(ULONG_PTR start, ULONG_PTR end)
{
    struct host_map *maps;
    int count = read_host_maps(&maps);
    ULONG prot = 0;
    ULONG_PTR covered = start;
    for (int i = 0; i < count && covered < end; i++) {
        if (maps[i].end <= covered)
            continue;
        if (maps[i].start > covered)
            break;
        if (covered == start)
            prot = win_prot_from_perms(maps[i].perms);
        covered = maps[i].end;
    }
    if (count >= 0)
        free(maps);
    return covered >= end ? prot : 0;
}

NTSTATUS WINAPI NtProtectVirtualMemory(HANDLE process, PVOID *ret_base, PSIZE_T ret_size, ULONG new_prot,
                                       PULONG old_prot)
{
    TRACE("%p %p %#zx %#x\n", process, *ret_base, (size_t)*ret_size, (unsigned)new_prot);
    if (!is_current_process(process))
        return STATUS_NOT_SUPPORTED;
    if (!valid_protection(new_prot))
        return STATUS_INVALID_PAGE_PROTECTION;

    ULONG_PTR addr = (ULONG_PTR)*ret_base;
    ULONG_PTR start = addr & ~PAGE_MASK_, end = (addr + *ret_size + PAGE_MASK_) & ~PAGE_MASK_;
    if (end == start)
        end = start + PAGE_SIZE_;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG old = 0;

    ntdll_lock(&virtual_lock);
    struct view *view = find_view(start);
    if (view && view->pages) {
        if (end > (ULONG_PTR)view->base + view->size) {
            status = STATUS_CONFLICTING_ADDRESSES;
            goto done;
        }
        SIZE_T first = (start - (ULONG_PTR)view->base) / PAGE_SIZE_, count = (end - start) / PAGE_SIZE_;
        for (SIZE_T i = 0; i < count; i++) {
            if (!(view->pages[first + i] & PAGE_COMMITTED)) {
                status = STATUS_NOT_COMMITTED;
                goto done;
            }
        }
        old = view->pages[first] & PROT_BITS;
        if (!apply_protection((char *)start, end - start, new_prot)) {
            status = STATUS_INVALID_PAGE_PROTECTION;
            goto done;
        }
        set_pages(view, (char *)start, end - start, PAGE_COMMITTED | (new_prot & PROT_BITS));
    } else {
        /* images and host memory: the kernel knows the current protection */
        if (view && end > (ULONG_PTR)view->base + view->size) {
            status = STATUS_CONFLICTING_ADDRESSES;
            goto done;
        }
        old = host_protection(start, end);
        if (!old) {
            status = STATUS_NOT_COMMITTED;
            goto done;
        }
        ULONG_PTR img_base;
        SIZE_T img_size;
        int image = view ? view->type == MEM_IMAGE : find_ldr_image(start, &img_base, &img_size);
        if (image && (old == PAGE_READWRITE || old == PAGE_EXECUTE_READWRITE))
            old = old == PAGE_READWRITE ? PAGE_WRITECOPY : PAGE_EXECUTE_WRITECOPY;
        if (!apply_protection((char *)start, end - start, new_prot)) {
            status = STATUS_INVALID_PAGE_PROTECTION;
            goto done;
        }
    }
    *ret_base = (void *)start;
    *ret_size = end - start;
    if (old_prot)
        *old_prot = old;

done:
    ntdll_unlock(&virtual_lock);
    return status;
}

/* ---- NtQueryVirtualMemory ---- */

static void query_view(struct view *view, ULONG_PTR addr, MEMORY_BASIC_INFORMATION *info)
{
    ULONG_PTR view_end = (ULONG_PTR)view->base + view->size;
    info->AllocationBase = view->base;
    info->AllocationProtect = view->alloc_prot;
    info->Type = view->type;

    if (view->pages) {
        SIZE_T first = (addr - (ULONG_PTR)view->base) / PAGE_SIZE_, total = view->size / PAGE_SIZE_, i;
        WORD state = view->pages[first];
        for (i = first + 1; i < total; i++)
            if ((view->pages[i] & PAGE_COMMITTED) != (state & PAGE_COMMITTED) ||
                ((state & PAGE_COMMITTED) && view->pages[i] != state))
                break;
        info->RegionSize = (i - first) * PAGE_SIZE_;
        info->State = (state & PAGE_COMMITTED) ? MEM_COMMIT : MEM_RESERVE;
        info->Protect = (state & PAGE_COMMITTED) ? (state & PROT_BITS) : 0;
        return;
    }

    /* image or mapped file: per-page protection comes from the kernel */
    struct host_map *maps;
    int count = read_host_maps(&maps);
    info->State = MEM_COMMIT;
    info->Protect = PAGE_NOACCESS;
    info->RegionSize = view_end - addr;
    for (int i = 0; i < count; i++) {
        if (maps[i].end <= addr)
            continue;
        if (maps[i].start > addr) { /* a hole inside the image: reserved but not mapped */
            info->State = MEM_RESERVE;
            info->Protect = 0;
            info->RegionSize = (maps[i].start < view_end ? maps[i].start : view_end) - addr;
            break;
        }
        ULONG prot = win_prot_from_perms(maps[i].perms);
        ULONG_PTR end = maps[i].end;
        /* merge with following mappings of the same protection */
        for (int j = i + 1; j < count && maps[j].start == end && end < view_end; j++) {
            if (win_prot_from_perms(maps[j].perms) != prot)
                break;
            end = maps[j].end;
        }
        if (view->type == MEM_IMAGE && (prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE))
            prot = prot == PAGE_READWRITE ? PAGE_WRITECOPY : PAGE_EXECUTE_WRITECOPY;
        info->Protect = prot;
        info->RegionSize = (end < view_end ? end : view_end) - addr;
        break;
    }
    if (count >= 0)
        free(maps);
}

static int current_stack(ULONG_PTR *low, ULONG_PTR *high)
{
    unsigned long gs = 0;
    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs)
        return 0;
    TEB *teb = NtCurrentTeb();
    *low = (ULONG_PTR)(teb->DeallocationStack ? teb->DeallocationStack : teb->Tib.StackLimit);
    *high = (ULONG_PTR)teb->Tib.StackBase;
    return *low && *high > *low;
}

static void query_host(ULONG_PTR addr, MEMORY_BASIC_INFORMATION *info)
{
    struct host_map *maps;
    int count = read_host_maps(&maps);
    ULONG_PTR next = USER_SPACE_LIMIT + 1;

    info->State = MEM_FREE;
    info->Protect = PAGE_NOACCESS;
    info->AllocationBase = NULL;
    info->AllocationProtect = 0;
    info->Type = 0;
    for (int i = 0; i < count; i++) {
        if (maps[i].end <= addr)
            continue;
        if (maps[i].start > addr) {
            next = maps[i].start;
            break;
        }
        /* mapped by the host: find the allocation (consecutive mappings of the same file) */
        int first = i;
        while (first > 0 && maps[first - 1].end == maps[first].start && maps[i].inode &&
               maps[first - 1].inode == maps[i].inode)
            first--;
        ULONG prot = win_prot_from_perms(maps[i].perms);
        ULONG_PTR end = maps[i].end;
        for (int j = i + 1; j < count && maps[j].start == end; j++) {
            if (strcmp(maps[j].perms, maps[i].perms) || maps[j].inode != maps[i].inode)
                break;
            end = maps[j].end;
        }
        info->AllocationBase = (void *)maps[first].start;
        /* the kernel merges neighbouring anonymous mappings: the thread's own stack is known exactly */
        ULONG_PTR stack_low, stack_high;
        if (current_stack(&stack_low, &stack_high) && addr >= stack_low && addr < stack_high) {
            info->AllocationBase = (void *)stack_low;
            if (end > stack_high)
                end = stack_high;
            if (maps[i].start < stack_low)
                info->AllocationBase = (void *)stack_low;
        }
        info->AllocationProtect = maps[i].inode ? PAGE_EXECUTE_WRITECOPY : PAGE_EXECUTE_READWRITE;
        info->Type = maps[i].inode ? MEM_MAPPED : MEM_PRIVATE;
        if (prot == PAGE_NOACCESS && !maps[i].inode) {
            info->State = MEM_RESERVE; /* PROT_NONE anonymous memory is a reservation (guard areas) */
            info->Protect = 0;
        } else {
            info->State = MEM_COMMIT;
            info->Protect = prot;
        }
        next = end;
        break;
    }
    if (count >= 0)
        free(maps);
    /* free space ends where the next view begins, too */
    size_t v = view_lower_bound(addr);
    if (info->State == MEM_FREE && v < view_count && (ULONG_PTR)views[v]->base < next)
        next = (ULONG_PTR)views[v]->base;
    info->RegionSize = next - addr;
}

NTSTATUS WINAPI NtQueryVirtualMemory(HANDLE process, LPCVOID address, ULONG info_class, PVOID buffer,
                                     SIZE_T len, PSIZE_T res_len)
{
    if (!is_current_process(process))
        return STATUS_NOT_SUPPORTED;
    if (info_class != MemoryBasicInformation) {
        FIXME("info class %u not supported\n", (unsigned)info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (len < sizeof(MEMORY_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    ULONG_PTR addr = (ULONG_PTR)address & ~PAGE_MASK_;
    if (addr > USER_SPACE_LIMIT)
        return STATUS_INVALID_PARAMETER;

    MEMORY_BASIC_INFORMATION *info = buffer;
    memset(info, 0, sizeof(*info));
    info->BaseAddress = (void *)addr;

    ntdll_lock(&virtual_lock);
    struct view *view = find_view(addr);
    ULONG_PTR img_base;
    SIZE_T img_size;
    if (view) {
        query_view(view, addr, info);
    } else if (find_ldr_image(addr, &img_base, &img_size)) {
        struct view image = {(char *)img_base, img_size, MEM_IMAGE, PAGE_EXECUTE_WRITECOPY, NULL};
        query_view(&image, addr, info);
    } else {
        query_host(addr, info);
    }
    ntdll_unlock(&virtual_lock);

    if (res_len)
        *res_len = sizeof(*info);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtFlushInstructionCache(HANDLE process, LPCVOID addr, SIZE_T size)
{
    return STATUS_SUCCESS; /* x86 keeps instruction caches coherent */
}

/* ---- images registered by the loader ---- */

void virtual_register_image(void *base, size_t size)
{
    ULONG_PTR start = (ULONG_PTR)base, end = (start + size + PAGE_MASK_) & ~PAGE_MASK_;
    ntdll_lock(&virtual_lock);
    /* the loader may have reserved the range through NtAllocateVirtualMemory: forget that view */
    for (;;) {
        size_t i = view_lower_bound(start);
        if (i >= view_count || (ULONG_PTR)views[i]->base >= end)
            break;
        remove_view(views[i]);
    }
    if (!create_view(base, end - start, MEM_IMAGE, PAGE_EXECUTE_WRITECOPY, 0))
        ERR("out of memory registering image %p\n", base);
    ntdll_unlock(&virtual_lock);
}

void virtual_unregister_image(void *base)
{
    ntdll_lock(&virtual_lock);
    struct view *view = find_view((ULONG_PTR)base);
    if (view && view->base == base && view->type == MEM_IMAGE)
        remove_view(view);
    ntdll_unlock(&virtual_lock);
}
