/*
 * NT internal structures and ntdll prototypes.
 * Written for oriel; offsets of the public fields match 64-bit Windows 10 (checked by
 * tests/unit/layout_test.c). Private oriel fields only ever follow the documented ones.
 */
#ifndef ORIEL_WINTERNL_H
#define ORIEL_WINTERNL_H

#include "winnt.h"
#include "ntstatus.h"

typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without the terminator */
    USHORT MaximumLength; /* bytes */
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCANSI_STRING;

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _NT_TIB {
    struct _EXCEPTION_REGISTRATION_RECORD *ExceptionList;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID SubSystemTib;
    PVOID FiberData;
    PVOID ArbitraryUserPointer;
    struct _NT_TIB *Self;
} NT_TIB, *PNT_TIB;

typedef struct _CURDIR {
    UNICODE_STRING DosPath;
    HANDLE Handle;
} CURDIR, *PCURDIR;

typedef struct _RTL_DRIVE_LETTER_CURDIR {
    USHORT Flags;
    USHORT Length;
    ULONG TimeStamp;
    UNICODE_STRING DosPath;
} RTL_DRIVE_LETTER_CURDIR, *PRTL_DRIVE_LETTER_CURDIR;

typedef struct _RTL_USER_PROCESS_PARAMETERS {
    ULONG MaximumLength;
    ULONG Length;
    ULONG Flags;
    ULONG DebugFlags;
    HANDLE ConsoleHandle;
    ULONG ConsoleFlags;
    HANDLE StdInput;
    HANDLE StdOutput;
    HANDLE StdError;
    CURDIR CurrentDirectory;
    UNICODE_STRING DllPath;
    UNICODE_STRING ImagePathName;
    UNICODE_STRING CommandLine;
    PWSTR Environment;
    ULONG StartingX;
    ULONG StartingY;
    ULONG CountX;
    ULONG CountY;
    ULONG CountCharsX;
    ULONG CountCharsY;
    ULONG FillAttribute;
    ULONG WindowFlags;
    ULONG ShowWindowFlags;
    UNICODE_STRING WindowTitle;
    UNICODE_STRING Desktop;
    UNICODE_STRING ShellInfo;
    UNICODE_STRING RuntimeInfo;
    RTL_DRIVE_LETTER_CURDIR DLCurrentDirectory[32];
    ULONG_PTR EnvironmentSize;
    ULONG_PTR EnvironmentVersion;
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

typedef struct _PEB_LDR_DATA {
    ULONG Length;
    BOOLEAN Initialized;
    PVOID SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
    PVOID EntryInProgress;
    BOOLEAN ShutdownInProgress;
    HANDLE ShutdownThreadId;
} PEB_LDR_DATA, *PPEB_LDR_DATA;

typedef struct _LDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    PVOID DllBase;
    PVOID EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
    ULONG Flags;
    USHORT LoadCount; /* ObsoleteLoadCount on recent Windows */
    USHORT TlsIndex;
    LIST_ENTRY HashLinks;
    ULONG TimeDateStamp;
} LDR_DATA_TABLE_ENTRY, *PLDR_DATA_TABLE_ENTRY;

#define LDR_IMAGE_IS_DLL 0x00000004
#define LDR_LOAD_IN_PROGRESS 0x00001000
#define LDR_ENTRY_PROCESSED 0x00004000
#define LDR_PROCESS_ATTACHED 0x00080000

typedef struct _PEB {
    BOOLEAN InheritedAddressSpace;                  /* 000 */
    BOOLEAN ReadImageFileExecOptions;               /* 001 */
    BOOLEAN BeingDebugged;                          /* 002 */
    UCHAR BitField;                                 /* 003 */
    HANDLE Mutant;                                  /* 008 */
    PVOID ImageBaseAddress;                         /* 010 */
    PPEB_LDR_DATA Ldr;                              /* 018 */
    PRTL_USER_PROCESS_PARAMETERS ProcessParameters; /* 020 */
    PVOID SubSystemData;                            /* 028 */
    HANDLE ProcessHeap;                             /* 030 */
    PRTL_CRITICAL_SECTION FastPebLock;              /* 038 */
    PVOID AtlThunkSListPtr;                         /* 040 */
    PVOID IFEOKey;                                  /* 048 */
    ULONG CrossProcessFlags;                        /* 050 */
    PVOID KernelCallbackTable;                      /* 058 */
    ULONG SystemReserved;                           /* 060 */
    ULONG AtlThunkSListPtr32;                       /* 064 */
    PVOID ApiSetMap;                                /* 068 */
    ULONG TlsExpansionCounter;                      /* 070 */
    PVOID TlsBitmap;                                /* 078 */
    ULONG TlsBitmapBits[2];                         /* 080 */
    PVOID ReadOnlySharedMemoryBase;                 /* 088 */
    PVOID SharedData;                               /* 090 */
    PVOID *ReadOnlyStaticServerData;                /* 098 */
    PVOID AnsiCodePageData;                         /* 0a0 */
    PVOID OemCodePageData;                          /* 0a8 */
    PVOID UnicodeCaseTableData;                     /* 0b0 */
    ULONG NumberOfProcessors;                       /* 0b8 */
    ULONG NtGlobalFlag;                             /* 0bc */
    LARGE_INTEGER CriticalSectionTimeout;           /* 0c0 */
    SIZE_T HeapSegmentReserve;                      /* 0c8 */
    SIZE_T HeapSegmentCommit;                       /* 0d0 */
    SIZE_T HeapDeCommitTotalFreeThreshold;          /* 0d8 */
    SIZE_T HeapDeCommitFreeBlockThreshold;          /* 0e0 */
    ULONG NumberOfHeaps;                            /* 0e8 */
    ULONG MaximumNumberOfHeaps;                     /* 0ec */
    PVOID *ProcessHeaps;                            /* 0f0 */
    PVOID GdiSharedHandleTable;                     /* 0f8 */
    PVOID ProcessStarterHelper;                     /* 100 */
    ULONG GdiDCAttributeList;                       /* 108 */
    PRTL_CRITICAL_SECTION LoaderLock;               /* 110 */
    ULONG OSMajorVersion;                           /* 118 */
    ULONG OSMinorVersion;                           /* 11c */
    USHORT OSBuildNumber;                           /* 120 */
    USHORT OSCSDVersion;                            /* 122 */
    ULONG OSPlatformId;                             /* 124 */
    ULONG ImageSubSystem;                           /* 128 */
    ULONG ImageSubSystemMajorVersion;               /* 12c */
    ULONG ImageSubSystemMinorVersion;               /* 130 */
    ULONG_PTR ActiveProcessAffinityMask;            /* 138 */
    ULONG GdiHandleBuffer[60];                      /* 140 */
    PVOID PostProcessInitRoutine;                   /* 230 */
    PVOID TlsExpansionBitmap;                       /* 238 */
    ULONG TlsExpansionBitmapBits[32];               /* 240 */
    ULONG SessionId;                                /* 2c0 */
    BYTE Reserved[0x7c8 - 0x2c4];                   /* 2c4: fields oriel does not use yet */
} PEB, *PPEB;

#define TLS_MINIMUM_AVAILABLE 64
#define TLS_EXPANSION_SLOTS 1024

typedef struct _TEB {
    NT_TIB Tib;                            /* 0000 */
    PVOID EnvironmentPointer;              /* 0038 */
    CLIENT_ID ClientId;                    /* 0040 */
    PVOID ActiveRpcHandle;                 /* 0050 */
    PVOID ThreadLocalStoragePointer;       /* 0058 */
    PPEB Peb;                              /* 0060 */
    ULONG LastErrorValue;                  /* 0068 */
    ULONG CountOfOwnedCriticalSections;    /* 006c */
    PVOID CsrClientThread;                 /* 0070 */
    PVOID Win32ThreadInfo;                 /* 0078 */
    ULONG User32Reserved[26];              /* 0080 */
    ULONG UserReserved[5];                 /* 00e8 */
    PVOID WOW32Reserved;                   /* 0100 */
    ULONG CurrentLocale;                   /* 0108 */
    ULONG FpSoftwareStatusRegister;        /* 010c */
    BYTE Reserved1[0x1250 - 0x110];        /* 0110 */
    ULONG LastStatusValue;                 /* 1250 */
    BYTE Reserved2[0x1478 - 0x1254];       /* 1254 */
    PVOID DeallocationStack;               /* 1478 */
    PVOID TlsSlots[TLS_MINIMUM_AVAILABLE]; /* 1480 */
    LIST_ENTRY TlsLinks;                   /* 1680 */
    BYTE Reserved3[0x1780 - 0x1690];       /* 1690 */
    PVOID *TlsExpansionSlots;              /* 1780 */
    BYTE Reserved4[0x1838 - 0x1788];       /* 1788 */
    /* oriel private data follows the documented part */
    struct oriel_thread_data *oriel; /* 1838 */
} TEB, *PTEB;

