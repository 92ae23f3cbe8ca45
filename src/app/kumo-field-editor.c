/* kumo-field-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-field-editor"

#include "config.h"

#include <math.h>

#include "kumo-choice-editor.h"
#include "kumo-media-editor.h"
#include "kumo-field-editor.h"
#include "kumo-number-editor.h"
#include "kumo-prompt-editor.h"
#include "kumo-seed.h"
#include "kumo-switch-editor.h"
#include "kumo-text-editor.h"
#include "kumo-whole-number-editor.h"

/* Beyond this a double (and so a GtkSpinButton) loses whole numbers. */
#define MAX_EXACT_DOUBLE 9007199254740991.0

/*
 * What every kind of editor shares: its field, the widget that takes
 * input (marked when the server would reject the value), a note for the
 * row's subtitle, and the guard that keeps showing a value from being
 * taken for an edit of it.
 */
typedef struct
{
  KumoField *field;
  GtkWidget *input;
  char      *note;
  char      *text_error;
  gboolean   syncing;
} KumoFieldEditorPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KumoFieldEditor, kumo_field_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIELD,
  PROP_NOTE,
  PROP_TEXT_ERROR,
  N_PROPS
};

enum {
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Seeds, and other whole numbers with a range (up to 2^64 − 1) beyond
 * what a spin button holds. */
static gboolean
is_big_integer (KumoField *field)
{
  const KumoInputSpec *spec = kumo_field_get_spec (field);

  if (kumo_field_has_seed_control (field))
    return TRUE;

  return spec != NULL &&
         ((spec->has_max && fabs (spec->max.value) > MAX_EXACT_DOUBLE) ||
          (spec->has_min && fabs (spec->min.value) > MAX_EXACT_DOUBLE));
}

/**
 * kumo_field_editor_new:
 *
 * Returns: (transfer floating) (nullable): the editor for @field's kind,
 *   or %NULL for a link or a value that is only shown
 */
GtkWidget *
kumo_field_editor_new (KumoField *field)
{
  GType type;

  g_return_val_if_fail (KUMO_IS_FIELD (field), NULL);

  switch (kumo_field_get_kind (field))
    {
    case KUMO_FIELD_INTEGER:
      type = is_big_integer (field) ? KUMO_TYPE_WHOLE_NUMBER_EDITOR : KUMO_TYPE_NUMBER_EDITOR;
      break;

    case KUMO_FIELD_FLOAT:
      type = KUMO_TYPE_NUMBER_EDITOR;
      break;

    case KUMO_FIELD_TEXT:
      type = KUMO_TYPE_TEXT_EDITOR;
      break;

    case KUMO_FIELD_MULTILINE_TEXT:
      type = KUMO_TYPE_PROMPT_EDITOR;
      break;

    case KUMO_FIELD_BOOLEAN:
      type = KUMO_TYPE_SWITCH_EDITOR;
      break;

    case KUMO_FIELD_CHOICE:
      type = KUMO_TYPE_CHOICE_EDITOR;
      break;

    case KUMO_FIELD_IMAGE:
    case KUMO_FIELD_VIDEO:
    case KUMO_FIELD_AUDIO:
      type = KUMO_TYPE_MEDIA_EDITOR;
      break;

    case KUMO_FIELD_LINK:
    case KUMO_FIELD_OTHER:
    default:
      return NULL;
    }

  return g_object_new (type, "field", field, NULL);
}

static void
kumo_field_editor_dispose (GObject *object)
{
  KumoFieldEditor *self = (KumoFieldEditor *)object;
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  priv->input = NULL;
  g_clear_object (&priv->field);

  G_OBJECT_CLASS (kumo_field_editor_parent_class)->dispose (object);
}

static void
kumo_field_editor_finalize (GObject *object)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (KUMO_FIELD_EDITOR (object));

  g_free (priv->note);
  g_free (priv->text_error);

  G_OBJECT_CLASS (kumo_field_editor_parent_class)->finalize (object);
}

