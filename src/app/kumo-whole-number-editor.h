/* kumo-whole-number-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_WHOLE_NUMBER_EDITOR (kumo_whole_number_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoWholeNumberEditor, kumo_whole_number_editor, KUMO, WHOLE_NUMBER_EDITOR, KumoFieldEditor)

G_END_DECLS
