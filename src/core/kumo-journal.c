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
#include <string.h>
#include <unistd.h>

#include "kumo-journal-private.h"

/*
 * Every job, from the moment it is submitted: the server, the exact
 * workflow sent (with the seeds it used), how far it got, its prompt id,
 * its state and the files brought home. After a crash, a quit or a
 * network loss the next start finds the jobs that did not end and goes
 * back for them.
 *
 * A job is recorded as not sent; before its request goes out it is
 * marked as sending, and only once that mark is on disk is the request
 * sent. So after a crash the journal tells a job that was never sent
 * (send it: no duplicate is possible) from one whose request may have
 * reached the server (look for it there first). An output's place on
 * disk is reserved before its download starts, so a download cut short
 * by a crash goes on under the same name instead of arriving twice.
 *
 * Jobs belong to the process that runs them: another process (a second
 * kumo-cli, the app) leaves them alone while that one lives.
 *
 * Writes go to one worker thread, in order, so the main loop never waits
 * for the disk.
 */
G_DEFINE_FINAL_TYPE (KumoJournal, kumo_journal, G_TYPE_OBJECT)

enum {
  FILE_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  "  client_id TEXT NOT NULL);";

/* Each step brings a journal of the version before it up to date; a
 * journal an older Kumo wrote keeps its jobs. */
static const char * const migrations[] = {
  /* 1: the tables above. */
  "PRAGMA user_version = 1;",
  /* 2: what a job needs to be sent again, who runs it, and reserved
   * (not yet saved) files. */
  "ALTER TABLE jobs ADD COLUMN n_nodes INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE jobs ADD COLUMN partner INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE jobs ADD COLUMN owner TEXT;"
  "ALTER TABLE files ADD COLUMN saved INTEGER NOT NULL DEFAULT 1;"
  "PRAGMA user_version = 2;",
  /* 3: what a view shows of a job: the workflow's name, and when it
   * began to run (for how long the next run of it may take). */
  "ALTER TABLE jobs ADD COLUMN title TEXT;"
  "ALTER TABLE jobs ADD COLUMN started INTEGER;"
  "CREATE INDEX IF NOT EXISTS jobs_title ON jobs (server, title, state);"
  "PRAGMA user_version = 3;",
  /* 4: what a gallery shows of a file: when it was saved, and what kind
   * of output it is (an animated WebP looks like any other WebP). */
  "ALTER TABLE files ADD COLUMN added INTEGER;"
  "ALTER TABLE files ADD COLUMN kind INTEGER;"
  "PRAGMA user_version = 4;",
  /* 5: which local file each input uploaded to a server came from, so
   * a workflow that names it (a job's, opened again) shows it. */
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  server TEXT NOT NULL, name TEXT NOT NULL, local_path TEXT NOT NULL, added INTEGER NOT NULL,"
  "  PRIMARY KEY (server, name));"
  "PRAGMA user_version = 5;",
};

/* The states a job that has not ended is stored with. */
static const char * const stage_names[] = {
  [KUMO_JOURNAL_NOT_SENT] = "queued",
  [KUMO_JOURNAL_SENDING] = "sending",
  [KUMO_JOURNAL_ON_SERVER] = "submitted",
  [KUMO_JOURNAL_INCOMPLETE] = "incomplete",
  [KUMO_JOURNAL_CANCELLING] = "cancelling",
};

static KumoJournalStage
stage_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (stage_names); i++)
    if (g_strcmp0 (name, stage_names[i]) == 0)
      return i;

  /* "submitting", the word of journals before version 2, meant what
   * "sending" means now. */
  return KUMO_JOURNAL_SENDING;
}

/* ---------------------------------------------------------------------- */
/* Who runs a job                                                         */
/* ---------------------------------------------------------------------- */

/* A process, as "boot id/pid/start time": a pid alone is reused. */
static char *
read_process_owner (const char *pid)
{
  g_autofree char *boot_id = NULL;
  g_autofree char *stat = NULL;
  g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", pid);
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL) ||
      !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return NULL;

  /* After "pid (name)": state is field 3, start time field 22. */
  fields = g_strsplit (after_name + 2, " ", 21);
  if (g_strv_length (fields) < 20)
    return NULL;

  return g_strdup_printf ("%s/%s/%s", g_strstrip (boot_id),
                          g_str_equal (pid, "self") ? "self" : pid, fields[19]);
}

