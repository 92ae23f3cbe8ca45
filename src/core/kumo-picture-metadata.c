/* kumo-picture-metadata.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-picture-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-picture-metadata.h"

/*
 * The workflow a PNG carries. ComfyUI's SaveImage (and Kumo, which
 * saves files byte for byte) writes it into text chunks: "prompt" is
 * the API format, "workflow" the editor's. Only the chunks are read,
 * never the pixels: image data chunks are skipped (seeked past where
 * the stream allows), so a 20-megapixel picture costs a few reads.
 *
 * A picture is outside data: every length is checked before it is
 * trusted, text is limited (MAX_TEXT, and so is what a compressed chunk
 * inflates to, against zip bombs), and text must be valid UTF-8.
 */

/* More than any workflow: 1,400 nodes are about 2 MB. */
#define MAX_TEXT (32 * 1024 * 1024)

/* The PNG format's own bound on a chunk's length. */
#define MAX_CHUNK G_MAXINT32

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

G_DEFINE_QUARK (kumo-picture-metadata-error-quark, kumo_picture_metadata_error)

void
kumo_picture_metadata_free (KumoPictureMetadata *metadata)
{
  if (metadata == NULL)
    return;

  g_free (metadata->prompt);
  g_free (metadata->workflow);
  g_free (metadata);
}

static gboolean
damaged (GError **error)
{
  g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
               _("The picture is damaged or cut short: its workflow cannot be read."));
  return FALSE;
}

/* Inflates a zlib stream, giving up past MAX_TEXT. */
static GBytes *
inflate (const guint8  *data,
         gsize          length,
         GError       **error)
{
  g_autoptr(GConverter) decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  gsize read_total = 0;

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      g_autoptr(GError) local = NULL;
      GConverterResult result;

      result = g_converter_convert (decompressor, data + read_total, length - read_total, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, &local);
      if (result == G_CONVERTER_ERROR)
        {
          damaged (error);
          return NULL;
        }

      read_total += bytes_read;
      g_byte_array_append (out, buffer, bytes_written);
      if (out->len > MAX_TEXT)
        {
          g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                       _("The picture’s workflow is larger than any workflow should be: it is not read."));
          return NULL;
        }
      if (result == G_CONVERTER_FINISHED)
        return g_byte_array_free_to_bytes (g_steal_pointer (&out));
      if (bytes_read == 0 && bytes_written == 0)
        {
          damaged (error);
          return NULL;
        }
    }
}

/* Takes the text of a tEXt, zTXt or iTXt chunk whose keyword is
 * "prompt" or "workflow". */
static gboolean
take_text_chunk (KumoPictureMetadata *metadata,
                 const char          *type,
                 const guint8        *data,
                 gsize                length,
                 GError             **error)
{
  const guint8 *end = data + length;
  const guint8 *keyword_end = memchr (data, '\0', MIN (length, 80));
  const guint8 *text;
  g_autoptr(GBytes) inflated = NULL;
  gboolean compressed = FALSE;
  char **slot;
  gsize text_length;

  if (keyword_end == NULL)
    return TRUE;   /* not a keyword the spec allows: not ours */

  if (strncmp ((const char *) data, "prompt", keyword_end - data) == 0 && keyword_end - data == 6)
    slot = &metadata->prompt;
  else if (strncmp ((const char *) data, "workflow", keyword_end - data) == 0 && keyword_end - data == 8)
    slot = &metadata->workflow;
  else
    return TRUE;

  text = keyword_end + 1;
  if (g_str_equal (type, "zTXt"))
    {
      if (text >= end || *text != 0)
        return damaged (error);
      text++;
      compressed = TRUE;
    }
  else if (g_str_equal (type, "iTXt"))
    {
      const guint8 *language_end, *translated_end;

      if (end - text < 2)
        return damaged (error);
      compressed = text[0] != 0;
      if (compressed && text[1] != 0)
        return damaged (error);
      text += 2;
      if (!(language_end = memchr (text, '\0', end - text)) ||
          !(translated_end = memchr (language_end + 1, '\0', end - (language_end + 1))))
        return damaged (error);
      text = translated_end + 1;
    }

  text_length = end - text;
  if (compressed)
    {
      if (!(inflated = inflate (text, text_length, error)))
        return FALSE;
      text = g_bytes_get_data (inflated, &text_length);
    }

  if (!g_utf8_validate_len ((const char *) text, text_length, NULL))
    {
      g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
                   _("The picture’s workflow is not valid text."));
      return FALSE;
    }

  g_free (*slot);
  *slot = g_strndup ((const char *) text, text_length);
  return TRUE;
}

