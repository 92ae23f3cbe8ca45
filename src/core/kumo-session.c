/* kumo-session.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-core-enums.h"
#include "kumo-credentials.h"
#include "kumo-session.h"

/*
 * One server, as the app and kumo-cli both work with it: its address,
 * how it speaks (local ComfyUI or Comfy Cloud, told by its host or by
 * what /system_stats says of itself), its key (the environment, else
 * the keyring), the client, its node definitions (the copy cached on
 * disk at once, then refreshed from the server), the journal and the
 * job queue. Connecting says how it went in words a header bar can
 * show: connected, the key rejected, a plan without API access, the
 * server unreachable.
 */
struct _KumoSession
{
  GObject           parent_instance;

  char             *url;
  KumoFlavor        flavor;
  gboolean          flavor_set;
  char             *api_key;
  gboolean          api_key_set;
  char             *journal_path;

  KumoSessionState  state;
  guint             loading;     /* operations under way */
  GError           *error;

  /* Trying again when the server cannot be reached (the app does; the
   * CLI says so and stops). */
  gboolean          auto_reconnect;
  GCancellable     *cancellable;
  guint             reconnect_source;
  guint             reconnect_attempt;
  gint64            retry_at;

  KumoClient       *client;
  KumoJournal      *journal;
  GError           *journal_error;
  char             *client_id;
  KumoJobQueue     *queue;
  guint             max_running;

  KumoNodeCatalog  *catalog;
  gboolean          catalog_pinned;  /* given by the user: not replaced */
  gboolean          catalog_fresh;   /* fetched from the server since connecting */
};

