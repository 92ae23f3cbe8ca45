/* kumo-zoom-view.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-zoom-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kumo-zoom-view.h"

/*
 * A picture a person can look at closely: fitted to the view (never
 * enlarged), or zoomed with the scroll wheel, a pinch, +/- or a double
 * click, and panned by dragging. Where it looks is three properties
 * (zoom, center-x, center-y, plus fit), so two views bound together
 * move as one (compare side by side).
 *
 * With a second paintable it is a swipe comparison: the first on the
 * left of a divider, the second (drawn at the first's size, so the two
 * line up) on the right; the divider follows a drag that starts on it.
 */
struct _KumoZoomView
{
  GtkWidget     parent_instance;

  GdkPaintable *paintable;
  GdkPaintable *second;
  double        zoom;       /* scale when not fitted */
  double        center_x;   /* the picture's point at the view's centre, 0…1 */
  double        center_y;
  double        divider;    /* 0…1 of the width, for a swipe */
  gboolean      fit;

  double        drag_center_x;
  double        drag_center_y;
  gboolean      dragging_divider;
  double        pinch_zoom;
};

G_DEFINE_FINAL_TYPE (KumoZoomView, kumo_zoom_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAINTABLE,
  PROP_FIT,
  PROP_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MIN_ZOOM 0.05
#define MAX_ZOOM 16.0

static void
picture_size (KumoZoomView *self,
              double       *width,
              double       *height)
{
  *width = self->paintable ? gdk_paintable_get_intrinsic_width (self->paintable) : 0;
  *height = self->paintable ? gdk_paintable_get_intrinsic_height (self->paintable) : 0;
}

static double
fit_scale (KumoZoomView *self)
{
  double width, height;
  int view_width = gtk_widget_get_width (GTK_WIDGET (self));
  int view_height = gtk_widget_get_height (GTK_WIDGET (self));

  picture_size (self, &width, &height);
  if (width <= 0 || height <= 0 || view_width <= 0 || view_height <= 0)
    return 1.0;

  return MIN (1.0, MIN (view_width / width, view_height / height));
}

static double
current_scale (KumoZoomView *self)
{
  return self->fit ? fit_scale (self) : self->zoom;
}

static void
set_view (KumoZoomView *self,
          gboolean      fit,
          double        zoom,
          double        center_x,
          double        center_y)
{
  GObject *object = G_OBJECT (self);

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  center_x = fit ? 0.5 : CLAMP (center_x, 0.0, 1.0);
  center_y = fit ? 0.5 : CLAMP (center_y, 0.0, 1.0);

  g_object_freeze_notify (object);
  if (self->fit != fit)
    {
      self->fit = fit;
      g_object_notify_by_pspec (object, properties[PROP_FIT]);
    }
  if (self->zoom != zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (object, properties[PROP_ZOOM]);
    }
  if (self->center_x != center_x)
    {
      self->center_x = center_x;
      g_object_notify_by_pspec (object, properties[PROP_CENTER_X]);
    }
  if (self->center_y != center_y)
    {
      self->center_y = center_y;
      g_object_notify_by_pspec (object, properties[PROP_CENTER_Y]);
    }
  g_object_thaw_notify (object);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Zooms to @zoom keeping the picture's point under (@x, @y) in place. */
static void
zoom_at (KumoZoomView *self,
         double        zoom,
         double        x,
         double        y)
{
  double width, height;
  double scale = current_scale (self);
  double dx = x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double dy = y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double point_x, point_y;

  picture_size (self, &width, &height);
  if (width <= 0 || height <= 0)
    return;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  point_x = self->center_x * width + dx / scale;
  point_y = self->center_y * height + dy / scale;
  set_view (self, FALSE, zoom, (point_x - dx / zoom) / width, (point_y - dy / zoom) / height);
}

static void
kumo_zoom_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KumoZoomView *self = KUMO_ZOOM_VIEW (widget);
  int view_width = gtk_widget_get_width (widget);
  int view_height = gtk_widget_get_height (widget);
  double width, height, scale;
  double split;

  picture_size (self, &width, &height);
  if (width <= 0 || height <= 0)
    return;

  scale = current_scale (self);
  split = round (view_width * self->divider);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->second ? split : view_width, view_height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (view_width / 2.0 - self->center_x * width * scale),
                                                          round (view_height / 2.0 - self->center_y * height * scale)));
  gdk_paintable_snapshot (self->paintable, snapshot, width * scale, height * scale);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  if (self->second == NULL)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (split, 0, view_width - split, view_height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (view_width / 2.0 - self->center_x * width * scale),
                                                          round (view_height / 2.0 - self->center_y * height * scale)));
  gdk_paintable_snapshot (self->second, snapshot, width * scale, height * scale);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  /* The divider: light with a dark edge, visible on any picture. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.4 },
                             &GRAPHENE_RECT_INIT (split - 2, 0, 4, view_height));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.9 },
                             &GRAPHENE_RECT_INIT (split - 1, 0, 2, view_height));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.9 },
                             &GRAPHENE_RECT_INIT (split - 6, view_height / 2.0 - 20, 12, 40));
}

static gboolean
scroll_cb (KumoZoomView             *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (self->paintable == NULL || dy == 0)
    return FALSE;

  if (event != NULL)
    gdk_event_get_position (event, &x, &y);

  zoom_at (self, current_scale (self) * pow (1.15, -dy), x, y);
  return TRUE;
}

static void
drag_begin_cb (KumoZoomView   *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  double split = gtk_widget_get_width (GTK_WIDGET (self)) * self->divider;

  self->dragging_divider = self->second != NULL && fabs (x - split) < 24;
  self->drag_center_x = self->center_x;
  self->drag_center_y = self->center_y;
}

static void
drag_update_cb (KumoZoomView   *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  double width, height, start_x, start_y;
  double scale = current_scale (self);

  if (self->dragging_divider)
    {
      gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
      self->divider = CLAMP ((start_x + offset_x) / MAX (1, gtk_widget_get_width (GTK_WIDGET (self))), 0.0, 1.0);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  picture_size (self, &width, &height);
  if (self->fit || width <= 0 || height <= 0)
    return;

  set_view (self, FALSE, self->zoom,
            self->drag_center_x - offset_x / (width * scale),
            self->drag_center_y - offset_y / (height * scale));
}

static void
zoom_begin_cb (KumoZoomView   *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->pinch_zoom = current_scale (self);
}

static void
zoom_changed_cb (KumoZoomView   *self,
                 double          scale,
                 GtkGestureZoom *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->pinch_zoom * scale, x, y);
}

/* A double click goes between the whole picture and its pixels. */
static void
pressed_cb (KumoZoomView    *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press != 2 || self->paintable == NULL)
    return;

  if (self->fit && fit_scale (self) < 1.0)
    zoom_at (self, 1.0, x, y);
  else
    set_view (self, TRUE, self->zoom, 0.5, 0.5);
}

