/* kumo-emulator-validate.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-emulator"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kumo-emulator-validate.h"

/*
 * What ComfyUI answers to POST /prompt, step by step as its Python does
 * it, so that a client tested against the emulator meets the server's
 * real words. Read from Comfy-Org/ComfyUI:
 *
 *   execution.py @ 04e2a914334246661a77665aa14068a0670e3321
 *     validate_prompt(), validate_inputs(), full_type_name()
 *   comfy_execution/validation.py @ 503745c94c75896cfac4419f651a6993098fecc5
 *     validate_node_input()
 *   comfy_execution/graph.py @ 0b45812024cd9bb5b8469d89ad92dc55d4cc2e19
 *     get_input_info()
 *   server.py @ 002c3fb9a504255ccb3edb668c08b8f56e63d14a
 *     post_prompt(): a prompt with at least one good output is queued,
 *     200 with the node_errors of the others
 *   comfy_api/latest/_io.py @ 04e2a914334246661a77665aa14068a0670e3321
 *     Combo.Input: "options", "multiselect", "remote_combo";
 *     get_finalized_class_inputs() and the dynamic input types
 *   nodes.py @ 02217e36a45bcbe2dd8fa24187aa5e053d9aea2e
 *     LoadImage.VALIDATE_INPUTS (inherited by LoadImageMask and
 *     LoadImageOutput)
 *
 * The messages are formatted by Python: str() and repr() of lists and
 * strings, repr() of floats, int() and float() of strings with their
 * exception texts. Those are retold here too, since a client shows them.
 *
 * Not retold: custom nodes' VALIDATE_INPUTS (only the core loaders'
 * file checks are known, below), loop boundaries (validate_loops, which
 * needs the V3 schema's loop_boundary, not in object_info), Python's own
 * recursion limit, and the crashes malformed object_info would cause.
 *
 * Where real ComfyUI iterates a set (the output nodes, the inputs of a
 * node), its order changes from run to run; here it is the order of the
 * prompt and of object_info.
 */

/* ---------------------------------------------------------------------- */
/* Python values                                                          */
/* ---------------------------------------------------------------------- */

/* A number as Python's json module reads it: an int of any size when the
 * token has no fraction and no exponent, else a float. */
typedef struct
{
  gboolean  is_int;
  char     *digits;    /* is_int: optional '-', no leading zeros, never "-0" */
  double    value;     /* !is_int */
} PyNum;

static void
py_num_clear (PyNum *num)
{
  g_clear_pointer (&num->digits, g_free);
}

/* Decimal digits, with '_' separators as int() allows them, to the
 * canonical text of the int. */
static char *
canonical_int (gboolean    negative,
               const char *digits,
               gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (digits[i] == '_')
        continue;
      if (out->len == 0 && digits[i] == '0')
        continue;
      g_string_append_c (out, digits[i]);
    }

  if (out->len == 0)
    g_string_append_c (out, '0');
  else if (negative)
    g_string_prepend_c (out, '-');

  return g_string_free (out, FALSE);
}

/* The exact integer a double holds; glibc prints it digit for digit. */
static char *
integral_double_to_digits (double value)
{
  g_autofree char *text = g_strdup_printf ("%.0f", value);
  gboolean negative = text[0] == '-';

  return canonical_int (negative, text + negative, strlen (text + negative));
}

static gboolean
number_text_is_int (const char *text)
{
  return strpbrk (text, ".eE") == NULL && strstr (text, "Infinity") == NULL && strstr (text, "NaN") == NULL;
}

static double
number_text_to_double (const char *text)
{
  if (g_str_equal (text, "Infinity"))
    return INFINITY;
  if (g_str_equal (text, "-Infinity"))
    return -INFINITY;
  if (strstr (text, "NaN") != NULL)
    return NAN;
  return g_ascii_strtod (text, NULL);
}

/* Numbers and booleans (Python's bool is an int); FALSE for the rest. */
static gboolean
py_num_from_json (const KumoJson *json,
                  PyNum          *num)
{
  const char *text;

  memset (num, 0, sizeof *num);

  switch (kumo_json_get_type (json))
    {
    case KUMO_JSON_BOOLEAN:
      num->is_int = TRUE;
      num->digits = g_strdup (kumo_json_get_boolean (json) ? "1" : "0");
      return TRUE;

    case KUMO_JSON_NUMBER:
      text = kumo_json_get_number_text (json);
      if (number_text_is_int (text))
        {
          gboolean negative = text[0] == '-';

          num->is_int = TRUE;
          num->digits = canonical_int (negative, text + negative, strlen (text + negative));
        }
      else
        {
          num->value = number_text_to_double (text);
        }
      return TRUE;

    case KUMO_JSON_NULL:
    case KUMO_JSON_STRING:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return FALSE;
    }
}

/* repr(float): the shortest digits that read back to the same double,
 * in positional notation from 1e-4 up to 1e16, else with an exponent of
 * at least two digits ("1e-05", "1e+16"); integral values get ".0". */
static char *
py_float_repr (double value)
{
  char buf[40];
  GString *out;
  const char *p;
  char digits[20];
  guint n_digits = 0;
  int exponent;
  int point;

  if (isnan (value))
    return g_strdup ("nan");
  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");

  /* g_ascii_formatd(), for a '.' whatever the locale. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  out = g_string_new (NULL);
  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  exponent = atoi (p + 1);
  point = exponent + 1;    /* value = 0.digits × 10^point */

  if (point > -4 && point <= 16)
    {
      if (point <= 0)
        {
          g_string_append (out, "0.");
          for (int i = point; i < 0; i++)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      else if ((guint) point >= n_digits)
        {
          g_string_append (out, digits);
          for (guint i = n_digits; i < (guint) point; i++)
            g_string_append_c (out, '0');
          g_string_append (out, ".0");
        }
      else
        {
          g_string_append_len (out, digits, point);
          g_string_append_c (out, '.');
          g_string_append (out, digits + point);
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
    }

  return g_string_free (out, FALSE);
}

/* str() of an int or a float, which is also its repr(). */
static char *
py_num_str (const PyNum *num)
{
  if (num->is_int)
    return g_strdup (num->digits);
  return py_float_repr (num->value);
}

/* The number as json.dumps() writes it, NaN and Infinity included. */
static KumoJson *
py_num_to_json (const PyNum *num)
{
  g_autofree char *text = NULL;

  if (num->is_int)
    return kumo_json_new_number_text (num->digits);

  if (isnan (num->value))
    return kumo_json_new_number_text ("NaN");
  if (isinf (num->value))
    return kumo_json_new_number_text (num->value > 0 ? "Infinity" : "-Infinity");

  text = py_float_repr (num->value);
  return kumo_json_new_number_text (text);
}

static int
int_digits_compare (const char *a,
                    const char *b)
{
  gboolean a_negative = a[0] == '-';
  gboolean b_negative = b[0] == '-';
  gsize a_len = strlen (a);
  gsize b_len = strlen (b);
  int order;

  if (a_negative != b_negative)
    return a_negative ? -1 : 1;

  if (a_len != b_len)
    order = a_len < b_len ? -1 : 1;
  else
    order = CLAMP (strcmp (a, b), -1, 1);

  return a_negative ? -order : order;
}

/* Python compares an int with a float exactly, whatever their sizes. */
static gboolean
int_float_compare (const char *digits,
                   double      value,
                   int        *order)
{
  g_autofree char *whole = NULL;
  double truncated;

  if (isnan (value))
    return FALSE;

  if (isinf (value))
    {
      *order = value > 0 ? -1 : 1;
      return TRUE;
    }

  truncated = trunc (value);
  whole = integral_double_to_digits (truncated);
  *order = int_digits_compare (digits, whole);
  if (*order == 0)
    *order = value > truncated ? -1 : value < truncated ? 1 : 0;

  return TRUE;
}

/* FALSE when the two are unordered, as NaN is with everything. */
static gboolean
py_num_compare (const PyNum *a,
                const PyNum *b,
                int         *order)
{
  if (a->is_int && b->is_int)
    {
      *order = int_digits_compare (a->digits, b->digits);
      return TRUE;
    }

  if (!a->is_int && !b->is_int)
    {
      if (isnan (a->value) || isnan (b->value))
        return FALSE;
      *order = a->value < b->value ? -1 : a->value > b->value ? 1 : 0;
      return TRUE;
    }

  if (a->is_int)
    return int_float_compare (a->digits, b->value, order);

  if (!int_float_compare (b->digits, a->value, order))
    return FALSE;
  *order = -*order;
  return TRUE;
}

/* Python's str.isprintable(): what repr() leaves unescaped. */
static gboolean
py_is_printable (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_UNASSIGNED ||
      type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_SURROGATE || type == G_UNICODE_LINE_SEPARATOR ||
      type == G_UNICODE_PARAGRAPH_SEPARATOR || type == G_UNICODE_SPACE_SEPARATOR)
    return c == ' ';

  return TRUE;
}

/* repr(str): single quotes unless the text has a single quote and no
 * double one. With max_chars > 0, cut after that many characters, as
 * "%.200R" does in int()'s error. */
static void
py_str_repr_append (GString    *out,
                    const char *str,
                    gssize      max_chars)
{
  gboolean double_quotes = strchr (str, '\'') != NULL && strchr (str, '"') == NULL;
  char quote = double_quotes ? '"' : '\'';
  GString *repr = g_string_new (NULL);
  glong n_chars;

  g_string_append_c (repr, quote);
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == (gunichar) quote || c == '\\')
        g_string_append_printf (repr, "\\%c", (char) c);
      else if (c == '\t')
        g_string_append (repr, "\\t");
      else if (c == '\n')
        g_string_append (repr, "\\n");
      else if (c == '\r')
        g_string_append (repr, "\\r");
      else if (c < ' ' || c == 0x7f)
        g_string_append_printf (repr, "\\x%02x", c);
      else if (c < 0x7f || py_is_printable (c))
        g_string_append_unichar (repr, c);
      else if (c <= 0xff)
        g_string_append_printf (repr, "\\x%02x", c);
      else if (c <= 0xffff)
        g_string_append_printf (repr, "\\u%04x", c);
      else
        g_string_append_printf (repr, "\\U%08x", c);
    }
  g_string_append_c (repr, quote);

  n_chars = g_utf8_strlen (repr->str, -1);
  if (max_chars > 0 && n_chars > max_chars)
    g_string_append_len (out, repr->str, g_utf8_offset_to_pointer (repr->str, max_chars) - repr->str);
  else
    g_string_append_len (out, repr->str, repr->len);

  g_string_free (repr, TRUE);
}

