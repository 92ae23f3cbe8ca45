/* kumo-journal-library.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-journal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "kumo-journal-private.h"
#include "kumo-output.h"

/*
 * What the journal knows beyond the jobs it brings home: which local file
 * each uploaded input came from, every output saved (for a gallery, with
 * the workflows its search reads), and how long a workflow usually takes.
 */

/* ---------------------------------------------------------------------- */
/* Uploaded inputs                                                        */
/* ---------------------------------------------------------------------- */

/* @local_path was uploaded to @server, which named it @name. */
void
kumo_journal_add_upload (KumoJournal *self,
                         const char  *server,
                         const char  *name,
                         const char  *local_path)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));
  g_return_if_fail (server != NULL && name != NULL && local_path != NULL);

  _kumo_journal_queue_write (self, "INSERT OR REPLACE INTO uploads (server, name, local_path, added) VALUES (?, ?, ?, ?)",
               g_variant_new_string (server), g_variant_new_string (name), g_variant_new_string (local_path),
               _kumo_journal_now_variant (), NULL);
}

/**
 * kumo_journal_find_upload:
 *
 * Call from a worker thread.
 *
 * Returns: (transfer full) (nullable): the local file that @server's
 *   input @name was uploaded from, if Kumo uploaded it
 */
char *
kumo_journal_find_upload (KumoJournal *self,
                          const char  *server,
                          const char  *name)
{
  sqlite3_stmt *stmt = NULL;
  char *local_path = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT local_path FROM uploads WHERE server = ? AND name = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, server, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        local_path = _kumo_journal_column_text (stmt, 0);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  return local_path;
}

/* ---------------------------------------------------------------------- */
/* Saved files, for a gallery                                             */
/* ---------------------------------------------------------------------- */

void
kumo_journal_saved_file_free (KumoJournalSavedFile *file)
{
  if (file == NULL)
    return;

  g_free (file->path);
  g_free (file->job_key);
  g_free (file->server);
  g_free (file->title);
  g_free (file->node_id);
  g_free (file);
}

/**
 * kumo_journal_list_saved_files:
 * @local_path: (nullable): only this file
 *
 * Lists the files saved whole, the last saved first. It reads the
 * journal only: whether each file is still there is for the caller to
 * see. Call it from a worker thread; it can take a while.
 *
 * Returns: (transfer container) (element-type KumoJournalSavedFile):
 *   the files, or %NULL with @error set
 */
GPtrArray *
kumo_journal_list_saved_files (KumoJournal  *self,
                               const char   *local_path,
                               GError      **error)
{
  g_autoptr(GPtrArray) files = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);

  /* A file saved twice (a job run again into the same name) is listed
   * once, for the last job that saved it. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT files.local_path, jobs.key, jobs.server, jobs.title, files.node_id, "
                          "files.kind, files.output_key, files.filename, jobs.created, "
                          "COALESCE (files.added, jobs.updated) "
                          "FROM files JOIN jobs ON files.job = jobs.key "
                          "WHERE files.saved = 1 AND (?1 IS NULL OR files.local_path = ?1) "
                          "AND files.rowid = (SELECT MAX (f.rowid) FROM files AS f "
                          "                   WHERE f.local_path = files.local_path AND f.saved = 1) "
                          "ORDER BY files.rowid DESC", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read Kumo’s job journal: %s"),
                   sqlite3_errmsg (self->db));
      goto out;
    }

  if (local_path != NULL)
    sqlite3_bind_text (stmt, 1, local_path, -1, SQLITE_TRANSIENT);

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_journal_saved_file_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KumoJournalSavedFile *file = g_new0 (KumoJournalSavedFile, 1);

      file->path = _kumo_journal_column_text (stmt, 0);
      file->job_key = _kumo_journal_column_text (stmt, 1);
      file->server = _kumo_journal_column_text (stmt, 2);
      file->title = _kumo_journal_column_text (stmt, 3);
      file->node_id = _kumo_journal_column_text (stmt, 4);
      if (sqlite3_column_type (stmt, 5) == SQLITE_INTEGER &&
          sqlite3_column_int (stmt, 5) >= KUMO_OUTPUT_IMAGE &&
          sqlite3_column_int (stmt, 5) <= KUMO_OUTPUT_OTHER)
        file->kind = sqlite3_column_int (stmt, 5);
      else
        {
          /* Saved by a Kumo before the journal kept the kind. */
          const char *key = (const char *) sqlite3_column_text (stmt, 6);
          const char *name = (const char *) sqlite3_column_text (stmt, 7);

          file->kind = kumo_output_guess_kind (key ? key : "", name, NULL, FALSE);
        }
      file->created = sqlite3_column_int64 (stmt, 8);
      file->added = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (files, file);
    }

out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return g_steal_pointer (&files);
}

/**
 * kumo_journal_foreach_workflow:
 * @func: called with each job that saved a file, and its workflow
 *
 * Reads the exact workflows of the jobs whose files a gallery shows,
 * without copying them: @func must not keep the data. Call it from a
 * worker thread.
 */
gboolean
kumo_journal_foreach_workflow (KumoJournal              *self,
                               KumoJournalWorkflowFunc   func,
                               gpointer                  user_data,
                               GError                  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->lock);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT key, workflow FROM jobs "
                          "WHERE key IN (SELECT job FROM files WHERE saved = 1)", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read Kumo’s job journal: %s"),
                   sqlite3_errmsg (self->db));
      goto out;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_blob (stmt, 1),
          sqlite3_column_bytes (stmt, 1), user_data);
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Estimates                                                              */
/* ---------------------------------------------------------------------- */

typedef struct
{
  char *server;
  char *title;
} EstimateData;

static void
estimate_data_free (EstimateData *data)
{
  g_free (data->server);
  g_free (data->title);
  g_free (data);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The median running time of the last runs of the same workflow: one
 * slow run (a model loaded the first time) does not skew it. */
static void
estimate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KumoJournal *self = source_object;
  EstimateData *data = task_data;
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  gint64 median = 0;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT updated - started FROM jobs WHERE server = ? AND title = ? "
                          "AND state = 'succeeded' AND started IS NOT NULL AND updated >= started "
                          "ORDER BY updated DESC LIMIT 9", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, data->server, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, data->title, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 seconds = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (durations, seconds);
        }
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  if (durations->len > 0)
    {
      g_array_sort (durations, compare_int64);
      /* A run under a second still takes some time. */
      median = MAX (g_array_index (durations, gint64, durations->len / 2), 1) * G_USEC_PER_SEC;
    }

  g_task_return_int (task, median);
}

/**
 * kumo_journal_estimate_async:
 * @title: the workflow's name
 *
 * Finds, in a worker thread, how long running @title on @server took
 * the last few times it succeeded.
 */
void
kumo_journal_estimate_async (KumoJournal         *self,
                             const char          *server,
                             const char          *title,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EstimateData *data;

  g_return_if_fail (KUMO_IS_JOURNAL (self));
  g_return_if_fail (server != NULL && title != NULL);

  data = g_new0 (EstimateData, 1);
  data->server = g_strdup (server);
  data->title = g_strdup (title);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_journal_estimate_async);
  g_task_set_task_data (task, data, (GDestroyNotify) estimate_data_free);
  g_task_run_in_thread (task, estimate_thread);
}

/**
 * kumo_journal_estimate_finish:
 *
 * Returns: the median running time in microseconds, 0 when @title never
 *   ran to success on that server
 */
gint64
kumo_journal_estimate_finish (KumoJournal   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}
