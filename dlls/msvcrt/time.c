/*
 * Time (time.h, sys/timeb.h). time_t is 64-bit in the x64 msvcrt.dll. The clock comes from kernel32;
 * the time zone rules from the host's tz database (the same zone Windows programs see under oriel).
 * strftime implements the "C" locale.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "msvcrt_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(msvcrt);

#define TICKS_1601_TO_1970 116444736000000000ull
#define MAX_TIME64 32535215999ll /* 3000-12-31 23:59:59 UTC: msvcrt's upper limit */

LONG MSVCRT__timezone;
int MSVCRT__daylight;
LONG MSVCRT__dstbias = -3600;
static char tzname_std[64] = "PST", tzname_dst[64] = "PDT";
char *MSVCRT__tzname[2] = {tzname_std, tzname_dst};

static void tz_init(void)
{
    static int done;
    if (done)
        return;
    tzset();
    MSVCRT__timezone = timezone;
    MSVCRT__daylight = daylight;
    snprintf(tzname_std, sizeof(tzname_std), "%s", tzname[0] ? tzname[0] : "");
    snprintf(tzname_dst, sizeof(tzname_dst), "%s", tzname[1] ? tzname[1] : "");
    done = 1;
}

void CDECL MSVCRT__tzset(void)
{
    tz_init();
}

LONG *CDECL MSVCRT___p__timezone(void)
{
    tz_init();
    return &MSVCRT__timezone;
}

int *CDECL MSVCRT___p__daylight(void)
{
    tz_init();
    return &MSVCRT__daylight;
}

char **CDECL MSVCRT___p__tzname(void)
{
    tz_init();
    return MSVCRT__tzname;
}

static int64_t now_100ns(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return (int64_t)((((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime) - TICKS_1601_TO_1970);
}

int64_t CDECL MSVCRT__time64(int64_t *t)
{
    int64_t now = now_100ns() / 10000000;
    if (t)
        *t = now;
    return now;
}

LONG CDECL MSVCRT__time32(LONG *t)
{
    LONG now = (LONG)MSVCRT__time64(NULL);
    if (t)
        *t = now;
    return now;
}

struct MSVCRT__timeb64 {
    int64_t time;
    unsigned short millitm;
    short timezone;
    short dstflag;
};

void CDECL MSVCRT__ftime64(struct MSVCRT__timeb64 *tb)
{
    tz_init();
    int64_t t = now_100ns();
    tb->time = t / 10000000;
    tb->millitm = (t / 10000) % 1000;
    tb->timezone = MSVCRT__timezone / 60;
    time_t tt = tb->time;
    struct tm tm;
    localtime_r(&tt, &tm);
    tb->dstflag = tm.tm_isdst > 0;
}

static int64_t process_start_ticks;
static int64_t perf_freq;

/* clock() counts from CRT start-up */
void msvcrt_init_clock(void)
{
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    process_start_ticks = now.QuadPart;
}

LONG CDECL MSVCRT_clock(void)
{
    LARGE_INTEGER now, freq;
    if (!perf_freq) {
        QueryPerformanceFrequency(&freq);
        perf_freq = freq.QuadPart ? freq.QuadPart : 1;
    }
    QueryPerformanceCounter(&now);
    return (LONG)((now.QuadPart - process_start_ticks) * 1000 / perf_freq); /* CLOCKS_PER_SEC 1000 */
}

static void tm_from_host(struct MSVCRT_tm *dst, const struct tm *src)
{
    dst->tm_sec = src->tm_sec;
    dst->tm_min = src->tm_min;
    dst->tm_hour = src->tm_hour;
    dst->tm_mday = src->tm_mday;
    dst->tm_mon = src->tm_mon;
    dst->tm_year = src->tm_year;
    dst->tm_wday = src->tm_wday;
    dst->tm_yday = src->tm_yday;
    dst->tm_isdst = src->tm_isdst;
}

static void tm_to_host(struct tm *dst, const struct MSVCRT_tm *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->tm_sec = src->tm_sec;
    dst->tm_min = src->tm_min;
    dst->tm_hour = src->tm_hour;
    dst->tm_mday = src->tm_mday;
    dst->tm_mon = src->tm_mon;
    dst->tm_year = src->tm_year;
    dst->tm_wday = src->tm_wday;
    dst->tm_yday = src->tm_yday;
    dst->tm_isdst = src->tm_isdst;
}

#define tm_buffer (msvcrt_thread_data()->tm)

static struct MSVCRT_tm *convert_time(const int64_t *t, int local, struct MSVCRT_tm *out)
{
    if (!t || *t < 0 || *t > MAX_TIME64) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    time_t tt = *t;
    struct tm tm;
    if (local) {
        tz_init();
        if (!localtime_r(&tt, &tm))
            return NULL;
    } else if (!gmtime_r(&tt, &tm))
        return NULL;
    tm_from_host(out, &tm);
    return out;
}

struct MSVCRT_tm *CDECL MSVCRT__localtime64(const int64_t *t)
{
    return convert_time(t, 1, &tm_buffer);
}

struct MSVCRT_tm *CDECL MSVCRT__gmtime64(const int64_t *t)
{
    return convert_time(t, 0, &tm_buffer);
}

int CDECL MSVCRT__localtime64_s(struct MSVCRT_tm *res, const int64_t *t)
{
    if (!res)
        return MSVCRT_EINVAL;
    return convert_time(t, 1, res) ? 0 : MSVCRT_EINVAL;
}

int CDECL MSVCRT__gmtime64_s(struct MSVCRT_tm *res, const int64_t *t)
{
    if (!res)
        return MSVCRT_EINVAL;
    return convert_time(t, 0, res) ? 0 : MSVCRT_EINVAL;
}

struct MSVCRT_tm *CDECL MSVCRT__localtime32(const LONG *t)
{
    int64_t t64 = t ? *t : -1;
    return MSVCRT__localtime64(t ? &t64 : NULL);
}

struct MSVCRT_tm *CDECL MSVCRT__gmtime32(const LONG *t)
{
    int64_t t64 = t ? *t : -1;
    return MSVCRT__gmtime64(t ? &t64 : NULL);
}

int64_t CDECL MSVCRT__mktime64(struct MSVCRT_tm *mtm)
{
    struct tm tm;
    tz_init();
    tm_to_host(&tm, mtm);
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || t < 0 || t > MAX_TIME64)
        return -1;
    tm_from_host(mtm, &tm);
    return t;
}

int64_t CDECL MSVCRT__mkgmtime64(struct MSVCRT_tm *mtm)
{
    struct tm tm;
    tm_to_host(&tm, mtm);
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || t < 0 || t > MAX_TIME64)
        return -1;
    tm_from_host(mtm, &tm);
    return t;
}