/* repr() of the value json.loads() makes of @json. */
static void
py_repr_append (GString        *out,
                const KumoJson *json)
{
  PyNum num;
  char *text;

  switch (kumo_json_get_type (json))
    {
    case KUMO_JSON_NULL:
      g_string_append (out, "None");
      break;

    case KUMO_JSON_BOOLEAN:
      g_string_append (out, kumo_json_get_boolean (json) ? "True" : "False");
      break;

    case KUMO_JSON_NUMBER:
      py_num_from_json (json, &num);
      text = py_num_str (&num);
      g_string_append (out, text);
      g_free (text);
      py_num_clear (&num);
      break;

    case KUMO_JSON_STRING:
      py_str_repr_append (out, kumo_json_get_string (json), -1);
      break;

    case KUMO_JSON_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < kumo_json_array_get_length (json); i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          py_repr_append (out, kumo_json_array_get (json, i));
        }
      g_string_append_c (out, ']');
      break;

    case KUMO_JSON_OBJECT:
      g_string_append_c (out, '{');
      for (guint i = 0; i < kumo_json_object_get_size (json); i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          py_str_repr_append (out, kumo_json_object_get_key (json, i), -1);
          g_string_append (out, ": ");
          py_repr_append (out, kumo_json_object_get_value (json, i));
        }
      g_string_append_c (out, '}');
      break;

    default:
      g_assert_not_reached ();
    }
}

static char *
py_repr (const KumoJson *json)
{
  GString *out = g_string_new (NULL);

  py_repr_append (out, json);
  return g_string_free (out, FALSE);
}

/* str(): the text itself for a string, repr() for everything else. */
static char *
py_str (const KumoJson *json)
{
  if (kumo_json_get_type (json) == KUMO_JSON_STRING)
    return g_strdup (kumo_json_get_string (json));
  return py_repr (json);
}

static gboolean
py_truthy (const KumoJson *json)
{
  PyNum num;
  gboolean truthy;

  if (json == NULL)
    return FALSE;

  switch (kumo_json_get_type (json))
    {
    case KUMO_JSON_NULL:
      return FALSE;

    case KUMO_JSON_BOOLEAN:
      return kumo_json_get_boolean (json);

    case KUMO_JSON_NUMBER:
      py_num_from_json (json, &num);
      truthy = num.is_int ? !g_str_equal (num.digits, "0") : num.value != 0.0;
      py_num_clear (&num);
      return truthy;

    case KUMO_JSON_STRING:
      return kumo_json_get_string (json)[0] != '\0';

    case KUMO_JSON_ARRAY:
      return kumo_json_array_get_length (json) > 0;

    case KUMO_JSON_OBJECT:
      return kumo_json_object_get_size (json) > 0;

    default:
      return FALSE;
    }
}

/* Python's ==: 1 == 1.0 == True, containers element by element. */
static gboolean
py_equal (const KumoJson *a,
          const KumoJson *b)
{
  KumoJsonType a_type = kumo_json_get_type (a);
  KumoJsonType b_type = kumo_json_get_type (b);
  gboolean a_numeric = a_type == KUMO_JSON_NUMBER || a_type == KUMO_JSON_BOOLEAN;
  gboolean b_numeric = b_type == KUMO_JSON_NUMBER || b_type == KUMO_JSON_BOOLEAN;

  if (a_numeric && b_numeric)
    {
      PyNum x, y;
      gboolean ordered;
      int order = 1;

      py_num_from_json (a, &x);
      py_num_from_json (b, &y);
      ordered = py_num_compare (&x, &y, &order);
      py_num_clear (&x);
      py_num_clear (&y);
      return ordered && order == 0;
    }

  if (a_type != b_type)
    return FALSE;

  switch (a_type)
    {
    case KUMO_JSON_NULL:
      return TRUE;

    case KUMO_JSON_STRING:
      return g_str_equal (kumo_json_get_string (a), kumo_json_get_string (b));

    case KUMO_JSON_ARRAY:
      if (kumo_json_array_get_length (a) != kumo_json_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < kumo_json_array_get_length (a); i++)
        if (!py_equal (kumo_json_array_get (a, i), kumo_json_array_get (b, i)))
          return FALSE;
      return TRUE;

    case KUMO_JSON_OBJECT:
      if (kumo_json_object_get_size (a) != kumo_json_object_get_size (b))
        return FALSE;
      for (guint i = 0; i < kumo_json_object_get_size (a); i++)
        {
          KumoJson *other = kumo_json_object_get (b, kumo_json_object_get_key (a, i));

          if (other == NULL || !py_equal (kumo_json_object_get_value (a, i), other))
            return FALSE;
        }
      return TRUE;

    case KUMO_JSON_BOOLEAN:
    case KUMO_JSON_NUMBER:
    default:
      return FALSE;
    }
}

static gboolean
py_list_contains (const KumoJson *list,
                  const KumoJson *value)
{
  if (list == NULL || kumo_json_get_type (list) != KUMO_JSON_ARRAY)
    return FALSE;

  for (guint i = 0; i < kumo_json_array_get_length (list); i++)
    if (py_equal (kumo_json_array_get (list, i), value))
      return TRUE;

  return FALSE;
}

/* What json.dumps(json.loads(text)) gives back: numbers re-written the
 * way Python writes them ("1E3" becomes 1000.0, "-0" becomes 0). */
static KumoJson *
py_json_copy (const KumoJson *json)
{
  KumoJson *copy;
  PyNum num;

  switch (kumo_json_get_type (json))
    {
    case KUMO_JSON_NUMBER:
      py_num_from_json (json, &num);
      copy = py_num_to_json (&num);
      py_num_clear (&num);
      return copy;

    case KUMO_JSON_ARRAY:
      copy = kumo_json_new_array ();
      for (guint i = 0; i < kumo_json_array_get_length (json); i++)
        kumo_json_array_append (copy, py_json_copy (kumo_json_array_get (json, i)));
      return copy;

    case KUMO_JSON_OBJECT:
      copy = kumo_json_new_object ();
      for (guint i = 0; i < kumo_json_object_get_size (json); i++)
        kumo_json_object_set (copy, kumo_json_object_get_key (json, i),
                              py_json_copy (kumo_json_object_get_value (json, i)));
      return copy;

    case KUMO_JSON_NULL:
    case KUMO_JSON_BOOLEAN:
    case KUMO_JSON_STRING:
    default:
      return kumo_json_copy (json);
    }
}

static const char *
py_type_name (const KumoJson *json)
{
  switch (kumo_json_get_type (json))
    {
    case KUMO_JSON_NULL:
      return "NoneType";
    case KUMO_JSON_BOOLEAN:
      return "bool";
    case KUMO_JSON_NUMBER:
      return number_text_is_int (kumo_json_get_number_text (json)) ? "int" : "float";
    case KUMO_JSON_STRING:
      return "str";
    case KUMO_JSON_ARRAY:
      return "list";
    case KUMO_JSON_OBJECT:
      return "dict";
    default:
      return "object";
    }
}

/* ---------------------------------------------------------------------- */
/* int() and float()                                                      */
/* ---------------------------------------------------------------------- */

