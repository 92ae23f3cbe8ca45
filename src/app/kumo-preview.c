/* kumo-preview.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-preview"

#include "config.h"

#include "kumo-preview.h"

/*
 * A live preview as a texture: the encoded image a job streams (a JPEG
 * or PNG per sampling step) is decoded in a worker thread, never on the
 * main loop. Frames that arrive while one is being decoded are not
 * queued: only the newest is decoded next, so a server that sends
 * faster than the machine decodes makes the preview skip frames, not
 * lag behind or pile up work.
 */
struct _KumoPreview
{
  GObject       parent_instance;

  GBytes       *pending;    /* the newest frame not decoded yet */
  GdkTexture   *texture;
  GCancellable *cancellable;
  gboolean      decoding;
  guint         n_decoded;
};

G_DEFINE_FINAL_TYPE (KumoPreview, kumo_preview, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void decode_next (KumoPreview *self);

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KumoPreview *self = KUMO_PREVIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->decoding = FALSE;

  /* A frame that does not decode is skipped; the last good one stays. */
  if (texture != NULL)
    {
      self->n_decoded++;
      g_set_object (&self->texture, texture);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
    }
  else
    g_debug ("A preview frame could not be decoded: %s", error->message);

  decode_next (self);
}

static void
decode_next (KumoPreview *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->decoding || self->pending == NULL)
    return;

  self->decoding = TRUE;
  task = g_task_new (self, self->cancellable, decoded_cb, NULL);
  g_task_set_source_tag (task, decode_next);
  g_task_set_task_data (task, g_steal_pointer (&self->pending), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_thread);
}

/**
 * kumo_preview_set_bytes:
 * @bytes: (nullable): an encoded image, or %NULL to show none
 */
void
kumo_preview_set_bytes (KumoPreview *self,
                        GBytes      *bytes)
{
  g_return_if_fail (KUMO_IS_PREVIEW (self));

  g_clear_pointer (&self->pending, g_bytes_unref);

  /* None: a frame being decoded is dropped too. */
  if (bytes == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->decoding = FALSE;
      if (self->texture != NULL)
        {
          g_clear_object (&self->texture);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
        }
      return;
    }

  self->pending = g_bytes_ref (bytes);
  decode_next (self);
}

/**
 * kumo_preview_get_texture:
 *
 * Returns: (nullable) (transfer none): the newest frame decoded
 */
GdkTexture *
kumo_preview_get_texture (KumoPreview *self)
{
  g_return_val_if_fail (KUMO_IS_PREVIEW (self), NULL);

  return self->texture;
}

/* How many frames were decoded (for the benchmark: the rest were skipped). */
guint
kumo_preview_get_n_decoded (KumoPreview *self)
{
  g_return_val_if_fail (KUMO_IS_PREVIEW (self), 0);

  return self->n_decoded;
}

static void
kumo_preview_dispose (GObject *object)
{
  KumoPreview *self = (KumoPreview *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (kumo_preview_parent_class)->dispose (object);
}

static void
kumo_preview_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KumoPreview *self = KUMO_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_preview_class_init (KumoPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_preview_dispose;
  object_class->get_property = kumo_preview_get_property;

  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_preview_init (KumoPreview *self)
{
  self->cancellable = g_cancellable_new ();
}

KumoPreview *
kumo_preview_new (void)
{
  return g_object_new (KUMO_TYPE_PREVIEW, NULL);
}
