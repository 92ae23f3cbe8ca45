/* kumo-compare-view.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-compare-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-compare-view.h"
#include "kumo-picture-loader.h"
#include "kumo-workflow-summary.h"
#include "kumo-zoom-view.h"

/*
 * Two outputs together: side by side, zoomed and panned as one, or one
 * over the other with a divider to drag; below them, what their jobs
 * sent differently (seed 1234 → 1235, the words a prompt lost and
 * gained), read from the journal's exact workflows.
 */
struct _KumoCompareView
{
  AdwBin               parent_instance;

  GtkStack            *mode_stack;
  GtkToggleButton     *side_button;
  KumoZoomView        *first_view;
  KumoZoomView        *second_view;
  KumoZoomView        *swipe_view;
  GtkLabel            *first_label;
  GtkLabel            *second_label;
  AdwPreferencesGroup *changes_group;

  KumoGallery         *gallery;
  GCancellable        *cancellable;
  KumoGalleryItem     *items[2];
  KumoJournalEntry    *entries[2];
  guint                n_read;
  GPtrArray           *changes;    /* KumoWorkflowChange, once read */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (KumoCompareView, kumo_compare_view, ADW_TYPE_BIN)

enum {
  CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_change_row (KumoCompareView *self,
                const char      *title,
                const char      *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (self->changes_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (KumoCompareView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->changes_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static char *
describe_change (const KumoWorkflowChange *change)
{
  g_autofree char *removed = NULL;
  g_autofree char *added = NULL;

  if (change->input == NULL)
    return g_strdup (change->after ? _("Only in the second run") : _("Only in the first run"));

  if (change->removed_words != NULL &&
      (change->removed_words[0] != NULL || change->added_words[0] != NULL))
    {
      removed = g_strjoinv (", ", change->removed_words);
      added = g_strjoinv (", ", change->added_words);
      if (*removed == '\0')
        /* TRANSLATORS: the words a prompt gained between two runs */
        return g_strdup_printf (_("Added: %s"), added);
      if (*added == '\0')
        /* TRANSLATORS: the words a prompt lost between two runs */
        return g_strdup_printf (_("Removed: %s"), removed);
      /* TRANSLATORS: the words a prompt lost, then those it gained */
      return g_strdup_printf (_("Removed: %s · Added: %s"), removed, added);
    }

  /* TRANSLATORS: an input's value in the first run and in the second */
  return g_strdup_printf (_("%s → %s"), change->before ? change->before : _("(none)"),
                          change->after ? change->after : _("(none)"));
}

static void
list_changes (KumoCompareView *self)
{
  if (self->changes->len == 0)
    add_change_row (self, _("No differences"), _("The two runs sent the same inputs."));

  for (guint i = 0; i < self->changes->len; i++)
    {
      const KumoWorkflowChange *change = g_ptr_array_index (self->changes, i);
      g_autofree char *title = change->input
                               /* TRANSLATORS: a node's title and one of its inputs */
                               ? g_strdup_printf (_("%s · %s"), change->node_title, change->input)
                               : g_strdup (change->node_title);
      g_autofree char *subtitle = describe_change (change);

      add_change_row (self, title, subtitle);
    }
}

static void
diff_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  KumoCompareView *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *changes = kumo_workflow_diff_finish (result, &error);

  /* Cancelled: the view was given other outputs, or went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_rows (self);
  if (changes == NULL)
    {
      add_change_row (self, _("Unknown"), error->message);
      return;
    }

  self->changes = changes;
  list_changes (self);
}

static void
show_changes (KumoCompareView *self)
{
  clear_rows (self);
  g_clear_pointer (&self->changes, g_ptr_array_unref);

  if (self->entries[0] == NULL || self->entries[1] == NULL)
    {
      add_change_row (self, _("Unknown"), _("Kumo’s journal has no record of one of these outputs’ runs."));
      return;
    }

  if (g_str_equal (self->entries[0]->key, self->entries[1]->key))
    {
      add_change_row (self, _("The same run"), _("Both outputs came from one run: its inputs were the same."));
      self->changes = g_ptr_array_new ();
      return;
    }

  /* Both workflows are parsed to compare them: off the main loop. */
  kumo_workflow_diff_async (self->entries[0]->workflow, self->entries[1]->workflow, self->cancellable,
                            diff_cb, self);
}

typedef struct
{
  KumoCompareView *self;
  guint            index;
} Side;

static void
job_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree Side *side = user_data;
  g_autoptr(GError) error = NULL;
  KumoJournalEntry *entry;

  entry = kumo_gallery_read_job_finish (KUMO_GALLERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  side->self->entries[side->index] = entry;
  if (++side->self->n_read == 2)
    show_changes (side->self);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree Side *side = user_data;
  g_autoptr(GdkPaintable) texture = NULL;
  g_autoptr(GError) error = NULL;
  KumoCompareView *self = side->self;

  texture = kumo_picture_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (side->index == 0)
    {
      kumo_zoom_view_set_paintable (self->first_view, GDK_PAINTABLE (texture));
      kumo_zoom_view_set_paintable (self->swipe_view, GDK_PAINTABLE (texture));
    }
  else
    {
      kumo_zoom_view_set_paintable (self->second_view, GDK_PAINTABLE (texture));
      kumo_zoom_view_set_second (self->swipe_view, GDK_PAINTABLE (texture));
    }
}

static void
mode_toggled_cb (KumoCompareView *self)
{
  gtk_stack_set_visible_child_name (self->mode_stack,
                                    gtk_toggle_button_get_active (self->side_button) ? "side" : "swipe");
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
reset (KumoCompareView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&self->items[i]);
      g_clear_pointer (&self->entries[i], kumo_journal_entry_free);
    }
  self->n_read = 0;
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  if (self->rows != NULL)
    clear_rows (self);
  if (self->first_view != NULL)
    {
      kumo_zoom_view_set_paintable (self->first_view, NULL);
      kumo_zoom_view_set_paintable (self->second_view, NULL);
      kumo_zoom_view_set_paintable (self->swipe_view, NULL);
      kumo_zoom_view_set_second (self->swipe_view, NULL);
    }
}

static void
kumo_compare_view_dispose (GObject *object)
{
  KumoCompareView *self = (KumoCompareView *)object;

  reset (self);
  g_clear_object (&self->gallery);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_compare_view_parent_class)->dispose (object);
}

static void
kumo_compare_view_class_init (KumoCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_compare_view_dispose;

  signals[CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KUMO_TYPE_ZOOM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kumoapp/Kumo/kumo-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, side_button);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, first_view);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, second_view);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, swipe_view);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, first_label);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, second_label);
  gtk_widget_class_bind_template_child (widget_class, KumoCompareView, changes_group);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);

  gtk_widget_class_install_action (widget_class, "compare.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "compare.close", NULL);

  gtk_widget_class_set_css_name (widget_class, "kumo-compare-view");
}

