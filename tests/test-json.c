/* test-json.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-json.h"
#include "kumo-test-utils.h"

static KumoJson *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  KumoJson *json = kumo_json_parse_data (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return json;
}

static void
assert_parse_error (const char *text,
                    int         code,
                    const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) json = kumo_json_parse_data (text, -1, &error);

  g_assert_null (json);
  g_assert_error (error, KUMO_JSON_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
}

static void
test_json_scalars (void)
{
  g_autoptr(KumoJson) json = parse ("{\"a\": true, \"b\": null, \"c\": \"x\\u00e9\\n\", \"d\": -1.5e3}");

  g_assert_cmpint (kumo_json_get_type (json), ==, KUMO_JSON_OBJECT);
  g_assert_true (kumo_json_get_boolean (kumo_json_object_get (json, "a")));
  g_assert_cmpint (kumo_json_get_type (kumo_json_object_get (json, "b")), ==, KUMO_JSON_NULL);
  g_assert_cmpstr (kumo_json_get_string (kumo_json_object_get (json, "c")), ==, "xé\n");
  g_assert_cmpfloat (kumo_json_get_double (kumo_json_object_get (json, "d")), ==, -1500.0);
  g_assert_null (kumo_json_object_get (json, "missing"));
}

/* json-glib turns 18446744073709551615 into -1 (docs/protocol.md §2.4). */
static void
test_json_big_integers (void)
{
  g_autoptr(KumoJson) json = parse ("[18446744073709551615, -18446744073709551615, 9223372036854775808, 123456789012345678901234]");
  KumoNumber n;
  g_autofree char *out = NULL;

  g_assert_true (kumo_json_get_number (kumo_json_array_get (json, 0), &n));
  g_assert_true (n.is_integer);
  g_assert_false (n.negative);
  g_assert_cmpuint (n.magnitude, ==, G_MAXUINT64);

  g_assert_true (kumo_json_get_number (kumo_json_array_get (json, 1), &n));
  g_assert_true (n.is_integer);
  g_assert_true (n.negative);
  g_assert_cmpuint (n.magnitude, ==, G_MAXUINT64);

  g_assert_true (kumo_json_get_number (kumo_json_array_get (json, 2), &n));
  g_assert_cmpuint (n.magnitude, ==, G_GUINT64_CONSTANT (9223372036854775808));
  g_assert_false (kumo_json_get_int64 (kumo_json_array_get (json, 2), NULL));

  /* Beyond 64 bits: not exact, but ordered correctly as a double. */
  g_assert_true (kumo_json_get_number (kumo_json_array_get (json, 3), &n));
  g_assert_false (n.is_integer);
  g_assert_cmpfloat (n.value, >, 1e23);

  out = kumo_json_to_string (json);
  g_assert_cmpstr (out, ==, "[18446744073709551615, -18446744073709551615, 9223372036854775808, 123456789012345678901234]");
}

static void
test_json_number_compare (void)
{
  KumoNumber max, big, neg, half;

  kumo_number_parse ("18446744073709551615", &max);
  kumo_number_parse ("18446744073709551614", &big);
  kumo_number_parse ("-18446744073709551615", &neg);
  kumo_number_parse ("0.5", &half);

  g_assert_cmpint (kumo_number_compare (&big, &max), <, 0);
  g_assert_cmpint (kumo_number_compare (&max, &big), >, 0);
  g_assert_cmpint (kumo_number_compare (&neg, &half), <, 0);
  g_assert_cmpint (kumo_number_compare (&max, &max), ==, 0);
  g_assert_false (kumo_number_parse ("01", &half));
  g_assert_false (kumo_number_parse ("1.", &half));
  g_assert_false (kumo_number_parse ("", &half));
  g_assert_true (kumo_number_parse ("-0", &half));
  g_assert_false (half.negative);
}

