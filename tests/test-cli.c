/* test-cli.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>

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
run_cli_valist (Run        *run,
                const char *input,
                va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("KUMO_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  for (const char *arg = va_arg (ap, const char *); arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  /* The CLI keeps a journal in the data dir: the test's own. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_cli (Run *run,
         ...)
{
  va_list ap;

  va_start (ap, run);
  run_cli_valist (run, NULL, ap);
  va_end (ap);
}

/* With @input on its standard input. */
static void
run_cli_input (Run        *run,
               const char *input,
               ...)
{
  va_list ap;

  va_start (ap, input);
  run_cli_valist (run, input, ap);
  va_end (ap);
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

/* A picture ComfyUI saved is a workflow to kumo-cli too: the "prompt"
 * it carries is inspected; one without a workflow is refused. */
static void
test_cli_inspect_picture (void)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0 };
  static const char text[] = "prompt\0{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 7}}}";
  const guint8 head[8] = { 0, 0, 0, sizeof text - 1, 't', 'E', 'X', 't' };
  static const guint8 crc[4] = { 0 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "ComfyUI_00001_.png", NULL);
  g_autofree char *bare = g_build_filename (g_get_user_data_dir (), "bare.png", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) refused = { 0 };

  g_byte_array_append (png, signature, 8);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (bare, (const char *) png->data, png->len, NULL));
  g_byte_array_append (png, head, 8);
  g_byte_array_append (png, (const guint8 *) text, sizeof text - 1);
  g_byte_array_append (png, crc, 4);
  g_byte_array_append (png, iend, sizeof iend);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, NULL));

  run_cli (&run, "inspect", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^3\\.seed +integer +7", run.out, G_REGEX_MULTILINE, 0));

  run_cli (&refused, "inspect", bare, NULL);
  g_assert_cmpint (refused.status, !=, 0);
  g_assert_nonnull (strstr (refused.err, "bare.png"));
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
    g_assert_nonnull (strstr (run.err, "--object-info"));
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

/* ---------------------------------------------------------------------- */
/* kumo-cli run, against kumo-emulator in its own process                 */
/* ---------------------------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  char        *url;
} Emulator;

/* Editor-format files are converted with the catalog given; classes it
 * lacks are named (3); what is not a workflow is refused (2); the file
 * converted is never written over. */
static void
test_cli_convert (void)
{
  g_autofree char *ui = fixture ("ui", "ui_text_to_image_docs.json");
  g_autofree char *custom = fixture ("ui", "ui_imagebatch_custom_node_docs.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "converted.json", NULL);
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_get_contents (ui, &original, NULL, NULL));
  {
    g_auto(Run) run = { 0 };
    g_autoptr(KumoJson) json = NULL;
    g_autoptr(GError) error = NULL;

    run_cli (&run, "convert", ui, "--object-info", catalog, NULL);
    g_assert_cmpint (run.status, ==, 0);
    json = kumo_json_parse_data (run.out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (json, "3"), "class_type", NULL), ==, "KSampler");
    g_assert_cmpuint (kumo_json_object_get_size (json), ==, 7);
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) inspect = { 0 };

    run_cli (&run, "convert", ui, "--object-info", catalog, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_cli (&inspect, "inspect", out, NULL);
    g_assert_cmpint (inspect.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^3\\.seed +integer +156680208700286", inspect.out, G_REGEX_MULTILINE, 0));
  }
  {
    /* inspect, set and validate take the editor file itself. */
    g_auto(Run) inspect = { 0 };
    g_auto(Run) validate = { 0 };

    run_cli (&inspect, "inspect", ui, "--object-info", catalog, NULL);
    g_assert_cmpint (inspect.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^3\\.steps +integer +20", inspect.out, G_REGEX_MULTILINE, 0));
    run_cli (&validate, "validate", ui, "--object-info", catalog, NULL);
    g_assert_cmpint (validate.status, ==, 3);
    /* The docs' checkpoint is not among this server's models. */
    g_assert_nonnull (strstr (validate.out, "4.ckpt_name"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", custom, "--object-info", catalog, NULL);
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.err, "Image Selector"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "convert", catalog, "--object-info", catalog, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) over = { 0 };
    g_auto(Run) no_catalog = { 0 };

    run_cli (&over, "convert", ui, "--object-info", catalog, "-o", ui, NULL);
    g_assert_cmpint (over.status, ==, 1);
    run_cli (&no_catalog, "convert", ui, NULL);
    g_assert_cmpint (no_catalog.status, ==, 1);
  }
  g_assert_true (g_file_get_contents (ui, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, original);
}

static void
emulator_clear (Emulator *emulator)
{
  if (emulator->process != NULL)
    {
      g_subprocess_send_signal (emulator->process, SIGTERM);
      g_subprocess_wait (emulator->process, NULL, NULL);
    }
  g_clear_object (&emulator->process);
  g_free (emulator->url);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Emulator, emulator_clear)

static void
start_emulator (Emulator *emulator,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *start;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("KUMO_EMULATOR"));
  g_ptr_array_add (args, (char *) "--port");
  g_ptr_array_add (args, (char *) "0");
  g_ptr_array_add (args, (char *) "--step-ms");
  g_ptr_array_add (args, (char *) "5");
  va_start (ap, emulator);
  for (const char *arg = va_arg (ap, const char *); arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  emulator->process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  /* "kumo-emulator: local flavour on http://127.0.0.1:PORT, storage …" */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emulator->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  start = strstr (line, "http://");
  g_assert_nonnull (start);
  emulator->url = g_strndup (start, strcspn (start, ","));
}

static void
test_cli_run_local (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-local", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  guint saved = 0;

  start_emulator (&emulator, NULL);
  run_cli (&run, "run", workflow, "--server", emulator.url, "-o", out, "-n", "2", "--seed", "increment",
           "--set", "KSampler.steps=3", NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], out) && g_str_has_suffix (lines[i], ".png"))
      {
        if (saved++ == 0)
          first = kumo_test_load_bytes (lines[i]);
        else
          second = kumo_test_load_bytes (lines[i]);
      }

  /* Two runs, two files, and the second seed draws another picture. */
  g_assert_cmpuint (saved, ==, 2);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 4, "\x89PNG", 4);
  g_assert_false (g_bytes_equal (first, second));
}

/* An editor-format file runs: converted with the server's own catalog. */
static void
test_cli_run_editor_format (void)
{
  g_autofree char *ui = fixture ("ui", "ui_text_to_image_docs.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-editor", NULL);
  g_autofree char *saved = g_build_filename (out, "ComfyUI_00001_.png", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };

  start_emulator (&emulator, "--object-info", catalog, "--models", "v1-5-pruned-emaonly-fp16.safetensors", NULL);
  run_cli (&run, "run", ui, "--server", emulator.url, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, saved));
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));
}

