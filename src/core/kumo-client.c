/* kumo-client.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-client-private.h"
#include "kumo-concat-input-stream.h"
#include "kumo-image-info.h"

/*
 * Kumo's REST client for one server, local ComfyUI or Comfy Cloud.
 *
 * The API key goes only to the server's own origin: /api/view answers
 * with a redirect to a storage host, and libsoup 3.2 would re-send custom
 * headers such as X-API-Key there (docs/protocol.md §2.2), so downloads never
 * follow redirects by themselves.
 */
G_DEFINE_FINAL_TYPE (KumoClient, kumo_client, G_TYPE_OBJECT)

static void
kumo_client_finalize (GObject *object)
{
  KumoClient *self = (KumoClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->base_url);
  g_free (self->api_key);

  G_OBJECT_CLASS (kumo_client_parent_class)->finalize (object);
}

static void
kumo_client_class_init (KumoClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kumo_client_finalize;
}

static void
kumo_client_init (KumoClient *self)
{
  self->retry_base_ms = 500;
  self->max_attempts = 4;
}

static gboolean
is_loopback (const char *host)
{
  GInetAddress *address;
  gboolean loopback;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return FALSE;

  loopback = g_inet_address_get_is_loopback (address);
  g_object_unref (address);
  return loopback;
}

/**
 * kumo_client_guess_flavor:
 *
 * Returns: %KUMO_FLAVOR_CLOUD for Comfy Cloud's host, else local
 */
KumoFlavor
kumo_client_guess_flavor (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host != NULL && (g_ascii_strcasecmp (host, "cloud.comfy.org") == 0 ||
                       g_str_has_suffix (host, ".cloud.comfy.org")))
    return KUMO_FLAVOR_CLOUD;

  return KUMO_FLAVOR_LOCAL;
}

/**
 * kumo_client_new:
 * @base_url: "https://cloud.comfy.org", "http://127.0.0.1:8188", …
 * @api_key: (nullable): the key, sent only to this server
 *
 * Refuses to send a key in the clear: a key with a plain-http URL is
 * only accepted for loopback addresses.
 */
KumoClient *
kumo_client_new (const char  *base_url,
                 KumoFlavor   flavor,
                 const char  *api_key,
                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  KumoClient *self;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, &local_error);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Use one like %s or %s."),
                   base_url, KUMO_CLOUD_URL, KUMO_LOCAL_URL);
      return NULL;
    }

  if (api_key != NULL && *api_key != '\0' && g_ascii_strcasecmp (scheme, "http") == 0 &&
      !is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Kumo does not send an API key to %s over plain http, where anybody on the way "
                     "could read it. Use https, or a server on this computer."),
                   g_uri_get_host (uri));
      return NULL;
    }

  self = g_object_new (KUMO_TYPE_CLIENT, NULL);
  self->base = g_steal_pointer (&uri);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->flavor = flavor;
  self->api_key = api_key && *api_key ? g_strdup (api_key) : NULL;
  self->session = soup_session_new_with_options ("user-agent", "Kumo/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 NULL);

  return self;
}

const char *
kumo_client_get_base_url (KumoClient *self)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);

  return self->base_url;
}

KumoFlavor
kumo_client_get_flavor (KumoClient *self)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), KUMO_FLAVOR_LOCAL);

  return self->flavor;
}

SoupSession *
kumo_client_get_session (KumoClient *self)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);

  return self->session;
}

/* For tests: how long to wait between attempts, and how many. */
void
kumo_client_set_retry_delays (KumoClient *self,
                              guint       base_ms,
                              guint       max_attempts)
{
  g_return_if_fail (KUMO_IS_CLIENT (self));

  self->retry_base_ms = base_ms;
  self->max_attempts = MAX (max_attempts, 1);
}

/* How long a connection may stay silent before it counts as lost (and a
 * download resumes): 60 s by default; tests make it short. */
