/* test-gallery-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-animation.h"
#include "kumo-compare-view.h"
#include "kumo-emulator-media.h"
#include "kumo-gallery-cell.h"
#include "kumo-gallery-view.h"
#include "kumo-output-viewer.h"
#include "kumo-test-gtk-utils.h"
#include "kumo-test-utils.h"
#include "kumo-thumbnailer.h"
#include "kumo-workflow-summary.h"

/* The gallery in the real window, over outputs a journal recorded (as
 * runs and kumo-cli leave them): found again after a restart, dropped
 * when deleted outside Kumo, looked at in the viewer, moved to the trash
 * and back, compared. With KUMO_TEST_SCREENSHOTS=DIR, the gallery, the
 * viewer and compare are saved there. */

static char *
output_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "gallery-outputs", NULL);
}

/* A real picture, as kumo-emulator draws outputs. */
static void
write_png (const char *path,
           guint       seed,
           int         width,
           int         height)
{
  g_autoptr(GBytes) png = kumo_emulator_make_png (width, height, seed, "Kumo");

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
}

static char *save_file (const char *title, const char *name, guint seed, guint cfg, const char *prompt,
                        GBytes *contents, KumoOutputKind kind);

/* A job that sent @seed, @cfg and @prompt, and saved @name. */
static char *
save_output (const char *title,
             const char *name,
             guint       seed,
             guint       cfg,
             const char *prompt)
{
  return save_file (title, name, seed, cfg, prompt, NULL, KUMO_OUTPUT_IMAGE);
}

/* … with @contents (or a PNG made here) of @kind. */
static char *
save_file (const char     *title,
           const char     *name,
           guint           seed,
           guint           cfg,
           const char     *prompt,
           GBytes         *contents,
           KumoOutputKind  kind)
{
  g_autofree char *journal_path = g_build_filename (g_get_user_data_dir (), "kumo", "journal.sqlite", NULL);
  g_autoptr(KumoJournal) journal = NULL;
  g_autofree char *folder = output_folder ();
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *json = g_strdup_printf ("{\"3\": {\"class_type\": \"KSampler\", \"_meta\": {\"title\": \"KSampler\"}, "
                                           "\"inputs\": {\"seed\": %u, \"cfg\": %u, \"model\": [\"4\", 0]}}, "
                                           "\"6\": {\"class_type\": \"CLIPTextEncode\", \"_meta\": "
                                           "{\"title\": \"Positive Prompt\"}, \"inputs\": {\"text\": \"%s\"}}}",
                                           seed, cfg, prompt);
  g_autoptr(GBytes) workflow = g_bytes_new (json, strlen (json));
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images", .filename = (char *) name,
                            .subfolder = (char *) "", .type = (char *) "output", .kind = kind };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  if (contents != NULL)
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), NULL));
  else
    write_png (path, seed, 640, 480);

  journal = kumo_journal_new (journal_path, &error);
  g_assert_no_error (error);
  key = kumo_journal_add_job (journal, "http://127.0.0.1:8188", workflow, folder, 2, FALSE, title);
  kumo_journal_add_file (journal, key, &output, path);
  kumo_journal_set_state (journal, key, KUMO_JOB_STATE_SUCCEEDED, NULL);
  kumo_journal_flush (journal);

  return g_steal_pointer (&path);
}

/* Older outputs of another workflow, as a gallery in use has. */
static char *
save_studies (void)
{
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("study-%02u.png", i);
      g_autofree char *prompt = g_strdup_printf ("a study of light, number %u", i);

      g_free (save_output ("studies.json", name, 500 + i * 7919, 6, prompt));
    }
  return g_strdup ("studies.json");
}

static gboolean
loaded (gpointer gallery)
{
  return !kumo_gallery_get_loading (gallery);
}

static gboolean
searchable (gpointer gallery)
{
  return kumo_gallery_get_searchable (gallery);
}

/* The window's gallery, read again from the journal (as at a start). */
static KumoGalleryView *
show_gallery (KumoWindow *window)
{
  KumoGalleryView *view = kumo_window_get_gallery_view (window);
  KumoGallery *gallery;

  kumo_window_show_view (window, "gallery");
  gallery = kumo_gallery_view_get_gallery (view);
  g_assert_nonnull (gallery);
  kumo_gallery_load_async (gallery, NULL, NULL, NULL);
  kumo_test_wait_until (loaded, gallery);
  kumo_test_settle (GTK_WIDGET (window));
  return view;
}

