/* kumo-job-state.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One state machine for every server's vocabulary (docs/protocol.md §4.1). */
typedef enum
{
  KUMO_JOB_STATE_PENDING,
  KUMO_JOB_STATE_RUNNING,
  KUMO_JOB_STATE_SUCCEEDED,
  KUMO_JOB_STATE_FAILED,
  KUMO_JOB_STATE_CANCELLED,
} KumoJobState;

KumoJobState  kumo_job_state_from_status  (const char   *status);
gboolean      kumo_job_state_is_terminal  (KumoJobState  state);
const char   *kumo_job_state_to_string    (KumoJobState  state);

G_END_DECLS
