/* kumo-journal.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-journal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "kumo-journal.h"

/*
 * Every job, from the moment it is submitted: the server, the exact
 * workflow sent (with the seeds it used), its prompt id, its state and
 * the files brought home. After a crash, a quit or a network loss the
 * next start finds the jobs that did not end and goes back for them.
 *
 * Writes go to one worker thread, in order, so the main loop never waits
 * for the disk; reads (once, at start) are direct.
 */
struct _KumoJournal
{
  GObject      parent_instance;

  sqlite3     *db;
  GThreadPool *writer;
  GMutex       lock;
  GCond        written;
  guint        pending;   /* writes queued and not done, under lock */
};

G_DEFINE_FINAL_TYPE (KumoJournal, kumo_journal, G_TYPE_OBJECT)

static const char schema[] =
  "PRAGMA journal_mode = WAL;"
  "PRAGMA synchronous = NORMAL;"
  "CREATE TABLE IF NOT EXISTS jobs ("
  "  key TEXT PRIMARY KEY,"
  "  server TEXT NOT NULL,"
  "  prompt_id TEXT,"
  "  workflow BLOB NOT NULL,"
  "  output_folder TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  error TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS jobs_open ON jobs (server, state);"
  "CREATE TABLE IF NOT EXISTS files ("
  "  job TEXT NOT NULL REFERENCES jobs (key),"
  "  node_id TEXT, output_key TEXT, filename TEXT NOT NULL, subfolder TEXT, type TEXT,"
  "  local_path TEXT NOT NULL,"
  "  UNIQUE (job, node_id, filename, subfolder, type));"
  "CREATE INDEX IF NOT EXISTS files_path ON files (local_path);"
  "CREATE TABLE IF NOT EXISTS servers ("
  "  server TEXT PRIMARY KEY,"
  "  client_id TEXT NOT NULL);"
  "PRAGMA user_version = 1;";

/* One write: SQL and its parameters, as GVariants (string, int64, bytes
 * as "ay", or NULL for SQL NULL). */
typedef struct
{
  char      *sql;
  GPtrArray *params;
} Write;

static void
write_free (Write *write)
{
  g_free (write->sql);
  g_ptr_array_unref (write->params);
  g_free (write);
}

static void
run_write (gpointer data,
           gpointer user_data)
{
  Write *write = data;
  KumoJournal *self = user_data;
  sqlite3_stmt *stmt = NULL;

  g_mutex_lock (&self->lock);

  if (sqlite3_prepare_v2 (self->db, write->sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Journal: %s", sqlite3_errmsg (self->db));
      goto out;
    }

  for (guint i = 0; i < write->params->len; i++)
    {
      GVariant *value = g_ptr_array_index (write->params, i);

      if (value == NULL)
        sqlite3_bind_null (stmt, i + 1);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, i + 1, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (value));
      else
        {
          gsize len;
          gconstpointer bytes = g_variant_get_fixed_array (value, &len, 1);
          sqlite3_bind_blob (stmt, i + 1, bytes, len, SQLITE_TRANSIENT);
        }
    }

  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Journal: %s", sqlite3_errmsg (self->db));

out:
  sqlite3_finalize (stmt);
  self->pending--;
  g_cond_broadcast (&self->written);
  g_mutex_unlock (&self->lock);
  write_free (write);
}

static void
queue_write (KumoJournal *self,
             const char  *sql,
             ...)
{
  Write *write = g_new0 (Write, 1);
  va_list args;

  write->sql = g_strdup (sql);
  write->params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  va_start (args, sql);
  for (GVariant *value = va_arg (args, GVariant *); value != NULL; value = va_arg (args, GVariant *))
    g_ptr_array_add (write->params, g_variant_ref_sink (value));
  va_end (args);

  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->writer, write, NULL);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* SQL NULL among the parameters, which end at a real NULL. */
static GVariant *
maybe_string (const char *value)
{
  return g_variant_new_string (value ? value : "");
}

static void
kumo_journal_finalize (GObject *object)
{
  KumoJournal *self = (KumoJournal *)object;

  /* Wait for every write: nothing is lost on quit. */
  if (self->writer != NULL)
    g_thread_pool_free (self->writer, FALSE, TRUE);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->written);

  G_OBJECT_CLASS (kumo_journal_parent_class)->finalize (object);
}

