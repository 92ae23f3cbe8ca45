/* test-emulator-validate.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-emulator-validate.h"
#include "kumo-json.h"
#include "kumo-test-utils.h"

/*
 * The emulator's validator must answer as ComfyUI's execution.py does:
 * these are the shapes and the words a real server sends back.
 */

/* A few core classes, as GET /object_info serves them. */
static const char object_info_text[] =
  "{"
  "\"CheckpointLoaderSimple\": {\"input\": {\"required\": {\"ckpt_name\": [[\"a.safetensors\", \"b.safetensors\"], "
  "    {\"tooltip\": \"The name of the checkpoint (model) to load.\"}]}},"
  "  \"input_order\": {\"required\": [\"ckpt_name\"]},"
  "  \"output\": [\"MODEL\", \"CLIP\", \"VAE\"], \"output_is_list\": [false, false, false],"
  "  \"output_name\": [\"MODEL\", \"CLIP\", \"VAE\"], \"name\": \"CheckpointLoaderSimple\","
  "  \"display_name\": \"Load Checkpoint\", \"category\": \"loaders\", \"output_node\": false},"
  "\"KSampler\": {\"input\": {\"required\": {"
  "    \"model\": [\"MODEL\", {}],"
  "    \"seed\": [\"INT\", {\"default\": 0, \"min\": 0, \"max\": 18446744073709551615, \"control_after_generate\": true}],"
  "    \"steps\": [\"INT\", {\"default\": 20, \"min\": 1, \"max\": 10000}],"
  "    \"cfg\": [\"FLOAT\", {\"default\": 8.0, \"min\": 0.0, \"max\": 100.0, \"step\": 0.1, \"round\": 0.01}],"
  "    \"sampler_name\": [[\"euler\", \"euler_ancestral\", \"dpmpp_2m\"], {}],"
  "    \"scheduler\": [[\"normal\", \"karras\"], {}],"
  "    \"positive\": [\"CONDITIONING\", {}], \"negative\": [\"CONDITIONING\", {}],"
  "    \"latent_image\": [\"LATENT\", {}],"
  "    \"denoise\": [\"FLOAT\", {\"default\": 1.0, \"min\": 0.0, \"max\": 1.0, \"step\": 0.01}]}},"
  "  \"output\": [\"LATENT\"], \"name\": \"KSampler\", \"output_node\": false},"
  "\"CLIPTextEncode\": {\"input\": {\"required\": {\"text\": [\"STRING\", {\"multiline\": true, \"dynamicPrompts\": true}],"
  "    \"clip\": [\"CLIP\", {}]}}, \"output\": [\"CONDITIONING\"], \"output_node\": false},"
  "\"EmptyLatentImage\": {\"input\": {\"required\": {"
  "    \"width\": [\"INT\", {\"default\": 512, \"min\": 16, \"max\": 16384, \"step\": 8}],"
  "    \"height\": [\"INT\", {\"default\": 512, \"min\": 16, \"max\": 16384, \"step\": 8}],"
  "    \"batch_size\": [\"INT\", {\"default\": 1, \"min\": 1, \"max\": 4096}]}},"
  "  \"output\": [\"LATENT\"], \"output_node\": false},"
  "\"VAEDecode\": {\"input\": {\"required\": {\"samples\": [\"LATENT\", {}], \"vae\": [\"VAE\", {}]}},"
  "  \"output\": [\"IMAGE\"], \"output_node\": false},"
  "\"SaveImage\": {\"input\": {\"required\": {\"images\": [\"IMAGE\", {}],"
  "    \"filename_prefix\": [\"STRING\", {\"default\": \"ComfyUI\"}]},"
  "    \"hidden\": {\"prompt\": \"PROMPT\", \"extra_pnginfo\": \"EXTRA_PNGINFO\"}},"
  "  \"output\": [], \"output_node\": true},"
  "\"PreviewImage\": {\"input\": {\"required\": {\"images\": [\"IMAGE\", {}]},"
  "    \"hidden\": {\"prompt\": \"PROMPT\", \"extra_pnginfo\": \"EXTRA_PNGINFO\"}},"
  "  \"output\": [], \"output_node\": true},"
  "\"LoadImage\": {\"input\": {\"required\": {\"image\": [[\"example.png\"], {\"image_upload\": true}]}},"
  "  \"output\": [\"IMAGE\", \"MASK\"], \"output_node\": false},"
  "\"LoraLoaderModelOnly\": {\"input\": {\"required\": {\"model\": [\"MODEL\", {}],"
  "    \"lora_name\": [[\"l01\", \"l02\", \"l03\", \"l04\", \"l05\", \"l06\", \"l07\", \"l08\", \"l09\", \"l10\","
  "                    \"l11\", \"l12\", \"l13\", \"l14\", \"l15\", \"l16\", \"l17\", \"l18\", \"l19\", \"l20\", \"l21\"], {}],"
  "    \"strength_model\": [\"FLOAT\", {\"default\": 1.0, \"min\": -100.0, \"max\": 100.0, \"step\": 0.01}]}},"
  "  \"output\": [\"MODEL\"], \"output_node\": false},"
  "\"BatchImagesNode\": {\"input\": {\"required\": {\"images\": [\"COMFY_AUTOGROW_V3\", {\"template\": {"
  "    \"input\": {\"required\": {\"image\": [\"IMAGE\", {}]}}, \"prefix\": \"image\", \"min\": 1, \"max\": 50}}]}},"
  "  \"output\": [\"IMAGE\"], \"output_node\": false},"
  "\"ResizeImage\": {\"input\": {\"required\": {\"image\": [\"IMAGE\", {}],"
  "    \"mode\": [\"COMFY_DYNAMICCOMBO_V3\", {\"options\": ["
  "      {\"key\": \"scale\", \"inputs\": {\"required\": {\"factor\": [\"FLOAT\", {\"min\": 0.1, \"max\": 4.0}]}}},"
  "      {\"key\": \"keep\", \"inputs\": {\"required\": {}}}]}]}},"
  "  \"output\": [\"IMAGE\"], \"output_node\": false}"
  "}";

