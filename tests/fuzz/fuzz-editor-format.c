/* fuzz-editor-format.c — libFuzzer target for the editor-format converter
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-editor-format.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Classes with every kind of widget slot the converter maps: a seed's
 * control, a combo's control and filter, an upload button, a forceInput
 * input, a dynamic combo, and sockets to follow links through. */
static const char catalog_json[] =
  "{\"S\": {\"input\": {\"required\": {\"model\": [\"MODEL\"], \"seed\": [\"INT\", {\"default\": 0}],"
  "   \"cfg\": [\"FLOAT\", {\"default\": 8.0}], \"name\": [[\"a\", \"b\"], {}],"
  "   \"mode\": [\"COMBO\", {\"options\": [\"x\", \"y\"], \"control_after_generate\": true}],"
  "   \"text\": [\"STRING\", {\"dynamicPrompts\": true}], \"forced\": [\"STRING\", {\"forceInput\": true}]},"
  "   \"optional\": {\"on\": [\"BOOLEAN\", {}], \"latent\": [\"LATENT\"]}},"
  "  \"output\": [\"MODEL\", \"LATENT\"], \"output_name\": [\"MODEL\", \"LATENT\"], \"name\": \"S\"},"
  " \"L\": {\"input\": {\"required\": {\"image\": [[\"a.png\"], {\"image_upload\": true}],"
  "   \"format\": [\"COMFY_DYNAMICCOMBO_V3\", {\"options\": [{\"key\": \"png\", \"inputs\": {\"required\":"
  "     {\"level\": [\"INT\", {\"default\": 6}]}}}]}]}},"
  "  \"input_order\": {\"required\": [\"image\", \"format\"]},"
  "  \"output\": [\"IMAGE\", \"MASK\"], \"output_name\": [\"IMAGE\", \"MASK\"], \"name\": \"L\"}}";

static KumoNodeCatalog *
fuzz_catalog (void)
{
  static KumoNodeCatalog *catalog;

  if (catalog == NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (catalog_json, sizeof catalog_json - 1);

      catalog = kumo_node_catalog_new_from_bytes (bytes, NULL);
      g_assert_nonnull (catalog);
    }

  return catalog;
}

/* Any editor file converts or is refused with a message; a conversion is
 * a JSON object of nodes whose links name nodes it has. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(KumoJson) root = kumo_json_parse_data ((const char *) data, size, NULL);
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  conversion = kumo_editor_format_convert (root, fuzz_catalog (), &error);
  if (conversion == NULL)
    {
      if (kumo_editor_format_detect (root))
        g_assert_true (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  for (guint i = 0; i < kumo_json_object_get_size (conversion->prompt); i++)
    {
      KumoJson *inputs = kumo_json_object_get (kumo_json_object_get_value (conversion->prompt, i), "inputs");

      for (guint j = 0; j < kumo_json_object_get_size (inputs); j++)
        {
          KumoJson *value = kumo_json_object_get_value (inputs, j);

          if (kumo_json_get_type (value) == KUMO_JSON_ARRAY && kumo_json_array_get_length (value) == 2 &&
              kumo_json_get_type (kumo_json_array_get (value, 0)) == KUMO_JSON_STRING)
            g_assert_true (kumo_json_object_has (conversion->prompt, kumo_json_get_string (kumo_json_array_get (value, 0))));
        }
    }

  for (guint i = 0; i < conversion->notes->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (conversion->notes, i), -1, NULL));

  return 0;
}
