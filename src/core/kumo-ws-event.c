/* kumo-ws-event.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-ws-event"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-ws-event.h"

G_DEFINE_QUARK (kumo-ws-event-error-quark, kumo_ws_event_error)

/* Binary frame types (docs/protocol.md §5.5); 2 never reaches the wire. */
enum {
  FRAME_PREVIEW_IMAGE = 1,
  FRAME_TEXT = 3,
  FRAME_PREVIEW_IMAGE_WITH_METADATA = 4,
};

static const struct {
  const char      *type;
  KumoWsEventKind  kind;
} kinds[] = {
  { "status", KUMO_WS_STATUS },
  { "execution_start", KUMO_WS_EXECUTION_START },
  { "execution_cached", KUMO_WS_EXECUTION_CACHED },
  { "executing", KUMO_WS_EXECUTING },
  { "progress", KUMO_WS_PROGRESS },
  { "progress_state", KUMO_WS_PROGRESS_STATE },
  { "executed", KUMO_WS_EXECUTED },
  { "execution_success", KUMO_WS_EXECUTION_SUCCESS },
  { "execution_error", KUMO_WS_EXECUTION_ERROR },
  { "execution_interrupted", KUMO_WS_EXECUTION_INTERRUPTED },
  { "feature_flags", KUMO_WS_FEATURE_FLAGS },
  { "notification", KUMO_WS_NOTIFICATION },
};

void
kumo_ws_event_free (KumoWsEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->type);
  g_free (event->prompt_id);
  g_free (event->node);
  g_free (event->display_node);
  g_free (event->sid);
  kumo_json_free (event->output);
  g_strfreev (event->cached_nodes);
  g_free (event->node_type);
  g_free (event->exception_type);
  g_free (event->exception_message);
  g_free (event->text);
  g_clear_pointer (&event->image, g_bytes_unref);
  g_free (event->image_mime);
  if (event->root != NULL)
    kumo_json_free (event->root);
  else
    kumo_json_free (event->data);
  g_free (event);
}

/* For events that arrive before their job knows its prompt id. */
KumoWsEvent *
kumo_ws_event_copy (const KumoWsEvent *event)
{
  KumoWsEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->type = g_strdup (event->type);
  copy->prompt_id = g_strdup (event->prompt_id);
  copy->node = g_strdup (event->node);
  copy->display_node = g_strdup (event->display_node);
  copy->sid = g_strdup (event->sid);
  copy->output = event->output ? kumo_json_copy (event->output) : NULL;
  copy->cached_nodes = g_strdupv (event->cached_nodes);
  copy->node_type = g_strdup (event->node_type);
  copy->exception_type = g_strdup (event->exception_type);
  copy->exception_message = g_strdup (event->exception_message);
  copy->text = g_strdup (event->text);
  copy->image = event->image ? g_bytes_ref (event->image) : NULL;
  copy->image_mime = g_strdup (event->image_mime);
  copy->root = NULL;
  copy->data = event->data ? kumo_json_copy (event->data) : NULL;

  return copy;
}

/* Node ids are strings, but some senders write numbers. */
static char *
dup_id (KumoJson *object,
        const char *key)
{
  KumoJson *value = kumo_json_object_get (object, key);

  if (value == NULL)
    return NULL;

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_STRING:
      return g_strdup (kumo_json_get_string (value));
    case KUMO_JSON_NUMBER:
      return g_strdup (kumo_json_get_number_text (value));
    case KUMO_JSON_NULL:
    case KUMO_JSON_BOOLEAN:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return NULL;
    }
}

static gint64
get_int (KumoJson   *object,
         const char *key,
         gint64      fallback)
{
  KumoJson *value = kumo_json_object_get (object, key);
  KumoNumber number;
  gint64 result;

  if (value == NULL || !kumo_json_get_number (value, &number))
    return fallback;

  if (kumo_number_get_int64 (&number, &result))
    return result;

  return (gint64) CLAMP (number.value, (double) G_MININT64, (double) G_MAXINT64);
}

static void
read_progress_state (KumoWsEvent *event,
                     KumoJson    *data)
{
  KumoJson *nodes = kumo_json_object_get_typed (data, "nodes", KUMO_JSON_OBJECT);

  for (guint i = 0; i < kumo_json_object_get_size (nodes); i++)
    {
      KumoJson *node = kumo_json_object_get_value (nodes, i);
      const char *state = kumo_json_object_get_string_or (node, "state", "");

      event->nodes_seen++;
      if (g_str_equal (state, "finished"))
        event->nodes_finished++;
      else if (g_str_equal (state, "running"))
        {
          g_free (event->node);
          event->node = g_strdup (kumo_json_object_get_key (nodes, i));
          event->value = get_int (node, "value", 0);
          event->max = get_int (node, "max", 0);
        }
    }
}

