/* kumo-output.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-json.h"

G_BEGIN_DECLS

typedef enum
{
  KUMO_OUTPUT_IMAGE,
  KUMO_OUTPUT_ANIMATION,
  KUMO_OUTPUT_VIDEO,
  KUMO_OUTPUT_AUDIO,
  KUMO_OUTPUT_OTHER,
} KumoOutputKind;

/* The key of outputs that came over the event stream (SaveImageWebsocket),
 * which the server keeps no copy of. */
#define KUMO_OUTPUT_KEY_WEBSOCKET "websocket"

/* One file a node produced, as the server names it. */
typedef struct
{
  char           *node_id;
  char           *key;        /* "images", "gifs", "audio", … */
  guint           index;
  char           *filename;
  char           *subfolder;
  char           *type;       /* "output", "temp", "input" */
  char           *format;     /* a MIME type, when the server gives one */
  KumoOutputKind  kind;
} KumoOutputFile;

#define KUMO_TYPE_OUTPUT_FILE (kumo_output_file_get_type ())

GType           kumo_output_file_get_type   (void) G_GNUC_CONST;
KumoOutputFile *kumo_output_file_copy       (const KumoOutputFile *file);
void            kumo_output_file_free       (KumoOutputFile       *file);

GPtrArray      *kumo_outputs_scan           (const KumoJson       *output,
                                             const char           *node_id);
GPtrArray      *kumo_outputs_scan_all       (const KumoJson       *outputs);

KumoOutputKind  kumo_output_guess_kind      (const char           *key,
                                             const char           *filename,
                                             const char           *format,
                                             gboolean              animated);
char           *kumo_sanitize_filename      (const char           *name);
char           *kumo_sanitize_subfolder     (const char           *subfolder);
GFile          *kumo_output_file_reserve    (const KumoOutputFile *file,
                                             GFile                *folder,
                                             GHashTable           *taken);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoOutputFile, kumo_output_file_free)

G_END_DECLS