static const char *
this_process (void)
{
  static char *owner;

  if (g_once_init_enter (&owner))
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
      g_autofree char *self = read_process_owner ("self");
      char *value;

      /* Where /proc cannot tell, a random id: such a journal never takes
       * a job from a live process, it only cannot tell which are dead. */
      if (self != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (self, "/", 3);
          value = g_strdup_printf ("%s/%s/%s", parts[0], pid, parts[2]);
        }
      else
        value = g_strdup_printf ("unknown/%s/%s", pid, g_uuid_string_random ());

      g_once_init_leave (&owner, value);
    }

  return owner;
}

/* Whether @owner is another process that still runs. */
static gboolean
owned_by_another_live_process (const char *owner)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *now = NULL;

  if (owner == NULL || g_str_equal (owner, this_process ()))
    return FALSE;

  parts = g_strsplit (owner, "/", 3);
  if (g_strv_length (parts) != 3 || g_str_equal (parts[0], "unknown"))
    return FALSE;

  now = read_process_owner (parts[1]);
  return now != NULL && g_str_equal (now, owner);
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */
/* ---------------------------------------------------------------------- */

/* One write: SQL and its parameters, as GVariants (string, int64, bytes
 * as "ay", or NULL for SQL NULL), and who waits for it to be on disk. */
typedef struct
{
  char      *sql;
  GPtrArray *params;
  GTask     *done;
} Write;

static void
write_free (Write *write)
{
  g_free (write->sql);
  g_ptr_array_unref (write->params);
  g_clear_object (&write->done);
  g_free (write);
}

static void
run_write (gpointer data,
           gpointer user_data)
{
  Write *write = data;
  KumoJournal *self = user_data;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

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

  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    g_warning ("Journal: %s", sqlite3_errmsg (self->db));
  /* What is waited for is a job's mark: a job that is not in the
   * journal (its recording failed) is not to be sent. */
  else if (write->done != NULL && sqlite3_changes (self->db) != 1)
    ok = FALSE;

out:
  if (write->done != NULL)
    {
      if (ok)
        g_task_return_boolean (write->done, TRUE);
      else
        g_task_return_new_error (write->done, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("Could not write to Kumo’s job journal: %s"), sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);
  self->pending--;
  g_cond_broadcast (&self->written);
  g_mutex_unlock (&self->lock);
  write_free (write);
}

static void
queue_write_valist (KumoJournal *self,
                    GTask       *done,
                    const char  *sql,
                    va_list      args)
{
  Write *write = g_new0 (Write, 1);

  write->sql = g_strdup (sql);
  write->done = done ? g_object_ref (done) : NULL;
  write->params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  for (GVariant *value = va_arg (args, GVariant *); value != NULL; value = va_arg (args, GVariant *))
    g_ptr_array_add (write->params, g_variant_ref_sink (value));

  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->writer, write, NULL);
}

void
_kumo_journal_queue_write (KumoJournal *self,
                           const char  *sql,
                           ...)
{
  va_list args;

  va_start (args, sql);
  queue_write_valist (self, NULL, sql, args);
  va_end (args);
}

/* The same, and @done returns once the write is on disk. */
static void
queue_write_then (KumoJournal *self,
                  GTask       *done,
                  const char  *sql,
                  ...)
{
  va_list args;

  va_start (args, sql);
  queue_write_valist (self, done, sql, args);
  va_end (args);
}

char *
_kumo_journal_column_text (sqlite3_stmt *stmt,
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

GVariant *
_kumo_journal_now_variant (void)
{
  return g_variant_new_int64 (g_get_real_time () / G_USEC_PER_SEC);
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

  /**
   * KumoJournal::file-saved:
   * @local_path: the file, whole on disk
   *
   * An output was saved by this process; emitted where
   * kumo_journal_add_file() was called.
   */
  signals[FILE_SAVED] =
    g_signal_new ("file-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
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

/* Brings a journal of an older Kumo up to date, in one transaction, so
 * that two processes starting at once do not both migrate it. */
static gboolean
migrate (KumoJournal  *self,
         char        **message)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, message) != SQLITE_OK)
    return FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    if (sqlite3_exec (self->db, migrations[i], NULL, NULL, message) != SQLITE_OK)
      {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }

  return sqlite3_exec (self->db, "COMMIT", NULL, NULL, message) == SQLITE_OK;
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
                       NULL) == SQLITE_OK)
    /* Another Kumo process may be writing: wait for it, briefly. */
    sqlite3_busy_timeout (self->db, 5000);

  if (sqlite3_errcode (self->db) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, &message) != SQLITE_OK ||
      !migrate (self, &message))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not open Kumo’s job journal “%s”: %s"), path,
                   message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return NULL;
    }

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
        client_id = _kumo_journal_column_text (stmt, 0);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  if (client_id == NULL)
    {
      client_id = g_uuid_string_random ();
      _kumo_journal_queue_write (self, "INSERT OR REPLACE INTO servers (server, client_id) VALUES (?, ?)",
                   g_variant_new_string (server), g_variant_new_string (client_id), NULL);
    }

  return client_id;
}

