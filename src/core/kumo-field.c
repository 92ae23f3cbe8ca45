/* kumo-field.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kumo-field.h"
#include "kumo-validation.h"

/* Strings longer than this read better in a text box than in an entry. */
#define LONG_TEXT 60

/*
 * A field is one input of one node as the editor and the CLI see it: its
 * kind, label, constraints (from the node catalog when there is one) and
 * its value, read from and written to the workflow.
 */
struct _KumoField
{
  GObject              parent_instance;

  KumoWorkflow        *workflow;
  KumoNode            *node;
  KumoNodeCatalog     *catalog;
  char                *name;
  char                *label;
  const KumoInputSpec *spec;
  const KumoInputSpec *parent_spec;
  KumoFieldKind        kind;
};

G_DEFINE_FINAL_TYPE (KumoField, kumo_field, G_TYPE_OBJECT)

G_DEFINE_QUARK (kumo-field-error-quark, kumo_field_error)

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kumo_field_dispose (GObject *object)
{
  KumoField *self = (KumoField *)object;

  if (self->node != NULL)
    g_signal_handlers_disconnect_by_data (self->node, self);

  g_clear_object (&self->workflow);
  g_clear_object (&self->node);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (kumo_field_parent_class)->dispose (object);
}

static void
kumo_field_finalize (GObject *object)
{
  KumoField *self = (KumoField *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (kumo_field_parent_class)->finalize (object);
}

static void
kumo_field_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KumoField *self = KUMO_FIELD (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_take_string (value, kumo_field_dup_value_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_field_class_init (KumoFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_field_dispose;
  object_class->finalize = kumo_field_finalize;
  object_class->get_property = kumo_field_get_property;

  /* The value as text; notified whenever the input changes, from a widget,
   * from another view of the same node, or from seed controls. */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_field_init (KumoField *self)
{
}

const char *
kumo_field_kind_to_string (KumoFieldKind kind)
{
  switch (kind)
    {
    case KUMO_FIELD_INTEGER: return "integer";
    case KUMO_FIELD_FLOAT: return "float";
    case KUMO_FIELD_TEXT: return "text";
    case KUMO_FIELD_MULTILINE_TEXT: return "multiline";
    case KUMO_FIELD_BOOLEAN: return "boolean";
    case KUMO_FIELD_CHOICE: return "choice";
    case KUMO_FIELD_IMAGE: return "image";
    case KUMO_FIELD_VIDEO: return "video";
    case KUMO_FIELD_AUDIO: return "audio";
    case KUMO_FIELD_LINK: return "link";
    case KUMO_FIELD_OTHER: return "other";
    default: return "other";
    }
}

/* ComfyUI treats every two-element list as a link (docs/protocol.md §9.2). */
static gboolean
is_link_shaped (const KumoJson *value)
{
  return value != NULL &&
         kumo_json_get_type (value) == KUMO_JSON_ARRAY &&
         kumo_json_array_get_length (value) == 2;
}

static KumoFieldKind
infer_kind (const KumoJson *value)
{
  KumoNumber number;

  if (value == NULL)
    return KUMO_FIELD_OTHER;

  if (is_link_shaped (value))
    return KUMO_FIELD_LINK;

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_NUMBER:
      kumo_json_get_number (value, &number);
      return number.is_integer ? KUMO_FIELD_INTEGER : KUMO_FIELD_FLOAT;

    case KUMO_JSON_STRING:
      {
        const char *str = kumo_json_get_string (value);

        if (strchr (str, '\n') != NULL || g_utf8_strlen (str, -1) > LONG_TEXT)
          return KUMO_FIELD_MULTILINE_TEXT;
        return KUMO_FIELD_TEXT;
      }

    case KUMO_JSON_BOOLEAN:
      return KUMO_FIELD_BOOLEAN;

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return KUMO_FIELD_OTHER;
    }
}

static KumoFieldKind
kind_from_spec (const KumoInputSpec *spec,
                const KumoJson      *value)
{
  if (is_link_shaped (value))
    return KUMO_FIELD_LINK;

  switch (spec->type)
    {
    case KUMO_INPUT_TYPE_INT:
      return KUMO_FIELD_INTEGER;

    case KUMO_INPUT_TYPE_FLOAT:
      return KUMO_FIELD_FLOAT;

    case KUMO_INPUT_TYPE_STRING:
      return spec->multiline ? KUMO_FIELD_MULTILINE_TEXT : KUMO_FIELD_TEXT;

    case KUMO_INPUT_TYPE_BOOLEAN:
      return KUMO_FIELD_BOOLEAN;

    case KUMO_INPUT_TYPE_COMBO:
      switch (spec->upload)
        {
        case KUMO_UPLOAD_IMAGE: return KUMO_FIELD_IMAGE;
        case KUMO_UPLOAD_VIDEO: return KUMO_FIELD_VIDEO;
        case KUMO_UPLOAD_AUDIO: return KUMO_FIELD_AUDIO;
        case KUMO_UPLOAD_FILE:
        case KUMO_UPLOAD_NONE:
        default:
          break;
        }
      if (value != NULL && kumo_json_get_type (value) != KUMO_JSON_STRING &&
          kumo_json_get_type (value) != KUMO_JSON_NUMBER)
        return KUMO_FIELD_OTHER;
      return KUMO_FIELD_CHOICE;

    case KUMO_INPUT_TYPE_DYNAMIC_COMBO:
      return KUMO_FIELD_CHOICE;

    case KUMO_INPUT_TYPE_AUTOGROW:
    case KUMO_INPUT_TYPE_SOCKET:
    default:
      /* A socket holding a literal (a forceInput STRING, say). */
      return value != NULL ? infer_kind (value) : KUMO_FIELD_LINK;
    }
}

static void
on_input_changed (KumoField  *self,
                  const char *name,
                  KumoNode   *node)
{
  /* Not a detailed connection: an input name can be anything, even one
   * that is not a valid signal detail, such as "". */
  if (g_strcmp0 (name, self->name) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * kumo_field_new:
 * @catalog: (nullable): the server's node definitions
 *
 * Without a catalog the kind is inferred from the value, so every workflow
 * opens; ranges and choices are then unknown.
 */
KumoField *
kumo_field_new (KumoWorkflow    *workflow,
                KumoNode        *node,
                const char      *name,
                KumoNodeCatalog *catalog)
{
  KumoField *self;
  const KumoNodeDef *klass = NULL;
  KumoJson *value;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (KUMO_IS_NODE (node), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (!catalog || KUMO_IS_NODE_CATALOG (catalog), NULL);

  self = g_object_new (KUMO_TYPE_FIELD, NULL);
  self->workflow = g_object_ref (workflow);
  self->node = g_object_ref (node);
  self->catalog = catalog ? g_object_ref (catalog) : NULL;
  self->name = g_strdup (name);

  value = kumo_node_get_input (node, name);

  if (catalog != NULL)
    klass = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));

  if (klass != NULL)
    {
      KumoJson *inputs = kumo_json_object_get (kumo_node_get_json (node), "inputs");

      self->spec = kumo_node_def_find_input (klass, name, inputs, &self->parent_spec);
    }

  if (self->spec != NULL)
    self->kind = kind_from_spec (self->spec, value);
  else
    self->kind = infer_kind (value);

  /* Sub-inputs of dynamic inputs are labelled by their own part:
   * "codec" for "format.codec", "image0" for "images.image0". */
  if (self->spec != NULL && self->spec->display_name != NULL)
    self->label = g_strdup (self->spec->display_name);
  else if (self->parent_spec != NULL && strrchr (name, '.') != NULL)
    self->label = g_strdup (strrchr (name, '.') + 1);
  else
    self->label = g_strdup (name);

  g_signal_connect_object (node, "input-changed", G_CALLBACK (on_input_changed), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static gboolean
group_contains (GPtrArray  *names,
                const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Is @name a sub-input of @head ("format.codec" of "format")? */
static gboolean
is_sub_input (const char *name,
              const char *head)
{
  gsize len = strlen (head);

  return strncmp (name, head, len) == 0 && name[len] == '.';
}

/**
 * kumo_field_list_for_node:
 * @catalog: (nullable): the node definitions
 *
 * Lists the fields of @node in the server's widget order: each input of
 * the node class that the node has or requires, each followed by its
 * dynamic sub-inputs, then any input the class does not know, in document
 * order. Without a catalog, the document order.
 *
 * Returns: (transfer container): the fields
 */
GPtrArray *
kumo_field_list_for_node (KumoWorkflow    *workflow,
                          KumoNode        *node,
                          KumoNodeCatalog *catalog)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);
  const KumoNodeDef *klass = NULL;
  guint n_inputs;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), fields);
  g_return_val_if_fail (KUMO_IS_NODE (node), fields);

  n_inputs = kumo_node_get_n_inputs (node);

  if (catalog != NULL)
    klass = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));

  if (klass != NULL)
    {
      for (guint i = 0; i < klass->inputs->len; i++)
        {
          const KumoInputSpec *spec = g_ptr_array_index (klass->inputs, i);

          /* An autogrow input has no value of its own, only its slots. */
          if (kumo_node_has_input (node, spec->name) ||
              (spec->section == KUMO_INPUT_REQUIRED && !spec->hidden &&
               spec->type != KUMO_INPUT_TYPE_AUTOGROW))
            g_ptr_array_add (names, spec->name);

          for (guint j = 0; j < n_inputs; j++)
            {
              const char *name = kumo_node_get_input_name (node, j);

              if (is_sub_input (name, spec->name) && !group_contains (names, name))
                g_ptr_array_add (names, (char *) name);
            }
        }
    }

  for (guint j = 0; j < n_inputs; j++)
    {
      const char *name = kumo_node_get_input_name (node, j);

      if (!group_contains (names, name))
        g_ptr_array_add (names, (char *) name);
    }

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (fields, kumo_field_new (workflow, node, g_ptr_array_index (names, i), catalog));

  return fields;
}

KumoWorkflow *
kumo_field_get_workflow (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->workflow;
}

KumoNode *
kumo_field_get_node (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->node;
}

const char *
kumo_field_get_name (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->name;
}

KumoFieldKind
kumo_field_get_kind (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), KUMO_FIELD_OTHER);

  return self->kind;
}

