/* kumo-job-lookup.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kumo-job-lookup.h"

/*
 * Finds on the server the jobs whose request may or may not have got
 * there: Kumo crashed after sending it, or the connection broke before
 * the answer. Every job Kumo submits carries a mark of its own in its
 * extra_data, which the server keeps with the job; a job found by its
 * mark is followed, a job not found is safe to send.
 *
 * Where: the jobs API (the list, newest first, back to when the job was
 * recorded, then each recent job's record, which holds its extra_data).
 * A server without it (local ComfyUI before December 2025) keeps its
 * finished jobs in its history and the others in its queue. The cloud's
 * queue lists workflows without their extra_data: there a job is known
 * by its workflow, each server job standing for one of Kumo's at most.
 */

/* The jobs API lists this many per page, and is read this far back; the
 * history as far back as this. Further back, Kumo cannot tell. */
#define PAGE_SIZE 100
#define MAX_PAGES 10
#define HISTORY_ITEMS 200
/* Clocks differ: a job recorded at T may carry a server time before T. */
#define CLOCK_SLACK_MS (10 * 60 * 1000)

typedef struct
{
  char     *mark;
  GBytes   *workflow;
  KumoJson *parsed;     /* for the cloud's queue, parsed when needed */
  gboolean  found;
} Wanted;

typedef struct
{
  GPtrArray  *wanted;
  GHashTable *found;       /* mark → prompt id */
  GHashTable *taken;       /* prompt ids already matched */
  GQueue     *candidates;  /* recent job ids whose record is to be read */
  gint64      since_ms;
  guint       offset;
  guint       pages;
  gboolean    history_covers;  /* the history reaches back before since_ms */
} Lookup;

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->mark);
  g_bytes_unref (wanted->workflow);
  g_clear_pointer (&wanted->parsed, kumo_json_free);
  g_free (wanted);
}

static void
lookup_free (Lookup *lookup)
{
  g_ptr_array_unref (lookup->wanted);
  g_hash_table_unref (lookup->found);
  g_hash_table_unref (lookup->taken);
  g_queue_free_full (lookup->candidates, g_free);
  g_free (lookup);
}

static gboolean
all_found (Lookup *lookup)
{
  return g_hash_table_size (lookup->found) == lookup->wanted->len;
}

/* Searched as far as it goes without reaching when the jobs were sent:
 * a job not found may still be there. Saying "not found" would send it
 * twice. */
static void
cannot_tell (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("the server has had too many jobs since to search them all"));
}

static void
finish (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  g_task_return_pointer (task, g_hash_table_ref (lookup->found), (GDestroyNotify) g_hash_table_unref);
}

static void
found (Lookup     *lookup,
       Wanted     *wanted,
       const char *prompt_id)
{
  wanted->found = TRUE;
  g_hash_table_add (lookup->taken, g_strdup (prompt_id));
  g_hash_table_insert (lookup->found, g_strdup (wanted->mark), g_strdup (prompt_id));
}

/* A server job whose extra_data carries one of the marks. */
static void
match_mark (Lookup     *lookup,
            const char *prompt_id,
            KumoJson   *extra_data)
{
  const char *mark = kumo_json_object_get_string_or (extra_data, KUMO_CLIENT_JOB_MARK, NULL);

  if (mark == NULL || prompt_id == NULL || g_hash_table_contains (lookup->taken, prompt_id))
    return;

  for (guint i = 0; i < lookup->wanted->len; i++)
    {
      Wanted *wanted = g_ptr_array_index (lookup->wanted, i);

      if (!wanted->found && g_str_equal (wanted->mark, mark))
        {
          found (lookup, wanted, prompt_id);
          return;
        }
    }
}

/* A server job known only by its workflow: the first of Kumo's with the
 * same one. */
static void
match_workflow (Lookup     *lookup,
                const char *prompt_id,
                KumoJson   *workflow)
{
  if (prompt_id == NULL || workflow == NULL || g_hash_table_contains (lookup->taken, prompt_id))
    return;

  for (guint i = 0; i < lookup->wanted->len; i++)
    {
      Wanted *wanted = g_ptr_array_index (lookup->wanted, i);

      if (wanted->found)
        continue;
      if (wanted->parsed == NULL)
        wanted->parsed = kumo_json_parse (wanted->workflow, NULL);
      if (wanted->parsed != NULL && kumo_json_equal (wanted->parsed, workflow))
        {
          found (lookup, wanted, prompt_id);
          return;
        }
    }
}

