/* kumo-media-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_MEDIA_EDITOR (kumo_media_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoMediaEditor, kumo_media_editor, KUMO, MEDIA_EDITOR, KumoFieldEditor)

void        kumo_media_editor_take_file   (KumoMediaEditor *self,
                                           GFile           *file);
void        kumo_media_editor_take_files  (KumoMediaEditor *self,
                                           GSList          *files);
void        kumo_media_editor_add_mask    (KumoMediaEditor *self,
                                           GFile           *mask);
gboolean    kumo_media_editor_get_busy    (KumoMediaEditor *self);
const char *kumo_media_editor_get_message (KumoMediaEditor *self);
gboolean    kumo_media_editor_has_thumbnail (KumoMediaEditor *self);
GFile      *kumo_media_editor_get_local_file (KumoMediaEditor *self);

G_END_DECLS
