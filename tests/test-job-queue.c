/* test-job-queue.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-emulator.h"
#include "kumo-job-queue.h"
#include "kumo-test-catalog.h"

typedef struct
{
  KumoEmulator *emulator;
  KumoClient   *client;
  KumoJournal  *journal;
  KumoJobQueue *queue;
  GFile        *folder;
  char         *folder_path;
} Fixture;

/* A queue as the app and kumo-cli have it: with its journal, and short
 * pauses between tries. */
static KumoJobQueue *
new_queue (Fixture *f)
{
  KumoJobQueue *queue = kumo_job_queue_new (f->client, f->journal, NULL);

  kumo_event_stream_set_backoff (kumo_job_queue_get_stream (queue), 20, 100);
  kumo_job_queue_set_poll_interval (queue, 30);
  kumo_job_queue_set_room_backoff (queue, 5, 40);
  return queue;
}

static void
setup (Fixture            *f,
       KumoEmulatorFlavor  flavor,
       GBytes             *object_info)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *journal_path = NULL;
  static guint n;
  const char *key = flavor == KUMO_EMULATOR_CLOUD ? "sekret" : NULL;

  f->emulator = kumo_emulator_new (flavor, key, object_info);
  kumo_emulator_set_timing (f->emulator, 3, 5, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  url = kumo_emulator_dup_base_url (f->emulator);
  f->client = kumo_client_new (url, flavor == KUMO_EMULATOR_CLOUD ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL, key, &error);
  kumo_client_set_retry_delays (f->client, 10, 4);
  f->folder_path = g_strdup_printf ("%s/out-%u", g_get_user_data_dir (), n);
  f->folder = g_file_new_for_path (f->folder_path);
  journal_path = g_strdup_printf ("%s/journal-%u.sqlite", g_get_user_data_dir (), n++);
  f->journal = kumo_journal_new (journal_path, &error);
  g_assert_no_error (error);
  f->queue = new_queue (f);
}

static void
teardown (Fixture *f)
{
  g_clear_object (&f->queue);
  g_clear_object (&f->journal);
  g_clear_object (&f->client);
  g_clear_object (&f->emulator);
  g_clear_object (&f->folder);
  g_free (f->folder_path);
}

static KumoJob *
submit (Fixture *f,
        GBytes  *workflow,
        guint    n_nodes)
{
  KumoJobRequest request = { .workflow = workflow, .n_nodes = n_nodes, .output_folder = f->folder };

  return kumo_job_queue_submit (f->queue, &request);
}

/* How many files the output folder holds, in all its subfolders. */
static guint
count_files (GFile *folder)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  guint n = 0;
  GFileInfo *info;
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    n += g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY ? count_files (child) : 1;

  return n;
}

static void
wait_connected (Fixture *f)
{
  while (!kumo_event_stream_get_connected (kumo_job_queue_get_stream (f->queue)))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("jobs never finished");
  return G_SOURCE_REMOVE;
}

static void
wait_idle (Fixture *f)
{
  /* A hang detector, generous enough for sanitizer builds. */
  guint id = g_timeout_add_seconds (90, timeout_cb, NULL);

  while (!kumo_job_queue_is_idle (f->queue))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static GBytes *
workflow (const char *name)
{
  g_autofree char *path = kumo_test_fixture_path ("api", name);
  return kumo_test_load_bytes (path);
}

/* Every saved file is a PNG inside the folder, and there are @n. */
static void
assert_files (Fixture *f,
              KumoJob *job,
              guint    n)
{
  g_autoptr(GPtrArray) files = kumo_job_dup_files (job);

  g_assert_cmpuint (files->len, ==, n);
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GBytes) bytes = kumo_test_load_bytes (path);

      g_assert_true (g_file_has_prefix (file, f->folder));
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 4, "\x89PNG", 4);
    }
}

static void
test_job_queue_local (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  KumoJob *a, *b;
  guint progress_seen = 0;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  wait_connected (&f);

  a = submit (&f, wf, 7);
  b = submit (&f, wf, 7);
  g_signal_connect_swapped (a, "notify::progress", G_CALLBACK (g_atomic_int_inc), &progress_seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.queue)), ==, 2);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (a), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_cmpint (kumo_job_get_state (b), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_cmpstr (kumo_job_get_prompt_id (a), !=, kumo_job_get_prompt_id (b));
  assert_files (&f, a, 1);
  assert_files (&f, b, 1);
  g_assert_cmpuint (progress_seen, >, 3);
  g_assert_nonnull (kumo_job_get_preview (a));
  g_assert_cmpfloat (kumo_job_get_progress (a), ==, 1.0);

  teardown (&f);
}

