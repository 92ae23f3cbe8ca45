/* kumo-gallery-cell.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-gallery-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-animation.h"
#include "kumo-gallery-cell.h"
#include "kumo-picture-loader.h"
#include "kumo-poster-frame.h"
#include "kumo-thumbnailer.h"

/*
 * One output in the gallery's grid: its thumbnail (from the freedesktop
 * cache, made off the main thread if missing; a video's first frame),
 * or an icon for what has none (a sound), with a badge for what moves;
 * an animation plays while the pointer rests on it. Cells are recycled as the grid scrolls: a cell given
 * another item cancels the thumbnail it was waiting for.
 */
struct _KumoGalleryCell
{
  AdwBin           parent_instance;

  GtkPicture      *picture;
  GtkImage        *fallback_icon;
  GtkImage        *badge;

  KumoGalleryItem *item;
  GCancellable    *cancellable;
  gboolean         poster_asked;
  GdkTexture      *thumbnail;
  GCancellable    *hover_cancellable;   /* an animation loading to play */
};

G_DEFINE_FINAL_TYPE (KumoGalleryCell, kumo_gallery_cell, ADW_TYPE_BIN)

static const char *
kind_icon (KumoOutputKind kind)
{
  switch (kind)
    {
    case KUMO_OUTPUT_VIDEO:
      return "video-x-generic-symbolic";
    case KUMO_OUTPUT_AUDIO:
      return "audio-x-generic-symbolic";
    case KUMO_OUTPUT_ANIMATION:
    case KUMO_OUTPUT_IMAGE:
      return "image-x-generic-symbolic";
    case KUMO_OUTPUT_OTHER:
    default:
      return "text-x-generic-symbolic";
    }
}

static int
cell_pixels (KumoGalleryCell *self)
{
  return KUMO_GALLERY_CELL_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data);

static void
poster_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KumoGalleryCell) self = user_data;
  g_autoptr(GdkPixbuf) frame = kumo_poster_frame_finish (result, NULL);
  GCancellable *cancellable = self->cancellable;

  if (frame == NULL || g_cancellable_is_cancelled (cancellable) || self->item == NULL)
    return;

  /* Cached like any thumbnail: the next start finds it at once. */
  kumo_thumbnailer_store_async (kumo_thumbnailer_get_default (), kumo_gallery_item_get_file (self->item), frame,
                                cell_pixels (self), cancellable, thumbnail_cb, g_object_ref (self));
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoGalleryCell) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = kumo_thumbnailer_load_finish (KUMO_THUMBNAILER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A video no file manager has made a thumbnail of: its first frame. */
  if (texture == NULL && !self->poster_asked && self->item != NULL &&
      kumo_gallery_item_get_kind (self->item) == KUMO_OUTPUT_VIDEO)
    {
      self->poster_asked = TRUE;
      kumo_poster_frame_async (kumo_gallery_item_get_file (self->item), self->cancellable, poster_cb,
                               g_object_ref (self));
    }

  g_set_object (&self->thumbnail, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->fallback_icon), texture == NULL);
}

/* ---------------------------------------------------------------------- */
/* An animation plays while the pointer is on it                          */
/* ---------------------------------------------------------------------- */

static void
stop_playing (KumoGalleryCell *self)
{
  g_cancellable_cancel (self->hover_cancellable);
  g_clear_object (&self->hover_cancellable);
  if (self->thumbnail != NULL && gtk_picture_get_paintable (self->picture) != GDK_PAINTABLE (self->thumbnail))
    gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->thumbnail));
}

static void
animation_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KumoGalleryCell) self = user_data;
  g_autoptr(GdkPaintable) animation = kumo_picture_load_finish (result, NULL);

  if (KUMO_IS_ANIMATION (animation) && self->hover_cancellable != NULL &&
      !g_cancellable_is_cancelled (self->hover_cancellable))
    gtk_picture_set_paintable (self->picture, animation);
}

static void
pointer_entered_cb (KumoGalleryCell *self)
{
  if (self->item == NULL || kumo_gallery_item_get_kind (self->item) != KUMO_OUTPUT_ANIMATION ||
      self->hover_cancellable != NULL)
    return;

  self->hover_cancellable = g_cancellable_new ();
  kumo_picture_load_async (kumo_gallery_item_get_file (self->item), self->hover_cancellable,
                           animation_loaded_cb, g_object_ref (self));
}

static void
kumo_gallery_cell_dispose (GObject *object)
{
  KumoGalleryCell *self = (KumoGalleryCell *)object;

  kumo_gallery_cell_set_item (self, NULL);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (kumo_gallery_cell_parent_class)->dispose (object);
}

static void
kumo_gallery_cell_class_init (KumoGalleryCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_gallery_cell_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kumoapp/Kumo/kumo-gallery-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryCell, picture);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryCell, fallback_icon);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryCell, badge);

  gtk_widget_class_set_css_name (widget_class, "kumo-gallery-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kumo_gallery_cell_init (KumoGalleryCell *self)
{
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), KUMO_GALLERY_CELL_SIZE, KUMO_GALLERY_CELL_SIZE);
  /* The picture takes the cell's rounded corners. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (pointer_entered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (stop_playing), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
kumo_gallery_cell_new (void)
{
  return g_object_new (KUMO_TYPE_GALLERY_CELL, NULL);
}

KumoGalleryItem *
kumo_gallery_cell_get_item (KumoGalleryCell *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_CELL (self), NULL);
  return self->item;
}

/* Whether the cell shows a thumbnail (rather than an icon, or nothing
 * yet). */
gboolean
kumo_gallery_cell_has_thumbnail (KumoGalleryCell *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_CELL (self), FALSE);
  return gtk_picture_get_paintable (self->picture) != NULL;
}

/* What the cell shows: its thumbnail, or an animation playing. */
GdkPaintable *
kumo_gallery_cell_get_paintable (KumoGalleryCell *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_CELL (self), NULL);
  return gtk_picture_get_paintable (self->picture);
}

void
kumo_gallery_cell_set_item (KumoGalleryCell *self,
                            KumoGalleryItem *item)
{
  KumoOutputKind kind;
  g_autofree char *description = NULL;

  g_return_if_fail (KUMO_IS_GALLERY_CELL (self));

  if (self->item == item)
    return;

  stop_playing (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumbnail);
  g_set_object (&self->item, item);
  self->poster_asked = FALSE;
  gtk_picture_set_paintable (self->picture, NULL);

  if (item == NULL)
    return;

  kind = kumo_gallery_item_get_kind (item);
  gtk_image_set_from_icon_name (self->fallback_icon, kind_icon (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->fallback_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), kind == KUMO_OUTPUT_VIDEO || kind == KUMO_OUTPUT_ANIMATION);
  gtk_image_set_from_icon_name (self->badge, "media-playback-start-symbolic");

  /* Screen readers (and tests) find an output by its file's name. */
  description = kumo_gallery_item_get_title (item)
                ? g_strdup_printf (_("From %s"), kumo_gallery_item_get_title (item))
                : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kumo_gallery_item_get_name (item),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), kumo_gallery_item_get_name (item));

  if (kind == KUMO_OUTPUT_AUDIO)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->fallback_icon), TRUE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  kumo_thumbnailer_load_async (kumo_thumbnailer_get_default (), kumo_gallery_item_get_file (item),
                               cell_pixels (self),
                               self->cancellable, thumbnail_cb, g_object_ref (self));
}
