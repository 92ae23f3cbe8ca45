/* test-journal.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

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

static KumoJournalEntry *
find_entry (GPtrArray  *entries,
            const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((KumoJournalEntry *) g_ptr_array_index (entries, i))->key, key))
      return g_ptr_array_index (entries, i);
  return NULL;
}

static void
mark_sending (KumoJournal *journal,
              const char  *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kumo_journal_mark_sending_async (journal, key, NULL, kumo_test_store_result_cb, &result);
  g_assert_true (kumo_journal_mark_sending_finish (kumo_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* Every stage a job goes through survives a restart, and only the jobs
 * that did not end come back, with what it takes to send them again. */
static void
test_journal_records (void)
{
  g_autofree char *path = journal_path ("records");
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJournal) reopened = NULL;
  g_autoptr(GBytes) workflow = g_bytes_new_static ("{\"1\": {}}", 9);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *queued = NULL;
  g_autofree char *sending = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *incomplete = NULL;
  g_autofree char *done = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *saved_path = g_build_filename (g_get_user_data_dir (), "saved.png", NULL);
  KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images", .filename = (char *) "x.png",
                            .subfolder = (char *) "", .type = (char *) "output" };
  KumoOutputFile other = { .node_id = (char *) "9", .key = (char *) "images", .filename = (char *) "y.png",
                           .subfolder = (char *) "", .type = (char *) "output" };
  KumoJournalEntry *entry;

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);

  queued = kumo_journal_add_job (journal, "http://s", workflow, "/out", 7, TRUE, "portrait.json");
  sending = kumo_journal_add_job (journal, "http://s", workflow, "/out", 7, FALSE, NULL);
  on_server = kumo_journal_add_job (journal, "http://s", workflow, "/out", 7, FALSE, NULL);
  incomplete = kumo_journal_add_job (journal, "http://s", workflow, "/out", 7, FALSE, NULL);
  done = kumo_journal_add_job (journal, "http://s", workflow, "/out", 7, FALSE, NULL);
  elsewhere = kumo_journal_add_job (journal, "http://other", workflow, "/out", 7, FALSE, NULL);
  mark_sending (journal, sending);
  kumo_journal_set_prompt_id (journal, on_server, "p-1");
  kumo_journal_set_started (journal, on_server);
  kumo_journal_reserve_file (journal, on_server, &output, "/nowhere/x.png");
  kumo_journal_add_file (journal, on_server, &other, "/out/y.png");
  kumo_journal_set_prompt_id (journal, incomplete, "p-2");
  kumo_journal_mark_incomplete (journal, incomplete, "1 output could not be downloaded");
  g_assert_true (g_file_set_contents (saved_path, "png", 3, NULL));
  kumo_journal_reserve_file (journal, incomplete, &output, saved_path);
  kumo_journal_set_prompt_id (journal, done, "p-3");
  kumo_journal_set_state (journal, done, KUMO_JOB_STATE_SUCCEEDED, NULL);
  g_clear_object (&journal);

  reopened = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  open = kumo_journal_list_unfinished (reopened, "http://s", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 4);
  g_assert_null (find_entry (open, done));

  entry = find_entry (open, queued);
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_NOT_SENT);
  g_assert_true (entry->partner_nodes);
  g_assert_cmpuint (entry->n_nodes, ==, 7);
  g_assert_true (g_bytes_equal (entry->workflow, workflow));
  g_assert_cmpstr (entry->output_folder, ==, "/out");
  g_assert_cmpstr (entry->title, ==, "portrait.json");
  g_assert_cmpint (entry->created, >, 0);
  g_assert_cmpint (entry->started, ==, 0);

  entry = find_entry (open, sending);
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_SENDING);
  g_assert_null (entry->prompt_id);

  /* A reserved file that was never renamed into place is not saved; one
   * that was, is. */
  entry = find_entry (open, on_server);
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_ON_SERVER);
  g_assert_cmpint (entry->started, >=, entry->created);
  g_assert_null (entry->title);
  g_assert_cmpstr (entry->prompt_id, ==, "p-1");
  g_assert_cmpuint (entry->files->len, ==, 2);
  for (guint i = 0; i < entry->files->len; i++)
    {
      KumoJournalFile *file = g_ptr_array_index (entry->files, i);

      g_assert_cmpint (file->saved, ==, g_str_equal (file->path, "/out/y.png"));
    }

  entry = find_entry (open, incomplete);
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_INCOMPLETE);
  g_assert_cmpuint (entry->files->len, ==, 1);
  g_assert_true (((KumoJournalFile *) g_ptr_array_index (entry->files, 0))->saved);
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

