/* kumo-field.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-node-catalog.h"
#include "kumo-problem.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

typedef enum
{
  KUMO_FIELD_INTEGER,
  KUMO_FIELD_FLOAT,
  KUMO_FIELD_TEXT,
  KUMO_FIELD_MULTILINE_TEXT,
  KUMO_FIELD_BOOLEAN,
  KUMO_FIELD_CHOICE,
  KUMO_FIELD_IMAGE,
  KUMO_FIELD_VIDEO,
  KUMO_FIELD_AUDIO,
  KUMO_FIELD_LINK,
  KUMO_FIELD_OTHER,
} KumoFieldKind;

#define KUMO_FIELD_ERROR (kumo_field_error_quark ())

typedef enum
{
  KUMO_FIELD_ERROR_INVALID_VALUE,
} KumoFieldError;

#define KUMO_TYPE_FIELD (kumo_field_get_type ())

G_DECLARE_FINAL_TYPE (KumoField, kumo_field, KUMO, FIELD, GObject)

GQuark               kumo_field_error_quark        (void);
const char          *kumo_field_kind_to_string     (KumoFieldKind     kind);

GPtrArray           *kumo_field_list_for_node      (KumoWorkflow     *workflow,
                                                    KumoNode         *node,
                                                    KumoNodeCatalog  *catalog);
KumoField           *kumo_field_new                (KumoWorkflow     *workflow,
                                                    KumoNode         *node,
                                                    const char       *name,
                                                    KumoNodeCatalog  *catalog);
KumoField           *kumo_field_resolve            (KumoWorkflow     *workflow,
                                                    KumoNodeCatalog  *catalog,
                                                    const char       *node_input,
                                                    GError          **error);

KumoWorkflow        *kumo_field_get_workflow       (KumoField        *self);
KumoNode            *kumo_field_get_node           (KumoField        *self);
const char          *kumo_field_get_name           (KumoField        *self);
KumoFieldKind        kumo_field_get_kind           (KumoField        *self);
const char          *kumo_field_get_label          (KumoField        *self);
const char          *kumo_field_get_tooltip        (KumoField        *self);
gboolean             kumo_field_get_advanced       (KumoField        *self);
gboolean             kumo_field_get_hidden         (KumoField        *self);
gboolean             kumo_field_is_known           (KumoField        *self);
const KumoInputSpec *kumo_field_get_spec           (KumoField        *self);

KumoJson            *kumo_field_get_value          (KumoField        *self);
void                 kumo_field_set_value          (KumoField        *self,
                                                    KumoJson         *value);
char                *kumo_field_dup_value_text     (KumoField        *self);
gboolean             kumo_field_set_from_string    (KumoField        *self,
                                                    const char       *text,
                                                    GError          **error);
guint                kumo_field_get_digits         (KumoField        *self);
KumoProblem         *kumo_field_validate           (KumoField        *self);

char                *kumo_json_dup_value_text      (const KumoJson   *value);

G_END_DECLS
