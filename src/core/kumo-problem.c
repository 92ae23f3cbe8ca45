/* kumo-problem.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-problem"

#include "config.h"

#include "kumo-problem.h"

G_DEFINE_BOXED_TYPE (KumoProblem, kumo_problem, kumo_problem_copy, kumo_problem_free)

KumoProblem *
kumo_problem_new (const char *node_id,
                  const char *class_type,
                  const char *input_name,
                  const char *type,
                  const char *message,
                  const char *details)
{
  KumoProblem *problem;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (KumoProblem, 1);
  problem->node_id = g_strdup (node_id);
  problem->class_type = g_strdup (class_type);
  problem->input_name = g_strdup (input_name);
  problem->type = g_strdup (type);
  problem->message = g_strdup (message);
  problem->details = g_strdup (details);

  return problem;
}

KumoProblem *
kumo_problem_copy (const KumoProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return kumo_problem_new (problem->node_id, problem->class_type, problem->input_name,
                           problem->type, problem->message, problem->details);
}

void
kumo_problem_free (KumoProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->node_id);
  g_free (problem->class_type);
  g_free (problem->input_name);
  g_free (problem->type);
  g_free (problem->message);
  g_free (problem->details);
  g_free (problem);
}
