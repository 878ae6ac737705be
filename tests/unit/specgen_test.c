/*
 * Unit test of the spec compiler (tools/specgen) and of the relay/stub runtime (dlls/ntdll/relay.c).
 * At run time it builds a toy builtin DLL in a temporary directory with the host compiler: a support
 * library made of relay.c and debug.c stands in for ntdll. It then dlopens the DLL and checks the
 * in-memory PE header with the PE library (loader/pe.h), the exports against the ELF symbols, the
 * version script, a stub (in a child process), relay logging through the patched export table, and
 * the errors specgen reports for malformed spec lines.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <windows.h>
#include "../../loader/pe.h"

static int passed, failed;
static char root[PATH_MAX], tmp[256];

#define ok(cond, ...) ok_(__LINE__, (cond), __VA_ARGS__)
static int __attribute__((format(printf, 3, 4))) ok_(int line, int cond, const char *fmt, ...)
{
    va_list args;

    if (cond) {
        passed++;
        return 1;
    }
    failed++;
    printf("specgen_test.c:%d: ", line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    putchar('\n');
    return 0;
}

static int __attribute__((format(printf, 1, 2))) run(const char *fmt, ...)
{
    char cmd[8192];
    va_list args;
    int status;

    va_start(args, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, args);
    va_end(args);
    status = system(cmd);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static void write_file(const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmp, name);
    if (!(f = fopen(path, "w")) || fputs(text, f) < 0 || fclose(f)) {
        printf("cannot write %s\n", path);
        exit(1);
    }
}

static char *read_file(const char *name)
{
    static char buf[65536];
    char path[512];
    size_t n = 0;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmp, name);
    buf[0] = 0;
    if ((f = fopen(path, "r"))) {
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
    }
    buf[n] = 0;
    return buf;
}

static const char toy_spec[] = "# toy DLL for specgen_test\n"
                               "@ stdcall Add(long long) toy_add\n"
                               "@ stdcall Zeta(ptr str wstr double long long) toy_zeta  # stack arguments\n"
                               "@ varargs Sum(long) toy_sum\n"
                               "@ stdcall HeapFree(long long ptr) ntdll.RtlFreeHeap\n"
                               "@ stdcall ByOrd(long) ntdll.#12\n"
                               "@ stub Missing\n"
                               "@ extern toy_data\n"
                               "@ stdcall -norelay Plain() toy_plain\n"
                               "20 stdcall -noname Hidden() toy_hidden\n"
                               "@ stdcall DllMain(ptr long ptr) toy_dllmain\n"
                               "@ stdcall Many(long long long long long long long long) toy_many\n"
                               "@ stdcall AFirst() toy_plain\n";

static const char toy_c[] =
    "#include <windows.h>\n"
    "DECLSPEC_EXPORT int WINAPI toy_add(int a, int b) { return a + b; }\n"
    "DECLSPEC_EXPORT double WINAPI toy_zeta(void *p, const char *s, const WCHAR *w, double d, int e, int f)\n"
    "{ return d + e + f + (p != 0) + s[0] + w[0]; }\n"
    "DECLSPEC_EXPORT int WINAPIV toy_sum(int n, ...)\n"
    "{ __ms_va_list l; int s = 0; __ms_va_start(l, n); while (n--) s += __builtin_va_arg(l, int);\n"
    "  __ms_va_end(l); return s; }\n"
    "DECLSPEC_EXPORT int toy_data[4] = {11, 22, 33, 44};\n"
    "int WINAPI toy_plain(void) { return 7; }\n"
    "int WINAPI toy_hidden(void) { return 8; }\n"
    "BOOL WINAPI toy_dllmain(HINSTANCE h, DWORD r, LPVOID p) { return TRUE; }\n"
    "long long WINAPI toy_many(int a, int b, int c, int d, int e, int f, int g, int h)\n"
    "{ return a + 10LL * b + 100LL * c + 1000LL * d + 10000LL * e + 100000LL * f + 1000000LL * g\n"
    "         + 10000000LL * h; }\n"
    "static char big_bss[100000];\n"
    "void *toy_bss(void) { return big_bss; }\n";

static const char support_c[] = "#include <unistd.h>\n"
                                "__attribute__((ms_abi, noreturn)) void RtlExitUserProcess(unsigned int s)\n"
                                "{ _exit(s & 0xff); }\n";

static int build_toy(void)
{
    const char *cc = getenv("CC") ? getenv("CC") : "cc";

    write_file("toy.spec", toy_spec);
    write_file("toy.c", toy_c);
    write_file("support.c", support_c);
    if (!ok(!run("cd %s && %s/tools/specgen -o toy.spec.s -m toy.map -e toy_dllmain toy.spec", tmp, root),
            "specgen failed on the toy spec"))
        return 0;
    if (!ok(!run("cd %s && %s -std=gnu11 -shared -fPIC -O1 -I%s/include -I%s/dlls/ntdll -DORIEL_HOST_DEBUG "
                 "-o libsupport.so %s/dlls/ntdll/relay.c %s/dlls/ntdll/debug.c support.c -lpthread",
                 tmp, cc, root, root, root, root),
            "cannot build the support library"))
        return 0;
    /* the same link as the DLL rule of Makefile.in: spec object last, version script, -Bsymbolic */
    return ok(!run("cd %s && %s -std=gnu11 -shared -fPIC -O2 -fvisibility=hidden -I%s/include -o toy.dll.so "
                   "toy.c toy.spec.s -Wl,--version-script=toy.map -Wl,-Bsymbolic -Wl,-z,defs "
                   "-L. -lsupport -Wl,-rpath,%s",
                   tmp, cc, root, tmp),
              "cannot link toy.dll.so");
}

