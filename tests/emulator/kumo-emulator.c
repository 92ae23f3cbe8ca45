/* kumo-emulator.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-emulator"

#include "config.h"

#include <string.h>

#include "kumo-emulator.h"
#include "kumo-emulator-media.h"
#include "kumo-emulator-validate.h"
#include "kumo-json.h"

/*
 * A stand-in for a local ComfyUI or for Comfy Cloud, speaking their
 * protocols as docs/protocol.md describes them, on loopback. Jobs run on
 * timers and produce real files; faults can be switched on to test
 * clients against what goes wrong in the real world.
 */

typedef struct
{
  KumoEmulator *emulator;
  char         *id;
  char         *client_id;
  KumoJson     *prompt;
  KumoJson     *extra_data;    /* as sent, without keys */
  KumoJson     *outputs;
  char         *status;        /* the cloud's raw state */
  double        number;
  gint64        create_ms;
  guint         node_index;
  guint         step;
  guint         source;
  gboolean      started;
  gboolean      reused;        /* the same prompt as the last run: all cached */
  gboolean      succeeded;     /* execution_success sent, the record not written yet */
  GPtrArray    *messages;      /* [name, data] pairs for history */
} Job;

typedef struct
{
  SoupWebsocketConnection *connection;
  char                    *client_id;
  gboolean                 preview_metadata;
  gboolean                 said_hello;
} Client;

struct _KumoEmulator
{
  GObject             parent_instance;

  KumoEmulatorFlavor  flavor;
  char               *api_key;
  guint               n_uploads;      /* files taken by /upload/image and /upload/mask */
  /* The node definitions it serves and validates against, as JSON, with
   * the model lists of its installed models. */
  KumoJson           *object_info;
  GBytes             *object_info_bytes;
  GPtrArray          *models;     /* "folder/file" */

  SoupServer         *server;
  SoupServer         *storage;
  guint               port;
  guint               storage_port;

  guint               steps;
  guint               step_ms;
  guint               image_size;         /* edge of output images, pixels */
  guint               preview_size;       /* edge of live previews, pixels */
  guint               state_nodes;        /* entries of each progress_state, at least */
  guint               max_running;
  guint               running;
  guint               counter;

  GHashTable         *jobs;      /* id → Job */
  GQueue             *pending;
  GHashTable         *files;     /* "type/subfolder/name" → GBytes */
  GHashTable         *blobs;     /* storage id → key in files */
  GPtrArray          *clients;

  KumoEmulatorFaults  faults;
  GHashTable         *routes_refused;  /* first_of_each_503: refused once */
  guint               key_leaks;
  guint               n_partial;      /* 206 answers to Range requests */
  guint               n_websockets;   /* WebSocket connections accepted */
  GPtrArray          *stalled;        /* connections of stalled downloads */
  /* ComfyUI keeps the outputs of the last prompt it ran: the same prompt
   * again is all cached and reports those outputs (local only). */
  char               *last_prompt;
  KumoJson           *last_outputs;
  gboolean            silenced;       /* the silent-socket fault has struck */
  gboolean            dropped_once;
};

G_DEFINE_FINAL_TYPE (KumoEmulator, kumo_emulator, G_TYPE_OBJECT)

static void run_next (KumoEmulator *self);

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->source, g_source_remove);
  g_free (job->id);
  g_free (job->client_id);
  kumo_json_free (job->prompt);
  kumo_json_free (job->extra_data);
  kumo_json_free (job->outputs);
  g_free (job->status);
  g_ptr_array_unref (job->messages);
  g_free (job);
}

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->connection, client);
  g_object_unref (client->connection);
  g_free (client->client_id);
  g_free (client);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* ---------------------------------------------------------------------- */
/* Responses                                                              */
/* ---------------------------------------------------------------------- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              KumoJson          *json)
{
  g_autofree char *text = kumo_json_to_string (json);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *json_text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json_text, strlen (json_text));
}

static KumoJson *
object_with (const char *key,
             KumoJson   *value)
{
  KumoJson *object = kumo_json_new_object ();

  kumo_json_object_set (object, key, value);
  return object;
}

/* ---------------------------------------------------------------------- */
/* WebSocket                                                              */
/* ---------------------------------------------------------------------- */

static gboolean
client_wants (KumoEmulator *self,
              Client       *client,
              Job          *job,
              gboolean      broadcast)
{
  /* Cloud ignores clientId: every socket of the user gets everything. */
  if (self->flavor == KUMO_EMULATOR_CLOUD || broadcast)
    return TRUE;

  /* Local: per-prompt messages go to the prompt's client_id only, and
   * nowhere when the prompt had none (docs/protocol.md §5.3). */
  return job != NULL && job->client_id != NULL && g_strcmp0 (client->client_id, job->client_id) == 0;
}

/* Open, and not silenced by the fault that keeps a socket up but stops
 * delivering (a proxy that holds the connection and drops messages). */
static gboolean
can_send (KumoEmulator *self,
          Client       *client)
{
  return soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN &&
         !self->silenced;
}

static void
send_event (KumoEmulator *self,
            Job          *job,
            const char   *type,
            KumoJson     *data,
            gboolean      broadcast)
{
  g_autoptr(KumoJson) message = kumo_json_new_object ();
  g_autofree char *text = NULL;

  kumo_json_object_set (message, "type", kumo_json_new_string (type));
  kumo_json_object_set (message, "data", data);
  text = kumo_json_to_string (message);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client_wants (self, client, job, broadcast) &&
          can_send (self, client))
        soup_websocket_connection_send_text (client->connection, text);
    }
}

static KumoJson *
job_data (Job *job)
{
  KumoJson *data = kumo_json_new_object ();

  kumo_json_object_set (data, "prompt_id", kumo_json_new_string (job->id));
  return data;
}

static void
record (Job        *job,
        const char *type,
        KumoJson   *data)
{
  KumoJson *pair = kumo_json_new_array ();

  kumo_json_array_append (pair, kumo_json_new_string (type));
  kumo_json_array_append (pair, data);
  g_ptr_array_add (job->messages, pair);
}

static void
send_job_event (KumoEmulator *self,
                Job          *job,
                const char   *type,
                KumoJson     *data,
                gboolean      to_history)
{
  kumo_json_object_set (data, "timestamp", kumo_json_new_int (now_ms ()));
  if (to_history)
    record (job, type, kumo_json_copy (data));
  send_event (self, job, type, data, FALSE);
}

static void
send_status (KumoEmulator *self,
             Client       *only,
             const char   *sid)
{
  g_autoptr(KumoJson) message = kumo_json_new_object ();
  KumoJson *data = kumo_json_new_object ();
  KumoJson *exec_info = kumo_json_new_object ();
  g_autofree char *text = NULL;

  kumo_json_object_set (exec_info, "queue_remaining",
                        kumo_json_new_int (self->running + g_queue_get_length (self->pending)));
  kumo_json_object_set (data, "status", object_with ("exec_info", exec_info));
  if (sid != NULL)
    kumo_json_object_set (data, "sid", kumo_json_new_string (sid));
  kumo_json_object_set (message, "type", kumo_json_new_string ("status"));
  kumo_json_object_set (message, "data", data);
  text = kumo_json_to_string (message);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if ((only == NULL || client == only) &&
          can_send (self, client))
        soup_websocket_connection_send_text (client->connection, text);
    }
}

static void
send_preview (KumoEmulator *self,
              Job          *job,
              const char   *node_id,
              GBytes       *png)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);
      g_autoptr(GByteArray) frame = g_byte_array_new ();
      gsize len;
      const guint8 *data = g_bytes_get_data (png, &len);

      if (!client_wants (self, client, job, job->client_id == NULL) || !can_send (self, client))
        continue;

      if (client->preview_metadata)
        {
          g_autoptr(KumoJson) meta = kumo_json_new_object ();
          g_autofree char *text = NULL;
          guint8 header[8] = { 0, 0, 0, 4 };
          guint32 n;

          kumo_json_object_set (meta, "node_id", kumo_json_new_string (node_id));
          kumo_json_object_set (meta, "display_node_id", kumo_json_new_string (node_id));
          kumo_json_object_set (meta, "real_node_id", kumo_json_new_string (node_id));
          kumo_json_object_set (meta, "prompt_id", kumo_json_new_string (job->id));
          kumo_json_object_set (meta, "parent_node_id", kumo_json_new_null ());
          kumo_json_object_set (meta, "image_type", kumo_json_new_string ("image/png"));
          text = kumo_json_to_string (meta);
          n = strlen (text);
          header[4] = n >> 24; header[5] = n >> 16; header[6] = n >> 8; header[7] = n;
          g_byte_array_append (frame, header, 8);
          g_byte_array_append (frame, (const guint8 *) text, n);
        }
      else
        {
          const guint8 header[8] = { 0, 0, 0, 1, 0, 0, 0, 2 };
          g_byte_array_append (frame, header, 8);
        }

      g_byte_array_append (frame, data, len);
      soup_websocket_connection_send_binary (client->connection, frame->data, frame->len);
    }
}

