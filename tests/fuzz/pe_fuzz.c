/*
 * libFuzzer target for the PE image library. Each input is used twice:
 * 1. as a file: pe_file_open, and when it passes, laid out in an exact-size buffer of SizeOfImage bytes
 *    (capped) the way the loader maps it, then relocated to where it lies and walked completely;
 * 2. as an already mapped image: pe_image_init over the raw bytes, which skips the file-level
 *    validation, then the same walks, so every walker also sees headers nothing else has checked.
 * Buffers are exact-size heap copies so AddressSanitizer catches a read one byte past the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../loader/pe.h"

#define MAX_IMAGE (16u << 20)
#define MAX_CALLBACKS 4096

static volatile unsigned int sink;

static void touch(const void *p, size_t len)
{
    const BYTE *b = p;
    unsigned int sum = 0;
    size_t i;

    /* first, last and a sample in between: enough for ASan to see a bad range */
    if (!len)
        return;
    for (i = 0; i < len; i += 4093)
        sum += b[i];
    sum += b[len - 1];
    sink += sum;
}

static void check(int cond)
{
    if (!cond)
        __builtin_trap();
}

struct walk_ctx {
    const struct pe_image *img;
    int calls;
};

static int export_cb(void *ctx, const char *name, const struct pe_export *exp)
{
    struct walk_ctx *w = ctx;
    struct pe_export again;

    if (name)
        touch(name, strlen(name) + 1);
    check(!exp->address != !exp->forward);
    if (exp->forward)
        touch(exp->forward, strlen(exp->forward) + 1);
    /* the walk and the ordinal lookup must agree */
    check(pe_find_export_ordinal(w->img, exp->ordinal, &again));
    check(again.address == exp->address && again.forward == exp->forward && again.ordinal == exp->ordinal);
    if (name && pe_find_export(w->img, name, -1, &again))
        check(again.address || again.forward);
    return ++w->calls >= MAX_CALLBACKS;
}

static int dll_cb(void *ctx, const char *dll)
{
    struct walk_ctx *w = ctx;
    touch(dll, strlen(dll) + 1);
    return ++w->calls >= MAX_CALLBACKS;
}

static int func_cb(void *ctx, const struct pe_import *imp)
{
    struct walk_ctx *w = ctx;
    struct pe_export exp;

    check(imp->dll != NULL);
    if (imp->name) {
        touch(imp->name, strlen(imp->name) + 1);
        /* resolve against the image itself, as a DLL importing from itself would */
        pe_find_export(w->img, imp->name, imp->hint, &exp);
    } else {
        pe_find_export_ordinal(w->img, imp->ordinal, &exp);
    }
    /* fill the slot the way the loader does; it may alias anything in a crafted image */
    pe_set_slot(imp->slot, 0x7fff00001000ull + (ULONGLONG)w->calls);
    return ++w->calls >= MAX_CALLBACKS;
}

#define ID(x) ((const WCHAR *)(uintptr_t)(x))

static void walk_image(struct pe_image *img, LONGLONG delta)
{
    static const WCHAR custom[] = u"CUSTOM", mydata[] = u"mydata";
    const IMAGE_RESOURCE_DATA_ENTRY *res;
    struct walk_ctx w = {img, 0};
    struct pe_export exp;
    struct pe_tls tls;
    unsigned int i;
    DWORD size;
    int result;

    check(pe_strerror(pe_apply_relocations(img, delta)) != NULL);

    for (i = 0; i <= IMAGE_NUMBEROF_DIRECTORY_ENTRIES; i++) {
        void *dir = pe_directory(img, i, &size);
        if (dir)
            touch(dir, size);
        else
            check(size == 0);
    }

    w.calls = 0;
    pe_walk_exports(img, export_cb, &w);
    pe_find_export(img, "DllMain", 0, &exp);
    pe_find_export(img, "a", 1, &exp);
    pe_find_export(img, "", -1, &exp);
    pe_find_export_ordinal(img, 1, &exp);
    pe_find_export_ordinal(img, 0xffffffff, &exp);

    for (i = 0; i < 2; i++) {
        w.calls = 0;
        pe_walk_imports(img, i, dll_cb, func_cb, &w, &result);
        /* again, now that the slots hold addresses */
        w.calls = 0;
        pe_walk_imports(img, i, dll_cb, func_cb, &w, &result);
    }

    if (pe_get_tls(img, &tls) == PE_OK && tls.dir) {
        ULONGLONG base = (ULONGLONG)(uintptr_t)img->base;
        check(tls.template_end >= tls.template_start);
        if (tls.template_start)
            touch(img->base + (tls.template_start - base), tls.template_end - tls.template_start);
        if (tls.index_va)
            touch(img->base + (tls.index_va - base), 4);
        if (tls.callbacks_va) {
            ULONGLONG cb, off = tls.callbacks_va - base;
            do {
                memcpy(&cb, img->base + off, 8);
                if (cb)
                    touch(img->base + (cb - base), 1);
                off += 8;
            } while (cb);
        }
    }

    {
        static const struct {
            const WCHAR *type, *name;
            WORD lang;
        } queries[] = {
            {ID(16), ID(1), 0}, {ID(24), ID(1), 0},      {ID(3), ID(1), 0x409}, {ID(10), mydata, 0},
            {custom, ID(1), 0}, {custom, mydata, 0x407}, {ID(14), ID(1), 0},    {ID(6), ID(1), 0},
        };
        for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
            if ((res = pe_find_resource(img, queries[i].type, queries[i].name, queries[i].lang))) {
                void *data = pe_rva(img, res->OffsetToData, res->Size);
                check(data != NULL);
                touch(data, res->Size);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pe_file pe;
    struct pe_image img;
    enum pe_error err;
    BYTE *buf, *image;

    buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);

    err = pe_file_open(&pe, buf, size);
    check(pe_strerror(err) != NULL);
    if (err == PE_OK && pe.nt->OptionalHeader.SizeOfImage <= MAX_IMAGE) {
        DWORD image_size = pe.nt->OptionalHeader.SizeOfImage;
        if ((image = calloc(1, image_size))) {
            check(pe_file_layout(&pe, image, image_size) == PE_OK);
            /* a file that passed must give an image that passes */
            check(pe_image_init(&img, image, image_size) == PE_OK);
            check(img.size == image_size);
            walk_image(&img, (LONGLONG)((ULONGLONG)(uintptr_t)image - pe.nt->OptionalHeader.ImageBase));
            free(image);
        }
    }

    /* the raw bytes as a mapped image (restore them first: nothing above wrote to buf) */
    if (pe_image_init(&img, buf, size) == PE_OK)
        walk_image(&img, 0x10000);

    free(buf);
    return 0;
}
