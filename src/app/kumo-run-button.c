/* kumo-run-button.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-run-button"

#include "config.h"

#include "kumo-run-button.h"

/*
 * The header bar's Run: the button runs the open workflow (win.run), its
 * menu holds how many jobs one press queues and what the seeds do
 * between them. The choices are the window's, kept while it is open.
 */
struct _KumoRunButton
{
  GtkWidget       parent_instance;

  AdwSplitButton *split_button;
  GtkAdjustment  *count_adjustment;
  GtkDropDown    *seeds_dropdown;
};

G_DEFINE_FINAL_TYPE (KumoRunButton, kumo_run_button, GTK_TYPE_WIDGET)

/* The drop-down's first entry leaves each seed to its own control; the
 * others are the modes, in KumoSeedMode's order. */
#define AS_EACH_SEED_IS_SET 0

guint
kumo_run_button_get_count (KumoRunButton *self)
{
  g_return_val_if_fail (KUMO_IS_RUN_BUTTON (self), 1);

  return (guint) gtk_adjustment_get_value (self->count_adjustment);
}

void
kumo_run_button_set_count (KumoRunButton *self,
                           guint          count)
{
  g_return_if_fail (KUMO_IS_RUN_BUTTON (self));

  gtk_adjustment_set_value (self->count_adjustment, CLAMP (count, 1, 100));
}

/**
 * kumo_run_button_get_seed_mode:
 * @mode: (out): the mode chosen for every seed
 *
 * Returns: %FALSE when each seed follows its own control
 */
gboolean
kumo_run_button_get_seed_mode (KumoRunButton *self,
                               KumoSeedMode  *mode)
{
  guint selected;

  g_return_val_if_fail (KUMO_IS_RUN_BUTTON (self), FALSE);

  selected = gtk_drop_down_get_selected (self->seeds_dropdown);
  if (selected == AS_EACH_SEED_IS_SET || selected == GTK_INVALID_LIST_POSITION)
    return FALSE;

  *mode = (KumoSeedMode) (selected - 1);
  return TRUE;
}

static void
kumo_run_button_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), KUMO_TYPE_RUN_BUTTON);
  /* The template's top-level child is ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kumo_run_button_parent_class)->dispose (object);
}

static void
kumo_run_button_class_init (KumoRunButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_run_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-run-button.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoRunButton, split_button);
  gtk_widget_class_bind_template_child (widget_class, KumoRunButton, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KumoRunButton, seeds_dropdown);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_run_button_init (KumoRunButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