/* str.isspace(), what int() and float() strip off a string. */
static gboolean
py_is_space (gunichar c)
{
  return g_unichar_isspace (c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
}

static void
py_strip (const char  *str,
          const char **start,
          const char **end)
{
  const char *p = str;
  const char *last = str + strlen (str);

  while (*p != '\0' && py_is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  while (last > p)
    {
      const char *prev = g_utf8_prev_char (last);

      if (!py_is_space (g_utf8_get_char (prev)))
        break;
      last = prev;
    }

  *start = p;
  *end = last;
}

/* int() and float() read any Unicode decimal digit as its ASCII
 * counterpart; anything else outside ASCII makes the literal invalid. */
static char *
py_ascii_literal (const char *str)
{
  const char *start;
  const char *end;
  GString *out = g_string_new (NULL);

  py_strip (str, &start, &end);
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit = g_unichar_digit_value (c);

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (digit >= 0)
        g_string_append_c (out, (char) ('0' + digit));
      else
        g_string_append_c (out, '?');
    }

  return g_string_free (out, FALSE);
}

/* Digits with single underscores between them, as in "1_000". Appends
 * the digits to @out and returns the end, or NULL if there are none. */
static const char *
scan_digit_part (const char *p,
                 const char *end,
                 GString    *out)
{
  if (p >= end || !g_ascii_isdigit (*p))
    return NULL;

  while (p < end)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p++);
        }
      else if (*p == '_' && p + 1 < end && g_ascii_isdigit (p[1]))
        {
          p++;
        }
      else
        {
          break;
        }
    }

  return p;
}

static char *
invalid_int_literal (const char *str)
{
  GString *message = g_string_new ("invalid literal for int() with base 10: ");

  py_str_repr_append (message, str, 200);
  return g_string_free (message, FALSE);
}

/* int(value). On failure, returns FALSE and the exception's text. */
static gboolean
py_int (const KumoJson  *value,
        PyNum           *result,
        char           **exception)
{
  const char *str;
  g_autofree char *literal = NULL;
  const char *end;
  const char *p;
  gboolean negative = FALSE;
  g_autoptr(GString) digits = NULL;

  memset (result, 0, sizeof *result);
  result->is_int = TRUE;

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_BOOLEAN:
    case KUMO_JSON_NUMBER:
      py_num_from_json (value, result);
      if (result->is_int)
        return TRUE;
      if (isnan (result->value))
        {
          *exception = g_strdup ("cannot convert float NaN to integer");
          return FALSE;
        }
      if (isinf (result->value))
        {
          *exception = g_strdup ("cannot convert float infinity to integer");
          return FALSE;
        }
      result->is_int = TRUE;
      result->digits = integral_double_to_digits (trunc (result->value));
      return TRUE;

    case KUMO_JSON_STRING:
      str = kumo_json_get_string (value);
      literal = py_ascii_literal (str);
      p = literal;
      end = literal + strlen (literal);
      if (p < end && (*p == '+' || *p == '-'))
        negative = *p++ == '-';
      digits = g_string_new (NULL);
      p = scan_digit_part (p, end, digits);
      if (p == NULL || p != end)
        {
          *exception = invalid_int_literal (str);
          return FALSE;
        }
      result->digits = canonical_int (negative, digits->str, digits->len);
      return TRUE;

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      *exception = g_strdup_printf ("int() argument must be a string, a bytes-like object "
                                    "or a real number, not '%s'", py_type_name (value));
      return FALSE;
    }
}

static gboolean
ascii_case_equal_len (const char *p,
                      const char *end,
                      const char *word)
{
  gsize len = strlen (word);

  return (gsize) (end - p) == len && g_ascii_strncasecmp (p, word, len) == 0;
}

/* float(str)'s grammar: [sign] (digits [. [digits]] | . digits) [e [sign] digits],
 * or inf, infinity, nan in any case. */
static gboolean
parse_py_float (const char *str,
                double     *result)
{
  g_autofree char *literal = py_ascii_literal (str);
  const char *end = literal + strlen (literal);
  const char *p = literal;
  const char *q;
  gboolean negative = FALSE;
  g_autoptr(GString) clean = g_string_new (NULL);

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  if (ascii_case_equal_len (p, end, "inf") || ascii_case_equal_len (p, end, "infinity"))
    {
      *result = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if (ascii_case_equal_len (p, end, "nan"))
    {
      *result = NAN;
      return TRUE;
    }

  if (negative)
    g_string_append_c (clean, '-');

  q = scan_digit_part (p, end, clean);
  if (q != NULL)
    p = q;
  if (p < end && *p == '.')
    {
      g_string_append_c (clean, '.');
      p++;
      q = scan_digit_part (p, end, clean);
      if (q == NULL && !g_ascii_isdigit (clean->str[negative ? 1 : 0]))
        return FALSE;
      if (q != NULL)
        p = q;
    }
  else if (q == NULL)
    {
      return FALSE;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      g_string_append_c (clean, 'e');
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        g_string_append_c (clean, *p++);
      p = scan_digit_part (p, end, clean);
      if (p == NULL)
        return FALSE;
    }

  if (p != end)
    return FALSE;

  *result = g_ascii_strtod (clean->str, NULL);
  return TRUE;
}

/* float(value). On failure, returns FALSE and the exception's text. */
static gboolean
py_float (const KumoJson  *value,
          PyNum           *result,
          char           **exception)
{
  GString *message;

  memset (result, 0, sizeof *result);

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_BOOLEAN:
    case KUMO_JSON_NUMBER:
      py_num_from_json (value, result);
      if (result->is_int)
        {
          result->value = g_ascii_strtod (result->digits, NULL);
          result->is_int = FALSE;
          g_clear_pointer (&result->digits, g_free);
          if (isinf (result->value))
            {
              *exception = g_strdup ("int too large to convert to float");
              return FALSE;
            }
        }
      return TRUE;

    case KUMO_JSON_STRING:
      if (parse_py_float (kumo_json_get_string (value), &result->value))
        return TRUE;
      message = g_string_new ("could not convert string to float: ");
      py_str_repr_append (message, kumo_json_get_string (value), -1);
      *exception = g_string_free (message, FALSE);
      return FALSE;

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      *exception = g_strdup_printf ("float() argument must be a string or a real number, not '%s'",
                                    py_type_name (value));
      return FALSE;
    }
}

/* ---------------------------------------------------------------------- */
/* Exceptions                                                             */
/* ---------------------------------------------------------------------- */

/* Where validate_inputs() raises instead of reporting: a link to a node
 * that is not in the prompt, a slot the linked node does not have. The
 * caller turns it into exception_during_validation or
 * exception_during_inner_validation, as ComfyUI's try blocks do. */
typedef struct
{
  const char *type;        /* as full_type_name() prints a builtin */
  char       *message;     /* str(ex) */
  const char *statement;   /* the statement of validate_inputs() that raised */
  guint       line;
} PyError;

static void
py_error_free (PyError *error)
{
  g_free (error->message);
  g_free (error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PyError, py_error_free)

static PyError *
py_error_new (const char *type,
              const char *statement,
              guint       line,
              char       *message)
{
  PyError *error = g_new0 (PyError, 1);

  error->type = type;
  error->statement = statement;
  error->line = line;
  error->message = message;
  return error;
}

/* Where validate_inputs() raises, and where its callers call it: a
 * statement of execution.py and a line number. */
#define STATEMENT_INPUTS        "inputs = prompt[unique_id]['inputs']", 1042
#define STATEMENT_LINKED_CLASS  "o_class_type = prompt[o_id]['class_type']", 1118
#define STATEMENT_RETURN_TYPE   "received_type = r[val[1]]", 1120
#define STATEMENT_VALIDATE_CALL "ret = await _async_map_node_over_list(prompt_id, unique_id, obj_class, " \
                                "input_filtered, validate_function_name, v3_data=v3_data)", 1268
#define CALL_FROM_INPUTS        "validate_inputs", \
                                "r = await validate_inputs(prompt_id, prompt, o_id, validated, visiting)", 1143
#define CALL_FROM_PROMPT        "validate_prompt", \
                                "m = await validate_inputs(prompt_id, prompt, o, validated)", 1390

#define TRACEBACK_FRAME "  File \"/ComfyUI/execution.py\", line %u, in %s\n    %s\n"

/* traceback.format_tb() of the exception. The emulator has no Python
 * stack to show: the frames name the real functions and statements, but
 * their line numbers are made up. Clients only ever display these. */
static KumoJson *
traceback_for (const char    *caller,
               const char    *call,
               guint          call_line,
               const PyError *error)
{
  KumoJson *frames = kumo_json_new_array ();
  g_autofree char *outer = g_strdup_printf (TRACEBACK_FRAME, call_line, caller, call);
  g_autofree char *inner = g_strdup_printf (TRACEBACK_FRAME, error->line, "validate_inputs", error->statement);

  kumo_json_array_append (frames, kumo_json_new_string (outer));
  kumo_json_array_append (frames, kumo_json_new_string (inner));
  return frames;
}

/* prompt[key] for a key that is not there: KeyError names it as repr()
 * does, and a list or a dict cannot even be looked up. */
static PyError *
key_error (const KumoJson *key)
{
  KumoJsonType type = kumo_json_get_type (key);

  if (type == KUMO_JSON_ARRAY || type == KUMO_JSON_OBJECT)
    return py_error_new ("TypeError", STATEMENT_LINKED_CLASS,
                         g_strdup_printf ("unhashable type: '%s'", py_type_name (key)));

  return py_error_new ("KeyError", STATEMENT_LINKED_CLASS, py_repr (key));
}

/* RETURN_TYPES[slot], with a Python tuple's index rules: negative
 * indices count from the end, True is 1. */
static const KumoJson *
return_type_at (const KumoJson  *outputs,
                const KumoJson  *slot,
                PyError        **error)
{
  guint n_outputs = outputs ? kumo_json_array_get_length (outputs) : 0;
  PyNum index;
  gint64 i;
  char *end = NULL;

  if (!py_num_from_json (slot, &index) || !index.is_int)
    {
      py_num_clear (&index);
      *error = py_error_new ("TypeError", STATEMENT_RETURN_TYPE,
                             g_strdup_printf ("tuple indices must be integers or slices, not %s",
                                              py_type_name (slot)));
      return NULL;
    }

  errno = 0;
  i = g_ascii_strtoll (index.digits, &end, 10);
  if (errno == ERANGE)
    {
      py_num_clear (&index);
      *error = py_error_new ("IndexError", STATEMENT_RETURN_TYPE,
                             g_strdup ("cannot fit 'int' into an index-sized integer"));
      return NULL;
    }
  py_num_clear (&index);

  if (i < 0)
    i += n_outputs;
  if (i < 0 || i >= n_outputs)
    {
      *error = py_error_new ("IndexError", STATEMENT_RETURN_TYPE, g_strdup ("tuple index out of range"));
      return NULL;
    }

  return kumo_json_array_get (outputs, (guint) i);
}

/* ---------------------------------------------------------------------- */
/* Types and choices                                                      */
/* ---------------------------------------------------------------------- */

static gboolean
is_string (const KumoJson *json,
           const char     *str)
{
  return json != NULL && kumo_json_get_type (json) == KUMO_JSON_STRING &&
         g_str_equal (kumo_json_get_string (json), str);
}

static GHashTable *
type_set (const char *types)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) parts = g_strsplit (types, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (g_strstrip (parts[i])));

  return set;
}

