/*
 * Unit test of the pure parts of dlls/ntdll/path.c: Win32 path normalisation and the NT <-> host path
 * mapping on a temporary prefix (dosdevices/c: -> ../drive_c, z: -> /).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../dlls/ntdll/ntdll_private.h"
#include "oriel/debug.h"

static int passed, failed;

/* What path.c needs from the rest of ntdll. */
unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    return ch->flags = 0;
}
int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...)
{
    return 0;
}
const char *__oriel_dbgstr_wn(const uint16_t *s, int n)
{
    return "";
}
WCHAR ntdll_towupper(WCHAR ch)
{
    if (ch >= 'a' && ch <= 'z')
        return ch - 0x20;
    if (ch >= 0xe0 && ch <= 0xfe && ch != 0xf7)
        return ch - 0x20;
    return ch;
}
PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size)
{
    return malloc(size);
}

static WCHAR *w(const char *s)
{
    static WCHAR bufs[4][1024];
    static int next;
    WCHAR *b = bufs[next++ & 3];
    size_t i = 0;
    for (; s[i]; i++)
        b[i] = (unsigned char)s[i];
    b[i] = 0;
    return b;
}

static const char *a(const WCHAR *s)
{
    static char bufs[4][1024];
    static int next;
    char *b = bufs[next++ & 3];
    size_t i = 0;
    for (; s[i] && i < 1023; i++)
        b[i] = s[i] < 128 ? (char)s[i] : '?';
    b[i] = 0;
    return b;
}

static void check(int cond, const char *what, const char *got, const char *expected)
{
    if (cond)
        passed++;
    else {
        failed++;
        printf("failed: %s: got \"%s\", expected \"%s\"\n", what, got, expected);
    }
}

static void test_full(const char *name, const char *curdir, const char *expected)
{
    WCHAR buf[512];
    ULONG len = path_full_name(w(name), w(curdir), buf, 512, NULL);
    if (!expected) {
        check(len == 0, name, len ? a(buf) : "", "(invalid)");
        return;
    }
    check(len == strlen(expected) && !strcmp(a(buf), expected), name, len ? a(buf) : "(invalid)", expected);
}

static void test_full_names(void)
{
    test_full("C:\\a\\b", "D:\\x\\", "C:\\a\\b");
    test_full("c:/a//b/", "D:\\x\\", "C:\\a\\b\\");
    test_full("foo", "C:\\dir\\", "C:\\dir\\foo");
    test_full("..\\foo", "C:\\dir\\sub\\", "C:\\dir\\foo");
    test_full("..\\..\\..\\foo", "C:\\dir\\", "C:\\foo");
    test_full(".\\a\\.\\b\\..\\c", "C:\\dir\\", "C:\\dir\\a\\c");
    test_full("\\root", "D:\\dir\\", "D:\\root");
    test_full("C:", "C:\\dir\\", "C:\\dir");
    test_full("C:x", "C:\\dir\\", "C:\\dir\\x");
    test_full("E:x", "C:\\dir\\", "E:\\x");
    test_full("file.  ", "C:\\d\\", "C:\\d\\file");
    test_full("file...", "C:\\d\\", "C:\\d\\file");
    test_full("dir.\\f", "C:\\", "C:\\dir\\f");
    test_full("nul", "C:\\d\\", "\\\\.\\nul");
    test_full("C:\\x\\NUL.txt", "C:\\d\\", "\\\\.\\NUL");
    test_full("com1", "C:\\d\\", "\\\\.\\com1");
    test_full("com0", "C:\\d\\", "C:\\d\\com0");
    test_full("CONOUT$", "C:\\d\\", "\\\\.\\CONOUT$");
    test_full("nullx", "C:\\d\\", "C:\\d\\nullx");
    test_full("\\\\?\\C:\\a\\..\\b", "C:\\", "\\\\?\\C:\\b");
    test_full("\\\\.\\C:\\a\\..\\b", "C:\\", "\\\\.\\C:\\b");
    test_full("\\\\server\\share\\a\\..\\b", "C:\\", "\\\\server\\share\\b");
    test_full("x", "\\\\srv\\sh\\dir\\", "\\\\srv\\sh\\dir\\x");
    test_full("\\x", "\\\\srv\\sh\\dir\\", "\\\\srv\\sh\\x");
    test_full("", "C:\\", NULL);

    /* too small a buffer: the size needed including the terminator */
    WCHAR small[4], *part;
    check(path_full_name(w("abc"), w("C:\\d\\"), small, 4, NULL) == 9, "size needed", "", "9");
    WCHAR buf[64];
    path_full_name(w("C:\\dir\\file.txt"), w("C:\\"), buf, 64, &part);
    check(part && !strcmp(a(part), "file.txt"), "file part", part ? a(part) : "(null)", "file.txt");
    path_full_name(w("C:\\dir\\"), w("C:\\"), buf, 64, &part);
    check(part == NULL, "no file part for a directory", part ? a(part) : "(null)", "(null)");
}

