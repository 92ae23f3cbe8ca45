/* kumo-number.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An exact view of a JSON number token.
 *
 * Seeds in real workflows and the seed range in object_info reach
 * ±18446744073709551615, beyond what gint64 or a double hold exactly.
 * Integers within ±(2^64 − 1) are kept as a sign and a 64-bit magnitude;
 * everything else (fractions, exponents, larger integers) as a double.
 */
typedef struct
{
  gboolean is_integer;
  /* An integer token with more than 64 bits of magnitude. */
  gboolean is_huge_integer;
  gboolean negative;
  guint64  magnitude;
  double   value;
} KumoNumber;

/* The largest integer a double, and so a JavaScript client, holds exactly. */
#define KUMO_NUMBER_MAX_SAFE_INTEGER G_GUINT64_CONSTANT (9007199254740991)

gboolean  kumo_number_parse          (const char       *text,
                                      KumoNumber       *number);
void      kumo_number_from_int64     (KumoNumber       *number,
                                      gint64            value);
void      kumo_number_from_uint64    (KumoNumber       *number,
                                      gboolean          negative,
                                      guint64           magnitude);
void      kumo_number_from_double    (KumoNumber       *number,
                                      double            value);
int       kumo_number_compare        (const KumoNumber *a,
                                      const KumoNumber *b);
gboolean  kumo_number_get_int64      (const KumoNumber *number,
                                      gint64           *value);
char     *kumo_number_to_string      (const KumoNumber *number);
char     *kumo_number_format_double  (double            value);
gboolean  kumo_number_add            (const KumoNumber *number,
                                      gint64            delta,
                                      KumoNumber       *result);

G_END_DECLS
