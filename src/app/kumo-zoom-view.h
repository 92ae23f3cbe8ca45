/* kumo-zoom-view.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KUMO_TYPE_ZOOM_VIEW (kumo_zoom_view_get_type ())

G_DECLARE_FINAL_TYPE (KumoZoomView, kumo_zoom_view, KUMO, ZOOM_VIEW, GtkWidget)

GtkWidget    *kumo_zoom_view_new            (void);
GdkPaintable *kumo_zoom_view_get_paintable  (KumoZoomView *self);
void          kumo_zoom_view_set_paintable  (KumoZoomView *self,
                                             GdkPaintable *paintable);
void          kumo_zoom_view_set_second     (KumoZoomView *self,
                                             GdkPaintable *paintable);
gboolean      kumo_zoom_view_get_fit        (KumoZoomView *self);
void          kumo_zoom_view_set_fit        (KumoZoomView *self,
                                             gboolean      fit);
double        kumo_zoom_view_get_zoom       (KumoZoomView *self);
void          kumo_zoom_view_set_zoom       (KumoZoomView *self,
                                             double        zoom);
void          kumo_zoom_view_zoom_by        (KumoZoomView *self,
                                             double        factor);

G_END_DECLS
