/* kumo-window-gallery.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-application.h"
#include "kumo-window-private.h"

/*
 * The window's two views, the workflow and the gallery (an
 * AdwViewStack: switcher in the header, at the bottom when narrow). The
 * gallery is read from the journal the first time it is shown, so a
 * start that never looks at it does not pay for it. From the viewer,
 * "Open Inputs" loads an output's exact workflow into the editor.
 */

static void
show_gallery (KumoWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (KUMO_IS_APPLICATION (app) && kumo_gallery_view_get_gallery (self->gallery_view) == NULL)
    kumo_gallery_view_set_gallery (self->gallery_view, kumo_application_get_gallery (KUMO_APPLICATION (app)));
}

static void
view_changed_cb (KumoWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "gallery") == 0)
    show_gallery (self);
  _kumo_window_update_actions (self);
}

static void
open_entry_now (KumoWindow *self,
                gpointer    data)
{
  KumoJournalEntry *entry = data;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;

  workflow = kumo_workflow_new_from_bytes (entry->workflow, entry->title ? entry->title : _("Workflow"), &error);
  if (workflow == NULL)
    {
      kumo_window_show_error (self, error->message);
      return;
    }

  _kumo_window_set_workflow (self, workflow);
  adw_view_stack_set_visible_child_name (self->views, "workflow");
}

static KumoJournalEntry *
copy_entry (const KumoJournalEntry *entry)
{
  KumoJournalEntry *copy = g_new0 (KumoJournalEntry, 1);

  copy->key = g_strdup (entry->key);
  copy->server = g_strdup (entry->server);
  copy->workflow = g_bytes_ref (entry->workflow);
  copy->title = g_strdup (entry->title);
  return copy;
}

static void
gallery_open_inputs_cb (KumoWindow       *self,
                        KumoJournalEntry *entry)
{
  _kumo_window_confirm_discard (self, open_entry_now, copy_entry (entry),
                                (GDestroyNotify) kumo_journal_entry_free);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->views, g_variant_get_string (param, NULL));
}

void
_kumo_window_class_init_gallery (GtkWidgetClass *widget_class)
{
  g_type_ensure (KUMO_TYPE_GALLERY_VIEW);

  gtk_widget_class_bind_template_child (widget_class, KumoWindow, views);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, gallery_view);
  gtk_widget_class_bind_template_callback (widget_class, gallery_open_inputs_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "workflow");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "gallery");
}

void
_kumo_window_init_gallery (KumoWindow *self)
{
  g_signal_connect_object (self->views, "notify::visible-child", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window_title, "notify::title-visible", G_CALLBACK (_kumo_window_update_actions),
                           self, G_CONNECT_SWAPPED);
}

/**
 * kumo_window_get_gallery_view:
 *
 * Returns: (transfer none): the window's gallery
 */
KumoGalleryView *
kumo_window_get_gallery_view (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), NULL);
  return self->gallery_view;
}

/* Shows the gallery, or the workflow ("gallery", "workflow"). */
void
kumo_window_show_view (KumoWindow *self,
                       const char *name)
{
  g_return_if_fail (KUMO_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->views, name);
}
