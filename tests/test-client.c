/* test-client.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-client.h"
#include "kumo-emulator.h"
#include "kumo-problem.h"
#include "kumo-test-catalog.h"

typedef struct
{
  KumoEmulator *emulator;
  KumoClient   *client;
  GAsyncResult *result;
} Fixture;

static void
setup (Fixture            *f,
       KumoEmulatorFlavor  flavor,
       GBytes             *object_info)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *key = flavor == KUMO_EMULATOR_CLOUD ? "sekret" : NULL;

  f->emulator = kumo_emulator_new (flavor, key, object_info);
  kumo_emulator_set_timing (f->emulator, 2, 5, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  url = kumo_emulator_dup_base_url (f->emulator);
  f->client = kumo_client_new (url, flavor == KUMO_EMULATOR_CLOUD ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL, key, &error);
  g_assert_no_error (error);
  kumo_client_set_retry_delays (f->client, 10, 4);
}

static void
teardown (Fixture *f)
{
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->emulator);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static GBytes *
workflow_bytes (const char *name)
{
  g_autofree char *path = kumo_test_fixture_path ("api", name);
  return kumo_test_load_bytes (path);
}

static char *
submit (Fixture        *f,
        GBytes         *workflow,
        KumoHttpError **rejection,
        GError        **error)
{
  kumo_client_submit_async (f->client, workflow, "kumo-test", NULL, FALSE, NULL, done_cb, f);
  wait_result (f);
  return kumo_client_submit_finish (f->client, f->result, rejection, error);
}

static void
test_client_refuses_key_in_the_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoClient) remote = kumo_client_new ("http://192.0.2.7:8188", KUMO_FLAVOR_LOCAL, "sekret", &error);
  g_autoptr(KumoClient) loopback = NULL;
  g_autoptr(KumoClient) bad = NULL;

  g_assert_null (remote);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (strstr (error->message, "sekret"));
  g_clear_error (&error);

  loopback = kumo_client_new ("http://127.0.0.1:8188/", KUMO_FLAVOR_LOCAL, "sekret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kumo_client_get_base_url (loopback), ==, "http://127.0.0.1:8188");

  bad = kumo_client_new ("ftp://example.com", KUMO_FLAVOR_LOCAL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_cmpint (kumo_client_guess_flavor ("https://cloud.comfy.org"), ==, KUMO_FLAVOR_CLOUD);
  g_assert_cmpint (kumo_client_guess_flavor ("http://127.0.0.1:8188"), ==, KUMO_FLAVOR_LOCAL);
}

/* The socket URL carries the key on the cloud; what is shown does not. */
static void
test_client_websocket_url (void)
{
  g_autoptr(KumoClient) cloud = kumo_client_new (KUMO_CLOUD_URL, KUMO_FLAVOR_CLOUD, "comfyui-abc", NULL);
  g_autofree char *url = kumo_client_dup_websocket_url (cloud, "id 1", FALSE);
  g_autofree char *shown = kumo_client_dup_websocket_url (cloud, "id 1", TRUE);

  g_assert_cmpstr (url, ==, "wss://cloud.comfy.org/ws?clientId=id%201&token=comfyui-abc");
  g_assert_cmpstr (shown, ==, "wss://cloud.comfy.org/ws?clientId=id%201&token=REDACTED");
}

static void
test_client_catalog_and_cache (void)
{
  Fixture f = { 0 };
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) cache = NULL;

  setup (&f, KUMO_EMULATOR_CLOUD, kumo_test_object_info (KUMO_TEST_CATALOG_2025));
  kumo_client_fetch_catalog_async (f.client, NULL, done_cb, &f);
  wait_result (&f);
  catalog = kumo_client_fetch_catalog_finish (f.client, f.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kumo_node_catalog_get_n_classes (catalog), ==, 496);

  /* Cached for the next start, per server. */
  cache = kumo_node_catalog_cache_file (kumo_client_get_base_url (f.client));
  g_assert_true (g_file_query_exists (cache, NULL));

  teardown (&f);
}