const char *
kumo_field_get_label (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->label;
}

/**
 * kumo_field_get_tooltip:
 *
 * Returns: (nullable): the server's description of the input
 */
const char *
kumo_field_get_tooltip (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->spec ? self->spec->tooltip : NULL;
}

gboolean
kumo_field_get_advanced (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), FALSE);

  /* Inputs the server does not know of (such as the "upload" that the web
   * UI exports for LoadImage) are ignored by it: keep them out of the way. */
  if (self->catalog != NULL && self->spec == NULL &&
      kumo_node_catalog_lookup (self->catalog, kumo_node_get_class_type (self->node)) != NULL)
    return TRUE;

  return self->spec != NULL && self->spec->advanced;
}

gboolean
kumo_field_get_hidden (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), FALSE);

  return self->spec != NULL && (self->spec->hidden || self->spec->section == KUMO_INPUT_HIDDEN);
}

/* Whether the node catalog describes this input. */
gboolean
kumo_field_is_known (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), FALSE);

  return self->spec != NULL;
}

/**
 * kumo_field_get_spec:
 *
 * Returns: (nullable): the catalog's definition of the input
 */
const KumoInputSpec *
kumo_field_get_spec (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return self->spec;
}

/**
 * kumo_field_get_value:
 *
 * Returns: (nullable) (transfer none): the value in the workflow, or %NULL
 *   when the node lacks the input
 */