void
kumo_emulator_drop_sockets (KumoEmulator *self)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);
      GIOStream *stream = soup_websocket_connection_get_io_stream (client->connection);

      /* Abruptly, as a crash or a network loss would: no close frame. */
      g_io_stream_close (stream, NULL, NULL);
    }
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            Client                  *client)
{
  KumoEmulator *self = g_object_get_data (G_OBJECT (connection), "kumo-emulator");
  g_autoptr(KumoJson) json = NULL;
  gsize len;
  const char *data;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &len);
  json = kumo_json_parse_data (data, len, NULL);

  /* Only the first text message counts, and only as a feature handshake. */
  if (json != NULL && !client->said_hello &&
      g_strcmp0 (kumo_json_object_get_string_or (json, "type", NULL), "feature_flags") == 0)
    {
      g_autoptr(KumoJson) reply = kumo_json_new_object ();
      KumoJson *flags = kumo_json_new_object ();
      KumoJson *client_flags = kumo_json_object_get (json, "data");
      g_autofree char *text = NULL;

      client->preview_metadata = kumo_json_object_get_boolean_or (client_flags, "supports_preview_metadata", FALSE);
      kumo_json_object_set (flags, "supports_preview_metadata", kumo_json_new_boolean (TRUE));
      kumo_json_object_set (flags, "max_upload_size", kumo_json_new_int (100 * 1024 * 1024));
      kumo_json_object_set (reply, "type", kumo_json_new_string ("feature_flags"));
      kumo_json_object_set (reply, "data", flags);
      text = kumo_json_to_string (reply);
      soup_websocket_connection_send_text (connection, text);
    }

  client->said_hello = TRUE;
  (void) self;
}

static void
closed_cb (SoupWebsocketConnection *connection,
           Client                  *client)
{
  KumoEmulator *self = g_object_get_data (G_OBJECT (connection), "kumo-emulator");

  g_ptr_array_remove (self->clients, client);
}

static char *
new_uuid (void)
{
  return g_uuid_string_random ();
}

static gboolean
authorized (KumoEmulator      *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *key;

  if (self->flavor != KUMO_EMULATOR_CLOUD || self->api_key == NULL)
    return TRUE;

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-API-Key");
  if (key == NULL && query != NULL)
    key = g_hash_table_lookup (query, "token");

  return g_strcmp0 (key, self->api_key) == 0;
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  KumoEmulator *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  Client *client;

  self->n_websockets++;

  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  if (!authorized (self, msg, query))
    {
      soup_websocket_connection_close (connection, 4401, "invalid token");
      return;
    }

  client = g_new0 (Client, 1);
  client->connection = g_object_ref (connection);
  client->client_id = query && g_hash_table_lookup (query, "clientId")
                      ? g_strdup (g_hash_table_lookup (query, "clientId"))
                      : g_strdelimit (new_uuid (), "-", 'x');
  g_ptr_array_add (self->clients, client);

  /* Real servers allow large messages; so must clients. */
  soup_websocket_connection_set_max_incoming_payload_size (connection, 0);
  g_object_set_data (G_OBJECT (connection), "kumo-emulator", self);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), client);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), client);

  send_status (self, client, client->client_id);
}

/* ---------------------------------------------------------------------- */
/* Running jobs                                                           */
/* ---------------------------------------------------------------------- */

/* The whole graph's state, as ComfyUI sends it with every step: the
 * nodes done, and the one running. With the oversized fault it carries
 * as many finished nodes as a graph of thousands, well past libsoup's
 * default 128 KiB limit for an incoming message. */
static void
send_progress_state (KumoEmulator *self,
                     Job          *job,
                     guint         steps)
{
  KumoJson *state = job_data (job);
  KumoJson *nodes = kumo_json_new_object ();
  guint padding = self->faults.oversized_messages ? 4000
                  : self->state_nodes > job->node_index + 1 ? self->state_nodes - job->node_index - 1 : 0;

  for (guint i = 0; i <= job->node_index + padding; i++)
    {
      gboolean real = i <= job->node_index;
      g_autofree char *fake_id = real ? NULL : g_strdup_printf ("9000:%u", i);
      const char *id = real ? kumo_json_object_get_key (job->prompt, i) : fake_id;
      gboolean running = i == job->node_index;
      KumoJson *node = kumo_json_new_object ();

      kumo_json_object_set (node, "value", kumo_json_new_int (running ? job->step : 1));
      kumo_json_object_set (node, "max", kumo_json_new_int (running ? steps : 1));
      kumo_json_object_set (node, "state", kumo_json_new_string (running ? "running" : "finished"));
      kumo_json_object_set (node, "node_id", kumo_json_new_string (id));
      kumo_json_object_set (node, "prompt_id", kumo_json_new_string (job->id));
      kumo_json_object_set (node, "display_node_id", kumo_json_new_string (id));
      kumo_json_object_set (node, "parent_node_id", kumo_json_new_null ());
      kumo_json_object_set (node, "real_node_id", kumo_json_new_string (id));
      kumo_json_object_set (nodes, id, node);
    }

  kumo_json_object_set (state, "nodes", nodes);
  send_event (self, job, "progress_state", state, job->client_id == NULL);
}

static gboolean
is_output_node (KumoEmulator *self,
                const char   *class_type)
{
  KumoJson *info = kumo_json_object_get_typed (self->object_info, class_type, KUMO_JSON_OBJECT);

  if (info != NULL)
    return kumo_json_object_get_boolean_or (info, "output_node", FALSE);

  return g_str_has_prefix (class_type, "Save") || g_str_has_prefix (class_type, "Preview") ||
         g_str_has_suffix (class_type, "VideoCombine");
}

static guint
node_steps (KumoEmulator *self,
            KumoJson     *node)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_OBJECT);
  KumoJson *value = kumo_json_object_get (inputs, "steps");
  gint64 steps;

  if (value == NULL || !kumo_json_get_int64 (value, &steps))
    return 0;

  return (guint) CLAMP (steps, 0, (gint64) self->steps);
}

/* The seed and prompt text of the graph, to draw its images from. */
static void
graph_seed_and_text (Job      *job,
                     guint64  *seed,
                     char    **text)
{
  *seed = 0;
  *text = NULL;

  for (guint i = 0; i < kumo_json_object_get_size (job->prompt); i++)
    {
      KumoJson *inputs = kumo_json_object_get_typed (kumo_json_object_get_value (job->prompt, i), "inputs", KUMO_JSON_OBJECT);
      KumoJson *value;
      KumoNumber number;

      if ((value = kumo_json_object_get (inputs, "seed")) || (value = kumo_json_object_get (inputs, "noise_seed")))
        if (kumo_json_get_number (value, &number) && number.is_integer)
          *seed = number.magnitude;

      if (*text == NULL && (value = kumo_json_object_get_typed (inputs, "text", KUMO_JSON_STRING)))
        *text = g_strdup (kumo_json_get_string (value));
    }
}

static KumoJson *
file_item (const char *filename,
           const char *subfolder,
           const char *type)
{
  KumoJson *item = kumo_json_new_object ();

  kumo_json_object_set (item, "filename", kumo_json_new_string (filename));
  kumo_json_object_set (item, "subfolder", kumo_json_new_string (subfolder));
  kumo_json_object_set (item, "type", kumo_json_new_string (type));
  return item;
}

static KumoJson *
make_outputs (KumoEmulator *self,
              Job          *job,
              const char   *class_type,
              KumoJson     *node)
{
  KumoJson *inputs = kumo_json_object_get_typed (node, "inputs", KUMO_JSON_OBJECT);
  const char *prefix = kumo_json_object_get_string_or (inputs, "filename_prefix", "ComfyUI");
  gboolean audio = strstr (class_type, "Audio") != NULL;
  /* Video and animation nodes, under the keys the real nodes use
   * (docs/protocol.md §7.2): SaveAnimatedWEBP writes a real animated WebP; an
   * animated PNG stands in for the GIF and MP4 of the others. */
  gboolean vhs = g_str_equal (class_type, "VHS_VideoCombine");
  gboolean animated = vhs || strstr (class_type, "Animated") != NULL ||
                      g_str_equal (class_type, "SaveVideo") || g_str_equal (class_type, "SaveWEBM");
  gboolean webp = strstr (class_type, "WEBP") != NULL;
  const char *extension = audio ? "wav" : webp ? "webp" : "png";
  gboolean temp = g_str_has_prefix (class_type, "Preview");
  const char *type = temp ? "temp" : "output";
  g_autofree char *subfolder = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  KumoJson *output = kumo_json_new_object ();
  KumoJson *items = kumo_json_new_array ();
  const char *slash;
  guint64 seed;

  /* ComfyUI splits "video/LTX" into subfolder "video" and prefix "LTX". */
  slash = strrchr (prefix, '/');
  subfolder = slash ? g_strndup (prefix, slash - prefix) : g_strdup ("");
  stem = g_strdup (slash ? slash + 1 : prefix);

  self->counter++;
  if (self->faults.hostile_filenames)
    {
      g_free (subfolder);
      subfolder = g_strdup ("/etc/../../");
      filename = g_strdup_printf ("../../../../tmp/kumo-hostile-%u.%s", self->counter, extension);
    }
  else
    {
      filename = g_strdup_printf ("%s_%05u_.%s", stem, self->counter, extension);
    }

  graph_seed_and_text (job, &seed, &text);
  if (audio)
    bytes = kumo_emulator_make_wav (10, seed);
  else if (webp)
    bytes = kumo_emulator_make_animated_webp (MIN (self->image_size, 256), MIN (self->image_size, 256), 8, seed, text);
  else if (animated)
    bytes = kumo_emulator_make_apng (MIN (self->image_size, 256), MIN (self->image_size, 256), 8, seed, text);
  else
    bytes = kumo_emulator_make_png (self->image_size, self->image_size, seed, text);

  key = g_strdup_printf ("%s/%s/%s", type, subfolder, filename);
  g_hash_table_insert (self->files, g_steal_pointer (&key), g_steal_pointer (&bytes));

  kumo_json_array_append (items, file_item (filename, subfolder, type));
  if (vhs)
    {
      KumoJson *item = kumo_json_array_get (items, 0);

      kumo_json_object_set (item, "format", kumo_json_new_string ("image/png"));
      kumo_json_object_set (item, "frame_rate", kumo_json_new_int (8));
      kumo_json_object_set (output, "gifs", items);
    }
  else
    {
      kumo_json_object_set (output, audio ? "audio" : "images", items);
      if (animated)
        {
          KumoJson *flags = kumo_json_new_array ();

          kumo_json_array_append (flags, kumo_json_new_boolean (TRUE));
          kumo_json_object_set (output, "animated", flags);
        }
    }
  return output;
}