static void
test_json_format_double (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 0.87, "0.87" },
    { 0.8700000000000001, "0.8700000000000001" },
    { 8.0, "8.0" },
    { -0.1, "-0.1" },
    { 100.0, "100.0" },
    { 0.0001, "0.0001" },
    { 123456.789, "123456.789" },
    { 1e16, "1e+16" },
    { 1e-7, "1e-07" },
    { 1.5e300, "1.5e+300" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kumo_number_format_double (cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
}

static void
test_json_number_add (void)
{
  KumoNumber n, r;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  kumo_number_parse ("18446744073709551614", &n);
  g_assert_true (kumo_number_add (&n, 1, &r));
  a = kumo_number_to_string (&r);
  g_assert_cmpstr (a, ==, "18446744073709551615");
  g_assert_false (kumo_number_add (&r, 1, &n));

  kumo_number_parse ("0", &n);
  g_assert_true (kumo_number_add (&n, -1, &r));
  b = kumo_number_to_string (&r);
  g_assert_cmpstr (b, ==, "-1");
}

/* Unchanged documents come back byte for byte, whatever their layout. */
static void
test_json_round_trip_layouts (void)
{
  const char *docs[] = {
    "{\n    \"a\": [\n        1,\n        2.50\n    ],\n    \"b\": {}\n}\n",
    "\xEF\xBB\xBF{\"a\":1}",
    "  [ 1 , 2 ,3 ]  ",
    "{ \"x\": \"\\u00e9\\/\", \"y\": 1E5 }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(KumoJson) json = parse (docs[i]);
      g_autofree char *out = kumo_json_to_string (json);

      g_assert_cmpstr (out, ==, docs[i]);
    }
}

/* An edit changes the value and nothing else around it. */
static void
test_json_splice_edit (void)
{
  g_autoptr(KumoJson) json = parse ("{\n  \"3\": {\n    \"inputs\": {\n      \"seed\": 1,\n      \"cfg\": 8.0\n    }\n  }\n}\n");
  KumoJson *inputs = kumo_json_object_get (kumo_json_object_get (json, "3"), "inputs");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;

  kumo_json_object_set (inputs, "seed", kumo_json_new_number_text ("18446744073709551615"));
  g_assert_true (kumo_json_is_modified (json));
  out = kumo_json_to_string (json);
  g_assert_cmpstr (out, ==, "{\n  \"3\": {\n    \"inputs\": {\n      \"seed\": 18446744073709551615,\n      \"cfg\": 8.0\n    }\n  }\n}\n");

  kumo_json_object_set (inputs, "new", kumo_json_new_string ("v"));
  out2 = kumo_json_to_string (json);
  g_assert_cmpstr (out2, ==, "{\n  \"3\": {\n    \"inputs\": {\n      \"seed\": 18446744073709551615,\n      \"cfg\": 8.0,\n      \"new\": \"v\"\n    }\n  }\n}\n");

  g_assert_true (kumo_json_object_remove (inputs, "seed"));
  out3 = kumo_json_to_string (json);
  g_assert_cmpstr (out3, ==, "{\n  \"3\": {\n    \"inputs\": {\n      \"cfg\": 8.0,\n      \"new\": \"v\"\n    }\n  }\n}\n");
}

static void
test_json_splice_compact (void)
{
  g_autoptr(KumoJson) json = parse ("{\"a\":{\"b\":[\"1\",0]},\"c\":{}}");
  g_autofree char *out = NULL;
  KumoJson *link = kumo_json_new_array ();

  kumo_json_array_append (link, kumo_json_new_string ("9"));
  kumo_json_array_append (link, kumo_json_new_int (2));
  kumo_json_object_set (kumo_json_object_get (json, "a"), "b", link);
  kumo_json_object_set (kumo_json_object_get (json, "c"), "d", kumo_json_new_boolean (FALSE));

  out = kumo_json_to_string (json);
  g_assert_cmpstr (out, ==, "{\"a\":{\"b\":[\"9\",2]},\"c\":{\"d\":false}}");
}

static void
test_json_keys_with_colons (void)
{
  g_autoptr(KumoJson) json = parse ("{\"398:370\": {\"format.codec\": \"auto\"}}");
  KumoJson *node = kumo_json_object_get (json, "398:370");
  g_autofree char *out = NULL;

  g_assert_nonnull (node);
  kumo_json_object_set (node, "format.codec", kumo_json_new_string ("h264"));
  out = kumo_json_to_string (json);
  g_assert_cmpstr (out, ==, "{\"398:370\": {\"format.codec\": \"h264\"}}");
}

static void
test_json_escapes_written (void)
{
  g_autoptr(KumoJson) json = kumo_json_new_object ();
  g_autofree char *out = NULL;

  kumo_json_object_set (json, "t", kumo_json_new_string ("a\"b\\c\nd\x01 “e”"));
  out = kumo_json_to_string (json);
  g_assert_cmpstr (out, ==, "{\"t\": \"a\\\"b\\\\c\\nd\\u0001 “e”\"}");
}

static void
test_json_pretty (void)
{
  g_autoptr(KumoJson) json = parse ("{\"a\":[1,{\"b\":null}],\"c\":{}}");
  g_autofree char *out = kumo_json_to_string_pretty (json);

  g_assert_cmpstr (out, ==, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}");
}

static void
test_json_many_members_index (void)
{
  GString *text = g_string_new ("{");
  g_autoptr(KumoJson) json = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "%s\"k%u\": %u", i ? ", " : "", i, i);
  g_string_append (text, ", \"k5\": \"dup\"}");

  json = parse (text->str);
  g_string_free (text, TRUE);

  g_assert_cmpuint (kumo_json_object_get_size (json), ==, 101);
  g_assert_cmpfloat (kumo_json_get_double (kumo_json_object_get (json, "k99")), ==, 99);
  /* The last duplicate wins, as in Python and JavaScript. */
  g_assert_cmpstr (kumo_json_get_string (kumo_json_object_get (json, "k5")), ==, "dup");
}

