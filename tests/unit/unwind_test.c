/*
 * RtlVirtualUnwind on hand-made functions: unwind codes, partially executed prologs, epilogs,
 * frame registers, chained unwind info, machine frames and handler selection.
 * The image is a plain buffer: base + RVAs, with the code bytes and a fake stack beside it.
 */
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include <winternl.h>

#include "oriel/debug.h"

/* unwind.c logs through the debug channels: keep them quiet here */
unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    return ch->flags = 0;
}
int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...)
{
    return 0;
}
const char *__oriel_dbgstr_an(const char *s, int n)
{
    return s;
}
const char *__oriel_dbgstr_wn(const uint16_t *s, int n)
{
    return "";
}
const char *__oriel_dbg_sprintf(const char *fmt, ...)
{
    return fmt;
}

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond)                                                                                            \
            passed++;                                                                                        \
        else {                                                                                               \
            failed++;                                                                                        \
            printf("%s:%d: failed: %s: ", __FILE__, __LINE__, #cond);                                        \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
        }                                                                                                    \
    } while (0)

enum {
    PUSH_NONVOL = 0,
    ALLOC_LARGE,
    ALLOC_SMALL,
    SET_FPREG,
    SAVE_NONVOL,
    SAVE_NONVOL_FAR,
    EPILOG,
    SPARE,
    SAVE_XMM128,
    SAVE_XMM128_FAR,
    PUSH_MACHFRAME
};
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

#define CODE(off, op, info) ((USHORT)((off) | ((op) << 8) | ((info) << 12)))

static BYTE image[0x4000] __attribute__((aligned(16)));
static ULONG64 stack[512] __attribute__((aligned(16)));

#define CODE_RVA 0x100
#define INFO_RVA 0x1000
#define INFO2_RVA 0x1100
#define HANDLER_RVA 0x2000

/* UNWIND_INFO at rva: header + codes (+ handler or chain data after the even-padded codes) */
static USHORT *make_info(ULONG rva, BYTE flags, BYTE prolog, BYTE count, BYTE frame_reg, BYTE frame_off)
{
    BYTE *p = image + rva;
    p[0] = 1 | (flags << 3);
    p[1] = prolog;
    p[2] = count;
    p[3] = frame_reg | (frame_off << 4);
    return (USHORT *)(p + 4);
}

static ULONG64 base(void)
{
    return (ULONG64)image;
}