/* The default text-to-image workflow, in API format. */
static const char txt2img_text[] =
  "{"
  "\"3\": {\"inputs\": {\"seed\": 712610403220747, \"steps\": 20, \"cfg\": 8, \"sampler_name\": \"euler\","
  "  \"scheduler\": \"normal\", \"denoise\": 1, \"model\": [\"4\", 0], \"positive\": [\"6\", 0],"
  "  \"negative\": [\"7\", 0], \"latent_image\": [\"5\", 0]}, \"class_type\": \"KSampler\","
  "  \"_meta\": {\"title\": \"KSampler\"}},"
  "\"4\": {\"inputs\": {\"ckpt_name\": \"a.safetensors\"}, \"class_type\": \"CheckpointLoaderSimple\","
  "  \"_meta\": {\"title\": \"Load Checkpoint\"}},"
  "\"5\": {\"inputs\": {\"width\": 512, \"height\": 512, \"batch_size\": 1}, \"class_type\": \"EmptyLatentImage\","
  "  \"_meta\": {\"title\": \"Empty Latent Image\"}},"
  "\"6\": {\"inputs\": {\"text\": \"a bottle\", \"clip\": [\"4\", 1]}, \"class_type\": \"CLIPTextEncode\","
  "  \"_meta\": {\"title\": \"CLIP Text Encode (Prompt)\"}},"
  "\"7\": {\"inputs\": {\"text\": \"text, watermark\", \"clip\": [\"4\", 1]}, \"class_type\": \"CLIPTextEncode\","
  "  \"_meta\": {\"title\": \"CLIP Text Encode (Prompt)\"}},"
  "\"8\": {\"inputs\": {\"samples\": [\"3\", 0], \"vae\": [\"4\", 2]}, \"class_type\": \"VAEDecode\","
  "  \"_meta\": {\"title\": \"VAE Decode\"}},"
  "\"9\": {\"inputs\": {\"filename_prefix\": \"ComfyUI\", \"images\": [\"8\", 0]}, \"class_type\": \"SaveImage\","
  "  \"_meta\": {\"title\": \"Save Image\"}}"
  "}";

static KumoJson *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  KumoJson *json = kumo_json_parse_data (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return json;
}

/* A value to set into another tree: a parsed document keeps its source
 * text, a copy does not. */
static KumoJson *
parse_value (const char *text)
{
  g_autoptr(KumoJson) parsed = parse (text);

  return kumo_json_copy (parsed);
}

static KumoJson *
inputs_of (KumoJson   *prompt,
           const char *node_id)
{
  return kumo_json_object_get (kumo_json_object_get (prompt, node_id), "inputs");
}

static void
add_node (KumoJson   *prompt,
          const char *node_id,
          const char *node_text)
{
  kumo_json_object_set (prompt, node_id, parse_value (node_text));
}

static void
set_input (KumoJson   *prompt,
           const char *node_id,
           const char *name,
           const char *value_text)
{
  kumo_json_object_set (inputs_of (prompt, node_id), name, parse_value (value_text));
}

/* node_errors[node_id].errors[index] of a 400 body. */
static KumoJson *
error_at (KumoJson   *body,
          const char *node_id,
          guint       index)
{
  KumoJson *entry = kumo_json_object_get (kumo_json_object_get (body, "node_errors"), node_id);

  return kumo_json_array_get (kumo_json_object_get (entry, "errors"), index);
}

