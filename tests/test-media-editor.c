/* test-media-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kumo-emulator.h"
#include "kumo-emulator-media.h"
#include "kumo-field-row.h"
#include "kumo-file-content.h"
#include "kumo-media-editor.h"
#include "kumo-test-catalog.h"
#include "kumo-test-gtk-utils.h"
#include "kumo-test-utils.h"
#include "kumo-workflow-editor.h"

/* LoadImage's image in the real window, against kumo-emulator: a file
 * dropped on it (through its drop target, as GTK delivers a drop),
 * pasted or chosen is checked, uploaded once and set, and the next run
 * uses it; a file that is not a picture, one cut short, and a failed
 * upload leave the input as it was, with a message. */

typedef struct
{
  KumoEmulator    *emulator;
  KumoWindow      *window;
  KumoMediaEditor *editor;
} Fixture;

static gboolean
session_connected (gpointer data)
{
  KumoSession *session = kumo_application_get_session (kumo_test_application ());

  return kumo_session_get_state (session) == KUMO_SESSION_CONNECTED && !kumo_session_get_loading (session);
}

static KumoMediaEditor *
find_node_editor (KumoWindow *window,
                  const char *node_id)
{
  g_autoptr(GPtrArray) found = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_WORKFLOW_EDITOR);

  /* LoadImage may be further down than the first screen shows. */
  kumo_workflow_editor_show_node (g_ptr_array_index (found, 0), node_id);
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GPtrArray) editors = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_MEDIA_EDITOR);

      for (guint i = 0; i < editors->len; i++)
        {
          KumoField *field = kumo_field_editor_get_field (g_ptr_array_index (editors, i));

          if (g_str_equal (kumo_node_get_id (kumo_field_get_node (field)), node_id))
            return g_ptr_array_index (editors, i);
        }
      kumo_test_wait_ms (20);
    }
  g_error ("no image field");
}

static KumoMediaEditor *
find_editor (KumoWindow *window)
{
  return find_node_editor (window, "10");
}

static void
set_up_with (Fixture    *f,
             const char *fixture,
             const char *node_id)
{
  g_autofree char *url = NULL;
  /* Kumo's own fixtures are named by path; the shared ones by name. */
  g_autofree char *path = strchr (fixture, '/') ? g_strdup (fixture) : kumo_test_fixture_path ("api", fixture);
  g_autoptr(GError) error = NULL;

  f->emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  kumo_emulator_set_timing (f->emulator, 4, 20, 1);
  /* The picture the workflow names, already in the server's inputs. */
  {
    g_autoptr(GBytes) example = kumo_emulator_make_png (96, 96, 77, "example");

    kumo_emulator_add_file (f->emulator, "input", "", "example.png", example);
  }
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  url = kumo_emulator_dup_base_url (f->emulator);

  g_settings_set_boolean (kumo_application_get_settings (kumo_test_application ()), "server-set-up", TRUE);
  kumo_application_connect (kumo_test_application (), url);
  kumo_test_wait_until (session_connected, NULL);

  f->window = kumo_test_open_window (kumo_test_application (), path);
  f->editor = find_node_editor (f->window, node_id);
}

static void
set_up (Fixture *f)
{
  set_up_with (f, "sd15_img2img_loadimage.json", "10");
}

static void
tear_down (Fixture *f)
{
  kumo_workflow_set_modified (kumo_window_get_workflow (f->window), FALSE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->emulator);
}

static const char *
image_value (KumoWindow *window)
{
  KumoNode *node = kumo_workflow_get_node (kumo_window_get_workflow (window), "10");

  return kumo_json_get_string (kumo_node_get_input (node, "image"));
}

static gboolean
not_busy (gpointer editor)
{
  return !kumo_media_editor_get_busy (editor);
}

static char *
write_file (const char *name,
            GBytes     *contents)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "inputs", NULL);
  char *path = g_build_filename (folder, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), NULL));
  return path;
}

/* Delivers @value to the editor's own drop target, as GTK does. */
static void
drop_value (KumoMediaEditor *editor,
            const GValue    *value)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (editor));
  gboolean dropped = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &dropped);
    }
  g_assert_true (dropped);
}

/* Drops @file as Files drags it: a file list. */
static void
drop_file (KumoMediaEditor *editor,
           GFile           *file)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  drop_value (editor, &value);
  g_value_unset (&value);
}

