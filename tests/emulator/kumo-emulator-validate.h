/* kumo-emulator-validate.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kumo-json.h"

G_BEGIN_DECLS

/*
 * ComfyUI's answer to POST /prompt, retold in C so that the emulator
 * rejects prompts with the server's own words (docs/protocol.md §6) rather
 * than with Kumo's. It reads nothing but the raw object_info and the
 * prompt, and shares no code with Kumo's own validation.
 */

/* Asked about a literal value of a combo input that is not among the
 * choices object_info lists, and about the file named by a loader's
 * upload input (LoadImage "image", LoadVideo "file", LoadAudio "audio").
 * Return TRUE where the server would take it anyway: a file that was
 * uploaded to the input folder since object_info was fetched, a model
 * the emulator pretends to have. */
typedef gboolean (*KumoEmulatorChoicesFunc) (const char *class_type,
                                             const char *input_name,
                                             const char *value,
                                             gpointer    user_data);

/*
 * Validates @prompt (API format: node id → {class_type, inputs, _meta})
 * against @object_info (class name → NodeInfo, as GET /object_info
 * serves it). @partial_targets, if not NULL, are the
 * "partial_execution_targets" of the request: only those output nodes
 * are run. @extra_choices may be NULL.
 *
 * Returns NULL when the server would queue the prompt. Then
 * @node_errors_out, if not NULL, receives the "node_errors" object of the
 * 200 answer: empty when all is well, the failing outputs' errors when
 * some outputs failed but at least one passed (ComfyUI runs the good ones
 * and says nothing else about the rest). @outputs_out, if not NULL,
 * receives the ids of the output nodes that will run.
 *
 * Otherwise returns the whole body of the 400 answer,
 * {"error": {…}, "node_errors": {…}}, and sets both out parameters to
 * NULL.
 */
KumoJson *kumo_emulator_validate_prompt (const KumoJson           *object_info,
                                         const KumoJson           *prompt,
                                         const char * const       *partial_targets,
                                         KumoEmulatorChoicesFunc   extra_choices,
                                         gpointer                  user_data,
                                         KumoJson                **node_errors_out,
                                         GStrv                    *outputs_out);

G_END_DECLS
