/* kumo-json.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kumo-number.h"

G_BEGIN_DECLS

/*
 * KumoJson is a small JSON tree made for documents that people keep and
 * edit: workflows and node catalogs.
 *
 * json-glib silently wraps integers beyond 64 bits and re-formats floats
 * (docs/protocol.md §2.4), and it cannot write a document back the way it was
 * written. A parsed KumoJson keeps the text of every number token and the
 * byte span of every value in its source, so kumo_json_to_string() copies
 * whatever was not changed byte for byte and only writes what was edited.
 */

#define KUMO_JSON_ERROR (kumo_json_error_quark ())

typedef enum
{
  KUMO_JSON_ERROR_EMPTY,
  KUMO_JSON_ERROR_SYNTAX,
  KUMO_JSON_ERROR_ENCODING,
  KUMO_JSON_ERROR_TOO_DEEP,
  KUMO_JSON_ERROR_TOO_LARGE,
} KumoJsonError;

typedef enum
{
  KUMO_JSON_NULL,
  KUMO_JSON_BOOLEAN,
  KUMO_JSON_NUMBER,
  KUMO_JSON_STRING,
  KUMO_JSON_ARRAY,
  KUMO_JSON_OBJECT,
} KumoJsonType;

typedef struct _KumoJson KumoJson;

GQuark        kumo_json_error_quark         (void);

KumoJson     *kumo_json_parse               (GBytes          *bytes,
                                             GError         **error);
KumoJson     *kumo_json_parse_data          (const char      *data,
                                             gssize           length,
                                             GError         **error);
void          kumo_json_free                (KumoJson        *json);
KumoJson     *kumo_json_copy                (const KumoJson  *json);
gboolean      kumo_json_equal               (const KumoJson  *a,
                                             const KumoJson  *b);

KumoJson     *kumo_json_new_null            (void);
KumoJson     *kumo_json_new_boolean         (gboolean         value);
KumoJson     *kumo_json_new_string          (const char      *value);
KumoJson     *kumo_json_new_number_text     (const char      *text);
KumoJson     *kumo_json_new_int             (gint64           value);
KumoJson     *kumo_json_new_double          (double           value);
KumoJson     *kumo_json_new_number          (const KumoNumber *value);
KumoJson     *kumo_json_new_array           (void);
KumoJson     *kumo_json_new_object          (void);

KumoJsonType  kumo_json_get_type            (const KumoJson  *json);
const char   *kumo_json_type_name           (KumoJsonType     type);
KumoJson     *kumo_json_get_parent          (const KumoJson  *json);
gboolean      kumo_json_is_modified         (const KumoJson  *json);

gboolean      kumo_json_get_boolean         (const KumoJson  *json);
const char   *kumo_json_get_string          (const KumoJson  *json);
const char   *kumo_json_get_number_text     (const KumoJson  *json);
gboolean      kumo_json_get_number          (const KumoJson  *json,
                                             KumoNumber      *number);
double        kumo_json_get_double          (const KumoJson  *json);
gboolean      kumo_json_get_int64           (const KumoJson  *json,
                                             gint64          *value);

guint         kumo_json_array_get_length    (const KumoJson  *json);
KumoJson     *kumo_json_array_get           (const KumoJson  *json,
                                             guint            index);
void          kumo_json_array_append        (KumoJson        *json,
                                             KumoJson        *element);

guint         kumo_json_object_get_size     (const KumoJson  *json);
const char   *kumo_json_object_get_key      (const KumoJson  *json,
                                             guint            index);
KumoJson     *kumo_json_object_get_value    (const KumoJson  *json,
                                             guint            index);
KumoJson     *kumo_json_object_get          (const KumoJson  *json,
                                             const char      *key);
gboolean      kumo_json_object_has          (const KumoJson  *json,
                                             const char      *key);
void          kumo_json_object_set          (KumoJson        *json,
                                             const char      *key,
                                             KumoJson        *value);
gboolean      kumo_json_object_remove       (KumoJson        *json,
                                             const char      *key);

/* Typed look-ups that return a fallback when the member is absent or of
 * another type: catalogs and server answers are full of optional keys. */
const char   *kumo_json_object_get_string_or (const KumoJson *json,
                                              const char     *key,
                                              const char     *fallback);
gboolean      kumo_json_object_get_boolean_or (const KumoJson *json,
                                               const char     *key,
                                               gboolean        fallback);
KumoJson     *kumo_json_object_get_typed    (const KumoJson  *json,
                                             const char      *key,
                                             KumoJsonType     type);

char         *kumo_json_to_string           (const KumoJson  *json);
char         *kumo_json_to_string_pretty    (const KumoJson  *json);
GBytes       *kumo_json_to_bytes            (const KumoJson  *json);
void          kumo_json_append_escaped      (GString         *out,
                                             const char      *str);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoJson, kumo_json_free)

G_END_DECLS