static void
test_job_queue_cloud (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  wait_connected (&f);
  job = submit (&f, wf, 7);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  assert_files (&f, job, 1);
  g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 0);

  teardown (&f);
}

/* A job that ends before the POST /prompt answer still ends. */
static void
test_job_queue_instant (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_emulator_get_faults (f.emulator)->instant = TRUE;
  wait_connected (&f);
  job = submit (&f, wf, 7);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  assert_files (&f, job, 1);

  teardown (&f);
}

/* Runs one job in each flavour with the faults @faults sets: it ends
 * succeeded, once, with its output saved and the key never sent to the
 * storage host, over at most @max_websockets connections. */
static void
assert_job_survives (void  (*faults) (KumoEmulatorFaults *faults),
                     guint   max_websockets)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
      KumoJob *job;

      setup (&f, flavors[i], NULL);
      faults (kumo_emulator_get_faults (f.emulator));
      wait_connected (&f);
      job = submit (&f, wf, 7);
      wait_idle (&f);

      g_assert_cmpstr (kumo_job_get_error (job), ==, NULL);
      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      assert_files (&f, job, 1);
      g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 0);
      g_assert_cmpuint (kumo_emulator_get_n_websockets (f.emulator), <=, max_websockets);

      teardown (&f);
    }
}

static void
drop_socket (KumoEmulatorFaults *faults)
{
  faults->drop_socket_mid_job = TRUE;
}

/* The socket dies mid-job: the job still finishes once, nothing missed. */
static void
test_job_queue_socket_dropped (void)
{
  assert_job_survives (drop_socket, G_MAXUINT);
}

static void
silence_socket (KumoEmulatorFaults *faults)
{
  faults->silent_socket = TRUE;
}

/* The socket stays open but nothing more comes through it (a proxy that
 * holds the connection): the slow watchdog poll still ends the job. */
static void
test_job_queue_silent_socket (void)
{
  assert_job_survives (silence_socket, 1);
}

static void
no_jobs_api (KumoEmulatorFaults *faults)
{
  faults->no_jobs_api = TRUE;
  faults->drop_socket_mid_job = TRUE;
}

/* A server without /api/jobs (local before Dec 2025): results and, with
 * the socket gone, the job's status come from the history instead
 * (history_v2 on the cloud), and no output is missed. */
static void
test_job_queue_no_jobs_api (void)
{
  assert_job_survives (no_jobs_api, G_MAXUINT);
}

/* Video nodes report their files under "gifs" (VideoHelperSuite) or
 * "images" with "animated" (SaveAnimatedWEBP): both come home, as
 * animations (an animated WebP; an animated PNG for the other). */