void
kumo_client_set_timeout (KumoClient *self,
                         guint       seconds)
{
  g_return_if_fail (KUMO_IS_CLIENT (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * kumo_client_dup_websocket_url:
 * @redact: replace the key with "REDACTED", for anything that is shown
 *   or logged
 *
 * Returns: the event stream's URL; on the cloud it carries the key
 */
char *
kumo_client_dup_websocket_url (KumoClient *self,
                               const char *client_id,
                               gboolean    redact)
{
  g_autofree char *escaped_id = NULL;
  g_autofree char *escaped_key = NULL;
  const char *scheme;
  GString *url;

  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  scheme = g_ascii_strcasecmp (g_uri_get_scheme (self->base), "https") == 0 ? "wss" : "ws";
  escaped_id = g_uri_escape_string (client_id, NULL, FALSE);

  url = g_string_new (NULL);
  g_string_append_printf (url, "%s://%s", scheme, g_uri_get_host (self->base));
  if (g_uri_get_port (self->base) > 0 &&
      g_uri_get_port (self->base) != (g_str_equal (scheme, "wss") ? 443 : 80))
    g_string_append_printf (url, ":%d", g_uri_get_port (self->base));
  g_string_append_printf (url, "/ws?clientId=%s", escaped_id);

  if (self->flavor == KUMO_FLAVOR_CLOUD && self->api_key != NULL)
    {
      escaped_key = g_uri_escape_string (self->api_key, NULL, FALSE);
      g_string_append_printf (url, "&token=%s", redact ? "REDACTED" : escaped_key);
    }

  return g_string_free (url, FALSE);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

SoupMessage *
_kumo_client_new_message (KumoClient *self,
                          const char *method,
                          const char *route)
{
  g_autofree char *url = g_strconcat (self->base_url, "/api", route, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    return NULL;

  /* The key goes to the server's own origin and nowhere else. */
  if (self->api_key != NULL && same_origin (soup_message_get_uri (msg), self->base))
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", self->api_key);

  /* Redirects are followed by hand, without the key. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  return msg;
}

GError *
_kumo_client_network_error (KumoClient *self,
                            GError     *error)
{
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
      g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
      g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE))
    return g_error_new (KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK,
                        _("The connection to %s is not secure (%s). Kumo does not go on with it."),
                        g_uri_get_host (self->base), error->message);

  return g_error_new (KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK,
                      _("Could not reach %s: %s. Check the address and your connection."),
                      g_uri_get_host (self->base), error->message);
}

/* ---------------------------------------------------------------------- */
/* Requests with retries                                                  */
/* ---------------------------------------------------------------------- */

void
_kumo_client_file_body_free (KumoFileBody *body)
{
  g_bytes_unref (body->head);
  g_object_unref (body->file);
  g_bytes_unref (body->tail);
  g_free (body);
}

typedef struct
{
  char        *method;
  char        *route;
  GBytes      *body;
  KumoFileBody    *file_body;
  char        *content_type;
  KumoRetryPolicy  policy;
  guint        attempt;
  SoupMessage *msg;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->route);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->file_body, _kumo_client_file_body_free);
  g_free (request->content_type);
  g_clear_object (&request->msg);
  g_free (request);
}

static void send_attempt (GTask *task);

static gboolean
retry_cb (gpointer data)
{
  send_attempt (data);
  return G_SOURCE_REMOVE;
}

/* Exponential backoff with jitter, or what the server asked for. */
guint
_kumo_client_retry_delay_ms (KumoClient *self,
                             guint       attempt,
                             gint64      retry_after)
{
  guint delay = self->retry_base_ms << MIN (attempt, 6);

  if (retry_after >= 0)
    return (guint) MIN (retry_after, 600) * 1000;

  return delay / 2 + g_random_int_range (0, delay / 2 + 1);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(KumoHttpError) http = NULL;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (request->policy == RETRY_IDEMPOTENT && ++request->attempt < self->max_attempts &&
          !g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          g_timeout_add (_kumo_client_retry_delay_ms (self, request->attempt, -1), retry_cb, g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, _kumo_client_network_error (self, error));
      return;
    }

  status = soup_message_get_status (request->msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  headers = soup_message_get_response_headers (request->msg);
  now = g_date_time_new_now_utc ();
  http = kumo_http_error_parse (status, soup_message_headers_get_content_type (headers, NULL), body,
                                soup_message_headers_get_one (headers, "Retry-After"), now);

  /* 503 and a full queue say the request was not processed: safe to send
   * again, even a submit, which can never create a second job. A full
   * queue can last longer than any budget of attempts, so a submit hands
   * it to its caller instead. */
  if (++request->attempt < self->max_attempts &&
      (status == 503 ||
       (http->code == KUMO_CLIENT_ERROR_QUEUE_FULL && request->policy != RETRY_SUBMIT) ||
       (request->policy == RETRY_IDEMPOTENT && status >= 500)))
    {
      g_timeout_add (_kumo_client_retry_delay_ms (self, request->attempt, http->retry_after), retry_cb, g_steal_pointer (&task));
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "kumo-http-error", g_steal_pointer (&http),
                          (GDestroyNotify) kumo_http_error_free);
  g_task_return_error (task, kumo_http_error_to_gerror (g_object_get_data (G_OBJECT (task), "kumo-http-error")));
}

static void
wrote_body_data_cb (SoupMessage  *msg,
                    guint         chunk_size,
                    KumoFileBody *body)
{
  goffset total = g_bytes_get_size (body->head) + body->file_size + g_bytes_get_size (body->tail);

  body->sent = MIN (body->sent + chunk_size, total);
  if (body->progress != NULL)
    body->progress (body->sent, total, body->progress_data);
}

/* Head, file and tail as one stream, never the file in memory. */
static gboolean
attach_file_body (SoupMessage   *msg,
                  const char    *content_type,
                  KumoFileBody  *body,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInputStream) file = g_file_read (body->file, cancellable, error);
  g_autoptr(GInputStream) head = NULL;
  g_autoptr(GInputStream) tail = NULL;
  g_autoptr(GInputStream) all = NULL;

  if (file == NULL)
    return FALSE;

  head = g_memory_input_stream_new_from_bytes (body->head);
  tail = g_memory_input_stream_new_from_bytes (body->tail);
  all = kumo_concat_input_stream_new ((GInputStream *[]) { head, G_INPUT_STREAM (file), tail }, 3);
  soup_message_set_request_body (msg, content_type, all,
                                 g_bytes_get_size (body->head) + body->file_size + g_bytes_get_size (body->tail));
  body->sent = 0;
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), body);
  return TRUE;
}

static void
send_attempt (GTask *task)
{
  KumoClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&request->msg);
  request->msg = _kumo_client_new_message (self, request->method, request->route);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->msg, request->content_type, request->body);
  if (request->file_body != NULL &&
      !attach_file_body (request->msg, request->content_type, request->file_body,
                         g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), read_cb, task);
}