/* The job's record is written, then said: the end of ComfyUI's
 * task_done(), after which the next job starts. */
static void
write_history (KumoEmulator *self,
               Job          *job,
               const char   *status)
{
  KumoJson *done = job_data (job);

  g_free (job->status);
  job->status = g_strdup (status);
  job->source = 0;
  self->running--;

  send_status (self, NULL, NULL);
  kumo_json_object_set (done, "node", kumo_json_new_null ());
  send_event (self, job, "executing", done, FALSE);

  run_next (self);
}

static gboolean
write_history_cb (gpointer data)
{
  Job *job = data;

  write_history (job->emulator, job, "success");
  return G_SOURCE_REMOVE;
}

static void
finish_job (KumoEmulator *self,
            Job          *job,
            const char   *status)
{
  job->source = 0;

  if (!g_str_equal (status, "success"))
    {
      write_history (self, job, status);
      return;
    }

  g_free (self->last_prompt);
  self->last_prompt = kumo_json_to_string (job->prompt);
  g_clear_pointer (&self->last_outputs, kumo_json_free);
  self->last_outputs = kumo_json_copy (job->outputs);
  job->succeeded = TRUE;

  /* ComfyUI sends execution_success from the executor, before the
   * prompt worker writes the job into its history: a client that asks
   * for the record at once may find the job still running, without its
   * outputs. The emulator keeps that moment. The cloud's record says
   * success first (its documentation's client reads the outputs at
   * once). */
  if (self->flavor == KUMO_EMULATOR_CLOUD)
    {
      g_free (job->status);
      job->status = g_strdup ("success");
      send_job_event (self, job, "execution_success", job_data (job), TRUE);
      write_history (self, job, "success");
      return;
    }

  send_job_event (self, job, "execution_success", job_data (job), TRUE);
  if (self->faults.instant)
    write_history (self, job, "success");
  else
    job->source = g_timeout_add (MAX (self->step_ms, 1), write_history_cb, job);
}

/* execution_cached: every node when the prompt is the one that ran last,
 * else none. */
static void
send_cached (KumoEmulator *self,
             Job          *job)
{
  KumoJson *cached = job_data (job);
  KumoJson *nodes = kumo_json_new_array ();
  g_autofree char *text = kumo_json_to_string (job->prompt);

  job->reused = self->flavor == KUMO_EMULATOR_LOCAL && g_strcmp0 (text, self->last_prompt) == 0;
  for (guint i = 0; job->reused && i < kumo_json_object_get_size (job->prompt); i++)
    kumo_json_array_append (nodes, kumo_json_new_string (kumo_json_object_get_key (job->prompt, i)));

  kumo_json_object_set (cached, "nodes", nodes);
  send_job_event (self, job, "execution_cached", cached, TRUE);
}

/* Cached output nodes get no executing, but still an executed with
 * their earlier output (docs/protocol.md §5.4). */
static void
report_cached_outputs (KumoEmulator *self,
                       Job          *job)
{
  for (guint i = 0; i < kumo_json_object_get_size (self->last_outputs); i++)
    {
      const char *node_id = kumo_json_object_get_key (self->last_outputs, i);
      KumoJson *output = kumo_json_object_get_value (self->last_outputs, i);
      KumoJson *executed = job_data (job);

      kumo_json_object_set (job->outputs, node_id, kumo_json_copy (output));
      kumo_json_object_set (executed, "node", kumo_json_new_string (node_id));
      kumo_json_object_set (executed, "display_node", kumo_json_new_string (node_id));
      kumo_json_object_set (executed, "output", kumo_json_copy (output));
      send_event (self, job, "executed", executed, FALSE);
    }
}

static gboolean
tick_cb (gpointer data)
{
  Job *job = data;
  KumoEmulator *self = job->emulator;
  guint n_nodes = kumo_json_object_get_size (job->prompt);
  const char *node_id;
  KumoJson *node;
  const char *class_type;
  guint steps;

  if (!job->started)
    {
      job->started = TRUE;
      g_free (job->status);
      job->status = g_strdup ("executing");
      send_job_event (self, job, "execution_start", job_data (job), TRUE);
      send_cached (self, job);
      if (job->reused)
        {
          report_cached_outputs (self, job);
          finish_job (self, job, "success");
          return G_SOURCE_REMOVE;
        }
    }

  if (job->node_index >= n_nodes)
    {
      finish_job (self, job, "success");
      return G_SOURCE_REMOVE;
    }

  node_id = kumo_json_object_get_key (job->prompt, job->node_index);
  node = kumo_json_object_get_value (job->prompt, job->node_index);
  class_type = kumo_json_object_get_string_or (node, "class_type", "");
  steps = node_steps (self, node);

  if (job->step == 0)
    {
      KumoJson *executing = job_data (job);

      kumo_json_object_set (executing, "node", kumo_json_new_string (node_id));
      kumo_json_object_set (executing, "display_node", kumo_json_new_string (node_id));
      send_event (self, job, "executing", executing, FALSE);

      if (self->faults.silent_socket && job->node_index > 0)
        self->silenced = TRUE;

      if (self->faults.drop_socket_mid_job && !self->dropped_once && job->node_index > 0)
        {
          self->dropped_once = TRUE;
          kumo_emulator_drop_sockets (self);
        }
    }

  if (job->step == 0 && self->faults.fail_class != NULL && g_str_equal (class_type, self->faults.fail_class))
    {
      KumoJson *failure = job_data (job);
      KumoJson *traceback;

      kumo_json_object_set (failure, "node_id", kumo_json_new_string (node_id));
      kumo_json_object_set (failure, "node_type", kumo_json_new_string (class_type));
      kumo_json_object_set (failure, "executed", kumo_json_new_array ());
      kumo_json_object_set (failure, "exception_type", kumo_json_new_string ("torch.OutOfMemoryError"));
      kumo_json_object_set (failure, "exception_message", kumo_json_new_string ("Allocation on device failed"));
      /* Shaped as traceback.format_tb() makes it: a list of lines, each
       * ending in a newline. */
      traceback = kumo_json_new_array ();
      kumo_json_array_append (traceback, kumo_json_new_string (
        "  File \"/ComfyUI/execution.py\", line 496, in execute\n"
        "    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(...)\n"));
      kumo_json_array_append (traceback, kumo_json_new_string (
        "  File \"/ComfyUI/nodes.py\", line 1538, in sample\n"
        "    return common_ksampler(model, seed, steps, cfg, sampler_name, scheduler, positive, negative, ...)\n"));
      kumo_json_object_set (failure, "traceback", traceback);
      kumo_json_object_set (failure, "current_inputs", kumo_json_new_object ());
      kumo_json_object_set (failure, "current_outputs", kumo_json_new_array ());
      send_job_event (self, job, "execution_error", failure, TRUE);
      finish_job (self, job, "error");
      return G_SOURCE_REMOVE;
    }

  if (job->step < steps)
    {
      KumoJson *progress = job_data (job);
      g_autoptr(GBytes) preview = NULL;

      job->step++;
      kumo_json_object_set (progress, "value", kumo_json_new_int (job->step));
      kumo_json_object_set (progress, "max", kumo_json_new_int (steps));
      kumo_json_object_set (progress, "node", kumo_json_new_string (node_id));
      send_event (self, job, "progress", progress, job->client_id == NULL);
      send_progress_state (self, job, steps);

      preview = kumo_emulator_make_png (self->preview_size, self->preview_size, job->step, node_id);
      send_preview (self, job, node_id, preview);
      return G_SOURCE_CONTINUE;
    }

  /* SaveImageWebsocket (a node ComfyUI ships) saves nothing: it sends
   * each image, full size as a PNG, over the socket the way previews
   * go, and reports no output. */
  if (g_str_equal (class_type, "SaveImageWebsocket"))
    {
      g_autoptr(GBytes) image = NULL;
      g_autofree char *text = NULL;
      KumoJson *progress = job_data (job);
      guint64 seed;

      graph_seed_and_text (job, &seed, &text);
      image = kumo_emulator_make_png (self->image_size, self->image_size, seed, text);
      kumo_json_object_set (progress, "value", kumo_json_new_int (1));
      kumo_json_object_set (progress, "max", kumo_json_new_int (1));
      kumo_json_object_set (progress, "node", kumo_json_new_string (node_id));
      send_event (self, job, "progress", progress, job->client_id == NULL);
      send_preview (self, job, node_id, image);
    }
  else if (is_output_node (self, class_type))
    {
      KumoJson *output = make_outputs (self, job, class_type, node);
      KumoJson *executed = job_data (job);

      kumo_json_object_set (job->outputs, node_id, kumo_json_copy (output));
      kumo_json_object_set (executed, "node", kumo_json_new_string (node_id));
      kumo_json_object_set (executed, "display_node", kumo_json_new_string (node_id));
      kumo_json_object_set (executed, "output", output);
      send_event (self, job, "executed", executed, FALSE);
    }

  job->node_index++;
  job->step = 0;
  return G_SOURCE_CONTINUE;
}

static void
start_job (KumoEmulator *self,
           Job          *job)
{
  self->running++;
  g_free (job->status);
  job->status = g_strdup ("allocated");

  if (self->faults.instant)
    {
      /* Everything happens before the POST /prompt answer is sent. */
      while (tick_cb (job) == G_SOURCE_CONTINUE)
        ;
      return;
    }

  job->source = g_timeout_add (MAX (self->step_ms, 1), tick_cb, job);
}

static void
run_next (KumoEmulator *self)
{
  while (self->running < self->max_running && !g_queue_is_empty (self->pending))
    start_job (self, g_queue_pop_head (self->pending));
}

/* ---------------------------------------------------------------------- */
/* REST                                                                   */
/* ---------------------------------------------------------------------- */