/* A journal written by the first release (schema 1) keeps its jobs: its
 * "submitting" job counts as one that may have been sent. */
static void
test_journal_migrates (void)
{
  g_autofree char *path = journal_path ("migrates");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  KumoJournalEntry *entry;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE jobs (key TEXT PRIMARY KEY, server TEXT NOT NULL, prompt_id TEXT,"
                                 " workflow BLOB NOT NULL, output_folder TEXT NOT NULL, state TEXT NOT NULL,"
                                 " error TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
                                 "CREATE TABLE files (job TEXT NOT NULL REFERENCES jobs (key), node_id TEXT,"
                                 " output_key TEXT, filename TEXT NOT NULL, subfolder TEXT, type TEXT,"
                                 " local_path TEXT NOT NULL, UNIQUE (job, node_id, filename, subfolder, type));"
                                 "CREATE TABLE servers (server TEXT PRIMARY KEY, client_id TEXT NOT NULL);"
                                 "INSERT INTO jobs VALUES ('old', 'http://s', NULL, '{}', '/out', 'submitting', NULL, 1, 1);"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  open = kumo_journal_list_unfinished (journal, "http://s", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  entry = g_ptr_array_index (open, 0);
  g_assert_cmpstr (entry->key, ==, "old");
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_SENDING);
  g_assert_cmpuint (entry->n_nodes, ==, 1);
}

static gint64
estimate (KumoJournal *journal,
          const char  *server,
          const char  *title)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 estimate;

  kumo_journal_estimate_async (journal, server, title, NULL, kumo_test_store_result_cb, &result);
  estimate = kumo_journal_estimate_finish (journal, kumo_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return estimate;
}

/* How long the next run of a workflow may take: the median of its last
 * successful runs on that server, counted from when each began to run
 * (time spent waiting in the queue does not count). */
static void
test_journal_estimates (void)
{
  g_autofree char *path = journal_path ("estimates");
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GBytes) workflow = g_bytes_new_static ("{}", 2);
  g_autoptr(GError) error = NULL;
  const struct { const char *title; const char *state; int waited, ran; } runs[] = {
    { "a.json", "succeeded", 50, 10 },
    { "a.json", "succeeded", 0, 30 },
    { "a.json", "succeeded", 5, 20 },
    { "a.json", "failed", 0, 100 },
    { "a.json", "cancelled", 0, 200 },
    { "b.json", "succeeded", 0, 0 },
  };
  sqlite3 *db;

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *key = kumo_journal_add_job (journal, "http://s", workflow, "/out", 1, FALSE, runs[i].title);
      g_autofree char *sql = g_strdup_printf ("UPDATE jobs SET state = '%s', created = 1000, started = %d, "
                                              "updated = %d WHERE key = '%s'",
                                              runs[i].state, 1000 + runs[i].waited,
                                              1000 + runs[i].waited + runs[i].ran, key);

      kumo_journal_flush (journal);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }

  g_assert_cmpint (estimate (journal, "http://s", "a.json"), ==, 20 * G_USEC_PER_SEC);
  /* Done within the second: still some time. */
  g_assert_cmpint (estimate (journal, "http://s", "b.json"), ==, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (estimate (journal, "http://s", "never-ran.json"), ==, 0);
  g_assert_cmpint (estimate (journal, "http://elsewhere", "a.json"), ==, 0);
}

/* "boot id/pid/start time" of a process, as the journal names owners. */
static char *
process_owner (GPid pid)
{
  g_autofree char *boot_id = NULL;
  g_autofree char *stat = NULL;
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL));
  g_assert_true (g_file_get_contents (stat_path, &stat, NULL, NULL));
  fields = g_strsplit (strrchr (stat, ')') + 2, " ", 21);
  return g_strdup_printf ("%s/%d/%s", g_strstrip (boot_id), (int) pid, fields[19]);
}

