/* kumo-thumbnailer.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-thumbnailer"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kumo-picture-loader.h"
#include "kumo-thumbnailer.h"

/*
 * Thumbnails by the freedesktop Thumbnail Managing Standard: a PNG in
 * $XDG_CACHE_HOME/thumbnails/large named by the MD5 of the file's URI,
 * carrying Thumb::URI and Thumb::MTime, so that Files shows Kumo's and
 * Kumo shows Files'; a file that cannot be thumbnailed is marked in
 * thumbnails/fail/kumo so it is not tried again until it changes.
 *
 * Why not GnomeDesktopThumbnailFactory: libgnome-desktop-4 runs a
 * thumbnailer process per file (bubblewrap-sandboxed gdk-pixbuf, about
 * 30 ms before any decoding) and adds a dependency for what is, for the
 * PNG/WebP/JPEG images ComfyUI writes, one gdk-pixbuf call; an output
 * gdk-pixbuf cannot read (a video) still shows a thumbnail a file
 * manager made.
 *
 * Work runs in a small pool, in the order asked: a grid binds the cells
 * on screen first, then those just beyond it. While a person scrolls,
 * the cells scrolled past are given other outputs and cancel what they
 * asked for, so what is on screen now does not wait for them.
 */
struct _KumoThumbnailer
{
  GObject      parent_instance;

  GThreadPool *pool;
};

G_DEFINE_FINAL_TYPE (KumoThumbnailer, kumo_thumbnailer, G_TYPE_OBJECT)

typedef struct
{
  GFile *file;
  int        size;     /* a square of this many pixels, or 0 for as cached */
  GdkPixbuf *picture;  /* to store as the file's thumbnail, or NULL */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->file);
  g_clear_object (&request->picture);
  g_free (request);
}

static char *
thumbnail_path_for_uri (const char *folder,
                        const char *uri)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, uri, -1);
  g_autofree char *name = g_strconcat (md5, ".png", NULL);

  return g_build_filename (g_get_user_cache_dir (), "thumbnails", folder, name, NULL);
}

/**
 * kumo_thumbnail_path:
 *
 * Returns: where the spec puts @file's large thumbnail
 */
char *
kumo_thumbnail_path (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  return thumbnail_path_for_uri ("large", uri);
}

/* A thumbnail that names @uri and @mtime is up to date. */
static GdkPixbuf *
load_valid (const char *path,
            const char *uri,
            const char *mtime)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      !(pixbuf = gdk_pixbuf_new_from_file (path, NULL)))
    return NULL;

  if (g_strcmp0 (gdk_pixbuf_get_option (pixbuf, "tEXt::Thumb::URI"), uri) != 0 ||
      g_strcmp0 (gdk_pixbuf_get_option (pixbuf, "tEXt::Thumb::MTime"), mtime) != 0)
    return NULL;

  return g_steal_pointer (&pixbuf);
}

/* Written beside its place and renamed into it, so that no reader ever
 * sees half a thumbnail; private to the user, as the spec asks. */
static void
save_thumbnail (GdkPixbuf  *pixbuf,
                const char *path,
                const char *uri,
                const char *mtime,
                const char *size,
                int         width,
                int         height)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *partial = g_strdup_printf ("%s.kumo-%u", path, g_random_int ());
  g_autofree char *width_text = g_strdup_printf ("%d", width);
  g_autofree char *height_text = g_strdup_printf ("%d", height);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    return;

  if (!gdk_pixbuf_save (pixbuf, partial, "png", &error,
                        "tEXt::Thumb::URI", uri,
                        "tEXt::Thumb::MTime", mtime,
                        "tEXt::Thumb::Size", size,
                        "tEXt::Thumb::Image::Width", width_text,
                        "tEXt::Thumb::Image::Height", height_text,
                        "tEXt::Software", "Kumo",
                        NULL))
    {
      g_debug ("Could not save a thumbnail for %s: %s", uri, error->message);
      g_unlink (partial);
      return;
    }

  g_chmod (partial, 0600);
  if (g_rename (partial, path) != 0)
    g_unlink (partial);
}