static inline TEB *NtCurrentTeb(void)
{
    TEB *teb;
    __asm__ volatile("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
}

#define NtCurrentProcess() ((HANDLE) ~(ULONG_PTR)0)
#define NtCurrentThread() ((HANDLE) ~(ULONG_PTR)1)
#define GetCurrentProcessToken() ((HANDLE) ~(ULONG_PTR)3)

typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define OBJ_INHERIT 0x00000002
#define OBJ_PERMANENT 0x00000010
#define OBJ_EXCLUSIVE 0x00000020
#define OBJ_CASE_INSENSITIVE 0x00000040
#define OBJ_OPENIF 0x00000080
#define OBJ_OPENLINK 0x00000100

typedef void(NTAPI *PIO_APC_ROUTINE)(PVOID, PIO_STATUS_BLOCK, ULONG);

/* ntdll exports used by other builtin DLLs. Each area appends its own prototypes below. */

/* --- error conversion, last error --- */
NTSYSAPI ULONG WINAPI RtlNtStatusToDosError(NTSTATUS status);
NTSYSAPI ULONG WINAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS status);
NTSYSAPI NTSTATUS WINAPI RtlGetLastNtStatus(void);
NTSYSAPI DWORD WINAPI RtlGetLastWin32Error(void);
NTSYSAPI void WINAPI RtlSetLastWin32Error(DWORD err);
NTSYSAPI PEB *WINAPI RtlGetCurrentPeb(void);

/* --- exceptions and unwinding (exception.c, unwind.c, signal.c) --- */
NTSYSAPI void WINAPI RtlRaiseException(PEXCEPTION_RECORD rec);
NTSYSAPI NTSTATUS WINAPI NtRaiseException(PEXCEPTION_RECORD rec, PCONTEXT context, BOOLEAN first_chance);
NTSYSAPI NTSTATUS WINAPI NtContinue(PCONTEXT context, BOOLEAN alertable);
NTSYSAPI void WINAPI RtlCaptureContext(PCONTEXT context);
NTSYSAPI void WINAPI RtlRestoreContext(PCONTEXT context, PEXCEPTION_RECORD rec);
NTSYSAPI void WINAPI RtlUnwindEx(PVOID frame, PVOID target_ip, PEXCEPTION_RECORD rec, PVOID retval,
                                 PCONTEXT context, PUNWIND_HISTORY_TABLE history);
NTSYSAPI void WINAPI RtlUnwind(PVOID frame, PVOID target_ip, PEXCEPTION_RECORD rec, PVOID retval);
NTSYSAPI PVOID WINAPI RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler);
NTSYSAPI ULONG WINAPI RtlRemoveVectoredExceptionHandler(PVOID handle);
NTSYSAPI PVOID WINAPI RtlAddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler);
NTSYSAPI ULONG WINAPI RtlRemoveVectoredContinueHandler(PVOID handle);
NTSYSAPI PRUNTIME_FUNCTION WINAPI RtlLookupFunctionEntry(ULONG64 pc, PULONG64 base,
                                                         PUNWIND_HISTORY_TABLE history);
NTSYSAPI PEXCEPTION_ROUTINE WINAPI RtlVirtualUnwind(ULONG type, ULONG64 base, ULONG64 pc,
                                                    PRUNTIME_FUNCTION function, PCONTEXT context,
                                                    PVOID *handler_data, PULONG64 frame,
                                                    PKNONVOLATILE_CONTEXT_POINTERS ctx_ptr);
NTSYSAPI BOOLEAN WINAPI RtlAddFunctionTable(PRUNTIME_FUNCTION table, DWORD count, DWORD64 base);
NTSYSAPI BOOLEAN WINAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION table);
NTSYSAPI BOOLEAN WINAPI RtlInstallFunctionTableCallback(DWORD64 table, DWORD64 base, DWORD length,
                                                        PGET_RUNTIME_FUNCTION_CALLBACK callback,
                                                        PVOID context, PCWSTR dll);
NTSYSAPI PVOID WINAPI RtlPcToFileHeader(PVOID pc, PVOID *base);
NTSYSAPI USHORT WINAPI RtlCaptureStackBackTrace(ULONG skip, ULONG count, PVOID *buffer, PULONG hash);
typedef LONG(WINAPI *PRTL_UNHANDLED_EXCEPTION_FILTER)(EXCEPTION_POINTERS *info);
NTSYSAPI void WINAPI RtlSetUnhandledExceptionFilter(PRTL_UNHANDLED_EXCEPTION_FILTER filter);
NTSYSAPI EXCEPTION_DISPOSITION WINAPI __C_specific_handler(PEXCEPTION_RECORD rec, PVOID frame,
                                                           PCONTEXT context, PVOID dispatch);

/* --- heaps, virtual memory, strings, code pages, time, critical sections, system info
 *     (owner: memory/text helper; dlls/ntdll/heap.c virtual.c rtlstr.c codepage.c time.c critsection.c
 *     error.c sysinfo.c) --- */
typedef NTSTATUS(NTAPI *PRTL_HEAP_COMMIT_ROUTINE)(PVOID base, PVOID *address, PSIZE_T size);
typedef struct _RTL_HEAP_PARAMETERS {
    ULONG Length;
    SIZE_T SegmentReserve;
    SIZE_T SegmentCommit;
    SIZE_T DeCommitFreeBlockThreshold;
    SIZE_T DeCommitTotalFreeThreshold;
    SIZE_T MaximumAllocationSize;
    SIZE_T VirtualMemoryThreshold;
    SIZE_T InitialCommit;
    SIZE_T InitialReserve;
    PRTL_HEAP_COMMIT_ROUTINE CommitRoutine;
    SIZE_T Reserved[2];
} RTL_HEAP_PARAMETERS, *PRTL_HEAP_PARAMETERS;

NTSYSAPI PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock,
                                    PRTL_HEAP_PARAMETERS params);
NTSYSAPI PVOID WINAPI RtlDestroyHeap(PVOID heap);
NTSYSAPI PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size);
NTSYSAPI BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr);
NTSYSAPI PVOID WINAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID ptr, SIZE_T size);
NTSYSAPI SIZE_T WINAPI RtlSizeHeap(PVOID heap, ULONG flags, const void *ptr);
NTSYSAPI BOOLEAN WINAPI RtlLockHeap(PVOID heap);
NTSYSAPI BOOLEAN WINAPI RtlUnlockHeap(PVOID heap);
NTSYSAPI BOOLEAN WINAPI RtlValidateHeap(PVOID heap, ULONG flags, const void *ptr);
NTSYSAPI ULONG WINAPI RtlGetProcessHeaps(ULONG count, PVOID *heaps);
NTSYSAPI ULONG WINAPI RtlCompactHeap(PVOID heap, ULONG flags);
/* HeapWalk's entry (PROCESS_HEAP_ENTRY has the same layout) */
NTSYSAPI NTSTATUS WINAPI RtlWalkHeap(PVOID heap, PVOID entry);
NTSYSAPI NTSTATUS WINAPI RtlQueryHeapInformation(PVOID heap, ULONG info_class, PVOID info, SIZE_T size,
                                                 PSIZE_T needed);
NTSYSAPI NTSTATUS WINAPI RtlSetHeapInformation(PVOID heap, ULONG info_class, PVOID info, SIZE_T size);

#define MemoryBasicInformation 0
NTSYSAPI NTSTATUS WINAPI NtAllocateVirtualMemory(HANDLE process, PVOID *base, ULONG_PTR zero_bits,
                                                 PSIZE_T size, ULONG type, ULONG protect);
NTSYSAPI NTSTATUS WINAPI NtFreeVirtualMemory(HANDLE process, PVOID *base, PSIZE_T size, ULONG type);
NTSYSAPI NTSTATUS WINAPI NtProtectVirtualMemory(HANDLE process, PVOID *base, PSIZE_T size, ULONG protect,
                                                PULONG old_protect);
