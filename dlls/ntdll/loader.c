/*
 * The module loader: maps PE32+ images, loads builtin modules (ELF NAME.dll.so carrying an in-memory
 * PE header), resolves imports, keeps the PEB loader lists, static TLS and DllMain notifications.
 * The design is described in docs/loader.md; all PE parsing goes through loader/pe.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"
#include "../../loader/pe.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(module);
ORIEL_DECLARE_DEBUG_CHANNEL(loaddll);
ORIEL_DECLARE_DEBUG_CHANNEL(loadlibrary);

#pragma weak relay_setup_module

extern const IMAGE_DOS_HEADER __oriel_pe_header; /* ntdll's own header (generated from ntdll.spec) */

typedef BOOL(WINAPI *dll_entry_func)(HINSTANCE, DWORD, LPVOID);
typedef DWORD(WINAPI *exe_entry_func)(PEB *);

struct module {
    LDR_DATA_TABLE_ENTRY ldr; /* first: the LDR entry pointer is the module pointer */
    struct pe_image img;
    void *dl_handle; /* builtin: the dlopen handle */
    void *elf_base;  /* builtin: where its ELF object is mapped (dladdr's dli_fbase) */
    size_t map_size; /* native: bytes mapped at map_base */
    void *map_base;
    int builtin;
    int tls_index;  /* static TLS slot, -1 if none */
    int init_state; /* 0 not initialised, 1 in progress, 2 attached */
    int pinned;     /* loaded at process start or pinned: never unloaded */
    int refcount;
    int no_thread_calls;
    struct module **deps;
    unsigned int ndeps, deps_max;
};

static PEB_LDR_DATA ldr_data;
static pthread_mutex_t loader_lock;
static const struct oriel_start_params *start_params;
static struct module *exe_module;
static char *app_dir;      /* host directory of the program */
static char *system32_dir; /* host path of C:\windows\system32 in the prefix */
static int check_mode;     /* --check-imports: record unresolved imports instead of binding stubs */
static int process_starting = 1;
static char **missing_list;
static unsigned int missing_count, missing_max;

/* ---- small string helpers ---- */

/* ---- module list ---- */

/* a module may not be on every list yet (InInitializationOrder): removing it from one it is not on is
 * a no-op */
static void list_remove_if_linked(LIST_ENTRY *entry)
{
    if (entry->Flink && entry->Flink != entry)
        ntdll_list_remove(entry);
}

static struct module *find_module_by_base_name(const WCHAR *name, size_t len)
{
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        if (!ldr_wcsicmp_n(m->ldr.BaseDllName.Buffer, m->ldr.BaseDllName.Length / 2, name, len))
            return m;
    }
    return NULL;
}

static struct module *find_module_by_full_name(const WCHAR *name, size_t len)
{
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        if (!ldr_wcsicmp_n(m->ldr.FullDllName.Buffer, m->ldr.FullDllName.Length / 2, name, len))
            return m;
    }
    return NULL;
}

static struct module *find_module_by_handle(HMODULE handle)
{
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        if (m->ldr.DllBase == handle)
            return m;
    }
    return NULL;
}

static struct module *find_module_by_address(const void *addr)
{
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        const BYTE *base = m->ldr.DllBase;
        if ((const BYTE *)addr >= base && (const BYTE *)addr < base + m->ldr.SizeOfImage)
            return m;
    }
    /* A builtin's code lives in its ELF object, outside the range its PE header describes. */
    Dl_info info;
    if (!dladdr(addr, &info) || !info.dli_fbase)
        return NULL;
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        if (m->builtin && m->elf_base == info.dli_fbase)
            return m;
    }
    return NULL;
}

static void *elf_base_of(const void *addr)
{
    Dl_info info;
    return dladdr(addr, &info) ? info.dli_fbase : NULL;
}

static void add_dependency(struct module *m, struct module *dep)
{
    if (m == dep)
        return;
    for (unsigned int i = 0; i < m->ndeps; i++)
        if (m->deps[i] == dep) {
            /* the extra reference taken by the caller is not needed */
            if (!dep->pinned && dep->refcount > 1)
                dep->refcount--;
            return;
        }
    if (m->ndeps == m->deps_max) {
        unsigned int max = m->deps_max ? m->deps_max * 2 : 8;
        struct module **deps = realloc(m->deps, max * sizeof(*deps));
        if (!deps)
            return;
        m->deps = deps;
        m->deps_max = max;
    }
    m->deps[m->ndeps++] = dep;
}

/* Creates the LDR entry and links it into the load and memory order lists. */
static struct module *register_module(void *base, const struct pe_image *img, const WCHAR *full_name)
{
    struct module *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    const IMAGE_NT_HEADERS64 *nt = img->nt;
    size_t len = NTDLL_wcslen(full_name);
    WCHAR *full = malloc((len + 1) * sizeof(WCHAR));
    if (!full) {
        free(m);
        return NULL;
    }
    memcpy(full, full_name, (len + 1) * sizeof(WCHAR));
    size_t start = len;
    while (start && full[start - 1] != '\\' && full[start - 1] != '/')
        start--;

    m->img = *img;
    m->tls_index = -1;
    m->refcount = 1;
    m->ldr.DllBase = base;
    m->ldr.SizeOfImage = nt->OptionalHeader.SizeOfImage;
    m->ldr.EntryPoint =
        nt->OptionalHeader.AddressOfEntryPoint ? (BYTE *)base + nt->OptionalHeader.AddressOfEntryPoint : NULL;
    m->ldr.FullDllName.Buffer = full;
    m->ldr.FullDllName.Length = len * sizeof(WCHAR);
    m->ldr.FullDllName.MaximumLength = (len + 1) * sizeof(WCHAR);
    m->ldr.BaseDllName.Buffer = full + start;
    m->ldr.BaseDllName.Length = (len - start) * sizeof(WCHAR);
    m->ldr.BaseDllName.MaximumLength = (len - start + 1) * sizeof(WCHAR);
    m->ldr.Flags = (nt->FileHeader.Characteristics & IMAGE_FILE_DLL) ? LDR_IMAGE_IS_DLL : 0;
    m->ldr.LoadCount = 1;
    m->ldr.TimeDateStamp = nt->FileHeader.TimeDateStamp;
    m->ldr.HashLinks.Flink = m->ldr.HashLinks.Blink = &m->ldr.HashLinks;
    m->ldr.InInitializationOrderLinks.Flink = m->ldr.InInitializationOrderLinks.Blink =
        &m->ldr.InInitializationOrderLinks;
    ntdll_list_add_tail(&ldr_data.InLoadOrderModuleList, &m->ldr.InLoadOrderLinks);
    ntdll_list_add_tail(&ldr_data.InMemoryOrderModuleList, &m->ldr.InMemoryOrderLinks);
    return m;
}

static void unregister_module(struct module *m)
{
    list_remove_if_linked(&m->ldr.InLoadOrderLinks);
    list_remove_if_linked(&m->ldr.InMemoryOrderLinks);
    list_remove_if_linked(&m->ldr.InInitializationOrderLinks);
    free(m->ldr.FullDllName.Buffer);
    free(m->deps);
    free(m);
}

