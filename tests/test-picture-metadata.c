/* test-picture-metadata.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kumo-picture-metadata.h"
#include "kumo-test-utils.h"

/* PNGs made here chunk by chunk, as ComfyUI's SaveImage writes them
 * (PIL: IHDR, text chunks, IDAT, IEND), and as hostile files do. CRCs
 * are zero: the reader does not need them. */

static void
add_chunk (GByteArray   *png,
           const char   *type,
           const guint8 *data,
           guint32       length)
{
  guint8 head[8] = { length >> 24, length >> 16, length >> 8, length, type[0], type[1], type[2], type[3] };
  guint8 crc[4] = { 0 };

  g_byte_array_append (png, head, 8);
  g_byte_array_append (png, data, length);
  g_byte_array_append (png, crc, 4);
}

static void
add_text (GByteArray *png,
          const char *type,
          const char *keyword,
          const char *prefix,
          gsize       prefix_length,
          GBytes     *text)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  g_byte_array_append (data, (const guint8 *) keyword, strlen (keyword) + 1);
  g_byte_array_append (data, (const guint8 *) prefix, prefix_length);
  g_byte_array_append (data, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  add_chunk (png, type, data->data, data->len);
}

static GBytes *
compress (const char *text,
          gsize       length)
{
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (text, length, NULL);
  g_autoptr(GInputStream) squeezed = g_converter_input_stream_new (plain, compressor);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_output_stream_splice (out, squeezed, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL), >=, 0);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GByteArray *
png_start (void)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 ihdr[13] = { 0, 0, 0x10, 0, 0, 0, 0x10, 0, 8, 6, 0, 0, 0 };
  GByteArray *png = g_byte_array_new ();

  g_byte_array_append (png, signature, 8);
  add_chunk (png, "IHDR", ihdr, sizeof ihdr);
  return png;
}

static void
png_end (GByteArray *png)
{
  static const guint8 pixels[64] = { 0 };

  add_chunk (png, "IDAT", pixels, sizeof pixels);
  add_chunk (png, "IEND", NULL, 0);
}

static const char prompt[] = "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 5}}}";
static const char workflow[] = "{\"nodes\": [], \"links\": []}";

