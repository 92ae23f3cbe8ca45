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

#include "kumo-picture-metadata-private.h"

/*
 * The workflow a PNG carries. ComfyUI's SaveImage (and Kumo, which
 * saves files byte for byte) writes it into text chunks: "prompt" is
 * the API format, "workflow" the editor's. Only the chunks are read,
 * never the pixels: image data chunks are skipped (seeked past where
 * the stream allows), so a 20-megapixel picture costs a few reads.
 *
 * A picture is outside data: every length is checked before it is
 * trusted, text is limited (KUMO_MAX_METADATA_TEXT, and so is what a compressed chunk
 * inflates to, against zip bombs), and text must be valid UTF-8.
 */


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

gboolean
_kumo_picture_metadata_damaged (GError **error)
{
  g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
               _("The picture is damaged or cut short: its workflow cannot be read."));
  return FALSE;
}

/* Inflates a zlib stream, giving up past KUMO_MAX_METADATA_TEXT. */
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
          _kumo_picture_metadata_damaged (error);
          return NULL;
        }

      read_total += bytes_read;
      g_byte_array_append (out, buffer, bytes_written);
      if (out->len > KUMO_MAX_METADATA_TEXT)
        {
          g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                       _("The picture’s workflow is larger than any workflow should be: it is not read."));
          return NULL;
        }
      if (result == G_CONVERTER_FINISHED)
        return g_byte_array_free_to_bytes (g_steal_pointer (&out));
      if (bytes_read == 0 && bytes_written == 0)
        {
          _kumo_picture_metadata_damaged (error);
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
        return _kumo_picture_metadata_damaged (error);
      text++;
      compressed = TRUE;
    }
  else if (g_str_equal (type, "iTXt"))
    {
      const guint8 *language_end, *translated_end;

      if (end - text < 2)
        return _kumo_picture_metadata_damaged (error);
      compressed = text[0] != 0;
      if (compressed && text[1] != 0)
        return _kumo_picture_metadata_damaged (error);
      text += 2;
      if (!(language_end = memchr (text, '\0', end - text)) ||
          !(translated_end = memchr (language_end + 1, '\0', end - (language_end + 1))))
        return _kumo_picture_metadata_damaged (error);
      text = translated_end + 1;
    }

  text_length = end - text;
  if (compressed)
    {
      if (!(inflated = inflate (text, text_length, error)))
        return FALSE;
      text = g_bytes_get_data (inflated, &text_length);
    }

  return _kumo_picture_metadata_take_text (slot, text, text_length, error);
}

static gboolean
is_text_chunk (const char *type)
{
  return g_str_equal (type, "tEXt") || g_str_equal (type, "zTXt") || g_str_equal (type, "iTXt");
}

KumoPictureMetadata *
_kumo_picture_metadata_finish (KumoPictureMetadata  *metadata,
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

gboolean
_kumo_picture_metadata_skip (GInputStream  *stream,
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
        return _kumo_picture_metadata_damaged (error);
      count -= skipped;
    }
  return TRUE;
}

/* TIFF numbers are either byte order, as the header says. */
static guint32
tiff_u32 (const guint8 *data,
          gboolean      big_endian)
{
  return big_endian ? _kumo_read_be32 (data) : _kumo_read_le32 (data);
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

      return _kumo_picture_metadata_take_text (slot, text + key_length, length - key_length, error);
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
    return _kumo_picture_metadata_damaged (error);

  count = tiff_u16 (data + ifd, big_endian);
  if (count > (length - ifd - 2) / 12)
    return _kumo_picture_metadata_damaged (error);

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
        return _kumo_picture_metadata_damaged (error);
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
          _kumo_picture_metadata_damaged (error);
          goto failed;
        }

      length = _kumo_read_le32 (chunk_head + 4);
      padded = (gsize) length + (length & 1);

      if (memcmp (chunk_head, "EXIF", 4) == 0)
        {
          g_autofree guint8 *data = _kumo_picture_metadata_read_block (stream, length, 2 * KUMO_MAX_METADATA_TEXT,
                                                                       cancellable, error);
          guint8 pad;

          if (data == NULL || !take_exif (metadata, data, length, error))
            goto failed;
          /* The pad byte of an odd chunk; a file may end without it. */
          if ((length & 1) && !g_input_stream_read_all (stream, &pad, 1, &n, cancellable, error))
            goto failed;
        }
      else if (!_kumo_picture_metadata_skip (stream, padded, cancellable, error))
        goto failed;
    }

  return _kumo_picture_metadata_finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
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
  return (length >= 8 && memcmp (head, png_signature, 8) == 0) ||
         _kumo_mp4_metadata_is_mp4 (head, length) || _kumo_webm_metadata_is_webm (head, length) ||
         (length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0);
}

/* A workflow's text into @slot (the prompt or the workflow), if it is
 * text: a later copy replaces an earlier one, as ComfyUI reads them. */
gboolean
_kumo_picture_metadata_take_text (char         **slot,
                                  const guint8  *text,
                                  gsize          length,
                                  GError       **error)
{
  if (!g_utf8_validate_len ((const char *) text, length, NULL))
    {
      g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED,
                   _("The picture’s workflow is not valid text."));
      return FALSE;
    }

  g_free (*slot);
  *slot = g_strndup ((const char *) text, length);
  return TRUE;
}

/* The @length bytes of a block whose content is wanted, refused past
 * @limit before anything is allocated: lengths come from the file. */
guint8 *
_kumo_picture_metadata_read_block (GInputStream  *stream,
                                   guint64        length,
                                   guint64        limit,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree guint8 *data = NULL;
  gsize n;

  if (length > limit)
    {
      g_set_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE,
                   _("The picture’s workflow is larger than any workflow should be: it is not read."));
      return NULL;
    }

  data = g_malloc (MAX (length, 1));
  if (!g_input_stream_read_all (stream, data, length, &n, cancellable, error))
    return NULL;
  if (n != length)
    {
      _kumo_picture_metadata_damaged (error);
      return NULL;
    }

  return g_steal_pointer (&data);
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
  if (_kumo_mp4_metadata_is_mp4 (head, n))
    return _kumo_mp4_metadata_read (stream, head, cancellable, error);
  if (_kumo_webm_metadata_is_webm (head, n))
    return _kumo_webm_metadata_read (stream, head, cancellable, error);
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
          _kumo_picture_metadata_damaged (error);
          goto failed;
        }

      length = _kumo_read_be32 (chunk_head);
      memcpy (type, chunk_head + 4, 4);
      if (length > MAX_CHUNK)
        {
          _kumo_picture_metadata_damaged (error);
          goto failed;
        }

      if (g_str_equal (type, "IEND"))
        break;

      if (is_text_chunk (type))
        {
          g_autofree guint8 *data = _kumo_picture_metadata_read_block (stream, length, KUMO_MAX_METADATA_TEXT,
                                                                       cancellable, error);

          if (data == NULL || !take_text_chunk (metadata, type, data, length, error))
            goto failed;
          /* The CRC: a damaged chunk fails to parse on its own. */
          if (!_kumo_picture_metadata_skip (stream, 4, cancellable, error))
            goto failed;
        }
      else if (!_kumo_picture_metadata_skip (stream, (gsize) length + 4, cancellable, error))
        goto failed;
    }

  return _kumo_picture_metadata_finish (metadata, error);

failed:
  kumo_picture_metadata_free (metadata);
  return NULL;
}
