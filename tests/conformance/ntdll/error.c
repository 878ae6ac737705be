/*
 * RtlNtStatusToDosError and the last error conformance tests.
 */
#include "test.h"
#include <ntstatus.h>

typedef ULONG(WINAPI *RtlNtStatusToDosError_t)(LONG);
typedef ULONG(WINAPI *RtlNtStatusToDosErrorNoTeb_t)(LONG);
typedef LONG(WINAPI *RtlGetLastNtStatus_t)(void);
typedef DWORD(WINAPI *RtlGetLastWin32Error_t)(void);
typedef void(WINAPI *RtlSetLastWin32Error_t)(DWORD);

static const struct {
    ULONG status;
    ULONG error;
} mapping[] = {
    {0x00000000, ERROR_SUCCESS},
    {0x00000102 /* STATUS_TIMEOUT */, ERROR_TIMEOUT},
    {0x00000103 /* STATUS_PENDING */, ERROR_IO_PENDING},
    {0x80000005 /* STATUS_BUFFER_OVERFLOW */, ERROR_MORE_DATA},
    {0x80000006 /* STATUS_NO_MORE_FILES */, ERROR_NO_MORE_FILES},
    {0x8000001A /* STATUS_NO_MORE_ENTRIES */, ERROR_NO_MORE_ITEMS},
    {0xC0000001 /* STATUS_UNSUCCESSFUL */, ERROR_GEN_FAILURE},
    {0xC0000002 /* STATUS_NOT_IMPLEMENTED */, ERROR_INVALID_FUNCTION},
    {0xC0000004 /* STATUS_INFO_LENGTH_MISMATCH */, ERROR_BAD_LENGTH},
    {0xC0000005 /* STATUS_ACCESS_VIOLATION */, ERROR_NOACCESS},
    {0xC0000008 /* STATUS_INVALID_HANDLE */, ERROR_INVALID_HANDLE},
    {0xC000000D /* STATUS_INVALID_PARAMETER */, ERROR_INVALID_PARAMETER},
    {0xC000000F /* STATUS_NO_SUCH_FILE */, ERROR_FILE_NOT_FOUND},
    {0xC0000011 /* STATUS_END_OF_FILE */, ERROR_HANDLE_EOF},
    {0xC0000017 /* STATUS_NO_MEMORY */, ERROR_NOT_ENOUGH_MEMORY},
    {0xC0000018 /* STATUS_CONFLICTING_ADDRESSES */, ERROR_INVALID_ADDRESS},
    {0xC0000022 /* STATUS_ACCESS_DENIED */, ERROR_ACCESS_DENIED},
    {0xC0000023 /* STATUS_BUFFER_TOO_SMALL */, ERROR_INSUFFICIENT_BUFFER},
    {0xC0000024 /* STATUS_OBJECT_TYPE_MISMATCH */, ERROR_INVALID_HANDLE},
    {0xC0000033 /* STATUS_OBJECT_NAME_INVALID */, ERROR_INVALID_NAME},
    {0xC0000034 /* STATUS_OBJECT_NAME_NOT_FOUND */, ERROR_FILE_NOT_FOUND},
    {0xC0000035 /* STATUS_OBJECT_NAME_COLLISION */, ERROR_ALREADY_EXISTS},
    {0xC0000039 /* STATUS_OBJECT_PATH_INVALID */, ERROR_BAD_PATHNAME},
    {0xC000003A /* STATUS_OBJECT_PATH_NOT_FOUND */, ERROR_PATH_NOT_FOUND},
    {0xC000003B /* STATUS_OBJECT_PATH_SYNTAX_BAD */, ERROR_BAD_PATHNAME},
    {0xC0000043 /* STATUS_SHARING_VIOLATION */, ERROR_SHARING_VIOLATION},
    {0xC0000045 /* STATUS_INVALID_PAGE_PROTECTION */, ERROR_INVALID_PARAMETER},
    {0xC0000046 /* STATUS_MUTANT_NOT_OWNED */, ERROR_NOT_OWNER},
    {0xC0000047 /* STATUS_SEMAPHORE_LIMIT_EXCEEDED */, ERROR_TOO_MANY_POSTS},
    {0xC0000056 /* STATUS_DELETE_PENDING */, ERROR_ACCESS_DENIED},
    {0xC000007B /* STATUS_INVALID_IMAGE_FORMAT */, ERROR_BAD_EXE_FORMAT},
    {0xC000007F /* STATUS_DISK_FULL */, ERROR_DISK_FULL},
    {0xC000009A /* STATUS_INSUFFICIENT_RESOURCES */, ERROR_NO_SYSTEM_RESOURCES},
    {0xC00000BA /* STATUS_FILE_IS_A_DIRECTORY */, ERROR_ACCESS_DENIED},
    {0xC00000BB /* STATUS_NOT_SUPPORTED */, ERROR_NOT_SUPPORTED},
    {0xC00000EF /* STATUS_INVALID_PARAMETER_1 */, ERROR_INVALID_PARAMETER},
    {0xC0000101 /* STATUS_DIRECTORY_NOT_EMPTY */, ERROR_DIR_NOT_EMPTY},
    {0xC0000103 /* STATUS_NOT_A_DIRECTORY */, ERROR_DIRECTORY},
    {0xC0000120 /* STATUS_CANCELLED */, ERROR_OPERATION_ABORTED},
    {0xC0000135 /* STATUS_DLL_NOT_FOUND */, ERROR_MOD_NOT_FOUND},
    {0xC0000139 /* STATUS_ENTRYPOINT_NOT_FOUND */, ERROR_PROC_NOT_FOUND},
    {0xC0000142 /* STATUS_DLL_INIT_FAILED */, ERROR_DLL_INIT_FAILED},
    {0xC000014B /* STATUS_PIPE_BROKEN */, ERROR_BROKEN_PIPE},
    {0xC00000FD /* STATUS_STACK_OVERFLOW */, ERROR_STACK_OVERFLOW},
    {0xC0000225 /* STATUS_NOT_FOUND */, ERROR_NOT_FOUND},
    {0xC0000100 /* STATUS_VARIABLE_NOT_FOUND */, ERROR_ENVVAR_NOT_FOUND},
    /* the Win32 facility carries the error itself */
    {0x80070005, ERROR_ACCESS_DENIED},
    {0xC0070002, ERROR_FILE_NOT_FOUND},
    /* customer codes pass through unchanged */
    {0xE0000001, 0xE0000001},
    /* no mapping: ERROR_MR_MID_NOT_FOUND */
    {0xC0001234, 317},
    {0x12345678, 317},
};

