/* kumo-workflow-summary.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-field.h"
#include "kumo-json.h"
#include "kumo-node.h"
#include "kumo-workflow-summary.h"

void
kumo_workflow_value_free (KumoWorkflowValue *value)
{
  if (value == NULL)
    return;

  g_free (value->node_id);
  g_free (value->node_title);
  g_free (value->input);
  g_free (value->value);
  g_free (value);
}

void
kumo_workflow_summary_free (KumoWorkflowSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->seeds, g_ptr_array_unref);
  g_clear_pointer (&summary->prompts, g_ptr_array_unref);
  g_free (summary->search_text);
  g_free (summary);
}

void
kumo_workflow_change_free (KumoWorkflowChange *change)
{
  if (change == NULL)
    return;

  g_free (change->node_id);
  g_free (change->node_title);
  g_free (change->input);
  g_free (change->before);
  g_free (change->after);
  g_strfreev (change->removed_words);
  g_strfreev (change->added_words);
  g_free (change);
}

static const char *
node_title (const KumoJson *node)
{
  const KumoJson *meta = kumo_json_object_get_typed (node, "_meta", KUMO_JSON_OBJECT);
  const char *title = meta ? kumo_json_object_get_string_or (meta, "title", NULL) : NULL;

  if (title != NULL && *title != '\0')
    return title;
  return kumo_json_object_get_string_or (node, "class_type", "");
}

static gboolean
is_seed (const char     *name,
         const KumoJson *value)
{
  return kumo_json_get_type (value) == KUMO_JSON_NUMBER &&
         (g_str_equal (name, "seed") || g_str_equal (name, "noise_seed"));
}

/* The texts that describe a picture: the prompt inputs of the common
 * encoders, and any free text of several words (custom nodes name their
 * prompts freely; file and model names have no spaces as a rule). */
static gboolean
is_prompt (const char     *name,
           const KumoJson *value)
{
  static const char * const names[] = {
    "text", "text_g", "text_l", "prompt", "positive", "negative", "caption", "instruction",
  };
  const char *text;

  if (kumo_json_get_type (value) != KUMO_JSON_STRING)
    return FALSE;
  text = kumo_json_get_string (value);
  if (*text == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;

  return strchr (text, ' ') != NULL;
}

static KumoWorkflowValue *
workflow_value_new (const char     *node_id,
                    const KumoJson *node,
                    const char     *input,
                    const KumoJson *value)
{
  KumoWorkflowValue *result = g_new0 (KumoWorkflowValue, 1);

  result->node_id = g_strdup (node_id);
  result->node_title = g_strdup (node_title (node));
  result->input = g_strdup (input);
  result->value = kumo_json_dup_value_text (value);
  return result;
}

/* "3" before "10", "5:2" after "5": numbers by value, part by part. */
static int
compare_node_ids (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  while (*x != '\0' && *y != '\0')
    {
      if (g_ascii_isdigit (*x) && g_ascii_isdigit (*y))
        {
          char *x_end, *y_end;
          guint64 x_number = g_ascii_strtoull (x, &x_end, 10);
          guint64 y_number = g_ascii_strtoull (y, &y_end, 10);

          if (x_number != y_number)
            return x_number < y_number ? -1 : 1;
          x = x_end;
          y = y_end;
        }
      else if (*x != *y)
        return (guchar) *x - (guchar) *y;
      else
        x++, y++;
    }

  return (guchar) *x - (guchar) *y;
}

/* The node ids of @root in the server's order. */
static GPtrArray *
sorted_node_ids (const KumoJson *root)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < kumo_json_object_get_size (root); i++)
    if (kumo_json_get_type (kumo_json_object_get_value (root, i)) == KUMO_JSON_OBJECT)
      g_ptr_array_add (ids, (gpointer) kumo_json_object_get_key (root, i));

  g_ptr_array_sort (ids, compare_node_ids);
  return ids;
}

/**
 * kumo_workflow_summarize:
 * @data: an API-format workflow, as sent
 *
 * Returns: (transfer full) (nullable): its seeds, prompts and search
 *   text, or %NULL when @data is not a workflow
 */
