/*
 * Unit tests of the PE image library (loader/pe.c). A small builder lays out a synthetic PE32+ image
 * in memory with every directory the library walks; each test starts from that image, breaks one
 * thing and checks the exact result.
 *
 * Extra arguments are PE files to open, lay out and walk completely (e.g. mingw-built programs or
 * Wine's PE DLLs): `tests/unit/pe_test /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/kernel32.dll`.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../loader/pe.h"

static int passed, failed;

#define ok(cond, ...) ok_(__LINE__, !!(cond), __VA_ARGS__)
static void ok_(int line, int cond, const char *fmt, ...)
{
    va_list args;
    if (cond) {
        passed++;
        return;
    }
    failed++;
    printf("pe_test.c:%d: test failed: ", line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
}

#define check_err(got, want) check_err_(__LINE__, (got), (want))
static void check_err_(int line, enum pe_error got, enum pe_error want)
{
    ok_(line, got == want, "got %d (%s), expected %d (%s)", got, pe_strerror(got), want, pe_strerror(want));
}

static int count_dll(void *ctx, const char *dll);

/* ---- the builder ---- */

#define IMG_SIZE 0x6000
#define FILE_SIZE 0x5400
#define HDR_SIZE 0x400
#define LFANEW 0x80
#define IMAGE_BASE 0x140000000ull

/* memory layout: headers, .text at 0x1000, .data at 0x2000..0x6000 holding the directories */
#define RVA_EXPORT 0x2000
#define RVA_IMPORT 0x2400
#define RVA_DELAY 0x2800
#define RVA_TLS 0x2c00
#define RVA_RSRC 0x3000
#define RVA_RELOC 0x4000
#define RVA_TARGETS 0x5000

static _Alignas(4096) BYTE image[IMG_SIZE];
static _Alignas(4096) BYTE file[FILE_SIZE];
static _Alignas(4096) BYTE mapped[IMG_SIZE];
static struct pe_image img;

static IMAGE_DOS_HEADER *dos_of(BYTE *b)
{
    return (IMAGE_DOS_HEADER *)b;
}
static IMAGE_NT_HEADERS64 *nt_of(BYTE *b)
{
    return (IMAGE_NT_HEADERS64 *)(b + LFANEW);
}
static IMAGE_SECTION_HEADER *sec_of(BYTE *b)
{
    return (IMAGE_SECTION_HEADER *)(b + LFANEW + sizeof(IMAGE_NT_HEADERS64));
}
static IMAGE_DATA_DIRECTORY *dir_of(BYTE *b, int i)
{
    return &nt_of(b)->OptionalHeader.DataDirectory[i];
}

static void put16(DWORD rva, WORD v)
{
    memcpy(image + rva, &v, 2);
}
static void put32(DWORD rva, DWORD v)
{
    memcpy(image + rva, &v, 4);
}
static void put64(DWORD rva, ULONGLONG v)
{
    memcpy(image + rva, &v, 8);
}
static ULONGLONG get64(DWORD rva)
{
    ULONGLONG v;
    memcpy(&v, image + rva, 8);
    return v;
}
static DWORD get32(DWORD rva)
{
    DWORD v;
    memcpy(&v, image + rva, 4);
    return v;
}
static void putstr(DWORD rva, const char *s)
{
    memcpy(image + rva, s, strlen(s) + 1);
}
/* hint/name entry */
static void puthint(DWORD rva, WORD hint, const char *name)
{
    put16(rva, hint);
    putstr(rva + 2, name);
}
/* IMAGE_RESOURCE_DIR_STRING_U */
static void putresname(DWORD rva, const char *s)
{
    WORD i, len = (WORD)strlen(s);
    put16(rva, len);
    for (i = 0; i < len; i++)
        put16(rva + 2 + 2 * i, (WORD)s[i]);
}
static void putresdir(DWORD rva, WORD named, WORD ids)
{
    memset(image + rva, 0, sizeof(IMAGE_RESOURCE_DIRECTORY));
    put16(rva + 12, named);
    put16(rva + 14, ids);
}
static void putresentry(DWORD rva, DWORD name, DWORD data)
{
    put32(rva, name);
    put32(rva + 4, data);
}

static void set_dir(int i, DWORD rva, DWORD size)
{
    dir_of(image, i)->VirtualAddress = rva;
    dir_of(image, i)->Size = size;
}

static void build_headers(void)
{
    IMAGE_NT_HEADERS64 *nt = nt_of(image);
    IMAGE_SECTION_HEADER *sec = sec_of(image);

    memset(image, 0, HDR_SIZE);
    dos_of(image)->e_magic = IMAGE_DOS_SIGNATURE;
    dos_of(image)->e_lfanew = LFANEW;
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64;
    nt->FileHeader.NumberOfSections = 2;
    nt->FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER64);
    nt->FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE;
    nt->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt->OptionalHeader.AddressOfEntryPoint = 0x1000;
    nt->OptionalHeader.ImageBase = IMAGE_BASE;
    nt->OptionalHeader.SectionAlignment = 0x1000;
    nt->OptionalHeader.FileAlignment = 0x200;
    nt->OptionalHeader.SizeOfImage = IMG_SIZE;
    nt->OptionalHeader.SizeOfHeaders = HDR_SIZE;
    nt->OptionalHeader.Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    nt->OptionalHeader.NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    memcpy(sec[0].Name, ".text", 6);
    sec[0].Misc.VirtualSize = 0x1000;
    sec[0].VirtualAddress = 0x1000;
    sec[0].SizeOfRawData = 0x1000;
    sec[0].PointerToRawData = 0x400;
    sec[0].Characteristics = IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ;
    memcpy(sec[1].Name, ".data", 6);
    sec[1].Misc.VirtualSize = 0x4000;
    sec[1].VirtualAddress = 0x2000;
    sec[1].SizeOfRawData = 0x4000;
    sec[1].PointerToRawData = 0x1400;
    sec[1].Characteristics = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
}

static void build_exports(void)
{
    static const DWORD funcs[6] = {0x1010, 0x1020, 0, RVA_EXPORT + 0x120, 0x1030, 0x1040};
    static const char *names[4] = {"Alpha", "Beta", "Fwd", "Gamma"};
    static const WORD ords[4] = {0, 1, 3, 4};
    int i;

    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, Name), RVA_EXPORT + 0x100);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, Base), 5);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfFunctions), 6);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfNames), 4);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfFunctions), RVA_EXPORT + 0x40);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNames), RVA_EXPORT + 0x60);
    put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNameOrdinals), RVA_EXPORT + 0x80);
    for (i = 0; i < 6; i++)
        put32(RVA_EXPORT + 0x40 + 4 * i, funcs[i]);
    for (i = 0; i < 4; i++) {
        put32(RVA_EXPORT + 0x60 + 4 * i, RVA_EXPORT + 0x140 + 0x10 * i);
        putstr(RVA_EXPORT + 0x140 + 0x10 * i, names[i]);
        put16(RVA_EXPORT + 0x80 + 2 * i, ords[i]);
    }
    putstr(RVA_EXPORT + 0x100, "test.dll");
    putstr(RVA_EXPORT + 0x120, "OTHER.Target");
    set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, RVA_EXPORT, 0x200);
}

static void build_imports(void)
{
    /* KERNEL32.dll with a lookup table; msvcrt.dll without one (FirstThunk is read instead) */
    put32(RVA_IMPORT + 0, RVA_IMPORT + 0x80);   /* OriginalFirstThunk */
    put32(RVA_IMPORT + 12, RVA_IMPORT + 0x100); /* Name */
    put32(RVA_IMPORT + 16, RVA_IMPORT + 0xc0);  /* FirstThunk */
    put32(RVA_IMPORT + 20 + 12, RVA_IMPORT + 0x110);
    put32(RVA_IMPORT + 20 + 16, RVA_IMPORT + 0xe0);
    putstr(RVA_IMPORT + 0x100, "KERNEL32.dll");
    putstr(RVA_IMPORT + 0x110, "msvcrt.dll");
    put64(RVA_IMPORT + 0x80, RVA_IMPORT + 0x120);
    put64(RVA_IMPORT + 0x88, IMAGE_ORDINAL_FLAG64 | 42);
    put64(RVA_IMPORT + 0xc0, RVA_IMPORT + 0x120);
    put64(RVA_IMPORT + 0xc8, IMAGE_ORDINAL_FLAG64 | 42);
    put64(RVA_IMPORT + 0xe0, RVA_IMPORT + 0x140);
    puthint(RVA_IMPORT + 0x120, 0x11, "ExitProcess");
    puthint(RVA_IMPORT + 0x140, 7, "printf");
    set_dir(IMAGE_DIRECTORY_ENTRY_IMPORT, RVA_IMPORT, 3 * sizeof(IMAGE_IMPORT_DESCRIPTOR));
    set_dir(IMAGE_DIRECTORY_ENTRY_IAT, RVA_IMPORT + 0xc0, 0x30);

    put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, Attributes), 1);
    put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, DllNameRVA), RVA_DELAY + 0x100);
    put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ModuleHandleRVA), RVA_DELAY + 0x80);
    put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ImportAddressTableRVA), RVA_DELAY + 0x40);
    put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ImportNameTableRVA), RVA_DELAY + 0x60);
    putstr(RVA_DELAY + 0x100, "USER32.dll");
    put64(RVA_DELAY + 0x40, 0x1070);
    put64(RVA_DELAY + 0x48, 0x1080);
    put64(RVA_DELAY + 0x60, RVA_DELAY + 0x120);
    put64(RVA_DELAY + 0x68, IMAGE_ORDINAL_FLAG64 | 7);
    puthint(RVA_DELAY + 0x120, 0, "MessageBoxA");
    set_dir(IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT, RVA_DELAY, 2 * sizeof(IMAGE_DELAYLOAD_DESCRIPTOR));
}