LONG CDECL MSVCRT__mktime32(struct MSVCRT_tm *mtm)
{
    int64_t t = MSVCRT__mktime64(mtm);
    return t > 0x7fffffff ? -1 : (LONG)t;
}

double CDECL MSVCRT__difftime64(int64_t t1, int64_t t2)
{
    return (double)(t1 - t2);
}

/* ---- text ---- */

static const char *const day_abbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const day_full[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
static const char *const mon_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const mon_full[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

#define asctime_buf (msvcrt_thread_data()->asctime_buf)

char *CDECL MSVCRT_asctime(const struct MSVCRT_tm *tm)
{
    if (!tm || tm->tm_wday < 0 || tm->tm_wday > 6 || tm->tm_mon < 0 || tm->tm_mon > 11) {
        msvcrt_errno = MSVCRT_EINVAL;
        return NULL;
    }
    snprintf(asctime_buf, sizeof(asctime_buf), "%s %s %02d %02d:%02d:%02d %4d\n", day_abbr[tm->tm_wday],
             mon_abbr[tm->tm_mon], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);
    return asctime_buf;
}

char *CDECL MSVCRT__ctime64(const int64_t *t)
{
    struct MSVCRT_tm *tm = MSVCRT__localtime64(t);
    return tm ? MSVCRT_asctime(tm) : NULL;
}

char *CDECL MSVCRT__ctime32(const LONG *t)
{
    int64_t t64 = t ? *t : -1;
    return MSVCRT__ctime64(&t64);
}

struct out {
    char *buf;
    size_t size, len;
    int overflow;
};

static void put(struct out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->len + n >= o->size) {
        o->overflow = 1;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void put_num(struct out *o, int v, int width, int alt)
{
    char tmp[32];
    if (alt)
        snprintf(tmp, sizeof(tmp), "%d", v);
    else
        snprintf(tmp, sizeof(tmp), "%0*d", width, v);
    put(o, tmp);
}

static int week_number(const struct MSVCRT_tm *tm, int first_day)
{
    int wday = (tm->tm_wday - first_day + 7) % 7;
    return (tm->tm_yday - wday + 7) / 7;
}

static int do_strftime(struct out *o, const char *fmt, const struct MSVCRT_tm *tm)
{
    for (; *fmt && !o->overflow; fmt++) {
        if (*fmt != '%') {
            char c[2] = {*fmt, 0};
            put(o, c);
            continue;
        }
        fmt++;
        int alt = 0;
        if (*fmt == '#') {
            alt = 1;
            fmt++;
        }
        switch (*fmt) {
        case 'a':
            put(o, day_abbr[(unsigned)tm->tm_wday % 7]);
            break;
        case 'A':
            put(o, day_full[(unsigned)tm->tm_wday % 7]);
            break;
        case 'b':
        case 'h':
            put(o, mon_abbr[(unsigned)tm->tm_mon % 12]);
            break;
        case 'B':
            put(o, mon_full[(unsigned)tm->tm_mon % 12]);
            break;
        case 'c':
            if (alt) {
                do_strftime(o, "%A, %B %#d, %Y %H:%M:%S", tm);
            } else
                do_strftime(o, "%m/%d/%y %H:%M:%S", tm);
            break;
        case 'd':
            put_num(o, tm->tm_mday, 2, alt);
            break;
        case 'H':
            put_num(o, tm->tm_hour, 2, alt);
            break;
        case 'I':
            put_num(o, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, alt);
            break;
        case 'j':
            put_num(o, tm->tm_yday + 1, 3, alt);
            break;
        case 'm':
            put_num(o, tm->tm_mon + 1, 2, alt);
            break;
        case 'M':
            put_num(o, tm->tm_min, 2, alt);
            break;
        case 'p':
            put(o, tm->tm_hour < 12 ? "AM" : "PM");
            break;
        case 'S':
            put_num(o, tm->tm_sec, 2, alt);
            break;
        case 'U':
            put_num(o, week_number(tm, 0), 2, alt);
            break;
        case 'W':
            put_num(o, week_number(tm, 1), 2, alt);
            break;
        case 'w':
            put_num(o, tm->tm_wday, 1, alt);
            break;
        case 'x':
            do_strftime(o, alt ? "%A, %B %#d, %Y" : "%m/%d/%y", tm);
            break;
        case 'X':
            do_strftime(o, "%H:%M:%S", tm);
            break;
        case 'y':
            put_num(o, (tm->tm_year + 1900) % 100, 2, alt);
            break;
        case 'Y':
            put_num(o, tm->tm_year + 1900, 1, alt);
            break;
        case 'z':
        case 'Z':
            /* msvcrt writes the time zone name for both */
            tz_init();
            put(o, MSVCRT__tzname[tm->tm_isdst > 0 ? 1 : 0]);
            break;
        case '%':
            put(o, "%");
            break;
        default:
            msvcrt_errno = MSVCRT_EINVAL;
            return 0;
        }
    }
    return !o->overflow;
}

size_t CDECL MSVCRT_strftime(char *buf, size_t size, const char *fmt, const struct MSVCRT_tm *tm)
{
    if (!buf || !fmt || !size || !tm) {
        msvcrt_errno = MSVCRT_EINVAL;
        if (buf && size)
            *buf = 0;
        return 0;
    }
    struct out o = {buf, size, 0, 0};
    if (!do_strftime(&o, fmt, tm)) {
        *buf = 0;
        return 0;
    }
    buf[o.len] = 0;
    return o.len;
}

size_t CDECL MSVCRT_wcsftime(WCHAR *buf, size_t size, const WCHAR *fmt, const struct MSVCRT_tm *tm)
{
    if (!buf || !fmt || !size || !tm) {
        msvcrt_errno = MSVCRT_EINVAL;
        return 0;
    }
    /* the format is ASCII in practice; other characters pass through untouched */
    size_t flen = msvcrt_wcslen(fmt);
    char *afmt = MSVCRT_malloc(flen + 1), *abuf = MSVCRT_malloc(size * 3 + 1);
    size_t ret = 0;
    if (afmt && abuf) {
        size_t j = 0;
        for (size_t i = 0; i < flen; i++)
            afmt[j++] = fmt[i] < 0x80 ? (char)fmt[i] : '\x01';
        afmt[j] = 0;
        size_t n = MSVCRT_strftime(abuf, size * 3 + 1, afmt, tm);
        size_t k = 0, fi = 0;
        if (n && n < size) {
            for (size_t i = 0; i < n; i++) {
                if (abuf[i] == '\x01') {
                    while (fi < flen && fmt[fi] < 0x80)
                        fi++;
                    buf[k++] = fi < flen ? fmt[fi++] : '?';
                } else
                    buf[k++] = (unsigned char)abuf[i];
            }
            buf[k] = 0;
            ret = k;
        } else
            buf[0] = 0;
    }
    MSVCRT_free(afmt);
    MSVCRT_free(abuf);
    return ret;
}

char *CDECL MSVCRT__strdate(char *buf)
{
    int64_t t = MSVCRT__time64(NULL);
    struct MSVCRT_tm tm;
    convert_time(&t, 1, &tm);
    MSVCRT_strftime(buf, 9, "%m/%d/%y", &tm);
    return buf;
}

char *CDECL MSVCRT__strtime(char *buf)
{
    int64_t t = MSVCRT__time64(NULL);
    struct MSVCRT_tm tm;
    convert_time(&t, 1, &tm);
    MSVCRT_strftime(buf, 9, "%H:%M:%S", &tm);
    return buf;
}