static void
invalidate_cb (KumoZoomView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kumo_zoom_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* Whatever room it is given: the picture is fitted to it. */
  *minimum = 64;
  *natural = 64;
}

static void
kumo_zoom_view_dispose (GObject *object)
{
  KumoZoomView *self = (KumoZoomView *)object;

  kumo_zoom_view_set_paintable (self, NULL);
  kumo_zoom_view_set_second (self, NULL);

  G_OBJECT_CLASS (kumo_zoom_view_parent_class)->dispose (object);
}

static void
kumo_zoom_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KumoZoomView *self = KUMO_ZOOM_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_zoom_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KumoZoomView *self = KUMO_ZOOM_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      kumo_zoom_view_set_paintable (self, g_value_get_object (value));
      break;
    case PROP_FIT:
      set_view (self, g_value_get_boolean (value), self->zoom, self->center_x, self->center_y);
      break;
    case PROP_ZOOM:
      set_view (self, self->fit, g_value_get_double (value), self->center_x, self->center_y);
      break;
    case PROP_CENTER_X:
      set_view (self, self->fit, self->zoom, g_value_get_double (value), self->center_y);
      break;
    case PROP_CENTER_Y:
      set_view (self, self->fit, self->zoom, self->center_x, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_zoom_view_class_init (KumoZoomViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_zoom_view_dispose;
  object_class->get_property = kumo_zoom_view_get_property;
  object_class->set_property = kumo_zoom_view_set_property;

  widget_class->snapshot = kumo_zoom_view_snapshot;
  widget_class->measure = kumo_zoom_view_measure;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kumo-zoom-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kumo_zoom_view_init (KumoZoomView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag, *zoom, *click;

  self->fit = TRUE;
  self->zoom = 1.0;
  self->center_x = 0.5;
  self->center_y = 0.5;
  self->divider = 0.5;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_object (zoom, "begin", G_CALLBACK (zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (zoom, "scale-changed", G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
kumo_zoom_view_new (void)
{
  return g_object_new (KUMO_TYPE_ZOOM_VIEW, NULL);
}

GdkPaintable *
kumo_zoom_view_get_paintable (KumoZoomView *self)
{
  g_return_val_if_fail (KUMO_IS_ZOOM_VIEW (self), NULL);
  return self->paintable;
}

static void
replace_paintable (KumoZoomView  *self,
                   GdkPaintable **slot,
                   GdkPaintable  *paintable)
{
  if (*slot == paintable)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, invalidate_cb, self);
  g_set_object (slot, paintable);
  if (paintable != NULL)
    {
      g_signal_connect_object (paintable, "invalidate-contents", G_CALLBACK (invalidate_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (paintable, "invalidate-size", G_CALLBACK (invalidate_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Shows @paintable, fitted. */
void
kumo_zoom_view_set_paintable (KumoZoomView *self,
                              GdkPaintable *paintable)
{
  g_return_if_fail (KUMO_IS_ZOOM_VIEW (self));

  if (self->paintable == paintable)
    return;

  replace_paintable (self, &self->paintable, paintable);
  set_view (self, TRUE, self->zoom, 0.5, 0.5);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

/* With a second picture the view is a swipe comparison of the two. */
void
kumo_zoom_view_set_second (KumoZoomView *self,
                           GdkPaintable *paintable)
{
  g_return_if_fail (KUMO_IS_ZOOM_VIEW (self));

  replace_paintable (self, &self->second, paintable);
}

gboolean
kumo_zoom_view_get_fit (KumoZoomView *self)
{
  g_return_val_if_fail (KUMO_IS_ZOOM_VIEW (self), TRUE);
  return self->fit;
}

void
kumo_zoom_view_set_fit (KumoZoomView *self,
                        gboolean      fit)
{
  g_return_if_fail (KUMO_IS_ZOOM_VIEW (self));
  set_view (self, fit, fit ? self->zoom : 1.0, 0.5, 0.5);
}

/* The scale the picture is drawn at now (fitted or not). */
double
kumo_zoom_view_get_zoom (KumoZoomView *self)
{
  g_return_val_if_fail (KUMO_IS_ZOOM_VIEW (self), 1.0);
  return current_scale (self);
}

void
kumo_zoom_view_set_zoom (KumoZoomView *self,
                         double        zoom)
{
  g_return_if_fail (KUMO_IS_ZOOM_VIEW (self));
  zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
kumo_zoom_view_zoom_by (KumoZoomView *self,
                        double        factor)
{
  g_return_if_fail (KUMO_IS_ZOOM_VIEW (self));
  kumo_zoom_view_set_zoom (self, current_scale (self) * factor);
}
