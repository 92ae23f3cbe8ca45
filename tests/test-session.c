/* test-session.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kumo-emulator.h"
#include "kumo-session.h"
#include "kumo-test-utils.h"

/* How a session stands with its server, as the header bar shows it. */

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

static void
wait_for_state (KumoSession      *session,
                KumoSessionState  state)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, NULL);

  while (kumo_session_get_state (session) != state)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Connects to @url (with @api_key, never the keyring's) and waits for
 * the answer. */
static KumoSession *
connect_to (const char *url,
            gboolean    cloud,
            const char *api_key)
{
  KumoSession *session = kumo_session_new (url);
  g_autoptr(GAsyncResult) result = NULL;

  if (cloud)
    kumo_session_set_flavor (session, KUMO_FLAVOR_CLOUD);
  kumo_session_set_api_key (session, api_key);
  kumo_session_connect_async (session, NULL, kumo_test_store_result_cb, &result);
  kumo_session_connect_finish (session, kumo_test_wait_result (&result), NULL);
  return session;
}

static KumoEmulator *
start_emulator (KumoEmulatorFlavor  flavor,
                const char         *api_key,
                guint               port)
{
  KumoEmulator *emulator = kumo_emulator_new (flavor, api_key, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kumo_emulator_listen (emulator, port, &error));
  g_assert_no_error (error);
  return emulator;
}

/* The outcomes a new user meets are told apart: connected, no key, a
 * wrong key, a plan without API access, nobody there. */
static void
test_session_states (void)
{
  g_autoptr(KumoEmulator) local = start_emulator (KUMO_EMULATOR_LOCAL, NULL, 0);
  g_autoptr(KumoEmulator) cloud = start_emulator (KUMO_EMULATOR_CLOUD, "right-key", 0);
  g_autofree char *local_url = kumo_emulator_dup_base_url (local);
  g_autofree char *cloud_url = kumo_emulator_dup_base_url (cloud);
  struct {
    const char       *url;
    gboolean          cloud;
    const char       *key;
    gboolean          no_api_access;
    KumoSessionState  state;
  } cases[] = {
    { local_url, FALSE, NULL, FALSE, KUMO_SESSION_CONNECTED },
    { cloud_url, TRUE, "right-key", FALSE, KUMO_SESSION_CONNECTED },
    { cloud_url, TRUE, NULL, FALSE, KUMO_SESSION_NEEDS_KEY },
    { cloud_url, TRUE, "wrong-key", FALSE, KUMO_SESSION_KEY_REJECTED },
    { cloud_url, TRUE, "right-key", TRUE, KUMO_SESSION_NO_API_ACCESS },
    { "http://127.0.0.1:9", FALSE, NULL, FALSE, KUMO_SESSION_UNREACHABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KumoSession) session = NULL;

      kumo_emulator_get_faults (cloud)->no_api_access = cases[i].no_api_access;
      session = connect_to (cases[i].url, cases[i].cloud, cases[i].key);
      g_assert_cmpint (kumo_session_get_state (session), ==, cases[i].state);
      if (cases[i].state == KUMO_SESSION_CONNECTED)
        {
          g_assert_null (kumo_session_get_error (session));
          g_assert_cmpint (kumo_session_get_flavor (session), ==,
                           cases[i].cloud ? KUMO_FLAVOR_CLOUD : KUMO_FLAVOR_LOCAL);
        }
      else
        {
          g_assert_nonnull (kumo_session_get_error (session));
          g_assert_cmpstr (kumo_session_get_error (session)->message, !=, "");
        }
      /* Nobody is asked again unless the session is told to. */
      g_assert_cmpint (kumo_session_get_retry_at (session), ==, 0);
    }
}

/* A server that is not there yet is tried again until it is, and the
 * session says when the next try is; a server that goes away later
 * makes it "reconnecting" until the socket is back. */
static void
test_session_reconnects (void)
{
  g_autoptr(KumoEmulator) emulator = start_emulator (KUMO_EMULATOR_LOCAL, NULL, 0);
  g_autofree char *url = kumo_emulator_dup_base_url (emulator);
  guint port = (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  g_autoptr(KumoSession) session = kumo_session_new (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 retry_at;

  /* Gone: its port is free, and nothing answers there. */
  g_clear_object (&emulator);

  kumo_session_set_api_key (session, NULL);
  kumo_session_set_auto_reconnect (session, TRUE);
  kumo_session_connect_async (session, NULL, kumo_test_store_result_cb, &result);
  g_assert_false (kumo_session_connect_finish (session, kumo_test_wait_result (&result), &error));
  g_assert_cmpint (kumo_session_get_state (session), ==, KUMO_SESSION_UNREACHABLE);
  retry_at = kumo_session_get_retry_at (session);
  g_assert_cmpint (retry_at, >, g_get_monotonic_time ());
  g_assert_cmpint (retry_at, <=, g_get_monotonic_time () + 3 * G_USEC_PER_SEC);

  /* The server starts: the next try finds it. */
  emulator = start_emulator (KUMO_EMULATOR_LOCAL, NULL, port);
  wait_for_state (session, KUMO_SESSION_CONNECTED);
  g_assert_cmpint (kumo_session_get_retry_at (session), ==, 0);

  /* Connected and following jobs; then the server goes down. */
  kumo_event_stream_set_backoff (kumo_job_queue_get_stream (kumo_session_get_queue (session)), 50, 200);
  while (!kumo_event_stream_get_connected (kumo_job_queue_get_stream (kumo_session_get_queue (session))))
    g_main_context_iteration (NULL, TRUE);
  kumo_emulator_get_faults (emulator)->down = TRUE;
  kumo_emulator_drop_sockets (emulator);
  wait_for_state (session, KUMO_SESSION_RECONNECTING);
  while (kumo_session_get_retry_at (session) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* And comes back. */
  kumo_emulator_get_faults (emulator)->down = FALSE;
  wait_for_state (session, KUMO_SESSION_CONNECTED);
  g_assert_null (kumo_session_get_error (session));
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/session/states", test_session_states);
  g_test_add_func ("/kumo/session/reconnects", test_session_reconnects);

  return g_test_run ();
}
