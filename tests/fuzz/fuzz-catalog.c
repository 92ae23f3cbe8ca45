/* fuzz-catalog.c — libFuzzer target for the node catalog parser
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-node-catalog.h"
#include "kumo-validation.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char workflow_json[] =
  "{\"1\": {\"class_type\": \"N\", \"inputs\": {\"a\": 1, \"b\": \"x\", \"c\": [\"2\", 0], \"d.e\": 2, \"f.g0\": [\"2\", 1]}},"
  " \"2\": {\"class_type\": \"N\", \"inputs\": {\"a\": 18446744073709551615, \"c\": [\"1\", 7]}}}";

/* Any catalog parses or is refused; a parsed one looks inputs up and
 * validates a small workflow that uses dynamic-input names. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wf_bytes = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  catalog = kumo_node_catalog_new_from_bytes (bytes, &error);
  if (catalog == NULL)
    return 0;

  wf_bytes = g_bytes_new_static (workflow_json, sizeof workflow_json - 1);
  workflow = kumo_workflow_new_from_bytes (wf_bytes, NULL, NULL);
  problems = kumo_workflow_validate (workflow, catalog);

  for (guint i = 0; i < problems->len; i++)
    g_assert_true (g_utf8_validate (((KumoProblem *) g_ptr_array_index (problems, i))->message, -1, NULL));

  return 0;
}
