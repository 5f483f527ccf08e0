/* reg-store.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-figures.h"
#include "reg-order.h"
#include "reg-types.h"

G_BEGIN_DECLS

#define REG_STORE_ERROR (reg_store_error_quark ())

/**
 * RegStoreError:
 * @REG_STORE_ERROR_NOT_REGULARS: the file is not a Regulars database
 * @REG_STORE_ERROR_CORRUPT: the file is a damaged database
 * @REG_STORE_ERROR_TOO_NEW: written by a newer Regulars than this one
 * @REG_STORE_ERROR_BUSY: another program holds the file locked
 * @REG_STORE_ERROR_READ_ONLY: the file or its folder cannot be written
 * @REG_STORE_ERROR_DISK_FULL: no space left to write
 * @REG_STORE_ERROR_IO: the file cannot be read or created
 * @REG_STORE_ERROR_EMAIL_IN_USE: another customer has this e-mail address
 * @REG_STORE_ERROR_NOT_FOUND: no such record
 * @REG_STORE_ERROR_EXISTS: a record with the same number from the same place is already there
 * @REG_STORE_ERROR_FAILED: anything else
 */
typedef enum
{
  REG_STORE_ERROR_NOT_REGULARS,
  REG_STORE_ERROR_CORRUPT,
  REG_STORE_ERROR_TOO_NEW,
  REG_STORE_ERROR_BUSY,
  REG_STORE_ERROR_READ_ONLY,
  REG_STORE_ERROR_DISK_FULL,
  REG_STORE_ERROR_IO,
  REG_STORE_ERROR_EMAIL_IN_USE,
  REG_STORE_ERROR_NOT_FOUND,
  REG_STORE_ERROR_EXISTS,
  REG_STORE_ERROR_FAILED,
} RegStoreError;

/* "Regu" in ASCII: marks a SQLite file as ours (PRAGMA application_id). */
#define REG_STORE_APPLICATION_ID 0x52656775
/* The newest schema this build knows (PRAGMA user_version). */
#define REG_STORE_SCHEMA_VERSION 4

/* One entry of a customer's timeline, before its row is read. */
typedef struct
{
  gint64          id;     /* order or note id */
  gint64          time;   /* Unix seconds, UTC */
  RegTimelineKind kind;
} RegTimelineRef;

typedef struct
{
  gint64      id;
  gint64      contact_id;
  RegNoteKind kind;
  char       *body;
  gint64      noted_at;
  gint64      resolved_at;  /* complaints: 0 while open */
} RegNote;

void        reg_note_free                   (RegNote         *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegNote, reg_note_free)

#define REG_TYPE_STORE (reg_store_get_type ())

G_DECLARE_FINAL_TYPE (RegStore, reg_store, REG, STORE, GObject)

GQuark      reg_store_error_quark           (void);
char       *reg_store_dup_default_path      (void);
RegStore   *reg_store_open                  (const char      *path,
                                             GError         **error);
const char *reg_store_get_path              (RegStore        *self);

/* Reads: safe from any thread, never wait for a writer. */
gint64      reg_store_count_contacts        (RegStore        *self,
                                             GError         **error);
RegContact *reg_store_get_contact           (RegStore        *self,
                                             gint64           id,
                                             GError         **error);
GPtrArray  *reg_store_get_contacts          (RegStore        *self,
                                             const gint64    *ids,
                                             guint            n_ids,
                                             GError         **error);
GArray     *reg_store_query_contact_ids     (RegStore        *self,
                                             const char      *search,
                                             RegContactSort   sort,
                                             gboolean         descending,
                                             guint            limit,
                                             GCancellable    *cancellable,
                                             GError         **error);
gboolean    reg_store_load_tags             (RegStore        *self,
                                             GPtrArray       *contacts,
                                             GError         **error);
char      **reg_store_list_tags             (RegStore        *self,
                                             GError         **error);
GPtrArray  *reg_store_get_orders            (RegStore        *self,
                                             const gint64    *ids,
                                             guint            n_ids,
                                             GError         **error);
GPtrArray  *reg_store_get_notes             (RegStore        *self,
                                             const gint64    *ids,
                                             guint            n_ids,
                                             GError         **error);
GArray     *reg_store_query_timeline        (RegStore        *self,
                                             gint64           contact_id,
                                             GCancellable    *cancellable,
                                             GError         **error);
gboolean    reg_store_get_contact_figures   (RegStore        *self,
                                             gint64           contact_id,
                                             gint64           now,
                                             RegFigures      *out,
                                             GError         **error);
gint64      reg_store_count_orders          (RegStore        *self,
                                             GError         **error);

/* Writes: block until done; from the UI use the _async variants. */
gboolean    reg_store_save_contact          (RegStore        *self,
                                             RegContact      *contact,
                                             GError         **error);
gboolean    reg_store_insert_contacts       (RegStore        *self,
                                             GPtrArray       *contacts,
                                             GError         **error);
gboolean    reg_store_trash_contact         (RegStore        *self,
                                             gint64           id,
                                             GError         **error);
gboolean    reg_store_untrash_contact       (RegStore        *self,
                                             gint64           id,
                                             GError         **error);
gboolean    reg_store_purge_contact         (RegStore        *self,
                                             gint64           id,
                                             GError         **error);
gboolean    reg_store_purge_trash           (RegStore        *self,
                                             gint64           older_than_seconds,
                                             GError         **error);
gboolean    reg_store_load_sample_shop      (RegStore        *self,
                                             GError         **error);
gboolean    reg_store_save_order            (RegStore        *self,
                                             RegOrder        *order,
                                             GError         **error);
gboolean    reg_store_delete_order          (RegStore        *self,
                                             gint64           id,
                                             GError         **error);
gint64      reg_store_add_note              (RegStore        *self,
                                             gint64           contact_id,
                                             RegNoteKind      kind,
                                             const char      *body,
                                             gint64           noted_at,
                                             GError         **error);
gboolean    reg_store_set_note_resolved     (RegStore        *self,
                                             gint64           note_id,
                                             gboolean         resolved,
                                             GError         **error);
gboolean    reg_store_delete_note           (RegStore        *self,
                                             gint64           note_id,
                                             GError         **error);

/* Writes queued in order on the store's single writer thread. */
void        reg_store_save_contact_async    (RegStore            *self,
                                             RegContact          *contact,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_save_contact_finish   (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_trash_contact_async   (RegStore            *self,
                                             gint64               id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_trash_contact_finish  (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_untrash_contact_async (RegStore            *self,
                                             gint64               id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_untrash_contact_finish (RegStore           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_purge_contact_async   (RegStore            *self,
                                             gint64               id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_purge_contact_finish  (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_load_sample_shop_async (RegStore           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_load_sample_shop_finish (RegStore          *self,
                                             GAsyncResult        *result,
                                             GError             **error);

void        reg_store_save_order_async      (RegStore            *self,
                                             RegOrder            *order,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_save_order_finish     (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_delete_order_async    (RegStore            *self,
                                             gint64               id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_delete_order_finish   (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_add_note_async        (RegStore            *self,
                                             gint64               contact_id,
                                             RegNoteKind          kind,
                                             const char          *body,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_add_note_finish       (RegStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        reg_store_set_note_resolved_async (RegStore          *self,
                                             gint64               note_id,
                                             gboolean             resolved,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    reg_store_set_note_resolved_finish (RegStore         *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