GTask *
_kumo_client_start_request_full (KumoClient          *self,
                                 const char          *method,
                                 const char          *route,
                                 GBytes              *body,
                                 KumoFileBody        *file_body,
                                 const char          *content_type,
                                 KumoRetryPolicy      policy,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->method = g_strdup (method);
  request->route = g_strdup (route);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->file_body = file_body;
  request->content_type = g_strdup (content_type ? content_type : "application/json");
  request->policy = policy;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  send_attempt (g_object_ref (task));
  return task;
}

static GTask *
start_request (KumoClient          *self,
               const char          *method,
               const char          *route,
               GBytes              *body,
               const char          *content_type,
               KumoRetryPolicy      policy,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  return _kumo_client_start_request_full (self, method, route, body, NULL, content_type, policy,
                             cancellable, callback, user_data);
}

/**
 * kumo_client_get_json_async:
 * @route: a route under /api, such as "/system_stats"
 *
 * GETs @route, retrying server and network errors with backoff, and
 * parses the answer (big integers intact).
 */
void
kumo_client_get_json_async (KumoClient          *self,
                            const char          *route,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (route != NULL && route[0] == '/');

  task = start_request (self, "GET", route, NULL, NULL, RETRY_IDEMPOTENT, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_get_json_async);
}

KumoJson *
kumo_client_get_json_finish (KumoClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) parse_error = NULL;
  KumoJson *json;

  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL)
    return NULL;

  json = kumo_json_parse (body, &parse_error);
  if (json == NULL)
    g_set_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE,
                 _("The server sent an answer Kumo cannot read (%s)."), parse_error->message);

  return json;
}

/**
 * kumo_client_post_json_async:
 * @body: (nullable): a JSON text
 *
 * POSTs to @route, for requests that are safe to repeat (queue deletes,
 * interrupts, cancels).
 */
void
kumo_client_post_json_async (KumoClient          *self,
                             const char          *route,
                             const char          *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (route != NULL && route[0] == '/');

  bytes = g_bytes_new (body ? body : "", body ? strlen (body) : 0);
  task = start_request (self, "POST", route, bytes, NULL, RETRY_IDEMPOTENT, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_post_json_async);
}

/**
 * kumo_client_post_json_finish:
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL for an empty
 *   one or an error
 */
KumoJson *
kumo_client_post_json_finish (KumoClient    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;

  return kumo_json_parse (body, NULL);
}

/* ---------------------------------------------------------------------- */
/* The node catalog                                                       */
/* ---------------------------------------------------------------------- */