G_DEFINE_FINAL_TYPE (KumoSession, kumo_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (kumo-session-error-quark, kumo_session_error)

enum {
  PROP_0,
  PROP_URL,
  PROP_FLAVOR,
  PROP_STATE,
  PROP_RETRY_AT,
  PROP_LOADING,
  PROP_ERROR,
  PROP_CLIENT,
  PROP_CATALOG,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * kumo_session_resolve_url:
 * @server: (nullable): "cloud" (also the default), "local", or a URL
 *
 * Returns: the server's base URL
 */
char *
kumo_session_resolve_url (const char *server)
{
  if (server == NULL || *server == '\0' || g_str_equal (server, "cloud"))
    return g_strdup (KUMO_CLOUD_URL);
  if (g_str_equal (server, "local"))
    return g_strdup (KUMO_LOCAL_URL);
  return g_strdup (server);
}

static void
set_state (KumoSession      *self,
           KumoSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_retry_at (KumoSession *self,
              gint64       retry_at)
{
  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

static void
set_error (KumoSession  *self,
           const GError *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
begin_loading (KumoSession *self)
{
  if (self->loading++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
end_loading (KumoSession *self)
{
  g_return_if_fail (self->loading > 0);

  if (--self->loading == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What a failed request says about the server, for the header bar. */
static KumoSessionState
state_for_error (const GError *error)
{
  if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_UNAUTHORIZED))
    return KUMO_SESSION_KEY_REJECTED;
  if (g_error_matches (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NO_API_ACCESS))
    return KUMO_SESSION_NO_API_ACCESS;
  if (g_error_matches (error, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY))
    return KUMO_SESSION_NEEDS_KEY;
  if (error->domain == G_IO_ERROR)
    return KUMO_SESSION_INVALID;
  return KUMO_SESSION_UNREACHABLE;
}

/* ---------------------------------------------------------------------- */
/* Connecting                                                             */
/* ---------------------------------------------------------------------- */

typedef struct
{
  char    *api_key;
  GError  *keyring_error;  /* why there is no key, when there is none */
  KumoClient *client;
  KumoJournal *journal;
  GError  *journal_error;
  char    *client_id;
} Connect;

static void
connect_free (Connect *connect)
{
  g_free (connect->api_key);
  g_clear_error (&connect->keyring_error);
  g_clear_object (&connect->client);
  g_clear_object (&connect->journal);
  g_clear_error (&connect->journal_error);
  g_free (connect->client_id);
  g_free (connect);
}

static void schedule_reconnect (KumoSession *self);

static void
connect_failed (GTask  *task,
                GError *error)
{
  KumoSession *self = g_task_get_source_object (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_error (self, error);
      set_state (self, state_for_error (error));
      if (self->state == KUMO_SESSION_UNREACHABLE)
        schedule_reconnect (self);
    }
  else
    set_state (self, KUMO_SESSION_DISCONNECTED);

  end_loading (self);
  g_task_return_error (task, error);
}

static void
open_journal_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  KumoSession *self = source_object;
  Connect *connect = task_data;
  g_autofree char *path = self->journal_path ? g_strdup (self->journal_path) : kumo_journal_default_path ();

  /* Without a journal Kumo still runs jobs; it cannot go back for them
   * after a crash, and says so. */
  connect->journal = kumo_journal_new (path, &connect->journal_error);
  if (connect->journal != NULL)
    connect->client_id = kumo_journal_get_client_id (connect->journal, self->url);

  g_task_return_boolean (task, TRUE);
}

static void
journal_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoSession *self = KUMO_SESSION (object);
  Connect *connect = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      connect_failed (task, error);
      return;
    }

  /* A new connection: the node definitions are asked for again. */
  self->catalog_fresh = FALSE;
  g_set_object (&self->client, connect->client);
  g_set_object (&self->journal, connect->journal);
  g_clear_error (&self->journal_error);
  self->journal_error = g_steal_pointer (&connect->journal_error);
  g_free (self->client_id);
  self->client_id = g_steal_pointer (&connect->client_id);

  set_error (self, NULL);
  set_state (self, KUMO_SESSION_CONNECTED);
  self->reconnect_attempt = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  end_loading (self);
  g_task_return_boolean (task, TRUE);
}

static void
open_journal (GTask *task)
{
  KumoSession *self = g_task_get_source_object (task);
  g_autoptr(GTask) thread = g_task_new (self, g_task_get_cancellable (task), journal_opened_cb, g_object_ref (task));

  g_task_set_task_data (thread, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread, open_journal_thread);
}

/* GET /api/user: a wrong key (401), a plan without API access (402 or a
 * billing 429), or a server that does not answer. */
static void
user_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(KumoJson) user = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);

  if (user == NULL)
    {
      connect_failed (task, error);
      return;
    }

  open_journal (task);
}

static void
make_client (GTask *task)
{
  KumoSession *self = g_task_get_source_object (task);
  Connect *connect = g_task_get_task_data (task);
  GError *error = NULL;

  if (self->flavor == KUMO_FLAVOR_CLOUD && connect->api_key == NULL)
    {
      if (connect->keyring_error != NULL)
        error = g_error_new (KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY, "%s",
                             connect->keyring_error->message);
      else
        error = g_error_new_literal (KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY,
                                     _("Comfy Cloud needs an API key: create one at platform.comfy.org, then set "
                                       "COMFY_CLOUD_API_KEY or store it in the keyring with “kumo-cli login”."));
      connect_failed (task, error);
      return;
    }

  connect->client = kumo_client_new (self->url, self->flavor, connect->api_key, &error);
  if (connect->client == NULL)
    {
      connect_failed (task, error);
      return;
    }

  if (self->flavor == KUMO_FLAVOR_CLOUD)
    kumo_client_get_json_async (connect->client, "/user", g_task_get_cancellable (task), user_checked_cb,
                                g_object_ref (task));
  else
    open_journal (task);
}

static void
stats_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(KumoJson) stats = kumo_client_get_json_finish (KUMO_CLIENT (object), result, &error);

  if (stats == NULL)
    {
      connect_failed (task, error);
      return;
    }

  /* A server at another address can still be Comfy Cloud, and says so. */
  if (!self->flavor_set &&
      kumo_json_object_get_string_or (kumo_json_object_get (stats, "system"), "cloud_version", NULL) != NULL)
    {
      self->flavor = KUMO_FLAVOR_CLOUD;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOR]);
    }

  make_client (task);
}

/* Cloud by its host, or by what /api/system_stats (public on both, and
 * the first request: a server still starting gets the usual patience)
 * says about itself; a local server is also found to answer at all. */