static KumoWindow *
new_window (void)
{
  KumoWindow *window = kumo_window_new (kumo_test_application ());
  int width, height;

  kumo_test_window_size (&width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The cell showing the output named @name, found as a screen reader
 * finds it: by its accessible name. */
static KumoGalleryCell *
find_cell (GtkWidget  *root,
           const char *name)
{
  g_autoptr(GPtrArray) cells = kumo_test_find_widgets (root, KUMO_TYPE_GALLERY_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      KumoGalleryCell *cell = g_ptr_array_index (cells, i);

      if (kumo_gallery_cell_get_item (cell) != NULL && gtk_widget_get_mapped (GTK_WIDGET (cell)) &&
          g_str_equal (kumo_gallery_item_get_name (kumo_gallery_cell_get_item (cell)), name))
        {
          gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
          return cell;
        }
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *name;
} CellQuery;

static gboolean
cell_has_thumbnail (gpointer data)
{
  CellQuery *query = data;
  KumoGalleryCell *cell = find_cell (query->root, query->name);

  return cell != NULL && kumo_gallery_cell_has_thumbnail (cell);
}

static gboolean
all_thumbnails (gpointer window)
{
  g_autoptr(GPtrArray) cells = kumo_test_find_widgets (window, KUMO_TYPE_GALLERY_CELL);

  for (guint i = 0; i < cells->len; i++)
    if (kumo_gallery_cell_get_item (g_ptr_array_index (cells, i)) != NULL &&
        !kumo_gallery_cell_has_thumbnail (g_ptr_array_index (cells, i)))
      return FALSE;
  return TRUE;
}

static gboolean
no_cell (gpointer data)
{
  CellQuery *query = data;

  return find_cell (query->root, query->name) == NULL;
}

/* Outputs are listed newest first, each with a thumbnail cached where
 * the freedesktop spec says (so Files shares it); a restart finds them
 * again; one deleted outside Kumo drops out, with no dialog. */
static void
test_gallery_window_lists_outputs (void)
{
  g_autofree char *studies = save_studies ();
  g_autofree char *older = save_output ("portrait.json", "portrait-older.png", 1234, 7, "a red fox in the snow");
  g_autofree char *newer = save_output ("landscape.json", "landscape-newer.png", 98765, 7, "misty hills at dawn");
  KumoWindow *window = new_window ();
  KumoGalleryView *view = show_gallery (window);
  GListModel *shown = kumo_gallery_view_get_shown (view);
  g_autoptr(KumoGalleryItem) first = g_list_model_get_item (shown, 0);
  g_autoptr(GFile) file = g_file_new_for_path (newer);
  g_autofree char *thumbnail_path = kumo_thumbnail_path (file);
  g_autofree char *expected_folder = g_build_filename (g_get_user_cache_dir (), "thumbnails", "large", NULL);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GError) error = NULL;
  CellQuery query = { GTK_WIDGET (window), "landscape-newer.png" };

  g_assert_cmpstr (kumo_gallery_item_get_name (first), ==, "landscape-newer.png");
  kumo_test_wait_until (cell_has_thumbnail, &query);
  query.name = "portrait-older.png";
  kumo_test_wait_until (cell_has_thumbnail, &query);
  kumo_test_wait_until (all_thumbnails, window);
  kumo_test_shoot (GTK_WIDGET (window), "gallery.png");

  /* The thumbnail, by the spec: large/MD5(URI).png with URI and MTime. */
  g_assert_true (g_str_has_prefix (thumbnail_path, expected_folder));
  thumbnail = gdk_pixbuf_new_from_file (thumbnail_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (thumbnail), gdk_pixbuf_get_height (thumbnail)), ==,
                   KUMO_THUMBNAIL_SIZE);
  g_assert_cmpstr (gdk_pixbuf_get_option (thumbnail, "tEXt::Thumb::URI"), ==, uri);
  g_assert_nonnull (gdk_pixbuf_get_option (thumbnail, "tEXt::Thumb::MTime"));

  /* A search by a prompt's words, then by a seed. */
  {
    g_autoptr(GPtrArray) entries = kumo_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
    GtkWidget *entry = g_ptr_array_index (entries, 0);
    g_autoptr(KumoGalleryItem) found = NULL;

    /* The prompts are read when the search first needs them. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "red fox");
    g_signal_emit_by_name (entry, "search-changed");
    kumo_test_wait_until (searchable, kumo_gallery_view_get_gallery (view));
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    found = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (kumo_gallery_item_get_name (found), ==, "portrait-older.png");
    gtk_editable_set_text (GTK_EDITABLE (entry), "98765");
    g_signal_emit_by_name (entry, "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_signal_emit_by_name (entry, "search-changed");
  }

  gtk_window_destroy (GTK_WINDOW (window));

  /* A restart: a new window reads the journal again. */
  window = new_window ();
  view = show_gallery (window);
  query.root = GTK_WIDGET (window);
  query.name = "portrait-older.png";
  kumo_test_wait_until (cell_has_thumbnail, &query);

  /* Deleted in a file manager: it drops out. */
  g_assert_cmpint (g_unlink (older), ==, 0);
  kumo_test_wait_until (no_cell, &query);
  g_assert_null (kumo_gallery_find (kumo_gallery_view_get_gallery (view), older, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
viewer_ready (gpointer viewer)
{
  return kumo_output_viewer_get_picture (viewer) != NULL && kumo_output_viewer_get_job_read (viewer);
}

static KumoOutputViewer *
viewer_of (KumoWindow *window)
{
  g_autoptr(GPtrArray) found = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_OUTPUT_VIEWER);

  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = kumo_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static gboolean
has_button (gpointer data)
{
  CellQuery *query = data;

  return find_button (query->root, query->name) != NULL;
}

static gboolean
has_workflow (gpointer window)
{
  return kumo_window_get_workflow (window) != NULL;
}

static gboolean
is_file (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* The viewer opens an output, goes to the next and back, and returns
 * to the grid; an output moved to the trash leaves the gallery and
 * comes back with Undo. */
static void
test_gallery_window_viewer (void)
{
  g_autofree char *first_path = save_output ("viewer.json", "viewer-1.png", 11, 7, "a lighthouse");
  g_autofree char *second_path = save_output ("viewer.json", "viewer-2.png", 12, 7, "a lighthouse at night");
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", "viewer-2.png", NULL);
  KumoWindow *window = new_window ();
  KumoGalleryView *view = show_gallery (window);
  KumoOutputViewer *viewer = viewer_of (window);
  KumoGallery *gallery = kumo_gallery_view_get_gallery (view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (gallery));
  CellQuery undo = { GTK_WIDGET (window), "_Undo" };

  kumo_gallery_view_open (view, 0);
  g_assert_cmpstr (kumo_gallery_view_get_page (view), ==, "viewer");
  kumo_test_wait_until (viewer_ready, viewer);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "viewer-2.png");
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (kumo_output_viewer_get_picture (viewer)), ==, 640);
  kumo_test_shoot (GTK_WIDGET (window), "viewer.png");

  /* Right goes to the older output, Left back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next", NULL));
  kumo_test_wait_until (viewer_ready, viewer);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "viewer-1.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.previous", NULL));
  kumo_test_wait_until (viewer_ready, viewer);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "viewer-2.png");

  /* To the trash: gone from the gallery, in the trash; Undo brings it
   * back where it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.trash", NULL));
  kumo_test_wait_until (is_file, trashed);
  g_assert_false (g_file_test (second_path, G_FILE_TEST_EXISTS));
  while (g_list_model_get_n_items (G_LIST_MODEL (gallery)) != n - 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "viewer-1.png");

  kumo_test_wait_until (has_button, &undo);
  gtk_widget_activate (find_button (GTK_WIDGET (window), "_Undo"));
  kumo_test_wait_until (is_file, second_path);
  g_assert_false (g_file_test (trashed, G_FILE_TEST_EXISTS));
  while (g_list_model_get_n_items (G_LIST_MODEL (gallery)) != n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (kumo_gallery_find (gallery, second_path, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.close", NULL));
  g_assert_cmpstr (kumo_gallery_view_get_page (view), ==, "grid");

  /* Open Inputs: the exact workflow and seed of that output, in the
   * editor. */
  kumo_gallery_view_open (view, 0);
  kumo_test_wait_until (viewer_ready, viewer);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "viewer-2.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.open-inputs", NULL));
  kumo_test_wait_until (has_workflow, window);
  {
    KumoNode *sampler = kumo_workflow_get_node (kumo_window_get_workflow (window), "3");
    gint64 seed = 0;

    g_assert_true (kumo_json_get_int64 (kumo_node_get_input (sampler, "seed"), &seed));
    g_assert_cmpint (seed, ==, 12);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
changes_read (gpointer compare)
{
  return kumo_compare_view_get_changes (compare) != NULL;
}

static const KumoWorkflowChange *
find_change (GPtrArray  *changes,
             const char *input)
{
  for (guint i = 0; i < changes->len; i++)
    if (g_strcmp0 (((KumoWorkflowChange *) g_ptr_array_index (changes, i))->input, input) == 0)
      return g_ptr_array_index (changes, i);
  return NULL;
}

static gboolean
has_row (GtkWidget  *root,
         const char *title,
         const char *subtitle)
{
  g_autoptr(GPtrArray) rows = kumo_test_find_widgets (root, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0 &&
        g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), subtitle) == 0)
      return TRUE;
  return FALSE;
}

/* Two outputs selected are compared, with what their jobs sent
 * differently listed from the journal's exact workflows. */
static void
test_gallery_window_compare (void)
{
  g_autofree char *before = save_output ("compare.json", "compare-a.png", 1234, 7, "a red fox");
  g_autofree char *after = save_output ("compare.json", "compare-b.png", 1235, 8, "a white fox at dusk");
  KumoWindow *window = new_window ();
  KumoGalleryView *view = show_gallery (window);
  GListModel *shown = kumo_gallery_view_get_shown (view);
  GtkSelectionModel *selection = NULL;
  g_autoptr(GPtrArray) grids = kumo_test_find_widgets (GTK_WIDGET (view), GTK_TYPE_GRID_VIEW);
  g_autoptr(GPtrArray) compares = kumo_test_find_widgets (GTK_WIDGET (view), KUMO_TYPE_COMPARE_VIEW);
  KumoCompareView *compare = g_ptr_array_index (compares, 0);
  GPtrArray *changes;
  const KumoWorkflowChange *change;

  /* The two newest: b, then a. */
  selection = gtk_grid_view_get_model (g_ptr_array_index (grids, 0));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (view), "gallery.compare", NULL) &&
                  g_str_equal (kumo_gallery_view_get_page (view), "compare"));
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "gallery.compare", NULL));
  g_assert_cmpstr (kumo_gallery_view_get_page (view), ==, "compare");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 2);

  kumo_test_wait_until (changes_read, compare);
  changes = kumo_compare_view_get_changes (compare);
  g_assert_cmpuint (changes->len, ==, 3);
  change = find_change (changes, "seed");
  g_assert_cmpstr (change->before, ==, "1234");
  g_assert_cmpstr (change->after, ==, "1235");
  change = find_change (changes, "cfg");
  g_assert_cmpstr (change->before, ==, "7");
  g_assert_cmpstr (change->after, ==, "8");
  g_assert_nonnull (find_change (changes, "text"));

  /* As a person reads them. */
  g_assert_true (has_row (GTK_WIDGET (compare), "KSampler · seed", "1234 → 1235"));
  g_assert_true (has_row (GTK_WIDGET (compare), "Positive Prompt · text", "Removed: red · Added: white, at, dusk"));
  kumo_test_shoot (GTK_WIDGET (window), "compare.png");

  gtk_widget_activate_action (GTK_WIDGET (compare), "compare.close", NULL);
  g_assert_cmpstr (kumo_gallery_view_get_page (view), ==, "grid");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
