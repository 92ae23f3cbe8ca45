/* kumo-field-row.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-field.h"

G_BEGIN_DECLS

#define KUMO_TYPE_FIELD_ROW (kumo_field_row_get_type ())

G_DECLARE_FINAL_TYPE (KumoFieldRow, kumo_field_row, KUMO, FIELD_ROW, GtkListBoxRow)

GtkWidget *kumo_field_row_new        (KumoField    *field);
KumoField *kumo_field_row_get_field  (KumoFieldRow *self);
GtkWidget *kumo_field_row_get_editor (KumoFieldRow *self);
gboolean   kumo_field_row_is_invalid (KumoFieldRow *self);

G_END_DECLS
