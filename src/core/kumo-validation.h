/* kumo-validation.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-node-catalog.h"
#include "kumo-problem.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

KumoProblem *kumo_validate_input     (KumoWorkflow    *workflow,
                                      KumoNode        *node,
                                      const char      *name,
                                      KumoNodeCatalog *catalog);
GPtrArray   *kumo_workflow_validate  (KumoWorkflow    *workflow,
                                      KumoNodeCatalog *catalog);

G_END_DECLS