animation_played (gpointer viewer)
{
  GdkPaintable *picture = kumo_output_viewer_get_picture (viewer);

  return KUMO_IS_ANIMATION (picture) && kumo_animation_get_n_shown (KUMO_ANIMATION (picture)) >= 3;
}

static gboolean
page_is (gpointer data)
{
  gpointer *args = data;
  g_autoptr(GPtrArray) stacks = kumo_test_find_widgets (args[0], GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (g_strcmp0 (gtk_stack_get_visible_child_name (g_ptr_array_index (stacks, i)), args[1]) == 0 &&
        gtk_widget_get_mapped (g_ptr_array_index (stacks, i)))
      return TRUE;
  return FALSE;
}

static gboolean
cell_plays (gpointer data)
{
  CellQuery *query = data;
  KumoGalleryCell *cell = find_cell (query->root, query->name);

  return cell != NULL && KUMO_IS_ANIMATION (kumo_gallery_cell_get_paintable (cell));
}

/* The pointer enters or leaves @cell, as GTK tells its motion controller. */
static void
hover (KumoGalleryCell *cell,
       const char      *signal)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (cell));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        {
          if (g_str_equal (signal, "enter"))
            g_signal_emit_by_name (controller, signal, 10.0, 10.0);
          else
            g_signal_emit_by_name (controller, signal);
        }
    }
}

