/* kumo-poster-frame.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       kumo_poster_frame_async  (GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GdkPixbuf *kumo_poster_frame_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
