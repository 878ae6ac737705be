/*
 * The interface between the launcher (loader/oriel) and ntdll.dll.so.
 *
 * The launcher validates the program, finds the prefix, the builtin DLL directory and the server,
 * exports them to the environment (so child processes and ntdll's server client agree) and then calls
 * the ELF-private entry point `__oriel_start` of ntdll.dll.so, which never returns.
 */
#ifndef ORIEL_LAUNCHER_H
#define ORIEL_LAUNCHER_H

/* Environment variables set by the launcher before it calls __oriel_start (inherited by children).
 * Each holds an absolute host path. */
#define ORIEL_ENV_PREFIX "ORIEL_PREFIX" /* the prefix directory (default ~/.oriel) */
#define ORIEL_ENV_DLLDIR "ORIEL_DLLDIR" /* builtin DLLs: DIR/NAME/NAME.dll.so or DIR/NAME.dll.so */
#define ORIEL_ENV_SERVER "ORIEL_SERVER" /* the oriel-server binary to start when none runs */
#define ORIEL_ENV_DEBUG "ORIEL_DEBUG"   /* debug channels (include/oriel/debug.h) */

#define ORIEL_START_PARAMS_VERSION 2

/* Modes of __oriel_start. */
#define ORIEL_START_RUN 0 /* run the program */
#define ORIEL_START_CHECK_IMPORTS                                                                            \
    1 /* resolve the imports only; print each unresolved one as                                              \
         `DLL!Function` (or `DLL!#ordinal`) and exit 0 or 1 */

struct oriel_start_params {
    unsigned int version;    /* ORIEL_START_PARAMS_VERSION */
    unsigned int mode;       /* ORIEL_START_* */
    const char *exe_path;    /* absolute host path of the validated program */
    int argc;                /* program arguments after the program name (argv[0] excluded) */
    char **argv;             /* argc UTF-8 strings */
    const char *prefix;      /* absolute host path of the prefix (exists, initialised) */
    const char *dll_dir;     /* absolute host path of the builtin DLL directory */
    const char *server_path; /* absolute host path of oriel-server (may be NULL if not found) */
    const char *user_name;   /* the host user's name (USERNAME, users\\NAME); may be empty */
};

/* Exported by ntdll.dll.so as an ELF symbol only (not a Windows export). Never returns. */
typedef void (*oriel_start_func)(const struct oriel_start_params *params) __attribute__((noreturn));
#define ORIEL_START_SYMBOL "__oriel_start"

/* The symbol every builtin NAME.dll.so exports: its in-memory PE header, i.e. its HMODULE. */
#define ORIEL_PE_HEADER_SYMBOL "__oriel_pe_header"

#endif /* ORIEL_LAUNCHER_H */