/* TLS addresses are VAs: the tests use the image where it lies, as after relocation */
static ULONGLONG va(DWORD rva)
{
    return (ULONGLONG)(uintptr_t)image + rva;
}

static void build_tls(void)
{
    put64(RVA_TLS + offsetof(IMAGE_TLS_DIRECTORY64, StartAddressOfRawData), va(RVA_TLS + 0x40));
    put64(RVA_TLS + offsetof(IMAGE_TLS_DIRECTORY64, EndAddressOfRawData), va(RVA_TLS + 0x50));
    put64(RVA_TLS + offsetof(IMAGE_TLS_DIRECTORY64, AddressOfIndex), va(RVA_TLS + 0x60));
    put64(RVA_TLS + offsetof(IMAGE_TLS_DIRECTORY64, AddressOfCallBacks), va(RVA_TLS + 0x70));
    put32(RVA_TLS + offsetof(IMAGE_TLS_DIRECTORY64, SizeOfZeroFill), 0x20);
    put64(RVA_TLS + 0x70, va(0x1050));
    put64(RVA_TLS + 0x78, va(0x1060));
    put64(RVA_TLS + 0x80, 0);
    set_dir(IMAGE_DIRECTORY_ENTRY_TLS, RVA_TLS, sizeof(IMAGE_TLS_DIRECTORY64));
}

/* Offsets inside the resource directory (relative to RVA_RSRC). */
#define RS_ROOT 0x000
#define RS_T_CUSTOM 0x020
#define RS_T_10 0x040
#define RS_N_CUSTOM1 0x068
#define RS_N_MYDATA 0x088
#define RS_N_5 0x0b0
#define RS_DE 0x100 /* data entries, 0x10 apart */
#define RS_STR 0x200
#define RS_DATA 0x300

static void build_resources(void)
{
    const DWORD sub = 0x80000000u;

    /* root: "CUSTOM" (named) and RT_RCDATA (10) */
    putresdir(RVA_RSRC + RS_ROOT, 1, 1);
    putresentry(RVA_RSRC + RS_ROOT + 16, 0x80000000u | RS_STR, sub | RS_T_CUSTOM);
    putresentry(RVA_RSRC + RS_ROOT + 24, 10, sub | RS_T_10);
    putresname(RVA_RSRC + RS_STR, "CUSTOM");
    putresname(RVA_RSRC + RS_STR + 0x20, "MYDATA");
    /* CUSTOM -> 1 -> lang 0 */
    putresdir(RVA_RSRC + RS_T_CUSTOM, 0, 1);
    putresentry(RVA_RSRC + RS_T_CUSTOM + 16, 1, sub | RS_N_CUSTOM1);
    putresdir(RVA_RSRC + RS_N_CUSTOM1, 0, 1);
    putresentry(RVA_RSRC + RS_N_CUSTOM1 + 16, 0, RS_DE + 0x00);
    /* RT_RCDATA -> "MYDATA" -> 0x407, 0x409; RT_RCDATA -> 5 -> 0x409 */
    putresdir(RVA_RSRC + RS_T_10, 1, 1);
    putresentry(RVA_RSRC + RS_T_10 + 16, 0x80000000u | (RS_STR + 0x20), sub | RS_N_MYDATA);
    putresentry(RVA_RSRC + RS_T_10 + 24, 5, sub | RS_N_5);
    putresdir(RVA_RSRC + RS_N_MYDATA, 0, 2);
    putresentry(RVA_RSRC + RS_N_MYDATA + 16, 0x407, RS_DE + 0x10);
    putresentry(RVA_RSRC + RS_N_MYDATA + 24, 0x409, RS_DE + 0x20);
    putresdir(RVA_RSRC + RS_N_5, 0, 1);
    putresentry(RVA_RSRC + RS_N_5 + 16, 0x409, RS_DE + 0x30);
    for (int i = 0; i < 4; i++) {
        put32(RVA_RSRC + RS_DE + 0x10 * i, RVA_RSRC + RS_DATA + 0x10 * i); /* OffsetToData is an RVA */
        put32(RVA_RSRC + RS_DE + 0x10 * i + 4, 4 + i);
        putstr(RVA_RSRC + RS_DATA + 0x10 * i, "res");
    }
    set_dir(IMAGE_DIRECTORY_ENTRY_RESOURCE, RVA_RSRC, 0x400);
}

static void build_relocs(void)
{
    /* block 1: page 0x5000, DIR64 @0, HIGHLOW @8, ABSOLUTE padding, DIR64 @0x10 */
    put32(RVA_RELOC, RVA_TARGETS);
    put32(RVA_RELOC + 4, 16);
    put16(RVA_RELOC + 8, IMAGE_REL_BASED_DIR64 << 12 | 0x000);
    put16(RVA_RELOC + 10, IMAGE_REL_BASED_HIGHLOW << 12 | 0x008);
    put16(RVA_RELOC + 12, IMAGE_REL_BASED_DIR64 << 12 | 0x010);
    put16(RVA_RELOC + 14, IMAGE_REL_BASED_ABSOLUTE << 12);
    /* block 2: page 0x1000, DIR64 @0x100, padding */
    put32(RVA_RELOC + 16, 0x1000);
    put32(RVA_RELOC + 20, 12);
    put16(RVA_RELOC + 24, IMAGE_REL_BASED_DIR64 << 12 | 0x100);
    put16(RVA_RELOC + 26, 0);
    put64(RVA_TARGETS, IMAGE_BASE + 0x1000);
    put32(RVA_TARGETS + 8, 0x40001000);
    put64(RVA_TARGETS + 0x10, IMAGE_BASE + 0x2000);
    put64(0x1100, IMAGE_BASE + 0x3000);
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, 28);
}

/* A fresh image with every directory, and `img` initialized over it. */
static void build_image(void)
{
    memset(image, 0, sizeof(image));
    build_headers();
    memset(image + 0x1000, 0xcc, 0x100); /* some "code" */
    build_exports();
    build_imports();
    build_tls();
    build_resources();
    build_relocs();
    check_err(pe_image_init(&img, image, IMG_SIZE), PE_OK);
}

/* The file layout of `image`. */
static void build_file(void)
{
    build_image();
    memcpy(file, image, HDR_SIZE);
    memcpy(file + 0x400, image + 0x1000, 0x1000);
    memcpy(file + 0x1400, image + 0x2000, 0x4000);
}

static enum pe_error open_file(size_t size)
{
    struct pe_file pe;
    return pe_file_open(&pe, file, size);
}

/* ---- tests ---- */

static void test_strerror(void)
{
    int e;
    for (e = PE_OK; e <= PE_ERR_BAD_ARGUMENT; e++) {
        const char *s = pe_strerror(e);
        /* one line, no final period, starting lower case (field names such as SizeOfHeaders aside) */
        ok(s && *s && !strchr(s, '\n') && s[strlen(s) - 1] != '.', "message of %d: %s", e, s);
        ok((*s >= 'a' && *s <= 'z') || !strncmp(s, "SizeOf", 6) || *s == '3' || !strncmp(s, "ARM", 3),
           "message of %d: %s", e, s);
        ok(strcmp(s, "unknown PE error"), "no message for %d", e);
    }
    ok(!strcmp(pe_strerror(PE_ERR_NOT_MZ), "not a PE file (no MZ signature)"), "NOT_MZ message");
    ok(!strcmp(pe_strerror(PE_ERR_MACHINE_I386), "32-bit (i386) images are not supported"), "I386 message");
    ok(!strcmp(pe_strerror(PE_ERR_MACHINE_ARM), "ARM images are not supported"), "ARM message");
    ok(!strcmp(pe_strerror(PE_ERR_BAD_SECTIONS), "section table extends past the end of the file"),
       "sections");
    ok(!strcmp(pe_strerror(PE_ERR_SECTION_OVERLAP), "sections overlap"), "overlap message");
    ok(!strcmp(pe_strerror((enum pe_error)999), "unknown PE error"), "unknown error");
}

static void test_valid_file(void)
{
    struct pe_file pe;
    struct pe_image mimg;

    build_file();
    check_err(pe_file_open(&pe, file, FILE_SIZE), PE_OK);
    ok(pe.data == file && pe.size == FILE_SIZE, "data/size");
    ok(pe.nt == nt_of(file), "nt %p", (void *)pe.nt);
    ok(pe.sections == sec_of(file) && pe.nsections == 2, "sections %u", pe.nsections);
    ok(pe_section_size(&pe.sections[1]) == 0x4000, "section size");
    ok(pe_section_raw_size(&pe.sections[1]) == 0x4000, "raw size");

    memset(mapped, 0, sizeof(mapped));
    check_err(pe_file_layout(&pe, mapped, IMG_SIZE - 1), PE_ERR_BAD_ARGUMENT);
    check_err(pe_file_layout(&pe, mapped, IMG_SIZE), PE_OK);
    ok(!memcmp(mapped, image, IMG_SIZE), "layout differs from the built image");
    check_err(pe_image_init(&mimg, mapped, IMG_SIZE), PE_OK);
    ok(mimg.base == mapped && mimg.size == IMG_SIZE && mimg.nt == nt_of(mapped), "image init");

    /* trailing data (overlay, certificates) is fine */
    check_err(open_file(FILE_SIZE), PE_OK);
    /* the loader's data pointer must be aligned */
    check_err(pe_file_open(&pe, file + 4, FILE_SIZE - 4), PE_ERR_BAD_ARGUMENT);
    check_err(pe_file_open(NULL, file, FILE_SIZE), PE_ERR_BAD_ARGUMENT);
    check_err(pe_file_open(&pe, NULL, 0), PE_ERR_TOO_SMALL);
    check_err(pe_file_open(&pe, NULL, 10), PE_ERR_BAD_ARGUMENT);
    ok(!pe.nt, "nt set on failure");
}

