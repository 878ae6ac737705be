/*
 * Miscellaneous stdlib functions: sorting and searching with guest comparators, rand, assert,
 * setjmp/longjmp with the Windows x64 _JUMP_BUFFER layout.
 */
#include <stdio.h>
#include <string.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

typedef int(CDECL *compare_func)(const void *, const void *);
typedef int(CDECL *compare_s_func)(void *, const void *, const void *);

struct sorter {
    compare_func cmp;
    compare_s_func cmp_s;
    void *ctx;
    size_t size;
};

static inline int do_cmp(const struct sorter *s, const void *a, const void *b)
{
    return s->cmp ? s->cmp(a, b) : s->cmp_s(s->ctx, a, b);
}

static void swap_bytes(char *a, char *b, size_t n)
{
    if (a == b)
        return;
    while (n >= 8) {
        uint64_t t;
        memcpy(&t, a, 8);
        memcpy(a, b, 8);
        memcpy(b, &t, 8);
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void insertion_sort(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && do_cmp(s, base + (j - 1) * s->size, base + j * s->size) > 0; j--)
            swap_bytes(base + (j - 1) * s->size, base + j * s->size, s->size);
}

static void heap_sift(const struct sorter *s, char *base, size_t root, size_t n)
{
    for (;;) {
        size_t child = root * 2 + 1;
        if (child >= n)
            return;
        if (child + 1 < n && do_cmp(s, base + child * s->size, base + (child + 1) * s->size) < 0)
            child++;
        if (do_cmp(s, base + root * s->size, base + child * s->size) >= 0)
            return;
        swap_bytes(base + root * s->size, base + child * s->size, s->size);
        root = child;
    }
}

static void heap_sort(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        heap_sift(s, base, i, n);
    for (size_t i = n; i-- > 1;) {
        swap_bytes(base, base + i * s->size, s->size);
        heap_sift(s, base, 0, i);
    }
}

/* Introsort: quicksort with median-of-three, heap sort when recursion gets deep, insertion sort for
 * small ranges. The comparator is guest code (ms_abi). */
static void intro_sort(const struct sorter *s, char *base, size_t n, int depth)
{
    size_t sz = s->size;
    while (n > 16) {
        if (!depth--) {
            heap_sort(s, base, n);
            return;
        }
        char *lo = base, *mid = base + (n / 2) * sz, *hi = base + (n - 1) * sz;
        if (do_cmp(s, mid, lo) < 0)
            swap_bytes(mid, lo, sz);
        if (do_cmp(s, hi, mid) < 0) {
            swap_bytes(hi, mid, sz);
            if (do_cmp(s, mid, lo) < 0)
                swap_bytes(mid, lo, sz);
        }
        /* pivot to the front */
        swap_bytes(base, mid, sz);
        size_t i = 1, j = n - 1;
        for (;;) {
            while (i <= j && do_cmp(s, base + i * sz, base) < 0)
                i++;
            while (j >= i && do_cmp(s, base + j * sz, base) > 0)
                j--;
            if (i >= j)
                break;
            swap_bytes(base + i * sz, base + j * sz, sz);
            i++;
            j--;
        }
        swap_bytes(base, base + j * sz, sz);
        /* recurse into the smaller part */
        if (j < n - j - 1) {
            intro_sort(s, base, j, depth);
            base += (j + 1) * sz;
            n -= j + 1;
        } else {
            intro_sort(s, base + (j + 1) * sz, n - j - 1, depth);
            n = j;
        }
    }
    insertion_sort(s, base, n);
}

static void sort(struct sorter *s, void *base, size_t n)
{
    int depth = 0;
    for (size_t k = n; k; k >>= 1)
        depth += 2;
    if (n > 1 && s->size)
        intro_sort(s, base, n, depth);
}

void CDECL MSVCRT_qsort(void *base, size_t n, size_t size, compare_func cmp)
{
    if (!cmp || (!base && n)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return;
    }
    struct sorter s = {cmp, NULL, NULL, size};
    sort(&s, base, n);
}

void CDECL MSVCRT_qsort_s(void *base, size_t n, size_t size, compare_s_func cmp, void *ctx)
{
    if (!cmp || (!base && n)) {
        msvcrt_errno = MSVCRT_EINVAL;
        return;
    }
    struct sorter s = {NULL, cmp, ctx, size};
    sort(&s, base, n);
}

void *CDECL MSVCRT_bsearch(const void *key, const void *base, size_t n, size_t size, compare_func cmp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *p = (const char *)base + mid * size;
        int r = cmp(key, p);
        if (!r)
            return (void *)p;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void *CDECL MSVCRT__lfind(const void *key, const void *base, unsigned int *n, size_t size, compare_func cmp)
{
    for (unsigned int i = 0; i < *n; i++) {
        const char *p = (const char *)base + i * size;
        if (!cmp(key, p))
            return (void *)p;
    }
    return NULL;
}

/* ---- rand: msvcrt's linear congruential generator, one state per thread ---- */

#define rand_state (msvcrt_thread_data()->rand_state)

void CDECL MSVCRT_srand(unsigned int seed)
{
    rand_state = seed;
}

int CDECL MSVCRT_rand(void)
{
    rand_state = rand_state * 214013 + 2531011;
    return (rand_state >> 16) & 0x7fff;
}

/* ---- rotations ---- */

unsigned int CDECL MSVCRT__rotl(unsigned int v, int s)
{
    s &= 31;
    return s ? (v << s) | (v >> (32 - s)) : v;
}

unsigned int CDECL MSVCRT__rotr(unsigned int v, int s)
{
    s &= 31;
    return s ? (v >> s) | (v << (32 - s)) : v;
}

uint64_t CDECL MSVCRT__rotl64(uint64_t v, int s)
{
    s &= 63;
    return s ? (v << s) | (v >> (64 - s)) : v;
}

uint64_t CDECL MSVCRT__rotr64(uint64_t v, int s)
{
    s &= 63;
    return s ? (v >> s) | (v << (64 - s)) : v;
}

unsigned short CDECL MSVCRT__byteswap_ushort(unsigned short v)
{
    return __builtin_bswap16(v);
}

ULONG CDECL MSVCRT__byteswap_ulong(ULONG v)
{
    return __builtin_bswap32(v);
}

uint64_t CDECL MSVCRT__byteswap_uint64(uint64_t v)
{
    return __builtin_bswap64(v);
}

/* ---- threads, code pages ---- */

ULONG CDECL MSVCRT___threadid(void)
{
    return GetCurrentThreadId();
}

HANDLE CDECL MSVCRT___threadhandle(void)
{
    return GetCurrentThread();
}

/* The multibyte code page of the "C" locale: single-byte, no lead bytes. */
int CDECL MSVCRT__getmbcp(void)
{
    return 0;
}

int CDECL MSVCRT__ismbblead(unsigned int c)
{
    return 0;
}

int CDECL MSVCRT__ismbbtrail(unsigned int c)
{
    return 0;
}

/* ---- assert ---- */

void CDECL MSVCRT__assert(const char *expr, const char *file, unsigned int line)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "Assertion failed: %s, file %s, line %u\n", expr, file, line);
    MSVCRT_fflush(&MSVCRT__iob[1]);
    MSVCRT__write(2, buf, strlen(buf));
    MSVCRT_abort();
}

