/* kumo-emulator.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  KUMO_EMULATOR_LOCAL,
  KUMO_EMULATOR_CLOUD,
} KumoEmulatorFlavor;

/* Faults a test can ask for. */
typedef struct
{
  guint    refuse_count;       /* refuse this many requests … */
  guint    refuse_status;      /* … with this status (500, 503, 429) */
  guint    retry_after;        /* Retry-After for refused requests, 0 for none */
  gboolean drop_socket_mid_job;
  gboolean silent_socket;      /* keep sockets open, stop sending mid-job */
  gboolean instant;            /* finish jobs before answering POST /prompt */
  gboolean hostile_filenames;
  guint    cut_downloads;      /* hang up halfway through this many downloads */
  guint    stall_downloads;    /* then go silent halfway through this many */
  guint    misplaced_ranges;   /* answer this many Range requests with the file's start */
  gboolean no_jobs_api;        /* 404 for /api/jobs, as servers before Dec 2025 */
  gboolean oversized_messages; /* progress_state messages of about 1 MB */
  guint    queue_full;         /* refuse this many submits with 429 QUEUE_LIMIT */
  gboolean first_of_each_503;  /* the first request of each kind meets a 503 */
  guint    fail_downloads;     /* answer this many downloads with 503 */
  guint    lose_answers;       /* take this many submits, but break the connection before answering */
  gboolean no_api_access;      /* the key is right, but the plan has no API access */
  gboolean down;               /* answer everything, sockets too, with 503 */
  char    *fail_class;         /* nodes of this class fail while running */
} KumoEmulatorFaults;

#define KUMO_TYPE_EMULATOR (kumo_emulator_get_type ())

G_DECLARE_FINAL_TYPE (KumoEmulator, kumo_emulator, KUMO, EMULATOR, GObject)

KumoEmulator *kumo_emulator_new                (KumoEmulatorFlavor  flavor,
                                                const char         *api_key,
                                                GBytes             *object_info);
void          kumo_emulator_set_models         (KumoEmulator       *self,
                                                const char * const *models);
gboolean      kumo_emulator_listen             (KumoEmulator       *self,
                                                guint               port,
                                                GError            **error);
char         *kumo_emulator_dup_base_url       (KumoEmulator       *self);
guint         kumo_emulator_get_storage_port   (KumoEmulator       *self);
void          kumo_emulator_set_timing         (KumoEmulator       *self,
                                                guint               steps,
                                                guint               step_ms,
                                                guint               max_running);
void          kumo_emulator_add_file           (KumoEmulator       *self,
                                                const char         *type,
                                                const char         *subfolder,
                                                const char         *filename,
                                                GBytes             *bytes);
void          kumo_emulator_set_image_size     (KumoEmulator       *self,
                                                guint               size);
KumoEmulatorFaults *kumo_emulator_get_faults   (KumoEmulator       *self);
guint         kumo_emulator_get_key_leaks      (KumoEmulator       *self);
guint         kumo_emulator_get_n_partial      (KumoEmulator       *self);
void          kumo_emulator_drop_sockets       (KumoEmulator       *self);
void          kumo_emulator_set_stream_load    (KumoEmulator       *self,
                                                guint               preview_size,
                                                guint               state_nodes);
guint         kumo_emulator_get_n_websockets   (KumoEmulator       *self);
guint         kumo_emulator_get_n_jobs         (KumoEmulator       *self);
guint         kumo_emulator_get_n_uploads      (KumoEmulator       *self);
gboolean      kumo_emulator_has_input          (KumoEmulator       *self,
                                                const char         *name);

G_END_DECLS