/* Cutting the file anywhere must fail with the error of the structure that was cut. */
static void test_truncation(void)
{
    const size_t nt_end = LFANEW + sizeof(IMAGE_NT_HEADERS64),
                 table_end = nt_end + 2 * sizeof(IMAGE_SECTION_HEADER);
    size_t size;
    int wrong = 0;

    build_file();
    for (size = 0; size < FILE_SIZE; size++) {
        enum pe_error want, got;
        BYTE *copy;

        if (size < sizeof(IMAGE_DOS_HEADER))
            want = PE_ERR_TOO_SMALL;
        else if (size < LFANEW + 4)
            want = PE_ERR_BAD_LFANEW;
        else if (size < nt_end)
            want = PE_ERR_TOO_SMALL;
        else if (size < table_end)
            want = PE_ERR_BAD_SECTIONS;
        else if (size < HDR_SIZE)
            want = PE_ERR_BAD_HEADERS_SIZE;
        else
            want = PE_ERR_BAD_RAW_DATA;
        /* an exact-size heap copy so that a sanitizer build catches any over-read */
        copy = malloc(size ? size : 1);
        memcpy(copy, file, size);
        {
            struct pe_file pe;
            got = pe_file_open(&pe, copy, size);
        }
        free(copy);
        if (got != want && wrong++ < 5)
            ok(0, "size %#zx: got %s, expected %s", size, pe_strerror(got), pe_strerror(want));
    }
    ok(!wrong, "%d truncated sizes gave the wrong error", wrong);
    {
        BYTE one = 'M';
        struct pe_file pe;
        check_err(pe_file_open(&pe, &one, 0), PE_ERR_TOO_SMALL);
    }
}

static void test_dos_and_signature(void)
{
    build_file();
    file[0] = 'Z';
    file[1] = 'M';
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_MZ);
    check_err(open_file(1), PE_ERR_TOO_SMALL);
    check_err(open_file(2), PE_ERR_NOT_MZ);
    build_file();
    check_err(open_file(2), PE_ERR_TOO_SMALL);

    build_file();
    dos_of(file)->e_lfanew = 0x7ffffff8;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_LFANEW);
    dos_of(file)->e_lfanew = -8;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_LFANEW);
    dos_of(file)->e_lfanew = FILE_SIZE - 3;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_LFANEW);
    dos_of(file)->e_lfanew = FILE_SIZE - 4; /* inside, but no signature there */
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE);
    /* misaligned PE header */
    memcpy(file + 0x44, "PE\0\0", 4);
    dos_of(file)->e_lfanew = 0x44;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_LFANEW);
    /* the PE header may overlap the DOS header (as in tiny hand-made images) */
    build_file();
    dos_of(file)->e_lfanew = 0;
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE);

    build_file();
    memcpy(file + LFANEW, "NE\0\0", 4);
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE);
    memcpy(file + LFANEW, "PE\0\1", 4);
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE);
}

static void test_machine_and_magic(void)
{
    static const struct {
        WORD machine;
        enum pe_error err;
    } machines[] = {
        {IMAGE_FILE_MACHINE_AMD64, PE_OK},
        {IMAGE_FILE_MACHINE_I386, PE_ERR_MACHINE_I386},
        {IMAGE_FILE_MACHINE_ARMNT, PE_ERR_MACHINE_ARM},
        {IMAGE_FILE_MACHINE_ARM64, PE_ERR_MACHINE_ARM},
        {0x01c0, PE_ERR_MACHINE_ARM},
        {0xa641, PE_ERR_MACHINE_ARM},
        {0x0200, PE_ERR_MACHINE_OTHER},
        {0, PE_ERR_MACHINE_OTHER},
    };
    unsigned int i;

    for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
        build_file();
        nt_of(file)->FileHeader.Machine = machines[i].machine;
        check_err(open_file(FILE_SIZE), machines[i].err);
    }
    /* a real 32-bit image: machine first, so the message names the architecture */
    build_file();
    nt_of(file)->FileHeader.Machine = IMAGE_FILE_MACHINE_I386;
    nt_of(file)->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    check_err(open_file(FILE_SIZE), PE_ERR_MACHINE_I386);
    build_file();
    nt_of(file)->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE32PLUS);
    nt_of(file)->OptionalHeader.Magic = 0x107;
    check_err(open_file(FILE_SIZE), PE_ERR_NOT_PE32PLUS);
}

static void test_optional_header(void)
{
    IMAGE_OPTIONAL_HEADER64 *opt;

    build_file();
    opt = &nt_of(file)->OptionalHeader;
    nt_of(file)->FileHeader.SizeOfOptionalHeader = 100;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    nt_of(file)->FileHeader.SizeOfOptionalHeader = 0xe0; /* 16 directories need 0xf0 */
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    nt_of(file)->FileHeader.SizeOfOptionalHeader = 0xf2;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    /* fewer directories, smaller optional header: the section table moves up */
    build_file();
    opt = &nt_of(file)->OptionalHeader;
    opt->NumberOfRvaAndSizes = 6;
    nt_of(file)->FileHeader.SizeOfOptionalHeader = 0x70 + 6 * 8;
    memmove(file + LFANEW + 24 + 0xa0, sec_of(file), 2 * sizeof(IMAGE_SECTION_HEADER));
    check_err(open_file(FILE_SIZE), PE_OK);
    /* more than 16 directories: only the 16 known ones are used */
    build_file();
    opt = &nt_of(file)->OptionalHeader;
    opt->NumberOfRvaAndSizes = 0x100;
    check_err(open_file(FILE_SIZE), PE_OK);
    /* a larger optional header than needed is fine */
    nt_of(file)->FileHeader.SizeOfOptionalHeader = 0xf8;
    memmove(file + LFANEW + 24 + 0xf8, sec_of(file), 2 * sizeof(IMAGE_SECTION_HEADER));
    check_err(open_file(FILE_SIZE), PE_OK);

    build_file();
    opt = &nt_of(file)->OptionalHeader;
    opt->SizeOfImage = 0;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    build_file();
    opt = &nt_of(file)->OptionalHeader;
    opt->ImageBase = IMAGE_BASE + 0x1000;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    opt->ImageBase = 0xffffffffffff0000ull; /* fits */
    check_err(open_file(FILE_SIZE), PE_OK);
    opt->SizeOfImage = 0x10000; /* ImageBase + SizeOfImage wraps */
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    opt->SizeOfImage = IMG_SIZE;
    opt->ImageBase = 0;
    check_err(open_file(FILE_SIZE), PE_OK);
    build_file();
    opt = &nt_of(file)->OptionalHeader;
    opt->AddressOfEntryPoint = IMG_SIZE;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_OPTIONAL);
    opt->AddressOfEntryPoint = 0; /* DLLs without an entry point */
    check_err(open_file(FILE_SIZE), PE_OK);
}

static void test_alignment(void)
{
    static const struct {
        DWORD sa, fa;
        enum pe_error err;
    } cases[] = {
        {0x1000, 0x200, PE_OK},
        {0x1001, 0x200, PE_ERR_BAD_ALIGNMENT},
        {0x1000, 0x300, PE_ERR_BAD_ALIGNMENT},
        {0x1000, 0, PE_ERR_BAD_ALIGNMENT},
        {0, 0x200, PE_ERR_BAD_ALIGNMENT},
        {0x1000, 0x2000, PE_ERR_BAD_ALIGNMENT},
        {0x200, 0x100, PE_ERR_BAD_ALIGNMENT},
        {0x1000, 0x1000, PE_OK},
        {0x80000000, 0x200, PE_ERR_SECTION_MISALIGNED},
    };
    unsigned int i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        build_file();
        nt_of(file)->OptionalHeader.SectionAlignment = cases[i].sa;
        nt_of(file)->OptionalHeader.FileAlignment = cases[i].fa;
        check_err(open_file(FILE_SIZE), cases[i].err);
    }
}

/* A valid low-alignment image: SectionAlignment == FileAlignment < page, file offsets == RVAs. */
static void test_low_alignment(void)
{
    IMAGE_SECTION_HEADER *sec;
    static _Alignas(8) BYTE small[0x600];
    struct pe_file pe;

    build_file();
    memcpy(small, file, 0x200);
    nt_of(small)->OptionalHeader.SectionAlignment = 0x200;
    nt_of(small)->OptionalHeader.FileAlignment = 0x200;
    nt_of(small)->OptionalHeader.SizeOfHeaders = 0x200;
    nt_of(small)->OptionalHeader.SizeOfImage = 0x600;
    nt_of(small)->OptionalHeader.AddressOfEntryPoint = 0x200;
    memset(nt_of(small)->OptionalHeader.DataDirectory, 0, sizeof(nt_of(small)->OptionalHeader.DataDirectory));
    sec = sec_of(small);
    sec[0].VirtualAddress = sec[0].PointerToRawData = 0x200;
    sec[0].Misc.VirtualSize = sec[0].SizeOfRawData = 0x200;
    sec[1].VirtualAddress = sec[1].PointerToRawData = 0x400;
    sec[1].Misc.VirtualSize = sec[1].SizeOfRawData = 0x200;
    check_err(pe_file_open(&pe, small, sizeof(small)), PE_OK);
    sec[0].Misc.VirtualSize = 0x201;
    check_err(pe_file_open(&pe, small, sizeof(small)), PE_ERR_SECTION_OVERLAP);
    sec[0].Misc.VirtualSize = 0x200;
    sec[1].Misc.VirtualSize = 0x201;
    check_err(pe_file_open(&pe, small, sizeof(small)), PE_ERR_SECTION_OUTSIDE);
}

