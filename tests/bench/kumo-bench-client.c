/* kumo-bench-client.c — `build-aux/dev bench`, the client core
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kumo-bench-utils.h"
#include "kumo-client.h"
#include "kumo-emulator.h"
#include "kumo-output.h"
#include "kumo-ws-event.h"

/*
 * Each figure is a median beside a floor or a peer:
 *
 *  - the WebSocket message parser beside a bare json-glib parse of the
 *    same messages (the least any client does with them);
 *  - a download to disk through KumoClient (the .part file, the size
 *    check, the hand-followed redirect) beside a plain libsoup splice of
 *    the same URL into a file;
 *  - `kumo-cli run` for 50 jobs with 1.5 MB outputs, one at a time and
 *    five at a time, beside the Comfy Cloud documentation's own Python
 *    client on the same emulator in the same run: time per job, CPU per
 *    job and peak memory, from wait4().
 */

/* ---------------------------------------------------------------------- */
/* Parser                                                                 */
/* ---------------------------------------------------------------------- */

static GPtrArray *
sample_messages (void)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  const char *prompt = "\"prompt_id\":\"3f1b2c7e-8d7a-4a7e-9c1e-5b8f0a9d2e11\"";
  GString *state = g_string_new (NULL);

  /* What one job of a 60-node graph sends, in roughly its proportions. */
  g_ptr_array_add (messages, g_strdup ("{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":2}},\"sid\":\"c0ffee\"}}"));
  g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"execution_start\",\"data\":{%s,\"timestamp\":1764300000000}}", prompt));
  g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"execution_cached\",\"data\":{\"nodes\":[\"4\",\"5\",\"6\",\"7\"],%s,\"timestamp\":1764300000001}}", prompt));
  for (guint step = 1; step <= 20; step++)
    {
      g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"executing\",\"data\":{\"node\":\"3\",\"display_node\":\"3\",%s}}", prompt));
      g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"progress\",\"data\":{\"value\":%u,\"max\":20,%s,\"node\":\"3\"}}", step, prompt));
    }

  g_string_append_printf (state, "{\"type\":\"progress_state\",\"data\":{%s,\"nodes\":{", prompt);
  for (guint node = 1; node <= 60; node++)
    g_string_append_printf (state, "%s\"%u\":{\"value\":%u,\"max\":20,\"state\":\"%s\",\"node_id\":\"%u\",%s,\"display_node_id\":\"%u\",\"parent_node_id\":null,\"real_node_id\":\"%u\"}",
                            node > 1 ? "," : "", node, node % 20, node < 30 ? "finished" : "running", node, prompt, node, node);
  g_string_append (state, "}}}");
  g_ptr_array_add (messages, g_string_free (state, FALSE));

  g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"executed\",\"data\":{\"node\":\"9\",\"display_node\":\"9\",\"output\":{\"images\":[{\"filename\":\"ComfyUI_00001_.png\",\"subfolder\":\"\",\"type\":\"output\"}]},%s}}", prompt));
  g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"execution_success\",\"data\":{%s,\"timestamp\":1764300004000}}", prompt));
  return messages;
}