/* The three text chunk kinds, compressed or not, as writers use them. */
static void
test_picture_metadata_reads (void)
{
  g_autoptr(GByteArray) png = png_start ();
  g_autoptr(GBytes) prompt_text = g_bytes_new_static (prompt, strlen (prompt));
  g_autoptr(GBytes) workflow_packed = compress (workflow, strlen (workflow));
  g_autoptr(KumoPictureMetadata) metadata = NULL;
  g_autoptr(KumoPictureMetadata) itxt = NULL;
  g_autoptr(GByteArray) png2 = png_start ();
  g_autoptr(GError) error = NULL;

  add_text (png, "tEXt", "parameters", "", 0, prompt_text);
  add_text (png, "tEXt", "prompt", "", 0, prompt_text);
  add_text (png, "zTXt", "workflow", "\0", 1, workflow_packed);
  png_end (png);

  metadata = kumo_picture_metadata_read_data (png->data, png->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->prompt, ==, prompt);
  g_assert_cmpstr (metadata->workflow, ==, workflow);

  /* iTXt: flag, method, language, translated keyword, then the text. */
  add_text (png2, "iTXt", "workflow", "\1\0en\0\0", 6, workflow_packed);
  add_text (png2, "iTXt", "prompt", "\0\0\0\0", 4, prompt_text);
  png_end (png2);
  itxt = kumo_picture_metadata_read_data (png2->data, png2->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (itxt->prompt, ==, prompt);
  g_assert_cmpstr (itxt->workflow, ==, workflow);
}

static void
expect_error (GByteArray *png,
              int         code)
{
  g_autoptr(KumoPictureMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  metadata = kumo_picture_metadata_read_data (png->data, png->len, &error);
  g_assert_null (metadata);
  g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, code);
  g_assert_nonnull (error->message);
}

/* Hostile pictures: each gets a clear error, none a crash or a huge
 * allocation. */
static void
test_picture_metadata_hostile (void)
{
  g_autoptr(GBytes) prompt_text = g_bytes_new_static (prompt, strlen (prompt));
  g_autoptr(GByteArray) plain = png_start ();
  g_autoptr(GByteArray) cut = NULL;
  g_autoptr(GByteArray) liar = png_start ();
  g_autoptr(GByteArray) huge = png_start ();
  g_autoptr(GByteArray) bad_utf8 = png_start ();
  g_autoptr(GByteArray) bomb = png_start ();
  g_autoptr(GByteArray) none = png_start ();
  g_autoptr(GByteArray) bad_zlib = png_start ();
  g_autoptr(GBytes) invalid = g_bytes_new_static ("{\"a\": \"\xff\xfe\"}", 12);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not zlib at all", 15);
  g_autofree char *zeros = g_malloc0 (40 * 1024 * 1024);
  g_autoptr(GBytes) packed_zeros = compress (zeros, 40 * 1024 * 1024);
  static const guint8 huge_head[8] = { 0x06, 0x40, 0x00, 0x00, 't', 'E', 'X', 't' };

  /* Not a PNG at all. */
  {
    g_autoptr(GByteArray) jpeg = g_byte_array_new ();

    g_byte_array_append (jpeg, (const guint8 *) "\xff\xd8\xff\xe0 JFIF", 10);
    expect_error (jpeg, KUMO_PICTURE_METADATA_ERROR_NOT_PNG);
  }

  /* Cut short in the middle of the prompt. */
  add_text (plain, "tEXt", "prompt", "", 0, prompt_text);
  png_end (plain);
  cut = g_byte_array_sized_new (40);
  g_byte_array_append (cut, plain->data, 8 + 25 + 20);
  expect_error (cut, KUMO_PICTURE_METADATA_ERROR_DAMAGED);

  /* A chunk that says it is longer than the file. */
  {
    static const guint8 head[8] = { 0x00, 0x10, 0x00, 0x00, 't', 'E', 'X', 't' };

    g_byte_array_append (liar, head, 8);
    g_byte_array_append (liar, (const guint8 *) "prompt\0{}", 9);
    expect_error (liar, KUMO_PICTURE_METADATA_ERROR_DAMAGED);
  }

  /* A 100 MB text chunk: refused before anything is allocated. */
  g_byte_array_append (huge, huge_head, 8);
  g_byte_array_append (huge, (const guint8 *) "prompt\0", 7);
  expect_error (huge, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE);

  /* Text that is not UTF-8. */
  add_text (bad_utf8, "tEXt", "prompt", "", 0, invalid);
  png_end (bad_utf8);
  expect_error (bad_utf8, KUMO_PICTURE_METADATA_ERROR_DAMAGED);

  /* A zip bomb: 40 KB that inflate to 40 MB. */
  g_assert_cmpuint (g_bytes_get_size (packed_zeros), <, 100 * 1024);
  add_text (bomb, "zTXt", "workflow", "\0", 1, packed_zeros);
  png_end (bomb);
  expect_error (bomb, KUMO_PICTURE_METADATA_ERROR_TOO_LARGE);

  /* A compressed chunk that is not zlib. */
  add_text (bad_zlib, "zTXt", "prompt", "\0", 1, garbage);
  png_end (bad_zlib);
  expect_error (bad_zlib, KUMO_PICTURE_METADATA_ERROR_DAMAGED);

  /* A picture without a workflow. */
  png_end (none);
  expect_error (none, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW);
}

/* Only the chunks are read: the pixels are skipped, not decoded or
 * even read, so a 20-megapixel picture's workflow comes at once. */
static void
test_picture_metadata_skips_pixels (void)
{
  g_autoptr(GByteArray) png = png_start ();
  g_autoptr(GBytes) prompt_text = g_bytes_new_static (prompt, strlen (prompt));
  g_autofree guint8 *pixels = g_malloc0 (60 * 1024 * 1024);
  g_autoptr(KumoPictureMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  add_chunk (png, "IDAT", pixels, 60 * 1024 * 1024);
  add_text (png, "tEXt", "prompt", "", 0, prompt_text);
  add_chunk (png, "IEND", NULL, 0);

  metadata = kumo_picture_metadata_read_data (png->data, png->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->prompt, ==, prompt);
  g_assert_null (metadata->workflow);
}

/* A WebP as PIL writes ComfyUI's SaveAnimatedWEBP: frames, then an EXIF
 * chunk ("Exif\0\0" and a TIFF block) whose IFD0 holds Model
 * "prompt:{…}" and Make "workflow:{…}" as ASCII. */
static void
put16 (GByteArray *out,
       guint16     value,
       gboolean    big_endian)
{
  guint8 bytes[2] = { big_endian ? value >> 8 : value, big_endian ? value : value >> 8 };

  g_byte_array_append (out, bytes, 2);
}

static void
put32 (GByteArray *out,
       guint32     value,
       gboolean    big_endian)
{
  guint8 bytes[4];

  for (guint i = 0; i < 4; i++)
    bytes[i] = big_endian ? value >> (24 - 8 * i) : value >> (8 * i);
  g_byte_array_append (out, bytes, 4);
}

static GByteArray *
make_exif (const char * const *texts,
           gboolean            big_endian,
           gboolean            prefix)
{
  GByteArray *exif = g_byte_array_new ();
  guint n = g_strv_length ((char **) texts);
  guint32 offset = 8 + 2 + 12 * n + 4;

  if (prefix)
    g_byte_array_append (exif, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (exif, (const guint8 *) (big_endian ? "MM\0*" : "II*\0"), 4);
  put32 (exif, 8, big_endian);
  put16 (exif, n, big_endian);
  for (guint i = 0; i < n; i++)
    {
      put16 (exif, 0x0110 - i, big_endian);
      put16 (exif, 2, big_endian);
      put32 (exif, strlen (texts[i]) + 1, big_endian);
      put32 (exif, offset, big_endian);
      offset += strlen (texts[i]) + 1;
    }
  put32 (exif, 0, big_endian);
  for (guint i = 0; i < n; i++)
    g_byte_array_append (exif, (const guint8 *) texts[i], strlen (texts[i]) + 1);

  return exif;
}

static void
add_riff_chunk (GByteArray   *webp,
                const char   *type,
                const guint8 *data,
                guint32       length)
{
  g_byte_array_append (webp, (const guint8 *) type, 4);
  put32 (webp, length, FALSE);
  g_byte_array_append (webp, data, length);
  if (length & 1)
    g_byte_array_append (webp, (const guint8 *) "", 1);
}

static GBytes *
make_webp (GByteArray *exif)
{
  static const guint8 frame[11] = { 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88 };
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *webp = g_byte_array_new ();

  add_riff_chunk (body, "VP8L", frame, sizeof frame);
  if (exif != NULL)
    add_riff_chunk (body, "EXIF", exif->data, exif->len);

  g_byte_array_append (webp, (const guint8 *) "RIFF", 4);
  put32 (webp, body->len + 4, FALSE);
  g_byte_array_append (webp, (const guint8 *) "WEBP", 4);
  g_byte_array_append (webp, body->data, body->len);
  return g_byte_array_free_to_bytes (webp);
}

static void
test_picture_metadata_webp (void)
{
  static const char * const texts[] = { "prompt:{\"3\": {}}", "workflow:{\"nodes\": []}", NULL };
  static const char * const prompt_only[] = { "Prompt:{\"9\": {}}", NULL };
  static const char * const other[] = { "Canon", NULL };

  for (guint big_endian = 0; big_endian < 2; big_endian++)
    {
      g_autoptr(GByteArray) exif = make_exif (texts, big_endian, !big_endian);
      g_autoptr(GBytes) webp = make_webp (exif);
      g_autoptr(KumoPictureMetadata) metadata = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (kumo_picture_metadata_is_picture (g_bytes_get_data (webp, NULL), 12));
      metadata = kumo_picture_metadata_read_data (g_bytes_get_data (webp, NULL), g_bytes_get_size (webp), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (metadata->prompt, ==, "{\"3\": {}}");
      g_assert_cmpstr (metadata->workflow, ==, "{\"nodes\": []}");
    }

  {
    g_autoptr(GByteArray) exif = make_exif (prompt_only, FALSE, TRUE);
    g_autoptr(GBytes) webp = make_webp (exif);
    g_autoptr(KumoPictureMetadata) metadata = NULL;
    g_autoptr(GError) error = NULL;

    metadata = kumo_picture_metadata_read_data (g_bytes_get_data (webp, NULL), g_bytes_get_size (webp), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (metadata->prompt, ==, "{\"9\": {}}");
    g_assert_null (metadata->workflow);
  }

  /* A camera's EXIF, or none: no workflow. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GByteArray) exif = i == 0 ? make_exif (other, FALSE, TRUE) : NULL;
      g_autoptr(GBytes) webp = make_webp (exif);
      g_autoptr(GError) error = NULL;

      g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (webp, NULL), g_bytes_get_size (webp), &error));
      g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW);
    }

  /* Entries that point past the block, an IFD that lies about its size,
   * and a file cut inside the EXIF chunk. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GByteArray) exif = make_exif (texts, FALSE, TRUE);
      g_autoptr(GBytes) webp = NULL;
      g_autoptr(GError) error = NULL;
      gsize size;

      if (i == 0)
        exif->data[6 + 8 + 2 + 8] = 0xff;         /* first entry's count: huge */
      else if (i == 1)
        exif->data[6 + 8] = 0xff;                 /* entry count */
      webp = make_webp (exif);
      size = g_bytes_get_size (webp) - (i == 2 ? 20 : 0);

      g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (webp, NULL), size, &error));
      g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED);
    }
}

/* An MP4 as FFmpeg writes ComfyUI's SaveVideo (PyAV, movflags
 * use_metadata_tags): ftyp, the media data, then moov with a QuickTime
 * meta box of mdta keys ("prompt", "workflow") and their items. */
static void
add_box (GByteArray   *out,
         const char   *type,
         const guint8 *data,
         gsize         length)
{
  put32 (out, length + 8, TRUE);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, length);
}

