/* kumo-picture-loader.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-picture-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-picture-loader.h"

/*
 * A picture at full size for the viewer and compare, decoded in a
 * worker thread: a 4096² PNG takes a quarter of a second to decode,
 * which the main loop must not wait for. The picture is turned the way
 * its EXIF orientation says, as every image viewer does.
 */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) turned = NULL;
  GError *error = NULL;

  if (path == NULL || !(pixbuf = gdk_pixbuf_new_from_file (path, &error)))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Kumo cannot show this kind of file."));
      g_task_return_error (task, error);
      return;
    }

  turned = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (turned), g_object_unref);
}

void
kumo_picture_load_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_picture_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * kumo_picture_load_finish:
 *
 * Returns: (transfer full): the picture, or %NULL with @error set
 */
GdkTexture *
kumo_picture_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
