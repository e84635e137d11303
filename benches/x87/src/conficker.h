#include <stddef.h>
#include <stdint.h>

/* The most bytes one day's list takes: 50,000 names of at most 11 letters, a dot, a suffix
 * of at most 6 characters and a newline. */
#define CONFICKER_LIST_CAPACITY (50000 * 19)

/* Writes the list of `variant` (0 A, 1 B, 2 C) for the UTC date `days_since_1601` days after
 * 1601-01-01 into `out` (CONFICKER_LIST_CAPACITY bytes), one name a line, computing under the
 * x87 precision control `precision` (0x200: 53 bits, the worm's); returns the bytes written. */
size_t conficker_list(int variant, uint64_t days_since_1601, uint16_t precision, char *out);

/* The x87's FSIN of `x`, stored as a double. */
double conficker_fsin(double x);