/* ---- static TLS ---- */

struct tls_template {
    ULONGLONG start, end;
    DWORD zero_fill;
    struct module *module;
};
static struct tls_template *tls_templates;
static unsigned int tls_count, tls_max;

/* A thread's ThreadLocalStoragePointer array is preceded by its capacity. */
static void **tls_array_grow(TEB *teb, unsigned int needed)
{
    void **array = teb->ThreadLocalStoragePointer;
    size_t cap = array ? (size_t)array[-1] : 0;
    if (cap >= needed)
        return array;
    size_t new_cap = needed < 16 ? 16 : needed * 2;
    void **block = calloc(new_cap + 1, sizeof(void *));
    if (!block)
        return NULL;
    block[0] = (void *)new_cap;
    if (array)
        memcpy(block + 1, array, cap * sizeof(void *));
    /* Publish the new array before dropping the old one; the old one is kept (another thread may be
     * reading it through gs:0x58 right now). */
    teb->ThreadLocalStoragePointer = block + 1;
    return block + 1;
}

static void *tls_alloc_block(const struct tls_template *t)
{
    size_t data = t->end - t->start;
    BYTE *block = calloc(1, data + t->zero_fill + 16);
    if (block && data)
        memcpy(block, (void *)(ULONG_PTR)t->start, data);
    return block;
}

static void tls_fill_thread(TEB *teb, void *ctx)
{
    unsigned int index = (unsigned int)(ULONG_PTR)ctx;
    void **array = tls_array_grow(teb, tls_count);
    if (array && !array[index])
        array[index] = tls_alloc_block(&tls_templates[index]);
}

/* Gives the module a static TLS slot and a block in every running thread. */
static NTSTATUS tls_init_module(struct module *m)
{
    struct pe_tls tls;
    enum pe_error err = pe_get_tls(&m->img, &tls);
    if (err != PE_OK)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (!tls.dir)
        return STATUS_SUCCESS;
    if (tls_count == tls_max) {
        unsigned int max = tls_max ? tls_max * 2 : 8;
        struct tls_template *t = realloc(tls_templates, max * sizeof(*t));
        if (!t)
            return STATUS_NO_MEMORY;
        tls_templates = t;
        tls_max = max;
    }
    unsigned int index = tls_count++;
    tls_templates[index].start = tls.template_start;
    tls_templates[index].end = tls.template_end;
    tls_templates[index].zero_fill = tls.zero_fill;
    tls_templates[index].module = m;
    m->tls_index = index;
    m->ldr.TlsIndex = 0xffff; /* Windows marks modules with static TLS this way */
    if (tls.index_va)
        *(DWORD *)(ULONG_PTR)tls.index_va = index;
    thread_for_each_teb(tls_fill_thread, (void *)(ULONG_PTR)index);
    TRACE("%s: TLS index %u\n", debugstr_us(&m->ldr.BaseDllName), index);
    return STATUS_SUCCESS;
}

static void call_tls_callbacks(struct module *m, DWORD reason)
{
    struct pe_tls tls;
    if (m->tls_index < 0 || pe_get_tls(&m->img, &tls) != PE_OK || !tls.callbacks_va)
        return;
    /* The array may be filled at run time by the image itself: re-read it each time. */
    for (PIMAGE_TLS_CALLBACK *cb = (PIMAGE_TLS_CALLBACK *)(ULONG_PTR)tls.callbacks_va; *cb; cb++) {
        if (!pe_rva(&m->img, (DWORD)((BYTE *)cb - (BYTE *)m->ldr.DllBase), sizeof(*cb)))
            break;
        TRACE("%s: TLS callback %p(%u)\n", debugstr_us(&m->ldr.BaseDllName), (void *)*cb, reason);
        (*cb)(m->ldr.DllBase, reason, NULL);
    }
}

/* The module's base name for messages shown to the user (static buffer: error paths only). */
static const char *module_name(const struct module *m)
{
    static char buf[MAX_PATH * 3];
    char *utf8 = ldr_wide_to_utf8(m->ldr.BaseDllName.Buffer, m->ldr.BaseDllName.Length / sizeof(WCHAR));
    snprintf(buf, sizeof(buf), "%s", utf8 ? utf8 : "?");
    free(utf8);
    return buf;
}

/* ---- unresolved imports ---- */

static void record_missing(const char *dll, const char *name, WORD ordinal)
{
    char *line =
        strdup(name ? oriel_dbg_sprintf("%s!%s", dll, name) : oriel_dbg_sprintf("%s!#%u", dll, ordinal));
    if (!line)
        return;
    for (unsigned int i = 0; i < missing_count; i++)
        if (!strcasecmp(missing_list[i], line)) {
            free(line);
            return;
        }
    if (missing_count == missing_max) {
        missing_max = missing_max ? missing_max * 2 : 32;
        missing_list = realloc(missing_list, missing_max * sizeof(*missing_list));
    }
    missing_list[missing_count++] = line;
}

static void WINAPI unimplemented_import(const char *what)
{
    fflush(NULL);
    fprintf(stderr, "oriel: unimplemented import %s called\n", what);
    /* a normal exit, so that the CRT's DLL_PROCESS_DETACH flushes what the program printed so far */
    RtlExitUserProcess(STATUS_ENTRYPOINT_NOT_FOUND);
}

/* Each stub is: mov rcx, name; mov rax, unimplemented_import; jmp rax (32 bytes). */
static void *make_import_stub(const char *dll, const char *name, WORD ordinal)
{
    static BYTE *page;
    static size_t used, size;
    char *what =
        strdup(name ? oriel_dbg_sprintf("%s!%s", dll, name) : oriel_dbg_sprintf("%s!#%u", dll, ordinal));
    long pagesize = sysconf(_SC_PAGESIZE);

    if (!page || used + 32 > size) {
        size = pagesize;
        page = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) {
            page = NULL;
            return NULL;
        }
        used = 0;
    } else
        mprotect(page, size, PROT_READ | PROT_WRITE);
    BYTE *code = page + used;
    ULONG_PTR arg = (ULONG_PTR)what, func = (ULONG_PTR)unimplemented_import;
    code[0] = 0x48, code[1] = 0xb9; /* mov rcx, imm64 */
    memcpy(code + 2, &arg, 8);
    code[10] = 0x48, code[11] = 0xb8; /* mov rax, imm64 */
    memcpy(code + 12, &func, 8);
    code[20] = 0xff, code[21] = 0xe0; /* jmp rax */
    used += 32;
    mprotect(page, size, PROT_READ | PROT_EXEC);
    return code;
}

/* ---- mapping native images ---- */

static DWORD section_protection(DWORD characteristics)
{
    int prot = 0;
    if (characteristics & IMAGE_SCN_MEM_READ)
        prot |= PROT_READ;
    if (characteristics & IMAGE_SCN_MEM_WRITE)
        prot |= PROT_READ | PROT_WRITE; /* copy-on-write sections are private here anyway */
    if (characteristics & IMAGE_SCN_MEM_EXECUTE)
        prot |= PROT_EXEC | PROT_READ;
    return prot;
}

