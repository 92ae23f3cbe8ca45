/* test-workflow.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kumo-workflow.h"
#include "kumo-test-utils.h"

static KumoWorkflow *
load_fixture (const char *subdir,
              const char *name)
{
  g_autofree char *path = kumo_test_fixture_path (subdir, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KumoWorkflow *workflow = kumo_workflow_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workflow);
  return workflow;
}

/* All real API workflows load, and save back byte for byte. */
static void
test_workflow_fixtures_round_trip (void)
{
  g_autoptr(GPtrArray) files = kumo_test_list_fixtures ("api", NULL);

  g_assert_cmpuint (files->len, ==, 11);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_file (file, NULL, &error);
      g_autoptr(GBytes) original = kumo_test_load_bytes (path);
      g_autoptr(GBytes) saved = NULL;
      g_autofree char *tmp_path = g_build_filename (g_get_tmp_dir (), "saved.json", NULL);
      g_autoptr(GFile) tmp = g_file_new_for_path (tmp_path);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workflow)), >, 0);
      g_assert_false (kumo_workflow_get_modified (workflow));

      g_assert_true (kumo_workflow_save (workflow, tmp, NULL, &error));
      g_assert_no_error (error);
      saved = kumo_test_load_bytes (tmp_path);
      g_assert_true (g_bytes_equal (original, saved));
    }
}

static void
test_workflow_nodes (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(KumoNode) first = g_list_model_get_item (G_LIST_MODEL (workflow), 0);
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workflow)), ==, 7);
  g_assert_true (first == sampler);
  g_assert_cmpstr (kumo_node_get_class_type (sampler), ==, "KSampler");
  g_assert_cmpstr (kumo_node_get_title (sampler), ==, "KSampler");
  g_assert_cmpstr (kumo_json_get_number_text (kumo_node_get_input (sampler, "seed")), ==, "712610403220747");
  g_assert_true (kumo_json_is_link (kumo_node_get_input (sampler, "model"), NULL, NULL));
}

/* Subgraph ids and dotted input names are ordinary strings. */
static void
test_workflow_subgraph_ids (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "ltx25_i2v_savevideo_subgraph_ids_comfy-examples.json");
  KumoNode *save = kumo_workflow_get_node (workflow, "75");
  KumoNode *sub = kumo_workflow_get_node (workflow, "398:370");
  const char *source;
  gint64 slot;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workflow)), ==, 50);
  g_assert_nonnull (sub);
  g_assert_cmpstr (kumo_json_get_string (kumo_node_get_input (save, "format.codec")), ==, "auto");
  g_assert_true (kumo_json_is_link (kumo_node_get_input (save, "video"), &source, &slot));
  g_assert_cmpstr (source, ==, "398:370");
  g_assert_cmpint (slot, ==, 0);
}

static void
test_workflow_edit_and_save (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_img2img_loadimage.json");
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *original_path = kumo_test_fixture_path ("api", "sd15_img2img_loadimage.json");
  g_autofree char *original = NULL;
  g_auto(GStrv) halves = NULL;
  guint notified = 0;

  g_signal_connect_swapped (workflow, "notify::modified", G_CALLBACK (g_atomic_int_inc), &notified);

  kumo_node_set_input (sampler, "seed", kumo_json_new_number_text ("18446744073709551615"));
  g_assert_true (kumo_workflow_get_modified (workflow));
  g_assert_cmpuint (notified, ==, 1);

  /* Only the seed changes; 0.8700000000000001 and the layout stay. */
  g_file_get_contents (original_path, &original, NULL, NULL);
  halves = g_strsplit (original, "\"seed\": 895988836787787,", 2);
  expected = g_strjoinv ("\"seed\": 18446744073709551615,", halves);
  bytes = kumo_workflow_to_bytes (workflow);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_assert_nonnull (strstr (expected, "0.8700000000000001"));
}