static void
find_flavor (GTask *task)
{
  KumoSession *self = g_task_get_source_object (task);
  Connect *connect = g_task_get_task_data (task);
  g_autoptr(KumoClient) probe = NULL;
  GError *error = NULL;

  if (!self->flavor_set && kumo_client_guess_flavor (self->url) == KUMO_FLAVOR_CLOUD)
    {
      self->flavor = KUMO_FLAVOR_CLOUD;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOR]);
    }

  if (self->flavor == KUMO_FLAVOR_CLOUD)
    {
      make_client (task);
      return;
    }

  probe = kumo_client_new (self->url, KUMO_FLAVOR_LOCAL, connect->api_key, &error);
  if (probe == NULL)
    {
      connect_failed (task, error);
      return;
    }

  kumo_client_get_json_async (probe, "/system_stats", g_task_get_cancellable (task), stats_read_cb,
                              g_object_ref (task));
}

static void
key_looked_up_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *connect = g_task_get_task_data (task);

  /* No keyring is not a failure: a local server needs no key, and for
   * the cloud the reason goes into the message that asks for one. */
  connect->api_key = kumo_credentials_lookup_finish (result, NULL, &connect->keyring_error);
  if (g_error_matches (connect->keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      connect_failed (task, g_steal_pointer (&connect->keyring_error));
      return;
    }

  find_flavor (task);
}

/**
 * kumo_session_connect_async:
 *
 * Finds the key, tells how the server speaks, checks that it answers
 * (and, on the cloud, that it takes the key), and opens the journal.
 * The state says how it went; the error says why it failed.
 */
void
kumo_session_connect_async (KumoSession         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Connect *connect;

  g_return_if_fail (KUMO_IS_SESSION (self));

  connect = g_new0 (Connect, 1);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_session_connect_async);
  g_task_set_task_data (task, connect, (GDestroyNotify) connect_free);

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_retry_at (self, 0);
  begin_loading (self);
  set_state (self, KUMO_SESSION_CONNECTING);

  if (self->api_key_set)
    {
      connect->api_key = g_strdup (self->api_key);
      find_flavor (task);
      return;
    }

  kumo_credentials_lookup_async (self->url, cancellable, key_looked_up_cb, g_steal_pointer (&task));
}

gboolean
kumo_session_connect_finish (KumoSession   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Reconnecting                                                           */
/* ---------------------------------------------------------------------- */

static void
reconnected_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* The state says how it went, and a failure tries again. */
  kumo_session_connect_finish (KUMO_SESSION (object), result, NULL);
}

static gboolean
reconnect_cb (gpointer data)
{
  KumoSession *self = data;

  self->reconnect_source = 0;
  set_retry_at (self, 0);
  kumo_session_connect_async (self, self->cancellable, reconnected_cb, NULL);
  return G_SOURCE_REMOVE;
}

/* 2 s, 4 s, 8 s … up to a minute, with jitter. */
static void
schedule_reconnect (KumoSession *self)
{
  guint delay;

  if (!self->auto_reconnect || self->reconnect_source != 0)
    return;

  delay = MIN (2000u << MIN (self->reconnect_attempt, 5), 60000u);
  delay += g_random_int_range (0, delay / 4 + 1);
  self->reconnect_attempt++;
  self->reconnect_source = g_timeout_add (delay, reconnect_cb, self);
  set_retry_at (self, g_get_monotonic_time () + (gint64) delay * 1000);
}

/**
 * kumo_session_set_auto_reconnect:
 *
 * Whether a server that cannot be reached is tried again, with a
 * growing pause, until it answers. The state is then "unreachable"
 * and the retry-at property says when the next try is.
 */
void
kumo_session_set_auto_reconnect (KumoSession *self,
                                 gboolean     auto_reconnect)
{
  g_return_if_fail (KUMO_IS_SESSION (self));

  self->auto_reconnect = auto_reconnect;
  if (!auto_reconnect)
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      set_retry_at (self, 0);
    }
}

/* The event stream is the live line to the server: while it is down the
 * session is reconnecting, and says when it tries next. */
