/* kumo-conversion-banner.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-conversion-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-conversion-banner.h"

/*
 * Says that the open workflow was converted from ComfyUI's editor format,
 * lists what did not carry over (Details), and offers to save it under a
 * new name. It goes away once the workflow has a file of its own.
 */
struct _KumoConversionBanner
{
  GtkWidget     parent_instance;

  KumoWorkflow *workflow;

  GtkRevealer  *revealer;
  GtkLabel     *label;
  GtkWidget    *details_button;
  GtkLabel     *details_label;
};

G_DEFINE_FINAL_TYPE (KumoConversionBanner, kumo_conversion_banner, GTK_TYPE_WIDGET)

static void
update (KumoConversionBanner *self)
{
  GPtrArray *notes = self->workflow ? kumo_workflow_get_conversion_notes (self->workflow) : NULL;
  gboolean shown = notes != NULL && kumo_workflow_get_file (self->workflow) == NULL;
  g_autoptr(GString) details = g_string_new (NULL);

  gtk_revealer_set_reveal_child (self->revealer, shown);
  if (!shown)
    return;

  if (notes->len == 0)
    {
      gtk_label_set_label (self->label,
                           _("Converted from ComfyUI’s editor format. Save it to keep the converted workflow; "
                             "the original file is not changed."));
    }
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Converted from ComfyUI’s editor format; %u thing did not carry over. "
                                      "Save it to keep the converted workflow; the original file is not changed.",
                                      "Converted from ComfyUI’s editor format; %u things did not carry over. "
                                      "Save it to keep the converted workflow; the original file is not changed.",
                                      notes->len),
                         notes->len);
      gtk_label_set_label (self->label, text);
    }

  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (details, "%s• %s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (notes, i));
  gtk_label_set_label (self->details_label, details->str);
  gtk_widget_set_visible (self->details_button, notes->len > 0);
}

void
kumo_conversion_banner_set_workflow (KumoConversionBanner *self,
                                     KumoWorkflow         *workflow)
{
  g_return_if_fail (KUMO_IS_CONVERSION_BANNER (self));
  g_return_if_fail (!workflow || KUMO_IS_WORKFLOW (workflow));

  if (workflow == self->workflow)
    {
      update (self);
      return;
    }

  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);

  if (g_set_object (&self->workflow, workflow) && workflow != NULL)
    g_signal_connect_object (workflow, "notify::file", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

static void
kumo_conversion_banner_dispose (GObject *object)
{
  KumoConversionBanner *self = KUMO_CONVERSION_BANNER (object);

  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);
  g_clear_object (&self->workflow);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_CONVERSION_BANNER);

  G_OBJECT_CLASS (kumo_conversion_banner_parent_class)->dispose (object);
}

static void
kumo_conversion_banner_class_init (KumoConversionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_conversion_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-conversion-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoConversionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, KumoConversionBanner, label);
  gtk_widget_class_bind_template_child (widget_class, KumoConversionBanner, details_button);
  gtk_widget_class_bind_template_child (widget_class, KumoConversionBanner, details_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_conversion_banner_init (KumoConversionBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