void CDECL MSVCRT__wassert(const WCHAR *expr, const WCHAR *file, unsigned int line)
{
    char e[512], f[512];
    size_t i;
    for (i = 0; expr && expr[i] && i < sizeof(e) - 1; i++)
        e[i] = expr[i] < 0x80 ? (char)expr[i] : '?';
    e[i] = 0;
    for (i = 0; file && file[i] && i < sizeof(f) - 1; i++)
        f[i] = file[i] < 0x80 ? (char)file[i] : '?';
    f[i] = 0;
    MSVCRT__assert(e, f, line);
}

/* ---- system ---- */

int CDECL MSVCRT_system(const char *cmd)
{
    /* FIXME: needs CreateProcess and a command interpreter. */
    FIXME("(%s) not implemented\n", debugstr_a(cmd));
    if (!cmd)
        return 0; /* no command interpreter available */
    msvcrt_errno = MSVCRT_ENOENT;
    return -1;
}

/* ---- setjmp / longjmp ----
 * _JUMP_BUFFER (x64): Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12-R15, Rip at 0..80, MxCsr at 88, FpCsr at 92,
 * Spare at 94, Xmm6-Xmm15 at 96 (16 bytes each). mingw-w64 calls _setjmp(buf, frame) with rcx, rdx. */
__asm__(".text\n"
        ".globl MSVCRT__setjmp\n"
        ".hidden MSVCRT__setjmp\n"
        ".type MSVCRT__setjmp,@function\n"
        "MSVCRT__setjmp:\n"
        "\tmovq %rdx, 0(%rcx)\n"
        "\tmovq %rbx, 8(%rcx)\n"
        "\tleaq 8(%rsp), %rax\n"
        "\tmovq %rax, 16(%rcx)\n"
        "\tmovq %rbp, 24(%rcx)\n"
        "\tmovq %rsi, 32(%rcx)\n"
        "\tmovq %rdi, 40(%rcx)\n"
        "\tmovq %r12, 48(%rcx)\n"
        "\tmovq %r13, 56(%rcx)\n"
        "\tmovq %r14, 64(%rcx)\n"
        "\tmovq %r15, 72(%rcx)\n"
        "\tmovq (%rsp), %rax\n"
        "\tmovq %rax, 80(%rcx)\n"
        "\tstmxcsr 88(%rcx)\n"
        "\tfnstcw 92(%rcx)\n"
        "\tmovdqu %xmm6, 96(%rcx)\n"
        "\tmovdqu %xmm7, 112(%rcx)\n"
        "\tmovdqu %xmm8, 128(%rcx)\n"
        "\tmovdqu %xmm9, 144(%rcx)\n"
        "\tmovdqu %xmm10, 160(%rcx)\n"
        "\tmovdqu %xmm11, 176(%rcx)\n"
        "\tmovdqu %xmm12, 192(%rcx)\n"
        "\tmovdqu %xmm13, 208(%rcx)\n"
        "\tmovdqu %xmm14, 224(%rcx)\n"
        "\tmovdqu %xmm15, 240(%rcx)\n"
        "\txorl %eax, %eax\n"
        "\tret\n"
        ".size MSVCRT__setjmp, .-MSVCRT__setjmp\n"
        /* longjmp_restore(buf = rdi, retval = esi): SysV, called from C below; never returns */
        ".globl msvcrt_longjmp_restore\n"
        ".hidden msvcrt_longjmp_restore\n"
        ".type msvcrt_longjmp_restore,@function\n"
        "msvcrt_longjmp_restore:\n"
        "\tmovl %esi, %eax\n"
        "\tmovq 8(%rdi), %rbx\n"
        "\tmovq 24(%rdi), %rbp\n"
        "\tmovq 32(%rdi), %rsi\n"
        "\tmovq 48(%rdi), %r12\n"
        "\tmovq 56(%rdi), %r13\n"
        "\tmovq 64(%rdi), %r14\n"
        "\tmovq 72(%rdi), %r15\n"
        "\tldmxcsr 88(%rdi)\n"
        "\tfnclex\n"
        "\tfldcw 92(%rdi)\n"
        "\tmovdqu 96(%rdi), %xmm6\n"
        "\tmovdqu 112(%rdi), %xmm7\n"
        "\tmovdqu 128(%rdi), %xmm8\n"
        "\tmovdqu 144(%rdi), %xmm9\n"
        "\tmovdqu 160(%rdi), %xmm10\n"
        "\tmovdqu 176(%rdi), %xmm11\n"
        "\tmovdqu 192(%rdi), %xmm12\n"
        "\tmovdqu 208(%rdi), %xmm13\n"
        "\tmovdqu 224(%rdi), %xmm14\n"
        "\tmovdqu 240(%rdi), %xmm15\n"
        "\tmovq 80(%rdi), %rdx\n"
        "\tmovq 16(%rdi), %rsp\n"
        "\tmovq 40(%rdi), %rdi\n"
        "\tjmp *%rdx\n"
        ".size msvcrt_longjmp_restore, .-msvcrt_longjmp_restore\n");