KumoJson *
kumo_field_get_value (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return kumo_node_get_input (self->node, self->name);
}

/**
 * kumo_field_set_value:
 * @value: (transfer full): the new value
 *
 * Writes the value into the workflow unless it equals the current one, so
 * that widgets syncing themselves never mark a document as changed.
 */
void
kumo_field_set_value (KumoField *self,
                      KumoJson  *value)
{
  KumoJson *current;

  g_return_if_fail (KUMO_IS_FIELD (self));
  g_return_if_fail (value != NULL);

  current = kumo_field_get_value (self);
  if (current != NULL && kumo_json_get_type (current) == kumo_json_get_type (value) &&
      kumo_json_equal (current, value))
    {
      kumo_json_free (value);
      return;
    }

  kumo_node_set_input (self->node, self->name, value);
}

/**
 * kumo_json_dup_value_text:
 *
 * Returns: an input value as one line of text: strings as they are,
 *   numbers as written, links as "<- NODE[SLOT]", anything else as JSON
 */
char *
kumo_json_dup_value_text (const KumoJson *value)
{
  const char *node_id;
  gint64 slot;

  if (value == NULL)
    return g_strdup ("");

  if (kumo_json_is_link (value, &node_id, &slot))
    return g_strdup_printf ("<- %s[%" G_GINT64_FORMAT "]", node_id, slot);

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_STRING:
      return g_strdup (kumo_json_get_string (value));

    case KUMO_JSON_NUMBER:
      return g_strdup (kumo_json_get_number_text (value));

    case KUMO_JSON_BOOLEAN:
      return g_strdup (kumo_json_get_boolean (value) ? "true" : "false");

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      {
        g_autoptr(KumoJson) copy = kumo_json_copy (value);
        return kumo_json_to_string (copy);
      }
    }
}

