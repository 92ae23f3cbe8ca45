/* kumo-video-metadata.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-picture-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-picture-metadata-private.h"

/*
 * The workflow ComfyUI's video savers write into MP4 and WebM files, read
 * from the container's own structure without touching a frame. Every
 * length comes from the file and is checked before it is used.
 */

/* MP4: ComfyUI's SaveVideo writes through PyAV with movflags
 * use_metadata_tags, so FFmpeg puts "prompt" and "workflow" in a QuickTime
 * metadata box: meta > keys (the names) and ilst (items numbered by key,
 * each with a data box holding the UTF-8 text), in moov or moov/udta. */

#define MAX_MOOV (64 * 1024 * 1024)

typedef struct
{
  const guint8 *data;
  gsize         length;
  char          type[5];
} Box;

/* The next box of @data[*offset…@length], or FALSE at the end or when the
 * box claims more than is there. */
static gboolean
next_box (const guint8 *data,
          gsize         length,
          gsize        *offset,
          Box          *box)
{
  guint64 size;
  gsize header = 8;

  if (length - *offset < 8)
    return FALSE;

  size = _kumo_read_be32 (data + *offset);
  if (size == 1)
    {
      if (length - *offset < 16)
        return FALSE;
      size = (guint64) _kumo_read_be32 (data + *offset + 8) << 32 | _kumo_read_be32 (data + *offset + 12);
      header = 16;
    }
  else if (size == 0)
    size = length - *offset;

  if (size < header || size > length - *offset)
    return FALSE;

  memcpy (box->type, data + *offset + 4, 4);
  box->type[4] = '\0';
  box->data = data + *offset + header;
  box->length = size - header;
  *offset += size;
  return TRUE;
}