static void
test_json_errors (void)
{
  assert_parse_error ("", KUMO_JSON_ERROR_EMPTY, NULL);
  assert_parse_error ("  \n ", KUMO_JSON_ERROR_EMPTY, NULL);
  assert_parse_error ("{\"a\": 1,}", KUMO_JSON_ERROR_SYNTAX, "Line 1, column 9");
  assert_parse_error ("{\"a\" 1}", KUMO_JSON_ERROR_SYNTAX, "“:”");
  assert_parse_error ("{\n\"a\": tru}", KUMO_JSON_ERROR_SYNTAX, "Line 2");
  assert_parse_error ("[1, 2", KUMO_JSON_ERROR_SYNTAX, "ends too early");
  assert_parse_error ("\"abc", KUMO_JSON_ERROR_SYNTAX, NULL);
  assert_parse_error ("\"a\tb\"", KUMO_JSON_ERROR_SYNTAX, NULL);
  assert_parse_error ("\"\\x\"", KUMO_JSON_ERROR_SYNTAX, NULL);
  assert_parse_error ("\"\\u12\"", KUMO_JSON_ERROR_SYNTAX, NULL);
  assert_parse_error ("01", KUMO_JSON_ERROR_SYNTAX, NULL);
  assert_parse_error ("{} {}", KUMO_JSON_ERROR_SYNTAX, "after the end");
  assert_parse_error ("\x89PNG\r\n\x1a\n", KUMO_JSON_ERROR_ENCODING, NULL);
}

static void
test_json_too_deep (void)
{
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  assert_parse_error (deep->str, KUMO_JSON_ERROR_TOO_DEEP, NULL);
  g_string_free (deep, TRUE);
}

static void
test_json_surrogates (void)
{
  g_autoptr(KumoJson) json = parse ("[\"\\ud83d\\ude00\", \"\\ud800x\", \"\\u0000z\"]");
  KumoJson *copy = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpstr (kumo_json_get_string (kumo_json_array_get (json, 0)), ==, "😀");
  g_assert_cmpstr (kumo_json_get_string (kumo_json_array_get (json, 1)), ==, "\xEF\xBF\xBDx");

  /* A NUL inside a string survives a fresh write. */
  copy = kumo_json_copy (json);
  out = kumo_json_to_string (copy);
  g_assert_cmpstr (out, ==, "[\"😀\", \"\xEF\xBF\xBDx\", \"\\u0000z\"]");
  g_assert_true (kumo_json_equal (json, copy));
  kumo_json_free (copy);
}

/* Every real workflow and catalog reads and writes back unchanged. */
static void
test_json_fixtures_round_trip (void)
{
  g_autoptr(GPtrArray) files = kumo_test_list_fixtures ("api", "object_info", "ui", NULL);

  g_assert_cmpuint (files->len, >=, 16);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = kumo_test_load_bytes (path);
      g_autoptr(KumoJson) json = kumo_json_parse (bytes, &error);
      g_autoptr(GBytes) out = NULL;
      g_autoptr(KumoJson) copy = NULL;

      g_assert_no_error (error);
      out = kumo_json_to_bytes (json);
      g_assert_true (g_bytes_equal (out, bytes));

      copy = kumo_json_copy (json);
      g_assert_true (kumo_json_equal (json, copy));
    }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/json/scalars", test_json_scalars);
  g_test_add_func ("/kumo/json/big-integers", test_json_big_integers);
  g_test_add_func ("/kumo/json/number-compare", test_json_number_compare);
  g_test_add_func ("/kumo/json/format-double", test_json_format_double);
  g_test_add_func ("/kumo/json/number-add", test_json_number_add);
  g_test_add_func ("/kumo/json/round-trip-layouts", test_json_round_trip_layouts);
  g_test_add_func ("/kumo/json/splice-edit", test_json_splice_edit);
  g_test_add_func ("/kumo/json/splice-compact", test_json_splice_compact);
  g_test_add_func ("/kumo/json/keys-with-colons", test_json_keys_with_colons);
  g_test_add_func ("/kumo/json/escapes-written", test_json_escapes_written);
  g_test_add_func ("/kumo/json/pretty", test_json_pretty);
  g_test_add_func ("/kumo/json/many-members-index", test_json_many_members_index);
  g_test_add_func ("/kumo/json/errors", test_json_errors);
  g_test_add_func ("/kumo/json/too-deep", test_json_too_deep);
  g_test_add_func ("/kumo/json/surrogates", test_json_surrogates);
  g_test_add_func ("/kumo/json/fixtures-round-trip", test_json_fixtures_round_trip);

  return g_test_run ();
}
