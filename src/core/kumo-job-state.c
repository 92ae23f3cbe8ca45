/* kumo-job-state.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-job-state"

#include "config.h"

#include <string.h>

#include "kumo-job-state.h"

/*
 * Comfy Cloud's GET /api/job/{id}/status answers with its raw internal
 * states; GET /api/jobs and local ComfyUI with friendly ones; history
 * entries with status_str. The docs' OpenAPI enum is wrong, and new raw
 * states appear, so anything unknown means "still running": only the
 * known terminal values end a job.
 */
static const struct {
  const char   *status;
  KumoJobState  state;
} table[] = {
  /* friendly (/api/jobs, local) */
  { "pending", KUMO_JOB_STATE_PENDING },
  { "in_progress", KUMO_JOB_STATE_RUNNING },
  { "completed", KUMO_JOB_STATE_SUCCEEDED },
  { "failed", KUMO_JOB_STATE_FAILED },
  { "cancelled", KUMO_JOB_STATE_CANCELLED },
  /* raw cloud states, pending */
  { "submitted", KUMO_JOB_STATE_PENDING },
  { "queued_limited", KUMO_JOB_STATE_PENDING },
  { "queued_waiting", KUMO_JOB_STATE_PENDING },
  { "allocated", KUMO_JOB_STATE_PENDING },
  { "preparing", KUMO_JOB_STATE_PENDING },
  { "pending_execution", KUMO_JOB_STATE_PENDING },
  /* raw cloud states, running or on their way to an end */
  { "executing", KUMO_JOB_STATE_RUNNING },
  { "executed", KUMO_JOB_STATE_RUNNING },
  { "erroring", KUMO_JOB_STATE_RUNNING },
  { "cancel_requested", KUMO_JOB_STATE_RUNNING },
  { "cancel_pending", KUMO_JOB_STATE_RUNNING },
  { "cancelling_preparing", KUMO_JOB_STATE_RUNNING },
  /* raw cloud terminal states */
  { "success", KUMO_JOB_STATE_SUCCEEDED },
  { "error", KUMO_JOB_STATE_FAILED },
  { "non_retryable_error", KUMO_JOB_STATE_FAILED },
  { "lost", KUMO_JOB_STATE_FAILED },
};

/**
 * kumo_job_state_from_status:
 * @status: (nullable): a status string from any server
 *
 * Returns: the state; unknown or missing statuses are %KUMO_JOB_STATE_RUNNING
 */
KumoJobState
kumo_job_state_from_status (const char *status)
{
  if (status == NULL)
    return KUMO_JOB_STATE_RUNNING;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (table[i].status, status) == 0)
      return table[i].state;

  return KUMO_JOB_STATE_RUNNING;
}

gboolean
kumo_job_state_is_terminal (KumoJobState state)
{
  return state == KUMO_JOB_STATE_SUCCEEDED ||
         state == KUMO_JOB_STATE_FAILED ||
         state == KUMO_JOB_STATE_CANCELLED;
}

const char *
kumo_job_state_to_string (KumoJobState state)
{
  switch (state)
    {
    case KUMO_JOB_STATE_PENDING: return "pending";
    case KUMO_JOB_STATE_RUNNING: return "running";
    case KUMO_JOB_STATE_SUCCEEDED: return "succeeded";
    case KUMO_JOB_STATE_FAILED: return "failed";
    case KUMO_JOB_STATE_CANCELLED: return "cancelled";
    default: return "running";
    }
}
