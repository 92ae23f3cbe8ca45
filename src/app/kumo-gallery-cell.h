/* kumo-gallery-cell.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-gallery-item.h"

G_BEGIN_DECLS

/* The side of a cell, as GTK measures: every cell is this square, so
 * its thumbnail is made at this size and drawn without scaling. */
#define KUMO_GALLERY_CELL_SIZE 168

#define KUMO_TYPE_GALLERY_CELL (kumo_gallery_cell_get_type ())

G_DECLARE_FINAL_TYPE (KumoGalleryCell, kumo_gallery_cell, KUMO, GALLERY_CELL, AdwBin)

GtkWidget       *kumo_gallery_cell_new          (void);
KumoGalleryItem *kumo_gallery_cell_get_item     (KumoGalleryCell *self);
void             kumo_gallery_cell_set_item     (KumoGalleryCell *self,
                                                 KumoGalleryItem *item);
gboolean         kumo_gallery_cell_has_thumbnail (KumoGalleryCell *self);
GdkPaintable    *kumo_gallery_cell_get_paintable (KumoGalleryCell *self);

G_END_DECLS
