/*
 * FormatMessageA/W (winbase.h): message text from a string or a module's message table, with
 * %1..%99 inserts (optionally with a !printf format!), %n line breaks and the other escapes.
 * The core works on UTF-16; the ANSI entry converts the source on the way in and the result on the
 * way out, and reads %s inserts as ANSI strings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(format);

#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS 0x00000200
#define FORMAT_MESSAGE_FROM_STRING 0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE 0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM 0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY 0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x000000ff
#define RT_MESSAGETABLE_ID 11
#define ERROR_MR_MID_NOT_FOUND_CODE 317
#define ERROR_INVALID_PARAMETER_CODE 87
#define ERROR_INSUFFICIENT_BUFFER_CODE 122
#define ERROR_NOT_ENOUGH_MEMORY_CODE 8

/* Largest result Windows produces: 64 KiB of characters. */
#define MAX_RESULT 0x10000

struct out {
    WCHAR *buf;
    SIZE_T len, size;
    BOOL overflow;
};

static void put(struct out *o, const WCHAR *s, SIZE_T n)
{
    if (o->len + n >= MAX_RESULT) {
        o->overflow = TRUE;
        return;
    }
    if (o->len + n + 1 > o->size) {
        SIZE_T size = (o->len + n + 1) * 2;
        WCHAR *grown = o->buf ? HeapReAlloc(GetProcessHeap(), 0, o->buf, size * sizeof(WCHAR))
                              : HeapAlloc(GetProcessHeap(), 0, size * sizeof(WCHAR));
        if (!grown) {
            o->overflow = TRUE;
            return;
        }
        o->buf = grown;
        o->size = size;
    }
    memcpy(o->buf + o->len, s, n * sizeof(WCHAR));
    o->len += n;
}

static void put_ascii(struct out *o, const char *s)
{
    while (*s) {
        WCHAR c = (unsigned char)*s++;
        put(o, &c, 1);
    }
}

static void put_ansi(struct out *o, const char *s, int max)
{
    int len = 0;
    while ((max < 0 || len < max) && s[len])
        len++;
    int wlen = MultiByteToWideChar(CP_ACP, 0, s, len, NULL, 0);
    WCHAR *w = HeapAlloc(GetProcessHeap(), 0, (wlen + 1) * sizeof(WCHAR));
    if (!w) {
        o->overflow = TRUE;
        return;
    }
    MultiByteToWideChar(CP_ACP, 0, s, len, w, wlen);
    put(o, w, wlen);
    HeapFree(GetProcessHeap(), 0, w);
}

static ULONG_PTR arg_at(const ULONG_PTR *args, int index)
{
    return args[index];
}

/* Formats insert `n` (1-based) with the printf-style spec between the exclamation marks (spec may
 * be NULL: "s"). `*` widths and precisions take the arguments after the insert's own. */
