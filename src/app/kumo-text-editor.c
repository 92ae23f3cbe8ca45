/* kumo-text-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-text-editor"

#include "config.h"

#include "kumo-text-editor.h"

/* A line of text: an entry that takes the room the row's title leaves. */
struct _KumoTextEditor
{
  KumoFieldEditor  parent_instance;

  GtkEntry        *entry;
};

G_DEFINE_FINAL_TYPE (KumoTextEditor, kumo_text_editor, KUMO_TYPE_FIELD_EDITOR)

static void
changed_cb (KumoTextEditor *self,
            GtkEditable    *editable)
{
  kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_string (gtk_editable_get_text (editable)));
}

static void
kumo_text_editor_sync (KumoFieldEditor *editor,
                       KumoJson        *value)
{
  KumoTextEditor *self = KUMO_TEXT_EDITOR (editor);
  g_autofree char *text = kumo_json_dup_value_text (value);

  /* Setting the same text would move the cursor of somebody typing. */
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

static void
kumo_text_editor_constructed (GObject *object)
{
  KumoTextEditor *self = KUMO_TEXT_EDITOR (object);
  const KumoInputSpec *spec;

  G_OBJECT_CLASS (kumo_text_editor_parent_class)->constructed (object);

  spec = kumo_field_get_spec (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 12);
  if (spec != NULL && spec->placeholder != NULL)
    gtk_entry_set_placeholder_text (self->entry, spec->placeholder);
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), GTK_WIDGET (self->entry), GTK_WIDGET (self->entry));
}

static void
kumo_text_editor_class_init (KumoTextEditorClass *klass)
{
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kumo_text_editor_constructed;
  editor_class->sync = kumo_text_editor_sync;
  editor_class->expands = TRUE;
}

static void
kumo_text_editor_init (KumoTextEditor *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}