static void
bench_parser (guint runs)
{
  g_autoptr(GPtrArray) messages = sample_messages ();
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  const guint rounds = 400;
  gsize bytes = 0;
  double mine, theirs;

  for (guint i = 0; i < messages->len; i++)
    bytes += strlen (messages->pdata[i]);

  for (guint r = 0; r < runs; r++)
    {
      double start = kumo_bench_now_ms ();

      for (guint k = 0; k < rounds; k++)
        for (guint i = 0; i < messages->len; i++)
          {
            g_autoptr(KumoWsEvent) event = kumo_ws_event_parse_text (messages->pdata[i], -1, NULL);
            g_assert_nonnull (event);
          }
      mine = (rounds * messages->len) / ((kumo_bench_now_ms () - start) / 1000.0);
      g_array_append_val (ours, mine);

      start = kumo_bench_now_ms ();
      for (guint k = 0; k < rounds; k++)
        for (guint i = 0; i < messages->len; i++)
          {
            g_autoptr(JsonParser) parser = json_parser_new_immutable ();
            g_assert_true (json_parser_load_from_data (parser, messages->pdata[i], -1, NULL));
          }
      theirs = (rounds * messages->len) / ((kumo_bench_now_ms () - start) / 1000.0);
      g_array_append_val (floor, theirs);
    }

  mine = kumo_bench_median (ours);
  theirs = kumo_bench_median (floor);
  g_print ("\nWebSocket messages: parse a job's worth (%u messages, %.1f KB) %u times (median of %u)\n",
           messages->len, bytes / 1024.0, rounds, runs);
  g_print ("  %-34s %10.0f msg/s %7.1f MB/s\n", "KumoWsEvent (typed, routed)", mine,
           mine * bytes / messages->len / 1e6);
  g_print ("  %-34s %10.0f msg/s %7.1f MB/s   Kumo does %.2f× the messages/s\n",
           "json-glib parse only (floor)", theirs, theirs * bytes / messages->len / 1e6, mine / theirs);
}

/* ---------------------------------------------------------------------- */
/* Download                                                               */
/* ---------------------------------------------------------------------- */

typedef struct
{
  GMutex        lock;
  GCond         ready;
  char         *url;
  GMainLoop    *loop;
  GBytes       *payload;
} ServerThread;

/* The emulator runs on a thread of its own, so that serving the file
 * does not share the client's main loop and skew its numbers. */
static gpointer
server_thread (gpointer data)
{
  ServerThread *server = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(KumoEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, NULL);
  kumo_emulator_add_file (emulator, "output", "", "big.png", server->payload);
  if (!kumo_emulator_listen (emulator, 0, &error))
    g_error ("kumo-bench-client: %s", error->message);

  g_mutex_lock (&server->lock);
  server->url = kumo_emulator_dup_base_url (emulator);
  server->loop = g_main_loop_new (context, FALSE);
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  g_main_context_pop_thread_default (context);
  return NULL;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
} Wait;

static void
kumo_downloaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = kumo_client_download_finish (KUMO_CLIENT (object), result, &error);
  if (error != NULL)
    g_printerr ("kumo-bench-client: %s\n", error->message);
  g_main_loop_quit (wait->loop);
}

static void
plain_spliced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL) >= 0;
  g_main_loop_quit (wait->loop);
}

static void
plain_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GInputStream) body = soup_session_send_finish (SOUP_SESSION (object), result, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (g_object_get_data (G_OBJECT (object), "path"));
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);

  g_assert_nonnull (body);
  g_assert_nonnull (out);
  g_output_stream_splice_async (G_OUTPUT_STREAM (out), body,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, plain_spliced_cb, wait);
}