#define assert_json(actual, expected_text) \
  assert_json_impl (__FILE__, __LINE__, (actual), (expected_text))

static void
assert_json_impl (const char     *file,
                  int             line,
                  const KumoJson *actual,
                  const char     *expected_text)
{
  g_autoptr(KumoJson) expected = parse (expected_text);

  if (actual == NULL || !kumo_json_equal (actual, expected))
    {
      g_autofree char *got = actual ? kumo_json_to_string_pretty (actual) : g_strdup ("NULL");
      g_autofree char *want = kumo_json_to_string_pretty (expected);
      g_autofree char *message = g_strdup_printf ("%s:%d: JSON differs\n got: %s\nwant: %s", file, line, got, want);

      g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, message);
    }
}

/* Runs the validator; expects a 400 body. */
static KumoJson *
reject (KumoJson                *object_info,
        KumoJson                *prompt,
        KumoEmulatorChoicesFunc  choices,
        gpointer                 user_data)
{
  KumoJson *node_errors = NULL;
  GStrv outputs = NULL;
  KumoJson *body;

  body = kumo_emulator_validate_prompt (object_info, prompt, NULL, choices, user_data, &node_errors, &outputs);
  g_assert_nonnull (body);
  g_assert_null (node_errors);
  g_assert_null (outputs);
  return body;
}

/* Runs the validator; expects the prompt to be queued. */
static void
accept (KumoJson                 *object_info,
        KumoJson                 *prompt,
        KumoEmulatorChoicesFunc   choices,
        gpointer                  user_data,
        KumoJson                **node_errors,
        GStrv                    *outputs)
{
  g_autoptr(KumoJson) body = NULL;

  body = kumo_emulator_validate_prompt (object_info, prompt, NULL, choices, user_data, node_errors, outputs);
  if (body != NULL)
    {
      g_autofree char *text = kumo_json_to_string_pretty (body);

      g_error ("rejected: %s", text);
    }
  g_assert_nonnull (*node_errors);
  g_assert_nonnull (*outputs);
}

static void
test_valid (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) node_errors = NULL;
  g_auto(GStrv) outputs = NULL;

  /* int() takes floats, numeric strings and bools; float() takes ints. */
  set_input (prompt, "3", "steps", "20.7");
  set_input (prompt, "5", "width", "\" 5_12 \"");
  set_input (prompt, "5", "batch_size", "true");
  set_input (prompt, "3", "denoise", "\"1e-2\"");
  set_input (prompt, "5", "height", "{\"__value__\": 768}");

  accept (object_info, prompt, NULL, NULL, &node_errors, &outputs);
  assert_json (node_errors, "{}");
  g_assert_cmpuint (g_strv_length (outputs), ==, 1);
  g_assert_cmpstr (outputs[0], ==, "9");
}

static void
test_missing_node_type (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;
  KumoJson *sampler = kumo_json_object_get (prompt, "3");

  kumo_json_object_set (sampler, "class_type", kumo_json_new_string ("NoSuchSampler"));
  kumo_json_object_set (sampler, "_meta", parse_value ("{\"title\": \"My Sampler\"}"));
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (body,
               "{\"error\": {\"type\": \"missing_node_type\","
               "  \"message\": \"Node 'My Sampler' not found. The custom node may not be installed.\","
               "  \"details\": \"Node ID '#3'\","
               "  \"extra_info\": {\"node_id\": \"3\", \"class_type\": \"NoSuchSampler\", \"node_title\": \"My Sampler\"}},"
               " \"node_errors\": {}}");
  g_clear_pointer (&body, kumo_json_free);

  /* Without a title, the class stands for it. */
  kumo_json_object_remove (sampler, "_meta");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "error"),
               "{\"type\": \"missing_node_type\","
               "  \"message\": \"Node 'NoSuchSampler' not found. The custom node may not be installed.\","
               "  \"details\": \"Node ID '#3'\","
               "  \"extra_info\": {\"node_id\": \"3\", \"class_type\": \"NoSuchSampler\", \"node_title\": \"NoSuchSampler\"}}");
  g_clear_pointer (&body, kumo_json_free);

  kumo_json_object_remove (sampler, "class_type");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "error"),
               "{\"type\": \"missing_node_type\","
               "  \"message\": \"Node 'ID #3' has no class_type. The workflow may be corrupted or a custom node is missing.\","
               "  \"details\": \"Node ID '#3'\","
               "  \"extra_info\": {\"node_id\": \"3\", \"class_type\": null, \"node_title\": null}}");
}