/* The texture a grid cell draws: @pixbuf cropped to a centred square
 * and scaled to @size pixels, in the memory format the renderers take
 * as is. Drawn 1:1, a cell costs a copy per frame, not a resampling
 * and a per-pixel conversion (which, with the cairo renderer, made a
 * scroll through the gallery run at 10 frames a second). */
static GdkTexture *
texture_for_cell (GdkPixbuf *pixbuf,
                  int        size)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int side = MIN (width, height);
  g_autoptr(GdkPixbuf) square = gdk_pixbuf_new_subpixbuf (pixbuf, (width - side) / 2, (height - side) / 2,
                                                          side, side);
  g_autoptr(GdkPixbuf) scaled = gdk_pixbuf_scale_simple (square, size, size, GDK_INTERP_BILINEAR);
  int n_channels = gdk_pixbuf_get_n_channels (scaled);
  int stride = gdk_pixbuf_get_rowstride (scaled);
  const guchar *source = gdk_pixbuf_read_pixels (scaled);
  guchar *data = g_malloc ((gsize) size * size * 4);
  g_autoptr(GBytes) bytes = NULL;

  /* GDK_MEMORY_DEFAULT: premultiplied B, G, R, A in memory order. */
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        const guchar *p = source + y * stride + x * n_channels;
        guchar *q = data + ((gsize) y * size + x) * 4;
        guint alpha = n_channels == 4 ? p[3] : 255;

        q[0] = (guchar) (p[2] * alpha / 255);
        q[1] = (guchar) (p[1] * alpha / 255);
        q[2] = (guchar) (p[0] * alpha / 255);
        q[3] = (guchar) alpha;
      }

  bytes = g_bytes_new_take (data, (gsize) size * size * 4);
  return gdk_memory_texture_new (size, size, GDK_MEMORY_DEFAULT, bytes, (gsize) size * 4);
}

static GdkTexture *
to_texture (GdkPixbuf *pixbuf,
            int        size)
{
  return size > 0 ? texture_for_cell (pixbuf, size) : gdk_texture_new_for_pixbuf (pixbuf);
}

static void
mark_failed (const char *uri,
             const char *mtime)
{
  g_autofree char *path = thumbnail_path_for_uri ("fail/kumo", uri);
  g_autoptr(GdkPixbuf) empty = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 1, 1);

  gdk_pixbuf_fill (empty, 0);
  save_thumbnail (empty, path, uri, mtime, "0", 0, 0);
}

static GdkTexture *
load_or_make (GFile         *file,
              int            cell_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *source = g_file_get_path (file);
  g_autofree char *path = thumbnail_path_for_uri ("large", uri);
  g_autofree char *mtime = NULL;
  g_autofree char *size = NULL;
  g_autofree char *failed = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) failure = NULL;
  int width = 0, height = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  mtime = g_strdup_printf ("%" G_GUINT64_FORMAT,
                           g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  size = g_strdup_printf ("%" G_GOFFSET_FORMAT, g_file_info_get_size (info));

  if ((pixbuf = load_valid (path, uri, mtime)) != NULL)
    return to_texture (pixbuf, cell_size);

  failed = thumbnail_path_for_uri ("fail/kumo", uri);
  if ((failure = load_valid (failed, uri, mtime)) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Kumo cannot show this kind of file."));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (source == NULL || !(pixbuf = kumo_picture_load_still (source, KUMO_THUMBNAIL_SIZE, &width, &height, error)))
    {
      mark_failed (uri, mtime);
      return NULL;
    }

  save_thumbnail (pixbuf, path, uri, mtime, size, width, height);
  return to_texture (pixbuf, cell_size);
}

/* A thumbnail made elsewhere (a video's first frame), cached as if made
 * here, so the next start and the file manager find it. */
static GdkTexture *
store (GFile         *file,
       GdkPixbuf     *picture,
       int            cell_size,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *path = thumbnail_path_for_uri ("large", uri);
  g_autofree char *failed = thumbnail_path_for_uri ("fail/kumo", uri);
  g_autofree char *mtime = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  int width = gdk_pixbuf_get_width (picture);
  int height = gdk_pixbuf_get_height (picture);
  double scale = MIN (1.0, KUMO_THUMBNAIL_SIZE / (double) MAX (width, height));

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  mtime = g_strdup_printf ("%" G_GUINT64_FORMAT,
                           g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  size = g_strdup_printf ("%" G_GOFFSET_FORMAT, g_file_info_get_size (info));
  scaled = gdk_pixbuf_scale_simple (picture, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)),
                                    GDK_INTERP_BILINEAR);
  save_thumbnail (scaled, path, uri, mtime, size, width, height);
  g_unlink (failed);

  return to_texture (scaled, cell_size);
}