/**
 * kumo_journal_add_job:
 * @n_nodes: the workflow's node count, for progress
 * @partner_nodes: whether it has partner nodes, which need the key
 *
 * Records a job about to be submitted, as not sent, with what it takes
 * to send it after a restart. It belongs to this process.
 *
 * Returns: (transfer full): the job's key in the journal, which is also
 *   the mark its request carries to be found on the server
 */
char *
kumo_journal_add_job (KumoJournal *self,
                      const char  *server,
                      GBytes      *workflow,
                      const char  *output_folder,
                      guint        n_nodes,
                      gboolean     partner_nodes,
                      const char  *title)
{
  char *key;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), NULL);

  key = g_uuid_string_random ();
  _kumo_journal_queue_write (self,
               "INSERT INTO jobs (key, server, workflow, output_folder, state, created, updated, "
               "n_nodes, partner, owner, title) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, NULLIF (?, ''))",
               g_variant_new_string (key), g_variant_new_string (server),
               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, g_bytes_get_data (workflow, NULL),
                                          g_bytes_get_size (workflow), 1),
               g_variant_new_string (output_folder), _kumo_journal_now_variant (), _kumo_journal_now_variant (),
               g_variant_new_int64 (MAX (n_nodes, 1)), g_variant_new_int64 (partner_nodes ? 1 : 0),
               g_variant_new_string (this_process ()), maybe_string (title), NULL);
  return key;
}

/**
 * kumo_journal_mark_sending_async:
 *
 * Marks a job as about to be sent. Send its request only once this
 * finishes: then the mark is on disk, and a crash at any moment after
 * leaves a job that is looked for on the server before it is sent again.
 */
void
kumo_journal_mark_sending_async (KumoJournal         *self,
                                 const char          *key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_JOURNAL (self));
  g_return_if_fail (key != NULL);

  /* Not the journal's: the writer thread may drop the last reference to
   * the task, and must never be the one to finalize the journal. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_journal_mark_sending_async);
  queue_write_then (self, task, "UPDATE jobs SET state = 'sending', updated = ? WHERE key = ?",
                    _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

gboolean
kumo_journal_mark_sending_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The server answered that it did not take the job (a full queue, a
 * 503): it is not on the server, and is sent again as it is. */
