/* kumo-remote-picture.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void   kumo_remote_picture_fetch_async  (GFile               *remote,
                                         const char          *mime_prefix,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GFile *kumo_remote_picture_fetch_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