static void test_section_table(void)
{
    IMAGE_SECTION_HEADER *sec;

    build_file();
    nt_of(file)->FileHeader.NumberOfSections = 0xffff;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_SECTIONS);
    /* the table fits in the file but not in SizeOfHeaders */
    nt_of(file)->FileHeader.NumberOfSections = 20;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_HEADERS_SIZE);
    /* no sections at all is valid */
    nt_of(file)->FileHeader.NumberOfSections = 0;
    check_err(open_file(FILE_SIZE), PE_OK);

    build_file();
    nt_of(file)->OptionalHeader.SizeOfHeaders = LFANEW + sizeof(IMAGE_NT_HEADERS64) + 40; /* cuts the table */
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_HEADERS_SIZE);
    nt_of(file)->OptionalHeader.SizeOfHeaders = FILE_SIZE + 0x200;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_HEADERS_SIZE);
    build_file();
    nt_of(file)->OptionalHeader.SizeOfHeaders = 0x1200; /* overlaps .text at 0x1000 */
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OVERLAP);

    build_file();
    sec = sec_of(file);
    sec[0].Misc.VirtualSize = 0x1001; /* spills into .data */
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OVERLAP);
    sec[0].Misc.VirtualSize = 0x1000;
    sec[1].VirtualAddress = 0x1000; /* same address */
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OVERLAP);
    build_file();
    sec = sec_of(file);
    sec[0].VirtualAddress = 0; /* over the headers */
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OVERLAP);
    build_file();
    sec = sec_of(file);
    /* out of order */
    sec[0].VirtualAddress = 0x5000;
    sec[0].Misc.VirtualSize = 0x1000;
    sec[1].Misc.VirtualSize = 0x2000;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OVERLAP);
    build_file();
    sec = sec_of(file);
    sec[1].VirtualAddress = 0x2800;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_MISALIGNED);

    build_file();
    sec = sec_of(file);
    sec[1].Misc.VirtualSize = 0x4001;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OUTSIDE);
    sec[1].Misc.VirtualSize = 0xfffff000;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OUTSIDE);
    build_file();
    sec = sec_of(file);
    sec[1].VirtualAddress = 0xfffff000;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OUTSIDE);
    build_file();
    sec = sec_of(file);
    sec[1].Misc.VirtualSize = 0; /* falls back to SizeOfRawData */
    check_err(open_file(FILE_SIZE), PE_OK);
    sec[1].SizeOfRawData = 0xffffffff;
    check_err(open_file(FILE_SIZE), PE_ERR_SECTION_OUTSIDE);
    /* an empty section is fine */
    sec[1].SizeOfRawData = 0;
    check_err(open_file(FILE_SIZE), PE_OK);
}

static void test_raw_data(void)
{
    IMAGE_SECTION_HEADER *sec;

    build_file();
    sec = sec_of(file);
    sec[1].PointerToRawData = 0x1401;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_RAW_DATA);
    sec[1].PointerToRawData = 0xffffff00;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_RAW_DATA);
    /* raw data larger than the section: only VirtualSize bytes are used */
    build_file();
    sec = sec_of(file);
    sec[1].Misc.VirtualSize = 0x100;
    sec[1].SizeOfRawData = 0x7fffffff;
    check_err(open_file(FILE_SIZE), PE_OK);
    ok(pe_section_raw_size(&sec[1]) == 0x100, "raw size %#x", pe_section_raw_size(&sec[1]));
    /* uninitialized data: no raw pointer */
    sec[1].PointerToRawData = 0;
    ok(pe_section_raw_size(&sec[1]) == 0, "raw size %#x", pe_section_raw_size(&sec[1]));
    check_err(open_file(FILE_SIZE), PE_OK);
    /* a virtual size larger than the raw data is zero-filled by the loader */
    build_file();
    sec = sec_of(file);
    sec[1].SizeOfRawData = 0x200;
    check_err(open_file(FILE_SIZE), PE_OK);
    ok(pe_section_raw_size(&sec[1]) == 0x200, "raw size %#x", pe_section_raw_size(&sec[1]));
}

static void test_directories_file(void)
{
    build_file();
    dir_of(file, IMAGE_DIRECTORY_ENTRY_EXPORT)->Size = IMG_SIZE;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_DIRECTORY);
    build_file();
    dir_of(file, IMAGE_DIRECTORY_ENTRY_DEBUG)->VirtualAddress = 0xfffffff0;
    dir_of(file, IMAGE_DIRECTORY_ENTRY_DEBUG)->Size = 0x20;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_DIRECTORY);
    build_file();
    dir_of(file, IMAGE_DIRECTORY_ENTRY_RESOURCE)->VirtualAddress = IMG_SIZE;
    dir_of(file, IMAGE_DIRECTORY_ENTRY_RESOURCE)->Size = 1;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_DIRECTORY);
    dir_of(file, IMAGE_DIRECTORY_ENTRY_RESOURCE)->Size = 0; /* empty, at the very end: fine */
    check_err(open_file(FILE_SIZE), PE_OK);
    /* a size with no address means no directory */
    build_file();
    dir_of(file, IMAGE_DIRECTORY_ENTRY_EXCEPTION)->Size = 0xffffffff;
    check_err(open_file(FILE_SIZE), PE_OK);
    /* the certificate table is a file offset, outside the image */
    dir_of(file, IMAGE_DIRECTORY_ENTRY_SECURITY)->VirtualAddress = 0x10000;
    dir_of(file, IMAGE_DIRECTORY_ENTRY_SECURITY)->Size = 0x1000;
    check_err(open_file(FILE_SIZE), PE_OK);
    /* directories past NumberOfRvaAndSizes do not exist */
    build_file();
    dir_of(file, IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR)->VirtualAddress = 0xfffffff0;
    nt_of(file)->OptionalHeader.NumberOfRvaAndSizes = 14;
    check_err(open_file(FILE_SIZE), PE_OK);
    nt_of(file)->OptionalHeader.NumberOfRvaAndSizes = 15;
    check_err(open_file(FILE_SIZE), PE_ERR_BAD_DIRECTORY);
}