struct extent {
    const void *addr;
    ULONG_PTR lo, hi;
};

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct extent *ext = arg;
    ULONG_PTR lo = ~(ULONG_PTR)0, hi = 0;
    int found = 0;

    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        ULONG_PTR s = info->dlpi_addr + ph->p_vaddr, e = s + ph->p_memsz;
        if (s < lo)
            lo = s;
        if (e > hi)
            hi = e;
        if ((ULONG_PTR)ext->addr >= s && (ULONG_PTR)ext->addr < e)
            found = 1;
    }
    if (found) {
        ext->lo = lo;
        ext->hi = hi;
    }
    return found;
}

typedef int(WINAPI *fn_add)(int, int);
typedef double(WINAPI *fn_zeta)(void *, const char *, const WCHAR *, double, int, int);
typedef int(WINAPIV *fn_sum)(int, ...);
typedef int(WINAPI *fn_void)(void);
typedef long long(WINAPI *fn_many)(int, int, int, int, int, int, int, int);

/* Calls fn(2, 3) with the Windows ABI after loading recognisable values into every register the
 * Windows x64 ABI makes callee-saved (rbx rbp rdi rsi rsp r12-r15 xmm6-xmm15). Returns a bit mask of
 * the registers that did not survive; bit 31 when fn did not return 5 in eax. */