static GBytes *
make_mp4 (gboolean in_udta,
          gboolean full_box,
          gboolean with_keys)
{
  static const char * const keys[] = { "encoder", "prompt", "workflow" };
  static const char * const values[] = { "Lavf60", "{\"3\": {}}", "{\"nodes\": []}" };
  g_autoptr(GByteArray) key_box = g_byte_array_new ();
  g_autoptr(GByteArray) ilst = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) moov = g_byte_array_new ();
  g_autoptr(GByteArray) udta = g_byte_array_new ();
  GByteArray *mp4 = g_byte_array_new ();
  static const guint8 hdlr[25] = { 0, 0, 0, 0, 0, 0, 0, 0, 'm', 'd', 't', 'a' };
  static const guint8 mdat[64] = { 0 };
  static const guint8 mvhd[100] = { 0 };

  put32 (key_box, 0, TRUE);
  put32 (key_box, G_N_ELEMENTS (keys), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      put32 (key_box, strlen (keys[i]) + 8, TRUE);
      g_byte_array_append (key_box, (const guint8 *) "mdta", 4);
      g_byte_array_append (key_box, (const guint8 *) keys[i], strlen (keys[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GByteArray) item = g_byte_array_new ();
      guint8 index[4] = { 0, 0, 0, i + 1 };

      put32 (data, 1, TRUE);   /* UTF-8 */
      put32 (data, 0, TRUE);   /* locale */
      g_byte_array_append (data, (const guint8 *) values[i], strlen (values[i]));
      add_box (item, "data", data->data, data->len);
      add_box (ilst, (const char *) index, item->data, item->len);
    }

  if (full_box)
    put32 (meta, 0, TRUE);
  add_box (meta, "hdlr", hdlr, sizeof hdlr);
  if (with_keys)
    add_box (meta, "keys", key_box->data, key_box->len);
  add_box (meta, "ilst", ilst->data, ilst->len);

  add_box (moov, "mvhd", mvhd, sizeof mvhd);
  if (in_udta)
    {
      add_box (udta, "meta", meta->data, meta->len);
      add_box (moov, "udta", udta->data, udta->len);
    }
  else
    add_box (moov, "meta", meta->data, meta->len);

  add_box (mp4, "ftyp", (const guint8 *) "isom\0\0\2\0isomiso2avc1mp41", 24);
  add_box (mp4, "free", NULL, 0);
  add_box (mp4, "mdat", mdat, sizeof mdat);
  add_box (mp4, "moov", moov->data, moov->len);
  return g_byte_array_free_to_bytes (mp4);
}

static void
test_picture_metadata_mp4 (void)
{
  for (guint variant = 0; variant < 4; variant++)
    {
      g_autoptr(GBytes) mp4 = make_mp4 (variant & 1, variant & 2, TRUE);
      g_autoptr(KumoPictureMetadata) metadata = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (kumo_picture_metadata_is_picture (g_bytes_get_data (mp4, NULL), 12));
      metadata = kumo_picture_metadata_read_data (g_bytes_get_data (mp4, NULL), g_bytes_get_size (mp4), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (metadata->prompt, ==, "{\"3\": {}}");
      g_assert_cmpstr (metadata->workflow, ==, "{\"nodes\": []}");
    }

  /* Items without their names, and a video cut short in its moov. */
  {
    g_autoptr(GBytes) mp4 = make_mp4 (FALSE, FALSE, FALSE);
    g_autoptr(GError) error = NULL;

    g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (mp4, NULL), g_bytes_get_size (mp4), &error));
    g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW);
  }
  {
    g_autoptr(GBytes) mp4 = make_mp4 (TRUE, TRUE, TRUE);
    g_autoptr(GError) error = NULL;

    g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (mp4, NULL), g_bytes_get_size (mp4) - 10, &error));
    g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED);
  }
}

