/* test-seed.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-seed.h"
#include "kumo-test-catalog.h"

static void
test_seed_modes (void)
{
  KumoSeedMode mode;

  g_assert_true (kumo_seed_mode_from_string ("Randomize", &mode));
  g_assert_cmpint (mode, ==, KUMO_SEED_RANDOMIZE);
  g_assert_cmpstr (kumo_seed_mode_to_string (KUMO_SEED_DECREMENT), ==, "decrement");
  g_assert_false (kumo_seed_mode_from_string ("sometimes", &mode));
}

static void
test_seed_wraps (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  const KumoInputSpec *spec = kumo_node_def_find_input (kumo_node_catalog_lookup (catalog, "KSampler"), "seed", NULL, NULL);
  KumoNumber current, next;
  g_autofree char *text = NULL;

  kumo_number_from_uint64 (&current, FALSE, G_MAXUINT64);
  g_assert_true (kumo_seed_next (KUMO_SEED_INCREMENT, &current, spec, NULL, &next));
  g_assert_cmpuint (next.magnitude, ==, 0);

  g_assert_true (kumo_seed_next (KUMO_SEED_DECREMENT, &next, spec, NULL, &current));
  text = kumo_number_to_string (&current);
  g_assert_cmpstr (text, ==, "18446744073709551615");

  g_assert_false (kumo_seed_next (KUMO_SEED_FIXED, &current, spec, NULL, &next));
}

static void
test_seed_randomize_range (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  KumoInputSpec spec = { 0 };
  KumoNumber current, next;

  spec.has_min = spec.has_max = TRUE;
  kumo_number_from_int64 (&spec.min, 10);
  kumo_number_from_int64 (&spec.max, 12);
  kumo_number_from_int64 (&current, 10);

  for (guint i = 0; i < 200; i++)
    {
      gint64 value;

      kumo_seed_next (KUMO_SEED_RANDOMIZE, &current, &spec, rand, &next);
      g_assert_true (kumo_number_get_int64 (&next, &value));
      g_assert_cmpint (value, >=, 10);
      g_assert_cmpint (value, <=, 12);
    }

  /* The whole seed range: random seeds stay below 2^50. */
  kumo_number_from_uint64 (&spec.max, FALSE, G_MAXUINT64);
  kumo_number_from_int64 (&spec.min, 0);
  for (guint i = 0; i < 200; i++)
    {
      kumo_seed_next (KUMO_SEED_RANDOMIZE, &current, &spec, rand, &next);
      g_assert_cmpuint (next.magnitude, <=, KUMO_SEED_RANDOM_LIMIT);
    }
}

/* The seed used is the one written into the workflow before the run. */
static void
test_seed_apply_to_workflow (void)
{
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  KumoSeedMode increment = KUMO_SEED_INCREMENT;
  KumoNode *sampler = kumo_workflow_get_node (workflow, "3");
  g_autoptr(KumoField) seed = kumo_field_new (workflow, sampler, "seed", catalog);

  g_assert_true (kumo_field_has_seed_control (seed));
  g_assert_cmpint (kumo_field_get_seed_mode (seed), ==, KUMO_SEED_RANDOMIZE);

  g_assert_cmpuint (kumo_workflow_apply_seeds (workflow, catalog, &increment, rand), ==, 1);
  g_assert_cmpstr (kumo_json_get_number_text (kumo_node_get_input (sampler, "seed")), ==, "712610403220748");
  g_assert_true (kumo_workflow_get_modified (workflow));

  kumo_field_set_seed_mode (seed, KUMO_SEED_FIXED);
  g_assert_cmpuint (kumo_workflow_apply_seeds (workflow, catalog, NULL, rand), ==, 0);
  g_assert_cmpstr (kumo_json_get_number_text (kumo_node_get_input (sampler, "seed")), ==, "712610403220748");

  /* The mode is remembered by the node, for a new field too. */
  {
    g_autoptr(KumoField) again = kumo_field_new (workflow, sampler, "seed", catalog);
    g_assert_cmpint (kumo_field_get_seed_mode (again), ==, KUMO_SEED_FIXED);
  }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/seed/modes", test_seed_modes);
  g_test_add_func ("/kumo/seed/wraps", test_seed_wraps);
  g_test_add_func ("/kumo/seed/randomize-range", test_seed_randomize_range);
  g_test_add_func ("/kumo/seed/apply-to-workflow", test_seed_apply_to_workflow);

  return g_test_run ();
}