static void format_insert(struct out *o, const WCHAR *spec, SIZE_T spec_len, int n, const ULONG_PTR *args,
                          BOOL ansi)
{
    char fmt[64], text[512];
    int fi = 0, index = n - 1, width = -1, precision = -1;
    SIZE_T i = 0;
    BOOL is64 = FALSE;
    char size_prefix = 0; /* 'h': ANSI string, 'w': wide string */

    if (!spec) {
        spec = u"s";
        spec_len = 1;
    }
    fmt[fi++] = '%';
    while (i < spec_len && strchr("-+ #0", (char)spec[i]) && spec[i] && fi < 8)
        fmt[fi++] = (char)spec[i++];
    BOOL left = memchr(fmt, '-', fi) != NULL;
    if (i < spec_len && spec[i] == '*') {
        width = (int)arg_at(args, index++);
        i++;
    } else if (i < spec_len && spec[i] >= '0' && spec[i] <= '9') {
        width = 0;
        while (i < spec_len && spec[i] >= '0' && spec[i] <= '9')
            width = width * 10 + (spec[i++] - '0');
    }
    if (width >= 0)
        fi += snprintf(fmt + fi, sizeof(fmt) - fi, "%d", width);
    if (i < spec_len && spec[i] == '.') {
        fmt[fi++] = '.';
        i++;
        if (i < spec_len && spec[i] == '*') {
            precision = (int)arg_at(args, index++);
            fi += snprintf(fmt + fi, sizeof(fmt) - fi, "%d", precision);
            i++;
        } else {
            int p = 0;
            while (i < spec_len && spec[i] >= '0' && spec[i] <= '9' && fi < 40) {
                p = p * 10 + (spec[i] - '0');
                fmt[fi++] = (char)spec[i++];
            }
            precision = p;
        }
    }
    /* Size prefixes: h, l, ll, I64, I32, I (pointer size), w (wide string). */
    for (;;) {
        if (i < spec_len && spec[i] == 'l' && i + 1 < spec_len && spec[i + 1] == 'l') {
            is64 = TRUE;
            i += 2;
        } else if (i + 2 < spec_len && spec[i] == 'I' && spec[i + 1] == '6' && spec[i + 2] == '4') {
            is64 = TRUE;
            i += 3;
        } else if (i + 2 < spec_len && spec[i] == 'I' && spec[i + 1] == '3' && spec[i + 2] == '2') {
            i += 3;
        } else if (i < spec_len && spec[i] == 'I') {
            is64 = TRUE;
            i++;
        } else if (i < spec_len && (spec[i] == 'l' || spec[i] == 'w')) {
            size_prefix = 'w';
            i++;
        } else if (i < spec_len && spec[i] == 'h') {
            size_prefix = 'h';
            i++;
        } else
            break;
    }
    char conv = i < spec_len ? (char)spec[i] : 's';
    ULONG_PTR value = arg_at(args, index);

    switch (conv) {
    case 's':
    case 'S': {
        /* s is the entry point's own character set, S the other one; h and l/w force one. */
        BOOL wide = ansi ? conv == 'S' : conv == 's';
        if (size_prefix)
            wide = size_prefix == 'w';
        SIZE_T len = 0;
        int w = width;
        struct out tmp = {0};
        if (!value)
            put_ascii(&tmp, "(null)");
        else if (wide) {
            const WCHAR *s = (const WCHAR *)value;
            while ((precision < 0 || (int)len < precision) && s[len])
                len++;
            put(&tmp, s, len);
        } else
            put_ansi(&tmp, (const char *)value, precision);
        WCHAR space = ' ';
        if (!left)
            for (int k = (int)tmp.len; k < w; k++)
                put(o, &space, 1);
        put(o, tmp.buf, tmp.len);
        if (left)
            for (int k = (int)tmp.len; k < w; k++)
                put(o, &space, 1);
        if (tmp.overflow)
            o->overflow = TRUE;
        HeapFree(GetProcessHeap(), 0, tmp.buf);
        return;
    }
    case 'c':
    case 'C': {
        WCHAR c = (WCHAR)value;
        if ((conv == 'c' && ansi) || (conv == 'C' && !ansi)) {
            char a = (char)value;
            MultiByteToWideChar(CP_ACP, 0, &a, 1, &c, 1);
        }
        put(o, &c, 1);
        return;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        fi += snprintf(fmt + fi, sizeof(fmt) - fi, "ll%c", conv);
        if (is64)
            snprintf(text, sizeof(text), fmt, (long long)value);
        else if (conv == 'd' || conv == 'i')
            snprintf(text, sizeof(text), fmt, (long long)(LONG)value);
        else
            snprintf(text, sizeof(text), fmt, (long long)(ULONG)value);
        break;
    case 'p':
        snprintf(text, sizeof(text), "%016llX", (unsigned long long)value);
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': {
        double d;
        memcpy(&d, &value, sizeof(d));
        fmt[fi++] = conv;
        fmt[fi] = 0;
        snprintf(text, sizeof(text), fmt, d);
        break;
    }
    default:
        FIXME("unsupported insert format %c\n", conv);
        text[0] = 0;
        break;
    }
    put_ascii(o, text);
}