static void
test_workflow_find_nodes (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GPtrArray) by_id = kumo_workflow_find_nodes (workflow, "6");
  g_autoptr(GPtrArray) by_title = kumo_workflow_find_nodes (workflow, "KSampler");
  g_autoptr(GPtrArray) ambiguous = kumo_workflow_find_nodes (workflow, "CLIP Text Encode (Prompt)");
  g_autoptr(GPtrArray) by_case = kumo_workflow_find_nodes (workflow, "empty latent image");
  g_autoptr(GPtrArray) none = kumo_workflow_find_nodes (workflow, "Nope");

  g_assert_cmpuint (by_id->len, ==, 1);
  g_assert_cmpuint (by_title->len, ==, 1);
  g_assert_cmpstr (kumo_node_get_id (g_ptr_array_index (by_title, 0)), ==, "3");
  g_assert_cmpuint (ambiguous->len, ==, 2);
  g_assert_cmpuint (by_case->len, ==, 1);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
assert_refused (const char *path,
                int         code,
                const char *message_part)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_file (file, NULL, &error);

  g_assert_null (workflow);
  g_assert_error (error, KUMO_WORKFLOW_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

/* Each bad file gets a message that names it, says what it is and what
 * to do. */
static void
test_workflow_refuses_bad_files (void)
{
  const struct { const char *name; int code; const char *part; } own[] = {
    { "empty.json", KUMO_WORKFLOW_ERROR_EMPTY, "“empty.json” is empty" },
    { "blank.json", KUMO_WORKFLOW_ERROR_EMPTY, "Export (API)" },
    { "truncated.json", KUMO_WORKFLOW_ERROR_NOT_JSON, "Line 6" },
    { "array.json", KUMO_WORKFLOW_ERROR_NOT_AN_OBJECT, "JSON list" },
    { "no-class-type.json", KUMO_WORKFLOW_ERROR_INVALID_NODE, "node “3” has no “class_type”" },
    { "node-not-object.json", KUMO_WORKFLOW_ERROR_INVALID_NODE, "“3” is not a node" },
    { "inputs-not-object.json", KUMO_WORKFLOW_ERROR_INVALID_NODE, "“inputs” of node “1”" },
    { "no-nodes.json", KUMO_WORKFLOW_ERROR_NO_NODES, "contains no nodes" },
    { "image.png", KUMO_WORKFLOW_ERROR_NOT_TEXT, "“image.png” carries no workflow" },
  };
  g_autoptr(GPtrArray) ui = kumo_test_list_fixtures ("ui", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    {
      g_autofree char *path = kumo_test_data_path (own[i].name);
      assert_refused (path, own[i].code, own[i].part);
    }

  g_assert_cmpuint (ui->len, ==, 2);
  for (guint i = 0; i < ui->len; i++)
    assert_refused (g_ptr_array_index (ui, i), KUMO_WORKFLOW_ERROR_UI_FORMAT, "connect to a server");
}

static void
test_workflow_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/workflow.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_file (file, NULL, &error);

  g_assert_null (workflow);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KumoWorkflow **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kumo_workflow_load_finish (result, &error);
  g_assert_no_error (error);
}

/* Loading happens in a thread; a 1,400-node graph is fine. */
static void
test_workflow_load_async_big (void)
{
  g_autofree char *text = kumo_test_make_big_workflow (1400);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "big.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KumoWorkflow) workflow = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  kumo_workflow_load_async (file, NULL, NULL, loaded_cb, &workflow);
  while (workflow == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workflow)), ==, 1400);
  g_assert_nonnull (kumo_workflow_get_node (workflow, "1399"));
}

