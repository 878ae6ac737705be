/*
 * x64 unwind data: function table lookup over the PE modules of the process (.pdata) and dynamic
 * tables, and the virtual unwinder that interprets UNWIND_INFO as documented by Microsoft
 * ("x64 exception handling", learn.microsoft.com).
 *
 * Written for oriel.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ntdll_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(unwind);

/* UNWIND_CODE operations */
enum {
    UWOP_PUSH_NONVOL = 0,
    UWOP_ALLOC_LARGE = 1,
    UWOP_ALLOC_SMALL = 2,
    UWOP_SET_FPREG = 3,
    UWOP_SAVE_NONVOL = 4,
    UWOP_SAVE_NONVOL_FAR = 5,
    UWOP_EPILOG = 6,
    UWOP_SPARE_CODE = 7,
    UWOP_SAVE_XMM128 = 8,
    UWOP_SAVE_XMM128_FAR = 9,
    UWOP_PUSH_MACHFRAME = 10
};

typedef union {
    struct {
        BYTE CodeOffset;
        BYTE UnwindOp : 4;
        BYTE OpInfo : 4;
    };
    USHORT FrameOffset;
} UNWIND_CODE;

typedef struct {
    BYTE Version : 3;
    BYTE Flags : 5;
    BYTE SizeOfProlog;
    BYTE CountOfCodes;
    BYTE FrameRegister : 4;
    BYTE FrameOffset : 4;
    UNWIND_CODE UnwindCode[1]; /* CountOfCodes entries, padded to an even count */
} UNWIND_INFO;

/* ---- module lookup ---- */

static const IMAGE_NT_HEADERS64 *image_nt_headers(const BYTE *base)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS64 *nt;

    if (dos->e_magic != IMAGE_DOS_SIGNATURE || dos->e_lfanew <= 0 || dos->e_lfanew > 0x10000)
        return NULL;
    nt = (const IMAGE_NT_HEADERS64 *)(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return NULL;
    return nt;
}

/* The loaded module (native or builtin) whose image range holds pc. The walk takes no lock: it runs
 * while dispatching exceptions, possibly with the loader lock held by this very thread. */
LDR_DATA_TABLE_ENTRY *unwind_find_module(ULONG64 pc)
{
    PEB *peb = NtCurrentTeb()->Peb;
    LIST_ENTRY *head, *entry;

    if (!peb || !peb->Ldr)
        return NULL;
    head = &peb->Ldr->InLoadOrderModuleList;
    if (!head->Flink)
        return NULL;
    for (entry = head->Flink; entry != head; entry = entry->Flink) {
        LDR_DATA_TABLE_ENTRY *mod = (LDR_DATA_TABLE_ENTRY *)entry; /* InLoadOrderLinks comes first */
        ULONG64 base = (ULONG64)mod->DllBase;
        if (pc >= base && pc - base < mod->SizeOfImage)
            return mod;
    }
    return NULL;
}

/* The exception directory of a module: .pdata, an array of RUNTIME_FUNCTION sorted by address.
 * Builtin modules (ELF code behind a generated PE header) have none. */
static const RUNTIME_FUNCTION *module_function_table(ULONG64 base, ULONG size_of_image, ULONG *count)
{
    const IMAGE_NT_HEADERS64 *nt = image_nt_headers((const BYTE *)base);
    const IMAGE_DATA_DIRECTORY *dir;

    *count = 0;
    if (!nt || nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_EXCEPTION)
        return NULL;
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION];
    if (!dir->VirtualAddress || dir->Size < sizeof(RUNTIME_FUNCTION) ||
        dir->VirtualAddress >= size_of_image || dir->Size > size_of_image - dir->VirtualAddress)
        return NULL;
    *count = dir->Size / sizeof(RUNTIME_FUNCTION);
    return (const RUNTIME_FUNCTION *)(base + dir->VirtualAddress);
}

BOOL unwind_pc_in_pe_code(ULONG64 pc)
{
    LDR_DATA_TABLE_ENTRY *mod = unwind_find_module(pc);
    ULONG count;

    if (!mod)
        return FALSE;
    return module_function_table((ULONG64)mod->DllBase, mod->SizeOfImage, &count) != NULL;
}