static void
test_job_queue_animated_outputs (void)
{
  const struct {
    const char *workflow;
    const char *suffix;
    gsize       offset;     /* of the animation chunk's name */
    const char *chunk;
  } cases[] = {
    { "ltxv_t2v_saveanimatedwebp.json", ".webp", 12, "VP8X" },
    { "cogvideox_t2v_vhs_videocombine.json", ".png", 37, "acTL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow (cases[i].workflow);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) files = NULL;
      const char *data;
      KumoJob *job;

      setup (&f, KUMO_EMULATOR_CLOUD, NULL);
      wait_connected (&f);
      job = submit (&f, wf, 7);
      wait_idle (&f);

      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      files = kumo_job_dup_files (job);
      g_assert_cmpuint (files->len, ==, 1);
      path = g_file_get_path (g_ptr_array_index (files, 0));
      g_assert_true (g_str_has_suffix (path, cases[i].suffix));
      g_assert_true (g_file_has_prefix (g_ptr_array_index (files, 0), f.folder));
      bytes = kumo_test_load_bytes (path);
      data = g_bytes_get_data (bytes, NULL);
      g_assert_cmpmem (data + cases[i].offset, 4, cases[i].chunk, 4);
      if (g_str_equal (cases[i].chunk, "VP8X"))
        g_assert_true (data[20] & 0x02);   /* the animation flag */
      else
        g_assert_cmpmem (data + 41, 4, "\0\0\0\x08", 4);   /* 8 frames */

      teardown (&f);
    }
}

/* ComfyUI answers the prompt it ran last with its cached outputs: the
 * second, identical job still succeeds with a file, and says that
 * nothing new was generated; a changed seed runs for real. */
static void
test_job_queue_reused (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  g_autoptr(KumoWorkflow) changed = kumo_test_workflow ("api", "sd15_txt2img_default.json");
  g_autoptr(GBytes) other = NULL;
  KumoJob *first, *again, *new_seed;

  kumo_node_set_input (kumo_workflow_get_node (changed, "3"), "seed", kumo_json_new_int (7));
  other = kumo_workflow_to_bytes (changed);

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  wait_connected (&f);
  first = submit (&f, wf, 7);
  wait_idle (&f);
  again = submit (&f, wf, 7);
  wait_idle (&f);
  new_seed = submit (&f, other, 7);
  wait_idle (&f);

  g_assert_false (kumo_job_get_reused (first));
  g_assert_cmpint (kumo_job_get_state (again), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_true (kumo_job_get_reused (again));
  assert_files (&f, again, 1);
  g_assert_false (kumo_job_get_reused (new_seed));
  assert_files (&f, new_seed, 1);

  teardown (&f);
}

static void
oversize_messages (KumoEmulatorFaults *faults)
{
  faults->oversized_messages = TRUE;
}

/* A progress_state of about 1 MB (a graph of thousands of nodes) goes
 * through on the one socket: no drop, no reconnect. */
static void
test_job_queue_oversized_messages (void)
{
  assert_job_survives (oversize_messages, 1);
}

static void
hostile_names (KumoEmulatorFaults *faults)
{
  faults->hostile_filenames = TRUE;
}

/* Names meant to escape the folder stay inside it, in both flavours. */
static void
test_job_queue_hostile_names (void)
{
  assert_job_survives (hostile_names, G_MAXUINT);
  g_assert_false (g_file_test ("/tmp/kumo-hostile-1.png", G_FILE_TEST_EXISTS));
}

static void
test_job_queue_rejected (void)
{
  Fixture f = { 0 };
  g_autofree char *path = kumo_test_data_path ("dynamic-inputs.json");
  g_autoptr(GBytes) wf = kumo_test_load_bytes (path);
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  wait_connected (&f);
  job = submit (&f, wf, 4);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (kumo_job_get_error (job), "rejected"));
  g_assert_cmpint (kumo_job_get_error_kind (job), ==, KUMO_JOB_ERROR_REJECTED);
  g_assert_cmpuint (kumo_job_get_n_files (job), ==, 0);
  /* The server's own words, per node and input, for the editor. */
  g_assert_nonnull (kumo_job_get_problems (job));
  g_assert_cmpuint (kumo_job_get_problems (job)->len, >, 0);

  teardown (&f);
}

static void
cancel_when_running (KumoJob      *job,
                     GParamSpec   *pspec,
                     KumoJobQueue *queue)
{
  if (kumo_job_get_state (job) == KUMO_JOB_STATE_RUNNING && kumo_job_get_node (job) != NULL)
    {
      g_signal_handlers_disconnect_by_func (job, cancel_when_running, queue);
      kumo_job_queue_cancel (queue, job);
    }
}

/* Cancelling: a running job is interrupted, a waiting one dropped. */
static void
test_job_queue_cancel (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  KumoJob *running, *waiting;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_emulator_set_timing (f.emulator, 20, 20, 1);
  wait_connected (&f);

  running = submit (&f, wf, 7);
  waiting = submit (&f, wf, 7);
  g_signal_connect (running, "notify::node", G_CALLBACK (cancel_when_running), f.queue);
  kumo_job_queue_cancel (f.queue, waiting);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (running), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpint (kumo_job_get_state (waiting), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);

  teardown (&f);
}

/* On the cloud, POST /api/interrupt would stop every running job of the
 * user: cancelling one of two running jobs leaves the other to finish. */
static void
test_job_queue_cancel_one_on_cloud (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  KumoJob *cancelled, *kept;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  kumo_emulator_set_timing (f.emulator, 10, 20, 2);
  kumo_job_queue_set_max_running (f.queue, 2);
  wait_connected (&f);

  cancelled = submit (&f, wf, 7);
  kept = submit (&f, wf, 8);
  g_signal_connect (cancelled, "notify::node", G_CALLBACK (cancel_when_running), f.queue);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (cancelled), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpuint (kumo_job_get_n_files (cancelled), ==, 0);
  g_assert_cmpint (kumo_job_get_state (kept), ==, KUMO_JOB_STATE_SUCCEEDED);
  assert_files (&f, kept, 1);

  teardown (&f);
}

static void
count_waits (KumoJob    *job,
             GParamSpec *pspec,
             guint      *waits)
{
  if (kumo_job_get_waiting (job))
    (*waits)++;
}

/* A full queue (429 QUEUE_LIMIT) for longer than any fixed number of
 * tries is waited out: the job says it waits for room, is sent again
 * until the server takes it, and runs once. */
static void
test_job_queue_waits_for_room (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
      guint waits = 0;
      KumoJob *job;

      setup (&f, flavors[i], NULL);
      kumo_emulator_get_faults (f.emulator)->queue_full = 12;
      wait_connected (&f);
      job = submit (&f, wf, 7);
      g_signal_connect (job, "notify::waiting", G_CALLBACK (count_waits), &waits);
      wait_idle (&f);

      g_assert_cmpstr (kumo_job_get_error (job), ==, NULL);
      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      g_assert_false (kumo_job_get_waiting (job));
      g_assert_cmpuint (waits, >=, 1);
      assert_files (&f, job, 1);
      g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);

      teardown (&f);
    }
}

