/* kumo-bench-gallery.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <unistd.h>

#include "kumo-bench-utils.h"
#include "kumo-gallery-cell.h"
#include "kumo-gallery-view.h"

/*
 * Does the gallery stay smooth where browsers give up? 1,000 and 10,000
 * outputs (1024×1024 PNGs made here, recorded in a journal and on disk),
 * shown in a 1280×800 window, each run in a fresh process:
 *
 *   - from the process's start to the first screen of thumbnails, with
 *     a cold and a warm freedesktop thumbnail cache;
 *   - the process's RSS and PSS once that screen shows, and after
 *     scrolling from the top to the bottom;
 *   - the frame times of that scroll: 600 frames (10 s at 60 Hz) from
 *     top to bottom, whatever the count.
 *
 * The floor, in the same run: a GtkGridView of GtkPictures loading the
 * full files on the main thread, as a naive gallery does.
 *
 * Targets (issue 8): a warm first screen within 0.5 s, memory at 10,000
 * within 1.2× that at 1,000, a median frame within 16.7 ms.
 */

#define N_DISTINCT 48
#define SIZE 1024
#define SCROLL_FRAMES 600
#define NAIVE_SCROLL_LIMIT_S 30

static gint64 process_start;

/* ---------------------------------------------------------------------- */
/* The outputs                                                            */
/* ---------------------------------------------------------------------- */

static void
write_picture (const char *path,
               guint       index)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, SIZE, SIZE);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      {
        guchar *p = pixels + y * stride + x * 3;

        p[0] = (guchar) (x / 4 + index * 37);
        p[1] = (guchar) (y / 4 + index * 11);
        p[2] = (guchar) ((x ^ y) / 8 + index * 5);
      }

  if (!gdk_pixbuf_save (pixbuf, path, "png", &error, "compression", "1", NULL))
    g_error ("%s", error->message);
}

/* @count outputs in @folder and a journal beside them; made once, kept
 * for the next run (a few distinct pictures, hard-linked under every
 * name: each is its own file to the gallery and the thumbnail cache). */
static char *
prepare (const char *root,
         guint       count)
{
  g_autofree char *name = g_strdup_printf ("outputs-%u", count);
  g_autofree char *folder = g_build_filename (root, name, NULL);
  g_autofree char *journal_path = g_build_filename (folder, "journal.sqlite", NULL);
  g_autofree char *done = g_build_filename (folder, "complete", NULL);
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GBytes) workflow = NULL;
  g_autoptr(GError) error = NULL;
  double start = kumo_bench_now_ms ();

  if (g_file_test (done, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&journal_path);

  g_printerr ("Making %u outputs in %s…\n", count, folder);
  g_mkdir_with_parents (folder, 0700);
  for (guint i = 0; i < N_DISTINCT; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/distinct-%02u.png", root, i);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        write_picture (path, i);
    }

  journal = kumo_journal_new (journal_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": %u}}, "
                                               "\"6\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": "
                                               "{\"text\": \"a lighthouse on a cliff, study %u\"}}}", 1000 + i, i);
      g_autoptr(GBytes) sent = g_bytes_new (json, strlen (json));
      g_autofree char *file_name = g_strdup_printf ("Kumo_%05u_.png", i);
      g_autofree char *path = g_build_filename (folder, file_name, NULL);
      g_autofree char *source = g_strdup_printf ("%s/distinct-%02u.png", root, i % N_DISTINCT);
      g_autofree char *key = NULL;
      KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images", .filename = file_name,
                                .subfolder = (char *) "", .type = (char *) "output",
                                .kind = KUMO_OUTPUT_IMAGE };

      if (link (source, path) != 0 && !g_file_test (path, G_FILE_TEST_EXISTS))
        g_error ("Could not link %s", path);
      key = kumo_journal_add_job (journal, "http://127.0.0.1:8188", sent, folder, 2, FALSE, "lighthouse.json");
      kumo_journal_add_file (journal, key, &output, path);
      kumo_journal_set_state (journal, key, KUMO_JOB_STATE_SUCCEEDED, NULL);
    }
  kumo_journal_flush (journal);
  g_file_set_contents (done, "", 0, NULL);
  g_printerr ("  made in %.1f s\n", (kumo_bench_now_ms () - start) / 1000);

  return g_steal_pointer (&journal_path);
}