/* Seconds on some servers, milliseconds on others. */
static gint64
time_ms (KumoJson *value)
{
  gint64 t = 0;

  if (value == NULL || !kumo_json_get_int64 (value, &t))
    {
      double d = value ? kumo_json_get_double (value) : 0;
      t = (gint64) d;
    }

  return t > G_GINT64_CONSTANT (100000000000) ? t : t * 1000;
}

/* ---------------------------------------------------------------------- */
/* Without the jobs API: the history, then the queue                      */
/* ---------------------------------------------------------------------- */

static void read_history (GTask *task);

static void
queue_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) queue = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  const char *lists[] = { "queue_running", "queue_pending" };

  if (queue == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Local: [number, prompt_id, prompt, extra_data, outputs]; cloud:
   * [position, prompt_id, prompt, outputs, {create_time}]. */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      KumoJson *items = kumo_json_object_get_typed (queue, lists[l], KUMO_JSON_ARRAY);

      for (guint i = 0; i < kumo_json_array_get_length (items); i++)
        {
          KumoJson *item = kumo_json_array_get (items, i);
          KumoJson *id = kumo_json_array_get (item, 1);
          KumoJson *extra = kumo_json_array_get (item, 3);
          const char *prompt_id = kumo_json_get_type (id) == KUMO_JSON_STRING ? kumo_json_get_string (id) : NULL;

          if (kumo_json_get_type (extra) == KUMO_JSON_OBJECT)
            match_mark (lookup, prompt_id, extra);
        }
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      KumoJson *items = kumo_json_object_get_typed (queue, lists[l], KUMO_JSON_ARRAY);

      for (guint i = 0; i < kumo_json_array_get_length (items); i++)
        {
          KumoJson *item = kumo_json_array_get (items, i);
          KumoJson *id = kumo_json_array_get (item, 1);
          KumoJson *prompt = kumo_json_array_get (item, 2);

          if (kumo_json_get_type (kumo_json_array_get (item, 3)) != KUMO_JSON_OBJECT &&
              kumo_json_get_type (id) == KUMO_JSON_STRING && kumo_json_get_type (prompt) == KUMO_JSON_OBJECT)
            match_workflow (lookup, kumo_json_get_string (id), prompt);
        }
    }

  if (all_found (lookup))
    finish (task);
  else
    read_history (task);
}

static void
read_queue (GTask *task)
{
  KumoClient *client = g_task_get_source_object (task);

  kumo_client_get_json_async (client, "/queue", g_task_get_cancellable (task), queue_read_cb, g_object_ref (task));
}

static void
history_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) history = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *list;

  if (history == NULL && !g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Cloud: {"history": [{prompt_id, prompt: {extra_data}}]}. */
  list = kumo_json_object_get_typed (history, "history", KUMO_JSON_ARRAY);

  /* A history that fills the page may have lost older jobs, Kumo's
   * among them, unless it reaches back before they were sent. */
  lookup->history_covers = (list ? kumo_json_array_get_length (list) : kumo_json_object_get_size (history))
                           < HISTORY_ITEMS;

  for (guint i = 0; i < kumo_json_array_get_length (list); i++)
    {
      KumoJson *entry = kumo_json_array_get (list, i);
      KumoJson *prompt = kumo_json_object_get_typed (entry, "prompt", KUMO_JSON_OBJECT);

      match_mark (lookup, kumo_json_object_get_string_or (entry, "prompt_id", NULL),
                  kumo_json_object_get_typed (prompt, "extra_data", KUMO_JSON_OBJECT));
      if (time_ms (kumo_json_object_get (entry, "create_time")) < lookup->since_ms)
        lookup->history_covers = TRUE;
    }

  /* Local: {prompt_id: {prompt: [number, id, prompt, extra_data, …]}}. */
  for (guint i = 0; list == NULL && i < kumo_json_object_get_size (history); i++)
    {
      KumoJson *entry = kumo_json_object_get_value (history, i);
      KumoJson *tuple = kumo_json_object_get_typed (entry, "prompt", KUMO_JSON_ARRAY);
      KumoJson *extra = kumo_json_array_get (tuple, 3);

      if (kumo_json_get_type (extra) == KUMO_JSON_OBJECT)
        {
          match_mark (lookup, kumo_json_object_get_key (history, i), extra);
          if (time_ms (kumo_json_object_get (extra, "create_time")) < lookup->since_ms)
            lookup->history_covers = TRUE;
        }
    }

  if (!all_found (lookup) && !lookup->history_covers)
    cannot_tell (task);
  else
    finish (task);
}

