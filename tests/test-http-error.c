/* test-http-error.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-http-error.h"
#include "kumo-problem.h"
#include "kumo-test-utils.h"

static KumoHttpError *
parse (guint       status,
       const char *content_type,
       const char *body,
       const char *retry_after)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);

  return kumo_http_error_parse (status, content_type, bytes, retry_after, now);
}

/* The local server's 400 for a prompt that fails validation. */
static void
test_http_error_prompt_rejected (void)
{
  g_autoptr(KumoHttpError) error = parse (400, "application/json",
    "{\"error\": {\"type\": \"prompt_outputs_failed_validation\", \"message\": \"Prompt outputs failed validation\","
    " \"details\": \"\", \"extra_info\": {}}, \"node_errors\": {\"3\": {\"errors\": [{\"type\": \"value_bigger_than_max\","
    " \"message\": \"Value 200 bigger than max of 100\", \"details\": \"cfg\", \"extra_info\": {\"input_name\": \"cfg\","
    " \"received_value\": 200}}], \"dependent_outputs\": [\"9\"], \"class_type\": \"KSampler\"}}}", NULL);
  g_autoptr(GError) gerror = kumo_http_error_to_gerror (error);
  const KumoProblem *problem;

  g_assert_cmpint (error->code, ==, KUMO_CLIENT_ERROR_PROMPT_REJECTED);
  g_assert_cmpstr (error->type, ==, "prompt_outputs_failed_validation");
  g_assert_cmpstr (error->message, ==, "Prompt outputs failed validation");
  g_assert_nonnull (error->problems);
  g_assert_cmpuint (error->problems->len, ==, 1);
  problem = g_ptr_array_index (error->problems, 0);
  g_assert_cmpstr (problem->node_id, ==, "3");
  g_assert_cmpstr (problem->class_type, ==, "KSampler");
  g_assert_cmpstr (problem->input_name, ==, "cfg");
  g_assert_cmpstr (problem->type, ==, "value_bigger_than_max");
  g_assert_cmpstr (problem->message, ==, "Value 200 bigger than max of 100: cfg");
  g_assert_error (gerror, KUMO_CLIENT_ERROR, KUMO_CLIENT_ERROR_PROMPT_REJECTED);
}

/* "error" may be a plain string too. */
static void
test_http_error_string_error (void)
{
  g_autoptr(KumoHttpError) error = parse (400, NULL, "{\"error\": \"Job not found\"}", NULL);
  g_autoptr(KumoHttpError) missing = parse (400, "application/json",
    "{\"error\": {\"type\": \"missing_node_type\", \"message\": \"Node 'X' not found\"}, \"node_errors\": {}}", NULL);

  g_assert_cmpint (error->code, ==, KUMO_CLIENT_ERROR_BAD_REQUEST);
  g_assert_cmpstr (error->message, ==, "Job not found");
  g_assert_cmpint (missing->code, ==, KUMO_CLIENT_ERROR_PROMPT_REJECTED);
}

/* 429 is told apart by type: a full queue passes, a billing gate not. */
static void
test_http_error_429 (void)
{
  g_autoptr(KumoHttpError) queue = parse (429, "application/json",
    "{\"error\": {\"type\": \"QUEUE_LIMIT\", \"message\": \"Too many queued jobs\"}}", "7");
  g_autoptr(KumoHttpError) billing = parse (429, "application/json",
    "{\"error\": {\"type\": \"FREE_TIER_EXHAUSTED\", \"message\": \"Out of credits\"}}", NULL);
  g_autoptr(KumoHttpError) cloud = parse (429, "application/json",
    "{\"code\": \"QUEUE_LIMIT\", \"message\": \"Queue is full\"}", "Sat, 28 Nov 2026 12:00:30 GMT");
  g_autoptr(KumoHttpError) inactive = parse (429, NULL, "", NULL);
  g_autoptr(GError) gerror = kumo_http_error_to_gerror (queue);

  g_assert_cmpint (queue->code, ==, KUMO_CLIENT_ERROR_QUEUE_FULL);
  g_assert_cmpint (queue->retry_after, ==, 7);
  /* What happened, never a promise: whoever shows it knows whether
   * Kumo will try again. */
  g_assert_nonnull (strstr (gerror->message, "queue is full"));
  g_assert_null (strstr (gerror->message, "again"));
  g_assert_nonnull (strstr (gerror->message, "“Too many queued jobs”"));
  g_assert_cmpint (billing->code, ==, KUMO_CLIENT_ERROR_NO_API_ACCESS);
  g_assert_cmpint (cloud->code, ==, KUMO_CLIENT_ERROR_QUEUE_FULL);
  g_assert_cmpint (cloud->retry_after, ==, 30);
  g_assert_cmpint (inactive->code, ==, KUMO_CLIENT_ERROR_NO_API_ACCESS);
}