static void
kumo_journal_class_init (KumoJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kumo_journal_finalize;
}

static void
kumo_journal_init (KumoJournal *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->written);
}

char *
kumo_journal_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kumo", "journal.sqlite", NULL);
}

/**
 * kumo_journal_new:
 * @path: the database file, created with its folder if missing
 */
KumoJournal *
kumo_journal_new (const char  *path,
                  GError     **error)
{
  g_autoptr(KumoJournal) self = NULL;
  g_autofree char *folder = NULL;
  char *message = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not create the folder for Kumo’s job journal (%s)."), folder);
      return NULL;
    }

  self = g_object_new (KUMO_TYPE_JOURNAL, NULL);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not open Kumo’s job journal “%s”: %s"), path,
                   message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  self->writer = g_thread_pool_new (run_write, self, 1, TRUE, NULL);

  return g_steal_pointer (&self);
}

/**
 * kumo_journal_get_client_id:
 *
 * Returns: (transfer full): the event stream client id for @server, the
 *   same at every start, so that a local server sends the events of jobs
 *   started before a restart to the new socket
 */
char *
kumo_journal_get_client_id (KumoJournal *self,
                            const char  *server)
{
  sqlite3_stmt *stmt = NULL;
  char *client_id = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);

  if (sqlite3_prepare_v2 (self->db, "SELECT client_id FROM servers WHERE server = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, server, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        client_id = column_text (stmt, 0);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  if (client_id == NULL)
    {
      client_id = g_uuid_string_random ();
      queue_write (self, "INSERT OR REPLACE INTO servers (server, client_id) VALUES (?, ?)",
                   g_variant_new_string (server), g_variant_new_string (client_id), NULL);
    }

  return client_id;
}

/**
 * kumo_journal_add_job:
 *
 * Records a job about to be submitted, before anything is sent.
 *
 * Returns: (transfer full): the job's key in the journal
 */
char *
kumo_journal_add_job (KumoJournal *self,
                      const char  *server,
                      GBytes      *workflow,
                      const char  *output_folder)
{
  char *key;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);

  key = g_uuid_string_random ();
  queue_write (self,
               "INSERT INTO jobs (key, server, workflow, output_folder, state, created, updated) "
               "VALUES (?, ?, ?, ?, 'submitting', ?, ?)",
               g_variant_new_string (key), g_variant_new_string (server),
               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, g_bytes_get_data (workflow, NULL),
                                          g_bytes_get_size (workflow), 1),
               g_variant_new_string (output_folder), g_variant_new_int64 (now), g_variant_new_int64 (now),
               NULL);
  return key;
}

void
kumo_journal_set_prompt_id (KumoJournal *self,
                            const char  *key,
                            const char  *prompt_id)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  queue_write (self, "UPDATE jobs SET prompt_id = ?, state = 'submitted', updated = ? WHERE key = ?",
               g_variant_new_string (prompt_id), g_variant_new_int64 (g_get_real_time () / G_USEC_PER_SEC),
               g_variant_new_string (key), NULL);
}

void
kumo_journal_set_state (KumoJournal  *self,
                        const char   *key,
                        KumoJobState  state,
                        const char   *error)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  queue_write (self, "UPDATE jobs SET state = ?, error = NULLIF (?, ''), updated = ? WHERE key = ?",
               g_variant_new_string (kumo_job_state_to_string (state)), maybe_string (error),
               g_variant_new_int64 (g_get_real_time () / G_USEC_PER_SEC),
               g_variant_new_string (key), NULL);
}

void
kumo_journal_add_file (KumoJournal          *self,
                       const char           *key,
                       const KumoOutputFile *output,
                       const char           *local_path)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  queue_write (self,
               "INSERT OR REPLACE INTO files (job, node_id, output_key, filename, subfolder, type, local_path) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               g_variant_new_string (key), maybe_string (output->node_id), maybe_string (output->key),
               g_variant_new_string (output->filename), maybe_string (output->subfolder),
               maybe_string (output->type), g_variant_new_string (local_path), NULL);
}