/* comfy_execution/validation.py validate_node_input(), not strict: "*"
 * and MatchType take anything, a combo list output fits a COMBO input,
 * comma-separated unions match when they share a type. */
static gboolean
validate_node_input (const KumoJson *received_type,
                     const KumoJson *input_type)
{
  g_autoptr(GHashTable) received = NULL;
  g_autoptr(GHashTable) accepted = NULL;
  GHashTableIter iter;
  gpointer type;

  if (py_equal (received_type, input_type))
    return TRUE;

  if (is_string (received_type, "*") || is_string (input_type, "*"))
    return TRUE;

  if (is_string (received_type, "COMFY_MATCHTYPE_V3") || is_string (input_type, "COMFY_MATCHTYPE_V3"))
    return TRUE;

  if (kumo_json_get_type (received_type) == KUMO_JSON_ARRAY && is_string (input_type, "COMBO"))
    return TRUE;

  if (kumo_json_get_type (received_type) != KUMO_JSON_STRING ||
      kumo_json_get_type (input_type) != KUMO_JSON_STRING)
    return FALSE;

  received = type_set (kumo_json_get_string (received_type));
  accepted = type_set (kumo_json_get_string (input_type));

  if (g_hash_table_contains (received, "*") || g_hash_table_contains (accepted, "*"))
    return TRUE;

  g_hash_table_iter_init (&iter, received);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    if (g_hash_table_contains (accepted, type))
      return TRUE;

  return FALSE;
}

/* The core loaders whose VALIDATE_INPUTS (validate_inputs for V3 nodes)
 * checks that the named file exists instead of the combo check: the
 * combo's choices are only the input folder as it was when object_info
 * was fetched, and "x.png [output]" names another folder. Taking the
 * input as an argument also switches off min/max and the combo check for
 * it in validate_inputs(). */
typedef struct
{
  const char *class_type;
  const char *input_name;
  const char *message;     /* what it returns, before the value */
  const char *qualname;    /* V1 classmethod; NULL for V3 nodes */
} FileCheck;

static const FileCheck file_checks[] = {
  /* nodes.py */
  { "LoadImage",       "image", "Invalid image file: ", "LoadImage.VALIDATE_INPUTS" },
  { "LoadImageMask",   "image", "Invalid image file: ", "LoadImage.VALIDATE_INPUTS" },
  { "LoadImageOutput", "image", "Invalid image file: ", "LoadImage.VALIDATE_INPUTS" },
  /* comfy_extras/nodes_audio.py, comfy_extras/nodes_video.py */
  { "LoadAudio",       "audio", "Invalid audio file: ", NULL },
  { "LoadVideo",       "file",  "Invalid video file: ", NULL },
};

static const FileCheck *
file_check_for (const char *class_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_checks); i++)
    if (g_str_equal (file_checks[i].class_type, class_type))
      return &file_checks[i];

  return NULL;
}

/* ---------------------------------------------------------------------- */
/* V3 dynamic inputs                                                      */
/* ---------------------------------------------------------------------- */

/*
 * comfy_api/latest/_io.py get_finalized_class_inputs(): a V3 node's
 * Autogrow, DynamicCombo, DynamicSlot and DynamicGroup inputs stand for
 * inputs named "<input>.<sub>" in the prompt, and validate_inputs()
 * validates those instead. Only V3 nodes have such types, so expanding
 * every node's inputs changes nothing for the others.
 */

enum
{
  REQUIRED,
  OPTIONAL,
};

typedef struct
{
  GPtrArray  *ids[2];        /* finalized input ids, in order */
  GHashTable *specs[2];      /* id → input spec, borrowed from object_info */
  gboolean    dynamic_paths; /* v3_data is not empty */
  char       *error_input;   /* a DynamicInputError */
  char       *error_message;
} Finalized;

static void
finalized_clear (Finalized *f)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&f->ids[i], g_ptr_array_unref);
      g_clear_pointer (&f->specs[i], g_hash_table_unref);
    }
  g_clear_pointer (&f->error_input, g_free);
  g_clear_pointer (&f->error_message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Finalized, finalized_clear)

static int
category_index (const char *category)
{
  if (g_str_equal (category, "required"))
    return REQUIRED;
  if (g_str_equal (category, "optional"))
    return OPTIONAL;
  return -1;
}

/* out_dict[category][id] = spec: a dict keeps the place of a key set
 * again. */
static void
finalized_set (Finalized      *f,
               int             category,
               const char     *id,
               const KumoJson *spec)
{
  if (category < 0)
    return;

  if (!g_hash_table_contains (f->specs[category], id))
    g_ptr_array_add (f->ids[category], g_strdup (id));
  g_hash_table_replace (f->specs[category], g_strdup (id), (gpointer) spec);
}

/* finalize_prefix(): the dotted path of an input inside dynamic inputs. */
static char *
join_prefix (const char *prefix,
             const char *id)
{
  return prefix != NULL ? g_strconcat (prefix, ".", id, NULL) : g_strdup (id);
}

static gint64
option_int (const KumoJson *options,
            const char     *key,
            gint64          fallback)
{
  const KumoJson *value = kumo_json_object_get (options, key);
  KumoNumber number;
  gint64 result;

  if (value == NULL || !kumo_json_get_number (value, &number) || !kumo_number_get_int64 (&number, &result))
    return fallback;

  return result;
}

static gboolean parse_class_inputs (Finalized      *f,
                                    const KumoJson *live,
                                    const KumoJson *curr_dict,
                                    const char     *prefix);

static void
expand_autogrow (Finalized      *f,
                 const KumoJson *value,
                 const char     *prefix)
{
  const KumoJson *template = kumo_json_object_get (kumo_json_array_get (value, 1), "template");
  const KumoJson *input = kumo_json_object_get (template, "input");
  const KumoJson *names = kumo_json_object_get_typed (template, "names", KUMO_JSON_ARRAY);
  const char *name_prefix = kumo_json_object_get_string_or (template, "prefix", NULL);
  const KumoJson *template_input = NULL;
  gboolean template_required = TRUE;
  gint64 min = option_int (template, "min", 0);
  gint64 max;

  if (names != NULL)
    max = kumo_json_array_get_length (names);
  else if (name_prefix != NULL)
    max = option_int (template, "max", 0);
  else
    return;

  /* The first input of the first category that has one. */
  for (guint i = 0; i < kumo_json_object_get_size (input) && template_input == NULL; i++)
    {
      const KumoJson *inputs = kumo_json_object_get_value (input, i);

      if (kumo_json_object_get_size (inputs) == 0)
        continue;
      template_input = kumo_json_object_get_value (inputs, 0);
      template_required = g_str_equal (kumo_json_object_get_key (input, i), "required");
    }
  if (template_input == NULL)
    return;

  for (gint64 i = 0; i < max; i++)
    {
      const KumoJson *listed = names != NULL ? kumo_json_array_get (names, (guint) i) : NULL;
      g_autofree char *name = NULL;
      g_autofree char *expected_id = NULL;

      if (names == NULL)
        name = g_strdup_printf ("%s%" G_GINT64_FORMAT, name_prefix, i);
      else if (kumo_json_get_type (listed) == KUMO_JSON_STRING)
        name = g_strdup (kumo_json_get_string (listed));
      else
        continue;

      expected_id = join_prefix (prefix, name);
      finalized_set (f, i < min && template_required ? REQUIRED : OPTIONAL, expected_id, template_input);
    }

  /* The inputs given, or else the Autogrow itself, become dynamic paths. */
  f->dynamic_paths = TRUE;
}