static void
test_value_not_in_list (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;

  set_input (prompt, "4", "ckpt_name", "\"missing.safetensors\"");
  body = reject (object_info, prompt, NULL, NULL);
  /* SaveImage only fails because of its upstream node: it has no reasons
   * of its own, so the top-level details are empty. */
  assert_json (body,
               "{\"error\": {\"type\": \"prompt_outputs_failed_validation\","
               "  \"message\": \"Prompt outputs failed validation\", \"details\": \"\", \"extra_info\": {}},"
               " \"node_errors\": {\"4\": {\"errors\": [{\"type\": \"value_not_in_list\","
               "   \"message\": \"Value not in list\","
               "   \"details\": \"ckpt_name: 'missing.safetensors' not in ['a.safetensors', 'b.safetensors']\","
               "   \"extra_info\": {\"input_name\": \"ckpt_name\","
               "     \"input_config\": [[\"a.safetensors\", \"b.safetensors\"],"
               "                        {\"tooltip\": \"The name of the checkpoint (model) to load.\"}],"
               "     \"received_value\": \"missing.safetensors\"}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"CheckpointLoaderSimple\"}}}");
  g_clear_pointer (&body, kumo_json_free);

  /* repr() picks double quotes for a text with a single quote. */
  set_input (prompt, "4", "ckpt_name", "\"it's.safetensors\"");
  body = reject (object_info, prompt, NULL, NULL);
  g_assert_cmpstr (kumo_json_object_get_string_or (error_at (body, "4", 0), "details", NULL),
                   ==, "ckpt_name: \"it's.safetensors\" not in ['a.safetensors', 'b.safetensors']");
}

static void
test_value_not_in_long_list (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;

  add_node (prompt, "10", "{\"inputs\": {\"model\": [\"4\", 0], \"lora_name\": \"nope\", \"strength_model\": 1},"
                          " \"class_type\": \"LoraLoaderModelOnly\"}");
  set_input (prompt, "3", "model", "[\"10\", 0]");
  body = reject (object_info, prompt, NULL, NULL);
  /* More than 20 choices: no list, no input_config. */
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"10\": {\"errors\": [{\"type\": \"value_not_in_list\", \"message\": \"Value not in list\","
               "   \"details\": \"lora_name: 'nope' not in (list of length 21)\","
               "   \"extra_info\": {\"input_name\": \"lora_name\", \"input_config\": null, \"received_value\": \"nope\"}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"LoraLoaderModelOnly\"}}");
}

static void
test_required_input_missing (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;

  kumo_json_object_remove (inputs_of (prompt, "3"), "steps");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"3\": {\"errors\": [{\"type\": \"required_input_missing\","
               "   \"message\": \"Required input is missing\", \"details\": \"steps\","
               "   \"extra_info\": {\"input_name\": \"steps\"}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"KSampler\"}}");
  g_clear_pointer (&body, kumo_json_free);

  /* The output's own reasons make the top-level details. */
  kumo_json_object_remove (inputs_of (prompt, "9"), "filename_prefix");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "error"),
               "{\"type\": \"prompt_outputs_failed_validation\", \"message\": \"Prompt outputs failed validation\","
               " \"details\": \"Required input is missing: filename_prefix\", \"extra_info\": {}}");
  g_assert_cmpuint (kumo_json_object_get_size (kumo_json_object_get (body, "node_errors")), ==, 2);
}