NTSYSAPI NTSTATUS WINAPI NtQueryVirtualMemory(HANDLE process, LPCVOID addr, ULONG info_class, PVOID info,
                                              SIZE_T len, PSIZE_T res_len);
NTSYSAPI NTSTATUS WINAPI NtFlushInstructionCache(HANDLE process, LPCVOID addr, SIZE_T size);

/* strings */
NTSYSAPI void WINAPI RtlInitUnicodeString(PUNICODE_STRING str, PCWSTR src);
NTSYSAPI NTSTATUS WINAPI RtlInitUnicodeStringEx(PUNICODE_STRING str, PCWSTR src);
NTSYSAPI void WINAPI RtlInitAnsiString(PANSI_STRING str, PCSTR src);
NTSYSAPI NTSTATUS WINAPI RtlInitAnsiStringEx(PANSI_STRING str, PCSTR src);
NTSYSAPI void WINAPI RtlInitString(PSTRING str, PCSTR src);
NTSYSAPI void WINAPI RtlFreeUnicodeString(PUNICODE_STRING str);
NTSYSAPI void WINAPI RtlFreeAnsiString(PANSI_STRING str);
NTSYSAPI void WINAPI RtlFreeOemString(POEM_STRING str);
NTSYSAPI BOOLEAN WINAPI RtlCreateUnicodeString(PUNICODE_STRING str, PCWSTR src);
NTSYSAPI BOOLEAN WINAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING str, PCSTR src);
NTSYSAPI void WINAPI RtlCopyUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src);
NTSYSAPI void WINAPI RtlCopyString(PSTRING dst, const STRING *src);
NTSYSAPI NTSTATUS WINAPI RtlAppendUnicodeToString(PUNICODE_STRING dst, PCWSTR src);
NTSYSAPI NTSTATUS WINAPI RtlAppendUnicodeStringToString(PUNICODE_STRING dst, PCUNICODE_STRING src);
NTSYSAPI NTSTATUS WINAPI RtlAppendAsciizToString(PSTRING dst, PCSTR src);
NTSYSAPI NTSTATUS WINAPI RtlAppendStringToString(PSTRING dst, const STRING *src);
NTSYSAPI LONG WINAPI RtlCompareUnicodeString(PCUNICODE_STRING s1, PCUNICODE_STRING s2, BOOLEAN ci);
NTSYSAPI LONG WINAPI RtlCompareUnicodeStrings(const WCHAR *s1, SIZE_T len1, const WCHAR *s2, SIZE_T len2,
                                              BOOLEAN ci);
NTSYSAPI BOOLEAN WINAPI RtlEqualUnicodeString(PCUNICODE_STRING s1, PCUNICODE_STRING s2, BOOLEAN ci);
NTSYSAPI LONG WINAPI RtlCompareString(const STRING *s1, const STRING *s2, BOOLEAN ci);
NTSYSAPI BOOLEAN WINAPI RtlEqualString(const STRING *s1, const STRING *s2, BOOLEAN ci);
NTSYSAPI BOOLEAN WINAPI RtlPrefixUnicodeString(PCUNICODE_STRING prefix, PCUNICODE_STRING str, BOOLEAN ci);
NTSYSAPI NTSTATUS WINAPI RtlUpcaseUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc);
NTSYSAPI NTSTATUS WINAPI RtlDowncaseUnicodeString(PUNICODE_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc);
NTSYSAPI WCHAR WINAPI RtlUpcaseUnicodeChar(WCHAR ch);
NTSYSAPI WCHAR WINAPI RtlDowncaseUnicodeChar(WCHAR ch);
NTSYSAPI CHAR WINAPI RtlUpperChar(CHAR ch);
NTSYSAPI NTSTATUS WINAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING dst, PCANSI_STRING src, BOOLEAN alloc);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeStringToAnsiString(PANSI_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc);
NTSYSAPI NTSTATUS WINAPI RtlOemStringToUnicodeString(PUNICODE_STRING dst, const STRING *src, BOOLEAN alloc);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeStringToOemString(POEM_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc);
NTSYSAPI ULONG WINAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING str);
NTSYSAPI ULONG WINAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING str);
NTSYSAPI NTSTATUS WINAPI RtlMultiByteToUnicodeN(PWCH dst, ULONG dstlen, PULONG reslen, LPCSTR src,
                                                ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlMultiByteToUnicodeSize(PULONG size, LPCSTR src, ULONG len);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeToMultiByteN(PCHAR dst, ULONG dstlen, PULONG reslen, PCWCH src,
                                                ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeToMultiByteSize(PULONG size, PCWCH src, ULONG len);
NTSYSAPI NTSTATUS WINAPI RtlOemToUnicodeN(PWCH dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeToOemN(PCHAR dst, ULONG dstlen, PULONG reslen, PCWCH src, ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlUTF8ToUnicodeN(PWSTR dst, ULONG dstlen, PULONG reslen, LPCSTR src, ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeToUTF8N(LPSTR dst, ULONG dstlen, PULONG reslen, PCWSTR src, ULONG srclen);
NTSYSAPI NTSTATUS WINAPI RtlIntegerToChar(ULONG value, ULONG base, ULONG length, PCHAR str);
NTSYSAPI NTSTATUS WINAPI RtlUnicodeStringToInteger(PCUNICODE_STRING str, ULONG base, PULONG value);
NTSYSAPI NTSTATUS WINAPI RtlIntegerToUnicodeString(ULONG value, ULONG base, PUNICODE_STRING str);
NTSYSAPI void WINAPI RtlMoveMemory(void *dst, const void *src, SIZE_T len);
NTSYSAPI void WINAPI RtlFillMemory(void *dst, SIZE_T len, BYTE fill);
NTSYSAPI void WINAPI RtlZeroMemory(void *dst, SIZE_T len);
NTSYSAPI SIZE_T WINAPI RtlCompareMemory(const void *a, const void *b, SIZE_T len);
NTSYSAPI SIZE_T WINAPI RtlCompareMemoryUlong(const void *src, SIZE_T len, ULONG value);
/* wide character helpers exported by ntdll as wcslen, wcscpy ... (ELF names carry the NTDLL_ prefix) */
NTSYSAPI SIZE_T WINAPI NTDLL_wcslen(const WCHAR *s);
NTSYSAPI WCHAR *WINAPI NTDLL_wcscpy(WCHAR *dst, const WCHAR *src);
NTSYSAPI WCHAR *WINAPI NTDLL_wcscat(WCHAR *dst, const WCHAR *src);
NTSYSAPI WCHAR *WINAPI NTDLL_wcsncpy(WCHAR *dst, const WCHAR *src, SIZE_T n);
NTSYSAPI int WINAPI NTDLL_wcscmp(const WCHAR *a, const WCHAR *b);
NTSYSAPI int WINAPI NTDLL_wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
NTSYSAPI int WINAPI NTDLL__wcsicmp(const WCHAR *a, const WCHAR *b);
NTSYSAPI int WINAPI NTDLL__wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
NTSYSAPI WCHAR *WINAPI NTDLL_wcschr(const WCHAR *s, WCHAR c);
NTSYSAPI WCHAR *WINAPI NTDLL_wcsrchr(const WCHAR *s, WCHAR c);
NTSYSAPI WCHAR *WINAPI NTDLL_wcsstr(const WCHAR *s, const WCHAR *sub);
/* code pages (dlls/ntdll/codepage.c); flags are MultiByteToWideChar's / WideCharToMultiByte's. Return the
 * number of units written (or needed when dstlen is 0), -1 when dst is too small, -2 on an invalid
 * sequence with MB_ERR_INVALID_CHARS/WC_ERR_INVALID_CHARS, -3 for an unsupported code page. */
/* ELF-only exports carry the __oriel_ prefix (the spec's version script exports __oriel_*) */
#define ntdll_cp_mbstowcs __oriel_cp_mbstowcs
#define ntdll_cp_wcstombs __oriel_cp_wcstombs
#define ntdll_cp_is_valid __oriel_cp_is_valid
#define ntdll_cp_max_char_size __oriel_cp_max_char_size
#define ntdll_towupper __oriel_towupper
#define ntdll_towlower __oriel_towlower
#define ntdll_monotonic_time __oriel_monotonic_time
NTSYSAPI int ntdll_cp_mbstowcs(UINT cp, DWORD flags, const char *src, int srclen, WCHAR *dst, int dstlen);
NTSYSAPI int ntdll_cp_wcstombs(UINT cp, DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen,
                               const char *defchar, BOOL *used);
NTSYSAPI BOOL ntdll_cp_is_valid(UINT cp);
NTSYSAPI UINT ntdll_cp_max_char_size(UINT cp);
NTSYSAPI WCHAR ntdll_towupper(WCHAR ch);
NTSYSAPI WCHAR ntdll_towlower(WCHAR ch);
#define ORIEL_ANSI_CP 1252
#define ORIEL_OEM_CP 437

/* time */
typedef struct _TIME_FIELDS {
    SHORT Year;
    SHORT Month;
    SHORT Day;
    SHORT Hour;
    SHORT Minute;
    SHORT Second;
    SHORT Milliseconds;
    SHORT Weekday;
} TIME_FIELDS, *PTIME_FIELDS;
NTSYSAPI NTSTATUS WINAPI NtQuerySystemTime(PLARGE_INTEGER time);
NTSYSAPI NTSTATUS WINAPI NtQueryPerformanceCounter(PLARGE_INTEGER counter, PLARGE_INTEGER frequency);
NTSYSAPI NTSTATUS WINAPI NtDelayExecution(BOOLEAN alertable, const LARGE_INTEGER *timeout);
NTSYSAPI NTSTATUS WINAPI NtYieldExecution(void);
NTSYSAPI void WINAPI RtlTimeToTimeFields(const LARGE_INTEGER *time, PTIME_FIELDS fields);
NTSYSAPI BOOLEAN WINAPI RtlTimeFieldsToTime(PTIME_FIELDS fields, PLARGE_INTEGER time);
NTSYSAPI BOOLEAN WINAPI RtlTimeToSecondsSince1970(const LARGE_INTEGER *time, PULONG seconds);
NTSYSAPI void WINAPI RtlSecondsSince1970ToTime(ULONG seconds, PLARGE_INTEGER time);
NTSYSAPI BOOLEAN WINAPI RtlQueryPerformanceCounter(PLARGE_INTEGER counter);
NTSYSAPI BOOLEAN WINAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER frequency);
NTSYSAPI ULONG WINAPI NtGetTickCount(void);
NTSYSAPI NTSTATUS WINAPI RtlLocalTimeToSystemTime(const LARGE_INTEGER *local, PLARGE_INTEGER system);
NTSYSAPI NTSTATUS WINAPI RtlSystemTimeToLocalTime(const LARGE_INTEGER *system, PLARGE_INTEGER local);
/* 100 ns units since boot (CLOCK_MONOTONIC), the base of GetTickCount and the performance counter */
NTSYSAPI ULONGLONG ntdll_monotonic_time(void);

/* critical sections */
#define RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO 0x01000000
#define RTL_CRITICAL_SECTION_FLAG_DYNAMIC_SPIN 0x02000000
#define RTL_CRITICAL_SECTION_FLAG_STATIC_INIT 0x04000000
#define RTL_CRITICAL_SECTION_FLAG_RESOURCE_TYPE 0x08000000
#define RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO 0x10000000
#define RTL_CRITICAL_SECTION_ALL_FLAG_BITS 0xFF000000
NTSYSAPI NTSTATUS WINAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION crit);
NTSYSAPI NTSTATUS WINAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION crit, ULONG spin);
NTSYSAPI NTSTATUS WINAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION crit, ULONG spin, ULONG flags);
NTSYSAPI NTSTATUS WINAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION crit);
NTSYSAPI NTSTATUS WINAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION crit);
NTSYSAPI BOOL WINAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION crit);
NTSYSAPI NTSTATUS WINAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION crit);
NTSYSAPI ULONG WINAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION crit, ULONG spin);
NTSYSAPI BOOL WINAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION crit);
NTSYSAPI BOOL WINAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION crit);

