/* test-job-state.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kumo-job-state.h"
#include "kumo-test-utils.h"

/* The raw cloud vocabulary, the friendly one, and anything new. */
static void
test_job_state_mapping (void)
{
  const struct { const char *status; KumoJobState state; gboolean terminal; } cases[] = {
    { "submitted", KUMO_JOB_STATE_PENDING, FALSE },
    { "queued_limited", KUMO_JOB_STATE_PENDING, FALSE },
    { "pending_execution", KUMO_JOB_STATE_PENDING, FALSE },
    { "executing", KUMO_JOB_STATE_RUNNING, FALSE },
    { "executed", KUMO_JOB_STATE_RUNNING, FALSE },
    { "erroring", KUMO_JOB_STATE_RUNNING, FALSE },
    { "cancel_requested", KUMO_JOB_STATE_RUNNING, FALSE },
    { "success", KUMO_JOB_STATE_SUCCEEDED, TRUE },
    { "error", KUMO_JOB_STATE_FAILED, TRUE },
    { "non_retryable_error", KUMO_JOB_STATE_FAILED, TRUE },
    { "lost", KUMO_JOB_STATE_FAILED, TRUE },
    { "cancelled", KUMO_JOB_STATE_CANCELLED, TRUE },
    { "pending", KUMO_JOB_STATE_PENDING, FALSE },
    { "in_progress", KUMO_JOB_STATE_RUNNING, FALSE },
    { "completed", KUMO_JOB_STATE_SUCCEEDED, TRUE },
    { "failed", KUMO_JOB_STATE_FAILED, TRUE },
    { "Success", KUMO_JOB_STATE_SUCCEEDED, TRUE },
    /* The OpenAPI enum's "waiting_to_dispatch", and states yet unknown. */
    { "waiting_to_dispatch", KUMO_JOB_STATE_RUNNING, FALSE },
    { "warming_up_gpus", KUMO_JOB_STATE_RUNNING, FALSE },
    { NULL, KUMO_JOB_STATE_RUNNING, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KumoJobState state = kumo_job_state_from_status (cases[i].status);

      g_assert_cmpint (state, ==, cases[i].state);
      g_assert_cmpint (kumo_job_state_is_terminal (state), ==, cases[i].terminal);
    }

  g_assert_cmpstr (kumo_job_state_to_string (KUMO_JOB_STATE_CANCELLED), ==, "cancelled");
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/kumo/job-state/mapping", test_job_state_mapping);

  return g_test_run ();
}
