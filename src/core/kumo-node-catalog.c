/* kumo-node-catalog.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-node-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-node-catalog.h"

/*
 * The server's node definitions (`/api/object_info`, docs/protocol.md §9.4),
 * parsed once into typed specs. The original bytes are kept so the catalog
 * can be cached on disk as the server sent it.
 */
struct _KumoNodeCatalog
{
  GObject     parent_instance;

  GBytes     *bytes;
  GHashTable *classes;
  /* The catalog is read-only once parsed, but for the files uploaded
   * since (kumo_node_catalog_add_input_file()); readers in a worker
   * thread hold the reader side while they read. */
  GRWLock     lock;
};

G_DEFINE_FINAL_TYPE (KumoNodeCatalog, kumo_node_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (kumo-node-catalog-error-quark, kumo_node_catalog_error)

static void input_spec_free (KumoInputSpec *spec);

static void
dynamic_option_free (KumoDynamicOption *option)
{
  g_free (option->key);
  g_ptr_array_unref (option->inputs);
  g_free (option);
}

static void
input_spec_free (KumoInputSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->type_name);
  g_free (spec->display_name);
  g_free (spec->tooltip);
  kumo_json_free (spec->default_value);
  g_free (spec->display);
  g_free (spec->placeholder);
  g_free (spec->label_on);
  g_free (spec->label_off);
  g_clear_pointer (&spec->options, g_ptr_array_unref);
  g_free (spec->image_folder);
  g_free (spec->control_default);
  g_clear_pointer (&spec->dynamic_options, g_ptr_array_unref);
  input_spec_free (spec->autogrow_template);
  g_free (spec->autogrow_prefix);
  g_strfreev (spec->autogrow_names);
  g_free (spec);
}

static void
node_def_free (KumoNodeDef *klass)
{
  g_free (klass->name);
  g_free (klass->display_name);
  g_free (klass->description);
  g_free (klass->category);
  g_free (klass->python_module);
  g_ptr_array_unref (klass->inputs);
  g_ptr_array_unref (klass->hidden_inputs);
  g_strfreev (klass->output_types);
  g_strfreev (klass->output_names);
  g_free (klass);
}

static void
kumo_node_catalog_finalize (GObject *object)
{
  KumoNodeCatalog *self = (KumoNodeCatalog *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  g_rw_lock_clear (&self->lock);

  G_OBJECT_CLASS (kumo_node_catalog_parent_class)->finalize (object);
}

static void
kumo_node_catalog_class_init (KumoNodeCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_node_catalog_finalize;
}

static void
kumo_node_catalog_init (KumoNodeCatalog *self)
{
  self->classes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) node_def_free);
  g_rw_lock_init (&self->lock);
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                */
/* ---------------------------------------------------------------------- */

static char *
dup_string_member (KumoJson   *object,
                   const char *key)
{
  return g_strdup (kumo_json_object_get_string_or (object, key, NULL));
}

static gboolean
get_number_member (KumoJson   *object,
                   const char *key,
                   KumoNumber *number)
{
  KumoJson *value = kumo_json_object_get (object, key);

  return value != NULL && kumo_json_get_number (value, number);
}

static KumoInputType
input_type_from_name (const char *type)
{
  if (strcmp (type, "INT") == 0)
    return KUMO_INPUT_TYPE_INT;
  if (strcmp (type, "FLOAT") == 0)
    return KUMO_INPUT_TYPE_FLOAT;
  if (strcmp (type, "STRING") == 0)
    return KUMO_INPUT_TYPE_STRING;
  if (strcmp (type, "BOOLEAN") == 0)
    return KUMO_INPUT_TYPE_BOOLEAN;
  if (strcmp (type, "COMBO") == 0)
    return KUMO_INPUT_TYPE_COMBO;
  if (strcmp (type, "COMFY_DYNAMICCOMBO_V3") == 0)
    return KUMO_INPUT_TYPE_DYNAMIC_COMBO;
  if (strcmp (type, "COMFY_AUTOGROW_V3") == 0)
    return KUMO_INPUT_TYPE_AUTOGROW;
  return KUMO_INPUT_TYPE_SOCKET;
}

static GPtrArray *copy_json_array (KumoJson *array);
static GPtrArray *parse_input_group (KumoJson *input, KumoJson *input_order, KumoInputSection section);

