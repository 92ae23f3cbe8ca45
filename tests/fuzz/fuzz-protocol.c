/* fuzz-protocol.c — libFuzzer target for what servers send
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-http-error.h"
#include "kumo-output.h"
#include "kumo-problem.h"
#include "kumo-ws-event.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The first byte picks the parser: a WebSocket text frame, a binary frame
 * (with or without prompt ids in text frames), or an HTTP error body with
 * the status in the second byte. Everything must parse or fail cleanly,
 * and every message for people must be valid UTF-8. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 2)
    return 0;

  rest = g_bytes_new (data + 2, size - 2);

  switch (data[0] % 4)
    {
    case 0:
      {
        g_autoptr(KumoWsEvent) event = kumo_ws_event_parse_text ((const char *) data + 2, size - 2, &error);

        if (event != NULL && event->output != NULL)
          {
            g_autoptr(GPtrArray) files = kumo_outputs_scan (event->output, event->node);

            for (guint i = 0; i < files->len; i++)
              {
                KumoOutputFile *file = g_ptr_array_index (files, i);
                g_autofree char *name = kumo_sanitize_filename (file->filename);
                g_autofree char *folder = kumo_sanitize_subfolder (file->subfolder);

                g_assert_null (strchr (name, '/'));
                g_assert_true (strstr (folder, "..") == NULL || strstr (folder, "/..") == NULL);
              }
          }
      }
      break;

    case 1:
    case 2:
      {
        g_autoptr(KumoWsEvent) event = kumo_ws_event_parse_binary (rest, data[0] % 4 == 2, &error);

        if (event != NULL && event->text != NULL)
          g_assert_true (g_utf8_validate (event->text, -1, NULL));
      }
      break;

    default:
      {
        g_autoptr(KumoHttpError) http = kumo_http_error_parse (400 + data[1] % 200, NULL, rest, NULL, NULL);
        g_autoptr(GError) gerror = kumo_http_error_to_gerror (http);

        g_assert_true (g_utf8_validate (gerror->message, -1, NULL));
        for (guint i = 0; http->problems != NULL && i < http->problems->len; i++)
          g_assert_true (g_utf8_validate (((KumoProblem *) g_ptr_array_index (http->problems, i))->message, -1, NULL));
      }
      break;
    }

  return 0;
}
