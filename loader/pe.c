/*
 * The PE image library: validation and walking of PE32+ images (see docs/pe-loader.md).
 *
 * Everything here treats the image as hostile. The rules every function follows:
 * - offsets are added in 64-bit unsigned arithmetic (a DWORD plus a DWORD never wraps), and a range
 *   [off, off + len) is only read after off + len <= size has been checked;
 * - structures inside the image are read with memcpy (rd16/rd32/rd64), so a misaligned table in a
 *   crafted image costs nothing; typed pointers are only handed out after an alignment check;
 * - every loop is bounded by a count taken from the image and capped by the image size, or by a
 *   fixed depth, so no input can make it run forever.
 */
#include <stdint.h>
#include <string.h>

#include "pe.h"

#define OPT_DIRS_OFFSET offsetof(IMAGE_OPTIONAL_HEADER64, DataDirectory)
#define NT_FIXED_SIZE (offsetof(IMAGE_NT_HEADERS64, OptionalHeader))
#define PAGE_SIZE_MIN 0x1000

/* ordinals are 16-bit in imports and forwarders, so no export table can usefully hold more */
#define MAX_EXPORTS 0x10000u

static WORD rd16(const BYTE *p)
{
    WORD v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static DWORD rd32(const BYTE *p)
{
    DWORD v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static ULONGLONG rd64(const BYTE *p)
{
    ULONGLONG v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static int is_pow2(DWORD v)
{
    return v && !(v & (v - 1));
}

static uint64_t align_up(uint64_t v, DWORD align)
{
    return (v + align - 1) & ~(uint64_t)(align - 1);
}

/* [off, off + len) inside [0, size) without overflow */
static int in_range(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

const char *pe_strerror(enum pe_error err)
{
    switch (err) {
    case PE_OK:
        return "success";
    case PE_ERR_TOO_SMALL:
        return "file is truncated (headers extend past the end of the file)";
    case PE_ERR_NOT_MZ:
        return "not a PE file (no MZ signature)";
    case PE_ERR_BAD_LFANEW:
        return "not a PE file (e_lfanew points outside the file or is misaligned)";
    case PE_ERR_NOT_PE:
        return "not a PE file (no PE signature)";
    case PE_ERR_MACHINE_I386:
        return "32-bit (i386) images are not supported";
    case PE_ERR_MACHINE_ARM:
        return "ARM images are not supported";
    case PE_ERR_MACHINE_OTHER:
        return "unsupported machine type (only x86_64 images are supported)";
    case PE_ERR_NOT_PE32PLUS:
        return "not a PE32+ image (bad optional header magic)";
    case PE_ERR_BAD_OPTIONAL:
        return "invalid optional header (size, image base, image size or entry point)";
    case PE_ERR_BAD_ALIGNMENT:
        return "invalid section or file alignment";
    case PE_ERR_BAD_SECTIONS:
        return "section table extends past the end of the file";
    case PE_ERR_SECTION_OVERLAP:
        return "sections overlap";
    case PE_ERR_BAD_RAW_DATA:
        return "section data extends past the end of the file";
    case PE_ERR_BAD_DIRECTORY:
        return "a data directory lies outside the image";
    case PE_ERR_BAD_IMPORTS:
        return "malformed import directory";
    case PE_ERR_BAD_RELOCS:
        return "malformed base relocation directory";
    case PE_ERR_NO_RELOCS:
        return "image must be relocated but has no relocation data";
    case PE_ERR_BAD_EXPORTS:
        return "malformed export directory";
    case PE_ERR_BAD_TLS:
        return "malformed TLS directory";
    case PE_ERR_BAD_RESOURCES:
        return "malformed resource directory";
    case PE_ERR_BAD_HEADERS_SIZE:
        return "SizeOfHeaders does not cover the section table or exceeds the file";
    case PE_ERR_SECTION_OUTSIDE:
        return "a section lies outside SizeOfImage";
    case PE_ERR_SECTION_MISALIGNED:
        return "a section address is not a multiple of SectionAlignment";
    case PE_ERR_BAD_ARGUMENT:
        return "invalid argument (NULL or misaligned buffer)";
    }
    return "unknown PE error";
}

/* ---- headers ---- */

static enum pe_error machine_error(WORD machine)
{
    switch (machine) {
    case IMAGE_FILE_MACHINE_AMD64:
        return PE_OK;
    case IMAGE_FILE_MACHINE_I386:
        return PE_ERR_MACHINE_I386;
    case 0x01c0: /* ARM */
    case 0x01c2: /* THUMB */
    case IMAGE_FILE_MACHINE_ARMNT:
    case IMAGE_FILE_MACHINE_ARM64:
    case 0xa641: /* ARM64EC */
    case 0xa64e: /* ARM64X */
        return PE_ERR_MACHINE_ARM;
    }
    return PE_ERR_MACHINE_OTHER;
}

static unsigned int num_dirs(const IMAGE_NT_HEADERS64 *nt)
{
    DWORD n = nt->OptionalHeader.NumberOfRvaAndSizes;
    return n < IMAGE_NUMBEROF_DIRECTORY_ENTRIES ? n : IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
}

/* Checks shared by the file and the image view: signatures, machine, magic, optional header size.
 * On success *ntp points to headers of which all sizeof(IMAGE_NT_HEADERS64) bytes are inside `size`. */
static enum pe_error check_nt_headers(const BYTE *p, size_t size, const IMAGE_NT_HEADERS64 **ntp)
{
    const IMAGE_NT_HEADERS64 *nt;
    enum pe_error err;
    DWORD lfanew;

    if (size < 2)
        return PE_ERR_TOO_SMALL;
    if (rd16(p) != IMAGE_DOS_SIGNATURE)
        return PE_ERR_NOT_MZ;
    if (size < sizeof(IMAGE_DOS_HEADER))
        return PE_ERR_TOO_SMALL;
    lfanew = rd32(p + offsetof(IMAGE_DOS_HEADER, e_lfanew));
    if (!in_range(lfanew, 4, size))
        return PE_ERR_BAD_LFANEW;
    if (rd32(p + lfanew) != IMAGE_NT_SIGNATURE)
        return PE_ERR_NOT_PE;
    /* every linker writes an 8-aligned e_lfanew; requiring it keeps the exported struct pointers
     * properly aligned */
    if (lfanew % 8)
        return PE_ERR_BAD_LFANEW;
    if (!in_range(lfanew, NT_FIXED_SIZE, size))
        return PE_ERR_TOO_SMALL;
    if ((err = machine_error(rd16(p + lfanew + 4 + offsetof(IMAGE_FILE_HEADER, Machine)))))
        return err;
    if (!in_range(lfanew, NT_FIXED_SIZE + 2, size))
        return PE_ERR_TOO_SMALL;
    if (rd16(p + lfanew + NT_FIXED_SIZE) != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return PE_ERR_NOT_PE32PLUS;
    if (!in_range(lfanew, sizeof(IMAGE_NT_HEADERS64), size))
        return PE_ERR_TOO_SMALL;
    nt = (const IMAGE_NT_HEADERS64 *)(p + lfanew);
    /* the optional header must hold the directories it declares (at most 16 are used); a multiple
     * of 4 keeps the section table aligned */
    if (nt->FileHeader.SizeOfOptionalHeader < OPT_DIRS_OFFSET + num_dirs(nt) * sizeof(IMAGE_DATA_DIRECTORY) ||
        nt->FileHeader.SizeOfOptionalHeader % 4)
        return PE_ERR_BAD_OPTIONAL;
    *ntp = nt;
    return PE_OK;
}

DWORD pe_section_size(const IMAGE_SECTION_HEADER *sec)
{
    return sec->Misc.VirtualSize ? sec->Misc.VirtualSize : sec->SizeOfRawData;
}

DWORD pe_section_raw_size(const IMAGE_SECTION_HEADER *sec)
{
    DWORD vsize = pe_section_size(sec);
    if (!sec->PointerToRawData)
        return 0;
    return sec->SizeOfRawData < vsize ? sec->SizeOfRawData : vsize;
}

enum pe_error pe_file_open(struct pe_file *pe, const void *data, size_t size)
{
    const BYTE *p = data;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_OPTIONAL_HEADER64 *opt;
    const IMAGE_SECTION_HEADER *sec;
    uint64_t table, table_end, prev_end;
    unsigned int i, nsec;
    enum pe_error err;

    if (!pe)
        return PE_ERR_BAD_ARGUMENT;
    memset(pe, 0, sizeof(*pe));
    if ((!data && size) || ((uintptr_t)data & 7))
        return PE_ERR_BAD_ARGUMENT;
    if ((err = check_nt_headers(p, size, &nt)))
        return err;
    opt = &nt->OptionalHeader;

    if (!is_pow2(opt->SectionAlignment) || !is_pow2(opt->FileAlignment) ||
        opt->SectionAlignment < opt->FileAlignment)
        return PE_ERR_BAD_ALIGNMENT;
    /* below the page size, sections are mapped straight from the file (file offset == address) */
    if (opt->SectionAlignment < PAGE_SIZE_MIN && opt->FileAlignment != opt->SectionAlignment)
        return PE_ERR_BAD_ALIGNMENT;

    if (!opt->SizeOfImage || opt->ImageBase % 0x10000 || opt->ImageBase > UINT64_MAX - opt->SizeOfImage ||
        opt->AddressOfEntryPoint >= opt->SizeOfImage)
        return PE_ERR_BAD_OPTIONAL;

    nsec = nt->FileHeader.NumberOfSections;
    table = (uint64_t)((const BYTE *)nt - p) + NT_FIXED_SIZE + nt->FileHeader.SizeOfOptionalHeader;
    table_end = table + (uint64_t)nsec * sizeof(IMAGE_SECTION_HEADER);
    if (table_end > size)
        return PE_ERR_BAD_SECTIONS;
    if (opt->SizeOfHeaders < table_end || opt->SizeOfHeaders > size || opt->SizeOfHeaders > opt->SizeOfImage)
        return PE_ERR_BAD_HEADERS_SIZE;

    sec = (const IMAGE_SECTION_HEADER *)(p + table);
    prev_end = align_up(opt->SizeOfHeaders, opt->SectionAlignment);
    for (i = 0; i < nsec; i++) {
        uint64_t vsize = pe_section_size(&sec[i]);
        uint64_t raw = pe_section_raw_size(&sec[i]);

        if (sec[i].VirtualAddress % opt->SectionAlignment)
            return PE_ERR_SECTION_MISALIGNED;
        /* sections must be sorted and disjoint, and start after the headers */
        if (sec[i].VirtualAddress < prev_end)
            return PE_ERR_SECTION_OVERLAP;
        if (!in_range(sec[i].VirtualAddress, vsize, opt->SizeOfImage))
            return PE_ERR_SECTION_OUTSIDE;
        if (raw && !in_range(sec[i].PointerToRawData, raw, size))
            return PE_ERR_BAD_RAW_DATA;
        prev_end = sec[i].VirtualAddress + align_up(vsize, opt->SectionAlignment);
    }

    for (i = 0; i < num_dirs(nt); i++) {
        const IMAGE_DATA_DIRECTORY *dir = &opt->DataDirectory[i];
        /* the certificate table is addressed by file offset and is not mapped */
        if (i == IMAGE_DIRECTORY_ENTRY_SECURITY || !dir->VirtualAddress)
            continue;
        if (!in_range(dir->VirtualAddress, dir->Size, opt->SizeOfImage))
            return PE_ERR_BAD_DIRECTORY;
    }

    pe->data = p;
    pe->size = size;
    pe->nt = nt;
    pe->sections = sec;
    pe->nsections = nsec;
    return PE_OK;
}

enum pe_error pe_file_layout(const struct pe_file *pe, void *image, size_t size)
{
    BYTE *dst = image;
    unsigned int i;

    if (!pe || !pe->nt || !image)
        return PE_ERR_BAD_ARGUMENT;
    if (size < pe->nt->OptionalHeader.SizeOfImage)
        return PE_ERR_BAD_ARGUMENT;
    memcpy(dst, pe->data, pe->nt->OptionalHeader.SizeOfHeaders);
    for (i = 0; i < pe->nsections; i++) {
        const IMAGE_SECTION_HEADER *sec = &pe->sections[i];
        DWORD raw = pe_section_raw_size(sec);
        if (raw)
            memcpy(dst + sec->VirtualAddress, pe->data + sec->PointerToRawData, raw);
    }
    return PE_OK;
}

enum pe_error pe_image_init(struct pe_image *img, void *base, size_t size)
{
    const IMAGE_NT_HEADERS64 *nt;
    enum pe_error err;

    if (!img)
        return PE_ERR_BAD_ARGUMENT;
    memset(img, 0, sizeof(*img));
    if ((!base && size) || ((uintptr_t)base & 7))
        return PE_ERR_BAD_ARGUMENT;
    if ((err = check_nt_headers(base, size, &nt)))
        return err;
    img->base = base;
    /* the smaller of what the caller mapped and what the headers claim bounds every access */
    img->size = nt->OptionalHeader.SizeOfImage < size ? nt->OptionalHeader.SizeOfImage : size;
    img->nt = nt;
    return PE_OK;
}

void *pe_rva(const struct pe_image *img, DWORD rva, size_t len)
{
    if (!img || !img->base || !in_range(rva, len, img->size))
        return NULL;
    return img->base + rva;
}

const char *pe_rva_string(const struct pe_image *img, DWORD rva)
{
    const char *s;

    if (!img || !img->base || rva >= img->size)
        return NULL;
    s = (const char *)img->base + rva;
    return memchr(s, 0, img->size - rva) ? s : NULL;
}

/* 1: present and valid, 0: absent, -1: present but outside the image */
static int get_directory(const struct pe_image *img, unsigned int index, DWORD *rva, DWORD *size)
{
    const IMAGE_DATA_DIRECTORY *dir;

    *rva = *size = 0;
    if (!img || !img->nt || index >= num_dirs(img->nt) || index == IMAGE_DIRECTORY_ENTRY_SECURITY)
        return 0;
    dir = &img->nt->OptionalHeader.DataDirectory[index];
    if (!dir->VirtualAddress)
        return 0;
    if (!in_range(dir->VirtualAddress, dir->Size, img->size))
        return -1;
    *rva = dir->VirtualAddress;
    *size = dir->Size;
    return 1;
}

void *pe_directory(const struct pe_image *img, unsigned int index, DWORD *size)
{
    DWORD rva, len;

    if (get_directory(img, index, &rva, &len) <= 0) {
        if (size)
            *size = 0;
        return NULL;
    }
    if (size)
        *size = len;
    return img->base + rva;
}

/* [off, off + len) of the image, or NULL (the 64-bit length cannot be truncated on a 32-bit host) */
static const BYTE *image_range(const struct pe_image *img, uint64_t off, uint64_t len)
{
    if (!in_range(off, len, img->size))
        return NULL;
    return img->base + off;
}

/* Import, export and forwarder names: terminated within MAX_NAME bytes. The cap bounds the work a
 * crafted image can cause by pointing thousands of entries at one huge unterminated-looking string. */
#define MAX_NAME 0x10000u
static const char *image_name(const struct pe_image *img, uint64_t off)
{
    const char *s;
    uint64_t len;

    if (off >= img->size)
        return NULL;
    s = (const char *)img->base + off;
    len = img->size - off;
    return memchr(s, 0, len < MAX_NAME ? len : MAX_NAME) ? s : NULL;
}

/* The walks also have a work budget, counted in bytes of names read plus 16 per table entry. Real
 * images need well under 1 MiB; a crafted one that points every entry of a huge table at the same long
 * name would otherwise cost (entries * name length). Exhausting it is a malformed table. */
#define WALK_BUDGET (64u << 20)
static int charge(uint64_t *budget, const char *name)
{
    uint64_t cost = 16 + (name ? strlen(name) : 0);
    if (cost > *budget)
        return 0;
    *budget -= cost;
    return 1;
}

/* ---- base relocations ---- */

/* One pass over the relocation blocks. With apply == 0 it only validates; the apply pass checks every
 * bound again because nothing else guarantees the image did not change in between. */
static enum pe_error walk_relocs(struct pe_image *img, DWORD dir_rva, DWORD dir_size, ULONGLONG delta,
                                 int apply)
{
    const BYTE *dir = img->base + dir_rva;
    uint64_t pos = 0;

    while (pos < dir_size) {
        DWORD page, block_size, i, count;

        if (dir_size - pos < sizeof(IMAGE_BASE_RELOCATION)) {
            /* some linkers pad the directory with zeroes */
            for (; pos < dir_size; pos++)
                if (dir[pos])
                    return PE_ERR_BAD_RELOCS;
            break;
        }
        page = rd32(dir + pos);
        block_size = rd32(dir + pos + 4);
        if (!page && !block_size)
            break; /* zero padding ends the table */
        if (block_size < sizeof(IMAGE_BASE_RELOCATION) || block_size % 2 || block_size > dir_size - pos)
            return PE_ERR_BAD_RELOCS;
        if (page >= img->size)
            return PE_ERR_BAD_RELOCS;
        count = (block_size - sizeof(IMAGE_BASE_RELOCATION)) / 2;
        for (i = 0; i < count; i++) {
            WORD entry = rd16(dir + pos + sizeof(IMAGE_BASE_RELOCATION) + 2 * i);
            uint64_t target = (uint64_t)page + (entry & 0xfff);
            unsigned int width;
            BYTE *t;

            switch (entry >> 12) {
            case IMAGE_REL_BASED_ABSOLUTE:
                continue;
            case IMAGE_REL_BASED_HIGH:
            case IMAGE_REL_BASED_LOW:
                width = 2;
                break;
            case IMAGE_REL_BASED_HIGHLOW:
                width = 4;
                break;
            case IMAGE_REL_BASED_DIR64:
                width = 8;
                break;
            default:
                return PE_ERR_BAD_RELOCS;
            }
            if (!in_range(target, width, img->size))
                return PE_ERR_BAD_RELOCS;
            /* a fixup inside the relocation table would change it between validation and use */
            if (target < (uint64_t)dir_rva + dir_size && target + width > dir_rva)
                return PE_ERR_BAD_RELOCS;
            if (!apply)
                continue;
            t = img->base + target;
            switch (entry >> 12) {
            case IMAGE_REL_BASED_HIGH: {
                WORD v = rd16(t) + (WORD)(delta >> 16);
                memcpy(t, &v, 2);
                break;
            }
            case IMAGE_REL_BASED_LOW: {
                WORD v = rd16(t) + (WORD)delta;
                memcpy(t, &v, 2);
                break;
            }
            case IMAGE_REL_BASED_HIGHLOW: {
                DWORD v = rd32(t) + (DWORD)delta;
                memcpy(t, &v, 4);
                break;
            }
            case IMAGE_REL_BASED_DIR64: {
                ULONGLONG v = rd64(t) + delta;
                memcpy(t, &v, 8);
                break;
            }
            }
        }
        pos += block_size;
    }
    return PE_OK;
}

enum pe_error pe_apply_relocations(struct pe_image *img, LONGLONG delta)
{
    DWORD rva, size;
    enum pe_error err;
    int present;

    if (!img || !img->nt)
        return PE_ERR_BAD_ARGUMENT;
    if (!delta)
        return PE_OK;
    /* as on Windows, only the RELOCS_STRIPPED flag makes an image unrelocatable; an image without a
     * relocation directory simply has nothing to fix up (many DLLs hold no absolute address) */
    if (img->nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED)
        return PE_ERR_NO_RELOCS;
    present = get_directory(img, IMAGE_DIRECTORY_ENTRY_BASERELOC, &rva, &size);
    if (present <= 0)
        return present ? PE_ERR_BAD_RELOCS : PE_OK;
    if ((err = walk_relocs(img, rva, size, (ULONGLONG)delta, 0)))
        return err;
    return walk_relocs(img, rva, size, (ULONGLONG)delta, 1);
}

/* ---- exports ---- */

struct export_table {
    DWORD dir_rva, dir_size;
    DWORD base, nfuncs, nnames;
    const BYTE *funcs, *names, *ordinals;
};

/* 1: valid table, 0: no export directory, -1: malformed */
static int get_exports(const struct pe_image *img, struct export_table *et)
{
    const BYTE *dir;
    DWORD funcs, names, ords;
    int present;

    memset(et, 0, sizeof(*et));
    present = get_directory(img, IMAGE_DIRECTORY_ENTRY_EXPORT, &et->dir_rva, &et->dir_size);
    if (present <= 0)
        return present;
    if (et->dir_size < sizeof(IMAGE_EXPORT_DIRECTORY) || !(dir = image_range(img, et->dir_rva, et->dir_size)))
        return -1;
    et->base = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, Base));
    et->nfuncs = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfFunctions));
    et->nnames = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, NumberOfNames));
    funcs = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfFunctions));
    names = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNames));
    ords = rd32(dir + offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNameOrdinals));
    if ((uint64_t)et->base + et->nfuncs > 0xffffffffu + (uint64_t)1)
        return -1;
    if (et->nfuncs && !(et->funcs = image_range(img, funcs, (uint64_t)et->nfuncs * 4)))
        return -1;
    if (et->nnames && (!(et->names = image_range(img, names, (uint64_t)et->nnames * 4)) ||
                       !(et->ordinals = image_range(img, ords, (uint64_t)et->nnames * 2))))
        return -1;
    return 1;
}

