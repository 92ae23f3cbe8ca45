/* test-journal.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-emulator.h"
#include "kumo-job-queue.h"
#include "kumo-journal.h"
#include "kumo-test-utils.h"

static char *
journal_path (const char *name)
{
  /* The isolated data dir: a fresh one for every test. */
  return g_build_filename (g_get_user_data_dir (), name, "journal.sqlite", NULL);
}

static void
test_journal_records (void)
{
  g_autofree char *path = journal_path ("records");
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJournal) reopened = NULL;
  g_autoptr(GBytes) workflow = g_bytes_new_static ("{\"1\": {}}", 9);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images", .filename = (char *) "x.png",
                            .subfolder = (char *) "", .type = (char *) "output" };
  KumoJournalEntry *entry;

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);

  a = kumo_journal_add_job (journal, "http://s", workflow, "/out");
  b = kumo_journal_add_job (journal, "http://s", workflow, "/out");
  c = kumo_journal_add_job (journal, "http://other", workflow, "/out");
  kumo_journal_set_prompt_id (journal, a, "p-a");
  kumo_journal_add_file (journal, a, &output, "/out/x.png");
  kumo_journal_set_prompt_id (journal, b, "p-b");
  kumo_journal_set_state (journal, b, KUMO_JOB_STATE_SUCCEEDED, NULL);
  g_clear_object (&journal);

  /* Across a restart: only the job that did not end, with its file. */
  reopened = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  open = kumo_journal_list_unfinished (reopened, "http://s", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  entry = g_ptr_array_index (open, 0);
  g_assert_cmpstr (entry->key, ==, a);
  g_assert_cmpstr (entry->prompt_id, ==, "p-a");
  g_assert_true (g_bytes_equal (entry->workflow, workflow));
  g_assert_cmpuint (entry->saved_paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (entry->saved_paths, 0), ==, "/out/x.png");
  g_assert_cmpstr (((KumoOutputFile *) g_ptr_array_index (entry->saved_outputs, 0))->filename, ==, "x.png");
}

static void
test_journal_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJournal) journal = kumo_journal_new ("/proc/kumo/journal.sqlite", &error);

  g_assert_null (journal);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "journal"));
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

/* Kumo goes away in the middle of a job; the next start finishes it and
 * brings its output home, once, into the folder the job was started
 * with (not wherever the next start happens to save). */
static void
test_journal_resume_after_crash (void)
{
  g_autofree char *path = journal_path ("resume");
  g_autofree char *folder_path = g_build_filename (g_get_user_data_dir (), "resume-out", NULL);
  g_autofree char *workflow_path = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(GBytes) workflow = kumo_test_load_bytes (workflow_path);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autofree char *elsewhere_path = g_build_filename (g_get_user_data_dir (), "elsewhere", NULL);
  g_autoptr(GFile) elsewhere = g_file_new_for_path (elsewhere_path);
  g_autoptr(KumoEmulator) emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, NULL);
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *client_id = NULL;
  KumoJobQueue *queue;
  KumoJob *job;
  guint timeout;

  kumo_emulator_set_timing (emulator, 30, 10, 1);
  g_assert_true (kumo_emulator_listen (emulator, 0, &error));
  url = kumo_emulator_dup_base_url (emulator);
  client = kumo_client_new (url, KUMO_FLAVOR_LOCAL, NULL, &error);
  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);

  timeout = g_timeout_add_seconds (90, timeout_cb, NULL);

  /* The same client id at every start (per server). */
  client_id = kumo_journal_get_client_id (journal, url);
  {
    g_autofree char *again = kumo_journal_get_client_id (journal, url);
    g_assert_cmpstr (client_id, ==, again);
  }

  queue = kumo_job_queue_new (client, folder, client_id);
  kumo_job_queue_set_journal (queue, journal);
  while (!kumo_event_stream_get_connected (kumo_job_queue_get_stream (queue)))
    g_main_context_iteration (NULL, TRUE);
  job = kumo_job_queue_submit (queue, workflow, 7, FALSE);
  while (kumo_job_get_state (job) != KUMO_JOB_STATE_RUNNING)
    g_main_context_iteration (NULL, TRUE);

  /* Gone, mid-job. */
  g_object_unref (queue);
  kumo_journal_flush (journal);
  open = kumo_journal_list_unfinished (journal, url, NULL);
  g_assert_cmpuint (open->len, ==, 1);

  queue = kumo_job_queue_new (client, elsewhere, client_id);
  kumo_job_queue_set_journal (queue, journal);
  g_assert_cmpuint (kumo_job_queue_resume (queue, NULL, &error), ==, 1);
  g_assert_no_error (error);
  while (!kumo_job_queue_is_idle (queue))
    g_main_context_iteration (NULL, TRUE);

  job = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_cmpuint (kumo_job_get_files (job)->len, ==, 1);
  g_assert_true (g_file_has_prefix (g_ptr_array_index (kumo_job_get_files (job), 0), folder));
  g_object_unref (job);
  g_object_unref (queue);

  kumo_journal_flush (journal);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = kumo_journal_list_unfinished (journal, url, NULL);
  g_assert_cmpuint (open->len, ==, 0);

  g_source_remove (timeout);
}

/* A job recorded but never confirmed (Kumo stopped between the journal
 * and the server's answer) is not sent again: it is counted, marked
 * failed with a message, and not picked up a second time. */
static void
test_journal_unconfirmed (void)
{
  g_autofree char *path = journal_path ("unconfirmed");
  g_autofree char *workflow_path = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(GBytes) workflow = kumo_test_load_bytes (workflow_path);
  g_autoptr(GFile) folder = g_file_new_for_path (g_get_user_data_dir ());
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJobQueue) queue = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char *url = "http://127.0.0.1:9";
  guint unconfirmed = 0;

  client = kumo_client_new (url, KUMO_FLAVOR_LOCAL, NULL, &error);
  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  key = kumo_journal_add_job (journal, url, workflow, g_get_user_data_dir ());
  kumo_journal_flush (journal);

  queue = kumo_job_queue_new (client, folder, NULL);
  kumo_job_queue_set_journal (queue, journal);
  g_assert_cmpuint (kumo_job_queue_resume (queue, &unconfirmed, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (unconfirmed, ==, 1);

  kumo_journal_flush (journal);
  open = kumo_journal_list_unfinished (journal, url, NULL);
  g_assert_cmpuint (open->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/journal/records", test_journal_records);
  g_test_add_func ("/kumo/journal/unwritable", test_journal_unwritable);
  g_test_add_func ("/kumo/journal/resume-after-crash", test_journal_resume_after_crash);
  g_test_add_func ("/kumo/journal/unconfirmed", test_journal_unconfirmed);

  return g_test_run ();
}