static void test_image_init_and_rva(void)
{
    struct pe_image im;
    DWORD size;
    void *p;

    build_image();
    check_err(pe_image_init(&im, image, 0x100), PE_ERR_TOO_SMALL);
    check_err(pe_image_init(&im, image, LFANEW + sizeof(IMAGE_NT_HEADERS64)), PE_OK);
    ok(im.size == LFANEW + sizeof(IMAGE_NT_HEADERS64), "size %zu", im.size);
    check_err(pe_image_init(&im, image + 8, IMG_SIZE - 8), PE_ERR_NOT_MZ);
    check_err(pe_image_init(&im, image + 1, IMG_SIZE - 1), PE_ERR_BAD_ARGUMENT);
    check_err(pe_image_init(NULL, image, IMG_SIZE), PE_ERR_BAD_ARGUMENT);
    /* SizeOfImage smaller than the mapping bounds the image */
    nt_of(image)->OptionalHeader.SizeOfImage = 0x3000;
    check_err(pe_image_init(&im, image, IMG_SIZE), PE_OK);
    ok(im.size == 0x3000, "size %#zx", im.size);
    ok(!pe_rva(&im, 0x3000, 1), "rva past SizeOfImage");
    nt_of(image)->OptionalHeader.SizeOfImage = IMG_SIZE;
    nt_of(image)->FileHeader.Machine = IMAGE_FILE_MACHINE_I386;
    check_err(pe_image_init(&im, image, IMG_SIZE), PE_ERR_MACHINE_I386);

    build_image();
    ok(pe_rva(&img, 0, 0) == image, "rva 0");
    ok(pe_rva(&img, IMG_SIZE - 4, 4) == image + IMG_SIZE - 4, "last dword");
    ok(!pe_rva(&img, IMG_SIZE - 4, 5), "past the end");
    ok(pe_rva(&img, IMG_SIZE, 0) == image + IMG_SIZE, "empty range at the end");
    ok(!pe_rva(&img, IMG_SIZE + 1, 0), "empty range past the end");
    ok(!pe_rva(&img, 0xffffffff, 2), "rva wraps");
    ok(!pe_rva(&img, 16, SIZE_MAX), "len wraps");
    ok(!pe_rva(NULL, 0, 0), "NULL image");

    ok(pe_rva_string(&img, RVA_IMPORT + 0x100) &&
           !strcmp(pe_rva_string(&img, RVA_IMPORT + 0x100), "KERNEL32.dll"),
       "string");
    memset(image + IMG_SIZE - 8, 'x', 8);
    ok(!pe_rva_string(&img, IMG_SIZE - 8), "unterminated string at the end");
    image[IMG_SIZE - 1] = 0;
    ok(pe_rva_string(&img, IMG_SIZE - 8) != NULL, "string ending at the last byte");
    ok(!pe_rva_string(&img, IMG_SIZE), "string past the end");
    ok(!pe_rva_string(&img, 0xffffffff), "string at 0xffffffff");

    p = pe_directory(&img, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    ok(p == image + RVA_EXPORT && size == 0x200, "export directory %p size %#x", p, size);
    ok(pe_directory(&img, IMAGE_DIRECTORY_ENTRY_RESOURCE, NULL) == image + RVA_RSRC, "NULL size pointer");
    size = 123;
    ok(!pe_directory(&img, IMAGE_DIRECTORY_ENTRY_EXCEPTION, &size) && size == 0, "absent directory");
    ok(!pe_directory(&img, 16, &size), "index 16");
    ok(!pe_directory(&img, 0xffffffff, &size), "index -1");
    set_dir(IMAGE_DIRECTORY_ENTRY_SECURITY, 0x100, 0x10);
    ok(!pe_directory(&img, IMAGE_DIRECTORY_ENTRY_SECURITY, &size), "security directory is a file offset");
    set_dir(IMAGE_DIRECTORY_ENTRY_DEBUG, IMG_SIZE - 0x10, 0x11);
    ok(!pe_directory(&img, IMAGE_DIRECTORY_ENTRY_DEBUG, &size) && !size, "directory past the end");
    set_dir(IMAGE_DIRECTORY_ENTRY_DEBUG, IMG_SIZE - 0x10, 0x10);
    ok(pe_directory(&img, IMAGE_DIRECTORY_ENTRY_DEBUG, &size) == image + IMG_SIZE - 0x10,
       "directory at the end");
    nt_of(image)->OptionalHeader.NumberOfRvaAndSizes = 6;
    ok(!pe_directory(&img, IMAGE_DIRECTORY_ENTRY_DEBUG, &size), "directory past NumberOfRvaAndSizes");
    ok(pe_directory(&img, IMAGE_DIRECTORY_ENTRY_BASERELOC, &size) != NULL, "directory 5 of 6");
}

static void test_relocations(void)
{
    static _Alignas(8) BYTE saved[IMG_SIZE];
    const LONGLONG delta = 0x7ff000000000ll - (LONGLONG)IMAGE_BASE;

    build_image();
    check_err(pe_apply_relocations(&img, 0), PE_OK);
    check_err(pe_apply_relocations(&img, delta), PE_OK);
    ok(get64(RVA_TARGETS) == IMAGE_BASE + 0x1000 + delta, "DIR64 %#llx",
       (unsigned long long)get64(RVA_TARGETS));
    ok(get32(RVA_TARGETS + 8) == (DWORD)(0x40001000 + delta), "HIGHLOW %#x", get32(RVA_TARGETS + 8));
    ok(get64(RVA_TARGETS + 0x10) == IMAGE_BASE + 0x2000 + delta, "DIR64 2");
    ok(get64(0x1100) == IMAGE_BASE + 0x3000 + delta, "DIR64 in the second block");
    ok(get64(RVA_TARGETS + 0x18) == 0, "untouched");
    /* and back */
    check_err(pe_apply_relocations(&img, -delta), PE_OK);
    ok(get64(RVA_TARGETS) == IMAGE_BASE + 0x1000, "DIR64 back %#llx", (unsigned long long)get64(RVA_TARGETS));
    ok(get32(RVA_TARGETS + 8) == 0x40001000, "HIGHLOW back");

    /* HIGH and LOW */
    build_image();
    put16(RVA_RELOC + 14, IMAGE_REL_BASED_HIGH << 12 | 0x20);
    put16(RVA_RELOC + 26, IMAGE_REL_BASED_LOW << 12 | 0x30);
    put16(RVA_TARGETS + 0x20, 0x1234);
    put16(0x1030, 0x1234);
    check_err(pe_apply_relocations(&img, 0x56780010), PE_OK);
    ok(image[RVA_TARGETS + 0x20] == 0xac && image[RVA_TARGETS + 0x21] == 0x68, "HIGH");
    ok(image[0x1030] == 0x44 && image[0x1031] == 0x12, "LOW");

    /* trailing zero padding */
    build_image();
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, 28 + 12);
    check_err(pe_apply_relocations(&img, 0x10000), PE_OK);
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, 28 + 6);
    check_err(pe_apply_relocations(&img, 0x10000), PE_OK);
    image[RVA_RELOC + 28 + 3] = 1;
    check_err(pe_apply_relocations(&img, 0x10000), PE_ERR_BAD_RELOCS);

    /* an empty or absent directory relocates nothing; only RELOCS_STRIPPED forbids relocation */
    build_image();
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, 0);
    check_err(pe_apply_relocations(&img, 0x10000), PE_OK);
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, 0, 0);
    check_err(pe_apply_relocations(&img, 0x10000), PE_OK);
    ok(get64(RVA_TARGETS) == IMAGE_BASE + 0x1000, "applied without a directory");
    nt_of(image)->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
    check_err(pe_apply_relocations(&img, 0x10000), PE_ERR_NO_RELOCS);
    check_err(pe_apply_relocations(&img, 0), PE_OK);
    build_image();
    nt_of(image)->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
    check_err(pe_apply_relocations(&img, 0x10000), PE_ERR_NO_RELOCS);
    build_image();
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, IMG_SIZE);
    check_err(pe_apply_relocations(&img, 0x10000), PE_ERR_BAD_RELOCS);

    /* each bad second block: nothing at all may be applied */
    for (int c = 0; c < 8; c++) {
        build_image();
        switch (c) {
        case 0:
            put32(RVA_RELOC + 20, 4);
            break; /* block smaller than its header */
        case 1:
            put32(RVA_RELOC + 20, 13);
            break; /* odd size */
        case 2:
            put32(RVA_RELOC + 20, 0x100);
            break; /* past the directory */
        case 3:
            put16(RVA_RELOC + 24, 5 << 12 | 0x100);
            break; /* unknown type */
        case 4:
            put32(RVA_RELOC + 16, IMG_SIZE);
            break; /* page outside */
        case 5:
            put32(RVA_RELOC + 16, IMG_SIZE - 0x1000);
            put16(RVA_RELOC + 24, 0xafff);
            break; /* straddles end */
        case 6:
            put32(RVA_RELOC + 16, RVA_RELOC);
            put16(RVA_RELOC + 24, 0xa000);
            break; /* patches itself */
        case 7:
            put32(RVA_RELOC + 16, 0xfffff000);
            break; /* huge page */
        }
        memcpy(saved, image, IMG_SIZE);
        check_err(pe_apply_relocations(&img, 0x10000), PE_ERR_BAD_RELOCS);
        ok(!memcmp(saved, image, IMG_SIZE), "case %d: image modified by a failed relocation", c);
    }
    check_err(pe_apply_relocations(NULL, 1), PE_ERR_BAD_ARGUMENT);
}

struct export_seen {
    int count;
    char names[8][16];
    DWORD ordinals[8];
    int forwards;
    int stop_at;
};

static int export_cb(void *ctx, const char *name, const struct pe_export *exp)
{
    struct export_seen *s = ctx;
    if (s->count < 8) {
        snprintf(s->names[s->count], sizeof(s->names[0]), "%s", name ? name : "(none)");
        s->ordinals[s->count] = exp->ordinal;
    }
    if (exp->forward)
        s->forwards++;
    return ++s->count == s->stop_at;
}

static void test_exports(void)
{
    struct export_seen seen;
    struct pe_export exp;

    build_image();
    ok(pe_find_export(&img, "Alpha", 0, &exp) && exp.address == image + 0x1010 && !exp.forward &&
           exp.ordinal == 5,
       "Alpha with the right hint");
    ok(pe_find_export(&img, "Alpha", 3, &exp) && exp.address == image + 0x1010, "Alpha with a wrong hint");
    ok(pe_find_export(&img, "Beta", -1, &exp) && exp.address == image + 0x1020 && exp.ordinal == 6, "Beta");
    ok(pe_find_export(&img, "Gamma", 1000, &exp) && exp.address == image + 0x1030 && exp.ordinal == 9,
       "Gamma");
    ok(pe_find_export(&img, "Fwd", 2, &exp) && !exp.address && exp.forward &&
           !strcmp(exp.forward, "OTHER.Target") && exp.ordinal == 8,
       "forwarder");
    ok(!pe_find_export(&img, "Aardvark", 0, &exp), "before the first");
    ok(!pe_find_export(&img, "Zeta", 0, &exp), "after the last");
    ok(!pe_find_export(&img, "Betb", 1, &exp), "between");
    ok(!pe_find_export(&img, "alpha", 0, &exp), "names are case-sensitive");
    ok(!pe_find_export(&img, "", 0, &exp), "empty name");
    ok(!pe_find_export(&img, NULL, 0, &exp), "NULL name");

    ok(pe_find_export_ordinal(&img, 5, &exp) && exp.address == image + 0x1010, "ordinal 5");
    ok(!pe_find_export_ordinal(&img, 7, &exp), "ordinal 7 is an empty slot");
    ok(pe_find_export_ordinal(&img, 8, &exp) && exp.forward, "ordinal 8 forwards");
    ok(pe_find_export_ordinal(&img, 10, &exp) && exp.address == image + 0x1040 && exp.ordinal == 10,
       "unnamed ordinal 10");
    ok(!pe_find_export_ordinal(&img, 4, &exp), "ordinal below the base");
    ok(!pe_find_export_ordinal(&img, 11, &exp), "ordinal past the end");
    ok(!pe_find_export_ordinal(&img, 0xffffffff, &exp), "ordinal -1");

    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_OK);
    ok(seen.count == 5, "walked %d exports", seen.count);
    ok(!strcmp(seen.names[0], "Alpha") && !strcmp(seen.names[1], "Beta") && !strcmp(seen.names[2], "Fwd") &&
           !strcmp(seen.names[3], "Gamma") && !strcmp(seen.names[4], "(none)"),
       "names %s %s %s %s %s", seen.names[0], seen.names[1], seen.names[2], seen.names[3], seen.names[4]);
    ok(seen.ordinals[0] == 5 && seen.ordinals[2] == 8 && seen.ordinals[4] == 10, "ordinals");
    ok(seen.forwards == 1, "forwards %d", seen.forwards);
    memset(&seen, 0, sizeof(seen));
    seen.stop_at = 2;
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_OK);
    ok(seen.count == 2, "stopped after %d", seen.count);
    check_err(pe_walk_exports(&img, NULL, NULL), PE_ERR_BAD_ARGUMENT);

    /* no export directory */
    set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, 0, 0);
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_OK);
    ok(!seen.count && !pe_find_export(&img, "Alpha", 0, &exp) && !pe_find_export_ordinal(&img, 5, &exp),
       "none");

    /* a forwarder without a dot is invalid */
    build_image();
    putstr(RVA_EXPORT + 0x120, "NODOT");
    ok(!pe_find_export(&img, "Fwd", 2, &exp), "forwarder without a dot");
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_ERR_BAD_EXPORTS);
    /* an export directory too small for the forwarder string's terminator */
    build_image();
    set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, RVA_EXPORT, IMG_SIZE - RVA_EXPORT);
    put32(RVA_EXPORT + 0x40 + 3 * 4, IMG_SIZE - 4);
    memset(image + IMG_SIZE - 4, 'x', 4);
    ok(!pe_find_export(&img, "Fwd", 2, &exp), "unterminated forwarder");
    ok(pe_find_export(&img, "Alpha", 0, &exp), "others still found");

    /* malformed tables */
    for (int c = 0; c < 8; c++) {
        build_image();
        switch (c) {
        case 0:
            put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfFunctions), 0x40000000);
            break;
        case 1:
            put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfNames), 0x40000000);
            break;
        case 2:
            put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfFunctions), IMG_SIZE - 8);
            break;
        case 3:
            put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNameOrdinals), 0xfffffffe);
            break;
        case 4:
            put32(RVA_EXPORT + offsetof(IMAGE_EXPORT_DIRECTORY, Base), 0xfffffffe);
            break;
        case 5:
            set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, IMG_SIZE - 0x10, 0x10);
            break;
        case 6:
            set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, IMG_SIZE - 0x10, 0x11);
            break;
        case 7:
            set_dir(IMAGE_DIRECTORY_ENTRY_EXPORT, RVA_EXPORT, 0x20);
            break;
        }
        memset(&seen, 0, sizeof(seen));
        ok(!pe_find_export(&img, "Alpha", 0, &exp), "case %d: found", c);
        ok(!pe_find_export_ordinal(&img, 5, &exp), "case %d: found by ordinal", c);
        check_err(pe_walk_exports(&img, export_cb, &seen), PE_ERR_BAD_EXPORTS);
        ok(!seen.count, "case %d: callbacks before the error", c);
    }
    /* bad entries inside valid tables */
    build_image();
    put32(RVA_EXPORT + 0x60 + 4, 0xffffff00); /* Beta's name */
    ok(pe_find_export(&img, "Alpha", 0, &exp), "Alpha by hint despite a bad name elsewhere");
    ok(!pe_find_export(&img, "Beta", -1, &exp), "Beta's name is bad");
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_ERR_BAD_EXPORTS);
    ok(!seen.count, "callbacks before the error");
    build_image();
    put32(RVA_EXPORT + 0x40 + 4, IMG_SIZE); /* Beta's address */
    ok(!pe_find_export(&img, "Beta", 1, &exp), "address outside the image");
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_ERR_BAD_EXPORTS);
    build_image();
    put16(RVA_EXPORT + 0x80 + 2, 6); /* Beta's ordinal index */
    ok(!pe_find_export(&img, "Beta", 1, &exp), "ordinal index past NumberOfFunctions");
    check_err(pe_walk_exports(&img, export_cb, &seen), PE_ERR_BAD_EXPORTS);
}