static void protect_sections(struct module *m)
{
    const IMAGE_NT_HEADERS64 *nt = m->img.nt;
    long page = sysconf(_SC_PAGESIZE);
    BYTE *base = m->ldr.DllBase;

    if (nt->OptionalHeader.SectionAlignment < (DWORD)page) {
        /* Sections share pages: keep the whole image accessible, as Windows maps it as one view. */
        mprotect(base, m->map_size, PROT_READ | PROT_WRITE | PROT_EXEC);
        return;
    }
    /* The image is mapped read-write: apply each protection once per run of adjacent ranges that
     * share it, and leave read-write runs alone (a mingw exe has a score of sections, and every
     * mprotect splits a mapping). */
    size_t run_start = 0, run_end = nt->OptionalHeader.SizeOfHeaders
                                        ? (nt->OptionalHeader.SizeOfHeaders + page - 1) & ~(page - 1)
                                        : (size_t)page;
    int run_prot = PROT_READ;
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    for (unsigned int i = 0; i <= nt->FileHeader.NumberOfSections; i++) {
        size_t start = 0, len = 0;
        int prot = 0;
        if (i < nt->FileHeader.NumberOfSections) {
            DWORD vsize = sec[i].Misc.VirtualSize ? sec[i].Misc.VirtualSize : sec[i].SizeOfRawData;
            len = (vsize + page - 1) & ~(page - 1);
            if (!len)
                continue;
            start = sec[i].VirtualAddress;
            prot = section_protection(sec[i].Characteristics);
            if (start == run_end && prot == run_prot) {
                run_end = start + len;
                continue;
            }
        }
        if (run_end > run_start && run_prot != (PROT_READ | PROT_WRITE))
            mprotect(base + run_start, run_end - run_start, run_prot);
        run_start = start;
        run_end = start + len;
        run_prot = prot;
    }
}

/* Maps the PE file in its image layout (relocated when it cannot get its base); not registered. */
static NTSTATUS map_pe_image(const char *unix_path, struct pe_image *out_img, void **out_map_base,
                             size_t *out_map_size)
{
    struct stat st;
    struct pe_file pe;
    int fd = open(unix_path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return STATUS_DLL_NOT_FOUND;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !st.st_size) {
        close(fd);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    void *file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (file == MAP_FAILED)
        return STATUS_NO_MEMORY;
    enum pe_error err = pe_file_open(&pe, file, st.st_size);
    if (err != PE_OK) {
        WARN("%s: %s\n", unix_path, pe_strerror(err));
        munmap(file, st.st_size);
        return err == PE_ERR_MACHINE_I386 || err == PE_ERR_MACHINE_ARM || err == PE_ERR_MACHINE_OTHER
                   ? STATUS_INVALID_IMAGE_FORMAT
                   : STATUS_INVALID_IMAGE_FORMAT;
    }
    const IMAGE_OPTIONAL_HEADER64 *opt = &pe.nt->OptionalHeader;
    size_t size = opt->SizeOfImage;
    ULONG_PTR preferred = opt->ImageBase;
    const IMAGE_DATA_DIRECTORY *reloc_dir = opt->NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_BASERELOC
                                                ? &opt->DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
                                                : NULL;
    int relocatable = !(pe.nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED) && reloc_dir &&
                      reloc_dir->VirtualAddress && reloc_dir->Size;

    BYTE *base = mmap((void *)preferred, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (base != MAP_FAILED && base != (BYTE *)preferred) {
        munmap(base, size); /* an old kernel ignored MAP_FIXED_NOREPLACE */
        base = MAP_FAILED;
    }
    void *map_base = base;
    size_t map_size = size;
    if (base == MAP_FAILED) {
        if (!relocatable) {
            fprintf(stderr, "oriel: %s: the address %#lx is in use and the image has no relocations\n",
                    unix_path, (unsigned long)preferred);
            munmap(file, st.st_size);
            return STATUS_CONFLICTING_ADDRESSES;
        }
        /* Anywhere else, aligned to the 64 KiB allocation granularity like Windows. */
        map_size = size + 0x10000;
        map_base = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map_base == MAP_FAILED) {
            munmap(file, st.st_size);
            return STATUS_NO_MEMORY;
        }
        base = (BYTE *)(((ULONG_PTR)map_base + 0xffff) & ~(ULONG_PTR)0xffff);
    }

    memcpy(base, file, opt->SizeOfHeaders < st.st_size ? opt->SizeOfHeaders : st.st_size);
    for (unsigned int i = 0; i < pe.nsections; i++) {
        const IMAGE_SECTION_HEADER *sec = &pe.sections[i];
        DWORD raw = sec->SizeOfRawData;
        if (sec->Misc.VirtualSize && raw > sec->Misc.VirtualSize)
            raw = sec->Misc.VirtualSize;
        if (raw && sec->PointerToRawData)
            memcpy(base + sec->VirtualAddress, (const BYTE *)file + sec->PointerToRawData, raw);
    }
    munmap(file, st.st_size);

    struct pe_image img;
    err = pe_image_init(&img, base, size);
    if (err == PE_OK && base != (BYTE *)preferred) {
        err = pe_apply_relocations(&img, (LONGLONG)((ULONG_PTR)base - preferred));
        if (err == PE_OK)
            ((IMAGE_NT_HEADERS64 *)img.nt)->OptionalHeader.ImageBase = (ULONG_PTR)base;
    }
    if (err != PE_OK) {
        WARN("%s: %s\n", unix_path, pe_strerror(err));
        munmap(map_base, map_size);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    *out_img = img;
    *out_map_base = map_base;
    *out_map_size = map_size;
    return STATUS_SUCCESS;
}

static NTSTATUS map_image(const char *unix_path, const WCHAR *dos_name, struct module **out)
{
    struct pe_image img;
    void *map_base;
    size_t map_size;
    NTSTATUS status = map_pe_image(unix_path, &img, &map_base, &map_size);
    if (status)
        return status;
    BYTE *base = img.base;
    struct module *m = register_module(base, &img, dos_name);
    if (!m) {
        munmap(map_base, map_size);
        return STATUS_NO_MEMORY;
    }
    m->map_base = map_base;
    m->map_size = map_size;
    status = tls_init_module(m);
    if (status) {
        unregister_module(m);
        munmap(map_base, map_size);
        return status;
    }
    TRACE_(loaddll, "loaded native %s at %p (%s)\n", debugstr_w(dos_name), base, unix_path);
    *out = m;
    return STATUS_SUCCESS;
}

/* ---- images loaded as data (LoadLibraryEx with LOAD_LIBRARY_AS_DATAFILE / AS_IMAGE_RESOURCE) ---- */

/* Mapped read-only in image layout, not in the module lists, no imports, no DllMain; the handle is
 * the base with the low bits Windows uses to mark such modules (1 data file, 2 image resource). */
struct datafile {
    struct datafile *next;
    struct pe_image img;
    void *map_base;
    size_t map_size;
    ULONG_PTR handle;
};
static struct datafile *datafiles;

static NTSTATUS map_datafile(const char *unix_path, ULONG_PTR tag, HMODULE *handle)
{
    struct datafile *df = calloc(1, sizeof(*df));
    if (!df)
        return STATUS_NO_MEMORY;
    NTSTATUS status = map_pe_image(unix_path, &df->img, &df->map_base, &df->map_size);
    if (status) {
        free(df);
        return status;
    }
    mprotect(df->map_base, df->map_size, PROT_READ);
    df->handle = (ULONG_PTR)df->img.base | tag;
    df->next = datafiles;
    datafiles = df;
    *handle = (HMODULE)df->handle;
    TRACE_(loaddll, "loaded %s as data at %p\n", unix_path, (void *)df->img.base);
    return STATUS_SUCCESS;
}

static struct datafile **find_datafile(HMODULE handle)
{
    for (struct datafile **p = &datafiles; *p; p = &(*p)->next)
        if ((*p)->handle == (ULONG_PTR)handle)
            return p;
    return NULL;
}

/* ---- builtin modules ---- */

static NTSTATUS load_dll_ex(struct module *importer, const WCHAR *name, ULONG_PTR datafile_tag,
                            struct module **out, HMODULE *datafile);
static NTSTATUS load_dll(struct module *importer, const WCHAR *name, struct module **out)
{
    return load_dll_ex(importer, name, 0, out, NULL);
}

/* A builtin's ELF dependencies on other builtins become its module dependencies, so they are in
 * the loader lists and initialised first. */
static void add_builtin_dependencies(struct module *m)
{
    struct link_map *lm;
    if (dlinfo(m->dl_handle, RTLD_DI_LINKMAP, &lm) || !lm || !lm->l_ld)
        return;
    const char *strtab = NULL;
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++)
        if (d->d_tag == DT_STRTAB) {
            ULONG_PTR ptr = d->d_un.d_ptr;
            /* glibc relocates the dynamic section in place on x86_64, other loaders may not */
            strtab = (const char *)(ptr < lm->l_addr ? ptr + lm->l_addr : ptr);
        }
    if (!strtab)
        return;
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++) {
        if (d->d_tag != DT_NEEDED)
            continue;
        const char *needed = strtab + d->d_un.d_val;
        size_t len = strlen(needed);
        if (len < 8 || strcmp(needed + len - 7, ".dll.so"))
            continue;
        char dll[NAME_MAX];
        snprintf(dll, sizeof(dll), "%.*s", (int)(len - 3), needed);
        WCHAR *wname = ntdll_utf8_to_wide(dll);
        struct module *dep;
        if (wname && !load_dll(m, wname, &dep))
            add_dependency(m, dep);
        free(wname);
    }
}