static gboolean
bench_download (guint runs)
{
  const gsize size = 64 * 1024 * 1024;
  ServerThread server = { 0 };
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("kumo-bench-XXXXXX", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.png", NULL);
  g_autofree char *view_url = NULL;
  g_autoptr(KumoClient) client = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GThread) thread = NULL;
  /* Borrowed strings: this one never goes through kumo_output_file_free(). */
  KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images",
                            .filename = (char *) "big.png", .subfolder = (char *) "",
                            .type = (char *) "output", .kind = KUMO_OUTPUT_IMAGE };
  guint8 *data = g_malloc (size);
  guint32 x = 2463534242u;
  double kumo_mbs, plain_mbs;

  for (gsize i = 0; i < size; i += 4)
    {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;
      memcpy (data + i, &x, 4);
    }
  server.payload = g_bytes_new_take (data, size);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);

  thread = g_thread_new ("emulator", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (server.url == NULL)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);

  client = kumo_client_new (server.url, KUMO_FLAVOR_LOCAL, NULL, NULL);
  view_url = g_strdup_printf ("%s/api/view?filename=big.png&subfolder=&type=output", server.url);
  g_object_set_data (G_OBJECT (session), "path", plain_path);

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *name = g_strdup_printf ("kumo-%u.png", r);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) destination = g_file_new_for_path (path);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", view_url);
      Wait wait = { loop, FALSE };
      double start, mbs;

      start = kumo_bench_now_ms ();
      kumo_client_download_async (client, &output, destination, NULL, kumo_downloaded_cb, &wait);
      g_main_loop_run (loop);
      if (!wait.ok)
        return FALSE;
      mbs = size / 1e6 / ((kumo_bench_now_ms () - start) / 1000.0);
      g_array_append_val (ours, mbs);
      g_unlink (path);

      start = kumo_bench_now_ms ();
      soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, plain_sent_cb, &wait);
      g_main_loop_run (loop);
      if (!wait.ok)
        return FALSE;
      mbs = size / 1e6 / ((kumo_bench_now_ms () - start) / 1000.0);
      g_array_append_val (plain, mbs);
      g_unlink (plain_path);
    }

  kumo_mbs = kumo_bench_median (ours);
  plain_mbs = kumo_bench_median (plain);
  g_print ("\nDownload to disk: one %zu MB output over loopback (median of %u)\n", size >> 20, runs);
  g_print ("  %-34s %7.0f MB/s\n", "KumoClient (.part, size check)", kumo_mbs);
  g_print ("  %-34s %7.0f MB/s   Kumo runs at %.2f× plain libsoup\n",
           "plain libsoup splice (floor)", plain_mbs, kumo_mbs / plain_mbs);

  g_main_loop_quit (server.loop);
  g_thread_join (g_steal_pointer (&thread));
  g_main_loop_unref (server.loop);
  g_free (server.url);
  g_bytes_unref (server.payload);
  g_rmdir (dir);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* kumo-cli run beside the Cloud documentation's client                   */
/* ---------------------------------------------------------------------- */

typedef struct
{
  double wall_ms;
  double cpu_ms;
  double rss_mb;
  guint  files;
} Usage;

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing && g_dir_read_name (listing))
    n++;
  return n;
}

