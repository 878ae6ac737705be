/* The C runtime as plain programs use it: printf formatting (msvcrt's own printf, not mingw's),
 * the environment, file I/O in the current directory, the heap at scale, qsort/bsearch, string to
 * number conversion and time.  Output depends only on the program, never on the machine. */
#define __USE_MINGW_ANSI_STDIO 0 /* test msvcrt.dll's printf engine, as MSVC-built programs do */
#include <windows.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    if (lx > ls)
        return 0;
    return _stricmp(s + ls - lx, suffix) == 0;
}

static void test_printf(void)
{
    char buf[64];
    int n;

    printf("[printf]\n");
    printf("d: %d|%5d|%-5d|%05d|%+d|% d|%d\n", 42, 42, 42, 42, 42, 42, -42);
    printf("u/x/o: %u %x %X %#x %#X %o %#o %08x\n", 4000000000u, 0xbeefu, 0xbeefu, 255, 255, 8, 8, 0x1234);
    printf("64-bit: %lld %I64d %llu %I64x %llX\n", -9000000000000000000LL, 1234567890123LL,
           18446744073709551615ULL, 0x123456789abcdefULL, 0xfedcba9876543210ULL);
    printf("short: %hd %hu %hx\n", (short)-1234, (unsigned short)65535, (unsigned short)0xabcd);
    printf("f: %f|%.0f|%.3f|%10.3f|%-10.3f|%+.2f|%010.4f\n", 3.14159265, 2.4, -1.0005, 2.5, 2.5, 1.0, -3.25);
    printf("e: %e|%E|%.2e|%12.3e\n", 12345.678, 0.000123, 1e100, -6.02e23);
    printf("g: %g %g %g %g %G %g %.3g %#g\n", 0.0001, 0.00001, 123456.0, 1234567.0, 1e-10, 100.0, 3.14159,
           1.5);
    printf("s: [%s] [%.3s] [%8s] [%-8s] [%c%c] [%%]\n", "text", "truncated", "right", "left", 'o', 'k');
    printf("wide: [%ls] [%S]\n", L"wide string", L"also wide");
    printf("star: [%*d] [%-*d] [%.*f]\n", 6, 7, 6, 7, 2, 3.14159);
    printf("p: %p\n", (void *)(ULONG_PTR)0x12ab);
    n = sprintf(buf, "%s-%d-%.1f", "abc", 123, 4.56);
    printf("sprintf: \"%s\" returned %d\n", buf, n);
    memset(buf, '#', sizeof(buf));
    n = _snprintf(buf, 5, "%s", "overflowing");
    printf("_snprintf truncated: returned %d, bytes \"%.5s\", terminator written: %s\n", n, buf,
           buf[5] == '#' ? "no" : "yes");
    n = _snprintf(buf, sizeof(buf), "%d", 12345);
    printf("_snprintf fits: returned %d \"%s\"\n", n, buf);
}

static void test_environment(void)
{
    const char *v;
    char kbuf[64];
    int found = 0;

    printf("[environment]\n");
    v = getenv("PATH");
    printf("PATH is set: %s\n", v && *v ? "yes" : "no");
    v = getenv("SystemRoot");
    printf("SystemRoot ends with \\windows: %s\n", v && ends_with_nocase(v, "\\windows") ? "yes" : "no");
    printf("unset variable: %s\n", getenv("ORIEL_SAMPLE_SURELY_UNSET") ? "set" : "NULL");
    printf("_putenv: %d\n", _putenv("ORIEL_SAMPLE=value one"));
    v = getenv("ORIEL_SAMPLE");
    printf("getenv after _putenv: %s\n", v ? v : "NULL");
    v = getenv("oriel_sample");
    printf("getenv is case-insensitive: %s\n", v && !strcmp(v, "value one") ? "yes" : "no");
    for (char **e = _environ; *e; e++)
        if (!strncmp(*e, "ORIEL_SAMPLE=", 13))
            found++;
    printf("_environ entries for it: %d\n", found);
    /* msvcrt's _putenv also updates the Win32 environment block that child processes inherit */
    printf("GetEnvironmentVariableA sees it: %s\n",
           GetEnvironmentVariableA("ORIEL_SAMPLE", kbuf, sizeof(kbuf)) == 9 && !strcmp(kbuf, "value one")
               ? "yes"
               : "no");
    _putenv("ORIEL_SAMPLE=");
    printf("after removal: %s\n", getenv("ORIEL_SAMPLE") ? "set" : "NULL");
}