int regs_check(void *fn);
/* clang-format off */
__asm__(".text\n"
        "regs_check:\n"
        "\tpushq %rbp\n\tmovq %rsp,%rbp\n"
        "\tpushq %rbx\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
        "\tsubq $40,%rsp\n"
        "\tmovq %rdi,%rax\n"
        "\tmovq $0x1111,%rbx\n\tmovq $0x1212,%r12\n\tmovq $0x1313,%r13\n\tmovq $0x1414,%r14\n"
        "\tmovq $0x1515,%r15\n\tmovq $0x5151,%rsi\n\tmovq $0x6161,%rdi\n"
        "\tmovq $0x66,%rcx\n\tmovq %rcx,%xmm6\n\tincq %rcx\n\tmovq %rcx,%xmm7\n\tincq %rcx\n\tmovq %rcx,%xmm8\n"
        "\tincq %rcx\n\tmovq %rcx,%xmm9\n\tincq %rcx\n\tmovq %rcx,%xmm10\n\tincq %rcx\n\tmovq %rcx,%xmm11\n"
        "\tincq %rcx\n\tmovq %rcx,%xmm12\n\tincq %rcx\n\tmovq %rcx,%xmm13\n\tincq %rcx\n\tmovq %rcx,%xmm14\n"
        "\tincq %rcx\n\tmovq %rcx,%xmm15\n"
        "\tmovl $2,%ecx\n\tmovl $3,%edx\n"
        "\tcall *%rax\n"
        "\txorl %edx,%edx\n"
        "\tcmpl $5,%eax\n\tje 1f\n\torl $0x80000000,%edx\n1:\n"
        "\tcmpq $0x1111,%rbx\n\tje 1f\n\torl $1,%edx\n1:\n"
        "\tcmpq $0x1212,%r12\n\tje 1f\n\torl $2,%edx\n1:\n"
        "\tcmpq $0x1313,%r13\n\tje 1f\n\torl $4,%edx\n1:\n"
        "\tcmpq $0x1414,%r14\n\tje 1f\n\torl $8,%edx\n1:\n"
        "\tcmpq $0x1515,%r15\n\tje 1f\n\torl $0x10,%edx\n1:\n"
        "\tcmpq $0x5151,%rsi\n\tje 1f\n\torl $0x20,%edx\n1:\n"
        "\tcmpq $0x6161,%rdi\n\tje 1f\n\torl $0x40,%edx\n1:\n"
        "\tleaq -80(%rbp),%rcx\n\tcmpq %rcx,%rsp\n\tje 1f\n\torl $0x80,%edx\n1:\n"
        "\tmovq $0x66,%rcx\n"
        "\tmovq %xmm6,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x100,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm7,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x200,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm8,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x400,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm9,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x800,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm10,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x1000,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm11,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x2000,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm12,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x4000,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm13,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x8000,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm14,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x10000,%edx\n1:\n\tincq %rcx\n"
        "\tmovq %xmm15,%rax\n\tcmpq %rcx,%rax\n\tje 1f\n\torl $0x20000,%edx\n1:\n"
        "\tmovl %edx,%eax\n"
        "\tleaq -40(%rbp),%rsp\n"
        "\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
        "\tret\n");
/* clang-format on */

static void *export_address(struct pe_image *img, const char *name)
{
    struct pe_export exp;

    if (!pe_find_export(img, name, -1, &exp) || exp.forward)
        return NULL;
    return exp.address;
}

