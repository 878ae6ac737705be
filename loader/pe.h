/*
 * The PE image library: pure functions that validate and walk PE32+ images. No I/O, no allocation,
 * no global state: the loader in ntdll, the launcher, the unit tests and the fuzzer all use it.
 * Every function treats its input as untrusted and checks each offset before reading.
 */
#ifndef ORIEL_LOADER_PE_H
#define ORIEL_LOADER_PE_H

#include <stddef.h>
#include <windef.h>
#include <winnt.h>

enum pe_error {
    PE_OK = 0,
    PE_ERR_TOO_SMALL,     /* shorter than a DOS header / headers cut short */
    PE_ERR_NOT_MZ,        /* no MZ signature: not an executable */
    PE_ERR_BAD_LFANEW,    /* e_lfanew points outside the file */
    PE_ERR_NOT_PE,        /* no PE\0\0 signature (DOS or NE/LE executable) */
    PE_ERR_MACHINE_I386,  /* a 32-bit x86 image (not supported yet) */
    PE_ERR_MACHINE_ARM,   /* ARM or ARM64 image */
    PE_ERR_MACHINE_OTHER, /* another machine type */
    PE_ERR_NOT_PE32PLUS,  /* optional header magic is not PE32+ */
    PE_ERR_BAD_OPTIONAL,  /* optional header size/fields inconsistent */
    PE_ERR_BAD_ALIGNMENT, /* section/file alignment invalid */
    PE_ERR_BAD_SECTIONS,  /* section table past the end of the headers/file, or a section outside the image */
    PE_ERR_SECTION_OVERLAP, /* two sections overlap in memory */
    PE_ERR_BAD_RAW_DATA,    /* a section's raw data lies past the end of the file */
    PE_ERR_BAD_DIRECTORY,   /* a data directory lies outside the image */
    PE_ERR_BAD_IMPORTS,     /* malformed import directory */
    PE_ERR_BAD_RELOCS,      /* malformed base relocation directory */
    PE_ERR_NO_RELOCS,       /* image must be relocated but has no relocation data (RELOCS_STRIPPED) */
    PE_ERR_BAD_EXPORTS,     /* malformed export directory */
    PE_ERR_BAD_TLS,         /* malformed TLS directory */
    PE_ERR_BAD_RESOURCES,   /* malformed resource directory */
    /* added by the PE library (appended so existing values keep their numbers) */
    PE_ERR_BAD_HEADERS_SIZE,   /* SizeOfHeaders does not cover the section table or exceeds file/image */
    PE_ERR_SECTION_OUTSIDE,    /* a section's memory range lies outside SizeOfImage */
    PE_ERR_SECTION_MISALIGNED, /* a section's VirtualAddress is not a multiple of SectionAlignment */
    PE_ERR_BAD_ARGUMENT,       /* NULL pointer, or a buffer that is not 8-byte aligned */
};

/* One line, lower case, no trailing period: "not a PE file (no PE signature)". */
const char *pe_strerror(enum pe_error err);

/* A validated PE32+ file in its file layout (as read from disk). */
struct pe_file {
    const BYTE *data;
    size_t size;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_SECTION_HEADER *sections;
    unsigned int nsections;
};

/* Validates DOS header, NT headers, optional header, section table (inside the file and inside
 * SizeOfHeaders), sections (aligned, inside SizeOfImage, no overlap, raw data inside the file) and
 * data directories (inside SizeOfImage). Only x86_64 PE32+ passes. `data` must be 8-byte aligned (mmap and
 * malloc memory is). The exact rules and messages are in docs/pe-loader.md. */
enum pe_error pe_file_open(struct pe_file *pe, const void *data, size_t size);

/* Size in memory of a section of a file accepted by pe_file_open: VirtualSize, or SizeOfRawData when
 * VirtualSize is 0. VirtualAddress + this is <= SizeOfImage. */
DWORD pe_section_size(const IMAGE_SECTION_HEADER *sec);

/* Bytes of a section's raw data that a loader copies from PointerToRawData: min(SizeOfRawData,
 * pe_section_size()), 0 when PointerToRawData is 0. Validated by pe_file_open to lie inside the file. */
DWORD pe_section_raw_size(const IMAGE_SECTION_HEADER *sec);

/* Lays a validated file out the way the loader maps it: copies SizeOfHeaders bytes of headers and each
 * section's raw data to image + VirtualAddress. `image` must be zero-filled (fresh anonymous memory)
 * and `size` >= SizeOfImage. */
enum pe_error pe_file_layout(const struct pe_file *pe, void *image, size_t size);

/* A PE image laid out in memory (a mapped exe/DLL, or the header of a builtin module). */
struct pe_image {
    BYTE *base;
    size_t size; /* bytes valid from base (SizeOfImage) */
    const IMAGE_NT_HEADERS64 *nt;
};