static void
cancel_when_waiting (KumoJob      *job,
                     GParamSpec   *pspec,
                     KumoJobQueue *queue)
{
  if (kumo_job_get_waiting (job))
    kumo_job_queue_cancel (queue, job);
}

/* Waiting for room stays cancellable, and nothing reaches the server. */
static void
test_job_queue_cancel_while_waiting_for_room (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  g_autoptr(GPtrArray) open = NULL;
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  kumo_emulator_get_faults (f.emulator)->queue_full = G_MAXUINT;
  wait_connected (&f);
  job = submit (&f, wf, 7);
  g_signal_connect (job, "notify::waiting", G_CALLBACK (cancel_when_waiting), f.queue);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 0);
  /* Not left for a resume to send. */
  open = kumo_journal_list_unfinished (f.journal, kumo_client_get_base_url (f.client), FALSE, NULL);
  g_assert_cmpuint (open->len, ==, 0);

  teardown (&f);
}

/* A server that answers the first request of each kind with 503 (one
 * still starting): six jobs, three at a time, every output saved once. */
static void
test_job_queue_first_requests_refused (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(KumoWorkflow) graph = kumo_test_workflow ("api", "sd15_txt2img_default.json");
      g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

      setup (&f, flavors[i], NULL);
      kumo_emulator_set_timing (f.emulator, 3, 5, 3);
      kumo_emulator_get_faults (f.emulator)->first_of_each_503 = TRUE;
      kumo_job_queue_set_max_running (f.queue, 3);
      wait_connected (&f);

      for (guint j = 0; j < 6; j++)
        {
          g_autoptr(GBytes) bytes = NULL;

          kumo_node_set_input (kumo_workflow_get_node (graph, "3"), "seed", kumo_json_new_int (100 + j));
          bytes = kumo_workflow_to_bytes (graph);
          g_ptr_array_add (jobs, submit (&f, bytes, 7));
        }
      wait_idle (&f);

      for (guint j = 0; j < jobs->len; j++)
        {
          g_assert_cmpstr (kumo_job_get_error (g_ptr_array_index (jobs, j)), ==, NULL);
          assert_files (&f, g_ptr_array_index (jobs, j), 1);
        }
      g_assert_cmpuint (count_files (f.folder), ==, 6);
      g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 6);

      teardown (&f);
    }
}

/* An output that cannot be fetched however often it is asked for: the
 * job ends saying so, but stays open in the journal, and a resume
 * brings the output home, once. */
