/* test-ws-event.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-output.h"
#include "kumo-ws-event.h"
#include "kumo-test-utils.h"

static KumoWsEvent *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  KumoWsEvent *event = kumo_ws_event_parse_text (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
test_ws_event_status (void)
{
  g_autoptr(KumoWsEvent) first = parse_text ("{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 2}}, \"sid\": \"abc123\"}}");
  g_autoptr(KumoWsEvent) null_status = parse_text ("{\"type\": \"status\", \"data\": null}");

  g_assert_cmpint (first->kind, ==, KUMO_WS_STATUS);
  g_assert_cmpstr (first->sid, ==, "abc123");
  g_assert_cmpint (first->queue_remaining, ==, 2);
  g_assert_cmpint (null_status->kind, ==, KUMO_WS_STATUS);
  g_assert_cmpint (null_status->queue_remaining, ==, -1);
}

static void
test_ws_event_execution (void)
{
  g_autoptr(KumoWsEvent) executing = parse_text ("{\"type\": \"executing\", \"data\": {\"node\": \"398:370\", \"display_node\": \"398\", \"prompt_id\": \"p1\"}}");
  g_autoptr(KumoWsEvent) done = parse_text ("{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p1\"}}");
  /* After a reconnect the server repeats "executing" without prompt_id. */
  g_autoptr(KumoWsEvent) replay = parse_text ("{\"type\": \"executing\", \"data\": {\"node\": \"3\"}}");
  g_autoptr(KumoWsEvent) progress = parse_text ("{\"type\": \"progress\", \"data\": {\"value\": 7, \"max\": 20, \"prompt_id\": \"p1\", \"node\": 3}}");
  g_autoptr(KumoWsEvent) cached = parse_text ("{\"type\": \"execution_cached\", \"data\": {\"nodes\": [\"4\", 5], \"prompt_id\": \"p1\", \"timestamp\": 1}}");
  g_autoptr(KumoWsEvent) error = parse_text ("{\"type\": \"execution_error\", \"data\": {\"prompt_id\": \"p1\", \"node_id\": \"3\", \"node_type\": \"KSampler\","
                                             " \"exception_type\": \"torch.OutOfMemoryError\", \"exception_message\": \"CUDA out of memory\", \"traceback\": []}}");

  g_assert_cmpint (executing->kind, ==, KUMO_WS_EXECUTING);
  g_assert_cmpstr (executing->node, ==, "398:370");
  g_assert_cmpstr (executing->display_node, ==, "398");
  g_assert_false (executing->finished);
  g_assert_true (done->finished);
  g_assert_null (replay->prompt_id);
  g_assert_cmpstr (progress->node, ==, "3");
  g_assert_cmpint (progress->value, ==, 7);
  g_assert_cmpint (progress->max, ==, 20);
  g_assert_cmpuint (g_strv_length (cached->cached_nodes), ==, 2);
  g_assert_cmpstr (cached->cached_nodes[1], ==, "5");
  g_assert_cmpstr (error->node, ==, "3");
  g_assert_cmpstr (error->node_type, ==, "KSampler");
  g_assert_cmpstr (error->exception_type, ==, "torch.OutOfMemoryError");
}

static void
test_ws_event_progress_state (void)
{
  g_autoptr(KumoWsEvent) event = parse_text (
    "{\"type\": \"progress_state\", \"data\": {\"prompt_id\": \"p1\", \"nodes\": {"
    "\"4\": {\"value\": 1, \"max\": 1, \"state\": \"finished\", \"node_id\": \"4\"},"
    "\"3\": {\"value\": 5, \"max\": 20, \"state\": \"running\", \"node_id\": \"3\"}}}}");

  g_assert_cmpint (event->kind, ==, KUMO_WS_PROGRESS_STATE);
  g_assert_cmpuint (event->nodes_seen, ==, 2);
  g_assert_cmpuint (event->nodes_finished, ==, 1);
  g_assert_cmpstr (event->node, ==, "3");
  g_assert_cmpint (event->value, ==, 5);
}