/* Fills *out for function index `idx`: 1 exported, 0 empty slot, -1 malformed. */
static int make_export(const struct pe_image *img, const struct export_table *et, DWORD idx,
                       struct pe_export *out)
{
    DWORD rva;

    if (idx >= et->nfuncs)
        return -1;
    rva = rd32(et->funcs + (uint64_t)idx * 4);
    if (!rva)
        return 0;
    memset(out, 0, sizeof(*out));
    out->ordinal = et->base + idx;
    if (rva >= et->dir_rva && rva - et->dir_rva < et->dir_size) {
        const char *fwd = image_name(img, rva);
        if (!fwd || !strchr(fwd, '.') || fwd[0] == '.')
            return -1;
        out->forward = fwd;
        return 1;
    }
    if (rva >= img->size)
        return -1;
    out->address = img->base + rva;
    return 1;
}

static int name_matches(const struct pe_image *img, const struct export_table *et, DWORD i, const char *name,
                        int *cmp)
{
    const char *s = image_name(img, rd32(et->names + (uint64_t)i * 4));
    if (!s)
        return -1;
    *cmp = strcmp(name, s);
    return 0;
}

int pe_find_export(const struct pe_image *img, const char *name, int hint, struct pe_export *out)
{
    struct export_table et;
    DWORD lo, hi;
    int cmp;

    if (!name || !out || get_exports(img, &et) <= 0 || !et.nnames)
        return 0;
    if (hint >= 0 && (DWORD)hint < et.nnames && !name_matches(img, &et, (DWORD)hint, name, &cmp) && !cmp)
        return make_export(img, &et, rd16(et.ordinals + (uint64_t)hint * 2), out) > 0;
    lo = 0;
    hi = et.nnames;
    while (lo < hi) {
        DWORD mid = lo + (hi - lo) / 2;
        if (name_matches(img, &et, mid, name, &cmp))
            return 0;
        if (!cmp)
            return make_export(img, &et, rd16(et.ordinals + (uint64_t)mid * 2), out) > 0;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

int pe_find_export_ordinal(const struct pe_image *img, DWORD ordinal, struct pe_export *out)
{
    struct export_table et;

    if (!out || get_exports(img, &et) <= 0 || ordinal < et.base || ordinal - et.base >= et.nfuncs)
        return 0;
    return make_export(img, &et, ordinal - et.base, out) > 0;
}

#define WALK_WINDOW 2048

enum pe_error pe_walk_exports(const struct pe_image *img,
                              int (*cb)(void *ctx, const char *name, const struct pe_export *exp), void *ctx)
{
    DWORD name_of[WALK_WINDOW];
    uint64_t budget = WALK_BUDGET;
    struct export_table et;
    DWORD start, i;
    int r;

    if (!cb)
        return PE_ERR_BAD_ARGUMENT;
    if ((r = get_exports(img, &et)) <= 0)
        return r ? PE_ERR_BAD_EXPORTS : PE_OK;
    if (et.nfuncs > MAX_EXPORTS || et.nnames > MAX_EXPORTS)
        return PE_ERR_BAD_EXPORTS;
    /* validate everything before the first callback */
    for (i = 0; i < et.nnames; i++) {
        const char *name = image_name(img, rd32(et.names + (uint64_t)i * 4));
        if (!name || !charge(&budget, name))
            return PE_ERR_BAD_EXPORTS;
        if (rd16(et.ordinals + (uint64_t)i * 2) >= et.nfuncs)
            return PE_ERR_BAD_EXPORTS;
    }
    for (i = 0; i < et.nfuncs; i++) {
        struct pe_export exp;
        r = make_export(img, &et, i, &exp);
        if (r < 0 || (r > 0 && !charge(&budget, exp.forward)))
            return PE_ERR_BAD_EXPORTS;
    }
    /* name the functions window by window: no allocation, at most 32 passes over the names */
    for (start = 0; start < et.nfuncs; start += WALK_WINDOW) {
        DWORD end = et.nfuncs - start < WALK_WINDOW ? et.nfuncs : start + WALK_WINDOW;
        for (i = 0; i < end - start; i++)
            name_of[i] = 0xffffffff;
        for (i = 0; i < et.nnames; i++) {
            WORD idx = rd16(et.ordinals + (uint64_t)i * 2);
            if (idx >= start && idx < end && name_of[idx - start] == 0xffffffff)
                name_of[idx - start] = i;
        }
        for (i = start; i < end; i++) {
            struct pe_export exp;
            const char *name = NULL;
            if (make_export(img, &et, i, &exp) <= 0)
                continue;
            if (name_of[i - start] != 0xffffffff)
                name = image_name(img, rd32(et.names + (uint64_t)name_of[i - start] * 4));
            if (cb(ctx, name, &exp))
                return PE_OK;
        }
    }
    return PE_OK;
}

/* ---- imports ---- */

/* One pass over the import (or delay-load) descriptors; callbacks are only made when `call` is set.
 * The second pass re-checks every bound: callbacks write IAT slots, which a crafted image may alias
 * with its own descriptors. Returns PE_OK and sets *stop when a callback asked to stop. */
static enum pe_error walk_imports(const struct pe_image *img, int delay, int call,
                                  int (*dll_cb)(void *ctx, const char *dll),
                                  int (*func_cb)(void *ctx, const struct pe_import *imp), void *ctx,
                                  int *stop)
{
    const size_t desc_size = delay ? sizeof(IMAGE_DELAYLOAD_DESCRIPTOR) : sizeof(IMAGE_IMPORT_DESCRIPTOR);
    uint64_t budget = WALK_BUDGET;
    DWORD dir_rva, dir_size;
    uint64_t pos;
    int present;

    present = get_directory(img, delay ? IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT : IMAGE_DIRECTORY_ENTRY_IMPORT,
                            &dir_rva, &dir_size);
    if (present <= 0)
        return present ? PE_ERR_BAD_IMPORTS : PE_OK;

    /* the table ends at a terminator, not at the directory size (which linkers get wrong);
     * every step moves forward through the image, so the loop ends */
    for (pos = dir_rva;; pos += desc_size) {
        DWORD name_rva, lookup, iat;
        struct pe_import imp;
        const BYTE *d;
        uint64_t j;

        if (!in_range(pos, desc_size, img->size))
            return PE_ERR_BAD_IMPORTS;
        d = img->base + pos;
        if (delay) {
            name_rva = rd32(d + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, DllNameRVA));
            iat = rd32(d + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ImportAddressTableRVA));
            lookup = rd32(d + offsetof(IMAGE_DELAYLOAD_DESCRIPTOR, ImportNameTableRVA));
            if (!name_rva)
                break;
        } else {
            name_rva = rd32(d + offsetof(IMAGE_IMPORT_DESCRIPTOR, Name));
            iat = rd32(d + offsetof(IMAGE_IMPORT_DESCRIPTOR, FirstThunk));
            lookup = rd32(d + offsetof(IMAGE_IMPORT_DESCRIPTOR, OriginalFirstThunk));
            /* the Windows loader stops at the first descriptor without a name or an IAT */
            if (!name_rva || !iat)
                break;
        }
        if (!lookup)
            lookup = iat;
        memset(&imp, 0, sizeof(imp));
        if (!(imp.dll = image_name(img, name_rva)) || !charge(&budget, imp.dll))
            return PE_ERR_BAD_IMPORTS;
        /* GNU ld aligns .idata to 4 only, so IAT slots may be 4-byte aligned (see pe_set_slot) */
        if (!iat || iat % 4)
            return PE_ERR_BAD_IMPORTS;
        if (call && dll_cb && (*stop = dll_cb(ctx, imp.dll)))
            return PE_OK;

        for (j = 0;; j++) {
            uint64_t lookup_off = (uint64_t)lookup + j * 8, slot_off = (uint64_t)iat + j * 8;
            const BYTE *entry;
            ULONGLONG v;

            if (!in_range(lookup_off, 8, img->size) || !in_range(slot_off, 8, img->size))
                return PE_ERR_BAD_IMPORTS;
            entry = img->base + lookup_off;
            v = rd64(entry);
            if (!v)
                break;
            imp.slot = (ULONGLONG *)(img->base + slot_off);
            if (IMAGE_SNAP_BY_ORDINAL64(v)) {
                imp.name = NULL;
                imp.hint = 0;
                imp.ordinal = IMAGE_ORDINAL64(v);
            } else {
                const BYTE *hn;
                /* bits 31-62 must be zero: a name RVA is 31 bits */
                if (v > 0x7fffffffu || !(hn = image_range(img, v, 2)))
                    return PE_ERR_BAD_IMPORTS;
                imp.hint = rd16(hn);
                imp.ordinal = 0;
                if (!(imp.name = image_name(img, v + 2)))
                    return PE_ERR_BAD_IMPORTS;
            }
            if (!charge(&budget, imp.name))
                return PE_ERR_BAD_IMPORTS;
            if (call && func_cb && (*stop = func_cb(ctx, &imp)))
                return PE_OK;
        }
    }
    return PE_OK;
}

