/* kumo-workflow.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-editor-format.h"
#include "kumo-problem.h"
#include "kumo-picture-metadata.h"
#include "kumo-workflow.h"

/* Real workflows are kilobytes; anything this large is not one. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

/*
 * An API-format workflow: `{node_id: {class_type, inputs, _meta?}}`.
 *
 * The document is kept as a KumoJson tree, so saving writes back the file
 * as it was read (key order, unknown keys, number formatting, layout) with
 * only the edited values changed. The nodes are exposed as a GListModel of
 * KumoNode in document order.
 */
struct _KumoWorkflow
{
  GObject     parent_instance;

  KumoJson   *json;
  GPtrArray  *nodes;
  GHashTable *nodes_by_id;
  GFile      *file;
  char       *display_name;
  gboolean    modified;
  GPtrArray  *reported;       /* KumoProblem: what the server said was wrong */
  GPtrArray  *conversion_notes; /* converted from the editor format: what did not carry over */
  guint64     n_changes;      /* edits made, so a save knows if it saved them all */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KumoWorkflow, kumo_workflow, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (kumo-workflow-error-quark, kumo_workflow_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_N_ITEMS,
  PROP_REPORTED_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
list_model_get_item_type (GListModel *model)
{
  return KUMO_TYPE_NODE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return KUMO_WORKFLOW (model)->nodes->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  KumoWorkflow *self = KUMO_WORKFLOW (model);

  if (position >= self->nodes->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->nodes, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
kumo_workflow_finalize (GObject *object)
{
  KumoWorkflow *self = (KumoWorkflow *)object;

  /* Nodes point into the tree: drop them first. */
  for (guint i = 0; i < self->nodes->len; i++)
    _kumo_node_detach (g_ptr_array_index (self->nodes, i));
  g_clear_pointer (&self->nodes_by_id, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->json, kumo_json_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->reported, g_ptr_array_unref);
  g_clear_pointer (&self->conversion_notes, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_workflow_parent_class)->finalize (object);
}

static void
kumo_workflow_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KumoWorkflow *self = KUMO_WORKFLOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_REPORTED_PROBLEMS:
      g_value_set_boxed (value, self->reported);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->nodes->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_workflow_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KumoWorkflow *self = KUMO_WORKFLOW (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      kumo_workflow_set_modified (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_workflow_class_init (KumoWorkflowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_workflow_finalize;
  object_class->get_property = kumo_workflow_get_property;
  object_class->set_property = kumo_workflow_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Notified when the problems a server reported change (see
   * kumo_workflow_set_reported_problems()); read with the getters. */
  properties[PROP_REPORTED_PROBLEMS] =
    g_param_spec_boxed ("reported-problems", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_workflow_init (KumoWorkflow *self)
{
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  self->nodes_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---------------------------------------------------------------------- */
/* Loading                                                                */
/* ---------------------------------------------------------------------- */

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            gsize         offset,
            const char   *magic,
            gsize         magic_len)
{
  return len >= offset + magic_len && memcmp (data + offset, magic, magic_len) == 0;
}

/* Names the kind of a binary file people are likely to pick by mistake. */
static char *
describe_binary (const guint8 *data,
                 gsize         len,
                 const char   *name)
{
  if (has_prefix (data, len, 0, "\x89PNG\r\n\x1a\n", 8))
    return g_strdup_printf (_("“%s” is a PNG image, not a workflow."), name);
  if (has_prefix (data, len, 0, "\xFF\xD8\xFF", 3))
    return g_strdup_printf (_("“%s” is a JPEG image, not a workflow."), name);
  if (has_prefix (data, len, 0, "RIFF", 4) && has_prefix (data, len, 8, "WEBP", 4))
    return g_strdup_printf (_("“%s” is a WebP image, not a workflow."), name);
  if (has_prefix (data, len, 0, "GIF8", 4))
    return g_strdup_printf (_("“%s” is a GIF image, not a workflow."), name);
  if (has_prefix (data, len, 4, "ftyp", 4) || has_prefix (data, len, 0, "\x1a\x45\xdf\xa3", 4))
    return g_strdup_printf (_("“%s” is a video, not a workflow."), name);
  if (has_prefix (data, len, 0, "PK\x03\x04", 4))
    return g_strdup_printf (_("“%s” is a ZIP archive, not a workflow."), name);

  return g_strdup_printf (_("“%s” is not a text file, so it cannot be a workflow."), name);
}

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_nodes (KumoJson    *root,
             const char  *name,
             GError     **error)
{
  guint n = kumo_json_object_get_size (root);

  if (n == 0)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NO_NODES,
                   _("“%s” contains no nodes. Export the workflow again from ComfyUI with “Export (API)”."),
                   name);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *id = kumo_json_object_get_key (root, i);
      KumoJson *node = kumo_json_object_get_value (root, i);
      KumoJson *class_type;
      KumoJson *inputs;

      if (kumo_json_get_type (node) != KUMO_JSON_OBJECT)
        {
          g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_INVALID_NODE,
                       _("“%s” is not an API-format workflow: “%s” is not a node. "
                         "Export the workflow from ComfyUI with “Export (API)”."),
                       name, id);
          return FALSE;
        }

      class_type = kumo_json_object_get_typed (node, "class_type", KUMO_JSON_STRING);
      if (class_type == NULL || *kumo_json_get_string (class_type) == '\0')
        {
          g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_INVALID_NODE,
                       _("“%s” is not a valid workflow: node “%s” has no “class_type”. "
                         "Add the node’s class, or export the workflow again from ComfyUI."),
                       name, id);
          return FALSE;
        }

      inputs = kumo_json_object_get (node, "inputs");
      if (inputs != NULL && kumo_json_get_type (inputs) != KUMO_JSON_OBJECT)
        {
          g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_INVALID_NODE,
                       _("“%s” is not a valid workflow: the “inputs” of node “%s” are not an object of named values."),
                       name, id);
          return FALSE;
        }
    }

  return TRUE;
}

/* An input edited is no longer what the server refused. */
static void
forget_reported (KumoWorkflow *self,
                 const char   *node_id,
                 const char   *name)
{
  gboolean removed = FALSE;

  for (guint i = self->reported ? self->reported->len : 0; i > 0; i--)
    {
      KumoProblem *problem = g_ptr_array_index (self->reported, i - 1);

      if (g_strcmp0 (problem->node_id, node_id) == 0 && g_strcmp0 (problem->input_name, name) == 0)
        {
          g_ptr_array_remove_index (self->reported, i - 1);
          removed = TRUE;
        }
    }

  if (removed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTED_PROBLEMS]);
}

static void
on_node_input_changed (KumoWorkflow *self,
                       const char   *name,
                       KumoNode     *node)
{
  forget_reported (self, kumo_node_get_id (node), name);
  kumo_workflow_set_modified (self, TRUE);
}

static KumoWorkflow *
new_from_root (KumoJson    *root,
               const char  *name,
               const char  *display_name,
               GError     **error)
{
  g_autoptr(KumoJson) json = root;
  g_autoptr(KumoWorkflow) self = NULL;

  if (!check_nodes (json, name, error))
    return NULL;

  self = g_object_new (KUMO_TYPE_WORKFLOW, NULL);
  self->json = g_steal_pointer (&json);
  self->display_name = g_strdup (display_name);

  for (guint i = 0; i < kumo_json_object_get_size (self->json); i++)
    {
      const char *id = kumo_json_object_get_key (self->json, i);
      KumoNode *node = _kumo_node_new (id, kumo_json_object_get_value (self->json, i));

      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->nodes_by_id, (gpointer) kumo_node_get_id (node), node);
      g_signal_connect_object (node, "input-changed",
                               G_CALLBACK (on_node_input_changed),
                               self, G_CONNECT_SWAPPED);
    }

  return g_steal_pointer (&self);
}

/* The converted workflow has no file of its own: saving asks for a new
 * name, and the editor's file is never overwritten with the API format. */
static KumoWorkflow *
new_from_editor_format (KumoJson         *root,
                        const char       *name,
                        const char       *display_name,
                        KumoNodeCatalog  *catalog,
                        GError          **error)
{
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  KumoJson *api;
  KumoWorkflow *self;

  if (catalog == NULL)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT,
                   _("“%s” is saved in ComfyUI’s editor format. Converting it needs the server’s list of "
                     "nodes, which Kumo does not have yet: connect to a server, then open the file again."),
                   name);
      return NULL;
    }

  conversion = kumo_editor_format_convert (root, catalog, &local_error);
  if (conversion == NULL)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR,
                   g_error_matches (local_error, KUMO_EDITOR_FORMAT_ERROR, KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES)
                   ? KUMO_WORKFLOW_ERROR_MISSING_CLASSES : KUMO_WORKFLOW_ERROR_CANNOT_CONVERT,
                   /* Translators: the file name, then why it could not be converted */
                   _("“%s” is in ComfyUI’s editor format and cannot be converted. %s"),
                   name, local_error->message);
      return NULL;
    }

  /* Laid out as ComfyUI's "Export (API)" writes it, so the file it is
   * saved to reads well and keeps its layout through later edits. */
  text = kumo_json_to_string_pretty (conversion->prompt);
  api = kumo_json_parse_data (text, -1, error);
  if (api == NULL)
    return NULL;

  self = new_from_root (api, name, display_name, error);
  if (self != NULL)
    self->conversion_notes = g_steal_pointer (&conversion->notes);

  return self;
}