static gboolean
is_text_chunk (const char *type)
{
  return g_str_equal (type, "tEXt") || g_str_equal (type, "zTXt") || g_str_equal (type, "iTXt");
}

static KumoPictureMetadata *
finish (KumoPictureMetadata  *metadata,
        GError              **error)
{
  if (metadata->prompt == NULL && metadata->workflow == NULL)
    {
      kumo_picture_metadata_free (metadata);
      g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW,
                   _("This picture carries no workflow: it was not saved by ComfyUI or Kumo, or its "
                     "metadata was removed."));
      return NULL;
    }
  return metadata;
}

static guint32
read_be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
}

/**
 * kumo_picture_metadata_read_data:
 *
 * As kumo_picture_metadata_read_stream(), from memory.
 */
KumoPictureMetadata *
kumo_picture_metadata_read_data (const guint8  *data,
                                 gsize          length,
                                 GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, length, NULL);

  return kumo_picture_metadata_read_stream (stream, NULL, error);
}

static gboolean
skip_bytes (GInputStream  *stream,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  gssize skipped;

  while (count > 0)
    {
      skipped = g_input_stream_skip (stream, count, cancellable, error);
      if (skipped < 0)
        return FALSE;
      if (skipped == 0)
        return damaged (error);
      count -= skipped;
    }
  return TRUE;
}

static guint32
read_le32 (const guint8 *data)
{
  return (guint32) data[3] << 24 | (guint32) data[2] << 16 | (guint32) data[1] << 8 | data[0];
}

/* TIFF numbers are either byte order, as the header says. */
static guint32
tiff_u32 (const guint8 *data,
          gboolean      big_endian)
{
  return big_endian ? read_be32 (data) : read_le32 (data);
}

static guint16
tiff_u16 (const guint8 *data,
          gboolean      big_endian)
{
  return big_endian ? (guint16) (data[0] << 8 | data[1]) : (guint16) (data[1] << 8 | data[0]);
}

/* An EXIF string "prompt:{…}" or "workflow:{…}", as ComfyUI's WebP
 * savers write them into the Model (0x0110) and Make (0x010f) tags. */
static gboolean
take_exif_text (KumoPictureMetadata  *metadata,
                const guint8         *text,
                gsize                 length,
                GError              **error)
{
  static const struct { const char *key; gsize offset; } keys[] = {
    { "prompt:", G_STRUCT_OFFSET (KumoPictureMetadata, prompt) },
    { "Prompt:", G_STRUCT_OFFSET (KumoPictureMetadata, prompt) },
    { "workflow:", G_STRUCT_OFFSET (KumoPictureMetadata, workflow) },
  };

  while (length > 0 && text[length - 1] == '\0')
    length--;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize key_length = strlen (keys[i].key);
      char **slot = G_STRUCT_MEMBER_P (metadata, keys[i].offset);

      if (length < key_length || memcmp (text, keys[i].key, key_length) != 0)
        continue;

      if (!g_utf8_validate_len ((const char *) text + key_length, length - key_length, NULL))
        {
          g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
                       _("The picture’s workflow is not valid text."));
          return FALSE;
        }
      g_free (*slot);
      *slot = g_strndup ((const char *) text + key_length, length - key_length);
      return TRUE;
    }

  return TRUE;
}