enum pe_error pe_walk_imports(const struct pe_image *img, int delay,
                              int (*dll_cb)(void *ctx, const char *dll),
                              int (*func_cb)(void *ctx, const struct pe_import *imp), void *ctx,
                              int *cb_result)
{
    enum pe_error err;
    int stop = 0;

    if (cb_result)
        *cb_result = 0;
    if (!img || !img->nt)
        return PE_ERR_BAD_ARGUMENT;
    if ((err = walk_imports(img, delay, 0, NULL, NULL, NULL, &stop)))
        return err;
    err = walk_imports(img, delay, 1, dll_cb, func_cb, ctx, &stop);
    if (cb_result)
        *cb_result = stop;
    return err;
}

/* ---- TLS ---- */

/* VA -> offset in the image: 1 if [va, va + len) is inside it */
static int va_in_image(const struct pe_image *img, ULONGLONG va, uint64_t len, uint64_t *off)
{
    ULONGLONG base = (ULONGLONG)(uintptr_t)img->base;
    if (va < base || !in_range(va - base, len, img->size))
        return 0;
    *off = va - base;
    return 1;
}

enum pe_error pe_get_tls(const struct pe_image *img, struct pe_tls *tls)
{
    const IMAGE_TLS_DIRECTORY64 *dir;
    DWORD rva, size;
    uint64_t off, i;
    int present;

