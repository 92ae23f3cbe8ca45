/* kumo-snapshot.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     kumo_snapshot_watch_window (GtkWindow  *window);
gboolean kumo_snapshot_save_png     (GtkWidget  *widget,
                                     const char *path,
                                     GError    **error);

G_END_DECLS
