/* kumo-switch-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-switch-editor"

#include "config.h"

#include "kumo-switch-editor.h"

/*
 * On or off, with the server's labels for each (shown as the row's
 * note); activating the row flips it.
 */
struct _KumoSwitchEditor
{
  KumoFieldEditor  parent_instance;

  GtkSwitch       *toggle;
};

G_DEFINE_FINAL_TYPE (KumoSwitchEditor, kumo_switch_editor, KUMO_TYPE_FIELD_EDITOR)

static void
update_note (KumoSwitchEditor *self)
{
  const KumoInputSpec *spec = kumo_field_get_spec (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));
  gboolean active = gtk_switch_get_active (self->toggle);

  if (spec != NULL)
    kumo_field_editor_set_note (KUMO_FIELD_EDITOR (self), active ? spec->label_on : spec->label_off);
}

static void
active_cb (KumoSwitchEditor *self,
           GParamSpec       *pspec,
           GtkSwitch        *toggle)
{
  update_note (self);
  kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_boolean (gtk_switch_get_active (toggle)));
}

static void
kumo_switch_editor_sync (KumoFieldEditor *editor,
                         KumoJson        *value)
{
  KumoSwitchEditor *self = KUMO_SWITCH_EDITOR (editor);

  gtk_switch_set_active (self->toggle, value != NULL && kumo_json_get_boolean (value));
  update_note (self);
}

static void
kumo_switch_editor_activate (KumoFieldEditor *editor)
{
  KumoSwitchEditor *self = KUMO_SWITCH_EDITOR (editor);

  gtk_switch_set_active (self->toggle, !gtk_switch_get_active (self->toggle));
}

static void
kumo_switch_editor_constructed (GObject *object)
{
  KumoSwitchEditor *self = KUMO_SWITCH_EDITOR (object);

  G_OBJECT_CLASS (kumo_switch_editor_parent_class)->constructed (object);

  self->toggle = GTK_SWITCH (gtk_switch_new ());
  g_signal_connect_object (self->toggle, "notify::active", G_CALLBACK (active_cb), self, G_CONNECT_SWAPPED);
  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), GTK_WIDGET (self->toggle), GTK_WIDGET (self->toggle));
}

static void
kumo_switch_editor_class_init (KumoSwitchEditorClass *klass)
{
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kumo_switch_editor_constructed;
  editor_class->sync = kumo_switch_editor_sync;
  editor_class->activate = kumo_switch_editor_activate;
}

static void
kumo_switch_editor_init (KumoSwitchEditor *self)
{
}