static void
test_job_queue_download_left_for_resume (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) resumed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  KumoJournalEntry *entry;
  KumoResumeCounts counts;
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_emulator_get_faults (f.emulator)->fail_downloads = 1000;
  wait_connected (&f);
  job = submit (&f, wf, 7);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_FAILED);
  g_assert_cmpint (kumo_job_get_error_kind (job), ==, KUMO_JOB_ERROR_NETWORK);
  g_assert_nonnull (strstr (kumo_job_get_error (job), "still on the server"));
  g_assert_cmpuint (count_files (f.folder), ==, 0);

  open = kumo_journal_list_unfinished (f.journal, kumo_client_get_base_url (f.client), FALSE, NULL);
  g_assert_cmpuint (open->len, ==, 1);
  entry = g_ptr_array_index (open, 0);
  g_assert_cmpint (entry->stage, ==, KUMO_JOURNAL_INCOMPLETE);

  /* The server serves it again; a new queue (a new start) resumes. */
  kumo_emulator_get_faults (f.emulator)->fail_downloads = 0;
  g_clear_object (&f.queue);
  f.queue = new_queue (&f);
  kumo_job_queue_resume_async (f.queue, NULL, kumo_test_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  resumed = kumo_job_queue_resume_finish (f.queue, result, &counts, NULL);
  g_assert_cmpuint (resumed->len, ==, 1);
  g_assert_cmpuint (counts.n_followed, ==, 1);
  wait_idle (&f);

  job = g_ptr_array_index (resumed, 0);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  assert_files (&f, job, 1);
  g_assert_cmpuint (count_files (f.folder), ==, 1);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);

  teardown (&f);
}

/* The server queued the job, but the connection broke before its answer:
 * the job is found there by its mark and followed, never sent twice; in
 * both flavours, with and without the jobs API (then the server's queue
 * and history are searched). */
static void
test_job_queue_lost_answer (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors) * 2; i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
      KumoJob *job;

      setup (&f, flavors[i % 2], NULL);
      kumo_emulator_get_faults (f.emulator)->lose_answers = 1;
      kumo_emulator_get_faults (f.emulator)->no_jobs_api = i >= 2;
      wait_connected (&f);
      job = submit (&f, wf, 7);
      wait_idle (&f);

      g_assert_cmpstr (kumo_job_get_error (job), ==, NULL);
      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      assert_files (&f, job, 1);
      g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);

      teardown (&f);
    }
}

/* SaveImageWebsocket saves nothing on the server: its images come only
 * over the socket, and are the job's outputs, saved in its folder. */
static void
test_job_queue_images_over_the_socket (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
      g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (wf, NULL), g_bytes_get_size (wf));
      g_autoptr(GBytes) bytes = NULL;
      KumoJob *job;

      g_assert_cmpuint (g_string_replace (text, "\"SaveImage\"", "\"SaveImageWebsocket\"", 0), ==, 1);
      bytes = g_bytes_new (text->str, text->len);

      setup (&f, flavors[i], NULL);
      wait_connected (&f);
      job = submit (&f, bytes, 7);
      wait_idle (&f);

      g_assert_cmpstr (kumo_job_get_error (job), ==, NULL);
      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      assert_files (&f, job, 1);

      teardown (&f);
    }
}

/* A node that fails: the job says which node, the exception, and keeps
 * the server's traceback for a "Details" view, whether the socket told
 * it or (with the socket silent) the job's record did. */
static void
test_job_queue_node_fails (void)
{
  for (guint silent = 0; silent <= 1; silent++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
      KumoJob *job;

      setup (&f, KUMO_EMULATOR_LOCAL, NULL);
      kumo_emulator_get_faults (f.emulator)->fail_class = g_strdup ("KSampler");
      kumo_emulator_get_faults (f.emulator)->silent_socket = silent;
      wait_connected (&f);
      job = submit (&f, wf, 7);
      wait_idle (&f);

      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_FAILED);
      g_assert_cmpint (kumo_job_get_error_kind (job), ==, KUMO_JOB_ERROR_EXECUTION);
      g_assert_cmpstr (kumo_job_get_error_node (job), ==, "3");
      g_assert_nonnull (strstr (kumo_job_get_error (job), "Allocation on device failed"));
      g_assert_nonnull (kumo_job_get_details (job));
      g_assert_nonnull (strstr (kumo_job_get_details (job), "nodes.py"));
      g_assert_cmpint (kumo_job_get_ended (job), >=, kumo_job_get_created (job));

      teardown (&f);
    }
}

/* The queue as a view binds to it: a list of its jobs, how many have not
 * ended, each job's workflow name and the running node by its title,
 * and a retry that runs a failed job's exact workflow again. */
