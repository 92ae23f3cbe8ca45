/* test-field.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-field.h"
#include "kumo-test-catalog.h"

static KumoField *
find_field (GPtrArray  *fields,
            const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (kumo_field_get_name (g_ptr_array_index (fields, i)), name) == 0)
      return g_ptr_array_index (fields, i);

  g_error ("no field %s", name);
  return NULL;
}

/* The kinds the editor needs for the classic SD1.5 graph. */
static void
test_field_kinds_with_catalog (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  g_autoptr(GPtrArray) sampler = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "3"), catalog);
  g_autoptr(GPtrArray) prompt = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "6"), catalog);
  g_autoptr(GPtrArray) loader = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "4"), catalog);
  const char *order[] = { "model", "seed", "steps", "cfg", "sampler_name", "scheduler",
                          "positive", "negative", "latent_image", "denoise" };

  g_assert_cmpuint (sampler->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (kumo_field_get_name (g_ptr_array_index (sampler, i)), ==, order[i]);

  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "seed")), ==, KUMO_FIELD_INTEGER);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "cfg")), ==, KUMO_FIELD_FLOAT);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "denoise")), ==, KUMO_FIELD_FLOAT);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "sampler_name")), ==, KUMO_FIELD_CHOICE);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "model")), ==, KUMO_FIELD_LINK);
  g_assert_cmpint (kumo_field_get_kind (find_field (prompt, "text")), ==, KUMO_FIELD_MULTILINE_TEXT);
  g_assert_cmpint (kumo_field_get_kind (find_field (loader, "ckpt_name")), ==, KUMO_FIELD_CHOICE);

  g_assert_nonnull (kumo_field_get_tooltip (find_field (sampler, "seed")));
  g_assert_true (kumo_field_is_known (find_field (sampler, "seed")));
  g_assert_cmpuint (kumo_field_get_digits (find_field (sampler, "cfg")), ==, 2);
  g_assert_cmpuint (kumo_field_get_digits (find_field (sampler, "seed")), ==, 0);
}

/* Without a catalog every workflow still opens, with guessed kinds. */
static void
test_field_kinds_inferred (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_img2img_loadimage.json");
  g_autoptr(GPtrArray) sampler = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "3"), NULL);
  g_autoptr(GPtrArray) image = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "10"), NULL);
  KumoField *denoise = find_field (sampler, "denoise");

  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "seed")), ==, KUMO_FIELD_INTEGER);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "cfg")), ==, KUMO_FIELD_INTEGER);
  g_assert_cmpint (kumo_field_get_kind (denoise), ==, KUMO_FIELD_FLOAT);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "sampler_name")), ==, KUMO_FIELD_TEXT);
  g_assert_cmpint (kumo_field_get_kind (find_field (sampler, "model")), ==, KUMO_FIELD_LINK);
  g_assert_cmpint (kumo_field_get_kind (find_field (image, "image")), ==, KUMO_FIELD_TEXT);
  g_assert_false (kumo_field_is_known (denoise));
  g_assert_null (kumo_field_get_tooltip (denoise));
  /* 0.8700000000000001 reads as 0.87: float noise is not a decimal. */
  g_assert_cmpuint (kumo_field_get_digits (denoise), ==, 2);
}

/* Dynamic sub-inputs follow their parent and use their own label; an
 * input the class does not know goes to the advanced section. */
static void
test_field_dynamic_and_unknown (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow (NULL, "dynamic-inputs.json");
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  g_autoptr(GPtrArray) resize = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "1"), catalog);
  g_autoptr(GPtrArray) load = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "2"), catalog);
  g_autoptr(GPtrArray) batch = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "3"), catalog);
  KumoField *longer;

  g_assert_cmpuint (resize->len, ==, 4);
  g_assert_cmpstr (kumo_field_get_name (g_ptr_array_index (resize, 1)), ==, "resize_type");
  g_assert_cmpstr (kumo_field_get_name (g_ptr_array_index (resize, 2)), ==, "resize_type.longer_size");
  longer = g_ptr_array_index (resize, 2);
  g_assert_cmpstr (kumo_field_get_label (longer), ==, "longer_size");
  g_assert_cmpint (kumo_field_get_kind (longer), ==, KUMO_FIELD_INTEGER);
  g_assert_cmpint (kumo_field_get_kind (g_ptr_array_index (resize, 1)), ==, KUMO_FIELD_CHOICE);

  g_assert_cmpint (kumo_field_get_kind (find_field (load, "image")), ==, KUMO_FIELD_IMAGE);
  g_assert_false (kumo_field_get_advanced (find_field (load, "image")));
  g_assert_true (kumo_field_get_advanced (find_field (load, "upload")));

  g_assert_cmpuint (batch->len, ==, 2);
  g_assert_cmpstr (kumo_field_get_label (g_ptr_array_index (batch, 1)), ==, "image1");
  g_assert_cmpint (kumo_field_get_kind (g_ptr_array_index (batch, 1)), ==, KUMO_FIELD_LINK);
}