static void
test_numbers (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;
  g_autofree char *text = NULL;
  KumoJson *errors;

  set_input (prompt, "3", "seed", "-1");
  set_input (prompt, "3", "steps", "10001");
  set_input (prompt, "3", "cfg", "\"abc\"");
  set_input (prompt, "3", "denoise", "\"1_5\"");
  body = reject (object_info, prompt, NULL, NULL);
  errors = kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (body, "node_errors"), "3"), "errors");

  /* In the order of object_info's inputs. */
  assert_json (errors,
               "[{\"type\": \"value_smaller_than_min\", \"message\": \"Value -1 smaller than min of 0\","
               "  \"details\": \"seed\", \"extra_info\": {\"input_name\": \"seed\","
               "    \"input_config\": [\"INT\", {\"default\": 0, \"min\": 0, \"max\": 18446744073709551615,"
               "                                \"control_after_generate\": true}],"
               "    \"received_value\": -1}},"
               " {\"type\": \"value_bigger_than_max\", \"message\": \"Value 10001 bigger than max of 10000\","
               "  \"details\": \"steps\", \"extra_info\": {\"input_name\": \"steps\","
               "    \"input_config\": [\"INT\", {\"default\": 20, \"min\": 1, \"max\": 10000}],"
               "    \"received_value\": 10001}},"
               " {\"type\": \"invalid_input_type\", \"message\": \"Failed to convert an input value to a FLOAT value\","
               "  \"details\": \"cfg, abc, could not convert string to float: 'abc'\","
               "  \"extra_info\": {\"input_name\": \"cfg\","
               "    \"input_config\": [\"FLOAT\", {\"default\": 8.0, \"min\": 0.0, \"max\": 100.0, \"step\": 0.1, \"round\": 0.01}],"
               "    \"received_value\": \"abc\", \"exception_message\": \"could not convert string to float: 'abc'\"}},"
               " {\"type\": \"value_bigger_than_max\", \"message\": \"Value 15.0 bigger than max of 1.0\","
               "  \"details\": \"denoise\", \"extra_info\": {\"input_name\": \"denoise\","
               "    \"input_config\": [\"FLOAT\", {\"default\": 1.0, \"min\": 0.0, \"max\": 1.0, \"step\": 0.01}],"
               "    \"received_value\": 15.0}}]");

  /* Numbers are written back as Python writes them. */
  text = kumo_json_to_string (kumo_json_object_get (kumo_json_object_get (kumo_json_array_get (errors, 3), "extra_info"),
                                                    "received_value"));
  g_assert_cmpstr (text, ==, "15.0");
  g_clear_pointer (&body, kumo_json_free);

  /* Seeds beyond 64 bits, exponents, None. */
  g_clear_pointer (&prompt, kumo_json_free);
  prompt = parse (txt2img_text);
  set_input (prompt, "3", "seed", "18446744073709551616");
  set_input (prompt, "3", "steps", "null");
  set_input (prompt, "3", "denoise", "1e16");
  body = reject (object_info, prompt, NULL, NULL);
  errors = kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (body, "node_errors"), "3"), "errors");
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_array_get (errors, 0), "message", NULL),
                   ==, "Value 18446744073709551616 bigger than max of 18446744073709551615");
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_array_get (errors, 1), "message", NULL),
                   ==, "Failed to convert an input value to a INT value");
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_array_get (errors, 1), "details", NULL),
                   ==, "steps, None, int() argument must be a string, a bytes-like object or a real number, "
                       "not 'NoneType'");
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_array_get (errors, 2), "message", NULL),
                   ==, "Value 1e+16 bigger than max of 1.0");
  g_clear_pointer (&body, kumo_json_free);

  g_clear_pointer (&prompt, kumo_json_free);
  prompt = parse (txt2img_text);
  set_input (prompt, "3", "steps", "\"1.5\"");
  set_input (prompt, "3", "cfg", "0.00001");
  set_input (prompt, "3", "denoise", "-0.0");
  body = reject (object_info, prompt, NULL, NULL);
  errors = kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (body, "node_errors"), "3"), "errors");
  g_assert_cmpuint (kumo_json_array_get_length (errors), ==, 1);
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_array_get (errors, 0), "details", NULL),
                   ==, "steps, 1.5, invalid literal for int() with base 10: '1.5'");
}

static void
test_link_to_missing_node (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;
  KumoJson *entry;
  KumoJson *error;
  KumoJson *extra;
  KumoJson *traceback;

  /* Python raises a KeyError, caught around the output's validation. */
  set_input (prompt, "9", "images", "[\"99\", 0]");
  body = reject (object_info, prompt, NULL, NULL);
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (body, "error"), "details", NULL),
                   ==, "Exception when validating node: '99'");
  entry = kumo_json_object_get (kumo_json_object_get (body, "node_errors"), "9");
  assert_json (kumo_json_object_get (entry, "dependent_outputs"), "[\"9\"]");
  g_assert_cmpstr (kumo_json_object_get_string_or (entry, "class_type", NULL), ==, "SaveImage");
  error = kumo_json_array_get (kumo_json_object_get (entry, "errors"), 0);
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "type", NULL), ==, "exception_during_validation");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "message", NULL), ==, "Exception when validating node");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "details", NULL), ==, "'99'");
  extra = kumo_json_object_get (error, "extra_info");
  g_assert_cmpstr (kumo_json_object_get_string_or (extra, "exception_type", NULL), ==, "KeyError");
  traceback = kumo_json_object_get_typed (extra, "traceback", KUMO_JSON_ARRAY);
  g_assert_cmpuint (kumo_json_array_get_length (traceback), >, 0);
  g_assert_cmpint (kumo_json_get_type (kumo_json_array_get (traceback, 0)), ==, KUMO_JSON_STRING);
  g_clear_pointer (&body, kumo_json_free);

  /* Upstream, the downstream node's try block catches it and blames the
   * linked node, with the downstream input in the error. */
  g_clear_pointer (&prompt, kumo_json_free);
  prompt = parse (txt2img_text);
  set_input (prompt, "8", "samples", "[\"99\", 0]");
  body = reject (object_info, prompt, NULL, NULL);
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (body, "error"), "details", NULL), ==, "");
  entry = kumo_json_object_get (kumo_json_object_get (body, "node_errors"), "8");
  g_assert_cmpstr (kumo_json_object_get_string_or (entry, "class_type", NULL), ==, "VAEDecode");
  error = kumo_json_array_get (kumo_json_object_get (entry, "errors"), 0);
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "type", NULL), ==, "exception_during_inner_validation");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "message", NULL), ==, "Exception when validating inner node");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "details", NULL), ==, "'99'");
  extra = kumo_json_object_get (error, "extra_info");
  g_assert_cmpstr (kumo_json_object_get_string_or (extra, "input_name", NULL), ==, "images");
  assert_json (kumo_json_object_get (extra, "input_config"), "[\"IMAGE\", {}]");
  g_assert_cmpstr (kumo_json_object_get_string_or (extra, "exception_message", NULL), ==, "'99'");
  g_assert_cmpstr (kumo_json_object_get_string_or (extra, "exception_type", NULL), ==, "KeyError");
  assert_json (kumo_json_object_get (extra, "linked_node"), "[\"8\", 0]");
  g_assert_nonnull (kumo_json_object_get_typed (extra, "traceback", KUMO_JSON_ARRAY));
  g_assert_cmpuint (kumo_json_object_get_size (kumo_json_object_get (body, "node_errors")), ==, 1);
  g_clear_pointer (&body, kumo_json_free);

  /* A slot the linked node does not have. */
  g_clear_pointer (&prompt, kumo_json_free);
  prompt = parse (txt2img_text);
  set_input (prompt, "9", "images", "[\"8\", 3]");
  body = reject (object_info, prompt, NULL, NULL);
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (body, "error"), "details", NULL),
                   ==, "Exception when validating node: tuple index out of range");
}