    if (!tls)
        return PE_ERR_BAD_ARGUMENT;
    memset(tls, 0, sizeof(*tls));
    if (!img || !img->nt)
        return PE_ERR_BAD_ARGUMENT;
    present = get_directory(img, IMAGE_DIRECTORY_ENTRY_TLS, &rva, &size);
    if (present <= 0)
        return present ? PE_ERR_BAD_TLS : PE_OK;
    if (rva % 8 || !(dir = (const IMAGE_TLS_DIRECTORY64 *)image_range(img, rva, sizeof(*dir))))
        return PE_ERR_BAD_TLS;

    if (dir->StartAddressOfRawData || dir->EndAddressOfRawData) {
        if (dir->EndAddressOfRawData < dir->StartAddressOfRawData ||
            !va_in_image(img, dir->StartAddressOfRawData,
                         dir->EndAddressOfRawData - dir->StartAddressOfRawData, &off))
            return PE_ERR_BAD_TLS;
    }
    if (dir->AddressOfIndex && !va_in_image(img, dir->AddressOfIndex, sizeof(DWORD), &off))
        return PE_ERR_BAD_TLS;
    if (dir->AddressOfCallBacks) {
        if (!va_in_image(img, dir->AddressOfCallBacks, 8, &off))
            return PE_ERR_BAD_TLS;
        /* the array must be terminated inside the image, and each callback point into it */
        for (i = off;; i += 8) {
            ULONGLONG cb;
            uint64_t cb_off;
            if (!in_range(i, 8, img->size))
                return PE_ERR_BAD_TLS;
            if (!(cb = rd64(img->base + i)))
                break;
            if (!va_in_image(img, cb, 1, &cb_off))
                return PE_ERR_BAD_TLS;
        }
    }
    tls->dir = dir;
    tls->template_start = dir->StartAddressOfRawData;
    tls->template_end = dir->EndAddressOfRawData;
    tls->zero_fill = dir->SizeOfZeroFill;
    tls->index_va = dir->AddressOfIndex;
    tls->callbacks_va = dir->AddressOfCallBacks;
    return PE_OK;
}