/* Expands the message text into o; FALSE when an insert has no argument to read. */
static BOOL format_text(struct out *o, const WCHAR *src, DWORD flags, const ULONG_PTR *args, BOOL ansi)
{
    DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    static const WCHAR crlf[] = u"\r\n";
    if (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK)
        FIXME_ONCE("line wrapping at %u is not done\n", width);

    while (*src) {
        if (*src == '%') {
            WCHAR c = src[1];
            if (c >= '1' && c <= '9') {
                const WCHAR *start = src;
                int n = c - '0';
                src += 2;
                if (*src >= '0' && *src <= '9')
                    n = n * 10 + (*src++ - '0');
                const WCHAR *spec = NULL;
                SIZE_T spec_len = 0;
                if (*src == '!') {
                    const WCHAR *end = src + 1;
                    while (*end && *end != '!')
                        end++;
                    if (*end == '!') {
                        spec = src + 1;
                        spec_len = end - spec;
                        src = end + 1;
                    }
                }
                if (flags & FORMAT_MESSAGE_IGNORE_INSERTS) {
                    put(o, start, src - start);
                    continue;
                }
                if (!args) {
                    SetLastError(ERROR_INVALID_PARAMETER_CODE);
                    return FALSE;
                }
                format_insert(o, spec, spec_len, n, args, ansi);
                continue;
            }
            if (c == '0')
                return TRUE; /* ends the message, without a final line break */
            src += 2;
            if (c == 'n')
                put(o, crlf, 2);
            else if (c == 'r')
                put(o, crlf, 1);
            else if (c == 't') {
                WCHAR tab = '\t';
                put(o, &tab, 1);
            } else if (c)
                put(o, &c, 1); /* %% %. %! %space and any other character stand for themselves */
            else
                src--;
            continue;
        }
        if (width && (*src == '\r' || *src == '\n')) {
            /* With a width limit the text's own line breaks become spaces. */
            WCHAR space = ' ';
            if (*src == '\r' && src[1] == '\n')
                src++;
            src++;
            if (*src)
                put(o, &space, 1);
            continue;
        }
        put(o, src++, 1);
    }
    return TRUE;
}

/* Finds message `id` in the RT_MESSAGETABLE resource of `module`; returns a new UTF-16 copy. */
static WCHAR *load_message(HMODULE module, DWORD id, DWORD lang)
{
    HRSRC res =
        FindResourceExW(module, (LPCWSTR)(ULONG_PTR)RT_MESSAGETABLE_ID, (LPCWSTR)(ULONG_PTR)1, (WORD)lang);
    if (!res)
        return NULL; /* FindResourceExW said why */
    const BYTE *table = LoadResource(module, res);
    if (!table)
        return NULL;
    ULONG blocks;
    memcpy(&blocks, table, sizeof(blocks));
    for (ULONG b = 0; b < blocks; b++) {
        ULONG low, high, offset;
        memcpy(&low, table + 4 + b * 12, 4);
        memcpy(&high, table + 8 + b * 12, 4);
        memcpy(&offset, table + 12 + b * 12, 4);
        if (id < low || id > high)
            continue;
        const BYTE *entry = table + offset;
        for (ULONG k = low; k < id; k++) {
            USHORT len;
            memcpy(&len, entry, 2);
            entry += len;
        }
        USHORT len, eflags;
        memcpy(&len, entry, 2);
        memcpy(&eflags, entry + 2, 2);
        SIZE_T chars = eflags & 1 ? (len - 4) / 2 : (SIZE_T)(len - 4);
        WCHAR *text = HeapAlloc(GetProcessHeap(), 0, (chars + 1) * sizeof(WCHAR));
        if (!text) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY_CODE);
            return NULL;
        }
        if (eflags & 1) {
            memcpy(text, entry + 4, chars * 2);
            text[chars] = 0;
        } else {
            int n = MultiByteToWideChar(CP_ACP, 0, (const char *)entry + 4, (int)chars, text, (int)chars);
            text[n] = 0;
        }
        return text;
    }
    SetLastError(ERROR_MR_MID_NOT_FOUND_CODE);
    return NULL;
}

