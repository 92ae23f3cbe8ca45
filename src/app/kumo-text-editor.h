/* kumo-text-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field-editor.h"

G_BEGIN_DECLS

#define KUMO_TYPE_TEXT_EDITOR (kumo_text_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoTextEditor, kumo_text_editor, KUMO, TEXT_EDITOR, KumoFieldEditor)

G_END_DECLS
