/* A straightforward Conficker A/B/C domain generator, computed the way the Windows reference
 * tools compute the worm's lists: on the x87 unit at 53-bit precision control (Windows'
 * default, which the worm ran under), with the x87's own FSIN and FYL2X. It is the benchmarks'
 * second reference point; nothing in the project's library uses it. The algorithm is the one
 * in the project's description: each step
 *     x = key as double, p = (key * CON_RAND mod 2^64) as double, s = FSIN(x),
 *     key = bits of ((p + s) * x + CON_DBL) * x + ln(x)
 * and each name one step for its length, one per letter, one for its suffix. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conficker.h"

struct variant {
    uint64_t con1, con2, con3, con_rand;
    double con_dbl;
    int per_day;
    int suffix_count;
    const char *const *suffixes;
};

static const char *const suffixes_a[] = {"com", "net", "org", "info", "biz"};
static const char *const suffixes_b[] = {"cc", "cn", "ws", "com", "net", "org", "info", "biz"};
static const char *const suffixes_c[] = {
    "ac", "ae", "ag", "am", "as", "at", "be", "bo", "bz", "ca", "cd", "ch", "cl", "cn", "co.cr",
    "co.id", "co.il", "co.ke", "co.kr", "co.nz", "co.ug", "co.uk", "co.vi", "co.za", "com.ag",
    "com.ai", "com.ar", "com.bo", "com.br", "com.bs", "com.co", "com.do", "com.fj", "com.gh",
    "com.gl", "com.gt", "com.hn", "com.jm", "com.ki", "com.lc", "com.mt", "com.mx", "com.ng",
    "com.ni", "com.pa", "com.pe", "com.pr", "com.pt", "com.py", "com.sv", "com.tr", "com.tt",
    "com.tw", "com.ua", "com.uy", "com.ve", "cx", "cz", "dj", "dk", "dm", "ec", "es", "fm", "fr",
    "gd", "gr", "gs", "gy", "hk", "hn", "ht", "hu", "ie", "im", "in", "ir", "is", "kn", "kz", "la",
    "lc", "li", "lu", "lv", "ly", "md", "me", "mn", "ms", "mu", "mw", "my", "nf", "nl", "no", "pe",
    "pk", "pl", "ps", "ro", "ru", "sc", "sg", "sh", "sk", "su", "tc", "tj", "tl", "tn", "to", "tw",
    "us", "vc", "vn"};

static const struct variant variants[3] = {
    {0x463DA5676, 0x58028E44000, 0xB46A7637, 0x64236735, 0.737565675, 250, 5, suffixes_a},
    {0x352C94565, 0x58028E44000, 0xA3596526, 0x53125624, 0.626454564, 250, 8, suffixes_b},
    {0x2682D10B7, 0x19254D38000, 0xF1E34A09, 0x4F3D859E, 0.946270391, 50000, 116, suffixes_c},
};

/* FSIN on the x87, its 64-bit result stored as the double the worm keeps. */
static double x87_fsin(double x) {
    long double r;
    __asm__("fsin" : "=t"(r) : "0"((long double)x));
    return (double)r;
}

double conficker_fsin(double x) {
    return x87_fsin(x);
}

/* msvcrt's x87 log: ln(x) = ln(2) * log2(x) by FYL2X. */
static double x87_ln(double x) {
    long double r;
    __asm__("fldln2\n\tfxch\n\tfyl2x" : "=t"(r) : "0"((long double)x));
    return (double)r;
}

/* The x87 control word: all exceptions masked, round to nearest, and the precision control
 * given (0x000 24 bits, 0x200 53 bits, 0x300 64 bits, the Linux default). */
static uint16_t set_x87_precision(uint16_t precision) {
    uint16_t old, cw;
    __asm__ volatile("fnstcw %0" : "=m"(old));
    cw = (uint16_t)((old & ~0x0F00u) | precision);
    __asm__ volatile("fldcw %0" : : "m"(cw));
    return old;
}

static void restore_x87(uint16_t cw) {
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

/* One step. The sum is long double arithmetic, which the x87 rounds to the precision
 * control's width: at 53 bits, to doubles, as the worm computes it. */
static uint64_t step(uint64_t key, const struct variant *v) {
    double x = (double)key; /* round to nearest even */
    double p = (double)(key * v->con_rand);
    long double r = (((long double)p + x87_fsin(x)) * x + v->con_dbl) * x + x87_ln(x);
    double stored = (double)r;
    uint64_t bits;
    memcpy(&bits, &stored, sizeof bits);
    return bits;
}

/* C's abs: abs(INT_MIN) stays INT_MIN (two's complement, without the undefined behaviour). */
static int32_t c_abs(int32_t out) {
    return out < 0 ? (int32_t)(0u - (uint32_t)out) : out;
}

size_t conficker_list(int variant, uint64_t days_since_1601, uint16_t precision, char *out) {
    const struct variant *v = &variants[variant];
    uint64_t key = days_since_1601 * 864000000000ull * v->con1 / v->con2 + v->con3;
    uint16_t saved = set_x87_precision(precision);
    char *at = out;
    for (int name = 0; name < v->per_day; name++) {
        key = step(key, v);
        int32_t o = (int32_t)(uint32_t)key;
        int length = variant == 2 ? c_abs(o % 6) + 4 : o % 4 + 8;
        for (int i = 0; i < length; i++) {
            key = step(key, v);
            int r = c_abs((int32_t)(uint32_t)key) % 26;
            /* abs(INT_MIN) % 26 is -24: the worm writes 'I'; DNS names are
             * case-insensitive, and the lists are lower case. */
            *at++ = r < 0 ? (char)('a' + r + 32) : (char)('a' + r);
        }
        key = step(key, v);
        o = (int32_t)(uint32_t)key;
        uint32_t index = variant == 0   ? (uint32_t)o % 5
                         : variant == 1 ? (uint32_t)o & 7
                                        /* abs(INT_MIN) indexes before the table: its magnitude */
                                        : (uint32_t)(o < 0 ? 0u - (uint32_t)o : (uint32_t)o) % 116;
        const char *suffix = v->suffixes[index];
        size_t n = strlen(suffix);
        *at++ = '.';
        memcpy(at, suffix, n);
        at += n;
        *at++ = '\n';
    }
    restore_x87(saved);
    return (size_t)(at - out);
}
