/* test-node-catalog.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-test-catalog.h"

static const KumoInputSpec *
input_of (KumoNodeCatalog *catalog,
          const char      *class_type,
          const char      *name)
{
  const KumoNodeDef *def = kumo_node_catalog_lookup (catalog, class_type);
  const KumoInputSpec *spec;

  g_assert_nonnull (def);
  spec = kumo_node_def_find_input (def, name, NULL, NULL);
  g_assert_nonnull (spec);
  return spec;
}

static void
test_catalog_sizes (void)
{
  g_assert_cmpuint (kumo_node_catalog_get_n_classes (kumo_test_catalog (KUMO_TEST_CATALOG_2026)), ==, 1686);
  g_assert_cmpuint (kumo_node_catalog_get_n_classes (kumo_test_catalog (KUMO_TEST_CATALOG_2025)), ==, 496);
  g_assert_cmpuint (kumo_node_catalog_get_n_classes (kumo_test_catalog (KUMO_TEST_CATALOG_LEGACY)), ==, 568);
}

/* The seed range survives json-glib's 64-bit wrap (docs/protocol.md §2.4). */
static void
test_catalog_ksampler (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  const KumoNodeDef *def = kumo_node_catalog_lookup (catalog, "KSampler");
  const KumoInputSpec *seed = input_of (catalog, "KSampler", "seed");
  const KumoInputSpec *cfg = input_of (catalog, "KSampler", "cfg");
  const KumoInputSpec *sampler = input_of (catalog, "KSampler", "sampler_name");
  const KumoInputSpec *model = input_of (catalog, "KSampler", "model");
  const char *order[] = { "model", "seed", "steps", "cfg", "sampler_name", "scheduler",
                          "positive", "negative", "latent_image", "denoise" };

  g_assert_cmpstr (kumo_node_def_get_title (def), ==, "KSampler");
  g_assert_cmpuint (def->inputs->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((KumoInputSpec *) g_ptr_array_index (def->inputs, i))->name, ==, order[i]);

  g_assert_cmpint (seed->type, ==, KUMO_INPUT_TYPE_INT);
  g_assert_true (seed->control_after_generate);
  g_assert_true (seed->has_max && seed->max.is_integer);
  g_assert_cmpuint (seed->max.magnitude, ==, G_MAXUINT64);
  g_assert_false (seed->max.negative);

  g_assert_cmpint (cfg->type, ==, KUMO_INPUT_TYPE_FLOAT);
  g_assert_cmpfloat (cfg->step, ==, 0.1);
  g_assert_cmpfloat (cfg->round, ==, 0.01);
  g_assert_cmpfloat (cfg->max.value, ==, 100.0);

  g_assert_cmpint (sampler->type, ==, KUMO_INPUT_TYPE_COMBO);
  g_assert_cmpuint (sampler->options->len, >, 10);
  g_assert_nonnull (sampler->tooltip);

  g_assert_cmpint (model->type, ==, KUMO_INPUT_TYPE_SOCKET);
  g_assert_cmpstr (model->type_name, ==, "MODEL");
  g_assert_cmpstr (def->output_types[0], ==, "LATENT");
}

static void
test_catalog_widgets (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  const KumoInputSpec *text = input_of (catalog, "CLIPTextEncode", "text");
  const KumoInputSpec *image = input_of (catalog, "LoadImage", "image");
  const KumoInputSpec *format = input_of (catalog, "SaveVideo", "format");
  const KumoInputSpec *color = input_of (catalog, "EmptyImage", "color");
  const KumoNodeDef *save = kumo_node_catalog_lookup (catalog, "SaveVideo");
  const KumoNodeDef *gemini = kumo_node_catalog_lookup (catalog, "GeminiImage2Node");

  g_assert_true (text->multiline);
  g_assert_true (text->dynamic_prompts);
  g_assert_cmpint (image->upload, ==, KUMO_UPLOAD_IMAGE);
  g_assert_cmpint (format->type, ==, KUMO_INPUT_TYPE_COMBO);
  g_assert_cmpuint (format->options->len, ==, 2);
  g_assert_false (format->multiselect);
  g_assert_cmpstr (color->display, ==, "color");

  g_assert_true (save->output_node);
  g_assert_cmpuint (save->hidden_inputs->len, ==, 2);
  g_assert_true (gemini->api_node);
  g_assert_false (kumo_node_catalog_lookup (catalog, "KSampler")->api_node);
}

