/* kumo-client-upload.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-image-info.h"
#include "kumo-client-private.h"

/* Sending input files: checked against what the server accepts first
 * (off the main loop), then streamed from disk as a multipart form. */

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
  KumoFileBody *body;
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

  body = g_new0 (KumoFileBody, 1);
  body->head = g_string_free_to_bytes (head);
  body->file = g_object_ref (setup->file);
  body->file_size = g_file_info_get_size (info);
  body->tail = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary), strlen (boundary) + 8);
  body->progress = setup->progress;
  body->progress_data = setup->progress_data;
  g_object_set_data_full (G_OBJECT (task), "kumo-boundary", g_steal_pointer (&boundary), g_free);
  g_task_return_pointer (task, body, (GDestroyNotify) _kumo_client_file_body_free);
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
  KumoFileBody *body;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  content_type = g_strdup_printf ("multipart/form-data; boundary=%s",
                                  (const char *) g_object_get_data (G_OBJECT (result), "kumo-boundary"));
  request = _kumo_client_start_request_full (self, "POST", setup->route, NULL, body, content_type, RETRY_UNPROCESSED,
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
start_upload (KumoClient       *self,
              GTask            *task,
              GFile            *file,
              const char       *route,
              char             *original_ref,
              KumoProgressFunc  progress,
              gpointer          progress_data)
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
