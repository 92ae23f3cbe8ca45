/* fuzz-picture-metadata.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-picture-metadata.h"

/* Any bytes, read as a PNG that may carry a workflow: an error or the
 * texts, never a crash, a leak or an allocation the input did not pay
 * for. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(KumoPictureMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  metadata = kumo_picture_metadata_read_data (data, size, &error);
  g_assert ((metadata == NULL) != (error == NULL));

  return 0;
}