/* A job another running Kumo works on is left to it; once that one is
 * gone, the job is anyone's to pick up, and picking it up takes it. */
static void
test_journal_owner (void)
{
  g_autofree char *path = journal_path ("owner");
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GBytes) workflow = g_bytes_new_static ("{}", 2);
  g_autoptr(GSubprocess) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) while_alive = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  sqlite3 *db;

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  key = kumo_journal_add_job (journal, "http://s", workflow, "/out", 1, FALSE, NULL);
  kumo_journal_flush (journal);

  /* As if another process had started it. */
  other = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "60", NULL);
  g_assert_no_error (error);
  owner = process_owner (atoi (g_subprocess_get_identifier (other)));
  sql = g_strdup_printf ("UPDATE jobs SET owner = '%s' WHERE key = '%s'", owner, key);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  while_alive = kumo_journal_list_unfinished (journal, "http://s", TRUE, &error);
  g_assert_cmpuint (while_alive->len, ==, 0);

  g_subprocess_force_exit (other);
  g_subprocess_wait (other, NULL, NULL);

  after = kumo_journal_list_unfinished (journal, "http://s", TRUE, &error);
  g_assert_cmpuint (after->len, ==, 1);
  /* Taken by this process, which may list it again. */
  claimed = kumo_journal_list_unfinished (journal, "http://s", TRUE, &error);
  g_assert_cmpuint (claimed->len, ==, 1);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

typedef struct
{
  KumoEmulator *emulator;
  KumoClient   *client;
  KumoJournal  *journal;
  char         *url;
  char         *folder_path;
  GFile        *folder;
  GBytes       *workflow;
  guint         timeout;
} Fixture;

static void
setup (Fixture    *f,
       const char *name)
{
  g_autofree char *path = journal_path (name);
  g_autofree char *workflow_path = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(GError) error = NULL;

  f->emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, NULL);
  kumo_emulator_set_timing (f->emulator, 5, 10, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  f->url = kumo_emulator_dup_base_url (f->emulator);
  f->client = kumo_client_new (f->url, KUMO_FLAVOR_LOCAL, NULL, &error);
  kumo_client_set_retry_delays (f->client, 10, 4);
  f->journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  f->folder_path = g_build_filename (g_get_user_data_dir (), name, "out", NULL);
  f->folder = g_file_new_for_path (f->folder_path);
  f->workflow = kumo_test_load_bytes (workflow_path);
  f->timeout = g_timeout_add_seconds (90, timeout_cb, NULL);
}

static void
teardown (Fixture *f)
{
  g_source_remove (f->timeout);
  g_clear_object (&f->journal);
  g_clear_object (&f->client);
  g_clear_object (&f->emulator);
  g_clear_object (&f->folder);
  g_clear_pointer (&f->workflow, g_bytes_unref);
  g_free (f->folder_path);
  g_free (f->url);
}

static KumoJobQueue *
new_queue (Fixture *f)
{
  g_autofree char *client_id = kumo_journal_get_client_id (f->journal, f->url);
  KumoJobQueue *queue = kumo_job_queue_new (f->client, f->journal, client_id);

  kumo_event_stream_set_backoff (kumo_job_queue_get_stream (queue), 20, 100);
  kumo_job_queue_set_poll_interval (queue, 30);
  return queue;
}

/* Picks up the journal's unfinished jobs with a new queue (a new start)
 * and waits until they are done. */
static GPtrArray *
resume (Fixture          *f,
        KumoResumeCounts *counts)
{
  g_autoptr(KumoJobQueue) queue = new_queue (f);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs;

  kumo_job_queue_resume_async (queue, NULL, kumo_test_store_result_cb, &result);
  jobs = kumo_job_queue_resume_finish (queue, kumo_test_wait_result (&result), counts, &error);
  g_assert_no_error (error);
  while (!kumo_job_queue_is_idle (queue))
    g_main_context_iteration (NULL, TRUE);
  kumo_journal_flush (f->journal);
  return jobs;
}

