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
               GBytes        *object_info)
{
  g_autoptr(GError) error = NULL;

  f->emulator = kumo_emulator_new (flavor, key, object_info);
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

static KumoJson *
error_item (KumoJson   *node_errors,
            const char *node_id)
{
  KumoJson *errors = kumo_json_object_get_typed (kumo_json_object_get (node_errors, node_id), "errors",
                                                 KUMO_JSON_ARRAY);

  g_assert_cmpuint (kumo_json_array_get_length (errors), ==, 1);
  return kumo_json_array_get (errors, 0);
}

/* With node definitions the emulator refuses as ComfyUI does, in its
 * words: only what an output needs is checked, a LoadImage file that is
 * not there and a MASK where an IMAGE goes are reported on their nodes. */
static void
test_emulator_rejects_invalid (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_data_path ("dynamic-inputs.json");
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(KumoJson) json = NULL;
  KumoJson *node_errors, *item, *error;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  submit = post_prompt (&f, workflow, NULL, NULL);
  answer = request (&f, submit);

  g_assert_cmpuint (soup_message_get_status (submit), ==, 400);
  json = kumo_json_parse (answer, NULL);
  error = kumo_json_object_get (json, "error");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "type", NULL), ==, "prompt_outputs_failed_validation");
  g_assert_cmpstr (kumo_json_object_get_string_or (error, "message", NULL), ==, "Prompt outputs failed validation");
  node_errors = kumo_json_object_get (json, "node_errors");
  /* Node 1 feeds no output: ComfyUI does not look at it. */
  g_assert_null (kumo_json_object_get (node_errors, "1"));

  item = error_item (node_errors, "2");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "type", NULL), ==, "custom_validation_failed");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "details", NULL), ==, "image - Invalid image file: cat.png");

  item = error_item (node_errors, "3");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "type", NULL), ==, "return_type_mismatch");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "message", NULL), ==, "Return type mismatch between linked nodes");
  g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (item, "extra_info"), "input_name", NULL), ==,
                   "images.image1");
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 0);

  fixture_teardown (&f);
}

/* The emulator has the models the shared fixtures load, lists them in
 * the node definitions it serves, and refuses others as ComfyUI does:
 * the SD1.5 workflow that `build-aux/dev run` opens runs. */
static void
test_emulator_models (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autofree char *changed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info_url = NULL;
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(SoupMessage) refused = NULL;
  g_autoptr(SoupMessage) info = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) served = NULL;
  g_autoptr(KumoJson) json = NULL;
  g_autoptr(KumoJson) catalog = NULL;
  KumoJson *item, *choices;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));

  submit = post_prompt (&f, workflow, NULL, NULL);
  g_clear_pointer (&answer, g_bytes_unref);
  answer = request (&f, submit);
  g_assert_cmpuint (soup_message_get_status (submit), ==, 200);

  info_url = g_strdup_printf ("%s/object_info/CheckpointLoaderSimple", f.base);
  info = soup_message_new ("GET", info_url);
  served = request (&f, info);
  catalog = kumo_json_parse (served, NULL);
  choices = kumo_json_array_get (kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (
              kumo_json_object_get (catalog, "CheckpointLoaderSimple"), "input"), "required"), "ckpt_name"), 0);
  g_assert_cmpuint (kumo_json_array_get_length (choices), >, 0);
  g_assert_cmpstr (kumo_json_get_string (kumo_json_array_get (choices, 0)), ==, "dreamshaper_8.safetensors");

  /* A model it does not have. */
  g_assert_true (g_file_get_contents (workflow, &text, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  changed = g_build_filename (g_get_user_data_dir (), "other-model.json", NULL);
  {
    g_autoptr(GString) edited = g_string_new (text);

    g_assert_cmpuint (g_string_replace (edited, "dreamshaper_8.safetensors", "missing.safetensors", 0), ==, 1);
    g_assert_true (g_file_set_contents (changed, edited->str, -1, NULL));
  }
  refused = post_prompt (&f, changed, NULL, NULL);
  g_clear_pointer (&answer, g_bytes_unref);
  answer = request (&f, refused);
  g_assert_cmpuint (soup_message_get_status (refused), ==, 400);
  json = kumo_json_parse (answer, NULL);
  item = error_item (kumo_json_object_get (json, "node_errors"), "4");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "type", NULL), ==, "value_not_in_list");
  g_assert_cmpstr (kumo_json_object_get_string_or (item, "message", NULL), ==, "Value not in list");
  g_assert_true (g_str_has_prefix (kumo_json_object_get_string_or (item, "details", ""),
                                   "ckpt_name: 'missing.safetensors' not in ['"));

  fixture_teardown (&f);
}