static NTSTATUS load_builtin(const char *so_path, const char *lower_base, struct module **out)
{
    void *handle = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        ERR("cannot load %s: %s\n", so_path, dlerror());
        return STATUS_DLL_NOT_FOUND;
    }
    IMAGE_DOS_HEADER *header = dlsym(handle, ORIEL_PE_HEADER_SYMBOL);
    struct pe_image img;
    if (!header || pe_image_init(&img, header, 0x1000) != PE_OK ||
        pe_image_init(&img, header, img.nt->OptionalHeader.SizeOfImage) != PE_OK) {
        ERR("%s has no valid %s\n", so_path, ORIEL_PE_HEADER_SYMBOL);
        dlclose(handle);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    /* dlopen of an already loaded builtin (kernel32 pulled in by msvcrt's DT_NEEDED) returns the same
     * header: keep one module per header. */
    struct module *m = find_module_by_handle((HMODULE)header);
    if (m) {
        dlclose(handle);
        if (!m->pinned)
            m->refcount++;
        *out = m;
        return STATUS_SUCCESS;
    }
    char *full;
    if (asprintf(&full, "C:\\windows\\system32\\%s", lower_base) < 0)
        return STATUS_NO_MEMORY;
    WCHAR *wfull = ntdll_utf8_to_wide(full);
    free(full);
    m = wfull ? register_module(header, &img, wfull) : NULL;
    free(wfull);
    if (!m) {
        dlclose(handle);
        return STATUS_NO_MEMORY;
    }
    m->builtin = 1;
    m->dl_handle = handle;
    m->elf_base = elf_base_of(header);
    m->pinned = process_starting;
    if (relay_setup_module)
        relay_setup_module((HMODULE)header);
    TRACE_(loaddll, "loaded builtin %s at %p (%s)\n", lower_base, (void *)header, so_path);
    add_builtin_dependencies(m);
    *out = m;
    return STATUS_SUCCESS;
}

/* ---- imports and exports ---- */

static NTSTATUS find_export(struct module *m, const char *name, int hint, DWORD ordinal, void **addr,
                            int depth, struct module *importer);

/* Resolves "DLL.Name" or "DLL.#ordinal", loading DLL as a dependency of `m`. */
static NTSTATUS resolve_forward(struct module *m, const char *forward, void **addr, int depth)
{
    const char *dot = strrchr(forward, '.');
    char dll[NAME_MAX];
    if (!dot || dot == forward || dot - forward >= (long)sizeof(dll) - 5 || depth > 16)
        return STATUS_PROCEDURE_NOT_FOUND;
    memcpy(dll, forward, dot - forward);
    dll[dot - forward] = 0;
    if (!strchr(dll, '.'))
        strcat(dll, ".dll");
    WCHAR *wdll = ntdll_utf8_to_wide(dll);
    struct module *target;
    NTSTATUS status = wdll ? load_dll(m, wdll, &target) : STATUS_NO_MEMORY;
    free(wdll);
    if (status)
        return status;
    add_dependency(m, target);
    if (!process_starting && m->init_state == 2 && target->init_state == 0) {
        extern NTSTATUS ldr_process_attach(struct module *, void *);
        status = ldr_process_attach(target, NULL);
        if (status)
            return status;
    }
    if (dot[1] == '#')
        return find_export(target, NULL, 0, (DWORD)strtoul(dot + 2, NULL, 10), addr, depth + 1, m);
    return find_export(target, dot + 1, -1, 0, addr, depth + 1, m);
}

static NTSTATUS find_export(struct module *m, const char *name, int hint, DWORD ordinal, void **addr,
                            int depth, struct module *importer)
{
    struct pe_export exp;
    int found =
        name ? pe_find_export(&m->img, name, hint, &exp) : pe_find_export_ordinal(&m->img, ordinal, &exp);
    if (!found)
        return name ? STATUS_PROCEDURE_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    if (exp.forward)
        return resolve_forward(m, exp.forward, addr, depth);
    *addr = exp.address;
    return STATUS_SUCCESS;
}

struct import_ctx {
    struct module *m;
    struct module *dll; /* current imported module, NULL when it could not be loaded */
    const char *dll_name;
    NTSTATUS status;
};