/* A rejected workflow comes back with its problems per node and input. */
static void
test_client_submit_rejected (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) workflow = NULL;
  g_autoptr(KumoHttpError) rejection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = kumo_test_data_path ("dynamic-inputs.json");

  setup (&f, KUMO_EMULATOR_LOCAL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  workflow = kumo_test_load_bytes (path);
  id = submit (&f, workflow, &rejection, &error);

  g_assert_null (id);
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_PROMPT_REJECTED);
  g_assert_nonnull (rejection);
  g_assert_nonnull (rejection->problems);
  g_assert_cmpuint (rejection->problems->len, ==, 2);

  /* ComfyUI's shapes and words, read per node and input. */
  for (guint i = 0; i < rejection->problems->len; i++)
    {
      KumoProblem *problem = g_ptr_array_index (rejection->problems, i);

      if (g_str_equal (problem->node_id, "2"))
        {
          g_assert_cmpstr (problem->class_type, ==, "LoadImage");
          g_assert_cmpstr (problem->input_name, ==, "image");
          g_assert_cmpstr (problem->type, ==, "custom_validation_failed");
          g_assert_cmpstr (problem->message, ==, "Custom validation failed for node: image - Invalid image file: cat.png");
        }
      else
        {
          g_assert_cmpstr (problem->node_id, ==, "3");
          g_assert_cmpstr (problem->input_name, ==, "images.image1");
          g_assert_cmpstr (problem->type, ==, "return_type_mismatch");
          g_assert_cmpstr (problem->details, ==, "images.image1, received_type(MASK) mismatch input_type(IMAGE)");
        }
    }

  teardown (&f);
}

/* A 503 means "not processed": retried a few times, one job only. */
static void
test_client_submit_retries_once_accepted (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) workflow = workflow_bytes ("sd15_txt2img_default.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  KumoEmulatorFaults *faults;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  faults = kumo_emulator_get_faults (f.emulator);
  faults->refuse_count = 2;
  faults->refuse_status = 503;

  id = submit (&f, workflow, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);
  g_assert_cmpuint (faults->refuse_count, ==, 0);

  teardown (&f);
}

/* A full queue can last longer than any number of tries: the submit
 * hands it back at once, with the server's Retry-After, for the queue
 * to wait for room; its message promises nothing. */
static void
test_client_submit_queue_full (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) workflow = workflow_bytes ("sd15_txt2img_default.json");
  g_autoptr(KumoHttpError) rejection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  KumoEmulatorFaults *faults;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  faults = kumo_emulator_get_faults (f.emulator);
  faults->queue_full = 3;
  faults->retry_after = 7;

  id = submit (&f, workflow, &rejection, &error);
  g_assert_null (id);
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_QUEUE_FULL);
  g_assert_null (strstr (error->message, "again"));
  g_assert_nonnull (rejection);
  g_assert_cmpint (rejection->retry_after, ==, 7);
  g_assert_cmpuint (faults->queue_full, ==, 2);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 0);

  teardown (&f);
}

/* A download is an idempotent GET: a 503 is asked again, and the file
 * arrives whole, once. */
static void
test_client_download_retries_server_errors (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autofree char *path = g_strdup_printf ("%s/retried-%u.png", g_get_user_data_dir (), i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\nsome bytes", 18);
      g_autoptr(GBytes) saved = NULL;
      g_autoptr(GError) error = NULL;
      KumoOutputFile output = { .filename = (char *) "x.png", .subfolder = (char *) "", .type = (char *) "output" };

      setup (&f, flavors[i], NULL);
      kumo_emulator_add_file (f.emulator, "output", "", "x.png", png);
      kumo_emulator_get_faults (f.emulator)->fail_downloads = 2;

      kumo_client_download_async (f.client, &output, file, NULL, done_cb, &f);
      wait_result (&f);
      g_assert_true (kumo_client_download_finish (f.client, f.result, &error));
      g_assert_no_error (error);
      saved = kumo_test_load_bytes (path);
      g_assert_true (g_bytes_equal (saved, png));
      g_assert_cmpuint (kumo_emulator_get_faults (f.emulator)->fail_downloads, ==, 0);

      teardown (&f);
    }
}

