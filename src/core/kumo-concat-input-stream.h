/* kumo-concat-input-stream.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUMO_TYPE_CONCAT_INPUT_STREAM (kumo_concat_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (KumoConcatInputStream, kumo_concat_input_stream, KUMO, CONCAT_INPUT_STREAM, GInputStream)

GInputStream *kumo_concat_input_stream_new (GInputStream * const *streams,
                                            guint                 n_streams);

G_END_DECLS
