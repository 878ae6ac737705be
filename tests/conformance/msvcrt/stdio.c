/*
 * msvcrt streams: text-mode CR/LF translation, positioning, ungetc, buffering, wide characters and the
 * FILE layout mingw-w64's headers rely on.
 */
#include "test.h"
#include <errno.h>
#include <io.h>
#include <fcntl.h>

static char path[MAX_PATH];

static size_t read_raw(char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, size, f) : 0;
    if (f)
        fclose(f);
    return n;
}

static void test_text_mode(void)
{
    char buf[64];
    size_t n;
    FILE *f = fopen(path, "w");
    ok(f != NULL, "fopen w failed, errno %d\n", errno);
    if (!f)
        return;
    ok(fputs("a\nb", f) >= 0, "fputs failed\n");
    ok(fputc('\n', f) == '\n', "fputc failed\n");
    ok(fprintf(f, "%d\n", 12) == 3, "fprintf count\n");
    ok(ftell(f) == 10, "ftell in text mode counts CRs: got %ld\n", ftell(f));
    ok(fclose(f) == 0, "fclose failed\n");
    n = read_raw(buf, sizeof(buf));
    ok(n == 10 && !memcmp(buf, "a\r\nb\r\n12\r\n", 10), "raw contents: %u bytes\n", (unsigned)n);

    f = fopen(path, "r");
    ok(f != NULL, "fopen r failed\n");
    ok(fgets(buf, sizeof(buf), f) && !strcmp(buf, "a\n"), "fgets: %s\n", buf);
    ok(fgetc(f) == 'b', "fgetc b\n");
    ok(fgetc(f) == '\n', "CR LF reads as LF\n");
    ok(ungetc('X', f) == 'X', "ungetc\n");
    ok(fgetc(f) == 'X', "ungetc'ed char comes back\n");
    ok(fread(buf, 1, 10, f) == 3 && !memcmp(buf, "12\n", 3), "fread rest\n");
    ok(feof(f), "EOF flag not set\n");
    ok(fgetc(f) == EOF, "fgetc at end\n");
    clearerr(f);
    ok(!feof(f), "clearerr\n");
    rewind(f);
    ok(fgetc(f) == 'a', "rewind\n");
    fclose(f);
}

static void test_binary_seek(void)
{
    char buf[16];
    fpos_t pos;
    FILE *f = fopen(path, "w+b");
    ok(f != NULL, "fopen w+b failed\n");
    if (!f)
        return;
    ok(fwrite("0123456789", 1, 10, f) == 10, "fwrite\n");
    ok(ftell(f) == 10, "ftell after write: %ld\n", ftell(f));
    ok(fseek(f, 3, SEEK_SET) == 0, "fseek\n");
    ok(fgetc(f) == '3', "read after seek\n");
    ok(fgetpos(f, &pos) == 0 && pos == 4, "fgetpos: %d\n", (int)pos);
    ok(fseek(f, -2, SEEK_END) == 0 && fgetc(f) == '8', "SEEK_END\n");
    ok(fsetpos(f, &pos) == 0 && fgetc(f) == '4', "fsetpos\n");
    ok(fseek(f, 0, SEEK_CUR) == 0 && fputc('X', f) == 'X', "switch to writing\n");
    ok(_fseeki64(f, 0, SEEK_SET) == 0 && fread(buf, 1, 10, f) == 10 && !memcmp(buf, "01234X6789", 10),
       "contents after overwrite: %.10s\n", buf);
    ok(_ftelli64(f) == 10, "_ftelli64\n");
    ok(_filelengthi64(_fileno(f)) == 10, "_filelengthi64\n");
    fclose(f);
}

static void test_large(void)
{
    static char data[20000], back[20001];
    for (int i = 0; i < (int)sizeof(data); i++)
        data[i] = (char)(i * 7 + i / 251);
    FILE *f = fopen(path, "wb");
    ok(fwrite(data, 1, 100, f) == 100 && fwrite(data + 100, 1, sizeof(data) - 100, f) == sizeof(data) - 100,
       "large fwrite\n");
    fclose(f);
    f = fopen(path, "rb");
    ok(fgetc(f) == (unsigned char)data[0], "first byte\n");
    size_t n = fread(back + 1, 1, sizeof(back), f);
    ok(n == sizeof(data) - 1 && !memcmp(back + 1, data + 1, n), "large fread: %u\n", (unsigned)n);
    ok(feof(f), "EOF after a short fread\n");
    fclose(f);
}

static void test_wide(void)
{
    FILE *f = fopen(path, "wb");
    char buf[8];
    ok(putwc(0x263a, f) == 0x263a, "putwc binary\n");
    fclose(f);
    ok(read_raw(buf, sizeof(buf)) == 2 && (unsigned char)buf[0] == 0x3a && buf[1] == 0x26,
       "binary wide char is written raw\n");
    f = fopen(path, "rb");
    ok(getwc(f) == 0x263a, "getwc binary\n");
    ok(getwc(f) == WEOF, "getwc at end\n");
    fclose(f);

    f = fopen(path, "w");
    ok(putwc(L'A', f) == L'A', "putwc text\n");
    fclose(f);
    ok(read_raw(buf, sizeof(buf)) == 1 && buf[0] == 'A', "text-mode wide char goes out as a byte\n");
}