static void
test_cli_run_json (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-json", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  gboolean saved = FALSE, succeeded = FALSE;

  start_emulator (&emulator, "--flavor", "cloud", "--api-key", "k", NULL);
  g_setenv ("COMFY_CLOUD_API_KEY", "k", TRUE);
  run_cli (&run, "run", workflow, "--server", emulator.url, "-o", out, "--json", NULL);
  g_unsetenv ("COMFY_CLOUD_API_KEY");
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      g_autoptr(KumoJson) event = kumo_json_parse_data (lines[i], -1, NULL);

      g_assert_nonnull (event);
      g_assert_true (g_str_equal (kumo_json_object_get_key (event, 0), "event"));
      saved |= g_strcmp0 (kumo_json_object_get_string_or (event, "event", NULL), "saved") == 0;
      succeeded |= g_strcmp0 (kumo_json_object_get_string_or (event, "event", NULL), "succeeded") == 0;
    }
  g_assert_true (saved && succeeded);
  /* The key never shows up in what is printed. */
  g_assert_null (strstr (run.out, "token=k"));
}

static void
test_cli_run_exit_codes (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *invalid = kumo_test_data_path ("dynamic-inputs.json");
  g_autofree char *catalog = fixture ("object_info", KUMO_TEST_CATALOG_2026);

  /* Rejected before anything is submitted: 3. */
  {
    g_auto(Emulator) emulator = { 0 };
    g_auto(Run) run = { 0 };

    start_emulator (&emulator, "--object-info", catalog, NULL);
    run_cli (&run, "run", invalid, "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.out, "1.resize_type.longer_size"));
  }
  /* A wrong key: 4. */
  {
    g_auto(Emulator) emulator = { 0 };
    g_auto(Run) run = { 0 };

    start_emulator (&emulator, "--flavor", "cloud", "--api-key", "right", NULL);
    g_setenv ("COMFY_CLOUD_API_KEY", "wrong", TRUE);
    run_cli (&run, "run", workflow, "--server", emulator.url, NULL);
    g_unsetenv ("COMFY_CLOUD_API_KEY");
    g_assert_cmpint (run.status, ==, 4);
    g_assert_null (strstr (run.err, "wrong"));
  }
  /* A node fails on the server: 5, with the node named. */
  {
    g_auto(Emulator) emulator = { 0 };
    g_auto(Run) run = { 0 };
    g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-fail", NULL);

    start_emulator (&emulator, "--fail-class", "VAEDecode", NULL);
    run_cli (&run, "run", workflow, "--server", emulator.url, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 5);
    g_assert_nonnull (strstr (run.err, "VAE Decode (#8)"));
    g_assert_nonnull (strstr (run.err, "OutOfMemoryError"));
  }
  /* Nobody listening: 6. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "run", workflow, "--server", "http://127.0.0.1:9", NULL);
    g_assert_cmpint (run.status, ==, 6);
  }
  /* Usage: 1. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "run", workflow, "--seed", "sometimes", NULL);
    g_assert_cmpint (run.status, ==, 1);
    run_clear (&run);
    run_cli (&run, "run", workflow, "--flavor", "sometimes", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--flavor"));
  }
}

/* --upload puts the server's name for the file into the workflow. */
static void
test_cli_run_upload (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_img2img_loadimage.json");
  g_autofree char *image = kumo_test_data_path ("image.png");
  g_autofree char *upload = g_strdup_printf ("Load Image.image=%s", image);
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-upload", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };

  start_emulator (&emulator, "--flavor", "cloud", "--api-key", "k", NULL);
  g_setenv ("COMFY_CLOUD_API_KEY", "k", TRUE);
  run_cli (&run, "run", workflow, "--server", emulator.url, "--upload", upload, "-o", out, "--json", NULL);
  g_unsetenv ("COMFY_CLOUD_API_KEY");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"saved\""));
}