/* ---------------------------------------------------------------------- */
/* One run, in its own process                                            */
/* ---------------------------------------------------------------------- */

static void
read_memory (double *rss_mb,
             double *pss_mb)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  *rss_mb = *pss_mb = 0;
  if (!g_file_get_contents ("/proc/self/smaps_rollup", &text, NULL, NULL))
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Rss:"))
        *rss_mb = g_ascii_strtod (lines[i] + 4, NULL) / 1024;
      else if (g_str_has_prefix (lines[i], "Pss:"))
        *pss_mb = g_ascii_strtod (lines[i] + 4, NULL) / 1024;
    }
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find (GtkWidget *root,
      GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  return found->len ? g_ptr_array_index (found, 0) : NULL;
}

/* Whether every cell on screen shows its picture. */
static gboolean
screen_shown (GtkWidget *scroller,
              gboolean   naive)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  int height = gtk_widget_get_height (scroller);
  guint on_screen = 0;

  collect (scroller, naive ? GTK_TYPE_PICTURE : KUMO_TYPE_GALLERY_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (cell) || !gtk_widget_compute_bounds (cell, scroller, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;

      on_screen++;
      if (naive ? gtk_picture_get_paintable (GTK_PICTURE (cell)) == NULL
                : !kumo_gallery_cell_has_thumbnail (KUMO_GALLERY_CELL (cell)))
        {
          if (g_getenv ("KUMO_BENCH_DEBUG"))
            g_printerr ("waiting for cell %u of %u at y %.0f (%s)\n", on_screen, cells->len, bounds.origin.y,
                        naive ? "" : kumo_gallery_item_get_name (kumo_gallery_cell_get_item (KUMO_GALLERY_CELL (cell))));
          return FALSE;
        }
    }

  return on_screen > 0;
}

typedef struct
{
  GtkAdjustment *adjustment;
  GArray        *intervals;
  gint64         last;
  guint          frame;
  gint64         deadline;
  gboolean       done;
} Scroll;

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Scroll *scroll = data;
  double end = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);
  gint64 now = g_get_monotonic_time ();

  if (scroll->last != 0)
    {
      double ms = (now - scroll->last) / 1000.0;

      g_array_append_val (scroll->intervals, ms);
    }
  scroll->last = now;

  scroll->frame++;
  gtk_adjustment_set_value (scroll->adjustment, end * MIN (1.0, scroll->frame / (double) SCROLL_FRAMES));
  if (scroll->frame >= SCROLL_FRAMES || now > scroll->deadline)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
naive_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  /* The whole file, decoded here, on the main thread. */
  gtk_picture_set_file (GTK_PICTURE (gtk_list_item_get_child (list_item)),
                        kumo_gallery_item_get_file (gtk_list_item_get_item (list_item)));
}

static void
naive_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  GtkWidget *picture = gtk_picture_new ();

  gtk_widget_set_size_request (picture, 160, 160);
  gtk_list_item_set_child (list_item, picture);
}

static GtkWidget *
naive_gallery (KumoGallery *gallery)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *grid, *scroller;

  g_signal_connect (factory, "setup", G_CALLBACK (naive_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (naive_bind_cb), NULL);
  grid = gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (gallery)))),
                            factory);
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (grid), 12);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  return scroller;
}

