/* kumo-picture-loader.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        kumo_picture_load_async  (GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GdkPaintable *kumo_picture_load_finish (GAsyncResult      *result,
                                        GError           **error);

GdkPixbuf    *kumo_picture_load_still  (const char        *path,
                                        int                size,
                                        int               *width,
                                        int               *height,
                                        GError           **error);

G_END_DECLS