static char prefix[PATH_MAX];

static void test_nt(const char *nt, NTSTATUS expect_status, const char *expect_rel)
{
    char *unix_path = NULL, expected[PATH_MAX * 2];
    NTSTATUS status = path_nt_to_unix_in(prefix, w(nt), strlen(nt), &unix_path);
    char got[64];
    snprintf(got, sizeof(got), "%#x", (unsigned)status);
    char exp[64];
    snprintf(exp, sizeof(exp), "%#x", (unsigned)expect_status);
    check(status == expect_status, nt, got, exp);
    if (!status && expect_rel) {
        if (expect_rel[0] == '/')
            snprintf(expected, sizeof(expected), "%s", expect_rel);
        else
            snprintf(expected, sizeof(expected), "%s/dosdevices/%s", prefix, expect_rel);
        check(unix_path && !strcmp(unix_path, expected), nt, unix_path ? unix_path : "(null)", expected);
    }
    free(unix_path);
}

static void test_unix_to_dos(const char *unix_rel, const char *expected)
{
    char path[PATH_MAX * 2];
    WCHAR *dos = NULL;
    if (unix_rel[0] == '/')
        snprintf(path, sizeof(path), "%s", unix_rel);
    else
        snprintf(path, sizeof(path), "%s/%s", prefix, unix_rel);
    NTSTATUS status = path_unix_to_dos_in(prefix, path, &dos);
    check(!status && dos && !strcmp(a(dos), expected), unix_rel, dos ? a(dos) : "(error)", expected);
    free(dos);
}

static void mkfile(const char *rel)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", prefix, rel);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
}

static void mkd(const char *rel)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", prefix, rel);
    mkdir(path, 0755);
}

int main(void)
{
    char tmpl[] = "/tmp/oriel-path-test-XXXXXX", link_path[PATH_MAX * 2];

    test_full_names();

    if (!mkdtemp(tmpl)) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    snprintf(prefix, sizeof(prefix), "%s", tmpl);
    mkd("drive_c");
    mkd("drive_c/Windows");
    mkd("drive_c/Windows/System32");
    mkfile("drive_c/Windows/System32/Kernel32.dll");
    mkd("drive_c/users");
    mkd("dosdevices");
    snprintf(link_path, sizeof(link_path), "%s/dosdevices/c:", prefix);
    if (symlink("../drive_c", link_path))
        failed++;
    snprintf(link_path, sizeof(link_path), "%s/dosdevices/z:", prefix);
    if (symlink("/", link_path))
        failed++;

    test_nt("\\??\\C:\\windows\\system32\\KERNEL32.DLL", 0, "c:/Windows/System32/Kernel32.dll");
    test_nt("C:\\WINDOWS\\newfile.txt", 0, "c:/Windows/newfile.txt");
    test_nt("\\??\\c:\\", 0, "c:");
    test_nt("\\??\\C:\\Windows\\..\\users", 0, "c:/users");
    test_nt("\\??\\C:\\nodir\\file.txt", STATUS_OBJECT_PATH_NOT_FOUND, NULL);
    test_nt("\\??\\C:\\Windows\\System32\\kernel32.dll\\x", STATUS_OBJECT_PATH_NOT_FOUND, NULL);
    test_nt("\\??\\Q:\\file", STATUS_OBJECT_PATH_NOT_FOUND, NULL);
    test_nt("\\??\\C:\\bad*name", STATUS_OBJECT_NAME_INVALID, NULL);
    test_nt("\\??\\NUL", 0, "/dev/null");
    test_nt("\\??\\Z:\\tmp", 0, NULL);

    test_unix_to_dos("drive_c/Windows/System32", "C:\\Windows\\System32");
    test_unix_to_dos("drive_c", "C:\\");
    test_unix_to_dos("drive_c/not-yet-there.txt", "C:\\not-yet-there.txt");
    test_unix_to_dos("dosdevices/c:/users", "C:\\users");
    test_unix_to_dos("/usr", "Z:\\usr");
    test_unix_to_dos("/", "Z:\\");

    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
    if (system(cmd)) {
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
