/* fuzz-workflow.c — libFuzzer target for the workflow loader
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-field.h"
#include "kumo-seed.h"
#include "kumo-workflow.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Whatever loads must save back byte for byte, and every field must be
 * listable, printable and settable without crashing. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;

  workflow = kumo_workflow_new_from_bytes (bytes, "fuzz.json", &error);
  if (workflow == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  saved = kumo_workflow_to_bytes (workflow);
  g_assert_true (g_bytes_equal (saved, bytes));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (workflow)) && i < 64; i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, NULL);

      for (guint j = 0; j < fields->len && j < 32; j++)
        {
          KumoField *field = g_ptr_array_index (fields, j);
          g_autofree char *text = kumo_field_dup_value_text (field);
          g_autoptr(GError) set_error = NULL;

          kumo_field_get_digits (field);
          kumo_field_set_from_string (field, text, &set_error);
        }
    }

  /* Edits still produce JSON that reads back. */
  {
    g_autoptr(GBytes) edited = kumo_workflow_to_bytes (workflow);
    g_autoptr(KumoJson) again = kumo_json_parse (edited, &error);

    g_assert_no_error (error);
    g_assert_nonnull (again);
  }

  return 0;
}