static void
test_job_queue_model (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) wf = workflow ("sd15_txt2img_default.json");
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  KumoJobRequest request = { .workflow = wf, .n_nodes = 7, .title = "lighthouse.json", .node_titles = titles };
  KumoJob *first, *second, *again;
  guint n_active_notified = 0;

  g_hash_table_insert (titles, (char *) "3", (char *) "The Sampler");
  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_emulator_get_faults (f.emulator)->fail_class = g_strdup ("KSampler");
  request.output_folder = f.folder;
  g_signal_connect_swapped (f.queue, "notify::n-active", G_CALLBACK (g_atomic_int_inc), &n_active_notified);
  wait_connected (&f);

  first = kumo_job_queue_submit (f.queue, &request);
  request.node_titles = NULL;
  second = kumo_job_queue_submit (f.queue, &request);
  g_assert_cmpuint (kumo_job_queue_get_n_active (f.queue), ==, 2);
  g_assert_cmpstr (kumo_job_get_title (first), ==, "lighthouse.json");
  wait_idle (&f);

  g_assert_cmpuint (kumo_job_queue_get_n_active (f.queue), ==, 0);
  g_assert_cmpuint (n_active_notified, >=, 2);
  g_assert_cmpint (kumo_job_get_state (first), ==, KUMO_JOB_STATE_FAILED);
  /* The failing node stays the last one run: its title is the one given,
   * or, without one, the workflow's own. */
  g_assert_cmpstr (kumo_job_get_node_title (first), ==, "The Sampler");
  g_assert_cmpstr (kumo_job_get_node_title (second), ==, "KSampler");

  g_free (g_steal_pointer (&kumo_emulator_get_faults (f.emulator)->fail_class));
  again = kumo_job_queue_retry (f.queue, first);
  g_assert_true (again != first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.queue)), ==, 3);
  wait_idle (&f);
  g_assert_cmpint (kumo_job_get_state (again), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_true (g_bytes_equal (kumo_job_get_workflow (again), wf));
  g_assert_cmpstr (kumo_job_get_title (again), ==, "lighthouse.json");
  assert_files (&f, again, 1);

  teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/job-queue/local", test_job_queue_local);
  g_test_add_func ("/kumo/job-queue/cloud", test_job_queue_cloud);
  g_test_add_func ("/kumo/job-queue/instant", test_job_queue_instant);
  g_test_add_func ("/kumo/job-queue/socket-dropped", test_job_queue_socket_dropped);
  g_test_add_func ("/kumo/job-queue/hostile-names", test_job_queue_hostile_names);
  g_test_add_func ("/kumo/job-queue/rejected", test_job_queue_rejected);
  g_test_add_func ("/kumo/job-queue/cancel", test_job_queue_cancel);
  g_test_add_func ("/kumo/job-queue/cancel-one-on-cloud", test_job_queue_cancel_one_on_cloud);
  g_test_add_func ("/kumo/job-queue/no-jobs-api", test_job_queue_no_jobs_api);
  g_test_add_func ("/kumo/job-queue/silent-socket", test_job_queue_silent_socket);
  g_test_add_func ("/kumo/job-queue/animated-outputs", test_job_queue_animated_outputs);
  g_test_add_func ("/kumo/job-queue/oversized-messages", test_job_queue_oversized_messages);
  g_test_add_func ("/kumo/job-queue/reused", test_job_queue_reused);
  g_test_add_func ("/kumo/job-queue/waits-for-room", test_job_queue_waits_for_room);
  g_test_add_func ("/kumo/job-queue/cancel-while-waiting-for-room", test_job_queue_cancel_while_waiting_for_room);
  g_test_add_func ("/kumo/job-queue/first-requests-refused", test_job_queue_first_requests_refused);
  g_test_add_func ("/kumo/job-queue/download-left-for-resume", test_job_queue_download_left_for_resume);
  g_test_add_func ("/kumo/job-queue/lost-answer", test_job_queue_lost_answer);
  g_test_add_func ("/kumo/job-queue/images-over-the-socket", test_job_queue_images_over_the_socket);
  g_test_add_func ("/kumo/job-queue/node-fails", test_job_queue_node_fails);
  g_test_add_func ("/kumo/job-queue/model", test_job_queue_model);

  return g_test_run ();
}