static const RUNTIME_FUNCTION *search_table(const RUNTIME_FUNCTION *table, ULONG count, ULONG rva)
{
    ULONG lo = 0, hi = count;

    while (lo < hi) {
        ULONG mid = lo + (hi - lo) / 2;
        if (rva < table[mid].BeginAddress)
            hi = mid;
        else if (rva >= table[mid].EndAddress)
            lo = mid + 1;
        else
            return &table[mid];
    }
    return NULL;
}

/* ---- dynamic function tables ---- */

struct dynamic_table {
    struct dynamic_table *next;
    ULONG64 id; /* the table pointer, or the identifier given to RtlInstallFunctionTableCallback */
    ULONG64 base;
    ULONG64 end;
    RUNTIME_FUNCTION *table;
    ULONG count;
    PGET_RUNTIME_FUNCTION_CALLBACK callback;
    PVOID context;
};

static struct dynamic_table *dynamic_tables;
static pthread_mutex_t dynamic_lock = PTHREAD_MUTEX_INITIALIZER;

BOOLEAN WINAPI RtlAddFunctionTable(PRUNTIME_FUNCTION table, DWORD count, DWORD64 base)
{
    struct dynamic_table *t;

    TRACE("%p %u %#llx\n", table, count, (unsigned long long)base);
    if (!(t = calloc(1, sizeof(*t))))
        return FALSE;
    t->id = (ULONG64)table;
    t->base = base;
    t->table = table;
    t->count = count;
    /* the range covered is the span of the entries; unsorted tables are searched linearly */
    t->end = base;
    for (DWORD i = 0; i < count; i++)
        if (base + table[i].EndAddress > t->end)
            t->end = base + table[i].EndAddress;
    pthread_mutex_lock(&dynamic_lock);
    t->next = dynamic_tables;
    dynamic_tables = t;
    pthread_mutex_unlock(&dynamic_lock);
    return TRUE;
}

BOOLEAN WINAPI RtlInstallFunctionTableCallback(DWORD64 id, DWORD64 base, DWORD length,
                                               PGET_RUNTIME_FUNCTION_CALLBACK callback, PVOID context,
                                               PCWSTR dll)
{
    struct dynamic_table *t;

    TRACE("%#llx %#llx %u %p %p %s\n", (unsigned long long)id, (unsigned long long)base, length, callback,
          context, debugstr_w(dll));
    /* documented: the two low-order bits of the identifier must be set */
    if ((id & 3) != 3 || !callback)
        return FALSE;
    if (dll)
        FIXME_ONCE("out-of-process callback dll %s ignored\n", debugstr_w(dll));
    if (!(t = calloc(1, sizeof(*t))))
        return FALSE;
    t->id = id;
    t->base = base;
    t->end = base + length;
    t->callback = callback;
    t->context = context;
    pthread_mutex_lock(&dynamic_lock);
    t->next = dynamic_tables;
    dynamic_tables = t;
    pthread_mutex_unlock(&dynamic_lock);
    return TRUE;
}

