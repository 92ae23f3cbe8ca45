/* kumo-editor-format.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kumo-json.h"
#include "kumo-node-catalog.h"

G_BEGIN_DECLS

/*
 * The workflow files ComfyUI's editor saves ({"nodes": […], "links": […]})
 * describe a drawing of the graph; servers run the API format. This turns
 * the one into the other the way the editor does when it queues a prompt
 * (its graphToPrompt; docs/editor-format.md), with the server's
 * catalog saying which widget value is which input.
 */

#define KUMO_EDITOR_FORMAT_ERROR (kumo_editor_format_error_quark ())

typedef enum
{
  /* Not an editor-format workflow, or one too broken to read. */
  KUMO_EDITOR_FORMAT_ERROR_INVALID,
  /* Node classes the catalog does not have: nothing is guessed. */
  KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES,
  /* Something the converter cannot follow faithfully (a legacy group
   * node, a cycle of pass-through nodes). */
  KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED,
} KumoEditorFormatError;

typedef struct
{
  /* The API-format workflow. */
  KumoJson  *prompt;
  /* Translated sentences, one for each thing the editor file holds that
   * did not make it into the prompt as it was (never dropped silently). */
  GPtrArray *notes;
} KumoEditorConversion;

GQuark                kumo_editor_format_error_quark (void);

gboolean              kumo_editor_format_detect      (const KumoJson   *root);
KumoEditorConversion *kumo_editor_format_convert     (const KumoJson   *root,
                                                      KumoNodeCatalog  *catalog,
                                                      GError          **error);
void                  kumo_editor_conversion_free    (KumoEditorConversion *conversion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoEditorConversion, kumo_editor_conversion_free)

G_END_DECLS
