/* kumo-workflow-summary.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One input of a sent workflow, as a person reads it. */
typedef struct
{
  char *node_id;
  char *node_title;   /* _meta.title, else the class */
  char *input;
  char *value;        /* the value as text (strings unquoted) */
} KumoWorkflowValue;

/* What an output's gallery entry and viewer show of the job that made
 * it: its seeds and prompts, and the text a search looks through. */
typedef struct
{
  GPtrArray *seeds;     /* KumoWorkflowValue */
  GPtrArray *prompts;   /* KumoWorkflowValue */
  char      *search_text;
} KumoWorkflowSummary;

/* A difference between two sent workflows. */
typedef struct
{
  char  *node_id;
  char  *node_title;
  char  *input;        /* NULL: the node itself was added or removed */
  char  *before;       /* NULL when absent in the first */
  char  *after;        /* NULL when absent in the second */
  char **removed_words; /* for texts: words only in the first, else NULL */
  char **added_words;   /* for texts: words only in the second, else NULL */
} KumoWorkflowChange;

void                 kumo_workflow_value_free   (KumoWorkflowValue   *value);
void                 kumo_workflow_summary_free (KumoWorkflowSummary *summary);
void                 kumo_workflow_change_free  (KumoWorkflowChange  *change);

KumoWorkflowSummary *kumo_workflow_summarize    (const char          *data,
                                                 gsize                length);
GPtrArray           *kumo_workflow_diff         (GBytes              *before,
                                                 GBytes              *after,
                                                 GError             **error);
void                 kumo_workflow_diff_async   (GBytes              *before,
                                                 GBytes              *after,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray           *kumo_workflow_diff_finish  (GAsyncResult        *result,
                                                 GError             **error);
gboolean             kumo_search_text_matches   (const char          *search_text,
                                                 const char          *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoWorkflowSummary, kumo_workflow_summary_free)

G_END_DECLS