static void test_toy(void)
{
    char path[512];
    void *support, *dll, *hdr;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_EXPORT_DIRECTORY *dir;
    struct pe_image img;
    struct pe_export exp;
    struct extent ext;
    enum pe_error err;
    void (*setup)(HMODULE);

    setenv("ORIEL_DEBUG", "+relay", 1);
    snprintf(path, sizeof(path), "%s/libsupport.so", tmp);
    support = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    snprintf(path, sizeof(path), "%s/toy.dll.so", tmp);
    dll = dlopen(path, RTLD_NOW);
    if (!ok(support && dll, "dlopen: %s", dlerror()))
        return;
    hdr = dlsym(dll, "__oriel_pe_header");
    if (!ok(hdr != NULL, "no __oriel_pe_header"))
        return;
    ok(!((ULONG_PTR)hdr & 0xfff), "header %p is not page aligned", hdr);

    nt = (const void *)((BYTE *)hdr + ((IMAGE_DOS_HEADER *)hdr)->e_lfanew);
    err = pe_image_init(&img, hdr, nt->OptionalHeader.SizeOfImage);
    if (!ok(err == PE_OK, "pe_image_init: %s", pe_strerror(err)))
        return;
    ok(nt->FileHeader.Machine == IMAGE_FILE_MACHINE_AMD64, "machine %#x", nt->FileHeader.Machine);
    ok(nt->FileHeader.Characteristics ==
           (IMAGE_FILE_DLL | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE),
       "characteristics %#x", nt->FileHeader.Characteristics);
    ok(nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC, "magic %#x", nt->OptionalHeader.Magic);
    ok(nt->OptionalHeader.NumberOfRvaAndSizes == 16, "NumberOfRvaAndSizes %u",
       nt->OptionalHeader.NumberOfRvaAndSizes);
    ok(nt->OptionalHeader.SectionAlignment == 0x1000 && nt->OptionalHeader.FileAlignment == 0x1000,
       "alignments %#x %#x", nt->OptionalHeader.SectionAlignment, nt->OptionalHeader.FileAlignment);
    ok(nt->OptionalHeader.SizeOfImage % 0x1000 == 0, "SizeOfImage %#x not page aligned",
       nt->OptionalHeader.SizeOfImage);

    /* SizeOfImage reaches the end of the last mapped segment (the end of .bss) */
    ext.addr = hdr;
    if (ok(dl_iterate_phdr(phdr_cb, &ext), "header not inside a PT_LOAD segment"))
        ok((ULONG_PTR)hdr + nt->OptionalHeader.SizeOfImage >= ext.hi &&
               (ULONG_PTR)hdr + nt->OptionalHeader.SizeOfImage - ext.hi < 0x1000,
           "SizeOfImage %#x, module ends at +%#lx", nt->OptionalHeader.SizeOfImage,
           (unsigned long)(ext.hi - (ULONG_PTR)hdr));
    ok(nt->OptionalHeader.AddressOfEntryPoint &&
           (BYTE *)hdr + nt->OptionalHeader.AddressOfEntryPoint == export_address(&img, "DllMain"),
       "entry point rva %#x", nt->OptionalHeader.AddressOfEntryPoint);

    dir = pe_directory(&img, IMAGE_DIRECTORY_ENTRY_EXPORT, NULL);
    if (!ok(dir != NULL, "no export directory"))
        return;
    ok(!strcmp(pe_rva_string(&img, dir->Name), "toy.dll"), "module name %s", pe_rva_string(&img, dir->Name));
    ok(dir->Base == 1, "base %u", dir->Base);
    ok(dir->NumberOfFunctions == 20, "%u functions", dir->NumberOfFunctions);
    ok(dir->NumberOfNames == 11, "%u names", dir->NumberOfNames);
    {
        const DWORD *names = pe_rva(&img, dir->AddressOfNames, dir->NumberOfNames * 4);
        for (DWORD i = 1; names && i < dir->NumberOfNames; i++)
            ok(strcmp(pe_rva_string(&img, names[i - 1]), pe_rva_string(&img, names[i])) < 0,
               "names not sorted at %u", i);
    }

    ok(export_address(&img, "Add") == dlsym(dll, "toy_add"), "Add resolves to %p, toy_add is %p",
       export_address(&img, "Add"), dlsym(dll, "toy_add"));
    ok(export_address(&img, "Zeta") == dlsym(dll, "toy_zeta"), "Zeta");
    ok(export_address(&img, "Sum") == dlsym(dll, "toy_sum"), "Sum");
    ok(export_address(&img, "toy_data") == dlsym(dll, "toy_data"), "toy_data resolves to %p",
       export_address(&img, "toy_data"));
    if (export_address(&img, "toy_data"))
        ok(((int *)export_address(&img, "toy_data"))[2] == 33, "data export content");
    ok(pe_find_export(&img, "HeapFree", -1, &exp) && exp.forward && !strcmp(exp.forward, "ntdll.RtlFreeHeap"),
       "forward HeapFree");
    ok(pe_find_export(&img, "ByOrd", -1, &exp) && exp.forward && !strcmp(exp.forward, "ntdll.#12"),
       "forward ByOrd");
    ok(!pe_find_export(&img, "Hidden", -1, &exp), "-noname export found by name");
    ok(pe_find_export_ordinal(&img, 20, &exp) && exp.address && ((fn_void)exp.address)() == 8, "ordinal 20");
    ok(export_address(&img, "Plain") == export_address(&img, "AFirst"), "two names, one symbol");
    ok(export_address(&img, "Plain") && ((fn_void)export_address(&img, "Plain"))() == 7, "Plain");
    ok(pe_find_export(&img, "Missing", -1, &exp) && exp.address, "stub export");

    /* version script: exports and __oriel_* are global, the rest is local */
    ok(dlsym(dll, "toy_add") && dlsym(dll, "toy_data"), "exported C symbols hidden");
    ok(!dlsym(dll, "toy_bss"), "toy_bss is visible");

    /* a stub reports and exits with STATUS_ENTRYPOINT_NOT_FOUND & 0xff */
    fflush(stdout);
    pid_t pid = fork();
    if (!pid) {
        snprintf(path, sizeof(path), "%s/stub.err", tmp);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 2);
        ((fn_void)export_address(&img, "Missing"))();
        _exit(1);
    }
    int status;
    waitpid(pid, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0x39, "stub exit status %#x", status);
    ok(!strcmp(read_file("stub.err"), "oriel: unimplemented function toy.dll.Missing called\n"),
       "stub says %s", read_file("stub.err"));

    /* relay: the export table is patched to thunks; the functions still work */
    setup = (void (*)(HMODULE))dlsym(support, "relay_setup_module");
    if (!ok(setup != NULL, "no relay_setup_module"))
        return;
    void *add_before = export_address(&img, "Add");
    void *plain_before = export_address(&img, "Plain");
    int saved = dup(2);
    snprintf(path, sizeof(path), "%s/relay.err", tmp);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    setup(hdr);
    setup(hdr); /* idempotent */
    fn_add add = export_address(&img, "Add");
    fn_zeta zeta = export_address(&img, "Zeta");
    fn_sum sum = export_address(&img, "Sum");
    fn_many many = export_address(&img, "Many");
    int r_add = add ? add(2, 3) : -1;
    int regs = add ? regs_check(add) : -1;
    double r_zeta = zeta ? zeta(&fd, "hi", u"wide", 1.5, 2, 3) : -1;
    int r_sum = sum ? sum(6, 1, 2, 3, 4, 5, 6) : -1;
    long long r_many = many ? many(1, 2, 3, 4, 5, 6, 7, 8) : -1;
    dup2(saved, 2);
    close(fd);
    close(saved);
    ok(add && (void *)add != add_before, "Add not relayed");
    ok(export_address(&img, "Plain") == plain_before, "-norelay export relayed");
    ok(r_add == 5, "Add returned %d", r_add);
    ok(regs == 0, "registers clobbered through the relay: %#x", regs);
    ok(r_zeta == 1.5 + 2 + 3 + 1 + 'h' + 'w', "Zeta returned %g", r_zeta);
    ok(r_sum == 21, "Sum returned %d", r_sum);
    ok(r_many == 87654321, "Many returned %lld", r_many);

    const char *log = read_file("relay.err");
    ok(strstr(log, "Call toy.Add(00000002,00000003) ret=") != NULL, "no Call line for Add in:\n%s", log);
    ok(strstr(log, "Ret  toy.Add() retval=00000005 ret=") != NULL, "no Ret line for Add");
    ok(strstr(log, ",\"hi\",L\"wide\",1.5,00000002,00000003) ret=") != NULL, "Zeta arguments");
    ok(strstr(log, "Call toy.Sum(00000006,...) ret=") != NULL, "varargs Call line");
    ok(strstr(log,
              "Call toy.Many(00000001,00000002,00000003,00000004,00000005,00000006,00000007,00000008)") !=
           NULL,
       "Many arguments");
    ok(strstr(log, "Ret  toy.Many() retval=") != NULL, "Ret line for Many");
    ok(!strstr(log, "Plain"), "Plain logged");
}

