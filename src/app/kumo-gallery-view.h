/* kumo-gallery-view.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-gallery.h"

G_BEGIN_DECLS

#define KUMO_TYPE_GALLERY_VIEW (kumo_gallery_view_get_type ())

G_DECLARE_FINAL_TYPE (KumoGalleryView, kumo_gallery_view, KUMO, GALLERY_VIEW, AdwBin)

KumoGallery *kumo_gallery_view_get_gallery  (KumoGalleryView *self);
void         kumo_gallery_view_set_gallery  (KumoGalleryView *self,
                                             KumoGallery     *gallery);
GListModel  *kumo_gallery_view_get_shown    (KumoGalleryView *self);
void         kumo_gallery_view_show_outputs (KumoGalleryView *self,
                                             GPtrArray       *files,
                                             const char      *title);
void         kumo_gallery_view_open         (KumoGalleryView *self,
                                             guint            position);
void         kumo_gallery_view_compare      (KumoGalleryView *self,
                                             KumoGalleryItem *first,
                                             KumoGalleryItem *second);
const char  *kumo_gallery_view_get_page     (KumoGalleryView *self);

G_END_DECLS
