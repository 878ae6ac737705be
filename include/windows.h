/* Umbrella header for oriel's builtin DLLs. Written for oriel. */
#ifndef ORIEL_WINDOWS_H
#define ORIEL_WINDOWS_H
#include "windef.h"
#include "winnt.h"
#include "winerror.h"
#include "winbase.h"
#include "wincon.h"
#endif
