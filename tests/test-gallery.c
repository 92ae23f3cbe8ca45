/* test-gallery.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-gallery.h"
#include "kumo-journal.h"
#include "kumo-test-utils.h"

typedef struct
{
  char        *folder;
  char        *journal_path;
  KumoJournal *journal;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("gallery-%u", n++);
  g_autoptr(GError) error = NULL;

  f->folder = g_build_filename (g_get_user_data_dir (), name, "out", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  f->journal_path = g_build_filename (g_get_user_data_dir (), name, "journal.sqlite", NULL);
  f->journal = kumo_journal_new (f->journal_path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->journal);
  g_free (f->folder);
  g_free (f->journal_path);
}

/* A job that sent @prompt with @seed and saved @name in the folder. */
static char *
save_output (Fixture    *f,
             const char *title,
             const char *name,
             const char *prompt,
             guint       seed)
{
  g_autofree char *json = g_strdup_printf ("{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": %u, "
                                           "\"model\": [\"4\", 0]}}, \"6\": {\"class_type\": \"CLIPTextEncode\", "
                                           "\"inputs\": {\"text\": \"%s\"}}}", seed, prompt);
  g_autoptr(GBytes) workflow = g_bytes_new (json, strlen (json));
  g_autofree char *key = kumo_journal_add_job (f->journal, "http://127.0.0.1:1", workflow, f->folder, 2,
                                               FALSE, title);
  g_autofree char *path = g_build_filename (f->folder, name, NULL);
  KumoOutputFile output = { .node_id = (char *) "9", .key = (char *) "images", .filename = (char *) name,
                            .subfolder = (char *) "", .type = (char *) "output", .kind = KUMO_OUTPUT_IMAGE };

  g_assert_true (g_file_set_contents (path, "not really a png", -1, NULL));
  kumo_journal_add_file (f->journal, key, &output, path);
  kumo_journal_set_state (f->journal, key, KUMO_JOB_STATE_SUCCEEDED, NULL);
  kumo_journal_flush (f->journal);
  return g_steal_pointer (&path);
}

static void
load (KumoGallery *gallery)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kumo_gallery_load_async (gallery, NULL, kumo_test_store_result_cb, &result);
  g_assert_true (kumo_gallery_load_finish (gallery, kumo_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static const char *
name_at (KumoGallery *gallery,
         guint        position)
{
  g_autoptr(KumoGalleryItem) item = g_list_model_get_item (G_LIST_MODEL (gallery), position);

  g_assert_nonnull (item);
  return kumo_gallery_item_get_name (item);
}

static gboolean
has_n_items (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_n_items (KumoGallery *gallery,
                  guint        n)
{
  gpointer args[] = { gallery, GUINT_TO_POINTER (n) };
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!has_n_items (args) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gallery)), ==, n);
}

/* After a restart the gallery lists what was saved, the last first; a
 * file already deleted is not listed. */
static void
test_gallery_lists_saved_files (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(KumoGallery) gallery = NULL;
  g_autofree char *first = save_output (f, "portrait.json", "first.png", "a red fox", 11);
  g_autofree char *second = save_output (f, "portrait.json", "second.png", "a blue fox", 12);
  g_autofree char *third = save_output (f, "landscape.json", "third.png", "misty hills", 13);
  g_autoptr(KumoGalleryItem) item = NULL;

  g_assert_cmpint (g_unlink (second), ==, 0);
  kumo_journal_flush (f->journal);

  gallery = kumo_gallery_new (f->journal_path);
  load (gallery);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gallery)), ==, 2);
  g_assert_cmpstr (name_at (gallery, 0), ==, "third.png");
  g_assert_cmpstr (name_at (gallery, 1), ==, "first.png");

  item = g_list_model_get_item (G_LIST_MODEL (gallery), 0);
  g_assert_cmpstr (kumo_gallery_item_get_title (item), ==, "landscape.json");
  g_assert_cmpstr (kumo_gallery_item_get_server (item), ==, "http://127.0.0.1:1");
  g_assert_cmpint (kumo_gallery_item_get_kind (item), ==, KUMO_OUTPUT_IMAGE);
  g_assert_cmpstr (kumo_gallery_item_get_path (item), ==, third);
  g_assert_nonnull (kumo_gallery_find (gallery, first, NULL));
}

