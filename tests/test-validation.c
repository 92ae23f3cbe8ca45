/* test-validation.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-validation.h"
#include "kumo-test-catalog.h"

static KumoWorkflow *
workflow_from_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  KumoWorkflow *workflow = kumo_workflow_new_from_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  return workflow;
}

static const KumoProblem *
find_problem (GPtrArray  *problems,
              const char *node_id,
              const char *input_name)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const KumoProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->node_id, node_id) == 0 && g_strcmp0 (problem->input_name, input_name) == 0)
        return problem;
    }

  return NULL;
}

static void
assert_problem (GPtrArray  *problems,
                const char *node_id,
                const char *input_name,
                const char *type,
                const char *message_part)
{
  const KumoProblem *problem = find_problem (problems, node_id, input_name);

  if (problem == NULL)
    g_error ("no problem reported for %s.%s", node_id, input_name ? input_name : "");

  g_assert_cmpstr (problem->type, ==, type);
  if (message_part != NULL && strstr (problem->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", problem->message, message_part);
}

/* Core-node workflows are accepted as they are, apart from model files
 * the dump's owner did not have. */
static void
test_validation_default_workflow (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (KUMO_TEST_CATALOG_2026));

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "4", "ckpt_name", "value_not_in_list", "dreamshaper_8.safetensors");
}

/* Custom nodes the server lacks: missing_node_type, per node. */
static void
test_validation_missing_node_type (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "cogvideox_t2v_vhs_videocombine.json");
  g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (KUMO_TEST_CATALOG_2026));
  guint missing = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const KumoProblem *problem = g_ptr_array_index (problems, i);
      if (g_str_equal (problem->type, "missing_node_type"))
        {
          missing++;
          g_assert_null (problem->input_name);
          g_assert_nonnull (strstr (problem->message, problem->class_type));
        }
    }

  g_assert_cmpuint (missing, >, 0);
  /* With unknown classes there might be an output among them. */
  g_assert_null (find_problem (problems, NULL, NULL));
}

static void
test_validation_ranges (void)
{
  g_autoptr(KumoWorkflow) workflow = workflow_from_string (
    "{\"1\": {\"class_type\": \"EmptyLatentImage\", \"inputs\": {\"width\": 99999, \"height\": 0, \"batch_size\": \"two\"}},"
    " \"2\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 18446744073709551615, \"steps\": \"20\", \"cfg\": 100.5,"
    " \"sampler_name\": \"euler\", \"scheduler\": \"nope\", \"denoise\": 1, \"model\": [\"9\", 0], \"positive\": [\"1\", 0],"
    " \"negative\": [\"1\", 5], \"latent_image\": [\"1\", 0]}},"
    " \"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 18446744073709551616}}}");
  g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (KUMO_TEST_CATALOG_2026));

  assert_problem (problems, "1", "width", "value_bigger_than_max", "16384");
  assert_problem (problems, "1", "height", "value_smaller_than_min", "below the minimum of 16");
  assert_problem (problems, "1", "batch_size", "invalid_input_type", "whole number");
  /* The largest seed is allowed; one more is not. */
  g_assert_null (find_problem (problems, "2", "seed"));
  assert_problem (problems, "3", "seed", "value_bigger_than_max", "18446744073709551615");
  /* "20" converts like Python's int("20"). */
  g_assert_null (find_problem (problems, "2", "steps"));
  assert_problem (problems, "2", "cfg", "value_bigger_than_max", "100.5");
  assert_problem (problems, "2", "scheduler", "value_not_in_list", "nope");
  assert_problem (problems, "2", "model", "bad_linked_input", "not in the workflow");
  assert_problem (problems, "2", "positive", "return_type_mismatch", "LATENT");
  assert_problem (problems, "2", "negative", "bad_linked_input", "only 1 output.");
  assert_problem (problems, "3", "steps", "required_input_missing", "steps");
  assert_problem (problems, NULL, NULL, "prompt_no_outputs", NULL);
}

static void
test_validation_dynamic_inputs (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow (NULL, "dynamic-inputs.json");
  g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (KUMO_TEST_CATALOG_2026));

  assert_problem (problems, "1", "resize_type.longer_size", "value_bigger_than_max", "16384");
  assert_problem (problems, "2", "image", "value_not_in_list", "Upload it first");
  /* images.image1 takes IMAGE but gets MASK (LoadImage output 1). */
  assert_problem (problems, "3", "images.image1", "return_type_mismatch", "MASK");
  g_assert_null (find_problem (problems, "3", "images.image0"));
  /* The web UI's extra "upload" input is ignored, as the server does. */
  g_assert_null (find_problem (problems, "2", "upload"));
}

static void
test_validation_cycle (void)
{
  g_autoptr(KumoWorkflow) workflow = workflow_from_string (
    "{\"a\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"b\", 0], \"vae\": [\"c\", 2]}},"
    " \"b\": {\"class_type\": \"VAEEncode\", \"inputs\": {\"pixels\": [\"a\", 0], \"vae\": [\"c\", 2]}},"
    " \"c\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"x\"}},"
    " \"d\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"a\", 0], \"filename_prefix\": \"k\"}}}");
  g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (KUMO_TEST_CATALOG_2026));
  gboolean cycle = FALSE;

  for (guint i = 0; i < problems->len; i++)
    cycle |= g_str_equal (((KumoProblem *) g_ptr_array_index (problems, i))->type, "dependency_cycle");

  g_assert_true (cycle);
}

/* The same input validated through a field, as the editor does. */
static void
test_validation_single_input (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");
  g_autoptr(KumoProblem) ok = kumo_validate_input (workflow, sampler, "steps", catalog);
  g_autoptr(KumoProblem) bad = NULL;

  g_assert_null (ok);
  kumo_node_set_input (sampler, "steps", kumo_json_new_int (0));
  bad = kumo_validate_input (workflow, sampler, "steps", catalog);
  g_assert_nonnull (bad);
  g_assert_cmpstr (bad->type, ==, "value_smaller_than_min");
  g_assert_cmpstr (bad->node_id, ==, "3");
  g_assert_cmpstr (bad->class_type, ==, "KSampler");
}

/* Every real workflow validates against every dump without crashing. */
static void
test_validation_all_fixtures (void)
{
  g_autoptr(GPtrArray) files = kumo_test_list_fixtures ("api", NULL);
  const char *catalogs[] = { KUMO_TEST_CATALOG_2026, KUMO_TEST_CATALOG_2025, KUMO_TEST_CATALOG_LEGACY };

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (files, i));
      g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", name);

      for (guint j = 0; j < G_N_ELEMENTS (catalogs); j++)
        {
          g_autoptr(GPtrArray) problems = kumo_workflow_validate (workflow, kumo_test_catalog (catalogs[j]));

          for (guint k = 0; k < problems->len; k++)
            {
              const KumoProblem *problem = g_ptr_array_index (problems, k);
              g_assert_nonnull (problem->type);
              g_assert_nonnull (problem->message);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/validation/default-workflow", test_validation_default_workflow);
  g_test_add_func ("/kumo/validation/missing-node-type", test_validation_missing_node_type);
  g_test_add_func ("/kumo/validation/ranges", test_validation_ranges);
  g_test_add_func ("/kumo/validation/dynamic-inputs", test_validation_dynamic_inputs);
  g_test_add_func ("/kumo/validation/cycle", test_validation_cycle);
  g_test_add_func ("/kumo/validation/single-input", test_validation_single_input);
  g_test_add_func ("/kumo/validation/all-fixtures", test_validation_all_fixtures);

  return g_test_run ();
}