static void test_unicode_modes(void)
{
    unsigned char buf[32];
    FILE *f = fopen(path, "w");
    ok(_setmode(_fileno(f), _O_U16TEXT) == _O_TEXT, "_setmode _O_U16TEXT returns the old mode\n");
    ok(fputws(L"a\x263a\n", f) >= 0, "fputws\n");
    fflush(f);
    int old = _setmode(_fileno(f), _O_TEXT);
    ok(old == _O_U16TEXT || old == _O_WTEXT, "_setmode returned %#x\n", old);
    fclose(f);
    size_t n = read_raw((char *)buf, sizeof(buf));
    static const unsigned char expect16[] = {'a', 0, 0x3a, 0x26, '\r', 0, '\n', 0};
    ok(n == sizeof(expect16) && !memcmp(buf, expect16, n), "UTF-16 text: %u bytes\n", (unsigned)n);

    f = fopen(path, "r");
    _setmode(_fileno(f), _O_U16TEXT);
    ok(fgetwc(f) == 'a' && fgetwc(f) == 0x263a && fgetwc(f) == '\n' && fgetwc(f) == WEOF, "UTF-16 reading\n");
    fclose(f);

    f = fopen(path, "w");
    _setmode(_fileno(f), _O_U8TEXT);
    ok(fputws(L"\x263a\n", f) >= 0, "fputws U8\n");
    fclose(f);
    n = read_raw((char *)buf, sizeof(buf));
    ok(n == 5 && !memcmp(buf, "\xe2\x98\xba\r\n", 5), "UTF-8 text: %u bytes\n", (unsigned)n);
}

static void test_misc(void)
{
    ok(sizeof(FILE) == 48, "sizeof(FILE) %u\n", (unsigned)sizeof(FILE));
    ok(_fileno(stdin) == 0 && _fileno(stdout) == 1 && _fileno(stderr) == 2, "std fds\n");
    ok(stdout == &__iob_func()[1], "stdout is _iob[1]\n");

    FILE *f = fopen(path, "w");
    ok(setvbuf(f, NULL, _IOFBF, 1) == -1, "setvbuf rejects size 1\n");
    ok(setvbuf(f, NULL, _IONBF, 0) == 0, "setvbuf _IONBF\n");
    fputs("x", f);
    fclose(f);

    errno = 0;
    ok(fopen("Z:\\this\\does\\not\\exist.txt", "r") == NULL && errno == ENOENT, "missing file: errno %d\n",
       errno);
    errno = 0;
    ok(fopen(path, "q") == NULL && errno == EINVAL, "bad mode: errno %d\n", errno);

    int fd = _open(path, _O_RDONLY | _O_BINARY);
    ok(fd >= 3, "_open: %d\n", fd);
    f = _fdopen(fd, "rb");
    ok(f != NULL && fgetc(f) == 'x', "_fdopen\n");
    fclose(f);

    char line[16];
    int a = 0, b = 0;
    ok(sscanf("12 abc 0x1f", "%d %3s %x", &a, line, &b) == 3 && a == 12 && !strcmp(line, "abc") && b == 31,
       "sscanf: %d %s %d\n", a, line, b);
    ok(sscanf("", "%d", &a) == EOF, "sscanf on empty input\n");
    double d = 0;
    ok(sscanf("x=3.5;rest", "x=%lf;%[a-z]", &d, line) == 2 && d == 3.5 && !strcmp(line, "rest"),
       "sscanf %%lf %%[]: %f %s\n", d, line);
    short h = 0;
    __int64 big = 0;
    ok(sscanf("-7 123456789012", "%hd %I64d", &h, &big) == 2 && h == -7 && big == 123456789012LL, "sizes\n");
    ok(sscanf("abc", "%d", &a) == 0, "no match returns 0\n");
    int n = 0;
    ok(sscanf("  42xyz", "%d%n", &a, &n) == 1 && n == 4, "%%n: %d\n", n);

    int(__cdecl * p_swscanf)(const wchar_t *, const wchar_t *, ...) =
        (void *)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "swscanf");
    wchar_t ws[16];
    char ns[16];
    ok(p_swscanf(L"12 wide narrow", L"%d %s %S", &a, ws, ns) == 3 && a == 12 && !wcscmp(ws, L"wide") &&
           !strcmp(ns, "narrow"),
       "swscanf\n");
}

START_TEST(stdio)
{
    char dir[MAX_PATH];
    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%sost%lu.tmp", dir, GetCurrentProcessId());
    test_text_mode();
    test_binary_seek();
    test_large();
    test_wide();
    test_unicode_modes();
    test_misc();
    DeleteFileA(path);
}
