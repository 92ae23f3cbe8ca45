/* kumo-test-catalog.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-node-catalog.h"
#include "kumo-test-utils.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_TEST_CATALOG_2026 "object_info_2026-05_yuzuki-phone.json"
#define KUMO_TEST_CATALOG_2025 "object_info_2025-10_orchestrator-v3.json"
#define KUMO_TEST_CATALOG_LEGACY "object_info_legacy-v1-style_ai-comfyui.json"

/* The 2.4 MB catalog is parsed once per test program. */
static inline KumoNodeCatalog *
kumo_test_catalog (const char *name)
{
  static GHashTable *cache;
  KumoNodeCatalog *catalog;

  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);

  catalog = g_hash_table_lookup (cache, name);
  if (catalog == NULL)
    {
      g_autofree char *path = kumo_test_fixture_path ("object_info", name);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      catalog = kumo_node_catalog_new_from_file (file, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (cache, (gpointer) name, catalog);
    }

  return catalog;
}

/* A server's /api/object_info as it is served (for kumo-emulator). */
static inline GBytes *
kumo_test_object_info (const char *name)
{
  static GHashTable *cache;
  GBytes *bytes;

  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);

  bytes = g_hash_table_lookup (cache, name);
  if (bytes == NULL)
    {
      g_autofree char *path = kumo_test_fixture_path ("object_info", name);

      bytes = kumo_test_load_bytes (path);
      g_hash_table_insert (cache, (gpointer) name, bytes);
    }

  return bytes;
}

static inline KumoWorkflow *
kumo_test_workflow (const char *subdir,
                    const char *name)
{
  g_autofree char *path = subdir ? kumo_test_fixture_path (subdir, name) : kumo_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KumoWorkflow *workflow = kumo_workflow_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  return workflow;
}

G_END_DECLS
