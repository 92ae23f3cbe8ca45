/* kumo-http-error.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-http-error"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kumo-http-error.h"
#include "kumo-json.h"
#include "kumo-problem.h"

/* Server text shown to people is kept short: a proxy may send a novel. */
#define MAX_MESSAGE_CHARS 300

G_DEFINE_QUARK (kumo-client-error-quark, kumo_client_error)

void
kumo_http_error_free (KumoHttpError *error)
{
  if (error == NULL)
    return;

  g_free (error->type);
  g_free (error->message);
  g_clear_pointer (&error->problems, g_ptr_array_unref);
  g_free (error);
}

/**
 * kumo_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds or an HTTP date
 * @now: the current time, for dates
 *
 * Returns: the seconds to wait (0 for a date in the past), or -1
 */
gint64
kumo_parse_retry_after (const char *value,
                        GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  trimmed = g_strstrip (g_strdup (value));

  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds;

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL || now == NULL)
    return -1;

  return MAX (0, g_date_time_difference (date, now) / G_TIME_SPAN_SECOND);
}

/* Plain, single-spaced, short text from whatever a server sent. */
static char *
tidy_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint chars = 0;
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          chars++;
        }
      space = FALSE;

      if (chars++ >= MAX_MESSAGE_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* A proxy's error page: its <title>, else its text without tags. */
static char *
text_from_html (const char *html)
{
  const char *title = strstr (html, "<title>");
  GString *text;
  gboolean in_tag = FALSE;

  if (title == NULL)
    title = strstr (html, "<TITLE>");
  if (title != NULL)
    {
      const char *end = strstr (title, "</");
      if (end != NULL)
        {
          g_autofree char *inner = g_strndup (title + 7, end - title - 7);
          return tidy_text (inner);
        }
    }

  text = g_string_new (NULL);
  for (const char *p = html; *p; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE, g_string_append_c (text, ' ');
      else if (!in_tag)
        g_string_append_c (text, *p);
    }

  {
    g_autofree char *raw = g_string_free (text, FALSE);
    return tidy_text (raw);
  }
}

static void
parse_node_errors (KumoHttpError *error,
                   KumoJson      *node_errors)
{
  for (guint i = 0; i < kumo_json_object_get_size (node_errors); i++)
    {
      const char *node_id = kumo_json_object_get_key (node_errors, i);
      KumoJson *node = kumo_json_object_get_value (node_errors, i);
      const char *class_type = kumo_json_object_get_string_or (node, "class_type", NULL);
      KumoJson *errors = kumo_json_object_get_typed (node, "errors", KUMO_JSON_ARRAY);

      for (guint j = 0; j < kumo_json_array_get_length (errors); j++)
        {
          KumoJson *item = kumo_json_array_get (errors, j);
          KumoJson *extra = kumo_json_object_get_typed (item, "extra_info", KUMO_JSON_OBJECT);
          const char *type = kumo_json_object_get_string_or (item, "type", "unknown");
          const char *message = kumo_json_object_get_string_or (item, "message", type);
          const char *details = kumo_json_object_get_string_or (item, "details", NULL);
          g_autofree char *text = details && *details ? g_strdup_printf ("%s: %s", message, details)
                                                      : g_strdup (message);
          g_autofree char *tidy = tidy_text (text);

          if (error->problems == NULL)
            error->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_problem_free);

          g_ptr_array_add (error->problems,
                           kumo_problem_new (node_id, class_type,
                                             kumo_json_object_get_string_or (extra, "input_name", NULL),
                                             type, tidy, details));
        }
    }
}

static void
parse_json_body (KumoHttpError *error,
                 KumoJson      *json)
{
  KumoJson *inner;

  if (kumo_json_get_type (json) == KUMO_JSON_STRING)
    {
      error->message = tidy_text (kumo_json_get_string (json));
      return;
    }

  if (kumo_json_get_type (json) != KUMO_JSON_OBJECT)
    return;

  /* {"error": {type, message, details} | "text", "node_errors": {…}} */
  inner = kumo_json_object_get (json, "error");
  if (inner != NULL && kumo_json_get_type (inner) == KUMO_JSON_OBJECT)
    {
      const char *message = kumo_json_object_get_string_or (inner, "message", NULL);

      error->type = g_strdup (kumo_json_object_get_string_or (inner, "type", NULL));
      if (message != NULL)
        error->message = tidy_text (message);
    }
  else if (inner != NULL && kumo_json_get_type (inner) == KUMO_JSON_STRING)
    {
      error->message = tidy_text (kumo_json_get_string (inner));
    }

  /* {"code": "QUEUE_LIMIT", "message": "…", "details": {…}} */
  if (error->type == NULL)
    error->type = g_strdup (kumo_json_object_get_string_or (json, "code", NULL));
  if (error->type == NULL)
    error->type = g_strdup (kumo_json_object_get_string_or (json, "type", NULL));
  if (error->message == NULL && kumo_json_object_get_string_or (json, "message", NULL) != NULL)
    error->message = tidy_text (kumo_json_object_get_string_or (json, "message", NULL));
  if (error->message == NULL && kumo_json_object_get_string_or (json, "detail", NULL) != NULL)
    error->message = tidy_text (kumo_json_object_get_string_or (json, "detail", NULL));

  parse_node_errors (error, kumo_json_object_get_typed (json, "node_errors", KUMO_JSON_OBJECT));
}

static gboolean
is_billing_type (const char *type)
{
  const char *billing[] = { "PAYMENT_REQUIRED", "FREE_TIER_UNAVAILABLE", "FREE_TIER_EXHAUSTED",
                            "PARTNER_NODE_PAYMENT_REQUIRED", "INSUFFICIENT_CREDITS" };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (billing); i++)
    if (g_ascii_strcasecmp (type, billing[i]) == 0)
      return TRUE;

  return FALSE;
}

