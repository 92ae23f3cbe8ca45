/* kumo-test-gtk-utils.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "kumo-snapshot.h"
#include "kumo-test-gtk-utils.h"

void
kumo_test_gtk_init (int    *argc,
                    char ***argv)
{
  g_autofree char *home = g_dir_make_tmp ("kumo-gui-test-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  /* Recent files, caches and journals of the tests stay out of the real
   * home (gtk_test_init does not isolate it). */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* Screenshots show where a transition ends, not its middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* For looking at the tests' screenshots in the dark style too. */
  if (g_strcmp0 (g_getenv ("KUMO_COLOR_SCHEME"), "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
}

/* The size test windows open at: 900×800, or KUMO_TEST_WINDOW_SIZE
 * ("WxH", for screenshots at other sizes). */
void
kumo_test_window_size (int *width,
                       int *height)
{
  const char *size = g_getenv ("KUMO_TEST_WINDOW_SIZE");

  *width = 900;
  *height = 800;
  if (size != NULL && sscanf (size, "%dx%d", width, height) != 2)
    g_error ("KUMO_TEST_WINDOW_SIZE is not WxH: %s", size);
}

/* A registered application that needs no session bus, so windows get its
 * actions, settings and catalog as they do when Kumo runs. */
KumoApplication *
kumo_test_application (void)
{
  static KumoApplication *app;
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return app;

  app = kumo_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* Windows under Xvfb are never in front, so every job that ends would
   * be told on a desktop that has no one to show it. */
  g_settings_set_boolean (kumo_application_get_settings (app), "notifications", FALSE);
  return app;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting");
  return G_SOURCE_REMOVE;
}

void
kumo_test_wait_until (gboolean (*done) (gpointer data),
                      gpointer   data)
{
  /* Sanitizer builds run several times slower. */
  guint id = g_timeout_add_seconds (g_getenv ("ASAN_OPTIONS") ? 80 : 20, timeout_cb, NULL);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
kumo_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  kumo_test_wait_until (is_true, &done);
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

/* Every widget of @type below @root, in tree order. */
GPtrArray *
kumo_test_find_widgets (GtkWidget *root,
                        GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, found);
  return found;
}

/* Waits for a frame, for the cards near the view to build their rows
 * (which happens right after layout), and for the frame showing them. */
void
kumo_test_settle (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  kumo_test_wait_ms (50);
  gtk_test_widget_wait_for_draw (widget);
  kumo_test_wait_ms (50);
}

static gboolean
window_ready (gpointer data)
{
  KumoWindow *window = data;

  return kumo_window_get_workflow (window) != NULL && !kumo_window_get_busy (window);
}

/* Opens @path in a new window and waits until it is shown. */
KumoWindow *
kumo_test_open_window (KumoApplication *app,
                       const char      *path)
{
  KumoWindow *window = kumo_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int width, height;

  kumo_test_window_size (&width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  kumo_window_open_file (window, file);
  kumo_test_wait_until (window_ready, window);
  kumo_test_settle (GTK_WIDGET (window));

  return window;
}

/* With KUMO_TEST_SCREENSHOTS=DIR, saves @widget as DIR/@name: the
 * moments a designer would look at. */
void
kumo_test_shoot (GtkWidget  *widget,
                 const char *name)
{
  const char *folder = g_getenv ("KUMO_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (folder == NULL)
    return;

  /* A frame in the middle of a layout renders nothing: try again. */
  path = g_build_filename (folder, name, NULL);
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_clear_error (&error);
      kumo_test_settle (widget);
      if (kumo_snapshot_save_png (widget, path, &error))
        return;
    }
  g_printerr ("screenshot %s: %s\n", name, error->message);
}