static void
stream_changed_cb (KumoSession     *self,
                   GParamSpec      *pspec,
                   KumoEventStream *stream)
{
  gboolean connected = kumo_event_stream_get_connected (stream);

  if (self->state == KUMO_SESSION_CONNECTED || self->state == KUMO_SESSION_RECONNECTING)
    {
      if (connected)
        set_state (self, KUMO_SESSION_CONNECTED);
      else if (kumo_event_stream_get_retry_at (stream) != 0)
        set_state (self, KUMO_SESSION_RECONNECTING);
    }

  if (self->reconnect_source == 0)
    set_retry_at (self, connected ? 0 : kumo_event_stream_get_retry_at (stream));
}

/**
 * kumo_session_get_retry_at:
 *
 * Returns: when the session next tries to reach its server, in
 *   g_get_monotonic_time()'s microseconds, or 0 when it is not waiting
 */
gint64
kumo_session_get_retry_at (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), 0);

  return self->retry_at;
}

/* ---------------------------------------------------------------------- */
/* Node definitions                                                       */
/* ---------------------------------------------------------------------- */

static void
replace_catalog (KumoSession     *self,
                 KumoNodeCatalog *catalog)
{
  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

/**
 * kumo_session_set_catalog:
 *
 * Uses @catalog (from a file the user named) instead of the server's:
 * it is not replaced by a refresh.
 */
void
kumo_session_set_catalog (KumoSession     *self,
                          KumoNodeCatalog *catalog)
{
  g_return_if_fail (KUMO_IS_SESSION (self));
  g_return_if_fail (!catalog || KUMO_IS_NODE_CATALOG (catalog));

  self->catalog_pinned = catalog != NULL;
  replace_catalog (self, catalog);
}

static void
cached_catalog_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoSession *self = g_task_get_source_object (task);
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  GError *error = NULL;

  catalog = kumo_node_catalog_load_finish (result, &error);
  end_loading (self);
  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A fresher catalog, or the user's, came first: it stays. */
  if (self->catalog == NULL)
    replace_catalog (self, catalog);
  g_task_return_boolean (task, TRUE);
}

/**
 * kumo_session_load_cached_catalog_async:
 *
 * Reads (in a worker thread) the node definitions this server sent last
 * time, so that fields are typed at once; fails with
 * %G_IO_ERROR_NOT_FOUND when there are none.
 */
void
kumo_session_load_cached_catalog_async (KumoSession         *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) cached = NULL;

  g_return_if_fail (KUMO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_session_load_cached_catalog_async);

  cached = kumo_node_catalog_cache_file (self->url);
  begin_loading (self);
  kumo_node_catalog_load_async (cached, cancellable, cached_catalog_loaded_cb, g_steal_pointer (&task));
}

gboolean
kumo_session_load_cached_catalog_finish (KumoSession   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
catalog_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoSession *self = g_task_get_source_object (task);
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  GError *error = NULL;

  catalog = kumo_client_fetch_catalog_finish (KUMO_CLIENT (object), result, &error);
  end_loading (self);
  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->catalog_fresh = TRUE;
  if (!self->catalog_pinned)
    replace_catalog (self, catalog);
  g_task_return_boolean (task, TRUE);
}

/**
 * kumo_session_refresh_catalog_async:
 *
 * Fetches the server's node definitions (parsed off the main loop, and
 * cached on disk for the next start). The session must be connected.
 */
void
kumo_session_refresh_catalog_async (KumoSession         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_session_refresh_catalog_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NOT_CONNECTED,
                               _("Kumo is not connected to %s."), self->url);
      return;
    }

  begin_loading (self);
  kumo_client_fetch_catalog_async (self->client, cancellable, catalog_fetched_cb, g_steal_pointer (&task));
}

