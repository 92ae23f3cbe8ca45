/* kumo-picture-metadata.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUMO_PICTURE_METADATA_ERROR (kumo_picture_metadata_error_quark ())

typedef enum
{
  KUMO_PICTURE_METADATA_ERROR_NOT_PNG,
  KUMO_PICTURE_METADATA_ERROR_DAMAGED,
  KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
  KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW,
} KumoPictureMetadataError;

/* The workflow a picture carries, as ComfyUI writes it into a PNG's
 * text chunks: "prompt" (the API format) and "workflow" (the editor's). */
typedef struct
{
  char *prompt;     /* UTF-8 JSON text, or NULL */
  char *workflow;   /* UTF-8 JSON text, or NULL */
} KumoPictureMetadata;

GQuark               kumo_picture_metadata_error_quark (void);
void                 kumo_picture_metadata_free        (KumoPictureMetadata *metadata);
KumoPictureMetadata *kumo_picture_metadata_read_stream (GInputStream        *stream,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
gboolean             kumo_picture_metadata_is_picture  (const guint8        *head,
                                                        gsize                length);
KumoPictureMetadata *kumo_picture_metadata_read_data   (const guint8        *data,
                                                        gsize                length,
                                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoPictureMetadata, kumo_picture_metadata_free)

G_END_DECLS
