/* kumo-gallery.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-gallery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kumo-gallery.h"
#include "kumo-workflow-summary.h"

/*
 * Every output Kumo saved that is still on disk, the last saved first,
 * as a list model: the window's gallery and anything else (kumo-cli
 * could list it the same way) read the same thing.
 *
 * It comes from the journal, so it is complete after a restart and holds
 * what kumo-cli saved too. Reading runs in a worker thread, in two
 * passes: the files (what a first screen needs), and, once a search is
 * wanted (kumo_gallery_ensure_searchable()), the jobs' workflows for the
 * text a search looks through ("searchable" turns TRUE). Reading 10,000
 * workflows at every start would take a core from the first screen. Files saved while Kumo runs arrive through the journals'
 * "file-saved" signal. A file deleted or moved away outside Kumo drops
 * out (each output folder is watched); put back, it returns.
 */
struct _KumoGallery
{
  GObject       parent_instance;

  char         *journal_path;
  KumoJournal  *journal;       /* opened by the first load, in its thread */
  GMutex        journal_lock;

  GPtrArray    *items;         /* KumoGalleryItem, newest first */
  GHashTable   *by_path;       /* path → KumoGalleryItem shown */
  GHashTable   *gone;          /* path → KumoGalleryItem not on disk */
  GHashTable   *monitors;      /* folder path → GFileMonitor */
  GCancellable *cancellable;

  guint         loading : 1;
  guint         searchable : 1;
  guint         search_wanted : 1;   /* read the workflows after each load */
  guint         summarizing : 1;
};

static void kumo_gallery_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KumoGallery, kumo_gallery, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kumo_gallery_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SEARCHABLE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
kumo_gallery_get_item_type (GListModel *model)
{
  return KUMO_TYPE_GALLERY_ITEM;
}

static guint
kumo_gallery_get_n_items (GListModel *model)
{
  return KUMO_GALLERY (model)->items->len;
}

static gpointer
kumo_gallery_get_item (GListModel *model,
                       guint       position)
{
  KumoGallery *self = KUMO_GALLERY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
kumo_gallery_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kumo_gallery_get_item_type;
  iface->get_n_items = kumo_gallery_get_n_items;
  iface->get_item = kumo_gallery_get_item;
}

static void
kumo_gallery_dispose (GObject *object)
{
  KumoGallery *self = (KumoGallery *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->monitors, g_hash_table_unref);

  G_OBJECT_CLASS (kumo_gallery_parent_class)->dispose (object);
}

static void
kumo_gallery_finalize (GObject *object)
{
  KumoGallery *self = (KumoGallery *)object;

  g_clear_object (&self->journal);
  g_mutex_clear (&self->journal_lock);
  g_free (self->journal_path);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->gone, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kumo_gallery_parent_class)->finalize (object);
}

