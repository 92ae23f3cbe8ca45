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

#include "kumo-client.h"
#include "kumo-concat-input-stream.h"
#include "kumo-image-info.h"

/* What Comfy Cloud accepts (docs/protocol.md §8.2). */
#define CLOUD_MAX_UPLOAD_BYTES (50 * 1024 * 1024)
#define CLOUD_MAX_UPLOAD_EDGE 16384
#define CLOUD_MAX_UPLOAD_PIXELS (64 * 1000 * 1000)

/*
 * Kumo's REST client for one server, local ComfyUI or Comfy Cloud.
 *
 * The API key goes only to the server's own origin: /api/view answers
 * with a redirect to a storage host, and libsoup 3.2 would re-send custom
 * headers such as X-API-Key there (docs/protocol.md §2.2), so downloads never
 * follow redirects by themselves.
 */
struct _KumoClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base;
  char        *base_url;
  KumoFlavor   flavor;
  char        *api_key;

  guint        retry_base_ms;
  guint        max_attempts;
};

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

static SoupMessage *
new_message (KumoClient *self,
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

static GError *
network_error (KumoClient *self,
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

typedef enum
{
  RETRY_IDEMPOTENT,   /* GETs: server errors, network errors, 429s */
  RETRY_UNPROCESSED,  /* uploads: only answers that say nothing was done */
  RETRY_SUBMIT,       /* submits: 503 only; a full queue goes to the caller,
                       * which waits for room for as long as it takes */
} RetryPolicy;

/* A body streamed from disk between a head and a tail (a multipart
 * form around a file), reopened for every attempt. */
typedef struct
{
  GBytes           *head;
  GFile            *file;
  goffset           file_size;
  GBytes           *tail;
  KumoProgressFunc  progress;
  gpointer          progress_data;
  goffset           sent;
} FileBody;

static void
file_body_free (FileBody *body)
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
  FileBody    *file_body;
  char        *content_type;
  RetryPolicy  policy;
  guint        attempt;
  SoupMessage *msg;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->route);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->file_body, file_body_free);
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
static guint
retry_delay_ms (KumoClient *self,
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
          g_timeout_add (retry_delay_ms (self, request->attempt, -1), retry_cb, g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, network_error (self, error));
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
      g_timeout_add (retry_delay_ms (self, request->attempt, http->retry_after), retry_cb, g_steal_pointer (&task));
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "kumo-http-error", g_steal_pointer (&http),
                          (GDestroyNotify) kumo_http_error_free);
  g_task_return_error (task, kumo_http_error_to_gerror (g_object_get_data (G_OBJECT (task), "kumo-http-error")));
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    FileBody    *body)
{
  goffset total = g_bytes_get_size (body->head) + body->file_size + g_bytes_get_size (body->tail);

  body->sent = MIN (body->sent + chunk_size, total);
  if (body->progress != NULL)
    body->progress (body->sent, total, body->progress_data);
}

/* Head, file and tail as one stream, never the file in memory. */
static gboolean
attach_file_body (SoupMessage  *msg,
                  const char   *content_type,
                  FileBody     *body,
                  GCancellable *cancellable,
                  GError      **error)
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
  request->msg = new_message (self, request->method, request->route);
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