/* The first IFD of an EXIF block: its text entries. */
static gboolean
take_exif (KumoPictureMetadata  *metadata,
           const guint8         *data,
           gsize                 length,
           GError              **error)
{
  gboolean big_endian;
  guint32 ifd;
  guint16 count;

  /* PIL writes the "Exif\0\0" prefix of JPEG's APP1 into WebP too. */
  if (length >= 6 && memcmp (data, "Exif\0\0", 6) == 0)
    {
      data += 6;
      length -= 6;
    }

  if (length < 8 || !(memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return TRUE;   /* not TIFF: no workflow here */

  big_endian = data[0] == 'M';
  ifd = tiff_u32 (data + 4, big_endian);
  if (ifd > length - 2)
    return damaged (error);

  count = tiff_u16 (data + ifd, big_endian);
  if (count > (length - ifd - 2) / 12)
    return damaged (error);

  for (guint i = 0; i < count; i++)
    {
      const guint8 *entry = data + ifd + 2 + 12 * i;
      guint16 type = tiff_u16 (entry + 2, big_endian);
      guint32 size = tiff_u32 (entry + 4, big_endian);
      guint32 offset = tiff_u32 (entry + 8, big_endian);

      /* ASCII or UNDEFINED, long enough to hold a key */
      if ((type != 2 && type != 7) || size <= 4)
        continue;
      if (offset > length || size > length - offset)
        return damaged (error);
      if (!take_exif_text (metadata, data + offset, size, error))
        return FALSE;
    }

  return TRUE;
}

/* A RIFF WebP: the EXIF chunk, every other chunk (the frames) skipped. */
static KumoPictureMetadata *
read_webp (GInputStream  *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  KumoPictureMetadata *metadata = g_new0 (KumoPictureMetadata, 1);
  gsize n;

  for (;;)
    {
      guint8 chunk_head[8];
      guint32 length;
      gsize padded;

      if (!g_input_stream_read_all (stream, chunk_head, sizeof chunk_head, &n, cancellable, error))
        goto failed;
      if (n == 0)
        break;
      if (n != sizeof chunk_head)
        {
          damaged (error);
          goto failed;
        }

      length = read_le32 (chunk_head + 4);
      padded = (gsize) length + (length & 1);

      if (memcmp (chunk_head, "EXIF", 4) == 0)
        {
          g_autofree guint8 *data = NULL;

          if (length > 2 * MAX_TEXT)
            {
              g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                           _("The picture’s workflow is larger than any workflow should be: it is not read."));
              goto failed;
            }
          data = g_malloc (MAX (padded, 1));
          if (!g_input_stream_read_all (stream, data, padded, &n, cancellable, error))
            goto failed;
          if (n < length)
            {
              damaged (error);
              goto failed;
            }
          if (!take_exif (metadata, data, length, error))
            goto failed;
        }
      else if (!skip_bytes (stream, padded, cancellable, error))
        goto failed;
    }

  return finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}

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

  size = read_be32 (data + *offset);
  if (size == 1)
    {
      if (length - *offset < 16)
        return FALSE;
      size = (guint64) read_be32 (data + *offset + 8) << 32 | read_be32 (data + *offset + 12);
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
      if (!g_str_equal (data.type, "data") || data.length < 8 || read_be32 (data.data) != 1)
        continue;
      if (!g_utf8_validate_len ((const char *) data.data + 8, data.length - 8, NULL))
        {
          g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
                       _("The picture’s workflow is not valid text."));
          return FALSE;
        }
      g_free (*slot);
      *slot = g_strndup ((const char *) data.data + 8, data.length - 8);
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
        guint32 count = read_be32 (box.data + 4);
        gsize key_offset = 8;

        for (guint32 i = 0; i < count && box.length - key_offset >= 8; i++)
          {
            guint32 size = read_be32 (box.data + key_offset);

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
            guint32 index = read_be32 ((const guint8 *) item.type);

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
static KumoPictureMetadata *
read_mp4 (GInputStream  *stream,
          const guint8   head[8],
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
          damaged (error);
          goto failed;
        }
      first = FALSE;

      size = read_be32 (header);
      if (size == 1)
        {
          if (!g_input_stream_read_all (stream, header + 8, 8, &n, cancellable, error))
            goto failed;
          if (n != 8)
            {
              damaged (error);
              goto failed;
            }
          size = (guint64) read_be32 (header + 8) << 32 | read_be32 (header + 12);
          header_length = 16;
        }
      else if (size == 0)
        break;   /* to the end of the file: only the media data does that */

      if (size < header_length)
        {
          damaged (error);
          goto failed;
        }

      if (memcmp (header + 4, "moov", 4) == 0)
        {
          g_autofree guint8 *data = NULL;
          gsize length = size - header_length;

          if (size - header_length > MAX_MOOV)
            {
              g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                           _("The picture’s workflow is larger than any workflow should be: it is not read."));
              goto failed;
            }
          data = g_malloc (MAX (length, 1));
          if (!g_input_stream_read_all (stream, data, length, &n, cancellable, error))
            goto failed;
          if (n != length)
            {
              damaged (error);
              goto failed;
            }
          if (!take_moov (metadata, data, length, error))
            goto failed;
          break;
        }

      if (size - header_length > G_MAXSIZE ||
          !skip_bytes (stream, (gsize) (size - header_length), cancellable, error))
        goto failed;
    }

  return finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}