/* Outputs are found under any key: images, gifs, audio, video. */
static void
test_ws_event_executed_outputs (void)
{
  g_autoptr(KumoWsEvent) event = parse_text (
    "{\"type\": \"executed\", \"data\": {\"node\": \"75\", \"prompt_id\": \"p1\", \"output\": {"
    "\"images\": [{\"filename\": \"clip_00001_.mp4\", \"subfolder\": \"video\", \"type\": \"output\"}], \"animated\": [true],"
    "\"gifs\": [{\"filename\": \"AnimateDiff_0001.gif\", \"subfolder\": \"\", \"type\": \"output\", \"format\": \"image/gif\"}],"
    "\"audio\": [{\"filename\": \"radio.mp3\", \"subfolder\": \"audio\", \"type\": \"output\"}],"
    "\"text\": [\"a caption\"]}}}");
  g_autoptr(GPtrArray) files = kumo_outputs_scan (event->output, event->node);
  const KumoOutputFile *video, *gif, *audio;

  g_assert_cmpint (event->kind, ==, KUMO_WS_EXECUTED);
  g_assert_cmpuint (files->len, ==, 3);
  video = g_ptr_array_index (files, 0);
  gif = g_ptr_array_index (files, 1);
  audio = g_ptr_array_index (files, 2);
  g_assert_cmpstr (video->node_id, ==, "75");
  g_assert_cmpstr (video->subfolder, ==, "video");
  g_assert_cmpint (video->kind, ==, KUMO_OUTPUT_VIDEO);
  g_assert_cmpint (gif->kind, ==, KUMO_OUTPUT_ANIMATION);
  g_assert_cmpint (audio->kind, ==, KUMO_OUTPUT_AUDIO);
}

static void
test_ws_event_unknown_and_invalid (void)
{
  g_autoptr(KumoWsEvent) custom = parse_text ("{\"type\": \"crystools.monitor\", \"data\": {\"cpu\": 5}}");
  g_autoptr(GError) error = NULL;
  KumoWsEvent *event;

  g_assert_cmpint (custom->kind, ==, KUMO_WS_OTHER);
  g_assert_cmpstr (custom->type, ==, "crystools.monitor");

  event = kumo_ws_event_parse_text ("{\"data\": {}}", 12, &error);
  g_assert_null (event);
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID);
  g_clear_error (&error);

  event = kumo_ws_event_parse_text ("not json", 8, &error);
  g_assert_null (event);
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID);
}

static GBytes *
frame (guint32       type,
       const guint8 *rest,
       gsize         len)
{
  guint8 *data = g_malloc (4 + len);

  data[0] = type >> 24;
  data[1] = type >> 16;
  data[2] = type >> 8;
  data[3] = type;
  memcpy (data + 4, rest, len);
  return g_bytes_new_take (data, 4 + len);
}

static void
test_ws_event_binary_previews (void)
{
  const guint8 png[] = { 0, 0, 0, 2, 0x89, 'P', 'N', 'G' };
  const guint8 jpeg[] = { 0, 0, 0, 1, 0xFF, 0xD8 };
  const char *meta = "{\"node_id\": \"3\", \"display_node_id\": \"3\", \"prompt_id\": \"p9\", \"image_type\": \"image/png\", \"parent_node_id\": null}";
  g_autoptr(GByteArray) with_meta = g_byte_array_new ();
  guint8 len_be[4] = { 0, 0, 0, strlen (meta) };
  g_autoptr(GBytes) f1 = frame (1, png, sizeof png);
  g_autoptr(GBytes) f2 = frame (1, jpeg, sizeof jpeg);
  g_autoptr(GBytes) f4 = NULL;
  g_autoptr(KumoWsEvent) e1 = kumo_ws_event_parse_binary (f1, FALSE, NULL);
  g_autoptr(KumoWsEvent) e2 = kumo_ws_event_parse_binary (f2, FALSE, NULL);
  g_autoptr(KumoWsEvent) e4 = NULL;

  g_byte_array_append (with_meta, len_be, 4);
  g_byte_array_append (with_meta, (const guint8 *) meta, strlen (meta));
  g_byte_array_append (with_meta, (const guint8 *) "\x89PNG", 4);
  f4 = frame (4, with_meta->data, with_meta->len);
  e4 = kumo_ws_event_parse_binary (f4, FALSE, NULL);

  /* The format is at offset 4, after the type. */
  g_assert_cmpint (e1->kind, ==, KUMO_WS_PREVIEW);
  g_assert_cmpstr (e1->image_mime, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (e1->image), ==, 4);
  g_assert_cmpstr (e2->image_mime, ==, "image/jpeg");

  g_assert_cmpstr (e4->prompt_id, ==, "p9");
  g_assert_cmpstr (e4->node, ==, "3");
  g_assert_cmpstr (e4->image_mime, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (e4->image, NULL), 4, "\x89PNG", 4);
}

