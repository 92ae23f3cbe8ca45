/* kumo-field-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-field.h"

G_BEGIN_DECLS

#define KUMO_TYPE_FIELD_EDITOR (kumo_field_editor_get_type ())

G_DECLARE_DERIVABLE_TYPE (KumoFieldEditor, kumo_field_editor, KUMO, FIELD_EDITOR, GtkWidget)

/*
 * The widget that edits one kind of input (a number, a prompt, a choice…)
 * inside a KumoFieldRow. Each kind is a subclass; kumo_field_editor_new()
 * is the one place that picks it.
 */
struct _KumoFieldEditorClass
{
  GtkWidgetClass parent_class;

  /* Shows @value (the field's, or the server's default for an input the
   * node lacks). */
  void (*sync)     (KumoFieldEditor *self,
                    KumoJson        *value);
  /* The row was activated (clicked, or Enter on it). */
  void (*activate) (KumoFieldEditor *self);

  /* Laid out below the row's title, across its whole width. */
  gboolean full_width;
  /* Takes the room the title leaves. */
  gboolean expands;
};

GtkWidget  *kumo_field_editor_new             (KumoField       *field);
KumoField  *kumo_field_editor_get_field       (KumoFieldEditor *self);
GtkWidget  *kumo_field_editor_get_input       (KumoFieldEditor *self);
const char *kumo_field_editor_get_note        (KumoFieldEditor *self);
const char *kumo_field_editor_get_text_error  (KumoFieldEditor *self);
KumoJson   *kumo_field_editor_get_shown_value (KumoFieldEditor *self);
void        kumo_field_editor_sync            (KumoFieldEditor *self);
void        kumo_field_editor_activate        (KumoFieldEditor *self);
gboolean    kumo_field_editor_is_full_width   (KumoFieldEditor *self);
gboolean    kumo_field_editor_expands         (KumoFieldEditor *self);

/* For subclasses. */
void        kumo_field_editor_set_child       (KumoFieldEditor *self,
                                               GtkWidget       *child,
                                               GtkWidget       *input);
gboolean    kumo_field_editor_is_syncing      (KumoFieldEditor *self);
void        kumo_field_editor_commit          (KumoFieldEditor *self,
                                               KumoJson        *value);
void        kumo_field_editor_set_note        (KumoFieldEditor *self,
                                               const char      *note);
void        kumo_field_editor_set_text_error  (KumoFieldEditor *self,
                                               const char      *message);

G_END_DECLS
