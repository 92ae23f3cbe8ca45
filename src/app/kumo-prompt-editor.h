/* kumo-prompt-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_PROMPT_EDITOR (kumo_prompt_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoPromptEditor, kumo_prompt_editor, KUMO, PROMPT_EDITOR, KumoFieldEditor)

G_END_DECLS