char *
kumo_field_dup_value_text (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  return kumo_json_dup_value_text (kumo_field_get_value (self));
}

static gboolean
parse_boolean (const char *text,
               gboolean   *value)
{
  const char *yes[] = { "true", "1", "yes", "on" };
  const char *no[] = { "false", "0", "no", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        return (*value = TRUE);
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        return !(*value = FALSE);
    }

  return FALSE;
}

static gboolean
options_are_numbers (const KumoInputSpec *spec)
{
  if (spec == NULL || spec->options == NULL || spec->options->len == 0)
    return FALSE;

  for (guint i = 0; i < spec->options->len; i++)
    if (kumo_json_get_type (g_ptr_array_index (spec->options, i)) != KUMO_JSON_NUMBER)
      return FALSE;

  return TRUE;
}

/**
 * kumo_field_set_from_string:
 * @text: the value as a person types it
 *
 * Converts @text to the field's kind and sets it: a whole number for an
 * integer, a number for a float, true/false for a switch, JSON for links
 * and other structured values, the text itself otherwise.
 */
gboolean
kumo_field_set_from_string (KumoField   *self,
                            const char  *text,
                            GError     **error)
{
  g_autoptr(KumoJson) value = NULL;
  g_autofree char *stripped = NULL;
  KumoNumber number;
  gboolean boolean;

  g_return_val_if_fail (KUMO_IS_FIELD (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  switch (self->kind)
    {
    case KUMO_FIELD_INTEGER:
      if (!kumo_number_parse (stripped, &number) || !number.is_integer)
        {
          g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                       _("%s.%s takes a whole number, not “%s”."),
                       kumo_node_get_id (self->node), self->name, text);
          return FALSE;
        }
      value = kumo_json_new_number_text (stripped);
      break;

    case KUMO_FIELD_FLOAT:
      if (!kumo_number_parse (stripped, &number) || !isfinite (number.value))
        {
          g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                       _("%s.%s takes a number, not “%s”."),
                       kumo_node_get_id (self->node), self->name, text);
          return FALSE;
        }
      value = kumo_json_new_number_text (stripped);
      break;

    case KUMO_FIELD_BOOLEAN:
      if (!parse_boolean (stripped, &boolean))
        {
          g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                       _("%s.%s takes true or false, not “%s”."),
                       kumo_node_get_id (self->node), self->name, text);
          return FALSE;
        }
      value = kumo_json_new_boolean (boolean);
      break;

    case KUMO_FIELD_CHOICE:
      if (options_are_numbers (self->spec) && kumo_number_parse (stripped, &number))
        value = kumo_json_new_number_text (stripped);
      else
        value = kumo_json_new_string (text);
      break;

    case KUMO_FIELD_LINK:
    case KUMO_FIELD_OTHER:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(KumoJson) parsed = kumo_json_parse_data (stripped, -1, &local_error);

        if (parsed == NULL)
          {
            g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                         _("%s.%s takes a JSON value such as [\"4\", 0] for a link: %s"),
                         kumo_node_get_id (self->node), self->name, local_error->message);
            return FALSE;
          }
        value = kumo_json_copy (parsed);
      }
      break;

    case KUMO_FIELD_TEXT:
    case KUMO_FIELD_MULTILINE_TEXT:
    case KUMO_FIELD_IMAGE:
    case KUMO_FIELD_VIDEO:
    case KUMO_FIELD_AUDIO:
    default:
      value = kumo_json_new_string (text);
      break;
    }

  kumo_field_set_value (self, g_steal_pointer (&value));
  return TRUE;
}

