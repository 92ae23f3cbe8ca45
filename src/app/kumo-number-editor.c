/* kumo-number-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-number-editor"

#include "config.h"

#include <math.h>

#include "kumo-number-editor.h"

/* Beyond this a double (and so a GtkSpinButton) loses whole numbers. */
#define MAX_EXACT_DOUBLE 9007199254740991.0

/*
 * A whole or decimal number within the range a spin button holds, with
 * the server's minimum, maximum, step and rounding.
 */
struct _KumoNumberEditor
{
  KumoFieldEditor  parent_instance;

  GtkSpinButton   *spin;
  guint            digits;
};

G_DEFINE_FINAL_TYPE (KumoNumberEditor, kumo_number_editor, KUMO_TYPE_FIELD_EDITOR)

/* What Python's float() would make of a value, for showing it. */
static gboolean
value_as_double (KumoJson *value,
                 double   *out)
{
  KumoNumber number;

  if (value == NULL)
    return FALSE;

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_NUMBER:
      *out = kumo_json_get_double (value);
      return TRUE;

    case KUMO_JSON_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (kumo_json_get_string (value)));

        if (!kumo_number_parse (text, &number))
          return FALSE;
        *out = number.value;
        return TRUE;
      }

    case KUMO_JSON_BOOLEAN:
      *out = kumo_json_get_boolean (value) ? 1 : 0;
      return TRUE;

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return FALSE;
    }
}

static void
value_changed_cb (KumoNumberEditor *self,
                  GtkSpinButton    *spin)
{
  KumoField *field = kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self));
  double value = gtk_spin_button_get_value (spin);
  double scale = pow (10, self->digits);
  double current;

  if (kumo_field_editor_is_syncing (KUMO_FIELD_EDITOR (self)))
    return;

  /* A value the spin button merely shows rounded is not a change: leave
   * 0.8700000000000001 alone until somebody really edits it. */
  if (value_as_double (kumo_field_editor_get_shown_value (KUMO_FIELD_EDITOR (self)), &current) &&
      fabs (value - current) < 0.5 / scale)
    return;

  if (kumo_field_get_kind (field) == KUMO_FIELD_INTEGER)
    kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_int ((gint64) llround (value)));
  else
    kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_double (round (value * scale) / scale));
}

/* A value out of range is shown as it is (and marked), not clamped into
 * the range. */
static void
kumo_number_editor_sync (KumoFieldEditor *editor,
                         KumoJson        *value)
{
  KumoNumberEditor *self = KUMO_NUMBER_EDITOR (editor);
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (self->spin);
  double number;

  if (!value_as_double (value, &number))
    return;

  gtk_adjustment_set_lower (adjustment, MIN (gtk_adjustment_get_lower (adjustment), number));
  gtk_adjustment_set_upper (adjustment, MAX (gtk_adjustment_get_upper (adjustment), number));
  gtk_spin_button_set_value (self->spin, number);
}

static void
kumo_number_editor_constructed (GObject *object)
{
  KumoNumberEditor *self = KUMO_NUMBER_EDITOR (object);
  KumoField *field;
  const KumoInputSpec *spec;
  GtkAdjustment *adjustment;
  gboolean integer;
  double lower = -MAX_EXACT_DOUBLE, upper = MAX_EXACT_DOUBLE;
  double step;

  G_OBJECT_CLASS (kumo_number_editor_parent_class)->constructed (object);

  field = kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self));
  spec = kumo_field_get_spec (field);
  integer = kumo_field_get_kind (field) == KUMO_FIELD_INTEGER;
  self->digits = kumo_field_get_digits (field);

  if (spec != NULL && spec->has_min)
    lower = spec->min.value;
  if (spec != NULL && spec->has_max)
    upper = spec->max.value;

  if (spec != NULL && spec->has_step)
    step = spec->step;
  else
    step = integer ? 1 : pow (10, -(double) MIN (self->digits, 2));

  adjustment = gtk_adjustment_new (lower, lower, upper, step, step * 10, 0);
  self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new (adjustment, step, self->digits));
  gtk_spin_button_set_numeric (self->spin, TRUE);
  gtk_spin_button_set_update_policy (self->spin, GTK_UPDATE_IF_VALID);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->spin), integer ? 7 : 8);
  g_signal_connect_object (self->spin, "value-changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);

  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), GTK_WIDGET (self->spin), GTK_WIDGET (self->spin));
}

static void
kumo_number_editor_class_init (KumoNumberEditorClass *klass)
{
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = kumo_number_editor_constructed;
  editor_class->sync = kumo_number_editor_sync;
}

static void
kumo_number_editor_init (KumoNumberEditor *self)
{
}