static gboolean
is_uploaded (KumoEmulator *self,
             const char   *name)
{
  g_autofree char *key = g_strdup_printf ("input//%s", name);

  return g_hash_table_contains (self->files, key);
}

/* A file in the input folder is one of LoadImage's choices as soon as
 * it is there, whatever the node definitions fetched before said. */
static gboolean
in_input_folder_cb (const char *class_type,
                    const char *input_name,
                    const char *value,
                    gpointer    user_data)
{
  return is_uploaded (user_data, value);
}

/* ComfyUI's own validation (kumo-emulator-validate.c), never Kumo's:
 * the 400 answer, or %NULL with the node_errors of the 200 answer. */
static KumoJson *
validate (KumoEmulator  *self,
          KumoJson      *prompt,
          KumoJson     **node_errors)
{
  /* Without node definitions there is nothing to check against. */
  if (self->object_info == NULL)
    {
      *node_errors = kumo_json_new_object ();
      return NULL;
    }

  return kumo_emulator_validate_prompt (self->object_info, prompt, NULL, in_input_folder_cb, self,
                                        node_errors, NULL);
}

/* What the server keeps of extra_data: everything but the keys (ComfyUI
 * stores those apart and never lists them), with the time it came. */
static KumoJson *
kept_extra_data (KumoJson *request)
{
  KumoJson *sent = kumo_json_object_get_typed (request, "extra_data", KUMO_JSON_OBJECT);
  KumoJson *kept = sent ? kumo_json_copy (sent) : kumo_json_new_object ();

  kumo_json_object_remove (kept, "api_key_comfy_org");
  kumo_json_object_remove (kept, "auth_token_comfy_org");
  kumo_json_object_set (kept, "create_time", kumo_json_new_int (now_ms ()));
  return kept;
}

static void
handle_prompt_post (KumoEmulator      *self,
                    SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(KumoJson) request = kumo_json_parse (bytes, NULL);
  g_autoptr(KumoJson) rejection = NULL;
  g_autoptr(KumoJson) answer = NULL;
  KumoJson *node_errors = NULL;
  KumoJson *prompt = request ? kumo_json_object_get_typed (request, "prompt", KUMO_JSON_OBJECT) : NULL;
  const char *prompt_id = request ? kumo_json_object_get_string_or (request, "prompt_id", NULL) : NULL;
  Job *job;

  if (prompt == NULL)
    {
      respond_text (msg, 400, "{\"error\": {\"type\": \"no_prompt\", \"message\": \"No prompt provided\", "
                              "\"details\": \"No prompt provided\", \"extra_info\": {}}, \"node_errors\": {}}");
      return;
    }

  if (prompt_id != NULL && (self->flavor == KUMO_EMULATOR_CLOUD || !g_uuid_string_is_valid (prompt_id)))
    prompt_id = NULL;

  /* A full queue takes nothing: the client is to come back later. */
  if (self->faults.queue_full > 0)
    {
      g_autofree char *retry = NULL;

      self->faults.queue_full--;
      if (self->faults.retry_after > 0)
        {
          retry = g_strdup_printf ("%u", self->faults.retry_after);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
        }
      respond_text (msg, 429, "{\"error\": {\"type\": \"QUEUE_LIMIT\", \"message\": \"Too many jobs in the queue\"}}");
      return;
    }

  rejection = validate (self, prompt, &node_errors);
  if (rejection != NULL)
    {
      respond_json (msg, 400, rejection);
      return;
    }

  job = g_new0 (Job, 1);
  job->emulator = self;
  job->id = prompt_id ? g_strdup (prompt_id) : new_uuid ();
  job->client_id = g_strdup (kumo_json_object_get_string_or (request, "client_id", NULL));
  if (self->flavor == KUMO_EMULATOR_CLOUD)
    g_clear_pointer (&job->client_id, g_free);
  job->prompt = kumo_json_copy (prompt);
  job->extra_data = kept_extra_data (request);
  job->outputs = kumo_json_new_object ();
  job->status = g_strdup ("submitted");
  job->number = g_hash_table_size (self->jobs);
  job->create_ms = now_ms ();
  job->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
  g_hash_table_insert (self->jobs, job->id, job);

  g_queue_push_tail (self->pending, job);
  if (self->running >= self->max_running)
    {
      g_free (job->status);
      job->status = g_strdup ("queued_limited");
    }
  send_status (self, NULL, NULL);
  run_next (self);

  /* The job is queued, but its answer never reaches the client: the
   * connection breaks first. */
  if (self->faults.lose_answers > 0)
    {
      GIOStream *stream;

      self->faults.lose_answers--;
      kumo_json_free (node_errors);
      stream = soup_server_message_steal_connection (msg);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      return;
    }

  answer = kumo_json_new_object ();
  kumo_json_object_set (answer, "prompt_id", kumo_json_new_string (job->id));
  kumo_json_object_set (answer, "number", kumo_json_new_int ((gint64) job->number));
  kumo_json_object_set (answer, "node_errors", node_errors);
  respond_json (msg, 200, answer);
}

static const char *
friendly_status (Job *job)
{
  if (g_str_equal (job->status, "success"))
    return "completed";
  if (g_str_equal (job->status, "error"))
    return "failed";
  if (g_str_equal (job->status, "cancelled"))
    return "cancelled";
  if (g_str_equal (job->status, "executing"))
    return "in_progress";
  return "pending";
}

static gboolean
is_finished (Job *job)
{
  return g_str_equal (job->status, "success") || g_str_equal (job->status, "error") ||
         g_str_equal (job->status, "cancelled");
}

static KumoJson *
history_entry (KumoEmulator *self,
               Job          *job)
{
  KumoJson *entry = kumo_json_new_object ();
  KumoJson *status = kumo_json_new_object ();
  KumoJson *messages = kumo_json_new_array ();

  for (guint i = 0; i < job->messages->len; i++)
    kumo_json_array_append (messages, kumo_json_copy (g_ptr_array_index (job->messages, i)));

  if (self->flavor == KUMO_EMULATOR_LOCAL)
    {
      KumoJson *tuple = kumo_json_new_array ();

      kumo_json_array_append (tuple, kumo_json_new_int ((gint64) job->number));
      kumo_json_array_append (tuple, kumo_json_new_string (job->id));
      kumo_json_array_append (tuple, kumo_json_copy (job->prompt));
      kumo_json_array_append (tuple, kumo_json_copy (job->extra_data));
      kumo_json_array_append (tuple, kumo_json_new_array ());
      kumo_json_object_set (entry, "prompt", tuple);
    }
  else
    {
      KumoJson *prompt = kumo_json_new_object ();

      kumo_json_object_set (prompt, "prompt_id", kumo_json_new_string (job->id));
      kumo_json_object_set (prompt, "prompt", kumo_json_copy (job->prompt));
      kumo_json_object_set (prompt, "extra_data", kumo_json_copy (job->extra_data));
      kumo_json_object_set (entry, "prompt", prompt);
    }

  kumo_json_object_set (entry, "outputs", kumo_json_copy (job->outputs));
  kumo_json_object_set (status, "status_str", kumo_json_new_string (g_str_equal (job->status, "success") ? "success" : "error"));
  kumo_json_object_set (status, "completed", kumo_json_new_boolean (g_str_equal (job->status, "success")));
  kumo_json_object_set (status, "messages", messages);
  kumo_json_object_set (entry, "status", status);
  kumo_json_object_set (entry, "meta", kumo_json_new_object ());
  return entry;
}

/* A job as the jobs API lists it; @detail adds its record: outputs,
 * and the workflow as sent with its extra_data. */
static KumoJson *
job_json (Job      *job,
          gboolean  detail)
{
  KumoJson *json = kumo_json_new_object ();

  kumo_json_object_set (json, "id", kumo_json_new_string (job->id));
  kumo_json_object_set (json, "status", kumo_json_new_string (friendly_status (job)));
  kumo_json_object_set (json, "priority", kumo_json_new_int ((gint64) job->number));
  kumo_json_object_set (json, "create_time", kumo_json_new_int (job->create_ms));
  kumo_json_object_set (json, "outputs_count",
                        kumo_json_new_int (is_finished (job) ? kumo_json_object_get_size (job->outputs) : 0));

  if (detail)
    {
      KumoJson *workflow = kumo_json_new_object ();

      if (is_finished (job))
        kumo_json_object_set (json, "outputs", kumo_json_copy (job->outputs));
      kumo_json_object_set (workflow, "prompt", kumo_json_copy (job->prompt));
      kumo_json_object_set (workflow, "extra_data", kumo_json_copy (job->extra_data));
      kumo_json_object_set (json, "workflow", workflow);
    }

  return json;
}

static gint
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Job *ja = *(const Job * const *) a;
  const Job *jb = *(const Job * const *) b;

  if (ja->create_ms != jb->create_ms)
    return ja->create_ms > jb->create_ms ? -1 : 1;
  if (ja->number != jb->number)
    return ja->number > jb->number ? -1 : 1;
  return 0;
}

static guint
query_uint (GHashTable *query,
            const char *name,
            guint       fallback)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return fallback;
  return (guint) value;
}

/* GET /api/jobs: every job, pending ones too, newest first unless asked
 * otherwise, a page at a time. */