static void
test_ws_event_binary_text (void)
{
  const guint8 text[] = { 0, 0, 0, 2, '1', '2', 'S', 't', 'a', 't', 'u', 's', ':', ' ', 'Q' };
  const guint8 with_prompt[] = { 0, 0, 0, 2, 'p', '1', 0, 0, 0, 1, '7', 'h', 'i' };
  g_autoptr(GBytes) f = frame (3, text, sizeof text);
  g_autoptr(GBytes) fp = frame (3, with_prompt, sizeof with_prompt);
  g_autoptr(KumoWsEvent) e = kumo_ws_event_parse_binary (f, FALSE, NULL);
  g_autoptr(KumoWsEvent) ep = kumo_ws_event_parse_binary (fp, TRUE, NULL);

  g_assert_cmpint (e->kind, ==, KUMO_WS_PROGRESS_TEXT);
  g_assert_cmpstr (e->node, ==, "12");
  g_assert_cmpstr (e->text, ==, "Status: Q");
  g_assert_null (e->prompt_id);
  g_assert_cmpstr (ep->prompt_id, ==, "p1");
  g_assert_cmpstr (ep->node, ==, "7");
  g_assert_cmpstr (ep->text, ==, "hi");
}

/* Short frames fail cleanly; unknown types are for the caller to skip. */
static void
test_ws_event_binary_bad (void)
{
  const guint8 short_len[] = { 0, 0, 1, 0, 'x' };
  g_autoptr(GBytes) tiny = g_bytes_new_static ("\0\0", 2);
  g_autoptr(GBytes) cut = frame (4, short_len, sizeof short_len);
  g_autoptr(GBytes) cut_text = frame (3, short_len, sizeof short_len);
  g_autoptr(GBytes) unknown = frame (2, short_len, sizeof short_len);
  g_autoptr(GError) error = NULL;

  g_assert_null (kumo_ws_event_parse_binary (tiny, FALSE, &error));
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kumo_ws_event_parse_binary (cut, FALSE, &error));
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kumo_ws_event_parse_binary (cut_text, FALSE, &error));
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kumo_ws_event_parse_binary (unknown, FALSE, &error));
  g_assert_error (error, KUMO_WS_EVENT_ERROR, KUMO_WS_EVENT_ERROR_UNKNOWN_BINARY);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/ws-event/status", test_ws_event_status);
  g_test_add_func ("/kumo/ws-event/execution", test_ws_event_execution);
  g_test_add_func ("/kumo/ws-event/progress-state", test_ws_event_progress_state);
  g_test_add_func ("/kumo/ws-event/executed-outputs", test_ws_event_executed_outputs);
  g_test_add_func ("/kumo/ws-event/unknown-and-invalid", test_ws_event_unknown_and_invalid);
  g_test_add_func ("/kumo/ws-event/binary-previews", test_ws_event_binary_previews);
  g_test_add_func ("/kumo/ws-event/binary-text", test_ws_event_binary_text);
  g_test_add_func ("/kumo/ws-event/binary-bad", test_ws_event_binary_bad);

  return g_test_run ();
}
