/* kumo-choice-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-choice-editor"

#include "config.h"

#include "kumo-choice-editor.h"

/* Choices beyond this many get a search entry in their drop-down. */
#define SEARCH_THRESHOLD 12

/*
 * One of the server's choices (a sampler, a model, an input file): a
 * drop-down, searchable when the list is long. The current value stays
 * among them when the server does not offer it (a model it lacks, a file
 * not uploaded yet), so it is shown as it is and can be kept.
 */
struct _KumoChoiceEditor
{
  KumoFieldEditor  parent_instance;

  GtkDropDown     *dropdown;
  GtkStringList   *choices;
  GPtrArray       *values;
};

G_DEFINE_FINAL_TYPE (KumoChoiceEditor, kumo_choice_editor, KUMO_TYPE_FIELD_EDITOR)

static void
selected_cb (KumoChoiceEditor *self,
             GParamSpec       *pspec,
             GtkDropDown      *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < self->values->len)
    kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_copy (g_ptr_array_index (self->values, selected)));
}

static void
append_choice (KumoChoiceEditor *self,
               KumoJson         *value)
{
  g_autofree char *text = kumo_json_dup_value_text (value);

  gtk_string_list_append (self->choices, text);
  g_ptr_array_add (self->values, kumo_json_copy (value));
}

static void
kumo_choice_editor_sync (KumoFieldEditor *editor,
                         KumoJson        *value)
{
  KumoChoiceEditor *self = KUMO_CHOICE_EDITOR (editor);
  const KumoInputSpec *spec = kumo_field_get_spec (kumo_field_editor_get_field (editor));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));

  gtk_string_list_splice (self->choices, 0, n, NULL);
  g_ptr_array_set_size (self->values, 0);

  if (value != NULL && (spec == NULL || !kumo_input_spec_has_option (spec, value)))
    append_choice (self, value);
  for (guint i = 0; spec != NULL && spec->options != NULL && i < spec->options->len; i++)
    append_choice (self, g_ptr_array_index (spec->options, i));

  gtk_drop_down_set_enable_search (self->dropdown, self->values->len > SEARCH_THRESHOLD);

  for (guint i = 0; value != NULL && i < self->values->len; i++)
    if (kumo_json_equal (g_ptr_array_index (self->values, i), value))
      {
        gtk_drop_down_set_selected (self->dropdown, i);
        break;
      }
}

static void
kumo_choice_editor_constructed (GObject *object)
{
  KumoChoiceEditor *self = KUMO_CHOICE_EDITOR (object);
  GtkExpression *expression;

  G_OBJECT_CLASS (kumo_choice_editor_parent_class)->constructed (object);

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->choices)), expression));
  gtk_widget_add_css_class (GTK_WIDGET (self->dropdown), "kumo-choice");
  g_signal_connect_object (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);

  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), GTK_WIDGET (self->dropdown), GTK_WIDGET (self->dropdown));
}

static void
kumo_choice_editor_finalize (GObject *object)
{
  KumoChoiceEditor *self = KUMO_CHOICE_EDITOR (object);

  g_clear_object (&self->choices);
  g_clear_pointer (&self->values, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_choice_editor_parent_class)->finalize (object);
}

static void
kumo_choice_editor_class_init (KumoChoiceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  object_class->constructed = kumo_choice_editor_constructed;
  object_class->finalize = kumo_choice_editor_finalize;
  editor_class->sync = kumo_choice_editor_sync;
}

static void
kumo_choice_editor_init (KumoChoiceEditor *self)
{
  self->choices = gtk_string_list_new (NULL);
  self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
}