KumoWorkflowSummary *
kumo_workflow_summarize (const char *data,
                         gsize       length)
{
  g_autoptr(KumoJson) root = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GString) search = NULL;
  KumoWorkflowSummary *summary;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = kumo_json_parse_data (data, length, NULL);
  if (root == NULL || kumo_json_get_type (root) != KUMO_JSON_OBJECT)
    return NULL;

  summary = g_new0 (KumoWorkflowSummary, 1);
  summary->seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_workflow_value_free);
  summary->prompts = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_workflow_value_free);
  search = g_string_new (NULL);

  ids = sorted_node_ids (root);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const KumoJson *node = kumo_json_object_get (root, id);
      const KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_OBJECT);

      for (guint j = 0; inputs != NULL && j < kumo_json_object_get_size (inputs); j++)
        {
          const char *name = kumo_json_object_get_key (inputs, j);
          const KumoJson *value = kumo_json_object_get_value (inputs, j);
          KumoWorkflowValue *found;

          if (is_seed (name, value))
            g_ptr_array_add (summary->seeds, found = workflow_value_new (id, node, name, value));
          else if (is_prompt (name, value))
            g_ptr_array_add (summary->prompts, found = workflow_value_new (id, node, name, value));
          else
            continue;

          g_string_append (search, found->value);
          g_string_append_c (search, '\n');
        }
    }

  summary->search_text = g_utf8_casefold (search->str, search->len);
  return summary;
}

/**
 * kumo_search_text_matches:
 * @search_text: text made by kumo_workflow_summarize(), or any casefolded text
 * @query: what a person typed
 *
 * Returns: whether every word of @query is in @search_text
 */
gboolean
kumo_search_text_matches (const char *search_text,
                          const char *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  if (search_text == NULL)
    return FALSE;

  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (search_text, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Differences                                                            */
/* ---------------------------------------------------------------------- */

static GPtrArray *
split_words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\n,;()[]{}", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));

  return words;
}

/* The words of @a that @b lacks, each once, in @a's order. */
static char **
missing_words (GPtrArray *a,
               GPtrArray *b)
{
  g_autoptr(GHashTable) in_b = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < b->len; i++)
    g_hash_table_add (in_b, g_ptr_array_index (b, i));

  for (guint i = 0; i < a->len; i++)
    {
      const char *word = g_ptr_array_index (a, i);

      if (!g_hash_table_contains (in_b, word) && g_hash_table_add (seen, (gpointer) word))
        g_strv_builder_add (builder, word);
    }

  return g_strv_builder_end (builder);
}

static void
add_change (GPtrArray      *changes,
            const char     *id,
            const KumoJson *node,
            const char     *input,
            const KumoJson *before,
            const KumoJson *after)
{
  KumoWorkflowChange *change = g_new0 (KumoWorkflowChange, 1);

  change->node_id = g_strdup (id);
  change->node_title = g_strdup (node_title (node));
  change->input = g_strdup (input);
  change->before = before ? kumo_json_dup_value_text (before) : NULL;
  change->after = after ? kumo_json_dup_value_text (after) : NULL;

  if (before != NULL && after != NULL &&
      kumo_json_get_type (before) == KUMO_JSON_STRING &&
      kumo_json_get_type (after) == KUMO_JSON_STRING)
    {
      g_autoptr(GPtrArray) words_before = split_words (change->before);
      g_autoptr(GPtrArray) words_after = split_words (change->after);

      change->removed_words = missing_words (words_before, words_after);
      change->added_words = missing_words (words_after, words_before);
    }

  g_ptr_array_add (changes, change);
}