/* A 500 on submit might have been processed: never sent twice. */
static void
test_client_submit_no_retry_on_500 (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) workflow = workflow_bytes ("sd15_txt2img_default.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  KumoEmulatorFaults *faults;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  faults = kumo_emulator_get_faults (f.emulator);
  faults->refuse_count = 1;
  faults->refuse_status = 500;

  id = submit (&f, workflow, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (faults->refuse_count, ==, 0);

  teardown (&f);
}

static gboolean
job_finished (Fixture    *f,
              const char *id)
{
  g_autofree char *route = g_strdup_printf ("/jobs/%s", id);
  g_autoptr(KumoJson) job = NULL;

  kumo_client_get_json_async (f->client, route, NULL, done_cb, f);
  wait_result (f);
  job = kumo_client_get_json_finish (f->client, f->result, NULL);
  return job != NULL && g_strcmp0 (kumo_json_object_get_string_or (job, "status", NULL), "completed") == 0;
}

/* Cloud: the download follows the 302 without the key, streams into a
 * .part file and renames it; the storage host never sees the key. */
static void
test_client_download (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GBytes) workflow = workflow_bytes ("sd15_txt2img_default.json");
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *route = NULL;
      g_autoptr(KumoJson) job = NULL;
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GFile) folder = NULL;
      g_autoptr(GFile) target = NULL;
      g_autoptr(GFile) part = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autofree char *folder_path = g_build_filename (g_get_tmp_dir (), flavors[i] ? "cloud" : "local", NULL);
      g_autofree char *path = NULL;
      g_autofree char *part_path = NULL;

      setup (&f, flavors[i], NULL);
      id = submit (&f, workflow, NULL, &error);
      g_assert_no_error (error);

      while (!job_finished (&f, id))
        ;

      route = g_strdup_printf ("/jobs/%s", id);
      kumo_client_get_json_async (f.client, route, NULL, done_cb, &f);
      wait_result (&f);
      job = kumo_client_get_json_finish (f.client, f.result, &error);
      files = kumo_outputs_scan_all (kumo_json_object_get (job, "outputs"));
      g_assert_cmpuint (files->len, ==, 1);

      folder = g_file_new_for_path (folder_path);
      target = kumo_output_file_reserve (g_ptr_array_index (files, 0), folder, NULL);
      kumo_client_download_async (f.client, g_ptr_array_index (files, 0), target, NULL, done_cb, &f);
      wait_result (&f);
      g_assert_true (kumo_client_download_finish (f.client, f.result, &error));
      g_assert_no_error (error);

      path = g_file_get_path (target);
      png = kumo_test_load_bytes (path);
      g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
      part_path = g_strconcat (path, ".part", NULL);
      part = g_file_new_for_path (part_path);
      g_assert_false (g_file_query_exists (part, NULL));
      g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 0);

      teardown (&f);
    }
}

/* A missing file: an error, and nothing half-written left behind. */
static void
test_client_download_missing (void)
{
  Fixture f = { 0 };
  KumoOutputFile missing = { .filename = (char *) "nope.png", .subfolder = (char *) "", .type = (char *) "output" };
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "missing", "nope.png", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_client_download_async (f.client, &missing, target, NULL, done_cb, &f);
  wait_result (&f);
  g_assert_false (kumo_client_download_finish (f.client, f.result, &error));
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  teardown (&f);
}

/* A file of @size bytes that no compression or coincidence can fake. */
static GBytes *
noise_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_test_rand_int_range (0, 256);
  return g_bytes_new_take (data, size);
}