static void test_push_alloc(void)
{
    /* push rbp (1 byte); push rbx (1 byte); sub rsp, 0x28 (4 bytes) */
    static const BYTE code[] = {0x55, 0x53, 0x48, 0x83, 0xec, 0x28, 0x90, 0x90,
                                0x48, 0x83, 0xc4, 0x28, 0x5b, 0x5d, 0xc3};
    RUNTIME_FUNCTION func = {CODE_RVA, CODE_RVA + sizeof(code), INFO_RVA};
    USHORT *codes = make_info(INFO_RVA, UNW_FLAG_EHANDLER, 6, 3, 0, 0);
    CONTEXT ctx;
    ULONG64 frame, rsp;
    void *data;
    PEXCEPTION_ROUTINE handler;

    memcpy(image + CODE_RVA, code, sizeof(code));
    codes[0] = CODE(6, ALLOC_SMALL, (0x28 - 8) / 8);
    codes[1] = CODE(2, PUSH_NONVOL, RBX);
    codes[2] = CODE(1, PUSH_NONVOL, RBP);
    codes[3] = 0;
    *(DWORD *)(codes + 4) = HANDLER_RVA;
    *(DWORD *)(codes + 6) = 0xabcd;

    /* in the body */
    rsp = (ULONG64)&stack[100];
    stack[100 + 5] = 0x1111;   /* rbx */
    stack[100 + 6] = 0x2222;   /* rbp */
    stack[100 + 7] = 0x401000; /* return address */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    handler =
        RtlVirtualUnwind(UNW_FLAG_EHANDLER, base(), base() + CODE_RVA + 7, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x401000, "rip %#llx", (unsigned long long)ctx.Rip);
    CHECK(ctx.Rsp == rsp + 8 * 8, "rsp %#llx", (unsigned long long)(ctx.Rsp - rsp));
    CHECK(ctx.Rbx == 0x1111 && ctx.Rbp == 0x2222, "rbx %#llx rbp %#llx", (unsigned long long)ctx.Rbx,
          (unsigned long long)ctx.Rbp);
    CHECK(frame == rsp, "frame %#llx", (unsigned long long)frame);
    CHECK(handler == (void *)(base() + HANDLER_RVA), "handler %p", handler);
    CHECK(data && *(DWORD *)data == 0xabcd, "data %p", data);

    /* the unwind handler type is not there */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    handler =
        RtlVirtualUnwind(UNW_FLAG_UHANDLER, base(), base() + CODE_RVA + 7, &func, &ctx, &data, &frame, NULL);
    CHECK(handler == NULL, "handler %p", handler);

    /* after `push rbp` only: one pop, no handler */
    rsp = (ULONG64)&stack[200];
    stack[200] = 0x3333;
    stack[201] = 0x402000;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    ctx.Rbx = 0x7777;
    handler =
        RtlVirtualUnwind(UNW_FLAG_EHANDLER, base(), base() + CODE_RVA + 1, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x402000 && ctx.Rsp == rsp + 16, "rip %#llx rsp +%#llx", (unsigned long long)ctx.Rip,
          (unsigned long long)(ctx.Rsp - rsp));
    CHECK(ctx.Rbp == 0x3333 && ctx.Rbx == 0x7777, "rbp %#llx rbx %#llx", (unsigned long long)ctx.Rbp,
          (unsigned long long)ctx.Rbx);
    CHECK(handler == NULL, "handler in prolog %p", handler);

    /* in the epilog, at `pop rbx` (after the add): emulated, no handler */
    rsp = (ULONG64)&stack[300];
    stack[300] = 0x4444; /* rbx */
    stack[301] = 0x5555; /* rbp */
    stack[302] = 0x403000;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    handler =
        RtlVirtualUnwind(UNW_FLAG_EHANDLER, base(), base() + CODE_RVA + 12, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x403000 && ctx.Rsp == rsp + 24, "rip %#llx rsp +%#llx", (unsigned long long)ctx.Rip,
          (unsigned long long)(ctx.Rsp - rsp));
    CHECK(ctx.Rbx == 0x4444 && ctx.Rbp == 0x5555, "rbx %#llx rbp %#llx", (unsigned long long)ctx.Rbx,
          (unsigned long long)ctx.Rbp);
    CHECK(handler == NULL, "handler in epilog %p", handler);

    /* at the `add rsp, 0x28` of the epilog */
    rsp = (ULONG64)&stack[400];
    stack[400 + 5] = 0x6666;
    stack[400 + 6] = 0x7777;
    stack[400 + 7] = 0x404000;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    RtlVirtualUnwind(UNW_FLAG_EHANDLER, base(), base() + CODE_RVA + 8, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x404000 && ctx.Rsp == rsp + 64 && ctx.Rbx == 0x6666 && ctx.Rbp == 0x7777,
          "rip %#llx rsp +%#llx", (unsigned long long)ctx.Rip, (unsigned long long)(ctx.Rsp - rsp));
}

