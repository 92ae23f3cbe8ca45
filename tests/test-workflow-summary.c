/* test-workflow-summary.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-test-utils.h"
#include "kumo-json.h"
#include "kumo-workflow-summary.h"

static const char before_json[] =
  "{\"3\": {\"class_type\": \"KSampler\", \"_meta\": {\"title\": \"Sampler\"},"
  "        \"inputs\": {\"seed\": 1234, \"cfg\": 7, \"steps\": 20, \"model\": [\"4\", 0]}},"
  " \"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"v1-5.safetensors\"}},"
  " \"6\": {\"class_type\": \"CLIPTextEncode\", \"_meta\": {\"title\": \"Positive\"},"
  "        \"inputs\": {\"text\": \"a red fox, in the snow\", \"clip\": [\"4\", 1]}},"
  " \"10\": {\"class_type\": \"SaveImage\", \"inputs\": {\"filename_prefix\": \"Kumo\"}}}";

static const char after_json[] =
  "{\"3\": {\"class_type\": \"KSampler\", \"_meta\": {\"title\": \"Sampler\"},"
  "        \"inputs\": {\"seed\": 1235, \"cfg\": 8, \"steps\": 20, \"model\": [\"11\", 0]}},"
  " \"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"v1-5.safetensors\"}},"
  " \"6\": {\"class_type\": \"CLIPTextEncode\", \"_meta\": {\"title\": \"Positive\"},"
  "        \"inputs\": {\"text\": \"a white fox, in the snow at dusk\", \"clip\": [\"4\", 1]}},"
  " \"11\": {\"class_type\": \"LoraLoader\", \"inputs\": {\"strength_model\": 0.8}}}";

/* What the viewer lists of a job: its seeds and prompts, by node. */
static void
test_summary_seeds_and_prompts (void)
{
  g_autoptr(KumoWorkflowSummary) summary = kumo_workflow_summarize (before_json, strlen (before_json));
  KumoWorkflowValue *value;

  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->seeds->len, ==, 1);
  value = g_ptr_array_index (summary->seeds, 0);
  g_assert_cmpstr (value->node_title, ==, "Sampler");
  g_assert_cmpstr (value->value, ==, "1234");

  /* The model's file name is not a prompt; the encoder's text is. */
  g_assert_cmpuint (summary->prompts->len, ==, 1);
  value = g_ptr_array_index (summary->prompts, 0);
  g_assert_cmpstr (value->node_title, ==, "Positive");
  g_assert_cmpstr (value->input, ==, "text");
  g_assert_cmpstr (value->value, ==, "a red fox, in the snow");

  g_assert_true (kumo_search_text_matches (summary->search_text, "Red FOX"));
  g_assert_true (kumo_search_text_matches (summary->search_text, "1234"));
  g_assert_false (kumo_search_text_matches (summary->search_text, "safetensors"));

  g_assert_null (kumo_workflow_summarize ("[1, 2]", 6));
  g_assert_null (kumo_workflow_summarize ("{\"", 2));
}

static KumoWorkflowChange *
find_change (GPtrArray  *changes,
             const char *node_id,
             const char *input)
{
  for (guint i = 0; i < changes->len; i++)
    {
      KumoWorkflowChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->node_id, node_id) && g_strcmp0 (change->input, input) == 0)
        return change;
    }
  return NULL;
}

/* Compare lists what differs between two jobs: changed values, the
 * words a prompt lost and gained, and nodes only one of them has. */
static void
test_summary_diff (void)
{
  g_autoptr(GBytes) before = g_bytes_new_static (before_json, strlen (before_json));
  g_autoptr(GBytes) after = g_bytes_new_static (after_json, strlen (after_json));
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  KumoWorkflowChange *change;

  changes = kumo_workflow_diff (before, after, &error);
  g_assert_no_error (error);

  /* seed, cfg, text, node 10 gone, node 11 new; the rewired model link
   * and the unchanged steps are not listed. */
  g_assert_cmpuint (changes->len, ==, 5);

  change = find_change (changes, "3", "seed");
  g_assert_nonnull (change);
  g_assert_cmpstr (change->node_title, ==, "Sampler");
  g_assert_cmpstr (change->before, ==, "1234");
  g_assert_cmpstr (change->after, ==, "1235");
  g_assert_nonnull (find_change (changes, "3", "cfg"));
  g_assert_null (find_change (changes, "3", "model"));
  g_assert_null (find_change (changes, "3", "steps"));

  change = find_change (changes, "6", "text");
  g_assert_nonnull (change);
  g_assert_cmpstrv (change->removed_words, ((const char *[]) { "red", NULL }));
  g_assert_cmpstrv (change->added_words, ((const char *[]) { "white", "at", "dusk", NULL }));

  change = find_change (changes, "10", NULL);
  g_assert_nonnull (change);
  g_assert_cmpstr (change->before, ==, "SaveImage");
  g_assert_null (change->after);
  change = find_change (changes, "11", NULL);
  g_assert_nonnull (change);
  g_assert_null (change->before);

  /* Nodes come in the server's order: 3, 6, 10, 11. */
  g_assert_cmpstr (((KumoWorkflowChange *) g_ptr_array_index (changes, 0))->node_id, ==, "3");
  g_assert_cmpstr (((KumoWorkflowChange *) g_ptr_array_index (changes, 4))->node_id, ==, "11");

  none = kumo_workflow_diff (before, before, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The window compares off the main loop: the same changes, and a broken
 * journal copy is an error, not a crash. */
static void
test_summary_diff_async (void)
{
  g_autoptr(GBytes) before = g_bytes_new_static (before_json, strlen (before_json));
  g_autoptr(GBytes) after = g_bytes_new_static (after_json, strlen (after_json));
  g_autoptr(GBytes) broken = g_bytes_new_static ("[1, 2", 5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  kumo_workflow_diff_async (before, after, NULL, kumo_test_store_result_cb, &result);
  changes = kumo_workflow_diff_finish (kumo_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 5);
  g_assert_nonnull (find_change (changes, "3", "seed"));

  kumo_workflow_diff_async (before, broken, NULL, kumo_test_store_result_cb, &failed);
  g_assert_null (kumo_workflow_diff_finish (kumo_test_wait_result (&failed), &error));
  g_assert_error (error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_SYNTAX);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/workflow-summary/seeds-and-prompts", test_summary_seeds_and_prompts);
  g_test_add_func ("/workflow-summary/diff", test_summary_diff);
  g_test_add_func ("/workflow-summary/diff-async", test_summary_diff_async);

  return g_test_run ();
}
