/* kumo-event-stream.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-event-stream"

#include "config.h"

#include "kumo-event-stream.h"

/*
 * The live event stream of one server: one WebSocket, with a client id
 * that stays the same for the life of the stream, so that a local server
 * keeps sending a prompt's events to it after a reconnect.
 *
 * It reconnects with exponential backoff and jitter whenever the socket
 * goes, and says so through ::connected and ::reconnected, so that whoever
 * follows jobs can ask the server where they stand: events sent while the
 * socket was down are lost (docs/protocol.md §5.6).
 */
struct _KumoEventStream
{
  GObject                  parent_instance;

  KumoClient              *client;
  char                    *client_id;
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;
  guint                    reconnect_source;
  gint64                   retry_at;  /* monotonic µs of the next try, 0 for none */
  guint                    attempt;
  guint                    first_ms;
  guint                    max_ms;
  gboolean                 running;
  gboolean                 was_connected;
  /* Only once both sides advertise it do text frames carry a prompt id. */
  gboolean                 text_has_prompt_id;
};

G_DEFINE_FINAL_TYPE (KumoEventStream, kumo_event_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_RETRY_AT,
  N_PROPS
};

enum {
  EVENT,
  RECONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (KumoEventStream *self);

static void
set_retry_at (KumoEventStream *self,
              gint64           retry_at)
{
  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

static void
drop_connection (KumoEventStream *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
reconnect_cb (gpointer data)
{
  KumoEventStream *self = data;

  self->reconnect_source = 0;
  set_retry_at (self, 0);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* 1 s, 2 s, 4 s … up to the maximum, each with up to 30 % jitter, so that
 * many clients of a restarted server do not all come back at once. */
static void
schedule_reconnect (KumoEventStream *self)
{
  guint delay;

  if (!self->running || self->reconnect_source != 0)
    return;

  delay = MIN (self->first_ms << MIN (self->attempt, 10), self->max_ms);
  delay += g_random_int_range (0, delay * 3 / 10 + 1);
  self->attempt++;

  g_debug ("Reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, reconnect_cb, self);
  set_retry_at (self, g_get_monotonic_time () + (gint64) delay * 1000);
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            KumoEventStream         *self)
{
  g_autoptr(KumoWsEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      gsize len;
      const char *data = g_bytes_get_data (message, &len);

      event = kumo_ws_event_parse_text (data, len, &error);
    }
  else
    {
      event = kumo_ws_event_parse_binary (message, self->text_has_prompt_id, &error);
    }

  /* Custom nodes send their own messages: skip what is not understood. */
  if (event == NULL)
    {
      g_debug ("Skipping a message: %s", error->message);
      return;
    }

  if (event->kind == KUMO_WS_FEATURE_FLAGS && event->data != NULL)
    self->text_has_prompt_id = kumo_json_object_get_boolean_or (event->data, "supports_progress_text_metadata", FALSE);

  g_signal_emit (self, signals[EVENT], 0, event);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           KumoEventStream         *self)
{
  g_debug ("The event stream closed (%u)", soup_websocket_connection_get_close_code (connection));
  drop_connection (self);
  schedule_reconnect (self);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          KumoEventStream         *self)
{
  g_debug ("Event stream error: %s", error->message);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoEventStream) self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Could not open the event stream: %s", error->message);
          schedule_reconnect (self);
        }
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->attempt = 0;

  /* Real progress_state messages of big graphs exceed libsoup's 128 KiB
   * default, and idle sockets get cut by proxies without pings. */
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, 0);
  soup_websocket_connection_set_keepalive_interval (self->connection, 20);

  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (error_cb), self);

  /* The first text message is the capability handshake: with it, local
   * servers send previews that say which prompt and node they belong to,
   * and node texts that say which prompt (once the server offers it too:
   * see message_cb). */
  soup_websocket_connection_send_text (self->connection,
                                       "{\"type\": \"feature_flags\", \"data\": "
                                       "{\"supports_preview_metadata\": true, "
                                       "\"supports_progress_text_metadata\": true}}");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);

  if (self->was_connected)
    g_signal_emit (self, signals[RECONNECTED], 0);
  self->was_connected = TRUE;
}

