/* kumo-picture-metadata-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-picture-metadata.h"

G_BEGIN_DECLS

/* Shared by kumo-picture-metadata.c (PNG, WebP, and choosing the reader)
 * and kumo-video-metadata.c (MP4, WebM). */

/* More than any workflow: 1,400 nodes are about 2 MB. */
#define KUMO_MAX_METADATA_TEXT (32 * 1024 * 1024)

static inline guint32
_kumo_read_be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
}

static inline guint32
_kumo_read_le32 (const guint8 *data)
{
  return (guint32) data[3] << 24 | (guint32) data[2] << 16 | (guint32) data[1] << 8 | data[0];
}

gboolean             _kumo_picture_metadata_damaged    (GError              **error);
KumoPictureMetadata *_kumo_picture_metadata_finish     (KumoPictureMetadata  *metadata,
                                                        GError              **error);
gboolean             _kumo_picture_metadata_skip       (GInputStream         *stream,
                                                        gsize                 count,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
gboolean             _kumo_picture_metadata_take_text  (char                **slot,
                                                        const guint8         *text,
                                                        gsize                 length,
                                                        GError              **error);
guint8              *_kumo_picture_metadata_read_block (GInputStream         *stream,
                                                        guint64               length,
                                                        guint64               limit,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

/* @head is the file's first eight bytes, already read from @stream. */
gboolean             _kumo_mp4_metadata_is_mp4         (const guint8         *head,
                                                        gsize                 length);
KumoPictureMetadata *_kumo_mp4_metadata_read           (GInputStream         *stream,
                                                        const guint8         *head,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
gboolean             _kumo_webm_metadata_is_webm       (const guint8         *head,
                                                        gsize                 length);
KumoPictureMetadata *_kumo_webm_metadata_read          (GInputStream         *stream,
                                                        const guint8         *head,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

G_END_DECLS
