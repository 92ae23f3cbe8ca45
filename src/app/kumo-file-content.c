/* kumo-file-content.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-file-content.h"

/**
 * kumo_file_content_new:
 * @file: an output on disk
 * @picture: (nullable): its picture, decoded
 *
 * What a drag or a copy of an output offers: the picture for image
 * editors, a URI list for file managers and browsers, the file for GTK
 * apps.
 *
 * Returns: (transfer full): the content
 */
GdkContentProvider *
kumo_file_content_new (GFile      *file,
                       GdkTexture *picture)
{
  GdkFileList *files = gdk_file_list_new_from_array (&file, 1);
  GdkContentProvider *providers[3];
  guint n = 0;

  if (picture != NULL)
    providers[n++] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, picture);
  providers[n++] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, files);
  providers[n++] = gdk_content_provider_new_typed (G_TYPE_FILE, file);
  g_boxed_free (GDK_TYPE_FILE_LIST, files);

  return gdk_content_provider_new_union (providers, n);
}