static GPtrArray *
copy_json_array (KumoJson *array)
{
  guint n = kumo_json_array_get_length (array);
  GPtrArray *copy = g_ptr_array_new_full (n, (GDestroyNotify) kumo_json_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (copy, kumo_json_copy (kumo_json_array_get (array, i)));

  return copy;
}

static void
parse_numeric_options (KumoInputSpec *spec,
                       KumoJson      *opts)
{
  KumoNumber number;
  KumoJson *round;

  spec->has_min = get_number_member (opts, "min", &spec->min);
  spec->has_max = get_number_member (opts, "max", &spec->max);

  if (get_number_member (opts, "step", &number) && number.value > 0)
    {
      spec->has_step = TRUE;
      spec->step = number.value;
    }

  /* "round" is a precision, or false to turn rounding off. */
  round = kumo_json_object_get (opts, "round");
  if (round != NULL && kumo_json_get_number (round, &number) && number.value > 0)
    {
      spec->has_round = TRUE;
      spec->round = number.value;
    }

  spec->display = dup_string_member (opts, "display");
}

static void
parse_upload_options (KumoInputSpec *spec,
                      KumoJson      *opts)
{
  if (kumo_json_object_get_boolean_or (opts, "image_upload", FALSE) ||
      kumo_json_object_get_boolean_or (opts, "animated_image_upload", FALSE))
    spec->upload = KUMO_UPLOAD_IMAGE;
  else if (kumo_json_object_get_boolean_or (opts, "video_upload", FALSE))
    spec->upload = KUMO_UPLOAD_VIDEO;
  else if (kumo_json_object_get_boolean_or (opts, "audio_upload", FALSE))
    spec->upload = KUMO_UPLOAD_AUDIO;
  else if (kumo_json_object_get_boolean_or (opts, "file_upload", FALSE))
    spec->upload = KUMO_UPLOAD_FILE;

  spec->image_folder = dup_string_member (opts, "image_folder");
}

static void
parse_dynamic_combo (KumoInputSpec *spec,
                     KumoJson      *opts)
{
  KumoJson *options = kumo_json_object_get_typed (opts, "options", KUMO_JSON_ARRAY);

  spec->dynamic_options = g_ptr_array_new_with_free_func ((GDestroyNotify) dynamic_option_free);
  spec->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);

  for (guint i = 0; i < kumo_json_array_get_length (options); i++)
    {
      KumoJson *option = kumo_json_array_get (options, i);
      const char *key = kumo_json_object_get_string_or (option, "key", NULL);
      KumoJson *inputs = kumo_json_object_get_typed (option, "inputs", KUMO_JSON_OBJECT);
      KumoDynamicOption *dynamic;

      if (key == NULL)
        continue;

      dynamic = g_new0 (KumoDynamicOption, 1);
      dynamic->key = g_strdup (key);
      dynamic->inputs = parse_input_group (inputs, NULL, KUMO_INPUT_REQUIRED);
      g_ptr_array_add (spec->dynamic_options, dynamic);
      g_ptr_array_add (spec->options, kumo_json_new_string (key));
    }
}

static void
parse_autogrow (KumoInputSpec *spec,
                KumoJson      *opts)
{
  KumoJson *template = kumo_json_object_get_typed (opts, "template", KUMO_JSON_OBJECT);
  KumoJson *input = template ? kumo_json_object_get_typed (template, "input", KUMO_JSON_OBJECT) : NULL;
  KumoJson *names = template ? kumo_json_object_get_typed (template, "names", KUMO_JSON_ARRAY) : NULL;
  KumoNumber number;

  /* Older dumps put prefix/min/max next to the template, newer inside it. */
  if (template != NULL && kumo_json_object_has (template, "prefix"))
    opts = template;

  if (names == NULL)
    names = kumo_json_object_get_typed (opts, "names", KUMO_JSON_ARRAY);

  if (input != NULL)
    {
      g_autoptr(GPtrArray) group = parse_input_group (input, NULL, KUMO_INPUT_REQUIRED);

      if (group->len > 0)
        spec->autogrow_template = g_ptr_array_steal_index (group, 0);
    }

  spec->autogrow_prefix = dup_string_member (opts, "prefix");

  if (names != NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < kumo_json_array_get_length (names); i++)
        {
          const char *name = kumo_json_get_string (kumo_json_array_get (names, i));
          if (name != NULL)
            g_strv_builder_add (builder, name);
        }
      spec->autogrow_names = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }

  spec->autogrow_min = get_number_member (opts, "min", &number) ? (int) number.value : 0;
  spec->autogrow_max = get_number_member (opts, "max", &number) ? (int) number.value : 0;
}