BOOLEAN WINAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION table)
{
    struct dynamic_table **p, *found = NULL;

    pthread_mutex_lock(&dynamic_lock);
    for (p = &dynamic_tables; *p; p = &(*p)->next) {
        if ((*p)->id == (ULONG64)table) {
            found = *p;
            *p = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&dynamic_lock);
    free(found);
    return found != NULL;
}

static PRUNTIME_FUNCTION lookup_dynamic(ULONG64 pc, ULONG64 *base)
{
    struct dynamic_table *t;
    PRUNTIME_FUNCTION ret = NULL;
    PGET_RUNTIME_FUNCTION_CALLBACK callback = NULL;
    PVOID context = NULL;

    pthread_mutex_lock(&dynamic_lock);
    for (t = dynamic_tables; t; t = t->next) {
        if (pc < t->base || pc >= t->end)
            continue;
        if (t->callback) {
            callback = t->callback;
            context = t->context;
            *base = t->base;
            break;
        }
        for (ULONG i = 0; i < t->count; i++) {
            if (pc - t->base >= t->table[i].BeginAddress && pc - t->base < t->table[i].EndAddress) {
                ret = &t->table[i];
                *base = t->base;
                break;
            }
        }
        if (ret)
            break;
    }
    pthread_mutex_unlock(&dynamic_lock);
    /* the callback is guest code: never call it with the lock held */
    if (callback)
        ret = callback(pc, context);
    return ret;
}

PRUNTIME_FUNCTION WINAPI RtlLookupFunctionEntry(ULONG64 pc, PULONG64 base, PUNWIND_HISTORY_TABLE history)
{
    LDR_DATA_TABLE_ENTRY *mod;
    const RUNTIME_FUNCTION *func = NULL;
    ULONG count;

    *base = 0;
    if ((mod = unwind_find_module(pc))) {
        ULONG64 image = (ULONG64)mod->DllBase;
        const RUNTIME_FUNCTION *table = module_function_table(image, mod->SizeOfImage, &count);
        if (table && (func = search_table(table, count, (ULONG)(pc - image)))) {
            /* an entry whose UnwindData has bit 0 set refers to another entry (shared unwind data) */
            if (func->UnwindData & 1)
                func = (const RUNTIME_FUNCTION *)(image + (func->UnwindData & ~1u));
            *base = image;
        }
    }
    if (!func)
        func = lookup_dynamic(pc, base);
    TRACE("pc %#llx -> %p base %#llx\n", (unsigned long long)pc, func, (unsigned long long)*base);
    return (PRUNTIME_FUNCTION)func;
}

PVOID WINAPI RtlPcToFileHeader(PVOID pc, PVOID *base)
{
    LDR_DATA_TABLE_ENTRY *mod = unwind_find_module((ULONG64)pc);

    *base = mod ? mod->DllBase : NULL;
    return *base;
}

/* ---- virtual unwind ---- */

static ULONG64 *int_reg(CONTEXT *context, unsigned int reg)
{
    return &context->Rax + reg; /* CONTEXT keeps Rax..R15 in the x64 register-number order */
}

static void set_int_reg(CONTEXT *context, KNONVOLATILE_CONTEXT_POINTERS *ptrs, unsigned int reg,
                        ULONG64 *slot)
{
    *int_reg(context, reg) = *slot;
    if (ptrs)
        ptrs->IntegerContext[reg] = slot;
}

static void set_xmm_reg(CONTEXT *context, KNONVOLATILE_CONTEXT_POINTERS *ptrs, unsigned int reg, M128A *slot)
{
    (&context->Xmm0)[reg] = *slot;
    if (ptrs)
        ptrs->FloatingContext[reg] = slot;
}

static unsigned int code_slots(UNWIND_CODE code)
{
    switch (code.UnwindOp) {
    case UWOP_ALLOC_LARGE:
        return code.OpInfo ? 3 : 2;
    case UWOP_SAVE_NONVOL:
    case UWOP_SAVE_XMM128:
    case UWOP_EPILOG:
        return 2;
    case UWOP_SAVE_NONVOL_FAR:
    case UWOP_SAVE_XMM128_FAR:
    case UWOP_SPARE_CODE:
        return 3;
    default:
        return 1;
    }
}

/* Recognizes the documented epilog forms at pc: an optional `add rsp, imm` or `lea rsp, [fpreg+disp]`,
 * any number of `pop reg`, then `ret` or a `jmp` out of the function. If pc is in one, emulates the
 * rest of it on context and returns TRUE. */
static BOOL unwind_epilog(ULONG64 base, ULONG64 pc, const RUNTIME_FUNCTION *func, const UNWIND_INFO *info,
                          CONTEXT *context, KNONVOLATILE_CONTEXT_POINTERS *ptrs)
{
    const BYTE *p = (const BYTE *)pc;
    ULONG64 rsp = context->Rsp;
    ULONG64 begin = base + func->BeginAddress, end = base + func->EndAddress;
    int rex;

    /* pass 1: decode only */
    if (p[0] == 0x48 && p[1] == 0x83 && p[2] == 0xc4)
        p += 4;
    else if (p[0] == 0x48 && p[1] == 0x81 && p[2] == 0xc4)
        p += 7;
    else if ((p[0] & 0xfe) == 0x48 && p[1] == 0x8d && info->FrameRegister) {
        BYTE modrm = p[2];
        unsigned int basereg = (modrm & 7) + ((p[0] & 1) ? 8 : 0);
        if (((modrm >> 3) & 7) != 4 || (modrm & 7) == 4 || basereg != info->FrameRegister)
            return FALSE;
        if ((modrm >> 6) == 1)
            p += 4;
        else if ((modrm >> 6) == 2)
            p += 7;
        else
            return FALSE;
    }
    for (;;) {
        rex = 0;
        if ((p[0] & 0xf0) == 0x40) {
            rex = p[0];
            p++;
        }
        if ((p[0] & 0xf8) == 0x58) {
            p++;
            continue;
        }
        if (rex && p[0] != 0xff)
            return FALSE;
        break;
    }
    /* A jmp right at pc in a function with a prolog is taken for a jump to the function's cold part
     * (gcc places them right after calls), not for a tail call whose epilog already ran. */
    if ((p[0] == 0xe9 || p[0] == 0xeb || p[0] == 0xff) && (ULONG64)p - (rex ? 1 : 0) == pc &&
        info->CountOfCodes)
        return FALSE;
    switch (p[0]) {
    case 0xc3:
    case 0xc2:
        break;
    case 0xf3:
        if (p[1] != 0xc3)
            return FALSE;
        break;
    case 0xe9: {
        ULONG64 target = (ULONG64)(p + 5) + *(const LONG *)(p + 1);
        if (target >= begin && target < end)
            return FALSE;
        break;
    }
    case 0xeb: {
        ULONG64 target = (ULONG64)(p + 2) + (signed char)p[1];
        if (target >= begin && target < end)
            return FALSE;
        break;
    }
    case 0xff:
        if (((p[1] >> 3) & 7) != 4 || (p[1] >> 6) == 3)
            return FALSE;
        break;
    default:
        return FALSE;
    }

    /* pass 2: execute */
    p = (const BYTE *)pc;
    if (p[0] == 0x48 && p[1] == 0x83 && p[2] == 0xc4) {
        rsp += (signed char)p[3];
        p += 4;
    } else if (p[0] == 0x48 && p[1] == 0x81 && p[2] == 0xc4) {
        rsp += *(const LONG *)(p + 3);
        p += 7;
    } else if ((p[0] & 0xfe) == 0x48 && p[1] == 0x8d) {
        ULONG64 fp = *int_reg(context, info->FrameRegister);
        if ((p[2] >> 6) == 1) {
            rsp = fp + (signed char)p[3];
            p += 4;
        } else {
            rsp = fp + *(const LONG *)(p + 3);
            p += 7;
        }
    }
    for (;;) {
        unsigned int reg;
        rex = 0;
        if ((p[0] & 0xf0) == 0x40) {
            rex = p[0];
            p++;
        }
        if ((p[0] & 0xf8) != 0x58)
            break;
        reg = (p[0] & 7) + ((rex & 1) ? 8 : 0);
        set_int_reg(context, ptrs, reg, (ULONG64 *)rsp);
        rsp += 8;
        p++;
    }
    context->Rip = *(ULONG64 *)rsp;
    context->Rsp = rsp + 8;
    return TRUE;
}

PEXCEPTION_ROUTINE WINAPI RtlVirtualUnwind(ULONG type, ULONG64 base, ULONG64 pc, PRUNTIME_FUNCTION function,
                                           PCONTEXT context, PVOID *handler_data, PULONG64 frame,
                                           PKNONVOLATILE_CONTEXT_POINTERS ptrs)
{
    const RUNTIME_FUNCTION *func = function;
    const UNWIND_INFO *info;
    PEXCEPTION_ROUTINE handler = NULL;
    BOOL mach_frame = FALSE, first = TRUE;
    ULONG64 frame_value = context->Rsp;

    if (handler_data)
        *handler_data = NULL;
    if (!func) {
        /* leaf function: nothing but the return address on the stack */
        context->Rip = *(ULONG64 *)context->Rsp;
        context->Rsp += 8;
        if (frame)
            *frame = frame_value;
        return NULL;
    }
    for (;;) {
        ULONG64 offset;
        BOOL in_prolog;
        unsigned int i;

        info = (const UNWIND_INFO *)(base + func->UnwindData);
        if (info->Version != 1 && info->Version != 2) {
            WARN("unknown unwind info version %u at %p\n", info->Version, info);
            if (frame)
                *frame = frame_value;
            return NULL;
        }
        offset = pc - (base + func->BeginAddress);
        in_prolog = first && offset < info->SizeOfProlog;

        if (first && !in_prolog && unwind_epilog(base, pc, func, info, context, ptrs)) {
            /* in an epilog: the frame is already partly torn down and no handler applies */
            if (frame)
                *frame = frame_value;
            return NULL;
        }
        if (first && info->FrameRegister && !in_prolog)
            frame_value = *int_reg(context, info->FrameRegister) - info->FrameOffset * 16;

        for (i = 0; i < info->CountOfCodes; i += code_slots(info->UnwindCode[i])) {
            UNWIND_CODE code = info->UnwindCode[i];
            const UNWIND_CODE *next = &info->UnwindCode[i + 1];

            /* operations the partially executed prolog has not done yet */
            if (in_prolog && code.CodeOffset > offset)
                continue;
            switch (code.UnwindOp) {
            case UWOP_PUSH_NONVOL:
                set_int_reg(context, ptrs, code.OpInfo, (ULONG64 *)context->Rsp);
                context->Rsp += 8;
                break;
            case UWOP_ALLOC_LARGE:
                if (code.OpInfo)
                    context->Rsp += *(const DWORD *)next;
                else
                    context->Rsp += next->FrameOffset * 8;
                break;
            case UWOP_ALLOC_SMALL:
                context->Rsp += code.OpInfo * 8 + 8;
                break;
            case UWOP_SET_FPREG:
                context->Rsp = *int_reg(context, info->FrameRegister) - info->FrameOffset * 16;
                if (in_prolog)
                    frame_value = context->Rsp;
                break;
            case UWOP_SAVE_NONVOL:
                set_int_reg(context, ptrs, code.OpInfo, (ULONG64 *)(frame_value + next->FrameOffset * 8));
                break;
            case UWOP_SAVE_NONVOL_FAR:
                set_int_reg(context, ptrs, code.OpInfo, (ULONG64 *)(frame_value + *(const DWORD *)next));
                break;
            case UWOP_SAVE_XMM128:
                set_xmm_reg(context, ptrs, code.OpInfo, (M128A *)(frame_value + next->FrameOffset * 16));
                break;
            case UWOP_SAVE_XMM128_FAR:
                set_xmm_reg(context, ptrs, code.OpInfo, (M128A *)(frame_value + *(const DWORD *)next));
                break;
            case UWOP_EPILOG:
            case UWOP_SPARE_CODE:
                /* version 2 epilog descriptions: the epilog scan above covers them */
                break;
            case UWOP_PUSH_MACHFRAME:
                /* RIP, CS, EFLAGS, old RSP, SS, with an error code below them when OpInfo is 1 */
                if (code.OpInfo)
                    context->Rsp += 8;
                context->Rip = *(ULONG64 *)context->Rsp;
                context->Rsp = *(ULONG64 *)(context->Rsp + 24);
                mach_frame = TRUE;
                break;
            default:
                WARN("unknown unwind code %u in %p\n", code.UnwindOp, info);
                break;
            }
        }

        if (!(info->Flags & UNW_FLAG_CHAININFO)) {
            if ((info->Flags & type & (UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER)) && !in_prolog) {
                const DWORD *data = (const DWORD *)&info->UnwindCode[(info->CountOfCodes + 1) & ~1];
                handler = (PEXCEPTION_ROUTINE)(base + data[0]);
                if (handler_data)
                    *handler_data = (PVOID)(data + 1);
            }
            break;
        }
        func = (const RUNTIME_FUNCTION *)&info->UnwindCode[(info->CountOfCodes + 1) & ~1];
        first = FALSE;
    }
    if (frame)
        *frame = frame_value;
    if (!mach_frame) {
        context->Rip = *(ULONG64 *)context->Rsp;
        context->Rsp += 8;
    }
    return handler;
}