static void
kumo_gallery_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KumoGallery *self = KUMO_GALLERY (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SEARCHABLE:
      g_value_set_boolean (value, self->searchable);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_gallery_class_init (KumoGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_gallery_dispose;
  object_class->finalize = kumo_gallery_finalize;
  object_class->get_property = kumo_gallery_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHABLE] =
    g_param_spec_boolean ("searchable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_gallery_init (KumoGallery *self)
{
  g_mutex_init (&self->journal_lock);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/**
 * kumo_gallery_new:
 * @journal_path: (nullable): the journal to read, or %NULL for Kumo's own
 */
KumoGallery *
kumo_gallery_new (const char *journal_path)
{
  KumoGallery *self = g_object_new (KUMO_TYPE_GALLERY, NULL);

  self->journal_path = journal_path ? g_strdup (journal_path) : kumo_journal_default_path ();
  return self;
}

static void
items_changed (KumoGallery *self,
               guint        position,
               guint        removed,
               guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ---------------------------------------------------------------------- */
/* Files coming and going                                                 */
/* ---------------------------------------------------------------------- */

static void watch_folder (KumoGallery *self,
                          const char  *path);

/* Where @item goes: after every item saved later than it. */
static guint
position_for (KumoGallery     *self,
              KumoGalleryItem *item)
{
  gint64 added = kumo_gallery_item_get_added (item);

  for (guint i = 0; i < self->items->len; i++)
    if (kumo_gallery_item_get_added (g_ptr_array_index (self->items, i)) <= added)
      return i;

  return self->items->len;
}

static void
show_item (KumoGallery     *self,
           KumoGalleryItem *item)
{
  g_autoptr(KumoGalleryItem) hold = g_object_ref (item);
  const char *path = kumo_gallery_item_get_path (item);
  guint position;

  kumo_gallery_forget (self, path);
  g_hash_table_remove (self->gone, path);

  position = position_for (self, item);
  g_ptr_array_insert (self->items, position, g_object_ref (item));
  g_hash_table_insert (self->by_path, (gpointer) path, item);
  watch_folder (self, path);
  items_changed (self, position, 0, 1);
}

/**
 * kumo_gallery_forget:
 * @path: a file that is no longer where it was
 *
 * Takes a file out of the gallery at once (the folder's watch would,
 * a moment later). Should it come back, so does its item.
 */
void
kumo_gallery_forget (KumoGallery *self,
                     const char  *path)
{
  KumoGalleryItem *item;
  guint position;

  g_return_if_fail (KUMO_IS_GALLERY (self));
  g_return_if_fail (path != NULL);

  item = g_hash_table_lookup (self->by_path, path);
  if (item == NULL || !g_ptr_array_find (self->items, item, &position))
    return;

  g_hash_table_remove (self->by_path, path);
  g_hash_table_replace (self->gone, (gpointer) kumo_gallery_item_get_path (item), g_object_ref (item));
  g_ptr_array_remove_index (self->items, position);
  items_changed (self, position, 1, 0);
}

static void
folder_changed_cb (KumoGallery       *self,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   GFileMonitor      *monitor)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *other_path = other_file ? g_file_get_path (other_file) : NULL;
  KumoGalleryItem *back;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      kumo_gallery_forget (self, path);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      kumo_gallery_forget (self, path);
      if (other_path != NULL && (back = g_hash_table_lookup (self->gone, other_path)) != NULL)
        show_item (self, back);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if ((back = g_hash_table_lookup (self->gone, path)) != NULL &&
          g_file_test (path, G_FILE_TEST_IS_REGULAR))
        show_item (self, back);
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
watch_folder (KumoGallery *self,
              const char  *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileMonitor) monitor = NULL;

  if (self->monitors == NULL || g_hash_table_contains (self->monitors, folder))
    return;

  file = g_file_new_for_path (folder);
  /* Without a watch (a folder on a network share, say), files that go
   * missing drop out at the next start instead. */
  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "changed", G_CALLBACK (folder_changed_cb), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->monitors, g_steal_pointer (&folder),
                       monitor ? g_steal_pointer (&monitor) : g_object_new (G_TYPE_OBJECT, NULL));
}

/* ---------------------------------------------------------------------- */
/* Loading                                                                */
/* ---------------------------------------------------------------------- */

typedef struct
{
  GPtrArray  *shown;     /* KumoGalleryItem on disk */
  GPtrArray  *missing;   /* KumoGalleryItem not on disk */
  GHashTable *texts;     /* job key → search text */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->shown, g_ptr_array_unref);
  g_clear_pointer (&loaded->missing, g_ptr_array_unref);
  g_clear_pointer (&loaded->texts, g_hash_table_unref);
  g_free (loaded);
}

static KumoJournal *
open_journal (KumoGallery  *self,
              GError      **error)
{
  KumoJournal *journal;

  g_mutex_lock (&self->journal_lock);
  if (self->journal == NULL)
    self->journal = kumo_journal_new (self->journal_path, error);
  journal = self->journal ? g_object_ref (self->journal) : NULL;
  g_mutex_unlock (&self->journal_lock);

  return journal;
}

static Loaded *
read_files (GPtrArray *saved)
{
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->shown = g_ptr_array_new_with_free_func (g_object_unref);
  loaded->missing = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < saved->len; i++)
    {
      const KumoJournalSavedFile *file = g_ptr_array_index (saved, i);

      g_ptr_array_add (g_file_test (file->path, G_FILE_TEST_IS_REGULAR) ? loaded->shown : loaded->missing,
                       kumo_gallery_item_new (file));
    }

  return loaded;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KumoGallery *self = source_object;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  GError *error = NULL;

  if (!(journal = open_journal (self, &error)) ||
      !(saved = kumo_journal_list_saved_files (journal, NULL, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, read_files (saved), (GDestroyNotify) loaded_free);
}

static void
add_search_text (const char *key,
                 const char *data,
                 gsize       length,
                 gpointer    user_data)
{
  GHashTable *texts = user_data;
  g_autoptr(KumoWorkflowSummary) summary = kumo_workflow_summarize (data, length);

  if (summary != NULL)
    g_hash_table_insert (texts, g_strdup (key), g_steal_pointer (&summary->search_text));
}

static void
summarize_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KumoGallery *self = source_object;
  g_autoptr(KumoJournal) journal = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GError *error = NULL;

  if (!(journal = open_journal (self, &error)) ||
      !kumo_journal_foreach_workflow (journal, add_search_text, texts, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&texts), (GDestroyNotify) g_hash_table_unref);
}

static void
set_search_texts (GPtrArray  *items,
                  GHashTable *texts)
{
  for (guint i = 0; i < items->len; i++)
    {
      KumoGalleryItem *item = g_ptr_array_index (items, i);
      const char *text = g_hash_table_lookup (texts, kumo_gallery_item_get_job_key (item));

      if (text != NULL)
        kumo_gallery_item_set_search_text (item, text);
    }
}

static void
summarized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KumoGallery *self = KUMO_GALLERY (object);
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GError) error = NULL;

  self->summarizing = FALSE;
  texts = g_task_propagate_pointer (G_TASK (result), &error);
  if (texts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the jobs’ workflows for search: %s", error->message);
      return;
    }

  set_search_texts (self->items, texts);
  self->searchable = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHABLE]);
}