static void test_files(void)
{
    static const char name[] = "crt_sample.tmp";
    unsigned char data[3000], back[3100];
    char line[64];
    FILE *f;
    size_t n;
    int same, c, lines = 0;

    printf("[files]\n");
    for (int i = 0; i < (int)sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + (i >> 8));
    f = fopen(name, "wb");
    printf("fopen wb: %s\n", f ? "ok" : "failed");
    if (!f)
        return;
    n = fwrite(data, 1, sizeof(data), f);
    printf("fwrite: %u\n", (unsigned)n);
    printf("ftell: %ld\n", ftell(f));
    fclose(f);

    f = fopen(name, "rb");
    n = fread(back, 1, sizeof(back), f);
    same = n == sizeof(data) && !memcmp(data, back, n);
    printf("fread: %u, identical: %s, feof: %s\n", (unsigned)n, same ? "yes" : "no", feof(f) ? "yes" : "no");
    fseek(f, 1000, SEEK_SET);
    c = fgetc(f);
    printf("fseek 1000 then fgetc: %d (expected %d), ftell %ld\n", c, data[1000], ftell(f));
    fseek(f, -10, SEEK_END);
    printf("fseek -10 from end: ftell %ld\n", ftell(f));
    fclose(f);

    /* text mode turns \n into \r\n on write and back on read */
    f = fopen(name, "w");
    fputs("first line\nsecond line\n", f);
    fprintf(f, "%d %s\n", 3, "third");
    fclose(f);
    f = fopen(name, "rb");
    n = fread(back, 1, sizeof(back), f);
    fclose(f);
    printf("text file size on disk: %u, contains CRLF: %s\n", (unsigned)n,
           n > 11 && back[10] == '\r' && back[11] == '\n' ? "yes" : "no");
    f = fopen(name, "r");
    while (fgets(line, sizeof(line), f)) {
        size_t len = strlen(line);
        printf("line %d: len %u, ends with bare LF: %s\n", ++lines, (unsigned)len,
               len >= 2 && line[len - 1] == '\n' && line[len - 2] != '\r' ? "yes" : "no");
    }
    fclose(f);

    f = fopen(name, "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen(name, "rb");
    fseek(f, 0, SEEK_END);
    printf("size after append: %ld\n", ftell(f));
    fclose(f);

    printf("remove: %d\n", remove(name));
    errno = 0;
    f = fopen(name, "rb");
    printf("fopen after remove: %s, errno ENOENT: %s\n", f ? "opened" : "NULL",
           errno == ENOENT ? "yes" : "no");
    errno = 0;
    c = remove(name);
    printf("remove again: %d, errno ENOENT: %s\n", c, errno == ENOENT ? "yes" : "no");
}

static void test_heap(void)
{
    enum { COUNT = 20000 };
    static unsigned char *blocks[COUNT];
    static size_t sizes[COUNT];
    unsigned long long sum = 0;
    int bad = 0;
    unsigned char *big;
    int *zeroes;

    printf("[heap]\n");
    for (int i = 0; i < COUNT; i++) {
        sizes[i] = (size_t)(i * 37 % 4096) + 1;
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i]) {
            bad++;
            continue;
        }
        memset(blocks[i], i & 0xff, sizes[i]);
    }
    for (int i = 0; i < COUNT; i++) {
        unsigned char *p = realloc(blocks[i], sizes[i] * 2 + 16);
        if (!p) {
            bad++;
            continue;
        }
        for (size_t j = 0; j < sizes[i]; j++)
            if (p[j] != (i & 0xff)) {
                bad++;
                break;
            }
        memset(p + sizes[i], (i + 1) & 0xff, sizes[i] + 16);
        blocks[i] = p;
        sizes[i] = sizes[i] * 2 + 16;
    }
    for (int i = 1; i < COUNT; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    for (int i = 1; i < COUNT; i += 2) {
        sizes[i] = (size_t)(i % 100) + 1;
        blocks[i] = malloc(sizes[i]);
        memset(blocks[i], 0x5a, sizes[i]);
    }
    for (int i = 0; i < COUNT; i++) {
        for (size_t j = 0; j < sizes[i]; j++)
            sum += blocks[i][j];
        if (((ULONG_PTR)blocks[i] & 15) != 0)
            bad++; /* x64 malloc returns 16-byte aligned blocks */
    }
    for (int i = 0; i < COUNT; i++)
        free(blocks[i]);
    printf("blocks: %d, problems: %d, checksum: %llu\n", COUNT, bad, sum);

    big = malloc(64 << 20);
    if (big) {
        memset(big, 0xa5, 64 << 20);
        printf("64 MiB block: ok, last byte 0x%02x\n", big[(64 << 20) - 1]);
        big = realloc(big, 96 << 20);
        printf("grown to 96 MiB: %s, kept data: %s\n", big ? "ok" : "failed",
               big && big[(64 << 20) - 1] == 0xa5 ? "yes" : "no");
        free(big);
    } else {
        printf("64 MiB block: failed\n");
    }
    zeroes = calloc(1000, sizeof(int));
    bad = 0;
    for (int i = 0; i < 1000; i++)
        bad |= zeroes[i];
    printf("calloc zeroed: %s\n", zeroes && !bad ? "yes" : "no");
    free(zeroes);
    printf("realloc(NULL, 10) acts as malloc: %s\n", (big = realloc(NULL, 10)) ? "yes" : "no");
    free(big);
    free(NULL);
    printf("free(NULL): ok\n");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_sort(void)
{
    enum { N = 5000 };
    static int v[N];
    unsigned int seed = 12345;
    const char *names[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"};
    const char *key = "fig", **hit;
    int sorted = 1, key_int, *found;
    long long sum = 0;

    printf("[qsort]\n");
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (int)((seed >> 8) % 200001) - 100000;
        sum += v[i];
    }
    qsort(v, N, sizeof(int), cmp_int);
    for (int i = 1; i < N; i++)
        sorted &= v[i - 1] <= v[i];
    printf("%d ints sorted: %s, sum %lld, min %d, median %d, max %d\n", N, sorted ? "yes" : "no", sum, v[0],
           v[N / 2], v[N - 1]);
    key_int = v[1234];
    found = bsearch(&key_int, v, N, sizeof(int), cmp_int);
    printf("bsearch existing: %s\n", found && *found == key_int ? "found" : "missing");
    key_int = 100001;
    printf("bsearch absent: %s\n", bsearch(&key_int, v, N, sizeof(int), cmp_int) ? "found" : "missing");
    qsort(names, 8, sizeof(names[0]), cmp_str);
    printf("strings:");
    for (int i = 0; i < 8; i++)
        printf(" %s", names[i]);
    printf("\n");
    hit = bsearch(&key, names, 8, sizeof(names[0]), cmp_str);
    printf("bsearch fig at index %d\n", hit ? (int)(hit - names) : -1);
}

static void test_strtod(void)
{
    static const char *inputs[] = {"3.14159", "  -2.5e-3xyz", "1e308", "123.456e+2junk", ".5", "-0",
                                   "abc",     "1e500",        "+7.",   "  12  "};
    char *end;
    long l;

    printf("[strtod]\n");
    for (int i = 0; i < (int)(sizeof(inputs) / sizeof(inputs[0])); i++) {
        double d;
        errno = 0;
        d = strtod(inputs[i], &end);
        if (d == 0 && signbit(d))
            printf("\"%s\" -> negative zero, consumed %d\n", inputs[i], (int)(end - inputs[i]));
        else if (d == HUGE_VAL)
            printf("\"%s\" -> HUGE_VAL, consumed %d, ERANGE: %s\n", inputs[i], (int)(end - inputs[i]),
                   errno == ERANGE ? "yes" : "no");
        else
            printf("\"%s\" -> %.17g, consumed %d\n", inputs[i], d, (int)(end - inputs[i]));
    }
    printf("strtol: %ld %ld %ld %ld\n", strtol("0x1f", NULL, 16), strtol("0x1f", NULL, 0),
           strtol("-0777", NULL, 0), strtol("z", NULL, 36));
    errno = 0;
    l = strtol("99999999999", NULL, 10);
    printf("strtol overflow: %ld, ERANGE: %s\n", l, errno == ERANGE ? "yes" : "no");
    printf("strtoul: %lu, atoi: %d, atof: %g, _atoi64: %lld\n", strtoul("4294967295", NULL, 10),
           atoi(" -17abc"), atof("2.5e2"), _atoi64("-123456789012345"));
}

static void test_time(void)
{
    time_t now = time(NULL), t2, fixed = 1000000000;
    FILETIME ft;
    ULONGLONG ticks;
    struct tm *tm;
    char buf[128];

    printf("[time]\n");
    printf("time() after 2020: %s\n", now > 1577836800 ? "yes" : "no");
    time(&t2);
    printf("time(&t) agrees: %s\n", t2 >= now && t2 - now < 5 ? "yes" : "no");
    GetSystemTimeAsFileTime(&ft);
    ticks = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    printf("matches GetSystemTimeAsFileTime: %s\n",
           llabs((long long)(ticks / 10000000 - 11644473600ULL) - (long long)now) < 5 ? "yes" : "no");
    printf("sizeof(time_t): %u\n", (unsigned)sizeof(time_t));
    tm = gmtime(&fixed);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %A %B yday=%j wday=%w", tm);
    printf("gmtime(1000000000): %s\n", buf);
    printf("tm fields: %d %d %d %d %d %d isdst=%d\n", tm->tm_year, tm->tm_mon, tm->tm_mday, tm->tm_hour,
           tm->tm_min, tm->tm_sec, tm->tm_isdst);
    printf("clock() non-negative: %s\n", clock() >= 0 ? "yes" : "no");
    printf("difftime: %.1f\n", difftime(fixed + 90, fixed));
}

int main(void)
{
    test_printf();
    test_environment();
    test_files();
    test_heap();
    test_sort();
    test_strtod();
    test_time();
    printf("done\n");
    return 0;
}