static KumoWorkflow *
new_from_bytes (GBytes           *bytes,
                const char       *display_name,
                KumoNodeCatalog  *catalog,
                GError          **error);

/**
 * kumo_workflow_new_from_bytes:
 * @bytes: the file contents
 * @display_name: (nullable): the file name to use in error messages
 *
 * Loads an API-format workflow. Anything else (an editor-format workflow,
 * an image, an empty or broken file) is refused with a message that says
 * what the file is and what to do.
 */
KumoWorkflow *
kumo_workflow_new_from_bytes (GBytes      *bytes,
                              const char  *display_name,
                              GError     **error)
{
  return new_from_bytes (bytes, display_name, NULL, error);
}

static KumoWorkflow *
new_from_bytes (GBytes           *bytes,
                const char       *display_name,
                KumoNodeCatalog  *catalog,
                GError          **error)
{
  g_autoptr(KumoJson) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name = display_name ? display_name : _("The workflow");
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);

  if (len == 0 || is_blank (data, len))
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_EMPTY,
                   _("“%s” is empty. Open a workflow exported from ComfyUI with “Export (API)”."),
                   name);
      return NULL;
    }

  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_autofree char *what = describe_binary ((const guint8 *) data, len, name);

      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT,
                   "%s %s", what,
                   _("Open the workflow’s JSON file, exported from ComfyUI with “Export (API)”."));
      return NULL;
    }

  root = kumo_json_parse (bytes, &local_error);
  if (root == NULL)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_JSON,
                   _("“%s” is not valid JSON (%s). Check that the file was saved completely, "
                     "or export it again from ComfyUI."),
                   name, local_error->message);
      return NULL;
    }

  if (kumo_json_get_type (root) != KUMO_JSON_OBJECT)
    {
      if (kumo_json_get_type (root) == KUMO_JSON_ARRAY)
        g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_AN_OBJECT,
                     _("“%s” holds a JSON list, not a workflow. An API-format workflow is a JSON object "
                       "of nodes; export one from ComfyUI with “Export (API)”."),
                     name);
      else
        g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_AN_OBJECT,
                     _("“%s” holds a single JSON value, not a workflow. An API-format workflow is a JSON "
                       "object of nodes; export one from ComfyUI with “Export (API)”."),
                     name);
      return NULL;
    }

  if (kumo_editor_format_detect (root))
    return new_from_editor_format (root, name, display_name, catalog, error);

  return new_from_root (g_steal_pointer (&root), name, display_name, error);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