static KumoInputSpec *
parse_input_spec (const char       *name,
                  KumoJson         *value,
                  KumoInputSection  section)
{
  KumoInputSpec *spec;
  KumoJson *first;
  KumoJson *opts;
  KumoJson *control;

  /* Hidden inputs are a bare type name ("PROMPT") or a one-element list. */
  if (kumo_json_get_type (value) == KUMO_JSON_STRING)
    {
      spec = g_new0 (KumoInputSpec, 1);
      spec->name = g_strdup (name);
      spec->type_name = g_strdup (kumo_json_get_string (value));
      spec->type = KUMO_INPUT_TYPE_SOCKET;
      spec->section = section;
      return spec;
    }

  if (kumo_json_get_type (value) != KUMO_JSON_ARRAY || kumo_json_array_get_length (value) == 0)
    return NULL;

  first = kumo_json_array_get (value, 0);
  opts = kumo_json_array_get (value, 1);
  if (opts != NULL && kumo_json_get_type (opts) != KUMO_JSON_OBJECT)
    opts = NULL;

  spec = g_new0 (KumoInputSpec, 1);
  spec->name = g_strdup (name);
  spec->section = section;

  if (kumo_json_get_type (first) == KUMO_JSON_ARRAY)
    {
      spec->type = KUMO_INPUT_TYPE_COMBO;
      spec->type_name = g_strdup ("COMBO");
      spec->options = copy_json_array (first);
    }
  else if (kumo_json_get_type (first) == KUMO_JSON_STRING)
    {
      spec->type_name = g_strdup (kumo_json_get_string (first));
      spec->type = input_type_from_name (spec->type_name);
    }
  else
    {
      input_spec_free (spec);
      return NULL;
    }

  if (opts == NULL)
    {
      if (spec->type == KUMO_INPUT_TYPE_COMBO && spec->options == NULL)
        spec->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
      return spec;
    }

  spec->display_name = dup_string_member (opts, "display_name");
  spec->tooltip = dup_string_member (opts, "tooltip");
  if (spec->tooltip == NULL)
    spec->tooltip = dup_string_member (opts, "toolip");
  if (kumo_json_object_has (opts, "default"))
    spec->default_value = kumo_json_copy (kumo_json_object_get (opts, "default"));

  spec->force_input = kumo_json_object_get_boolean_or (opts, "forceInput", FALSE) ||
                      kumo_json_object_get_boolean_or (opts, "defaultInput", FALSE);
  spec->advanced = kumo_json_object_get_boolean_or (opts, "advanced", FALSE);
  spec->hidden = kumo_json_object_get_boolean_or (opts, "hidden", FALSE);
  spec->lazy = kumo_json_object_get_boolean_or (opts, "lazy", FALSE);

  /* true, or (seen once) the name of the default mode */
  control = kumo_json_object_get (opts, "control_after_generate");
  if (control != NULL)
    {
      if (kumo_json_get_type (control) == KUMO_JSON_STRING)
        {
          spec->control_after_generate = TRUE;
          spec->control_default = g_strdup (kumo_json_get_string (control));
        }
      else
        {
          spec->control_after_generate = kumo_json_get_boolean (control);
        }
    }

  switch (spec->type)
    {
    case KUMO_INPUT_TYPE_INT:
    case KUMO_INPUT_TYPE_FLOAT:
      parse_numeric_options (spec, opts);
      break;

    case KUMO_INPUT_TYPE_STRING:
      spec->multiline = kumo_json_object_get_boolean_or (opts, "multiline", FALSE);
      spec->dynamic_prompts = kumo_json_object_get_boolean_or (opts, "dynamicPrompts", FALSE);
      spec->placeholder = dup_string_member (opts, "placeholder");
      break;

    case KUMO_INPUT_TYPE_BOOLEAN:
      spec->label_on = dup_string_member (opts, "label_on");
      spec->label_off = dup_string_member (opts, "label_off");
      break;

    case KUMO_INPUT_TYPE_COMBO:
      if (spec->options == NULL)
        {
          KumoJson *options = kumo_json_object_get_typed (opts, "options", KUMO_JSON_ARRAY);

          spec->options = options ? copy_json_array (options)
                                  : g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
        }
      spec->multiselect = kumo_json_object_get_boolean_or (opts, "multiselect", FALSE) ||
                          kumo_json_object_get_typed (opts, "multi_select", KUMO_JSON_OBJECT) != NULL;
      spec->remote = kumo_json_object_get_typed (opts, "remote", KUMO_JSON_OBJECT) != NULL;
      parse_upload_options (spec, opts);
      break;

    case KUMO_INPUT_TYPE_DYNAMIC_COMBO:
      parse_dynamic_combo (spec, opts);
      break;

    case KUMO_INPUT_TYPE_AUTOGROW:
      parse_autogrow (spec, opts);
      break;

    case KUMO_INPUT_TYPE_SOCKET:
    default:
      break;
    }

  return spec;
}