static GTask *
start_request_full (KumoClient          *self,
                    const char          *method,
                    const char          *route,
                    GBytes              *body,
                    FileBody            *file_body,
                    const char          *content_type,
                    RetryPolicy          policy,
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
               RetryPolicy          policy,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  return start_request_full (self, method, route, body, NULL, content_type, policy,
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

/* ---------------------------------------------------------------------- */
/* Uploading                                                              */
/* ---------------------------------------------------------------------- */

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(KumoJson) json = NULL;
  GError *error = NULL;
  const char *name;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The name the server gave the file is what goes into the workflow:
   * on the cloud a content hash, locally perhaps "photo (1).png". */
  json = kumo_json_parse (body, NULL);
  name = json ? kumo_json_object_get_string_or (json, "name", NULL) : NULL;
  if (name == NULL || *name == '\0')
    {
      g_task_return_new_error (task, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The server took the upload but did not say what it named it."));
      return;
    }

  g_task_return_pointer (task, g_strdup (name), g_free);
}

typedef struct
{
  GFile            *file;
  KumoFlavor        flavor;
  const char       *route;
  char             *original_ref;   /* masks: the image they belong to, as JSON */
  KumoProgressFunc  progress;
  gpointer          progress_data;
} UploadSetup;

static void
upload_setup_free (UploadSetup *setup)
{
  g_object_unref (setup->file);
  g_free (setup->original_ref);
  g_free (setup);
}

/* Quotes a filename for Content-Disposition; line breaks would end the
 * header, so they go. */
static void
append_quoted (GString    *out,
               const char *name)
{
  g_string_append_c (out, '"');
  for (const char *p = name; *p; p++)
    {
      if (*p == '\r' || *p == '\n')
        continue;
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* In a worker thread: the file's size and image header (read from its
 * first 256 KiB only), the checks Comfy Cloud would make, and the
 * multipart form that goes around the file. */
static void
prepare_upload_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  UploadSetup *setup = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) start = NULL;
  g_autofree char *basename = g_file_get_basename (setup->file);
  g_autofree char *name = g_filename_display_name (basename);
  g_autofree char *boundary = NULL;
  const char *mime = "application/octet-stream";
  guint width = 0, height = 0;
  GError *error = NULL;
  FileBody *body;
  GString *head;

  info = g_file_query_info (setup->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  stream = info ? g_file_read (setup->file, cancellable, &error) : NULL;
  start = stream ? g_input_stream_read_bytes (G_INPUT_STREAM (stream), 256 * 1024, cancellable, &error) : NULL;
  if (start == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  kumo_image_info_read (start, &mime, &width, &height);

  /* Refused before it starts, rather than after minutes of uploading. */
  if (setup->flavor == KUMO_FLAVOR_CLOUD && g_file_info_get_size (info) > CLOUD_MAX_UPLOAD_BYTES)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));

      g_task_return_new_error (task, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_TOO_LARGE,
                               _("“%s” is %s; Comfy Cloud takes files of up to 50 MB. Make it smaller first."),
                               name, size);
      return;
    }

  if (setup->flavor == KUMO_FLAVOR_CLOUD && (width > CLOUD_MAX_UPLOAD_EDGE || height > CLOUD_MAX_UPLOAD_EDGE))
    {
      g_task_return_new_error (task, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_TOO_LARGE,
                               _("“%s” is %u × %u pixels; Comfy Cloud takes images of up to 16384 pixels a side. "
                                 "Scale it down first."),
                               name, width, height);
      return;
    }

  if (setup->flavor == KUMO_FLAVOR_CLOUD && (guint64) width * height > CLOUD_MAX_UPLOAD_PIXELS)
    {
      g_task_return_new_error (task, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_TOO_LARGE,
                               _("“%s” is %u × %u pixels, %.0f megapixels; Comfy Cloud takes images of up to 64 "
                                 "megapixels. Scale it down first."),
                               name, width, height, (double) width * height / 1e6);
      return;
    }

  boundary = g_uuid_string_random ();
  head = g_string_new (NULL);
  /* No "overwrite": a local server then keeps one name for the same file
   * uploaded twice, and gives a different file of the same name a new
   * name, rather than replace the input of a job still in its queue. */
  g_string_append_printf (head, "--%s\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ninput\r\n", boundary);
  if (setup->original_ref != NULL)
    g_string_append_printf (head, "--%s\r\nContent-Disposition: form-data; name=\"original_ref\"\r\n\r\n%s\r\n",
                            boundary, setup->original_ref);
  g_string_append_printf (head, "--%s\r\nContent-Disposition: form-data; name=\"image\"; filename=", boundary);
  append_quoted (head, basename);
  g_string_append_printf (head, "\r\nContent-Type: %s\r\n\r\n", mime);

  body = g_new0 (FileBody, 1);
  body->head = g_string_free_to_bytes (head);
  body->file = g_object_ref (setup->file);
  body->file_size = g_file_info_get_size (info);
  body->tail = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary), strlen (boundary) + 8);
  body->progress = setup->progress;
  body->progress_data = setup->progress_data;
  g_object_set_data_full (G_OBJECT (task), "kumo-boundary", g_steal_pointer (&boundary), g_free);
  g_task_return_pointer (task, body, (GDestroyNotify) file_body_free);
}

