/* kumo-thumbnailer.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The freedesktop "large" size, which file managers use for grids. */
#define KUMO_THUMBNAIL_SIZE 256

#define KUMO_TYPE_THUMBNAILER (kumo_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (KumoThumbnailer, kumo_thumbnailer, KUMO, THUMBNAILER, GObject)

KumoThumbnailer *kumo_thumbnailer_get_default  (void);
void             kumo_thumbnailer_load_async   (KumoThumbnailer     *self,
                                                GFile               *file,
                                                int                  size,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void             kumo_thumbnailer_store_async  (KumoThumbnailer     *self,
                                                GFile               *file,
                                                GdkPixbuf           *picture,
                                                int                  size,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GdkTexture      *kumo_thumbnailer_load_finish  (KumoThumbnailer     *self,
                                                GAsyncResult        *result,
                                                GError             **error);
char            *kumo_thumbnail_path           (GFile               *file);

G_END_DECLS