static DWORD format_message(DWORD flags, const void *source, DWORD id, DWORD lang, void *buffer, DWORD size,
                            __ms_va_list *va, BOOL ansi)
{
    WCHAR *text = NULL;
    const ULONG_PTR *args = NULL;

    if (!buffer) {
        SetLastError(ERROR_INVALID_PARAMETER_CODE);
        return 0;
    }
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER)
        *(void **)buffer = NULL;
    /* A Windows x64 va_list is a pointer to consecutive 8-byte argument slots, the same layout as
     * FORMAT_MESSAGE_ARGUMENT_ARRAY's array, so inserts can be read by index either way. */
    if (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY)
        args = (const ULONG_PTR *)va;
    else if (va)
        args = (const ULONG_PTR *)*(char **)va;

    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (!source) {
            SetLastError(ERROR_INVALID_PARAMETER_CODE);
            return 0;
        }
        if (ansi) {
            int n = MultiByteToWideChar(CP_ACP, 0, source, -1, NULL, 0);
            text = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR));
            if (!text) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY_CODE);
                return 0;
            }
            MultiByteToWideChar(CP_ACP, 0, source, -1, text, n);
        }
    } else if (flags & (FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM)) {
        if ((flags & FORMAT_MESSAGE_FROM_HMODULE) && source)
            text = load_message((HMODULE)source, id, lang);
        if (!text && (flags & FORMAT_MESSAGE_FROM_SYSTEM)) {
            /* FIXME: there is no system message table yet. */
            FIXME_ONCE("no system message table: message %u not found\n", id);
            SetLastError(ERROR_MR_MID_NOT_FOUND_CODE);
        }
        if (!text)
            return 0;
    } else {
        SetLastError(ERROR_INVALID_PARAMETER_CODE);
        return 0;
    }

    struct out o = {0};
    BOOL ok = format_text(&o, text ? text : source, flags, args, ansi);
    HeapFree(GetProcessHeap(), 0, text);
    if (!ok || o.overflow) {
        if (ok)
            SetLastError(ERROR_INSUFFICIENT_BUFFER_CODE);
        HeapFree(GetProcessHeap(), 0, o.buf);
        return 0;
    }

    /* Result in the caller's character set. */
    DWORD result_len;
    void *result;
    SIZE_T unit = ansi ? 1 : sizeof(WCHAR);
    char *narrow = NULL;
    if (ansi) {
        result_len =
            o.len ? (DWORD)WideCharToMultiByte(CP_ACP, 0, o.buf, (int)o.len, NULL, 0, NULL, NULL) : 0;
        narrow = HeapAlloc(GetProcessHeap(), 0, result_len + 1);
        if (!narrow) {
            HeapFree(GetProcessHeap(), 0, o.buf);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY_CODE);
            return 0;
        }
        if (o.len)
            WideCharToMultiByte(CP_ACP, 0, o.buf, (int)o.len, narrow, (int)result_len, NULL, NULL);
        narrow[result_len] = 0;
        result = narrow;
    } else {
        result_len = (DWORD)o.len;
        result = o.buf;
    }

    DWORD ret = result_len;
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        SIZE_T alloc = (result_len + 1 > size ? result_len + 1 : size) * unit;
        void *mem = LocalAlloc(0, alloc);
        if (mem) {
            memcpy(mem, result ? result : (void *)u"", result_len * unit);
            memset((char *)mem + result_len * unit, 0, unit);
            *(void **)buffer = mem;
        } else {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY_CODE);
            ret = 0;
        }
    } else if (result_len + 1 > size) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER_CODE);
        ret = 0;
    } else {
        if (result_len)
            memcpy(buffer, result, result_len * unit);
        memset((char *)buffer + result_len * unit, 0, unit);
    }
    HeapFree(GetProcessHeap(), 0, o.buf);
    HeapFree(GetProcessHeap(), 0, narrow);
    return ret;
}

DWORD WINAPI FormatMessageW(DWORD flags, LPCVOID source, DWORD id, DWORD lang, LPWSTR buffer, DWORD size,
                            __ms_va_list *args)
{
    TRACE("%#x %p %u %#x %p %u %p\n", flags, source, id, lang, buffer, size, args);
    return format_message(flags, source, id, lang, buffer, size, args, FALSE);
}

DWORD WINAPI FormatMessageA(DWORD flags, LPCVOID source, DWORD id, DWORD lang, LPSTR buffer, DWORD size,
                            __ms_va_list *args)
{
    TRACE("%#x %p %u %#x %p %u %p\n", flags, source, id, lang, buffer, size, args);
    return format_message(flags, source, id, lang, buffer, size, args, TRUE);
}