static void
upload_prepared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoClient *self = g_task_get_source_object (task);
  UploadSetup *setup = g_task_get_task_data (G_TASK (result));
  g_autofree char *content_type = NULL;
  g_autoptr(GTask) request = NULL;
  GError *error = NULL;
  FileBody *body;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  content_type = g_strdup_printf ("multipart/form-data; boundary=%s",
                                  (const char *) g_object_get_data (G_OBJECT (result), "kumo-boundary"));
  request = start_request_full (self, "POST", setup->route, NULL, body, content_type, RETRY_UNPROCESSED,
                                g_task_get_cancellable (task), uploaded_cb, g_object_ref (task));
}

/**
 * kumo_client_upload_async:
 * @file: an image, video or audio file
 * @progress: (nullable): called on the main context as the body is sent
 *
 * Uploads @file as an input (`/api/upload/image`, type "input"). A file
 * Comfy Cloud would refuse (over 50 MB, over 16384 px on an edge) fails
 * at once with %KUMO_CLIENT_ERROR_TOO_LARGE.
 */
static void
start_upload (KumoClient          *self,
              GTask               *task,
              GFile               *file,
              const char          *route,
              char                *original_ref,
              KumoProgressFunc     progress,
              gpointer             progress_data)
{
  g_autoptr(GTask) prepare = NULL;
  UploadSetup *setup;

  setup = g_new0 (UploadSetup, 1);
  setup->file = g_object_ref (file);
  setup->flavor = self->flavor;
  setup->route = route;
  setup->original_ref = original_ref;
  setup->progress = progress;
  setup->progress_data = progress_data;

  prepare = g_task_new (NULL, g_task_get_cancellable (task), upload_prepared_cb, task);
  g_task_set_task_data (prepare, setup, (GDestroyNotify) upload_setup_free);
  g_task_run_in_thread (prepare, prepare_upload_thread);
}

void
kumo_client_upload_async (KumoClient          *self,
                          GFile               *file,
                          KumoProgressFunc     progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_upload_async);
  start_upload (self, task, file, "/upload/image", NULL, progress, progress_data);
}

/**
 * kumo_client_upload_mask_async:
 * @mask: a PNG whose alpha marks what to repaint (transparent = masked)
 * @original: the uploaded image the mask belongs to
 *
 * Uploads a mask through `/api/upload/mask`; the server puts the mask's
 * alpha into a copy of @original and answers with that copy's name,
 * which is what goes into the workflow. Finish with
 * kumo_client_upload_finish().
 */
void
kumo_client_upload_mask_async (KumoClient           *self,
                               GFile                *mask,
                               const KumoOutputFile *original,
                               KumoProgressFunc      progress,
                               gpointer              progress_data,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(KumoJson) ref = kumo_json_new_object ();
  GTask *task;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (mask));
  g_return_if_fail (original != NULL && original->filename != NULL);

  kumo_json_object_set (ref, "filename", kumo_json_new_string (original->filename));
  kumo_json_object_set (ref, "subfolder", kumo_json_new_string (original->subfolder ? original->subfolder : ""));
  kumo_json_object_set (ref, "type", kumo_json_new_string (original->type ? original->type : "input"));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_upload_async);
  start_upload (self, task, mask, "/upload/mask", kumo_json_to_string (ref), progress, progress_data);
}

/**
 * kumo_client_upload_finish:
 *
 * Returns: (transfer full) (nullable): the name to put into the workflow
 */
char *
kumo_client_upload_finish (KumoClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Downloading                                                            */
/* ---------------------------------------------------------------------- */

typedef struct
{
  GFile        *destination;
  GFile        *part;
  char         *route;
  SoupMessage  *msg;
  guint         redirects;
  /* A lost connection resumes from what the .part file holds. */
  guint         attempts;
  goffset       resume_from;
  goffset       total;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->destination);
  g_clear_object (&download->part);
  g_clear_object (&download->msg);
  g_free (download->route);
  g_free (download);
}

