/* kumo-output-viewer.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-gallery.h"

G_BEGIN_DECLS

#define KUMO_TYPE_OUTPUT_VIEWER (kumo_output_viewer_get_type ())

G_DECLARE_FINAL_TYPE (KumoOutputViewer, kumo_output_viewer, KUMO, OUTPUT_VIEWER, AdwBin)

void             kumo_output_viewer_set_gallery  (KumoOutputViewer *self,
                                                  KumoGallery      *gallery);
void             kumo_output_viewer_show         (KumoOutputViewer *self,
                                                  GListModel       *model,
                                                  guint             position);
void             kumo_output_viewer_clear        (KumoOutputViewer *self);
guint            kumo_output_viewer_get_position (KumoOutputViewer *self);
KumoGalleryItem *kumo_output_viewer_get_item     (KumoOutputViewer *self);
GdkPaintable    *kumo_output_viewer_get_picture  (KumoOutputViewer *self);
gboolean         kumo_output_viewer_get_job_read (KumoOutputViewer *self);

G_END_DECLS