static const struct {
    const char *line;
    const char *message;
} bad_specs[] = {
    {"@ stdcall Foo(long", "unterminated argument list"},
    {"@ stdcall Foo(long bogus)", "unknown argument type 'bogus'"},
    {"@ fastcall Foo()", "unknown type 'fastcall'"},
    {"x stdcall Foo()", "expected an ordinal"},
    {"0 stdcall Foo()", "out of range"},
    {"@ stdcall -nonsense Foo()", "unknown flag '-nonsense'"},
    {"@ stdcall Foo", "missing argument list"},
    {"@ stdcall -noname Foo()", "-noname needs an explicit ordinal"},
    {"@ stdcall ??2@YAPEAX_K@Z(long)", "not a C identifier"},
    {"@ stdcall Foo() bad-symbol", "invalid C symbol"},
    {"@ stdcall Foo() ntdll.", "invalid forward target"},
    {"@ stdcall Foo() ntdll.#x", "invalid ordinal in forward"},
    {"@ stub Foo Bar", "a stub takes no target"},
    {"@ stdcall Foo() Bar extra", "unexpected 'extra'"},
    {"@ stdcall", "missing export name"},
    {"@ stdcall Foo()\n@ stdcall Foo()", "defined twice"},
    {"5 stdcall Foo()\n5 stdcall Bar()", "ordinal 5 used twice"},
};