static int import_dll_cb(void *ctx_ptr, const char *dll)
{
    struct import_ctx *ctx = ctx_ptr;
    WCHAR *wdll = ntdll_utf8_to_wide(dll);
    NTSTATUS status = wdll ? load_dll(ctx->m, wdll, &ctx->dll) : STATUS_NO_MEMORY;
    free(wdll);
    ctx->dll_name = dll;
    if (status) {
        ctx->dll = NULL;
        if (check_mode)
            return 0;
        if (status == STATUS_DLL_NOT_FOUND)
            fprintf(stderr, "oriel: %s: cannot find %s\n", module_name(ctx->m), dll);
        else
            fprintf(stderr, "oriel: %s: cannot load %s (status %#x)\n", module_name(ctx->m), dll,
                    (unsigned)status);
        ctx->status = status;
        return 1;
    }
    add_dependency(ctx->m, ctx->dll);
    return 0;
}

static int import_func_cb(void *ctx_ptr, const struct pe_import *imp)
{
    struct import_ctx *ctx = ctx_ptr;
    void *addr = NULL;
    NTSTATUS status = ctx->dll ? find_export(ctx->dll, imp->name, imp->hint, imp->ordinal, &addr, 0, ctx->m)
                               : STATUS_DLL_NOT_FOUND;
    if (status) {
        if (check_mode)
            record_missing(imp->dll, imp->name, imp->ordinal);
        else
            WARN("%s: unresolved import %s!%s\n", debugstr_us(&ctx->m->ldr.BaseDllName), imp->dll,
                 imp->name ? imp->name : oriel_dbg_sprintf("#%u", imp->ordinal));
        addr = make_import_stub(imp->dll, imp->name, imp->ordinal);
    }
    *imp->slot = (ULONG_PTR)addr;
    return 0;
}

static NTSTATUS resolve_imports(struct module *m)
{
    struct import_ctx ctx = {m, NULL, NULL, STATUS_SUCCESS};
    int cb_result = 0;
    enum pe_error err = pe_walk_imports(&m->img, 0, import_dll_cb, import_func_cb, &ctx, &cb_result);
    if (err != PE_OK) {
        fprintf(stderr, "oriel: %s: %s\n", module_name(m), pe_strerror(err));
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    return ctx.status;
}

/* In check mode, delay-load imports are reported too (the program's helper binds them at run time). */
static int check_delay_dll_cb(void *ctx_ptr, const char *dll)
{
    struct import_ctx *ctx = ctx_ptr;
    WCHAR *wdll = ntdll_utf8_to_wide(dll);
    if (!wdll || load_dll(ctx->m, wdll, &ctx->dll))
        ctx->dll = NULL;
    free(wdll);
    return 0;
}

static int check_delay_func_cb(void *ctx_ptr, const struct pe_import *imp)
{
    struct import_ctx *ctx = ctx_ptr;
    void *addr;
    if (!ctx->dll || find_export(ctx->dll, imp->name, imp->hint, imp->ordinal, &addr, 0, ctx->m))
        record_missing(imp->dll, imp->name, imp->ordinal);
    return 0;
}

/* ---- loading by name ---- */

/* Loads (or finds) a module and takes a reference. `name` is a base name or a DOS path. With a
 * datafile_tag, a native file that is not loaded yet is mapped as data instead (*datafile is set and
 * *out is NULL); a loaded module or a builtin is returned as a module. */
static NTSTATUS load_dll_ex(struct module *importer, const WCHAR *name, ULONG_PTR datafile_tag,
                            struct module **out, HMODULE *datafile)
{
    size_t len = NTDLL_wcslen(name);
    int is_path = 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '\\' || name[i] == '/' || (i == 1 && name[i] == ':'))
            is_path = 1;
    size_t base_start = len;
    while (base_start && name[base_start - 1] != '\\' && name[base_start - 1] != '/' &&
           name[base_start - 1] != ':')
        base_start--;

    char *base = ldr_wide_to_utf8(name + base_start, len - base_start);
    if (!base)
        return STATUS_NO_MEMORY;
    size_t blen = strlen(base);
    if (blen && base[blen - 1] == '.')
        base[blen - 1] = 0; /* a trailing dot means "no extension" */
    else if (!strchr(base, '.')) {
        char *ext;
        if (asprintf(&ext, "%s.dll", base) < 0) {
            free(base);
            return STATUS_NO_MEMORY;
        }
        free(base);
        base = ext;
    }
    if (!*base) {
        free(base);
        return STATUS_DLL_NOT_FOUND;
    }
    char *lower = strdup(base);
    ldr_lower_ascii(lower);

    int is_apiset;
    const char *target = ldr_apiset_target(lower, &is_apiset);
    if (is_apiset) {
        if (!target) {
            TRACE_(loaddll, "unknown API set %s\n", lower);
            free(base);
            free(lower);
            return STATUS_DLL_NOT_FOUND;
        }
        free(base);
        free(lower);
        base = strdup(target);
        lower = strdup(target);
        is_path = 0;
    }

    NTSTATUS status = STATUS_DLL_NOT_FOUND;
    struct module *m = NULL;
    WCHAR *wbase = ntdll_utf8_to_wide(base);
    char *unix_path = NULL;
    int use_builtin = 0;

    if (is_path) {
        WCHAR *full = NULL;
        unix_path = ldr_dos_to_unix(start_params->prefix, name);
        if (unix_path) {
            char *real = realpath(unix_path, NULL);
            if (real) {
                free(unix_path);
                unix_path = real;
            }
            full = ntdll_unix_to_dos_path(unix_path);
        }
        if (full && (m = find_module_by_full_name(full, NTDLL_wcslen(full))))
            status = STATUS_SUCCESS;
        free(full);
        if (!m && unix_path) {
            struct stat st;
            if (stat(unix_path, &st) < 0)
                status = STATUS_DLL_NOT_FOUND;
            else if (!st.st_size)
                use_builtin = 1; /* a placeholder: the builtin stands for it */
            else
                status = STATUS_SUCCESS;
        }
    } else if ((m = find_module_by_base_name(wbase, NTDLL_wcslen(wbase)))) {
        status = STATUS_SUCCESS;
    } else {
        char cwd[PATH_MAX];
        int known = ldr_is_known_dll(lower);
        const char *dirs[] = {known ? NULL : app_dir, system32_dir, known ? NULL : getcwd(cwd, sizeof(cwd))};
        for (unsigned int i = 0; i < ARRAY_SIZE(dirs) && !unix_path; i++) {
            struct stat st;
            unix_path = ldr_find_file_nocase(dirs[i], base);
            if (unix_path && (stat(unix_path, &st) < 0 || S_ISDIR(st.st_mode))) {
                free(unix_path);
                unix_path = NULL;
            } else if (unix_path && !st.st_size)
                use_builtin = 1;
        }
        if (!unix_path)
            use_builtin = 1;
        status = STATUS_SUCCESS;
    }

    if (m) {
        if (!m->pinned)
            m->refcount++;
        if (m->ldr.LoadCount != 0xffff)
            m->ldr.LoadCount++;
    } else if (status == STATUS_SUCCESS && use_builtin) {
        char *so = ldr_builtin_so_path(start_params->dll_dir, lower);
        status = so ? load_builtin(so, lower, &m) : STATUS_DLL_NOT_FOUND;
        free(so);
    } else if (status == STATUS_SUCCESS && datafile_tag) {
        status = map_datafile(unix_path, datafile_tag, datafile);
    } else if (status == STATUS_SUCCESS) {
        WCHAR *dos = ntdll_unix_to_dos_path(unix_path);
        status = dos ? map_image(unix_path, dos, &m) : STATUS_NO_MEMORY;
        free(dos);
        if (!status) {
            m->pinned = process_starting;
            if (!(m->img.nt->FileHeader.Characteristics & IMAGE_FILE_DLL)) {
                WARN("%s is not a DLL\n", unix_path);
            }
            status = resolve_imports(m);
            if (!status && check_mode) {
                struct import_ctx ctx = {m, NULL, NULL, 0};
                int r;
                pe_walk_imports(&m->img, 1, check_delay_dll_cb, check_delay_func_cb, &ctx, &r);
            }
            if (!status)
                protect_sections(m);
            else {
                /* the caller sees the failure; the half-loaded module is dropped */
                munmap(m->map_base, m->map_size);
                unregister_module(m);
                m = NULL;
            }
        }
    }
    if (status)
        TRACE_(loaddll, "%s: %s not loaded, status %#x\n",
               importer ? debugstr_us(&importer->ldr.BaseDllName) : "LoadLibrary", debugstr_w(name),
               (unsigned)status);
    free(unix_path);
    free(wbase);
    free(base);
    free(lower);
    if (!status)
        *out = m;
    return status;
}