static void
test_linked_types (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;

  set_input (prompt, "8", "vae", "[\"4\", 0]");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"8\": {\"errors\": [{\"type\": \"return_type_mismatch\","
               "   \"message\": \"Return type mismatch between linked nodes\","
               "   \"details\": \"vae, received_type(MODEL) mismatch input_type(VAE)\","
               "   \"extra_info\": {\"input_name\": \"vae\", \"input_config\": [\"VAE\", {}],"
               "     \"received_type\": \"MODEL\", \"linked_node\": [\"4\", 0]}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"VAEDecode\"}}");
  g_clear_pointer (&body, kumo_json_free);

  set_input (prompt, "8", "vae", "[\"4\"]");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"8\": {\"errors\": [{\"type\": \"bad_linked_input\","
               "   \"message\": \"Bad linked input, must be a length-2 list of [node_id, slot_index]\","
               "   \"details\": \"vae\","
               "   \"extra_info\": {\"input_name\": \"vae\", \"input_config\": [\"VAE\", {}],"
               "     \"received_value\": [\"4\"]}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"VAEDecode\"}}");
  g_clear_pointer (&body, kumo_json_free);

  /* A node feeding itself. */
  set_input (prompt, "8", "vae", "[\"4\", 2]");
  set_input (prompt, "3", "latent_image", "[\"3\", 0]");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"3\": {\"errors\": [{\"type\": \"dependency_cycle\", \"message\": \"Dependency cycle detected\","
               "   \"details\": \"3 (KSampler) -> 3 (KSampler)\","
               "   \"extra_info\": {\"node_id\": \"3\", \"cycle_nodes\": [\"3\"]}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"KSampler\"}}");
}

static void
test_no_outputs (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) body = NULL;

  kumo_json_object_remove (prompt, "9");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (body,
               "{\"error\": {\"type\": \"prompt_no_outputs\", \"message\": \"Prompt has no outputs\","
               "  \"details\": \"\", \"extra_info\": {}}, \"node_errors\": {}}");
}

typedef struct
{
  const char *class_type;
  const char *input_name;
  const char *value;
  guint       calls;
} Choices;

static gboolean
choices_cb (const char *class_type,
            const char *input_name,
            const char *value,
            gpointer    user_data)
{
  Choices *choices = user_data;

  choices->calls++;
  return g_strcmp0 (class_type, choices->class_type) == 0 &&
         g_strcmp0 (input_name, choices->input_name) == 0 &&
         g_strcmp0 (value, choices->value) == 0;
}