/* GET /api/jobs lists every job, newest first, and a job's record keeps
 * the extra_data it was sent with (without the key). */
static void
test_emulator_jobs_list (void)
{
  Fixture f = { 0 };
  g_autofree char *workflow = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *record_url = NULL;
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(SoupMessage) list = NULL;
  g_autoptr(SoupMessage) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) listed = NULL;
  g_autoptr(GBytes) detail = NULL;
  g_autoptr(KumoJson) jobs = NULL;
  g_autoptr(KumoJson) job = NULL;
  g_autoptr(KumoJson) accepted = NULL;
  KumoJson *extra;

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, NULL);
  g_assert_true (g_file_get_contents (workflow, &text, NULL, NULL));
  body = g_strdup_printf ("{\"prompt\": %s, \"extra_data\": {\"kumo_job\": \"mark-1\", "
                          "\"api_key_comfy_org\": \"sekret\"}}", text);
  url = g_strdup_printf ("%s/api/prompt", f.base);
  submit = soup_message_new ("POST", url);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (submit, "application/json", bytes);
  answer = request (&f, submit);
  accepted = kumo_json_parse (answer, NULL);

  g_free (url);
  url = g_strdup_printf ("%s/api/jobs?sort_order=desc&limit=10", f.base);
  list = soup_message_new ("GET", url);
  listed = request (&f, list);
  jobs = kumo_json_parse (listed, NULL);
  g_assert_cmpuint (kumo_json_array_get_length (kumo_json_object_get (jobs, "jobs")), ==, 1);
  g_assert_false (kumo_json_object_get_boolean_or (kumo_json_object_get (jobs, "pagination"), "has_more", TRUE));

  record_url = g_strdup_printf ("%s/api/jobs/%s", f.base, kumo_json_object_get_string_or (accepted, "prompt_id", ""));
  record = soup_message_new ("GET", record_url);
  detail = request (&f, record);
  job = kumo_json_parse (detail, NULL);
  extra = kumo_json_object_get (kumo_json_object_get (job, "workflow"), "extra_data");
  g_assert_cmpstr (kumo_json_object_get_string_or (extra, "kumo_job", NULL), ==, "mark-1");
  g_assert_null (kumo_json_object_get (extra, "api_key_comfy_org"));

  fixture_teardown (&f);
}

static gboolean
is_full_png (const KumoWsEvent *event)
{
  return g_strcmp0 (event->image_mime, "image/png") == 0 && g_bytes_get_size (event->image) > 1000;
}

/* SaveImageWebsocket sends its image, full size as a PNG, over the
 * socket, and no executed: the flow of ComfyUI's own websocket example. */
static void
test_emulator_websocket_images (void)
{
  Fixture f = { 0 };
  g_autofree char *fixture = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "ws-images.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(SoupMessage) submit = NULL;
  g_autoptr(GBytes) answer = NULL;

  g_assert_true (g_file_get_contents (fixture, &text, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  edited = g_string_new (text);
  g_string_replace (edited, "\"SaveImage\"", "\"SaveImageWebsocket\"", 0);
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));

  fixture_setup (&f, KUMO_EMULATOR_LOCAL, NULL, NULL);
  kumo_emulator_set_image_size (f.emulator, 64);
  connect_socket (&f, "clientId=ws");
  wait_for_event (&f, KUMO_WS_STATUS, NULL);
  submit = post_prompt (&f, path, "ws", NULL);
  answer = request (&f, submit);
  g_assert_cmpuint (soup_message_get_status (submit), ==, 200);

  wait_for_event (&f, KUMO_WS_PREVIEW, is_full_png);
  wait_for_event (&f, KUMO_WS_EXECUTING, is_finished);
  for (guint i = 0; i < f.events->len; i++)
    g_assert_cmpint (((KumoWsEvent *) g_ptr_array_index (f.events, i))->kind, !=, KUMO_WS_EXECUTED);

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
  g_test_add_func ("/kumo/emulator/models", test_emulator_models);
  g_test_add_func ("/kumo/emulator/jobs-list", test_emulator_jobs_list);
  g_test_add_func ("/kumo/emulator/websocket-images", test_emulator_websocket_images);
  g_test_add_func ("/kumo/emulator/instant", test_emulator_instant);

  return g_test_run ();
}