static KumoClientError
classify (const KumoHttpError *error)
{
  switch (error->status)
    {
    case 400:
      return error->problems != NULL || (error->type && g_str_has_prefix (error->type, "prompt_")) ||
             g_strcmp0 (error->type, "missing_node_type") == 0 ||
             g_strcmp0 (error->type, "invalid_prompt") == 0
             ? KUMO_CLIENT_ERROR_PROMPT_REJECTED : KUMO_CLIENT_ERROR_BAD_REQUEST;
    case 401:
      return KUMO_CLIENT_ERROR_UNAUTHORIZED;
    case 402:
      return KUMO_CLIENT_ERROR_NO_API_ACCESS;
    case 403:
      return KUMO_CLIENT_ERROR_FORBIDDEN;
    case 404:
      return KUMO_CLIENT_ERROR_NOT_FOUND;
    case 413:
      return KUMO_CLIENT_ERROR_TOO_LARGE;
    case 429:
      /* Told apart by type, not message: billing gates do not pass with
       * time, a full queue does. An inactive subscription has no type. */
      if (g_strcmp0 (error->type, "QUEUE_LIMIT") == 0 || g_strcmp0 (error->type, "rate_limited") == 0 ||
          g_strcmp0 (error->type, "queue_full") == 0)
        return KUMO_CLIENT_ERROR_QUEUE_FULL;
      if (is_billing_type (error->type) || error->retry_after < 0)
        return KUMO_CLIENT_ERROR_NO_API_ACCESS;
      return KUMO_CLIENT_ERROR_QUEUE_FULL;
    default:
      if (error->status >= 500)
        return KUMO_CLIENT_ERROR_SERVER;
      return KUMO_CLIENT_ERROR_BAD_REQUEST;
    }
}

/**
 * kumo_http_error_parse:
 * @status: the HTTP status (4xx or 5xx)
 * @content_type: (nullable): the Content-Type header
 * @body: (nullable): the body
 * @retry_after: (nullable): the Retry-After header
 * @now: (nullable): the current time, for Retry-After dates
 *
 * Returns: (transfer full): what the answer says, whatever its shape
 */
KumoHttpError *
kumo_http_error_parse (guint       status,
                       const char *content_type,
                       GBytes     *body,
                       const char *retry_after,
                       GDateTime  *now)
{
  KumoHttpError *error = g_new0 (KumoHttpError, 1);
  const char *data = NULL;
  gsize len = 0;

  error->status = status;
  error->retry_after = kumo_parse_retry_after (retry_after, now);

  if (body != NULL)
    data = g_bytes_get_data (body, &len);

  if (len > 0)
    {
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(KumoJson) json = kumo_json_parse_data (text, -1, NULL);

      if (json != NULL)
        parse_json_body (error, json);
      else if ((content_type && strstr (content_type, "html")) || strstr (text, "<html") || strstr (text, "<HTML"))
        error->message = text_from_html (text);
      else
        error->message = tidy_text (text);

      if (error->message != NULL && *error->message == '\0')
        g_clear_pointer (&error->message, g_free);
    }

  error->code = classify (error);
  return error;
}

/**
 * kumo_http_error_to_gerror:
 *
 * Returns: (transfer full): a %KUMO_CLIENT_ERROR with a sentence that says
 *   what happened and what to do, with the server's own words after it
 */
GError *
kumo_http_error_to_gerror (const KumoHttpError *error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  switch (error->code)
    {
    case KUMO_CLIENT_ERROR_UNAUTHORIZED:
      what = g_strdup (_("The server did not accept the API key. Check it, or create a new one at platform.comfy.org."));
      break;
    case KUMO_CLIENT_ERROR_NO_API_ACCESS:
      what = g_strdup (_("Your plan does not allow this: API access needs an active subscription with credits left."));
      break;
    case KUMO_CLIENT_ERROR_QUEUE_FULL:
      /* Says what happened, never what Kumo will do: whoever shows it
       * knows whether a retry is coming. */
      what = g_strdup (_("The server’s queue is full: it takes no more jobs until some of those it has finish."));
      break;
    case KUMO_CLIENT_ERROR_PROMPT_REJECTED:
      what = g_strdup (_("The server rejected the workflow. The inputs it complained about are marked."));
      break;
    case KUMO_CLIENT_ERROR_FORBIDDEN:
      what = g_strdup (_("The server refused the request. A partner node may be turned off for your workspace."));
      break;
    case KUMO_CLIENT_ERROR_TOO_LARGE:
      what = g_strdup (_("The server refused the request because it is too large."));
      break;
    case KUMO_CLIENT_ERROR_NOT_FOUND:
      what = g_strdup (_("The server does not know what was asked for."));
      break;
    case KUMO_CLIENT_ERROR_SERVER:
      what = g_strdup_printf (_("The server had a problem (HTTP %u). Try again later."), error->status);
      break;
    case KUMO_CLIENT_ERROR_NETWORK:
    case KUMO_CLIENT_ERROR_INVALID_RESPONSE:
    case KUMO_CLIENT_ERROR_BAD_REQUEST:
    default:
      what = g_strdup_printf (_("The server refused the request (HTTP %u)."), error->status);
      break;
    }

  if (error->message != NULL)
    return g_error_new (KUMO_CLIENT_ERROR, error->code,
                        /* Translators: Kumo's explanation, then the server's words. */
                        _("%s The server said: “%s”"), what, error->message);

  return g_error_new_literal (KUMO_CLIENT_ERROR, error->code, what);
}