/* A WebM as FFmpeg's Matroska muxer writes SaveWEBM's: the EBML header,
 * a segment of unknown size, Info, Tags (SimpleTag "PROMPT" and
 * "WORKFLOW"), clusters. @eight_byte_sizes as libwebm writes them. */
static void
add_element (GByteArray   *out,
             guint32       id,
             const guint8 *data,
             gsize         length,
             gboolean      eight_byte_sizes)
{
  guint8 id_bytes[4] = { id >> 24, id >> 16, id >> 8, id };
  guint skip = id > 0xffffff ? 0 : id > 0xffff ? 1 : id > 0xff ? 2 : 3;

  g_byte_array_append (out, id_bytes + skip, 4 - skip);
  if (eight_byte_sizes)
    {
      guint8 size[8] = { 0x01, 0, 0, length >> 32, length >> 24, length >> 16, length >> 8, length };
      g_byte_array_append (out, size, 8);
    }
  else
    {
      guint8 size[2] = { 0x40 | (length >> 8), length };
      g_assert_cmpuint (length, <, 0x3fff);
      g_byte_array_append (out, size, 2);
    }
  g_byte_array_append (out, data, length);
}

static void
add_simple_tag (GByteArray *tag,
                const char *name,
                const char *value)
{
  g_autoptr(GByteArray) simple = g_byte_array_new ();

  add_element (simple, 0x45A3, (const guint8 *) name, strlen (name), FALSE);
  add_element (simple, 0x4487, (const guint8 *) value, strlen (value), FALSE);
  add_element (tag, 0x67C8, simple->data, simple->len, FALSE);
}