static void download_send (GTask *task, SoupMessage *msg);

static void
download_fail (GTask  *task,
               GError *error)
{
  Download *download = g_task_get_task_data (task);

  /* Never leave half a file behind. */
  g_file_delete (download->part, NULL, NULL);
  g_task_return_error (task, error);
}

static goffset
file_size (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info ? g_file_info_get_size (info) : 0;
}

/* Each request of the chain (the /api/view one and the signed URL it
 * redirects to) asks for the rest of the file only. */
static void
download_ask_range (Download    *download,
                    SoupMessage *msg)
{
  if (download->resume_from > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (msg), download->resume_from, -1);
}

static void
download_start (GTask *task)
{
  KumoClient *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  SoupMessage *msg = new_message (self, "GET", download->route);

  download->redirects = 0;
  download_ask_range (download, msg);
  download_send (task, msg);
}

static gboolean
download_retry_cb (gpointer data)
{
  download_start (data);
  return G_SOURCE_REMOVE;
}

/* Something passing went wrong: try again from where the file stopped
 * (nothing, or what a lost connection left), after a pause, a few
 * times. Returns whether it will. */
static gboolean
download_retry (GTask        *task,
                gint64        retry_after,
                const GError *error)
{
  KumoClient *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)) ||
      ++download->attempts >= self->max_attempts)
    return FALSE;

  download->resume_from = file_size (download->part);
  g_debug ("download stopped at %" G_GOFFSET_FORMAT " bytes (%s); trying again",
           download->resume_from, error ? error->message : "short body or server error");
  g_timeout_add (retry_delay_ms (self, download->attempts - 1, retry_after), download_retry_cb, task);
  return TRUE;
}

/* The connection was lost mid-file. */
static gboolean
download_resume (GTask  *task,
                 GError *error)
{
  return download_retry (task, -1, error);
}

