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
  KumoJobQueue *queue;
  GFile        *folder;
  char         *folder_path;
} Fixture;

static void
setup (Fixture            *f,
       KumoEmulatorFlavor  flavor,
       KumoNodeCatalog    *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  static guint n;
  const char *key = flavor == KUMO_EMULATOR_CLOUD ? "sekret" : NULL;

  f->emulator = kumo_emulator_new (flavor, key, catalog);
  kumo_emulator_set_timing (f->emulator, 3, 5, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  url = kumo_emulator_dup_base_url (f->emulator);
  f->client = kumo_client_new (url, flavor == KUMO_EMULATOR_CLOUD ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL, key, &error);
  kumo_client_set_retry_delays (f->client, 10, 4);
  f->folder_path = g_strdup_printf ("%s/out-%u", g_get_user_data_dir (), n++);
  f->folder = g_file_new_for_path (f->folder_path);
  f->queue = kumo_job_queue_new (f->client, f->folder, NULL);
  kumo_event_stream_set_backoff (kumo_job_queue_get_stream (f->queue), 20, 100);
  kumo_job_queue_set_poll_interval (f->queue, 30);
}

static void
teardown (Fixture *f)
{
  g_clear_object (&f->queue);
  g_clear_object (&f->client);
  g_clear_object (&f->emulator);
  g_clear_object (&f->folder);
  g_free (f->folder_path);
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
  GPtrArray *files = kumo_job_get_files (job);

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

  a = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
  b = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
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
  job = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
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
  job = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
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
      job = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
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
      const char *data;
      KumoJob *job;

      setup (&f, KUMO_EMULATOR_CLOUD, NULL);
      wait_connected (&f);
      job = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
      wait_idle (&f);

      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      g_assert_cmpuint (kumo_job_get_files (job)->len, ==, 1);
      path = g_file_get_path (g_ptr_array_index (kumo_job_get_files (job), 0));
      g_assert_true (g_str_has_suffix (path, cases[i].suffix));
      g_assert_true (g_file_has_prefix (g_ptr_array_index (kumo_job_get_files (job), 0), f.folder));
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
  first = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
  wait_idle (&f);
  again = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
  wait_idle (&f);
  new_seed = kumo_job_queue_submit (f.queue, other, 7, FALSE);
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

  setup (&f, KUMO_EMULATOR_LOCAL, kumo_test_catalog (KUMO_TEST_CATALOG_2026));
  wait_connected (&f);
  job = kumo_job_queue_submit (f.queue, wf, 4, FALSE);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (kumo_job_get_error (job), "rejected"));
  g_assert_cmpint (kumo_job_get_error_kind (job), ==, KUMO_JOB_ERROR_REJECTED);
  g_assert_cmpuint (kumo_job_get_files (job)->len, ==, 0);

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

  running = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
  waiting = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
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

  cancelled = kumo_job_queue_submit (f.queue, wf, 7, FALSE);
  kept = kumo_job_queue_submit (f.queue, wf, 8, FALSE);
  g_signal_connect (cancelled, "notify::node", G_CALLBACK (cancel_when_running), f.queue);
  wait_idle (&f);

  g_assert_cmpint (kumo_job_get_state (cancelled), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpuint (kumo_job_get_files (cancelled)->len, ==, 0);
  g_assert_cmpint (kumo_job_get_state (kept), ==, KUMO_JOB_STATE_SUCCEEDED);
  assert_files (&f, kept, 1);

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

  return g_test_run ();
}