static guint
n_unfinished (Fixture *f)
{
  g_autoptr(GPtrArray) open = kumo_journal_list_unfinished (f->journal, f->url, FALSE, NULL);

  return open->len;
}

/* Kumo goes away in the middle of a job; the next start finishes it and
 * brings its output home, once, into the folder the job was started
 * with. The event stream's client id is the same at every start. */
static void
test_journal_resume_after_crash (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *again = NULL;
  KumoResumeCounts counts;
  KumoJobQueue *queue;
  KumoJob *job;

  setup (&f, "resume");
  client_id = kumo_journal_get_client_id (f.journal, f.url);
  again = kumo_journal_get_client_id (f.journal, f.url);
  g_assert_cmpstr (client_id, ==, again);

  queue = new_queue (&f);
  while (!kumo_event_stream_get_connected (kumo_job_queue_get_stream (queue)))
    g_main_context_iteration (NULL, TRUE);
  job = kumo_job_queue_submit (queue, &(KumoJobRequest) { .workflow = f.workflow, .n_nodes = 7,
                                                          .output_folder = f.folder, .title = "crash.json" });
  while (kumo_job_get_state (job) != KUMO_JOB_STATE_RUNNING)
    g_main_context_iteration (NULL, TRUE);

  /* Gone, mid-job. */
  g_object_unref (queue);
  kumo_journal_flush (f.journal);
  g_assert_cmpuint (n_unfinished (&f), ==, 1);

  jobs = resume (&f, &counts);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpuint (counts.n_followed, ==, 1);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  /* What the row showed before the crash, it shows after. */
  g_assert_cmpstr (kumo_job_get_title (job), ==, "crash.json");
  g_assert_cmpint (kumo_job_get_started (job), >=, kumo_job_get_created (job));
  g_assert_cmpint (kumo_job_get_ended (job), >=, kumo_job_get_started (job));
  files = kumo_job_dup_files (job);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (g_file_has_prefix (g_ptr_array_index (files, 0), f.folder));
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);
  g_assert_cmpuint (n_unfinished (&f), ==, 0);

  teardown (&f);
}

/* A job recorded but never sent (Kumo stopped before its turn): it is
 * sent now, once. */
static void
test_journal_never_sent (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *key = NULL;
  KumoResumeCounts counts;

  setup (&f, "never-sent");
  key = kumo_journal_add_job (f.journal, f.url, f.workflow, f.folder_path, 7, FALSE, NULL);
  kumo_journal_flush (f.journal);

  jobs = resume (&f, &counts);
  g_assert_cmpuint (counts.n_never_sent, ==, 1);
  g_assert_cmpint (kumo_job_get_state (g_ptr_array_index (jobs, 0)), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_cmpuint (kumo_job_get_n_files (g_ptr_array_index (jobs, 0)), ==, 1);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);
  g_assert_cmpuint (n_unfinished (&f), ==, 0);

  teardown (&f);
}

/* Sends the journalled job @key with its mark, as a request Kumo made
 * whose answer never came back. */
static char *
send_behind_kumos_back (Fixture    *f,
                        const char *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *prompt_id;

  kumo_client_submit_async (f->client, f->workflow, NULL, key, FALSE, NULL, kumo_test_store_result_cb, &result);
  prompt_id = kumo_client_submit_finish (f->client, kumo_test_wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  return prompt_id;
}

/* Kumo stopped while jobs were being sent: one reached the server, one
 * did not. The one there is found by its mark and followed, not sent a
 * second time; the other is sent. The batch ran once, whole. */
static void
test_journal_maybe_sent (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *arrived = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *prompt_id = NULL;
  KumoResumeCounts counts;

  setup (&f, "maybe-sent");
  arrived = kumo_journal_add_job (f.journal, f.url, f.workflow, f.folder_path, 7, FALSE, NULL);
  lost = kumo_journal_add_job (f.journal, f.url, f.workflow, f.folder_path, 7, FALSE, NULL);
  mark_sending (f.journal, arrived);
  mark_sending (f.journal, lost);

  /* The request of the first got there, with its mark; its answer never
   * came back. */
  prompt_id = send_behind_kumos_back (&f, arrived);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);

  jobs = resume (&f, &counts);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpuint (counts.n_found, ==, 1);
  g_assert_cmpuint (counts.n_not_found, ==, 1);
  for (guint i = 0; i < jobs->len; i++)
    {
      KumoJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      g_assert_cmpuint (kumo_job_get_n_files (job), ==, 1);
    }
  g_assert_cmpstr (kumo_job_get_prompt_id (g_ptr_array_index (jobs, 0)), ==, prompt_id);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 2);
  g_assert_cmpuint (n_unfinished (&f), ==, 0);

  teardown (&f);
}

