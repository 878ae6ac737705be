/*
 * Relay tracing (ORIEL_DEBUG=+relay) and the target of `stub` spec entries.
 *
 * tools/specgen emits, for every builtin module, a PE header whose DOS stub area holds a small
 * `struct builtin_info` block pointing at an array of `struct relay_desc`, and one thunk per relayed
 * export: `lea desc(%rip), %rax; jmp *slot(%rip)`. With +relay, relay_setup_module() stores the
 * address of relay_dispatch in the module's slot and points the export address table at the thunks,
 * so every call that goes through the export table (imports of PE modules, GetProcAddress) is logged.
 * ELF-level calls between builtins bypass the table and are not logged.
 * The layouts below must match tools/specgen.c; docs/spec-files.md describes them.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(relay);

#define BUILTIN_INFO_OFFSET 0x40
#define BUILTIN_INFO_MAGIC "orielbi1"

/* At offset 0x40 of a builtin module's header (inside the DOS header's stub area). */
struct builtin_info {
    char magic[8];
    DWORD relay_count;
    DWORD relay_rva;      /* struct relay_desc[relay_count] */
    DWORD relay_slot_rva; /* 8-byte pointer every thunk of the module jumps through */
    DWORD reserved;
};

struct relay_desc {
    DWORD self_rva;    /* module base = (BYTE *)desc - self_rva */
    DWORD func_rva;    /* the implementation */
    DWORD thunk_rva;   /* the relay thunk */
    DWORD name_rva;    /* export name */
    DWORD args_rva;    /* one letter per argument: l long, j int64, p ptr, s str, w wstr, d double, f float */
    WORD export_index; /* index into AddressOfFunctions */
    BYTE nargs;
    BYTE flags; /* RELAY_VARARGS */
};
#define RELAY_VARARGS 1

/* relay_dispatch reads nargs and flags at these offsets */
C_ASSERT(sizeof(struct relay_desc) == 24);
C_ASSERT(offsetof(struct relay_desc, nargs) == 22);
C_ASSERT(offsetof(struct relay_desc, flags) == 23);
C_ASSERT(sizeof(struct builtin_info) == 24);

/* ---- stubs ---- */

__attribute__((visibility("default"), noreturn)) void __oriel_stub_called(const char *dll, const char *func)
{
    char buf[512];
    int len = snprintf(buf, sizeof(buf), "oriel: unimplemented function %s.%s called\n", dll, func);

    /* a user-facing error, not a debug trace: it must show whatever ORIEL_DEBUG says */
    if (len > (int)sizeof(buf) - 1)
        len = sizeof(buf) - 1;
    if (len > 0) {
        ssize_t ret = write(2, buf, len);
        (void)ret;
    }
    RtlExitUserProcess(STATUS_ENTRYPOINT_NOT_FOUND);
}

/* ---- relay ---- */

static const BYTE *desc_module(const struct relay_desc *desc)
{
    return (const BYTE *)desc - desc->self_rva;
}

/* Module name without ".dll", as relay lines show it. */
static int module_name(const BYTE *base, const char **name)
{
    const IMAGE_NT_HEADERS64 *nt = (const void *)(base + ((const IMAGE_DOS_HEADER *)base)->e_lfanew);
    const IMAGE_EXPORT_DIRECTORY *dir =
        (const void *)(base + nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress);
    const char *s = (const char *)base + dir->Name, *dot = strrchr(s, '.');

    *name = s;
    return dot ? (int)(dot - s) : (int)strlen(s);
}

static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
    va_list args;
    int n;

    if (*pos >= size - 1)
        return;
    va_start(args, fmt);
    n = vsnprintf(buf + *pos, size - *pos, fmt, args);
    va_end(args);
    if (n > 0)
        *pos = *pos + n < size - 1 ? *pos + n : size - 1;
}

/* args: the caller's argument slots (register arguments spilled into their home slots), xmm: the
 * saved xmm0-xmm3, 16 bytes each. Returns the function to call. Runs with the Windows ABI so that it
 * preserves rsi/rdi/xmm6-15 for the guest. */