/* Ctrl+C cancels the jobs the run started: 7. */
/* Reads --json events until one that contains @needle. */
static void
read_until (GDataInputStream *out,
            const char       *needle)
{
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);

      g_assert_nonnull (line);
      if (strstr (line, needle) != NULL)
        return;
    }
}

static void
test_cli_run_interrupted (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_auto(Emulator) emulator = { 0 };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  start_emulator (&emulator, "--steps", "200", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("KUMO_CLI"), "run", workflow, "--server", emulator.url, "--json",
                              "-o", g_get_user_data_dir (), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  read_until (out, "\"progress\"");

  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 7);
}

/* With no Secret Service to ask and no COMFY_CLOUD_API_KEY, the error
 * says that the keyring is missing and what to do instead. */
static void
test_cli_no_keyring (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };

  start_emulator (&emulator, "--flavor", "cloud", "--api-key", "k", NULL);
  g_unsetenv ("COMFY_CLOUD_API_KEY");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kumo-test-bus", TRUE);
  run_cli (&run, "run", workflow, "--server", emulator.url, NULL);
  if (bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "No keyring is available"));
  g_assert_nonnull (strstr (run.err, "COMFY_CLOUD_API_KEY"));
}

/* kumo-cli is killed mid-job (a closed terminal, a crash): the job goes
 * on on the server, and resume brings its output into the folder the
 * run was given, once. */
