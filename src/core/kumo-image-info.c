/* kumo-image-info.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-image-info"

#include "config.h"

#include <string.h>

#include "kumo-image-info.h"

/*
 * The type and size of an image from its first bytes, without decoding
 * it, so that an upload the server would refuse (over 16384 px on an
 * edge) is refused before it starts.
 */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le24 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | ((guint32) p[2] << 16);
}

static gboolean
read_jpeg (const guint8 *data,
           gsize         len,
           guint        *width,
           guint        *height)
{
  gsize i = 2;

  while (i + 9 < len)
    {
      guint8 marker;
      guint segment;

      if (data[i] != 0xFF)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }

      segment = (data[i + 2] << 8) | data[i + 3];

      /* Start-of-frame markers, except DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          *height = (data[i + 5] << 8) | data[i + 6];
          *width = (data[i + 7] << 8) | data[i + 8];
          return TRUE;
        }

      i += 2 + segment;
    }

  return FALSE;
}

/**
 * kumo_image_info_read:
 * @mime_type: (out): "image/png", "image/jpeg", "image/webp" or "image/gif"
 *
 * Returns: %TRUE if @bytes start like an image of a known type and size
 */
gboolean
kumo_image_info_read (GBytes      *bytes,
                      const char **mime_type,
                      guint       *width,
                      guint       *height)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  *width = *height = 0;

  if (len >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      *mime_type = "image/png";
      *width = be32 (data + 16);
      *height = be32 (data + 20);
      return TRUE;
    }

  if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      *mime_type = "image/jpeg";
      return read_jpeg (data, len, width, height);
    }

  if (len >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      *mime_type = "image/gif";
      *width = le16 (data + 6);
      *height = le16 (data + 8);
      return TRUE;
    }

  if (len >= 30 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      *mime_type = "image/webp";
      if (memcmp (data + 12, "VP8X", 4) == 0)
        {
          *width = le24 (data + 24) + 1;
          *height = le24 (data + 27) + 1;
          return TRUE;
        }
      if (memcmp (data + 12, "VP8L", 4) == 0 && data[20] == 0x2F)
        {
          guint32 bits = data[21] | (data[22] << 8) | ((guint32) data[23] << 16) | ((guint32) data[24] << 24);
          *width = (bits & 0x3FFF) + 1;
          *height = ((bits >> 14) & 0x3FFF) + 1;
          return TRUE;
        }
      if (memcmp (data + 12, "VP8 ", 4) == 0)
        {
          *width = le16 (data + 26) & 0x3FFF;
          *height = le16 (data + 28) & 0x3FFF;
          return TRUE;
        }
    }

  return FALSE;
}