/* ---- resources ---- */

#define RES_ENTRY_SUBDIR 0x80000000u
#define RES_NAME_IS_STRING 0x80000000u

static int is_int_resource(const WCHAR *p)
{
    return ((uintptr_t)p >> 16) == 0;
}

static WCHAR ascii_upper(WCHAR c)
{
    return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
}

/* Compares the IMAGE_RESOURCE_DIR_STRING_U at root + off with `name`. */
static int res_name_equal(const struct pe_image *img, DWORD root, DWORD off, const WCHAR *name)
{
    const BYTE *s;
    WORD len, i;

    if (!in_range((uint64_t)root + off, 2, img->size))
        return 0;
    s = img->base + root + (uint64_t)off;
    len = rd16(s);
    if (!in_range((uint64_t)root + off + 2, (uint64_t)len * 2, img->size))
        return 0;
    for (i = 0; i < len; i++) {
        if (!name[i] || ascii_upper(rd16(s + 2 + 2 * (uint64_t)i)) != ascii_upper(name[i]))
            return 0;
    }
    return name[len] == 0;
}

/* Finds `key` in the directory at root + dir_off; returns the entry's OffsetToData or -1. */
static int64_t res_lookup(const struct pe_image *img, DWORD root, uint64_t dir_off, const WCHAR *key,
                          int first)
{
    uint64_t dir = (uint64_t)root + dir_off, count, i;
    const BYTE *d;
    WORD named, ids;

    if (!in_range(dir, sizeof(IMAGE_RESOURCE_DIRECTORY), img->size))
        return -1;
    d = img->base + dir;
    named = rd16(d + offsetof(IMAGE_RESOURCE_DIRECTORY, NumberOfNamedEntries));
    ids = rd16(d + offsetof(IMAGE_RESOURCE_DIRECTORY, NumberOfIdEntries));
    count = (uint64_t)named + ids;
    if (!in_range(dir + sizeof(IMAGE_RESOURCE_DIRECTORY), count * sizeof(IMAGE_RESOURCE_DIRECTORY_ENTRY),
                  img->size))
        return -1;
    d += sizeof(IMAGE_RESOURCE_DIRECTORY);
    /* linear, not binary search: a few hundred entries at most in practice, and an unsorted table
     * in a crafted image then cannot hide entries */
    for (i = 0; i < count; i++) {
        DWORD name = rd32(d + i * 8), data = rd32(d + i * 8 + 4);
        if (first)
            return data;
        if (is_int_resource(key)) {
            if (!(name & RES_NAME_IS_STRING) && name == (DWORD)(uintptr_t)key)
                return data;
        } else if (name & RES_NAME_IS_STRING) {
            if (res_name_equal(img, root, name & ~RES_NAME_IS_STRING, key))
                return data;
        }
    }
    return -1;
}

