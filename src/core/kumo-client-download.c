/* kumo-client-download.c
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

/* Bringing outputs home: into a .part file beside the destination,
 * resumed where a lost connection left it, renamed into place whole. */

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
  SoupMessage *msg = _kumo_client_new_message (self, "GET", download->route);

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
  g_timeout_add (_kumo_client_retry_delay_ms (self, download->attempts - 1, retry_after), download_retry_cb, task);
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
      download_fail (task, is_connection_lost (error) ? _kumo_client_network_error (g_task_get_source_object (task), error)
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
                               ? g_steal_pointer (&error) : _kumo_client_network_error (self, error));
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