static void
kumo_compare_view_init (KumoCompareView *self)
{
  const char *shared[] = { "fit", "zoom", "center-x", "center-y" };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();

  /* Side by side, the two look at the same place. */
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    g_object_bind_property (self->first_view, shared[i], self->second_view, shared[i],
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

void
kumo_compare_view_set_gallery (KumoCompareView *self,
                               KumoGallery     *gallery)
{
  g_return_if_fail (KUMO_IS_COMPARE_VIEW (self));
  g_set_object (&self->gallery, gallery);
}

/* Compares @first (on the left) with @second. */
void
kumo_compare_view_show (KumoCompareView *self,
                        KumoGalleryItem *first,
                        KumoGalleryItem *second)
{
  g_return_if_fail (KUMO_IS_COMPARE_VIEW (self));

  reset (self);
  self->cancellable = g_cancellable_new ();
  self->items[0] = g_object_ref (first);
  self->items[1] = g_object_ref (second);

  gtk_label_set_label (self->first_label, kumo_gallery_item_get_name (first));
  gtk_label_set_label (self->second_label, kumo_gallery_item_get_name (second));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->first_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kumo_gallery_item_get_name (first), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->second_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kumo_gallery_item_get_name (second), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->swipe_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Both outputs, one over the other"), -1);

  for (guint i = 0; i < 2; i++)
    {
      Side *side = g_new0 (Side, 1);

      side->self = self;
      side->index = i;
      kumo_picture_load_async (kumo_gallery_item_get_file (self->items[i]), self->cancellable,
                               picture_loaded_cb, side);
      if (self->gallery != NULL)
        {
          side = g_memdup2 (side, sizeof *side);
          kumo_gallery_read_job_async (self->gallery, self->items[i], self->cancellable, job_read_cb, side);
        }
    }
}

/**
 * kumo_compare_view_get_changes:
 *
 * Returns: (transfer none) (nullable) (element-type KumoWorkflowChange):
 *   what differs between the two runs, once read
 */
GPtrArray *
kumo_compare_view_get_changes (KumoCompareView *self)
{
  g_return_val_if_fail (KUMO_IS_COMPARE_VIEW (self), NULL);
  return self->changes;
}