static void
start_summarizing (KumoGallery *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->summarizing)
    return;

  self->summarizing = TRUE;
  task = g_task_new (self, self->cancellable, summarized_cb, NULL);
  g_task_set_source_tag (task, summarize_thread);
  g_task_run_in_thread (task, summarize_thread);
}

/**
 * kumo_gallery_ensure_searchable:
 *
 * Reads the jobs' prompts and seeds into the items (once, and after
 * each load from then on); "searchable" turns TRUE when they are in.
 */
void
kumo_gallery_ensure_searchable (KumoGallery *self)
{
  g_return_if_fail (KUMO_IS_GALLERY (self));

  self->search_wanted = TRUE;
  if (!self->searchable && !self->loading)
    start_summarizing (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KumoGallery *self = KUMO_GALLERY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) previous = NULL;
  Loaded *loaded;
  GError *error = NULL;
  guint removed;

  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  previous = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  removed = previous->len;
  g_hash_table_remove_all (self->by_path);

  for (guint i = 0; i < loaded->missing->len; i++)
    {
      KumoGalleryItem *item = g_ptr_array_index (loaded->missing, i);

      g_hash_table_replace (self->gone, (gpointer) kumo_gallery_item_get_path (item), g_object_ref (item));
    }
  for (guint i = 0; i < loaded->shown->len; i++)
    {
      KumoGalleryItem *item = g_ptr_array_index (loaded->shown, i);

      g_hash_table_remove (self->gone, kumo_gallery_item_get_path (item));
      g_ptr_array_add (self->items, g_object_ref (item));
      g_hash_table_insert (self->by_path, (gpointer) kumo_gallery_item_get_path (item), item);
      watch_folder (self, kumo_gallery_item_get_path (item));
    }
  loaded_free (loaded);

  items_changed (self, 0, removed, self->items->len);

  /* A file saved while the journal was read may have been too late for
   * the reading: keep it. */
  for (guint i = 0; i < previous->len; i++)
    {
      KumoGalleryItem *item = g_ptr_array_index (previous, i);

      if (!g_hash_table_contains (self->by_path, kumo_gallery_item_get_path (item)))
        show_item (self, item);
    }

  if (self->search_wanted)
    {
      self->searchable = FALSE;
      start_summarizing (self);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * kumo_gallery_load_async:
 *
 * Reads the journal's saved files (again), in a worker thread.
 */
void
kumo_gallery_load_async (KumoGallery         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread = NULL;

  g_return_if_fail (KUMO_IS_GALLERY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_gallery_load_async);

  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  thread = g_task_new (self, self->cancellable, loaded_cb, g_steal_pointer (&task));
  g_task_run_in_thread (thread, load_thread);
}

gboolean
kumo_gallery_load_finish (KumoGallery   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kumo_gallery_get_loading (KumoGallery *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY (self), FALSE);
  return self->loading;
}

/* Whether the items carry their jobs' prompts and seeds yet. */
gboolean
kumo_gallery_get_searchable (KumoGallery *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY (self), FALSE);
  return self->searchable;
}

/**
 * kumo_gallery_find:
 * @position: (out) (optional): where it is
 *
 * Returns: (transfer none) (nullable): the item shown for @path
 */
KumoGalleryItem *
kumo_gallery_find (KumoGallery *self,
                   const char  *path,
                   guint       *position)
{
  KumoGalleryItem *item;

  g_return_val_if_fail (KUMO_IS_GALLERY (self), NULL);

  item = g_hash_table_lookup (self->by_path, path);
  if (item != NULL && position != NULL)
    g_ptr_array_find (self->items, item, position);

  return item;
}

static void
read_job_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KumoGallery *self = source_object;
  g_autoptr(KumoJournal) journal = NULL;
  KumoJournalEntry *entry = NULL;
  GError *error = NULL;

  if ((journal = open_journal (self, &error)) != NULL)
    entry = kumo_journal_find_file (journal, task_data, &error);

  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) kumo_journal_entry_free);
}