static gboolean
take_mdta_item (KumoPictureMetadata  *metadata,
                const char           *key,
                Box                  *item,
                GError              **error)
{
  char **slot = g_str_equal (key, "prompt") ? &metadata->prompt
              : g_str_equal (key, "workflow") ? &metadata->workflow : NULL;
  gsize offset = 0;
  Box data;

  if (slot == NULL)
    return TRUE;

  while (next_box (item->data, item->length, &offset, &data))
    {
      /* type indicator (1: UTF-8) and locale, then the text */
      if (!g_str_equal (data.type, "data") || data.length < 8 || _kumo_read_be32 (data.data) != 1)
        continue;
      if (!_kumo_picture_metadata_take_text (slot, data.data + 8, data.length - 8, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
take_mp4_meta (KumoPictureMetadata  *metadata,
               const guint8         *data,
               gsize                 length,
               GError              **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gsize offset = 0;
  Box box;

  /* ISO's meta is a full box (version and flags first); QuickTime's, as
   * FFmpeg writes it for mdta keys, starts with its handler box. */
  if (length >= 8 && memcmp (data + 4, "hdlr", 4) != 0)
    offset = 4;

  while (next_box (data, length, &offset, &box))
    if (g_str_equal (box.type, "keys") && box.length >= 8)
      {
        guint32 count = _kumo_read_be32 (box.data + 4);
        gsize key_offset = 8;

        for (guint32 i = 0; i < count && box.length - key_offset >= 8; i++)
          {
            guint32 size = _kumo_read_be32 (box.data + key_offset);

            if (size < 8 || size > box.length - key_offset)
              break;
            g_ptr_array_add (keys, g_strndup ((const char *) box.data + key_offset + 8, size - 8));
            key_offset += size;
          }
      }

  offset = length >= 8 && memcmp (data + 4, "hdlr", 4) != 0 ? 4 : 0;
  while (next_box (data, length, &offset, &box))
    if (g_str_equal (box.type, "ilst"))
      {
        gsize item_offset = 0;
        Box item;

        while (next_box (box.data, box.length, &item_offset, &item))
          {
            guint32 index = _kumo_read_be32 ((const guint8 *) item.type);

            /* items are numbered from 1 */
            if (index >= 1 && index <= keys->len &&
                !take_mdta_item (metadata, g_ptr_array_index (keys, index - 1), &item, error))
              return FALSE;
          }
      }

  return TRUE;
}

static gboolean
take_moov (KumoPictureMetadata  *metadata,
           const guint8         *data,
           gsize                 length,
           GError              **error)
{
  gsize offset = 0;
  Box box;

  while (next_box (data, length, &offset, &box))
    {
      if (g_str_equal (box.type, "meta") && !take_mp4_meta (metadata, box.data, box.length, error))
        return FALSE;

      if (g_str_equal (box.type, "udta"))
        {
          gsize inner_offset = 0;
          Box inner;

          while (next_box (box.data, box.length, &inner_offset, &inner))
            if (g_str_equal (inner.type, "meta") && !take_mp4_meta (metadata, inner.data, inner.length, error))
              return FALSE;
        }
    }

  return TRUE;
}

/* The top-level boxes: the media data (mdat) skipped, moov read whole. */
KumoPictureMetadata *
_kumo_mp4_metadata_read (GInputStream  *stream,
                         const guint8  *head,
                         GCancellable  *cancellable,
                         GError       **error)
{
  KumoPictureMetadata *metadata = g_new0 (KumoPictureMetadata, 1);
  guint8 header[16];
  gboolean first = TRUE;
  gsize n;

  for (;;)
    {
      guint64 size;
      gsize header_length = 8;

      if (first)
        memcpy (header, head, 8);
      else if (!g_input_stream_read_all (stream, header, 8, &n, cancellable, error))
        goto failed;
      else if (n == 0)
        break;
      else if (n != 8)
        {
          _kumo_picture_metadata_damaged (error);
          goto failed;
        }
      first = FALSE;

      size = _kumo_read_be32 (header);
      if (size == 1)
        {
          if (!g_input_stream_read_all (stream, header + 8, 8, &n, cancellable, error))
            goto failed;
          if (n != 8)
            {
              _kumo_picture_metadata_damaged (error);
              goto failed;
            }
          size = (guint64) _kumo_read_be32 (header + 8) << 32 | _kumo_read_be32 (header + 12);
          header_length = 16;
        }
      else if (size == 0)
        break;   /* to the end of the file: only the media data does that */

      if (size < header_length)
        {
          _kumo_picture_metadata_damaged (error);
          goto failed;
        }

      if (memcmp (header + 4, "moov", 4) == 0)
        {
          guint64 length = size - header_length;
          g_autofree guint8 *data = _kumo_picture_metadata_read_block (stream, length, MAX_MOOV, cancellable, error);

          if (data == NULL || !take_moov (metadata, data, length, error))
            goto failed;
          break;
        }

      if (size - header_length > G_MAXSIZE ||
          !_kumo_picture_metadata_skip (stream, (gsize) (size - header_length), cancellable, error))
        goto failed;
    }

  return _kumo_picture_metadata_finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}

gboolean
_kumo_mp4_metadata_is_mp4 (const guint8 *head,
                           gsize         length)
{
  return length >= 8 && memcmp (head + 4, "ftyp", 4) == 0;
}

/* WebM: ComfyUI's SaveWEBM sets the container's metadata through PyAV,
 * which FFmpeg's Matroska muxer writes as Segment > Tags > Tag >
 * SimpleTag (TagName "PROMPT" or "prompt", TagString the JSON). Every
 * other element of the segment (the clusters) is skipped by its size. */

#define EBML_SEGMENT 0x18538067
#define EBML_TAGS    0x1254C367
#define EBML_TAG     0x7373
#define EBML_SIMPLE  0x67C8
#define EBML_NAME    0x45A3
#define EBML_STRING  0x4487

#define EBML_UNKNOWN_SIZE G_MAXUINT64

static const guint8 ebml_signature[4] = { 0x1A, 0x45, 0xDF, 0xA3 };

/* A variable-length number: an element id (@keep_marker) or a size, the
 * all-ones size meaning "unknown". Returns its length, 0 if malformed. */
static guint
parse_vint (const guint8 *data,
            gsize         length,
            gboolean      keep_marker,
            guint64      *value)
{
  guint width = 1;
  guint64 result;
  gboolean all_ones;

  if (length == 0 || data[0] == 0)
    return 0;
  while (!(data[0] & (0x80 >> (width - 1))))
    width++;
  if (width > 8 || width > length || (keep_marker && width > 4))
    return 0;

  result = keep_marker ? data[0] : data[0] & (0xff >> width);
  all_ones = (data[0] & (0xff >> width)) == (0xff >> width);
  for (guint i = 1; i < width; i++)
    {
      result = result << 8 | data[i];
      all_ones = all_ones && data[i] == 0xff;
    }

  *value = !keep_marker && all_ones ? EBML_UNKNOWN_SIZE : result;
  return width;
}

/* An element's head read from @stream: id and size. */
static gboolean
read_element_head (GInputStream  *stream,
                   guint64       *id,
                   guint64       *size,
                   gboolean      *at_end,
                   GCancellable  *cancellable,
                   GError       **error)
{
  guint8 head[12];
  gsize n = 0, id_width, size_width;

  *at_end = FALSE;
  if (!g_input_stream_read_all (stream, head, 1, &n, cancellable, error))
    return FALSE;
  if (n == 0)
    {
      *at_end = TRUE;
      return TRUE;
    }

  /* The id's width is in its first byte; the size's in the byte after. */
  id_width = head[0] ? 1 + (head[0] < 0x80) + (head[0] < 0x40) + (head[0] < 0x20) : 5;
  if (id_width > 4 ||
      !g_input_stream_read_all (stream, head + 1, id_width, &n, cancellable, error) || n != id_width)
    return error && *error ? FALSE : _kumo_picture_metadata_damaged (error);

  size_width = 1;
  while (size_width <= 8 && !(head[id_width] & (0x80 >> (size_width - 1))))
    size_width++;
  if (size_width > 8 ||
      (size_width > 1 &&
       (!g_input_stream_read_all (stream, head + id_width + 1, size_width - 1, &n, cancellable, error) ||
        n != size_width - 1)))
    return error && *error ? FALSE : _kumo_picture_metadata_damaged (error);

  if (parse_vint (head, id_width, TRUE, id) != id_width ||
      parse_vint (head + id_width, size_width, FALSE, size) != size_width)
    return _kumo_picture_metadata_damaged (error);
  return TRUE;
}

/* Malformed tags are passed over (TRUE); a workflow that is not text
 * is an error (FALSE). */
static gboolean
take_simple_tag (KumoPictureMetadata  *metadata,
                 const guint8         *data,
                 gsize                 length,
                 GError              **error)
{
  g_autofree char *name = NULL;
  const guint8 *text = NULL;
  gsize offset = 0, text_length = 0;

  while (offset < length)
    {
      guint64 id, size;
      guint id_width = parse_vint (data + offset, length - offset, TRUE, &id);
      guint size_width = id_width ? parse_vint (data + offset + id_width, length - offset - id_width, FALSE, &size) : 0;

      if (id_width == 0 || size_width == 0 || size > length - offset - id_width - size_width)
        return TRUE;
      offset += id_width + size_width;

      if (id == EBML_NAME)
        {
          g_free (name);
          name = g_strndup ((const char *) data + offset, size);
        }
      else if (id == EBML_STRING)
        {
          text = data + offset;
          text_length = size;
        }
      offset += size;
    }

  if (name == NULL || text == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (name, "prompt") == 0)
    return _kumo_picture_metadata_take_text (&metadata->prompt, text, text_length, error);
  if (g_ascii_strcasecmp (name, "workflow") == 0)
    return _kumo_picture_metadata_take_text (&metadata->workflow, text, text_length, error);
  return TRUE;
}

/* Tags > Tag > SimpleTag, each level walked by its children's sizes. */
static gboolean
take_tags (KumoPictureMetadata  *metadata,
           const guint8         *data,
           gsize                 length,
           guint64               parent,
           GError              **error)
{
  gsize offset = 0;

  while (offset < length)
    {
      guint64 id, size;
      guint id_width = parse_vint (data + offset, length - offset, TRUE, &id);
      guint size_width = id_width ? parse_vint (data + offset + id_width, length - offset - id_width, FALSE, &size) : 0;

      if (id_width == 0 || size_width == 0 || size > length - offset - id_width - size_width)
        return TRUE;
      offset += id_width + size_width;

      if (parent == EBML_TAGS && id == EBML_TAG && !take_tags (metadata, data + offset, size, EBML_TAG, error))
        return FALSE;
      if (parent == EBML_TAG && id == EBML_SIMPLE && !take_simple_tag (metadata, data + offset, size, error))
        return FALSE;
      offset += size;
    }

  return TRUE;
}

static KumoPictureMetadata *
read_webm (GInputStream  *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  KumoPictureMetadata *metadata = g_new0 (KumoPictureMetadata, 1);

  for (;;)
    {
      guint64 id, size;
      gboolean at_end;

      if (!read_element_head (stream, &id, &size, &at_end, cancellable, error))
        goto failed;
      if (at_end)
        break;

      /* Into the segment: its children are what matter. */
      if (id == EBML_SEGMENT)
        continue;

      if (size == EBML_UNKNOWN_SIZE)
        break;   /* a live stream's cluster: nothing after it can be found */

      if (id == EBML_TAGS)
        {
          g_autofree guint8 *data = _kumo_picture_metadata_read_block (stream, size, 2 * KUMO_MAX_METADATA_TEXT,
                                                                       cancellable, error);

          if (data == NULL || !take_tags (metadata, data, size, EBML_TAGS, error))
            goto failed;
        }
      else if (size > G_MAXSIZE || !_kumo_picture_metadata_skip (stream, (gsize) size, cancellable, error))
        goto failed;
    }

  return _kumo_picture_metadata_finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}

gboolean
_kumo_webm_metadata_is_webm (const guint8 *head,
                             gsize         length)
{
  return length >= 4 && memcmp (head, ebml_signature, 4) == 0;
}

/* The WebM's first element, the EBML header: @head holds its id, its size
 * and the start of its content. The rest is skipped; the segment follows. */
KumoPictureMetadata *
_kumo_webm_metadata_read (GInputStream  *stream,
                          const guint8  *head,
                          GCancellable  *cancellable,
                          GError       **error)
{
  guint8 size_bytes[8];
  guint64 size;
  guint width = 1;
  gsize have = 4;
  gsize n;

  memcpy (size_bytes, head + 4, 4);
  while (width <= 8 && !(size_bytes[0] & (0x80 >> (width - 1))))
    width++;

  /* libwebm writes eight-byte sizes, FFmpeg one */
  if (width > 4 && width <= 8)
    {
      if (!g_input_stream_read_all (stream, size_bytes + 4, width - 4, &n, cancellable, error))
        return NULL;
      if (n != width - 4)
        {
          _kumo_picture_metadata_damaged (error);
          return NULL;
        }
      have = width;
    }

  if (parse_vint (size_bytes, have, FALSE, &size) != width || size == EBML_UNKNOWN_SIZE ||
      size < have - width)
    {
      _kumo_picture_metadata_damaged (error);
      return NULL;
    }
  if (!_kumo_picture_metadata_skip (stream, size - (have - width), cancellable, error))
    return NULL;

  return read_webm (stream, cancellable, error);
}
