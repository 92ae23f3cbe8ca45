/* kumo-bench-utils.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int    kumo_bench_compare_doubles (gconstpointer a,
                                   gconstpointer b);
double kumo_bench_median          (GArray       *values);
double kumo_bench_now_ms          (void);

G_END_DECLS