static guint
decimals_of (double value)
{
  for (guint digits = 0; digits < 10; digits++)
    {
      double scaled = value * pow (10, digits);

      if (fabs (scaled - round (scaled)) < 1e-9 * MAX (1.0, fabs (scaled)))
        return digits;
    }
  return 10;
}

/**
 * kumo_field_get_digits:
 *
 * Returns: how many decimals a float field shows: those of the catalog's
 *   rounding or step, and never fewer than the value itself has, so that
 *   showing a value never changes it
 */
guint
kumo_field_get_digits (KumoField *self)
{
  KumoJson *value;
  guint digits = 2;

  g_return_val_if_fail (KUMO_IS_FIELD (self), 0);

  if (self->kind == KUMO_FIELD_INTEGER)
    return 0;

  if (self->spec != NULL && self->spec->has_round)
    digits = decimals_of (self->spec->round);
  else if (self->spec != NULL && self->spec->has_step)
    digits = decimals_of (self->spec->step);

  value = kumo_field_get_value (self);
  if (value != NULL && kumo_json_get_type (value) == KUMO_JSON_NUMBER)
    digits = MAX (digits, decimals_of (kumo_json_get_double (value)));

  return CLAMP (digits, 1, 10);
}

/**
 * kumo_field_validate:
 *
 * Returns: (nullable) (transfer full): what the server would say about
 *   this input, or %NULL when it would accept it or nothing is known
 */
KumoProblem *
kumo_field_validate (KumoField *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD (self), NULL);

  if (self->catalog == NULL)
    return NULL;

  return kumo_validate_input (self->workflow, self->node, self->name, self->catalog);
}

/* ---------------------------------------------------------------------- */
/* Naming a field                                                         */
/* ---------------------------------------------------------------------- */

static char *
describe_nodes (GPtrArray *nodes)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      KumoNode *node = g_ptr_array_index (nodes, i);
      const char *title = kumo_node_get_title (node);

      g_string_append_printf (list, "\n  %s (%s%s%s)", kumo_node_get_id (node),
                              kumo_node_get_class_type (node),
                              title ? ", " : "", title ? title : "");
    }

  return g_string_free (list, FALSE);
}