/* system information */
typedef enum _SYSTEM_INFORMATION_CLASS {
    SystemBasicInformation = 0,
    SystemProcessorInformation = 1,
    SystemPerformanceInformation = 2,
    SystemTimeOfDayInformation = 3,
} SYSTEM_INFORMATION_CLASS;
typedef struct _SYSTEM_BASIC_INFORMATION {
    ULONG Reserved;
    ULONG TimerResolution;
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    CCHAR NumberOfProcessors;
} SYSTEM_BASIC_INFORMATION, *PSYSTEM_BASIC_INFORMATION;
typedef struct _SYSTEM_CPU_INFORMATION {
    USHORT ProcessorArchitecture;
    USHORT ProcessorLevel;
    USHORT ProcessorRevision;
    USHORT MaximumProcessors;
    ULONG ProcessorFeatureBits;
} SYSTEM_CPU_INFORMATION, *PSYSTEM_CPU_INFORMATION;
typedef struct _SYSTEM_TIMEOFDAY_INFORMATION {
    LARGE_INTEGER BootTime;
    LARGE_INTEGER CurrentTime;
    LARGE_INTEGER TimeZoneBias;
    ULONG TimeZoneId;
    ULONG Reserved;
    ULONGLONG BootTimeBias;
    ULONGLONG SleepTimeBias;
} SYSTEM_TIMEOFDAY_INFORMATION, *PSYSTEM_TIMEOFDAY_INFORMATION;
NTSYSAPI NTSTATUS WINAPI NtQuerySystemInformation(SYSTEM_INFORMATION_CLASS cls, PVOID info, ULONG size,
                                                  PULONG ret_size);
typedef enum _PROCESSINFOCLASS {
    ProcessBasicInformation = 0,
    ProcessDebugPort = 7,
    ProcessHandleCount = 20,
    ProcessWow64Information = 26,
    ProcessDebugObjectHandle = 30,
    ProcessDebugFlags = 31,
} PROCESSINFOCLASS;
typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    PPEB PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;
NTSYSAPI NTSTATUS WINAPI NtQueryInformationProcess(HANDLE process, PROCESSINFOCLASS cls, PVOID info,
                                                   ULONG size, PULONG ret_size);
NTSYSAPI NTSTATUS WINAPI RtlGetVersion(PRTL_OSVERSIONINFOW info);
NTSYSAPI void WINAPI RtlGetNtVersionNumbers(LPDWORD major, LPDWORD minor, LPDWORD build);
NTSYSAPI BOOLEAN WINAPI RtlIsProcessorFeaturePresent(UINT feature);
/* The version oriel reports (Windows 10 22H2); the loader copies it into the PEB. */
#define ORIEL_OS_MAJOR 10
#define ORIEL_OS_MINOR 0
#define ORIEL_OS_BUILD 19045

/* --- process start, loader, environment (owner: loader helper; dlls/ntdll/loader.c process.c thread.c
 *     env.c) --- */
typedef struct _LDR_RESOURCE_INFO {
    ULONG_PTR Type;
    ULONG_PTR Name;
    ULONG Language;
} LDR_RESOURCE_INFO, *PLDR_RESOURCE_INFO;
#define LDR_ADDREF_DLL_PIN 0x00000001
#define LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT 0x00000001
#define LDR_GET_DLL_HANDLE_EX_PIN 0x00000002
NTSYSAPI void WINAPI RtlExitUserProcess(DWORD status) __attribute__((noreturn));
NTSYSAPI NTSTATUS WINAPI NtTerminateProcess(HANDLE process, NTSTATUS status);
/* processapi.c (process creation helper) */
NTSYSAPI NTSTATUS WINAPI NtOpenProcess(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                       PCLIENT_ID id);
NTSYSAPI NTSTATUS WINAPI LdrLoadDll(PWSTR path, PULONG flags, PUNICODE_STRING name, HMODULE *handle);
NTSYSAPI NTSTATUS WINAPI LdrGetDllHandle(PWSTR path, PULONG unused, PUNICODE_STRING name, HMODULE *handle);
NTSYSAPI NTSTATUS WINAPI LdrGetProcedureAddress(HMODULE module, PANSI_STRING name, ULONG ordinal,
                                                PVOID *addr);
NTSYSAPI NTSTATUS WINAPI LdrUnloadDll(HMODULE module);
NTSYSAPI NTSTATUS WINAPI LdrAddRefDll(ULONG flags, HMODULE module);
NTSYSAPI NTSTATUS WINAPI LdrFindEntryForAddress(const void *addr, PLDR_DATA_TABLE_ENTRY *entry);
NTSYSAPI NTSTATUS WINAPI LdrGetDllFullName(HMODULE module, PUNICODE_STRING name);
NTSYSAPI NTSTATUS WINAPI LdrDisableThreadCalloutsForDll(HMODULE module);
NTSYSAPI NTSTATUS WINAPI LdrLockLoaderLock(ULONG flags, ULONG *result, ULONG_PTR *magic);
NTSYSAPI NTSTATUS WINAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR magic);
NTSYSAPI NTSTATUS WINAPI LdrFindResource_U(HMODULE module, const LDR_RESOURCE_INFO *info, ULONG level,
                                           const IMAGE_RESOURCE_DATA_ENTRY **entry);