static int
run_one (const char *journal_path,
         gboolean    naive)
{
  g_autoptr(KumoGallery) gallery = NULL;
  GtkWidget *window, *content, *scroller;
  double first_ms, rss_first, pss_first, rss_end, pss_end;
  Scroll scroll = { 0 };
  g_autoptr(GArray) sorted = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();

  if (g_getenv ("KUMO_BENCH_DEBUG"))
    g_printerr ("toolkit ready at %.0f ms\n", (g_get_monotonic_time () - process_start) / 1000.0);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gallery = kumo_gallery_new (journal_path);

  if (naive)
    content = naive_gallery (gallery);
  else
    {
      content = g_object_new (KUMO_TYPE_GALLERY_VIEW, NULL);
      kumo_gallery_view_set_gallery (KUMO_GALLERY_VIEW (content), gallery);
    }
  gtk_window_set_child (GTK_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
  kumo_gallery_load_async (gallery, NULL, NULL, NULL);

  while (g_list_model_get_n_items (G_LIST_MODEL (gallery)) == 0)
    g_main_context_iteration (NULL, TRUE);
  /* The grid's own: the drop-downs' popovers scroll too. */
  scroller = naive ? content : gtk_widget_get_ancestor (find (content, GTK_TYPE_GRID_VIEW), GTK_TYPE_SCROLLED_WINDOW);
  if (g_getenv ("KUMO_BENCH_DEBUG"))
    g_printerr ("%u items at %.0f ms\n", g_list_model_get_n_items (G_LIST_MODEL (gallery)),
                (g_get_monotonic_time () - process_start) / 1000.0);
  while (!screen_shown (scroller, naive))
    g_main_context_iteration (NULL, TRUE);
  first_ms = (g_get_monotonic_time () - process_start) / 1000.0;
  if (g_getenv ("KUMO_BENCH_DEBUG"))
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();

      collect (scroller, naive ? GTK_TYPE_PICTURE : KUMO_TYPE_GALLERY_CELL, all);
      g_printerr ("first screen at %.0f ms, %u cells made\n", first_ms, all->len);
    }
  read_memory (&rss_first, &pss_first);

  scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  scroll.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  scroll.deadline = g_get_monotonic_time () + NAIVE_SCROLL_LIMIT_S * G_USEC_PER_SEC;
  gtk_widget_add_tick_callback (scroller, scroll_tick_cb, &scroll, NULL);
  while (!scroll.done)
    g_main_context_iteration (NULL, TRUE);
  if (g_getenv ("KUMO_BENCH_DEBUG"))
    g_printerr ("scrolled: %u frames\n", scroll.intervals->len);
  /* What the last screen asked for, decoded; then memory settles. */
  while (!screen_shown (scroller, naive))
    g_main_context_iteration (NULL, TRUE);
  read_memory (&rss_end, &pss_end);

  sorted = g_array_copy (scroll.intervals);
  g_array_sort (sorted, kumo_bench_compare_doubles);
  g_print ("first=%.0f rss_first=%.1f pss_first=%.1f rss_end=%.1f pss_end=%.1f "
           "frame_median=%.1f frame_p95=%.1f frames=%u\n",
           first_ms, rss_first, pss_first, rss_end, pss_end, kumo_bench_median (scroll.intervals),
           g_array_index (sorted, double, (guint) (sorted->len * 0.95)), scroll.intervals->len);
  g_array_unref (scroll.intervals);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* The driver                                                             */
/* ---------------------------------------------------------------------- */

typedef struct
{
  double first, rss_first, pss_first, rss_end, pss_end, frame_median, frame_p95;
  guint  frames;
} Result;

static gboolean
spawn (const char *self_path,
       const char *journal_path,
       const char *cache,
       gboolean    naive,
       Result     *result)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--run", journal_path,
                                       naive ? "--naive" : NULL, NULL);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error) ||
      sscanf (out, "first=%lf rss_first=%lf pss_first=%lf rss_end=%lf pss_end=%lf frame_median=%lf "
              "frame_p95=%lf frames=%u", &result->first, &result->rss_first, &result->pss_first,
              &result->rss_end, &result->pss_end, &result->frame_median, &result->frame_p95,
              &result->frames) != 8)
    {
      g_printerr ("A gallery run failed: %s\n", error ? error->message : out);
      return FALSE;
    }
  return TRUE;
}