static void
parse_catalog_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  KumoClient *self = source_object;
  GError *error = NULL;
  g_autoptr(GError) cache_error = NULL;
  KumoNodeCatalog *catalog = kumo_node_catalog_new_from_bytes (task_data, &error);

  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The next start opens with this server's catalog at once. */
  if (!kumo_node_catalog_save_cache (catalog, self->base_url, cancellable, &cache_error))
    g_debug ("Could not cache the node catalog: %s", cache_error->message);

  g_task_return_pointer (task, catalog, g_object_unref);
}

static void
catalog_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *body = g_task_propagate_pointer (G_TASK (result), &error);

  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* 2.4 MB of JSON: parse it off the main loop. */
  g_task_set_task_data (task, body, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_catalog_thread);
}

/**
 * kumo_client_fetch_catalog_async:
 *
 * Fetches `/api/object_info`, parses it in a worker thread and caches it
 * on disk for this server.
 */
void
kumo_client_fetch_catalog_async (KumoClient          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) request = NULL;

  g_return_if_fail (KUMO_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_fetch_catalog_async);
  request = start_request (self, "GET", "/object_info", NULL, NULL, RETRY_IDEMPOTENT, cancellable,
                           catalog_fetched_cb, task);
}

KumoNodeCatalog *
kumo_client_fetch_catalog_finish (KumoClient    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Submitting                                                             */
/* ---------------------------------------------------------------------- */

/**
 * kumo_client_submit_async:
 * @workflow: the API-format workflow as it is to be run
 * @client_id: the event stream's client id, so that a local server sends
 *   this prompt's events to it
 * @mark: (nullable): a mark that is unique to this job, put into its
 *   `extra_data` (%KUMO_CLIENT_JOB_MARK), by which the job can be found
 *   on the server when it is not known whether the request got there
 * @partner_nodes: the graph has partner nodes, which need the key in
 *   `extra_data.api_key_comfy_org`
 *
 * POSTs the workflow to `/api/prompt`, with previews asked for. A 503,
 * which says nothing was done, is retried after Retry-After, a few
 * times; a full queue (%KUMO_CLIENT_ERROR_QUEUE_FULL) is returned at once
 * for the caller to wait for room; anything else is never sent twice.
 */
void
kumo_client_submit_async (KumoClient          *self,
                          GBytes              *workflow,
                          const char          *client_id,
                          const char          *mark,
                          gboolean             partner_nodes,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  GString *text;
  gsize len;
  const char *data;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (workflow != NULL);

  /* The workflow goes in as it is, byte for byte. */
  data = g_bytes_get_data (workflow, &len);
  text = g_string_new ("{\"prompt\": ");
  g_string_append_len (text, data, len);
  if (client_id != NULL)
    {
      g_string_append (text, ", \"client_id\": ");
      kumo_json_append_escaped (text, client_id);
    }
  g_string_append (text, ", \"extra_data\": {\"preview_method\": \"auto\"");
  if (mark != NULL)
    {
      g_string_append (text, ", \"" KUMO_CLIENT_JOB_MARK "\": ");
      kumo_json_append_escaped (text, mark);
    }
  if (partner_nodes && self->api_key != NULL)
    {
      g_string_append (text, ", \"api_key_comfy_org\": ");
      kumo_json_append_escaped (text, self->api_key);
    }
  g_string_append (text, "}}");
  len = text->len;
  body = g_bytes_new_take (g_string_free (text, FALSE), len);

  task = start_request (self, "POST", "/prompt", body, NULL, RETRY_SUBMIT, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_submit_async);
}

/**
 * kumo_client_submit_finish:
 * @rejection: (out) (optional) (nullable): the server's answer when it
 *   rejected the workflow, with its problems per node and input
 *
 * Returns: (transfer full) (nullable): the job's prompt id
 */
char *
kumo_client_submit_finish (KumoClient     *self,
                           GAsyncResult   *result,
                           KumoHttpError **rejection,
                           GError        **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(KumoJson) json = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *prompt_id;

  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (rejection != NULL)
    *rejection = NULL;

  body = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (body == NULL)
    {
      KumoHttpError *http = g_object_steal_data (G_OBJECT (result), "kumo-http-error");

      if (rejection != NULL)
        *rejection = http;
      else
        kumo_http_error_free (http);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  json = kumo_json_parse (body, NULL);
  prompt_id = json ? kumo_json_object_get_string_or (json, "prompt_id", NULL) : NULL;

  /* The docs' own examples check for "error" after a 200 too. */
  if (prompt_id == NULL || (json && kumo_json_object_has (json, "error")))
    {
      g_set_error (error, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The server accepted the workflow but sent no job id, so Kumo cannot follow it."));
      return NULL;
    }

  return g_strdup (prompt_id);
}
