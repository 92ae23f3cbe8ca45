/* kumo-animation.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-animation"

#include "config.h"

#include "kumo-animation.h"

/*
 * An animated output (SaveAnimatedWEBP, a GIF) as a GdkPaintable that
 * plays: each frame is shown for as long as the file says, and the
 * animation loops. The frames were decoded with the file, off the main
 * thread (kumo_picture_load_async()): an animated WebP as a list of
 * textures (libwebp's own decoder), a GIF as gdk-pixbuf's animation,
 * whose next frame only needs wrapping in a texture.
 */
struct _KumoAnimation
{
  GObject                 parent_instance;

  GdkPixbufAnimation     *animation;   /* or: */
  GdkPixbufAnimationIter *iter;
  GPtrArray              *frames;      /* GdkTexture */
  GArray                 *delays;      /* guint ms, one per frame */
  guint                   index;

  GdkTexture             *frame;
  guint                   timeout;
  guint                   n_shown;
  gboolean                playing;
};

static void kumo_animation_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KumoAnimation, kumo_animation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, kumo_animation_paintable_init))

static void schedule (KumoAnimation *self);

static void
show_frame (KumoAnimation *self)
{
  g_clear_object (&self->frame);
  if (self->frames != NULL)
    self->frame = g_object_ref (g_ptr_array_index (self->frames, self->index));
  else
    self->frame = gdk_texture_new_for_pixbuf (gdk_pixbuf_animation_iter_get_pixbuf (self->iter));
  self->n_shown++;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static gboolean
next_frame_cb (gpointer data)
{
  KumoAnimation *self = data;

  self->timeout = 0;
  if (self->frames != NULL)
    {
      self->index = (self->index + 1) % self->frames->len;
      show_frame (self);
    }
  else if (gdk_pixbuf_animation_iter_advance (self->iter, NULL))
    show_frame (self);
  schedule (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (KumoAnimation *self)
{
  int delay = self->frames != NULL ? (int) g_array_index (self->delays, guint, self->index)
                                   : gdk_pixbuf_animation_iter_get_delay_time (self->iter);

  g_clear_handle_id (&self->timeout, g_source_remove);
  /* -1: the last frame stays. Very short delays are what browsers
   * treat as 100 ms, and so does Kumo. */
  if (self->playing && delay >= 0)
    self->timeout = g_timeout_add (delay < 20 ? 100 : delay, next_frame_cb, self);
}

static void
kumo_animation_snapshot (GdkPaintable *paintable,
                         GdkSnapshot  *snapshot,
                         double        width,
                         double        height)
{
  KumoAnimation *self = KUMO_ANIMATION (paintable);

  gdk_paintable_snapshot (GDK_PAINTABLE (self->frame), snapshot, width, height);
}

static int
kumo_animation_get_intrinsic_width (GdkPaintable *paintable)
{
  return gdk_texture_get_width (KUMO_ANIMATION (paintable)->frame);
}

static int
kumo_animation_get_intrinsic_height (GdkPaintable *paintable)
{
  return gdk_texture_get_height (KUMO_ANIMATION (paintable)->frame);
}

static GdkPaintable *
kumo_animation_get_current_image (GdkPaintable *paintable)
{
  return GDK_PAINTABLE (g_object_ref (KUMO_ANIMATION (paintable)->frame));
}

static void
kumo_animation_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = kumo_animation_snapshot;
  iface->get_intrinsic_width = kumo_animation_get_intrinsic_width;
  iface->get_intrinsic_height = kumo_animation_get_intrinsic_height;
  iface->get_current_image = kumo_animation_get_current_image;
}

static void
kumo_animation_dispose (GObject *object)
{
  KumoAnimation *self = (KumoAnimation *)object;

  g_clear_handle_id (&self->timeout, g_source_remove);
  g_clear_object (&self->iter);
  g_clear_object (&self->animation);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->delays, g_array_unref);
  g_clear_object (&self->frame);

  G_OBJECT_CLASS (kumo_animation_parent_class)->dispose (object);
}

static void
kumo_animation_class_init (KumoAnimationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kumo_animation_dispose;
}

static void
kumo_animation_init (KumoAnimation *self)
{
}

/* @animation playing from its first frame. */
KumoAnimation *
kumo_animation_new (GdkPixbufAnimation *animation)
{
  KumoAnimation *self;

  g_return_val_if_fail (GDK_IS_PIXBUF_ANIMATION (animation), NULL);

  self = g_object_new (KUMO_TYPE_ANIMATION, NULL);
  self->animation = g_object_ref (animation);
  self->iter = gdk_pixbuf_animation_get_iter (animation, NULL);
  self->playing = TRUE;
  show_frame (self);
  schedule (self);

  return self;
}

/**
 * kumo_animation_new_for_frames:
 * @frames: (element-type GdkTexture): the frames, at least one
 * @delays: (element-type guint): how long each shows, in ms
 */
KumoAnimation *
kumo_animation_new_for_frames (GPtrArray *frames,
                               GArray    *delays)
{
  KumoAnimation *self;

  g_return_val_if_fail (frames != NULL && frames->len > 0, NULL);
  g_return_val_if_fail (delays != NULL && delays->len == frames->len, NULL);

  self = g_object_new (KUMO_TYPE_ANIMATION, NULL);
  self->frames = g_ptr_array_ref (frames);
  self->delays = g_array_ref (delays);
  self->playing = TRUE;
  show_frame (self);
  schedule (self);

  return self;
}

gboolean
kumo_animation_get_playing (KumoAnimation *self)
{
  g_return_val_if_fail (KUMO_IS_ANIMATION (self), FALSE);
  return self->playing;
}

void
kumo_animation_set_playing (KumoAnimation *self,
                            gboolean       playing)
{
  g_return_if_fail (KUMO_IS_ANIMATION (self));

  self->playing = playing;
  schedule (self);
}

/* How many frames were shown: for tests to see it plays. */
guint
kumo_animation_get_n_shown (KumoAnimation *self)
{
  g_return_val_if_fail (KUMO_IS_ANIMATION (self), 0);
  return self->n_shown;
}
