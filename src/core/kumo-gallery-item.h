/* kumo-gallery-item.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-journal.h"
#include "kumo-output.h"

G_BEGIN_DECLS

#define KUMO_TYPE_GALLERY_ITEM (kumo_gallery_item_get_type ())

G_DECLARE_FINAL_TYPE (KumoGalleryItem, kumo_gallery_item, KUMO, GALLERY_ITEM, GObject)

KumoGalleryItem *kumo_gallery_item_new             (const KumoJournalSavedFile *saved);
GFile           *kumo_gallery_item_get_file        (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_path        (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_name        (KumoGalleryItem *self);
KumoOutputKind   kumo_gallery_item_get_kind        (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_job_key     (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_server      (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_title       (KumoGalleryItem *self);
gint64           kumo_gallery_item_get_created     (KumoGalleryItem *self);
gint64           kumo_gallery_item_get_added       (KumoGalleryItem *self);
const char      *kumo_gallery_item_get_search_text (KumoGalleryItem *self);
void             kumo_gallery_item_set_search_text (KumoGalleryItem *self,
                                                    const char      *search_text);
gboolean         kumo_gallery_item_matches         (KumoGalleryItem *self,
                                                    const char      *query);

G_END_DECLS