/**
 * kumo_ws_event_parse_text:
 *
 * Reads a JSON text frame `{"type": …, "data": {…}}`. Unknown types are
 * not errors (custom nodes send their own): they come back as
 * %KUMO_WS_OTHER.
 *
 * Returns: (transfer full) (nullable): the event, or %NULL if the frame
 *   is not such an object
 */
KumoWsEvent *
kumo_ws_event_parse_text (const char  *text,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(KumoJson) json = NULL;
  g_autoptr(KumoWsEvent) event = NULL;
  g_autoptr(GError) local_error = NULL;
  KumoJson *data;
  const char *type;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  json = kumo_json_parse_data (text, length, &local_error);
  if (json == NULL)
    {
      g_set_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID,
                   _("The server sent a message that is not JSON: %s"), local_error->message);
      return NULL;
    }

  type = kumo_json_object_get_string_or (json, "type", NULL);
  if (type == NULL)
    {
      g_set_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID,
                   _("The server sent a message without a type."));
      return NULL;
    }

  event = g_new0 (KumoWsEvent, 1);
  event->kind = KUMO_WS_OTHER;
  event->type = g_strdup (type);
  event->queue_remaining = -1;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].type, type))
      event->kind = kinds[i].kind;

  data = kumo_json_object_get (json, "data");
  if (data == NULL || kumo_json_get_type (data) != KUMO_JSON_OBJECT)
    {
      /* "status" after a reconnect may be null; nothing else to read. */
      return g_steal_pointer (&event);
    }

  /* The message is kept, not copied: progress_state of a big graph is
   * some 170 KB, thirty times a second. */
  event->root = g_steal_pointer (&json);
  event->data = data;
  event->prompt_id = dup_id (data, "prompt_id");
  event->node = dup_id (data, "node");
  if (event->node == NULL)
    event->node = dup_id (data, "node_id");
  event->display_node = dup_id (data, "display_node");

  switch (event->kind)
    {
    case KUMO_WS_STATUS:
      {
        KumoJson *status = kumo_json_object_get_typed (data, "status", KUMO_JSON_OBJECT);
        KumoJson *exec_info = status ? kumo_json_object_get_typed (status, "exec_info", KUMO_JSON_OBJECT) : NULL;

        event->sid = g_strdup (kumo_json_object_get_string_or (data, "sid", NULL));
        event->queue_remaining = exec_info ? get_int (exec_info, "queue_remaining", -1) : -1;
      }
      break;

    case KUMO_WS_EXECUTING:
      /* {"node": null} means the prompt is done. */
      event->finished = kumo_json_object_has (data, "node") &&
                        kumo_json_get_type (kumo_json_object_get (data, "node")) == KUMO_JSON_NULL;
      break;

    case KUMO_WS_PROGRESS:
      event->value = get_int (data, "value", 0);
      event->max = get_int (data, "max", 0);
      break;

    case KUMO_WS_PROGRESS_STATE:
      read_progress_state (event, data);
      break;

    case KUMO_WS_EXECUTED:
      {
        KumoJson *output = kumo_json_object_get (data, "output");

        if (output != NULL && kumo_json_get_type (output) == KUMO_JSON_OBJECT)
          event->output = kumo_json_copy (output);
      }
      break;

    case KUMO_WS_EXECUTION_CACHED:
      {
        KumoJson *nodes = kumo_json_object_get_typed (data, "nodes", KUMO_JSON_ARRAY);
        GStrvBuilder *builder = g_strv_builder_new ();

        for (guint i = 0; i < kumo_json_array_get_length (nodes); i++)
          {
            KumoJson *id = kumo_json_array_get (nodes, i);

            if (kumo_json_get_type (id) == KUMO_JSON_STRING)
              g_strv_builder_add (builder, kumo_json_get_string (id));
            else if (kumo_json_get_type (id) == KUMO_JSON_NUMBER)
              g_strv_builder_add (builder, kumo_json_get_number_text (id));
          }
        event->cached_nodes = g_strv_builder_end (builder);
        g_strv_builder_unref (builder);
      }
      break;

    case KUMO_WS_EXECUTION_ERROR:
    case KUMO_WS_EXECUTION_INTERRUPTED:
      event->node_type = g_strdup (kumo_json_object_get_string_or (data, "node_type", NULL));
      event->exception_type = g_strdup (kumo_json_object_get_string_or (data, "exception_type", NULL));
      event->exception_message = g_strdup (kumo_json_object_get_string_or (data, "exception_message", NULL));
      break;

    case KUMO_WS_NOTIFICATION:
      event->text = g_strdup (kumo_json_object_get_string_or (data, "value", NULL));
      break;

    case KUMO_WS_EXECUTION_START:
    case KUMO_WS_EXECUTION_SUCCESS:
    case KUMO_WS_FEATURE_FLAGS:
    case KUMO_WS_PREVIEW:
    case KUMO_WS_PROGRESS_TEXT:
    case KUMO_WS_OTHER:
    default:
      break;
    }

  return g_steal_pointer (&event);
}

static guint32
read_u32 (const guint8 *data)
{
  return ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
}