/* Waits until every queued write is on disk. */
void
kumo_journal_flush (KumoJournal *self)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->written, &self->lock);
  g_mutex_unlock (&self->lock);
}

void
kumo_journal_entry_free (KumoJournalEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->key);
  g_free (entry->server);
  g_free (entry->prompt_id);
  g_clear_pointer (&entry->workflow, g_bytes_unref);
  g_free (entry->output_folder);
  g_clear_pointer (&entry->saved_paths, g_ptr_array_unref);
  g_clear_pointer (&entry->saved_outputs, g_ptr_array_unref);
  g_free (entry);
}

/**
 * kumo_journal_list_unfinished:
 * @server: the server's base URL
 *
 * Returns: (transfer container) (element-type KumoJournalEntry): the jobs
 *   of @server that have not ended, oldest first
 */
GPtrArray *
kumo_journal_list_unfinished (KumoJournal  *self,
                              const char   *server,
                              GError      **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_journal_entry_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *files = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), entries);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT key, server, prompt_id, workflow, output_folder FROM jobs "
                          "WHERE server = ? AND state NOT IN ('succeeded', 'failed', 'cancelled') "
                          "ORDER BY created", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "SELECT local_path, node_id, output_key, filename, subfolder, type "
                                    "FROM files WHERE job = ?", -1, &files, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read Kumo’s job journal: %s"),
                   sqlite3_errmsg (self->db));
      goto out;
    }

  sqlite3_bind_text (stmt, 1, server, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KumoJournalEntry *entry = g_new0 (KumoJournalEntry, 1);

      entry->key = column_text (stmt, 0);
      entry->server = column_text (stmt, 1);
      entry->prompt_id = column_text (stmt, 2);
      entry->workflow = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      entry->output_folder = column_text (stmt, 4);
      entry->saved_paths = g_ptr_array_new_with_free_func (g_free);
      entry->saved_outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_output_file_free);

      sqlite3_reset (files);
      sqlite3_bind_text (files, 1, entry->key, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (files) == SQLITE_ROW)
        {
          KumoOutputFile *output = g_new0 (KumoOutputFile, 1);

          g_ptr_array_add (entry->saved_paths, column_text (files, 0));
          output->node_id = column_text (files, 1);
          output->key = column_text (files, 2);
          output->filename = column_text (files, 3);
          output->subfolder = column_text (files, 4);
          output->type = column_text (files, 5);
          g_ptr_array_add (entry->saved_outputs, output);
        }

      g_ptr_array_add (entries, entry);
    }

out:
  sqlite3_finalize (stmt);
  sqlite3_finalize (files);
  g_mutex_unlock (&self->lock);
  return entries;
}

/**
 * kumo_journal_find_file:
 * @local_path: an output file Kumo saved
 *
 * Finds the job an output came from: its server, prompt id and the
 * exact workflow that was sent (with the seeds actually used), so a
 * result can be made again or varied.
 *
 * Returns: (transfer full) (nullable): the job, without its file
 *   lists, or %NULL with @error set when the journal has no such file
 */
KumoJournalEntry *
kumo_journal_find_file (KumoJournal  *self,
                        const char   *local_path,
                        GError      **error)
{
  KumoJournalEntry *entry = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (local_path != NULL, NULL);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT jobs.key, jobs.server, jobs.prompt_id, jobs.workflow, jobs.output_folder "
                          "FROM files JOIN jobs ON files.job = jobs.key WHERE files.local_path = ? "
                          "ORDER BY jobs.created DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read Kumo’s job journal: %s"),
                   sqlite3_errmsg (self->db));
      goto out;
    }

  sqlite3_bind_text (stmt, 1, local_path, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Kumo has no record of “%s”: it was not saved by Kumo, or was saved under another name."),
                   local_path);
      goto out;
    }

  entry = g_new0 (KumoJournalEntry, 1);
  entry->key = column_text (stmt, 0);
  entry->server = column_text (stmt, 1);
  entry->prompt_id = column_text (stmt, 2);
  entry->workflow = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
  entry->output_folder = column_text (stmt, 4);
  entry->saved_paths = g_ptr_array_new_with_free_func (g_free);
  entry->saved_outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_output_file_free);

out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return entry;
}