/* ---- initialisation ---- */

static BOOL call_dll_entry(struct module *m, DWORD reason, void *reserved)
{
    if (!m->ldr.EntryPoint || !(m->ldr.Flags & LDR_IMAGE_IS_DLL))
        return TRUE;
    TRACE("%s: DllMain(%p, %u, %p)\n", debugstr_us(&m->ldr.BaseDllName), m->ldr.DllBase, reason, reserved);
    BOOL ret = ((dll_entry_func)m->ldr.EntryPoint)(m->ldr.DllBase, reason, reserved);
    TRACE("%s: DllMain(%u) returned %d\n", debugstr_us(&m->ldr.BaseDllName), reason, ret);
    return ret;
}

NTSTATUS ldr_process_attach(struct module *m, void *reserved)
{
    if (m->init_state)
        return STATUS_SUCCESS;
    m->init_state = 1;
    for (unsigned int i = 0; i < m->ndeps; i++) {
        NTSTATUS status = ldr_process_attach(m->deps[i], reserved);
        if (status) {
            m->init_state = 0;
            return status;
        }
    }
    if (m != exe_module)
        ntdll_list_add_tail(&ldr_data.InInitializationOrderModuleList, &m->ldr.InInitializationOrderLinks);
    ldr_data.EntryInProgress = &m->ldr;
    call_tls_callbacks(m, DLL_PROCESS_ATTACH);
    BOOL ok = call_dll_entry(m, DLL_PROCESS_ATTACH, reserved);
    ldr_data.EntryInProgress = NULL;
    if (!ok) {
        if (process_starting)
            fprintf(stderr, "oriel: %s: DllMain failed its initialisation\n", module_name(m));
        else
            WARN("%s: DllMain failed its initialisation\n", debugstr_us(&m->ldr.BaseDllName));
        /* Windows calls the entry point with DLL_PROCESS_DETACH right away */
        call_dll_entry(m, DLL_PROCESS_DETACH, reserved);
        list_remove_if_linked(&m->ldr.InInitializationOrderLinks);
        m->init_state = 0;
        return STATUS_DLL_INIT_FAILED;
    }
    m->ldr.Flags |= LDR_PROCESS_ATTACHED | LDR_ENTRY_PROCESSED;
    m->init_state = 2;
    return STATUS_SUCCESS;
}

static void process_detach_module(struct module *m, void *reserved)
{
    if (m->init_state != 2)
        return;
    m->init_state = 0;
    m->ldr.Flags &= ~LDR_PROCESS_ATTACHED;
    call_tls_callbacks(m, DLL_PROCESS_DETACH);
    call_dll_entry(m, DLL_PROCESS_DETACH, reserved);
}

void ldr_process_detach(void)
{
    pthread_mutex_lock(&loader_lock);
    ldr_data.ShutdownInProgress = TRUE;
    if (exe_module)
        process_detach_module(exe_module, (void *)1);
    LIST_ENTRY *head = &ldr_data.InInitializationOrderModuleList;
    for (LIST_ENTRY *e = head->Blink; e != head; e = e->Blink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InInitializationOrderLinks);
        process_detach_module(m, (void *)1);
    }
    pthread_mutex_unlock(&loader_lock);
}

static void release_module(struct module *m)
{
    if (m->pinned)
        return;
    if (--m->refcount > 0) {
        if (m->ldr.LoadCount && m->ldr.LoadCount != 0xffff)
            m->ldr.LoadCount--;
        return;
    }
    TRACE_(loaddll, "unloading %s\n", debugstr_us(&m->ldr.BaseDllName));
    process_detach_module(m, NULL);
    for (unsigned int i = 0; i < m->ndeps; i++)
        release_module(m->deps[i]);
    void *dl_handle = m->dl_handle, *map_base = m->map_base;
    size_t map_size = m->map_size;
    if (m->tls_index >= 0)
        tls_templates[m->tls_index].start = tls_templates[m->tls_index].end = 0; /* slot stays reserved */
    unregister_module(m);
    if (dl_handle)
        dlclose(dl_handle);
    else if (map_base)
        munmap(map_base, map_size);
}

/* ---- threads ---- */

void ldr_thread_attach(void)
{
    TEB *teb = NtCurrentTeb();
    pthread_mutex_lock(&loader_lock);
    void **array = tls_array_grow(teb, tls_count);
    for (unsigned int i = 0; array && i < tls_count; i++)
        if (!array[i])
            array[i] = tls_alloc_block(&tls_templates[i]);
    LIST_ENTRY *head = &ldr_data.InInitializationOrderModuleList;
    for (LIST_ENTRY *e = head->Flink; e != head; e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InInitializationOrderLinks);
        if (m->init_state != 2 || m->no_thread_calls)
            continue;
        call_tls_callbacks(m, DLL_THREAD_ATTACH);
        call_dll_entry(m, DLL_THREAD_ATTACH, NULL);
    }
    if (exe_module)
        call_tls_callbacks(exe_module, DLL_THREAD_ATTACH);
    pthread_mutex_unlock(&loader_lock);
}

void ldr_thread_detach(void)
{
    TEB *teb = NtCurrentTeb();
    pthread_mutex_lock(&loader_lock);
    if (exe_module)
        call_tls_callbacks(exe_module, DLL_THREAD_DETACH);
    LIST_ENTRY *head = &ldr_data.InInitializationOrderModuleList;
    for (LIST_ENTRY *e = head->Blink; e != head; e = e->Blink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InInitializationOrderLinks);
        if (m->init_state != 2 || m->no_thread_calls)
            continue;
        call_tls_callbacks(m, DLL_THREAD_DETACH);
        call_dll_entry(m, DLL_THREAD_DETACH, NULL);
    }
    void **array = teb->ThreadLocalStoragePointer;
    if (array) {
        size_t cap = (size_t)array[-1];
        for (size_t i = 0; i < cap; i++)
            free(array[i]);
        teb->ThreadLocalStoragePointer = NULL;
        free(array - 1);
    }
    pthread_mutex_unlock(&loader_lock);
}

