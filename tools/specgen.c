/*
 * specgen: the spec compiler. Turns dlls/NAME/NAME.spec into
 *   - NAME.spec.s: the in-memory PE header of the builtin module (DOS + NT headers, export directory,
 *     relay descriptors and thunks, stub functions), assembled and linked into NAME.dll.so;
 *   - NAME.map: the ld version script that decides which ELF symbols the .so exports.
 *
 * usage: specgen -o NAME.spec.s -m NAME.map [-e ENTRYSYMBOL] NAME.spec
 *
 * The format and the generated layout are described in docs/spec-files.md. All RVAs are link-time
 * differences `symbol - __oriel_pe_header` (R_X86_64_PC32 relocations resolved by ld), so the image
 * needs no runtime fix-ups; this is why the whole directory lives in the same section as the header.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ORDINAL 65535
#define MAX_ARGS 32

enum export_type { EXP_STDCALL, EXP_CDECL, EXP_VARARGS, EXP_STUB, EXP_EXTERN };

enum {
    FLAG_NONAME = 1,
    FLAG_NORELAY = 2,
    FLAG_PRIVATE = 4,
};

struct export
{
    int line;
    int ordinal; /* 0 = '@' until assigned */
    enum export_type type;
    unsigned int flags;
    char *name;              /* export name */
    char *symbol;            /* C symbol (NULL for stubs and forwards) */
    char *forward;           /* "dll.Name" / "dll.#12", or NULL */
    char args[MAX_ARGS + 1]; /* one letter per argument, see arg_types */
    int nargs;
    int has_args; /* an argument list was given */
};

static const struct {
    const char *name;
    char letter;
} arg_types[] = {
    {"long", 'l'}, {"int64", 'j'}, {"ptr", 'p'}, {"str", 's'}, {"wstr", 'w'}, {"double", 'd'}, {"float", 'f'},
};

static const char *spec_path;
static struct export *exports;
static int nexports;

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        fprintf(stderr, "specgen: out of memory\n");
        exit(1);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static __attribute__((noreturn, format(printf, 2, 3))) void fatal(int line, const char *fmt, ...)
{
    va_list args;

    if (line)
        fprintf(stderr, "specgen: %s:%d: ", spec_path, line);
    else
        fprintf(stderr, "specgen: %s: ", spec_path);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    exit(1);
}

static int is_c_identifier(const char *s)
{
    if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

/* Export names may be C++ decorated (??2@YAPEAX_K@Z): anything printable but the syntax characters. */
static int is_export_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isgraph((unsigned char)*s) || strchr("()#\"\\", *s))
            return 0;
    return 1;
}

