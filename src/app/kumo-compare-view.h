/* kumo-compare-view.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-gallery.h"

G_BEGIN_DECLS

#define KUMO_TYPE_COMPARE_VIEW (kumo_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (KumoCompareView, kumo_compare_view, KUMO, COMPARE_VIEW, AdwBin)

void        kumo_compare_view_set_gallery   (KumoCompareView *self,
                                             KumoGallery     *gallery);
void        kumo_compare_view_show          (KumoCompareView *self,
                                             KumoGalleryItem *first,
                                             KumoGalleryItem *second);
GPtrArray  *kumo_compare_view_get_changes   (KumoCompareView *self);

G_END_DECLS
