/* test-cli.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-json.h"
#include "kumo-test-catalog.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("KUMO_CLI");
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);

  va_start (ap, run);
  for (const char *arg = va_arg (ap, const char *); arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
fixture (const char *subdir,
         const char *name)
{
  return kumo_test_fixture_path (subdir, name);
}

static void
test_cli_inspect_table (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, "inspect", workflow, "--object-info", catalog, NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "3.model "));
  g_assert_nonnull (strstr (lines[0], "<- 4[0]"));
  g_assert_true (g_regex_match_simple ("^3\\.seed +integer +712610403220747 +min=0 max=18446744073709551615 seed=randomize$",
                                       lines[1], 0, 0));
  g_assert_true (g_regex_match_simple ("^3\\.cfg +float +8 +min=0\\.0 max=100\\.0 step=0\\.1$", lines[3], 0, 0));
  g_assert_nonnull (strstr (run.out, "6.text             multiline  beautiful scenery"));
}

static void
test_cli_inspect_json (void)
{
  g_autofree char *workflow = fixture ("api", "ltx25_i2v_savevideo_subgraph_ids_comfy-examples.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_auto(Run) run = { 0 };
  g_autoptr(KumoJson) json = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_link = FALSE, saw_upload = FALSE, saw_dotted = FALSE;

  run_cli (&run, "inspect", "--json", workflow, "--object-info", catalog, NULL);
  g_assert_cmpint (run.status, ==, 0);

  json = kumo_json_parse_data (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kumo_json_get_type (json), ==, KUMO_JSON_ARRAY);

  for (guint i = 0; i < kumo_json_array_get_length (json); i++)
    {
      KumoJson *row = kumo_json_array_get (json, i);
      const char *node = kumo_json_object_get_string_or (row, "node", NULL);
      const char *input = kumo_json_object_get_string_or (row, "input", NULL);
      const char *kind = kumo_json_object_get_string_or (row, "kind", NULL);

      g_assert_nonnull (node);
      g_assert_nonnull (input);
      g_assert_nonnull (kumo_json_object_get_string_or (row, "class_type", NULL));
      g_assert_nonnull (kumo_json_object_get_string_or (row, "title", NULL));
      g_assert_true (kumo_json_object_has (row, "value"));

      if (g_str_equal (node, "75") && g_str_equal (input, "video"))
        {
          g_assert_cmpstr (kind, ==, "link");
          g_assert_cmpstr (kumo_json_get_string (kumo_json_array_get (kumo_json_object_get (row, "value"), 0)), ==, "398:370");
          saw_link = TRUE;
        }
      if (g_str_equal (node, "395") && g_str_equal (input, "image"))
        {
          g_assert_cmpstr (kind, ==, "image");
          g_assert_cmpstr (kumo_json_object_get_string_or (row, "upload", NULL), ==, "image");
          saw_upload = TRUE;
        }
      if (g_str_equal (input, "format.codec"))
        saw_dotted = TRUE;
    }

  g_assert_true (saw_link && saw_upload && saw_dotted);
}

static void
test_cli_set_stdout (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_img2img_loadimage.json");
  g_autofree char *original = NULL;
  g_auto(Run) run = { 0 };
  g_auto(GStrv) halves = NULL;
  g_autofree char *expected = NULL;

  g_file_get_contents (workflow, &original, NULL, NULL);
  halves = g_strsplit (original, "\"seed\": 895988836787787", 2);
  expected = g_strjoinv ("\"seed\": 18446744073709551615", halves);

  run_cli (&run, "set", workflow, "KSampler.seed=18446744073709551615", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
}

/* Node ids with ':' and inputs with '.' resolve against the document. */
static void
test_cli_set_output_file (void)
{
  g_autofree char *workflow = fixture ("api", "ltx25_i2v_savevideo_subgraph_ids_comfy-examples.json");
  g_autofree char *out = g_build_filename (g_get_tmp_dir (), "out.json", NULL);
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "set", workflow, "75.format.codec=h264", "Save Video.filename_prefix=video/kumo=1", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  g_file_get_contents (out, &text, NULL, NULL);
  g_assert_nonnull (strstr (text, "\"format.codec\":\"h264\""));
  g_assert_nonnull (strstr (text, "\"filename_prefix\":\"video/kumo=1\""));
}

static void
test_cli_set_errors (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_autofree char *ui = fixture ("ui", "ui_text_to_image_docs.json");

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", workflow, "CLIP Text Encode (Prompt).text=a cat", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "more than one node"));
    g_assert_nonnull (strstr (run.err, "6 (CLIPTextEncode"));
    g_assert_nonnull (strstr (run.err, "7 (CLIPTextEncode"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", workflow, "Nobody.seed=1", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "No node matches"));
    g_assert_nonnull (strstr (run.err, "3 (KSampler, KSampler)"));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", workflow, "3.seed=lucky", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "whole number"));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", workflow, "3.cfg=1000", "--object-info", catalog, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "above the maximum of 100.0"));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", workflow, "3.seed", NULL);
    g_assert_cmpint (run.status, ==, 1);
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "set", ui, "3.seed=1", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "Export (API)"));
  }
}

static void
test_cli_validate (void)
{
  g_autofree char *good = kumo_test_data_path ("dynamic-inputs.json");
  g_autofree char *workflow = fixture ("api", "flux_dev_checkpoint_fluxguidance.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "validate", good, "--object-info", catalog, NULL);
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.out, "1.resize_type.longer_size: 20000 is above the maximum of 16384.  [value_bigger_than_max]"));
    g_assert_nonnull (strstr (run.err, "3 problems found."));
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "validate", workflow, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--object-info"));
  }
}

static void
test_cli_validate_clean (void)
{
  const char *json = "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64, \"height\": 64, \"batch_size\": 1, \"color\": 0}},"
                     " \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0], \"filename_prefix\": \"k\"}}}";
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "clean.json", NULL);
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  run_cli (&run, "validate", path, "--object-info", catalog, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "No problems found.\n");
}

static void
test_cli_help (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "inspect"));
  g_assert_nonnull (strstr (run.out, "  3  "));

  run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 1);

  run_cli (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/cli/inspect-table", test_cli_inspect_table);
  g_test_add_func ("/kumo/cli/inspect-json", test_cli_inspect_json);
  g_test_add_func ("/kumo/cli/set-stdout", test_cli_set_stdout);
  g_test_add_func ("/kumo/cli/set-output-file", test_cli_set_output_file);
  g_test_add_func ("/kumo/cli/set-errors", test_cli_set_errors);
  g_test_add_func ("/kumo/cli/validate", test_cli_validate);
  g_test_add_func ("/kumo/cli/validate-clean", test_cli_validate_clean);
  g_test_add_func ("/kumo/cli/help", test_cli_help);

  return g_test_run ();
}