static void
handle_jobs_list (KumoEmulator      *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(KumoJson) answer = kumo_json_new_object ();
  KumoJson *jobs = kumo_json_new_array ();
  KumoJson *pagination = kumo_json_new_object ();
  const char *order = query ? g_hash_table_lookup (query, "sort_order") : NULL;
  const char *status = query ? g_hash_table_lookup (query, "status") : NULL;
  guint offset = query_uint (query, "offset", 0);
  guint limit = query_uint (query, "limit", self->flavor == KUMO_EMULATOR_CLOUD ? 100 : G_MAXUINT);
  GHashTableIter iter;
  Job *job;
  guint end;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    {
      g_auto(GStrv) wanted = status ? g_strsplit (status, ",", -1) : NULL;

      if (wanted == NULL || g_strv_contains ((const char * const *) wanted, friendly_status (job)))
        g_ptr_array_add (all, job);
    }

  g_ptr_array_sort (all, newest_first);
  if (g_strcmp0 (order, "asc") == 0)
    for (guint i = 0; i < all->len / 2; i++)
      {
        gpointer t = all->pdata[i];

        all->pdata[i] = all->pdata[all->len - 1 - i];
        all->pdata[all->len - 1 - i] = t;
      }

  end = (guint) MIN ((guint64) offset + limit, all->len);
  for (guint i = offset; i < end; i++)
    kumo_json_array_append (jobs, job_json (g_ptr_array_index (all, i), FALSE));

  kumo_json_object_set (pagination, "offset", kumo_json_new_int (offset));
  kumo_json_object_set (pagination, "limit", limit == G_MAXUINT ? kumo_json_new_null () : kumo_json_new_int (limit));
  kumo_json_object_set (pagination, "total", kumo_json_new_int (all->len));
  kumo_json_object_set (pagination, "has_more", kumo_json_new_boolean (end < all->len));
  kumo_json_object_set (answer, "jobs", jobs);
  kumo_json_object_set (answer, "pagination", pagination);
  respond_json (msg, 200, answer);
}

/* GET /history (local: {id: entry}, oldest first, the last max_items)
 * and GET /api/history_v2 (cloud: {"history": [entry]}, newest first). */
static void
handle_history_list (KumoEmulator      *self,
                     SoupServerMessage *msg,
                     GHashTable        *query)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  g_autoptr(KumoJson) answer = kumo_json_new_object ();
  guint max_items = query_uint (query, "max_items", G_MAXUINT);
  GHashTableIter iter;
  Job *job;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (is_finished (job))
      g_ptr_array_add (done, job);
  g_ptr_array_sort (done, newest_first);

  if (self->flavor == KUMO_EMULATOR_CLOUD)
    {
      KumoJson *list = kumo_json_new_array ();

      for (guint i = 0; i < MIN (done->len, max_items); i++)
        {
          KumoJson *entry = history_entry (self, g_ptr_array_index (done, i));

          kumo_json_object_set (entry, "prompt_id", kumo_json_new_string (((Job *) g_ptr_array_index (done, i))->id));
          kumo_json_array_append (list, entry);
        }
      kumo_json_object_set (answer, "history", list);
    }
  else
    {
      for (guint i = MIN (done->len, max_items); i > 0; i--)
        {
          job = g_ptr_array_index (done, i - 1);
          kumo_json_object_set (answer, job->id, history_entry (self, job));
        }
    }

  respond_json (msg, 200, answer);
}

/* Hangs up after the headers for the whole range and half of its bytes:
 * a connection lost in the middle of a download. */
static void
cut_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);

  /* A stalled download keeps the connection open and says nothing more;
   * the stream stays referenced, by the emulator, until it goes. */
  if (g_object_get_data (G_OBJECT (stream), "kumo-stall") == NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
serve_cut (KumoEmulator      *self,
           SoupServerMessage *msg,
           const char        *content_type,
           GBytes            *bytes,
           goffset            start,
           gboolean           stall)
{
  gsize size = g_bytes_get_size (bytes);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  GIOStream *stream = soup_server_message_steal_connection (msg);
  GString *raw = g_string_new (NULL);
  gsize len;

  if (start > 0)
    g_string_append_printf (raw, "HTTP/1.1 206 Partial Content\r\n"
                                 "Content-Range: bytes %" G_GOFFSET_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n",
                            start, size - 1, size);
  else
    g_string_append (raw, "HTTP/1.1 200 OK\r\n");
  g_string_append_printf (raw, "Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                               "Accept-Ranges: bytes\r\nConnection: close\r\n\r\n",
                          content_type, size - start);
  g_string_append_len (raw, (const char *) data + start, (size - start) / 2);

  len = raw->len;
  g_object_set_data_full (G_OBJECT (stream), "kumo-cut-body", g_string_free (raw, FALSE), g_free);
  if (stall)
    {
      g_object_set_data (G_OBJECT (stream), "kumo-stall", GINT_TO_POINTER (TRUE));
      g_ptr_array_add (self->stalled, g_object_ref (stream));
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_object_get_data (G_OBJECT (stream), "kumo-cut-body"), len,
                                   G_PRIORITY_DEFAULT, NULL, cut_written_cb, stream);
}

/* Sends a stored file, or the part a Range header asks for, as both
 * ComfyUI (aiohttp) and the storage host behind Comfy Cloud do. */
static void
serve_file (KumoEmulator      *self,
            SoupServerMessage *msg,
            const char        *name,
            GBytes            *bytes)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *content_type = g_str_has_suffix (name, ".wav") ? "audio/wav" :
                             g_str_has_suffix (name, ".webp") ? "image/webp" : "image/png";
  gsize size = g_bytes_get_size (bytes);
  SoupRange *ranges = NULL;
  int n_ranges = 0;
  goffset start = 0;

  if (soup_message_headers_get_ranges (request, size, &ranges, &n_ranges))
    {
      /* Clients resume with one open range, "bytes=N-". */
      start = ranges[0].start;
      soup_message_headers_free_ranges (request, ranges);
    }

  if ((self->faults.cut_downloads > 0 || self->faults.stall_downloads > 0) && (gsize) start < size)
    {
      gboolean stall = self->faults.cut_downloads == 0;

      if (stall)
        self->faults.stall_downloads--;
      else
        self->faults.cut_downloads--;
      serve_cut (self, msg, content_type, bytes, start, stall);
      return;
    }

  soup_message_headers_replace (response, "Accept-Ranges", "bytes");

  /* A cache that mixes up offsets: a 206 as long as the rest that was
   * asked for, but from the start of the file, saying so. */
  if (start > 0 && self->faults.misplaced_ranges > 0)
    {
      self->faults.misplaced_ranges--;
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_range (response, 0, size - start - 1, size);
      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), size - start);
      return;
    }

  if (start > 0)
    {
      self->n_partial++;
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_range (response, start, size - 1, size);
    }
  else
    soup_server_message_set_status (msg, 200, NULL);

  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    (const char *) g_bytes_get_data (bytes, NULL) + start, size - start);
}

static void
handle_view (KumoEmulator      *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *filename = query ? g_hash_table_lookup (query, "filename") : NULL;
  const char *subfolder = query && g_hash_table_lookup (query, "subfolder") ? g_hash_table_lookup (query, "subfolder") : "";
  const char *type = query && g_hash_table_lookup (query, "type") ? g_hash_table_lookup (query, "type") : "output";
  g_autofree char *key = NULL;
  GBytes *bytes;

  if (filename == NULL)
    {
      soup_server_message_set_status (msg, 400, NULL);
      return;
    }

  key = g_strdup_printf ("%s/%s/%s", type, subfolder, filename);
  bytes = g_hash_table_lookup (self->files, key);
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  if (self->faults.fail_downloads > 0)
    {
      self->faults.fail_downloads--;
      soup_server_message_set_status (msg, 503, NULL);
      return;
    }

  if (self->flavor == KUMO_EMULATOR_CLOUD)
    {
      /* A signed URL on another host, which must be fetched without the
       * key. Storage is content-addressed: the path is an opaque id,
       * never the names the workflow chose. */
      g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
      g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u/blob/%s?sig=%08x",
                                                   self->storage_port, id, g_str_hash (key));

      g_hash_table_replace (self->blobs, g_strdup (id), g_strdup (key));

      soup_server_message_set_redirect (msg, 302, location);
      return;
    }

  serve_file (self, msg, filename, bytes);
}

/* Without "overwrite", ComfyUI keeps the name of a file it already has
 * the same bytes of, and numbers a different file of the same name:
 * "photo (1).png". */
static char *
local_upload_name (KumoEmulator *self,
                   const char   *name,
                   GBytes       *image)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot ? g_strndup (name, dot - name) : g_strdup (name);

  for (guint n = 0; ; n++)
    {
      g_autofree char *candidate = n == 0 ? g_strdup (name)
                                          : g_strdup_printf ("%s (%u)%s", stem, n, dot ? dot : "");
      g_autofree char *key = g_strdup_printf ("input//%s", candidate);
      GBytes *there = g_hash_table_lookup (self->files, key);

      if (there == NULL || g_bytes_equal (there, image))
        return g_steal_pointer (&candidate);
    }
}

static void
handle_upload (KumoEmulator      *self,
               SoupServerMessage *msg,
               gboolean           mask)
{
  gboolean has_original_ref = FALSE;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  SoupMultipart *multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), bytes);
  g_autoptr(KumoJson) answer = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  GBytes *image = NULL;

  for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *part;
      g_autoptr(GHashTable) params = NULL;

      if (!soup_multipart_get_part (multipart, i, &headers, &part))
        continue;
      if (soup_message_headers_get_content_disposition (headers, NULL, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "image") == 0)
        {
          image = part;
          name = g_strdup (g_hash_table_lookup (params, "filename"));
        }
      else if (params != NULL && g_strcmp0 (g_hash_table_lookup (params, "name"), "original_ref") == 0)
        {
          g_autoptr(KumoJson) ref = kumo_json_parse (part, NULL);

          has_original_ref = ref != NULL && kumo_json_object_get_string_or (ref, "filename", NULL) != NULL;
        }
    }

  /* The cloud requires original_ref for a mask (docs/protocol.md §8.4). */
  if (image == NULL || (mask && !has_original_ref))
    {
      g_clear_pointer (&multipart, soup_multipart_free);
      soup_server_message_set_status (msg, 400, NULL);
      return;
    }

  /* Cloud names uploads by content; local keeps the file name. */
  if (self->flavor == KUMO_EMULATOR_CLOUD)
    {
      g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image);
      const char *dot = name ? strrchr (name, '.') : NULL;
      char *hashed = g_strconcat (hash, dot ? dot : "", NULL);

      g_free (name);
      name = hashed;
    }
  else
    {
      char *free_name = local_upload_name (self, name ? name : "upload.png", image);

      g_free (name);
      name = free_name;
    }

  key = g_strdup_printf ("input//%s", name);
  g_hash_table_insert (self->files, g_steal_pointer (&key), g_bytes_ref (image));
  soup_multipart_free (multipart);
  self->n_uploads++;

  answer = kumo_json_new_object ();
  kumo_json_object_set (answer, "name", kumo_json_new_string (name));
  kumo_json_object_set (answer, "subfolder", kumo_json_new_string (""));
  kumo_json_object_set (answer, "type", kumo_json_new_string ("input"));
  respond_json (msg, 200, answer);
}