/* Downloads a file which the emulator cuts off halfway @cuts times,
 * after going silent halfway @stalls times. */
static gboolean
download_cut (KumoEmulatorFlavor   flavor,
              guint                stalls,
              guint                cuts,
              guint                misplaced,
              GBytes              *content,
              const char          *path,
              guint               *n_partial,
              GError             **error)
{
  Fixture f = { 0 };
  KumoOutputFile output = { .filename = (char *) "big.png", .subfolder = (char *) "", .type = (char *) "output" };
  g_autoptr(GFile) target = g_file_new_for_path (path);
  gboolean ok;

  setup (&f, flavor, NULL);
  kumo_emulator_add_file (f.emulator, "output", "", "big.png", content);
  kumo_emulator_get_faults (f.emulator)->cut_downloads = cuts;
  kumo_emulator_get_faults (f.emulator)->stall_downloads = stalls;
  kumo_emulator_get_faults (f.emulator)->misplaced_ranges = misplaced;
  kumo_client_set_timeout (f.client, 1);

  kumo_client_download_async (f.client, &output, target, NULL, done_cb, &f);
  wait_result (&f);
  ok = kumo_client_download_finish (f.client, f.result, error);
  g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 0);
  *n_partial = kumo_emulator_get_n_partial (f.emulator);

  teardown (&f);
  return ok;
}

/* A connection lost mid-file resumes with Range where it stopped, and
 * the file on disk is the server's, byte for byte. */
static void
test_client_download_resumes (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };
  g_autoptr(GBytes) content = noise_bytes (3 * 1024 * 1024 + 17);

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), flavors[i] ? "cloud" : "local", "resumed.png", NULL);
      g_autofree char *part = g_strconcat (path, ".part", NULL);
      g_autoptr(GBytes) saved = NULL;
      g_autoptr(GError) error = NULL;
      guint n_partial = 0;

      /* Cut on the whole file, then again on the first resumed range. */
      g_assert_true (download_cut (flavors[i], 0, 2, 0, content, path, &n_partial, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_partial, ==, 1);

      saved = kumo_test_load_bytes (path);
      g_assert_true (g_bytes_equal (saved, content));
      g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
      g_unlink (path);
    }
}

/* A resumed download answered with another part of the file than the
 * rest: it is not stitched onto what is on disk, but fetched again,
 * whole, and the file is the server's byte for byte. */
static void
test_client_download_misplaced_range (void)
{
  g_autoptr(GBytes) content = noise_bytes (1024 * 1024 + 3);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "misplaced", "whole.png", NULL);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  guint n_partial = 0;

  g_assert_true (download_cut (KUMO_EMULATOR_LOCAL, 0, 1, 1, content, path, &n_partial, &error));
  g_assert_no_error (error);
  saved = kumo_test_load_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (saved), ==, g_bytes_get_size (content));
  g_assert_true (g_bytes_equal (saved, content));
}

/* A server that goes silent mid-file: after the timeout the download
 * resumes where it stopped. */
static void
test_client_download_stalled (void)
{
  g_autoptr(GBytes) content = noise_bytes (2 * 1024 * 1024 + 5);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "stalled", "slow.png", NULL);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  guint n_partial = 0;

  g_assert_true (download_cut (KUMO_EMULATOR_CLOUD, 1, 0, 0, content, path, &n_partial, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_partial, ==, 1);
  saved = kumo_test_load_bytes (path);
  g_assert_true (g_bytes_equal (saved, content));
}

/* When every try is cut short: an error that says so, and neither the
 * output nor its .part left on disk. */
