/* kumo-picture-loader.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-picture-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "kumo-animation.h"
#include "kumo-picture-loader.h"

/*
 * A picture at full size for the viewer and compare, decoded in a
 * worker thread: a 4096² PNG takes a quarter of a second to decode,
 * which the main loop must not wait for. The picture is turned the way
 * its EXIF orientation says, as every image viewer does; an animated
 * one (GIF, animated WebP) comes back playing.
 */

/* Frames decoded and their delays, for an animation to play. */
typedef struct
{
  GPtrArray *frames;
  GArray    *delays;
} Frames;

static void
frames_free (Frames *frames)
{
  g_ptr_array_unref (frames->frames);
  g_array_unref (frames->delays);
  g_free (frames);
}

static gboolean
is_animated_webp (GBytes *bytes)
{
  WebPBitstreamFeatures features;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return WebPGetFeatures (data, size, &features) == VP8_STATUS_OK && features.has_animation;
}

/* Every frame of an animated WebP, by libwebp's own decoder: the one
 * gdk-pixbuf's WebP loader uses could not open the files libwebp
 * writes for ComfyUI's SaveAnimatedWEBP. */
static Frames *
decode_webp (GBytes  *bytes,
             GError **error)
{
  WebPAnimDecoderOptions options;
  WebPData data = { g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) };
  WebPAnimDecoder *decoder;
  WebPAnimInfo info;
  Frames *frames;
  int previous = 0;

  WebPAnimDecoderOptionsInit (&options);
  options.color_mode = MODE_bgrA;
  options.use_threads = 0;
  decoder = WebPAnimDecoderNew (&data, &options);
  if (decoder == NULL || !WebPAnimDecoderGetInfo (decoder, &info))
    {
      g_clear_pointer (&decoder, WebPAnimDecoderDelete);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("This animation is damaged."));
      return NULL;
    }

  frames = g_new0 (Frames, 1);
  frames->frames = g_ptr_array_new_with_free_func (g_object_unref);
  frames->delays = g_array_new (FALSE, FALSE, sizeof (guint));

  while (WebPAnimDecoderHasMoreFrames (decoder))
    {
      guint8 *pixels;
      int timestamp;
      gsize stride = (gsize) info.canvas_width * 4;
      g_autoptr(GBytes) copy = NULL;
      guint delay;

      if (!WebPAnimDecoderGetNext (decoder, &pixels, &timestamp))
        break;

      /* B, G, R, A premultiplied: GTK takes it as it is. */
      copy = g_bytes_new (pixels, stride * info.canvas_height);
      g_ptr_array_add (frames->frames,
                       gdk_memory_texture_new (info.canvas_width, info.canvas_height,
                                               GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, copy, stride));
      delay = (guint) MAX (timestamp - previous, 0);
      g_array_append_val (frames->delays, delay);
      previous = timestamp;
    }
  WebPAnimDecoderDelete (decoder);

  if (frames->frames->len == 0)
    {
      frames_free (frames);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("This animation is damaged."));
      return NULL;
    }

  return frames;
}

/* The first frame of an animated WebP, unpremultiplied RGBA. */
static GdkPixbuf *
webp_first_frame (GBytes  *bytes,
                  GError **error)
{
  WebPAnimDecoderOptions options;
  WebPData data = { g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) };
  WebPAnimDecoder *decoder;
  WebPAnimInfo info;
  GdkPixbuf *pixbuf = NULL;
  guint8 *pixels;
  int timestamp;

  WebPAnimDecoderOptionsInit (&options);
  options.color_mode = MODE_RGBA;
  decoder = WebPAnimDecoderNew (&data, &options);
  if (decoder != NULL && WebPAnimDecoderGetInfo (decoder, &info) &&
      WebPAnimDecoderGetNext (decoder, &pixels, &timestamp))
    {
      g_autoptr(GBytes) copy = g_bytes_new (pixels, (gsize) info.canvas_width * 4 * info.canvas_height);

      pixbuf = gdk_pixbuf_new_from_bytes (copy, GDK_COLORSPACE_RGB, TRUE, 8, info.canvas_width,
                                          info.canvas_height, info.canvas_width * 4);
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("This animation is damaged."));

  g_clear_pointer (&decoder, WebPAnimDecoderDelete);
  return pixbuf;
}