/* ---- process start ---- */

NTSTATUS ldr_init_process(const struct oriel_start_params *params)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&loader_lock, &attr);

    start_params = params;
    check_mode = params->mode == ORIEL_START_CHECK_IMPORTS;
    ldr_data.Length = sizeof(ldr_data);
    ldr_data.Initialized = TRUE;
    ldr_data.InLoadOrderModuleList.Flink = ldr_data.InLoadOrderModuleList.Blink =
        &ldr_data.InLoadOrderModuleList;
    ldr_data.InMemoryOrderModuleList.Flink = ldr_data.InMemoryOrderModuleList.Blink =
        &ldr_data.InMemoryOrderModuleList;
    ldr_data.InInitializationOrderModuleList.Flink = ldr_data.InInitializationOrderModuleList.Blink =
        &ldr_data.InInitializationOrderModuleList;
    ntdll_peb->Ldr = &ldr_data;

    app_dir = strdup(params->exe_path);
    char *slash = strrchr(app_dir, '/');
    if (slash)
        *slash = slash == app_dir ? (slash[1] = 0, '/') : 0;
    if (asprintf(&system32_dir, "%s/drive_c/windows/system32", params->prefix) < 0)
        system32_dir = NULL;

    pthread_mutex_lock(&loader_lock);
    /* Windows' load order starts with the program, then ntdll, then kernel32. */
    WCHAR *dos = ntdll_unix_to_dos_path(params->exe_path);
    NTSTATUS status = dos ? map_image(params->exe_path, dos, &exe_module) : STATUS_NO_MEMORY;
    free(dos);
    if (status) {
        fprintf(stderr, "oriel: %s: cannot map the program (status %#x)\n", params->exe_path,
                (unsigned)status);
        pthread_mutex_unlock(&loader_lock);
        return status;
    }
    exe_module->pinned = 1;
    ntdll_peb->ImageBaseAddress = exe_module->ldr.DllBase;

    struct pe_image img;
    if (pe_image_init(&img, (void *)&__oriel_pe_header, 0x1000) == PE_OK &&
        pe_image_init(&img, (void *)&__oriel_pe_header, img.nt->OptionalHeader.SizeOfImage) == PE_OK) {
        struct module *ntdll =
            register_module((void *)&__oriel_pe_header, &img, u"C:\\windows\\system32\\ntdll.dll");
        if (ntdll) {
            ntdll->builtin = 1;
            ntdll->pinned = 1;
            ntdll->elf_base = elf_base_of(&__oriel_pe_header);
            ntdll->ldr.EntryPoint = NULL; /* initialised by __oriel_start itself */
            if (relay_setup_module)
                relay_setup_module((HMODULE)&__oriel_pe_header);
        }
    } else
        ERR("ntdll's own PE header is invalid\n");
    struct module *kernel32;
    if (load_dll(NULL, u"kernel32.dll", &kernel32))
        WARN("kernel32 is not available\n");
    pthread_mutex_unlock(&loader_lock);
    return STATUS_SUCCESS;
}

void ldr_run_process(void)
{
    pthread_mutex_lock(&loader_lock);
    NTSTATUS status = resolve_imports(exe_module);
    if (check_mode) {
        struct import_ctx ctx = {exe_module, NULL, NULL, 0};
        int r;
        pe_walk_imports(&exe_module->img, 1, check_delay_dll_cb, check_delay_func_cb, &ctx, &r);
        for (unsigned int i = 0; i < missing_count; i++)
            printf("%s\n", missing_list[i]);
        fflush(stdout);
        _exit(status || missing_count ? 1 : 0);
    }
    if (status)
        process_exit_now(status);
    protect_sections(exe_module);

    /* ntdll and kernel32 come first in the initialisation order, as on Windows. */
    for (LIST_ENTRY *e = ldr_data.InLoadOrderModuleList.Flink; e != &ldr_data.InLoadOrderModuleList;
         e = e->Flink) {
        struct module *m = CONTAINING_RECORD(e, struct module, ldr.InLoadOrderLinks);
        if (m->builtin &&
            (!ldr_wcsicmp_n(m->ldr.BaseDllName.Buffer, m->ldr.BaseDllName.Length / 2, u"ntdll.dll", 9) ||
             !ldr_wcsicmp_n(m->ldr.BaseDllName.Buffer, m->ldr.BaseDllName.Length / 2, u"kernel32.dll", 12)))
            ldr_process_attach(m, (void *)1);
    }
    status = ldr_process_attach(exe_module, (void *)1);
    if (status) {
        process_exit_now(status);
    }
    process_starting = 0;
    pthread_mutex_unlock(&loader_lock);

    exe_entry_func entry = (exe_entry_func)exe_module->ldr.EntryPoint;
    TRACE("calling the entry point %p\n", (void *)entry);
    DWORD ret = entry ? entry(ntdll_peb) : 0;
    RtlExitUserProcess(ret);
    process_exit_now(ret);
}

/* ---- Ldr exports ---- */