/* A failed save leaves the document marked as changed. */
static void
test_workflow_save_failure (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/dir/out.json");
  g_autoptr(GError) error = NULL;

  kumo_node_set_input (kumo_workflow_get_node (workflow, "3"), "steps", kumo_json_new_int (30));
  g_assert_false (kumo_workflow_save (workflow, file, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (kumo_workflow_get_modified (workflow));
}

/* An edit made while a save is being written is not in the file: the
 * document stays changed, so it is not lost on close. An edit saved
 * clears the mark. */
static void
test_workflow_edit_during_save (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_txt2img_default.json");
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "edit-during-save.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  kumo_node_set_input (sampler, "steps", kumo_json_new_int (30));
  kumo_workflow_save_async (workflow, file, NULL, kumo_test_store_result_cb, &first);
  kumo_node_set_input (sampler, "steps", kumo_json_new_int (31));
  g_assert_true (kumo_workflow_save_finish (workflow, kumo_test_wait_result (&first), &error));
  g_assert_no_error (error);
  g_assert_true (kumo_workflow_get_modified (workflow));

  kumo_workflow_save_async (workflow, file, NULL, kumo_test_store_result_cb, &second);
  g_assert_true (kumo_workflow_save_finish (workflow, kumo_test_wait_result (&second), &error));
  g_assert_false (kumo_workflow_get_modified (workflow));
}

/* What a server said was wrong stays on its input until that input is
 * edited; the others stay. */
static void
test_workflow_reported_problems (void)
{
  g_autoptr(KumoWorkflow) workflow = load_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_problem_free);
  guint notified = 0;

  g_ptr_array_add (problems, kumo_problem_new ("4", "CheckpointLoaderSimple", "ckpt_name", "value_not_in_list",
                                               "Value not in list", "ckpt_name: 'x' not in []"));
  g_ptr_array_add (problems, kumo_problem_new ("3", "KSampler", "steps", "value_smaller_than_min",
                                               "Value 0 smaller than min of 1", "steps"));
  g_signal_connect_swapped (workflow, "notify::reported-problems", G_CALLBACK (g_atomic_int_inc), &notified);

  kumo_workflow_set_reported_problems (workflow, problems);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (kumo_workflow_get_reported_problem (workflow, "3", "steps")->message, ==,
                   "Value 0 smaller than min of 1");
  g_assert_null (kumo_workflow_get_reported_problem (workflow, "3", "cfg"));

  kumo_node_set_input (kumo_workflow_get_node (workflow, "3"), "steps", kumo_json_new_int (20));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (kumo_workflow_get_reported_problem (workflow, "3", "steps"));
  g_assert_nonnull (kumo_workflow_get_reported_problem (workflow, "4", "ckpt_name"));

  kumo_workflow_set_reported_problems (workflow, NULL);
  g_assert_null (kumo_workflow_get_reported_problem (workflow, "4", "ckpt_name"));
}

/* A node held after its workflow is gone is harmless. */
static void
test_workflow_node_outlives_workflow (void)
{
  KumoWorkflow *workflow = load_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(KumoNode) node = g_object_ref (kumo_workflow_get_node (workflow, "3"));

  g_assert_finalize_object (workflow);
  g_assert_cmpstr (kumo_node_get_class_type (node), ==, "");
  g_assert_null (kumo_node_get_input (node, "seed"));
}

/* A minimal PNG with @keyword's text chunk (NULL: none). */
static GFile *
write_picture (const char *name,
               const char *keyword,
               const char *text)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_byte_array_append (png, signature, 8);
  if (keyword != NULL)
    {
      guint32 length = strlen (keyword) + 1 + strlen (text);
      guint8 head[8] = { length >> 24, length >> 16, length >> 8, length, 't', 'E', 'X', 't' };
      guint8 crc[4] = { 0 };

      g_byte_array_append (png, head, 8);
      g_byte_array_append (png, (const guint8 *) keyword, strlen (keyword) + 1);
      g_byte_array_append (png, (const guint8 *) text, strlen (text));
      g_byte_array_append (png, crc, 4);
    }
  g_byte_array_append (png, iend, sizeof iend);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, NULL));
  return g_file_new_for_path (path);
}

/* A picture ComfyUI or Kumo saved opens as the workflow it carries; it
 * has no file of its own, so saving it never overwrites the picture. */
static void
test_workflow_from_picture (void)
{
  g_autoptr(GFile) picture = write_picture ("ComfyUI_00007_.png", "prompt",
                                            "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 42}}}");
  g_autoptr(GFile) editor_only = write_picture ("editor.png", "workflow", "{\"nodes\": [], \"links\": []}");
  g_autoptr(GFile) plain = write_picture ("plain.png", NULL, NULL);
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoWorkflow) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 seed = 0;

  workflow = kumo_workflow_new_from_file (picture, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kumo_workflow_get_file (workflow));
  title = kumo_workflow_dup_display_name (workflow);
  g_assert_cmpstr (title, ==, "ComfyUI_00007_.png");
  g_assert_true (kumo_json_get_int64 (kumo_node_get_input (kumo_workflow_get_node (workflow, "3"), "seed"), &seed));
  g_assert_cmpint (seed, ==, 42);

  none = kumo_workflow_new_from_file (editor_only, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT);
  g_clear_error (&error);

  none = kumo_workflow_new_from_file (plain, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, "carries no workflow"));
}

