/* kumo-animation.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KUMO_TYPE_ANIMATION (kumo_animation_get_type ())

G_DECLARE_FINAL_TYPE (KumoAnimation, kumo_animation, KUMO, ANIMATION, GObject)

KumoAnimation *kumo_animation_new          (GdkPixbufAnimation *animation);
KumoAnimation *kumo_animation_new_for_frames (GPtrArray        *frames,
                                            GArray             *delays);
gboolean       kumo_animation_get_playing  (KumoAnimation      *self);
void           kumo_animation_set_playing  (KumoAnimation      *self,
                                            gboolean            playing);
guint          kumo_animation_get_n_shown  (KumoAnimation      *self);

G_END_DECLS