static void test_frame_register(void)
{
    /* push rbp; sub rsp, 0x100 (ALLOC_LARGE 16-bit); mov [rsp+0x10], rsi (SAVE_NONVOL);
     * movaps [rsp+0x20], xmm6 (SAVE_XMM128); lea rbp, [rsp+0x30] (SET_FPREG, offset 3*16) */
    RUNTIME_FUNCTION func = {CODE_RVA, CODE_RVA + 0x40, INFO_RVA};
    USHORT *codes = make_info(INFO_RVA, 0, 20, 8, RBP, 3);
    ULONG64 body_rsp = (ULONG64)&stack[64], fixed = body_rsp;
    CONTEXT ctx;
    ULONG64 frame;
    void *data;
    M128A *xmm;

    memset(image + CODE_RVA, 0x90, 0x40);
    codes[0] = CODE(20, SET_FPREG, 0);
    codes[1] = CODE(16, SAVE_XMM128, 6);
    codes[2] = 0x20 / 16;
    codes[3] = CODE(12, SAVE_NONVOL, RSI);
    codes[4] = 0x10 / 8;
    codes[5] = CODE(5, ALLOC_LARGE, 0);
    codes[6] = 0x100 / 8;
    codes[7] = CODE(1, PUSH_NONVOL, RBP);

    stack[64 + 2] = 0x5151;        /* rsi at fixed + 0x10 */
    xmm = (M128A *)&stack[64 + 4]; /* xmm6 at fixed + 0x20 */
    xmm->Low = 0x6666;
    xmm->High = 0x6767;
    stack[64 + 0x100 / 8] = 0xb0b0; /* saved rbp */
    stack[64 + 0x100 / 8 + 1] = 0x405000;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rbp = fixed + 0x30;
    ctx.Rsp = body_rsp - 0x200; /* alloca moved rsp: the frame register still finds everything */
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 0x30, &func, &ctx, &data, &frame, NULL);
    CHECK(frame == fixed, "frame %#llx expected %#llx", (unsigned long long)frame, (unsigned long long)fixed);
    CHECK(ctx.Rip == 0x405000, "rip %#llx", (unsigned long long)ctx.Rip);
    CHECK(ctx.Rsp == fixed + 0x110, "rsp %#llx", (unsigned long long)(ctx.Rsp - fixed));
    CHECK(ctx.Rbp == 0xb0b0 && ctx.Rsi == 0x5151, "rbp %#llx rsi %#llx", (unsigned long long)ctx.Rbp,
          (unsigned long long)ctx.Rsi);
    CHECK(ctx.Xmm6.Low == 0x6666 && ctx.Xmm6.High == 0x6767, "xmm6 %#llx", (unsigned long long)ctx.Xmm6.Low);

    /* epilog with lea rsp, [rbp-0x30+0x100]... here: lea rsp,[rbp+0xd0]; pop rbp; ret */
    {
        static const BYTE epi[] = {0x48, 0x8d, 0xa5, 0xd0, 0x00, 0x00, 0x00, 0x5d, 0xc3};
        memcpy(image + CODE_RVA + 0x30, epi, sizeof(epi));
        memset(&ctx, 0, sizeof(ctx));
        ctx.Rbp = fixed + 0x30;
        ctx.Rsp = body_rsp - 0x200;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 0x30, &func, &ctx, &data, &frame,
                         NULL);
        CHECK(ctx.Rip == 0x405000 && ctx.Rbp == 0xb0b0 && ctx.Rsp == fixed + 0x110, "lea epilog rip %#llx",
              (unsigned long long)ctx.Rip);
        memset(image + CODE_RVA + 0x30, 0x90, sizeof(epi));
    }
}

