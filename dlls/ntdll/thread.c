/*
 * TEBs, guest stacks and the GS register.
 *
 * Every thread that runs guest code owns a TEB reached through GS exactly as on Windows (gs:0x30 is
 * the TEB itself); glibc uses FS, so host code is unaffected. TEBs are allocated with mmap so they
 * are page aligned and never share a page with host data. A list of live TEBs lets the loader give
 * every running thread a static TLS block when a DLL with TLS is loaded later.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(thread);

#define TEB_ALLOC_SIZE 0x2000 /* the documented TEB is 0x1838 bytes; oriel's private pointer follows */

static pthread_mutex_t teb_list_lock = PTHREAD_MUTEX_INITIALIZER;
static LIST_ENTRY teb_list = {&teb_list, &teb_list}; /* linked through TEB.TlsLinks, as Windows does */

TEB *thread_alloc_teb(void)
{
    TEB *teb = mmap(NULL, TEB_ALLOC_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (teb == MAP_FAILED)
        return NULL;
    teb->Tib.Self = &teb->Tib;
    teb->Tib.ExceptionList = (void *)~(ULONG_PTR)0;
    teb->Peb = ntdll_peb;
    teb->ClientId.UniqueProcess = ntdll_process_id;
    teb->TlsLinks.Flink = teb->TlsLinks.Blink = &teb->TlsLinks;
    return teb;
}

void thread_set_teb(TEB *teb)
{
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb) < 0) {
        ERR("arch_prctl(ARCH_SET_GS) failed: %s\n", strerror(errno));
        abort();
    }
    pthread_mutex_lock(&teb_list_lock);
    teb->TlsLinks.Flink = &teb_list;
    teb->TlsLinks.Blink = teb_list.Blink;
    teb_list.Blink->Flink = &teb->TlsLinks;
    teb_list.Blink = &teb->TlsLinks;
    pthread_mutex_unlock(&teb_list_lock);
}

void thread_free_teb(TEB *teb)
{
    pthread_mutex_lock(&teb_list_lock);
    if (teb->TlsLinks.Flink != &teb->TlsLinks) {
        teb->TlsLinks.Blink->Flink = teb->TlsLinks.Flink;
        teb->TlsLinks.Flink->Blink = teb->TlsLinks.Blink;
        teb->TlsLinks.Flink = teb->TlsLinks.Blink = &teb->TlsLinks;
    }
    pthread_mutex_unlock(&teb_list_lock);
    munmap(teb, TEB_ALLOC_SIZE);
}

/* Calls cb for every registered TEB while holding the list lock (used by the loader for TLS). */
void thread_for_each_teb(void (*cb)(TEB *teb, void *ctx), void *ctx)
{
    pthread_mutex_lock(&teb_list_lock);
    for (LIST_ENTRY *e = teb_list.Flink; e != &teb_list; e = e->Flink)
        cb(CONTAINING_RECORD(e, TEB, TlsLinks), ctx);
    pthread_mutex_unlock(&teb_list_lock);
}

NTSTATUS thread_alloc_stack(TEB *teb, SIZE_T reserve)
{
    long page = sysconf(_SC_PAGESIZE);
    /* Host code (the loader, DllMain of builtins, libc) runs on guest stacks too: keep at least 1 MiB. */
    if (reserve < 0x100000)
        reserve = 0x100000;
    reserve = (reserve + 0xffff) & ~(SIZE_T)0xffff; /* Windows rounds stacks to the allocation granularity */
    char *base =
        mmap(NULL, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return STATUS_NO_MEMORY;
    /* The lowest page is the guard: touching it faults instead of running into other memory. */
    mprotect(base, page, PROT_NONE);
    teb->DeallocationStack = base;
    teb->Tib.StackLimit = base + page;
    teb->Tib.StackBase = base + reserve;
    TRACE("stack %p-%p\n", base, base + reserve);
    return STATUS_SUCCESS;
}

__asm__(".text\n"
        ".globl thread_call_on_stack\n"
        ".hidden thread_call_on_stack\n"
        ".type thread_call_on_stack, @function\n"
        "thread_call_on_stack:\n"
        "\t.cfi_startproc\n"
        "\tpushq %rbp\n"
        "\t.cfi_def_cfa_offset 16\n"
        "\t.cfi_offset %rbp, -16\n"
        "\tmovq %rsp, %rbp\n"
        "\t.cfi_def_cfa_register %rbp\n"
        "\tandq $~15, %rdx\n"
        "\tmovq %rdx, %rsp\n"
        "\tmovq %rdi, %rax\n"
        "\tmovq %rsi, %rdi\n"
        "\tcall *%rax\n"
        "\tmovq %rbp, %rsp\n"
        "\tpopq %rbp\n"
        "\t.cfi_def_cfa %rsp, 8\n"
        "\tret\n"
        "\t.cfi_endproc\n"
        ".size thread_call_on_stack, .-thread_call_on_stack\n");

/* NtCurrentTeb as an export, for code that cannot read GS itself. */
NTSYSAPI TEB *WINAPI ntdll_NtCurrentTeb(void)
{
    return NtCurrentTeb();
}
