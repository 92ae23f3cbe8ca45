/* test-output.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-output.h"
#include "kumo-test-utils.h"

/* Hostile names never leave the output folder. */
static void
test_output_sanitize_filename (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "ComfyUI_00001_.png", "ComfyUI_00001_.png" },
    { "../../../etc/passwd", "_.._.._etc_passwd" },
    { "/etc/passwd", "_etc_passwd" },
    { "..", "output" },
    { ".", "output" },
    { ".hidden.png", "hidden.png" },
    { "a\nb\tc\x01.png", "abc.png" },
    { "C:\\Windows\\x.png", "C__Windows_x.png" },
    { "", "output" },
    { "  spaced .png ", "spaced .png" },
    { "日本語の画像.png", "日本語の画像.png" },
    { "bad\xff\xfe.png", "bad\xef\xbf\xbd\xef\xbf\xbd.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = kumo_sanitize_filename (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_output_sanitize_long_name (void)
{
  GString *name = g_string_new (NULL);
  g_autofree char *out = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append (name, "画");
  g_string_append (name, ".webp");

  out = kumo_sanitize_filename (name->str);
  g_assert_cmpuint (strlen (out), <=, 200);
  g_assert_true (g_str_has_suffix (out, ".webp"));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_string_free (name, TRUE);
}

static void
test_output_sanitize_subfolder (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "video", "video" },
    { "a/b", "a/b" },
    { "../../x", "x" },
    { "/abs/path", "abs/path" },
    { "a\\..\\b", "a/b" },
    { "", "" },
    { "./.", "" },
    { "a/.git/b", "a/git/b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = kumo_sanitize_subfolder (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Two outputs with one name are kept apart, and existing files too. */
static void
test_output_reserve (void)
{
  g_autofree char *dir_path = g_build_filename (g_get_tmp_dir (), "outputs", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KumoOutputFile file = { .filename = (char *) "img.png", .subfolder = (char *) "../../sub" };
  KumoOutputFile evil = { .filename = (char *) "../../../../tmp/evil.png", .subfolder = (char *) "/etc" };
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) b = NULL;
  g_autoptr(GFile) c = NULL;
  g_autoptr(GFile) d = NULL;
  g_autofree char *pa = NULL, *pb = NULL, *pc = NULL, *pd = NULL;
  g_autofree char *existing = g_build_filename (dir_path, "sub", "img (3).png", NULL);

  g_mkdir_with_parents (dir_path, 0700);
  {
    g_autofree char *sub = g_path_get_dirname (existing);
    g_mkdir_with_parents (sub, 0700);
  }
  g_file_set_contents (existing, "x", 1, NULL);

  a = kumo_output_file_reserve (&file, dir, taken);
  b = kumo_output_file_reserve (&file, dir, taken);
  c = kumo_output_file_reserve (&file, dir, taken);
  d = kumo_output_file_reserve (&evil, dir, taken);
  pa = g_file_get_path (a);
  pb = g_file_get_path (b);
  pc = g_file_get_path (c);
  pd = g_file_get_path (d);

  g_assert_true (g_str_has_suffix (pa, "/outputs/sub/img.png"));
  g_assert_true (g_str_has_suffix (pb, "/outputs/sub/img (2).png"));
  g_assert_true (g_str_has_suffix (pc, "/outputs/sub/img (4).png"));
  g_assert_true (g_file_has_prefix (d, dir));
  g_assert_true (g_str_has_suffix (pd, "/outputs/etc/_.._.._.._tmp_evil.png"));
}

/* History and job answers: {node_id: output}, every node scanned. */
static void
test_output_scan_all (void)
{
  g_autoptr(KumoJson) outputs = kumo_json_parse_data (
    "{\"9\": {\"images\": [{\"filename\": \"a.png\", \"subfolder\": \"\", \"type\": \"output\"},"
    " {\"filename\": \"b.png\", \"subfolder\": \"\", \"type\": \"temp\"}]},"
    " \"12\": {\"text\": [\"hello\"]}, \"13\": null,"
    " \"14\": {\"video\": [{\"filename\": \"v.mp4\"}], \"result\": [[1, 2]]}}", -1, NULL);
  g_autoptr(GPtrArray) files = kumo_outputs_scan_all (outputs);
  const KumoOutputFile *video;

  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (((KumoOutputFile *) g_ptr_array_index (files, 1))->type, ==, "temp");
  video = g_ptr_array_index (files, 2);
  g_assert_cmpstr (video->node_id, ==, "14");
  g_assert_cmpstr (video->type, ==, "output");
  g_assert_cmpstr (video->subfolder, ==, "");
  g_assert_cmpint (video->kind, ==, KUMO_OUTPUT_VIDEO);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/output/sanitize-filename", test_output_sanitize_filename);
  g_test_add_func ("/kumo/output/sanitize-long-name", test_output_sanitize_long_name);
  g_test_add_func ("/kumo/output/sanitize-subfolder", test_output_sanitize_subfolder);
  g_test_add_func ("/kumo/output/reserve", test_output_reserve);
  g_test_add_func ("/kumo/output/scan-all", test_output_scan_all);

  return g_test_run ();
}