/* The window's drag-motion controller, told a drag entered or left. */
static void
drag_over_window (KumoWindow *window,
                  const char *signal)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_CONTROLLER_MOTION (controller))
        {
          if (g_str_equal (signal, "enter"))
            g_signal_emit_by_name (controller, signal, 10.0, 10.0);
          else
            g_signal_emit_by_name (controller, signal);
        }
    }
}

static gboolean
job_ended (gpointer job)
{
  return kumo_job_state_is_terminal (kumo_job_get_state (job));
}

static gboolean
has_job (gpointer window)
{
  return kumo_window_get_own_jobs (window)->len > 0;
}

static gboolean
knows_local_file (gpointer editor)
{
  return kumo_media_editor_get_local_file (editor) != NULL;
}

static gboolean
shows_thumbnail (gpointer editor)
{
  return kumo_media_editor_has_thumbnail (editor);
}

/* A picture dropped from the file manager is uploaded once and set; the
 * next run sends it and succeeds. Before, the field shows the server's
 * own file, fetched through /view. */
static void
test_media_editor_drop (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) png = kumo_emulator_make_png (320, 240, 5, "input");
  g_autofree char *path = write_file ("my-sketch.png", png);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KumoJob *job;

  set_up (&f);
  kumo_test_wait_until (shows_thumbnail, f.editor);

  drop_file (f.editor, file);
  kumo_test_wait_until (not_busy, f.editor);

  g_assert_null (kumo_media_editor_get_message (f.editor));
  g_assert_cmpstr (image_value (f.window), ==, "my-sketch.png");
  /* The drop-down shows it, now one of the server's input files. */
  {
    g_autoptr(GPtrArray) dropdowns = kumo_test_find_widgets (GTK_WIDGET (f.editor), GTK_TYPE_DROP_DOWN);
    GtkStringObject *shown = gtk_drop_down_get_selected_item (g_ptr_array_index (dropdowns, 0));

    g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "my-sketch.png");
  }
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 1);
  g_assert_true (kumo_emulator_has_input (f.emulator, "my-sketch.png"));
  kumo_test_shoot (GTK_WIDGET (f.window), "image-field.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.run", NULL));
  kumo_test_wait_until (has_job, f.window);
  job = g_ptr_array_index (kumo_window_get_own_jobs (f.window), 0);
  kumo_test_wait_until (job_ended, job);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);

  /* Open Inputs on that job: its exact workflow, and the field shows the
   * picture on this computer that went into it. */
  kumo_workflow_set_modified (kumo_window_get_workflow (f.window), FALSE);
  kumo_window_open_job_inputs (f.window, job);
  {
    KumoNode *node = kumo_workflow_get_node (kumo_window_get_workflow (f.window), "10");
    KumoMediaEditor *reopened = NULL;

    /* The field of the workflow just opened, once the editor shows it. */
    for (guint attempt = 0; attempt < 200; attempt++)
      {
        reopened = find_editor (f.window);
        if (kumo_field_get_node (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (reopened))) == node)
          break;
        kumo_test_wait_ms (20);
      }
    g_assert_true (kumo_field_get_node (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (reopened))) == node);
    f.editor = reopened;
    g_assert_cmpstr (image_value (f.window), ==, "my-sketch.png");
    kumo_test_wait_until (knows_local_file, f.editor);
    g_assert_true (g_file_equal (kumo_media_editor_get_local_file (f.editor), file));
  }

  /* Another window that picks the same server file shows the local
   * picture it was sent from: the journal keeps which. */
  {
    g_autofree char *fixture = kumo_test_fixture_path ("api", "sd15_img2img_loadimage.json");
    KumoWindow *other = kumo_test_open_window (kumo_test_application (), fixture);
    KumoMediaEditor *editor = find_editor (other);
    g_autoptr(GPtrArray) dropdowns = kumo_test_find_widgets (GTK_WIDGET (editor), GTK_TYPE_DROP_DOWN);
    GListModel *choices = gtk_drop_down_get_model (g_ptr_array_index (dropdowns, 0));

    for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
      {
        g_autoptr(GtkStringObject) choice = g_list_model_get_item (choices, i);

        if (g_str_equal (gtk_string_object_get_string (choice), "my-sketch.png"))
          gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 0), i);
      }
    kumo_test_wait_until (knows_local_file, editor);
    g_assert_true (g_file_equal (kumo_media_editor_get_local_file (editor), file));
    kumo_test_wait_until (shows_thumbnail, editor);

    kumo_workflow_set_modified (kumo_window_get_workflow (other), FALSE);
    gtk_window_destroy (GTK_WINDOW (other));
  }

  tear_down (&f);
}