static void
test_uploaded_file (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse ("{\"1\": {\"inputs\": {\"image\": \"upload.png\"}, \"class_type\": \"LoadImage\"},"
                                      " \"2\": {\"inputs\": {\"images\": [\"1\", 0]}, \"class_type\": \"PreviewImage\"}}");
  g_autoptr(KumoJson) body = NULL;
  g_autoptr(KumoJson) node_errors = NULL;
  g_auto(GStrv) outputs = NULL;
  Choices choices = { "LoadImage", "image", "upload.png", 0 };

  /* LoadImage's VALIDATE_INPUTS checks the file instead of the list. */
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"1\": {\"errors\": [{\"type\": \"custom_validation_failed\","
               "   \"message\": \"Custom validation failed for node\","
               "   \"details\": \"image - Invalid image file: upload.png\","
               "   \"extra_info\": {\"input_name\": \"image\"}}],"
               "  \"dependent_outputs\": [\"2\"], \"class_type\": \"LoadImage\"}}");

  accept (object_info, prompt, choices_cb, &choices, &node_errors, &outputs);
  g_assert_cmpuint (choices.calls, ==, 1);
  assert_json (node_errors, "{}");
  g_clear_pointer (&node_errors, kumo_json_free);
  g_clear_pointer (&outputs, g_strfreev);

  /* A file in the listing needs no callback. */
  set_input (prompt, "1", "image", "\"example.png\"");
  accept (object_info, prompt, NULL, NULL, &node_errors, &outputs);
  g_clear_pointer (&node_errors, kumo_json_free);
  g_clear_pointer (&outputs, g_strfreev);

  /* Without the value, Python fails to call VALIDATE_INPUTS at all; the
   * downstream node's validation catches the TypeError. */
  kumo_json_object_remove (inputs_of (prompt, "1"), "image");
  g_clear_pointer (&body, kumo_json_free);
  body = reject (object_info, prompt, NULL, NULL);
  g_assert_cmpstr (kumo_json_object_get_string_or (error_at (body, "1", 0), "details", NULL),
                   ==, "LoadImage.VALIDATE_INPUTS() missing 1 required positional argument: 'image'");

  /* Other combos ask the callback too. */
  g_clear_pointer (&prompt, kumo_json_free);
  prompt = parse (txt2img_text);
  set_input (prompt, "4", "ckpt_name", "\"pretend.safetensors\"");
  choices = (Choices) { "CheckpointLoaderSimple", "ckpt_name", "pretend.safetensors", 0 };
  accept (object_info, prompt, choices_cb, &choices, &node_errors, &outputs);
  g_assert_cmpuint (choices.calls, ==, 1);
}

static void
test_partially_valid (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) node_errors = NULL;
  g_autoptr(KumoJson) body = NULL;
  g_auto(GStrv) outputs = NULL;

  add_node (prompt, "10", "{\"inputs\": {\"images\": [\"11\", 0]}, \"class_type\": \"PreviewImage\"}");
  add_node (prompt, "11", "{\"inputs\": {\"samples\": [\"12\", 0], \"vae\": [\"4\", 2]},"
                          " \"class_type\": \"VAEDecode\"}");
  add_node (prompt, "12", "{\"inputs\": {\"width\": 8, \"height\": 512, \"batch_size\": 1},"
                          " \"class_type\": \"EmptyLatentImage\"}");

  /* One good output is enough: the prompt is queued, and the answer
   * carries the other output's errors. */
  accept (object_info, prompt, NULL, NULL, &node_errors, &outputs);
  g_assert_cmpuint (g_strv_length (outputs), ==, 1);
  g_assert_cmpstr (outputs[0], ==, "9");
  assert_json (node_errors,
               "{\"12\": {\"errors\": [{\"type\": \"value_smaller_than_min\","
               "   \"message\": \"Value 8 smaller than min of 16\", \"details\": \"width\","
               "   \"extra_info\": {\"input_name\": \"width\","
               "     \"input_config\": [\"INT\", {\"default\": 512, \"min\": 16, \"max\": 16384, \"step\": 8}],"
               "     \"received_value\": 8}}],"
               "  \"dependent_outputs\": [\"10\"], \"class_type\": \"EmptyLatentImage\"}}");

  /* Only the targets of a partial execution count. */
  {
    const char * const targets[] = { "10", NULL };

    body = kumo_emulator_validate_prompt (object_info, prompt, targets, NULL, NULL, NULL, NULL);
    g_assert_nonnull (body);
    g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (body, "error"), "type", NULL),
                     ==, "prompt_outputs_failed_validation");
  }
}

