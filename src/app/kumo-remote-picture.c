/* kumo-remote-picture.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-remote-picture"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kumo-output.h"
#include "kumo-remote-picture.h"

/*
 * A picture a web browser dragged by its address, fetched into Kumo's
 * cache so it can be sent as a file: with a libsoup session of its own
 * that carries no API key or cookie of any server, only if the web
 * server says it is what is wanted (a picture, a video, a sound), and
 * no more than 50 MB (what Comfy Cloud takes), counted as it arrives
 * rather than trusted from Content-Length.
 */

#define MAX_REMOTE_BYTES (50 * 1024 * 1024)

typedef struct
{
  SoupMessage   *message;
  char          *mime_prefix;
  GInputStream  *body;
  GOutputStream *out;
  GFile         *target;
  goffset        received;
  char           buffer[64 * 1024];
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->message);
  g_free (fetch->mime_prefix);
  g_clear_object (&fetch->body);
  g_clear_object (&fetch->out);
  g_clear_object (&fetch->target);
  g_free (fetch);
}

static void
fail (GTask  *task,
      GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->out != NULL)
    g_output_stream_close (fetch->out, NULL, NULL);
  g_file_delete (fetch->target, NULL, NULL);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static GError *
too_large (void)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                      _("The picture is over 50 MB; the server would not take it. Save a smaller one and "
                        "drop that."));
}

static void read_more (GTask *task);

static void
chunk_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      fail (task, error);
      return;
    }
  if (n == 0)
    {
      g_output_stream_close (fetch->out, NULL, NULL);
      g_task_return_pointer (task, g_object_ref (fetch->target), g_object_unref);
      g_object_unref (task);
      return;
    }

  fetch->received += n;
  if (fetch->received > MAX_REMOTE_BYTES)
    {
      fail (task, too_large ());
      return;
    }
  if (!g_output_stream_write_all (fetch->out, fetch->buffer, n, NULL, NULL, &error))
    {
      fail (task, error);
      return;
    }

  read_more (task);
}

static void
read_more (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_async (fetch->body, fetch->buffer, sizeof fetch->buffer, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), chunk_cb, task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  GError *error = NULL;
  const char *type;

  fetch->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->body == NULL)
    {
      GError *wrapped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? g_error_copy (error)
                        : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       _("Could not fetch the picture from the web: %s"), error->message);

      g_error_free (error);
      fail (task, wrapped);
      return;
    }

  if (soup_message_get_status (fetch->message) != SOUP_STATUS_OK)
    {
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The web server did not give the picture (%u %s)."),
                               soup_message_get_status (fetch->message),
                               soup_message_get_reason_phrase (fetch->message)));
      return;
    }

  type = soup_message_headers_get_content_type (headers, NULL);
  if (type == NULL || !g_str_has_prefix (type, fetch->mime_prefix))
    {
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("What was dropped is a web page, not a picture. Drag the picture itself.")));
      return;
    }
  if (soup_message_headers_get_content_length (headers) > MAX_REMOTE_BYTES)
    {
      fail (task, too_large ());
      return;
    }

  fetch->out = G_OUTPUT_STREAM (g_file_replace (fetch->target, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error));
  if (fetch->out == NULL)
    {
      fail (task, error);
      return;
    }

  read_more (task);
}

/**
 * kumo_remote_picture_fetch_async:
 * @remote: an http(s) address, as a browser drags it
 * @mime_prefix: what it must be: "image/", "video/" or "audio/"
 *
 * Fetches @remote into Kumo's cache.
 */
void
kumo_remote_picture_fetch_async (GFile               *remote,
                                 const char          *mime_prefix,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static SoupSession *session;
  g_autofree char *uri = g_file_get_uri (remote);
  g_autofree char *base = g_file_get_basename (remote);
  g_autofree char *name = kumo_sanitize_filename (base && *base && !g_str_equal (base, "/") ? base : "dropped");
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "kumo", "dropped", NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, kumo_remote_picture_fetch_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch->mime_prefix = g_strdup (mime_prefix);
  fetch->target = g_file_new_for_path (path);
  fetch->message = soup_message_new ("GET", uri);
  if (fetch->message == NULL)
    {
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("What was dropped is not an address Kumo can fetch.")));
      return;
    }

  /* A session of its own: nothing of a Comfy server's goes to the web. */
  if (session == NULL)
    session = soup_session_new_with_options ("max-conns-per-host", 2, "timeout", 30, NULL);
  g_mkdir_with_parents (folder, 0700);
  soup_session_send_async (session, fetch->message, G_PRIORITY_DEFAULT, cancellable, sent_cb, task);
}

/**
 * kumo_remote_picture_fetch_finish:
 *
 * Returns: (transfer full): the file in Kumo's cache, or %NULL with
 *   @error set, saying why in words a person can act on
 */
GFile *
kumo_remote_picture_fetch_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