START_TEST(error)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    RtlNtStatusToDosError_t pRtlNtStatusToDosError =
        (RtlNtStatusToDosError_t)GetProcAddress(ntdll, "RtlNtStatusToDosError");
    RtlNtStatusToDosErrorNoTeb_t pNoTeb =
        (RtlNtStatusToDosErrorNoTeb_t)GetProcAddress(ntdll, "RtlNtStatusToDosErrorNoTeb");
    RtlGetLastNtStatus_t pRtlGetLastNtStatus =
        (RtlGetLastNtStatus_t)GetProcAddress(ntdll, "RtlGetLastNtStatus");
    RtlGetLastWin32Error_t pRtlGetLastWin32Error =
        (RtlGetLastWin32Error_t)GetProcAddress(ntdll, "RtlGetLastWin32Error");
    RtlSetLastWin32Error_t pRtlSetLastWin32Error =
        (RtlSetLastWin32Error_t)GetProcAddress(ntdll, "RtlSetLastWin32Error");

    ok(pRtlNtStatusToDosError && pNoTeb && pRtlGetLastNtStatus && pRtlGetLastWin32Error &&
           pRtlSetLastWin32Error,
       "missing ntdll exports\n");
    if (!pRtlNtStatusToDosError || !pNoTeb || !pRtlGetLastNtStatus || !pRtlGetLastWin32Error ||
        !pRtlSetLastWin32Error)
        return;

    for (size_t i = 0; i < sizeof(mapping) / sizeof(mapping[0]); i++) {
        ULONG err = pRtlNtStatusToDosError((LONG)mapping[i].status);
        ok(err == mapping[i].error, "status %08lx: got %lu, expected %lu\n", mapping[i].status, err,
           mapping[i].error);
        ok(pNoTeb((LONG)mapping[i].status) == mapping[i].error, "NoTeb status %08lx\n", mapping[i].status);
    }

    /* the status is remembered in the TEB */
    pRtlNtStatusToDosError(STATUS_ACCESS_DENIED);
    ok(pRtlGetLastNtStatus() == STATUS_ACCESS_DENIED, "last status %08lx\n", pRtlGetLastNtStatus());

    /* the last error lives in the TEB (LastErrorValue at 0x68) and is shared with kernel32 */
    SetLastError(1234);
    ok(pRtlGetLastWin32Error() == 1234, "RtlGetLastWin32Error %lu\n", pRtlGetLastWin32Error());
    pRtlSetLastWin32Error(5678);
    ok(GetLastError() == 5678, "GetLastError %lu\n", GetLastError());
    ok(*(DWORD *)((BYTE *)NtCurrentTeb() + 0x68) == 5678, "TEB LastErrorValue\n");
}