/* V3 dynamic inputs stand for inputs named "<input>.<sub>". */
static void
test_dynamic_inputs (void)
{
  g_autoptr(KumoJson) object_info = parse (object_info_text);
  g_autoptr(KumoJson) prompt = parse (txt2img_text);
  g_autoptr(KumoJson) node_errors = NULL;
  g_autoptr(KumoJson) body = NULL;
  g_auto(GStrv) outputs = NULL;

  add_node (prompt, "10", "{\"inputs\": {\"images.image0\": [\"8\", 0], \"images.image1\": [\"8\", 0]},"
                          " \"class_type\": \"BatchImagesNode\"}");
  add_node (prompt, "11", "{\"inputs\": {\"image\": [\"10\", 0], \"mode\": \"scale\", \"mode.factor\": 2},"
                          " \"class_type\": \"ResizeImage\"}");
  set_input (prompt, "9", "images", "[\"11\", 0]");
  accept (object_info, prompt, NULL, NULL, &node_errors, &outputs);
  assert_json (node_errors, "{}");

  /* Autogrow's first min inputs are required; the details name the last
   * part of the path. */
  kumo_json_object_remove (inputs_of (prompt, "10"), "images.image0");
  set_input (prompt, "11", "mode.factor", "9");
  body = reject (object_info, prompt, NULL, NULL);
  assert_json (kumo_json_object_get (body, "node_errors"),
               "{\"10\": {\"errors\": [{\"type\": \"required_input_missing\","
               "   \"message\": \"Required input is missing\", \"details\": \"image0\","
               "   \"extra_info\": {\"input_name\": \"images.image0\"}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"BatchImagesNode\"},"
               " \"11\": {\"errors\": [{\"type\": \"value_bigger_than_max\","
               "   \"message\": \"Value 9.0 bigger than max of 4.0\", \"details\": \"mode.factor\","
               "   \"extra_info\": {\"input_name\": \"mode.factor\","
               "     \"input_config\": [\"FLOAT\", {\"min\": 0.1, \"max\": 4.0}], \"received_value\": 9.0}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"ResizeImage\"}}");
}

/* The 2026-05 dump lists no models at all: the default workflow's
 * checkpoint is not in the (empty) list. */
static void
test_real_dump (void)
{
  g_autofree char *info_path = kumo_test_fixture_path ("object_info", "object_info_2026-05_yuzuki-phone.json");
  g_autofree char *prompt_path = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(GBytes) info_bytes = kumo_test_load_bytes (info_path);
  g_autoptr(GBytes) prompt_bytes = kumo_test_load_bytes (prompt_path);
  g_autoptr(KumoJson) object_info = kumo_json_parse (info_bytes, NULL);
  g_autoptr(KumoJson) prompt = kumo_json_parse (prompt_bytes, NULL);
  g_autoptr(KumoJson) body = NULL;
  g_autoptr(KumoJson) node_errors = NULL;
  g_auto(GStrv) outputs = NULL;
  Choices choices = { "CheckpointLoaderSimple", "ckpt_name", "dreamshaper_8.safetensors", 0 };

  g_assert_nonnull (object_info);
  g_assert_nonnull (prompt);

  body = reject (object_info, prompt, NULL, NULL);
  assert_json (body,
               "{\"error\": {\"type\": \"prompt_outputs_failed_validation\","
               "  \"message\": \"Prompt outputs failed validation\", \"details\": \"\", \"extra_info\": {}},"
               " \"node_errors\": {\"4\": {\"errors\": [{\"type\": \"value_not_in_list\","
               "   \"message\": \"Value not in list\","
               "   \"details\": \"ckpt_name: 'dreamshaper_8.safetensors' not in []\","
               "   \"extra_info\": {\"input_name\": \"ckpt_name\","
               "     \"input_config\": [[], {\"tooltip\": \"The name of the checkpoint (model) to load.\"}],"
               "     \"received_value\": \"dreamshaper_8.safetensors\"}}],"
               "  \"dependent_outputs\": [\"9\"], \"class_type\": \"CheckpointLoaderSimple\"}}}");

  accept (object_info, prompt, choices_cb, &choices, &node_errors, &outputs);
  assert_json (node_errors, "{}");
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/emulator-validate/valid", test_valid);
  g_test_add_func ("/kumo/emulator-validate/missing-node-type", test_missing_node_type);
  g_test_add_func ("/kumo/emulator-validate/value-not-in-list", test_value_not_in_list);
  g_test_add_func ("/kumo/emulator-validate/value-not-in-long-list", test_value_not_in_long_list);
  g_test_add_func ("/kumo/emulator-validate/required-input-missing", test_required_input_missing);
  g_test_add_func ("/kumo/emulator-validate/numbers", test_numbers);
  g_test_add_func ("/kumo/emulator-validate/link-to-missing-node", test_link_to_missing_node);
  g_test_add_func ("/kumo/emulator-validate/linked-types", test_linked_types);
  g_test_add_func ("/kumo/emulator-validate/no-outputs", test_no_outputs);
  g_test_add_func ("/kumo/emulator-validate/uploaded-file", test_uploaded_file);
  g_test_add_func ("/kumo/emulator-validate/partially-valid", test_partially_valid);
  g_test_add_func ("/kumo/emulator-validate/dynamic-inputs", test_dynamic_inputs);
  g_test_add_func ("/kumo/emulator-validate/real-dump", test_real_dump);

  return g_test_run ();
}