static void
test_client_download_gives_up (void)
{
  g_autoptr(GBytes) content = noise_bytes (256 * 1024);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cut", "never.png", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GError) error = NULL;
  guint n_partial = 0;

  g_assert_false (download_cut (KUMO_EMULATOR_CLOUD, 0, 100, 0, content, path, &n_partial, &error));
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_client_unauthorized (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) user = NULL;
  g_autofree char *url = NULL;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  url = kumo_emulator_dup_base_url (f.emulator);
  g_clear_object (&f.client);
  f.client = kumo_client_new (url, KUMO_FLAVOR_CLOUD, "wrong-key", NULL);

  kumo_client_get_json_async (f.client, "/user", NULL, done_cb, &f);
  wait_result (&f);
  user = kumo_client_get_json_finish (f.client, f.result, &error);
  g_assert_null (user);
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "wrong-key"));

  teardown (&f);
}

static GFile *
write_png_header (const char *name,
                  guint32     width,
                  guint32     height)
{
  guint8 header[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  header[16] = width >> 24; header[17] = width >> 16; header[18] = width >> 8; header[19] = width;
  header[20] = height >> 24; header[21] = height >> 16; header[22] = height >> 8; header[23] = height;
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (path, (const char *) header, sizeof header, NULL));
  return g_file_new_for_path (path);
}

/* The name the server gives an upload is what goes into the workflow:
 * the file name locally, a content hash on the cloud. */
static void
test_client_upload (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GFile) file = write_png_header ("portrait.png", 640, 480);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;

      setup (&f, flavors[i], NULL);
      kumo_client_upload_async (f.client, file, NULL, NULL, NULL, done_cb, &f);
      wait_result (&f);
      name = kumo_client_upload_finish (f.client, f.result, &error);
      g_assert_no_error (error);

      if (flavors[i] == KUMO_EMULATOR_LOCAL)
        g_assert_cmpstr (name, ==, "portrait.png");
      else
        {
          g_assert_true (g_str_has_suffix (name, ".png"));
          g_assert_cmpuint (strlen (name), ==, 64 + 4);
        }

      teardown (&f);
    }
}

typedef struct
{
  guint   calls;
  goffset done;
  goffset total;
} Progress;

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpint (done, >=, progress->done);
  g_assert_cmpint (done, <=, total);
  progress->calls++;
  progress->done = done;
  progress->total = total;
}

/* A large upload streams from disk and reports its progress; what the
 * server stored is the file, byte for byte, under the name it gave. */
static void
test_client_upload_streams (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) content = noise_bytes (4 * 1024 * 1024 + 3);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "clip \"one\".wav", NULL);
  g_autofree char *back_path = g_build_filename (g_get_user_data_dir (), "back", "clip.wav", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) back = g_file_new_for_path (back_path);
  g_autoptr(GBytes) returned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Progress progress = { 0 };
  KumoOutputFile uploaded = { .subfolder = (char *) "", .type = (char *) "input" };

  g_assert_true (g_mkdir_with_parents (g_get_user_data_dir (), 0700) == 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (content, NULL), g_bytes_get_size (content), NULL));

  setup (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_client_upload_async (f.client, file, progress_cb, &progress, NULL, done_cb, &f);
  wait_result (&f);
  name = kumo_client_upload_finish (f.client, f.result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "clip \"one\".wav");

  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpint (progress.done, ==, progress.total);
  g_assert_cmpint (progress.total, >, g_bytes_get_size (content));

  uploaded.filename = name;
  kumo_client_download_async (f.client, &uploaded, back, NULL, done_cb, &f);
  wait_result (&f);
  g_assert_true (kumo_client_download_finish (f.client, f.result, &error));
  returned = kumo_test_load_bytes (back_path);
  g_assert_true (g_bytes_equal (returned, content));

  teardown (&f);
}

/* A mask goes to /api/upload/mask with the image it belongs to; the
 * server's name for the result is what the workflow gets. */