NTSYSAPI NTSTATUS WINAPI LdrAccessResource(HMODULE module, const IMAGE_RESOURCE_DATA_ENTRY *entry, void **ptr,
                                           ULONG *size);
/* LoadLibraryEx's data-file modes (ELF-only ntdll export for kernel32; tag 1: AS_DATAFILE, 2:
 * AS_IMAGE_RESOURCE): a native file is mapped as data and the handle carries the tag in its low bits. */
NTSYSAPI NTSTATUS __oriel_ldr_load_as_data(const UNICODE_STRING *name, ULONG tag, HMODULE *handle);
NTSYSAPI NTSTATUS WINAPI RtlCreateEnvironment(BOOLEAN inherit, PWSTR *env);
NTSYSAPI NTSTATUS WINAPI RtlDestroyEnvironment(PWSTR env);
NTSYSAPI void WINAPI RtlSetCurrentEnvironment(PWSTR env, PWSTR *old);
NTSYSAPI NTSTATUS WINAPI RtlQueryEnvironmentVariable_U(PWSTR env, PUNICODE_STRING name,
                                                       PUNICODE_STRING value);
NTSYSAPI NTSTATUS WINAPI RtlQueryEnvironmentVariable(PWSTR env, PCWSTR name, SIZE_T name_len, PWSTR value,
                                                     SIZE_T value_len, PSIZE_T ret_len);
NTSYSAPI NTSTATUS WINAPI RtlSetEnvironmentVariable(PWSTR *env, PUNICODE_STRING name, PUNICODE_STRING value);
NTSYSAPI NTSTATUS WINAPI RtlExpandEnvironmentStrings(PCWSTR env, PCWSTR src, SIZE_T src_len, PWSTR dst,
                                                     SIZE_T dst_len, PSIZE_T ret_len);
NTSYSAPI NTSTATUS WINAPI RtlExpandEnvironmentStrings_U(PCWSTR env, PCUNICODE_STRING src, PUNICODE_STRING dst,
                                                       PULONG ret_len);

/* --- objects, handles, files, paths (owner: files helper; dlls/ntdll/om.c file.c path.c server.c) --- */
typedef enum _OBJECT_INFORMATION_CLASS {
    ObjectBasicInformation = 0,
    ObjectNameInformation = 1,
    ObjectTypeInformation = 2,
    ObjectTypesInformation = 3,
    ObjectHandleFlagInformation = 4,
} OBJECT_INFORMATION_CLASS;

typedef struct _OBJECT_BASIC_INFORMATION {
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG PagedPoolCharge;
    ULONG NonPagedPoolCharge;
    ULONG Reserved[3];
    ULONG NameInfoSize;
    ULONG TypeInfoSize;
    ULONG SecurityDescriptorSize;
    LARGE_INTEGER CreationTime;
} OBJECT_BASIC_INFORMATION, *POBJECT_BASIC_INFORMATION;

typedef struct _OBJECT_HANDLE_FLAG_INFORMATION {
    BOOLEAN Inherit;
    BOOLEAN ProtectFromClose;
} OBJECT_HANDLE_FLAG_INFORMATION, *POBJECT_HANDLE_FLAG_INFORMATION;

typedef struct _OBJECT_TYPE_INFORMATION {
    UNICODE_STRING TypeName;
    ULONG TotalNumberOfObjects;
    ULONG TotalNumberOfHandles;
    ULONG TotalPagedPoolUsage;
    ULONG TotalNonPagedPoolUsage;
    ULONG TotalNamePoolUsage;
    ULONG TotalHandleTableUsage;
    ULONG HighWaterNumberOfObjects;
    ULONG HighWaterNumberOfHandles;
    ULONG HighWaterPagedPoolUsage;
    ULONG HighWaterNonPagedPoolUsage;
    ULONG HighWaterNamePoolUsage;
    ULONG HighWaterHandleTableUsage;
    ULONG InvalidAttributes;
    ULONG GenericMapping[4];
    ULONG ValidAccessMask;
    BOOLEAN SecurityRequired;
    BOOLEAN MaintainHandleCount;
    UCHAR TypeIndex;
    CHAR ReservedByte;
    ULONG PoolType;
    ULONG DefaultPagedPoolCharge;
    ULONG DefaultNonPagedPoolCharge;
} OBJECT_TYPE_INFORMATION, *POBJECT_TYPE_INFORMATION;

/* NtCreateFile dispositions, options and results */
#define FILE_SUPERSEDE 0
#define FILE_OPEN 1
#define FILE_CREATE 2
#define FILE_OPEN_IF 3
#define FILE_OVERWRITE 4
#define FILE_OVERWRITE_IF 5

#define FILE_DIRECTORY_FILE 0x00000001
#define FILE_WRITE_THROUGH 0x00000002
#define FILE_SEQUENTIAL_ONLY 0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT 0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define FILE_NON_DIRECTORY_FILE 0x00000040
#define FILE_RANDOM_ACCESS 0x00000800
#define FILE_DELETE_ON_CLOSE 0x00001000
#define FILE_OPEN_FOR_BACKUP_INTENT 0x00004000
#define FILE_OPEN_REPARSE_POINT 0x00200000

#define FILE_SUPERSEDED 0
#define FILE_OPENED 1
#define FILE_CREATED 2
#define FILE_OVERWRITTEN 3
#define FILE_EXISTS 4
#define FILE_DOES_NOT_EXIST 5

#define FILE_USE_FILE_POINTER_POSITION ((LONGLONG)-2)
#define FILE_WRITE_TO_END_OF_FILE ((LONGLONG)-1)

typedef enum _FILE_INFORMATION_CLASS {
    FileDirectoryInformation = 1,
    FileFullDirectoryInformation = 2,
    FileBothDirectoryInformation = 3,
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FileInternalInformation = 6,
    FileEaInformation = 7,
    FileAccessInformation = 8,
    FileNameInformation = 9,
    FileRenameInformation = 10,
    FileLinkInformation = 11,
    FileNamesInformation = 12,
    FileDispositionInformation = 13,
    FilePositionInformation = 14,
    FileFullEaInformation = 15,
    FileModeInformation = 16,
    FileAlignmentInformation = 17,
    FileAllInformation = 18,
    FileAllocationInformation = 19,
    FileEndOfFileInformation = 20,
    FileNetworkOpenInformation = 34,
    FileAttributeTagInformation = 35,
    FileIdInformation = 59,
    FileMaximumInformation
} FILE_INFORMATION_CLASS,
    *PFILE_INFORMATION_CLASS;

typedef struct _FILE_BASIC_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    ULONG FileAttributes;
} FILE_BASIC_INFORMATION, *PFILE_BASIC_INFORMATION;

typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION, *PFILE_STANDARD_INFORMATION;

typedef struct _FILE_INTERNAL_INFORMATION {
    LARGE_INTEGER IndexNumber;
} FILE_INTERNAL_INFORMATION, *PFILE_INTERNAL_INFORMATION;

typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION, *PFILE_POSITION_INFORMATION;