static void
read_history (GTask *task)
{
  KumoClient *client = g_task_get_source_object (task);
  g_autofree char *route = g_strdup_printf (kumo_client_get_flavor (client) == KUMO_FLAVOR_CLOUD
                                            ? "/history_v2?max_items=%u" : "/history?max_items=%u",
                                            HISTORY_ITEMS);

  kumo_client_get_json_async (client, route, g_task_get_cancellable (task), history_read_cb, g_object_ref (task));
}

/* ---------------------------------------------------------------------- */
/* The jobs API                                                           */
/* ---------------------------------------------------------------------- */

static void read_next_record (GTask *task);

static void
record_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) record = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *workflow;

  /* Gone since it was listed: not one of ours to worry about. */
  if (record == NULL && !g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  workflow = kumo_json_object_get_typed (record, "workflow", KUMO_JSON_OBJECT);
  match_mark (lookup, kumo_json_object_get_string_or (record, "id", NULL),
              kumo_json_object_get_typed (workflow, "extra_data", KUMO_JSON_OBJECT));

  read_next_record (task);
}

static void
read_next_record (GTask *task)
{
  KumoClient *client = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *id = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *route = NULL;

  if (all_found (lookup) || g_queue_is_empty (lookup->candidates))
    {
      finish (task);
      return;
    }

  id = g_queue_pop_head (lookup->candidates);
  escaped = g_uri_escape_string (id, NULL, FALSE);
  route = g_strdup_printf ("/jobs/%s", escaped);
  kumo_client_get_json_async (client, route, g_task_get_cancellable (task), record_read_cb, g_object_ref (task));
}

static void list_page (GTask *task);

static void
page_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KumoJson) page = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);
  KumoJson *jobs;
  gboolean reached_older = FALSE;

  /* Without the jobs API: the queue, then the history. A job only ever
   * moves from the one to the other, so read in that order it cannot
   * slip between the two reads unseen. */
  if (page == NULL && g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NOT_FOUND))
    {
      read_queue (task);
      return;
    }

  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  jobs = kumo_json_object_get_typed (page, "jobs", KUMO_JSON_ARRAY);
  for (guint i = 0; i < kumo_json_array_get_length (jobs); i++)
    {
      KumoJson *job = kumo_json_array_get (jobs, i);
      const char *id = kumo_json_object_get_string_or (job, "id", NULL);

      if (time_ms (kumo_json_object_get (job, "create_time")) < lookup->since_ms)
        reached_older = TRUE;
      else if (id != NULL)
        g_queue_push_tail (lookup->candidates, g_strdup (id));
    }

  if (!reached_older && kumo_json_array_get_length (jobs) > 0 &&
      kumo_json_object_get_boolean_or (kumo_json_object_get (page, "pagination"), "has_more", FALSE))
    {
      if (++lookup->pages >= MAX_PAGES)
        {
          cannot_tell (task);
          return;
        }
      lookup->offset += kumo_json_array_get_length (jobs);
      list_page (task);
      return;
    }

  read_next_record (task);
}

static void
list_page (GTask *task)
{
  KumoClient *client = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *route = g_strdup_printf ("/jobs?sort_order=desc&limit=%u&offset=%u", PAGE_SIZE, lookup->offset);

  kumo_client_get_json_async (client, route, g_task_get_cancellable (task), page_listed_cb, g_object_ref (task));
}

/**
 * kumo_job_lookup_async:
 * @wanted: (array length=n_wanted): the jobs to look for
 *
 * Looks for jobs on the server by the mark each was submitted with.
 * Finish with kumo_job_lookup_finish(); an error means the server could
 * not say, and a job not found may still be there.
 */
void
kumo_job_lookup_async (KumoClient          *client,
                       const KumoJobLookup *wanted,
                       guint                n_wanted,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;
  gint64 since = G_MAXINT64;

  g_return_if_fail (KUMO_IS_CLIENT (client));

  lookup = g_new0 (Lookup, 1);
  lookup->wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  lookup->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lookup->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookup->candidates = g_queue_new ();

  for (guint i = 0; i < n_wanted; i++)
    {
      Wanted *w = g_new0 (Wanted, 1);

      w->mark = g_strdup (wanted[i].mark);
      w->workflow = g_bytes_ref (wanted[i].workflow);
      g_ptr_array_add (lookup->wanted, w);
      since = MIN (since, wanted[i].created);
    }
  lookup->since_ms = n_wanted > 0 ? since * 1000 - CLOCK_SLACK_MS : 0;

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_job_lookup_async);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  if (n_wanted == 0)
    finish (task);
  else
    list_page (task);
}

/**
 * kumo_job_lookup_finish:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the prompt id of
 *   each mark that was found
 */
GHashTable *
kumo_job_lookup_finish (KumoClient    *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
