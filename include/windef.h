/*
 * Basic Windows types with Windows sizes on an LP64 host.
 * Written for oriel; layouts follow the Windows SDK documentation.
 */
#ifndef ORIEL_WINDEF_H
#define ORIEL_WINDEF_H

#include <stddef.h>
#include <stdint.h>

#ifndef __x86_64__
#error "oriel currently builds for x86_64 hosts only"
#endif

/* Calling conventions: every entry point reachable from guest code uses the Windows ABI. */
#define WINAPI __attribute__((ms_abi))
#define NTAPI WINAPI
#define CALLBACK WINAPI
#define APIENTRY WINAPI
#define CDECL WINAPI
#define WINAPIV WINAPI
#define __ms_va_list __builtin_ms_va_list
#define __ms_va_start(list, arg) __builtin_ms_va_start(list, arg)
#define __ms_va_end(list) __builtin_ms_va_end(list)

/* Exported API: visible to other builtin DLLs that link against the .so (the .spec and the generated
 * version script decide what is really exported). */
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define NTSYSAPI DECLSPEC_EXPORT
#define WINBASEAPI DECLSPEC_EXPORT
#define WINUSERAPI DECLSPEC_EXPORT
#define WINADVAPI DECLSPEC_EXPORT
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_HIDDEN __attribute__((visibility("hidden")))

#define C_ASSERT(e) _Static_assert(e, #e)

#ifndef NULL
#define NULL ((void *)0)
#endif
#define FALSE 0
#define TRUE 1
#define MAX_PATH 260

#define CONST const
#define VOID void
#define IN
#define OUT
#define OPTIONAL

typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID, *PCVOID;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE, BOOLEAN, *PBOOLEAN, UCHAR, *PUCHAR;
typedef char CHAR, *PCHAR, *LPCH, *PCH, CCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short WORD, *PWORD, *LPWORD, USHORT, *PUSHORT;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT, *LPUINT;
typedef int32_t LONG, *PLONG, *LPLONG;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, *LPDWORD;
typedef int64_t LONGLONG, *PLONGLONG, LONG64, *PLONG64, INT64, *PINT64;
typedef uint64_t ULONGLONG, *PULONGLONG, ULONG64, *PULONG64, DWORD64, *PDWORD64, UINT64, *PUINT64;
typedef int8_t INT8;
typedef uint8_t UINT8;
typedef int16_t INT16;
typedef uint16_t UINT16;
typedef int32_t INT32, LONG32;
typedef uint32_t UINT32, ULONG32, DWORD32;
typedef int64_t INT_PTR, *PINT_PTR, LONG_PTR, *PLONG_PTR, SSIZE_T, *PSSIZE_T;
typedef uint64_t UINT_PTR, *PUINT_PTR, ULONG_PTR, *PULONG_PTR, SIZE_T, *PSIZE_T, DWORD_PTR, *PDWORD_PTR;
typedef float FLOAT;
typedef double DOUBLE;

/* WCHAR is 16 bits; literals are written u"..." */
typedef uint16_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef CHAR *LPSTR, *PSTR, *NPSTR;
typedef const CHAR *LPCSTR, *PCSTR, *PCCH, *LPCCH;
typedef WCHAR *LPWSTR, *PWSTR, *NWPSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR, *PCWCH, *LPCWCH;
#ifdef UNICODE
typedef WCHAR TCHAR;
#else
typedef CHAR TCHAR;
#endif

typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef HANDLE HINSTANCE, HMODULE, HGLOBAL, HLOCAL, HKEY, HWND, HRSRC, HDC, HMENU, HICON, HBRUSH, HFONT;
typedef HKEY *PHKEY;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef LONG HRESULT;
typedef DWORD ACCESS_MASK, *PACCESS_MASK;
typedef WORD ATOM, LANGID;
typedef DWORD LCID;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM, LRESULT;
typedef INT_PTR(WINAPI *FARPROC)(void);
typedef INT_PTR(WINAPI *PROC)(void);

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    };
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        DWORD LowPart;
        DWORD HighPart;
    };
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *LPGUID;

#define LOWORD(l) ((WORD)((ULONG_PTR)(l)&0xffff))
#define HIWORD(l) ((WORD)((ULONG_PTR)(l) >> 16))
#define LOBYTE(w) ((BYTE)((ULONG_PTR)(w)&0xff))
#define MAKELONG(a, b) ((LONG)(((WORD)(a)) | ((DWORD)((WORD)(b))) << 16))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* ORIEL_WINDEF_H */