gboolean
kumo_session_refresh_catalog_finish (KumoSession   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kumo_session_ensure_catalog_async:
 *
 * Makes sure the node definitions are the server's as of this
 * connection (or the ones the user gave): fetched once after connecting,
 * not again for every run.
 */
void
kumo_session_ensure_catalog_async (KumoSession         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_SESSION (self));

  if (!self->catalog_pinned && !self->catalog_fresh)
    {
      kumo_session_refresh_catalog_async (self, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_session_refresh_catalog_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
kumo_session_ensure_catalog_finish (KumoSession   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return kumo_session_refresh_catalog_finish (self, result, error);
}

/* ---------------------------------------------------------------------- */
/* Jobs                                                                   */
/* ---------------------------------------------------------------------- */

/**
 * kumo_session_get_queue:
 *
 * Returns: (nullable) (transfer none): the jobs of this server, made (and
 *   its event stream opened) on first use; %NULL until connected
 */
KumoJobQueue *
kumo_session_get_queue (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  if (self->queue == NULL && self->client != NULL)
    {
      KumoEventStream *stream;

      self->queue = kumo_job_queue_new (self->client, self->journal, self->client_id);
      kumo_job_queue_set_max_running (self->queue, self->max_running);
      stream = kumo_job_queue_get_stream (self->queue);
      g_signal_connect_object (stream, "notify::connected", G_CALLBACK (stream_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (stream, "notify::retry-at", G_CALLBACK (stream_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
    }

  return self->queue;
}

void
kumo_session_set_max_running (KumoSession *self,
                              guint        max_running)
{
  g_return_if_fail (KUMO_IS_SESSION (self));

  self->max_running = MAX (max_running, 1);
  if (self->queue != NULL)
    kumo_job_queue_set_max_running (self->queue, self->max_running);
}

/**
 * kumo_session_count_unfinished:
 *
 * Reads the journal on the calling thread (for kumo-cli).
 *
 * Returns: how many jobs of this server an earlier run left unfinished,
 *   that no running Kumo works on
 */
guint
kumo_session_count_unfinished (KumoSession *self)
{
  g_autoptr(GPtrArray) open = NULL;

  g_return_val_if_fail (KUMO_IS_SESSION (self), 0);

  if (self->journal == NULL)
    return 0;

  open = kumo_journal_list_unfinished (self->journal, self->url, FALSE, NULL);
  return open->len;
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoResumeCounts *counts = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *jobs = kumo_job_queue_resume_finish (KUMO_JOB_QUEUE (object), result, counts, &error);

  if (jobs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jobs, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * kumo_session_resume_async:
 *
 * Picks up the jobs an earlier run (a closed terminal, a crash, a quit)
 * left unfinished on this server: see kumo_job_queue_resume_async().
 */
void
kumo_session_resume_async (KumoSession         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KumoJobQueue *queue;

  g_return_if_fail (KUMO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_session_resume_async);
  g_task_set_task_data (task, g_new0 (KumoResumeCounts, 1), g_free);

  queue = kumo_session_get_queue (self);
  if (queue == NULL)
    {
      g_task_return_new_error (task, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NOT_CONNECTED,
                               _("Kumo is not connected to %s."), self->url);
      return;
    }

  kumo_job_queue_resume_async (queue, cancellable, resumed_cb, g_steal_pointer (&task));
}

/**
 * kumo_session_resume_finish:
 * @counts: (out) (optional): what was found
 *
 * Returns: (transfer container) (element-type KumoJob): the jobs picked up
 */
GPtrArray *
kumo_session_resume_finish (KumoSession       *self,
                            GAsyncResult      *result,
                            KumoResumeCounts  *counts,
                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (counts != NULL)
    *counts = *(KumoResumeCounts *) g_task_get_task_data (G_TASK (result));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

static void
kumo_session_dispose (GObject *object)
{
  KumoSession *self = (KumoSession *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  /* A reader in a worker thread may hold the journal past this point:
   * what the jobs wrote is on disk before the session is gone. */
  if (self->journal != NULL)
    kumo_journal_flush (self->journal);
  g_clear_object (&self->journal);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (kumo_session_parent_class)->dispose (object);
}

static void
kumo_session_finalize (GObject *object)
{
  KumoSession *self = (KumoSession *)object;

  g_free (self->url);
  g_free (self->api_key);
  g_free (self->journal_path);
  g_free (self->client_id);
  g_clear_error (&self->error);
  g_clear_error (&self->journal_error);

  G_OBJECT_CLASS (kumo_session_parent_class)->finalize (object);
}

static void
kumo_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KumoSession *self = KUMO_SESSION (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_FLAVOR:
      g_value_set_enum (value, self->flavor);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KumoSession *self = KUMO_SESSION (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = kumo_session_resolve_url (g_value_get_string (value));
      while (g_str_has_suffix (self->url, "/"))
        self->url[strlen (self->url) - 1] = '\0';
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_session_class_init (KumoSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kumo_session_dispose;
  object_class->finalize = kumo_session_finalize;
  object_class->get_property = kumo_session_get_property;
  object_class->set_property = kumo_session_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FLAVOR] =
    g_param_spec_enum ("flavor", NULL, NULL, KUMO_TYPE_FLAVOR, KUMO_FLAVOR_LOCAL, readable);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KUMO_TYPE_SESSION_STATE, KUMO_SESSION_DISCONNECTED, readable);
  /* When the next try to reach the server is (g_get_monotonic_time()),
   * 0 when none is waiting. */
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0, readable);
  /* Connecting, or reading node definitions. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, readable);
  /* Why the last connection failed, in a sentence for people. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, readable);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, KUMO_TYPE_CLIENT, readable);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, KUMO_TYPE_NODE_CATALOG, readable);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, KUMO_TYPE_JOB_QUEUE, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_session_init (KumoSession *self)
{
  self->max_running = 1;
  self->cancellable = g_cancellable_new ();
}

/**
 * kumo_session_new:
 * @server: (nullable): "cloud" (the default), "local", or a server's URL
 */
KumoSession *
kumo_session_new (const char *server)
{
  return g_object_new (KUMO_TYPE_SESSION, "url", server ? server : "cloud", NULL);
}

const char *
kumo_session_get_url (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->url;
}

/* How the server speaks, when the user says so (kumo-cli --flavor);
 * otherwise it is found out when connecting. */
void
kumo_session_set_flavor (KumoSession *self,
                         KumoFlavor   flavor)
{
  g_return_if_fail (KUMO_IS_SESSION (self));

  self->flavor = flavor;
  self->flavor_set = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOR]);
}

KumoFlavor
kumo_session_get_flavor (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), KUMO_FLAVOR_LOCAL);

  return self->flavor;
}

/* Connect with this key rather than the one set up (a key being checked
 * before it is stored); %NULL for none at all. */
void
kumo_session_set_api_key (KumoSession *self,
                          const char  *api_key)
{
  g_return_if_fail (KUMO_IS_SESSION (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  self->api_key_set = TRUE;
}

/* The journal to use instead of the default one (tests). */
void
kumo_session_set_journal_path (KumoSession *self,
                               const char  *path)
{
  g_return_if_fail (KUMO_IS_SESSION (self));

  g_free (self->journal_path);
  self->journal_path = g_strdup (path);
}

KumoSessionState
kumo_session_get_state (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), KUMO_SESSION_DISCONNECTED);

  return self->state;
}

gboolean
kumo_session_get_loading (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), FALSE);

  return self->loading > 0;
}

/**
 * kumo_session_get_error:
 *
 * Returns: (nullable): why connecting failed
 */
const GError *
kumo_session_get_error (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->error;
}

/**
 * kumo_session_get_client:
 *
 * Returns: (nullable) (transfer none): the client, once connected
 */
KumoClient *
kumo_session_get_client (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->client;
}

/**
 * kumo_session_get_journal:
 *
 * Returns: (nullable) (transfer none): the journal, once connected, or
 *   %NULL when it could not be opened (see
 *   kumo_session_get_journal_error())
 */
KumoJournal *
kumo_session_get_journal (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->journal;
}

const GError *
kumo_session_get_journal_error (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->journal_error;
}

/**
 * kumo_session_get_catalog:
 *
 * Returns: (nullable) (transfer none): the node definitions in use
 */
KumoNodeCatalog *
kumo_session_get_catalog (KumoSession *self)
{
  g_return_val_if_fail (KUMO_IS_SESSION (self), NULL);

  return self->catalog;
}