/* A required input the node lacks is listed, so the editor can show it. */
static void
test_field_missing_required (void)
{
  const char *json = "{\"1\": {\"class_type\": \"EmptyLatentImage\", \"inputs\": {\"width\": 512}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_bytes (bytes, NULL, NULL);
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "1"), catalog);

  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_null (kumo_field_get_value (find_field (fields, "height")));
  g_assert_cmpint (kumo_field_get_kind (find_field (fields, "height")), ==, KUMO_FIELD_INTEGER);
}

static void
test_field_set_from_string (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");
  g_autoptr(KumoField) seed = kumo_field_new (workflow, sampler, "seed", NULL);
  g_autoptr(KumoField) cfg = kumo_field_new (workflow, sampler, "cfg", kumo_test_catalog (KUMO_TEST_CATALOG_2026));
  g_autoptr(KumoField) name = kumo_field_new (workflow, sampler, "sampler_name", NULL);
  g_autoptr(KumoField) model = kumo_field_new (workflow, sampler, "model", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint notified = 0;

  g_signal_connect_swapped (seed, "notify::value", G_CALLBACK (g_atomic_int_inc), &notified);

  g_assert_true (kumo_field_set_from_string (seed, "18446744073709551615", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kumo_json_get_number_text (kumo_field_get_value (seed)), ==, "18446744073709551615");
  g_assert_cmpuint (notified, ==, 1);

  g_assert_false (kumo_field_set_from_string (seed, "1.5", &error));
  g_assert_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);
  g_assert_false (kumo_field_set_from_string (seed, "abc", &error));
  g_clear_error (&error);

  g_assert_true (kumo_field_set_from_string (cfg, "7.5", &error));
  g_assert_cmpfloat (kumo_json_get_double (kumo_field_get_value (cfg)), ==, 7.5);
  g_assert_false (kumo_field_set_from_string (cfg, "seven", &error));
  g_clear_error (&error);

  g_assert_true (kumo_field_set_from_string (name, "dpmpp_2m", &error));
  g_assert_cmpstr (kumo_json_get_string (kumo_field_get_value (name)), ==, "dpmpp_2m");

  g_assert_true (kumo_field_set_from_string (model, "[\"4\", 1]", &error));
  text = kumo_field_dup_value_text (model);
  g_assert_cmpstr (text, ==, "<- 4[1]");
  g_assert_false (kumo_field_set_from_string (model, "[\"4\", ", &error));
  g_clear_error (&error);

  /* Setting the same value again is no change at all. */
  kumo_workflow_set_modified (workflow, FALSE);
  g_assert_true (kumo_field_set_from_string (name, "dpmpp_2m", &error));
  g_assert_false (kumo_workflow_get_modified (workflow));
}

static void
test_field_booleans (void)
{
  const char *json = "{\"1\": {\"class_type\": \"X\", \"inputs\": {\"flag\": true}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_bytes (bytes, NULL, NULL);
  g_autoptr(KumoField) flag = kumo_field_new (workflow, kumo_workflow_get_node (workflow, "1"), "flag", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kumo_field_get_kind (flag), ==, KUMO_FIELD_BOOLEAN);
  g_assert_true (kumo_field_set_from_string (flag, "off", &error));
  g_assert_false (kumo_json_get_boolean (kumo_field_get_value (flag)));
  g_assert_false (kumo_field_set_from_string (flag, "maybe", &error));
  g_assert_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE);
}

/* Any input name works, even one that is no valid signal detail. */
static void
test_field_odd_names (void)
{
  const char *json = "{\"1\": {\"class_type\": \"X\", \"inputs\": {\"\": 1, \"a::b\": 2}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_bytes (bytes, NULL, NULL);
  KumoNode *node = kumo_workflow_get_node (workflow, "1");
  g_autoptr(KumoField) empty = kumo_field_new (workflow, node, "", NULL);
  g_autoptr(KumoField) colons = kumo_field_new (workflow, node, "a::b", NULL);
  guint notified = 0;

  g_signal_connect_swapped (empty, "notify::value", G_CALLBACK (g_atomic_int_inc), &notified);
  g_assert_true (kumo_field_set_from_string (empty, "5", NULL));
  g_assert_true (kumo_field_set_from_string (colons, "6", NULL));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (kumo_json_get_number_text (kumo_field_get_value (empty)), ==, "5");
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/field/kinds-with-catalog", test_field_kinds_with_catalog);
  g_test_add_func ("/kumo/field/kinds-inferred", test_field_kinds_inferred);
  g_test_add_func ("/kumo/field/dynamic-and-unknown", test_field_dynamic_and_unknown);
  g_test_add_func ("/kumo/field/missing-required", test_field_missing_required);
  g_test_add_func ("/kumo/field/set-from-string", test_field_set_from_string);
  g_test_add_func ("/kumo/field/booleans", test_field_booleans);
  g_test_add_func ("/kumo/field/odd-names", test_field_odd_names);

  return g_test_run ();
}