static void
diff_inputs (GPtrArray      *changes,
             const char     *id,
             const KumoJson *node_before,
             const KumoJson *node_after)
{
  const KumoJson *before = kumo_json_object_get_typed (node_before, "inputs", KUMO_JSON_OBJECT);
  const KumoJson *after = kumo_json_object_get_typed (node_after, "inputs", KUMO_JSON_OBJECT);
  guint n_before = before ? kumo_json_object_get_size (before) : 0;
  guint n_after = after ? kumo_json_object_get_size (after) : 0;

  for (guint i = 0; i < n_before; i++)
    {
      const char *name = kumo_json_object_get_key (before, i);
      const KumoJson *value = kumo_json_object_get_value (before, i);
      const KumoJson *other = after ? kumo_json_object_get (after, name) : NULL;

      if (other != NULL && kumo_json_equal (value, other))
        continue;
      /* Rewiring is not a value a person set: only values are listed. */
      if (kumo_json_is_link (value, NULL, NULL) && (other == NULL || kumo_json_is_link (other, NULL, NULL)))
        continue;
      add_change (changes, id, node_after, name, value, other);
    }

  for (guint i = 0; i < n_after; i++)
    {
      const char *name = kumo_json_object_get_key (after, i);
      const KumoJson *value = kumo_json_object_get_value (after, i);

      if ((before == NULL || !kumo_json_object_has (before, name)) && !kumo_json_is_link (value, NULL, NULL))
        add_change (changes, id, node_after, name, NULL, value);
    }
}

/**
 * kumo_workflow_diff:
 * @before: the workflow one job sent
 * @after: the workflow another job sent
 *
 * Lists what differs between two runs: each input whose value changed
 * (with the words a prompt lost and gained), and nodes only one has.
 *
 * Returns: (transfer container) (element-type KumoWorkflowChange): the
 *   changes in node order, or %NULL with @error set
 */
GPtrArray *
kumo_workflow_diff (GBytes  *before,
                    GBytes  *after,
                    GError **error)
{
  g_autoptr(KumoJson) a = NULL;
  g_autoptr(KumoJson) b = NULL;
  g_autoptr(GPtrArray) ids_a = NULL;
  g_autoptr(GPtrArray) ids_b = NULL;
  GPtrArray *changes;

  g_return_val_if_fail (before != NULL && after != NULL, NULL);

  if (!(a = kumo_json_parse (before, error)) || !(b = kumo_json_parse (after, error)))
    return NULL;
  if (kumo_json_get_type (a) != KUMO_JSON_OBJECT || kumo_json_get_type (b) != KUMO_JSON_OBJECT)
    {
      g_set_error (error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_SYNTAX,
                   _("The journal’s copy of a workflow is not a workflow."));
      return NULL;
    }

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_workflow_change_free);
  ids_a = sorted_node_ids (a);
  ids_b = sorted_node_ids (b);

  for (guint i = 0; i < ids_a->len; i++)
    {
      const char *id = g_ptr_array_index (ids_a, i);
      const KumoJson *node = kumo_json_object_get (a, id);
      const KumoJson *other = kumo_json_object_get (b, id);

      if (other == NULL || kumo_json_get_type (other) != KUMO_JSON_OBJECT)
        add_change (changes, id, node, NULL, kumo_json_object_get (node, "class_type"), NULL);
      else
        diff_inputs (changes, id, node, other);
    }

  for (guint i = 0; i < ids_b->len; i++)
    {
      const char *id = g_ptr_array_index (ids_b, i);
      const KumoJson *node = kumo_json_object_get (b, id);

      if (kumo_json_object_get (a, id) == NULL)
        add_change (changes, id, node, NULL, NULL, kumo_json_object_get (node, "class_type"));
    }

  return changes;
}

typedef struct
{
  GBytes *before;
  GBytes *after;
} DiffData;

static void
diff_data_free (DiffData *data)
{
  g_bytes_unref (data->before);
  g_bytes_unref (data->after);
  g_free (data);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DiffData *data = task_data;
  GError *error = NULL;
  GPtrArray *changes = kumo_workflow_diff (data->before, data->after, &error);

  if (changes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, changes, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * kumo_workflow_diff_async:
 *
 * As kumo_workflow_diff(), in a worker thread: it parses both workflows,
 * which for a large graph is more than a frame's time.
 */
void
kumo_workflow_diff_async (GBytes              *before,
                          GBytes              *after,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DiffData *data = g_new0 (DiffData, 1);

  g_return_if_fail (before != NULL && after != NULL);

  data->before = g_bytes_ref (before);
  data->after = g_bytes_ref (after);
  g_task_set_source_tag (task, kumo_workflow_diff_async);
  g_task_set_task_data (task, data, (GDestroyNotify) diff_data_free);
  g_task_run_in_thread (task, diff_thread);
}

GPtrArray *
kumo_workflow_diff_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