static gboolean
looks_like_picture (GFile         *file,
                    GCancellable  *cancellable,
                    gboolean      *is_picture,
                    GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  guint8 head[12];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, error))
    return FALSE;

  *is_picture = kumo_picture_metadata_is_picture (head, n);
  return TRUE;
}

/* The workflow is the picture's: it has no file of its own, so saving
 * it asks for a name and the picture is never overwritten. */
static KumoWorkflow *
new_from_picture (GFile            *file,
                  const char       *name,
                  KumoNodeCatalog  *catalog,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(KumoPictureMetadata) metadata = NULL;
  g_autoptr(GBytes) prompt = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;

  if (stream == NULL)
    return NULL;

  metadata = kumo_picture_metadata_read_stream (G_INPUT_STREAM (stream), cancellable, &local);
  if (g_error_matches (local, KUMO_PICTURE_METADATA_ERROR, KUMO_PICTURE_METADATA_ERROR_NO_WORKFLOW))
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT,
                   _("“%s” carries no workflow: it was not saved by ComfyUI or Kumo, or its metadata was "
                     "removed."), name);
      return NULL;
    }
  if (metadata == NULL)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT, "“%s”: %s", name, local->message);
      return NULL;
    }

  /* The API format when the picture has it: it is what was run. Else
   * the editor's, converted as the editor would queue it. */
  if (metadata->prompt != NULL)
    {
      length = strlen (metadata->prompt);
      prompt = g_bytes_new_take (g_steal_pointer (&metadata->prompt), length);
      return new_from_bytes (prompt, name, NULL, error);
    }

  length = strlen (metadata->workflow);
  prompt = g_bytes_new_take (g_steal_pointer (&metadata->workflow), length);
  return new_from_bytes (prompt, name, catalog, error);
}