static void
test_cli_resume (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out_dir = g_build_filename (g_get_user_data_dir (), "resume-out", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  start_emulator (&emulator, "--steps", "40", NULL);
  /* The same journal as run_cli()'s. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("KUMO_CLI"), "run", workflow,
                                         "--server", emulator.url, "--json", "-o", out_dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  read_until (out, "\"progress\"");
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "resume", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "Picking up 1 unfinished job"));
    /* After the progress lines, the saved file's path. */
    g_assert_nonnull (strstr (run.out, out_dir));
    g_assert_true (g_str_has_suffix (run.out, ".png\n"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "resume", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "No unfinished jobs"));
    g_assert_cmpstr (run.out, ==, "");
  }
}

/* How many jobs the emulator at @url was given. */
static gint64
jobs_on_server (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *route = g_strdup_printf ("%s/api/jobs", url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", route);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_autoptr(KumoJson) json = body ? kumo_json_parse (body, NULL) : NULL;
  gint64 total = -1;

  g_assert_nonnull (json);
  g_assert_true (kumo_json_get_int64 (kumo_json_object_get (kumo_json_object_get (json, "pagination"), "total"),
                                      &total));
  return total;
}

/* Every file in @dir, by what is in it: no two alike, none half written. */
static guint
count_distinct_outputs (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_false (g_str_has_suffix (name, ".part"));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_hash_table_add (seen, g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                                          (const guchar *) contents, length)));
      n++;
    }

  return n;
}

/* kumo-cli is killed in the middle of a batch of eight, some jobs done,
 * some running, some never sent: resume finishes the batch, and it ran
 * once, whole: eight jobs on the server, eight different outputs. */
static void
test_cli_resume_whole_batch (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out_dir = g_build_filename (g_get_user_data_dir (), "batch-out", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  start_emulator (&emulator, "--steps", "10", "--max-running", "2", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("KUMO_CLI"), "run", workflow,
                                         "--server", emulator.url, "--count", "8", "--parallel", "2",
                                         "--seed", "increment", "--json", "-o", out_dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  read_until (out, "\"saved\"");
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_cmpint (jobs_on_server (emulator.url), <, 8);

  run_cli (&run, "resume", "--server", emulator.url, "--parallel", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "never reached the server"));
  g_assert_cmpint (jobs_on_server (emulator.url), ==, 8);
  g_assert_cmpuint (count_distinct_outputs (out_dir), ==, 8);
}

/* recall gives back the exact workflow behind each output: with
 * --seed increment, the two files' seeds differ by one. */
static void
test_cli_recall (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out_dir = g_build_filename (g_get_user_data_dir (), "recall-out", NULL);
  g_auto(Emulator) emulator = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  gint64 seeds[2];
  guint n_seeds = 0;

  start_emulator (&emulator, NULL);
  run_cli (&run, "run", workflow, "--server", emulator.url, "--count", "2", "--seed", "increment",
           "-o", out_dir, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* The saved files' paths, among the progress lines. */
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(Run) recall = { 0 };
      g_autoptr(KumoJson) sent = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (lines[i], out_dir))
        continue;

      g_assert_cmpuint (n_seeds, <, 2);
      run_cli (&recall, "recall", lines[i], NULL);
      g_assert_cmpint (recall.status, ==, 0);
      g_assert_nonnull (strstr (recall.err, emulator.url));
      sent = kumo_json_parse_data (recall.out, -1, &error);
      g_assert_no_error (error);
      g_assert_true (kumo_json_get_int64 (kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (sent, "3"), "inputs"), "seed"),
                                          &seeds[n_seeds++]));
    }
  g_assert_cmpuint (n_seeds, ==, 2);
  g_assert_cmpint (ABS (seeds[1] - seeds[0]), ==, 1);

  /* An output whose server wrote no workflow into it is still a workflow
   * to every command: the journal's, with the seed its job used. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], out_dir))
      {
        static const guint8 bare[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
        g_autofree char *expected = g_strdup_printf ("^3\\.seed +integer +%" G_GINT64_FORMAT, seeds[0]);
        g_auto(Run) inspect = { 0 };

        g_assert_true (g_file_set_contents (lines[i], (const char *) bare, sizeof bare, NULL));
        run_cli (&inspect, "inspect", lines[i], NULL);
        g_assert_cmpint (inspect.status, ==, 0);
        g_assert_true (g_regex_match_simple (expected, inspect.out, G_REGEX_MULTILINE, 0));
        break;
      }

  /* A file Kumo never saved: a clear error, exit 2. */
  {
    g_auto(Run) unknown = { 0 };

    run_cli (&unknown, "recall", workflow, NULL);
    g_assert_cmpint (unknown.status, ==, 2);
    g_assert_nonnull (strstr (unknown.err, "no record"));
  }
}