static void
expand_dynamic_combo (Finalized      *f,
                      const KumoJson *live,
                      const KumoJson *value,
                      int             category,
                      const char     *prefix)
{
  const KumoJson *key = kumo_json_object_get (live, prefix);
  const KumoJson *options = kumo_json_object_get (kumo_json_array_get (value, 1), "options");

  if (key == NULL)
    return;

  for (guint i = 0; i < kumo_json_array_get_length (options); i++)
    {
      const KumoJson *option = kumo_json_array_get (options, i);
      const KumoJson *option_key = kumo_json_object_get (option, "key");

      if (option_key == NULL || !py_equal (option_key, key))
        continue;

      parse_class_inputs (f, live, kumo_json_object_get (option, "inputs"), prefix);
      finalized_set (f, category, prefix, value);
      f->dynamic_paths = TRUE;
      return;
    }
}

static void
expand_dynamic_slot (Finalized      *f,
                     const KumoJson *live,
                     const KumoJson *value,
                     int             category,
                     const char     *prefix)
{
  if (!kumo_json_object_has (live, prefix))
    return;

  parse_class_inputs (f, live, kumo_json_object_get (kumo_json_array_get (value, 1), "inputs"), prefix);
  finalized_set (f, category, prefix, value);
  f->dynamic_paths = TRUE;
}

/* Rows of fields named "<group>.<index>.<field>". */
static gboolean
expand_dynamic_group (Finalized      *f,
                      const KumoJson *live,
                      const KumoJson *value,
                      const char     *prefix)
{
  const KumoJson *info = kumo_json_array_get (value, 1);
  const KumoJson *template = kumo_json_object_get (info, "template");
  gint64 min_rows = option_int (info, "min", 0);
  gint64 max_rows = option_int (info, "max", 20);
  g_autofree char *dotted = g_strconcat (prefix, ".", NULL);
  g_autoptr(GHashTable) rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  gint64 last_row = -1;

  for (guint i = 0; i < kumo_json_object_get_size (live); i++)
    {
      const char *key = kumo_json_object_get_key (live, i);
      const char *index;
      const char *field;
      g_autofree char *index_text = NULL;
      guint64 row;
      gboolean decimal = TRUE;

      if (!g_str_has_prefix (key, dotted))
        continue;

      index = key + strlen (dotted);
      field = strchr (index, '.');
      if (field != NULL)
        index_text = g_strndup (index, field - index);
      for (const char *p = index_text; p != NULL && *p != '\0'; p++)
        decimal = decimal && g_ascii_isdigit (*p);

      if (field == NULL || index_text[0] == '\0' || !decimal ||
          (strlen (index_text) > 1 && index_text[0] == '0') ||
          (kumo_json_object_get (kumo_json_object_get (template, "required"), field + 1) == NULL &&
           kumo_json_object_get (kumo_json_object_get (template, "optional"), field + 1) == NULL))
        {
          f->error_input = g_strdup (key);
          f->error_message = g_strdup_printf ("Invalid DynamicGroup input key '%s'; expected "
                                              "'%s.<index>.<template field>'.", key, prefix);
          return FALSE;
        }

      row = strlen (index_text) > 18 ? G_MAXUINT64 : g_ascii_strtoull (index_text, NULL, 10);
      if (row >= (guint64) MAX (max_rows, 0))
        {
          f->error_input = g_strdup (key);
          f->error_message = g_strdup_printf ("DynamicGroup input '%s' exceeds the index limit of %"
                                              G_GINT64_FORMAT " (max=%" G_GINT64_FORMAT ").",
                                              key, max_rows - 1, max_rows);
          return FALSE;
        }

      g_hash_table_add (rows, GSIZE_TO_POINTER (row));
      last_row = MAX (last_row, (gint64) row);
    }

  if ((gint64) g_hash_table_size (rows) < min_rows || (gint64) g_hash_table_size (rows) > max_rows)
    {
      f->error_input = g_strdup (prefix);
      f->error_message = g_strdup_printf ("DynamicGroup input '%s' received %u rows; expected between %"
                                          G_GINT64_FORMAT " and %" G_GINT64_FORMAT ".",
                                          prefix, g_hash_table_size (rows), min_rows, max_rows);
      return FALSE;
    }

  for (gint64 row = 0; row <= last_row; row++)
    {
      if (!g_hash_table_contains (rows, GSIZE_TO_POINTER (row)))
        continue;

      for (int c = REQUIRED; c <= OPTIONAL; c++)
        {
          const KumoJson *fields = kumo_json_object_get (template, c == REQUIRED ? "required" : "optional");

          for (guint i = 0; i < kumo_json_object_get_size (fields); i++)
            {
              g_autofree char *slot_id = g_strdup_printf ("%s.%" G_GINT64_FORMAT ".%s", prefix, row,
                                                          kumo_json_object_get_key (fields, i));

              finalized_set (f, c, slot_id, kumo_json_object_get_value (fields, i));
            }
        }
    }

  f->dynamic_paths = TRUE;
  return TRUE;
}

/* parse_class_inputs(). FALSE on a DynamicInputError. */
static gboolean
parse_class_inputs (Finalized      *f,
                    const KumoJson *live,
                    const KumoJson *curr_dict,
                    const char     *prefix)
{
  for (guint c = 0; c < kumo_json_object_get_size (curr_dict); c++)
    {
      int category = category_index (kumo_json_object_get_key (curr_dict, c));
      const KumoJson *inner = kumo_json_object_get_value (curr_dict, c);

      for (guint i = 0; i < kumo_json_object_get_size (inner); i++)
        {
          const char *id = kumo_json_object_get_key (inner, i);
          const KumoJson *value = kumo_json_object_get_value (inner, i);
          const KumoJson *io_type = kumo_json_array_get (value, 0);
          g_autofree char *path = join_prefix (prefix, id);

          if (is_string (io_type, "COMFY_AUTOGROW_V3"))
            {
              expand_autogrow (f, value, path);
            }
          else if (is_string (io_type, "COMFY_DYNAMICCOMBO_V3"))
            {
              expand_dynamic_combo (f, live, value, category, path);
            }
          else if (is_string (io_type, "COMFY_DYNAMICSLOT_V3"))
            {
              expand_dynamic_slot (f, live, value, category, path);
            }
          else if (is_string (io_type, "COMFY_DYNAMICGROUP_V3"))
            {
              if (!expand_dynamic_group (f, live, value, path))
                return FALSE;
            }
          else
            {
              finalized_set (f, category, path, value);
              if (prefix != NULL)
                f->dynamic_paths = TRUE;
            }
        }
    }

  return TRUE;
}

/* The node's inputs as validate_inputs() sees them. FALSE, with
 * error_input and error_message set, on a DynamicInputError. */
static gboolean
finalize_inputs (Finalized      *f,
                 const KumoJson *spec,
                 const KumoJson *live)
{
  for (guint i = 0; i < 2; i++)
    {
      f->ids[i] = g_ptr_array_new_with_free_func (g_free);
      f->specs[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }

  return parse_class_inputs (f, kumo_json_get_type (live) == KUMO_JSON_OBJECT ? live : NULL, spec, NULL);
}

/* ---------------------------------------------------------------------- */
/* Validation                                                             */
/* ---------------------------------------------------------------------- */

typedef struct
{
  gboolean  valid;
  KumoJson *reasons;   /* array of error items */
} Result;

static void
result_free (Result *result)
{
  kumo_json_free (result->reasons);
  g_free (result);
}

typedef struct
{
  const KumoJson          *object_info;
  const KumoJson          *prompt;
  KumoEmulatorChoicesFunc  extra_choices;
  gpointer                 user_data;
  GHashTable              *validated;   /* node id → Result */
  GPtrArray               *order;       /* node ids, as first validated */
  GPtrArray               *visiting;    /* node ids on the way down */
} Validator;

static void
set_validated (Validator  *v,
               const char *node_id,
               gboolean    valid,
               KumoJson   *reasons)
{
  Result *result = g_new0 (Result, 1);

  result->valid = valid;
  result->reasons = reasons;

  /* A dict keeps the place of a key it is given again. */
  if (!g_hash_table_contains (v->validated, node_id))
    g_ptr_array_add (v->order, g_strdup (node_id));
  g_hash_table_replace (v->validated, g_strdup (node_id), result);
}

static KumoJson *
new_error (const char *type,
           const char *message,
           const char *details,
           KumoJson   *extra_info)
{
  KumoJson *error = kumo_json_new_object ();

  kumo_json_object_set (error, "type", kumo_json_new_string (type));
  kumo_json_object_set (error, "message", kumo_json_new_string (message));
  kumo_json_object_set (error, "details", kumo_json_new_string (details));
  kumo_json_object_set (error, "extra_info", extra_info ? extra_info : kumo_json_new_object ());
  return error;
}

static KumoJson *
error_array (KumoJson *error)
{
  KumoJson *array = kumo_json_new_array ();

  kumo_json_array_append (array, error);
  return array;
}

static const char *
class_type_of (const Validator *v,
               const char      *node_id)
{
  KumoJson *node = kumo_json_object_get (v->prompt, node_id);

  return kumo_json_object_get_string_or (node, "class_type", NULL);
}

static KumoJson *
node_info_of (const Validator *v,
              const char      *class_type)
{
  return kumo_json_object_get_typed (v->object_info, class_type, KUMO_JSON_OBJECT);
}

/* "A (ClassA) -> B (ClassB) -> A (ClassA)": each node on the loop gets
 * its own dependency_cycle error. */
static void
report_cycle (Validator  *v,
              guint       first,
              const char *unique_id)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GString) details = g_string_new (NULL);

  for (guint i = first; i < v->visiting->len; i++)
    g_ptr_array_add (path, g_ptr_array_index (v->visiting, i));
  g_ptr_array_add (path, (gpointer) unique_id);

  for (guint i = 0; i < path->len; i++)
    {
      const char *node_id = g_ptr_array_index (path, i);
      g_autofree char *class_type = py_str (kumo_json_object_get (kumo_json_object_get (v->prompt, node_id),
                                                                  "class_type"));
      gboolean seen = FALSE;

      if (i > 0)
        g_string_append (details, " -> ");
      g_string_append_printf (details, "%s (%s)", node_id, class_type);

      for (guint j = 0; j < nodes->len; j++)
        seen = seen || g_str_equal (g_ptr_array_index (nodes, j), node_id);
      if (!seen)
        g_ptr_array_add (nodes, (gpointer) node_id);
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      const char *node_id = g_ptr_array_index (nodes, i);
      KumoJson *extra = kumo_json_new_object ();
      KumoJson *cycle_nodes = kumo_json_new_array ();

      for (guint j = 0; j < nodes->len; j++)
        kumo_json_array_append (cycle_nodes, kumo_json_new_string (g_ptr_array_index (nodes, j)));
      kumo_json_object_set (extra, "node_id", kumo_json_new_string (node_id));
      kumo_json_object_set (extra, "cycle_nodes", cycle_nodes);
      set_validated (v, node_id, FALSE,
                     error_array (new_error ("dependency_cycle", "Dependency cycle detected",
                                             details->str, extra)));
    }
}