static gboolean
is_connection_lost (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset size;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0 ||
      (download->total > 0 && file_size (download->part) < download->total))
    {
      if (download_resume (task, error))
        {
          g_steal_pointer (&task);
          return;
        }
    }

  /* A lost connection reads as one; a full disk keeps its own words. */
  if (error != NULL)
    {
      download_fail (task, is_connection_lost (error) ? network_error (g_task_get_source_object (task), error)
                                                      : g_steal_pointer (&error));
      return;
    }

  size = file_size (download->part);
  if (download->total > 0 && size != download->total)
    {
      g_autofree char *got = g_format_size_full (size, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *want = g_format_size_full (download->total, G_FORMAT_SIZE_LONG_FORMAT);

      download_fail (task, g_error_new (KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_NETWORK,
                                        _("The download stopped after %s of %s."), got, want));
      return;
    }

  if (!g_file_move (download->part, download->destination, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
    {
      download_fail (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Whether a 206 holds the rest of the file that was asked for: the
 * .part file ends where it starts. */
static gboolean
download_got_rest (Download *download)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (download->msg);
  goffset start, end, total;

  if (download->resume_from <= 0 ||
      !soup_message_headers_get_content_range (headers, &start, &end, &total) ||
      start != download->resume_from || total <= 0)
    return FALSE;

  download->total = total;
  return TRUE;
}

/* Where the body goes: appended to the .part file when the server sent
 * the rest that was asked for, else (a 200) the whole file from the
 * start. */
static GOutputStream *
download_open_part (GTask   *task,
                    GError **error)
{
  Download *download = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (download->msg);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (soup_message_get_status (download->msg) == SOUP_STATUS_PARTIAL_CONTENT)
    return G_OUTPUT_STREAM (g_file_append_to (download->part, G_FILE_CREATE_NONE, cancellable, error));

  download->resume_from = 0;
  download->total = soup_message_headers_get_content_length (headers);
  return G_OUTPUT_STREAM (g_file_replace (download->part, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                          cancellable, error));
}

static void
download_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KumoClient *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      if (download_resume (task, error))
        g_steal_pointer (&task);
      else
        download_fail (task, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                               ? g_steal_pointer (&error) : network_error (self, error));
      return;
    }

  status = soup_message_get_status (download->msg);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (download->msg), "Location");
      g_autoptr(GUri) target = NULL;
      SoupMessage *next;

      if (location == NULL || ++download->redirects > 5 ||
          !(target = g_uri_parse_relative (soup_message_get_uri (download->msg), location, SOUP_HTTP_URI_FLAGS, NULL)))
        {
          download_fail (task, g_error_new (KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE,
                                            _("The server sent the download somewhere Kumo cannot follow.")));
          return;
        }

      /* A fresh message: whatever the target, it carries no key. */
      next = soup_message_new_from_uri ("GET", target);
      soup_message_add_flags (next, SOUP_MESSAGE_NO_REDIRECT);
      download_ask_range (download, next);
      download_send (g_steal_pointer (&task), next);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (download->msg);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(KumoHttpError) http = kumo_http_error_parse (status, NULL, NULL,
                                                             soup_message_headers_get_one (headers, "Retry-After"),
                                                             now);

      /* A download is an idempotent GET: what a server says is passing
       * (5xx, 429) is asked again after a pause, as a lost connection
       * is; a 404 is not. */
      if ((status >= 500 || status == 429) && download_retry (task, http->retry_after, NULL))
        {
          g_steal_pointer (&task);
          return;
        }

      download_fail (task, kumo_http_error_to_gerror (http));
      return;
    }

  /* Some other part of the file than the rest that was asked for cannot
   * be put together with what is on disk: start over, whole. */
  if (status == SOUP_STATUS_PARTIAL_CONTENT && !download_got_rest (download))
    {
      g_file_delete (download->part, NULL, NULL);
      if (download_retry (task, -1, NULL))
        {
          g_steal_pointer (&task);
          return;
        }

      download_fail (task, g_error_new (KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_INVALID_RESPONSE,
                                        _("The server sent a different part of the file than Kumo asked for. "
                                          "Try again later.")));
      return;
    }

  out = download_open_part (task, &error);
  if (out == NULL)
    {
      download_fail (task, g_steal_pointer (&error));
      return;
    }

  /* Streamed to disk: memory stays flat whatever the size. (The
   * cancellable is read before the task is handed over.) */
  cancellable = g_task_get_cancellable (task);
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable,
                                spliced_cb, g_steal_pointer (&task));
}

static void
download_send (GTask       *task,
               SoupMessage *msg)
{
  KumoClient *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);

  g_set_object (&download->msg, msg);
  g_object_unref (msg);
  soup_session_send_async (self->session, download->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), download_sent_cb, task);
}

/**
 * kumo_client_download_async:
 * @destination: where the file goes; a ".part" file beside it is renamed
 *   to it once complete
 *
 * Downloads an output through `/api/view`. The server's redirect to a
 * signed URL is followed by hand, without the API key.
 */
void
kumo_client_download_async (KumoClient           *self,
                            const KumoOutputFile *output,
                            GFile                *destination,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autofree char *filename = NULL;
  g_autofree char *subfolder = NULL;
  g_autofree char *type = NULL;
  g_autofree char *part_name = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) error = NULL;
  Download *download;
  GTask *task;

  g_return_if_fail (KUMO_IS_CLIENT (self));
  g_return_if_fail (output != NULL);
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_client_download_async);

  download = g_new0 (Download, 1);
  download->destination = g_object_ref (destination);
  basename = g_file_get_basename (destination);
  part_name = g_strconcat (basename, ".part", NULL);
  g_task_set_task_data (task, download, (GDestroyNotify) download_free);

  parent = g_file_get_parent (destination);
  download->part = g_file_get_child (parent, part_name);
  if (!g_file_make_directory_with_parents (parent, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  filename = g_uri_escape_string (output->filename, NULL, FALSE);
  subfolder = g_uri_escape_string (output->subfolder ? output->subfolder : "", NULL, FALSE);
  type = g_uri_escape_string (output->type ? output->type : "output", NULL, FALSE);
  download->route = g_strdup_printf ("/view?filename=%s&subfolder=%s&type=%s", filename, subfolder, type);

  download_start (task);
}

gboolean
kumo_client_download_finish (KumoClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (KUMO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
