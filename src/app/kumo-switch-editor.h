/* kumo-switch-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_SWITCH_EDITOR (kumo_switch_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoSwitchEditor, kumo_switch_editor, KUMO, SWITCH_EDITOR, KumoFieldEditor)

G_END_DECLS
