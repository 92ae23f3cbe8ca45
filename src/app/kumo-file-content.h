/* kumo-file-content.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkContentProvider *kumo_file_content_new (GFile      *file,
                                           GdkTexture *picture);

G_END_DECLS