typedef struct _FILE_END_OF_FILE_INFORMATION {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION, *PFILE_END_OF_FILE_INFORMATION;

typedef struct _FILE_RENAME_INFORMATION {
    BOOLEAN ReplaceIfExists;
    HANDLE RootDirectory;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_RENAME_INFORMATION, *PFILE_RENAME_INFORMATION;

typedef struct _FILE_DISPOSITION_INFORMATION {
    BOOLEAN DoDeleteFile;
} FILE_DISPOSITION_INFORMATION, *PFILE_DISPOSITION_INFORMATION;

typedef struct _FILE_ACCESS_INFORMATION {
    ACCESS_MASK AccessFlags;
} FILE_ACCESS_INFORMATION, *PFILE_ACCESS_INFORMATION;

typedef struct _FILE_MODE_INFORMATION {
    ULONG Mode;
} FILE_MODE_INFORMATION, *PFILE_MODE_INFORMATION;

typedef struct _FILE_NETWORK_OPEN_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION, *PFILE_NETWORK_OPEN_INFORMATION;

typedef struct _FILE_ATTRIBUTE_TAG_INFORMATION {
    ULONG FileAttributes;
    ULONG ReparseTag;
} FILE_ATTRIBUTE_TAG_INFORMATION, *PFILE_ATTRIBUTE_TAG_INFORMATION;

typedef enum _FSINFOCLASS {
    FileFsVolumeInformation = 1,
    FileFsLabelInformation = 2,
    FileFsSizeInformation = 3,
    FileFsDeviceInformation = 4,
    FileFsAttributeInformation = 5,
    FileFsControlInformation = 6,
    FileFsFullSizeInformation = 7,
    FileFsObjectIdInformation = 8,
    FileFsMaximumInformation
} FS_INFORMATION_CLASS,
    *PFS_INFORMATION_CLASS;

typedef struct _FILE_FS_VOLUME_INFORMATION {
    LARGE_INTEGER VolumeCreationTime;
    ULONG VolumeSerialNumber;
    ULONG VolumeLabelLength;
    BOOLEAN SupportsObjects;
    WCHAR VolumeLabel[1];
} FILE_FS_VOLUME_INFORMATION, *PFILE_FS_VOLUME_INFORMATION;

typedef struct _FILE_FS_DEVICE_INFORMATION {
    ULONG DeviceType;
    ULONG Characteristics;
} FILE_FS_DEVICE_INFORMATION, *PFILE_FS_DEVICE_INFORMATION;

#define FILE_DEVICE_CD_ROM 0x00000002
#define FILE_DEVICE_DISK 0x00000007
#define FILE_DEVICE_NAMED_PIPE 0x00000011
#define FILE_DEVICE_NETWORK 0x00000012
#define FILE_DEVICE_NULL 0x00000015
#define FILE_DEVICE_SERIAL_PORT 0x0000001b
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_CONSOLE 0x00000050

typedef struct _RTL_RELATIVE_NAME_U {
    UNICODE_STRING RelativeName;
    HANDLE ContainingDirectory;
    PVOID CurDirRef;
} RTL_RELATIVE_NAME_U, *PRTL_RELATIVE_NAME_U;

NTSYSAPI NTSTATUS WINAPI NtClose(HANDLE handle);
NTSYSAPI NTSTATUS WINAPI NtDuplicateObject(HANDLE src_process, HANDLE src, HANDLE dst_process, PHANDLE dst,
                                           ACCESS_MASK access, ULONG attributes, ULONG options);
NTSYSAPI NTSTATUS WINAPI NtQueryObject(HANDLE handle, OBJECT_INFORMATION_CLASS info_class, PVOID info,
                                       ULONG len, PULONG ret_len);
NTSYSAPI NTSTATUS WINAPI NtSetInformationObject(HANDLE handle, OBJECT_INFORMATION_CLASS info_class,
                                                PVOID info, ULONG len);
NTSYSAPI NTSTATUS WINAPI NtCreateFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                      PIO_STATUS_BLOCK io, PLARGE_INTEGER alloc_size, ULONG attributes,
                                      ULONG sharing, ULONG disposition, ULONG options, PVOID ea_buffer,
                                      ULONG ea_length);
NTSYSAPI NTSTATUS WINAPI NtOpenFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                    PIO_STATUS_BLOCK io, ULONG sharing, ULONG options);
NTSYSAPI NTSTATUS WINAPI NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                    PIO_STATUS_BLOCK io, PVOID buffer, ULONG length, PLARGE_INTEGER offset,
                                    PULONG key);
NTSYSAPI NTSTATUS WINAPI NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                     PIO_STATUS_BLOCK io, const void *buffer, ULONG length,
                                     PLARGE_INTEGER offset, PULONG key);
NTSYSAPI NTSTATUS WINAPI NtQueryInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info, ULONG length,
                                                FILE_INFORMATION_CLASS info_class);
NTSYSAPI NTSTATUS WINAPI NtSetInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info, ULONG length,
                                              FILE_INFORMATION_CLASS info_class);
NTSYSAPI NTSTATUS WINAPI NtQueryAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_BASIC_INFORMATION *info);
NTSYSAPI NTSTATUS WINAPI NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *attr,
                                                   FILE_NETWORK_OPEN_INFORMATION *info);
NTSYSAPI NTSTATUS WINAPI NtFlushBuffersFile(HANDLE handle, PIO_STATUS_BLOCK io);
NTSYSAPI NTSTATUS WINAPI NtQueryVolumeInformationFile(HANDLE handle, PIO_STATUS_BLOCK io, PVOID info,
                                                      ULONG length, FS_INFORMATION_CLASS info_class);
NTSYSAPI NTSTATUS WINAPI NtDeleteFile(POBJECT_ATTRIBUTES attr);
NTSYSAPI NTSTATUS WINAPI NtFsControlFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                         PIO_STATUS_BLOCK io, ULONG code, PVOID in_buffer, ULONG in_size,
                                         PVOID out_buffer, ULONG out_size);

#define FSCTL_PIPE_PEEK 0x0011400c
typedef struct _FILE_PIPE_PEEK_BUFFER {
    ULONG NamedPipeState;
    ULONG ReadDataAvailable;
    ULONG NumberOfMessages;
    ULONG MessageLength;
    CHAR Data[1];
} FILE_PIPE_PEEK_BUFFER, *PFILE_PIPE_PEEK_BUFFER;
#define FILE_PIPE_CONNECTED_STATE 3
#define FILE_PIPE_CLOSING_STATE 4

NTSYSAPI ULONG WINAPI RtlGetFullPathName_U(PCWSTR name, ULONG size, PWSTR buffer, PWSTR *file_part);
NTSYSAPI ULONG WINAPI RtlGetCurrentDirectory_U(ULONG size, PWSTR buffer);
NTSYSAPI NTSTATUS WINAPI RtlSetCurrentDirectory_U(PCUNICODE_STRING dir);
NTSYSAPI BOOLEAN WINAPI RtlDosPathNameToNtPathName_U(PCWSTR dos, PUNICODE_STRING nt, PWSTR *file_part,
                                                     void *relative);
NTSYSAPI NTSTATUS WINAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR dos, PUNICODE_STRING nt,
                                                                 PWSTR *file_part, void *relative);
NTSYSAPI ULONG WINAPI RtlIsDosDeviceName_U(PCWSTR name);

/* --- sync.c: SRW locks, condition variables, run once, wait on address, SLists --- */
NTSYSAPI void WINAPI RtlInitializeSRWLock(PRTL_SRWLOCK lock);
NTSYSAPI void WINAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK lock);
NTSYSAPI void WINAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK lock);
NTSYSAPI void WINAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK lock);
NTSYSAPI void WINAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK lock);
NTSYSAPI BOOLEAN WINAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK lock);
NTSYSAPI BOOLEAN WINAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK lock);
NTSYSAPI void WINAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE cv);
NTSYSAPI void WINAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE cv);
NTSYSAPI void WINAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE cv);
NTSYSAPI NTSTATUS WINAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE cv, PRTL_CRITICAL_SECTION crit,
                                                     const LARGE_INTEGER *timeout);
NTSYSAPI NTSTATUS WINAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE cv, PRTL_SRWLOCK lock,
                                                      const LARGE_INTEGER *timeout, ULONG flags);
NTSYSAPI void WINAPI RtlRunOnceInitialize(PRTL_RUN_ONCE once);
NTSYSAPI NTSTATUS WINAPI RtlRunOnceBeginInitialize(PRTL_RUN_ONCE once, ULONG flags, void **context);
NTSYSAPI NTSTATUS WINAPI RtlRunOnceComplete(PRTL_RUN_ONCE once, ULONG flags, void *context);
NTSYSAPI NTSTATUS WINAPI RtlRunOnceExecuteOnce(PRTL_RUN_ONCE once, PRTL_RUN_ONCE_INIT_FN func, void *param,
                                               void **context);
NTSYSAPI NTSTATUS WINAPI RtlWaitOnAddress(const void *addr, const void *cmp, SIZE_T size,
                                          const LARGE_INTEGER *timeout);