void
kumo_journal_mark_not_sent (KumoJournal *self,
                            const char  *key)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  _kumo_journal_queue_write (self, "UPDATE jobs SET state = 'queued', updated = ? WHERE key = ?",
               _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

/* Cancelled while its request may have been on its way, or its answer
 * lost: a resume cancels it on the server if it is there, and never
 * sends it. */
void
kumo_journal_mark_cancelling (KumoJournal *self,
                              const char  *key)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  _kumo_journal_queue_write (self, "UPDATE jobs SET state = 'cancelling', updated = ? WHERE key = ?",
               _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

void
kumo_journal_set_prompt_id (KumoJournal *self,
                            const char  *key,
                            const char  *prompt_id)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  _kumo_journal_queue_write (self, "UPDATE jobs SET prompt_id = ?, state = 'submitted', updated = ? WHERE key = ?",
               g_variant_new_string (prompt_id), _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

/* The job ended on the server, but outputs could not be brought home:
 * it stays open, for the next start (or kumo-cli resume) to fetch them. */
void
kumo_journal_mark_incomplete (KumoJournal *self,
                              const char  *key,
                              const char  *error)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  _kumo_journal_queue_write (self, "UPDATE jobs SET state = 'incomplete', error = NULLIF (?, ''), updated = ? WHERE key = ?",
               maybe_string (error), _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

/* The job ended (succeeded, failed, cancelled): nothing is left to do. */
void
kumo_journal_set_state (KumoJournal  *self,
                        const char   *key,
                        KumoJobState  state,
                        const char   *error)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));
  g_return_if_fail (kumo_job_state_is_terminal (state));

  _kumo_journal_queue_write (self, "UPDATE jobs SET state = ?, error = NULLIF (?, ''), updated = ? WHERE key = ?",
               g_variant_new_string (kumo_job_state_to_string (state)), maybe_string (error),
               _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

/* The server began to run the job: the start of its running time. */
void
kumo_journal_set_started (KumoJournal *self,
                          const char  *key)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  _kumo_journal_queue_write (self, "UPDATE jobs SET started = ? WHERE key = ? AND started IS NULL",
               _kumo_journal_now_variant (), g_variant_new_string (key), NULL);
}

static void
write_file (KumoJournal          *self,
            const char           *key,
            const KumoOutputFile *output,
            const char           *local_path,
            gboolean              saved)
{
  _kumo_journal_queue_write (self,
               "INSERT OR REPLACE INTO files (job, node_id, output_key, filename, subfolder, type, local_path, saved, "
               "added, kind) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               g_variant_new_string (key), maybe_string (output->node_id), maybe_string (output->key),
               g_variant_new_string (output->filename), maybe_string (output->subfolder),
               maybe_string (output->type), g_variant_new_string (local_path),
               g_variant_new_int64 (saved ? 1 : 0), _kumo_journal_now_variant (),
               g_variant_new_int64 (output->kind), NULL);
}

/* Where an output will be saved, before its download starts. */
void
kumo_journal_reserve_file (KumoJournal          *self,
                           const char           *key,
                           const KumoOutputFile *output,
                           const char           *local_path)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  write_file (self, key, output, local_path, FALSE);
}

/* An output is saved, whole, at @local_path. */
void
kumo_journal_add_file (KumoJournal          *self,
                       const char           *key,
                       const KumoOutputFile *output,
                       const char           *local_path)
{
  g_return_if_fail (KUMO_IS_JOURNAL (self));

  write_file (self, key, output, local_path, TRUE);
  g_signal_emit (self, signals[FILE_SAVED], 0, local_path);
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

/* ---------------------------------------------------------------------- */
/* Reading                                                                */
/* ---------------------------------------------------------------------- */

void
kumo_journal_file_free (KumoJournalFile *file)
{
  if (file == NULL)
    return;

  kumo_output_file_free (file->output);
  g_free (file->path);
  g_free (file);
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
  g_free (entry->title);
  g_clear_pointer (&entry->files, g_ptr_array_unref);
  g_free (entry);
}

#define ENTRY_COLUMNS "key, server, prompt_id, workflow, output_folder, state, n_nodes, partner, created, owner, " \
                      "title, started"

static KumoJournalEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  KumoJournalEntry *entry = g_new0 (KumoJournalEntry, 1);
  g_autofree char *state = _kumo_journal_column_text (stmt, 5);

  entry->key = _kumo_journal_column_text (stmt, 0);
  entry->server = _kumo_journal_column_text (stmt, 1);
  entry->prompt_id = _kumo_journal_column_text (stmt, 2);
  entry->workflow = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
  entry->output_folder = _kumo_journal_column_text (stmt, 4);
  entry->stage = stage_from_name (state);
  entry->n_nodes = MAX (sqlite3_column_int (stmt, 6), 1);
  entry->partner_nodes = sqlite3_column_int (stmt, 7) != 0;
  entry->created = sqlite3_column_int64 (stmt, 8);
  entry->title = _kumo_journal_column_text (stmt, 10);
  entry->started = sqlite3_column_int64 (stmt, 11);
  entry->files = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_journal_file_free);

  /* A prompt id makes it the server's, whatever the state says. */
  if (entry->prompt_id != NULL && *entry->prompt_id != '\0' && entry->stage < KUMO_JOURNAL_ON_SERVER)
    entry->stage = KUMO_JOURNAL_ON_SERVER;
  if (entry->prompt_id != NULL && *entry->prompt_id == '\0')
    g_clear_pointer (&entry->prompt_id, g_free);

  return entry;
}

/* A reserved file that exists was renamed into place whole (a download
 * is written beside it and moved when complete): it is saved. */
