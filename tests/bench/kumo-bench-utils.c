/* kumo-bench-utils.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-bench-utils.h"

/* For sorting arrays of doubles, or of structs that start with one. */
int
kumo_bench_compare_doubles (gconstpointer a,
                            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of an array of doubles (which it sorts). */
double
kumo_bench_median (GArray *values)
{
  g_array_sort (values, kumo_bench_compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

double
kumo_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}