static void
print_result (const char   *name,
              guint         count,
              const Result *r)
{
  g_print ("  %-22s %6u  %7.0f ms  %6.1f / %6.1f MB  %6.1f / %6.1f MB  %5.1f ms  %5.1f ms  %4u\n",
           name, count, r->first, r->rss_first, r->pss_first, r->rss_end, r->pss_end,
           r->frame_median, r->frame_p95, r->frames);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *run = NULL;
  g_autofree char *data = NULL;
  gboolean naive = FALSE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "Where the outputs are made and kept", "DIR" },
    { "run", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &run, NULL, NULL },
    { "naive", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &naive, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the gallery at 1,000 and 10,000 outputs");
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  const guint counts[] = { 1000, 10000 };
  Result kumo_warm[2], kumo_cold[2], floor[2];
  gboolean ok = TRUE;

  process_start = g_get_monotonic_time ();
  setlocale (LC_ALL, "C.UTF-8");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (run != NULL)
    return run_one (run, naive);

  if (data == NULL)
    data = g_build_filename (g_get_tmp_dir (), "kumo-bench-gallery", NULL);
  g_mkdir_with_parents (data, 0700);

  g_print ("Gallery, 1280×800 (%s)\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default renderer");
  g_print ("  %-22s %6s  %10s  %-17s  %-17s  %8s  %8s  %4s\n", "", "outputs", "1st screen",
           "RSS / PSS at 1st", "RSS / PSS at end", "median", "p95", "frames");

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *journal_path = prepare (data, counts[i]);
      g_autofree char *cache = g_dir_make_tmp ("kumo-bench-thumbnails-XXXXXX", NULL);

      /* Cold: an empty cache, thumbnails made as the screen asks; warm:
       * the same cache, as at the next start. */
      ok &= spawn (self_path, journal_path, cache, FALSE, &kumo_cold[i]);
      ok &= spawn (self_path, journal_path, cache, FALSE, &kumo_warm[i]);
      ok &= spawn (self_path, journal_path, cache, TRUE, &floor[i]);
      if (!ok)
        return 1;

      print_result ("Kumo, cold cache", counts[i], &kumo_cold[i]);
      print_result ("Kumo, warm cache", counts[i], &kumo_warm[i]);
      print_result ("naive GtkPicture floor", counts[i], &floor[i]);
    }

  g_print ("  warm first screen: %.0f ms (target 500 ms): %s\n", kumo_warm[1].first,
           kumo_warm[1].first <= 500 ? "met" : "MISSED");
  g_print ("  memory at 10,000 vs 1,000 after the scroll: RSS %.2f×, PSS %.2f× (target 1.2×): %s\n",
           kumo_warm[1].rss_end / kumo_warm[0].rss_end, kumo_warm[1].pss_end / kumo_warm[0].pss_end,
           kumo_warm[1].pss_end / kumo_warm[0].pss_end <= 1.2 ? "met" : "MISSED");
  g_print ("  median frame while scrolling 10,000: %.1f ms warm, %.1f ms cold (target 16.7 ms): %s\n",
           kumo_warm[1].frame_median, kumo_cold[1].frame_median,
           kumo_warm[1].frame_median <= 16.7 ? "met" : "MISSED");
  g_print ("  against the floor at 10,000: first screen %.2f×, PSS at end %.2f×, median frame %.2f×\n",
           kumo_warm[1].first / floor[1].first, kumo_warm[1].pss_end / floor[1].pss_end,
           kumo_warm[1].frame_median / floor[1].frame_median);

  return 0;
}
