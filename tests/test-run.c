/* test-run.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kumo-emulator.h"
#include "kumo-field.h"
#include "kumo-run.h"
#include "kumo-seed.h"
#include "kumo-test-catalog.h"

/* The run pipeline as the window's Run button uses it: variations whose
 * seeds move on as each seed's control says, with the edited workflow
 * left ready for the next run. (kumo-cli's use is in test-cli.) */

typedef struct
{
  KumoEmulator *emulator;
  KumoSession  *session;
  GFile        *folder;
} Fixture;

static void
setup (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "out", NULL);

  f->emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, NULL);
  kumo_emulator_set_timing (f->emulator, 2, 5, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  url = kumo_emulator_dup_base_url (f->emulator);
  f->session = kumo_session_new (url);
  kumo_session_set_api_key (f->session, NULL);
  kumo_session_connect_async (f->session, NULL, kumo_test_store_result_cb, &result);
  g_assert_true (kumo_session_connect_finish (f->session, kumo_test_wait_result (&result), &error));
  g_assert_no_error (error);
  f->folder = g_file_new_for_path (folder);
}

static void
teardown (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_object (&f->emulator);
  g_clear_object (&f->folder);
}

static GPtrArray *
run (Fixture *f,
     KumoRun *run)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs;

  kumo_run_set_output_folder (run, f->folder);
  kumo_run_start_async (run, NULL, kumo_test_store_result_cb, &result);
  jobs = kumo_run_start_finish (run, kumo_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return jobs;
}

/* The seed a job ran with. */
static char *
job_seed (KumoJob *job)
{
  g_autoptr(KumoWorkflow) sent = kumo_workflow_new_from_bytes (kumo_job_get_workflow (job), "sent", NULL);

  return kumo_json_dup_value_text (kumo_node_get_input (kumo_workflow_get_node (sent, "3"), "seed"));
}

static char *
seed_plus (const char *seed,
           guint64     n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, g_ascii_strtoull (seed, NULL, 10) + n);
}

static KumoField *
seed_field (KumoWorkflow *workflow)
{
  g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, kumo_workflow_get_node (workflow, "3"),
                                                          kumo_test_catalog (KUMO_TEST_CATALOG_2026));

  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (kumo_field_get_name (g_ptr_array_index (fields, i)), "seed"))
      return g_object_ref (g_ptr_array_index (fields, i));
  g_assert_not_reached ();
}

/* Three variations with the seed set to increment: the seeds shown, then
 * one more each, and the workflow is left with the next one, changed. */
static void
test_run_advances_seeds (void)
{
  Fixture f = { 0 };
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  g_autoptr(KumoField) seed = NULL;
  g_autoptr(KumoRun) kumo_run = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *next = NULL;
  g_autofree char *left = NULL;

  setup (&f);
  seed = seed_field (workflow);
  kumo_field_set_seed_mode (seed, KUMO_SEED_INCREMENT);
  shown = kumo_json_dup_value_text (kumo_field_get_value (seed));

  kumo_run = kumo_run_new (f.session, workflow);
  kumo_run_set_count (kumo_run, 3);
  kumo_run_set_seeds_as_set (kumo_run);
  kumo_run_set_advance_seeds (kumo_run, TRUE);
  jobs = run (&f, kumo_run);

  g_assert_cmpuint (jobs->len, ==, 3);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autofree char *used = job_seed (g_ptr_array_index (jobs, i));
      g_autofree char *expected = seed_plus (shown, i);

      g_assert_cmpstr (used, ==, expected);
      g_assert_cmpstr (kumo_job_get_title (g_ptr_array_index (jobs, i)), ==, "sd15_txt2img_default.json");
    }

  next = seed_plus (shown, 3);
  left = kumo_json_dup_value_text (kumo_node_get_input (kumo_workflow_get_node (workflow, "3"), "seed"));
  g_assert_cmpstr (left, ==, next);
  g_assert_true (kumo_workflow_get_modified (workflow));

  teardown (&f);
}

/* A fixed seed: every variation the same, and the workflow untouched. */
static void
test_run_fixed_seeds (void)
{
  Fixture f = { 0 };
  g_autoptr(KumoWorkflow) workflow = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  g_autoptr(KumoField) seed = NULL;
  g_autoptr(KumoRun) kumo_run = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *shown = NULL;

  setup (&f);
  seed = seed_field (workflow);
  kumo_field_set_seed_mode (seed, KUMO_SEED_RANDOMIZE);
  shown = kumo_json_dup_value_text (kumo_field_get_value (seed));

  /* The run's mode wins over the seed's own. */
  kumo_run = kumo_run_new (f.session, workflow);
  kumo_run_set_count (kumo_run, 2);
  kumo_run_set_seed_mode (kumo_run, KUMO_SEED_FIXED);
  kumo_run_set_advance_seeds (kumo_run, TRUE);
  jobs = run (&f, kumo_run);

  for (guint i = 0; i < jobs->len; i++)
    {
      g_autofree char *used = job_seed (g_ptr_array_index (jobs, i));

      g_assert_cmpstr (used, ==, shown);
    }
  g_assert_false (kumo_workflow_get_modified (workflow));

  teardown (&f);
}

/* Nodes that spend credits are named, so the window can ask first. */
static void
test_run_partner_nodes (void)
{
  KumoNodeCatalog *catalog = kumo_test_catalog (KUMO_TEST_CATALOG_2026);
  g_autoptr(KumoWorkflow) plain = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  static const char json[] =
    "{\"1\": {\"class_type\": \"ClaudeNode\", \"inputs\": {}},"
    " \"2\": {\"class_type\": \"FluxProUltraImageNode\", \"inputs\": {}, \"_meta\": {\"title\": \"Hero shot\"}},"
    " \"3\": {\"class_type\": \"SaveImage\", \"inputs\": {}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(KumoWorkflow) paid = kumo_workflow_new_from_bytes (bytes, "paid.json", NULL);
  g_autoptr(GPtrArray) none = kumo_run_list_partner_nodes (plain, catalog);
  g_autoptr(GPtrArray) some = kumo_run_list_partner_nodes (paid, catalog);
  g_autoptr(GPtrArray) unknown = kumo_run_list_partner_nodes (paid, NULL);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (some->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (some, 0), ==, "Anthropic Claude");
  g_assert_cmpstr (g_ptr_array_index (some, 1), ==, "Hero shot");
  g_assert_cmpuint (unknown->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/run/advances-seeds", test_run_advances_seeds);
  g_test_add_func ("/kumo/run/fixed-seeds", test_run_fixed_seeds);
  g_test_add_func ("/kumo/run/partner-nodes", test_run_partner_nodes);

  return g_test_run ();
}