struct import_seen {
    int dlls, funcs;
    char log[512];
    int stop_dll, stop_func;
    ULONGLONG *slots[8];
};

static int dll_cb(void *ctx, const char *dll)
{
    struct import_seen *s = ctx;
    size_t l = strlen(s->log);
    snprintf(s->log + l, sizeof(s->log) - l, "[%s]", dll);
    return ++s->dlls == s->stop_dll ? 7 : 0;
}

static int func_cb(void *ctx, const struct pe_import *imp)
{
    struct import_seen *s = ctx;
    size_t l = strlen(s->log);
    if (imp->name)
        snprintf(s->log + l, sizeof(s->log) - l, " %s:%s@%u", imp->dll, imp->name, imp->hint);
    else
        snprintf(s->log + l, sizeof(s->log) - l, " %s:#%u", imp->dll, imp->ordinal);
    if (s->funcs < 8)
        s->slots[s->funcs] = imp->slot;
    return ++s->funcs == s->stop_func ? 9 : 0;
}

static void test_imports(void)
{
    struct import_seen seen;
    int result;

    build_image();
    memset(&seen, 0, sizeof(seen));
    result = -1;
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(!strcmp(seen.log,
               "[KERNEL32.dll] KERNEL32.dll:ExitProcess@17 KERNEL32.dll:#42[msvcrt.dll] msvcrt.dll:printf@7"),
       "log %s", seen.log);
    ok(result == 0, "result %d", result);
    ok(seen.slots[0] == (ULONGLONG *)(image + RVA_IMPORT + 0xc0) &&
           seen.slots[1] == (ULONGLONG *)(image + RVA_IMPORT + 0xc8) &&
           seen.slots[2] == (ULONGLONG *)(image + RVA_IMPORT + 0xe0),
       "slots");

    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 1, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(!strcmp(seen.log, "[USER32.dll] USER32.dll:MessageBoxA@0 USER32.dll:#7"), "delay log %s", seen.log);
    ok(seen.slots[0] == (ULONGLONG *)(image + RVA_DELAY + 0x40) &&
           seen.slots[1] == (ULONGLONG *)(image + RVA_DELAY + 0x48),
       "delay slots");

    /* callbacks stop the walk */
    memset(&seen, 0, sizeof(seen));
    seen.stop_dll = 2;
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(result == 7 && seen.funcs == 2, "stopped at the second dll: %d %d", result, seen.funcs);
    memset(&seen, 0, sizeof(seen));
    seen.stop_func = 1;
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(result == 9 && seen.funcs == 1 && seen.dlls == 1, "stopped at the first function");
    /* either callback may be NULL, and so may cb_result */
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 0, NULL, func_cb, &seen, NULL), PE_OK);
    ok(seen.funcs == 3 && !seen.dlls, "func_cb only");
    check_err(pe_walk_imports(&img, 0, NULL, NULL, NULL, NULL), PE_OK);

    /* the IAT is filled while walking: with no lookup table, the walk reads entries before they change */
    build_image();
    put32(RVA_IMPORT + 0, 0);
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(!strcmp(seen.log,
               "[KERNEL32.dll] KERNEL32.dll:ExitProcess@17 KERNEL32.dll:#42[msvcrt.dll] msvcrt.dll:printf@7"),
       "log without OriginalFirstThunk %s", seen.log);

    /* GNU ld aligns the IAT to 4 bytes only */
    build_image();
    put32(RVA_IMPORT + 20 + 16, RVA_IMPORT + 0xe4);
    put64(RVA_IMPORT + 0xe4, RVA_IMPORT + 0x140);
    put32(RVA_IMPORT + 0xec, 0);
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(seen.funcs == 3 && seen.slots[2] == (ULONGLONG *)(image + RVA_IMPORT + 0xe4), "4-aligned IAT");
    pe_set_slot(seen.slots[2], 0x1122334455667788ull);
    ok(get64(RVA_IMPORT + 0xe4) == 0x1122334455667788ull, "pe_set_slot");

    /* no directory: nothing to do */
    set_dir(IMAGE_DIRECTORY_ENTRY_IMPORT, 0, 0);
    set_dir(IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT, 0, 0);
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    check_err(pe_walk_imports(&img, 1, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(!seen.dlls && !seen.funcs, "callbacks without imports");

    /* a descriptor without a name or IAT ends the table, as on Windows */
    build_image();
    put32(RVA_IMPORT + 20 + 16, 0);
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_imports(&img, 0, dll_cb, func_cb, &seen, &result), PE_OK);
    ok(seen.dlls == 1, "dlls %d", seen.dlls);

    for (int c = 0; c < 13; c++) {
        int delay = c >= 10;
        build_image();
        switch (c) {
        case 0:
            put32(RVA_IMPORT + 12, IMG_SIZE);
            break; /* dll name outside */
        case 1:
            put64(RVA_IMPORT + 0x88, 0x100000000ull | (RVA_IMPORT + 0x120));
            break; /* high bits set */
        case 2:
            put64(RVA_IMPORT + 0x88, IMG_SIZE - 1);
            break; /* hint past the end */
        case 3:
            memset(image + IMG_SIZE - 4, 'x', 4);
            put64(RVA_IMPORT + 0x88, IMG_SIZE - 4);
            break; /* unterminated */
        case 4:
            put32(RVA_IMPORT + 16, RVA_IMPORT + 0xc2);
            break; /* misaligned IAT */
        case 5:
            put32(RVA_IMPORT + 16, IMG_SIZE - 8);
            put32(RVA_IMPORT, 0);
            put64(IMG_SIZE - 8, 0x1234);
            break; /* runs off */
        case 6:
            put32(RVA_IMPORT, IMG_SIZE - 8);
            put64(IMG_SIZE - 8, RVA_IMPORT + 0x120);
            break; /* lookup runs off */
        case 7:    /* no terminating descriptor before the end of the image */
            set_dir(IMAGE_DIRECTORY_ENTRY_IMPORT, IMG_SIZE - 20, 20);
            memcpy(image + IMG_SIZE - 20, image + RVA_IMPORT, 20);
            break;
        case 8:
            set_dir(IMAGE_DIRECTORY_ENTRY_IMPORT, IMG_SIZE - 10, 20);
            break; /* directory outside */
        case 9:
            put32(RVA_IMPORT + 20 + 16, 0xfffffff8);
            break; /* second dll's IAT */
        case 10:
            put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ImportAddressTableRVA), 0);
            break;
        case 11:
            put32(RVA_DELAY + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, DllNameRVA), 0x80000000);
            break;
        case 12:
            put64(RVA_DELAY + 0x68, 0x7fffffff);
            break;
        }
        memset(&seen, 0, sizeof(seen));
        result = -1;
        check_err(pe_walk_imports(&img, delay, dll_cb, func_cb, &seen, &result), PE_ERR_BAD_IMPORTS);
        ok(!seen.dlls && !seen.funcs && !result, "case %d: callbacks before the error: %s", c, seen.log);
    }
    check_err(pe_walk_imports(NULL, 0, dll_cb, func_cb, &seen, &result), PE_ERR_BAD_ARGUMENT);
}

