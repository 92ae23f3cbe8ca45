/* kumo-problem.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * One thing wrong with a workflow, found by Kumo's own validation or
 * reported by a server (`node_errors`, docs/protocol.md §6). Both use the
 * server's vocabulary for @type, so the editor shows them the same way.
 */
typedef struct
{
  char *node_id;     /* NULL for a problem of the whole workflow */
  char *class_type;
  char *input_name;  /* NULL for a problem of the whole node */
  char *type;        /* "value_bigger_than_max", "missing_node_type", … */
  char *message;     /* a sentence for people, translated */
  char *details;
} KumoProblem;

#define KUMO_TYPE_PROBLEM (kumo_problem_get_type ())

GType        kumo_problem_get_type (void) G_GNUC_CONST;
KumoProblem *kumo_problem_new      (const char        *node_id,
                                    const char        *class_type,
                                    const char        *input_name,
                                    const char        *type,
                                    const char        *message,
                                    const char        *details);
KumoProblem *kumo_problem_copy     (const KumoProblem *problem);
void         kumo_problem_free     (KumoProblem       *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoProblem, kumo_problem_free)

G_END_DECLS
