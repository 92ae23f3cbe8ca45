/* test-emulator.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "kumo-emulator.h"
#include "kumo-output.h"
#include "kumo-test-catalog.h"
#include "kumo-ws-event.h"

typedef struct
{
  KumoEmulator            *emulator;
  SoupSession             *session;
  SoupWebsocketConnection *socket;
  GPtrArray               *events;
  char                    *base;
} Fixture;

static void
fixture_setup (Fixture       *f,
               KumoEmulatorFlavor flavor,
               const char    *key,
               KumoNodeCatalog *catalog)
{
  g_autoptr(GError) error = NULL;

  f->emulator = kumo_emulator_new (flavor, key, catalog);
  kumo_emulator_set_timing (f->emulator, 3, 5, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  g_assert_no_error (error);
  f->base = kumo_emulator_dup_base_url (f->emulator);
  f->session = soup_session_new ();
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_ws_event_free);
}

static void
fixture_teardown (Fixture *f)
{
  if (f->socket != NULL)
    soup_websocket_connection_close (f->socket, 1000, NULL);
  g_clear_object (&f->socket);
  g_clear_object (&f->session);
  g_clear_object (&f->emulator);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->base);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static GBytes *
request (Fixture    *f,
         SoupMessage *msg)
{
  GBytes *body = NULL;

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  return body;
}

static void
ws_message_cb (SoupWebsocketConnection *socket,
               int                      type,
               GBytes                  *message,
               Fixture                 *f)
{
  KumoWsEvent *event;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    event = kumo_ws_event_parse_text (data, len, NULL);
  else
    event = kumo_ws_event_parse_binary (message, FALSE, NULL);

  if (event != NULL)
    g_ptr_array_add (f->events, event);
}

static void
ws_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->socket = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  soup_websocket_connection_set_max_incoming_payload_size (f->socket, 0);
  g_signal_connect (f->socket, "message", G_CALLBACK (ws_message_cb), f);
}

static void
connect_socket (Fixture    *f,
                const char *query)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%s/ws?%s", strrchr (f->base, ':') + 1, query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, f);
  while (f->socket == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static const KumoWsEvent *
wait_for_event (Fixture         *f,
                KumoWsEventKind  kind,
                gboolean       (*match) (const KumoWsEvent *event))
{
  guint seen = 0;

  for (guint rounds = 0; rounds < 100000; rounds++)
    {
      for (; seen < f->events->len; seen++)
        {
          const KumoWsEvent *event = g_ptr_array_index (f->events, seen);
          if (event->kind == kind && (match == NULL || match (event)))
            return event;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  g_error ("event never came");
  return NULL;
}

static gboolean
is_finished (const KumoWsEvent *event)
{
  return event->finished;
}

static SoupMessage *
post_prompt (Fixture    *f,
             const char *workflow_path,
             const char *client_id,
             const char *key)
{
  g_autofree char *workflow = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = g_strdup_printf ("%s/api/prompt", f->base);
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg = soup_message_new ("POST", url);

  g_assert_true (g_file_get_contents (workflow_path, &workflow, NULL, NULL));
  body = client_id ? g_strdup_printf ("{\"prompt\": %s, \"client_id\": \"%s\"}", workflow, client_id)
                   : g_strdup_printf ("{\"prompt\": %s}", workflow);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", key);
  return msg;
}

/* Local: submit, follow on the socket, read history, download a PNG. */
static void
test_emulator_local_job (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(KumoJson) json = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *history_url = NULL;
  g_autofree char *view_url = NULL;
  const KumoWsEvent *executed;
  const char *prompt_id;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, NULL);
  connect_socket (&f, "clientId=me");
  wait_for_event (&f, KUMO_WS_STATUS, NULL);
  g_assert_cmpstr (((KumoWsEvent *) g_ptr_array_index (f.events, 0))->sid, ==, "me");

  submit = post_prompt (&f, workflow, "me", NULL);
  answer = request (&f, submit);
  g_assert_cmpuint (soup_message_get_status (submit), ==, 200);
  json = kumo_json_parse (answer, NULL);
  prompt_id = kumo_json_object_get_string_or (json, "prompt_id", NULL);
  g_assert_nonnull (prompt_id);

  executed = wait_for_event (&f, KUMO_WS_EXECUTED, NULL);
  g_assert_cmpstr (executed->prompt_id, ==, prompt_id);
  g_assert_cmpstr (executed->node, ==, "9");
  wait_for_event (&f, KUMO_WS_EXECUTING, is_finished);
  wait_for_event (&f, KUMO_WS_PREVIEW, NULL);
  wait_for_event (&f, KUMO_WS_PROGRESS, NULL);

  files = kumo_outputs_scan (executed->output, executed->node);
  g_assert_cmpuint (files->len, ==, 1);

  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(KumoJson) history = NULL;

    history_url = g_strdup_printf ("%s/history/%s", f.base, prompt_id);
    msg = soup_message_new ("GET", history_url);
    body = request (&f, msg);
    history = kumo_json_parse (body, NULL);
    g_assert_nonnull (kumo_json_object_get (history, prompt_id));
  }

  {
    const KumoOutputFile *file = g_ptr_array_index (files, 0);
    g_autoptr(SoupMessage) msg = NULL;

    view_url = g_strdup_printf ("%s/view?filename=%s&subfolder=%s&type=%s", f.base, file->filename, file->subfolder, file->type);
    msg = soup_message_new ("GET", view_url);
    png = request (&f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  }

  fixture_teardown (&f);
}

