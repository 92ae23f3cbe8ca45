/* kumo-output-item.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-output.h"

G_BEGIN_DECLS

#define KUMO_TYPE_OUTPUT_ITEM (kumo_output_item_get_type ())

G_DECLARE_FINAL_TYPE (KumoOutputItem, kumo_output_item, KUMO, OUTPUT_ITEM, GObject)

KumoOutputItem       *kumo_output_item_new          (const KumoOutputFile *output);
const KumoOutputFile *kumo_output_item_get_output   (KumoOutputItem       *self);
const char           *kumo_output_item_get_node_id  (KumoOutputItem       *self);
const char           *kumo_output_item_get_filename (KumoOutputItem       *self);
KumoOutputKind        kumo_output_item_get_kind     (KumoOutputItem       *self);
GFile                *kumo_output_item_get_file     (KumoOutputItem       *self);
void                  kumo_output_item_set_file     (KumoOutputItem       *self,
                                                     GFile                *file);
gboolean              kumo_output_item_matches      (KumoOutputItem       *self,
                                                     const KumoOutputFile *output);

G_END_DECLS