/* Called from relay_dispatch only: not static, so that the compiler can neither rename nor clone it. */
__attribute__((ms_abi, visibility("hidden"))) void *
relay_log_call(const struct relay_desc *desc, const ULONG_PTR *args, const BYTE *xmm, void *retaddr);
__attribute__((ms_abi, visibility("hidden"))) void *
relay_log_call(const struct relay_desc *desc, const ULONG_PTR *args, const BYTE *xmm, void *retaddr)
{
    const BYTE *base = desc_module(desc);

    if (TRACE_ON_DEFAULT()) {
        const char *types = (const char *)base + desc->args_rva, *dll;
        int dll_len = module_name(base, &dll);
        char line[1024];
        size_t pos = 0;

        append(line, sizeof(line), &pos, "Call %.*s.%s(", dll_len, dll, (const char *)base + desc->name_rva);
        for (int i = 0; i < desc->nargs; i++) {
            ULONG_PTR v = args[i];
            double d;
            float f;

            if (i)
                append(line, sizeof(line), &pos, ",");
            switch (types[i]) {
            case 's':
                append(line, sizeof(line), &pos, "%s", debugstr_a((const char *)v));
                break;
            case 'w':
                append(line, sizeof(line), &pos, "%s", debugstr_w((const WCHAR *)v));
                break;
            case 'd':
                if (i < 4)
                    memcpy(&d, xmm + 16 * i, sizeof(d));
                else
                    memcpy(&d, &v, sizeof(d));
                append(line, sizeof(line), &pos, "%g", d);
                break;
            case 'f':
                if (i < 4)
                    memcpy(&f, xmm + 16 * i, sizeof(f));
                else
                    memcpy(&f, &v, sizeof(f));
                append(line, sizeof(line), &pos, "%g", f);
                break;
            default:
                append(line, sizeof(line), &pos, "%08lx", (unsigned long)v);
                break;
            }
        }
        if (desc->flags & RELAY_VARARGS)
            append(line, sizeof(line), &pos, ",...");
        append(line, sizeof(line), &pos, ") ret=%lx", (unsigned long)(ULONG_PTR)retaddr);
        __oriel_dbg_log(DBCL_TRACE, &__oriel_dbch_default, NULL, "%s\n", line);
    }
    return (void *)(base + desc->func_rva);
}

__attribute__((ms_abi, visibility("hidden"))) void relay_log_ret(const struct relay_desc *desc,
                                                                 ULONG_PTR retval, void *retaddr);
__attribute__((ms_abi, visibility("hidden"))) void relay_log_ret(const struct relay_desc *desc,
                                                                 ULONG_PTR retval, void *retaddr)
{
    const BYTE *base = desc_module(desc);
    const char *dll;
    int dll_len;

    if (!TRACE_ON_DEFAULT())
        return;
    dll_len = module_name(base, &dll);
    __oriel_dbg_log(DBCL_TRACE, &__oriel_dbch_default, NULL, "Ret  %.*s.%s() retval=%08lx ret=%lx\n", dll_len,
                    dll, (const char *)base + desc->name_rva, (unsigned long)retval,
                    (unsigned long)(ULONG_PTR)retaddr);
}

/*
 * Entered from a thunk with the descriptor in rax and the guest's call frame untouched. The register
 * arguments are spilled into their home slots (which belong to the callee, i.e. us) so that all
 * arguments form one array at 16(%rbp). Fixed-argument functions are called again with a copy of their
 * stack arguments so that the return can be logged; varargs functions, whose stack size is unknown,
 * are entered by a tail jump on the original frame (their return is not logged).
 *
 * Frame: 8(%rbp) return address, 16..47(%rbp) home slots, 48(%rbp) fifth argument;
 * -8 rbx (descriptor), -16 r12 (target), -32..-80 xmm3..xmm0, -96 saved rax, -128 shadow space.
 */