NTSYSAPI void WINAPI RtlWakeAddressAll(const void *addr);
NTSYSAPI void WINAPI RtlWakeAddressSingle(const void *addr);
NTSYSAPI void WINAPI RtlInitializeSListHead(PSLIST_HEADER list);
NTSYSAPI WORD WINAPI RtlQueryDepthSList(PSLIST_HEADER list);
NTSYSAPI PSLIST_ENTRY WINAPI RtlFirstEntrySList(const SLIST_HEADER *list);
NTSYSAPI PSLIST_ENTRY WINAPI RtlInterlockedPushEntrySList(PSLIST_HEADER list, PSLIST_ENTRY entry);
NTSYSAPI PSLIST_ENTRY WINAPI RtlInterlockedPushListSListEx(PSLIST_HEADER list, PSLIST_ENTRY first,
                                                           PSLIST_ENTRY last, ULONG count);
NTSYSAPI PSLIST_ENTRY WINAPI RtlInterlockedPopEntrySList(PSLIST_HEADER list);
NTSYSAPI PSLIST_ENTRY WINAPI RtlInterlockedFlushSList(PSLIST_HEADER list);

/* ---- synchronization objects and waits (dlls/ntdll/syncobj.c) ---- */
typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue, WaitDpc } WAIT_TYPE;
typedef enum _EVENT_INFORMATION_CLASS { EventBasicInformation } EVENT_INFORMATION_CLASS;
typedef struct _EVENT_BASIC_INFORMATION {
    EVENT_TYPE EventType;
    LONG EventState;
} EVENT_BASIC_INFORMATION, *PEVENT_BASIC_INFORMATION;
typedef enum _MUTANT_INFORMATION_CLASS {
    MutantBasicInformation,
    MutantOwnerInformation
} MUTANT_INFORMATION_CLASS;
typedef struct _MUTANT_BASIC_INFORMATION {
    LONG CurrentCount;
    BOOLEAN OwnedByCaller;
    BOOLEAN AbandonedState;
} MUTANT_BASIC_INFORMATION, *PMUTANT_BASIC_INFORMATION;
typedef enum _SEMAPHORE_INFORMATION_CLASS { SemaphoreBasicInformation } SEMAPHORE_INFORMATION_CLASS;
typedef struct _SEMAPHORE_BASIC_INFORMATION {
    ULONG CurrentCount;
    ULONG MaximumCount;
} SEMAPHORE_BASIC_INFORMATION, *PSEMAPHORE_BASIC_INFORMATION;

NTSYSAPI NTSTATUS WINAPI NtCreateEvent(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                       EVENT_TYPE type, BOOLEAN state);
NTSYSAPI NTSTATUS WINAPI NtOpenEvent(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr);
NTSYSAPI NTSTATUS WINAPI NtSetEvent(HANDLE handle, LONG *prev_state);
NTSYSAPI NTSTATUS WINAPI NtResetEvent(HANDLE handle, LONG *prev_state);
NTSYSAPI NTSTATUS WINAPI NtClearEvent(HANDLE handle);
NTSYSAPI NTSTATUS WINAPI NtPulseEvent(HANDLE handle, LONG *prev_state);
NTSYSAPI NTSTATUS WINAPI NtQueryEvent(HANDLE handle, EVENT_INFORMATION_CLASS cls, void *info, ULONG len,
                                      ULONG *ret_len);
NTSYSAPI NTSTATUS WINAPI NtCreateMutant(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                        BOOLEAN owned);
NTSYSAPI NTSTATUS WINAPI NtOpenMutant(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr);
NTSYSAPI NTSTATUS WINAPI NtReleaseMutant(HANDLE handle, LONG *prev_count);
NTSYSAPI NTSTATUS WINAPI NtQueryMutant(HANDLE handle, MUTANT_INFORMATION_CLASS cls, void *info, ULONG len,
                                       ULONG *ret_len);
NTSYSAPI NTSTATUS WINAPI NtCreateSemaphore(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                           LONG initial, LONG max);
NTSYSAPI NTSTATUS WINAPI NtOpenSemaphore(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr);
NTSYSAPI NTSTATUS WINAPI NtReleaseSemaphore(HANDLE handle, ULONG count, ULONG *prev_count);
NTSYSAPI NTSTATUS WINAPI NtQuerySemaphore(HANDLE handle, SEMAPHORE_INFORMATION_CLASS cls, void *info,
                                          ULONG len, ULONG *ret_len);
NTSYSAPI NTSTATUS WINAPI NtWaitForSingleObject(HANDLE handle, BOOLEAN alertable,
                                               const LARGE_INTEGER *timeout);
NTSYSAPI NTSTATUS WINAPI NtWaitForMultipleObjects(ULONG count, const HANDLE *handles, WAIT_TYPE type,
                                                  BOOLEAN alertable, const LARGE_INTEGER *timeout);
NTSYSAPI NTSTATUS WINAPI NtSignalAndWaitForSingleObject(HANDLE signal, HANDLE wait, BOOLEAN alertable,
                                                        const LARGE_INTEGER *timeout);
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _TIMER_INFORMATION_CLASS { TimerBasicInformation } TIMER_INFORMATION_CLASS;
typedef struct _TIMER_BASIC_INFORMATION {
    LARGE_INTEGER RemainingTime;
    BOOLEAN TimerState;
} TIMER_BASIC_INFORMATION, *PTIMER_BASIC_INFORMATION;
typedef void(WINAPI *PTIMER_APC_ROUTINE)(void *context, ULONG low, LONG high);
typedef void(WINAPI *PNTAPCFUNC)(ULONG_PTR arg1, ULONG_PTR arg2, ULONG_PTR arg3);
NTSYSAPI NTSTATUS WINAPI NtQueueApcThread(HANDLE thread, PNTAPCFUNC func, ULONG_PTR arg1, ULONG_PTR arg2,
                                          ULONG_PTR arg3);
NTSYSAPI NTSTATUS WINAPI NtTestAlert(void);
NTSYSAPI NTSTATUS WINAPI NtCreateTimer(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                       TIMER_TYPE type);
NTSYSAPI NTSTATUS WINAPI NtOpenTimer(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr);
NTSYSAPI NTSTATUS WINAPI NtSetTimer(HANDLE handle, const LARGE_INTEGER *due, PTIMER_APC_ROUTINE routine,
                                    void *context, BOOLEAN resume, LONG period, BOOLEAN *prev_state);
NTSYSAPI NTSTATUS WINAPI NtCancelTimer(HANDLE handle, BOOLEAN *prev_state);
NTSYSAPI NTSTATUS WINAPI NtQueryTimer(HANDLE handle, TIMER_INFORMATION_CLASS cls, void *info, ULONG len,
                                      ULONG *ret_len);

/* ---- threads (dlls/ntdll/threadapi.c) ---- */
typedef LONG KPRIORITY;
typedef ULONG_PTR KAFFINITY;
typedef DWORD(WINAPI *PRTL_THREAD_START_ROUTINE)(LPVOID);
typedef void(WINAPI *PNTAPI_THREAD_START)(
    LPVOID); /* NtCreateThreadEx's start (returns via RtlExitUserThread) */
#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_SET_THREAD_TOKEN 0x0080
#define THREAD_IMPERSONATE 0x0100
#define THREAD_DIRECT_IMPERSONATION 0x0200
#define THREAD_SET_LIMITED_INFORMATION 0x0400
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800
#define THREAD_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x00000001
#define THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH 0x00000002
#define THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER 0x00000004
#define MAXIMUM_SUSPEND_COUNT 0x7f
typedef enum _THREADINFOCLASS {
    ThreadBasicInformation = 0,
    ThreadTimes = 1,
    ThreadPriority = 2,
    ThreadBasePriority = 3,
    ThreadAffinityMask = 4,
    ThreadImpersonationToken = 5,
    ThreadEnableAlignmentFaultFixup = 7,
    ThreadQuerySetWin32StartAddress = 9,
    ThreadZeroTlsCell = 10,
    ThreadAmILastThread = 12,
    ThreadIdealProcessor = 13,
    ThreadPriorityBoost = 14,
    ThreadHideFromDebugger = 17,
    ThreadIsTerminated = 20,
    ThreadSuspendCount = 35,
    ThreadDescription = 38,
} THREADINFOCLASS;
typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    PVOID TebBaseAddress;
    CLIENT_ID ClientId;
    KAFFINITY AffinityMask;
    KPRIORITY Priority;
    KPRIORITY BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;