static void
test_catalog_boolean_labels (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  const KumoInputSpec *toggle = input_of (catalog, "easy loraSwitcher", "toggle");
  const KumoInputSpec *add_noise = input_of (catalog, "KSamplerAdvanced", "add_noise");

  g_assert_cmpint (toggle->type, ==, KUMO_INPUT_TYPE_BOOLEAN);
  g_assert_cmpstr (toggle->label_on, ==, "on");
  g_assert_cmpstr (toggle->label_off, ==, "off");
  g_assert_true (add_noise->advanced);
}

/* V3 dynamic inputs: "resize_type.longer_size" follows the chosen option,
 * "images.image3" is an autogrow slot. */
static void
test_catalog_dynamic_inputs (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  const KumoNodeDef *resize = kumo_node_catalog_lookup (catalog, "ResizeImageMaskNode");
  const KumoNodeDef *batch = kumo_node_catalog_lookup (catalog, "BatchImagesNode");
  const KumoInputSpec *resize_type = kumo_node_def_find_input (resize, "resize_type", NULL, NULL);
  const KumoInputSpec *parent = NULL;
  const KumoInputSpec *spec;
  g_autoptr(KumoJson) inputs = kumo_json_parse_data ("{\"resize_type\": \"scale width\"}", -1, NULL);

  g_assert_cmpint (resize_type->type, ==, KUMO_INPUT_TYPE_DYNAMIC_COMBO);
  g_assert_cmpuint (resize_type->dynamic_options->len, >=, 7);
  g_assert_cmpuint (resize_type->options->len, ==, resize_type->dynamic_options->len);

  spec = kumo_node_def_find_input (resize, "resize_type.longer_size", NULL, &parent);
  g_assert_nonnull (spec);
  g_assert_true (parent == resize_type);
  g_assert_cmpint (spec->type, ==, KUMO_INPUT_TYPE_INT);
  g_assert_cmpuint (spec->max.magnitude, ==, 16384);

  /* "width" exists under two options; the chosen one wins. */
  spec = kumo_node_def_find_input (resize, "resize_type.width", inputs, NULL);
  g_assert_nonnull (spec);
  g_assert_nonnull (strstr (spec->tooltip, "Height auto-adjusts"));

  spec = kumo_node_def_find_input (batch, "images.image3", NULL, &parent);
  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->type_name, ==, "IMAGE");
  g_assert_cmpstr (parent->autogrow_prefix, ==, "image");
  g_assert_cmpint (parent->autogrow_max, ==, 50);

  g_assert_null (kumo_node_def_find_input (batch, "images.picture1", NULL, NULL));
  g_assert_null (kumo_node_def_find_input (batch, "nope", NULL, NULL));
}

/* Older dumps: no COMBO type, hidden inputs as strings, no api_node. */
static void
test_catalog_legacy (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_LEGACY);
  const KumoNodeDef *vhs = kumo_node_catalog_lookup (catalog, "VHS_VideoCombine");
  const KumoInputSpec *scheduler = input_of (catalog, "KSampler", "scheduler");

  g_assert_nonnull (vhs);
  g_assert_true (vhs->output_node);
  g_assert_cmpint (scheduler->type, ==, KUMO_INPUT_TYPE_COMBO);
  g_assert_cmpuint (kumo_node_catalog_lookup (catalog, "SaveImage")->hidden_inputs->len, ==, 2);
}