static KumoNodeCatalog *
editor_catalog (void)
{
  g_autofree char *path = kumo_test_data_path ("editor/object_info.json");
  g_autoptr(GBytes) bytes = kumo_test_load_bytes (path);
  g_autoptr(GError) error = NULL;
  KumoNodeCatalog *catalog = kumo_node_catalog_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return catalog;
}

/* With the server's catalog, an editor-format file and a picture that
 * carries only the editor's format open converted, without a file of
 * their own: saving asks for a new name, never the editor file's. */
static void
test_workflow_from_editor_format (void)
{
  g_autoptr(KumoNodeCatalog) catalog = editor_catalog ();
  g_autofree char *path = kumo_test_data_path ("editor/links.ui.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) ui = kumo_test_load_bytes (path);
  g_autofree char *ui_text = g_strndup (g_bytes_get_data (ui, NULL), g_bytes_get_size (ui));
  g_autoptr(GFile) picture = write_picture ("editor-only.png", "workflow", ui_text);
  g_autoptr(GFile) broken = write_picture ("broken.png", "workflow", "{\"nodes\": [{\"id\": 1, \"type\": \"Nope\"}], \"links\": []}");
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoWorkflow) from_picture = NULL;
  g_autoptr(KumoWorkflow) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  workflow = kumo_workflow_new_from_file_full (file, catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kumo_workflow_get_file (workflow));
  g_assert_nonnull (kumo_workflow_get_conversion_notes (workflow));
  g_assert_cmpuint (kumo_workflow_get_conversion_notes (workflow)->len, ==, 0);
  g_assert_cmpstr (kumo_node_get_class_type (kumo_workflow_get_node (workflow, "5")), ==, "Sampler");
  suggested = kumo_workflow_dup_suggested_name (workflow);
  g_assert_cmpstr (suggested, ==, "links.ui (API).json");

  /* Written as Export (API) writes: one member a line. */
  bytes = kumo_workflow_to_bytes (workflow);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_str_has_prefix (text, "{\n  \"1\": {\n"));

  from_picture = kumo_workflow_new_from_file_full (picture, catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kumo_workflow_get_node (from_picture, "13"));

  none = kumo_workflow_new_from_file_full (broken, catalog, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_MISSING_CLASSES);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_assert_nonnull (strstr (error->message, "broken.png"));
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/workflow/fixtures-round-trip", test_workflow_fixtures_round_trip);
  g_test_add_func ("/kumo/workflow/nodes", test_workflow_nodes);
  g_test_add_func ("/kumo/workflow/subgraph-ids", test_workflow_subgraph_ids);
  g_test_add_func ("/kumo/workflow/edit-and-save", test_workflow_edit_and_save);
  g_test_add_func ("/kumo/workflow/find-nodes", test_workflow_find_nodes);
  g_test_add_func ("/kumo/workflow/refuses-bad-files", test_workflow_refuses_bad_files);
  g_test_add_func ("/kumo/workflow/missing-file", test_workflow_missing_file);
  g_test_add_func ("/kumo/workflow/load-async-big", test_workflow_load_async_big);
  g_test_add_func ("/kumo/workflow/from-editor-format", test_workflow_from_editor_format);
  g_test_add_func ("/kumo/workflow/save-failure", test_workflow_save_failure);
  g_test_add_func ("/kumo/workflow/edit-during-save", test_workflow_edit_during_save);
  g_test_add_func ("/kumo/workflow/reported-problems", test_workflow_reported_problems);
  g_test_add_func ("/kumo/workflow/node-outlives-workflow", test_workflow_node_outlives_workflow);
  g_test_add_func ("/kumo/workflow/from-picture", test_workflow_from_picture);

  return g_test_run ();
}