/**
 * kumo_picture_load_still:
 * @path: a picture file
 * @size: the largest side wanted, or 0 for the picture as it is
 * @width: (out): the picture's own width
 * @height: (out): the picture's own height
 *
 * Reads a picture (the first frame of an animation) on the calling
 * thread, for a thumbnail: through gdk-pixbuf, scaled down while it
 * loads (never up), except an animated WebP, which only libwebp reads.
 * The picture is turned the way its EXIF orientation says.
 *
 * Returns: (transfer full): the picture, or %NULL with @error set
 */
GdkPixbuf *
kumo_picture_load_still (const char  *path,
                         int          size,
                         int         *width,
                         int         *height,
                         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;

  if (g_str_has_suffix (path, ".webp") &&
      (bytes = g_file_load_bytes (file, NULL, NULL, NULL)) != NULL && is_animated_webp (bytes))
    {
      g_autoptr(GdkPixbuf) frame = webp_first_frame (bytes, error);

      if (frame == NULL)
        return NULL;
      *width = gdk_pixbuf_get_width (frame);
      *height = gdk_pixbuf_get_height (frame);
      if (size <= 0 || (*width <= size && *height <= size))
        return g_steal_pointer (&frame);
      return gdk_pixbuf_scale_simple (frame, *width >= *height ? size : MAX (1, *width * size / *height),
                                      *height >= *width ? size : MAX (1, *height * size / *width),
                                      GDK_INTERP_BILINEAR);
    }

  if (gdk_pixbuf_get_file_info (path, width, height) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Kumo cannot show this kind of file."));
      return NULL;
    }

  /* gdk-pixbuf decodes at the size asked where the format allows it
   * (JPEG), and otherwise scales while loading. */
  if (size <= 0 || (*width <= size && *height <= size))
    loaded = gdk_pixbuf_new_from_file (path, error);
  else
    loaded = gdk_pixbuf_new_from_file_at_scale (path, size, size, TRUE, error);

  return loaded ? gdk_pixbuf_apply_embedded_orientation (loaded) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  g_autoptr(GdkPixbufAnimation) animation = NULL;
  g_autoptr(GdkPixbuf) turned = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (path != NULL && g_str_has_suffix (path, ".webp") &&
      (bytes = g_file_load_bytes (task_data, cancellable, NULL, &error)) != NULL &&
      is_animated_webp (bytes))
    {
      Frames *frames = decode_webp (bytes, &error);

      if (frames == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, frames, (GDestroyNotify) frames_free);
      return;
    }
  g_clear_error (&error);

  if (path == NULL || !(animation = gdk_pixbuf_animation_new_from_file (path, &error)))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Kumo cannot show this kind of file."));
      g_task_return_error (task, error);
      return;
    }

  /* An animation is decoded whole here; it plays on the main thread. */
  if (!gdk_pixbuf_animation_is_static_image (animation))
    {
      g_task_return_pointer (task, g_steal_pointer (&animation), g_object_unref);
      return;
    }

  turned = gdk_pixbuf_apply_embedded_orientation (gdk_pixbuf_animation_get_static_image (animation));
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
 * Returns: (transfer full): the picture (a #GdkTexture, or a playing
 *   #KumoAnimation), or %NULL with @error set
 */
GdkPaintable *
kumo_picture_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  gpointer loaded = g_task_propagate_pointer (G_TASK (result), error);
  GdkPaintable *paintable;

  if (loaded == NULL)
    return NULL;

  if (!G_IS_OBJECT (loaded))
    {
      Frames *frames = loaded;

      paintable = GDK_PAINTABLE (kumo_animation_new_for_frames (frames->frames, frames->delays));
      frames_free (frames);
      return paintable;
    }

  if (GDK_IS_PIXBUF_ANIMATION (loaded))
    {
      paintable = GDK_PAINTABLE (kumo_animation_new (loaded));
      g_object_unref (loaded);
      return paintable;
    }

  return loaded;
}