void msvcrt_longjmp_restore(void *buf, int retval) __attribute__((noreturn));

/* With a frame (mingw-w64 passes one), longjmp unwinds like Windows does: RtlUnwind runs the __finally
 * blocks and destructors of the frames it leaves, and ntdll restores the registers from the jump buffer
 * when it sees STATUS_LONGJUMP. The unwinder cannot walk through ELF frames, so longjmp is an assembly
 * stub that tail-jumps into RtlUnwind: RtlUnwind's caller is then the guest code that called longjmp.
 * The exception record lives in the thread's CRT data, outside the stack being unwound. */
EXCEPTION_RECORD *msvcrt_longjmp_record(void *buf)
{
    EXCEPTION_RECORD *rec = &msvcrt_thread_data()->longjmp_rec;
    memset(rec, 0, sizeof(*rec));
    rec->ExceptionCode = 0x80000026; /* STATUS_LONGJUMP */
    rec->NumberParameters = 1;
    rec->ExceptionInformation[0] = (ULONG_PTR)buf;
    return rec;
}

__asm__(".text\n"
        ".globl MSVCRT_longjmp\n"
        ".hidden MSVCRT_longjmp\n"
        ".type MSVCRT_longjmp,@function\n"
        "MSVCRT_longjmp:\n"
        "\ttestl %edx, %edx\n"
        "\tjnz 1f\n"
        "\tmovl $1, %edx\n"
        "1:\tcmpq $0, (%rcx)\n"
        "\tje 2f\n"
        "\tpushq %rcx\n"
        "\tpushq %rdx\n"
        "\tsubq $8, %rsp\n"
        "\tmovq %rcx, %rdi\n"
        "\tcall msvcrt_longjmp_record\n"
        "\taddq $8, %rsp\n"
        "\tpopq %rdx\n"
        "\tpopq %rcx\n"
        "\tmovq %rax, %r8\n"
        "\tmovl %edx, %r9d\n"
        "\tmovq 80(%rcx), %rdx\n"
        "\tmovq (%rcx), %rcx\n"
        "\tjmp *RtlUnwind@GOTPCREL(%rip)\n"
        "2:\tmovq %rcx, %rdi\n"
        "\tmovl %edx, %esi\n"
        "\tjmp msvcrt_longjmp_restore\n"
        ".size MSVCRT_longjmp, .-MSVCRT_longjmp\n");