static void
run_request (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  GdkTexture *texture;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (request->picture != NULL)
    texture = store (request->file, request->picture, request->size, cancellable, &error);
  else
    texture = load_or_make (request->file, request->size, cancellable, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
kumo_thumbnailer_finalize (GObject *object)
{
  KumoThumbnailer *self = (KumoThumbnailer *)object;

  g_thread_pool_free (self->pool, TRUE, TRUE);

  G_OBJECT_CLASS (kumo_thumbnailer_parent_class)->finalize (object);
}

static void
kumo_thumbnailer_class_init (KumoThumbnailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kumo_thumbnailer_finalize;
}

static void
kumo_thumbnailer_init (KumoThumbnailer *self)
{
  /* A thread per core but one: decoding is CPU-bound, and the main
   * loop needs a core of its own to scroll at 60 frames a second. */
  self->pool = g_thread_pool_new (run_request, self, MAX (1, (int) g_get_num_processors () - 1), FALSE, NULL);
}

/**
 * kumo_thumbnailer_get_default:
 *
 * Returns: (transfer none): the process's thumbnailer
 */
KumoThumbnailer *
kumo_thumbnailer_get_default (void)
{
  static KumoThumbnailer *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (KUMO_TYPE_THUMBNAILER, NULL));

  return instance;
}

static void
push_request (KumoThumbnailer     *self,
              GFile               *file,
              GdkPixbuf           *picture,
              int                  size,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, kumo_thumbnailer_load_async);
  request->file = g_object_ref (file);
  request->size = size;
  request->picture = picture ? g_object_ref (picture) : NULL;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_thread_pool_push (self->pool, task, NULL);
}

/**
 * kumo_thumbnailer_load_async:
 * @size: the side of the square a grid cell shows, in device pixels, or
 *   0 for the thumbnail as cached
 *
 * Finds @file's thumbnail in the cache, or makes and caches it, off the
 * main thread.
 */
void
kumo_thumbnailer_load_async (KumoThumbnailer     *self,
                             GFile               *file,
                             int                  size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (KUMO_IS_THUMBNAILER (self));
  g_return_if_fail (G_IS_FILE (file));

  push_request (self, file, NULL, size, cancellable, callback, user_data);
}

/**
 * kumo_thumbnailer_store_async:
 * @picture: the file's picture, made elsewhere (a video's first frame)
 * @size: as for kumo_thumbnailer_load_async()
 *
 * Caches @picture as @file's thumbnail, off the main thread; finish
 * with kumo_thumbnailer_load_finish().
 */
void
kumo_thumbnailer_store_async (KumoThumbnailer     *self,
                              GFile               *file,
                              GdkPixbuf           *picture,
                              int                  size,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KUMO_IS_THUMBNAILER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (GDK_IS_PIXBUF (picture));

  push_request (self, file, picture, size, cancellable, callback, user_data);
}

/**
 * kumo_thumbnailer_load_finish:
 *
 * Returns: (transfer full) (nullable): the thumbnail, at most
 *   %KUMO_THUMBNAIL_SIZE on a side, or the cell's square
 */
GdkTexture *
kumo_thumbnailer_load_finish (KumoThumbnailer  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