static void
read_files (KumoJournal      *self,
            sqlite3_stmt     *stmt,
            KumoJournalEntry *entry)
{
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, entry->key, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KumoJournalFile *file = g_new0 (KumoJournalFile, 1);

      file->output = g_new0 (KumoOutputFile, 1);
      file->path = _kumo_journal_column_text (stmt, 0);
      file->output->node_id = _kumo_journal_column_text (stmt, 1);
      file->output->key = _kumo_journal_column_text (stmt, 2);
      file->output->filename = _kumo_journal_column_text (stmt, 3);
      file->output->subfolder = _kumo_journal_column_text (stmt, 4);
      file->output->type = _kumo_journal_column_text (stmt, 5);
      file->saved = sqlite3_column_int (stmt, 6) != 0 || g_file_test (file->path, G_FILE_TEST_EXISTS);
      g_ptr_array_add (entry->files, file);
    }
}

/**
 * kumo_journal_list_unfinished:
 * @server: the server's base URL
 * @claim: take the jobs over for this process, so that no other one
 *   works on them while it runs
 *
 * Reads the database on the calling thread: the app uses
 * kumo_journal_list_unfinished_async().
 *
 * Returns: (transfer container) (element-type KumoJournalEntry): the jobs
 *   of @server that have not ended and that no other running process
 *   works on, oldest first
 */
GPtrArray *
kumo_journal_list_unfinished (KumoJournal  *self,
                              const char   *server,
                              gboolean      claim,
                              GError      **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_journal_entry_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *files = NULL;
  sqlite3_stmt *take = NULL;

  g_return_val_if_fail (KUMO_IS_JOURNAL (self), entries);

  kumo_journal_flush (self);
  g_mutex_lock (&self->lock);

  /* One transaction: two processes resuming at once do not both take a
   * job. */
  if (sqlite3_exec (self->db, claim ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT " ENTRY_COLUMNS " FROM jobs "
                          "WHERE server = ? AND state NOT IN ('succeeded', 'failed', 'cancelled') "
                          "ORDER BY created, rowid", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "SELECT local_path, node_id, output_key, filename, subfolder, type, saved "
                                    "FROM files WHERE job = ?", -1, &files, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "UPDATE jobs SET owner = ? WHERE key = ?", -1, &take, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read Kumo’s job journal: %s"),
                   sqlite3_errmsg (self->db));
      goto out;
    }

  sqlite3_bind_text (stmt, 1, server, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KumoJournalEntry *entry;
      g_autofree char *owner = _kumo_journal_column_text (stmt, 9);

      if (owned_by_another_live_process (owner))
        continue;

      entry = entry_from_row (stmt);
      read_files (self, files, entry);
      g_ptr_array_add (entries, entry);

      if (claim)
        {
          sqlite3_reset (take);
          sqlite3_bind_text (take, 1, this_process (), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (take, 2, entry->key, -1, SQLITE_TRANSIENT);
          sqlite3_step (take);
        }
    }

out:
  sqlite3_finalize (stmt);
  sqlite3_finalize (files);
  sqlite3_finalize (take);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->lock);
  return entries;
}

typedef struct
{
  char     *server;
  gboolean  claim;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->server);
  g_free (data);
}

static void
list_unfinished_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  GPtrArray *entries = kumo_journal_list_unfinished (source_object, data->server, data->claim, &error);

  if (error != NULL)
    {
      g_ptr_array_unref (entries);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * kumo_journal_list_unfinished_async:
 *
 * kumo_journal_list_unfinished() in a worker thread.
 */
void
kumo_journal_list_unfinished_async (KumoJournal         *self,
                                    const char          *server,
                                    gboolean             claim,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (KUMO_IS_JOURNAL (self));
  g_return_if_fail (server != NULL);

  data = g_new0 (ListData, 1);
  data->server = g_strdup (server);
  data->claim = claim;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_journal_list_unfinished_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_unfinished_thread);
}

GPtrArray *
kumo_journal_list_unfinished_finish (KumoJournal   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
 *   list, or %NULL with @error set when the journal has no such file
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
                          "SELECT jobs.key, jobs.server, jobs.prompt_id, jobs.workflow, jobs.output_folder, "
                          "jobs.state, jobs.n_nodes, jobs.partner, jobs.created, jobs.owner, jobs.title, "
                          "jobs.started "
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

  entry = entry_from_row (stmt);

out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return entry;
}
