/* kumo-prompt-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-prompt-editor"

#include "config.h"

#include "kumo-prompt-editor.h"

/*
 * Prompts are long: a text box across the whole row, below its title,
 * growing with its text up to a point.
 */
struct _KumoPromptEditor
{
  KumoFieldEditor  parent_instance;

  GtkTextView     *view;
};

G_DEFINE_FINAL_TYPE (KumoPromptEditor, kumo_prompt_editor, KUMO_TYPE_FIELD_EDITOR)

static char *
dup_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
buffer_changed_cb (KumoPromptEditor *self,
                   GtkTextBuffer    *buffer)
{
  g_autofree char *text = dup_text (buffer);

  kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_string (text));
}

static void
kumo_prompt_editor_sync (KumoFieldEditor *editor,
                         KumoJson        *value)
{
  KumoPromptEditor *self = KUMO_PROMPT_EDITOR (editor);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  g_autofree char *text = kumo_json_dup_value_text (value);
  g_autofree char *current = dup_text (buffer);

  if (g_strcmp0 (text, current) != 0)
    gtk_text_buffer_set_text (buffer, text, -1);
}

static void
kumo_prompt_editor_constructed (GObject *object)
{
  KumoPromptEditor *self = KUMO_PROMPT_EDITOR (object);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  G_OBJECT_CLASS (kumo_prompt_editor_parent_class)->constructed (object);

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->view, FALSE);
  gtk_text_view_set_top_margin (self->view, 8);
  gtk_text_view_set_bottom_margin (self->view, 8);
  gtk_text_view_set_left_margin (self->view, 10);
  gtk_text_view_set_right_margin (self->view, 10);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "kumo-prompt");

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 88);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_add_css_class (scrolled, "kumo-prompt-frame");
  gtk_widget_set_margin_top (scrolled, 6);

  g_signal_connect_object (gtk_text_view_get_buffer (self->view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), scrolled, GTK_WIDGET (self->view));
}

static void
kumo_prompt_editor_class_init (KumoPromptEditorClass *klass)
{
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kumo_prompt_editor_constructed;
  editor_class->sync = kumo_prompt_editor_sync;
  editor_class->full_width = TRUE;
}

static void
kumo_prompt_editor_init (KumoPromptEditor *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_FILL);
}
