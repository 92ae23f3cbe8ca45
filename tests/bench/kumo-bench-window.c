/* kumo-bench-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* RUSAGE_THREAD */
#define _GNU_SOURCE

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/resource.h>

#include "kumo-application.h"
#include "kumo-bench-utils.h"
#include "kumo-test-utils.h"
#include "kumo-window.h"

/*
 * Does the window stay smooth while a big job streams? kumo-emulator (in
 * its own process, so its work is not counted) runs a job at 30 steps a
 * second, each step with a ~40 KB live preview and a ~170 KB
 * progress_state message (what a 1,000-node graph sends). The window
 * shows it in the jobs panel while a small part of the header redraws
 * every frame, as an animation would. Measured, idle and then while the
 * job streams: the frame clock's frame times (median and 95th
 * percentile) and the main thread's CPU time per second of wall time.
 * Target: a median within 16.7 ms, a 95th percentile within twice the
 * idle one.
 */

#define SECONDS 6

typedef struct
{
  GArray *intervals;   /* ms between painted frames */
  gint64  last;
  gint64  until;
  GtkWidget *probe;
} Sampling;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Sampling *sampling = data;

  /* A small region redraws each frame, as an animation does. */
  gtk_widget_queue_draw (sampling->probe);
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Sampling      *sampling)
{
  gint64 now = g_get_monotonic_time ();

  if (sampling->last != 0)
    {
      double ms = (now - sampling->last) / 1000.0;

      g_array_append_val (sampling->intervals, ms);
    }
  sampling->last = now;
}

static double
thread_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, kumo_bench_compare_doubles);
  if (values->len == 0)
    return 0;
  return g_array_index (values, double, MIN ((guint) (p * values->len), values->len - 1));
}

typedef struct
{
  double median;
  double p95;
  double cpu_percent;
  guint  frames;
} Result;

static void
sample (GtkWidget *window,
        GtkWidget *probe,
        Result    *result)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Sampling sampling = { g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, probe };
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &sampling);
  guint tick = gtk_widget_add_tick_callback (window, tick_cb, &sampling, NULL);
  double cpu0 = thread_cpu_ms ();
  double wall0 = kumo_bench_now_ms ();
  gint64 end = g_get_monotonic_time () + SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  result->cpu_percent = 100.0 * (thread_cpu_ms () - cpu0) / (kumo_bench_now_ms () - wall0);
  gtk_widget_remove_tick_callback (window, tick);
  g_signal_handler_disconnect (clock, handler);

  result->frames = sampling.intervals->len;
  result->median = kumo_bench_median (sampling.intervals);
  result->p95 = percentile (sampling.intervals, 0.95);
  g_array_unref (sampling.intervals);
}

static gboolean
done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The emulator, in a process of its own; returns its URL. */
static char *
start_emulator (const char   *emulator,
                GSubprocess **process)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *catalog = kumo_test_fixture_path ("object_info", "object_info_2026-05_yuzuki-phone.json");
  const char *at;

  *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, emulator,
                               "--port", "0", "--steps", "2000", "--step-ms", "33",
                               "--preview-size", "124", "--state-nodes", "790",
                               "--object-info", catalog, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  at = strstr (line, " on ");
  g_assert_nonnull (at);
  return g_strndup (at + 4, strcspn (at + 4, ","));
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *emulator = NULL;
  g_autofree char *url = NULL;
  g_autofree char *workflow = NULL;
  g_autofree char *out = g_dir_make_tmp ("kumo-bench-window-XXXXXX", NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(KumoApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "emulator", 0, 0, G_OPTION_ARG_FILENAME, &emulator, "The kumo-emulator executable", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the window while a job streams");
  KumoWindow *window;
  KumoSession *session;
  KumoJob *job = NULL;
  GtkWidget *probe;
  Result idle, running;
  guint previews = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || emulator == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--emulator is needed");
      return 1;
    }

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("XDG_DATA_HOME", out, TRUE);
  g_setenv ("XDG_CACHE_HOME", out, TRUE);
  gtk_init ();
  adw_init ();

  url = start_emulator (emulator, &server);

  app = kumo_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_string (kumo_application_get_settings (app), "output-folder", out);
  g_settings_set_boolean (kumo_application_get_settings (app), "server-set-up", TRUE);
  kumo_application_connect (app, url);
  session = kumo_application_get_session (app);
  while (kumo_session_get_state (session) != KUMO_SESSION_CONNECTED || kumo_session_get_catalog (session) == NULL)
    g_main_context_iteration (NULL, TRUE);

  workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  file = g_file_new_for_path (workflow);
  window = kumo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  kumo_window_open_file (window, file);
  while (!kumo_window_is_settled (window) || kumo_window_get_workflow (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  kumo_window_show_jobs (window);
  wait_ms (1000);
  probe = find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);

  sample (GTK_WIDGET (window), probe, &idle);

  /* A long job: the emulator runs as many steps as the sampler asks. */
  kumo_node_set_input (kumo_workflow_get_node (kumo_window_get_workflow (window), "3"), "steps",
                       kumo_json_new_int (2000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  while (kumo_window_get_own_jobs (window)->len == 0)
    g_main_context_iteration (NULL, TRUE);
  job = g_ptr_array_index (kumo_window_get_own_jobs (window), 0);
  g_signal_connect_swapped (job, "notify::preview", G_CALLBACK (g_atomic_int_inc), &previews);
  while (kumo_job_get_value (job) < 30)
    g_main_context_iteration (NULL, TRUE);
  previews = 0;

  sample (GTK_WIDGET (window), probe, &running);

  g_print ("\nWindow while a job streams: 30 steps/s, a 40 KB preview and a 170 KB progress_state each "
           "(%d s each, frame clock)\n", SECONDS);
  g_print ("  %-10s median %5.1f ms  p95 %5.1f ms  main thread %4.1f %% CPU  (%u frames)\n",
           "idle", idle.median, idle.p95, idle.cpu_percent, idle.frames);
  g_print ("  %-10s median %5.1f ms  p95 %5.1f ms  main thread %4.1f %% CPU  (%u frames, %u previews)\n",
           "streaming", running.median, running.p95, running.cpu_percent, running.frames, previews);
  g_print ("  median %.2f× the 16.7 ms budget (target ≤ 1), p95 %.2f× the idle p95 (target ≤ 2)\n",
           running.median / 16.7, idle.p95 > 0 ? running.p95 / idle.p95 : 0);

  kumo_job_queue_cancel (kumo_application_find_queue (app, job), job);
  wait_ms (300);
  kumo_workflow_set_modified (kumo_window_get_workflow (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  return 0;
}
