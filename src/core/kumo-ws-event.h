/* kumo-ws-event.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-json.h"

G_BEGIN_DECLS

#define KUMO_WS_EVENT_ERROR (kumo_ws_event_error_quark ())

typedef enum
{
  KUMO_WS_EVENT_ERROR_INVALID,
  KUMO_WS_EVENT_ERROR_UNKNOWN_BINARY,
} KumoWsEventError;

typedef enum
{
  KUMO_WS_STATUS,
  KUMO_WS_EXECUTION_START,
  KUMO_WS_EXECUTION_CACHED,
  KUMO_WS_EXECUTING,
  KUMO_WS_PROGRESS,
  KUMO_WS_PROGRESS_STATE,
  KUMO_WS_EXECUTED,
  KUMO_WS_EXECUTION_SUCCESS,
  KUMO_WS_EXECUTION_ERROR,
  KUMO_WS_EXECUTION_INTERRUPTED,
  KUMO_WS_FEATURE_FLAGS,
  KUMO_WS_NOTIFICATION,
  KUMO_WS_PREVIEW,
  KUMO_WS_PROGRESS_TEXT,
  KUMO_WS_OTHER,
} KumoWsEventKind;

/* One message of the live event stream (docs/protocol.md §5), text or binary. */
typedef struct
{
  KumoWsEventKind  kind;
  char            *type;              /* the message's own type name */
  char            *prompt_id;         /* NULL when the message has none */
  char            *node;              /* the node concerned */
  char            *display_node;
  gboolean         finished;          /* "executing" with node null */
  gint64           value;             /* progress */
  gint64           max;
  guint            nodes_finished;    /* progress_state */
  guint            nodes_seen;
  char            *sid;               /* status: the session id */
  gint64           queue_remaining;   /* status, or -1 */
  KumoJson        *output;            /* executed */
  GStrv            cached_nodes;      /* execution_cached */
  char            *node_type;         /* execution_error / _interrupted */
  char            *exception_type;
  char            *exception_message;
  char            *text;              /* notification, progress text */
  GBytes          *image;             /* preview */
  char            *image_mime;
  KumoJson        *data;              /* the whole "data", for anything else (in root) */
  KumoJson        *root;              /* the message, which owns data */
} KumoWsEvent;

GQuark       kumo_ws_event_error_quark  (void);

KumoWsEvent *kumo_ws_event_parse_text   (const char   *text,
                                         gsize         length,
                                         GError      **error);
KumoWsEvent *kumo_ws_event_parse_binary (GBytes       *frame,
                                         gboolean      text_has_prompt_id,
                                         GError      **error);
KumoWsEvent *kumo_ws_event_copy         (const KumoWsEvent *event);
void         kumo_ws_event_free         (KumoWsEvent  *event);
char        *kumo_execution_error_dup_traceback (const KumoJson *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoWsEvent, kumo_ws_event_free)

G_END_DECLS