static gboolean
group_has (GPtrArray  *group,
           const char *name)
{
  for (guint i = 0; i < group->len; i++)
    if (strcmp (((KumoInputSpec *) g_ptr_array_index (group, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
add_input (GPtrArray        *group,
           KumoJson         *specs,
           const char       *name,
           KumoInputSection  section)
{
  KumoJson *value = kumo_json_object_get (specs, name);
  KumoInputSpec *spec;

  if (value == NULL || group_has (group, name))
    return;

  spec = parse_input_spec (name, value, section);
  if (spec != NULL)
    g_ptr_array_add (group, spec);
}

static void
add_section (GPtrArray        *group,
             KumoJson         *input,
             KumoJson         *input_order,
             const char       *section_name,
             KumoInputSection  section)
{
  KumoJson *specs = kumo_json_object_get_typed (input, section_name, KUMO_JSON_OBJECT);
  KumoJson *order = input_order ? kumo_json_object_get_typed (input_order, section_name, KUMO_JSON_ARRAY) : NULL;

  if (specs == NULL)
    return;

  /* input_order is the widget order; the object order is the fallback. */
  for (guint i = 0; i < kumo_json_array_get_length (order); i++)
    {
      const char *name = kumo_json_get_string (kumo_json_array_get (order, i));
      if (name != NULL)
        add_input (group, specs, name, section);
    }

  for (guint i = 0; i < kumo_json_object_get_size (specs); i++)
    add_input (group, specs, kumo_json_object_get_key (specs, i), section);
}

static GPtrArray *
parse_input_group (KumoJson         *input,
                   KumoJson         *input_order,
                   KumoInputSection  section)
{
  GPtrArray *group = g_ptr_array_new_with_free_func ((GDestroyNotify) input_spec_free);

  if (input == NULL)
    return group;

  if (section == KUMO_INPUT_HIDDEN)
    {
      add_section (group, input, input_order, "hidden", KUMO_INPUT_HIDDEN);
      return group;
    }

  add_section (group, input, input_order, "required", KUMO_INPUT_REQUIRED);
  add_section (group, input, input_order, "optional", KUMO_INPUT_OPTIONAL);
  return group;
}

static GStrv
strv_from_json (KumoJson *array)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv strv;

  for (guint i = 0; i < kumo_json_array_get_length (array); i++)
    {
      KumoJson *item = kumo_json_array_get (array, i);

      /* An output type may itself be a list (a combo output). */
      if (kumo_json_get_type (item) == KUMO_JSON_STRING)
        g_strv_builder_add (builder, kumo_json_get_string (item));
      else
        g_strv_builder_add (builder, "COMBO");
    }

  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static KumoNodeDef *
parse_node_def (const char *name,
                  KumoJson   *info)
{
  KumoNodeDef *klass = g_new0 (KumoNodeDef, 1);
  KumoJson *input = kumo_json_object_get_typed (info, "input", KUMO_JSON_OBJECT);
  KumoJson *input_order = kumo_json_object_get_typed (info, "input_order", KUMO_JSON_OBJECT);

  klass->name = g_strdup (name);
  klass->display_name = dup_string_member (info, "display_name");
  klass->description = dup_string_member (info, "description");
  klass->category = dup_string_member (info, "category");
  klass->python_module = dup_string_member (info, "python_module");
  klass->inputs = parse_input_group (input, input_order, KUMO_INPUT_REQUIRED);
  klass->hidden_inputs = parse_input_group (input, input_order, KUMO_INPUT_HIDDEN);
  klass->output_types = strv_from_json (kumo_json_object_get_typed (info, "output", KUMO_JSON_ARRAY));
  klass->output_names = strv_from_json (kumo_json_object_get_typed (info, "output_name", KUMO_JSON_ARRAY));
  klass->output_node = kumo_json_object_get_boolean_or (info, "output_node", FALSE);
  klass->has_input_order = input_order != NULL;
  klass->api_node = kumo_json_object_get_boolean_or (info, "api_node", FALSE);
  klass->deprecated = kumo_json_object_get_boolean_or (info, "deprecated", FALSE);
  klass->experimental = kumo_json_object_get_boolean_or (info, "experimental", FALSE);
  klass->dev_only = kumo_json_object_get_boolean_or (info, "dev_only", FALSE);

  /* A hidden API key input marks a partner node in dumps without api_node. */
  for (guint i = 0; i < klass->hidden_inputs->len; i++)
    {
      KumoInputSpec *spec = g_ptr_array_index (klass->hidden_inputs, i);

      if (g_strcmp0 (spec->type_name, "API_KEY_COMFY_ORG") == 0 ||
          g_strcmp0 (spec->type_name, "AUTH_TOKEN_COMFY_ORG") == 0)
        klass->api_node = TRUE;
    }

  return klass;
}

/**
 * kumo_node_catalog_new_from_bytes:
 * @bytes: the body of `/api/object_info`
 */
KumoNodeCatalog *
kumo_node_catalog_new_from_bytes (GBytes  *bytes,
                                  GError **error)
{
  g_autoptr(KumoNodeCatalog) self = NULL;
  g_autoptr(KumoJson) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  root = kumo_json_parse (bytes, &local_error);
  if (root == NULL)
    {
      g_set_error (error, KUMO_NODE_CATALOG_ERROR, KUMO_NODE_CATALOG_ERROR_INVALID,
                   _("The node definitions are not valid JSON (%s)."), local_error->message);
      return NULL;
    }

  if (kumo_json_get_type (root) != KUMO_JSON_OBJECT)
    {
      g_set_error (error, KUMO_NODE_CATALOG_ERROR, KUMO_NODE_CATALOG_ERROR_INVALID,
                   _("The node definitions are not an object of node classes. "
                     "Use the answer of the server’s /api/object_info."));
      return NULL;
    }

  self = g_object_new (KUMO_TYPE_NODE_CATALOG, NULL);
  self->bytes = g_bytes_ref (bytes);

  for (guint i = 0; i < kumo_json_object_get_size (root); i++)
    {
      const char *name = kumo_json_object_get_key (root, i);
      KumoJson *info = kumo_json_object_get_value (root, i);
      KumoNodeDef *klass;

      if (kumo_json_get_type (info) != KUMO_JSON_OBJECT)
        continue;

      klass = parse_node_def (name, info);
      g_hash_table_replace (self->classes, klass->name, klass);
    }

  if (g_hash_table_size (self->classes) == 0)
    {
      g_set_error (error, KUMO_NODE_CATALOG_ERROR, KUMO_NODE_CATALOG_ERROR_INVALID,
                   _("The node definitions contain no node classes. "
                     "Use the answer of the server’s /api/object_info."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

KumoNodeCatalog *
kumo_node_catalog_new_from_file (GFile         *file,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  KumoNodeCatalog *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  self = kumo_node_catalog_new_from_bytes (bytes, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, KUMO_NODE_CATALOG_ERROR, KUMO_NODE_CATALOG_ERROR_INVALID,
                   /* Translators: the first value is a file name, the second a reason. */
                   _("Could not read the node definitions in “%s”: %s"),
                   name, local_error->message);
    }

  return self;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  KumoNodeCatalog *self = kumo_node_catalog_new_from_file (task_data, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
kumo_node_catalog_load_async (GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_node_catalog_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

KumoNodeCatalog *
kumo_node_catalog_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
kumo_node_catalog_get_n_classes (KumoNodeCatalog *self)
{
  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (self), 0);

  return g_hash_table_size (self->classes);
}

const KumoNodeDef *
kumo_node_catalog_lookup (KumoNodeCatalog *self,
                          const char      *class_type)
{
  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (self), NULL);
  g_return_val_if_fail (class_type != NULL, NULL);

  return g_hash_table_lookup (self->classes, class_type);
}

GBytes *
kumo_node_catalog_get_bytes (KumoNodeCatalog *self)
{
  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (self), NULL);

  return self->bytes;
}

/* ---------------------------------------------------------------------- */
/* Disk cache                                                             */
/* ---------------------------------------------------------------------- */

/**
 * kumo_node_catalog_cache_file:
 * @server_url: the server's base URL
 *
 * Returns: (transfer full): where the catalog of @server_url is cached
 */
GFile *
kumo_node_catalog_cache_file (const char *server_url)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);
  name = g_strdup_printf ("%.16s.json", hash);

  return g_file_new_build_filename (g_get_user_cache_dir (), "kumo", "object-info", name, NULL);
}

gboolean
kumo_node_catalog_save_cache (KumoNodeCatalog  *self,
                              const char       *server_url,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (KUMO_IS_NODE_CATALOG (self), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);

  file = kumo_node_catalog_cache_file (server_url);
  dir = g_file_get_parent (file);

  if (!g_file_make_directory_with_parents (dir, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  data = g_bytes_get_data (self->bytes, &len);
  return g_file_replace_contents (file, data, len, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                  NULL, cancellable, error);
}

/* ---------------------------------------------------------------------- */
/* Looking inputs up                                                      */
/* ---------------------------------------------------------------------- */

const char *
kumo_node_def_get_title (const KumoNodeDef *klass)
{
  g_return_val_if_fail (klass != NULL, NULL);

  if (klass->display_name != NULL && *klass->display_name)
    return klass->display_name;

  return klass->name;
}

static const KumoInputSpec *
group_lookup (GPtrArray  *group,
              const char *name,
              gsize       len)
{
  for (guint i = 0; i < group->len; i++)
    {
      const KumoInputSpec *spec = g_ptr_array_index (group, i);

      if (strncmp (spec->name, name, len) == 0 && spec->name[len] == '\0')
        return spec;
    }
  return NULL;
}

static gboolean
is_autogrow_slot (const KumoInputSpec *spec,
                  const char          *slot)
{
  if (spec->autogrow_names != NULL && g_strv_contains ((const char * const *) spec->autogrow_names, slot))
    return TRUE;

  if (spec->autogrow_prefix != NULL && g_str_has_prefix (slot, spec->autogrow_prefix))
    {
      const char *digits = slot + strlen (spec->autogrow_prefix);

      if (*digits == '\0')
        return FALSE;
      for (; *digits; digits++)
        if (!g_ascii_isdigit (*digits))
          return FALSE;
      return TRUE;
    }

  return FALSE;
}

static const KumoInputSpec *
find_in_group (GPtrArray            *group,
               const char           *name,
               KumoJson             *inputs,
               const char           *prefix,
               const KumoInputSpec **parent)
{
  const KumoInputSpec *spec = group_lookup (group, name, strlen (name));

  if (spec != NULL)
    return spec;

  /* Dotted names belong to V3 dynamic inputs: "format.codec" is the
   * "codec" input revealed by the choice made in "format", and
   * "images.image0" a slot of the autogrow input "images". */
  for (const char *dot = strchr (name, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    {
      const char *rest = dot + 1;
      const KumoInputSpec *head = group_lookup (group, name, dot - name);
      g_autofree char *full_head = NULL;

      if (head == NULL)
        continue;

      full_head = g_strdup_printf ("%s%.*s", prefix, (int) (dot - name), name);

      if (head->type == KUMO_INPUT_TYPE_DYNAMIC_COMBO && head->dynamic_options != NULL)
        {
          KumoJson *chosen = inputs ? kumo_json_object_get (inputs, full_head) : NULL;
          const char *chosen_key = chosen ? kumo_json_get_string (chosen) : NULL;
          g_autofree char *sub_prefix = g_strconcat (full_head, ".", NULL);

          /* The chosen option first, then the others. */
          for (guint pass = 0; pass < 2; pass++)
            {
              for (guint i = 0; i < head->dynamic_options->len; i++)
                {
                  const KumoDynamicOption *option = g_ptr_array_index (head->dynamic_options, i);
                  gboolean is_chosen = g_strcmp0 (chosen_key, option->key) == 0;

                  if (is_chosen != (pass == 0))
                    continue;

                  spec = find_in_group (option->inputs, rest, inputs, sub_prefix, parent);
                  if (spec != NULL)
                    {
                      if (parent != NULL && *parent == NULL)
                        *parent = head;
                      return spec;
                    }
                }
            }
        }
      else if (head->type == KUMO_INPUT_TYPE_AUTOGROW && head->autogrow_template != NULL &&
               is_autogrow_slot (head, rest))
        {
          if (parent != NULL)
            *parent = head;
          return head->autogrow_template;
        }
    }

  return NULL;
}

/**
 * kumo_node_def_find_input:
 * @klass: a node class
 * @name: an input name as it appears in a workflow
 * @inputs: (nullable): the node's inputs, to follow dynamic combo choices
 * @parent: (out) (optional): the dynamic input that @name belongs to
 *
 * Returns: (nullable): the spec of the input, including V3 dynamic
 *   sub-inputs such as "format.codec" and autogrow slots such as
 *   "images.image0"
 */
const KumoInputSpec *
kumo_node_def_find_input (const KumoNodeDef  *klass,
                            const char           *name,
                            KumoJson             *inputs,
                            const KumoInputSpec **parent)
{
  g_return_val_if_fail (klass != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (parent != NULL)
    *parent = NULL;

  return find_in_group (klass->inputs, name, inputs, "", parent);
}

/**
 * kumo_node_catalog_add_input_file:
 * @kind: what the file is
 * @name: the server's name for a file just uploaded to its input folder
 *
 * Adds @name to the choices of every input that lists the server's
 * input files of that kind (LoadImage's image, …), as the server's own
 * definitions will at their next fetch: a file uploaded a moment ago is
 * a valid choice now, not only after the catalog is fetched again.
 */
void
kumo_node_catalog_add_input_file (KumoNodeCatalog *self,
                                  KumoUploadKind   kind,
                                  const char      *name)
{
  g_autoptr(KumoJson) value = NULL;
  GHashTableIter iter;
  gpointer klass_pointer;

  g_return_if_fail (KUMO_IS_NODE_CATALOG (self));
  g_return_if_fail (name != NULL);

  value = kumo_json_new_string (name);
  g_rw_lock_writer_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->classes);
  while (g_hash_table_iter_next (&iter, NULL, &klass_pointer))
    {
      KumoNodeDef *klass = klass_pointer;

      for (guint i = 0; klass->inputs != NULL && i < klass->inputs->len; i++)
        {
          KumoInputSpec *spec = g_ptr_array_index (klass->inputs, i);

          if (spec->upload == kind && spec->options != NULL && !kumo_input_spec_has_option (spec, value))
            g_ptr_array_add (spec->options, kumo_json_copy (value));
        }
    }
  g_rw_lock_writer_unlock (&self->lock);
}

/**
 * kumo_node_catalog_read_lock:
 *
 * Keeps kumo_node_catalog_add_input_file() from changing choices while a
 * worker thread reads the catalog. The main thread, which is the one that
 * adds, needs no lock to read.
 */
void
kumo_node_catalog_read_lock (KumoNodeCatalog *self)
{
  g_return_if_fail (KUMO_IS_NODE_CATALOG (self));

  g_rw_lock_reader_lock (&self->lock);
}

void
kumo_node_catalog_read_unlock (KumoNodeCatalog *self)
{
  g_return_if_fail (KUMO_IS_NODE_CATALOG (self));

  g_rw_lock_reader_unlock (&self->lock);
}

gboolean
kumo_input_spec_has_option (const KumoInputSpec *spec,
                            const KumoJson      *value)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (spec->options == NULL)
    return FALSE;

  for (guint i = 0; i < spec->options->len; i++)
    if (kumo_json_equal (g_ptr_array_index (spec->options, i), value))
      return TRUE;

  return FALSE;
}
