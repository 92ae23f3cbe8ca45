/* kumo-event-stream.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-client.h"
#include "kumo-ws-event.h"

G_BEGIN_DECLS

#define KUMO_TYPE_EVENT_STREAM (kumo_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (KumoEventStream, kumo_event_stream, KUMO, EVENT_STREAM, GObject)

KumoEventStream *kumo_event_stream_new           (KumoClient      *client,
                                                  const char      *client_id);
const char      *kumo_event_stream_get_client_id (KumoEventStream *self);
gboolean         kumo_event_stream_get_connected (KumoEventStream *self);
gint64           kumo_event_stream_get_retry_at  (KumoEventStream *self);
void             kumo_event_stream_start         (KumoEventStream *self);
void             kumo_event_stream_stop          (KumoEventStream *self);
void             kumo_event_stream_set_backoff   (KumoEventStream *self,
                                                  guint            first_ms,
                                                  guint            max_ms);

G_END_DECLS