/* The artist cancelled two jobs while they were being sent, and Kumo
 * stopped before it heard back. The one that reached the server is
 * cancelled there; the other is never sent. */
static void
test_journal_cancelled_while_sending (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *arrived = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *prompt_id = NULL;
  KumoResumeCounts counts;

  setup (&f, "cancelled-while-sending");
  /* Long enough that it is still running when the resume cancels it
   * (the sampler's 20 steps, however slow the machine). */
  kumo_emulator_set_timing (f.emulator, 20, 3000, 1);
  arrived = kumo_journal_add_job (f.journal, f.url, f.workflow, f.folder_path, 7, FALSE, NULL);
  lost = kumo_journal_add_job (f.journal, f.url, f.workflow, f.folder_path, 7, FALSE, NULL);
  mark_sending (f.journal, arrived);
  mark_sending (f.journal, lost);
  kumo_journal_mark_cancelling (f.journal, arrived);
  kumo_journal_mark_cancelling (f.journal, lost);

  prompt_id = send_behind_kumos_back (&f, arrived);

  jobs = resume (&f, &counts);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (kumo_job_get_prompt_id (g_ptr_array_index (jobs, 0)), ==, prompt_id);
  for (guint i = 0; i < jobs->len; i++)
    {
      KumoJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_CANCELLED);
      g_assert_cmpuint (kumo_job_get_n_files (job), ==, 0);
    }
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);
  g_assert_cmpuint (n_unfinished (&f), ==, 0);

  teardown (&f);
}

/* Which local file an input on a server came from survives a restart;
 * the last upload of a name wins, and names are per server. */
static void
test_journal_uploads (void)
{
  g_autofree char *path = journal_path ("uploads");
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(KumoJournal) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *old_sketch = g_build_filename (g_get_user_data_dir (), "old-sketch.png", NULL);
  g_autofree char *sketch = g_build_filename (g_get_user_data_dir (), "sketch.png", NULL);

  journal = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  kumo_journal_add_upload (journal, "http://s", "sketch.png", old_sketch);
  kumo_journal_add_upload (journal, "http://s", "sketch.png", sketch);
  kumo_journal_flush (journal);
  g_clear_object (&journal);

  reopened = kumo_journal_new (path, &error);
  g_assert_no_error (error);
  found = kumo_journal_find_upload (reopened, "http://s", "sketch.png");
  g_assert_cmpstr (found, ==, sketch);
  elsewhere = kumo_journal_find_upload (reopened, "http://other", "sketch.png");
  g_assert_null (elsewhere);
  unknown = kumo_journal_find_upload (reopened, "http://s", "never.png");
  g_assert_null (unknown);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/journal/records", test_journal_records);
  g_test_add_func ("/kumo/journal/unwritable", test_journal_unwritable);
  g_test_add_func ("/kumo/journal/migrates", test_journal_migrates);
  g_test_add_func ("/kumo/journal/estimates", test_journal_estimates);
  g_test_add_func ("/kumo/journal/owner", test_journal_owner);
  g_test_add_func ("/kumo/journal/resume-after-crash", test_journal_resume_after_crash);
  g_test_add_func ("/kumo/journal/never-sent", test_journal_never_sent);
  g_test_add_func ("/kumo/journal/uploads", test_journal_uploads);
  g_test_add_func ("/kumo/journal/maybe-sent", test_journal_maybe_sent);
  g_test_add_func ("/kumo/journal/cancelled-while-sending", test_journal_cancelled_while_sending);

  return g_test_run ();
}
