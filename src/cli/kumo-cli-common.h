/* kumo-cli-common.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field.h"
#include "kumo-node-catalog.h"
#include "kumo-problem.h"
#include "kumo-session.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

/* Exit codes, documented in `kumo-cli --help` and the README. */
typedef enum
{
  KUMO_CLI_EXIT_OK = 0,
  KUMO_CLI_EXIT_USAGE = 1,
  KUMO_CLI_EXIT_BAD_INPUT = 2,
  KUMO_CLI_EXIT_VALIDATION = 3,
  KUMO_CLI_EXIT_AUTH = 4,
  KUMO_CLI_EXIT_EXECUTION = 5,
  KUMO_CLI_EXIT_NETWORK = 6,
  KUMO_CLI_EXIT_CANCELLED = 7,
} KumoCliExit;

typedef int (*KumoCliCommand) (int argc, char **argv);

int               kumo_cli_inspect         (int            argc,
                                            char         **argv);
int               kumo_cli_set             (int            argc,
                                            char         **argv);
int               kumo_cli_convert         (int            argc,
                                            char         **argv);
int               kumo_cli_validate        (int            argc,
                                            char         **argv);
int               kumo_cli_run             (int            argc,
                                            char         **argv);
int               kumo_cli_recall          (int            argc,
                                            char         **argv);
int               kumo_cli_resume          (int            argc,
                                            char         **argv);
int               kumo_cli_login           (int            argc,
                                            char         **argv);
int               kumo_cli_logout          (int            argc,
                                            char         **argv);

void              kumo_cli_error           (const char    *format,
                                            ...) G_GNUC_PRINTF (1, 2);
int               kumo_cli_usage_error     (GOptionContext *context,
                                            const char    *format,
                                            ...) G_GNUC_PRINTF (2, 3);
KumoWorkflow     *kumo_cli_load_workflow   (const char    *path,
                                            KumoNodeCatalog *catalog,
                                            int           *status);
gboolean          kumo_cli_needs_catalog   (const char    *path);
int               kumo_cli_write_workflow  (KumoWorkflow  *workflow,
                                            const char    *output);
KumoNodeCatalog  *kumo_cli_session_catalog (KumoSession   *session,
                                            int           *status);
gboolean          kumo_cli_load_catalog    (const char    *path,
                                            KumoNodeCatalog **catalog);
const char       *kumo_cli_node_title      (KumoNode      *node,
                                            KumoNodeCatalog *catalog);
void              kumo_cli_print_problem   (const KumoProblem *problem);

G_END_DECLS
