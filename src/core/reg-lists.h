/* reg-lists.h: newsletter lists and the consent record of their members
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-import.h"
#include "reg-store.h"

G_BEGIN_DECLS

/* A list, with how many of its members (customers not in the trash) have
 * each status. */
typedef struct
{
  gint64  id;
  char   *name;
  gint64  created_at;
  guint   n_subscribed;
  guint   n_pending;
  guint   n_unsubscribed;
  guint   n_cleaned;
} RegListInfo;

/* One membership: the owner's record of consent for one customer on one
 * list. */
typedef struct
{
  gint64           list_id;
  gint64           contact_id;
  RegMemberStatus  status;
  gint64           changed_at;  /* Unix seconds, UTC: the last change of status */
  RegMemberChange  changed_by;
  char            *reason;      /* (nullable) why, for a manual resubscribe */
  char            *list_name;   /* (nullable) set by reg_store_get_contact_lists() only */
} RegListMember;

/* What adding customers (or importing a file) did, customer by customer. */
typedef struct
{
  guint added;      /* joined the list */
  guint updated;    /* members whose status changed */
  guint unchanged;  /* had that status already (a subscriber asked to be pending stays subscribed) */
  guint no_email;   /* customers without an e-mail address cannot join */
  guint opted_out;  /* unsubscribed or cleaned: kept so, only a manual resubscribe changes that */
} RegListAddResult;

void           reg_list_info_free              (RegListInfo       *info);
void           reg_list_member_clear           (RegListMember     *member);

const char    *reg_member_status_id            (RegMemberStatus    status);
gboolean       reg_member_status_from_id       (const char        *id,
                                                RegMemberStatus   *status);
const char    *reg_member_change_id            (RegMemberChange    change);
char          *reg_list_add_result_dup_summary (const RegListAddResult *result);

gint64         reg_store_add_list              (RegStore          *self,
                                                const char        *name,
                                                GError           **error);
gboolean       reg_store_rename_list           (RegStore          *self,
                                                gint64             list_id,
                                                const char        *name,
                                                GError           **error);
gboolean       reg_store_remove_list           (RegStore          *self,
                                                gint64             list_id,
                                                GError           **error);
GPtrArray     *reg_store_get_lists             (RegStore          *self,
                                                GError           **error);
RegListInfo   *reg_store_get_list              (RegStore          *self,
                                                gint64             list_id,
                                                GError           **error);
RegListInfo   *reg_store_find_list             (RegStore          *self,
                                                const char        *name,
                                                GError           **error);

gboolean       reg_store_list_add_members      (RegStore          *self,
                                                gint64             list_id,
                                                const gint64      *contact_ids,
                                                guint              n_contacts,
                                                RegMemberStatus    status,
                                                RegMemberChange    changed_by,
                                                RegListAddResult  *result,
                                                GError           **error);
gboolean       reg_store_list_resubscribe      (RegStore          *self,
                                                gint64             list_id,
                                                gint64             contact_id,
                                                const char        *reason,
                                                GError           **error);
gboolean       reg_store_list_set_status       (RegStore          *self,
                                                gint64             list_id,
                                                const gint64      *contact_ids,
                                                guint              n_contacts,
                                                RegMemberStatus    status,
                                                RegMemberChange    changed_by,
                                                guint             *n_changed,
                                                GError           **error);
gboolean       reg_store_list_remove_members   (RegStore          *self,
                                                gint64             list_id,
                                                const gint64      *contact_ids,
                                                guint              n_contacts,
                                                guint             *n_removed,
                                                guint             *n_kept,
                                                GError           **error);
GArray        *reg_store_list_query_members    (RegStore          *self,
                                                gint64             list_id,
                                                int                status,
                                                RegContactSort     sort,
                                                gboolean           descending,
                                                GCancellable      *cancellable,
                                                GError           **error);
GArray        *reg_store_get_contact_lists     (RegStore          *self,
                                                gint64             contact_id,
                                                GError           **error);

RegImportResult *reg_store_list_import_mailchimp (RegStore        *self,
                                                gint64             list_id,
                                                const char        *path,
                                                RegMemberStatus    file_status,
                                                GCancellable      *cancellable,
                                                RegImportProgress  progress,
                                                gpointer           user_data,
                                                RegListAddResult  *result,
                                                GError           **error);
gboolean       reg_store_list_export_subscribed (RegStore         *self,
                                                gint64             list_id,
                                                const char        *path,
                                                gboolean           bom,
                                                guint             *n_written,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegListInfo, reg_list_info_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RegListMember, reg_list_member_clear)

G_END_DECLS