static gboolean
pasted_set (gpointer window)
{
  return g_str_has_prefix (image_value (window), "pasted-");
}

/* Picture data pasted with Ctrl+V (a screenshot, a browser's "Copy
 * Image") is sent as a PNG of its own. */
static void
test_media_editor_paste (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) png = kumo_emulator_make_png (64, 64, 9, "paste");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  const char *before;

  set_up (&f);
  before = g_strdup (image_value (f.window));
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (f.editor)), texture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.editor), "media.paste", NULL));
  kumo_test_wait_until (pasted_set, f.window);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_null (kumo_media_editor_get_message (f.editor));
  g_assert_cmpstr (image_value (f.window), !=, before);
  g_assert_true (g_str_has_prefix (image_value (f.window), "pasted-"));
  g_assert_true (kumo_emulator_has_input (f.emulator, image_value (f.window)));
  g_free ((char *) before);

  tear_down (&f);
}

/* What the server would refuse is caught first; nothing is sent, the
 * input keeps its value, and the field says why. */
static void
test_media_editor_refuses (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) text = g_bytes_new_static ("just some words\n", 16);
  g_autoptr(GBytes) png = kumo_emulator_make_png (320, 240, 5, "cut");
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autofree char *text_path = write_file ("notes.txt", text);
  g_autofree char *half_path = write_file ("cut-short.png", half);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) half_file = g_file_new_for_path (half_path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nowhere/at/all.png");
  g_autofree char *before = NULL;

  set_up (&f);
  before = g_strdup (image_value (f.window));

  drop_file (f.editor, text_file);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_cmpstr (kumo_media_editor_get_message (f.editor), ==, "“notes.txt” is not a picture.");

  kumo_media_editor_take_file (f.editor, half_file);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_nonnull (strstr (kumo_media_editor_get_message (f.editor), "cut short"));

  kumo_media_editor_take_file (f.editor, missing);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_nonnull (strstr (kumo_media_editor_get_message (f.editor), "cannot be read"));

  /* The server refuses the upload: the input stays, the field says so. */
  {
    g_autoptr(GBytes) good = kumo_emulator_make_png (64, 64, 8, "good");
    g_autofree char *good_path = write_file ("good.png", good);
    g_autoptr(GFile) good_file = g_file_new_for_path (good_path);

    kumo_emulator_get_faults (f.emulator)->refuse_count = 1;
    kumo_emulator_get_faults (f.emulator)->refuse_status = 413;
    kumo_media_editor_take_file (f.editor, good_file);
    kumo_test_wait_until (not_busy, f.editor);
    g_assert_true (g_str_has_prefix (kumo_media_editor_get_message (f.editor), "Could not upload it: "));
    kumo_emulator_get_faults (f.emulator)->refuse_count = 0;
  }
  kumo_test_shoot (GTK_WIDGET (f.window), "image-field-refused.png");

  g_assert_cmpstr (image_value (f.window), ==, before);
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 0);

  tear_down (&f);
}

/* An output dragged from Kumo's gallery (what its cells offer) becomes
 * the next input; while a drag is over the window, the field shows it
 * takes files. */
static void
test_media_editor_reuse_output (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) png = kumo_emulator_make_png (256, 256, 21, "output");
  g_autofree char *path = write_file ("ComfyUI_00042_.png", png);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkContentProvider) content = kumo_file_content_new (file, NULL);
  GValue value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  set_up (&f);

  drag_over_window (f.window, "enter");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f.window), "kumo-dragging"));
  kumo_test_shoot (GTK_WIDGET (f.window), "image-field-drag.png");

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  drop_value (f.editor, &value);
  g_value_unset (&value);
  drag_over_window (f.window, "leave");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f.window), "kumo-dragging"));

  kumo_test_wait_until (not_busy, f.editor);
  g_assert_null (kumo_media_editor_get_message (f.editor));
  g_assert_cmpstr (image_value (f.window), ==, "ComfyUI_00042_.png");
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 1);

  tear_down (&f);
}

