/* kumo-whole-number-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-whole-number-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-seed.h"
#include "kumo-whole-number-editor.h"

/*
 * A whole number beyond what a spin button holds exactly (2^53): seeds
 * go up to 2^64 − 1. An entry that takes every digit, committed on Enter
 * or when it loses focus; for a seed, what happens to it before each
 * run, and a button for a new random one.
 */
struct _KumoWholeNumberEditor
{
  KumoFieldEditor  parent_instance;

  GtkEntry        *entry;
  GtkDropDown     *mode;
};

G_DEFINE_FINAL_TYPE (KumoWholeNumberEditor, kumo_whole_number_editor, KUMO_TYPE_FIELD_EDITOR)

static void
commit_text (KumoWholeNumberEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *current = kumo_json_dup_value_text (kumo_field_editor_get_shown_value (KUMO_FIELD_EDITOR (self)));
  KumoNumber number;

  if (g_strcmp0 (stripped, current) == 0)
    {
      kumo_field_editor_set_text_error (KUMO_FIELD_EDITOR (self), NULL);
      return;
    }

  if (!kumo_number_parse (stripped, &number) || !number.is_integer)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a whole number."), text);

      kumo_field_editor_set_text_error (KUMO_FIELD_EDITOR (self), message);
      return;
    }

  kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_number_text (stripped));
}

static void
mode_changed_cb (KumoWholeNumberEditor *self,
                 GParamSpec            *pspec,
                 GtkDropDown           *dropdown)
{
  if (!kumo_field_editor_is_syncing (KUMO_FIELD_EDITOR (self)))
    kumo_field_set_seed_mode (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)),
                              gtk_drop_down_get_selected (dropdown));
}

static void
new_seed_cb (KumoWholeNumberEditor *self)
{
  g_autoptr(GRand) rand = g_rand_new ();

  /* The field's notification shows it. */
  kumo_field_apply_seed_mode (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)), KUMO_SEED_RANDOMIZE, rand);
}

static void
kumo_whole_number_editor_sync (KumoFieldEditor *editor,
                               KumoJson        *value)
{
  KumoWholeNumberEditor *self = KUMO_WHOLE_NUMBER_EDITOR (editor);
  g_autofree char *text = kumo_json_dup_value_text (value);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  if (self->mode != NULL)
    gtk_drop_down_set_selected (self->mode, kumo_field_get_seed_mode (kumo_field_editor_get_field (editor)));
}

static GtkWidget *
seed_controls (KumoWholeNumberEditor *self,
               KumoField             *field)
{
  const char *labels[] = {
    kumo_seed_mode_get_label (KUMO_SEED_FIXED),
    kumo_seed_mode_get_label (KUMO_SEED_INCREMENT),
    kumo_seed_mode_get_label (KUMO_SEED_DECREMENT),
    kumo_seed_mode_get_label (KUMO_SEED_RANDOMIZE),
    NULL,
  };
  g_autofree char *mode_label = g_strdup_printf (_("Seed before each run for %s"), kumo_field_get_label (field));
  g_autofree char *dice_label = g_strdup_printf (_("New random %s"), kumo_field_get_label (field));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dice;

  self->mode = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode),
                               _("What happens to the seed before each run. The seed that is used is the one shown."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode), GTK_ACCESSIBLE_PROPERTY_LABEL, mode_label, -1);
  g_signal_connect_object (self->mode, "notify::selected", G_CALLBACK (mode_changed_cb), self, G_CONNECT_SWAPPED);

  dice = gtk_button_new_from_icon_name ("media-playlist-shuffle-symbolic");
  gtk_widget_set_valign (dice, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dice, _("New Random Seed"));
  gtk_widget_add_css_class (dice, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dice), GTK_ACCESSIBLE_PROPERTY_LABEL, dice_label, -1);
  g_signal_connect_object (dice, "clicked", G_CALLBACK (new_seed_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->mode));
  gtk_box_append (GTK_BOX (box), dice);
  return box;
}

static void
kumo_whole_number_editor_constructed (GObject *object)
{
  KumoWholeNumberEditor *self = KUMO_WHOLE_NUMBER_EDITOR (object);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  KumoField *field;

  G_OBJECT_CLASS (kumo_whole_number_editor_parent_class)->constructed (object);

  field = kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self));
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_input_purpose (self->entry, GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->entry), 21);
  gtk_widget_set_valign (GTK_WIDGET (self->entry), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->entry), "numeric");
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (commit_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (commit_text), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);

  if (kumo_field_has_seed_control (field))
    kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), seed_controls (self, field), GTK_WIDGET (self->entry));
  else
    kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), GTK_WIDGET (self->entry), GTK_WIDGET (self->entry));
}

static void
kumo_whole_number_editor_class_init (KumoWholeNumberEditorClass *klass)
{
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kumo_whole_number_editor_constructed;
  editor_class->sync = kumo_whole_number_editor_sync;
}

static void
kumo_whole_number_editor_init (KumoWholeNumberEditor *self)
{
}
