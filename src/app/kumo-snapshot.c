/* kumo-snapshot.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-snapshot"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "kumo-snapshot.h"

/*
 * Development hooks, driven by the environment and inert without it:
 *
 *   KUMO_BENCH_T0_NS=<CLOCK_REALTIME ns>  print the time from then to the
 *       first frame that shows the window ready (with its workflow, if one
 *       is being opened), and the memory in use then, and quit;
 *   KUMO_SCREENSHOT=FILE.png  render the ready window to a PNG and quit
 *       (after KUMO_SCREENSHOT_DELAY_MS, default 600, for the list to fill);
 *   KUMO_COLOR_SCHEME=dark  force the dark style;
 *   KUMO_WINDOW_SIZE=WxH  the first window's size (for narrow layouts).
 *
 * `build-aux/dev bench` and the metainfo screenshot use them.
 */

typedef struct
{
  GtkWindow *window;
  gulong     handler;
  guint      nudge;
  gboolean   expect_workflow;
} Watch;

static gint64
now_realtime_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static long
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, key);
  return line ? strtol (line + strlen (key) + 1, NULL, 10) : -1;
}

gboolean
kumo_snapshot_save_png (GtkWidget   *widget,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing to render");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
screenshot_cb (gpointer data)
{
  GtkWindow *window = data;
  g_autoptr(GError) error = NULL;

  if (!kumo_snapshot_save_png (GTK_WIDGET (window), g_getenv ("KUMO_SCREENSHOT"), &error))
    g_printerr ("kumo: screenshot failed: %s\n", error->message);

  g_application_quit (g_application_get_default ());
  g_object_unref (window);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Watch         *watch)
{
  const char *t0 = g_getenv ("KUMO_BENCH_T0_NS");
  const char *screenshot = g_getenv ("KUMO_SCREENSHOT");

  gboolean settled = TRUE;
  g_autoptr(GObject) workflow = NULL;

  /* Ready: the workflow (if one is opening) and the node definitions (if
   * they are loading) are shown. Asked by property name, so that these
   * hooks know nothing of Kumo's window. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (watch->window), "settled") != NULL)
    g_object_get (watch->window, "settled", &settled, "workflow", &workflow, NULL);
  if (!settled || (watch->expect_workflow && workflow == NULL))
    return;

  g_signal_handler_disconnect (clock, watch->handler);
  g_clear_handle_id (&watch->nudge, g_source_remove);

  if (t0 != NULL)
    {
      double ms = (now_realtime_ns () - g_ascii_strtoll (t0, NULL, 10)) / 1e6;

      g_print ("kumo-bench: first-frame-ms=%.1f rss-kb=%ld hwm-kb=%ld\n",
               ms, read_status_kb ("VmRSS:"), read_status_kb ("VmHWM:"));
      fflush (stdout);
      if (screenshot == NULL)
        g_application_quit (g_application_get_default ());
    }

  if (screenshot != NULL)
    {
      const char *delay = g_getenv ("KUMO_SCREENSHOT_DELAY_MS");

      g_timeout_add (delay ? atoi (delay) : 600, screenshot_cb, g_object_ref (watch->window));
    }

  g_free (watch);
}

/* The window can settle after its last frame (rows built in an idle that
 * changed nothing visible): then no frame comes to say so. A frame now
 * and then does, at a cost only these hooks pay. */
static gboolean
nudge_cb (gpointer data)
{
  Watch *watch = data;

  gtk_widget_queue_draw (GTK_WIDGET (watch->window));
  return G_SOURCE_CONTINUE;
}

static void
realize_cb (GtkWidget *widget,
            gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Watch *watch = g_new0 (Watch, 1);

  watch->window = GTK_WINDOW (widget);
  watch->expect_workflow = GPOINTER_TO_INT (user_data);
  watch->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), watch);
  watch->nudge = g_timeout_add (50, nudge_cb, watch);
}

void
kumo_snapshot_watch_window (GtkWindow *window)
{
  const char *scheme = g_getenv ("KUMO_COLOR_SCHEME");
  static gboolean watching;

  if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  if (watching || (g_getenv ("KUMO_BENCH_T0_NS") == NULL && g_getenv ("KUMO_SCREENSHOT") == NULL))
    return;

  /* Only the first window is measured. */
  watching = TRUE;

  if (g_getenv ("KUMO_WINDOW_SIZE") != NULL)
    {
      int width = 0, height = 0;

      if (sscanf (g_getenv ("KUMO_WINDOW_SIZE"), "%dx%d", &width, &height) == 2)
        gtk_window_set_default_size (window, width, height);
    }
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb),
                          GINT_TO_POINTER (g_getenv ("KUMO_EXPECT_WORKFLOW") != NULL));
}