static void
web_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GBytes *png = user_data;

  if (g_str_equal (path, "/art/lighthouse.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, g_bytes_get_data (png, NULL),
                                        g_bytes_get_size (png));
    }
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>a page</p>", 13);
    }
  /* Nothing of Kumo's server goes to a web page. */
  g_assert_null (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-API-Key"));
}

/* A picture dragged from a web browser comes by its address: it is
 * fetched (from a loopback web server here) and uploaded; a page
 * dragged instead is refused. */
static void
test_media_editor_browser (void)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) png = kumo_emulator_make_png (200, 150, 33, "web");
  g_autoptr(SoupServer) web = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *picture_url = NULL;
  g_autofree char *page_url = NULL;
  g_autoptr(GFile) picture = NULL;
  g_autoptr(GFile) page = NULL;

  soup_server_add_handler (web, NULL, web_handler, png, NULL);
  g_assert_true (soup_server_listen_local (web, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (web);
  base = g_uri_to_string (uris->data);
  picture_url = g_strconcat (base, "art/lighthouse.png", NULL);
  page_url = g_strconcat (base, "gallery.html", NULL);
  picture = g_file_new_for_uri (picture_url);
  page = g_file_new_for_uri (page_url);

  set_up (&f);

  drop_file (f.editor, page);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_nonnull (strstr (kumo_media_editor_get_message (f.editor), "not a picture"));
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 0);

  drop_file (f.editor, picture);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_null (kumo_media_editor_get_message (f.editor));
  g_assert_cmpstr (image_value (f.window), ==, "lighthouse.png");
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 1);

  tear_down (&f);
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_dialog (gpointer unused)
{
  return find_dialog () != NULL;
}

static gboolean
three_jobs_ended (gpointer window)
{
  GPtrArray *jobs = kumo_window_get_own_jobs (window);

  if (jobs->len < 3)
    return FALSE;
  for (guint i = 0; i < jobs->len; i++)
    if (!kumo_job_state_is_terminal (kumo_job_get_state (g_ptr_array_index (jobs, i))))
      return FALSE;
  return TRUE;
}

/* Several pictures dropped at once: Kumo offers a run for each, and each
 * job sends its own picture. */
static void
test_media_editor_batch (void)
{
  Fixture f = { 0 };
  const char *names[] = { "pose-a.png", "pose-b.png", "pose-c.png" };
  GFile *files[3];
  GValue value = G_VALUE_INIT;
  GPtrArray *jobs;

  set_up (&f);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) png = kumo_emulator_make_png (64, 64, 40 + i, names[i]);
      g_autofree char *path = write_file (names[i], png);

      files[i] = g_file_new_for_path (path);
    }

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, 3));
  drop_value (f.editor, &value);
  g_value_unset (&value);

  kumo_test_wait_until (has_dialog, NULL);
  kumo_test_shoot (GTK_WIDGET (find_dialog ()), "image-field-batch.png");
  adw_message_dialog_response (find_dialog (), "batch");

  kumo_test_wait_until (three_jobs_ended, f.window);
  jobs = kumo_window_get_own_jobs (f.window);
  g_assert_cmpuint (jobs->len, ==, 3);
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      GBytes *sent = kumo_job_get_workflow (g_ptr_array_index (jobs, i));
      g_autofree char *text = g_strndup (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));

      g_assert_cmpint (kumo_job_get_state (g_ptr_array_index (jobs, i)), ==, KUMO_JOB_STATE_SUCCEEDED);
      g_assert_nonnull (strstr (text, names[i]));
      g_object_unref (files[i]);
    }

  tear_down (&f);
}

/* A PNG whose middle is transparent, or not. */
static char *
write_mask_png (const char *name,
                gboolean    hole)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 64, 64);
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "inputs", NULL);
  char *path = g_build_filename (folder, name, NULL);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (int y = 0; y < 64; y++)
    for (int x = 0; x < 64; x++)
      {
        guchar *p = pixels + y * stride + x * 4;

        p[0] = (guchar) (x * 4);
        p[1] = (guchar) (y * 4);
        p[2] = 128;
        p[3] = hole && x > 16 && x < 48 && y > 16 && y < 48 ? 0 : 255;
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
  return path;
}