__asm__(".text\n"
        "\t.p2align 4\n"
        "\t.type relay_dispatch,@function\n"
        "relay_dispatch:\n"
        "\t.cfi_startproc\n"
        "\tpushq %rbp\n"
        "\t.cfi_adjust_cfa_offset 8\n"
        "\t.cfi_rel_offset %rbp,0\n"
        "\tmovq %rsp,%rbp\n"
        "\t.cfi_def_cfa_register %rbp\n"
        "\tpushq %rbx\n"
        "\t.cfi_rel_offset %rbx,-8\n"
        "\tpushq %r12\n"
        "\t.cfi_rel_offset %r12,-16\n"
        "\tsubq $112,%rsp\n"
        "\tmovq %rcx,16(%rbp)\n"
        "\tmovq %rdx,24(%rbp)\n"
        "\tmovq %r8,32(%rbp)\n"
        "\tmovq %r9,40(%rbp)\n"
        "\tmovaps %xmm0,-80(%rbp)\n"
        "\tmovaps %xmm1,-64(%rbp)\n"
        "\tmovaps %xmm2,-48(%rbp)\n"
        "\tmovaps %xmm3,-32(%rbp)\n"
        "\tmovq %rax,%rbx\n"
        "\tmovq %rax,%rcx\n"
        "\tleaq 16(%rbp),%rdx\n"
        "\tleaq -80(%rbp),%r8\n"
        "\tmovq 8(%rbp),%r9\n"
        "\tcall relay_log_call\n"
        "\tmovq %rax,%r12\n"
        "\ttestb $1,23(%rbx)\n"
        "\tjnz 3f\n"
        /* copy stack arguments 5..nargs below a fresh shadow space */
        "\tmovzbl 22(%rbx),%ecx\n"
        "\tsubl $4,%ecx\n"
        "\tjle 2f\n"
        "\tleaq 15(,%rcx,8),%rax\n"
        "\tandq $-16,%rax\n"
        "\tsubq %rax,%rsp\n"
        "\txorl %eax,%eax\n"
        "1:\tmovq 48(%rbp,%rax,8),%r10\n"
        "\tmovq %r10,32(%rsp,%rax,8)\n"
        "\tincl %eax\n"
        "\tcmpl %ecx,%eax\n"
        "\tjb 1b\n"
        "2:\tmovq 16(%rbp),%rcx\n"
        "\tmovq 24(%rbp),%rdx\n"
        "\tmovq 32(%rbp),%r8\n"
        "\tmovq 40(%rbp),%r9\n"
        "\tmovaps -80(%rbp),%xmm0\n"
        "\tmovaps -64(%rbp),%xmm1\n"
        "\tmovaps -48(%rbp),%xmm2\n"
        "\tmovaps -32(%rbp),%xmm3\n"
        "\tcall *%r12\n"
        "\tmovq %rax,-96(%rbp)\n"
        "\tmovaps %xmm0,-80(%rbp)\n"
        "\tleaq -128(%rbp),%rsp\n"
        "\tmovq %rbx,%rcx\n"
        "\tmovq %rax,%rdx\n"
        "\tmovq 8(%rbp),%r8\n"
        "\tcall relay_log_ret\n"
        "\tmovq -96(%rbp),%rax\n"
        "\tmovaps -80(%rbp),%xmm0\n"
        "\tmovq -8(%rbp),%rbx\n"
        "\tmovq -16(%rbp),%r12\n"
        "\tleave\n"
        "\t.cfi_remember_state\n"
        "\t.cfi_def_cfa %rsp,8\n"
        "\tret\n"
        "\t.cfi_restore_state\n"
        /* varargs: restore everything and continue on the caller's frame */
        "3:\tmovq 16(%rbp),%rcx\n"
        "\tmovq 24(%rbp),%rdx\n"
        "\tmovq 32(%rbp),%r8\n"
        "\tmovq 40(%rbp),%r9\n"
        "\tmovaps -80(%rbp),%xmm0\n"
        "\tmovaps -64(%rbp),%xmm1\n"
        "\tmovaps -48(%rbp),%xmm2\n"
        "\tmovaps -32(%rbp),%xmm3\n"
        "\tmovq %r12,%rax\n"
        "\tmovq -8(%rbp),%rbx\n"
        "\tmovq -16(%rbp),%r12\n"
        "\tleave\n"
        "\t.cfi_def_cfa %rsp,8\n"
        "\tjmp *%rax\n"
        "\t.cfi_endproc\n"
        "\t.size relay_dispatch,.-relay_dispatch\n");

extern char relay_dispatch[] __attribute__((visibility("hidden")));

void relay_setup_module(HMODULE module)
{
    BYTE *base = (BYTE *)module;
    const struct builtin_info *info;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_DATA_DIRECTORY *dir;
    const IMAGE_EXPORT_DIRECTORY *exports;
    const struct relay_desc *descs;
    DWORD *functions;
    long page = sysconf(_SC_PAGESIZE);
    ULONG_PTR start, end;
    int patched = 0;

    if (!base || !TRACE_ON_DEFAULT())
        return;
    info = (const struct builtin_info *)(base + BUILTIN_INFO_OFFSET);
    /* only builtin modules carry the block; native PE modules are never relayed */
    if (memcmp(info->magic, BUILTIN_INFO_MAGIC, 8) || !info->relay_count)
        return;
    nt = (const IMAGE_NT_HEADERS64 *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    exports = (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
    functions = (DWORD *)(base + exports->AddressOfFunctions);
    descs = (const struct relay_desc *)(base + info->relay_rva);

    /* the export table lives in the read-only, executable header pages (possibly sharing a page with
     * code such as the PLT), so it stays executable while it is briefly writable */
    start = (ULONG_PTR)functions & ~(ULONG_PTR)(page - 1);
    end = ((ULONG_PTR)(functions + exports->NumberOfFunctions) + page - 1) & ~(ULONG_PTR)(page - 1);
    if (mprotect((void *)start, end - start, PROT_READ | PROT_WRITE | PROT_EXEC)) {
        ERR("cannot make the export table of %p writable\n", module);
        return;
    }
    *(void **)(base + info->relay_slot_rva) = relay_dispatch;
    for (DWORD i = 0; i < info->relay_count; i++) {
        const struct relay_desc *desc = &descs[i];
        /* an entry that no longer points at its implementation was already patched (or hooked) */
        if (desc->export_index < exports->NumberOfFunctions &&
            functions[desc->export_index] == desc->func_rva) {
            functions[desc->export_index] = desc->thunk_rva;
            patched++;
        }
    }
    mprotect((void *)start, end - start, PROT_READ | PROT_EXEC);
    TRACE("%s: %d exports relayed\n", (const char *)base + exports->Name, patched);
}
