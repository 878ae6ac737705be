/*
 * Math functions (math.h, float.h). The arithmetic is the host libm's; msvcrt's errno rules are
 * applied on top: EDOM for a domain error, ERANGE for an overflow or a pole.
 */
#include <math.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

static double check1(double x, double r)
{
    if (isnan(r) && !isnan(x))
        msvcrt_errno = MSVCRT_EDOM;
    else if (isinf(r) && isfinite(x))
        msvcrt_errno = MSVCRT_ERANGE;
    return r;
}

static double check2(double x, double y, double r)
{
    if (isnan(r) && !isnan(x) && !isnan(y))
        msvcrt_errno = MSVCRT_EDOM;
    else if (isinf(r) && isfinite(x) && isfinite(y))
        msvcrt_errno = MSVCRT_ERANGE;
    return r;
}

#define MATH1(name)                                                                                          \
    double CDECL MSVCRT_##name(double x)                                                                     \
    {                                                                                                        \
        return check1(x, name(x));                                                                           \
    }                                                                                                        \
    float CDECL MSVCRT_##name##f(float x)                                                                    \
    {                                                                                                        \
        return (float)check1(x, name##f(x));                                                                 \
    }
#define MATH2(name)                                                                                          \
    double CDECL MSVCRT_##name(double x, double y)                                                           \
    {                                                                                                        \
        return check2(x, y, name(x, y));                                                                     \
    }                                                                                                        \
    float CDECL MSVCRT_##name##f(float x, float y)                                                           \
    {                                                                                                        \
        return (float)check2(x, y, name##f(x, y));                                                           \
    }

MATH1(acos)
MATH1(asin)
MATH1(atan)
MATH1(cos)
MATH1(cosh)
MATH1(exp)
MATH1(log)
MATH1(log10)
MATH1(sin)
MATH1(sinh)
MATH1(sqrt)
MATH1(tan)
MATH1(tanh)
MATH2(atan2)
MATH2(fmod)
MATH2(pow)

double CDECL MSVCRT_fabs(double x)
{
    return fabs(x);
}

float CDECL MSVCRT_fabsf(float x)
{
    return fabsf(x);
}

double CDECL MSVCRT_floor(double x)
{
    return floor(x);
}

float CDECL MSVCRT_floorf(float x)
{
    return floorf(x);
}

double CDECL MSVCRT_ceil(double x)
{
    return ceil(x);
}

float CDECL MSVCRT_ceilf(float x)
{
    return ceilf(x);
}

double CDECL MSVCRT_modf(double x, double *ip)
{
    return modf(x, ip);
}

float CDECL MSVCRT_modff(float x, float *ip)
{
    return modff(x, ip);
}

double CDECL MSVCRT_frexp(double x, int *e)
{
    return frexp(x, e);
}

double CDECL MSVCRT_ldexp(double x, int e)
{
    double r = ldexp(x, e);
    if (isfinite(x) && (isinf(r) || (r == 0 && x != 0)))
        msvcrt_errno = MSVCRT_ERANGE;
    return r;
}

double CDECL MSVCRT__hypot(double x, double y)
{
    return check2(x, y, hypot(x, y));
}

float CDECL MSVCRT__hypotf(float x, float y)
{
    return (float)check2(x, y, hypotf(x, y));
}

double CDECL MSVCRT__copysign(double x, double y)
{
    return copysign(x, y);
}

float CDECL MSVCRT__copysignf(float x, float y)
{
    return copysignf(x, y);
}

double CDECL MSVCRT__chgsign(double x)
{
    return -x;
}

int CDECL MSVCRT__isnan(double x)
{
    return isnan(x) != 0;
}

int CDECL MSVCRT__finite(double x)
{
    return isfinite(x) != 0;
}

int CDECL MSVCRT__isnanf(float x)
{
    return isnan(x) != 0;
}

int CDECL MSVCRT__finitef(float x)
{
    return isfinite(x) != 0;
}

double CDECL MSVCRT__logb(double x)
{
    return check1(x, logb(x));
}

double CDECL MSVCRT__nextafter(double x, double y)
{
    return nextafter(x, y);
}

double CDECL MSVCRT__scalb(double x, LONG e)
{
    return check1(x, scalbn(x, e));
}

double CDECL MSVCRT__j0(double x)
{
    return j0(x);
}
double CDECL MSVCRT__j1(double x)
{
    return j1(x);
}
double CDECL MSVCRT__jn(int n, double x)
{
    return jn(n, x);
}
double CDECL MSVCRT__y0(double x)
{
    return check1(x, y0(x));
}
double CDECL MSVCRT__y1(double x)
{
    return check1(x, y1(x));
}
double CDECL MSVCRT__yn(int n, double x)
{
    return check1(x, yn(n, x));
}

/* _fpclass results */
#define FPCLASS_SNAN 0x0001
#define FPCLASS_QNAN 0x0002
#define FPCLASS_NINF 0x0004
#define FPCLASS_NN 0x0008
#define FPCLASS_ND 0x0010
#define FPCLASS_NZ 0x0020
#define FPCLASS_PZ 0x0040
#define FPCLASS_PD 0x0080
#define FPCLASS_PN 0x0100
#define FPCLASS_PINF 0x0200

int CDECL MSVCRT__fpclass(double x)
{
    int neg = signbit(x) != 0;
    switch (fpclassify(x)) {
    case FP_NAN: {
        uint64_t bits;
        __builtin_memcpy(&bits, &x, 8);
        return (bits & 0x0008000000000000ull) ? FPCLASS_QNAN : FPCLASS_SNAN;
    }
    case FP_INFINITE:
        return neg ? FPCLASS_NINF : FPCLASS_PINF;
    case FP_SUBNORMAL:
        return neg ? FPCLASS_ND : FPCLASS_PD;
    case FP_ZERO:
        return neg ? FPCLASS_NZ : FPCLASS_PZ;
    default:
        return neg ? FPCLASS_NN : FPCLASS_PN;
    }
}

int CDECL MSVCRT_abs(int x)
{
    return x < 0 ? -x : x;
}
LONG CDECL MSVCRT_labs(LONG x)
{
    return x < 0 ? -x : x;
}
int64_t CDECL MSVCRT__abs64(int64_t x)
{
    return x < 0 ? -x : x;
}

/* div/ldiv return small structs in RAX under the Windows x64 ABI: an 8-byte struct fits. */
typedef struct {
    int quot, rem;
} MSVCRT_div_t;

int64_t CDECL MSVCRT_div(int num, int den)
{
    MSVCRT_div_t r = {num / den, num % den};
    int64_t packed;
    __builtin_memcpy(&packed, &r, 8);
    return packed;
}

int64_t CDECL MSVCRT_ldiv(LONG num, LONG den)
{
    return MSVCRT_div(num, den);
}

/* ---- floating point environment (x64: SSE's MXCSR, plus the x87 unit for _statusfp/_clearfp) ---- */

#define MS_EM_INEXACT 0x00000001
#define MS_EM_UNDERFLOW 0x00000002
#define MS_EM_OVERFLOW 0x00000004
#define MS_EM_ZERODIVIDE 0x00000008
#define MS_EM_INVALID 0x00000010
#define MS_EM_DENORMAL 0x00080000
#define MS_RC_MASK 0x00000300
#define MS_RC_DOWN 0x00000100
#define MS_RC_UP 0x00000200
#define MS_RC_CHOP 0x00000300
#define MS_DN_FLUSH 0x01000000
#define MS_MCW_EM 0x0008001f

static unsigned int get_mxcsr(void)
{
    unsigned int v;
    __asm__ __volatile__("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_mxcsr(unsigned int v)
{
    __asm__ __volatile__("ldmxcsr %0" : : "m"(v));
}

static unsigned int mxcsr_to_control(unsigned int m)
{
    unsigned int c = 0;
    if (m & 0x0080)
        c |= MS_EM_INVALID;
    if (m & 0x0100)
        c |= MS_EM_DENORMAL;
    if (m & 0x0200)
        c |= MS_EM_ZERODIVIDE;
    if (m & 0x0400)
        c |= MS_EM_OVERFLOW;
    if (m & 0x0800)
        c |= MS_EM_UNDERFLOW;
    if (m & 0x1000)
        c |= MS_EM_INEXACT;
    switch (m & 0x6000) {
    case 0x2000:
        c |= MS_RC_DOWN;
        break;
    case 0x4000:
        c |= MS_RC_UP;
        break;
    case 0x6000:
        c |= MS_RC_CHOP;
        break;
    }
    if (m & 0x8040)
        c |= MS_DN_FLUSH;
    return c;
}

static unsigned int control_to_mxcsr(unsigned int c, unsigned int m)
{
    m &= ~0xffc0;
    if (c & MS_EM_INVALID)
        m |= 0x0080;
    if (c & MS_EM_DENORMAL)
        m |= 0x0100;
    if (c & MS_EM_ZERODIVIDE)
        m |= 0x0200;
    if (c & MS_EM_OVERFLOW)
        m |= 0x0400;
    if (c & MS_EM_UNDERFLOW)
        m |= 0x0800;
    if (c & MS_EM_INEXACT)
        m |= 0x1000;
    switch (c & MS_RC_MASK) {
    case MS_RC_DOWN:
        m |= 0x2000;
        break;
    case MS_RC_UP:
        m |= 0x4000;
        break;
    case MS_RC_CHOP:
        m |= 0x6000;
        break;
    }
    if (c & MS_DN_FLUSH)
        m |= 0x8040;
    return m;
}

unsigned int CDECL MSVCRT__controlfp(unsigned int newval, unsigned int mask)
{
    /* precision and infinity control do not exist on x64 and are ignored, as on Windows */
    mask &= MS_MCW_EM | MS_RC_MASK | MS_DN_FLUSH;
    unsigned int m = get_mxcsr();
    unsigned int cur = mxcsr_to_control(m);
    if (mask) {
        cur = (cur & ~mask) | (newval & mask);
        set_mxcsr(control_to_mxcsr(cur, m));
    }
    return cur;
}

unsigned int CDECL MSVCRT__control87(unsigned int newval, unsigned int mask)
{
    return MSVCRT__controlfp(newval, mask);
}

int CDECL MSVCRT__controlfp_s(unsigned int *cur, unsigned int newval, unsigned int mask)
{
    unsigned int v = MSVCRT__controlfp(newval, mask);
    if (cur)
        *cur = v;
    return 0;
}

static unsigned int status_bits(unsigned int flags)
{
    /* x87 status word and MXCSR share the low six flag bits */
    unsigned int s = 0;
    if (flags & 0x01)
        s |= 0x10; /* _SW_INVALID */
    if (flags & 0x02)
        s |= 0x80000; /* _SW_DENORMAL */
    if (flags & 0x04)
        s |= 0x08; /* _SW_ZERODIVIDE */
    if (flags & 0x08)
        s |= 0x04; /* _SW_OVERFLOW */
    if (flags & 0x10)
        s |= 0x02; /* _SW_UNDERFLOW */
    if (flags & 0x20)
        s |= 0x01; /* _SW_INEXACT */
    return s;
}

unsigned int CDECL MSVCRT__statusfp(void)
{
    unsigned short sw;
    __asm__ __volatile__("fnstsw %0" : "=m"(sw));
    return status_bits((sw | get_mxcsr()) & 0x3f);
}

unsigned int CDECL MSVCRT__clearfp(void)
{
    unsigned int r = MSVCRT__statusfp();
    __asm__ __volatile__("fnclex");
    set_mxcsr(get_mxcsr() & ~0x3f);
    return r;
}

void CDECL MSVCRT__fpreset(void)
{
    __asm__ __volatile__("fninit");
    set_mxcsr(0x1f80);
}

int *CDECL MSVCRT___fpecode(void)
{
    return &msvcrt_thread_data()->fpecode;
}