static gboolean
is_mp4 (const guint8 *head,
        gsize         length)
{
  return length >= 8 && memcmp (head + 4, "ftyp", 4) == 0;
}

/* WebM: ComfyUI's SaveWEBM sets the container's metadata through PyAV,
 * which FFmpeg's Matroska muxer writes as Segment > Tags > Tag >
 * SimpleTag (TagName "PROMPT" or "prompt", TagString the JSON). Every
 * other element of the segment (the clusters) is skipped by its size. */

#define EBML_HEADER  0x1A45DFA3
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
    return error && *error ? FALSE : damaged (error);

  size_width = 1;
  while (size_width <= 8 && !(head[id_width] & (0x80 >> (size_width - 1))))
    size_width++;
  if (size_width > 8 ||
      (size_width > 1 &&
       (!g_input_stream_read_all (stream, head + id_width + 1, size_width - 1, &n, cancellable, error) ||
        n != size_width - 1)))
    return error && *error ? FALSE : damaged (error);

  if (parse_vint (head, id_width, TRUE, id) != id_width ||
      parse_vint (head + id_width, size_width, FALSE, size) != size_width)
    return damaged (error);
  return TRUE;
}

static void
take_simple_tag (KumoPictureMetadata *metadata,
                 const guint8        *data,
                 gsize                length)
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
        return;
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

  if (name == NULL || text == NULL || !g_utf8_validate_len ((const char *) text, text_length, NULL))
    return;

  if (g_ascii_strcasecmp (name, "prompt") == 0)
    {
      g_free (metadata->prompt);
      metadata->prompt = g_strndup ((const char *) text, text_length);
    }
  else if (g_ascii_strcasecmp (name, "workflow") == 0)
    {
      g_free (metadata->workflow);
      metadata->workflow = g_strndup ((const char *) text, text_length);
    }
}

/* Tags > Tag > SimpleTag, each level walked by its children's sizes. */
static void
take_tags (KumoPictureMetadata *metadata,
           const guint8        *data,
           gsize                length,
           guint64              parent)
{
  gsize offset = 0;

  while (offset < length)
    {
      guint64 id, size;
      guint id_width = parse_vint (data + offset, length - offset, TRUE, &id);
      guint size_width = id_width ? parse_vint (data + offset + id_width, length - offset - id_width, FALSE, &size) : 0;

      if (id_width == 0 || size_width == 0 || size > length - offset - id_width - size_width)
        return;
      offset += id_width + size_width;

      if (parent == EBML_TAGS && id == EBML_TAG)
        take_tags (metadata, data + offset, size, EBML_TAG);
      else if (parent == EBML_TAG && id == EBML_SIMPLE)
        take_simple_tag (metadata, data + offset, size);
      offset += size;
    }
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
          g_autofree guint8 *data = NULL;
          gsize n;

          if (size > 2 * MAX_TEXT)
            {
              g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                           _("The picture’s workflow is larger than any workflow should be: it is not read."));
              goto failed;
            }
          data = g_malloc (MAX (size, 1));
          if (!g_input_stream_read_all (stream, data, size, &n, cancellable, error))
            goto failed;
          if (n != size)
            {
              damaged (error);
              goto failed;
            }
          take_tags (metadata, data, size, EBML_TAGS);
        }
      else if (size > G_MAXSIZE || !skip_bytes (stream, (gsize) size, cancellable, error))
        goto failed;
    }

  return finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}

static gboolean
is_webm (const guint8 *head,
         gsize         length)
{
  return length >= 4 && memcmp (head, ebml_signature, 4) == 0;
}

