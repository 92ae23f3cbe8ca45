/* kumo-emulator-media.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "kumo-emulator-media.h"

/*
 * Real, decodable outputs for the emulator, drawn from the seed and the
 * prompt so that different seeds give different pictures: PNG images
 * (deflated with GIO's zlib compressor) and WAV audio.
 */

static guint32 crc_table[256];

static void
init_crc (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;
          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&done, 1);
    }
}

static guint32
crc32 (const guint8 *data,
       gsize         len,
       guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, b, 4);
}

static void
put_be32 (guint8  *out,
          guint32  value)
{
  out[0] = value >> 24;
  out[1] = value >> 16;
  out[2] = value >> 8;
  out[3] = value;
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_u32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, len);
  crc = crc32 ((const guint8 *) type, 4, 0);
  crc = crc32 (data, len, crc);
  put_u32 (out, crc);
}

static GBytes *
deflate (const guint8 *data,
         gsize         len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_output_stream_write_all (stream, data, len, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* One frame as PNG scanlines (filter byte, then RGB): rings over a
 * gradient, both from the seed and the prompt, with film grain so that
 * the file weighs what a real render does. @phase turns the rings. */
static GByteArray *
render_frame (guint       width,
              guint       height,
              guint64     seed,
              const char *text,
              double      phase)
{
  guint32 hash = g_str_hash (text ? text : "") ^ (guint32) seed ^ (guint32) (seed >> 32);
  guint8 a[3] = { hash, hash >> 8, hash >> 16 };
  guint8 b[3] = { 255 - a[1], a[2] ^ 0x5A, (guint8) (seed * 37) };
  double rings = 4 + seed % 13;
  GByteArray *raw = g_byte_array_sized_new ((width * 3 + 1) * height);
  guint32 grain = hash | 1;

  for (guint y = 0; y < height; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint x = 0; x < width; x++)
        {
          double t = (double) (x + y) / (width + height);
          double dx = x - width / 2.0, dy = y - height / 2.0;
          double ring = 0.5 + 0.5 * sin (sqrt (dx * dx + dy * dy) / width * rings * G_PI * 2 - phase);
          guint8 pixel[3];

          for (int c = 0; c < 3; c++)
            {
              /* xorshift32: cheap noise, the same for the same seed */
              grain ^= grain << 13;
              grain ^= grain >> 17;
              grain ^= grain << 5;
              pixel[c] = (guint8) ((a[c] * (1 - t) + b[c] * t) * (0.7 + 0.3 * ring) * 0.85 + (grain & 0x1F));
            }
          g_byte_array_append (raw, pixel, 3);
        }
    }

  return raw;
}

static void
put_header (GByteArray *png,
            guint       width,
            guint       height)
{
  guint8 ihdr[13] = { 0 };

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_be32 (ihdr, width);
  put_be32 (ihdr + 4, height);
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* RGB */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
}

/**
 * kumo_emulator_make_png:
 *
 * Returns: an RGB PNG: a diagonal blend between two colours picked from
 *   @seed and @text, with rings whose spacing depends on the seed and a
 *   film grain, so that files weigh about what real renders weigh
 *   (an 800×800 image is about 1.5 MB, not a few kilobytes)
 */
GBytes *
kumo_emulator_make_png (guint       width,
                        guint       height,
                        guint64     seed,
                        const char *text)
{
  g_autoptr(GByteArray) raw = NULL;
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;

  init_crc ();
  raw = render_frame (width, height, seed, text, 0);
  idat = deflate (raw->data, raw->len);

  put_header (png, width, height);
  put_chunk (png, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  put_chunk (png, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/**
 * kumo_emulator_make_apng:
 *
 * An animated PNG of @frames frames at 8 fps, what SaveAnimatedPNG
 * writes; it stands in for the emulator's animated and video outputs.
 * Viewers that do not animate show the first frame.
 */
GBytes *
kumo_emulator_make_apng (guint       width,
                         guint       height,
                         guint       frames,
                         guint64     seed,
                         const char *text)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  guint8 actl[8];
  guint32 sequence = 0;

  init_crc ();
  put_header (png, width, height);
  put_be32 (actl, frames);
  put_be32 (actl + 4, 0);   /* loop forever */
  put_chunk (png, "acTL", actl, sizeof actl);

  for (guint i = 0; i < frames; i++)
    {
      g_autoptr(GByteArray) raw = render_frame (width, height, seed, text, i * G_PI * 2 / frames);
      g_autoptr(GBytes) data = deflate (raw->data, raw->len);
      guint8 fctl[26] = { 0 };

      put_be32 (fctl, sequence++);
      put_be32 (fctl + 4, width);
      put_be32 (fctl + 8, height);
      /* x and y offsets 0; delay 1/8 s; dispose none, blend source */
      fctl[20] = 0; fctl[21] = 1;
      fctl[22] = 0; fctl[23] = 8;
      put_chunk (png, "fcTL", fctl, sizeof fctl);

      /* The first frame is the IDAT that every PNG reader shows. */
      if (i == 0)
        put_chunk (png, "IDAT", g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      else
        {
          g_autoptr(GByteArray) fdat = g_byte_array_sized_new (g_bytes_get_size (data) + 4);
          guint8 number[4];

          put_be32 (number, sequence++);
          g_byte_array_append (fdat, number, 4);
          g_byte_array_append (fdat, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
          put_chunk (png, "fdAT", fdat->data, fdat->len);
        }
    }

  put_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/**
 * kumo_emulator_make_animated_webp:
 *
 * An animated WebP of @frames frames at 8 fps, encoded by libwebp as
 * ComfyUI's SaveAnimatedWEBP does (lossy, quality 80).
 *
 * Returns: (nullable): the file, or %NULL if libwebp failed
 */
GBytes *
kumo_emulator_make_animated_webp (guint       width,
                                  guint       height,
                                  guint       frames,
                                  guint64     seed,
                                  const char *text)
{
  WebPAnimEncoderOptions options;
  WebPAnimEncoder *encoder;
  WebPData data = { NULL, 0 };
  GBytes *bytes = NULL;
  gboolean ok = TRUE;

  if (!WebPAnimEncoderOptionsInit (&options))
    return NULL;
  encoder = WebPAnimEncoderNew (width, height, &options);
  if (encoder == NULL)
    return NULL;

  for (guint i = 0; ok && i < frames; i++)
    {
      /* PNG scanlines: each row's RGB follows its filter byte. */
      g_autoptr(GByteArray) raw = render_frame (width, height, seed, text, i * G_PI * 2 / frames);
      WebPConfig config;
      WebPPicture picture;

      ok = WebPConfigInit (&config) && WebPPictureInit (&picture);
      if (!ok)
        break;
      config.quality = 80;
      picture.width = width;
      picture.height = height;
      ok = WebPPictureImportRGB (&picture, raw->data + 1, width * 3 + 1) &&
           WebPAnimEncoderAdd (encoder, &picture, i * 125, &config);
      WebPPictureFree (&picture);
    }

  if (ok && WebPAnimEncoderAdd (encoder, NULL, frames * 125, NULL) && WebPAnimEncoderAssemble (encoder, &data))
    bytes = g_bytes_new (data.bytes, data.size);

  WebPDataClear (&data);
  WebPAnimEncoderDelete (encoder);
  return bytes;
}

static void
put_le (GByteArray *out,
        guint32     value,
        guint       bytes)
{
  for (guint i = 0; i < bytes; i++)
    {
      guint8 b = value >> (8 * i);
      g_byte_array_append (out, &b, 1);
    }
}

/**
 * kumo_emulator_make_wav:
 *
 * Returns: a mono 16-bit 22.05 kHz WAV: a tone whose pitch comes from
 *   @seed, fading out
 */
GBytes *
kumo_emulator_make_wav (guint   seconds_tenths,
                        guint64 seed)
{
  const guint rate = 22050;
  guint samples = rate * seconds_tenths / 10;
  double pitch = 220 + seed % 440;
  g_autoptr(GByteArray) wav = g_byte_array_new ();

  g_byte_array_append (wav, (const guint8 *) "RIFF", 4);
  put_le (wav, 36 + samples * 2, 4);
  g_byte_array_append (wav, (const guint8 *) "WAVEfmt ", 8);
  put_le (wav, 16, 4);
  put_le (wav, 1, 2);          /* PCM */
  put_le (wav, 1, 2);          /* mono */
  put_le (wav, rate, 4);
  put_le (wav, rate * 2, 4);
  put_le (wav, 2, 2);
  put_le (wav, 16, 2);
  g_byte_array_append (wav, (const guint8 *) "data", 4);
  put_le (wav, samples * 2, 4);

  for (guint i = 0; i < samples; i++)
    {
      double fade = 1.0 - (double) i / samples;
      gint16 sample = (gint16) (12000 * fade * sin (2 * G_PI * pitch * i / rate));

      put_le (wav, (guint16) sample, 2);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&wav));
}