static void
kumo_field_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (KUMO_FIELD_EDITOR (object));

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_object (value, priv->field);
      break;

    case PROP_NOTE:
      g_value_set_string (value, priv->note);
      break;

    case PROP_TEXT_ERROR:
      g_value_set_string (value, priv->text_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_field_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (KUMO_FIELD_EDITOR (object));

  switch (prop_id)
    {
    case PROP_FIELD:
      priv->field = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_field_editor_class_init (KumoFieldEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_field_editor_dispose;
  object_class->finalize = kumo_field_editor_finalize;
  object_class->get_property = kumo_field_editor_get_property;
  object_class->set_property = kumo_field_editor_set_property;

  properties[PROP_FIELD] =
    g_param_spec_object ("field", NULL, NULL,
                         KUMO_TYPE_FIELD,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* What the row's subtitle says of a valid value (a switch's label). */
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Text typed that is no value at all, which the field never got. */
  properties[PROP_TEXT_ERROR] =
    g_param_spec_string ("text-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KumoFieldEditor::edited:
   *
   * The user changed the value, which the field now has.
   */
  signals[EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_field_editor_init (KumoFieldEditor *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

KumoField *
kumo_field_editor_get_field (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), NULL);

  return priv->field;
}

/**
 * kumo_field_editor_get_input:
 *
 * Returns: (transfer none): the widget that takes the user's input: the
 *   one marked, and named, for assistive technology
 */
GtkWidget *
kumo_field_editor_get_input (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), NULL);

  return priv->input;
}

const char *
kumo_field_editor_get_note (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), NULL);

  return priv->note;
}

const char *
kumo_field_editor_get_text_error (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), NULL);

  return priv->text_error;
}

gboolean
kumo_field_editor_is_full_width (KumoFieldEditor *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), FALSE);

  return KUMO_FIELD_EDITOR_GET_CLASS (self)->full_width;
}

gboolean
kumo_field_editor_expands (KumoFieldEditor *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), FALSE);

  return KUMO_FIELD_EDITOR_GET_CLASS (self)->expands;
}

/* What the editor shows: the field's value, or the server's default for
 * an input the node lacks. Text equal to it is no edit, so moving through
 * the fields writes no default into the workflow. */
KumoJson *
kumo_field_editor_get_shown_value (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);
  const KumoInputSpec *spec;
  KumoJson *value;

  g_return_val_if_fail (KUMO_IS_FIELD_EDITOR (self), NULL);

  value = kumo_field_get_value (priv->field);
  spec = kumo_field_get_spec (priv->field);
  if (value == NULL && spec != NULL)
    value = spec->default_value;
  return value;
}

void
kumo_field_editor_sync (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);
  KumoJson *value;

  g_return_if_fail (KUMO_IS_FIELD_EDITOR (self));

  value = kumo_field_editor_get_shown_value (self);
  priv->syncing = TRUE;
  KUMO_FIELD_EDITOR_GET_CLASS (self)->sync (self, value);
  priv->syncing = FALSE;
  kumo_field_editor_set_text_error (self, NULL);
}

void
kumo_field_editor_activate (KumoFieldEditor *self)
{
  g_return_if_fail (KUMO_IS_FIELD_EDITOR (self));

  if (KUMO_FIELD_EDITOR_GET_CLASS (self)->activate != NULL)
    KUMO_FIELD_EDITOR_GET_CLASS (self)->activate (self);
}

/* @child is what the editor shows; @input, inside it, takes the input. */
void
kumo_field_editor_set_child (KumoFieldEditor *self,
                             GtkWidget       *child,
                             GtkWidget       *input)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_if_fail (KUMO_IS_FIELD_EDITOR (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && GTK_IS_WIDGET (input));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
  priv->input = input;
}

/* Whether the widgets are being set to show the field's value: their
 * signals then are no edit. */
gboolean
kumo_field_editor_is_syncing (KumoFieldEditor *self)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  return priv->syncing;
}

/* The user made @value (taken): the field gets it. */
void
kumo_field_editor_commit (KumoFieldEditor *self,
                          KumoJson        *value)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  g_return_if_fail (KUMO_IS_FIELD_EDITOR (self));

  if (priv->syncing)
    {
      kumo_json_free (value);
      return;
    }

  /* The field's notification is ours: nothing to show again. */
  priv->syncing = TRUE;
  kumo_field_set_value (priv->field, value);
  priv->syncing = FALSE;
  kumo_field_editor_set_text_error (self, NULL);
  g_signal_emit (self, signals[EDITED], 0);
}

void
kumo_field_editor_set_note (KumoFieldEditor *self,
                            const char      *note)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  if (g_strcmp0 (priv->note, note) == 0)
    return;

  g_free (priv->note);
  priv->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

void
kumo_field_editor_set_text_error (KumoFieldEditor *self,
                                  const char      *message)
{
  KumoFieldEditorPrivate *priv = kumo_field_editor_get_instance_private (self);

  if (g_strcmp0 (priv->text_error, message) == 0)
    return;

  g_free (priv->text_error);
  priv->text_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_ERROR]);
}