static KumoJson *
name_extra (const char *input_name)
{
  KumoJson *extra = kumo_json_new_object ();

  kumo_json_object_set (extra, "input_name", kumo_json_new_string (input_name));
  return extra;
}

/* {input_name, input_config, key: value}; an input_config of NULL is
 * sent as null. */
static KumoJson *
input_extra (const char     *input_name,
             const KumoJson *input_config,
             const char     *key,
             KumoJson       *value)
{
  KumoJson *extra = name_extra (input_name);

  kumo_json_object_set (extra, "input_config",
                        input_config ? kumo_json_copy (input_config) : kumo_json_new_null ());
  kumo_json_object_set (extra, key, value);
  return extra;
}

static gboolean
choice_allowed (const Validator *v,
                const char      *class_type,
                const char      *input_name,
                const KumoJson  *options,
                const KumoJson  *value)
{
  if (py_list_contains (options, value))
    return TRUE;

  return kumo_json_get_type (value) == KUMO_JSON_STRING && v->extra_choices != NULL &&
         v->extra_choices (class_type, input_name, kumo_json_get_string (value), v->user_data);
}

/* Numbers are compared as Python does; other pairs would make Python
 * raise a TypeError, which no real object_info provokes. */
static gboolean
py_order_is (const KumoJson *a,
             const KumoJson *b,
             int             sign)
{
  PyNum x, y;
  gboolean ordered;
  int order = 0;

  if (!py_num_from_json (a, &x))
    return FALSE;
  if (!py_num_from_json (b, &y))
    {
      py_num_clear (&x);
      return FALSE;
    }

  ordered = py_num_compare (&x, &y, &order);
  py_num_clear (&x);
  py_num_clear (&y);
  return ordered && order == sign;
}

/* Checks one literal (not linked) value. Returns the error item, or NULL
 * when the value passes; @value_out receives the value as validate_inputs()
 * leaves it: unwrapped and converted. */
static KumoJson *
check_literal (Validator       *v,
               const char      *class_type,
               const char      *x,
               const KumoJson  *input_type,
               const KumoJson  *extra_info,
               const KumoJson  *info,
               const KumoJson  *raw,
               gboolean         skip_checks,
               KumoJson       **value_out)
{
  g_autoptr(KumoJson) val = NULL;
  const char *type = kumo_json_get_type (input_type) == KUMO_JSON_STRING ? kumo_json_get_string (input_type) : NULL;
  const KumoJson *min = kumo_json_object_get (extra_info, "min");
  const KumoJson *max = kumo_json_object_get (extra_info, "max");

  /* List widget values come wrapped, since a bare list is a link. */
  if (kumo_json_get_type (raw) == KUMO_JSON_OBJECT && kumo_json_object_has (raw, "__value__"))
    raw = kumo_json_object_get (raw, "__value__");

  if (g_strcmp0 (type, "INT") == 0 || g_strcmp0 (type, "FLOAT") == 0)
    {
      gboolean is_int = g_str_equal (type, "INT");
      g_autofree char *exception = NULL;
      PyNum num;

      if (!(is_int ? py_int (raw, &num, &exception) : py_float (raw, &num, &exception)))
        {
          g_autofree char *message = g_strdup_printf ("Failed to convert an input value to a %s value", type);
          g_autofree char *shown = py_str (raw);
          g_autofree char *details = g_strdup_printf ("%s, %s, %s", x, shown, exception);
          KumoJson *extra = input_extra (x, info, "received_value", py_json_copy (raw));

          py_num_clear (&num);
          kumo_json_object_set (extra, "exception_message", kumo_json_new_string (exception));
          return new_error ("invalid_input_type", message, details, extra);
        }

      val = py_num_to_json (&num);
      py_num_clear (&num);
    }
  else if (g_strcmp0 (type, "STRING") == 0)
    {
      g_autofree char *text = py_str (raw);

      val = kumo_json_new_string (text);
    }
  else if (g_strcmp0 (type, "BOOLEAN") == 0)
    {
      val = kumo_json_new_boolean (py_truthy (raw));
    }
  else
    {
      val = py_json_copy (raw);
    }

  *value_out = kumo_json_copy (val);

  if (skip_checks)
    return NULL;

  if (min != NULL && py_order_is (val, min, -1))
    {
      g_autofree char *shown = py_str (val);
      g_autofree char *limit = py_str (min);
      g_autofree char *message = g_strdup_printf ("Value %s smaller than min of %s", shown, limit);

      return new_error ("value_smaller_than_min", message, x,
                        input_extra (x, info, "received_value", kumo_json_copy (val)));
    }

  if (max != NULL && py_order_is (val, max, 1))
    {
      g_autofree char *shown = py_str (val);
      g_autofree char *limit = py_str (max);
      g_autofree char *message = g_strdup_printf ("Value %s bigger than max of %s", shown, limit);

      return new_error ("value_bigger_than_max", message, x,
                        input_extra (x, info, "received_value", kumo_json_copy (val)));
    }

  if (kumo_json_get_type (input_type) == KUMO_JSON_ARRAY || g_strcmp0 (type, "COMBO") == 0)
    {
      const KumoJson *options;
      g_autoptr(KumoJson) empty = kumo_json_new_array ();
      g_autoptr(KumoJson) invalid = kumo_json_new_array ();
      g_autoptr(GString) details = g_string_new (NULL);
      gboolean gigantic;

      if (type != NULL)
        {
          /* Remote options are fetched by the frontend; the server never
           * sees them. */
          if (py_truthy (kumo_json_object_get (extra_info, "remote_combo")))
            return NULL;
          options = kumo_json_object_get_typed (extra_info, "options", KUMO_JSON_ARRAY);
        }
      else
        {
          options = input_type;
        }
      if (options == NULL)
        options = empty;

      if (py_truthy (kumo_json_object_get (extra_info, "multiselect")) &&
          kumo_json_get_type (val) == KUMO_JSON_ARRAY)
        {
          for (guint i = 0; i < kumo_json_array_get_length (val); i++)
            if (!choice_allowed (v, class_type, x, options, kumo_json_array_get (val, i)))
              kumo_json_array_append (invalid, kumo_json_copy (kumo_json_array_get (val, i)));
        }
      else if (!choice_allowed (v, class_type, x, options, val))
        {
          kumo_json_array_append (invalid, kumo_json_copy (val));
        }

      if (kumo_json_array_get_length (invalid) == 0)
        return NULL;

      /* "Don't send back gigantic lists like if they're lots of scanned
       * model filepaths" */
      gigantic = kumo_json_array_get_length (options) > 20;

      g_string_append_printf (details, "%s: ", x);
      for (guint i = 0; i < kumo_json_array_get_length (invalid); i++)
        {
          if (i > 0)
            g_string_append (details, ", ");
          py_repr_append (details, kumo_json_array_get (invalid, i));
        }
      g_string_append (details, " not in ");
      if (gigantic)
        g_string_append_printf (details, "(list of length %u)", kumo_json_array_get_length (options));
      else
        py_repr_append (details, options);

      return new_error ("value_not_in_list", "Value not in list", details->str,
                        input_extra (x, gigantic ? NULL : info, "received_value", kumo_json_copy (val)));
    }

  return NULL;
}

