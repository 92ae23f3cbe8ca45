/* kumo-http-error.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUMO_CLIENT_ERROR (kumo_client_error_quark ())

/* What went wrong talking to a server, in terms a UI can act on. */
typedef enum
{
  KUMO_CLIENT_ERROR_UNAUTHORIZED,      /* 401: the key is missing or wrong */
  KUMO_CLIENT_ERROR_NO_API_ACCESS,     /* 402, billing 429s: plan or credits */
  KUMO_CLIENT_ERROR_QUEUE_FULL,        /* 429 QUEUE_LIMIT: retry later */
  KUMO_CLIENT_ERROR_PROMPT_REJECTED,   /* 400 with node_errors */
  KUMO_CLIENT_ERROR_FORBIDDEN,         /* 403: partner node disabled, not yours */
  KUMO_CLIENT_ERROR_TOO_LARGE,         /* 413 */
  KUMO_CLIENT_ERROR_NOT_FOUND,         /* 404 */
  KUMO_CLIENT_ERROR_BAD_REQUEST,       /* other 4xx */
  KUMO_CLIENT_ERROR_SERVER,            /* 5xx */
  KUMO_CLIENT_ERROR_NETWORK,           /* unreachable, TLS, cut connection */
  KUMO_CLIENT_ERROR_INVALID_RESPONSE,  /* a success that makes no sense */
} KumoClientError;

/*
 * An HTTP error answer, read defensively: a cloud {code, message,
 * details}, a prompt {error, node_errors} with error as object or string,
 * a JSON string, plain text, a proxy's HTML page, or nothing.
 */
typedef struct
{
  guint            status;
  KumoClientError  code;
  char            *type;           /* "QUEUE_LIMIT", "prompt_outputs_failed_validation", … */
  char            *message;        /* the server's own words, as plain text */
  GPtrArray       *problems;       /* KumoProblem per node and input */
  gint64           retry_after;    /* seconds, or -1 */
} KumoHttpError;

GQuark          kumo_client_error_quark   (void);

KumoHttpError  *kumo_http_error_parse     (guint                status,
                                           const char          *content_type,
                                           GBytes              *body,
                                           const char          *retry_after,
                                           GDateTime           *now);
void            kumo_http_error_free      (KumoHttpError       *error);
GError         *kumo_http_error_to_gerror (const KumoHttpError *error);
gint64          kumo_parse_retry_after    (const char          *value,
                                           GDateTime           *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoHttpError, kumo_http_error_free)

G_END_DECLS
