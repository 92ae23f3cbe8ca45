/* kumo-bench.c — `build-aux/dev bench`
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "kumo-bench-utils.h"
#include "kumo-node-catalog.h"
#include "kumo-test-utils.h"
#include "kumo-workflow.h"

/*
 * Prints medians, each beside a floor: the catalog parse beside a plain
 * json-glib parse of the same bytes (which is all a naive client does,
 * and which corrupts the seed range), workflow loads beside the smallest
 * one, and the window's first frame and memory beside an empty window.
 * Timing is a benchmark's job, never a test's.
 */

static const char *catalogs[] = {
  "object_info_2026-05_yuzuki-phone.json",
  "object_info_2025-10_orchestrator-v3.json",
  "object_info_legacy-v1-style_ai-comfyui.json",
};

static GBytes *
read_fixture (const char *subdir,
              const char *name)
{
  g_autofree char *path = kumo_test_fixture_path (subdir, name);
  return kumo_test_load_bytes (path);
}

static void
bench_catalogs (guint runs)
{
  g_print ("\nCatalog parse (median of %u)                   Kumo      json-glib only   ratio\n", runs);

  for (guint i = 0; i < G_N_ELEMENTS (catalogs); i++)
    {
      g_autoptr(GBytes) bytes = read_fixture ("object_info", catalogs[i]);
      g_autoptr(GArray) kumo = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
      double k, p;

      for (guint r = 0; r < runs; r++)
        {
          double t0 = kumo_bench_now_ms (), t;
          g_autoptr(KumoNodeCatalog) catalog = kumo_node_catalog_new_from_bytes (bytes, NULL);
          g_autoptr(JsonParser) parser = json_parser_new ();
          gsize len;
          const char *data = g_bytes_get_data (bytes, &len);

          t = kumo_bench_now_ms () - t0;
          g_array_append_val (kumo, t);
          g_assert_nonnull (catalog);

          t0 = kumo_bench_now_ms ();
          json_parser_load_from_data (parser, data, len, NULL);
          t = kumo_bench_now_ms () - t0;
          g_array_append_val (plain, t);
        }

      k = kumo_bench_median (kumo);
      p = kumo_bench_median (plain);
      g_print ("  %-45s %6.1f ms   %6.1f ms       %.2f×\n", catalogs[i], k, p, k / p);
    }
}

static double
time_workflow_load (GBytes *bytes,
                    guint   runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < runs; r++)
    {
      double t0 = kumo_bench_now_ms (), t;
      g_autoptr(KumoWorkflow) workflow = kumo_workflow_new_from_bytes (bytes, NULL, NULL);

      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (workflow);
      g_array_append_val (times, t);
    }

  return kumo_bench_median (times);
}

static void
bench_workflows (guint runs)
{
  g_autoptr(GBytes) seven = read_fixture ("api", "sd15_txt2img_default.json");
  g_autofree char *mid_text = kumo_test_make_big_workflow (245);
  g_autofree char *big_text = kumo_test_make_big_workflow (1400);
  g_autoptr(GBytes) mid = g_bytes_new_static (mid_text, strlen (mid_text));
  g_autoptr(GBytes) big = g_bytes_new_static (big_text, strlen (big_text));
  double t7 = time_workflow_load (seven, runs);
  double t245 = time_workflow_load (mid, runs);
  double t1400 = time_workflow_load (big, runs);

  g_print ("\nWorkflow load (median of %u)\n", runs);
  g_print ("  %5u nodes (SD1.5 default)   %8.3f ms\n", 7, t7);
  g_print ("  %5u nodes (generated)       %8.3f ms   %.0f× the 7-node load\n", 245, t245, t245 / t7);
  g_print ("  %5u nodes (generated)       %8.3f ms   %.0f× the 7-node load\n", 1400, t1400, t1400 / t7);
}

typedef struct
{
  double ms;
  double rss_mb;
} Frame;