static void
test_catalog_cache (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2025);
  g_autoptr(GFile) file = kumo_node_catalog_cache_file ("https://cloud.comfy.org");
  g_autoptr(GFile) other = kumo_node_catalog_cache_file ("http://127.0.0.1:8188");
  g_autoptr(KumoNodeCatalog) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  g_assert_false (g_file_equal (file, other));
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));

  g_assert_true (kumo_node_catalog_save_cache (catalog, "https://cloud.comfy.org", NULL, &error));
  g_assert_no_error (error);

  reloaded = kumo_node_catalog_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kumo_node_catalog_get_n_classes (reloaded), ==, 496);
  g_assert_true (g_bytes_equal (kumo_node_catalog_get_bytes (reloaded), kumo_node_catalog_get_bytes (catalog)));
}

static void
test_catalog_invalid (void)
{
  const char *bad[] = { "", "[1, 2]", "{\"a\": 1}", "{\"KSampler\": " };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(KumoNodeCatalog) catalog = kumo_node_catalog_new_from_bytes (bytes, &error);

      g_assert_null (catalog);
      g_assert_error (error, KUMO_NODE_CATALOG_ERROR, KUMO_NODE_CATALOG_ERROR_INVALID);
    }
}

/* Odd but valid specs: no options element, numbers as combo choices. */
static void
test_catalog_odd_specs (void)
{
  const char *json =
    "{\"N\": {\"input\": {\"required\": {\"a\": [\"CLIP\"], \"b\": [[1, 2, 4]], \"c\": [\"INT\", {\"round\": false, \"control_after_generate\": \"fixed\"}], \"d\": 5},"
    " \"optional\": {\"e\": [\"STRING\", {\"toolip\": \"typo\", \"forceInput\": true}]}, \"hidden\": {\"u\": [\"UNIQUE_ID\"], \"k\": \"API_KEY_COMFY_ORG\"}},"
    " \"output\": [[\"x\", \"y\"], \"IMAGE\"]}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoNodeCatalog) catalog = kumo_node_catalog_new_from_bytes (bytes, &error);
  const KumoNodeDef *def;
  const KumoInputSpec *spec;
  g_autoptr(KumoJson) two = kumo_json_new_int (2);

  g_assert_no_error (error);
  def = kumo_node_catalog_lookup (catalog, "N");
  g_assert_cmpuint (def->inputs->len, ==, 4);
  g_assert_true (def->api_node);
  g_assert_cmpstr (def->output_types[0], ==, "COMBO");
  g_assert_cmpstr (def->output_types[1], ==, "IMAGE");

  spec = kumo_node_def_find_input (def, "b", NULL, NULL);
  g_assert_true (kumo_input_spec_has_option (spec, two));
  spec = kumo_node_def_find_input (def, "c", NULL, NULL);
  g_assert_false (spec->has_round);
  g_assert_cmpstr (spec->control_default, ==, "fixed");
  spec = kumo_node_def_find_input (def, "e", NULL, NULL);
  g_assert_cmpstr (spec->tooltip, ==, "typo");
  g_assert_true (spec->force_input);
  g_assert_cmpint (spec->section, ==, KUMO_INPUT_OPTIONAL);
  g_assert_null (kumo_node_def_find_input (def, "d", NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/node-catalog/sizes", test_catalog_sizes);
  g_test_add_func ("/kumo/node-catalog/ksampler", test_catalog_ksampler);
  g_test_add_func ("/kumo/node-catalog/widgets", test_catalog_widgets);
  g_test_add_func ("/kumo/node-catalog/boolean-labels", test_catalog_boolean_labels);
  g_test_add_func ("/kumo/node-catalog/dynamic-inputs", test_catalog_dynamic_inputs);
  g_test_add_func ("/kumo/node-catalog/legacy", test_catalog_legacy);
  g_test_add_func ("/kumo/node-catalog/cache", test_catalog_cache);
  g_test_add_func ("/kumo/node-catalog/invalid", test_catalog_invalid);
  g_test_add_func ("/kumo/node-catalog/odd-specs", test_catalog_odd_specs);

  return g_test_run ();
}