static void test_errors(void)
{
    for (unsigned int i = 0; i < sizeof(bad_specs) / sizeof(bad_specs[0]); i++) {
        char text[256], expect[64];
        int line = 2;

        for (const char *p = bad_specs[i].line; *p; p++)
            line += *p == '\n';
        snprintf(text, sizeof(text), "# bad spec\n%s\n", bad_specs[i].line);
        write_file("bad.spec", text);
        int rc = run("cd %s && %s/tools/specgen -o bad.s -m bad.map bad.spec 2>bad.err", tmp, root);
        const char *err = read_file("bad.err");
        snprintf(expect, sizeof(expect), "specgen: bad.spec:%d: ", line);
        ok(rc == 1, "'%s': exit status %d", bad_specs[i].line, rc);
        ok(!strncmp(err, expect, strlen(expect)) && strstr(err, bad_specs[i].message),
           "'%s': message '%s', want '%s...%s'", bad_specs[i].line, err, expect, bad_specs[i].message);
    }
    /* comments, blank lines, argument lists with extra blanks, '#' inside a forward */
    write_file("good.spec", "\n# comment\n  @ stdcall  Foo( long   ptr )  foo_impl # trailing\n"
                            "@ stdcall Bar(long) other.#7\n@ stub Baz(long ptr)\n");
    ok(!run("cd %s && %s/tools/specgen -o good.s -m good.map good.spec", tmp, root), "good spec rejected");
    ok(strstr(read_file("good.map"), "foo_impl;") && !strstr(read_file("good.map"), "Bar"), "good.map:\n%s",
       read_file("good.map"));
    ok(strstr(read_file("good.s"), "\"other.#7\"") != NULL, "forward string missing");
}

int main(int argc, char **argv)
{
    char *p;

    /* the repository root is two levels above tests/unit/specgen_test */
    if (!realpath("/proc/self/exe", root)) {
        printf("cannot find myself\n");
        return 1;
    }
    for (int i = 0; i < 3 && (p = strrchr(root, '/')); i++)
        *p = 0;
    snprintf(tmp, sizeof(tmp), "/tmp/specgen_test.XXXXXX");
    if (!mkdtemp(tmp)) {
        printf("mkdtemp failed\n");
        return 1;
    }

    if (build_toy())
        test_toy();
    test_errors();

    if (!failed && !getenv("SPECGEN_TEST_KEEP"))
        run("rm -rf %s", tmp);
    else
        printf("files kept in %s\n", tmp); /* SPECGEN_TEST_KEEP=1 keeps them after a success */
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