static gboolean
have_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;
  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &has_owner);
  return has_owner;
}

/* login checks a key with the server before it keeps it; run then uses
 * it without COMFY_CLOUD_API_KEY; logout removes it. */
static void
test_cli_login (void)
{
  g_autofree char *workflow = fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *out = g_build_filename (g_get_user_data_dir (), "run-login", NULL);
  g_auto(Emulator) emulator = { 0 };

  if (!have_keyring ())
    {
      g_test_skip ("no Secret Service on this session bus");
      return;
    }

  g_unsetenv ("COMFY_CLOUD_API_KEY");
  start_emulator (&emulator, "--flavor", "cloud", "--api-key", "right-key", NULL);

  /* A wrong key is refused and not kept. */
  {
    g_auto(Run) run = { 0 };

    run_cli_input (&run, "wrong-key\n", "login", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "did not accept the API key"));
    g_assert_null (strstr (run.err, "wrong-key"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "login", "--check", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 4);
  }
  /* The right one is kept, and run finds it. */
  {
    g_auto(Run) run = { 0 };

    run_cli_input (&run, "right-key\n", "login", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "right-key"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "run", workflow, "--server", emulator.url, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, ".png"));
  }
  /* Gone after logout. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "logout", "--server", emulator.url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
    run_cli (&run, "run", workflow, "--server", emulator.url, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 4);
  }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/cli/inspect-table", test_cli_inspect_table);
  g_test_add_func ("/kumo/cli/inspect-picture", test_cli_inspect_picture);
  g_test_add_func ("/kumo/cli/inspect-json", test_cli_inspect_json);
  g_test_add_func ("/kumo/cli/set-stdout", test_cli_set_stdout);
  g_test_add_func ("/kumo/cli/set-output-file", test_cli_set_output_file);
  g_test_add_func ("/kumo/cli/set-errors", test_cli_set_errors);
  g_test_add_func ("/kumo/cli/convert", test_cli_convert);
  g_test_add_func ("/kumo/cli/run-editor-format", test_cli_run_editor_format);
  g_test_add_func ("/kumo/cli/validate", test_cli_validate);
  g_test_add_func ("/kumo/cli/validate-clean", test_cli_validate_clean);
  g_test_add_func ("/kumo/cli/help", test_cli_help);
  g_test_add_func ("/kumo/cli/run-local", test_cli_run_local);
  g_test_add_func ("/kumo/cli/run-json", test_cli_run_json);
  g_test_add_func ("/kumo/cli/run-exit-codes", test_cli_run_exit_codes);
  g_test_add_func ("/kumo/cli/run-interrupted", test_cli_run_interrupted);
  g_test_add_func ("/kumo/cli/login", test_cli_login);
  g_test_add_func ("/kumo/cli/resume", test_cli_resume);
  g_test_add_func ("/kumo/cli/resume-whole-batch", test_cli_resume_whole_batch);
  g_test_add_func ("/kumo/cli/recall", test_cli_recall);
  g_test_add_func ("/kumo/cli/no-keyring", test_cli_no_keyring);
  g_test_add_func ("/kumo/cli/run-upload", test_cli_run_upload);

  return g_test_run ();
}