KumoWorkflow *
kumo_workflow_new_from_file (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return kumo_workflow_new_from_file_full (file, NULL, cancellable, error);
}

/**
 * kumo_workflow_new_from_file_full:
 * @catalog: (nullable): the server's node definitions, to convert a
 *   workflow saved in ComfyUI's editor format
 *
 * Opens an API-format workflow, a picture that carries one, or (with
 * @catalog) an editor-format workflow or picture, converted. Anything else
 * is refused with a message that says what the file is and what to do.
 */
KumoWorkflow *
kumo_workflow_new_from_file_full (GFile            *file,
                                  KumoNodeCatalog  *catalog,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  KumoWorkflow *self;
  gboolean is_picture = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = file_display_name (file);

  /* A picture carries its workflow: the "prompt" ComfyUI (or Kumo,
   * which saves outputs byte for byte) wrote into it. */
  if (!looks_like_picture (file, cancellable, &is_picture, error))
    return NULL;
  if (is_picture)
    return new_from_picture (file, name, catalog, cancellable, error);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_JSON,
                   _("“%s” is too large to be a workflow."), name);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  self = new_from_bytes (bytes, name, catalog, error);
  if (self != NULL && self->conversion_notes == NULL)
    self->file = g_object_ref (file);

  return self;
}

typedef struct
{
  GFile           *file;
  KumoNodeCatalog *catalog;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  g_clear_object (&data->catalog);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  KumoWorkflow *self = kumo_workflow_new_from_file_full (data->file, data->catalog, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * kumo_workflow_load_async:
 *
 * Reads and parses @file in a worker thread, as
 * kumo_workflow_new_from_file_full() does.
 */
void
kumo_workflow_load_async (GFile               *file,
                          KumoNodeCatalog     *catalog,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (catalog == NULL || KUMO_IS_NODE_CATALOG (catalog));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->catalog = catalog ? g_object_ref (catalog) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_workflow_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

KumoWorkflow *
kumo_workflow_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Access                                                                 */
/* ---------------------------------------------------------------------- */

/**
 * kumo_workflow_get_file:
 *
 * Returns: (nullable) (transfer none): the file the workflow was loaded
 *   from or last saved to
 */
GFile *
kumo_workflow_get_file (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  return self->file;
}

/**
 * kumo_workflow_get_conversion_notes:
 *
 * Returns: (nullable) (transfer none) (element-type utf8): %NULL unless the
 *   workflow was converted from ComfyUI's editor format; then what did not
 *   carry over, one translated sentence each (often none)
 */
GPtrArray *
kumo_workflow_get_conversion_notes (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  return self->conversion_notes;
}

/**
 * kumo_workflow_dup_suggested_name:
 *
 * Returns: the file name to offer when the workflow is saved under a new
 *   name: a picture's or a converted editor file's own name is never
 *   offered, so neither is overwritten by mistake
 */
char *
kumo_workflow_dup_suggested_name (KumoWorkflow *self)
{
  g_autofree char *name = kumo_workflow_dup_display_name (self);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot && dot != name ? g_strndup (name, dot - name) : g_strdup (name);

  if (self->file != NULL)
    return g_steal_pointer (&name);

  if (self->conversion_notes != NULL)
    /* Translators: the name offered for an editor-format workflow saved in the API format */
    return g_strdup_printf (_("%s (API).json"), stem);

  return g_strconcat (stem, ".json", NULL);
}

char *
kumo_workflow_dup_display_name (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  if (self->file != NULL)
    return file_display_name (self->file);

  if (self->display_name != NULL)
    return g_strdup (self->display_name);

  return g_strdup (_("Untitled Workflow"));
}

gboolean
kumo_workflow_get_modified (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), FALSE);

  return self->modified;
}

void
kumo_workflow_set_modified (KumoWorkflow *self,
                            gboolean      modified)
{
  g_return_if_fail (KUMO_IS_WORKFLOW (self));

  modified = !!modified;
  if (modified)
    self->n_changes++;
  if (self->modified == modified)
    return;

  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/**
 * kumo_workflow_get_node:
 *
 * Returns: (nullable) (transfer none): the node with this id
 */
KumoNode *
kumo_workflow_get_node (KumoWorkflow *self,
                        const char   *id)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->nodes_by_id, id);
}

