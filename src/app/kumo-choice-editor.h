/* kumo-choice-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_CHOICE_EDITOR (kumo_choice_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoChoiceEditor, kumo_choice_editor, KUMO, CHOICE_EDITOR, KumoFieldEditor)

G_END_DECLS