/* Checks the in-memory headers of a mapped image of `size` bytes (`base` 8-byte aligned). Directories are
 * checked when used, against min(size, SizeOfImage), which becomes img->size. */
enum pe_error pe_image_init(struct pe_image *img, void *base, size_t size);

/* Pointer to [rva, rva + len) inside the image, or NULL when any part of it is outside. */
void *pe_rva(const struct pe_image *img, DWORD rva, size_t len);

/* NUL-terminated string at rva inside the image, or NULL when it runs past the end. */
const char *pe_rva_string(const struct pe_image *img, DWORD rva);

/* Data directory `index`: returns its pointer (validated to lie inside the image) and size, or NULL
 * when absent (VirtualAddress 0) or invalid. */
void *pe_directory(const struct pe_image *img, unsigned int index, DWORD *size);

/* Applies base relocations to an image linked for (img->base - delta), i.e. delta = actual base - ImageBase:
 * adds delta to every DIR64/HIGHLOW (and HIGH/LOW) target. Validates every block first; on error nothing is
 * half-applied. delta 0 or no relocation directory: PE_OK; RELOCS_STRIPPED with delta != 0: PE_ERR_NO_RELOCS.
 * OptionalHeader.ImageBase is left to the caller. */
enum pe_error pe_apply_relocations(struct pe_image *img, LONGLONG delta);

/* ---- exports ---- */
struct pe_export {
    void *address;       /* set for a normal export */
    const char *forward; /* "DLL.Name" or "DLL.#12" for a forwarder, else NULL */
    DWORD ordinal;       /* biased ordinal */
};

/* Looks an export up by name (tries `hint` as an index into the name table first, then binary search);
 * returns 1 when found, 0 when not. */
int pe_find_export(const struct pe_image *img, const char *name, int hint, struct pe_export *out);
/* By biased ordinal (as written in an import by ordinal, or after "#" in a forwarder). */
int pe_find_export_ordinal(const struct pe_image *img, DWORD ordinal, struct pe_export *out);
/* Walks all exports in ordinal order (name may be NULL). Stops when cb returns non-zero. */
enum pe_error pe_walk_exports(const struct pe_image *img,
                              int (*cb)(void *ctx, const char *name, const struct pe_export *exp), void *ctx);

/* ---- imports (normal and delay-load) ---- */
struct pe_import {
    const char *dll;  /* as written in the image, e.g. "KERNEL32.dll" */
    const char *name; /* NULL for an import by ordinal */
    WORD hint;
    WORD ordinal;    /* valid when name is NULL */
    ULONGLONG *slot; /* the IAT entry to fill: may be only 4-byte aligned, store with pe_set_slot() */
};

/* Stores an address in an IAT slot (GNU ld aligns import tables to 4 bytes only). */
static inline void pe_set_slot(ULONGLONG *slot, ULONGLONG value)
{
    __builtin_memcpy(slot, &value, sizeof(value));
}

/* Calls dll_cb once per imported DLL (in directory order) and then func_cb for each function of that
 * DLL. A callback returning non-zero stops the walk and its value is returned in *cb_result.
 * `delay` selects the delay-load directory instead of the import directory. */
enum pe_error pe_walk_imports(const struct pe_image *img, int delay,
                              int (*dll_cb)(void *ctx, const char *dll),
                              int (*func_cb)(void *ctx, const struct pe_import *imp), void *ctx,
                              int *cb_result);

/* ---- TLS ---- */
struct pe_tls {
    const IMAGE_TLS_DIRECTORY64 *dir;       /* addresses in it are virtual addresses (after relocation) */
    ULONGLONG template_start, template_end; /* VA range of the initial data */
    DWORD zero_fill;
    ULONGLONG index_va;     /* VA of the DWORD that receives the TLS index (0 if none) */
    ULONGLONG callbacks_va; /* VA of the NULL-terminated callback array (0 if none) */
};
/* Returns PE_OK with dir == NULL when the image has no TLS directory. VAs are checked to lie inside
 * the image mapped at img->base. */
enum pe_error pe_get_tls(const struct pe_image *img, struct pe_tls *tls);

/* ---- resources ---- */
/* Finds the data entry for type/name/language. Each of type, name is either an integer id (<= 0xffff,
 * passed as (const WCHAR *)(ULONG_PTR)id) or a NUL-terminated upper-case-insensitive UTF-16 name.
 * lang 0 picks the first language. Returns the data entry or NULL. */
const IMAGE_RESOURCE_DATA_ENTRY *pe_find_resource(const struct pe_image *img, const WCHAR *type,
                                                  const WCHAR *name, WORD lang);

#endif /* ORIEL_LOADER_PE_H */
