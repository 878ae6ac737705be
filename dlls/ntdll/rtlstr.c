/*
 * Counted strings (UNICODE_STRING, ANSI_STRING, OEM_STRING), Rtl code page conversions and the wide
 * character helpers ntdll exports (wcslen ...). Conversions go through codepage.c with the process's
 * ANSI (1252) and OEM (437) code pages.
 */
#include <string.h>

#include "ntdll_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(rtlstr);

#define STATUS_SOME_NOT_MAPPED ((NTSTATUS)0x00000107)
#define STATUS_INVALID_PARAMETER_5 ((NTSTATUS)0xC00000F3)
#define MAX_USTR_BYTES 0xfffc /* largest even Length that leaves room for the terminator */

static HANDLE process_heap(void)
{
    return NtCurrentTeb()->Peb->ProcessHeap;
}

static SIZE_T wlen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return p - s;
}

static SIZE_T alen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return p - s;
}

/* ---- initialisation and freeing ---- */

void WINAPI RtlInitUnicodeString(PUNICODE_STRING str, PCWSTR src)
{
    str->Buffer = (PWSTR)src;
    if (!src) {
        str->Length = str->MaximumLength = 0;
        return;
    }
    SIZE_T bytes = wlen(src) * sizeof(WCHAR);
    if (bytes > MAX_USTR_BYTES)
        bytes = MAX_USTR_BYTES;
    str->Length = (USHORT)bytes;
    str->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
}

NTSTATUS WINAPI RtlInitUnicodeStringEx(PUNICODE_STRING str, PCWSTR src)
{
    if (src && wlen(src) * sizeof(WCHAR) > MAX_USTR_BYTES) {
        str->Length = str->MaximumLength = 0;
        str->Buffer = NULL;
        return STATUS_NAME_TOO_LONG;
    }
    RtlInitUnicodeString(str, src);
    return STATUS_SUCCESS;
}

void WINAPI RtlInitAnsiString(PANSI_STRING str, PCSTR src)
{
    str->Buffer = (PCHAR)src;
    if (!src) {
        str->Length = str->MaximumLength = 0;
        return;
    }
    SIZE_T len = alen(src);
    if (len > 0xfffe)
        len = 0xfffe;
    str->Length = (USHORT)len;
    str->MaximumLength = (USHORT)(len + 1);
}

NTSTATUS WINAPI RtlInitAnsiStringEx(PANSI_STRING str, PCSTR src)
{
    if (src && alen(src) > 0xfffe) {
        str->Length = str->MaximumLength = 0;
        str->Buffer = NULL;
        return STATUS_NAME_TOO_LONG;
    }
    RtlInitAnsiString(str, src);
    return STATUS_SUCCESS;
}

void WINAPI RtlInitString(PSTRING str, PCSTR src)
{
    RtlInitAnsiString(str, src);
}

void WINAPI RtlFreeUnicodeString(PUNICODE_STRING str)
{
    if (str->Buffer)
        RtlFreeHeap(process_heap(), 0, str->Buffer);
    str->Buffer = NULL;
    str->Length = str->MaximumLength = 0;
}

void WINAPI RtlFreeAnsiString(PANSI_STRING str)
{
    if (str->Buffer)
        RtlFreeHeap(process_heap(), 0, str->Buffer);
    str->Buffer = NULL;
    str->Length = str->MaximumLength = 0;
}

void WINAPI RtlFreeOemString(POEM_STRING str)
{
    RtlFreeAnsiString(str);
}

BOOLEAN WINAPI RtlCreateUnicodeString(PUNICODE_STRING str, PCWSTR src)
{
    SIZE_T bytes = (wlen(src) + 1) * sizeof(WCHAR);
    if (bytes > 0xffff)
        return FALSE;
    str->Buffer = RtlAllocateHeap(process_heap(), 0, bytes);
    if (!str->Buffer)
        return FALSE;
    memcpy(str->Buffer, src, bytes);
    str->Length = (USHORT)(bytes - sizeof(WCHAR));
    str->MaximumLength = (USHORT)bytes;
    return TRUE;
}

BOOLEAN WINAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING str, PCSTR src)
{
    STRING ansi;
    RtlInitAnsiString(&ansi, src);
    return !RtlAnsiStringToUnicodeString(str, &ansi, TRUE);
}

/* ---- copying and appending ---- */