/**
 * kumo_gallery_read_job_async:
 *
 * Reads the job that made @item from the journal: its exact workflow
 * (seeds included), server and times.
 */
void
kumo_gallery_read_job_async (KumoGallery         *self,
                             KumoGalleryItem     *item,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_GALLERY (self));
  g_return_if_fail (KUMO_IS_GALLERY_ITEM (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_gallery_read_job_async);
  g_task_set_task_data (task, g_strdup (kumo_gallery_item_get_path (item)), g_free);
  g_task_run_in_thread (task, read_job_thread);
}

/**
 * kumo_gallery_read_job_finish:
 *
 * Returns: (transfer full): the job, or %NULL with @error set
 */
KumoJournalEntry *
kumo_gallery_read_job_finish (KumoGallery   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Files saved while Kumo runs                                            */
/* ---------------------------------------------------------------------- */

static void
saved_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KumoJournal *journal = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(KumoJournalEntry) entry = NULL;
  g_autoptr(KumoWorkflowSummary) summary = NULL;
  KumoGalleryItem *item;

  saved = kumo_journal_list_saved_files (journal, path, NULL);
  if (saved == NULL || saved->len == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  item = kumo_gallery_item_new (g_ptr_array_index (saved, 0));
  entry = kumo_journal_find_file (journal, path, NULL);
  if (entry != NULL)
    summary = kumo_workflow_summarize (g_bytes_get_data (entry->workflow, NULL),
                                       g_bytes_get_size (entry->workflow));
  if (summary != NULL)
    kumo_gallery_item_set_search_text (item, summary->search_text);

  g_task_return_pointer (task, item, g_object_unref);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KumoGallery *self = KUMO_GALLERY (object);
  g_autoptr(KumoGalleryItem) item = g_task_propagate_pointer (G_TASK (result), NULL);

  if (item != NULL && g_file_test (kumo_gallery_item_get_path (item), G_FILE_TEST_IS_REGULAR))
    show_item (self, item);
}

static void
file_saved_cb (KumoGallery *self,
               const char  *path,
               KumoJournal *journal)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, saved_cb, NULL);

  g_task_set_source_tag (task, file_saved_cb);
  g_task_set_task_data (task, g_object_ref (journal), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (path), g_free);
  g_task_run_in_thread (task, saved_thread);
}

/**
 * kumo_gallery_watch_journal:
 * @journal: a journal this process saves outputs through
 *
 * Adds each file @journal records as saved, as it is saved. The signal
 * must come on the thread the gallery was made on.
 */
void
kumo_gallery_watch_journal (KumoGallery *self,
                            KumoJournal *journal)
{
  g_return_if_fail (KUMO_IS_GALLERY (self));
  g_return_if_fail (KUMO_IS_JOURNAL (journal));

  if (g_object_get_data (G_OBJECT (journal), "kumo-gallery") == self)
    return;
  g_object_set_data (G_OBJECT (journal), "kumo-gallery", self);
  g_signal_connect_object (journal, "file-saved", G_CALLBACK (file_saved_cb), self, G_CONNECT_SWAPPED);
}
