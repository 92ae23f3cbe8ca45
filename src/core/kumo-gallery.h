/* kumo-gallery.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-gallery-item.h"
#include "kumo-journal.h"

G_BEGIN_DECLS

#define KUMO_TYPE_GALLERY (kumo_gallery_get_type ())

G_DECLARE_FINAL_TYPE (KumoGallery, kumo_gallery, KUMO, GALLERY, GObject)

KumoGallery     *kumo_gallery_new            (const char          *journal_path);
void             kumo_gallery_watch_journal  (KumoGallery         *self,
                                              KumoJournal         *journal);
void             kumo_gallery_load_async     (KumoGallery         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean         kumo_gallery_load_finish    (KumoGallery         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean         kumo_gallery_get_loading    (KumoGallery         *self);
gboolean         kumo_gallery_get_searchable (KumoGallery         *self);
void             kumo_gallery_ensure_searchable (KumoGallery      *self);
KumoGalleryItem *kumo_gallery_find           (KumoGallery         *self,
                                              const char          *path,
                                              guint               *position);
void             kumo_gallery_read_job_async (KumoGallery         *self,
                                              KumoGalleryItem     *item,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
KumoJournalEntry *kumo_gallery_read_job_finish (KumoGallery       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             kumo_gallery_forget         (KumoGallery         *self,
                                              const char          *path);

G_END_DECLS