/* A video's first frame is its thumbnail (cached for the file manager
 * too); an animated WebP plays in the viewer; a sound opens in the
 * player. */
static void
test_gallery_window_media (void)
{
  g_autofree char *clip_path = kumo_test_data_path ("clip.webm");
  g_autoptr(GBytes) clip = kumo_test_load_bytes (clip_path);
  g_autofree char *video = save_file ("media.json", "media-clip.webm", 6, 7, "a test card", clip,
                                      KUMO_OUTPUT_VIDEO);
  g_autoptr(GFile) video_file = g_file_new_for_path (video);
  g_autofree char *poster = kumo_thumbnail_path (video_file);
  g_autoptr(GBytes) webp = kumo_emulator_make_animated_webp (320, 240, 6, 7, "frames");
  g_autoptr(GBytes) wav = kumo_emulator_make_wav (10, 7);
  g_autofree char *animated = save_file ("media.json", "media-animated.webp", 7, 7, "a spinning top", webp,
                                         KUMO_OUTPUT_ANIMATION);
  g_autofree char *sound = save_file ("media.json", "media-sound.wav", 8, 7, "rain", wav, KUMO_OUTPUT_AUDIO);
  KumoWindow *window = new_window ();
  KumoGalleryView *view = show_gallery (window);
  KumoOutputViewer *viewer = viewer_of (window);
  gpointer media_page[] = { viewer, (gpointer) "media" };
  CellQuery query = { GTK_WIDGET (window), "media-clip.webm" };

  kumo_test_wait_until (cell_has_thumbnail, &query);
  g_assert_true (g_file_test (poster, G_FILE_TEST_IS_REGULAR));

  /* The pointer on an animation plays it in its cell; off it, stills. */
  query.name = "media-animated.webp";
  kumo_test_wait_until (cell_has_thumbnail, &query);
  hover (find_cell (GTK_WIDGET (window), "media-animated.webp"), "enter");
  kumo_test_wait_until (cell_plays, &query);
  hover (find_cell (GTK_WIDGET (window), "media-animated.webp"), "leave");
  g_assert_true (GDK_IS_TEXTURE (kumo_gallery_cell_get_paintable (find_cell (GTK_WIDGET (window),
                                                                              "media-animated.webp"))));

  /* The newest, the sound, first; then the animation after it. */
  kumo_gallery_view_open (view, 0);
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "media-sound.wav");
  kumo_test_wait_until (page_is, media_page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next", NULL));
  g_assert_cmpstr (kumo_gallery_item_get_name (kumo_output_viewer_get_item (viewer)), ==, "media-animated.webp");
  kumo_test_wait_until (animation_played, viewer);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (kumo_output_viewer_get_picture (viewer)), ==, 320);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_gtk_init (&argc, &argv);

  g_test_add_func ("/gallery-window/lists-outputs", test_gallery_window_lists_outputs);
  g_test_add_func ("/gallery-window/viewer", test_gallery_window_viewer);
  g_test_add_func ("/gallery-window/compare", test_gallery_window_compare);
  g_test_add_func ("/gallery-window/media", test_gallery_window_media);

  return g_test_run ();
}
