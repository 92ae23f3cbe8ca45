/* kumo-cli-inspect.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kumo-cli-common.h"
#include "kumo-seed.h"

/* Long prompts would make the table unreadable; --json has them whole. */
#define MAX_VALUE_CHARS 60

static const char *
upload_name (KumoFieldKind kind)
{
  switch (kind)
    {
    case KUMO_FIELD_IMAGE: return "image";
    case KUMO_FIELD_VIDEO: return "video";
    case KUMO_FIELD_AUDIO: return "audio";
    case KUMO_FIELD_INTEGER:
    case KUMO_FIELD_FLOAT:
    case KUMO_FIELD_TEXT:
    case KUMO_FIELD_MULTILINE_TEXT:
    case KUMO_FIELD_BOOLEAN:
    case KUMO_FIELD_CHOICE:
    case KUMO_FIELD_LINK:
    case KUMO_FIELD_OTHER:
    default: return NULL;
    }
}

/* Integer inputs have integer steps: "8", not "8.0". */
static char *
format_step (double step)
{
  if (step == floor (step) && fabs (step) < 1e15)
    return g_strdup_printf ("%.0f", step);

  return kumo_number_format_double (step);
}

static char *
describe_constraints (KumoField *field)
{
  const KumoInputSpec *spec = kumo_field_get_spec (field);
  KumoFieldKind kind = kumo_field_get_kind (field);
  GString *out = g_string_new (NULL);

  if (kumo_field_get_value (field) == NULL)
    g_string_append (out, "missing ");

  if (spec != NULL && kind != KUMO_FIELD_LINK)
    {
      if (spec->has_min)
        {
          g_autofree char *min = kumo_number_to_string (&spec->min);
          g_string_append_printf (out, "min=%s ", min);
        }
      if (spec->has_max)
        {
          g_autofree char *max = kumo_number_to_string (&spec->max);
          g_string_append_printf (out, "max=%s ", max);
        }
      if (spec->has_step)
        {
          g_autofree char *step = format_step (spec->step);
          g_string_append_printf (out, "step=%s ", step);
        }
      if (spec->options != NULL && (kind == KUMO_FIELD_CHOICE || upload_name (kind)))
        {
          g_string_append_printf (out, "choices=%u", spec->options->len);
          for (guint i = 0; i < MIN (spec->options->len, 3); i++)
            {
              g_autofree char *text = kumo_json_dup_value_text (g_ptr_array_index (spec->options, i));
              g_string_append_printf (out, "%s%s", i == 0 ? ":" : ",", text);
            }
          g_string_append (out, spec->options->len > 3 ? ",… " : " ");
        }
      if (upload_name (kind))
        g_string_append_printf (out, "upload=%s ", upload_name (kind));
      if (kumo_field_has_seed_control (field))
        g_string_append_printf (out, "seed=%s ", kumo_seed_mode_to_string (kumo_field_get_seed_mode (field)));
    }

  if (kumo_field_get_advanced (field))
    g_string_append (out, "advanced ");

  if (out->len > 0)
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static char *
table_value (KumoField *field)
{
  g_autofree char *text = kumo_field_dup_value_text (field);
  GString *out = g_string_new (NULL);
  guint chars = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (chars++ == MAX_VALUE_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_unichar (out, c);
    }

  if (out->len == 0 && kumo_field_get_value (field) != NULL &&
      kumo_json_get_type (kumo_field_get_value (field)) == KUMO_JSON_STRING)
    g_string_append (out, "\"\"");

  return g_string_free (out, FALSE);
}

static void
add_number (KumoJson         *object,
            const char       *key,
            const KumoNumber *number)
{
  kumo_json_object_set (object, key, kumo_json_new_number (number));
}

static KumoJson *
field_to_json (KumoField       *field,
               KumoNodeCatalog *catalog)
{
  KumoNode *node = kumo_field_get_node (field);
  const KumoInputSpec *spec = kumo_field_get_spec (field);
  KumoFieldKind kind = kumo_field_get_kind (field);
  KumoJson *value = kumo_field_get_value (field);
  KumoJson *object = kumo_json_new_object ();

  kumo_json_object_set (object, "node", kumo_json_new_string (kumo_node_get_id (node)));
  kumo_json_object_set (object, "class_type", kumo_json_new_string (kumo_node_get_class_type (node)));
  kumo_json_object_set (object, "title", kumo_json_new_string (kumo_cli_node_title (node, catalog)));
  kumo_json_object_set (object, "input", kumo_json_new_string (kumo_field_get_name (field)));
  kumo_json_object_set (object, "kind", kumo_json_new_string (kumo_field_kind_to_string (kind)));
  kumo_json_object_set (object, "value", value ? kumo_json_copy (value) : kumo_json_new_null ());

  if (spec != NULL && kind != KUMO_FIELD_LINK)
    {
      if (spec->has_min)
        add_number (object, "min", &spec->min);
      if (spec->has_max)
        add_number (object, "max", &spec->max);
      if (spec->has_step)
        kumo_json_object_set (object, "step", kumo_json_new_double (spec->step));
      if (spec->options != NULL && (kind == KUMO_FIELD_CHOICE || upload_name (kind)))
        {
          KumoJson *options = kumo_json_new_array ();

          for (guint i = 0; i < spec->options->len; i++)
            kumo_json_array_append (options, kumo_json_copy (g_ptr_array_index (spec->options, i)));
          kumo_json_object_set (object, "options", options);
        }
      if (kind == KUMO_FIELD_TEXT || kind == KUMO_FIELD_MULTILINE_TEXT)
        kumo_json_object_set (object, "multiline", kumo_json_new_boolean (spec->multiline));
      if (upload_name (kind))
        kumo_json_object_set (object, "upload", kumo_json_new_string (upload_name (kind)));
      if (spec->control_after_generate)
        kumo_json_object_set (object, "control_after_generate", kumo_json_new_boolean (TRUE));
    }

  if (catalog != NULL)
    kumo_json_object_set (object, "advanced", kumo_json_new_boolean (kumo_field_get_advanced (field)));

  return object;
}

int
kumo_cli_inspect (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  int status;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(KumoJson) json = kumo_json_new_array ();
  g_autoptr(GError) error = NULL;
  g_autofree char *object_info = NULL;
  gboolean as_json = FALSE;
  gsize widths[3] = { 0 };
  const GOptionEntry entries[] = {
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, &object_info,
      N_("Node definitions (the server’s /api/object_info) that give kinds, ranges and choices"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON array instead of a table"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("WORKFLOW — list every input of a workflow"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kumo_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return kumo_cli_usage_error (context, _("inspect takes one workflow file."));

  if (!kumo_cli_load_catalog (object_info, &catalog))
    return KUMO_CLI_EXIT_BAD_INPUT;
  if (!(workflow = kumo_cli_load_workflow (argv[1], catalog, &status)))
    return status;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (workflow)); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, catalog);

      for (guint j = 0; j < fields->len; j++)
        {
          KumoField *field = g_ptr_array_index (fields, j);
          char **row;

          if (as_json)
            {
              kumo_json_array_append (json, field_to_json (field, catalog));
              continue;
            }

          row = g_new0 (char *, 5);
          row[0] = g_strdup_printf ("%s.%s", kumo_node_get_id (node), kumo_field_get_name (field));
          row[1] = g_strdup (kumo_field_kind_to_string (kumo_field_get_kind (field)));
          row[2] = table_value (field);
          row[3] = describe_constraints (field);
          for (guint k = 0; k < 3; k++)
            widths[k] = MAX (widths[k], (gsize) g_utf8_strlen (row[k], -1));
          g_ptr_array_add (rows, row);
        }
    }

  if (as_json)
    {
      g_autofree char *text = kumo_json_to_string_pretty (json);
      g_print ("%s\n", text);
      return KUMO_CLI_EXIT_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      GString *line = g_string_new (NULL);

      for (guint k = 0; k < 4; k++)
        {
          g_string_append (line, row[k]);
          if (k < 3 && *row[k + 1] != '\0')
            for (gsize pad = g_utf8_strlen (row[k], -1); pad < widths[k] + 2; pad++)
              g_string_append_c (line, ' ');
          else if (k < 3)
            break;
        }

      g_print ("%s\n", line->str);
      g_string_free (line, TRUE);
    }

  return KUMO_CLI_EXIT_OK;
}