/**
 * kumo_workflow_find_nodes:
 * @id_or_title: a node id, a node title or a class name
 *
 * Finds the nodes a person means by @id_or_title: the node with that id,
 * else the nodes with that title (exactly, then ignoring case), else the
 * nodes of that class. More than one result means the name is ambiguous.
 *
 * Returns: (transfer container): the matching nodes, perhaps none
 */
GPtrArray *
kumo_workflow_find_nodes (KumoWorkflow *self,
                          const char   *id_or_title)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  KumoNode *node;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), found);
  g_return_val_if_fail (id_or_title != NULL, found);

  if ((node = kumo_workflow_get_node (self, id_or_title)))
    {
      g_ptr_array_add (found, g_object_ref (node));
      return found;
    }

  for (guint pass = 0; pass < 3 && found->len == 0; pass++)
    {
      for (guint i = 0; i < self->nodes->len; i++)
        {
          const char *candidate;

          node = g_ptr_array_index (self->nodes, i);
          candidate = pass < 2 ? kumo_node_get_title (node) : kumo_node_get_class_type (node);
          if (candidate == NULL)
            continue;

          if (pass == 1 ? g_utf8_collate (candidate, id_or_title) == 0 ||
                          g_ascii_strcasecmp (candidate, id_or_title) == 0
                        : strcmp (candidate, id_or_title) == 0)
            g_ptr_array_add (found, g_object_ref (node));
        }
    }

  return found;
}

/**
 * kumo_workflow_set_reported_problems:
 * @problems: (nullable) (element-type KumoProblem) (transfer none): what
 *   a server said was wrong when it refused the workflow, or %NULL
 *
 * Keeps the problems so that the editor shows each on its input, until
 * that input is edited.
 */
void
kumo_workflow_set_reported_problems (KumoWorkflow *self,
                                     GPtrArray    *problems)
{
  g_return_if_fail (KUMO_IS_WORKFLOW (self));

  g_clear_pointer (&self->reported, g_ptr_array_unref);
  if (problems != NULL)
    {
      self->reported = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_problem_free);
      for (guint i = 0; i < problems->len; i++)
        g_ptr_array_add (self->reported, kumo_problem_copy (g_ptr_array_index (problems, i)));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTED_PROBLEMS]);
}

/**
 * kumo_workflow_get_reported_problem:
 * @input_name: (nullable): the input, or %NULL for the node's own problem
 *
 * Returns: (nullable) (transfer none): what the server said of it
 */
const KumoProblem *
kumo_workflow_get_reported_problem (KumoWorkflow *self,
                                    const char   *node_id,
                                    const char   *input_name)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  for (guint i = 0; self->reported && i < self->reported->len; i++)
    {
      KumoProblem *problem = g_ptr_array_index (self->reported, i);

      if (g_strcmp0 (problem->node_id, node_id) == 0 && g_strcmp0 (problem->input_name, input_name) == 0)
        return problem;
    }

  return NULL;
}

KumoJson *
kumo_workflow_get_json (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  return self->json;
}

/* ---------------------------------------------------------------------- */
/* Saving                                                                 */
/* ---------------------------------------------------------------------- */

GBytes *
kumo_workflow_to_bytes (KumoWorkflow *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), NULL);

  return kumo_json_to_bytes (self->json);
}

/* @n_changes is the count of edits the saved bytes hold: one made while
 * they were being written is not in the file, so the workflow stays
 * modified. */
static void
saved_to (KumoWorkflow *self,
          GFile        *file,
          guint64       n_changes)
{
  if (self->file != file && (self->file == NULL || !g_file_equal (self->file, file)))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }

  if (self->n_changes == n_changes)
    kumo_workflow_set_modified (self, FALSE);
}

/**
 * kumo_workflow_save:
 *
 * Writes the workflow to @file through a temporary file that replaces it
 * only once complete, so a failure never leaves a half-written workflow.
 */
gboolean
kumo_workflow_save (KumoWorkflow  *self,
                    GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = kumo_workflow_to_bytes (self);
  data = g_bytes_get_data (bytes, &len);

  if (!g_file_replace_contents (file, data, len, NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, cancellable, error))
    return FALSE;

  saved_to (self, file, self->n_changes);
  return TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  saved_to (g_task_get_source_object (task), file,
            *(guint64 *) g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

void
kumo_workflow_save_async (KumoWorkflow        *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;

  g_return_if_fail (KUMO_IS_WORKFLOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kumo_workflow_save_async);
  g_task_set_task_data (task, g_memdup2 (&self->n_changes, sizeof self->n_changes), g_free);

  bytes = kumo_workflow_to_bytes (self);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, save_cb, task);
}

gboolean
kumo_workflow_save_finish (KumoWorkflow  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
