/* kumo-emulator-main.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "kumo-emulator.h"

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoEmulator) emulator = NULL;
  g_autoptr(GBytes) object_info_bytes = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flavor = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *object_info = NULL;
  g_autofree char *url = NULL;
  g_autofree char *fail_class = NULL;
  g_autofree char *model_list = NULL;
  KumoEmulatorFaults *faults;
  int port = 8188, steps = 5, step_ms = 20, max_running = 1, image_size = 256;
  int preview_size = 64, state_nodes = 0;
  int refuse = 0, refuse_status = 503, retry_after = 0, cut_downloads = 0, stall_downloads = 0;
  int queue_full = 0, fail_downloads = 0, lose_answers = 0;
  gboolean drop_socket = FALSE, silent_socket = FALSE, instant = FALSE, hostile = FALSE, no_jobs_api = FALSE, oversized = FALSE;
  gboolean first_of_each_503 = FALSE;
  gboolean no_api_access = FALSE;
  const GOptionEntry entries[] = {
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor, "local (default) or cloud", "FLAVOR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Loopback port (default 8188, 0 for any)", "PORT" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The key cloud clients must send", "KEY" },
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, &object_info, "Node definitions to serve and validate against", "FILE" },
    { "models", 0, 0, G_OPTION_ARG_STRING, &model_list,
      "The model files it has, as FOLDER/FILE (checkpoints/x.safetensors; a bare name is a checkpoint), comma-separated; "
      "default: those the shared fixtures load", "LIST" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Sampler steps per job, at most (default 5)", "N" },
    { "step-ms", 0, 0, G_OPTION_ARG_INT, &step_ms, "Time per step (default 20)", "MS" },
    { "image-size", 0, 0, G_OPTION_ARG_INT, &image_size, "Edge of output images (default 256; 800 is about 1.5 MB)", "PIXELS" },
    { "max-running", 0, 0, G_OPTION_ARG_INT, &max_running, "Jobs run at once (default 1)", "N" },
    { "refuse", 0, 0, G_OPTION_ARG_INT, &refuse, "Refuse the first N requests", "N" },
    { "refuse-status", 0, 0, G_OPTION_ARG_INT, &refuse_status, "… with this status (500, 503, 429)", "STATUS" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after, "… and this Retry-After", "SECONDS" },
    { "drop-socket", 0, 0, G_OPTION_ARG_NONE, &drop_socket, "Drop every WebSocket in the middle of the first job", NULL },
    { "silent-socket", 0, 0, G_OPTION_ARG_NONE, &silent_socket, "Keep WebSockets open but stop sending in the middle of the first job", NULL },
    { "instant", 0, 0, G_OPTION_ARG_NONE, &instant, "Finish jobs before answering POST /prompt", NULL },
    { "hostile-filenames", 0, 0, G_OPTION_ARG_NONE, &hostile, "Name outputs to escape the client's folder", NULL },
    { "no-jobs-api", 0, 0, G_OPTION_ARG_NONE, &no_jobs_api, "Answer 404 to /api/jobs, as servers before Dec 2025", NULL },
    { "oversized-messages", 0, 0, G_OPTION_ARG_NONE, &oversized, "Send progress_state messages of about 1 MB", NULL },
    { "preview-size", 0, 0, G_OPTION_ARG_INT, &preview_size, "Edge of live previews (default 64)", "PX" },
    { "state-nodes", 0, 0, G_OPTION_ARG_INT, &state_nodes,
      "Entries per progress_state message, as a graph of N nodes sends (about 170 bytes each)", "N" },
    { "stall-downloads", 0, 0, G_OPTION_ARG_INT, &stall_downloads, "Go silent halfway through the first N downloads", "N" },
    { "cut-downloads", 0, 0, G_OPTION_ARG_INT, &cut_downloads, "Hang up halfway through the first N downloads", "N" },
    { "fail-class", 0, 0, G_OPTION_ARG_STRING, &fail_class, "Nodes of this class fail with an execution error", "CLASS" },
    { "queue-full", 0, 0, G_OPTION_ARG_INT, &queue_full, "Refuse the first N submits with 429 QUEUE_LIMIT (and --retry-after)", "N" },
    { "first-of-each-503", 0, 0, G_OPTION_ARG_NONE, &first_of_each_503,
      "Answer the first request of each kind with 503, as a server still starting", NULL },
    { "fail-downloads", 0, 0, G_OPTION_ARG_INT, &fail_downloads, "Answer the first N downloads with 503", "N" },
    { "lose-answers", 0, 0, G_OPTION_ARG_INT, &lose_answers,
      "Queue the first N submitted jobs but break the connection before answering", "N" },
    { "no-api-access", 0, 0, G_OPTION_ARG_NONE, &no_api_access,
      "Take the key, but refuse everything as a plan without API access (cloud)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— a stand-in for ComfyUI and Comfy Cloud");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kumo-emulator: %s\n", error->message);
      return 1;
    }

  if (object_info != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (object_info);

      object_info_bytes = g_file_load_bytes (file, NULL, NULL, &error);
      if (object_info_bytes == NULL)
        {
          g_printerr ("kumo-emulator: %s\n", error->message);
          return 1;
        }
    }

  emulator = kumo_emulator_new (g_strcmp0 (flavor, "cloud") == 0 ? KUMO_EMULATOR_CLOUD : KUMO_EMULATOR_LOCAL,
                                api_key, object_info_bytes);
  if (model_list != NULL)
    {
      models = g_strsplit (model_list, ",", -1);
      kumo_emulator_set_models (emulator, (const char * const *) models);
    }
  kumo_emulator_set_timing (emulator, MAX (steps, 0), MAX (step_ms, 1), MAX (max_running, 1));
  kumo_emulator_set_image_size (emulator, MAX (image_size, 8));
  kumo_emulator_set_stream_load (emulator, MAX (preview_size, 8), MAX (state_nodes, 0));

  faults = kumo_emulator_get_faults (emulator);
  faults->refuse_count = MAX (refuse, 0);
  faults->refuse_status = refuse_status;
  faults->retry_after = MAX (retry_after, 0);
  faults->drop_socket_mid_job = drop_socket;
  faults->silent_socket = silent_socket;
  faults->instant = instant;
  faults->hostile_filenames = hostile;
  faults->cut_downloads = MAX (cut_downloads, 0);
  faults->stall_downloads = MAX (stall_downloads, 0);
  faults->no_jobs_api = no_jobs_api;
  faults->oversized_messages = oversized;
  faults->fail_class = g_steal_pointer (&fail_class);
  faults->queue_full = MAX (queue_full, 0);
  faults->first_of_each_503 = first_of_each_503;
  faults->no_api_access = no_api_access;
  faults->fail_downloads = MAX (fail_downloads, 0);
  faults->lose_answers = MAX (lose_answers, 0);

  if (!kumo_emulator_listen (emulator, MAX (port, 0), &error))
    {
      g_printerr ("kumo-emulator: %s\n", error->message);
      return 1;
    }

  url = kumo_emulator_dup_base_url (emulator);
  g_print ("kumo-emulator: %s flavour on %s, storage on port %u\n",
           g_strcmp0 (flavor, "cloud") == 0 ? "cloud" : "local", url,
           kumo_emulator_get_storage_port (emulator));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* For build-aux/soak: how many jobs it was given, which a batch must
   * not exceed (a job sent twice) nor fall short of (a job lost). */
  g_print ("kumo-emulator: %u jobs\n", kumo_emulator_get_n_jobs (emulator));

  if (kumo_emulator_get_key_leaks (emulator) > 0)
    {
      g_printerr ("kumo-emulator: the storage host was sent the API key %u times\n",
                  kumo_emulator_get_key_leaks (emulator));
      return 3;
    }

  return 0;
}