typedef struct _KERNEL_USER_TIMES {
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER ExitTime;
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
} KERNEL_USER_TIMES, *PKERNEL_USER_TIMES;
typedef struct _THREAD_DESCRIPTION_INFORMATION {
    UNICODE_STRING Description;
} THREAD_DESCRIPTION_INFORMATION, *PTHREAD_DESCRIPTION_INFORMATION;
typedef struct _PS_ATTRIBUTE {
    ULONG_PTR Attribute;
    SIZE_T Size;
    union {
        ULONG_PTR Value;
        PVOID ValuePtr;
    };
    PSIZE_T ReturnLength;
} PS_ATTRIBUTE;
typedef struct _PS_ATTRIBUTE_LIST {
    SIZE_T TotalLength;
    PS_ATTRIBUTE Attributes[1];
} PS_ATTRIBUTE_LIST, *PPS_ATTRIBUTE_LIST;
#define PS_ATTRIBUTE_CLIENT_ID 0x00010003
#define PS_ATTRIBUTE_TEB_ADDRESS 0x00010004
NTSYSAPI NTSTATUS WINAPI NtCreateThreadEx(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                          HANDLE process, PVOID start, PVOID param, ULONG flags,
                                          SIZE_T zero_bits, SIZE_T stack_commit, SIZE_T stack_reserve,
                                          PPS_ATTRIBUTE_LIST attr_list);
NTSYSAPI NTSTATUS WINAPI RtlCreateUserThread(HANDLE process, PVOID descr, BOOLEAN suspended, ULONG zero_bits,
                                             SIZE_T stack_reserve, SIZE_T stack_commit,
                                             PRTL_THREAD_START_ROUTINE start, PVOID param, PHANDLE handle,
                                             PCLIENT_ID id);
NTSYSAPI void WINAPI RtlExitUserThread(ULONG status) __attribute__((noreturn));
NTSYSAPI void WINAPI RtlUserThreadStart(PRTL_THREAD_START_ROUTINE start, PVOID arg) __attribute__((noreturn));
NTSYSAPI NTSTATUS WINAPI NtTerminateThread(HANDLE thread, NTSTATUS status);
NTSYSAPI NTSTATUS WINAPI NtSuspendThread(HANDLE thread, PULONG prev_count);
NTSYSAPI NTSTATUS WINAPI NtResumeThread(HANDLE thread, PULONG prev_count);
NTSYSAPI NTSTATUS WINAPI NtGetContextThread(HANDLE thread, PCONTEXT context);
NTSYSAPI NTSTATUS WINAPI NtSetContextThread(HANDLE thread, const CONTEXT *context);
NTSYSAPI NTSTATUS WINAPI NtQueryInformationThread(HANDLE thread, THREADINFOCLASS cls, PVOID info, ULONG size,
                                                  PULONG ret_size);
NTSYSAPI NTSTATUS WINAPI NtSetInformationThread(HANDLE thread, THREADINFOCLASS cls, LPCVOID info, ULONG size);
NTSYSAPI NTSTATUS WINAPI NtOpenThread(PHANDLE handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                                      const CLIENT_ID *id);
NTSYSAPI NTSTATUS WINAPI NtAlertResumeThread(HANDLE thread, PULONG prev_count);

/* ---- thread pool (dlls/ntdll/threadpool.c) ---- */
typedef void(WINAPI *PRTL_WORK_ITEM_ROUTINE)(PVOID);
typedef void(WINAPI *RTL_WAITORTIMERCALLBACKFUNC)(PVOID, BOOLEAN);
NTSYSAPI NTSTATUS WINAPI TpAllocPool(TP_POOL **out, PVOID reserved);
NTSYSAPI void WINAPI TpReleasePool(TP_POOL *pool);
NTSYSAPI void WINAPI TpSetPoolMaxThreads(TP_POOL *pool, DWORD maximum);
NTSYSAPI BOOL WINAPI TpSetPoolMinThreads(TP_POOL *pool, DWORD minimum);
NTSYSAPI NTSTATUS WINAPI TpAllocWork(TP_WORK **out, PTP_WORK_CALLBACK callback, PVOID userdata,
                                     TP_CALLBACK_ENVIRON *environment);
NTSYSAPI void WINAPI TpPostWork(TP_WORK *work);
NTSYSAPI void WINAPI TpReleaseWork(TP_WORK *work);
NTSYSAPI void WINAPI TpWaitForWork(TP_WORK *work, BOOL cancel_pending);
NTSYSAPI NTSTATUS WINAPI TpSimpleTryPost(PTP_SIMPLE_CALLBACK callback, PVOID userdata,
                                         TP_CALLBACK_ENVIRON *environment);
NTSYSAPI NTSTATUS WINAPI TpAllocTimer(TP_TIMER **out, PTP_TIMER_CALLBACK callback, PVOID userdata,
                                      TP_CALLBACK_ENVIRON *environment);
NTSYSAPI void WINAPI TpSetTimer(TP_TIMER *timer, LARGE_INTEGER *due, LONG period, LONG window);
NTSYSAPI BOOL WINAPI TpIsTimerSet(TP_TIMER *timer);
NTSYSAPI void WINAPI TpReleaseTimer(TP_TIMER *timer);
NTSYSAPI void WINAPI TpWaitForTimer(TP_TIMER *timer, BOOL cancel_pending);
NTSYSAPI NTSTATUS WINAPI TpAllocWait(TP_WAIT **out, PTP_WAIT_CALLBACK callback, PVOID userdata,
                                     TP_CALLBACK_ENVIRON *environment);
NTSYSAPI void WINAPI TpSetWait(TP_WAIT *wait, HANDLE handle, LARGE_INTEGER *timeout);
NTSYSAPI void WINAPI TpReleaseWait(TP_WAIT *wait);
NTSYSAPI void WINAPI TpWaitForWait(TP_WAIT *wait, BOOL cancel_pending);
NTSYSAPI NTSTATUS WINAPI TpAllocCleanupGroup(TP_CLEANUP_GROUP **out);
NTSYSAPI void WINAPI TpReleaseCleanupGroupMembers(TP_CLEANUP_GROUP *group, BOOL cancel_pending,
                                                  PVOID userdata);
NTSYSAPI void WINAPI TpReleaseCleanupGroup(TP_CLEANUP_GROUP *group);
NTSYSAPI NTSTATUS WINAPI TpCallbackMayRunLong(TP_CALLBACK_INSTANCE *instance);
NTSYSAPI void WINAPI TpDisassociateCallback(TP_CALLBACK_INSTANCE *instance);
NTSYSAPI void WINAPI TpCallbackSetEventOnCompletion(TP_CALLBACK_INSTANCE *instance, HANDLE event);
NTSYSAPI void WINAPI TpCallbackReleaseSemaphoreOnCompletion(TP_CALLBACK_INSTANCE *instance, HANDLE semaphore,
                                                            DWORD count);
NTSYSAPI void WINAPI TpCallbackReleaseMutexOnCompletion(TP_CALLBACK_INSTANCE *instance, HANDLE mutex);
NTSYSAPI void WINAPI TpCallbackLeaveCriticalSectionOnCompletion(TP_CALLBACK_INSTANCE *instance,
                                                                RTL_CRITICAL_SECTION *crit);
NTSYSAPI void WINAPI TpCallbackUnloadDllOnCompletion(TP_CALLBACK_INSTANCE *instance, HMODULE module);
NTSYSAPI NTSTATUS WINAPI RtlQueueWorkItem(PRTL_WORK_ITEM_ROUTINE function, PVOID context, ULONG flags);
NTSYSAPI NTSTATUS WINAPI RtlCreateTimerQueue(PHANDLE queue);
NTSYSAPI NTSTATUS WINAPI RtlDeleteTimerQueueEx(HANDLE queue, HANDLE event);
NTSYSAPI NTSTATUS WINAPI RtlCreateTimer(HANDLE queue, PHANDLE timer, RTL_WAITORTIMERCALLBACKFUNC callback,
                                        PVOID param, DWORD due, DWORD period, ULONG flags);
NTSYSAPI NTSTATUS WINAPI RtlUpdateTimer(HANDLE queue, HANDLE timer, DWORD due, DWORD period);
NTSYSAPI NTSTATUS WINAPI RtlDeleteTimer(HANDLE queue, HANDLE timer, HANDLE event);
NTSYSAPI NTSTATUS WINAPI RtlRegisterWait(PHANDLE out, HANDLE object, RTL_WAITORTIMERCALLBACKFUNC callback,
                                         PVOID context, ULONG timeout, ULONG flags);
NTSYSAPI NTSTATUS WINAPI RtlDeregisterWaitEx(HANDLE wait, HANDLE event);
NTSYSAPI NTSTATUS WINAPI RtlDeregisterWait(HANDLE wait);

#endif /* ORIEL_WINTERNL_H */