static gboolean
invalid_frame (GError **error)
{
  g_set_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID,
               _("The server sent a binary message that is cut short."));
  return FALSE;
}

static char *
dup_utf8 (const guint8 *data,
          gsize         len)
{
  g_autofree char *raw = g_strndup ((const char *) data, len);

  return g_utf8_make_valid (raw, -1);
}

/**
 * kumo_ws_event_parse_binary:
 * @text_has_prompt_id: both sides advertised supports_progress_text_metadata,
 *   so text frames carry a prompt id first
 *
 * Reads a binary frame: a big-endian u32 type, then a preview image (type
 * 1, with its format at offset 4), a node's status text (type 3), or a
 * preview with JSON metadata naming its prompt and node (type 4).
 *
 * Returns: (transfer full) (nullable): the event; unknown types fail with
 *   %KUMO_WS_EVENT_ERROR_UNKNOWN_BINARY, for the caller to skip
 */
KumoWsEvent *
kumo_ws_event_parse_binary (GBytes    *frame,
                            gboolean   text_has_prompt_id,
                            GError   **error)
{
  g_autoptr(KumoWsEvent) event = NULL;
  const guint8 *data;
  gsize len;
  guint32 type;

  g_return_val_if_fail (frame != NULL, NULL);

  data = g_bytes_get_data (frame, &len);
  if (len < 4)
    {
      invalid_frame (error);
      return NULL;
    }

  type = read_u32 (data);
  event = g_new0 (KumoWsEvent, 1);
  event->queue_remaining = -1;

  switch (type)
    {
    case FRAME_PREVIEW_IMAGE:
      if (len < 8)
        {
          invalid_frame (error);
          return NULL;
        }
      event->kind = KUMO_WS_PREVIEW;
      event->type = g_strdup ("b_preview");
      /* 2 is PNG; decoders treat anything else as JPEG. */
      event->image_mime = g_strdup (read_u32 (data + 4) == 2 ? "image/png" : "image/jpeg");
      event->image = g_bytes_new_from_bytes (frame, 8, len - 8);
      break;

    case FRAME_TEXT:
      {
        gsize offset = 4;
        guint32 n;

        event->kind = KUMO_WS_PROGRESS_TEXT;
        event->type = g_strdup ("progress_text");

        if (text_has_prompt_id)
          {
            if (len - offset < 4 || (n = read_u32 (data + offset)) > len - offset - 4)
              {
                invalid_frame (error);
                return NULL;
              }
            event->prompt_id = dup_utf8 (data + offset + 4, n);
            offset += 4 + n;
          }

        if (len - offset < 4 || (n = read_u32 (data + offset)) > len - offset - 4)
          {
            invalid_frame (error);
            return NULL;
          }
        event->node = dup_utf8 (data + offset + 4, n);
        offset += 4 + n;
        event->text = dup_utf8 (data + offset, len - offset);
      }
      break;

    case FRAME_PREVIEW_IMAGE_WITH_METADATA:
      {
        g_autoptr(KumoJson) metadata = NULL;
        guint32 n;

        if (len < 8 || (n = read_u32 (data + 4)) > len - 8)
          {
            invalid_frame (error);
            return NULL;
          }

        metadata = kumo_json_parse_data ((const char *) data + 8, n, NULL);
        event->kind = KUMO_WS_PREVIEW;
        event->type = g_strdup ("b_preview_with_metadata");
        if (metadata != NULL)
          {
            event->prompt_id = dup_id (metadata, "prompt_id");
            event->node = dup_id (metadata, "node_id");
            event->display_node = dup_id (metadata, "display_node_id");
            event->image_mime = g_strdup (kumo_json_object_get_string_or (metadata, "image_type", NULL));
          }
        if (event->image_mime == NULL)
          event->image_mime = g_strdup ("image/jpeg");
        event->image = g_bytes_new_from_bytes (frame, 8 + n, len - 8 - n);
      }
      break;

    default:
      g_set_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_UNKNOWN_BINARY,
                   "unknown binary message type %u", type);
      return NULL;
    }

  return g_steal_pointer (&event);
}

/**
 * kumo_execution_error_dup_traceback:
 * @data: (nullable): an execution_error's data, from the socket or from
 *   the messages of a job's history
 *
 * Returns: (nullable): its "traceback" (a list of lines, each ending in
 *   a newline, as Python's traceback.format_tb() makes them) as one text
 */
char *
kumo_execution_error_dup_traceback (const KumoJson *data)
{
  KumoJson *lines = kumo_json_object_get_typed (data, "traceback", KUMO_JSON_ARRAY);
  GString *text;

  if (kumo_json_array_get_length (lines) == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < kumo_json_array_get_length (lines); i++)
    {
      const char *line = kumo_json_get_string (kumo_json_array_get (lines, i));

      if (line == NULL)
        continue;
      g_string_append (text, line);
      if (!g_str_has_suffix (line, "\n"))
        g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}