static void
connect_now (KumoEventStream *self)
{
  g_autofree char *url = kumo_client_dup_websocket_url (self->client, self->client_id, FALSE);
  g_autofree char *shown = kumo_client_dup_websocket_url (self->client, self->client_id, TRUE);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (!self->running)
    return;

  /* Never the real URL in a log: on the cloud it carries the key. */
  g_debug ("Connecting to %s", shown);

  /* No Origin: a local server refuses a cross-site one (docs/protocol.md §2.3). */
  soup_session_websocket_connect_async (kumo_client_get_session (self->client), msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        connected_cb, g_object_ref (self));
}

void
kumo_event_stream_start (KumoEventStream *self)
{
  g_return_if_fail (KUMO_IS_EVENT_STREAM (self));

  if (self->running)
    return;

  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  connect_now (self);
}

void
kumo_event_stream_stop (KumoEventStream *self)
{
  g_return_if_fail (KUMO_IS_EVENT_STREAM (self));

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_retry_at (self, 0);
  drop_connection (self);
}

/* For tests: the first reconnect delay and the cap. */
void
kumo_event_stream_set_backoff (KumoEventStream *self,
                               guint            first_ms,
                               guint            max_ms)
{
  g_return_if_fail (KUMO_IS_EVENT_STREAM (self));

  self->first_ms = MAX (first_ms, 1);
  self->max_ms = MAX (max_ms, self->first_ms);
}

const char *
kumo_event_stream_get_client_id (KumoEventStream *self)
{
  g_return_val_if_fail (KUMO_IS_EVENT_STREAM (self), NULL);

  return self->client_id;
}

gboolean
kumo_event_stream_get_connected (KumoEventStream *self)
{
  g_return_val_if_fail (KUMO_IS_EVENT_STREAM (self), FALSE);

  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/**
 * kumo_event_stream_get_retry_at:
 *
 * Returns: when the next try to reconnect is, in g_get_monotonic_time()'s
 *   microseconds, or 0 when none is waiting
 */
gint64
kumo_event_stream_get_retry_at (KumoEventStream *self)
{
  g_return_val_if_fail (KUMO_IS_EVENT_STREAM (self), 0);

  return self->retry_at;
}

static void
kumo_event_stream_dispose (GObject *object)
{
  KumoEventStream *self = (KumoEventStream *)object;

  kumo_event_stream_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (kumo_event_stream_parent_class)->dispose (object);
}

static void
kumo_event_stream_finalize (GObject *object)
{
  KumoEventStream *self = (KumoEventStream *)object;

  g_free (self->client_id);

  G_OBJECT_CLASS (kumo_event_stream_parent_class)->finalize (object);
}

static void
kumo_event_stream_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KumoEventStream *self = KUMO_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, kumo_event_stream_get_connected (self));
      break;

    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_event_stream_class_init (KumoEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_event_stream_dispose;
  object_class->finalize = kumo_event_stream_finalize;
  object_class->get_property = kumo_event_stream_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KumoEventStream::event:
   * @event: (type gpointer): the KumoWsEvent, valid during the emission
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * KumoEventStream::reconnected:
   *
   * The socket is back after a loss: whatever happened meanwhile was not
   * heard, so the state of every job in flight must be asked for.
   */
  signals[RECONNECTED] = g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kumo_event_stream_init (KumoEventStream *self)
{
  self->first_ms = 1000;
  self->max_ms = 15000;
}

/**
 * kumo_event_stream_new:
 * @client_id: (nullable): the id to use, kept across restarts so that a
 *   local server sends the events of jobs started before to this stream;
 *   %NULL for a new one
 */
KumoEventStream *
kumo_event_stream_new (KumoClient *client,
                       const char *client_id)
{
  KumoEventStream *self;

  g_return_val_if_fail (KUMO_IS_CLIENT (client), NULL);

  self = g_object_new (KUMO_TYPE_EVENT_STREAM, NULL);
  self->client = g_object_ref (client);
  self->client_id = client_id ? g_strdup (client_id) : g_uuid_string_random ();

  return self;
}