/* Names longer than 64 KiB are refused: it bounds the work a crafted image can cause. */
static void test_long_names(void)
{
    const size_t size = 0x20000;
    BYTE *big = aligned_alloc(4096, size);
    struct pe_image im;
    int dlls = 0;

    memset(big, 0, size);
    build_image();
    memcpy(big, image, HDR_SIZE);
    nt_of(big)->OptionalHeader.SizeOfImage = size;
    memset(nt_of(big)->OptionalHeader.DataDirectory, 0, sizeof(nt_of(big)->OptionalHeader.DataDirectory));
    nt_of(big)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress = 0x1000;
    nt_of(big)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].Size = 40;
    memcpy(big + 0x1000 + 12, &(DWORD){0x2000}, 4); /* Name */
    memcpy(big + 0x1000 + 16, &(DWORD){0x1100}, 4); /* FirstThunk: empty list */
    memset(big + 0x2000, 'a', 0xffff);
    check_err(pe_image_init(&im, big, size), PE_OK);
    check_err(pe_walk_imports(&im, 0, count_dll, NULL, &dlls, NULL), PE_OK);
    ok(dlls == 1, "dlls %d", dlls);
    big[0x2000 + 0xffff] = 'a';
    check_err(pe_walk_imports(&im, 0, count_dll, NULL, &dlls, NULL), PE_ERR_BAD_IMPORTS);
    ok(pe_rva_string(&im, 0x2000) != NULL, "pe_rva_string has no length limit");

    /* the work budget: many entries naming one long string */
    memset(big + 0x1000, 0, size - 0x1000);
    memcpy(big + 0x1000 + 12, &(DWORD){0x1800}, 4);  /* Name */
    memcpy(big + 0x1000 + 16, &(DWORD){0x12000}, 4); /* FirstThunk */
    strcpy((char *)big + 0x1800, "long.dll");
    memset(big + 0x2000, 'a', 60000); /* name at 0x2000, hint at 0x1ffe */
    for (int i = 0; i < 1000; i++)
        memcpy(big + 0x12000 + 8 * i, &(ULONGLONG){0x1ffe}, 8);
    dlls = 0;
    check_err(pe_walk_imports(&im, 0, count_dll, NULL, &dlls, NULL), PE_OK);
    for (int i = 1000; i < 1200; i++)
        memcpy(big + 0x12000 + 8 * i, &(ULONGLONG){0x1ffe}, 8);
    check_err(pe_walk_imports(&im, 0, count_dll, NULL, &dlls, NULL), PE_ERR_BAD_IMPORTS);
    ok(dlls == 1, "callbacks before the error: %d", dlls);
    free(big);
}

static void test_tls(void)
{
    struct pe_tls tls;

    build_image();
    check_err(pe_get_tls(&img, &tls), PE_OK);
    ok(tls.dir == (const IMAGE_TLS_DIRECTORY64 *)(image + RVA_TLS), "dir");
    ok(tls.template_start == va(RVA_TLS + 0x40) && tls.template_end == va(RVA_TLS + 0x50), "template");
    ok(tls.zero_fill == 0x20, "zero fill");
    ok(tls.index_va == va(RVA_TLS + 0x60), "index");
    ok(tls.callbacks_va == va(RVA_TLS + 0x70), "callbacks");

    /* all optional parts absent */
    memset(image + RVA_TLS, 0, sizeof(IMAGE_TLS_DIRECTORY64));
    check_err(pe_get_tls(&img, &tls), PE_OK);
    ok(tls.dir && !tls.index_va && !tls.callbacks_va && !tls.template_start, "empty TLS directory");

    set_dir(IMAGE_DIRECTORY_ENTRY_TLS, 0, 0);
    check_err(pe_get_tls(&img, &tls), PE_OK);
    ok(!tls.dir, "no TLS directory");

    for (int c = 0; c < 11; c++) {
        build_image();
        switch (c) {
        case 0:
            put64(RVA_TLS + 8, va(RVA_TLS + 0x30));
            break; /* end < start */
        case 1:
            put64(RVA_TLS + 8, va(IMG_SIZE + 1));
            break; /* end outside */
        case 2:
            put64(RVA_TLS, IMAGE_BASE + 0x2c40);
            break; /* unrelocated VA */
        case 3:
            put64(RVA_TLS + 16, va(IMG_SIZE - 2));
            break; /* index straddles the end */
        case 4:
            put64(RVA_TLS + 24, va(IMG_SIZE));
            break; /* callbacks outside */
        case 5:
            put64(IMG_SIZE - 8, va(0x1000));
            put64(RVA_TLS + 24, va(IMG_SIZE - 8));
            break; /* unterminated */
        case 6:
            put64(RVA_TLS + 0x78, 0x1060);
            break; /* callback is an RVA */
        case 7:
            set_dir(IMAGE_DIRECTORY_ENTRY_TLS, RVA_TLS + 4, 40);
            break; /* misaligned */
        case 8:
            set_dir(IMAGE_DIRECTORY_ENTRY_TLS, IMG_SIZE - 0x20, 0x20);
            break; /* too small */
        case 9:
            set_dir(IMAGE_DIRECTORY_ENTRY_TLS, IMG_SIZE - 0x20, 0x28);
            break; /* outside */
        case 10:
            put64(RVA_TLS, ~0ull);
            put64(RVA_TLS + 8, ~0ull);
            break;
        }
        check_err(pe_get_tls(&img, &tls), PE_ERR_BAD_TLS);
        ok(!tls.dir, "case %d: dir set on failure", c);
    }
    check_err(pe_get_tls(&img, NULL), PE_ERR_BAD_ARGUMENT);
}

#define ID(x) ((const WCHAR *)(uintptr_t)(x))

static const IMAGE_RESOURCE_DATA_ENTRY *de(int i)
{
    return (const IMAGE_RESOURCE_DATA_ENTRY *)(image + RVA_RSRC + RS_DE + 0x10 * i);
}

static void test_resources(void)
{
    build_image();
    ok(pe_find_resource(&img, ID(10), u"MYDATA", 0x407) == de(1), "MYDATA 0x407");
    ok(pe_find_resource(&img, ID(10), u"MYDATA", 0x409) == de(2), "MYDATA 0x409");
    ok(pe_find_resource(&img, ID(10), u"MYDATA", 0) == de(1), "MYDATA first language");
    ok(pe_find_resource(&img, ID(10), u"mYdAtA", 0x409) == de(2), "case-insensitive name");
    ok(!pe_find_resource(&img, ID(10), u"MYDATA", 0x40c), "missing language");
    ok(!pe_find_resource(&img, ID(10), u"MYDAT", 0), "prefix");
    ok(!pe_find_resource(&img, ID(10), u"MYDATAX", 0), "longer name");
    ok(!pe_find_resource(&img, ID(10), u"", 0), "empty name");
    ok(pe_find_resource(&img, ID(10), ID(5), 0x409) == de(3), "id 5");
    ok(!pe_find_resource(&img, ID(10), ID(6), 0), "id 6");
    ok(pe_find_resource(&img, u"custom", ID(1), 0) == de(0), "named type");
    ok(!pe_find_resource(&img, ID(11), ID(5), 0), "missing type");
    ok(!pe_find_resource(&img, u"CUSTOM", u"MYDATA", 0), "name under another type");
    ok(!pe_find_resource(&img, NULL, ID(1), 0), "type 0");

    for (int c = 0; c < 10; c++) {
        const WCHAR *type = ID(10), *name = u"MYDATA";
        build_image();
        switch (c) {
        case 0:
            put16(RVA_RSRC + RS_ROOT + 14, 0xffff);
            type = ID(11);
            break; /* entries past the end */
        case 1:
            put32(RVA_RSRC + RS_T_10 + 28, 0x80000000u | 0x7ffffff0);
            name = ID(5);
            break; /* subdir outside */
        case 2:
            put32(RVA_RSRC + RS_T_10 + 16, 0x80000000u | 0x7ffffff0);
            break; /* name string outside */
        case 3:
            put16(RVA_RSRC + RS_STR + 0x20, 0x7fff);
            break; /* name length too big */
        case 4:
            put32(RVA_RSRC + RS_N_MYDATA + 20, 0x7ffffff0);
            break; /* data entry outside */
        case 5:
            put32(RVA_RSRC + RS_DE + 0x10, IMG_SIZE - 2);
            break; /* data outside */
        case 6:
            put32(RVA_RSRC + RS_T_10 + 20, RS_N_MYDATA);
            break; /* leaf at level 2 */
        case 7:
            put32(RVA_RSRC + RS_N_MYDATA + 20, 0x80000000u | RS_ROOT);
            break; /* subdir at level 3 */
        case 8:
            put32(RVA_RSRC + RS_N_MYDATA + 20, RS_DE + 0x12);
            break; /* misaligned entry */
        case 9:
            set_dir(IMAGE_DIRECTORY_ENTRY_RESOURCE, IMG_SIZE - 8, 8);
            break; /* root cut */
        }
        ok(!pe_find_resource(&img, type, name, 0), "case %d: found", c);
    }
    /* a directory that points back at the root cannot loop: the depth is fixed */
    build_image();
    put32(RVA_RSRC + RS_T_10 + 28, 0x80000000u | RS_ROOT);
    ok(!pe_find_resource(&img, ID(10), ID(5), 0), "cycle");
    ok(!pe_find_resource(&img, ID(10), ID(5), 10), "cycle");
    set_dir(IMAGE_DIRECTORY_ENTRY_RESOURCE, 0, 0);
    ok(!pe_find_resource(&img, ID(10), u"MYDATA", 0), "no resources");
}