static void
test_client_upload_mask (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GFile) photo = write_png_header ("photo.png", 512, 512);
      g_autoptr(GFile) mask = write_png_header ("mask.png", 512, 512);
      g_autoptr(GError) error = NULL;
      g_autofree char *photo_name = NULL;
      g_autofree char *mask_name = NULL;
      KumoOutputFile original = { .subfolder = (char *) "", .type = (char *) "input" };

      setup (&f, flavors[i], NULL);
      kumo_client_upload_async (f.client, photo, NULL, NULL, NULL, done_cb, &f);
      wait_result (&f);
      photo_name = kumo_client_upload_finish (f.client, f.result, &error);
      g_assert_no_error (error);

      original.filename = photo_name;
      kumo_client_upload_mask_async (f.client, mask, &original, NULL, NULL, NULL, done_cb, &f);
      wait_result (&f);
      mask_name = kumo_client_upload_finish (f.client, f.result, &error);
      g_assert_no_error (error);
      g_assert_nonnull (mask_name);
      g_assert_true (g_str_has_suffix (mask_name, ".png"));

      teardown (&f);
    }
}

/* Over 16384 px on an edge: refused before anything is sent. */
static void
test_client_upload_too_large (void)
{
  Fixture f = { 0 };
  g_autoptr(GFile) file = write_png_header ("huge.png", 20000, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  setup (&f, KUMO_EMULATOR_CLOUD, NULL);
  kumo_emulator_get_faults (f.emulator)->refuse_count = 1;
  kumo_client_upload_async (f.client, file, NULL, NULL, NULL, done_cb, &f);
  wait_result (&f);
  name = kumo_client_upload_finish (f.client, f.result, &error);

  g_assert_null (name);
  g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "20000 × 100"));
  /* Nothing reached the server. */
  g_assert_cmpuint (kumo_emulator_get_faults (f.emulator)->refuse_count, ==, 1);

  /* Within 16384 a side, but over 64 megapixels. */
  {
    g_autoptr(GFile) wide = write_png_header ("wide.png", 10000, 7000);
    g_autofree char *wide_name = NULL;

    g_clear_error (&error);
    kumo_client_upload_async (f.client, wide, NULL, NULL, NULL, done_cb, &f);
    wait_result (&f);
    wide_name = kumo_client_upload_finish (f.client, f.result, &error);
    g_assert_null (wide_name);
    g_assert_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "70 megapixels"));
  }

  teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/client/refuses-key-in-the-clear", test_client_refuses_key_in_the_clear);
  g_test_add_func ("/kumo/client/websocket-url", test_client_websocket_url);
  g_test_add_func ("/kumo/client/catalog-and-cache", test_client_catalog_and_cache);
  g_test_add_func ("/kumo/client/submit-rejected", test_client_submit_rejected);
  g_test_add_func ("/kumo/client/submit-retries-once-accepted", test_client_submit_retries_once_accepted);
  g_test_add_func ("/kumo/client/submit-queue-full", test_client_submit_queue_full);
  g_test_add_func ("/kumo/client/download-retries-server-errors", test_client_download_retries_server_errors);
  g_test_add_func ("/kumo/client/submit-no-retry-on-500", test_client_submit_no_retry_on_500);
  g_test_add_func ("/kumo/client/download", test_client_download);
  g_test_add_func ("/kumo/client/download-missing", test_client_download_missing);
  g_test_add_func ("/kumo/client/download-resumes", test_client_download_resumes);
  g_test_add_func ("/kumo/client/download-misplaced-range", test_client_download_misplaced_range);
  g_test_add_func ("/kumo/client/download-gives-up", test_client_download_gives_up);
  g_test_add_func ("/kumo/client/download-stalled", test_client_download_stalled);
  g_test_add_func ("/kumo/client/unauthorized", test_client_unauthorized);
  g_test_add_func ("/kumo/client/upload", test_client_upload);
  g_test_add_func ("/kumo/client/upload-too-large", test_client_upload_too_large);
  g_test_add_func ("/kumo/client/upload-streams", test_client_upload_streams);
  g_test_add_func ("/kumo/client/upload-mask", test_client_upload_mask);

  return g_test_run ();
}