static const Result *validate_inputs (Validator   *v,
                                      const char  *unique_id,
                                      PyError    **error);

/* Checks one linked input. Returns FALSE, with @error set, where
 * validate_inputs() raises; else TRUE, with @problem set to this input's
 * error and @upstream_failed when the linked node did not validate. */
static gboolean
check_link (Validator       *v,
            const char      *unique_id,
            const char      *x,
            const KumoJson  *input_type,
            const KumoJson  *info,
            const KumoJson  *val,
            KumoJson       **problem,
            gboolean        *upstream_failed,
            PyError        **error)
{
  const KumoJson *o_id = kumo_json_array_get (val, 0);
  const char *o_name;
  const char *o_class_type;
  const KumoJson *received_type;
  const Result *r;
  g_autoptr(PyError) inner = NULL;

  if (kumo_json_get_type (o_id) != KUMO_JSON_STRING ||
      !kumo_json_object_has (v->prompt, kumo_json_get_string (o_id)))
    {
      *error = key_error (o_id);
      return FALSE;
    }

  o_name = kumo_json_get_string (o_id);
  o_class_type = class_type_of (v, o_name);
  received_type = return_type_at (kumo_json_object_get_typed (node_info_of (v, o_class_type), "output",
                                                              KUMO_JSON_ARRAY),
                                  kumo_json_array_get (val, 1), error);
  if (received_type == NULL)
    return FALSE;

  if (!validate_node_input (received_type, input_type))
    {
      g_autofree char *received = py_str (received_type);
      g_autofree char *accepted = py_str (input_type);
      g_autofree char *details = g_strdup_printf ("%s, received_type(%s) mismatch input_type(%s)",
                                                  x, received, accepted);
      KumoJson *extra = input_extra (x, info, "received_type", py_json_copy (received_type));

      kumo_json_object_set (extra, "linked_node", py_json_copy (val));
      *problem = new_error ("return_type_mismatch", "Return type mismatch between linked nodes",
                            details, extra);
      return TRUE;
    }

  g_ptr_array_add (v->visiting, (gpointer) unique_id);
  r = validate_inputs (v, o_name, &inner);
  g_ptr_array_remove_index (v->visiting, v->visiting->len - 1);

  if (r == NULL)
    {
      KumoJson *extra = input_extra (x, info, "exception_message", kumo_json_new_string (inner->message));

      kumo_json_object_set (extra, "exception_type", kumo_json_new_string (inner->type));
      kumo_json_object_set (extra, "traceback",
                            traceback_for (CALL_FROM_INPUTS, inner));
      kumo_json_object_set (extra, "linked_node", py_json_copy (val));
      /* Blamed on the linked node, with this node's input in it. */
      set_validated (v, o_name, FALSE,
                     error_array (new_error ("exception_during_inner_validation",
                                             "Exception when validating inner node",
                                             inner->message, extra)));
      *upstream_failed = TRUE;
      return TRUE;
    }

  *upstream_failed = !r->valid;
  return TRUE;
}

/* execution.py validate_inputs(): the node's own errors, after its
 * upstream nodes'. Returns NULL where Python raises. */
static const Result *
validate_inputs (Validator   *v,
                 const char  *unique_id,
                 PyError    **error)
{
  const Result *existing;
  KumoJson *node;
  const KumoJson *inputs;
  const char *class_type;
  const KumoJson *spec;
  const FileCheck *file_check;
  g_auto(Finalized) finalized = { 0 };
  g_autoptr(KumoJson) errors = NULL;
  g_autoptr(KumoJson) file_value = NULL;
  gboolean file_linked = FALSE;
  gboolean valid = TRUE;

  existing = g_hash_table_lookup (v->validated, unique_id);
  if (existing != NULL)
    return existing;

  for (guint i = 0; i < v->visiting->len; i++)
    if (g_str_equal (g_ptr_array_index (v->visiting, i), unique_id))
      {
        report_cycle (v, i, unique_id);
        return g_hash_table_lookup (v->validated, unique_id);
      }

  node = kumo_json_object_get (v->prompt, unique_id);
  inputs = kumo_json_object_get (node, "inputs");
  if (inputs == NULL)
    {
      *error = py_error_new ("KeyError", STATEMENT_INPUTS, g_strdup ("'inputs'"));
      return NULL;
    }

  class_type = class_type_of (v, unique_id);
  spec = kumo_json_object_get_typed (node_info_of (v, class_type), "input", KUMO_JSON_OBJECT);
  file_check = file_check_for (class_type);
  errors = kumo_json_new_array ();

  if (!finalize_inputs (&finalized, spec, inputs))
    {
      set_validated (v, unique_id, FALSE,
                     error_array (new_error ("invalid_dynamic_input", "Invalid dynamic input",
                                             finalized.error_message, name_extra (finalized.error_input))));
      return g_hash_table_lookup (v->validated, unique_id);
    }

  for (int c = REQUIRED; c <= OPTIONAL; c++)
    {
      for (guint i = 0; i < finalized.ids[c]->len; i++)
        {
          const char *x = g_ptr_array_index (finalized.ids[c], i);
          const KumoJson *input_info = g_hash_table_lookup (finalized.specs[c], x);
          const KumoJson *input_type;
          const KumoJson *extra_info;
          const KumoJson *val;
          g_autoptr(KumoJson) info = NULL;
          KumoJson *problem = NULL;
          gboolean is_file_input = file_check != NULL && g_str_equal (x, file_check->input_name);

          /* get_input_info() finds a name in "required" first. */
          if (c == OPTIONAL && g_hash_table_contains (finalized.specs[REQUIRED], x))
            continue;

          if (kumo_json_get_type (input_info) != KUMO_JSON_ARRAY || kumo_json_array_get_length (input_info) == 0)
            continue;
          input_type = kumo_json_array_get (input_info, 0);
          extra_info = kumo_json_array_get_length (input_info) > 1 ? kumo_json_array_get (input_info, 1) : NULL;

          val = kumo_json_get_type (inputs) == KUMO_JSON_OBJECT ? kumo_json_object_get (inputs, x) : NULL;
          if (val == NULL)
            {
              /* Inside dynamic inputs, the details name the last part of
               * the path only. */
              const char *last = strrchr (x, '.');
              const char *details = finalized.dynamic_paths && last != NULL ? last + 1 : x;

              if (c == REQUIRED)
                kumo_json_array_append (errors,
                                        new_error ("required_input_missing", "Required input is missing", details,
                                                   name_extra (x)));
              continue;
            }

          /* input_config: (input_type, extra_info) */
          info = kumo_json_new_array ();
          kumo_json_array_append (info, py_json_copy (input_type));
          kumo_json_array_append (info, extra_info ? py_json_copy (extra_info) : kumo_json_new_object ());

          if (kumo_json_get_type (val) == KUMO_JSON_ARRAY)
            {
              gboolean upstream_failed = FALSE;

              if (is_file_input)
                file_linked = TRUE;

              if (kumo_json_array_get_length (val) != 2)
                {
                  problem = new_error ("bad_linked_input",
                                       "Bad linked input, must be a length-2 list of [node_id, slot_index]",
                                       x, input_extra (x, info, "received_value", py_json_copy (val)));
                }
              else if (!check_link (v, unique_id, x, input_type, info, val, &problem, &upstream_failed, error))
                {
                  return NULL;
                }

              if (upstream_failed)
                valid = FALSE;
            }
          else
            {
              g_autoptr(KumoJson) converted = NULL;

              problem = check_literal (v, class_type, x, input_type, extra_info, info, val,
                                       is_file_input, &converted);
              if (is_file_input)
                file_value = g_steal_pointer (&converted);
            }

          if (problem != NULL)
            kumo_json_array_append (errors, problem);
        }
    }

  /* The loaders' VALIDATE_INPUTS, called with what validate_inputs()
   * left of the value. Without the value, Python fails to call it. A
   * linked value reaches it as None; real ComfyUI then probably raises
   * inside folder_paths, which is not retold: a link is let through. */
  if (file_check != NULL && file_value == NULL && !file_linked && file_check->qualname != NULL)
    {
      *error = py_error_new ("TypeError", STATEMENT_VALIDATE_CALL,
                             g_strdup_printf ("%s() missing 1 required positional argument: '%s'",
                                              file_check->qualname, file_check->input_name));
      return NULL;
    }

  if (file_check != NULL && file_value != NULL)
    {
      const KumoJson *input_info = kumo_json_object_get (kumo_json_object_get (spec, "required"),
                                                         file_check->input_name);
      const KumoJson *input_type = input_info ? kumo_json_array_get (input_info, 0) : NULL;
      const KumoJson *options = NULL;

      if (input_type != NULL && kumo_json_get_type (input_type) == KUMO_JSON_ARRAY)
        options = input_type;
      else if (input_info != NULL && kumo_json_array_get_length (input_info) > 1)
        options = kumo_json_object_get_typed (kumo_json_array_get (input_info, 1), "options", KUMO_JSON_ARRAY);

      if (kumo_json_get_type (file_value) != KUMO_JSON_STRING ||
          !choice_allowed (v, class_type, file_check->input_name, options, file_value))
        {
          g_autofree char *shown = py_str (file_value);
          g_autofree char *returned = g_strconcat (file_check->message, shown, NULL);
          g_autofree char *details = g_strdup_printf ("%s - %s", file_check->input_name, returned);

          kumo_json_array_append (errors,
                                  new_error ("custom_validation_failed", "Custom validation failed for node",
                                             details, name_extra (file_check->input_name)));
        }
    }

  /* A dependency cycle may already have been blamed on this node: join
   * it. */
  existing = g_hash_table_lookup (v->validated, unique_id);
  if (existing != NULL)
    {
      KumoJson *reasons = kumo_json_copy (existing->reasons);
      gboolean joined_valid = existing->valid && valid && kumo_json_array_get_length (errors) == 0;

      for (guint i = 0; i < kumo_json_array_get_length (errors); i++)
        {
          KumoJson *item = kumo_json_array_get (errors, i);

          if (!py_list_contains (existing->reasons, item))
            kumo_json_array_append (reasons, kumo_json_copy (item));
        }
      set_validated (v, unique_id, joined_valid, reasons);
    }
  else
    {
      valid = valid && kumo_json_array_get_length (errors) == 0;
      set_validated (v, unique_id, valid, g_steal_pointer (&errors));
    }

  return g_hash_table_lookup (v->validated, unique_id);
}