static void test_large_far_chain_machframe(void)
{
    /* primary: push r12; sub rsp, 0x12340 (ALLOC_LARGE 32-bit); mov [rsp+0x12000], r13 (SAVE_NONVOL_FAR) */
    RUNTIME_FUNCTION primary = {CODE_RVA, CODE_RVA + 0x20, INFO_RVA};
    RUNTIME_FUNCTION fragment = {CODE_RVA + 0x20, CODE_RVA + 0x30, INFO2_RVA};
    USHORT *codes = make_info(INFO_RVA, 0, 16, 7, 0, 0);
    USHORT *codes2 = make_info(INFO2_RVA, UNW_FLAG_CHAININFO, 0, 0, 0, 0);
    static ULONG64 big[0x13000 / 8 + 8];
    ULONG64 rsp = (ULONG64)big;
    CONTEXT ctx;
    ULONG64 frame;
    void *data;

    memset(image + CODE_RVA, 0x90, 0x40);
    codes[0] = CODE(16, SAVE_NONVOL_FAR, R13);
    codes[1] = 0x2000;
    codes[2] = 0x1; /* 0x12000 */
    codes[3] = CODE(8, ALLOC_LARGE, 1);
    codes[4] = 0x2340;
    codes[5] = 0x1; /* 0x12340 */
    codes[6] = CODE(2, PUSH_NONVOL, R12);
    codes[7] = 0;
    memcpy(codes2, &primary, sizeof(primary));

    big[0x12000 / 8] = 0x1313;
    big[0x12340 / 8] = 0x1212;
    big[0x12340 / 8 + 1] = 0x406000;
    /* a pc in the chained fragment: the primary's prolog has run entirely */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 0x24, &fragment, &ctx, &data, &frame,
                     NULL);
    CHECK(ctx.Rip == 0x406000 && ctx.Rsp == rsp + 0x12350, "rip %#llx rsp +%#llx",
          (unsigned long long)ctx.Rip, (unsigned long long)(ctx.Rsp - rsp));
    CHECK(ctx.R12 == 0x1212 && ctx.R13 == 0x1313, "r12 %#llx r13 %#llx", (unsigned long long)ctx.R12,
          (unsigned long long)ctx.R13);

    /* an interrupt-style frame: PUSH_MACHFRAME with an error code */
    codes = make_info(INFO_RVA, 0, 0, 1, 0, 0);
    codes[0] = CODE(0, PUSH_MACHFRAME, 1);
    codes[1] = 0;
    rsp = (ULONG64)&stack[10];
    stack[10] = 0xe0;     /* error code */
    stack[11] = 0x407000; /* rip */
    stack[12] = 0x33;     /* cs */
    stack[13] = 0x246;    /* eflags */
    stack[14] = 0x7ff000; /* rsp */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 4, &primary, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x407000 && ctx.Rsp == 0x7ff000, "rip %#llx rsp %#llx", (unsigned long long)ctx.Rip,
          (unsigned long long)ctx.Rsp);
}

static void test_jumps(void)
{
    /* push rbp; ... call x; jmp <cold part outside>; ... pop rbp; jmp <tail call outside> */
    static const BYTE code[] = {0x55, 0x90, 0xe9, 0x00, 0x10, 0x00, 0x00,
                                0x90, 0x5d, 0xe9, 0x00, 0x20, 0x00, 0x00};
    RUNTIME_FUNCTION func = {CODE_RVA, CODE_RVA + sizeof(code), INFO_RVA};
    USHORT *codes = make_info(INFO_RVA, 0, 1, 1, 0, 0);
    ULONG64 rsp = (ULONG64)&stack[30];
    CONTEXT ctx;
    ULONG64 frame;
    void *data;

    memcpy(image + CODE_RVA, code, sizeof(code));
    codes[0] = CODE(1, PUSH_NONVOL, RBP);
    codes[1] = 0;
    stack[30] = 0xbbbb;
    stack[31] = 0x409000;
    stack[32] = 0x40a000;

    /* a return address at a jmp to the cold part: the frame is complete */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 2, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x409000 && ctx.Rbp == 0xbbbb && ctx.Rsp == rsp + 16, "cold jmp rip %#llx rbp %#llx",
          (unsigned long long)ctx.Rip, (unsigned long long)ctx.Rbp);

    /* at the pop of a tail-call epilog */
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = rsp;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base(), base() + CODE_RVA + 8, &func, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x409000 && ctx.Rbp == 0xbbbb && ctx.Rsp == rsp + 16, "tail call rip %#llx",
          (unsigned long long)ctx.Rip);
}

static void test_leaf(void)
{
    CONTEXT ctx;
    ULONG64 frame;
    void *data;

    stack[20] = 0x408000;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Rsp = (ULONG64)&stack[20];
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, 0, 0x1234, NULL, &ctx, &data, &frame, NULL);
    CHECK(ctx.Rip == 0x408000 && ctx.Rsp == (ULONG64)&stack[21], "leaf rip %#llx",
          (unsigned long long)ctx.Rip);
}

int main(void)
{
    test_push_alloc();
    test_frame_register();
    test_large_far_chain_machframe();
    test_jumps();
    test_leaf();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
