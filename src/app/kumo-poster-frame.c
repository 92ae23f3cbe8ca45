/* kumo-poster-frame.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-poster-frame"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-poster-frame.h"

/*
 * The first frame of a video output, for its place in the gallery: the
 * video is opened muted with GTK's media backend (GStreamer, which
 * decodes in threads of its own), played until its first frame is
 * painted, and let go. One video at a time, in the order asked; a video
 * that shows nothing within a few seconds has no poster.
 */

#define GIVE_UP_SECONDS 8

typedef struct
{
  GTask          *task;
  GtkMediaStream *media;
  guint           timeout;
  guint           finishing;   /* the idle that lets go of the media */
  GdkPixbuf      *frame;
  GError         *error;
} Poster;

static GQueue waiting = G_QUEUE_INIT;
static Poster *current;

static void next (void);

static GdkPixbuf *
pixbuf_from_texture (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  /* Downloaded as cairo's ARGB32: B, G, R, A in memory; a video frame
   * is opaque. */
  gdk_texture_download (texture, data, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;
        guchar *q = pixels + y * rowstride + x * 3;

        q[0] = p[2];
        q[1] = p[1];
        q[2] = p[0];
      }

  return pixbuf;
}

static gboolean
finish_idle_cb (gpointer data)
{
  Poster *poster = data;

  current = NULL;
  g_clear_handle_id (&poster->timeout, g_source_remove);
  gtk_media_stream_pause (poster->media);
  g_clear_object (&poster->media);

  if (poster->frame != NULL)
    g_task_return_pointer (poster->task, g_steal_pointer (&poster->frame), g_object_unref);
  else
    g_task_return_error (poster->task, g_steal_pointer (&poster->error));
  g_clear_object (&poster->task);
  g_free (poster);

  next ();
  return G_SOURCE_REMOVE;
}

/* The media is let go from an idle: never inside one of its own
 * signals, which may be what called here. */
static void
finish (GdkPixbuf *pixbuf,
        GError    *error)
{
  Poster *poster = current;

  if (poster->finishing != 0)
    {
      g_clear_object (&pixbuf);
      g_clear_error (&error);
      return;
    }

  g_signal_handlers_disconnect_by_data (poster->media, poster);
  poster->frame = pixbuf;
  poster->error = error;
  poster->finishing = g_idle_add (finish_idle_cb, poster);
}

static void
frame_cb (GdkPaintable *paintable,
          Poster       *poster)
{
  g_autoptr(GdkPaintable) image = gdk_paintable_get_current_image (paintable);

  if (GDK_IS_TEXTURE (image))
    finish (pixbuf_from_texture (GDK_TEXTURE (image)), NULL);
}

static void
error_cb (GtkMediaStream *media,
          GParamSpec     *pspec,
          Poster         *poster)
{
  const GError *error = gtk_media_stream_get_error (media);

  if (error != NULL)
    finish (NULL, g_error_copy (error));
}

static gboolean
give_up_cb (gpointer data)
{
  Poster *poster = data;

  poster->timeout = 0;
  if (poster->finishing != 0)
    return G_SOURCE_REMOVE;
  finish (NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("Kumo cannot show this kind of file.")));
  return G_SOURCE_REMOVE;
}

static void
next (void)
{
  GTask *task;

  while (current == NULL && (task = g_queue_pop_head (&waiting)) != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          continue;
        }

      current = g_new0 (Poster, 1);
      current->task = task;
      current->media = gtk_media_file_new_for_file (g_task_get_task_data (task));
      gtk_media_stream_set_muted (current->media, TRUE);
      g_signal_connect (current->media, "invalidate-contents", G_CALLBACK (frame_cb), current);
      g_signal_connect (current->media, "notify::error", G_CALLBACK (error_cb), current);
      current->timeout = g_timeout_add_seconds (GIVE_UP_SECONDS, give_up_cb, current);
      gtk_media_stream_play (current->media);
    }
}

/**
 * kumo_poster_frame_async:
 *
 * Finds the first frame of the video @file. Call on the main thread.
 */
void
kumo_poster_frame_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_poster_frame_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_queue_push_tail (&waiting, task);
  next ();
}

/**
 * kumo_poster_frame_finish:
 *
 * Returns: (transfer full): the first frame, or %NULL with @error set
 */
GdkPixbuf *
kumo_poster_frame_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