const IMAGE_RESOURCE_DATA_ENTRY *pe_find_resource(const struct pe_image *img, const WCHAR *type,
                                                  const WCHAR *name, WORD lang)
{
    const IMAGE_RESOURCE_DATA_ENTRY *entry;
    DWORD root, size;
    int64_t off;

    if (!img || !img->nt || get_directory(img, IMAGE_DIRECTORY_ENTRY_RESOURCE, &root, &size) <= 0)
        return NULL;
    /* type -> name -> language: three levels, the first two must be subdirectories, the last a leaf */
    if ((off = res_lookup(img, root, 0, type, 0)) < 0 || !(off & RES_ENTRY_SUBDIR))
        return NULL;
    if ((off = res_lookup(img, root, off & ~RES_ENTRY_SUBDIR, name, 0)) < 0 || !(off & RES_ENTRY_SUBDIR))
        return NULL;
    off = res_lookup(img, root, off & ~RES_ENTRY_SUBDIR, (const WCHAR *)(uintptr_t)lang, !lang);
    if (off < 0 || (off & RES_ENTRY_SUBDIR))
        return NULL;
    if (((uint64_t)root + off) % 4 || !in_range((uint64_t)root + off, sizeof(*entry), img->size))
        return NULL;
    entry = (const IMAGE_RESOURCE_DATA_ENTRY *)(img->base + root + off);
    if (!in_range(entry->OffsetToData, entry->Size, img->size))
        return NULL;
    return entry;
}