/* ---- real files given on the command line ---- */

struct export_counts {
    const struct pe_image *img;
    int total, forwards, unnamed, mismatches;
};

static int count_cb(void *ctx, const char *name, const struct pe_export *exp)
{
    struct export_counts *c = ctx;
    struct pe_export by_name, by_ordinal;

    c->total++;
    c->forwards += exp->forward != NULL;
    c->unnamed += !name;
    /* a linker sorts the names: every named export is found by binary search, and by its ordinal */
    if ((name && (!pe_find_export(c->img, name, -1, &by_name) || by_name.address != exp->address ||
                  by_name.forward != exp->forward)) ||
        !pe_find_export_ordinal(c->img, exp->ordinal, &by_ordinal) || by_ordinal.address != exp->address)
        c->mismatches++;
    return 0;
}

static int count_dll(void *ctx, const char *dll)
{
    ((int *)ctx)[0]++;
    return 0;
}

static int count_func(void *ctx, const struct pe_import *imp)
{
    ((int *)ctx)[1]++;
    return 0;
}

static void test_real_file(const char *path)
{
    struct pe_file pe;
    struct pe_image im;
    struct pe_tls tls;
    void *buf, *map;
    size_t size;
    struct export_counts exps = {0};
    int imports[2] = {0, 0}, delay[2] = {0, 0}, relocs_ok;
    enum pe_error err;
    FILE *f;
    long len;

    if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0) {
        ok(0, "cannot read %s", path);
        if (f)
            fclose(f);
        return;
    }
    size = (size_t)len;
    buf = malloc(size ? size : 1);
    rewind(f);
    if (fread(buf, 1, size, f) != size)
        ok(0, "short read on %s", path);
    fclose(f);

    err = pe_file_open(&pe, buf, size);
    ok(err == PE_OK, "%s: %s", path, pe_strerror(err));
    if (err) {
        free(buf);
        return;
    }
    size = pe.nt->OptionalHeader.SizeOfImage;
    map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(map != MAP_FAILED, "mmap");
    check_err(pe_file_layout(&pe, map, size), PE_OK);
    check_err(pe_image_init(&im, map, size), PE_OK);
    err = pe_apply_relocations(&im, (LONGLONG)((uintptr_t)map - pe.nt->OptionalHeader.ImageBase));
    relocs_ok = err == PE_OK;
    ok(err == PE_OK || err == PE_ERR_NO_RELOCS, "%s: relocations: %s", path, pe_strerror(err));
    exps.img = &im;
    check_err(pe_walk_exports(&im, count_cb, &exps), PE_OK);
    ok(!exps.mismatches, "%s: %d exports not found by name or ordinal", path, exps.mismatches);
    check_err(pe_walk_imports(&im, 0, count_dll, count_func, imports, NULL), PE_OK);
    check_err(pe_walk_imports(&im, 1, count_dll, count_func, delay, NULL), PE_OK);
    if (relocs_ok)
        check_err(pe_get_tls(&im, &tls), PE_OK);
    printf("%s: %u sections, %d exports (%d forwarded, %d by ordinal only), %d imports from %d dlls, %d "
           "delay imports from %d dlls%s%s\n",
           path, pe.nsections, exps.total, exps.forwards, exps.unnamed, imports[1], imports[0], delay[1],
           delay[0], pe_find_resource(&im, ID(16), ID(1), 0) ? ", version resource" : "",
           relocs_ok ? "" : ", not relocatable");
    munmap(map, size);
    free(buf);
}

/* ---- fuzzer seeds: `pe_test --write-seeds DIR` ---- */

static void write_seed(const char *dir, const char *name, const void *data, size_t size)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    ok((f = fopen(path, "wb")) != NULL, "cannot create %s", path);
    if (!f)
        return;
    ok(fwrite(data, 1, size, f) == size, "short write to %s", path);
    fclose(f);
}

/* The full image with FileAlignment == SectionAlignment, so that its file layout equals its memory layout
 * (the fuzzer's raw-image pass then sees valid directories too). TLS addresses are VAs at the preferred
 * base, covered by a third relocation block as a linker would emit. */
static void build_full_seed(void)
{
    static const DWORD tls_fields[] = {RVA_TLS,      RVA_TLS + 8,    RVA_TLS + 16,
                                       RVA_TLS + 24, RVA_TLS + 0x70, RVA_TLS + 0x78};
    IMAGE_SECTION_HEADER *sec;
    unsigned int i;

    build_image();
    nt_of(image)->OptionalHeader.FileAlignment = 0x1000;
    nt_of(image)->OptionalHeader.SizeOfHeaders = 0x1000;
    sec = sec_of(image);
    sec[0].PointerToRawData = sec[0].VirtualAddress;
    sec[1].PointerToRawData = sec[1].VirtualAddress;
    for (i = 0; i < 6; i++)
        put64(tls_fields[i], get64(tls_fields[i]) - va(0) + IMAGE_BASE);
    put32(RVA_RELOC + 28, RVA_TLS & ~0xfff);
    put32(RVA_RELOC + 32, 8 + 2 * 6);
    for (i = 0; i < 6; i++)
        put16(RVA_RELOC + 36 + 2 * i, IMAGE_REL_BASED_DIR64 << 12 | (tls_fields[i] & 0xfff));
    set_dir(IMAGE_DIRECTORY_ENTRY_BASERELOC, RVA_RELOC, 28 + 8 + 12);
}

/* What the loader does: open the file, lay it out elsewhere, relocate, then read TLS and link. */
static void test_load_flow(void)
{
    const ULONGLONG mbase = (ULONGLONG)(uintptr_t)mapped;
    struct export_seen seen;
    struct pe_image mimg;
    struct pe_file pe;
    struct pe_tls tls;
    struct pe_export exp;

    build_full_seed();
    check_err(pe_file_open(&pe, image, IMG_SIZE), PE_OK);
    memset(mapped, 0, sizeof(mapped));
    check_err(pe_file_layout(&pe, mapped, IMG_SIZE), PE_OK);
    check_err(pe_image_init(&mimg, mapped, IMG_SIZE), PE_OK);
    /* before relocation the TLS addresses point at the preferred base */
    check_err(pe_get_tls(&mimg, &tls), PE_ERR_BAD_TLS);
    check_err(pe_apply_relocations(&mimg, (LONGLONG)(mbase - IMAGE_BASE)), PE_OK);
    check_err(pe_get_tls(&mimg, &tls), PE_OK);
    ok(tls.template_start == mbase + RVA_TLS + 0x40 && tls.index_va == mbase + RVA_TLS + 0x60 &&
           tls.callbacks_va == mbase + RVA_TLS + 0x70,
       "relocated TLS %#llx", (unsigned long long)tls.template_start);
    ok(pe_find_export(&mimg, "Gamma", 3, &exp) && exp.address == mapped + 0x1030, "export after the move");
    memset(&seen, 0, sizeof(seen));
    check_err(pe_walk_exports(&mimg, export_cb, &seen), PE_OK);
    ok(seen.count == 5, "exports %d", seen.count);
}

static void write_seeds(const char *dir)
{
    static _Alignas(8) BYTE tiny[0x600];
    IMAGE_SECTION_HEADER *sec;
    struct pe_file pe;

    build_full_seed();
    check_err(pe_file_open(&pe, image, IMG_SIZE), PE_OK);
    write_seed(dir, "full.pe", image, IMG_SIZE);

    /* 2. a minimal low-alignment image: headers and two sections, no directories */
    build_file();
    memcpy(tiny, file, 0x200);
    nt_of(tiny)->OptionalHeader.SectionAlignment = 0x200;
    nt_of(tiny)->OptionalHeader.FileAlignment = 0x200;
    nt_of(tiny)->OptionalHeader.SizeOfHeaders = 0x200;
    nt_of(tiny)->OptionalHeader.SizeOfImage = 0x600;
    nt_of(tiny)->OptionalHeader.AddressOfEntryPoint = 0x200;
    memset(nt_of(tiny)->OptionalHeader.DataDirectory, 0, sizeof(nt_of(tiny)->OptionalHeader.DataDirectory));
    sec = sec_of(tiny);
    sec[0].VirtualAddress = sec[0].PointerToRawData = 0x200;
    sec[0].Misc.VirtualSize = sec[0].SizeOfRawData = 0x200;
    sec[1].VirtualAddress = sec[1].PointerToRawData = 0x400;
    sec[1].Misc.VirtualSize = sec[1].SizeOfRawData = 0x200;
    memset(tiny + 0x200, 0xc3, 0x200);
    check_err(pe_file_open(&pe, tiny, sizeof(tiny)), PE_OK);
    write_seed(dir, "tiny.pe", tiny, sizeof(tiny));
}

int main(int argc, char **argv)
{
    int i;

    if (argc == 3 && !strcmp(argv[1], "--write-seeds")) {
        write_seeds(argv[2]);
        printf("%d passed, %d failed\n", passed, failed);
        return failed != 0;
    }

    test_strerror();
    test_valid_file();
    test_truncation();
    test_dos_and_signature();
    test_machine_and_magic();
    test_optional_header();
    test_alignment();
    test_low_alignment();
    test_section_table();
    test_raw_data();
    test_directories_file();
    test_image_init_and_rva();
    test_relocations();
    test_exports();
    test_imports();
    test_long_names();
    test_tls();
    test_resources();
    test_load_flow();
    for (i = 1; i < argc; i++)
        test_real_file(argv[i]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