static char *
describe_inputs (KumoWorkflow    *workflow,
                 KumoNode        *node,
                 KumoNodeCatalog *catalog)
{
  g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, catalog);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (list, "\n  %s.%s", kumo_node_get_id (node),
                            kumo_field_get_name (g_ptr_array_index (fields, i)));

  return g_string_free (list, FALSE);
}

static gboolean
node_knows_input (KumoNode        *node,
                  KumoNodeCatalog *catalog,
                  const char      *input)
{
  const KumoNodeDef *def;

  if (kumo_node_has_input (node, input))
    return TRUE;

  if (catalog == NULL || !(def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node))))
    return FALSE;

  return kumo_node_def_find_input (def, input, kumo_json_object_get (kumo_node_get_json (node), "inputs"), NULL) != NULL;
}

/**
 * kumo_field_resolve:
 * @node_input: "NODE.INPUT", where NODE is an id or a title
 *
 * Node ids contain ':' and titles may contain '.', input names contain
 * '.' too: every split of @node_input is tried against the document, and
 * only a split that names exactly one node with that input is accepted.
 *
 * Returns: (transfer full) (nullable): the field, or %NULL with @error
 *   saying which nodes or inputs there are
 */
KumoField *
kumo_field_resolve (KumoWorkflow     *workflow,
                    KumoNodeCatalog  *catalog,
                    const char       *node_input,
                    GError          **error)
{
  g_autoptr(GPtrArray) ambiguous = NULL;
  g_autoptr(KumoNode) found_node = NULL;
  g_autofree char *found_input = NULL;
  g_autoptr(KumoNode) named_node = NULL;

  for (const char *dot = strchr (node_input, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    {
      g_autofree char *node_part = g_strndup (node_input, dot - node_input);
      const char *input = dot + 1;
      g_autoptr(GPtrArray) nodes = kumo_workflow_find_nodes (workflow, node_part);

      if (nodes->len == 1 && named_node == NULL)
        named_node = g_object_ref (g_ptr_array_index (nodes, 0));

      if (nodes->len > 1)
        {
          g_clear_pointer (&ambiguous, g_ptr_array_unref);
          ambiguous = g_ptr_array_ref (nodes);
          continue;
        }

      if (nodes->len == 1 && node_knows_input (g_ptr_array_index (nodes, 0), catalog, input))
        {
          if (found_node != NULL && found_node != g_ptr_array_index (nodes, 0))
            {
              g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                           _("“%s” could mean input “%s” of node %s or input “%s” of node %s; use node ids."),
                           node_input, found_input, kumo_node_get_id (found_node),
                           input, kumo_node_get_id (g_ptr_array_index (nodes, 0)));
              return NULL;
            }
          g_set_object (&found_node, g_ptr_array_index (nodes, 0));
          g_free (found_input);
          found_input = g_strdup (input);
        }
    }

  if (found_node != NULL)
    return kumo_field_new (workflow, found_node, found_input, catalog);

  if (ambiguous != NULL)
    {
      g_autofree char *list = describe_nodes (ambiguous);

      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("“%s” names more than one node; use one of these node ids:%s"),
                   node_input, list);
      return NULL;
    }

  if (named_node != NULL)
    {
      g_autofree char *list = describe_inputs (workflow, named_node, catalog);

      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("Node %s has no input “%s”. Its inputs are:%s"),
                   kumo_node_get_id (named_node), strchr (node_input, '.') + 1, list);
      return NULL;
    }

  {
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    g_autofree char *list = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
      {
        KumoNode *node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
        g_ptr_array_add (all, node);
        g_object_unref (node);
      }
    list = describe_nodes (all);

    if (strchr (node_input, '.') == NULL)
      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("“%s” is not of the form NODE.INPUT. The nodes are:%s"), node_input, list);
    else
      g_set_error (error, KUMO_FIELD_ERROR, KUMO_FIELD_ERROR_INVALID_VALUE,
                   _("No node matches “%s”. The nodes are:%s"), node_input, list);
  }

  return NULL;
}