void WINAPI RtlCopyUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src)
{
    if (!src) {
        dst->Length = 0;
        return;
    }
    USHORT len = src->Length < dst->MaximumLength ? src->Length : dst->MaximumLength;
    memmove(dst->Buffer, src->Buffer, len);
    dst->Length = len;
    if (len + sizeof(WCHAR) <= dst->MaximumLength)
        dst->Buffer[len / sizeof(WCHAR)] = 0;
}

void WINAPI RtlCopyString(PSTRING dst, const STRING *src)
{
    if (!src) {
        dst->Length = 0;
        return;
    }
    USHORT len = src->Length < dst->MaximumLength ? src->Length : dst->MaximumLength;
    memmove(dst->Buffer, src->Buffer, len);
    dst->Length = len;
}

static NTSTATUS append_w(PUNICODE_STRING dst, const WCHAR *src, SIZE_T bytes)
{
    if (dst->Length + bytes > dst->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove((char *)dst->Buffer + dst->Length, src, bytes);
    dst->Length += (USHORT)bytes;
    if (dst->Length + sizeof(WCHAR) <= dst->MaximumLength)
        dst->Buffer[dst->Length / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlAppendUnicodeToString(PUNICODE_STRING dst, PCWSTR src)
{
    if (!src)
        return STATUS_SUCCESS;
    return append_w(dst, src, wlen(src) * sizeof(WCHAR));
}

NTSTATUS WINAPI RtlAppendUnicodeStringToString(PUNICODE_STRING dst, PCUNICODE_STRING src)
{
    return append_w(dst, src->Buffer, src->Length);
}

NTSTATUS WINAPI RtlAppendAsciizToString(PSTRING dst, PCSTR src)
{
    if (!src)
        return STATUS_SUCCESS;
    SIZE_T len = alen(src);
    if (dst->Length + len > dst->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(dst->Buffer + dst->Length, src, len);
    dst->Length += (USHORT)len;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlAppendStringToString(PSTRING dst, const STRING *src)
{
    if (dst->Length + src->Length > dst->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(dst->Buffer + dst->Length, src->Buffer, src->Length);
    dst->Length += src->Length;
    return STATUS_SUCCESS;
}

/* ---- comparison and case ---- */

WCHAR WINAPI RtlUpcaseUnicodeChar(WCHAR ch)
{
    return ntdll_towupper(ch);
}

WCHAR WINAPI RtlDowncaseUnicodeChar(WCHAR ch)
{
    return ntdll_towlower(ch);
}

CHAR WINAPI RtlUpperChar(CHAR ch)
{
    /* only ASCII letters: Windows leaves characters of the upper half alone here */
    return (ch >= 'a' && ch <= 'z') ? ch - 'a' + 'A' : ch;
}

LONG WINAPI RtlCompareUnicodeStrings(const WCHAR *s1, SIZE_T len1, const WCHAR *s2, SIZE_T len2, BOOLEAN ci)
{
    SIZE_T n = len1 < len2 ? len1 : len2;
    for (SIZE_T i = 0; i < n; i++) {
        WCHAR a = s1[i], b = s2[i];
        if (ci) {
            a = ntdll_towupper(a);
            b = ntdll_towupper(b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)len1 - (LONG)len2;
}

LONG WINAPI RtlCompareUnicodeString(PCUNICODE_STRING s1, PCUNICODE_STRING s2, BOOLEAN ci)
{
    return RtlCompareUnicodeStrings(s1->Buffer, s1->Length / sizeof(WCHAR), s2->Buffer,
                                    s2->Length / sizeof(WCHAR), ci);
}

BOOLEAN WINAPI RtlEqualUnicodeString(PCUNICODE_STRING s1, PCUNICODE_STRING s2, BOOLEAN ci)
{
    if (s1->Length != s2->Length)
        return FALSE;
    return !RtlCompareUnicodeString(s1, s2, ci);
}

BOOLEAN WINAPI RtlPrefixUnicodeString(PCUNICODE_STRING prefix, PCUNICODE_STRING str, BOOLEAN ci)
{
    if (prefix->Length > str->Length)
        return FALSE;
    return !RtlCompareUnicodeStrings(prefix->Buffer, prefix->Length / sizeof(WCHAR), str->Buffer,
                                     prefix->Length / sizeof(WCHAR), ci);
}

LONG WINAPI RtlCompareString(const STRING *s1, const STRING *s2, BOOLEAN ci)
{
    USHORT n = s1->Length < s2->Length ? s1->Length : s2->Length;
    for (USHORT i = 0; i < n; i++) {
        unsigned char a = s1->Buffer[i], b = s2->Buffer[i];
        if (ci) {
            a = (unsigned char)RtlUpperChar((CHAR)a);
            b = (unsigned char)RtlUpperChar((CHAR)b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)s1->Length - (LONG)s2->Length;
}

BOOLEAN WINAPI RtlEqualString(const STRING *s1, const STRING *s2, BOOLEAN ci)
{
    return s1->Length == s2->Length && !RtlCompareString(s1, s2, ci);
}

static NTSTATUS change_case(PUNICODE_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc, WCHAR (*map)(WCHAR))
{
    USHORT len = src->Length;
    if (alloc) {
        dst->Buffer = RtlAllocateHeap(process_heap(), 0, len ? len : sizeof(WCHAR));
        if (!dst->Buffer)
            return STATUS_NO_MEMORY;
        dst->MaximumLength = len;
    } else if (len > dst->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (USHORT i = 0; i < len / sizeof(WCHAR); i++)
        dst->Buffer[i] = map(src->Buffer[i]);
    dst->Length = len;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlUpcaseUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return change_case(dst, src, alloc, ntdll_towupper);
}

NTSTATUS WINAPI RtlDowncaseUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return change_case(dst, src, alloc, ntdll_towlower);
}

/* ---- code page conversions ---- */

static NTSTATUS mb_to_unicode_n(UINT cp, PWCH dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen)
{
    int needed = ntdll_cp_mbstowcs(cp, 0, src, (int)srclen, NULL, 0);
    ULONG max = dstlen / sizeof(WCHAR);
    int count = needed;
    if ((ULONG)needed > max) {
        /* single-byte code pages: one WCHAR per byte, so the result is the truncated prefix */
        srclen = max;
        count = ntdll_cp_mbstowcs(cp, 0, src, (int)srclen, dst, (int)max);
        if (count < 0)
            count = 0;
    } else if (needed) {
        ntdll_cp_mbstowcs(cp, 0, src, (int)srclen, dst, (int)max);
    }
    if (reslen)
        *reslen = count * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

static NTSTATUS unicode_to_mb_n(UINT cp, PCHAR dst, ULONG dstlen, PULONG reslen, PCWCH src, ULONG srclen)
{
    ULONG chars = srclen / sizeof(WCHAR);
    if (chars > dstlen)
        chars = dstlen; /* single-byte code pages: one byte per WCHAR */
    int count = chars ? ntdll_cp_wcstombs(cp, 0, src, (int)chars, dst, (int)dstlen, NULL, NULL) : 0;
    if (count < 0)
        count = 0;
    if (reslen)
        *reslen = count;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlMultiByteToUnicodeN(PWCH dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen)
{
    return mb_to_unicode_n(ORIEL_ANSI_CP, dst, dstlen, reslen, src, srclen);
}

NTSTATUS WINAPI RtlOemToUnicodeN(PWCH dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen)
{
    return mb_to_unicode_n(ORIEL_OEM_CP, dst, dstlen, reslen, src, srclen);
}

NTSTATUS WINAPI RtlMultiByteToUnicodeSize(PULONG size, LPCSTR src, ULONG len)
{
    *size = ntdll_cp_mbstowcs(ORIEL_ANSI_CP, 0, src, (int)len, NULL, 0) * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlUnicodeToMultiByteN(PCHAR dst, ULONG dstlen, PULONG reslen, PCWCH src, ULONG srclen)
{
    return unicode_to_mb_n(ORIEL_ANSI_CP, dst, dstlen, reslen, src, srclen);
}

NTSTATUS WINAPI RtlUnicodeToOemN(PCHAR dst, ULONG dstlen, PULONG reslen, PCWCH src, ULONG srclen)
{
    return unicode_to_mb_n(ORIEL_OEM_CP, dst, dstlen, reslen, src, srclen);
}

NTSTATUS WINAPI RtlUnicodeToMultiByteSize(PULONG size, PCWCH src, ULONG len)
{
    *size = ntdll_cp_wcstombs(ORIEL_ANSI_CP, 0, src, (int)(len / sizeof(WCHAR)), NULL, 0, NULL, NULL);
    return STATUS_SUCCESS;
}

ULONG WINAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING str)
{
    return (ntdll_cp_mbstowcs(ORIEL_ANSI_CP, 0, str->Buffer, str->Length, NULL, 0) + 1) * sizeof(WCHAR);
}

ULONG WINAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING str)
{
    return ntdll_cp_wcstombs(ORIEL_ANSI_CP, 0, str->Buffer, str->Length / sizeof(WCHAR), NULL, 0, NULL,
                             NULL) +
           1;
}

static NTSTATUS mb_string_to_unicode(UINT cp, PUNICODE_STRING dst, const STRING *src, BOOLEAN alloc)
{
    int chars = ntdll_cp_mbstowcs(cp, 0, src->Buffer, src->Length, NULL, 0);
    ULONG total = (chars + 1) * sizeof(WCHAR);
    if (total > 0xffff)
        return STATUS_INVALID_PARAMETER_2;
    if (alloc) {
        dst->Buffer = RtlAllocateHeap(process_heap(), 0, total);
        if (!dst->Buffer)
            return STATUS_NO_MEMORY;
        dst->MaximumLength = (USHORT)total;
    } else if (total > dst->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (chars)
        ntdll_cp_mbstowcs(cp, 0, src->Buffer, src->Length, dst->Buffer, chars);
    dst->Buffer[chars] = 0;
    dst->Length = (USHORT)(chars * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static NTSTATUS unicode_to_mb_string(UINT cp, PSTRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    int len = ntdll_cp_wcstombs(cp, 0, src->Buffer, src->Length / sizeof(WCHAR), NULL, 0, NULL, NULL);
    ULONG total = len + 1;
    NTSTATUS status = STATUS_SUCCESS;
    if (total > 0xffff)
        return STATUS_INVALID_PARAMETER_2;
    if (alloc) {
        dst->Buffer = RtlAllocateHeap(process_heap(), 0, total);
        if (!dst->Buffer)
            return STATUS_NO_MEMORY;
        dst->MaximumLength = (USHORT)total;
    } else if (total > dst->MaximumLength) {
        /* convert what fits, as Windows does, and report the overflow */
        if (!dst->MaximumLength)
            return STATUS_BUFFER_OVERFLOW;
        status = STATUS_BUFFER_OVERFLOW;
        len = dst->MaximumLength - 1;
    }
    ULONG written = 0;
    unicode_to_mb_n(cp, dst->Buffer, len, &written, src->Buffer, src->Length);
    dst->Buffer[written] = 0;
    dst->Length = (USHORT)written;
    return status;
}

NTSTATUS WINAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING dst, PCANSI_STRING src, BOOLEAN alloc)
{
    return mb_string_to_unicode(ORIEL_ANSI_CP, dst, src, alloc);
}

NTSTATUS WINAPI RtlOemStringToUnicodeString(PUNICODE_STRING dst, const STRING *src, BOOLEAN alloc)
{
    return mb_string_to_unicode(ORIEL_OEM_CP, dst, src, alloc);
}

NTSTATUS WINAPI RtlUnicodeStringToAnsiString(PANSI_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return unicode_to_mb_string(ORIEL_ANSI_CP, dst, src, alloc);
}

NTSTATUS WINAPI RtlUnicodeStringToOemString(POEM_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return unicode_to_mb_string(ORIEL_OEM_CP, dst, src, alloc);
}

/* UTF-8 conversions report lengths in bytes; dst NULL asks for the size. Invalid input is replaced by
 * U+FFFD and reported as STATUS_SOME_NOT_MAPPED; a short buffer gets what fits and STATUS_BUFFER_TOO_SMALL.
 */
NTSTATUS WINAPI RtlUTF8ToUnicodeN(PWSTR dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen)
{
    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!reslen)
        return STATUS_INVALID_PARAMETER;
    int needed = ntdll_cp_mbstowcs(65001, 0, src, (int)srclen, NULL, 0);
    NTSTATUS status = ntdll_cp_mbstowcs(65001, 0x08, src, (int)srclen, NULL, 0) < 0 ? STATUS_SOME_NOT_MAPPED
                                                                                    : STATUS_SUCCESS;
    if (!dst) {
        *reslen = needed * sizeof(WCHAR);
        return status;
    }
    ULONG max = dstlen / sizeof(WCHAR);
    if ((ULONG)needed <= max) {
        ntdll_cp_mbstowcs(65001, 0, src, (int)srclen, dst, needed ? needed : 1);
        *reslen = needed * sizeof(WCHAR);
        return status;
    }
    /* find the longest prefix of the input whose conversion fits */
    ULONG lo = 0, hi = srclen;
    while (lo < hi) {
        ULONG mid = (lo + hi + 1) / 2;
        if ((ULONG)ntdll_cp_mbstowcs(65001, 0, src, (int)mid, NULL, 0) <= max)
            lo = mid;
        else
            hi = mid - 1;
    }
    int count = lo ? ntdll_cp_mbstowcs(65001, 0, src, (int)lo, dst, (int)max) : 0;
    *reslen = (count > 0 ? count : 0) * sizeof(WCHAR);
    return STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS WINAPI RtlUnicodeToUTF8N(LPSTR dst, ULONG dstlen, PULONG reslen, PCWSTR src, ULONG srclen)
{
    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!reslen)
        return STATUS_INVALID_PARAMETER;
    if (srclen & 1)
        return STATUS_INVALID_PARAMETER_5;
    int chars = srclen / sizeof(WCHAR);
    int needed = ntdll_cp_wcstombs(65001, 0, src, chars, NULL, 0, NULL, NULL);
    NTSTATUS status = ntdll_cp_wcstombs(65001, 0x80, src, chars, NULL, 0, NULL, NULL) < 0
                          ? STATUS_SOME_NOT_MAPPED
                          : STATUS_SUCCESS;
    if (!dst) {
        *reslen = needed;
        return status;
    }
    if ((ULONG)needed <= dstlen) {
        if (needed)
            ntdll_cp_wcstombs(65001, 0, src, chars, dst, needed, NULL, NULL);
        *reslen = needed;
        return status;
    }
    int lo = 0, hi = chars;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if ((ULONG)ntdll_cp_wcstombs(65001, 0, src, mid, NULL, 0, NULL, NULL) <= dstlen)
            lo = mid;
        else
            hi = mid - 1;
    }
    int count = lo ? ntdll_cp_wcstombs(65001, 0, src, lo, dst, (int)dstlen, NULL, NULL) : 0;
    *reslen = count > 0 ? count : 0;
    return STATUS_BUFFER_TOO_SMALL;
}

/* ---- integers ---- */

NTSTATUS WINAPI RtlIntegerToChar(ULONG value, ULONG base, ULONG length, PCHAR str)
{
    char buf[33];
    int pos = sizeof(buf);
    if (!base)
        base = 10;
    if (base != 2 && base != 8 && base != 10 && base != 16)
        return STATUS_INVALID_PARAMETER;
    buf[--pos] = 0;
    do {
        ULONG digit = value % base;
        buf[--pos] = (char)(digit < 10 ? '0' + digit : 'A' + digit - 10);
        value /= base;
    } while (value);
    ULONG len = sizeof(buf) - 1 - pos;
    if (length < len)
        return STATUS_BUFFER_OVERFLOW;
    if (!str)
        return STATUS_ACCESS_VIOLATION;
    memcpy(str, buf + pos, len < length ? len + 1 : len);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlIntegerToUnicodeString(ULONG value, ULONG base, PUNICODE_STRING str)
{
    char buf[33];
    NTSTATUS status = RtlIntegerToChar(value, base, sizeof(buf), buf);
    if (status)
        return status;
    USHORT len = (USHORT)alen(buf);
    if ((ULONG)len * sizeof(WCHAR) >= str->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (USHORT i = 0; i <= len; i++)
        str->Buffer[i] = (unsigned char)buf[i];
    str->Length = len * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlUnicodeStringToInteger(PCUNICODE_STRING str, ULONG base, PULONG value)
{
    const WCHAR *p = str->Buffer;
    ULONG n = str->Length / sizeof(WCHAR);
    int negative = 0;
    while (n && *p <= ' ') {
        p++;
        n--;
    }
    if (n && (*p == '+' || *p == '-')) {
        negative = *p == '-';
        p++;
        n--;
    }
    if (!base) {
        base = 10;
        if (n >= 2 && p[0] == '0') {
            switch (p[1]) {
            case 'b':
                base = 2;
                break;
            case 'o':
                base = 8;
                break;
            case 'x':
                base = 16;
                break;
            }
            if (base != 10) {
                p += 2;
                n -= 2;
            }
        }
    } else if (base != 2 && base != 8 && base != 10 && base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!value)
        return STATUS_ACCESS_VIOLATION;
    ULONG result = 0;
    for (; n; p++, n--) {
        ULONG digit;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else if (*p >= 'a' && *p <= 'z')
            digit = *p - 'a' + 10;
        else if (*p >= 'A' && *p <= 'Z')
            digit = *p - 'A' + 10;
        else
            break;
        if (digit >= base)
            break;
        result = result * base + digit;
    }
    *value = negative ? (ULONG) - (LONG)result : result;
    return STATUS_SUCCESS;
}

/* ---- wide character helpers exported by ntdll (cdecl; NTDLL_ prefix keeps them off libc's names) ---- */

SIZE_T WINAPI NTDLL_wcslen(const WCHAR *s)
{
    return wlen(s);
}

WCHAR *WINAPI NTDLL_wcscpy(WCHAR *dst, const WCHAR *src)
{
    WCHAR *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}

WCHAR *WINAPI NTDLL_wcscat(WCHAR *dst, const WCHAR *src)
{
    NTDLL_wcscpy(dst + wlen(dst), src);
    return dst;
}

WCHAR *WINAPI NTDLL_wcsncpy(WCHAR *dst, const WCHAR *src, SIZE_T n)
{
    SIZE_T i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

int WINAPI NTDLL_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (*a > *b) - (*a < *b);
}

int WINAPI NTDLL_wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (*a > *b) - (*a < *b);
        if (!*a)
            break;
    }
    return 0;
}

/* ntdll's _wcsicmp folds to lower case (like the CRT) */
int WINAPI NTDLL__wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (; n; n--, a++, b++) {
        WCHAR ca = ntdll_towlower(*a), cb = ntdll_towlower(*b);
        if (ca != cb)
            return (int)ca - (int)cb;
        if (!ca)
            break;
    }
    return 0;
}

int WINAPI NTDLL__wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return NTDLL__wcsnicmp(a, b, ~(SIZE_T)0);
}

WCHAR *WINAPI NTDLL_wcschr(const WCHAR *s, WCHAR c)
{
    do {
        if (*s == c)
            return (WCHAR *)s;
    } while (*s++);
    return NULL;
}

WCHAR *WINAPI NTDLL_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *last = NULL;
    do {
        if (*s == c)
            last = s;
    } while (*s++);
    return (WCHAR *)last;
}

WCHAR *WINAPI NTDLL_wcsstr(const WCHAR *s, const WCHAR *sub)
{
    SIZE_T n = wlen(sub);
    for (; *s; s++)
        if (!NTDLL_wcsncmp(s, sub, n))
            return (WCHAR *)s;
    return n ? NULL : (WCHAR *)s;
}

WCHAR *WINAPI NTDLL_wcspbrk(const WCHAR *s, const WCHAR *accept)
{
    for (; *s; s++)
        if (NTDLL_wcschr(accept, *s) && *s)
            return (WCHAR *)s;
    return NULL;
}

SIZE_T WINAPI NTDLL_wcsspn(const WCHAR *s, const WCHAR *accept)
{
    const WCHAR *p = s;
    while (*p && NTDLL_wcschr(accept, *p))
        p++;
    return p - s;
}

SIZE_T WINAPI NTDLL_wcscspn(const WCHAR *s, const WCHAR *reject)
{
    const WCHAR *p = s;
    while (*p && !NTDLL_wcschr(reject, *p))
        p++;
    return p - s;
}

WCHAR WINAPI NTDLL_towupper(WCHAR ch)
{
    return ntdll_towupper(ch);
}

WCHAR WINAPI NTDLL_towlower(WCHAR ch)
{
    return ntdll_towlower(ch);
}

WCHAR *WINAPI NTDLL__wcsupr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        *p = ntdll_towupper(*p);
    return s;
}

WCHAR *WINAPI NTDLL__wcslwr(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        *p = ntdll_towlower(*p);
    return s;
}

/* ---- memory blocks (kernel32 forwards RtlMoveMemory & co. here) ---- */

void WINAPI RtlMoveMemory(void *dst, const void *src, SIZE_T len)
{
    memmove(dst, src, len);
}

void WINAPI RtlFillMemory(void *dst, SIZE_T len, BYTE fill)
{
    memset(dst, fill, len);
}

void WINAPI RtlZeroMemory(void *dst, SIZE_T len)
{
    memset(dst, 0, len);
}

/* number of leading bytes that are equal */
SIZE_T WINAPI RtlCompareMemory(const void *a, const void *b, SIZE_T len)
{
    const BYTE *p = a, *q = b;
    SIZE_T i = 0;
    while (i < len && p[i] == q[i])
        i++;
    return i;
}

/* number of leading bytes whose ULONGs equal value (len is rounded down to ULONGs) */
SIZE_T WINAPI RtlCompareMemoryUlong(const void *src, SIZE_T len, ULONG value)
{
    const ULONG *p = src;
    SIZE_T i = 0, n = len / sizeof(ULONG);
    while (i < n && p[i] == value)
        i++;
    return i * sizeof(ULONG);
}