/**
 * kumo_picture_metadata_is_picture:
 *
 * Whether @head (the first 12 bytes of a file, or fewer) starts a picture
 * or video whose workflow this reads: a PNG, a WebP, an MP4, a WebM.
 */
gboolean
kumo_picture_metadata_is_picture (const guint8 *head,
                                  gsize         length)
{
  return (length >= 8 && memcmp (head, png_signature, 8) == 0) || is_mp4 (head, length) || is_webm (head, length) ||
         (length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0);
}

/**
 * kumo_picture_metadata_read_stream:
 * @stream: a PNG or WebP, from its first byte
 *
 * Reads the workflow a picture carries, without its pixels: a PNG's text
 * chunks, a WebP's EXIF (where ComfyUI's WebP savers put it), an MP4's
 * metadata keys (SaveVideo's), a WebM's tags (SaveWEBM's). Blocking: call
 * from a worker thread.
 *
 * Returns: (transfer full): the texts found, or %NULL with @error set
 *   (not a PNG or WebP, damaged, a text too large, or no workflow in it)
 */
KumoPictureMetadata *
kumo_picture_metadata_read_stream (GInputStream  *stream,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  KumoPictureMetadata *metadata;
  guint8 head[12];
  gsize n = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (!g_input_stream_read_all (stream, head, 8, &n, cancellable, error))
    return NULL;
  if (is_mp4 (head, n))
    return read_mp4 (stream, head, cancellable, error);
  if (is_webm (head, n))
    {
      /* The eight bytes read are the EBML header's id, its size and the
       * start of its content: skip the rest of it, the segment follows. */
      guint8 size_bytes[8];
      guint64 size;
      guint width = 1;
      gsize have = 4;

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
              damaged (error);
              return NULL;
            }
          have = width;
        }

      if (parse_vint (size_bytes, have, FALSE, &size) != width || size == EBML_UNKNOWN_SIZE ||
          size < have - width)
        {
          damaged (error);
          return NULL;
        }
      if (!skip_bytes (stream, size - (have - width), cancellable, error))
        return NULL;
      return read_webm (stream, cancellable, error);
    }
  if (n == 8 && memcmp (head, "RIFF", 4) == 0)
    {
      if (!g_input_stream_read_all (stream, head + 8, 4, &n, cancellable, error))
        return NULL;
      if (n == 4 && kumo_picture_metadata_is_picture (head, 12))
        return read_webp (stream, cancellable, error);
      n = 0;
    }
  if (n != 8 || memcmp (head, png_signature, 8) != 0)
    {
      g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NOT_PNG,
                   _("This is not a PNG or WebP picture, or an MP4 or WebM video."));
      return NULL;
    }

  metadata = g_new0 (KumoPictureMetadata, 1);
  for (;;)
    {
      guint8 chunk_head[8];
      char type[5] = { 0 };
      guint32 length;

      if (!g_input_stream_read_all (stream, chunk_head, sizeof chunk_head, &n, cancellable, error))
        goto failed;
      if (n == 0)
        break;   /* no IEND: what was read stands */
      if (n != sizeof chunk_head)
        {
          damaged (error);
          goto failed;
        }

      length = read_be32 (chunk_head);
      memcpy (type, chunk_head + 4, 4);
      if (length > MAX_CHUNK)
        {
          damaged (error);
          goto failed;
        }

      if (g_str_equal (type, "IEND"))
        break;

      if (is_text_chunk (type))
        {
          g_autofree guint8 *data = NULL;

          if (length > MAX_TEXT)
            {
              g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                           _("The picture’s workflow is larger than any workflow should be: it is not read."));
              goto failed;
            }
          data = g_malloc (MAX (length, 1));
          if (!g_input_stream_read_all (stream, data, length, &n, cancellable, error))
            goto failed;
          if (n != length)
            {
              damaged (error);
              goto failed;
            }
          if (!take_text_chunk (metadata, type, data, length, error))
            goto failed;
          /* The CRC: a damaged chunk fails to parse on its own. */
          if (!skip_bytes (stream, 4, cancellable, error))
            goto failed;
        }
      else if (!skip_bytes (stream, (gsize) length + 4, cancellable, error))
        goto failed;
    }

  return finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}