static gboolean
is_searchable (gpointer data)
{
  return kumo_gallery_get_searchable (data);
}

/* A search finds outputs by their jobs' prompt words and seeds. */
static void
test_gallery_search (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KumoGallery) gallery = NULL;
  g_autofree char *fox = save_output (f, "portrait.json", "fox.png", "A Red Fox in snow", 1234);
  g_autofree char *hills = save_output (f, "landscape.json", "hills.png", "misty hills", 98765);
  g_autoptr(KumoGalleryItem) newest = NULL;
  g_autoptr(KumoGalleryItem) oldest = NULL;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gallery = kumo_gallery_new (f->journal_path);
  load (gallery);
  g_assert_false (kumo_gallery_get_searchable (gallery));
  kumo_gallery_ensure_searchable (gallery);
  while (!is_searchable (gallery) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kumo_gallery_get_searchable (gallery));

  newest = g_list_model_get_item (G_LIST_MODEL (gallery), 0);
  oldest = g_list_model_get_item (G_LIST_MODEL (gallery), 1);
  g_assert_true (kumo_gallery_item_matches (oldest, "red fox"));
  g_assert_true (kumo_gallery_item_matches (oldest, "FOX snow"));
  g_assert_true (kumo_gallery_item_matches (oldest, "1234"));
  g_assert_false (kumo_gallery_item_matches (oldest, "misty"));
  g_assert_true (kumo_gallery_item_matches (newest, "98765"));
  g_assert_true (kumo_gallery_item_matches (newest, "landscape"));
  g_assert_false (kumo_gallery_item_matches (newest, "fox"));
  g_assert_true (kumo_gallery_item_matches (newest, ""));
}

/* Files saved while Kumo runs arrive first; a file deleted or moved away
 * outside Kumo drops out, and comes back when it is put back. */
static void
test_gallery_follows_disk (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KumoGallery) gallery = kumo_gallery_new (f->journal_path);
  g_autofree char *first = save_output (f, "portrait.json", "first.png", "a red fox", 11);
  g_autofree char *second = NULL;
  g_autofree char *elsewhere = g_build_filename (g_get_user_data_dir (), "moved-away.png", NULL);

  load (gallery);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gallery)), ==, 1);

  kumo_gallery_watch_journal (gallery, f->journal);
  second = save_output (f, "portrait.json", "second.png", "a blue fox", 12);
  wait_for_n_items (gallery, 2);
  g_assert_cmpstr (name_at (gallery, 0), ==, "second.png");

  g_assert_cmpint (g_unlink (first), ==, 0);
  wait_for_n_items (gallery, 1);
  g_assert_cmpstr (name_at (gallery, 0), ==, "second.png");

  g_assert_cmpint (g_rename (second, elsewhere), ==, 0);
  wait_for_n_items (gallery, 0);
  g_assert_cmpint (g_rename (elsewhere, second), ==, 0);
  wait_for_n_items (gallery, 1);
  g_assert_cmpstr (name_at (gallery, 0), ==, "second.png");

  kumo_gallery_forget (gallery, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gallery)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add ("/gallery/lists-saved-files", Fixture, NULL, fixture_set_up,
              test_gallery_lists_saved_files, fixture_tear_down);
  g_test_add ("/gallery/search", Fixture, NULL, fixture_set_up, test_gallery_search, fixture_tear_down);
  g_test_add ("/gallery/follows-disk", Fixture, NULL, fixture_set_up, test_gallery_follows_disk,
              fixture_tear_down);

  return g_test_run ();
}