static gint64
realtime_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gboolean
run_app (const char  *app,
         const char **args,
         gboolean     expect_workflow,
         Frame       *frame)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *t0 = NULL;
  const char *line;
  long rss_kb;

  g_ptr_array_add (argv, (char *) app);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (expect_workflow)
    g_subprocess_launcher_setenv (launcher, "KUMO_EXPECT_WORKFLOW", "1", TRUE);

  t0 = g_strdup_printf ("%" G_GINT64_FORMAT, realtime_ns ());
  g_subprocess_launcher_setenv (launcher, "KUMO_BENCH_T0_NS", t0, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("kumo-bench: %s\n", error->message);
      return FALSE;
    }

  line = out ? strstr (out, "kumo-bench: first-frame-ms=") : NULL;
  if (line == NULL)
    {
      g_printerr ("kumo-bench: the app printed no measurement\n");
      return FALSE;
    }

  frame->ms = g_ascii_strtod (line + strlen ("kumo-bench: first-frame-ms="), NULL);
  rss_kb = strtol (strstr (line, "rss-kb=") + strlen ("rss-kb="), NULL, 10);
  frame->rss_mb = rss_kb / 1024.0;
  return TRUE;
}

static gboolean
median_frame (const char  *app,
              const char **args,
              gboolean     expect_workflow,
              guint        runs,
              Frame       *result)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) memory = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < runs; r++)
    {
      Frame frame;

      if (!run_app (app, args, expect_workflow, &frame))
        return FALSE;
      g_array_append_val (times, frame.ms);
      g_array_append_val (memory, frame.rss_mb);
    }

  result->ms = kumo_bench_median (times);
  result->rss_mb = kumo_bench_median (memory);
  return TRUE;
}

static gboolean
bench_window (const char *app,
              const char *bare,
              guint       runs)
{
  g_autofree char *big_text = kumo_test_make_big_workflow (1400);
  g_autofree char *big = g_build_filename (g_get_tmp_dir (), "kumo-bench-1400.json", NULL);
  g_autofree char *catalog = kumo_test_fixture_path ("object_info", catalogs[0]);
  g_autofree char *sd15 = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  const char *empty_args[] = { NULL };
  const char *big_args[] = { big, NULL };
  const char *big_catalog_args[] = { "--object-info", catalog, big, NULL };
  const char *sd15_args[] = { "--object-info", catalog, sd15, NULL };
  Frame floor = { 0 }, empty, rows[3];
  const char *labels[] = {
    "1,400 nodes, no catalog",
    "1,400 nodes + 2.4 MB catalog",
    "SD1.5 default + 2.4 MB catalog",
  };

  g_assert_true (g_file_set_contents (big, big_text, -1, NULL));

  if ((bare != NULL && !median_frame (bare, empty_args, FALSE, runs, &floor)) ||
      !median_frame (app, empty_args, FALSE, runs, &empty) ||
      !median_frame (app, big_args, TRUE, runs, &rows[0]) ||
      !median_frame (app, big_catalog_args, TRUE, runs, &rows[1]) ||
      !median_frame (app, sd15_args, TRUE, runs, &rows[2]))
    return FALSE;

  g_print ("\nWindow: exec to first settled frame, memory then (median of %u)\n", runs);
  if (bare != NULL)
    g_print ("  %-32s %7.0f ms %7.1f MB   (floor)\n", "bare libadwaita window", floor.ms, floor.rss_mb);
  g_print ("  %-32s %7.0f ms %7.1f MB   %s\n", "Kumo, empty window", empty.ms, empty.rss_mb,
           bare != NULL ? "" : "(floor)");
  if (bare != NULL)
    g_print ("  %-32s %7s    %7s      +%.0f ms, +%.1f MB over the bare window (%.2f×, %.2f×)\n", "", "", "",
             empty.ms - floor.ms, empty.rss_mb - floor.rss_mb, empty.ms / floor.ms, empty.rss_mb / floor.rss_mb);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_print ("  %-32s %7.0f ms %7.1f MB   +%.0f ms, +%.1f MB over the empty window\n",
             labels[i], rows[i].ms, rows[i].rss_mb, rows[i].ms - empty.ms, rows[i].rss_mb - empty.rss_mb);

  g_unlink (big);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *app = NULL;
  g_autofree char *bare = NULL;
  int runs = 7;
  const GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, "The kumo executable", "PATH" },
    { "bare", 0, 0, G_OPTION_ARG_FILENAME, &bare, "An empty libadwaita window, the floor", "PATH" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (default 7)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Kumo benchmarks");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* The tables use “×”: print UTF-8 whatever the environment says. */
  setlocale (LC_ALL, "C.UTF-8");

  g_print ("Kumo %s benchmarks\n", PACKAGE_VERSION);
  bench_catalogs (runs);
  bench_workflows (runs * 3);

  if (app != NULL && !bench_window (app, bare, MAX (runs / 2, 3)))
    return 1;

  return 0;
}