static void
test_http_error_statuses (void)
{
  const struct { guint status; KumoClientError code; } cases[] = {
    { 401, KUMO_CLIENT_ERROR_UNAUTHORIZED },
    { 402, KUMO_CLIENT_ERROR_NO_API_ACCESS },
    { 403, KUMO_CLIENT_ERROR_FORBIDDEN },
    { 404, KUMO_CLIENT_ERROR_NOT_FOUND },
    { 413, KUMO_CLIENT_ERROR_TOO_LARGE },
    { 418, KUMO_CLIENT_ERROR_BAD_REQUEST },
    { 500, KUMO_CLIENT_ERROR_SERVER },
    { 503, KUMO_CLIENT_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KumoHttpError) error = parse (cases[i].status, NULL, NULL, NULL);
      g_autoptr(GError) gerror = kumo_http_error_to_gerror (error);

      g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_null (error->message);
      g_assert_error (gerror, KUMO_CLIENT_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (strlen (gerror->message), >, 10);
    }
}

/* Plain text and a proxy's HTML page come back as short plain text. */
static void
test_http_error_text_bodies (void)
{
  g_autoptr(KumoHttpError) text = parse (500, "text/plain", "  Internal\n  Server   Error \n", NULL);
  g_autoptr(KumoHttpError) html = parse (502, "text/html",
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>", NULL);
  g_autoptr(KumoHttpError) bare = parse (503, NULL, "<HTML><BODY><P>Service <B>Unavailable</B></P></BODY></HTML>", NULL);
  g_autoptr(KumoHttpError) quoted = parse (401, "application/json", "\"Invalid API key\"", NULL);
  GString *novel = g_string_new (NULL);
  g_autoptr(KumoHttpError) longer = NULL;

  g_assert_cmpstr (text->message, ==, "Internal Server Error");
  g_assert_cmpstr (html->message, ==, "502 Bad Gateway");
  g_assert_cmpstr (bare->message, ==, "Service Unavailable");
  g_assert_cmpstr (quoted->message, ==, "Invalid API key");

  for (guint i = 0; i < 500; i++)
    g_string_append (novel, "word ");
  longer = parse (500, NULL, novel->str, NULL);
  g_assert_true (g_str_has_suffix (longer->message, "…"));
  g_assert_cmpuint (g_utf8_strlen (longer->message, -1), <=, 301);
  g_string_free (novel, TRUE);
}

static void
test_http_error_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);

  g_assert_cmpint (kumo_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpint (kumo_parse_retry_after (" 5 ", now), ==, 5);
  g_assert_cmpint (kumo_parse_retry_after ("Sat, 28 Nov 2026 11:00:00 GMT", now), ==, 0);
  g_assert_cmpint (kumo_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (kumo_parse_retry_after ("-3", now), ==, -1);
  g_assert_cmpint (kumo_parse_retry_after (NULL, now), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/http-error/prompt-rejected", test_http_error_prompt_rejected);
  g_test_add_func ("/kumo/http-error/string-error", test_http_error_string_error);
  g_test_add_func ("/kumo/http-error/429", test_http_error_429);
  g_test_add_func ("/kumo/http-error/statuses", test_http_error_statuses);
  g_test_add_func ("/kumo/http-error/text-bodies", test_http_error_text_bodies);
  g_test_add_func ("/kumo/http-error/retry-after", test_http_error_retry_after);

  return g_test_run ();
}
