/* kumo-image-info.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    kumo_image_info_read (GBytes      *bytes,
                                  const char **mime_type,
                                  guint       *width,
                                  guint       *height);

G_END_DECLS