/* Cloud: the key is required, and /api/view sends to a storage host that
 * refuses (and counts) requests carrying it. */
static void
test_emulator_cloud_auth_and_redirect (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(SoupMessage) anonymous = NULL;
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) ignored = NULL;
  g_autoptr(GBytes) answer = NULL;
  const KumoWsEvent *executed;
  g_autoptr(GPtrArray) files = NULL;
  const KumoOutputFile *file;
  g_autofree char *view_url = NULL;

  fixture_setup (&f, KUMO_EMULATOR_CLOUD, "sekret", NULL);

  anonymous = post_prompt (&f, workflow, NULL, NULL);
  ignored = request (&f, anonymous);
  g_assert_cmpuint (soup_message_get_status (anonymous), ==, 401);

  connect_socket (&f, "clientId=x&token=sekret");
  submit = post_prompt (&f, workflow, NULL, "sekret");
  answer = request (&f, submit);
  g_assert_cmpuint (soup_message_get_status (submit), ==, 200);

  executed = wait_for_event (&f, KUMO_WS_EXECUTED, NULL);
  files = kumo_outputs_scan (executed->output, executed->node);
  file = g_ptr_array_index (files, 0);
  view_url = g_strdup_printf ("%s/api/view?filename=%s&subfolder=%s&type=%s", f.base, file->filename, file->subfolder, file->type);

  /* A client that lets libsoup follow the 302 with its key leaks it. */
  {
    g_autoptr(SoupMessage) naive = soup_message_new ("GET", view_url);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (naive), "X-API-Key", "sekret");
    body = request (&f, naive);
    g_assert_cmpuint (soup_message_get_status (naive), ==, 400);
    g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 1);
  }

  /* The right way: no redirect, then the Location without the key. */
  {
    g_autoptr(SoupMessage) view = soup_message_new ("GET", view_url);
    g_autoptr(SoupMessage) signed_get = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) png = NULL;
    const char *location;

    soup_message_headers_replace (soup_message_get_request_headers (view), "X-API-Key", "sekret");
    soup_message_add_flags (view, SOUP_MESSAGE_NO_REDIRECT);
    body = request (&f, view);
    g_assert_cmpuint (soup_message_get_status (view), ==, 302);
    location = soup_message_headers_get_one (soup_message_get_response_headers (view), "Location");
    g_assert_nonnull (location);

    signed_get = soup_message_new ("GET", location);
    png = request (&f, signed_get);
    g_assert_cmpuint (soup_message_get_status (signed_get), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (png, NULL), 4, "\x89PNG", 4);
    g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 1);
  }

  fixture_teardown (&f);
}

/* With a catalog the emulator rejects like the server: 400, node_errors. */
static void
test_emulator_rejects_invalid (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_data_path ("dynamic-inputs.json");
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(KumoJson) json = NULL;
  KumoJson *node_errors;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, kumo_test_catalog (KUMO_TEST_CATALOG_2026));
  submit = post_prompt (&f, workflow, NULL, NULL);
  answer = request (&f, submit);

  g_assert_cmpuint (soup_message_get_status (submit), ==, 400);
  json = kumo_json_parse (answer, NULL);
  node_errors = kumo_json_object_get (json, "node_errors");
  g_assert_nonnull (kumo_json_object_get (node_errors, "1"));
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 0);

  fixture_teardown (&f);
}

/* The "instant" fault: everything happens before the POST answer. */
static void
test_emulator_instant (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) answer = NULL;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, NULL);
  kumo_emulator_get_faults (f.emulator)->instant = TRUE;
  connect_socket (&f, "clientId=fast");
  wait_for_event (&f, KUMO_WS_STATUS, NULL);

  submit = post_prompt (&f, workflow, "fast", NULL);
  answer = request (&f, submit);
  g_assert_cmpuint (soup_message_get_status (submit), ==, 200);
  wait_for_event (&f, KUMO_WS_EXECUTION_SUCCESS, NULL);

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/emulator/local-job", test_emulator_local_job);
  g_test_add_func ("/kumo/emulator/cloud-auth-and-redirect", test_emulator_cloud_auth_and_redirect);
  g_test_add_func ("/kumo/emulator/rejects-invalid", test_emulator_rejects_invalid);
  g_test_add_func ("/kumo/emulator/instant", test_emulator_instant);

  return g_test_run ();
}
