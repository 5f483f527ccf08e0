/* reg-import.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-csv.h"
#include "reg-store.h"

G_BEGIN_DECLS

#define REG_IMPORT_ERROR (reg_import_error_quark ())

typedef enum
{
  REG_IMPORT_ERROR_NO_EMAIL_COLUMN,  /* nothing to match customers by */
  REG_IMPORT_ERROR_NO_COLUMNS,       /* no column is imported */
  REG_IMPORT_ERROR_MISSING_COLUMN,   /* orders need a number and a date */
  REG_IMPORT_ERROR_CANCELLED,
  REG_IMPORT_ERROR_BAD_LINE,         /* a list's file must be used whole: a line it cannot use */
  REG_IMPORT_ERROR_WRONG_FILE,       /* e.g. Mailchimp's unsubscribed file given as the subscribed one */
} RegImportError;

typedef enum
{
  REG_IMPORT_AUTO,      /* decided by the file's columns */
  REG_IMPORT_CONTACTS,
  REG_IMPORT_ORDERS,
} RegImportKind;

typedef enum
{
  REG_IMPORT_FORMAT_GENERIC,
  REG_IMPORT_FORMAT_SHOPIFY_CUSTOMERS,
  REG_IMPORT_FORMAT_SHOPIFY_ORDERS,
  REG_IMPORT_FORMAT_WOOCOMMERCE_CUSTOMERS,
  REG_IMPORT_FORMAT_MAILCHIMP,
  REG_IMPORT_FORMAT_REGULARS,
} RegImportFormat;

/* What a column is imported as. */
typedef enum
{
  REG_IMPORT_IGNORE,
  REG_IMPORT_EMAIL,
  REG_IMPORT_GIVEN_NAME,
  REG_IMPORT_FAMILY_NAME,
  REG_IMPORT_FULL_NAME,
  REG_IMPORT_PHONE,
  REG_IMPORT_COMPANY,
  REG_IMPORT_STREET,
  REG_IMPORT_STREET2,
  REG_IMPORT_POSTCODE,
  REG_IMPORT_CITY,
  REG_IMPORT_COUNTRY,
  REG_IMPORT_BIRTHDAY,
  REG_IMPORT_CUSTOMER_TYPE,
  REG_IMPORT_NOTE,
  REG_IMPORT_TAGS,
  REG_IMPORT_CONSENT,
  REG_IMPORT_CONSENT_AT,
  REG_IMPORT_UNSUBSCRIBED_AT,
  REG_IMPORT_CREATED_AT,
  REG_IMPORT_ORDER_NUMBER,
  REG_IMPORT_ORDER_DATE,
  REG_IMPORT_ORDER_STATUS,
  REG_IMPORT_CURRENCY,
  REG_IMPORT_ORDER_TOTAL,
  REG_IMPORT_DISCOUNT,
  REG_IMPORT_SHIPPING,
  REG_IMPORT_REFUNDED,
  REG_IMPORT_REFUNDED_AT,
  REG_IMPORT_ITEM_NAME,
  REG_IMPORT_ITEM_SKU,
  REG_IMPORT_ITEM_QUANTITY,
  REG_IMPORT_ITEM_PRICE,
  REG_IMPORT_N_TARGETS
} RegImportTarget;

typedef struct
{
  guint     line;      /* where the row starts in the file, 1-based */
  char     *reason;    /* for the owner: what is wrong and what happened */
  char    **fields;    /* the row as read, to save and fix */
  gboolean  rejected;  /* FALSE: imported, with a remark */
} RegImportProblem;

typedef struct
{
  guint      added;            /* customers */
  guint      updated;
  guint      unchanged;
  guint      skipped;          /* empty rows */
  guint      merged;           /* rows with an address seen earlier in the file */
  guint      rejected;
  guint      orders_added;
  guint      orders_updated;
  guint      values_kept;      /* file values not written over what was there */
  guint      hand_typed_kept;  /* … of which the owner had typed by hand */
  GPtrArray *problems;         /* RegImportProblem: rows rejected, with reasons */
  guint      problems_not_listed;  /* beyond the first thousands: counted only */
  char     **header;
  gboolean   windows_1252;
  gboolean   dry_run;
} RegImportResult;

typedef void (*RegImportProgress) (goffset  done,
                                   goffset  total,
                                   gpointer user_data);

typedef struct _RegImport RegImport;

/* For core: called after each line of a customers file, inside the
 * import's transaction, with the store's writer connection held.
 * @contact_id: the line's customer, 0 for none; @problem: why the line
 * was not imported, or %NULL. Returning %FALSE stops the import and
 * undoes all of it. */
typedef gboolean (*RegImportLineFunc) (gint64              contact_id,
                                       guint               line,
                                       const char * const *fields,
                                       const char         *problem,
                                       gpointer            user_data,
                                       GError            **error);

GQuark            reg_import_error_quark        (void);

RegImport        *reg_import_new                (RegStore          *store,
                                                 RegImportKind      kind,
                                                 const char        *path,
                                                 GError           **error);
void              reg_import_free               (RegImport         *self);
RegImportKind     reg_import_get_kind           (RegImport         *self);
RegImportFormat   reg_import_get_format         (RegImport         *self);
void              reg_import_set_format         (RegImport         *self,
                                                 RegImportFormat    format);
guint             reg_import_get_n_columns      (RegImport         *self);
const char       *reg_import_get_column_name    (RegImport         *self,
                                                 guint              column);
RegImportTarget   reg_import_get_target         (RegImport         *self,
                                                 guint              column);
void              reg_import_set_target         (RegImport         *self,
                                                 guint              column,
                                                 RegImportTarget    target);
GPtrArray        *reg_import_get_preview        (RegImport         *self);
gboolean          reg_import_is_windows_1252    (RegImport         *self);
void              reg_import_set_overwrite      (RegImport         *self,
                                                 gboolean           overwrite);
void              reg_import_set_default_currency (RegImport       *self,
                                                 const char        *currency);
void              reg_import_set_line_func      (RegImport         *self,
                                                 RegImportLineFunc  func,
                                                 gpointer           user_data);
gboolean          reg_import_check              (RegImport         *self,
                                                 GError           **error);
RegImportResult  *reg_import_run                (RegImport         *self,
                                                 gboolean           dry_run,
                                                 GCancellable      *cancellable,
                                                 RegImportProgress  progress,
                                                 gpointer           user_data,
                                                 GError           **error);

void              reg_import_result_free        (RegImportResult   *result);
char             *reg_import_result_dup_summary (RegImportResult   *result);
gboolean          reg_import_result_save_problems (RegImportResult *result,
                                                 GFile             *file,
                                                 GError           **error);

const char       *reg_import_format_label       (RegImportFormat    format);
const char       *reg_import_format_id          (RegImportFormat    format);
gboolean          reg_import_format_from_id     (const char        *id,
                                                 RegImportFormat   *format);
const char       *reg_import_target_label       (RegImportTarget    target);
gboolean          reg_import_target_applies     (RegImportTarget    target,
                                                 RegImportKind      kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegImport, reg_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegImportResult, reg_import_result_free)

G_END_DECLS