static void
remove_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing && (name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

/* Runs @argv to the end and reads its cost from wait4(), which covers
 * the process alone (not the emulator it talks to). */
static gboolean
measure (const char * const *argv,
         const char * const *envp,
         const char         *out_dir,
         Usage              *usage)
{
  g_autoptr(GError) error = NULL;
  struct rusage rusage;
  GPid pid;
  int status;
  double start = kumo_bench_now_ms ();

  remove_files (out_dir);
  if (!g_spawn_async (NULL, (char **) argv, (char **) envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("kumo-bench-client: %s\n", error->message);
      return FALSE;
    }

  if (wait4 (pid, &status, 0, &rusage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("kumo-bench-client: %s failed\n", argv[0]);
      return FALSE;
    }

  usage->wall_ms = kumo_bench_now_ms () - start;
  usage->cpu_ms = (rusage.ru_utime.tv_sec + rusage.ru_stime.tv_sec) * 1000.0 +
                  (rusage.ru_utime.tv_usec + rusage.ru_stime.tv_usec) / 1000.0;
  usage->rss_mb = rusage.ru_maxrss / 1024.0;
  usage->files = count_files (out_dir);
  return TRUE;
}

/* Cloud flavour (key "bench-key") unless @local. */
static GSubprocess *
start_emulator (const char  *emulator,
                gboolean     local,
                guint        max_running,
                char       **url)
{
  g_autofree char *parallel = g_strdup_printf ("%u", max_running);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  const char *start, *end;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              emulator, "--flavor", local ? "local" : "cloud", "--api-key", "bench-key",
                              "--port", "0", "--steps", "4", "--step-ms", "1",
                              "--image-size", "800", "--max-running", parallel, NULL);
  if (process == NULL)
    {
      g_printerr ("kumo-bench-client: %s\n", error->message);
      return NULL;
    }

  /* "kumo-emulator: cloud flavour on http://127.0.0.1:PORT, storage …" */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
  start = line ? strstr (line, "http://") : NULL;
  end = start ? strchr (start, ',') : NULL;
  if (end == NULL)
    {
      g_subprocess_force_exit (process);
      g_object_unref (process);
      return NULL;
    }

  *url = g_strndup (start, end - start);
  return process;
}

static void
print_usage (const char  *label,
             const Usage *usage,
             guint        jobs,
             const Usage *peer)
{
  g_print ("  %-30s %7.1f ms/job %7.1f ms CPU/job %6.1f MB peak %4u files",
           label, usage->wall_ms / jobs, usage->cpu_ms / jobs, usage->rss_mb, usage->files);
  if (peer != NULL)
    g_print ("   %.2f× the time, %.2f× the memory", usage->wall_ms / peer->wall_ms, usage->rss_mb / peer->rss_mb);
  g_print ("\n");
}

static gboolean
bench_run (const char *cli,
           const char *emulator,
           const char *peers,
           guint       runs)
{
  const guint jobs = 50;
  g_autofree char *workflow = g_build_filename (peers, "workflows", "txt2img_api.json", NULL);
  g_autofree char *python_client = g_build_filename (peers, "cloud_doc_client.py", NULL);
  g_autofree char *home = g_dir_make_tmp ("kumo-bench-home-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (home, "out", NULL);
  g_autofree char *data_home = g_strdup_printf ("XDG_DATA_HOME=%s", home);
  g_autofree char *cache_home = g_strdup_printf ("XDG_CACHE_HOME=%s", home);
  g_autofree char *jobs_text = g_strdup_printf ("%u", jobs);
  const char *labels[] = { "kumo-cli run", "kumo-cli run --parallel 5", "cloud_doc_client.py --mode ws" };
  Usage best[3];

  if (!g_file_test (python_client, G_FILE_TEST_EXISTS))
    {
      g_print ("\nkumo-cli run: skipped, no peers at %s\n", peers);
      return TRUE;
    }

  g_mkdir_with_parents (out, 0700);

  for (guint which = 0; which < 3; which++)
    {
      g_autoptr(GArray) walls = g_array_new (FALSE, FALSE, sizeof (Usage));
      g_autoptr(GSubprocess) server = NULL;
      g_autofree char *url = NULL;
      gboolean parallel = which == 1;

      server = start_emulator (emulator, FALSE, parallel ? 5 : 1, &url);
      if (server == NULL)
        return FALSE;

      for (guint r = 0; r < runs; r++)
        {
          const char *kumo_argv[] = { cli, "run", workflow, "--server", url, "--count", jobs_text,
                                      "--seed", "increment", "--parallel", parallel ? "5" : "1",
                                      "--output", out, "--json", NULL };
          /* Debian's python, which has the peer's aiohttp and requests. */
          const char *python_argv[] = { "/usr/bin/python3", python_client, "--url", url, "--api-key", "bench-key",
                                        "--mode", "ws", "--runs", jobs_text, "--out", out, NULL };
          const char *envp[] = { "COMFY_CLOUD_API_KEY=bench-key", "GIO_USE_PROXY_RESOLVER=dummy",
                                 "GSETTINGS_BACKEND=memory", data_home, cache_home,
                                 "PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL };
          Usage usage;

          if (!measure (which == 2 ? python_argv : kumo_argv, envp, out, &usage))
            break;
          g_array_append_val (walls, usage);
        }

      /* The emulator shares our stdout: it must never outlive us. */
      g_subprocess_send_signal (server, SIGTERM);
      g_subprocess_wait (server, NULL, NULL);
      if (walls->len < runs)
        return FALSE;

      /* The median run by wall time, with its own CPU and memory. */
      g_array_sort (walls, kumo_bench_compare_doubles);
      best[which] = g_array_index (walls, Usage, walls->len / 2);
    }

  g_print ("\nRun %u jobs with 800×800 outputs (~1.5 MB) on the cloud-flavour emulator (median of %u)\n",
           jobs, runs);
  print_usage (labels[2], &best[2], jobs, NULL);
  print_usage (labels[0], &best[0], jobs, &best[2]);
  print_usage (labels[1], &best[1], jobs, &best[2]);

  remove_files (out);
  g_rmdir (out);
  remove_files (home);
  g_rmdir (home);
  return TRUE;
}

/* Uploads stream from disk: kumo-cli's peak memory with a 256 MB input
 * stays by its peak without one. */
static gboolean
bench_upload (const char *cli,
              const char *emulator,
              guint       runs)
{
  const goffset size = 256 * 1024 * 1024;
  const char *fixtures = g_getenv ("KUMO_FIXTURES_DIR");
  g_autofree char *workflow = fixtures ? g_build_filename (fixtures, "api", "sd15_img2img_loadimage.json", NULL) : NULL;
  g_autofree char *home = g_dir_make_tmp ("kumo-bench-upload-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (home, "out", NULL);
  g_autofree char *input = g_build_filename (home, "input.png", NULL);
  g_autofree char *upload = g_strdup_printf ("10.image=%s", input);
  g_autofree char *data_home = g_strdup_printf ("XDG_DATA_HOME=%s", home);
  g_autofree char *cache_home = g_strdup_printf ("XDG_CACHE_HOME=%s", home);
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *url = NULL;
  Usage with[8], without[8];
  int fd;

  if (workflow == NULL || !g_file_test (workflow, G_FILE_TEST_EXISTS))
    {
      g_print ("\nUpload: skipped, no fixtures (KUMO_FIXTURES_DIR)\n");
      return TRUE;
    }

  /* A sparse file: reading it costs no disk, sending it costs the same. */
  fd = g_open (input, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0 || ftruncate (fd, size) != 0)
    return FALSE;
  close (fd);
  g_mkdir_with_parents (out, 0700);

  server = start_emulator (emulator, TRUE, 1, &url);
  if (server == NULL)
    return FALSE;

  runs = MIN (runs, G_N_ELEMENTS (with));
  for (guint r = 0; r < runs; r++)
    {
      const char *with_argv[] = { cli, "run", workflow, "--server", url, "--upload", upload,
                                  "--output", out, "--json", NULL };
      const char *without_argv[] = { cli, "run", workflow, "--server", url, "--output", out, "--json", NULL };
      const char *envp[] = { "GIO_USE_PROXY_RESOLVER=dummy", "GSETTINGS_BACKEND=memory", data_home, cache_home,
                             "PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL };

      if (!measure (with_argv, envp, out, &with[r]) || !measure (without_argv, envp, out, &without[r]))
        {
          g_subprocess_send_signal (server, SIGTERM);
          g_subprocess_wait (server, NULL, NULL);
          return FALSE;
        }
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);

  qsort (with, runs, sizeof (Usage), kumo_bench_compare_doubles);
  qsort (without, runs, sizeof (Usage), kumo_bench_compare_doubles);
  g_print ("\nUpload a 256 MB input from disk with kumo-cli run --upload, local emulator (median of %u)\n", runs);
  g_print ("  with the upload                  %7.0f ms  %6.1f MB peak\n", with[runs / 2].wall_ms, with[runs / 2].rss_mb);
  g_print ("  same run without it (floor)      %7.0f ms  %6.1f MB peak   +%.1f MB for a %d MB file\n",
           without[runs / 2].wall_ms, without[runs / 2].rss_mb,
           with[runs / 2].rss_mb - without[runs / 2].rss_mb, (int) (size / (1024 * 1024)));

  remove_files (out);
  g_rmdir (out);
  remove_files (home);
  g_rmdir (home);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cli = NULL;
  g_autofree char *emulator = NULL;
  g_autofree char *peers = NULL;
  int runs = 5;
  const GOptionEntry entries[] = {
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "The kumo-cli executable", "PATH" },
    { "emulator", 0, 0, G_OPTION_ARG_FILENAME, &emulator, "The kumo-emulator executable", "PATH" },
    { "peers", 0, 0, G_OPTION_ARG_FILENAME, &peers, "The folder of peer clients", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (default 5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Kumo client benchmarks");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  setlocale (LC_ALL, "C.UTF-8");

  bench_parser (runs);
  if (!bench_download (runs))
    return 1;
  if (cli != NULL && emulator != NULL && peers != NULL &&
      !bench_run (cli, emulator, peers, MAX (runs / 2, 3)))
    return 1;
  if (cli != NULL && emulator != NULL && !bench_upload (cli, emulator, 3))
    return 1;

  return 0;
}