static gboolean
mask_button_shown (gpointer editor)
{
  g_autoptr(GPtrArray) buttons = kumo_test_find_widgets (editor, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Mask…") == 0)
      return gtk_widget_get_visible (g_ptr_array_index (buttons, i));
  return FALSE;
}

/* Where the workflow uses LoadImage's mask, the field says what the
 * picture's transparency means, and takes a separate mask for it
 * (/upload/mask against the picture on the server). */
static void
test_media_editor_mask (void)
{
  Fixture f = { 0 };
  g_autofree char *opaque_path = write_mask_png ("opaque.png", FALSE);
  g_autofree char *hole_path = write_mask_png ("hole.png", TRUE);
  g_autoptr(GFile) opaque = g_file_new_for_path (opaque_path);
  g_autoptr(GFile) hole = g_file_new_for_path (hole_path);
  KumoMediaEditor *source_editor;

  set_up_with (&f, "flux_fill_inpaint_mask_comfy-examples.json", "2");
  kumo_test_wait_until (mask_button_shown, f.editor);
  /* The source picture's mask goes nowhere: no mask button there. */
  source_editor = find_node_editor (f.window, "1");
  kumo_test_wait_ms (100);
  g_assert_false (mask_button_shown (source_editor));

  kumo_media_editor_take_file (f.editor, opaque);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_nonnull (strstr (kumo_media_editor_get_message (f.editor), "no transparent parts"));

  kumo_media_editor_take_file (f.editor, hole);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_nonnull (strstr (kumo_media_editor_get_message (f.editor), "transparent parts are the mask"));

  /* A separate mask for the opaque picture. */
  kumo_media_editor_take_file (f.editor, opaque);
  kumo_test_wait_until (not_busy, f.editor);
  kumo_media_editor_add_mask (f.editor, hole);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 4);
  g_assert_true (kumo_emulator_has_input (f.emulator, kumo_json_get_string (
    kumo_node_get_input (kumo_workflow_get_node (kumo_window_get_workflow (f.window), "2"), "image"))));
  g_assert_true (g_file_equal (kumo_media_editor_get_local_file (f.editor), opaque));

  tear_down (&f);
}

/* A video input takes videos: a clip is sent, a picture is refused. */
static void
test_media_editor_video (void)
{
  Fixture f = { 0 };
  g_autofree char *fixture = kumo_test_data_path ("load-video.json");
  g_autofree char *clip_path = kumo_test_data_path ("clip.webm");
  g_autoptr(GBytes) png = kumo_emulator_make_png (32, 32, 3, "still");
  g_autofree char *png_path = write_file ("still.png", png);
  g_autoptr(GFile) clip = g_file_new_for_path (clip_path);
  g_autoptr(GFile) still = g_file_new_for_path (png_path);
  KumoNode *node;

  set_up_with (&f, fixture, "1");

  drop_file (f.editor, still);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_cmpstr (kumo_media_editor_get_message (f.editor), ==, "“still.png” is not a video.");
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 0);

  drop_file (f.editor, clip);
  kumo_test_wait_until (not_busy, f.editor);
  g_assert_null (kumo_media_editor_get_message (f.editor));
  node = kumo_workflow_get_node (kumo_window_get_workflow (f.window), "1");
  g_assert_cmpstr (kumo_json_get_string (kumo_node_get_input (node, "file")), ==, "clip.webm");
  g_assert_cmpuint (kumo_emulator_get_n_uploads (f.emulator), ==, 1);

  tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_gtk_init (&argc, &argv);

  g_test_add_func ("/media-editor/drop", test_media_editor_drop);
  g_test_add_func ("/media-editor/paste", test_media_editor_paste);
  g_test_add_func ("/media-editor/refuses", test_media_editor_refuses);
  g_test_add_func ("/media-editor/reuse-output", test_media_editor_reuse_output);
  g_test_add_func ("/media-editor/browser", test_media_editor_browser);
  g_test_add_func ("/media-editor/batch", test_media_editor_batch);
  g_test_add_func ("/media-editor/mask", test_media_editor_mask);
  g_test_add_func ("/media-editor/video", test_media_editor_video);

  return g_test_run ();
}