/* Forward target: DLL.Name or DLL.#ordinal, DLL without extension or path. */
static int is_forward(const char *s, int line)
{
    const char *dot = strchr(s, '.');

    if (!dot)
        return 0;
    if (dot == s || strchr(dot + 1, '.') || !dot[1])
        fatal(line, "invalid forward target '%s' (expected dll.Name or dll.#ordinal)", s);
    for (const char *p = s; p < dot; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-", *p))
            fatal(line, "invalid DLL name in forward target '%s'", s);
    if (dot[1] == '#') {
        char *end;
        long ord;
        errno = 0;
        ord = strtol(dot + 2, &end, 10);
        if (!isdigit((unsigned char)dot[2]) || *end || errno || ord < 1 || ord > MAX_ORDINAL)
            fatal(line, "invalid ordinal in forward target '%s'", s);
    } else if (!is_export_name(dot + 1)) {
        fatal(line, "invalid function name in forward target '%s'", s);
    }
    return 1;
}

static char *next_token(char **p)
{
    char *start;

    while (**p == ' ' || **p == '\t')
        (*p)++;
    if (!**p)
        return NULL;
    start = *p;
    while (**p && **p != ' ' && **p != '\t')
        (*p)++;
    if (**p)
        *(*p)++ = 0;
    return start;
}

static void parse_args(struct export *exp, char *list, int line)
{
    char *p = list, *tok;

    exp->has_args = 1;
    while ((tok = next_token(&p))) {
        unsigned int i;
        for (i = 0; i < sizeof(arg_types) / sizeof(arg_types[0]); i++)
            if (!strcmp(tok, arg_types[i].name))
                break;
        if (i == sizeof(arg_types) / sizeof(arg_types[0]))
            fatal(line, "unknown argument type '%s'", tok);
        if (exp->nargs == MAX_ARGS)
            fatal(line, "too many arguments (at most %d)", MAX_ARGS);
        exp->args[exp->nargs++] = arg_types[i].letter;
    }
}

/* The argument list of the token starting at tok may contain blanks that next_token split on: glue
 * the following tokens back until the ')' and cut the line there. Returns the ')' (now a NUL). */
static char *close_paren(char *tok, char **p, int line)
{
    char *close;

    while (!(close = strchr(tok, ')'))) {
        if (!**p)
            fatal(line, "unterminated argument list");
        tok[strlen(tok)] = ' ';
        next_token(p);
    }
    if (close[1])
        fatal(line, "unexpected '%s' after argument list", close + 1);
    *close = 0;
    return close;
}

static void parse_line(char *buf, int line)
{
    struct export exp = {.line = line};
    char *p = buf, *tok, *end;

    /* '#' starts a comment at the start of a line or after blanks; "dll.#12" is not a comment */
    for (char *c = buf; *c; c++) {
        if (*c == '#' && (c == buf || c[-1] == ' ' || c[-1] == '\t')) {
            *c = 0;
            break;
        }
    }
    buf[strcspn(buf, "\r\n")] = 0;
    if (!(tok = next_token(&p)))
        return;

    if (!strcmp(tok, "@")) {
        exp.ordinal = 0;
    } else {
        long ord;
        errno = 0;
        ord = strtol(tok, &end, 10);
        if (!isdigit((unsigned char)*tok) || *end || errno)
            fatal(line, "expected an ordinal or '@', got '%s'", tok);
        if (ord < 1 || ord > MAX_ORDINAL)
            fatal(line, "ordinal %ld out of range 1..%d", ord, MAX_ORDINAL);
        exp.ordinal = (int)ord;
    }

    if (!(tok = next_token(&p)))
        fatal(line, "missing calling convention");
    if (!strcmp(tok, "stdcall"))
        exp.type = EXP_STDCALL;
    else if (!strcmp(tok, "cdecl"))
        exp.type = EXP_CDECL;
    else if (!strcmp(tok, "varargs"))
        exp.type = EXP_VARARGS;
    else if (!strcmp(tok, "stub"))
        exp.type = EXP_STUB;
    else if (!strcmp(tok, "extern"))
        exp.type = EXP_EXTERN;
    else
        fatal(line, "unknown type '%s' (expected stdcall, cdecl, varargs, stub or extern)", tok);

    while ((tok = next_token(&p)) && tok[0] == '-') {
        if (!strcmp(tok, "-noname"))
            exp.flags |= FLAG_NONAME;
        else if (!strcmp(tok, "-norelay"))
            exp.flags |= FLAG_NORELAY;
        else if (!strcmp(tok, "-private"))
            exp.flags |= FLAG_PRIVATE;
        else
            fatal(line, "unknown flag '%s'", tok);
    }
    if (!tok)
        fatal(line, "missing export name");

    if (exp.type == EXP_STDCALL || exp.type == EXP_CDECL || exp.type == EXP_VARARGS) {
        /* the argument list may contain blanks: rejoin what next_token split */
        char *open = strchr(tok, '(');
        if (!open)
            fatal(line, "missing argument list after '%s'", tok);
        close_paren(tok, &p, line);
        exp.name = xstrndup(tok, open - tok);
        parse_args(&exp, open + 1, line);
        if (exp.type == EXP_VARARGS && !exp.nargs)
            fatal(line, "varargs export needs at least one fixed argument");
    } else {
        if (strchr(tok, '(')) {
            if (exp.type == EXP_EXTERN)
                fatal(line, "extern export takes no argument list");
            /* a stub may document its arguments; they are not used */
            close_paren(tok, &p, line);
            *strchr(tok, '(') = 0;
        }
        exp.name = xstrndup(tok, strlen(tok));
    }
    if (!is_export_name(exp.name))
        fatal(line, "invalid export name '%s'", exp.name);

    if ((tok = next_token(&p))) {
        if (exp.type == EXP_STUB)
            fatal(line, "a stub takes no target ('%s')", tok);
        if (is_forward(tok, line))
            exp.forward = xstrndup(tok, strlen(tok));
        else if (!is_c_identifier(tok))
            fatal(line, "invalid C symbol '%s'", tok);
        else
            exp.symbol = xstrndup(tok, strlen(tok));
        if ((tok = next_token(&p)))
            fatal(line, "unexpected '%s' at end of line", tok);
    } else if (exp.type != EXP_STUB) {
        if (!is_c_identifier(exp.name))
            fatal(line, "export name '%s' is not a C identifier: give the C symbol after it", exp.name);
        exp.symbol = exp.name;
    }
    if ((exp.flags & FLAG_NONAME) && !exp.ordinal)
        fatal(line, "-noname needs an explicit ordinal");

    exports = realloc(exports, (nexports + 1) * sizeof(*exports));
    if (!exports)
        fatal(0, "out of memory");
    exports[nexports++] = exp;
}

static void parse_spec(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[4096];
    int line = 0;

    if (!f) {
        fprintf(stderr, "specgen: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    while (fgets(buf, sizeof(buf), f)) {
        line++;
        if (!strchr(buf, '\n') && !feof(f))
            fatal(line, "line too long");
        parse_line(buf, line);
    }
    if (ferror(f))
        fatal(0, "read error: %s", strerror(errno));
    fclose(f);
}

/* ---- ordinals and names ---- */

static struct export **by_ordinal; /* index ordinal - base */
static int base, limit;            /* lowest and highest ordinal */
static struct export **by_name;
static int nnames;

static int cmp_name(const void *a, const void *b)
{
    return strcmp((*(struct export *const *)a)->name, (*(struct export *const *)b)->name);
}

static void assign_ordinals(void)
{
    static unsigned char used[MAX_ORDINAL + 1];
    int next = 1;

    for (int i = 0; i < nexports; i++) {
        if (!exports[i].ordinal)
            continue;
        if (used[exports[i].ordinal])
            fatal(exports[i].line, "ordinal %d used twice", exports[i].ordinal);
        used[exports[i].ordinal] = 1;
    }
    for (int i = 0; i < nexports; i++) {
        if (exports[i].ordinal)
            continue;
        while (next <= MAX_ORDINAL && used[next])
            next++;
        if (next > MAX_ORDINAL)
            fatal(exports[i].line, "too many exports");
        exports[i].ordinal = next;
        used[next] = 1;
    }
    base = MAX_ORDINAL + 1;
    limit = 0;
    for (int i = 0; i < nexports; i++) {
        if (exports[i].ordinal < base)
            base = exports[i].ordinal;
        if (exports[i].ordinal > limit)
            limit = exports[i].ordinal;
    }
    if (!nexports)
        base = 1, limit = 0;
    by_ordinal = calloc(limit - base + 1 > 0 ? limit - base + 1 : 1, sizeof(*by_ordinal));
    by_name = xmalloc(nexports * sizeof(*by_name));
    for (int i = 0; i < nexports; i++) {
        by_ordinal[exports[i].ordinal - base] = &exports[i];
        if (!(exports[i].flags & FLAG_NONAME))
            by_name[nnames++] = &exports[i];
    }
    qsort(by_name, nnames, sizeof(*by_name), cmp_name);
    for (int i = 1; i < nnames; i++)
        if (!strcmp(by_name[i]->name, by_name[i - 1]->name))
            fatal(by_name[i]->line, "export '%s' defined twice (first on line %d)", by_name[i]->name,
                  by_name[i - 1]->line < by_name[i]->line ? by_name[i - 1]->line : by_name[i]->line);
}

static int is_relayed(const struct export *exp)
{
    return (exp->type == EXP_STDCALL || exp->type == EXP_CDECL || exp->type == EXP_VARARGS) && exp->symbol &&
           !(exp->flags & FLAG_NORELAY);
}

/* ---- output ---- */

static FILE *out;

static void emit_string(const char *s)
{
    fputs("\t.asciz \"", out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (isprint((unsigned char)*s))
            fputc(*s, out);
        else
            fprintf(out, "\\%03o", (unsigned char)*s);
    }
    fputs("\"\n", out);
}

#define HDR "__oriel_pe_header"

static void output_asm(const char *dll_name, const char *entry)
{
    int nrelay = 0, nstubs = 0;

    for (int i = 0; i < nexports; i++) {
        if (is_relayed(&exports[i]))
            nrelay++;
        if (exports[i].type == EXP_STUB)
            nstubs++;
    }

    fprintf(out, "/* Generated by tools/specgen from %s; do not edit. */\n\n", spec_path);

    /* The header goes into .init, which the default linker script places before .plt/.text/.rodata/
     * .data/.bss: every symbol of the module lies at a positive RVA. The first (unaligned) fragment jumps
     * over the header so that _init still runs straight from crti's prologue to crtn's epilogue. */
    fputs("\t.section .init,\"ax\",@progbits,unique,1\n"
          "\tjmp .Loriel_init_end\n"
          "\t.section .init,\"ax\",@progbits,unique,2\n"
          "\t.p2align 12\n"
          "\t.globl " HDR "\n"
          "\t.type " HDR ",@object\n" HDR ":\n",
          out);

    /* IMAGE_DOS_HEADER */
    fputs("\t.short 0x5a4d, 0x90, 3, 0, 4, 0, 0xffff, 0, 0xb8, 0, 0, 0, 0x40, 0\n"
          "\t.short 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0  /* e_res, e_oemid, e_oeminfo, e_res2 */\n"
          "\t.long .Loriel_nt - " HDR "  /* e_lfanew */\n",
          out);
    /* oriel's builtin-module block in the DOS stub area (see struct builtin_info in relay.c) */
    fputs("\t.ascii \"orielbi1\"\n", out);
    fprintf(out, "\t.long %d  /* relay descriptors */\n", nrelay);
    if (nrelay)
        fputs("\t.long .Loriel_relay_descs - " HDR "\n\t.long .Loriel_relay_slot - " HDR "\n", out);
    else
        fputs("\t.long 0\n\t.long 0\n", out);
    fputs("\t.long 0\n", out);

    /* IMAGE_NT_HEADERS64 */
    fputs("\t.p2align 3\n.Loriel_nt:\n"
          "\t.long 0x4550\n"
          "\t.short 0x8664, 0  /* Machine AMD64, NumberOfSections */\n"
          "\t.long 0, 0, 0  /* TimeDateStamp, PointerToSymbolTable, NumberOfSymbols */\n"
          "\t.short 0xf0, 0x2022  /* SizeOfOptionalHeader; DLL|EXECUTABLE_IMAGE|LARGE_ADDRESS_AWARE */\n"
          "\t.short 0x20b  /* PE32+ */\n"
          "\t.byte 2, 40  /* linker version */\n"
          "\t.long 0, 0, 0  /* SizeOfCode, SizeOfInitializedData, SizeOfUninitializedData */\n",
          out);
    if (entry)
        fprintf(out, "\t.long %s - " HDR "  /* AddressOfEntryPoint */\n", entry);
    else
        fputs("\t.long 0  /* AddressOfEntryPoint */\n", out);
    fputs("\t.long 0x1000  /* BaseOfCode */\n"
          "\t.quad 0x180000000  /* ImageBase (nominal; the module lives wherever ld.so put it) */\n"
          "\t.long 0x1000, 0x1000  /* SectionAlignment, FileAlignment */\n"
          "\t.short 6, 0, 0, 0, 6, 0  /* OS, image, subsystem versions */\n"
          "\t.long 0  /* Win32VersionValue */\n"
          "\t.long .Loriel_image_end - " HDR "  /* SizeOfImage */\n"
          "\t.long 0x1000  /* SizeOfHeaders */\n"
          "\t.long 0  /* CheckSum */\n"
          "\t.short 3  /* Subsystem: WINDOWS_CUI */\n"
          "\t.short 0x160  /* DllCharacteristics: HIGH_ENTROPY_VA|DYNAMIC_BASE|NX_COMPAT */\n"
          "\t.quad 0x100000, 0x1000, 0x100000, 0x1000  /* stack and heap reserve/commit */\n"
          "\t.long 0  /* LoaderFlags */\n"
          "\t.long 16  /* NumberOfRvaAndSizes */\n"
          "\t.long .Loriel_export_dir - " HDR ", .Loriel_export_end - .Loriel_export_dir\n",
          out);
    for (int i = 1; i < 16; i++)
        fputs("\t.long 0, 0\n", out);
    fputs("\t.size " HDR ", . - " HDR "\n", out);

    /* IMAGE_EXPORT_DIRECTORY and its tables */
    fputs("\n\t.p2align 2\n.Loriel_export_dir:\n"
          "\t.long 0, 0  /* Characteristics, TimeDateStamp */\n"
          "\t.short 0, 0  /* version */\n"
          "\t.long .Loriel_dll_name - " HDR "\n",
          out);
    fprintf(out, "\t.long %d  /* Base */\n", base);
    fprintf(out, "\t.long %d  /* NumberOfFunctions */\n", limit - base + 1);
    fprintf(out, "\t.long %d  /* NumberOfNames */\n", nnames);
    fputs("\t.long .Loriel_functions - " HDR "\n"
          "\t.long .Loriel_names - " HDR "\n"
          "\t.long .Loriel_ordinals - " HDR "\n",
          out);

    fputs("\n.Loriel_functions:\n", out);
    for (int ord = base; ord <= limit; ord++) {
        struct export *exp = by_ordinal[ord - base];
        if (!exp)
            fputs("\t.long 0\n", out);
        else if (exp->forward)
            fprintf(out, "\t.long .Loriel_fwd_%d - " HDR "  /* %s */\n", ord, exp->name);
        else if (exp->type == EXP_STUB)
            fprintf(out, "\t.long .Loriel_stub_%d - " HDR "  /* %s */\n", ord, exp->name);
        else
            fprintf(out, "\t.long %s - " HDR "  /* %s */\n", exp->symbol, exp->name);
    }
    fputs("\n.Loriel_names:\n", out);
    for (int i = 0; i < nnames; i++)
        fprintf(out, "\t.long .Loriel_name_%d - " HDR "\n", by_name[i]->ordinal);
    fputs("\n.Loriel_ordinals:\n", out);
    for (int i = 0; i < nnames; i++)
        fprintf(out, "\t.short %d\n", by_name[i]->ordinal - base);

    fputs("\n.Loriel_dll_name:\n", out);
    emit_string(dll_name);
    for (int i = 0; i < nexports; i++) {
        fprintf(out, ".Loriel_name_%d:\n", exports[i].ordinal);
        emit_string(exports[i].name);
    }
    for (int i = 0; i < nexports; i++) {
        if (!exports[i].forward)
            continue;
        fprintf(out, ".Loriel_fwd_%d:\n", exports[i].ordinal);
        emit_string(exports[i].forward);
    }
    fputs(".Loriel_export_end:\n", out);

    /* relay descriptors: struct relay_desc in relay.c (24 bytes each) */
    if (nrelay) {
        fputs("\n\t.p2align 3\n.Loriel_relay_descs:\n", out);
        for (int i = 0; i < nexports; i++) {
            struct export *exp = &exports[i];
            if (!is_relayed(exp))
                continue;
            fprintf(out, ".Loriel_relay_desc_%d:\n", exp->ordinal);
            fprintf(out, "\t.long .Loriel_relay_desc_%d - " HDR "\n", exp->ordinal);
            fprintf(out, "\t.long %s - " HDR "\n", exp->symbol);
            fprintf(out, "\t.long .Loriel_relay_thunk_%d - " HDR "\n", exp->ordinal);
            fprintf(out, "\t.long .Loriel_name_%d - " HDR "\n", exp->ordinal);
            fprintf(out, "\t.long .Loriel_relay_args_%d - " HDR "\n", exp->ordinal);
            fprintf(out, "\t.short %d\n", exp->ordinal - base);
            fprintf(out, "\t.byte %d, %d\n", exp->nargs, exp->type == EXP_VARARGS ? 1 : 0);
        }
        for (int i = 0; i < nexports; i++) {
            if (!is_relayed(&exports[i]))
                continue;
            fprintf(out, ".Loriel_relay_args_%d:\n", exports[i].ordinal);
            emit_string(exports[i].args);
        }
    }
    fputs(".Loriel_init_end:\n", out);

    /* Relay thunks: the descriptor in rax, then the dispatcher whose address relay_setup_module
     * stores in the slot (so modules need no ELF link to ntdll for relaying). */
    if (nrelay) {
        fputs("\n\t.text\n", out);
        for (int i = 0; i < nexports; i++) {
            struct export *exp = &exports[i];
            if (!is_relayed(exp))
                continue;
            fprintf(out, "\t.p2align 3\n.Loriel_relay_thunk_%d:\n", exp->ordinal);
            fprintf(out, "\tleaq .Loriel_relay_desc_%d(%%rip), %%rax\n", exp->ordinal);
            fputs("\tjmp *.Loriel_relay_slot(%rip)\n", out);
        }
        fputs("\n\t.data\n\t.p2align 3\n.Loriel_relay_slot:\n\t.quad 0\n", out);
    }

    /* Stubs: report and terminate (SysV call into ntdll; the stack is realigned, it never returns). */
    if (nstubs) {
        fputs("\n\t.section .rodata.str1.1,\"aMS\",@progbits,1\n.Loriel_stub_dll:\n", out);
        emit_string(dll_name);
        fputs("\n\t.text\n", out);
        for (int i = 0; i < nexports; i++) {
            struct export *exp = &exports[i];
            if (exp->type != EXP_STUB)
                continue;
            fprintf(out, "\t.p2align 3\n.Loriel_stub_%d:\n", exp->ordinal);
            fputs("\tleaq .Loriel_stub_dll(%rip), %rdi\n", out);
            fprintf(out, "\tleaq .Loriel_name_%d(%%rip), %%rsi\n", exp->ordinal);
            fputs("\tandq $-16, %rsp\n"
                  "\tcall __oriel_stub_called@PLT\n"
                  "\tud2\n",
                  out);
        }
    }

    /* A page-aligned marker in .lbss, which the default linker script places after all of .bss (COMMON and
     * archive members included): SizeOfImage spans the module through its last page. */
    fputs("\n\t.section .lbss.oriel_image_end,\"aw\",@nobits\n"
          "\t.p2align 12\n"
          ".Loriel_image_end:\n",
          out);
    fputs("\n\t.section .note.GNU-stack,\"\",@progbits\n", out);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void output_map(FILE *map)
{
    char **syms = xmalloc(nexports * sizeof(*syms));
    int n = 0;

    for (int i = 0; i < nexports; i++)
        if (exports[i].symbol && !exports[i].forward)
            syms[n++] = exports[i].symbol;
    qsort(syms, n, sizeof(*syms), cmp_str);
    fprintf(map, "/* Generated by tools/specgen from %s; do not edit. */\n{\n  global:\n", spec_path);
    for (int i = 0; i < n; i++)
        if (!i || strcmp(syms[i], syms[i - 1]))
            fprintf(map, "    %s;\n", syms[i]);
    fputs("    __oriel_*;\n  local: *;\n};\n", map);
    free(syms);
}

static void usage(void)
{
    fprintf(stderr, "usage: specgen -o OUTPUT.s -m OUTPUT.map [-e ENTRYSYMBOL] NAME.spec\n");
    exit(2);
}

static void write_file(const char *path, int is_map, const char *dll_name, const char *entry)
{
    char *tmp = xmalloc(strlen(path) + 16);
    FILE *f;

    /* write then rename, so an interrupted run never leaves a truncated file that make trusts */
    sprintf(tmp, "%s.%d", path, (int)getpid() % 100000);
    if (!(f = fopen(tmp, "w"))) {
        fprintf(stderr, "specgen: %s: %s\n", tmp, strerror(errno));
        exit(1);
    }
    if (is_map) {
        output_map(f);
    } else {
        out = f;
        output_asm(dll_name, entry);
    }
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "specgen: %s: write error\n", tmp);
        remove(tmp);
        exit(1);
    }
    if (rename(tmp, path)) {
        fprintf(stderr, "specgen: %s: %s\n", path, strerror(errno));
        remove(tmp);
        exit(1);
    }
    free(tmp);
}

int main(int argc, char **argv)
{
    const char *asm_path = NULL, *map_path = NULL, *entry = NULL;
    char *dll_name;
    const char *base_name, *dot;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            asm_path = argv[++i];
        else if (!strcmp(argv[i], "-m") && i + 1 < argc)
            map_path = argv[++i];
        else if (!strcmp(argv[i], "-e") && i + 1 < argc)
            entry = argv[++i];
        else if (argv[i][0] == '-' || spec_path)
            usage();
        else
            spec_path = argv[i];
    }
    if (!spec_path || (!asm_path && !map_path))
        usage();
    if (entry && !is_c_identifier(entry)) {
        fprintf(stderr, "specgen: invalid entry point symbol '%s'\n", entry);
        exit(2);
    }

    base_name = strrchr(spec_path, '/');
    base_name = base_name ? base_name + 1 : spec_path;
    dot = strrchr(base_name, '.');
    if (!dot || strcmp(dot, ".spec") || dot == base_name) {
        fprintf(stderr, "specgen: %s: spec file name must be NAME.spec\n", spec_path);
        exit(2);
    }
    dll_name = xmalloc(dot - base_name + 5);
    sprintf(dll_name, "%.*s.dll", (int)(dot - base_name), base_name);

    parse_spec(spec_path);
    assign_ordinals();
    if (asm_path)
        write_file(asm_path, 0, dll_name, entry);
    if (map_path)
        write_file(map_path, 1, dll_name, entry);
    return 0;
}