/* ---------------------------------------------------------------------- */
/* validate_prompt()                                                      */
/* ---------------------------------------------------------------------- */

static KumoJson *
rejection (KumoJson *error,
           KumoJson *node_errors)
{
  KumoJson *body = kumo_json_new_object ();

  kumo_json_object_set (body, "error", error);
  kumo_json_object_set (body, "node_errors", node_errors ? node_errors : kumo_json_new_object ());
  return body;
}

/* A node without class_type, or of a class the server does not have. */
static KumoJson *
missing_node_type (const char     *node_id,
                   const KumoJson *node)
{
  const KumoJson *class_type = kumo_json_object_get (node, "class_type");
  const KumoJson *meta = kumo_json_object_get_typed (node, "_meta", KUMO_JSON_OBJECT);
  const KumoJson *title = kumo_json_object_get (meta, "title");
  g_autofree char *message = NULL;
  g_autofree char *details = g_strdup_printf ("Node ID '#%s'", node_id);
  KumoJson *extra = kumo_json_new_object ();

  kumo_json_object_set (extra, "node_id", kumo_json_new_string (node_id));

  if (class_type == NULL)
    {
      g_autofree char *shown = py_truthy (title) ? py_str (title) : g_strdup_printf ("ID #%s", node_id);

      message = g_strdup_printf ("Node '%s' has no class_type. The workflow may be corrupted "
                                 "or a custom node is missing.", shown);
      kumo_json_object_set (extra, "class_type", kumo_json_new_null ());
      kumo_json_object_set (extra, "node_title", title ? py_json_copy (title) : kumo_json_new_null ());
    }
  else
    {
      /* _meta.get('title', class_type): a title of null stays None. */
      const KumoJson *shown_title = title ? title : class_type;
      g_autofree char *shown = py_str (shown_title);

      message = g_strdup_printf ("Node '%s' not found. The custom node may not be installed.", shown);
      kumo_json_object_set (extra, "class_type", py_json_copy (class_type));
      kumo_json_object_set (extra, "node_title", py_json_copy (shown_title));
    }

  return rejection (new_error ("missing_node_type", message, details, extra), NULL);
}

static void
add_node_errors (Validator  *v,
                 KumoJson   *node_errors,
                 const char *output)
{
  /* "If a node upstream has errors, the nodes downstream will also be
   * reported as invalid, but there will be no errors attached." Every
   * node validated so far is looked at, for this output or another. */
  for (guint i = 0; i < v->order->len; i++)
    {
      const char *node_id = g_ptr_array_index (v->order, i);
      const Result *result = g_hash_table_lookup (v->validated, node_id);
      KumoJson *entry;

      if (result->valid || kumo_json_array_get_length (result->reasons) == 0)
        continue;

      entry = kumo_json_object_get (node_errors, node_id);
      if (entry == NULL)
        {
          entry = kumo_json_new_object ();
          kumo_json_object_set (entry, "errors", kumo_json_copy (result->reasons));
          kumo_json_object_set (entry, "dependent_outputs", kumo_json_new_array ());
          kumo_json_object_set (entry, "class_type",
                                py_json_copy (kumo_json_object_get (kumo_json_object_get (v->prompt, node_id),
                                                                    "class_type")));
          kumo_json_object_set (node_errors, node_id, entry);
          entry = kumo_json_object_get (node_errors, node_id);
        }

      kumo_json_array_append (kumo_json_object_get (entry, "dependent_outputs"), kumo_json_new_string (output));
    }
}

KumoJson *
kumo_emulator_validate_prompt (const KumoJson           *object_info,
                               const KumoJson           *prompt,
                               const char * const       *partial_targets,
                               KumoEmulatorChoicesFunc   extra_choices,
                               gpointer                  user_data,
                               KumoJson                **node_errors_out,
                               GStrv                    *outputs_out)
{
  Validator v = { .object_info = object_info, .prompt = prompt,
                  .extra_choices = extra_choices, .user_data = user_data };
  g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) good = g_ptr_array_new ();
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(KumoJson) node_errors = NULL;
  KumoJson *answer = NULL;

  g_return_val_if_fail (object_info != NULL, NULL);
  g_return_val_if_fail (prompt != NULL && kumo_json_get_type (prompt) == KUMO_JSON_OBJECT, NULL);

  if (node_errors_out != NULL)
    *node_errors_out = NULL;
  if (outputs_out != NULL)
    *outputs_out = NULL;

  for (guint i = 0; i < kumo_json_object_get_size (prompt); i++)
    {
      const char *node_id = kumo_json_object_get_key (prompt, i);
      const KumoJson *node = kumo_json_object_get_value (prompt, i);
      const KumoJson *class_type = kumo_json_object_get (node, "class_type");
      const KumoJson *info = NULL;

      if (class_type != NULL && kumo_json_get_type (class_type) == KUMO_JSON_STRING)
        info = node_info_of (&v, kumo_json_get_string (class_type));

      /* Returned at the first such node, before anything is validated. */
      if (info == NULL)
        return missing_node_type (node_id, node);

      if (kumo_json_object_get_boolean_or (info, "output_node", FALSE) &&
          (partial_targets == NULL || g_strv_contains (partial_targets, node_id)))
        g_ptr_array_add (outputs, (gpointer) node_id);
    }

  if (outputs->len == 0)
    return rejection (new_error ("prompt_no_outputs", "Prompt has no outputs", "", NULL), NULL);

  v.validated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) result_free);
  v.order = g_ptr_array_new_with_free_func (g_free);
  v.visiting = g_ptr_array_new ();
  node_errors = kumo_json_new_object ();

  for (guint i = 0; i < outputs->len; i++)
    {
      const char *o = g_ptr_array_index (outputs, i);
      g_autoptr(PyError) error = NULL;
      const Result *m;

      m = validate_inputs (&v, o, &error);
      if (m == NULL)
        {
          KumoJson *extra = kumo_json_new_object ();

          kumo_json_object_set (extra, "exception_type", kumo_json_new_string (error->type));
          kumo_json_object_set (extra, "traceback",
                                traceback_for (CALL_FROM_PROMPT, error));
          set_validated (&v, o, FALSE,
                         error_array (new_error ("exception_during_validation", "Exception when validating node",
                                                 error->message, extra)));
          m = g_hash_table_lookup (v.validated, o);
        }

      if (m->valid)
        {
          g_ptr_array_add (good, (gpointer) o);
          continue;
        }

      /* The top-level details name only the outputs' own reasons. */
      for (guint j = 0; j < kumo_json_array_get_length (m->reasons); j++)
        {
          const KumoJson *reason = kumo_json_array_get (m->reasons, j);

          if (failures->len > 0)
            g_string_append_c (failures, '\n');
          g_string_append_printf (failures, "%s: %s",
                                  kumo_json_object_get_string_or (reason, "message", ""),
                                  kumo_json_object_get_string_or (reason, "details", ""));
        }
      add_node_errors (&v, node_errors, o);
    }

  if (good->len == 0)
    {
      answer = rejection (new_error ("prompt_outputs_failed_validation", "Prompt outputs failed validation",
                                     failures->str, NULL),
                          g_steal_pointer (&node_errors));
    }
  else
    {
      if (node_errors_out != NULL)
        *node_errors_out = g_steal_pointer (&node_errors);
      if (outputs_out != NULL)
        {
          g_ptr_array_add (good, NULL);
          *outputs_out = g_strdupv ((char **) good->pdata);
        }
    }

  g_hash_table_unref (v.validated);
  g_ptr_array_unref (v.order);
  g_ptr_array_unref (v.visiting);
  return answer;
}
