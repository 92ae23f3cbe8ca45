/* kumo-preview.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KUMO_TYPE_PREVIEW (kumo_preview_get_type ())

G_DECLARE_FINAL_TYPE (KumoPreview, kumo_preview, KUMO, PREVIEW, GObject)

KumoPreview *kumo_preview_new         (void);
void         kumo_preview_set_bytes   (KumoPreview *self,
                                       GBytes      *bytes);
GdkTexture  *kumo_preview_get_texture (KumoPreview *self);
guint        kumo_preview_get_n_decoded (KumoPreview *self);

G_END_DECLS
