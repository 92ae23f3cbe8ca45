/* kumo-concat-input-stream.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-concat-input-stream.h"

/*
 * Several streams read one after the other: a multipart upload is the
 * form's head, the file straight from disk, and the closing boundary,
 * so a 2 GB video is sent without ever being in memory. Asynchronous
 * reads use GInputStream's default, which runs read_fn in a thread.
 */
struct _KumoConcatInputStream
{
  GInputStream  parent_instance;

  GPtrArray    *streams;
  guint         current;
};

G_DEFINE_FINAL_TYPE (KumoConcatInputStream, kumo_concat_input_stream, G_TYPE_INPUT_STREAM)

static gssize
kumo_concat_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  KumoConcatInputStream *self = KUMO_CONCAT_INPUT_STREAM (stream);

  while (self->current < self->streams->len)
    {
      gssize n = g_input_stream_read (g_ptr_array_index (self->streams, self->current),
                                      buffer, count, cancellable, error);

      if (n != 0)
        return n;   /* data, or -1 with @error set */

      self->current++;
    }

  return 0;
}

static gboolean
kumo_concat_input_stream_close (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  KumoConcatInputStream *self = KUMO_CONCAT_INPUT_STREAM (stream);
  gboolean ok = TRUE;

  for (guint i = 0; i < self->streams->len; i++)
    if (!g_input_stream_close (g_ptr_array_index (self->streams, i), cancellable, ok ? error : NULL))
      ok = FALSE;

  return ok;
}

static void
kumo_concat_input_stream_finalize (GObject *object)
{
  KumoConcatInputStream *self = KUMO_CONCAT_INPUT_STREAM (object);

  g_ptr_array_unref (self->streams);

  G_OBJECT_CLASS (kumo_concat_input_stream_parent_class)->finalize (object);
}

static void
kumo_concat_input_stream_class_init (KumoConcatInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = kumo_concat_input_stream_finalize;
  stream_class->read_fn = kumo_concat_input_stream_read;
  stream_class->close_fn = kumo_concat_input_stream_close;
}

static void
kumo_concat_input_stream_init (KumoConcatInputStream *self)
{
  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
}

GInputStream *
kumo_concat_input_stream_new (GInputStream * const *streams,
                              guint                 n_streams)
{
  KumoConcatInputStream *self = g_object_new (KUMO_TYPE_CONCAT_INPUT_STREAM, NULL);

  for (guint i = 0; i < n_streams; i++)
    g_ptr_array_add (self->streams, g_object_ref (streams[i]));

  return G_INPUT_STREAM (self);
}
