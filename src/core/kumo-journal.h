/* kumo-journal.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-job-state.h"
#include "kumo-output.h"

G_BEGIN_DECLS

/* How far a job that has not ended got: what a restart must do with it. */
typedef enum
{
  KUMO_JOURNAL_NOT_SENT,    /* recorded, never sent: send it */
  KUMO_JOURNAL_SENDING,     /* its request may have reached the server: look first */
  KUMO_JOURNAL_ON_SERVER,   /* the server confirmed it: follow it */
  KUMO_JOURNAL_INCOMPLETE,  /* it ended there, but outputs are still to fetch */
  KUMO_JOURNAL_CANCELLING,  /* cancelled while its request may have been on its way:
                             * cancel it there if it is, never send it */
} KumoJournalStage;

/* An output of a job and where it goes on disk. */
typedef struct
{
  KumoOutputFile *output;
  char           *path;
  gboolean        saved;    /* FALSE: reserved, the download did not finish */
} KumoJournalFile;

/* A job the journal knows of and that has not ended. */
typedef struct
{
  char             *key;
  char             *server;
  char             *prompt_id;   /* NULL unless the server confirmed it */
  KumoJournalStage  stage;
  GBytes           *workflow;
  char             *output_folder;
  guint             n_nodes;
  gboolean          partner_nodes;
  gint64            created;     /* Unix time, seconds */
  gint64            started;     /* when it began to run, 0 if unknown */
  char             *title;       /* the workflow's name, if known */
  GPtrArray        *files;       /* KumoJournalFile */
} KumoJournalEntry;

/* A saved output, as a gallery lists it. */
typedef struct
{
  char           *path;
  char           *job_key;
  char           *server;
  char           *title;     /* the workflow's name, if known */
  char           *node_id;
  KumoOutputKind  kind;
  gint64          created;   /* when its job was made, Unix time */
  gint64          added;     /* when the file was saved, 0 if unknown */
} KumoJournalSavedFile;

/* Called with each job's workflow, as sent (the exact seeds). */
typedef void (*KumoJournalWorkflowFunc) (const char *key,
                                         const char *data,
                                         gsize       length,
                                         gpointer    user_data);

void kumo_journal_entry_free (KumoJournalEntry *entry);
void kumo_journal_saved_file_free (KumoJournalSavedFile *file);
void kumo_journal_file_free  (KumoJournalFile  *file);

#define KUMO_TYPE_JOURNAL (kumo_journal_get_type ())

G_DECLARE_FINAL_TYPE (KumoJournal, kumo_journal, KUMO, JOURNAL, GObject)

KumoJournal *kumo_journal_new               (const char            *path,
                                             GError               **error);
char        *kumo_journal_default_path      (void);
char        *kumo_journal_get_client_id     (KumoJournal           *self,
                                             const char            *server);
char        *kumo_journal_add_job           (KumoJournal           *self,
                                             const char            *server,
                                             GBytes                *workflow,
                                             const char            *output_folder,
                                             guint                  n_nodes,
                                             gboolean               partner_nodes,
                                             const char            *title);
void         kumo_journal_mark_sending_async (KumoJournal          *self,
                                             const char            *key,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean     kumo_journal_mark_sending_finish (GAsyncResult        *result,
                                             GError               **error);
void         kumo_journal_mark_not_sent     (KumoJournal           *self,
                                             const char            *key);
void         kumo_journal_mark_cancelling   (KumoJournal           *self,
                                             const char            *key);
void         kumo_journal_set_prompt_id     (KumoJournal           *self,
                                             const char            *key,
                                             const char            *prompt_id);
void         kumo_journal_mark_incomplete   (KumoJournal           *self,
                                             const char            *key,
                                             const char            *error);
void         kumo_journal_set_state         (KumoJournal           *self,
                                             const char            *key,
                                             KumoJobState           state,
                                             const char            *error);
void         kumo_journal_set_started       (KumoJournal           *self,
                                             const char            *key);
void         kumo_journal_estimate_async    (KumoJournal           *self,
                                             const char            *server,
                                             const char            *title,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gint64       kumo_journal_estimate_finish   (KumoJournal           *self,
                                             GAsyncResult          *result,
                                             GError               **error);
void         kumo_journal_reserve_file      (KumoJournal           *self,
                                             const char            *key,
                                             const KumoOutputFile  *output,
                                             const char            *local_path);
void         kumo_journal_add_file          (KumoJournal           *self,
                                             const char            *key,
                                             const KumoOutputFile  *output,
                                             const char            *local_path);
void         kumo_journal_flush             (KumoJournal           *self);

GPtrArray   *kumo_journal_list_unfinished   (KumoJournal           *self,
                                             const char            *server,
                                             gboolean               claim,
                                             GError               **error);
void         kumo_journal_list_unfinished_async  (KumoJournal      *self,
                                             const char            *server,
                                             gboolean               claim,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
GPtrArray   *kumo_journal_list_unfinished_finish (KumoJournal      *self,
                                             GAsyncResult          *result,
                                             GError               **error);

KumoJournalEntry *kumo_journal_find_file   (KumoJournal           *self,
                                             const char            *local_path,
                                             GError               **error);

GPtrArray   *kumo_journal_list_saved_files  (KumoJournal           *self,
                                             const char            *local_path,
                                             GError               **error);
gboolean     kumo_journal_foreach_workflow  (KumoJournal           *self,
                                             KumoJournalWorkflowFunc func,
                                             gpointer               user_data,
                                             GError               **error);
void         kumo_journal_add_upload        (KumoJournal           *self,
                                             const char            *server,
                                             const char            *name,
                                             const char            *local_path);
char        *kumo_journal_find_upload       (KumoJournal           *self,
                                             const char            *server,
                                             const char            *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoJournalSavedFile, kumo_journal_saved_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoJournalEntry, kumo_journal_entry_free)

G_END_DECLS