static NTSTATUS load_library(const WCHAR *name, size_t len, ULONG_PTR datafile_tag, HMODULE *handle)
{
    WCHAR *copy = malloc((len + 1) * sizeof(WCHAR));
    struct module *m;
    if (!copy)
        return STATUS_NO_MEMORY;
    memcpy(copy, name, len * sizeof(WCHAR));
    copy[len] = 0;
    TRACE_(loadlibrary, "%s\n", debugstr_w(copy));
    pthread_mutex_lock(&loader_lock);
    HMODULE datafile = NULL;
    NTSTATUS status = load_dll_ex(NULL, copy, datafile_tag, &m, &datafile);
    if (!status && datafile)
        *handle = datafile;
    else if (!status) {
        status = ldr_process_attach(m, NULL);
        if (status)
            release_module(m);
        else
            *handle = m->ldr.DllBase;
    }
    pthread_mutex_unlock(&loader_lock);
    TRACE_(loadlibrary, "%s -> %p status %#x\n", debugstr_w(copy), status ? NULL : *handle, (unsigned)status);
    free(copy);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrLoadDll(PWSTR path, PULONG flags, PUNICODE_STRING name, HMODULE *handle)
{
    if (!name || !handle)
        return STATUS_INVALID_PARAMETER;
    *handle = NULL;
    return load_library(name->Buffer, name->Length / sizeof(WCHAR), 0, handle);
}

/* LoadLibraryEx's data-file modes (kernel32 only; not a Windows export). tag 1: LOAD_LIBRARY_AS_DATAFILE,
 * 2: LOAD_LIBRARY_AS_IMAGE_RESOURCE. */
__attribute__((visibility("default"))) NTSTATUS __oriel_ldr_load_as_data(const UNICODE_STRING *name,
                                                                         ULONG tag, HMODULE *handle)
{
    if (!name || !handle || !tag || tag > 3)
        return STATUS_INVALID_PARAMETER;
    *handle = NULL;
    return load_library(name->Buffer, name->Length / sizeof(WCHAR), tag & 3, handle);
}

NTSYSAPI NTSTATUS WINAPI LdrGetDllHandle(PWSTR path, PULONG unused, PUNICODE_STRING name, HMODULE *handle)
{
    if (!name || !handle)
        return STATUS_INVALID_PARAMETER;
    size_t len = name->Length / sizeof(WCHAR), start = len;
    const WCHAR *buf = name->Buffer;
    while (start && buf[start - 1] != '\\' && buf[start - 1] != '/')
        start--;
    int has_dot = 0;
    for (size_t i = start; i < len; i++)
        has_dot |= buf[i] == '.';

    WCHAR tmp[MAX_PATH + 5];
    size_t blen = len - start;
    if (blen >= MAX_PATH)
        return STATUS_DLL_NOT_FOUND;
    memcpy(tmp, buf + start, blen * sizeof(WCHAR));
    if (blen && tmp[blen - 1] == '.')
        blen--;
    else if (!has_dot) {
        memcpy(tmp + blen, u".dll", 4 * sizeof(WCHAR));
        blen += 4;
    }
    tmp[blen] = 0;
    char *utf8 = ldr_wide_to_utf8(tmp, blen);
    if (utf8) {
        ldr_lower_ascii(utf8);
        int is_apiset;
        const char *target = ldr_apiset_target(utf8, &is_apiset);
        if (target) {
            blen = strlen(target);
            for (size_t i = 0; i <= blen; i++)
                tmp[i] = target[i];
        }
        free(utf8);
    }

    pthread_mutex_lock(&loader_lock);
    struct module *m = start ? find_module_by_full_name(buf, len) : NULL;
    if (!m)
        m = find_module_by_base_name(tmp, blen);
    if (m && start) {
        /* a path must name the loaded file, not another file with the same base name */
        WCHAR *full = NULL;
        char *unix_path = ldr_dos_to_unix(start_params->prefix, buf);
        char *real = unix_path ? realpath(unix_path, NULL) : NULL;
        if (real)
            full = ntdll_unix_to_dos_path(real);
        if (full &&
            ldr_wcsicmp_n(full, NTDLL_wcslen(full), m->ldr.FullDllName.Buffer,
                          m->ldr.FullDllName.Length / 2) &&
            !m->builtin)
            m = NULL;
        free(full);
        free(real);
        free(unix_path);
    }
    *handle = m ? m->ldr.DllBase : NULL;
    pthread_mutex_unlock(&loader_lock);
    return m ? STATUS_SUCCESS : STATUS_DLL_NOT_FOUND;
}

NTSYSAPI NTSTATUS WINAPI LdrGetProcedureAddress(HMODULE module, PANSI_STRING name, ULONG ordinal, PVOID *addr)
{
    NTSTATUS status;
    if (!addr)
        return STATUS_INVALID_PARAMETER;
    *addr = NULL;
    pthread_mutex_lock(&loader_lock);
    struct module *m = find_module_by_handle(module);
    if (!m)
        status = STATUS_DLL_NOT_FOUND;
    else if (name && name->Buffer) {
        char *copy = strndup(name->Buffer, name->Length);
        status = copy ? find_export(m, copy, -1, 0, addr, 0, m) : STATUS_NO_MEMORY;
        free(copy);
    } else
        status = find_export(m, NULL, 0, ordinal, addr, 0, m);
    pthread_mutex_unlock(&loader_lock);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrUnloadDll(HMODULE module)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&loader_lock);
    struct datafile **df = ((ULONG_PTR)module & 3) ? find_datafile(module) : NULL;
    if (df) {
        struct datafile *d = *df;
        *df = d->next;
        munmap(d->map_base, d->map_size);
        free(d);
        pthread_mutex_unlock(&loader_lock);
        return STATUS_SUCCESS;
    }
    struct module *m = find_module_by_handle(module);
    if (!m)
        status = STATUS_DLL_NOT_FOUND;
    else {
        TRACE_(loadlibrary, "%s refcount %d\n", debugstr_us(&m->ldr.BaseDllName), m->refcount);
        release_module(m);
    }
    pthread_mutex_unlock(&loader_lock);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrAddRefDll(ULONG flags, HMODULE module)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&loader_lock);
    struct module *m = find_module_by_handle(module);
    if (!m)
        status = STATUS_DLL_NOT_FOUND;
    else if (flags & 1) { /* LDR_ADDREF_DLL_PIN */
        m->pinned = 1;
        m->ldr.LoadCount = 0xffff;
    } else if (!m->pinned) {
        m->refcount++;
        if (m->ldr.LoadCount != 0xffff)
            m->ldr.LoadCount++;
    }
    pthread_mutex_unlock(&loader_lock);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrFindEntryForAddress(const void *addr, PLDR_DATA_TABLE_ENTRY *entry)
{
    pthread_mutex_lock(&loader_lock);
    struct module *m = find_module_by_address(addr);
    pthread_mutex_unlock(&loader_lock);
    if (!m)
        return STATUS_NO_MORE_ENTRIES;
    *entry = &m->ldr;
    return STATUS_SUCCESS;
}

NTSYSAPI NTSTATUS WINAPI LdrGetDllFullName(HMODULE module, PUNICODE_STRING name)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (!name)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&loader_lock);
    struct module *m = find_module_by_handle(module ? module : ntdll_peb->ImageBaseAddress);
    if (!m)
        status = STATUS_DLL_NOT_FOUND;
    else {
        USHORT len = m->ldr.FullDllName.Length;
        if (name->MaximumLength < len + sizeof(WCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            name->Length = len;
        } else {
            memcpy(name->Buffer, m->ldr.FullDllName.Buffer, len);
            name->Buffer[len / sizeof(WCHAR)] = 0;
            name->Length = len;
        }
    }
    pthread_mutex_unlock(&loader_lock);
    return status;
}

NTSYSAPI NTSTATUS WINAPI LdrDisableThreadCalloutsForDll(HMODULE module)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&loader_lock);
    struct module *m = find_module_by_handle(module);
    if (!m)
        status = STATUS_DLL_NOT_FOUND;
    else if (m->tls_index < 0)
        m->no_thread_calls = 1; /* modules with static TLS keep their notifications, as on Windows */
    pthread_mutex_unlock(&loader_lock);
    return status;
}

/* ---- for resource.c ---- */

void ldr_lock(void)
{
    pthread_mutex_lock(&loader_lock);
}

int ldr_trylock(void)
{
    return !pthread_mutex_trylock(&loader_lock);
}

void ldr_unlock(void)
{
    pthread_mutex_unlock(&loader_lock);
}

const struct pe_image *ldr_module_image(HMODULE module)
{
    struct datafile **df = ((ULONG_PTR)module & 3) ? find_datafile(module) : NULL;
    if (df)
        return &(*df)->img;
    struct module *m = find_module_by_handle(module ? module : ntdll_peb->ImageBaseAddress);
    return m ? &m->img : NULL;
}
