/* kumo-number.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-number"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "kumo-number.h"

/* Accepts the JSON number grammar plus the NaN/Infinity tokens that
 * Python's json module writes. */
gboolean
kumo_number_parse (const char *text,
                   KumoNumber *number)
{
  const char *p = text;
  gboolean negative = FALSE;
  gboolean integral = TRUE;
  gboolean overflow = FALSE;
  guint64 magnitude = 0;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  memset (number, 0, sizeof *number);

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (strcmp (p, "Infinity") == 0)
    {
      number->value = negative ? -INFINITY : INFINITY;
      number->negative = negative;
      return TRUE;
    }

  if (!negative && strcmp (p, "NaN") == 0)
    {
      number->value = NAN;
      return TRUE;
    }

  if (!g_ascii_isdigit (*p))
    return FALSE;

  if (*p == '0' && g_ascii_isdigit (p[1]))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        overflow = TRUE;
      else
        magnitude = magnitude * 10 + digit;
    }

  if (*p == '.')
    {
      integral = FALSE;
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'e' || *p == 'E')
    {
      integral = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p != '\0')
    return FALSE;

  errno = 0;
  number->value = g_ascii_strtod (text, &end);
  number->negative = negative;

  number->is_huge_integer = integral && overflow;

  if (integral && !overflow)
    {
      number->is_integer = TRUE;
      number->magnitude = magnitude;
      /* "-0" is the integer zero, not a negative number. */
      if (magnitude == 0)
        number->negative = FALSE;
    }

  return TRUE;
}

void
kumo_number_from_int64 (KumoNumber *number,
                        gint64      value)
{
  g_return_if_fail (number != NULL);

  number->is_integer = TRUE;
  number->negative = value < 0;
  /* Negate in unsigned arithmetic so that G_MININT64 does not overflow. */
  number->magnitude = value < 0 ? -(guint64) value : (guint64) value;
  number->value = (double) value;
}

void
kumo_number_from_uint64 (KumoNumber *number,
                         gboolean    negative,
                         guint64     magnitude)
{
  g_return_if_fail (number != NULL);

  number->is_integer = TRUE;
  number->negative = negative && magnitude != 0;
  number->magnitude = magnitude;
  number->value = negative ? -(double) magnitude : (double) magnitude;
}

void
kumo_number_from_double (KumoNumber *number,
                         double      value)
{
  g_return_if_fail (number != NULL);

  memset (number, 0, sizeof *number);
  number->value = value;
  number->negative = signbit (value) && value != 0;
}

int
kumo_number_compare (const KumoNumber *a,
                     const KumoNumber *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  /* Beyond ±(2^64 − 1), an integer is further from zero than any exact
   * one, even where the doubles round to the same value. */
  if (a->is_huge_integer && b->is_integer)
    return a->negative ? -1 : 1;
  if (b->is_huge_integer && a->is_integer)
    return b->negative ? 1 : -1;

  if (a->is_integer && b->is_integer)
    {
      if (a->negative != b->negative)
        return a->negative ? -1 : 1;

      if (a->magnitude == b->magnitude)
        return 0;

      if (a->magnitude < b->magnitude)
        return a->negative ? 1 : -1;

      return a->negative ? -1 : 1;
    }

  if (a->value < b->value)
    return -1;
  if (a->value > b->value)
    return 1;
  return 0;
}

gboolean
kumo_number_get_int64 (const KumoNumber *number,
                       gint64           *value)
{
  g_return_val_if_fail (number != NULL, FALSE);

  if (!number->is_integer)
    return FALSE;

  if (number->negative)
    {
      if (number->magnitude > (guint64) G_MAXINT64 + 1)
        return FALSE;
      if (value)
        *value = (gint64) -number->magnitude;
      return TRUE;
    }

  if (number->magnitude > G_MAXINT64)
    return FALSE;

  if (value)
    *value = (gint64) number->magnitude;

  return TRUE;
}

/* The shortest text that reads back as the same double, the way Python's
 * repr() writes floats, so an edited 0.87 is saved as "0.87" and not as
 * "0.86999999999999999". Integral values keep a ".0" so that a FLOAT input
 * still looks like one in the saved file. */
char *
kumo_number_format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  int precision;
  int exponent;

  if (isnan (value))
    return g_strdup ("NaN");

  if (isinf (value))
    return g_strdup (value < 0 ? "-Infinity" : "Infinity");

  if (value == 0)
    return g_strdup (signbit (value) ? "-0.0" : "0.0");

  for (precision = 1; precision < 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, value);

      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  /* Like repr(): plain decimals between 1e-4 and 1e16, exponents outside. */
  exponent = (int) floor (log10 (fabs (value)));
  if (exponent >= -4 && exponent < 16)
    {
      g_snprintf (format, sizeof format, "%%.%df", MAX (precision - 1 - exponent, 1));
      g_ascii_formatd (buf, sizeof buf, format, value);
      return g_strdup (buf);
    }

  g_snprintf (format, sizeof format, "%%.%de", precision - 1);
  g_ascii_formatd (buf, sizeof buf, format, value);
  /* 1.0e+16 reads better as 1e+16. */
  {
    char *dot_zero = strstr (buf, ".0e");
    if (dot_zero != NULL)
      memmove (dot_zero, dot_zero + 2, strlen (dot_zero + 2) + 1);
  }
  return g_strdup (buf);
}

char *
kumo_number_to_string (const KumoNumber *number)
{
  g_return_val_if_fail (number != NULL, NULL);

  if (number->is_integer)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                            number->negative ? "-" : "",
                            number->magnitude);

  return kumo_number_format_double (number->value);
}

/* Adds @delta to an integer, failing (rather than wrapping) when the result
 * leaves the ±(2^64 − 1) range. Used by the seed controls. */
gboolean
kumo_number_add (const KumoNumber *number,
                 gint64            delta,
                 KumoNumber       *result)
{
  guint64 step;
  gboolean step_negative;

  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!number->is_integer)
    return FALSE;

  step_negative = delta < 0;
  step = delta < 0 ? -(guint64) delta : (guint64) delta;

  if (number->negative == step_negative || number->magnitude == 0)
    {
      gboolean negative = number->magnitude == 0 ? step_negative : number->negative;

      if (number->magnitude > G_MAXUINT64 - step)
        return FALSE;
      kumo_number_from_uint64 (result, negative, number->magnitude + step);
      return TRUE;
    }

  if (number->magnitude >= step)
    kumo_number_from_uint64 (result, number->negative, number->magnitude - step);
  else
    kumo_number_from_uint64 (result, step_negative, step - number->magnitude);

  return TRUE;
}