static GBytes *
make_webm (gboolean eight_byte_sizes,
           gboolean tags_after_live_cluster)
{
  static const guint8 doctype[] = { 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm' };
  static const guint8 info[8] = { 0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40, 0 };
  static const guint8 frames[300] = { 0xE7, 0x81, 0x00 };
  static const guint8 unknown[8] = { 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  g_autoptr(GByteArray) tag = g_byte_array_new ();
  g_autoptr(GByteArray) tags = g_byte_array_new ();
  g_autoptr(GByteArray) segment = g_byte_array_new ();
  GByteArray *webm = g_byte_array_new ();

  add_element (tag, 0x63C0, NULL, 0, FALSE);   /* Targets: the whole file */
  add_simple_tag (tag, "PROMPT", "{\"3\": {}}");
  add_simple_tag (tag, "WORKFLOW", "{\"nodes\": []}");
  add_simple_tag (tag, "ENCODER", "Lavf60.16.100");
  /* A tag naming itself twice (found by fuzzing: the first name leaked). */
  {
    g_autoptr(GByteArray) twice = g_byte_array_new ();

    add_element (twice, 0x45A3, (const guint8 *) "TITLE", 5, FALSE);
    add_element (twice, 0x45A3, (const guint8 *) "ARTIST", 6, FALSE);
    add_element (twice, 0x4487, (const guint8 *) "Kumo", 4, FALSE);
    add_element (tag, 0x67C8, twice->data, twice->len, FALSE);
  }
  add_element (tags, 0x7373, tag->data, tag->len, FALSE);

  add_element (segment, 0x1549A966, info, sizeof info, eight_byte_sizes);
  if (tags_after_live_cluster)
    {
      g_byte_array_append (segment, (const guint8 *) "\x1f\x43\xb6\x75", 4);
      g_byte_array_append (segment, unknown, 8);
    }
  add_element (segment, 0x1F43B675, frames, sizeof frames, eight_byte_sizes);
  add_element (segment, 0x1254C367, tags->data, tags->len, eight_byte_sizes);
  add_element (segment, 0x1F43B675, frames, sizeof frames, eight_byte_sizes);

  add_element (webm, 0x1A45DFA3, doctype, sizeof doctype, eight_byte_sizes);
  g_byte_array_append (webm, (const guint8 *) "\x18\x53\x80\x67", 4);
  g_byte_array_append (webm, unknown, 8);
  g_byte_array_append (webm, segment->data, segment->len);
  return g_byte_array_free_to_bytes (webm);
}

static void
test_picture_metadata_webm (void)
{
  for (guint eight = 0; eight < 2; eight++)
    {
      g_autoptr(GBytes) webm = make_webm (eight, FALSE);
      g_autoptr(KumoPictureMetadata) metadata = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (kumo_picture_metadata_is_picture (g_bytes_get_data (webm, NULL), 12));
      metadata = kumo_picture_metadata_read_data (g_bytes_get_data (webm, NULL), g_bytes_get_size (webm), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (metadata->prompt, ==, "{\"3\": {}}");
      g_assert_cmpstr (metadata->workflow, ==, "{\"nodes\": []}");
    }

  /* Behind a cluster of unknown size (a live recording) nothing can be
   * found; a file cut inside its tags is damaged. */
  {
    g_autoptr(GBytes) webm = make_webm (FALSE, TRUE);
    g_autoptr(GError) error = NULL;

    g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (webm, NULL), g_bytes_get_size (webm), &error));
    g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW);
  }
  {
    g_autoptr(GBytes) webm = make_webm (FALSE, FALSE);
    g_autoptr(GError) error = NULL;

    g_assert_null (kumo_picture_metadata_read_data (g_bytes_get_data (webm, NULL), g_bytes_get_size (webm) - 320, &error));
    g_assert_error (error, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_DAMAGED);
  }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/picture-metadata/reads", test_picture_metadata_reads);
  g_test_add_func ("/picture-metadata/hostile", test_picture_metadata_hostile);
  g_test_add_func ("/picture-metadata/skips-pixels", test_picture_metadata_skips_pixels);
  g_test_add_func ("/picture-metadata/webp", test_picture_metadata_webp);
  g_test_add_func ("/picture-metadata/mp4", test_picture_metadata_mp4);
  g_test_add_func ("/picture-metadata/webm", test_picture_metadata_webm);

  return g_test_run ();
}