static void
handle_system_stats (KumoEmulator      *self,
                     SoupServerMessage *msg)
{
  g_autoptr(KumoJson) stats = kumo_json_parse_data (
    "{\"system\": {\"os\": \"posix\", \"python_version\": \"3.12\", \"embedded_python\": false,"
    " \"comfyui_version\": \"0.24.0\", \"pytorch_version\": \"2.7\", \"argv\": [\"main.py\"],"
    " \"ram_total\": 34359738368, \"ram_free\": 17179869184},"
    " \"devices\": [{\"name\": \"emulated\", \"type\": \"cpu\", \"index\": 0, \"vram_total\": 0, \"vram_free\": 0,"
    " \"torch_vram_total\": 0, \"torch_vram_free\": 0}]}", -1, NULL);

  if (self->flavor == KUMO_EMULATOR_CLOUD)
    kumo_json_object_set (kumo_json_object_get (stats, "system"), "cloud_version", kumo_json_new_string ("emulated"));

  respond_json (msg, 200, stats);
}

static void
handle_object_info (KumoEmulator      *self,
                    SoupServerMessage *msg,
                    const char        *class_name)
{
  GBytes *bytes = self->object_info_bytes;

  if (class_name != NULL)
    {
      g_autoptr(KumoJson) one = kumo_json_new_object ();
      KumoJson *info = kumo_json_object_get (self->object_info, class_name);

      if (self->flavor == KUMO_EMULATOR_CLOUD)
        {
          respond_text (msg, 404, "{\"code\": \"NOT_FOUND\", \"message\": \"use /api/object_info\"}");
          return;
        }

      if (info != NULL)
        kumo_json_object_set (one, class_name, kumo_json_copy (info));
      respond_json (msg, 200, one);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  if (bytes != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

static void
handle_queue (KumoEmulator      *self,
              SoupServerMessage *msg)
{
  g_autoptr(KumoJson) answer = kumo_json_new_object ();
  KumoJson *running = kumo_json_new_array ();
  KumoJson *pending = kumo_json_new_array ();
  GHashTableIter iter;
  Job *job;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    {
      KumoJson *tuple;

      if (is_finished (job))
        continue;

      /* Local: [number, id, prompt, extra_data, outputs]; the cloud has
       * no extra_data there: [position, id, prompt, outputs, times]. */
      tuple = kumo_json_new_array ();
      kumo_json_array_append (tuple, kumo_json_new_int ((gint64) job->number));
      kumo_json_array_append (tuple, kumo_json_new_string (job->id));
      kumo_json_array_append (tuple, kumo_json_copy (job->prompt));
      if (self->flavor == KUMO_EMULATOR_CLOUD)
        {
          KumoJson *times = kumo_json_new_object ();

          kumo_json_object_set (times, "create_time", kumo_json_new_int (job->create_ms));
          kumo_json_array_append (tuple, kumo_json_new_array ());
          kumo_json_array_append (tuple, times);
        }
      else
        {
          kumo_json_array_append (tuple, kumo_json_copy (job->extra_data));
          kumo_json_array_append (tuple, kumo_json_new_array ());
        }
      kumo_json_array_append (job->started ? running : pending, tuple);
    }

  kumo_json_object_set (answer, "queue_running", running);
  kumo_json_object_set (answer, "queue_pending", pending);
  respond_json (msg, 200, answer);
}

static void
handle_queue_post (KumoEmulator      *self,
                   SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(KumoJson) request = kumo_json_parse (bytes, NULL);
  KumoJson *ids = request ? kumo_json_object_get_typed (request, "delete", KUMO_JSON_ARRAY) : NULL;

  for (guint i = 0; i < kumo_json_array_get_length (ids); i++)
    {
      const char *id = kumo_json_get_string (kumo_json_array_get (ids, i));
      Job *job = id ? g_hash_table_lookup (self->jobs, id) : NULL;

      /* Only pending jobs leave the queue. */
      if (job != NULL && !job->started && g_queue_remove (self->pending, job))
        {
          g_free (job->status);
          job->status = g_strdup ("cancelled");
        }
    }

  soup_server_message_set_status (msg, 200, NULL);
}

/* A running job stops where it is, and says so. */
static void
interrupt_job (KumoEmulator *self,
               Job          *job)
{
  KumoJson *data = job_data (job);
  guint last = kumo_json_object_get_size (job->prompt) - 1;

  g_clear_handle_id (&job->source, g_source_remove);
  kumo_json_object_set (data, "node_id",
                        kumo_json_new_string (kumo_json_object_get_key (job->prompt, MIN (job->node_index, last))));
  kumo_json_object_set (data, "executed", kumo_json_new_array ());
  kumo_json_object_set (data, "timestamp", kumo_json_new_int (now_ms ()));
  record (job, "execution_interrupted", kumo_json_copy (data));
  send_event (self, job, "execution_interrupted", data, job->client_id == NULL);
  finish_job (self, job, "cancelled");
}

/* Cloud's POST /api/jobs/{id}/cancel: pending or running, this job only;
 * {"cancelled": false} when it had already ended. */
static void
handle_job_cancel (KumoEmulator      *self,
                   SoupServerMessage *msg,
                   const char        *id)
{
  Job *job = g_hash_table_lookup (self->jobs, id);
  gboolean cancelled = FALSE;

  if (job == NULL)
    {
      respond_text (msg, 404, "{\"code\": \"NOT_FOUND\", \"message\": \"Job not found\"}");
      return;
    }

  if (!is_finished (job) && job->started && !job->succeeded)
    {
      interrupt_job (self, job);
      cancelled = TRUE;
    }
  else if (!is_finished (job) && g_queue_remove (self->pending, job))
    {
      g_free (job->status);
      job->status = g_strdup ("cancelled");
      cancelled = TRUE;
    }

  respond_text (msg, 200, cancelled ? "{\"cancelled\": true}" : "{\"cancelled\": false}");
}

static void
handle_interrupt (KumoEmulator      *self,
                  SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(KumoJson) request = kumo_json_parse (bytes, NULL);
  const char *only = request ? kumo_json_object_get_string_or (request, "prompt_id", NULL) : NULL;
  GHashTableIter iter;
  Job *job;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    {
      if (!job->started || job->succeeded || is_finished (job) || (only && g_strcmp0 (only, job->id) != 0))
        continue;

      interrupt_job (self, job);
    }

  soup_server_message_set_status (msg, 200, NULL);
}

static gboolean
refuse_if_asked (KumoEmulator      *self,
                 SoupServerMessage *msg,
                 const char        *route)
{
  g_autofree char *retry = NULL;

  /* A server that is still starting: the first request of each kind
   * (method and route, ids aside) meets a 503. */
  if (self->faults.first_of_each_503)
    {
      const char *slash = strchr (route + 1, '/');
      g_autofree char *kind = g_strdup_printf ("%s %.*s", soup_server_message_get_method (msg),
                                               slash ? (int) (slash - route) : (int) strlen (route), route);

      if (!g_hash_table_contains (self->routes_refused, kind))
        {
          g_hash_table_add (self->routes_refused, g_steal_pointer (&kind));
          soup_server_message_set_status (msg, 503, NULL);
          return TRUE;
        }
    }

  if (self->faults.refuse_count == 0)
    return FALSE;

  self->faults.refuse_count--;
  if (self->faults.retry_after > 0)
    {
      retry = g_strdup_printf ("%u", self->faults.retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
    }

  if (self->faults.refuse_status == 429)
    respond_text (msg, 429, "{\"error\": {\"type\": \"QUEUE_LIMIT\", \"message\": \"Too many jobs in the queue\"}}");
  else
    soup_server_message_set_status (msg, self->faults.refuse_status ? self->faults.refuse_status : 503, NULL);

  return TRUE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  KumoEmulator *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  const char *route = path;
  Job *job;

  /* Local ComfyUI serves every route with and without /api; the cloud
   * only under /api. */
  if (g_str_has_prefix (path, "/api/"))
    route = path + 4;
  else if (self->flavor == KUMO_EMULATOR_CLOUD)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  if (self->flavor == KUMO_EMULATOR_CLOUD && !g_str_equal (route, "/system_stats") &&
      !g_str_equal (route, "/features") && !authorized (self, msg, NULL))
    {
      respond_text (msg, 401, "{\"code\": \"UNAUTHORIZED\", \"message\": \"Invalid or missing API key\"}");
      return;
    }

  /* A billing gate: a 429 that passes with no time. */
  if (self->flavor == KUMO_EMULATOR_CLOUD && self->faults.no_api_access &&
      !g_str_equal (route, "/system_stats") && !g_str_equal (route, "/features"))
    {
      respond_text (msg, 429, "{\"error\": {\"type\": \"FREE_TIER_UNAVAILABLE\", "
                              "\"message\": \"API access requires a paid subscription\"}}");
      return;
    }

  if (refuse_if_asked (self, msg, route))
    return;

  if (g_str_equal (route, "/prompt") && post)
    handle_prompt_post (self, msg);
  else if (g_str_equal (route, "/prompt"))
    {
      g_autofree char *text = g_strdup_printf ("{\"exec_info\": {\"queue_remaining\": %u}}",
                                               self->running + g_queue_get_length (self->pending));
      respond_text (msg, 200, text);
    }
  else if (g_str_equal (route, "/system_stats"))
    handle_system_stats (self, msg);
  else if (g_str_equal (route, "/features"))
    respond_text (msg, 200, "{\"supports_preview_metadata\": true, \"max_upload_size\": 104857600}");
  else if (g_str_equal (route, "/object_info"))
    handle_object_info (self, msg, NULL);
  else if (g_str_has_prefix (route, "/object_info/"))
    handle_object_info (self, msg, route + strlen ("/object_info/"));
  else if (g_str_equal (route, "/view"))
    handle_view (self, msg, query);
  else if ((g_str_equal (route, "/upload/image") || g_str_equal (route, "/upload/mask")) && post)
    handle_upload (self, msg, g_str_equal (route, "/upload/mask"));
  else if (g_str_equal (route, "/queue") && post)
    handle_queue_post (self, msg);
  else if (g_str_equal (route, "/queue"))
    handle_queue (self, msg);
  else if (g_str_equal (route, "/interrupt") && post)
    handle_interrupt (self, msg);
  else if (g_str_equal (route, "/user"))
    respond_text (msg, 200, "{\"status\": \"active\", \"id\": \"emulated-user\"}");
  else if ((g_str_equal (route, "/history") && self->flavor == KUMO_EMULATOR_LOCAL) ||
           (g_str_equal (route, "/history_v2") && self->flavor == KUMO_EMULATOR_CLOUD))
    handle_history_list (self, msg, query);
  else if (g_str_equal (route, "/jobs") && !self->faults.no_jobs_api)
    handle_jobs_list (self, msg, query);
  else if (g_str_has_prefix (route, "/history/") || g_str_has_prefix (route, "/history_v2/"))
    {
      const char *id = strrchr (route, '/') + 1;
      g_autoptr(KumoJson) answer = kumo_json_new_object ();

      job = g_hash_table_lookup (self->jobs, id);
      /* Unknown: 404 from the cloud; unknown or unfinished: {} with 200,
       * as ComfyUI does. */
      if (job == NULL && self->flavor == KUMO_EMULATOR_CLOUD)
        {
          respond_text (msg, 404, "{\"code\": \"NOT_FOUND\", \"message\": \"Job not found\"}");
          return;
        }
      if (job != NULL && is_finished (job))
        kumo_json_object_set (answer, job->id, history_entry (self, job));
      respond_json (msg, 200, answer);
    }
  else if (g_str_has_prefix (route, "/jobs/") && self->faults.no_jobs_api)
    soup_server_message_set_status (msg, 404, NULL);
  else if (g_str_has_prefix (route, "/jobs/") && g_str_has_suffix (route, "/cancel") && post &&
           self->flavor == KUMO_EMULATOR_CLOUD)
    {
      g_autofree char *id = g_strndup (route + 6, strlen (route) - 6 - strlen ("/cancel"));
      handle_job_cancel (self, msg, id);
    }
  else if (g_str_has_prefix (route, "/jobs/") && (job = g_hash_table_lookup (self->jobs, route + strlen ("/jobs/"))))
    {
      g_autoptr(KumoJson) detail = job_json (job, TRUE);
      respond_json (msg, 200, detail);
    }
  else if (g_str_has_prefix (route, "/job/") && g_str_has_suffix (route, "/status") && self->flavor == KUMO_EMULATOR_CLOUD)
    {
      g_autofree char *id = g_strndup (route + 5, strlen (route) - 5 - strlen ("/status"));
      g_autoptr(KumoJson) answer = kumo_json_new_object ();

      job = g_hash_table_lookup (self->jobs, id);
      if (job == NULL)
        {
          respond_text (msg, 404, "{\"code\": \"NOT_FOUND\", \"message\": \"Job not found\"}");
          return;
        }
      kumo_json_object_set (answer, "id", kumo_json_new_string (job->id));
      kumo_json_object_set (answer, "status", kumo_json_new_string (job->status));
      kumo_json_object_set (answer, "created_at", kumo_json_new_string ("2026-11-28T00:00:00Z"));
      kumo_json_object_set (answer, "updated_at", kumo_json_new_string ("2026-11-28T00:00:00Z"));
      respond_json (msg, 200, answer);
    }
  else if (g_str_has_prefix (route, "/jobs/"))
    respond_text (msg, 404, "{\"error\": \"Job not found\"}");
  else
    soup_server_message_set_status (msg, 404, NULL);
}

/* The storage host behind signed URLs: it must never see the API key. */
static void
storage_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  KumoEmulator *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *key = NULL;
  GBytes *bytes;

  if (soup_message_headers_get_one (headers, "X-API-Key") != NULL)
    {
      self->key_leaks++;
      /* Counted for tests; the program reports the total when it exits. */
      g_debug ("the storage host received an X-API-Key header");
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Only one auth mechanism allowed", 31);
      return;
    }

  if (!g_str_has_prefix (path, "/blob/") || query == NULL || g_hash_table_lookup (query, "sig") == NULL)
    {
      soup_server_message_set_status (msg, 403, NULL);
      return;
    }

  key = g_strdup (g_hash_table_lookup (self->blobs, path + strlen ("/blob/")));
  bytes = key ? g_hash_table_lookup (self->files, key) : NULL;
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  serve_file (self, msg, key, bytes);
}

/* ---------------------------------------------------------------------- */
/* Installed models                                                       */
/* ---------------------------------------------------------------------- */

/* Which model folder each core loader lists, as ComfyUI's nodes.py and
 * comfy_extras name them (folder_paths.get_filename_list). */
static const struct {
  const char *class_type;
  const char *input;
  const char *folder;
} loaders[] = {
  { "CheckpointLoaderSimple", "ckpt_name", "checkpoints" },
  { "CheckpointLoader", "ckpt_name", "checkpoints" },
  { "ImageOnlyCheckpointLoader", "ckpt_name", "checkpoints" },
  { "unCLIPCheckpointLoader", "ckpt_name", "checkpoints" },
  { "VAELoader", "vae_name", "vae" },
  { "UNETLoader", "unet_name", "diffusion_models" },
  { "CLIPLoader", "clip_name", "text_encoders" },
  { "DualCLIPLoader", "clip_name1", "text_encoders" },
  { "DualCLIPLoader", "clip_name2", "text_encoders" },
  { "TripleCLIPLoader", "clip_name1", "text_encoders" },
  { "TripleCLIPLoader", "clip_name2", "text_encoders" },
  { "TripleCLIPLoader", "clip_name3", "text_encoders" },
  { "LoraLoader", "lora_name", "loras" },
  { "LoraLoaderModelOnly", "lora_name", "loras" },
  { "ControlNetLoader", "control_net_name", "controlnet" },
  { "DiffControlNetLoader", "control_net_name", "controlnet" },
  { "UpscaleModelLoader", "model_name", "upscale_models" },
  { "LatentUpscaleModelLoader", "model_name", "latent_upscale_models" },
  { "CLIPVisionLoader", "clip_name", "clip_vision" },
  { "StyleModelLoader", "style_model_name", "style_models" },
};

/* The model files the workflows in ../shared/fixtures and the peers'
 * workflow load, so that what `build-aux/dev run` opens runs. */
static const char * const default_models[] = {
  "checkpoints/v1-5-pruned-emaonly.safetensors",
  "checkpoints/dreamshaper_8.safetensors",
  "checkpoints/sd_xl_base_1.0.safetensors",
  "checkpoints/sd_xl_refiner_1.0.safetensors",
  "checkpoints/flux1-dev-fp8.safetensors",
  "checkpoints/ltx-video-2b-v0.9.1.safetensors",
  "diffusion_models/flux1-fill-dev.safetensors",
  "diffusion_models/acestep_v1.5_turbo.safetensors",
  "diffusion_models/ltx-2.5-22b-distilled-transformer-comfy-int8-convrot.safetensors",
  "vae/ae.safetensors",
  "vae/ace_1.5_vae.safetensors",
  "vae/ltx-2.5-audio-vae-bf16.safetensors",
  "vae/ltx-2.5-video-vae-bf16.safetensors",
  "text_encoders/clip_l.safetensors",
  "text_encoders/t5xxl_fp16.safetensors",
  "text_encoders/t5xxl_fp8_e4m3fn.safetensors",
  "text_encoders/qwen_0.6b_ace15.safetensors",
  "text_encoders/qwen_4b_ace15.safetensors",
  "text_encoders/gemma4-12b-with-proj-ltx-2.5-comfy-int8-convrot.safetensors",
  "text_encoders/gemma4_e2b_it_int8_convrot.safetensors",
  "latent_upscale_models/ltx-2.5-latent-spatial-upscaler-x2-bf16-1.0.safetensors",
  NULL
};

static gboolean
is_model_file (const char *name)
{
  const char *extensions[] = { ".safetensors", ".sft", ".ckpt", ".pt", ".pth", ".bin", ".gguf" };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (name, extensions[i]))
      return TRUE;
  return FALSE;
}

static int
compare_names (const char **a,
               const char **b)
{
  return strcmp (*a, *b);
}

/* The choices a loader lists: the installed files of its folder, and
 * whatever else the definitions list that is not a file ("pixel_space",
 * "taesd"). */
static KumoJson *
installed_choices (KumoEmulator *self,
                   KumoJson     *listed,
                   const char   *folder)
{
  KumoJson *choices = kumo_json_new_array ();
  g_autofree char *prefix = g_strconcat (folder, "/", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (guint i = 0; i < self->models->len; i++)
    {
      const char *model = g_ptr_array_index (self->models, i);

      if (g_str_has_prefix (model, prefix))
        g_ptr_array_add (files, (char *) model + strlen (prefix));
    }

  /* Sorted, as folder_paths.get_filename_list() lists them. */
  g_ptr_array_sort (files, (GCompareFunc) compare_names);
  for (guint i = 0; i < files->len; i++)
    kumo_json_array_append (choices, kumo_json_new_string (g_ptr_array_index (files, i)));

  for (guint i = 0; i < kumo_json_array_get_length (listed); i++)
    {
      KumoJson *choice = kumo_json_array_get (listed, i);

      if (kumo_json_get_type (choice) == KUMO_JSON_STRING && !is_model_file (kumo_json_get_string (choice)))
        kumo_json_array_append (choices, kumo_json_copy (choice));
    }

  return choices;
}

/* The loaders' lists become this server's installed models, as ComfyUI
 * lists its own folders: a model it does not have is refused. */
static void
install_models (KumoEmulator *self)
{
  for (guint i = 0; self->object_info != NULL && i < G_N_ELEMENTS (loaders); i++)
    {
      KumoJson *info = kumo_json_object_get_typed (self->object_info, loaders[i].class_type, KUMO_JSON_OBJECT);
      KumoJson *inputs = kumo_json_object_get_typed (info, "input", KUMO_JSON_OBJECT);
      const char *sections[] = { "required", "optional" };

      for (guint j = 0; j < G_N_ELEMENTS (sections); j++)
        {
          KumoJson *section = kumo_json_object_get_typed (inputs, sections[j], KUMO_JSON_OBJECT);
          KumoJson *spec = kumo_json_object_get_typed (section, loaders[i].input, KUMO_JSON_ARRAY);
          KumoJson *type = kumo_json_array_get (spec, 0);
          KumoJson *options = kumo_json_array_get (spec, 1);
          g_autoptr(KumoJson) rebuilt = NULL;

          if (spec == NULL)
            continue;

          /* [[choices…], {…}] or ["COMBO", {"options": [choices…]}] */
          rebuilt = kumo_json_new_array ();
          if (kumo_json_get_type (type) == KUMO_JSON_ARRAY)
            kumo_json_array_append (rebuilt, installed_choices (self, type, loaders[i].folder));
          else if (kumo_json_get_type (options) == KUMO_JSON_OBJECT)
            {
              KumoJson *new_options = kumo_json_copy (options);

              kumo_json_object_set (new_options, "options",
                                    installed_choices (self, kumo_json_object_get (options, "options"),
                                                       loaders[i].folder));
              kumo_json_array_append (rebuilt, kumo_json_copy (type));
              kumo_json_array_append (rebuilt, new_options);
            }
          else
            continue;

          for (guint k = kumo_json_array_get_length (rebuilt); k < kumo_json_array_get_length (spec); k++)
            kumo_json_array_append (rebuilt, kumo_json_copy (kumo_json_array_get (spec, k)));
          kumo_json_object_set (section, loaders[i].input, g_steal_pointer (&rebuilt));
        }
    }

  g_clear_pointer (&self->object_info_bytes, g_bytes_unref);
  if (self->object_info != NULL)
    self->object_info_bytes = kumo_json_to_bytes (self->object_info);
}

/**
 * kumo_emulator_set_models:
 * @models: (nullable): the model files it has, as "folder/file"
 *   ("checkpoints/sd15.safetensors"); a bare file name is a checkpoint;
 *   %NULL for the ones the shared fixtures load
 */
void
kumo_emulator_set_models (KumoEmulator       *self,
                          const char * const *models)
{
  g_return_if_fail (KUMO_IS_EMULATOR (self));

  if (models == NULL)
    models = default_models;

  g_ptr_array_set_size (self->models, 0);
  for (guint i = 0; models[i] != NULL; i++)
    g_ptr_array_add (self->models, strchr (models[i], '/') ? g_strdup (models[i])
                                                            : g_strconcat ("checkpoints/", models[i], NULL));

  install_models (self);
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

static void
kumo_emulator_finalize (GObject *object)
{
  KumoEmulator *self = (KumoEmulator *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->storage != NULL)
    soup_server_disconnect (self->storage);
  g_clear_object (&self->server);
  g_clear_object (&self->storage);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_queue_free (self->pending);
  g_ptr_array_unref (self->stalled);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->blobs, g_hash_table_unref);
  g_clear_pointer (&self->last_outputs, kumo_json_free);
  g_free (self->last_prompt);
  g_clear_pointer (&self->object_info, kumo_json_free);
  g_clear_pointer (&self->object_info_bytes, g_bytes_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->routes_refused, g_hash_table_unref);
  g_free (self->api_key);
  g_free (self->faults.fail_class);

  G_OBJECT_CLASS (kumo_emulator_parent_class)->finalize (object);
}

static void
kumo_emulator_class_init (KumoEmulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kumo_emulator_finalize;
}

static void
kumo_emulator_init (KumoEmulator *self)
{
  self->steps = 5;
  self->image_size = 256;
  self->preview_size = 64;
  self->step_ms = 20;
  self->max_running = 1;
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) job_free);
  self->pending = g_queue_new ();
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  self->models = g_ptr_array_new_with_free_func (g_free);
  self->routes_refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * kumo_emulator_new:
 * @object_info: (nullable): the node definitions to serve and validate
 *   against (a server's /api/object_info); without them, every prompt
 *   is taken
 *
 * The models it has are the ones the shared fixtures load; see
 * kumo_emulator_set_models().
 */
KumoEmulator *
kumo_emulator_new (KumoEmulatorFlavor   flavor,
                   const char          *api_key,
                   GBytes              *object_info)
{
  KumoEmulator *self = g_object_new (KUMO_TYPE_EMULATOR, NULL);

  self->flavor = flavor;
  self->api_key = g_strdup (api_key);
  if (object_info != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->object_info = kumo_json_parse (object_info, &error);
      if (self->object_info == NULL)
        g_warning ("kumo-emulator: the node definitions are not JSON: %s", error->message);
    }
  kumo_emulator_set_models (self, NULL);

  return self;
}

static guint
first_port (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  guint port = uris ? g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/* A server that is down (restarting, or behind a proxy that has lost
 * it) answers 503 before anything else, socket upgrades too. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  KumoEmulator *self = user_data;

  if (self->faults.down)
    soup_server_message_set_status (msg, 503, NULL);
}

/**
 * kumo_emulator_listen:
 * @port: a loopback port, or 0 for any free one
 */
gboolean
kumo_emulator_listen (KumoEmulator  *self,
                      guint          port,
                      GError       **error)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), FALSE);

  self->server = soup_server_new ("server-header", "kumo-emulator", NULL);
  soup_server_add_websocket_handler (self->server, "/ws", NULL, NULL, websocket_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/ws", NULL, NULL, websocket_cb, self, NULL);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);

  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  self->port = first_port (self->server);

  self->storage = soup_server_new ("server-header", "kumo-emulator-storage", NULL);
  soup_server_add_handler (self->storage, NULL, storage_cb, self, NULL);
  if (!soup_server_listen_local (self->storage, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  self->storage_port = first_port (self->storage);

  return TRUE;
}

char *
kumo_emulator_dup_base_url (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

guint
kumo_emulator_get_storage_port (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return self->storage_port;
}

void
kumo_emulator_set_timing (KumoEmulator *self,
                          guint         steps,
                          guint         step_ms,
                          guint         max_running)
{
  g_return_if_fail (KUMO_IS_EMULATOR (self));

  self->steps = steps;
  self->step_ms = step_ms;
  self->max_running = MAX (max_running, 1);
}

/* Serves @bytes from /api/view as if a job had written them. */
void
kumo_emulator_add_file (KumoEmulator *self,
                        const char   *type,
                        const char   *subfolder,
                        const char   *filename,
                        GBytes       *bytes)
{
  g_return_if_fail (KUMO_IS_EMULATOR (self));

  g_hash_table_insert (self->files, g_strdup_printf ("%s/%s/%s", type, subfolder, filename),
                       g_bytes_ref (bytes));
}

/* Output images are @size pixels square: 800 gives about 1.5 MB. */
void
kumo_emulator_set_image_size (KumoEmulator *self,
                              guint         size)
{
  g_return_if_fail (KUMO_IS_EMULATOR (self));

  self->image_size = CLAMP (size, 8, 8192);
}

/* What a big job streams: previews of @preview_size pixels a side, and
 * progress_state messages of @state_nodes entries (about 170 bytes
 * each), as a graph of that many nodes sends. For benchmarks. */
void
kumo_emulator_set_stream_load (KumoEmulator *self,
                               guint         preview_size,
                               guint         state_nodes)
{
  g_return_if_fail (KUMO_IS_EMULATOR (self));

  self->preview_size = CLAMP (preview_size, 8, 2048);
  self->state_nodes = state_nodes;
}

KumoEmulatorFaults *
kumo_emulator_get_faults (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), NULL);

  return &self->faults;
}

/* How many WebSocket connections were opened: 1 unless one broke. */
guint
kumo_emulator_get_n_websockets (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return self->n_websockets;
}

/* How many downloads were resumed with a Range request. */
guint
kumo_emulator_get_n_partial (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return self->n_partial;
}

/* How often the storage host was sent the API key: must stay 0. */
guint
kumo_emulator_get_key_leaks (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return self->key_leaks;
}

/* How many uploads it took. */
guint
kumo_emulator_get_n_uploads (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return self->n_uploads;
}

/* Whether @name is in its input folder (an upload, or a file given). */
gboolean
kumo_emulator_has_input (KumoEmulator *self,
                         const char   *name)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), FALSE);

  return is_uploaded (self, name);
}

guint
kumo_emulator_get_n_jobs (KumoEmulator *self)
{
  g_return_val_if_fail (KUMO_IS_EMULATOR (self), 0);

  return g_hash_table_size (self->jobs);
}
