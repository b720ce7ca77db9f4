#include "nearest.h"

#include "i18n.h"
#include "utf8.h"
#include "util.h"

/* The code points of s into out; how many there are, or NEAREST_MAX + 1 when too many. */
static size_t
decode(const char *s, int32_t *out)
{
	size_t n = 0, k;
	int32_t cp;
	while (*s) {
		if (n == NEAREST_MAX)
			return NEAREST_MAX + 1;
		k = utf8_decode(s, SIZE_MAX, &cp);
		s += k ? k : 1;
		out[n++] = cp;
	}
	return n;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* Edit distance of a and b, a swap of neighbours counting one (optimal string alignment). */
static size_t
distance(const int32_t *a, size_t la, const int32_t *b, size_t lb)
{
	size_t rows[3][NEAREST_MAX + 1], *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t i, j;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* Whether d is a distance small enough to suggest b for a (see nearest.h). */
static int
close_enough(const int32_t *a, size_t la, const int32_t *b, size_t lb, size_t d)
{
	size_t pre = 0, suf = 0, longer = la > lb ? la : lb, differ;
	while (pre < la && pre < lb && a[pre] == b[pre])
		pre++;
	while (suf < la - pre && suf < lb - pre && a[la - 1 - suf] == b[lb - 1 - suf])
		suf++;
	differ = longer - pre - suf;
	return d > 0 && d <= (longer + 1) / 3 && d <= (differ / 2 > 1 ? differ / 2 : 1);
}

void
nearest_begin(struct nearest *nr, const char *name)
{
	nr->n = decode(name, nr->name);
	nr->best = NULL;
	nr->dist = 0;
	nr->budget = NEAREST_BUDGET;
}

void
nearest_offer(struct nearest *nr, const char *candidate)
{
	int32_t c[NEAREST_MAX];
	size_t n, d, cells, gap;
	if (nr->n > NEAREST_MAX || !nr->budget)
		return;
	n = decode(candidate, c);
	if (n > NEAREST_MAX)
		return;
	gap = n > nr->n ? n - nr->n : nr->n - n; /* the distance is at least this */
	if (nr->best && gap >= nr->dist)
		return;
	cells = (n + 1) * (nr->n + 1);
	if (cells > nr->budget) {
		nr->budget = 0;
		return;
	}
	nr->budget -= cells;
	d = distance(nr->name, nr->n, c, n);
	if ((!nr->best || d < nr->dist) && close_enough(nr->name, nr->n, c, n, d)) {
		nr->best = candidate;
		nr->dist = d;
	}
}

const char *
nearest_in(const char *name, const char *const *list)
{
	struct nearest nr;
	nearest_begin(&nr, name);
	for (; *list; list++)
		nearest_offer(&nr, *list);
	return nr.best;
}

char *
nearest_hint(const char *best)
{
	return best ? xasprintf(_(" (did you mean '%s'?)"), best) : xstrdup("");
}
